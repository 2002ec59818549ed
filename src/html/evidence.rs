//! The word-level sections of `summary.html`: how each group describes the actors named with
//! `--targets` (`targets.csv`), each group's key terms (keyness from `terms.csv`) and
//! keyword-in-context lines per category (drawn from `matches.csv`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write;

use super::bars::{self, Bar};
use super::escape::escape;
use super::heatmap;
use super::load::{self, RowKey};
use super::svg::{Chart, num};
use super::table::{Table, Td, absent, figure, para, with_ci};
use super::{Ctx, Section};
use crate::Result;
use crate::report::rows::RowReport;

/// Width of one key-terms panel (two per row on a wide page; narrower columns scale it down).
const PANEL: f64 = 500.0;

/// At most this many categories per target in a heat map; with more, only the top-level
/// categories are drawn (the table keeps them all).
const TARGET_COLUMNS: usize = 12;

/// Targets: for each actor, how often each category is found near its mentions, per group.
pub fn targets(ctx: &Ctx<'_>) -> Result<Section> {
    let g = ctx.groups;
    let wanted: HashSet<RowKey> = ctx.selected.iter().map(|&i| g.rows[i].clone()).collect();
    let mut body = String::new();
    let rows = match ctx.foreign_targets {
        true => None,
        false => load::read_targets(ctx.dir, &wanted)?,
    };
    match rows {
        None if ctx.foreign_targets => body.push_str(&absent(
            "the targets.csv here is not a table slant wrote (a lexicon of yours?), so it is \
             left out.",
        )),
        None => body.push_str(&absent("no targets.csv (score with --targets ACTORS.csv).")),
        Some(shares) if shares.rows.is_empty() => {
            body.push_str(&absent("no target was mentioned."));
        }
        Some(shares) => {
            let rows = &shares.rows;
            body.push_str(&para(&format!(
                "For each actor named in the --targets lexicon, the share of its mentions with a \
                 match of each category nearby (same sentence, within the window), per {}.",
                ctx.group_word
            )));
            let mut by_target: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for r in rows {
                by_target.entry(&r.target).or_default().insert(&r.category);
            }
            for (k, (target, cats)) in by_target.iter().enumerate() {
                let mut cols: Vec<&str> = cats.iter().copied().collect();
                if cols.len() > TARGET_COLUMNS {
                    cols.retain(|c| !c.contains('.'));
                }
                let cell = |i: usize, cat: &str| {
                    rows.iter()
                        .find(|r| r.key == g.rows[i] && r.target == *target && r.category == cat)
                };
                // Each row says how many mentions its percentages are of.
                let labels: Vec<String> = ctx
                    .selected
                    .iter()
                    .map(|&i| {
                        let n = cols
                            .first()
                            .and_then(|c| cell(i, c))
                            .map_or(0, |r| r.mentions);
                        format!("{} (n = {n})", g.label(&g.rows[i]))
                    })
                    .collect();
                let cells: Vec<Vec<Option<f64>>> = ctx
                    .selected
                    .iter()
                    .map(|&i| {
                        cols.iter()
                            .map(|c| cell(i, c).and_then(|r| r.rate).map(|x| x * 100.0))
                            .collect()
                    })
                    .collect();
                let names: Vec<String> = cols.iter().map(|c| c.to_string()).collect();
                let title = format!("Near '{target}': {} × category", ctx.group_word);
                let desc = format!(
                    "Heat map: for each {}, the percentage of mentions of {target} with a match of \
                     each category ({}) nearby; darker is higher, every cell shows its value.",
                    ctx.group_word,
                    names.join(", ")
                );
                let id = format!("target-{k}");
                let svg = heatmap::heat_map(
                    &Chart {
                        id: &id,
                        title: &title,
                        desc: &desc,
                    },
                    &labels,
                    &names,
                    &cells,
                    0,
                    "% of mentions",
                );
                let mut table = Table::new(
                    title.clone(),
                    &[
                        &ctx.group_word,
                        "category",
                        "mentions",
                        "with category nearby",
                        "share (95% CI)",
                    ],
                );
                for &i in &ctx.selected {
                    for r in rows
                        .iter()
                        .filter(|r| r.key == g.rows[i] && r.target == *target)
                    {
                        table.push(vec![
                            Td::Text(g.label(&r.key)),
                            Td::Text(r.category.clone()),
                            Td::Int(r.mentions),
                            Td::Int(r.co_occurrences),
                            Td::Text(with_ci(r.rate, r.ci95, 3)),
                        ]);
                    }
                }
                body.push_str(&format!("<h3>{}</h3>", escape(target)));
                body.push_str(&figure(
                    &format!(
                        "{title}. Percentage of mentions; {}",
                        super::sections::intervals_said(
                            shares.by_article,
                            "mentions",
                            "a mention of it",
                            "this targets.csv, written by an earlier slant, has no intervals \
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
        id: "targets",
        title: "Targets".into(),
        body,
    })
}

/// Key terms: per group, the entries it uses most over the rest, ranked by G²; dark when the
/// article-level test agrees with the count test (see [`load::Term::significant`]).
pub fn terms(ctx: &Ctx<'_>) -> Result<Section> {
    let g = ctx.groups;
    let mut groups: Vec<Vec<String>> = ctx
        .selected
        .iter()
        .map(|&i| g.rows[i].groups.clone())
        .collect();
    groups.dedup();
    let wanted: HashSet<Vec<String>> = groups.iter().cloned().collect();
    let mut body = String::new();
    match load::read_terms(ctx.dir, &wanted, ctx.opts.terms)? {
        None => body.push_str(&absent("no terms.csv in the reports folder.")),
        Some(t) if !t.any_keyness => body.push_str(&absent(
            "terms.csv has no G²: keyness compares a group with all the others, so it needs two \
             or more groups with matches.",
        )),
        Some(t) => {
            body.push_str(&para(&format!(
                "Up to {} entries per group by {} that it uses more often than all the other \
                 groups together (log ratio > 0), ranked by log-likelihood G² of the counts. Bar \
                 length is G², scaled within each panel. LR is Hardie's log ratio (+1: twice as \
                 frequent as in the rest). After each bar: in how many of the group's articles \
                 the entry occurs.",
                ctx.opts.terms, ctx.group_word
            )));
            body.push_str(&para(
                "Dark bars pass two tests with a Benjamini–Hochberg q below 0.05: the count test \
                 (G² divided by the entry's dispersion over articles, which allows for articles \
                 that repeat it; plain G² in reports of slant 0.7.0 and earlier) and the article \
                 test (Fisher's exact test: a larger share of the group's articles use the entry \
                 than of the other groups' articles). Light bars fail one of them. G² counts \
                 matches, not articles, so an entry repeated in one or a few articles can rank \
                 high with a large G² and still be light: it is that story's word, not shown to \
                 be the group's.",
            ));
            let mut table = Table::new(
                format!("Key terms by {}", ctx.group_word),
                &[
                    &ctx.group_word,
                    "lexicon",
                    "entry",
                    "category",
                    "count",
                    "per 1,000 words",
                    "G²",
                    "count q",
                    "log ratio",
                    "articles with entry",
                    "article q",
                    "dark",
                ],
            );
            body.push_str("<div class=\"panels\">");
            for (k, group) in groups.iter().enumerate() {
                let label = group.join(" · ");
                let list = t.top.get(group).map(Vec::as_slice).unwrap_or(&[]);
                let max = list.iter().fold(0.0f64, |m, term| m.max(term.g2));
                let bars: Vec<Bar> = list
                    .iter()
                    .map(|term| Bar {
                        label: term.entry.clone(),
                        value: term.g2,
                        strong: term.significant(),
                        note: format!(
                            "G² {} · LR {}{} · {}",
                            num(term.g2, 1),
                            if term.log_ratio > 0.0 { "+" } else { "" },
                            num(term.log_ratio, 1),
                            in_articles(term)
                        ),
                    })
                    .collect();
                let title = format!("Key terms of {label}");
                let desc = format!(
                    "Bar list of the {} entries {label} uses most over the rest, by G²: {}.",
                    list.len(),
                    list.iter()
                        .map(|t| {
                            format!(
                                "{} (G² {}, {}{})",
                                t.entry,
                                num(t.g2, 1),
                                in_articles(t),
                                if t.significant() { ", significant" } else { "" }
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let id = format!("terms-{k}");
                let _ = write!(
                    body,
                    "<figure class=\"panel\"><figcaption>{}</figcaption>{}</figure>",
                    escape(&label),
                    bars::bar_list(
                        &Chart {
                            id: &id,
                            title: &title,
                            desc: &desc,
                        },
                        &bars,
                        max,
                        PANEL,
                    )
                );
                for term in list {
                    table.push(vec![
                        Td::Text(label.clone()),
                        Td::Text(term.lexicon.clone()),
                        Td::Text(term.entry.clone()),
                        Td::Text(term.category.clone()),
                        Td::Int(term.count),
                        Td::Num(term.per_1k, 2),
                        Td::Num(Some(term.g2), 2),
                        Td::Num(term.count_q, 4),
                        Td::Num(Some(term.log_ratio), 2),
                        Td::Text(in_articles(term)),
                        Td::Num(term.share_q, 4),
                        Td::Text(if term.significant() { "yes" } else { "no" }.into()),
                    ]);
                }
            }
            body.push_str("</div>");
            let _ = write!(
                body,
                "<details><summary>Table: the numbers in these charts</summary>{}</details>",
                table.html()
            );
        }
    }
    Ok(Section {
        id: "terms",
        title: "Key terms".into(),
        body,
    })
}

/// `1 of 32 articles`: how many of the group's articles use the entry.
fn in_articles(term: &load::Term) -> String {
    format!(
        "{} of {} {}",
        term.articles_with,
        term.articles,
        if term.articles == 1 {
            "article"
        } else {
            "articles"
        }
    )
}

/// Keyword in context: a few matches of every category, with their surroundings.
pub fn kwic(ctx: &Ctx<'_>) -> Result<Section> {
    let mut body = String::new();
    match load::read_kwic(ctx.dir, ctx.opts.kwic)? {
        None if ctx
            .omitted
            .iter()
            .any(|f| f == RowReport::Matches.file_name()) =>
        {
            body.push_str(&absent(
                "matches.csv was left out of this run (--omit matches); slant explain shows the \
             matches of any article in context.",
            ))
        }
        None => body.push_str(&absent("no matches.csv in the reports folder.")),
        Some(draws) if draws.is_empty() => body.push_str(&absent("no matches.")),
        Some(draws) => {
            body.push_str(&para(&format!(
                "Up to {} matches per category, drawn at random (seed {}) from all its matches \
                 in matches.csv, so that the words behind each count can be read. slant sample \
                 draws larger, stratified samples for coding.",
                ctx.opts.kwic,
                load::KWIC_SEED
            )));
            let mut table = Table::new(
                "Keyword in context, by category",
                &["category", &ctx.group_word, "id", "left", "match", "right"],
            );
            table.class = "kwic";
            for d in &draws {
                let cat = d.key.first().cloned().unwrap_or_default();
                for (n, line) in d.items.iter().enumerate() {
                    let mut tags = String::new();
                    if line.quoted {
                        tags.push_str(" <span class=\"tag\">quoted</span>");
                    }
                    if line.negated {
                        tags.push_str(" <span class=\"tag\">negated</span>");
                    }
                    let first = if n == 0 {
                        format!(
                            "{} <span class=\"count\">({} of {})</span>",
                            escape(&cat),
                            d.items.len(),
                            d.population
                        )
                    } else {
                        String::new()
                    };
                    table.push(vec![
                        Td::Html(first),
                        Td::Text(line.group.clone()),
                        Td::Text(line.id.clone()),
                        Td::Html(format!(
                            "<span class=\"left\">{}</span>",
                            escape(&line.left)
                        )),
                        Td::Html(format!("<mark>{}</mark>{tags}", escape(&line.text))),
                        Td::Text(line.right.clone()),
                    ]);
                }
            }
            body.push_str(&table.html());
        }
    }
    Ok(Section {
        id: "kwic",
        title: "Keyword in context".into(),
        body,
    })
}
