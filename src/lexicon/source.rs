//! What the CSV and `.dic` readers share: bytes -> text (BOM dropped, invalid UTF-8 reported
//! with its place), provenance (name from the origin, SHA-256 of the raw bytes), the rules for
//! terms and category paths, and located usage errors.
//!
//! Invariant: every error made here is a usage error (exit 2) tagged `origin:line:col`, where
//! `col` is a 1-based byte column on the physical line.

use std::path::Path;

use regex::{Regex, RegexBuilder};
use sha2::{Digest, Sha256};

use super::WordPattern;
use crate::error::{Error, Location};

/// Compiled size limit for one `re:` word, so a runaway pattern fails when the lexicon loads
/// rather than slowing every article down.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A usage error at `origin:line:col`.
pub(crate) fn error_at(origin: &str, line: u64, col: u64, message: impl Into<String>) -> Error {
    Error::tagged(Location::at(origin, line, col), message).into_usage()
}

/// The file as text: a leading UTF-8 byte-order mark is dropped; invalid UTF-8 is an error
/// naming the line and byte column of the first bad byte.
pub(crate) fn decode<'a>(origin: &str, bytes: &'a [u8]) -> crate::Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = (good.len() - line_start) as u64 + 1;
        error_at(
            origin,
            line,
            col,
            "the file is not valid UTF-8; save it as UTF-8",
        )
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

/// Split a term into its words. The `Err` is the message, for the caller to locate.
pub(crate) fn parse_term(
    term: &str,
    case_sensitive: bool,
    syntax: Syntax,
) -> Result<Vec<WordPattern>, String> {
    if syntax == Syntax::Slant {
        if let Some(pattern) = term.strip_prefix("re:") {
            let pattern = pattern.trim();
            if pattern.is_empty() {
                return Err("`re:` needs a regular expression after it".into());
            }
            compile_regex(pattern, case_sensitive)?;
            return Ok(vec![WordPattern::Regex(pattern.to_string())]);
        }
    }
    let mut words = Vec::new();
    for word in term.split_ascii_whitespace() {
        let pattern = if let Some(stem) = word.strip_suffix('*') {
            if stem.is_empty() {
                return Err(format!(
                    "`*` must end a word (as in `terror*`); a bare `*` in `{term}` would match \
                     every word"
                ));
            }
            WordPattern::Prefix(stem.to_string())
        } else if let Some(base) = word.strip_suffix('~').filter(|_| syntax == Syntax::Slant) {
            if base.is_empty() {
                return Err(format!(
                    "`~` must end a word (as in `attack~`), in `{term}`"
                ));
            }
            WordPattern::Inflected(base.to_string())
        } else {
            WordPattern::Exact(word.to_string())
        };
        words.push(pattern);
    }
    if words.is_empty() {
        return Err("empty term".into());
    }
    Ok(words)
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
            format!("invalid regular expression `{pattern}`: {reason}")
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
                "category `{path}` has an empty part between dots; write a dotted path such as \
                 `label.terror`"
            ));
        }
        if let Some(c) = segment
            .chars()
            .find(|&c| !(c.is_alphanumeric() || c == '_' || c == '-'))
        {
            return Err(format!(
                "category `{path}` contains {c:?}; use letters, digits, `_` or `-` between the dots"
            ));
        }
    }
    Ok(())
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
