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
            // The same term and category with the other case flag: a near-duplicate.
            warn(
                5,
                "`terrorist` repeats `terrorist` (line 2) with the other case setting (here \
                 `case=sensitive`, there not) in the same category `label.terror`: what the \
                 case-sensitive row matches, the other matches too, so one count is split \
                 between two rows (which terms.csv cannot tell apart: both have the same entry \
                 and category); keep one row, or give them different categories"
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
fn a_star_not_at_the_end_says_so() {
    let got = lints("*krise,x\nterror*ist,x\nkrise*,x\n");
    let star = |line, marked: &str| {
        warn(
            line,
            &format!(
                "`{marked}` in `{marked}` can never match: `*` is a wildcard only at the end of \
                 a word (`terror*`); slant has no leading or inner wildcard, so list the forms, \
                 or use a `re:` entry"
            ),
        )
    };
    assert_eq!(got, vec![star(2, "*krise"), star(3, "terror*ist")]);
}

#[test]
fn an_inflection_of_a_word_english_does_not_spell_is_questioned() {
    let got =
        lints("\u{431}\u{43E}\u{435}\u{432}\u{438}\u{43A}~,x\nr\u{E9}fugi\u{E9}~,x\nrefugee~,x\n");
    let english = |line, marked: &str| {
        warn(
            line,
            &format!(
                "`{marked}` in `{marked}`: `~` adds English inflections (-s, -ed, -ing, …), which \
                 this word's language may not have; list its forms, or use a trailing `*`"
            ),
        )
    };
    assert_eq!(
        got,
        vec![
            english(2, "\u{431}\u{43E}\u{435}\u{432}\u{438}\u{43A}~"),
            english(3, "r\u{E9}fugi\u{E9}~"),
        ]
    );
}

#[test]
fn words_that_fold_together_are_named_as_such() {
    let got = lints(
        "Ma\u{DF}e,m.measure\nMasse,m.mass\nkir,a\nk\u{131}r,b\nMa\u{DF}e,x,,,sensitive\nMasse,y,,,sensitive\n",
    );
    assert_eq!(
        got,
        vec![
            warn(
                3,
                "`Masse` and `Ma\u{DF}e` (line 2) are one word for matching once case is folded \
                 (`\u{DF}` is `ss`, `\u{131}` and `\u{130}` are `i`, …), so only one of them can \
                 win a match; if they are different words, mark both `case=sensitive`"
            ),
            warn(
                5,
                "`k\u{131}r` and `kir` (line 4) are one word for matching once case is folded \
                 (`\u{DF}` is `ss`, `\u{131}` and `\u{130}` are `i`, …), so only one of them can \
                 win a match; if they are different words, mark both `case=sensitive`"
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
fn cross_file_categories() {
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
    // Two lexicons named `a` are not a lint: the set refuses them (an error, `load.rs`).
    assert_eq!(
        got,
        vec![(
            "b.csv".to_string(),
            2,
            "category `label.terror` is also defined by lexicon `a` (a.csv:2); their counts \
             are summed"
                .to_string()
        )]
    );
}

#[test]
fn dashes_that_fold_to_a_hyphen_say_what_the_entry_matches() {
    let got = lints(
        "self\u{2013}made,x\nfar\u{2014}left*,x\nanti\u{2212}war~,x\n\
         far\u{2013}right party,x\nleft\u{2013}right\u{2014}center,x\n\
         pro\u{2012}life,x\nx\u{2015}y,x\np\u{FE63}q,x\nm\u{FF0D}n,x\n",
    );
    let dash = |line: u64, shown: &str, read: &str, what: &str, hyphened: &str, sep: &str| {
        warn(
            line,
            &format!(
                "{shown}: {read}, so this {what} matches `{hyphened}`, never {} as written \
                 ({sep})",
                shown.split(" in ").next().unwrap()
            ),
        )
    };
    assert_eq!(
        got,
        vec![
            dash(
                2,
                "`self\u{2013}made`",
                "the en dash is read as a hyphen",
                "entry",
                "self-made",
                "in text an en dash separates words"
            ),
            dash(
                3,
                "`far\u{2014}left*`",
                "the em dash is read as a hyphen",
                "entry",
                "far-left*",
                "in text an em dash separates words"
            ),
            dash(
                4,
                "`anti\u{2212}war~`",
                "the minus sign is read as a hyphen",
                "entry",
                "anti-war~",
                "in text a minus sign separates words"
            ),
            dash(
                5,
                "`far\u{2013}right` in `far\u{2013}right party`",
                "the en dash is read as a hyphen",
                "word",
                "far-right",
                "in text an en dash separates words"
            ),
            dash(
                6,
                "`left\u{2013}right\u{2014}center`",
                "the en dash and the em dash are read as hyphens",
                "entry",
                "left-right-center",
                "in text these separate words"
            ),
            dash(
                7,
                "`pro\u{2012}life`",
                "the figure dash is read as a hyphen",
                "entry",
                "pro-life",
                "in text a figure dash separates words"
            ),
            dash(
                8,
                "`x\u{2015}y`",
                "the horizontal bar is read as a hyphen",
                "entry",
                "x-y",
                "in text a horizontal bar separates words"
            ),
            dash(
                9,
                "`p\u{FE63}q`",
                "the small hyphen-minus is read as a hyphen",
                "entry",
                "p-q",
                "in text a small hyphen-minus separates words"
            ),
            dash(
                10,
                "`m\u{FF0D}n`",
                "the fullwidth hyphen-minus is read as a hyphen",
                "entry",
                "m-n",
                "in text a fullwidth hyphen-minus separates words"
            ),
        ]
    );
}

#[test]
fn true_hyphens_are_fine_and_a_dash_alone_still_never_matches() {
    // U+2010 and U+2011 join a compound in text as `-` does.
    assert!(lints("self\u{2010}made,x\nwell\u{2011}known,x\nhalf-baked,x\n").is_empty());
    // Read as a hyphen, `x\u{2013}` is still no word; nor is `x\u{2013}y!`.
    assert_eq!(
        lints("x\u{2013},x\nx\u{2013}y!,x\n"),
        vec![
            warn(
                2,
                "`x\u{2013}` in `x\u{2013}` can never match: it is not a single word under \
                 slant's tokenizer"
            ),
            warn(
                3,
                "`x\u{2013}y!` in `x\u{2013}y!` can never match: it is not a single word under \
                 slant's tokenizer"
            ),
        ]
    );
}

#[test]
fn a_category_beside_its_own_sub_category_counts_twice() {
    let lexicon = lex(
        "t.csv",
        "regime,a;a.b\njunta,c.x;c.y\ndespot,d.x;d;d.y\ntyrant,e;e.f;e.f.g\nab,a;ab.c\n",
    );
    // Not a `check` lint: the loader reports it (see `load/tests.rs`).
    assert!(check(&lexicon).is_empty());
    let got: Vec<_> = double_counts(&lexicon)
        .into_iter()
        .map(|l| (l.line, l.level, l.message))
        .collect();
    assert_eq!(
        got,
        vec![
            warn(
                2,
                "`regime` names both `a` and its sub-category `a.b`: a match counts twice in `a`"
            ),
            warn(
                4,
                "`despot` names both `d` and its sub-categories `d.x` and `d.y`: a match counts \
                 3 times in `d`"
            ),
            warn(
                5,
                "`tyrant` names both `e` and its sub-categories `e.f` and `e.f.g`: a match counts \
                 3 times in `e`"
            ),
            warn(
                5,
                "`tyrant` names both `e.f` and its sub-category `e.f.g`: a match counts twice in \
                 `e.f`"
            ),
        ]
    );
}

#[test]
fn words_differing_by_a_hyphen_against_a_space_overlap() {
    let got = lints(
        "peace-plan,x\npeace plan,x\nal qaeda*,y\nal-qaeda*,z\nhalf-baked~,w\nhalf baked~,w\n\
         peace-plan*,v\nal-qaeda,u\n",
    );
    let one = |line: u64, term: &str, first: &str, first_line: u64, what: &str| {
        warn(
            line,
            &format!(
                "`{term}` and `{first}` (line {first_line}) overlap: a space in an entry \
                 matches a space or a hyphen in text, so the spaced one matches every text the \
                 hyphenated one matches; {what}"
            ),
        )
    };
    let merge = "only one of them can win where both match, so merge them into one row, \
                 written with a space";
    assert_eq!(
        got,
        vec![
            one(
                3,
                "peace plan",
                "peace-plan",
                2,
                "remove the hyphenated one"
            ),
            one(5, "al-qaeda*", "al qaeda*", 4, merge),
            one(
                7,
                "half baked~",
                "half-baked~",
                6,
                "remove the hyphenated one"
            ),
        ]
    );
}

#[test]
fn the_other_case_flag_in_the_same_category_is_a_near_duplicate() {
    // Spelt differently, the rows can be told apart, but still split one count.
    let got = lints("hamas,actor.hamas\nHamas,actor.hamas;x,,,sensitive\n");
    assert_eq!(
        got,
        vec![warn(
            3,
            "`Hamas` repeats `hamas` (line 2) with the other case setting (here \
             `case=sensitive`, there not) in the same category `actor.hamas`: what the \
             case-sensitive row matches, the other matches too, so one count is split between \
             two rows; keep one row, or give them different categories"
        )]
    );
    // Other categories: a deliberate split (`May` the name, `may` the hedge); blockers too.
    assert!(
        lints("May,name.may,,,sensitive\nmay,hedge\nfighter jet,-,,,sensitive\nfighter jet,-\n")
            .is_empty()
    );
}

#[test]
fn weights_outside_word_choices_are_one_warning() {
    let lexicon = lex(
        "t.csv",
        "terrorist~,stance.israel,2\nmilitant~,stance.israel,-1\nfence,choice.b.fence,1\n\
         wall,choice.b.wall;stance.x,-1\nfine,stance.x,1\nx,-,0\n",
    );
    let got = unused_weights(&lexicon).unwrap();
    assert_eq!(
        (got.line, got.level, got.message.as_str()),
        (
            2,
            LintLevel::Warning,
            "`terrorist~` has weight 2 but no `choice.*` category, and so do 2 more entries \
             (lines 3, 7): weights act only in word-choice categories \
             (`choice.<concept>.<variant>`, for the slant metric); every other category is a \
             plain count, so these weights are ignored"
        )
    );
    let many: String = (0..8).map(|i| format!("w{i},x,3\n")).collect();
    let got = unused_weights(&lex("t.csv", &many)).unwrap();
    assert!(
        got.message.starts_with(
            "`w0` has weight 3 but no `choice.*` category, and so do 7 more entries \
                          (lines 3, 4, 5, 6, 7, …): "
        ),
        "{}",
        got.message
    );
    assert_eq!(
        unused_weights(&lex("t.csv", "a,x,1\nb,choice.c.d,-1\n")),
        None
    );
    // Not a lint of `check`: the loader reports it.
    assert!(check(&lexicon).is_empty());
}

#[test]
fn level_names() {
    assert_eq!(LintLevel::Warning.to_string(), "warning");
    assert_eq!(
        serde_json::to_string(&LintLevel::Error).unwrap(),
        "\"error\""
    );
}

#[test]
fn an_entry_that_another_entrys_inflections_already_match_is_questioned() {
    let got = lints(
        "fight~,conflict\nfought,conflict\ncronies,crony\ncrony~,crony\nunborn child~,x\n\
         unborn children,x\nstrike~ down,law\nstruck down,law,,,sensitive\nterror*,x\nterrorist,x\n",
    );
    assert_eq!(
        got,
        vec![
            warn(
                3,
                "every text `fought` matches, `fight~` (line 2) matches too (`~` gives a word's \
                 inflections, irregular ones included): only one of them can count such a text, \
                 so remove the listed form or merge the two rows"
            ),
            warn(
                5,
                "`crony~` and `cronies` (line 4) both match `cronies` (`~` gives a word's \
                 inflections, irregular ones included): only one of them can count such a text, \
                 so remove the listed form or merge the two rows"
            ),
            warn(
                7,
                "every text `unborn children` matches, `unborn child~` (line 6) matches too (`~` \
                 gives a word's inflections, irregular ones included): only one of them can count \
                 such a text, so remove the listed form or merge the two rows"
            ),
        ]
    );
}
