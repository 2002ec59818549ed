//! `slant sample` and `slant agreement`: coding sheets drawn reproducibly and stratified as
//! asked, read back into precision with Wilson intervals, Cohen's kappa and Krippendorff's
//! alpha (the formulas are pinned against published examples in `aggregate::agreement`).

use std::collections::BTreeMap;

use crate::util::{Table, Workdir};

/// The example corpus scored into `out/`.
pub(crate) fn scored(w: &Workdir) {
    w.slant()
        .args(["score"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/corpus.jsonl"
        ))
        .args(["--out", "out", "-q"])
        .assert()
        .success();
}

/// `slant sample out --out OUT ARGS…`, succeeding; the sheet's bytes.
pub(crate) fn sample(w: &Workdir, out: &str, args: &[&str]) -> Vec<u8> {
    w.slant()
        .args(["sample", "out", "--out", out, "-q"])
        .args(args)
        .assert()
        .success();
    std::fs::read(w.path(out)).unwrap()
}

#[test]
fn same_seed_same_sheet_other_seed_other_draw() {
    let w = Workdir::new();
    scored(&w);
    let args = ["--per", "category,outlet", "--n", "2", "--seed", "5"];
    let a = sample(&w, "a.csv", &args);
    let b = sample(&w, "b.csv", &args);
    assert_eq!(a, b, "same seed, different bytes");
    let c = sample(
        &w,
        "c.csv",
        &["--per", "category,outlet", "--n", "2", "--seed", "6"],
    );
    assert_ne!(a, c, "another seed drew the same sheet");
    // -j has no say, and a second run over the same reports is identical.
    assert_eq!(sample(&w, "a.csv", &args), a);
}

#[test]
fn strata_get_min_of_n_and_their_size() {
    let w = Workdir::new();
    scored(&w);
    sample(
        &w,
        "s.csv",
        &["--per", "category,outlet", "--n", "2", "--seed", "9"],
    );
    let m = Table::read(&w.path("out/matches.csv"));
    let mut population: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &m.rows {
        for cat in r[m.col("category")].split(';') {
            *population
                .entry((cat.to_string(), r[m.col("outlet")].clone()))
                .or_default() += 1;
        }
    }
    let s = Table::read(&w.path("s.csv"));
    assert_eq!(
        s.header[..5],
        ["sample_id", "stratum", "stratum_size", "id", "outlet"].map(String::from)
    );
    assert_eq!(
        s.header[s.header.len() - 5..],
        ["left", "text", "right", "judgement", "note"].map(String::from)
    );
    let mut drawn: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in &s.rows {
        *drawn
            .entry((r[s.col("category")].clone(), r[s.col("outlet")].clone()))
            .or_default() += 1;
        assert_eq!(r[s.col("judgement")], "");
        assert_eq!(
            r[s.col("stratum")],
            format!("{} | {}", r[s.col("category")], r[s.col("outlet")])
        );
        // The stratum's candidates in matches.csv, the weight of its drawn matches.
        let key = (r[s.col("category")].clone(), r[s.col("outlet")].clone());
        assert_eq!(r[s.col("stratum_size")], population[&key].to_string());
    }
    assert_eq!(
        drawn.keys().collect::<Vec<_>>(),
        population.keys().collect::<Vec<_>>()
    );
    for (k, &n) in &population {
        assert_eq!(drawn[k], n.min(2), "{k:?}");
    }
    // sample_id runs 1..=N; no match is drawn twice into one stratum.
    let ids: Vec<String> = s.column("sample_id");
    assert_eq!(
        ids,
        (1..=s.rows.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
    );
    let mut keys: Vec<(String, String, String, String)> = s
        .rows
        .iter()
        .map(|r| {
            (
                r[s.col("id")].clone(),
                r[s.col("part")].clone(),
                r[s.col("start")].clone(),
                r[s.col("category")].clone(),
            )
        })
        .collect();
    let before = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), before);
}

#[test]
fn sample_rejects_unknown_strata() {
    let w = Workdir::new();
    scored(&w);
    w.slant()
        .args(["sample", "out", "--per", "topic"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "'topic' is not a column to stratify by",
        ));
    w.slant()
        .args(["sample", "out", "--n", "0"])
        .assert()
        .code(2);
}

/// A coded sheet: the sample's columns that identify a match, and a judgement per row.
pub(crate) fn sheet(rows: &[(&str, &str, &str)], judgements: &[&str]) -> String {
    let mut s =
        String::from("sample_id,id,outlet,period,part,start,end,entry,category,judgement,note\n");
    for (i, ((id, outlet, cat), j)) in rows.iter().zip(judgements).enumerate() {
        s.push_str(&format!(
            "{},{id},{outlet},,body,{i},{},e,{cat},{j},\n",
            i + 1,
            i + 3
        ));
    }
    s
}

/// Krippendorff (2011), section A: two observers, ten units, binary values. As judgements
/// (1 = correct): alpha = 0.095; Cohen's kappa = (0.6 − 0.56)/(1 − 0.56) = 1/11.
#[test]
fn agreement_of_two_coders_matches_the_published_example() {
    let w = Workdir::new();
    let units: Vec<(&str, &str, &str)> = (0..10)
        .map(|i| {
            (
                ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"][i],
                if i < 5 { "X" } else { "Y" },
                "label.terror",
            )
        })
        .collect();
    let code = |v: &[u8]| -> Vec<&str> {
        v.iter()
            .map(|&x| if x == 1 { "correct" } else { "incorrect" })
            .collect()
    };
    w.write(
        "a.csv",
        sheet(&units, &code(&[0, 1, 0, 0, 0, 0, 0, 0, 1, 0])),
    );
    w.write(
        "b.csv",
        sheet(&units, &code(&[1, 1, 1, 0, 0, 1, 0, 0, 0, 0])),
    );
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "--out", "agreement.csv"])
        .assert()
        .success()
        .stdout(predicates::str::contains("α = 0.095"));
    let t = Table::read(&w.path("agreement.csv"));
    let find = |stat: &str, coder: &str, cat: &str, outlet: &str| {
        t.find(&[
            ("statistic", stat),
            ("coder", coder),
            ("category", cat),
            ("outlet", outlet),
        ])
    };
    let v = |r: &Vec<String>, c: &str| r[t.col(c)].parse::<f64>().unwrap();
    let alpha = find("krippendorff_alpha", "all 2 coders", "(all)", "(all)");
    assert!((v(&alpha, "value") - (1.0 - 152.0 / 168.0)).abs() < 1e-12);
    let kappa = find("cohens_kappa", "a.csv / b.csv", "(all)", "(all)");
    assert!((v(&kappa, "value") - 1.0 / 11.0).abs() < 1e-12);
    assert!((v(&kappa, "observed_agreement") - 0.6).abs() < 1e-12);
    assert!((v(&kappa, "expected_agreement") - 0.56).abs() < 1e-12);
    // Precision of coder a: 2 of 10 correct, with the Wilson 95% interval worked out by hand
    // from the formula in the codebook: 0.0566821515 to 0.5098375285.
    let p = find("precision", "a.csv", "(all)", "(all)");
    assert_eq!(
        (p[t.col("units")].as_str(), p[t.col("correct")].as_str()),
        ("10", "2")
    );
    assert!((v(&p, "ci95_low") - 0.0566821515).abs() < 1e-9);
    assert!((v(&p, "ci95_high") - 0.5098375285).abs() < 1e-9);
    // Per outlet and per category × outlet rows exist; X holds units 1-5.
    let px = find("precision", "a.csv", "(all)", "X");
    assert_eq!(px[t.col("correct")], "1");
    let pcx = find("precision", "b.csv", "label.terror", "Y");
    assert_eq!(pcx[t.col("correct")], "1");
    // The majority of two coders leaves out their disagreements (4 of 10).
    let m = find("precision", "majority", "(all)", "(all)");
    assert_eq!(m[t.col("units")], "6");
    assert!(m[t.col("note")].contains("4 with tied judgements left out"));
}

#[test]
fn agreement_with_missing_judgements_and_three_coders() {
    let w = Workdir::new();
    let units = [
        ("a", "X", "c1"),
        ("b", "X", "c1"),
        ("c", "Y", "c2"),
        ("d", "Y", "c2"),
    ];
    w.write(
        "a.csv",
        sheet(&units, &["correct", "correct", "incorrect", ""]),
    );
    w.write("b.csv", sheet(&units, &["c", "yes", "no", "1"]));
    w.write("c.csv", sheet(&units, &["", "1", "0", "0"]));
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "c.csv", "-q"])
        .assert()
        .success();
    let t = Table::read(&w.path("agreement.csv"));
    let kappas = t
        .column("statistic")
        .iter()
        .filter(|s| *s == "cohens_kappa")
        .count();
    // Three pairs, each over all categories and over c1 and c2.
    assert_eq!(kappas, 9);
    let alpha = t
        .rows
        .iter()
        .find(|r| r[t.col("statistic")] == "krippendorff_alpha" && r[t.col("category")] == "(all)")
        .unwrap();
    // Units: {1,1}, {1,1,1}, {0,0,0}, {1,0}: n = 10, Σn_c² = 6² + 4² = 52,
    // D = (4−4)/1 + 0 + 0 + (4−2)/1 = 2, α = 1 − 9·2/(100 − 52) = 0.625.
    assert!((alpha[t.col("value")].parse::<f64>().unwrap() - 0.625).abs() < 1e-12);
    assert_eq!(alpha[t.col("units")], "4");
    // In c1 every judgement is `correct`: alpha is undefined, but its two units were still
    // judged by two coders or more, and are counted.
    let alpha_c1 = t
        .rows
        .iter()
        .find(|r| {
            r[t.col("statistic")] == "krippendorff_alpha"
                && r[t.col("category")] == "c1"
                && r[t.col("outlet")] == "(all)"
        })
        .unwrap();
    assert_eq!(alpha_c1[t.col("value")], "");
    assert_eq!(alpha_c1[t.col("units")], "2");
    assert!(alpha_c1[t.col("note")].contains("alpha undefined"));
    // A fourth coder who has only two of the four units: said, even with -q.
    w.write("d.csv", sheet(&units[..2], &["1", "1"]));
    w.slant()
        .args(["agreement", "a.csv", "d.csv", "-q", "--out", "ad.csv"])
        .assert()
        .success()
        .stderr(predicates::str::diff(
            "slant: warning: d.csv has no row for 2 of the 4 sample_ids in the sheets; \
             agreement with it is over the units both coders have\n",
        ));
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "-q", "--out", "ab.csv"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn agreement_errors_name_file_line_and_column() {
    let w = Workdir::new();
    let units = [("a", "X", "c1"), ("b", "X", "c1")];
    w.write("a.csv", sheet(&units, &["correct", "maybe"]));
    w.slant()
        .args(["agreement", "a.csv"])
        .assert()
        .code(1)
        .stderr(
            "slant: error: a.csv:3:10: judgement 'maybe': expected correct or incorrect (also \
             c/i, yes/no, y/n, 1/0, true/false), or blank when not judged\n",
        );
    // Saved by a spreadsheet with \r\n line ends, the line is the same.
    let crlf = sheet(&units, &["correct", "maybe"]).replace('\n', "\r\n");
    w.write("a.csv", &crlf);
    w.slant()
        .args(["agreement", "a.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("a.csv:3:10: judgement 'maybe'"));
    // A cell that is not UTF-8 (a sheet saved in a legacy encoding), by file:line:column.
    let mut latin1 = sheet(&units, &["correct", "incorrect"]).into_bytes();
    latin1.truncate(latin1.len() - 1);
    latin1.extend_from_slice(b"caf\xE9\n");
    w.write("a.csv", &latin1);
    w.slant()
        .args(["agreement", "a.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::diff(
            "slant: error: a.csv:3:11: invalid UTF-8 in this cell; save the file as UTF-8\n",
        ));
    w.write("a.csv", sheet(&units, &["correct", "incorrect"]));
    let other = [("a", "X", "c1"), ("zzz", "X", "c1")];
    w.write("b.csv", sheet(&other, &["correct", "incorrect"]));
    w.slant()
        .args(["agreement", "a.csv", "b.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "sample_id 2 is a different match",
        ));
    // A sheet drawn from another lexicon's matches is not the same match either.
    w.write(
        "a.csv",
        sheet(&units, &["correct", "incorrect"])
            .replace(",part,", ",lexicon,part,")
            .replace(",,body,", ",,loaded,body,"),
    );
    w.write(
        "b.csv",
        w.read("a.csv")
            .replacen(",loaded,", ",frames,", 2)
            .replacen(",frames,", ",loaded,", 1),
    );
    w.slant()
        .args(["agreement", "a.csv", "b.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "b.csv:3: sample_id 2 is a different match here (lexicon 'frames') than in a.csv:3 \
             ('loaded')",
        ));
    w.slant()
        .args(["agreement", "missing.csv"])
        .assert()
        .code(2);
    assert!(!w.path("agreement.csv").exists());
}

#[test]
fn sample_then_agreement_then_report_closes_the_loop() {
    let w = Workdir::new();
    scored(&w);
    sample(
        &w,
        "coded.csv",
        &["--per", "category", "--n", "3", "--seed", "2"],
    );
    let sheet = w.read("coded.csv");
    let mut out = String::new();
    for (i, line) in sheet.lines().enumerate() {
        out.push_str(line);
        if i > 0 {
            // The empty judgement and note are the last two cells.
            out.truncate(out.len() - 1);
            out.push_str(if i % 4 == 0 { "incorrect," } else { "correct," });
        }
        out.push('\n');
    }
    w.write("coded.csv", out);
    w.slant()
        .args(["agreement", "coded.csv", "--out", "out/agreement.csv", "-q"])
        .assert()
        .success();
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(page.contains("id=\"precision-chart\""));
    assert!(page.contains("One coder: agreement between coders needs two or more"));
}

#[test]
fn a_coders_work_is_never_replaced() {
    let w = Workdir::new();
    scored(&w);
    let fresh = sample(&w, "coded.csv", &["--n", "3"]);
    // An uncoded sheet is drawn again freely (the same draw).
    assert_eq!(sample(&w, "coded.csv", &["--n", "3"]), fresh);
    // One judgement makes it a coder's work: a new draw is refused and the file kept.
    let text = String::from_utf8(fresh).unwrap();
    let coded = text.replacen(",,\n", ",correct,\n", 1);
    w.write("coded.csv", &coded);
    w.slant()
        .args(["sample", "out", "--out", "coded.csv", "--n", "3"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: coded.csv: already holds 1 coded row (judgement or note filled in); \
             a new draw would replace it. Name another --out, or give --force to replace it\n",
        );
    assert_eq!(w.read("coded.csv"), coded);
    // Nor does a draw replace a file that is no coding sheet.
    w.slant()
        .args(["sample", "out", "--out", "out/articles.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "out/articles.csv: exists and is not a coding sheet of `slant sample`",
        ));
    // --force replaces it.
    assert_eq!(
        sample(&w, "coded.csv", &["--n", "3", "--force"]),
        text.as_bytes()
    );
    // agreement refuses to write its results over a coded sheet it reads.
    w.write("coded.csv", &coded);
    w.slant()
        .args(["agreement", "coded.csv", "--out", "coded.csv"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --out coded.csv: is the coded sheet coded.csv; the results would \
             replace a coder's work, so name another file\n",
        );
    assert_eq!(w.read("coded.csv"), coded);
    // Nor over another coder's sheet, or any file that is not an agreement table it wrote.
    w.write("other.csv", &coded);
    let corpus = "{\"id\":\"a\",\"text\":\"The regime fell.\"}\n";
    w.write("c.jsonl", corpus);
    for other in ["other.csv", "c.jsonl"] {
        w.slant()
            .args(["agreement", "coded.csv", "--out", other, "-q"])
            .assert()
            .code(2)
            .stderr(format!(
                "slant: error: --out {other}: exists and is not an agreement table slant \
                 wrote; it is not replaced. Name another file, or give --force to replace it\n"
            ));
    }
    assert_eq!(
        (w.read("other.csv"), w.read("c.jsonl")),
        (coded.clone(), corpus.to_string())
    );
    // Its own table it replaces; --force replaces anything but the sheets it reads.
    for _ in 0..2 {
        w.slant()
            .args(["agreement", "coded.csv", "--out", "agreement.csv", "-q"])
            .assert()
            .success();
    }
    w.slant()
        .args([
            "agreement",
            "coded.csv",
            "--out",
            "other.csv",
            "-q",
            "--force",
        ])
        .assert()
        .success();
    assert_eq!(w.read("other.csv"), w.read("agreement.csv"));
    // A draw never replaces the matches it is drawn from, even with --force.
    let matches = w.read("out/matches.csv");
    w.slant()
        .args(["sample", "out", "--out", "out/matches.csv", "--force"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --out out/matches.csv: is out/matches.csv, which this draw reads; \
             name another file\n",
        );
    assert_eq!(w.read("out/matches.csv"), matches);
}

#[test]
fn sample_per_period_needs_a_run_by_period() {
    let w = Workdir::new();
    scored(&w);
    w.slant()
        .args(["sample", "out", "--per", "period,outlet", "--out", "s.csv"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --per period: no match in out/matches.csv has a period: the run \
             was scored without --period (or no article's date could be read). Score with \
             --period month or --period year, or stratify by other columns\n",
        );
    assert!(!w.path("s.csv").exists());
}
