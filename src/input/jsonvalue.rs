//! serde plumbing for JSON records: one element -> the object's top-level fields in the order
//! they are written, each a string or the compact JSON text of any other value. Objects are
//! never built as `serde_json::Value` maps (which would sort their keys).
//!
//! Invariants: nesting depth is bounded by serde_json's recursion limit (128), which turns
//! deeply nested input into an error instead of a stack overflow; a key written twice keeps
//! its first position and its last value, as most JSON readers do.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::record::Value;

/// One JSON value where a record is expected.
#[derive(Debug, PartialEq)]
pub enum Element {
    /// An object's fields, in order.
    Object(Vec<(String, Value)>),
    /// Anything else, named for a message ("an array", "a string", …).
    Other(&'static str),
}

/// Deserializes one [`Element`].
pub struct ElementSeed;

impl<'de> DeserializeSeed<'de> for ElementSeed {
    type Value = Element;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(ElementVisitor)
    }
}

struct ElementVisitor;

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Element;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
        read_object(map).map(Element::Object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::Other("an array"))
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

/// Parses one record's bytes (a JSON Lines line, an array element) as an [`Element`]; the
/// flag is true when something had to be replaced with U+FFFD: invalid UTF-8, or a `\u`
/// escape of half a surrogate pair (which serde rejects, and which JSON written from broken
/// UTF-16, such as cut-off tweets, does contain).
pub fn parse_element(bytes: &[u8]) -> (Result<Element, serde_json::Error>, bool) {
    let (text, invalid_utf8) = match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let parsed = parse_str(&text);
    if parsed.as_ref().is_err_and(|e| e.is_syntax()) {
        if let Some(fixed) = replace_lone_surrogates(&text) {
            if let Ok(element) = parse_str(&fixed) {
                return (Ok(element), true);
            }
        }
    }
    (parsed, invalid_utf8)
}

fn parse_str(text: &str) -> Result<Element, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let element = ElementSeed.deserialize(&mut de)?;
    de.end()?;
    Ok(element)
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

/// Reads an object's fields in order (a repeated key: first place, last value).
pub fn read_object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Vec<(String, Value)>, A::Error> {
    let mut pairs: Vec<(String, Value)> = Vec::with_capacity(map.size_hint().unwrap_or(8));
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value_seed(ValueSeed)?;
        pairs.push((key, value));
    }
    Ok(dedupe(pairs))
}

fn dedupe(pairs: Vec<(String, Value)>) -> Vec<(String, Value)> {
    let mut kept: Vec<(String, Value)> = Vec::with_capacity(pairs.len());
    if pairs.len() <= 32 {
        for (key, value) in pairs {
            match kept.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => kept.push((key, value)),
            }
        }
    } else {
        let mut index: HashMap<String, usize> = HashMap::with_capacity(pairs.len());
        for (key, value) in pairs {
            match index.get(&key) {
                Some(&at) => kept[at].1 = value,
                None => {
                    index.insert(key.clone(), kept.len());
                    kept.push((key, value));
                }
            }
        }
    }
    kept
}

/// One field value: a string as itself, anything else as compact JSON.
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
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
        Ok(Value::Json(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Json(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Json(number(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        let mut out = String::new();
        Compact(&mut out).visit_seq(seq)?;
        Ok(Value::Json(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let mut out = String::new();
        Compact(&mut out).visit_map(map)?;
        Ok(Value::Json(out))
    }
}

/// A float as JSON writes it (JSON input has no NaN or infinity).
fn number(v: f64) -> String {
    serde_json::Number::from_f64(v).map_or_else(|| "null".to_string(), |n| n.to_string())
}

/// Writes any JSON value into a string as compact JSON, keeping object keys in order.
struct Compact<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for Compact<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Compact<'_> {
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
        self.0.push_str(&v.to_string());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.0.push_str(&number(v));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let out = self.0;
        out.push('[');
        let open = out.len();
        loop {
            let mark = out.len();
            if mark > open {
                out.push(',');
            }
            if seq.next_element_seed(Compact(&mut *out))?.is_none() {
                out.truncate(mark);
                break;
            }
        }
        out.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        out.push('{');
        let open = out.len();
        while let Some(key) = map.next_key::<String>()? {
            if out.len() > open {
                out.push(',');
            }
            write_string(out, &key);
            out.push(':');
            map.next_value_seed(Compact(&mut *out))?;
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
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Element, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        let element = ElementSeed.deserialize(&mut de)?;
        de.end()?;
        Ok(element)
    }

    fn json(s: &str) -> Value {
        Value::Json(s.to_string())
    }

    #[test]
    fn keeps_field_order_and_writes_non_strings_as_json() {
        let element = parse(
            r#"{"z": "last?", "a": 1, "m": -2.5, "b": true, "n": null,
                "arr": [1, "x\"y", [], {}, [2, [3, 4]]], "obj": {"zz": 1, "aa": [null, false]}}"#,
        )
        .unwrap();
        let Element::Object(pairs) = element else {
            panic!()
        };
        let expected = vec![
            ("z".to_string(), Value::Str("last?".into())),
            ("a".to_string(), json("1")),
            ("m".to_string(), json("-2.5")),
            ("b".to_string(), json("true")),
            ("n".to_string(), Value::Null),
            ("arr".to_string(), json(r#"[1,"x\"y",[],{},[2,[3,4]]]"#)),
            ("obj".to_string(), json(r#"{"zz":1,"aa":[null,false]}"#)),
        ];
        assert_eq!(pairs, expected);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        let Element::Object(pairs) = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap() else {
            panic!()
        };
        assert_eq!(
            pairs,
            vec![("a".to_string(), json("3")), ("b".to_string(), json("2"))]
        );
        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 35)).collect();
        let Element::Object(pairs) = parse(&format!("{{{}}}", many.join(","))).unwrap() else {
            panic!()
        };
        assert_eq!(pairs.len(), 35);
        assert_eq!(pairs[0], ("k0".to_string(), json("35")));
    }

    #[test]
    fn non_objects_are_named() {
        assert_eq!(parse("[1, 2]").unwrap(), Element::Other("an array"));
        assert_eq!(parse("\"s\"").unwrap(), Element::Other("a string"));
        assert_eq!(parse("null").unwrap(), Element::Other("null"));
        assert_eq!(parse("12").unwrap(), Element::Other("a number"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&deep).unwrap_err();
        assert!(
            err.to_string().contains("recursion limit exceeded"),
            "{err}"
        );
    }

    #[test]
    fn lone_surrogate_escapes_are_replaced_and_flagged() {
        let (parsed, flagged) =
            parse_element(br#"{"text": "cut \ud83d", "ok": "\ud83d\ude00 \\ud800"}"#);
        let Element::Object(pairs) = parsed.unwrap() else {
            panic!()
        };
        assert!(flagged);
        assert_eq!(pairs[0].1, Value::Str("cut \u{FFFD}".into()));
        assert_eq!(pairs[1].1, Value::Str("😀 \\ud800".into()));
        let (parsed, flagged) = parse_element(br#"{"text": "\udc00\u0041"}"#);
        assert_eq!(
            parsed.unwrap(),
            Element::Object(vec![("text".into(), Value::Str("\u{FFFD}A".into()))])
        );
        assert!(flagged);
        let (parsed, flagged) = parse_element(br#"{"text": "fine"}"#);
        assert!(parsed.is_ok() && !flagged);
    }

    #[test]
    fn control_characters_are_escaped() {
        let Element::Object(pairs) = parse(r#"{"o": ["a\u0001\tb"]}"#).unwrap() else {
            panic!()
        };
        assert_eq!(pairs[0].1, json(r#"["a\u0001\tb"]"#));
    }
}
