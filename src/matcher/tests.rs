//! Matcher tests on hand-built lexicons (the file parsers are tested in `lexicon`).

use super::*;
use crate::lexicon::{Entry, Lexicon, WordPattern};
use crate::text::analyze;

/// A lexicon from `(term, categories)` pairs; `*`, `~`, `re:` and a `!cs` suffix on the
/// category (case-sensitive) are understood. Categories `-` make a blocker.
fn lexicon(rows: &[(&str, &str)]) -> Lexicon {
    let entries = rows
        .iter()
        .enumerate()
        .map(|(i, &(term, cats))| {
            let (cats, cs) = match cats.strip_suffix("!cs") {
                Some(c) => (c, true),
                None => (cats, false),
            };
            let words = if let Some(rx) = term.strip_prefix("re:") {
                vec![WordPattern::Regex(rx.to_string())]
            } else {
                term.split_whitespace()
                    .map(|w| {
                        if let Some(s) = w.strip_suffix('*') {
                            WordPattern::Prefix(s.into())
                        } else if let Some(s) = w.strip_suffix('~') {
                            WordPattern::Inflected(s.into())
                        } else {
                            WordPattern::Exact(w.into())
                        }
                    })
                    .collect()
            };
            Entry {
                term: term.into(),
                words,
                categories: if cats == "-" {
                    vec![]
                } else {
                    vec![cats.into()]
                },
                weight: 1.0,
                alternatives: vec![],
                case_sensitive: cs,
                note: String::new(),
                line: i as u64 + 2,
            }
        })
        .collect();
    Lexicon {
        name: "t".into(),
        version: String::new(),
        description: String::new(),
        source: String::new(),
        license: String::new(),
        origin: "test".into(),
        sha256: String::new(),
        entries,
        bytes: std::sync::Arc::from([]),
    }
}

/// The matched texts with their entry terms: `"text=term"`.
fn matches(rows: &[(&str, &str)], text: &str) -> Vec<String> {
    let lex = lexicon(rows);
    let m = Matcher::new(std::slice::from_ref(&lex)).unwrap();
    let a = analyze(text);
    let mut out = Vec::new();
    m.find(&a, &mut Scratch::default(), &mut out);
    out.iter()
        .map(|m| {
            format!(
                "{}={}",
                &text[m.start as usize..m.end as usize],
                lex.entries[m.entry as usize].term
            )
        })
        .collect()
}

#[test]
fn phrase_beats_wildcard_and_exact_beats_wildcard() {
    let rows = [("terror*", "a"), ("terror group", "b"), ("terrorist", "c")];
    assert_eq!(
        matches(&rows, "The terror group and a terrorist and terrorism."),
        [
            "terror group=terror group",
            "terrorist=terrorist",
            "terrorism=terror*"
        ]
    );
}

#[test]
fn longer_stem_wins_among_wildcards_then_earlier_line() {
    let rows = [("terr*", "a"), ("terror*", "b")];
    assert_eq!(
        matches(&rows, "terrorists territory"),
        ["terrorists=terror*", "territory=terr*"]
    );
}

#[test]
fn wildcard_beats_regex_at_equal_length() {
    let rows = [("re:terror.*", "a"), ("terror*", "b")];
    assert_eq!(matches(&rows, "terrorism"), ["terrorism=terror*"]);
}

#[test]
fn possessives_match_the_bare_entry() {
    let rows = [("iran", "a"), ("it's", "b")];
    assert_eq!(
        matches(&rows, "Iran's army. Iran\u{2019}s leader. it's"),
        ["Iran's=iran", "Iran\u{2019}s=iran", "it's=it's"]
    );
}

#[test]
fn compounds_whole_or_by_parts() {
    let rows = [("israel", "a"), ("anti-israel", "b"), ("peace plan", "c")];
    assert_eq!(
        matches(&rows, "anti-Israel pro-Israel peace-plan"),
        [
            "anti-Israel=anti-israel",
            "Israel=israel",
            "peace-plan=peace plan"
        ]
    );
}

#[test]
fn a_wildcard_stands_for_the_rest_of_one_part() {
    // `israel*` takes the `Israel` of `Israel-Hamas` and leaves `Hamas` to its own entry,
    // whichever comes first in the compound; a stem that reaches past the hyphen takes the
    // whole compound.
    let rows = [("israel*", "a"), ("hamas", "b"), ("pro-*", "c")];
    assert_eq!(
        matches(
            &rows,
            "The Israel-Hamas war, the Hamas-Israel war, Israeli-Hamas talks."
        ),
        [
            "Israel=israel*",
            "Hamas=hamas",
            "Hamas=hamas",
            "Israel=israel*",
            "Israeli=israel*",
            "Hamas=hamas"
        ]
    );
    assert_eq!(
        matches(&rows, "pro-Israel and pro-Hamas rallies"),
        ["pro-Israel=pro-*", "pro-Hamas=pro-*"]
    );
}

#[test]
fn at_a_compound_the_longest_entry_wins_however_it_reads_it() {
    // A phrase over the parts beats a wildcard on the first part; so does a phrase that runs
    // on past the compound; at equal length an exact phrase beats a wildcard over the whole.
    let rows = [
        ("terror*", "a"),
        ("terror group", "b"),
        ("peace*", "c"),
        ("peace plan talks", "d"),
        ("pro-*", "e"),
        ("pro life", "f"),
    ];
    assert_eq!(
        matches(
            &rows,
            "The terror-group met. Peace-plan talks began. Terror-related arrests. A pro-life march."
        ),
        [
            "terror-group=terror group",
            "Peace-plan talks=peace plan talks",
            "Terror=terror*",
            "pro-life=pro life"
        ]
    );
}

#[test]
fn a_hyphenated_entry_matches_inside_longer_compounds_but_not_across_spaces() {
    let rows = [
        ("al-qaeda", "a"),
        ("f-16 fighter~", "b"),
        ("pro-lif*", "c"),
        ("democrat-led", "d"),
        ("u.s.-led", "e"),
    ];
    assert_eq!(
        matches(
            &rows,
            "An al-Qaeda cell, an al-Qaeda-linked group, anti-al-Qaeda forces. Al Qaeda denied \
             it. F-16 fighters and F 16 fighter jets. Pro life and pro-lifers. A Democrat-led \
             panel; the Democrat led the charge. A U.S.-led force."
        ),
        [
            "al-Qaeda=al-qaeda",
            "al-Qaeda=al-qaeda",
            "al-Qaeda=al-qaeda",
            "F-16 fighters=f-16 fighter~",
            "pro-lifers=pro-lif*",
            "Democrat-led=democrat-led",
            "U.S.-led=u.s.-led"
        ]
    );
}

#[test]
fn phrases_stop_at_sentence_ends_and_punctuation() {
    let rows = [("terror group", "a")];
    assert_eq!(
        matches(&rows, "It was terror. Group members left."),
        Vec::<String>::new()
    );
    assert_eq!(matches(&rows, "terror, group"), Vec::<String>::new());
    // A line wrap inside a paragraph (blank-line paragraphs) is white space.
    assert_eq!(
        matches(&rows, "terror\n  group\n\nEnd"),
        ["terror\n  group=terror group"]
    );
}

#[test]
fn case_sensitive_entries() {
    let rows = [("Hope", "a!cs"), ("AP", "b!cs")];
    assert_eq!(
        matches(&rows, "Hope said there is hope, AP and ap"),
        ["Hope=Hope", "AP=AP"]
    );
}

#[test]
fn blockers_claim_their_span() {
    let rows = [("mental", "a"), ("mental health", "-")];
    assert_eq!(
        matches(&rows, "mental health and mental strain"),
        ["mental=mental"]
    );
}

#[test]
fn inflections() {
    let rows = [("attack~", "a")];
    assert_eq!(
        matches(&rows, "attacks attacked attacking attack attacker"),
        [
            "attacks=attack~",
            "attacked=attack~",
            "attacking=attack~",
            "attack=attack~"
        ]
    );
}

#[test]
fn leftmost_then_non_overlapping() {
    let rows = [("peace plan", "a"), ("plan b", "b")];
    assert_eq!(
        matches(&rows, "the peace plan b"),
        ["peace plan=peace plan"]
    );
}

#[test]
fn regex_matches_whole_token_only() {
    let rows = [("re:jihadi(st)?s?", "a")];
    assert_eq!(
        matches(&rows, "jihadists jihadism Jihadi"),
        ["jihadists=re:jihadi(st)?s?", "Jihadi=re:jihadi(st)?s?"]
    );
}

#[test]
fn wildcard_phrase() {
    let rows = [("illegal alien*", "a")];
    assert_eq!(
        matches(&rows, "illegal aliens, illegal alienation"),
        [
            "illegal aliens=illegal alien*",
            "illegal alienation=illegal alien*"
        ]
    );
}

#[test]
fn short_stems_and_one_letter_words_pass_the_look_up_filters() {
    // A stem under three bytes turns the stem filter off; a one-letter word has no middle.
    let rows = [("ab*", "a"), ("x", "b"), ("abc", "c"), ("é*", "d")];
    assert_eq!(
        matches(&rows, "abcd abc x y ab éclat"),
        ["abcd=ab*", "abc=abc", "x=x", "ab=ab*", "éclat=é*"]
    );
    // Stems of three bytes or more: a key that shares no first three bytes is skipped,
    // one that does is walked, and a two-byte key never begins a stem.
    let rows = [("abc*", "a"), ("abd*", "b")];
    assert_eq!(
        matches(&rows, "abcd abdx abe ab abc"),
        ["abcd=abc*", "abdx=abd*", "abc=abc*"]
    );
}

#[test]
fn a_lexicon_skips_tokens_no_entry_of_it_starts_with() {
    // Two lexicons: each skips the other's words, and a compound is entered through any part.
    let a = lexicon(&[("peace plan", "a")]);
    let b = lexicon(&[("plan", "b"), ("israel", "c")]);
    let m = Matcher::new(&[a, b]).unwrap();
    let text = "the peace plan and anti-Israel plan";
    let an = analyze(text);
    let mut out = Vec::new();
    m.find(&an, &mut Scratch::default(), &mut out);
    let got: Vec<(u32, &str)> = out
        .iter()
        .map(|m| (m.lexicon, &text[m.start as usize..m.end as usize]))
        .collect();
    assert_eq!(
        got,
        [(0, "peace plan"), (1, "plan"), (1, "Israel"), (1, "plan")]
    );
}

/// `(start, end, entry)` of every match, for comparing runs.
fn spans(m: &Matcher, text: &str, ids: &mut Scratch) -> Vec<(u32, u32, u32)> {
    let mut out = Vec::new();
    m.find(&analyze(text), ids, &mut out);
    out.iter().map(|x| (x.start, x.end, x.entry)).collect()
}

#[test]
fn a_scratch_shared_by_two_matchers_finds_what_a_fresh_one_finds() {
    // Two matchers share one scratch, as the lexicons and `--targets` do in a workspace:
    // nothing one leaves in it may change what the other finds.
    let labels = Matcher::new(&[lexicon(&[
        ("terror*", "label.terror"),
        ("militant~", "label.militant"),
        ("Hamas", "actor!cs"),
    ])])
    .unwrap();
    let actors = Matcher::new(&[lexicon(&[
        ("hamas", "actor.hamas"),
        ("police", "actor.police"),
        ("terror group", "label.group"),
    ])])
    .unwrap();
    let texts = [
        "Hamas militants and a terror group; the police said terrorists fled.",
        "HAMAS's terror group met police. Militant's terrorism, hamas.",
        "Nothing here.",
    ];
    let mut shared = Scratch::default();
    for _ in 0..2 {
        for text in texts {
            for m in [&labels, &actors] {
                let fresh = spans(m, text, &mut Scratch::default());
                assert_eq!(spans(m, text, &mut shared), fresh, "{text}");
            }
        }
    }
    assert_eq!(
        spans(&labels, texts[0], &mut shared),
        [(0, 5, 2), (6, 15, 1), (22, 28, 0), (52, 62, 0)]
    );
    assert_eq!(
        spans(&actors, texts[0], &mut shared),
        [(0, 5, 0), (22, 34, 2), (40, 46, 1)]
    );
}

#[test]
fn long_texts_are_looked_up_a_block_of_sentences_at_a_time_with_the_same_matches() {
    // A text longer than a block is looked up a few sentences at a time: compounds (and
    // their parts) in later blocks, a phrase that would run across a sentence end, and two
    // lexicons whose matches must still come lexicon by lexicon, each in reading order.
    let a = lexicon(&[("peace plan", "a"), ("pro-hamas", "a")]);
    let b = lexicon(&[("israel", "b"), ("hamas", "b"), ("plan", "b")]);
    let m = Matcher::new(&[a, b]).unwrap();
    let text = "An anti-Israel peace. Plan the pro-Hamas peace plan. Then anti-Israel, \
                pro-Israel-Hamas plan. Israel.";
    let an = analyze(text);
    assert_eq!(an.sentences.len(), 4);
    let expected = [
        (0, "pro-Hamas"),
        (0, "peace plan"),
        (1, "Israel"),
        (1, "Plan"),
        (1, "Hamas"),
        (1, "plan"),
        (1, "Israel"),
        (1, "Israel"),
        (1, "Hamas"),
        (1, "plan"),
        (1, "Israel"),
    ];
    let mut scratch = Scratch::default();
    // From one sentence a block (a block is never less) to the whole text in one.
    for block in [1, 2, 3, 5, 8, 13, 1 << 14] {
        let mut out = Vec::new();
        m.find_in_blocks(&an, &mut scratch, &mut out, block);
        let got: Vec<(u32, &str)> = out
            .iter()
            .map(|m| (m.lexicon, &text[m.start as usize..m.end as usize]))
            .collect();
        assert_eq!(got, expected, "block of {block} tokens");
    }
}
