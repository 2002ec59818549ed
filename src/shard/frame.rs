//! The frames of a shard's `records.bin`: one per record the shard owns, in input order.
//!
//! A frame is its payload's length (u64), the payload's CRC-32 (u32, so that a byte changed on
//! disk or in transfer is caught where it is, not written into the reports) and the payload: the record's number in the whole
//! input (u64), a kind byte (article, skip, warning) and the kind's fields, in the order the
//! functions below write them. Integers are little-endian; floats are their IEEE-754 bits, so
//! they come back bit for bit; strings and byte strings are a u64 length and the bytes. The
//! format is slant's own and versioned by [`super::FORMAT`]: it is an interchange between two
//! runs of the same slant version, not an archive.

use std::sync::Arc;

use crate::aggregate::{Hit, Tally};
use crate::cmd::score::{Origin, Prepared};
use crate::diag::{Skip, Warning};
use crate::report::rows::{EncodedArticle, Placement};
use crate::score::targets::Mention;
use crate::score::{CategoryCount, SlantSums};
use crate::wire::{Fingerprint, PERMUTATIONS};

const ARTICLE: u8 = 1;
const SKIP: u8 = 2;
const WARNING: u8 = 3;

/// One decoded frame.
#[derive(Debug)]
pub enum Frame {
    Article(Box<Prepared>),
    Skip(Skip),
    Warning(Warning),
}

/// Bytes before a frame's payload: its length (u64) and CRC-32 (u32).
pub const HEADER: usize = 12;

/// Appends one frame to `out`: its length and checksum, then the payload `body` writes.
fn frame(out: &mut Vec<u8>, seq: u64, kind: u8, body: impl FnOnce(&mut Out<'_>)) {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER]);
    let mut o = Out(out);
    o.u64(seq);
    o.u8(kind);
    body(&mut o);
    let payload = &out[start + HEADER..];
    let (len, crc) = (payload.len() as u64, crc32fast::hash(payload));
    out[start..start + 8].copy_from_slice(&len.to_le_bytes());
    out[start + 8..start + HEADER].copy_from_slice(&crc.to_le_bytes());
}

/// The CRC-32 a frame's header gives its payload.
pub fn checksum(payload: &[u8]) -> u32 {
    crc32fast::hash(payload)
}

/// Appends the frame of an article the shard scored.
pub fn push_article(out: &mut Vec<u8>, seq: u64, p: &Prepared) {
    frame(out, seq, ARTICLE, |o| {
        let Origin {
            id,
            file,
            record,
            invalid_utf8,
            text_bytes,
        } = &p.origin;
        o.str(id);
        o.str(file);
        o.u64(*record);
        o.bool(*invalid_utf8);
        o.u64(*text_bytes);
        o.len(p.place.groups.len());
        for g in &p.place.groups {
            o.str(g);
        }
        o.str(&p.place.period);
        let e = &p.encoded;
        for bytes in [&e.head, &e.tail, &e.matches, &e.quotations] {
            o.bytes(bytes);
        }
        o.opt_str(p.date_problem.as_deref());
        o.bool(p.missing_group_field);
        tally(o, &p.tally);
    });
}

fn tally(o: &mut Out<'_>, t: &Tally) {
    for n in [
        t.words,
        t.narrator_words,
        t.sentences,
        t.paragraphs,
        t.quotations,
    ] {
        o.u32(n);
    }
    o.len(t.counts.len());
    for (c, count) in &t.counts {
        o.u32(*c);
        for n in [count.n, count.narrator_n, count.negated_n] {
            o.u32(n);
        }
        for n in count.part_n {
            o.u32(n);
        }
    }
    for s in [&t.slant, &t.narrator_slant] {
        o.f64(s.sum);
        o.f64(s.abs);
        o.u32(s.matches);
    }
    o.len(t.hits.len());
    for h in &t.hits {
        o.u32(h.lexicon);
        o.u32(h.entry);
        o.bool(h.narrator);
    }
    o.len(t.mentions.len());
    for m in &t.mentions {
        o.u32s(&m.targets);
        o.bool(m.narrator);
        o.u32s(&m.near);
        o.u32s(&m.near_narrator);
    }
    match &t.fingerprint {
        None => o.bool(false),
        Some(fp) => {
            o.bool(true);
            for &v in fp.minhashes() {
                o.u32(v);
            }
        }
    }
}

/// Appends the frame of a record that could not be read.
pub fn push_skip(out: &mut Vec<u8>, seq: u64, s: &Skip) {
    frame(out, seq, SKIP, |o| {
        o.str(&s.file);
        o.u64(s.record);
        o.opt_str(s.id.as_deref());
        o.str(&s.reason);
    });
}

/// Appends the frame of a warning the reader gave.
pub fn push_warning(out: &mut Vec<u8>, seq: u64, w: &Warning) {
    frame(out, seq, WARNING, |o| {
        o.str(&w.file);
        match w.record {
            None => o.bool(false),
            Some(r) => {
                o.bool(true);
                o.u64(r);
            }
        }
        o.opt_str(w.id.as_deref());
        o.str(&w.message);
    });
}

/// Decodes one payload (the bytes after the length): the record number and the frame.
pub fn decode(payload: &[u8]) -> Result<(u64, Frame), String> {
    let mut i = In(payload);
    let seq = i.u64()?;
    let frame = match i.u8()? {
        ARTICLE => Frame::Article(Box::new(article(&mut i)?)),
        SKIP => Frame::Skip(Skip::new(
            i.string()?,
            i.u64()?,
            i.opt_string()?,
            i.string()?,
        )),
        WARNING => Frame::Warning(Warning {
            file: i.string()?,
            record: if i.bool()? { Some(i.u64()?) } else { None },
            id: i.opt_string()?,
            message: i.string()?,
        }),
        kind => return Err(format!("unknown record kind {kind}")),
    };
    if !i.0.is_empty() {
        return Err(format!("{} bytes left over after the record", i.0.len()));
    }
    Ok((seq, frame))
}

fn article(i: &mut In<'_>) -> Result<Prepared, String> {
    let origin = Origin {
        id: i.string()?,
        file: Arc::from(i.string()?),
        record: i.u64()?,
        invalid_utf8: i.bool()?,
        text_bytes: i.u64()?,
    };
    let groups = (0..i.len(4)?)
        .map(|_| i.string())
        .collect::<Result<_, _>>()?;
    let place = Placement {
        groups,
        period: i.string()?,
    };
    let encoded = EncodedArticle {
        head: i.bytes()?.to_vec(),
        tail: i.bytes()?.to_vec(),
        matches: i.bytes()?.to_vec(),
        quotations: i.bytes()?.to_vec(),
        late: None,
    };
    let date_problem = i.opt_string()?;
    let missing_group_field = i.bool()?;
    let mut t = Tally {
        words: i.u32()?,
        narrator_words: i.u32()?,
        sentences: i.u32()?,
        paragraphs: i.u32()?,
        quotations: i.u32()?,
        ..Tally::default()
    };
    for _ in 0..i.len(28)? {
        let c = i.u32()?;
        let count = CategoryCount {
            n: i.u32()?,
            narrator_n: i.u32()?,
            negated_n: i.u32()?,
            part_n: [i.u32()?, i.u32()?, i.u32()?],
        };
        t.counts.push((c, count));
    }
    for s in [&mut t.slant, &mut t.narrator_slant] {
        *s = SlantSums {
            sum: i.f64()?,
            abs: i.f64()?,
            matches: i.u32()?,
        };
    }
    for _ in 0..i.len(9)? {
        t.hits.push(Hit {
            lexicon: i.u32()?,
            entry: i.u32()?,
            narrator: i.bool()?,
        });
    }
    for _ in 0..i.len(25)? {
        t.mentions.push(Mention {
            targets: i.u32s()?,
            narrator: i.bool()?,
            near: i.u32s()?,
            near_narrator: i.u32s()?,
        });
    }
    if i.bool()? {
        let mut minhash = [0u32; PERMUTATIONS];
        for v in &mut minhash {
            *v = i.u32()?;
        }
        t.fingerprint = Some(Fingerprint::from_minhashes(minhash));
    }
    Ok(Prepared {
        origin,
        tally: t,
        place,
        encoded,
        date_problem,
        missing_group_field,
    })
}

/// The writing half: appends little-endian fields.
struct Out<'a>(&'a mut Vec<u8>);

impl Out<'_> {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn bool(&mut self, v: bool) {
        self.0.push(u8::from(v));
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.bool(false),
            Some(s) => {
                self.bool(true);
                self.str(s);
            }
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for &x in v {
            self.u32(x);
        }
    }
}

/// The reading half: every read checks what is left, so a damaged frame is an error, never
/// a panic or a huge allocation.
struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err(format!(
                "the record ends early ({n} bytes wanted, {} left)",
                self.0.len()
            ));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.array::<1>()?[0])
    }
    fn bool(&mut self) -> Result<bool, String> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(format!("a flag is {b}, not 0 or 1")),
        }
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }
    /// A count of items that each take at least `min_bytes`: checked against what is left,
    /// so a damaged count cannot ask for more memory than the frame could fill.
    fn len(&mut self, min_bytes: usize) -> Result<usize, String> {
        let n = self.u64()?;
        match usize::try_from(n) {
            Ok(n) if n.saturating_mul(min_bytes.max(1)) <= self.0.len() => Ok(n),
            _ => Err(format!(
                "a count of {n} does not fit in the {} bytes left",
                self.0.len()
            )),
        }
    }
    fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| "a text is not UTF-8".to_string())
    }
    fn opt_string(&mut self) -> Result<Option<String>, String> {
        if self.bool()? {
            self.string().map(Some)
        } else {
            Ok(None)
        }
    }
    fn u32s(&mut self) -> Result<Vec<u32>, String> {
        (0..self.len(4)?).map(|_| self.u32()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared() -> Prepared {
        let mut minhash = [0u32; PERMUTATIONS];
        for (i, v) in minhash.iter_mut().enumerate() {
            *v = (i as u32).wrapping_mul(2_654_435_761);
        }
        Prepared {
            origin: Origin {
                id: "a-1".into(),
                file: Arc::from("corpus.jsonl"),
                record: 7,
                invalid_utf8: true,
                text_bytes: 1234,
            },
            tally: Tally {
                words: 100,
                narrator_words: 80,
                sentences: 5,
                paragraphs: 2,
                quotations: 1,
                counts: vec![(
                    3,
                    CategoryCount {
                        n: 2,
                        narrator_n: 1,
                        negated_n: 0,
                        part_n: [0, 1, 1],
                    },
                )],
                slant: SlantSums {
                    sum: -0.1,
                    abs: 0.30000000000000004,
                    matches: 2,
                },
                narrator_slant: SlantSums::default(),
                hits: vec![Hit {
                    lexicon: 0,
                    entry: 41,
                    narrator: false,
                }],
                mentions: vec![Mention {
                    targets: vec![1],
                    narrator: true,
                    near: vec![3, 9],
                    near_narrator: vec![3],
                }],
                fingerprint: Some(Fingerprint::from_minhashes(minhash)),
            },
            place: Placement {
                groups: vec!["Outlet, \"A\"".into(), String::new()],
                period: "2020-05".into(),
            },
            encoded: EncodedArticle {
                head: b"a-1,Outlet".to_vec(),
                tail: b"2020-05,100\n".to_vec(),
                matches: b"m\n".to_vec(),
                quotations: Vec::new(),
                late: None,
            },
            date_problem: Some("no date".into()),
            missing_group_field: true,
        }
    }

    fn payload(out: &[u8]) -> &[u8] {
        let len = u64::from_le_bytes(out[..8].try_into().unwrap()) as usize;
        assert_eq!(out.len(), HEADER + len, "one frame, its length first");
        let crc = u32::from_le_bytes(out[8..HEADER].try_into().unwrap());
        assert_eq!(crc, checksum(&out[HEADER..]), "then the payload's checksum");
        &out[HEADER..]
    }

    #[test]
    fn an_article_comes_back_field_for_field() {
        let p = prepared();
        let mut out = Vec::new();
        push_article(&mut out, 42, &p);
        let (seq, frame) = decode(payload(&out)).unwrap();
        assert_eq!(seq, 42);
        let Frame::Article(back) = frame else {
            panic!("not an article: {frame:?}")
        };
        assert_eq!(back.origin, p.origin);
        assert_eq!(back.tally, p.tally);
        assert_eq!(back.place, p.place);
        assert_eq!(back.encoded, p.encoded);
        assert_eq!(back.date_problem, p.date_problem);
        assert_eq!(back.missing_group_field, p.missing_group_field);
        assert_eq!(
            back.tally.slant.abs.to_bits(),
            0.30000000000000004f64.to_bits()
        );
    }

    #[test]
    fn skips_and_warnings_come_back() {
        let skip = Skip::new("c.csv", 3, None, "no text".into());
        let warning = Warning {
            file: "c.csv".into(),
            record: Some(4),
            id: Some("x".into()),
            message: "odd".into(),
        };
        let mut out = Vec::new();
        push_skip(&mut out, 1, &skip);
        match decode(payload(&out)).unwrap() {
            (1, Frame::Skip(s)) => assert_eq!(s, skip),
            other => panic!("{other:?}"),
        }
        out.clear();
        push_warning(&mut out, 2, &warning);
        match decode(payload(&out)).unwrap() {
            (2, Frame::Warning(w)) => assert_eq!(w, warning),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_truncation_and_a_bad_kind_are_errors_not_panics() {
        let mut out = Vec::new();
        push_article(&mut out, 42, &prepared());
        let full = payload(&out).to_vec();
        for cut in 0..full.len() {
            assert!(decode(&full[..cut]).is_err(), "cut at {cut} decoded");
        }
        let mut bad = full.clone();
        bad[8] = 99;
        assert_eq!(decode(&bad).unwrap_err(), "unknown record kind 99");
        let mut long = full;
        long.push(0);
        assert_eq!(
            decode(&long).unwrap_err(),
            "1 bytes left over after the record"
        );
    }

    #[test]
    fn a_huge_count_is_refused_before_allocating() {
        let mut out = Vec::new();
        let mut o = Out(&mut out);
        o.u64(1);
        o.u8(SKIP);
        o.u64(u64::MAX);
        let err = decode(&out).unwrap_err();
        assert!(err.contains("does not fit"), "{err}");
    }
}
