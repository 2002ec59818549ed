//! The content of the shipped lexicons (module `shipped`): documented categories, coded word
//! choices, alternatives. Loading files and folders is tested in `load/tests.rs`.

/// What the shipped lexicons must contain, beyond parsing and linting clean (see
/// `builtin.rs`): the codebook in `lexicons/README.md` documents every category, word choices
/// are coded and sourced, and loaded terms offer neutral wording. (That no entry repeats
/// another under a different spelling, `fought` beside `fight~`, is a lint: `builtin.rs`.)
mod shipped {
    use std::collections::{BTreeMap, BTreeSet};

    use crate::lexicon::{Entry, Lexicon, builtin};

    fn lexicon(name: &str) -> Lexicon {
        builtin()
            .unwrap()
            .into_iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no built-in lexicon {name}"))
    }

    fn counting(lex: &Lexicon) -> impl Iterator<Item = &Entry> {
        lex.entries.iter().filter(|e| !e.is_blocker())
    }

    /// Everything written between single backticks in the codebook (code fences, whose
    /// triple backticks would flip the pairing, are skipped).
    fn documented() -> BTreeSet<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/README.md");
        let text: String = std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("```"))
            .collect::<Vec<_>>()
            .join("\n");
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_category_is_documented_in_the_codebook() {
        let documented = documented();
        // category -> the first place it is used
        let mut missing: BTreeMap<String, String> = BTreeMap::new();
        for lex in builtin().unwrap() {
            for e in &lex.entries {
                for c in &e.categories {
                    if !documented.contains(c) {
                        missing
                            .entry(c.clone())
                            .or_insert_with(|| format!("{}.csv:{}", lex.name, e.line));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "categories used in lexicons/*.csv but never written as `category` in \
             lexicons/README.md: {missing:?}"
        );
    }

    #[test]
    fn documented_categories_exist() {
        // The reverse: a category named in the codebook that no file uses is a stale entry.
        let used: BTreeSet<String> = builtin()
            .unwrap()
            .iter()
            .flat_map(|l| l.entries.iter().flat_map(|e| e.categories.clone()))
            .collect();
        let families = [
            "choice.",
            "frame.",
            "label.",
            "loaded.",
            "epistemic.",
            "attribution.",
        ];
        let stale: Vec<String> = documented()
            .into_iter()
            .filter(|d| families.iter().any(|f| d.starts_with(f)))
            .filter(|d| {
                d.split('.').count() >= 2
                    && d.split('.').all(|p| !p.is_empty())
                    && !d.ends_with(".csv")
                    && d.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._".contains(c))
            })
            .filter(|d| !used.contains(d) && !used.iter().any(|u| u.starts_with(&format!("{d}."))))
            .collect();
        assert!(stale.is_empty(), "documented but unused: {stale:?}");
    }

    #[test]
    fn word_choices_are_coded_and_sourced() {
        let lex = lexicon("choices");
        // concept -> variant -> weights seen
        let mut concepts: BTreeMap<String, BTreeMap<String, BTreeSet<i64>>> = BTreeMap::new();
        for e in counting(&lex) {
            let at = format!("choices.csv:{}: `{}`", e.line, e.term);
            assert_eq!(e.categories.len(), 1, "{at}: one category per word choice");
            let parts: Vec<&str> = e.categories[0].split('.').collect();
            let well_formed = |p: &str| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            };
            assert!(
                parts.len() == 3
                    && parts[0] == "choice"
                    && well_formed(parts[1])
                    && well_formed(parts[2]),
                "{at}: category must be choice.<concept>.<variant>, got {}",
                e.categories[0]
            );
            assert!(
                [-1.0, 0.0, 1.0].contains(&e.weight),
                "{at}: weight must be -1, 0 or 1, got {}",
                e.weight
            );
            assert!(
                !e.note.trim().is_empty(),
                "{at}: every word choice needs a note"
            );
            if e.weight != 0.0 {
                assert!(
                    ["[A]", "[B]", "[C]"].iter().any(|tag| e.note.contains(tag)),
                    "{at}: a coded choice must cite its source with an evidence tag [A], [B] or [C]"
                );
            }
            concepts
                .entry(parts[1].to_string())
                .or_default()
                .entry(parts[2].to_string())
                .or_default()
                .insert(e.weight as i64);
        }
        assert!(concepts.len() >= 25, "only {} concepts", concepts.len());
        for (concept, variants) in &concepts {
            assert!(variants.len() >= 2, "concept {concept} has one variant");
            for (variant, weights) in variants {
                assert_eq!(
                    weights.len(),
                    1,
                    "choice.{concept}.{variant} has rows with different weights"
                );
            }
            assert!(
                variants.values().any(|w| !w.contains(&0)),
                "concept {concept} has no coded (non-zero) variant"
            );
        }
    }

    #[test]
    fn loaded_has_several_hundred_entries_in_eight_categories_with_alternatives() {
        let lex = lexicon("loaded");
        let entries: Vec<&Entry> = counting(&lex).collect();
        let categories: BTreeSet<&str> = entries
            .iter()
            .flat_map(|e| e.categories.iter().map(String::as_str))
            .collect();
        assert!(entries.len() >= 300, "only {} entries", entries.len());
        assert!(
            categories.len() >= 8,
            "only {} categories",
            categories.len()
        );
        let with_alternative = entries
            .iter()
            .filter(|e| !e.alternatives.is_empty())
            .count();
        assert!(
            with_alternative * 100 >= entries.len() * 80,
            "{with_alternative} of {} entries offer a neutral alternative; at least 80% must",
            entries.len()
        );
        for e in &entries {
            // The exceptions must say why there is no neutral wording.
            assert!(
                !e.alternatives.is_empty() || !e.note.is_empty(),
                "loaded.csv:{}: `{}` has neither an alternative nor a note saying why not",
                e.line,
                e.term
            );
        }
        for starter in [
            "label.terror",
            "label.militant",
            "label.fighter",
            "label.extremist",
            "label.regime",
            "label.mob",
        ] {
            assert!(categories.contains(starter), "{starter} is gone");
        }
    }

    #[test]
    fn the_blockers_a_description_names_exist() {
        // `# description:` names examples of its blockers; each must be a blocker of the file
        // (as written, or with `~`), so the description never promises one that is not there.
        let lex = lexicon("loaded");
        let (_, after) = lex
            .description
            .split_once("blockers (category -) keep technical and literal senses (")
            .expect("the description names its blockers");
        let (named, _) = after.split_once(')').unwrap();
        let examples: Vec<&str> = named.split(", ").collect();
        assert!(examples.len() >= 2, "{examples:?}");
        for example in examples {
            assert!(
                lex.entries
                    .iter()
                    .any(|e| e.is_blocker()
                        && (e.term == example || e.term == format!("{example}~"))),
                "`{example}` is named in loaded.csv's description but is not a blocker there"
            );
        }
    }

    #[test]
    fn frames_cover_the_policy_frames_codebook_and_the_generic_frames() {
        let lex = lexicon("frames");
        let categories: BTreeSet<&str> = counting(&lex)
            .flat_map(|e| e.categories.iter().map(String::as_str))
            .collect();
        let policy = [
            "economic",
            "capacity_resources",
            "morality",
            "fairness_equality",
            "legality",
            "policy_prescription",
            "crime_punishment",
            "security_defense",
            "health_safety",
            "quality_of_life",
            "cultural_identity",
            "public_opinion",
            "political",
            "external_regulation",
        ];
        let generic = [
            "conflict",
            "human_interest",
            "responsibility",
            "economic_consequences",
            "morality",
        ];
        let expected: BTreeSet<String> = policy
            .iter()
            .map(|d| format!("frame.policy.{d}"))
            .chain(generic.iter().map(|g| format!("frame.generic.{g}")))
            .collect();
        let found: BTreeSet<String> = categories.iter().map(|c| c.to_string()).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn epistemic_keeps_the_attribution_kinds_the_journalism_reports_count() {
        let lex = lexicon("epistemic");
        let categories: BTreeSet<&str> = counting(&lex)
            .flat_map(|e| e.categories.iter().map(String::as_str))
            .collect();
        let expected: BTreeSet<&str> = [
            "attribution.neutral",
            "attribution.endorsing",
            "attribution.distancing",
            "attribution.conceding",
            "distancing.marker",
            "epistemic.hedge",
            "epistemic.booster",
            "epistemic.factive",
            "epistemic.assertive",
        ]
        .into_iter()
        .collect();
        assert_eq!(categories, expected);
        // Non-neutral attribution verbs name their neutral alternative, as before.
        for e in counting(&lex) {
            let judging = e
                .categories
                .iter()
                .any(|c| c.starts_with("attribution.") && c != "attribution.neutral");
            if judging {
                assert_eq!(e.alternatives, vec!["said".to_string()], "{}", e.term);
            }
        }
    }
}
