//! Aggregation: article scores -> group, period, term, choice and comparison tables.
//! `stats` holds the pure formulas; the other modules accumulate and lay out rows.

pub mod choices;
pub mod groups;
pub mod period;
pub mod stats;
pub mod targets;
pub mod terms;
