//! Why a match is or is not negated, for `slant explain`: the negator within its three-word
//! window and, when the match is not negated, what stopped the negator (README *Counting
//! rules*, *Negation*). [`Analysis::is_negated`] decides; this only explains, and agrees with
//! it on every token (tested).

use super::{Analysis, Language, dash_between_clauses, is_clause_mark, voice};

/// How the negation rules read the words before a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negation {
    /// Token `negator` negates the match.
    Negated { negator: usize },
    /// Token `negator` would, but token `at` ends its window first, for `why`.
    Stopped {
        negator: usize,
        at: usize,
        why: Stop,
    },
    /// Token `negator` is a negator's word that makes an affirming idiom with the word after
    /// it (`not only`, `no doubt`), and so negates nothing.
    Undone { negator: usize },
    /// Token `negator` is the `No.` of a numeral (`No. 2`), no negator.
    Number { negator: usize },
}

/// What ends a negator's window before a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The match is in another sentence.
    Sentence,
    /// The match is in the other voice (one is quoted, the other not).
    Voice,
    /// A comma, semicolon or colon between.
    Mark(char),
    /// A quotation mark between.
    Quotation,
    /// A dash between clauses.
    Dash,
    /// The word at the stop opens a clause (`that`, `because`).
    Opener,
    /// The word at the stop begins a definite description after a verb or preposition (`did
    /// not harm the public`).
    Definite,
}

impl Analysis {
    /// How the negation rules read the three words before token `i` (`text` is the analysed
    /// text): `None` when no negator's word stands among them, in any sentence or voice.
    pub fn negation(&self, i: usize, text: &str, language: &Language) -> Option<Negation> {
        let t = self.tokens.get(i)?;
        let mut stop: Option<(usize, Stop)> = None;
        let mut undone = None;
        let mut j = i;
        // The walk of `is_negated`, going on past what stops it to find the negator stopped.
        for _ in 0..3 {
            let cur = self.tokens.get(j)?;
            if j == 0 {
                break;
            }
            if stop.is_none() && cur.clause_break {
                stop = Some((j, self.stop_at(j, text, language)));
            }
            j -= 1;
            let prev = &self.tokens[j];
            if stop.is_none() && prev.sentence != t.sentence {
                stop = Some((j + 1, Stop::Sentence));
            }
            if stop.is_none() && prev.quoted != t.quoted {
                stop = Some((j + 1, Stop::Voice));
            }
            if prev.negator {
                return Some(match stop {
                    None => Negation::Negated { negator: j },
                    Some((at, why)) => Negation::Stopped {
                        negator: j,
                        at,
                        why,
                    },
                });
            }
            if undone.is_none() && language.is_negator(self.key(prev.key)) {
                let numeral = self.tokens.get(j + 1).is_some_and(|next| {
                    text.as_bytes()
                        .get(next.start as usize)
                        .is_some_and(u8::is_ascii_digit)
                });
                undone = Some(if numeral && self.key(prev.key) == "no" {
                    Negation::Number { negator: j }
                } else {
                    Negation::Undone { negator: j }
                });
            }
        }
        undone
    }

    /// Why token `k`, which ends a negator's window (`clause_break`), does.
    fn stop_at(&self, k: usize, text: &str, language: &Language) -> Stop {
        let (Some(t), Some(prev)) = (
            self.tokens.get(k),
            k.checked_sub(1).map(|p| &self.tokens[p]),
        ) else {
            return Stop::Sentence;
        };
        if prev.sentence != t.sentence {
            return Stop::Sentence;
        }
        let gap = text.get(prev.end as usize..t.start as usize).unwrap_or("");
        if let Some(c) = gap.chars().find(|&c| is_clause_mark(c)) {
            return Stop::Mark(c);
        }
        if gap.chars().any(|c| voice::mark_of(c).is_some()) {
            return Stop::Quotation;
        }
        if dash_between_clauses(gap) {
            return Stop::Dash;
        }
        if language.opens_clause(self.key(t.key)) {
            Stop::Opener
        } else {
            Stop::Definite
        }
    }
}

impl Negation {
    /// One line for `slant explain`: `negated by `not``, or why not, in the words of `text`,
    /// which `a` analysed.
    pub fn describe(&self, a: &Analysis, text: &str) -> String {
        let word = |k: usize| {
            a.tokens
                .get(k)
                .and_then(|t| text.get(t.start as usize..t.end as usize))
                .unwrap_or("")
        };
        match *self {
            Negation::Negated { negator } => format!("negated by `{}`", word(negator)),
            Negation::Undone { negator } => format!(
                "not negated: `{} {}` affirms what follows",
                word(negator),
                word(negator + 1)
            ),
            Negation::Number { negator } => {
                format!("not negated: `{}` abbreviates number", word(negator))
            }
            Negation::Stopped { negator, at, why } => {
                let stop = match why {
                    Stop::Sentence => "a sentence ends between".to_string(),
                    Stop::Voice => "a quotation begins or ends between".to_string(),
                    Stop::Mark(c) => format!("a `{c}` stands between"),
                    Stop::Quotation => "a quotation mark stands between".to_string(),
                    Stop::Dash => "a dash stands between".to_string(),
                    Stop::Opener => format!("`{}` opens a clause", word(at)),
                    Stop::Definite => format!(
                        "`{}` begins a definite description after a verb or preposition",
                        word(at)
                    ),
                };
                format!("not negated: `{}` is before it, but {stop}", word(negator))
            }
        }
    }
}
