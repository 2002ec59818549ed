//! A small RFC 4180 record reader that knows where every field starts (physical line and
//! byte column), which lexicon errors must name. The `csv` crate is not used here because its
//! record positions do not count the comment and blank lines that lexicon files contain.
//!
//! Invariants: lines end in LF or CRLF (the CR is never part of a field); a line whose first
//! non-blank character is `#` is a comment, and a blank line is skipped, but only between
//! records (inside a quoted field both are text); fields are trimmed of spaces and tabs
//! outside quotes; `""` inside quotes is one `"`; a quoted field may span lines.

use super::source::error_at;

/// One field: its text and where it starts (1-based line, 1-based byte column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub text: String,
    pub line: u64,
    pub col: u64,
}

/// What the reader yields, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item<'a> {
    /// A `#` line, trimmed of outer blanks and its line end, the `#` included.
    Comment { line: u64, text: &'a str },
    /// A record; `fields` is never empty.
    Record { line: u64, fields: Vec<Field> },
}

/// Iterator over the comments and records of one file. After an error it yields nothing.
pub(crate) struct Records<'a> {
    origin: &'a str,
    text: &'a str,
    pos: usize,
    line: u64,
    line_start: usize,
}

impl<'a> Records<'a> {
    pub fn new(origin: &'a str, text: &'a str) -> Self {
        Records {
            origin,
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// Step over a line end at `pos` (LF or CRLF), if there is one.
    fn eat_line_end(&mut self) -> bool {
        let crlf = self.byte(self.pos) == Some(b'\r') && self.byte(self.pos + 1) == Some(b'\n');
        let len = if crlf {
            2
        } else if self.byte(self.pos) == Some(b'\n') {
            1
        } else {
            return false;
        };
        self.pos += len;
        self.line += 1;
        self.line_start = self.pos;
        true
    }

    fn skip_blanks(&mut self) {
        while matches!(self.byte(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn col(&self) -> u64 {
        (self.pos - self.line_start) as u64 + 1
    }

    fn record(&mut self) -> crate::Result<Item<'a>> {
        let record_line = self.line;
        let mut fields = Vec::new();
        loop {
            self.skip_blanks();
            let (line, col) = (self.line, self.col());
            let text = if self.byte(self.pos) == Some(b'"') {
                self.quoted(line, col)?
            } else {
                let rest = &self.text[self.pos..];
                let end = rest.find([',', '\n']).unwrap_or(rest.len());
                self.pos += end;
                rest[..end].trim_end_matches([' ', '\t', '\r']).to_string()
            };
            fields.push(Field { text, line, col });
            self.skip_blanks();
            match self.byte(self.pos) {
                Some(b',') => self.pos += 1,
                None => break,
                Some(_) if self.eat_line_end() => break,
                Some(_) => {
                    return Err(error_at(
                        self.origin,
                        self.line,
                        self.col(),
                        "unexpected text after a closing quote; write a `\"` inside a quoted \
                         field as `\"\"`",
                    ));
                }
            }
        }
        Ok(Item::Record {
            line: record_line,
            fields,
        })
    }

    /// A quoted field starting at `pos` (on the opening quote), opened at `line:col`.
    fn quoted(&mut self, line: u64, col: u64) -> crate::Result<String> {
        self.pos += 1;
        let mut text = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(stop) = rest.find(['"', '\n', '\r']) else {
                return Err(error_at(
                    self.origin,
                    line,
                    col,
                    "this quoted field is never closed; add the missing `\"`",
                ));
            };
            text.push_str(&rest[..stop]);
            self.pos += stop;
            if self.byte(self.pos) == Some(b'"') {
                if self.byte(self.pos + 1) == Some(b'"') {
                    text.push('"');
                    self.pos += 2;
                } else {
                    self.pos += 1;
                    return Ok(text);
                }
            } else if self.eat_line_end() {
                text.push('\n');
            } else {
                // A lone CR is kept as text.
                text.push('\r');
                self.pos += 1;
            }
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = crate::Result<Item<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos < self.text.len() {
            let rest = &self.text[self.pos..];
            let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
            let trimmed = line_text.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                let line = self.line;
                self.pos += line_text.len();
                if !self.eat_line_end() {
                    self.pos = self.text.len();
                }
                if trimmed.is_empty() {
                    continue;
                }
                return Some(Ok(Item::Comment {
                    line,
                    text: trimmed,
                }));
            }
            let item = self.record();
            if item.is_err() {
                self.pos = self.text.len();
            }
            return Some(item);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(item: &Item) -> Vec<(String, u64, u64)> {
        match item {
            Item::Record { fields, .. } => fields
                .iter()
                .map(|f| (f.text.clone(), f.line, f.col))
                .collect(),
            Item::Comment { .. } => Vec::new(),
        }
    }

    fn read(text: &str) -> Vec<Item<'_>> {
        Records::new("t.csv", text)
            .collect::<crate::Result<_>>()
            .unwrap()
    }

    #[test]
    fn positions_count_comments_blank_lines_and_multiline_fields() {
        let items = read("# a: b\r\n\r\n  \nterm, cat \r\n\"two\r\nlines\",\"x\"\"y\"\n#c\nlast,");
        assert_eq!(
            items[0],
            Item::Comment {
                line: 1,
                text: "# a: b"
            }
        );
        assert_eq!(
            fields(&items[1]),
            vec![("term".into(), 4, 1), ("cat".into(), 4, 7)]
        );
        assert_eq!(
            fields(&items[2]),
            vec![("two\nlines".into(), 5, 1), ("x\"y".into(), 6, 8)]
        );
        assert_eq!(
            items[3],
            Item::Comment {
                line: 7,
                text: "#c"
            }
        );
        assert_eq!(
            fields(&items[4]),
            vec![("last".into(), 8, 1), (String::new(), 8, 6)]
        );
        assert_eq!(items.len(), 5);
    }

    #[test]
    fn hash_inside_a_field_or_quotes_is_text() {
        let items = read("\"#tag\",a#b\n\"x\n# not a comment\",y\n");
        assert_eq!(
            fields(&items[0]),
            vec![("#tag".into(), 1, 1), ("a#b".into(), 1, 8)]
        );
        assert_eq!(
            fields(&items[1]),
            vec![("x\n# not a comment".into(), 2, 1), ("y".into(), 3, 18)]
        );
    }

    #[test]
    fn broken_quotes_are_located() {
        let err = Records::new("t.csv", "a,b\nc,\"open\nmore")
            .find_map(Result::err)
            .unwrap();
        assert_eq!(
            err.to_string(),
            "t.csv:2:3: this quoted field is never closed; add the missing `\"`"
        );
        let err = Records::new("t.csv", "\"a\"b,c")
            .find_map(Result::err)
            .unwrap();
        assert_eq!(
            err.to_string(),
            "t.csv:1:4: unexpected text after a closing quote; write a `\"` inside a quoted \
             field as `\"\"`"
        );
    }
}
