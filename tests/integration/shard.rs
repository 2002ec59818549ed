//! `score --shard K/N` and `merge`: the merged reports are byte for byte those of one run,
//! and a merge refuses shards that are not the N shards of one job.

use crate::util::Workdir;

/// A wire story of about 120 words, written for this test; its copies land in other shards.
const STORY: &str = "Flood waters rose across the lowland districts of Verrin on Tuesday, \
    forcing thousands of families from their homes as the river broke its banks in three \
    places. Emergency crews worked through the night to shore up levees near the market town \
    of Osk, where the water reached the steps of the town hall. The regional governor said the \
    army had been asked to send boats and that schools would stay closed for the rest of the \
    week. Farmers in the valley said the harvest was lost, and officials claimed the regime in \
    the capital had ignored repeated warnings about the state of the levees for years. \
    \"This so-called relief plan is a disgrace,\" one resident said of the terrorists' threat.";

/// A corpus that exercises everything a merge must get right across shards: wire copies of
/// an article in another shard, a repeated id, records that cannot be read, warnings from
/// the reader, a bad date, articles without the group field, and target mentions.
pub(crate) fn corpus(w: &Workdir) {
    let line = |v: serde_json::Value| format!("{v}\n");
    let mut c = String::new();
    c += &line(
        serde_json::json!({"id": "a1", "outlet": "A", "date": "2024-03-02",
        "title": "Floods force thousands from homes", "text": STORY}),
    );
    c += &line(
        serde_json::json!({"id": "b1", "outlet": "B", "date": "2024-03-03",
        "text": "Police said the militants fled. Hamas fighters were seen. The regime denied it."}),
    );
    c += "{not json\n";
    c += &line(
        serde_json::json!({"id": "a2", "outlet": "B", "date": "March 4, 2024",
        "title": "Verrin floods", "text": STORY.replace("Tuesday", "Wednesday")}),
    );
    c += &line(
        serde_json::json!({"id": "b1", "outlet": "C", "date": "not a date",
        "text": "Officials claimed the terrorists were behind it, police said."}),
    );
    c += &line(serde_json::json!({"id": "c1", "date": "2024-04-01",
        "text": "The so-called peace plan was called a sham by Hamas."}));
    c += &line(serde_json::json!({"id": "c2", "outlet": "A", "text": ""}));
    c += &line(
        serde_json::json!({"id": "a3", "outlet": "C", "date": "2024-04-09",
        "text": STORY}),
    );
    c += &line(
        serde_json::json!({"id": 7, "outlet": "A", "date": "2024-04-10",
        "text": "The government said the illegal aliens were detained; critics alleged abuse."}),
    );
    w.write("corpus.jsonl", c);
    w.write(
        "targets.csv",
        "term,category\nhamas,actor.hamas\npolice,actor.police\n",
    );
}

pub(crate) const FLAGS: [&str; 6] = [
    "--period",
    "month",
    "--targets",
    "targets.csv",
    "--context",
    "30",
];

fn single_run(w: &Workdir, extra: &[&str]) {
    w.slant()
        .args(["score", "corpus.jsonl", "--out", "single", "-q"])
        .args(FLAGS)
        .args(extra)
        .assert()
        .success();
}

pub(crate) fn shards(w: &Workdir, n: u32, extra: &[&str]) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let dir = format!("part{k}of{n}");
            shard(w, &format!("{k}/{n}"), &dir)
                .arg("-q")
                .args(extra)
                .assert()
                .success();
            dir
        })
        .collect()
}

/// `slant score corpus.jsonl --shard SPEC --out OUT` with [`FLAGS`].
pub(crate) fn shard(w: &Workdir, spec: &str, out: &str) -> assert_cmd::Command {
    let mut cmd = w.slant();
    cmd.args(["score", "corpus.jsonl", "--shard", spec, "--out", out])
        .args(FLAGS);
    cmd
}

/// `slant merge DIRS… --out OUT -q`.
pub(crate) fn merge(w: &Workdir, dirs: &[String], out: &str) -> assert_cmd::Command {
    let mut cmd = w.slant();
    cmd.arg("merge").args(dirs).args(["--out", out, "-q"]);
    cmd
}

const REPORTS: [&str; 8] = [
    "articles.csv",
    "matches.csv",
    "quotations.csv",
    "skipped.csv",
    "groups.csv",
    "terms.csv",
    "choices.csv",
    "targets.csv",
];

/// run.json without what differs between any two runs (time, command line, the shard list).
pub(crate) fn run_record(w: &Workdir, dir: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&w.read(&format!("{dir}/run.json")))
        .unwrap_or_else(|e| panic!("{dir}/run.json: {e}"));
    let o = v.as_object_mut().expect("object");
    for volatile in ["seconds", "command_line", "shards"] {
        o.remove(volatile);
    }
    v
}

fn assert_same_reports(w: &Workdir, merged: &str) {
    assert_same_tables(w, merged);
    assert_eq!(run_record(w, "single"), run_record(w, merged));
}

fn assert_same_tables(w: &Workdir, merged: &str) {
    for report in REPORTS {
        let a = std::fs::read(w.path(&format!("single/{report}"))).expect(report);
        let b = std::fs::read(w.path(&format!("{merged}/{report}"))).expect(report);
        assert!(
            a == b,
            "{report} differs:\n--- single\n{}\n--- merged\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
}

#[test]
fn merged_shards_are_byte_identical_to_one_run() {
    let w = Workdir::new();
    corpus(&w);
    single_run(&w, &[]);
    // The corpus has what a merge must reproduce.
    let single = w.read("single/articles.csv");
    assert!(single.contains("a2,B,a1,"), "wire copy marked:\n{single}");
    let run = w.read("single/run.json");
    assert!(run.contains("duplicate id 'b1'"), "{run}");
    assert_eq!(
        w.read("single/skipped.csv").lines().count(),
        3,
        "header, bad JSON, empty text"
    );
    for n in [1, 2, 3, 4, 12] {
        let mut dirs = shards(&w, n, &[]);
        dirs.reverse(); // merge takes the folders in any order
        let merged = format!("merged{n}");
        merge(&w, &dirs, &merged).assert().success();
        assert_same_reports(&w, &merged);
        let shard_list = w.read(&format!("{merged}/run.json"));
        assert!(
            shard_list.contains(&format!("\"shard\": \"{n}/{n}\"")),
            "{shard_list}"
        );
    }
}

#[test]
fn dedupe_and_group_by_survive_the_merge() {
    let w = Workdir::new();
    corpus(&w);
    let extra = ["--dedupe", "--group-by", "outlet,date"];
    single_run(&w, &extra);
    let dirs = shards(&w, 3, &extra);
    merge(&w, &dirs, "merged")
        .args(["-j", "1"])
        .assert()
        .success();
    assert_same_reports(&w, "merged");
}

#[test]
fn renamed_fields_the_date_format_and_the_language_survive_the_merge() {
    let w = Workdir::new();
    corpus(&w);
    // The same corpus with its text and date under other names, a day-first date that only
    // `--date-format dmy` reads, and an article without a date.
    let renamed = w
        .read("corpus.jsonl")
        .replace("\"text\":", "\"body\":")
        .replace("\"date\":", "\"published\":")
        .replace("2024-03-02", "02/03/2024")
        + "{\"id\": \"d1\", \"outlet\": \"A\", \"body\": \"Police said so.\"}\n";
    w.write("corpus.jsonl", renamed);
    let extra = [
        "--text-field",
        "body",
        "--date-field",
        "published",
        "--date-format",
        "dmy",
        "--language",
        "de,en",
    ];
    single_run(&w, &extra);
    assert!(
        w.read("single/run.json")
            .contains("\"language\": \"en,de\"")
    );
    let articles = w.read("single/articles.csv");
    assert!(articles.contains("\na1,A,,2024-03,"), "{articles}");
    let dirs = shards(&w, 3, &extra);
    merge(&w, &dirs, "merged").assert().success();
    // run.json's settings and the undated warning name the shards' fields, not the defaults.
    assert_same_reports(&w, "merged");
    let run = run_record(&w, "merged");
    assert_eq!(run["settings"]["text_field"], "body");
    assert_eq!(run["settings"]["date_format"], "dmy");
    assert!(
        run["warnings"].to_string().contains("(field 'published')"),
        "{run}"
    );
}

#[test]
fn a_shard_folder_holds_only_the_partial_result() {
    let w = Workdir::new();
    corpus(&w);
    let dirs = shards(&w, 2, &[]);
    assert_eq!(w.files(&dirs[0]), ["records.bin", "shard.json"]);
    let record: serde_json::Value = serde_json::from_str(&w.read("part1of2/shard.json")).unwrap();
    // 9 lines: 8 records and one line that is not JSON; records 0, 2, 4, 6, 8 are shard 1's.
    assert_eq!(record["items"], 9);
    assert_eq!(record["frames"], 5);
    assert_eq!(record["shard"]["index"], 1);
    assert_eq!(record["grouping"], serde_json::json!(["outlet"]));
    // The digest a merge checks records.bin against is the one `sha256sum` gives.
    use sha2::Digest;
    let bytes = std::fs::read(w.path("part1of2/records.bin")).unwrap();
    let sha: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(record["records_sha256"], sha.as_str());
    assert_eq!(record["reader_warnings"]["total"], 0);
    assert_eq!(record["warnings"], serde_json::json!([]));
}

#[test]
fn shard_options_are_checked() {
    let w = Workdir::new();
    corpus(&w);
    for bad in ["0/3", "4/3", "3", "1/0"] {
        w.slant()
            .args(["score", "corpus.jsonl", "--shard", bad, "--out", "o"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("give K/N"));
    }
    w.slant()
        .args([
            "score",
            "corpus.jsonl",
            "--shard",
            "1/2",
            "--html",
            "--out",
            "o",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("give it to `slant merge`"));
}

#[test]
fn strict_stops_every_shard_at_the_first_bad_record_like_one_run() {
    let w = Workdir::new();
    corpus(&w);
    // The bad line is record 2: shard 2/2 does not own it, and stops all the same.
    for k in ["1/2", "2/2"] {
        w.slant()
            .args([
                "score",
                "corpus.jsonl",
                "--strict",
                "--shard",
                k,
                "--out",
                "o",
            ])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("corpus.jsonl:3:"))
            .stderr(predicates::str::contains("--strict"));
    }
}

#[test]
fn a_shard_says_what_it_scored_and_how_to_merge() {
    let w = Workdir::new();
    corpus(&w);
    // Records 0, 3 and 6 of 9 are shard 1/3's: articles a1, a2 and c2 (c2 is skipped: empty).
    w.slant()
        .args(["score", "corpus.jsonl", "--shard", "1/3", "--out", "p1"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "slant: shard 1/3: scored 2 articles",
        ))
        .stderr(predicates::str::contains("skipped 1, in "))
        .stderr(predicates::str::contains("partial result in p1"))
        .stderr(predicates::str::contains(
            "when all 3 shards are done, combine them with `slant merge",
        ));
}

/// An article with more matches than a scoring thread holds as encoded rows (16,384) has its
/// `matches.csv` rows encoded by the writer, a block at a time; a shard encodes every row at
/// once, as its partial file holds them. Both must give the same bytes, in the same order.
#[test]
fn an_article_with_very_many_matches_writes_the_same_rows_late_as_at_once() {
    let w = Workdir::new();
    // Ten matches a sentence (police, said, militants, terrorists twice, claimed, so-called,
    // freedom fighters twice, attacked): 1,700 sentences give 17,000, about five blocks.
    let sentence = "Police said the militants were terrorists, but officials claimed the \
        so-called \"freedom fighters\" had not attacked. ";
    let line = |v: serde_json::Value| format!("{v}\n");
    let mut c = String::new();
    c += &line(serde_json::json!({"id": "small1", "outlet": "A", "text": sentence}));
    c += &line(serde_json::json!({"id": "big", "outlet": "B", "text": sentence.repeat(1_700)}));
    c += &line(serde_json::json!({"id": "small2", "outlet": "A", "text": STORY}));
    w.write("corpus.jsonl", c);
    w.write("targets.csv", "term,category\npolice,actor.police\n");
    single_run(&w, &[]);
    let dirs = shards(&w, 2, &[]);
    merge(&w, &dirs, "merged").assert().success();
    assert_same_reports(&w, "merged");

    let m = crate::util::Table::read(&w.path("single/matches.csv"));
    let ids = m.column("id");
    let big: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] == "big").collect();
    assert_eq!(big.len(), 17_000);
    // One run of rows, between the two small articles' rows, in reading order.
    assert_eq!(big.last().unwrap() - big[0] + 1, big.len());
    assert_eq!(ids[big[0] - 1], "small1");
    assert_eq!(ids[big.last().unwrap() + 1], "small2");
    let starts = m.column("start");
    let at = |i: usize| starts[i].parse::<u64>().unwrap();
    assert!(big.windows(2).all(|p| at(p[0]) <= at(p[1])));
    let step = sentence.len() as u64;
    assert_eq!(
        at(*big.last().unwrap()),
        1_699 * step + sentence.find("attacked").unwrap() as u64
    );
}

#[test]
fn a_merge_of_shards_that_scored_nothing_fails_like_one_run() {
    let w = Workdir::new();
    corpus(&w);
    // Every record lacks the text field: each shard writes its partial result (a shard may
    // hold only bad records), and the merge, like one run, refuses to write empty reports.
    w.write(
        "corpus.jsonl",
        "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"y\"}\n",
    );
    let dirs = shards(&w, 2, &[]);
    merge(&w, &dirs, "merged").assert().code(1).stderr(
        "slant: error: no article was scored: 2 records were skipped (the first, \
             corpus.jsonl:1: no text (field 'text' is missing)); no report was written, the \
             reports already in merged are unchanged\n",
    );
    assert!(!w.path("merged/articles.csv").exists());
}

#[test]
fn the_warnings_given_at_the_first_article_survive_the_merge() {
    let w = Workdir::new();
    // The default grouping falls to `source`, which holds objects: warned about when the
    // first article is met, after a record skipped before it.
    w.write(
        "c.jsonl",
        "{\"id\":\"x\"}\n\
         {\"id\":\"a\",\"Outlet\":\"X\",\"source\":{\"name\":\"R\"},\"text\":\"The regime fell.\"}\n\
         {\"id\":\"b\",\"Outlet\":\"Y\",\"source\":{\"name\":\"S\"},\"text\":\"The regime fell.\"}\n",
    );
    w.slant()
        .args(["score", "c.jsonl", "--out", "single", "-q"])
        .assert()
        .success();
    let run = w.read("single/run.json");
    assert!(
        run.contains("name its path: --group-by source.name"),
        "{run}"
    );
    for n in [1, 2, 3] {
        let dirs: Vec<String> = (1..=n)
            .map(|k| {
                let dir = format!("p{k}of{n}");
                w.slant()
                    .args(["score", "c.jsonl", "--out", &dir, "-q"])
                    .args(["--shard", &format!("{k}/{n}")])
                    .assert()
                    .success();
                dir
            })
            .collect();
        let merged = format!("m{n}");
        merge(&w, &dirs, &merged).assert().success();
        assert_eq!(
            run_record(&w, "single"),
            run_record(&w, &merged),
            "{n} shards"
        );
    }
}

/// A shard run again where a killed one left its temporary file says so, as a whole run does
/// of its own folder, and so does the merge that sees the file; the reports are unchanged.
#[test]
fn a_killed_shards_temporary_file_is_named_by_the_next_run_and_the_merge() {
    let w = Workdir::new();
    corpus(&w);
    single_run(&w, &[]);
    let dirs = shards(&w, 2, &[]);
    w.write("part2of2/.records.bin.AbC123.tmp", "half a record");
    let message = "1 temporary file of an earlier run that was killed is in this folder \
                   (such as .records.bin.AbC123.tmp); it is safe to delete once no other \
                   slant run writes here";
    shard(&w, "2/2", "part2of2")
        .assert()
        .success()
        .stderr(predicates::str::starts_with(format!(
            "slant: the warning is in part2of2/shard.json: part2of2: {message}\n"
        )));
    let warning = serde_json::json!({"file": "part2of2", "record": null, "id": null,
        "message": message});
    let record: serde_json::Value = serde_json::from_str(&w.read("part2of2/shard.json")).unwrap();
    assert_eq!(record["warnings"], serde_json::json!([warning]));
    merge(&w, &dirs, "merged").assert().success();
    // run.json has the warning besides the single run's; every other byte is the same.
    let mut run = run_record(&w, "merged");
    let warnings = run["warnings"].as_array_mut().unwrap();
    let at = warnings.iter().position(|w| *w == warning).expect("warned");
    warnings.remove(at);
    run["warnings_total"] = (run["warnings_total"].as_u64().unwrap() - 1).into();
    assert_eq!(run, run_record(&w, "single"));
    assert_same_tables(&w, "merged");
}

/// A shard scored by another build of slant (another executable) is merged, with a warning
/// that names it, since the version alone does not say that two builds count alike; run.json
/// lists each shard's build.
#[test]
fn a_shard_of_another_build_is_named_by_the_merge() {
    let w = Workdir::new();
    corpus(&w);
    single_run(&w, &[]);
    let dirs = shards(&w, 2, &[]);
    let mut record: serde_json::Value =
        serde_json::from_str(&w.read("part2of2/shard.json")).unwrap();
    let own = record["build"]["executable_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    record["build"]["executable_sha256"] = "0123456789ab".repeat(5).into();
    w.write("part2of2/shard.json", record.to_string());
    merge(&w, &dirs, "merged").assert().success();
    let message = format!(
        "1 shard of 2 was scored by another build of slant than this merge (shard 2/2: \
         executable SHA-256 0123456789ab… against {}…): each shard's rows are used as it \
         wrote them, so the reports are those of one run only if the builds count and round \
         alike; score every shard and merge with one build",
        &own[..12]
    );
    let full: serde_json::Value = serde_json::from_str(&w.read("merged/run.json")).unwrap();
    let builds: Vec<&serde_json::Value> = full["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["build"]["executable_sha256"])
        .collect();
    assert_eq!(builds, [own.as_str(), &"0123456789ab".repeat(5)]);
    let mut run = run_record(&w, "merged");
    let warnings = run["warnings"].as_array_mut().unwrap();
    let at = warnings
        .iter()
        .position(|w| w["message"] == message.as_str())
        .unwrap_or_else(|| panic!("no warning {message} in {warnings:?}"));
    warnings.remove(at);
    run["warnings_total"] = (run["warnings_total"].as_u64().unwrap() - 1).into();
    assert_eq!(run, run_record(&w, "single"));
    assert_same_tables(&w, "merged");
}
