//! Fisher's exact test of `terms.csv` (the share of articles using an entry, a group against
//! the rest) at three corpus sizes. Every group and entry matched anywhere gets one test, so a
//! corpus of many groups runs hundreds of thousands of them at the end of a run, and the
//! support each test adds up widens with the corpus: this is the part of the end of a run
//! that grows with it. The tables are made up, deterministically, in the shape of a news
//! corpus: groups of very different sizes, entries from rare to common, each group using an
//! entry at half, the same or twice the corpus's share. Run with `cargo bench --bench keyness`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use slant::aggregate::stats::two_proportion_test;

/// (k1, n1, k2, n2) for every group and entry of a corpus of `articles` articles.
fn tables(articles: u64) -> Vec<(u64, u64, u64, u64)> {
    // Group sizes: 40 groups, from 1 in 2,000 of the articles to 1 in 10.
    let groups: Vec<u64> = (0..40)
        .map(|g| {
            (articles as f64 * 0.0005 * 1.15f64.powi(g))
                .round()
                .max(1.0) as u64
        })
        .collect();
    let shares = [1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.2, 0.5];
    let mut out = Vec::new();
    for &n1 in &groups {
        let n2 = articles.saturating_sub(n1).max(1);
        for share in shares {
            for lean in [0.5, 1.0, 2.0] {
                let k1 = ((n1 as f64 * share * lean).round() as u64).min(n1);
                let k2 = ((n2 as f64 * share).round() as u64).min(n2);
                out.push((k1, n1, k2, n2));
            }
        }
    }
    out
}

fn fisher(c: &mut Criterion) {
    let mut group = c.benchmark_group("keyness");
    group.sample_size(10);
    for articles in [15_000u64, 160_000, 800_000] {
        let tables = tables(articles);
        group.throughput(Throughput::Elements(tables.len() as u64));
        group.bench_function(format!("Fisher's test, {articles} articles"), |b| {
            b.iter(|| {
                for &(k1, n1, k2, n2) in &tables {
                    std::hint::black_box(two_proportion_test(k1, n1, k2, n2).ok());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, fisher);
criterion_main!(benches);
