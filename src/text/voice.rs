//! Voice (SPEC §3): which words stand inside a quotation. Quotation marks are straight and
//! curly double quotes, guillemets, and curly single quotes used as quotation marks. A
//! quotation left open ends at the end of its paragraph.
//!
//! Decisions, documented in the README:
//! - Any double-quote closer (`"` or `”`) closes any double-quote opener (`"`, `“`, `„`): scraped
//!   text mixes them freely.
//! - Guillemets point either way round: French and most of Europe write `« … »`, German and
//!   Danish `» … «` (and `‹ … ›` or `› … ‹` inside). An open guillemet quotation is closed by a
//!   guillemet pointing the other way, or by one pointing the same way that stands after a word
//!   and before space or punctuation (Swedish `»…»`); with none open, a guillemet opens one
//!   unless it stands after a word, and a `»` or `›` only when a letter follows, so that the
//!   `»` of a breadcrumb (`Home » Politics`) is not a quotation.
//! - `‘` opens a quotation only when a letter follows it and a closing `’` (one not followed by a letter) follows in
//!   the same paragraph; otherwise it is an apostrophe (`‘90s`). `’` closes only an open `‘`
//!   quotation; otherwise it is an apostrophe (`the militants’ homes`). The German low `‚`
//!   opens the same way when a `’` or a `‘` follows, and a `‘` after a word closes it.
//! - The straight single quote `'` is never a quotation mark: it is too often an apostrophe.
//! - Closing a quotation also ends any quotation opened inside it and left open.

/// The kinds of quotation, each closed by its own closers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteClass {
    Double,
    Guillemet,
    /// `‹ ›`, the single guillemets used inside `« »` or `» «`.
    SingleGuillemet,
    Single,
}

/// A quotation: from its opening mark to its closing mark (or the end of its paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation {
    /// Byte offset of the opening mark.
    pub open: u32,
    /// Byte offset just past the closing mark, or of the paragraph end when left open.
    pub end: u32,
    /// False when the quotation was left open and ended with its paragraph.
    pub closed: bool,
    pub class: QuoteClass,
    /// Nesting depth: 0 for a quotation in narrator text, 1 for one inside another, …
    pub depth: u16,
    /// Index of the first word inside it and one past the last (equal when empty).
    pub first_token: u32,
    pub end_token: u32,
}

/// What a quotation-mark character does, given its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Open(QuoteClass),
    Close(QuoteClass),
    /// A straight double quote: opens or closes by state.
    Toggle,
    /// A curly `’` outside a word: closes an open single quotation, else an apostrophe.
    MaybeCloseSingle,
    /// A curly `‘`, or the low `‚` of German (`low`): opens when a closer follows in the
    /// paragraph, else an apostrophe. A `‘` after a word also closes a quotation `‚` opened.
    MaybeOpenSingle {
        low: bool,
    },
    /// A guillemet of `class`, pointing left (`«`, `‹`) or right (`»`, `›`).
    Guillemet {
        class: QuoteClass,
        left: bool,
    },
}

/// The role a character can play as a quotation mark, if any.
pub fn mark_of(c: char) -> Option<Mark> {
    Some(match c {
        '"' | '\u{FF02}' => Mark::Toggle,
        '\u{201C}' | '\u{201E}' | '\u{201F}' => Mark::Open(QuoteClass::Double),
        '\u{201D}' => Mark::Close(QuoteClass::Double),
        '\u{00AB}' | '\u{00BB}' => Mark::Guillemet {
            class: QuoteClass::Guillemet,
            left: c == '\u{00AB}',
        },
        '\u{2039}' | '\u{203A}' => Mark::Guillemet {
            class: QuoteClass::SingleGuillemet,
            left: c == '\u{2039}',
        },
        '\u{2018}' | '\u{201A}' => Mark::MaybeOpenSingle {
            low: c == '\u{201A}',
        },
        '\u{2019}' => Mark::MaybeCloseSingle,
        _ => return None,
    })
}

/// The quotation state of one paragraph walk.
#[derive(Debug, Default)]
pub struct VoiceState {
    /// Open quotations: (class, index into the quotation list, whether the opening mark
    /// pointed left (guillemets) or was the low `‚` (single quotes)).
    stack: Vec<(QuoteClass, usize, bool)>,
}

impl VoiceState {
    /// True when the next word is inside a quotation.
    pub fn quoted(&self) -> bool {
        !self.stack.is_empty()
    }

    fn open(&mut self, class: QuoteClass, at: u32, token: u32, quotes: &mut Vec<Quotation>) {
        self.open_pointing(class, false, at, token, quotes);
    }

    fn open_pointing(
        &mut self,
        class: QuoteClass,
        left: bool,
        at: u32,
        token: u32,
        quotes: &mut Vec<Quotation>,
    ) {
        let depth = u16::try_from(self.stack.len()).unwrap_or(u16::MAX);
        quotes.push(Quotation {
            open: at,
            end: at,
            closed: false,
            class,
            depth,
            first_token: token,
            end_token: token,
        });
        self.stack.push((class, quotes.len() - 1, left));
    }

    /// Close the innermost open quotation of `class`; false when none is open.
    fn close(&mut self, class: QuoteClass, end: u32, token: u32, quotes: &mut [Quotation]) -> bool {
        let Some(pos) = self.stack.iter().rposition(|&(c, _, _)| c == class) else {
            return false;
        };
        for &(_, q, _) in &self.stack[pos..] {
            quotes[q].end = end;
            quotes[q].end_token = token;
        }
        if let Some(&(_, q, _)) = self.stack.get(pos) {
            quotes[q].closed = true;
        }
        self.stack.truncate(pos);
        true
    }

    /// A paragraph ends at `at`: every open quotation ends there.
    pub fn paragraph_end(&mut self, at: u32, token: u32, quotes: &mut [Quotation]) {
        for &(_, q, _) in &self.stack {
            quotes[q].end = at;
            quotes[q].end_token = token;
        }
        self.stack.clear();
    }

    /// Apply one quotation mark at byte `at` (`len` bytes long), before word index `token`.
    /// `single_closer_ahead` says whether a `’` closer follows in this paragraph.
    /// `clearly_closing` says whether the mark stands after a word and before space or
    /// punctuation. `opens_word` says whether a letter follows the mark (`‘90s` is an
    /// apostrophe). Returns true when the mark acted as a quotation mark.
    #[allow(clippy::too_many_arguments)]
    pub fn apply(
        &mut self,
        mark: Mark,
        at: u32,
        len: u32,
        token: u32,
        clearly_closing: bool,
        single_closer_ahead: bool,
        opens_word: bool,
        quotes: &mut Vec<Quotation>,
    ) -> bool {
        let end = at + len;
        match mark {
            Mark::Open(class) => {
                if class == QuoteClass::Double
                    && clearly_closing
                    && self.close(class, end, token, quotes)
                {
                    return true;
                }
                self.open(class, at, token, quotes);
                true
            }
            Mark::Close(class) => {
                if self.close(class, end, token, quotes) {
                    return true;
                }
                if class == QuoteClass::Double && !clearly_closing {
                    self.open(class, at, token, quotes);
                    return true;
                }
                false
            }
            Mark::Toggle => {
                if self.close(QuoteClass::Double, end, token, quotes) {
                    return true;
                }
                if clearly_closing {
                    return false;
                }
                self.open(QuoteClass::Double, at, token, quotes);
                true
            }
            Mark::MaybeOpenSingle { low } => {
                let low_open = self
                    .stack
                    .iter()
                    .rev()
                    .find(|&&(c, _, _)| c == QuoteClass::Single)
                    .is_some_and(|&(_, _, opened_low)| opened_low);
                if !low && low_open && clearly_closing {
                    // German `‚nein‘`.
                    self.close(QuoteClass::Single, end, token, quotes)
                } else if single_closer_ahead && opens_word {
                    self.open_pointing(QuoteClass::Single, low, at, token, quotes);
                    true
                } else {
                    false
                }
            }
            Mark::MaybeCloseSingle => self.close(QuoteClass::Single, end, token, quotes),
            Mark::Guillemet { class, left } => {
                let open = self.stack.iter().rev().find(|&&(c, _, _)| c == class);
                match open {
                    Some(&(_, _, opened_left)) if opened_left != left || clearly_closing => {
                        self.close(class, end, token, quotes)
                    }
                    Some(_) => {
                        self.open_pointing(class, left, at, token, quotes);
                        true
                    }
                    None if clearly_closing || (!left && !opens_word) => false,
                    None => {
                        self.open_pointing(class, left, at, token, quotes);
                        true
                    }
                }
            }
        }
    }
}
