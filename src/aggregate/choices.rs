//! Choice shares: for categories named `choice.<concept>.<variant>`, which variant each group
//! chose, as a share of all the concept's variants it used, with a Wilson 95% interval.

use super::groups::CellKey;
use super::stats;

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
    pub note: &'static str,
}

/// The rows of one cell: every concept × variant, given the cell's category totals.
pub fn rows<'a>(
    key: &'a CellKey,
    cat_totals: &[u64],
    choices: &'a [(String, String, usize)],
) -> Vec<ChoiceRow<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < choices.len() {
        let concept = &choices[start].0;
        let end = start
            + choices[start..]
                .iter()
                .take_while(|c| &c.0 == concept)
                .count();
        let group = &choices[start..end];
        let concept_total: u64 = group
            .iter()
            .map(|c| cat_totals.get(c.2).copied().unwrap_or(0))
            .sum();
        for (_, variant, cat) in group {
            let count = cat_totals.get(*cat).copied().unwrap_or(0);
            let (ci95, note) = match stats::wilson(count, concept_total) {
                Ok(ci) => (Some(ci), ""),
                Err(stats::NO_TRIALS) => (None, CONCEPT_ABSENT),
                Err(stats::Degenerate(why)) => (None, why),
            };
            out.push(ChoiceRow {
                key,
                concept,
                variant,
                count,
                concept_total,
                share: (concept_total > 0).then(|| count as f64 / concept_total as f64),
                ci95,
                note,
            });
        }
        start = end;
    }
    out
}
