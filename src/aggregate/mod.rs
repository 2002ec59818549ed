//! Aggregation: article scores -> group, period, term and comparison tables.
pub mod compare;
pub mod period;
pub mod rng;
pub mod stats;
