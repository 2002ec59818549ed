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
    pub fn new(file: impl Into<String>, record: Option<u64>, message: impl Into<String>) -> Self {
        Warning {
            file: file.into(),
            record,
            id: None,
            message: message.into(),
        }
    }
}

/// The sink for skips and warnings of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub skips: Vec<Skip>,
    pub warnings: Vec<Warning>,
}

impl Diagnostics {
    pub fn skip(&mut self, skip: Skip) {
        self.skips.push(skip);
    }

    pub fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    pub fn merge(&mut self, other: Diagnostics) {
        self.skips.extend(other.skips);
        self.warnings.extend(other.warnings);
    }
}
