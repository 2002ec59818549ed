//! slant's one integration-test binary: runs the real `slant` binary in temporary folders.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod aggregates;
mod bad_input;
mod by_article;
mod cli;
mod coding;
mod compare;
mod compare_errors;
mod docs;
mod faults;
mod fixtures;
mod fuzzed;
#[path = "../../fuzz/src/lib.rs"]
mod harness;
mod hostile;
mod hostile_big;
mod journalism;
mod lexicon_authoring;
mod lexicon_commands;
mod output;
mod properties;
mod reproducibility;
mod seed;
mod shard;
mod shard_refusals;
mod spreadsheets;
mod strata;
mod summary;
mod util;
mod validation;
mod weighting;
