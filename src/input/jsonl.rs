//! JSON Lines reader (`.jsonl`, `.ndjson`): every non-blank line is one object.
//!
//! Invariants: lines are read one at a time into a reused buffer, so a line may be as long as
//! memory allows; the record number is the line number (blank lines count as lines but are
//! not records); a line that is not a JSON object is skipped and the next line read as usual.

use std::io::BufRead;
use std::ops::ControlFlow;

use super::jsonvalue::{Element, parse_element};
use super::record::Ctx;

/// Reads JSON Lines: every non-blank line is one object.
///
/// A line longer than twice `--max-article-bytes` cannot hold an article within the limit
/// unless its other fields are larger than its text; it is skipped with its length, and only
/// counted, never held in memory. Shorter lines are parsed and their article measured.
pub fn read(mut stream: impl BufRead, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut seen_content = false;
    let cap = ctx.opts.max_article_bytes.saturating_mul(2);
    loop {
        buf.clear();
        match read_line(&mut stream, &mut buf, cap) {
            Ok(Line::End) => return ControlFlow::Continue(()),
            Ok(Line::Read) => line_no += 1,
            Ok(Line::TooLong(len)) => {
                line_no += 1;
                let reason = format!(
                    "line too long: {len} bytes, over twice --max-article-bytes {}; not read \
                     (raise the limit to score it)",
                    ctx.opts.max_article_bytes
                );
                ctx.skip(line_no, None, reason)?;
                continue;
            }
            Err(err) => return ctx.read_failed(line_no + 1, &err),
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let first = !seen_content;
        seen_content = true;
        let (parsed, invalid_utf8) = parse_element(&buf);
        match parsed {
            Ok(Element::Object(pairs, repeated)) => {
                ctx.emit_object(line_no, pairs, &repeated, invalid_utf8)?;
            }
            Ok(other) => {
                let kind = other.kind();
                let hint = if kind == "an array" {
                    "; a file that is one JSON array is JSON, not JSON Lines: give --format json"
                } else {
                    ""
                };
                ctx.skip(
                    line_no,
                    None,
                    format!("line is not a JSON object (found {kind}){hint}"),
                )?;
            }
            Err(err) => {
                let hint = if err.is_eof() && first {
                    // `[` or `{` alone: JSON written over several lines.
                    "; the first line is not a whole JSON value: if the file is indented JSON, \
                     give --format json"
                } else if err.to_string().starts_with("trailing characters") {
                    "; more than one JSON value on the line? JSON Lines puts each object on a \
                     line of its own"
                } else {
                    ""
                };
                ctx.skip(
                    line_no,
                    id_of_broken_line(&buf, &ctx.opts.id_field),
                    format!("line is not valid JSON: {}{hint}", in_line(&err)),
                )?;
            }
        }
    }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The end of the input: nothing was read.
    End,
    /// A line (with its `\n`, unless it is the last) is in the buffer.
    Read,
    /// The line ran past the cap; it was consumed but not kept. Its length in bytes.
    TooLong(u64),
}

/// Reads one line into `buf` as `read_until` does, but keeps at most `cap` bytes of it: a
/// longer line is consumed to its end and only measured, so memory stays bounded.
fn read_line(stream: &mut impl BufRead, buf: &mut Vec<u8>, cap: u64) -> std::io::Result<Line> {
    let mut len = 0u64;
    let mut too_long = false;
    loop {
        let chunk = match stream.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        let (take, done) = match memchr_newline(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        len += take as u64;
        if len > cap {
            too_long = true;
            buf.clear();
        } else {
            buf.extend_from_slice(&chunk[..take]);
        }
        stream.consume(take);
        if done {
            break;
        }
    }
    Ok(match (len, too_long) {
        (0, _) => Line::End,
        (len, true) => Line::TooLong(len),
        (_, false) => Line::Read,
    })
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// serde's message with its position given as a column only: the line is the record.
fn in_line(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    match message.strip_suffix(&position) {
        // Past the line's own line break: the record stops short (cut, or split over lines).
        Some(bare) if err.line() > 1 => {
            format!("{bare} at the end of the line (the record is cut short or split over lines)")
        }
        Some(bare) => format!("{bare} at column {}", err.column()),
        None => message,
    }
}

/// The id of a line that is not valid JSON, when the object's own id field (not a nested
/// one) can be read before the damage: the key at depth 1, a colon, then a string without
/// escapes or a number.
fn id_of_broken_line(line: &[u8], id_field: &str) -> Option<String> {
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(&b) = line.get(i) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b'"' => {
                let (text, end) = string_at(line, i)?;
                i = end;
                let after = line.get(i..)?.trim_ascii_start();
                if depth == 1 && text == Some(id_field.as_bytes()) && after.first() == Some(&b':') {
                    return simple_value(after.get(1..)?.trim_ascii_start());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The string that opens at `open`: its text when it has no escapes (`None` when it has),
/// and the index after its closing quote; `None` when it is not closed.
fn string_at(line: &[u8], open: usize) -> Option<(Option<&[u8]>, usize)> {
    let mut i = open + 1;
    let mut escaped = false;
    loop {
        match line.get(i)? {
            b'\\' => (escaped, i) = (true, i + 2),
            b'"' => return Some((line.get(open + 1..i).filter(|_| !escaped), i + 1)),
            _ => i += 1,
        }
    }
}

/// A string without escapes, or a number, at the start of `value`.
fn simple_value(value: &[u8]) -> Option<String> {
    let id = match value.first()? {
        b'"' => string_at(value, 0)?.0?,
        b'-' | b'0'..=b'9' => {
            let end = value
                .iter()
                .position(|b| !matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                .unwrap_or(value.len());
            value.get(..end)?
        }
        _ => return None,
    };
    std::str::from_utf8(id).ok().map(str::to_string)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use crate::input::testutil::{articles, gzip, run_one, skips, texts};

    fn t(id: &str, text: &str) -> (String, String) {
        (id.to_string(), text.to_string())
    }

    #[test]
    fn jsonl_record_is_the_line_number_and_blank_lines_count() {
        let jsonl = b"{\"id\": \"a\", \"text\": \"x\", \"n\": 3}\n\n  \r\n{\"text\": \"y\"}\r\n";
        let (items, files) = run_one("f.jsonl", jsonl);
        assert_eq!(texts(&items), vec![t("a", "x"), t("f.jsonl:4", "y")]);
        let records: Vec<u64> = articles(&items).iter().map(|a| a.record).collect();
        assert_eq!(records, vec![1, 4]);
        assert_eq!(
            articles(&items)[0].fields,
            vec![("n".to_string(), "3".to_string())]
        );
        assert_eq!(files[0].records, 2);
    }

    #[test]
    fn jsonl_number_ids_keep_their_spelling() {
        let jsonl = br#"{"id": 18446744073709551616, "text": "x"}
{"id": 18446744073709551617, "text": "y"}
{"id": 123456789012345678901234567890, "text": "z", "s": 1.50}
{"id": 1e400, "text": "w"}
"#;
        let (items, _) = run_one("f.jsonl", jsonl);
        assert_eq!(
            texts(&items),
            vec![
                t("18446744073709551616", "x"),
                t("18446744073709551617", "y"),
                t("123456789012345678901234567890", "z"),
                t("1e400", "w"),
            ]
        );
        assert_eq!(
            articles(&items)[2].fields,
            vec![("s".to_string(), "1.50".to_string())]
        );
    }

    #[test]
    fn a_broken_line_keeps_its_own_id_when_it_can_be_read() {
        let id = |line: &str| super::id_of_broken_line(line.as_bytes(), "id");
        assert_eq!(id(r#"{"id":"bad","text":"cut"#), Some("bad".into()));
        assert_eq!(id(r#"{"id": 17, "text": oops}"#), Some("17".into()));
        // Not a nested id, not a value that is "id", not inside another string.
        assert_eq!(
            id(r#"{"meta":{"id":"m1"},"kind":"id","note":"say \"id\": \"x\"","id":"a","t"#),
            Some("a".into())
        );
        assert_eq!(id(r#"{"meta":{"id":"m1"},"text":"cut"#), None);
        // An id with escapes, or past the damage, is not guessed.
        assert_eq!(id(r#"{"id":"a\"b","text":x}"#), None);
        assert_eq!(id(r#"{"text":"cut, "id":"late"}"#), None);
        assert_eq!(id("not json"), None);
        // With --id-field.
        assert_eq!(
            super::id_of_broken_line(br#"{"doc":"d9","text":"#, "doc"),
            Some("d9".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn reading_the_id_of_any_broken_line_never_panics(line in r#"[{}\[\]":, a-z0-9\\.-]{0,60}"#) {
            let _ = super::id_of_broken_line(line.as_bytes(), "id");
        }
    }

    #[test]
    fn a_line_cut_short_says_so_not_column_0() {
        let (items, _) = run_one(
            "f.jsonl",
            b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"cut\n",
        );
        assert_eq!(
            skips(&items),
            vec![(
                2,
                "line is not valid JSON: control character (\\u0000-\\u001F) found while parsing a \
                 string at the end of the line (the record is cut short or split over lines)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn indented_json_in_a_jsonl_file_is_named_at_its_first_line_only() {
        let (items, _) = run_one("f.jsonl", b"\n[\n  {\"text\": \"a\"},\n  {\n");
        let skips = skips(&items);
        assert_eq!(
            skips[0],
            (
                2,
                "line is not valid JSON: EOF while parsing a list at the end of the line (the \
                 record is cut short or split over lines); the first line is not a whole JSON \
                 value: if the file is indented JSON, give --format json"
                    .to_string()
            )
        );
        assert!(!skips[2].1.contains("--format json"), "{:?}", skips[2]);
    }

    #[test]
    fn a_malformed_jsonl_line_is_skipped_and_the_others_kept() {
        let jsonl = b"{\"text\": \"a\"}\n{\"text\": oops}\n[1]\n\"s\"\n{\"text\": \"c\"}\n{\"text\": \"d\"} x\n";
        let (items, files) = run_one("f.ndjson", jsonl);
        assert_eq!(
            texts(&items),
            vec![t("f.ndjson:1", "a"), t("f.ndjson:5", "c")]
        );
        assert_eq!(
            skips(&items),
            vec![
                (
                    2,
                    "line is not valid JSON: expected value at column 10".to_string()
                ),
                (
                    3,
                    "line is not a JSON object (found an array); a file that is one JSON array \
                     is JSON, not JSON Lines: give --format json"
                        .to_string()
                ),
                (4, "line is not a JSON object (found a string)".to_string()),
                (
                    6,
                    "line is not valid JSON: trailing characters at column 15; more than one \
                     JSON value on the line? JSON Lines puts each object on a line of its own"
                        .to_string()
                ),
            ]
        );
        assert_eq!(files[0].records, 6);
    }

    #[test]
    fn jsonl_invalid_utf8_is_replaced_and_flagged_per_line() {
        let (items, _) = run_one("f.jsonl", b"{\"text\": \"caf\xe9\"}\n{\"text\": \"ok\"}\n");
        let a = articles(&items);
        assert_eq!(
            (a[0].text.as_str(), a[0].invalid_utf8),
            ("caf\u{FFFD}", true)
        );
        assert!(!a[1].invalid_utf8);
    }

    #[test]
    fn jsonl_text_that_is_not_a_string() {
        let (items, _) = run_one("f.jsonl", b"{\"id\": 7, \"text\": 12}\n");
        assert_eq!(
            skips(&items),
            vec![(1, "field 'text' is not a string".to_string())]
        );
        let Some(crate::input::Item::Skip(skip)) = items.first() else {
            panic!()
        };
        assert_eq!(skip.id.as_deref(), Some("7"));
    }

    #[test]
    fn gzipped_jsonl_and_a_truncated_one() {
        let mut jsonl = String::new();
        for i in 0..4000 {
            jsonl.push_str(&format!(
                "{{\"id\": \"{i}\", \"text\": \"{} words\"}}\n",
                i * 7919 % 10007
            ));
        }
        let gz = gzip(jsonl.as_bytes());
        let (items, _) = run_one("f.jsonl.gz", &gz);
        assert_eq!(articles(&items).len(), 4000);
        let (items, files) = run_one("f.jsonl.gz", &gz[..gz.len() / 2]);
        let kept = articles(&items).len() as u64;
        assert!(kept > 100 && kept < 4000, "kept {kept}");
        let skipped = skips(&items);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].0, kept + 1);
        assert!(
            skipped[0]
                .1
                .starts_with("file ends early (truncated gzip?): "),
            "{skipped:?}"
        );
        assert_eq!(files[0].records, kept + 1);
    }
}
