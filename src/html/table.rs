//! HTML tables and figure wrappers for `summary.html`: every chart sits in a `<figure>` with a
//! caption and, behind a `<details>` disclosure, a `<table>` holding the numbers it draws.
//! All text from the data passes through [`escape`].

use std::fmt::Write;

use super::escape::escape;
use super::svg::num;

/// One table cell.
#[derive(Debug, Clone)]
pub enum Td {
    /// Text from the data (escaped).
    Text(String),
    /// A number, right-aligned: value and decimals; `None` is shown as an empty cell.
    Num(Option<f64>, usize),
    /// A count, right-aligned.
    Int(u64),
    /// Markup built by this module's callers from escaped parts.
    Html(String),
}

/// A table: caption, column names (and whether each is numeric), rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Td>>,
    /// An extra class (e.g. `kwic`).
    pub class: &'static str,
}

impl Table {
    pub fn new(caption: impl Into<String>, head: &[&str]) -> Table {
        Table {
            caption: caption.into(),
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            class: "",
        }
    }

    pub fn push(&mut self, row: Vec<Td>) {
        self.rows.push(row);
    }

    /// The table's markup.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<div class=\"scroll\"><table class=\"data {}\"><caption>{}</caption><thead><tr>",
            self.class,
            escape(&self.caption)
        );
        let numeric: Vec<bool> = (0..self.head.len())
            .map(|j| {
                self.rows
                    .iter()
                    .any(|r| matches!(r.get(j), Some(Td::Num(..) | Td::Int(_))))
            })
            .collect();
        for (h, &n) in self.head.iter().zip(&numeric) {
            let _ = write!(
                out,
                "<th scope=\"col\"{}>{}</th>",
                if n { " class=\"num\"" } else { "" },
                escape(h)
            );
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (j, cell) in row.iter().enumerate() {
                let tag = if j == 0 { "th scope=\"row\"" } else { "td" };
                let end = if j == 0 { "th" } else { "td" };
                match cell {
                    Td::Text(t) => {
                        let _ = write!(out, "<{tag}>{}</{end}>", escape(t));
                    }
                    Td::Num(v, d) => {
                        let _ = write!(
                            out,
                            "<{tag} class=\"num\">{}</{end}>",
                            v.map(|x| num(x, *d)).unwrap_or_default()
                        );
                    }
                    Td::Int(n) => {
                        let _ = write!(out, "<{tag} class=\"num\">{n}</{end}>");
                    }
                    Td::Html(h) => {
                        let _ = write!(out, "<{tag}>{h}</{end}>");
                    }
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
        out
    }
}

/// A chart in a figure: caption, the SVG, and its table behind a disclosure.
pub fn figure(caption: &str, svg: &str, table: &Table) -> String {
    format!(
        "<figure>{svg}<figcaption>{}</figcaption><details><summary>Table: the numbers in this \
         chart</summary>{}</details></figure>",
        escape(caption),
        table.html()
    )
}

/// The sentence shown when a section's data is not in the reports.
pub fn absent(what: &str) -> String {
    format!("<p class=\"absent\">Not in this run: {}</p>", escape(what))
}

/// A paragraph of plain text.
pub fn para(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

/// A value with its interval as table text: `0.42 (0.30–0.55)`.
pub fn with_ci(value: Option<f64>, ci: Option<(f64, f64)>, decimals: usize) -> String {
    match (value, ci) {
        (Some(v), Some((l, h))) => format!(
            "{} ({}–{})",
            num(v, decimals),
            num(l, decimals),
            num(h, decimals)
        ),
        (Some(v), None) => num(v, decimals),
        _ => String::new(),
    }
}
