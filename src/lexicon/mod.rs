//! Lexicons: files (CSV, LIWC `.dic`) -> validated [`Lexicon`] values; the built-in set; lints.
//!
//! Invariants: a `Lexicon` that exists has passed validation (every term parses, every regex
//! compiles, every category is a well-formed dotted path); built-in lexicons go through the
//! same parser as user files.

pub mod builtin;
pub mod csv;
pub mod dic;
pub mod inflect;
pub mod lint;
mod records;
mod source;

pub use builtin::builtin;
pub use csv::parse_csv;
pub use dic::parse_dic;
pub use inflect::inflections;
pub use lint::{Lint, LintLevel, check, check_all};

use std::fs;
use std::path::{Path, PathBuf};

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

/// Load the lexicons at `path`: a `.csv` or `.dic` file, or a folder whose `.csv` and `.dic`
/// files (not in subfolders, not hidden) load in sorted path order. Each lexicon's origin is
/// its path as given. A path that is neither, a folder with no lexicon in it, an unreadable
/// file or an invalid lexicon is a usage error naming the path.
pub fn load_path(path: &Path) -> crate::Result<(Vec<Lexicon>, Vec<Warning>)> {
    let unreadable = |p: &Path, e: std::io::Error| {
        Error::tagged(
            Location::file(p.display().to_string()),
            format!("cannot read lexicon: {e}"),
        )
        .into_usage()
    };
    let is_dir = fs::metadata(path)
        .map_err(|e| unreadable(path, e))?
        .is_dir();
    let files: Vec<PathBuf> = if is_dir {
        let mut files = Vec::new();
        for item in fs::read_dir(path).map_err(|e| unreadable(path, e))? {
            let file = item.map_err(|e| unreadable(path, e))?.path();
            let hidden = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden && format_of(&file).is_some() && file.is_file() {
                files.push(file);
            }
        }
        if files.is_empty() {
            return Err(Error::tagged(
                Location::file(path.display().to_string()),
                "this folder has no `.csv` or `.dic` lexicon files",
            )
            .into_usage());
        }
        files.sort();
        files
    } else {
        vec![path.to_path_buf()]
    };
    let mut lexicons = Vec::with_capacity(files.len());
    let mut warnings = Vec::new();
    for file in files {
        let origin = file.display().to_string();
        let Some(format) = format_of(&file) else {
            return Err(Error::tagged(
                Location::file(origin),
                "not a lexicon: give a `.csv` or `.dic` file, or a folder of them",
            )
            .into_usage());
        };
        let bytes = fs::read(&file).map_err(|e| unreadable(&file, e))?;
        match format {
            Format::Csv => lexicons.push(parse_csv(&origin, &bytes)?),
            Format::Dic => {
                let (lexicon, more) = parse_dic(&origin, &bytes)?;
                lexicons.push(lexicon);
                warnings.extend(more);
            }
        }
    }
    Ok((lexicons, warnings))
}

/// Parse a lexicon again from the bytes and origin a [`Lexicon`] keeps: the format is the
/// origin's extension, as when it was first loaded.
pub fn reparse(origin: &str, bytes: &[u8]) -> crate::Result<(Lexicon, Vec<Warning>)> {
    match format_of(Path::new(origin)) {
        Some(Format::Csv) => Ok((parse_csv(origin, bytes)?, Vec::new())),
        Some(Format::Dic) => parse_dic(origin, bytes),
        None => Err(Error::tagged(
            Location::file(origin.to_string()),
            "not a lexicon: the name ends in neither `.csv` nor `.dic`",
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Dic,
}

/// The lexicon format a file name says (extension, any case).
fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("csv") {
        Some(Format::Csv)
    } else if ext.eq_ignore_ascii_case("dic") {
        Some(Format::Dic)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
