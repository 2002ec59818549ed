//! What the CSV and `.dic` readers share: bytes -> text (BOM dropped, invalid UTF-8 reported
//! with its place), lines (ending in LF, CRLF or a lone CR), provenance (name from the origin,
//! SHA-256 of the raw bytes), the rules for terms (any white space separates words, invisible
//! format characters are dropped, as in text) and category paths (well formed, and within a
//! file never two that differ only in letter case), located usage errors, and how user text is
//! shown in messages ([`shown`]).
//!
//! Invariant: every error made here is a usage error (exit 2) tagged `origin:line:col`, where
//! `col` is a 1-based byte column on the physical line.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use regex::{Regex, RegexBuilder};
use sha2::{Digest, Sha256};

use super::WordPattern;
use crate::error::{Error, Location};
use crate::text::token::is_invisible;

/// Compiled size limit for one `re:` word, so a runaway pattern fails when the lexicon loads
/// rather than slowing every article down.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A usage error at `origin:line:col`.
pub(crate) fn error_at(origin: &str, line: u64, col: u64, message: impl Into<String>) -> Error {
    Error::tagged(Location::at(origin, line, col), message).into_usage()
}

/// The file as text: a leading UTF-8 byte-order mark is dropped; invalid UTF-8 is an error
/// naming the line and byte column of the first bad byte (lines end in LF, CRLF or CR).
pub(crate) fn decode<'a>(origin: &str, bytes: &'a [u8]) -> crate::Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        // The bytes before the first bad one are text; the bad byte is on their last line.
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, last) = lines(good).last().unwrap_or((1, ""));
        let col = last.len() as u64 + 1;
        error_at(
            origin,
            line,
            col,
            "the file is not valid UTF-8; save it as UTF-8",
        )
    })
}

/// The lines of `text` with their 1-based numbers, split at LF, CRLF or a lone CR (the line
/// end of classic Mac OS, which Excel for Mac still writes as "CSV (Macintosh)").
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    let mut rest = Some(text);
    let mut n = 0;
    std::iter::from_fn(move || {
        let now = rest?;
        n += 1;
        match now.find(['\n', '\r']) {
            Some(end) => {
                let crlf = now[end..].starts_with("\r\n");
                rest = Some(&now[end + if crlf { 2 } else { 1 }..]);
                Some((n, &now[..end]))
            }
            None => {
                rest = None;
                Some((n, now))
            }
        }
    })
}

/// What separates the words of a term, as it separates words in text: any Unicode white space
/// (the no-break space and thin space of text pasted from a web page or word processor
/// included) and the zero-width space.
pub(crate) fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// `text` for a message: white space other than the plain space, control characters, and the
/// invisible format and bidirectional characters are written as `\u{XXXX}` (as the terminal
/// output escapes them), so that `gaza\u{00A0}strip` does not read as `gaza strip`.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    crate::sanitize::escape_where(text, |c| {
        (c.is_whitespace() && c != ' ')
            || c.is_control()
            || is_invisible(c)
            || crate::sanitize::is_hidden(c)
    })
}

/// Lowercase hex SHA-256 of the raw bytes (BOM included: it is the file as shipped).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The default lexicon name: the file stem of the origin (`builtin:labels.csv` -> `labels`).
pub(crate) fn origin_stem(origin: &str) -> String {
    let path = origin.strip_prefix("builtin:").unwrap_or(origin);
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Which term syntax a file format has: LIWC knows only the `*` wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Slant,
    Liwc,
}

/// `text` without the invisible format characters text ignores inside a word; borrowed when
/// it has none.
fn visible(text: &str) -> Cow<'_, str> {
    if text.contains(is_invisible) {
        Cow::Owned(text.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Split a term into its words. Any white space separates words ([`is_separator`]); the
/// invisible format characters that text ignores inside a word (soft hyphen, left-to-right
/// mark, …: [`is_invisible`]) are dropped, as the text side drops them, so a pasted `israel`
/// with a trailing mark is the word `israel`. The `Err` is the message, for the caller to
/// locate.
pub(crate) fn parse_term(
    term: &str,
    case_sensitive: bool,
    syntax: Syntax,
) -> Result<Vec<WordPattern>, String> {
    if syntax == Syntax::Slant {
        if let Some(pattern) = term.trim_start_matches(is_separator).strip_prefix("re:") {
            let pattern = visible(pattern.trim_matches(is_separator));
            if pattern.is_empty() {
                return Err("`re:` needs a regular expression after it".into());
            }
            compile_regex(&pattern, case_sensitive)?;
            return Ok(vec![WordPattern::Regex(pattern.into_owned())]);
        }
    }
    let mut words = Vec::new();
    for word in term.split(is_separator).map(visible) {
        if word.is_empty() {
            continue;
        }
        let pattern = if let Some(stem) = word.strip_suffix('*') {
            if stem.is_empty() {
                return Err(format!(
                    "`*` must end a word (as in `terror*`); a bare `*` in `{}` would match \
                     every word",
                    shown(term)
                ));
            }
            WordPattern::Prefix(stem.to_string())
        } else if let Some(base) = word.strip_suffix('~').filter(|_| syntax == Syntax::Slant) {
            if base.is_empty() {
                return Err(format!(
                    "`~` must end a word (as in `attack~`), in `{}`",
                    shown(term)
                ));
            }
            WordPattern::Inflected(base.to_string())
        } else {
            WordPattern::Exact(word.into_owned())
        };
        words.push(pattern);
    }
    if words.is_empty() {
        return Err("empty term".into());
    }
    let texts = words
        .iter()
        .fold(1usize, |n, word| n.saturating_mul(ways(word)));
    if texts > MAX_WAYS {
        let inflected = words
            .iter()
            .filter(|w| matches!(w, WordPattern::Inflected(_)))
            .count();
        return Err(format!(
            "`{}` has {} words, {inflected} of them with `~`: the matcher would read it in {} \
             ways (each `~` word in all its forms, each hyphenated word whole and in parts), \
             and at most {MAX_WAYS} are allowed in one entry; split the phrase, or list the \
             forms you mean",
            shown(term),
            words.len(),
            if texts == usize::MAX {
                "too many".to_string()
            } else {
                texts.to_string()
            },
        ));
    }
    Ok(words)
}

/// The most ways one entry may be read (the product of [`ways`] over its words): each is a
/// path through the lexicon's trie, so a phrase of twelve `~` words (4^12 paths) would take
/// minutes and gigabytes to build. Phrases of news have a few `~` words at most (`attack~
/// plan~` has 16 ways, five `~` words 1,024 or more).
pub const MAX_WAYS: usize = 1024;

/// In how many ways the matcher reads one word of an entry: a `~` word in each of its forms,
/// and a hyphenated word both whole and as its parts.
fn ways(word: &WordPattern) -> usize {
    let (text, forms) = match word {
        WordPattern::Inflected(base) => (base, super::inflections(base).len()),
        WordPattern::Exact(text) | WordPattern::Prefix(text) => (text, 1),
        WordPattern::Regex(_) => return 1,
    };
    if text.contains('-') { 2 * forms } else { forms }
}

/// Compile a `re:` pattern the way the matcher uses it: anchored to one whole token, with the
/// entry's case flag, under [`REGEX_SIZE_LIMIT`]. The pattern must also be valid on its own:
/// `a)|(b` is not, though wrapped in `^(?:…)$` it would compile to something else. The `Err`
/// is a one-line message.
pub(crate) fn compile_regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    let build = |p: &str| {
        RegexBuilder::new(p)
            .case_insensitive(!case_sensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
    };
    build(pattern)
        .and_then(|_| build(&format!("^(?:{pattern})$")))
        .map_err(|e| {
            let reason = match &e {
                regex::Error::Syntax(text) => text
                    .lines()
                    .rev()
                    .find_map(|l| l.trim().strip_prefix("error: "))
                    .map_or_else(|| text.replace('\n', " "), str::to_string),
                regex::Error::CompiledTooBig(limit) => {
                    format!("it compiles to more than {limit} bytes; simplify it")
                }
                other => other.to_string(),
            };
            format!("invalid regular expression `{}`: {reason}", shown(pattern))
        })
}

/// Check one dotted category path (`label.terror`): non-empty segments of letters, digits,
/// `_` or `-`. The `Err` is the message.
pub(crate) fn check_category(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty category name".into());
    }
    for segment in path.split('.') {
        if segment.is_empty() {
            return Err(format!(
                "category `{}` has an empty part between dots; write a dotted path such as \
                 `label.terror`",
                shown(path)
            ));
        }
        if let Some(c) = segment
            .chars()
            .find(|&c| !(c.is_alphanumeric() || c == '_' || c == '-'))
        {
            return Err(format!(
                "category `{}` contains {c:?}; use letters, digits, `_` or `-` between the dots",
                shown(path)
            ));
        }
    }
    Ok(())
}

/// The category names a file has used so far, by their lower case, to refuse two that differ
/// only in letter case (`label.terror` and `label.Terror`, or `Label.militant` beside
/// `label.terror`): categories are matched exactly, so they would be counted apart and roll up
/// into different parents, which no one means.
#[derive(Default)]
pub(crate) struct CategoryCase {
    /// Lower-cased path (a category or one of its parents) -> as first written, and where.
    seen: HashMap<String, (String, String, u64)>,
    /// The categories already checked, as written: most entries repeat one.
    checked: HashSet<String>,
}

impl CategoryCase {
    /// Record `category`, used on `line`. The `Err` is the message, naming the first line.
    pub fn check(&mut self, category: &str, line: u64) -> Result<(), String> {
        if self.checked.contains(category) {
            return Ok(());
        }
        for path in super::category_paths(category) {
            let (first, in_category, first_line) = self
                .seen
                .entry(path.to_lowercase())
                .or_insert_with(|| (path.to_string(), category.to_string(), line));
            if first != path {
                let what = if path == category {
                    format!("category `{category}` differs only in letter case from `{first}`")
                } else {
                    format!(
                        "category `{category}` starts with `{path}`, which differs only in \
                         letter case from `{first}` (in `{in_category}`)"
                    )
                };
                return Err(format!(
                    "{what} on line {first_line}; categories are case-sensitive, so the two \
                     would be counted apart: spell them alike"
                ));
            }
        }
        self.checked.insert(category.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_bom_and_locates_bad_bytes() {
        assert_eq!(decode("x.csv", b"\xEF\xBB\xBFterm").unwrap(), "term");
        let err = decode("x.csv", b"a\nbc\xFFd").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:2:3: the file is not valid UTF-8; save it as UTF-8"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn cr_line_ends_count_as_lines() {
        let err = decode("x.csv", b"a\rb\r\nc\rd\xFF").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.csv:4:2: the file is not valid UTF-8; save it as UTF-8"
        );
        let got: Vec<(u64, &str)> = lines("a\rb\r\nc\n\rd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
        assert_eq!(lines("").count(), 1);
    }

    #[test]
    fn any_white_space_separates_words_and_invisible_marks_are_dropped() {
        use WordPattern::*;
        // No-break space, thin space, ideographic space and zero-width space separate words,
        // as they do in text; around the term they are nothing.
        assert_eq!(
            parse_term(
                "\u{A0}gaza\u{A0}strip\u{2009}west\u{3000}bank\u{200B}x*\u{A0}",
                false,
                Syntax::Slant
            )
            .unwrap(),
            vec![
                Exact("gaza".into()),
                Exact("strip".into()),
                Exact("west".into()),
                Exact("bank".into()),
                Prefix("x".into()),
            ]
        );
        // The format characters that text ignores inside a word are dropped from entries:
        // left-to-right mark, soft hyphen, byte-order mark, word joiner.
        assert_eq!(
            parse_term(
                "israel\u{200E} terror\u{AD}ist~ \u{FEFF}hamas\u{2060}",
                false,
                Syntax::Slant
            )
            .unwrap(),
            vec![
                Exact("israel".into()),
                Inflected("terrorist".into()),
                Exact("hamas".into()),
            ]
        );
        assert_eq!(
            parse_term("re:jihad\u{200E}\u{A0}", false, Syntax::Slant).unwrap(),
            vec![Regex("jihad".into())]
        );
        assert_eq!(
            parse_term("\u{A0}\u{200E} ", false, Syntax::Slant).unwrap_err(),
            "empty term"
        );
        assert_eq!(
            parse_term("a\u{A0}*", false, Syntax::Slant).unwrap_err(),
            "`*` must end a word (as in `terror*`); a bare `*` in `a\\u{00A0}*` would match \
             every word"
        );
    }

    #[test]
    fn messages_show_odd_white_space_and_invisible_characters() {
        assert_eq!(shown("plain text"), "plain text");
        assert_eq!(
            shown("gaza\u{A0}strip\u{2009}\u{200B}\u{200E}\u{AD}\t\u{202E}"),
            "gaza\\u{00A0}strip\\u{2009}\\u{200B}\\u{200E}\\u{00AD}\\u{0009}\\u{202E}"
        );
        // As the terminal output escapes them: nothing is escaped twice.
        assert_eq!(
            crate::sanitize::for_terminal(&shown("a\u{200B}b"), false),
            "a\\u{200B}b"
        );
    }

    #[test]
    fn categories_that_differ_only_in_letter_case_are_refused() {
        let mut case = CategoryCase::default();
        assert!(case.check("label.terror", 2).is_ok());
        assert!(case.check("label.terror", 3).is_ok());
        assert!(case.check("label.militant", 3).is_ok());
        assert_eq!(
            case.check("label.Terror", 4).unwrap_err(),
            "category `label.Terror` differs only in letter case from `label.terror` on line 2; \
             categories are case-sensitive, so the two would be counted apart: spell them alike"
        );
        assert_eq!(
            case.check("Label.Militant", 5).unwrap_err(),
            "category `Label.Militant` starts with `Label`, which differs only in letter case \
             from `label` (in `label.terror`) on line 2; categories are case-sensitive, so the \
             two would be counted apart: spell them alike"
        );
        assert_eq!(
            case.check("\u{C9}tat", 6)
                .and_then(|()| case.check("\u{E9}tat", 7))
                .unwrap_err(),
            "category `\u{E9}tat` differs only in letter case from `\u{C9}tat` on line 6; \
             categories are case-sensitive, so the two would be counted apart: spell them alike"
        );
    }

    #[test]
    fn stems_and_hashes() {
        assert_eq!(origin_stem("builtin:labels.csv"), "labels");
        assert_eq!(origin_stem("/a/b/LIWC2007.dic"), "LIWC2007");
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn term_words() {
        use WordPattern::*;
        assert_eq!(
            parse_term("terror group* attack~", false, Syntax::Slant).unwrap(),
            vec![
                Exact("terror".into()),
                Prefix("group".into()),
                Inflected("attack".into())
            ]
        );
        assert_eq!(
            parse_term("re: jihad(i|ist)s? ", false, Syntax::Slant).unwrap(),
            vec![Regex("jihad(i|ist)s?".into())]
        );
        // LIWC has no `~` or `re:` syntax: they stay literal.
        assert_eq!(
            parse_term("re:x attack~", false, Syntax::Liwc).unwrap(),
            vec![Exact("re:x".into()), Exact("attack~".into())]
        );
        assert_eq!(
            parse_term("  ", false, Syntax::Slant).unwrap_err(),
            "empty term"
        );
        assert_eq!(
            parse_term("re:", false, Syntax::Slant).unwrap_err(),
            "`re:` needs a regular expression after it"
        );
        assert_eq!(
            parse_term("~", false, Syntax::Slant).unwrap_err(),
            "`~` must end a word (as in `attack~`), in `~`"
        );
    }

    #[test]
    fn an_entry_read_in_too_many_ways_is_refused() {
        // Five regular `~` words: 4^5 = 1,024 ways, the most allowed.
        let five = "attack~ attack~ attack~ attack~ attack~";
        assert_eq!(parse_term(five, false, Syntax::Slant).unwrap().len(), 5);
        // One hyphenated word more doubles them.
        let six = format!("{five} al-qaeda");
        assert_eq!(
            parse_term(&six, false, Syntax::Slant).unwrap_err(),
            format!(
                "`{six}` has 6 words, 5 of them with `~`: the matcher would read it in 2048 ways \
                 (each `~` word in all its forms, each hyphenated word whole and in parts), and \
                 at most 1024 are allowed in one entry; split the phrase, or list the forms you \
                 mean"
            )
        );
        // Far too many does not overflow.
        let many = "a-b ".repeat(200);
        assert!(
            parse_term(&many, false, Syntax::Liwc)
                .unwrap_err()
                .contains("would read it in too many ways")
        );
    }

    #[test]
    fn regex_messages_are_one_line() {
        assert_eq!(
            compile_regex("a)|(b", false).unwrap_err(),
            "invalid regular expression `a)|(b`: unopened group"
        );
        // Validated as the matcher anchors it, so an extended-mode comment cannot swallow
        // the closing anchor unnoticed.
        assert!(compile_regex("(?x)ab # note", true).is_err());
        assert_eq!(
            compile_regex(r"\w{1000}{1000}", false).unwrap_err(),
            format!(
                "invalid regular expression `\\w{{1000}}{{1000}}`: it compiles to more than \
                 {REGEX_SIZE_LIMIT} bytes; simplify it"
            )
        );
    }

    #[test]
    fn category_paths() {
        assert!(check_category("label.terror").is_ok());
        assert!(check_category("x_1.a-b.Ünïcode").is_ok());
        assert_eq!(
            check_category("label..x").unwrap_err(),
            "category `label..x` has an empty part between dots; write a dotted path such as \
             `label.terror`"
        );
        assert_eq!(
            check_category("a b").unwrap_err(),
            "category `a b` contains ' '; use letters, digits, `_` or `-` between the dots"
        );
    }
}
