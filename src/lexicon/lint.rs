//! `slant lexicon check`: problems a lexicon can parse with but should not ship with.
//!
//! Invariants: linting never fails and never changes a lexicon; results come in entry order
//! (per lexicon, in the order given), so output is deterministic. Warnings are what SPEC §4
//! names (duplicates, words that can never match) plus words whose dashes do not match as
//! written, suspicious regexes and categories two files define; errors are reserved for
//! entries that break what the parsers guarantee (no words, a regex that does not compile),
//! which only a lexicon built in code can have. [`double_counts`] (an entry naming a category
//! and its own sub-category) is reported when a lexicon loads, not here, so that `score`
//! warns too. Two lexicons with one name are an error of the set (`load.rs`), not a lint.
//! Deliberately not linted: blockers (a blocker that blocks nothing costs nothing), and a
//! category used both as a leaf and with children in different entries (counts roll up by
//! design).

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::fmt;

use serde::Serialize;

use super::source::compile_regex;
use super::{Entry, Lexicon, WordPattern};
use crate::text::token::is_hyphen;
use crate::text::{fold_char, is_single_token, normalize_key};

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
                // `Maße` and `Masse`: one key only through the folds of caseless matching
                // (not plain lowercasing, white space or typographic apostrophes and dashes).
                let plain = |term: &str| -> String {
                    term.split_whitespace()
                        .flat_map(|w| w.chars().chain([' ']))
                        .map(fold_char)
                        .flat_map(char::to_lowercase)
                        .collect()
                };
                let folded_together =
                    !entry.case_sensitive && plain(&first.term) != plain(&entry.term);
                let message = if folded_together {
                    format!(
                        "`{}` and `{}` (line {}) are one word for matching once case is folded \
                         (`ß` is `ss`, `ı` and `İ` are `i`, …), so only one of them can win a \
                         match; if they are different words, mark both `case=sensitive`",
                        entry.term, first.term, first.line
                    )
                } else if same {
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
/// two lexicons): a category that two lexicons both define (their counts are summed). Per-file
/// lints are not repeated here: run [`check`] on each lexicon as well.
pub fn check_all(lexicons: &[Lexicon]) -> Vec<(String, Lint)> {
    let mut out = Vec::new();
    // Category -> the lexicon that first defines it, and the line there.
    let mut defined: HashMap<&str, (&Lexicon, u64)> = HashMap::new();
    for lex in lexicons {
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
    // The word as written, with its marker, and what must be one token for it to match (any
    // word a prefix matches is the stem plus more letters).
    let (marked, token) = match word {
        WordPattern::Exact(w) => (w.clone(), w.clone()),
        WordPattern::Prefix(stem) => (format!("{stem}*"), format!("{stem}a")),
        WordPattern::Inflected(base) => (format!("{base}~"), base.clone()),
        WordPattern::Regex(p) => return check_regex(entry, p),
    };
    if is_single_token(&token) {
        if let WordPattern::Inflected(base) = word {
            if base.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                return Some(Lint::warning(
                    entry.line,
                    format!(
                        "`{marked}` in `{}`: `~` adds English inflections (-s, -ed, -ing, …), \
                         which this word's language may not have; list its forms, or use a \
                         trailing `*`",
                        entry.term
                    ),
                ));
            }
        }
        return None;
    }
    if token.contains('*') {
        return Some(Lint::warning(
            entry.line,
            format!(
                "`{marked}` in `{}` can never match: `*` is a wildcard only at the end of a word \
                 (`terror*`); slant has no leading or inner wildcard, so list the forms, or use \
                 a `re:` entry",
                entry.term
            ),
        ));
    }
    let shown = if entry.words.len() == 1 {
        format!("`{marked}`")
    } else {
        format!("`{marked}` in `{}`", entry.term)
    };
    let dashes = separating_dashes(&marked);
    let as_hyphens = |w: &str| -> String {
        w.chars()
            .map(|c| if dashes.contains(&c) { '-' } else { c })
            .collect()
    };
    let message = if !dashes.is_empty() && is_single_token(&as_hyphens(&token)) {
        // Entries fold every dash to `-`, so the word matches as a hyphenated compound; but
        // in text these dashes end a word, so the spelling as written never occurs as one.
        let names: Vec<&str> = dashes.iter().map(|&c| dash_name(c).1).collect();
        let (read, separate) = match names.split_last() {
            Some((last, init)) if !init.is_empty() => (
                format!(
                    "the {} and the {last} are read as hyphens",
                    init.join(", the ")
                ),
                "in text these separate words".to_string(),
            ),
            _ => (
                format!("the {} is read as a hyphen", names.join("")),
                format!(
                    "in text {} {} separates words",
                    dash_name(dashes[0]).0,
                    names.join("")
                ),
            ),
        };
        let what = if entry.words.len() == 1 {
            "entry"
        } else {
            "word"
        };
        format!(
            "{shown}: {read}, so this {what} matches `{}`, never `{marked}` as written ({separate})",
            as_hyphens(&marked)
        )
    } else {
        let what = match word {
            WordPattern::Prefix(_) => "words starting with it are",
            WordPattern::Inflected(_) => "its base is",
            _ => "it is",
        };
        let shown = format!("`{marked}` in `{}`", entry.term);
        format!("{shown} can never match: {what} not a single word under slant's tokenizer")
    };
    Some(Lint::warning(entry.line, message))
}

fn check_regex(entry: &Entry, p: &str) -> Option<Lint> {
    match compile_regex(p, entry.case_sensitive) {
        Err(message) => Some(Lint {
            line: entry.line,
            level: LintLevel::Error,
            message,
        }),
        Ok(re) if re.is_match("") => Some(Lint::warning(
            entry.line,
            format!(
                "`re:{p}` matches the empty string, so some part of it is optional that should \
                 not be"
            ),
        )),
        Ok(_) => None,
    }
}

/// The dashes in `word`, each once in order of appearance, that matching folds to `-` but the
/// tokenizer treats as the end of a word (en and em dash, minus sign, …); the true hyphens
/// (`-`, U+2010, U+2011) join a compound and are not among them.
fn separating_dashes(word: &str) -> Vec<char> {
    let mut dashes: Vec<char> = Vec::new();
    for c in word.chars() {
        if fold_char(c) == '-' && !is_hyphen(c) && !dashes.contains(&c) {
            dashes.push(c);
        }
    }
    dashes
}

/// The article and name of a dash that [`fold_char`] folds to `-`.
fn dash_name(c: char) -> (&'static str, &'static str) {
    match c {
        '\u{2012}' => ("a", "figure dash"),
        '\u{2013}' => ("an", "en dash"),
        '\u{2014}' => ("an", "em dash"),
        '\u{2015}' => ("a", "horizontal bar"),
        '\u{2212}' => ("a", "minus sign"),
        '\u{FE63}' => ("a", "small hyphen-minus"),
        '\u{FF0D}' => ("a", "fullwidth hyphen-minus"),
        _ => ("a", "dash"),
    }
}

/// Entries that name a category and also one of its sub-categories (`a;a.b`): counts roll
/// up, so one match of such an entry counts more than once in the parent. One warning per
/// such parent, in entry order. Not part of [`check`]: the loader reports it, so that every
/// command that loads the lexicon warns.
pub fn double_counts(lex: &Lexicon) -> Vec<Lint> {
    let mut lints = Vec::new();
    for entry in &lex.entries {
        for parent in &entry.categories {
            let prefix = format!("{parent}.");
            let subs: Vec<String> = entry
                .categories
                .iter()
                .filter(|c| c.starts_with(&prefix))
                .map(|c| format!("`{c}`"))
                .collect();
            let message = match subs.as_slice() {
                [] => continue,
                [one] => format!(
                    "`{}` names both `{parent}` and its sub-category {one}: a match counts twice \
                     in `{parent}`",
                    entry.term
                ),
                [init @ .., last] => format!(
                    "`{}` names both `{parent}` and its sub-categories {} and {last}: a match \
                     counts {} times in `{parent}`",
                    entry.term,
                    init.join(", "),
                    subs.len() + 1
                ),
            };
            lints.push(Lint::warning(entry.line, message));
        }
    }
    lints
}

#[cfg(test)]
mod tests;
