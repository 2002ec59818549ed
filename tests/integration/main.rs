//! slant's one integration-test binary: runs the real `slant` binary in temporary folders.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test

mod aggregates;
mod bad_input;
mod cli;
mod compare;
mod fixtures;
mod journalism;
mod seed;
mod summary;
mod util;
mod validation;
