//! SPEC §6: every bad input gets a message naming where it is, nothing already read is lost,
//! `skipped.csv` lists it, exit codes follow SPEC §1, and `--strict` fails fast.

use std::io::Write;

use predicates::prelude::*;

use crate::util::{Table, Workdir};

const LEX: &str = "term,category\nterror*,label.terror\n";

fn score(w: &Workdir, inputs: &[&str]) -> assert_cmd::assert::Assert {
    w.write("lex.csv", LEX);
    w.score(inputs, "lex.csv").arg("-q").assert()
}

/// A fresh folder with `name` holding `contents`, scored by [`score`], which must succeed.
fn scored(name: &str, contents: impl AsRef<[u8]>) -> Workdir {
    let w = Workdir::new();
    w.write(name, contents);
    score(&w, &[name]).success();
    w
}

fn skipped(w: &Workdir) -> Vec<Vec<String>> {
    Table::read(&w.path("out/skipped.csv")).rows
}

fn ids(w: &Workdir) -> Vec<String> {
    Table::read(&w.path("out/articles.csv")).column("id")
}

#[test]
fn malformed_csv_row_is_skipped_and_the_rest_scored() {
    let w = scored(
        "c.csv",
        "id,outlet,text\n1,A,terror here\n2,B\n3,C,\"more terror\"\n",
    );
    assert_eq!(ids(&w), ["1", "3"]);
    let s = skipped(&w);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0][0], "c.csv");
    assert_eq!(s[0][1], "2");
    assert!(s[0][3].contains("2 fields"), "{:?}", s[0]);
}

#[test]
fn json_line_that_does_not_parse_is_skipped() {
    let w = scored(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"terror\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"fine\"}\n",
    );
    assert_eq!(ids(&w), ["a", "c"]);
    let s = skipped(&w);
    assert_eq!((s[0][0].as_str(), s[0][1].as_str()), ("c.jsonl", "2"));
    assert!(s[0][3].contains("JSON"), "{:?}", s[0]);
}

#[test]
fn record_without_text_is_skipped() {
    let w = scored(
        "c.jsonl",
        "{\"id\":\"a\",\"title\":\"only a title\"}\n{\"id\":\"b\",\"text\":\"  \"}\n{\"id\":\"c\",\"text\":\"ok\"}\n",
    );
    assert_eq!(ids(&w), ["c"]);
    let s = skipped(&w);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0][2], "a");
    assert!(s[0][3].contains("text"), "{:?}", s[0]);
    assert_eq!(s[1][2], "b");
}

#[test]
fn empty_file_is_a_warning_not_an_error() {
    let w = Workdir::new();
    w.write("empty.jsonl", "");
    w.write("ok.jsonl", "{\"id\":\"a\",\"text\":\"terror\"}\n");
    score(&w, &["empty.jsonl", "ok.jsonl"]).success();
    assert_eq!(ids(&w), ["a"]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    let warnings = run["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|x| x["file"] == "empty.jsonl" && x["message"].as_str().unwrap().contains("empty")),
        "{warnings:?}"
    );
}

#[test]
fn invalid_utf8_is_replaced_and_flagged() {
    let w = scored("bad.txt", b"terror \xff\xfe group\n".as_slice());
    let m = Table::read(&w.path("out/matches.csv"));
    assert_eq!(m.column("text"), ["terror"]);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    let warnings = run["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|x| x["message"].as_str().unwrap().contains("UTF-8")),
        "{warnings:?}"
    );
}

#[test]
fn a_large_single_article_is_scored() {
    let w = Workdir::new();
    let mut f = std::fs::File::create(w.path("big.txt")).unwrap();
    let para = "The terror group said nothing new today, officials noted. ".repeat(100);
    let mut written = 0;
    while written < 20 << 20 {
        f.write_all(para.as_bytes()).unwrap();
        written += para.len();
    }
    drop(f);
    score(&w, &["big.txt"]).success();
    let a = Table::read(&w.path("out/articles.csv"));
    let n: u64 = a.column("label.terror.n")[0].parse().unwrap();
    assert_eq!(n as usize, written / para.len() * 100);
}

#[test]
fn broken_regex_in_lexicon_is_a_usage_error_naming_the_place() {
    let w = Workdir::new();
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\n");
    w.write("bad.csv", "term,category\nok,a.b\nre:(unclosed,a.c\n");
    w.score(&["c.jsonl"], "bad.csv")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.csv:3:"))
        .stderr(predicate::str::contains("regular expression"));
    assert!(!w.path("out/articles.csv").exists());
}

#[test]
fn a_phrase_of_twelve_inflected_words_is_refused_not_expanded() {
    // 4^12 paths through the trie: it had built them, for minutes and gigabytes.
    let w = Workdir::new();
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"attack\"}\n");
    let phrase = ["attack~"; 12].join(" ");
    w.write("big.csv", format!("term,category\nok,a.b\n{phrase},a.c\n"));
    w.score(&["c.jsonl"], "big.csv")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "big.csv:3:1: `attack~ attack~ attack~ attack~ attack~ attack~ attack~ attack~ \
             attack~ attack~ attack~ attack~` has 12 words, 12 of them with `~`: the matcher would \
             read it in 16777216 ways",
        ))
        .stderr(predicate::str::contains(
            "at most 1024 are allowed in one entry",
        ));
    assert!(!w.path("out/articles.csv").exists());
}

#[test]
fn strict_stops_at_the_first_bad_record_and_writes_nothing() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"terror\"}\nnot json\n{\"id\":\"c\",\"text\":\"x\"}\n",
    );
    w.write("lex.csv", LEX);
    w.score(&["c.jsonl"], "lex.csv")
        .arg("--strict")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("c.jsonl:2:"));
    assert!(!w.path("out/articles.csv").exists());
}

#[test]
fn truncated_gzip_keeps_what_was_read() {
    let w = Workdir::new();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..2000 {
        writeln!(
            enc,
            "{{\"id\":\"a{i}\",\"text\":\"terror number {i} with some padding words\"}}"
        )
        .unwrap();
    }
    let gz = enc.finish().unwrap();
    w.write("c.jsonl.gz", &gz[..gz.len() / 2]);
    score(&w, &["c.jsonl.gz"]).success();
    let n = ids(&w).len();
    assert!(n > 100 && n < 2000, "{n} articles");
    let s = skipped(&w);
    assert_eq!(s.len(), 1);
    assert!(s[0][3].contains("ends early"), "{:?}", s[0]);
}

#[test]
fn a_misspelt_id_title_or_date_field_is_a_usage_error() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"doc_id\":\"A-17\",\"headline\":\"H\",\"outlet\":\"X\",\"text\":\"terror\"}\n",
    );
    w.write("lex.csv", LEX);
    for (flag, value) in [
        ("--id-field", "docid"),
        ("--title-field", "head"),
        ("--date-field", "published"),
    ] {
        w.score(&["c.jsonl"], "lex.csv")
            .args([flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{flag}: unknown field '{value}' (the first record, c.jsonl:1, has: text, \
                 doc_id, headline, outlet)"
            )));
        assert!(!w.path("out/articles.csv").exists(), "{flag}");
        // explain would only say that no article has the id: the same usage error.
        w.slant()
            .args(["explain", "c.jsonl", "--id", "A-17", flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{flag}: unknown field '{value}' (the first record, c.jsonl:1, has:"
            )));
    }
    // Spelt right, the ids are the record's own; the default names may be absent.
    w.score_ok(
        &["c.jsonl"],
        "lex.csv",
        &["--id-field", "doc_id", "--title-field", "headline"],
    );
    let articles = w.read("out/articles.csv");
    assert!(
        articles.lines().nth(1).unwrap().starts_with("A-17,X,"),
        "{articles}"
    );
}

#[test]
fn a_misspelt_text_field_is_a_usage_error_not_a_corpus_of_skips() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"X\",\"body\":\"terror\"}\n\
         {\"id\":\"b\",\"outlet\":\"Y\",\"body\":\"terror\"}\n",
    );
    w.write("c.csv", "id,outlet,body\na,X,terror\n");
    w.write("lex.csv", LEX);
    w.score(&["c.jsonl"], "lex.csv")
        .args(["--text-field", "bdy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--text-field: unknown field 'bdy' (the first record, c.jsonl:1, has: id, outlet, \
             body)",
        ));
    w.score(&["c.csv"], "lex.csv")
        .args(["--text-field", "bdy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--text-field: unknown field 'bdy' (the columns of c.csv are: id, outlet, body)",
        ));
    for file in ["c.jsonl", "c.csv"] {
        w.slant()
            .args(["explain", file, "--id", "a", "--text-field", "bdy"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--text-field: unknown field 'bdy' (the ",
            ));
        w.slant()
            .args(["explain", file, "--id", "a", "--text-field", "body"])
            .assert()
            .success()
            .stdout(predicate::str::contains("── body ──\nterror\n"));
    }
    // A file that cannot be read, first, does not hide the check.
    w.write("bad.jsonl.gz", b"\x1f\x8b damaged");
    w.score(&["bad.jsonl.gz", "c.jsonl"], "lex.csv")
        .args(["--text-field", "bdy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(the first record, c.jsonl:1, has",
        ));
    // Nor does a first record that cannot be read at all: the first one read decides.
    w.write(
        "broken-first.jsonl",
        "{not json\n{\"id\":\"a\",\"body\":\"terror\"}\n",
    );
    w.score(&["broken-first.jsonl"], "lex.csv")
        .args(["--text-field", "bdy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(the first record, broken-first.jsonl:2, has: id, body)",
        ));
    // A first record skipped for what its text holds did have the field.
    w.write(
        "empty-first.jsonl",
        "{\"id\":\"a\",\"body\":\"\"}\n{\"id\":\"b\",\"text\":\"terror\"}\n{\"id\":\"c\",\"body\":\"terror\"}\n",
    );
    w.score(&["empty-first.jsonl"], "lex.csv")
        .args(["--text-field", "body", "-q"])
        .assert()
        .success();
    w.score_ok(&["c.jsonl"], "lex.csv", &["--text-field", "body"]);
    assert_eq!(w.read("out/articles.csv").lines().count(), 3);
    // The default name is not one the user gave: records without it are skipped, as
    // SPEC §6 has it, and the run goes on.
    w.write("mixed.jsonl", "{\"id\":\"m\",\"text\":\"terror\"}\n");
    w.score(&["c.jsonl", "mixed.jsonl"], "lex.csv")
        .arg("-q")
        .assert()
        .success();
    assert_eq!(w.read("out/skipped.csv").lines().count(), 3);
    assert_eq!(w.read("out/articles.csv").lines().count(), 2);
    // But a run that scores nothing at all fails, and leaves the reports there unchanged.
    let before = w.read("out/articles.csv");
    w.score(&["c.jsonl"], "lex.csv").assert().code(1).stderr(
        "slant: error: no article was scored: 2 records were skipped (the first, \
             c.jsonl:1: no text (field 'text' is missing)); no report was written, the reports \
             already in out are unchanged\n",
    );
    assert_eq!(w.read("out/articles.csv"), before);
    // The same when no file could be read.
    w.write("bad.jsonl.gz", b"\x1f\x8b damaged");
    w.score(&["bad.jsonl.gz"], "lex.csv")
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "slant: error: no article was scored: 1 file was not read (the first, bad.jsonl.gz: \
             cannot decompress",
        ));
    assert_eq!(w.read("out/articles.csv"), before);
}

#[test]
fn tens_of_thousands_of_threads_are_refused_before_any_start() {
    let w = Workdir::new();
    w.write("c.jsonl", "{\"id\":\"a\",\"text\":\"terror\"}\n");
    w.write("lex.csv", LEX);
    w.score(&["c.jsonl"], "lex.csv")
        .args(["-j", "100000"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--threads 100000: at most"));
    w.slant()
        .args(["merge", "p1", "--threads", "100000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--threads 100000: at most"));
    // 64 are always allowed, whatever the machine.
    w.score(&["c.jsonl"], "lex.csv")
        .args(["-j", "64", "-q"])
        .assert()
        .success();
}

#[test]
fn files_not_read_at_all_are_named_in_the_closing_line() {
    let w = Workdir::new();
    w.write("in/a.csv", "id,text\n1,terror\n");
    w.write("in/b.csv", "id,body\n1,terror\n2,terror\n");
    w.write("in/c.jsonl.gz", b"\x1f\x8b damaged");
    w.write("lex.csv", LEX);
    w.score(&["in"], "lex.csv")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: scored 1 article (1 match), skipped 0 and 2 files not read (see \
             skipped.csv), 0 warnings,",
        ));
    let s = skipped(&w);
    assert_eq!(
        s.iter()
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect::<Vec<_>>(),
        [("in/b.csv", "0"), ("in/c.jsonl.gz", "0")]
    );
}

#[test]
fn unknown_group_field_and_missing_input_are_usage_errors() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"a\",\"outlet\":\"X\",\"text\":\"terror\"}\n",
    );
    w.write("lex.csv", LEX);
    w.score(&["c.jsonl"], "lex.csv")
        .args(["--group-by", "outlett"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field 'outlett'"))
        .stderr(predicate::str::contains("outlet"));
    // Twice the same field would write two columns of one name in every report.
    w.score(&["c.jsonl"], "lex.csv")
        .args(["--group-by", "outlet, outlet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--group-by 'outlet, outlet': 'outlet' is named twice; name each field once",
        ));
    // A field named like a report's own column would give that report two such columns.
    for (field, reports) in [
        (
            "category",
            "matches.csv, targets.csv, terms.csv, sample.csv, agreement.csv",
        ),
        (
            "period",
            "articles.csv, matches.csv, quotations.csv, targets.csv, groups.csv, choices.csv, \
             sample.csv",
        ),
        ("words", "articles.csv, quotations.csv, groups.csv"),
        (
            "id",
            "articles.csv, matches.csv, quotations.csv, sample.csv",
        ),
        // The coding sheet's and the agreement table's own columns.
        ("stratum_size", "sample.csv"),
        ("value", "agreement.csv"),
    ] {
        w.score(&["c.jsonl"], "lex.csv")
            .args(["--group-by", &format!("outlet,{field}")])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "--group-by 'outlet,{field}': '{field}' is also a column of {reports}, which \
                 would then have two columns of that name"
            )));
    }
    w.slant()
        .args(["score", "nope.jsonl", "--out", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.jsonl"));
    w.slant()
        .args(["score", "c.jsonl", "--bogus-flag"])
        .assert()
        .code(2);
}

#[test]
fn failed_run_leaves_existing_reports_in_place() {
    let w = scored("c.jsonl", "{\"id\":\"a\",\"text\":\"terror\"}\n");
    let before = w.read("out/articles.csv");
    w.write("bad.jsonl", "{\"id\":\"z\",\"text\":\"terror\"}\nbroken\n");
    w.score(&["bad.jsonl"], "lex.csv")
        .arg("--strict")
        .assert()
        .code(1);
    assert_eq!(w.read("out/articles.csv"), before);
    let leftovers: Vec<_> = std::fs::read_dir(w.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn an_out_folder_that_is_a_device_or_a_dangling_link_is_a_usage_error() {
    let w = scored("c.jsonl", "{\"id\":\"a\",\"text\":\"terror\"}\n");
    let score = [
        "score",
        "c.jsonl",
        "--no-default-lexicons",
        "--lexicon",
        "lex.csv",
    ];
    w.slant()
        .args(score)
        .args(["--out", "/dev/null"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/null: is a device or other special file, not a folder",
        ));
    std::os::unix::fs::symlink(w.path("gone"), w.path("link")).unwrap();
    w.slant()
        .args(score)
        .args(["--out", "link"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("link: is a link to ").and(predicate::str::contains(
                "gone, which leads to no folder; name a folder for the reports",
            )),
        );
    w.slant()
        .args([
            "compare",
            "out/articles.csv",
            "--by",
            "group",
            "--out",
            "/dev/null",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a folder"));
}

#[test]
fn a_default_field_name_in_another_case_is_pointed_out() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    w.write(
        "c.csv",
        "ID,Outlet,Date,Title,Body\n1,A,2024-03-05,Head,terror\n2,B,2024-03-06,H2,terror\n",
    );
    w.score(&["c.csv"], "lex.csv")
        .args(["--text-field", "Body", "-q"])
        .assert()
        .success();
    let said = w.warnings("message");
    let hint = |field: &str, other: &str, flag: &str| {
        format!(
            "the first record has no field '{field}' but has '{other}' (names are matched \
             exactly); give {flag} {other} to use it"
        )
    };
    assert_eq!(
        said,
        [
            hint("id", "ID", "--id-field"),
            hint("title", "Title", "--title-field"),
            hint("date", "Date", "--date-field"),
            hint("outlet", "Outlet", "--group-by"),
        ]
    );
    assert_eq!(w.warnings("file")[0], "c.csv");
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["warnings"][0]["record"], 1);
    // Named, they are used, and nothing is said.
    w.score(&["c.csv"], "lex.csv")
        .args([
            "--text-field",
            "Body",
            "--id-field",
            "ID",
            "--title-field",
            "Title",
        ])
        .args(["--date-field", "Date", "--group-by", "Outlet", "-q"])
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["warnings"], serde_json::json!([]));
}

#[test]
fn a_default_field_under_another_common_name_is_pointed_out() {
    // Media Cloud and NewsAPI names: the headline, date and outlet would be left unread.
    let w = scored(
        "c.jsonl",
        "{\"id\":\"1\",\"media_name\":\"X\",\"headline\":\"Terror\",\"publishedAt\":\"2024-03-05\",\"text\":\"terror\"}\n",
    );
    let said = w.warnings("message");
    assert_eq!(
        said,
        [
            "the first record has no field 'title' but has 'headline'; give --title-field \
             headline to use it",
            "the first record has no field 'date' but has 'publishedAt'; give --date-field \
             publishedAt to use it",
            "the first record has no field 'outlet' but has 'media_name'; give --group-by \
             media_name to use it",
        ]
    );
}

#[test]
fn a_header_repeated_where_exports_were_joined_is_skipped_not_scored() {
    // Two exports joined with `cat`, each with a byte order mark and its header.
    let part = "\u{feff}id,media_name,text\n1,X,terror here\n";
    let w = scored("c.csv", format!("{part}{}", part.replace("1,X", "2,Y")));
    assert_eq!(ids(&w), ["1", "2"]);
    assert_eq!(
        skipped(&w),
        [[
            "c.csv",
            "2",
            "",
            "a repeat of the header row (line 3; files joined with `cat`?): not an article"
        ]]
    );
    // A row that only resembles the header is an article.
    let w = scored("d.csv", "id,text\nid,text is here\n");
    assert_eq!(ids(&w), ["id"]);
}

#[test]
fn a_space_after_every_comma_is_warned_about() {
    let w = scored(
        "c.csv",
        "id, outlet, text\n1, X, \"He said: \"\"terror.\"\"\"\n",
    );
    let run = w.read("out/run.json");
    assert!(
        run.contains(
            "the header has a space after each comma; column names are read without it, but \
             cells keep theirs"
        ),
        "{run}"
    );
    // One space in a header is a name's own business.
    let w = scored("d.csv", "id,outlet, text\n1,X,terror\n");
    assert!(!w.read("out/run.json").contains("space after each"));
}
