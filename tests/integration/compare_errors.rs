//! `slant compare`'s refusals and messages: usage errors (exit 2), cells that are no number,
//! columns named twice, blank groups, misspelt pairs and a temporary folder it cannot use.
//! Each names what is wrong and where; the computations are in `compare.rs`.

use predicates::prelude::*;

use crate::compare::{compare, setup};
use crate::util::{Table, Workdir};

#[test]
fn usage_errors_exit_2() {
    let w = setup();
    let base = ["compare", "articles.csv", "-q", "--out", "out"];
    w.slant()
        .args(base)
        .args(["--by", "source"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--by: no column 'source' in articles.csv (group columns: outlet, period; the \
                 other 10 columns are ids and metrics)",
        ));
    // Not a slant table: the first columns, not all of them.
    let wide: Vec<String> = (1..=20).map(|i| format!("c{i}")).collect();
    w.write("wide.csv", format!("{}\n", wide.join(",")));
    w.slant()
        .args(["compare", "wide.csv", "-q", "--out", "out", "--by", "g"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(columns: c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, … (20 in all))",
        ));
    // Saved by a spreadsheet with semicolons: said so, not a header of one huge name.
    w.write("semi.csv", "id;outlet;period;words\na;A;;10\nb;B;;20\n");
    w.slant()
        .args([
            "compare", "semi.csv", "-q", "--out", "out", "--by", "outlet",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "semi.csv: its columns are separated by semicolons, not commas",
        ));
    let long = format!("{}\n", "x".repeat(100));
    w.write("long.csv", long);
    w.slant()
        .args(["compare", "long.csv", "-q", "--out", "out", "--by", "g"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "(columns: {}…)",
            "x".repeat(60)
        )));
    for (flag, value, says) in [
        ("--pairs", "A,Z", "not two groups"),
        ("--pairs", "A,A", "same group twice"),
        ("--pairs", "some", "expected all, rest"),
        ("--metrics", "nope", "no column matches 'nope'"),
        ("--metrics", "zz*", "no column matches 'zz*'"),
        ("-j", "0", "at least 1"),
        ("-j", "100000", "--threads 100000: at most"),
        (
            "--bootstrap",
            "1000001",
            "--bootstrap is at most 1000000 replicates",
        ),
        (
            "--permutations",
            "1000001",
            "--permutations is at most 1000000",
        ),
    ] {
        w.slant()
            .args(base)
            .args(["--by", "outlet", flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    // A misspelt metric among many: the nearest names, not the whole header.
    let many: Vec<String> = (0..40).map(|i| format!("frame.f{i}.per_1k")).collect();
    w.write(
        "many.csv",
        format!(
            "id,outlet,period,{}\n1,A,,{}\n",
            many.join(","),
            vec!["1"; 40].join(",")
        ),
    );
    w.slant()
        .args([
            "compare", "many.csv", "-q", "--out", "out", "--by", "outlet",
        ])
        .args(["--metrics", "frame.f17.per1k"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --metrics: no column matches 'frame.f17.per1k' in many.csv; did you \
             mean frame.f17.per_1k, frame.f1.per_1k, frame.f7.per_1k, frame.f10.per_1k, \
             frame.f11.per_1k? (40 metric columns)\n",
        );
    // Another report of slant's is not a table of articles.
    w.write(
        "groups.csv",
        "outlet,period,metric,articles,words,total,pooled_per_1k,pooled_ratio,mean,sd,se,\
         ci95_low,ci95_high,median,note\nA,,words,2,10,10,,,5,0,0,5,5,5,\n",
    );
    w.slant()
        .args([
            "compare",
            "groups.csv",
            "-q",
            "--out",
            "out",
            "--by",
            "outlet",
        ])
        .assert()
        .code(2)
        .stderr(
            "slant: error: groups.csv: this is slant's groups.csv, not an articles.csv; compare \
             reads one row per article (the articles.csv in the same folder)\n",
        );
    w.slant()
        .args(["compare", "missing.csv", "--by", "outlet"])
        .assert()
        .code(2);
    std::fs::create_dir(w.path("folder")).unwrap();
    w.slant()
        .args(["compare", "folder", "--by", "outlet"])
        .assert()
        .code(2)
        .stderr("slant: error: folder: is a folder; name the articles.csv in it (folder/articles.csv)\n");
    assert!(!w.path("out/comparisons.csv").exists());
    assert!(!w.path("out/comparisons.json").exists());
}

#[test]
fn a_text_metric_is_an_error_naming_the_cell() {
    let w = setup();
    // Also with \r\n line ends (a spreadsheet's save): the same line.
    let crlf = w.read("articles.csv").replace('\n', "\r\n");
    w.write("crlf.csv", &crlf);
    for file in ["articles.csv", "crlf.csv"] {
        w.slant()
            .args(["compare", file, "--by", "outlet", "--metrics", "id", "-q"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "{file}:2:1: column 'id' holds 'a1'"
            )));
    }
    // A column that is empty everywhere makes no groups.
    w.slant()
        .args(["compare", "articles.csv", "--by", "period", "-q"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty in every row"));
    // Bytes that are not UTF-8, and a short row: file, line and column as slant numbers them.
    let mut bad = w.read("articles.csv").into_bytes();
    let at = bad.windows(2).position(|p| p == b"a3").unwrap();
    bad[at + 1] = 0xFF;
    w.write("bad.csv", &bad);
    w.slant()
        .args(["compare", "bad.csv", "--by", "outlet", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::diff(
            "slant: error: bad.csv:4:1: invalid UTF-8 in this cell; save the file as UTF-8\n",
        ));
    // A bad header is named at its own line, after blank ones.
    w.write("hdr.csv", b"\n\nid,out\xFFlet\na,A\n");
    w.slant()
        .args(["compare", "hdr.csv", "--by", "outlet", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::diff(
            "slant: error: hdr.csv:3:2: invalid UTF-8 in this cell; save the file as UTF-8\n",
        ));
    w.write("short.csv", format!("{}x,A\n", w.read("articles.csv")));
    w.slant()
        .args(["compare", "short.csv", "--by", "outlet", "-q"])
        .assert()
        .code(1)
        .stderr(predicate::str::diff(
            "slant: error: short.csv:15: this row has 2 fields where the header has 12\n",
        ));
}

#[test]
fn a_temporary_folder_that_cannot_be_used_is_named() {
    // More rows than a metric column holds in memory (1,024), so compare needs its file.
    let w = Workdir::new();
    let mut table = String::from("id,outlet,period,words\n");
    for i in 0..1100 {
        table.push_str(&format!("r{i},{},,{i}\n", ["A", "B"][i % 2]));
    }
    w.write("articles.csv", table);
    let missing = w.path("no-such-folder");
    compare(&w)
        .env("TMPDIR", &missing)
        .assert()
        .code(1)
        .stderr(format!(
            "slant: error: {}: cannot create the temporary file that holds the metric columns \
             of slant compare: No such file or directory (os error 2) (set TMPDIR to choose \
             another folder); no report was written, earlier reports are unchanged\n",
            missing.display()
        ));
    assert!(!w.path("out/comparisons.csv").exists());
    assert!(!w.path("out/comparisons.json").exists());
}

#[test]
fn a_column_named_twice_is_a_usage_error() {
    let w = Workdir::new();
    // Two tables pasted side by side: which `x.per_1k` a row compares, or which `outlet`
    // groups it, cannot be told from comparisons.csv.
    w.write(
        "metric.csv",
        "outlet,x.per_1k,x.per_1k\nA,1,9\nA,2,9\nB,3,9\nB,5,8\n",
    );
    w.write(
        "group.csv",
        "outlet,x.per_1k,outlet\nA,1,C\nA,2,C\nB,3,D\nB,5,D\n",
    );
    for (file, says) in [
        (
            "metric.csv",
            "slant: error: metric.csv:1:3: column 'x.per_1k' appears twice (first as column 2)",
        ),
        (
            "group.csv",
            "slant: error: group.csv:1:3: column 'outlet' appears twice (first as column 1)",
        ),
    ] {
        w.slant()
            .args(["compare", file, "--by", "outlet", "-q", "--out", "out"])
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with(says));
    }
    assert!(!w.path("out/comparisons.csv").exists());
    // A repeated column that is neither compared nor grouped by is no problem.
    w.write(
        "other.csv",
        "outlet,note,x.per_1k,note\nA,,1,\nA,,2,\nB,,3,\nB,,5,\n",
    );
    w.slant()
        .args([
            "compare",
            "other.csv",
            "--by",
            "outlet",
            "-q",
            "--out",
            "out",
        ])
        .assert()
        .success();
    assert_eq!(Table::read(&w.path("out/comparisons.csv")).rows.len(), 1);
}

/// A table of one's own: a group cell of spaces is no group, the --by column after period
/// is not taken for a metric by `*`, and a bootstrap of few resamples is warned of.
#[test]
fn blank_groups_the_by_column_and_few_resamples() {
    let w = Workdir::new();
    w.write(
        "own.csv",
        "id,period,words,outlet\n1,,1,A\n2,,2,A\n3,,3,B\n4,,5,B\n5,,4,  \n",
    );
    w.slant()
        .args(["compare", "own.csv", "--by", "outlet", "--metrics", "*"])
        .args(["--bootstrap", "50", "--out", "out"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: 1 article with an empty 'outlet' was left out\n",
        ))
        .stderr(predicate::str::contains(
            "slant: warning: --bootstrap 50: percentile bounds from fewer than 1000 resamples \
             vary noticeably with --seed",
        ));
    let t = Table::read(&w.path("out/comparisons.csv"));
    assert_eq!(t.column("metric"), ["words"]);
    assert_eq!(t.column("n_a"), ["2"]);
    // The default draws no warning.
    w.slant()
        .args(["compare", "own.csv", "--by", "outlet", "--out", "out", "-q"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn a_misspelt_pair_names_the_side_that_is_no_group() {
    let w = setup();
    compare(&w)
        .args(["--pairs", "A,Z"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --pairs 'A,Z': not two groups of 'outlet': 'Z' is none of them \
             (groups: =Evil, A, B, C)\n",
        );
    // Among many groups, the nearest names, not the first 20 in byte order.
    let mut many = String::from("id,outlet,period,words\n");
    for i in 0..40 {
        many.push_str(&format!("{i},Outlet {i},,{i}\n"));
    }
    many.push_str("x,CNN (Web News),,5\n");
    w.write("many.csv", many);
    w.slant()
        .args([
            "compare", "many.csv", "--by", "outlet", "-q", "--out", "out",
        ])
        .args(["--pairs", "CNN (Web Nwes),Outlet 7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'CNN (Web Nwes)' is none of them; did you mean CNN (Web News)?",
        ));
    // A group whose name holds a comma is quoted in the list, which would read as two bare.
    w.write(
        "commas.csv",
        "id,outlet,period,words\n1,\"Smith, Jones\",,1\n2,A,,2\n",
    );
    w.slant()
        .args([
            "compare",
            "commas.csv",
            "--by",
            "outlet",
            "-q",
            "--out",
            "out",
        ])
        .args(["--pairs", "A,Smith"])
        .assert()
        .code(2)
        .stderr(
            "slant: error: --pairs 'A,Smith': not two groups of 'outlet': 'Smith' is none of \
             them (groups: A, 'Smith, Jones')\n",
        );
}

#[test]
fn a_cell_that_is_no_finite_number_says_what_it_is() {
    let w = Workdir::new();
    for (cell, says) in [
        (
            "1e400",
            "x.per_1k' holds '1e400', which is not a finite number; an undefined value is an \
             empty cell",
        ),
        ("inf", "holds 'inf', which is not a finite number"),
        ("NaN", "holds 'NaN', which is not a finite number"),
        (
            "NA",
            "holds 'NA', a mark for a missing value; compare reads a missing value as an empty \
             cell",
        ),
    ] {
        w.write(
            "t.csv",
            format!("outlet,x.per_1k\nA,1\nA,2\nB,3\nB,{cell}\n"),
        );
        w.slant()
            .args(["compare", "t.csv", "--by", "outlet", "-q", "--out", "out"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("t.csv:5:2: column '"))
            .stderr(predicate::str::contains(says));
    }
}
