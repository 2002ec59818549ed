//! Lexicons: files (CSV, LIWC `.dic`) -> validated [`Lexicon`] values; the built-in set; lints.
//!
//! Invariants: a `Lexicon` that exists has passed validation (every term parses, every regex
//! compiles, every category is a well-formed dotted path); built-in lexicons go through the
//! same parser as user files.

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
pub mod inflect;
