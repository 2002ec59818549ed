//! Bar charts for `summary.html`: 100% stacked bars (shares of word-choice variants and of
//! attribution kinds) and small bar lists (key terms). Same conventions as `svg`: a view box
//! that scales, a title and description for screen readers, a title per mark, Okabe–Ito
//! colours with text that keeps its contrast, every label escaped.

use std::fmt::Write;

use super::escape::escape;
use super::heatmap::white_text_on;
use super::svg::{
    CHAR, Chart, FONT, MAX_LABEL_CHARS, OKABE_ITO, ROW, WIDTH, clip, clip_middle, label_width, num,
    open,
};

/// One bar of a 100% stacked bar chart: counts aligned with the legend.
#[derive(Debug, Clone)]
pub struct StackRow {
    pub label: String,
    pub counts: Vec<u64>,
}

/// 100% stacked bars: each row's counts as shares of the row's total, segments coloured by
/// legend entry (Okabe–Ito), shares of 8% or more printed inside, the total on the right.
pub fn stacked(chart: &Chart<'_>, rows: &[StackRow], legend: &[String]) -> String {
    let left = label_width(rows.iter().map(|r| r.label.chars().count()));
    let right = WIDTH - 70.0;
    // Legend lines: swatch + name, wrapped at the chart's width.
    let mut items = Vec::new();
    let (mut x, mut line) = (left, 0usize);
    for name in legend {
        let w = 22.0 + clip(name, 30).chars().count() as f64 * CHAR + 14.0;
        if x + w > WIDTH && x > left {
            x = left;
            line += 1;
        }
        items.push((x, line));
        x += w;
    }
    let top = 10.0 + 20.0 * (line + 1) as f64;
    let height = top + ROW * rows.len() as f64 + 8.0;
    let mut out = String::new();
    open(&mut out, chart, height);
    for (k, (name, (x, line))) in legend.iter().zip(&items).enumerate() {
        let y = 6.0 + 20.0 * *line as f64;
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{}\" \
             y=\"{}\">{}</text>",
            num(*x, 1),
            num(y, 1),
            OKABE_ITO[k % OKABE_ITO.len()],
            num(x + 20.0, 1),
            num(y + 11.0, 1),
            escape(&clip(name, 30))
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        let total: u64 = row.counts.iter().sum();
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            num(left - 8.0, 1),
            num(y + ROW / 2.0 + 4.0, 1),
            escape(&row.label),
            escape(&clip_middle(&row.label, MAX_LABEL_CHARS))
        );
        if total == 0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" fill=\"#666\">no matches</text>",
                num(left + 4.0, 1),
                num(y + ROW / 2.0 + 4.0, 1)
            );
            continue;
        }
        let mut x = left;
        for (k, &count) in row.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let share = count as f64 / total as f64;
            let w = share * (right - left);
            let colour = OKABE_ITO[k % OKABE_ITO.len()];
            let name = legend.get(k).map_or("", String::as_str);
            let _ = write!(
                out,
                "<g><title>{}: {name} {count} of {total} ({}%)</title><rect x=\"{}\" y=\"{}\" \
                 width=\"{}\" height=\"{}\" fill=\"{colour}\" stroke=\"#fff\" \
                 stroke-width=\"0.5\"/>",
                escape(&row.label),
                num(share * 100.0, 1),
                num(x, 2),
                num(y + 3.0, 1),
                num(w, 2),
                num(ROW - 6.0, 1),
            );
            if share >= 0.08 {
                let ink = if white_text_on(colour) {
                    "#fff"
                } else {
                    "#111"
                };
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{ink}\" \
                     font-size=\"11\">{}%</text>",
                    num(x + w / 2.0, 1),
                    num(y + ROW / 2.0 + 4.0, 1),
                    num(share * 100.0, 0)
                );
            }
            out.push_str("</g>");
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" fill=\"#444\">n = {total}</text>",
            num(right + 8.0, 1),
            num(y + ROW / 2.0 + 4.0, 1)
        );
    }
    out.push_str("</svg>");
    out
}

/// One bar of a bar list.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Drawn dark (e.g. significant) rather than light.
    pub strong: bool,
    /// Printed after the bar.
    pub note: String,
}

/// A small horizontal bar list (`width` units wide) scaled to `max`.
pub fn bar_list(chart: &Chart<'_>, bars: &[Bar], max: f64, width: f64) -> String {
    let left = label_width(bars.iter().map(|b| b.label.chars().count())).min(width * 0.4);
    let note_w = bars
        .iter()
        .map(|b| b.note.chars().count())
        .max()
        .unwrap_or(0) as f64
        * CHAR
        * 0.92;
    let right = (width - note_w - 8.0).max(left + 40.0);
    let height = ROW * bars.len().max(1) as f64 + 4.0;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} \
         {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-size=\"{FONT}\"><title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = escape(chart.id),
        w = num(width, 0),
        h = num(height, 0),
        t = escape(chart.title),
        d = escape(chart.desc),
    );
    if bars.is_empty() {
        out.push_str("<text x=\"4\" y=\"15\" fill=\"#666\">no key terms</text>");
    }
    for (i, b) in bars.iter().enumerate() {
        let y = ROW * i as f64;
        let w = if max > 0.0 {
            (b.value / max).clamp(0.0, 1.0) * (right - left)
        } else {
            0.0
        };
        let _ = write!(
            out,
            "<g><title>{}: {}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect \
             x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" \
             fill=\"#333\" font-size=\"11\">{}</text></g>",
            escape(&b.label),
            escape(&b.note),
            num(left - 6.0, 1),
            num(y + ROW / 2.0 + 4.0, 1),
            escape(&clip(&b.label, ((left - 10.0) / CHAR) as usize)),
            num(left, 1),
            num(y + 4.0, 1),
            num(w.max(1.0), 1),
            num(ROW - 8.0, 1),
            if b.strong { "#0072B2" } else { "#9ecae1" },
            num(left + w + 6.0, 1),
            num(y + ROW / 2.0 + 4.0, 1),
            escape(&b.note)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_the_data_are_escaped_in_charts() {
        let chart = Chart {
            id: "c",
            title: "t",
            desc: "d",
        };
        let svg = stacked(
            &chart,
            &[StackRow {
                label: "<script>x</script>".into(),
                counts: vec![1, 3],
            }],
            &["a&b".into(), "\"q\"".into()],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(svg.contains("a&amp;b") && svg.contains("&quot;q&quot;"));
        assert!(svg.contains(">75%<"));
    }
}
