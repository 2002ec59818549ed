//! One lexicon compiled into a trie whose edges are words: exact keys and wildcard stems in
//! hash maps, regular expressions in one `RegexSet` per node.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::{Ordering, Reverse};

use regex::{RegexSet, RegexSetBuilder};

use super::Match;
use super::vocab::{self, Ids, UnitIds, Vocab};
use crate::lexicon::inflect::inflections;
use crate::lexicon::{Lexicon, WordPattern};
use crate::text::{Analysis, KeySpan, Sentence, normalize_key};
use crate::{Error, Result};

/// How general an entry is; at equal length the less general entry wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Only literal words (`~` inflections are a finite set of literal forms).
    Exact,
    /// At least one `*` wildcard.
    Wildcard,
    /// At least one `re:` regular expression.
    Regex,
}

/// Priority of an entry among those ending at the same place: smaller wins.
type Rank = (Kind, Reverse<usize>, u32);

#[derive(Debug)]
struct Regexes {
    set: RegexSet,
    children: Vec<u32>,
}

#[derive(Debug, Default)]
struct Node {
    /// Children by vocabulary id: literal words (lower-case and case-sensitive) and wildcard
    /// stems (likewise).
    exact: HashMap<u32, u32>,
    exact_cs: HashMap<u32, u32>,
    prefix: HashMap<u32, u32>,
    prefix_cs: HashMap<u32, u32>,
    regex: Option<Regexes>,
    /// Pending regex edges while building: (pattern, case-sensitive, child).
    pending: Vec<(String, bool, u32)>,
    terminal: Option<(Rank, u32)>,
    leaf: bool,
}

/// One edge of a trie word: a literal word or a wildcard stem by vocabulary id, or a regex.
enum Edge {
    Word(u32),
    Stem(u32),
    Regex(String),
}

impl Node {
    /// The child this edge leads to, created (as node `*next`) when new.
    fn child(&mut self, edge: &Edge, cs: bool, next: &mut u32) -> u32 {
        let mut fresh = || {
            *next += 1;
            *next - 1
        };
        let (map, id) = match (edge, cs) {
            (Edge::Word(id), false) => (&mut self.exact, id),
            (Edge::Word(id), true) => (&mut self.exact_cs, id),
            (Edge::Stem(id), false) => (&mut self.prefix, id),
            (Edge::Stem(id), true) => (&mut self.prefix_cs, id),
            (Edge::Regex(pattern), _) => {
                let known = self
                    .pending
                    .iter()
                    .find(|(p, s, _)| p == pattern && *s == cs);
                if let Some(&(_, _, c)) = known {
                    return c;
                }
                let c = fresh();
                self.pending.push((pattern.clone(), cs, c));
                return c;
            }
        };
        *map.entry(*id).or_insert_with(fresh)
    }
}

/// One lexicon, compiled.
#[derive(Debug)]
pub struct Trie {
    nodes: Vec<Node>,
    blockers: Vec<bool>,
    /// Whether the root has regex edges (then every word must be tried).
    root_regex: bool,
    /// This lexicon's bit in [`UnitIds::roots`].
    root_bit: u64,
}

/// A position in a sentence: a token, and a part of it (0 = the token's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    token: usize,
    part: usize,
}

/// The unit (a whole token or one part of a compound) read from a position.
struct Unit {
    ids: UnitIds,
    cased: KeySpan,
    end: u32,
    next: Pos,
    /// A compound's second or later part: [`INNER`] edges may be read.
    inner: bool,
}

#[derive(Debug, Clone, Copy)]
struct Best {
    end: u32,
    rank: Rank,
    entry: u32,
    next: Pos,
    last_token: usize,
}

/// One step of a path through the trie: the edges that each lead on from a node.
type Step = Vec<Edge>;

/// The bit that marks an edge for a word read only inside a compound, after a hyphen: the
/// second and later parts of a hyphenated entry word. Vocabulary ids stay below it.
const INNER: u32 = 1 << 31;

/// The ways one word of an entry can be read, as paths of steps: the word as one token and,
/// when it is a hyphenated compound (`al-qaeda`, `pro-life~`, `al-qa*`), also its parts one
/// after the other, each after the first read only as the next part of the same compound
/// ([`INNER`]). Text then matches it inside a longer compound too (`al-Qaeda-linked`,
/// `anti-al-Qaeda`), but never across a space: `democrat-led` does not match `Democrat led
/// the…` (a space in an entry matches either). Adds the word's kind to `kind` and its letters
/// to `literal`.
fn word_paths(
    word: &WordPattern,
    cs: bool,
    vocab: &mut Vocab,
    kind: &mut Kind,
    literal: &mut usize,
) -> Vec<Vec<Step>> {
    let (whole, pieces) = match word {
        WordPattern::Regex(pattern) => {
            *kind = (*kind).max(Kind::Regex);
            return vec![vec![vec![Edge::Regex(pattern.clone())]]];
        }
        WordPattern::Exact(text) | WordPattern::Inflected(text) | WordPattern::Prefix(text) => {
            let key = normalize_key(text, cs);
            *literal += key.chars().count();
            // Most words have no hyphen, and need no pieces.
            let split = key.contains('-') && key.split('-').all(|p| !p.is_empty());
            let pieces = match split {
                true => key.split('-').map(str::to_owned).collect(),
                false => Vec::new(),
            };
            (key, pieces)
        }
    };
    // The edges of the word's last (or only) piece, by what the word is; `inner` marks them
    // as read only after a hyphen.
    let mut last = |piece: &str, inner: u32, vocab: &mut Vocab| -> Step {
        match word {
            WordPattern::Inflected(_) => inflections(piece)
                .iter()
                .map(|form| Edge::Word(vocab.word(normalize_key(form, cs), cs) | inner))
                .collect(),
            WordPattern::Prefix(_) => {
                *kind = (*kind).max(Kind::Wildcard);
                vec![Edge::Stem(vocab.stem(piece.to_owned(), cs) | inner)]
            }
            _ => vec![Edge::Word(vocab.word(piece.to_owned(), cs) | inner)],
        }
    };
    let mut paths = vec![vec![last(&whole, 0, vocab)]];
    if let Some((end, init)) = pieces.split_last() {
        let mut path: Vec<Step> = init
            .iter()
            .enumerate()
            .map(|(i, piece)| {
                let inner = if i == 0 { 0 } else { INNER };
                vec![Edge::Word(vocab.word(piece.clone(), cs) | inner)]
            })
            .collect();
        path.push(last(end, INNER, vocab));
        paths.push(path);
    }
    paths
}

impl Trie {
    pub fn build(lex: &Lexicon, lexicon: usize, vocab: &mut Vocab) -> Result<Self> {
        let mut nodes = vec![Node::default()];
        let mut next = 1u32;
        for (ei, entry) in lex.entries.iter().enumerate() {
            let ei = u32::try_from(ei).unwrap_or(u32::MAX);
            let cs = entry.case_sensitive;
            let mut kind = Kind::Exact;
            let mut literal = 0usize;
            let mut current = vec![0u32];
            for (w, word) in entry.words.iter().enumerate() {
                // The word's paths by vocabulary id: the same from every node it continues from.
                let paths = word_paths(word, cs, vocab, &mut kind, &mut literal);
                if w == 0 {
                    for e in paths.iter().filter_map(|path| path.first()).flatten() {
                        match e {
                            Edge::Word(id) => vocab.mark_root(*id, false, cs, lexicon),
                            Edge::Stem(id) => vocab.mark_root(*id, true, cs, lexicon),
                            Edge::Regex(_) => {}
                        }
                    }
                }
                let mut following: Vec<u32> = Vec::new();
                for path in &paths {
                    let mut at = current.clone();
                    for step in path {
                        let mut reached: Vec<u32> = Vec::new();
                        for &n in &at {
                            for e in step {
                                let c = nodes[n as usize].child(e, cs, &mut next);
                                if !reached.contains(&c) {
                                    reached.push(c);
                                }
                            }
                        }
                        nodes.resize_with(next as usize, Node::default);
                        at = reached;
                    }
                    for c in at {
                        if !following.contains(&c) {
                            following.push(c);
                        }
                    }
                }
                current = following;
            }
            let rank = (kind, Reverse(literal), ei);
            for n in current {
                let node = &mut nodes[n as usize];
                if node.terminal.is_none_or(|(r, _)| rank < r) {
                    node.terminal = Some((rank, ei));
                }
            }
        }
        for node in &mut nodes {
            if !node.pending.is_empty() {
                let patterns: Vec<String> = node
                    .pending
                    .iter()
                    .map(|(p, cs, _)| {
                        if *cs {
                            format!("^(?:{p})$")
                        } else {
                            format!("(?i)^(?:{p})$")
                        }
                    })
                    .collect();
                let set = RegexSetBuilder::new(&patterns)
                    .size_limit(16 << 20)
                    .build()
                    .map_err(|e| {
                        Error::usage(format!(
                            "{}: its {} regular expressions that can match at one place cannot \
                             be compiled together: {e} Use fewer or simpler `re:` entries.",
                            lex.origin,
                            patterns.len()
                        ))
                    })?;
                let children = node.pending.iter().map(|&(_, _, c)| c).collect();
                node.regex = Some(Regexes { set, children });
                node.pending = Vec::new();
            }
            node.leaf = node.exact.is_empty()
                && node.exact_cs.is_empty()
                && node.prefix.is_empty()
                && node.prefix_cs.is_empty()
                && node.regex.is_none();
        }
        let blockers = lex.entries.iter().map(|e| e.is_blocker()).collect();
        let root_regex = nodes.first().is_some_and(|n| n.regex.is_some());
        Ok(Trie {
            nodes,
            blockers,
            root_regex,
            root_bit: vocab::root_bit(lexicon),
        })
    }

    /// Every child of `node` that the unit's words lead to. A possessive stem is tried only
    /// when the full word has no edge here.
    fn step(&self, a: &Analysis, ids: &Ids, node: &Node, u: &Unit, f: &mut impl FnMut(u32)) {
        let exact = |map: &HashMap<u32, u32>, full: Option<u32>, stem: Option<u32>| {
            if map.is_empty() {
                return None;
            }
            full.and_then(|id| map.get(&id))
                .or_else(|| stem.and_then(|id| map.get(&id)))
                .copied()
        };
        // Inside a compound, the edges of entry words' later parts are read as well.
        let tags: &[u32] = if u.inner { &[0, INNER] } else { &[0] };
        let tag = |id: Option<u32>, t: u32| id.map(|i| i | t);
        for &t in tags {
            if let Some(c) = exact(&node.exact, tag(u.ids.full, t), tag(u.ids.stem, t)) {
                f(c);
            }
            if let Some(c) = exact(&node.exact_cs, tag(u.ids.full_cs, t), tag(u.ids.stem_cs, t)) {
                f(c);
            }
            if !node.prefix.is_empty() {
                for id in ids.prefix_ids(u.ids.prefixes) {
                    if let Some(&c) = node.prefix.get(&(id | t)) {
                        f(c);
                    }
                }
            }
            if !node.prefix_cs.is_empty() {
                for id in ids.prefix_ids(u.ids.prefixes_cs) {
                    if let Some(&c) = node.prefix_cs.get(&(id | t)) {
                        f(c);
                    }
                }
            }
        }
        if let Some(rx) = &node.regex {
            let cased = a.key(u.cased);
            let mut hits = rx.set.matches(cased);
            if !hits.matched_any() {
                if let Some(stem) = strip_possessive(cased) {
                    hits = rx.set.matches(stem);
                }
            }
            for i in hits.iter() {
                if let Some(&c) = rx.children.get(i) {
                    f(c);
                }
            }
        }
    }

    /// The units readable from `pos`: at most the whole token and one part.
    fn units(a: &Analysis, ids: &Ids, pos: Pos) -> [Option<Unit>; 2] {
        let mut out = [None, None];
        let Some(t) = a.tokens.get(pos.token) else {
            return out;
        };
        let parts = a.parts_of(t);
        let after = Pos {
            token: pos.token + 1,
            part: 0,
        };
        if pos.part == 0 {
            out[0] = Some(Unit {
                ids: ids.token(pos.token),
                cased: t.cased,
                end: t.end,
                next: after,
                inner: false,
            });
        }
        if !parts.is_empty() {
            if let Some(p) = parts.get(pos.part) {
                let next = if pos.part + 1 < parts.len() {
                    Pos {
                        token: pos.token,
                        part: pos.part + 1,
                    }
                } else {
                    after
                };
                let index = t.parts.0 as usize + pos.part;
                out[1] = Some(Unit {
                    ids: ids.part(index),
                    cased: p.cased,
                    end: p.end,
                    next,
                    inner: pos.part > 0,
                });
            }
        }
        out
    }

    /// Depth-first search of the trie from `node` reading units from `pos`, keeping the
    /// furthest-ending (then best-ranked) terminal in `best`. At a compound's start both the
    /// whole compound and its first part are read, so the longest entry wins whichever way
    /// it reads the compound.
    fn dfs(
        &self,
        a: &Analysis,
        ids: &Ids,
        node: u32,
        pos: Pos,
        sentence_end: usize,
        best: &mut Option<Best>,
    ) {
        for u in Self::units(a, ids, pos).iter().flatten() {
            let continues = u.next.token < sentence_end
                && (u.next.part > 0 || a.tokens.get(u.next.token).is_some_and(|t| t.joined));
            self.step(a, ids, &self.nodes[node as usize], u, &mut |c| {
                let child = &self.nodes[c as usize];
                if let Some((rank, entry)) = child.terminal {
                    let better = match best {
                        None => true,
                        Some(b) => match u.end.cmp(&b.end) {
                            Ordering::Greater => true,
                            Ordering::Equal => rank < b.rank,
                            Ordering::Less => false,
                        },
                    };
                    if better {
                        let last_token = if u.next.part == 0 {
                            u.next.token - 1
                        } else {
                            u.next.token
                        };
                        *best = Some(Best {
                            end: u.end,
                            rank,
                            entry,
                            next: u.next,
                            last_token,
                        });
                    }
                }
                if continues && !child.leaf {
                    self.dfs(a, ids, c, u.next, sentence_end, best);
                }
            });
        }
    }

    /// Leftmost-longest, non-overlapping matches of this lexicon in tokens `first..end` (one
    /// sentence), appended to `out`.
    /// [`Trie::find_in_sentence`] for each of `sentences`, in order.
    pub fn find_in_sentences(
        &self,
        a: &Analysis,
        ids: &Ids,
        sentences: &[Sentence],
        lexicon: u32,
        out: &mut Vec<Match>,
    ) {
        for s in sentences {
            let (first, end) = (s.first_token as usize, s.end_token as usize);
            self.find_in_sentence(a, ids, first, end, lexicon, out);
        }
    }

    fn find_in_sentence(
        &self,
        a: &Analysis,
        ids: &Ids,
        first: usize,
        end: usize,
        lexicon: u32,
        out: &mut Vec<Match>,
    ) {
        let mut pos = Pos {
            token: first,
            part: 0,
        };
        while pos.token < end {
            if pos.part == 0 && !self.root_regex {
                // Skip the tokens where no entry of this lexicon starts (most of them).
                match ids
                    .starts(pos.token, end)
                    .iter()
                    .position(|m| m & self.root_bit != 0)
                {
                    Some(skip) => pos.token += skip,
                    None => break,
                }
            }
            let t = &a.tokens[pos.token];
            let nparts = (t.parts.1 - t.parts.0) as usize;
            let mut best = None;
            self.dfs(a, ids, 0, pos, end, &mut best);
            match best {
                Some(b) => {
                    if !self
                        .blockers
                        .get(b.entry as usize)
                        .copied()
                        .unwrap_or(false)
                    {
                        let start = if pos.part == 0 {
                            t.start
                        } else {
                            a.parts_of(t).get(pos.part).map_or(t.start, |p| p.start)
                        };
                        out.push(Match {
                            lexicon,
                            entry: b.entry,
                            first_token: pos.token as u32,
                            last_token: b.last_token as u32,
                            start,
                            end: b.end,
                        });
                    }
                    pos = b.next;
                }
                None => {
                    pos = if pos.part + 1 < nparts {
                        Pos {
                            token: pos.token,
                            part: pos.part + 1,
                        }
                    } else {
                        Pos {
                            token: pos.token + 1,
                            part: 0,
                        }
                    };
                }
            }
        }
    }
}

fn strip_possessive(key: &str) -> Option<&str> {
    key.strip_suffix("'s").filter(|s| !s.is_empty())
}
