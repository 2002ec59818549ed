//! Folding for matching (SPEC §3): NFC, typographic apostrophes and quotes to ASCII, dashes to
//! `-`, and lowercasing. Reports always show the original text; only match keys are folded.

use unicode_normalization::UnicodeNormalization;

/// Fold one character for matching: typographic apostrophes to `'`, typographic double quotes
/// to `"`, hyphens and dashes to `-`. Every other character is returned unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}'
        | '\u{FF07}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
        _ => c,
    }
}

/// The match key of a word: NFC-normalised, folded, and lowercased unless `case_sensitive`.
pub fn normalize_key(word: &str, case_sensitive: bool) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfc() {
        let c = fold_char(c);
        if case_sensitive {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}
