//! A byte cursor for the date grammar: reads that can never index out of bounds.

/// A read position in an ASCII-ish byte string. Every read goes through `get`, so no input can
/// make it index out of bounds; non-ASCII bytes simply match nothing.
pub(super) struct Cursor<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos.saturating_add(ahead)).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    pub(super) fn advance_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// Skips white space, including the no-break space scrapers leave behind; returns how many
    /// bytes it skipped.
    pub(super) fn spaces(&mut self) -> usize {
        let start = self.pos;
        loop {
            if self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.pos += 1;
            } else if self.peek() == Some(0xC2) && self.peek_at(1) == Some(0xA0) {
                self.pos += 2;
            } else {
                return self.pos - start;
            }
        }
    }

    /// True when a comma, white space or both came next (and skips them).
    pub(super) fn separator(&mut self) -> bool {
        let comma = self.eat(b',');
        self.spaces() > 0 || comma
    }

    /// A run of digits as (value, number of digits); `None` when empty or longer than 9.
    pub(super) fn number(&mut self) -> Option<(u32, usize)> {
        let digits = self.advance_while(|b| b.is_ascii_digit());
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        let value = digits
            .iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
        Some((value, digits.len()))
    }

    /// A number of exactly `lens` digits.
    pub(super) fn number_of(&mut self, lens: &[usize]) -> Option<u32> {
        let (value, len) = self.number()?;
        lens.contains(&len).then_some(value)
    }

    pub(super) fn year4(&mut self) -> Option<i64> {
        self.number_of(&[4]).map(i64::from)
    }

    pub(super) fn word(&mut self) -> &'a [u8] {
        self.advance_while(|b| b.is_ascii_alphabetic())
    }

    /// Consumes `keyword` (any case) when it comes next as a whole word followed by white space.
    pub(super) fn keyword(&mut self, keyword: &[u8]) -> bool {
        let start = self.pos;
        if self.word().eq_ignore_ascii_case(keyword) && self.spaces() > 0 {
            return true;
        }
        self.pos = start;
        false
    }
}
