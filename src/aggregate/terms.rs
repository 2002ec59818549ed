//! Per group × lexicon entry counts and their keyness against all other groups: the rows of
//! `terms.csv`. Groups here ignore the period: keyness compares outlets over the whole run.

use std::borrow::Cow;
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
    /// Σ c² and Σ c·w over the articles, with c an article's matches of the entry and w its
    /// words: with the group's Σ w², the spread of the articles' counts around the group's
    /// rate, for the entry's dispersion ([`dispersion`]). Integers, so that the sums do not
    /// depend on the order they are taken in; saturating, past any real corpus.
    squares: u64,
    by_words: u64,
}

#[derive(Debug, Default)]
struct GroupTerms {
    articles: u64,
    words: u64,
    /// Articles with at least one word, and Σ w² over them.
    worded: u64,
    words_squared: u128,
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
    /// The entry's dispersion over articles (≥ 1; the codebook, *Dispersion of an entry*), and
    /// G² divided by it with its p value: the test of the count that allows for articles
    /// repeating a word.
    pub dispersion: Option<f64>,
    pub g2_adj_p: Option<f64>,
    pub log_ratio: Option<f64>,
    pub share_p: Option<f64>,
    pub g2_q: Option<f64>,
    pub g2_adj_q: Option<f64>,
    pub share_q: Option<f64>,
    /// Borrowed when there is one reason or none (most rows), so no row allocates for it.
    pub note: Cow<'static, str>,
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
        let words = u64::from(score.words);
        g.articles += 1;
        g.words += words;
        if words > 0 {
            g.worded += 1;
            g.words_squared += u128::from(words) * u128::from(words);
        }
        let mut seen: Vec<(u32, u32)> = Vec::with_capacity(score.hits.len());
        for hit in &score.hits {
            let key = (hit.lexicon, hit.entry);
            let t = g.entries.entry(key).or_default();
            t.count += 1;
            t.narrator += u64::from(hit.narrator);
            seen.push(key);
        }
        seen.sort_unstable();
        // Each run of one key is the article's c matches of that entry.
        for run in seen.chunk_by(|a, b| a == b) {
            if let Some(t) = g.entries.get_mut(&run[0]) {
                let c = run.len() as u64;
                t.articles_with += 1;
                t.squares = t.squares.saturating_add(c.saturating_mul(c));
                t.by_words = t.by_words.saturating_add(c.saturating_mul(words));
            }
        }
    }

    /// All rows: groups in sorted order; within a group, every entry matched anywhere in the
    /// corpus, in (lexicon, entry) order. BH q values run over the whole table.
    ///
    /// The q values need every p value first, so this runs the tests of the whole table (in
    /// parallel) and keeps six numbers per row; [`TermRows::get`] computes the rest of a row
    /// when it is written, so memory holds no table of rows.
    pub fn rows(&self) -> TermRows<'_> {
        // Per entry: its corpus-wide counts, and the spread of its articles' counts around
        // their groups' rates (Σ over groups, taken in group order).
        let mut corpus: BTreeMap<(u32, u32), (TermCount, f64)> = BTreeMap::new();
        let (mut all_words, mut all_articles, mut worded) = (0u64, 0u64, 0u64);
        for g in self.groups.values() {
            all_words += g.words;
            all_articles += g.articles;
            worded += g.worded;
            for (k, t) in &g.entries {
                let (c, spread) = corpus.entry(*k).or_default();
                c.count += t.count;
                c.narrator += t.narrator;
                c.articles_with += t.articles_with;
                *spread += spread_around_rate(t, g);
            }
        }
        let groups = self.groups.len() as u64;
        let mut rows = TermRows {
            groups: self.groups.iter().collect(),
            corpus: corpus
                .into_iter()
                .map(|(k, (t, spread))| (k, t, dispersion(spread, t.count, worded, groups)))
                .collect(),
            all_words,
            all_articles,
            tests: Vec::new(),
            g2_q: Vec::new(),
            g2_adj_q: Vec::new(),
            share_q: Vec::new(),
        };
        // NaN stands for no p value (see `stats::benjamini_hochberg_in_place`).
        let nan = |p: Option<f64>| p.unwrap_or(f64::NAN);
        rows.tests = (0..rows.len())
            .into_par_iter()
            .map(|i| {
                let r = rows.row(i, Tests::UNKNOWN, Pass::Tests);
                Tests {
                    g2: nan(r.g2),
                    g2_p: nan(r.g2_p),
                    g2_adj_p: nan(r.g2_adj_p),
                    share_p: nan(r.share_p),
                }
            })
            .collect();
        // Each q column starts as its p column and is turned into q values in place.
        let column = |k: fn(&Tests) -> f64| rows.tests.iter().map(k).collect::<Vec<f64>>();
        rows.g2_q = column(|t| t.g2_p);
        rows.g2_adj_q = column(|t| t.g2_adj_p);
        rows.share_q = column(|t| t.share_p);
        rayon::join(
            || stats::benjamini_hochberg_in_place(&mut rows.g2_q),
            || {
                rayon::join(
                    || stats::benjamini_hochberg_in_place(&mut rows.g2_adj_q),
                    || stats::benjamini_hochberg_in_place(&mut rows.share_q),
                )
            },
        );
        rows
    }
}

/// Σ over a group's articles of (c − λw)², with λ = C/W the group's rate of the entry:
/// Σc² − 2λΣcw + λ²Σw², from the group's sums. 0 for a group without the entry.
fn spread_around_rate(t: &TermCount, g: &GroupTerms) -> f64 {
    if t.count == 0 || g.words == 0 {
        return 0.0;
    }
    let rate = t.count as f64 / g.words as f64;
    (t.squares as f64 - 2.0 * rate * t.by_words as f64 + rate * rate * g.words_squared as f64)
        .max(0.0)
}

/// An entry's dispersion over articles: how many times the variance of a group's count
/// exceeds what counting every word as an independent draw (G²'s model) gives it,
/// φ = [Σ over groups and articles (c − λ_g w)²] / C × N / (N − G), with C the entry's matches,
/// N the articles with words and G the groups; at least 1. Articles that repeat an entry make
/// φ large, and G²/φ is then the quasi-likelihood test of the count (McCullagh & Nelder 1989,
/// ch. 9; for word counts, Lijffijt et al. 2016). `None` when there are no more articles than
/// groups, or no match.
fn dispersion(spread: f64, count: u64, worded: u64, groups: u64) -> Option<f64> {
    if count == 0 || worded <= groups {
        return None;
    }
    let phi = spread / count as f64 * worded as f64 / (worded - groups) as f64;
    phi.is_finite().then_some(phi.max(1.0))
}

/// What the first pass over the rows keeps of each: G² and the three tests' p values, NaN for
/// none.
#[derive(Debug, Clone, Copy)]
struct Tests {
    g2: f64,
    g2_p: f64,
    g2_adj_p: f64,
    share_p: f64,
}

impl Tests {
    const UNKNOWN: Tests = Tests {
        g2: f64::NAN,
        g2_p: f64::NAN,
        g2_adj_p: f64::NAN,
        share_p: f64::NAN,
    };
}

/// Which pass over the rows asks for one: the first, for the tests only, or the one that
/// writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Tests,
    Row,
}

/// The rows of `terms.csv`, in order, each computed when asked for (see [`TermTable::rows`]).
#[derive(Debug)]
pub struct TermRows<'a> {
    groups: Vec<(&'a Vec<String>, &'a GroupTerms)>,
    /// Every entry matched anywhere, in order, with its corpus-wide counts and dispersion.
    corpus: Vec<((u32, u32), TermCount, Option<f64>)>,
    all_words: u64,
    all_articles: u64,
    /// Per row, in output order: what the first pass computed (kept so that writing a row need
    /// not run the tests again), and the three q values, NaN for none.
    tests: Vec<Tests>,
    g2_q: Vec<f64>,
    g2_adj_q: Vec<f64>,
    share_q: Vec<f64>,
}

impl<'a> TermRows<'a> {
    /// Number of rows: every group × every entry matched anywhere.
    pub fn len(&self) -> usize {
        self.groups.len() * self.corpus.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` (`i < len()`), with its q values.
    pub fn get(&self, i: usize) -> TermRow<'a> {
        let q = |v: &[f64]| v.get(i).copied().filter(|q| !q.is_nan());
        let known = self.tests.get(i).copied().unwrap_or(Tests::UNKNOWN);
        let mut row = self.row(i, known, Pass::Row);
        row.g2_q = q(&self.g2_q);
        row.g2_adj_q = q(&self.g2_adj_q);
        row.share_q = q(&self.share_q);
        row
    }

    /// Row `i` without its q values. `known` holds what a first pass already has (G² and the
    /// tests' p values); NaN when not known or known to be none: then the test runs, to give
    /// the value or to say why there is none (those cases return before any summing). The
    /// first pass ([`Pass::Tests`]) leaves out the log ratio, which no q value needs.
    fn row(&self, i: usize, known: Tests, pass: Pass) -> TermRow<'a> {
        let entries = self.corpus.len().max(1);
        let (Some(&(groups, g)), Some(&((lexicon, entry), total, phi))) =
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
        // The reasons a value is missing, each once: at most one per test, held without an
        // allocation (most rows have one).
        let mut notes: [&'static str; 4] = [""; 4];
        let mut noted = 0;
        let mut keep = |r: Result<f64, stats::Degenerate>| match r {
            Ok(v) => Some(v),
            Err(stats::Degenerate(why)) => {
                if noted < notes.len() && !notes[..noted].contains(&why) {
                    notes[noted] = why;
                    noted += 1;
                }
                None
            }
        };
        let (g2, g2_p) = match known {
            _ if single => (None, None),
            Tests { g2, g2_p, .. } if !g2.is_nan() && !g2_p.is_nan() => (Some(g2), Some(g2_p)),
            _ => match stats::log_likelihood(t.count, rest_count, g.words, rest_words) {
                Ok((g2, p)) => (Some(g2), Some(p)),
                Err(e) => (keep(Err(e)), None),
            },
        };
        let dispersion = if single { None } else { phi };
        let g2_adj_p = match (g2, dispersion) {
            _ if !known.g2_adj_p.is_nan() => Some(known.g2_adj_p),
            (Some(g2), Some(phi)) => keep(stats::chi_square_1_sf(g2 / phi)),
            (Some(_), None) => keep(Err(stats::NO_DISPERSION)),
            _ => None,
        };
        let log_ratio = if single || pass == Pass::Tests {
            None
        } else {
            keep(stats::log_ratio(t.count, rest_count, g.words, rest_words))
        };
        let share_p = match known.share_p {
            _ if single => None,
            p if !p.is_nan() => Some(p),
            _ => keep(stats::two_proportion_test(
                t.articles_with,
                g.articles,
                rest_with,
                rest_articles,
            )),
        };
        if single {
            notes[0] = "a single group: no other groups to compare with";
            noted = 1;
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
            dispersion,
            g2_adj_p,
            log_ratio,
            share_p,
            g2_q: None,
            g2_adj_q: None,
            share_q: None,
            note: match &notes[..noted] {
                [] => Cow::Borrowed(""),
                [one] => Cow::Borrowed(one),
                more => Cow::Owned(more.join("; ")),
            },
        }
    }
}

#[cfg(test)]
mod dispersion_tests {
    use super::*;

    #[test]
    fn dispersion_is_the_spread_of_article_counts_over_the_poisson_one() {
        // One group, three articles of 10, 10 and 20 words with 0, 0 and 4 matches: rate
        // 4/40, spread (0 − 1)² + (0 − 1)² + (4 − 2)² = 6, over C = 4, times N/(N − G) = 3/2.
        let t = TermCount {
            count: 4,
            squares: 16,
            by_words: 80,
            ..TermCount::default()
        };
        let g = GroupTerms {
            words: 40,
            worded: 3,
            words_squared: 100 + 100 + 400,
            ..GroupTerms::default()
        };
        let spread = spread_around_rate(&t, &g);
        assert!((spread - 6.0).abs() < 1e-12, "{spread}");
        let phi = dispersion(spread, 4, 3, 1).unwrap();
        assert!((phi - 6.0 / 4.0 * 1.5).abs() < 1e-12, "{phi}");
        // Counts spread as evenly as their words: no more than Poisson, so 1.
        let even = TermCount {
            count: 4,
            squares: 1 + 1 + 4,
            by_words: 10 + 10 + 40,
            ..TermCount::default()
        };
        assert_eq!(
            dispersion(spread_around_rate(&even, &g), 4, 3, 1),
            Some(1.0)
        );
        // No more articles than groups: no dispersion to estimate.
        assert_eq!(dispersion(spread, 4, 2, 2), None);
    }
}

#[cfg(test)]
mod row_tests {
    use super::*;
    use crate::aggregate::Hit;

    /// An article of `words` words and its matches, as (lexicon, entry, in the narrator's voice).
    fn article(words: u32, hits: &[(u32, u32, bool)]) -> Tally {
        Tally {
            words,
            hits: hits
                .iter()
                .map(|&(lexicon, entry, narrator)| Hit {
                    lexicon,
                    entry,
                    narrator,
                })
                .collect(),
            ..Tally::default()
        }
    }

    fn groups(name: &str) -> Vec<String> {
        vec![name.to_string()]
    }

    #[test]
    fn a_written_row_is_the_row_computed_from_scratch() {
        // Every way a value can be missing: a group without words, an entry one group never
        // uses, an entry every article uses, articles repeating an entry.
        let mut table = TermTable::default();
        let a = [(0, 0, true), (0, 0, false), (0, 1, true), (1, 0, true)];
        table.add(&groups("A"), &article(120, &a));
        table.add(&groups("A"), &article(80, &[(0, 1, true), (1, 0, false)]));
        table.add(&groups("B"), &article(400, &[(0, 0, true), (1, 0, true)]));
        table.add(&groups("B"), &article(5, &[(1, 0, true)]));
        table.add(&groups("C"), &article(0, &[(1, 0, true)]));
        table.add(&groups("D"), &article(3, &[(1, 0, true)]));
        let rows = table.rows();
        assert_eq!(rows.len(), 4 * 3);
        for i in 0..rows.len() {
            let written = rows.get(i);
            let mut fresh = rows.row(i, Tests::UNKNOWN, Pass::Row);
            (fresh.g2_q, fresh.g2_adj_q, fresh.share_q) =
                (written.g2_q, written.g2_adj_q, written.share_q);
            assert_eq!(written, fresh, "row {i}");
        }
        // The first pass kept G² where its test ran, and the log ratio was left to the second.
        let c = rows.get(6);
        assert_eq!((c.groups, c.lexicon, c.entry), (&groups("C")[..], 0, 0));
        assert_eq!((c.g2, c.log_ratio), (None, None));
        assert_eq!(c.note, stats::NO_WORDS.0);
        let a = rows.get(0);
        assert_eq!((a.count, a.narrator_count, a.articles_with), (2, 1, 1));
        assert!(
            a.g2.is_some() && a.g2_p.is_some() && a.log_ratio.is_some(),
            "{a:?}"
        );
    }

    #[test]
    fn a_note_gives_each_reason_once_in_the_order_of_the_columns() {
        // Two articles in two groups: no dispersion to estimate; and in A's few words the 0.5
        // that stands in for its count of 0 is a higher rate than B's one match.
        let mut table = TermTable::default();
        table.add(&groups("A"), &article(10, &[]));
        table.add(&groups("B"), &article(1000, &[(0, 0, true)]));
        let rows = table.rows();
        // B's side is the mirror: against A's stand-in, its one match would read as fewer.
        let both = format!("{}; {}", stats::NO_DISPERSION.0, stats::ZERO_OUTWEIGHS.0);
        for (i, group) in [(0, "A"), (1, "B")] {
            let r = rows.get(i);
            assert_eq!((r.groups, &r.note[..]), (&groups(group)[..], &both[..]));
            assert_eq!((r.g2_adj_p, r.log_ratio), (None, None));
            assert!(r.g2_p.is_some() && r.share_p.is_some(), "{r:?}");
        }
        // A single group: that is the only reason given.
        let mut single = TermTable::default();
        single.add(&groups("A"), &article(0, &[(0, 0, true)]));
        assert_eq!(
            single.rows().get(0).note,
            "a single group: no other groups to compare with"
        );
    }
}
