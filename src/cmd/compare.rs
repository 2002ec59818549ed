//! `slant compare`: read an `articles.csv`, compare its groups on the chosen metric columns,
//! write `comparisons.csv` and its record, `comparisons.json`. Wiring only: the flags are
//! validated here (the checks that need the file's header and groups happen once it is
//! read), the numbers come from `aggregate::compare`, the files are written atomically by
//! `report`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::time::Instant;

use crate::aggregate::compare::{self, Columns, Comparison, GroupInterner, Groups, Options, Pairs};
use crate::cli::CompareArgs;
use crate::diag::counted;
use crate::error::Location;
use crate::input::rowwatch::{RowWatch, csv_error, read_header};
use crate::input::{HashingReader, InputFile};
use crate::report::run::CompareRecord;
use crate::report::{Cell, Reports};
use crate::{Error, Result, input};

/// The columns of `comparisons.csv`, documented in `reports/README.md`.
pub const HEADER: [&str; 22] = [
    "group_a",
    "group_b",
    "metric",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "difference",
    "welch_t",
    "welch_df",
    "welch_p",
    "mw_u",
    "mw_p",
    "perm_p",
    "cohens_d",
    "cliffs_delta",
    "boot_ci95_low",
    "boot_ci95_high",
    "welch_q",
    "mw_q",
    "perm_q",
    "note",
];

/// More rows than this is a mistake such as `--by id` (every article its own group), not a
/// table anyone will read; `--pairs rest` or a coarser `--by` is what was meant.
const MAX_ROWS: usize = 1_000_000;

/// More replicates (or permutations) than this is a typo, not a plan: 10⁶ already pins a 95%
/// bound to about 0.03 percentile points, and a p value of 0.05 to about 0.0002.
const MAX_BOOTSTRAP: usize = 1_000_000;

/// `--pairs` as typed; `A,B` is resolved once the groups are known.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PairSpec {
    All,
    Rest,
    One(String),
}

/// Everything `slant compare` needs, checked as far as possible without reading the file.
#[derive(Debug)]
struct CompareConfig {
    articles: PathBuf,
    by: String,
    pairs: PairSpec,
    metrics: Option<Vec<String>>,
    out: PathBuf,
    seed: u64,
    bootstrap: usize,
    permutations: usize,
    threads: usize,
    quiet: bool,
    dedupe: bool,
}

impl CompareConfig {
    fn from_args(args: &CompareArgs) -> Result<Self> {
        input::validate_inputs(std::slice::from_ref(&args.articles))?;
        if args.articles.is_dir() {
            return Err(Error::usage(format!(
                "{}: is a folder; name the articles.csv in it ({})",
                args.articles.display(),
                args.articles.join("articles.csv").display()
            )));
        }
        if let Some(what) = crate::report::not_a_folder(&args.out) {
            return Err(Error::usage(format!(
                "--out {}: {what}; name a folder for the report",
                args.out.display()
            )));
        }
        crate::config::check_not_replaced(
            &args.out,
            &["comparisons.csv", "comparisons.json"],
            &[&args.articles],
        )?;
        if args.by.is_empty() {
            return Err(Error::usage("--by needs a column name"));
        }
        let pairs = match args.pairs.as_str() {
            "all" => PairSpec::All,
            "rest" => PairSpec::Rest,
            s if s.contains(',') => PairSpec::One(s.to_string()),
            s => {
                return Err(Error::usage(format!(
                    "--pairs '{s}': expected all, rest, or two groups as A,B"
                )));
            }
        };
        let metrics = match &args.metrics {
            None => None,
            Some(list) => {
                let names: Vec<String> = list.split(',').map(|m| m.trim().to_string()).collect();
                if names.iter().any(String::is_empty) {
                    return Err(Error::usage(format!(
                        "--metrics '{list}': a metric name is empty; give names separated by \
                         commas"
                    )));
                }
                Some(names)
            }
        };
        if args.bootstrap > MAX_BOOTSTRAP {
            return Err(Error::usage(format!(
                "--bootstrap is at most {MAX_BOOTSTRAP} replicates"
            )));
        }
        if args.permutations > MAX_BOOTSTRAP {
            return Err(Error::usage(format!(
                "--permutations is at most {MAX_BOOTSTRAP}"
            )));
        }
        let threads = crate::config::thread_count(args.threads)?;
        Ok(CompareConfig {
            articles: args.articles.clone(),
            by: args.by.clone(),
            pairs,
            metrics,
            out: args.out.clone(),
            seed: args.seed,
            bootstrap: args.bootstrap,
            permutations: args.permutations,
            threads,
            quiet: args.quiet,
            dedupe: args.dedupe,
        })
    }
}

/// The articles read, and how many were left out for having no group value.
#[derive(Debug)]
struct Loaded {
    /// The table as stored: path, bytes, SHA-256 and data rows (`records`).
    input: InputFile,
    groups: Groups,
    columns: Columns,
    without_group: usize,
    /// Left out as wire copies (`--dedupe`).
    copies: usize,
}

impl Loaded {
    /// Rows in some group: every data row but those left out.
    fn compared(&self) -> usize {
        (self.input.records as usize) - self.without_group - self.copies
    }
}

/// Fewer bootstrap replicates than this draw a warning.
const FEW_BOOTSTRAP: usize = 1000;

pub fn run(args: &CompareArgs, command_line: Vec<String>) -> Result<()> {
    let started = Instant::now();
    crate::build_info::Build::prefetch();
    let cfg = CompareConfig::from_args(args)?;
    if (1..FEW_BOOTSTRAP).contains(&cfg.bootstrap) {
        // Printed even with -q: the interval's bounds are themselves noisy.
        let _ = writeln!(
            std::io::stderr(),
            "slant: warning: --bootstrap {}: percentile bounds from fewer than {FEW_BOOTSTRAP} \
             resamples vary noticeably with --seed; use the default 2000 or more for a figure \
             to report",
            cfg.bootstrap
        );
    }
    let loaded = read_articles(&cfg)?;
    let names = &loaded.groups.names;
    let pairs = match &cfg.pairs {
        PairSpec::All => Pairs::All,
        PairSpec::Rest => Pairs::Rest,
        PairSpec::One(spec) => resolve_pair(spec, names, &cfg.by)?,
    };
    let pair_count = match &pairs {
        Pairs::All => names.len() * names.len().saturating_sub(1) / 2,
        Pairs::Rest => names.len(),
        Pairs::One(..) => 1,
    };
    let row_count = pair_count.saturating_mul(loaded.columns.names().len());
    if row_count > MAX_ROWS {
        return Err(Error::usage(format!(
            "--by {}: {} groups would make {row_count} rows (at most {MAX_ROWS}); use \
             --pairs rest, fewer --metrics, or a column with fewer distinct values",
            cfg.by,
            names.len()
        )));
    }
    let opts = Options {
        pairs,
        bootstrap: cfg.bootstrap,
        permutations: cfg.permutations,
        seed: cfg.seed,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::failure(format!("cannot start worker threads: {e}")))?;
    let rows = pool.install(|| compare::compare(&loaded.groups, &loaded.columns, &opts))?;

    let mut reports = Reports::create(&cfg.out)?;
    let mut sink = reports.csv("comparisons.csv", &HEADER)?;
    for row in &rows {
        let note = row.note();
        sink.row(&cells(row, &note))?;
    }
    reports.finish(sink)?;
    let record = CompareRecord {
        tool: "slant",
        version: env!("CARGO_PKG_VERSION"),
        build: crate::build_info::Build::current(),
        command_line,
        input: loaded.input.clone(),
        by: cfg.by.clone(),
        pairs: match &opts.pairs {
            Pairs::All => "all".to_string(),
            Pairs::Rest => "rest".to_string(),
            Pairs::One(a, b) => format!("{a},{b}"),
        },
        metrics: loaded.columns.names().to_vec(),
        seed: cfg.seed,
        bootstrap: cfg.bootstrap,
        permutations: cfg.permutations,
        dedupe: cfg.dedupe,
        groups: names.len(),
        articles_compared: loaded.compared(),
        left_out_without_group: loaded.without_group,
        left_out_as_copies: loaded.copies,
        rows: rows.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    reports.json("comparisons.json", &record)?;
    reports.commit()?;

    if !cfg.quiet {
        // With one pair, the groups and articles it compares: not every group of the file.
        let (groups, articles) = match &opts.pairs {
            Pairs::One(a, b) => {
                let in_pair = |&g: &u32| [a, b].contains(&&names[g as usize]);
                let articles = loaded.groups.of_article.iter().filter(|g| in_pair(g));
                (format!("2 of {}", names.len()), articles.count())
            }
            _ => (names.len().to_string(), loaded.compared()),
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "slant: compared {groups} {} of '{}' on {} ({}) from {}; wrote {} and \
             comparisons.json",
            if names.len() == 1 { "group" } else { "groups" },
            cfg.by,
            counted(loaded.columns.names().len() as u64, "metric", "metrics"),
            counted(rows.len() as u64, "row", "rows"),
            counted(articles as u64, "article", "articles"),
            cfg.out.join("comparisons.csv").display()
        );
        let doubtful = welch_alone(&rows);
        if doubtful > 0 {
            let _ = writeln!(
                err,
                "slant: {} welch_q below 0.05 but perm_p of 0.05 or more: Welch's t is not \
                 reliable for groups of very unequal size or skewed values; test with perm_q \
                 (reports/README.md, Calibration)",
                counted(doubtful as u64, "row has", "rows have"),
            );
        }
        if loaded.without_group > 0 {
            let _ = writeln!(
                err,
                "slant: {} with an empty '{}' {} left out",
                counted(loaded.without_group as u64, "article", "articles"),
                cfg.by,
                if loaded.without_group == 1 {
                    "was"
                } else {
                    "were"
                }
            );
        }
        if loaded.copies > 0 {
            let _ = writeln!(
                err,
                "slant: {} left out (--dedupe)",
                match loaded.copies {
                    1 => "1 wire copy was".to_string(),
                    n => format!("{n} wire copies were"),
                }
            );
        }
        if names.len() < 2 {
            let _ = writeln!(
                err,
                "slant: '{}' has fewer than 2 groups, so there is nothing to compare",
                cfg.by
            );
        }
    }
    Ok(())
}

/// Rows whose Welch q value is below 0.05 while the permutation test of the same t finds
/// p ≥ 0.05: where Welch's reference distribution, not the data, makes the difference.
fn welch_alone(rows: &[Comparison]) -> usize {
    rows.iter()
        .filter(|r| r.welch_q.is_some_and(|q| q < 0.05))
        .filter(|r| r.perm_p.is_ok_and(|p| p >= 0.05))
        .count()
}

/// One report row, with its note (see [`Comparison::note`]).
fn cells<'a>(row: &'a Comparison, note: &'a str) -> Vec<Cell<'a>> {
    let num = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Float);
    let welch = row.welch.ok();
    let mw = row.mann_whitney.ok();
    let boot = row.boot_ci95.ok();
    vec![
        Cell::Text(&row.group_a),
        Cell::Text(&row.group_b),
        Cell::Text(&row.metric),
        Cell::Int(row.n_a as u64),
        Cell::Int(row.n_b as u64),
        num(row.mean_a),
        num(row.mean_b),
        num(row.difference()),
        num(welch.map(|w| w.t)),
        num(welch.map(|w| w.df)),
        num(welch.map(|w| w.p)),
        num(mw.map(|m| m.u)),
        num(mw.map(|m| m.p)),
        num(row.perm_p.ok()),
        num(row.cohens_d.ok()),
        num(row.cliffs_delta.ok()),
        num(boot.map(|b| b.0)),
        num(boot.map(|b| b.1)),
        num(row.welch_q),
        num(row.mw_q),
        num(row.perm_q),
        Cell::Text(note),
    ]
}

/// Read the group column and the metric columns.
fn read_articles(cfg: &CompareConfig) -> Result<Loaded> {
    let shown = if cfg.articles == Path::new("-") {
        "<stdin>".to_string()
    } else {
        cfg.articles.display().to_string()
    };
    let source: Box<dyn Read> = if cfg.articles == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&cfg.articles).map_err(|e| Error::io(&cfg.articles, &e))?)
    };
    let read_bytes = AtomicU64::new(0);
    let mut stored = HashingReader::new(source, &read_bytes);
    let stream = input::open_table(&mut stored, &shown)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(RowWatch::new(stream, b','));
    let header = read_header(&mut reader, &shown)?;
    if header.iter().all(String::is_empty) {
        return Err(Error::tagged(
            Location::file(shown.clone()),
            "no header row: not an articles.csv written by `slant score`",
        ));
    }
    // Another report of slant's would be compared row by row as if each were an article.
    if let Some(kind) =
        crate::report::known::csv_kind(&header.join(",")).filter(|&kind| kind != "articles.csv")
    {
        return Err(Error::usage(format!(
            "{shown}: this is slant's {kind}, not an articles.csv; compare reads one row per \
             article (the articles.csv in the same folder)"
        )));
    }
    let Some(by) = header.iter().position(|h| *h == cfg.by) else {
        let separators = [(';', "semicolons"), ('\t', "tabs")];
        let misread = crate::input::misread_delimiter(&header, &separators, |c| c == cfg.by);
        if let Some((_, what)) = misread {
            return Err(Error::usage(format!(
                "{shown}: its columns are separated by {what}, not commas (as a spreadsheet \
                 saves CSV in some languages), so '{}' is inside its first column; compare \
                 reads the comma-separated articles.csv that slant score writes: save it again \
                 as CSV, comma-separated",
                cfg.by
            )));
        }
        return Err(Error::usage(format!(
            "--by: no column '{}' in {shown} ({})",
            cfg.by,
            group_columns(&header)
        )));
    };
    // Metric columns: those after `period` in a slant articles.csv; otherwise every column
    // but `id` and the group column.
    let candidates: Vec<usize> = match header.iter().position(|h| h == "period") {
        // The --by column too may stand after period in a table of one's own.
        Some(p) => (p + 1..header.len()).filter(|&i| i != by).collect(),
        None => (0..header.len())
            .filter(|&i| i != by && header[i] != "id")
            .collect(),
    };
    let columns =
        compare::select_metrics(&header, &candidates, cfg.metrics.as_deref()).map_err(|p| {
            let listed: Vec<&str> = candidates.iter().map(|&i| header[i].as_str()).collect();
            Error::usage(format!(
                "--metrics: no column matches '{p}' in {shown}{}",
                crate::suggest::hint(&p, &listed, "metric columns")
            ))
        })?;
    if columns.is_empty() {
        return Err(Error::usage(format!(
            "{shown}: no *.per_1k, words or quoted_words columns; name the metrics with --metrics"
        )));
    }
    // A column named twice (tables pasted together) would be grouped by or compared under a
    // name that does not say which of the two it is: two rows of one metric name, or groups
    // from the first column only.
    for &col in std::iter::once(&by).chain(&columns) {
        let name = &header[col];
        let mut same = header.iter().enumerate().filter(|(_, h)| *h == name);
        if let (Some((first, _)), Some((second, _))) = (same.next(), same.next()) {
            return Err(Error::tagged(
                Location::at(shown.clone(), 1, second as u64 + 1),
                format!(
                    "column '{name}' appears twice (first as column {}), so a row of \
                     comparisons.csv could not say which one it is; rename or remove one",
                    first + 1
                ),
            )
            .into_usage());
        }
    }
    let names: Vec<String> = columns.iter().map(|&i| header[i].clone()).collect();
    let (mut read, mut without_group, mut copies) = (0, 0, 0);
    let duplicate_col = header.iter().position(|h| h == "duplicate_of");
    if cfg.dedupe && duplicate_col.is_none() {
        return Err(Error::usage(format!(
            "--dedupe: {shown} has no duplicate_of column (written by slant score 0.1 and later)"
        )));
    }
    let mut groups = GroupInterner::default();
    let mut table = Columns::new(names);
    let mut record = csv::StringRecord::new();
    let mut values = vec![0.0; columns.len()];
    let mut before = reader.position().byte();
    loop {
        let more = reader.read_record(&mut record);
        let end = reader.position().byte();
        let line = reader.get_mut().take_row(before, end).start;
        before = end;
        if !more.map_err(|e| csv_error(&shown, Some(line), &e))? {
            break;
        }
        read += 1;
        // Every cell is checked, also in rows that end up in no group.
        for ((value, name), &col) in values.iter_mut().zip(table.names()).zip(&columns) {
            *value = parse_cell(record.get(col).unwrap_or(""), name)
                .map_err(|m| Error::tagged(Location::at(shown.clone(), line, col as u64 + 1), m))?;
        }
        if cfg.dedupe && duplicate_col.is_some_and(|c| !record.get(c).unwrap_or("").is_empty()) {
            copies += 1;
            continue;
        }
        let group = compare::unguard(record.get(by).unwrap_or(""));
        // A cell of spaces is as empty as slant score makes a blank group value.
        if group.trim().is_empty() {
            without_group += 1;
            continue;
        }
        groups.push(group);
        table.push_row(&values)?;
    }
    if groups.is_empty() && read > 0 {
        return Err(Error::usage(format!(
            "--by {}: the column is empty in every row of {shown}",
            cfg.by
        )));
    }
    // The csv reader stops at the end of the data; what is left (nothing, in a table that
    // parsed) is read too, so that the hash covers the whole file.
    drop(reader);
    stored
        .drain()
        .map_err(|e| Error::tagged(Location::file(shown.clone()), e.to_string()))?;
    let (bytes, sha256) = stored.finish();
    Ok(Loaded {
        input: InputFile {
            path: shown,
            bytes,
            sha256,
            records: read as u64,
        },
        groups: groups.finish(),
        columns: table,
        without_group,
        copies,
    })
}

/// A metric cell: a finite number, or NaN for an empty cell (an undefined rate).
fn parse_cell(cell: &str, column: &str) -> std::result::Result<f64, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(f64::NAN);
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        // `inf`, `NaN` (pandas, NumPy) or a number past f64's range such as `1e400`.
        Ok(_) => Err(format!(
            "column '{column}' holds '{cell}', which is not a finite number; an undefined \
             value is an empty cell"
        )),
        // The missing-value marks other tools write (R's write.csv, Excel, SQL exports).
        Err(_) if matches!(cell, "NA" | "N/A" | "#N/A" | "NULL" | "null" | "None") => Err(format!(
            "column '{column}' holds '{cell}', a mark for a missing value; compare reads a \
                 missing value as an empty cell: save the table with empty cells for missing \
                 values (in R, write.csv(..., na = \"\"))"
        )),
        Err(_) => Err(format!(
            "column '{column}' holds '{cell}', not a number; --metrics must name numeric columns"
        )),
    }
}

/// The columns `--by` can name, for a message: in a slant `articles.csv` those before
/// `period` (the metrics follow it, thousands of them); otherwise the first few.
fn group_columns(header: &[String]) -> String {
    const SHOWN: usize = 12;
    if let Some(period) = header.iter().position(|h| h == "period") {
        let groups: Vec<&str> = header[..period]
            .iter()
            .map(String::as_str)
            .filter(|h| !matches!(*h, "id" | "duplicate_of"))
            .chain(std::iter::once("period"))
            .collect();
        return format!(
            "group columns: {}; the other {} columns are ids and metrics",
            crate::suggest::listed(&groups),
            header.len() - groups.len()
        );
    }
    // A name is cut short: a header read with the wrong delimiter is one huge name.
    let shown: Vec<String> = header
        .iter()
        .take(SHOWN)
        .map(|h| match h.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &h[..cut]),
            None => h.clone(),
        })
        .collect();
    let more = if header.len() > SHOWN {
        format!(", … ({} in all)", header.len())
    } else {
        String::new()
    };
    format!("columns: {}{more}", crate::suggest::listed(&shown))
}

/// Resolve `--pairs A,B` against the groups found. A group name may itself hold commas: the
/// split that names two existing groups wins; none or several is a usage error.
fn resolve_pair(spec: &str, names: &[String], by: &str) -> Result<Pairs> {
    let find = |s: &str| -> Option<String> {
        [s, s.trim(), compare::unguard(s.trim())]
            .into_iter()
            .find_map(|c| names.iter().find(|n| n.as_str() == c).cloned())
    };
    let splits: Vec<(String, String)> = spec
        .match_indices(',')
        .filter_map(|(i, _)| Some((find(&spec[..i])?, find(&spec[i + 1..])?)))
        .collect();
    match splits.as_slice() {
        [(a, b)] if a == b => Err(Error::usage(format!(
            "--pairs '{spec}': names the same group twice"
        ))),
        [(a, b)] => Ok(Pairs::One(a.clone(), b.clone())),
        [] => {
            // With one comma, say which side is no group, with the names nearest to it: a
            // list of the first 20 of 300 outlets does not show a misspelling.
            let sides = spec
                .split_once(',')
                .filter(|_| spec.matches(',').count() == 1);
            if let Some(side) = sides.and_then(|(a, b)| match (find(a), find(b)) {
                (Some(_), None) => Some(b),
                (None, Some(_)) => Some(a),
                _ => None,
            }) {
                let listed: Vec<&str> = names.iter().map(String::as_str).collect();
                let side = compare::unguard(side.trim());
                return Err(Error::usage(format!(
                    "--pairs '{spec}': not two groups of '{by}': '{side}' is none of them{}",
                    crate::suggest::hint(side, &listed, "groups")
                )));
            }
            let shown: Vec<&str> = names.iter().take(20).map(String::as_str).collect();
            let more = names.len().saturating_sub(shown.len());
            Err(Error::usage(format!(
                "--pairs '{spec}': not two groups of '{by}' (groups: {}{})",
                crate::suggest::listed(&shown),
                if more > 0 {
                    format!(", and {more} more")
                } else {
                    String::new()
                }
            )))
        }
        _ => Err(Error::usage(format!(
            "--pairs '{spec}': ambiguous, the commas split it into groups more than one way"
        ))),
    }
}
