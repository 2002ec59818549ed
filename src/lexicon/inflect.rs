//! English inflections for `base~` entries: the -s, -ed and -ing forms of a word, and the
//! irregular forms of the verbs and nouns in `irregular`'s tables.
//!
//! Invariants: the result starts with `base` itself, has no duplicates, and its order depends
//! only on `base`: for a verb of the table, its forms in the table's order; otherwise the
//! regular forms (base, -s forms, -ed forms, -ing forms), then any irregular ones (a prefixed
//! verb's, a noun's plural). Regular rules look at the lower-cased ending; forms are built on
//! `base` as written, irregular ones in its case (`Say~`: `Said`; `SAY~`: `SAID`).
//! Over-generation is accepted where English is ambiguous (both `banned` and `baned`, both
//! `vetos` and `vetoes`, `humen` beside `humans`): a form that does not occur in text costs
//! nothing, a missing one loses matches. A form that is another word does cost, so the tables
//! leave out the forms that in news are mostly another word (`left`, `fed`: see
//! `irregular`).

mod irregular;

use irregular::{ENDINGS, NOUNS, VERB_PREFIXES, VERBS};

/// `base` and its English inflections, e.g. `attack` -> attack, attacks, attacked,
/// attacking; `fight` -> fight, fights, fought, fighting; `gunman` -> gunman, gunmans, …,
/// gunmen. A hyphenated base inflects its last part (`re-write`: re-wrote, as the matcher reads
/// a compound's last part). A base that does not end in an ASCII letter, or is a single
/// letter, is returned alone.
pub fn inflections(base: &str) -> Vec<String> {
    if let Some((head, last)) = base
        .rsplit_once('-')
        .filter(|(head, last)| !head.is_empty() && !last.is_empty())
    {
        return inflections(last)
            .into_iter()
            .map(|form| format!("{head}-{form}"))
            .collect();
    }
    let lower = base.to_lowercase();
    let mut forms = match row(VERBS, &lower) {
        Some(verb) => std::iter::once(base.to_string())
            .chain(verb.skip(1).map(|f| cased(base, f)))
            .collect(),
        None => {
            let mut forms = regular(base);
            let irregular = prefixed_verb(&lower)
                .into_iter()
                .flatten()
                .chain(
                    row(NOUNS, &lower)
                        .into_iter()
                        .flatten()
                        .skip(1)
                        .map(str::to_owned),
                )
                .chain(ENDINGS.iter().filter_map(|&(ending, plural)| {
                    let before = lower.strip_suffix(ending)?;
                    let letters = before.chars().count();
                    (ending != "man" || letters == 0 || letters >= 2)
                        .then(|| format!("{before}{plural}"))
                }));
            forms.extend(irregular.map(|f| cased(base, &f)));
            forms
        }
    };
    let mut seen = std::collections::HashSet::new();
    forms.retain(|f| seen.insert(f.clone()));
    forms
}

/// The words of the row of `table` whose first word is `lower`.
fn row(table: &'static [&'static str], lower: &str) -> Option<std::str::Split<'static, char>> {
    let i = table
        .binary_search_by(|row| row.split(' ').next().unwrap_or("").cmp(lower))
        .ok()?;
    Some(table[i].split(' '))
}

/// The forms of a verb of [`VERBS`] under one or more of [`VERB_PREFIXES`] (`misunderstand`:
/// `misunderstood`), without the base; `None` when `lower` is no such verb.
fn prefixed_verb(lower: &str) -> Option<Vec<String>> {
    VERB_PREFIXES.iter().find_map(|prefix| {
        let rest = lower.strip_prefix(prefix).filter(|rest| rest.len() >= 2)?;
        let forms: Vec<String> = match row(VERBS, rest) {
            Some(verb) => verb.skip(1).map(str::to_owned).collect(),
            None => prefixed_verb(rest)?,
        };
        Some(forms.into_iter().map(|f| format!("{prefix}{f}")).collect())
    })
}

/// `form` (lower case) in the case of `base`: upper case when every letter of `base` is and
/// it has two or more; capitalised when `base` starts with a capital; else as it is.
fn cased(base: &str, form: &str) -> String {
    let letters: Vec<char> = base.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        form.to_uppercase()
    } else if base.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = form.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        form.to_string()
    }
}

/// `base` (first) and its regular inflections.
fn regular(base: &str) -> Vec<String> {
    let mut forms = vec![base.to_string()];
    let lower_text = base.to_lowercase();
    let lower: Vec<char> = lower_text.chars().collect();
    let [.., before, last] = lower[..] else {
        return forms;
    };
    // Checked on `base`, not `lower`: some non-ASCII letters lower-case to ASCII ones.
    if !base.ends_with(|c: char| c.is_ascii_alphabetic()) {
        return forms;
    }
    // The last char is ASCII, so this slice ends on a char boundary.
    let drop_last = &base[..base.len() - 1];
    let ends = |suffix: &str| lower_text.ends_with(suffix);
    let consonant_y = last == 'y' && !is_vowel(before);
    let doubled = is_cvc(&lower).then(|| format!("{base}{}", &base[base.len() - 1..]));

    // -s
    if ["s", "x", "z", "ch", "sh"].iter().any(|s| ends(s)) {
        forms.push(format!("{base}es"));
    } else if consonant_y {
        forms.push(format!("{drop_last}ies"));
    } else if last == 'o' && !is_vowel(before) {
        forms.push(format!("{base}s"));
        forms.push(format!("{base}es"));
    } else {
        forms.push(format!("{base}s"));
    }
    // -ed
    if last == 'e' {
        forms.push(format!("{base}d"));
    } else if consonant_y {
        forms.push(format!("{drop_last}ied"));
    } else {
        forms.extend(doubled.iter().map(|d| format!("{d}ed")));
        forms.push(format!("{base}ed"));
    }
    // -ing
    if let Some(stem) = base
        .len()
        .checked_sub(2)
        .and_then(|n| base.get(..n))
        .filter(|_| ends("ie"))
    {
        forms.push(format!("{stem}ying"));
    } else if ["ee", "oe", "ye"].iter().any(|s| ends(s)) {
        forms.push(format!("{base}ing"));
    } else if last == 'e' {
        forms.push(format!("{drop_last}ing"));
    } else {
        forms.extend(doubled.iter().map(|d| format!("{d}ing")));
        forms.push(format!("{base}ing"));
    }
    forms
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Ends consonant-vowel-consonant (final consonant not w, x or y): the words whose final
/// consonant may double (`ban` -> `banned`, `stop` -> `stopping`).
fn is_cvc(lower: &[char]) -> bool {
    match lower {
        [.., a, b, c] => {
            !is_vowel(*a)
                && is_vowel(*b)
                && c.is_ascii_alphabetic()
                && !is_vowel(*c)
                && !matches!(c, 'w' | 'x' | 'y')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::inflections;
    use super::irregular::{ENDINGS, NOUNS, VERB_PREFIXES, VERBS};

    fn check(base: &str, expected: &[&str]) {
        assert_eq!(inflections(base), expected, "inflections of {base}");
    }

    #[test]
    fn regular() {
        check("attack", &["attack", "attacks", "attacked", "attacking"]);
        check("play", &["play", "plays", "played", "playing"]);
    }

    #[test]
    fn final_e() {
        check("raze", &["raze", "razes", "razed", "razing"]);
        check("agree", &["agree", "agrees", "agreed", "agreeing"]);
        check("dye", &["dye", "dyes", "dyed", "dyeing"]);
    }

    #[test]
    fn consonant_y() {
        check("deny", &["deny", "denies", "denied", "denying"]);
    }

    #[test]
    fn sibilants_take_es() {
        check("push", &["push", "pushes", "pushed", "pushing"]);
        check("tax", &["tax", "taxes", "taxed", "taxing"]);
        check("buzz", &["buzz", "buzzes", "buzzed", "buzzing"]);
        check("kiss", &["kiss", "kisses", "kissed", "kissing"]);
        check("march", &["march", "marches", "marched", "marching"]);
    }

    #[test]
    fn cvc_gets_doubled_and_plain_forms() {
        check(
            "ban",
            &["ban", "bans", "banned", "baned", "banning", "baning"],
        );
        check(
            "stop",
            &["stop", "stops", "stopped", "stoped", "stopping", "stoping"],
        );
        check(
            "plan",
            &["plan", "plans", "planned", "planed", "planning", "planing"],
        );
        check(
            "visit",
            &[
                "visit",
                "visits",
                "visitted",
                "visited",
                "visitting",
                "visiting",
            ],
        );
        // w, x and y never double.
        check("allow", &["allow", "allows", "allowed", "allowing"]);
    }

    #[test]
    fn final_ie() {
        check("die", &["die", "dies", "died", "dying"]);
        check("lie", &["lie", "lies", "lied", "lying"]);
    }

    #[test]
    fn consonant_o_gets_both_plurals() {
        check("veto", &["veto", "vetos", "vetoes", "vetoed", "vetoing"]);
    }

    #[test]
    fn case_is_kept_and_odd_bases_are_left_alone() {
        check("Attack", &["Attack", "Attacks", "Attacked", "Attacking"]);
        check("x", &["x"]);
        check("", &[""]);
        check("9/11", &["9/11"]);
        check("café", &["café"]);
        // KELVIN SIGN lower-cases to an ASCII `k`; slicing must not split it.
        check("ban\u{212A}", &["ban\u{212A}"]);
    }

    fn has(base: &str, wanted: &[&str], unwanted: &[&str]) {
        let forms = inflections(base);
        for w in wanted {
            assert!(forms.iter().any(|f| f == w), "{base}~ lacks {w}: {forms:?}");
        }
        for u in unwanted {
            assert!(!forms.iter().any(|f| f == u), "{base}~ has {u}: {forms:?}");
        }
    }

    #[test]
    fn an_irregular_verb_has_its_own_forms_and_no_regular_ones() {
        check("fight", &["fight", "fights", "fought", "fighting"]);
        check("see", &["see", "sees", "saw", "seen", "seeing"]);
        check("say", &["say", "says", "said", "saying"]);
        check(
            "strike",
            &["strike", "strikes", "struck", "stricken", "striking"],
        );
        // Both the regular and the irregular past where English has both.
        check(
            "learn",
            &["learn", "learns", "learned", "learnt", "learning"],
        );
        // In the case of the base.
        check("Say", &["Say", "Says", "Said", "Saying"]);
        check("SAY", &["SAY", "SAYS", "SAID", "SAYING"]);
    }

    #[test]
    fn a_prefixed_verb_keeps_the_irregular_forms_beside_the_regular_ones() {
        has("withdraw", &["withdraws", "withdrew", "withdrawn"], &[]);
        has("uphold", &["upholds", "upheld", "upholding"], &[]);
        has("mislead", &["misled"], &[]);
        has("misunderstand", &["misunderstood"], &[]);
        // `relay` is regular: the regular forms stay.
        has("relay", &["relays", "relayed", "relaying"], &[]);
        // Not a prefix of the table: `be-` and `for-` verbs are listed whole.
        has("become", &["became"], &["becomed"]);
        has("forget", &["forgot", "forgotten", "forgetting"], &[]);
    }

    #[test]
    fn a_hyphenated_base_inflects_its_last_part() {
        check(
            "counter-attack",
            &[
                "counter-attack",
                "counter-attacks",
                "counter-attacked",
                "counter-attacking",
            ],
        );
        has(
            "re-write",
            &["re-writes", "re-wrote", "re-written"],
            &["re-writed"],
        );
        has("Anti-Hero", &["Anti-Heroes"], &[]);
        // A hyphen at either end is no compound.
        has("-ban", &["-banned"], &[]);
    }

    #[test]
    fn forms_that_are_mostly_another_word_are_left_out() {
        has("leave", &["leaves", "leaving"], &["left"]);
        has("feed", &["feeds", "feeding"], &["fed"]);
        has("lie", &["lied", "lying"], &["lay", "lain"]);
        has("bite", &["bitten"], &["bit"]);
        has("basis", &[], &["bases"]);
        has("medium", &[], &["media"]);
        has("person", &["persons"], &["people"]);
    }

    #[test]
    fn irregular_plurals_are_added_to_the_regular_forms() {
        has("child", &["children"], &[]);
        has("grandchild", &["grandchildren"], &[]);
        has("crisis", &["crises"], &[]);
        has("stimulus", &["stimuli"], &[]);
        has("knife", &["knives", "knifed", "knifing"], &[]);
        has("gunman", &["gunmen"], &[]);
        has("Congressman", &["Congressmen"], &[]);
        has("woman", &["women"], &[]);
        has("man", &["men"], &[]);
        has("mujahid", &["mujahideen", "mujahedeen", "mujahidin"], &[]);
        // Two letters before `man` or none: `Oman` is no compound.
        has("Oman", &[], &["Omen"]);
    }

    #[test]
    fn the_tables_are_sorted_lower_case_and_without_repeats() {
        for table in [VERBS, NOUNS] {
            let bases: Vec<&str> = table.iter().map(|r| r.split(' ').next().unwrap()).collect();
            assert!(
                bases.windows(2).all(|w| w[0] < w[1]),
                "not sorted: {bases:?}"
            );
            for row in table {
                let words: Vec<&str> = row.split(' ').collect();
                assert!(words.len() >= 2, "{row}");
                assert!(
                    words
                        .iter()
                        .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                    "{row}"
                );
                let mut sorted = words.clone();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted.len(), words.len(), "a form twice in {row}");
            }
        }
        assert!(VERB_PREFIXES.windows(2).all(|w| w[0] < w[1]));
        assert!(ENDINGS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
