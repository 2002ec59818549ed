//! The tokenizer (SPEC §3): a word is a maximal run of letters, digits and combining marks,
//! keeping internal apostrophes (`don't`, `Iran's`), internal hyphens (`pro-life`, whose parts
//! are kept for matching), digit groups joined by `.`, `,`, `/` or `:` (`3.5`, `1,000`,
//! `9/11`, `10:30`), dotted initialisms (`U.S.`, `e.g.`, and `U.S.-led` as a compound),
//! French and Italian elisions (`l'État`, whose parts `l` and `État` are kept for matching as
//! a compound's are), the marks of Hebrew acronyms between Hebrew letters (`צה"ל`, `צה״ל`)
//! and the invisible format characters that content systems leave inside words
//! (`Terror\u{AD}isten`: see [`is_invisible`]).
//! Offsets are byte offsets into the original text and always lie on char boundaries.

use unicode_normalization::char::is_combining_mark;

use crate::swar;

/// Letters, digits and combining marks make words.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Invisible format characters that do not end a word when a word character follows, and that
/// match keys leave out: the soft hyphen (German and Dutch content systems put `&shy;` inside
/// long words), the zero-width non-joiner and joiner (Persian and Indic spelling), the word
/// joiner, the zero-width no-break space, and the left-to-right, right-to-left and Arabic letter
/// marks. These are the format characters that Unicode's word-boundary rules (UAX #29, WB4)
/// ignore inside a word; the zero-width space is not among them, and separates words as it
/// does there.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{61C}'
    )
}

/// Hebrew letters (alef to tav, final forms included).
#[inline]
fn is_hebrew_letter(c: char) -> bool {
    ('\u{5D0}'..='\u{5EA}').contains(&c)
}

/// The marks of Hebrew acronyms and abbreviations, which stand between two Hebrew letters
/// inside a word: gershayim `״` (`צה״ל`, often typed as a straight `"`: `צה"ל`) and geresh `׳`.
#[inline]
fn is_hebrew_acronym_mark(c: char) -> bool {
    matches!(c, '"' | '\u{5F4}' | '\u{5F3}')
}

/// True when `prefix` (the start of a word, up to an apostrophe) is one of the elided articles,
/// pronouns and prepositions of French, Italian and Catalan that stand before an apostrophe
/// (`l'État`, `d'Europe`, `qu'il`, `dell'Unione`, `un'altra`), in any case. Called for every
/// word with an apostrophe, so one `match` on the lowercased bytes, with no allocation.
fn is_elision(prefix: &str) -> bool {
    let mut lower = [0u8; 6];
    let Some(slot) = lower.get_mut(..prefix.len()) else {
        return false;
    };
    slot.copy_from_slice(prefix.as_bytes());
    slot.make_ascii_lowercase();
    matches!(
        &*slot,
        b"c" | b"d"
            | b"j"
            | b"l"
            | b"m"
            | b"n"
            | b"s"
            | b"t"
            | b"qu"
            | b"un"
            | b"all"
            | b"coll"
            | b"dall"
            | b"dell"
            | b"nell"
            | b"sull"
            | b"jusqu"
            | b"quell"
            | b"quest"
            | b"lorsqu"
            | b"presqu"
            | b"puisqu"
            | b"quelqu"
            | b"quoiqu"
    )
}

/// Apostrophes that stay inside a word when a word character follows.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Hyphens that join a compound. En and em dashes separate words instead: `Israel–Gaza` is
/// two words and `citizens—and` is two words.
#[inline]
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Characters that join digit groups (`3.5`, `1,000`, `9/11`, `10:30`); `.` also joins the
/// letters of an initialism.
#[inline]
fn is_digit_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':')
}

/// The ASCII characters that can keep a word going when a word character follows: the
/// apostrophe, the hyphen, the digit joiners, and `"` inside a Hebrew acronym. A word that
/// stops at any other ASCII character ends there.
#[inline]
fn may_join_ascii(b: u8) -> bool {
    matches!(b, b'\'' | b'-' | b'.' | b',' | b'/' | b':' | b'"')
}

/// The length of the run of ASCII letters and digits at the start of `bytes`, found eight
/// bytes at a time ([`swar`]): the first byte that fails is the trailing zero bits of the
/// failures over eight. The last step's missing bytes read as zero, which fails.
fn alnum_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while n < bytes.len() {
        let x = swar::load_prefix(bytes, n, bytes.len() - n);
        let seven = x & !swar::HIGH;
        // With bit 5 set, exactly the ASCII letters fall in `a..=z`.
        let letter = swar::in_range(seven | (swar::ONES * 0x20), b'a', b'z');
        let alnum = (swar::in_range(seven, b'0', b'9') | letter) & !x & swar::HIGH;
        let stop = !alnum & swar::HIGH;
        if stop != 0 {
            return n + (stop.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    bytes.len()
}

/// A raw token: its byte span and the byte offsets where its hyphen-separated parts start
/// (empty when it is not a compound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawToken {
    pub start: usize,
    pub end: usize,
    /// True when the token contains at least one joining hyphen.
    pub compound: bool,
}

/// True when a hyphen at byte `at` stands before a word character: it joins a compound.
fn hyphen_joins(text: &str, at: usize) -> bool {
    next_char(text, at).is_some_and(|h| {
        is_hyphen(h) && next_char(text, at + h.len_utf8()).is_some_and(is_word_char)
    })
}

/// Splits `text` into raw tokens, in order. `parts` receives, for every compound token, the
/// `(start, end)` byte spans of its parts, in order; `part_index[i]` tells where token i's
/// parts begin in `parts` (equal to the next token's when it has none).
pub fn tokenize(text: &str, out: &mut Vec<RawToken>, parts: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    // `at` is the reading position; a character is decoded only where it is not ASCII.
    let mut at = 0usize;
    while let Some(&b) = bytes.get(at) {
        let start = at;
        let c = if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
            char::from(b)
        } else {
            let Some(c) = next_char(text, at) else {
                break;
            };
            if !is_word_char(c) {
                at += c.len_utf8();
                continue;
            }
            c
        };
        at += c.len_utf8();
        let mut end = at;
        let mut compound = false;
        let mut part_start = start;
        let first_part = parts.len();
        // Shape of the token so far, for initialisms: single letters separated by dots.
        let mut single_letters = c.is_alphabetic();
        let mut run_len = 1usize; // word chars since the last joiner
        let mut last_was_digit = c.is_numeric();
        let mut initialism = false;
        loop {
            // A run of ASCII letters and digits, most of every word, is taken whole.
            let run = bytes.get(at..).map_or(0, alnum_run);
            if run > 0 {
                at += run;
                end = at;
                run_len += run;
                if run_len > 1 {
                    single_letters = false;
                }
                last_was_digit = bytes.get(at - 1).is_some_and(u8::is_ascii_digit);
            }
            // The usual end of a word: an ASCII character that can join nothing (a space, most
            // punctuation; `"` can, inside a Hebrew acronym), or the end of the text. Only a possible joiner or a non-ASCII
            // character goes through the rules below.
            match bytes.get(at) {
                None => break,
                Some(&b) if b.is_ascii() && !may_join_ascii(b) => break,
                Some(_) => {}
            }
            let i = at;
            let Some(ch) = next_char(text, i) else {
                break;
            };
            if is_word_char(ch) {
                at = i + ch.len_utf8();
                end = at;
                run_len += 1;
                if run_len > 1 {
                    single_letters = false;
                }
                last_was_digit = ch.is_numeric();
                continue;
            }
            let next = next_char(text, i + ch.len_utf8());
            let next_is_word = next.is_some_and(is_word_char);
            if is_apostrophe(ch) && next_is_word {
                // `l'État`: the elided article and the word after it are the word's parts, so
                // that an entry for `état` matches (the whole is tried first, as for `pro-life`).
                if part_start == start
                    && next.is_some_and(char::is_alphabetic)
                    && text.get(start..i).is_some_and(is_elision)
                {
                    parts.push((start, i));
                    part_start = i + ch.len_utf8();
                    compound = true;
                }
                at = i + ch.len_utf8();
                single_letters = false;
                run_len = 0;
                continue;
            }
            if is_hyphen(ch) && next_is_word {
                parts.push((part_start, end));
                at = i + ch.len_utf8();
                part_start = at;
                compound = true;
                single_letters = false;
                run_len = 0;
                continue;
            }
            if is_digit_joiner(ch) && last_was_digit && next.is_some_and(|n| n.is_ascii_digit()) {
                at = i + 1;
                single_letters = false;
                run_len = 0;
                continue;
            }
            if is_hebrew_acronym_mark(ch)
                && next.is_some_and(is_hebrew_letter)
                && text
                    .get(..i)
                    .and_then(|s| s.chars().next_back())
                    .is_some_and(is_hebrew_letter)
            {
                at = i + ch.len_utf8();
                single_letters = false;
                run_len = 0;
                continue;
            }
            if is_invisible(ch) && next_is_word {
                // Seen through: the word and the shape of its run go on.
                at = i + ch.len_utf8();
                continue;
            }
            if ch == '.' && single_letters && run_len == 1 {
                // `U.S.`: a single letter, a dot, and then either another single letter
                // followed by a dot, or the end of an initialism already started.
                let after = i + 1;
                let is_initialism_step = next.is_some_and(|n| n.is_alphabetic())
                    && next_char(text, after + next.map_or(0, char::len_utf8)) == Some('.');
                if is_initialism_step {
                    at = after;
                    initialism = true;
                    run_len = 0;
                    continue;
                }
                if initialism {
                    at = after;
                    end = after;
                    // `U.S.-led`: the hyphen rule above makes the initialism a compound's part.
                    if hyphen_joins(text, after) {
                        continue;
                    }
                }
            }
            break;
        }
        if compound {
            parts.push((part_start, end));
        } else {
            parts.truncate(first_part);
        }
        out.push(RawToken {
            start,
            end,
            compound,
        });
    }
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer as first written, one `char` at a time: the definition the byte-level
    /// fast paths of [`tokenize`] must agree with.
    fn tokenize_by_char(text: &str, out: &mut Vec<RawToken>, parts: &mut Vec<(usize, usize)>) {
        let mut iter = text.char_indices().peekable();
        while let Some((start, c)) = iter.next() {
            if !is_word_char(c) {
                continue;
            }
            let mut end = start + c.len_utf8();
            let mut compound = false;
            let mut part_start = start;
            let first_part = parts.len();
            // Shape of the token so far, for initialisms: single letters separated by dots.
            let mut single_letters = c.is_alphabetic();
            let mut run_len = 1usize; // word chars since the last joiner
            let mut last_was_digit = c.is_numeric();
            let mut initialism = false;
            while let Some(&(i, ch)) = iter.peek() {
                if is_word_char(ch) {
                    iter.next();
                    end = i + ch.len_utf8();
                    run_len += 1;
                    if run_len > 1 {
                        single_letters = false;
                    }
                    last_was_digit = ch.is_numeric();
                    continue;
                }
                let next = next_char(text, i + ch.len_utf8());
                let next_is_word = next.is_some_and(is_word_char);
                if is_invisible(ch) && next_is_word {
                    iter.next();
                    continue;
                }
                let prev = text[..i].chars().next_back();
                if is_hebrew_acronym_mark(ch)
                    && prev.is_some_and(is_hebrew_letter)
                    && next.is_some_and(is_hebrew_letter)
                {
                    iter.next();
                    single_letters = false;
                    run_len = 0;
                    continue;
                }
                if is_apostrophe(ch) && next_is_word {
                    if part_start == start
                        && next.is_some_and(char::is_alphabetic)
                        && is_elision(&text[start..i])
                    {
                        parts.push((start, i));
                        part_start = i + ch.len_utf8();
                        compound = true;
                    }
                    iter.next();
                    single_letters = false;
                    run_len = 0;
                    continue;
                }
                if is_hyphen(ch) && next_is_word {
                    parts.push((part_start, end));
                    iter.next();
                    part_start = i + ch.len_utf8();
                    compound = true;
                    single_letters = false;
                    run_len = 0;
                    continue;
                }
                if matches!(ch, '.' | ',' | '/' | ':')
                    && last_was_digit
                    && next.is_some_and(|n| n.is_ascii_digit())
                {
                    iter.next();
                    single_letters = false;
                    run_len = 0;
                    continue;
                }
                if ch == '.' && single_letters && run_len == 1 {
                    // `U.S.`: a single letter, a dot, and then either another single letter
                    // followed by a dot, or the end of an initialism already started.
                    let after = i + 1;
                    let is_initialism_step = next.is_some_and(|n| n.is_alphabetic())
                        && next_char(text, after + next.map_or(0, char::len_utf8)) == Some('.');
                    if is_initialism_step {
                        iter.next();
                        initialism = true;
                        run_len = 0;
                        continue;
                    }
                    if initialism {
                        iter.next();
                        end = after;
                        if hyphen_joins(text, after) {
                            continue;
                        }
                    }
                }
                break;
            }
            if compound {
                parts.push((part_start, end));
            } else {
                parts.truncate(first_part);
            }
            out.push(RawToken {
                start,
                end,
                compound,
            });
        }
    }

    #[test]
    fn alnum_runs_end_at_every_other_byte() {
        // Every byte value, at every place of a 20-byte run of letters and digits.
        let base = b"abcXYZ0189mnopQRST42";
        for stop in 0..=255u8 {
            for at in 0..base.len() {
                let mut bytes = base.to_vec();
                bytes[at] = stop;
                let expected = bytes
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                assert_eq!(alnum_run(&bytes), expected, "byte {stop:#04x} at {at}");
                assert_eq!(
                    alnum_run(&bytes[at..]),
                    usize::from(stop.is_ascii_alphanumeric()) * (base.len() - at),
                    "byte {stop:#04x} first"
                );
            }
        }
        assert_eq!(alnum_run(b""), 0);
        assert_eq!(alnum_run(base), base.len());
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_agree_with_the_char_by_char_definition(
            text in "([a-zA-Z0-9 .,/:'!?\"(\u{2019}\u{2018}\u{2bc}\u{2010}\u{2011}\u{2013}\u{a0}\n\u{e9}\u{301}\u{660}\u{2160}\u{1f600}\u{ad}\u{200d}\u{200b}\u{5d0}\u{5d4}\u{5f4}\u{5f3}-]|US|U\\.S\\.|e\\.g\\.|1,000|9/11|international|Counterterrorism2024|[a-z0-9]{7,17}|l'|L\u{2019}|qu'|dell'|\u{5e6}\u{5d4}\"\u{5dc}){0,24}"
        ) {
            let (mut fast, mut fast_parts) = (Vec::new(), Vec::new());
            tokenize(&text, &mut fast, &mut fast_parts);
            let (mut slow, mut slow_parts) = (Vec::new(), Vec::new());
            tokenize_by_char(&text, &mut slow, &mut slow_parts);
            proptest::prop_assert_eq!(fast, slow);
            proptest::prop_assert_eq!(fast_parts, slow_parts);
        }
    }

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut parts = Vec::new();
        tokenize(text, &mut out, &mut parts);
        out.iter().map(|t| &text[t.start..t.end]).collect()
    }

    fn compound_parts(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut parts = Vec::new();
        tokenize(text, &mut out, &mut parts);
        parts.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn words_apostrophes_and_hyphens() {
        assert_eq!(
            words("Iran's pro-life don't Al-Quds protesters' rock-"),
            [
                "Iran's",
                "pro-life",
                "don't",
                "Al-Quds",
                "protesters",
                "rock"
            ]
        );
        assert_eq!(
            words("Iran\u{2019}s \u{2018}quote\u{2019}"),
            ["Iran\u{2019}s", "quote"]
        );
    }

    #[test]
    fn dashes_separate() {
        assert_eq!(
            words("Israel\u{2013}Gaza citizens\u{2014}and a - b"),
            ["Israel", "Gaza", "citizens", "and", "a", "b"]
        );
        assert_eq!(words("anti\u{2010}Israel"), ["anti\u{2010}Israel"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            words("3.5 percent, 1,000 people, 9/11, 10:30, end. 4."),
            [
                "3.5", "percent", "1,000", "people", "9/11", "10:30", "end", "4"
            ]
        );
        assert_eq!(words("a,b 3,"), ["a", "b", "3"]);
    }

    #[test]
    fn initialisms() {
        assert_eq!(
            words("the U.S. and U.K. e.g. A. Smith"),
            ["the", "U.S.", "and", "U.K.", "e.g.", "A", "Smith"]
        );
        assert_eq!(words("Plan B."), ["Plan", "B"]);
        // A hyphen after an initialism makes a compound whose first part is the initialism.
        assert_eq!(
            words("a U.S.-led coalition, U.S.- and U.K.-Made"),
            ["a", "U.S.-led", "coalition", "U.S.", "and", "U.K.-Made"]
        );
        assert_eq!(compound_parts("U.S.-led"), ["U.S.", "led"]);
    }

    #[test]
    fn parts_of_compounds() {
        assert_eq!(
            compound_parts("a anti-Israel b self-styled-group"),
            ["anti", "Israel", "self", "styled", "group"]
        );
    }

    #[test]
    fn combining_marks_and_other_scripts() {
        assert_eq!(
            words("cafe\u{0301} \u{0627}\u{0644}\u{0642}\u{062F}\u{0633}"),
            ["cafe\u{0301}", "\u{0627}\u{0644}\u{0642}\u{062F}\u{0633}"]
        );
    }
}
