//! The text pipeline (SPEC §3): tokens with their match keys, sentences, paragraphs, voice
//! (quotations) and negation scope, computed in one pass over the original text.
//!
//! Invariants: every offset is a byte offset into the original text and lies on a char
//! boundary; tokens are in text order; every token belongs to exactly one sentence and one
//! paragraph; match keys are NFC-normalised and folded (see [`fold`]), the original text is
//! never changed.

pub mod fold;
pub mod language;
mod lookahead;
pub mod negation;
pub mod sentence;
pub mod token;
pub mod voice;

pub use fold::{fold_char, nfc, normalize_key};
pub use language::{Lang, Language};
pub use negation::{Negation, Stop};
pub use voice::{Quotation, QuoteClass};

use crate::swar;
use lookahead::{
    Breaks, closer_ahead, find_breaks, has_blank_line, has_single_opener, possessive_in_quotation,
};
use token::RawToken;
use voice::{Mark, VoiceState};

/// A byte range into [`Analysis::keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeySpan {
    pub start: u32,
    pub end: u32,
}

/// One word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the original text.
    pub start: u32,
    pub end: u32,
    /// Lower-case match key.
    pub key: KeySpan,
    /// Case-preserving match key (for case-sensitive entries).
    pub cased: KeySpan,
    /// Range of this token's parts in [`Analysis::parts`]; empty unless a hyphen compound.
    pub parts: (u32, u32),
    /// 0-based sentence and paragraph numbers.
    pub sentence: u32,
    pub paragraph: u32,
    /// Inside a quotation (quoted voice) rather than the narrator's.
    pub quoted: bool,
    /// Separated from the previous word by white space only, in the same sentence: a phrase
    /// may continue across this gap.
    pub joined: bool,
    /// The gap before this word holds a comma, semicolon, colon, dash between clauses,
    /// quotation mark or sentence end, or the word opens a clause (`that`, `what`, `because`,
    /// …) or a definite description after a verb or preposition (`did not harm the public`;
    /// both only marked one to three words after a negator, the only place they matter):
    /// negation does not reach across it.
    pub clause_break: bool,
    /// One of the negators of the run's languages (`not`, `no`, `never`, a `n't` word, …).
    pub negator: bool,
}

/// One part of a hyphen compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub start: u32,
    pub end: u32,
    pub key: KeySpan,
    pub cased: KeySpan,
}

/// A sentence: a run of tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub first_token: u32,
    pub end_token: u32,
}

/// Everything the matcher and scorer need to know about one text.
#[derive(Debug, Default, Clone)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub parts: Vec<Part>,
    pub sentences: Vec<Sentence>,
    pub quotations: Vec<Quotation>,
    pub paragraphs: u32,
    /// The text, then the match keys that are not words of it as they stand, back to back.
    pub keys: String,
}

impl Analysis {
    pub fn key(&self, span: KeySpan) -> &str {
        self.keys
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// The token's key with a possessive `'s` removed, when it has one.
    pub fn stem(&self, span: KeySpan) -> Option<&str> {
        let key = self.key(span);
        key.strip_suffix("'s").filter(|s| !s.is_empty())
    }

    /// The parts of token `t` (empty unless it is a compound).
    pub fn parts_of(&self, t: &Token) -> &[Part] {
        self.parts
            .get(t.parts.0 as usize..t.parts.1 as usize)
            .unwrap_or(&[])
    }

    /// Number of words in quoted voice.
    pub fn quoted_words(&self) -> usize {
        self.tokens.iter().filter(|t| t.quoted).count()
    }

    /// True when a negator stands within the three words before token `i`, in the same
    /// sentence and voice, with no clause break ([`Token::clause_break`]: a mark, a dash, a
    /// clause opener or a definite description) between. [`Analysis::negation`] says which
    /// negator, or what stopped it.
    pub fn is_negated(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        let mut j = i;
        for _ in 0..3 {
            let Some(cur) = self.tokens.get(j) else {
                return false;
            };
            if j == 0 || cur.clause_break {
                return false;
            }
            j -= 1;
            let prev = &self.tokens[j];
            if prev.sentence != t.sentence || prev.quoted != t.quoted {
                return false;
            }
            if prev.negator {
                return true;
            }
        }
        false
    }

    fn clear(&mut self) {
        self.tokens.clear();
        self.parts.clear();
        self.sentences.clear();
        self.quotations.clear();
        self.paragraphs = 0;
        self.keys.clear();
    }
}

/// Reusable buffers, so that analysing many texts does not allocate per text.
#[derive(Debug, Default)]
pub struct Scratch {
    raw: Vec<RawToken>,
    raw_parts: Vec<(usize, usize)>,
    paragraph_breaks: Vec<usize>,
    /// Byte offsets of the `’` and the `‘` in the gaps between words (only filled when the
    /// text has an opening `‘` or `‚`).
    single_closers: Vec<usize>,
    low_closers: Vec<usize>,
    voice: VoiceState,
}

/// A comma, semicolon or colon, in Latin, Arabic (`،` `؛`), ideographic (`、`) or full-width
/// (`，` `；` `：`) form: negation does not reach across one.
pub fn is_clause_mark(c: char) -> bool {
    is_comma(c) || matches!(c, ';' | ':' | '\u{61B}' | '\u{FF1A}' | '\u{FF1B}')
}

/// A comma: `,`, Arabic `،`, ideographic `、` or full-width `，`.
pub fn is_comma(c: char) -> bool {
    matches!(c, ',' | '\u{60C}' | '\u{3001}' | '\u{FF0C}')
}

/// Analyse `text`, as English, into a fresh [`Analysis`].
pub fn analyze(text: &str) -> Analysis {
    let mut out = Analysis::default();
    analyze_into(text, &mut out, &mut Scratch::default(), Language::english());
    out
}

/// Push a word's two match keys — lower-case, and case-preserving — and return their spans.
/// `keys` begins with the text itself (see [`analyze_into`]), and the word stands in it at
/// `at`. A word of ASCII without capitals (most words) is its own key there, so nothing is
/// copied; an ASCII word with capitals is its own case-preserving key, and only its lower-case
/// copy is pushed. Other words push what normalising gives.
#[inline]
fn push_keys(keys: &mut String, word: &str, at: usize) -> (KeySpan, KeySpan) {
    debug_assert_eq!(keys.get(at..at + word.len()), Some(word));
    let start = keys.len();
    let (ascii, upper) = ascii_and_capitals(keys.as_bytes(), at, word.len());
    if ascii {
        let itself = span(at, at + word.len());
        if !upper {
            return (itself, itself);
        }
        keys.push_str(word);
        if let Some(copy) = keys.get_mut(start..) {
            copy.make_ascii_lowercase();
        }
        return (span(start, keys.len()), itself);
    }
    if let Some(spans) = push_folded_ascii(keys, word) {
        return spans;
    }
    let lower_key = normalize_key(word, false);
    let cased_key = normalize_key(word, true);
    keys.push_str(&lower_key);
    let lower = span(start, keys.len());
    if cased_key == lower_key {
        return (lower, lower);
    }
    keys.push_str(&cased_key);
    (lower, span(lower.end as usize, keys.len()))
}

/// Whether the `len` bytes at `at` are all ASCII, and whether any is a capital, eight bytes at
/// a time: most words take one step, where a loop over their bytes left at a different length
/// each word and was guessed wrong there.
fn ascii_and_capitals(bytes: &[u8], at: usize, len: usize) -> (bool, bool) {
    let (mut high, mut capitals) = (0u64, 0u64);
    let mut done = 0;
    while done < len {
        let v = swar::load_prefix(bytes, at + done, len - done);
        high |= v & swar::HIGH;
        capitals |= swar::bytes_in(v, b'A', b'Z');
        done += 8;
    }
    (high == 0, capitals != 0)
}

/// [`push_keys`] for a word whose only non-ASCII characters fold to ASCII (`don’t`, `pro‑life`:
/// 99 % of the non-ASCII words of news text). NFC leaves such a word as it is (none of those
/// characters decomposes, and none combines with its neighbours), so its keys are its
/// characters folded, and lowercased for the first key: the same keys as [`normalize_key`]
/// gives, without normalising. `None`, with `keys` as it was, for any other word.
fn push_folded_ascii(keys: &mut String, word: &str) -> Option<(KeySpan, KeySpan)> {
    let start = keys.len();
    let mut upper = false;
    for c in word.chars() {
        let f = fold_char(c);
        if !f.is_ascii() {
            keys.truncate(start);
            return None;
        }
        upper |= f.is_ascii_uppercase();
        keys.push(f.to_ascii_lowercase());
    }
    let lower = span(start, keys.len());
    if !upper {
        return Some((lower, lower));
    }
    keys.extend(word.chars().map(fold_char));
    Some((lower, span(lower.end as usize, keys.len())))
}

fn span(start: usize, end: usize) -> KeySpan {
    KeySpan {
        start: to_u32(start),
        end: to_u32(end),
    }
}

/// Offsets are stored as u32: texts over 4 GiB are refused by the reader long before this.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Analyse `text` into `out`, reusing its buffers and `scratch`, with the negators and
/// sentence openers of `language`.
pub fn analyze_into(text: &str, out: &mut Analysis, scratch: &mut Scratch, language: &Language) {
    out.clear();
    // The keys begin with the text, so that a word that is its own key is not copied.
    out.keys.push_str(text);
    scratch.raw.clear();
    scratch.raw_parts.clear();
    token::tokenize(text, &mut scratch.raw, &mut scratch.raw_parts);
    let raw = std::mem::take(&mut scratch.raw);
    let blank_mode = has_blank_line(text);
    // Only an opening `‘` needs to look ahead for its closer: most texts have none.
    if has_single_opener(text) {
        find_breaks(text, &raw, blank_mode, scratch);
    } else {
        scratch.paragraph_breaks.clear();
        scratch.single_closers.clear();
        scratch.low_closers.clear();
    }

    let mut next_part = 0usize;
    let mut sentence = 0u32;
    let mut paragraph = 0u32;
    let mut sentence_start = 0u32;
    let mut prev_end = 0usize;
    // Words since the last negator (a cancelled one included; 3 and more alike), and whether
    // every one of them is a scope bridge (`be`, `really`), so that a definite description
    // there is still in the negation's scope.
    let mut since_negator = 3u8;
    let mut bridged = false;
    scratch.voice = VoiceState::default();
    for i in 0..=raw.len() {
        let gap_end = raw.get(i).map_or(text.len(), |t| t.start);
        let gap = text.get(prev_end..gap_end).unwrap_or("");
        let token_index = to_u32(i);
        let mut para_break = false;
        let mut clause = false;
        // A dash of any kind in the gap: whether it stands between clauses is asked after.
        let mut dashed = false;
        let mut breaks = Breaks::new(blank_mode);
        // Most gaps are one space, which breaks nothing and marks nothing: no need to walk it.
        let walk = if gap == " " { "" } else { gap };
        for (off, c) in walk.char_indices() {
            let at = prev_end + off;
            if breaks.step(c) {
                if !para_break {
                    scratch
                        .voice
                        .paragraph_end(to_u32(at), token_index, &mut out.quotations);
                }
                para_break = true;
            }
            match c {
                '\n' => {}
                c if is_clause_mark(c) => clause = true,
                '-' | '\u{2013}' | '\u{2014}' | '\u{2015}' => dashed = true,
                _ => {
                    if let Some(mark) = voice::mark_of(c) {
                        let before = text.get(..at).and_then(|s| s.chars().next_back());
                        let after = text.get(at + c.len_utf8()..).and_then(|s| s.chars().next());
                        let clearly_closing = before
                            .is_some_and(|b| !b.is_whitespace() && !matches!(b, '(' | '[' | '{'))
                            && after.is_none_or(|a| !token::is_word_char(a));
                        let single_closer_ahead = match mark {
                            Mark::MaybeOpenSingle { low } => {
                                closer_ahead(&scratch.single_closers, scratch, at)
                                    || (low && closer_ahead(&scratch.low_closers, scratch, at))
                            }
                            _ => false,
                        };
                        let apostrophe = mark == Mark::MaybeCloseSingle
                            && (after.is_some_and(token::is_word_char)
                                || possessive_in_quotation(text, at, scratch));
                        let acted = !apostrophe
                            && scratch.voice.apply(
                                mark,
                                to_u32(at),
                                to_u32(c.len_utf8()),
                                token_index,
                                clearly_closing,
                                single_closer_ahead,
                                after.is_some_and(char::is_alphabetic),
                                &mut out.quotations,
                            );
                        if acted
                            || matches!(
                                mark,
                                Mark::Toggle
                                    | Mark::Open(_)
                                    | Mark::Close(_)
                                    | Mark::Guillemet { .. }
                            )
                        {
                            clause = true;
                        }
                    }
                }
            }
        }
        if dashed && dash_between_clauses(gap) {
            clause = true;
        }
        let Some(rt) = raw.get(i) else {
            scratch
                .voice
                .paragraph_end(to_u32(text.len()), token_index, &mut out.quotations);
            break;
        };
        let word = text.get(rt.start..rt.end).unwrap_or("");
        let (key, cased) = push_keys(&mut out.keys, word, rt.start);
        let mut boundary = false;
        if i > 0 {
            if para_break {
                paragraph += 1;
                boundary = true;
            } else if could_end_sentence(gap, text.get(..raw[i - 1].end)) {
                let prev = &raw[i - 1];
                let prev_tok = &out.tokens[i - 1];
                let prev_key = out
                    .keys
                    .get(prev_tok.key.start as usize..prev_tok.key.end as usize);
                let next_key = out.keys.get(key.start as usize..key.end as usize);
                boundary = sentence::ends_sentence(&sentence::Around {
                    prev_text: text.get(prev.start..prev.end).unwrap_or(""),
                    prev_key: prev_key.unwrap_or(""),
                    gap,
                    next_text: word,
                    next_key: next_key.unwrap_or(""),
                    language,
                });
                if !boundary && sentence::starts_with_digit(word) && gap.starts_with('.') {
                    unmark_number_sign(out);
                }
            }
            if boundary {
                out.sentences.push(Sentence {
                    first_token: sentence_start,
                    end_token: token_index,
                });
                sentence += 1;
                sentence_start = token_index;
            }
        }
        let parts_start = out.parts.len();
        if rt.compound {
            while let Some(&(ps, pe)) = scratch.raw_parts.get(next_part) {
                if ps >= rt.end {
                    break;
                }
                next_part += 1;
                let part = text.get(ps..pe).unwrap_or("");
                let (pkey, pcased) = push_keys(&mut out.keys, part, ps);
                out.parts.push(Part {
                    start: to_u32(ps),
                    end: to_u32(pe),
                    key: pkey,
                    cased: pcased,
                });
            }
        }
        let negator = language.is_negator(out.key(key));
        if !boundary && !clause && out.tokens.last().is_some_and(|t| t.negator) {
            cancel_negation(out, key, scratch.voice.quoted(), language);
        }
        // A clause opener or a definite description matters only where a negator's window
        // could reach it: one to three words after a negator (the third may begin the match).
        // Looking up every word would cost more than the rest of this loop's look-ups together
        // (`with`, `in`, `was` share first bytes and lengths with openers).
        let near = since_negator < 3;
        let ends_window = near && ends_negation(out.key(key), bridged, language);
        (since_negator, bridged) = if negator {
            (0, true)
        } else {
            (
                since_negator.saturating_add(1),
                near && bridged && language.bridges_scope(out.key(key)),
            )
        };
        out.tokens.push(Token {
            start: to_u32(rt.start),
            end: to_u32(rt.end),
            key,
            cased,
            parts: (to_u32(parts_start), to_u32(out.parts.len())),
            sentence,
            paragraph,
            quoted: scratch.voice.quoted(),
            joined: i > 0 && !boundary && gap.chars().all(char::is_whitespace),
            clause_break: boundary || clause || ends_window,
            negator,
        });
        prev_end = rt.end;
    }
    scratch.raw = raw;
    if !out.tokens.is_empty() {
        out.sentences.push(Sentence {
            first_token: sentence_start,
            end_token: to_u32(out.tokens.len()),
        });
        out.paragraphs = paragraph + 1;
    }
}

/// Whether the gap between two words holds a dash between clauses, which ends a negator's
/// window: an em dash or a horizontal bar anywhere, or a hyphen or an en dash as `--` or with
/// white space (`Israel–Gaza` is a pair, not two clauses).
fn dash_between_clauses(gap: &str) -> bool {
    let (mut hyphens, mut spaced) = (0u8, false);
    for c in gap.chars() {
        match c {
            '\u{2014}' | '\u{2015}' => return true,
            '-' | '\u{2013}' => hyphens = hyphens.saturating_add(1),
            c if c.is_whitespace() => spaced = true,
            _ => {}
        }
    }
    hyphens >= 2 || (hyphens == 1 && spaced)
}

/// Whether `key`, one to three words after a negator, ends the negator's window: it opens a
/// clause (`that`, `because`), or it begins a definite description (`the`, `their`) and a word
/// between the negator and it is no scope bridge (`did not harm the voting public`, but `not
/// the regime`, `will not be the nominee`). `bridged` says that every word between is one.
fn ends_negation(key: &str, bridged: bool, language: &Language) -> bool {
    language.opens_clause(key) || (!bridged && language.is_definite(key))
}

/// `not only`, `no doubt`: the word after a negator, in the same clause and voice, can make an
/// idiom of the two that affirms what follows; the negator is then no negator. Rare (only
/// after a negator), so kept out of the loop's body.
#[cold]
#[inline(never)]
fn cancel_negation(out: &mut Analysis, key: KeySpan, quoted: bool, language: &Language) {
    let cancels = language.cancels_negation(out.key(key));
    if let Some(prev) = out
        .tokens
        .last_mut()
        .filter(|p| cancels && p.quoted == quoted)
    {
        prev.negator = false;
    }
}

/// `No. 2`: before a numeral, the last token, if it is `no`, abbreviates "number" and is no
/// negator. Rare, so kept out of the loop's body.
#[cold]
#[inline(never)]
fn unmark_number_sign(out: &mut Analysis) {
    let is_no = out.tokens.last().is_some_and(|t| out.key(t.key) == "no");
    if let Some(prev) = out.tokens.last_mut().filter(|_| is_no) {
        prev.negator = false;
    }
}

/// A cheap filter before the sentence rules: a sentence can end in this gap only if it holds
/// terminal punctuation, or the previous word ends with a period (`U.S.`).
fn could_end_sentence(gap: &str, before: Option<&str>) -> bool {
    gap.bytes().any(|b| matches!(b, b'.' | b'!' | b'?'))
        // `…` and the other scripts' marks are two or three bytes: most gaps (one space) are
        // too short to hold one.
        || (gap.len() >= 2 && !gap.is_ascii() && gap.chars().any(sentence::is_terminal))
        || before.is_some_and(|b| b.ends_with('.'))
}

/// True when `word` is exactly one token under slant's tokenizer, covering all of it (so a
/// lexicon word made of it can ever match).
pub fn is_single_token(word: &str) -> bool {
    let mut raw = Vec::new();
    let mut parts = Vec::new();
    token::tokenize(word, &mut raw, &mut parts);
    matches!(raw.as_slice(), [t] if t.start == 0 && t.end == word.len())
}

#[cfg(test)]
mod tests;
