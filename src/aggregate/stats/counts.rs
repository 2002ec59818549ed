//! Counts and proportions: log-likelihood keyness and the log ratio (`terms.csv`), Wilson
//! intervals and the two-proportion test (`choices.csv`, `groups.csv`), with the exact test
//! the latter falls back to on small counts.

use statrs::function::erf::erfc;

use super::{
    ALL_USE, BOTH_ZERO, COUNT_TOO_LARGE, Degenerate, EMPTY, FISHER_TOLERANCE, NO_TRIALS, NO_WORDS,
    NONE_USE, ZERO_OUTWEIGHS, finite, z_975,
};

/// Log-likelihood G² keyness (Dunning 1993) in the two-cell form of Rayson & Garside (2000),
/// with its p value from χ² with 1 degree of freedom.
///
/// `a` = count in the group, `b` = count in the rest, `c` = words in the group, `d` = words in
/// the rest. E₁ = c(a + b)/(c + d), E₂ = d(a + b)/(c + d); G² = 2(a·ln(a/E₁) + b·ln(b/E₂)) with
/// 0·ln 0 = 0 (never below 0: rounding is clamped). G² carries no sign; see [`log_ratio`].
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> Result<(f64, f64), Degenerate> {
    let g2 = log_likelihood_statistic(a, b, c, d)?;
    Ok((g2, chi_square_1_sf(g2)?))
}

/// P(χ² ≥ x) with one degree of freedom: the p value of G², or of G² divided by a dispersion.
/// With one degree of freedom χ² is the square of a standard normal, so this is
/// erfc(√(x/2)): the same value as the χ² distribution's upper tail, from a rational
/// approximation instead of the incomplete gamma function's series, at a small part of the
/// cost (`terms.csv` asks for two per row).
pub fn chi_square_1_sf(x: f64) -> Result<f64, Degenerate> {
    finite(erfc((x.max(0.0) / 2.0).sqrt()))
}

/// G² of [`log_likelihood`], without its p value.
fn log_likelihood_statistic(a: u64, b: u64, c: u64, d: u64) -> Result<f64, Degenerate> {
    if c == 0 || d == 0 {
        return Err(NO_WORDS);
    }
    if a == 0 && b == 0 {
        return Err(BOTH_ZERO);
    }
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let term = |o: f64, e: f64| if o == 0.0 { 0.0 } else { o * (o / e).ln() };
    finite((2.0 * (term(a, e1) + term(b, e2))).max(0.0))
}

/// Hardie's (2014) log ratio: log₂((a/c) / (b/d)), the binary log of the ratio of relative
/// frequencies (same letters as [`log_likelihood`]). A count of 0 is replaced by 0.5 so that
/// an entry found in one group only still gets a finite ratio. Undefined when both counts
/// are 0 or either group has no words, and when the stand-in would reverse the ratio's sign:
/// in a group of few words, 0.5 can be a higher rate than the other side's real count, and
/// the ratio would then call "used more" an entry the group never used.
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> Result<f64, Degenerate> {
    if c == 0 || d == 0 {
        return Err(NO_WORDS);
    }
    if a == 0 && b == 0 {
        return Err(BOTH_ZERO);
    }
    let adj = |x: u64| if x == 0 { 0.5 } else { x as f64 };
    let ratio = finite(((adj(a) / c as f64) / (adj(b) / d as f64)).log2())?;
    if (a == 0 && ratio >= 0.0) || (b == 0 && ratio <= 0.0) {
        return Err(ZERO_OUTWEIGHS);
    }
    Ok(ratio)
}

/// Wilson's (1927) score interval for a proportion k/n, 95%: with p̂ = k/n and z the 0.975
/// normal quantile, (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n); exactly 0 as the
/// lower bound when k = 0 and 1 as the upper when k = n.
pub fn wilson(k: u64, n: u64) -> Result<(f64, f64), Degenerate> {
    if n == 0 {
        return Err(NO_TRIALS);
    }
    if k > n {
        return Err(COUNT_TOO_LARGE);
    }
    wilson_counts(k as f64, n as f64, k == 0, k == n)
}

/// Wilson's score interval, 95%, for a share `p` estimated with the weight of `n` independent
/// trials, where `n` need not be a whole number: the effective number of trials of a weighted
/// or stratified estimate (Kish 1965), as in survey software's Wilson limits. The formula of
/// [`wilson`] with k = p·n; exactly 0 as the lower bound when p = 0 and 1 as the upper when
/// p = 1.
pub fn wilson_effective(p: f64, n: f64) -> Result<(f64, f64), Degenerate> {
    if !(n > 0.0 && n.is_finite()) {
        return Err(NO_TRIALS);
    }
    if !(0.0..=1.0).contains(&p) {
        return Err(COUNT_TOO_LARGE);
    }
    wilson_counts(p * n, n, p == 0.0, p == 1.0)
}

/// The Wilson interval of `k` successes in `n` trials (either may be fractional), with the
/// bounds pinned at 0 and 1 when there are none or only successes.
fn wilson_counts(kf: f64, nf: f64, none: bool, all: bool) -> Result<(f64, f64), Degenerate> {
    let z = z_975();
    let p = kf / nf;
    // The same formula multiplied through by 2n, as Newcombe (1998) writes it.
    let denom = 2.0 * (nf + z * z);
    let centre = (2.0 * kf + z * z) / denom;
    let half = z / denom * (4.0 * kf * (1.0 - p) + z * z).sqrt();
    let low = if none { 0.0 } else { (centre - half).max(0.0) };
    let high = if all { 1.0 } else { (centre + half).min(1.0) };
    Ok((finite(low)?, finite(high)?))
}

/// Fisher's exact test, two-sided, of "share of articles using an entry: k1 of n1 in the
/// group vs k2 of n2 in the rest".
///
/// Chosen over a χ² or z test because shares of articles are often tiny counts, where those
/// approximations fail. With the margins fixed (N = n1 + n2 articles, K = k1 + k2 users), the
/// group's count X is hypergeometric: P(x) = C(K, x)·C(N − K, n1 − x) / C(N, n1), computed
/// from log-factorials (log-gamma). p = Σ P(x) over every x with P(x) ≤ P(k1)·(1 + 10⁻⁷),
/// the tolerance letting tables that are equally likely in exact arithmetic count as equal
/// (R's `fisher.test` uses the same; SciPy's `fisher_exact` uses 10⁻¹⁴). Undefined when a
/// group is empty or nobody / everybody uses the entry (a single possible table).
pub fn two_proportion_test(k1: u64, n1: u64, k2: u64, n2: u64) -> Result<f64, Degenerate> {
    if n1 == 0 || n2 == 0 {
        return Err(EMPTY);
    }
    if k1 > n1 || k2 > n2 {
        return Err(COUNT_TOO_LARGE);
    }
    let (n, k) = (n1 + n2, k1 + k2);
    if k == 0 {
        return Err(NONE_USE);
    }
    if k == n {
        return Err(ALL_USE);
    }
    // ln C(m, r) = ln m! − ln r! − ln (m − r)!, with ln m! given: K and N − K are the same
    // in every term, so theirs are computed once, not per term (the same bits: the terms are
    // subtracted in the same order). Past the log-factorial table each is a log-gamma.
    let ln_choose = |ln_m: f64, m: u64, r: u64| ln_m - ln_factorial(r) - ln_factorial(m - r);
    let (ln_users, ln_others) = (ln_factorial(k), ln_factorial(n - k));
    let total = ln_choose(ln_factorial(n), n, n1);
    let ln_p = |x: u64| ln_choose(ln_users, k, x) + ln_choose(ln_others, n - k, n1 - x) - total;
    let observed = ln_p(k1);
    // ln(1 + ε) ≈ ε for ε this small.
    let limit = observed + FISHER_TOLERANCE;
    let (lo, mode, hi) = fisher_support(k, n1, n2, ln_p);
    let mut p = 0.0f64;
    for x in lo..=hi {
        let l = ln_p(x);
        if l > limit {
            continue;
        }
        let term = l.exp();
        // Past the mode the terms only fall: once one is below half a unit in the last place
        // of the sum, adding it and every later one leaves the sum's bits as they are.
        if x > mode && p > 0.0 && term < (f64::from_bits(p.to_bits() + 1) - p) / 2.0 {
            break;
        }
        p += term;
    }
    finite(p.min(1.0))
}

/// The tables Fisher's test must add up, and the mode: every possible x, less the tails whose
/// probability is below e⁻⁸⁰⁰, since `exp` of those is exactly 0.0 and adding them changes no bit of the
/// sum. The hypergeometric distribution is unimodal, so each tail is found by a binary search
/// from the mode: the work per test grows with the spread of the distribution, not with the
/// number of articles (an entry used in 50,000 of 100,000 articles needs about 4,000 terms,
/// not 50,000).
fn fisher_support(k: u64, n1: u64, n2: u64, ln_p: impl Fn(u64) -> f64) -> (u64, u64, u64) {
    const NEGLIGIBLE: f64 = -800.0;
    let (lo, hi) = (k.saturating_sub(n2), k.min(n1));
    let n = n1 + n2;
    // The mode: ⌊(K + 1)(n₁ + 1) / (N + 2)⌋, computed without overflow.
    let mode = ((u128::from(k) + 1) * (u128::from(n1) + 1) / (u128::from(n) + 2)) as u64;
    let mode = mode.clamp(lo, hi);
    // Smallest x in [lo, mode] whose term counts (ln P rises towards the mode).
    let (mut a, mut b) = (lo, mode);
    while a < b {
        let mid = a + (b - a) / 2;
        if ln_p(mid) >= NEGLIGIBLE {
            b = mid
        } else {
            a = mid + 1
        }
    }
    let first = a;
    // Largest x in [mode, hi] whose term counts (ln P falls after the mode).
    let (mut a, mut b) = (mode, hi);
    while a < b {
        let mid = a + (b - a).div_ceil(2);
        if ln_p(mid) >= NEGLIGIBLE {
            a = mid
        } else {
            b = mid - 1
        }
    }
    (first, mode, a)
}

/// ln(n!), exactly as statrs computes it (log-gamma past 170), from tables: Fisher's test above
/// takes four of these per term, and `terms.csv` runs one test per group and entry, so the
/// tables take the keyness tests from a tenth of a run's time to almost nothing without
/// changing a bit of any p value. The first table (n < 2¹⁶, 512 KiB) serves corpora of up to
/// 65,535 articles. The second (n < 2²⁰, 7.5 MiB more, about 20 ms to build) is built the
/// first time a larger corpus asks, and serves up to about a million articles: a test's
/// support widens with the corpus. The 442,520 tests of a 1 GB corpus (158,710 articles)
/// took 0.91 s of one core's time with log-gamma past the first table, as in 0.9.0, and 0.20
/// s with both; with every count five times as large, 3.17 s and 0.45 s (`docs/performance.md`;
/// `cargo bench --bench keyness`). Past the second table each value is a log-gamma again.
/// The tables are built on the thread that first asks, not on the worker pool: a pool thread
/// waiting for the build could be handed a test that asks for the table again, and wait for
/// itself.
pub(super) fn ln_factorial(n: u64) -> f64 {
    const SMALL: u64 = 1 << 16;
    const LARGE: u64 = 1 << 20;
    static SMALL_TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    static LARGE_TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = |first: u64, end: u64| -> Vec<f64> {
        (first..end)
            .map(statrs::function::factorial::ln_factorial)
            .collect()
    };
    let cached = if n < SMALL {
        SMALL_TABLE.get_or_init(|| table(0, SMALL)).get(n as usize)
    } else if n < LARGE {
        LARGE_TABLE
            .get_or_init(|| table(SMALL, LARGE))
            .get((n - SMALL) as usize)
    } else {
        None
    };
    cached
        .copied()
        .unwrap_or_else(|| statrs::function::factorial::ln_factorial(n))
}

#[cfg(test)]
mod tests;
