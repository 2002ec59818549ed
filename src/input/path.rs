//! Fields inside JSON objects, named by their path (`source.name`, `title.rendered`): news
//! APIs and CMS exports nest the outlet's name and the headline one level down.
//!
//! A record's fields are read with nested values as their compact JSON text (numbers spelled
//! as written, see `jsonvalue`); a path is resolved by reading that text again, one object at
//! a time, and only for the paths some option names, so records pay nothing otherwise.
//! A key that itself holds a `.` is found as well: every split of the path is tried, the
//! shortest first key first. Arrays are not entered.

use super::jsonvalue::{Element, parse_document};
use super::record::Value;

/// The value at `path` inside `pairs`, when `path` has a `.` and names a field inside an
/// object (not a field of that name itself, which the caller looks up as it stands).
pub fn resolve(pairs: &[(String, Value)], path: &str) -> Option<Value> {
    path.match_indices('.').find_map(|(at, _)| {
        let (head, rest) = (&path[..at], &path[at + 1..]);
        let Value::Json(text) = &pairs.iter().find(|(k, _)| k == head)?.1 else {
            return None;
        };
        let inner = object_pairs(text)?;
        inner
            .iter()
            .find(|(k, _)| k == rest)
            .map(|(_, v)| v.clone())
            .or_else(|| resolve(&inner, rest))
    })
}

/// The fields of a JSON object's text; `None` for any other value.
fn object_pairs(text: &str) -> Option<Vec<(String, Value)>> {
    if !text.starts_with('{') {
        return None;
    }
    match parse_document(text).0 {
        Ok((Element::Object(pairs, _), Ok(()))) => Some(pairs),
        _ => None,
    }
}

/// The keys of the JSON object `json`, in order; `None` when it is not an object.
pub fn object_keys(json: &str) -> Option<Vec<String>> {
    Some(object_pairs(json)?.into_iter().map(|(k, _)| k).collect())
}

/// The path, inside the JSON object `json`, of its first string value (depth first): what a
/// message suggests naming (`rendered` for `{"rendered": "…"}`). `None` when `json` is not an
/// object or holds no string outside arrays.
pub fn first_string_path(json: &str) -> Option<String> {
    let pairs = object_pairs(json)?;
    pairs.iter().find_map(|(key, value)| match value {
        Value::Str(_) => Some(key.clone()),
        Value::Json(inner) => first_string_path(inner).map(|rest| format!("{key}.{rest}")),
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
               "a": {"b": {"c": 12.50}}, "x.y": {"z": "dotted key"}, "list": [{"k": "v"}]}"#,
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
        for missing in [
            "source.nope",
            "source",
            "list.k",
            "list.0.k",
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
        assert_eq!(first_string_path(r#"["Terrorists", "strike"]"#), None);
        assert_eq!(first_string_path(r#"{"n": 1}"#), None);
        assert_eq!(first_string_path("plain text"), None);
    }
}
