//! serde plumbing for JSON records: one element -> the object's top-level fields in the order
//! they are written, each a string or the compact JSON text of any other value. Objects are
//! never built as `serde_json::Value` maps (which would sort their keys).
//!
//! **A number keeps its spelling.** A JSON number, in any field and at any depth, is kept as
//! the exact text written in the file (`18446744073709551617`, `0.1e1`, `-0`, `1e400`), never
//! as the float serde reads it, so ids join back to the source and distinct ids stay
//! distinct. serde still checks the grammar; the spelling of each number it visits is taken
//! from the text by [`Spellings`], which walks the same text to the next number outside a
//! string (serde visits numbers in the order they are written).
//!
//! Invariants: nesting depth is bounded by serde_json's recursion limit (128), which turns
//! deeply nested input into an error instead of a stack overflow; a key written twice keeps
//! its first position and its last value, as most JSON readers do.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::record::Value;

/// One JSON value where a record is expected.
#[derive(Debug, PartialEq)]
pub enum Element {
    /// An object's fields, in order, and the keys it repeats (each once, in order).
    Object(Vec<(String, Value)>, Vec<String>),
    /// An array's items, each read as a field's value would be.
    Array(Vec<Value>),
    /// Anything else, named for a message ("a string", "a number", …).
    Other(&'static str),
}

impl Element {
    /// What the element is, for a message ("an object", "an array", "a string", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Element::Object(..) => "an object",
            Element::Array(_) => "an array",
            Element::Other(kind) => kind,
        }
    }
}

/// Deserializes one [`Element`], its numbers spelled as in the text [`Spellings`] walks.
struct ElementSeed<'s, 'a>(&'a Spellings<'s>);

impl<'de> DeserializeSeed<'de> for ElementSeed<'_, '_> {
    type Value = Element;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(ElementVisitor(self.0))
    }
}

struct ElementVisitor<'s, 'a>(&'a Spellings<'s>);

impl<'de> Visitor<'de> for ElementVisitor<'_, '_> {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
        read_object(map, self.0).map(|(pairs, repeated)| Element::Object(pairs, repeated))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element_seed(ValueSeed(self.0))? {
            items.push(item);
        }
        Ok(Element::Array(items))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Element, E> {
        Ok(Element::Other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element, E> {
        Ok(Element::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Element, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Element, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element, E> {
        Ok(Element::Other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Element, E> {
        Ok(Element::Other("null"))
    }
}

/// A JSON document parsed: the element, or the error that stopped it. With the element, the
/// check that nothing but white space follows it (an error names what does).
pub type Parsed = Result<(Element, Result<(), serde_json::Error>), serde_json::Error>;

/// Parses one record's bytes (a JSON Lines line, an array element) as an [`Element`]; the
/// flag is true when something had to be replaced with U+FFFD: invalid UTF-8, or a `\u`
/// escape of half a surrogate pair (which serde rejects, and which JSON written from broken
/// UTF-16, such as cut-off tweets, does contain). Content after the element is an error.
pub fn parse_element(bytes: &[u8]) -> (Result<Element, serde_json::Error>, bool) {
    let (text, invalid_utf8) = match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let (parsed, replaced) = parse_document(&text);
    let element = parsed.and_then(|(element, trailing)| trailing.map(|()| element));
    (element, invalid_utf8 || replaced)
}

/// Parses a whole JSON text as one [`Element`] followed by nothing; the flag is true when a
/// `\u` escape of half a surrogate pair was replaced with U+FFFD.
///
/// Two things serde refuses are mended and the text parsed again, since neither makes the
/// record unreadable: a lone surrogate escape (replaced, and flagged), and a number too large
/// for a float (`1e400`), which is given to serde as `0` while its spelling, the only thing
/// kept of a number, is taken from the text as written.
pub fn parse_document(text: &str) -> (Parsed, bool) {
    let first = parse_str(text, text);
    if !first.as_ref().is_err_and(serde_json::Error::is_syntax) {
        return (first, false);
    }
    let unpaired = replace_lone_surrogates(text);
    let source = unpaired.as_deref().unwrap_or(text);
    let zeroed = zero_huge_numbers(source);
    if unpaired.is_none() && zeroed.is_none() {
        return (first, false);
    }
    match parse_str(zeroed.as_deref().unwrap_or(source), source) {
        Ok((element, Ok(()))) => (Ok((element, Ok(()))), unpaired.is_some()),
        _ => (first, false),
    }
}

/// Parses `text`, spelling its numbers as `source` does (the same text, or one whose numbers
/// too large for serde were written `0`).
fn parse_str(text: &str, source: &str) -> Parsed {
    let spellings = Spellings::new(source);
    let mut de = serde_json::Deserializer::from_str(text);
    let element = ElementSeed(&spellings).deserialize(&mut de)?;
    Ok((element, de.end()))
}

/// Walks a JSON text and hands out the spelling of each number outside a string, in order.
/// serde visits a document's numbers once each in the order they are written, so the n-th
/// spelling asked for is the n-th number serde read; the walk goes forward only, so the
/// document is walked at most once (and only up to its last number).
struct Spellings<'s> {
    text: &'s str,
    at: Cell<usize>,
}

impl<'s> Spellings<'s> {
    fn new(text: &'s str) -> Self {
        Spellings {
            text,
            at: Cell::new(0),
        }
    }

    /// The next number's text, or `None` when no number is left (never after a number serde
    /// accepted).
    fn next(&self) -> Option<&'s str> {
        let (start, end) = next_number(self.text.as_bytes(), self.at.get())?;
        self.at.set(end);
        self.text.get(start..end)
    }

    /// The next number's text as an owned string, or `fallback` written out when there is none.
    fn spell(&self, fallback: impl fmt::Display) -> String {
        self.next()
            .map_or_else(|| fallback.to_string(), str::to_owned)
    }
}

/// The byte range of the first number token at or after `from` that is outside a string: in
/// JSON only a number starts with `-` or a digit, and it runs over digits, signs, `.`, `e`
/// and `E` (nothing that may follow a number is one of those).
fn next_number(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    loop {
        match *bytes.get(i)? {
            b'"' => i = after_string(bytes, i + 1)?,
            b'-' | b'0'..=b'9' => {
                let len = bytes[i..]
                    .iter()
                    .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .unwrap_or(bytes.len() - i);
                return Some((i, i + len));
            }
            _ => i += 1,
        }
    }
}

/// The index after the `"` that closes the string whose contents start at `i`.
fn after_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2; // an escape: its second byte never ends the string
    }
}

/// `text` with every number too large for a float (which serde refuses) written `0`, or
/// `None` when there is none. The numbers stay in place and in order, so [`Spellings`] over
/// the original text spells them.
fn zero_huge_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some((start, end)) = next_number(bytes, at) {
        at = end;
        let token = text.get(start..end).unwrap_or("");
        if token.parse::<f64>().is_ok_and(f64::is_infinite) {
            out.push_str(text.get(copied..start).unwrap_or(""));
            out.push('0');
            copied = end;
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Some(out)
}

/// `text` with every `\u` escape of an unpaired surrogate turned into `\ufffd`, or `None`
/// when there is none.
fn replace_lone_surrogates(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let unit_at = |i: usize| -> Option<u16> {
        let hex = bytes.get(i..i + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = unit_at(i) else {
            i += 2; // another escape (`\\`, `\"`, …): its second byte is never a new escape
            continue;
        };
        let paired = (0xD800..=0xDBFF).contains(&unit)
            && unit_at(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low));
        if paired {
            i += 12;
        } else if (0xD800..=0xDFFF).contains(&unit) {
            out.push_str(&text[copied..i]);
            out.push_str("\\ufffd");
            i += 6;
            copied = i;
            changed = true;
        } else {
            i += 6;
        }
    }
    out.push_str(&text[copied..]);
    changed.then_some(out)
}

/// Reads an object's fields in order (a repeated key: first place, last value, as most JSON
/// readers do), and the keys repeated.
#[allow(clippy::type_complexity)]
fn read_object<'de, A: MapAccess<'de>>(
    mut map: A,
    spellings: &Spellings<'_>,
) -> Result<(Vec<(String, Value)>, Vec<String>), A::Error> {
    let mut pairs: Vec<(String, Value)> = Vec::with_capacity(map.size_hint().unwrap_or(8));
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value_seed(ValueSeed(spellings))?;
        pairs.push((key, value));
    }
    Ok(dedupe(pairs))
}

fn dedupe(pairs: Vec<(String, Value)>) -> (Vec<(String, Value)>, Vec<String>) {
    let mut kept: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
    let mut repeated: Vec<String> = Vec::new();
    let mut note = |key: String| {
        if !repeated.contains(&key) {
            repeated.push(key);
        }
    };
    if pairs.len() <= 32 {
        for (key, value) in pairs {
            match kept.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => {
                    slot.1 = value;
                    note(key);
                }
                None => kept.push((key, value)),
            }
        }
    } else {
        let mut index: HashMap<String, usize> = HashMap::with_capacity(pairs.len());
        for (key, value) in pairs {
            match index.get(&key) {
                Some(&at) => {
                    kept[at].1 = value;
                    note(key);
                }
                None => {
                    index.insert(key.clone(), kept.len());
                    kept.push((key, value));
                }
            }
        }
    }
    (kept, repeated)
}

/// One field value: a string as itself, anything else as compact JSON, a number (also inside
/// an array or object) spelled as in the text.
struct ValueSeed<'s, 'a>(&'a Spellings<'s>);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'s, 'a>(&'a Spellings<'s>);

impl<'de> Visitor<'de> for ValueVisitor<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Json(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Json(self.0.spell(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Json(self.0.spell(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Json(self.0.spell(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        let mut out = String::new();
        Compact(&mut out, self.0).visit_seq(seq)?;
        Ok(Value::Json(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let mut out = String::new();
        Compact(&mut out, self.0).visit_map(map)?;
        Ok(Value::Json(out))
    }
}

/// Writes any JSON value into a string as compact JSON, keeping object keys in order and
/// numbers as spelled in the text.
struct Compact<'o, 's, 'a>(&'o mut String, &'a Spellings<'s>);

impl<'de> DeserializeSeed<'de> for Compact<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Compact<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        write_string(self.0, v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.0.push_str(&self.1.spell(v));
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(&self.1.spell(v));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.push_str(&self.1.spell(v));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (out, spellings) = (self.0, self.1);
        out.push('[');
        let open = out.len();
        loop {
            let mark = out.len();
            if mark > open {
                out.push(',');
            }
            if seq
                .next_element_seed(Compact(&mut *out, spellings))?
                .is_none()
            {
                out.truncate(mark);
                break;
            }
        }
        out.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (out, spellings) = (self.0, self.1);
        out.push('{');
        let open = out.len();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() > open {
                out.push(',');
            }
            write_string(out, &key);
            out.push(':');
            map.next_value_seed(Compact(&mut *out, spellings))?;
        }
        out.push('}');
        Ok(())
    }
}

/// Appends `s` as a JSON string literal.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests;
