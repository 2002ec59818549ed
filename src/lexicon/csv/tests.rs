use super::*;
use crate::lexicon::WordPattern::*;

const HEAD: &str = "term,category,weight,alternative,case,note\n";

fn parse(text: &str) -> Lexicon {
    parse_csv("lex/test.csv", text.as_bytes()).unwrap()
}

/// The full message of the error `text` gives, with its exit status checked.
fn error(text: &str) -> String {
    let err = parse_csv("lex/test.csv", text.as_bytes()).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    err.to_string()
}

#[test]
fn metadata_and_defaults() {
    let lex = parse(
        "# name: labels\n# Version: 0.1.0\n# description: How actors\n# description: are named.\n\
         # source: AP Stylebook\n#source: own reading\n# license: CC-BY-4.0\n# reviewer: ann\n\
         # a plain comment\n\nterm,category\nterrorist,label.terror\n",
    );
    assert_eq!(lex.name, "labels");
    assert_eq!(lex.version, "0.1.0");
    assert_eq!(lex.description, "How actors are named.");
    assert_eq!(lex.source, "AP Stylebook; own reading");
    assert_eq!(lex.license, "CC-BY-4.0");
    assert_eq!(lex.origin, "lex/test.csv");
    let e = &lex.entries[0];
    assert_eq!(e.term, "terrorist");
    assert_eq!(e.words, vec![Exact("terrorist".into())]);
    assert_eq!(e.categories, vec!["label.terror"]);
    assert_eq!((e.weight, e.case_sensitive, e.line), (1.0, false, 12));
    assert!(e.alternatives.is_empty() && e.note.is_empty());
}

#[test]
fn name_defaults_to_file_stem_and_sha_is_of_raw_bytes() {
    let bytes = b"\xEF\xBB\xBFterm,category\r\nx,a\r\n";
    let lex = parse_csv("dir/my.lexicon.csv", bytes).unwrap();
    assert_eq!(lex.name, "my.lexicon");
    assert_eq!(lex.sha256, crate::lexicon::source::sha256_hex(bytes));
    assert_eq!(lex.version, "");
    assert_eq!(lex.entries.len(), 1);
}

#[test]
fn bom_crlf_blank_and_comment_lines_keep_physical_line_numbers() {
    let text = "\u{feff}# name: t\r\n\r\nTERM , Category\r\n# later comment\r\n\r\n  attack~ , conflict \r\n\"so-called\",distancing\r\n";
    let lex = parse(text);
    let got: Vec<(&str, u64)> = lex
        .entries
        .iter()
        .map(|e| (e.term.as_str(), e.line))
        .collect();
    assert_eq!(got, vec![("attack~", 6), ("so-called", 7)]);
    assert_eq!(lex.entries[0].words, vec![Inflected("attack".into())]);
    assert_eq!(lex.entries[0].categories, vec!["conflict"]);
}

#[test]
fn columns_in_any_order_unknown_ones_ignored_short_rows_allowed() {
    let lex = parse("note,extra,category,term\nwhy,zzz,a.b,x y*\n");
    assert_eq!(lex.entries.len(), 1);
    let e = &lex.entries[0];
    assert_eq!(e.words, vec![Exact("x".into()), Prefix("y".into())]);
    assert_eq!(e.note, "why");
    let err = error("note,extra,category,term\nwhy,zzz,a.b\n");
    assert_eq!(err, "lex/test.csv:2:9: empty term");
}

#[test]
fn alternatives_blockers_multi_categories_weights_case() {
    let lex = parse(&format!(
        "{HEAD}terrorist,label.terror; label.any ,2.5, attacker | |armed group member|,,\n\
         mental health,-,,,,blocks mental\n\
         Hamas,actor,-0.5,,Sensitive,\"a note, with comma\"\n\
         re:jihad(i|ist)s?,label.extremist,1e0,,insensitive,\n"
    ));
    let [a, b, c, d] = &lex.entries[..] else {
        panic!("{:?}", lex.entries)
    };
    assert_eq!(a.categories, vec!["label.terror", "label.any"]);
    assert_eq!(a.weight, 2.5);
    assert_eq!(a.alternatives, vec!["attacker", "armed group member"]);
    assert!(b.is_blocker());
    assert_eq!(
        b.words,
        vec![Exact("mental".into()), Exact("health".into())]
    );
    assert_eq!(b.note, "blocks mental");
    assert!(c.case_sensitive);
    assert_eq!(c.weight, -0.5);
    assert_eq!(c.note, "a note, with comma");
    assert_eq!(d.words, vec![Regex("jihad(i|ist)s?".into())]);
    assert!(!d.case_sensitive);
}

#[test]
fn missing_required_column() {
    assert_eq!(
        error("# name: x\nterm,weight\nfoo,1\n"),
        "lex/test.csv:2:1: the header has no `category` column (it has: term, weight); the \
         required columns are `term` and `category`"
    );
    assert_eq!(
        error("terrorist,label.terror\n"),
        "lex/test.csv:1:1: the header has no `term` column (it has: terrorist, label.terror); \
         the required columns are `term` and `category`"
    );
    // A spreadsheet in a German or French locale separates with semicolons.
    assert_eq!(
        error("term;category;weight\nKrise;frame.crisis;1\n"),
        "lex/test.csv:1:1: the header has no `term` column (it has: term;category;weight); \
         the required columns are `term` and `category`; its fields are separated by \
         semicolons, but a lexicon's are separated by commas (a spreadsheet in a German or \
         French locale saves `;`: choose comma-separated CSV)"
    );
    assert_eq!(
        error("term,category,Term\n"),
        "lex/test.csv:1:15: column `term` appears twice (first as column 1)"
    );
}

#[test]
fn no_header() {
    assert_eq!(
        error("# name: x\n\n"),
        "lex/test.csv: no header row; a lexicon starts with a row such as \
         `term,category,weight,alternative,case,note`"
    );
}

#[test]
fn bad_weight() {
    assert_eq!(
        error(&format!("{HEAD}a,x,abc\n")),
        "lex/test.csv:2:5: weight must be a finite number such as `1` or `-0.5`, not `abc`"
    );
    assert_eq!(
        error(&format!("{HEAD}a,x,NaN\n")),
        "lex/test.csv:2:5: weight must be a finite number such as `1` or `-0.5`, not `NaN`"
    );
    assert_eq!(
        error(&format!("{HEAD}a,x,inf\n")),
        "lex/test.csv:2:5: weight must be a finite number such as `1` or `-0.5`, not `inf`"
    );
}

#[test]
fn bad_case_value() {
    assert_eq!(
        error(&format!("{HEAD}a,x,,,exact\n")),
        "lex/test.csv:2:7: case must be `sensitive` or `insensitive` (or empty), not `exact`"
    );
}

#[test]
fn bad_category_paths() {
    assert_eq!(
        error(&format!("{HEAD}a,label..x\n")),
        "lex/test.csv:2:3: category `label..x` has an empty part between dots; write a dotted \
         path such as `label.terror`"
    );
    assert_eq!(
        error(&format!("{HEAD}a,\"label.x;\"\n")),
        "lex/test.csv:2:3: empty category name"
    );
    assert_eq!(
        error(&format!("{HEAD}a,label/x\n")),
        "lex/test.csv:2:3: category `label/x` contains '/'; use letters, digits, `_` or `-` \
         between the dots"
    );
    assert_eq!(
        error(&format!("{HEAD}a, \n")),
        "lex/test.csv:2:4: empty category; name one or more dotted categories separated by \
         `;`, or `-` for a blocker"
    );
    assert_eq!(
        error(&format!("{HEAD}a,\"x;-\"\n")),
        "lex/test.csv:2:3: `-` (a blocker) cannot be combined with categories"
    );
    assert_eq!(
        error(&format!("{HEAD}a,\"x; x\"\n")),
        "lex/test.csv:2:3: category `x` is listed twice"
    );
}

#[test]
fn empty_prefix_and_empty_term() {
    assert_eq!(
        error(&format!("{HEAD}terror *,x\n")),
        "lex/test.csv:2:1: `*` must end a word (as in `terror*`); a bare `*` in `terror *` \
         would match every word"
    );
    assert_eq!(
        error(&format!("{HEAD}\"\",x\n")),
        "lex/test.csv:2:1: empty term"
    );
}

#[test]
fn broken_regex() {
    assert_eq!(
        error(&format!(
            "# name: x\n{HEAD}\n  re:jihad(i|ist ,label.extremist\n"
        )),
        "lex/test.csv:4:3: invalid regular expression `jihad(i|ist`: unclosed group"
    );
}

#[test]
fn too_many_fields_and_bad_quotes() {
    assert_eq!(
        error("term,category\na,b,c\n"),
        "lex/test.csv:2:5: this row has 3 fields but the header has 2; quote a field that \
         contains a comma"
    );
    assert_eq!(
        error("term,category\n\"a,b\n"),
        "lex/test.csv:2:1: this quoted field is never closed; add the missing `\"`"
    );
}

#[test]
fn repeated_metadata_and_invalid_utf8() {
    assert_eq!(
        error("# name: a\n# name: b\nterm,category\n"),
        "lex/test.csv:2:1: `# name:` is given twice (first on line 1); keep one"
    );
    assert_eq!(
        error("# name:\nterm,category\n"),
        "lex/test.csv:1:1: `# name:` is empty; name the lexicon"
    );
    let err = parse_csv("lex/test.csv", b"term,category\nd\xE9j\xE0,x\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "lex/test.csv:2:2: the file is not valid UTF-8; save it as UTF-8"
    );
}

#[test]
fn metadata_after_the_header_is_a_comment() {
    let lex = parse("term,category\n# name: late\na,b\n");
    assert_eq!(lex.name, "test");
    assert_eq!(lex.entries[0].line, 3);
}

#[test]
fn a_misspelt_column_is_ignored_with_a_warning_naming_the_near_one() {
    let text = "term,category,wieght,Notes,source\nhouse,inst.house,-1\n";
    let (lex, warnings) = parse_csv_warning("lex/t.csv", text.as_bytes()).unwrap();
    assert_eq!(
        lex.entries[0].weight, 1.0,
        "the misspelt column is not read"
    );
    let said: Vec<(Option<u64>, &str)> = warnings
        .iter()
        .map(|w| (w.record, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                Some(1),
                "column `wieght` (column 3) is not one slant reads and is ignored; did you mean \
                 `weight`?"
            ),
            (
                Some(1),
                "column `Notes` (column 4) is not one slant reads and is ignored; did you mean \
                 `note`?"
            ),
        ]
    );
    // A column slant does read, and one far from any, give no warning.
    let (_, warnings) =
        parse_csv_warning("lex/t.csv", b"term,category,weight,source\nhouse,x.y,-1\n").unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_file_with_cr_line_ends_loads_with_its_line_numbers() {
    // Excel for Mac's "CSV (Macintosh)": every line ends in a lone CR.
    let lex = parse("# name: study\rterm,category\r\rterrorist~,study.label\rhamas,study.actor\r");
    let got: Vec<(&str, u64)> = lex
        .entries
        .iter()
        .map(|e| (e.term.as_str(), e.line))
        .collect();
    assert_eq!(got, vec![("terrorist~", 4), ("hamas", 5)]);
    assert_eq!(lex.name, "study");
    assert_eq!(
        error("term,category\rx,a\ry,b..c\r"),
        "lex/test.csv:3:3: category `b..c` has an empty part between dots; write a dotted path \
         such as `label.terror`"
    );
}

#[test]
fn categories_differing_only_in_letter_case_are_an_error_naming_both_lines() {
    assert_eq!(
        error(
            "term,category\nterrorist~,label.terror\nmilitant~,label.militant\ngunm*,label.Terror\n"
        ),
        "lex/test.csv:4:7: category `label.Terror` differs only in letter case from \
         `label.terror` on line 2; categories are case-sensitive, so the two would be counted \
         apart: spell them alike"
    );
    assert_eq!(
        error("term,category\nterrorist~,label.terror\nmilitant~,\"x;Label.Militant\"\n"),
        "lex/test.csv:3:11: category `Label.Militant` starts with `Label`, which differs only \
         in letter case from `label` (in `label.terror`) on line 2; categories are \
         case-sensitive, so the two would be counted apart: spell them alike"
    );
    // One spelling used again, and parents spelt as their children are, are fine.
    let lex = parse("term,category\na,label.terror\nb,label\nc,label.terror;label.x\n");
    assert_eq!(lex.entries.len(), 3);
}

#[test]
fn a_term_pasted_with_no_break_spaces_is_words_and_is_trimmed() {
    let lex = parse("term,category\ngaza\u{A0}strip,place.gaza\nhamas\u{A0},actor.hamas\n");
    assert_eq!(
        lex.entries[0].words,
        vec![Exact("gaza".into()), Exact("strip".into())]
    );
    // Trimmed like any other white space around a field.
    assert_eq!(lex.entries[1].term, "hamas");
    assert_eq!(lex.entries[1].words, vec![Exact("hamas".into())]);
    assert_eq!(
        error("term,category\nx,a\u{A0}b\n"),
        "lex/test.csv:2:3: category `a\\u{00A0}b` contains '\\u{a0}'; use letters, digits, `_` \
         or `-` between the dots"
    );
}

#[test]
fn a_quoted_file_separated_by_semicolons_gets_the_semicolon_hint() {
    let err = parse_csv(
        "lex/test.csv",
        b"\xEF\xBB\xBF\"term\";\"category\";\"weight\"\r\n\"terrorist~\";\"label.t\";\"1\"\r\n",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "lex/test.csv:1:7: unexpected text after a closing quote: this line's fields are \
         separated by semicolons, but a lexicon's are separated by commas (a spreadsheet in a \
         German or French locale saves `;`: choose comma-separated CSV)"
    );
}
