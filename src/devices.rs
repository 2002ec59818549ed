//! News devices found from the structure of the text rather than from a lexicon: the lead, and
//! quotations used as scare quotes or after a distancing marker.
//!
//! Heuristic (documented in the README, with its measured precision):
//! - **distancing**: any quotation whose opening mark directly follows a distancing marker
//!   (`so-called`, `self-styled`, `self-proclaimed`, `self-described`, `supposed`, `alleged`,
//!   `purported`, `would-be`, or another language's: `--language`) in the same sentence;
//! - **scare quote**: a closed quotation of one to three words, not nested, in a sentence that
//!   also has narrator words, whose content does not end a sentence (`.`, `!`, `?` inside the
//!   marks) and which no reporting verb governs directly: not `said "…"`, `said that "…"` or
//!   `said: "…"` (any colon right before the quotation counts as introducing speech), and not
//!   `"…," he said` (a comma at the quotation's end with a reporting verb within the next three
//!   words; the verbs are those of `--language`), and not a partial quotation in a sentence in
//!   which the narrator reports speech before or after it (`said the police were trying to
//!   "suffocate" them`, `her "deplorables" remark`), nor words that a longer quotation in its
//!   paragraph or the next one also holds (the writer echoing a speaker) — unless the
//!   quotation is a single capitalised word, a contested name (`said that liberation of
//!   “Palestine” is near`); not a word named as a word or a title after its noun (`the word
//!   "…"`, `the film "…"`); and not a title or name: two or more capitalised words or numbers
//!   (`NBC's "Meet the Press"`, `"60 Minutes"`), or capitalised words inside a longer name
//!   (`I. Lewis "Scooter" Libby`, `"Veterans" Day`, `ABC News' "Pandemic"`). A quotation after
//!   `=` is markup left in the text (`class="…"`).
//!
//! Known misses: a single-word title with no noun or name around it (`gives way to "Selah"`)
//! looks like a scare quote, as do terms of art and names the writer accepts (`"blue-slip"
//! rule`) and stock phrases; speech introduced by a verb not in the list (`"Never," she vowed`
//! is caught, `she mused "never"` is not) is taken for a scare quote, as are a speaker's words
//! echoed more than a paragraph away; a one-word answer quoted after a question (`asked
//! whether he agreed, he replied "no"`) is speech only when the verb is adjacent.

use crate::lexicon::{Entry, Lexicon};
use crate::text::voice::mark_of;
use crate::text::{Analysis, Language, Quotation, Sentence, Token};

/// A device found in a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    ScareQuote = 0,
    Distancing = 1,
}

impl Device {
    /// The category the device is counted in.
    pub fn category(self) -> &'static str {
        match self {
            Device::ScareQuote => "device.scare_quote",
            Device::Distancing => "device.distancing",
        }
    }

    /// The device's name in `quotations.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Device::ScareQuote => "scare_quote",
            Device::Distancing => "distancing",
        }
    }

    /// The entry name shown in `matches.csv`.
    pub fn entry(self) -> &'static str {
        match self {
            Device::ScareQuote => "(scare quote)",
            Device::Distancing => "(quote after distancing marker)",
        }
    }
}

/// Why a quotation is no device: the first rule of [`classify`] that rules it out, written in
/// `quotations.csv`'s `not_device` column so that a reader can audit every quotation the
/// scare-quote count leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotDevice {
    /// Holds no word.
    Empty,
    /// Left open: ended with its paragraph.
    Open,
    /// Inside another quotation.
    Nested,
    /// More than three words.
    Long,
    /// Its words end a sentence (`.`, `!` or `?` inside the marks).
    Sentence,
    /// Its sentence has no narrator words.
    NoNarrator,
    /// After `=`: markup left in the text.
    Markup,
    /// Introduced right before: a reporting verb, a colon, `said that`, a noun that names words
    /// or a work (`the word "…"`, `the film "…"`), `known as`.
    Introduced,
    /// In a headline, where quotation marks attribute (a single capitalised word aside).
    Headline,
    /// In a sentence whose narrator reports speech (a reporting verb anywhere in it).
    Reported,
    /// Two or more capitalised words or numbers: a title or name.
    Title,
    /// Capitalised words inside a longer name (`"Veterans" Day`, `ABC News' "Pandemic"`).
    Name,
    /// Attributed after it (`"…," he said`).
    Attributed,
    /// Its words echo a longer quotation in its paragraph or the next.
    Echo,
}

impl NotDevice {
    /// The reason's name in `quotations.csv`.
    pub fn name(self) -> &'static str {
        match self {
            NotDevice::Empty => "empty",
            NotDevice::Open => "open",
            NotDevice::Nested => "nested",
            NotDevice::Long => "long",
            NotDevice::Sentence => "sentence",
            NotDevice::NoNarrator => "no_narrator",
            NotDevice::Markup => "markup",
            NotDevice::Introduced => "introduced",
            NotDevice::Headline => "headline",
            NotDevice::Reported => "reported",
            NotDevice::Title => "title",
            NotDevice::Name => "name",
            NotDevice::Attributed => "attributed",
            NotDevice::Echo => "echo",
        }
    }
}

/// The `device` pseudo-lexicon: its entries are found by [`classify`], not by the matcher.
/// Entry `i` is the device with discriminant `i`.
pub fn lexicon() -> Lexicon {
    let entry = |d: Device| Entry {
        term: d.entry().to_string(),
        words: Vec::new(),
        categories: vec![d.category().to_string()],
        weight: 1.0,
        alternatives: Vec::new(),
        case_sensitive: false,
        note: String::new(),
        line: 0,
    };
    Lexicon {
        name: "device".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        description: "Scare quotes and quotations after distancing markers, found from the \
                      text's structure (see the README)"
            .into(),
        source: "slant".into(),
        license: String::new(),
        origin: "slant:devices".into(),
        sha256: String::new(),
        entries: vec![entry(Device::ScareQuote), entry(Device::Distancing)],
        bytes: std::sync::Arc::from([]),
    }
}

/// The most words a scare quote has.
const MAX_WORDS: usize = 3;

/// Words that stay lower case inside a title (sorted for binary search).
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to",
];

/// The token index where the lead ends: the first paragraph of the body, or its first two
/// sentences when the body is a single paragraph.
pub fn lead_end(a: &Analysis) -> usize {
    if a.paragraphs > 1 {
        return a
            .tokens
            .iter()
            .position(|t| t.paragraph > 0)
            .unwrap_or(a.tokens.len());
    }
    a.sentences
        .get(1)
        .or(a.sentences.first())
        .map_or(0, |s| s.end_token as usize)
}

/// What device a quotation is, or why it is none (the first rule that rules it out, in the
/// order below). `memo` serves every quotation of `a` (see [`Memo`]).
pub fn classify(
    a: &Analysis,
    text: &str,
    q: &Quotation,
    language: &Language,
    in_title: bool,
    memo: &mut Memo,
) -> Result<Device, NotDevice> {
    let (first, end) = (q.first_token as usize, q.end_token as usize);
    let inner = a.tokens.get(first..end).unwrap_or_default();
    let head = inner.first().ok_or(NotDevice::Empty)?;
    let sentence = head.sentence;
    let before = first
        .checked_sub(1)
        .and_then(|i| a.tokens.get(i))
        .filter(|t| t.sentence == sentence);
    // The text between the word before the quotation and its opening mark.
    let lead_in = before.map_or("", |b| {
        text.get(b.end as usize..q.open as usize).unwrap_or("")
    });
    if let Some(b) = before {
        if lead_in.trim().is_empty() && language.is_distancer(a.key(b.key)) {
            return Ok(Device::Distancing);
        }
    }
    if !q.closed {
        return Err(NotDevice::Open);
    }
    if q.depth > 0 {
        return Err(NotDevice::Nested);
    }
    if inner.len() > MAX_WORDS {
        return Err(NotDevice::Long);
    }
    let last = inner.last().ok_or(NotDevice::Empty)?;
    let tail = text.get(last.end as usize..q.end as usize).unwrap_or("");
    if tail.contains(['.', '!', '?']) {
        return Err(NotDevice::Sentence);
    }
    let narrator = memo
        .sentence(a, sentence, language)
        .ok_or(NotDevice::NoNarrator)?;
    if !narrator.narrator {
        return Err(NotDevice::NoNarrator);
    }
    let single_capitalised = inner.len() == 1 && capitalised(text, head);
    if before.is_some() {
        // An attribute's value in markup left in the text (`class="mce_SELRES_start"`).
        if lead_in.contains('=') {
            return Err(NotDevice::Markup);
        }
        if said_before(a, lead_in, first, language) {
            return Err(NotDevice::Introduced);
        }
    }
    // In a headline, quotation marks attribute (`Pope slams Vatican: clergy suffer from
    // "spiritual Alzheimer's"`): a short quotation there is speech unless it is a single
    // capitalised word, a contested name (`a "Dreamers" deal`).
    if in_title && !single_capitalised {
        return Err(NotDevice::Headline);
    }
    // A partial quotation in a sentence whose narrator reports speech, before it (`said the
    // police were trying to "suffocate" them`) or after it (`… his "unwise" trading, the
    // prosecutor said`), or uses a distancer as a verb (`Hopkins alleged that Orman had been
    // "harassing" her`), is speech too, unless it is a single capitalised word: a contested
    // name (`said that liberation of “Palestine” is near`).
    if !single_capitalised && narrator.reports {
        return Err(NotDevice::Reported);
    }
    // Two or more words, each capitalised (short function words and numbers aside), are a
    // title or a name: `NBC's "Meet the Press"`, a "Lobby Day" rally, `"60 Minutes"`.
    let numerals = inner.iter().filter(|t| numeral(text, t)).count();
    if inner.len() > 1
        && numerals < inner.len()
        && inner.iter().all(|t| {
            TITLE_SMALL_WORDS.binary_search(&a.key(t.key)).is_ok()
                || capitalised(text, t)
                || numeral(text, t)
        })
    {
        return Err(NotDevice::Title);
    }
    if !in_title && part_of_a_name(a, text, q, lead_in) {
        return Err(NotDevice::Name);
    }
    if said_after(a, text, q, language) {
        return Err(NotDevice::Attributed);
    }
    // A contested name stays one, though a speaker used it (`liberation of “Palestine”`).
    if !in_title && !single_capitalised && memo.echoes(a, q) {
        return Err(NotDevice::Echo);
    }
    Ok(Device::ScareQuote)
}

/// The word begins with a capital letter.
fn capitalised(text: &str, t: &Token) -> bool {
    text.get(t.start as usize..)
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_uppercase)
}

/// The word begins with a digit (`60`, `3`).
fn numeral(text: &str, t: &Token) -> bool {
    text.get(t.start as usize..)
        .and_then(|w| w.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

/// Speech or a mention introduced right before the quotation, in its sentence: a colon
/// (`said: "…"`), a reporting verb (`said "…"`), one joined by a complementiser (`said that
/// "…"`, `described as "…"`), a noun that names the words as words or as a work's title (`the
/// word "…"`, `the film "…"`), or a name given through `as` (`known as "Dreamers"`).
/// `lead_in` is the text between the word before the quotation and its opening mark.
fn said_before(a: &Analysis, lead_in: &str, first: usize, language: &Language) -> bool {
    let word = |back: usize| {
        first
            .checked_sub(back)
            .and_then(|i| a.tokens.get(i))
            .filter(|t| {
                a.tokens
                    .get(first)
                    .is_some_and(|h| h.sentence == t.sentence)
            })
    };
    let Some(b) = word(1) else {
        return false;
    };
    let key = a.key(b.key);
    if lead_in.contains([':', '\u{FF1A}']) || language.is_reporting(key) {
        return true;
    }
    if lead_in.trim().is_empty() && language.is_mention(key) {
        return true;
    }
    language.is_complementizer(key)
        && word(2).is_some_and(|b2| {
            let key = a.key(b2.key);
            language.is_reporting(key) || language.is_mention(key)
        })
}

/// What the narrator of a sentence does: whether it has narrator words at all, and whether it
/// reports speech (a reporting verb, or a distancer used as a verb: `alleged that`). Quoted
/// words are no narrator's, so a quotation's own words never count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Narrator {
    narrator: bool,
    reports: bool,
}

fn narrator_of(a: &Analysis, s: &Sentence, language: &Language) -> Narrator {
    let sentence_tokens = s.first_token as usize..s.end_token as usize;
    let mut n = Narrator::default();
    for i in sentence_tokens.clone() {
        let Some(t) = a.tokens.get(i).filter(|t| !t.quoted) else {
            continue;
        };
        n.narrator = true;
        let key = a.key(t.key);
        if language.is_reporting(key)
            || (language.is_distancer(key)
                && sentence_tokens.contains(&(i + 1))
                && a.tokens
                    .get(i + 1)
                    .is_some_and(|next| language.is_complementizer(a.key(next.key))))
        {
            n.reports = true;
            break;
        }
    }
    n
}

/// `"…," he said`: a comma at the quotation's end with a reporting verb within the next three
/// words of its sentence.
fn said_after(a: &Analysis, text: &str, q: &Quotation, language: &Language) -> bool {
    let end = q.end_token as usize;
    let Some(last) = end.checked_sub(1).and_then(|i| a.tokens.get(i)) else {
        return false;
    };
    let after_start = a.tokens.get(end).map_or(text.len(), |t| t.start as usize);
    let after_gap = text.get(last.end as usize..after_start).unwrap_or("");
    after_gap.contains(crate::text::is_comma)
        && a.tokens
            .get(end..(end + 3).min(a.tokens.len()))
            .unwrap_or(&[])
            .iter()
            .take_while(|t| t.sentence == last.sentence)
            .any(|t| language.is_reporting(a.key(t.key)))
}

/// A quotation of capitalised words that continues a name around it: a capitalised word right
/// after it (`"Veterans" Day`, `I. Lewis "Scooter" Libby`), or a capitalised possessive right
/// before it (`ABC News' "Pandemic"`). Not at the start of its sentence, where every word is
/// capitalised; the possessive needs its apostrophe, so that a German genitive (`Trumps
/// „Mauer“`, every noun capitalised) names nothing.
fn part_of_a_name(a: &Analysis, text: &str, q: &Quotation, lead_in: &str) -> bool {
    let (first, end) = (q.first_token as usize, q.end_token as usize);
    let (Some(head), Some(b)) = (
        a.tokens.get(first),
        first.checked_sub(1).and_then(|i| a.tokens.get(i)),
    ) else {
        return false;
    };
    if b.sentence != head.sentence || !capitalised(text, head) {
        return false;
    }
    let Some(last) = end.checked_sub(1).and_then(|i| a.tokens.get(i)) else {
        return false;
    };
    // Only the closing mark, then white space, between the quotation's last word and the
    // next: `"Dreamers," immigrants` continues nothing.
    let name_after = a.tokens.get(end).is_some_and(|next| {
        next.sentence == head.sentence
            && capitalised(text, next)
            && text
                .get(last.end as usize..q.end as usize)
                .is_some_and(|tail| tail.chars().all(|c| mark_of(c).is_some()))
            && text
                .get(q.end as usize..next.start as usize)
                .is_some_and(|gap| gap.chars().all(char::is_whitespace))
    });
    let possessive_before = capitalised(text, b)
        && (a.key(b.key).ends_with("'s") || matches!(lead_in.trim(), "'" | "\u{2019}"));
    name_after || possessive_before
}

/// What [`classify`] works out once per text and then looks up for each quotation, so that a
/// text with many quotations costs time in proportion to its words, not to its quotations
/// times its sentences or quotations:
/// - for each sentence, whether it has narrator words and whether its narrator reports speech
///   (worked out the first time a quotation in it asks);
/// - the word runs of the text's long quotations, for the echo check: every run of 1 to
///   `MAX_WORDS` (3) consecutive keys inside a quotation of more than `MAX_WORDS` words, with
///   that quotation's paragraph (built the first time a quotation reaches the check).
#[derive(Debug, Default)]
pub struct Memo {
    /// Per sentence, `None` until a quotation in it asks.
    sentences: Vec<Option<Narrator>>,
    built: bool,
    /// (hash of the run's keys, paragraph, the run's first token), sorted.
    runs: Vec<(u64, u32, u32)>,
}

impl Memo {
    /// Forgets the text the memo was for; call before classifying another text's quotations.
    pub fn clear(&mut self) {
        self.sentences.clear();
        self.built = false;
        self.runs.clear();
    }

    /// The narrator of sentence `i` of `a`, once per sentence.
    fn sentence(&mut self, a: &Analysis, i: u32, language: &Language) -> Option<Narrator> {
        let s = a.sentences.get(i as usize)?;
        if self.sentences.len() < a.sentences.len() {
            self.sentences.resize(a.sentences.len(), None);
        }
        let slot = self.sentences.get_mut(i as usize)?;
        Some(*slot.get_or_insert_with(|| narrator_of(a, s, language)))
    }

    fn build(&mut self, a: &Analysis) {
        self.runs.clear();
        for q in &a.quotations {
            let (first, end) = (q.first_token as usize, q.end_token as usize);
            let Some(inner) = a.tokens.get(first..end).filter(|t| t.len() > MAX_WORDS) else {
                continue;
            };
            let paragraph = inner.first().map_or(0, |t| t.paragraph);
            for i in 0..inner.len() {
                for n in 1..=MAX_WORDS.min(inner.len() - i) {
                    let hash = run_hash(a, &inner[i..i + n]);
                    self.runs.push((hash, paragraph, (first + i) as u32));
                }
            }
        }
        self.runs.sort_unstable();
        self.built = true;
    }

    /// The quotation's words occur, in order and as keys, inside a longer quotation of its
    /// text near it (in its paragraph or the one before or after) that is too long to be a
    /// scare quote: the writer reuses words reported as speech (`the "speaker's perspective"`
    /// a sentence after a spokesman's "nothing to do with the speaker's perspective"), and
    /// they are speech too. A quotation of the same words alone does not count: the writer may
    /// put a word in scare quotes twice, and a reporting verb anywhere in the other's sentence
    /// attributes too little. Exact: a run whose hash matches is compared key by key.
    fn echoes(&mut self, a: &Analysis, q: &Quotation) -> bool {
        let Some(words) = a.tokens.get(q.first_token as usize..q.end_token as usize) else {
            return false;
        };
        let Some(paragraph) = words.first().map(|t| t.paragraph) else {
            return false;
        };
        if !self.built {
            self.build(a);
        }
        let hash = run_hash(a, words);
        let from = (hash, paragraph.saturating_sub(1), 0);
        let at = self.runs.partition_point(|r| *r < from);
        self.runs[at..]
            .iter()
            .take_while(|&&(h, p, _)| h == hash && p <= paragraph.saturating_add(1))
            .any(|&(_, _, start)| {
                a.tokens
                    .get(start as usize..start as usize + words.len())
                    .is_some_and(|run| {
                        run.iter()
                            .zip(words)
                            .all(|(x, y)| a.key(x.key) == a.key(y.key))
                    })
            })
    }
}

/// A hash of the keys of `tokens`, each ended by a byte no key holds.
fn run_hash(a: &Analysis, tokens: &[Token]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for t in tokens {
        h.write(a.key(t.key).as_bytes());
        h.write_u8(0xFF);
    }
    h.finish()
}

#[cfg(test)]
mod tests;
