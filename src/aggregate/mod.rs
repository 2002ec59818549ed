//! Aggregation: article scores -> group, period, term, choice, target and comparison tables.
//! `stats` holds the pure formulas; the other modules accumulate and lay out rows.

pub mod agreement;
pub mod choices;
pub mod compare;
pub mod groups;
pub mod period;
pub mod rng;
pub mod sample;
pub mod stats;
pub mod targets;
pub mod terms;

use crate::score::targets::Mention;
use crate::score::{ArticleScore, CategoryCount, ScoredMatch, SlantSums};
use crate::wire::Fingerprint;

/// What the aggregate reports need of one scored article: its counts, not where its matches
/// are or what they say (that is in its encoded rows). The in-order consumer, and a shard's
/// partial file, carry this instead of the whole [`ArticleScore`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub words: u32,
    pub narrator_words: u32,
    pub sentences: u32,
    pub paragraphs: u32,
    pub quotations: u32,
    /// The non-zero category counts, by category index.
    pub counts: Vec<(u32, CategoryCount)>,
    pub slant: SlantSums,
    pub narrator_slant: SlantSums,
    /// One per match, in reading order.
    pub hits: Vec<Hit>,
    pub mentions: Vec<Mention>,
    pub fingerprint: Option<Fingerprint>,
}

/// One match as `terms.csv` counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub lexicon: u32,
    pub entry: u32,
    /// In the narrator's voice (outside quotation marks).
    pub narrator: bool,
}

impl Tally {
    pub fn of(score: ArticleScore) -> Self {
        Self::split(score).0
    }

    /// The tally, and the article's matches it was taken from, given back: for an article
    /// whose `matches.csv` rows are written late (see [`crate::report::rows::LateMatches`]).
    pub fn split(score: ArticleScore) -> (Self, Vec<ScoredMatch>) {
        let hits = score
            .matches
            .iter()
            .map(|m| Hit {
                lexicon: m.m.lexicon,
                entry: m.m.entry,
                narrator: !m.quoted,
            })
            .collect();
        let tally = Tally {
            words: score.words,
            narrator_words: score.narrator_words,
            sentences: score.sentences,
            paragraphs: score.paragraphs,
            quotations: score.quotations,
            counts: (0u32..)
                .zip(score.counts)
                .filter(|(_, c)| c.n > 0)
                .collect(),
            slant: score.slant,
            narrator_slant: score.narrator_slant,
            hits,
            mentions: score.mentions,
            fingerprint: score.fingerprint,
        };
        (tally, score.matches)
    }
}

/// Appends `more` to a `; `-joined note (a report's `note` cell, or the page's): nothing
/// when `more` is empty.
pub fn join_note(note: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(more);
}
