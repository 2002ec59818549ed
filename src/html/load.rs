//! Reading a reports folder back for `summary.html`: `groups.csv` (required), and when present
//! `choices.csv`, `targets.csv`, `terms.csv`, `matches.csv`, `articles.csv` (attribution
//! shares by article), `skipped.csv`, `agreement.csv` and `run.json`.
//! [`CsvFile`] also serves `slant sample` (matches.csv) and `slant agreement` (coded sheets).
//! Columns are found by name, so files with extra columns (from newer versions) still read;
//! the group columns, known only by their place, are found and checked by `layout`.
//! Cells keep the formula guard's `'` stripped (HTML has no formulas). A cell that should be a
//! number and is not stops the report with its `file:line:column`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::aggregate::compare::unguard;
use crate::error::Location;
use crate::input::rowwatch::{RowWatch, csv_error, read_header};
use crate::{Error, Result};

mod articles;
mod layout;
mod terms;
pub use articles::read_part_sums;
pub use layout::{ARTICLES, CHOICES, GROUPS, Layout, MATCHES, TARGETS, TERMS, check_one_run};
pub use terms::{KWIC_SEED, Kwic, Term, Terms, read_kwic, read_terms};

/// A CSV report opened for reading, with its header.
pub struct CsvFile {
    path: PathBuf,
    reader: csv::Reader<RowWatch<Box<dyn BufRead>>>,
    pub header: Vec<String>,
    /// Skip rows whose every cell is empty, whatever their length (see
    /// [`CsvFile::skipping_blank_rows`]).
    skip_blank: bool,
}

impl CsvFile {
    /// Open `dir/name`; `None` when the file does not exist.
    pub fn open(dir: &Path, name: &str) -> Result<Option<CsvFile>> {
        CsvFile::open_path(&dir.join(name))
    }

    /// Open a CSV file; `None` when it does not exist.
    pub fn open_path(path: &Path) -> Result<Option<CsvFile>> {
        let path = path.to_path_buf();
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, &e)),
        };
        let shown = path.display().to_string();
        let stream = crate::input::open_table(file, &shown)?;
        // Flexible: [`CsvFile::each`] checks each row's length itself, after the blank rows
        // a spreadsheet leaves (`,,,`, shorter than the header) are skipped.
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(RowWatch::new(stream, b','));
        let header = read_header(&mut reader, &shown)?;
        Ok(Some(CsvFile {
            path,
            reader,
            header,
            skip_blank: false,
        }))
    }

    /// The same file, with rows whose every cell is empty or white space skipped by
    /// [`CsvFile::each`] whatever their number of cells: a spreadsheet saves rows that once
    /// held something as `,,,`, often with fewer cells than the header. Other rows must have
    /// as many cells as the header.
    pub fn skipping_blank_rows(mut self) -> Self {
        self.skip_blank = true;
        self
    }

    /// The index of a column the file must have.
    pub fn col(&self, name: &str) -> Result<usize> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            Error::tagged(
                Location::file(self.path.display().to_string()),
                format!("no column '{name}': not a report written by this version of slant"),
            )
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Call `f` with every row; a row with more or fewer cells than the header is an error
    /// at its line.
    pub fn each(mut self, mut f: impl FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        let mut record = csv::StringRecord::new();
        let shown = self.path.display().to_string();
        let mut before = self.reader.position().byte();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(true) => {
                    let end = self.reader.position().byte();
                    let line = self.reader.get_mut().take_row(before, end).start;
                    before = end;
                    let row = Row {
                        record: &record,
                        file: &shown,
                        line,
                    };
                    if self.skip_blank && row.is_blank() {
                        continue;
                    }
                    if record.len() != self.header.len() {
                        return Err(Error::tagged(
                            Location::line(&shown, line),
                            format!(
                                "this row has {} fields where the header has {}",
                                record.len(),
                                self.header.len()
                            ),
                        ));
                    }
                    f(&row)?;
                }
                Ok(false) => return Ok(()),
                Err(e) => {
                    let end = self.reader.position().byte();
                    let line = self.reader.get_mut().take_row(before, end).start;
                    return Err(csv_error(&shown, Some(line), &e));
                }
            }
        }
    }
}

/// One row of a CSV report.
pub struct Row<'a> {
    record: &'a csv::StringRecord,
    file: &'a str,
    line: u64,
}

impl Row<'_> {
    /// A text cell, unguarded; empty when the row is short.
    pub fn text(&self, col: usize) -> &str {
        unguard(self.record.get(col).unwrap_or(""))
    }

    /// The cells of `cols`, unguarded.
    pub fn texts(&self, cols: std::ops::Range<usize>) -> Vec<String> {
        cols.map(|c| self.text(c).to_string()).collect()
    }

    /// A number cell: `None` when empty.
    pub fn float(&self, col: usize) -> Result<Option<f64>> {
        let cell = self.record.get(col).unwrap_or("").trim();
        if cell.is_empty() {
            return Ok(None);
        }
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(self.bad(col, cell)),
        }
    }

    /// A count cell: 0 when empty.
    pub fn int(&self, col: usize) -> Result<u64> {
        let cell = self.record.get(col).unwrap_or("").trim();
        if cell.is_empty() {
            return Ok(0);
        }
        cell.parse::<u64>().map_err(|_| self.bad(col, cell))
    }

    /// The line of the file this row starts on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Whether every cell of the row, however many, is empty or white space.
    fn is_blank(&self) -> bool {
        (0..self.record.len()).all(|c| self.text(c).trim().is_empty())
    }

    fn bad(&self, col: usize, cell: &str) -> Error {
        Error::tagged(
            Location::at(self.file, self.line, col as u64 + 1),
            format!("'{cell}' is not a number"),
        )
    }
}

/// A row of the charts: group values and period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub groups: Vec<String>,
    pub period: String,
}

impl RowKey {
    /// Group values and the period joined by ` · `. In a run by period (`dated`), an empty
    /// period is the articles whose date could not be read, and says so: it is not the group's
    /// whole.
    pub fn label(&self, dated: bool) -> String {
        let mut parts: Vec<&str> = self.groups.iter().map(String::as_str).collect();
        if !self.period.is_empty() {
            parts.push(&self.period);
        } else if dated {
            parts.push("(no date)");
        }
        let label = parts.join(" · ");
        if label.is_empty() {
            "(empty)".into()
        } else {
            label
        }
    }
}

/// One row of `groups.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stat {
    pub articles: u64,
    pub words: u64,
    pub total: u64,
    pub pooled_per_1k: Option<f64>,
    pub pooled_ratio: Option<f64>,
    pub mean: Option<f64>,
    pub ci95: Option<(f64, f64)>,
}

/// `groups.csv`, indexed.
#[derive(Debug)]
pub struct Groups {
    pub group_cols: Vec<String>,
    /// Every group × period row, in file order.
    pub rows: Vec<RowKey>,
    stats: HashMap<(usize, String), Stat>,
    /// Categories: metrics `<cat>.per_1k`, sorted.
    pub categories: BTreeSet<String>,
    /// Some row has a period (see [`Groups::dated`]).
    dated: bool,
}

impl Groups {
    /// Whether the run was by period: some row has one.
    pub fn dated(&self) -> bool {
        self.dated
    }

    /// The label of a row of any table: see [`RowKey::label`].
    pub fn label(&self, key: &RowKey) -> String {
        key.label(self.dated())
    }

    pub fn read(dir: &Path) -> Result<Groups> {
        let Some(file) = CsvFile::open(dir, "groups.csv")? else {
            let hint = if dir.join(crate::shard::RECORD_FILE).is_file() {
                " (it is the partial result of a `slant score --shard` run: combine the shards \
                 with `slant merge` first)"
            } else {
                ""
            };
            return Err(Error::usage(format!(
                "{}: no groups.csv: not a folder of reports written by `slant score`{hint}",
                dir.display()
            )));
        };
        let group_cols = file.group_cols(&GROUPS)?;
        let g = group_cols.len();
        let c = |name| file.col(name);
        let (metric, articles, words, total) =
            (c("metric")?, c("articles")?, c("words")?, c("total")?);
        let (pooled, ratio, mean) = (c("pooled_per_1k")?, c("pooled_ratio")?, c("mean")?);
        let (low, high) = (c("ci95_low")?, c("ci95_high")?);
        let mut index: HashMap<RowKey, usize> = HashMap::new();
        let mut rows = Vec::new();
        let mut stats = HashMap::new();
        let mut categories = BTreeSet::new();
        file.each(|r| {
            let key = RowKey {
                groups: r.texts(0..g),
                period: r.text(g).to_string(),
            };
            let i = *index.entry(key.clone()).or_insert_with(|| {
                rows.push(key);
                rows.len() - 1
            });
            let name = r.text(metric).to_string();
            // `<cat>.narrator_per_1k` does not end in `.per_1k`.
            if let Some(cat) = name.strip_suffix(".per_1k") {
                categories.insert(cat.to_string());
            }
            let ci95 = match (r.float(low)?, r.float(high)?) {
                (Some(l), Some(h)) => Some((l, h)),
                _ => None,
            };
            stats.insert(
                (i, name),
                Stat {
                    articles: r.int(articles)?,
                    words: r.int(words)?,
                    total: r.int(total)?,
                    pooled_per_1k: r.float(pooled)?,
                    pooled_ratio: r.float(ratio)?,
                    mean: r.float(mean)?,
                    ci95,
                },
            );
            Ok(())
        })?;
        Ok(Groups {
            group_cols,
            dated: rows.iter().any(|r| !r.period.is_empty()),
            rows,
            stats,
            categories,
        })
    }

    /// The statistic of `metric` in row `row`.
    pub fn stat(&self, row: usize, metric: &str) -> Option<&Stat> {
        self.stats.get(&(row, metric.to_string()))
    }

    /// Whether any row has a defined value of `metric`.
    pub fn any_defined(&self, metric: &str) -> bool {
        (0..self.rows.len()).any(|i| self.stat(i, metric).is_some_and(|s| s.mean.is_some()))
    }

    /// The rows to chart: the `max` rows with the most articles (ties by name), in name order.
    pub fn select(&self, max: usize) -> Vec<usize> {
        let size = |i: usize| self.stat(i, "words").map_or(0, |s| s.articles);
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| size(b).cmp(&size(a)).then(self.rows[a].cmp(&self.rows[b])));
        order.truncate(max);
        order.sort_by(|&a, &b| self.rows[a].cmp(&self.rows[b]));
        order
    }

    /// The direct children of `parent` among the categories (`label` → `label.terror`, …).
    pub fn children(&self, parent: &str) -> Vec<String> {
        let prefix = format!("{parent}.");
        self.categories
            .iter()
            .filter(|c| {
                c.strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('.'))
            })
            .cloned()
            .collect()
    }
}

/// One row of `choices.csv`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub key: RowKey,
    pub concept: String,
    pub variant: String,
    pub count: u64,
    pub concept_total: u64,
    pub share: Option<f64>,
    /// The interval the page shows ([`Shares::by_article`] says which).
    pub ci95: Option<(f64, f64)>,
}

/// The rows of a share table, and whether the file has the intervals over articles (reports
/// of slant 0.2.0 and earlier have not): each row's `ci95` is that interval when it has, and
/// Wilson's over the matches or mentions when not.
pub struct Shares<T> {
    pub rows: Vec<T>,
    pub by_article: bool,
}

/// A row of a share table (`choices.csv`, `targets.csv`): two names, a count out of a total,
/// the share and its interval.
struct ShareRow {
    key: RowKey,
    names: (String, String),
    counts: (u64, u64),
    share: Option<f64>,
    ci95: Option<(f64, f64)>,
}

/// Read a share table's rows for the rows wanted, by the names of its columns:
/// `[name, name, count, total, share, ci95_low, ci95_high]`, the interval being the one over
/// articles when the file has it. `None` when the file is missing.
fn read_share_rows(
    dir: &Path,
    layout: &Layout,
    columns: [&str; 7],
    wanted: &HashSet<RowKey>,
) -> Result<Option<Shares<ShareRow>>> {
    let Some(file) = CsvFile::open(dir, layout.name)? else {
        return Ok(None);
    };
    let g = file.group_cols(layout)?.len();
    let mut col = [0usize; 7];
    for (c, name) in col.iter_mut().zip(columns) {
        *c = file.col(name)?;
    }
    let [a, b, count, total, share, low, high] = col;
    let optional = |name: &str| file.header.iter().position(|h| h == name);
    let articles = optional("ci95_articles_low").zip(optional("ci95_articles_high"));
    let (low, high) = articles.unwrap_or((low, high));
    let mut out = Vec::new();
    file.each(|r| {
        let key = RowKey {
            groups: r.texts(0..g),
            period: r.text(g).to_string(),
        };
        if !wanted.contains(&key) {
            return Ok(());
        }
        out.push(ShareRow {
            key,
            names: (r.text(a).to_string(), r.text(b).to_string()),
            counts: (r.int(count)?, r.int(total)?),
            share: r.float(share)?,
            ci95: match (r.float(low)?, r.float(high)?) {
                (Some(l), Some(h)) => Some((l, h)),
                _ => None,
            },
        });
        Ok(())
    })?;
    Ok(Some(Shares {
        rows: out,
        by_article: articles.is_some(),
    }))
}

/// The rows of `choices.csv` for the rows wanted; `None` when the file is missing.
pub fn read_choices(dir: &Path, wanted: &HashSet<RowKey>) -> Result<Option<Shares<Choice>>> {
    let columns = [
        "concept",
        "variant",
        "count",
        "concept_total",
        "share",
        "ci95_low",
        "ci95_high",
    ];
    let shares = read_share_rows(dir, &CHOICES, columns, wanted)?;
    Ok(shares.map(|s| Shares {
        by_article: s.by_article,
        rows: s
            .rows
            .into_iter()
            .map(|r| Choice {
                key: r.key,
                concept: r.names.0,
                variant: r.names.1,
                count: r.counts.0,
                concept_total: r.counts.1,
                share: r.share,
                ci95: r.ci95,
            })
            .collect(),
    }))
}

/// One row of `targets.csv`.
#[derive(Debug, Clone)]
pub struct TargetRow {
    pub key: RowKey,
    pub target: String,
    pub category: String,
    pub mentions: u64,
    pub co_occurrences: u64,
    pub rate: Option<f64>,
    /// The interval the page shows ([`Shares::by_article`] says which).
    pub ci95: Option<(f64, f64)>,
}

/// Whether the folder holds a `targets.csv` that slant did not write (by its header): a
/// user's own targets lexicon kept beside the reports, which `slant score` leaves alone. The
/// page leaves it out, as it does a missing one, and says so.
pub fn foreign_targets(dir: &Path) -> bool {
    let path = dir.join(TARGETS.name);
    path.is_file() && !crate::report::known::is_run_csv(TARGETS.name, &path)
}

/// The rows of `targets.csv` for the rows wanted; `None` when the file is missing (a run
/// without `--targets`). The caller has checked it is slant's ([`foreign_targets`]).
pub fn read_targets(dir: &Path, wanted: &HashSet<RowKey>) -> Result<Option<Shares<TargetRow>>> {
    let columns = [
        "target",
        "category",
        "mentions",
        "co_occurrences",
        "rate",
        "ci95_low",
        "ci95_high",
    ];
    let shares = read_share_rows(dir, &TARGETS, columns, wanted)?;
    Ok(shares.map(|s| Shares {
        by_article: s.by_article,
        rows: s
            .rows
            .into_iter()
            .map(|r| TargetRow {
                key: r.key,
                target: r.names.0,
                category: r.names.1,
                mentions: r.counts.0,
                co_occurrences: r.counts.1,
                rate: r.share,
                ci95: r.ci95,
            })
            .collect(),
    }))
}

/// The head of a CSV report: its header, its first rows and how many rows it has in all.
#[derive(Debug)]
pub struct Head {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: u64,
}

/// The first `first` rows of a CSV report (all columns, unguarded) and how many rows it has;
/// `None` when the file is missing.
pub fn read_head(dir: &Path, name: &str, first: usize) -> Result<Option<Head>> {
    let Some(file) = CsvFile::open(dir, name)? else {
        return Ok(None);
    };
    let header = file.header.clone();
    let width = header.len();
    let mut rows = Vec::new();
    let mut total = 0u64;
    file.each(|r| {
        total += 1;
        if rows.len() < first {
            rows.push(r.texts(0..width));
        }
        Ok(())
    })?;
    Ok(Some(Head {
        header,
        rows,
        total,
    }))
}

/// `run.json` as a JSON object (read loosely, so that fields added later still show);
/// `None` when missing. Invalid JSON, or JSON that is not an object (`[]`, `null`), is an
/// error: either would draw an empty run record as if the run had recorded nothing.
pub fn read_run(dir: &Path) -> Result<Option<serde_json::Value>> {
    let path = dir.join("run.json");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, &e)),
    };
    let run: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Error::tagged(
            Location::at(
                path.display().to_string(),
                e.line() as u64,
                e.column() as u64,
            ),
            format!("not valid JSON: {e}"),
        )
    })?;
    if !run.is_object() {
        return Err(Error::tagged(
            Location::file(path.display().to_string()),
            format!(
                "holds {}, not the object {{\"tool\": \"slant\", …}} slant score writes: not a run \
                 record. Write the reports again with slant score, or move run.json away (the \
                 page then has no run record)",
                json_kind(&run)
            ),
        ));
    }
    Ok(Some(run))
}

/// What a JSON value is, in a few words: `an array`, `a string`.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
