//! The closing sections of `summary.html`: validation against human judgement (from an
//! `agreement.csv` in the reports folder) and the run record (`run.json`, `skipped.csv`).

use std::fmt::Write;

use serde_json::Value;

use super::escape::escape;
use super::load::{self, CsvFile};
use super::svg::{self, Axis, Chart, DotRow, Estimate};
use super::table::{Table, Td, absent, figure, para, with_ci};
use super::{Ctx, Section};
use crate::Result;
use crate::aggregate::agreement;
use crate::cmd::agreement::{RELIABILITY, WEIGHTED};

/// The marker of "every value" in `agreement.csv`'s category and group columns.
pub const ALL: &str = "(all)";

/// Rows shown of `skipped.csv` and of the warnings.
const FIRST: usize = 20;

/// One row of `agreement.csv`, as the report uses it.
#[derive(Debug, Clone)]
struct AgreementRow {
    statistic: String,
    coder: String,
    /// A stratum of the draw, or [`ALL`] (always, in tables written before the column).
    stratum: String,
    category: String,
    overall_groups: bool,
    units: u64,
    correct: Option<f64>,
    value: Option<f64>,
    ci95: Option<(f64, f64)>,
    note: String,
}

/// What the folder's `agreement.csv` holds for this page.
enum Agreement {
    Absent,
    /// It is not a table `slant agreement` wrote (a file of the user's own of that name): why.
    NotATable(String),
    /// It was computed from sheets of other reports: why that shows.
    Foreign(String),
    Rows(Vec<AgreementRow>),
}

/// The columns of `agreement.csv` the page reads.
struct Columns {
    statistic: usize,
    coder: usize,
    /// Absent in tables written before it.
    stratum: Option<usize>,
    category: usize,
    units: usize,
    correct: usize,
    value: usize,
    low: usize,
    high: usize,
    note: usize,
}

impl Columns {
    /// The columns, found by name; `Err` says why the header is not one `slant agreement`
    /// writes (`statistic`, `coder`, `category`, the group columns, `units`, …).
    fn find(header: &[String]) -> std::result::Result<Columns, String> {
        let c = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| format!("it has no column {name}"))
        };
        let columns = Columns {
            statistic: c("statistic")?,
            coder: c("coder")?,
            stratum: header.iter().position(|h| h == "stratum"),
            category: c("category")?,
            units: c("units")?,
            correct: c("correct")?,
            value: c("value")?,
            low: c("ci95_low")?,
            high: c("ci95_high")?,
            note: c("note")?,
        };
        if columns.units < columns.category {
            return Err(
                "its column units stands before category, and the group columns between them \
                 cannot be found"
                    .into(),
            );
        }
        Ok(columns)
    }
}

fn read_agreement(ctx: &Ctx<'_>) -> Result<Agreement> {
    let Some(file) = CsvFile::open(ctx.dir, "agreement.csv")? else {
        return Ok(Agreement::Absent);
    };
    let cols = match Columns::find(&file.header) {
        Ok(cols) => cols,
        Err(why) => return Ok(Agreement::NotATable(why)),
    };
    // `slant agreement` is run by hand and its table kept across runs: it belongs to these
    // reports only if its sheets were drawn from them (the same grouping, and categories
    // these lexicons have).
    let groups = &file.header[cols.category + 1..cols.units];
    if groups != ctx.groups.group_cols.as_slice() {
        return Ok(Agreement::Foreign(format!(
            "it is grouped by {}, these reports by {}",
            groups.join(", "),
            ctx.group_word
        )));
    }
    let mut rows = Vec::new();
    file.each(|r| {
        let ci95 = match (r.float(cols.low)?, r.float(cols.high)?) {
            (Some(l), Some(h)) => Some((l, h)),
            _ => None,
        };
        rows.push(AgreementRow {
            statistic: r.text(cols.statistic).to_string(),
            coder: r.text(cols.coder).to_string(),
            stratum: cols.stratum.map_or(ALL, |c| r.text(c)).to_string(),
            category: r.text(cols.category).to_string(),
            overall_groups: (cols.category + 1..cols.units).all(|g| r.text(g) == ALL),
            units: r.int(cols.units)?,
            correct: r.float(cols.correct)?,
            value: r.float(cols.value)?,
            ci95,
            note: r.text(cols.note).to_string(),
        });
        Ok(())
    })?;
    let categories = &ctx.groups.categories;
    // A sheet drawn without `--per category` judges a match once for all its categories,
    // joined by ';': from these reports when each of them is.
    if let Some(r) = rows
        .iter()
        .find(|r| r.category != ALL && !r.category.split(';').all(|c| categories.contains(c)))
    {
        return Ok(Agreement::Foreign(format!(
            "its category {} is not one of these reports' lexicons",
            r.category
        )));
    }
    Ok(Agreement::Rows(rows))
}

/// The note on the terminal when the folder's `file` is left out of the page's `section`.
pub fn left_out(ctx: &Ctx<'_>, file: &str, section: &str, what: &str) -> String {
    format!(
        "{}: {what}; the page's {section} section leaves it out",
        ctx.dir.join(file).display()
    )
}

/// Validation: precision per category against human coders, and their agreement; with the
/// note to print when the folder's `agreement.csv` is there and left out.
pub fn validation(ctx: &Ctx<'_>) -> Result<(Section, Option<String>)> {
    let mut body = String::new();
    let mut note = None;
    match read_agreement(ctx)? {
        Agreement::NotATable(why) => {
            body.push_str(&absent(&format!(
                "the agreement.csv in the reports folder is not an agreement table slant wrote \
                 ({why}), so it is not shown. slant agreement CODED.csv … --out \
                 REPORTS_DIR/agreement.csv writes one from coding sheets drawn with slant \
                 sample, and this section will show each category's precision against human \
                 judgement."
            )));
            note = Some(left_out(
                ctx,
                "agreement.csv",
                "Validation",
                &format!("not an agreement table slant wrote ({why})"),
            ));
        }
        Agreement::Foreign(why) => {
            body.push_str(&absent(&format!(
                "the agreement.csv in the reports folder is not from these reports ({why}), so \
                 it is not shown: it was computed from coding sheets of an earlier run. Draw a \
                 sheet from these reports with slant sample and run slant agreement again."
            )));
            note = Some(left_out(
                ctx,
                "agreement.csv",
                "Validation",
                &format!("not from these reports ({why})"),
            ));
        }
        Agreement::Absent => body.push_str(&absent(
            "no agreement.csv in the reports folder. Draw a coding sheet with slant sample, have \
             it coded, then run slant agreement CODED.csv … --out REPORTS_DIR/agreement.csv, and \
             this section will show each category's precision against human judgement.",
        )),
        Agreement::Rows(rows) => {
            // The rows per stratum of the draw (`--per lexicon`, …) have a table of their own;
            // everything else is pooled over strata.
            let (by_stratum, pooled): (Vec<&AgreementRow>, Vec<&AgreementRow>) =
                rows.iter().partition(|r| r.stratum != ALL);
            let precision: Vec<&AgreementRow> = pooled
                .iter()
                .copied()
                .filter(|r| r.statistic == "precision" && r.overall_groups)
                .collect();
            let coder = if precision.iter().any(|r| r.coder == "majority") {
                "majority".to_string()
            } else {
                precision
                    .first()
                    .map(|r| r.coder.clone())
                    .unwrap_or_default()
            };
            let per_cat: Vec<&&AgreementRow> = precision
                .iter()
                .filter(|r| r.coder == coder && r.category != ALL)
                .collect();
            body.push_str(&para(&format!(
                "Precision is the share of sampled matches that human coders judged correct for \
                 their category ({}), with a Wilson 95% interval.{}",
                if coder == "majority" {
                    "the majority judgement of the coders".to_string()
                } else {
                    format!("coder {coder}")
                },
                if coder == "majority" {
                    " Matches on which the coders are tied (with two coders, every \
                     disagreement) have no majority and are left out; the note column counts \
                     them."
                } else {
                    ""
                }
            )));
            let joined = per_cat.iter().filter(|r| r.category.contains(';')).count();
            if joined > 0 {
                body.push_str(&para(&format!(
                    "{joined} of the rows join several categories with ';': the coding sheet \
                     was drawn without --per category, so a match with several categories was \
                     judged once for all of them. Draw with slant sample --per category for a \
                     precision per category."
                )));
            }
            // The weighted row of a precision row, when agreement.csv has weighted rows (sheets
            // with stratum_size).
            let weighted_of = |r: &AgreementRow| {
                rows.iter().find(|w| {
                    w.statistic == WEIGHTED
                        && w.coder == r.coder
                        && w.stratum == r.stratum
                        && w.category == r.category
                        && w.overall_groups
                })
            };
            let weighted = rows.iter().any(|r| r.statistic == WEIGHTED);
            let estimate = |r: &AgreementRow| {
                r.value.map(|value| Estimate {
                    value,
                    ci95: r.ci95,
                })
            };
            let dots: Vec<DotRow> = per_cat
                .iter()
                .map(|r| {
                    let mut series = vec![estimate(r)];
                    if weighted {
                        series.push(weighted_of(r).and_then(&estimate));
                    }
                    DotRow {
                        label: r.category.clone(),
                        series,
                    }
                })
                .collect();
            if weighted {
                body.push_str(&para(
                    "Weighted precision lets each judged match stand for its stratum's \
                     candidates in proportion (stratum_size ÷ matches judged in the stratum), \
                     so that it estimates the precision of all the candidates the sample was \
                     drawn from; the plain share over-represents small strata, which are taken \
                     whole. Its interval is Wilson's with the effective number of matches (see \
                     the codebook, agreement.csv).",
                ));
            }
            let title = "Precision per category";
            let desc = if weighted {
                "Dot plot on a scale from 0 to 1: for each category, the share of sampled \
                 matches judged correct and the precision weighted by stratum size, with 95% \
                 intervals."
            } else {
                "Dot plot on a scale from 0 to 1: for each category, the share of sampled \
                 matches judged correct, with Wilson 95% intervals."
            };
            let axis = Axis::fixed(0.0, 1.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1);
            let svg = svg::dot_plot(
                &Chart {
                    id: "precision-chart",
                    title,
                    desc,
                },
                &dots,
                if weighted {
                    &["share of sample", "weighted"]
                } else {
                    &["precision"]
                },
                &axis,
                if weighted {
                    "precision (share judged correct, and weighted; 95% CI)"
                } else {
                    "precision (share judged correct, Wilson 95% CI)"
                },
            );
            let mut head = vec![
                "category",
                "coder",
                "judged",
                "correct",
                "precision (95% CI)",
            ];
            if weighted {
                head.push("weighted (95% CI)");
            }
            head.push("note");
            let mut table = Table::new("Precision per category and coder", &head);
            for r in precision
                .iter()
                .filter(|r| r.category != ALL || r.coder == coder)
            {
                let mut cells = vec![Td::Text(r.category.clone()), Td::Text(r.coder.clone())];
                cells.extend(judged_cells(r, weighted.then(|| weighted_of(r))));
                table.push(cells);
            }
            if dots.is_empty() {
                body.push_str(&absent("no precision rows per category in agreement.csv."));
            } else {
                let caption = format!("{title}.{}", super::sections::clip_note(&dots, &axis));
                body.push_str(&figure(&caption, &svg, &table));
            }
            let strata: Vec<&AgreementRow> = by_stratum
                .iter()
                .copied()
                .filter(|r| r.statistic == "precision" && r.coder == coder)
                .collect();
            if !strata.is_empty() {
                body.push_str(&para(
                    "The coding sheet was drawn per stratum of columns other than the category \
                     and the groups (slant sample --per lexicon, voice or part), so each \
                     stratum's precision is given too; the figures above pool the strata.",
                ));
                let mut head = vec!["stratum", "judged", "correct", "precision (95% CI)"];
                if weighted {
                    head.push("weighted (95% CI)");
                }
                head.push("note");
                let mut table = Table::new("Precision per stratum", &head);
                for r in strata {
                    let mut cells = vec![Td::Text(r.stratum.clone())];
                    cells.extend(judged_cells(r, weighted.then(|| weighted_of(r))));
                    table.push(cells);
                }
                body.push_str(&table.html());
            }
            let mut reliability = Table::new(
                "Agreement between coders (all categories)",
                &[
                    "statistic",
                    "coders",
                    "units",
                    "value (95% CI)",
                    "reading",
                    "note",
                ],
            );
            let mut low = 0usize;
            for r in pooled.iter().filter(|r| {
                RELIABILITY.contains(&r.statistic.as_str()) && r.category == ALL && r.overall_groups
            }) {
                let reading = r.value.map_or("", agreement::reading);
                low += usize::from(r.value.is_some_and(|v| v < agreement::RELIABLE));
                reliability.push(vec![
                    Td::Text(r.statistic.replace('_', " ")),
                    Td::Text(r.coder.clone()),
                    Td::Int(r.units),
                    Td::Text(with_ci(r.value, r.ci95, 3)),
                    Td::Text(reading.into()),
                    Td::Text(r.note.clone()),
                ]);
            }
            if reliability.rows.is_empty() {
                body.push_str(&para(
                    "One coder: agreement between coders needs two or more coded copies of the \
                     same sheet.",
                ));
            } else {
                if low > 0 {
                    body.push_str(&format!(
                        "<p class=\"note\">{}</p>",
                        escape(&format!(
                            "Caution: {low} of the agreement values below are under {}, the \
                             usual bar for relying on coders' judgements ({} is the lowest \
                             Krippendorff accepts, for tentative conclusions only): other \
                             coders might not judge these matches as these did, and the \
                             precision above would change with them.",
                            agreement::RELIABLE,
                            agreement::TENTATIVE
                        ))
                    ));
                }
                body.push_str(&reliability.html());
            }
        }
    }
    let section = Section {
        id: "validation",
        title: "Validation".into(),
        body,
    };
    Ok((section, note))
}

/// The cells a precision row shares in every table of judged matches: judged, correct,
/// precision with its interval, the weighted precision (`weighted` is `None` when
/// agreement.csv has no weighted rows, `Some(None)` when this row has no weighted twin) and
/// the note, with the weighted row's note after the row's own.
fn judged_cells(r: &AgreementRow, weighted: Option<Option<&AgreementRow>>) -> Vec<Td> {
    let mut cells = vec![
        Td::Int(r.units),
        Td::Num(r.correct, 0),
        Td::Text(with_ci(r.value, r.ci95, 3)),
    ];
    let mut note = r.note.clone();
    if let Some(w) = weighted {
        cells.push(Td::Text(
            w.map_or_else(String::new, |w| with_ci(w.value, w.ci95, 3)),
        ));
        if let Some(w) = w {
            crate::aggregate::join_note(&mut note, &w.note);
        }
    }
    cells.push(Td::Text(note));
    cells
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some("(none)".into()),
        _ => None,
    }
}

/// A table of the objects in a JSON array, with the given fields.
fn objects(caption: &str, items: &[Value], fields: &[&str], numeric: &[&str]) -> Table {
    let mut table = Table::new(caption, fields);
    for item in items {
        table.push(
            fields
                .iter()
                .map(|f| {
                    let v = item.get(*f).unwrap_or(&Value::Null);
                    match (numeric.contains(f), v.as_u64()) {
                        (true, Some(n)) => Td::Int(n),
                        _ => Td::Text(scalar(v).unwrap_or_else(|| v.to_string())),
                    }
                })
                .collect(),
        );
    }
    table
}

/// The run record: what was run, on what, with which lexicons, and what was left out.
pub fn run_record(ctx: &Ctx<'_>) -> Result<Section> {
    let mut body = String::new();
    match load::read_run(ctx.dir)? {
        None => body.push_str(&absent("no run.json in the reports folder.")),
        Some(run) => {
            if let Some(cmd) = run.get("command_line").and_then(Value::as_array) {
                let words: Vec<String> =
                    cmd.iter().map(|w| scalar(w).unwrap_or_default()).collect();
                let _ = write!(
                    body,
                    "<p>Command line:</p><pre><code>{}</code></pre>",
                    escape(&words.join(" "))
                );
            }
            let mut facts = Table::new("Settings and counts", &["field", "value"]);
            if let Some(obj) = run.as_object() {
                for (k, v) in obj {
                    if k == "command_line" {
                        continue;
                    }
                    let shown = match v {
                        Value::Array(a) if a.is_empty() => Some("(none)".into()),
                        Value::Array(a) if a.iter().all(|x| scalar(x).is_some()) => Some(
                            a.iter()
                                .map(|x| scalar(x).unwrap_or_default())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                        v => scalar(v),
                    };
                    if let Some(s) = shown {
                        facts.push(vec![Td::Text(k.clone()), Td::Text(s)]);
                    }
                }
            }
            body.push_str(&facts.html());
            let list = |key: &str| {
                run.get(key)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            body.push_str(
                &objects(
                    "Inputs",
                    &list("inputs"),
                    &["path", "bytes", "records", "sha256"],
                    &["bytes", "records"],
                )
                .html(),
            );
            body.push_str(
                &objects(
                    "Lexicons",
                    &list("lexicons"),
                    &["name", "version", "origin", "entries", "sha256"],
                    &["entries"],
                )
                .html(),
            );
            let warnings = list("warnings");
            let total = run
                .get("warnings_total")
                .and_then(Value::as_u64)
                .unwrap_or(warnings.len() as u64);
            if total > 0 {
                let shown = &warnings[..warnings.len().min(FIRST)];
                body.push_str(
                    &objects(
                        &format!("Warnings: the first {} of {total}", shown.len()),
                        shown,
                        &["file", "record", "id", "message"],
                        &["record"],
                    )
                    .html(),
                );
            } else {
                body.push_str(&para("No warnings."));
            }
        }
    }
    match load::read_head(ctx.dir, "skipped.csv", FIRST)? {
        None => body.push_str(&absent("no skipped.csv in the reports folder.")),
        Some(head) if head.total == 0 => body.push_str(&para("No records were skipped.")),
        Some(load::Head {
            header,
            rows,
            total,
        }) => {
            let head: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut table = Table::new(
                format!(
                    "Skipped records: the first {} of {total} (all in skipped.csv)",
                    rows.len()
                ),
                &head,
            );
            for row in rows {
                table.push(row.into_iter().map(Td::Text).collect());
            }
            body.push_str(&table.html());
        }
    }
    Ok(Section {
        id: "run",
        title: "Run record".into(),
        body,
    })
}
