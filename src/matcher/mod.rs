//! The compiled matcher: lexicons -> one trie per lexicon with hashed word edges; tokens ->
//! matches under SPEC §3.
//!
//! Per lexicon, matching is leftmost-longest and non-overlapping: scanning a sentence left to
//! right, at each position the longest entry that matches there wins (at equal length: exact
//! before wildcard before regex, then the longer literal stem, then the earlier line), its span
//! is claimed, and scanning resumes after it. At a compound's start the compound is read both
//! whole and part by part, and the longest entry wins either way; when none covers the whole,
//! scanning goes on at its next part. A wildcard stem stands for the rest of one part, and an
//! entry word with hyphens also matches its parts as a phrase. A phrase continues only across
//! white space inside one sentence, or across a hyphen inside a compound. Different lexicons match independently. No per-token loop over entries: each
//! step is a few hash look-ups (exact key, possessive stem, one per distinct wildcard stem
//! length) plus one `RegexSet` where a node has regex edges.

mod keys;
mod trie;
mod vocab;

use crate::Result;
use crate::lexicon::Lexicon;
use crate::text::Analysis;

pub use trie::Kind;
use trie::Trie;
use vocab::{Ids, Vocab};

/// One match of one lexicon entry in one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index of the lexicon in the matcher's list.
    pub lexicon: u32,
    /// Index of the entry in its lexicon's `entries`.
    pub entry: u32,
    /// First and last token (inclusive) the match touches.
    pub first_token: u32,
    pub last_token: u32,
    /// Byte span in the original text.
    pub start: u32,
    pub end: u32,
}

/// All lexicons, compiled.
#[derive(Debug)]
pub struct Matcher {
    vocab: Vocab,
    tries: Vec<Trie>,
}

impl Matcher {
    /// Compile every lexicon. Fails only on a regex the `regex` crate refuses (which the
    /// lexicon parser has already checked, so in practice never).
    pub fn new(lexicons: &[Lexicon]) -> Result<Self> {
        let mut vocab = Vocab::default();
        let tries = lexicons
            .iter()
            .enumerate()
            .map(|(i, lex)| Trie::build(lex, i, &mut vocab))
            .collect::<Result<Vec<_>>>()?;
        Ok(Matcher { vocab, tries })
    }

    /// Find every match in an analysed text, appending to `out` in (lexicon, position) order.
    /// `scratch` holds buffers reused across calls.
    pub fn find(&self, a: &Analysis, scratch: &mut Scratch, out: &mut Vec<Match>) {
        self.find_in_blocks(a, scratch, out, BLOCK_TOKENS);
    }

    /// [`Matcher::find`], looking words up `block` tokens at a time (whole sentences, at
    /// least one). No match crosses a sentence boundary, so a block's look-ups serve every
    /// lexicon over its sentences; the look-up tables (about 64 bytes a word) then hold one
    /// block, not the whole text, however long it is. A text of one block (any news article)
    /// is matched lexicon by lexicon straight into `out`; in a longer one each lexicon's
    /// matches are gathered apart and appended in lexicon order, which gives the same list.
    fn find_in_blocks(
        &self,
        a: &Analysis,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
        block: usize,
    ) {
        let Scratch { ids, found } = scratch;
        let sentences = &a.sentences;
        if a.tokens.len() <= block {
            self.vocab.lookup(a, 0, a.tokens.len(), ids);
            for (li, trie) in (0u32..).zip(&self.tries) {
                trie.find_in_sentences(a, ids, sentences, li, out);
            }
            return;
        }
        found.resize_with(self.tries.len(), Vec::new);
        for f in found.iter_mut() {
            f.clear();
        }
        let mut rest = &sentences[..];
        while let Some(first) = rest.first() {
            let start = first.first_token as usize;
            let n = rest
                .iter()
                .position(|s| (s.end_token as usize).saturating_sub(start) > block)
                .unwrap_or(rest.len())
                .max(1);
            let (these, after) = rest.split_at(n);
            let end = these.last().map_or(start, |s| s.end_token as usize);
            self.vocab.lookup(a, start, end, ids);
            for ((li, trie), f) in (0u32..).zip(&self.tries).zip(found.iter_mut()) {
                trie.find_in_sentences(a, ids, these, li, f);
            }
            rest = after;
        }
        for f in found.iter() {
            out.extend_from_slice(f);
        }
    }
}

/// Tokens looked up at a time by [`Matcher::find`]: a news article is one block.
const BLOCK_TOKENS: usize = 1 << 14;

/// Buffers [`Matcher::find`] reuses from text to text.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The current block's look-ups.
    ids: Ids,
    /// Per lexicon, its matches in the text so far.
    found: Vec<Vec<Match>>,
}

#[cfg(test)]
mod tests;
