//! CSV cells and the formula guard. RFC 4180 via the `csv` crate, UTF-8, `.` as decimal point,
//! floats in the shortest form that round-trips. A text cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR) and that is not a number is prefixed
//! with `'`.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use tempfile::{NamedTempFile, TempPath};

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

/// Text as it must be written so that no spreadsheet evaluates it.
pub fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && text.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The shortest decimal form of `x` that reads back as the same f64; empty for NaN/inf.
pub fn format_float(x: f64, buf: &mut String) {
    use std::fmt::Write;
    buf.clear();
    if x.is_finite() {
        let x = if x == 0.0 { 0.0 } else { x };
        let _ = write!(buf, "{x}");
    }
}

/// A CSV report being written to its temporary file.
pub struct CsvSink {
    /// Writes go to the plain file, so errors are the system's own (a `NamedTempFile` adds
    /// its temporary path to them); `temp` deletes the file unless it is committed.
    w: csv::Writer<BufWriter<File>>,
    temp: TempPath,
    target: PathBuf,
    buf: String,
    record: csv::ByteRecord,
}

impl std::fmt::Debug for CsvSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSink")
            .field("target", &self.target)
            .finish()
    }
}

impl CsvSink {
    pub(crate) fn new(file: NamedTempFile, target: PathBuf) -> Self {
        let (file, temp) = file.into_parts();
        let w = csv::WriterBuilder::new()
            .flexible(false)
            .from_writer(BufWriter::with_capacity(1 << 16, file));
        CsvSink {
            w,
            temp,
            target,
            buf: String::new(),
            record: csv::ByteRecord::new(),
        }
    }

    fn err(&self, e: csv::Error) -> Error {
        match e.kind() {
            csv::ErrorKind::Io(io) => super::write_error(&self.target, io),
            _ => Error::failure(format!("{}: cannot write: {e}", self.target.display())),
        }
    }

    pub(crate) fn header(&mut self, names: &[&str]) -> Result<()> {
        let cells: Vec<Cell<'_>> = names.iter().map(|n| Cell::Text(n)).collect();
        self.row(&cells)
    }

    /// Write one row.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.record.clear();
        for cell in cells {
            match cell {
                Cell::Text(t) => self.record.push_field(guard(t).as_bytes()),
                Cell::Int(n) => {
                    use std::fmt::Write;
                    self.buf.clear();
                    let _ = write!(self.buf, "{n}");
                    self.record.push_field(self.buf.as_bytes());
                }
                Cell::Float(x) => {
                    format_float(*x, &mut self.buf);
                    self.record.push_field(self.buf.as_bytes());
                }
                Cell::Bool(b) => self.record.push_field(if *b { b"true" } else { b"false" }),
                Cell::Empty => self.record.push_field(b""),
            }
        }
        self.w
            .write_byte_record(&self.record)
            .map_err(|e| self.err(e))
    }

    pub(crate) fn finish(self) -> Result<(TempPath, PathBuf)> {
        let target = self.target;
        let err = |e: &std::io::Error| super::write_error(&target, e);
        let buffered = self.w.into_inner().map_err(|e| err(e.error()))?;
        let file = buffered.into_inner().map_err(|e| err(e.error()))?;
        file.sync_all().map_err(|e| err(&e))?;
        Ok((self.temp, target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_prefixes_formulas_but_not_numbers() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("+cmd"), "'+cmd");
        assert_eq!(guard("-2+3"), "'-2+3");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("\tx"), "'\tx");
        assert_eq!(guard("-1.5"), "-1.5");
        assert_eq!(guard("+3"), "+3");
        assert_eq!(guard("plain"), "plain");
        assert_eq!(guard(""), "");
    }

    #[test]
    fn floats_round_trip() {
        let mut b = String::new();
        for x in [0.1, 1.0 / 3.0, 1e-300, 123456.789, -2.5] {
            format_float(x, &mut b);
            assert_eq!(b.parse::<f64>().unwrap(), x);
        }
        format_float(f64::NAN, &mut b);
        assert_eq!(b, "");
        format_float(-0.0, &mut b);
        assert_eq!(b, "0");
        format_float(2.0, &mut b);
        assert_eq!(b, "2");
    }
}
