//! The per-article values a cell of `groups.csv` keeps, in a compact byte encoding, and the
//! temporary file they move to beyond the memory budget.
//!
//! One article's record, every integer a LEB128 varint: words, narrator words, sentences,
//! paragraphs, quotations; a byte 1 followed by the all-voices and narrator [`SlantSums`]
//! (each `sum` and `abs` as the 8 little-endian bytes of the f64, then `matches`) when the
//! article has weighted word choices, else a byte 0; the number of categories with a non-zero
//! count, then for each (in category order) the gap from the previous category, n and
//! narrator n. Floats are stored bit for bit, so the rows computed from decoded records are
//! the rows computed from the scores.
//!
//! The file is a sequence of blocks of whole records, each of one cell; a cell's blocks come
//! in input order, and an index in memory (8 bytes a block) says where each is, so a pass
//! reads only the blocks of the cells it wants. It is unnamed (deleted by the system when
//! slant exits, however it exits) and lives in the system's temporary folder (`TMPDIR`).

use std::io;

use crate::aggregate::Tally;
use crate::score::SlantSums;
use crate::tempfile_store::TempStore;
use crate::{Error, Result};

/// One article's values, decoded.
#[derive(Debug, Default)]
pub(super) struct Values {
    pub words: u32,
    pub narrator_words: u32,
    pub sentences: u32,
    pub paragraphs: u32,
    pub quotations: u32,
    /// All voices and narrator voice, when the article has weighted word choices.
    pub slant: Option<(SlantSums, SlantSums)>,
    /// (category, n, narrator n) for the categories with n > 0, in category order.
    pub counts: Vec<(u32, u32, u32)>,
}

/// What [`encode`] tells the cell's tally about the record it wrote.
pub(super) struct Encoded {
    /// Categories with a non-zero count.
    pub entries: u64,
    pub slant: bool,
}

/// Appends the record of one article to `out`: the one place where `groups.csv` reads a
/// score. Categories at or past `categories` are left out.
pub(super) fn encode(score: &Tally, categories: usize, out: &mut Vec<u8>) -> Encoded {
    for v in [
        score.words,
        score.narrator_words,
        score.sentences,
        score.paragraphs,
        score.quotations,
    ] {
        varint(out, u64::from(v));
    }
    let slant = score.slant.matches > 0;
    out.push(u8::from(slant));
    if slant {
        for s in [&score.slant, &score.narrator_slant] {
            out.extend_from_slice(&s.sum.to_bits().to_le_bytes());
            out.extend_from_slice(&s.abs.to_bits().to_le_bytes());
            varint(out, u64::from(s.matches));
        }
    }
    // The tally holds the non-zero counts only, by category.
    let nonzero = || {
        score
            .counts
            .iter()
            .map(|&(c, count)| (c as usize, count))
            .filter(|&(c, count)| c < categories && count.n > 0)
    };
    let entries = nonzero().count() as u64;
    varint(out, entries);
    let mut last = 0;
    for (c, count) in nonzero() {
        varint(out, (c - last) as u64);
        varint(out, u64::from(count.n));
        varint(out, u64::from(count.narrator_n));
        last = c;
    }
    Encoded { entries, slant }
}

/// Reads the record at the start of `bytes` into `into` and moves `bytes` past it; `None`
/// when the bytes are not a whole record.
pub(super) fn decode(bytes: &mut &[u8], into: &mut Values) -> Option<()> {
    into.words = u32_of(bytes)?;
    into.narrator_words = u32_of(bytes)?;
    into.sentences = u32_of(bytes)?;
    into.paragraphs = u32_of(bytes)?;
    into.quotations = u32_of(bytes)?;
    let (&flag, rest) = bytes.split_first()?;
    *bytes = rest;
    into.slant = None;
    if flag == 1 {
        let mut sums = || {
            let sum = f64::from_bits(read_u64(bytes)?);
            let abs = f64::from_bits(read_u64(bytes)?);
            let matches = u32_of(bytes)?;
            Some(SlantSums { sum, abs, matches })
        };
        let all = sums()?;
        let narrator = sums()?;
        into.slant = Some((all, narrator));
    }
    into.counts.clear();
    let entries = read_varint(bytes)?;
    let mut category = 0u32;
    for _ in 0..entries {
        category = category.checked_add(u32_of(bytes)?)?;
        let n = u32_of(bytes)?;
        let narrator_n = u32_of(bytes)?;
        into.counts.push((category, n, narrator_n));
    }
    Some(())
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
    }
    None
}

fn u32_of(bytes: &mut &[u8]) -> Option<u32> {
    read_varint(bytes).and_then(|v| u32::try_from(v).ok())
}

fn read_u64(bytes: &mut &[u8]) -> Option<u64> {
    let (head, rest) = bytes.split_first_chunk::<8>()?;
    *bytes = rest;
    Some(u64::from_le_bytes(*head))
}

/// The temporary file records move to.
#[derive(Debug)]
pub(super) struct Spill {
    store: TempStore,
    /// Per block, in file order: its cell number and length; blocks are back to back.
    blocks: Vec<(u32, u32)>,
}

impl Spill {
    pub fn new() -> Self {
        Spill {
            store: TempStore::new("the per-article values of groups.csv"),
            blocks: Vec::new(),
        }
    }

    /// Appends one block: `bytes` (whole records) of cell number `cell`.
    pub fn block(&mut self, cell: usize, bytes: &[u8]) -> Result<()> {
        let (Ok(cell), Ok(len)) = (u32::try_from(cell), u32::try_from(bytes.len())) else {
            let e = io::Error::other("a block over 4 GB");
            return Err(self.store.error("write", &e));
        };
        self.store.append(bytes)?;
        self.blocks.push((cell, len));
        Ok(())
    }

    /// Hands `visit` the blocks of the cells `wanted` accepts, in file order, as (cell,
    /// records).
    pub fn read(
        &self,
        wanted: impl Fn(usize) -> bool,
        mut visit: impl FnMut(usize, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut buffer = Vec::new();
        let mut at = 0u64;
        for &(cell, len) in &self.blocks {
            let start = at;
            at += u64::from(len);
            if !wanted(cell as usize) {
                continue;
            }
            buffer.resize(len as usize, 0);
            self.store.read_at(start, &mut buffer)?;
            visit(cell as usize, &buffer)?;
        }
        Ok(())
    }

    /// The error for a block that does not decode: the file was changed by something else.
    pub fn corrupt(&self) -> Error {
        let e = io::Error::other("its contents changed while slant ran");
        self.store.error("read back", &e)
    }
}
