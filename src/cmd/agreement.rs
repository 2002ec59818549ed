//! `slant agreement CODED.csv [CODED2.csv …]`: read coding sheets drawn by `slant sample` and
//! filled in by human coders, and write `agreement.csv`: precision per category, group and
//! stratum with Wilson intervals for every coder (and for the coders' majority), weighted by
//! stratum size beside it, and, with two or more coders, Cohen's kappa for every pair and
//! Krippendorff's alpha (nominal) across all. Wiring only: the sheets are read and checked in
//! `sheets`, the subsets of matches with rows are chosen in `scopes`, the summary is printed by
//! `summary`, and the formulas are in `aggregate::agreement`.

mod columns;
mod scopes;
mod sheets;
mod summary;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::aggregate::agreement::{self, Alpha, Kappa, Precision, WeightedPrecision};
use crate::aggregate::stats::Degenerate;
use crate::cli::AgreementArgs;
use crate::diag::counted;
use crate::report::{Cell, Reports};
use crate::{Error, Result};
use scopes::{Scope, scopes};
use sheets::{Coded, Judgement, Unit, read_sheets};
use summary::print_summary;

/// The marker of "every value" in the category and group columns.
pub const ALL: &str = "(all)";
/// The pseudo-coder whose judgement is the strict majority of the coders'.
pub const MAJORITY: &str = "majority";
/// The statistic of precision rows weighted by stratum size.
pub const WEIGHTED: &str = "precision_weighted";
/// The statistics of agreement between coders.
pub const KAPPA: &str = "cohens_kappa";
pub const ALPHA: &str = "krippendorff_alpha";
pub const RELIABILITY: [&str; 2] = [KAPPA, ALPHA];
/// Columns before the group columns.
pub(crate) const HEAD: [&str; 4] = ["statistic", "coder", "stratum", "category"];
/// Columns after the group columns.
pub(crate) const TAIL: [&str; 8] = [
    "units",
    "correct",
    "value",
    "ci95_low",
    "ci95_high",
    "observed_agreement",
    "expected_agreement",
    "note",
];

/// One row of `agreement.csv`.
#[derive(Debug)]
struct OutRow {
    statistic: &'static str,
    coder: String,
    /// A stratum's label, or [`ALL`].
    stratum: String,
    category: String,
    groups: Vec<String>,
    units: u64,
    correct: Option<u64>,
    value: Option<f64>,
    ci95: Option<(f64, f64)>,
    observed: Option<f64>,
    expected: Option<f64>,
    note: String,
}

fn majority(js: &[Option<Judgement>]) -> Option<Judgement> {
    let yes = js
        .iter()
        .filter(|j| **j == Some(Judgement::Correct))
        .count();
    let no = js
        .iter()
        .filter(|j| **j == Some(Judgement::Incorrect))
        .count();
    match yes.cmp(&no) {
        std::cmp::Ordering::Greater => Some(Judgement::Correct),
        std::cmp::Ordering::Less => Some(Judgement::Incorrect),
        std::cmp::Ordering::Equal => None,
    }
}

/// Coder `k`'s judgement of `u`; past the last coder, the coders' majority.
fn judgement_of(u: &Unit, k: usize) -> Option<Judgement> {
    if k < u.judgements.len() {
        u.judgements[k]
    } else {
        majority(&u.judgements)
    }
}

/// Whether the coders judged `u` but no strict majority of them agrees.
fn tied(u: &Unit) -> bool {
    majority(&u.judgements).is_none() && u.judgements.iter().any(Option::is_some)
}

fn compute(coded: &Coded) -> Vec<OutRow> {
    let mut rows = Vec::new();
    let multi = coded.coders.len() >= 2;
    let mut coders: Vec<String> = coded.coders.clone();
    if multi {
        coders.push(MAJORITY.into());
    }
    // The matches of each stratum on the sheets, judged or not.
    let mut drawn_in = vec![0u64; coded.strata.len()];
    for h in coded.units.iter().filter_map(|u| u.stratum) {
        drawn_in[h] += 1;
    }
    let (with_groups, overall) = scopes(coded);
    for (k, coder) in coders.iter().enumerate() {
        // n_h: the matches of each stratum the coder judged, in any scope.
        let mut judged_in = vec![0u64; coded.strata.len()];
        for u in &coded.units {
            if let (Some(h), Some(_)) = (u.stratum, judgement_of(u, k)) {
                judged_in[h] += 1;
            }
        }
        for scope in &with_groups {
            let units: Vec<&Unit> = coded.units.iter().filter(|u| scope.contains(u)).collect();
            let (mut judged, mut correct, mut ties) = (0u64, 0u64, 0u64);
            for u in &units {
                let j = judgement_of(u, k);
                ties += u64::from(k == coded.coders.len() && tied(u));
                if let Some(j) = j {
                    judged += 1;
                    correct += u64::from(j == Judgement::Correct);
                }
            }
            let p: std::result::Result<Precision, Degenerate> =
                agreement::precision(correct, judged);
            let mut notes = Vec::new();
            if p.is_err() {
                notes.push("no match judged: precision undefined".to_string());
            }
            let blank = units.len() as u64 - judged - ties;
            if blank > 0 {
                notes.push(format!("{blank} not judged"));
            }
            if ties > 0 {
                notes.push(format!("{ties} with tied judgements left out"));
            }
            rows.push(OutRow {
                statistic: "precision",
                coder: coder.clone(),
                stratum: stratum_label(coded, scope),
                category: scope.category.clone(),
                groups: scope.groups.clone(),
                units: judged,
                correct: Some(correct),
                value: p.as_ref().ok().map(|p| p.precision),
                ci95: p.as_ref().ok().map(|p| p.ci95),
                observed: None,
                expected: None,
                note: notes.join("; "),
            });
            if coded.unweighted.is_none() {
                let counts = StratumCounts {
                    drawn: &drawn_in,
                    judged: &judged_in,
                };
                rows.push(weighted_row(coded, k, coder, scope, &units, &counts));
            }
        }
    }
    if !multi {
        return rows;
    }
    let n = coded.coders.len();
    for a in 0..n {
        for b in a + 1..n {
            for scope in &overall {
                let pairs: Vec<(Judgement, Judgement)> = coded
                    .units
                    .iter()
                    .filter(|u| scope.contains(u))
                    .filter_map(|u| Some((u.judgements[a]?, u.judgements[b]?)))
                    .collect();
                let k: std::result::Result<Kappa, Degenerate> = agreement::cohens_kappa(&pairs);
                // p_o and p_e are given also when kappa is undefined (p_e = 1).
                let agreements = agreement::kappa_agreements(&pairs).ok();
                let note = match &k {
                    Err(e) => e.to_string(),
                    Ok(k) if k.ci95.is_none() => {
                        "no interval: the approximate standard error is 0".into()
                    }
                    Ok(_) => String::new(),
                };
                rows.push(OutRow {
                    statistic: KAPPA,
                    coder: format!("{} / {}", coded.coders[a], coded.coders[b]),
                    stratum: stratum_label(coded, scope),
                    category: scope.category.clone(),
                    groups: scope.groups.clone(),
                    units: pairs.len() as u64,
                    correct: None,
                    value: k.as_ref().ok().map(|k| k.kappa),
                    ci95: k.as_ref().ok().and_then(|k| k.ci95),
                    observed: agreements.map(|a| a.0),
                    expected: agreements.map(|a| a.1),
                    note,
                });
            }
        }
    }
    for scope in &overall {
        let units: Vec<Vec<Judgement>> = coded
            .units
            .iter()
            .filter(|u| scope.contains(u))
            .map(|u| u.judgements.iter().flatten().copied().collect())
            .collect();
        let a: std::result::Result<Alpha, Degenerate> =
            agreement::krippendorff_alpha_nominal(&units);
        // 1 − D_o and 1 − D_e are given also when alpha is undefined (one value throughout).
        let agreements = agreement::alpha_agreements(&units).ok();
        // Counted whether or not alpha is defined: the units are there even when every
        // judgement agrees.
        let pairable = units.iter().filter(|u| agreement::is_pairable(u)).count() as u64;
        rows.push(OutRow {
            statistic: ALPHA,
            coder: format!("all {n} coders"),
            stratum: stratum_label(coded, scope),
            category: scope.category.clone(),
            groups: scope.groups.clone(),
            units: pairable,
            correct: None,
            value: a.as_ref().ok().map(|a| a.alpha),
            ci95: None,
            observed: agreements.map(|a| a.0),
            expected: agreements.map(|a| a.1),
            note: a
                .as_ref()
                .err()
                .map(ToString::to_string)
                .unwrap_or_default(),
        });
    }
    rows
}

/// The `stratum` cell of a scope's rows.
fn stratum_label(coded: &Coded, scope: &Scope) -> String {
    scope
        .stratum
        .map_or_else(|| ALL.to_string(), |h| coded.strata[h].label.clone())
}

/// Per stratum of the sheets: its matches on the sheets, and those a coder judged.
struct StratumCounts<'a> {
    drawn: &'a [u64],
    judged: &'a [u64],
}

/// The precision row of coder `k` over `units` (the scope's), weighted by stratum size:
/// each judged match stands for N_h / n_h of its stratum's candidates.
fn weighted_row(
    coded: &Coded,
    k: usize,
    coder: &str,
    scope: &Scope,
    units: &[&Unit],
    counts: &StratumCounts<'_>,
) -> OutRow {
    let judged_in = counts.judged;
    // (m_h, c_h, matches on the sheets) of the strata with a unit in the scope.
    let mut cells: BTreeMap<usize, (u64, u64, u64)> = BTreeMap::new();
    for u in units {
        let Some(h) = u.stratum else { continue };
        let cell = cells.entry(h).or_default();
        cell.2 += 1;
        if let Some(j) = judgement_of(u, k) {
            cell.0 += 1;
            cell.1 += u64::from(j == Judgement::Correct);
        }
    }
    // A stratum with matches on the sheets outside the scope is cut by it: the scope's share
    // of its candidates is estimated, unless every one of them was judged (w_h = 1).
    let is_cut = |h: usize, on_sheets: u64| on_sheets < counts.drawn[h];
    let cut = cells
        .iter()
        .any(|(&h, c)| c.0 > 0 && is_cut(h, c.2) && judged_in[h] < coded.strata[h].size);
    let strata: Vec<agreement::Stratum> = cells
        .iter()
        .filter(|(h, _)| judged_in[**h] > 0)
        .map(|(&h, &(in_subset, correct, _))| agreement::Stratum {
            size: coded.strata[h].size,
            judged: judged_in[h],
            in_subset,
            correct,
        })
        .collect();
    let unjudged: Vec<usize> = cells
        .keys()
        .copied()
        .filter(|&h| judged_in[h] == 0)
        .collect();
    let p: std::result::Result<WeightedPrecision, Degenerate> =
        agreement::weighted_precision(&strata);
    let mut notes = Vec::new();
    match &p {
        Err(e) => notes.push(e.to_string()),
        Ok(p) => {
            let used = strata.iter().filter(|s| s.in_subset > 0).count() as u64;
            notes.push(format!(
                "weighted by stratum size: {} standing for {}; {}",
                counted(used, "stratum", "strata"),
                candidates(p.represented, cut),
                p.effective.map_or_else(
                    || "every one judged throughout, so counted, not estimated".to_string(),
                    |n| format!("effective n {n:.1}")
                )
            ));
        }
    }
    if !unjudged.is_empty() {
        // Of a stratum the scope cuts, only the scope's share of its candidates is left out:
        // its share of the stratum's matches on the sheets, exact when they are all of them.
        let share = |h: usize| {
            let size = coded.strata[h].size as f64;
            size * cells[&h].2 as f64 / counts.drawn[h] as f64
        };
        let size: f64 = unjudged.iter().map(|&h| share(h)).sum();
        let estimated = unjudged
            .iter()
            .any(|&h| is_cut(h, cells[&h].2) && counts.drawn[h] < coded.strata[h].size);
        notes.push(format!(
            "{} ({}) with no match judged left out",
            counted(unjudged.len() as u64, "stratum", "strata"),
            candidates(size, estimated)
        ));
    }
    OutRow {
        statistic: WEIGHTED,
        coder: coder.to_string(),
        stratum: stratum_label(coded, scope),
        category: scope.category.clone(),
        groups: scope.groups.clone(),
        units: strata.iter().map(|s| s.in_subset).sum(),
        correct: Some(strata.iter().map(|s| s.correct).sum()),
        value: p.as_ref().ok().map(|p| p.precision),
        ci95: p.as_ref().ok().map(|p| p.ci95),
        observed: None,
        expected: None,
        note: notes.join("; "),
    }
}

/// A number of candidates, with the noun: counted for a scope of whole strata, estimated (to
/// one decimal) for one that cuts across strata.
fn candidates(x: f64, estimated: bool) -> String {
    if estimated {
        format!("an estimated {x:.1} candidates")
    } else {
        let n = x.round();
        format!("{n} {}", if n == 1.0 { "candidate" } else { "candidates" })
    }
}

pub fn run(args: &AgreementArgs) -> Result<()> {
    let coded = read_sheets(&args.coded)?;
    let rows = compute(&coded);
    let target: PathBuf = match &args.out {
        Some(p) => p.clone(),
        None => args.coded[0].parent().map_or_else(
            || PathBuf::from("agreement.csv"),
            |p| p.join("agreement.csv"),
        ),
    };
    crate::report::check_file_target(&target)?;
    if let Some(sheet) = args
        .coded
        .iter()
        .find(|sheet| crate::config::same_file(sheet, &target))
    {
        return Err(Error::usage(format!(
            "--out {}: is the coded sheet {}; the results would replace a coder's work, so \
             name another file",
            target.display(),
            sheet.display()
        )));
    }
    if !args.force && target.exists() && !is_agreement_table(&target) {
        return Err(Error::usage(format!(
            "--out {}: exists and is not an agreement table slant wrote; it is not replaced. \
             Name another file, or give --force to replace it",
            target.display()
        )));
    }
    write(&target, &coded.group_cols, &rows)?;
    for warning in &coded.warnings {
        let _ = writeln!(std::io::stderr(), "slant: warning: {warning}");
    }
    if !args.quiet {
        for note in &coded.notes {
            let _ = writeln!(std::io::stderr(), "slant: note: {note}");
        }
        print_summary(&coded, &rows).map_err(|e| Error::stdout(&e))?;
        let _ = writeln!(std::io::stderr(), "slant: wrote {}", target.display());
    }
    Ok(())
}

/// True when `path` is an agreement table ([`crate::report::known::is_agreement_header`]), by
/// the header [`write`](fn@write) gives or an older slant gave.
fn is_agreement_table(path: &Path) -> bool {
    crate::report::known::slant_file(path) == Some("agreement.csv")
}

fn write(target: &Path, group_cols: &[String], rows: &[OutRow]) -> Result<()> {
    let (mut reports, name) = Reports::for_file(target, "agreement.csv")?;
    let mut header: Vec<&str> = HEAD.to_vec();
    header.extend(group_cols.iter().map(String::as_str));
    header.extend(TAIL);
    let mut sink = reports.csv(&name, &header)?;
    let num = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Float);
    for r in rows {
        let mut cells = vec![
            Cell::Text(r.statistic),
            Cell::Text(&r.coder),
            Cell::Text(&r.stratum),
            Cell::Text(&r.category),
        ];
        cells.extend(r.groups.iter().map(|g| Cell::Text(g)));
        cells.extend([
            Cell::Int(r.units),
            r.correct.map_or(Cell::Empty, Cell::Int),
            num(r.value),
            num(r.ci95.map(|c| c.0)),
            num(r.ci95.map(|c| c.1)),
            num(r.observed),
            num(r.expected),
            Cell::Text(&r.note),
        ]);
        sink.row(&cells)?;
    }
    reports.finish(sink)?;
    reports.commit()?;
    Ok(())
}
