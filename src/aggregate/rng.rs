//! A small deterministic random number generator, written here so that a seed gives the same
//! stream on every platform and forever: no crate upgrade can change a published bootstrap
//! interval.
//!
//! The generator is xoshiro256** (Blackman & Vigna 2018), its state filled from the seed by
//! SplitMix64 (Steele, Lea & Flood 2014), as its authors recommend. Bounded integers use
//! Lemire's multiply-and-reject method (Lemire 2019), which is exactly uniform: no modulo bias.
//! [`Counts`] draws the count of non-zero values in a sparse bootstrap resample, or on one side
//! of a permutation.

/// SplitMix64: a 64-bit counter passed through a fixed mixing function. Used to seed
/// [`Xoshiro256`] and to mix several values into one seed.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next output: `state += 0x9e3779b97f4a7c15`, then [`mix64`] of the new state.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.state)
    }
}

/// SplitMix64's finaliser (a variant of MurmurHash3's `fmix64`): a bijection on `u64` in which
/// every input bit affects every output bit.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// xoshiro256**: 256 bits of state, period 2^256 − 1, passes BigCrush; more than enough for
/// resampling.
#[derive(Debug, Clone)]
pub struct Xoshiro256 {
    s: [u64; 4],
}

impl Xoshiro256 {
    /// A generator whose state is the first four outputs of SplitMix64 started at `seed`.
    /// That state is never all zero, whatever the seed.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        Xoshiro256 { s }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform integer in `0..n` (Lemire 2019): take the high 64 bits of `x · n`, rejecting
    /// the few `x` whose low 64 bits fall below `2^64 mod n`, which would otherwise make some
    /// results more likely than others. Returns 0 when `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut low = m as u64;
        if low < n {
            // 2^64 mod n, computed without 128-bit division.
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                low = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// A uniform index into a slice of length `len`.
    pub fn index(&mut self, len: usize) -> usize {
        // usize is at most 64 bits on every platform Rust supports, so both casts are exact.
        self.below(len as u64) as usize
    }

    /// A uniform double in `[0, 1)`: the top 53 bits of the next output, times 2^-53 (every
    /// multiple of 2^-53 equally likely).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * UNIT
    }
}

/// 2^-53, the gap between the doubles [`Xoshiro256::unit`] returns.
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// Weights below this share of the most likely count's are left out of a [`Counts`]
/// table: 2^-70, so that all the counts left out together weigh less than 2^-60 of the whole,
/// far below the 2^-53 steps of [`Xoshiro256::unit`].
const NEGLIGIBLE: f64 = 1.0 / (1u128 << 70) as f64;

/// Draws of a count from a discrete distribution, by inversion with a table (Devroye 1986,
/// sec. III.2 and X.4): the binomial count of non-zero values in a sparse bootstrap resample
/// ([`Counts::binomial_of_share`]), and the hypergeometric count of them on one side of a
/// permutation ([`Counts::hypergeometric`]).
///
/// Built once, the table holds the cumulative weights of the counts around the most likely
/// one, whose weight is set to 1; each neighbour's weight comes from the one before by the
/// ratio of the two counts' probabilities, until a weight falls below 2^-70 (about ten
/// standard deviations out) or the count leaves its range. A draw is one uniform `u` from
/// [`Xoshiro256::unit`] times the total weight, and the first count whose cumulative weight
/// exceeds it (a binary search). Building takes one step per count in the table, a draw only
/// the search: a bootstrap or permutation test builds one table per sample and draws
/// thousands of times. Only `+ − × ÷` and `floor` on doubles, which IEEE 754 defines exactly:
/// a seed gives the same draws on every platform.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// The smallest count in the table.
    first: u64,
    /// Cumulative weights of the counts `first, first + 1, …`; never empty.
    cumulative: Vec<f64>,
}

impl Counts {
    /// Binomial: the successes in `n` independent trials that each succeed with probability
    /// `successes / n`, the share of a sample's values that are successes (as the sparse
    /// bootstrap asks). `successes` is capped at `n`. The most likely count is
    /// `⌊(n + 1)p⌋`; the ratio going up from count k is `(n − k)/(k + 1) · p/(1 − p)`.
    pub fn binomial_of_share(n: u64, successes: u64) -> Self {
        let successes = successes.min(n);
        if successes == 0 || successes == n {
            return Counts::certain(successes);
        }
        let p = successes as f64 / n as f64;
        let odds = p / (1.0 - p);
        let mode = (((n + 1) as f64 * p).floor() as u64).min(n);
        Counts::around(
            mode,
            (0, n),
            |k| (n - k) as f64 / (k + 1) as f64 * odds,
            |k| k as f64 / ((n - k + 1) as f64 * odds),
        )
    }

    /// Hypergeometric: how many of `successes` marked values among `population` land in `draws`
    /// values drawn without replacement (as a permutation test asks of the non-zero values
    /// that fall on one side). `successes` and `draws` are capped at `population`. Counts run
    /// from max(0, draws − (population − successes)) to min(draws, successes); the most likely
    /// is `⌊(draws + 1)(successes + 1)/(population + 2)⌋`, and the ratio going up from count k
    /// is `(successes − k)(draws − k) / ((k + 1)(population − successes − draws + k + 1))`.
    pub fn hypergeometric(population: u64, successes: u64, draws: u64) -> Self {
        let (n, s) = (draws.min(population), successes.min(population));
        let failures = population - s;
        let (low, high) = (n.saturating_sub(failures), n.min(s));
        if low == high {
            return Counts::certain(low);
        }
        let mode = ((((n + 1) as f64 * (s + 1) as f64) / (population + 2) as f64).floor() as u64)
            .clamp(low, high);
        Counts::around(
            mode,
            (low, high),
            |k| {
                ((s - k) as f64 * (n - k) as f64) / ((k + 1) as f64 * (failures + k + 1 - n) as f64)
            },
            |k| (k as f64 * (failures + k - n) as f64) / ((s - k + 1) as f64 * (n - k + 1) as f64),
        )
    }

    /// A count that is certain: a draw takes no random number.
    pub fn certain(count: u64) -> Self {
        Counts {
            first: count,
            cumulative: vec![1.0],
        }
    }

    /// The table around `mode`, within `low..=high`: `up(k)` is the ratio P(k + 1)/P(k) and
    /// `down(k)` the ratio P(k − 1)/P(k).
    fn around(
        mode: u64,
        (low, high): (u64, u64),
        up: impl Fn(u64) -> f64,
        down: impl Fn(u64) -> f64,
    ) -> Self {
        let mut above = Vec::new();
        let (mut w, mut k) = (1.0, mode);
        while k < high {
            w *= up(k);
            if w < NEGLIGIBLE {
                break;
            }
            above.push(w);
            k += 1;
        }
        let mut below = Vec::new();
        let (mut w, mut k) = (1.0, mode);
        while k > low {
            w *= down(k);
            if w < NEGLIGIBLE {
                break;
            }
            below.push(w);
            k -= 1;
        }
        let first = mode - below.len() as u64;
        let mut total = 0.0;
        let cumulative = below
            .iter()
            .rev()
            .chain(std::iter::once(&1.0))
            .chain(&above)
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Counts { first, cumulative }
    }

    /// One draw. Uses one random number, none when the count is certain.
    pub fn sample(&self, rng: &mut Xoshiro256) -> u64 {
        let last = self.cumulative.len() - 1;
        if last == 0 {
            return self.first;
        }
        let u = rng.unit() * self.cumulative[last];
        let at = self.cumulative.partition_point(|&c| c <= u).min(last);
        self.first + at as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values below come from a separate Python implementation of the published
    // algorithms, printed by `scripts/reference-stats.py` (section "rng").

    #[test]
    fn splitmix64_first_outputs_are_pinned() {
        let mut sm = SplitMix64::new(1234567);
        let got: Vec<u64> = (0..3).map(|_| sm.next_u64()).collect();
        assert_eq!(
            got,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423
            ]
        );
    }

    #[test]
    fn xoshiro_first_outputs_are_pinned() {
        let mut r = Xoshiro256::seed_from_u64(1);
        let got: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(got, XOSHIRO_SEED1);
    }

    #[test]
    fn bounded_integers_are_pinned_and_in_range() {
        let mut r = Xoshiro256::seed_from_u64(1);
        let got: Vec<u64> = (0..8).map(|_| r.below(10)).collect();
        assert_eq!(got, BELOW10_SEED1);
        let mut r = Xoshiro256::seed_from_u64(7);
        for n in [1u64, 2, 3, 7, 1000, u64::MAX] {
            for _ in 0..1000 {
                assert!(r.below(n) < n);
            }
        }
        assert_eq!(r.below(0), 0);
    }

    #[test]
    fn bounded_integers_are_roughly_uniform() {
        let mut r = Xoshiro256::seed_from_u64(42);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[r.index(6)] += 1;
        }
        // Each expected 10,000; sd ≈ 91. Six sd is a bug, not bad luck.
        for c in counts {
            assert!((9_450..=10_550).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn unit_doubles_are_pinned_and_in_range() {
        let mut r = Xoshiro256::seed_from_u64(1);
        let got: Vec<f64> = (0..3).map(|_| r.unit()).collect();
        assert_eq!(got, UNIT_SEED1);
        let mut r = Xoshiro256::seed_from_u64(5);
        for _ in 0..10_000 {
            let u = r.unit();
            assert!((0.0..1.0).contains(&u), "{u}");
        }
    }

    #[test]
    fn binomial_tables_and_draws_are_pinned() {
        // (n, successes, first count in the table, table length, six draws with seed 3)
        let cases: [(u64, u64, u64, usize, [u64; 6]); 4] = [
            (40, 4, 0, 31, [5, 5, 2, 4, 4, 3]),
            (12000, 600, 380, 469, [612, 608, 581, 602, 595, 594]),
            (7, 6, 0, 8, [7, 6, 5, 6, 6, 6]),
            (
                158723,
                79361,
                77399,
                3925,
                [79460, 79433, 79206, 79378, 79323, 79310],
            ),
        ];
        for (n, k, first, len, draws) in cases {
            let b = Counts::binomial_of_share(n, k);
            assert_eq!((b.first, b.cumulative.len()), (first, len), "{n} {k}");
            let mut r = Xoshiro256::seed_from_u64(3);
            let got: Vec<u64> = (0..6).map(|_| b.sample(&mut r)).collect();
            assert_eq!(got, draws, "{n} {k}");
        }
    }

    #[test]
    fn binomial_certain_counts_use_no_random_numbers() {
        let mut r = Xoshiro256::seed_from_u64(9);
        assert_eq!(Counts::binomial_of_share(50, 0).sample(&mut r), 0);
        assert_eq!(Counts::binomial_of_share(50, 50).sample(&mut r), 50);
        assert_eq!(Counts::binomial_of_share(50, 80).sample(&mut r), 50);
        assert_eq!(Counts::binomial_of_share(0, 0).sample(&mut r), 0);
        assert_eq!(r.next_u64(), Xoshiro256::seed_from_u64(9).next_u64());
    }

    /// `draws` draws from `table` (seeded with `seed`) against the exact probabilities `pmf`
    /// of the counts 0 to `largest`: Pearson's chi-square over the counts with an expected
    /// frequency of at least 5, the rest pooled, and its degrees of freedom. A draw of a count
    /// whose probability is 0 fails at once.
    fn chi_square_against_pmf(
        table: &Counts,
        pmf: impl Fn(u64) -> f64,
        largest: u64,
        draws: usize,
        seed: u64,
    ) -> (f64, usize) {
        let mut r = Xoshiro256::seed_from_u64(seed);
        let mut seen = vec![0u64; largest as usize + 1];
        for _ in 0..draws {
            seen[table.sample(&mut r) as usize] += 1;
        }
        let (mut chi2, mut cells) = (0.0, 0);
        let (mut pooled_seen, mut pooled_expected) = (0.0, 0.0);
        for (count, &s) in seen.iter().enumerate() {
            let expected = pmf(count as u64) * draws as f64;
            if expected >= 5.0 {
                chi2 += (s as f64 - expected).powi(2) / expected;
                cells += 1;
            } else {
                assert!(expected > 0.0 || s == 0, "{s} draws of {count}, impossible");
                pooled_seen += s as f64;
                pooled_expected += expected;
            }
        }
        if pooled_expected > 0.0 {
            chi2 += (pooled_seen - pooled_expected).powi(2) / pooled_expected;
            cells += 1;
        }
        (chi2, cells - 1)
    }

    #[test]
    fn binomial_draws_follow_the_binomial_distribution() {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        for (n, k) in [
            (40, 4),
            (12000, 600),
            (7, 6),
            (1000, 500),
            (300, 1),
            (300, 299),
        ] {
            use statrs::distribution::{Binomial as Exact, Discrete};
            let exact = Exact::new(k as f64 / n as f64, n).unwrap();
            let table = Counts::binomial_of_share(n, k);
            let (chi2, df) = chi_square_against_pmf(&table, |c| exact.pmf(c), n, 200_000, 11);
            let p = ChiSquared::new(df as f64).unwrap().sf(chi2);
            // A fixed seed, so this is not flaky: a p value this small means a wrong sampler.
            assert!(p > 1e-4, "n {n}, k {k}: chi2 {chi2} on {df} df, p {p}");
        }
    }

    #[test]
    fn binomial_tables_reach_ten_standard_deviations() {
        for (n, k) in [
            (12000u64, 600u64),
            (158723, 79361),
            (1_000_000, 3),
            (64, 32),
        ] {
            let b = Counts::binomial_of_share(n, k);
            let p = k as f64 / n as f64;
            let (mean, sd) = (n as f64 * p, (n as f64 * p * (1.0 - p)).sqrt());
            let last = b.first + b.cumulative.len() as u64 - 1;
            assert!(
                b.first == 0 || (b.first as f64) < mean - 9.0 * sd,
                "{n} {k}"
            );
            assert!(last == n || (last as f64) > mean + 9.0 * sd, "{n} {k}");
            assert!(b.cumulative.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn hypergeometric_draws_follow_the_hypergeometric_distribution() {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        use statrs::function::factorial::ln_binomial;
        // (population, successes, draws): a small group against the rest, two halves, more
        // successes than failures, and a range that starts above 0.
        for (population, successes, draws) in [
            (12_000u64, 1_300u64, 40u64),
            (9_000, 900, 4_500),
            (50, 45, 10),
            (20, 15, 12),
            (1_000, 3, 500),
        ] {
            let table = Counts::hypergeometric(population, successes, draws);
            // In logs: statrs's `Hypergeometric::pmf` underflows to 0 at these sizes.
            let pmf = |k: u64| {
                if k > successes || draws - k > population - successes {
                    return 0.0;
                }
                (ln_binomial(successes, k) + ln_binomial(population - successes, draws - k)
                    - ln_binomial(population, draws))
                .exp()
            };
            let (chi2, df) = chi_square_against_pmf(&table, pmf, draws, 200_000, 13);
            let p = ChiSquared::new(df as f64).unwrap().sf(chi2);
            assert!(
                p > 1e-4,
                "{population} {successes} {draws}: chi2 {chi2} on {df} df, p {p}"
            );
        }
    }

    #[test]
    fn hypergeometric_tables_and_draws_are_pinned() {
        // (population, successes, draws, first count in the table, table length, six draws
        // with seed 3), from the Python copy in `scripts/reference-stats.py`.
        let cases: [(u64, u64, u64, u64, usize, [u64; 6]); 4] = [
            (12000, 1300, 40, 0, 31, [5, 5, 3, 4, 4, 4]),
            (9000, 900, 4500, 311, 279, [457, 455, 439, 451, 447, 446]),
            (20, 15, 12, 7, 6, [9, 9, 8, 9, 9, 9]),
            (1000, 3, 500, 0, 4, [2, 2, 1, 2, 1, 1]),
        ];
        for (population, successes, draws, first, len, want) in cases {
            let h = Counts::hypergeometric(population, successes, draws);
            assert_eq!(
                (h.first, h.cumulative.len()),
                (first, len),
                "{population} {successes}"
            );
            let mut r = Xoshiro256::seed_from_u64(3);
            let got: Vec<u64> = (0..6).map(|_| h.sample(&mut r)).collect();
            assert_eq!(got, want, "{population} {successes} {draws}");
        }
    }

    #[test]
    fn hypergeometric_counts_stay_in_their_range() {
        // 15 of 20 marked, 12 drawn: at least 7 and at most 12 are marked.
        let t = Counts::hypergeometric(20, 15, 12);
        assert_eq!(t.first, 7);
        assert_eq!(t.first + t.cumulative.len() as u64 - 1, 12);
        // Every value marked, or none, or none drawn: certain, and no random number taken.
        let mut r = Xoshiro256::seed_from_u64(9);
        assert_eq!(Counts::hypergeometric(30, 30, 7).sample(&mut r), 7);
        assert_eq!(Counts::hypergeometric(30, 0, 7).sample(&mut r), 0);
        assert_eq!(Counts::hypergeometric(30, 12, 0).sample(&mut r), 0);
        assert_eq!(Counts::hypergeometric(30, 12, 30).sample(&mut r), 12);
        assert_eq!(r.next_u64(), Xoshiro256::seed_from_u64(9).next_u64());
    }

    const UNIT_SEED1: [f64; 3] = [0.7029218331588505, 0.5204366199388569, 0.5741057000197225];
    const XOSHIRO_SEED1: [u64; 4] = [
        12966619160104079557,
        9600361134598540522,
        10590380919521690900,
        7218738570589545383,
    ];
    const BELOW10_SEED1: [u64; 8] = [7, 5, 5, 3, 6, 1, 0, 3];
}
