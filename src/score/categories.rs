//! The categories of all lexicons: every category and ancestor, sorted, and for each entry
//! the category indices a match of it adds to (the roll-up, precomputed once).

use std::collections::BTreeSet;

use crate::lexicon::{Lexicon, category_paths};

/// The categories of all lexicons, with the roll-up of each entry precomputed.
#[derive(Debug)]
pub struct Categories {
    /// Every category and every ancestor of one, sorted (so a parent precedes its children).
    pub names: Vec<String>,
    /// For lexicon `l`, entry `e`: the category indices it adds to (with repeats when two of
    /// its categories share an ancestor).
    rollup: Vec<Vec<Vec<u32>>>,
    /// For lexicon `l`, entry `e`: whether it is a word choice (a `choice.` category).
    choice: Vec<Vec<bool>>,
}

impl Categories {
    pub fn new(lexicons: &[Lexicon]) -> Self {
        let mut all = BTreeSet::new();
        for lex in lexicons {
            for e in &lex.entries {
                for c in &e.categories {
                    all.extend(category_paths(c).map(str::to_string));
                }
            }
        }
        let names: Vec<String> = all.into_iter().collect();
        let index = |name: &str| names.binary_search_by(|n| n.as_str().cmp(name)).ok();
        let rollup = lexicons
            .iter()
            .map(|lex| {
                lex.entries
                    .iter()
                    .map(|e| {
                        let mut ids = Vec::new();
                        for c in &e.categories {
                            ids.extend(category_paths(c).filter_map(index).map(|x| x as u32));
                        }
                        ids
                    })
                    .collect()
            })
            .collect();
        let choice = lexicons
            .iter()
            .map(|lex| {
                lex.entries
                    .iter()
                    .map(|e| e.categories.iter().any(|c| c.starts_with("choice.")))
                    .collect()
            })
            .collect();
        Categories {
            names,
            rollup,
            choice,
        }
    }

    /// True when the entry is a word choice that counts towards the slant metric.
    pub fn is_choice(&self, lexicon: u32, entry: u32) -> bool {
        self.choice
            .get(lexicon as usize)
            .and_then(|l| l.get(entry as usize))
            .copied()
            .unwrap_or(false)
    }

    /// The category indices a match of `entry` in `lexicon` adds to.
    pub fn of(&self, lexicon: u32, entry: u32) -> &[u32] {
        self.rollup
            .get(lexicon as usize)
            .and_then(|l| l.get(entry as usize))
            .map_or(&[], Vec::as_slice)
    }
}
