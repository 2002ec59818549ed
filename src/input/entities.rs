//! HTML character references for `--strip-html`: the named entities news text actually uses
//! (punctuation, typography, Latin-1 letters, a few symbols) and numeric references, decoded
//! the way HTML5 does (including its Windows-1252 reading of `&#128;`-`&#159;`).
//!
//! Invariant: decoding never fails; a reference that is not recognised is left as written.

/// Decodes the character reference at the start of `s` (which begins with `&`), returning the
/// character and how many bytes the reference takes, or `None` when it is not one.
pub fn decode_at(s: &str) -> Option<(char, usize)> {
    let rest = s.strip_prefix('&')?;
    if let Some(num) = rest.strip_prefix('#') {
        return numeric(num).map(|(c, len)| (c, len + 2));
    }
    let name_len = rest
        .bytes()
        .take(32)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 || rest.as_bytes().get(name_len) != Some(&b';') {
        return None;
    }
    named(&rest[..name_len]).map(|c| (c, name_len + 2))
}

/// `&#` already consumed: decimal digits or `x` and hex digits, then an optional `;`.
fn numeric(s: &str) -> Option<(char, usize)> {
    let (radix, start) = match s.as_bytes().first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = s[start..]
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let mut len = start + digits;
    if s.as_bytes().get(len) == Some(&b';') {
        len += 1;
    }
    // Too many digits is out of range anyway; checked arithmetic keeps huge numbers harmless.
    let code = s[start..start + digits].bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(radix)?
            .checked_add((b as char).to_digit(radix)?)
    });
    let c = match code {
        Some(0x80..=0x9F) => code.and_then(windows_1252),
        Some(0) | None => None,
        Some(code) => char::from_u32(code),
    };
    Some((c.unwrap_or('\u{FFFD}'), len))
}

/// HTML5 reads `&#128;`-`&#159;` as Windows-1252, where pages put curly quotes and dashes.
fn windows_1252(code: u32) -> Option<char> {
    let c = match code {
        0x80 => '€',
        0x82 => '‚',
        0x83 => 'ƒ',
        0x84 => '„',
        0x85 => '…',
        0x86 => '†',
        0x87 => '‡',
        0x88 => 'ˆ',
        0x89 => '‰',
        0x8A => 'Š',
        0x8B => '‹',
        0x8C => 'Œ',
        0x8E => 'Ž',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x98 => '˜',
        0x99 => '™',
        0x9A => 'š',
        0x9B => '›',
        0x9C => 'œ',
        0x9E => 'ž',
        0x9F => 'Ÿ',
        _ => return char::from_u32(code),
    };
    Some(c)
}

fn named(name: &str) -> Option<char> {
    let c = match name {
        // Markup and spacing.
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "shy" => '\u{AD}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        // Typography.
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "hyphen" => '‐',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "para" => '¶',
        "sect" => '§',
        "iexcl" => '¡',
        "iquest" => '¿',
        // Symbols.
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "permil" => '‰',
        "percnt" => '%',
        "cent" => '¢',
        "pound" => '£',
        "euro" => '€',
        "yen" => '¥',
        "curren" => '¤',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "macr" => '¯',
        "acute" => '´',
        "cedil" => '¸',
        "uml" => '¨',
        "brvbar" => '¦',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        // Latin letters.
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "THORN" => 'Þ',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "thorn" => 'þ',
        "yuml" => 'ÿ',
        "Yuml" => 'Ÿ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Zcaron" => 'Ž',
        "zcaron" => 'ž',
        "fnof" => 'ƒ',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::*;

    #[test]
    fn named_references() {
        assert_eq!(decode_at("&amp; rest"), Some(('&', 5)));
        assert_eq!(decode_at("&rsquo;s"), Some(('’', 7)));
        assert_eq!(decode_at("&Eacute;"), Some(('É', 8)));
        assert_eq!(decode_at("&nosuch;"), None);
        assert_eq!(decode_at("&amp no semicolon"), None);
        assert_eq!(decode_at("& alone"), None);
    }

    #[test]
    fn numeric_references() {
        assert_eq!(decode_at("&#8217;"), Some(('’', 7)));
        assert_eq!(decode_at("&#x2019;"), Some(('’', 8)));
        assert_eq!(decode_at("&#X201C;x"), Some(('“', 8)));
        assert_eq!(decode_at("&#39 no semicolon"), Some(('\'', 4)));
        assert_eq!(decode_at("&#150;"), Some(('–', 6)), "Windows-1252 range");
        assert_eq!(decode_at("&#0;"), Some(('\u{FFFD}', 4)));
        assert_eq!(decode_at("&#xD800;"), Some(('\u{FFFD}', 8)));
        assert_eq!(decode_at("&#99999999999999999999;"), Some(('\u{FFFD}', 23)));
        assert_eq!(decode_at("&#;"), None);
        assert_eq!(decode_at("&#x;"), None);
    }
}
