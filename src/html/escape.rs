//! The one escaping function for text from the data (outlet names, matched words, contexts,
//! file names, lexicon metadata) on its way into `summary.html`, for element content and for
//! double- or single-quoted attribute values alike.
//!
//! `&`, `<`, `>`, `"` and `'` become character references, so no text can open a tag, end an
//! attribute or start a script. Control characters (other than line feed and tab),
//! bidirectional overrides and isolates and zero-width characters become visible `\u{XXXX}`
//! escapes (as in the terminal, see `sanitize`), so a crafted name cannot reorder or hide
//! what the report shows.

use std::borrow::Cow;

use crate::sanitize;

/// Text made safe to place in HTML (element content or a quoted attribute value).
pub fn escape(text: &str) -> Cow<'_, str> {
    let visible = sanitize::for_terminal(text, true);
    if !visible.contains(['&', '<', '>', '"', '\'']) {
        return visible;
    }
    let mut out = String::with_capacity(visible.len() + 16);
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_cannot_escape_its_place() {
        assert_eq!(
            escape("<script>alert(\"x\")</script>"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        );
        assert_eq!(escape("AT&T's \"news\""), "AT&amp;T&#39;s &quot;news&quot;");
        assert_eq!(escape("a' onmouseover='x"), "a&#39; onmouseover=&#39;x");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(
            escape("</style><svg onload=1>"),
            "&lt;/style&gt;&lt;svg onload=1&gt;"
        );
    }

    #[test]
    fn control_bidi_and_zero_width_characters_are_shown_not_obeyed() {
        assert_eq!(escape("evil\u{202E}txt.exe"), "evil\\u{202E}txt.exe");
        assert_eq!(escape("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(escape("zero\u{200B}width"), "zero\\u{200B}width");
        assert_eq!(escape("nul\u{0}bell\u{7}"), "nul\\u{0000}bell\\u{0007}");
        assert_eq!(escape("\u{1b}[31mred"), "\\u{001B}[31mred");
        // Both at once: the escape's own characters are not re-escaped wrongly.
        assert_eq!(escape("<\u{202E}>"), "&lt;\\u{202E}&gt;");
    }

    #[test]
    fn ordinary_text_passes_unchanged_and_unallocated() {
        for s in [
            "Quillport Herald",
            "Al-Quds — «quoted»",
            "القدس",
            "naïve 9/11",
            "line\nnext\tcol",
        ] {
            assert!(matches!(escape(s), Cow::Borrowed(b) if b == s), "{s}");
        }
    }
}
