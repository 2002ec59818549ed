//! Reference tests for the tests on counts: G² and the log ratio, Wilson's interval, Fisher's
//! exact test and Benjamini–Hochberg, against SciPy or a hand computation in Python (see
//! `stats/tests.rs` for how the literals were made, by `scripts/reference-stats.py`).

use super::*;
use crate::aggregate::stats::benjamini_hochberg;
use crate::aggregate::stats::tests::{APPROX, EXACT, close};

/// `(a, b, c, d, G², p, log ratio)`; G² and log ratio by hand in Python
/// (`2 * sum(o * math.log(o / e) for o, e in ((a, e1), (b, e2)) if o > 0)`, checked against
/// `scipy.stats.power_divergence([a, b], [e1, e2], lambda_="log-likelihood")`;
/// `math.log2(((a or 0.5) / c) / ((b or 0.5) / d))`), p = `scipy.stats.chi2.sf(g2, 1)`.
#[rustfmt::skip]
const KEYNESS: &[(u64, u64, u64, u64, f64, f64, f64)] = &[
    (10, 5, 1000, 2000, 6.931471805599453, 0.00846919650753501, 2.0),
    (0, 7, 1500, 3000, 5.676511513514301, 0.017193520258141987, -2.807354922057604),
    (12, 0, 800, 900, 18.090523257033126, 2.106472369689479e-05, 4.754887502163468),
    (3, 3, 1000, 1000, 0.0, 1.0, 0.0),
    (1, 250, 400, 120000, 0.031199062802792166, 0.8597970135591535, 0.2630344058337938),
    (150, 20, 50000, 60000, 137.63105082604108, 8.775639177417803e-32, 3.169925001442312),
];

#[test]
fn keyness_matches_hand_computation_and_scipy() {
    for &(a, b, c, d, g2, p, lr) in KEYNESS {
        let what = format!("{a} {b} {c} {d}");
        let (got_g2, got_p) = log_likelihood(a, b, c, d).unwrap();
        if g2 == 0.0 {
            assert!(got_g2.abs() < 1e-12, "{what}: {got_g2}");
        } else {
            close(got_g2, g2, EXACT, &what);
        }
        close(got_p, p, APPROX, &what);
        let got_lr = log_ratio(a, b, c, d).unwrap();
        if lr == 0.0 {
            assert!(got_lr.abs() < 1e-12, "{what}: {got_lr}");
        } else {
            close(got_lr, lr, EXACT, &what);
        }
    }
}

#[test]
fn keyness_degenerate_cases() {
    assert_eq!(log_likelihood(0, 0, 10, 10), Err(BOTH_ZERO));
    assert_eq!(log_likelihood(1, 0, 0, 10), Err(NO_WORDS));
    assert_eq!(log_ratio(0, 0, 10, 10), Err(BOTH_ZERO));
    assert_eq!(log_ratio(1, 2, 10, 0), Err(NO_WORDS));
    // A group of 100 words that never used an entry the rest uses once in 10,000 words:
    // 0.5 / 100 is fifty times the rest's rate, which would read as "used more".
    assert_eq!(log_ratio(0, 1, 100, 10_000), Err(ZERO_OUTWEIGHS));
    assert_eq!(log_ratio(1, 0, 10_000, 100), Err(ZERO_OUTWEIGHS));
    // Equal rates would say "no difference" of an entry used on one side only.
    assert_eq!(log_ratio(0, 1, 50, 100), Err(ZERO_OUTWEIGHS));
    // Where the stand-in keeps the direction, the ratio stands: log2((0.5/1000)/(4/1000)).
    assert_eq!(log_ratio(0, 4, 1000, 1000), Ok(-3.0));
    assert_eq!(log_ratio(4, 0, 1000, 1000), Ok(3.0));
}

/// `(k, n, low, high)` from
/// `scipy.stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")`.
#[rustfmt::skip]
const WILSON: &[(u64, u64, f64, f64)] = &[
    (0, 10, 0.0, 0.27753279986288926),
    (10, 10, 0.7224672001371109, 1.0),
    (3, 17, 0.061911266376209945, 0.4102945856883412),
    (1, 1, 0.20654931437723745, 1.0),
    (50, 100, 0.4038315303659956, 0.5961684696340044),
    (7, 1234, 0.0027504921793470045, 0.011662871255492131),
];

#[test]
fn wilson_matches_scipy() {
    for &(k, n, low, high) in WILSON {
        let (l, h) = wilson(k, n).unwrap();
        let what = format!("{k}/{n}");
        if low == 0.0 {
            assert_eq!(l, 0.0, "{what}");
        } else {
            close(l, low, APPROX, &what);
        }
        close(h, high, APPROX, &what);
    }
    assert_eq!(wilson(0, 0), Err(NO_TRIALS));
    assert_eq!(wilson(3, 2), Err(COUNT_TOO_LARGE));
}

/// `(k1, n1, k2, n2, p)` from
/// `scipy.stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided").pvalue`.
#[rustfmt::skip]
const FISHER: &[(u64, u64, u64, u64, f64)] = &[
    (3, 10, 1, 12, 0.29323308270676685),
    (0, 5, 5, 5, 0.007936507936507938),
    (7, 20, 7, 20, 1.0),
    (1, 1, 0, 1, 1.0),
    (12, 40, 2, 35, 0.0079920139806683),
    (40, 100, 25, 120, 0.0028497848595204433),
    (0, 3, 1, 200, 1.0),
];

#[test]
fn fisher_matches_scipy() {
    for &(k1, n1, k2, n2, p) in FISHER {
        let got = two_proportion_test(k1, n1, k2, n2).unwrap();
        close(got, p, EXACT, &format!("{k1}/{n1} vs {k2}/{n2}"));
    }
    assert_eq!(two_proportion_test(0, 5, 0, 7), Err(NONE_USE));
    assert_eq!(two_proportion_test(5, 5, 7, 7), Err(ALL_USE));
    assert_eq!(two_proportion_test(1, 0, 0, 7), Err(EMPTY));
    assert_eq!(two_proportion_test(6, 5, 0, 7), Err(COUNT_TOO_LARGE));
}

/// The tables hold statrs's own values, bit for bit, on both sides of each edge.
#[test]
fn log_factorials_from_the_tables_are_statrs_values() {
    let edges = [
        0,
        1,
        170,
        171,
        65_535,
        65_536,
        65_537,
        1 << 19,
        (1 << 20) - 1,
        1 << 20,
    ];
    let mut ns: Vec<u64> = edges.to_vec();
    ns.extend([(1 << 20) + 1, 158_710, 793_497, 10_000_000]);
    ns.extend((0..200u64).map(|i| i * 5_237 + 11));
    for n in ns {
        assert_eq!(
            ln_factorial(n).to_bits(),
            statrs::function::factorial::ln_factorial(n).to_bits(),
            "{n}"
        );
    }
}

/// Fisher's test summed over every possible table, as it was before the tails were cut.
fn fisher_every_table(k1: u64, n1: u64, k2: u64, n2: u64) -> f64 {
    let (n, k) = (n1 + n2, k1 + k2);
    let ln_choose = |n: u64, r: u64| ln_factorial(n) - ln_factorial(r) - ln_factorial(n - r);
    let total = ln_choose(n, n1);
    let ln_p = |x: u64| ln_choose(k, x) + ln_choose(n - k, n1 - x) - total;
    let limit = ln_p(k1) + FISHER_TOLERANCE;
    let p: f64 = (k.saturating_sub(n2)..=k.min(n1))
        .map(ln_p)
        .filter(|&l| l <= limit)
        .map(f64::exp)
        .sum();
    p.min(1.0)
}

/// The tails cut below e⁻⁸⁰⁰ and the upper tail cut once it cannot change the sum.
#[test]
fn cutting_the_negligible_tails_changes_no_bit() {
    let mut cases = vec![(5000, 50_000, 4000, 50_000), (1, 90_000, 0, 30_000)];
    for &(n1, n2) in &[(10, 12), (300, 900), (4000, 70_000), (60_000, 61_000)] {
        for share in [1, 7, 50, 93, 100] {
            let k1 = n1 * share / 100;
            for other in [0, 3, 50, 99] {
                cases.push((k1, n1, n2 * other / 100, n2));
            }
        }
    }
    // And tables of every shape, from a fixed pseudo-random sequence.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut draw = |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    for _ in 0..300 {
        let (n1, n2) = (1 + draw(20_000), 1 + draw(20_000));
        let (k1, k2) = (draw(n1 + 1), draw(n2 + 1));
        cases.push((k1, n1, k2, n2));
    }
    for (k1, n1, k2, n2) in cases {
        let (Ok(got), want) = (
            two_proportion_test(k1, n1, k2, n2),
            fisher_every_table(k1, n1, k2, n2),
        ) else {
            continue;
        };
        assert_eq!(
            got.to_bits(),
            want.to_bits(),
            "{k1}/{n1} vs {k2}/{n2}: {got} {want}"
        );
    }
}

#[test]
fn benjamini_hochberg_matches_scipy() {
    // scipy.stats.false_discovery_control([p for p in P if p is not None], method="bh"),
    // put back in place of the p values present.
    const P: [Option<f64>; 9] = [
        Some(0.01),
        Some(0.04),
        None,
        Some(0.03),
        Some(0.2),
        Some(0.04),
        None,
        Some(0.9),
        Some(0.0001),
    ];
    #[rustfmt::skip]
    const Q: [Option<f64>; 9] = [
        Some(0.035), Some(0.055999999999999994), None, Some(0.055999999999999994), Some(0.23333333333333336), Some(0.055999999999999994), None, Some(0.9), Some(0.0007)
    ];
    let got = benjamini_hochberg(&P);
    for (g, w) in got.iter().zip(Q) {
        match (g, w) {
            (Some(g), Some(w)) => close(*g, w, EXACT, "q"),
            (None, None) => {}
            _ => panic!("{got:?} vs {Q:?}"),
        }
    }
    assert_eq!(benjamini_hochberg(&[None, Some(f64::NAN)]), [None, None]);
    assert_eq!(benjamini_hochberg(&[Some(0.5)]), [Some(0.5)]);
}
