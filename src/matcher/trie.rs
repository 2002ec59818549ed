//! One lexicon compiled into a trie whose edges are words: exact keys and wildcard stems in
//! hash maps, regular expressions in one `RegexSet` per node.

use std::cmp::{Ordering, Reverse};
use std::collections::HashMap;

use regex::{RegexSet, RegexSetBuilder};

use super::Match;
use crate::lexicon::inflect::inflections;
use crate::lexicon::{Lexicon, WordPattern};
use crate::text::{Analysis, KeySpan, normalize_key};
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

#[derive(Debug, Default)]
struct Prefixes {
    map: HashMap<Box<str>, u32>,
    /// Distinct stem lengths in bytes, ascending, so a key needs one look-up per length.
    lens: Vec<usize>,
}

impl Prefixes {
    fn child(&mut self, stem: String, next: &mut u32) -> (u32, bool) {
        let len = stem.len();
        if let Some(&c) = self.map.get(stem.as_str()) {
            return (c, false);
        }
        let c = *next;
        *next += 1;
        self.map.insert(stem.into_boxed_str(), c);
        if let Err(at) = self.lens.binary_search(&len) {
            self.lens.insert(at, len);
        }
        (c, true)
    }

    fn visit(&self, key: &str, f: &mut impl FnMut(u32)) {
        for &len in &self.lens {
            if len > key.len() {
                break;
            }
            if let Some(&c) = key.get(..len).and_then(|p| self.map.get(p)) {
                f(c);
            }
        }
    }
}

#[derive(Debug)]
struct Regexes {
    set: RegexSet,
    children: Vec<u32>,
}

#[derive(Debug, Default)]
struct Node {
    exact: HashMap<Box<str>, u32>,
    exact_cs: HashMap<Box<str>, u32>,
    prefix: Prefixes,
    prefix_cs: Prefixes,
    regex: Option<Regexes>,
    /// Pending regex edges while building: (pattern, case-sensitive, child).
    pending: Vec<(String, bool, u32)>,
    terminal: Option<(Rank, u32)>,
    leaf: bool,
}

/// One lexicon, compiled.
#[derive(Debug)]
pub struct Trie {
    nodes: Vec<Node>,
    blockers: Vec<bool>,
}

/// A position in a sentence: a token, and a part of it (0 = the token's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    token: usize,
    part: usize,
}

/// The unit (a whole token or one part of a compound) read from a position.
struct Unit {
    key: KeySpan,
    cased: KeySpan,
    end: u32,
    next: Pos,
}

#[derive(Debug, Clone, Copy)]
struct Best {
    end: u32,
    rank: Rank,
    entry: u32,
    next: Pos,
    last_token: usize,
}

/// Which units may be read first at a compound's start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum First {
    Any,
    Whole,
    Parts,
}

impl Trie {
    pub fn build(lex: &Lexicon) -> Result<Self> {
        let mut nodes = vec![Node::default()];
        let mut next = 1u32;
        for (ei, entry) in lex.entries.iter().enumerate() {
            let ei = u32::try_from(ei).unwrap_or(u32::MAX);
            let cs = entry.case_sensitive;
            let mut kind = Kind::Exact;
            let mut literal = 0usize;
            let mut current = vec![0u32];
            for word in &entry.words {
                let mut following = Vec::new();
                for &n in &current {
                    let node = &mut nodes[n as usize];
                    let add = |c: u32, following: &mut Vec<u32>| {
                        if !following.contains(&c) {
                            following.push(c);
                        }
                    };
                    match word {
                        WordPattern::Exact(w) => {
                            let key = normalize_key(w, cs);
                            literal += key.chars().count();
                            let map = if cs {
                                &mut node.exact_cs
                            } else {
                                &mut node.exact
                            };
                            let c = *map.entry(key.into_boxed_str()).or_insert_with(|| {
                                next += 1;
                                next - 1
                            });
                            add(c, &mut following);
                        }
                        WordPattern::Inflected(base) => {
                            let map = if cs {
                                &mut node.exact_cs
                            } else {
                                &mut node.exact
                            };
                            for form in inflections(base) {
                                let key = normalize_key(&form, cs);
                                let c = *map.entry(key.into_boxed_str()).or_insert_with(|| {
                                    next += 1;
                                    next - 1
                                });
                                add(c, &mut following);
                            }
                            literal += base.chars().count();
                        }
                        WordPattern::Prefix(stem) => {
                            kind = kind.max(Kind::Wildcard);
                            let key = normalize_key(stem, cs);
                            literal += key.chars().count();
                            let table = if cs {
                                &mut node.prefix_cs
                            } else {
                                &mut node.prefix
                            };
                            let (c, _) = table.child(key, &mut next);
                            add(c, &mut following);
                        }
                        WordPattern::Regex(pattern) => {
                            kind = kind.max(Kind::Regex);
                            let existing = node
                                .pending
                                .iter()
                                .find(|(p, s, _)| p == pattern && *s == cs);
                            let c = match existing {
                                Some(&(_, _, c)) => c,
                                None => {
                                    next += 1;
                                    node.pending.push((pattern.clone(), cs, next - 1));
                                    next - 1
                                }
                            };
                            add(c, &mut following);
                        }
                    }
                }
                nodes.resize_with(next as usize, Node::default);
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
                && node.prefix.map.is_empty()
                && node.prefix_cs.map.is_empty()
                && node.regex.is_none();
        }
        let blockers = lex.entries.iter().map(|e| e.is_blocker()).collect();
        Ok(Trie { nodes, blockers })
    }

    /// Every child of `node` that the unit's keys lead to.
    fn step(&self, a: &Analysis, node: &Node, u: &Unit, f: &mut impl FnMut(u32)) {
        let key = a.key(u.key);
        let cased = a.key(u.cased);
        if !node.exact.is_empty() {
            match node.exact.get(key) {
                Some(&c) => f(c),
                None => {
                    if let Some(&c) = a.stem(u.key).and_then(|s| node.exact.get(s)) {
                        f(c);
                    }
                }
            }
        }
        if !node.exact_cs.is_empty() {
            match node.exact_cs.get(cased) {
                Some(&c) => f(c),
                None => {
                    if let Some(&c) = strip_possessive(cased).and_then(|s| node.exact_cs.get(s)) {
                        f(c);
                    }
                }
            }
        }
        node.prefix.visit(key, f);
        node.prefix_cs.visit(cased, f);
        if let Some(rx) = &node.regex {
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
    fn units(a: &Analysis, pos: Pos, first: First) -> [Option<Unit>; 2] {
        let mut out = [None, None];
        let Some(t) = a.tokens.get(pos.token) else {
            return out;
        };
        let parts = a.parts_of(t);
        let after = Pos {
            token: pos.token + 1,
            part: 0,
        };
        if pos.part == 0 && first != First::Parts {
            out[0] = Some(Unit {
                key: t.key,
                cased: t.cased,
                end: t.end,
                next: after,
            });
        }
        if !parts.is_empty() && (pos.part > 0 || first != First::Whole) {
            if let Some(p) = parts.get(pos.part) {
                let next = if pos.part + 1 < parts.len() {
                    Pos {
                        token: pos.token,
                        part: pos.part + 1,
                    }
                } else {
                    after
                };
                out[1] = Some(Unit {
                    key: p.key,
                    cased: p.cased,
                    end: p.end,
                    next,
                });
            }
        }
        out
    }

    /// Depth-first search of the trie from `node` reading units from `pos`, keeping the
    /// furthest-ending (then best-ranked) terminal in `best`.
    fn dfs(
        &self,
        a: &Analysis,
        node: u32,
        pos: Pos,
        sentence_end: usize,
        first: First,
        best: &mut Option<Best>,
    ) {
        for u in Self::units(a, pos, first).iter().flatten() {
            let continues = u.next.token < sentence_end
                && (u.next.part > 0 || a.tokens.get(u.next.token).is_some_and(|t| t.joined));
            self.step(a, &self.nodes[node as usize], u, &mut |c| {
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
                    self.dfs(a, c, u.next, sentence_end, First::Any, best);
                }
            });
        }
    }

    /// Leftmost-longest, non-overlapping matches of this lexicon in tokens `first..end` (one
    /// sentence), appended to `out`.
    pub fn find_in_sentence(
        &self,
        a: &Analysis,
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
            let t = &a.tokens[pos.token];
            let nparts = (t.parts.1 - t.parts.0) as usize;
            let mut best = None;
            if pos.part == 0 && nparts > 0 {
                self.dfs(a, 0, pos, end, First::Whole, &mut best);
                if best.is_none() {
                    self.dfs(a, 0, pos, end, First::Parts, &mut best);
                }
            } else {
                self.dfs(a, 0, pos, end, First::Any, &mut best);
            }
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
