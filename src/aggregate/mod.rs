//! Aggregation: article scores -> group, period, term and comparison tables.
pub mod period;
