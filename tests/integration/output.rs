//! The output folder: `score --omit` leaves reports out and the others are byte for byte those
//! of a full run; a folder only ever holds the reports of one run, and never loses a file
//! the user keeps there; a run never reads its own reports back or writes over its inputs.

use predicates::prelude::PredicateBooleanExt;

use crate::util::Workdir;

const LEXICON: &str = "term,category\nregime,label.regime\nterrorist~,label.terror\n";

const CORPUS: &str = concat!(
    r#"{"id": "a1", "outlet": "A", "text": "The regime said the terrorists fled. \"The regime lies,\" he said."}"#,
    "\n",
    r#"{"id": "b1", "outlet": "B", "text": "A terrorist cell was found."}"#,
    "\n",
);

const TABLES: [&str; 6] = [
    "articles.csv",
    "matches.csv",
    "quotations.csv",
    "skipped.csv",
    "groups.csv",
    "terms.csv",
];

fn setup() -> Workdir {
    let w = Workdir::new();
    w.write("lex.csv", LEXICON);
    w.write("corpus.jsonl", CORPUS);
    w
}

fn omitted(w: &Workdir, dir: &str) -> serde_json::Value {
    let run: serde_json::Value = serde_json::from_str(&w.read(&format!("{dir}/run.json"))).unwrap();
    run["omitted"].clone()
}

#[test]
fn omitted_reports_are_not_written_and_the_rest_are_unchanged() {
    let w = setup();
    w.score_into("full", &["corpus.jsonl"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    // Four matches: regime, terrorists, regime (quoted), terrorist.
    assert_eq!(w.read("full/matches.csv").lines().count(), 5);
    assert_eq!(w.read("full/quotations.csv").lines().count(), 2);
    assert_eq!(omitted(&w, "full"), serde_json::json!([]));

    for (omit, gone) in [
        ("matches,quotations", &["matches.csv", "quotations.csv"][..]),
        ("articles", &["articles.csv"][..]),
        (
            "quotations,matches,articles",
            &["articles.csv", "matches.csv", "quotations.csv"][..],
        ),
    ] {
        let out = format!("omit-{}", omit.replace(',', "-"));
        w.score_into(&out, &["corpus.jsonl"], "lex.csv")
            .args(["-q", "--omit", omit])
            .assert()
            .success();
        for table in TABLES {
            let path = w.path(&format!("{out}/{table}"));
            if gone.contains(&table) {
                assert!(!path.exists(), "--omit {omit}: {table} written");
            } else {
                assert_eq!(
                    std::fs::read(&path).unwrap(),
                    std::fs::read(w.path(&format!("full/{table}"))).unwrap(),
                    "--omit {omit}: {table} differs from the full run's"
                );
            }
        }
        // run.json names them, in a fixed order whatever the order given.
        assert_eq!(omitted(&w, &out), serde_json::json!(gone), "--omit {omit}");
    }
}

#[test]
fn an_unknown_report_is_a_usage_error() {
    let w = setup();
    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["--omit", "matches,groups"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value 'groups' for '--omit",
        ))
        .stderr(predicates::str::contains(
            "[possible values: articles, matches, quotations]",
        ));
    assert!(!w.path("out").exists());
}

#[test]
fn reports_of_an_earlier_run_that_this_run_does_not_write_are_removed() {
    let w = setup();
    w.write("actors.csv", "term,category\nhe,actor.he\n");
    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["-q", "--targets", "actors.csv", "--html"])
        .assert()
        .success();
    for name in ["targets.csv", "summary.html", "matches.csv"] {
        assert!(w.path(&format!("out/{name}")).exists(), "{name}");
    }
    // A coder's sheet in the folder is not slant's to remove.
    w.write("out/sample.csv", "id,judgement\na1,yes\n");

    // A run that fails changes nothing.
    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["--group-by", "desk"])
        .assert()
        .code(2);
    assert!(w.path("out/targets.csv").exists());

    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["--omit", "matches"])
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "slant: removed matches.csv, targets.csv, summary.html of an earlier run from {}: \
             this run did not write them",
            std::path::Path::new("out").display()
        )));
    for name in ["targets.csv", "summary.html", "matches.csv"] {
        assert!(!w.path(&format!("out/{name}")).exists(), "{name} left");
    }
    assert_eq!(w.read("out/sample.csv"), "id,judgement\na1,yes\n");
    assert!(w.path("out/articles.csv").exists());

    // With --html the page is this run's, and nothing is said about it.
    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["--omit", "matches", "--html"])
        .assert()
        .success()
        .stderr(predicates::str::contains("removed").not());
    let page = w.read("out/summary.html");
    assert!(
        page.contains("matches.csv was left out of this run (--omit matches)"),
        "the page says why it shows no matches"
    );

    w.slant()
        .args(["sample", "out"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no matches.csv; name a folder of reports written by `slant score` without `--omit matches`",
        ));
}

#[test]
fn omitted_reports_stay_omitted_through_shards_and_merge() {
    let w = setup();
    w.score_into("single", &["corpus.jsonl"], "lex.csv")
        .args(["-q", "--omit", "matches,articles"])
        .assert()
        .success();
    for k in 1..=2 {
        w.score_into(&format!("part{k}"), &["corpus.jsonl"], "lex.csv")
            .args([
                "-q",
                "--omit",
                "articles,matches",
                "--shard",
                &format!("{k}/2"),
            ])
            .assert()
            .success();
    }
    w.slant()
        .args(["merge", "part1", "part2", "--out", "merged", "-q"])
        .assert()
        .success();
    for table in TABLES {
        let single = w.path(&format!("single/{table}"));
        let merged = w.path(&format!("merged/{table}"));
        assert_eq!(single.exists(), merged.exists(), "{table}");
        if single.exists() {
            assert_eq!(
                std::fs::read(single).unwrap(),
                std::fs::read(merged).unwrap(),
                "{table}"
            );
        }
    }
    assert!(!w.path("merged/matches.csv").exists());
    assert_eq!(
        omitted(&w, "merged"),
        serde_json::json!(["articles.csv", "matches.csv"])
    );

    // A shard of the same job without --omit is refused, and the option is named.
    w.score_into("other2", &["corpus.jsonl"], "lex.csv")
        .args(["-q", "--shard", "2/2"])
        .assert()
        .success();
    w.slant()
        .args(["merge", "part1", "other2", "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "part1 and other2 are not shards of one job: their settings (--omit) differ",
        ));
}

#[test]
fn a_folder_holds_either_reports_or_a_partial_result_never_both() {
    let w = setup();
    w.score_ok(&["corpus.jsonl"], "lex.csv", &[]);
    w.score(&["corpus.jsonl"], "lex.csv")
        .args(["--shard", "1/2"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "removed articles.csv, matches.csv, quotations.csv, skipped.csv, groups.csv, \
             terms.csv, choices.csv, run.json of an earlier run",
        ));
    assert_eq!(w.files("out"), ["records.bin", "shard.json"]);
    w.score(&["corpus.jsonl"], "lex.csv")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "removed shard.json, records.bin of an earlier run",
        ));
    assert_eq!(
        w.files("out"),
        [
            "articles.csv",
            "choices.csv",
            "groups.csv",
            "matches.csv",
            "quotations.csv",
            "run.json",
            "skipped.csv",
            "terms.csv"
        ]
    );
}

#[test]
fn a_users_own_file_with_a_report_name_is_never_removed() {
    let w = setup();
    // A lexicon called targets.csv and a page of the user's own, kept in the output folder.
    w.write("out/targets.csv", "term,category\nhe,actor.he\n");
    w.write("out/summary.html", "<html>my notes</html>");
    w.score(&["corpus.jsonl"], "lex.csv")
        .assert()
        .success()
        .stderr(predicates::str::contains("removed").not());
    assert_eq!(w.read("out/targets.csv"), "term,category\nhe,actor.he\n");
    assert_eq!(w.read("out/summary.html"), "<html>my notes</html>");
    // Nor is it replaced by a page: --html is refused before the run, and so is the report.
    let refusal = "slant: error: out/summary.html: exists and is not a page slant wrote; it is \
                   not replaced. Move it away or name another file for the page\n";
    w.score(&["corpus.jsonl"], "lex.csv")
        .arg("--html")
        .assert()
        .code(2)
        .stderr(refusal);
    w.slant()
        .args(["report", "out"])
        .assert()
        .code(2)
        .stderr(refusal);
    w.slant()
        .args(["report", "out", "--out", "out/groups.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "out/groups.csv: exists and is not a page slant wrote",
        ));
    assert_eq!(w.read("out/summary.html"), "<html>my notes</html>");
}

#[test]
fn a_report_may_not_replace_what_the_run_reads() {
    let w = setup();
    w.write("articles.csv", "id,outlet,text\n1,A,The regime fell.\n");
    w.score_into(".", &["articles.csv"], "lex.csv")
        .assert()
        .code(2)
        .stderr(
            "slant: error: --out .: the report articles.csv would replace articles.csv, which \
             this run reads; name another folder for the reports\n",
        );
    w.write("actors/targets.csv", "term,category\nhe,actor.he\n");
    w.score_into("actors", &["corpus.jsonl"], "lex.csv")
        .args(["--targets", "actors/targets.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the report targets.csv would replace actors/targets.csv, which this run reads",
        ));
    w.write("in/a.jsonl", CORPUS);
    w.score_into("in", &["in"], "lex.csv")
        .assert()
        .code(2)
        .stderr(
            "slant: error: --out in: is a folder this run reads (in); its reports would be read \
             as corpus or lexicons next time; name another folder for the reports\n",
        );
    // compare's table may not replace the articles table it reads either.
    w.write("t/comparisons.csv", "id,outlet\n");
    w.slant()
        .args([
            "compare",
            "t/comparisons.csv",
            "--by",
            "outlet",
            "--out",
            "t",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--out t: the report comparisons.csv would replace t/comparisons.csv, which this run \
             reads",
        ));
    assert_eq!(w.read("t/comparisons.csv"), "id,outlet\n");
    assert_eq!(
        w.read("articles.csv"),
        "id,outlet,text\n1,A,The regime fell.\n"
    );
    assert_eq!(w.read("actors/targets.csv"), "term,category\nhe,actor.he\n");
    assert_eq!(w.files("in"), ["a.jsonl"]);
}

#[test]
fn an_output_folder_inside_an_input_folder_is_not_read() {
    let w = setup();
    w.write("in/a.jsonl", CORPUS);
    for _ in 0..2 {
        w.score_into("in/reports", &["in"], "lex.csv")
            .arg("-q")
            .assert()
            .success();
        // Two articles each time: the first run's reports are not read back as corpus.
        assert_eq!(w.read("in/reports/articles.csv").lines().count(), 3);
        let run: serde_json::Value = serde_json::from_str(&w.read("in/reports/run.json")).unwrap();
        assert_eq!(run["articles_scored"], 2);
        assert_eq!(run["warnings"][0]["file"], "in/reports");
        assert_eq!(
            run["warnings"][0]["message"],
            "skipped: the output folder of this run (--out); its reports are not read as corpus"
        );
    }
}

#[test]
fn reports_of_an_earlier_run_in_an_input_folder_are_not_read() {
    let w = setup();
    w.write("in/a.jsonl", CORPUS);
    // The reports of a run on one file, written beside it, then moved and renamed.
    w.score_into("in", &["in/a.jsonl"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    std::fs::create_dir(w.path("in/old")).unwrap();
    std::fs::rename(w.path("in/matches.csv"), w.path("in/old/run1-matches.csv")).unwrap();
    // A corpus file that only looks like one stays in.
    w.write("in/b.csv", "id,left,text,right\nb1,x,The regime fell.,y\n");
    w.score_into("out", &["in"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["articles_scored"], 3, "{run}");
    assert_eq!(run["records_skipped"], 0, "{run}");
    let skipped: Vec<(String, String)> = run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["file"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let said = |file: &str, what: &str| {
        (
            file.to_string(),
            format!(
                "skipped: a report slant wrote ({what}), not corpus; name the file on the \
                 command line to read it anyway"
            ),
        )
    };
    assert!(skipped.contains(&said("in/articles.csv", "the columns of articles.csv")));
    assert!(skipped.contains(&said(
        "in/old/run1-matches.csv",
        "the columns of matches.csv"
    )));
    assert!(skipped.contains(&said("in/run.json", "\"tool\": \"slant\"")));
    // Named on the command line, a report is read as what it is.
    w.score_into("out2", &["in/old/run1-matches.csv"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out2/run.json")).unwrap();
    assert!(run["articles_scored"].as_u64().unwrap() > 0, "{run}");
}

#[test]
fn run_json_records_the_targets_lexicon_and_every_setting_that_changes_a_number() {
    let w = setup();
    w.write("actors.csv", "term,category\nregime,actor.regime\n");
    w.score_into("out", &["corpus.jsonl"], "lex.csv")
        .args([
            "--targets",
            "actors.csv",
            "--window",
            "5",
            "--context",
            "20",
            "-q",
        ])
        .args(["--dedupe", "--text-field", "text", "--strip-html"])
        .args(["--language", "fr,en,fr"])
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    let targets = &run["targets"][0];
    assert_eq!(targets["origin"], "actors.csv");
    assert_eq!(targets["entries"], 1);
    // The SHA-256 of the file's bytes.
    use sha2::Digest;
    let sha = sha2::Sha256::digest(w.read("actors.csv").as_bytes());
    let hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(targets["sha256"], hex);
    assert_eq!(
        run["settings"],
        serde_json::json!({
            "format": null, "id_field": "id", "text_field": "text", "title_field": "title",
            "date_field": "date", "date_format": "auto", "language": "en,fr", "strip_html": true, "max_article_bytes": 67108864,
            "context": 20, "dedupe": true, "dup_threshold": 0.8, "strict": false, "window": 5
        })
    );
    // Without --targets: no targets lexicon, no window.
    w.score_into("out", &["corpus.jsonl"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["targets"], serde_json::json!([]));
    assert_eq!(run["settings"]["window"], serde_json::Value::Null);
}
