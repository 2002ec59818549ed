//! slant: a media bias and framing analyzer.
//!
//! The pipeline reads in the folder names: `input` (bytes -> articles) -> `text` (tokens,
//! sentences, voice, negation) -> `matcher` (lexicons -> matches) -> `score` (one article ->
//! its counts) -> `aggregate` -> `report` (typed rows -> CSV/JSON, written atomically).

pub mod aggregate;
pub mod diag;
pub mod error;
pub mod input;
pub mod lexicon;
pub mod text;

pub use error::{Error, Result};
