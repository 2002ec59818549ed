//! "Did you mean": the names nearest to a misspelt one, for usage errors that would otherwise
//! list hundreds of columns (an `articles.csv` has one per category and voice).

/// Lists every name when there are at most this many; otherwise only the nearest.
pub const LIST_ALL: usize = 20;

/// The names of `names` nearest to `wanted`, at most `most` of them, best first: those that
/// equal it but for case, then by edit distance (Levenshtein, on characters, case ignored) up
/// to a third of its length (at least 2), ties in the order given. Empty when none is near.
pub fn nearest<'a>(wanted: &str, names: &[&'a str], most: usize) -> Vec<&'a str> {
    let wanted_lower: Vec<char> = wanted.to_lowercase().chars().collect();
    let limit = (wanted_lower.len() / 3).max(2);
    let mut scored: Vec<(usize, usize, &str)> = names
        .iter()
        .enumerate()
        .filter_map(|(order, &name)| {
            let lower: Vec<char> = name.to_lowercase().chars().collect();
            let d = distance(&wanted_lower, &lower);
            (d <= limit).then_some((d, order, name))
        })
        .collect();
    scored.sort_unstable();
    scored.into_iter().take(most).map(|(_, _, n)| n).collect()
}

/// `names` joined by `, ` for a message, each name that holds a comma, begins or ends with
/// white space, or is empty written in single quotes, so that the list reads one way: group
/// values are free text (`Smith, Jones`), and a list of them joined bare could not be told
/// from a longer list.
pub fn listed<S: AsRef<str>>(names: &[S]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        let name = name.as_ref();
        if i > 0 {
            out.push_str(", ");
        }
        let bare = !name.is_empty() && !name.contains(',') && name.trim() == name;
        if bare {
            out.push_str(name);
        } else {
            out.push('\'');
            out.push_str(name);
            out.push('\'');
        }
    }
    out
}

/// The end of a message about `wanted`, which is not one of `names`: ` (WHAT: a, b)` when
/// there are few names, else `; did you mean a, b? (N WHAT)` with the nearest, or
/// `; none of the N WHAT is near it`.
pub fn hint(wanted: &str, names: &[&str], what: &str) -> String {
    if names.len() <= LIST_ALL {
        return format!(" ({what}: {})", listed(names));
    }
    let near = nearest(wanted, names, 5);
    if near.is_empty() {
        format!("; none of the {} {what} is near it", names.len())
    } else {
        format!("; did you mean {}? ({} {what})", listed(&near), names.len())
    }
}

/// Levenshtein distance between two character sequences.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_come_first_and_far_ones_not_at_all() {
        let names = [
            "words",
            "label.per_1k",
            "label.narrator_per_1k",
            "loaded.per_1k",
            "Label.Per_1k",
        ];
        assert_eq!(
            nearest("label.per1k", &names, 5),
            ["label.per_1k", "Label.Per_1k"]
        );
        assert_eq!(nearest("LABEL.PER_1K", &names, 1), ["label.per_1k"]);
        assert_eq!(nearest("outlet", &names, 5), Vec::<&str>::new());
        assert_eq!(distance(&['a', 'b'], &[]), 2);
        assert_eq!(
            distance(
                &"kitten".chars().collect::<Vec<_>>(),
                &"sitting".chars().collect::<Vec<_>>()
            ),
            3
        );
    }

    #[test]
    fn names_with_commas_or_outer_spaces_are_quoted_in_a_list() {
        assert_eq!(listed(&["A", "B"]), "A, B");
        assert_eq!(
            listed(&["Smith, Jones", "CNN (Online)", " padded", ""]),
            "'Smith, Jones', CNN (Online), ' padded', ''"
        );
        assert_eq!(
            hint("Smith", &["Smith, Jones", "Smithers"], "groups"),
            " (groups: 'Smith, Jones', Smithers)"
        );
    }

    #[test]
    fn few_names_are_all_listed_many_only_the_nearest() {
        assert_eq!(hint("x", &["a", "b"], "columns"), " (columns: a, b)");
        let many: Vec<String> = (0..30).map(|i| format!("frame.f{i}.per_1k")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            hint("frame.f7.per1k", &many, "metric columns"),
            "; did you mean frame.f7.per_1k, frame.f0.per_1k, frame.f1.per_1k, frame.f2.per_1k, \
             frame.f3.per_1k? (30 metric columns)"
        );
        assert_eq!(
            hint("zzzzzzzzzzzz", &many, "metric columns"),
            "; none of the 30 metric columns is near it"
        );
    }
}
