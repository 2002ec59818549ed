//! Lints of one word of an entry: a word that can never be one token (a hyphenated word too:
//! its hyphens match only inside one compound of the text), a dash that text reads as the end
//! of a word, `~` on a word English does not spell, and `re:`
//! patterns that do not compile, match the empty string or need white space.

use super::super::source::{compile_regex, shown};
use super::super::{Entry, WordPattern};
use super::{Lint, LintLevel};
use crate::text::token::is_hyphen;
use crate::text::{fold_char, is_single_token};

pub(super) fn check_word(entry: &Entry, word: &WordPattern) -> Option<Lint> {
    // The word as written, with its marker, and what must be one token for it to match (any
    // word a prefix matches is the stem plus more letters).
    let (marked, token) = match word {
        WordPattern::Exact(w) => (w.clone(), w.clone()),
        WordPattern::Prefix(stem) => (format!("{stem}*"), format!("{stem}a")),
        WordPattern::Inflected(base) => (format!("{base}~"), base.clone()),
        WordPattern::Regex(p) => return check_regex(entry, p),
    };
    let term = shown(&entry.term);
    if is_single_token(&token) {
        if let WordPattern::Inflected(base) = word {
            if base.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                return Some(Lint::warning(
                    entry.line,
                    format!(
                        "`{}` in `{term}`: `~` adds English inflections (-s, -ed, -ing, …), \
                         which this word's language may not have; list its forms, or use a \
                         trailing `*`",
                        shown(&marked)
                    ),
                ));
            }
        }
        return None;
    }
    let marked = shown(&marked);
    if token.contains('*') {
        return Some(Lint::warning(
            entry.line,
            format!(
                "`{marked}` in `{term}` can never match: `*` is a wildcard only at the end of a \
                 word (`terror*`); slant has no leading or inner wildcard, so list the forms, or \
                 use a `re:` entry"
            ),
        ));
    }
    let shown_word = if entry.words.len() == 1 {
        format!("`{marked}`")
    } else {
        format!("`{marked}` in `{term}`")
    };
    let dashes = separating_dashes(&marked);
    let as_hyphens = |w: &str| -> String {
        w.chars()
            .map(|c| if dashes.contains(&c) { '-' } else { c })
            .collect()
    };
    let message = if !dashes.is_empty() && is_single_token(&as_hyphens(&token)) {
        // Entries fold every dash to `-`, so the word matches as a hyphenated compound; but
        // in text these dashes end a word, so the spelling as written never occurs as one.
        let names: Vec<&str> = dashes.iter().map(|&c| dash_name(c).1).collect();
        let (read, separate) = match names.split_last() {
            Some((last, init)) if !init.is_empty() => (
                format!(
                    "the {} and the {last} are read as hyphens",
                    init.join(", the ")
                ),
                "in text these separate words".to_string(),
            ),
            _ => (
                format!("the {} is read as a hyphen", names.join("")),
                format!(
                    "in text {} {} separates words",
                    dash_name(dashes[0]).0,
                    names.join("")
                ),
            ),
        };
        let what = if entry.words.len() == 1 {
            "entry"
        } else {
            "word"
        };
        format!(
            "{shown_word}: {read}, so this {what} matches `{}`, never `{marked}` as written \
             ({separate})",
            as_hyphens(&marked)
        )
    } else {
        let what = match word {
            WordPattern::Prefix(_) => "words starting with it are",
            WordPattern::Inflected(_) => "its base is",
            _ => "it is",
        };
        format!(
            "`{marked}` in `{term}` can never match: {what} not a single word under slant's \
             tokenizer"
        )
    };
    Some(Lint::warning(entry.line, message))
}

fn check_regex(entry: &Entry, p: &str) -> Option<Lint> {
    let pattern = shown(p);
    match compile_regex(p, entry.case_sensitive) {
        Err(message) => Some(Lint {
            line: entry.line,
            level: LintLevel::Error,
            message,
        }),
        Ok(re) if re.is_match("") => Some(Lint::warning(
            entry.line,
            format!(
                "`re:{pattern}` matches the empty string, so some part of it is optional that \
                 should not be"
            ),
        )),
        Ok(_) => {
            let space = needs_space(p)?;
            Some(Lint::warning(
                entry.line,
                format!(
                    "`re:{pattern}` has {space} outside `[…]`, but a `re:` entry is matched \
                     against one word, which never holds white space, so what needs it can never \
                     match; for words in a row write a phrase entry (a word of a phrase may end \
                     in `*` or `~`), or keep the pattern within one word (`\\S`, not `\\s`)"
                ),
            ))
        }
    }
}

/// What in a `re:` pattern can only match white space, outside a character class: a white
/// space character, escaped or not, or `\s`. A conservative rule: `[\s]`, `\p{White_Space}`
/// and `\x20` are not looked for, and after an inline flag that turns on extended mode
/// (`(?x)`) unescaped white space is not either, since the regex ignores it there.
pub(super) fn needs_space(pattern: &str) -> Option<String> {
    let mut chars = pattern.chars().peekable();
    let mut class = 0u32;
    let mut extended = false;
    let describe = |c: char| {
        if c == ' ' {
            "a space".to_string()
        } else {
            format!("white space (U+{:04X})", c as u32)
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next()?;
                if class == 0 && escaped == 's' {
                    return Some("`\\s`".into());
                }
                if class == 0 && escaped.is_whitespace() {
                    return Some(describe(escaped));
                }
            }
            '[' => {
                class += 1;
                // A `]` first in a class (after an optional `^`) is a literal.
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                }
            }
            ']' if class > 0 => class -= 1,
            '(' if class == 0 && chars.peek() == Some(&'?') => {
                let flags: String = chars
                    .clone()
                    .skip(1)
                    .take_while(|f| f.is_ascii_alphabetic() || *f == '-')
                    .collect();
                if flags.split('-').next().is_some_and(|on| on.contains('x')) {
                    extended = true;
                }
            }
            '#' if extended && class == 0 => {
                // A comment, to the end of the line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            c if c.is_whitespace() && class == 0 && !extended => return Some(describe(c)),
            _ => {}
        }
    }
    None
}

/// The dashes in `word`, each once in order of appearance, that matching folds to `-` but the
/// tokenizer treats as the end of a word (en and em dash, minus sign, …); the true hyphens
/// (`-`, U+2010, U+2011) join a compound and are not among them.
fn separating_dashes(word: &str) -> Vec<char> {
    let mut dashes: Vec<char> = Vec::new();
    for c in word.chars() {
        if fold_char(c) == '-' && !is_hyphen(c) && !dashes.contains(&c) {
            dashes.push(c);
        }
    }
    dashes
}

/// The article and name of a dash that [`fold_char`] folds to `-`.
fn dash_name(c: char) -> (&'static str, &'static str) {
    match c {
        '\u{2012}' => ("a", "figure dash"),
        '\u{2013}' => ("an", "en dash"),
        '\u{2014}' => ("an", "em dash"),
        '\u{2015}' => ("a", "horizontal bar"),
        '\u{2212}' => ("a", "minus sign"),
        '\u{FE63}' => ("a", "small hyphen-minus"),
        '\u{FF0D}' => ("a", "fullwidth hyphen-minus"),
        _ => ("a", "dash"),
    }
}

#[cfg(test)]
mod tests;
