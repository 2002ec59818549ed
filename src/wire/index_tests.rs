//! Tests of the duplicate index: clusters, banding and thresholds on constructed signatures
//! (pseudo-random, with chosen positions changed) and on the invented stories of `tests.rs`.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use super::tests::{
    CREDIT_LINE, DROP_SENTENCE, FERRY_BODY, FERRY_TITLE, NEW_HEADLINE, OTHER_BODY, OTHER_TITLE,
    SUBSTITUTIONS, edit, fp, pair_answer,
};
use super::*;

/// A pseudo-random signature from `seed`.
fn random_signature(seed: u64) -> [u32; PERMUTATIONS] {
    let mut sig = [0u32; PERMUTATIONS];
    for (i, v) in (0u64..).zip(sig.iter_mut()) {
        *v = (mix64(seed.wrapping_mul(1_000_003).wrapping_add(i)) >> 32) as u32;
    }
    sig
}

/// `sig` with the values at `positions` replaced by values it cannot share with anything.
fn changed(sig: &[u32; PERMUTATIONS], positions: impl IntoIterator<Item = usize>) -> Fingerprint {
    let mut minhash = *sig;
    for p in positions {
        minhash[p] = minhash[p].wrapping_add(0x8000_0001);
    }
    Fingerprint { minhash }
}

#[test]
fn cluster_first_is_the_earliest_through_a_chain() {
    let a = Fingerprint {
        minhash: random_signature(1),
    };
    let b = changed(&a.minhash, 0..20); // 108 of 128 equal to a
    let c = changed(&b.minhash, 20..40); // 108 equal to b, 88 to a: copies b, not a
    assert!(a.similarity(&c) < DEFAULT_THRESHOLD && b.similarity(&c) >= DEFAULT_THRESHOLD);
    let d = Fingerprint {
        minhash: random_signature(2),
    };
    let e = changed(&d.minhash, 100..110);
    let mut index = DuplicateIndex::default();
    assert_eq!(index.insert(0, &a).unwrap(), None);
    assert_eq!(index.insert(1, &b).unwrap(), Some(0));
    assert_eq!(index.insert(2, &d).unwrap(), None);
    assert_eq!(index.insert(3, &c).unwrap(), Some(0));
    assert_eq!(index.insert(4, &e).unwrap(), Some(2));
    assert_eq!(index.len(), 5);
}

#[test]
fn verbatim_copies_are_answered_but_not_stored() {
    let a = Fingerprint {
        minhash: random_signature(7),
    };
    let near = changed(&a.minhash, 0..10);
    let mut index = DuplicateIndex::default();
    assert_eq!(index.insert(0, &a).unwrap(), None);
    for i in 1..100 {
        assert_eq!(index.insert(i, &a).unwrap(), Some(0));
    }
    assert_eq!(index.len(), 1);
    assert_eq!(index.insert(100, &near).unwrap(), Some(0));
    assert_eq!(index.insert(101, &near).unwrap(), Some(0));
    assert_eq!(index.len(), 2);
    // A later article that copies only the near-copy still finds the cluster.
    let far = changed(&near.minhash, 10..30); // 108 equal to `near`, 98 to `a`
    assert!(a.similarity(&far) < DEFAULT_THRESHOLD);
    assert_eq!(index.insert(102, &far).unwrap(), Some(0));
}

#[test]
fn cluster_rule_on_text() {
    // B copies A (new headline, credit line); C copies B with a sentence dropped and words
    // changed. C is also close to A (estimate 0.81); the synthetic test above is the one where
    // C reaches A only through B.
    let mut index = DuplicateIndex::default();
    let b_body = edit(FERRY_BODY, &[CREDIT_LINE]);
    let c_body = edit(
        &b_body,
        &[DROP_SENTENCE, SUBSTITUTIONS[0], SUBSTITUTIONS[2]],
    );
    let a = fp(FERRY_TITLE, FERRY_BODY).unwrap();
    let b = fp(NEW_HEADLINE, &b_body).unwrap();
    let c = fp(NEW_HEADLINE, &c_body).unwrap();
    assert_eq!(index.insert(10, &a).unwrap(), None);
    assert_eq!(
        index
            .insert(11, &fp(OTHER_TITLE, OTHER_BODY).unwrap())
            .unwrap(),
        None
    );
    assert_eq!(index.insert(12, &b).unwrap(), Some(10));
    assert_eq!(index.insert(13, &c).unwrap(), Some(10));
}

#[test]
fn several_matches_pick_the_earliest_cluster() {
    let q = Fingerprint {
        minhash: random_signature(3),
    };
    let r = changed(&q.minhash, 0..40); // 88 equal to q: its own cluster
    // z takes q's values at 0..20 and r's at 20..40: 108 equal to each.
    let mut z = r.clone();
    z.minhash[..20].copy_from_slice(&q.minhash[..20]);
    assert!(z.similarity(&q) >= DEFAULT_THRESHOLD && z.similarity(&r) >= DEFAULT_THRESHOLD);
    for (first, second) in [(&q, &r), (&r, &q)] {
        let mut index = DuplicateIndex::default();
        assert_eq!(index.insert(0, first).unwrap(), None);
        assert_eq!(index.insert(1, second).unwrap(), None);
        assert_eq!(index.insert(2, &z).unwrap(), Some(0));
    }
}

#[test]
fn threshold_is_inclusive_and_banding_loses_no_copy() {
    // 103 = ceil(0.8 × 128) equal positions is a copy; 102 is not. The 25 differences fall in
    // 25 different bands of the 26, the worst case for banding.
    let a = Fingerprint {
        minhash: random_signature(4),
    };
    let starts: Vec<usize> = DuplicateIndex::default()
        .band_ranges()
        .iter()
        .map(|r| r.start)
        .collect();
    let at = changed(&a.minhash, starts.iter().copied().take(25));
    let below = changed(&a.minhash, (0..26).map(|i| i * 4 + 1));
    assert_eq!(pair_answer(DEFAULT_THRESHOLD, &a, &at), Some(0));
    assert_eq!(pair_answer(DEFAULT_THRESHOLD, &a, &below), None);
    // The same worst case at other thresholds.
    for threshold in [0.5, 0.6, 0.7, 0.9, 0.95, 1.0] {
        let index = DuplicateIndex::new(threshold);
        let may_differ = PERMUTATIONS - (threshold * PERMUTATIONS as f64).ceil() as usize;
        // One difference in each band but one: the most a copy can have.
        assert_eq!(index.bands(), (may_differ + 1).min(PERMUTATIONS));
        let spread: Vec<usize> = index.band_ranges().iter().map(|r| r.start).collect();
        let copy = changed(&a.minhash, spread.iter().copied().take(may_differ));
        assert_eq!(
            pair_answer(threshold, &a, &copy),
            Some(0),
            "threshold {threshold}"
        );
        // One difference more, in the last band, and it is no longer a copy.
        let beyond = changed(&a.minhash, spread.iter().copied().take(may_differ + 1));
        assert_eq!(pair_answer(threshold, &a, &beyond), None, "{threshold}");
    }
}

#[test]
fn a_band_collision_alone_is_not_a_copy() {
    let a = Fingerprint {
        minhash: random_signature(5),
    };
    let mut b = Fingerprint {
        minhash: random_signature(6),
    };
    b.minhash[..4].copy_from_slice(&a.minhash[..4]); // one whole band in common
    assert_eq!(pair_answer(DEFAULT_THRESHOLD, &a, &b), None);
}

#[test]
fn bands_follow_the_threshold() {
    // One more band than the positions a copy may differ in: 128 − ⌈128·t⌉ + 1.
    let bands = |t: f64| DuplicateIndex::new(t).bands();
    assert_eq!(bands(DEFAULT_THRESHOLD), 26);
    assert_eq!(bands(0.9), 13);
    assert_eq!(bands(0.6), 52);
    assert_eq!(bands(0.5), 65);
    assert_eq!(bands(1.0), 1);
    assert_eq!(bands(f64::NAN), 26);
    assert_eq!(bands(-3.0), 128);
    assert_eq!(bands(7.0), 1);
    // As even as they can be: at 0.8, 24 bands of 5 values and 2 of 4, covering all 128.
    let ranges = DuplicateIndex::new(DEFAULT_THRESHOLD).band_ranges();
    let mut sizes: Vec<usize> = ranges.iter().map(|r| r.len()).collect();
    assert_eq!(ranges.first().map(|r| r.start), Some(0));
    assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
    assert_eq!(ranges.last().map(|r| r.end), Some(PERMUTATIONS));
    sizes.sort_unstable();
    assert_eq!((sizes[0], sizes[1], sizes[2], sizes[25]), (4, 4, 5, 5));
}

/// Shingle hashes of the constructed set {start, …, start + len − 1}, salted per trial.
fn constructed_set(salt: u64, start: u64, len: u64) -> Vec<u64> {
    (start..start + len)
        .map(|x| mix64(x ^ salt.rotate_left(32)))
        .collect()
}

fn estimate(a: &[u64], b: &[u64]) -> f64 {
    Fingerprint {
        minhash: minhash(a),
    }
    .similarity(&Fingerprint {
        minhash: minhash(b),
    })
}

#[test]
fn estimate_is_within_a_tenth_of_the_true_jaccard() {
    // 128 permutations give a standard error of sqrt(J(1 − J)/128), at most 0.044: ±0.1 is
    // about 2.3σ at J = 0.5, so a few pairs in a hundred may miss it by chance. The test holds
    // the estimator to that: ≥ 97 % of pairs within ±0.1, none beyond ±0.2 (4.5σ), no bias, and
    // a spread no wider than the theory's.
    let (mut within, mut pairs) = (0u32, 0u32);
    let (mut worst, mut sum, mut sum_z2) = (0.0f64, 0.0f64, 0.0f64);
    let mut record = |truth: f64, estimate: f64| {
        let error = estimate - truth;
        assert!(error.abs() <= 0.2, "J {truth:.3}: estimate {estimate:.3}");
        within += u32::from(error.abs() <= 0.1);
        pairs += 1;
        worst = worst.max(error.abs());
        sum += error;
        let sd = (truth * (1.0 - truth) / PERMUTATIONS as f64).sqrt();
        if sd > 0.0 {
            sum_z2 += (error / sd).powi(2);
        } else {
            assert_eq!(error, 0.0, "J {truth}: the estimate is exact at 0 and 1");
        }
    };
    for salt in 0..10u64 {
        for size in [60u64, 200, 1000] {
            for step in 0..=10u64 {
                // Two sets of `size` elements overlapping in `overlap`: J = o / (2n − o).
                let target = step as f64 / 10.0;
                let overlap = ((2.0 * size as f64 * target) / (1.0 + target)).round() as u64;
                let a = constructed_set(salt, 0, size);
                let b = constructed_set(salt, size - overlap, size);
                record(
                    overlap as f64 / (2 * size - overlap) as f64,
                    estimate(&a, &b),
                );
            }
            // A story and its shortened version: nested sets, J = 3/4.
            let a = constructed_set(salt + 1000, 0, size);
            let b = constructed_set(salt + 1000, 0, size * 3 / 4);
            record(0.75, estimate(&a, &b));
        }
    }
    let share = f64::from(within) / f64::from(pairs);
    let bias = sum / f64::from(pairs);
    let spread = (sum_z2 / f64::from(pairs)).sqrt();
    assert!(
        share >= 0.97,
        "{within} of {pairs} within ±0.1, worst {worst:.3}"
    );
    assert!(bias.abs() < 0.01, "mean error {bias:+.4}");
    assert!(
        spread < 1.2,
        "errors {spread:.2} × the theoretical standard error"
    );
}

/// The answers by brute force, comparing every stored signature: what the banding must give.
fn brute_force(threshold: f64, fps: &[Fingerprint]) -> Vec<Option<u32>> {
    let min_equal = (threshold * PERMUTATIONS as f64).ceil() as u32;
    let mut stored: Vec<(u32, &Fingerprint)> = Vec::new();
    let mut answers = Vec::new();
    for (index, fp) in (0u32..).zip(fps) {
        let equal = |s: &Fingerprint| equal_positions(&s.minhash, &fp.minhash);
        let found = stored
            .iter()
            .filter(|(_, s)| equal(s) >= min_equal)
            .map(|&(root, _)| root)
            .min();
        let verbatim = stored
            .iter()
            .any(|&(root, s)| Some(root) == found && equal(s) == PERMUTATIONS as u32);
        if !verbatim {
            stored.push((found.unwrap_or(index), fp));
        }
        answers.push(found);
    }
    answers
}

#[test]
fn signatures_in_the_file_and_grown_tables_give_the_brute_force_answers() {
    // Distinct articles, near-copies of earlier ones (changed in 0 to 40 positions) and
    // verbatim copies; few signatures held in memory and small tables, so most candidates
    // are read back from the file and the tables are rebuilt several times.
    let mut state = 7u64;
    let mut next = move |m: u64| {
        state = mix64(state.wrapping_add(GOLDEN));
        state % m
    };
    let mut fps: Vec<Fingerprint> = Vec::new();
    for i in 0..600u64 {
        // Half the copies are of one of the last few articles.
        let n = fps.len() as u64;
        let source = if next(2) == 0 {
            next(n.max(1))
        } else {
            n.saturating_sub(1 + next(4))
        };
        let fp = match next(4) {
            0 if !fps.is_empty() => {
                let mut copy = fps[source as usize].clone();
                for _ in 0..next(41) {
                    copy.minhash[next(PERMUTATIONS as u64) as usize] = next(1 << 32) as u32;
                }
                copy
            }
            1 if !fps.is_empty() => fps[source as usize].clone(),
            _ => Fingerprint {
                minhash: random_signature(1000 + i),
            },
        };
        fps.push(fp);
    }
    for threshold in [DEFAULT_THRESHOLD, 0.6, 0.9] {
        let mut index = DuplicateIndex::with_sizes(threshold, 3, 4);
        let answers: Vec<Option<u32>> = (0u32..)
            .zip(&fps)
            .map(|(i, f)| index.insert(i, f).unwrap())
            .collect();
        let expected = brute_force(threshold, &fps);
        assert_eq!(answers, expected, "threshold {threshold}");
        assert!(expected.iter().filter(|a| a.is_some()).count() > 150);
        assert!(index.in_file() > 200);
    }
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

#[test]
fn distinct_values_are_counted_up_to_the_minimum() {
    assert!(has_distinct(&[1, 1, 2, 3], 3));
    assert!(!has_distinct(&[1, 1, 2, 2, 1], 3));
    assert!(!has_distinct(&[1, 2], 3));
    assert!(has_distinct(&[], 0));
    // Repeats and order do not change a signature, so it needs no sorted, deduplicated input.
    assert_eq!(minhash(&[5, 3, 5, 9, 3]), minhash(&[3, 5, 9]));
}
