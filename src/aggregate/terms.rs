//! Per group × lexicon entry counts and their keyness against all other groups: the rows of
//! `terms.csv`. Groups here ignore the period: keyness compares outlets over the whole run.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::Tally;
use super::stats;

#[derive(Debug, Default, Clone, Copy)]
struct TermCount {
    count: u64,
    narrator: u64,
    articles_with: u64,
}

#[derive(Debug, Default)]
struct GroupTerms {
    articles: u64,
    words: u64,
    entries: HashMap<(u32, u32), TermCount>,
}

/// A group, its counts, an entry and the entry's corpus-wide counts: one row to compute.
type Pair<'a> = (&'a Vec<String>, &'a GroupTerms, (u32, u32), TermCount);

/// One row of `terms.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow<'a> {
    pub groups: &'a [String],
    pub lexicon: u32,
    pub entry: u32,
    pub count: u64,
    pub narrator_count: u64,
    /// count / group words × 1000.
    pub per_1k: Option<f64>,
    pub articles_with: u64,
    pub articles: u64,
    /// articles_with / articles, and the same share among all other groups' articles.
    pub share: Option<f64>,
    pub rest_share: Option<f64>,
    pub g2: Option<f64>,
    pub g2_p: Option<f64>,
    pub log_ratio: Option<f64>,
    pub share_p: Option<f64>,
    pub g2_q: Option<f64>,
    pub share_q: Option<f64>,
    pub note: String,
}

/// Accumulates entry counts by group.
#[derive(Debug, Default)]
pub struct TermTable {
    groups: BTreeMap<Vec<String>, GroupTerms>,
}

impl TermTable {
    pub fn add(&mut self, groups: &[String], score: &Tally) {
        let g = match self.groups.get_mut(groups) {
            Some(g) => g,
            None => self.groups.entry(groups.to_vec()).or_default(),
        };
        g.articles += 1;
        g.words += u64::from(score.words);
        let mut seen: Vec<(u32, u32)> = Vec::with_capacity(score.hits.len());
        for hit in &score.hits {
            let key = (hit.lexicon, hit.entry);
            let t = g.entries.entry(key).or_default();
            t.count += 1;
            t.narrator += u64::from(hit.narrator);
            seen.push(key);
        }
        seen.sort_unstable();
        seen.dedup();
        for key in seen {
            if let Some(t) = g.entries.get_mut(&key) {
                t.articles_with += 1;
            }
        }
    }

    /// All rows: groups in sorted order; within a group, every entry matched anywhere in the
    /// corpus, in (lexicon, entry) order. BH q values run over the whole table.
    pub fn rows(&self) -> Vec<TermRow<'_>> {
        let mut corpus: BTreeMap<(u32, u32), TermCount> = BTreeMap::new();
        let (mut all_words, mut all_articles) = (0u64, 0u64);
        for g in self.groups.values() {
            all_words += g.words;
            all_articles += g.articles;
            for (k, t) in &g.entries {
                let c = corpus.entry(*k).or_default();
                c.count += t.count;
                c.narrator += t.narrator;
                c.articles_with += t.articles_with;
            }
        }
        let single = self.groups.len() < 2;
        // Every (group, entry) pair, in output order; the tests run in parallel (rayon keeps
        // the order), the BH step afterwards runs over the whole table in that order.
        let pairs: Vec<Pair<'_>> = self
            .groups
            .iter()
            .flat_map(|(groups, g)| corpus.iter().map(move |(&k, &total)| (groups, g, k, total)))
            .collect();
        let mut rows: Vec<TermRow<'_>> = pairs
            .par_iter()
            .map(|&(groups, g, (lexicon, entry), total)| {
                let t = g
                    .entries
                    .get(&(lexicon, entry))
                    .copied()
                    .unwrap_or_default();
                let (rest_count, rest_words) = (total.count - t.count, all_words - g.words);
                let rest_with = total.articles_with - t.articles_with;
                let rest_articles = all_articles - g.articles;
                let mut notes = Vec::new();
                let mut keep = |r: Result<f64, stats::Degenerate>| match r {
                    Ok(v) => Some(v),
                    Err(stats::Degenerate(why)) => {
                        if !notes.contains(&why) {
                            notes.push(why);
                        }
                        None
                    }
                };
                let (g2, g2_p) = if single {
                    (None, None)
                } else {
                    match stats::log_likelihood(t.count, rest_count, g.words, rest_words) {
                        Ok((g2, p)) => (Some(g2), Some(p)),
                        Err(e) => (keep(Err(e)), None),
                    }
                };
                let log_ratio = if single {
                    None
                } else {
                    keep(stats::log_ratio(t.count, rest_count, g.words, rest_words))
                };
                let share_p = if single {
                    None
                } else {
                    keep(stats::two_proportion_test(
                        t.articles_with,
                        g.articles,
                        rest_with,
                        rest_articles,
                    ))
                };
                let mut note: Vec<&str> = notes;
                if single {
                    note.push("a single group: no other groups to compare with");
                }
                TermRow {
                    groups,
                    lexicon,
                    entry,
                    count: t.count,
                    narrator_count: t.narrator,
                    per_1k: (g.words > 0).then(|| t.count as f64 * 1000.0 / g.words as f64),
                    articles_with: t.articles_with,
                    articles: g.articles,
                    share: (g.articles > 0).then(|| t.articles_with as f64 / g.articles as f64),
                    rest_share: (rest_articles > 0)
                        .then(|| rest_with as f64 / rest_articles as f64),
                    g2,
                    g2_p,
                    log_ratio,
                    share_p,
                    g2_q: None,
                    share_q: None,
                    note: note.join("; "),
                }
            })
            .collect();
        let g2_q = stats::benjamini_hochberg(&rows.iter().map(|r| r.g2_p).collect::<Vec<_>>());
        let share_q =
            stats::benjamini_hochberg(&rows.iter().map(|r| r.share_p).collect::<Vec<_>>());
        for ((r, a), b) in rows.iter_mut().zip(g2_q).zip(share_q) {
            r.g2_q = a;
            r.share_q = b;
        }
        rows
    }
}
