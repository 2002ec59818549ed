//! Writing a lexicon: the mistakes an author makes in a spreadsheet or editor, and what
//! `slant lexicon check` and a run's `run.json` say about each (letter case in categories,
//! classic Mac line ends, empty lexicons, extending a built-in word choice, weights outside
//! word choices, `re:` with white space, the reserved `device`, pasted invisible characters,
//! case-flag near-duplicates, LIWC categories left empty, quoted semicolon files, hyphens).

use predicates::prelude::*;

use crate::util::{Table, Workdir};

/// The messages of `run.json`'s warnings, each as `file:record: message`.
fn run_warnings(w: &Workdir, out: &str) -> Vec<String> {
    let run: serde_json::Value = serde_json::from_str(&w.read(&format!("{out}/run.json"))).unwrap();
    run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let at = x["record"]
                .as_u64()
                .map(|r| format!(":{r}"))
                .unwrap_or_default();
            format!(
                "{}{at}: {}",
                x["file"].as_str().unwrap(),
                x["message"].as_str().unwrap()
            )
        })
        .collect()
}

const ARTICLE: &str = "{\"id\":\"1\",\"outlet\":\"A\",\"text\":\"Terrorists left the Gaza Strip \
                       for Israel. Hamas said. Israel calls it the security fence. Palestinians \
                       call it the separation wall.\"}\n";

#[test]
fn categories_differing_only_in_letter_case_are_refused_in_a_file() {
    let w = Workdir::new();
    w.write(
        "mine.csv",
        "term,category\nterrorist~,label.terror\nmilitant~,Label.Militant\n",
    );
    let error = "mine.csv:3:11: category `Label.Militant` starts with `Label`, which differs only \
                 in letter case from `label` (in `label.terror`) on line 2; categories are \
                 case-sensitive, so the two would be counted apart: spell them alike";
    w.lexicon_check("mine.csv").code(1).stdout(format!(
        "{}\nchecked 1 lexicon, 0 entries: 1 error, 0 warnings\n",
        error.replacen(": ", ": error: ", 1)
    ));
    w.write("t.jsonl", ARTICLE);
    w.score(&["t.jsonl"], "mine.csv")
        .arg("-q")
        .assert()
        .code(2)
        .stderr(format!("slant: error: {error}\n"));
}

#[test]
fn a_category_differing_in_case_from_a_built_in_one_is_a_warning_of_check_and_run() {
    let w = Workdir::new();
    w.write("mine.csv", "term,category\ngunm*,label.Terror\n");
    w.write("t.jsonl", ARTICLE);
    let warning = "mine.csv:2: category `label.Terror` differs only in letter case from \
                   `label.terror` of lexicon `loaded` (builtin:loaded.csv:12); categories are \
                   case-sensitive, so the two are counted apart: spell them alike";
    w.slant()
        .args(["lexicon", "check", "--lexicon", "mine.csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "{}\n",
            warning.replacen(": ", ": warning: ", 1)
        )));
    w.slant()
        .args([
            "score",
            "t.jsonl",
            "--lexicon",
            "mine.csv",
            "--out",
            "out",
            "-q",
        ])
        .assert()
        .success();
    assert_eq!(run_warnings(&w, "out"), [warning]);
}

#[test]
fn a_file_with_classic_mac_line_ends_loads_and_an_empty_one_warns() {
    let w = Workdir::new();
    w.write(
        "study.csv",
        "term,category,weight,alternative,case,note\rterrorist~,study.label,1,,,\r\
         gunm*,study.label,1,,,\rhamas,study.actor,1,,,\r",
    );
    w.lexicon_check("study.csv")
        .success()
        .stdout("checked 1 lexicon, 3 entries: 0 errors, 0 warnings\n");
    // An error in such a file names its line.
    w.write("bad.csv", "term,category\rx,a\ry,a..b\r");
    w.lexicon_check("bad.csv")
        .code(1)
        .stdout(predicate::str::starts_with(
            "bad.csv:3:3: error: category `a..b` has an empty part between dots",
        ));
    w.write("t.jsonl", ARTICLE);
    w.score_ok(&["t.jsonl"], "study.csv", &[]);
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("study.label.n"), ["1"]);
    assert_eq!(articles.column("study.actor.n"), ["1"]);

    w.write("empty.csv", "# name: empty\nterm,category\n");
    let warning = "empty.csv: lexicon `empty` has no entries, so it counts nothing and adds no \
                   columns to the reports";
    w.lexicon_check("empty.csv").success().stdout(format!(
        "{}\nchecked 1 lexicon, 0 entries: 0 errors, 1 warning\n",
        warning.replacen(": ", ": warning: ", 1)
    ));
    w.score(&["t.jsonl"], "empty.csv")
        .args(["--lexicon", "study.csv", "-q"])
        .assert()
        .success();
    assert_eq!(run_warnings(&w, "out"), [warning]);
}

#[test]
fn extending_a_built_in_word_choice_warns_of_the_double_count() {
    let w = Workdir::new();
    w.write(
        "mb.csv",
        "# name: mybarrier\nterm,category,weight\nseparation wall,choice.barrier.wall,-1\n\
         fence,choice.barrier.fence,1\nterrorist~,label.terror,1\n",
    );
    w.write("t.jsonl", ARTICLE);
    let concept = "mb.csv:3: lexicon `mybarrier` codes variants of the word-choice concept \
                   `barrier` (`choice.barrier.*`), which lexicon `choices` codes too \
                   (builtin:choices.csv:";
    let twice = "mb.csv:5: category `label.terror` is also defined by lexicon `loaded` \
                 (builtin:loaded.csv:12); their counts are summed";
    w.slant()
        .args(["lexicon", "check", "--lexicon", "mb.csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(concept.replacen(
            ": ",
            ": warning: ",
            1,
        )))
        .stdout(predicate::str::contains(format!(
            "\n{}\n",
            twice.replacen(": ", ": warning: ", 1)
        )))
        .stdout(predicate::str::ends_with(": 0 errors, 2 warnings\n"));
    w.slant()
        .args([
            "score",
            "t.jsonl",
            "--lexicon",
            "mb.csv",
            "--out",
            "out",
            "-q",
        ])
        .assert()
        .success();
    let said = run_warnings(&w, "out");
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].starts_with(concept), "{}", said[0]);
    assert!(
        said[0].contains("--no-default-lexicons"),
        "the way out: {}",
        said[0]
    );
    assert_eq!(said[1], twice);
}

#[test]
fn weights_outside_word_choices_warn_in_check_and_run() {
    let w = Workdir::new();
    w.write(
        "stance.csv",
        "# name: stance\nterm,category,weight\nterrorist~,stance.israel,2\n\
         hamas,stance.israel,-1\nfence,choice.b.fence,-1\n",
    );
    let warning = "stance.csv:3: `terrorist~` has weight 2 but no `choice.*` category, and so does \
                   1 more entry (line 4): weights act only in word-choice categories \
                   (`choice.<concept>.<variant>`, for the slant metric); every other category \
                   is a plain count, so these weights are ignored";
    w.lexicon_check("stance.csv").success().stdout(format!(
        "{}\nchecked 1 lexicon, 3 entries: 0 errors, 1 warning\n",
        warning.replacen(": ", ": warning: ", 1)
    ));
    w.write("t.jsonl", ARTICLE);
    w.score_ok(&["t.jsonl"], "stance.csv", &[]);
    assert_eq!(run_warnings(&w, "out"), [warning]);
}

#[test]
fn regexes_and_hyphens_in_check() {
    let w = Workdir::new();
    w.write(
        "rx.csv",
        "term,category\nre:gaza strip,place.gaza\nre:west\\s+bank,place.wb\nre:jihad\\S*,x\n\
         peace-plan,y\npeace plan,y\nu.s.-led,z\n",
    );
    w.lexicon_check("rx.csv")
        .success()
        .stdout(predicate::str::contains(
            "rx.csv:2: warning: `re:gaza strip` has a space outside `[…]`, but a `re:` entry is \
             matched against one word, which never holds white space, so what needs it can \
             never match; for words in a row write a phrase entry",
        ))
        .stdout(predicate::str::contains(
            "rx.csv:3: warning: `re:west\\s+bank` has `\\s` outside `[…]`",
        ))
        .stdout(predicate::str::contains(
            "rx.csv:6: warning: `peace plan` and `peace-plan` (line 5) overlap: a space in an \
             entry matches a space or a hyphen in text",
        ))
        // `U.S.-led` is one compound of the text, so `u.s.-led` can match.
        .stdout(predicate::str::ends_with(
            "checked 1 lexicon, 6 entries: 0 errors, 3 warnings\n",
        ));
}

#[test]
fn the_name_and_categories_of_devices_are_reserved() {
    let w = Workdir::new();
    w.write("device.csv", "term,category\nterrorist~,label.terror\n");
    w.write(
        "mine.csv",
        "# name: mine\nterm,category\nterrorist~,device.scare_quote\n",
    );
    w.write("t.jsonl", ARTICLE);
    let named = "device.csv: the lexicon name `device` is reserved: the reports use `device` for \
                 slant's own rows (scare quotes, quotations after a distancing marker); name the \
                 lexicon otherwise with a `# name:` line";
    let category = "mine.csv:3: category `device.scare_quote` is reserved: `device` and \
                    `device.*` count slant's own scare quotes and quotations after a distancing \
                    marker, and this lexicon's matches would be added to them; choose another \
                    name";
    for (file, error) in [("device.csv", named), ("mine.csv", category)] {
        w.lexicon_check(file)
            .code(1)
            .stdout(predicate::str::starts_with(error.replacen(
                ": ",
                ": error: ",
                1,
            )));
        w.score(&["t.jsonl"], file)
            .arg("-q")
            .assert()
            .code(2)
            .stderr(format!("slant: error: {error}\n"));
    }
}

#[test]
fn pasted_invisible_characters_match_and_are_shown_escaped() {
    let w = Workdir::new();
    // A no-break space inside and after a term, a left-to-right mark after one.
    w.write(
        "pasted.csv",
        "term,category\ngaza\u{A0}strip,place.gaza\nhamas\u{A0},actor.hamas\n\
         israel\u{200E},actor.israel\nsaid!\u{A0}it,x\n",
    );
    w.lexicon_check("pasted.csv").success().stdout(
        "pasted.csv:5: warning: `said!` in `said!\\u{00A0}it` can never match: it is not a \
         single word under slant's tokenizer\n\
         checked 1 lexicon, 4 entries: 0 errors, 1 warning\n",
    );
    w.write("t.jsonl", ARTICLE);
    w.score_ok(&["t.jsonl"], "pasted.csv", &[]);
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("place.gaza.n"), ["1"]);
    assert_eq!(articles.column("actor.hamas.n"), ["1"]);
    assert_eq!(articles.column("actor.israel.n"), ["2"]);
}

#[test]
fn one_term_twice_with_other_case_flags_in_one_category_is_named() {
    let w = Workdir::new();
    w.write(
        "h.csv",
        "term,category,case\nHamas,actor.hamas,sensitive\nHamas,actor.hamas,\n",
    );
    w.lexicon_check("h.csv").success().stdout(
        "h.csv:3: warning: `Hamas` repeats `Hamas` (line 2) with the other case setting (there \
         `case=sensitive`, here not) in the same category `actor.hamas`: what the \
         case-sensitive row matches, the other matches too, so one count is split between two \
         rows (which terms.csv cannot tell apart: both have the same entry and category); keep \
         one row, or give them different categories\n\
         checked 1 lexicon, 2 entries: 0 errors, 1 warning\n",
    );
}

#[test]
fn a_liwc_category_left_without_entries_is_named_in_check_and_run() {
    let w = Workdir::new();
    w.write(
        "study.dic",
        "%\n1\tviolence\n2\thedge\n%\nterror*\t1\nkind\t<of>2\n",
    );
    let warning = "study.dic:3: category `hedge` has no entries left (it was assigned only in \
                   conditional forms, which slant drops), so it counts nothing and will have no \
                   columns in the reports";
    w.lexicon_check("study.dic")
        .success()
        .stdout(predicate::str::contains(format!(
            "\n{}\n",
            warning.replacen(": ", ": warning: ", 1)
        )));
    w.write("t.jsonl", ARTICLE);
    w.score_ok(&["t.jsonl"], "study.dic", &[]);
    assert!(
        run_warnings(&w, "out").contains(&warning.to_string()),
        "{:?}",
        run_warnings(&w, "out")
    );
}

#[test]
fn a_quoted_file_separated_by_semicolons_gets_the_semicolon_hint() {
    let w = Workdir::new();
    w.write(
        "quoted.csv",
        "\u{FEFF}\"term\";\"category\";\"weight\"\r\n\"terrorist~\";\"label.t\";\"1\"\r\n",
    );
    w.lexicon_check("quoted.csv").code(1).stdout(
        "quoted.csv:1:7: error: unexpected text after a closing quote: this line's fields are \
         separated by semicolons, but a lexicon's are separated by commas (a spreadsheet in a \
         German or French locale saves `;`: choose comma-separated CSV)\n\
         checked 1 lexicon, 0 entries: 1 error, 0 warnings\n",
    );
}
