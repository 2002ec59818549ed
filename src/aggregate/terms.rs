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

/// One row of `terms.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
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
    ///
    /// The rows are computed lazily, a chunk at a time in parallel (rayon keeps the order), so
    /// memory holds one chunk plus three numbers per row: the q values need every p value
    /// first, so a first pass computes the p values of the whole table and keeps only them.
    pub fn rows(&self) -> TermRows<'_> {
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
        let mut rows = TermRows {
            groups: self.groups.iter().collect(),
            corpus: corpus.into_iter().collect(),
            all_words,
            all_articles,
            share_p: Vec::new(),
            g2_q: Vec::new(),
            share_q: Vec::new(),
            next: 0,
            chunk: Vec::new().into_iter(),
        };
        // NaN stands for no p value (see `stats::benjamini_hochberg_in_place`).
        let nan = |p: Option<f64>| p.unwrap_or(f64::NAN);
        let (g2_p, share_p): (Vec<f64>, Vec<f64>) = (0..rows.len())
            .into_par_iter()
            .map(|i| {
                let r = rows.row(i, f64::NAN);
                (nan(r.g2_p), nan(r.share_p))
            })
            .unzip();
        rows.g2_q = g2_p;
        stats::benjamini_hochberg_in_place(&mut rows.g2_q);
        rows.share_q = share_p.clone();
        stats::benjamini_hochberg_in_place(&mut rows.share_q);
        rows.share_p = share_p;
        rows
    }
}

/// Rows computed per chunk; more chunks take longer to start but hold less.
const CHUNK_ROWS: usize = 4096;

/// The rows of `terms.csv`, in order, computed a chunk at a time (see [`TermTable::rows`]).
#[derive(Debug)]
pub struct TermRows<'a> {
    groups: Vec<(&'a Vec<String>, &'a GroupTerms)>,
    /// Every entry matched anywhere, in order, with its corpus-wide counts.
    corpus: Vec<((u32, u32), TermCount)>,
    all_words: u64,
    all_articles: u64,
    /// Per row, in output order, NaN for none: the share test's p value (kept so the second
    /// pass need not run the exact test again) and both q values.
    share_p: Vec<f64>,
    g2_q: Vec<f64>,
    share_q: Vec<f64>,
    /// The first row not yet computed, and the computed rows not yet handed out.
    next: usize,
    chunk: std::vec::IntoIter<TermRow<'a>>,
}

impl<'a> TermRows<'a> {
    /// Number of rows: every group × every entry matched anywhere.
    fn len(&self) -> usize {
        self.groups.len() * self.corpus.len()
    }

    /// Row `i` without its q values. `share_p` is the share test's p value when a first pass
    /// already has it; NaN when not known or known to be none: then the test runs, to give
    /// the p value or to say why there is none (those cases return before any summing).
    fn row(&self, i: usize, share_p: f64) -> TermRow<'a> {
        let entries = self.corpus.len().max(1);
        let (Some(&(groups, g)), Some(&((lexicon, entry), total))) =
            (self.groups.get(i / entries), self.corpus.get(i % entries))
        else {
            return TermRow::default();
        };
        let single = self.groups.len() < 2;
        let (all_words, all_articles) = (self.all_words, self.all_articles);
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
        let share_p = match share_p {
            _ if single => None,
            p if !p.is_nan() => Some(p),
            _ => keep(stats::two_proportion_test(
                t.articles_with,
                g.articles,
                rest_with,
                rest_articles,
            )),
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
            rest_share: (rest_articles > 0).then(|| rest_with as f64 / rest_articles as f64),
            g2,
            g2_p,
            log_ratio,
            share_p,
            g2_q: None,
            share_q: None,
            note: note.join("; "),
        }
    }
}

impl<'a> Iterator for TermRows<'a> {
    type Item = TermRow<'a>;

    fn next(&mut self) -> Option<TermRow<'a>> {
        if let Some(row) = self.chunk.next() {
            return Some(row);
        }
        let (start, end) = (self.next, (self.next + CHUNK_ROWS).min(self.len()));
        if start >= end {
            return None;
        }
        let this = &*self;
        let chunk: Vec<TermRow<'a>> = (start..end)
            .into_par_iter()
            .map(|i| {
                let known = |v: &[f64]| v.get(i).copied().filter(|q| !q.is_nan());
                let mut row = this.row(i, this.share_p.get(i).copied().unwrap_or(f64::NAN));
                row.g2_q = known(&this.g2_q);
                row.share_q = known(&this.share_q);
                row
            })
            .collect();
        self.next = end;
        self.chunk = chunk.into_iter();
        self.chunk.next()
    }
}
