//! News structure: targets (what is said near each actor) and the journalism reports.

use crate::util::{Table, Workdir};

#[test]
fn target_labels_in_the_window_count_and_outside_do_not() {
    let w = Workdir::new();
    w.write(
        "lex.csv",
        "term,category\nterrorist~,label.terror\nfighter~,label.fighter\n",
    );
    w.write(
        "targets.csv",
        "term,category\nhamas,actor.hamas\npolice,actor.police\n",
    );
    let text = "Police said the terrorists attacked Hamas positions overnight. Hamas fighters, \
                according to a long statement issued by several of the many regional officials \
                late last night in the capital, were terrorists. \\\"Hamas are terrorists,\\\" \
                one official said.";
    w.write(
        "c.jsonl",
        format!("{{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"{text}\"}}\n"),
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--targets", "targets.csv"]);
    let t = Table::read(&w.path("out/targets.csv"));
    let find = |target: &str, category: &str| -> Vec<String> {
        let row = t
            .rows
            .iter()
            .find(|r| r[t.col("target")] == target && r[t.col("category")] == category)
            .unwrap_or_else(|| panic!("no row {target} {category}: {:?}", t.rows));
        [
            "mentions",
            "co_occurrences",
            "rate",
            "narrator_mentions",
            "narrator_co_occurrences",
        ]
        .iter()
        .map(|c| row[t.col(c)].clone())
        .collect()
    };
    // Three Hamas mentions: one with "terrorists" 2 words before (narrator), one with the
    // label 21 words away (outside the window) but "fighters" beside it, one in a quotation.
    assert_eq!(
        find("actor.hamas", "label.terror"),
        ["3", "2", "0.6666666666666666", "2", "1"]
    );
    assert_eq!(
        find("actor.hamas", "label.fighter"),
        ["3", "1", "0.3333333333333333", "2", "1"]
    );
    assert_eq!(find("actor.hamas", "label"), ["3", "3", "1", "2", "2"]);
    // Police: "terrorists" is 2 words away in the same sentence.
    assert_eq!(
        find("actor.police", "label.terror"),
        ["1", "1", "1", "1", "1"]
    );
    let ci_low: f64 = t.rows[0][t.col("ci95_low")].parse().unwrap();
    assert!(ci_low >= 0.0);
}

#[test]
fn a_mention_counts_once_and_is_never_its_own_context() {
    let w = Workdir::new();
    // `police` is also a main-lexicon entry; `netanyahu` names two sub-targets of `israel`;
    // `brutal` stands right before `Hamas` (1 word apart), `vicious` 11 words after it.
    w.write(
        "lex.csv",
        "term,category\npolice,crime\nbrutal,label.harsh\nvicious,label.vicious\n",
    );
    w.write(
        "targets.csv",
        "term,category\npolice,actor.police\nhamas,actor.hamas\nnetanyahu,israel.gov;israel.leader\n",
    );
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"The police came. Brutal Hamas men, one two three four five six seven eight nine ten vicious. Netanyahu spoke.\"}\n",
    );
    let cell = |w: &Workdir, target: &str, category: &str| -> Option<(String, String)> {
        let t = Table::read(&w.path("out/targets.csv"));
        t.rows
            .iter()
            .find(|r| r[t.col("target")] == target && r[t.col("category")] == category)
            .map(|r| {
                (
                    r[t.col("mentions")].clone(),
                    r[t.col("co_occurrences")].clone(),
                )
            })
    };
    w.score_ok(&["c.jsonl"], "lex.csv", &["--targets", "targets.csv"]);
    // The police mention is not near its own word's `crime` match.
    assert_eq!(cell(&w, "actor.police", "crime"), None);
    assert_eq!(
        cell(&w, "actor.hamas", "label.harsh"),
        Some(("1".into(), "1".into()))
    );
    // One mention of israel, not two.
    let t = Table::read(&w.path("out/targets.csv"));
    assert!(
        t.rows.iter().all(|r| r[t.col("target")] != "israel"),
        "{:?}",
        t.rows
    );
    w.write(
        "c2.jsonl",
        "{\"id\":\"b\",\"outlet\":\"X\",\"text\":\"Netanyahu was brutal.\"}\n",
    );
    w.score_ok(&["c2.jsonl"], "lex.csv", &["--targets", "targets.csv"]);
    assert_eq!(
        cell(&w, "israel", "label.harsh"),
        Some(("1".into(), "1".into()))
    );
    assert_eq!(
        cell(&w, "israel.gov", "label.harsh"),
        Some(("1".into(), "1".into()))
    );
    // Window: adjacent words are 1 apart; `vicious` is 12 words after `Hamas`.
    assert_eq!(cell(&w, "actor.hamas", "label.vicious"), None);
    for (window, vicious) in [
        ("1", None),
        ("11", None),
        ("12", Some(("1".into(), "1".into()))),
    ] {
        w.score_ok(
            &["c.jsonl"],
            "lex.csv",
            &["--targets", "targets.csv", "--window", window],
        );
        assert_eq!(
            cell(&w, "actor.hamas", "label.harsh"),
            Some(("1".into(), "1".into())),
            "{window}"
        );
        assert_eq!(
            cell(&w, "actor.hamas", "label.vicious"),
            vicious,
            "{window}"
        );
    }
    // The targets file's own warnings (here an entry naming a target and its sub-target)
    // go to run.json.
    w.write("parent.csv", "term,category\nhamas,actor;actor.hamas\n");
    w.score_ok(&["c.jsonl"], "lex.csv", &["--targets", "parent.csv"]);
    assert_eq!(w.warnings("file"), ["parent.csv"]);
    w.score(&["c.jsonl"], "lex.csv")
        .args(["--targets", "targets.csv", "--window", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--window 0:"));
}

#[test]
fn explain_lists_each_mention_with_the_matches_near_it_and_its_targets_csv_counts() {
    let w = Workdir::new();
    // Two lexicons match `terrorists`; `Kabul` has nothing near it.
    w.write(
        "lex.csv",
        "term,category\nterrorist~,label.terror\nfighter~,label.fighter\n",
    );
    w.write("more.csv", "term,category\nterror*,frame.security\n");
    w.write(
        "targets.csv",
        "term,category\nhamas,actor.hamas\npolice,actor.police\nkabul,actor.kabul\n",
    );
    let text = "Police said the terrorists attacked Hamas positions overnight. Hamas fighters                 were seen. \\\"Hamas are terrorists,\\\" one official said. Kabul was quiet.";
    w.write(
        "c.jsonl",
        format!("{{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"{text}\"}}\n"),
    );
    let lexicons = [
        "--no-default-lexicons",
        "--lexicon",
        "lex.csv",
        "--lexicon",
        "more.csv",
    ];
    let explain = |extra: &[&str]| -> String {
        let out = w
            .slant()
            .args(["explain", "c.jsonl", "--id", "a", "--color", "never"])
            .args(lexicons)
            .args(extra)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let shown = explain(&["--targets", "targets.csv"]);
    // Both matches of `terrorists` are numbered on the word.
    assert!(
        shown.contains("Police said the [terrorists][1,2] attacked Hamas"),
        "{shown}"
    );
    let targets = shown.split("── targets").nth(1).unwrap_or_default();
    let lines: Vec<&str> = targets.lines().map(str::trim_end).collect();
    assert_eq!(
        lines,
        [
            " (window 10: matches in the sentence at most 10 words away) ──",
            "   #  part   sent  voice     text                      target                    nearby matches",
            "  T1  lead      1  narrator  Police                    actor;actor.police        [1] [2]",
            "  T2  lead      1  narrator  Hamas                     actor;actor.hamas         [1] [2]",
            "  T3  lead      2  narrator  Hamas                     actor;actor.hamas         [3]",
            "  T4  body      3  quoted    Hamas                     actor;actor.hamas         [4] [5]",
            "  T5  body      4  narrator  Kabul                     actor;actor.kabul         -",
            "",
            "target                    category nearby                   mentions    with  narrator    with",
            "actor                     frame                                    5       3         4       2",
            "actor                     frame.security                           5       3         4       2",
            "actor                     label                                    5       4         4       3",
            "actor                     label.fighter                            5       1         4       1",
            "actor                     label.terror                             5       3         4       2",
            "actor.hamas               frame                                    3       2         2       1",
            "actor.hamas               frame.security                           3       2         2       1",
            "actor.hamas               label                                    3       3         2       2",
            "actor.hamas               label.fighter                            3       1         2       1",
            "actor.hamas               label.terror                             3       2         2       1",
            "actor.kabul               -                                        1       0         1       0",
            "actor.police              frame                                    1       1         1       1",
            "actor.police              frame.security                           1       1         1       1",
            "actor.police              label                                    1       1         1       1",
            "actor.police              label.terror                             1       1         1       1",
        ]
    );
    // Every row is the article's row of targets.csv (one article, one group).
    w.slant()
        .args([
            "score",
            "c.jsonl",
            "--targets",
            "targets.csv",
            "--out",
            "out",
            "-q",
        ])
        .args(lexicons)
        .assert()
        .success();
    let t = Table::read(&w.path("out/targets.csv"));
    let from_csv: Vec<String> = t
        .rows
        .iter()
        .map(|r| {
            let cell = |c: &str| r[t.col(c)].clone();
            [
                "target",
                "category",
                "mentions",
                "co_occurrences",
                "narrator_mentions",
                "narrator_co_occurrences",
            ]
            .map(cell)
            .join(" ")
        })
        .collect();
    let from_explain: Vec<String> = lines[9..]
        .iter()
        .filter(|l| !l.contains(" - "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(from_explain, from_csv);
    // A narrower window: `terrorists` is 2 words before the first Hamas, 3 after Police.
    let narrow = explain(&["--targets", "targets.csv", "--window", "2"]);
    assert!(
        narrow.contains(
            "  T1  lead      1  narrator  Police                    actor;actor.police        -"
        ),
        "{narrow}"
    );
    assert!(
        narrow.contains("  T2  lead      1  narrator  Hamas                     actor;actor.hamas         [1] [2]"),
        "{narrow}"
    );
    // Without --targets there is no targets section; --window 0 is refused as in score.
    assert!(!explain(&[]).contains("── targets"));
    w.slant()
        .args([
            "explain",
            "c.jsonl",
            "--id",
            "a",
            "--targets",
            "targets.csv",
        ])
        .args(["--window", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--window 0:"));
}

#[test]
fn targets_file_errors_are_usage_errors() {
    let w = Workdir::new();
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n");
    w.write("targets.csv", "term\nhamas\n");
    w.slant()
        .args([
            "score",
            "c.jsonl",
            "--targets",
            "targets.csv",
            "--out",
            "out",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("targets.csv"));
}

/// A wire story of about 150 words, written for this test.
const WIRE: &str = "Flood waters rose across the lowland districts of Verrin on Tuesday, forcing \
    thousands of families from their homes as the river broke its banks in three places. \
    Emergency crews worked through the night to shore up levees near the market town of Osk, \
    where the water reached the steps of the town hall by early evening. The regional governor \
    said the army had been asked to send boats and that schools would stay closed for the rest \
    of the week. Farmers in the valley said the harvest was lost. Forecasters expect more rain \
    on Thursday, and the national weather office has warned that the river may not crest until \
    the weekend. Relief agencies opened shelters in sports halls and churches and appealed for \
    blankets, bottled water and dry food. The railway line to the coast was closed after a \
    section of embankment collapsed south of Osk.";

#[test]
fn wire_copy_is_marked_and_left_out_with_dedupe() {
    let w = Workdir::new();
    // Outlet B runs the same story with a new headline, a credit line and two words changed.
    let edited = WIRE
        .replace("thousands of families", "thousands of people")
        .replace("boats", "rafts");
    let other = "The city council voted on Monday to close two libraries and a swimming pool to \
        balance its budget, after a long and angry meeting at which residents accused members \
        of neglecting the poorer districts of the north. The mayor said the cuts were painful \
        but unavoidable and promised to review them next year if tax receipts improved. Unions \
        representing library staff said they would challenge the decision in court, and a \
        petition to save the pool has gathered more than four thousand signatures in a week.";
    let lines = [
        serde_json::json!({"id": "a1", "outlet": "A", "title": "Floods force thousands from homes", "text": WIRE}),
        serde_json::json!({"id": "b1", "outlet": "B", "title": "Verrin floods: army called in", "text": format!("{edited} (Reuters)")}),
        serde_json::json!({"id": "b2", "outlet": "B", "title": "Council cuts", "text": other}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    w.write("c.jsonl", body);
    w.write("lex.csv", "term,category\nflood*,topic.flood\n");
    for (out, dedupe) in [("out", false), ("dd", true)] {
        let mut cmd = w.score_into(out, &["c.jsonl"], "lex.csv");
        cmd.arg("-q");
        if dedupe {
            cmd.arg("--dedupe");
        }
        cmd.assert().success();
    }
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("duplicate_of"), ["", "a1", ""]);
    let run: serde_json::Value = serde_json::from_str(&w.read("dd/run.json")).unwrap();
    assert_eq!(
        (run["duplicates"].as_u64(), run["deduped"].as_bool()),
        (Some(1), Some(true))
    );
    // Without --dedupe, B has two articles in groups.csv; with it, one.
    for (out, n) in [("out", "2"), ("dd", "1")] {
        let g = Table::read(&w.path(&format!("{out}/groups.csv")));
        let row = g
            .rows
            .iter()
            .find(|r| r[0] == "B" && r[g.col("metric")] == "words")
            .unwrap();
        assert_eq!(row[g.col("articles")], n, "{out}");
    }
    // The copy is still in articles.csv and matches.csv either way.
    assert_eq!(Table::read(&w.path("dd/articles.csv")).rows.len(), 3);
    // compare --dedupe leaves it out of the tests too.
    for (flag, n_b) in [(None, "2"), (Some("--dedupe"), "1")] {
        let mut cmd = w.slant();
        cmd.args([
            "compare",
            "out/articles.csv",
            "--by",
            "outlet",
            "--metrics",
            "words",
            "--out",
            "cmp",
            "-q",
        ]);
        cmd.args(flag);
        cmd.assert().success();
        let c = Table::read(&w.path("cmp/comparisons.csv"));
        assert_eq!(c.column("n_b"), [n_b], "{flag:?}");
    }
}

#[test]
fn language_gives_negators_speech_verbs_and_distancers_of_the_corpus() {
    let w = Workdir::new();
    w.write(
        "lex.csv",
        "term,category\nterroristen,label.terror\nregime,label.regime\n",
    );
    // `keine` negates `Terroristen`; `„Regime“, sagte er` is speech; `sogenannte „Regime“`
    // is distancing. English reads `keine`, `sagte` and `sogenannte` as words like any other:
    // two scare quotes.
    let text = "Es sind keine Terroristen. „Regime“, sagte er dann. Das sogenannte „Regime“ fiel.";
    w.write(
        "c.jsonl",
        format!("{{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"{text}\"}}\n"),
    );
    let counts = |extra: &[&str]| {
        w.score_ok(&["c.jsonl"], "lex.csv", extra);
        let t = Table::read(&w.path("out/articles.csv"));
        let run = w.read("out/run.json");
        let cols = [
            "label.terror.negated_n",
            "device.scare_quote.n",
            "device.distancing.n",
        ];
        let values: Vec<String> = cols.iter().map(|c| t.rows[0][t.col(c)].clone()).collect();
        (values, run)
    };
    let (german, run) = counts(&["--language", "de"]);
    assert_eq!(german, ["1", "0", "1"]);
    assert!(run.contains("\"language\": \"de\""), "{run}");
    let (english, run) = counts(&[]);
    assert_eq!(english, ["0", "2", "0"]);
    assert!(run.contains("\"language\": \"en\""), "{run}");
    // explain reads the same way.
    let out = w
        .slant()
        .args(["explain", "c.jsonl", "--id", "a", "--lexicon", "lex.csv"])
        .args([
            "--no-default-lexicons",
            "--language",
            "de",
            "--color",
            "never",
        ])
        .assert()
        .success();
    let shown = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(shown.contains("negated"), "{shown}");
    // An unknown code is a usage error naming the codes slant knows.
    w.slant()
        .args(["score", "c.jsonl", "--language", "xx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: en, de, fr"));
}

/// `slant explain` of article `a` of `c.jsonl` without colour, and the lines of its section
/// `name` (the header row included, trailing spaces trimmed).
fn explain_section(w: &Workdir, name: &str) -> (String, Vec<String>) {
    let out = w
        .slant()
        .args(["explain", "c.jsonl", "--id", "a", "--color", "never"])
        .assert()
        .success();
    let shown = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let lines = shown
        .split(&format!("── {name} ──\n"))
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    (shown, lines)
}

#[test]
fn explain_says_which_negator_negates_a_match_or_what_stopped_it() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"Police did not attack the militants. They are not only \
         terrorists. Nobody asked whether militants fired.\"}\n",
    );
    let (shown, lines) = explain_section(&w, "negation");
    assert_eq!(
        lines,
        [
            "   #  text                      how the negation rules read it",
            "   2  attack                    negated by `not`",
            "   3  militants                 not negated: `not` is before it, but `the` begins a \
             definite description after a verb or preposition",
            "   4  terrorists                not negated: `not only` affirms what follows",
            "   5  terrorists                not negated: `not only` affirms what follows",
            "   6  asked                     negated by `Nobody`",
            "   7  militants                 not negated: `Nobody` is before it, but `whether` \
             opens a clause",
        ],
        "{shown}"
    );
    // The `negated` column of the matches above says the same.
    assert!(shown.contains("narrator  yes      attack"), "{shown}");
}

#[test]
fn explain_lists_every_quotation_with_its_device_or_why_none() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"A \\\"sham\\\" vote. He said \\\"never\\\" twice. \
         \\\"We will fight on to the very end,\\\" she said. They watched \\\"Meet the Press\\\".\"}\n",
    );
    let (shown, lines) = explain_section(&w, "quotations");
    assert_eq!(
        lines,
        [
            "   #  part   words  device (or why none)      text",
            "   1  lead       1  scare_quote               \"sham\"",
            "   2  lead       1  none: introduced          \"never\"",
            "   3  body       8  none: long                \"We will fight on to the very end,\"",
            "   4  body       3  none: title               \"Meet the Press\"",
        ],
        "{shown}"
    );
    // The same verdicts as quotations.csv.
    w.slant()
        .args(["score", "c.jsonl", "--out", "out", "-q"])
        .assert()
        .success();
    let csv = std::fs::read_to_string(w.path("out/quotations.csv")).unwrap();
    let cells: Vec<(String, String)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[10].to_string(), c[11].to_string())
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("scare_quote".into(), String::new()),
            (String::new(), "introduced".into()),
            (String::new(), "long".into()),
            (String::new(), "title".into()),
        ]
    );
}
