//! JSON reader (`.json`: one object or an array of objects).
//!
//! Invariants: an array is streamed element by element, never held whole; the record number
//! is the element's 1-based index (1 for a single object). A JSON parser cannot find its feet
//! again after a syntax error, so a bad element ends the file: it is skipped with serde's line
//! and column, and one more skip (record 0) says the rest of the file was not read.

use std::fmt;
use std::io::{self, BufRead};
use std::ops::ControlFlow;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::decode::{Replacements, Utf8Repair};
use super::jsonvalue::{Element, ElementSeed, read_object};
use super::record::{Ctx, Parts};

/// Reads a JSON document: an array of objects (streamed) or a single object.
pub fn read(stream: impl BufRead, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let replaced = Replacements::default();
    let mut de = serde_json::Deserializer::from_reader(Utf8Repair::new(stream, replaced.clone()));
    let mut state = State {
        ctx,
        replaced,
        done: 0,
        shape: Shape::Unknown,
        stopped: false,
    };
    let result = (&mut de).deserialize_any(TopVisitor(&mut state));
    if state.stopped {
        return ControlFlow::Break(());
    }
    let State {
        ctx, done, shape, ..
    } = state;
    let err = match result {
        Ok(()) => match de.end() {
            Ok(()) => return ControlFlow::Continue(()),
            Err(err) => {
                return ctx.skip(
                    0,
                    None,
                    format!(
                        "content after the end of the JSON value was not read: {err}; \
                     if the file holds one object per line, use --format jsonl"
                    ),
                );
            }
        },
        Err(err) => err,
    };
    let next = done + 1;
    if err.is_io() {
        return ctx.read_failed(next, &io::Error::from(err));
    }
    if err.is_eof() {
        return ctx.skip(
            next,
            None,
            format!("file ends before the JSON is complete: {err}"),
        );
    }
    ctx.skip(next, None, format!("not valid JSON: {err}"))?;
    if shape == Shape::Array {
        ctx.skip(0, None, format!(
            "rest of file unreadable after record {next}: a JSON parser cannot resume after an error"
        ))?;
    }
    ControlFlow::Continue(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Unknown,
    Array,
    Object,
    Other,
}

struct State<'s, 'a> {
    ctx: &'s mut Ctx<'a>,
    /// Invalid UTF-8 replacements handed to the parser so far.
    replaced: Replacements,
    /// Records finished (delivered or skipped).
    done: u64,
    shape: Shape,
    /// The sink asked to stop.
    stopped: bool,
}

impl State<'_, '_> {
    fn deliver(&mut self, element: Element, invalid_utf8: bool) {
        self.done += 1;
        let record = self.done;
        let flow = match element {
            Element::Object(pairs) => {
                let parts = Parts::from_pairs(pairs, self.ctx.opts);
                self.ctx.emit(record, parts, invalid_utf8)
            }
            Element::Other(kind) => {
                let what = if self.shape == Shape::Array {
                    "element"
                } else {
                    "file"
                };
                let reason = format!("{what} is not a JSON object (found {kind})");
                self.ctx.skip(record, None, reason)
            }
        };
        self.stopped = flow.is_break();
    }

    fn top_level_scalar<E>(&mut self, kind: &'static str) -> Result<(), E> {
        self.shape = Shape::Other;
        self.deliver(Element::Other(kind), false);
        Ok(())
    }
}

/// Visits the document's top-level value and hands records to the context as it goes.
struct TopVisitor<'v, 's, 'a>(&'v mut State<'s, 'a>);

impl<'de> Visitor<'de> for TopVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let state = self.0;
        state.shape = Shape::Array;
        loop {
            let before = state.replaced.get();
            let Some(element) = seq.next_element_seed(ElementSeed)? else {
                return Ok(());
            };
            state.deliver(element, state.replaced.get() > before);
            if state.stopped {
                // Returning here ends parsing; the error serde reports for it is ignored.
                return Ok(());
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let state = self.0;
        state.shape = Shape::Object;
        let before = state.replaced.get();
        let pairs = read_object(map)?;
        state.deliver(Element::Object(pairs), state.replaced.get() > before);
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.0.top_level_scalar("a string")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.0.top_level_scalar("a boolean")
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.0.top_level_scalar("a number")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.0.top_level_scalar("a number")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.0.top_level_scalar("a number")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.top_level_scalar("null")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use crate::input::testutil::{articles, gzip, run_one, skips, texts, warnings};

    fn t(id: &str, text: &str) -> (String, String) {
        (id.to_string(), text.to_string())
    }

    #[test]
    fn json_array_streams_elements_with_their_index() {
        let json = br#"[
            {"id": "a", "text": "one", "tags": ["x", 1]},
            "not an object",
            {"text": "three", "title": "T", "date": 2020},
            {"text": ""}
        ]"#;
        let (items, files) = run_one("f.json", json);
        assert_eq!(texts(&items), vec![t("a", "one"), t("f.json:3", "three")]);
        let a = articles(&items);
        assert_eq!(
            a[0].fields,
            vec![("tags".to_string(), r#"["x",1]"#.to_string())]
        );
        assert_eq!(
            (a[1].record, a[1].title.as_str(), a[1].date.as_deref()),
            (3, "T", Some("2020"))
        );
        assert_eq!(
            skips(&items),
            vec![
                (
                    2,
                    "element is not a JSON object (found a string)".to_string()
                ),
                (4, "empty text".to_string()),
            ]
        );
        assert_eq!(files[0].records, 4);
    }

    #[test]
    fn json_single_object_is_record_one() {
        let (items, _) = run_one("f.json", b"\xEF\xBB\xBF {\"text\": \"solo\"}\n");
        assert_eq!(texts(&items), vec![t("f.json:1", "solo")]);
        let (items, _) = run_one("f.json", b"42");
        assert_eq!(
            skips(&items),
            vec![(1, "file is not a JSON object (found a number)".to_string())]
        );
    }

    #[test]
    fn a_malformed_element_ends_the_file_with_two_skips() {
        let json = b"[{\"text\": \"a\"},\n {\"text\": x},\n {\"text\": \"c\"}]";
        let (items, files) = run_one("f.json", json);
        assert_eq!(texts(&items), vec![t("f.json:1", "a")]);
        assert_eq!(
            skips(&items),
            vec![
                (
                    2,
                    "not valid JSON: expected value at line 2 column 11".to_string()
                ),
                (
                    0,
                    "rest of file unreadable after record 2: a JSON parser cannot resume after an \
                 error"
                        .to_string()
                ),
            ]
        );
        assert_eq!(files[0].records, 2);
    }

    #[test]
    fn a_json_file_cut_short_keeps_what_came_before() {
        let (items, _) = run_one("f.json", b"[{\"text\": \"a\"}, {\"text\": \"b");
        assert_eq!(texts(&items), vec![t("f.json:1", "a")]);
        assert_eq!(
            skips(&items),
            vec![(
                2,
                "file ends before the JSON is complete: EOF while \
            parsing a string at line 1 column 27"
                    .to_string()
            )]
        );
    }

    #[test]
    fn content_after_the_json_value_is_reported() {
        let (items, _) = run_one("f.json", b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
        assert_eq!(texts(&items), vec![t("f.json:1", "a")]);
        assert_eq!(
            skips(&items),
            vec![(
                0,
                "content after the end of the JSON value was not \
            read: trailing characters at line 2 column 1; if the file holds one object per \
            line, use --format jsonl"
                    .to_string()
            )]
        );
    }

    #[test]
    fn invalid_utf8_in_a_json_array_flags_only_its_element() {
        let json = b"[{\"text\": \"ok\"}, {\"text\": \"bad \xff byte\"}, {\"text\": \"ok too\"}]";
        let (items, _) = run_one("f.json", json);
        let flags: Vec<bool> = articles(&items).iter().map(|a| a.invalid_utf8).collect();
        assert_eq!(flags, vec![false, true, false]);
        assert_eq!(articles(&items)[1].text, "bad \u{FFFD} byte");
    }

    #[test]
    fn deep_nesting_is_a_skip_not_a_crash() {
        let deep = format!("[{{\"text\": \"a\"}}, {{\"x\": {}}}]", "[".repeat(50_000));
        let (items, _) = run_one("f.json", deep.as_bytes());
        assert_eq!(texts(&items).len(), 1);
        let skipped = skips(&items);
        assert_eq!(skipped[0].0, 2);
        assert!(
            skipped[0]
                .1
                .starts_with("not valid JSON: recursion limit exceeded"),
            "{skipped:?}"
        );
    }

    #[test]
    fn empty_array_gzipped_and_utf16_json() {
        let (items, files) = run_one("f.json", b"[ ]");
        assert_eq!(warnings(&items), vec!["no records".to_string()]);
        assert_eq!(files[0].records, 0);
        let (items, _) = run_one("f.json.gz", &gzip(b"[{\"text\": \"zipped\"}]"));
        assert_eq!(texts(&items), vec![t("f.json.gz:1", "zipped")]);
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            "[{\"text\": \"größer\"}]"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let (items, _) = run_one("f.json", &utf16);
        assert_eq!(
            warnings(&items),
            vec!["decoded as UTF-16 (little-endian)".to_string()]
        );
        assert_eq!(texts(&items), vec![t("f.json:1", "größer")]);
    }
}
