//! `slant lexicon check`: problems a lexicon can parse with but should not ship with.
//!
//! Invariants: linting never fails and never changes a lexicon; results come in entry order
//! (per lexicon, in the order given), so output is deterministic. Warnings are what SPEC §4
//! names (duplicates, words that can never match) plus near-duplicates (one term twice in one
//! category, once `case=sensitive`), words whose dashes do not match as written, suspicious
//! regexes (`words.rs`) and what only shows across files ([`check_all`]); errors are reserved
//! for entries that break what the parsers guarantee (no words, a regex that does not
//! compile), which only a lexicon built in code can have. Two entries whose words differ only
//! by a hyphen against a space (`peace-plan`, `peace plan`) are duplicates: the spaced one
//! matches every text the hyphenated one matches (a hyphen only inside a compound). [`double_counts`] and [`unused_weights`] are reported
//! when a lexicon loads, not here, so that `score` warns too; so are the findings of
//! [`check_all`] (`load.rs`). Two lexicons with one name are an error of the set (`load.rs`),
//! not a lint. Deliberately not linted: blockers (a blocker that blocks nothing costs
//! nothing), and a category used both as a leaf and with children in different entries
//! (counts roll up by design).

mod across;
mod words;

pub use across::check_all;

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::fmt;

use serde::Serialize;

use super::source::{is_separator, shown};
use super::{Entry, Lexicon, WordPattern};
use crate::text::token::is_invisible;
use crate::text::{fold_char, normalize_key};

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

/// Lints of one lexicon: duplicate entries (same words after normalisation, with a hyphen
/// inside a word read as a space, same case flag; the message names the line of the first),
/// one term listed twice in a category with different case flags, words that can never be
/// one token, and `re:` words that match the empty string or need white space.
pub fn check(lex: &Lexicon) -> Vec<Lint> {
    let mut lints = Vec::new();
    let mut first_of: HashMap<(bool, Vec<WordKey>), &Entry> = HashMap::new();
    // The entries so far under their caseless key, for the pairs that differ in case flag.
    let mut caseless: HashMap<Vec<WordKey>, Vec<&Entry>> = HashMap::new();
    // Every text the entries so far match literally, for entries that share some of them.
    let mut claimed: HashMap<(bool, String), &Entry> = HashMap::new();
    for entry in &lex.entries {
        if entry.words.is_empty() {
            lints.push(Lint {
                line: entry.line,
                level: LintLevel::Error,
                message: format!("`{}` has no words", shown(&entry.term)),
            });
            continue;
        }
        for word in &entry.words {
            lints.extend(words::check_word(entry, word));
        }
        let key = entry_key(entry, entry.case_sensitive);
        match first_of.entry((entry.case_sensitive, key)) {
            Slot::Vacant(slot) => {
                slot.insert(entry);
            }
            Slot::Occupied(first) => {
                lints.push(Lint::warning(entry.line, duplicate(first.get(), entry)));
                continue;
            }
        }
        let loose = caseless.entry(entry_key(entry, false)).or_default();
        if let Some(lint) = loose.iter().find_map(|first| case_pair(first, entry)) {
            lints.push(lint);
        }
        loose.push(entry);
        lints.extend(shared_forms(entry, &mut claimed));
    }
    lints
}

/// Every literal text `entry` can match, folded as the matcher folds it, with hyphens read as
/// spaces (a spaced phrase matches the hyphenated compound too): the product of its words'
/// forms, a `~` word giving each of its [`inflections`](super::inflections). `None` for an
/// entry with a wildcard or a regex, whose texts cannot be listed. (A loaded entry has at most
/// `source::MAX_WAYS` of them: more is an error of its file.)
pub(crate) fn surface_forms(entry: &Entry) -> Option<Vec<String>> {
    let folded = |w: &str| normalize_key(w, entry.case_sensitive).replace('-', " ");
    entry.phrases(|word| match word {
        WordPattern::Exact(w) => Some(vec![folded(w)]),
        WordPattern::Inflected(w) => {
            Some(super::inflections(w).iter().map(|f| folded(f)).collect())
        }
        WordPattern::Prefix(_) | WordPattern::Regex(_) => None,
    })
}

/// An entry that matches a text an earlier entry of the same case setting matches too (not
/// written alike: that is a duplicate): `fought` after `fight~`, which gives `fought`, or
/// `crony~` after `cronies`. Only one of the two can count that text; the texts of `entry`
/// no earlier entry has are added to `claimed`.
fn shared_forms<'a>(
    entry: &'a Entry,
    claimed: &mut HashMap<(bool, String), &'a Entry>,
) -> Option<Lint> {
    let forms = surface_forms(entry)?;
    let total = forms.len();
    let mut shared: Option<(String, &Entry)> = None;
    let mut count = 0;
    for form in forms {
        match claimed.entry((entry.case_sensitive, form)) {
            Slot::Occupied(first) => {
                count += 1;
                shared.get_or_insert_with(|| (first.key().1.clone(), first.get()));
            }
            Slot::Vacant(slot) => {
                slot.insert(entry);
            }
        }
    }
    let (form, first) = shared?;
    let (term, first_term) = (shown(&entry.term), shown(&first.term));
    let whole = if count == total {
        format!(
            "every text `{term}` matches, `{first_term}` (line {}) matches too",
            first.line
        )
    } else {
        format!(
            "`{term}` and `{first_term}` (line {}) both match `{form}`{}",
            first.line,
            if count > 1 {
                format!(" and {} more texts", count - 1)
            } else {
                String::new()
            }
        )
    };
    Some(Lint::warning(
        entry.line,
        format!(
            "{whole} (`~` gives a word's inflections, irregular ones included): only one of them \
             can count such a text, so remove the listed form or merge the two rows"
        ),
    ))
}

/// The message for `entry`, whose words are those of the earlier `first`.
fn duplicate(first: &Entry, entry: &Entry) -> String {
    let same = first.categories == entry.categories && first.weight == entry.weight;
    let (term, first_term) = (shown(&entry.term), shown(&first.term));
    // `Maße` and `Masse`: one key only through the folds of caseless matching (not plain
    // lowercasing, white space or typographic apostrophes and dashes). `peace-plan` and
    // `peace plan`: one key once hyphens are read as spaces (the spaced entry matches both).
    let plain = |term: &str, hyphens: bool| -> String {
        term.split(is_separator)
            .filter(|w| !w.is_empty())
            .flat_map(|w| w.chars().chain([' ']))
            .filter(|&c| !is_invisible(c))
            .map(fold_char)
            .map(|c| if hyphens && c == '-' { ' ' } else { c })
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hyphenated = plain(&first.term, false) != plain(&entry.term, false)
        && plain(&first.term, true) == plain(&entry.term, true);
    let folded_together = !entry.case_sensitive
        && !hyphenated
        && plain(&first.term, true) != plain(&entry.term, true);
    if folded_together {
        format!(
            "`{term}` and `{first_term}` (line {}) are one word for matching once case is folded \
             (`ß` is `ss`, `ı` and `İ` are `i`, …), so only one of them can win a match; if they \
             are different words, mark both `case=sensitive`",
            first.line
        )
    } else if hyphenated {
        let what = if same {
            "remove the hyphenated one"
        } else {
            "only one of them can win where both match, so merge them into one row, written \
             with a space"
        };
        format!(
            "`{term}` and `{first_term}` (line {}) overlap: a space in an entry matches a space \
             or a hyphen in text, so the spaced one matches every text the hyphenated one \
             matches; {what}",
            first.line
        )
    } else if same {
        format!(
            "`{term}` duplicates line {}; remove one of them",
            first.line
        )
    } else {
        format!(
            "`{term}` duplicates line {} with other categories or weight; only one of them can \
             win a match, so merge them into one row",
            first.line
        )
    }
}

/// One term twice in one category, once `case=sensitive` and once not: every text the
/// case-sensitive row matches, the other matches too, so the two rows split one count (and
/// when they are spelt alike, `terms.csv` gives both the same entry and category).
fn case_pair(first: &Entry, entry: &Entry) -> Option<Lint> {
    if first.case_sensitive == entry.case_sensitive {
        return None;
    }
    let shared = entry
        .categories
        .iter()
        .find(|c| first.categories.contains(c))?;
    let setting = if entry.case_sensitive {
        "here `case=sensitive`, there not"
    } else {
        "there `case=sensitive`, here not"
    };
    let alike = if first.term == entry.term {
        " (which terms.csv cannot tell apart: both have the same entry and category)"
    } else {
        ""
    };
    Some(Lint::warning(
        entry.line,
        format!(
            "`{}` repeats `{}` (line {}) with the other case setting ({setting}) in the same \
             category `{shared}`: what the case-sensitive row matches, the other matches too, so \
             one count is split between two rows{alike}; keep one row, or give them different \
             categories",
            shown(&entry.term),
            shown(&first.term),
            first.line
        ),
    ))
}

/// The identity of one word for duplicate detection: its kind and its match key.
type WordKey = (u8, String);

/// The words of an entry as duplicate detection sees them: match keys, with each word split at
/// its hyphens (a spaced entry matches every text a hyphenated one matches, so the two are
/// duplicates), the parts before the last one exact. A regex is its pattern as written.
fn entry_key(entry: &Entry, case_sensitive: bool) -> Vec<WordKey> {
    let mut key = Vec::new();
    for word in &entry.words {
        let (kind, text) = match word {
            WordPattern::Exact(w) => (0, w),
            WordPattern::Prefix(w) => (1, w),
            WordPattern::Inflected(w) => (2, w),
            WordPattern::Regex(p) => {
                key.push((3, p.clone()));
                continue;
            }
        };
        let folded = normalize_key(text, case_sensitive);
        let mut parts = folded.split('-').peekable();
        while let Some(part) = parts.next() {
            let kind = if parts.peek().is_some() { 0 } else { kind };
            key.push((kind, part.to_string()));
        }
    }
    key
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
                    shown(&entry.term)
                ),
                [init @ .., last] => format!(
                    "`{}` names both `{parent}` and its sub-categories {} and {last}: a match \
                     counts {} times in `{parent}`",
                    shown(&entry.term),
                    init.join(", "),
                    subs.len() + 1
                ),
            };
            lints.push(Lint::warning(entry.line, message));
        }
    }
    lints
}

/// Entries with a weight other than 1 and no `choice.` category, as one warning on the line
/// of the first: weights act only in word choices (the slant metric); every other category is
/// a plain count, so such a weight is ignored. Not part of [`check`]: the loader reports it.
pub fn unused_weights(lex: &Lexicon) -> Option<Lint> {
    let ignored: Vec<&Entry> = lex
        .entries
        .iter()
        .filter(|e| e.weight != 1.0 && !e.categories.iter().any(|c| c.starts_with("choice.")))
        .collect();
    let (first, more) = ignored.split_first()?;
    let others = match more {
        [] => String::new(),
        _ => {
            const SHOWN: usize = 5;
            let mut lines: Vec<String> = more
                .iter()
                .take(SHOWN)
                .map(|e| e.line.to_string())
                .collect();
            if more.len() > SHOWN {
                lines.push("…".into());
            }
            let (verb, entries, line) = if more.len() == 1 {
                ("does", "entry", "line")
            } else {
                ("do", "entries", "lines")
            };
            format!(
                ", and so {verb} {} more {entries} ({line} {})",
                more.len(),
                lines.join(", ")
            )
        }
    };
    Some(Lint::warning(
        first.line,
        format!(
            "`{}` has weight {} but no `choice.*` category{others}: weights act only in \
             word-choice categories (`choice.<concept>.<variant>`, for the slant metric); every \
             other category is a plain count, so these weights are ignored",
            shown(&first.term),
            first.weight
        ),
    ))
}

#[cfg(test)]
mod tests;
