//! What the paragraph and quotation rules need to know before reading a text word by word:
//! whether blank lines separate its paragraphs, where its paragraphs break, and where a curly
//! `’` or `‘` stands that could close a single quotation opened earlier.

use super::Scratch;
use super::token::RawToken;

/// True when the text holds `‘` (E2 80 98) or `‚` (E2 80 9A). A byte search: a search by
/// `char` decodes every character of the text, and most texts have neither.
pub(super) fn has_single_opener(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(0xE2, b)
        .any(|i| b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x98 | 0x9A)))
}

/// True when the text separates paragraphs with blank lines; then a single line break is
/// only a line wrap. Otherwise every line break starts a paragraph. A blank line holds only
/// white space (of any kind, as [`Breaks`] reads it) and must stand between two lines of
/// text: blank lines before the first or after the last (a scraper's trailing `\n\n`)
/// separate nothing.
pub(super) fn has_blank_line(text: &str) -> bool {
    let text = text.trim();
    let mut i = 0;
    while let Some(pos) = text.get(i..).and_then(|rest| rest.find('\n')) {
        let mut j = i + pos + 1;
        while let Some(c) = text.get(j..).and_then(|rest| rest.chars().next()) {
            match c {
                '\n' => return true,
                c if c.is_whitespace() => j += c.len_utf8(),
                _ => break,
            }
        }
        i = j;
    }
    false
}

/// Paragraph breaks in the gap between two words, one character at a time: every line break
/// starts a paragraph, or, in blank-line mode, only a line break after a blank line does.
/// The one rule both passes over the gaps use.
pub(super) struct Breaks {
    blank_mode: bool,
    newline_run: bool,
}

impl Breaks {
    pub(super) fn new(blank_mode: bool) -> Self {
        Breaks {
            blank_mode,
            newline_run: false,
        }
    }

    /// True when `c` is a line break that ends a paragraph.
    pub(super) fn step(&mut self, c: char) -> bool {
        if c == '\n' {
            let ends = !self.blank_mode || self.newline_run;
            self.newline_run = true;
            return ends;
        }
        if !c.is_whitespace() {
            self.newline_run = false;
        }
        false
    }
}

/// Records where paragraphs break and where a curly `’` could close a single quotation, so
/// that each `‘` can look ahead in O(log n).
pub(super) fn find_breaks(text: &str, raw: &[RawToken], blank_mode: bool, scratch: &mut Scratch) {
    scratch.paragraph_breaks.clear();
    scratch.single_closers.clear();
    scratch.low_closers.clear();
    let mut prev_end = 0;
    for i in 0..=raw.len() {
        let gap_end = raw.get(i).map_or(text.len(), |t| t.start);
        let gap = text.get(prev_end..gap_end).unwrap_or("");
        let mut breaks = Breaks::new(blank_mode);
        for (off, c) in gap.char_indices() {
            if breaks.step(c) {
                scratch.paragraph_breaks.push(prev_end + off);
            } else if c == '\u{2019}' {
                scratch.single_closers.push(prev_end + off);
            } else if c == '\u{2018}' {
                scratch.low_closers.push(prev_end + off);
            }
        }
        if let Some(t) = raw.get(i) {
            prev_end = t.end;
        }
    }
}

/// True when the `’` at byte `at`, inside a `‘` quotation, is read as a plural possessive
/// (`‘The militants’ homes were used by terrorists,’ the minister said`): it stands after an
/// `s` and before a space and a lower-case letter, and the paragraph's next `’` stands after
/// punctuation (`,’` `.’` `?’` `!’` …, where a quotation of speech ends) with no `‘` between.
/// A scare quote on a plural (`the ‘navigators’ are hired`) is followed by no such closer,
/// and stays one.
pub(super) fn possessive_in_quotation(text: &str, at: usize, scratch: &Scratch) -> bool {
    let before = text.get(..at).and_then(|s| s.chars().next_back());
    let mut after = text.get(at + '\u{2019}'.len_utf8()..).map(str::chars);
    let shape = matches!(before, Some('s' | 'S'))
        && after.as_mut().and_then(Iterator::next) == Some(' ')
        && after
            .as_mut()
            .and_then(Iterator::next)
            .is_some_and(char::is_lowercase);
    if !shape {
        return false;
    }
    let Some(next) = closer_in_paragraph(&scratch.single_closers, scratch, at) else {
        return false;
    };
    let after_punctuation = text
        .get(..next)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | '\u{2026}'));
    let opener_between = next_after(&scratch.low_closers, at).is_some_and(|o| o < next);
    after_punctuation && !opener_between
}

/// True when one of `closers` (byte offsets, ascending) follows `at` in its paragraph.
pub(super) fn closer_ahead(closers: &[usize], scratch: &Scratch, at: usize) -> bool {
    closer_in_paragraph(closers, scratch, at).is_some()
}

/// The first of `closers` (byte offsets, ascending) after `at`, when it is in `at`'s
/// paragraph.
fn closer_in_paragraph(closers: &[usize], scratch: &Scratch, at: usize) -> Option<usize> {
    let closer = next_after(closers, at)?;
    next_after(&scratch.paragraph_breaks, at)
        .is_none_or(|b| closer < b)
        .then_some(closer)
}

/// The first of `offsets` (ascending) after `at`.
fn next_after(offsets: &[usize], at: usize) -> Option<usize> {
    offsets.get(offsets.partition_point(|&p| p <= at)).copied()
}
