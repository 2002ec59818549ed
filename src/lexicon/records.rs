//! A small RFC 4180 record reader that knows where every field starts (physical line and
//! byte column), which lexicon errors must name. The `csv` crate is not used here because its
//! record positions do not count the comment and blank lines that lexicon files contain.
//!
//! Invariants: lines end in LF, CRLF or a lone CR (classic Mac OS; the CR is never part of a
//! field), and every one of them counts as a line; a line whose first non-blank character is
//! `#` is a comment, and a blank line is skipped, but only between records (inside a quoted
//! field both are text); fields are trimmed of white space (any Unicode white space: a
//! no-break space too) outside quotes; `""` inside quotes is one `"`; a quoted field may span
//! lines.

use super::source::error_at;

/// What follows a file's separator when it is not a comma: why the file fails, and what to do.
pub(crate) fn not_commas_hint() -> &'static str {
    ", but a lexicon's are separated by commas (a spreadsheet in a German or French locale \
     saves `;`: choose comma-separated CSV)"
}

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

    /// Step over a line end at `pos` (LF, CRLF or CR), if there is one.
    fn eat_line_end(&mut self) -> bool {
        let len = match (self.byte(self.pos), self.byte(self.pos + 1)) {
            (Some(b'\r'), Some(b'\n')) => 2,
            (Some(b'\r' | b'\n'), _) => 1,
            _ => return false,
        };
        self.pos += len;
        self.line += 1;
        self.line_start = self.pos;
        true
    }

    /// Step over white space that is not a line end.
    fn skip_blanks(&mut self) {
        let rest = &self.text[self.pos..];
        let blank = |c: char| c.is_whitespace() && c != '\n' && c != '\r';
        self.pos += rest.len() - rest.trim_start_matches(blank).len();
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
                let end = rest.find([',', '\n', '\r']).unwrap_or(rest.len());
                self.pos += end;
                rest[..end].trim_end().to_string()
            };
            fields.push(Field { text, line, col });
            let after_field = self.pos;
            self.skip_blanks();
            match self.byte(self.pos) {
                Some(b',') => self.pos += 1,
                None => break,
                Some(_) if self.eat_line_end() => break,
                Some(b) => {
                    // `"term";"category"`: a spreadsheet's other separators, quoted.
                    let separator = if b == b';' {
                        Some("semicolons")
                    } else if self.text[after_field..self.pos].contains('\t') {
                        Some("tabs")
                    } else {
                        None
                    };
                    let message = match separator {
                        Some(s) => format!(
                            "unexpected text after a closing quote: this line's fields are \
                             separated by {s}{}",
                            not_commas_hint()
                        ),
                        None => "unexpected text after a closing quote; write a `\"` inside a \
                                 quoted field as `\"\"`"
                            .to_string(),
                    };
                    return Err(error_at(self.origin, self.line, self.col(), message));
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
            }
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = crate::Result<Item<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos < self.text.len() {
            let rest = &self.text[self.pos..];
            let line_text = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
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
    fn a_lone_cr_ends_a_line_as_lf_and_crlf_do() {
        // Classic Mac OS line ends ("CSV (Macintosh)"), alone and mixed with the others.
        let items = read("# a: b\r\rterm,cat\rx,\"two\rlines\"\r\ny,z\n\rlast,w");
        assert_eq!(
            items[0],
            Item::Comment {
                line: 1,
                text: "# a: b"
            }
        );
        assert_eq!(
            fields(&items[1]),
            vec![("term".into(), 3, 1), ("cat".into(), 3, 6)]
        );
        assert_eq!(
            fields(&items[2]),
            vec![("x".into(), 4, 1), ("two\nlines".into(), 4, 3)]
        );
        assert_eq!(
            fields(&items[3]),
            vec![("y".into(), 6, 1), ("z".into(), 6, 3)]
        );
        assert_eq!(
            fields(&items[4]),
            vec![("last".into(), 8, 1), ("w".into(), 8, 6)]
        );
        assert_eq!(items.len(), 5);
        let err = Records::new("t.csv", "a,b\rc,\"d\"e")
            .find_map(Result::err)
            .unwrap();
        assert!(err.to_string().starts_with("t.csv:2:6: "), "{err}");
    }

    #[test]
    fn any_white_space_around_a_field_is_trimmed() {
        // A no-break space, a thin space, a tab; inside quotes, white space is kept. Columns
        // count bytes: a no-break space takes two, a thin space three.
        let items = read("\u{A0}hamas\u{A0},\u{2009}x\t\r\n\"\u{A0}q \" ,y\n");
        assert_eq!(
            fields(&items[0]),
            vec![("hamas".into(), 1, 3), ("x".into(), 1, 14)]
        );
        assert_eq!(
            fields(&items[1]),
            vec![("\u{A0}q ".into(), 2, 1), ("y".into(), 2, 9)]
        );
    }

    #[test]
    fn quoted_fields_separated_by_semicolons_or_tabs_say_so() {
        let err = |text: &str| {
            Records::new("t.csv", text)
                .find_map(Result::err)
                .unwrap()
                .to_string()
        };
        let hint = |at: &str, s: &str| {
            format!(
                "t.csv:{at}: unexpected text after a closing quote: this line's fields are \
                 separated by {s}, but a lexicon's are separated by commas (a spreadsheet in a \
                 German or French locale saves `;`: choose comma-separated CSV)"
            )
        };
        assert_eq!(err("\"term\";\"category\"\r\n"), hint("1:7", "semicolons"));
        assert_eq!(err("\"term\" ; \"category\""), hint("1:8", "semicolons"));
        assert_eq!(err("\"term\"\t\"category\""), hint("1:8", "tabs"));
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
