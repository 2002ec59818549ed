//! Temporary stand-in with the agreed signatures; replaced by the stats branch.
#![allow(dead_code, unused_variables)]

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub se: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    pub median: Option<f64>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Degenerate(pub &'static str);
pub fn summarize(values: &mut [f64]) -> Summary {
    let n = values.len();
    let mean = (n > 0).then(|| values.iter().sum::<f64>() / n as f64);
    Summary {
        n,
        mean,
        ..Summary::default()
    }
}
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> Result<(f64, f64), Degenerate> {
    Err(Degenerate("stub"))
}
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> Result<f64, Degenerate> {
    Err(Degenerate("stub"))
}
pub fn wilson(k: u64, n: u64) -> Result<(f64, f64), Degenerate> {
    Err(Degenerate("stub"))
}
pub fn two_proportion_test(k1: u64, n1: u64, k2: u64, n2: u64) -> Result<f64, Degenerate> {
    Err(Degenerate("stub"))
}
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    p.to_vec()
}
