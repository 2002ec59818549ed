//! `slant merge` trusts no partial result it has not checked: an incomplete or mixed set of
//! shards, a damaged or foreign `records.bin`, shards whose reader warnings or inputs differ
//! and a partial result of another format are each refused (exit 2) with what is wrong, and
//! nothing is written.

use crate::shard::{FLAGS, corpus, merge, shard, shards};
use crate::util::Workdir;

#[test]
fn merge_refuses_an_incomplete_or_mixed_set_of_shards() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 3, &[]);
    w.slant()
        .args(["merge", &dirs[0], &dirs[2], "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "shard 2/3 missing: a merge needs all 3 shards",
        ));
    w.slant()
        .args(["merge", &dirs[0], &dirs[0], &dirs[1], "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("are both shard 1/3"));
    // A shard of another job: a different --period.
    w.slant()
        .args([
            "score",
            "corpus.jsonl",
            "--shard",
            "2/3",
            "--out",
            "other",
            "-q",
        ])
        .args([
            "--period",
            "year",
            "--targets",
            "targets.csv",
            "--context",
            "30",
        ])
        .assert()
        .success();
    w.slant()
        .args(["merge", &dirs[0], "other", &dirs[2], "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "not shards of one job: their settings (--period) differ",
        ));
    w.slant()
        .args(["merge", "nowhere", "--out", "m"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nowhere/shard.json: cannot read"));
    w.slant()
        .args(["merge", &dirs[0], &dirs[1], &dirs[2], "--out", &dirs[1]])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is one of the shard folders"));
    assert!(!w.path("m").exists(), "nothing written by a refused merge");
}

#[test]
fn a_damaged_partial_file_is_named_and_nothing_is_written() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 2, &[]);
    let path = w.path("part2of2/records.bin");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 10]).unwrap();
    merge(&w, &dirs, "m")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "part2of2/records.bin: the record at byte",
        ))
        .stderr(predicates::str::contains("run that shard again"));
    assert!(!w.path("m/articles.csv").exists());
    // A file cut at a record boundary, or emptied, is found by its count: shard 2/2 owns
    // records 1, 3, 5 and 7 of the 9.
    let mut cut = 0usize;
    let mut at = 0usize;
    while at < bytes.len() {
        cut = at;
        // A frame: its length (u64), its checksum (u32), its payload.
        at += 12 + u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    }
    for (kept, held) in [(cut, 3), (0, 0)] {
        std::fs::write(&path, &bytes[..kept]).unwrap();
        merge(&w, &dirs, "m").assert().code(2).stderr(format!(
            "slant: error: part2of2/records.bin: holds {held} records, but its shard.json says \
             4: the file was cut short or replaced after the shard was scored; copy that \
             shard's folder again, or score that shard again\n"
        ));
    }
    std::fs::remove_file(&path).unwrap();
    merge(&w, &dirs, "m")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "part2of2/records.bin: cannot read the shard's records: ",
        ));
    // One byte changed anywhere in a payload (a digit of a count, a comma of a row) is
    // caught by the frame's checksum, never written into the reports.
    for at in [12 + 9, bytes.len() / 2, bytes.len() - 1] {
        let mut changed = bytes.clone();
        changed[at] ^= 0x01;
        std::fs::write(&path, &changed).unwrap();
        merge(&w, &dirs, "m")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "its checksum does not match its bytes",
            ))
            .stderr(predicates::str::contains("run that shard again"));
        assert!(!w.path("m/articles.csv").exists(), "byte {at}");
    }
}

/// A `records.bin` copied over from another job, all of whose frames are sound and as many as
/// its `shard.json` says, is refused by its digest: before, its rows went into the reports
/// under the other job's settings.
#[test]
fn a_records_bin_from_another_job_is_refused() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 2, &[]);
    let ours = std::fs::read(w.path("part2of2/records.bin")).unwrap();
    let shard2 = |out: &str, extra: &[&str]| {
        shard(&w, "2/2", out)
            .arg("-q")
            .args(extra)
            .assert()
            .success();
    };
    // Another --group-by; and the same input with one letter changed (same name, same
    // records).
    shard2("grouped", &["--group-by", "date"]);
    let text = w.read("corpus.jsonl");
    w.write("corpus.jsonl", text.replace("Verrin", "Verrim"));
    shard2("edited", &[]);
    w.write("corpus.jsonl", text);
    for other in ["grouped/records.bin", "edited/records.bin"] {
        let theirs = std::fs::read(w.path(other)).unwrap();
        std::fs::write(w.path("part2of2/records.bin"), theirs).unwrap();
        merge(&w, &dirs, "m").assert().code(2).stderr(
            "slant: error: part2of2/records.bin: not the records.bin its shard.json was written \
             with (their SHA-256 differ): it comes from another run or was changed since; copy \
             that shard's folder whole, or score that shard again\n",
        );
        assert!(!w.path("m").exists(), "{other}: nothing written");
    }
    std::fs::write(w.path("part2of2/records.bin"), ours).unwrap();
    merge(&w, &dirs, "m").assert().success();
}

/// Shards whose `--out` folders are inside the input folder each skip their own folder and
/// read the others': their reader warnings differ, though (from the second round on) there
/// are as many in each. The merge names the first that differs.
#[test]
fn shards_whose_reader_warnings_differ_are_refused() {
    let w = Workdir::new();
    w.write("in/A/a.txt", "Police said the militants fled.");
    w.write("in/B/b.txt", "The regime denied it.");
    let dirs = ["in/parts/s1".to_string(), "in/parts/s2".to_string()];
    for _round in 0..2 {
        for (k, dir) in dirs.iter().enumerate() {
            w.slant()
                .args(["score", "in", "--out", dir, "-q"])
                .args(["--shard", &format!("{}/2", k + 1)])
                .assert()
                .success();
        }
    }
    merge(&w, &dirs, "m").assert().code(2).stderr(
        "slant: error: in/parts/s1 and in/parts/s2 are not shards of one job: their warnings \
         from the reader differ: warning 1 is 'in/parts/s1: skipped: the output folder of this \
         run (--out); its reports are not read as corpus' (record 2) in in/parts/s1 but \
         'in/parts/s1/records.bin: skipped: not a corpus file (the name does not end in .csv, \
         .tsv, .jsonl, .ndjson, .json or .txt, optionally with .gz); use --format to read it \
         anyway' (record 2) in in/parts/s2 (every shard reads the whole input, so all get the \
         same warnings unless they read different files: keep the shards' --out folders \
         outside the input folders)\n",
    );
}

/// The usual cluster mistakes (a path spelt otherwise, a file changed between shards) are
/// named: which input, and in what it differs.
#[test]
fn the_first_differing_input_is_named() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 2, &[]);
    let shard2 = |input: &str| {
        w.slant()
            .args(["score", input, "--shard", "2/2", "--out", "other", "-q"])
            .args(FLAGS)
            .assert()
            .success();
    };
    shard2("./corpus.jsonl");
    merge(&w, &[dirs[0].clone(), "other".into()], "m")
        .assert()
        .code(2)
        .stderr(
            "slant: error: part1of2 and other are not shards of one job: their inputs differ: \
             input 1 is 'corpus.jsonl' in part1of2 but './corpus.jsonl' in other (a path spelt \
             otherwise is another input: give every shard the same paths, in the same order)\n",
        );
    // The same size, one letter changed.
    let text = w.read("corpus.jsonl");
    w.write("corpus.jsonl", text.replace("Verrin", "Verrim"));
    shard2("corpus.jsonl");
    merge(&w, &[dirs[0].clone(), "other".into()], "m")
        .assert()
        .code(2)
        .stderr(
            "slant: error: part1of2 and other are not shards of one job: their inputs differ: \
             'corpus.jsonl' has another SHA-256 in part1of2 than in other (was it changed \
             between the shards?)\n",
        );
}

/// A partial result of another format is refused by its version, not by a field it lacks.
#[test]
fn a_partial_result_of_another_format_is_refused_by_its_version() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 2, &[]);
    let mut record: serde_json::Value =
        serde_json::from_str(&w.read("part2of2/shard.json")).unwrap();
    record["format"] = 2.into();
    record.as_object_mut().unwrap().remove("records_sha256");
    w.write("part2of2/shard.json", record.to_string());
    merge(&w, &dirs, "m").assert().code(2).stderr(format!(
        "slant: error: part2of2/shard.json: written by slant {v} (partial format 2); this is \
         slant {v} (format 3): score every shard and merge with the same version\n",
        v = env!("CARGO_PKG_VERSION")
    ));
}
