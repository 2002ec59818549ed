//! Article ids in input order: each article's id by its number, and for each distinct id the
//! first article that had it and where that article was read (file and record).
//!
//! Kept compactly, since it grows with the corpus: the ids back to back in one string, 20
//! bytes per article for the id's end (8) and its origin (a file number, 4, and a record
//! number, 8), and an open-addressing table of article numbers (about 8 bytes per distinct id) whose
//! hits are verified against the stored text, so a hash collision never merges two ids.

use std::hash::Hasher;
use std::sync::Arc;

use rustc_hash::FxHasher;

/// An empty slot of the table.
const EMPTY: u32 = u32::MAX;

#[derive(Debug, Default)]
pub struct Ids {
    /// Every article's id, back to back; article `i`'s ends at `ends[i]`.
    text: String,
    ends: Vec<u64>,
    /// Per article: the index in `files` of its file, and its record number there.
    file_of: Vec<u32>,
    record_of: Vec<u64>,
    /// The distinct file names, in order of first use.
    files: Vec<Arc<str>>,
    /// Article numbers of the first article with each id, by the id's hash (linear probing;
    /// the length is zero or a power of two, at most three quarters full).
    table: Vec<u32>,
    distinct: usize,
}

impl Ids {
    /// Number of articles registered.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The id of article number `index`.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = usize::try_from(*self.ends.get(i)?).ok()?;
        let start = match i.checked_sub(1) {
            Some(before) => usize::try_from(*self.ends.get(before)?).ok()?,
            None => 0,
        };
        self.text.get(start..end)
    }

    /// Registers the next article (number [`Ids::len`]): its id, read at `file`:`record`.
    /// When an earlier article had the same id, returns where that first one was read.
    pub fn insert(&mut self, id: &str, file: &Arc<str>, record: u64) -> Option<(&str, u64)> {
        let Ok(number) = u32::try_from(self.ends.len()) else {
            return None; // past 4 billion articles ids are no longer checked
        };
        if (self.distinct + 1) * 4 > self.table.len() * 3 {
            self.grow();
        }
        let first = match self.find(id) {
            Ok(first) => Some(first),
            Err(slot) => {
                if let Some(s) = self.table.get_mut(slot) {
                    *s = number;
                    self.distinct += 1;
                }
                None
            }
        };
        let file_index = match self.files.last() {
            Some(last) if Arc::ptr_eq(last, file) || **last == **file => self.files.len() - 1,
            _ => {
                self.files.push(file.clone());
                self.files.len() - 1
            }
        };
        self.text.push_str(id);
        self.ends.push(self.text.len() as u64);
        self.file_of
            .push(u32::try_from(file_index).unwrap_or(u32::MAX));
        self.record_of.push(record);
        let first = first? as usize;
        let file = *self.file_of.get(first)? as usize;
        Some((self.files.get(file)?, *self.record_of.get(first)?))
    }

    /// The first article with `id`, or the empty slot where it belongs.
    fn find(&self, id: &str) -> Result<u32, usize> {
        let mask = self.table.len().wrapping_sub(1);
        let mut slot = hash(id) as usize & mask;
        loop {
            match self.table.get(slot) {
                Some(&EMPTY) | None => return Err(slot),
                Some(&number) if self.get(number as usize) == Some(id) => return Ok(number),
                Some(_) => slot = (slot + 1) & mask,
            }
        }
    }

    /// Doubles the table and puts every first article back in it.
    fn grow(&mut self) {
        let len = (self.table.len() * 2).max(64);
        let old = std::mem::replace(&mut self.table, vec![EMPTY; len]);
        for number in old.into_iter().filter(|&n| n != EMPTY) {
            let id = self.get(number as usize).unwrap_or_default();
            if let Err(slot) = self.find(id) {
                if let Some(s) = self.table.get_mut(slot) {
                    *s = number;
                }
            }
        }
    }
}

fn hash(id: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn duplicates_name_the_first_article_and_every_id_is_kept() {
        let (a, b): (Arc<str>, Arc<str>) = ("a.jsonl".into(), "b.jsonl".into());
        let mut ids = Ids::default();
        for n in 0..1000u64 {
            assert_eq!(ids.insert(&format!("id-{n}"), &a, n + 1), None);
        }
        assert_eq!(ids.insert("id-7", &b, 3), Some(("a.jsonl", 8)));
        assert_eq!(ids.insert("", &b, 4), None);
        assert_eq!(ids.insert("", &a, 5), Some(("b.jsonl", 4)));
        assert_eq!(ids.insert("id-999", &b, 6), Some(("a.jsonl", 1000)));
        assert_eq!(ids.len(), 1004);
        assert_eq!(ids.get(0), Some("id-0"));
        assert_eq!(ids.get(1000), Some("id-7"));
        assert_eq!(ids.get(1001), Some(""));
        assert_eq!(ids.get(1003), Some("id-999"));
        assert_eq!(ids.get(1004), None);
        assert_eq!(ids.files.len(), 4);
    }
}
