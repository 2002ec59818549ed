//! Aggregation: article scores -> group, period, term, choice, target and comparison tables.
//! `stats` holds the pure formulas; the other modules accumulate and lay out rows.

pub mod agreement;
pub mod choices;
pub mod compare;
pub mod groups;
pub mod period;
pub mod rng;
pub mod sample;
pub mod stats;
pub mod targets;
pub mod terms;
