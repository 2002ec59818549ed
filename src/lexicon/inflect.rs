//! Regular English inflections for `base~` entries: the -s, -ed and -ing forms of a word.
//!
//! Invariants: the result starts with `base` itself, has no duplicates, and its order depends
//! only on `base` (base, -s forms, -ed forms, -ing forms). Rules look at the lower-cased
//! ending; forms are built on `base` as written. Over-generation is accepted where English
//! is ambiguous (both `banned` and `baned`, both `vetos` and `vetoes`): a form that does not
//! occur in text costs nothing, a missing one loses matches. Irregular forms (`said`,
//! `fought`, `panicked`) are not produced; list them as separate entries.

/// `base` and its regular English inflections, e.g. `attack` -> attack, attacks, attacked,
/// attacking. A base that does not end in an ASCII letter, or is a single letter, is returned
/// alone.
pub fn inflections(base: &str) -> Vec<String> {
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

    let mut seen = std::collections::HashSet::new();
    forms.retain(|f| seen.insert(f.clone()));
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
        check("show", &["show", "shows", "showed", "showing"]);
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
}
