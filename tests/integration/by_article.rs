//! Intervals with articles, not matches or mentions, as the units: the `articles`,
//! `design_effect` and `ci95_articles_*` columns of choices.csv and targets.csv, on articles
//! small enough to work out by hand. Expected values were computed in Python from the
//! codebook's formulas: deff = k·S / ((k − 1)·X·Y·(X − Y)) with S = Σ(X·y − Y·x)², and
//! Wilson's interval at n* = X / max(deff, 1) · (t(X − 1) / t(k − 1))², with the t quantiles
//! of R's `qt(0.975, df)`.

use crate::util::{Table, Workdir};

const LEX: &str =
    "term,category,weight\nregime,choice.gov.regime,1\ngovernment,choice.gov.government,-1\n";

const ONE_ARTICLE: &str = "one article only: no interval over articles";
const SHARE_AT_BOUND: &str = "share 0 or 1: design effect taken as 1";

fn article(id: &str, outlet: &str, text: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({"id": id, "outlet": outlet, "text": text})
    )
}

/// The two bounds of an interval, to within 1e-12 of those given.
fn assert_interval(t: &Table, r: &[String], prefix: &str, low: f64, high: f64) {
    let get = |end: &str| -> f64 {
        let cell = &r[t.col(&format!("{prefix}_{end}"))];
        cell.parse()
            .unwrap_or_else(|_| panic!("{prefix}_{end} = '{cell}' in {r:?}"))
    };
    let (l, h) = (get("low"), get("high"));
    assert!(
        (l - low).abs() < 1e-12 && (h - high).abs() < 1e-12,
        "{prefix}: ({l}, {h}), expected ({low}, {high}) in {r:?}"
    );
}

#[test]
fn choices_csv_intervals_over_articles_by_hand() {
    let w = Workdir::new();
    let mut c = String::new();
    // X: regime 3 of 3 in one article, government 1 of 1 in another.
    c += &article(
        "A",
        "X",
        "The regime fell. The regime is bad. The regime lied.",
    );
    c += &article("B", "X", "A government spoke.");
    // Y: one article.
    c += &article("C", "Y", "The regime and the government met.");
    // Z: regime only, in two articles.
    c += &article("D", "Z", "The regime fell.");
    c += &article("E", "Z", "The regime won.");
    // W: 1 of 2, 1 of 2, 0 of 1: every article near the share, deff below 1.
    c += &article("F", "W", "The regime and the government met.");
    c += &article("G", "W", "The regime and the government talked.");
    c += &article("H", "W", "A government spoke.");
    w.write("c.jsonl", c);
    w.write("lex.csv", LEX);
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let t = Table::read(&w.path("out/choices.csv"));
    let cols = [
        "count",
        "concept_total",
        "share",
        "articles",
        "design_effect",
        "note",
    ];
    // X regime: y = (3, 0), x = (3, 1); S = 16·9 − 2·4·3·9 + 9·10 = 18, deff = 2·18/(4·3·1) =
    // 3, n* = 4/3 · (t(3)/t(1))²: two articles, one degree of freedom, so the interval is
    // far wider than Wilson's (0.3006, 0.9544) over the 4 matches.
    let r = t.row(&[("outlet", "X"), ("variant", "regime")]);
    assert_eq!(t.cells(r, &cols), ["3", "4", "0.75", "2", "3", ""]);
    assert_interval(&t, r, "ci95", 0.30064184258240184, 0.9544127391902995);
    assert_interval(
        &t,
        r,
        "ci95_articles",
        0.012002912984920677,
        0.9986519604223414,
    );
    // government, the complement: the same design effect.
    let r = t.row(&[("outlet", "X"), ("variant", "government")]);
    assert_eq!(t.cells(r, &cols), ["1", "4", "0.25", "2", "3", ""]);
    // Y: one article: the interval over matches only.
    let r = t.row(&[("outlet", "Y"), ("variant", "regime")]);
    assert_eq!(t.cells(r, &cols), ["1", "2", "0.5", "1", "", ONE_ARTICLE]);
    assert_eq!(
        t.cells(r, &["ci95_articles_low", "ci95_articles_high"]),
        ["", ""]
    );
    assert!(!r[t.col("ci95_low")].is_empty());
    // Z: shares 1 and 0: no design effect; one match per article, so the factor is 1 and
    // the interval is Wilson's over the matches.
    for (variant, count, share) in [("regime", "2", "1"), ("government", "0", "0")] {
        let r = t.row(&[("outlet", "Z"), ("variant", variant)]);
        assert_eq!(
            t.cells(r, &cols),
            [count, "2", share, "2", "", SHARE_AT_BOUND]
        );
        assert_eq!(
            t.cells(r, &["ci95_articles_low", "ci95_articles_high"]),
            t.cells(r, &["ci95_low", "ci95_high"])
        );
    }
    // W regime: S = 25·2 − 2·5·2·4 + 4·9 = 6, deff = 3·6/(2·5·2·3) = 0.3: reported as it is,
    // taken as 1 for the interval, at n* = 5 · (t(4)/t(2))², wider than Wilson's over the 5
    // matches (0.1176, 0.7693).
    let r = t.row(&[("outlet", "W"), ("variant", "regime")]);
    assert_eq!(t.cells(r, &cols), ["2", "5", "0.4", "3", "0.3", ""]);
    assert_interval(&t, r, "ci95", 0.11762077423264794, 0.769275718723987);
    assert_interval(
        &t,
        r,
        "ci95_articles",
        0.06503906271607163,
        0.8646647094509828,
    );
    assert_eq!(
        &t.header[t.col("ci95_high")..],
        [
            "ci95_high",
            "articles",
            "design_effect",
            "ci95_articles_low",
            "ci95_articles_high",
            "note"
        ]
    );
}

/// A story of about 70 words (long enough to be judged a wire copy), with `regime` twice
/// and `government` once.
const STORY: &str = "The regime announced on Tuesday that the border crossings in the north \
    would reopen next month, after talks with neighbouring states that lasted more than a \
    week. Officials of the government said trade had fallen by half since the spring and that \
    farmers had lost their markets. Critics of the regime said the promise had been made \
    before and broken, and that the crossings were a bargaining chip in wider talks about \
    water rights along the river.";

#[test]
fn copies_left_out_by_dedupe_are_left_out_of_the_sums() {
    let w = Workdir::new();
    let mut c = String::new();
    c += &article("I", "V", STORY);
    c += &article("J", "V", STORY);
    c += &article("K", "V", "A government spoke.");
    w.write("c.jsonl", c);
    w.write("lex.csv", LEX);
    for (out, extra) in [("out", &[][..]), ("dd", &["--dedupe"][..])] {
        w.score_into(out, &["c.jsonl"], "lex.csv")
            .arg("-q")
            .args(extra)
            .assert()
            .success();
    }
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("duplicate_of"), ["", "I", ""]);
    let cols = ["count", "concept_total", "articles", "design_effect"];
    // All three: y = (2, 2, 0), x = (3, 3, 1); S = 49·8 − 2·7·4·12 + 16·19 = 24,
    // deff = 3·24/(2·7·4·3) = 3/7.
    let t = Table::read(&w.path("out/choices.csv"));
    let r = t.row(&[("variant", "regime")]);
    assert_eq!(t.cells(r, &cols), ["4", "7", "3", "0.42857142857142855"]);
    // Without the copy: y = (2, 0), x = (3, 1); S = 16·4 − 2·4·2·6 + 4·10 = 8,
    // deff = 2·8/(4·2·2) = 1, n* = 4 · (t(3)/t(1))².
    let t = Table::read(&w.path("dd/choices.csv"));
    let r = t.row(&[("variant", "regime")]);
    assert_eq!(t.cells(r, &cols), ["2", "4", "2", "1"]);
    assert_interval(
        &t,
        r,
        "ci95_articles",
        0.01557146663407033,
        0.9844285333659297,
    );
}

#[test]
fn targets_csv_intervals_over_articles_by_hand() {
    let w = Workdir::new();
    w.write("lex.csv", "term,category\nterrorist~,label.terror\n");
    w.write("targets.csv", "term,category\nhamas,actor.hamas\n");
    let mut c = String::new();
    // X: article a has 3 mentions, each with `terrorists` beside it; b has 1 mention without,
    // in a quotation; c has 1 without, in narrator voice.
    c += &article(
        "a",
        "X",
        "Hamas terrorists attacked. Hamas terrorists left. Hamas terrorists spoke.",
    );
    c += &article("b", "X", "\"Hamas met,\" he said.");
    c += &article("c", "X", "Hamas talked.");
    // Y: one article, every mention quoted.
    c += &article("d", "Y", "\"Hamas terrorists,\" he said.");
    w.write("c.jsonl", c);
    w.score_ok(&["c.jsonl"], "lex.csv", &["--targets", "targets.csv"]);
    let t = Table::read(&w.path("out/targets.csv"));
    let r = t.row(&[
        ("outlet", "X"),
        ("target", "actor.hamas"),
        ("category", "label.terror"),
    ]);
    // All voices: y = (3, 0, 0), x = (3, 1, 1); S = 25·9 − 2·5·3·9 + 9·11 = 54,
    // deff = 3·54/(2·5·3·2) = 2.7, n* = 5/2.7 · (t(4)/t(2))².
    assert_eq!(
        t.cells(
            r,
            &["mentions", "co_occurrences", "articles", "design_effect"]
        ),
        ["5", "3", "3", "2.7"]
    );
    assert_interval(&t, r, "ci95", 0.23072428127601297, 0.8823792257673521);
    assert_interval(
        &t,
        r,
        "ci95_articles",
        0.06194921866947439,
        0.9714856576873776,
    );
    // Narrator voice: b's mention is quoted, so y = (3, 0), x = (3, 1): deff 3.
    assert_eq!(
        t.cells(
            r,
            &[
                "narrator_mentions",
                "narrator_co_occurrences",
                "narrator_articles",
                "narrator_design_effect",
                "note"
            ]
        ),
        ["4", "3", "2", "3", ""]
    );
    assert_interval(
        &t,
        r,
        "narrator_ci95_articles",
        0.012002912984920677,
        0.9986519604223414,
    );
    // Y: one article, no narrator mention.
    let r = t.row(&[("outlet", "Y"), ("category", "label.terror")]);
    assert_eq!(
        t.cells(
            r,
            &[
                "articles",
                "design_effect",
                "ci95_articles_low",
                "narrator_articles",
                "narrator_ci95_articles_low",
                "note"
            ]
        ),
        [
            "1",
            "",
            "",
            "0",
            "",
            &format!("{ONE_ARTICLE}; narrator: no narrator mention")
        ]
    );
}

/// Articles of three outlets with choices and target mentions in varying numbers, so that
/// cells have design effects above 1 and their articles fall in different shards.
fn spread_corpus(w: &Workdir) {
    let mut c = String::new();
    let phrases = [
        "The regime fell.",
        "A government spoke.",
        "Hamas terrorists attacked.",
        "Hamas met the regime.",
    ];
    // Each article repeats one phrase (its words go together, as articles' words do) and
    // adds another once.
    for i in 0..24usize {
        let outlet = ["P", "Q", "R"][i % 3];
        let phrase = (i * i + i / 3) % phrases.len();
        let mut text = vec![phrases[phrase]; 1 + (i * 5 % 7) % 4];
        text.push(phrases[(phrase + 1 + i % 2) % phrases.len()]);
        c += &article(&format!("s{i}"), outlet, &text.join(" "));
    }
    w.write("c.jsonl", c);
    w.write(
        "lex.csv",
        "term,category\nregime,choice.gov.regime\ngovernment,choice.gov.government\n\
         terrorist~,label.terror\n",
    );
    w.write("targets.csv", "term,category\nhamas,actor.hamas\n");
}

#[test]
fn the_new_columns_are_the_same_whatever_the_threads_and_shards() {
    let w = Workdir::new();
    spread_corpus(&w);
    let flags = ["--targets", "targets.csv", "--no-default-lexicons"];
    let score = |out: &str, extra: &[&str]| {
        w.slant()
            .args([
                "score",
                "c.jsonl",
                "--lexicon",
                "lex.csv",
                "--out",
                out,
                "-q",
            ])
            .args(flags)
            .args(extra)
            .assert()
            .success();
    };
    score("one", &["-j", "1"]);
    score("two", &["-j", "2"]);
    let mut parts = Vec::new();
    for k in 1..=3 {
        let dir = format!("part{k}");
        score(&dir, &["--shard", &format!("{k}/3")]);
        parts.push(dir);
    }
    w.slant()
        .arg("merge")
        .args(&parts)
        .args(["--out", "merged", "-q"])
        .assert()
        .success();
    for report in ["choices.csv", "targets.csv"] {
        let one = w.read(&format!("one/{report}"));
        // The run has design effects to get right: some above 1.
        let t = Table::read(&w.path(&format!("one/{report}")));
        let above_1 = t
            .column("design_effect")
            .iter()
            .filter(|d| d.parse::<f64>().is_ok_and(|d| d > 1.0))
            .count();
        assert!(above_1 > 0, "{report}:\n{one}");
        for other in ["two", "merged"] {
            assert!(
                one == w.read(&format!("{other}/{report}")),
                "{report} differs in {other}"
            );
        }
    }
}
