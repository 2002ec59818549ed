//! Stratified random samples without replacement, reproducible from a seed: the draw behind
//! `slant sample`'s coding sheets.
//!
//! Each stratum keeps a reservoir of at most `n` items (Vitter's Algorithm R): the k-th item
//! offered to a stratum replaces a random slot when a uniform integer in `0..k` falls below
//! `n`. Every item of the stratum is therefore equally likely to be drawn, and a stratum with
//! `n` items or fewer is taken whole. Each stratum draws from its own [`Xoshiro256`] seeded
//! with `seed` XOR the 64-bit FNV-1a hash of its key, so a stratum's draw depends only on the
//! seed, its key and its own items in the order offered: never on the other strata.

use std::collections::BTreeMap;

use super::rng::Xoshiro256;

/// The seed of one stratum: `seed` XOR FNV-1a-64 of the key's parts, each followed by a 0 byte.
pub fn stratum_seed(seed: u64, key: &[String]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for part in key {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    seed ^ h
}

/// One stratum's reservoir.
#[derive(Debug)]
struct Reservoir<T> {
    rng: Xoshiro256,
    /// Items offered so far: the stratum's population.
    seen: u64,
    /// (offer number, item), at most `n`.
    kept: Vec<(u64, T)>,
}

/// A stratified sample in the making.
#[derive(Debug)]
pub struct Strata<T> {
    n: usize,
    seed: u64,
    /// Next offer number, over all strata: restores the input order at the end.
    order: u64,
    cells: BTreeMap<Vec<String>, Reservoir<T>>,
}

/// One stratum's draw.
#[derive(Debug, PartialEq)]
pub struct Draw<T> {
    pub key: Vec<String>,
    /// How many items the stratum had.
    pub population: u64,
    /// The items drawn (at most `n`), in the order they were offered.
    pub items: Vec<T>,
}

impl<T> Strata<T> {
    /// Draw up to `n` items per stratum with the given seed.
    pub fn new(n: usize, seed: u64) -> Self {
        Strata {
            n,
            seed,
            order: 0,
            cells: BTreeMap::new(),
        }
    }

    /// Offer one item to the stratum `key`.
    pub fn offer(&mut self, key: Vec<String>, item: T) {
        let order = self.order;
        self.order += 1;
        let (n, seed) = (self.n, self.seed);
        let cell = self.cells.entry(key).or_insert_with_key(|k| Reservoir {
            rng: Xoshiro256::seed_from_u64(stratum_seed(seed, k)),
            seen: 0,
            kept: Vec::new(),
        });
        cell.seen += 1;
        if cell.kept.len() < n {
            cell.kept.push((order, item));
        } else {
            let slot = cell.rng.below(cell.seen);
            if let Some(kept) = usize::try_from(slot)
                .ok()
                .and_then(|s| cell.kept.get_mut(s))
            {
                *kept = (order, item);
            }
        }
    }

    /// The draws, strata in the byte order of their keys, items in the order offered.
    pub fn finish(self) -> Vec<Draw<T>> {
        self.cells
            .into_iter()
            .map(|(key, mut cell)| {
                cell.kept.sort_by_key(|(order, _)| *order);
                Draw {
                    key,
                    population: cell.seen,
                    items: cell.kept.into_iter().map(|(_, item)| item).collect(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(n: usize, seed: u64, items: &[(&str, u32)]) -> Vec<Draw<u32>> {
        let mut s = Strata::new(n, seed);
        for (k, v) in items {
            s.offer(vec![(*k).to_string()], *v);
        }
        s.finish()
    }

    #[test]
    fn small_strata_are_taken_whole_and_large_ones_cut_to_n() {
        let items: Vec<(&str, u32)> = (0..100)
            .map(|i| (if i % 10 == 0 { "rare" } else { "common" }, i))
            .collect();
        let d = draw(20, 7, &items);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].key, ["common"]);
        assert_eq!((d[0].population, d[0].items.len()), (90, 20));
        assert_eq!(d[1].key, ["rare"]);
        assert_eq!(d[1].items, (0..10).map(|i| i * 10).collect::<Vec<_>>());
        // Items keep their input order and are distinct (no replacement).
        assert!(d[0].items.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn same_seed_same_draw_other_seed_other_draw() {
        let items: Vec<(&str, u32)> = (0..500).map(|i| ("s", i)).collect();
        assert_eq!(draw(10, 3, &items), draw(10, 3, &items));
        assert_ne!(draw(10, 3, &items), draw(10, 4, &items));
    }

    #[test]
    fn a_stratum_does_not_depend_on_the_others() {
        let alone: Vec<(&str, u32)> = (0..200).map(|i| ("a", i)).collect();
        let mixed: Vec<(&str, u32)> = (0..400)
            .map(|i| if i % 2 == 0 { ("a", i / 2) } else { ("b", i) })
            .collect();
        assert_eq!(draw(5, 9, &alone)[0], draw(5, 9, &mixed)[0]);
    }

    #[test]
    fn every_item_is_about_equally_likely() {
        let mut hits = [0u32; 10];
        for seed in 0..20_000 {
            let mut s = Strata::new(3, seed);
            for i in 0..10u32 {
                s.offer(vec![String::new()], i);
            }
            for i in &s.finish()[0].items {
                hits[*i as usize] += 1;
            }
        }
        // Each expected 6,000 (3 of 10 in 20,000 draws); sd ≈ 65.
        for h in hits {
            assert!((5_600..=6_400).contains(&h), "{hits:?}");
        }
    }

    #[test]
    fn stratum_seed_is_pinned() {
        // FNV-1a-64 of "a\0": the published offset basis and prime, by hand.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in [b'a', 0] {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(stratum_seed(0, &["a".to_string()]), h);
        assert_eq!(stratum_seed(5, &["a".to_string()]), h ^ 5);
        assert_ne!(
            stratum_seed(0, &["ab".to_string()]),
            stratum_seed(0, &["a".to_string(), "b".to_string()])
        );
    }
}
