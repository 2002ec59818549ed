//! The compiled matcher: lexicons -> one trie per lexicon with hashed word edges; tokens ->
//! matches under SPEC §3.
//!
//! Per lexicon, matching is leftmost-longest and non-overlapping: scanning a sentence left to
//! right, at each position the longest entry that matches there wins (at equal length: exact
//! before wildcard before regex, then the longer literal stem, then the earlier line), its span
//! is claimed, and scanning resumes after it. A hyphen compound is tried whole first; only when
//! no entry matches starting with the whole compound are its parts tried one by one. A phrase
//! continues only across white space inside one sentence, or across a hyphen inside a
//! compound. Different lexicons match independently. No per-token loop over entries: each
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
pub use vocab::Scratch;
use vocab::Vocab;

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
    /// `ids` is a scratch buffer for the text's vocabulary look-ups, reused across calls.
    pub fn find(&self, a: &Analysis, ids: &mut Scratch, out: &mut Vec<Match>) {
        self.vocab.lookup(a, ids);
        for (li, trie) in self.tries.iter().enumerate() {
            let li = u32::try_from(li).unwrap_or(u32::MAX);
            for s in &a.sentences {
                trie.find_in_sentence(
                    a,
                    ids,
                    s.first_token as usize,
                    s.end_token as usize,
                    li,
                    out,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
