//! The aggregate reports on a corpus small enough to compute by hand: groups.csv, terms.csv,
//! choices.csv, and the degenerate cases (one article in a group, a single group).
//! Expected values were computed independently in Python (statistics.stdev, the t quantile
//! t(0.975, 1) = 12.706204736174698 from SciPy, and the formulas in reports/README.md).

use crate::util::{Table, Workdir};

const LEX: &str =
    "term,category,weight\nregime,choice.gov.regime,1\ngovernment,choice.gov.government,-1\n";

fn corpus(w: &Workdir) {
    w.write(
        "c.jsonl",
        "{\"id\":\"A\",\"outlet\":\"X\",\"text\":\"The regime fell. The regime is bad.\"}\n\
         {\"id\":\"B\",\"outlet\":\"X\",\"text\":\"A government spoke.\"}\n\
         {\"id\":\"C\",\"outlet\":\"Y\",\"text\":\"The regime and the government met.\"}\n",
    );
    w.write("lex.csv", LEX);
}

/// A fresh folder with [`corpus`] scored into `out`.
fn scored() -> Workdir {
    let w = Workdir::new();
    corpus(&w);
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    w
}

#[test]
fn groups_csv_article_level_and_pooled() {
    let w = scored();
    let g = Table::read(&w.path("out/groups.csv"));
    let r = g.row(&[("outlet", "X"), ("metric", "choice.gov.regime.per_1k")]);
    assert_eq!(
        g.cells(
            r,
            &[
                "articles",
                "words",
                "total",
                "pooled_per_1k",
                "mean",
                "sd",
                "se",
                "median",
                "note"
            ]
        ),
        [
            "2",
            "10",
            "2",
            "200",
            "142.85714285714286",
            "202.03050891044217",
            "142.85714285714286",
            "142.85714285714286",
            ""
        ]
    );
    let lo: f64 = r[g.col("ci95_low")].parse().unwrap();
    let hi: f64 = r[g.col("ci95_high")].parse().unwrap();
    assert!((lo - -1672.314962310671).abs() < 1e-9 && (hi - 1958.0292480249568).abs() < 1e-9);
    // One article in Y: no sd, se or interval, and the note says why.
    let r = g.row(&[("outlet", "Y"), ("metric", "choice.gov.regime.per_1k")]);
    assert_eq!(
        g.cells(r, &["articles", "mean", "sd", "ci95_low", "median"]),
        ["1", "166.66666666666666", "", "", "166.66666666666666"]
    );
    assert!(r[g.col("note")].contains("at least 2"), "{r:?}");
    // Slant: A = +1, B = −1; pooled (2 − 1) / 3.
    let r = g.row(&[("outlet", "X"), ("metric", "slant")]);
    assert_eq!(
        g.cells(r, &["articles", "total", "pooled_ratio", "mean"]),
        ["2", "3", "0.3333333333333333", "0"]
    );
    let r = g.row(&[("outlet", "Y"), ("metric", "slant")]);
    assert_eq!(
        g.cells(r, &["articles", "pooled_ratio", "mean"]),
        ["1", "0", "0"]
    );
}

#[test]
fn groups_csv_interval_leans_with_skewed_rates_and_is_left_out_when_all_values_are_equal() {
    let w = Workdir::new();
    w.write(
        "c.jsonl",
        "{\"id\":\"Z1\",\"outlet\":\"Z\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"Z2\",\"outlet\":\"Z\",\"text\":\"A man spoke today.\"}\n\
         {\"id\":\"Z3\",\"outlet\":\"Z\",\"text\":\"Rain came down hard now.\"}\n\
         {\"id\":\"W1\",\"outlet\":\"W\",\"text\":\"Rain fell.\"}\n\
         {\"id\":\"W2\",\"outlet\":\"W\",\"text\":\"Snow fell.\"}\n",
    );
    w.write("lex.csv", LEX);
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let g = Table::read(&w.path("out/groups.csv"));
    // Z: rates 333.3, 0 and 0. Hall's interval (scripts/reference-stats.py's hall_interval,
    // with SciPy's t quantile) reaches further above the mean than below it, where the t
    // interval would be 111.1 ± 478.1 = [-367.0, 589.2].
    let r = g.row(&[("outlet", "Z"), ("metric", "choice.gov.regime.per_1k")]);
    assert_eq!(
        g.cells(r, &["articles", "mean", "sd", "note"]),
        ["3", "111.1111111111111", "192.45008972987526", ""]
    );
    let lo: f64 = r[g.col("ci95_low")].parse().unwrap();
    let hi: f64 = r[g.col("ci95_high")].parse().unwrap();
    assert!((lo - -262.22007551100256).abs() < 1e-9, "{lo}");
    assert!((hi - 1117.5501100243564).abs() < 1e-9, "{hi}");
    // W: both rates 0. No interval of no width: the cells are empty and the note says why.
    let r = g.row(&[("outlet", "W"), ("metric", "choice.gov.regime.per_1k")]);
    assert_eq!(
        g.cells(
            r,
            &[
                "articles",
                "mean",
                "sd",
                "se",
                "ci95_low",
                "ci95_high",
                "median",
                "note"
            ]
        ),
        [
            "2",
            "0",
            "0",
            "0",
            "",
            "",
            "0",
            "every article has the same value: no CI"
        ]
    );
}

#[test]
fn terms_csv_keyness_against_the_rest() {
    let w = scored();
    let t = Table::read(&w.path("out/terms.csv"));
    let r = t.row(&[("outlet", "X"), ("entry", "regime")]);
    assert_eq!(
        t.cells(
            r,
            &[
                "count",
                "narrator_count",
                "per_1k",
                "articles_with",
                "articles",
                "share",
                "rest_share"
            ]
        ),
        ["2", "2", "200", "1", "2", "0.5", "1"]
    );
    let g2: f64 = r[t.col("g2")].parse().unwrap();
    let lr: f64 = r[t.col("log_ratio")].parse().unwrap();
    assert!((g2 - 0.022588013237517635).abs() < 1e-12, "{g2}");
    assert!((lr - 0.26303440583379406).abs() < 1e-12, "{lr}");
    // Every entry matched anywhere gets a row for every group.
    assert_eq!(t.rows.len(), 4);
    assert!(t.column("g2_q").iter().all(|q| !q.is_empty()));
    // Dispersion, by hand (codebook, *Dispersion of an entry*): N = 3 articles with words, G =
    // 2 groups. `regime`: X's rate 2/10 leaves (2 − 1.4)² + (0 − 0.6)² = 0.72 over C = 3, times
    // 3/1: 0.72, so 1, and g2_adj_p is g2_p. `government`: X's rate 1/10 leaves (0 − 0.7)² +
    // (1 − 0.3)² = 0.98 over C = 2, times 3: 1.47. Y's single article fits its own rate.
    let cell = |entry: &str, column: &str| -> f64 {
        let r = t.row(&[("outlet", "X"), ("entry", entry)]);
        r[t.col(column)].parse().unwrap()
    };
    assert_eq!(cell("regime", "dispersion"), 1.0);
    assert_eq!(cell("regime", "g2_adj_p"), cell("regime", "g2_p"));
    assert!((cell("government", "dispersion") - 1.47).abs() < 1e-12);
    // SciPy: chi2.sf(0.12907704227514227 / 1.47, 1).
    let p = cell("government", "g2_adj_p");
    assert!((p - 0.7669831761629825).abs() < 1e-12, "{p}");
    assert!(t.column("g2_adj_q").iter().all(|q| !q.is_empty()));
}

#[test]
fn choices_csv_shares_with_wilson_intervals() {
    let w = scored();
    let c = Table::read(&w.path("out/choices.csv"));
    let r = c.row(&[("outlet", "X"), ("variant", "regime")]);
    assert_eq!(
        c.cells(r, &["concept", "count", "concept_total", "share"]),
        ["gov", "2", "3", "0.6666666666666666"]
    );
    let lo: f64 = r[c.col("ci95_low")].parse().unwrap();
    let hi: f64 = r[c.col("ci95_high")].parse().unwrap();
    assert!((lo - 0.2076596008020477).abs() < 1e-12 && (hi - 0.9385080552796037).abs() < 1e-12);
    let r = c.row(&[("outlet", "Y"), ("variant", "government")]);
    assert_eq!(
        c.cells(r, &["count", "concept_total", "share"]),
        ["1", "2", "0.5"]
    );
}

#[test]
fn a_cell_with_articles_but_no_variant_of_the_concept_says_so() {
    let w = Workdir::new();
    corpus(&w);
    w.write(
        "z.jsonl",
        "{\"id\":\"Z1\",\"outlet\":\"Z\",\"text\":\"The council met on Monday.\"}\n",
    );
    w.score_ok(&["c.jsonl", "z.jsonl"], "lex.csv", &[]);
    let c = Table::read(&w.path("out/choices.csv"));
    let r = c.row(&[("outlet", "Z"), ("variant", "regime")]);
    assert_eq!(
        c.cells(r, &["count", "concept_total", "share", "ci95_low", "note"]),
        ["0", "0", "", "", "the concept does not occur in this cell"]
    );
    // Where the concept occurs, the note is empty.
    let r = c.row(&[("outlet", "X"), ("variant", "regime")]);
    assert_eq!(r[c.col("note")], "");
}

#[test]
fn a_single_group_gives_empty_keyness_with_a_reason() {
    let w2 = Workdir::new();
    corpus(&w2);
    w2.write(
        "one.jsonl",
        "{\"id\":\"A\",\"text\":\"The regime fell.\"}\n",
    );
    w2.score_ok(&["one.jsonl"], "lex.csv", &["--period", "year"]);
    // No date: the period is empty and a warning says so.
    let run: serde_json::Value = serde_json::from_str(&w2.read("out/run.json")).unwrap();
    assert_eq!(
        run["warnings"][0]["message"], "1 article has no date (field 'date'); its period is empty",
        "{run}"
    );
    let t = Table::read(&w2.path("out/terms.csv"));
    assert_eq!(t.column("group"), ["all"]);
    assert_eq!(
        t.cells(&t.rows[0], &["count", "g2", "g2_p", "log_ratio", "share_p"]),
        ["1", "", "", "", ""]
    );
    assert!(t.rows[0][t.col("note")].contains("single group"));
    let g = Table::read(&w2.path("out/groups.csv"));
    for r in &g.rows {
        for c in ["mean", "sd", "se", "median", "ci95_low"] {
            assert_ne!(r[g.col(c)], "NaN");
        }
    }
}

#[test]
fn default_grouping_decided_by_the_first_record_is_explained() {
    let w = Workdir::new();
    corpus(&w);
    // The first record has no outlet: one group, and a warning that others do have one.
    w.write(
        "late.jsonl",
        "{\"id\":\"A\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"B\",\"outlet\":\"X\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"C\",\"source\":\"Y\",\"text\":\"The regime fell.\"}\n",
    );
    w.score_ok(&["late.jsonl"], "lex.csv", &[]);
    assert_eq!(
        Table::read(&w.path("out/terms.csv")).column("group"),
        ["all"]
    );
    assert_eq!(
        warnings_of(&w),
        [
            "2 articles have an outlet or source field, but the first record has neither, so \
          every article is in the one group 'all'; give --group-by to group them"
        ]
    );
    // Grouped by the first record's outlet, the articles without one are counted.
    w.write(
        "early.jsonl",
        "{\"id\":\"B\",\"outlet\":\"X\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"A\",\"text\":\"The regime fell.\"}\n\
         {\"id\":\"C\",\"outlet\":null,\"text\":\"The regime fell.\"}\n\
         {\"id\":\"D\",\"outlet\":\" \",\"text\":\"The regime fell.\"}\n",
    );
    w.score_ok(&["early.jsonl"], "lex.csv", &[]);
    assert_eq!(
        warnings_of(&w),
        [
            "3 articles have no value for a group field (outlet: missing, null or empty); their \
          group value is empty"
        ]
    );
    // No article names a field: nothing to say.
    w.write(
        "none.jsonl",
        "{\"id\":\"A\",\"text\":\"The regime fell.\"}\n",
    );
    w.score_ok(&["none.jsonl"], "lex.csv", &[]);
    assert!(warnings_of(&w).is_empty());
}

/// The warning messages of `out/run.json`.
fn warnings_of(w: &Workdir) -> Vec<String> {
    w.warnings("message")
}

#[test]
fn fields_inside_json_objects_are_named_by_their_path() {
    let w = Workdir::new();
    w.write("lex.csv", "term,category\nregime,label.regime\n");
    // News API and CMS shapes: the outlet and the headline one level down, the outlet's
    // objects differing in key order, and a key that holds a dot itself.
    w.write(
        "c.jsonl",
        "{\"id\":\"n1\",\"source\":{\"id\":null,\"name\":\"Reuters\"},\"title\":{\"rendered\":\"Regime falls\"},\"text\":\"The regime said.\"}\n\
         {\"id\":\"n2\",\"source\":{\"name\":\" Reuters\",\"id\":null},\"title\":{\"rendered\":\"Calm\"},\"text\":\"The regime said.\"}\n\
         {\"id\":\"n3\",\"source\":{\"id\":\"ap\",\"name\":\"AP\"},\"title\":[\"Regime\",\"falls\"],\"text\":\"The regime said.\"}\n",
    );
    // Without paths: the object's JSON text is no headline, and the grouping says what to
    // name instead.
    w.score_ok(&["c.jsonl"], "lex.csv", &[]);
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("title_words"), ["0", "0", "0"]);
    assert_eq!(articles.column("quotations"), ["0", "0", "0"]);
    assert_eq!(
        warnings_of(&w),
        [
            "group field 'source' holds a JSON object, so its groups are the objects' JSON \
             text; to group by a string inside it, name its path: --group-by source.name",
            "field 'title' is an object, not a string: the headline is left empty; to read \
             the string inside it, give --title-field title.rendered",
            "field 'title' is an object, not a string: the headline is left empty; to read \
             the string inside it, give --title-field title.rendered",
            "field 'title' is an array, not a string: the headline is left empty; to read \
             the string inside it, give --title-field title.0",
        ]
    );
    // With paths: one Reuters group (its name trimmed), the headlines read.
    w.score_ok(
        &["c.jsonl"],
        "lex.csv",
        &[
            "--group-by",
            "source.name",
            "--title-field",
            "title.rendered",
        ],
    );
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("source.name"), ["Reuters", "Reuters", "AP"]);
    assert_eq!(articles.column("title_words"), ["2", "1", "0"]);
    assert_eq!(articles.column("label.regime.title_n"), ["1", "0", "0"]);
    assert_eq!(warnings_of(&w), Vec::<String>::new());
    // A field whose name holds the dot is itself, not a path.
    w.write(
        "d.jsonl",
        "{\"id\":\"a\",\"source.name\":\"Literal\",\"source\":{\"name\":\"Nested\"},\"text\":\"The regime said.\"}\n",
    );
    w.score_ok(&["d.jsonl"], "lex.csv", &["--group-by", "source.name"]);
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("source.name"), ["Literal"]);
    // A path the first record does not have is a misspelt field, as any other.
    w.score(&["c.jsonl"], "lex.csv")
        .args(["--group-by", "source.title", "-q"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--group-by: unknown field 'source.title' (the first record, c.jsonl:1, has: source; \
             'source' has: id, name)",
        ));
}

#[test]
fn paths_name_array_items_and_a_body_of_paragraphs_is_read_whole() {
    let w = Workdir::new();
    w.write(
        "lex.csv",
        "term,category
regime,label.regime
",
    );
    // Scraper shapes: authors as a list of objects, the body as a list of paragraphs.
    w.write(
        "p.jsonl",
        "{\"id\":\"p1\",\"authors\":[{\"name\":\"Ann\"},{\"name\":\"Bo\"}],\"paragraphs\":[\"The regime fell.\",null,\"A regime rose. The regime spoke.\"]}\n\
         {\"id\":\"p2\",\"authors\":[{\"name\":\"Bo\"}],\"paragraphs\":[\"Calm.\"]}\n\
         {\"id\":\"p3\",\"authors\":[],\"paragraphs\":[{\"n\":1,\"t\":\"The regime.\"}]}\n",
    );
    w.score(&["p.jsonl"], "lex.csv")
        .args(["--text-field", "paragraphs", "--group-by", "authors.0.name"])
        .args(["-q"])
        .assert()
        .code(0);
    let articles = Table::read(&w.path("out/articles.csv"));
    assert_eq!(articles.column("authors.0.name"), ["Ann", "Bo"]);
    // The first paragraph is the lead; the other two mentions are in the body.
    assert_eq!(articles.column("lead_words"), ["3", "1"]);
    assert_eq!(articles.column("label.regime.lead_n"), ["1", "0"]);
    assert_eq!(articles.column("label.regime.body_n"), ["2", "0"]);
    let skipped = Table::read(&w.path("out/skipped.csv"));
    assert_eq!(skipped.column("id"), ["p3"]);
    assert_eq!(
        skipped.column("reason"),
        [
            "field 'paragraphs' is not a string; to read the string inside it, give \
          --text-field paragraphs.0.t"
        ]
    );
}
