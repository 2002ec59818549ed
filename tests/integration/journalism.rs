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
    w.slant()
        .args([
            "score",
            "c.jsonl",
            "--no-default-lexicons",
            "--lexicon",
            "lex.csv",
        ])
        .args(["--targets", "targets.csv", "--out", "out", "-q"])
        .assert()
        .success();
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
