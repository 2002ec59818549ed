//! Per group × period × target × category: how often a target's mentions have a category's
//! match nearby — the rows of `targets.csv` ("how does each outlet describe X?"). Mentions
//! are summed by article too, for the rate's interval with articles as the units.

use std::collections::{BTreeMap, BTreeSet};

use super::groups::CellKey;
use super::join_note;
use super::stats::{self, ArticleCounts, ArticleTotals, ByArticle};
use crate::score::targets::Mention;

/// One target in one cell: its mentions summed by article (all voices, narrator voice), and
/// per category nearby the mentions with it, summed by article the same way.
#[derive(Debug, Default)]
struct Agg {
    mentions: ArticleTotals,
    narrator_mentions: ArticleTotals,
    /// Category -> (mentions with it nearby, narrator mentions with it nearby in narrator voice).
    near: BTreeMap<u32, (ArticleCounts, ArticleCounts)>,
}

/// One target in one article: mentions, narrator mentions, and per category nearby the same.
#[derive(Debug, Default)]
struct InArticle {
    mentions: u64,
    narrator_mentions: u64,
    near: BTreeMap<u32, (u64, u64)>,
}

/// One row of `targets.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow<'a> {
    pub key: &'a CellKey,
    pub target: u32,
    pub category: u32,
    pub mentions: u64,
    pub co_occurrences: u64,
    pub rate: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    /// The rate with articles as the units (see [`stats::wilson_clustered`]).
    pub by_article: ByArticle,
    pub narrator_mentions: u64,
    pub narrator_co_occurrences: u64,
    pub narrator_rate: Option<f64>,
    pub narrator_ci95: Option<(f64, f64)>,
    pub narrator_by_article: ByArticle,
    /// Why cells of the two `by_article`s are empty, `; `-joined.
    pub note: String,
}

/// Accumulates target mentions by cell.
#[derive(Debug, Default)]
pub struct TargetTable {
    cells: BTreeMap<(CellKey, u32), Agg>,
}

impl TargetTable {
    /// Count one article's mentions in its cell.
    pub fn add(&mut self, key: &CellKey, mentions: &[Mention]) {
        let mut article: BTreeMap<u32, InArticle> = BTreeMap::new();
        for m in mentions {
            for &t in &m.targets {
                let a = article.entry(t).or_default();
                a.mentions += 1;
                a.narrator_mentions += u64::from(m.narrator);
                for &c in &m.near {
                    a.near.entry(c).or_default().0 += 1;
                }
                if m.narrator {
                    for &c in &m.near_narrator {
                        a.near.entry(c).or_default().1 += 1;
                    }
                }
            }
        }
        for (t, a) in article {
            let agg = self.cells.entry((key.clone(), t)).or_default();
            agg.mentions.add(a.mentions);
            agg.narrator_mentions.add(a.narrator_mentions);
            for (c, (y, narrator_y)) in a.near {
                let near = agg.near.entry(c).or_default();
                near.0.add(y, a.mentions);
                near.1.add(narrator_y, a.narrator_mentions);
            }
        }
    }

    /// Rows in (cell, target, category) order. For each target, only the categories that
    /// occur near it somewhere in the corpus get rows (with zeros where a cell has none).
    pub fn rows(&self) -> Vec<TargetRow<'_>> {
        let mut seen: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        for ((_, t), agg) in &self.cells {
            seen.entry(*t).or_default().extend(agg.near.keys());
        }
        let mut rows = Vec::new();
        for ((key, t), agg) in &self.cells {
            for &c in seen.get(t).into_iter().flatten() {
                let (co, narrator_co) = agg.near.get(&c).copied().unwrap_or_default();
                let share = |k: u64, n: u64| (n > 0).then(|| k as f64 / n as f64);
                let (mentions, narrator_mentions) = (agg.mentions.sum, agg.narrator_mentions.sum);
                let (by_article, why) = ByArticle::of(&agg.mentions, &co);
                let (narrator_by_article, narrator_why) =
                    ByArticle::of(&agg.narrator_mentions, &narrator_co);
                let mut note = why.to_string();
                if !narrator_why.is_empty() {
                    let narrator_why = match narrator_mentions {
                        0 => NO_NARRATOR_MENTION,
                        _ => narrator_why,
                    };
                    join_note(&mut note, &format!("narrator: {narrator_why}"));
                }
                rows.push(TargetRow {
                    key,
                    target: *t,
                    category: c,
                    mentions,
                    co_occurrences: co.sum,
                    rate: share(co.sum, mentions),
                    ci95: stats::wilson(co.sum, mentions).ok(),
                    by_article,
                    narrator_mentions,
                    narrator_co_occurrences: narrator_co.sum,
                    narrator_rate: share(narrator_co.sum, narrator_mentions),
                    narrator_ci95: stats::wilson(narrator_co.sum, narrator_mentions).ok(),
                    narrator_by_article,
                    note,
                });
            }
        }
        rows
    }
}

/// The note of a row whose narrator cells are empty because the target has no mention in
/// narrator voice in the cell.
pub const NO_NARRATOR_MENTION: &str = "no narrator mention";
