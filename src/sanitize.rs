//! Text from the wild, made safe to print to a terminal: control characters (except line
//! breaks and tabs, when allowed), bidirectional overrides and zero-width characters are shown
//! as `\u{XXXX}` escapes, so an article cannot move the cursor, recolour the terminal or hide
//! or reorder what is printed.

use std::borrow::Cow;
use std::fmt::Write;

/// True for the characters that hide or reorder text: zero-width and bidirectional marks,
/// the byte-order mark, the soft hyphen.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}'
    )
}

/// Escape what a terminal would act on. With `keep_lines`, `\n` and `\t` pass through.
pub fn for_terminal(text: &str, keep_lines: bool) -> Cow<'_, str> {
    escape_where(text, |c| {
        (c.is_control() && !(keep_lines && (c == '\n' || c == '\t'))) || is_hidden(c)
    })
}

/// `text` with every character `bad` picks written as a `\u{XXXX}` escape; borrowed when
/// there is none.
pub fn escape_where(text: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` made safe ([`for_terminal`]) and padded with spaces to `width` columns, where a
/// combining mark takes no column: `re\u{301}gime` (decomposed) lines up with `régime`.
/// Longer text is left as it is.
pub fn padded(text: &str, width: usize) -> String {
    let safe = for_terminal(text, false);
    let taken = columns(&safe);
    let mut out = safe.into_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(taken)));
    out
}

/// The columns `text` takes on a terminal, counting one per character but none for a
/// combining mark (wide East Asian characters are counted as one).
pub fn columns(text: &str) -> usize {
    text.chars()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_bidi_and_zero_width() {
        assert_eq!(for_terminal("a\u{1b}[31mb", true), "a\\u{001B}[31mb");
        assert_eq!(
            for_terminal("x\u{202E}y\u{200B}z", true),
            "x\\u{202E}y\\u{200B}z"
        );
        assert_eq!(for_terminal("line\nnext\tcol", true), "line\nnext\tcol");
        assert_eq!(for_terminal("line\nnext", false), "line\\u{000A}next");
        assert_eq!(for_terminal("plain \u{e9}", false), "plain \u{e9}");
    }

    #[test]
    fn padding_counts_columns_not_code_points() {
        assert_eq!(padded("r\u{e9}gime", 8), "r\u{e9}gime  ");
        assert_eq!(padded("re\u{301}gime", 8), "re\u{301}gime  ");
        assert_eq!(padded("longer than this", 4), "longer than this");
        // What is escaped takes the columns of its escape.
        assert_eq!(padded("a\u{200B}b", 12), "a\\u{200B}b  ");
        assert_eq!(columns("re\u{301}gime"), 6);
    }
}
