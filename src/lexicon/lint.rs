//! `slant lexicon check`: problems a lexicon can parse with but should not ship with.
//!
//! Invariants: linting never fails and never changes a lexicon; results come in entry order
//! (per lexicon, in the order given), so output is deterministic. Warnings are what SPEC §4
//! names (duplicates, words that can never match) plus suspicious regexes and cross-file
//! overlaps; errors are reserved for entries that break what the parsers guarantee (no
//! words, a regex that does not compile), which only a lexicon built in code can have.
//! Deliberately not linted: blockers (a blocker that blocks nothing costs nothing), and a
//! category used both as a leaf and with children (counts roll up by design).

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::fmt;

use serde::Serialize;

use super::source::compile_regex;
use super::{Entry, Lexicon, WordPattern};
use crate::text::{is_single_token, normalize_key};

/// How serious a lint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    /// Worth fixing; the lexicon still works (`slant lexicon check` reports it).
    Warning,
    /// The lexicon is broken where this points.
    Error,
}

impl fmt::Display for LintLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintLevel::Warning => "warning",
            LintLevel::Error => "error",
        })
    }
}

/// One finding about one lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// 1-based line of the entry it is about; 0 when it is about the whole file.
    pub line: u64,
    pub level: LintLevel,
    pub message: String,
}

impl Lint {
    fn warning(line: u64, message: String) -> Self {
        Lint {
            line,
            level: LintLevel::Warning,
            message,
        }
    }
}

/// Lints of one lexicon: duplicate entries (same words after normalisation, same case flag;
/// the message names the line of the first), words that can never be one token, and `re:`
/// words that match the empty string.
pub fn check(lex: &Lexicon) -> Vec<Lint> {
    let mut lints = Vec::new();
    let mut first_of: HashMap<(bool, Vec<WordKey>), &Entry> = HashMap::new();
    for entry in &lex.entries {
        if entry.words.is_empty() {
            lints.push(Lint {
                line: entry.line,
                level: LintLevel::Error,
                message: format!("`{}` has no words", entry.term),
            });
            continue;
        }
        for word in &entry.words {
            lints.extend(check_word(entry, word));
        }
        let key = entry
            .words
            .iter()
            .map(|w| word_key(w, entry.case_sensitive))
            .collect();
        match first_of.entry((entry.case_sensitive, key)) {
            Slot::Vacant(slot) => {
                slot.insert(entry);
            }
            Slot::Occupied(first) => {
                let first = first.get();
                let same = first.categories == entry.categories && first.weight == entry.weight;
                let message = if same {
                    format!(
                        "`{}` duplicates line {}; remove one of them",
                        entry.term, first.line
                    )
                } else {
                    format!(
                        "`{}` duplicates line {} with other categories or weight; only one of \
                         them can win a match, so merge them into one row",
                        entry.term, first.line
                    )
                };
                lints.push(Lint::warning(entry.line, message));
            }
        }
    }
    lints
}

/// What only shows across files, tagged with the origin it is reported on (the later of the
/// two lexicons): a category that two lexicons both define (their counts are summed) and two
/// lexicons with the same name. Per-file lints are not repeated here: run [`check`] on each
/// lexicon as well.
pub fn check_all(lexicons: &[Lexicon]) -> Vec<(String, Lint)> {
    let mut out = Vec::new();
    let mut names: HashMap<&str, &Lexicon> = HashMap::new();
    // Category -> the lexicon that first defines it, and the line there.
    let mut defined: HashMap<&str, (&Lexicon, u64)> = HashMap::new();
    for lex in lexicons {
        if let Some(other) = names.insert(&lex.name, lex) {
            let message = format!(
                "lexicon name `{}` is also used by {}; rename one (`# name:`) so reports and \
                 `slant lexicon show` can tell them apart",
                lex.name, other.origin
            );
            out.push((lex.origin.clone(), Lint::warning(0, message)));
        }
        let mut own: Vec<&str> = Vec::new();
        for entry in &lex.entries {
            for category in &entry.categories {
                if own.contains(&category.as_str()) {
                    continue;
                }
                own.push(category);
                match defined.entry(category) {
                    Slot::Vacant(slot) => {
                        slot.insert((lex, entry.line));
                    }
                    Slot::Occupied(first) => {
                        let (other, line) = *first.get();
                        let message = format!(
                            "category `{category}` is also defined by lexicon `{}` ({}:{line}); \
                             their counts are summed",
                            other.name, other.origin
                        );
                        out.push((lex.origin.clone(), Lint::warning(entry.line, message)));
                    }
                }
            }
        }
    }
    out
}

/// The identity of one word for duplicate detection: its kind and its match key.
type WordKey = (u8, String);

fn word_key(word: &WordPattern, case_sensitive: bool) -> WordKey {
    match word {
        WordPattern::Exact(w) => (0, normalize_key(w, case_sensitive)),
        WordPattern::Prefix(w) => (1, normalize_key(w, case_sensitive)),
        WordPattern::Inflected(w) => (2, normalize_key(w, case_sensitive)),
        WordPattern::Regex(p) => (3, p.clone()),
    }
}

fn check_word(entry: &Entry, word: &WordPattern) -> Option<Lint> {
    let term = &entry.term;
    let never = |shown: String, what: &str| {
        let message = format!(
            "`{shown}` in `{term}` can never match: {what} not a single word under slant's \
             tokenizer"
        );
        Some(Lint::warning(entry.line, message))
    };
    match word {
        WordPattern::Exact(w) if !is_single_token(w) => never(w.clone(), "it is"),
        // Any word the prefix could match is the stem plus more letters.
        WordPattern::Prefix(stem) if !is_single_token(&format!("{stem}a")) => {
            never(format!("{stem}*"), "words starting with it are")
        }
        WordPattern::Inflected(base) if !is_single_token(base) => {
            never(format!("{base}~"), "its base is")
        }
        WordPattern::Regex(p) => match compile_regex(p, entry.case_sensitive) {
            Err(message) => Some(Lint {
                line: entry.line,
                level: LintLevel::Error,
                message,
            }),
            Ok(re) if re.is_match("") => Some(Lint::warning(
                entry.line,
                format!(
                    "`re:{p}` matches the empty string, so some part of it is optional that \
                     should not be"
                ),
            )),
            Ok(_) => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;
