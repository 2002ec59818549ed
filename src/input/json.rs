//! JSON reader (`.json`: one object, or an array of objects).
//!
//! An array is split into its elements by a small scanner that follows only strings and
//! brackets, and each element is parsed on its own (as a JSON Lines line is). So an array of
//! any size streams with one element in memory; a malformed element costs only itself, since
//! the scanner finds the next element without the parser; and invalid UTF-8 is replaced and
//! flagged on exactly the element it is in.
//!
//! Invariants: the record number is the element's 1-based index (1 for a single object);
//! positions in messages are lines and columns (in bytes) of the file; only a break in the
//! array's own structure (a string or bracket never closed) loses the rest of the file, and
//! then a skip says so; an array whose only fault is a missing final `]` loses nothing, and its
//! skip says that every record was read. A top-level value other than an array is read whole:
//! it is one record.

use std::io::{self, BufRead, Read};
use std::ops::ControlFlow;

use super::jsonvalue::{Element, parse_document, parse_element};
use super::record::Ctx;

/// Reads a JSON document: an array of objects (streamed) or a single object.
pub fn read(stream: impl BufRead, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let mut scan = Scanner::new(stream);
    match scan.skip_space() {
        Ok(Some(b'[')) => {
            scan.bump();
            read_array(&mut scan, ctx)
        }
        Ok(_) => read_whole(scan.inner, ctx),
        Err(err) => ctx.read_failed(1, &err),
    }
}

/// Reads the elements of an array whose `[` has been consumed, then checks nothing follows.
fn read_array<R: BufRead>(scan: &mut Scanner<R>, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let mut buf = Vec::new();
    let mut record = 0u64;
    loop {
        let next = match scan.skip_space() {
            Ok(next) => next,
            Err(err) => return ctx.read_failed(record + 1, &err),
        };
        if record == 0 && next == Some(b']') {
            scan.bump();
            break;
        }
        let at = scan.pos;
        buf.clear();
        let end = match scan.element(&mut buf) {
            Ok(end) => end,
            Err(err) => return ctx.read_failed(record + 1, &err),
        };
        let element = buf.trim_ascii();
        let mut cut = false;
        match (element.is_empty(), end) {
            (true, End::Close) => {
                ctx.warn(Some(record), "a comma before the closing ']' was ignored")?;
            }
            (true, End::Eof) => {}
            (true, End::Comma) => {
                record += 1;
                let reason = format!(
                    "not valid JSON: an empty element (two commas in a row) at line {} column {}",
                    at.line, at.col
                );
                ctx.skip(record, None, reason)?;
            }
            (false, _) => {
                record += 1;
                cut = deliver(element, record, at, end == End::Eof, ctx)?;
            }
        }
        match end {
            End::Comma => {}
            End::Close => break,
            End::Eof if cut => return ControlFlow::Continue(()),
            End::Eof => return ctx.skip(0, None, unclosed(record, scan.split.balanced())),
        }
    }
    match scan.skip_space() {
        Ok(None) => ControlFlow::Continue(()),
        Ok(Some(_)) => {
            let reason = format!(
                "content after the end of the JSON array (line {} column {}) was not read",
                scan.pos.line, scan.pos.col
            );
            ctx.skip(0, None, reason)
        }
        Err(err) => ctx.read_failed(record + 1, &err),
    }
}

/// Why the rest of an array that meets the end of the file before its `]` is lost, after
/// `records` records. When every string and bracket of the last element was closed, all of
/// them were read and only the `]` is missing; otherwise one was left open in the last record
/// (which then held the rest of the file) or the file was cut inside it.
fn unclosed(records: u64, balanced: bool) -> String {
    match (balanced, records) {
        (true, 0) => "the JSON array is not closed: `]` is missing, and the file ends before \
                      any record"
            .to_string(),
        (true, 1) => "the JSON array is not closed: `]` is missing after record 1 (the one \
                      record was read)"
            .to_string(),
        (true, n) => format!(
            "the JSON array is not closed: `]` is missing after record {n} (all {n} records \
             were read)"
        ),
        (false, n) => format!(
            "the JSON array is not closed before the end of the file: a string or bracket is \
             left open in record {}, or the file is cut short",
            n.max(1)
        ),
    }
}

/// Parses one array element that starts at `at` and hands it on; `Continue(true)` when the
/// element is cut off by the end of the file (the skip already says so).
fn deliver(
    element: &[u8],
    record: u64,
    at: Pos,
    at_eof: bool,
    ctx: &mut Ctx<'_>,
) -> ControlFlow<(), bool> {
    let (parsed, invalid_utf8) = parse_element(element);
    match parsed {
        Ok(Element::Object(pairs, repeated)) => {
            ctx.emit_object(record, pairs, &repeated, invalid_utf8)?;
        }
        Ok(other) => {
            ctx.skip(
                record,
                None,
                format!("element is not a JSON object (found {})", other.kind()),
            )?;
        }
        Err(err) if at_eof && err.is_eof() => {
            let reason = format!(
                "file ends before the JSON is complete: {}",
                in_file(&err, at)
            );
            ctx.skip(record, None, reason)?;
            return ControlFlow::Continue(true);
        }
        Err(err) => {
            ctx.skip(
                record,
                None,
                format!("not valid JSON: {}", in_file(&err, at)),
            )?;
        }
    }
    ControlFlow::Continue(false)
}

/// serde's message with the position moved from the element to the file.
fn in_file(err: &serde_json::Error, at: Pos) -> String {
    let message = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let Some(bare) = message.strip_suffix(&suffix) else {
        return message;
    };
    let line = at.line + err.line() as u64 - 1;
    let col = if err.line() == 1 {
        at.col + err.column() as u64 - 1
    } else {
        err.column() as u64
    };
    format!("{bare} at line {line} column {col}")
}

/// A document that is not an array: one record, read whole.
fn read_whole(mut stream: impl Read, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let mut bytes = Vec::new();
    if let Err(err) = stream.read_to_end(&mut bytes) {
        return ctx.read_failed(1, &err);
    }
    let (text, invalid_utf8) = super::decode::lossy(bytes);
    let (parsed, replaced) = parse_document(&text);
    let trailing = match parsed {
        Ok((Element::Object(pairs, repeated), trailing)) => {
            ctx.emit_object(1, pairs, &repeated, invalid_utf8 || replaced)?;
            trailing
        }
        Ok((other, trailing)) => {
            let kind = other.kind();
            let reason = format!("file is not a JSON object or array of objects (found {kind})");
            ctx.skip(1, None, reason)?;
            trailing
        }
        Err(err) if err.is_eof() => {
            return ctx.skip(
                1,
                None,
                format!("file ends before the JSON is complete: {err}"),
            );
        }
        Err(err) => return ctx.skip(1, None, format!("not valid JSON: {err}")),
    };
    match trailing {
        Ok(()) => ControlFlow::Continue(()),
        Err(err) => {
            let reason = format!(
                "content after the end of the JSON value was not read: {err}; if the file \
                 holds one object per line, use --format jsonl"
            );
            ctx.skip(0, None, reason)
        }
    }
}

/// How an array element ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Comma,
    Close,
    Eof,
}

/// Finds element boundaries in a JSON array by following strings (with escapes) and bracket
/// depth, and keeps the line and column of the next byte.
struct Scanner<R> {
    inner: R,
    pos: Pos,
    split: Split,
}

impl<R: BufRead> Scanner<R> {
    fn new(inner: R) -> Self {
        Scanner {
            inner,
            pos: Pos { line: 1, col: 1 },
            split: Split::default(),
        }
    }

    /// Skips white space and returns the next byte without consuming it.
    fn skip_space(&mut self) -> io::Result<Option<u8>> {
        loop {
            let chunk = self.inner.fill_buf()?;
            let Some(&first) = chunk.first() else {
                return Ok(None);
            };
            let spaces = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if spaces == 0 {
                return Ok(Some(first));
            }
            self.pos.advance(&chunk[..spaces]);
            self.inner.consume(spaces);
        }
    }

    /// Consumes one byte (one already seen by `skip_space`, never a line break).
    fn bump(&mut self) {
        self.inner.consume(1);
        self.pos.col += 1;
    }

    /// Appends the next element's bytes to `buf` and consumes the `,` or `]` that ends it.
    fn element(&mut self, buf: &mut Vec<u8>) -> io::Result<End> {
        self.split = Split::default();
        loop {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                return Ok(End::Eof);
            }
            let (used, end) = self.split.scan(chunk);
            let taken = if end.is_some() { used - 1 } else { used };
            buf.extend_from_slice(&chunk[..taken]);
            self.pos.advance(&chunk[..used]);
            self.inner.consume(used);
            if let Some(end) = end {
                return Ok(end);
            }
        }
    }
}

/// Line and column (1-based, in bytes) of the next byte.
#[derive(Debug, Clone, Copy)]
struct Pos {
    line: u64,
    col: u64,
}

impl Pos {
    fn advance(&mut self, bytes: &[u8]) {
        match bytes.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
                self.col = (bytes.len() - last) as u64;
            }
            None => self.col += bytes.len() as u64,
        }
    }
}

/// Where the scan of one element stands, carried across buffer refills.
#[derive(Debug, Default)]
struct Split {
    depth: u64,
    in_string: bool,
    escape: bool,
}

impl Split {
    /// True when no string or bracket opened since the element began is still open.
    fn balanced(&self) -> bool {
        self.depth == 0 && !self.in_string
    }

    /// Scans `chunk` up to and including the element's end; returns the bytes used and the end.
    fn scan(&mut self, chunk: &[u8]) -> (usize, Option<End>) {
        for (i, &b) in chunk.iter().enumerate() {
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' if self.depth > 0 => self.depth -= 1,
                b',' if self.depth == 0 => return (i + 1, Some(End::Comma)),
                b']' => return (i + 1, Some(End::Close)),
                _ => {}
            }
        }
        (chunk.len(), None)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests;
