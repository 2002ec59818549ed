//! Agreement between human coders and between coders and the lexicon: precision with a Wilson
//! interval, Cohen's kappa for two coders and Krippendorff's alpha (nominal) for any number of
//! coders with missing judgements. Pure functions, no I/O.
//!
//! Invariants as in `stats`: every function returns finite numbers or `Err(Degenerate(reason))`,
//! never NaN, and the same bits for the same input. Values are compared with `Ord`, so any
//! label type works (`&str` judgements in slant, integers in the tests).
//! The worked examples that pin these formulas are in the tests below: Altman (1991) for kappa,
//! Krippendorff (2011) for alpha.

use std::collections::BTreeMap;

use super::stats::{self, Degenerate};

pub const NO_SHARED_UNITS: Degenerate = Degenerate("no unit was judged by both coders");
pub const ONE_VALUE_KAPPA: Degenerate = Degenerate(
    "both coders gave one and the same value to every unit: chance agreement is 1, kappa undefined",
);
pub const NO_PAIRABLE_UNITS: Degenerate =
    Degenerate("no unit was judged by two or more coders: alpha undefined");
pub const ONE_VALUE_ALPHA: Degenerate =
    Degenerate("every judgement has the same value: no variation to agree on, alpha undefined");

/// Kappa or alpha at or above this is the usual bar for relying on coders' judgements
/// (Krippendorff 2004, *Content Analysis*, 2nd ed.; the codebook's "Reading the numbers").
pub const RELIABLE: f64 = 0.8;
/// The lowest alpha Krippendorff accepts, and then for tentative conclusions only.
pub const TENTATIVE: f64 = 0.667;

/// What a kappa or alpha allows, by [`RELIABLE`] and [`TENTATIVE`], in a few words.
pub fn reading(value: f64) -> &'static str {
    if value >= RELIABLE {
        "at or above 0.8: reliable"
    } else if value >= TENTATIVE {
        "below 0.8: tentative conclusions only"
    } else {
        "below 0.667: too low to rely on"
    }
}

/// Precision k/n with its Wilson 95% interval (see [`stats::wilson`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Precision {
    pub correct: u64,
    pub judged: u64,
    pub precision: f64,
    pub ci95: (f64, f64),
}

/// Precision of `correct` out of `judged` matches; undefined when nothing was judged.
pub fn precision(correct: u64, judged: u64) -> Result<Precision, Degenerate> {
    let ci95 = stats::wilson(correct, judged)?;
    Ok(Precision {
        correct,
        judged,
        precision: correct as f64 / judged as f64,
        ci95,
    })
}

/// One stratum of a stratified draw, as a precision weighted by stratum size sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stratum {
    /// N_h: the stratum's candidates, all of which the draw could have given.
    pub size: u64,
    /// n_h: its matches judged, in the subset or not.
    pub judged: u64,
    /// m_h: the judged matches in the subset (a category, a group, …).
    pub in_subset: u64,
    /// c_h: those judged correct.
    pub correct: u64,
}

/// A precision weighted by stratum size, with the numbers behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightedPrecision {
    /// p̂ = Σ w_h c_h / Σ w_h m_h, with w_h = N_h / n_h.
    pub precision: f64,
    /// Wilson's 95% interval with n_eff in place of n; (p̂, p̂) when there is no sampling
    /// error (`effective` is `None`).
    pub ci95: (f64, f64),
    /// Σ w_h m_h: the candidates the judged matches of the subset stand for (exactly the
    /// subset's candidates when it is made of whole strata).
    pub represented: f64,
    /// n_eff = (Σ w_h m_h)² / Σ (1 − n_h/N_h) w_h² m_h; `None` when every stratum in the subset
    /// was judged throughout, so that the precision is counted, not estimated.
    pub effective: Option<f64>,
}

pub const NOTHING_JUDGED: Degenerate = Degenerate("no match judged: precision undefined");
pub const MORE_JUDGED_THAN_DRAWN: Degenerate =
    Degenerate("a stratum with more matches judged than it has");

/// Precision over a stratified sample, each judged match weighted by the candidates it
/// stands for in its stratum, w_h = N_h / n_h, so that a small stratum taken whole counts for
/// its few matches and a large one sampled thinly for its many (the ratio estimator of a
/// stratified sample: Cochran 1977, ch. 5, as a ratio to the subset's estimated size when the
/// subset cuts across strata; the usual weighting of survey software).
///
/// The interval is Wilson's with the effective number of matches n_eff (Kish 1965) in place
/// of n. n_eff = (Σ w_h m_h)² / Σ (1 − f_h) w_h² m_h, with f_h = n_h / N_h: Kish's
/// (Σ w)² / Σ w² over the judged matches, with each stratum's finite-population correction,
/// so that a stratum judged throughout adds no sampling error. It is the variance of p̂ under
/// one precision p for every match of the subset, p(1 − p)/n_eff; unlike the plug-in
/// variance of each stratum, it stays defined when a stratum's matches were all judged
/// correct. Strata with no match of the subset judged add nothing.
pub fn weighted_precision(strata: &[Stratum]) -> Result<WeightedPrecision, Degenerate> {
    let (mut represented, mut hits, mut spread) = (0.0f64, 0.0f64, 0.0f64);
    for s in strata {
        if s.judged > s.size || s.in_subset > s.judged || s.correct > s.in_subset {
            return Err(MORE_JUDGED_THAN_DRAWN);
        }
        if s.in_subset == 0 {
            continue;
        }
        let w = s.size as f64 / s.judged as f64;
        let unjudged = (s.size - s.judged) as f64 / s.size as f64;
        represented += w * s.in_subset as f64;
        hits += w * s.correct as f64;
        spread += unjudged * w * w * s.in_subset as f64;
    }
    if represented == 0.0 {
        return Err(NOTHING_JUDGED);
    }
    let precision = finite((hits / represented).clamp(0.0, 1.0))?;
    let effective = (spread > 0.0).then(|| represented * represented / spread);
    let ci95 = match effective {
        Some(n) => stats::wilson_effective(precision, finite(n)?)?,
        None => (precision, precision),
    };
    Ok(WeightedPrecision {
        precision,
        ci95,
        represented: finite(represented)?,
        effective,
    })
}

/// Cohen's kappa of two coders over the units both judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kappa {
    /// Units judged by both coders.
    pub units: u64,
    /// Units on which they gave the same value.
    pub agreements: u64,
    /// p_o = agreements / units.
    pub observed: f64,
    /// p_e = Σ r_c · c_c / units², from the two coders' marginal totals.
    pub expected: f64,
    /// (p_o − p_e) / (1 − p_e).
    pub kappa: f64,
    /// κ ± z₀.₉₇₅ · se with Altman's approximate se = √(p_o(1 − p_o) / (n(1 − p_e)²)),
    /// clipped to [−1, 1]; `None` when that se is 0 (p_o is 0 or 1).
    pub ci95: Option<(f64, f64)>,
}

/// The counts behind kappa: units, agreements and Σ r_c·c_c (exact in u128: at most n²).
struct KappaCounts {
    n: u64,
    agreements: u64,
    chance: u128,
}

impl KappaCounts {
    fn of<T: Ord>(pairs: &[(T, T)]) -> Result<KappaCounts, Degenerate> {
        if pairs.is_empty() {
            return Err(NO_SHARED_UNITS);
        }
        let mut margins: BTreeMap<&T, (u64, u64)> = BTreeMap::new();
        let mut agreements = 0u64;
        for (a, b) in pairs {
            margins.entry(a).or_default().0 += 1;
            margins.entry(b).or_default().1 += 1;
            agreements += u64::from(a == b);
        }
        let chance: u128 = margins
            .values()
            .map(|&(r, c)| u128::from(r) * u128::from(c))
            .sum();
        Ok(KappaCounts {
            n: pairs.len() as u64,
            agreements,
            chance,
        })
    }

    fn n2(&self) -> u128 {
        u128::from(self.n) * u128::from(self.n)
    }

    /// (p_o, p_e).
    fn agreements(&self) -> Result<(f64, f64), Degenerate> {
        Ok((
            finite(self.agreements as f64 / self.n as f64)?,
            finite(self.chance as f64 / self.n2() as f64)?,
        ))
    }
}

/// The observed and chance agreement of two coders, p_o and p_e as in [`cohens_kappa`]:
/// defined whenever they judged a unit in common, also when kappa is not (p_e = 1).
pub fn kappa_agreements<T: Ord>(pairs: &[(T, T)]) -> Result<(f64, f64), Degenerate> {
    KappaCounts::of(pairs)?.agreements()
}

/// Cohen's (1960) kappa for nominal judgements: one `(coder A, coder B)` pair per unit.
///
/// p_o = Σ f_cc / n, p_e = Σ r_c c_c / n² (r, c: how often each coder used value c), κ =
/// (p_o − p_e)/(1 − p_e), computed from integer counts as (n·a − Σ r_c c_c)/(n² − Σ r_c c_c).
/// Undefined with no units, or when p_e = 1 (both coders used a single, shared value).
pub fn cohens_kappa<T: Ord>(pairs: &[(T, T)]) -> Result<Kappa, Degenerate> {
    let counts = KappaCounts::of(pairs)?;
    let KappaCounts {
        n,
        agreements,
        chance,
    } = counts;
    let n2 = counts.n2();
    if chance == n2 {
        return Err(ONE_VALUE_KAPPA);
    }
    let numerator = (u128::from(n) * u128::from(agreements)) as f64 - chance as f64;
    let kappa = numerator / (n2 - chance) as f64;
    let (observed, expected) = counts.agreements()?;
    let se = (observed * (1.0 - observed) / (n as f64 * (1.0 - expected).powi(2))).sqrt();
    let ci95 = (se > 0.0 && se.is_finite()).then(|| {
        let z = stats::z_975();
        ((kappa - z * se).max(-1.0), (kappa + z * se).min(1.0))
    });
    Ok(Kappa {
        units: n,
        agreements,
        observed,
        expected,
        kappa: finite(kappa)?,
        ci95,
    })
}

/// Krippendorff's alpha for nominal data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alpha {
    /// Units with at least two values (only these can be paired).
    pub pairable_units: u64,
    /// n: the values in pairable units.
    pub values: u64,
    /// 1 − D_o: the share of agreeing pairs of values within units.
    pub observed: f64,
    /// 1 − D_e: the share of agreeing pairs expected by chance from all values.
    pub expected: f64,
    /// 1 − D_o / D_e.
    pub alpha: f64,
}

/// Krippendorff's (2011) alpha for nominal values, any number of coders, missing values
/// allowed: `units[u]` holds the values the coders gave unit u (a coder who did not judge it
/// is simply absent).
///
/// Units with fewer than two values are dropped. With m_u values in unit u, n_uc of them
/// equal to c, n_c = Σ_u n_uc and n = Σ_c n_c: the coincidences of unlike values are
/// D = Σ_u (m_u² − Σ_c n_uc²)/(m_u − 1), and α = 1 − (n − 1)·D / (n² − Σ_c n_c²)
/// (the nominal α = 1 − D_o/D_e with D_o = D/n and D_e = (n² − Σ n_c²)/(n(n − 1))).
/// Undefined with no pairable unit, or when every value is the same.
pub fn krippendorff_alpha_nominal<T: Ord>(units: &[Vec<T>]) -> Result<Alpha, Degenerate> {
    let counts = AlphaCounts::of(units)?;
    if counts.same == counts.n2() {
        return Err(ONE_VALUE_ALPHA);
    }
    let (observed, expected) = counts.agreements()?;
    let nf = counts.n as f64;
    let alpha = 1.0 - (nf - 1.0) * counts.unlike / (counts.n2() - counts.same) as f64;
    Ok(Alpha {
        pairable_units: counts.pairable,
        values: counts.n,
        observed,
        expected,
        alpha: finite(alpha)?,
    })
}

/// The observed and expected agreement of alpha, 1 − D_o and 1 − D_e as in
/// [`krippendorff_alpha_nominal`]: defined whenever a unit has two values, also when alpha is
/// not (every value the same: both are 1).
pub fn alpha_agreements<T: Ord>(units: &[Vec<T>]) -> Result<(f64, f64), Degenerate> {
    AlphaCounts::of(units)?.agreements()
}

/// The counts behind alpha, over pairable units: their number, n, the coincidences of unlike
/// values D, and Σ_c n_c² (exact in u128: at most n²).
struct AlphaCounts {
    pairable: u64,
    n: u64,
    unlike: f64,
    same: u128,
}

impl AlphaCounts {
    fn of<T: Ord>(units: &[Vec<T>]) -> Result<AlphaCounts, Degenerate> {
        let mut totals: BTreeMap<&T, u64> = BTreeMap::new();
        let mut unlike = 0.0f64;
        let mut pairable = 0u64;
        for unit in units.iter().filter(|u| is_pairable(u)) {
            pairable += 1;
            let mut counts: BTreeMap<&T, u64> = BTreeMap::new();
            for v in unit {
                *counts.entry(v).or_default() += 1;
                *totals.entry(v).or_default() += 1;
            }
            let m = unit.len() as u64;
            let same: u64 = counts.values().map(|&c| c * c).sum();
            unlike += (m * m - same) as f64 / (m - 1) as f64;
        }
        let n: u64 = totals.values().sum();
        if n < 2 {
            return Err(NO_PAIRABLE_UNITS);
        }
        let same = totals
            .values()
            .map(|&c| u128::from(c) * u128::from(c))
            .sum();
        Ok(AlphaCounts {
            pairable,
            n,
            unlike,
            same,
        })
    }

    fn n2(&self) -> u128 {
        u128::from(self.n) * u128::from(self.n)
    }

    /// (1 − D_o, 1 − D_e).
    fn agreements(&self) -> Result<(f64, f64), Degenerate> {
        let nf = self.n as f64;
        let spread = (self.n2() - self.same) as f64;
        Ok((
            finite(1.0 - self.unlike / nf)?,
            finite(1.0 - spread / (nf * (nf - 1.0)))?,
        ))
    }
}

/// A unit alpha can use: one with two values or more.
pub fn is_pairable<T>(unit: &[T]) -> bool {
    unit.len() >= 2
}

fn finite(x: f64) -> Result<f64, Degenerate> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(stats::OVERFLOW)
    }
}

#[cfg(test)]
mod tests {
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
}
