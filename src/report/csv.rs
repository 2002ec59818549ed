//! CSV cells and the formula guard. RFC 4180 via the `csv` crate, UTF-8, `.` as decimal point,
//! floats in the shortest form that round-trips. A text cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab, CR or NUL) and that is not a number is
//! prefixed with `'`.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use tempfile::{NamedTempFile, TempPath};

use crate::swar;
use crate::{Error, Result};

/// One cell of a report row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text from the wild: guarded against formulas.
    Text(&'a str),
    Int(u64),
    /// A float; NaN and infinities are written as an empty cell.
    Float(f64),
    Bool(bool),
    Empty,
}

/// Text as it must be written so that no spreadsheet evaluates it: a cell that starts with
/// `=`, `+`, `-`, `@`, tab, CR or NUL gets a leading `'` unless it is (around white space) a
/// decimal number, which a spreadsheet reads as a number. A cell that already starts with one
/// or more `'` and then one of those characters gets another `'`, so that reading it back
/// ([`crate::aggregate::compare::unguard`] strips one) gives the text as it was.
pub fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = match text.as_bytes().first() {
        Some(&b) if is_risky(b) => !is_decimal(text.trim().as_bytes()),
        Some(b'\'') => quoted_risky(text),
        _ => false,
    };
    if risky {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A first character that makes a spreadsheet read a cell as a formula. NUL is one because
/// LibreOffice Calc drops it on import and evaluates the rest (`\0=HYPERLINK(…)` ran as
/// `=HYPERLINK(…)`), and OWASP ASVS 5.0 (V1.2.10) lists it with the others.
pub fn is_risky(b: u8) -> bool {
    matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\0')
}

/// True when `text` is one or more `'` followed by a [`is_risky`] character: a guarded cell,
/// or a text that looks like one.
#[inline(never)]
pub fn quoted_risky(text: &str) -> bool {
    let rest = text.trim_start_matches('\'');
    rest.len() < text.len() && rest.bytes().next().is_some_and(is_risky)
}

/// True for a decimal number and nothing else: an optional sign, digits with an optional
/// fraction (`5`, `5.`, `5.25`, `.5`), and an optional exponent (`e`/`E`, optional sign,
/// digits). Unlike `str::parse::<f64>`, which this otherwise agrees with, it refuses `inf`,
/// `infinity` and `nan` in any case: a spreadsheet reads `-inf` or `+NaN` as a formula.
/// One pass over the bytes, no allocation: it runs on every risky cell. Kept out of line, so
/// that [`guard`], which runs on every text cell and rarely finds one risky, stays small
/// enough to be inlined where cells are written.
#[inline(never)]
fn is_decimal(bytes: &[u8]) -> bool {
    fn digits(bytes: &[u8], at: usize) -> usize {
        bytes.get(at..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    }
    let mut at = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let whole = digits(bytes, at);
    at += whole;
    let mut fraction = 0;
    if bytes.get(at) == Some(&b'.') {
        fraction = digits(bytes, at + 1);
        at += 1 + fraction;
    }
    if whole == 0 && fraction == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(bytes, at);
        if exponent == 0 {
            return false;
        }
        at += exponent;
    }
    at == bytes.len()
}

/// Append the shortest decimal form of `x` that reads back as the same f64; nothing for
/// NaN/inf. Written straight into the line: no quoting is ever needed.
pub fn push_float(line: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        return;
    }
    // Whole numbers (zero rates above all) take the integer path: the same text as `{x}`
    // for |x| < 2^53 (but `0` for -0), at a fraction of the cost. Below 2^53 `x as i64`
    // truncates exactly, so it reads back as `x` only when `x` is whole; this asks that with
    // one conversion each way, where `x.fract()` calls a branchy `trunc` (the baseline x86-64
    // target has no rounding instruction).
    if x.abs() < 9_007_199_254_740_992.0 {
        let whole = x as i64;
        if whole as f64 == x {
            line.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
            return;
        }
    }
    // The shortest digits that read back as the same f64 (Żmij, a third faster here than
    // Ryū, whose text it gives but for the `+` of a positive exponent). Very small or very
    // large values use an exponent (`1.5e-7`, `1e20`), which R, pandas and spreadsheets all
    // read; the `+` is left out so that the text stays what earlier versions wrote.
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x).as_bytes();
    // Below 1e16 the text is a plain decimal, or has a negative exponent (below 1e-5), so
    // only larger values are searched for a `+`.
    if x.abs() < 1e16 {
        line.extend_from_slice(text);
        return;
    }
    // The exponent is among the last five bytes (`e+308`).
    let tail = text.len().saturating_sub(5);
    match text[tail..].iter().position(|&b| b == b'+') {
        None => line.extend_from_slice(text),
        Some(at) => {
            line.extend_from_slice(&text[..tail + at]);
            line.extend_from_slice(&text[tail + at + 1..]);
        }
    }
}

/// A CSV report being written to its temporary file.
///
/// Rows are encoded here rather than through the `csv` crate's writer: reports are wide
/// (ten columns per category) and mostly numbers, which never need quoting, so encoding them
/// straight into one reused line buffer is several times cheaper. Text follows the `csv`
/// crate's `QuoteStyle::Necessary` exactly — quoted when it holds a comma, a double quote,
/// CR or LF, with quotes doubled — and a test checks the bytes against the crate.
pub struct CsvSink {
    /// Writes go to the plain file, so errors are the system's own (a `NamedTempFile` adds
    /// its temporary path to them); `temp` deletes the file unless it is committed.
    w: BufWriter<File>,
    temp: TempPath,
    target: PathBuf,
    line: Vec<u8>,
    early: EarlyWriteback,
}

/// Bytes written between two requests to put a report on disk while it is still being written.
const WRITEBACK_STEP: u64 = 16 << 20;

/// Durability started early. The system keeps written pages in memory until it runs short or
/// they are 30 s old, so a run of a few seconds would otherwise wait at the end for the disk to
/// take every byte of its reports (a quarter of a second for the 550 MB of a 100 MB corpus).
/// Instead, every [`WRITEBACK_STEP`] bytes a thread of its own syncs the file written so far
/// (`fdatasync` through a second handle) while the rows go on being computed; the final sync
/// at commit has only the tail left. A failed early sync fails the run at commit, like a failed
/// final one: once a sync has failed, a later one may not report the loss again.
#[derive(Debug, Default)]
pub(crate) struct EarlyWriteback {
    /// A second handle to the file, shared with the sync in flight.
    file: Option<Arc<File>>,
    /// Bytes between two syncs: [`WRITEBACK_STEP`], smaller in tests.
    step: u64,
    written: u64,
    next: u64,
    running: Option<JoinHandle<io::Result<()>>>,
    failed: Option<io::Error>,
    /// Syncs started so far.
    started: u64,
    /// The file offset up to which the system has been told, after a sync, that the report's
    /// pages need not stay cached.
    released: u64,
}

impl EarlyWriteback {
    fn new(file: &File) -> Self {
        EarlyWriteback {
            // Without a second handle the report is only synced at the end, as before.
            file: file.try_clone().ok().map(Arc::new),
            step: WRITEBACK_STEP,
            next: WRITEBACK_STEP,
            ..EarlyWriteback::default()
        }
    }

    /// Count `n` bytes handed to the file; start a sync when a step is passed and none runs.
    fn wrote(&mut self, n: usize) {
        self.written += n as u64;
        if self.written < self.next || self.running.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        self.collect();
        self.next = self.written + self.step;
        let Some(file) = &self.file else {
            return;
        };
        let file = Arc::clone(file);
        // What this sync surely covers: the bytes handed over so far, less what the buffer in
        // front of the file may still hold.
        let (from, to) = (self.released, self.written.saturating_sub(BUFFER as u64));
        self.released = to.max(from);
        self.running = std::thread::Builder::new()
            .name("slant-writeback".into())
            .spawn(move || {
                file.sync_data()?;
                release_cached(&file, from, to);
                Ok(())
            })
            .ok();
        self.started += u64::from(self.running.is_some());
    }

    /// Wait for the sync in flight and keep its error, if any.
    fn collect(&mut self) {
        if let Some(handle) = self.running.take() {
            let outcome = handle
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the writeback thread panicked")));
            if let Err(e) = outcome {
                self.failed.get_or_insert(e);
            }
        }
    }

    /// Wait for the sync in flight; the first error of any early sync. Called by the thread
    /// that makes the finished report durable, so no one else waits for it.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.collect();
        self.failed.map_or(Ok(()), Err)
    }
}

/// Tell the system that bytes `from..to` of a report, synced, need not stay in its cache.
///
/// A report is written once and read later, if at all, so keeping every page of it cached
/// only pushes other files out: a 5 GB corpus writes some 25 GB of reports, more than this
/// machine's memory. With the pages let go, the cache the run takes stays flat, the pages are
/// reused while still warm, and the files the user was working with stay cached. Advice only:
/// it never drops unwritten data, and where the call is missing or fails nothing changes.
#[cfg(target_os = "linux")]
fn release_cached(file: &File, from: u64, to: u64) {
    if let Some(len) = to.checked_sub(from).and_then(std::num::NonZeroU64::new) {
        let _ = rustix::fs::fadvise(file, from, Some(len), rustix::fs::Advice::DontNeed);
    }
}

#[cfg(not(target_os = "linux"))]
fn release_cached(_file: &File, _from: u64, _to: u64) {}

/// The buffer in front of a report's file.
const BUFFER: usize = 1 << 17;

impl std::fmt::Debug for CsvSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSink")
            .field("target", &self.target)
            .finish()
    }
}

/// Whether a text holds a byte that makes a CSV field need quotes: a comma, a double quote, CR
/// or LF. Eight bytes at a time, the last eight read again where the length is no multiple of
/// eight, so that a context cell (about 60 bytes) takes eight steps and one guess at the end;
/// the loops of a byte-wise test left at a different place each cell.
fn needs_quotes(text: &[u8]) -> bool {
    let special = |b: u8| (b == b',') | (b == b'"') | (b == b'\r') | (b == b'\n');
    if text.len() < 8 {
        return text.iter().fold(false, |any, &b| any | special(b));
    }
    let step = |v: u64| {
        swar::has_byte(v, b',')
            | swar::has_byte(v, b'"')
            | swar::has_byte(v, b'\r')
            | swar::has_byte(v, b'\n')
    };
    let last = text.len() - 8;
    let mut hits = swar::load(text, last).map_or(0, step);
    let mut at = 0;
    while at < last {
        hits |= swar::load(text, at).map_or(0, step);
        at += 8;
    }
    hits != 0
}

/// Append one text field, quoted when it must be.
pub fn push_text(line: &mut Vec<u8>, text: &[u8], only_field: bool) {
    let needs = needs_quotes(text) || (only_field && text.is_empty());
    if !needs {
        line.extend_from_slice(text);
        return;
    }
    line.push(b'"');
    // Copy the runs between quotation marks whole; each mark is doubled.
    let mut rest = text;
    while let Some(at) = rest.iter().position(|&b| b == b'"') {
        line.extend_from_slice(&rest[..=at]);
        line.push(b'"');
        rest = &rest[at + 1..];
    }
    line.extend_from_slice(rest);
    line.push(b'"');
}

/// Append a text cell (guarded against formulas, quoted when it must be) and a comma.
pub fn text_cell(line: &mut Vec<u8>, text: &str) {
    push_text(line, guard(text).as_bytes(), false);
    line.push(b',');
}

/// Append an integer cell and a comma.
pub fn int_cell(line: &mut Vec<u8>, n: u64) {
    line.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    line.push(b',');
}

/// Append a float cell (empty for none, NaN or infinite) and a comma.
pub fn float_cell(line: &mut Vec<u8>, x: Option<f64>) {
    if let Some(x) = x {
        push_float(line, x);
    }
    line.push(b',');
}

/// Append one whole row to `out`: its cells, as [`encode_cells`] gives them, and the line end.
pub fn encode_row(out: &mut Vec<u8>, cells: &[Cell<'_>]) {
    encode_cells(out, cells);
    out.push(b'\n');
}

/// Append cells to `line`, separated by commas (no line end): the one encoder every report
/// row goes through, whether written at once or encoded ahead by the scoring threads.
pub fn encode_cells(line: &mut Vec<u8>, cells: &[Cell<'_>]) {
    let only = cells.len() == 1;
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        match cell {
            Cell::Text(t) => push_text(line, guard(t).as_bytes(), only),
            Cell::Int(n) => line.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            // A lone cell that is empty must be quoted (see `push_text`).
            Cell::Float(x) if only && !x.is_finite() => push_text(line, b"", only),
            Cell::Float(x) => push_float(line, *x),
            Cell::Bool(b) => line.extend_from_slice(if *b { b"true" } else { b"false" }),
            Cell::Empty => push_text(line, b"", only),
        }
    }
}

impl CsvSink {
    pub(crate) fn new(file: NamedTempFile, target: PathBuf) -> Self {
        let (file, temp) = file.into_parts();
        CsvSink {
            early: EarlyWriteback::new(&file),
            w: BufWriter::with_capacity(BUFFER, file),
            temp,
            target,
            line: Vec::with_capacity(1 << 12),
        }
    }

    fn err(&self, e: &std::io::Error) -> Error {
        super::write_error(&self.target, e)
    }

    pub(crate) fn header(&mut self, names: &[&str]) -> Result<()> {
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
        self.row(&cells)
    }

    /// Sync every `step` bytes while writing, and the number of syncs started so far.
    #[cfg(test)]
    pub(crate) fn writeback_step(&mut self, step: u64) -> u64 {
        self.early.step = step;
        self.early.next = self.early.written + step;
        self.early.started
    }

    /// Make the early writeback report `e`, as a failed sync would.
    #[cfg(test)]
    pub(crate) fn fail_writeback(&mut self, e: io::Error) {
        self.early.failed = Some(e);
    }

    /// Write one row.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        encode_row(&mut line, cells);
        let written = self.bytes(&line);
        self.line = line;
        written
    }

    /// Bytes written so far (header included).
    pub fn written(&self) -> u64 {
        self.early.written
    }

    /// Write bytes already encoded with [`encode_cells`] (whole rows, or pieces of one).
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        self.w.write_all(bytes).map_err(|e| self.err(&e))?;
        self.early.wrote(bytes.len());
        Ok(())
    }

    /// Flush the rows to the file; the caller makes them durable (see [`Reports::finish`]),
    /// after the early writeback still in flight.
    ///
    /// [`Reports::finish`]: super::Reports::finish
    pub(crate) fn finish(self) -> Result<(File, TempPath, PathBuf, EarlyWriteback)> {
        let target = self.target;
        let file = self
            .w
            .into_inner()
            .map_err(|e| super::write_error(&target, e.error()))?;
        Ok((file, self.temp, target, self.early))
    }
}

#[cfg(test)]
mod tests;
