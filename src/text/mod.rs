//! The text pipeline: normalisation keys, tokens, sentences, paragraphs, voice (quotations)
//! and negation. Every offset is a byte offset into the original text, on a char boundary.

pub mod fold;

pub use fold::{fold_char, normalize_key};

/// True when `word` is exactly one token under slant's tokenizer (so a lexicon word made of
/// it can ever match).
pub fn is_single_token(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '\'' || c == '-')
}
