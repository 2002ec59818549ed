//! The subsets of matches `agreement.csv` has rows for.

use std::collections::BTreeSet;

use super::ALL;
use super::sheets::{Coded, Unit};

/// A subset of units: every unit, a category, a group, a category within a group, or a
/// stratum of the draw.
pub(super) struct Scope {
    /// An index into [`Coded::strata`]; `None` for every stratum.
    pub(super) stratum: Option<usize>,
    pub(super) category: String,
    pub(super) groups: Vec<String>,
}

impl Scope {
    pub(super) fn contains(&self, u: &Unit) -> bool {
        self.stratum.is_none_or(|h| u.stratum == Some(h))
            && (self.category == ALL || self.category == u.category)
            && self
                .groups
                .iter()
                .zip(&u.groups)
                .all(|(s, g)| s == ALL || s == g)
    }
}

/// The scopes of the rows, with groups and without: every unit, each category, and in the
/// first also each group and each category within a group (with two group columns or more,
/// also each column's values alone); then, in both, each stratum, unless every stratum is
/// already one of these ([`by_stratum`]).
pub(super) fn scopes(coded: &Coded) -> (Vec<Scope>, Vec<Scope>) {
    let mut with_groups = category_and_group_scopes(coded, true);
    let mut overall = category_and_group_scopes(coded, false);
    if by_stratum(coded, &with_groups) {
        for out in [&mut with_groups, &mut overall] {
            out.extend((0..coded.strata.len()).map(|h| Scope {
                stratum: Some(h),
                category: ALL.into(),
                groups: vec![ALL.to_string(); coded.group_cols.len()],
            }));
        }
    }
    (with_groups, overall)
}

/// Whether the rows need a scope per stratum: the sheets give the strata, and some stratum
/// is not the set of units of one of `scopes` (a category, a group or a category within a
/// group, as it is for a draw `--per category` or `--per category,outlet`), so that its
/// precision would appear nowhere else (a draw `--per lexicon`, `--per voice`).
fn by_stratum(coded: &Coded, scopes: &[Scope]) -> bool {
    if coded.strata.is_empty() {
        return false;
    }
    let size: Vec<usize> = scopes
        .iter()
        .map(|scope| coded.units.iter().filter(|u| scope.contains(u)).count())
        .collect();
    (0..coded.strata.len()).any(|h| {
        let units: Vec<&Unit> = coded
            .units
            .iter()
            .filter(|u| u.stratum == Some(h))
            .collect();
        // The stratum is a scope when a scope holds all of its units and nothing else.
        !scopes
            .iter()
            .zip(&size)
            .any(|(scope, &n)| n == units.len() && units.iter().all(|u| scope.contains(u)))
    })
}

fn category_and_group_scopes(coded: &Coded, with_groups: bool) -> Vec<Scope> {
    let all_groups = vec![ALL.to_string(); coded.group_cols.len()];
    let cats: BTreeSet<&str> = coded.units.iter().map(|u| u.category.as_str()).collect();
    let mut out = vec![Scope {
        stratum: None,
        category: ALL.into(),
        groups: all_groups.clone(),
    }];
    out.extend(cats.iter().map(|c| Scope {
        stratum: None,
        category: c.to_string(),
        groups: all_groups.clone(),
    }));
    if with_groups && !coded.group_cols.is_empty() {
        let groups: BTreeSet<&Vec<String>> = coded.units.iter().map(|u| &u.groups).collect();
        out.extend(groups.iter().map(|g| Scope {
            stratum: None,
            category: ALL.into(),
            groups: (*g).clone(),
        }));
        let cells: BTreeSet<(&str, &Vec<String>)> = coded
            .units
            .iter()
            .map(|u| (u.category.as_str(), &u.groups))
            .collect();
        out.extend(cells.iter().map(|(c, g)| Scope {
            stratum: None,
            category: c.to_string(),
            groups: (*g).clone(),
        }));
        // With two group columns or more (`bias,outlet`), each column's values alone, the
        // others pooled: the precision per bias of a sheet drawn per category × bias.
        if coded.group_cols.len() >= 2 {
            for i in 0..coded.group_cols.len() {
                let alone = |g: &Vec<String>| {
                    let mut only = all_groups.clone();
                    only[i] = g[i].clone();
                    only
                };
                let values: BTreeSet<Vec<String>> =
                    coded.units.iter().map(|u| alone(&u.groups)).collect();
                let cells: BTreeSet<(&str, Vec<String>)> = coded
                    .units
                    .iter()
                    .map(|u| (u.category.as_str(), alone(&u.groups)))
                    .collect();
                out.extend(values.into_iter().map(|groups| Scope {
                    stratum: None,
                    category: ALL.into(),
                    groups,
                }));
                out.extend(cells.into_iter().map(|(c, groups)| Scope {
                    stratum: None,
                    category: c.to_string(),
                    groups,
                }));
            }
        }
    }
    out
}
