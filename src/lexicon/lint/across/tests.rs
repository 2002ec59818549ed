//! Findings across lexicons: word-choice concepts two lexicons code, and categories that
//! differ only in letter case. (A category two lexicons define: `lint/tests.rs`.)

use super::*;
use crate::lexicon::parse_csv;

fn lex(origin: &str, rows: &str) -> Lexicon {
    parse_csv(origin, format!("term,category,weight\n{rows}").as_bytes()).unwrap()
}

fn findings(lexicons: &[Lexicon]) -> Vec<(String, u64, String)> {
    check_all(lexicons)
        .into_iter()
        .map(|(origin, l)| (origin, l.line, l.message))
        .collect()
}

#[test]
fn a_concept_two_lexicons_code_is_one_warning_with_the_way_out() {
    let builtin = lex(
        "builtin:choices.csv",
        "security fence,choice.barrier.security_fence,1\nwall,choice.barrier.wall,-1\n\
         death tax,choice.estate_tax.death_tax,1\n",
    );
    let mine = lex(
        "mb.csv",
        "separation wall,choice.barrier.wall,-1\nfence,choice.barrier.fence,1\n\
         levy,choice.levy.levy,1\n",
    );
    let theirs = lex("other.csv", "levy,choice.levy.tax,1\n");
    let got = findings(&[builtin, mine, theirs]);
    let told = |origin: &str, line, lex: &str, concept: &str, other: &str, at: &str, hint: &str| {
        (
            origin.to_string(),
            line,
            format!(
                "lexicon `{lex}` codes variants of the word-choice concept `{concept}` \
                 (`choice.{concept}.*`), which lexicon `{other}` codes too ({at}): each lexicon \
                 finds its own matches, so one mention can count in both (the same words, or a \
                 shorter entry of one inside a longer entry of the other), and the concept's \
                 total in choices.csv and the slant metric count it twice; {hint}, or give your \
                 concept a name of its own (its totals then stay apart, though slant still sums \
                 the coded matches of every lexicon)"
            ),
        )
    };
    // One warning per lexicon and concept, and none for `choice.barrier.wall` on its own.
    assert_eq!(
        got,
        vec![
            told(
                "mb.csv",
                2,
                "mb",
                "barrier",
                "choices",
                "builtin:choices.csv:2",
                "to add variants to a built-in concept, add your rows to a copy of the built-in \
                 file (`lexicons/choices.csv`) and load it with --no-default-lexicons"
            ),
            told(
                "other.csv",
                2,
                "other",
                "levy",
                "mb",
                "mb.csv:4",
                "put all the variants of a concept in one lexicon"
            ),
        ]
    );
}

#[test]
fn categories_differing_only_in_case_from_another_lexicons_are_named() {
    let builtin = lex(
        "builtin:loaded.csv",
        "terrorist,label.terror,1\nmob,label.mob,1\n",
    );
    let mine = lex("mine.csv", "gunm*,label.Terror,1\nx,label.mob,1\n");
    let caps = lex(
        "caps.csv",
        "militant~,Label.Militant,1\nthug,Label.thug,1\n",
    );
    let got = findings(&[builtin, mine, caps]);
    assert_eq!(
        got,
        vec![
            (
                "mine.csv".to_string(),
                2,
                "category `label.Terror` differs only in letter case from `label.terror` of \
                 lexicon `loaded` (builtin:loaded.csv:2); categories are case-sensitive, so the \
                 two are counted apart: spell them alike"
                    .to_string()
            ),
            (
                "mine.csv".to_string(),
                3,
                "category `label.mob` is also defined by lexicon `loaded` \
                 (builtin:loaded.csv:3); their counts are summed"
                    .to_string()
            ),
            // `Label.thug` starts with the same `Label`: said once.
            (
                "caps.csv".to_string(),
                2,
                "category `Label.Militant` starts with `Label`, which differs only in letter \
                 case from `label` (in `label.terror`) of lexicon `loaded` \
                 (builtin:loaded.csv:2); categories are case-sensitive, so the two are counted \
                 apart: spell them alike"
                    .to_string()
            ),
        ]
    );
}
