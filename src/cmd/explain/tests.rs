//! Tests of explain's own helpers: terminal escaping of line ends, and the note on records that
//! share an id.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use std::sync::Arc;

use super::*;

fn article(id: &str, text: &str) -> Article {
    Article {
        id: id.to_string(),
        title: String::new(),
        text: text.to_string(),
        date: None,
        fields: Vec::new(),
        file: Arc::from("f.csv"),
        record: 1,
        invalid_utf8: false,
        roles: None,
    }
}

fn place(file: &str, record: u64, skipped: bool) -> Place {
    Place {
        file: file.to_string(),
        record,
        skipped,
    }
}

#[test]
fn a_crlf_line_end_is_a_line_break_and_lone_controls_stay_escaped() {
    assert_eq!(
        text_for_terminal("one\r\ntwo\rthree\r\r\nfour\n\u{1b}"),
        "one\ntwo\\u{000D}three\\u{000D}\nfour\n\\u{001B}"
    );
    assert_eq!(text_for_terminal("a\tb\nc"), "a\tb\nc");

    let (lexicon, _) =
        crate::lexicon::reparse("lex.csv", b"term,category\nregime,label.regime\n").unwrap();
    let scorer = Scorer::new(vec![lexicon]).unwrap();
    let a = article("c1", "The regime fell.\r\nNext line.\r\n");
    let mut ws = Workspace::default();
    let score = scorer.score(&a, &mut ws);
    let mut out = Vec::new();
    print(&mut out, &a, None, &score, &scorer, &ws, false).unwrap();
    let out = String::from_utf8(out).unwrap();
    let body = out.split("── body ──\n").nth(1).unwrap();
    let body = body.split("\n── matches").next().unwrap();
    assert_eq!(body, "The [regime][1] fell.\nNext line.\n\n");
    assert!(!out.contains("\\u{000D}"), "{out}");
}

#[test]
fn records_that_share_the_id_are_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    std::fs::write(&path, "id,text\nc1,\nc2,b\nc1,first\nc1,again\n").unwrap();
    let found = find(std::slice::from_ref(&path), &InputOptions::default(), "c1").unwrap();
    let file = path.display().to_string();
    let shown = found.article.unwrap();
    assert_eq!((shown.record, shown.text.as_str()), (3, "first"));
    assert_eq!(found.first_skip.unwrap().record, 1);
    assert_eq!(
        found.others,
        vec![place(&file, 1, true), place(&file, 4, false)]
    );
    assert_eq!(found.others_count, 2);
    let found = find(&[path], &InputOptions::default(), "c2").unwrap();
    assert_eq!((found.others, found.others_count), (vec![], 0));

    assert_eq!(duplicates_note(0, &[]), None);
    assert_eq!(
        duplicates_note(
            2,
            &[place("f.csv", 1, true), place("g\u{1b}.csv", 4, false)]
        )
        .unwrap(),
        "note: 3 records have this id; shown is the first article read, the others are at \
         f.csv:1 (skipped), g\\u{001B}.csv:4"
    );
    let mut many = Found::default();
    for record in 1..=12 {
        many.other(place("f.csv", record, false));
    }
    assert_eq!((many.others.len(), many.others_count), (PLACES_NAMED, 12));
    let named: Vec<String> = (1..=10).map(|r| format!("f.csv:{r}")).collect();
    assert_eq!(
        duplicates_note(many.others_count, &many.others).unwrap(),
        format!(
            "note: 13 records have this id; shown is the first article read, the others are \
             at {}, and 2 more",
            named.join(", ")
        )
    );

    // The note is the line after the id.
    let (lexicon, _) = crate::lexicon::reparse("lex.csv", b"term,category\nx,y\n").unwrap();
    let scorer = Scorer::new(vec![lexicon]).unwrap();
    let a = article("c1", "text");
    let mut ws = Workspace::default();
    let score = scorer.score(&a, &mut ws);
    let mut out = Vec::new();
    let note = duplicates_note(1, &many.others[..1]);
    print(&mut out, &a, note.as_deref(), &score, &scorer, &ws, false).unwrap();
    let out = String::from_utf8(out).unwrap();
    let head: Vec<&str> = out.lines().take(2).collect();
    assert_eq!(
        head,
        vec![
            "id: c1  (f.csv:1)",
            "note: 2 records have this id; shown is the first article read, the others are at f.csv:1"
        ]
    );
}
