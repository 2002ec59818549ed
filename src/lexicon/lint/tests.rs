use super::*;
use crate::lexicon::parse_csv;

fn lex(origin: &str, rows: &str) -> Lexicon {
    parse_csv(
        origin,
        format!("term,category,weight,alternative,case,note\n{rows}").as_bytes(),
    )
    .unwrap()
}

fn lints(rows: &str) -> Vec<(u64, LintLevel, String)> {
    check(&lex("t.csv", rows))
        .into_iter()
        .map(|l| (l.line, l.level, l.message))
        .collect()
}

fn warn(line: u64, message: &str) -> (u64, LintLevel, String) {
    (line, LintLevel::Warning, message.to_string())
}

#[test]
fn duplicates_name_the_first_line() {
    let got = lints(
        "terrorist,label.terror\nTerrorist,label.terror\nterrorist,label.x\n\
         terrorist,label.terror,,,sensitive\nterror*,x\nterror,x\nterror  group,x\n\
         terror group,x\nre:ab,x\nre:AB,x\n",
    );
    assert_eq!(
        got,
        vec![
            warn(3, "`Terrorist` duplicates line 2; remove one of them"),
            warn(
                4,
                "`terrorist` duplicates line 2 with other categories or weight; only one of them \
                 can win a match, so merge them into one row"
            ),
            warn(9, "`terror group` duplicates line 8; remove one of them"),
        ]
    );
}

#[test]
fn words_that_can_never_match() {
    let got = lints("don't!,x\n$$,x\nab$*,x\nx!~,x\nnot so-called $$,x\nfine*,x\n");
    assert_eq!(
        got,
        vec![
            warn(
                2,
                "`don't!` in `don't!` can never match: it is not a single word under slant's \
                 tokenizer"
            ),
            warn(
                3,
                "`$$` in `$$` can never match: it is not a single word under slant's tokenizer"
            ),
            warn(
                4,
                "`ab$*` in `ab$*` can never match: words starting with it are not a single word \
                 under slant's tokenizer"
            ),
            warn(
                5,
                "`x!~` in `x!~` can never match: its base is not a single word under slant's \
                 tokenizer"
            ),
            warn(
                6,
                "`$$` in `not so-called $$` can never match: it is not a single word under \
                 slant's tokenizer"
            ),
        ]
    );
}

#[test]
fn regexes_matching_the_empty_string() {
    let got = lints("re:(jihad)?,x\nre:jihad(i|ist)s?,x\nre:a|,x\n");
    assert_eq!(
        got,
        vec![
            warn(
                2,
                "`re:(jihad)?` matches the empty string, so some part of it is optional that \
                 should not be"
            ),
            warn(
                4,
                "`re:a|` matches the empty string, so some part of it is optional that should \
                 not be"
            ),
        ]
    );
}

#[test]
fn blockers_and_roll_up_categories_are_fine() {
    assert!(lints("mental health,-\nmental,x\nlabel,label\nterrorist,label.terror\n").is_empty());
}

#[test]
fn broken_entries_built_in_code_are_errors() {
    let mut lexicon = lex("t.csv", "a,x\nb,x\n");
    lexicon.entries[0].words.clear();
    lexicon.entries[1].words = vec![WordPattern::Regex("(".into())];
    let got: Vec<_> = check(&lexicon)
        .into_iter()
        .map(|l| (l.line, l.level, l.message))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, LintLevel::Error, "`a` has no words".to_string()),
            (
                3,
                LintLevel::Error,
                "invalid regular expression `(`: unclosed group".to_string()
            ),
        ]
    );
}

#[test]
fn cross_file_categories_and_names() {
    let a = lex("a.csv", "terrorist,label.terror\nregime,label.regime\n");
    let b = lex(
        "b.csv",
        "terror group,label.terror;label.group\nterror cell,label.terror\n",
    );
    let c = lex("x/a.csv", "mob,label.mob\nmob,label.mob\n");
    assert_eq!(
        check(&c).len(),
        1,
        "a per-file duplicate, which check_all leaves to check"
    );
    let got: Vec<(String, u64, String)> = check_all(&[a, b, c])
        .into_iter()
        .map(|(origin, l)| {
            assert_eq!(l.level, LintLevel::Warning);
            (origin, l.line, l.message)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "b.csv".to_string(),
                2,
                "category `label.terror` is also defined by lexicon `a` (a.csv:2); their counts \
                 are summed"
                    .to_string()
            ),
            (
                "x/a.csv".to_string(),
                0,
                "lexicon name `a` is also used by a.csv; rename one (`# name:`) so reports and \
                 `slant lexicon show` can tell them apart"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn level_names() {
    assert_eq!(LintLevel::Warning.to_string(), "warning");
    assert_eq!(
        serde_json::to_string(&LintLevel::Error).unwrap(),
        "\"error\""
    );
}
