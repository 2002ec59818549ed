//! Fields inside JSON objects, named by their path (`source.name`, `title.rendered`): news
//! APIs and CMS exports nest the outlet's name and the headline one level down.
//!
//! A record's fields are read with nested values as their compact JSON text (numbers spelled
//! as written, see `jsonvalue`); a path is resolved by reading that text again, one object at
//! a time, and only for the paths some option names, so records pay nothing otherwise.
//! A key that itself holds a `.` is found as well: every split of the path is tried, the
//! shortest first key first. An array's items are named by their index from 0
//! (`authors.0.name`, `tags.1`).

use super::jsonvalue::{Element, parse_document};
use super::record::Value;

/// The value at `path` inside `pairs`, when `path` has a `.` and names a field inside an
/// object or an item of an array (not a field of that name itself, which the caller looks up
/// as it stands).
pub fn resolve(pairs: &[(String, Value)], path: &str) -> Option<Value> {
    path.match_indices('.').find_map(|(at, _)| {
        let (head, rest) = (&path[..at], &path[at + 1..]);
        within(&pairs.iter().find(|(k, _)| k == head)?.1, rest)
    })
}

/// The value at `path` inside `value`: a key (or dotted path) of an object, or an item of an
/// array named by its index from 0 (`authors.0.name`).
fn within(value: &Value, path: &str) -> Option<Value> {
    let Value::Json(text) = value else {
        return None;
    };
    match parse_inner(text)? {
        Element::Object(inner, _) => inner
            .iter()
            .find(|(k, _)| k == path)
            .map(|(_, v)| v.clone())
            .or_else(|| resolve(&inner, path)),
        Element::Array(items) => {
            let (index, rest) = match path.split_once('.') {
                Some((index, rest)) => (index, Some(rest)),
                None => (path, None),
            };
            let item = items.get(array_index(index)?)?;
            match rest {
                None => Some(item.clone()),
                Some(rest) => within(item, rest),
            }
        }
        Element::Other(_) => None,
    }
}

/// An array index as a path writes it: decimal digits, without a sign or leading zeros.
fn array_index(step: &str) -> Option<usize> {
    let digits = !step.is_empty() && step.bytes().all(|b| b.is_ascii_digit());
    let canonical = step == "0" || !step.starts_with('0');
    (digits && canonical).then(|| step.parse().ok()).flatten()
}

/// A JSON object's or array's text parsed; `None` for any other value.
fn parse_inner(text: &str) -> Option<Element> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    match parse_document(text).0 {
        Ok((element, Ok(()))) => Some(element),
        _ => None,
    }
}

/// The items of a JSON array's text; `None` for any other value.
pub fn array_items(text: &str) -> Option<Vec<Value>> {
    match parse_inner(text)? {
        Element::Array(items) => Some(items),
        _ => None,
    }
}

/// The fields of a JSON object's text; `None` for any other value.
fn object_pairs(text: &str) -> Option<Vec<(String, Value)>> {
    match parse_inner(text)? {
        Element::Object(pairs, _) => Some(pairs),
        _ => None,
    }
}

/// The keys of the JSON object `json`, in order; `None` when it is not an object.
pub fn object_keys(json: &str) -> Option<Vec<String>> {
    Some(object_pairs(json)?.into_iter().map(|(k, _)| k).collect())
}

/// The path, inside the JSON object or array `json`, of its first string value (depth
/// first): what a message suggests naming (`rendered` for `{"rendered": "…"}`, `0` for
/// `["…"]`). `None` when `json` is neither or holds no string.
pub fn first_string_path(json: &str) -> Option<String> {
    let steps: Vec<(String, Value)> = match parse_inner(json)? {
        Element::Object(pairs, _) => pairs,
        Element::Array(items) => (0..).map(|i: usize| i.to_string()).zip(items).collect(),
        Element::Other(_) => return None,
    };
    steps.iter().find_map(|(step, value)| match value {
        Value::Str(_) => Some(step.clone()),
        Value::Json(inner) => first_string_path(inner).map(|rest| format!("{step}.{rest}")),
        Value::Null => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(json: &str) -> Vec<(String, Value)> {
        object_pairs(json).expect("an object")
    }

    #[test]
    fn paths_reach_into_objects_at_any_depth() {
        let p = pairs(
            r#"{"source": {"id": null, "name": "Reuters"}, "title": {"rendered": "Regime falls"},
               "a": {"b": {"c": 12.50}}, "x.y": {"z": "dotted key"}, "list": [{"k": "v"}],
               "authors": [{"name": "A. Writer"}, {"name": "B. Writer", "desk": "World"}],
               "tags": ["politics", 7, null], "grid": [[1, 2], ["a.b"]]}"#,
        );
        assert_eq!(
            resolve(&p, "source.name"),
            Some(Value::Str("Reuters".into()))
        );
        assert_eq!(resolve(&p, "source.id"), Some(Value::Null));
        assert_eq!(
            resolve(&p, "title.rendered"),
            Some(Value::Str("Regime falls".into()))
        );
        // Numbers keep their spelling.
        assert_eq!(resolve(&p, "a.b.c"), Some(Value::Json("12.50".into())));
        assert_eq!(
            resolve(&p, "a.b"),
            Some(Value::Json(r#"{"c":12.50}"#.into()))
        );
        assert_eq!(resolve(&p, "x.y.z"), Some(Value::Str("dotted key".into())));
        assert_eq!(resolve(&p, "list.0.k"), Some(Value::Str("v".into())));
        assert_eq!(
            resolve(&p, "list.0"),
            Some(Value::Json(r#"{"k":"v"}"#.into()))
        );
        assert_eq!(
            resolve(&p, "authors.1.name"),
            Some(Value::Str("B. Writer".into()))
        );
        assert_eq!(resolve(&p, "authors.0.desk"), None);
        assert_eq!(resolve(&p, "tags.0"), Some(Value::Str("politics".into())));
        assert_eq!(resolve(&p, "tags.1"), Some(Value::Json("7".into())));
        assert_eq!(resolve(&p, "tags.2"), Some(Value::Null));
        assert_eq!(resolve(&p, "tags.3"), None);
        assert_eq!(resolve(&p, "grid.0.1"), Some(Value::Json("2".into())));
        assert_eq!(resolve(&p, "grid.1.0"), Some(Value::Str("a.b".into())));
        for missing in [
            "source.nope",
            "source",
            "list.k",
            "list.1.k",
            "list.01.k",
            "list.+0.k",
            "list.-1.k",
            "list.0.k.x",
            "list.",
            "nope.x",
            "title.",
            ".",
        ] {
            assert_eq!(resolve(&p, missing), None, "{missing}");
        }
    }

    #[test]
    fn the_first_string_inside_an_object_is_suggested() {
        assert_eq!(
            first_string_path(r#"{"id": null, "name": "Reuters"}"#).as_deref(),
            Some("name")
        );
        assert_eq!(
            first_string_path(r#"{"meta": {"n": 1, "label": "x"}}"#).as_deref(),
            Some("meta.label")
        );
        assert_eq!(
            first_string_path(r#"["Terrorists", "strike"]"#).as_deref(),
            Some("0")
        );
        assert_eq!(
            first_string_path(r#"{"parts": [null, {"text": "x"}]}"#).as_deref(),
            Some("parts.1.text")
        );
        assert_eq!(first_string_path("[1, [], {}]"), None);
        assert_eq!(first_string_path(r#"{"n": 1}"#), None);
        assert_eq!(first_string_path("plain text"), None);
    }
}
