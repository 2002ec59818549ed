//! Shares whose units are articles, not matches: a count y out of a total x summed over the
//! articles of a cell (`choices.csv`: a variant's matches out of its concept's; `targets.csv`:
//! mentions with a category nearby out of all mentions), with the design effect of those
//! articles as clusters (Kish 1965) and Wilson's interval at the effective n it gives, with
//! Korn & Graubard's (1998) correction for the degrees of freedom of few articles.
//!
//! Invariants: the sums are integers (u64, u128), so they are exact and the same whatever the
//! order the articles were added in (threads, shards); the floats are computed once, from
//! them, at the end.

use super::{
    COUNT_TOO_LARGE, Degenerate, NO_TRIALS, finite, t_quantile_975, wilson, wilson_effective,
};

/// The design effect cannot be estimated from one article: the variance between articles
/// needs two.
pub const ONE_ARTICLE: Degenerate = Degenerate("one article only: no interval over articles");
/// At a share of 0 or 1 every article has the same share, the binomial variance is 0 and
/// the design effect 0/0; it is taken as 1 (Korn & Graubard 1998).
pub const SHARE_AT_BOUND: Degenerate = Degenerate("share 0 or 1: design effect taken as 1");

/// The totals x of the articles of a cell where x > 0: how many, Σx and Σx².
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleTotals {
    pub articles: u64,
    pub sum: u64,
    pub squares: u128,
}

impl ArticleTotals {
    /// Adds one article's total (an article with none is no unit of the share).
    pub fn add(&mut self, x: u64) {
        if x > 0 {
            self.articles += 1;
            self.sum += x;
            self.squares += u128::from(x) * u128::from(x);
        }
    }
}

/// The counts y (y ≤ x) of the same articles: Σy, Σy² and Σxy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleCounts {
    pub sum: u64,
    pub squares: u128,
    pub products: u128,
}

impl ArticleCounts {
    /// Adds one article's count `y` out of its total `x`. An article with y = 0 adds nothing,
    /// so only the articles with a count need be added (their totals all must be).
    pub fn add(&mut self, y: u64, x: u64) {
        self.sum += y;
        self.squares += u128::from(y) * u128::from(y);
        self.products += u128::from(x) * u128::from(y);
    }
}

/// A whole and its parts summed by article (a concept and its variants; attribution matches
/// and their kinds): the whole's totals, and each part's counts out of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartSums {
    pub totals: ArticleTotals,
    pub parts: Vec<ArticleCounts>,
}

impl PartSums {
    /// Sums of `parts` parts, with nothing added.
    pub fn new(parts: usize) -> Self {
        PartSums {
            totals: ArticleTotals::default(),
            parts: vec![ArticleCounts::default(); parts],
        }
    }

    /// Adds one article's count of each part; the article's total is their sum.
    pub fn add(&mut self, counts: &[u64]) {
        let x: u64 = counts.iter().sum();
        self.totals.add(x);
        for (part, &y) in self.parts.iter_mut().zip(counts) {
            if y > 0 {
                part.add(y, x);
            }
        }
    }
}

/// The design effect of the ratio p = Σy / Σx over k articles, each a cluster of its
/// matches: the linearised variance of the ratio estimator,
/// V = k/(k − 1) · Σ(y − p·x)² / (Σx)², over the binomial variance V₀ = p(1 − p)/Σx.
///
/// With X = Σx and Y = Σy, Σ(y − p·x)² = S / X² where S = Σ(X·y − Y·x)²
/// = X²·Σy² − 2·X·Y·Σxy + Y²·Σx², an integer, so deff = k·S / ((k − 1)·X·Y·(X − Y)): both
/// computed exactly in 128 bits, then divided once (past 128 bits, for cells of some 10⁷
/// matches and more, in floating point from the same sums, so still the same whatever the
/// order of the articles).
///
/// Undefined with no total ([`NO_TRIALS`]), one article ([`ONE_ARTICLE`]), or a share of 0
/// or 1, where V₀ = 0 ([`SHARE_AT_BOUND`]).
pub fn design_effect(totals: &ArticleTotals, counts: &ArticleCounts) -> Result<f64, Degenerate> {
    if totals.sum == 0 {
        return Err(NO_TRIALS);
    }
    if counts.sum > totals.sum {
        return Err(COUNT_TOO_LARGE);
    }
    if totals.articles < 2 {
        return Err(ONE_ARTICLE);
    }
    if counts.sum == 0 || counts.sum == totals.sum {
        return Err(SHARE_AT_BOUND);
    }
    let (x, y, k) = (
        u128::from(totals.sum),
        u128::from(counts.sum),
        u128::from(totals.articles),
    );
    // One division of two integers: correctly rounded whenever both are below 2⁵³.
    let exact = || {
        let s = x
            .checked_mul(x)?
            .checked_mul(counts.squares)?
            .checked_add(y.checked_mul(y)?.checked_mul(totals.squares)?)?
            .checked_sub(
                x.checked_mul(y)?
                    .checked_mul(2)?
                    .checked_mul(counts.products)?,
            )?;
        let spread = (k - 1).checked_mul(x)?.checked_mul(y)?.checked_mul(x - y)?;
        Some(k.checked_mul(s)? as f64 / spread as f64)
    };
    let deff = exact().unwrap_or_else(|| {
        let (xf, yf, kf) = (x as f64, y as f64, k as f64);
        let s = xf * xf * counts.squares as f64 - 2.0 * xf * yf * counts.products as f64
            + yf * yf * totals.squares as f64;
        kf / (kf - 1.0) * s.max(0.0) / (xf * yf * (xf - yf))
    });
    finite(deff)
}

/// A share's interval with articles as the units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clustered {
    /// The design effect as estimated (below 1 too); `None` at a share of 0 or 1.
    pub design_effect: Option<f64>,
    pub ci95: (f64, f64),
    /// Why `design_effect` is `None`; empty otherwise.
    pub note: &'static str,
}

/// Wilson's 95% interval of p = Σy / Σx at Korn & Graubard's (1998) effective n:
///
/// n* = Σx / max(deff, 1) · (t(Σx − 1) / t(k − 1))²,
///
/// Kish's effective n (see [`design_effect`]) times the degrees-of-freedom factor, where t(d)
/// is the 0.975 quantile of Student's t with d degrees of freedom. The variance between k
/// articles is estimated with k − 1 degrees of freedom, so with few articles the factor shrinks
/// n* and widens the interval (at k = 2 it is about 0.024); it tends to 1 as k grows. A design
/// effect below 1 is taken as 1, and at a share of 0 or 1, where it is undefined, as 1 too.
/// Every article has a total of at least 1, so Σx ≥ k and the factor is at most 1 (exactly 1
/// when every total is 1): the interval is never narrower than [`wilson`]'s with n = Σx.
/// Undefined with no total or one article.
pub fn wilson_clustered(
    totals: &ArticleTotals,
    counts: &ArticleCounts,
) -> Result<Clustered, Degenerate> {
    let (y, x) = (counts.sum, totals.sum);
    let (design_effect, note) = match design_effect(totals, counts) {
        Ok(deff) => (Some(deff), ""),
        Err(SHARE_AT_BOUND) => (None, SHARE_AT_BOUND.0),
        Err(e) => return Err(e),
    };
    let kish = design_effect.map_or(1.0, |d| d.max(1.0));
    let factor = few_articles_factor(x, totals.articles)?;
    let ci95 = if kish == 1.0 && factor == 1.0 {
        wilson(y, x)?
    } else {
        wilson_effective(y as f64 / x as f64, x as f64 / kish * factor)?
    };
    Ok(Clustered {
        design_effect,
        ci95,
        note,
    })
}

/// Korn & Graubard's (1998) degrees-of-freedom factor (t(n − 1) / t(k − 1))² for a share of
/// n trials in k ≥ 2 clusters (n ≥ k): 1 when n = k, below 1 otherwise.
fn few_articles_factor(n: u64, k: u64) -> Result<f64, Degenerate> {
    if n == k {
        return Ok(1.0);
    }
    let t_trials = t_quantile_975((n - 1) as f64)?;
    let t_articles = t_quantile_975((k - 1) as f64)?;
    finite((t_trials / t_articles).powi(2))
}

/// A share with articles as the units, as the reports write it: the articles (those with a
/// total), the design effect and the interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByArticle {
    pub articles: u64,
    pub design_effect: Option<f64>,
    pub ci95: Option<(f64, f64)>,
}

impl ByArticle {
    /// The share of `counts` out of `totals` ([`wilson_clustered`]), and why a cell of it is
    /// empty (`""` when none is).
    pub fn of(totals: &ArticleTotals, counts: &ArticleCounts) -> (Self, &'static str) {
        let (c, why) = match wilson_clustered(totals, counts) {
            Ok(c) => (Some(c), c.note),
            Err(Degenerate(why)) => (None, why),
        };
        let by = ByArticle {
            articles: totals.articles,
            design_effect: c.and_then(|c| c.design_effect),
            ci95: c.map(|c| c.ci95),
        };
        (by, why)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::float_cmp)]
mod tests {
    use super::*;

    /// The sums of articles given as (y, x).
    fn sums(articles: &[(u64, u64)]) -> (ArticleTotals, ArticleCounts) {
        let (mut t, mut c) = (ArticleTotals::default(), ArticleCounts::default());
        for &(y, x) in articles {
            t.add(x);
            if y > 0 {
                c.add(y, x);
            }
        }
        (t, c)
    }

    fn deff(articles: &[(u64, u64)]) -> Result<f64, Degenerate> {
        let (t, c) = sums(articles);
        design_effect(&t, &c)
    }

    #[test]
    fn design_effect_by_hand() {
        // (2 of 3), (0 of 1): p = 1/2, residuals 2 − 3/2 and 0 − 1/2, Σr² = 1/2;
        // V = 2/1 · (1/2)/4² = 1/16 = V₀ = (1/4)/4, so deff = 1 (S = 64 − 96 + 40 = 8).
        assert_eq!(deff(&[(2, 3), (0, 1)]), Ok(1.0));
        // (3 of 3), (0 of 1): p = 3/4, Σr² = 2·(3/4)² = 9/8, V = 2·(9/8)/16 = 9/64,
        // V₀ = (3/16)/4 = 3/64: deff = 3.
        assert_eq!(deff(&[(3, 3), (0, 1)]), Ok(3.0));
        // (1 of 2), (1 of 2), (0 of 1): p = 2/5, Σr² = 0.04 + 0.04 + 0.16 = 0.24,
        // V = 3/2 · 0.24/25 = 0.0144, V₀ = 0.24/5 = 0.048: deff = 0.3 (S = 6, 3·6/(2·5·2·3)).
        assert_eq!(deff(&[(1, 2), (1, 2), (0, 1)]), Ok(0.3));
        // Every article with the same share: no variance between them.
        assert_eq!(deff(&[(1, 2), (1, 2)]), Ok(0.0));
        // Articles without the concept are no units: the same as without them.
        assert_eq!(deff(&[(3, 3), (0, 0), (0, 1), (0, 0)]), Ok(3.0));
    }

    #[test]
    fn design_effect_is_undefined_with_a_reason() {
        assert_eq!(deff(&[]), Err(NO_TRIALS));
        assert_eq!(deff(&[(0, 0), (0, 0)]), Err(NO_TRIALS));
        assert_eq!(deff(&[(2, 3)]), Err(ONE_ARTICLE));
        assert_eq!(deff(&[(2, 3), (0, 0)]), Err(ONE_ARTICLE));
        assert_eq!(deff(&[(0, 3), (0, 1)]), Err(SHARE_AT_BOUND));
        assert_eq!(deff(&[(3, 3), (1, 1)]), Err(SHARE_AT_BOUND));
        let (t, mut c) = sums(&[(1, 1), (1, 1)]);
        c.add(1, 1);
        assert_eq!(design_effect(&t, &c), Err(COUNT_TOO_LARGE));
    }

    /// Wilson's interval of a share `p` at `n` trials, by hand (Newcombe's form,
    /// z = 1.959963984540054): (2np + z² ± z·√(4np(1 − p) + z²)) / (2(n + z²)).
    fn wilson_by_hand(p: f64, n: f64) -> (f64, f64) {
        let z: f64 = 1.959963984540054;
        let denom = 2.0 * (n + z * z);
        let half = z / denom * (4.0 * n * p * (1.0 - p) + z * z).sqrt();
        let centre = (2.0 * n * p + z * z) / denom;
        (centre - half, centre + half)
    }

    /// The 0.975 quantiles of t with 1 to 4 degrees of freedom, as R's `qt` gives them.
    const T975: [f64; 5] = [
        f64::NAN,
        12.70620473617471,
        4.302652729749464,
        3.182446305284263,
        2.776445105197793,
    ];

    fn assert_interval(got: (f64, f64), want: (f64, f64)) {
        assert!(
            (got.0 - want.0).abs() < 1e-13 && (got.1 - want.1).abs() < 1e-13,
            "{got:?} against {want:?}"
        );
    }

    #[test]
    fn the_interval_is_wilsons_at_the_effective_n_with_korn_and_graubards_factor() {
        // deff = 3 over k = 2 articles and X = 4 matches: Kish's n_eff = 4/3, times
        // (t(3)/t(1))² = 0.0627…, for one degree of freedom between two articles.
        let (t, c) = sums(&[(3, 3), (0, 1)]);
        let got = wilson_clustered(&t, &c).unwrap();
        assert_eq!(got.design_effect, Some(3.0));
        assert_eq!(got.note, "");
        let n = 4.0 / 3.0 * (T975[3] / T975[1]).powi(2);
        assert_interval(got.ci95, wilson_by_hand(0.75, n));
        assert_interval(got.ci95, (0.012002912984920677, 0.9986519604223414));
        // Wider than Wilson's with the 4 matches as trials.
        let plain = wilson(3, 4).unwrap();
        assert!(got.ci95.0 < plain.0 && got.ci95.1 > plain.1);
    }

    #[test]
    fn a_design_effect_below_1_is_taken_as_1_and_the_factor_still_applies() {
        // deff = 0.3 over 3 articles and 5 matches: n = 5 · (t(4)/t(2))².
        let (t, c) = sums(&[(1, 2), (1, 2), (0, 1)]);
        let got = wilson_clustered(&t, &c).unwrap();
        assert_eq!(got.design_effect, Some(0.3));
        let n = 5.0 * (T975[4] / T975[2]).powi(2);
        assert_interval(got.ci95, wilson_by_hand(0.4, n));
        assert_interval(got.ci95, (0.06503906271607163, 0.8646647094509828));
        // One match per article: X = k, the factor is 1, and with deff ≤ 1 the interval is
        // Wilson's over the matches exactly. (0/1 shares give deff = k/(k − 1) > 1, so that
        // takes a share of 0 or 1.)
        let (t, c) = sums(&[(1, 1), (1, 1), (1, 1)]);
        assert_eq!(
            wilson_clustered(&t, &c).unwrap().ci95,
            wilson(3, 3).unwrap()
        );
        assert_eq!(few_articles_factor(3, 3), Ok(1.0));
    }

    #[test]
    fn the_factor_tends_to_1_with_many_articles() {
        // t(n − 1) ≤ t(k − 1) for n ≥ k, so the factor is at most 1, and near 1 for k large.
        let f = |n, k| few_articles_factor(n, k).unwrap();
        assert!((f(4, 2) - (T975[3] / T975[1]).powi(2)).abs() < 1e-12);
        assert!(f(1000, 2) < f(1000, 10) && f(1000, 10) < f(1000, 100));
        // (scipy: (t.ppf(0.975, 999) / t.ppf(0.975, 99))² and the same with 10⁷ − 1, 10⁶ − 1.)
        assert!((f(1000, 100) - 0.978_072_050_479_593_2).abs() < 1e-12);
        // Past the switch to the expansion (t with 1,000 degrees of freedom and more).
        assert!((f(10_000_000, 1_000_000) - 0.999_997_821_342_105_9).abs() < 1e-14);
    }

    #[test]
    fn at_a_share_of_0_or_1_the_design_effect_is_taken_as_1() {
        let (t, c) = sums(&[(0, 3), (0, 1)]);
        let got = wilson_clustered(&t, &c).unwrap();
        assert_eq!(got.design_effect, None);
        assert_eq!(got.note, SHARE_AT_BOUND.0);
        // Wilson's with n = 4 · (t(3)/t(1))², k = 0: [0, z²/(n + z²)].
        let z2 = 1.959963984540054f64.powi(2);
        let n = 4.0 * (T975[3] / T975[1]).powi(2);
        assert_eq!(got.ci95.0, 0.0);
        assert!((got.ci95.1 - z2 / (n + z2)).abs() < 1e-13, "{got:?}");
        let (t, c) = sums(&[(3, 3), (1, 1)]);
        let got = wilson_clustered(&t, &c).unwrap();
        assert_eq!(got.design_effect, None);
        assert_eq!(got.ci95.1, 1.0);
        assert!((got.ci95.0 - n / (n + z2)).abs() < 1e-13, "{got:?}");
        // One match per article: Wilson's over the matches exactly.
        let (t, c) = sums(&[(1, 1), (1, 1)]);
        assert_eq!(
            wilson_clustered(&t, &c).unwrap().ci95,
            wilson(2, 2).unwrap()
        );
        // One article: no interval, whatever the share.
        let (t, c) = sums(&[(0, 3)]);
        assert_eq!(wilson_clustered(&t, &c), Err(ONE_ARTICLE));
        assert_eq!(
            wilson_clustered(&ArticleTotals::default(), &ArticleCounts::default()),
            Err(NO_TRIALS)
        );
    }

    #[test]
    fn sums_are_the_same_in_any_order_and_past_128_bits_the_floats_agree() {
        let articles: Vec<(u64, u64)> = (1..60u64).map(|i| (i % 7, i % 7 + i % 5)).collect();
        let mut reversed = articles.clone();
        reversed.reverse();
        assert_eq!(sums(&articles), sums(&reversed));
        // Huge counts: S no longer fits in 128 bits, and the float form takes over. Every
        // count multiplied by c leaves V as it was and divides V₀ by c, so deff grows c-fold.
        let big = 1u64 << 40;
        let scaled: Vec<(u64, u64)> = [(3, 3), (0, 1), (2, 5)]
            .iter()
            .map(|&(y, x)| (y * big, x * big))
            .collect();
        let small = deff(&[(3, 3), (0, 1), (2, 5)]).unwrap();
        let large = deff(&scaled).unwrap();
        let expected = small * big as f64;
        assert!(
            (large - expected).abs() < 1e-9 * expected,
            "{large} {expected}"
        );
    }
}
