//! The aggregate reports: `groups.csv`, `terms.csv` and `choices.csv`. Columns are documented
//! in `reports/README.md`; keep the two in step (`tests/integration/docs.rs` checks).

use crate::Result;
use crate::aggregate::choices::{ChoiceRow, Choices};
use crate::aggregate::groups::GroupTable;
use crate::aggregate::stats::ByArticle;
use crate::aggregate::targets::TargetTable;
use crate::aggregate::terms::{TermRow, TermTable};
use crate::lexicon::Lexicon;

use super::csv::{encode_row, float_cell, guard, int_cell, push_text, text_cell};
use super::rows::EntryCells;
use super::{Cell, CsvSink, Reports};

fn opt(x: Option<f64>) -> Cell<'static> {
    x.map_or(Cell::Empty, Cell::Float)
}

/// The columns of `groups.csv` after the group columns.
pub const GROUP_COLUMNS: [&str; 14] = [
    "period",
    "metric",
    "articles",
    "words",
    "total",
    "pooled_per_1k",
    "pooled_ratio",
    "mean",
    "sd",
    "se",
    "ci95_low",
    "ci95_high",
    "median",
    "note",
];

/// The columns of `terms.csv` after the group columns.
pub const TERM_COLUMNS: [&str; 20] = [
    "lexicon",
    "entry",
    "category",
    "count",
    "narrator_count",
    "per_1k",
    "articles_with",
    "articles",
    "share",
    "rest_share",
    "g2",
    "g2_p",
    "g2_q",
    "dispersion",
    "g2_adj_p",
    "g2_adj_q",
    "log_ratio",
    "share_p",
    "share_q",
    "note",
];

/// The columns of `choices.csv` after the group columns.
pub const CHOICE_COLUMNS: [&str; 13] = [
    "period",
    "concept",
    "variant",
    "count",
    "concept_total",
    "share",
    "ci95_low",
    "ci95_high",
    "articles",
    "design_effect",
    "ci95_articles_low",
    "ci95_articles_high",
    "note",
];

/// The columns of `targets.csv` after the group columns.
pub const TARGET_COLUMNS: [&str; 22] = [
    "period",
    "target",
    "category",
    "mentions",
    "co_occurrences",
    "rate",
    "ci95_low",
    "ci95_high",
    "articles",
    "design_effect",
    "ci95_articles_low",
    "ci95_articles_high",
    "narrator_mentions",
    "narrator_co_occurrences",
    "narrator_rate",
    "narrator_ci95_low",
    "narrator_ci95_high",
    "narrator_articles",
    "narrator_design_effect",
    "narrator_ci95_articles_low",
    "narrator_ci95_articles_high",
    "note",
];

fn header<'a>(group_fields: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let mut h: Vec<&str> = group_fields.iter().map(String::as_str).collect();
    h.extend_from_slice(rest);
    h
}

/// Write `groups.csv`; the caller hands the sink to [`Reports::finish`].
pub fn write_groups(
    reports: &Reports,
    group_fields: &[String],
    table: &GroupTable,
    categories: &[String],
) -> Result<CsvSink> {
    let mut sink = reports.csv("groups.csv", &header(group_fields, &GROUP_COLUMNS))?;
    // Rows are computed and encoded in parallel, a task at a time, and written in order.
    table.fold_rows(
        categories,
        || Vec::with_capacity(8 << 10),
        |out: &mut Vec<u8>, r| {
            let mut row = group_cells(&r.key.groups, 14);
            row.push(Cell::Text(&r.key.period));
            row.push(Cell::Text(&r.metric));
            row.push(Cell::Int(r.articles as u64));
            row.push(Cell::Int(r.words));
            row.push(Cell::Int(r.total));
            row.push(opt(r.pooled_per_1k));
            row.push(opt(r.pooled_ratio));
            let s = &r.summary;
            row.extend([opt(s.mean), opt(s.sd), opt(s.se)]);
            row.extend([
                opt(s.ci95.map(|c| c.0)),
                opt(s.ci95.map(|c| c.1)),
                opt(s.median),
            ]);
            row.push(Cell::Text(&r.note));
            encode_row(out, &row);
        },
        |out| sink.bytes(&out),
    )?;
    Ok(sink)
}

/// A row's cells, starting with its group cells, with room for `more` cells after them (so
/// that the vector is allocated once per row, not grown cell by cell).
fn group_cells(groups: &[String], more: usize) -> Vec<Cell<'_>> {
    let mut row = Vec::with_capacity(groups.len() + more);
    row.extend(groups.iter().map(|g| Cell::Text(g)));
    row
}

/// Write `terms.csv`; the caller hands the sink to [`Reports::finish`].
pub fn write_terms(
    reports: &Reports,
    group_fields: &[String],
    table: &TermTable,
    lexicons: &[Lexicon],
) -> Result<CsvSink> {
    let mut sink = reports.csv("terms.csv", &header(group_fields, &TERM_COLUMNS))?;
    // Rows are computed and encoded in parallel, a block at a time, and written in order, a
    // batch of blocks while the next is encoded.
    let rows = table.rows();
    let names = EntryCells::new(lexicons);
    let blocks: Vec<std::ops::Range<usize>> = (0..rows.len())
        .step_by(ROWS_PER_BLOCK)
        .map(|s| s..(s + ROWS_PER_BLOCK).min(rows.len()))
        .collect();
    crate::ordered::for_each_in_order(
        blocks.chunks(BLOCKS_PER_BATCH),
        |block| {
            // A row takes about 260 bytes (the 100 MB corpus's `terms.csv`).
            let mut out = Vec::with_capacity(block.len() * 320);
            // Rows come group by group: the group cells are encoded once per group.
            let mut group: Option<(&[String], Vec<u8>)> = None;
            for i in block.clone() {
                let r = rows.get(i);
                let Some(entry) = names.names(r.lexicon, r.entry) else {
                    continue;
                };
                let cells = match group.take() {
                    Some((g, cells)) if std::ptr::eq(g, r.groups) => cells,
                    _ => {
                        let mut cells = Vec::new();
                        for g in r.groups {
                            text_cell(&mut cells, g);
                        }
                        cells
                    }
                };
                out.extend_from_slice(&cells);
                group = Some((r.groups, cells));
                encode_term_row(&mut out, &r, entry);
            }
            out
        },
        |bytes| sink.bytes(&bytes),
    )?;
    Ok(sink)
}

/// Rows of a table encoded by one task, and blocks encoded before they are written: a batch
/// holds a few megabytes of encoded rows.
const ROWS_PER_BLOCK: usize = 512;
const BLOCKS_PER_BATCH: usize = 32;

/// Append the rest of a `terms.csv` row after its group cells: the entry's `names` (already
/// encoded), the numbers and the note, with the line end. The same bytes as
/// [`encode_cells`](super::csv::encode_cells) gives.
fn encode_term_row(out: &mut Vec<u8>, r: &TermRow<'_>, names: &[u8]) {
    out.extend_from_slice(names);
    out.push(b',');
    int_cell(out, r.count);
    int_cell(out, r.narrator_count);
    float_cell(out, r.per_1k);
    int_cell(out, r.articles_with);
    int_cell(out, r.articles);
    for x in [
        r.share,
        r.rest_share,
        r.g2,
        r.g2_p,
        r.g2_q,
        r.dispersion,
        r.g2_adj_p,
        r.g2_adj_q,
        r.log_ratio,
        r.share_p,
        r.share_q,
    ] {
        float_cell(out, x);
    }
    push_text(out, guard(&r.note).as_bytes(), false);
    out.push(b'\n');
}

/// Write `choices.csv`.
pub fn write_choices(
    reports: &mut Reports,
    group_fields: &[String],
    table: &GroupTable,
    categories: &[String],
) -> Result<()> {
    let mut sink = reports.csv("choices.csv", &header(group_fields, &CHOICE_COLUMNS))?;
    let choices = Choices::new(categories);
    table.fold_cells(
        choices.cell_size(),
        || choices.cell(),
        |cell, counts| choices.add(cell, counts),
        |key, cell| {
            for r in choices.rows(key, &cell) {
                let ChoiceRow {
                    key,
                    concept,
                    variant,
                    count,
                    concept_total,
                    share,
                    ci95,
                    by_article,
                    note,
                } = r;
                let mut row = group_cells(&key.groups, CHOICE_COLUMNS.len());
                row.extend([
                    Cell::Text(&key.period),
                    Cell::Text(concept),
                    Cell::Text(variant),
                ]);
                row.extend([Cell::Int(count), Cell::Int(concept_total), opt(share)]);
                row.extend([opt(ci95.map(|c| c.0)), opt(ci95.map(|c| c.1))]);
                by_article_cells(&mut row, &by_article);
                row.push(Cell::Text(&note));
                sink.row(&row)?;
            }
            Ok(())
        },
    )?;
    reports.finish(sink)
}

/// Write `targets.csv`.
pub fn write_targets(
    reports: &mut Reports,
    group_fields: &[String],
    table: &TargetTable,
    target_names: &[String],
    categories: &[String],
) -> Result<()> {
    let mut sink = reports.csv("targets.csv", &header(group_fields, &TARGET_COLUMNS))?;
    for r in table.rows() {
        let target = target_names
            .get(r.target as usize)
            .map_or("", String::as_str);
        let category = categories
            .get(r.category as usize)
            .map_or("", String::as_str);
        let mut row = group_cells(&r.key.groups, TARGET_COLUMNS.len());
        row.extend([
            Cell::Text(&r.key.period),
            Cell::Text(target),
            Cell::Text(category),
        ]);
        row.extend([
            Cell::Int(r.mentions),
            Cell::Int(r.co_occurrences),
            opt(r.rate),
        ]);
        row.extend([opt(r.ci95.map(|c| c.0)), opt(r.ci95.map(|c| c.1))]);
        by_article_cells(&mut row, &r.by_article);
        row.extend([
            Cell::Int(r.narrator_mentions),
            Cell::Int(r.narrator_co_occurrences),
        ]);
        row.extend([opt(r.narrator_rate), opt(r.narrator_ci95.map(|c| c.0))]);
        row.push(opt(r.narrator_ci95.map(|c| c.1)));
        by_article_cells(&mut row, &r.narrator_by_article);
        row.push(Cell::Text(&r.note));
        sink.row(&row)?;
    }
    reports.finish(sink)
}

/// The four cells of a rate with articles as the units: articles, design effect, interval.
fn by_article_cells(row: &mut Vec<Cell<'_>>, b: &ByArticle) {
    row.extend([Cell::Int(b.articles), opt(b.design_effect)]);
    row.extend([opt(b.ci95.map(|c| c.0)), opt(b.ci95.map(|c| c.1))]);
}
