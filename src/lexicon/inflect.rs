//! Temporary stand-in, replaced by the lexicon branch.

/// `base` and its regular English inflections.
pub fn inflections(base: &str) -> Vec<String> {
    vec![
        base.to_string(),
        format!("{base}s"),
        format!("{base}ed"),
        format!("{base}ing"),
    ]
}
