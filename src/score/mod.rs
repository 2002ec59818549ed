//! One article -> its [`ArticleScore`]: word, sentence and quotation counts, per-category
//! counts (all, narrator voice, negated) and the matches themselves. Pure and deterministic.
//!
//! Counting convention (the codebook states it for users): a match of an entry adds 1 to each
//! category the entry names and to every ancestor of those categories, once per naming; so a
//! parent's count is its own direct matches plus the sum of its children's counts.

use crate::devices::{self, Device, NotDevice};
use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::matcher::{Match, Matcher};
use crate::report::rows::EntryCells;
use crate::text::{self, Analysis, Scratch};

mod categories;
pub mod targets;

pub use categories::Categories;
use targets::{Mention, Targets};

/// Which part of an article a match is in: the headline, the lead (first paragraph of the
/// body, or its first two sentences when the body is one paragraph) or the rest of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Title,
    Lead,
    Body,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Title, Part::Lead, Part::Body];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::Lead => "lead",
            Part::Body => "body",
        }
    }

    /// Index into per-part arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Where the lead of the headline (`is_title`: none) or of the body analysed in `a`
    /// ends, and which part each of its tokens is in.
    fn reader(is_title: bool, a: &Analysis) -> (usize, impl Fn(usize) -> Part) {
        let lead_end = if is_title { 0 } else { devices::lead_end(a) };
        let part_of = move |token| match (is_title, token < lead_end) {
            (true, _) => Part::Title,
            (false, true) => Part::Lead,
            (false, false) => Part::Body,
        };
        (lead_end, part_of)
    }

    /// The article text this part lies in (lead and body share the body text, and its
    /// offsets).
    pub fn text_of(self, article: &Article) -> &str {
        match self {
            Part::Title => &article.title,
            Part::Lead | Part::Body => &article.text,
        }
    }
}

/// Per-category counts of one article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCount {
    pub n: u32,
    pub narrator_n: u32,
    pub negated_n: u32,
    /// Matches per part, indexed by [`Part::index`].
    pub part_n: [u32; 3],
}

/// One match, with everything `matches.csv` and `explain` need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredMatch {
    pub part: Part,
    pub m: Match,
    /// 1-based sentence number within the headline, or within the body for lead and body.
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
    /// Words per part, indexed by [`Part::index`].
    pub part_words: [u32; 3],
    /// Every quotation, in reading order.
    pub quotes: Vec<QuoteRecord>,
    /// Every mention of a `--targets` actor, in reading order.
    pub mentions: Vec<Mention>,
    /// The text's MinHash fingerprint, for wire-copy detection (None when too short).
    pub fingerprint: Option<crate::wire::Fingerprint>,
}

/// One quotation, for `quotations.csv`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuoteRecord {
    pub part: Part,
    /// Byte span in the part's text: from the opening mark to just past the closing mark (or
    /// to the paragraph end when left open).
    pub start: u32,
    pub end: u32,
    pub words: u32,
    pub closed: bool,
    pub depth: u16,
    /// The device, or why the quotation is none.
    pub device: Result<Device, NotDevice>,
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
    target_found: Vec<Match>,
    ids: crate::matcher::Scratch,
    memo: devices::Memo,
}

/// One mention of a `--targets` actor with what made its counts: for `slant explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionTrace {
    pub part: Part,
    /// 1-based sentence number, as in [`ScoredMatch`].
    pub sentence: u32,
    pub quoted: bool,
    /// The targets lexicon's match (its `lexicon` indexes [`Targets::lexicons`]).
    pub m: Match,
    /// Target indices (into the targets' `names`) it counts for.
    pub targets: Vec<u32>,
    /// Indices into the article's [`ArticleScore::matches`] of the matches nearby.
    pub nearby: Vec<usize>,
}

/// The scorer: compiled lexicons and their categories.
#[derive(Debug)]
pub struct Scorer {
    /// The user's lexicons, then the `device` pseudo-lexicon (scare and distancing quotes).
    pub lexicons: Vec<Lexicon>,
    pub matcher: Matcher,
    pub categories: Categories,
    /// Index of the `device` pseudo-lexicon in `lexicons`.
    device_lexicon: u32,
    /// The `--targets` actors, when given.
    pub targets: Option<Targets>,
    /// `--language`: the negators, reporting verbs, distancers and sentence openers.
    pub language: text::Language,
    /// Each entry's cells of `matches.csv`, encoded once.
    pub entry_cells: EntryCells,
}

impl Scorer {
    pub fn new(mut lexicons: Vec<Lexicon>) -> crate::Result<Self> {
        let matcher = Matcher::new(&lexicons)?;
        let device_lexicon = u32::try_from(lexicons.len()).unwrap_or(u32::MAX);
        lexicons.push(devices::lexicon());
        let categories = Categories::new(&lexicons);
        Ok(Scorer {
            entry_cells: EntryCells::new(&lexicons),
            lexicons,
            matcher,
            categories,
            device_lexicon,
            targets: None,
            language: text::Language::default(),
        })
    }

    fn count(&self, score: &mut ArticleScore, sm: &ScoredMatch) {
        let m = &sm.m;
        for &c in self.categories.of(m.lexicon, m.entry) {
            if let Some(count) = score.counts.get_mut(c as usize) {
                count.n += 1;
                count.narrator_n += u32::from(!sm.quoted);
                count.negated_n += u32::from(sm.negated);
                count.part_n[sm.part.index()] += 1;
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
                if !sm.quoted {
                    score.narrator_slant.add(weight);
                }
            }
        }
    }

    /// Score one article. The analyses stay in `ws` for callers that want them (explain).
    pub fn score(&self, article: &Article, ws: &mut Workspace) -> ArticleScore {
        let mut score = ArticleScore {
            counts: vec![CategoryCount::default(); self.categories.names.len()],
            ..ArticleScore::default()
        };
        let language = &self.language;
        text::analyze_into(&article.title, &mut ws.title, &mut ws.scratch, language);
        text::analyze_into(&article.text, &mut ws.body, &mut ws.scratch, language);
        for (is_title, a, text) in [
            (true, &ws.title, &article.title),
            (false, &ws.body, &article.text),
        ] {
            let (lead_end, part_of) = Part::reader(is_title, a);
            let words = a.tokens.len() as u32;
            score.words += words;
            score.narrator_words += words - a.quoted_words() as u32;
            score.sentences += a.sentences.len() as u32;
            score.paragraphs += a.paragraphs;
            score.quotations += a.quotations.len() as u32;
            if is_title {
                score.part_words[Part::Title.index()] += words;
            } else {
                let lead = lead_end.min(a.tokens.len()) as u32;
                score.part_words[Part::Lead.index()] += lead;
                score.part_words[Part::Body.index()] += words - lead;
            }
            ws.found.clear();
            self.matcher.find(a, &mut ws.ids, &mut ws.found);
            ws.memo.clear();
            for q in &a.quotations {
                let device = devices::classify(a, text, q, language, is_title, &mut ws.memo);
                let first = q.first_token as usize;
                let part = part_of(first);
                if let (Ok(d), Some(last)) = (device, q.end_token.checked_sub(1)) {
                    if let (Some(t0), Some(t1)) = (a.tokens.get(first), a.tokens.get(last as usize))
                    {
                        ws.found.push(Match {
                            lexicon: self.device_lexicon,
                            entry: d as u32,
                            first_token: q.first_token,
                            last_token: last,
                            start: t0.start,
                            end: t1.end,
                        });
                    }
                }
                score.quotes.push(QuoteRecord {
                    part,
                    start: q.open,
                    end: q.end,
                    words: q.end_token - q.first_token,
                    closed: q.closed,
                    depth: q.depth,
                    device,
                });
            }
            let first_match = score.matches.len();
            // Reading order: by position, then lexicon order.
            ws.found.sort_by_key(|m| (m.start, m.lexicon, m.end));
            for m in &ws.found {
                let Some(first) = a.tokens.get(m.first_token as usize) else {
                    continue;
                };
                let sm = ScoredMatch {
                    part: part_of(m.first_token as usize),
                    m: *m,
                    sentence: first.sentence + 1,
                    // A scare quote is the narrator's device, though its words are quoted.
                    quoted: first.quoted && m.lexicon != self.device_lexicon,
                    negated: a.is_negated(m.first_token as usize),
                };
                self.count(&mut score, &sm);
                score.matches.push(sm);
            }
            if let Some(targets) = &self.targets {
                targets.mentions(
                    a,
                    &score.matches[first_match..],
                    &self.categories,
                    &mut ws.ids,
                    &mut ws.target_found,
                    &mut score.mentions,
                );
            }
        }
        score.fingerprint = crate::wire::fingerprint(&ws.title, &ws.body);
        score
    }

    /// The mentions of the `--targets` actors in the article `score` was just scored from
    /// (its analyses are still in `ws`), each with the matches counted near it: the same
    /// mentions, in the same order, as `score.mentions`. Empty without targets.
    pub fn trace_mentions(&self, score: &ArticleScore, ws: &mut Workspace) -> Vec<MentionTrace> {
        let mut out = Vec::new();
        let Some(targets) = &self.targets else {
            return out;
        };
        // The headline's matches come first in `score.matches`, then the body's.
        let title_matches = score
            .matches
            .iter()
            .take_while(|m| m.part == Part::Title)
            .count();
        let (title, body) = score.matches.split_at(title_matches);
        for (is_title, a, matches, offset) in [
            (true, &ws.title, title, 0),
            (false, &ws.body, body, title_matches),
        ] {
            let (_, part_of) = Part::reader(is_title, a);
            targets.each_mention(
                a,
                &mut ws.ids,
                &mut ws.target_found,
                |t, names, narrator| {
                    let sentence = a
                        .tokens
                        .get(t.first_token as usize)
                        .map_or(0, |tok| tok.sentence + 1);
                    out.push(MentionTrace {
                        part: part_of(t.first_token as usize),
                        sentence,
                        quoted: !narrator,
                        m: *t,
                        targets: names,
                        nearby: targets.nearby(a, t, matches).map(|i| i + offset).collect(),
                    });
                },
            );
        }
        out
    }
}
