//! [`RowWatch`]: the bytes a `csv` reader takes, followed on their way so that each row gets
//! its true line numbers and a word when its quotes were dropped. Used by the corpus reader
//! and by every command that reads slant's own CSV reports (which a spreadsheet may have
//! saved with `\r\n` line ends).

use std::collections::VecDeque;
use std::io::Read;

/// Where the RFC 4180 reading of a row stands, as [`RowWatch`] follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// Between rows: at a line end, or before the first byte.
    BetweenRows,
    /// At the start of a cell.
    CellStart,
    /// In a cell that did not start with a quote: quotes in it are text.
    Plain,
    /// In a quoted cell.
    Quoted,
    /// Just after a quote in a quoted cell: it closed the cell, or is the first of a `""`.
    AfterQuote,
}

/// What [`RowWatch`] saw of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// The row's first byte, on this line.
    Start(u64),
    /// The row's line end, which ends this line.
    End(u64),
    /// Text after a quoted cell's closing quote, in this column.
    TextAfterQuote(usize),
}

/// The stream the CSV parser reads, watched on its way with the same state machine as the
/// parser's (`csv-core` with its defaults: `"` quotes, `""` is one quote, `\r`, `\n` and
/// `\r\n` end a row, empty lines are no rows). It notes where each row starts and ends, by
/// line, and each place where a byte other than a quote, the delimiter or a line end follows
/// a quoted cell's closing quote: the parser keeps that byte and the rest of the cell as text
/// but drops the quotes. The parser's own line numbers are one short in a file with `\r\n`
/// line ends (it places a row's start on the `\n` before it), and it has no word for the
/// dropped quotes. Only a few notes per row are kept, and only until the row is read, so
/// memory does not grow with a row's length.
pub struct RowWatch<R> {
    inner: R,
    delimiter: u8,
    state: Quoting,
    /// Stream offset of the next byte read; the line it is on; whether the byte before was
    /// `\r` (so that a `\n` after it ends no second line).
    offset: u64,
    line: u64,
    after_cr: bool,
    /// The line of the last byte read (a line end's own line).
    last_byte_line: u64,
    /// The column of the cell being read.
    column: usize,
    seen: VecDeque<(u64, Seen)>,
}

/// The lines of one row as [`RowWatch`] saw them: the first, the last, and the first column
/// (if any) with text after a quoted cell's closing quote.
#[derive(Debug, Clone, Copy)]
pub struct Lines {
    pub start: u64,
    pub last: u64,
    pub text_after_quote: Option<usize>,
}

impl<R> RowWatch<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        RowWatch {
            inner,
            delimiter,
            state: Quoting::BetweenRows,
            offset: 0,
            line: 1,
            after_cr: false,
            last_byte_line: 1,
            column: 0,
            seen: VecDeque::new(),
        }
    }

    /// The stream it watched.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn watch(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            let line_end = b == b'\n' || b == b'\r';
            let state = self.state;
            if state == Quoting::BetweenRows && !line_end {
                self.seen.push_back((at, Seen::Start(self.line)));
            }
            self.state = match (state, b) {
                (Quoting::Quoted, b'"') => Quoting::AfterQuote,
                (Quoting::Quoted, _) => Quoting::Quoted,
                (Quoting::BetweenRows | Quoting::CellStart | Quoting::AfterQuote, b'"') => {
                    Quoting::Quoted
                }
                (_, _) if line_end => {
                    if state != Quoting::BetweenRows {
                        self.seen.push_back((at, Seen::End(self.line)));
                    }
                    self.column = 0;
                    Quoting::BetweenRows
                }
                (_, _) if b == self.delimiter => {
                    self.column += 1;
                    Quoting::CellStart
                }
                (Quoting::AfterQuote, _) => {
                    self.seen.push_back((at, Seen::TextAfterQuote(self.column)));
                    Quoting::Plain
                }
                (_, _) => Quoting::Plain,
            };
            self.last_byte_line = self.line;
            if b == b'\r' || (b == b'\n' && !self.after_cr) {
                self.line += 1;
            }
            self.after_cr = b == b'\r';
        }
        self.offset += bytes.len() as u64;
    }

    /// What was seen of the row the parser read from stream offset `from` to `to`; forgets
    /// everything before `to`. A row cut short by the end of the file ends on its last line.
    pub fn take_row(&mut self, from: u64, to: u64) -> Lines {
        let mut lines = Lines {
            start: self.line,
            last: self.line,
            text_after_quote: None,
        };
        let (mut started, mut ended) = (false, false);
        while let Some(&(at, seen)) = self.seen.front()
            && at < to
        {
            if at >= from {
                match seen {
                    Seen::Start(line) if !started => {
                        (lines.start, started) = (line, true);
                    }
                    Seen::End(line) if !ended => (lines.last, ended) = (line, true),
                    Seen::TextAfterQuote(column) if lines.text_after_quote.is_none() => {
                        lines.text_after_quote = Some(column);
                    }
                    _ => {}
                }
            }
            self.seen.pop_front();
        }
        if !ended {
            lines.last = self.last_byte_line.max(lines.start);
        }
        lines
    }
}

impl<R: Read> Read for RowWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.watch(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// A `csv` reader's error as slant words it: `file:line:column`, 1-based, the column being
/// the cell's, and what to do, where the crate would say `record 1 (line 2, field: 18, …)`.
/// `line` is the row's first line as [`RowWatch`] saw it, when known.
pub fn csv_error(file: &str, line: Option<u64>, err: &csv::Error) -> crate::Error {
    use crate::error::Location;
    let line = line.or_else(|| err.position().map(csv::Position::line));
    let at = |col: Option<u64>| match (line, col) {
        (Some(l), Some(c)) => Location::at(file, l, c),
        (Some(l), None) => Location::line(file, l),
        _ => Location::file(file),
    };
    match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => crate::Error::tagged(
            at(Some(err.field() as u64 + 1)),
            "invalid UTF-8 in this cell; save the file as UTF-8",
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => crate::Error::tagged(
            at(None),
            format!("this row has {len} fields where the header has {expected_len}"),
        ),
        csv::ErrorKind::Io(io) => {
            crate::Error::tagged(Location::file(file), format!("read error: {io}"))
        }
        _ => crate::Error::tagged(at(None), err.to_string()),
    }
}

/// The header row of a CSV file being read, or the error [`csv_error`] words, at the line the
/// header is really on (blank lines may come before it).
pub fn read_header<R: Read>(
    reader: &mut csv::Reader<RowWatch<R>>,
    file: &str,
) -> crate::Result<Vec<String>> {
    match reader.headers() {
        Ok(header) => Ok(header.iter().map(String::from).collect()),
        Err(err) => {
            let end = reader.position().byte();
            let line = reader.get_mut().take_row(0, end).start;
            Err(csv_error(file, Some(line), &err))
        }
    }
}
