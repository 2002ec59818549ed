//! Targets: how each actor is described. For every mention of a target (a match of the
//! `--targets` lexicon), the categories of the main lexicons matched in the same sentence and
//! within ±`window` words of it.
//!
//! Distance is the difference in word positions between the nearest words of the two spans:
//! 1 for adjacent words, so with the default window of 10 a match among the ten words before
//! or after the mention counts. A main-lexicon match that overlaps the mention itself (the
//! target's own word, `police` in a lexicon of crime words) is not "nearby" and never counts.
//!
//! A mention counts once for each target it names, ancestors included: an entry naming two
//! sub-targets (`israel.gov;israel.leader`) is one mention of `israel`, and the same words
//! matched by two targets files (a folder) are one mention of a target they both name.

use crate::lexicon::Lexicon;
use crate::matcher::{Match, Matcher};
use crate::text::Analysis;

use super::{Categories, ScoredMatch};

/// The compiled targets lexicon.
#[derive(Debug)]
pub struct Targets {
    pub lexicons: Vec<Lexicon>,
    matcher: Matcher,
    /// Target names: the targets lexicon's categories (with ancestors), sorted.
    pub names: Categories,
    pub window: u32,
}

/// One mention of a target and what was said around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Target indices (into `Targets::names.names`) this mention counts for.
    pub targets: Vec<u32>,
    pub narrator: bool,
    /// Main-lexicon category indices matched within the window (deduplicated, sorted).
    pub near: Vec<u32>,
    /// The same, counting only narrator-voice matches.
    pub near_narrator: Vec<u32>,
}

impl Targets {
    pub fn new(lexicons: Vec<Lexicon>, window: u32) -> crate::Result<Self> {
        let matcher = Matcher::new(&lexicons)?;
        let names = Categories::new(&lexicons);
        Ok(Targets {
            lexicons,
            matcher,
            names,
            window,
        })
    }

    /// Find the mentions in one analysed text; `matches` are the text's scored matches (in
    /// reading order) and `found` a scratch buffer.
    pub fn mentions(
        &self,
        a: &Analysis,
        matches: &[ScoredMatch],
        categories: &Categories,
        ids: &mut crate::matcher::Scratch,
        found: &mut Vec<Match>,
        out: &mut Vec<Mention>,
    ) {
        self.each_mention(a, ids, found, |t, targets, narrator| {
            let mut near = Vec::new();
            let mut near_narrator = Vec::new();
            for i in self.nearby(a, t, matches) {
                let sm = &matches[i];
                for &c in categories.of(sm.m.lexicon, sm.m.entry) {
                    near.push(c);
                    if !sm.quoted {
                        near_narrator.push(c);
                    }
                }
            }
            near.sort_unstable();
            near.dedup();
            near_narrator.sort_unstable();
            near_narrator.dedup();
            out.push(Mention {
                targets,
                narrator,
                near,
                near_narrator,
            });
        });
    }

    /// Call `f` for each mention in one analysed text, in reading order, with the targets
    /// lexicon's match, the targets it counts for (sorted) and whether it is in narrator
    /// voice. `found` is a scratch buffer.
    pub fn each_mention(
        &self,
        a: &Analysis,
        ids: &mut crate::matcher::Scratch,
        found: &mut Vec<Match>,
        mut f: impl FnMut(&Match, Vec<u32>, bool),
    ) {
        found.clear();
        self.matcher.find(a, ids, found);
        found.sort_by_key(|m| (m.start, m.lexicon, m.end));
        // Per target, where its last counted mention ends: a mention overlapping it (the
        // same words, matched by another targets file) is not counted again.
        let mut counted_to: Vec<(u32, u32)> = Vec::new();
        for t in found.iter() {
            let mut targets: Vec<u32> = self.names.of(t.lexicon, t.entry).to_vec();
            targets.sort_unstable();
            targets.dedup();
            targets.retain(|&target| {
                match counted_to.iter_mut().find(|(name, _)| *name == target) {
                    Some((_, end)) if *end > t.start => false,
                    Some((_, end)) => {
                        *end = t.end;
                        true
                    }
                    None => {
                        counted_to.push((target, t.end));
                        true
                    }
                }
            });
            if targets.is_empty() {
                continue;
            }
            if let Some(tok) = a.tokens.get(t.first_token as usize) {
                f(t, targets, !tok.quoted);
            }
        }
    }

    /// The indices of `matches` (the text's scored matches) that are near the mention `t`:
    /// in its sentence, within the window, and not on its own words.
    pub fn nearby<'a>(
        &'a self,
        a: &'a Analysis,
        t: &'a Match,
        matches: &'a [ScoredMatch],
    ) -> impl Iterator<Item = usize> + 'a {
        let sentence = a.tokens.get(t.first_token as usize).map(|tok| tok.sentence);
        matches.iter().enumerate().filter_map(move |(i, sm)| {
            let m = &sm.m;
            let mt = a.tokens.get(m.first_token as usize)?;
            if Some(mt.sentence) != sentence || (m.start < t.end && t.start < m.end) {
                return None;
            }
            // Word positions apart: 1 for adjacent words.
            let distance = t
                .first_token
                .saturating_sub(m.last_token)
                .max(m.first_token.saturating_sub(t.last_token));
            (distance <= self.window).then_some(i)
        })
    }
}
