use super::*;
use crate::lexicon::WordPattern::*;

fn error(text: &str) -> String {
    let err = parse_dic("d/x.dic", text.as_bytes()).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    err.to_string()
}

#[test]
fn tolerant_reading_of_a_liwc2007_style_file() {
    let text = "\u{feff}%\r\n1 funct\r\n02\tposemo \r\n  3   place  \r\n%\r\n\r\n\
                middle east 3 2\r\nhappi*\t2\r\nlike\t02 134/125 (02 134)126 253/464\r\n\
                kind\t<of>131/125\r\nHappi* 1 \r\ncovid 19\t3\r\n";
    let (lex, warnings) = parse_dic("d/LIWC2007.dic", text.as_bytes()).unwrap();
    assert_eq!(lex.name, "LIWC2007");
    assert_eq!(lex.origin, "d/LIWC2007.dic");
    let got: Vec<(&str, &[String], u64)> = lex
        .entries
        .iter()
        .map(|e| (e.term.as_str(), &e.categories[..], e.line))
        .collect();
    let cats = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            ("middle east", &cats(&["place", "posemo"])[..], 7),
            ("happi*", &cats(&["posemo", "funct"])[..], 8),
            ("like", &cats(&["posemo"])[..], 9),
            ("covid 19", &cats(&["place"])[..], 12),
        ]
    );
    assert_eq!(
        lex.entries[0].words,
        vec![Exact("middle".into()), Exact("east".into())]
    );
    assert_eq!(lex.entries[1].words, vec![Prefix("happi".into())]);
    assert!(
        lex.entries
            .iter()
            .all(|e| e.weight == 1.0 && !e.case_sensitive)
    );
    let warnings: Vec<(Option<u64>, &str)> = warnings
        .iter()
        .map(|w| (w.record, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            (
                Some(9),
                "5 conditional category assignments (LIWC2007 `<of>`/`(…)` forms) were ignored; \
                 plain categories on those lines were kept; 1 entry with only conditional \
                 categories was left out"
            ),
            (
                Some(11),
                "`Happi*` is listed again (first on line 8, as `happi*`); its categories were \
                 merged"
            ),
        ]
    );
}

#[test]
fn one_conditional_form() {
    let (lex, warnings) = parse_dic("x.dic", b"%\n1 a\n%\nkind\t1 <of>1/1\n").unwrap();
    assert_eq!(lex.entries.len(), 1);
    assert_eq!(
        warnings[0].message,
        "1 conditional category assignment (LIWC2007 `<of>`/`(…)` forms) was ignored; plain \
         categories on those lines were kept"
    );
}

#[test]
fn undeclared_or_malformed_ids() {
    assert_eq!(
        error("%\n1 a\n%\nword\t1 7\n"),
        "d/x.dic:4:8: category id `7` is not declared between the `%` lines"
    );
    assert_eq!(
        error("%\n1 a\n%\nword\tx 1\n"),
        "d/x.dic:4:6: `x` is not a category id (a number declared between the `%` lines)"
    );
    assert_eq!(
        error("%\n1 a\n01 b\n%\n"),
        "d/x.dic:3:1: category id 01 is declared twice (first on line 2)"
    );
    assert_eq!(
        error("%\nA a\n%\n"),
        "d/x.dic:2:1: category id `A` is not a number"
    );
    assert_eq!(error("%\n1\n%\n"), "d/x.dic:2:1: category 1 has no name");
}

#[test]
fn entries_without_ids() {
    assert_eq!(
        error("%\n1 a\n%\nlonely \n"),
        "d/x.dic:4:1: entry `lonely` has no category ids; add the ids of its categories"
    );
}

#[test]
fn block_structure() {
    assert_eq!(
        error("\n1 a\n"),
        "d/x.dic:2:1: a LIWC dictionary starts with a `%` line that opens its category block"
    );
    assert_eq!(
        error("\n%\n1 a\n"),
        "d/x.dic:2:1: the category block opened here is never closed by a second `%` line"
    );
    assert_eq!(
        error(""),
        "d/x.dic: not a LIWC dictionary: there is no `%` line opening a category block"
    );
    assert_eq!(
        error("%\n1 social processes\n%\n"),
        "d/x.dic:2:3: category `social processes` contains ' '; use letters, digits, `_` or \
         `-` between the dots (rename it in the dictionary)"
    );
    assert_eq!(
        error("%\n1 a\n%\n* 1\n"),
        "d/x.dic:4:1: `*` must end a word (as in `terror*`); a bare `*` in `*` would match \
         every word"
    );
}

#[test]
fn empty_entry_block_is_an_empty_lexicon() {
    let (lex, warnings) = parse_dic("x.dic", b"%\n1 a\n%\n").unwrap();
    assert!(lex.entries.is_empty() && warnings.is_empty());
}

#[test]
fn a_category_left_without_entries_is_named() {
    // `hedge` is assigned only conditionally; `spare` is never assigned at all.
    let text = "%\n1\tviolence\n2\thedge\n3\tspare\n%\nterror*\t1\nkind\t<of>2\n";
    let (lex, warnings) = parse_dic("d/study.dic", text.as_bytes()).unwrap();
    assert_eq!(lex.entries.len(), 1);
    let said: Vec<(Option<u64>, &str)> = warnings
        .iter()
        .map(|w| (w.record, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        vec![
            (
                Some(7),
                "1 conditional category assignment (LIWC2007 `<of>`/`(…)` forms) was ignored; \
                 plain categories on those lines were kept; 1 entry with only conditional \
                 categories was left out"
            ),
            (
                Some(3),
                "category `hedge` has no entries left (it was assigned only in conditional \
                 forms, which slant drops), so it counts nothing and will have no columns in \
                 the reports"
            ),
            (
                Some(4),
                "category `spare` has no entries, so it counts nothing and will have no columns \
                 in the reports"
            ),
        ]
    );
}

#[test]
fn cr_line_ends_and_any_white_space() {
    // Classic Mac OS line ends; a no-break space between the term and its id.
    let text = "%\r1 a\r2 b\r%\rterror*\u{A0}1\rgaza\u{A0}strip\t2\r";
    let (lex, warnings) = parse_dic("d/x.dic", text.as_bytes()).unwrap();
    let got: Vec<(&str, u64)> = lex
        .entries
        .iter()
        .map(|e| (e.term.as_str(), e.line))
        .collect();
    // The term is its words, as in a line that separates them with spaces.
    assert_eq!(got, vec![("terror*", 5), ("gaza strip", 6)]);
    assert_eq!(
        lex.entries[1].words,
        vec![Exact("gaza".into()), Exact("strip".into())]
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        error("%\r1 a\r%\rx 7\r"),
        "d/x.dic:4:3: category id `7` is not declared between the `%` lines"
    );
}

#[test]
fn category_names_differing_only_in_letter_case_are_an_error() {
    assert_eq!(
        error("%\n1 Social\n2 social\n%\n"),
        "d/x.dic:3:3: category `social` differs only in letter case from `Social` on line 2; \
         categories are case-sensitive, so the two would be counted apart: spell them alike \
         (rename it in the dictionary)"
    );
}
