use super::*;

fn opts(pairs: Pairs) -> Options {
    Options {
        pairs,
        bootstrap: 200,
        permutations: 200,
        seed: 1,
    }
}

/// Six articles of groups b, a, a, c, b, a, with one metric.
fn articles() -> (Groups, Columns) {
    let groups = Groups::from_labels(["b", "a", "a", "c", "b", "a"]);
    let mut columns = Columns::new(vec!["x".into()]);
    for v in [1.0, 2.0, f64::NAN, 5.0, 3.0, 4.0] {
        columns.push_row(&[v]).unwrap();
    }
    (groups, columns)
}

fn compare(articles: &(Groups, Columns), opts: &Options) -> Vec<Comparison> {
    super::compare(&articles.0, &articles.1, opts).unwrap()
}

/// Rows as text, every float by its bits, so that equal means the same bytes.
fn bits(rows: &[Comparison]) -> Vec<String> {
    rows.iter().map(|r| format!("{r:?}")).collect()
}

#[test]
fn loading_a_few_columns_at_a_time_changes_no_row() {
    // 300 articles in 4 groups, 7 metrics with ties, NaNs and a constant column; a budget
    // of 1 value loads one column per worker thread at a time.
    let labels: Vec<String> = (0..300).map(|i| format!("g{}", i * 7 % 4)).collect();
    let groups = Groups::from_labels(labels.iter().map(String::as_str));
    let names: Vec<String> = (0..7).map(|m| format!("m{m}")).collect();
    let mut columns = Columns::new(names);
    for i in 0..300u32 {
        let row: Vec<f64> = (0..7u32)
            .map(|m| match m {
                0 => 1.0,
                _ if (i + m) % 11 == 0 => f64::NAN,
                _ => f64::from((i * (m + 3)) % (5 + m)) / 2.0,
            })
            .collect();
        columns.push_row(&row).unwrap();
    }
    for pairs in [
        Pairs::All,
        Pairs::Rest,
        Pairs::One("g3".into(), "g0".into()),
    ] {
        let o = Options {
            pairs: pairs.clone(),
            bootstrap: 30,
            permutations: 30,
            seed: 7,
        };
        let whole = compare_in_batches(&groups, &columns, &o, usize::MAX).unwrap();
        let batched = compare_in_batches(&groups, &columns, &o, 1).unwrap();
        assert_eq!(bits(&whole), bits(&batched), "{pairs:?}");
        assert!(whole.iter().any(|r| r.mw_q.is_some()), "{pairs:?}");
    }
}

mod splitting {
    use super::super::{Buckets, split_rest};
    use proptest::prelude::*;

    proptest! {
        /// `split_rest` and `Buckets` keep exactly what a plain filter keeps, in the same
        /// order.
        #[test]
        fn samples_are_what_a_filter_keeps(
            cells in prop::collection::vec((0u32..5, prop::option::of(-3i8..4)), 0..200),
            a in prop::option::of(0u32..6),
        ) {
            let groups: Vec<u32> = cells.iter().map(|c| c.0).collect();
            let values: Vec<f64> =
                cells.iter().map(|c| c.1.map_or(f64::NAN, f64::from)).collect();
            let kept = |keep: &dyn Fn(u32) -> bool| -> Vec<f64> {
                groups
                    .iter()
                    .zip(&values)
                    .filter(|&(&g, v)| !v.is_nan() && keep(g))
                    .map(|(_, &v)| v)
                    .collect()
            };
            let (mut xs, mut ys) = (vec![9.0; 3], Vec::new());
            split_rest(&values, &groups, a, &mut xs, &mut ys);
            prop_assert_eq!(&xs, &kept(&|g| Some(g) == a));
            prop_assert_eq!(ys, kept(&|g| Some(g) != a));
            let buckets = Buckets::new(&values, &groups, 5);
            let (in_order, sorted) = buckets.of(a);
            let mut want = kept(&|g| Some(g) == a);
            prop_assert_eq!(in_order, &want[..]);
            want.sort_by(f64::total_cmp);
            prop_assert_eq!(sorted, &want[..]);
            prop_assert_eq!(buckets.of(None), (&[][..], &[][..]));
        }
    }
}

#[test]
fn groups_are_numbered_in_name_order() {
    let g = Groups::from_labels(["b", "a", "a", "c", "b", "a"]);
    assert_eq!(g.names, ["a", "b", "c"]);
    assert_eq!(g.of_article, [1, 0, 0, 2, 1, 0]);
    assert_eq!(Groups::from_labels([]), Groups::default());
}

#[test]
fn rows_go_from_metric_order_to_pair_order_in_place() {
    for (metrics, pairs) in [(1, 1), (1, 5), (5, 1), (3, 4), (4, 3), (7, 11), (6, 6)] {
        let mut rows: Vec<(usize, usize)> = (0..metrics)
            .flat_map(|m| (0..pairs).map(move |p| (p, m)))
            .collect();
        to_pair_order(&mut rows, metrics, pairs);
        let want: Vec<(usize, usize)> = (0..pairs)
            .flat_map(|p| (0..metrics).map(move |m| (p, m)))
            .collect();
        assert_eq!(rows, want, "{metrics} metrics, {pairs} pairs");
    }
}

#[test]
fn pairs_are_sorted_and_complete() {
    let rows = compare(&articles(), &opts(Pairs::All));
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.group_a.as_str(), r.group_b.as_str()))
        .collect();
    assert_eq!(got, [("a", "b"), ("a", "c"), ("b", "c")]);
    // a: 2, 4 (the NaN is left out); b: 1, 3.
    assert_eq!((rows[0].n_a, rows[0].n_b), (2, 2));
    assert_eq!(rows[0].difference(), Some(1.0));
    // c has one article: no t test, and the note says why.
    assert!(rows[1].welch.is_err());
    assert_eq!(rows[1].note(), "fewer than 2 articles in a group");
}

#[test]
fn rest_takes_every_other_article() {
    let rows = compare(&articles(), &opts(Pairs::Rest));
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].group_a.as_str(), rows[0].group_b.as_str()),
        ("a", REST)
    );
    assert_eq!((rows[0].n_a, rows[0].n_b), (2, 3));
    assert_eq!(rows[0].mean_b, Some(3.0));
}

#[test]
fn one_pair_keeps_the_order_given() {
    let rows = compare(&articles(), &opts(Pairs::One("b".into(), "a".into())));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].difference(), Some(-1.0));
}

#[test]
fn q_values_cover_the_table() {
    let rows = compare(&articles(), &opts(Pairs::All));
    let present = rows.iter().filter(|r| r.welch.is_ok()).count();
    assert_eq!(present, 1);
    // One p value: q = p.
    assert_eq!(rows[0].welch_q, rows[0].welch.ok().map(|t| t.p));
    assert_eq!(rows[1].welch_q, None);
}

#[test]
fn guard_is_stripped_once() {
    assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
    assert_eq!(unguard("'-x"), "-x");
    assert_eq!(unguard("'plain"), "'plain");
    // The guard doubles a `'` of the text's own before a risky character: one comes off.
    assert_eq!(unguard("''=x"), "'=x");
    assert_eq!(unguard("'''-x"), "''-x");
    assert_eq!(unguard("''"), "''");
    assert_eq!(unguard("plain"), "plain");
}

#[test]
fn seeds_differ_by_row_and_are_stable() {
    assert_ne!(row_seed(1, "a", "b", "x"), row_seed(1, "a", "bx", ""));
    assert_ne!(row_seed(1, "a", "b", "x"), row_seed(2, "a", "b", "x"));
    // FNV-1a of "a\0b\0x", pinned so that published intervals can be reproduced.
    assert_eq!(row_seed(0, "a", "b", "x"), fnv_reference(b"a\0b\0x"));
}

fn fnv_reference(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

#[test]
fn metric_selection() {
    let header: Vec<String> = [
        "id",
        "outlet",
        "period",
        "words",
        "quoted_words",
        "l.n",
        "l.per_1k",
        "l.narrator_per_1k",
        "l.t.per_1k",
    ]
    .map(String::from)
    .to_vec();
    let cand: Vec<usize> = (3..header.len()).collect();
    assert_eq!(
        select_metrics(&header, &cand, None),
        Ok(vec![3, 4, 6, 7, 8])
    );
    let p = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        select_metrics(&header, &cand, Some(&p(&["l.t.*", "words", "l.*"]))),
        Ok(vec![3, 5, 6, 7, 8])
    );
    assert_eq!(
        select_metrics(&header, &cand, Some(&p(&["nope"]))),
        Err("nope".to_string())
    );
    // A prefix never picks the text columns.
    assert_eq!(
        select_metrics(&header, &cand, Some(&p(&["o*"]))),
        Err("o*".to_string())
    );
}

#[test]
fn a_mean_or_difference_past_the_range_of_f64_has_a_reason() {
    // One article a side: the tests stop at "fewer than 2", but 1e308 − (−1e308) is past
    // f64's range and the difference is written empty. Two values whose sum overflows make
    // an empty mean beside a side of one.
    for (a, b) in [(vec![1e308], vec![-1e308]), (vec![1e308, 9e307], vec![1.0])] {
        let (mut sa, mut sb) = (a.clone(), b.clone());
        sa.sort_by(f64::total_cmp);
        sb.sort_by(f64::total_cmp);
        let row = compare_samples(
            "a",
            "b",
            "x",
            &a,
            &b,
            Ranks::Sorted(&sa, &sb),
            &opts(Pairs::All),
        );
        let empty = [row.mean_a, row.mean_b, row.difference()]
            .into_iter()
            .any(|x| !x.is_some_and(f64::is_finite));
        assert!(empty, "{a:?} {b:?}");
        assert!(
            row.note()
                .contains("a value too large or too small to compute"),
            "{a:?} {b:?}: {}",
            row.note()
        );
    }
    // Ordinary values give no such reason.
    let row = compare_samples(
        "a",
        "b",
        "x",
        &[1.0],
        &[2.0],
        Ranks::Sorted(&[1.0], &[2.0]),
        &opts(Pairs::All),
    );
    assert_eq!(row.note(), "fewer than 2 articles in a group");
}
