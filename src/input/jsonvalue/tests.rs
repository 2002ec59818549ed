use super::*;

fn parse(json: &str) -> Result<Element, serde_json::Error> {
    let (element, trailing) = parse_str(json, json)?;
    trailing.map(|()| element)
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
    let Element::Object(pairs, _) = element else {
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
    let Element::Object(pairs, repeated) = parse(r#"{"a": 1, "b": 2, "a": 3, "a": 4}"#).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        pairs,
        vec![("a".to_string(), json("4")), ("b".to_string(), json("2"))]
    );
    assert_eq!(repeated, ["a"]);
    let many: Vec<String> = (0..40).map(|i| format!("\"k{}\": {i}", i % 35)).collect();
    let Element::Object(pairs, repeated) = parse(&format!("{{{}}}", many.join(","))).unwrap()
    else {
        panic!()
    };
    assert_eq!(pairs.len(), 35);
    assert_eq!(pairs[0], ("k0".to_string(), json("35")));
    assert_eq!(repeated, ["k0", "k1", "k2", "k3", "k4"]);
}

#[test]
fn non_objects_are_named() {
    let array = parse(r#"[1.50, "two", null, {"k": [3]}]"#).unwrap();
    assert_eq!(array.kind(), "an array");
    assert_eq!(
        array,
        Element::Array(vec![
            json("1.50"),
            Value::Str("two".into()),
            Value::Null,
            json(r#"{"k":[3]}"#),
        ])
    );
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
    let Element::Object(pairs, _) = parsed.unwrap() else {
        panic!()
    };
    assert!(flagged);
    assert_eq!(pairs[0].1, Value::Str("cut \u{FFFD}".into()));
    assert_eq!(pairs[1].1, Value::Str("😀 \\ud800".into()));
    let (parsed, flagged) = parse_element(br#"{"text": "\udc00\u0041"}"#);
    assert_eq!(
        parsed.unwrap(),
        Element::Object(
            vec![("text".into(), Value::Str("\u{FFFD}A".into()))],
            Vec::new()
        )
    );
    assert!(flagged);
    let (parsed, flagged) = parse_element(br#"{"text": "fine"}"#);
    assert!(parsed.is_ok() && !flagged);
}

fn fields(bytes: &[u8]) -> (Vec<(String, Value)>, bool) {
    let (parsed, flagged) = parse_element(bytes);
    let Element::Object(pairs, _) = parsed.unwrap() else {
        panic!()
    };
    (pairs, flagged)
}

#[test]
fn a_number_keeps_its_spelling_in_every_field_and_at_every_depth() {
    let (pairs, flagged) = fields(
        br#"{"a": 18446744073709551616, "b": 18446744073709551617, "c": 0.1e1,
                "d": 123456789012345678901234567890, "e": -0, "f": 1.0, "g": 1E+2,
                "s-1": "not 1 a -number \" 2 \\", "h": [7.50, {"9": -3e-2, "k": "4"}, 0],
                "t": true, "i": 42}"#,
    );
    assert!(!flagged);
    let expected = vec![
        ("a".to_string(), json("18446744073709551616")),
        ("b".to_string(), json("18446744073709551617")),
        ("c".to_string(), json("0.1e1")),
        ("d".to_string(), json("123456789012345678901234567890")),
        ("e".to_string(), json("-0")),
        ("f".to_string(), json("1.0")),
        ("g".to_string(), json("1E+2")),
        (
            "s-1".to_string(),
            Value::Str(r#"not 1 a -number " 2 \"#.into()),
        ),
        ("h".to_string(), json(r#"[7.50,{"9":-3e-2,"k":"4"},0]"#)),
        ("t".to_string(), json("true")),
        ("i".to_string(), json("42")),
    ];
    assert_eq!(pairs, expected);
}

#[test]
fn a_number_too_large_for_a_float_is_kept_as_written() {
    let (pairs, flagged) = fields(br#"{"id": 1e400, "n": [-2E+999, 5], "text": "x"}"#);
    assert!(!flagged);
    assert_eq!(
        pairs,
        vec![
            ("id".to_string(), json("1e400")),
            ("n".to_string(), json("[-2E+999,5]")),
            ("text".to_string(), Value::Str("x".into())),
        ]
    );
    // With a lone surrogate too: both are mended, and the surrogate flagged.
    let (pairs, flagged) = fields(br#"{"id": 1e400, "text": "cut \ud83d"}"#);
    assert!(flagged);
    assert_eq!(pairs[0].1, json("1e400"));
    assert_eq!(pairs[1].1, Value::Str("cut \u{FFFD}".into()));
    // A record with a real error keeps the first error serde met.
    let (parsed, flagged) = parse_element(br#"{"id": 1e400, "text": x}"#);
    assert!(!flagged);
    assert_eq!(
        parsed.unwrap_err().to_string(),
        "number out of range at line 1 column 12"
    );
}

#[test]
fn spellings_pass_over_strings_and_their_escapes() {
    let text = r#"{"k1": "a\"-1\\", "-2": [3, "4"], "x": -5.5e+1}"#;
    let spellings = Spellings::new(text);
    assert_eq!(spellings.next(), Some("3"));
    assert_eq!(spellings.next(), Some("-5.5e+1"));
    assert_eq!(spellings.next(), None);
    assert_eq!(spellings.spell(7u64), "7");
    assert_eq!(
        zero_huge_numbers(r#"{"a": 1e400, "b": "1e400", "c": [2, -1e309]}"#).as_deref(),
        Some(r#"{"a": 0, "b": "1e400", "c": [2, 0]}"#)
    );
    assert_eq!(zero_huge_numbers(r#"{"a": 1e300}"#), None);
}

#[test]
fn control_characters_are_escaped() {
    let Element::Object(pairs, _) = parse(r#"{"o": ["a\u0001\tb"]}"#).unwrap() else {
        panic!()
    };
    assert_eq!(pairs[0].1, json(r#"["a\u0001\tb"]"#));
}
