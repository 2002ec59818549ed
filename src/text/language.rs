//! The words of a language that slant's text rules lean on (`--language`): negators, the
//! reporting verbs and complementisers that make a short quotation speech rather than a scare
//! quote, the distancing words before a quotation (`so-called`), the nouns that mention a
//! quotation as words or as a title (`the word "…"`, `the film "…"`), and the words that open
//! a sentence after an abbreviation. Tokens, folding, quotation marks and sentence ends are the
//! same for every language; these lists are what changes.
//!
//! Every list is written as match keys (lower case, NFC, apostrophes and hyphens folded), so
//! that a key is looked up as it stands; a test holds each word to that. The lists are chosen
//! for news prose and kept short: a word with a common second sense (`personne`, "person",
//! beside "nobody") is left out, since a false negator or speech verb hides a real match or a
//! real scare quote. `lexicons/README.md` is not the place for them; README *Languages* is.

use std::sync::LazyLock;

/// A language whose words slant knows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Portuguese.
    Pt,
    /// Dutch.
    Nl,
    /// Russian.
    Ru,
    /// Arabic.
    Ar,
    /// Hebrew.
    He,
}

impl Lang {
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::It,
        Lang::Pt,
        Lang::Nl,
        Lang::Ru,
        Lang::Ar,
        Lang::He,
    ];

    /// The ISO 639-1 code, as `--language` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
            Lang::Ru => "ru",
            Lang::Ar => "ar",
            Lang::He => "he",
        }
    }

    /// `langs` as one setting: sorted and without repeats, so that `de,en` and `en,de` are
    /// the same; no language at all is English.
    pub fn setting(langs: &[Lang]) -> Vec<Lang> {
        let mut langs = langs.to_vec();
        langs.sort_unstable();
        langs.dedup();
        if langs.is_empty() {
            langs.push(Lang::En);
        }
        langs
    }

    /// The codes of `langs`, comma-separated (`en,de`), as run.json records them.
    pub fn codes(langs: &[Lang]) -> String {
        let codes: Vec<&str> = langs.iter().map(|l| l.code()).collect();
        codes.join(",")
    }

    fn words(self) -> &'static Words {
        match self {
            Lang::En => &words::EN,
            Lang::De => &words::DE,
            Lang::Fr => &words::FR,
            Lang::Es => &words::ES,
            Lang::It => &words::IT,
            Lang::Pt => &words::PT,
            Lang::Nl => &words::NL,
            Lang::Ru => &words::RU,
            Lang::Ar => &words::AR,
            Lang::He => &words::HE,
        }
    }
}

/// One language's lists.
pub(crate) struct Words {
    /// Words that negate a match within the three words after them (SPEC §3).
    pub negators: &'static [&'static str],
    /// Any word ending in `n't` is a negator too (English).
    pub contracted_not: bool,
    /// Words that, right after a negator, take its negation away from what follows: the
    /// two make an idiom that affirms (`not only`, `not just`, `no doubt`, `nothing but`,
    /// `nicht nur`, `sin duda`), so the negator is then no negator.
    pub not_negating: &'static [&'static str],
    /// Words that open a subordinate or relative clause, or a comparison's standard: a
    /// negator's three-word window ends before one (`did not know that militants …`). English
    /// only so far: other languages' relative words are often also articles or pronouns
    /// (German `der`, `die`, `das`; Dutch `die`, `dat`), so their lists are empty.
    pub clause_openers: &'static [&'static str],
    /// Words that begin a definite description (`the`, `their`): two or three words after a
    /// negator, with a word between that is no scope bridge, a negator's window ends before
    /// one, because a negation does not deny what a definite description presupposes (`did
    /// not harm the voting public`). English only, like `clause_openers`: other languages'
    /// articles are often also pronouns or prepositions (Spanish `lo`, Portuguese `a`).
    pub definite_determiners: &'static [&'static str],
    /// Words that, between a negator and a definite description, keep the description in the
    /// negation's scope: copulas and adverbs of degree (`will not be the nominee`, `is not
    /// really the enemy`).
    pub scope_bridges: &'static [&'static str],
    /// Verbs that report speech: before a quotation, after it beyond a comma, or anywhere else
    /// in the narrator's sentence, they make it speech rather than a scare quote.
    pub reporting: &'static [&'static str],
    /// Words that join a reporting verb to its quotation (`said that "…"`).
    pub complementizers: &'static [&'static str],
    /// Words right before a quotation that distance the writer from it (`so-called "…"`).
    pub distancers: &'static [&'static str],
    /// Nouns right before a quotation that name it as words (`the word "…"`, `the label
    /// "…"`) or as the title of a work (`the film "…"`, `the song "…"`): a mention, not a
    /// scare quote.
    pub mentions: &'static [&'static str],
    /// Words that commonly open a sentence: after an abbreviation, one of these in capitals
    /// starts a new sentence.
    pub openers: &'static [&'static str],
}

/// A set of keys, with a table of first bytes and lengths that turns most words away in one
/// load and a test (most words of a text are no negator).
#[derive(Debug, Clone)]
pub struct WordSet {
    /// Bit `min(n, 31)` of entry `b` is set when some word has `n` bytes and begins with byte
    /// `b`.
    shapes: Box<[u32; 256]>,
    /// Sorted, without repeats.
    words: Vec<&'static str>,
}

impl WordSet {
    fn new<'a>(lists: impl Iterator<Item = &'a [&'static str]>) -> WordSet {
        let mut words: Vec<&'static str> = lists.flatten().copied().collect();
        words.sort_unstable();
        words.dedup();
        let mut shapes = Box::new([0u32; 256]);
        for w in &words {
            if let Some(&first) = w.as_bytes().first() {
                shapes[usize::from(first)] |= 1 << w.len().min(31);
            }
        }
        WordSet { shapes, words }
    }

    #[inline]
    pub fn contains(&self, key: &str) -> bool {
        let b = key.as_bytes();
        let Some(&first) = b.first() else {
            return false;
        };
        self.shapes[usize::from(first)] >> b.len().min(31) & 1 != 0
            && self.words.binary_search(&key).is_ok()
    }
}

/// The word lists of the languages a run reads, merged.
#[derive(Debug, Clone)]
pub struct Language {
    langs: Vec<Lang>,
    negators: WordSet,
    contracted_not: bool,
    not_negating: WordSet,
    clause_openers: WordSet,
    definite_determiners: WordSet,
    scope_bridges: WordSet,
    reporting: WordSet,
    complementizers: WordSet,
    distancers: WordSet,
    mentions: WordSet,
    openers: WordSet,
}

impl Language {
    /// The lists of `langs` together, as [`Lang::setting`] orders them.
    pub fn new(langs: &[Lang]) -> Language {
        let langs = Lang::setting(langs);
        let set = |pick: fn(&Words) -> &'static [&'static str]| {
            WordSet::new(langs.iter().map(|l| pick(l.words())))
        };
        Language {
            negators: set(|w| w.negators),
            contracted_not: langs.iter().any(|l| l.words().contracted_not),
            not_negating: set(|w| w.not_negating),
            clause_openers: set(|w| w.clause_openers),
            definite_determiners: set(|w| w.definite_determiners),
            scope_bridges: set(|w| w.scope_bridges),
            reporting: set(|w| w.reporting),
            complementizers: set(|w| w.complementizers),
            distancers: set(|w| w.distancers),
            mentions: set(|w| w.mentions),
            openers: set(|w| w.openers),
            langs,
        }
    }

    /// English alone, the default.
    pub fn english() -> &'static Language {
        static ENGLISH: LazyLock<Language> = LazyLock::new(|| Language::new(&[Lang::En]));
        &ENGLISH
    }

    /// The languages, sorted.
    pub fn langs(&self) -> &[Lang] {
        &self.langs
    }

    /// The codes, comma-separated ([`Lang::codes`]).
    pub fn codes(&self) -> String {
        Lang::codes(&self.langs)
    }

    #[inline]
    pub fn is_negator(&self, key: &str) -> bool {
        self.negators.contains(key) || (self.contracted_not && key.ends_with("n't"))
    }

    /// True when `key`, right after a negator, makes an idiom of the two that affirms what
    /// follows (`not only`, `no doubt`): each language lists such words.
    pub fn cancels_negation(&self, key: &str) -> bool {
        self.not_negating.contains(key)
    }

    /// True when `key` opens a clause that a negator before it does not reach into
    /// (`that`, `what`, `because`, `than`, …; English only).
    #[inline]
    pub fn opens_clause(&self, key: &str) -> bool {
        self.clause_openers.contains(key)
    }

    /// True when `key` begins a definite description (`the`, `their`; English only).
    #[inline]
    pub fn is_definite(&self, key: &str) -> bool {
        self.definite_determiners.contains(key)
    }

    /// True when `key`, between a negator and a definite description, keeps the description
    /// in the negation's scope (`be`, `really`; English only).
    #[inline]
    pub fn bridges_scope(&self, key: &str) -> bool {
        self.scope_bridges.contains(key)
    }

    pub fn is_reporting(&self, key: &str) -> bool {
        self.reporting.contains(key)
    }

    pub fn is_complementizer(&self, key: &str) -> bool {
        self.complementizers.contains(key)
    }

    pub fn is_distancer(&self, key: &str) -> bool {
        self.distancers.contains(key)
    }

    pub fn is_mention(&self, key: &str) -> bool {
        self.mentions.contains(key)
    }

    pub fn is_opener(&self, key: &str) -> bool {
        self.openers.contains(key)
    }
}

impl Default for Language {
    fn default() -> Self {
        Language::english().clone()
    }
}

pub(crate) mod words;

#[cfg(test)]
mod tests;
