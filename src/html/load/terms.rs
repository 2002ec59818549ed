//! `terms.csv` (each group's key terms) and `matches.csv` (keyword-in-context lines) for the
//! page's evidence sections.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::Result;
use crate::aggregate::sample::{Draw, Strata};

use super::{CsvFile, MATCHES, TERMS};

/// One key term of a group (a row of `terms.csv`).
#[derive(Debug, Clone)]
pub struct Term {
    pub lexicon: String,
    pub entry: String,
    pub category: String,
    pub count: u64,
    pub per_1k: Option<f64>,
    pub g2: f64,
    /// The count test's BH q: G² over the entry's dispersion (`g2_adj_q`), or plain G²'s
    /// (`g2_q`) in the reports of slant 0.7.0 and earlier, which have no dispersion.
    pub count_q: Option<f64>,
    pub log_ratio: f64,
    /// The group's articles with the entry, and all its articles.
    pub articles_with: u64,
    pub articles: u64,
    /// The entry's share of the group's articles and of the rest's.
    pub share: Option<f64>,
    pub rest_share: Option<f64>,
    /// The article-level test's BH q (Fisher's exact test of `articles_with`).
    pub share_q: Option<f64>,
}

impl Term {
    /// Significant at q < 0.05 both by count (G² over its dispersion) and by articles: more
    /// of the group's articles use the entry than of the rest's, by Fisher's exact test. A
    /// large G² alone can come from one article that repeats the entry.
    pub fn significant(&self) -> bool {
        let more_articles = matches!((self.share, self.rest_share), (Some(a), Some(b)) if a > b);
        self.count_q.is_some_and(|q| q < 0.05)
            && self.share_q.is_some_and(|q| q < 0.05)
            && more_articles
    }
}

/// What `terms.csv` holds for the groups wanted.
#[derive(Debug)]
pub struct Terms {
    /// Per group: its top key terms, largest G² first.
    pub top: BTreeMap<Vec<String>, Vec<Term>>,
    /// Whether any row has a G² at all (there is none with a single group).
    pub any_keyness: bool,
}

/// The `top` entries per wanted group that the group uses more than the rest (log ratio > 0),
/// by G² (largest first; ties by lexicon and entry); `None` when the file is missing.
pub fn read_terms(dir: &Path, wanted: &HashSet<Vec<String>>, top: usize) -> Result<Option<Terms>> {
    let Some(file) = CsvFile::open(dir, "terms.csv")? else {
        return Ok(None);
    };
    let g = file.group_cols(&TERMS)?.len();
    let c = |name| file.col(name);
    let (lexicon, entry, category, count) =
        (c("lexicon")?, c("entry")?, c("category")?, c("count")?);
    let (per_1k, g2, log_ratio) = (c("per_1k")?, c("g2")?, c("log_ratio")?);
    let count_q = c("g2_adj_q").or_else(|_| c("g2_q"))?;
    let (articles_with, articles) = (c("articles_with")?, c("articles")?);
    let (share, rest_share, share_q) = (c("share")?, c("rest_share")?, c("share_q")?);
    let mut groups: BTreeMap<Vec<String>, Vec<Term>> = BTreeMap::new();
    let mut any_keyness = false;
    let rank = |a: &Term, b: &Term| {
        b.g2.total_cmp(&a.g2)
            .then_with(|| a.lexicon.cmp(&b.lexicon))
            .then_with(|| a.entry.cmp(&b.entry))
    };
    file.each(|r| {
        let g2v = r.float(g2)?;
        any_keyness |= g2v.is_some();
        let key = r.texts(0..g);
        if !wanted.contains(&key) {
            return Ok(());
        }
        let (Some(g2v), Some(lr)) = (g2v, r.float(log_ratio)?) else {
            return Ok(());
        };
        let n = r.int(count)?;
        if lr <= 0.0 || n == 0 {
            return Ok(());
        }
        let list = groups.entry(key).or_default();
        list.push(Term {
            lexicon: r.text(lexicon).to_string(),
            entry: r.text(entry).to_string(),
            category: r.text(category).to_string(),
            count: n,
            per_1k: r.float(per_1k)?,
            g2: g2v,
            count_q: r.float(count_q)?,
            log_ratio: lr,
            articles_with: r.int(articles_with)?,
            articles: r.int(articles)?,
            share: r.float(share)?,
            rest_share: r.float(rest_share)?,
            share_q: r.float(share_q)?,
        });
        if list.len() > 4 * top.max(8) {
            list.sort_by(rank);
            list.truncate(top);
        }
        Ok(())
    })?;
    for list in groups.values_mut() {
        list.sort_by(rank);
        list.truncate(top);
    }
    Ok(Some(Terms {
        top: groups,
        any_keyness,
    }))
}

/// One keyword-in-context line from `matches.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Kwic {
    pub group: String,
    pub id: String,
    pub left: String,
    pub text: String,
    pub right: String,
    pub quoted: bool,
    pub negated: bool,
}

/// The seed of the keyword-in-context draw: fixed, so the same reports give the same page.
pub const KWIC_SEED: u64 = 1;

/// Up to `per` lines per category, drawn at random (see `aggregate::sample`, seed
/// [`KWIC_SEED`]) from every match of the category; a match with several categories counts in
/// each. `None` when `matches.csv` is missing.
pub fn read_kwic(dir: &Path, per: usize) -> Result<Option<Vec<Draw<Kwic>>>> {
    let Some(file) = CsvFile::open(dir, "matches.csv")? else {
        return Ok(None);
    };
    let g = file.group_cols(&MATCHES)?.len();
    let id = file.col("id")?;
    let c = |name| file.col(name);
    let (text, category, voice, negated) = (c("text")?, c("category")?, c("voice")?, c("negated")?);
    let (left, right) = (c("left")?, c("right")?);
    let mut strata = Strata::new(per, KWIC_SEED);
    file.each(|r| {
        let line = Kwic {
            group: r.texts(id + 1..id + 1 + g).join(" · "),
            id: r.text(id).to_string(),
            left: r.text(left).to_string(),
            text: r.text(text).to_string(),
            right: r.text(right).to_string(),
            quoted: r.text(voice) == "quoted",
            negated: r.text(negated) == "true",
        };
        for cat in r.text(category).split(';').filter(|c| !c.is_empty()) {
            strata.offer(vec![cat.to_string()], line.clone());
        }
        Ok(())
    })?;
    Ok(Some(strata.finish()))
}
