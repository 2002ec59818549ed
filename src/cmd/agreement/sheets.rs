//! Reading the coders' sheets for `slant agreement`. Columns are found by name (see
//! `columns`). Rows are joined on `sample_id`, integer-valued ids normalised (`01`,
//! `1.0` and ` 1 ` are 1). Every check that the sheets are copies of one draw is here: a sheet
//! named twice, a `sample_id` naming different matches, one match under two `sample_id`s,
//! sheets with no `sample_id` in common. What stops the run is an error; what does not is a
//! warning or a note in [`Coded`], printed by the caller.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::ALL;
use super::columns::{
    CATEGORY, DESIGN, IDENTITY, PLACING, STRATUM_SIZE, Sheet, group_columns, ignored_columns,
};
use crate::error::Location;
use crate::html::load::Row;
use crate::{Error, Result};

/// A coder's judgement of one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Judgement {
    Correct,
    Incorrect,
}

/// The words read as `correct`, in the order messages list them (any case, spaces trimmed).
const CORRECT: [&str; 6] = ["correct", "c", "yes", "y", "1", "true"];
/// The words read as `incorrect`, pairwise with [`CORRECT`].
const INCORRECT: [&str; 6] = ["incorrect", "i", "no", "n", "0", "false"];

/// The accepted judgements, as messages give them: "correct or incorrect (also c/i, …)".
pub fn accepted_judgements() -> String {
    let pairs: Vec<String> = CORRECT
        .iter()
        .zip(INCORRECT)
        .skip(1)
        .map(|(c, i)| format!("{c}/{i}"))
        .collect();
    format!(
        "{} or {} (also {})",
        CORRECT[0],
        INCORRECT[0],
        pairs.join(", ")
    )
}

fn parse_judgement(cell: &str) -> std::result::Result<Option<Judgement>, ()> {
    let word = cell.trim().to_lowercase();
    if word.is_empty() {
        Ok(None)
    } else if CORRECT.contains(&word.as_str()) {
        Ok(Some(Judgement::Correct))
    } else if INCORRECT.contains(&word.as_str()) {
        Ok(Some(Judgement::Incorrect))
    } else {
        Err(())
    }
}

/// Sheets that agree on every judgement they share, over at least this many matches, are
/// probably one sheet copied.
pub const COPY_MIN_UNITS: usize = 10;

/// A `sample_id` as the key that joins sheets: an integer value (`01`, `1.0`, ` 1 `, as a
/// spreadsheet or pandas may rewrite `1`) is that integer; anything else is the trimmed text.
pub fn normalise_id(cell: &str) -> String {
    let t = cell.trim();
    if let Ok(n) = t.parse::<u64>() {
        return n.to_string();
    }
    match t.parse::<f64>() {
        // Below 2^53 every integer is exact.
        Ok(x) if x.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&x) => {
            (x as u64).to_string()
        }
        _ => t.to_string(),
    }
}

/// One sampled match and what each coder said of it.
#[derive(Debug)]
pub struct Unit {
    pub category: String,
    pub groups: Vec<String>,
    /// The unit's stratum, as an index into [`Coded::strata`]; `None` when the sheets do not
    /// say.
    pub stratum: Option<usize>,
    pub judgements: Vec<Option<Judgement>>,
}

/// A stratum of the draw: its label (`stratum`) and its candidates (`stratum_size`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stratum {
    pub label: String,
    pub size: u64,
}

/// A unit being read: each identity and group field with where it was first read.
struct Reading {
    sample_id: String,
    /// The sheet and line it was first read from.
    at: (String, u64),
    fields: Vec<Option<(String, String)>>,
    present: Vec<bool>,
    judgements: Vec<Option<Judgement>>,
}

/// Every sheet read, unit by unit, with what is to be said about them.
#[derive(Debug, Default)]
pub struct Coded {
    pub coders: Vec<String>,
    pub group_cols: Vec<String>,
    pub units: Vec<Unit>,
    /// The strata of the draw, in the sheets' order, when every unit's is known: the
    /// weights of the weighted precision. Empty otherwise ([`Coded::unweighted`] says why).
    pub strata: Vec<Stratum>,
    /// Why precision cannot be weighted by stratum, when it cannot.
    pub unweighted: Option<String>,
    /// Printed even with `-q`: the results may not mean what they seem.
    pub warnings: Vec<String>,
    /// Printed unless `-q`: what was read differently from the sheet as written.
    pub notes: Vec<String>,
}

/// Read every coder's sheet; see the module documentation for the checks.
pub fn read_sheets(paths: &[PathBuf]) -> Result<Coded> {
    let mut sheets: Vec<Sheet> = Vec::new();
    for (k, path) in paths.iter().enumerate() {
        let name = path.display().to_string();
        if let Some(first) = paths[..k]
            .iter()
            .find(|p| **p == *path || crate::config::same_file(p, path))
        {
            let same = if *first == *path {
                String::new()
            } else {
                format!(" (as {}: the same file)", first.display())
            };
            return Err(Error::usage(format!(
                "{name} is named twice{same}; name each coder's sheet once"
            )));
        }
        sheets.push(Sheet::open(path)?);
    }
    let group_cols = group_columns(&sheets);
    let mut notes = ignored_columns(&sheets, &group_cols);
    let fields: Vec<String> = IDENTITY
        .iter()
        .chain(&DESIGN)
        .map(|s| s.to_string())
        .chain(group_cols.iter().cloned())
        .collect();
    let coders = sheets.len();
    let mut units: Vec<Reading> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = vec![0u64; coders];
    let mut judged = vec![0u64; coders];
    let mut warnings = Vec::new();
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut sheet_cols: Vec<Vec<Option<usize>>> = Vec::new();
    for (k, sheet) in sheets.into_iter().enumerate() {
        let Sheet {
            name,
            file,
            sample_id,
            judgement,
            identity,
            design,
            others,
            ..
        } = sheet;
        let cols: Vec<Option<usize>> = identity
            .iter()
            .chain(&design)
            .copied()
            .chain(
                group_cols
                    .iter()
                    .map(|g| others.iter().find(|(n, _)| n == g).map(|&(_, col)| col)),
            )
            .collect();
        let mut seen_here: BTreeSet<String> = BTreeSet::new();
        // Rows a spreadsheet leaves with every cell empty (`,,,,`, of any length) are not rows.
        file.skipping_blank_rows().each(|r| {
            let id = normalise_id(r.text(sample_id));
            if id.is_empty() {
                return Err(Error::tagged(
                    Location::at(&name, r.line(), sample_id as u64 + 1),
                    "empty sample_id: every row of a coding sheet needs the id it was drawn with",
                ));
            }
            if !seen_here.insert(id.clone()) {
                return Err(Error::tagged(
                    Location::line(&name, r.line()),
                    format!("sample_id {id} appears twice in this sheet"),
                ));
            }
            let value = parse_judgement(r.text(judgement)).map_err(|()| {
                Error::tagged(
                    Location::at(&name, r.line(), judgement as u64 + 1),
                    format!(
                        "judgement '{}': expected {}, or blank when not judged",
                        r.text(judgement),
                        accepted_judgements()
                    ),
                )
            })?;
            let u = *index.entry(id.clone()).or_insert_with(|| {
                units.push(Reading {
                    sample_id: id.clone(),
                    at: (name.clone(), r.line()),
                    fields: vec![None; fields.len()],
                    present: vec![false; coders],
                    judgements: vec![None; coders],
                });
                units.len() - 1
            });
            merge_fields(&mut units[u], &fields, &cols, r, &name)?;
            units[u].present[k] = true;
            units[u].judgements[k] = value;
            rows[k] += 1;
            judged[k] += u64::from(value.is_some());
            Ok(())
        })?;
        sheet_cols.push(cols);
    }
    for (k, cols) in sheet_cols.iter().enumerate() {
        let lacking: Vec<&str> = (0..PLACING)
            .filter(|&f| cols[f].is_none() && sheet_cols.iter().any(|c| c[f].is_some()))
            .map(|f| IDENTITY[f])
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let checked: Vec<&str> = (0..IDENTITY.len())
            .filter(|&f| cols[f].is_some())
            .map(|f| IDENTITY[f])
            .collect();
        warnings.push(format!(
            "{} has no column {} (other sheets have {}), so its rows were joined to theirs by \
             sample_id and checked on {} only: a sheet from another draw could go unnoticed. \
             Make sure it is a copy of the same sample.csv",
            names[k],
            lacking.join(", "),
            if lacking.len() == 1 { "it" } else { "them" },
            if checked.is_empty() {
                "nothing else".to_string()
            } else {
                checked.join(", ")
            }
        ));
    }
    check_same_draw(&units, &names)?;
    let total = units.len() as u64;
    for (k, name) in names.iter().enumerate() {
        if rows[k] == 0 {
            warnings.push(format!("{name} has no rows: is it the right file?"));
        } else if judged[k] == 0 {
            warnings.push(format!(
                "{name} has no judgement filled in on any of its {} rows: was it saved after \
                 coding, or is it the wrong file?",
                rows[k]
            ));
        }
        if rows[k] > 0 && rows[k] < total {
            warnings.push(format!(
                "{name} has no row for {} of the {total} sample_ids in the sheets; agreement \
                 with it is over the units both coders have",
                total - rows[k]
            ));
        }
    }
    warnings.extend(copies(&units, &names));
    let joined = units
        .iter()
        .filter(|u| field(u, CATEGORY).contains(';'))
        .count();
    if joined > 0 {
        notes.push(format!(
            "{joined} of the {total} matches name several categories (the sheet was drawn \
             without --per category): each is judged and counted once, under its categories \
             joined by ';'. Draw with --per category for a precision per category"
        ));
    }
    let (strata, of_unit, unweighted) = match strata_of(&units)? {
        Ok((strata, of_unit)) => (strata, of_unit, None),
        Err(why) => {
            notes.push(why.clone());
            (Vec::new(), vec![None; units.len()], Some(why))
        }
    };
    let g = IDENTITY.len() + DESIGN.len();
    Ok(Coded {
        coders: names,
        units: units
            .into_iter()
            .zip(of_unit)
            .map(|(u, stratum)| Unit {
                category: field(&u, CATEGORY).to_string(),
                groups: (g..g + group_cols.len())
                    .map(|f| field(&u, f).to_string())
                    .collect(),
                stratum,
                judgements: u.judgements,
            })
            .collect(),
        group_cols,
        strata,
        unweighted,
        warnings,
        notes,
    })
}

/// Where [`DESIGN`]'s fields are among a unit's fields.
const STRATUM_FIELD: usize = IDENTITY.len();
const SIZE_FIELD: usize = IDENTITY.len() + 1;

/// The strata of the draw and each unit's, from the sheets' `stratum` and `stratum_size`:
/// `Ok(Err(why))` when a unit's are not known (a sheet drawn before slant wrote
/// `stratum_size`, or a column deleted), so that precision cannot be weighted. A stratum with
/// two sizes, or with more matches drawn than its size, is an error: the sheet was edited or
/// is not from one draw.
#[allow(clippy::type_complexity)]
fn strata_of(
    units: &[Reading],
) -> Result<std::result::Result<(Vec<Stratum>, Vec<Option<usize>>), String>> {
    let mut strata: Vec<Stratum> = Vec::new();
    let mut drawn: Vec<(u64, &Reading)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut of_unit = Vec::with_capacity(units.len());
    for u in units {
        let (Some((label, _)), Some((size, at))) =
            (&u.fields[STRATUM_FIELD], &u.fields[SIZE_FIELD])
        else {
            let what = if u.fields[STRATUM_FIELD].is_none() {
                "stratum"
            } else {
                STRATUM_SIZE
            };
            return Ok(Err(format!(
                "the sheets give no {what} for sample_id {} ({}:{}): a sheet drawn by an older \
                 slant (without {STRATUM_SIZE}), or one whose column was deleted, cannot say \
                 how many matches each drawn one stands for, so precision is not weighted by \
                 stratum size",
                u.sample_id, u.at.0, u.at.1
            )));
        };
        let size = match size.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => {
                return Err(Error::tagged(
                    // `at` is the file and line the size was read from: `a.csv:7`.
                    Location::file(at),
                    format!(
                        "{STRATUM_SIZE} '{size}' of sample_id {}: expected the number of \
                         candidates in the stratum, a whole number of 1 or more, as slant \
                         sample wrote it",
                        u.sample_id
                    ),
                ));
            }
        };
        let k = *index.entry(label.as_str()).or_insert_with(|| {
            strata.push(Stratum {
                label: label.clone(),
                size,
            });
            drawn.push((0, u));
            strata.len() - 1
        });
        if strata[k].size != size {
            let first = drawn[k].1;
            return Err(Error::tagged(
                Location::file(at),
                format!(
                    "stratum '{label}' has {STRATUM_SIZE} {size} for sample_id {}, but {} for \
                     sample_id {} ({}): a stratum has one size. Was the sheet edited, or \
                     joined from two draws?",
                    u.sample_id,
                    strata[k].size,
                    first.sample_id,
                    read_at(first, SIZE_FIELD),
                ),
            ));
        }
        drawn[k].0 += 1;
        of_unit.push(Some(k));
    }
    if let Some((k, (n, _))) = drawn
        .iter()
        .enumerate()
        .find(|(k, (n, _))| *n > strata[*k].size)
    {
        return Err(Error::tagged(
            Location::file(read_at(drawn[k].1, SIZE_FIELD)),
            format!(
                "stratum '{}': the sheets have {n} matches drawn from it, but its \
                 {STRATUM_SIZE} is {}: a draw cannot give more matches than the stratum has. \
                 Were rows copied, or sheets of two draws joined?",
                strata[k].label, strata[k].size
            ),
        ));
    }
    Ok(Ok((strata, of_unit)))
}

fn field(u: &Reading, f: usize) -> &str {
    u.fields[f].as_ref().map_or("", |(v, _)| v.as_str())
}

/// Where field `f` of `u` was first read (`a.csv:7`), or "" when no sheet gave it.
fn read_at(u: &Reading, f: usize) -> &str {
    u.fields[f].as_ref().map_or("", |(_, at)| at.as_str())
}

/// Check this row's identity and group cells against what other sheets said of the unit,
/// and fill in what they did not say.
fn merge_fields(
    unit: &mut Reading,
    fields: &[String],
    cols: &[Option<usize>],
    r: &Row<'_>,
    name: &str,
) -> Result<()> {
    for (f, col) in cols.iter().enumerate() {
        let Some(col) = *col else { continue };
        let v = r.text(col).trim();
        let normalised;
        let v = if fields[f] == STRATUM_SIZE {
            normalised = normalise_id(v);
            normalised.as_str()
        } else {
            v
        };
        if v == ALL && (f == CATEGORY || f >= IDENTITY.len() + DESIGN.len()) {
            return Err(Error::tagged(
                Location::at(name, r.line(), col as u64 + 1),
                format!(
                    "{0} '{ALL}': in agreement.csv, {ALL} in the {0} column marks the rows \
                     pooled over every value of {0}, so a value {ALL} could not be told from \
                     them. Rename it in every coding sheet, the same way in each (say, to \
                     '[all]'), and run slant agreement again",
                    fields[f]
                ),
            ));
        }
        match &unit.fields[f] {
            // One cell emptied in one sheet (a spreadsheet's stray delete) is not another draw.
            Some((w, at)) if w != v && (v.is_empty() || w.is_empty()) => {
                let (location, said) = if v.is_empty() {
                    (
                        Location::at(name, r.line(), col as u64 + 1),
                        format!("is empty here but '{w}' in {at}"),
                    )
                } else {
                    (
                        Location::line(name, r.line()),
                        format!("is '{v}' here but empty in {at}"),
                    )
                };
                return Err(Error::tagged(
                    location,
                    format!(
                        "sample_id {}: {} {said}; was the cell cleared? Copy it back from the \
                         sheet that has it",
                        unit.sample_id, fields[f]
                    ),
                ));
            }
            Some((w, at)) if w != v => {
                return Err(Error::tagged(
                    Location::line(name, r.line()),
                    format!(
                        "sample_id {} is a different match here ({} '{v}') than in {at} \
                         ('{w}'); were the sheets drawn with the same seed from the same \
                         reports?",
                        unit.sample_id, fields[f]
                    ),
                ));
            }
            Some(_) => {}
            None => unit.fields[f] = Some((v.to_string(), format!("{name}:{}", r.line()))),
        }
    }
    Ok(())
}

/// Errors when the sheets cannot be copies of one draw: two sheets with no `sample_id` in
/// common, or one match (its id, part, offsets, lexicon, entry and category) under two
/// `sample_id`s (an id rewritten, or a row copied).
fn check_same_draw(units: &[Reading], names: &[String]) -> Result<()> {
    for a in 0..names.len() {
        for b in a + 1..names.len() {
            let has = |k: usize| units.iter().any(|u| u.present[k]);
            if has(a) && has(b) && !units.iter().any(|u| u.present[a] && u.present[b]) {
                return Err(Error::tagged(
                    Location::file(&names[b]),
                    format!(
                        "it shares no sample_id with {}: the sheets are not copies of one \
                         coding sheet. Give each coder a copy of the same sample.csv",
                        names[a]
                    ),
                ));
            }
        }
    }
    let mut seen: HashMap<Vec<&str>, &Reading> = HashMap::new();
    for u in units {
        // Only a match whose article and offsets are known can be recognised.
        if [0, 2, 3].iter().any(|&f| u.fields[f].is_none()) {
            continue;
        }
        let key: Vec<&str> = (0..PLACING).map(|f| field(u, f)).collect();
        if let Some(first) = seen.insert(key, u) {
            return Err(Error::tagged(
                Location::line(&u.at.0, u.at.1),
                format!(
                    "sample_id {} is the same match as sample_id {} ({}:{}): id '{}', start \
                     {}, end {}, category '{}'. Was a sample_id changed, or a row copied?",
                    u.sample_id,
                    first.sample_id,
                    first.at.0,
                    first.at.1,
                    field(u, 0),
                    field(u, 2),
                    field(u, 3),
                    field(u, CATEGORY)
                ),
            ));
        }
    }
    Ok(())
}

/// Warnings for pairs of sheets that give the same judgement to every match both judged,
/// over at least [`COPY_MIN_UNITS`] matches: likely one sheet copied, not two coders.
fn copies(units: &[Reading], names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in 0..names.len() {
        for b in a + 1..names.len() {
            let shared: Vec<(Judgement, Judgement)> = units
                .iter()
                .filter_map(|u| Some((u.judgements[a]?, u.judgements[b]?)))
                .collect();
            if shared.len() >= COPY_MIN_UNITS && shared.iter().all(|(x, y)| x == y) {
                out.push(format!(
                    "{} and {} give the same judgement to all {} matches both judged: is one \
                     a copy of the other? Agreement is only meaningful between coders who \
                     judged independently",
                    names[a],
                    names[b],
                    shared.len()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_valued_ids_are_normalised() {
        for cell in ["1", "01", "1.0", " 1 ", "1.00", "001"] {
            assert_eq!(normalise_id(cell), "1", "{cell:?}");
        }
        assert_eq!(normalise_id("1.5"), "1.5");
        assert_eq!(normalise_id(" a7 "), "a7");
        assert_eq!(normalise_id("-1"), "-1");
        assert_eq!(normalise_id("NaN"), "NaN");
        assert_eq!(normalise_id(""), "");
    }

    #[test]
    fn the_message_lists_every_accepted_judgement() {
        let message = accepted_judgements();
        assert_eq!(
            message,
            "correct or incorrect (also c/i, yes/no, y/n, 1/0, true/false)"
        );
        for (c, i) in CORRECT.iter().zip(INCORRECT) {
            assert!(message.contains(c) && message.contains(i));
            assert_eq!(
                parse_judgement(&c.to_uppercase()),
                Ok(Some(Judgement::Correct))
            );
            assert_eq!(
                parse_judgement(&format!(" {i} ")),
                Ok(Some(Judgement::Incorrect))
            );
        }
        assert_eq!(parse_judgement("  "), Ok(None));
        assert_eq!(parse_judgement("maybe"), Err(()));
    }
}
