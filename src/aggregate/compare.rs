//! Two-group comparisons of article metrics, the rows of `comparisons.csv`: for each pair of
//! groups and each metric, means, Welch's t (and its permutation p value), Mann–Whitney U,
//! effect sizes, a bootstrap interval and Benjamini–Hochberg q values across the whole table.
//!
//! Pure and deterministic: rows come out in (pair, metric) order whatever the thread count,
//! because every row is computed on its own, with bootstrap and permutation seeds derived from
//! the run's seed and the row's own names (see [`row_seed`]), never from a shared random
//! stream.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::stats::{self, Degenerate, MannWhitney, TTest};
use crate::Result;

mod columns;
pub use columns::Columns;

/// The name of the other side in `--pairs rest`.
pub const REST: &str = "(rest)";

/// Each article's group: the distinct names, sorted by their bytes, and per article the index
/// of its name (4 bytes an article, not a string).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    pub names: Vec<String>,
    pub of_article: Vec<u32>,
}

impl Groups {
    /// The groups of articles labelled `labels`, in article order.
    pub fn from_labels<'a>(labels: impl IntoIterator<Item = &'a str>) -> Self {
        let mut interner = GroupInterner::default();
        for label in labels {
            interner.push(label);
        }
        interner.finish()
    }
}

/// Builds [`Groups`] one article at a time: numbers the names as they come, and sorts them
/// (renumbering the articles) at the end.
#[derive(Debug, Default)]
pub struct GroupInterner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
    of_article: Vec<u32>,
}

impl GroupInterner {
    /// The next article's group.
    pub fn push(&mut self, label: &str) {
        let id = match self.ids.get(label) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.ids.insert(label.to_string(), id);
                self.names.push(label.to_string());
                id
            }
        };
        self.of_article.push(id);
    }

    /// No article pushed yet.
    pub fn is_empty(&self) -> bool {
        self.of_article.is_empty()
    }

    pub fn finish(self) -> Groups {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut renumber = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        let mut names = self.names;
        let sorted = order
            .iter()
            .map(|&old| std::mem::take(&mut names[old as usize]))
            .collect();
        let mut of_article = self.of_article;
        for g in &mut of_article {
            *g = renumber[*g as usize];
        }
        Groups {
            names: sorted,
            of_article,
        }
    }
}

/// Metric values held in memory at a time, per copy (the columns as loaded, and their
/// rankings under `--pairs rest` or their values by group otherwise): 2 M values, 16 MB. A
/// column longer than that is still loaded whole.
const VALUES_IN_MEMORY: usize = 1 << 21;

/// Which pairs of groups to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pairs {
    /// Every unordered pair, the smaller name first.
    All,
    /// Each group against all other articles.
    Rest,
    /// One pair, in the order given.
    One(String, String),
}

/// How to compare.
#[derive(Debug, Clone)]
pub struct Options {
    pub pairs: Pairs,
    /// Bootstrap replicates per row; 0 skips the bootstrap.
    pub bootstrap: usize,
    /// Permutations per row for `perm_p`; 0 skips the permutation test.
    pub permutations: usize,
    pub seed: u64,
}

/// One row of `comparisons.csv`.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub group_a: String,
    pub group_b: String,
    pub metric: String,
    pub n_a: usize,
    pub n_b: usize,
    pub mean_a: Option<f64>,
    pub mean_b: Option<f64>,
    pub welch: Result<TTest, Degenerate>,
    pub mann_whitney: Result<MannWhitney, Degenerate>,
    /// Welch's t by permutation ([`stats::permutation_p`]).
    pub perm_p: Result<f64, Degenerate>,
    pub cohens_d: Result<f64, Degenerate>,
    pub cliffs_delta: Result<f64, Degenerate>,
    pub boot_ci95: Result<(f64, f64), Degenerate>,
    pub welch_q: Option<f64>,
    pub mw_q: Option<f64>,
    pub perm_q: Option<f64>,
}

impl Comparison {
    /// mean_a − mean_b, when both exist.
    pub fn difference(&self) -> Option<f64> {
        Some(self.mean_a? - self.mean_b?)
    }

    /// The reasons for the row's empty cells, deduplicated, in column order, `; `-joined.
    /// An empty mean always comes with "a group has no values" from the tests; an empty q
    /// with its p value's reason. A mean or difference past `f64`'s range (written empty)
    /// gives its own reason, which the tests need not give (with one value on a side they
    /// stop at "fewer than 2 articles").
    pub fn note(&self) -> String {
        let out_of_range = [self.mean_a, self.mean_b, self.difference()]
            .into_iter()
            .flatten()
            .any(|x| !x.is_finite());
        let reasons = [
            out_of_range.then_some(stats::OVERFLOW),
            self.welch.err(),
            self.mann_whitney.err(),
            self.perm_p.err(),
            self.cohens_d.err(),
            self.cliffs_delta.err(),
            self.boot_ci95.err(),
        ];
        let mut seen: Vec<&str> = Vec::new();
        for r in reasons.into_iter().flatten() {
            if !seen.contains(&r.0) {
                seen.push(r.0);
            }
        }
        seen.join("; ")
    }
}

/// The pairs to compare, in report order: `All` gives (g_i, g_j) for i < j over sorted names;
/// `Rest` gives (g, `(rest)`) for each name; `One` gives that pair.
pub fn pair_list(names: &[String], pairs: &Pairs) -> Vec<(String, String)> {
    match pairs {
        Pairs::All => names
            .iter()
            .enumerate()
            .flat_map(|(i, a)| names[i + 1..].iter().map(move |b| (a.clone(), b.clone())))
            .collect(),
        Pairs::Rest => names
            .iter()
            .map(|g| (g.clone(), REST.to_string()))
            .collect(),
        Pairs::One(a, b) => vec![(a.clone(), b.clone())],
    }
}

/// Strip the formula guard slant's reports put on text (`report::csv::guard`): one leading
/// `'` of those before `=`, `+`, `-`, `@`, a tab, a carriage return or a NUL.
pub fn unguard(text: &str) -> &str {
    if crate::report::csv::quoted_risky(text) {
        &text[1..]
    } else {
        text
    }
}

/// The permutation test's generator is seeded with the row's seed XOR this ("perm" in ASCII),
/// so that its draws are not the bootstrap's.
pub const PERMUTATION_STREAM: u64 = 0x7065_726d;

/// The bootstrap seed of one row: `seed` XOR the 64-bit FNV-1a hash of the bytes of
/// `group_a`, a 0 byte, `group_b`, a 0 byte, `metric`. A row's interval therefore depends only
/// on the data, the run's seed and the row's names: not on which other rows are computed,
/// nor in what order.
pub fn row_seed(seed: u64, group_a: &str, group_b: &str, metric: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let parts = [
        group_a.as_bytes(),
        b"\0",
        group_b.as_bytes(),
        b"\0",
        metric.as_bytes(),
    ];
    for byte in parts.into_iter().flatten() {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(PRIME);
    }
    seed ^ h
}

/// Compare every pair on every metric: rows in pair order, then metric order, with q values
/// over the whole table (separately for Welch's, Mann–Whitney's and the permutation p
/// values). The columns are loaded a few at a time (as many as fit `VALUES_IN_MEMORY`, and at
/// least one per worker thread); each batch's rows are computed in parallel on the current
/// rayon pool. Order and values depend on neither. Fails only when the columns cannot be read back.
pub fn compare(groups: &Groups, columns: &Columns, opts: &Options) -> Result<Vec<Comparison>> {
    compare_in_batches(groups, columns, opts, VALUES_IN_MEMORY)
}

/// [`compare`], loading about `values_in_memory` values at a time.
fn compare_in_batches(
    groups: &Groups,
    columns: &Columns,
    opts: &Options,
    values_in_memory: usize,
) -> Result<Vec<Comparison>> {
    let names = &groups.names;
    let pairs = pair_list(names, &opts.pairs);
    // Decided by the mode, not by the name, so a group really called `(rest)` stays a group.
    let rest = opts.pairs == Pairs::Rest;
    let metrics = columns.names();
    let side = |name: &str| {
        names
            .binary_search_by(|n| n.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    };
    let sides: Vec<(Option<u32>, Option<u32>)> = pairs
        .iter()
        .map(|(a, b)| (side(a), if rest { None } else { side(b) }))
        .collect();
    let per_batch = (values_in_memory / columns.rows().max(1))
        .max(rayon::current_num_threads())
        .clamp(1, metrics.len().max(1));
    let mut rows = Vec::with_capacity(pairs.len() * metrics.len());
    let mut loaded: Vec<Vec<f64>> = Vec::new();
    for first in (0..metrics.len()).step_by(per_batch) {
        let batch = first..(first + per_batch).min(metrics.len());
        loaded.resize_with(batch.len(), Vec::new);
        for (values, c) in loaded.iter_mut().zip(batch.clone()) {
            columns.load(c, values)?;
        }
        let prepared: Vec<Prepared> = loaded
            .par_iter()
            .map(|values| {
                if rest {
                    // Each group against the rest: the two samples of every row of a metric
                    // together are the metric's whole column, so it is ranked once, not once
                    // per row (the rank tests give the same bits; see `stats::Ranked`).
                    let present = values.iter().copied().filter(|v| !v.is_nan());
                    Prepared::Ranked(stats::Ranked::new(present.collect()))
                } else {
                    Prepared::Grouped(Buckets::new(values, &groups.of_article, names.len()))
                }
            })
            .collect();
        // Metric by metric, then pair by pair; put in (pair, metric) order at the end.
        let tasks: Vec<(usize, usize)> = (0..batch.len())
            .flat_map(|m| (0..pairs.len()).map(move |p| (m, p)))
            .collect();
        rows.par_extend(tasks.par_iter().map_init(
            || (Vec::new(), Vec::new()),
            |(xs, ys), &(m, p)| {
                let ((a, b), (ia, ib)) = (&pairs[p], sides[p]);
                let metric = &metrics[first + m];
                match &prepared[m] {
                    Prepared::Ranked(ranked) => {
                        split_rest(&loaded[m], &groups.of_article, ia, xs, ys);
                        let ranks = Ranks::PartOf(ranked);
                        compare_samples(a, b, metric, xs, ys, ranks, opts)
                    }
                    Prepared::Grouped(buckets) => {
                        let ((xs, sorted_a), (ys, sorted_b)) = (buckets.of(ia), buckets.of(ib));
                        let ranks = Ranks::Sorted(sorted_a, sorted_b);
                        compare_samples(a, b, metric, xs, ys, ranks, opts)
                    }
                }
            },
        ));
    }
    to_pair_order(&mut rows, metrics.len(), pairs.len());
    let welch_p: Vec<Option<f64>> = rows.iter().map(|r| r.welch.ok().map(|t| t.p)).collect();
    let mw_p: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.mann_whitney.ok().map(|m| m.p))
        .collect();
    let perm_p: Vec<Option<f64>> = rows.iter().map(|r| r.perm_p.ok()).collect();
    let welch_q = stats::benjamini_hochberg(&welch_p);
    let mw_q = stats::benjamini_hochberg(&mw_p);
    let perm_q = stats::benjamini_hochberg(&perm_p);
    for (((row, wq), mq), pq) in rows.iter_mut().zip(welch_q).zip(mw_q).zip(perm_q) {
        row.welch_q = wq;
        row.mw_q = mq;
        row.perm_q = pq;
    }
    Ok(rows)
}

/// What a loaded column is turned into before its rows are computed.
enum Prepared {
    /// Under `--pairs rest`: the column ranked, for the rank tests of every row.
    Ranked(stats::Ranked),
    /// Otherwise: the column's values by group, so that a row reads its two samples.
    Grouped(Buckets),
}

/// A column's values (NaN left out) by group: group `g`'s in article order at
/// `values[starts[g]..starts[g + 1]]`. Built once per column, in two passes (a counting
/// sort); a row of two groups then reads its samples without a pass over the column.
struct Buckets {
    starts: Vec<usize>,
    values: Vec<f64>,
    /// The same, each group's values sorted by `total_cmp`, for the rank tests.
    sorted: Vec<f64>,
}

impl Buckets {
    fn new(column: &[f64], groups: &[u32], count: usize) -> Self {
        let mut starts = vec![0usize; count + 1];
        for (&g, v) in groups.iter().zip(column) {
            if let Some(n) = starts.get_mut(g as usize + 1).filter(|_| !v.is_nan()) {
                *n += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut values = vec![0.0; starts.last().copied().unwrap_or(0)];
        for (&g, &v) in groups.iter().zip(column) {
            if v.is_nan() {
                continue;
            }
            if let Some(at) = next.get_mut(g as usize) {
                if let Some(slot) = values.get_mut(*at) {
                    *slot = v;
                }
                *at += 1;
            }
        }
        let mut sorted = values.clone();
        for pair in starts.windows(2) {
            if let Some(group) = sorted.get_mut(pair[0]..pair[1]) {
                group.sort_by(f64::total_cmp);
            }
        }
        Buckets {
            starts,
            values,
            sorted,
        }
    }

    /// Group `g`'s values in article order, and sorted; none for `None`.
    fn of(&self, g: Option<u32>) -> (&[f64], &[f64]) {
        g.and_then(|g| {
            let g = g as usize;
            let (start, end) = (*self.starts.get(g)?, *self.starts.get(g + 1)?);
            Some((self.values.get(start..end)?, self.sorted.get(start..end)?))
        })
        .unwrap_or((&[], &[]))
    }
}

/// The two samples of a `--pairs rest` row, each in article order, NaN left out: into `xs`
/// the values of group `a`, into `ys` those of every other group. Branch-free: every value
/// is written to both and kept where it belongs, which is several times faster than pushing.
fn split_rest(
    values: &[f64],
    groups: &[u32],
    a: Option<u32>,
    xs: &mut Vec<f64>,
    ys: &mut Vec<f64>,
) {
    // No article is in group u32::MAX (it would be the 4,294,967,296th name).
    let a = a.unwrap_or(u32::MAX);
    xs.clear();
    ys.clear();
    xs.resize(values.len(), 0.0);
    ys.resize(values.len(), 0.0);
    let (mut i, mut j) = (0, 0);
    for (&g, &v) in groups.iter().zip(values) {
        let present = !v.is_nan();
        let in_a = g == a;
        // i and j count kept values, so they are below the number of values seen.
        if let Some(x) = xs.get_mut(i) {
            *x = v;
        }
        if let Some(y) = ys.get_mut(j) {
            *y = v;
        }
        i += usize::from(present & in_a);
        j += usize::from(present & !in_a);
    }
    xs.truncate(i);
    ys.truncate(j);
}

/// Reorder rows laid out metric by metric (row `m · pairs + p`) pair by pair (`p · metrics +
/// m`), in place: each cycle of the permutation is followed once.
fn to_pair_order<T>(rows: &mut [T], metrics: usize, pairs: usize) {
    let target = |i: usize| (i % pairs) * metrics + i / pairs;
    let mut placed = vec![false; rows.len()];
    for start in 0..rows.len() {
        if placed[start] {
            continue;
        }
        // `rows[start]` holds the row that came from `from`; send it on, take its successor.
        let mut from = start;
        loop {
            placed[from] = true;
            let to = target(from);
            if to == start {
                break;
            }
            rows.swap(start, to);
            from = to;
        }
    }
}

/// What the rank statistics (Mann–Whitney, Cliff's delta) of a row start from; each gives
/// the same bits.
#[derive(Debug, Clone, Copy)]
pub enum Ranks<'a> {
    /// The two samples together, already ranked (the rows of `--pairs rest`).
    PartOf(&'a stats::Ranked),
    /// The two samples, each already sorted by `total_cmp`: merged, not sorted again.
    Sorted(&'a [f64], &'a [f64]),
}

/// One row from the two samples (q values left for [`compare`] to fill in).
pub fn compare_samples(
    group_a: &str,
    group_b: &str,
    metric: &str,
    xs: &[f64],
    ys: &[f64],
    ranks: Ranks<'_>,
    opts: &Options,
) -> Comparison {
    // Each sample's moments once, for the means, Welch's t and Cohen's d alike.
    let (ma, mb) = (stats::moments(xs), stats::moments(ys));
    let (mann_whitney, cliffs_delta) = match ranks {
        Ranks::PartOf(r) => (r.mann_whitney_of_part(xs), r.cliffs_delta_of_part(xs)),
        Ranks::Sorted(a, b) => (
            stats::mann_whitney_sorted(a, b),
            stats::cliffs_delta_sorted(a, b),
        ),
    };
    let welch = stats::welch_t_of(ma, mb);
    let seed = row_seed(opts.seed, group_a, group_b, metric);
    let perm_p = welch.and_then(|t| {
        stats::permutation_p(xs, ys, t.t, opts.permutations, seed ^ PERMUTATION_STREAM)
    });
    Comparison {
        group_a: group_a.to_string(),
        group_b: group_b.to_string(),
        metric: metric.to_string(),
        n_a: xs.len(),
        n_b: ys.len(),
        mean_a: ma.map(|m| m.mean),
        mean_b: mb.map(|m| m.mean),
        welch,
        mann_whitney,
        perm_p,
        cohens_d: stats::cohens_d_of(ma, mb),
        cliffs_delta,
        boot_ci95: stats::bootstrap_mean_diff_ci(xs, ys, opts.bootstrap, seed),
        welch_q: None,
        mw_q: None,
        perm_q: None,
    }
}

/// Select metric columns from a header. `patterns`: names, or prefixes ending in `*`;
/// `None` selects every `*.per_1k` and `*.narrator_per_1k` column plus `words` and
/// `quoted_words`. Names may be any column; prefixes and the default look only at
/// `candidates` (the numeric columns). Returns column indexes in header order, without
/// repeats, or the first pattern that matches nothing.
pub fn select_metrics(
    header: &[String],
    candidates: &[usize],
    patterns: Option<&[String]>,
) -> Result<Vec<usize>, String> {
    let mut chosen: Vec<usize> = Vec::new();
    match patterns {
        None => chosen.extend(candidates.iter().copied().filter(|&i| {
            let h = header[i].as_str();
            h.ends_with(".per_1k")
                || h.ends_with(".narrator_per_1k")
                || h == "words"
                || h == "quoted_words"
        })),
        Some(patterns) => {
            for p in patterns {
                let before = chosen.len();
                if let Some(prefix) = p.strip_suffix('*') {
                    chosen.extend(
                        candidates
                            .iter()
                            .copied()
                            .filter(|&i| header[i].starts_with(prefix)),
                    );
                } else {
                    chosen.extend(header.iter().position(|h| h == p));
                }
                if chosen.len() == before {
                    return Err(p.clone());
                }
            }
        }
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

#[cfg(test)]
mod tests;
