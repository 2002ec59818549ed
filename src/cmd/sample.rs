//! `slant sample REPORTS_DIR --per category,outlet --n 20 --seed S`: draw a stratified random
//! sample of `matches.csv` as a coding sheet (`sample.csv`) with empty `judgement` and `note`
//! columns for human coders. Wiring only: the draw is `aggregate::sample` (reservoir per
//! stratum, seeded per stratum), the sheet is written atomically by `report`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::aggregate::sample::Strata;
use crate::cli::SampleArgs;
use crate::diag::counted;
use crate::html::load::{CsvFile, MATCHES};
use crate::report::{Cell, Reports};
use crate::{Error, Result};

/// Columns of `matches.csv` copied to the sheet (after `id` and the group columns), in order.
pub(crate) const COPIED: [&str; 14] = [
    "period", "part", "sentence", "start", "end", "lexicon", "entry", "category", "weight",
    "voice", "negated", "left", "text", "right",
];

/// The sheet's own columns: before `id` and the group columns, and after [`COPIED`].
pub(crate) const OWN: [&str; 5] = ["sample_id", "stratum", "stratum_size", "judgement", "note"];

/// Strata columns allowed besides the group columns.
const STRATA: [&str; 7] = [
    "category", "lexicon", "entry", "part", "voice", "negated", "period",
];

pub fn run(args: &SampleArgs) -> Result<()> {
    if !args.reports.is_dir() {
        return Err(Error::usage(format!(
            "{}: not a folder; name the folder of reports written by `slant score --out`",
            args.reports.display()
        )));
    }
    if args.n == 0 {
        return Err(Error::usage("--n must be at least 1"));
    }
    let per: Vec<String> = args.per.split(',').map(|s| s.trim().to_string()).collect();
    if per.iter().any(String::is_empty) {
        return Err(Error::usage(format!(
            "--per '{}': a column name is empty; give names separated by commas",
            args.per
        )));
    }
    if let Some(twice) = per.iter().enumerate().find(|(i, p)| per[..*i].contains(p)) {
        return Err(Error::usage(format!("--per names '{}' twice", twice.1)));
    }
    let Some(file) = CsvFile::open(&args.reports, "matches.csv")? else {
        return Err(Error::usage(format!(
            "{}: no matches.csv; name a folder of reports written by `slant score` without \
             `--omit matches`",
            args.reports.display()
        )));
    };
    let target: PathBuf = args
        .out
        .clone()
        .unwrap_or_else(|| args.reports.join("sample.csv"));
    crate::report::check_file_target(&target)?;
    let matches = args.reports.join("matches.csv");
    if crate::config::same_file(&target, &matches) {
        // Not even with --force: the sheet would be drawn from the file it replaces.
        return Err(Error::usage(format!(
            "--out {}: is {}, which this draw reads; name another file",
            target.display(),
            matches.display()
        )));
    }
    if !args.force {
        check_replaceable(&target)?;
    }
    let id = file.col("id")?;
    // Checked against the order slant writes: taken by position from a reordered header,
    // the group columns would be the wrong ones.
    let group_cols: Vec<String> = file.group_cols(&MATCHES)?;
    let groups = id + 1..id + 1 + group_cols.len();
    let allowed: Vec<String> = group_cols
        .iter()
        .cloned()
        .chain(STRATA.iter().map(|s| s.to_string()))
        .collect();
    let mut strata_cols = Vec::new();
    for p in &per {
        if !allowed.contains(p) {
            return Err(Error::usage(format!(
                "--per: '{p}' is not a column to stratify by (choose from: {})",
                allowed.join(", ")
            )));
        }
        strata_cols.push(file.col(p)?);
    }
    let copied: Vec<usize> = COPIED.iter().map(|c| file.col(c)).collect::<Result<_>>()?;
    let category = file.col("category")?;
    // Where the category sits in an item: after id, the group columns and the copied columns
    // before it.
    let category_slot =
        1 + group_cols.len() + COPIED.iter().position(|c| *c == "category").unwrap_or(0);
    let split_category = per.iter().any(|p| p == "category");

    // Each item: the sheet's cells from `id` to `right`, with the stratum's own category.
    let mut strata: Strata<Vec<String>> = Strata::new(args.n, args.seed);
    let mut matches = 0u64;
    file.each(|r| {
        matches += 1;
        let mut cells: Vec<String> = vec![r.text(id).to_string()];
        cells.extend(r.texts(groups.clone()));
        cells.extend(copied.iter().map(|&c| r.text(c).to_string()));
        let cats: Vec<&str> = if split_category {
            r.text(category)
                .split(';')
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            vec![r.text(category)]
        };
        for cat in cats {
            let key: Vec<String> = strata_cols
                .iter()
                .map(|&c| if c == category { cat } else { r.text(c) }.to_string())
                .collect();
            let mut item = cells.clone();
            if let Some(slot) = item.get_mut(category_slot) {
                *slot = cat.to_string();
            }
            strata.offer(key, item);
        }
        Ok(())
    })?;
    let draws = strata.finish();
    let period_at = per.iter().position(|p| p == "period");
    if let Some(p) = period_at {
        if !draws.is_empty() && draws.iter().all(|d| d.key[p].is_empty()) {
            // One stratum of undated matches is no stratification by period.
            return Err(Error::usage(format!(
                "--per period: no match in {} has a period: the run was scored without \
                 --period (or no article's date could be read). Score with --period month or \
                 --period year, or stratify by other columns",
                args.reports.join("matches.csv").display()
            )));
        }
    }

    // The `stratum` cell is how `slant agreement` tells strata apart: two strata may not
    // share one, as values holding ` | ` could make them (`A | B`, `C` and `A`, `B | C`).
    let labels: Vec<String> = draws
        .iter()
        .map(|d| stratum_label(&d.key, period_at))
        .collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, label) in labels.iter().enumerate() {
        if let Some(&first) = seen.get(label.as_str()) {
            return Err(Error::usage(format!(
                "--per {}: the strata {:?} and {:?} would both be written '{label}' in the \
                 stratum column, and slant agreement could not tell them apart, since a \
                 value holds ' | '. Stratify by other columns, or rename the values in the \
                 input",
                per.join(","),
                draws[first].key,
                draws[i].key
            )));
        }
        seen.insert(label, i);
    }
    let (mut reports, name) = Reports::for_file(&target, "sample.csv")?;
    let mut header: Vec<&str> = OWN[..3].to_vec();
    header.push("id");
    header.extend(group_cols.iter().map(String::as_str));
    header.extend(COPIED);
    header.extend(&OWN[3..]);
    let mut sink = reports.csv(&name, &header)?;
    let mut sample_id = 0u64;
    let mut short = 0usize;
    for (d, stratum) in draws.iter().zip(&labels) {
        short += usize::from(d.items.len() < args.n);
        for item in &d.items {
            sample_id += 1;
            let mut row = vec![
                Cell::Int(sample_id),
                Cell::Text(stratum),
                Cell::Int(d.population),
            ];
            row.extend(item.iter().map(|c| Cell::Text(c)));
            row.extend([Cell::Empty, Cell::Empty]);
            sink.row(&row)?;
        }
    }
    reports.finish(sink)?;
    reports.commit()?;
    if !args.quiet {
        // With --per category a match is a candidate once per category it names: the count
        // drawn from is of candidates, which the rows drawn are.
        let population = if split_category {
            let candidates: u64 = draws.iter().map(|d| d.population).sum();
            format!(
                "{} ({}, each once per category it names)",
                counted(candidates, "candidate", "candidates"),
                counted(matches, "match", "matches")
            )
        } else {
            counted(matches, "match", "matches")
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "slant: drew {sample_id} of {population} in {} of {} (up to {} each, seed {}); wrote \
             {}",
            counted(draws.len() as u64, "stratum", "strata"),
            per.join(" × "),
            args.n,
            args.seed,
            target.display()
        );
        if short > 0 {
            let _ = writeln!(
                err,
                "slant: {} fewer than {} matches and {} taken whole",
                counted(short as u64, "stratum had", "strata had"),
                args.n,
                if short == 1 { "was" } else { "were" }
            );
        }
    }
    Ok(())
}

/// A stratum's cell on the sheet: its values joined by ` | `, with an empty period shown as
/// `(no date)`, as `summary.html` shows it: a draw by period is of a run by period, where an
/// empty period is an article whose date could not be read (not a blank in the key).
fn stratum_label(key: &[String], period_at: Option<usize>) -> String {
    key.iter()
        .enumerate()
        .map(|(i, v)| {
            if Some(i) == period_at && v.is_empty() {
                "(no date)"
            } else {
                v.as_str()
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A coding sheet is only replaced by a new draw while nobody has coded it: an existing file
/// that is not a sheet of `slant sample`, or one with a `judgement` or `note` filled in, is
/// left alone unless `--force` is given, since a coder's work cannot be drawn again.
fn check_replaceable(target: &Path) -> Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let refuse = |what: String| {
        Err(Error::usage(format!(
            "{}: {what}; a new draw would replace it. Name another --out, or give --force to \
             replace it",
            target.display()
        )))
    };
    let mut reader = match csv::Reader::from_path(target) {
        Ok(r) => r,
        Err(e) => return refuse(format!("exists and cannot be read as a coding sheet ({e})")),
    };
    let header = reader.headers().cloned().unwrap_or_default();
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some("sample_id"), Some(judgement), Some(note)) =
        (header.get(0), column("judgement"), column("note"))
    else {
        return refuse("exists and is not a coding sheet of `slant sample`".into());
    };
    let mut coded = 0u64;
    for record in reader.records() {
        let Ok(record) = record else {
            return refuse("exists and cannot be read as a coding sheet".into());
        };
        let filled = |i: usize| record.get(i).is_some_and(|v| !v.trim().is_empty());
        coded += u64::from(filled(judgement) || filled(note));
    }
    if coded > 0 {
        return refuse(format!(
            "already holds {} (judgement or note filled in)",
            crate::diag::counted(coded, "coded row", "coded rows")
        ));
    }
    Ok(())
}
