//! One article -> its [`ArticleScore`]: word, sentence and quotation counts, per-category
//! counts (all, narrator voice, negated) and the matches themselves. Pure and deterministic.
//!
//! Counting convention (the codebook states it for users): a match of an entry adds 1 to each
//! category the entry names and to every ancestor of those categories, once per naming; so a
//! parent's count is its own direct matches plus the sum of its children's counts.

use std::collections::BTreeSet;

use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::matcher::{Match, Matcher};
use crate::text::{self, Analysis, Scratch};

/// Which part of an article a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Title,
    Body,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Body => "body",
        }
    }
}

/// The categories of all lexicons, with the roll-up of each entry precomputed.
#[derive(Debug)]
pub struct Categories {
    /// Every category and every ancestor of one, sorted (so a parent precedes its children).
    pub names: Vec<String>,
    /// For lexicon `l`, entry `e`: the category indices it adds to (with repeats when two of
    /// its categories share an ancestor).
    rollup: Vec<Vec<Vec<u32>>>,
    /// For lexicon `l`, entry `e`: whether it is a word choice (a `choice.` category).
    choice: Vec<Vec<bool>>,
}

impl Categories {
    pub fn new(lexicons: &[Lexicon]) -> Self {
        let mut all = BTreeSet::new();
        for lex in lexicons {
            for e in &lex.entries {
                for c in &e.categories {
                    for (i, _) in c.match_indices('.') {
                        all.insert(c[..i].to_string());
                    }
                    all.insert(c.clone());
                }
            }
        }
        let names: Vec<String> = all.into_iter().collect();
        let index = |name: &str| names.binary_search_by(|n| n.as_str().cmp(name)).ok();
        let rollup = lexicons
            .iter()
            .map(|lex| {
                lex.entries
                    .iter()
                    .map(|e| {
                        let mut ids = Vec::new();
                        for c in &e.categories {
                            for (i, _) in c.match_indices('.') {
                                ids.extend(index(&c[..i]).map(|x| x as u32));
                            }
                            ids.extend(index(c).map(|x| x as u32));
                        }
                        ids
                    })
                    .collect()
            })
            .collect();
        let choice = lexicons
            .iter()
            .map(|lex| {
                lex.entries
                    .iter()
                    .map(|e| e.categories.iter().any(|c| c.starts_with("choice.")))
                    .collect()
            })
            .collect();
        Categories {
            names,
            rollup,
            choice,
        }
    }

    /// True when the entry is a word choice that counts towards the slant metric.
    pub fn is_choice(&self, lexicon: u32, entry: u32) -> bool {
        self.choice
            .get(lexicon as usize)
            .and_then(|l| l.get(entry as usize))
            .copied()
            .unwrap_or(false)
    }

    /// The category indices a match of `entry` in `lexicon` adds to.
    pub fn of(&self, lexicon: u32, entry: u32) -> &[u32] {
        self.rollup
            .get(lexicon as usize)
            .and_then(|l| l.get(entry as usize))
            .map_or(&[], Vec::as_slice)
    }
}

/// Per-category counts of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCount {
    pub n: u32,
    pub narrator_n: u32,
    pub negated_n: u32,
}

/// One match, with everything `matches.csv` and `explain` need.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredMatch {
    pub part: Part,
    pub m: Match,
    /// 1-based sentence number within its part.
    pub sentence: u32,
    pub quoted: bool,
    pub negated: bool,
}

/// Everything slant counts in one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleScore {
    pub words: u32,
    pub narrator_words: u32,
    pub sentences: u32,
    pub paragraphs: u32,
    pub quotations: u32,
    /// Indexed like [`Categories::names`].
    pub counts: Vec<CategoryCount>,
    pub matches: Vec<ScoredMatch>,
    /// Weighted word choices (entries with a `choice.` category), all voices and narrator only.
    pub slant: SlantSums,
    pub narrator_slant: SlantSums,
}

/// Σ weight and Σ |weight| over an article's choice matches, and how many there were.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SlantSums {
    pub sum: f64,
    pub abs: f64,
    pub matches: u32,
}

impl SlantSums {
    /// Σ weight ⁄ Σ |weight|, from −1 to +1; `None` when no weighted choice matched.
    pub fn ratio(&self) -> Option<f64> {
        (self.abs > 0.0).then(|| self.sum / self.abs)
    }

    fn add(&mut self, weight: f64) {
        self.sum += weight;
        self.abs += weight.abs();
        self.matches += 1;
    }

    /// Add another article's sums (group pooling).
    pub fn merge(&mut self, other: &SlantSums) {
        self.sum += other.sum;
        self.abs += other.abs;
        self.matches += other.matches;
    }
}

impl ArticleScore {
    pub fn quoted_words(&self) -> u32 {
        self.words - self.narrator_words
    }
}

/// Reusable per-thread buffers for scoring.
#[derive(Debug, Default)]
pub struct Workspace {
    pub title: Analysis,
    pub body: Analysis,
    scratch: Scratch,
    found: Vec<Match>,
}

/// The scorer: compiled lexicons and their categories.
#[derive(Debug)]
pub struct Scorer {
    pub lexicons: Vec<Lexicon>,
    pub matcher: Matcher,
    pub categories: Categories,
}

impl Scorer {
    pub fn new(lexicons: Vec<Lexicon>) -> crate::Result<Self> {
        let matcher = Matcher::new(&lexicons)?;
        let categories = Categories::new(&lexicons);
        Ok(Scorer {
            lexicons,
            matcher,
            categories,
        })
    }

    /// Score one article. The analyses stay in `ws` for callers that want them (explain).
    pub fn score(&self, article: &Article, ws: &mut Workspace) -> ArticleScore {
        let mut score = ArticleScore {
            counts: vec![CategoryCount::default(); self.categories.names.len()],
            ..ArticleScore::default()
        };
        text::analyze_into(&article.title, &mut ws.title, &mut ws.scratch);
        text::analyze_into(&article.text, &mut ws.body, &mut ws.scratch);
        for (part, a) in [(Part::Title, &ws.title), (Part::Body, &ws.body)] {
            let words = a.tokens.len() as u32;
            score.words += words;
            score.narrator_words += words - a.quoted_words() as u32;
            score.sentences += a.sentences.len() as u32;
            score.paragraphs += a.paragraphs;
            score.quotations += a.quotations.len() as u32;
            ws.found.clear();
            self.matcher.find(a, &mut ws.found);
            // Reading order: by position, then lexicon order.
            ws.found.sort_by_key(|m| (m.start, m.lexicon, m.end));
            for m in &ws.found {
                let Some(first) = a.tokens.get(m.first_token as usize) else {
                    continue;
                };
                let quoted = first.quoted;
                let negated = a.is_negated(m.first_token as usize);
                for &c in self.categories.of(m.lexicon, m.entry) {
                    if let Some(count) = score.counts.get_mut(c as usize) {
                        count.n += 1;
                        count.narrator_n += u32::from(!quoted);
                        count.negated_n += u32::from(negated);
                    }
                }
                if self.categories.is_choice(m.lexicon, m.entry) {
                    let weight = self
                        .lexicons
                        .get(m.lexicon as usize)
                        .and_then(|l| l.entries.get(m.entry as usize))
                        .map_or(0.0, |e| e.weight);
                    if weight != 0.0 {
                        score.slant.add(weight);
                        if !quoted {
                            score.narrator_slant.add(weight);
                        }
                    }
                }
                score.matches.push(ScoredMatch {
                    part,
                    m: *m,
                    sentence: first.sentence + 1,
                    quoted,
                    negated,
                });
            }
        }
        score
    }
}
