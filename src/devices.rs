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
//!   words; the verbs are those of `--language`), and not a partial quotation in a sentence in which the narrator reports speech
//!   before it (`said the police were trying to "suffocate" them`) — unless the quotation is a
//!   single capitalised word, a contested name (`said that liberation of “Palestine” is near`);
//!   and not a title or name of two or more capitalised words (`NBC's "Meet the Press"`).
//!
//! Known misses: quotations of titles and names (`the film "Jaws"`) look like scare quotes;
//! speech introduced by a verb not in the list (`"Never," she vowed` is caught, `she mused
//! "never"` is not) is taken for a scare quote; a one-word answer quoted after a question
//! (`asked whether he agreed, he replied "no"`) is speech only when the verb is adjacent.

use crate::lexicon::{Entry, Lexicon};
use crate::text::{Analysis, Language, Quotation};

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

/// What device, if any, a quotation is.
pub fn classify(
    a: &Analysis,
    text: &str,
    q: &Quotation,
    language: &Language,
    in_title: bool,
) -> Option<Device> {
    let is_reporting = |t: &crate::text::Token| language.is_reporting(a.key(t.key));
    let (first, end) = (q.first_token as usize, q.end_token as usize);
    let inner = a.tokens.get(first..end)?;
    let head = inner.first()?;
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
            return Some(Device::Distancing);
        }
    }
    if !q.closed || q.depth > 0 || inner.len() > 3 {
        return None;
    }
    let last = inner.last()?;
    let tail = text.get(last.end as usize..q.end as usize).unwrap_or("");
    if tail.contains(['.', '!', '?']) {
        return None;
    }
    let s = a.sentences.get(sentence as usize)?;
    let sentence_tokens = s.first_token as usize..s.end_token as usize;
    let narrator_in_sentence = a
        .tokens
        .get(sentence_tokens.clone())?
        .iter()
        .any(|t| !t.quoted);
    if !narrator_in_sentence {
        return None;
    }
    let single_capitalised = inner.len() == 1
        && text
            .get(head.start as usize..)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase);
    if let Some(b) = before {
        if lead_in.contains([':', '\u{FF1A}']) || is_reporting(b) {
            return None;
        }
        // A word mentioned as a word (`the word "gerrymandering"`, `the label "democratic
        // socialist"`) is named, not used at arm's length.
        if lead_in.trim().is_empty() && language.is_mention(a.key(b.key)) {
            return None;
        }
        let before2 = first
            .checked_sub(2)
            .and_then(|i| a.tokens.get(i))
            .filter(|t| t.sentence == sentence);
        // `said that "…"`, `described as "…"`; and a name given through `as` (`known as
        // "Dreamers"`).
        if language.is_complementizer(a.key(b.key))
            && before2.is_some_and(|b2| is_reporting(b2) || language.is_mention(a.key(b2.key)))
        {
            return None;
        }
    }
    // In a headline, quotation marks attribute (`Pope slams Vatican: clergy suffer from
    // "spiritual Alzheimer's"`): a short quotation there is speech unless it is a single
    // capitalised word, a contested name (`a "Dreamers" deal`).
    if in_title && !single_capitalised {
        return None;
    }
    // A partial quotation in a sentence whose narrator reports speech, before it (`said the
    // police were trying to "suffocate" them`) or after it (`… his "unwise" trading, the
    // prosecutor said`), or uses a distancer as a verb (`Hopkins alleged that Orman had been
    // "harassing" her`), is speech too, unless it is a single capitalised word: a contested
    // name (`said that liberation of “Palestine” is near`).
    let reported = sentence_tokens.clone().any(|i| {
        let Some(t) = a.tokens.get(i).filter(|t| !t.quoted) else {
            return false;
        };
        let outside_the_quotation = i < first || i >= end;
        (outside_the_quotation && is_reporting(t))
            || (language.is_distancer(a.key(t.key))
                && sentence_tokens.contains(&(i + 1))
                && a.tokens
                    .get(i + 1)
                    .is_some_and(|next| language.is_complementizer(a.key(next.key))))
    });
    if reported && !single_capitalised {
        return None;
    }
    // Two or more words, each capitalised (short function words aside), are a title or a
    // name: `NBC's "Meet the Press"`, a "Lobby Day" rally.
    if inner.len() > 1
        && inner.iter().all(|t| {
            let key = a.key(t.key);
            TITLE_SMALL_WORDS.binary_search(&key).is_ok()
                || text
                    .get(t.start as usize..)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
        })
    {
        return None;
    }
    let after_start = a.tokens.get(end).map_or(text.len(), |t| t.start as usize);
    let after_gap = text.get(last.end as usize..after_start).unwrap_or("");
    if after_gap.contains(crate::text::is_comma) {
        let follows = a
            .tokens
            .get(end..(end + 3).min(a.tokens.len()))
            .unwrap_or(&[]);
        if follows
            .iter()
            .take_while(|t| t.sentence == sentence)
            .any(is_reporting)
        {
            return None;
        }
    }
    Some(Device::ScareQuote)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn devices(text: &str) -> Vec<(String, Option<Device>)> {
        let a = analyze(text);
        a.quotations
            .iter()
            .map(|q| {
                let words: Vec<&str> = a.tokens[q.first_token as usize..q.end_token as usize]
                    .iter()
                    .map(|t| &text[t.start as usize..t.end as usize])
                    .collect();
                (
                    words.join(" "),
                    classify(&a, text, q, Language::english(), false),
                )
            })
            .collect()
    }

    #[test]
    fn word_lists_are_sorted() {
        assert!(TITLE_SMALL_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn scare_quote_inside_a_said_that_sentence() {
        let t = "The minister said that liberation of \u{201C}Homeland\u{201D} is near.";
        assert_eq!(
            devices(t),
            [("Homeland".to_string(), Some(Device::ScareQuote))]
        );
    }

    #[test]
    fn attributed_full_quote_is_speech() {
        let t = "\u{201C}We will never surrender to them,\u{201D} he said.";
        assert_eq!(
            devices(t),
            [("We will never surrender to them".to_string(), None)]
        );
        let t = "He said: \u{201C}Never.\u{201D}";
        assert_eq!(devices(t), [("Never".to_string(), None)]);
        let t = "Asked about it, he said \"no\" and left.";
        assert_eq!(devices(t), [("no".to_string(), None)]);
        let t = "\"Nonsense,\" the minister replied.";
        assert_eq!(devices(t), [("Nonsense".to_string(), None)]);
    }

    #[test]
    fn partial_quote_in_a_reported_sentence_is_speech() {
        let t = "He said on Monday that the aim was to \"erase our identity\". Then he left.";
        assert_eq!(devices(t), [("erase our identity".to_string(), None)]);
        let t = "He said the police try to \"suffocate\" the clubs.";
        assert_eq!(devices(t), [("suffocate".to_string(), None)]);
        // With no reporting verb, the same kind of quotation is a scare quote.
        let t = "The \"erase our identity\" plan failed.";
        assert_eq!(
            devices(t),
            [("erase our identity".to_string(), Some(Device::ScareQuote))]
        );
        // Post-quote attribution with an added adverb.
        let t = "He acted \"on his own,\" he guiltily emphasizes, and left.";
        assert_eq!(devices(t), [("on his own".to_string(), None)]);
    }

    #[test]
    fn titles_are_not_scare_quotes() {
        let t = "He spoke on NBC's \"Meet the Press\" on Sunday.";
        assert_eq!(devices(t), [("Meet the Press".to_string(), None)]);
    }

    #[test]
    fn distancing_marker_then_quote() {
        let t = "The administration's so-called \u{201C}Deal of the Century\u{201D} failed.";
        assert_eq!(
            devices(t),
            [("Deal of the Century".to_string(), Some(Device::Distancing))]
        );
    }

    #[test]
    fn short_quote_in_a_narrator_sentence_is_a_scare_quote() {
        let t = "Iran gave the group its \"unlimited\" support.";
        assert_eq!(
            devices(t),
            [("unlimited".to_string(), Some(Device::ScareQuote))]
        );
        // A verb that reports what Iran said makes the word Iran's: a partial quotation.
        let t = "Iran praised its \"unlimited\" support for the group.";
        assert_eq!(devices(t), [("unlimited".to_string(), None)]);
    }

    /// The kinds of partial quotation the validation samples found called scare quotes (README
    /// *Scare quotes and distancing*): attributed by a verb of speech outside the first list,
    /// by `according to`, or by a reporting verb after the quotation later in the sentence.
    #[test]
    fn partial_quotes_attributed_anywhere_in_the_sentence_are_speech() {
        for t in [
            "Trump hailed Barr for \"taking charge\" of the case.",
            "Trump promised \"severe punishment\" for whoever was to blame.",
            "According to Circa, the FBI used \"traditional methods\" on the server.",
            "They will allege an \"abuse of protocol\" in the case.",
            "He lost the money through his \"unwise\" trading, the prosecutor said in court.",
            "There can be 100 \"boards\" to answer to, says Ms Lee.",
        ] {
            let found = devices(t);
            assert_eq!(found.len(), 1, "{t}");
            assert_eq!(found[0].1, None, "{t}");
        }
        // A single capitalised word stays a contested name, whoever speaks in the sentence.
        let t = "Liberation of \"Palestine\" is near, the minister said.";
        assert_eq!(
            devices(t),
            [("Palestine".to_string(), Some(Device::ScareQuote))]
        );
    }

    #[test]
    fn a_distancer_used_as_a_verb_reports_speech() {
        let t = "Hopkins alleged that Orman had been \"harassing\" her colleague.";
        assert_eq!(devices(t), [("harassing".to_string(), None)]);
        // As an adjective it reports nothing.
        let t = "The alleged killer fled the \"safe\" house.";
        assert_eq!(devices(t), [("safe".to_string(), Some(Device::ScareQuote))]);
    }

    #[test]
    fn quotations_in_a_headline_are_speech_but_a_contested_name() {
        let title = |text: &str| -> Vec<Option<Device>> {
            let a = analyze(text);
            a.quotations
                .iter()
                .map(|q| classify(&a, text, q, Language::english(), true))
                .collect()
        };
        let t = "Vatican clergy suffer from \u{201C}spiritual decay\u{201D} in Rome";
        assert_eq!(title(t), [None]);
        assert_eq!(
            devices(t),
            [("spiritual decay".to_string(), Some(Device::ScareQuote))]
        );
        let t = "Democrats haggle on contours of a \u{2018}Dreamers\u{2019} deal";
        assert_eq!(title(t), [Some(Device::ScareQuote)]);
    }

    #[test]
    fn a_word_mentioned_as_a_word_is_no_scare_quote() {
        let t = "The word \u{201C}gerrymandering\u{201D} comes from a governor's name.";
        assert_eq!(devices(t), [("gerrymandering".to_string(), None)]);
        let t = "She has rejected the label \"democratic socialist\" for herself.";
        assert_eq!(devices(t), [("democratic socialist".to_string(), None)]);
        // A name given through `as`.
        let t = "Young immigrants, also known as \u{201C}Dreamers,\u{201D} were brought here.";
        assert_eq!(devices(t), [("Dreamers".to_string(), None)]);
        // Only right before the quotation: a word elsewhere in the sentence names nothing.
        let t = "In a word, the \"reform\" cut benefits.";
        assert_eq!(
            devices(t),
            [("reform".to_string(), Some(Device::ScareQuote))]
        );
    }

    #[test]
    fn lead_is_first_paragraph_or_two_sentences() {
        let a = analyze("One two. Three four.\n\nFive six.");
        assert_eq!(lead_end(&a), 4);
        let a = analyze("One two. Three four. Five six.");
        assert_eq!(lead_end(&a), 4);
        let a = analyze("One two.");
        assert_eq!(lead_end(&a), 2);
        assert_eq!(lead_end(&analyze("")), 0);
    }
}
