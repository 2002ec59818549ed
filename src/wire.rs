//! Wire-copy detection: finds articles that are near-duplicates of an earlier article, such as
//! one agency story republished by several outlets with small edits. Pure and deterministic:
//! the same texts in the same order give the same answers on every run, platform and Rust
//! release, because every hash here is written out below (no `std` hasher decides a result).
//!
//! # Method
//! 1. **Shingles.** The title and the body are each read as a sequence of word keys
//!    ([`Analysis::key`]: folded, lower-case), and every run of [`SHINGLE_WORDS`] consecutive
//!    keys is one shingle. A shingle never spans title and body (the headline is the part
//!    outlets rewrite most, and it does not continue into the first sentence); a part shorter
//!    than [`SHINGLE_WORDS`] words gives one shingle of all its words. Each word key is hashed
//!    with FNV-1a (64 bit) and the keys of a shingle are combined with the SplitMix64
//!    finaliser. Similarity is the Jaccard index of the two sets of shingles.
//! 2. **MinHash, one permutation.** Each shingle is mixed once with SplitMix64; the top 7
//!    bits of the result pick one of [`PERMUTATIONS`] bins and the low 32 bits compete for that
//!    bin's minimum (one-permutation hashing, Li, Owen and Zhang 2012). Bins no shingle fell
//!    into borrow the value of a non-empty bin found by a fixed hash sequence of (bin,
//!    attempt) — optimal densification (Shrivastava 2017) — so the share of equal positions
//!    in two signatures is still an unbiased estimate of their Jaccard index, with a standard
//!    error close to classic MinHash's `sqrt(J(1-J)/128)` (at most about 0.044). One hash per
//!    shingle instead of 128 makes a fingerprint about 30 times cheaper to compute.
//! 3. **Banding (LSH).** [`DuplicateIndex`] cuts each signature into `b` bands of consecutive
//!    values, as even in size as they can be (band `i` covers positions `⌊128i/b⌋` up to
//!    `⌊128(i+1)/b⌋`), and keeps, per band, a table from the band's hash to the articles that
//!    had it; only articles sharing at least one whole band with the new one are compared. `b`
//!    is one more than the number of positions a pair may differ in and still reach the
//!    threshold (`b = 26` at the default 0.8, where up to 25 of 128 may differ: 24 bands of 5
//!    values and 2 of 4): by pigeonhole, every pair whose estimate reaches the threshold
//!    shares a whole band, so the banding never loses a copy that the verification would
//!    accept. More bands would only cost memory; fewer could lose copies.
//! 4. **Verification.** Each candidate is accepted only when its signature agrees with the new
//!    one in at least `ceil(threshold × 128)` positions, so a chance band collision (or a
//!    32-bit band-hash collision) is never reported.
//!
//! # Parameters, and why
//! * [`SHINGLE_WORDS`] = 3, not the more common 5. At a threshold as strict as 0.8, recall is
//!   the binding constraint: every substituted word removes `k` shingles and adds `k`, so the
//!   edits a copy can absorb shrink as `k` grows. On the test story (~220 words), a dropped
//!   sentence, a credit line and two substituted words give J = 0.83 at k = 3 but 0.78 at
//!   k = 5; a different story on the same topic stays at J = 0.02 (0.002 at k = 5) and two
//!   different market reports from one template at 0.23 (0.07), both far below any sensible
//!   threshold. The cost is that a much lowered threshold reaches template items sooner.
//! * [`MIN_SHINGLES`] = 40 distinct shingles (about 40 words): at 40 one edited word already
//!   moves J by 0.14 (`(n − 3) / (n + 3)`) and two put an exact copy at 0.74, under the default,
//!   so shorter texts could be judged only as verbatim copies; and such items (briefs,
//!   captions, results lines) are mostly template.
//! * [`PERMUTATIONS`] = 128: standard error at most 0.044 (the estimate is within ±0.1 for
//!   about 98 % of pairs at mid-range J, and more towards 0 and 1), while a signature stays
//!   512 bytes.
//! * [`DEFAULT_THRESHOLD`] = 0.8.
//!
//! # Memory
//! A [`Fingerprint`] is 512 bytes. [`DuplicateIndex`] keeps the signatures it stores in an
//! unnamed temporary file (in `TMPDIR`, 512 bytes per stored article, the latest 256 in
//! memory) and reads one back only to verify a candidate. In memory it holds, per stored
//! article, its cluster's first article (4 B) and one 4-byte entry per band in tables kept
//! between 7/16 and 7/8 full: at the default threshold (26 bands) about 120–240 bytes. A
//! higher threshold needs fewer bands (13 at 0.9), a lower one more (52 at 0.6, 65 at 0.5,
//! 128 at 1/128). Verbatim copies are not stored at all.
//!
//! # Known limits
//! * Misses heavy rewrites: an outlet that rewrites the lead, reorders and paraphrases keeps
//!   few three-word runs; so does a translation. Light edits add up, too: a changed headline,
//!   a dropped sentence, a credit line and four substituted words together bring the test
//!   story to J = 0.74, under the default (found at 0.7). A story cut to half its length (the
//!   agency's short version) has J ≤ 0.5 and is not a copy under Jaccard.
//! * May over-match very short, boilerplate-heavy items (results tables, market reports,
//!   weather, corrections) just above [`MIN_SHINGLES`], whose text is mostly template.
//! * Similarity is estimated, not exact: a pair within about ±0.05 of the threshold can fall
//!   on either side (the all-edits pair above is estimated at 0.81 and so is reported at 0.8);
//!   which side is still fixed by the text.
//! * Word keys are compared as the tokenizer folds them: spelling variants (`harbor`,
//!   `harbour`) and numbers written differently count as different words.

use crate::swar;
use crate::text::Analysis;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// Distinct shingles an article needs before it is judged at all.
pub const MIN_SHINGLES: usize = 40;
/// MinHash functions, and so values per signature.
pub const PERMUTATIONS: usize = 128;
/// Estimated Jaccard similarity at or above which two articles are copies.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// A compact fingerprint of one article's text (title + body word keys): its MinHash signature.
/// Computed independently per article, so scorers can build them in parallel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    minhash: [u32; PERMUTATIONS],
}

impl Fingerprint {
    /// The signature: for each hash function, the smallest value over the article's shingles.
    pub fn minhashes(&self) -> &[u32; PERMUTATIONS] {
        &self.minhash
    }

    /// A fingerprint from its signature (as stored by a shard, see [`Self::minhashes`]).
    pub fn from_minhashes(minhash: [u32; PERMUTATIONS]) -> Self {
        Fingerprint { minhash }
    }

    /// The signature as little-endian bytes, for storing or comparing fingerprints.
    pub fn to_le_bytes(&self) -> [u8; PERMUTATIONS * 4] {
        let mut out = [0u8; PERMUTATIONS * 4];
        for (chunk, v) in out.chunks_exact_mut(4).zip(self.minhash.iter()) {
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Estimated Jaccard similarity of the two articles' shingle sets, from 0 to 1.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        f64::from(equal_positions(&self.minhash, &other.minhash)) / PERMUTATIONS as f64
    }
}

/// The fingerprint of an article, or `None` when title and body together have fewer than
/// [`MIN_SHINGLES`] distinct shingles (too short to judge).
pub fn fingerprint(title: &Analysis, body: &Analysis) -> Option<Fingerprint> {
    let mut shingles = Vec::new();
    let mut words = Vec::new();
    push_shingles(title, &mut words, &mut shingles);
    push_shingles(body, &mut words, &mut shingles);
    // MinHash ignores repeats, so the shingles need no sorting: only their distinct count
    // must reach the minimum.
    if !has_distinct(&shingles, MIN_SHINGLES) {
        return None;
    }
    Some(Fingerprint {
        minhash: minhash(&shingles),
    })
}

/// Whether `values` holds at least `n` distinct values: read until `n` are seen (in a text,
/// the first shingles almost always differ).
fn has_distinct(values: &[u64], n: usize) -> bool {
    if values.len() < n {
        return false;
    }
    let mut seen: Vec<u64> = Vec::with_capacity(n);
    for &v in values {
        if !seen.contains(&v) {
            seen.push(v);
            if seen.len() >= n {
                return true;
            }
        }
    }
    n == 0
}

/// Appends the shingle hashes of one part; `words` is a reusable buffer.
fn push_shingles(a: &Analysis, words: &mut Vec<u64>, out: &mut Vec<u64>) {
    words.clear();
    let keys = a.keys.as_bytes();
    words.extend(a.tokens.iter().map(|t| {
        fnv1a_at(
            keys,
            t.key.start as usize,
            (t.key.end - t.key.start) as usize,
        )
    }));
    if words.is_empty() {
        return;
    }
    if words.len() < SHINGLE_WORDS {
        out.push(shingle(words));
    } else {
        out.extend(words.windows(SHINGLE_WORDS).map(shingle));
    }
}

/// One shingle's hash: order-sensitive, so "a b" and "b a" differ.
fn shingle(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(SHINGLE_SEED, |h, &w| mix64(h.rotate_left(5) ^ w))
}

/// The MinHash signature of a set of shingle hashes (duplicates do not change it).
/// One-permutation MinHash with optimal densification (Li, Owen and Zhang 2012; Shrivastava
/// 2017): each shingle is hashed once; the top 7 bits of the hash pick one of the 128 bins and
/// the low 32 bits compete for that bin's minimum. A bin no shingle fell into borrows the
/// value of a non-empty bin chosen by a fixed hash sequence of (bin, attempt), so two sets
/// borrow alike and the share of equal bins stays an unbiased estimate of their Jaccard
/// similarity. One hash per shingle instead of 128 makes fingerprints about 30 times
/// cheaper; the estimate tests hold it to the accuracy of classic MinHash.
fn minhash(shingles: &[u64]) -> [u32; PERMUTATIONS] {
    const BIN_SHIFT: u32 = 64 - PERMUTATIONS.trailing_zeros();
    let mut mins = [u32::MAX; PERMUTATIONS];
    let mut filled = [false; PERMUTATIONS];
    for &s in shingles {
        let x = mix64(s);
        let bin = (x >> BIN_SHIFT) as usize;
        if let (Some(m), Some(f)) = (mins.get_mut(bin), filled.get_mut(bin)) {
            *m = (*m).min(x as u32);
            *f = true;
        }
    }
    if !filled.iter().any(|&f| f) {
        return mins;
    }
    let original = mins;
    for (i, m) in mins.iter_mut().enumerate() {
        if filled[i] {
            continue;
        }
        let mut attempt = 0u64;
        loop {
            let j = (mix64(DENSIFY_SEED ^ ((i as u64) << 32) ^ attempt) >> BIN_SHIFT) as usize;
            if filled.get(j).copied().unwrap_or(false) {
                *m = original[j];
                break;
            }
            attempt += 1;
        }
    }
    mins
}

fn equal_positions(a: &[u32], b: &[u32]) -> u32 {
    a.iter().zip(b).map(|(x, y)| u32::from(x == y)).sum()
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bit, over the key's bytes: the definition [`fnv1a_at`] must agree with.
#[cfg(test)]
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(FNV_PRIME);
        i += 1;
    }
    h
}

/// `fnv1a` of the `len` bytes at `at`, eight at a time: each step of eight takes all eight
/// multiplications and keeps those within the key, without a branch. A loop over the bytes
/// left at a different length each word and was guessed wrong there.
fn fnv1a_at(bytes: &[u8], at: usize, len: usize) -> u64 {
    let mut h = FNV_OFFSET;
    let mut done = 0;
    while done < len {
        let n = (len - done).min(8);
        let v = swar::load_prefix(bytes, at + done, n);
        for k in 0..8 {
            let step = (h ^ (v >> (8 * k) & 0xFF)).wrapping_mul(FNV_PRIME);
            let keep = 0u64.wrapping_sub(u64::from(k < n));
            h ^= (h ^ step) & keep;
        }
        done += 8;
    }
    h
}

/// The SplitMix64 finaliser: a bijection on u64 that spreads every input bit over the output.
const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Seed of the densification probe sequence.
const DENSIFY_SEED: u64 = 0x736c_616e_745f_6473; // "slant_ds"
const SHINGLE_SEED: u64 = 0x736c_616e_745f_7368; // "slant_sh"
const BAND_SEED: u64 = 0x736c_616e_745f_6264; // "slant_bd"

mod index;
pub use index::DuplicateIndex;

#[cfg(test)]
mod index_tests;
#[cfg(test)]
mod tests;
