//! The summary `slant agreement` prints: precision of each coder and of the majority, per
//! stratum and per category, with the weighted estimate beside each, and the coders'
//! agreement over all categories.

use std::collections::BTreeMap;
use std::io::Write;

use super::sheets::Coded;
use super::{ALL, KAPPA, MAJORITY, OutRow, RELIABILITY, WEIGHTED};
use crate::sanitize::{columns, for_terminal, padded};

fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:.3}"))
}

fn fmt_ci(ci: Option<(f64, f64)>) -> String {
    ci.map_or_else(String::new, |(l, h)| format!("{l:.3}–{h:.3}"))
}

pub(super) fn print_summary(coded: &Coded, rows: &[OutRow]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let overall = |r: &&OutRow| r.stratum == ALL && r.groups.iter().all(|g| g == ALL);
    let main = if coded.coders.len() >= 2 {
        MAJORITY.to_string()
    } else {
        coded.coders[0].clone()
    };
    // The first column fits the longest coder or category name, and at least 34 columns.
    let width = rows
        .iter()
        .flat_map(|r| [&r.coder, &r.category, &r.stratum])
        .map(|name| columns(&for_terminal(name, false)))
        .max()
        .unwrap_or(0)
        .max(34);
    let weighted = coded.unweighted.is_none();
    // A precision row's line: its label, counts, value and interval, and the weighted row's
    // value and interval beside them when the sheets give the strata.
    let line = |label: &str, r: &OutRow| -> String {
        let mut line = format!(
            "  {} {:>6} {:>7} {:>9}  {:<11}",
            padded(label, width),
            r.units,
            r.correct.unwrap_or(0),
            fmt(r.value),
            fmt_ci(r.ci95)
        );
        if weighted {
            let w = rows.iter().find(|w| {
                w.statistic == WEIGHTED
                    && w.coder == r.coder
                    && w.stratum == r.stratum
                    && w.category == r.category
                    && w.groups == r.groups
            });
            let (value, ci) = w.map_or((None, None), |w| (w.value, w.ci95));
            line.push_str(&format!("  {:>8}  {}", fmt(value), fmt_ci(ci)));
        }
        line.trim_end().to_string()
    };
    writeln!(out, "precision, all categories")?;
    writeln!(
        out,
        "  {:<width$} {:>6} {:>7} {:>9}  95% CI{}",
        "coder",
        "judged",
        "correct",
        "precision",
        if weighted {
            "       weighted  95% CI"
        } else {
            ""
        }
    )?;
    for r in rows
        .iter()
        .filter(overall)
        .filter(|r| r.statistic == "precision" && r.category == ALL)
    {
        writeln!(out, "{}", line(&r.coder, r))?;
    }
    let per_stratum: Vec<&OutRow> = rows
        .iter()
        .filter(|r| r.statistic == "precision" && r.stratum != ALL && r.coder == main)
        .collect();
    if !per_stratum.is_empty() {
        writeln!(
            out,
            "precision per stratum ({})",
            for_terminal(&main, false)
        )?;
        for r in per_stratum {
            writeln!(out, "{}", line(&r.stratum, r))?;
        }
    }
    writeln!(
        out,
        "precision per category ({})",
        for_terminal(&main, false)
    )?;
    let by_cat: BTreeMap<&str, &OutRow> = rows
        .iter()
        .filter(overall)
        .filter(|r| r.statistic == "precision" && r.category != ALL && r.coder == main)
        .map(|r| (r.category.as_str(), r))
        .collect();
    for (cat, r) in by_cat {
        writeln!(out, "{}", line(cat, r))?;
    }
    if let Some(w) = rows
        .iter()
        .filter(overall)
        .find(|r| r.statistic == WEIGHTED && r.category == ALL && r.coder == main)
    {
        writeln!(
            out,
            "weighted = {WEIGHTED} in agreement.csv: each judged match stands for \
             stratum_size ÷ judged of its stratum's candidates. For {}, all categories, {}",
            for_terminal(&main, false),
            w.note
        )?;
    }
    let reliability: Vec<&OutRow> = rows
        .iter()
        .filter(|r| RELIABILITY.contains(&r.statistic) && r.category == ALL && r.stratum == ALL)
        .collect();
    if !reliability.is_empty() {
        writeln!(out, "agreement between coders, all categories")?;
        // The coders' column fits the longest pair of sheet names, and at least 30 columns.
        let pairs = reliability
            .iter()
            .map(|r| columns(&for_terminal(&r.coder, false)))
            .max()
            .unwrap_or(0)
            .max(30);
        for r in reliability {
            let (name, sym) = if r.statistic == KAPPA {
                ("Cohen's kappa", "κ")
            } else {
                ("Krippendorff's alpha (nominal)", "α")
            };
            writeln!(
                out,
                "  {name:<31} {} {:>5} units  {sym} = {}{}{}",
                padded(&r.coder, pairs),
                r.units,
                fmt(r.value),
                r.ci95
                    .map_or_else(String::new, |c| format!(" ({})", fmt_ci(Some(c)))),
                if r.note.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", r.note)
                }
            )?;
        }
    }
    Ok(())
}
