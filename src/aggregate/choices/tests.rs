//! Choice rows from per-article counts, checked against sums worked out by hand.
#![allow(clippy::unwrap_used, clippy::float_cmp)] // a test that cannot unwrap has failed

use super::*;

fn names() -> Vec<String> {
    [
        "choice",
        "choice.gov",
        "choice.gov.government",
        "choice.gov.regime",
        "choice.war",
        "choice.war.conflict",
        "choice.war.war",
        "choice.zz.a",
        "label",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Article A: `regime` 3 times, `war` twice, and the concept `choice.gov` itself and a
/// `label` (no variants); article B: `government` once.
const A: &[(u32, u32, u32)] = &[
    (0, 6, 6),
    (1, 1, 1),
    (3, 3, 2),
    (4, 2, 2),
    (6, 2, 2),
    (8, 4, 4),
];
const B: &[(u32, u32, u32)] = &[(0, 1, 1), (1, 1, 1), (2, 1, 0)];

/// Korn & Graubard's factor (t(a)/t(b))², a and b degrees of freedom.
fn t_ratio(a: u32, b: u32) -> f64 {
    let t = |df| stats::t_quantile_975(f64::from(df)).unwrap();
    (t(a) / t(b)).powi(2)
}

fn row<'a>(rows: &'a [ChoiceRow<'a>], variant: &str) -> &'a ChoiceRow<'a> {
    rows.iter().find(|r| r.variant == variant).unwrap()
}

#[test]
fn concepts_are_the_categories_of_three_parts_in_order() {
    let c = Choices::new(&names());
    assert_eq!(c.concepts, [0..2, 2..4, 4..5]);
    assert_eq!(c.slot[3], Some((1, 0)));
    assert_eq!(c.slot[6], Some((3, 1)));
    assert_eq!(c.slot[1], None);
}

#[test]
fn rows_by_hand() {
    let c = Choices::new(&names());
    let mut cell = c.cell();
    c.add(&mut cell, A);
    c.add(&mut cell, B);
    let key = CellKey::default();
    let rows = c.rows(&key, &cell);
    assert_eq!(rows.len(), 5);
    // gov: x = (3, 1). regime y = (3, 0): p = 3/4, deff = 3 (stats::cluster's example).
    let r = row(&rows, "regime");
    assert_eq!((r.count, r.concept_total, r.by_article.articles), (3, 4, 2));
    assert_eq!(r.share, Some(0.75));
    assert_eq!(r.ci95, Some(stats::wilson(3, 4).unwrap()));
    assert_eq!(r.by_article.design_effect, Some(3.0));
    // Kish's n_eff = 4/3, times Korn & Graubard's (t(3)/t(1))² for two articles.
    assert_eq!(
        r.by_article.ci95,
        Some(stats::wilson_effective(0.75, 4.0 / 3.0 * t_ratio(3, 1)).unwrap())
    );
    assert_eq!(r.note, "");
    // government y = (0, 1): residuals −3/4 and 3/4, the same design effect.
    let r = row(&rows, "government");
    assert_eq!((r.count, r.by_article.design_effect), (1, Some(3.0)));
    // war: one article uses the concept: no design effect, no interval, and a note.
    let r = row(&rows, "war");
    assert_eq!((r.count, r.concept_total, r.by_article.articles), (2, 2, 1));
    assert_eq!(
        (r.by_article.design_effect, r.by_article.ci95),
        (None, None)
    );
    assert_eq!(r.note, stats::ONE_ARTICLE.0);
    assert!(r.ci95.is_some());
    assert_eq!(row(&rows, "conflict").note, stats::ONE_ARTICLE.0);
    // zz: absent from the cell; the note says so once.
    let r = row(&rows, "a");
    assert_eq!(
        (r.by_article.articles, r.share, r.by_article.ci95),
        (0, None, None)
    );
    assert_eq!(r.note, CONCEPT_ABSENT);
}

#[test]
fn a_variant_never_used_gets_the_matches_interval_and_a_note() {
    let c = Choices::new(&names());
    let mut cell = c.cell();
    // Two articles with `regime` only: government's share is 0, regime's 1.
    c.add(&mut cell, &[(3, 2, 2)]);
    c.add(&mut cell, &[(3, 5, 0)]);
    let key = CellKey::default();
    let rows = c.rows(&key, &cell);
    for (variant, k) in [("government", 0), ("regime", 7)] {
        let r = row(&rows, variant);
        assert_eq!((r.count, r.concept_total, r.by_article.articles), (k, 7, 2));
        assert_eq!(r.by_article.design_effect, None);
        // The design effect taken as 1; the factor for two articles still applies.
        let by_article = stats::wilson_effective(k as f64 / 7.0, 7.0 * t_ratio(6, 1)).unwrap();
        assert_eq!(r.by_article.ci95, Some(by_article));
        let matches = r.ci95.unwrap();
        assert!(by_article.0 <= matches.0 && by_article.1 >= matches.1);
        assert_eq!(r.note, stats::SHARE_AT_BOUND.0);
    }
}

#[test]
fn the_sums_do_not_depend_on_the_order_of_the_articles() {
    let c = Choices::new(&names());
    let (mut ab, mut ba) = (c.cell(), c.cell());
    c.add(&mut ab, A);
    c.add(&mut ab, B);
    c.add(&mut ba, B);
    c.add(&mut ba, A);
    assert_eq!(ab, ba);
}
