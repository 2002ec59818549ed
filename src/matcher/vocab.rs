//! The vocabulary shared by every lexicon's trie: each distinct literal word and wildcard stem
//! gets a small integer id, and a text's words are looked up once — not once per lexicon —
//! before any trie is walked. Exact words are found with one hash probe per word; wildcard
//! stems with one walk down a byte trie of all stems, which reports every stem that begins
//! the word and stops at the first byte no stem continues with (usually the first or second).

use rustc_hash::FxHashMap;

use crate::text::{Analysis, KeySpan};

/// A byte trie of wildcard stems: node 0 is the root; each node lists its children by byte
/// (sorted) and the stem that ends there, if any.
#[derive(Debug, Default)]
struct StemTrie {
    nodes: Vec<StemNode>,
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

    /// Push the id of every stem that is a prefix of `key` (shortest first).
    fn prefixes_of(&self, key: &str, out: &mut Vec<u32>) {
        let Some(mut node) = self.nodes.first() else {
            return;
        };
        for &b in key.as_bytes() {
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
            if let Some(id) = node.stem {
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
    words: FxHashMap<Box<str>, u32>,
    stem_ids: FxHashMap<Box<str>, u32>,
    stems: StemTrie,
    /// Per word id and per stem id: the lexicons whose root has an edge for it.
    word_roots: Vec<u64>,
    stem_roots: Vec<u64>,
}

impl Table {
    fn word(&mut self, key: String) -> u32 {
        let next = self.words.len() as u32;
        *self.words.entry(key.into_boxed_str()).or_insert(next)
    }

    fn stem(&mut self, stem: String) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem.as_str()) {
            return id;
        }
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

    fn ids(&self, key: &str, out: &mut Vec<u32>) -> (Option<u32>, Option<u32>, (u32, u32)) {
        let full = self.words.get(key).copied();
        // The possessive stem is looked up even when the full key is a known word: a node
        // that lacks the full key may still have the stem.
        let stem = key
            .strip_suffix("'s")
            .filter(|s| !s.is_empty())
            .and_then(|s| self.words.get(s).copied());
        let start = out.len() as u32;
        self.stems.prefixes_of(key, out);
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

    fn unit(&self, a: &Analysis, key: KeySpan, cased: KeySpan, prefixes: &mut Vec<u32>) -> UnitIds {
        let (full, stem, p) = self.lower.ids(a.key(key), prefixes);
        let (full_cs, stem_cs, p_cs) = if self.cased.is_empty() {
            (None, None, (0, 0))
        } else {
            self.cased.ids(a.key(cased), prefixes)
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

    /// Look up every token and every part of an analysed text.
    pub fn lookup(&self, a: &Analysis, s: &mut Scratch) {
        s.tokens.clear();
        s.parts.clear();
        s.prefixes.clear();
        for t in &a.tokens {
            let ids = self.unit(a, t.key, t.cased, &mut s.prefixes);
            s.tokens.push(ids);
        }
        for p in &a.parts {
            let ids = self.unit(a, p.key, p.cased, &mut s.prefixes);
            s.parts.push(ids);
        }
    }
}

/// Per-text look-up results, reused from text to text.
#[derive(Debug, Default)]
pub struct Scratch {
    pub tokens: Vec<UnitIds>,
    pub parts: Vec<UnitIds>,
    pub prefixes: Vec<u32>,
}

impl Scratch {
    /// Stem ids of a unit.
    pub fn prefix_ids(&self, range: (u32, u32)) -> &[u32] {
        self.prefixes
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or(&[])
    }
}
