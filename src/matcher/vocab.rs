//! The vocabulary shared by every lexicon's trie: each distinct literal word and wildcard stem
//! gets a small integer id, and a text's words are looked up once — not once per lexicon —
//! before any trie is walked. Exact words are found with one hash probe per word; wildcard
//! stems with one walk down a byte trie of all stems, which reports every stem that begins
//! the word and stops at the first byte no stem continues with (usually the first or second).

use rustc_hash::FxHashMap;

use super::keys::KeyTable;
use crate::text::{Analysis, KeySpan};

/// A byte trie of wildcard stems: node 0 is the root; each node lists its children by byte
/// (sorted) and the stem that ends there, if any.
#[derive(Debug, Default)]
struct StemTrie {
    nodes: Vec<StemNode>,
    /// A bit per hash of the first three bytes of every stem (a stem begins a key only if
    /// their first three bytes agree), so that most keys skip the walk, whose every step is a
    /// search in another node. Not used when some stem is shorter than three bytes.
    first_three: Vec<u64>,
    short_stem: bool,
}

/// Bits in [`StemTrie::first_three`]: 64 K, 8 KB.
const FILTER_BITS: u32 = 16;

fn hash_three(key: &[u8]) -> Option<usize> {
    let [a, b, c, ..] = *key else {
        return None;
    };
    let x = u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16;
    Some((x.wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize)
}

#[derive(Debug, Default)]
struct StemNode {
    children: Vec<(u8, u32)>,
    stem: Option<u32>,
}

impl StemTrie {
    fn insert(&mut self, stem: &str, id: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(StemNode::default());
            self.first_three = vec![0; 1 << (FILTER_BITS - 6)];
        }
        match hash_three(stem.as_bytes()) {
            Some(h) => self.first_three[h >> 6] |= 1 << (h & 63),
            None => self.short_stem = true,
        }
        let mut at = 0usize;
        for &b in stem.as_bytes() {
            let next = match self.nodes[at]
                .children
                .binary_search_by_key(&b, |&(c, _)| c)
            {
                Ok(i) => self.nodes[at].children[i].1 as usize,
                Err(i) => {
                    let n = self.nodes.len();
                    self.nodes[at].children.insert(i, (b, n as u32));
                    self.nodes.push(StemNode::default());
                    n
                }
            };
            at = next;
        }
        self.nodes[at].stem = Some(id);
    }

    /// Push the id of every stem longer than `min_len` bytes that is a prefix of `key`
    /// (shortest first).
    fn prefixes_of(&self, key: &str, min_len: usize, out: &mut Vec<u32>) {
        let Some(mut node) = self.nodes.first() else {
            return;
        };
        if !self.short_stem {
            // Every stem has three bytes or more, so the key must begin with three of them.
            let known = hash_three(key.as_bytes())
                .is_some_and(|h| self.first_three[h >> 6] & (1 << (h & 63)) != 0);
            if !known {
                return;
            }
        }
        for (depth, &b) in key.as_bytes().iter().enumerate() {
            let Ok(i) = node.children.binary_search_by_key(&b, |&(c, _)| c) else {
                return;
            };
            let Some(next) = node
                .children
                .get(i)
                .and_then(|&(_, n)| self.nodes.get(n as usize))
            else {
                return;
            };
            node = next;
            if let Some(id) = node.stem.filter(|_| depth >= min_len) {
                out.push(id);
            }
        }
    }
}

/// Ids of one unit (a word, or a part of a hyphen compound) in the vocabulary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitIds {
    /// The lower-case key, and the key without a possessive `'s`.
    pub full: Option<u32>,
    pub stem: Option<u32>,
    /// The same for the case-preserving key.
    pub full_cs: Option<u32>,
    pub stem_cs: Option<u32>,
    /// Ranges into the scratch's prefix-id buffer: stems that begin the key.
    pub prefixes: (u32, u32),
    pub prefixes_cs: (u32, u32),
    /// Bit `l` is set when lexicon `l` (for `l < 64`; bit 63 stands for all later ones)
    /// has a match that may start with this unit; a clear bit lets that lexicon skip it.
    pub roots: u64,
}

/// The root-mask bit of lexicon `l`.
pub fn root_bit(l: usize) -> u64 {
    1u64 << l.min(63)
}

/// Literal words and wildcard stems, interned, for one case mode.
#[derive(Debug, Default)]
struct Table {
    words: KeyTable,
    stem_ids: FxHashMap<Box<str>, u32>,
    stems: StemTrie,
    /// Per word id and per stem id: the lexicons whose root has an edge for it.
    word_roots: Vec<u64>,
    stem_roots: Vec<u64>,
    /// Bit `b` is set when some word or stem starts with byte `b`: a key that starts with
    /// any other byte is in neither, and is not looked up (most keys, in the small table of
    /// case-sensitive entries).
    first_bytes: [u64; 4],
    /// A bit per [`word_hash`] of every word: most keys of a text are no word of any lexicon,
    /// and their bit, being clear, says so without a look-up in `words`.
    word_bits: Vec<u64>,
}

/// A cheap hash of a key for [`Table::word_bits`]: its length and three of its bytes.
fn word_hash(key: &[u8]) -> usize {
    let n = key.len();
    let byte = |i: usize| u32::from(key.get(i).copied().unwrap_or(0));
    let x = byte(0) | byte(n / 2) << 8 | byte(n.wrapping_sub(1)) << 16 | (n as u32) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize
}

impl Table {
    fn note_first_byte(&mut self, key: &str) {
        if let Some(&b) = key.as_bytes().first() {
            self.first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn may_hold(&self, key: &str) -> bool {
        key.as_bytes()
            .first()
            .is_some_and(|&b| self.first_bytes[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
    }

    fn word(&mut self, key: String) -> u32 {
        self.note_first_byte(&key);
        if self.word_bits.is_empty() {
            self.word_bits = vec![0; 1 << (FILTER_BITS - 6)];
        }
        let h = word_hash(key.as_bytes());
        self.word_bits[h >> 6] |= 1 << (h & 63);
        let next = self.words.len() as u32;
        self.words.get_or_insert(&key, next)
    }

    fn stem(&mut self, stem: String) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem.as_str()) {
            return id;
        }
        self.note_first_byte(&stem);
        let id = self.stem_ids.len() as u32;
        self.stems.insert(&stem, id);
        self.stem_ids.insert(stem.into_boxed_str(), id);
        id
    }

    fn mark(masks: &mut Vec<u64>, id: u32, lexicon: usize) {
        let i = id as usize;
        if masks.len() <= i {
            masks.resize(i + 1, 0);
        }
        masks[i] |= root_bit(lexicon);
    }

    fn roots(&self, full: Option<u32>, stem: Option<u32>, prefixes: &[u32]) -> u64 {
        let word = |id: Option<u32>| {
            id.and_then(|i| self.word_roots.get(i as usize))
                .copied()
                .unwrap_or(0)
        };
        let mut mask = word(full) | word(stem);
        for &p in prefixes {
            mask |= self.stem_roots.get(p as usize).copied().unwrap_or(0);
        }
        mask
    }

    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.stem_ids.is_empty()
    }

    fn get_word(&self, key: &str) -> Option<u32> {
        let h = word_hash(key.as_bytes());
        let bits = self.word_bits.get(h >> 6)?;
        if bits & (1 << (h & 63)) == 0 {
            return None;
        }
        self.words.get(key)
    }

    /// The unit's word ids (the key, its possessive stem) and the range of `out` that holds
    /// its stems, each longer than `min_stem` bytes.
    fn ids(
        &self,
        key: &str,
        min_stem: usize,
        out: &mut Vec<u32>,
    ) -> (Option<u32>, Option<u32>, (u32, u32)) {
        if !self.may_hold(key) {
            let at = out.len() as u32;
            return (None, None, (at, at));
        }
        let full = self.get_word(key);
        // The possessive stem is looked up even when the full key is a known word: a node
        // that lacks the full key may still have the stem.
        let stem = key
            .strip_suffix("'s")
            .filter(|s| !s.is_empty())
            .and_then(|s| self.get_word(s));
        let start = out.len() as u32;
        self.stems.prefixes_of(key, min_stem, out);
        (full, stem, (start, out.len() as u32))
    }
}

/// The shared vocabulary of all compiled lexicons.
#[derive(Debug, Default)]
pub struct Vocab {
    lower: Table,
    cased: Table,
}

impl Vocab {
    /// The id of a literal word (already normalised as a match key).
    pub fn word(&mut self, key: String, case_sensitive: bool) -> u32 {
        if case_sensitive {
            self.cased.word(key)
        } else {
            self.lower.word(key)
        }
    }

    /// Record that lexicon `lexicon`'s root has an edge for this word (or stem) id.
    pub fn mark_root(&mut self, id: u32, stem: bool, case_sensitive: bool, lexicon: usize) {
        let table = if case_sensitive {
            &mut self.cased
        } else {
            &mut self.lower
        };
        let masks = if stem {
            &mut table.stem_roots
        } else {
            &mut table.word_roots
        };
        Table::mark(masks, id, lexicon);
    }

    /// The id of a wildcard stem (already normalised as a match key).
    pub fn stem(&mut self, stem: String, case_sensitive: bool) -> u32 {
        if case_sensitive {
            self.cased.stem(stem)
        } else {
            self.lower.stem(stem)
        }
    }

    /// The ids of one unit. `min_stem` gives, for the lower-case and the case-preserving key,
    /// the length a wildcard stem must pass to count for it (see [`Vocab::lookup`]).
    fn unit(
        &self,
        a: &Analysis,
        (key, cased): (KeySpan, KeySpan),
        min_stem: (usize, usize),
        prefixes: &mut Vec<u32>,
    ) -> UnitIds {
        let (full, stem, p) = self.lower.ids(a.key(key), min_stem.0, prefixes);
        let (full_cs, stem_cs, p_cs) = if self.cased.is_empty() {
            (None, None, (0, 0))
        } else {
            self.cased.ids(a.key(cased), min_stem.1, prefixes)
        };
        let slice = |r: (u32, u32)| prefixes.get(r.0 as usize..r.1 as usize).unwrap_or(&[]);
        let roots = self.lower.roots(full, stem, slice(p))
            | self.cased.roots(full_cs, stem_cs, slice(p_cs));
        UnitIds {
            full,
            stem,
            full_cs,
            stem_cs,
            prefixes: p,
            prefixes_cs: p_cs,
            roots,
        }
    }

    /// Look up the tokens `first..end` of an analysed text (whole sentences) and their
    /// parts, replacing what `s` held.
    ///
    /// A wildcard stands for the rest of one part of a compound: a stem counts for a whole
    /// compound only when it is longer than the compound's first part (`pro-*` for
    /// `pro-Israel`), so that `israel*` matches the `Israel` of `Israel-Hamas` as a part and
    /// leaves `Hamas` to be matched, instead of claiming the whole compound.
    pub fn lookup(&self, a: &Analysis, first: usize, end: usize, s: &mut Ids) {
        s.tokens.clear();
        s.parts.clear();
        s.prefixes.clear();
        s.starts.clear();
        let tokens = a.tokens.get(first..end).unwrap_or(&[]);
        s.token_base = first;
        // A token's parts follow those of the tokens before it.
        s.part_base = tokens.first().map_or(0, |t| t.parts.0 as usize);
        // A token's parts come right after it, in order: `parts` stays indexed like the
        // text's parts, and a match may start in a token where one may start in a part.
        for t in tokens {
            let parts = a.parts_of(t);
            let min_stem = parts
                .first()
                .map_or((0, 0), |p| (span_len(p.key), span_len(p.cased)));
            let ids = self.unit(a, (t.key, t.cased), min_stem, &mut s.prefixes);
            let mut starts = ids.roots;
            s.tokens.push(ids);
            for p in parts {
                let ids = self.unit(a, (p.key, p.cased), (0, 0), &mut s.prefixes);
                starts |= ids.roots;
                s.parts.push(ids);
            }
            s.starts.push(starts);
        }
    }
}

fn span_len(span: KeySpan) -> usize {
    span.end.saturating_sub(span.start) as usize
}

/// The look-up results of a run of sentences, the buffers reused. Indexed by the text's
/// token and part numbers, from the run's first.
#[derive(Debug, Default)]
pub struct Ids {
    tokens: Vec<UnitIds>,
    parts: Vec<UnitIds>,
    prefixes: Vec<u32>,
    /// Per token: the root masks of the token and of its parts, or-ed: a lexicon whose bit
    /// is clear has no match that starts anywhere in the token.
    starts: Vec<u64>,
    /// The text's numbers of the first token and the first part held.
    token_base: usize,
    part_base: usize,
}

impl Ids {
    /// The ids of token `t` of the text (default when it is not among the sentences held).
    pub fn token(&self, t: usize) -> UnitIds {
        self.tokens
            .get(t.wrapping_sub(self.token_base))
            .copied()
            .unwrap_or_default()
    }

    /// The ids of part `p` of the text.
    pub fn part(&self, p: usize) -> UnitIds {
        self.parts
            .get(p.wrapping_sub(self.part_base))
            .copied()
            .unwrap_or_default()
    }

    /// Per token of `first..end`, the lexicons a match may start for in it (the root masks
    /// of the token and its parts); empty outside the sentences held.
    pub fn starts(&self, first: usize, end: usize) -> &[u64] {
        let base = self.token_base;
        self.starts
            .get(first.wrapping_sub(base)..end.wrapping_sub(base))
            .unwrap_or(&[])
    }

    /// Stem ids of a unit.
    pub fn prefix_ids(&self, range: (u32, u32)) -> &[u32] {
        self.prefixes
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or(&[])
    }
}
