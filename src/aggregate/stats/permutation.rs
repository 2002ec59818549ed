//! The studentised permutation test of a difference of means: Welch's t referred to its own
//! distribution over random reassignments of the pooled values to the two groups, instead of
//! to Student's t. Deterministic: a seed gives the same p value on every platform.
//!
//! Why: per-article rates of a rare category are mostly 0 with a long right tail, and when
//! one group is small and the other large (`--pairs rest`, an outlet against every other
//! article) the skewness of the small group's mean does not cancel against the other's, so
//! Welch's p value finds differences that are not there (`scripts/compare-calibration.py
//! --ratio`; the codebook, *Calibration*). Under the hypothesis that both groups come from one
//! distribution, every reassignment is as likely as the one observed, so the permutation p
//! value holds its level exactly, whatever the shape and the group sizes; and because the
//! statistic is studentised, it stays a test of equal means, asymptotically, when the two
//! distributions differ in spread or shape (Janssen 1997; Chung & Romano 2013).

use super::bootstrap::mostly_zeros;
use super::{Degenerate, NO_PERMUTATIONS, sizes};
use crate::aggregate::rng::{Counts, Xoshiro256};

/// A permuted |t| at least this share of the observed |t| counts as at least as extreme. The
/// observed t comes from two-pass moments and the permuted ones from running sums, so the
/// same split can differ in the last bits; 10⁻⁹ is far above that rounding and far below any
/// difference that matters.
const TIES: f64 = 1e-9;

/// A row stops permuting once this many permutations have been at least as extreme as the
/// observed split (Besag & Clifford 1991).
pub const STOP_AFTER: usize = 200;

/// Two-sided p value of Welch's t by at most `reps` random permutations: the share of
/// permutations whose |t| is at least the observed `|t|`, sequentially (Besag & Clifford
/// 1991). Permuting stops as soon as `STOP_AFTER` (200) permutations have been as extreme,
/// at the l-th, and then p = STOP_AFTER / l; a row whose p value is clearly large stops after
/// a few hundred permutations (about STOP_AFTER / p), and only the rows with small p values
/// use all `reps`. Otherwise, with c as extreme among all `reps`, p = (1 + c) / (1 + reps), the
/// observed assignment counted as one of the permutations (Phipson & Smyth 2010): never 0, at
/// least 1 / (reps + 1). Either way P(p ≤ α) ≤ α when the two groups are samples of one
/// population, and near 0.05 the estimate is as precise as from a fixed 4,000 permutations.
///
/// Each permutation draws, without replacement, as many of the pooled values as the smaller
/// group has (random numbers from [`Xoshiro256`] seeded with `seed`), and computes t* from
/// the sums and sums of squares of the drawn values and of the rest. A permutation whose two
/// sides are both constant has t* = 0 when their means agree and an infinite |t*| otherwise.
/// Needs 2 values per group and at least one permutation; the caller gives the observed t
/// only when Welch's test had one.
pub fn permutation_p(
    a: &[f64],
    b: &[f64],
    observed_t: f64,
    reps: usize,
    seed: u64,
) -> Result<f64, Degenerate> {
    sequential_p(a, b, observed_t, reps, seed, STOP_AFTER)
}

/// [`permutation_p`], stopping after `stop_after` extreme permutations (`usize::MAX`: never,
/// a fixed number of permutations).
fn sequential_p(
    a: &[f64],
    b: &[f64],
    observed_t: f64,
    reps: usize,
    seed: u64,
    stop_after: usize,
) -> Result<f64, Degenerate> {
    sizes(a.len(), b.len(), 2)?;
    if reps == 0 {
        return Err(NO_PERMUTATIONS);
    }
    let (drawn, rest) = (a.len().min(b.len()), a.len().max(b.len()));
    let pool = Pool::new(a, b, drawn);
    let mut scratch = pool.values.clone();
    let mut rng = Xoshiro256::seed_from_u64(seed);
    let bar = observed_t.abs() * (1.0 - TIES);
    let mut as_extreme = 0usize;
    for done in 1..=reps {
        let (sum, squares) = pool.draw(&mut scratch, &mut rng);
        let t = t_of_sums(
            (sum, squares, drawn),
            (pool.sum - sum, pool.squares - squares, rest),
        );
        as_extreme += usize::from(t.abs() >= bar);
        if as_extreme == stop_after {
            return Ok(as_extreme as f64 / done as f64);
        }
    }
    Ok((as_extreme + 1) as f64 / (reps + 1) as f64)
}

/// The pooled values of both groups, ready to be split at random many times.
///
/// A split is `drawn` values taken without replacement; only their sum and sum of squares
/// matter, and the rest's are the pool's totals less those. When at least one value in eight
/// is zero, the pool keeps only the non-zero values and a split first draws how many of them
/// land among the `drawn` values (hypergeometric, [`Counts::hypergeometric`]), then which: a
/// zero adds nothing to either sum, so the split has exactly the same distribution and needs
/// far fewer random numbers. Otherwise the pool keeps every value less the pooled mean, so
/// that the sums of squares do not grow with the values' distance from 0 (Welch's t is the
/// same for values shifted by a constant).
struct Pool {
    values: Vec<f64>,
    /// How many of `values` a split draws.
    count: Counts,
    sum: f64,
    squares: f64,
}

impl Pool {
    fn new(a: &[f64], b: &[f64], drawn: usize) -> Self {
        let all = || a.iter().chain(b).copied();
        let n = a.len() + b.len();
        let nonzero = all().filter(|&x| x != 0.0).count();
        let (values, count): (Vec<f64>, Counts) = if mostly_zeros(nonzero, n) {
            let kept = all().filter(|&x| x != 0.0).collect();
            let count = Counts::hypergeometric(n as u64, nonzero as u64, drawn as u64);
            (kept, count)
        } else {
            let mean = all().sum::<f64>() / n as f64;
            let centred = all().map(|x| x - mean).collect();
            // Every value is in the pool: a split draws `drawn` of them.
            (centred, Counts::certain(drawn as u64))
        };
        let sum = values.iter().sum();
        let squares = values.iter().map(|x| x * x).sum();
        Pool {
            values,
            count,
            sum,
            squares,
        }
    }

    /// One split: the sum and sum of squares of the drawn values. A partial Fisher–Yates
    /// shuffle of `scratch` (a copy of `values`, in whatever order earlier splits left it):
    /// its first k places become a uniformly random k of the values.
    fn draw(&self, scratch: &mut [f64], rng: &mut Xoshiro256) -> (f64, f64) {
        let k = self.count.sample(rng) as usize;
        let (mut sum, mut squares) = (0.0, 0.0);
        for i in 0..k.min(scratch.len()) {
            let j = i + rng.index(scratch.len() - i);
            scratch.swap(i, j);
            let x = scratch[i];
            sum += x;
            squares += x * x;
        }
        (sum, squares)
    }
}

/// Welch's t of two samples given as (sum, sum of squares, size), each size at least 2.
fn t_of_sums((s1, q1, n1): (f64, f64, usize), (s2, q2, n2): (f64, f64, usize)) -> f64 {
    let (n1, n2) = (n1 as f64, n2 as f64);
    let (m1, m2) = (s1 / n1, s2 / n2);
    let v1 = ((q1 - s1 * m1) / (n1 - 1.0)).max(0.0);
    let v2 = ((q2 - s2 * m2) / (n2 - 1.0)).max(0.0);
    let se2 = v1 / n1 + v2 / n2;
    let d = m1 - m2;
    if se2 > 0.0 {
        d / se2.sqrt()
    } else if d == 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::stats::welch_t;

    /// The exact permutation p value: every way of choosing which of the pooled values form
    /// group a, Welch's t of each (from two-pass moments, as slant reports it), and the
    /// share whose |t| is at least the observed one.
    fn exact_p(a: &[f64], b: &[f64]) -> f64 {
        let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
        let observed = welch_t(a, b).unwrap().t.abs();
        let n = pooled.len();
        let (mut as_extreme, mut all) = (0u32, 0u32);
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize != a.len() {
                continue;
            }
            let side = |of_a: bool| -> Vec<f64> {
                (0..n)
                    .filter(|&i| (mask >> i & 1 == 1) == of_a)
                    .map(|i| pooled[i])
                    .collect()
            };
            let (x, y) = (side(true), side(false));
            // Both sides constant: as slant counts it, extreme unless the means agree.
            let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
            let t = welch_t(&x, &y).map_or_else(
                |_| {
                    if mean(&x) == mean(&y) {
                        0.0
                    } else {
                        f64::INFINITY
                    }
                },
                |t| t.t.abs(),
            );
            all += 1;
            as_extreme += u32::from(t >= observed * (1.0 - TIES));
        }
        f64::from(as_extreme) / f64::from(all)
    }

    /// A fixed number of permutations, none of the sequential stop.
    fn p(a: &[f64], b: &[f64], reps: usize, seed: u64) -> f64 {
        sequential_p(a, b, welch_t(a, b).unwrap().t, reps, seed, usize::MAX).unwrap()
    }

    /// As slant reports it: stopping after `STOP_AFTER` extreme permutations.
    fn sequential(a: &[f64], b: &[f64], reps: usize, seed: u64) -> f64 {
        permutation_p(a, b, welch_t(a, b).unwrap().t, reps, seed).unwrap()
    }

    #[test]
    fn the_p_value_estimates_the_exact_permutation_p_value() {
        // Mostly zeros (the sparse pool), no zeros (the centred pool), and groups of unequal
        // size either way round.
        let cases: [(&[f64], &[f64]); 4] = [
            (&[0.0, 0.0, 1.5, 3.0], &[0.0, 0.0, 0.0, 2.0, 0.5, 0.0, 0.0]),
            (&[1.2, 3.4, 2.2, 5.0], &[0.7, 1.1, 2.9, 3.3, 0.4, 2.0]),
            (
                &[0.0, 4.0, 0.0, 0.0, 0.0, 0.0, 6.0, 0.0, 0.0],
                &[0.0, 1.0, 0.0],
            ),
            (
                &[1003.0, 1001.5, 1004.0],
                &[1000.0, 1002.0, 999.5, 1000.5, 1001.0],
            ),
        ];
        let reps = 200_000;
        for (a, b) in cases {
            let exact = exact_p(a, b);
            let got = p(a, b, reps, 17);
            // Four standard errors of a share estimated from 200,000 draws.
            let tolerance = 4.0 * (exact * (1.0 - exact) / reps as f64).sqrt() + 1e-5;
            assert!(
                (got - exact).abs() < tolerance,
                "{a:?} {b:?}: exact {exact}, estimated {got}"
            );
        }
    }

    #[test]
    fn stopping_early_gives_the_share_so_far_and_the_same_permutations() {
        let a = [0.0, 2.0, 0.0, 1.0, 0.0, 3.5, 0.0];
        let b = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5];
        let exact = exact_p(&a, &b);
        let got = sequential(&a, &b, 100_000, 5);
        // STOP_AFTER / l: a whole number of permutations l, and the same l as counting the
        // fixed run's permutations up to its STOP_AFTER-th extreme one.
        let l = STOP_AFTER as f64 / got;
        assert!((l - l.round()).abs() < 1e-6, "{got}");
        let l = l.round() as usize;
        let upto = sequential_p(&a, &b, welch_t(&a, &b).unwrap().t, l, 5, usize::MAX).unwrap();
        assert_eq!(upto, (STOP_AFTER + 1) as f64 / (l + 1) as f64);
        let fewer = sequential_p(&a, &b, welch_t(&a, &b).unwrap().t, l - 1, 5, usize::MAX);
        assert_eq!(fewer.unwrap(), STOP_AFTER as f64 / l as f64);
        // About 1/√STOP_AFTER relative error: 4.5 of those.
        assert!(
            (got - exact).abs() < 4.5 * exact / (STOP_AFTER as f64).sqrt(),
            "{got} {exact}"
        );
        // A clear difference never stops: all 100,000 permutations, p from the fixed formula.
        let far: Vec<f64> = a.iter().map(|x| x + 10.0).collect();
        let got = sequential(&far, &b, 9_999, 5);
        let count = got * 10_000.0;
        assert!((count - count.round()).abs() < 1e-6 && got < 0.01, "{got}");
    }

    #[test]
    fn separated_groups_are_as_extreme_as_only_their_mirror_image() {
        // Of the 20 splits of six values into three and three, only the observed one and its
        // mirror image have |t| as large: exactly 0.1.
        let (a, b) = ([10.0, 11.0, 12.0], [0.0, 1.0, 2.0]);
        assert_eq!(exact_p(&a, &b), 0.1);
        let got = p(&a, &b, 100_000, 3);
        assert!((got - 0.1).abs() < 0.004, "{got}");
    }

    #[test]
    fn the_p_value_is_never_0_and_counts_the_observed_split() {
        // Groups so far apart that almost no permutation is as extreme: p = (1 + c)/(1 + reps).
        let a: Vec<f64> = (0..40).map(|i| 100.0 + f64::from(i)).collect();
        let b: Vec<f64> = (0..40).map(f64::from).collect();
        assert_eq!(p(&a, &b, 99, 1), 0.01);
        assert_eq!(p(&a, &b, 1, 1), 0.5);
    }

    #[test]
    fn it_is_deterministic_and_seed_dependent() {
        let a = [0.0, 2.0, 0.0, 1.0, 0.0, 3.5, 0.0];
        let b = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5];
        assert_eq!(p(&a, &b, 999, 5).to_bits(), p(&a, &b, 999, 5).to_bits());
        let seeds: Vec<f64> = (0..8).map(|s| p(&a, &b, 999, s)).collect();
        assert!(seeds.iter().any(|&x| x != seeds[0]), "{seeds:?}");
    }

    #[test]
    fn degenerate_input_gives_reasons() {
        assert_eq!(
            permutation_p(&[1.0, 2.0], &[3.0, 4.0], 1.0, 0, 1),
            Err(NO_PERMUTATIONS)
        );
        assert_eq!(
            permutation_p(&[1.0], &[3.0, 4.0], 1.0, 10, 1),
            Err(crate::aggregate::stats::TOO_FEW)
        );
        assert_eq!(
            permutation_p(&[], &[3.0, 4.0], 1.0, 10, 1),
            Err(crate::aggregate::stats::EMPTY)
        );
    }

    #[test]
    fn a_split_with_no_variance_on_either_side_is_extreme_unless_the_means_agree() {
        assert_eq!(t_of_sums((0.0, 0.0, 3), (0.0, 0.0, 4)), 0.0);
        assert_eq!(t_of_sums((3.0, 3.0, 3), (0.0, 0.0, 4)), f64::INFINITY);
        // Group a (2, 4, 6) against (1, 1): mean 4, variance 4; mean 1, variance 0.
        let t = t_of_sums((12.0, 56.0, 3), (2.0, 2.0, 2));
        assert!((t - 3.0 / (4.0f64 / 3.0).sqrt()).abs() < 1e-12, "{t}");
    }
}
