//! slant's own lexicon format (SPEC §4): `# key: value` metadata lines, a header row naming
//! the columns, then one entry per row.
//!
//! Invariants: the first error ends parsing; every error is a usage error (exit 2) at
//! `origin:line:col`, where `line` is the physical line (1-based, counting comment and blank
//! lines) and `col` the 1-based byte column where the offending field starts (for a missing
//! column, the start of the header). Column names are matched case-insensitively and may
//! come in any order; unknown columns and unknown metadata keys are ignored (an unknown column
//! named like a known one the header lacks with a warning). Two categories (or parents) that
//! differ only in letter case are an error naming the first line.

use super::records::{Field, Item, Records, not_commas_hint};
use super::source::{
    CategoryCase, Syntax, check_category, decode, error_at, origin_stem, parse_term, sha256_hex,
    shown,
};
use super::{Entry, Lexicon};
use crate::diag::Warning;
use crate::error::{Error, Location};

/// The columns slant reads, in the order its own files write them; the consts below index it.
const COLUMNS: [&str; 6] = ["term", "category", "weight", "alternative", "case", "note"];
const TERM: usize = 0;
const CATEGORY: usize = 1;
const WEIGHT: usize = 2;
const ALTERNATIVE: usize = 3;
const CASE: usize = 4;
const NOTE: usize = 5;
/// The columns a header must name.
const REQUIRED: [usize; 2] = [TERM, CATEGORY];

/// Parse a slant CSV lexicon. `origin` names it in messages and becomes its `origin`; the
/// name defaults to the file stem of `origin`, and `sha256` is taken over the raw `bytes`.
pub fn parse_csv(origin: &str, bytes: &[u8]) -> crate::Result<Lexicon> {
    parse_csv_warning(origin, bytes).map(|(lexicon, _)| lexicon)
}

/// [`parse_csv`], with the warnings of its header: an unknown column whose name is near one
/// slant reads and the header lacks (`wieght`), which would otherwise be ignored in silence.
pub fn parse_csv_warning(origin: &str, bytes: &[u8]) -> crate::Result<(Lexicon, Vec<Warning>)> {
    let text = decode(origin, bytes)?;
    let mut meta = Meta::default();
    let mut header: Option<Header> = None;
    let mut warnings = Vec::new();
    let mut entries = Vec::new();
    let mut spellings = CategoryCase::default();
    for item in Records::new(origin, text) {
        match (item?, &header) {
            (Item::Comment { line, text }, None) => meta.read(origin, line, text)?,
            (Item::Comment { .. }, Some(_)) => {}
            (Item::Record { line, fields }, None) => {
                let read = Header::read(origin, line, &fields)?;
                warnings.extend(read.near_misses(origin, line, &fields));
                header = Some(read);
            }
            (Item::Record { line, fields }, Some(h)) => {
                entries.push(h.entry(origin, line, &fields, &mut spellings)?);
            }
        }
    }
    if header.is_none() {
        return Err(Error::tagged(
            Location::file(origin),
            "no header row; a lexicon starts with a row such as \
             `term,category,weight,alternative,case,note`",
        )
        .into_usage());
    }
    let lexicon = Lexicon {
        name: meta
            .name
            .map_or_else(|| origin_stem(origin), |(name, _)| name),
        version: meta.version.map(|(v, _)| v).unwrap_or_default(),
        description: meta.description.join(" "),
        source: meta.source.join("; "),
        license: meta.license.map(|(v, _)| v).unwrap_or_default(),
        origin: origin.to_string(),
        sha256: sha256_hex(bytes),
        entries,
        bytes: bytes.into(),
    };
    Ok((lexicon, warnings))
}

/// Metadata from the `#` lines before the header; single-valued keys keep their line so a
/// repeat can point at the first.
#[derive(Default)]
struct Meta {
    name: Option<(String, u64)>,
    version: Option<(String, u64)>,
    license: Option<(String, u64)>,
    /// Each `# description:` line continues the text.
    description: Vec<String>,
    /// Each `# source:` line is one source.
    source: Vec<String>,
}

impl Meta {
    fn read(&mut self, origin: &str, line: u64, text: &str) -> crate::Result<()> {
        let Some((key, value)) = text.trim_start_matches('#').split_once(':') else {
            return Ok(()); // a plain comment
        };
        let (key, value) = (key.trim().to_ascii_lowercase(), value.trim().to_string());
        let slot = match key.as_str() {
            "name" => &mut self.name,
            "version" => &mut self.version,
            "license" => &mut self.license,
            "description" => {
                self.description
                    .extend(Some(value).filter(|v| !v.is_empty()));
                return Ok(());
            }
            "source" => {
                self.source.extend(Some(value).filter(|v| !v.is_empty()));
                return Ok(());
            }
            _ => return Ok(()),
        };
        if let Some((_, first)) = slot {
            return Err(error_at(
                origin,
                line,
                1,
                format!("`# {key}:` is given twice (first on line {first}); keep one"),
            ));
        }
        if key == "name" && value.is_empty() {
            return Err(error_at(
                origin,
                line,
                1,
                "`# name:` is empty; name the lexicon",
            ));
        }
        *slot = Some((value, line));
        Ok(())
    }
}

/// Where each known column is in the rows (0-based field index).
struct Header {
    index: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    fn read(origin: &str, line: u64, fields: &[Field]) -> crate::Result<Header> {
        let mut index = [None; COLUMNS.len()];
        for (i, field) in fields.iter().enumerate() {
            let name = field.text.to_ascii_lowercase();
            let Some(c) = COLUMNS.iter().position(|&known| known == name) else {
                continue;
            };
            if let Some(first) = index[c] {
                return Err(error_at(
                    origin,
                    field.line,
                    field.col,
                    format!(
                        "column `{name}` appears twice (first as column {})",
                        first + 1
                    ),
                ));
            }
            index[c] = Some(i);
        }
        for c in REQUIRED {
            if index[c].is_none() {
                let name = COLUMNS[c];
                let has: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
                let other_separator = match has.as_slice() {
                    [one] if one.contains(';') => Some("semicolons"),
                    [one] if one.contains('\t') => Some("tabs"),
                    _ => None,
                };
                let hint = other_separator
                    .map(|s| format!("; its fields are separated by {s}{}", not_commas_hint()))
                    .unwrap_or_default();
                return Err(error_at(
                    origin,
                    line,
                    1,
                    format!(
                        "the header has no `{name}` column (it has: {}); the required columns \
                         are `term` and `category`{hint}",
                        shown(&has.join(", "))
                    ),
                ));
            }
        }
        Ok(Header {
            index,
            width: fields.len(),
        })
    }

    /// A warning for each unknown column named like a column slant reads that the header
    /// lacks: `wieght` would leave every weight at 1 without a word.
    fn near_misses(&self, origin: &str, line: u64, fields: &[Field]) -> Vec<Warning> {
        let missing: Vec<&str> = COLUMNS
            .iter()
            .zip(&self.index)
            .filter(|(_, at)| at.is_none())
            .map(|(name, _)| *name)
            .collect();
        fields
            .iter()
            .filter(|f| !COLUMNS.contains(&f.text.to_ascii_lowercase().as_str()))
            .filter_map(|f| {
                let near = crate::suggest::nearest(&f.text, &missing, 1);
                let known = near.first()?;
                Some(Warning::new(
                    origin,
                    Some(line),
                    format!(
                        "column `{}` (column {}) is not one slant reads and is ignored; did you \
                         mean `{known}`?",
                        shown(&f.text),
                        fields.iter().position(|g| std::ptr::eq(g, f)).unwrap_or(0) + 1
                    ),
                ))
            })
            .collect()
    }

    /// The field of column `c` in a row, if the file has that column and the row reaches it.
    fn get<'f>(&self, fields: &'f [Field], c: usize) -> Option<&'f Field> {
        self.index[c].and_then(|i| fields.get(i))
    }

    fn entry(
        &self,
        origin: &str,
        line: u64,
        fields: &[Field],
        spellings: &mut CategoryCase,
    ) -> crate::Result<Entry> {
        if let Some(extra) = fields.get(self.width) {
            return Err(error_at(
                origin,
                extra.line,
                extra.col,
                format!(
                    "this row has {} fields but the header has {}; quote a field that contains \
                     a comma",
                    fields.len(),
                    self.width
                ),
            ));
        }
        // A row may stop early: its missing fields are empty, and an error about one of them
        // points at the row's last field.
        let at = |c: usize| {
            let (l, col) = self
                .get(fields, c)
                .or(fields.last())
                .map_or((line, 1), |f| (f.line, f.col));
            move |msg: String| error_at(origin, l, col, msg)
        };
        let text = |c: usize| self.get(fields, c).map_or("", |f| f.text.as_str());

        let case = text(CASE);
        let case_sensitive = match case.to_ascii_lowercase().as_str() {
            "" | "insensitive" => false,
            "sensitive" => true,
            _ => {
                return Err(at(CASE)(format!(
                    "case must be `sensitive` or `insensitive` (or empty), not `{}`",
                    shown(case)
                )));
            }
        };
        let term = text(TERM);
        let words = parse_term(term, case_sensitive, Syntax::Slant).map_err(at(TERM))?;
        let categories = parse_categories(text(CATEGORY)).map_err(at(CATEGORY))?;
        for category in &categories {
            spellings.check(category, line).map_err(at(CATEGORY))?;
        }
        let weight = match text(WEIGHT) {
            "" => 1.0,
            w => w
                .parse::<f64>()
                .ok()
                .filter(|w| w.is_finite())
                .ok_or_else(|| {
                    at(WEIGHT)(format!(
                        "weight must be a finite number such as `1` or `-0.5`, not `{}`",
                        shown(w)
                    ))
                })?,
        };
        let alternatives = text(ALTERNATIVE)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Entry {
            term: term.to_string(),
            words,
            categories,
            weight,
            alternatives,
            case_sensitive,
            note: text(NOTE).to_string(),
            line,
        })
    }
}

/// `-` is a blocker (no categories); otherwise `;`-separated dotted paths, each listed once.
fn parse_categories(text: &str) -> Result<Vec<String>, String> {
    if text == "-" {
        return Ok(Vec::new());
    }
    if text.is_empty() {
        return Err(
            "empty category; name one or more dotted categories separated by `;`, \
                    or `-` for a blocker"
                .into(),
        );
    }
    let mut categories: Vec<String> = Vec::new();
    for path in text.split(';').map(str::trim) {
        if path == "-" {
            return Err("`-` (a blocker) cannot be combined with categories".into());
        }
        check_category(path)?;
        if categories.iter().any(|c| c == path) {
            return Err(format!("category `{path}` is listed twice"));
        }
        categories.push(path.to_string());
    }
    Ok(categories)
}

#[cfg(test)]
mod tests;
