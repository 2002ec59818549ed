//! The columns of a coder's sheet, found by name. The columns `slant sample` writes are
//! matched whatever their case or spacing (and `judgment` for `judgement`), wherever a coder
//! moved them; the group columns are decided by one rule that depends neither on the order of
//! the sheets nor on columns a coder added ([`group_columns`]). A header that cannot be a
//! coding sheet (an empty file, semicolons or tabs between the columns, no `sample_id` or
//! `judgement`) is an error that says what to do.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Location;
use crate::html::load::CsvFile;
use crate::{Error, Result};

/// Columns compared between sheets: the same `sample_id` must name the same match in each.
/// `text` is compared too (spaces trimmed), so that a sheet cut down to `sample_id`, `text`
/// and `judgement` is still checked against the others.
pub(super) const IDENTITY: [&str; 8] = [
    "id", "part", "start", "end", "lexicon", "entry", "category", "text",
];
/// The identity columns that place a match; `text` only names its words.
pub(super) const PLACING: usize = 7;
/// Where `category` is in [`IDENTITY`].
pub(super) const CATEGORY: usize = 6;
/// The columns that say how a match was drawn: its stratum, and the stratum's candidates.
/// Compared between sheets like [`IDENTITY`]; a sheet drawn before slant wrote
/// `stratum_size` lacks it, and its precision is then not weighted by stratum.
pub(super) const DESIGN: [&str; 2] = [STRATUM, STRATUM_SIZE];
pub(super) const STRATUM: &str = "stratum";
pub(super) const STRATUM_SIZE: &str = "stratum_size";

/// The columns `slant sample` writes besides the group columns.
fn sample_columns() -> Vec<&'static str> {
    let own = crate::cmd::sample::OWN;
    let mut cols = own[..3].to_vec();
    cols.push("id");
    cols.extend(crate::cmd::sample::COPIED);
    cols.extend(&own[3..]);
    cols
}

/// A header cell as a known column name: case and spacing forgiven, `judgment` spelt as the
/// sheet spells it.
fn canonical(cell: &str) -> String {
    let key = cell
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase();
    if key == "judgment" {
        "judgement".into()
    } else {
        key
    }
}

/// One sheet's header, read by name.
pub(super) struct Sheet {
    pub(super) name: String,
    pub(super) file: CsvFile,
    pub(super) sample_id: usize,
    pub(super) judgement: usize,
    pub(super) period: Option<usize>,
    /// The column of each [`IDENTITY`] field, when the sheet has it.
    pub(super) identity: [Option<usize>; IDENTITY.len()],
    /// The column of each [`DESIGN`] field, when the sheet has it.
    pub(super) design: [Option<usize>; DESIGN.len()],
    /// Columns `slant sample` does not write: (name as written, trimmed; column).
    pub(super) others: Vec<(String, usize)>,
}

impl Sheet {
    pub(super) fn open(path: &Path) -> Result<Sheet> {
        let name = path.display().to_string();
        let Some(file) = CsvFile::open_path(path)? else {
            return Err(Error::usage(format!("{name}: no such file")));
        };
        let here = || Location::file(name.clone());
        if file.header.iter().all(|h| h.trim().is_empty()) {
            return Err(Error::tagged(
                here(),
                "the file is empty; name a coding sheet written by slant sample and filled in \
                 by a coder",
            ));
        }
        let known = sample_columns();
        let mut found: BTreeMap<String, usize> = BTreeMap::new();
        let mut others = Vec::new();
        for (i, cell) in file.header.iter().enumerate() {
            let key = canonical(cell);
            if known.contains(&key.as_str()) {
                if let Some(&j) = found.get(&key) {
                    return Err(Error::tagged(
                        here(),
                        format!(
                            "columns {} ('{}') and {} ('{cell}') are both {key}; delete one",
                            j + 1,
                            file.header[j],
                            i + 1
                        ),
                    ));
                }
                found.insert(key, i);
            } else {
                others.push((cell.trim().to_string(), i));
            }
        }
        let need = |col: &str| -> Result<usize> {
            if let Some(&i) = found.get(col) {
                return Ok(i);
            }
            let separators = [(';', "semicolons"), ('\t', "tabs")];
            let misread = crate::input::misread_delimiter(&file.header, &separators, |c| {
                canonical(c) == "sample_id"
            });
            if let Some((_, what)) = misread {
                return Err(Error::tagged(
                    here(),
                    format!(
                        "its columns are separated by {what}, not commas (as a spreadsheet \
                         saves text or CSV in some languages); save it again as CSV, \
                         comma-separated, UTF-8"
                    ),
                ));
            }
            let mut shown: Vec<&str> = file.header.iter().take(8).map(String::as_str).collect();
            if file.header.len() > 8 {
                shown.push("…");
            }
            Err(Error::tagged(
                here(),
                format!(
                    "no column {col} (its columns are: {}); a coding sheet is the sample.csv \
                     written by slant sample, and {col} is needed: put the column back with \
                     that name",
                    shown.join(", ")
                ),
            ))
        };
        let (sample_id, judgement) = (need("sample_id")?, need("judgement")?);
        let identity = IDENTITY.map(|c| found.get(c).copied());
        let design = DESIGN.map(|c| found.get(c).copied());
        Ok(Sheet {
            sample_id,
            judgement,
            period: found.get("period").copied(),
            identity,
            design,
            others,
            file,
            name,
        })
    }
}

/// The group columns: the columns `slant sample` copied from `matches.csv` between `id` and
/// `period` (the run's `--group-by` columns). A sheet records them only by that place, so a
/// column is taken as a group column when slant sample writes no column of its name and it
/// stands before `period`, and after `id` when there is one, in every sheet that has `period`;
/// in the order of the first such sheet. A column one coder added, or one added after
/// `period` (notes, say), is not. Sheets without `period` have no say, but their group values
/// are read.
pub(super) fn group_columns(sheets: &[Sheet]) -> Vec<String> {
    let mut voters = sheets.iter().filter_map(|s| {
        let period = s.period?;
        let after = s.identity[0].map_or(0, |id| id + 1);
        Some(
            s.others
                .iter()
                .filter(|(name, col)| !name.is_empty() && (after..period).contains(col))
                .map(|(name, _)| name.clone())
                .collect::<Vec<String>>(),
        )
    });
    let Some(mut groups) = voters.next() else {
        return Vec::new();
    };
    for names in voters {
        groups.retain(|g| names.contains(g));
    }
    // A name twice in a header cannot say which is the group column.
    let twice: Vec<String> = groups
        .iter()
        .filter(|g| {
            sheets
                .iter()
                .any(|s| s.others.iter().filter(|(n, _)| n == *g).count() > 1)
        })
        .cloned()
        .collect();
    groups.retain(|g| !twice.contains(g));
    groups
}

/// Notes on the columns that are neither `slant sample`'s nor group columns: they are ignored.
pub(super) fn ignored_columns(sheets: &[Sheet], group_cols: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    if sheets.iter().all(|s| s.period.is_none()) && sheets.iter().any(|s| !s.others.is_empty()) {
        notes.push(
            "no sheet has the column period, before which slant sample writes the group \
             columns: no column is taken as a group column, so precision is given overall and \
             per category only"
                .to_string(),
        );
    }
    for s in sheets {
        let ignored: Vec<String> = s
            .others
            .iter()
            .filter(|(n, _)| !group_cols.contains(n))
            .map(|(n, col)| {
                if n.is_empty() {
                    format!("column {} (no name)", col + 1)
                } else {
                    format!("'{n}'")
                }
            })
            .collect();
        if !ignored.is_empty() {
            notes.push(format!(
                "{}: ignored {} {}: slant sample writes no such column, and a group column \
                 stands before period (after id) in every sheet that has period",
                s.name,
                if ignored.len() == 1 {
                    "the column"
                } else {
                    "the columns"
                },
                ignored.join(", ")
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_columns_forgive_case_spacing_and_spelling() {
        for cell in [
            "judgement",
            "Judgement",
            "JUDGEMENT",
            "judgement ",
            "judgment",
            "\u{feff}judgement",
        ] {
            assert_eq!(canonical(cell), "judgement", "{cell:?}");
        }
        assert_eq!(canonical("Sample_ID"), "sample_id");
        assert_eq!(canonical("sample id"), "sample_id");
        assert_eq!(canonical("outlet"), "outlet");
    }
}
