//! Per group × period × target × category: how often a target's mentions have a category's
//! match nearby — the rows of `targets.csv` ("how does each outlet describe X?").

use std::collections::{BTreeMap, BTreeSet};

use super::groups::CellKey;
use super::stats;
use crate::score::targets::Mention;

#[derive(Debug, Default)]
struct Agg {
    mentions: u64,
    narrator_mentions: u64,
    /// Category -> (mentions with it nearby, narrator mentions with it nearby in narrator voice).
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
    pub narrator_mentions: u64,
    pub narrator_co_occurrences: u64,
    pub narrator_rate: Option<f64>,
    pub narrator_ci95: Option<(f64, f64)>,
}

/// Accumulates target mentions by cell.
#[derive(Debug, Default)]
pub struct TargetTable {
    cells: BTreeMap<(CellKey, u32), Agg>,
}

impl TargetTable {
    pub fn add(&mut self, key: &CellKey, mentions: &[Mention]) {
        for m in mentions {
            for &t in &m.targets {
                let agg = self.cells.entry((key.clone(), t)).or_default();
                agg.mentions += 1;
                agg.narrator_mentions += u64::from(m.narrator);
                for &c in &m.near {
                    agg.near.entry(c).or_default().0 += 1;
                }
                if m.narrator {
                    for &c in &m.near_narrator {
                        agg.near.entry(c).or_default().1 += 1;
                    }
                }
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
                let (co, narrator_co) = agg.near.get(&c).copied().unwrap_or((0, 0));
                let share = |k: u64, n: u64| (n > 0).then(|| k as f64 / n as f64);
                rows.push(TargetRow {
                    key,
                    target: *t,
                    category: c,
                    mentions: agg.mentions,
                    co_occurrences: co,
                    rate: share(co, agg.mentions),
                    ci95: stats::wilson(co, agg.mentions).ok(),
                    narrator_mentions: agg.narrator_mentions,
                    narrator_co_occurrences: narrator_co,
                    narrator_rate: share(narrator_co, agg.narrator_mentions),
                    narrator_ci95: stats::wilson(narrator_co, agg.narrator_mentions).ok(),
                });
            }
        }
        rows
    }
}
