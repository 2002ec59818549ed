//! The context cells of `matches.csv`: the nearest characters either side of a match, white
//! space folded to single spaces, formula-guarded.

use unicode_normalization::char::is_combining_mark;

use crate::report::csv::{guard, is_risky, push_text};
use crate::swar;

/// Append a piece of context as a text cell (white space folded as [`fold_space_into`] does)
/// and a comma. Most context needs no folding and no formula guard: it is copied as it is.
pub(super) fn context_cell(line: &mut Vec<u8>, text: &str, scratch: &mut String) {
    if folds_to_itself(text)
        && !text
            .as_bytes()
            .first()
            .is_some_and(|&b| b == b'\'' || is_risky(b))
    {
        push_text(line, text.as_bytes(), false);
    } else {
        fold_space_into(text, scratch);
        push_text(line, guard(scratch).as_bytes(), false);
    }
    line.push(b',');
}

/// True when [`fold_space_into`] would return `s` unchanged: its only white space is single
/// ASCII spaces. Context is short and this runs twice per match, so [`next_fold`] does the
/// looking, eight bytes at a time; only a byte that may start non-ASCII white space is
/// decoded (E2 also starts curly quotes and dashes, a few per context).
fn folds_to_itself(s: &str) -> bool {
    let b = s.as_bytes();
    let mut at = 0;
    loop {
        at = next_fold(b, at);
        match b.get(at) {
            None => return true,
            Some(_) if space_width(s, at) == 0 => at += 1,
            Some(_) => return false,
        }
    }
}

/// The first byte at or after `at` where folding may change something (`b.len()` when there
/// is none): ASCII white space other than a space (9 to 13), a space right after a space, or
/// a byte that may start non-ASCII white space. Eight bytes at a time: in news text a space
/// comes every six bytes or so, and a byte-by-byte loop mispredicts a branch at each.
fn next_fold(b: &[u8], mut at: usize) -> usize {
    let space_at = |i: Option<usize>| i.and_then(|i| b.get(i)) == Some(&b' ');
    while at < b.len() {
        // The last step's missing bytes read as zero, which none of the tests marks.
        let v = swar::load_prefix(b, at, b.len() - at);
        let space = swar::bytes_in(v, b' ', b' ');
        let before = if space_at(at.checked_sub(1)) { 0x80 } else { 0 };
        let hits = swar::bytes_in(v, 9, 13)
            | swar::bytes_in(v, 0xC2, 0xC2)
            | swar::bytes_in(v, 0xE1, 0xE3)
            | (space & (space << 8 | before));
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    b.len()
}

/// The width in bytes of the white-space character starting at byte `at` of `s` (ASCII or
/// not), or 0 when none starts there.
fn space_width(s: &str, at: usize) -> usize {
    match s.as_bytes().get(at) {
        Some(9..=13 | b' ') => 1,
        Some(&x) if may_start_unicode_space(x) => unicode_space_width(s, at),
        _ => 0,
    }
}

/// True when `b` can be the first byte of a non-ASCII white-space character: U+0085 and
/// U+00A0 start with C2, U+1680 with E1, U+2000 to U+200A, U+2028, U+2029, U+202F and U+205F
/// with E2, U+3000 with E3.
fn may_start_unicode_space(b: u8) -> bool {
    b == 0xC2 || (0xE1..=0xE3).contains(&b)
}

/// The width in bytes of the white-space character starting at byte `at` of `s`, or 0 when
/// none starts there.
fn unicode_space_width(s: &str, at: usize) -> usize {
    s.get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// Up to `n` characters before byte `at`, less any combining marks at the start, whose letter
/// was cut off (a cell never starts with an orphaned accent).
pub(super) fn context_before(text: &str, at: usize, n: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    // When the last `n` bytes are ASCII they are the last `n` characters.
    if let Some(last) = head.len().checked_sub(n).and_then(|s| head.get(s..)) {
        if last.is_ascii() {
            return last;
        }
    }
    let start = if n == 0 {
        at.min(head.len())
    } else {
        head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
    };
    let cut = head.get(start..).unwrap_or("");
    cut.trim_start_matches(is_combining_mark)
}

/// Up to `n` characters after byte `at`, and the combining marks that follow the last of them
/// (its accents stay with it).
pub(super) fn context_after(text: &str, at: usize, n: usize) -> &str {
    let tail = text.get(at..).unwrap_or("");
    // When the first `n` bytes are ASCII, and the next is not the start of a combining mark,
    // they are the first `n` characters.
    if let Some(first) = tail.get(..n) {
        if first.is_ascii() && tail.as_bytes().get(n).is_none_or(u8::is_ascii) {
            return first;
        }
    }
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    let marks = tail
        .get(end..)
        .unwrap_or("")
        .chars()
        .take_while(|&c| n > 0 && is_combining_mark(c))
        .map(char::len_utf8)
        .sum::<usize>();
    tail.get(..end + marks).unwrap_or("")
}

/// `s` with every run of white space (Unicode's definition) written as one space.
fn fold_space_into(s: &str, out: &mut String) {
    out.clear();
    let b = s.as_bytes();
    // The text between the places [`next_fold`] finds is copied whole, single spaces and all.
    let (mut copied, mut at) = (0, 0);
    loop {
        at = next_fold(b, at);
        if at >= b.len() {
            break;
        }
        let width = space_width(s, at);
        if width == 0 {
            at += 1;
            continue;
        }
        // A run of white space starts here, or at the space just before (copied with the
        // text before it): the run is written as that space, or as one space of its own.
        out.push_str(s.get(copied..at).unwrap_or(""));
        if at == 0 || b.get(at - 1) != Some(&b' ') {
            out.push(' ');
        }
        at += width;
        loop {
            let width = space_width(s, at);
            if width == 0 {
                break;
            }
            at += width;
        }
        copied = at;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = String::new();
        fold_space_into(s, &mut out);
        out
    }

    /// The plain definition `fold_space_into` must match.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if c.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(c);
                space = false;
            }
        }
        out
    }

    #[test]
    fn a_vertical_tab_is_white_space_too() {
        let mut out = String::new();
        fold_space_into("a\u{b}b", &mut out);
        assert_eq!(out, "a b");
    }

    proptest::proptest! {
        #[test]
        fn folding_space_matches_its_definition(
            s in "([ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]|[a-z\u{e9}\u{201c}\u{200b}\u{2014}\u{2060}\u{3001}\u{1f600}]){0,24}"
        ) {
            let mut out = String::new();
            fold_space_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_reference(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_context_cell_is_its_folded_guarded_text(
            s in "([ \t\n\u{b}\u{85}\u{a0}\u{1680}\u{2000}\u{2009}\u{200a}\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000},\"=+@-]|[a-z\u{e9}\u{201c}\u{2014}\u{2060}\u{3001}\u{1f600}]){0,16}"
        ) {
            let mut ours = Vec::new();
            context_cell(&mut ours, &s, &mut String::new());
            let mut theirs = Vec::new();
            push_text(&mut theirs, guard(&folded(&s)).as_bytes(), false);
            theirs.push(b',');
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    proptest::proptest! {
        #[test]
        fn context_is_the_nearest_n_characters(
            s in "[a-c \u{e9}\u{201c}\u{1f600}\u{301}\u{308}]{0,12}", cut in 0usize..13, n in 0usize..6
        ) {
            let at = s.char_indices().map(|(i, _)| i).chain([s.len()]).nth(cut).unwrap_or(s.len());
            let chars: Vec<char> = s[..at].chars().collect();
            let mark = |c: &char| matches!(c, '\u{301}' | '\u{308}');
            // The nearest n characters, without marks whose letter was cut off, and with the
            // marks that follow the last character after.
            let before: String = chars[chars.len().saturating_sub(n)..]
                .iter()
                .skip_while(|c| mark(c))
                .collect();
            let mut after: String = s[at..].chars().take(n).collect();
            if n > 0 {
                after.extend(s[at..].chars().skip(n).take_while(mark));
            }
            proptest::prop_assert_eq!(context_before(&s, at, n), before);
            proptest::prop_assert_eq!(context_after(&s, at, n), after);
        }
    }

    #[test]
    fn every_white_space_character_is_seen_and_no_other() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lone = c.to_string();
            let expected = !c.is_whitespace() || c == ' ';
            assert_eq!(folds_to_itself(&lone), expected, "U+{:04X}", c as u32);
            let framed = format!("a{c}b");
            assert_eq!(folds_to_itself(&framed), expected, "U+{:04X}", c as u32);
        }
    }

    /// Past eight bytes the search goes eight bytes at a time: each character below U+3100
    /// (every white-space character is among them) at each place of such a step, and
    /// straddling two, alone and after a space.
    #[test]
    fn white_space_is_seen_at_every_place_of_a_long_context() {
        for c in (0..0x3100).filter_map(char::from_u32) {
            for lead in 0..10 {
                for space in ["", " "] {
                    let s = format!("{}{space}{c}-and-some-more-text", "x".repeat(lead));
                    let expected = !c.is_whitespace() || (c == ' ' && space.is_empty());
                    assert_eq!(folds_to_itself(&s), expected, "{s:?}");
                    assert_eq!(folded(&s), fold_reference(&s), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_text_folds_to_itself_when_folding_leaves_it_alone(
            s in "([ \t\n\u{b}\u{85}\u{a0}\u{2009}\u{2028}\u{3000}]|[a-z\u{e9}\u{201c}\u{2014}\u{3001}]){0,40}"
        ) {
            proptest::prop_assert_eq!(folds_to_itself(&s), fold_reference(&s) == s);
        }
    }

    #[test]
    fn context_is_char_safe_and_folds_space() {
        let t = "ab\u{e9}\n\ncd XYZ ef\tg";
        let at = t.find("XYZ").unwrap();
        assert_eq!(folded(context_before(t, at, 4)), " cd ");
        assert_eq!(folded(context_before(t, at, 100)), "ab\u{e9} cd ");
        assert_eq!(folded(context_after(t, at + 3, 3)), " ef");
        assert_eq!(context_after(t, at + 3, 0), "");
        assert_eq!(context_before(t, at, 0), "");
        // A combining accent stays with its letter: not at the start of a cell, and not cut
        // off the end.
        let nfd = "Re\u{301}gime XYZ re\u{301}gime";
        let at = nfd.find("XYZ").unwrap();
        assert_eq!(context_before(nfd, at, 6), "gime ");
        assert_eq!(context_after(nfd, at + 3, 3), " re\u{301}");
    }
}
