//! Command-line behaviour: reports and their columns, determinism across thread counts,
//! the formula guard, explain, lexicon commands, exit codes.

use predicates::prelude::*;

use crate::util::{Table, Workdir};

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus.jsonl")
}

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
        .stderr(predicate::str::contains("no article with id 'nope'"));
}

#[test]
fn lexicon_commands() {
    let w = Workdir::new();
    w.slant()
        .args(["lexicon", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("builtin:choices.csv"))
        .stdout(predicate::str::contains("builtin:epistemic.csv"))
        .stdout(predicate::str::contains("builtin:frames.csv"))
        .stdout(predicate::str::contains("builtin:loaded.csv"))
        .stdout(predicate::str::contains("label.terror"))
        .stdout(predicate::str::contains("attribution.distancing"));
    w.slant()
        .args(["lexicon", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    w.slant()
        .args(["lexicon", "show", "loaded"])
        .assert()
        .success()
        .stdout(predicate::str::contains("terrorist"));
    w.slant()
        .args(["lexicon", "show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no lexicon named"));
    w.write(
        "dup.csv",
        "# name: dup\nterm,category\nregime,a.b\nRegime,a.c\n",
    );
    w.slant()
        .args([
            "lexicon",
            "check",
            "--no-default-lexicons",
            "--lexicon",
            "dup.csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("dup.csv:4"))
        .stdout(predicate::str::contains(
            "checked 1 lexicon, 2 entries: 0 errors, 1 warning\n",
        ));
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
