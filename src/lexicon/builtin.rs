//! The built-in lexicons: the CSV files of `lexicons/`, compiled into the binary.
//!
//! Invariants: the embedded list is exactly `lexicons/*.csv`, in file-name order (a test
//! reads the folder); each file goes through [`parse_csv`] like a user's file, with origin
//! `builtin:FILE`; every one parses and lints clean (tests below).

use super::{Lexicon, parse_csv};

/// File name and text of each built-in lexicon, sorted by file name.
const FILES: [(&str, &str); 3] = [
    (
        "attribution.csv",
        include_str!("../../lexicons/attribution.csv"),
    ),
    (
        "distancing.csv",
        include_str!("../../lexicons/distancing.csv"),
    ),
    ("labels.csv", include_str!("../../lexicons/labels.csv")),
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
    use crate::lexicon::{check, check_all};

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

    #[test]
    fn every_builtin_parses_and_lints_clean() {
        let lexicons = builtin().unwrap();
        let names: Vec<&str> = lexicons.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, vec!["attribution", "distancing", "labels"]);
        assert_eq!(check_all(&lexicons), Vec::new());
        for lex in &lexicons {
            assert_eq!(check(lex), Vec::new(), "{}", lex.name);
            assert_eq!(lex.origin, format!("builtin:{}.csv", lex.name));
            assert_eq!(lex.version, "0.1.0", "{}", lex.name);
            assert_eq!(lex.license, "CC-BY-4.0", "{}", lex.name);
            assert!(
                !lex.description.is_empty() && !lex.source.is_empty(),
                "{}",
                lex.name
            );
            for e in &lex.entries {
                // Every category of a built-in lexicon lives under the lexicon's own prefix,
                // except blockers, which count nowhere.
                let prefix = if lex.name == "labels" {
                    "label."
                } else {
                    &format!("{}.", lex.name)
                };
                assert!(
                    e.categories.iter().all(|c| c.starts_with(prefix)),
                    "{}",
                    e.term
                );
                assert!(e.is_blocker() || e.weight == 1.0, "{}", e.term);
            }
        }
    }

    #[test]
    fn loaded_labels_offer_an_alternative_or_say_why_not() {
        let lexicons = builtin().unwrap();
        let labels = lexicons.iter().find(|l| l.name == "labels").unwrap();
        for e in labels.entries.iter().filter(|e| !e.is_blocker()) {
            assert!(
                !e.alternatives.is_empty() || !e.note.is_empty(),
                "{}",
                e.term
            );
        }
        assert!(
            labels
                .entries
                .iter()
                .filter(|e| e.is_blocker())
                .all(|e| !e.note.is_empty())
        );
    }
}
