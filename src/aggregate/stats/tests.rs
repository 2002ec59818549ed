//! Reference tests for `stats`: every expected value comes from SciPy (or, for formulas, from a
//! hand computation in plain Python checked against SciPy), printed as literals by
//! `scripts/reference-stats.py` (SciPy 1.17.1, NumPy 2.4.6). Re-run the script to regenerate.
//!
//! The Python behind each field, for samples `a`, `b` (NumPy arrays):
//! - `welch`: `w = scipy.stats.ttest_ind(a, b, equal_var=False)` -> `(w.statistic, w.df, w.pvalue)`
//! - `mw`: `m = scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
//!   use_continuity=True)` -> `(m.statistic, m.pvalue)`
//! - `cohens_d`: `(a.mean() - b.mean()) / math.sqrt(((na-1)*a.var(ddof=1) + (nb-1)*b.var(ddof=1))
//!   / (na+nb-2))`
//! - `cliffs_delta`: `(sum(x > y for x in a for y in b) - sum(x < y for x in a for y in b)) /
//!   (na*nb)` (the O(n²) definition)
//! - `boot`: an independent Python copy of xoshiro256** and the resampling loop, then
//!   `numpy.quantile(diffs, [0.025, 0.975], method="linear")` (reps 2000, seed 1)
//! - `summary_*`: `(n, a.mean(), a.std(ddof=1), scipy.stats.sem(a),
//!   scipy.stats.t.interval(0.95, n-1, loc=a.mean(), scale=sem), numpy.median(a))`
//!
//! `None` marks a value SciPy cannot give (NaN or a warning) and slant refuses as degenerate.

use super::bootstrap::{Resample, Values, quantile_sorted};
use super::*;
use crate::aggregate::rng::Xoshiro256;

/// |got − want| ≤ rel·max(|got|, |want|), or both within 1e-300 of 0.
#[track_caller]
pub(super) fn close(got: f64, want: f64, rel: f64, what: &str) {
    let scale = got.abs().max(want.abs());
    assert!(
        (got - want).abs() <= rel * scale || scale < 1e-300,
        "{what}: got {got:e}, want {want:e} (rel {:e})",
        (got - want).abs() / scale
    );
}

/// Exact formulas (no special functions): 1e-9 relative.
pub(super) const EXACT: f64 = 1e-9;
/// Values that go through a distribution function or its inverse: 1e-6 relative.
pub(super) const APPROX: f64 = 1e-6;

type Sum = (
    usize,
    f64,
    Option<f64>,
    Option<f64>,
    Option<(f64, f64)>,
    f64,
);

struct Case {
    name: &'static str,
    a: &'static [f64],
    b: &'static [f64],
    welch: Option<(f64, f64, f64)>,
    mw: Option<(f64, f64)>,
    cohens_d: Option<f64>,
    cliffs_delta: Option<f64>,
    boot: Option<(f64, f64)>,
    summary_a: Sum,
    summary_b: Sum,
}

// Literals are pasted exactly as SciPy printed them, even where one equals √2 or 1/√2.
#[allow(clippy::approx_constant)]
#[rustfmt::skip]
const CASES: &[Case] = &[
    Case {
        name: "ties",
        a: &[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0],
        b: &[2.0, 3.0, 3.0, 4.0, 5.0, 5.0],
        welch: Some((-1.775545711744263, 9.629009003586662, 0.10735548183922343)),
        mw: Some((10.5, 0.13820766697402573)),
        cohens_d: Some(-1.0056323828311609),
        cliffs_delta: Some(-0.5),
        boot: Some((-2.2380952380952386, 0.023809523809523725)),
        summary_a: (7, 2.5714285714285716, Some(0.9759000729485333), Some(0.36885555678165877), Some((1.6127436758313085, 3.426999418298154)), 3.0),
        summary_b: (6, 3.6666666666666665, Some(1.2110601416389968), Some(0.4944132324730443), Some((2.37528652161626, 4.918130287331642)), 3.5),
    },
    Case {
        name: "unequal_sizes",
        a: &[0.5, 1.7, 2.2, 3.9, 4.1, 6.3, 7.0, 8.8, 9.4, 10.0],
        b: &[2.1, 2.9, 3.3, 5.0],
        welch: Some((1.669906865634408, 11.998099316323538, 0.12079860503048118)),
        mw: Some((27.0, 0.35797067264432825)),
        cohens_d: Some(0.6868831873692218),
        cliffs_delta: Some(0.35),
        boot: Some((-0.1701249999999995, 4.369999999999999)),
        summary_a: (10, 5.39, Some(3.3988396712865274), Some(1.0748074763003423), Some((2.9617581530823007, 7.824537611515943)), 5.199999999999999),
        summary_b: (4, 3.325, Some(1.2230426539304888), Some(0.6115213269652444), Some((1.6908316646370434, 5.931632937780735)), 3.0999999999999996),
    },
    Case {
        name: "zero_variance_in_a",
        a: &[4.0, 4.0, 4.0, 4.0],
        b: &[1.5, 2.5, 3.0, 6.0, 2.0],
        welch: Some((1.2649110640673518, 4.0, 0.2745766290948479)),
        mw: Some((16.0, 0.15939040677403393)),
        cohens_d: Some(0.7483314773547883),
        cliffs_delta: Some(0.6),
        boot: Some((-0.5999999999999996, 2.1)),
        summary_a: (4, 4.0, Some(0.0), Some(0.0), None, 4.0),
        summary_b: (5, 3.0, Some(1.7677669529663689), Some(0.7905694150420948), Some((1.32242556540428, 11.610438063967129)), 2.5),
    },
    Case {
        name: "n1",
        a: &[5.0],
        b: &[1.0, 2.0, 3.0, 4.0],
        welch: None,
        mw: Some((4.0, 0.2888443663464849)),
        cohens_d: None,
        cliffs_delta: Some(1.0),
        boot: None,
        summary_a: (1, 5.0, None, None, None, 5.0),
        summary_b: (4, 2.5, Some(1.2909944487358056), Some(0.6454972243679028), Some((0.4457397432394794, 4.554260256760521)), 2.5),
    },
    Case {
        name: "n2",
        a: &[1.0, 3.0],
        b: &[2.0, 8.0],
        welch: Some((-0.9486832980505138, 1.2195121951219512, 0.4927211124054061)),
        mw: Some((1.0, 0.6985353583033387)),
        cohens_d: Some(-0.9486832980505138),
        cliffs_delta: Some(-0.5),
        boot: Some((-7.0, 1.0)),
        summary_a: (2, 2.0, Some(1.4142135623730951), Some(1.0), Some((-10.706204736174694, 14.706204736174694)), 2.0),
        summary_b: (2, 5.0, Some(4.242640687119285), Some(2.9999999999999996), Some((-33.11861420852408, 43.11861420852408)), 5.0),
    },
    Case {
        name: "identical",
        a: &[1.0, 2.0, 3.0, 4.0, 5.0],
        b: &[1.0, 2.0, 3.0, 4.0, 5.0],
        welch: Some((0.0, 8.0, 1.0)),
        mw: Some((12.5, 1.0)),
        cohens_d: Some(0.0),
        cliffs_delta: Some(0.0),
        boot: Some((-1.7999999999999998, 1.7999999999999998)),
        summary_a: (5, 3.0, Some(1.5811388300841898), Some(0.7071067811865476), Some((1.0367568385224428, 4.963243161477557)), 3.0),
        summary_b: (5, 3.0, Some(1.5811388300841898), Some(0.7071067811865476), Some((1.0367568385224428, 4.963243161477557)), 3.0),
    },
    Case {
        name: "rates_with_zeros",
        a: &[0.0, 0.0, 3.2258064516129035, 5.847953216374269, 0.0, 12.5],
        b: &[0.0, 0.0, 0.0, 2.73972602739726, 0.0, 0.0, 1.8],
        welch: Some((1.4220089075190818, 5.452965024886247, 0.20961416259078153)),
        mw: Some((28.5, 0.2542132236039645)),
        cohens_d: Some(0.853716446366397),
        cliffs_delta: Some(0.35714285714285715),
        boot: Some((-0.3680407381688866, 6.833269436910388)),
        summary_a: (6, 3.595626611331195, Some(4.9655452815474606), Some(2.0271753724126524), Some((-0.538555707727181, 12.311588174090748)), 1.6129032258064517),
        summary_b: (7, 0.6485322896281801, Some(1.1403171920102892), Some(0.43099938654153075), Some((-0.18590717928211287, 2.429720662991352)), 0.0),
    },
    Case {
        name: "all_tied",
        a: &[0.0, 0.0, 0.0],
        b: &[0.0, 0.0],
        welch: None,
        mw: None,
        cohens_d: None,
        cliffs_delta: Some(0.0),
        boot: Some((0.0, 0.0)),
        summary_a: (3, 0.0, Some(0.0), Some(0.0), None, 0.0),
        summary_b: (2, 0.0, Some(0.0), Some(0.0), None, 0.0),
    },
    Case {
        name: "sparse_rates",
        a: &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 0.0, 4.25, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 7.75],
        b: &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 3.5, 0.0, 0.0, 1.25, 0.0, 0.0, 0.0, 0.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.5],
        welch: Some((0.7614829122373912, 43.37185280388563, 0.45048952300989675)),
        mw: Some((791.0, 0.43944658096975875)),
        cohens_d: Some(0.19575657546895464),
        cliffs_delta: Some(0.05466666666666667),
        boot: Some((-0.31833333333333336, 0.9686249999999985)),
        summary_a: (30, 0.5166666666666667, Some(1.6227548592850782), Some(0.296273147243853), Some((0.08354747629962461, 2.9529771949499937)), 0.0),
        summary_b: (50, 0.265, Some(1.0356034423445677), Some(0.14645644334039512), Some((0.052357385390499805, 1.4713443853880048)), 0.0),
    },
];

#[test]
fn welch_matches_scipy() {
    for c in CASES {
        match (welch_t(c.a, c.b), c.welch) {
            (Ok(got), Some((t, df, p))) => {
                close(got.t, t, EXACT, c.name);
                close(got.df, df, EXACT, c.name);
                close(got.p, p, APPROX, c.name);
            }
            (Err(_), None) => {}
            (got, want) => panic!("{}: got {got:?}, want {want:?}", c.name),
        }
    }
}

#[test]
fn mann_whitney_matches_scipy() {
    for c in CASES {
        match (mann_whitney(c.a, c.b), c.mw) {
            (Ok(got), Some((u, p))) => {
                close(got.u, u, EXACT, c.name);
                close(got.p, p, APPROX, c.name);
            }
            (Err(_), None) => {}
            (got, want) => panic!("{}: got {got:?}, want {want:?}", c.name),
        }
    }
}

#[test]
fn effect_sizes_match_python() {
    for c in CASES {
        match (cohens_d(c.a, c.b), c.cohens_d) {
            (Ok(got), Some(want)) => close(got, want, EXACT, c.name),
            (Err(_), None) => {}
            (got, want) => panic!("{} d: got {got:?}, want {want:?}", c.name),
        }
        match (cliffs_delta(c.a, c.b), c.cliffs_delta) {
            (Ok(got), Some(want)) => close(got, want, EXACT, c.name),
            (got, want) => panic!("{} delta: got {got:?}, want {want:?}", c.name),
        }
    }
}

#[test]
fn bootstrap_matches_the_python_copy() {
    for c in CASES {
        match (bootstrap_mean_diff_ci(c.a, c.b, 2000, 1), c.boot) {
            (Ok(got), Some(want)) => {
                close(got.0, want.0, EXACT, c.name);
                close(got.1, want.1, EXACT, c.name);
            }
            (Err(_), None) => {}
            (got, want) => panic!("{} boot: got {got:?}, want {want:?}", c.name),
        }
    }
}

/// `perm_p` of each case with at most 10,000 permutations and seed 1, from the Python copy of
/// the algorithm in `scripts/reference-stats.py` (section "permutation p values"): the same
/// random numbers, so the same p value to the bit.
const PERMUTATION: [(&str, Option<f64>); 9] = [
    ("ties", Some(0.11389521640091116)),
    ("unequal_sizes", Some(0.14947683109118087)),
    ("zero_variance_in_a", Some(0.22988505747126436)),
    ("n1", None),
    ("n2", Some(0.6779661016949152)),
    ("identical", Some(1.0)),
    ("rates_with_zeros", Some(0.1958863858961802)),
    ("all_tied", None),
    ("sparse_rates", Some(0.4618937644341801)),
];

#[test]
fn permutation_p_matches_the_python_copy() {
    for (name, want) in PERMUTATION {
        let c = CASES.iter().find(|c| c.name == name).unwrap();
        let got = welch_t(c.a, c.b)
            .ok()
            .map(|t| permutation_p(c.a, c.b, t.t, 10_000, 1).unwrap());
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn summaries_match_scipy() {
    for c in CASES {
        for (xs, want) in [(c.a, c.summary_a), (c.b, c.summary_b)] {
            let got = summarize(&mut xs.to_vec());
            let (n, mean, sd, se, ci, median) = want;
            assert_eq!(got.n, n, "{}", c.name);
            close(got.mean.unwrap(), mean, EXACT, c.name);
            close(got.median.unwrap(), median, EXACT, c.name);
            assert_eq!(got.sd.is_some(), sd.is_some(), "{}", c.name);
            if let (Some(g), Some(w)) = (got.sd, sd) {
                close(g, w, EXACT, c.name);
            }
            if let (Some(g), Some(w)) = (got.se, se) {
                close(g, w, EXACT, c.name);
            }
            assert_eq!(got.ci95.is_some(), ci.is_some(), "{}", c.name);
            if let (Some(g), Some(w)) = (got.ci95, ci) {
                close(g.0, w.0, APPROX, c.name);
                close(g.1, w.1, APPROX, c.name);
            }
        }
    }
}

#[test]
fn empty_summary_is_all_none() {
    let s = summarize(&mut []);
    assert_eq!(
        (s.n, s.mean, s.median, s.sd, s.ci95),
        (0, None, None, None, None)
    );
}

#[test]
fn quantiles_match_scipy() {
    // scipy.stats.norm.ppf(0.975)
    close(z_975(), 1.959963984540054, EXACT, "z");
    // (df, scipy.stats.t.ppf(0.975, df))
    #[rustfmt::skip]
    const T: &[(f64, f64)] = &[
        (1.0, 12.706204736174694),
        (2.0, 4.302652729749462),
        (3.0, 3.1824463052837078),
        (5.0, 2.5705818356363146),
        (10.0, 2.228138851986274),
        (30.0, 2.0422724563012378),
        (100.0, 1.9839715185235518),
        (1000.0, 1.9623390808264083),
    ];
    for &(df, t) in T {
        close(t_quantile_975(df).unwrap(), t, APPROX, &format!("df {df}"));
    }
    // Groups of a large corpus: statrs's own inverse drifts from about 10⁵ and never returns
    // from about 10⁸; the expansion that serves from 1,000 on agrees with scipy to 1e-15.
    #[rustfmt::skip]
    const LARGE: &[(f64, f64)] = &[
        (1000.0, 1.9623390808264083),
        (1e4, 1.960201239890626),
        (1e5, 1.9599877075346095),
        (1e6, 1.959966356814107),
        (1e7, 1.959964221767205),
        (1e9, 1.959963986912325),
        (1e12, 1.9599639845424262),
    ];
    for &(df, t) in LARGE {
        close(t_quantile_975(df).unwrap(), t, 1e-15, &format!("df {df}"));
    }
    // Just below the switch, statrs agrees with the expansion.
    close(
        t_quantile_975(999.0).unwrap(),
        t_975_large(999.0),
        1e-12,
        "df 999",
    );
}

#[test]
fn degenerate_inputs_give_reasons_not_nan() {
    let one = [1.0];
    let flat = [2.0, 2.0, 2.0];
    let empty: [f64; 0] = [];
    assert_eq!(welch_t(&one, &flat), Err(TOO_FEW));
    assert_eq!(welch_t(&flat, &flat), Err(NO_VARIANCE));
    assert_eq!(welch_t(&empty, &flat), Err(EMPTY));
    assert_eq!(cohens_d(&flat, &[2.0, 2.0]), Err(NO_VARIANCE));
    assert_eq!(cohens_d(&one, &flat), Err(TOO_FEW));
    // A variance past f64's range is no d of 0 (found by an independent check against SciPy).
    assert_eq!(cohens_d(&[1e200, -1e200], &[0.0, 1.0]), Err(OVERFLOW));
    assert_eq!(
        cohens_d(&[1e200, -1e200, 1e300], &[1e308, -1e308, 1.5e308]),
        Err(OVERFLOW)
    );
    assert_eq!(mann_whitney(&flat, &[2.0]), Err(ALL_TIED));
    assert_eq!(mann_whitney(&empty, &flat), Err(EMPTY));
    assert_eq!(cliffs_delta(&flat, &empty), Err(EMPTY));
    assert_eq!(bootstrap_mean_diff_ci(&one, &flat, 100, 1), Err(TOO_FEW));
    assert_eq!(
        bootstrap_mean_diff_ci(&flat, &flat, 0, 1),
        Err(NO_REPLICATES)
    );
    // Different constants in each group: a difference but no variance to judge it by.
    assert_eq!(welch_t(&[1.0, 1.0], &[3.0, 3.0]), Err(NO_VARIANCE));
}

#[test]
fn equal_values_have_exactly_zero_variance() {
    // 0.1 summed ten times is not 1.0; the mean must still be 0.1 and sd exactly 0.
    let s = summarize(&mut [0.1; 10]);
    assert_eq!((s.mean, s.sd), (Some(0.1), Some(0.0)));
    // No interval of no width: ten equal values do not make the mean certain.
    assert_eq!(s.ci95, None);
}

#[test]
fn the_interval_of_a_mean_is_the_t_interval_without_skewness_and_leans_with_it() {
    // Symmetric: Σ(x − mean)³ = 0, so Hall's interval is mean ± t(0.975; 4)·se.
    let s = summarize(&mut [1.0, 2.0, 3.0, 4.0, 5.0]);
    let (mean, se) = (s.mean.unwrap(), s.se.unwrap());
    let t = t_quantile_975(4.0).unwrap();
    let (low, high) = s.ci95.unwrap();
    close(low, mean - t * se, 1e-15, "symmetric low");
    close(high, mean + t * se, 1e-15, "symmetric high");
    // Rates of a rare category: mostly 0, a long right tail. The interval reaches further
    // above the mean than below it, and further above than the t interval does.
    let mut rates = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 0.0, 6.25];
    let s = summarize(&mut rates);
    let (mean, se) = (s.mean.unwrap(), s.se.unwrap());
    let (low, high) = s.ci95.unwrap();
    let t = t_quantile_975(9.0).unwrap();
    assert!(high - mean > mean - low, "{low} {mean} {high}");
    assert!(high > mean + t * se, "{high}");
    assert!(low > mean - t * se, "{low}");
    // A mirrored sample has the mirrored interval.
    let mut mirrored = rates.map(|x| -x);
    let m = summarize(&mut mirrored);
    let (mlow, mhigh) = m.ci95.unwrap();
    close(mlow, -high, 1e-12, "mirror low");
    close(mhigh, -low, 1e-12, "mirror high");
}

#[test]
fn cliffs_delta_agrees_with_mann_whitney_u() {
    // delta = 2U/(na·nb) − 1 for any data, ties included.
    for c in CASES.iter().filter(|c| c.mw.is_some()) {
        let u = mann_whitney(c.a, c.b).unwrap().u;
        let nn = (c.a.len() * c.b.len()) as f64;
        close(
            cliffs_delta(c.a, c.b).unwrap(),
            2.0 * u / nn - 1.0,
            EXACT,
            c.name,
        );
    }
}

#[test]
fn mann_whitney_z_is_signed_and_continuity_corrected() {
    let m = mann_whitney(&[5.0, 6.0, 7.0], &[1.0, 2.0]).unwrap();
    assert_eq!(m.u, 6.0);
    assert!(m.z > 0.0);
    let r = mann_whitney(&[1.0, 2.0], &[5.0, 6.0, 7.0]).unwrap();
    assert_eq!((r.u, r.z, r.p), (0.0, -m.z, m.p));
    // |U − μ| below ½: z is 0 and p is 1.
    let even = mann_whitney(&[1.0, 4.0], &[2.0, 3.0]).unwrap();
    assert_eq!((even.z, even.p), (0.0, 1.0));
}

#[test]
fn bootstrap_is_deterministic_and_seed_dependent() {
    let a = [1.0, 4.0, 2.5, 8.0, 3.0];
    let b = [0.5, 2.0, 1.0];
    let x = bootstrap_mean_diff_ci(&a, &b, 500, 9).unwrap();
    assert_eq!(x, bootstrap_mean_diff_ci(&a, &b, 500, 9).unwrap());
    assert_ne!(x, bootstrap_mean_diff_ci(&a, &b, 500, 10).unwrap());
    assert!(x.0 <= x.1);
}

#[test]
fn resampling_is_sparse_when_one_value_in_eight_is_zero() {
    let sparse = |xs: &[f64]| matches!(Resample::new(xs).values, Values::Sparse(..));
    let mut xs = [1.0; 16];
    assert!(!sparse(&xs));
    xs[3] = 0.0;
    assert!(!sparse(&xs), "1 zero in 16");
    xs[9] = 0.0;
    assert!(sparse(&xs), "2 zeros in 16");
    assert!(sparse(&[0.0, 0.0, 0.0]));
    match Resample::new(&[0.0, 2.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0]).values {
        Values::Sparse(kept, _) => assert_eq!(kept, [2.0, 5.0]),
        Values::Dense(_) => panic!("dense"),
    }
}

/// The sparse resampling draws the same resample means as drawing every value: the two sets
/// of 20,000 means (different seeds) agree with each other (two-sample Kolmogorov–Smirnov) and
/// with the exact mean and variance of a resample mean, mean(x) and σ²/n.
#[test]
fn sparse_and_dense_resampling_give_the_same_means() {
    let xs: Vec<f64> = (0..200)
        .map(|i| {
            if i % 9 == 4 {
                f64::from(i % 23) * 0.75 + 0.5
            } else {
                0.0
            }
        })
        .collect();
    let n = xs.len() as f64;
    let sparse = Resample::new(&xs);
    assert!(matches!(sparse.values, Values::Sparse(..)));
    let dense = Resample {
        n: xs.len(),
        values: Values::Dense(&xs),
    };
    let draw = |r: &Resample, seed: u64| {
        let mut rng = Xoshiro256::seed_from_u64(seed);
        let mut means: Vec<f64> = (0..20_000).map(|_| r.mean(&mut rng)).collect();
        means.sort_by(f64::total_cmp);
        means
    };
    let (s, d) = (draw(&sparse, 1), draw(&dense, 2));
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n / n;
    for means in [&s, &d] {
        let m = means.iter().sum::<f64>() / means.len() as f64;
        let v = means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (means.len() - 1) as f64;
        // Standard error of the average of 20,000 means: sqrt(var / 20,000); 5 of them.
        assert!(
            (m - mean).abs() < 5.0 * (var / 20_000.0).sqrt(),
            "{m} vs {mean}"
        );
        assert!((v / var - 1.0).abs() < 0.06, "{v} vs {var}");
    }
    // Largest gap between the two empirical distribution functions; 2.15·sqrt(2/20,000) is
    // the critical value at α = 10⁻⁴.
    let (mut i, mut j, mut gap) = (0usize, 0usize, 0.0f64);
    while i < s.len() && j < d.len() {
        let x = s[i].min(d[j]);
        while s.get(i).is_some_and(|&v| v <= x) {
            i += 1;
        }
        while d.get(j).is_some_and(|&v| v <= x) {
            j += 1;
        }
        gap = gap.max((i as f64 - j as f64).abs() / 20_000.0);
    }
    assert!(gap < 2.15 * (2.0f64 / 20_000.0).sqrt(), "KS gap {gap}");
}

#[test]
fn type7_quantile() {
    let xs = [1.0, 2.0, 3.0, 4.0];
    assert_eq!(quantile_sorted(&xs, 0.0), 1.0);
    assert_eq!(quantile_sorted(&xs, 1.0), 4.0);
    assert_eq!(quantile_sorted(&xs, 0.5), 2.5);
    assert_eq!(quantile_sorted(&[7.0], 0.975), 7.0);
}
