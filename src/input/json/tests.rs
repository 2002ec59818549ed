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
        vec![(
            1,
            "file is not a JSON object or array of objects (found a number)".to_string()
        )]
    );
}

#[test]
fn a_malformed_element_is_skipped_and_the_next_ones_read() {
    let json = b"[{\"text\": \"a\"},\n {\"text\": x},\n {\"text\": \"c\"}]";
    let (items, files) = run_one("f.json", json);
    assert_eq!(texts(&items), vec![t("f.json:1", "a"), t("f.json:3", "c")]);
    let reason = "not valid JSON: expected value at line 2 column 11";
    assert_eq!(skips(&items), vec![(2, reason.to_string())]);
    assert_eq!(files[0].records, 3);
}

#[test]
fn a_string_left_open_loses_the_rest_and_says_so() {
    let json = b"[{\"text\": \"a\"}, {\"text\": \"b}, {\"text\": \"c\"}]";
    let (items, _) = run_one("f.json", json);
    assert_eq!(texts(&items), vec![t("f.json:1", "a")]);
    let reasons = vec![
        (
            2,
            "not valid JSON: expected `,` or `}` at line 1 column 33".to_string(),
        ),
        (
            0,
            "the JSON array is not closed before the end of the file: a string or bracket \
                 is left open in record 2, or the file is cut short"
                .to_string(),
        ),
    ];
    assert_eq!(skips(&items), reasons);
}

#[test]
fn commas_out_of_place() {
    let (items, _) = run_one("f.json", b"[{\"text\": \"a\"},, {\"text\": \"c\"},\n]");
    assert_eq!(texts(&items), vec![t("f.json:1", "a"), t("f.json:3", "c")]);
    let reason = "not valid JSON: an empty element (two commas in a row) at line 1 column 16";
    assert_eq!(skips(&items), vec![(2, reason.to_string())]);
    assert_eq!(
        warnings(&items),
        vec!["a comma before the closing ']' was ignored".to_string()]
    );
}

#[test]
fn an_array_without_its_closing_bracket_keeps_every_element() {
    let (items, files) = run_one("f.json", b"[{\"text\": \"a\"}, {\"text\": \"b\"}\n");
    assert_eq!(texts(&items), vec![t("f.json:1", "a"), t("f.json:2", "b")]);
    let reason = "the JSON array is not closed: `]` is missing after record 2 (all 2 records \
                      were read)";
    assert_eq!(skips(&items), vec![(0, reason.to_string())]);
    assert_eq!(files[0].records, 2);
    let (items, _) = run_one("f.json", b"[{\"text\": \"a\"}] trailing");
    let reason = "content after the end of the JSON array (line 1 column 17) was not read";
    assert_eq!(skips(&items), vec![(0, reason.to_string())]);
}

#[test]
fn a_missing_closing_bracket_blames_no_record_that_was_read() {
    let last_skip = |json: &[u8]| {
        let (items, _) = run_one("f.json", json);
        let skipped = skips(&items);
        let last = skipped.last().cloned().unwrap();
        (texts(&items).len(), skipped.len(), last)
    };
    let missing = |after: &str| {
        (
            0,
            format!("the JSON array is not closed: `]` is missing after record {after}"),
        )
    };
    assert_eq!(
        last_skip(br#"[{"id":"a1","text":"regime one"}"#),
        (1, 1, missing("1 (the one record was read)"))
    );
    assert_eq!(
        last_skip(b"[{\"text\": \"a\"},\n{\"text\": \"b\"},\n"),
        (2, 1, missing("2 (all 2 records were read)"))
    );
    // The last record was read and skipped: it still does not hold the rest of the file.
    assert_eq!(
        last_skip(br#"[{"text": "a"}, {"text": x}"#),
        (1, 2, missing("2 (all 2 records were read)"))
    );
    let none = "the JSON array is not closed: `]` is missing, and the file ends before \
                    any record";
    assert_eq!(last_skip(b"[ \n"), (0, 1, (0, none.to_string())));
    // A bracket left open in the last record is still blamed on it.
    let open = "the JSON array is not closed before the end of the file: a string or \
                    bracket is left open in record 2, or the file is cut short";
    assert_eq!(
        last_skip(br#"[{"text": "a"}, {"text": "b", "x": [}"#),
        (1, 2, (0, open.to_string()))
    );
}

#[test]
fn a_number_id_keeps_its_spelling_in_an_array_and_in_a_single_object() {
    let json = br#"[{"id": 18446744073709551616, "text": "one"},
            {"id": 18446744073709551617, "text": "two", "n": [0.1e1, -0]}]"#;
    let (items, _) = run_one("f.json", json);
    assert_eq!(
        texts(&items),
        vec![
            t("18446744073709551616", "one"),
            t("18446744073709551617", "two")
        ]
    );
    assert_eq!(
        articles(&items)[1].fields,
        vec![("n".to_string(), "[0.1e1,-0]".to_string())]
    );
    // A single object is read by the same rules, lone surrogates mended included.
    let (items, _) = run_one(
        "f.json",
        br#"{"id": 0.1e1, "text": "solo \ud83d", "big": 1e400}"#,
    );
    assert_eq!(texts(&items), vec![t("0.1e1", "solo \u{FFFD}")]);
    let a = articles(&items);
    assert_eq!(a[0].fields, vec![("big".to_string(), "1e400".to_string())]);
    assert!(a[0].invalid_utf8);
}

#[test]
fn brackets_and_escapes_inside_strings_do_not_split_elements() {
    let json = br#"[{"text": "a ] b , c } \" [ {", "x": "\\"}, {"text": "next"}]"#;
    let (items, _) = run_one("f.json", json);
    assert_eq!(
        texts(&items),
        vec![t("f.json:1", r#"a ] b , c } " [ {"#), t("f.json:2", "next")]
    );
    assert_eq!(
        articles(&items)[0].fields,
        vec![("x".to_string(), "\\".to_string())]
    );
}

#[test]
fn a_large_array_streams_across_buffer_refills() {
    let mut json = String::from("[\n");
    for i in 0..3000 {
        let sep = if i == 0 { "" } else { ",\n" };
        json.push_str(&format!(
            "{sep}{{\"id\": \"{i}\", \"text\": \"{}\"}}",
            "word ".repeat(i % 50 + 1)
        ));
    }
    json.push_str("\n]\n");
    let (items, files) = run_one("f.json", json.as_bytes());
    assert_eq!(articles(&items).len(), 3000);
    assert_eq!(articles(&items)[2999].record, 3000);
    assert_eq!(files[0].records, 3000);
    let with_bad = json.replacen(
        "{\"id\": \"2500\", \"text\"",
        "{\"id\": \"2500\" \"text\"",
        1,
    );
    let (items, _) = run_one("f.json", with_bad.as_bytes());
    assert_eq!(articles(&items).len(), 2999);
    let skipped = skips(&items);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, 2501);
    assert!(skipped[0].1.contains("at line 2502 column"), "{skipped:?}");
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
