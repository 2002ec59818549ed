//! The built-in lexicons: the CSV files of `lexicons/`, compiled into the binary.
//!
//! Invariants: the embedded list is exactly `lexicons/*.csv`, in file-name order (a test
//! reads the folder); each file goes through [`parse_csv`] like a user's file, with origin
//! `builtin:FILE`; every one parses and lints clean (tests below). What the files must contain
//! (documented categories, coded word choices, alternatives for loaded terms) is tested in
//! `lexicon/tests.rs`.

use super::{Lexicon, parse_csv};

/// File name and text of each built-in lexicon, sorted by file name.
const FILES: [(&str, &str); 4] = [
    ("choices.csv", include_str!("../../lexicons/choices.csv")),
    (
        "epistemic.csv",
        include_str!("../../lexicons/epistemic.csv"),
    ),
    ("frames.csv", include_str!("../../lexicons/frames.csv")),
    ("loaded.csv", include_str!("../../lexicons/loaded.csv")),
];

/// The built-in lexicons, parsed, in file-name order. An error here is a bug in the shipped
/// files; the tests make sure it cannot reach a release.
pub fn builtin() -> crate::Result<Vec<Lexicon>> {
    FILES
        .iter()
        .map(|(file, text)| parse_csv(&format!("builtin:{file}"), text.as_bytes()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{check, check_all, double_counts, unused_weights};

    #[test]
    fn embedded_list_equals_the_lexicons_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".csv"))
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(file, _)| *file).collect();
        assert_eq!(embedded, on_disk);
        for (file, text) in FILES {
            assert_eq!(
                std::fs::read_to_string(dir.join(file)).unwrap(),
                text,
                "{file}"
            );
        }
    }

    /// The category prefixes each built-in lexicon may use; a category elsewhere would make
    /// two lexicons add to one count.
    fn prefixes(name: &str) -> &'static [&'static str] {
        match name {
            "choices" => &["choice."],
            "epistemic" => &["attribution.", "distancing.", "epistemic."],
            "frames" => &["frame.policy.", "frame.generic."],
            "loaded" => &["label.", "loaded."],
            other => panic!("unexpected built-in lexicon {other}"),
        }
    }

    #[test]
    fn every_builtin_parses_and_lints_clean() {
        let lexicons = builtin().unwrap();
        let names: Vec<&str> = lexicons.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["choices", "epistemic", "frames", "loaded"]);
        assert_eq!(check_all(&lexicons), Vec::new());
        for lex in &lexicons {
            // No duplicate, no word that can never match, no bad or empty-matching regex.
            assert_eq!(check(lex), Vec::new(), "{}", lex.name);
            // No entry that counts twice in a category (reported when a lexicon loads).
            assert_eq!(double_counts(lex), Vec::new(), "{}", lex.name);
            assert_eq!(unused_weights(lex), None, "{}", lex.name);
            assert_eq!(lex.origin, format!("builtin:{}.csv", lex.name));
            // Bumped when entries change (lexicons/README.md says why).
            let version = match lex.name.as_str() {
                "epistemic" | "frames" => "1.1.0",
                _ => "1.0.0",
            };
            assert_eq!(lex.version, version, "{}", lex.name);
            assert_eq!(lex.license, "CC-BY-4.0", "{}", lex.name);
            assert!(
                !lex.description.is_empty() && !lex.source.is_empty(),
                "{}",
                lex.name
            );
            for e in &lex.entries {
                assert!(
                    e.categories
                        .iter()
                        .all(|c| prefixes(&lex.name).iter().any(|p| c.starts_with(p))),
                    "{}:{}: `{}` has a category outside {:?}",
                    lex.name,
                    e.line,
                    e.term,
                    prefixes(&lex.name)
                );
                // Only word choices carry a side; every other count is a plain count.
                if lex.name != "choices" {
                    assert!(e.is_blocker() || e.weight == 1.0, "{}", e.term);
                }
                if e.is_blocker() {
                    assert!(
                        !e.note.is_empty(),
                        "{}:{}: blocker without a note",
                        lex.name,
                        e.line
                    );
                }
            }
        }
    }
}
