//! Text decoding: bytes -> UTF-8 text, never failing. Invalid UTF-8 becomes U+FFFD (one per
//! maximal invalid sequence, as `String::from_utf8_lossy` does) and is reported, so a record
//! is flagged rather than lost; UTF-16 files are transcoded to UTF-8 as a stream.
//!
//! Invariant: decoding is per record (a CSV cell, a JSON line or element, a text file), so a
//! bad byte flags exactly the record it is in; the UTF-16 transcoder counts each replacement
//! it makes in a shared counter that the caller reads once the file is done.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// The UTF-8 encoding of U+FFFD REPLACEMENT CHARACTER.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// Decodes one field or document: `(text, true)` when invalid bytes had to be replaced.
/// Takes the bytes by value so valid input (the common case) is not copied.
pub fn lossy(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    }
}

/// [`lossy`] for borrowed bytes.
pub fn lossy_slice(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// A shared count of replacements made by a decoding reader that the reader's owner has
/// handed away (into a parser), so the owner can still see it.
pub type Replacements = Rc<Cell<u64>>;

/// Transcodes a UTF-16 stream (its byte-order mark already removed) to UTF-8. Unpaired
/// surrogates and a trailing odd byte become U+FFFD and are counted.
pub struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// An odd byte left over from the previous read.
    carry: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
    replaced: Replacements,
}

impl<R: Read> Utf16Reader<R> {
    pub fn new(inner: R, big_endian: bool, replaced: Replacements) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            carry: None,
            high: None,
            out: Vec::new(),
            pos: 0,
            done: false,
            replaced,
        }
    }

    fn replace(&mut self) {
        self.out.extend_from_slice(REPLACEMENT);
        self.replaced.set(self.replaced.get() + 1);
    }

    fn push_unit(&mut self, unit: u16) {
        if let Some(high) = self.high.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                self.push_char(char::from_u32(code));
                return;
            }
            self.replace();
        }
        match unit {
            0xD800..=0xDBFF => self.high = Some(unit),
            0xDC00..=0xDFFF => self.replace(),
            _ => self.push_char(char::from_u32(u32::from(unit))),
        }
    }

    fn push_char(&mut self, c: Option<char>) {
        match c {
            Some(c) => {
                let mut buf = [0u8; 4];
                self.out
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            None => self.replace(),
        }
    }

    /// Decodes the next chunk of input into `out`; sets `done` at the end of the input.
    fn fill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        let mut buf = [0u8; 16 * 1024];
        let n = loop {
            match self.inner.read(&mut buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            self.done = true;
            if self.high.take().is_some() {
                self.replace();
            }
            if self.carry.take().is_some() {
                self.replace();
            }
            return Ok(());
        }
        let mut bytes = &buf[..n];
        if let Some(first) = self.carry.take() {
            let second = bytes[0];
            bytes = &bytes[1..];
            self.push_unit(self.unit([first, second]));
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            self.push_unit(self.unit([pair[0], pair[1]]));
        }
        self.carry = pairs.remainder().first().copied();
        Ok(())
    }

    fn unit(&self, pair: [u8; 2]) -> u16 {
        if self.big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::*;

    fn read_all(mut r: impl Read) -> Vec<u8> {
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn lossy_keeps_valid_text_and_flags_invalid_bytes() {
        assert_eq!(lossy(b"caf\xc3\xa9".to_vec()), ("café".to_string(), false));
        assert_eq!(
            lossy(b"caf\xe9 ok".to_vec()),
            ("caf\u{FFFD} ok".to_string(), true)
        );
        assert_eq!(
            lossy_slice(b"\xff\xfe"),
            ("\u{FFFD}\u{FFFD}".to_string(), true)
        );
    }

    #[test]
    fn utf16_little_and_big_endian_with_surrogate_pairs() {
        let text = "Héllo 😀 world";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let count = Replacements::default();
        assert_eq!(
            read_all(Utf16Reader::new(&le[..], false, count.clone())),
            text.as_bytes()
        );
        assert_eq!(
            read_all(Utf16Reader::new(&be[..], true, count.clone())),
            text.as_bytes()
        );
        assert_eq!(count.get(), 0);
    }

    #[test]
    fn utf16_pair_split_across_reads_is_joined() {
        // A reader that yields one byte at a time splits every unit and every pair.
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.split_first() {
                    Some((&b, rest)) if !buf.is_empty() => {
                        buf[0] = b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let le: Vec<u8> = "a😀b".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let count = Replacements::default();
        let out = read_all(Utf16Reader::new(OneByte(&le), false, count.clone()));
        assert_eq!(String::from_utf8(out).unwrap(), "a😀b");
        assert_eq!(count.get(), 0);
    }

    #[test]
    fn utf16_lone_surrogate_and_odd_byte_are_replaced() {
        let mut le: Vec<u8> = [0x61u16, 0xD800, 0x62]
            .iter()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        le.push(0x63);
        let count = Replacements::default();
        let out = read_all(Utf16Reader::new(&le[..], false, count.clone()));
        assert_eq!(String::from_utf8(out).unwrap(), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(count.get(), 2);
    }
}
