//! Reproducibility: the same input gives the same bytes however a run is set up (its
//! environment, how a folder is named, the order its files were made in, one run or merged
//! shards), and `run.json` says what produced the reports: every hash in it is the one
//! `sha256sum` gives, and a file is spelt the same way wherever the reports name it.

use sha2::Digest;

use crate::shard::run_record;
use crate::util::{Workdir, examples, repo};

fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn run_json(w: &Workdir, dir: &str) -> serde_json::Value {
    serde_json::from_str(&w.read(&format!("{dir}/run.json"))).unwrap()
}

/// summary.html without the run's time and command line (the page shows both, from run.json).
fn page(w: &Workdir, dir: &str) -> String {
    let page = w.read(&format!("{dir}/summary.html"));
    let seconds = run_json(w, dir)["seconds"].to_string();
    let page = page.replace(&format!("<td>{seconds}</td>"), "<td>(seconds)</td>");
    let (start, end) = (
        page.find("<pre><code>").expect("the command line"),
        page.find("</code></pre>").expect("the command line"),
    );
    format!("{}{}", &page[..start], &page[end..])
}

/// The CSV reports of a folder, by name.
fn tables(w: &Workdir, dir: &str) -> Vec<(String, String)> {
    w.files(dir)
        .into_iter()
        .filter(|name| name.ends_with(".csv"))
        .map(|name| {
            let text = w.read(&format!("{dir}/{name}"));
            (name, text)
        })
        .collect()
}

fn assert_same_tables(w: &Workdir, a: &str, other: &Workdir, b: &str) {
    let (ours, theirs) = (tables(w, a), tables(other, b));
    assert_eq!(
        ours.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        theirs.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "{a} and {b} hold other reports"
    );
    for ((name, x), (_, y)) in ours.iter().zip(&theirs) {
        assert!(x == y, "{name} differs between {a} and {b}");
    }
}

const TARGETS: &str = "term,category\nterrorists,actor.terrorists\nguards,actor.guards\n";

/// Names that are not UTF-8 (Latin-1 systems, old zip files) are spelt with their bytes as
/// `\xE4` wherever a file is named: in made-up ids, `run.json`'s inputs and command line.
/// Before, a file named on the command line stopped slant with a panic, and in a folder walk
/// `a\xE4.jsonl` and `a\xF6.jsonl` were both `a\u{FFFD}.jsonl`: one name in `run.json` for two
/// files, and the same made-up ids for different records (with duplicate-id warnings).
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_spelt_by_its_bytes_wherever_it_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let w = Workdir::new();
    w.write("lex.csv", "term,category\nregime,label.regime\n");
    std::fs::create_dir(w.path("latin1")).unwrap();
    let (a, o) = (
        std::ffi::OsStr::from_bytes(b"latin1/a\xe4.jsonl"),
        std::ffi::OsStr::from_bytes(b"latin1/a\xf6.jsonl"),
    );
    // Records without an id, so that the ids are made up from the file's name.
    let record = "{\"outlet\": \"A\", \"text\": \"The regime fell.\"}\n";
    std::fs::write(w.dir.path().join(a), record).unwrap();
    std::fs::write(w.dir.path().join(o), record).unwrap();

    w.score_ok(&["latin1"], "lex.csv", &[]);
    let ids = crate::util::Table::read(&w.path("out/articles.csv")).column("id");
    assert_eq!(ids, ["latin1/a\\xE4.jsonl:1", "latin1/a\\xF6.jsonl:1"]);
    let run = run_json(&w, "out");
    let paths: Vec<&str> = run["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["latin1/a\\xE4.jsonl", "latin1/a\\xF6.jsonl"]);
    assert_eq!(run["warnings_total"], 0, "{}", run["warnings"]);

    // Named on the command line: read, and recorded in the same spelling.
    w.slant()
        .arg("score")
        .arg(a)
        .args(["--no-default-lexicons", "--lexicon", "lex.csv"])
        .args(["--out", "named", "-q"])
        .assert()
        .success();
    let ids = crate::util::Table::read(&w.path("named/articles.csv")).column("id");
    assert_eq!(ids, ["latin1/a\\xE4.jsonl:1"]);
    let run = run_json(&w, "named");
    assert_eq!(run["command_line"][2], "latin1/a\\xE4.jsonl");
    assert_eq!(run["inputs"][0]["path"], "latin1/a\\xE4.jsonl");
}

/// Every hash in `run.json` is the SHA-256 that `sha256sum` gives for the file, and `bytes` its
/// size. A built-in lexicon's hash is that of `lexicons/FILE` with `\n` line ends, as git
/// stores it: a checkout that turned them into `\r\n` (Git for Windows' default,
/// `core.autocrlf`) would build a slant that gives the same counts but records other hashes
/// for the same lexicon version; `.gitattributes` keeps the files as stored.
#[test]
fn every_recorded_hash_is_the_files_and_a_builtin_lexicon_has_one_hash() {
    let w = Workdir::new();
    w.write("corpus.jsonl", std::fs::read(examples()).unwrap());
    w.write("targets.csv", TARGETS);
    w.write("mine.csv", "term,category\nregime,label.regime\n");
    w.slant()
        .args(["score", "corpus.jsonl", "--lexicon", "mine.csv"])
        .args(["--targets", "targets.csv", "--out", "out", "-q"])
        .assert()
        .success();
    let run = run_json(&w, "out");
    let input = &run["inputs"][0];
    let bytes = std::fs::read(w.path("corpus.jsonl")).unwrap();
    assert_eq!(input["sha256"], sha256(&bytes).as_str());
    assert_eq!(input["bytes"], bytes.len());

    let lexicons = run["lexicons"].as_array().unwrap();
    let targets = run["targets"].as_array().unwrap();
    let mut builtin = 0;
    for lexicon in lexicons.iter().chain(targets) {
        let origin = lexicon["origin"].as_str().unwrap();
        let bytes = if let Some(file) = origin.strip_prefix("builtin:") {
            builtin += 1;
            let path = repo(&format!("lexicons/{file}"));
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes.contains(&b'\r'),
                "{}: \\r\\n line ends (a checkout that converts them?): this build records \
                 another hash for {} {} than every other build",
                path.display(),
                lexicon["name"],
                lexicon["version"]
            );
            bytes
        } else if origin == "slant:devices" {
            continue;
        } else {
            std::fs::read(w.path(origin)).unwrap()
        };
        assert_eq!(lexicon["sha256"], sha256(&bytes).as_str(), "{origin}");
    }
    assert_eq!(builtin, 4, "{lexicons:?}");
    assert_eq!(targets.len(), 1);
}

/// The time zone, the locale and the terminal settings change nothing in the reports or the
/// page: dates are read as written (no zone conversion), Unix times as UTC, numbers are written
/// with `.` whatever the locale, and text is compared without it (`I` and `ı` as Unicode says,
/// not as Turkish does).
#[test]
fn the_environment_does_not_change_the_reports() {
    let corpus = std::fs::read_to_string(examples()).unwrap();
    // One article more, dated by a Unix time an hour before midnight UTC: a day later east of
    // UTC+1, earlier west of it.
    let corpus = format!(
        "{corpus}{}\n",
        r#"{"id": "late", "outlet": "Quillport Herald", "date": "1709593200", "text": "Istanbul police said the terrorists fled."}"#
    );
    let env_a = [("TZ", "UTC"), ("LC_ALL", "C"), ("LANG", "C")];
    let env_b = [
        ("TZ", "Pacific/Kiritimati"),
        ("LC_ALL", "tr_TR.UTF-8"),
        ("LANG", "de_DE.UTF-8"),
        ("NO_COLOR", "1"),
        ("TERM", "dumb"),
    ];
    let run = |env: &[(&str, &str)]| {
        let w = Workdir::new();
        w.write("corpus.jsonl", &corpus);
        w.write("targets.csv", TARGETS);
        w.slant()
            .args([
                "score",
                "corpus.jsonl",
                "--targets",
                "targets.csv",
                "--dedupe",
            ])
            .args(["--period", "day", "--date-format", "unix", "--html"])
            .args(["--out", "out", "-q"])
            .envs(env.iter().copied())
            .assert()
            .success();
        w
    };
    let (a, b) = (run(&env_a), run(&env_b));
    assert!(
        a.read("out/articles.csv")
            .contains("\nlate,Quillport Herald,,2024-03-04,")
    );
    assert_same_tables(&a, "out", &b, "out");
    assert_eq!(run_record(&a, "out"), run_record(&b, "out"));
    // Both were run from a folder of their own with the same command line.
    assert_eq!(
        run_json(&a, "out")["command_line"],
        run_json(&b, "out")["command_line"]
    );
    assert_eq!(page(&a, "out"), page(&b, "out"));
}

/// A folder of `.txt` files, with wire copies across outlets.
fn txt_folder(w: &Workdir, reverse: bool) {
    let corpus = std::fs::read_to_string(examples()).unwrap();
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, line) in corpus.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (outlet, text) = (v["outlet"].as_str().unwrap(), v["text"].as_str().unwrap());
        files.push((format!("corpus/{outlet}/{i:02}.txt"), text.to_string()));
        if i % 3 == 0 {
            files.push((format!("corpus/Wire/{i:02}-copy.txt"), text.to_string()));
        }
    }
    if reverse {
        files.reverse();
    }
    for (name, text) in files {
        w.write(&name, text);
    }
}

/// A folder is walked in byte order of its names, so neither the order its files were made in
/// (which the file system's listing may follow) nor how the folder is named (`corpus`,
/// `./corpus/`, an absolute path) changes a report. Only run.json's command line and its
/// inputs' paths, which are spelt as the folder was named, differ.
#[test]
fn a_folder_gives_the_same_reports_however_it_is_named_and_its_files_were_made() {
    let (w, reversed) = (Workdir::new(), Workdir::new());
    txt_folder(&w, false);
    txt_folder(&reversed, true);
    let absolute = w.path("corpus").display().to_string();
    let flags = ["--dedupe", "--period", "month", "-q"];
    for (dir, input) in [
        ("plain", "corpus"),
        ("dotted", "./corpus/"),
        ("absolute", absolute.as_str()),
    ] {
        w.slant()
            .args(["score", input, "--out", dir])
            .args(flags)
            .assert()
            .success();
    }
    reversed
        .slant()
        .args(["score", "corpus", "--out", "plain"])
        .args(flags)
        .assert()
        .success();
    assert!(run_json(&w, "plain")["duplicates"].as_u64().unwrap() > 0);
    let without_paths = |w: &Workdir, dir: &str| {
        let mut run = run_record(w, dir);
        for input in run["inputs"].as_array_mut().unwrap() {
            input.as_object_mut().unwrap().remove("path");
        }
        run
    };
    for dir in ["dotted", "absolute"] {
        assert_same_tables(&w, "plain", &w, dir);
        assert_eq!(without_paths(&w, "plain"), without_paths(&w, dir), "{dir}");
    }
    assert_same_tables(&w, "plain", &reversed, "plain");
    assert_eq!(run_record(&w, "plain"), run_record(&reversed, "plain"));
    // The paths are spelt as the folder was named.
    for (dir, start) in [
        ("plain", "corpus/".to_string()),
        ("dotted", "./corpus/".to_string()),
        ("absolute", format!("{absolute}/")),
    ] {
        let run = run_json(&w, dir);
        let path = run["inputs"][0]["path"].as_str().unwrap();
        assert!(path.starts_with(&start), "{dir}: {path}");
    }
}

/// Shards of a folder of `.txt` files, with wire copies in other shards, merged with `--html`:
/// the reports and the page of one run.
#[test]
fn sharded_txt_folder_merged_with_html_is_one_run() {
    let w = Workdir::new();
    txt_folder(&w, false);
    w.write("targets.csv", TARGETS);
    let flags = [
        "--dedupe",
        "--period",
        "month",
        "--targets",
        "targets.csv",
        "-q",
    ];
    w.slant()
        .args(["score", "corpus", "--out", "single", "--html"])
        .args(flags)
        .assert()
        .success();
    let parts: Vec<String> = (1..=3).map(|k| format!("part{k}")).collect();
    for (k, part) in parts.iter().enumerate() {
        w.slant()
            .args(["score", "corpus", "--out", part])
            .args(["--shard", &format!("{}/3", k + 1)])
            .args(flags)
            .assert()
            .success();
    }
    w.slant()
        .arg("merge")
        .args(parts.iter().rev())
        .args(["--out", "merged", "--html", "-q"])
        .assert()
        .success();
    assert_same_tables(&w, "single", &w, "merged");
    assert_eq!(run_record(&w, "single"), run_record(&w, "merged"));
    assert_eq!(page(&w, "single"), page(&w, "merged"));
}

/// `run.json` and `comparisons.json` name the build that wrote them: the executable's SHA-256
/// is the one `sha256sum` gives of the binary that ran, and the commit (when slant was built
/// from its own checkout) is the one `slant --version` prints.
#[test]
fn the_records_name_the_build_that_wrote_them() {
    let w = Workdir::new();
    let binary = assert_cmd::cargo::cargo_bin("slant");
    let expected = sha256(&std::fs::read(&binary).unwrap());
    w.slant()
        .arg("score")
        .arg(examples())
        .args(["--out", "out", "-q"])
        .assert()
        .success();
    w.slant()
        .args([
            "compare",
            "out/articles.csv",
            "--by",
            "outlet",
            "--metrics",
            "slant",
        ])
        .args(["--bootstrap", "0", "--out", "cmp", "-q"])
        .assert()
        .success();
    let version = w.slant().arg("--version").output().unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    let compared: serde_json::Value =
        serde_json::from_str(&w.read("cmp/comparisons.json")).unwrap();
    for build in [&run_json(&w, "out")["build"], &compared["build"]] {
        assert_eq!(build["executable_sha256"], expected.as_str());
        match build["commit"].as_str() {
            Some(commit) => {
                assert_eq!(commit.len(), 40, "{commit}");
                assert!(commit.bytes().all(|b| b.is_ascii_hexdigit()), "{commit}");
                assert!(build["modified"].is_boolean(), "{build}");
                let modified = if build["modified"] == true {
                    ", modified"
                } else {
                    ""
                };
                assert_eq!(
                    version,
                    format!(
                        "slant {} (commit {}{modified})\n",
                        env!("CARGO_PKG_VERSION"),
                        &commit[..12]
                    )
                );
            }
            None => {
                assert!(build["modified"].is_null(), "{build}");
                assert_eq!(version, format!("slant {}\n", env!("CARGO_PKG_VERSION")));
            }
        }
    }
}
