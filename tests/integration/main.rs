//! slant's one integration-test binary: runs the real `slant` binary in temporary folders.

mod bad_input;
mod cli;
mod fixtures;
mod util;
