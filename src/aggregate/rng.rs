//! A small deterministic random number generator, written here so that a seed gives the same
//! stream on every platform and forever: no crate upgrade can change a published bootstrap
//! interval.
//!
//! The generator is xoshiro256** (Blackman & Vigna 2018), its state filled from the seed by
//! SplitMix64 (Steele, Lea & Flood 2014), as its authors recommend. Bounded integers use
//! Lemire's multiply-and-reject method (Lemire 2019), which is exactly uniform: no modulo bias.

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

    const XOSHIRO_SEED1: [u64; 4] = [
        12966619160104079557,
        9600361134598540522,
        10590380919521690900,
        7218738570589545383,
    ];
    const BELOW10_SEED1: [u64; 8] = [7, 5, 5, 3, 6, 1, 0, 3];
}
