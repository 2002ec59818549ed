//! The table of literal words behind [`super::vocab`]: a map from a match key to its id, built
//! once and then read for every word of every text. A general hash map keeps each key in an
//! allocation of its own, so every look-up that finds a candidate follows a pointer and calls
//! `memcmp`. Here a key of up to 16 bytes (nearly every English word) is stored in its slot as
//! two integers and compared as two integers; longer keys go to an ordinary map.

use rustc_hash::FxHashMap;

/// Keys up to this many bytes are kept in their slot.
const INLINE: usize = 16;

/// A key of up to 16 bytes as two integers and its length, which together identify it: for 8
/// bytes or more, its first eight and last eight bytes (overlapping when shorter than 16); for
/// 4 to 7, its first four and last four; for 1 to 3, its first, middle and last byte. Each
/// form covers every byte of a key of its lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Packed {
    a: u64,
    b: u64,
    len: u32,
}

fn packed(key: &[u8]) -> Option<Packed> {
    let n = key.len();
    let le8 = |at: usize| {
        key.get(at..at + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map_or(0, u64::from_le_bytes)
    };
    let le4 = |at: usize| {
        key.get(at..at + 4)
            .and_then(|s| <[u8; 4]>::try_from(s).ok())
            .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
    };
    let byte = |at: usize| u64::from(key.get(at).copied().unwrap_or(0));
    let (a, b) = match n {
        0 => (0, 0),
        1..=3 => (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0),
        4..=7 => (le4(0) | le4(n - 4) << 32, 0),
        8..=INLINE => (le8(0), le8(n - 8)),
        _ => return None,
    };
    Some(Packed {
        a,
        b,
        len: n as u32,
    })
}

impl Packed {
    fn hash(self) -> u64 {
        let x = (self.a ^ self.b.rotate_left(29) ^ u64::from(self.len) << 56)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: Packed,
    /// `key.len == 0` marks an empty slot (the empty key is kept apart).
    id: u32,
}

/// Word -> id.
#[derive(Debug, Default)]
pub struct KeyTable {
    /// Open addressing with linear probing; a power of two, at most half full.
    slots: Vec<Slot>,
    /// Keys in `slots`.
    inline: usize,
    long: FxHashMap<Box<str>, u32>,
    empty: Option<u32>,
}

impl KeyTable {
    pub fn len(&self) -> usize {
        self.inline + self.long.len() + usize::from(self.empty.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of `key`, if present.
    #[inline]
    pub fn get(&self, key: &str) -> Option<u32> {
        let Some(p) = packed(key.as_bytes()) else {
            return self.long.get(key).copied();
        };
        if p.len == 0 {
            return self.empty;
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = p.hash() as usize & mask;
        loop {
            let slot = self.slots.get(at)?;
            if slot.key == p {
                return Some(slot.id);
            }
            if slot.key.len == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of `key`, inserting it with `id` when absent.
    pub fn get_or_insert(&mut self, key: &str, id: u32) -> u32 {
        if let Some(old) = self.get(key) {
            return old;
        }
        match packed(key.as_bytes()) {
            None => {
                self.long.insert(key.into(), id);
            }
            Some(p) if p.len == 0 => self.empty = Some(id),
            Some(p) => {
                if (self.inline + 1) * 2 > self.slots.len() {
                    self.grow();
                }
                self.place(Slot { key: p, id });
                self.inline += 1;
            }
        }
        id
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut at = slot.key.hash() as usize & mask;
        while self.slots.get(at).is_some_and(|s| s.key.len != 0) {
            at = (at + 1) & mask;
        }
        if let Some(s) = self.slots.get_mut(at) {
            *s = slot;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.key.len != 0) {
            self.place(slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn packing_tells_apart_keys_of_every_length_up_to_16() {
        let words = [
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abdc",
            "abcde",
            "abxde",
            "abcdefg",
            "abcxefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijkl",
            "abcdefxhijkl",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "\u{e9}t\u{e9}",
            "x\u{e9}",
        ];
        let mut table = KeyTable::default();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get_or_insert(w, i as u32), i as u32, "{w}");
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(w), Some(i as u32), "{w}");
        }
        assert_eq!(table.len(), words.len());
        for absent in [
            "",
            "c",
            "abce",
            "abcdefghij",
            "abcdefghijklmnopq",
            "ab\0",
            "\0ab",
        ] {
            assert_eq!(table.get(absent), None, "{absent:?}");
        }
    }

    #[test]
    fn an_inserted_key_keeps_its_first_id() {
        let mut table = KeyTable::default();
        assert_eq!(table.get_or_insert("terror", 7), 7);
        assert_eq!(table.get_or_insert("terror", 9), 7);
        let long = "counterterrorism-related";
        assert_eq!(table.get_or_insert(long, 3), 3);
        assert_eq!(table.get_or_insert(long, 4), 3);
        assert_eq!(table.len(), 2);
        assert_eq!(table.get(""), None);
        assert_eq!(table.get_or_insert("", 1), 1);
        assert_eq!(table.get_or_insert("", 5), 1);
        assert_eq!((table.get(""), table.len()), (Some(1), 3));
    }

    proptest::proptest! {
        #[test]
        fn it_answers_as_a_hash_map_does(
            keys in proptest::collection::vec("[a-d\u{e9}\0' -]{0,20}", 0..300),
            probes in proptest::collection::vec("[a-d\u{e9}\0' -]{0,20}", 0..100),
        ) {
            let mut ours = KeyTable::default();
            let mut theirs: HashMap<String, u32> = HashMap::new();
            for k in &keys {
                let next = theirs.len() as u32;
                let want = *theirs.entry(k.clone()).or_insert(next);
                proptest::prop_assert_eq!(ours.get_or_insert(k, next), want);
            }
            proptest::prop_assert_eq!(ours.len(), theirs.len());
            for k in keys.iter().chain(&probes) {
                proptest::prop_assert_eq!(ours.get(k), theirs.get(k).copied());
            }
        }
    }
}
