//! Opening an input and turning its stored bytes into a UTF-8 text stream: gzip is undone,
//! a byte-order mark removed, UTF-16 transcoded, and the first bytes looked at (is the file
//! empty? which format is stdin?) without losing them.
//!
//! Invariant: every stored byte passes through one [`HashingReader`] exactly once, so the
//! SHA-256, the byte count and the progress counter all describe the file as stored
//! (compressed), whatever the parser above it reads.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

use super::Format;
use super::decode::{Replacements, Utf16Reader};
use super::walk::FileUnit;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
/// How much leading white space to look through for the first real byte before giving up.
const PEEK_LIMIT: usize = 64 * 1024;
const BUFFER: usize = 64 * 1024;

/// Opens the stored bytes of a file, or standard input.
pub fn open(unit: &FileUnit) -> io::Result<Box<dyn Read>> {
    if unit.stdin {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(File::open(&unit.path)?))
    }
}

/// Counts and hashes the bytes read through it, and adds them to a shared progress counter.
pub struct HashingReader<'p> {
    inner: Box<dyn Read>,
    hasher: Sha256,
    bytes: u64,
    progress: &'p AtomicU64,
}

impl<'p> HashingReader<'p> {
    pub fn new(inner: Box<dyn Read>, progress: &'p AtomicU64) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            progress,
        }
    }

    /// Reads what is left, so the digest covers the whole file even when parsing stopped.
    pub fn drain(&mut self) -> io::Result<u64> {
        io::copy(self, &mut io::sink())
    }

    /// The byte count and the lowercase hex SHA-256 of everything read.
    pub fn finish(self) -> (u64, String) {
        (self.bytes, format!("{:x}", self.hasher.finalize()))
    }
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// UTF-16 byte order, from the byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    Little,
    Big,
}

/// A file's content ready for a parser.
pub struct Prepared<'a> {
    /// UTF-8 (or, for a file that is not valid UTF-8, the raw bytes), without a byte-order mark.
    pub stream: Box<dyn BufRead + 'a>,
    /// The content was gzip-compressed.
    pub gzip: bool,
    /// The name ends in `.gz` but the content is not gzip-compressed; it is read as it is.
    pub misnamed_gz: bool,
    /// The content was UTF-16 and is being transcoded.
    pub utf16: Option<Utf16>,
    /// It had no byte-order mark: its zero bytes told the order ([`utf16_without_bom`]).
    pub utf16_guessed: bool,
    /// Replacements made while transcoding UTF-16 (read once the stream is done).
    pub utf16_replaced: Replacements,
    /// The first byte that is not white space; `None` for an empty file.
    pub first: Option<u8>,
}

/// Why a file could not be prepared.
pub struct PrepareError {
    pub gzip: bool,
    pub error: io::Error,
}

impl PrepareError {
    /// The reason, in the words a skip or an error gives it.
    pub fn reason(&self) -> String {
        if self.gzip {
            format!(
                "cannot decompress, not a readable gzip file: {}",
                self.error
            )
        } else {
            format!("cannot read: {}", self.error)
        }
    }
}

/// Wraps the stored bytes: gzip when the name says so or the content starts with the gzip
/// magic (a text file cannot), then byte-order mark handling, then a look at the first bytes.
pub fn prepare<'a, R: Read + 'a>(mut raw: R, named_gz: bool) -> Result<Prepared<'a>, PrepareError> {
    let mut head = Vec::new();
    fill_to(&mut raw, &mut head, GZIP_MAGIC.len()).map_err(|error| PrepareError {
        gzip: named_gz,
        error,
    })?;
    // Gzip by its magic bytes, whatever the name: a text file cannot start with them, and an
    // empty `.gz` file is an empty file, not a broken archive.
    let gzip = head.starts_with(&GZIP_MAGIC);
    let misnamed_gz = named_gz && !head.is_empty() && !gzip;
    let stored = Cursor::new(head).chain(raw);
    let mut decoded: Box<dyn Read + 'a> = if gzip {
        Box::new(MultiGzDecoder::new(stored))
    } else {
        Box::new(stored)
    };
    let fail = |error| PrepareError { gzip, error };

    let mut head = Vec::new();
    fill_to(&mut decoded, &mut head, 8).map_err(fail)?;
    if is_utf32(&head) {
        // Not a decompression failure, even inside gzip: the message says what it is.
        return Err(PrepareError {
            gzip: false,
            error: io::Error::new(
                io::ErrorKind::InvalidData,
                "the file is UTF-32 (by its byte-order mark), which slant does not read; \
                 convert it to UTF-8 first (iconv -f UTF-32 -t UTF-8)",
            ),
        });
    }
    let (utf16, bom_len) = match head.as_slice() {
        [0xFF, 0xFE, ..] => (Some(Utf16::Little), 2),
        [0xFE, 0xFF, ..] => (Some(Utf16::Big), 2),
        [0xEF, 0xBB, 0xBF, ..] => (None, 3),
        _ => (utf16_without_bom(&head), 0),
    };
    let utf16_guessed = utf16.is_some() && bom_len == 0;
    head.drain(..bom_len);
    let utf16_replaced = Replacements::default();
    let mut text: Box<dyn Read + 'a> = Box::new(Cursor::new(head).chain(decoded));
    if let Some(order) = utf16 {
        text = Box::new(Utf16Reader::new(
            text,
            order == Utf16::Big,
            utf16_replaced.clone(),
        ));
    }

    let mut head = Vec::new();
    let first = loop {
        if let Some(b) = first_significant(&head) {
            break Some(b);
        }
        if head.len() >= PEEK_LIMIT {
            break Some(b' ');
        }
        if read_more(&mut text, &mut head).map_err(fail)? == 0 {
            break None;
        }
    };
    let stream = Box::new(BufReader::with_capacity(
        BUFFER,
        Cursor::new(head).chain(text),
    ));
    Ok(Prepared {
        stream,
        gzip,
        misnamed_gz,
        utf16,
        utf16_guessed,
        utf16_replaced,
        first,
    })
}

/// The byte order of UTF-16 text without a byte-order mark, as some Windows tools write it:
/// its first eight bytes are four ASCII characters other than NUL, each beside a zero byte
/// (`i\0d\0,\0t\0` little-endian). UTF-8 text has no zero bytes, so nothing else looks so.
fn utf16_without_bom(head: &[u8]) -> Option<Utf16> {
    let pairs: Vec<[u8; 2]> = head.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
    if pairs.len() < 4 {
        return None;
    }
    let ascii = |b: u8| b != 0 && b.is_ascii();
    if pairs.iter().all(|&[a, b]| ascii(a) && b == 0) {
        Some(Utf16::Little)
    } else if pairs.iter().all(|&[a, b]| a == 0 && ascii(b)) {
        Some(Utf16::Big)
    } else {
        None
    }
}

/// A report or coding sheet opened for a command that reads slant's own CSV files back
/// (`compare`, `sample`, `agreement`, `report`): gzip undone, a byte-order mark dropped,
/// UTF-16 decoded, as for a corpus. `shown` names the file in an error.
pub fn open_table<'a>(raw: impl Read + 'a, shown: &str) -> crate::Result<Box<dyn BufRead + 'a>> {
    prepare(raw, false)
        .map(|prepared| prepared.stream)
        .map_err(|err| crate::Error::tagged(crate::error::Location::file(shown), err.reason()))
}

/// The format of standard input (or a pipe) told by its first bytes: `[` is a JSON array,
/// `{` JSON Lines, anything else CSV. `None` when there is nothing but white space.
pub fn sniff_format(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(&UTF8_BOM).unwrap_or(head);
    Some(match first_significant(head)? {
        b'[' => Format::Json,
        b'{' => Format::Jsonl,
        _ => Format::Csv,
    })
}

fn first_significant(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Reads until `buf` holds at least `want` bytes or the input ends.
/// Whether `head` (the first 8 bytes, or all of a shorter file) starts with a UTF-32
/// byte-order mark. `FF FE 00 00` is also a UTF-16LE mark followed by U+0000, so it counts as
/// UTF-32 only when the file is that mark alone or the next 4 bytes are a UTF-32LE character
/// (at most U+10FFFF: byte 7 zero, byte 6 at most 0x10), which UTF-16LE text (two characters,
/// the second not U+0000 or below U+1100) is not.
fn is_utf32(head: &[u8]) -> bool {
    match head {
        [0, 0, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0, 0] => true,
        [0xFF, 0xFE, 0, 0, _, _, hi, 0, ..] => *hi <= 0x10,
        _ => false,
    }
}

fn fill_to(r: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> io::Result<()> {
    while buf.len() < want {
        if read_more(r, buf)? == 0 {
            break;
        }
    }
    Ok(())
}

/// Appends one read's worth of bytes to `buf`; 0 at the end of the input.
fn read_more(r: &mut impl Read, buf: &mut Vec<u8>) -> io::Result<usize> {
    let start = buf.len();
    buf.resize(start + 8 * 1024, 0);
    let got = loop {
        match r.read(&mut buf[start..]) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                buf.truncate(start);
                return Err(e);
            }
        }
    };
    buf.truncate(start + got);
    Ok(got)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn content(p: Prepared<'_>) -> (Vec<u8>, Option<u8>, bool, Option<Utf16>) {
        let (first, gzip, utf16) = (p.first, p.gzip, p.utf16);
        let mut out = Vec::new();
        let mut stream = p.stream;
        stream.read_to_end(&mut out).unwrap();
        (out, first, gzip, utf16)
    }

    #[test]
    fn sniffs_stdin_format_from_the_first_real_byte() {
        assert_eq!(sniff_format(b"  \n[{\"text\": 1}]"), Some(Format::Json));
        assert_eq!(
            sniff_format(b"\xEF\xBB\xBF{\"a\":1}\n"),
            Some(Format::Jsonl)
        );
        assert_eq!(sniff_format(b"id,text\n1,hi\n"), Some(Format::Csv));
        assert_eq!(sniff_format(b"id\ttext\n"), Some(Format::Csv));
        assert_eq!(sniff_format(b" \r\n\t"), None);
        assert_eq!(sniff_format(b""), None);
    }

    #[test]
    fn hashes_and_counts_the_stored_bytes() {
        let progress = AtomicU64::new(5);
        let mut reader = HashingReader::new(Box::new(&b"abc"[..]), &progress);
        assert_eq!(reader.drain().unwrap(), 3);
        let (bytes, sha) = reader.finish();
        assert_eq!(bytes, 3);
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(progress.load(Ordering::Relaxed), 8);
    }

    #[test]
    fn removes_a_utf8_bom_and_keeps_everything_else() {
        let p = prepare(&b"\xEF\xBB\xBFid,text\n"[..], false).ok().unwrap();
        assert_eq!(content(p), (b"id,text\n".to_vec(), Some(b'i'), false, None));
    }

    #[test]
    fn decompresses_by_name_or_by_magic() {
        let gz = gzip(b"\n\n{\"a\":1}\n");
        let p = prepare(&gz[..], false).ok().unwrap();
        assert_eq!(
            content(p),
            (b"\n\n{\"a\":1}\n".to_vec(), Some(b'{'), true, None)
        );
        let p = prepare(&gz[..], true).ok().unwrap();
        assert!(p.gzip);
    }

    #[test]
    fn a_gz_name_on_plain_bytes_is_read_as_plain_and_an_empty_gz_is_empty() {
        let p = prepare(&b"id,text\n"[..], true).ok().unwrap();
        assert!(p.misnamed_gz);
        assert_eq!(content(p), (b"id,text\n".to_vec(), Some(b'i'), false, None));
        let p = prepare(&b""[..], true).ok().unwrap();
        assert!(!p.misnamed_gz);
        assert_eq!(content(p), (Vec::new(), None, false, None));
    }

    #[test]
    fn utf16_without_a_bom_is_known_by_its_zero_bytes() {
        let le: Vec<u8> = "id,text\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "id,text\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&le[..8]), Some(Utf16::Little));
        assert_eq!(utf16_without_bom(&be[..8]), Some(Utf16::Big));
        for not in [
            &b"id,text\n"[..],
            b"i\0d\0",
            b"\0\0\0\0\0\0\0\0",
            b"\xE4\0a\0b\0c\0",
        ] {
            assert_eq!(utf16_without_bom(not), None, "{not:?}");
        }
        let p = prepare(Cursor::new(le), false).ok().unwrap();
        assert_eq!((p.utf16, p.utf16_guessed), (Some(Utf16::Little), true));
        let mut text = String::new();
        let mut stream = p.stream;
        stream.read_to_string(&mut text).unwrap();
        assert_eq!(text, "id,text\n");
    }

    #[test]
    fn transcodes_utf16_with_a_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("id,text\n1,é\n".encode_utf16().flat_map(u16::to_le_bytes));
        let p = prepare(&le[..], false).ok().unwrap();
        assert_eq!(
            content(p),
            (
                "id,text\n1,é\n".as_bytes().to_vec(),
                Some(b'i'),
                false,
                Some(Utf16::Little)
            )
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("[]".encode_utf16().flat_map(u16::to_be_bytes));
        let p = prepare(&be[..], false).ok().unwrap();
        assert_eq!(
            content(p),
            (b"[]".to_vec(), Some(b'['), false, Some(Utf16::Big))
        );
    }

    #[test]
    fn white_space_and_a_bom_alone_are_an_empty_file() {
        let p = prepare(&b"\xEF\xBB\xBF \r\n\n"[..], false).ok().unwrap();
        assert_eq!(content(p), (b" \r\n\n".to_vec(), None, false, None));
    }
}
