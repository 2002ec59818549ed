//! LIWC `.dic` dictionaries, loaded as they are: a `%` line, category lines `ID name`, a
//! second `%` line, then entry lines `term id id …`.
//!
//! Invariants: tolerant of a BOM, CRLF or CR line ends, tabs or spaces (any white space),
//! blank lines and trailing blanks;
//! strict about meaning: an id not declared in the category block, an entry without ids or a
//! category name that is not a dotted path is a usage error at `origin:line:col` (1-based byte
//! column). Ids are numbers and compare by value (`02` is `2`). LIWC2007 conditional
//! assignments (`134/125`, `(02 134)126`, `<of>131/125`) are not supported: every token
//! holding `(`, `)`, `/`, `<` or `>` is dropped, the plain ids on its line are kept, and one
//! summary warning per file says how many were dropped. A term listed twice becomes one entry
//! with the categories of both, with a warning. A declared category left without entries (its
//! entries were all conditional, or it has none) gets a warning naming it, since it will have
//! no columns in the reports. Two category names that differ only in letter case are an error.
//! Every entry has weight 1 and is case-insensitive.

use std::collections::HashMap;

use super::source::{
    CategoryCase, Syntax, check_category, decode, error_at, lines, origin_stem, parse_term,
    sha256_hex, shown,
};
use super::{Entry, Lexicon};
use crate::diag::Warning;
use crate::error::{Error, Location};
use crate::text::normalize_key;

/// Parse a LIWC `.dic` dictionary. The lexicon is named after the file stem of `origin`;
/// category names are kept as written. Warnings: one summary for dropped conditional
/// assignments, one per merged duplicate term.
pub fn parse_dic(origin: &str, bytes: &[u8]) -> crate::Result<(Lexicon, Vec<Warning>)> {
    let text = decode(origin, bytes)?;
    let mut dic = Dic {
        origin,
        ..Dic::default()
    };
    for (n, line) in lines(text) {
        dic.line(n, line)?;
    }
    dic.finish(bytes)
}

#[derive(Default)]
enum Block {
    #[default]
    Start,
    /// Inside the category block opened on this line.
    Categories(u64),
    Entries,
}

#[derive(Default)]
struct Dic<'a> {
    origin: &'a str,
    block: Block,
    /// Category id (by value) -> (name, line it was declared on).
    categories: HashMap<u64, (String, u64)>,
    /// The category names so far, to refuse two that differ only in letter case.
    case: CategoryCase,
    entries: Vec<Entry>,
    /// Match key of each term -> its index in `entries`.
    seen: HashMap<String, usize>,
    /// Conditional tokens dropped, and the line of the first.
    conditional: u64,
    first_conditional: Option<u64>,
    /// Entries left out because all their ids were conditional.
    conditional_only: u64,
    /// The ids that dropped conditional tokens name (every run of digits in them).
    conditional_ids: std::collections::HashSet<u64>,
    warnings: Vec<Warning>,
}

impl Dic<'_> {
    fn line(&mut self, n: u64, line: &str) -> crate::Result<()> {
        let tokens = tokens(line);
        let Some(&(col, first)) = tokens.first() else {
            return Ok(()); // blank
        };
        let is_percent = tokens.len() == 1 && first == "%";
        match self.block {
            Block::Start if is_percent => self.block = Block::Categories(n),
            Block::Start => {
                return Err(error_at(
                    self.origin,
                    n,
                    col,
                    "a LIWC dictionary starts with a `%` line that opens its category block",
                ));
            }
            Block::Categories(_) if is_percent => self.block = Block::Entries,
            Block::Categories(_) => self.category(n, line, &tokens)?,
            Block::Entries => self.entry(n, line, &tokens)?,
        }
        Ok(())
    }

    fn category(&mut self, n: u64, line: &str, tokens: &[(u64, &str)]) -> crate::Result<()> {
        let (col, id_text) = tokens[0];
        let id = parse_id(id_text).ok_or_else(|| {
            error_at(
                self.origin,
                n,
                col,
                format!("category id `{}` is not a number", shown(id_text)),
            )
        })?;
        let Some(&(name_col, _)) = tokens.get(1) else {
            return Err(error_at(
                self.origin,
                n,
                col,
                format!("category {} has no name", shown(id_text)),
            ));
        };
        let name = line[name_col as usize - 1..].trim();
        check_category(name)
            .and_then(|()| self.case.check(name, n))
            .map_err(|m| {
                error_at(
                    self.origin,
                    n,
                    name_col,
                    format!("{m} (rename it in the dictionary)"),
                )
            })?;
        if let Some((_, first)) = self.categories.get(&id) {
            return Err(error_at(
                self.origin,
                n,
                col,
                format!(
                    "category id {} is declared twice (first on line {first})",
                    shown(id_text)
                ),
            ));
        }
        self.categories.insert(id, (name.to_string(), n));
        Ok(())
    }

    fn entry(&mut self, n: u64, line: &str, tokens: &[(u64, &str)]) -> crate::Result<()> {
        let term_col = tokens[0].0;
        let ids_from = id_start(line, tokens);
        let term_words: Vec<&str> = tokens[..ids_from].iter().map(|&(_, t)| t).collect();
        let term = term_words.join(" ");
        let words = parse_term(&term, false, Syntax::Liwc)
            .map_err(|m| error_at(self.origin, n, term_col, m))?;

        let mut categories: Vec<String> = Vec::new();
        let mut conditional = false;
        for &(col, token) in &tokens[ids_from..] {
            if token.contains(['(', ')', '/', '<', '>']) {
                conditional = true;
                self.conditional += 1;
                self.conditional_ids.extend(
                    token
                        .split(|c: char| !c.is_ascii_digit())
                        .filter_map(parse_id),
                );
                self.first_conditional.get_or_insert(n);
                continue;
            }
            let at = |m: String| error_at(self.origin, n, col, m);
            let id = parse_id(token).ok_or_else(|| {
                at(format!(
                    "`{}` is not a category id (a number declared between the `%` lines)",
                    shown(token)
                ))
            })?;
            let name = self.categories.get(&id).ok_or_else(|| {
                at(format!(
                    "category id `{}` is not declared between the `%` lines",
                    shown(token)
                ))
            })?;
            if !categories.contains(&name.0) {
                categories.push(name.0.clone());
            }
        }
        if categories.is_empty() {
            if conditional {
                self.conditional_only += 1;
                return Ok(());
            }
            return Err(error_at(
                self.origin,
                n,
                term_col,
                format!(
                    "entry `{}` has no category ids; add the ids of its categories",
                    shown(&term)
                ),
            ));
        }

        let key = normalize_key(&term, false);
        if let Some(&i) = self.seen.get(&key) {
            let first = &mut self.entries[i];
            for c in categories {
                if !first.categories.contains(&c) {
                    first.categories.push(c);
                }
            }
            // `strasse` after `straße`: say how the first was spelt, or the line looks wrong.
            let spelt = if first.term == term {
                String::new()
            } else {
                format!(", as `{}`", shown(&first.term))
            };
            self.warnings.push(Warning::new(
                self.origin,
                Some(n),
                format!(
                    "`{}` is listed again (first on line {}{spelt}); its categories were merged",
                    shown(&term),
                    first.line
                ),
            ));
            return Ok(());
        }
        self.seen.insert(key, self.entries.len());
        self.entries.push(Entry {
            term,
            words,
            categories,
            weight: 1.0,
            alternatives: Vec::new(),
            case_sensitive: false,
            note: String::new(),
            line: n,
        });
        Ok(())
    }

    fn finish(mut self, bytes: &[u8]) -> crate::Result<(Lexicon, Vec<Warning>)> {
        match self.block {
            Block::Start => {
                return Err(Error::tagged(
                    Location::file(self.origin),
                    "not a LIWC dictionary: there is no `%` line opening a category block",
                )
                .into_usage());
            }
            Block::Categories(opened) => {
                return Err(error_at(
                    self.origin,
                    opened,
                    1,
                    "the category block opened here is never closed by a second `%` line",
                ));
            }
            Block::Entries => {}
        }
        if self.conditional > 0 {
            let n = self.conditional;
            let mut message = if n == 1 {
                "1 conditional category assignment (LIWC2007 `<of>`/`(…)` forms) was ignored"
                    .to_string()
            } else {
                format!(
                    "{n} conditional category assignments (LIWC2007 `<of>`/`(…)` forms) were ignored"
                )
            };
            message.push_str("; plain categories on those lines were kept");
            match self.conditional_only {
                0 => {}
                1 => message.push_str("; 1 entry with only conditional categories was left out"),
                m => message.push_str(&format!(
                    "; {m} entries with only conditional categories were left out"
                )),
            }
            self.warnings.insert(
                0,
                Warning::new(self.origin, self.first_conditional, message),
            );
        }
        self.warnings.extend(self.unused_categories());
        let lexicon = Lexicon {
            name: origin_stem(self.origin),
            version: String::new(),
            description: String::new(),
            source: String::new(),
            license: String::new(),
            origin: self.origin.to_string(),
            sha256: sha256_hex(bytes),
            entries: self.entries,
            bytes: bytes.into(),
        };
        Ok((lexicon, self.warnings))
    }
}

impl Dic<'_> {
    /// A warning for each declared category that no entry kept, in declaration order: it
    /// will have no column in any report, unlike a CSV category whose entries never match.
    /// None for a dictionary without entries (the loader warns about that).
    fn unused_categories(&self) -> Vec<Warning> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let mut unused: Vec<(u64, &str, bool)> = self
            .categories
            .iter()
            .filter(|(_, (name, _))| !self.entries.iter().any(|e| e.categories.contains(name)))
            .map(|(id, (name, line))| (*line, name.as_str(), self.conditional_ids.contains(id)))
            .collect();
        unused.sort_unstable();
        unused
            .into_iter()
            .map(|(line, name, conditional)| {
                let why = if conditional {
                    "no entries left (it was assigned only in conditional forms, which slant \
                     drops)"
                } else {
                    "no entries"
                };
                Warning::new(
                    self.origin,
                    Some(line),
                    format!(
                        "category `{name}` has {why}, so it counts nothing and will have no \
                         columns in the reports"
                    ),
                )
            })
            .collect()
    }
}

/// The blank-separated tokens of a line (any white space separates) with their 1-based byte
/// columns.
fn tokens(line: &str) -> Vec<(u64, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s as u64 + 1, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// Index of the first id token of an entry line. With a tab after the term, the term is
/// everything before the first tab; without one (spaces only), the ids are the trailing run of
/// tokens that look like ids (digits, or a conditional form), and the first token always
/// belongs to the term.
fn id_start(line: &str, tokens: &[(u64, &str)]) -> usize {
    let term_start = tokens[0].0 as usize - 1;
    if let Some(tab) = line[term_start..].find('\t') {
        let tab_col = (term_start + tab + 1) as u64;
        return tokens
            .iter()
            .position(|&(col, _)| col > tab_col)
            .unwrap_or(tokens.len());
    }
    let looks_like_id =
        |t: &str| t.bytes().all(|b| b.is_ascii_digit()) || t.contains(['(', ')', '/', '<', '>']);
    tokens
        .iter()
        .rposition(|&(_, t)| !looks_like_id(t))
        .map_or(1, |i| i + 1)
}

/// A category id by value: ASCII digits only.
fn parse_id(text: &str) -> Option<u64> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests;
