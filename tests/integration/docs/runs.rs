//! Runs shown in the docs, and the synopsis of README *Commands* (see `docs.rs`).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use regex::Regex;

use super::{assert_none, backticked, read_repo, repo};
use crate::util::{Table, Workdir};

/// Blocks that show what slant printed without the command that printed it: how the block
/// starts, and the command.
const UNSHOWN: [(&str, &str); 2] = [
    // Quick start: the summary line of `cargo run --release -- score examples/corpus.jsonl`.
    (
        "slant: scored 10 articles",
        "slant score examples/corpus.jsonl",
    ),
    // *Dates*: a run whose first warning is a Unix timestamp, on [`TWO_JSONL`].
    (
        "slant: scored 2 articles",
        "slant score two.jsonl --period day --out out",
    ),
];

/// The input the README's warning example reads but does not show: two articles dated by a
/// Unix timestamp, one match each.
const TWO_JSONL: &str = "{\"id\":\"a\",\"date\":\"1369353600\",\"text\":\"They said so.\"}\n\
                         {\"id\":\"b\",\"date\":\"1369353600\",\"text\":\"They said so.\"}\n";

/// Blocks of `$` lines that are not run here, and why.
const NOT_RUN: [(&str, &str); 2] = [
    (
        "$ scripts/validate-allsides.sh",
        "needs the AllSides corpus in ../shared and a release build; CI runs the script",
    ),
    (
        "$ slant score ../shared/corpora/allsides-dev.jsonl.gz --group-by outlet,bias --out reports -q",
        "needs the AllSides corpus in ../shared, and the comparison of every outlet against \
         the rest takes minutes in a release build (the README gives the date it was run)",
    ),
];

/// A fenced code block of a Markdown file.
struct Block {
    /// Each line with its number in the file.
    lines: Vec<(usize, String)>,
    /// The text between the previous block and this one.
    before: String,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut done = Vec::new();
    let mut before = String::new();
    let mut open: Option<Block> = None;
    for (i, line) in read_repo(doc).lines().enumerate() {
        match open.as_mut() {
            Some(_) if line.starts_with("```") => done.extend(open.take()),
            Some(block) => block.lines.push((i + 1, line.to_string())),
            None if line.starts_with("```") => {
                open = Some(Block {
                    lines: Vec::new(),
                    before: std::mem::take(&mut before),
                })
            }
            None => before.push_str(&format!("{line}\n")),
        }
    }
    done
}

/// `README.md`, `examples/README.md` and every `docs/*.md`.
fn docs() -> Vec<String> {
    let mut docs = vec!["README.md".to_string(), "examples/README.md".to_string()];
    let mut more: Vec<String> = std::fs::read_dir(repo("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// Runs `command` in `sh` in `w`, with the slant under test first on the `PATH`: whether it
/// succeeded, and what it printed on stdout and stderr, interleaved as in a terminal.
fn sh(w: &Workdir, command: &str) -> (bool, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_slant")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&path)),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .env("PATH", path)
        .current_dir(w.dir.path())
        .output()
        .expect("sh");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// [`sh`], asserting that `command` succeeds.
pub(super) fn run_ok(w: &Workdir, command: &str) {
    let (ok, printed) = sh(w, command);
    assert!(ok, "`{command}` failed:\n{printed}");
}

/// Puts in `w` what `command` reads: the repository files it names, and the inputs a doc
/// describes without showing them.
pub(super) fn prepare(w: &Workdir, command: &str) {
    for word in command.split_whitespace() {
        let from = repo(word);
        if !word.starts_with('-') && from.is_file() && !w.path(word).exists() {
            w.write(word, std::fs::read(from).unwrap());
        }
    }
    if command.contains("two.jsonl") {
        w.write("two.jsonl", TWO_JSONL);
    }
    if command.contains("reports/coder-a.csv") {
        code_sheets(w);
    }
}

/// The two coders' copies of `reports/sample.csv` the README's `slant agreement` example reads:
/// "coder A marks every eighth match incorrect, sample_id 8, 16, …; coder B differs from A on
/// every eleventh, 11, 22, …, and leaves sample_id 6 blank".
fn code_sheets(w: &Workdir) {
    let sheet = Table::read(&w.path("reports/sample.csv"));
    let (id, judgement) = (sheet.col("sample_id"), sheet.col("judgement"));
    for coder in ["a", "b"] {
        let mut out =
            csv::Writer::from_path(w.path(&format!("reports/coder-{coder}.csv"))).unwrap();
        out.write_record(&sheet.header).unwrap();
        for row in &sheet.rows {
            let n: u32 = row[id].parse().unwrap();
            let correct = (n % 8 != 0) != (coder == "b" && n % 11 == 0);
            let mut row = row.clone();
            row[judgement] = match (coder, n) {
                ("b", 6) => "",
                _ if correct => "correct",
                _ => "incorrect",
            }
            .into();
            out.write_record(&row).unwrap();
        }
        out.flush().unwrap();
    }
}

/// A line as it is compared: without white space at its end, and with the figures of the
/// summary line that vary from run to run (`in 0.01 s`, `0.8 MB/s`) written `#`.
fn comparable(line: &str) -> String {
    static TIMING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bin \d+\.\d+ s\b|\b\d+\.\d+ MB/s").unwrap());
    TIMING
        .replace_all(line.trim_end(), |m: &regex::Captures| {
            if m[0].starts_with("in ") {
                "in # s"
            } else {
                "# MB/s"
            }
        })
        .into_owned()
}

/// Whether the `shown` lines (`...` aside) are lines of `printed`, in order; if not, a message
/// naming the first that is not and what `command` printed where it should be.
fn expect_lines(
    doc: &str,
    command: &str,
    shown: &[(usize, String)],
    printed: &str,
) -> Option<String> {
    let printed: Vec<&str> = printed.lines().collect();
    let mut at = 0;
    for (n, line) in shown.iter().filter(|(_, l)| l.trim() != "...") {
        let want = comparable(line);
        match printed[at..].iter().position(|p| comparable(p) == want) {
            Some(i) => at += i + 1,
            None => {
                let rest = &printed[at..];
                let closest = rest.iter().max_by_key(|p| likeness(&want, &comparable(p)));
                let more = rest.len().saturating_sub(30);
                return Some(format!(
                    "{doc}:{n}: not in what `{command}` printed (in order):\n  \
                     {doc}: {line}\n  closest: {}\nslant printed, from there on:\n{}{}",
                    closest.unwrap_or(&"(nothing)"),
                    rest.iter()
                        .take(30)
                        .map(|p| format!("  | {p}\n"))
                        .collect::<String>(),
                    if more > 0 {
                        format!("  ({more} more lines)\n")
                    } else {
                        String::new()
                    },
                ));
            }
        }
    }
    None
}

/// How many characters two lines share at their start and at their end.
fn likeness(a: &str, b: &str) -> usize {
    let head = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let tail = a
        .chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    head + tail
}

/// Whether a block's rows (a CSV header and rows, `...` aside) are rows of the report the text
/// before the block names last (`reports/articles.csv`), in order, by column name; if not, a
/// message naming the first row that is not and the report's row of that id.
fn expect_rows(doc: &str, w: &Workdir, block: &Block) -> Option<String> {
    let shown: Vec<&(usize, String)> = block
        .lines
        .iter()
        .filter(|(_, l)| l.trim() != "...")
        .collect();
    let report = backticked(&block.before)
        .filter(|n| n.starts_with("reports/") && n.ends_with(".csv"))
        .last()
        .unwrap_or_else(|| panic!("{doc}:{}: rows of which report?", shown[0].0));
    let table = Table::read(&w.path(report));
    let text: String = shown.iter().map(|(_, l)| format!("{l}\n")).collect();
    let mut excerpt = csv::Reader::from_reader(text.as_bytes());
    let mut columns = Vec::new();
    for name in excerpt.headers().unwrap() {
        match table.header.iter().position(|h| h == name) {
            Some(i) => columns.push(i),
            None => {
                return Some(format!(
                    "{doc}:{}: {report} has no column {name}",
                    shown[0].0
                ));
            }
        }
    }
    let mut at = 0;
    for record in excerpt.records() {
        let record = record.unwrap();
        let (n, line) = shown[record.position().unwrap().line() as usize - 1];
        let same = |row: &Vec<String>| columns.iter().zip(&record).all(|(&i, v)| row[i] == v);
        match table.rows[at..].iter().position(same) {
            Some(i) => at += i + 1,
            None => {
                let cells = |row: &[String]| -> Vec<String> {
                    columns.iter().map(|&i| row[i].clone()).collect()
                };
                let alike = |row: &[String]| {
                    cells(row)
                        .iter()
                        .zip(&record)
                        .filter(|(a, b)| a == b)
                        .count()
                };
                let closest = table.rows[at..]
                    .iter()
                    .max_by_key(|r| alike(r))
                    .map_or("(no row)".into(), |r| cells(r).join(","));
                return Some(format!(
                    "{doc}:{n}: not a row of {report} (in order):\n  {doc}: {line}\n  \
                     closest: {closest}"
                ));
            }
        }
    }
    None
}

#[test]
fn shown_runs_print_what_the_docs_show() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for doc in docs() {
        let w = Workdir::new();
        for block in blocks(&doc) {
            let Some((line, first)) = block.lines.first() else {
                continue;
            };
            if first.starts_with("$ ") {
                if NOT_RUN.iter().any(|(c, _)| first == c) {
                    continue;
                }
                // Each `$` line and the lines up to the next.
                let mut at = 0;
                while at < block.lines.len() {
                    let end = block.lines[at + 1..]
                        .iter()
                        .position(|(_, l)| l.starts_with("$ "))
                        .map_or(block.lines.len(), |i| at + 1 + i);
                    let command = &block.lines[at].1[2..];
                    prepare(&w, command);
                    let (_, printed) = sh(&w, command);
                    problems.extend(expect_lines(
                        &doc,
                        command,
                        &block.lines[at + 1..end],
                        &printed,
                    ));
                    checked += 1;
                    at = end;
                }
            } else if first.starts_with("slant: ") {
                let (_, command) = UNSHOWN
                    .iter()
                    .find(|(start, _)| first.starts_with(start))
                    .unwrap_or_else(|| {
                        panic!("{doc}:{line}: which command printed this? Add it to UNSHOWN")
                    });
                prepare(&w, command);
                let (_, printed) = sh(&w, command);
                problems.extend(expect_lines(&doc, command, &block.lines, &printed));
                checked += 1;
            } else if first.starts_with("id,") {
                problems.extend(expect_rows(&doc, &w, &block));
                checked += 1;
            } else if block.lines.iter().all(|(_, l)| l.starts_with("slant ")) {
                // Commands to try, with no output shown: each must run.
                for (n, command) in &block.lines {
                    prepare(&w, command);
                    let (ok, printed) = sh(&w, command);
                    if !ok {
                        problems.push(format!("{doc}:{n}: `{command}` failed:\n{printed}"));
                    }
                    checked += 1;
                }
            }
        }
    }
    // The docs' 13 runs and excerpts: fewer means that blocks were missed.
    assert!(checked >= 13, "only {checked} blocks were checked");
    assert_none(&problems);
}

/// The flags of `slant CMD --help`, each as its long and its short form (`--threads`, `-j`),
/// `--help` and `--version` aside.
fn help_flags(command: &str) -> Vec<(String, Option<String>)> {
    static FLAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ +(?:(-[a-zA-Z]), )?(--[a-z][a-z-]*)").unwrap());
    let out = Command::new(env!("CARGO_BIN_EXE_slant"))
        .args(command.split(' '))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    FLAG.captures_iter(&help)
        .map(|m| (m[2].to_string(), m.get(1).map(|s| s.as_str().to_string())))
        .filter(|(long, _)| long != "--help" && long != "--version")
        .collect()
}

#[test]
fn the_synopsis_lists_the_flags_of_each_command() {
    // README *Commands*: the block of `slant CMD [--flag …]` lines, continued on indented lines.
    static COMMAND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^slant (lexicon [a-z]+|[a-z]+)").unwrap());
    static FLAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[\[ ])(--?[a-zA-Z][a-z-]*)").unwrap());
    let block = blocks("README.md")
        .into_iter()
        .find(|b| b.before.ends_with("## Commands\n\n"))
        .expect("README.md: no block under ## Commands");
    let mut synopsis: Vec<(usize, String, BTreeSet<String>)> = Vec::new();
    for (n, line) in &block.lines {
        if let Some(m) = COMMAND.captures(line) {
            synopsis.push((*n, m[1].to_string(), BTreeSet::new()));
        }
        let flags = FLAG.captures_iter(line).map(|m| m[1].to_string());
        synopsis.last_mut().unwrap().2.extend(flags);
    }
    let mut problems = Vec::new();
    for (n, command, shown) in &synopsis {
        let help = help_flags(command);
        for (long, short) in &help {
            if !shown.contains(long) && !short.as_ref().is_some_and(|s| shown.contains(s)) {
                problems.push(format!(
                    "README.md:{n}: slant {command} has {long}, not shown"
                ));
            }
        }
        for flag in shown {
            if !help
                .iter()
                .any(|(l, s)| l == flag || s.as_ref() == Some(flag))
            {
                problems.push(format!("README.md:{n}: slant {command} has no {flag}"));
            }
        }
    }
    assert!(synopsis.len() >= 10, "{synopsis:?}");
    assert_none(&problems);
}
