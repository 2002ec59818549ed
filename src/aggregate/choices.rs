//! Choice shares: for categories named `choice.<concept>.<variant>`, which variant each group
//! chose, as a share of all the concept's variants it used, with a Wilson 95% interval over
//! the matches and one over the articles (each article a cluster of matches; see
//! [`stats::wilson_clustered`]). The per-article sums are integers, so a cell's row is the
//! same whatever the order its articles came in.

use std::ops::Range;

use super::groups::CellKey;
use super::join_note;
use super::stats::{self, ByArticle, PartSums};

/// The choice categories among all categories: (concept, variant, category index).
pub fn choice_categories(names: &[String]) -> Vec<(String, String, usize)> {
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let mut parts = name.split('.');
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some("choice"), Some(concept), Some(variant), None) => {
                    Some((concept.to_string(), variant.to_string(), i))
                }
                _ => None,
            }
        })
        .collect()
}

/// The note of a row whose share is undefined: no variant of the concept matched in the cell
/// (the cell may still have articles).
pub const CONCEPT_ABSENT: &str = "the concept does not occur in this cell";

/// One row of `choices.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRow<'a> {
    pub key: &'a CellKey,
    pub concept: &'a str,
    pub variant: &'a str,
    pub count: u64,
    /// All matches of the concept's variants in the cell.
    pub concept_total: u64,
    pub share: Option<f64>,
    pub ci95: Option<(f64, f64)>,
    /// The share with articles as the units: those in which the concept occurs.
    pub by_article: ByArticle,
    /// Why cells are empty, `; `-joined.
    pub note: String,
}

/// The word-choice categories of a run, laid out for adding articles up by concept.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// (concept, variant, category index), in category order: a concept's variants are
    /// neighbours, since category names are sorted.
    list: Vec<(String, String, usize)>,
    /// Each concept's variants, as a range of `list`.
    concepts: Vec<Range<usize>>,
    /// Category index -> (position in `list`, concept number), for choice categories.
    slot: Vec<Option<(u32, u32)>>,
}

/// One cell's sums: per concept, its articles' totals and its variants' counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChoiceCell {
    concepts: Vec<PartSums>,
}

impl Choices {
    /// The choice categories among the run's categories (`names`, in category order).
    pub fn new(names: &[String]) -> Self {
        let list = choice_categories(names);
        let mut concepts: Vec<Range<usize>> = Vec::new();
        for (i, (concept, _, _)) in list.iter().enumerate() {
            match concepts.last_mut() {
                Some(r) if list.get(r.start).is_some_and(|c| &c.0 == concept) => r.end = i + 1,
                _ => concepts.push(i..i + 1),
            }
        }
        let mut slot = vec![None; names.len()];
        for (c, range) in concepts.iter().enumerate() {
            for position in range.clone() {
                if let Some(s) = list.get(position).and_then(|v| slot.get_mut(v.2)) {
                    *s = Some((position as u32, c as u32));
                }
            }
        }
        Choices {
            list,
            concepts,
            slot,
        }
    }

    /// A cell with nothing added.
    pub fn cell(&self) -> ChoiceCell {
        ChoiceCell {
            concepts: self
                .concepts
                .iter()
                .map(|r| PartSums::new(r.len()))
                .collect(),
        }
    }

    /// About the bytes a [`ChoiceCell`] takes.
    pub fn cell_size(&self) -> usize {
        64 + 56 * self.concepts.len() + 48 * self.list.len()
    }

    /// Adds one article, given its non-zero category counts as (category, n, narrator n) in
    /// category order: for each concept it uses, each variant's count, out of their sum.
    pub fn add(&self, cell: &mut ChoiceCell, counts: &[(u32, u32, u32)]) {
        let mut used = counts
            .iter()
            .filter_map(|&(c, n, _)| {
                let (position, concept) = self.slot.get(c as usize).copied().flatten()?;
                Some((concept, position as usize, u64::from(n)))
            })
            .peekable();
        // A concept's variants are neighbours in category order, so its counts are too.
        let mut one: Vec<u64> = Vec::new();
        while let Some((concept, position, n)) = used.next() {
            let (Some(range), Some(sums)) = (
                self.concepts.get(concept as usize),
                cell.concepts.get_mut(concept as usize),
            ) else {
                continue;
            };
            one.clear();
            one.resize(range.len(), 0);
            let mut put = |position: usize, n: u64| {
                if let Some(y) = position
                    .checked_sub(range.start)
                    .and_then(|i| one.get_mut(i))
                {
                    *y = n;
                }
            };
            put(position, n);
            while let Some((_, position, n)) = used.next_if(|u| u.0 == concept) {
                put(position, n);
            }
            sums.add(&one);
        }
    }

    /// The rows of one cell: every concept × variant.
    pub fn rows<'a>(&'a self, key: &'a CellKey, cell: &ChoiceCell) -> Vec<ChoiceRow<'a>> {
        let mut out = Vec::with_capacity(self.list.len());
        for (c, range) in self.concepts.iter().enumerate() {
            let sums = cell.concepts.get(c);
            let totals = sums.map(|s| s.totals).unwrap_or_default();
            let concept_total = totals.sum;
            for (variant, position) in range.clone().enumerate() {
                let Some((concept, variant_name, _)) = self.list.get(position) else {
                    continue;
                };
                let counts = sums
                    .and_then(|s| s.parts.get(variant))
                    .copied()
                    .unwrap_or_default();
                let count = counts.sum;
                let (ci95, mut note) = match stats::wilson(count, concept_total) {
                    Ok(ci) => (Some(ci), String::new()),
                    Err(stats::NO_TRIALS) => (None, CONCEPT_ABSENT.to_string()),
                    Err(stats::Degenerate(why)) => (None, why.to_string()),
                };
                let (by_article, why) = ByArticle::of(&totals, &counts);
                // No trials is said already, as the concept's absence.
                if why != stats::NO_TRIALS.0 {
                    join_note(&mut note, why);
                }
                out.push(ChoiceRow {
                    key,
                    concept,
                    variant: variant_name,
                    count,
                    concept_total,
                    share: (concept_total > 0).then(|| count as f64 / concept_total as f64),
                    ci95,
                    by_article,
                    note,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
