//! Hand-built SVG charts for `summary.html`: interval dot plots here, heat maps in `heatmap`,
//! 100% stacked bars and bar lists in `bars`. Each returns one `<svg role="img">` element with a `<title>` and `<desc>`
//! that screen readers announce, and a `<title>` per mark that browsers show on hover; the
//! numbers behind every chart are also in an HTML table next to it.
//!
//! Charts are drawn in a fixed 880-unit-wide view box that scales to the page. Text widths are
//! estimated (no font metrics without a browser), so long labels are cut with `…` and given
//! in full in the mark's title and the table. Colours: the Okabe–Ito palette for categories
//! (distinguishable with the common colour-vision deficiencies) and a single-hue blue scale
//! (ColorBrewer "Blues") for magnitudes, with every value also printed as text.
//! Output is deterministic: numbers are printed with fixed decimals.

use std::fmt::Write;

use super::escape::escape;

/// Width of every chart's view box.
pub const WIDTH: f64 = 880.0;
pub(super) const ROW: f64 = 22.0;
pub(super) const FONT: f64 = 12.0;
/// Estimated width of one character at 12 px (a generous average for sans-serif text).
pub(super) const CHAR: f64 = 7.0;
pub(super) const MAX_LABEL_CHARS: usize = 46;

/// Okabe & Ito (2008) colours, ordered for stacked bars (the black is last).
pub const OKABE_ITO: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// What every chart says about itself.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    /// Unique within the page (used for element ids).
    pub id: &'a str,
    pub title: &'a str,
    /// One or two sentences a screen reader reads instead of looking at the chart.
    pub desc: &'a str,
}

/// A number with a fixed count of decimals; never `-0`.
pub fn num(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// `label`, cut to `max` characters with an ellipsis.
pub fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// A row label cut to `max` characters in the middle, so that both ends stay readable
/// (`Quillport Herald · pe… · 2024-03-07`).
pub fn clip_middle(label: &str, max: usize) -> String {
    let n = label.chars().count();
    if n <= max {
        return label.to_string();
    }
    let tail = (max.saturating_sub(1)) * 2 / 5;
    let head = max.saturating_sub(1) - tail;
    let mut s: String = label.chars().take(head).collect();
    s.push('…');
    s.extend(label.chars().skip(n - tail));
    s
}

pub(super) fn label_width(labels: impl Iterator<Item = usize>) -> f64 {
    let longest = labels.max().unwrap_or(0).min(MAX_LABEL_CHARS);
    (longest as f64 * CHAR + 16.0).clamp(60.0, 340.0)
}

pub(super) fn open(out: &mut String, chart: &Chart<'_>, height: f64) {
    let _ = write!(
        out,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} \
         {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\" \
         font-size=\"{FONT}\"><title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = escape(chart.id),
        w = WIDTH,
        h = num(height, 0),
        t = escape(chart.title),
        d = escape(chart.desc),
    );
}

/// A linear axis over [lo, hi] with "nice" tick marks (steps of 1, 2 or 5 × 10^k).
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    /// Decimals for tick labels.
    pub decimals: usize,
}

impl Axis {
    /// An axis covering `min..=max` (widened to include them), about five ticks.
    pub fn nice(min: f64, max: f64) -> Axis {
        let (min, max) = if min.is_finite() && max.is_finite() && max > min {
            (min, max)
        } else if min.is_finite() {
            (min - 1.0, min + 1.0)
        } else {
            (0.0, 1.0)
        };
        let raw = (max - min) / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * mag);
        let lo = (min / step).floor() * step;
        let hi = (max / step).ceil() * step;
        let count = ((hi - lo) / step).round() as usize;
        let ticks = (0..=count).map(|i| lo + i as f64 * step).collect();
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10().floor()) as usize
        };
        Axis {
            lo,
            hi,
            ticks,
            decimals,
        }
    }

    /// A fixed axis with the given ticks.
    pub fn fixed(lo: f64, hi: f64, ticks: &[f64], decimals: usize) -> Axis {
        Axis {
            lo,
            hi,
            ticks: ticks.to_vec(),
            decimals,
        }
    }

    fn x(&self, v: f64, left: f64, right: f64) -> f64 {
        left + (v - self.lo) / (self.hi - self.lo) * (right - left)
    }
}

/// One estimate with its interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub ci95: Option<(f64, f64)>,
}

/// One row of a dot plot: an estimate per series.
#[derive(Debug, Clone)]
pub struct DotRow {
    pub label: String,
    pub series: Vec<Option<Estimate>>,
}

/// Series styles: (name, colour, filled).
const SERIES: [(&str, bool); 2] = [("#0072B2", true), ("#D55E00", false)];

/// A dot plot with 95% interval bars: one row per label, up to two series per row (filled
/// blue circle, open vermillion diamond), the first series' value printed on the right. An
/// interval past the axis ends in an arrow at the edge, not a cap (see `interval`).
pub fn dot_plot(
    chart: &Chart<'_>,
    rows: &[DotRow],
    names: &[&str],
    axis: &Axis,
    x_title: &str,
) -> String {
    let left = label_width(rows.iter().map(|r| r.label.chars().count()));
    let right = WIDTH - 70.0;
    let legend = if names.len() > 1 { 22.0 } else { 0.0 };
    let top = 8.0 + legend;
    let band = ROW + 6.0 * (names.len().max(1) - 1) as f64;
    let height = top + band * rows.len() as f64 + 44.0;
    // A screen reader hears about cut intervals too.
    let desc = clipped(rows, axis).then(|| format!("{} {CLIPPED_NOTE}", chart.desc));
    let chart = Chart {
        desc: desc.as_deref().unwrap_or(chart.desc),
        ..chart.clone()
    };
    let mut out = String::new();
    open(&mut out, &chart, height);
    if names.len() > 1 {
        let mut x = left;
        for (i, name) in names.iter().enumerate() {
            let (colour, filled) = SERIES[i % SERIES.len()];
            marker(&mut out, x + 5.0, 12.0, colour, filled);
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"16\">{}</text>",
                num(x + 14.0, 1),
                escape(name)
            );
            x += 24.0 + name.chars().count() as f64 * CHAR;
        }
    }
    let bottom = top + band * rows.len() as f64;
    // Grid and axis.
    for &t in &axis.ticks {
        let x = axis.x(t, left, right);
        let strong = t == 0.0 && axis.lo < 0.0;
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{top}\" y2=\"{b}\" stroke=\"{c}\"/><text x=\"{x}\" \
             y=\"{ty}\" text-anchor=\"middle\" fill=\"#444\">{label}</text>",
            x = num(x, 1),
            top = num(top - 4.0, 1),
            b = num(bottom, 1),
            c = if strong { "#888" } else { "#e3e3e3" },
            ty = num(bottom + 16.0, 1),
            label = num(t, axis.decimals),
        );
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
        num((left + right) / 2.0, 1),
        num(bottom + 36.0, 1),
        escape(x_title)
    );
    for (i, row) in rows.iter().enumerate() {
        let y0 = top + band * i as f64;
        let mut tip = row.label.clone();
        for (s, est) in row.series.iter().enumerate() {
            let name = names.get(s).copied().unwrap_or("");
            match est {
                Some(e) => {
                    let _ = write!(tip, "; {name}: {}", describe(e, axis.decimals + 1));
                }
                None => {
                    let _ = write!(tip, "; {name}: no value");
                }
            }
        }
        let _ = write!(
            out,
            "<g><title>{}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            escape(&tip),
            num(left - 8.0, 1),
            num(y0 + ROW / 2.0 + 4.0, 1),
            escape(&clip_middle(&row.label, MAX_LABEL_CHARS))
        );
        for (s, est) in row.series.iter().enumerate() {
            let (colour, filled) = SERIES[s % SERIES.len()];
            let y = y0 + ROW / 2.0 + 6.0 * s as f64;
            let Some(e) = est else {
                if s == 0 {
                    let _ = write!(
                        out,
                        "<text x=\"{}\" y=\"{}\" fill=\"#666\">no value</text>",
                        num(left + 4.0, 1),
                        num(y + 4.0, 1)
                    );
                }
                continue;
            };
            if let Some((lo, hi)) = e.ci95 {
                interval(&mut out, axis, (left, right), (lo, hi), y, colour);
            }
            let x = axis.x(e.value.clamp(axis.lo, axis.hi), left, right);
            marker(&mut out, x, y, colour, filled);
            if s == 0 {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" fill=\"#222\">{}</text>",
                    num(right + 10.0, 1),
                    num(y + 4.0, 1),
                    num(e.value, axis.decimals + 1)
                );
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Whether any interval in `rows` runs past either end of `axis` (the chart then draws it to
/// the edge with an arrow; its caption should say so, see [`CLIPPED_NOTE`]).
pub fn clipped(rows: &[DotRow], axis: &Axis) -> bool {
    rows.iter()
        .flat_map(|r| r.series.iter().flatten())
        .filter_map(|e| e.ci95)
        .any(|(lo, hi)| lo < axis.lo || hi > axis.hi)
}

/// The sentence a chart's caption adds when [`clipped`] is true.
pub const CLIPPED_NOTE: &str = "An interval that runs past the end of the axis is cut at the \
     edge and ends there in an arrow, without an end cap; the table gives its bounds.";

/// One 95% interval at height `y`: a line from `lo` to `hi` with an end cap at each bound
/// that is on the axis. A bound past the axis is not drawn as if it were one: the line stops
/// at the axis edge in an arrow pointing on, with no cap.
fn interval(
    out: &mut String,
    axis: &Axis,
    (left, right): (f64, f64),
    (lo, hi): (f64, f64),
    y: f64,
    colour: &str,
) {
    let on_axis = |v: f64| v >= axis.lo && v <= axis.hi;
    let (x1, x2) = (
        axis.x(lo.clamp(axis.lo, axis.hi), left, right),
        axis.x(hi.clamp(axis.lo, axis.hi), left, right),
    );
    let _ = write!(
        out,
        "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" \
         stroke-width=\"2\"/>",
        num(x1, 1),
        num(x2, 1),
        y = num(y, 1),
    );
    for (bound, x) in [(lo, x1), (hi, x2)] {
        if on_axis(bound) {
            let _ = write!(
                out,
                "<line x1=\"{x}\" x2=\"{x}\" y1=\"{a}\" y2=\"{b}\" stroke=\"{colour}\" \
                 stroke-width=\"1.5\"/>",
                x = num(x, 1),
                a = num(y - 4.0, 1),
                b = num(y + 4.0, 1),
            );
        }
    }
    // Arrowheads whose tip is on the edge the interval runs past.
    let arrow = |out: &mut String, x: f64, back: f64| {
        let _ = write!(
            out,
            "<path class=\"clipped\" d=\"M{} {}l{} -4.5v9z\" fill=\"{colour}\"/>",
            num(x, 1),
            num(y, 1),
            num(back, 1)
        );
    };
    if lo < axis.lo {
        arrow(out, axis.x(axis.lo, left, right), 7.0);
    }
    if hi > axis.hi {
        arrow(out, axis.x(axis.hi, left, right), -7.0);
    }
}

fn describe(e: &Estimate, decimals: usize) -> String {
    match e.ci95 {
        Some((lo, hi)) => format!(
            "{} (95% CI {} to {})",
            num(e.value, decimals),
            num(lo, decimals),
            num(hi, decimals)
        ),
        None => format!("{} (no interval)", num(e.value, decimals)),
    }
}

fn marker(out: &mut String, x: f64, y: f64, colour: &str, filled: bool) {
    if filled {
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{colour}\"/>",
            num(x, 1),
            num(y, 1)
        );
    } else {
        let _ = write!(
            out,
            "<path d=\"M{} {}l4.5 4.5l-4.5 4.5l-4.5 -4.5z\" fill=\"#fff\" stroke=\"{colour}\" \
             stroke-width=\"1.8\"/>",
            num(x, 1),
            num(y - 4.5, 1)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_decimals_and_no_negative_zero() {
        assert_eq!(num(1.0 / 3.0, 2), "0.33");
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(num(-1.5, 1), "-1.5");
        assert_eq!(num(42.0, 0), "42");
    }

    #[test]
    fn long_labels_are_cut_in_the_middle() {
        assert_eq!(clip_middle("short", 10), "short");
        let cut = clip_middle("Quillport Herald · peace talks · 2024-03-07", 30);
        assert_eq!(cut.chars().count(), 30);
        assert!(
            cut.starts_with("Quillport Herald") && cut.ends_with("2024-03-07"),
            "{cut}"
        );
    }

    #[test]
    fn nice_axes_cover_the_data() {
        let a = Axis::nice(0.0, 63.6);
        assert_eq!((a.lo, a.hi), (0.0, 80.0));
        assert_eq!(a.ticks, [0.0, 20.0, 40.0, 60.0, 80.0]);
        let a = Axis::nice(-14.2, 92.4);
        assert!(a.lo <= -14.2 && a.hi >= 92.4 && a.ticks.contains(&0.0));
        let a = Axis::nice(0.0, 0.37);
        assert_eq!(a.decimals, 1);
        let a = Axis::nice(5.0, 5.0);
        assert!(a.lo < 5.0 && a.hi > 5.0);
    }

    #[test]
    fn an_interval_past_the_axis_ends_in_an_arrow_not_a_cap() {
        let chart = Chart {
            id: "c",
            title: "t",
            desc: "d",
        };
        let axis = Axis::fixed(-1.0, 1.0, &[-1.0, 0.0, 1.0], 1);
        let row = |label: &str, value, ci95| DotRow {
            label: label.into(),
            series: vec![Some(Estimate {
                value,
                ci95: Some(ci95),
            })],
        };
        let caps = |svg: &str| svg.matches("stroke-width=\"1.5\"").count();
        // Inside the axis: two caps, no arrow, no note.
        let inside = [row("in", 0.2, (-0.5, 0.6))];
        let svg = dot_plot(&chart, &inside, &["all"], &axis, "x");
        assert_eq!(
            (caps(&svg), svg.matches("class=\"clipped\"").count()),
            (2, 0)
        );
        assert!(!clipped(&inside, &axis) && !svg.contains(CLIPPED_NOTE));
        // Past both ends (n = 2: -12.71 to 12.71): no cap at either end, an arrow at each edge.
        let both = [row("AP narrator", 0.0, (-12.71, 12.71))];
        let svg = dot_plot(&chart, &both, &["all"], &axis, "x");
        assert_eq!(caps(&svg), 0, "{svg}");
        let (left, right) = (label_width([11].into_iter()), WIDTH - 70.0);
        assert!(svg.contains(&format!("d=\"M{} ", num(left, 1))), "{svg}");
        assert!(svg.contains(&format!("d=\"M{} ", num(right, 1))), "{svg}");
        assert!(clipped(&both, &axis) && svg.contains(CLIPPED_NOTE));
        // Past one end (-0.62 to 1.12): a cap at -0.62, an arrow at +1.
        let one = [row("all voices", 0.25, (-0.62, 1.12))];
        let svg = dot_plot(&chart, &one, &["all"], &axis, "x");
        assert_eq!(
            (caps(&svg), svg.matches("class=\"clipped\"").count()),
            (1, 1)
        );
        assert!(svg.contains(&format!("d=\"M{} ", num(right, 1))), "{svg}");
        // The hover title keeps the true bounds.
        assert!(svg.contains("95% CI -0.62 to 1.12"), "{svg}");
    }
}
