//! The codebook of the lexicons, `lexicons/README.md`, against the built-in categories (see
//! `docs.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::LazyLock;

use regex::Regex;

use super::{assert_none, backticked, read_repo, repo};

/// Each category `slant lexicon list` shows: its lexicon and its number of entries.
fn builtin_categories() -> BTreeMap<String, (String, usize)> {
    static ROW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^  ([^ (]\S*) +(\d+) entr(?:y|ies)$").unwrap());
    let out = Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(["lexicon", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut lexicon = String::new();
    let mut categories = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        if !line.starts_with(' ') {
            lexicon = line.split(' ').next().unwrap().to_string();
        } else if let Some(m) = ROW.captures(line) {
            categories.insert(m[1].to_string(), (lexicon.clone(), m[2].parse().unwrap()));
        }
    }
    assert!(categories.len() > 100, "{categories:?}");
    categories
}

/// A category as `lexicons/README.md` defines it, in a `**`category`**` item or a table row
/// of its lexicon's section.
struct Definition {
    line: usize,
    lexicon: String,
    /// The entries it gives: `(14 entries)`, `(13)`, a table's `cues`, or the number of terms
    /// a table's `terms` lists.
    entries: Option<usize>,
    /// A table's `weight` (`+1`, `−1`, `0`).
    weight: Option<f64>,
}

/// The categories defined in the section *Codebook* of `lexicons/README.md`.
fn definitions() -> BTreeMap<String, Definition> {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^- \*\*`([^`]+)`\*\*(?: \((\d+)(?: entries)?\))?").unwrap());
    let mut defs = BTreeMap::new();
    let (mut inside, mut lexicon, mut header) = (false, String::new(), Vec::<String>::new());
    for (i, line) in read_repo("lexicons/README.md").lines().enumerate() {
        if line.starts_with("## ") {
            inside = line == "## Codebook";
        } else if let Some(h) = line.strip_prefix("### ") {
            lexicon = backticked(h).next().unwrap_or_default().to_string();
        }
        if !inside {
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let Some(m) = ITEM.captures(line) {
            defs.insert(
                m[1].to_string(),
                Definition {
                    line: i + 1,
                    lexicon: lexicon.clone(),
                    entries: m.get(2).map(|n| n.as_str().parse().unwrap()),
                    weight: None,
                },
            );
        } else if line.starts_with("| category |") {
            header = cells.iter().map(|c| c.to_string()).collect();
        } else if line.starts_with("| `") {
            let cell = |name: &str| header.iter().position(|h| h == name).map(|i| cells[i]);
            let cues = cell("cues").map(|c| c.parse().unwrap());
            let terms = cell("terms").map(|c| backticked(c).count());
            let weight =
                cell("weight").map(|c| c.replace('−', "-").replace('+', "").parse().unwrap());
            defs.insert(
                backticked(cells[1]).next().unwrap().to_string(),
                Definition {
                    line: i + 1,
                    lexicon: lexicon.clone(),
                    entries: cues.or(terms),
                    weight,
                },
            );
        }
    }
    defs
}

/// The weights of each category's entries in the built-in lexicon file `name`.
fn weights(name: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut file = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_path(repo(&format!("lexicons/{name}.csv")))
        .unwrap();
    let header = file.headers().unwrap().clone();
    let col = |c: &str| header.iter().position(|h| h == c).unwrap();
    let (category, weight) = (col("category"), col("weight"));
    let mut weights: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in file.records() {
        let row = row.unwrap();
        let w = row.get(weight).unwrap_or("").trim();
        for c in row[category].split(';') {
            weights
                .entry(c.trim().to_string())
                .or_default()
                .insert(if w.is_empty() { "1" } else { w }.to_string());
        }
    }
    weights
}

#[test]
fn every_builtin_category_is_defined_in_the_lexicon_codebook() {
    let defs = definitions();
    let choices = weights("choices");
    let doc = "lexicons/README.md";
    let mut problems = Vec::new();
    for (cat, (lexicon, entries)) in builtin_categories() {
        let Some(d) = defs.get(&cat) else {
            problems.push(format!(
                "{doc}: no item or table row defines {cat} ({lexicon}, {entries} entries)"
            ));
            continue;
        };
        let at = format!("{doc}:{} ({cat})", d.line);
        if d.lexicon != lexicon {
            problems.push(format!(
                "{at}: under `{}`, but the category is in {lexicon}",
                d.lexicon
            ));
        }
        if d.entries.is_some_and(|n| n != entries) {
            problems.push(format!(
                "{at}: says {} entries; slant lexicon list: {entries}",
                d.entries.unwrap()
            ));
        }
        if let Some(weight) = d.weight {
            let file: Vec<f64> = choices[&cat].iter().map(|w| w.parse().unwrap()).collect();
            if file.iter().any(|&w| w != weight) {
                problems.push(format!(
                    "{at}: weight {weight}; lexicons/choices.csv: {file:?}"
                ));
            }
        }
    }
    assert_none(&problems);
}

#[test]
fn every_category_the_lexicon_codebook_names_exists() {
    let categories = builtin_categories();
    let families: BTreeSet<&str> = categories
        .keys()
        .map(|c| c.split('.').next().unwrap())
        .collect();
    let known = |c: &str| {
        categories
            .keys()
            .any(|k| k == c || k.starts_with(&format!("{c}.")))
    };
    let doc = "lexicons/README.md";
    let mut problems: Vec<String> = definitions()
        .into_iter()
        .filter(|(c, _)| !categories.contains_key(c))
        .map(|(c, d)| {
            format!(
                "{doc}:{}: defines {c}, which no built-in lexicon has",
                d.line
            )
        })
        .collect();
    // Any mention in backticks of a path under a built-in family (`label.terror`, `frame.policy`).
    static PATH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[a-z]+(\.[a-z0-9_]+)+$").unwrap());
    let text = read_repo(doc);
    let mut line = 1;
    for (i, part) in text.split('`').enumerate() {
        let family = part.split('.').next().unwrap();
        let path = PATH.is_match(part) && !part.ends_with(".csv");
        if i % 2 == 1 && path && families.contains(family) && !known(part) {
            problems.push(format!(
                "{doc}:{line}: names {part}, which no built-in lexicon has"
            ));
        }
        line += part.matches('\n').count();
    }
    assert_none(&problems);
}
