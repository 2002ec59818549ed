//! Corpus readers: bytes -> [`Article`] (with its origin) or [`Skip`] (with reason and place).
//!
//! Invariants: records are delivered in input order (inputs in the order given, directories
//! walked recursively in sorted path order, records in file order); nothing that was read is
//! dropped silently: every record becomes an `Article` or a `Skip`; reading streams, so a
//! corpus larger than memory works (a `.json` array is streamed element by element).

use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Skip, Warning};

/// One article as read from the corpus, before any analysis. Text is the original (after
/// invalid-UTF-8 replacement, BOM removal and, with `--strip-html`, tag stripping).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The id field, or `<file>:<record>` when the record has none.
    pub id: String,
    /// The headline; empty when the record has none.
    pub title: String,
    /// The body text.
    pub text: String,
    /// The raw date text, when the record has a date field.
    pub date: Option<String>,
    /// Every other field (metadata), as text, in the order the record gives them.
    /// JSON numbers and booleans are written as JSON writes them; `null` is empty.
    pub fields: Vec<(String, String)>,
    /// The file the record came from, as named to the user (`<stdin>` for standard input).
    pub file: Arc<str>,
    /// 1-based record number within its file.
    pub record: u64,
    /// True when invalid UTF-8 bytes were replaced with U+FFFD.
    pub invalid_utf8: bool,
}

impl Article {
    /// The value of a metadata field, if the record has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Input formats (SPEC §2), chosen by extension unless `--format` says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Jsonl,
    Json,
    Txt,
}

/// How to read the corpus: the validated form of the input flags.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Forced format; `None` means by extension (stdin: sniffed from the first byte).
    pub format: Option<Format>,
    pub id_field: String,
    pub text_field: String,
    pub title_field: String,
    pub date_field: String,
    /// Remove HTML tags and decode entities before analysis.
    pub strip_html: bool,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            id_field: "id".into(),
            text_field: "text".into(),
            title_field: "title".into(),
            date_field: "date".into(),
            strip_html: false,
        }
    }
}

/// What the reader hands to its consumer, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(Article),
    Skip(Skip),
    Warning(Warning),
}

/// One input file as recorded in `run.json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    /// The path as the user named it (or as found under a named directory); `<stdin>` for `-`.
    pub path: String,
    /// Size in bytes as stored (compressed size for `.gz`).
    pub bytes: u64,
    /// SHA-256 of the stored bytes, lowercase hex.
    pub sha256: String,
    /// Records read from this file (articles + skips).
    pub records: u64,
}

/// The inputs a user named, expanded: `-` for stdin, files, and directories walked recursively.
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub paths: Vec<PathBuf>,
}
