//! Per group × period accumulators and the rows of `groups.csv`.
//!
//! Storage is sparse: per cell, each article's word counts are kept once, and per category
//! only the articles with a non-zero count. Memory therefore grows with articles plus
//! matches, not with articles × categories. Medians and standard deviations are exact: the
//! per-article values are rebuilt, one metric at a time, when the rows are computed.

use std::collections::BTreeMap;

use super::Tally;
use super::stats::{self, Summary};
use crate::score::SlantSums;

/// Where an article is counted: its group values and period label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub groups: Vec<String>,
    pub period: String,
}

/// The articles of one group × period.
#[derive(Debug, Default)]
struct Cell {
    words: Vec<u32>,
    narrator_words: Vec<u32>,
    sentences: Vec<u32>,
    paragraphs: Vec<u32>,
    quotations: Vec<u32>,
    /// Per category: (article index in this cell, n, narrator n) for non-zero counts only.
    counts: Vec<Vec<(u32, u32, u32)>>,
    /// Articles with weighted word choices: (article index, all voices, narrator voice).
    slants: Vec<(u32, SlantSums, SlantSums)>,
}

/// Everything `groups.csv` says about one metric in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow<'a> {
    pub key: &'a CellKey,
    pub metric: String,
    /// Articles whose value is defined (a rate needs at least one word).
    pub articles: usize,
    pub words: u64,
    pub total: u64,
    /// total / words × 1000 for rate metrics; `None` for plain article metrics.
    pub pooled_per_1k: Option<f64>,
    /// A pooled ratio: Σ weight ⁄ Σ |weight| for `slant`, quoted words ⁄ words for
    /// `quoted_words`; `None` elsewhere.
    pub pooled_ratio: Option<f64>,
    pub summary: Summary,
    /// Why some cells are empty.
    pub note: String,
}

/// Accumulates article scores by group × period.
#[derive(Debug)]
pub struct GroupTable {
    categories: usize,
    cells: BTreeMap<CellKey, Cell>,
}

/// How a metric's per-article value is computed.
/// Reads one plain per-article value from a cell.
type Getter = fn(&Cell, usize) -> u32;

#[derive(Clone, Copy)]
enum Metric {
    Plain(Getter),
    Slant { narrator: bool },
    Rate { category: usize, narrator: bool },
}

const PLAIN: [(&str, Getter); 6] = [
    ("words", |c, i| c.words[i]),
    ("narrator_words", |c, i| c.narrator_words[i]),
    ("quoted_words", |c, i| c.words[i] - c.narrator_words[i]),
    ("sentences", |c, i| c.sentences[i]),
    ("paragraphs", |c, i| c.paragraphs[i]),
    ("quotations", |c, i| c.quotations[i]),
];

impl GroupTable {
    pub fn new(categories: usize) -> Self {
        GroupTable {
            categories,
            cells: BTreeMap::new(),
        }
    }

    /// Count one article in its cell.
    pub fn add(&mut self, key: CellKey, score: &Tally) {
        let categories = self.categories;
        let cell = self.cells.entry(key).or_insert_with(|| Cell {
            counts: vec![Vec::new(); categories],
            ..Cell::default()
        });
        let index = cell.words.len() as u32;
        cell.words.push(score.words);
        cell.narrator_words.push(score.narrator_words);
        cell.sentences.push(score.sentences);
        cell.paragraphs.push(score.paragraphs);
        cell.quotations.push(score.quotations);
        if score.slant.matches > 0 {
            cell.slants.push((index, score.slant, score.narrator_slant));
        }
        for &(c, count) in &score.counts {
            if let Some(list) = cell.counts.get_mut(c as usize) {
                list.push((index, count.n, count.narrator_n));
            }
        }
    }

    /// Every row of `groups.csv`, in order: cells sorted by key, then the plain article
    /// metrics, then `<cat>.per_1k` and `<cat>.narrator_per_1k` for each category in order.
    pub fn rows<'a>(
        &'a self,
        category_names: &'a [String],
    ) -> impl Iterator<Item = GroupRow<'a>> + 'a {
        let metrics: Vec<(String, Metric)> = PLAIN
            .iter()
            .map(|(name, f)| (name.to_string(), Metric::Plain(*f)))
            .chain([
                ("slant".to_string(), Metric::Slant { narrator: false }),
                (
                    "narrator_slant".to_string(),
                    Metric::Slant { narrator: true },
                ),
            ])
            .chain(category_names.iter().enumerate().flat_map(|(c, name)| {
                [
                    (
                        format!("{name}.per_1k"),
                        Metric::Rate {
                            category: c,
                            narrator: false,
                        },
                    ),
                    (
                        format!("{name}.narrator_per_1k"),
                        Metric::Rate {
                            category: c,
                            narrator: true,
                        },
                    ),
                ]
            }))
            .collect();
        self.cells.iter().flat_map(move |(key, cell)| {
            let metrics = metrics.clone();
            metrics
                .into_iter()
                .map(move |(name, metric)| row(key, cell, name, metric))
        })
    }
}

fn row<'a>(key: &'a CellKey, cell: &Cell, metric: String, how: Metric) -> GroupRow<'a> {
    let n = cell.words.len();
    match how {
        Metric::Plain(f) => {
            let mut values: Vec<f64> = (0..n).map(|i| f64::from(f(cell, i))).collect();
            let total = (0..n).map(|i| u64::from(f(cell, i))).sum();
            let summary = stats::summarize(&mut values);
            let words: u64 = cell.words.iter().map(|&w| u64::from(w)).sum();
            let pooled_ratio =
                (metric == "quoted_words" && words > 0).then(|| total as f64 / words as f64);
            GroupRow {
                key,
                metric,
                articles: n,
                words,
                total,
                pooled_per_1k: None,
                pooled_ratio,
                note: summary_note(&summary),
                summary,
            }
        }
        Metric::Slant { narrator } => {
            let mut pooled = SlantSums::default();
            let mut values = Vec::with_capacity(cell.slants.len());
            let mut words = 0u64;
            for (i, all, narr) in &cell.slants {
                let sums = if narrator { narr } else { all };
                if let Some(r) = sums.ratio() {
                    values.push(r);
                    pooled.merge(sums);
                    words += u64::from(cell.words.get(*i as usize).copied().unwrap_or(0));
                }
            }
            let summary = stats::summarize(&mut values);
            let mut note = summary_note(&summary);
            if values.len() < n {
                note = join_note(
                    note,
                    &format!(
                        "{} articles without weighted word choices left out",
                        n - values.len()
                    ),
                );
            }
            GroupRow {
                key,
                metric,
                articles: values.len(),
                words,
                total: u64::from(pooled.matches),
                pooled_per_1k: None,
                pooled_ratio: pooled.ratio(),
                summary,
                note,
            }
        }
        Metric::Rate { category, narrator } => {
            let words_of = |i: usize| {
                if narrator {
                    cell.narrator_words[i]
                } else {
                    cell.words[i]
                }
            };
            let mut counts = vec![0u32; n];
            for &(i, all, narr) in cell.counts.get(category).map_or(&[][..], Vec::as_slice) {
                counts[i as usize] = if narrator { narr } else { all };
            }
            let mut values = Vec::with_capacity(n);
            let (mut words, mut total) = (0u64, 0u64);
            for (i, &k) in counts.iter().enumerate() {
                let w = words_of(i);
                if w > 0 {
                    values.push(f64::from(k) * 1000.0 / f64::from(w));
                    words += u64::from(w);
                    total += u64::from(k);
                }
            }
            let summary = stats::summarize(&mut values);
            let mut note = summary_note(&summary);
            if values.len() < n {
                let missing = n - values.len();
                let what = if narrator {
                    "no narrator words"
                } else {
                    "no words"
                };
                note = join_note(note, &format!("{missing} articles with {what} left out"));
            }
            let pooled = (words > 0).then(|| total as f64 * 1000.0 / words as f64);
            if words == 0 {
                note = join_note(note, "pooled rate undefined: no words");
            }
            GroupRow {
                key,
                metric,
                articles: values.len(),
                words,
                total,
                pooled_per_1k: pooled,
                pooled_ratio: None,
                summary,
                note,
            }
        }
    }
}

fn summary_note(s: &Summary) -> String {
    match s.n {
        0 => "no articles with a defined value".into(),
        1 => "sd, se and CI need at least 2 articles".into(),
        _ => String::new(),
    }
}

fn join_note(note: String, more: &str) -> String {
    if note.is_empty() {
        more.to_string()
    } else {
        format!("{note}; {more}")
    }
}

impl GroupTable {
    /// Each cell's total count per category (all voices), for choice shares.
    pub fn category_totals(&self) -> BTreeMap<CellKey, Vec<u64>> {
        self.cells
            .iter()
            .map(|(key, cell)| {
                let totals = cell
                    .counts
                    .iter()
                    .map(|list| list.iter().map(|&(_, n, _)| u64::from(n)).sum())
                    .collect();
                (key.clone(), totals)
            })
            .collect()
    }
}
