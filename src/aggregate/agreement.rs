//! Agreement between human coders and between coders and the lexicon: precision with a Wilson
//! interval, Cohen's kappa for two coders and Krippendorff's alpha (nominal) for any number of
//! coders with missing judgements. Pure functions, no I/O.
//!
//! Invariants as in `stats`: every function returns finite numbers or `Err(Degenerate(reason))`,
//! never NaN, and the same bits for the same input. Values are compared with `Ord`, so any
//! label type works (`&str` judgements in slant, integers in the tests).
//! The worked examples that pin these formulas are in `agreement/tests.rs`: Altman (1991)
//! for kappa, Krippendorff (2011) for alpha.

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
mod tests;
