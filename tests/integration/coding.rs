//! `slant sample` and `slant agreement` on the inputs that used to go wrong: a `matches.csv`
//! whose header is out of order, the summary line's counts with `--per category`, undated
//! strata, a group value spelt like the pooled marker `(all)`, and the blank rows a
//! spreadsheet leaves at the end of a sheet.

use crate::util::{Table, Workdir};

/// `regime` names two categories, `government` one.
const LEX: &str = "term,category\n\
regime,label.regime;choice.gov.regime\n\
government,choice.gov.government\n";

/// The header `slant sample` writes for a run grouped by outlet.
const SHEET_HEADER: &str = "sample_id,stratum,id,outlet,period,part,sentence,start,end,lexicon,\
entry,category,weight,voice,negated,left,text,right,judgement,note\n";

/// A coded row of a sheet grouped by outlet: match `n` of article `id`, in `outlet` and
/// `category`, judged `judgement`.
fn coded_row(n: u32, id: &str, outlet: &str, category: &str, judgement: &str) -> String {
    format!(
        "{n},{category} | {outlet},{id},{outlet},,body,1,{},{},lex,regime,{category},1,narrator,\
         false,The ,regime, fell.,{judgement},\n",
        4 * n,
        4 * n + 6
    )
}

#[test]
fn a_matches_header_out_of_order_is_an_error_not_a_panic() {
    let w = Workdir::new();
    let rest =
        "part,sentence,start,end,text,lexicon,entry,category,weight,voice,negated,left,right";
    let row = "body,1,4,10,regime,lex,regime,label.regime,1,narrator,false,The , fell.";
    w.write(
        "rep/matches.csv",
        format!("period,id,outlet,{rest}\n,a1,Herald,{row}\n"),
    );
    w.slant()
        .args(["sample", "rep", "--out", "s.csv"])
        .assert()
        .code(1)
        .stderr(
            "slant: error: rep/matches.csv: the column period stands before id (its columns \
             are: period, id, outlet, part, sentence, start, end, text, …): slant writes id, the \
             group columns, period, part, …, and finds the group columns by that order. The \
             header was reordered (in a spreadsheet?) or the file is damaged: put the columns \
             back in that order, or write the reports again with slant score\n",
        );
    // No group column between id and period: the outlet was moved to the end.
    w.write(
        "rep/matches.csv",
        format!("id,period,{rest},outlet\na1,,{row},Herald\n"),
    );
    w.slant()
        .args(["sample", "rep", "--out", "s.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "slant: error: rep/matches.csv: no group column between id and period (its columns \
             are: id, period, part,",
        ));
    assert!(!w.path("s.csv").exists());
}

#[test]
fn the_summary_counts_candidates_with_per_category_and_says_1_stratum() {
    let w = Workdir::new();
    w.write("lex.csv", LEX);
    // Three matches: two of `regime` (two categories each), one of `government`: five
    // candidates in three strata of category, of 1, 2 and 2.
    w.write(
        "c.jsonl",
        "{\"id\":\"a1\",\"outlet\":\"Herald\",\"text\":\"The regime fell. The government fell.\"}\n\
         {\"id\":\"a2\",\"outlet\":\"Post\",\"text\":\"The regime rose.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    w.slant()
        .args([
            "sample", "out", "--per", "category", "--n", "2", "--out", "s.csv",
        ])
        .assert()
        .success()
        .stderr(
            "slant: drew 5 of 5 candidates (3 matches, each once per category it names) in 3 \
             strata of category (up to 2 each, seed 1); wrote s.csv\n\
             slant: 1 stratum had fewer than 2 matches and was taken whole\n",
        );
    assert_eq!(Table::read(&w.path("s.csv")).rows.len(), 5);
    // Without category the matches are drawn whole, and counted as matches.
    w.slant()
        .args([
            "sample", "out", "--per", "outlet", "--n", "1", "--out", "t.csv",
        ])
        .assert()
        .success()
        .stderr(
            "slant: drew 2 of 3 matches in 2 strata of outlet (up to 1 each, seed 1); wrote \
             t.csv\n",
        );
    w.slant()
        .args([
            "sample", "out", "--per", "lexicon", "--n", "5", "--out", "u.csv",
        ])
        .assert()
        .success()
        .stderr(
            "slant: drew 3 of 3 matches in 1 stratum of lexicon (up to 5 each, seed 1); wrote \
             u.csv\n\
             slant: 1 stratum had fewer than 5 matches and was taken whole\n",
        );
}

#[test]
fn an_undated_stratum_reads_no_date() {
    let w = Workdir::new();
    w.write("lex.csv", "term,category\nregime,label.regime\n");
    w.write(
        "c.jsonl",
        "{\"id\":\"a1\",\"outlet\":\"Herald\",\"date\":\"2024-03-05\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"a2\",\"outlet\":\"Herald\",\"text\":\"The regime rose.\"}\n",
    );
    w.score_ok(&["c.jsonl"], "lex.csv", &["--period", "month"]);
    w.slant()
        .args([
            "sample",
            "out",
            "--per",
            "period,category",
            "--out",
            "s.csv",
            "-q",
        ])
        .assert()
        .success();
    let s = Table::read(&w.path("s.csv"));
    assert_eq!(
        s.column("stratum"),
        ["(no date) | label.regime", "2024-03 | label.regime"]
    );
    // The period cell itself stays as matches.csv has it.
    assert_eq!(s.column("period"), ["", "2024-03"]);
    assert_eq!(s.column("id"), ["a2", "a1"]);
}

#[test]
fn a_group_or_category_spelt_like_the_pooled_marker_is_refused() {
    let w = Workdir::new();
    w.write(
        "coded.csv",
        format!(
            "{SHEET_HEADER}{}{}",
            coded_row(1, "a1", "Herald", "label.regime", "correct"),
            coded_row(2, "a2", "(all)", "label.regime", "incorrect")
        ),
    );
    w.slant()
        .args(["agreement", "coded.csv", "--out", "agreement.csv"])
        .assert()
        .code(1)
        .stderr(
            "slant: error: coded.csv:3:4: outlet '(all)': in agreement.csv, (all) in the outlet \
             column marks the rows pooled over every value of outlet, so a value (all) could not \
             be told from them. Rename it in every coding sheet, the same way in each (say, to \
             '[all]'), and run slant agreement again\n",
        );
    w.write(
        "coded.csv",
        format!(
            "{SHEET_HEADER}{}",
            coded_row(1, "a1", "Herald", "(all)", "correct")
        ),
    );
    w.slant()
        .args(["agreement", "coded.csv", "--out", "agreement.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "slant: error: coded.csv:2:12: category '(all)': in agreement.csv, (all) in the \
             category column marks the rows pooled",
        ));
    assert!(!w.path("agreement.csv").exists());
    // Renamed, the group is a group of its own, and the pooled row pools both.
    w.write(
        "coded.csv",
        format!(
            "{SHEET_HEADER}{}{}",
            coded_row(1, "a1", "Herald", "label.regime", "correct"),
            coded_row(2, "a2", "[all]", "label.regime", "incorrect")
        ),
    );
    w.slant()
        .args(["agreement", "coded.csv", "--out", "agreement.csv", "-q"])
        .assert()
        .success();
    let t = Table::read(&w.path("agreement.csv"));
    let overall: Vec<(String, String, String)> = t
        .rows
        .iter()
        .filter(|r| r[t.col("category")] == "(all)")
        .map(|r| {
            (
                r[t.col("outlet")].clone(),
                r[t.col("units")].clone(),
                r[t.col("correct")].clone(),
            )
        })
        .collect();
    let row = |o: &str, n: &str, k: &str| (o.to_string(), n.to_string(), k.to_string());
    assert_eq!(
        overall,
        [
            row("(all)", "2", "1"),
            row("Herald", "1", "1"),
            row("[all]", "1", "0")
        ]
    );
}

#[test]
fn blank_rows_of_any_length_are_skipped() {
    let w = Workdir::new();
    let rows = format!(
        "{SHEET_HEADER}{}{}",
        coded_row(1, "a1", "Herald", "label.regime", "correct"),
        coded_row(2, "a2", "Post", "label.regime", "incorrect")
    );
    w.write("coded.csv", &rows);
    w.slant()
        .args([
            "agreement",
            "coded.csv",
            "--out",
            "clean-agreement.csv",
            "-q",
        ])
        .assert()
        .success();
    // A spreadsheet's leftovers: shorter than the header, white space, longer than it.
    let blank_long = ",".repeat(24);
    w.write(
        "coded.csv",
        format!("{rows},,,\n  ,  \n{blank_long}\n,,,\n"),
    );
    w.slant()
        .args(["agreement", "coded.csv", "--out", "agreement.csv", "-q"])
        .assert()
        .success();
    assert_eq!(w.read("agreement.csv"), w.read("clean-agreement.csv"));
    let t = Table::read(&w.path("agreement.csv"));
    assert_eq!(
        t.rows[0][..7],
        [
            "precision",
            "coded.csv",
            "(all)",
            "(all)",
            "(all)",
            "2",
            "1"
        ]
    );
    // A short row with something in it is still an error at its line.
    w.write("coded.csv", format!("{rows},,,\n3,x,,\n"));
    w.slant()
        .args(["agreement", "coded.csv", "--out", "agreement.csv", "-q"])
        .assert()
        .code(1)
        .stderr("slant: error: coded.csv:5: this row has 4 fields where the header has 20\n");
}
