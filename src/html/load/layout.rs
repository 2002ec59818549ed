//! Where a report keeps its group columns, and whether the reports of a folder are of one run.
//! The group columns are known only by their place in the header (their names are the run's
//! `--group-by` fields), so a header in another order than slant writes it (moved in a
//! spreadsheet, or damaged) is refused rather than read with the wrong columns as groups; and
//! the folder's reports must all be grouped alike, or the page would draw one run's numbers
//! under another's names.

use std::path::Path;

use serde_json::Value;

use super::CsvFile;
use crate::error::Location;
use crate::{Error, Result};

/// Where a report keeps its group columns: after the column `after` (from the first column
/// when `None`) and before `first`, the first of the report's own columns, which `second`
/// follows.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub name: &'static str,
    after: Option<&'static str>,
    first: &'static str,
    second: &'static str,
}

/// `groups.csv`: the group columns, `period`, `metric`, ….
pub const GROUPS: Layout = Layout {
    name: "groups.csv",
    after: None,
    first: "period",
    second: "metric",
};
/// `choices.csv`: the group columns, `period`, `concept`, ….
pub const CHOICES: Layout = Layout {
    name: "choices.csv",
    after: None,
    first: "period",
    second: "concept",
};
/// `targets.csv`: the group columns, `period`, `target`, ….
pub const TARGETS: Layout = Layout {
    name: "targets.csv",
    after: None,
    first: "period",
    second: "target",
};
/// `terms.csv`: the group columns, `lexicon`, `entry`, … (no period).
pub const TERMS: Layout = Layout {
    name: "terms.csv",
    after: None,
    first: "lexicon",
    second: "entry",
};
/// `articles.csv`: `id`, the group columns, `duplicate_of`, `period`, ….
pub const ARTICLES: Layout = Layout {
    name: "articles.csv",
    after: Some("id"),
    first: "duplicate_of",
    second: "period",
};
/// `matches.csv`: `id`, the group columns, `period`, `part`, ….
pub const MATCHES: Layout = Layout {
    name: "matches.csv",
    after: Some("id"),
    first: "period",
    second: "part",
};

impl CsvFile {
    /// The group columns of a report laid out as `layout` says. A header where they cannot
    /// be found by their place (the columns around them missing, moved or out of order, or
    /// no column between them) is an error naming the file and what is out of place.
    pub fn group_cols(&self, layout: &Layout) -> Result<Vec<String>> {
        let first = self.col(layout.first)?;
        let start = match layout.after {
            Some(name) => {
                let after = self.col(name)?;
                if after > first {
                    return Err(self.out_of_order(
                        layout,
                        &format!("the column {} stands before {name}", layout.first),
                    ));
                }
                after + 1
            }
            None => 0,
        };
        if start == first {
            return Err(self.out_of_order(
                layout,
                &format!(
                    "no group column {} {}",
                    layout
                        .after
                        .map_or("before".into(), |a| format!("between {a} and")),
                    layout.first
                ),
            ));
        }
        let next = self.header.get(first + 1).map_or("", String::as_str);
        if next != layout.second {
            return Err(self.out_of_order(
                layout,
                &format!(
                    "the column after {} is '{next}', not {}",
                    layout.first, layout.second
                ),
            ));
        }
        Ok(self.header[start..first].to_vec())
    }

    /// The error for a header not in the order `layout` describes: `what` is out of place.
    fn out_of_order(&self, layout: &Layout, what: &str) -> Error {
        let mut shown: Vec<&str> = self.header.iter().take(8).map(String::as_str).collect();
        if self.header.len() > 8 {
            shown.push("…");
        }
        let mut order: Vec<&str> = layout.after.into_iter().collect();
        order.extend(["the group columns", layout.first, layout.second]);
        Error::tagged(
            Location::file(self.path().display().to_string()),
            format!(
                "{what} (its columns are: {}): slant writes {}, …, and finds the group columns \
                 by that order. The header was reordered (in a spreadsheet?) or the file is \
                 damaged: put the columns back in that order, or write the reports again with \
                 slant score",
                shown.join(", "),
                order.join(", ")
            ),
        )
    }
}

/// The reports of one run are all grouped alike: refuse a folder where `choices.csv`,
/// `targets.csv`, `terms.csv`, `matches.csv` or `run.json`'s `group_by` are grouped otherwise
/// than `groups.csv` (`group_cols`), as when the reports of two runs were copied into one
/// folder. The error names the files on each side. A `targets.csv` slant did not write
/// (`foreign_targets`, see [`super::foreign_targets`]) is no report, and is not looked at.
pub fn check_one_run(
    dir: &Path,
    group_cols: &[String],
    run: Option<&Value>,
    foreign_targets: bool,
) -> Result<()> {
    let mut others: Vec<(String, Vec<String>)> = Vec::new();
    for layout in [CHOICES, TARGETS, TERMS, MATCHES] {
        if layout.name == TARGETS.name && foreign_targets {
            continue;
        }
        if let Some(file) = CsvFile::open(dir, layout.name)? {
            let cols = file.group_cols(&layout)?;
            if cols != group_cols {
                others.push((layout.name.to_string(), cols));
            }
        }
    }
    if let Some(by) = run.and_then(|r| r.get("group_by")?.as_array()) {
        let mut cols: Vec<String> = by
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        // A run without groups writes one group column, `group`.
        if cols.is_empty() {
            cols.push("group".into());
        }
        if cols != group_cols {
            others.push(("run.json (group_by)".into(), cols));
        }
    }
    if others.is_empty() {
        return Ok(());
    }
    let mut sides: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (name, cols) in others {
        match sides.iter_mut().find(|(c, _)| *c == cols) {
            Some((_, names)) => names.push(name),
            None => sides.push((cols, vec![name])),
        }
    }
    let described: Vec<String> = sides
        .iter()
        .map(|(cols, names)| format!("{} by {}", and_list(names), cols.join(", ")))
        .collect();
    Err(Error::tagged(
        Location::file(dir.join(GROUPS.name).display().to_string()),
        format!(
            "it is grouped by {}, but {}: the folder holds the reports of more than one run, \
             and the page would show one run's numbers under another's groups. Score again \
             into this folder (every report is then of that run), or move the other run's \
             reports away",
            group_cols.join(", "),
            described.join("; ")
        ),
    ))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
