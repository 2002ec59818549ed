//! Faults (README "Robustness"): a run killed outright, interrupted, or unable to write must
//! leave the reports of the previous run exactly as they were, and say what happened.
//!
//! The full-disk and read-only tests mount a small tmpfs or a read-only bind mount, which
//! needs root; where mounting is not allowed they print why and check nothing more.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::util::Workdir;

fn slant_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("slant")
}

/// A corpus of `n` articles with several matches of the built-in lexicons each.
fn corpus(n: usize) -> String {
    let mut out = String::with_capacity(n * 400);
    for i in 0..n {
        out.push_str(&format!(
            "{{\"id\":\"a{i}\",\"outlet\":\"o{}\",\"text\":\"The regime said the militants \
             were terrorists. Officials claimed the so-called “freedom fighters” attacked \
             {i} posts, but insisted it was not terror.\"}}\n",
            i % 5
        ));
    }
    out
}

/// Every visible file of a folder, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

/// Scores a small corpus into `out` and returns the reports it wrote.
fn old_reports(w: &Workdir, out: &str) -> BTreeMap<String, Vec<u8>> {
    w.write("small.jsonl", corpus(3));
    w.slant()
        .args(["score", "small.jsonl", "-q", "--out", out])
        .assert()
        .success();
    let reports = snapshot(&w.path(out));
    assert!(reports.contains_key("articles.csv") && reports.contains_key("run.json"));
    reports
}

/// Starts `slant score big.jsonl --out out` and waits until its `articles.csv` is being
/// written (a temporary file with bytes in it), so the run is truly mid-way.
#[allow(clippy::zombie_processes)] // every caller waits for the child it is handed
fn start_mid_way(w: &Workdir) -> Child {
    let mut child = Command::new(slant_bin())
        .args(["score", "big.jsonl", "-q", "--out", "out"])
        .current_dir(w.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let writing = std::fs::read_dir(w.path("out")).is_ok_and(|mut entries| {
            entries.any(|e| {
                e.is_ok_and(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(".articles.csv.") && e.metadata().is_ok_and(|m| m.len() > 0)
                })
            })
        });
        if writing {
            return child;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run never started writing");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_run_killed_mid_way_leaves_the_old_reports_intact() {
    let w = Workdir::new();
    let before = old_reports(&w, "out");
    w.write("big.jsonl", corpus(100_000)); // 21 MB: many seconds of work
    let mut child = start_mid_way(&w);
    child.kill().unwrap(); // SIGKILL: no handler runs
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    assert_eq!(snapshot(&w.path("out")), before, "old reports changed");
    // What a killed run leaves: its temporary files, which the next run points out.
    let stale = temp_files(&w.path("out"));
    assert!(!stale.is_empty());
    w.slant()
        .args(["score", "small.jsonl", "-q", "--out", "out"])
        .assert()
        .success();
    let run: serde_json::Value = serde_json::from_str(&w.read("out/run.json")).unwrap();
    let warned = run["warnings"].to_string();
    assert!(
        warned.contains(&format!(
            "{} of an earlier run that was killed",
            match stale.len() {
                1 => "1 temporary file".to_string(),
                n => format!("{n} temporary files"),
            }
        )),
        "{warned}"
    );
}

#[test]
fn ctrl_c_or_sigterm_stop_promptly_and_keep_the_old_reports() {
    for (name, code, said) in [("INT", 130, "Ctrl-C (SIGINT)"), ("TERM", 143, "SIGTERM")] {
        let w = Workdir::new();
        let before = old_reports(&w, "out");
        w.write("big.jsonl", corpus(100_000));
        let child = start_mid_way(&w);
        let sent = Instant::now();
        signal(&child, name);
        let out = child.wait_with_output().unwrap();
        let took = sent.elapsed();
        println!("SIG{name}: stopped {took:?} after the signal");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{stderr}");
        assert!(
            took < Duration::from_secs(10),
            "took {took:?} to stop after SIG{name}"
        );
        let said = format!("slant: error: interrupted by {said} after reading ");
        assert!(stderr.starts_with(&said), "{stderr}");
        assert!(
            stderr.contains(
                " articles; no report was written, the reports already in out are unchanged"
            ),
            "{stderr}"
        );
        assert_eq!(snapshot(&w.path("out")), before, "old reports changed");
        assert_eq!(temp_files(&w.path("out")), Vec::<String>::new());
    }
}

/// A mount made for one test, undone when it ends.
struct Mount(PathBuf);

impl Mount {
    /// `mount ARGS… TARGET`, or `None` (with a note) when this machine does not allow it.
    fn new(args: &[&str], target: &Path) -> Option<Mount> {
        std::fs::create_dir_all(target).unwrap();
        let ok = Command::new("mount")
            .args(args)
            .arg(target)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("note: cannot mount here (needs root); `mount {args:?}` test not run");
        }
        ok.then(|| Mount(target.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_ends_with_a_clear_message_and_no_half_written_report() {
    let w = Workdir::new();
    let Some(_disk) = Mount::new(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"], &w.path("disk"))
    else {
        return;
    };
    let before = old_reports(&w, "disk/out");
    w.write("big.jsonl", corpus(5_000)); // a matches.csv of several megabytes
    w.slant()
        .args(["score", "big.jsonl", "-q", "--out", "disk/out"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::is_match(
                "^slant: error: disk/out/[a-z]+\\.csv: cannot write: No space left on device \
             \\(os error 28\\) \\(the disk is full: free some space or give another --out\\); \
             no report was written, earlier reports are unchanged\n$",
            )
            .unwrap(),
        );
    assert_eq!(snapshot(&w.path("disk/out")), before, "old reports changed");
    assert_eq!(temp_files(&w.path("disk/out")), Vec::<String>::new());
}

#[test]
fn a_disk_too_small_for_the_reports_is_announced_early() {
    let w = Workdir::new();
    let Some(_disk) = Mount::new(&["-t", "tmpfs", "-o", "size=8m", "tmpfs"], &w.path("disk"))
    else {
        return;
    };
    // About 10 MB of input and 250 MB of reports (a row of articles.csv is 3 kB): the first
    // batches fit, the rest cannot.
    w.write("big.jsonl", corpus(50_000));
    let out = w
        .slant()
        .args(["score", "big.jsonl", "-q", "--out", "disk/out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    // Printed with -q too: a warning is not progress.
    assert!(
        predicate::str::is_match(
            "^slant: warning: disk/out: the disk may fill before the run ends: after [0-9.]+ \
             [kM]B of [0-9.]+ MB of input the reports take [0-9.]+ [kM]B, about [0-9.]+ MB once \
             all is read, and [0-9.]+ [kM]B is free \\(--omit matches or --context 0 write \
             less\\)$"
        )
        .unwrap()
        .eval(lines[0]),
        "{stderr}"
    );
    assert!(lines[1].contains("No space left on device"), "{stderr}");

    // A merge projects the same from the partial results it reads.
    w.write("mid.jsonl", corpus(6_000));
    for k in 1..=2 {
        w.slant()
            .args(["score", "mid.jsonl", "-q", "--out", &format!("part{k}")])
            .args(["--shard", &format!("{k}/2")])
            .assert()
            .success();
    }
    w.slant()
        .args(["merge", "part1", "part2", "-q", "--out", "disk/merged"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "slant: warning: disk/merged: the disk may fill before the run ends: after ",
        ))
        .stderr(predicate::str::contains(
            "of partial results the reports take ",
        ))
        .stderr(predicate::str::contains(
            "(give --out a folder on a disk with more room)\nslant: error: ",
        ));
}

#[test]
fn a_temporary_folder_that_cannot_be_used_is_named() {
    // 300 distinct articles long enough for a wire-copy fingerprint: more signatures than are
    // held in memory, so the run must create its temporary file in TMPDIR.
    let w = Workdir::new();
    let before = old_reports(&w, "out");
    let mut corpus = String::new();
    for i in 0..300 {
        let words: Vec<String> = (0..60).map(|j| format!("w{i}x{j}")).collect();
        corpus.push_str(&format!(
            "{{\"id\":\"d{i}\",\"outlet\":\"o\",\"text\":\"{}\"}}\n",
            words.join(" ")
        ));
    }
    w.write("distinct.jsonl", corpus);
    let missing = w.path("no-such-folder");
    w.slant()
        .args(["score", "distinct.jsonl", "-q", "--out", "out"])
        .env("TMPDIR", &missing)
        .assert()
        .code(1)
        .stderr(format!(
            "slant: error: {}: cannot create the temporary file that holds the wire-copy \
             signatures: No such file or directory (os error 2) (set TMPDIR to choose another \
             folder); no report was written, earlier reports are unchanged\n",
            missing.display()
        ));
    assert_eq!(snapshot(&w.path("out")), before, "old reports changed");
    assert_eq!(temp_files(&w.path("out")), Vec::<String>::new());
}

#[test]
fn a_write_error_names_the_file_and_keeps_the_old_reports() {
    // A file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so the write fails instead of
    // killing the process) makes every write past 64 KiB fail, on any machine.
    let w = Workdir::new();
    let before = old_reports(&w, "out");
    w.write("big.jsonl", corpus(2_000));
    let out = Command::new("bash")
        .args(["-c", "ulimit -f 64; trap '' XFSZ; exec \"$0\" \"$@\""])
        .arg(slant_bin())
        .args(["score", "big.jsonl", "-q", "--out", "out"])
        .current_dir(w.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Which report crosses the limit first depends on the lexicons' columns.
    let names_a_report = predicate::str::is_match(
        "^slant: error: out/[a-z]+\\.csv: cannot write: File too large \\(os error 27\\)",
    )
    .unwrap();
    assert!(names_a_report.eval(&stderr), "{stderr}");
    assert!(
        stderr.contains("over the system's file-size limit"),
        "{stderr}"
    );
    assert_eq!(snapshot(&w.path("out")), before, "old reports changed");
    assert_eq!(temp_files(&w.path("out")), Vec::<String>::new());
}

#[test]
fn an_unwritable_output_folder_is_named_before_anything_is_read() {
    let w = Workdir::new();
    w.write("c.jsonl", corpus(3));
    // Root may write anywhere, but not under a regular file…
    w.write("notes.txt", "a file, not a folder");
    w.slant()
        .args(["score", "c.jsonl", "-q", "--out", "notes.txt/reports"])
        .assert()
        .code(1)
        .stderr(
            "slant: error: notes.txt/reports: cannot create the output folder: Not a directory \
             (os error 20)\n",
        );
    // …nor on a read-only mount.
    std::fs::create_dir_all(w.path("src/reports")).unwrap();
    let Some(_ro) = Mount::new(
        &["--bind", "-o", "ro", &w.path("src").display().to_string()],
        &w.path("ro"),
    ) else {
        return;
    };
    w.slant()
        .args(["score", "c.jsonl", "-q", "--out", "ro/reports"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "slant: error: ro/reports: cannot write in the output folder: Read-only file system",
        ));
    w.slant()
        .args(["score", "c.jsonl", "-q", "--out", "ro/new"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "slant: error: ro/new: cannot create the output folder: Read-only file system",
        ));
}
