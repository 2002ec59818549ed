//! Folding for matching (SPEC §3): NFC, typographic apostrophes and quotes to ASCII, dashes to
//! `-`, and lowercasing. Reports always show the original text; only match keys are folded.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::token::is_invisible;

/// Fold one character for matching: typographic apostrophes (and the Hebrew geresh) to `'`,
/// typographic double quotes (and the Hebrew gershayim) to `"`, hyphens and dashes to `-`.
/// Every other character is returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}'
        | '\u{FF07}' | '\u{5F3}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' | '\u{5F4}' => {
            '"'
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// The match key of a word: without its invisible format characters
/// ([`super::token::is_invisible`]), NFC-normalised, folded, and lowercased unless
/// `case_sensitive`. Lowercasing is Unicode's full case folding where plain lowercasing would
/// leave two spellings of one word apart (see `push_caseless`).
pub fn normalize_key(word: &str, case_sensitive: bool) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().filter(|&c| !is_invisible(c)).nfc() {
        let c = fold_char(c);
        if case_sensitive {
            out.push(c);
        } else {
            push_caseless(&mut out, c);
        }
    }
    out
}

/// `c` lowercased, except for the letters whose lower case is not what caseless matching
/// needs, which get their Unicode full case folding (CaseFolding.txt, status C and F): `ß`
/// and `ẞ` are `ss` (so `STRASSE` matches `straße`), the ligatures `ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ` of text
/// copied from PDFs are their letters, the long `ſ` is `s`, final `ς` is `σ` and the micro
/// sign is `μ`. The departures from that table are Turkish: `İ` (dotted capital I) is `i`, the
/// Turkish lower case, where Unicode's default gives `i` and a combining dot that no lexicon
/// entry spells, so that `İstanbul` matches `istanbul`; and dotless `ı` is `i` too, since
/// Turkish capitals lowercase as `ı` and the `I` of an all-capitals headline could be either
/// letter: `ILIMLI` and `ılımlı` then share the key `ilimli`.
fn push_caseless(out: &mut String, c: char) {
    let folded = match c {
        '\u{DF}' | '\u{1E9E}' => "ss",
        '\u{130}' | '\u{131}' => "i",
        '\u{17F}' => "s",
        '\u{3C2}' => "\u{3C3}",
        '\u{B5}' => "\u{3BC}",
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(folded);
}

/// `text` in Unicode NFC, borrowed when it already is (always for ASCII): so that two
/// spellings a reader cannot tell apart (`Süddeutsche` precomposed, or `u` and a combining
/// diaeresis as macOS file names have it) are one group value or one id.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}
