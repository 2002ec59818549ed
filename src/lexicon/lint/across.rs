//! What only shows across lexicons: a category two lexicons define (their counts are summed),
//! a word-choice concept two lexicons code (one mention can count in both), and categories
//! that differ only in letter case (counted apart). Each is reported on the later lexicon, at
//! the line of its first entry concerned, once.

use std::collections::{HashMap, HashSet};
use std::ptr;

use super::super::Lexicon;
use super::Lint;

/// The findings across `lexicons` (in load order), each tagged with the origin it is
/// reported on (the later of the two lexicons): a category that two lexicons both define, a
/// `choice.<concept>` both code (instead of a warning per shared category of it), a category
/// or parent spelt in another letter case than in an earlier lexicon. Per-file lints are not
/// repeated here: run [`super::check`] on each lexicon as well.
pub fn check_all(lexicons: &[Lexicon]) -> Vec<(String, Lint)> {
    let mut out = Vec::new();
    // Category -> the lexicon that first defines it, and the line there.
    let mut defined: HashMap<&str, (&Lexicon, u64)> = HashMap::new();
    // `choice.<concept>` -> the lexicon that first codes it, and the line there.
    let mut concepts: HashMap<&str, (&Lexicon, u64)> = HashMap::new();
    // A category or parent path, lower-cased -> as first spelt, in which category, where.
    let mut spelt: HashMap<String, (&str, &str, &Lexicon, u64)> = HashMap::new();
    for lex in lexicons {
        let mut own: HashSet<&str> = HashSet::new();
        let mut shared_concepts: HashSet<&str> = HashSet::new();
        let mut case_told: HashSet<(&str, &str)> = HashSet::new();
        let mut warn = |line: u64, message: String| {
            out.push((lex.origin.clone(), Lint::warning(line, message)));
        };
        for entry in &lex.entries {
            for category in &entry.categories {
                if !own.insert(category) {
                    continue;
                }
                for path in super::super::category_paths(category) {
                    let first = *spelt
                        .entry(path.to_lowercase())
                        .or_insert((path, category, lex, entry.line));
                    let (first_path, first_category, other, line) = first;
                    if first_path == path || ptr::eq(other, lex) {
                        continue;
                    }
                    if case_told.insert((path, first_path)) {
                        let whole = if path == category {
                            format!("category `{category}` differs")
                        } else {
                            format!("category `{category}` starts with `{path}`, which differs")
                        };
                        let there = if first_path == first_category {
                            String::new()
                        } else {
                            format!(" (in `{first_category}`)")
                        };
                        warn(
                            entry.line,
                            format!(
                                "{whole} only in letter case from `{first_path}`{there} of \
                                 lexicon `{}` ({}:{line}); categories are case-sensitive, so the \
                                 two are counted apart: spell them alike",
                                other.name, other.origin
                            ),
                        );
                    }
                    break;
                }
                let concept = choice_concept(category);
                if let Some(concept) = concept {
                    let &mut (other, line) = concepts.entry(concept).or_insert((lex, entry.line));
                    if !ptr::eq(other, lex) {
                        if shared_concepts.insert(concept) {
                            warn(entry.line, shared_concept(lex, concept, other, line));
                        }
                        // The concept's warning says it all.
                        defined.entry(category).or_insert((lex, entry.line));
                        continue;
                    }
                }
                let &mut (other, line) = defined.entry(category).or_insert((lex, entry.line));
                if !ptr::eq(other, lex) {
                    warn(
                        entry.line,
                        format!(
                            "category `{category}` is also defined by lexicon `{}` ({}:{line}); \
                             their counts are summed",
                            other.name, other.origin
                        ),
                    );
                }
            }
        }
    }
    out
}

/// `choice.barrier` for `choice.barrier.fence` (and for `choice.barrier`): the word-choice
/// concept a category codes a variant of.
fn choice_concept(category: &str) -> Option<&str> {
    let rest = category.strip_prefix("choice.")?;
    let concept_len = rest.find('.').unwrap_or(rest.len());
    Some(&category[.."choice.".len() + concept_len])
}

/// Why two lexicons coding one concept miscount it.
fn shared_concept(lex: &Lexicon, concept: &str, other: &Lexicon, line: u64) -> String {
    let hint = if other.origin.starts_with("builtin:") {
        format!(
            "to add variants to a built-in concept, add your rows to a copy of the built-in \
             file (`lexicons/{}.csv`) and load it with --no-default-lexicons",
            other.name
        )
    } else {
        "put all the variants of a concept in one lexicon".to_string()
    };
    format!(
        "lexicon `{}` codes variants of the word-choice concept `{}` (`{concept}.*`), which \
         lexicon `{}` codes too ({}:{line}): each lexicon finds its own matches, so one mention \
         can count in both (the same words, or a shorter entry of one inside a longer entry of \
         the other), and the concept's total in choices.csv and the slant metric count it \
         twice; {hint}, or give your concept a name of its own (its totals then stay apart, \
         though slant still sums the coded matches of every lexicon)",
        lex.name,
        &concept["choice.".len()..],
        other.name,
        other.origin
    )
}

#[cfg(test)]
mod tests;
