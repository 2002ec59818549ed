//! The codebook of the reports, `reports/README.md`, against what slant writes (see `docs.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use super::runs::{prepare, run_ok};
use super::{assert_none, backticked, read_repo};
use crate::util::{Table, Workdir};

/// What `reports/README.md` says about one file, in the section whose heading names it.
struct Section {
    /// The line of the heading.
    line: usize,
    /// The names the first column of its tables lists (`<cat>.n` and the like among them).
    listed: BTreeSet<String>,
    /// Whether that column lists "group columns".
    group_columns: bool,
    /// Every name written between backticks in the section.
    mentioned: BTreeSet<String>,
    /// The rows of its tables.
    rows: Vec<String>,
}

/// The codebook's sections by file name (`articles.csv`, `run.json`, …): each heading that
/// names files, with the lines up to the next heading.
fn codebook() -> BTreeMap<String, Section> {
    let text = read_repo("reports/README.md");
    let lines: Vec<&str> = text.lines().collect();
    let name = |n: &str| n.trim_end_matches("[]").to_string();
    let is_file = |n: &&str| {
        !n.contains(' ')
            && [".csv", ".json", ".html", ".bin"]
                .iter()
                .any(|x| n.ends_with(x))
    };
    let mut sections = BTreeMap::new();
    for (i, heading) in lines.iter().enumerate().filter(|(_, l)| l.starts_with('#')) {
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.starts_with('#'))
            .map_or(lines.len(), |n| i + 1 + n);
        let body = &lines[i + 1..end];
        let first_cells: Vec<&str> = body
            .iter()
            .filter_map(|l| l.strip_prefix('|')?.split('|').next())
            .collect();
        for file in backticked(heading).filter(is_file) {
            let section = Section {
                rows: body
                    .iter()
                    .filter(|l| l.starts_with('|'))
                    .map(|l| l.to_string())
                    .collect(),
                line: i + 1,
                listed: first_cells
                    .iter()
                    .flat_map(|c| backticked(c))
                    .map(name)
                    .collect(),
                group_columns: first_cells.iter().any(|c| c.contains("group columns")),
                mentioned: backticked(&body.join("\n")).map(name).collect(),
            };
            sections.insert(file.to_string(), section);
        }
    }
    sections
}

/// The group columns of the runs below: the default, `outlet`.
const GROUP_COLUMNS: [&str; 1] = ["outlet"];

impl Section {
    /// Whether `column` is one the section lists: by name, as a group column, or by a pattern
    /// such as `<cat>.per_1k` (any category path before `.per_1k`).
    fn lists_column(&self, column: &str) -> bool {
        self.listed.contains(column)
            || (self.group_columns && GROUP_COLUMNS.contains(&column))
            || self.listed.iter().any(|p| fits(p, column))
    }

    /// Whether the row of `column` names `value` (`words`, or `<cat>.per_1k` for
    /// `label.per_1k`).
    fn names_value(&self, column: &str, value: &str) -> bool {
        let quoted = format!("`{column}`");
        self.rows
            .iter()
            .filter(|r| r.split('|').nth(1).is_some_and(|c| c.contains(&quoted)))
            .flat_map(|r| backticked(r))
            .any(|n| n == value || fits(n, value))
    }
}

/// Whether `name` fits `pattern`: the same, or a category path where the pattern has `<cat>`.
fn fits(pattern: &str, name: &str) -> bool {
    static CATEGORY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$").unwrap());
    pattern == name
        || pattern
            .strip_prefix("<cat>")
            .and_then(|suffix| name.strip_suffix(suffix))
            .is_some_and(|cat| CATEGORY.is_match(cat))
}

/// Columns whose values are names the codebook's row of the column lists.
const NAMED_VALUES: [(&str, &str); 6] = [
    ("groups.csv", "metric"),
    ("agreement.csv", "statistic"),
    ("matches.csv", "part"),
    ("matches.csv", "voice"),
    ("quotations.csv", "part"),
    ("quotations.csv", "device"),
];

/// The keys of a JSON object, and (as `outer.inner`) those of the objects in its values, or in
/// its values' arrays, one level down.
fn json_keys(value: &serde_json::Value) -> Vec<(String, Option<String>)> {
    let mut keys = Vec::new();
    for (k, v) in value.as_object().unwrap() {
        keys.push((k.clone(), None));
        let inner: Vec<&serde_json::Value> = match v {
            serde_json::Value::Array(items) => items.iter().collect(),
            v => vec![v],
        };
        for o in inner.iter().filter_map(|v| v.as_object()) {
            for k2 in o.keys() {
                keys.push((k.clone(), Some(k2.clone())));
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn the_codebook_lists_every_report_and_column_slant_writes() {
    // Every command and option that adds a file or a column: --targets, --period, --html,
    // compare, a coding sheet and its agreement table, and the partial results of --shard and
    // the run.json of their merge.
    let w = Workdir::new();
    let score = "slant score examples/corpus.jsonl --targets docs/actors.csv --period month -q";
    for command in [
        format!("{score} --html --out reports"),
        "slant compare reports/articles.csv --by outlet --out reports -q".into(),
        "slant sample reports --per category,outlet --n 2 --seed 42 -q".into(),
        "slant agreement reports/coder-a.csv reports/coder-b.csv --out reports/agreement.csv -q"
            .into(),
        format!("{score} --shard 1/2 --out part1"),
        format!("{score} --shard 2/2 --out part2"),
        "slant merge part1 part2 --out merged -q".into(),
    ] {
        prepare(&w, &command);
        run_ok(&w, &command);
    }
    let codebook = codebook();
    let doc = "reports/README.md";
    let mut problems = Vec::new();
    let mut written: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for dir in ["reports", "part1", "merged"] {
        for name in w.files(dir) {
            if !name.starts_with("coder-") {
                written
                    .entry(name.clone())
                    .or_default()
                    .push(w.path(&format!("{dir}/{name}")));
            }
        }
    }
    for (file, paths) in &written {
        let Some(s) = codebook.get(file) else {
            problems.push(format!("{doc}: no section on {file}, which slant writes"));
            continue;
        };
        let at = format!("{doc}:{} ({file})", s.line);
        if file.ends_with(".csv") {
            let table = Table::read(&paths[0]);
            for (_, column) in NAMED_VALUES.iter().filter(|(f, _)| f == file) {
                let values: BTreeSet<String> = table.column(column).into_iter().collect();
                for v in values
                    .iter()
                    .filter(|v| !v.is_empty() && !s.names_value(column, v))
                {
                    problems.push(format!("{at}: the row of {column} does not name {v}"));
                }
            }
            let header = table.header;
            // Columns of one pattern (`<cat>.lead_n`) as one problem, by their last part.
            let mut missing: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
            for c in header.iter().filter(|c| !s.lists_column(c)) {
                missing
                    .entry(c.rsplit('.').next().unwrap())
                    .or_default()
                    .push(c);
            }
            for columns in missing.values() {
                let more = match columns.len() - 1 {
                    0 => String::new(),
                    n => format!(" (and {n} more that end like it)"),
                };
                problems.push(format!(
                    "{at}: no row for the column {}{more}, which slant writes",
                    columns[0]
                ));
            }
            for c in s
                .listed
                .iter()
                .filter(|c| !c.contains('<') && !header.contains(c))
            {
                problems.push(format!(
                    "{at}: lists the column {c}, which slant does not write"
                ));
            }
        } else if file.ends_with(".json") {
            let mut found = BTreeSet::new();
            for path in paths {
                let json: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                for (key, inner) in json_keys(&json) {
                    let documented = match &inner {
                        None if !s.listed.is_empty() => s.listed.contains(&key),
                        None => s.mentioned.contains(&key),
                        Some(k) => s.mentioned.contains(k),
                    };
                    if !documented {
                        let full = inner.map_or(key.clone(), |k| format!("{key}.{k}"));
                        problems.push(format!(
                            "{at}: does not name the key {full}, which slant writes"
                        ));
                    }
                    found.insert(key);
                }
            }
            for k in s.listed.iter().filter(|k| !found.contains(*k)) {
                problems.push(format!(
                    "{at}: lists the key {k}, which slant does not write"
                ));
            }
        }
    }
    for (file, s) in &codebook {
        if !written.contains_key(file) {
            problems.push(format!(
                "{doc}:{}: a section on {file}, which these runs do not write",
                s.line
            ));
        }
    }
    assert_none(&problems);
}
