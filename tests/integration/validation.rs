//! `slant sample` and `slant agreement`: coding sheets drawn reproducibly and stratified as
//! asked, read back into precision with Wilson intervals, Cohen's kappa and Krippendorff's
//! alpha (the formulas are pinned against published examples in `aggregate::agreement`).

use std::collections::BTreeMap;

use predicates::prelude::PredicateBooleanExt;

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

fn sample(w: &Workdir, out: &str, args: &[&str]) -> Vec<u8> {
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
fn sheet(rows: &[(&str, &str, &str)], judgements: &[&str]) -> String {
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

/// A CSV file as rows of cells, header first.
fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn to_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// A drawn sheet with row i (from 1) judged `judge(i)`.
fn judged(sheet: &str, judge: impl Fn(usize) -> &'static str) -> Vec<Vec<String>> {
    let mut rows = cells(sheet);
    let j = rows[0].iter().position(|h| h == "judgement").unwrap();
    for (i, r) in rows.iter_mut().enumerate().skip(1) {
        r[j] = judge(i).to_string();
    }
    rows
}

/// The named columns of a sheet in that order, as a coder's spreadsheet may leave them; a
/// name the sheet lacks is a new, empty column.
fn pick(rows: &[Vec<String>], names: &[&str]) -> Vec<Vec<String>> {
    let at: Vec<Option<usize>> = names
        .iter()
        .map(|n| rows[0].iter().position(|h| h == n))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            names
                .iter()
                .zip(&at)
                .map(|(n, c)| match c {
                    Some(c) => r[*c].clone(),
                    None if i == 0 => n.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

/// The rows of an agreement table as a set, coders named by `names` (so that tables of the
/// same sheets under other file names, or in another order, compare equal).
fn results(w: &Workdir, table: &str, names: &[(&str, &str)]) -> std::collections::BTreeSet<String> {
    let t = Table::read(&w.path(table));
    let coder = t.col("coder");
    t.rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let mut parts: Vec<String> = r[coder]
                .split(" / ")
                .map(|c| {
                    names
                        .iter()
                        .find(|(from, _)| *from == c)
                        .map_or(c.to_string(), |(_, to)| to.to_string())
                })
                .collect();
            parts.sort();
            r[coder] = parts.join(" / ");
            r.join(",")
        })
        .collect()
}

/// Two coders' copies of one sheet drawn from the example corpus: coder A marks every fifth
/// match incorrect, coder B every third.
fn two_coders(w: &Workdir) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    scored(w);
    let sheet = String::from_utf8(sample(
        w,
        "sheet.csv",
        &["--per", "category,outlet", "--n", "2", "--seed", "42"],
    ))
    .unwrap();
    let a = judged(&sheet, |i| if i % 5 == 0 { "incorrect" } else { "correct" });
    let b = judged(&sheet, |i| if i % 3 == 0 { "incorrect" } else { "correct" });
    (a, b)
}

/// [`two_coders`] written to `a.csv` and `b.csv`, and their agreement table as [`results`]
/// gives it (`ab.csv`), from a run that warns of nothing.
fn baseline(
    w: &Workdir,
) -> (
    Vec<Vec<String>>,
    Vec<Vec<String>>,
    std::collections::BTreeSet<String>,
) {
    let (a, b) = two_coders(w);
    w.write("a.csv", to_csv(&a));
    w.write("b.csv", to_csv(&b));
    agree(w, &["a.csv", "b.csv"], "ab.csv").success().stderr("");
    let expected = results(w, "ab.csv", &[]);
    (a, b, expected)
}

fn agree(w: &Workdir, sheets: &[&str], out: &str) -> assert_cmd::assert::Assert {
    w.slant()
        .arg("agreement")
        .args(sheets)
        .args(["--out", out, "-q"])
        .assert()
}

#[test]
fn one_sheet_named_twice_is_refused_and_a_copy_is_warned_of() {
    let w = Workdir::new();
    let (a, _) = two_coders(&w);
    w.write("a.csv", to_csv(&a));
    for second in ["./a.csv", "sub/../a.csv"] {
        std::fs::create_dir_all(w.path("sub")).unwrap();
        agree(&w, &["a.csv", second], "x.csv")
            .code(2)
            .stderr(format!(
                "slant: error: {second} is named twice (as a.csv: the same file); name each \
                 coder's sheet once\n"
            ));
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(w.path("a.csv"), w.path("link.csv")).unwrap();
        agree(&w, &["a.csv", "link.csv"], "x.csv")
            .code(2)
            .stderr(predicates::str::contains("link.csv is named twice"));
    }
    assert!(!w.path("x.csv").exists());
    // A copy under another name is two files: read, with a warning even under -q.
    w.write("copy.csv", to_csv(&a));
    let rows = a.len() - 1;
    agree(&w, &["a.csv", "copy.csv"], "x.csv")
        .success()
        .stderr(format!(
            "slant: warning: a.csv and copy.csv give the same judgement to all {rows} matches \
             both judged: is one a copy of the other? Agreement is only meaningful between \
             coders who judged independently\n"
        ));
    // Fewer than ten shared judgements prove nothing.
    let few: Vec<Vec<String>> = a[..10].to_vec();
    w.write("few.csv", to_csv(&few));
    agree(&w, &["few.csv", "copy.csv"], "x.csv")
        .success()
        .stderr(predicates::str::contains("give the same judgement").not());
}

#[test]
fn group_columns_are_found_by_name_whatever_the_order() {
    let w = Workdir::new();
    let (a, _, expected) = baseline(&w);
    assert!(
        Table::read(&w.path("ab.csv"))
            .header
            .contains(&"outlet".to_string())
    );
    let header: Vec<&str> = a[0].iter().map(String::as_str).collect();
    let mut moved: Vec<&str> = header.clone();
    // text, judgement and note moved next to id (before the group column).
    moved.retain(|c| !["text", "judgement", "note"].contains(c));
    moved.splice(3..3, ["text", "judgement", "note"]);
    let mut commented = header.clone();
    commented.insert(4, "comment");
    commented.push("remarks");
    let no_period: Vec<&str> = header.iter().copied().filter(|c| *c != "period").collect();
    let no_id: Vec<&str> = header.iter().copied().filter(|c| *c != "id").collect();
    for (name, columns) in [
        ("moved.csv", &moved),
        ("commented.csv", &commented),
        ("noperiod.csv", &no_period),
        ("noid.csv", &no_id),
    ] {
        let mut sheet = pick(&a, columns);
        if let Some(c) = columns.iter().position(|c| *c == "comment") {
            for r in sheet.iter_mut().skip(1) {
                r[c] = "see the article".into();
            }
        }
        w.write(name, to_csv(&sheet));
        for (order, out) in [([name, "b.csv"], "1.csv"), (["b.csv", name], "2.csv")] {
            agree(&w, &order, out).success();
            assert_eq!(
                results(&w, out, &[(name, "a.csv")]),
                expected,
                "{name} in the order {order:?}"
            );
        }
    }
    // Columns a coder added are ignored, and said to be (not under -q).
    w.slant()
        .args(["agreement", "commented.csv", "b.csv", "--out", "3.csv"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "slant: note: commented.csv: ignored the columns 'comment', 'remarks': slant sample \
             writes no such column",
        ));
    // A sheet without the columns the statistics need is an error naming the column.
    w.write(
        "nojudgement.csv",
        to_csv(&pick(&a, &["sample_id", "id", "text"])),
    );
    agree(&w, &["a.csv", "nojudgement.csv"], "4.csv")
        .code(1)
        .stderr(predicates::str::contains(
            "slant: error: nojudgement.csv: no column judgement (its columns are: sample_id, \
             id, text)",
        ));
}

#[test]
fn a_cut_down_sheet_is_checked_on_its_text_and_warned_of() {
    let w = Workdir::new();
    let (a, b) = two_coders(&w);
    w.write("a.csv", to_csv(&a));
    w.write("b.csv", to_csv(&b));
    agree(&w, &["a.csv", "b.csv"], "ab.csv").success();
    let minimal = pick(&b, &["sample_id", "text", "judgement"]);
    w.write("min.csv", to_csv(&minimal));
    let warning = "slant: warning: min.csv has no column id, part, start, end, lexicon, entry, \
                   category (other sheets have them), so its rows were joined to theirs by \
                   sample_id and checked on text only: a sheet from another draw could go \
                   unnoticed. Make sure it is a copy of the same sample.csv\n";
    for order in [["a.csv", "min.csv"], ["min.csv", "a.csv"]] {
        agree(&w, &order, "x.csv").success().stderr(warning);
        assert_eq!(
            results(&w, "x.csv", &[("min.csv", "b.csv")]),
            results(&w, "ab.csv", &[]),
        );
    }
    // A sheet of another draw, cut down the same way, differs in its text.
    let other = String::from_utf8(sample(
        &w,
        "other.csv",
        &["--per", "category,outlet", "--n", "2", "--seed", "43"],
    ))
    .unwrap();
    let other = pick(
        &judged(&other, |_| "correct"),
        &["sample_id", "text", "judgement"],
    );
    let differs = (1..other.len().min(a.len()))
        .find(|&i| other[i][1] != a[i][a[0].iter().position(|h| h == "text").unwrap()])
        .expect("two draws with the same text throughout");
    w.write("other.csv", to_csv(&other));
    agree(&w, &["a.csv", "other.csv"], "y.csv")
        .code(1)
        .stderr(predicates::str::contains(format!(
            "other.csv:{}: sample_id {differs} is a different match here (text",
            differs + 1
        )));
}

#[test]
fn sample_ids_rewritten_by_a_spreadsheet_still_join() {
    let w = Workdir::new();
    let (_, b, expected) = baseline(&w);
    for (name, rewrite) in [
        (
            "float.csv",
            (|s: &str| format!("{s}.0")) as fn(&str) -> String,
        ),
        ("zero.csv", |s| format!("0{s}")),
        ("space.csv", |s| format!(" {s} ")),
    ] {
        let mut sheet = b.clone();
        for r in sheet.iter_mut().skip(1) {
            r[0] = rewrite(&r[0]);
        }
        w.write(name, to_csv(&sheet));
        agree(&w, &["a.csv", name], "x.csv").success().stderr("");
        assert_eq!(results(&w, "x.csv", &[(name, "b.csv")]), expected, "{name}");
    }
    // Sheets with no sample_id in common are not copies of one sheet.
    let mut shifted = b.clone();
    for r in shifted.iter_mut().skip(1) {
        r[0] = format!("{}", r[0].parse::<u64>().unwrap() + 1000);
    }
    w.write("shifted.csv", to_csv(&shifted));
    agree(&w, &["a.csv", "shifted.csv"], "y.csv")
        .code(1)
        .stderr(
            "slant: error: shifted.csv: it shares no sample_id with a.csv: the sheets are not \
             copies of one coding sheet. Give each coder a copy of the same sample.csv\n",
        );
    // One match under two sample_ids: an id rewritten, or a row copied.
    let mut copied = b.clone();
    let mut row = copied[3].clone();
    row[0] = "9999".into();
    copied.push(row);
    w.write("copied.csv", to_csv(&copied));
    agree(&w, &["a.csv", "copied.csv"], "y.csv")
        .code(1)
        .stderr(predicates::str::contains(format!(
            "copied.csv:{}: sample_id 9999 is the same match as sample_id 3 (a.csv:4)",
            copied.len()
        )));
    assert!(!w.path("y.csv").exists());
}

#[test]
fn empty_rows_are_skipped_and_header_problems_named() {
    let w = Workdir::new();
    let (_, b, expected) = baseline(&w);
    // Rows a spreadsheet leaves with every cell empty, or blank.
    let width = b[0].len();
    let mut text = to_csv(&b).replace('\n', "\r\n");
    text.push_str(&",".repeat(width - 1));
    text.push_str("\r\n");
    text.push_str(&" ,".repeat(width - 1));
    text.push_str("\r\n\r\n");
    w.write("excel.csv", text);
    agree(&w, &["a.csv", "excel.csv"], "x.csv")
        .success()
        .stderr("");
    assert_eq!(results(&w, "x.csv", &[("excel.csv", "b.csv")]), expected);
    // Header cells in another case, with spaces, or spelt "judgment" are the same column.
    for (from, to) in [
        ("judgement", "Judgement"),
        ("judgement", "judgment"),
        ("judgement", "judgement "),
        ("sample_id", "Sample_ID"),
    ] {
        let mut sheet = b.clone();
        let c = sheet[0].iter().position(|h| h == from).unwrap();
        sheet[0][c] = to.into();
        w.write("renamed.csv", to_csv(&sheet));
        agree(&w, &["a.csv", "renamed.csv"], "x.csv")
            .success()
            .stderr("");
        assert_eq!(
            results(&w, "x.csv", &[("renamed.csv", "b.csv")]),
            expected,
            "{to}"
        );
    }
    // A sheet saved with another separator says so, and how to fix it.
    let plain = to_csv(&pick(&b, &["sample_id", "text", "judgement"]));
    for (sep, what) in [(";", "semicolons"), ("\t", "tabs")] {
        w.write("sep.csv", plain.replace(',', sep));
        agree(&w, &["a.csv", "sep.csv"], "x.csv")
            .code(1)
            .stderr(format!(
                "slant: error: sep.csv: its columns are separated by {what}, not commas (as a \
                 spreadsheet saves text or CSV in some languages); save it again as CSV, \
                 comma-separated, UTF-8\n"
            ));
    }
    w.write("empty.csv", "");
    agree(&w, &["a.csv", "empty.csv"], "x.csv").code(1).stderr(
        "slant: error: empty.csv: the file is empty; name a coding sheet written by slant \
             sample and filled in by a coder\n",
    );
    // Two columns that both read as judgement cannot be told apart.
    w.write("twice.csv", "sample_id,judgement,Judgement\n1,correct,\n");
    agree(&w, &["twice.csv"], "x.csv")
        .code(1)
        .stderr(predicates::str::contains(
            "columns 2 ('judgement') and 3 ('Judgement') are both judgement; delete one",
        ));
}

#[test]
fn a_sheet_with_no_judgement_is_warned_of() {
    let w = Workdir::new();
    let (a, _) = two_coders(&w);
    w.write("a.csv", to_csv(&a));
    let rows = a.len() - 1;
    w.slant()
        .args(["agreement", "a.csv", "sheet.csv", "--out", "x.csv", "-q"])
        .assert()
        .success()
        .stderr(format!(
            "slant: warning: sheet.csv has no judgement filled in on any of its {rows} rows: \
             was it saved after coding, or is it the wrong file?\n"
        ));
    w.write("header.csv", to_csv(&a[..1]));
    agree(&w, &["a.csv", "header.csv"], "x.csv")
        .success()
        .stderr(predicates::str::contains(
            "slant: warning: header.csv has no rows: is it the right file?",
        ));
}

/// When every judgement is the same, kappa and alpha are undefined, but p_o and p_e (and
/// 1 − D_o and 1 − D_e) are not: the codebook says these columns hold them.
#[test]
fn agreements_are_given_when_kappa_and_alpha_are_undefined() {
    let w = Workdir::new();
    let units = [("a", "X", "c1"), ("b", "X", "c1"), ("c", "Y", "c2")];
    w.write("a.csv", sheet(&units, &["correct", "correct", "incorrect"]));
    w.write("b.csv", sheet(&units, &["correct", "correct", "correct"]));
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "-q"])
        .assert()
        .success();
    let t = Table::read(&w.path("agreement.csv"));
    for stat in ["cohens_kappa", "krippendorff_alpha"] {
        let r = t
            .rows
            .iter()
            .find(|r| r[t.col("statistic")] == stat && r[t.col("category")] == "c1")
            .unwrap();
        assert_eq!(r[t.col("value")], "", "{stat}");
        assert!(r[t.col("note")].contains("undefined"), "{stat}");
        assert_eq!(r[t.col("observed_agreement")], "1", "{stat}");
        assert_eq!(r[t.col("expected_agreement")], "1", "{stat}");
    }
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

#[test]
fn the_report_explains_joined_categories_ties_and_low_agreement() {
    let w = Workdir::new();
    scored(&w);
    // Every match, not split by category: matches with several categories keep them joined.
    let sheet =
        String::from_utf8(sample(&w, "s.csv", &["--per", "lexicon", "--n", "500"])).unwrap();
    assert!(sheet.contains(';'), "no match with several categories");
    w.write(
        "a.csv",
        to_csv(&judged(&sheet, |i| {
            if i % 2 == 0 { "incorrect" } else { "correct" }
        })),
    );
    w.write(
        "b.csv",
        to_csv(&judged(&sheet, |i| {
            if i % 3 == 0 { "incorrect" } else { "correct" }
        })),
    );
    w.slant()
        .args(["agreement", "a.csv", "b.csv", "--out", "out/agreement.csv"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "(the sheet was drawn without --per category): each is judged and counted once",
        ));
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(
        !page.contains("earlier run"),
        "joined categories taken for another run's"
    );
    assert!(page.contains("id=\"precision-chart\""));
    assert!(page.contains("the coding sheet was drawn without --per category"));
    assert!(page.contains("Matches on which the coders are tied"));
    assert!(page.contains("Caution: 2 of the agreement values below are under 0.8"));
    assert!(page.contains("below 0.667: too low to rely on"));
}
