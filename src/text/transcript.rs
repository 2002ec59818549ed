//! Transcript turns: broadcast transcripts and question-and-answer interviews give each
//! speaker's words after a label in capitals and a colon, without quotation marks
//! (`INSKEEP: Senator, …`, `PAUL CALLAN, CNN LEGAL CONTRIBUTOR: Well, I think …`, `Q: …`). The
//! words after such a label are the speaker's, not the outlet's: each turn is a quotation
//! ([`super::QuoteClass::Turn`]) from the label's colon to the end of its paragraph, or to the
//! next turn.
//!
//! A line is a turn when it begins (after spaces or tabs) with a label: a name of capital
//! letters (with spaces, periods, apostrophes and hyphens; at most [`MAX_NAME`] bytes and
//! [`MAX_NAME_WORDS`] words), optionally a comma and a role of at most [`MAX_ROLE`] bytes
//! (`, CNN LEGAL CONTRIBUTOR`), then a colon and white space. A name that begins with `THE `
//! heads a section rather than naming a speaker (`THE FACTS:` in a fact check) and is no label.
//! A text has turns only when at least two names each begin two or more lines, and the name
//! changes from one label to the next at least half the time: one `UPDATE:` or `SEE ALSO:`
//! does not make a news story a transcript, nor does a `SPECIAL COVERAGE:` link after every
//! paragraph.

/// The longest name of a label, in bytes (`VICE PRESIDENT DICK CHENEY` is 26).
pub const MAX_NAME: usize = 40;
/// The most words of a label's name.
pub const MAX_NAME_WORDS: usize = 6;
/// The longest role after a label's comma, in bytes.
pub const MAX_ROLE: usize = 60;

/// One line's label: the byte span of its name and the offset of its colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub name: (u32, u32),
    pub colon: u32,
}

/// Fill `labels` with the label of each turn of `text`, in order: empty unless the text is a
/// transcript (see the module's documentation).
pub fn find_turns(text: &str, labels: &mut Vec<Label>) {
    labels.clear();
    let mut line = 0usize;
    loop {
        if let Some(label) = label_at(text, line) {
            labels.push(label);
        }
        match text.get(line..).and_then(|rest| rest.find('\n')) {
            Some(k) => line += k + 1,
            None => break,
        }
    }
    if labels.len() < 4 {
        labels.clear();
        return;
    }
    let name = |l: &Label| text.get(l.name.0 as usize..l.name.1 as usize).unwrap_or("");
    let mut names: Vec<&str> = labels.iter().map(name).collect();
    names.sort_unstable();
    let repeated = names
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= 2)
        .count();
    // Speakers take turns; the same header over and over (`SPECIAL COVERAGE:` after every
    // paragraph, with a `SEE RELATED:` or two between) does not.
    let changes = labels
        .windows(2)
        .filter(|w| name(&w[0]) != name(&w[1]))
        .count();
    if repeated < 2 || changes * 2 < labels.len() {
        labels.clear();
    }
}

/// The label that begins the line starting at byte `start`, if any.
pub fn label_at(text: &str, start: usize) -> Option<Label> {
    let rest = text.get(start..)?;
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let name_start = start + (rest.len() - trimmed.len());
    let mut chars = trimmed.char_indices().peekable();
    if !chars.next().is_some_and(|(_, c)| c.is_uppercase()) {
        return None;
    }
    // The name: capitals, spaces, periods, apostrophes and hyphens.
    let mut name_len = trimmed.len();
    while let Some(&(i, c)) = chars.peek() {
        if !(c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '\u{2019}' | '-')) {
            name_len = i;
            break;
        }
        chars.next();
    }
    let name = trimmed.get(..name_len)?.trim_end();
    if name.len() > MAX_NAME
        || name.split(' ').filter(|w| !w.is_empty()).count() > MAX_NAME_WORDS
        || name.starts_with("THE ")
    {
        return None;
    }
    // Then a comma and a role, or spaces, before the colon.
    let after = trimmed.get(name_len..)?;
    let colon = if let Some(role) = after.strip_prefix(',') {
        let end = role.find(|c: char| !is_role_char(c))?;
        if end > MAX_ROLE || !role[end..].starts_with(':') {
            return None;
        }
        name_len + 1 + end
    } else {
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        if !after[spaces..].starts_with(':') {
            return None;
        }
        name_len + spaces
    };
    // White space after the colon (`Q:` of `Q: Why…`, not the `A:` of a URL or a time).
    if !trimmed
        .get(colon + 1..)?
        .chars()
        .next()
        .is_some_and(char::is_whitespace)
    {
        return None;
    }
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Some(Label {
        name: (to_u32(name_start), to_u32(name_start + name.len())),
        colon: to_u32(name_start + colon),
    })
}

/// A character of a label's role (`CNN LEGAL CONTRIBUTOR`, `R-Texas`, `U.S. Senator`).
fn is_role_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            ' ' | '.' | '\'' | '\u{2019}' | '-' | '&' | '(' | ')' | ','
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(line: &str) -> Option<&str> {
        label_at(line, 0).map(|l| &line[l.name.0 as usize..l.name.1 as usize])
    }

    #[test]
    fn a_label_is_a_name_in_capitals_an_optional_role_and_a_colon() {
        assert_eq!(name("INSKEEP: Senator, welcome."), Some("INSKEEP"));
        assert_eq!(
            name("PAUL CALLAN, CNN LEGAL CONTRIBUTOR: Well, I think"),
            Some("PAUL CALLAN")
        );
        assert_eq!(name("Q: Why now?"), Some("Q"));
        assert_eq!(name("  MR. O’NEILL : Yes."), Some("MR. O’NEILL"));
        assert_eq!(
            name("VICE PRESIDENT DICK CHENEY: No."),
            Some("VICE PRESIDENT DICK CHENEY")
        );
        assert_eq!(name("SEN. TED CRUZ, R-Texas:\nWell"), Some("SEN. TED CRUZ"));
        assert_eq!(name("ÉRIC ZEMMOUR: Non."), Some("ÉRIC ZEMMOUR"));
        // The colon's offset, past a role.
        let line = "CRUZ, R-TX: Yes";
        assert_eq!(label_at(line, 0).map(|l| l.colon), Some(10));
    }

    #[test]
    fn what_is_no_label() {
        for line in [
            "Inskeep: Senator",                                 // not in capitals
            "THE FACTS: He did not.",                           // a section, not a speaker
            "WASHINGTON — The Senate",                          // no colon
            "NOTE:the",                                         // no space after the colon
            "10:30 a.m. Monday",                                // not a name
            "A B C D E F G: too many",                          // seven words
            "ONE VERY LONG NAME THAT GOES ON AND ON AND ON: x", // over 40 bytes
            "CRUZ, who spoke first; then: yes",                 // a `;` in the role
            "",
            ": Well",
        ] {
            assert_eq!(name(line), None, "{line}");
        }
        // A role longer than 60 bytes.
        let long = format!("CRUZ, {}: yes", "x".repeat(61));
        assert_eq!(name(&long), None);
        // A role may be any words of letters: the test of two speakers keeps prose out.
        assert_eq!(name("CRUZ, who spoke first: yes"), Some("CRUZ"));
    }

    fn turns(text: &str) -> Vec<u32> {
        let mut labels = Vec::new();
        find_turns(text, &mut labels);
        labels.iter().map(|l| l.colon).collect()
    }

    #[test]
    fn a_text_has_turns_when_two_speakers_take_turns() {
        let text = "Intro.\n\nQ: Why?\n\nA: Because.\n\nQ: When?\n\nA: Now.\n";
        assert_eq!(turns(text), [9, 18, 31, 41]);
        // A speaker's single first line with the full name still counts, once two others repeat.
        let text = "STEVE INSKEEP: Hi.\nCRUZ: Hi.\nINSKEEP: So?\nCRUZ: So.\nINSKEEP: Bye.";
        assert_eq!(turns(text).len(), 5);
    }

    #[test]
    fn headers_and_lone_labels_make_no_transcript() {
        // One label repeated: one speaker, or one header.
        assert!(turns("UPDATE: a\nUPDATE: b\nUPDATE: c\nUPDATE: d\nBREAKING: e").is_empty());
        // Three labels only.
        assert!(turns("Q: a\nA: b\nQ: c").is_empty());
        // Two repeated headers in blocks: the name seldom changes.
        let mut text = String::new();
        for i in 0..12 {
            text.push_str("Text.\nSPECIAL COVERAGE: Benghazi\n");
            if i % 6 == 5 {
                text.push_str("SEE RELATED: more\n");
            }
        }
        assert!(turns(&text).is_empty());
        // Labels inside a line are not at its start.
        assert!(turns("He said Q: a and A: b, Q: c, A: d.").is_empty());
    }
}
