//! Command-line behaviour: reports and their columns, determinism across thread counts,
//! the formula guard, explain, lexicon commands, exit codes.

use predicates::prelude::*;

use crate::util::{Table, Workdir, examples};

#[test]
fn thread_count_never_changes_the_reports() {
    let w = Workdir::new();
    // Enough records for several batches, from two formats.
    let corpus = std::fs::read_to_string(examples()).unwrap();
    let mut big = String::new();
    for i in 0..60 {
        for line in corpus.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["id"] = format!("{}-{i}", v["id"].as_str().unwrap()).into();
            big.push_str(&v.to_string());
            big.push('\n');
        }
    }
    w.write("big.jsonl", &big);
    w.write(
        "targets.csv",
        "term,category\nkharsa liberation front,actor.klf\npolice,actor.police\n",
    );
    for j in ["1", "4"] {
        w.slant()
            .args([
                "score",
                "big.jsonl",
                "-q",
                "-j",
                j,
                "--out",
                &format!("out{j}"),
            ])
            .args(["--period", "week", "--targets", "targets.csv"])
            .assert()
            .success();
    }
    let files: Vec<String> = w
        .files("out1")
        .into_iter()
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(
        files,
        [
            "articles.csv",
            "choices.csv",
            "groups.csv",
            "matches.csv",
            "quotations.csv",
            "skipped.csv",
            "targets.csv",
            "terms.csv"
        ]
    );
    for f in &files {
        assert_eq!(
            w.read(&format!("out1/{f}")),
            w.read(&format!("out4/{f}")),
            "{f} differs"
        );
    }
    let strip = |s: String| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(&s).unwrap();
        v["seconds"] = 0.into();
        v["command_line"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        strip(w.read("out1/run.json")),
        strip(w.read("out4/run.json"))
    );
}

#[test]
fn example_corpus_reports_have_the_documented_columns() {
    let w = Workdir::new();
    w.slant()
        .arg("score")
        .arg(examples())
        .args(["--out", "out", "-q", "--period", "month"])
        .assert()
        .success();
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(
        &a.header[..17],
        [
            "id",
            "outlet",
            "duplicate_of",
            "period",
            "words",
            "title_words",
            "lead_words",
            "body_words",
            "sentences",
            "paragraphs",
            "quoted_words",
            "quoted_share",
            "quotations",
            "slant",
            "narrator_slant",
            "slant_matches",
            "attribution.n"
        ]
        .map(String::from)
    );
    // Then ten columns per category, in sorted category order.
    let per_cat = slant::report::rows::CATEGORY_COLUMNS;
    let cats: Vec<&str> = a.header[16..]
        .iter()
        .step_by(per_cat.len())
        .map(|h| h.strip_suffix(".n").unwrap())
        .collect();
    assert!(cats.windows(2).all(|w| w[0] < w[1]), "{cats:?}");
    assert!(cats.contains(&"device.scare_quote"), "{cats:?}");
    for (i, c) in cats.iter().enumerate() {
        let cols: Vec<String> = per_cat.iter().map(|s| format!("{c}.{s}")).collect();
        let at = 16 + per_cat.len() * i;
        assert_eq!(a.header[at..at + per_cat.len()], cols[..]);
    }
    assert_eq!(a.rows.len(), 10);
    assert!(a.column("period").iter().all(|p| p == "2024-03"));
    let m = Table::read(&w.path("out/matches.csv"));
    assert_eq!(
        m.header,
        [
            "id", "outlet", "period", "part", "sentence", "start", "end", "text", "lexicon",
            "entry", "category", "weight", "voice", "negated", "left", "right"
        ]
        .map(String::from)
    );
    // Offsets point at the matched text in the original article.
    let corpus: Vec<serde_json::Value> = std::fs::read_to_string(examples())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for row in &m.rows {
        let art = corpus.iter().find(|v| v["id"] == row[0].as_str()).unwrap();
        let field = if row[m.col("part")] == "title" {
            "title"
        } else {
            "text"
        };
        let text = art[field].as_str().unwrap();
        let (s, e): (usize, usize) = (
            row[m.col("start")].parse().unwrap(),
            row[m.col("end")].parse().unwrap(),
        );
        assert_eq!(&text[s..e], row[m.col("text")]);
    }
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["articles_scored"], 10);
    assert_eq!(run["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    assert!(run["lexicons"].as_array().unwrap().len() >= 3);
}

#[test]
fn formula_like_cells_are_guarded() {
    let w = Workdir::new();
    w.write(
        "c.csv",
        "id,outlet,text\n\"=HYPERLINK(\"\"http://x\"\")\",+Outlet,terror attack\n-5,@home,ok\n",
    );
    w.write("lex.csv", "term,category\nterror,label.terror\n");
    w.score_ok(&["c.csv"], "lex.csv", &[]);
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("id"), ["'=HYPERLINK(\"http://x\")", "-5"]);
    assert_eq!(a.column("outlet"), ["'+Outlet", "'@home"]);
    // Every report guards them: the rows encoded straight into bytes as well.
    let m = Table::read(&w.path("out/matches.csv"));
    assert_eq!(m.column("id"), ["'=HYPERLINK(\"http://x\")"]);
    assert_eq!(m.column("outlet"), ["'+Outlet"]);
    let t = Table::read(&w.path("out/terms.csv"));
    assert_eq!(t.column("outlet"), ["'+Outlet", "'@home"]);
    assert_eq!(t.column("entry"), ["terror", "terror"]);
    assert_eq!(t.column("count"), ["1", "0"]);
}

#[test]
fn explain_highlights_and_escapes() {
    let w = Workdir::new();
    w.write("c.jsonl", "{\"id\":\"x\",\"text\":\"The regime\\u001b[31m fell. \\\"Not the regime,\\\" he said.\"}\n");
    w.write("lex.csv", "term,category\nregime,label.regime\n");
    w.slant()
        .args([
            "explain",
            "c.jsonl",
            "--id",
            "x",
            "--no-default-lexicons",
            "--lexicon",
            "lex.csv",
            "--color",
            "never",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "The [regime][1]\\u{001B}[31m fell.",
        ))
        .stdout(predicate::str::contains("[regime][2]"))
        .stdout(predicate::str::contains("quoted"))
        .stdout(predicate::str::contains("\u{1b}").not());
    w.slant()
        .args(["explain", "c.jsonl", "--id", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no article with id 'nope'"))
        .stderr(predicate::str::contains("may be in").not());
    // Where the id may be hiding: a file not read, a record whose id could not be read.
    w.write("gone.jsonl.gz", b"\x1f\x8b damaged");
    w.slant()
        .args(["explain", "gone.jsonl.gz", "--id", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "gone.jsonl.gz: no article with id 'x'; it may be in what was not read: 1 file not \
             read (the first, gone.jsonl.gz: cannot decompress, not a readable gzip file:",
        ));
    w.write(
        "broken.jsonl",
        "{\"id\":\"a\",\"text\":\"t\"}\n{\"text\n\nnot json\n",
    );
    w.slant()
        .args(["explain", "broken.jsonl", "--id", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "; it may be in what was not read: 2 records skipped before an id could be read \
             (the first, broken.jsonl:2: line is not valid JSON:",
        ));
    // A broken line whose id comes before the damage is named as the record with that id.
    w.write(
        "cut.jsonl",
        "{\"id\":\"a\",\"text\":\"t\"}\n{\"id\":\"x\",\"text\":\"cut\n",
    );
    w.slant()
        .args(["explain", "cut.jsonl", "--id", "x"])
        .assert()
        .code(1)
        .stderr(
            "slant: error: cut.jsonl:2: the record with id 'x' was skipped: line is not valid \
             JSON: control character (\\u0000-\\u001F) found while parsing a string at the end of \
             the line (the record is cut short or split over lines)\n",
        );
}

#[test]
fn the_summary_line_counts_in_words_that_agree() {
    let w = Workdir::new();
    w.write(
        "one.jsonl",
        "{\"id\":\"a\",\"text\":\"The regime said nothing.\"}\n",
    );
    w.write(
        "lex.csv",
        "# name: lex\nterm,category\nregime,a.b\nsaid,a.c\n",
    );
    let score = |lexicon: &str| w.score(&["one.jsonl"], lexicon).assert().success();
    score("lex.csv").stderr(predicate::str::contains(
        "slant: scored 1 article (2 matches), skipped 0, 0 warnings, in ",
    ));
    w.write("one.csv", "# name: one\nterm,category\nregime,a.b\n");
    score("one.csv").stderr(predicate::str::contains(
        "slant: scored 1 article (1 match), skipped 0, 0 warnings, in ",
    ));
}

#[test]
fn the_summary_quotes_the_first_warning_and_says_where_the_rest_are() {
    let w = Workdir::new();
    w.write("lex.csv", "# name: lex\nterm,category\nregime,a.b\n");
    w.write(
        "one.jsonl",
        "{\"id\":\"a\",\"date\":\"05/06/2013\",\"text\":\"The regime.\"}\n",
    );
    w.score(&["one.jsonl"], "lex.csv")
        .args(["--period", "month"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: the warning is in out/run.json: one.jsonl:1 (id a): date '05/06/2013' could \
             not be read: it is ambiguous: 2013-06-05 (day first) or 2013-05-06 (month first); \
             give --date-format dmy or mdy, or write dates as 2013-05-24; period left empty\n",
        ));
    w.write(
        "two.jsonl",
        "{\"id\":\"a\",\"date\":\"1369353600\",\"text\":\"The regime.\"}\n\
         {\"id\":\"b\",\"text\":\"The regime.\"}\n",
    );
    w.score(&["two.jsonl"], "lex.csv")
        .args(["--period", "month"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: the 2 warnings are in out/run.json; the first: two.jsonl:1 (id a): date \
             '1369353600' could not be read: it looks like a Unix timestamp",
        ));
    // No warning, no such line; with -q, no line at all.
    w.write("clean.jsonl", "{\"id\":\"a\",\"text\":\"The regime.\"}\n");
    for (input, quiet) in [("clean.jsonl", false), ("two.jsonl", true)] {
        let mut cmd = w.score(&[input], "lex.csv");
        if quiet {
            cmd.arg("-q");
        }
        cmd.assert()
            .success()
            .stderr(predicate::str::contains("run.json").not());
    }
}

#[test]
fn one_name_in_two_unicode_spellings_is_one_group_and_one_id() {
    let w = Workdir::new();
    w.write("lex.csv", "# name: lex\nterm,category\nregime,a.b\n");
    // `Süddeutsche` precomposed and decomposed; an id decomposed.
    w.write(
        "sz.jsonl",
        "{\"id\":\"S\u{fc}d-1\",\"outlet\":\"S\u{fc}ddeutsche\",\"text\":\"The regime.\"}\n\
         {\"id\":\"Su\u{308}d-2\",\"outlet\":\"Su\u{308}ddeutsche\",\"text\":\"The regime.\"}\n",
    );
    w.score_ok(&["sz.jsonl"], "lex.csv", &[]);
    let g = Table::read(&w.path("out/groups.csv"));
    let mut outlets = g.column("outlet");
    outlets.dedup();
    assert_eq!(outlets, ["S\u{fc}ddeutsche"]);
    // Ids stay as written: they join back to the corpus.
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("id"), ["S\u{fc}d-1", "Su\u{308}d-2"]);
    assert_eq!(a.column("outlet"), ["S\u{fc}ddeutsche", "S\u{fc}ddeutsche"]);
    // explain finds an id typed in the other spelling.
    w.slant()
        .args([
            "explain",
            "sz.jsonl",
            "--id",
            "S\u{fc}d-2",
            "--color",
            "never",
        ])
        .args(["--no-default-lexicons", "--lexicon", "lex.csv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(sz.jsonl:2)"));
    // So does a skipped record's: explain says why it was skipped.
    w.write("skip.jsonl", "{\"id\":\"Su\u{308}d-3\",\"text\":\"\"}\n");
    w.slant()
        .args(["explain", "skip.jsonl", "--id", "S\u{fc}d-3"])
        .args(["--no-default-lexicons", "--lexicon", "lex.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "skip.jsonl:1: the record with id 'S\u{fc}d-3' was skipped",
        ));
}

#[test]
fn a_declared_date_format_puts_articles_in_their_periods() {
    let w = Workdir::new();
    w.write("lex.csv", "# name: lex\nterm,category\nregime,a.b\n");
    // Timestamps as JSON numbers and as strings, seconds and milliseconds.
    w.write(
        "ts.jsonl",
        "{\"id\":\"s\",\"date\":1369353600,\"text\":\"The regime.\"}\n\
         {\"id\":\"f\",\"date\":\"1369353599.5\",\"text\":\"The regime.\"}\n\
         {\"id\":\"e\",\"date\":-1,\"text\":\"The regime.\"}\n",
    );
    let periods = |out: &str| {
        let t = Table::read(&w.path(&format!("{out}/articles.csv")));
        t.column("period")
    };
    w.score_ok(
        &["ts.jsonl"],
        "lex.csv",
        &["--period", "day", "--date-format", "unix"],
    );
    assert_eq!(periods("out"), ["2013-05-24", "2013-05-23", "1969-12-31"]);
    w.write(
        "ms.csv",
        "id,date,text\nm,1369353600000,The regime.\nn,2013-05-25,The regime.\n",
    );
    w.score_ok(
        &["ms.csv"],
        "lex.csv",
        &["--period", "day", "--date-format", "unix-ms"],
    );
    assert_eq!(periods("out"), ["2013-05-24", "2013-05-25"]);
    // Day first, month first, and a date that is not one in the order declared.
    w.write(
        "eu.csv",
        "id,date,text\na,04.10.2024,The regime.\nb,24/12/2024,The regime.\nc,12/24/2024,The regime.\n",
    );
    w.score_ok(
        &["eu.csv"],
        "lex.csv",
        &["--period", "month", "--date-format", "dmy"],
    );
    assert_eq!(periods("out"), ["2024-10", "2024-12", ""]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["settings"]["date_format"], "dmy");
    assert_eq!(
        run["warnings"][0]["message"],
        "date '12/24/2024' could not be read: it is not a date read as day/month/year \
         (--date-format dmy); period left empty"
    );
    w.score_ok(
        &["eu.csv"],
        "lex.csv",
        &["--period", "month", "--date-format", "mdy"],
    );
    assert_eq!(periods("out"), ["2024-04", "", "2024-12"]);
    w.score_ok(&["eu.csv"], "lex.csv", &["--period", "month"]);
    assert_eq!(periods("out"), ["", "2024-12", "2024-12"]);
    // A month or a year alone has the periods it can fill, and a warning under finer ones.
    w.write(
        "archive.csv",
        "id,date,text\nm,2013-05,The regime.\nn,May 2013,The regime.\ny,2013,The regime.\n",
    );
    w.score_ok(&["archive.csv"], "lex.csv", &["--period", "month"]);
    assert_eq!(periods("out"), ["2013-05", "2013-05", ""]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(
        run["warnings"][0]["message"],
        "date '2013' gives only a year, so it has no month, week or day (--period year reads \
         it); period left empty"
    );
    w.score_ok(&["archive.csv"], "lex.csv", &["--period", "year"]);
    assert_eq!(periods("out"), ["2013", "2013", "2013"]);
    w.score_ok(&["archive.csv"], "lex.csv", &["--period", "week"]);
    assert_eq!(periods("out"), ["", "", ""]);
    w.score(&["eu.csv"], "lex.csv")
        .args(["--date-format", "european"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: auto, dmy, mdy, ymd, unix, unix-ms",
        ));
}

#[test]
fn version_and_help() {
    let w = Workdir::new();
    w.slant()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("slant "));
    for cmd in ["score", "explain", "lexicon"] {
        w.slant().args([cmd, "--help"]).assert().success();
    }
}

#[test]
fn stdin_and_txt_folders() {
    let w = Workdir::new();
    w.write("corpus/Outlet A/one.txt", "The regime fell.");
    w.write("corpus/Outlet B/sub/two.txt", "No regime here.");
    w.write("lex.csv", "term,category\nregime,label.regime\n");
    w.score_ok(&["corpus"], "lex.csv", &[]);
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("id"), ["Outlet A/one.txt", "Outlet B/sub/two.txt"]);
    assert_eq!(a.column("outlet"), ["Outlet A", "sub"]);
    w.score_into("out2", &["-"], "lex.csv")
        .arg("-q")
        .write_stdin("{\"id\":\"s\",\"source\":\"wire\",\"text\":\"regime\"}\n")
        .assert()
        .success();
    let a = Table::read(&w.path("out2/articles.csv"));
    assert_eq!(a.header[1], "source");
    assert_eq!(a.column("label.regime.n"), ["1"]);
}
