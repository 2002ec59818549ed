//! The chart sections of `summary.html`, each drawn only when its categories are in the run:
//! loaded language (`label.*`, `loaded.*`), slant, frames (`frame.<scheme>.<frame>`), word
//! choices (`choices.csv`) and attribution (`attribution.<kind>`).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::bars::{self, StackRow};
use super::heatmap;
use super::load::{self, Groups, RowKey, Stat};
use super::svg::{self, Axis, Chart, DotRow, Estimate};
use super::table::{Table, Td, absent, figure, para, with_ci};
use super::{Ctx, Section};
use crate::Result;
use crate::aggregate::stats;

/// Roots whose categories are loaded language, in the order they are shown.
const LOADED_ROOTS: [&str; 2] = ["loaded", "label"];

fn estimate(groups: &Groups, row: usize, metric: &str) -> Option<Estimate> {
    let s = groups.stat(row, metric)?;
    Some(Estimate {
        value: s.mean?,
        ci95: s.ci95,
    })
}

/// An axis covering every estimate and interval given (and 0).
fn axis_for(rows: &[DotRow]) -> Axis {
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for e in rows.iter().flat_map(|r| r.series.iter().flatten()) {
        let (l, h) = e.ci95.unwrap_or((e.value, e.value));
        lo = lo.min(l).min(e.value);
        hi = hi.max(h).max(e.value);
    }
    Axis::nice(lo, hi)
}

/// The caption's sentence on intervals cut by the axis: empty when none is.
pub(super) fn clip_note(rows: &[DotRow], axis: &Axis) -> String {
    if svg::clipped(rows, axis) {
        format!(" {}", svg::CLIPPED_NOTE)
    } else {
        String::new()
    }
}

/// A caption's sentence for means drawn without an interval, when some of `shown` has a mean
/// and none: `groups.csv` gives none for one article, or when every article has the same value.
fn no_interval_note<'a>(shown: impl IntoIterator<Item = &'a Stat>) -> &'static str {
    let bare = shown
        .into_iter()
        .any(|s| s.mean.is_some() && s.ci95.is_none());
    if bare {
        " A mean without an interval is a group of one article, or one whose articles all have \
         the same value (typically 0)."
    } else {
        ""
    }
}

/// Rows sorted by the first series' value, largest first; rows without a value last.
fn by_value(mut rows: Vec<DotRow>) -> Vec<DotRow> {
    rows.sort_by(|a, b| {
        let v = |r: &DotRow| r.series.first().copied().flatten().map(|e| e.value);
        match (v(a), v(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.label.cmp(&b.label)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.label.cmp(&b.label),
        }
    });
    rows
}

/// A rate chart (all voices and narrator voice, mean per article with 95% interval) and its
/// table, for one category.
fn rate_chart(ctx: &Ctx<'_>, cat: &str, id: &str) -> String {
    let g = ctx.groups;
    let all = format!("{cat}.per_1k");
    let narrator = format!("{cat}.narrator_per_1k");
    let rows: Vec<DotRow> = ctx
        .selected
        .iter()
        .map(|&i| DotRow {
            label: g.label(&g.rows[i]),
            series: vec![estimate(g, i, &all), estimate(g, i, &narrator)],
        })
        .collect();
    let rows = by_value(rows);
    let axis = axis_for(&rows);
    let title = format!("{cat}: matches per 1,000 words by {}", ctx.group_word);
    let desc = format!(
        "Dot plot: for each {}, the mean per-article rate of {cat} matches per 1,000 words \
         (filled circles, all voices) and in the outlet's own narrator voice (open diamonds), \
         with 95% confidence intervals. Sorted by the all-voices rate.",
        ctx.group_word
    );
    let svg = svg::dot_plot(
        &Chart {
            id,
            title: &title,
            desc: &desc,
        },
        &rows,
        &["all voices", "narrator voice"],
        &axis,
        "matches per 1,000 words (mean per article, 95% CI)",
    );
    let mut table = Table::new(
        format!("{cat} per 1,000 words by {}", ctx.group_word),
        &[
            &ctx.group_word,
            "articles",
            "matches",
            "mean",
            "95% CI low",
            "95% CI high",
            "pooled",
            "narrator mean (95% CI)",
        ],
    );
    let mut shown = Vec::new();
    for &i in &ctx.selected {
        let s = g.stat(i, &all).cloned().unwrap_or_default();
        let n = g.stat(i, &narrator).cloned().unwrap_or_default();
        table.push(vec![
            Td::Text(g.label(&g.rows[i])),
            Td::Int(s.articles),
            Td::Int(s.total),
            Td::Num(s.mean, 2),
            Td::Num(s.ci95.map(|c| c.0), 2),
            Td::Num(s.ci95.map(|c| c.1), 2),
            Td::Num(s.pooled_per_1k, 2),
            Td::Text(with_ci(n.mean, n.ci95, 2)),
        ]);
        shown.extend([s, n]);
    }
    figure(
        &format!(
            "{title}. Mean of the per-article rates with a skewness-corrected 95% interval; the \
             table also gives the pooled rate (all matches ÷ all words).{}{}",
            clip_note(&rows, &axis),
            no_interval_note(&shown)
        ),
        &svg,
        &table,
    )
}

/// A heat map of the mean per-article rates of `cats` (rows: the selected groups), with table.
fn rate_heat_map(ctx: &Ctx<'_>, cats: &[String], strip: &str, id: &str, what: &str) -> String {
    let g = ctx.groups;
    let cols: Vec<String> = cats
        .iter()
        .map(|c| c.strip_prefix(strip).unwrap_or(c).to_string())
        .collect();
    let labels: Vec<String> = ctx.selected.iter().map(|&i| g.label(&g.rows[i])).collect();
    let cells: Vec<Vec<Option<f64>>> = ctx
        .selected
        .iter()
        .map(|&i| {
            cats.iter()
                .map(|c| g.stat(i, &format!("{c}.per_1k")).and_then(|s| s.mean))
                .collect()
        })
        .collect();
    let title = format!("{what}: {} × category", ctx.group_word);
    let desc = format!(
        "Heat map of the mean per-article rate per 1,000 words of each {what} category ({}) for \
         each {}; darker is higher, and every cell shows its value.",
        cols.join(", "),
        ctx.group_word
    );
    let max = cells
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |m, &v| m.max(v));
    let svg = heatmap::heat_map(
        &Chart {
            id,
            title: &title,
            desc: &desc,
        },
        &labels,
        &cols,
        &cells,
        if max < 1.0 { 2 } else { 1 },
        "per 1,000 words",
    );
    let head: Vec<&str> = std::iter::once(ctx.group_word.as_str())
        .chain(cats.iter().map(String::as_str))
        .collect();
    let mut table = Table::new(format!("{what}: mean per 1,000 words"), &head);
    for (label, row) in labels.iter().zip(&cells) {
        let mut cells_row = vec![Td::Text(label.clone())];
        cells_row.extend(row.iter().map(|v| Td::Num(*v, 2)));
        table.push(cells_row);
    }
    figure(
        &format!("{title}. Mean per-article rate per 1,000 words; darker is higher."),
        &svg,
        &table,
    )
}

/// Loaded language: one rate chart per loaded-language root and a heat map of its children.
pub fn loaded(ctx: &Ctx<'_>) -> Section {
    let g = ctx.groups;
    let mut body = String::new();
    let roots: Vec<&str> = LOADED_ROOTS
        .into_iter()
        .filter(|r| g.categories.contains(*r))
        .collect();
    if roots.is_empty() {
        body.push_str(&absent(
            "no loaded-language categories (label.* or loaded.*) in groups.csv.",
        ));
    }
    for root in roots {
        body.push_str(&format!("<h3>{root}</h3>"));
        body.push_str(&rate_chart(ctx, root, &format!("rate-{root}")));
        let children = g.children(root);
        if !children.is_empty() {
            body.push_str(&rate_heat_map(
                ctx,
                &children,
                &format!("{root}."),
                &format!("heat-{root}"),
                root,
            ));
        }
    }
    Section {
        id: "loaded",
        title: "Loaded language".into(),
        body,
    }
}

/// Slant: the per-article Σw/Σ|w| over weighted word choices, from −1 to +1.
pub fn slant(ctx: &Ctx<'_>) -> Section {
    let g = ctx.groups;
    let mut body = String::new();
    if !g.any_defined("slant") {
        body.push_str(&absent(
            "no article has a weighted word-choice match (choice.* entries with a non-zero \
             weight), so slant is undefined everywhere.",
        ));
    } else {
        body.push_str(&para(
            "Slant is Σ weight ÷ Σ |weight| over an article's weighted word-choice matches: −1 \
             when every choice is coded for one side (negative weights), +1 for the other. \
             Articles without weighted choices are left out.",
        ));
        let rows: Vec<DotRow> = ctx
            .selected
            .iter()
            .map(|&i| DotRow {
                label: g.label(&g.rows[i]),
                series: vec![estimate(g, i, "slant"), estimate(g, i, "narrator_slant")],
            })
            .collect();
        let rows = by_value(rows);
        let axis = Axis::fixed(-1.0, 1.0, &[-1.0, -0.5, 0.0, 0.5, 1.0], 1);
        let title = format!("Slant by {}", ctx.group_word);
        let desc = format!(
            "Dot plot on a scale from −1 to +1: for each {}, the mean per-article slant (filled \
             circles, all voices) and narrator-voice slant (open diamonds) with 95% confidence \
             intervals.",
            ctx.group_word
        );
        let svg = svg::dot_plot(
            &Chart {
                id: "slant-chart",
                title: &title,
                desc: &desc,
            },
            &rows,
            &["all voices", "narrator voice"],
            &axis,
            "slant (mean per article, 95% CI)",
        );
        let mut table = Table::new(
            format!("Slant by {}", ctx.group_word),
            &[
                &ctx.group_word,
                "articles with choices",
                "weighted matches",
                "pooled",
                "mean",
                "95% CI low",
                "95% CI high",
                "narrator mean (95% CI)",
            ],
        );
        let mut shown = Vec::new();
        for &i in &ctx.selected {
            let s = g.stat(i, "slant").cloned().unwrap_or_default();
            let n = g.stat(i, "narrator_slant").cloned().unwrap_or_default();
            table.push(vec![
                Td::Text(g.label(&g.rows[i])),
                Td::Int(s.articles),
                Td::Int(s.total),
                Td::Num(s.pooled_ratio, 3),
                Td::Num(s.mean, 3),
                Td::Num(s.ci95.map(|c| c.0), 3),
                Td::Num(s.ci95.map(|c| c.1), 3),
                Td::Text(with_ci(n.mean, n.ci95, 3)),
            ]);
            shown.extend([s, n]);
        }
        body.push_str(&figure(
            &format!(
                "{title}. Mean per-article slant with a skewness-corrected 95% interval.{}{}",
                clip_note(&rows, &axis),
                no_interval_note(&shown)
            ),
            &svg,
            &table,
        ));
    }
    Section {
        id: "slant",
        title: "Slant".into(),
        body,
    }
}

/// Frames: a heat map per scheme (`frame.policy.*`, `frame.generic.*`, …).
pub fn frames(ctx: &Ctx<'_>) -> Section {
    let g = ctx.groups;
    let mut body = String::new();
    let top = g.children("frame");
    if top.is_empty() {
        body.push_str(&absent(
            "no frame categories (frame.policy.<dimension>, frame.generic.<frame>) in groups.csv.",
        ));
    } else {
        let mut schemes: Vec<(String, Vec<String>)> = Vec::new();
        let mut leaves = Vec::new();
        for child in top {
            let grand = g.children(&child);
            if grand.is_empty() {
                leaves.push(child);
            } else {
                schemes.push((child, grand));
            }
        }
        for expected in ["frame.policy", "frame.generic"] {
            if !schemes.iter().any(|(s, _)| s == expected) {
                body.push_str(&absent(&format!("no {expected}.* categories.")));
            }
        }
        if !leaves.is_empty() {
            schemes.push(("frame".into(), leaves));
        }
        for (scheme, cats) in schemes {
            body.push_str(&format!("<h3>{}</h3>", super::escape::escape(&scheme)));
            body.push_str(&rate_heat_map(
                ctx,
                &cats,
                &format!("{scheme}."),
                &format!("heat-{}", scheme.replace('.', "-")),
                &scheme,
            ));
        }
    }
    Section {
        id: "frames",
        title: "Frames".into(),
        body,
    }
}

/// Word choices: per concept, each group's shares of the variants.
pub fn choices(ctx: &Ctx<'_>) -> Result<Section> {
    let g = ctx.groups;
    let wanted: HashSet<RowKey> = ctx.selected.iter().map(|&i| g.rows[i].clone()).collect();
    let rows = load::read_choices(ctx.dir, &wanted)?;
    let mut body = String::new();
    match rows {
        None => body.push_str(&absent("no choices.csv in the reports folder.")),
        Some(shares) if shares.rows.iter().all(|r| r.concept_total == 0) => body.push_str(&absent(
            "no word-choice categories (choice.<concept>.<variant>) matched.",
        )),
        Some(shares) => {
            let rows = &shares.rows;
            let mut concepts: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for r in rows {
                concepts.entry(&r.concept).or_default().insert(&r.variant);
            }
            for (k, (concept, variants)) in concepts.iter().enumerate() {
                let variants: Vec<String> = variants.iter().map(|v| v.to_string()).collect();
                let stack: Vec<StackRow> = ctx
                    .selected
                    .iter()
                    .map(|&i| StackRow {
                        label: g.label(&g.rows[i]),
                        counts: variants
                            .iter()
                            .map(|v| {
                                rows.iter()
                                    .find(|r| {
                                        r.key == g.rows[i]
                                            && r.concept == *concept
                                            && r.variant == *v
                                    })
                                    .map_or(0, |r| r.count)
                            })
                            .collect(),
                    })
                    .collect();
                let title = format!("Choice of words for '{concept}' by {}", ctx.group_word);
                let desc = format!(
                    "100% stacked bars: for each {}, the share of each variant ({}) among the \
                     matches of the concept {concept}.",
                    ctx.group_word,
                    variants.join(", ")
                );
                let id = format!("choice-{k}");
                let svg = bars::stacked(
                    &Chart {
                        id: &id,
                        title: &title,
                        desc: &desc,
                    },
                    &stack,
                    &variants,
                );
                let mut table = Table::new(
                    title.clone(),
                    &[
                        &ctx.group_word,
                        "variant",
                        "count",
                        "concept total",
                        "share (95% CI)",
                    ],
                );
                for &i in &ctx.selected {
                    for r in rows
                        .iter()
                        .filter(|r| r.key == g.rows[i] && r.concept == *concept)
                    {
                        table.push(vec![
                            Td::Text(g.label(&r.key)),
                            Td::Text(r.variant.clone()),
                            Td::Int(r.count),
                            Td::Int(r.concept_total),
                            Td::Text(with_ci(r.share, r.ci95, 3)),
                        ]);
                    }
                }
                body.push_str(&format!("<h3>{}</h3>", super::escape::escape(concept)));
                body.push_str(&figure(
                    &format!(
                        "{title}. Shares of all matches of the concept; {}",
                        intervals_said(
                            shares.by_article,
                            "matches",
                            "the concept",
                            "this choices.csv, written by an earlier slant, has no intervals \
                             over articles"
                        )
                    ),
                    &svg,
                    &table,
                ));
            }
        }
    }
    Ok(Section {
        id: "choices",
        title: "Word choices".into(),
        body,
    })
}

/// Attribution: each group's reporting verbs by kind, as shares of its attribution matches.
pub fn attribution(ctx: &Ctx<'_>) -> Result<Section> {
    let g = ctx.groups;
    let kinds = g.children("attribution");
    let mut body = String::new();
    if kinds.is_empty() {
        body.push_str(&absent("no attribution.<kind> categories in groups.csv."));
    } else {
        let names: Vec<String> = kinds
            .iter()
            .map(|k| k.strip_prefix("attribution.").unwrap_or(k).to_string())
            .collect();
        let count = |i: usize, k: &str| g.stat(i, &format!("{k}.per_1k")).map_or(0, |s| s.total);
        let stack: Vec<StackRow> = ctx
            .selected
            .iter()
            .map(|&i| StackRow {
                label: g.label(&g.rows[i]),
                counts: kinds.iter().map(|k| count(i, k)).collect(),
            })
            .collect();
        let title = format!("Attribution profile by {}", ctx.group_word);
        let desc = format!(
            "100% stacked bars: for each {}, the share of its attribution matches of each kind \
             ({}).",
            ctx.group_word,
            names.join(", ")
        );
        let svg = bars::stacked(
            &Chart {
                id: "attribution-chart",
                title: &title,
                desc: &desc,
            },
            &stack,
            &names,
        );
        let mut table = Table::new(
            title.clone(),
            &[
                &ctx.group_word,
                "kind",
                "matches",
                "share (95% CI)",
                "mean per 1,000 words",
            ],
        );
        let wanted: HashSet<RowKey> = ctx.selected.iter().map(|&i| g.rows[i].clone()).collect();
        let by_article =
            load::read_part_sums(ctx.dir, &g.group_cols, &kinds, &wanted, ctx.deduped)?;
        for (&i, row) in ctx.selected.iter().zip(&stack) {
            let total: u64 = row.counts.iter().sum();
            let sums = by_article.as_ref().map(|b| b.get(&g.rows[i]));
            for (part, ((k, name), &n)) in kinds.iter().zip(&names).zip(&row.counts).enumerate() {
                let share = (total > 0).then(|| n as f64 / total as f64);
                let ci = match sums {
                    // Articles as the units; a row without articles has no matches either.
                    Some(sums) => sums.and_then(|s| {
                        let counts = s.parts.get(part)?;
                        stats::wilson_clustered(&s.totals, counts)
                            .ok()
                            .map(|c| c.ci95)
                    }),
                    None => stats::wilson(n, total).ok(),
                };
                table.push(vec![
                    Td::Text(row.label.clone()),
                    Td::Text(name.clone()),
                    Td::Int(n),
                    Td::Text(with_ci(share, ci, 3)),
                    Td::Num(g.stat(i, &format!("{k}.per_1k")).and_then(|s| s.mean), 2),
                ]);
            }
        }
        let why_not = if ctx.omitted.iter().any(|o| o == "articles.csv") {
            "articles.csv, which has each article's counts, was left out of this run"
        } else {
            "there is no articles.csv of this run, with each article's counts, beside it"
        };
        body.push_str(&figure(
            &format!(
                "{title}. Shares of all attribution matches (all voices); {}",
                intervals_said(by_article.is_some(), "matches", "attribution", why_not)
            ),
            &svg,
            &table,
        ));
    }
    Ok(Section {
        id: "attribution",
        title: "Attribution".into(),
        body,
    })
}

/// The caption's sentence on a share table's intervals: with articles as the units
/// (`by_article`), or else Wilson's over the `units` (matches, mentions) themselves, which are
/// not independent, for the reason `why_not`. `what` is what a row's units are of.
pub(super) fn intervals_said(by_article: bool, units: &str, what: &str, why_not: &str) -> String {
    if by_article {
        format!(
            "the table gives 95% intervals that take articles, not {units}, as the units \
             (Wilson's at the effective number of {units}; see the codebook), and none where a \
             single article has {what}."
        )
    } else {
        format!(
            "the table gives Wilson 95% intervals, which take each of the {units} as independent \
             of the others in its article and so can be too narrow ({why_not})."
        )
    }
}
