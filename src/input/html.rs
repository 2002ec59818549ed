//! `--strip-html`: markup -> plain text. Tags and comments are removed, `<script>` and
//! `<style>` with their contents, character references decoded, and block elements (`<p>`,
//! `<br>`, `<div>`, `<li>`, headings, …) turned into paragraph breaks (`"\n\n"`) so paragraph
//! detection downstream still works.
//!
//! Invariants: never panics, whatever the markup (an unclosed tag, comment or script runs to
//! the end of the text, as in an HTML5 parser); text between tags is kept character for
//! character, except that runs of white space are collapsed: to `"\n\n"` when they hold two or
//! more line breaks, to `"\n"` for one, else to one space. Leading and trailing white space is
//! dropped. Plain text with a few tags in it therefore keeps its own paragraph breaks.

use super::entities;

/// Strips HTML from `html` (see the module doc for exactly what changes).
pub fn strip(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = Out::with_capacity(html.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => i = markup(html, i, &mut out),
            b'&' => match entities::decode_at(&html[i..]) {
                Some((c, len)) => {
                    let mut buf = [0u8; 4];
                    out.text(c.encode_utf8(&mut buf));
                    i += len;
                }
                None => {
                    out.text("&");
                    i += 1;
                }
            },
            b if is_space(b) => {
                let run = bytes[i..].iter().take_while(|&&b| is_space(b)).count();
                let newlines = bytes[i..i + run].iter().filter(|&&b| b == b'\n').count();
                out.gap(match newlines {
                    0 => Gap::Space,
                    1 => Gap::Line,
                    _ => Gap::Paragraph,
                });
                i += run;
            }
            _ => {
                // Every byte that stops a run is ASCII, so `end` is on a char boundary.
                let run = bytes[i..].iter().take_while(|&&b| !is_special(b)).count();
                out.text(&html[i..i + run]);
                i += run;
            }
        }
    }
    out.finish()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_special(b: u8) -> bool {
    b == b'<' || b == b'&' || is_space(b)
}

/// Handles the `<` at `start`: a comment, a tag or a literal `<`. Returns where to go on.
fn markup(html: &str, start: usize, out: &mut Out) -> usize {
    let bytes = html.as_bytes();
    let after = start + 1;
    if bytes[after..].starts_with(b"!--") {
        return find(bytes, after + 3, b"-->").map_or(bytes.len(), |end| end + 3);
    }
    let opens_tag = bytes
        .get(after)
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!' || b == b'?');
    if !opens_tag {
        out.text("<");
        return after;
    }
    let closing = bytes[after] == b'/';
    let name_start = if closing { after + 1 } else { after };
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = html[name_start..name_start + name_len].to_ascii_lowercase();
    let Some(end) = tag_end(bytes, name_start + name_len) else {
        return bytes.len();
    };
    let mut next = end + 1;
    if !closing && (name == "script" || name == "style") {
        // Raw text: everything up to the matching end tag is code, not prose.
        let close = format!("</{name}");
        next = match find_ignore_case(bytes, next, close.as_bytes()) {
            Some(at) => tag_end(bytes, at + close.len()).map_or(bytes.len(), |e| e + 1),
            None => bytes.len(),
        };
    }
    match element_kind(&name) {
        Kind::Block => out.gap(Gap::Paragraph),
        Kind::Cell => out.gap(Gap::Space),
        Kind::Inline => {}
    }
    next
}

/// The `>` that ends a tag whose name ends at `from`; quoted attribute values may hold `>`.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            b'=' => {
                i += 1;
                while bytes.get(i).is_some_and(|&b| is_space(b)) {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
                    let close = bytes[i + 1..].iter().position(|&b| b == quote)?;
                    i += close + 2;
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

enum Kind {
    /// Ends a paragraph.
    Block,
    /// Separates words (table cells).
    Cell,
    /// Leaves the text joined (`<a>`, `<b>`, `<span>`, unknown tags).
    Inline,
}

fn element_kind(name: &str) -> Kind {
    match name {
        "p" | "br" | "div" | "li" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "blockquote" | "section" | "article" | "header" | "footer" | "aside" | "nav" | "main"
        | "figure" | "figcaption" | "table" | "tr" | "hr" | "pre" | "dl" | "dt" | "dd"
        | "address" | "details" | "summary" | "caption" | "title" | "body" | "html" => Kind::Block,
        "td" | "th" => Kind::Cell,
        _ => Kind::Inline,
    }
}

/// White space waiting to be written; the widest one seen wins, and it is only written when
/// more text follows (so none leads or trails).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

struct Out {
    text: String,
    gap: Gap,
}

impl Out {
    fn with_capacity(n: usize) -> Self {
        Out {
            text: String::with_capacity(n),
            gap: Gap::None,
        }
    }

    fn gap(&mut self, gap: Gap) {
        self.gap = self.gap.max(gap);
    }

    fn text(&mut self, s: &str) {
        if !self.text.is_empty() {
            self.text.push_str(match self.gap {
                Gap::None => "",
                Gap::Space => " ",
                Gap::Line => "\n",
                Gap::Paragraph => "\n\n",
            });
        }
        self.gap = Gap::None;
        self.text.push_str(s);
    }

    fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::strip;

    #[test]
    fn removes_tags_and_keeps_inline_text_joined() {
        assert_eq!(
            strip("<b>Hello</b>, <a href=\"/x\">world</a>!"),
            "Hello, world!"
        );
        assert_eq!(strip("<SPAN CLASS=x>up</SPAN>per"), "upper");
    }

    #[test]
    fn block_elements_become_paragraph_breaks() {
        assert_eq!(strip("<p>One.</p>\n<p>Two.</p>"), "One.\n\nTwo.");
        assert_eq!(strip("a<br>b<br/>c<BR />d"), "a\n\nb\n\nc\n\nd");
        assert_eq!(
            strip("<h1>Head</h1><div>Body</div><ul><li>x</li><li>y</li></ul>"),
            "Head\n\nBody\n\nx\n\ny"
        );
        assert_eq!(strip("<td>a</td><td>b</td>"), "a b");
    }

    #[test]
    fn white_space_is_collapsed_but_plain_paragraphs_survive() {
        assert_eq!(strip("  a   b\t c  "), "a b c");
        assert_eq!(
            strip("line one\nline two\r\n\r\nnext <i>para</i>"),
            "line one\nline two\n\nnext para"
        );
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            strip("Tom &amp; Jerry&rsquo;s &#8220;show&#x201D; &hellip;"),
            "Tom & Jerry’s “show” …"
        );
        assert_eq!(strip("a&nbsp;b"), "a\u{A0}b");
        assert_eq!(strip("AT&T &unknown; & more"), "AT&T &unknown; & more");
        assert_eq!(strip("&lt;p&gt; is a tag"), "<p> is a tag");
    }

    #[test]
    fn drops_script_style_and_comments() {
        let html = "<p>Keep</p><script type=\"text/javascript\">var x = '<p>no</p>';</script>\
                    <style>p { color: red }</style><!-- a <b>comment</b> -->this";
        assert_eq!(strip(html), "Keep\n\nthis");
        assert_eq!(strip("a<SCRIPT>x</Script >b"), "ab");
    }

    #[test]
    fn quoted_attributes_may_hold_angle_brackets() {
        assert_eq!(strip("<img alt=\"a > b\" src='x'>caption"), "caption");
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        assert_eq!(strip("3 < 4 and 5 <= 6"), "3 < 4 and 5 <= 6");
    }

    #[test]
    fn broken_markup_does_not_panic() {
        assert_eq!(strip("text <a href=\"x"), "text");
        assert_eq!(strip("text <a href="), "text");
        assert_eq!(strip("text <!-- never closed"), "text");
        assert_eq!(strip("text <script>never closed"), "text");
        assert_eq!(strip("text <"), "text <");
        assert_eq!(strip("&#"), "&#");
        assert_eq!(strip("<p"), "");
        assert_eq!(strip("é<p>ü&"), "é\n\nü&");
        assert_eq!(strip(""), "");
    }
}
