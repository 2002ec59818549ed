//! Coding sheets as coders hand them back from a spreadsheet: columns moved, renamed, added or
//! cut, rows sorted or emptied, ids rewritten, one sheet named twice or copied, no judgement at
//! all; `slant agreement` must join them as it joins the sheet `slant sample` wrote, or say
//! why not, and the report must explain what the table leaves out.

use predicates::prelude::PredicateBooleanExt;

use crate::util::{Table, Workdir};
use crate::validation::{sample, scored, sheet};

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
