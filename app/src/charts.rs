//! Charts as SVG markup, built from numbers on the server, so a report's pictures need no
//! JavaScript. Pure functions: they take figures and already translated text, return markup,
//! and escape every piece of text they place in it.
//!
//! Accessibility: each chart is `role="img"` with a `<title>` and a `<desc>` it is labelled by,
//! and the page puts the same figures in a table beside it. Every colour has at least 3:1
//! contrast against the white background (WCAG 1.4.11, tested below), and colour is never the
//! only difference between series: each also has its own marker shape and dash pattern, shown
//! the same way in the legend.

use std::fmt::Write;

/// Series colours, in order; the last is used for "others".
pub const PALETTE: [&str; 9] = ["#0b5cad", "#b3261e", "#1b7a3d", "#7b3fa0", "#8a5a00", "#006d77", "#c2185b", "#3d3d3d", "#666666"];

const DASHES: [&str; 9] = ["", "6 3", "2 3", "8 3 2 3", "", "6 3", "2 3", "8 3 2 3", "4 4"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
    Plus,
    Cross,
    HollowCircle,
    HollowSquare,
}

const MARKERS: [Marker; 9] = [
    Marker::Circle,
    Marker::Square,
    Marker::TriangleUp,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Plus,
    Marker::Cross,
    Marker::HollowCircle,
    Marker::HollowSquare,
];

/// Text made safe to place in SVG (and HTML) text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What every chart says about itself to people who cannot see it.
pub struct ChartText<'a> {
    /// Unique on the page: the title's and description's ids are made from it.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// A named line of a line chart.
pub struct LineSeries<'a> {
    pub label: &'a str,
    pub values: &'a [i64],
}

const WIDTH: f64 = 720.0;
const PLOT_HEIGHT: f64 = 240.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const AXIS_LABELS: f64 = 36.0;
const LEGEND_ROW: f64 = 22.0;
const LEGEND_COLUMNS: usize = 3;

/// A round upper bound for the vertical axis (1, 2 or 5 times a power of ten) and its step.
fn axis_scale(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut unit = 1i64;
    loop {
        for factor in [1, 2, 5] {
            let step = unit * factor;
            if step * 4 >= max {
                return (step * 4, step);
            }
        }
        unit *= 10;
    }
}

fn open_svg(out: &mut String, text: &ChartText<'_>, height: f64) {
    let id = escape(text.id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>\
         <rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>",
        escape(text.title),
        escape(text.description),
    );
}

/// Horizontal grid lines with their values, and the axes.
fn value_axis(out: &mut String, top: i64, step: i64, bottom_y: f64, y_of: impl Fn(i64) -> f64) {
    let mut value = 0;
    while value <= top {
        let y = y_of(value);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#222222\">{value}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
        );
        value += step;
    }
    let _ = write!(out, "<line x1=\"{LEFT}\" y1=\"{bottom_y:.1}\" x2=\"{:.1}\" y2=\"{bottom_y:.1}\" stroke=\"#222222\" stroke-width=\"1\"/>", WIDTH - RIGHT);
}

fn marker(out: &mut String, shape: Marker, x: f64, y: f64, colour: &str) {
    let r = 4.5;
    let _ = match shape {
        Marker::Circle => write!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"{colour}\"/>"),
        Marker::HollowCircle => {
            write!(out, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"/>")
        }
        Marker::Square => write!(out, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>", x - 4.0, y - 4.0),
        Marker::HollowSquare => write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            x - 4.0,
            y - 4.0
        ),
        Marker::TriangleUp => write!(
            out,
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\"/>",
            x,
            y - r,
            x + r,
            y + r,
            x - r,
            y + r
        ),
        Marker::TriangleDown => write!(
            out,
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\"/>",
            x - r,
            y - r,
            x + r,
            y - r,
            x,
            y + r
        ),
        Marker::Diamond => write!(
            out,
            "<polygon points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" fill=\"{colour}\"/>",
            y - r,
            x + r,
            y + r,
            x - r
        ),
        Marker::Plus => write!(
            out,
            "<path d=\"M{:.1} {y:.1}H{:.1}M{x:.1} {:.1}V{:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
            x - r,
            x + r,
            y - r,
            y + r
        ),
        Marker::Cross => write!(
            out,
            "<path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
            x - r,
            y - r,
            x + r,
            y + r,
            x - r,
            y + r,
            x + r,
            y - r
        ),
    };
}

fn dash_attribute(index: usize) -> String {
    let dash = DASHES[index % DASHES.len()];
    if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") }
}

/// A line chart: one line per series over the `x_labels` (months), each with its own colour,
/// marker and dash pattern, and a legend under the plot. Series past the palette's length reuse
/// its styles; callers keep to nine (`reporting::largest_series`).
pub fn line_chart(text: &ChartText<'_>, x_labels: &[String], series: &[LineSeries<'_>]) -> String {
    let legend_rows = series.len().div_ceil(LEGEND_COLUMNS) as f64;
    let bottom_y = TOP + PLOT_HEIGHT;
    let height = bottom_y + AXIS_LABELS + legend_rows * LEGEND_ROW + 8.0;
    let max = series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0);
    let (top, step) = axis_scale(max);
    let y_of = |value: i64| bottom_y - (value as f64 / top as f64) * PLOT_HEIGHT;
    let slots = x_labels.len().max(1) as f64;
    let x_of = |index: usize| LEFT + (WIDTH - LEFT - RIGHT) * (index as f64 + 0.5) / slots;

    let mut out = String::new();
    open_svg(&mut out, text, height);
    value_axis(&mut out, top, step, bottom_y, y_of);
    for (index, label) in x_labels.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222222\">{}</text>",
            x_of(index),
            bottom_y + 16.0,
            escape(label)
        );
    }
    for (index, one) in series.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let points: Vec<String> = one.values.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v))).collect();
        let _ = write!(
            out,
            "<g><title>{}</title><polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{}/>",
            escape(one.label),
            points.join(" "),
            dash_attribute(index)
        );
        for (i, value) in one.values.iter().enumerate() {
            marker(&mut out, MARKERS[index % MARKERS.len()], x_of(i), y_of(*value), colour);
        }
        out.push_str("</g>");
    }
    let column_width = (WIDTH - LEFT - RIGHT) / LEGEND_COLUMNS as f64;
    for (index, one) in series.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let x = LEFT + column_width * (index % LEGEND_COLUMNS) as f64;
        let y = bottom_y + AXIS_LABELS + LEGEND_ROW * (index / LEGEND_COLUMNS) as f64;
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{}/>",
            x + 28.0,
            dash_attribute(index)
        );
        marker(&mut out, MARKERS[index % MARKERS.len()], x + 14.0, y, colour);
        let _ = write!(out, "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#222222\">{}</text>", x + 34.0, y + 4.0, escape(one.label));
    }
    out.push_str("</svg>");
    out
}

/// A bar chart of counts, one bar per label, each with its count written above it.
pub fn bar_chart(text: &ChartText<'_>, labels: &[String], counts: &[i64]) -> String {
    let bottom_y = TOP + PLOT_HEIGHT;
    let height = bottom_y + AXIS_LABELS;
    let (top, step) = axis_scale(counts.iter().copied().max().unwrap_or(0));
    let y_of = |value: i64| bottom_y - (value as f64 / top as f64) * PLOT_HEIGHT;
    let slot = (WIDTH - LEFT - RIGHT) / labels.len().max(1) as f64;
    let mut out = String::new();
    open_svg(&mut out, text, height);
    value_axis(&mut out, top, step, bottom_y, y_of);
    for (index, label) in labels.iter().enumerate() {
        let count = counts.get(index).copied().unwrap_or(0);
        let x = LEFT + slot * index as f64;
        let y = y_of(count);
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {count}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\">{count}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#222222\">{}</text>",
            x + slot * 0.15,
            slot * 0.7,
            bottom_y - y,
            PALETTE[0],
            escape(label),
            x + slot / 2.0,
            y - 4.0,
            x + slot / 2.0,
            bottom_y + 16.0,
            escape(label),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText<'static> {
        ChartText { id: "c1", title: "Completions <by> month", description: "Figures & more" }
    }

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(colour: &str) -> f64 {
        let channel = |at: usize| {
            let value = f64::from(u8::from_str_radix(&colour[at..at + 2], 16).unwrap()) / 255.0;
            if value <= 0.03928 { value / 12.92 } else { ((value + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn every_colour_stands_out_from_the_white_background() {
        for colour in PALETTE {
            let contrast = 1.05 / (luminance(colour) + 0.05);
            assert!(contrast >= 3.0, "{colour} has contrast {contrast:.2}");
        }
        assert!(luminance("#ffffff") > 0.99);
    }

    #[test]
    fn a_line_chart_is_an_image_with_a_title_and_description_and_escapes_its_text() {
        let months = vec!["2026-10".to_string(), "2026-11".to_string()];
        let series = [
            LineSeries { label: "=Kauno <VPK>", values: &[1, 4] },
            LineSeries { label: "O'Brien & Co", values: &[0, 2] },
        ];
        let svg = line_chart(&text(), &months, &series);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Completions &lt;by&gt; month</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Figures &amp; more</desc>"));
        assert!(svg.contains("=Kauno &lt;VPK&gt;") && svg.contains("O&#39;Brien &amp; Co"));
        assert!(!svg.contains("<VPK>"), "no label is placed unescaped");
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("stroke-dasharray=\"6 3\""), "the second series is dashed, not only coloured");
        assert!(svg.contains(">2026-11</text>"));
    }

    #[test]
    fn a_bar_chart_draws_each_count_with_its_label() {
        let labels: Vec<String> = (0..10).map(|b| format!("{}–{} %", b * 10, b * 10 + 9)).collect();
        let counts = [0, 0, 1, 0, 0, 3, 0, 7, 12, 5];
        let svg = bar_chart(&text(), &labels, &counts);
        assert_eq!(svg.matches("<rect").count(), 11, "the background and ten bars");
        assert!(svg.contains("<title>80–89 %: 12</title>"));
        assert!(svg.contains(">12</text>"));
    }

    #[test]
    fn the_axis_rounds_up_to_a_readable_scale() {
        assert_eq!(axis_scale(0), (4, 1));
        assert_eq!(axis_scale(7), (8, 2));
        assert_eq!(axis_scale(12), (20, 5));
        assert_eq!(axis_scale(1234), (2000, 500));
    }
}
