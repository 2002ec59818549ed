//! Word lints: hyphenated words read part by part, `re:` patterns that need white space,
//! and invisible characters in terms and messages.

use super::*;
use crate::lexicon::lint::check;
use crate::lexicon::{Lexicon, parse_csv};

fn lints(rows: &str) -> Vec<(u64, String)> {
    let lex: Lexicon = parse_csv("t.csv", format!("term,category\n{rows}").as_bytes()).unwrap();
    check(&lex)
        .into_iter()
        .map(|l| {
            assert_eq!(l.level, LintLevel::Warning);
            (l.line, l.message)
        })
        .collect()
}

#[test]
fn a_hyphenated_word_must_be_one_compound_of_the_text() {
    // `U.S.-led` is one compound of the text (an initialism's part, then `led`).
    assert!(lints("al-qaeda*,c\npeace-plan~,d\nself-made,e\nu.s.-led,f\n").is_empty());
    // A part that is no word, or an empty part, never matches.
    let never = |line: u64, term: &str| {
        (
            line,
            format!(
                "`{term}` in `{term}` can never match: it is not a single word under slant's \
                 tokenizer"
            ),
        )
    };
    assert_eq!(
        lints("co-op.,a\nx--y,b\n-x,c\n"),
        vec![never(2, "co-op."), never(3, "x--y"), never(4, "-x")]
    );
}

#[test]
fn regexes_that_need_white_space_are_named() {
    let got = lints(
        "re:gaza strip,a\nre:west\\s+bank,b\n\"re:a\u{A0}b\",c\nre:(?x) a\\ b,d\n\
         re:(?x) jihad (i|ist) s?,e\nre:[\\s]x,f\nre:x[ ]?y,g\nre:a\\\\sb,h\nre:\\S+,i\n",
    );
    let rule = |line: u64, pattern: &str, what: &str| {
        (
            line,
            format!(
                "`re:{pattern}` has {what} outside `[…]`, but a `re:` entry is matched against \
                 one word, which never holds white space, so what needs it can never match; for \
                 words in a row write a phrase entry (a word of a phrase may end in `*` or `~`), \
                 or keep the pattern within one word (`\\S`, not `\\s`)"
            ),
        )
    };
    assert_eq!(
        got,
        vec![
            rule(2, "gaza strip", "a space"),
            rule(3, "west\\s+bank", "`\\s`"),
            rule(4, "a\\u{00A0}b", "white space (U+00A0)"),
            // Extended mode ignores bare white space, not an escaped space.
            rule(5, "(?x) a\\ b", "a space"),
        ]
    );
}

#[test]
fn needs_space_reads_classes_escapes_and_flags() {
    assert_eq!(needs_space("a b"), Some("a space".into()));
    assert_eq!(needs_space("[]a ]b"), None);
    assert_eq!(needs_space("[^] ]b"), None);
    assert_eq!(needs_space("[[:alpha:] ]x"), None);
    assert_eq!(needs_space("[a[ b]]c d"), Some("a space".into()));
    assert_eq!(needs_space("(?i)a\\sb"), Some("`\\s`".into()));
    assert_eq!(needs_space("(?ix)a b"), None);
    assert_eq!(needs_space("(?i-x)a b"), Some("a space".into()));
    assert_eq!(needs_space("(?x)a#\\s comment\n\\s"), Some("`\\s`".into()));
    assert_eq!(needs_space("(?x)a# \\s\nb"), None);
    assert_eq!(needs_space("a\\\\s"), None);
    assert_eq!(needs_space("a\\"), None);
}

#[test]
fn invisible_characters_neither_warn_nor_hide_in_messages() {
    // Dropped from the word as text drops them: `israel` with a left-to-right mark matches.
    assert!(lints("israel\u{200E},a\nterror\u{AD}ist,b\n").is_empty());
    // What is shown of a term escapes them and any white space but the space.
    assert_eq!(
        lints("don't!\u{A0}x\u{200E},a\n"),
        vec![(
            2,
            "`don't!` in `don't!\\u{00A0}x\\u{200E}` can never match: it is not a single word \
             under slant's tokenizer"
                .to_string()
        )]
    );
}
