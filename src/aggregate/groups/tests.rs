//! The rows must not depend on where the records were: in memory, in the temporary file, or
//! decoded a few cells or categories at a time.
#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use super::*;
use crate::score::{ArticleScore, CategoryCount};

const CATEGORIES: usize = 7;

/// A deterministic mix of articles: some without words, some without narrator words, some
/// with weighted word choices, sparse counts, a few large numbers.
fn scores(n: u64) -> Vec<(CellKey, Tally)> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % m
    };
    (0..n)
        .map(|_| {
            let key = CellKey {
                groups: vec![["a", "b", "c", "big"][next(4) as usize].to_string()],
                period: ["", "2024-01", "2024-02"][next(3) as usize].to_string(),
            };
            let words = if next(10) == 0 { 0 } else { next(5000) as u32 };
            let narrator_words = if words == 0 {
                0
            } else {
                next(u64::from(words) + 1) as u32
            };
            let counts = (0..CATEGORIES)
                .map(|_| {
                    let n = if next(3) == 0 { next(40) as u32 } else { 0 };
                    CategoryCount {
                        n,
                        narrator_n: next(u64::from(n) + 1) as u32,
                        ..CategoryCount::default()
                    }
                })
                .collect();
            let matches = if next(2) == 0 { 0 } else { next(9) as u32 + 1 };
            let mut slant = |m: u32| SlantSums {
                sum: next(1000) as f64 / 7.0 - 70.0,
                abs: next(1000) as f64 / 3.0,
                matches: m,
            };
            let (slant, narrator_slant) = (slant(matches), slant(matches / 2));
            let score = ArticleScore {
                words,
                narrator_words,
                sentences: next(80) as u32,
                paragraphs: next(30) as u32,
                quotations: if next(50) == 0 {
                    u32::MAX
                } else {
                    next(8) as u32
                },
                counts,
                slant,
                narrator_slant,
                ..ArticleScore::default()
            };
            (key, Tally::of(score))
        })
        .collect()
}

fn names() -> Vec<String> {
    (0..CATEGORIES).map(|c| format!("cat{c}")).collect()
}

/// Every row and every cell's totals, as text (floats by their bits, via `{:?}`).
fn report(table: &GroupTable) -> (Vec<String>, Vec<String>) {
    let mut rows = Vec::new();
    table
        .fold_rows(
            &names(),
            Vec::new,
            |task: &mut Vec<String>, r| task.push(format!("{r:?}")),
            |task| {
                rows.extend(task);
                Ok(())
            },
        )
        .unwrap();
    let mut totals = Vec::new();
    table
        .fold_cells(
            8 * CATEGORIES,
            || vec![0u64; CATEGORIES],
            |t, counts| {
                for &(c, n, _) in counts {
                    t[c as usize] += u64::from(n);
                }
            },
            |key, t| {
                totals.push(format!("{key:?} {t:?}"));
                Ok(())
            },
        )
        .unwrap();
    (rows, totals)
}

fn table(budget: usize, scores: &[(CellKey, Tally)]) -> GroupTable {
    let mut t = GroupTable::with_budgets(CATEGORIES, budget, budget);
    for (key, score) in scores {
        t.add(key.clone(), score);
    }
    t
}

#[test]
fn spilled_records_give_the_same_rows_as_records_in_memory() {
    let scores = scores(2000);
    let in_memory = table(usize::MAX, &scores);
    assert!(in_memory.spill.is_none());
    let expected = report(&in_memory);
    assert_eq!(expected.0.len(), 12 * (PLAIN.len() + 2 + 2 * CATEGORIES));
    assert_eq!(expected.1.len(), 12);
    // 1 byte: every record goes to the file at once, every cell is decoded one category at
    // a time; then cells decoded whole, a few at a time or all together; then the records
    // in the file decoded all at once, and held in memory but decoded a category at a time.
    for (held, decode) in [
        (1, 1),
        (2_000, 2_000),
        (30_000, 30_000),
        (60_000, 60_000),
        (1, usize::MAX),
        (usize::MAX, 1),
    ] {
        let mut spilled = GroupTable::with_budgets(CATEGORIES, held, decode);
        for (key, score) in &scores {
            spilled.add(key.clone(), score);
        }
        assert_eq!(
            spilled.spill.is_some(),
            held < usize::MAX,
            "{held} {decode}"
        );
        assert_eq!(report(&spilled), expected, "budgets {held} {decode}");
    }
}

#[test]
fn rows_are_cut_into_tasks_by_the_values_they_read() {
    let rows = |tasks: Vec<(Range<usize>, usize)>| -> Vec<Range<usize>> {
        tasks.into_iter().map(|(rows, _)| rows).collect()
    };
    // Three rows of a cell past the task size, one task each; then 600 rows of a cell of 10
    // articles, 256 to a task; a cell of no articles counts 1 value a row.
    let mut jobs: Vec<(usize, usize)> = (0..3).map(|m| (0, m)).collect();
    jobs.extend((0..600).map(|m| (1, m)));
    let articles = |slot: usize| [VALUES_PER_TASK + 1, 10][slot];
    let cut = tasks(&jobs, articles);
    assert_eq!(
        rows(cut.clone()),
        vec![0..1, 1..2, 2..3, 3..259, 259..515, 515..603]
    );
    assert_eq!(cut[0].1, VALUES_PER_TASK + 1);
    assert_eq!((cut[3].1, cut[5].1), (2560, 880));
    // Rows of a cell of VALUES_PER_TASK / 4 articles, four to a task.
    let jobs: Vec<(usize, usize)> = (0..10).map(|m| (0, m)).collect();
    assert_eq!(
        rows(tasks(&jobs, |_| VALUES_PER_TASK / 4)),
        vec![0..4, 4..8, 8..10]
    );
    assert_eq!(tasks(&[(0, 0)], |_| 0), vec![(0..1, 1)]);
    assert!(tasks(&[], |_| 1).is_empty());
}

#[test]
fn batches_bound_the_tasks_and_the_values_in_flight() {
    let task = |values: usize| (0..1, values);
    // Small tasks: TASKS_PER_BATCH to a batch.
    let small = vec![task(10); TASKS_PER_BATCH * 2 + 1];
    assert_eq!(
        batches(&small),
        vec![
            0..TASKS_PER_BATCH,
            TASKS_PER_BATCH..2 * TASKS_PER_BATCH,
            2 * TASKS_PER_BATCH..2 * TASKS_PER_BATCH + 1
        ]
    );
    // Rows of a large cell: as many as VALUES_PER_BATCH allows, and a row past it alone.
    let quarter = VALUES_PER_BATCH / 4;
    let large = vec![
        task(quarter),
        task(quarter),
        task(quarter),
        task(quarter),
        task(quarter),
    ];
    assert_eq!(batches(&large), vec![0..4, 4..5]);
    let huge = vec![
        task(VALUES_PER_BATCH * 3),
        task(VALUES_PER_BATCH * 3),
        task(1),
    ];
    assert_eq!(batches(&huge), vec![0..1, 1..2, 2..3]);
    assert!(batches(&[]).is_empty());
}

#[test]
fn rows_are_the_same_on_one_thread_and_on_four() {
    // One cell ("big") large enough to be cut into tasks of one row, beside small ones.
    let mut scores = scores(3000);
    let big = scores
        .iter()
        .find(|(k, _)| k.groups[0] == "big")
        .unwrap()
        .clone();
    scores.extend(std::iter::repeat_n(big, VALUES_PER_TASK));
    let t = table(usize::MAX, &scores);
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| report(&t))
    };
    let one = on(1);
    assert_eq!(one.0.len(), 12 * (PLAIN.len() + 2 + 2 * CATEGORIES));
    assert_eq!(on(4), one);
}

#[test]
fn a_cell_over_the_budget_is_cut_into_category_blocks() {
    let scores = scores(400);
    let t = table(1, &scores);
    let units = t.units(&t.sorted());
    assert_eq!(units.len(), 12 * CATEGORIES);
    assert_eq!(
        units.first(),
        Some(&Unit {
            cells: 0..1,
            plain: true,
            categories: 0..1
        })
    );
    assert!(units.iter().filter(|u| u.plain).count() == 12);
    let whole = table(usize::MAX, &scores);
    assert_eq!(whole.units(&whole.sorted()).len(), 1);
}

#[test]
fn records_round_trip() {
    for (_, score) in scores(300) {
        let mut bytes = Vec::new();
        spill::encode(&score, CATEGORIES, &mut bytes);
        let mut rest = &bytes[..];
        let mut v = Values::default();
        spill::decode(&mut rest, &mut v).unwrap();
        assert!(rest.is_empty());
        assert_eq!(
            (v.words, v.narrator_words, v.sentences, v.paragraphs),
            (
                score.words,
                score.narrator_words,
                score.sentences,
                score.paragraphs
            )
        );
        assert_eq!(v.quotations, score.quotations);
        let expected = (score.slant.matches > 0).then_some((score.slant, score.narrator_slant));
        assert_eq!(v.slant, expected);
        let counts: Vec<(u32, u32, u32)> = score
            .counts
            .iter()
            .map(|&(i, c)| (i, c.n, c.narrator_n))
            .collect();
        assert_eq!(v.counts, counts);
        // A cut record is not a record.
        let mut cut = &bytes[..bytes.len() - 1];
        assert!(spill::decode(&mut cut, &mut v).is_none());
    }
}
