//! Precision weighted by stratum size (`precision_weighted` in `agreement.csv`): each judged
//! match stands for stratum_size ÷ judged of its stratum's candidates. Exact values on a
//! hand-made sheet, the checks on `stratum` and `stratum_size`, sheets without them, and the
//! loop from `slant sample` through `slant agreement` to the page.

use predicates::prelude::PredicateBooleanExt;

use crate::util::{Table, Workdir};

/// Three strata, one coder:
/// - `label.terror | X`: 100 candidates, 4 drawn, 3 correct (weight 25 each);
/// - `label.terror | Y`: 2 candidates, both drawn and correct (weight 1);
/// - `label.regime | X`: 10 candidates, 4 drawn, one left blank, 2 of 3 correct (weight 10/3).
pub(crate) const SHEET: &str = "\
sample_id,stratum,stratum_size,id,outlet,period,part,start,end,lexicon,entry,category,judgement,note
1,label.terror | X,100,a,X,,body,0,5,l,e,label.terror,correct,
2,label.terror | X,100,b,X,,body,0,5,l,e,label.terror,correct,
3,label.terror | X,100,c,X,,body,0,5,l,e,label.terror,correct,
4,label.terror | X,100,d,X,,body,0,5,l,e,label.terror,incorrect,
5,label.terror | Y,2,e,Y,,body,0,5,l,e,label.terror,correct,
6,label.terror | Y,2,f,Y,,body,0,5,l,e,label.terror,correct,
7,label.regime | X,10,g,X,,body,0,5,l,e,label.regime,correct,
8,label.regime | X,10,h,X,,body,0,5,l,e,label.regime,incorrect,
9,label.regime | X,10,i,X,,body,0,5,l,e,label.regime,,
10,label.regime | X,10,j,X,,body,0,5,l,e,label.regime,correct,
";

/// The row of `agreement.csv` for a statistic, coder, category and outlet.
fn row(t: &Table, stat: &str, coder: &str, cat: &str, outlet: &str) -> Vec<String> {
    t.find(&[
        ("statistic", stat),
        ("coder", coder),
        ("category", cat),
        ("outlet", outlet),
    ])
}

/// `sheet` as the one coder's `a.csv`, and the agreement table `slant agreement` writes of it.
pub(crate) fn agreement_of(sheet: &str) -> Table {
    let w = Workdir::new();
    w.write("a.csv", sheet);
    w.slant()
        .args(["agreement", "a.csv", "--out", "agreement.csv", "-q"])
        .assert()
        .success();
    Table::read(&w.path("agreement.csv"))
}

/// `sheet.csv` coded as `out/coded.csv`, match i (from 1) judged `judge(i)`, and the agreement
/// table `slant agreement` writes of it beside it.
pub(crate) fn coded_and_agreed(w: &Workdir, judge: impl Fn(usize) -> &'static str) -> Table {
    let coded: String = w
        .read("sheet.csv")
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!("{line}\n"),
            _ => format!("{}{},\n", &line[..line.len() - 1], judge(i)),
        })
        .collect();
    w.write("out/coded.csv", coded);
    w.slant()
        .args(["agreement", "out/coded.csv", "-q"])
        .assert()
        .success();
    Table::read(&w.path("out/agreement.csv"))
}

fn num(t: &Table, r: &[String], col: &str) -> f64 {
    r[t.col(col)].parse().unwrap()
}

/// Wilson's 95% interval with a fractional n, as the codebook writes it.
fn wilson(p: f64, n: f64) -> (f64, f64) {
    let z: f64 = 1.959_963_984_540_054;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    (centre - half, centre + half)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn each_judged_match_stands_for_its_strata_candidates() {
    let w = Workdir::new();
    w.write("a.csv", SHEET);
    w.slant()
        .args(["agreement", "a.csv", "--out", "agreement.csv"])
        .assert()
        .success()
        // Unweighted 7/9 = 0.778; weighted (25·3 + 1·2 + 10/3·2) / 112 = 0.747.
        .stdout(predicates::str::contains(
            "  a.csv                                   9       7     0.778  0.453–0.937     \
             0.747  0.339–0.944\n",
        ))
        .stdout(predicates::str::contains(
            "For a.csv, all categories, weighted by stratum size: 3 strata standing for 112 \
             candidates; effective n 5.2",
        ));
    let t = Table::read(&w.path("agreement.csv"));
    let all = row(&t, "precision_weighted", "a.csv", "(all)", "(all)");
    assert_eq!((&*all[t.col("units")], &*all[t.col("correct")]), ("9", "7"));
    let p = (25.0 * 3.0 + 2.0 + 10.0 / 3.0 * 2.0) / 112.0;
    assert!(close(num(&t, &all, "value"), p));
    // Only the sampled strata vary: Σ (1 − f)·w²·m = 0.96·25²·4 + 0.7·(10/3)²·3.
    let n = 112.0f64.powi(2) / (0.96 * 625.0 * 4.0 + 0.7 * (100.0 / 9.0) * 3.0);
    let (low, high) = wilson(p, n);
    assert!(close(num(&t, &all, "ci95_low"), low));
    assert!(close(num(&t, &all, "ci95_high"), high));
    assert_eq!(
        all[t.col("note")],
        "weighted by stratum size: 3 strata standing for 112 candidates; effective n 5.2"
    );
    // A category, a group: the strata within it.
    let terror = row(&t, "precision_weighted", "a.csv", "label.terror", "(all)");
    assert!(close(num(&t, &terror, "value"), 77.0 / 102.0));
    let x = row(&t, "precision_weighted", "a.csv", "(all)", "X");
    assert!(close(num(&t, &x, "value"), (75.0 + 20.0 / 3.0) / 110.0));
    // A stratum judged throughout is counted, not estimated.
    let y = row(&t, "precision_weighted", "a.csv", "label.terror", "Y");
    assert_eq!(
        [
            &*y[t.col("value")],
            &*y[t.col("ci95_low")],
            &*y[t.col("ci95_high")]
        ],
        ["1", "1", "1"]
    );
    assert_eq!(
        y[t.col("note")],
        "weighted by stratum size: 1 stratum standing for 2 candidates; every one judged \
         throughout, so counted, not estimated"
    );
    // The unweighted rows are as before.
    let plain = row(&t, "precision", "a.csv", "(all)", "(all)");
    assert!(close(num(&t, &plain, "value"), 7.0 / 9.0));
    assert_eq!(plain[t.col("note")], "1 not judged");
}

#[test]
fn a_stratum_no_coder_judged_is_left_out_and_said() {
    // Coder a leaves the whole of stratum Y blank.
    let sheet = SHEET
        .replace(
            "e,Y,,body,0,5,l,e,label.terror,correct,",
            "e,Y,,body,0,5,l,e,label.terror,,",
        )
        .replace(
            "f,Y,,body,0,5,l,e,label.terror,correct,",
            "f,Y,,body,0,5,l,e,label.terror,,",
        );
    let t = agreement_of(&sheet);
    let all = row(&t, "precision_weighted", "a.csv", "(all)", "(all)");
    assert!(close(num(&t, &all, "value"), (75.0 + 20.0 / 3.0) / 110.0));
    assert_eq!(
        all[t.col("note")],
        "weighted by stratum size: 2 strata standing for 110 candidates; effective n 5.0; \
         1 stratum (2 candidates) with no match judged left out"
    );
    let y = row(&t, "precision_weighted", "a.csv", "(all)", "Y");
    assert_eq!(y[t.col("value")], "");
    assert_eq!(
        y[t.col("note")],
        "no match judged: precision undefined; 1 stratum (2 candidates) with no match judged \
         left out"
    );
}

#[test]
fn stratum_sizes_are_checked() {
    let w = Workdir::new();
    let run = |name: &str, sheet: String| {
        w.write(name, sheet);
        w.slant()
            .args(["agreement", name, "--out", "agreement.csv", "-q"])
            .assert()
    };
    run(
        "two-sizes.csv",
        SHEET.replace("6,label.terror | Y,2,", "6,label.terror | Y,3,"),
    )
    .code(1)
    .stderr(predicates::str::contains(
        "two-sizes.csv:7: stratum 'label.terror | Y' has stratum_size 3 for sample_id 6, but 2 \
         for sample_id 5 (two-sizes.csv:6): a stratum has one size",
    ));
    run(
        "too-many.csv",
        SHEET
            .replace("5,label.terror | Y,2,", "5,label.terror | Y,1,")
            .replace("6,label.terror | Y,2,", "6,label.terror | Y,1,"),
    )
    .code(1)
    .stderr(predicates::str::contains(
        "too-many.csv:6: stratum 'label.terror | Y': the sheets have 2 matches drawn from it, but its \
         stratum_size is 1: a draw cannot give more matches than the stratum has",
    ));
    run(
        "not-a-number.csv",
        SHEET.replace("7,label.regime | X,10,", "7,label.regime | X,ten,"),
    )
    .code(1)
    .stderr(predicates::str::contains(
        "not-a-number.csv:8: stratum_size 'ten' of sample_id 7: expected the number of \
         candidates in the stratum, a whole number of 1 or more",
    ));
    // A size a spreadsheet rewrote as a decimal is that whole number.
    run("decimal.csv", SHEET.replace(",X,100,", ",X,100.0,")).success();
    // Two coders' sheets that disagree on a size are not copies of one draw.
    w.write("a.csv", SHEET);
    run(
        "b.csv",
        SHEET.replace("7,label.regime | X,10,", "7,label.regime | X,11,"),
    )
    .code(1);
    w.slant()
        .args([
            "agreement",
            "a.csv",
            "b.csv",
            "--out",
            "agreement.csv",
            "-q",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "b.csv:8: sample_id 7 is a different match here (stratum_size '11') than in \
             a.csv:8 ('10')",
        ));
    // A cell cleared in one coder's copy is named as such, in either order of the sheets.
    w.write(
        "c.csv",
        SHEET.replace("7,label.regime | X,10,", "7,label.regime | X,,"),
    );
    let agree = |first: &str, second: &str| {
        w.slant()
            .args(["agreement", first, second, "--out", "agreement.csv", "-q"])
            .assert()
            .code(1)
    };
    agree("a.csv", "c.csv").stderr(
        "slant: error: c.csv:8:3: sample_id 7: stratum_size is empty here but '10' in a.csv:8; \
         was the cell cleared? Copy it back from the sheet that has it\n",
    );
    agree("c.csv", "a.csv").stderr(
        "slant: error: a.csv:8: sample_id 7: stratum_size is '10' here but empty in c.csv:8; \
         was the cell cleared? Copy it back from the sheet that has it\n",
    );
}

#[test]
fn a_sheet_without_stratum_sizes_gives_unweighted_precision_with_a_note() {
    let w = Workdir::new();
    // As an older slant drew it: no stratum_size column.
    let old: String = SHEET
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let mut kept = vec![cells[0], cells[1]];
            kept.extend(&cells[3..]);
            kept.join(",") + "\n"
        })
        .collect();
    w.write("old.csv", &old);
    w.slant()
        .args(["agreement", "old.csv", "--out", "agreement.csv"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "slant: note: the sheets give no stratum_size for sample_id 1 (old.csv:2): a sheet \
             drawn by an older slant (without stratum_size), or one whose column was deleted, \
             cannot say how many matches each drawn one stands for, so precision is not \
             weighted by stratum size",
        ))
        .stdout(predicates::str::contains("weighted").not());
    let t = Table::read(&w.path("agreement.csv"));
    assert!(
        t.rows
            .iter()
            .all(|r| r[t.col("statistic")] != "precision_weighted")
    );
    // A second coder's sheet with the column fills in what the first lacks.
    w.write("new.csv", SHEET);
    w.slant()
        .args([
            "agreement",
            "old.csv",
            "new.csv",
            "--out",
            "agreement.csv",
            "-q",
        ])
        .assert()
        .success()
        .stderr("");
    let t = Table::read(&w.path("agreement.csv"));
    let all = row(&t, "precision_weighted", "old.csv", "(all)", "(all)");
    assert!(close(
        num(&t, &all, "value"),
        (75.0 + 2.0 + 20.0 / 3.0) / 112.0
    ));
}

/// From the example corpus: a sheet drawn per category × outlet, coded, read back. The
/// weighted rows stand for every candidate of the draw, each stratum's `stratum_size` is its
/// count in `matches.csv`, and the page shows both precisions.
#[test]
fn the_weighted_rows_stand_for_every_candidate_of_the_draw() {
    let w = Workdir::new();
    crate::validation::scored(&w);
    let drawn = w
        .slant()
        .args(["sample", "out", "--per", "category,outlet", "--n", "2"])
        .args(["--seed", "42", "--out", "sheet.csv"])
        .assert()
        .success();
    let said = String::from_utf8(drawn.get_output().stderr.clone()).unwrap();
    // "slant: drew 90 of 183 candidates (…)"
    let candidates: u64 = said
        .split(" of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    let sheet = Table::read(&w.path("sheet.csv"));
    let mut sizes = std::collections::BTreeMap::new();
    for r in &sheet.rows {
        sizes.insert(
            r[sheet.col("stratum")].clone(),
            r[sheet.col("stratum_size")].parse::<u64>().unwrap(),
        );
    }
    assert_eq!(sizes.values().sum::<u64>(), candidates);
    let t = coded_and_agreed(&w, |i| if i % 4 == 0 { "incorrect" } else { "correct" });
    let all = row(&t, "precision_weighted", "out/coded.csv", "(all)", "(all)");
    assert!(
        all[t.col("note")].contains(&format!(
            "{} strata standing for {candidates} candidates",
            sizes.len()
        )),
        "{all:?}"
    );
    w.slant().args(["report", "out", "-q"]).assert().success();
    let page = w.read("out/summary.html");
    assert!(
        page.contains(">weighted (95% CI)</th>"),
        "no weighted column"
    );
    assert!(page.contains("Weighted precision lets each judged match stand for"));
}

/// A run grouped by bias and outlet, its sheet drawn per category × bias: precision per bias
/// (outlet pooled) is a row of its own, weighted over the bias's strata; a row per outlet cuts
/// across them, and the candidates it stands for are an estimate.
#[test]
fn each_group_column_alone_has_rows_when_there_are_several() {
    let t = agreement_of(
        "\
sample_id,stratum,stratum_size,id,bias,outlet,period,part,start,end,lexicon,entry,category,judgement,note
1,label.terror | L,40,a,L,P,,body,0,5,l,e,label.terror,correct,
2,label.terror | L,40,b,L,Q,,body,0,5,l,e,label.terror,incorrect,
3,label.terror | R,4,c,R,S,,body,0,5,l,e,label.terror,correct,
4,label.terror | R,4,d,R,S,,body,0,5,l,e,label.terror,correct,
",
    );
    let find = |stat: &str, bias: &str, outlet: &str| {
        t.find(&[
            ("statistic", stat),
            ("category", "(all)"),
            ("bias", bias),
            ("outlet", outlet),
        ])
    };
    let left = find("precision", "L", "(all)");
    assert_eq!(
        (&*left[t.col("units")], &*left[t.col("correct")]),
        ("2", "1")
    );
    let right = find("precision_weighted", "R", "(all)");
    assert_eq!(
        right[t.col("note")],
        "weighted by stratum size: 1 stratum standing for 4 candidates; effective n 4.0"
    );
    let p = find("precision_weighted", "(all)", "P");
    assert_eq!(p[t.col("value")], "1");
    assert_eq!(
        p[t.col("note")],
        "weighted by stratum size: 1 stratum standing for an estimated 20.0 candidates; \
         effective n 1.1"
    );
    // The pair of both columns, and category × one column, are rows too.
    find("precision", "L", "P");
    t.find(&[
        ("statistic", "precision"),
        ("category", "label.terror"),
        ("bias", "R"),
        ("outlet", "(all)"),
    ]);
}

/// A sheet drawn per category, cut by outlet: `label.terror` (2 candidates, both drawn and
/// judged) is counted exactly in each outlet's row, not estimated; `label.regime` (10
/// candidates, 2 drawn, neither judged) is left out, and an outlet's row leaves out its share
/// of it (1 of the 2 drawn: an estimated 5), not the whole stratum.
#[test]
fn a_row_that_cuts_strata_says_what_is_counted_and_what_is_left_out() {
    let t = agreement_of(
        "\
sample_id,stratum,stratum_size,id,outlet,period,part,start,end,lexicon,entry,category,judgement,note
1,label.terror,2,a,P,,body,0,5,l,e,label.terror,correct,
2,label.terror,2,b,Q,,body,0,5,l,e,label.terror,incorrect,
3,label.regime,10,c,P,,body,0,5,l,e,label.regime,,
4,label.regime,10,d,Q,,body,0,5,l,e,label.regime,,
",
    );
    let p = row(&t, "precision_weighted", "a.csv", "(all)", "P");
    assert_eq!(
        (
            &*p[t.col("value")],
            &*p[t.col("ci95_low")],
            &*p[t.col("ci95_high")]
        ),
        ("1", "1", "1")
    );
    assert_eq!(
        p[t.col("note")],
        "weighted by stratum size: 1 stratum standing for 1 candidate; every one judged \
         throughout, so counted, not estimated; 1 stratum (an estimated 5.0 candidates) with \
         no match judged left out"
    );
    let all = row(&t, "precision_weighted", "a.csv", "(all)", "(all)");
    assert_eq!(
        all[t.col("note")],
        "weighted by stratum size: 1 stratum standing for 2 candidates; every one judged \
         throughout, so counted, not estimated; 1 stratum (10 candidates) with no match judged \
         left out"
    );
}

/// Sizes too large to add up in 64 bits, as an edited sheet may give them: the candidates
/// left out are summed without wrapping (nor, in a debug build, panicking).
#[test]
fn huge_stratum_sizes_left_out_do_not_wrap() {
    let t = agreement_of(
        "\
sample_id,stratum,stratum_size,id,outlet,period,part,start,end,lexicon,entry,category,judgement,note
1,label.terror,18446744073709551615,a,P,,body,0,5,l,e,label.terror,,
2,label.regime,18446744073709551615,b,P,,body,0,5,l,e,label.regime,,
3,label.mob,3,c,P,,body,0,5,l,e,label.mob,correct,
",
    );
    let all = row(&t, "precision_weighted", "a.csv", "(all)", "(all)");
    assert_eq!(
        all[t.col("note")],
        "weighted by stratum size: 1 stratum standing for 3 candidates; effective n 1.5; 2 \
         strata (36893488147419103000 candidates) with no match judged left out"
    );
}

/// Two strata whose values joined by ` | ` give one `stratum` cell could not be told apart
/// by `slant agreement`: the draw is refused, naming both.
#[test]
fn strata_that_would_share_a_label_are_refused() {
    let w = Workdir::new();
    w.write("lex.csv", "term,category\nterror*,label.terror\n");
    w.write(
        "c.jsonl",
        "{\"id\":\"1\",\"outlet\":\"A | B\",\"bias\":\"C\",\"text\":\"terror\"}\n\
         {\"id\":\"2\",\"outlet\":\"A\",\"bias\":\"B | C\",\"text\":\"terror\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--group-by", "outlet,bias"]);
    w.slant()
        .args(["sample", "out", "--per", "outlet,bias"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--per outlet,bias: the strata [\"A\", \"B | C\"] and [\"A | B\", \"C\"] would both \
             be written 'A | B | C' in the stratum column",
        ));
    assert!(!w.path("out/sample.csv").exists());
    // Either column alone is a fine stratification.
    w.slant()
        .args(["sample", "out", "--per", "outlet", "-q"])
        .assert()
        .success();
}
