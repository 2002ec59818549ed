//! slant: a media bias and framing analyzer.
//!
//! The pipeline reads in the folder names: `input` (bytes -> articles) -> `text` (tokens,
//! sentences, voice, negation) -> `matcher` (lexicons -> matches) -> `score` (one article ->
//! its counts) -> `aggregate` -> `report` (typed rows -> CSV/JSON, written atomically).
//! `cli` and `config` hold what the user typed and its validated form; `cmd` wires commands.
//! `html` draws `summary.html` from a folder of reports.

pub mod aggregate;
pub mod build_info;
pub mod cancel;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod devices;
pub mod diag;
pub mod error;
pub mod html;
pub mod ids;
pub mod input;
pub mod lexicon;
pub mod matcher;
pub mod ordered;
pub mod progress;
pub mod report;
pub mod sanitize;
pub mod score;
pub mod shard;
pub mod suggest;
mod swar;
pub mod tempfile_store;
pub mod text;
pub mod wire;

pub use error::{Error, Result};
