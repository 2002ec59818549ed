//! Sentence boundaries for news text: `.`, `!`, `?` and `…` end a sentence when white space
//! follows and the next word does not start in lower case, except after titles (`Mr.`, `Dr.`,
//! `Gen.`), initials (`John F. Smith`) and abbreviations (`Jan. 5`, `U.S. Senate`), which end a
//! sentence only when the next word is one that commonly opens a sentence (`the`, `he`, …).
//! Decimals (`3.5`) never reach this module: they are one token. Paragraph breaks always end a
//! sentence (decided by the caller). Other scripts' full stops and question marks end a
//! sentence too ([`is_terminal`]), and a few of the commonest German, French and Spanish
//! abbreviations are known; the rest of the rules are written for English.

/// Titles before a name: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "adm", "amb", "atty", "capt", "cmdr", "col", "cpl", "det", "dr", "gen", "gov", "hon", "insp",
    "lt", "maj", "messrs", "mr", "mrs", "ms", "pres", "prof", "pvt", "rep", "rev", "sen", "sgt",
    "supt",
];

/// Abbreviations that may also end a sentence: they do only before a sentence opener. English
/// first; then the commonest of German (`bzw.`, `ca.`, `Nr.`, `sog.`, `usw.`, `vgl.`, …),
/// French (`Mme`, `Mlle`, `cf.`) and Spanish (`Sra.`, `Srta.`) news, whose next word is
/// capitalised often enough (every German noun) to end a sentence by mistake.
const ABBREVIATIONS: &[&str] = &[
    "approx", "apr", "aug", "ave", "blvd", "bspw", "bzw", "ca", "cf", "co", "corp", "dec", "dept",
    "est", "etc", "evtl", "feb", "fig", "ft", "ggf", "inc", "inkl", "jan", "jr", "jul", "jun",
    "ltd", "mar", "mlle", "mme", "mt", "nov", "nr", "oct", "rd", "sep", "sept", "sog", "sr", "sra",
    "srta", "st", "univ", "usw", "vgl", "vs",
];

/// German month names: after a day number and its period (`am 3. Oktober`), the period is an
/// ordinal's, not a sentence's end.
const GERMAN_MONTHS: &[&str] = &[
    "april",
    "august",
    "dezember",
    "februar",
    "januar",
    "juli",
    "juni",
    "jänner",
    "mai",
    "märz",
    "november",
    "oktober",
    "september",
];

/// Characters that end a sentence: `.`, `!`, `?`, `…`, and the full stops and question marks
/// of other scripts (Greek `;`, Armenian `։`, Arabic `؟` and `۔`, Devanagari `।` and `॥`,
/// Ethiopic `።`, ideographic `。`, the full-width forms, `‼` and `⁇`).
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{2026}'
            | '\u{37E}'
            | '\u{589}'
            | '\u{61F}'
            | '\u{6D4}'
            | '\u{964}'
            | '\u{965}'
            | '\u{1362}'
            | '\u{203C}'
            | '\u{2047}'
            | '\u{2048}'
            | '\u{2049}'
            | '\u{3002}'
            | '\u{FF01}'
            | '\u{FF0E}'
            | '\u{FF1F}'
    )
}

/// What the sentence splitter needs to know about the two words around a gap.
pub struct Around<'a> {
    /// The previous word as written (e.g. `Mr`, `U.S.`).
    pub prev_text: &'a str,
    /// The previous word's lower-case key.
    pub prev_key: &'a str,
    /// The text between the two words.
    pub gap: &'a str,
    /// The next word as written.
    pub next_text: &'a str,
    /// The next word's lower-case key.
    pub next_key: &'a str,
    /// Whose sentence openers end a sentence after an abbreviation.
    pub language: &'a super::Language,
}

/// True when a sentence ends between the two words.
pub fn ends_sentence(a: &Around<'_>) -> bool {
    let Some(first) = a.next_text.chars().next() else {
        return false;
    };
    if first.is_lowercase() {
        return false;
    }
    let dotted_word = a.prev_text.ends_with('.');
    let mut terminal = None;
    let mut space_after_terminal = false;
    for c in a.gap.chars() {
        match c {
            c if terminal.is_none() && is_terminal(c) => terminal = Some(c),
            c if c.is_whitespace() && (terminal.is_some() || dotted_word) => {
                space_after_terminal = true
            }
            _ => {}
        }
    }
    if !space_after_terminal {
        return false;
    }
    let attached_period = a.gap.starts_with('.') || (dotted_word && terminal.is_none());
    if terminal.is_none() && !dotted_word {
        return false;
    }
    if !attached_period {
        return true;
    }
    // A period right after the previous word: is that word an abbreviation?
    let key = a.prev_key.trim_end_matches('.');
    let opener = a.language.is_opener(a.next_key);
    if TITLES.binary_search(&key).is_ok() {
        return false;
    }
    if key == "no" {
        // `No. 2` abbreviates "number"; before anything but a number it is the word no that
        // ends a sentence (`he said no. Terrorists …`).
        return !starts_with_digit(a.next_text);
    }
    if a.prev_text.len() <= 2
        && a.prev_text.bytes().all(|b| b.is_ascii_digit())
        && GERMAN_MONTHS.binary_search(&a.next_key).is_ok()
    {
        return false;
    }
    // An initial (`John F. Kennedy`), or a one-letter abbreviation of any case (German `z. B.`,
    // Greek `κ.` for Mr).
    let initial = {
        let mut chars = a.prev_text.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
    };
    if initial || dotted_word || ABBREVIATIONS.binary_search(&key).is_ok() {
        return opener;
    }
    true
}

/// True when `word` begins with an ASCII digit (`2`, `10th`).
pub fn starts_with_digit(word: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(prev: &str, gap: &str, next: &str) -> bool {
        let prev_key = prev.to_lowercase();
        let next_key = next.to_lowercase();
        ends_sentence(&Around {
            prev_text: prev,
            prev_key: &prev_key,
            gap,
            next_text: next,
            next_key: &next_key,
            language: crate::text::Language::english(),
        })
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [TITLES, ABBREVIATIONS, GERMAN_MONTHS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn plain_ends() {
        assert!(ends("attack", ". ", "Officials"));
        assert!(ends("attack", "! ", "Officials"));
        assert!(ends("attack", "?\" ", "Officials"));
        assert!(ends("attack", ".\u{201D} ", "The"));
        assert!(ends("over", "\u{2026} ", "Then"));
        assert!(!ends("over", "?\" ", "he"));
        assert!(!ends("end", ".", "Next"));
        assert!(!ends("end", ", ", "Next"));
        assert!(!ends("end", " ", "Next"));
    }

    #[test]
    fn titles_initials_abbreviations() {
        assert!(!ends("Mr", ". ", "Smith"));
        assert!(!ends("Dr", ". ", "The"));
        assert!(!ends("F", ". ", "Kennedy"));
        assert!(ends("F", ". ", "The"));
        assert!(!ends("Jan", ". ", "5"));
        assert!(!ends("U.S.", " ", "Senate"));
        assert!(ends("U.S.", " ", "The"));
        assert!(ends("Inc", ". ", "It"));
        assert!(!ends("Inc", ". ", "Shares"));
    }

    #[test]
    fn other_languages_abbreviations_ordinals_and_terminals() {
        assert!(!ends("z", ". ", "B"));
        assert!(!ends("B", ". ", "Die"));
        assert!(!ends("bzw", ". ", "Extremisten"));
        assert!(!ends("Nr", ". ", "5"));
        assert!(!ends(
            "\u{3BA}",
            ". ",
            "\u{3A0}\u{3B1}\u{3C0}\u{3B1}\u{3B4}\u{3CC}\u{3C0}\u{3BF}\u{3C5}\u{3BB}\u{3BF}\u{3C2}"
        ));
        assert!(!ends("24", ". ", "Dezember"));
        assert!(!ends("3", ". ", "März"));
        // A number before any other word, or a longer one, still ends its sentence.
        assert!(ends("24", ". ", "Police"));
        assert!(ends("2024", ". ", "Dezember"));
        assert!(ends("\u{3BD}\u{3B1}\u{3B9}", "\u{37E} ", "\u{39F}"));
        assert!(ends(
            "\u{627}\u{644}\u{622}\u{646}",
            "\u{61F} ",
            "\u{642}\u{627}\u{644}"
        ));
        assert!(ends("word", "\u{FF1F} ", "Next"));
    }

    #[test]
    fn no_before_a_number_is_an_abbreviation_else_a_word() {
        assert!(!ends("No", ". ", "2"));
        assert!(!ends("no", ". ", "10"));
        assert!(ends("no", ". ", "Terrorists"));
        assert!(ends("No", ". ", "The"));
    }
}
