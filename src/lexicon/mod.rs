//! Lexicons: files (CSV, LIWC `.dic`) -> validated [`Lexicon`] values; the built-in set; the
//! set a command loads (`load.rs`); lints.
//!
//! Invariants: a `Lexicon` that exists has passed validation (every term parses, every regex
//! compiles, every category is a well-formed dotted path, and no two of its categories differ
//! only in letter case); built-in lexicons go through the same parser as user files.

pub mod builtin;
pub mod csv;
pub mod dic;
pub mod inflect;
pub mod lint;
mod load;
mod records;
mod source;

pub use builtin::builtin;
pub use csv::{parse_csv, parse_csv_warning};
pub use dic::parse_dic;
pub use inflect::inflections;
pub use lint::{Lint, LintLevel, check, check_all, double_counts, unused_weights};
pub use load::{CheckedSet, LexiconSet, check_set, load_path, load_set};

use std::path::Path;

/// A category and its parents, outermost first: `label`, `label.terror` for `label.terror`.
/// A match counts in each of them (roll-up).
pub fn category_paths(category: &str) -> impl Iterator<Item = &str> {
    category
        .match_indices('.')
        .map(|(end, _)| &category[..end])
        .chain([category])
}

use load::{Format, format_of};

use crate::diag::Warning;
use crate::error::{Error, Location};

/// One lexicon file, parsed and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    /// `# name:` metadata, or the file stem when absent.
    pub name: String,
    /// `# version:` metadata, empty when absent.
    pub version: String,
    pub description: String,
    pub source: String,
    pub license: String,
    /// Where it came from: the path, or `builtin:FILE` for the embedded set.
    pub origin: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    pub entries: Vec<Entry>,
    /// The file's bytes, kept so that a shard can hand its lexicons to `slant merge`
    /// ([`reparse`]); empty for lexicons slant builds itself.
    pub bytes: std::sync::Arc<[u8]>,
}

/// One row of a lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The term exactly as written in the file (e.g. `terror*`, `re:^jihad(i|ist)s?$`).
    pub term: String,
    /// The term's words, in order. A `re:` term is always one word.
    pub words: Vec<WordPattern>,
    /// Dotted category paths; empty for a blocker (`-`).
    pub categories: Vec<String>,
    pub weight: f64,
    /// Neutral alternatives (`|`-separated in the file).
    pub alternatives: Vec<String>,
    pub case_sensitive: bool,
    pub note: String,
    /// 1-based line in the file, for messages and `matches.csv`.
    pub line: u64,
}

impl Entry {
    /// A blocker claims its span and counts nowhere.
    pub fn is_blocker(&self) -> bool {
        self.categories.is_empty()
    }

    /// The phrases the entry's words make with one of `options(word)` for each word, joined by
    /// spaces, the first word's options varying slowest; `None` when `options` gives `None`
    /// for a word. `slant lexicon show --forms` lists an entry's texts with it, and the lint
    /// compares entries' texts with it.
    pub fn phrases(
        &self,
        mut options: impl FnMut(&WordPattern) -> Option<Vec<String>>,
    ) -> Option<Vec<String>> {
        let mut phrases = vec![String::new()];
        for word in &self.words {
            let options = options(word)?;
            phrases = phrases
                .iter()
                .flat_map(|p| {
                    options.iter().map(move |o| match p.is_empty() {
                        true => o.clone(),
                        false => format!("{p} {o}"),
                    })
                })
                .collect();
        }
        Some(phrases)
    }
}

/// One word of a term. Strings are as written (without the `*`, `~` or `re:` marker); the
/// matcher normalises them the same way it normalises text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPattern {
    /// A literal word.
    Exact(String),
    /// `stem*`: any word starting with `stem`.
    Prefix(String),
    /// `base~`: `base` and its English inflections (see [`inflections`]).
    Inflected(String),
    /// `re:PATTERN`: a regular expression that must match one whole token.
    Regex(String),
}

/// Parse a lexicon again from the bytes and origin a [`Lexicon`] keeps: the format is the
/// origin's extension, as when it was first loaded.
pub fn reparse(origin: &str, bytes: &[u8]) -> crate::Result<(Lexicon, Vec<Warning>)> {
    match format_of(Path::new(origin)) {
        Some(Format::Csv) => parse_csv_warning(origin, bytes),
        Some(Format::Dic) => parse_dic(origin, bytes),
        None => Err(Error::tagged(
            Location::file(origin.to_string()),
            "not a lexicon: the name ends in neither `.csv` nor `.dic`",
        )),
    }
}

#[cfg(test)]
mod tests;
