//! Hostile inputs too big to commit or to run in a debug build: generated at test time into a
//! temporary folder, `#[ignore]`d, and run in release mode by `scripts/hostile.sh`, which
//! prints each run's wall time and peak RSS (`/usr/bin/time -v`) for the README.
//!
//! `cargo test --release --test integration hostile_big -- --ignored --nocapture`

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{Table, Workdir};

/// The `n`-th generated word: `q` and four or more letters, all distinct and the same shape.
fn word(n: usize) -> String {
    let mut w = String::from("q");
    let mut k = n;
    for _ in 0..4 {
        w.push(char::from(b'a' + (k % 26) as u8));
        k /= 26;
    }
    while k > 0 {
        w.push(char::from(b'a' + (k % 26) as u8));
        k /= 26;
    }
    w
}

/// A lexicon of `n` entries of every literal kind (exact, `*`, `~`, two-word phrases), in
/// 50 × 7 categories under `big`, with weights from −2 to 2.
pub fn big_lexicon(n: usize) -> String {
    let mut out = String::from("# name: big\n# version: generated\nterm,category,weight\n");
    for i in 0..n {
        let w = word(i);
        let term = match i % 4 {
            0 => format!("{w}*"),
            1 => format!("{w}~"),
            2 => format!("{w} {w}z"),
            _ => w,
        };
        out.push_str(&format!(
            "{term},big.c{}.s{},{}\n",
            i % 50,
            i % 7,
            (i % 5) as i32 - 2
        ));
    }
    out
}

/// Words that match each entry of [`big_lexicon`]`(n)` exactly once, in order.
pub fn lexicon_words(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let w = word(i);
            match i % 4 {
                0 => format!("{w}x"),
                1 => format!("{w}s"),
                2 => format!("{w}-{w}z"),
                _ => w,
            }
        })
        .collect()
}

/// Runs the release `slant` with `args` in `dir` under `/usr/bin/time -v` (when there is
/// one) and prints `measured: LABEL: wall time, peak RSS` for `scripts/hostile.sh`.
fn measured(dir: &Path, label: &str, args: &[&str]) -> Output {
    let slant = assert_cmd::cargo::cargo_bin("slant");
    let timer = Path::new("/usr/bin/time");
    let out = if timer.exists() {
        Command::new(timer)
            .arg("-v")
            .arg(&slant)
            .args(args)
            .current_dir(dir)
            .output()
    } else {
        Command::new(&slant).args(args).current_dir(dir).output()
    }
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| "?".into())
    };
    let rss_mb = field("Maximum resident set size (kbytes):")
        .parse::<f64>()
        .map_or("?".into(), |kb| format!("{:.0} MB", kb / 1024.0));
    println!(
        "measured: {label}: {} wall, {} peak RSS, exit {}",
        field("Elapsed (wall clock) time (h:mm:ss or m:ss):"),
        rss_mb,
        out.status.code().unwrap_or(-1)
    );
    out
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn peak_rss_mb(out: &Output) -> Option<f64> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr.lines().find_map(|l| {
        let kb = l
            .trim()
            .strip_prefix("Maximum resident set size (kbytes):")?;
        Some(kb.trim().parse::<f64>().ok()? / 1024.0)
    })
}

/// One sentence of news text, about 120 bytes, with a few matches of the built-in lexicons.
const SENTENCE: &str = "The regime said the militants were terrorists, but officials insisted \
    the so-called \\\"freedom fighters\\\" had not attacked. ";

#[test]
#[ignore = "writes 600 MB and needs 4 GB of memory; run by scripts/hostile.sh in release"]
fn a_200_mb_single_line_article_is_skipped_with_bounded_memory() {
    let w = Workdir::new();
    let size = 200 << 20;
    let mut f = BufWriter::new(std::fs::File::create(w.path("huge.jsonl")).unwrap());
    write!(f, "{{\"id\":\"huge\",\"outlet\":\"X\",\"text\":\"").unwrap();
    let mut written = 0;
    while written < size {
        f.write_all(SENTENCE.as_bytes()).unwrap();
        written += SENTENCE.len();
    }
    writeln!(
        f,
        "\"}}\n{{\"id\":\"small\",\"outlet\":\"X\",\"text\":\"{SENTENCE}\"}}"
    )
    .unwrap();
    drop(f);
    let plain = SENTENCE.replace("\\\"", "\"");
    let mut f = BufWriter::new(std::fs::File::create(w.path("huge.txt")).unwrap());
    let mut written = 0;
    while written < size {
        f.write_all(plain.as_bytes()).unwrap();
        written += plain.len();
    }
    drop(f);
    let mut f = BufWriter::new(std::fs::File::create(w.path("huge.csv")).unwrap());
    write!(f, "id,text\nhuge,\"").unwrap();
    let quoted = plain.replace('"', "\"\"");
    let mut written = 0;
    while written < size {
        f.write_all(quoted.as_bytes()).unwrap();
        written += quoted.len();
    }
    writeln!(f, "\"\nsmall,{}", plain.replace(['"', ','], "")).unwrap();
    drop(f);
    // A run that scores no article fails: each input has a small article beside the huge one.
    std::fs::write(w.path("small.txt"), &plain).unwrap();

    for (input, id, bound_mb) in [
        // A line too long to read is measured, not parsed: its id is not known.
        ("huge.jsonl", "", 400.0),
        ("huge.txt", "huge.txt", 200.0),
        ("huge.csv", "huge", 900.0),
    ] {
        let small = if input == "huge.txt" {
            "small.txt"
        } else {
            input
        };
        let mut args = vec!["score", input, small, "-q", "--out", "out"];
        args.dedup();
        let out = measured(
            w.dir.path(),
            &format!("200 MB one-line article ({input}), default limit: skipped"),
            &args,
        );
        assert_ok(&out);
        let s = Table::read(&w.path("out/skipped.csv"));
        assert_eq!(s.column("id"), [id], "{input}");
        assert!(
            s.column("reason")[0].contains("--max-article-bytes"),
            "{input}"
        );
        if let Some(rss) = peak_rss_mb(&out) {
            assert!(rss < bound_mb, "{input}: {rss} MB peak RSS");
        }
    }
    // Raised above its size, the article is scored whole.
    let out = measured(
        w.dir.path(),
        "200 MB one-line article (huge.jsonl), --max-article-bytes 256M: scored",
        &[
            "score",
            "huge.jsonl",
            "-q",
            "--out",
            "out",
            "--max-article-bytes",
            "256M",
        ],
    );
    assert_ok(&out);
    let a = Table::read(&w.path("out/articles.csv"));
    assert_eq!(a.column("id"), ["huge", "small"]);
}

#[test]
#[ignore = "a million articles take minutes in a debug build; run by scripts/hostile.sh"]
fn a_million_tiny_articles() {
    let w = Workdir::new();
    let n = 1_000_000;
    let mut f = BufWriter::new(std::fs::File::create(w.path("tiny.jsonl")).unwrap());
    for i in 0..n {
        writeln!(
            f,
            "{{\"id\":\"t{i}\",\"outlet\":\"o{}\",\"text\":\"Militants said {i}.\"}}",
            i % 7
        )
        .unwrap();
    }
    drop(f);
    let mb = std::fs::metadata(w.path("tiny.jsonl")).unwrap().len() >> 20;
    let out = measured(
        w.dir.path(),
        &format!("1,000,000 tiny articles ({mb} MiB of JSON Lines)"),
        &["score", "tiny.jsonl", "-q", "--out", "out"],
    );
    assert_ok(&out);
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    assert_eq!(run["articles_scored"], n);
    assert_eq!(run["records_skipped"], 0);
    let lines = std::fs::read_to_string(w.path("out/articles.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, n + 1);
    if let Some(rss) = peak_rss_mb(&out) {
        assert!(rss < 1024.0, "{rss} MB peak RSS");
    }
}

#[test]
#[ignore = "400,000 quotations take seconds in a debug build; run by scripts/hostile.sh"]
fn articles_of_200000_short_quotations_in_one_paragraph_or_one_sentence() {
    // Every quotation is a candidate scare quote. The device rules once looked, for each
    // quotation, through every token of its sentence (for a reporting verb) and through every
    // other quotation of the text (the echo check): 200,000 × 1,000,000 steps in one sentence.
    let w = Workdir::new();
    let n = 200_000;
    let article = |id: &str, sentence: &dyn Fn(usize) -> String| {
        let text: Vec<String> = (0..n).map(sentence).collect();
        format!(
            "{}\n",
            serde_json::json!({"id": id, "outlet": "o", "text": text.join(" ")})
        )
    };
    w.write(
        "quotes.jsonl",
        article("sentences", &|i| format!("The \"word{}\" is here.", i % 50))
            + &article("one", &|i| format!("the \"word{}\" is here and", i % 50)),
    );
    let kb = std::fs::metadata(w.path("quotes.jsonl")).unwrap().len() >> 10;
    let out = measured(
        w.dir.path(),
        &format!(
            "two articles of 200,000 short quotations, in one paragraph and in one sentence ({kb} KiB)"
        ),
        &["score", "quotes.jsonl", "-q", "--out", "out"],
    );
    assert_ok(&out);
    let a = Table::read(&w.path("out/articles.csv"));
    for (id, sentences) in [("sentences", n), ("one", 1)] {
        let r = a.row(&[("id", id)]);
        assert_eq!(
            a.cells(r, &["sentences", "quotations", "device.scare_quote.n"]),
            [sentences.to_string(), n.to_string(), n.to_string()]
        );
    }
}

#[test]
#[ignore = "100,000 entries take several seconds in a debug build; run by scripts/hostile.sh"]
fn a_lexicon_with_100000_entries() {
    let w = Workdir::new();
    let n = 100_000;
    w.write("big.csv", big_lexicon(n));
    let words = lexicon_words(n);
    let mut corpus = String::new();
    for (i, chunk) in words.chunks(1000).enumerate() {
        corpus.push_str(&format!(
            "{{\"id\":\"a{i}\",\"text\":\"{}\"}}\n",
            chunk.join(" ")
        ));
    }
    w.write("c.jsonl", corpus);
    let out = measured(
        w.dir.path(),
        "lexicon of 100,000 entries, 100 articles matching every entry",
        &[
            "score",
            "c.jsonl",
            "-q",
            "--out",
            "out",
            "--no-default-lexicons",
            "--lexicon",
            "big.csv",
        ],
    );
    assert_ok(&out);
    let a = Table::read(&w.path("out/articles.csv"));
    let total: u64 = a
        .column("big.n")
        .iter()
        .map(|n| n.parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, n as u64);
    let out = measured(
        w.dir.path(),
        "slant lexicon check on 100,000 entries",
        &[
            "lexicon",
            "check",
            "--no-default-lexicons",
            "--lexicon",
            "big.csv",
        ],
    );
    assert_ok(&out);
}
