//! Pure statistical formulas: summaries, two-group tests and effect sizes, keyness and
//! proportions, multiple-testing correction. No I/O, no global state, no panics.
//!
//! Invariants: every function returns either finite numbers or `Err(Degenerate(reason))`, never
//! NaN or an infinity, and gives the same bits for the same input. Inputs are finite floats
//! (rates read from reports); callers drop undefined values before calling. Distribution
//! functions come from `statrs`; reference values from SciPy pin them in `stats/tests.rs`
//! (regenerate with `scripts/reference-stats.py`). The codebook (`reports/README.md`,
//! "Formulas") states each formula for readers of the reports.

use std::fmt;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

mod bootstrap;
mod cluster;
mod counts;
mod permutation;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

pub use bootstrap::bootstrap_mean_diff_ci;
pub use cluster::{
    ArticleCounts, ArticleTotals, ByArticle, Clustered, ONE_ARTICLE, PartSums, SHARE_AT_BOUND,
    design_effect, wilson_clustered,
};
pub use counts::{
    chi_square_1_sf, log_likelihood, log_ratio, two_proportion_test, wilson, wilson_effective,
};
pub use permutation::permutation_p;

/// Why a statistic is undefined for the data given; written into reports as the reason for an
/// empty cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Degenerate(pub &'static str);

impl fmt::Display for Degenerate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Degenerate {}

pub const EMPTY: Degenerate = Degenerate("a group has no values");
pub const TOO_FEW: Degenerate = Degenerate("fewer than 2 articles in a group");
pub const NO_VARIANCE: Degenerate = Degenerate("no variance in either group");
pub const ALL_TIED: Degenerate = Degenerate("all values are tied");
pub const ALL_EQUAL: Degenerate = Degenerate("every value is the same: no interval");
pub const NO_WORDS: Degenerate = Degenerate("a group has no words");
pub const BOTH_ZERO: Degenerate = Degenerate("a count of 0 in both");
/// The log ratio's 0.5 stand-in for a count of 0 would reverse its sign (short: most rows
/// of a `terms.csv` can carry it).
pub const ZERO_OUTWEIGHS: Degenerate = Degenerate("0.5 for a count of 0 would reverse the ratio");
pub const NO_TRIALS: Degenerate = Degenerate("a total of 0: nothing to count");
pub const COUNT_TOO_LARGE: Degenerate = Degenerate("a count larger than its total");
pub const NONE_USE: Degenerate = Degenerate("no article uses it in either group");
pub const ALL_USE: Degenerate = Degenerate("every article uses it in both groups");
/// A dispersion over articles needs more articles than groups.
pub const NO_DISPERSION: Degenerate = Degenerate("no more articles than groups: no dispersion");
pub const NO_REPLICATES: Degenerate = Degenerate("no bootstrap replicates");
pub const NO_PERMUTATIONS: Degenerate = Degenerate("no permutations");
pub const OVERFLOW: Degenerate = Degenerate("a value too large or too small to compute");

/// Relative tolerance under which two tables count as equally likely in Fisher's test.
pub const FISHER_TOLERANCE: f64 = 1e-7;

/// Descriptive statistics of one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub se: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    pub median: Option<f64>,
}

/// Summarise a sample (sorted in place, for the median).
///
/// mean = Σx / n; sd = √(Σ(x − mean)² / (n − 1)); se = sd / √n; ci95 = [`hall_interval`];
/// median = the middle sorted value, or the mean of the middle two. n = 0: everything
/// `None`; n = 1: mean and median only; all values equal: no interval (sd and se are 0).
pub fn summarize(values: &mut [f64]) -> Summary {
    // Values equal under `total_cmp` have the same bits, so an unstable sort leaves exactly
    // the order a stable one would (and the sums below see the same sequence).
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    let mut s = Summary {
        n,
        mean: None,
        sd: None,
        se: None,
        ci95: None,
        median: None,
    };
    let Some(m) = moments(values) else {
        return s;
    };
    s.mean = Some(m.mean);
    s.median = Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    });
    if n >= 2 {
        let sd = m.var.sqrt();
        s.sd = Some(sd);
        s.se = Some(sd / (n as f64).sqrt());
        s.ci95 = hall_interval(values, &m).ok();
    }
    s
}

/// The 95% interval of a mean by Hall's (1992) transformation of the t statistic, which takes
/// out the skewness of the sample: per-article rates are mostly 0 with a long right tail, and
/// there the plain t interval `mean ± t·se` falls short of its 95%
/// (`scripts/group-interval-coverage.py`; the codebook, *Summary of one sample*).
///
/// With se = sd / √n, γ = (Σ(x − mean)³ / n) / sd³, a = γ / (3√n), b = γ / (6√n) and q =
/// t(0.975; n − 1), the studentised mean T = (mean − μ) / se is read through Hall's
/// g(T) = T + aT² + a²T³/3 + b, which is increasing; g(T) = ±q gives T = g⁻¹(±q), with
/// g⁻¹(u) = ((1 + 3a(u − b))^⅓ − 1) / a, and the interval is [mean − se·g⁻¹(q), mean −
/// se·g⁻¹(−q)]. Without skewness (γ = 0) it is the t interval. `Err` for fewer than two
/// values or no variance (every value equal: an interval of no width would claim a
/// certainty the sample cannot give).
pub fn hall_interval(values: &[f64], m: &Moments) -> Result<(f64, f64), Degenerate> {
    if m.n < 2 {
        return Err(TOO_FEW);
    }
    if m.var <= 0.0 {
        return Err(ALL_EQUAL);
    }
    let n = m.n as f64;
    let sd = m.var.sqrt();
    let se = sd / n.sqrt();
    let m3 = values
        .iter()
        .map(|&v| {
            let d = v - m.mean;
            d * d * d
        })
        .sum::<f64>()
        / n;
    let gamma = m3 / (sd * sd * sd);
    let a = gamma / (3.0 * n.sqrt());
    let b = gamma / (6.0 * n.sqrt());
    let q = t_quantile_975(n - 1.0)?;
    // g⁻¹(u) written as 3(u − b) / (c² + c + 1) with c = (1 + 3a(u − b))^⅓, the same value
    // without the cancellation of `c − 1` when a is small, and exactly u − b when a = 0.
    let inverse = |u: f64| {
        let c = (1.0 + 3.0 * a * (u - b)).cbrt();
        3.0 * (u - b) / (c * c + c + 1.0)
    };
    let low = finite(m.mean - se * inverse(q))?;
    let high = finite(m.mean - se * inverse(-q))?;
    Ok((low, high))
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
///
/// Below 1,000 degrees of freedom statrs inverts the distribution function by iteration, which
/// costs microseconds, and `groups.csv` asks for it on every row with the few distinct sample
/// sizes its cells have: each thread keeps the values it has computed (the same bits as
/// computing them again). From 1,000 on, the Cornish–Fisher expansion (`t_975_large`)
/// serves instead: statrs's inverse drifts there (by 3·10⁻⁶ at 10⁵, 7% at 10⁷) and does not
/// return at all from about 10⁸, and groups of a large corpus have that many articles.
pub fn t_quantile_975(df: f64) -> Result<f64, Degenerate> {
    if df >= 1000.0 {
        return finite(t_975_large(df));
    }
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<u64, f64>> =
            std::cell::RefCell::default();
    }
    if let Some(t) = KNOWN.with(|k| k.borrow().get(&df.to_bits()).copied()) {
        return Ok(t);
    }
    let t = StudentsT::new(0.0, 1.0, df).map_err(|_| TOO_FEW)?;
    let t = finite(t.inverse_cdf(0.975))?;
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        // Bounded: a run with more distinct sizes than this recomputes the rest.
        if k.len() < 100_000 {
            k.insert(df.to_bits(), t);
        }
    });
    Ok(t)
}

/// The 0.975 quantile of Student's t for many degrees of freedom: the Cornish–Fisher expansion
/// of the t quantile around the normal one, z + g₁(z)/ν + g₂(z)/ν² + g₃(z)/ν³ + g₄(z)/ν⁴
/// (Abramowitz & Stegun 1964, 26.7.5). From ν = 1,000 on its terms fall by more than 300
/// times each and it agrees with scipy's `t.ppf` to within 10⁻¹⁵.
fn t_975_large(df: f64) -> f64 {
    let z = z_975();
    let z2 = z * z;
    // Each gᵢ as a polynomial in z² times z, by Horner's rule.
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
}

/// The 0.975 quantile of the standard normal distribution (≈ 1.959964).
pub fn z_975() -> f64 {
    // The parameters are valid constants, so this never falls back.
    Normal::new(0.0, 1.0).map_or(1.959_963_984_540_054, |n| n.inverse_cdf(0.975))
}

/// Welch's t test (Welch 1947), two-sided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    pub t: f64,
    pub df: f64,
    pub p: f64,
}

/// Welch's unequal-variance t test of mean(a) = mean(b).
///
/// t = (mean_a − mean_b) / √(s²_a/n_a + s²_b/n_b) with sample variances s² (n − 1);
/// df = (s²_a/n_a + s²_b/n_b)² / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1))
/// (Welch–Satterthwaite); p = 2 · P(T_df ≥ |t|). Needs 2 values per group and some variance.
pub fn welch_t(a: &[f64], b: &[f64]) -> Result<TTest, Degenerate> {
    welch_t_of(moments(a), moments(b))
}

/// [`welch_t`] from the two samples' [`moments`], for a caller that needs them for more than
/// one test (the same bits as from the samples).
pub fn welch_t_of(a: Option<Moments>, b: Option<Moments>) -> Result<TTest, Degenerate> {
    let (ma, mb) = both(a, b, 2)?;
    let (va, vb) = (ma.var / ma.n as f64, mb.var / mb.n as f64);
    let se2 = va + vb;
    if se2 == 0.0 {
        return Err(NO_VARIANCE);
    }
    let t = finite((ma.mean - mb.mean) / se2.sqrt())?;
    let df = finite(se2 * se2 / (va * va / (ma.n - 1) as f64 + vb * vb / (mb.n - 1) as f64))?;
    let dist = StudentsT::new(0.0, 1.0, df).map_err(|_| OVERFLOW)?;
    let p = finite((2.0 * dist.sf(t.abs())).min(1.0))?;
    Ok(TTest { t, df, p })
}

/// The Mann–Whitney U test (Mann & Whitney 1947), normal approximation, two-sided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannWhitney {
    /// U of sample `a`: the number of (a, b) pairs with a > b, ties counting ½.
    pub u: f64,
    /// The continuity-corrected standard score, signed like U − n_a·n_b/2.
    pub z: f64,
    pub p: f64,
}

/// Mann–Whitney U test of sample `a` against `b`.
///
/// Rank all n = n_a + n_b values together, tied values taking the mean of their ranks
/// (midranks); U = R_a − n_a(n_a + 1)/2 with R_a the rank sum of `a`; μ = n_a·n_b/2;
/// σ² = n_a·n_b/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))) over tie groups of size t;
/// z = sign(U − μ) · max(|U − μ| − ½, 0) / σ; p = min(1, 2 · P(Z ≥ (|U − μ| − ½)/σ)).
/// Matches `scipy.stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True)`.
pub fn mann_whitney(a: &[f64], b: &[f64]) -> Result<MannWhitney, Degenerate> {
    if a.is_empty() || b.is_empty() {
        return Err(EMPTY);
    }
    Ranked::new(a.iter().chain(b).copied().collect()).mann_whitney_of_part(a)
}

/// [`mann_whitney`] of two samples each already sorted by `total_cmp`, in one merge pass
/// (time n_a + n_b instead of a sort): the same runs of ties, twice their midranks summed as
/// integers, so the same bits.
pub fn mann_whitney_sorted(a: &[f64], b: &[f64]) -> Result<MannWhitney, Degenerate> {
    if a.is_empty() || b.is_empty() {
        return Err(EMPTY);
    }
    let (mut i, mut j, mut twice_a, mut ties) = (0usize, 0usize, 0u128, 0u128);
    loop {
        // A run is every value equal (`==`) to the smaller head: equal values are next to
        // each other in both samples, −0 and 0 included.
        let v = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => {
                if x.total_cmp(&y).is_le() {
                    x
                } else {
                    y
                }
            }
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        let start = (i + j) as u128;
        let (from_a, from_b) = (i, j);
        while a.get(i).is_some_and(|&x| x == v) {
            i += 1;
        }
        while b.get(j).is_some_and(|&y| y == v) {
            j += 1;
        }
        let in_a = (i - from_a) as u128;
        let t = in_a + (j - from_b) as u128;
        // Ranks start + 1 ..= start + t: twice their mean is 2·start + t + 1.
        twice_a += in_a * (2 * start + t + 1);
        ties += t * t * t - t;
    }
    mann_whitney_from(twice_a as f64 / 2.0, a.len(), b.len(), ties)
}

/// The end of [`mann_whitney`], from `a`'s rank sum and the tie term Σ(t³ − t).
fn mann_whitney_from(
    rank_sum_a: f64,
    len_a: usize,
    len_b: usize,
    ties: u128,
) -> Result<MannWhitney, Degenerate> {
    let (na, nb) = (len_a as f64, len_b as f64);
    let n = (len_a + len_b) as u128;
    // (n + 1) − T/(n(n − 1)) = ((n³ − n) − T) / (n(n − 1)): zero exactly when all are tied.
    let spread = n * n * n - n - ties;
    if spread == 0 {
        return Err(ALL_TIED);
    }
    let u = rank_sum_a - na * (na + 1.0) / 2.0;
    let mu = na * nb / 2.0;
    let nf = n as f64;
    let sigma = (na * nb * spread as f64 / (12.0 * nf * (nf - 1.0))).sqrt();
    let dev = (u - mu).abs() - 0.5;
    let z = finite((u - mu).signum() * dev.max(0.0) / sigma)?;
    let p = finite((2.0 * std_normal_sf(dev / sigma)).min(1.0))?;
    Ok(MannWhitney { u, z, p })
}

/// One sample ranked once, for tests of many of its parts against the rest of it: the rows of
/// `comparisons.csv --pairs rest`, where the two samples of every row of a metric together are
/// always that metric's whole column.
#[derive(Debug, Clone, Default)]
pub struct Ranked {
    /// The values, sorted by `total_cmp`.
    sorted: Vec<f64>,
    /// Per run of equal values (`==`, so −0 and 0 are one run), in order: its first value and
    /// twice its midrank (an integer, so that rank sums are exact).
    runs: Vec<(f64, u64)>,
    /// Σ(t³ − t) over the runs of t tied values.
    ties: u128,
}

impl Ranked {
    /// Rank `values` (none of them NaN) together, tied values taking the mean of their ranks.
    pub fn new(mut sorted: Vec<f64>) -> Self {
        sorted.sort_by(f64::total_cmp);
        let (mut runs, mut ties) = (Vec::new(), 0u128);
        let mut i = 0;
        while i < sorted.len() {
            let mut j = i + 1;
            while j < sorted.len() && sorted[j] == sorted[i] {
                j += 1;
            }
            runs.push((sorted[i], (i + 1 + j) as u64));
            let t = (j - i) as u128;
            ties += t * t * t - t;
            i = j;
        }
        Ranked { sorted, runs, ties }
    }

    /// Twice the midrank of a value of the sample.
    fn twice_midrank(&self, x: f64) -> u64 {
        let run = self.runs.partition_point(|&(v, _)| v < x);
        self.runs.get(run).map_or(0, |&(_, twice)| twice)
    }

    /// [`mann_whitney`] of `a` against the rest of this sample, in time n_a·log n once the
    /// sample is ranked. `a` must be part of the sample (as a multiset). Twice the midranks are
    /// integers, so the rank sum is exact whatever the order of `a`.
    pub fn mann_whitney_of_part(&self, a: &[f64]) -> Result<MannWhitney, Degenerate> {
        let rest = self.sorted.len().saturating_sub(a.len());
        if a.is_empty() || rest == 0 {
            return Err(EMPTY);
        }
        let twice: u128 = a.iter().map(|&x| u128::from(self.twice_midrank(x))).sum();
        mann_whitney_from(twice as f64 / 2.0, a.len(), rest, self.ties)
    }

    /// [`cliffs_delta`] of `a` against the rest of this sample, with the same bits: the pairs
    /// of `a` with the rest are the pairs of `a` with the whole sample less those within `a`.
    pub fn cliffs_delta_of_part(&self, a: &[f64]) -> Result<f64, Degenerate> {
        let rest = self.sorted.len().saturating_sub(a.len());
        if a.is_empty() || rest == 0 {
            return Err(EMPTY);
        }
        let mut own = a.to_vec();
        own.sort_by(f64::total_cmp);
        let (mut greater, mut less) = (0u64, 0u64);
        for &x in a {
            let (all_below, all_above) = below_and_above(&self.sorted, x);
            let (own_below, own_above) = below_and_above(&own, x);
            greater += all_below - own_below;
            less += all_above - own_above;
        }
        let pairs = a.len() as f64 * rest as f64;
        finite((greater as f64 - less as f64) / pairs)
    }
}

/// Cohen's d (Cohen 1988): (mean_a − mean_b) / s_pooled, with
/// s²_pooled = ((n_a − 1)s²_a + (n_b − 1)s²_b) / (n_a + n_b − 2). Needs 2 values per group.
pub fn cohens_d(a: &[f64], b: &[f64]) -> Result<f64, Degenerate> {
    cohens_d_of(moments(a), moments(b))
}

/// [`cohens_d`] from the two samples' [`moments`].
pub fn cohens_d_of(a: Option<Moments>, b: Option<Moments>) -> Result<f64, Degenerate> {
    let (ma, mb) = both(a, b, 2)?;
    let (wa, wb) = ((ma.n - 1) as f64, (mb.n - 1) as f64);
    let pooled = (wa * ma.var + wb * mb.var) / (wa + wb);
    if pooled == 0.0 {
        return Err(NO_VARIANCE);
    }
    // A variance past f64's range would make any difference look like d = 0.
    finite((ma.mean - mb.mean) / finite(pooled)?.sqrt())
}

/// Cliff's delta (Cliff 1993): (#(a > b) − #(a < b)) / (n_a·n_b) over all pairs, in
/// O((n_a + n_b) log n_b): `b` is sorted once and each value of `a` binary-searched.
pub fn cliffs_delta(a: &[f64], b: &[f64]) -> Result<f64, Degenerate> {
    if a.is_empty() || b.is_empty() {
        return Err(EMPTY);
    }
    let mut sorted = b.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (mut greater, mut less) = (0u64, 0u64);
    for &x in a {
        let (below, above) = below_and_above(&sorted, x);
        greater += below;
        less += above;
    }
    let pairs = a.len() as f64 * b.len() as f64;
    finite((greater as f64 - less as f64) / pairs)
}

/// [`cliffs_delta`] of two samples each already sorted by `total_cmp`, in one merge pass: as
/// `a`'s values rise, the counts of `b` below and not above them only grow, so two cursors
/// find them. The same counts, so the same bits.
pub fn cliffs_delta_sorted(a: &[f64], b: &[f64]) -> Result<f64, Degenerate> {
    if a.is_empty() || b.is_empty() {
        return Err(EMPTY);
    }
    let (mut below, mut not_above) = (0usize, 0usize);
    let (mut greater, mut less) = (0u64, 0u64);
    for &x in a {
        while b.get(below).is_some_and(|&y| y < x) {
            below += 1;
        }
        not_above = not_above.max(below);
        while b.get(not_above).is_some_and(|&y| y <= x) {
            not_above += 1;
        }
        greater += below as u64;
        less += (b.len() - not_above) as u64;
    }
    let pairs = a.len() as f64 * b.len() as f64;
    finite((greater as f64 - less as f64) / pairs)
}

/// How many values of `sorted` (by `total_cmp`) are below `x`, and how many above it.
fn below_and_above(sorted: &[f64], x: f64) -> (u64, u64) {
    let below = sorted.partition_point(|&y| y < x);
    let not_above = sorted.partition_point(|&y| y <= x);
    (below as u64, (sorted.len() - not_above) as u64)
}

/// Benjamini–Hochberg (1995) q values for the p values given, in their order.
///
/// With m the number of p values present, sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
/// q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j) (step-up, so q never decreases with p).
/// `None` (or a non-finite p) stays `None` and is not counted in m.
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut q: Vec<f64> = p.iter().map(|v| v.unwrap_or(f64::NAN)).collect();
    benjamini_hochberg_in_place(&mut q);
    q.into_iter().map(|v| (!v.is_nan()).then_some(v)).collect()
}

/// [`benjamini_hochberg`] for a long table: turns each p value into its q value in place, with
/// NaN standing for `None` (a non-finite p becomes NaN). Needs 16 bytes per p value besides.
pub fn benjamini_hochberg_in_place(p: &mut [f64]) {
    // Sorted by p, equal p values in table order. The p value rides in the key (its bits,
    // mapped so that integer order is `total_cmp`'s order), so the sort moves pairs in place
    // rather than looking each p value up. A radix sort, stable, and linear in the table: the
    // three columns of `terms.csv` (442,520 rows for a 100 MB corpus) took 70 ms of a core
    // with a comparison sort (`docs/performance.md`).
    let mut present: Vec<(u64, usize)> = p
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| (total_order_key(v), i))
        .collect();
    radsort::sort_by_key(&mut present, |&(key, _)| key);
    let m = present.len() as f64;
    for v in p.iter_mut().filter(|v| !v.is_finite()) {
        *v = f64::NAN;
    }
    let mut running = 1.0f64;
    for (rank, &(_, i)) in present.iter().enumerate().rev() {
        running = running.min(p[i] * m / (rank + 1) as f64);
        p[i] = running;
    }
}

/// An integer whose order is the order of [`f64::total_cmp`]: negative values have their
/// magnitude bits flipped, and the sign bit is flipped so that they come first.
fn total_order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// n, mean and sample variance of one sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    pub n: usize,
    pub mean: f64,
    /// Σ(x − mean)² / (n − 1); exactly 0 when all values are equal; 0 when n = 1.
    pub var: f64,
}

/// Two-pass moments; `None` for an empty sample. When all values are equal the mean is that
/// value and the variance exactly 0, so rounding never invents variance.
pub fn moments(x: &[f64]) -> Option<Moments> {
    let first = *x.first()?;
    let n = x.len();
    if x.iter().all(|&v| v == first) {
        return Some(Moments {
            n,
            mean: first,
            var: 0.0,
        });
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    let ss: f64 = x.iter().map(|&v| (v - mean) * (v - mean)).sum();
    let var = if n > 1 { ss / (n - 1) as f64 } else { 0.0 };
    Some(Moments { n, mean, var })
}

/// Moments of both groups, each needing at least `min` values.
fn both(
    a: Option<Moments>,
    b: Option<Moments>,
    min: usize,
) -> Result<(Moments, Moments), Degenerate> {
    let (ma, mb) = (a.ok_or(EMPTY)?, b.ok_or(EMPTY)?);
    sizes(ma.n, mb.n, min)?;
    Ok((ma, mb))
}

/// Whether two groups of `a` and `b` values have at least `min` values each: the reason
/// when not (an empty group first).
fn sizes(a: usize, b: usize, min: usize) -> Result<(), Degenerate> {
    if a == 0 || b == 0 {
        Err(EMPTY)
    } else if a < min || b < min {
        Err(TOO_FEW)
    } else {
        Ok(())
    }
}

/// P(Z ≥ x) for a standard normal Z.
fn std_normal_sf(x: f64) -> f64 {
    Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.sf(x))
}

fn finite(x: f64) -> Result<f64, Degenerate> {
    if x.is_finite() { Ok(x) } else { Err(OVERFLOW) }
}
