//! Heat maps for `summary.html`: rows × columns of values shaded on a single-hue blue scale
//! (ColorBrewer "Blues"), each cell's value printed in it (see `svg` for what every chart
//! shares).

use std::fmt::Write;

use super::escape::escape;
use super::svg::{CHAR, Chart, MAX_LABEL_CHARS, WIDTH, clip, clip_middle, label_width, num, open};

/// ColorBrewer "Blues" (9 classes), light to dark: the heat-map scale.
const BLUES: [(u8, u8, u8); 9] = [
    (0xf7, 0xfb, 0xff),
    (0xde, 0xeb, 0xf7),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];

/// Colour of a heat-map cell at `t` in [0, 1] on the blue scale.
pub fn blue(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (BLUES.len() - 1) as f64;
    let i = (pos.floor() as usize).min(BLUES.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    let (a, b) = (BLUES[i], BLUES[i + 1]);
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Whether white text reads better than black on `#rrggbb` (WCAG contrast).
pub fn white_text_on(hex: &str) -> bool {
    let channel = |i: usize| {
        let v = hex
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0);
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05) > (l + 0.05) / 0.05
}

/// A heat map: rows × columns of values, shaded on the blue scale from 0 to the largest value,
/// each cell's value printed in it.
pub fn heat_map(
    chart: &Chart<'_>,
    rows: &[String],
    cols: &[String],
    cells: &[Vec<Option<f64>>],
    decimals: usize,
    unit: &str,
) -> String {
    let left = label_width(rows.iter().map(|r| r.chars().count()));
    let longest_col = cols
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .min(28);
    let top = longest_col as f64 * CHAR * 0.72 + 16.0;
    let cell_w = ((WIDTH - left - 10.0) / cols.len().max(1) as f64).min(84.0);
    let cell_h = 24.0;
    let max = cells
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |m, &v| m.max(v));
    let legend_y = top + cell_h * rows.len() as f64 + 18.0;
    let height = legend_y + 34.0;
    let mut out = String::new();
    open(&mut out, chart, height);
    for (j, col) in cols.iter().enumerate() {
        let x = left + cell_w * (j as f64 + 0.5);
        let _ = write!(
            out,
            "<text transform=\"translate({} {}) rotate(-40)\" fill=\"#222\"><title>{}</title>{}</text>",
            num(x - 2.0, 1),
            num(top - 6.0, 1),
            escape(col),
            escape(&clip(col, 28))
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + cell_h * i as f64;
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            num(left - 8.0, 1),
            num(y + cell_h / 2.0 + 4.0, 1),
            escape(row),
            escape(&clip_middle(row, MAX_LABEL_CHARS))
        );
        for (j, col) in cols.iter().enumerate() {
            let x = left + cell_w * j as f64;
            let value = cells.get(i).and_then(|r| r.get(j)).copied().flatten();
            let (fill, text, tip) = match value {
                Some(v) => {
                    let fill = blue(if max > 0.0 { v / max } else { 0.0 });
                    let shown = num(v, decimals);
                    (fill, shown.clone(), format!("{row}, {col}: {shown} {unit}"))
                }
                None => (
                    "#f2f2f2".to_string(),
                    "–".to_string(),
                    format!("{row}, {col}: no value"),
                ),
            };
            let ink = if white_text_on(&fill) { "#fff" } else { "#111" };
            let _ = write!(
                out,
                "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
                 fill=\"{fill}\" stroke=\"#fff\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" \
                 fill=\"{ink}\">{}</text></g>",
                escape(&tip),
                num(x, 1),
                num(y, 1),
                num(cell_w, 1),
                num(cell_h, 1),
                num(x + cell_w / 2.0, 1),
                num(y + cell_h / 2.0 + 4.0, 1),
                escape(&text)
            );
        }
    }
    // Legend: the scale from 0 to the maximum.
    let id = escape(chart.id);
    let _ = write!(
        out,
        "<defs><linearGradient id=\"{id}-g\">{}</linearGradient></defs><rect x=\"{l}\" y=\"{y}\" \
         width=\"160\" height=\"10\" fill=\"url(#{id}-g)\" stroke=\"#ccc\"/><text x=\"{l}\" \
         y=\"{ty}\" fill=\"#444\">0</text><text x=\"{r}\" y=\"{ty}\" text-anchor=\"end\" \
         fill=\"#444\">{max}</text><text x=\"{u}\" y=\"{uy}\" fill=\"#444\">{unit}</text>",
        (0..BLUES.len())
            .map(|k| {
                let t = k as f64 / (BLUES.len() - 1) as f64;
                format!(
                    "<stop offset=\"{}\" stop-color=\"{}\"/>",
                    num(t, 3),
                    blue(t)
                )
            })
            .collect::<String>(),
        l = num(left, 1),
        y = num(legend_y, 1),
        ty = num(legend_y + 24.0, 1),
        r = num(left + 160.0, 1),
        max = num(max, decimals),
        u = num(left + 172.0, 1),
        uy = num(legend_y + 9.0, 1),
        unit = escape(unit),
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_scale_runs_light_to_dark_and_text_contrasts() {
        assert_eq!(blue(0.0), "#f7fbff");
        assert_eq!(blue(1.0), "#08306b");
        assert!(!white_text_on(&blue(0.1)));
        assert!(white_text_on(&blue(0.9)));
        assert!(white_text_on("#0072B2"));
        assert!(!white_text_on("#F0E442"));
    }
}
