//! `slant compare`: known values against SciPy, pair modes, guards, degenerate groups,
//! usage errors, determinism, and the score -> compare pipeline.

use predicates::prelude::*;

use crate::util::{Table, Workdir};

/// A hand-made articles.csv: groups A (4), B (5, one with 0 words and so empty rates), C (1),
/// `=Evil` written with the formula guard (2), and one article without an outlet.
const ARTICLES: &str = "\
id,outlet,period,words,sentences,paragraphs,quoted_words,quotations,x.n,x.per_1k,x.narrator_per_1k,x.negated_n
a1,A,,100,5,1,10,1,0,2.5,2.7,0
a2,A,,200,9,2,20,1,1,4,4.1,0
a3,A,,150,7,2,0,0,0,3,3,0
a4,A,,400,20,4,40,2,3,6.5,6,1
b1,B,,120,6,1,0,0,0,1,1,0
b2,B,,90,4,1,9,1,0,0,0,0
b3,B,,80,4,1,8,1,0,2,2.2,0
b4,B,,0,0,0,0,0,0,,,0
b5,B,,300,15,3,30,2,0,1.5,1.4,0
c1,C,,250,12,2,0,0,1,5,5,0
e1,'=Evil,,50,3,1,5,1,0,0,0,0
e2,'=Evil,,60,3,1,0,0,0,1,1,0
n1,,,70,3,1,0,0,0,3,3,0
";

const HEADER: [&str; 22] = [
    "group_a",
    "group_b",
    "metric",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "difference",
    "welch_t",
    "welch_df",
    "welch_p",
    "mw_u",
    "mw_p",
    "perm_p",
    "cohens_d",
    "cliffs_delta",
    "boot_ci95_low",
    "boot_ci95_high",
    "welch_q",
    "mw_q",
    "perm_q",
    "note",
];

pub(crate) fn setup() -> Workdir {
    let w = Workdir::new();
    w.write("articles.csv", ARTICLES);
    w
}

/// `slant compare articles.csv --by outlet -q --out out`, to add to.
pub(crate) fn compare(w: &Workdir) -> assert_cmd::Command {
    let mut cmd = w.slant();
    cmd.args([
        "compare",
        "articles.csv",
        "--by",
        "outlet",
        "-q",
        "--out",
        "out",
    ]);
    cmd
}

fn run(w: &Workdir, args: &[&str]) -> Table {
    compare(w).args(args).assert().success();
    Table::read(&w.path("out/comparisons.csv"))
}

/// The row for (group_a, group_b, metric), as a map from column to cell.
fn row<'t>(t: &'t Table, a: &str, b: &str, metric: &str) -> impl Fn(&str) -> &'t str {
    let (ia, ib, im) = (t.col("group_a"), t.col("group_b"), t.col("metric"));
    let r = t
        .rows
        .iter()
        .find(|r| r[ia] == a && r[ib] == b && r[im] == metric)
        .unwrap_or_else(|| panic!("no row {a} / {b} / {metric}"));
    move |col: &str| r[t.col(col)].as_str()
}

#[track_caller]
fn close(cell: &str, want: f64) {
    let got: f64 = cell
        .parse()
        .unwrap_or_else(|_| panic!("'{cell}' is not a number"));
    let scale = got.abs().max(want.abs());
    assert!((got - want).abs() <= 1e-9 * scale, "got {got}, want {want}");
}

#[test]
fn known_values_match_scipy() {
    let w = setup();
    let t = run(&w, &[]);
    assert_eq!(t.header, HEADER);
    // Values from SciPy 1.17.1:
    //   a = [2.5, 4.0, 3.0, 6.5]; b = [1.0, 0.0, 2.0, 1.5]   (B's empty rate left out)
    //   scipy.stats.ttest_ind(a, b, equal_var=False)
    //   scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
    //                            use_continuity=True)
    let r = row(&t, "A", "B", "x.per_1k");
    assert_eq!((r("n_a"), r("n_b")), ("4", "4"));
    close(r("mean_a"), 4.0);
    close(r("mean_b"), 1.125);
    close(r("difference"), 2.875);
    close(r("welch_t"), 2.913182283353169);
    close(r("welch_df"), 4.312014468329977);
    close(r("welch_p"), 0.0397483282308391);
    close(r("mw_u"), 16.0);
    close(r("mw_p"), 0.03038282197657749);
    close(r("cliffs_delta"), 1.0);
    assert_eq!(r("note"), "");
    let (lo, hi): (f64, f64) = (
        r("boot_ci95_low").parse().unwrap(),
        r("boot_ci95_high").parse().unwrap(),
    );
    assert!(lo < 2.875 && 2.875 < hi, "{lo} {hi}");
    // Same, for words: aw = [100, 200, 150, 400]; bw = [120, 90, 80, 0, 300]
    let r = row(&t, "A", "B", "words");
    assert_eq!((r("n_a"), r("n_b")), ("4", "5"));
    close(r("welch_t"), 1.147084866487629);
    close(r("welch_df"), 5.945795570027094);
    close(r("welch_p"), 0.29539994584487034);
    close(r("mw_u"), 16.0);
    close(r("mw_p"), 0.17790959498698244);
}

/// `perm_p` estimates the exact permutation p value of Welch's |t|. The exact values enumerate
/// every split (SciPy 1.17.1, with `scipy.stats.ttest_ind(x, y, equal_var=False)` on each of
/// the C(8, 4) and C(9, 4) splits, counting |t| ≥ the observed |t|): 2/70 for x.per_1k and
/// 40/126 for words. By default a row stops after 200 permutations as extreme as its own, at
/// the l-th, with p = 200/l (about 7 % relative error); with `--permutations 1999` that comes
/// after the last permutation for x.per_1k (p ≈ 0.029: about 57 as extreme in 1,999), which
/// then has p = (1 + c)/2000.
#[test]
fn the_permutation_p_value_estimates_the_exact_one() {
    let w = setup();
    let t = run(&w, &[]);
    for (metric, exact) in [("x.per_1k", 2.0 / 70.0), ("words", 40.0 / 126.0)] {
        let r = row(&t, "A", "B", metric);
        let got: f64 = r("perm_p").parse().unwrap();
        assert!(
            (got - exact).abs() < 0.3 * exact,
            "{metric}: {got} against {exact}"
        );
        // p = 200/l: a whole number of permutations l.
        let l = 200.0 / got;
        assert!((l - l.round()).abs() < 1e-6, "{metric}: {got}");
        assert_ne!(r("perm_q"), "");
    }
    let t = run(&w, &["--permutations", "1999"]);
    let r = row(&t, "A", "B", "x.per_1k");
    let got: f64 = r("perm_p").parse().unwrap();
    // Four standard errors of a share estimated from 1,999 permutations.
    let exact = 2.0 / 70.0;
    assert!(
        (got - exact).abs() < 4.0 * (exact * (1.0 - exact) / 1999.0).sqrt(),
        "{got}"
    );
    let count = got * 2000.0;
    assert!((count - count.round()).abs() < 1e-6, "{got}");
    // Where Welch's test has no t, the permutation test has no p either, for the same reason.
    let r = row(&t, "A", "C", "x.per_1k");
    assert_eq!((r("perm_p"), r("perm_q")), ("", ""));
    assert_eq!(r("note"), "fewer than 2 articles in a group");
}

#[test]
fn permutations_zero_skips_the_permutation_test() {
    let w = setup();
    let t = run(
        &w,
        &[
            "--permutations",
            "0",
            "--pairs",
            "A,B",
            "--metrics",
            "words",
        ],
    );
    let r = row(&t, "A", "B", "words");
    assert_eq!((r("perm_p"), r("perm_q")), ("", ""));
    assert_ne!(r("welch_p"), "");
    assert_eq!(r("note"), "no permutations");
}

#[test]
fn rows_are_sorted_and_guarded_names_round_trip() {
    let w = setup();
    let t = run(&w, &[]);
    // Groups sorted by their unguarded bytes (`=` before `A`), written guarded again; metrics
    // in column order; the article without an outlet is in no group.
    let pairs: Vec<(String, String)> = t
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c[0].clone())
        .collect();
    let g = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        pairs,
        [
            g("'=Evil", "A"),
            g("'=Evil", "B"),
            g("'=Evil", "C"),
            g("A", "B"),
            g("A", "C"),
            g("B", "C")
        ]
    );
    assert_eq!(
        &t.column("metric")[..4],
        ["words", "quoted_words", "x.per_1k", "x.narrator_per_1k"]
    );
    // q values: Benjamini–Hochberg over every welch_p of the file.
    let p: Vec<f64> = t
        .column("welch_p")
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.parse().unwrap())
        .collect();
    let m = p.len() as f64;
    let r = row(&t, "A", "B", "x.per_1k");
    let p0: f64 = r("welch_p").parse().unwrap();
    let rank = p.iter().filter(|&&x| x <= p0).count() as f64;
    let q: f64 = r("welch_q").parse().unwrap();
    assert!(q >= p0 && q <= p0 * m / rank + 1e-15, "{q}");
}

#[test]
fn one_article_group_gets_empty_cells_and_a_note() {
    let w = setup();
    let t = run(&w, &[]);
    let r = row(&t, "A", "C", "x.per_1k");
    assert_eq!((r("n_a"), r("n_b")), ("4", "1"));
    close(r("mean_b"), 5.0);
    for col in [
        "welch_t",
        "welch_df",
        "welch_p",
        "welch_q",
        "perm_p",
        "perm_q",
        "cohens_d",
        "boot_ci95_low",
        "boot_ci95_high",
    ] {
        assert_eq!(r(col), "", "{col}");
    }
    // Rank statistics are defined with one article.
    assert_ne!(r("mw_u"), "");
    assert_ne!(r("cliffs_delta"), "");
    assert_eq!(r("note"), "fewer than 2 articles in a group");
}

#[test]
fn pairs_rest_compares_each_group_with_all_other_articles() {
    let w = setup();
    let t = run(&w, &["--pairs", "rest", "--metrics", "x.per_1k"]);
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.column("group_b"), ["(rest)"; 4]);
    assert_eq!(t.column("group_a"), ["'=Evil", "A", "B", "C"]);
    // A against B (4 rates), C (1) and =Evil (2); not the article without an outlet.
    let r = row(&t, "A", "(rest)", "x.per_1k");
    assert_eq!((r("n_a"), r("n_b")), ("4", "7"));
    close(r("mean_b"), (1.0 + 0.0 + 2.0 + 1.5 + 5.0 + 0.0 + 1.0) / 7.0);
}

#[test]
fn one_pair_in_the_order_given() {
    let w = setup();
    let t = run(&w, &["--pairs", "B,A", "--metrics", "x.*"]);
    assert_eq!(
        t.column("metric"),
        ["x.n", "x.per_1k", "x.narrator_per_1k", "x.negated_n"]
    );
    let r = row(&t, "B", "A", "x.per_1k");
    close(r("difference"), -2.875);
    close(r("welch_t"), -2.913182283353169);
    // A guarded group may be named as it appears in either file.
    let t = run(&w, &["--pairs", "'=Evil,A", "--metrics", "words"]);
    assert_eq!(t.column("group_a"), ["'=Evil"]);
    let t = run(&w, &["--pairs", "=Evil, A", "--metrics", "words"]);
    assert_eq!(t.column("group_b"), ["A"]);
}

#[test]
fn a_gzipped_or_utf16_table_compares_as_the_plain_one() {
    let w = setup();
    compare(&w).assert().success();
    let plain = w.read("out/comparisons.csv");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut enc, ARTICLES.as_bytes()).unwrap();
    w.write("articles.csv.gz", enc.finish().unwrap());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ARTICLES.encode_utf16().flat_map(u16::to_le_bytes));
    w.write("utf16.csv", utf16);
    for file in ["articles.csv.gz", "utf16.csv"] {
        w.slant()
            .args(["compare", file, "--by", "outlet", "-q", "--out", "o2"])
            .assert()
            .success();
        assert_eq!(w.read("o2/comparisons.csv"), plain, "{file}");
    }
}

#[test]
fn repeated_runs_and_thread_counts_give_identical_bytes() {
    let w = setup();
    let mut outputs = Vec::new();
    for (j, out) in [("1", "o1"), ("2", "o2"), ("2", "o3")] {
        w.slant()
            .args(["compare", "articles.csv", "--by", "outlet", "-q", "-j", j])
            .args(["--out", out])
            .assert()
            .success();
        outputs.push(w.read(&format!("{out}/comparisons.csv")));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[1], outputs[2]);
    // Another seed moves the bootstrap bounds and the permutation p values, and nothing else.
    w.slant()
        .args([
            "compare",
            "articles.csv",
            "--by",
            "outlet",
            "-q",
            "--seed",
            "2",
        ])
        .args(["--out", "o4"])
        .assert()
        .success();
    let a = Table::read(&w.path("o1/comparisons.csv"));
    let b = Table::read(&w.path("o4/comparisons.csv"));
    assert_ne!(a.column("boot_ci95_low"), b.column("boot_ci95_low"));
    assert_ne!(a.column("perm_p"), b.column("perm_p"));
    assert_eq!(a.column("welch_p"), b.column("welch_p"));
}

#[test]
fn the_record_names_the_table_the_settings_and_the_rows() {
    use sha2::{Digest, Sha256};
    let w = setup();
    compare(&w)
        .args(["--pairs", "B,A", "--seed", "7", "--bootstrap", "300"])
        .args(["--permutations", "500"])
        .args(["--metrics", "x.per_1k,words"])
        .assert()
        .success();
    let record: serde_json::Value = serde_json::from_str(&w.read("out/comparisons.json")).unwrap();
    assert_eq!(record["tool"], "slant");
    assert_eq!(record["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(record["command_line"][1], "compare");
    assert_eq!(record["input"]["path"], "articles.csv");
    assert_eq!(record["input"]["bytes"], ARTICLES.len());
    let sha = format!("{:x}", Sha256::digest(ARTICLES.as_bytes()));
    assert_eq!(record["input"]["sha256"], sha.as_str());
    assert_eq!(record["input"]["records"], 13);
    assert_eq!(record["by"], "outlet");
    assert_eq!(record["pairs"], "B,A");
    assert_eq!(record["metrics"], serde_json::json!(["words", "x.per_1k"]));
    assert_eq!(
        (record["seed"].as_u64(), record["bootstrap"].as_u64()),
        (Some(7), Some(300))
    );
    assert_eq!(record["permutations"], 500);
    assert_eq!(record["dedupe"], false);
    // 12 articles in 4 groups; n1 has no outlet.
    assert_eq!(record["groups"], 4);
    assert_eq!(record["articles_compared"], 12);
    assert_eq!(record["left_out_without_group"], 1);
    assert_eq!(record["left_out_as_copies"], 0);
    assert_eq!(record["rows"], 2);
    assert!(record["seconds"].as_f64().unwrap() >= 0.0);

    // From standard input: the same bytes and hash, under the name `<stdin>`; the summary
    // names both files.
    w.slant()
        .args(["compare", "-", "--by", "outlet", "--pairs", "rest"])
        .args(["--out", "piped"])
        .write_stdin(ARTICLES)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: compared 4 groups of 'outlet' on 4 metrics (16 rows) from 12 articles; \
             wrote piped/comparisons.csv and comparisons.json\n",
        ));
    let piped: serde_json::Value = serde_json::from_str(&w.read("piped/comparisons.json")).unwrap();
    assert_eq!(piped["input"]["path"], "<stdin>");
    assert_eq!(piped["input"]["sha256"], sha.as_str());
    assert_eq!(piped["pairs"], "rest");
    // 4 groups against the rest, on words, quoted_words, x.per_1k and x.narrator_per_1k.
    assert_eq!(piped["rows"], 4 * 4);
}

#[test]
fn a_failed_compare_leaves_the_earlier_record_and_table() {
    let w = setup();
    compare(&w).assert().success();
    let (table, record) = (
        w.read("out/comparisons.csv"),
        w.read("out/comparisons.json"),
    );
    w.write("articles.csv", ARTICLES.replace("a2,A,,200", "a2,A,,lots"));
    compare(&w)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "articles.csv:3:4: column 'words' holds 'lots'",
        ));
    assert_eq!(w.read("out/comparisons.csv"), table);
    assert_eq!(w.read("out/comparisons.json"), record);
}

#[test]
fn bootstrap_zero_skips_the_interval() {
    let w = setup();
    let t = run(
        &w,
        &["--bootstrap", "0", "--pairs", "A,B", "--metrics", "words"],
    );
    let r = row(&t, "A", "B", "words");
    assert_eq!((r("boot_ci95_low"), r("boot_ci95_high")), ("", ""));
    assert_eq!(r("note"), "no bootstrap replicates");
}

#[test]
fn score_then_compare_the_example_corpus() {
    let w = Workdir::new();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus.jsonl");
    w.slant()
        .arg("score")
        .arg(&corpus)
        .arg("-q")
        .assert()
        .success();
    w.slant()
        .args(["compare", "reports/articles.csv", "--by", "outlet"])
        .assert()
        .success()
        .stderr(predicate::str::contains("compared 3 groups of 'outlet'"));
    let t = Table::read(&w.path("reports/comparisons.csv"));
    assert_eq!(t.header, HEADER);
    // 3 pairs × every default metric, and the metric set is what the codebook promises.
    let a = Table::read(&w.path("reports/articles.csv"));
    let metrics = a
        .header
        .iter()
        .filter(|h| {
            h.ends_with(".per_1k")
                || h.ends_with(".narrator_per_1k")
                || *h == "words"
                || *h == "quoted_words"
        })
        .count();
    assert_eq!(t.rows.len(), 3 * metrics);
    // No NaN or infinity ever reaches the report.
    for r in &t.rows {
        for cell in r {
            assert!(!cell.contains("NaN") && !cell.contains("inf"), "{r:?}");
        }
    }
}

#[test]
fn a_long_table_is_read_back_whole_from_its_columns() {
    // 2,500 articles, more than the 1,024 values a column holds before it goes to the
    // temporary file: odd rows in A, even in B; `words` is the row number, and every
    // seventh x.per_1k is empty. Means and counts must cover every row, in order.
    let w = Workdir::new();
    let mut csv = String::from("id,outlet,period,words,x.per_1k\n");
    for i in 0..2500u32 {
        let group = if i % 2 == 1 { "A" } else { "B" };
        let rate = if i % 7 == 0 {
            String::new()
        } else {
            format!("{}", i % 10)
        };
        csv.push_str(&format!("r{i},{group},,{i},{rate}\n"));
    }
    w.write("articles.csv", &csv);
    let t = run(&w, &["--bootstrap", "0"]);
    let words = row(&t, "A", "B", "words");
    assert_eq!((words("n_a"), words("n_b")), ("1250", "1250"));
    // A: 1, 3, …, 2499; B: 0, 2, …, 2498.
    assert_eq!((words("mean_a"), words("mean_b")), ("1250", "1249"));
    let rate = row(&t, "A", "B", "x.per_1k");
    let (a, b): (Vec<u32>, Vec<u32>) = (0..2500u32)
        .filter(|i| i % 7 != 0)
        .partition(|i| i % 2 == 1);
    let mean = |xs: &[u32]| f64::from(xs.iter().map(|i| i % 10).sum::<u32>()) / xs.len() as f64;
    assert_eq!(rate("n_a"), a.len().to_string());
    assert_eq!(rate("n_b"), b.len().to_string());
    close(rate("mean_a"), mean(&a));
    close(rate("mean_b"), mean(&b));
}

#[test]
fn the_articles_left_out_are_counted_in_words_that_agree() {
    let w = Workdir::new();
    w.write(
        "one.csv",
        "id,outlet,duplicate_of,period,words\n1,A,,,1\n2,A,,,2\n3,B,,,3\n4,,,,4\n5,B,1,,4\n",
    );
    w.slant()
        .args([
            "compare", "one.csv", "--by", "outlet", "--dedupe", "--out", "out",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: 1 article with an empty 'outlet' was left out\n",
        ))
        .stderr(predicate::str::contains(
            "slant: 1 wire copy was left out (--dedupe)\n",
        ));
    w.write(
        "two.csv",
        "id,outlet,duplicate_of,period,words\n1,A,,,1\n2,,,,2\n3,B,,,3\n4,,,,4\n5,B,1,,4\n6,A,2,,1\n",
    );
    w.slant()
        .args([
            "compare", "two.csv", "--by", "outlet", "--dedupe", "--out", "out",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "slant: 2 articles with an empty 'outlet' were left out\n",
        ))
        .stderr(predicate::str::contains(
            "slant: 2 wire copies were left out (--dedupe)\n",
        ));
}

#[test]
fn one_pair_is_summed_up_by_its_own_groups_and_articles() {
    let w = setup();
    // A (4 articles) and C (1) of the 4 groups; the record still counts the whole file.
    w.slant()
        .args(["compare", "articles.csv", "--by", "outlet", "--out", "out"])
        .args(["--pairs", "A,C", "--metrics", "words"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "slant: compared 2 of 4 groups of 'outlet' on 1 metric (1 row) from 5 articles;",
        ));
    w.slant()
        .args(["compare", "articles.csv", "--by", "outlet", "--out", "out"])
        .args(["--metrics", "words"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with(
            "slant: compared 4 groups of 'outlet' on 1 metric (6 rows) from 12 articles;",
        ));
}

/// A small group whose articles are all 0 against a large one that often is not: Welch's t
/// rests on the large group's spread alone and calls the difference certain; the permutation
/// test sees that three articles at 0 are common among the pooled articles (about one draw of
/// three in seven), and the summary says which to trust.
#[test]
fn a_small_group_of_zeros_against_a_large_one_is_flagged() {
    let w = Workdir::new();
    let mut csv = String::from("id,outlet,period,x.per_1k\n");
    for i in 0..3 {
        csv.push_str(&format!("s{i},S,,0\n"));
    }
    for i in 0..40 {
        let v = if i % 2 == 0 { 0 } else { 1 + i % 3 };
        csv.push_str(&format!("l{i},L,,{v}\n"));
    }
    w.write("articles.csv", &csv);
    let out = w
        .slant()
        .args(["compare", "articles.csv", "--by", "outlet", "--out", "out"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "slant: 1 row has welch_q below 0.05 but perm_p of 0.05 or more: Welch's t is not \
             reliable for groups of very unequal size or skewed values; test with perm_q"
        ),
        "{stderr}"
    );
    let t = Table::read(&w.path("out/comparisons.csv"));
    let r = row(&t, "L", "S", "x.per_1k");
    let welch: f64 = r("welch_p").parse().unwrap();
    let perm: f64 = r("perm_p").parse().unwrap();
    assert!(welch < 1e-5, "{welch}");
    assert!(perm > 0.1, "{perm}");
    // -q says nothing.
    compare(&w).assert().success().stderr("");
}
