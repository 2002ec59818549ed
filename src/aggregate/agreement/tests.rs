//! The worked examples that pin the agreement formulas: Altman (1991) for kappa,
//! Krippendorff (2011) for alpha, and the weighted precision against hand computations.

#![allow(clippy::unwrap_used)]

use super::*;

/// Expand a square table of counts (rows: coder A, columns: coder B) into unit pairs.
fn pairs_from_table(table: &[&[u64]]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (a, row) in table.iter().enumerate() {
        for (b, &count) in row.iter().enumerate() {
            pairs.extend((0..count).map(|_| (a, b)));
        }
    }
    pairs
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Altman, D. G. (1991). Practical Statistics for Medical Research. Chapman & Hall,
/// section 14.3, Table 14.2: two radiologists classify 85 xeromammograms (Boyd et al. 1982)
/// as normal, benign disease, suspected cancer or cancer. Altman: observed agreement
/// 54/85 = 0.64, expected 26.2/85 = 0.31, κ = 0.47. (Stata's `kap rada radb` on the same
/// data: 63.53%, 30.82%, κ = 0.4728.) Altman prints se(κ) = 0.07 and a 95% interval of
/// 0.33 to 0.61 from rounded intermediate values; his formula (section 14.3.4,
/// se = √(p_o(1 − p_o)/(n(1 − p_e)²))) with unrounded values gives se = 0.07547 and
/// 0.325 to 0.621, which is what is checked here.
#[test]
fn kappa_matches_altman_radiologists() {
    let table: [&[u64]; 4] = [
        &[21, 12, 0, 0],
        &[4, 17, 1, 0],
        &[3, 9, 15, 2],
        &[0, 0, 0, 1],
    ];
    let k = cohens_kappa(&pairs_from_table(&table)).unwrap();
    assert_eq!((k.units, k.agreements), (85, 54));
    assert!(close(k.observed, 54.0 / 85.0, 1e-15));
    // Σ r·c = 33·28 + 22·38 + 29·16 + 1·3 = 2227.
    assert!(close(k.expected, 2227.0 / 7225.0, 1e-15));
    assert!(close(
        k.kappa,
        (85.0 * 54.0 - 2227.0) / (7225.0 - 2227.0),
        1e-15
    ));
    assert_eq!(format!("{:.4}", k.kappa), "0.4728");
    let (lo, hi) = k.ci95.unwrap();
    let se = ((54.0 / 85.0) * (31.0 / 85.0) / (85.0 * (4998.0f64 / 7225.0).powi(2))).sqrt();
    assert_eq!(format!("{se:.5}"), "0.07547");
    assert!(close(lo, k.kappa - stats::z_975() * se, 1e-12));
    assert!(close(hi, k.kappa + stats::z_975() * se, 1e-12));
    assert_eq!(
        (format!("{lo:.3}"), format!("{hi:.3}")),
        ("0.325".into(), "0.621".into())
    );
}

/// Altman (1991), Table 14.4: two 2×2 tables with the same observed agreement 0.8 and
/// different prevalences: (a) κ = 0.38, (b) κ = 0.60.
#[test]
fn kappa_matches_altman_prevalence_tables() {
    let a = cohens_kappa(&pairs_from_table(&[&[70, 10], &[10, 10]])).unwrap();
    assert!(close(a.kappa, 0.375, 1e-12), "{}", a.kappa);
    assert!(close(a.observed, 0.8, 1e-12) && close(a.expected, 0.68, 1e-12));
    let b = cohens_kappa(&pairs_from_table(&[&[40, 10], &[10, 40]])).unwrap();
    assert!(close(b.kappa, 0.6, 1e-12), "{}", b.kappa);
}

/// Altman (1991), Table 14.3: RAST against MAST allergy tests on 363 sera, κ = 0.32.
#[test]
fn kappa_matches_altman_rast_mast() {
    let table: [&[u64]; 5] = [
        &[86, 3, 14, 0, 2],
        &[26, 0, 10, 4, 0],
        &[20, 2, 22, 4, 1],
        &[11, 1, 37, 16, 14],
        &[3, 0, 15, 24, 48],
    ];
    let k = cohens_kappa(&pairs_from_table(&table)).unwrap();
    assert_eq!(k.units, 363);
    assert_eq!(format!("{:.2}", k.kappa), "0.32");
}

#[test]
fn kappa_degenerate_cases() {
    assert_eq!(cohens_kappa::<u8>(&[]), Err(NO_SHARED_UNITS));
    assert_eq!(cohens_kappa(&[(1, 1), (1, 1)]), Err(ONE_VALUE_KAPPA));
    // Perfect agreement with two values: κ = 1, no interval (se = 0).
    let k = cohens_kappa(&[(0, 0), (1, 1), (1, 1)]).unwrap();
    assert_eq!(k.kappa, 1.0);
    assert_eq!(k.ci95, None);
    // Labels of any ordered type.
    let k = cohens_kappa(&[("correct", "correct"), ("incorrect", "correct")]).unwrap();
    assert_eq!(k.kappa, 0.0);
}

/// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. University of
/// Pennsylvania, Annenberg School for Communication, Departmental Papers 43. Section C:
/// nominal data, any number of observers, missing data: 4 observers × 12 units, nominal
/// α = 0.743 (exactly 113/152 = 0.74342…, from n = 40 values in 11 pairable units).
#[test]
fn alpha_matches_krippendorff_2011_four_observers() {
    let rows: [[Option<u8>; 12]; 4] = {
        let n = None;
        let s = Some;
        [
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(1),
                s(4),
                s(1),
                s(2),
                n,
                n,
                n,
            ],
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(2),
                s(4),
                s(1),
                s(2),
                s(5),
                n,
                s(3),
            ],
            [
                n,
                s(3),
                s(3),
                s(3),
                s(2),
                s(3),
                s(4),
                s(2),
                s(2),
                s(5),
                s(1),
                n,
            ],
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(4),
                s(4),
                s(1),
                s(2),
                s(5),
                s(1),
                n,
            ],
        ]
    };
    let units: Vec<Vec<u8>> = (0..12)
        .map(|u| rows.iter().filter_map(|r| r[u]).collect())
        .collect();
    let a = krippendorff_alpha_nominal(&units).unwrap();
    assert_eq!((a.pairable_units, a.values), (11, 40));
    assert!(close(a.alpha, 113.0 / 152.0, 1e-12), "{}", a.alpha);
    assert_eq!(format!("{:.3}", a.alpha), "0.743");
}

/// Krippendorff (2011), section A: binary data, two observers, ten units, no missing
/// data: α = 0.095 (= 1 − 19·8/(2·14·6) = 0.0952…).
#[test]
fn alpha_matches_krippendorff_2011_binary_two_observers() {
    let a_obs = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    let b_obs = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    let units: Vec<Vec<u8>> = a_obs
        .iter()
        .zip(&b_obs)
        .map(|(&a, &b)| vec![a, b])
        .collect();
    let a = krippendorff_alpha_nominal(&units).unwrap();
    assert!(close(a.alpha, 1.0 - 152.0 / 168.0, 1e-12), "{}", a.alpha);
    assert_eq!(format!("{:.3}", a.alpha), "0.095");
    assert!(close(a.observed, 0.6, 1e-12));
}

#[test]
fn alpha_degenerate_cases() {
    assert_eq!(
        krippendorff_alpha_nominal::<u8>(&[vec![1], vec![2], vec![]]),
        Err(NO_PAIRABLE_UNITS)
    );
    assert_eq!(
        krippendorff_alpha_nominal(&[vec![1, 1], vec![1, 1, 1]]),
        Err(ONE_VALUE_ALPHA)
    );
    let a = krippendorff_alpha_nominal(&[vec![1, 1], vec![2, 2]]).unwrap();
    assert_eq!(a.alpha, 1.0);
}

/// When kappa or alpha is undefined because every judgement is the same, the agreements
/// behind it are still defined: p_o = p_e = 1, and 1 − D_o = 1 − D_e = 1.
#[test]
fn agreements_are_defined_when_the_statistic_is_not() {
    assert_eq!(kappa_agreements(&[(1, 1), (1, 1)]), Ok((1.0, 1.0)));
    assert_eq!(kappa_agreements::<u8>(&[]), Err(NO_SHARED_UNITS));
    assert_eq!(
        alpha_agreements(&[vec![1, 1], vec![1, 1, 1]]),
        Ok((1.0, 1.0))
    );
    assert_eq!(
        alpha_agreements::<u8>(&[vec![1], vec![]]),
        Err(NO_PAIRABLE_UNITS)
    );
    // Where the statistic is defined, the same numbers as it reports.
    let pairs = pairs_from_table(&[&[70, 10], &[10, 10]]);
    let k = cohens_kappa(&pairs).unwrap();
    assert_eq!(kappa_agreements(&pairs), Ok((k.observed, k.expected)));
    let units = vec![vec![0, 1], vec![1, 1], vec![0, 0, 1]];
    let a = krippendorff_alpha_nominal(&units).unwrap();
    assert_eq!(alpha_agreements(&units), Ok((a.observed, a.expected)));
}

#[test]
fn readings_follow_the_thresholds() {
    assert_eq!(reading(0.8), "at or above 0.8: reliable");
    assert_eq!(reading(0.79), "below 0.8: tentative conclusions only");
    assert_eq!(reading(0.667), "below 0.8: tentative conclusions only");
    assert_eq!(reading(0.6669), "below 0.667: too low to rely on");
    assert_eq!(reading(-0.2), "below 0.667: too low to rely on");
}

fn stratum(size: u64, judged: u64, in_subset: u64, correct: u64) -> Stratum {
    Stratum {
        size,
        judged,
        in_subset,
        correct,
    }
}

/// Two strata by hand: 1,000 candidates of which 10 were judged (8 correct), and 3 taken
/// whole (1 correct). Unweighted, 9/13 = 0.692; weighted, (100·8 + 1·1)/(100·10 + 1·3) =
/// 801/1003. Only the sampled stratum has sampling error: Σ(1 − f)w²m = 0.99·100²·10 =
/// 99,000, so n_eff = 1003²/99,000 = 10.162.
#[test]
fn weighted_precision_by_hand() {
    let p = weighted_precision(&[stratum(1000, 10, 10, 8), stratum(3, 3, 3, 1)]).unwrap();
    assert!(close(p.precision, 801.0 / 1003.0, 1e-15));
    assert!(close(p.represented, 1003.0, 1e-12));
    let n = p.effective.unwrap();
    assert!(close(n, 1003.0 * 1003.0 / 99_000.0, 1e-12));
    assert_eq!(p.ci95, stats::wilson_effective(801.0 / 1003.0, n).unwrap());
    // The interval is Wilson's with k = p̂·n_eff: at a whole n_eff, Wilson's own.
    let whole = weighted_precision(&[stratum(10, 10, 10, 7)]);
    assert_eq!(whole.unwrap().effective, None);
    assert_eq!(
        stats::wilson_effective(0.7, 10.0).unwrap(),
        stats::wilson(7, 10).unwrap()
    );
}

/// Strata judged throughout are counted, not estimated: no interval width. With every
/// stratum equal in size and share judged, the weights are equal and p̂ is the pooled share.
#[test]
fn weighted_precision_special_cases() {
    let census = weighted_precision(&[stratum(4, 4, 4, 3), stratum(2, 2, 2, 2)]).unwrap();
    assert!(close(census.precision, 5.0 / 6.0, 1e-15));
    assert_eq!(census.ci95, (census.precision, census.precision));
    let equal = weighted_precision(&[stratum(50, 5, 5, 4), stratum(50, 5, 5, 1)]).unwrap();
    assert!(close(equal.precision, 0.5, 1e-15));
    // n_eff = 100² / (2 · 0.9 · 10² · 5) = 11.1: the 10 judged, with the correction for
    // having judged a tenth of each stratum.
    assert!(close(equal.effective.unwrap(), 10.0 / 0.9, 1e-12));
    // All correct: the upper bound is 1, the lower below it, unlike a plug-in variance.
    let all = weighted_precision(&[stratum(900, 20, 20, 20), stratum(30, 20, 20, 20)]);
    let all = all.unwrap();
    assert_eq!(all.precision, 1.0);
    assert_eq!(all.ci95.1, 1.0);
    assert!(all.ci95.0 < 0.9, "{:?}", all.ci95);
    // A subset that cuts a stratum (a category within a stratum of an outlet).
    let part = weighted_precision(&[stratum(100, 10, 4, 3), stratum(10, 5, 0, 0)]).unwrap();
    assert!(close(part.precision, 0.75, 1e-15));
    assert!(close(part.represented, 40.0, 1e-12));
    assert_eq!(
        weighted_precision(&[stratum(10, 5, 0, 0)]),
        Err(NOTHING_JUDGED)
    );
    assert_eq!(weighted_precision(&[]), Err(NOTHING_JUDGED));
    assert_eq!(
        weighted_precision(&[stratum(3, 4, 4, 4)]),
        Err(MORE_JUDGED_THAN_DRAWN)
    );
}

/// The interval covers the corpus's precision about 95% of the time. Strata of unequal
/// size and precision (the real situation: a few large categories, many small ones taken
/// whole) are sampled 20 per stratum without replacement, 4,000 times with a fixed seed;
/// the unweighted share of the same draws is far off (its coverage is shown for contrast).
#[test]
fn weighted_interval_covers_about_95_percent() {
    use crate::aggregate::rng::Xoshiro256;
    // (candidates, of which correct)
    let population: [(u64, u64); 7] = [
        (3000, 1500),
        (800, 480),
        (40, 38),
        (30, 30),
        (20, 19),
        (12, 12),
        (8, 8),
    ];
    let (size, right): (u64, u64) = population
        .iter()
        .fold((0, 0), |(n, k), &(s, c)| (n + s, k + c));
    let truth = right as f64 / size as f64;
    let mut rng = Xoshiro256::seed_from_u64(20261207);
    let (reps, n) = (4000u32, 20u64);
    let (mut covered, mut pooled_covered) = (0u32, 0u32);
    for _ in 0..reps {
        let mut strata = Vec::new();
        let (mut k, mut m) = (0u64, 0u64);
        for &(s, c) in &population {
            let draw = n.min(s);
            // Draw without replacement: the correct ones among `draw` of `s`.
            let (mut left, mut good, mut correct) = (s, c, 0u64);
            for _ in 0..draw {
                if rng.below(left) < good {
                    good -= 1;
                    correct += 1;
                }
                left -= 1;
            }
            strata.push(stratum(s, draw, draw, correct));
            k += correct;
            m += draw;
        }
        let (lo, hi) = weighted_precision(&strata).unwrap().ci95;
        covered += u32::from(lo <= truth && truth <= hi);
        let (lo, hi) = stats::wilson(k, m).unwrap();
        pooled_covered += u32::from(lo <= truth && truth <= hi);
    }
    let coverage = f64::from(covered) / f64::from(reps);
    let pooled = f64::from(pooled_covered) / f64::from(reps);
    eprintln!("coverage: weighted {coverage}, unweighted {pooled}");
    assert!((0.93..=0.97).contains(&coverage), "weighted {coverage}");
    assert!(pooled < 0.5, "unweighted {pooled}");
}

#[test]
fn precision_uses_wilson() {
    let p = precision(18, 50).unwrap();
    assert!(close(p.precision, 0.36, 1e-15));
    assert_eq!(p.ci95, stats::wilson(18, 50).unwrap());
    assert!(precision(0, 0).is_err());
}
