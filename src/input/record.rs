//! One record's fields -> an [`Article`] or a [`Skip`], with the rules every format shares
//! (SPEC §2): which fields are id, text, title and date, the `<file>:<record>` id, empty or
//! missing text, `--strip-html`. Also the per-file context the format readers report through.
//!
//! Invariant: a record number ≥ 1 names a record and is counted in the file's `records`; a
//! skip with record 0 is about the whole file (it could not be opened, has no text column,
//! cannot be read past some point) and is not a record.

use std::io;
use std::ops::ControlFlow;
use std::sync::Arc;

use super::{Article, InputOptions, Item, Roles, html};
use crate::diag::{Skip, SkippedFields, Warning};

/// A field value as read: CSV cells and JSON strings are `Str`; other JSON values keep their
/// JSON text so a number can still be an id or a date, but never a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    /// A JSON number (its text as written in the file), boolean, array or object (compact
    /// JSON, its numbers as written).
    Json(String),
    /// JSON `null`.
    Null,
}

impl Value {
    /// The value as metadata text: `null` is empty.
    pub fn into_text(self) -> String {
        match self {
            Value::Str(s) | Value::Json(s) => s,
            Value::Null => String::new(),
        }
    }
}

/// A record split into the fields slant gives a role and the rest (metadata, in order).
#[derive(Debug, Default)]
pub struct Parts {
    pub id: Option<Value>,
    pub text: Option<Value>,
    pub title: Option<Value>,
    pub date: Option<Value>,
    pub fields: Vec<(String, String)>,
    /// True when the record names its own fields (CSV, TSV, JSON), so that a field the
    /// options name and the record lacks is missing from it; false for a `.txt` file.
    pub named: bool,
}

impl Parts {
    /// Splits named fields by the role `opts` gives their name.
    pub fn from_pairs(mut pairs: Vec<(String, Value)>, opts: &InputOptions) -> Parts {
        if !opts.paths.is_empty() {
            let nested: Vec<(String, Value)> = opts
                .paths
                .iter()
                .filter(|path| !pairs.iter().any(|(k, _)| k == *path))
                .filter_map(|path| Some((path.clone(), super::path::resolve(&pairs, path)?)))
                .collect();
            pairs.extend(nested);
        }
        let mut parts = Parts {
            fields: Vec::with_capacity(pairs.len()),
            named: true,
            ..Parts::default()
        };
        for (name, value) in pairs {
            let slot = if name == opts.text_field {
                &mut parts.text
            } else if name == opts.id_field {
                &mut parts.id
            } else if name == opts.title_field {
                &mut parts.title
            } else if name == opts.date_field {
                &mut parts.date
            } else {
                parts.fields.push((name, value.into_text()));
                continue;
            };
            // The first field of a name takes the role; a repeat stays metadata.
            match slot {
                None => *slot = Some(value),
                Some(_) => parts.fields.push((name, value.into_text())),
            }
        }
        parts
    }
}

/// The file being read and where its items go.
pub struct Ctx<'a> {
    pub file: Arc<str>,
    pub opts: &'a InputOptions,
    sink: &'a mut dyn FnMut(Item) -> ControlFlow<()>,
    /// Records read: articles plus skips with a record number.
    pub records: u64,
    /// Skips about the whole file (record 0) sent so far.
    pub file_skips: u64,
    /// The content is gzip-compressed (for the wording of read errors).
    pub gzip: bool,
    /// Set while [`Ctx::emit`] builds a record whose fields were read: its skips say so.
    in_record: bool,
}

/// Why a headline that is a JSON object or array is left empty, and what to name instead.
fn object_title(field: &str, json: &str) -> String {
    let what = if json.starts_with('{') {
        "an object"
    } else {
        "an array"
    };
    let hint = inner_string_hint("--title-field", field, json);
    format!("field '{field}' is {what}, not a string: the headline is left empty{hint}")
}

/// The end of a message about field `field` holding the JSON `json` instead of a string:
/// the path of the first string inside it, to give as `option`; empty when it holds none.
fn inner_string_hint(option: &str, field: &str, json: &str) -> String {
    match super::path::first_string_path(json) {
        Some(inner) => format!("; to read the string inside it, give {option} {field}.{inner}"),
        None => String::new(),
    }
}

/// A body stored as a JSON array of strings, one paragraph each, joined by blank lines
/// (`null` items left out); `None` when `json` is not such an array.
fn paragraphs(json: &str) -> Option<String> {
    let items = super::path::array_items(json)?;
    let mut text = String::new();
    for item in items {
        match item {
            Value::Str(paragraph) => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&paragraph);
            }
            Value::Null => {}
            Value::Json(_) => return None,
        }
    }
    Some(text)
}

/// A record's own id: its id field as text, unless blank (then one is made up).
fn id_text(value: Value) -> Option<String> {
    match value {
        Value::Str(s) | Value::Json(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

impl<'a> Ctx<'a> {
    pub fn new(
        file: &str,
        opts: &'a InputOptions,
        sink: &'a mut dyn FnMut(Item) -> ControlFlow<()>,
    ) -> Self {
        Ctx {
            file: Arc::from(file),
            opts,
            sink,
            records: 0,
            file_skips: 0,
            gzip: false,
            in_record: false,
        }
    }

    /// [`Ctx::emit`] for a JSON object: first a warning for each key it repeats (its last
    /// value is the one kept).
    pub fn emit_object(
        &mut self,
        record: u64,
        pairs: Vec<(String, Value)>,
        repeated: &[String],
        invalid_utf8: bool,
    ) -> ControlFlow<()> {
        // Only a record that repeats a key pays for finding its id early.
        let id = match repeated {
            [] => None,
            _ => pairs
                .iter()
                .find(|(k, _)| *k == self.opts.id_field)
                .and_then(|(_, v)| id_text(v.clone())),
        };
        for key in repeated {
            let message = format!("key '{key}' appears more than once; its last value is used");
            self.warn_about(Some(record), id.clone(), message)?;
        }
        let parts = Parts::from_pairs(pairs, self.opts);
        self.emit(record, parts, invalid_utf8)
    }

    /// Builds the article for record `record`, or skips it when it has no usable text.
    pub fn emit(&mut self, record: u64, parts: Parts, invalid_utf8: bool) -> ControlFlow<()> {
        self.in_record = true;
        let flow = self.emit_parts(record, parts, invalid_utf8);
        self.in_record = false;
        flow
    }

    fn emit_parts(&mut self, record: u64, parts: Parts, invalid_utf8: bool) -> ControlFlow<()> {
        let filled = Roles {
            id: parts.id.is_some(),
            title: parts.title.is_some(),
            date: parts.date.is_some(),
        };
        let roles = parts.named.then_some(filled);
        let own_id = parts.id.and_then(id_text);
        let field = &self.opts.text_field;
        let text = match parts.text {
            None => {
                let has = filled
                    .names(false, self.opts)
                    .map(String::from)
                    .chain(parts.fields.into_iter().map(|(name, _)| name))
                    .collect();
                let reason = format!("no text (field '{field}' is missing)");
                return self.skip_missing_text(record, own_id, reason, has);
            }
            Some(Value::Json(json)) => match paragraphs(&json) {
                Some(text) => text,
                None => {
                    let hint = inner_string_hint("--text-field", field, &json);
                    let reason = format!("field '{field}' is not a string{hint}");
                    return self.skip(record, own_id, reason);
                }
            },
            Some(Value::Null) => {
                return self.skip(
                    record,
                    own_id,
                    format!("empty text (field '{field}' is null)"),
                );
            }
            Some(Value::Str(text)) => text,
        };
        let title_bytes = match &parts.title {
            Some(Value::Str(t) | Value::Json(t)) => t.len(),
            _ => 0,
        };
        let bytes = (text.len() + title_bytes) as u64;
        if bytes > self.opts.max_article_bytes {
            return self.too_large(record, own_id, bytes);
        }
        let text = if self.opts.strip_html {
            if text.trim().is_empty() {
                return self.skip(record, own_id, "empty text");
            }
            let stripped = html::strip(&text);
            if stripped.trim().is_empty() {
                return self.skip(
                    record,
                    own_id,
                    "empty text (nothing left after --strip-html)",
                );
            }
            stripped
        } else {
            text
        };
        if text.trim().is_empty() {
            return self.skip(record, own_id, "empty text");
        }
        let title = match parts.title {
            // A headline that is an object or array (`"title": {"rendered": "…"}`) would be
            // scored as JSON text, its keys as words and its string quotes as quotations.
            Some(Value::Json(json)) if json.starts_with(['{', '[']) => {
                let message = object_title(&self.opts.title_field, &json);
                self.warn_about(Some(record), own_id.clone(), message)?;
                String::new()
            }
            Some(title) if self.opts.strip_html => html::strip(&title.into_text()),
            Some(title) => title.into_text(),
            None => String::new(),
        };
        let date = parts
            .date
            .map(Value::into_text)
            .filter(|d| !d.trim().is_empty());
        let id = own_id.unwrap_or_else(|| format!("{}:{record}", self.file));
        self.records += 1;
        let article = Article {
            id,
            title,
            text,
            date,
            fields: parts.fields,
            file: Arc::clone(&self.file),
            record,
            invalid_utf8,
            roles,
        };
        (self.sink)(Item::Article(article))
    }

    /// Skips record `record` because its article (headline and body) holds `bytes` bytes,
    /// more than `--max-article-bytes`: it is never cut to fit.
    pub fn too_large(&mut self, record: u64, id: Option<String>, bytes: u64) -> ControlFlow<()> {
        let limit = self.opts.max_article_bytes;
        let reason = format!(
            "article too large: {bytes} bytes of headline and body, over --max-article-bytes \
             {limit}; not scored (raise the limit to score it)"
        );
        self.skip(record, id, reason)
    }

    /// Skips record `record` (0: the whole file) for `reason`.
    pub fn skip(
        &mut self,
        record: u64,
        id: Option<String>,
        reason: impl Into<String>,
    ) -> ControlFlow<()> {
        let skip = Skip::new(self.file.to_string(), record, id, reason.into());
        self.push_skip(skip)
    }

    /// Skips record `record` (0: the whole file, whose header lacks it) for having no text
    /// field; `has` are the fields it does have.
    pub fn skip_missing_text(
        &mut self,
        record: u64,
        id: Option<String>,
        reason: String,
        has: Vec<String>,
    ) -> ControlFlow<()> {
        let mut skip = Skip::new(self.file.to_string(), record, id, reason);
        skip.fields = SkippedFields::NoText(has);
        self.push_skip(skip)
    }

    fn push_skip(&mut self, mut skip: Skip) -> ControlFlow<()> {
        if self.in_record && skip.fields == SkippedFields::Unread {
            skip.fields = SkippedFields::Read;
        }
        if skip.record == 0 {
            self.file_skips += 1;
        } else {
            self.records += 1;
        }
        (self.sink)(Item::Skip(skip))
    }

    /// A warning about this file (`record` when it is about one record).
    pub fn warn(&mut self, record: Option<u64>, message: impl Into<String>) -> ControlFlow<()> {
        self.warn_about(record, None, message)
    }

    /// [`Ctx::warn`] about a record whose id is known.
    pub fn warn_about(
        &mut self,
        record: Option<u64>,
        id: Option<String>,
        message: impl Into<String>,
    ) -> ControlFlow<()> {
        let mut warning = Warning::new(self.file.to_string(), record, message);
        warning.id = id;
        (self.sink)(Item::Warning(warning))
    }

    /// Reading failed before record `record` was complete: keep what came before, skip it.
    pub fn read_failed(&mut self, record: u64, err: &io::Error) -> ControlFlow<()> {
        let reason = match (self.gzip, err.kind()) {
            (true, io::ErrorKind::UnexpectedEof) => {
                format!("file ends early (truncated gzip?): {err}")
            }
            (true, _) => format!("gzip data is damaged from here on, the rest is not read: {err}"),
            (false, _) => format!("read error, the rest of the file is not read: {err}"),
        };
        self.skip(record, None, reason)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::*;

    fn run(opts: &InputOptions, pairs: Vec<(&str, Value)>) -> Item {
        let mut items = Vec::new();
        let mut sink = |item| {
            items.push(item);
            ControlFlow::Continue(())
        };
        let mut ctx = Ctx::new("f.jsonl", opts, &mut sink);
        let pairs = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let _ = ctx.emit(7, Parts::from_pairs(pairs, opts), false);
        items.pop().unwrap()
    }

    fn s(text: &str) -> Value {
        Value::Str(text.to_string())
    }

    fn reason(item: Item) -> String {
        match item {
            Item::Skip(skip) => skip.reason,
            other => panic!("expected a skip, got {other:?}"),
        }
    }

    #[test]
    fn roles_and_metadata_in_order() {
        let opts = InputOptions::default();
        let item = run(
            &opts,
            vec![
                ("outlet", s("CNN")),
                ("text", s("Body")),
                ("id", Value::Json("42".into())),
                ("score", Value::Json("1.5".into())),
                ("date", s("2020-01-02")),
                ("title", s("Head")),
                ("note", Value::Null),
            ],
        );
        let Item::Article(a) = item else {
            panic!("{item:?}")
        };
        assert_eq!(
            (a.id.as_str(), a.title.as_str(), a.text.as_str()),
            ("42", "Head", "Body")
        );
        assert_eq!(a.date.as_deref(), Some("2020-01-02"));
        assert_eq!(
            a.fields,
            vec![
                ("outlet".to_string(), "CNN".to_string()),
                ("score".to_string(), "1.5".to_string()),
                ("note".to_string(), String::new()),
            ]
        );
        assert_eq!((a.file.as_ref(), a.record), ("f.jsonl", 7));
    }

    #[test]
    fn missing_or_empty_id_becomes_file_and_record() {
        let opts = InputOptions::default();
        for id in [None, Some(s("")), Some(s("  ")), Some(Value::Null)] {
            let mut pairs = vec![("text", s("Body"))];
            if let Some(id) = id {
                pairs.push(("id", id));
            }
            let Item::Article(a) = run(&opts, pairs) else {
                panic!()
            };
            assert_eq!(a.id, "f.jsonl:7");
        }
    }

    #[test]
    fn text_problems_are_skips_with_reasons() {
        let opts = InputOptions::default();
        assert_eq!(
            reason(run(&opts, vec![("id", s("a"))])),
            "no text (field 'text' is missing)"
        );
        assert_eq!(reason(run(&opts, vec![("text", s(" \n\t"))])), "empty text");
        assert_eq!(
            reason(run(&opts, vec![("text", Value::Json("3".into()))])),
            "field 'text' is not a string"
        );
        assert_eq!(
            reason(run(&opts, vec![("text", Value::Null)])),
            "empty text (field 'text' is null)"
        );
        assert_eq!(
            reason(run(
                &opts,
                vec![(
                    "text",
                    Value::Json(r#"{"id":4,"rendered":"<p>x</p>"}"#.into())
                )]
            )),
            "field 'text' is not a string; to read the string inside it, give --text-field \
             text.rendered"
        );
        assert_eq!(
            reason(run(
                &opts,
                vec![("text", Value::Json(r#"[{"n":1,"body":"x"}]"#.into()))]
            )),
            "field 'text' is not a string; to read the string inside it, give --text-field \
             text.0.body"
        );
        assert_eq!(
            reason(run(
                &opts,
                vec![("text", Value::Json("[null, \" \"]".into()))]
            )),
            "empty text"
        );
        let Item::Skip(skip) = run(&opts, vec![("id", s("x1")), ("text", s(""))]) else {
            panic!()
        };
        assert_eq!((skip.record, skip.id.as_deref()), (7, Some("x1")));
    }

    #[test]
    fn a_body_stored_as_an_array_of_strings_is_read_as_paragraphs() {
        let opts = InputOptions::default();
        let body =
            Value::Json(r#"["Troops entered the city.",null,"Officials said \"no\"."]"#.into());
        let Item::Article(a) = run(&opts, vec![("text", body)]) else {
            panic!()
        };
        assert_eq!(a.text, "Troops entered the city.\n\nOfficials said \"no\".");
    }

    #[test]
    fn renamed_fields_and_strip_html() {
        let opts = InputOptions {
            text_field: "body".into(),
            title_field: "headline".into(),
            strip_html: true,
            ..InputOptions::default()
        };
        let item = run(
            &opts,
            vec![
                ("headline", s("<b>H</b> &amp; I")),
                ("body", s("<p>a</p>b")),
                ("text", s("meta")),
            ],
        );
        let Item::Article(a) = item else { panic!() };
        assert_eq!((a.title.as_str(), a.text.as_str()), ("H & I", "a\n\nb"));
        assert_eq!(a.fields, vec![("text".to_string(), "meta".to_string())]);
        assert_eq!(
            reason(run(&opts, vec![("body", s("<script>x</script>"))])),
            "empty text (nothing left after --strip-html)"
        );
    }
}
