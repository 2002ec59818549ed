//! Fixtures that state their own expected results (`tests/fixtures/rules/*.fixture`), checked
//! by one generic test that runs the real binary on each.
//!
//! A fixture is a text file of sections, each opened by a line `## NAME`:
//! - `## rule`: what the fixture shows (free text);
//! - `## lexicon.csv` or `## lexicon.dic`: the lexicon, used alone (`--no-default-lexicons`);
//! - `## title` (optional) and `## text`: the article (trailing newline trimmed);
//! - `## expect`: lines `COLUMN = VALUE` checked against the article's row in `articles.csv`,
//!   and `matches = A | B | …` (matched texts in `matches.csv` order), `voices = …`,
//!   `negated = …`, `categories = …`, `entries = …`, `parts = …`, `match_sentences = …` for the
//!   same column of `matches.csv`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{Table, Workdir};

fn sections(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(n) = line.strip_prefix("## ") {
            if let Some(prev) = name.take() {
                out.insert(prev, std::mem::take(&mut body));
            }
            name = Some(n.trim().to_string());
        } else {
            body.push_str(line);
        }
    }
    if let Some(prev) = name {
        out.insert(prev, body);
    }
    out
}

fn check_fixture(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let s = sections(&std::fs::read_to_string(path).unwrap());
    let w = Workdir::new();
    let lexicon = if let Some(csv) = s.get("lexicon.csv") {
        w.write("lex.csv", csv)
    } else {
        w.write("lex.dic", s.get("lexicon.dic").expect("a lexicon section"))
    };
    let text = s
        .get("text")
        .expect("a text section")
        .trim_end_matches('\n');
    let title = s
        .get("title")
        .map(|t| t.trim_end_matches('\n'))
        .unwrap_or("");
    let record = serde_json::json!({"id": "a1", "title": title, "text": text});
    w.write("corpus.jsonl", format!("{record}\n"));
    let out = w
        .score(&["corpus.jsonl"], &lexicon)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: slant failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let articles = Table::read(&w.path("out/articles.csv"));
    let matches = Table::read(&w.path("out/matches.csv"));
    let mut failures = Vec::new();
    for line in s.get("expect").expect("an expect section").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, want) = line
            .split_once(" = ")
            .unwrap_or_else(|| panic!("{name}: bad line {line}"));
        let key = key.trim();
        let got = match key {
            "matches" | "voices" | "negated" | "categories" | "entries" | "parts"
            | "match_sentences" => {
                let col = match key {
                    "matches" => "text",
                    "voices" => "voice",
                    "categories" => "category",
                    "entries" => "entry",
                    "parts" => "part",
                    "match_sentences" => "sentence",
                    other => other,
                };
                matches.column(col).join(" | ")
            }
            column => {
                let i = articles.col(column);
                articles.rows[0][i].clone()
            }
        };
        if got != want.trim() {
            failures.push(format!(
                "{name}: {key}: expected `{}`, got `{got}`",
                want.trim()
            ));
        }
    }
    failures
}

#[test]
fn every_rule_fixture_holds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "fixture"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 15,
        "expected the full set of rule fixtures, found {}",
        paths.len()
    );
    let failures: Vec<String> = paths.iter().flat_map(|p| check_fixture(p)).collect();
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
