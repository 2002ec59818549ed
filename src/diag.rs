//! Non-fatal problems as values: warnings and skipped records are collected in a
//! [`Diagnostics`] sink that is passed explicitly; the command reads its counts at the end.

use serde::Serialize;

/// A record that could not be scored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Skip {
    /// The file the record came from (`<stdin>` for standard input).
    pub file: String,
    /// 1-based record number within the file (for CSV, the data row; for JSONL, the line).
    pub record: u64,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// What is wrong, in words a user can act on.
    pub reason: String,
    /// What was seen of the record's fields, so that a misspelt `--text-field` can be told
    /// apart from a bad record. Not part of any report.
    #[serde(skip)]
    pub fields: SkippedFields,
}

/// What a skipped record's fields told, as far as it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SkippedFields {
    /// Nothing: the record, or the file, could not be read (invalid JSON, a line too long, a
    /// file that would not open).
    #[default]
    Unread,
    /// The fields were read; the record was skipped for what they hold.
    Read,
    /// The record (or, for record 0, the file's header) lacks the text field; these are the
    /// fields it has.
    NoText(Vec<String>),
}

impl Skip {
    pub fn new(file: impl Into<String>, record: u64, id: Option<String>, reason: String) -> Self {
        Skip {
            file: file.into(),
            record,
            id,
            reason,
            fields: SkippedFields::Unread,
        }
    }
}

/// Something worth telling the user that did not stop a record from being scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Warning {
    /// The file (or lexicon) it is about, empty when it is about the whole run.
    pub file: String,
    /// 1-based record or line number, when there is one.
    pub record: Option<u64>,
    /// The record's id, when known.
    pub id: Option<String>,
    pub message: String,
}

impl Warning {
    /// `file:record (id …): message`, as the run's summary line quotes it; a warning about the
    /// whole run is its message alone.
    pub fn describe(&self) -> String {
        let mut place = self.file.clone();
        if let Some(record) = self.record {
            place = format!("{place}:{record}");
        }
        if let Some(id) = &self.id {
            place = format!("{place} (id {id})");
        }
        if place.is_empty() {
            self.message.clone()
        } else {
            format!("{place}: {}", self.message)
        }
    }

    pub fn new(file: impl Into<String>, record: Option<u64>, message: impl Into<String>) -> Self {
        Warning {
            file: file.into(),
            record,
            id: None,
            message: message.into(),
        }
    }
}

/// Warnings kept as values; beyond them only the count goes on, so a corpus that warns on
/// every record does not fill memory. `run.json` lists this many.
pub const KEPT_WARNINGS: usize = 1000;

/// The sink for skips and warnings of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// Skips kept until they can be written (the command takes them); the others were
    /// written as they came and are only counted.
    pub skips: Vec<Skip>,
    /// The first [`KEPT_WARNINGS`] warnings, in order.
    pub warnings: Vec<Warning>,
    /// Every warning, kept or not.
    warnings_total: usize,
    /// Every skip, kept or not: records, and whole files (record 0) that could not be read.
    records_skipped: u64,
    files_unreadable: u64,
    /// The first skip, kept or not: the reason a run that scored nothing gives.
    first_skip: Option<Skip>,
}

impl Diagnostics {
    /// Counts a skip and keeps it, to be written later.
    pub fn skip(&mut self, skip: Skip) {
        self.count_skip(&skip);
        self.skips.push(skip);
    }

    /// Counts a skip already written.
    pub fn count_skip(&mut self, skip: &Skip) {
        if self.first_skip.is_none() {
            self.first_skip = Some(skip.clone());
        }
        if skip.record > 0 {
            self.records_skipped += 1;
        } else {
            self.files_unreadable += 1;
        }
    }

    /// Records skipped, kept or not.
    pub fn records_skipped(&self) -> u64 {
        self.records_skipped
    }

    /// Files that could not be read at all.
    pub fn files_unreadable(&self) -> u64 {
        self.files_unreadable
    }

    /// The first record or file skipped, if any.
    pub fn first_skip(&self) -> Option<&Skip> {
        self.first_skip.as_ref()
    }

    pub fn warn(&mut self, warning: Warning) {
        self.warnings_total += 1;
        if self.warnings.len() < KEPT_WARNINGS {
            self.warnings.push(warning);
        }
    }

    /// Number of warnings, including those not kept.
    pub fn warnings_total(&self) -> usize {
        self.warnings_total
    }

    pub fn merge(&mut self, other: Diagnostics) {
        if self.first_skip.is_none() {
            self.first_skip = other.first_skip;
        }
        self.skips.extend(other.skips);
        self.records_skipped += other.records_skipped;
        self.files_unreadable += other.files_unreadable;
        let room = KEPT_WARNINGS.saturating_sub(self.warnings.len());
        self.warnings.extend(other.warnings.into_iter().take(room));
        self.warnings_total += other.warnings_total;
    }
}

/// `n` and the noun that goes with it: "1 article", "0 articles", "2 matches". Messages to
/// the user count with this, so that a run of one article does not read "1 articles".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_past_the_kept_ones_are_only_counted() {
        let mut d = Diagnostics::default();
        let mut other = Diagnostics::default();
        for i in 0..KEPT_WARNINGS + 5 {
            d.warn(Warning::new("f", Some(i as u64), "w"));
            other.warn(Warning::new("g", None, "w"));
        }
        assert_eq!(d.warnings.len(), KEPT_WARNINGS);
        assert_eq!(d.warnings.last().and_then(|w| w.record), Some(999));
        assert_eq!(d.warnings_total(), KEPT_WARNINGS + 5);
        d.merge(other);
        assert_eq!(d.warnings.len(), KEPT_WARNINGS);
        assert_eq!(d.warnings_total(), 2 * (KEPT_WARNINGS + 5));
    }

    #[test]
    fn skips_are_counted_whether_kept_or_not() {
        let skip = |record| Skip::new("f", record, None, "r".into());
        let mut d = Diagnostics::default();
        d.skip(skip(0));
        d.skip(skip(3));
        d.count_skip(&skip(4));
        assert_eq!(d.skips.len(), 2);
        assert_eq!((d.records_skipped(), d.files_unreadable()), (2, 1));
    }

    #[test]
    fn counts_take_the_singular_only_for_one() {
        assert_eq!(counted(0, "article", "articles"), "0 articles");
        assert_eq!(counted(1, "article", "articles"), "1 article");
        assert_eq!(counted(2, "match", "matches"), "2 matches");
    }
}
