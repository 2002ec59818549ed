//! CSV and TSV readers (RFC 4180 quoting in both; the header row names the fields).
//!
//! Invariants: the record number is the data row number (the header is not a record; the
//! `csv` crate passes over empty lines, so they are not rows); column names are trimmed of
//! surrounding spaces (`id, text` names `text`); each cell is decoded on its
//! own, so one bad byte flags a record instead of losing it; a row whose length differs from
//! the header's is skipped, never padded or cut. The `csv` crate is lenient and reports no
//! quoting errors: a quote left open swallows the rest of the file into one row, which is
//! caught by its length or, when it is the last column, by the row running to the end of the
//! file over several lines; either way the skip reason says so. A quoted cell with text after
//! its closing quote (`"Stop," he said`) is read as the crate reads it, without those quotes
//! (`Stop, he said`), and a warning names the row and column: [`RowWatch`] follows the
//! bytes as the parser takes them to see it, and numbers the lines.

use std::io::BufRead;
use std::ops::ControlFlow;

use csv::{ByteRecord, ErrorKind, ReaderBuilder};

use super::decode::lossy_slice;
use super::record::{Ctx, Parts, Value};
use super::rowwatch::{Lines, RowWatch};

/// How many column names a "no text column" message lists.
const NAMES_SHOWN: usize = 20;

/// Reads a delimited file (`b','` for CSV, `b'\t'` for TSV).
///
/// A header without the text field makes every row of the file unscorable. Rather than one
/// skip per row (which would bury the cause), the file gets one skip with record 0 naming the
/// columns it has and how many rows were not scored, and no row counts as read; `skipped.csv`
/// thus shows that this file, as a whole, was not scored and why.
pub fn read(stream: impl BufRead, delimiter: u8, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let mut rdr = ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(RowWatch::new(stream, delimiter));
    let mut header = ByteRecord::new();
    match rdr.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => return ControlFlow::Continue(()),
        Err(err) => return unreadable(ctx, 0, &err),
    }
    // `id, text` is meant as `text`: space around a column name is never part of it.
    let names: Vec<String> = header
        .iter()
        .map(|name| lossy_slice(name.trim_ascii()).0)
        .collect();
    let spaced = header
        .iter()
        .skip(1)
        .filter(|name| name.first() == Some(&b' '))
        .count();
    if spaced > 0 && spaced + 1 == header.len() {
        let sep = if delimiter == b'\t' { "tab" } else { "comma" };
        let message = format!(
            "the header has a space after each {sep}; column names are read without it, but \
             cells keep theirs, and a cell quoted after the space keeps its quotes as text \
             (its words then count as quoted voice): write the file without spaces after the \
             {sep}s"
        );
        ctx.warn(None, message)?;
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) && !names[i + 1..].contains(name) {
            let message = format!("column '{name}' appears more than once; the first one is used");
            ctx.warn(None, message)?;
        }
    }
    if !names.contains(&ctx.opts.text_field) {
        return no_text_column(rdr, &names, ctx);
    }
    let id_column = names.iter().position(|n| *n == ctx.opts.id_field);
    let mut rows = Rows {
        names,
        id_column,
        ctx,
    };

    // One row of look-ahead tells the last row, where a quote left open shows.
    let mut current = ByteRecord::new();
    let mut ahead = ByteRecord::new();
    let mut pending: Option<(u64, Lines)> = None;
    let mut number = 0u64;
    loop {
        let before = rdr.position().byte();
        match rdr.read_byte_record(&mut ahead) {
            Ok(true) => {
                let end = rdr.position().byte();
                let lines = rdr.get_mut().take_row(before, end);
                if let Some((n, lines)) = pending.take() {
                    rows.row(&current, n, lines, false)?;
                }
                std::mem::swap(&mut current, &mut ahead);
                number += 1;
                pending = Some((number, lines));
            }
            Ok(false) => {
                if let Some((n, lines)) = pending.take() {
                    rows.row(&current, n, lines, true)?;
                }
                return ControlFlow::Continue(());
            }
            Err(err) => {
                if let Some((n, lines)) = pending.take() {
                    rows.row(&current, n, lines, false)?;
                }
                number += 1;
                if let ErrorKind::Io(io) = err.kind() {
                    return rows.ctx.read_failed(number, io);
                }
                if rdr.position().byte() == before {
                    return unreadable(rows.ctx, 0, &err);
                }
                rows.ctx
                    .skip(number, None, format!("unreadable row: {}", describe(&err)))?;
            }
        }
    }
}

struct Rows<'c, 'a> {
    names: Vec<String>,
    id_column: Option<usize>,
    ctx: &'c mut Ctx<'a>,
}

impl Rows<'_, '_> {
    /// True for a row that is the header again, as where exported files are joined end to
    /// end (`cat a.csv b.csv`): each cell is its column's name, a byte order mark aside.
    fn repeats_header(&self, rec: &ByteRecord) -> bool {
        rec.len() == self.names.len()
            && rec
                .iter()
                .zip(&self.names)
                .enumerate()
                .all(|(i, (cell, name))| {
                    let cell = match i {
                        0 => cell.strip_prefix("\u{feff}".as_bytes()).unwrap_or(cell),
                        _ => cell,
                    };
                    cell.trim_ascii() == name.as_bytes()
                })
    }

    fn row(&mut self, rec: &ByteRecord, number: u64, lines: Lines, last: bool) -> ControlFlow<()> {
        if self.repeats_header(rec) {
            let reason = format!(
                "a repeat of the header row (line {}; files joined with `cat`?): not an article",
                lines.start
            );
            return self.ctx.skip(number, None, reason);
        }
        let spans = lines.last.saturating_sub(lines.start) + 1;
        if rec.len() != self.names.len() {
            let id = self
                .id_column
                .and_then(|i| rec.get(i))
                .map(|id| lossy_slice(id).0);
            let mut reason = format!(
                "row has {} fields, header has {} (line {})",
                rec.len(),
                self.names.len(),
                lines.start
            );
            if spans > 1 {
                reason.push_str(&format!(
                    "; it runs over {spans} lines, so a quote may be left open"
                ));
            }
            return self
                .ctx
                .skip(number, id.filter(|id| !id.is_empty()), reason);
        }
        let runs_to_end = rec
            .iter()
            .next_back()
            .is_some_and(|cell| cell.ends_with(b"\n"));
        if last && spans > 1 && runs_to_end {
            let reason = format!(
                "a quote opened in the row on line {} is never closed, so the row runs to the \
                 end of the file (line {}) and holds the lines after it",
                lines.start, lines.last
            );
            return self.ctx.skip(number, None, reason);
        }
        if let Some(column) = lines.text_after_quote {
            self.warn_quotes_dropped(rec, number, lines.start, column)?;
        }
        // Measured on the raw cells, before any decoding: a replaced byte only grows.
        let raw_bytes = self.raw_article_bytes(rec);
        if raw_bytes > self.ctx.opts.max_article_bytes {
            let id = self
                .id_column
                .and_then(|i| rec.get(i))
                .map(|id| lossy_slice(id).0)
                .filter(|id| !id.trim().is_empty());
            return self.ctx.too_large(number, id, raw_bytes);
        }
        let mut invalid_utf8 = false;
        let pairs = self
            .names
            .iter()
            .zip(rec.iter())
            .map(|(name, cell)| {
                let (text, invalid) = lossy_slice(cell);
                invalid_utf8 |= invalid;
                (name.clone(), Value::Str(text))
            })
            .collect();
        let parts = Parts::from_pairs(pairs, self.ctx.opts);
        self.ctx.emit(number, parts, invalid_utf8)
    }
}

impl Rows<'_, '_> {
    /// Warns that the cell in `column` had text after its closing quote, so that the quotes
    /// the parser dropped are not lost without a word.
    fn warn_quotes_dropped(
        &mut self,
        rec: &ByteRecord,
        number: u64,
        line: u64,
        column: usize,
    ) -> ControlFlow<()> {
        const SHOWN: usize = 60;
        let name = self.names.get(column).map_or("?", String::as_str);
        let cell = lossy_slice(rec.get(column).unwrap_or_default()).0;
        let mut shown: String = cell.chars().take(SHOWN).collect();
        if cell.chars().nth(SHOWN).is_some() {
            shown.push('…');
        }
        let message = format!(
            "column '{name}' (line {line}): text follows the closing quote of a quoted cell, so \
             its quotation marks were dropped and it reads `{shown}`; to keep them, put the \
             whole cell in quotes and double each quote inside it"
        );
        let id = self
            .id_column
            .and_then(|i| rec.get(i))
            .map(|id| lossy_slice(id).0)
            .filter(|id| !id.trim().is_empty());
        self.ctx.warn_about(Some(number), id, message)
    }

    /// Bytes of the row's text and title cells as stored (the first column of each name).
    fn raw_article_bytes(&self, rec: &ByteRecord) -> u64 {
        let opts = self.ctx.opts;
        let title = (opts.title_field != opts.text_field).then_some(&opts.title_field);
        std::iter::once(&opts.text_field)
            .chain(title)
            .filter_map(|field| self.names.iter().position(|n| n == field))
            .filter_map(|i| rec.get(i))
            .map(|cell| cell.len() as u64)
            .sum()
    }
}

/// The whole file is skipped: say which columns it has and how many rows that loses.
fn no_text_column<R: std::io::Read>(
    mut rdr: csv::Reader<RowWatch<R>>,
    names: &[String],
    ctx: &mut Ctx<'_>,
) -> ControlFlow<()> {
    let mut rows = 0u64;
    let mut rec = ByteRecord::new();
    let mut before = rdr.position().byte();
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        rows += 1;
        // Nothing is reported of these rows; what was seen of them is let go.
        let end = rdr.position().byte();
        rdr.get_mut().take_row(before, end);
        before = end;
    }
    let mut shown = names
        .iter()
        .take(NAMES_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        shown.push_str(", …");
    }
    let field = &ctx.opts.text_field;
    let rows = crate::diag::counted(rows, "row", "rows");
    // One column whose name holds the text field between semicolons (`id;outlet;text`): a
    // spreadsheet's CSV in a language that writes decimal commas.
    let other = match names {
        [_] => misread_delimiter(
            names,
            &[(';', "semicolons"), ('\t', "tabs"), (',', "commas")],
            |part| part.trim() == field,
        ),
        _ => None,
    };
    let fix = match other {
        Some(('\t', _)) => "give --format tsv".to_string(),
        Some((',', _)) => "give --format csv".to_string(),
        Some((_, what)) => format!(
            "its columns are separated by {what}; slant reads commas (CSV) and tabs (TSV): \
             save the file again as comma-separated CSV"
        ),
        None => "use --text-field".to_string(),
    };
    let reason = format!("no '{field}' column (columns: {shown}); {fix}; {rows} not scored");
    ctx.skip_missing_text(0, None, reason, names.to_vec())
}

/// The delimiter among `candidates` (with its name, `semicolons`) that a header read with
/// another one holds inside a cell, beside a name `wanted` accepts: the file was written with
/// that delimiter (`id;outlet;text`, read as CSV, is one column).
pub fn misread_delimiter(
    header: &[String],
    candidates: &[(char, &'static str)],
    wanted: impl Fn(&str) -> bool,
) -> Option<(char, &'static str)> {
    candidates.iter().copied().find(|&(sep, _)| {
        header
            .iter()
            .any(|cell| cell.contains(sep) && cell.split(sep).any(&wanted))
    })
}

fn unreadable(ctx: &mut Ctx<'_>, record: u64, err: &csv::Error) -> ControlFlow<()> {
    if let ErrorKind::Io(io) = err.kind() {
        return ctx.read_failed(record.max(1), io);
    }
    ctx.skip(
        record,
        None,
        format!("unreadable from here: {}", describe(err)),
    )
}

/// The csv crate's message, with the line when it gives one.
fn describe(err: &csv::Error) -> String {
    match err.position() {
        Some(pos) => format!("{err} (line {})", pos.line()),
        None => err.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests;
