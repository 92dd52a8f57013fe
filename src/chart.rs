//! Build-time charts: bar, line and pie charts rendered to accessible inline SVG.
//!
//! This module turns a [`ChartSpec`] (title, category labels, one or more numeric
//! [`Series`]) into a self-contained `<svg>` string plus an HTML `<table>` fallback
//! holding the same numbers. No JavaScript is involved and the output is
//! deterministic: the same spec always yields the same bytes.
//!
//! What the SVG does:
//! - `role="img"` with `aria-labelledby` pointing at a `<title>` and a `<desc>`; the
//!   description ends with a plain-text summary of every value, so screen readers
//!   get the numbers, not just "image".
//! - Scales with its container: a `viewBox`, `width="100%"` and no pixel size; the
//!   classes `chart chart-{kind}` let the theme cap its width. Fonts are inherited.
//! - Colours come from CSS custom properties with fallbacks (`--chart-1` to
//!   `--chart-6` for series and slices, `--chart-bg` for halos and slice separators,
//!   `--chart-on-fill` for text on slices); everything else uses `currentColor`, so
//!   it follows dark mode and prints. No background is painted.
//! - Numbers are printed on the chart (value labels with the unit), bar and line
//!   charts get a zero-based axis with rounded ticks, pie charts show shares of the
//!   total, and long labels are wrapped or shortened so they do not overlap.
//!
//! What it leaves to others: reading the chart data file and page front matter or
//! shortcode arguments (see [`parse_data`] for the data formats it understands),
//! choosing a unique `id` per page, placing the SVG in a `<figure>`, putting the
//! [`RenderedChart::table`] in a `<details>` element, and the CSS (width cap,
//! colour variables, hiding the in-SVG `.chart-title` if a caption shows it).

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// The kind of chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(try_from = "String")]
pub enum ChartKind {
    /// Vertical bars, grouped side by side when there are several series.
    #[default]
    Bar,
    /// One polyline with point markers per series.
    Line,
    /// Slices of a circle; only the first series is used.
    Pie,
}

impl ChartKind {
    /// The lowercase name used in specs and in the `chart-{kind}` CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::Line => "line",
            ChartKind::Pie => "pie",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            ChartKind::Bar => "Bar chart",
            ChartKind::Line => "Line chart",
            ChartKind::Pie => "Pie chart",
        }
    }
}

impl FromStr for ChartKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bar" => Ok(ChartKind::Bar),
            "line" => Ok(ChartKind::Line),
            "pie" => Ok(ChartKind::Pie),
            _ => Err(format!(
                "unknown chart kind `{}` (expected one of: bar, line, pie)",
                s.trim()
            )),
        }
    }
}

impl TryFrom<String> for ChartKind {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One named row of values, one value per category label.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Series {
    /// Shown in the legend and the table header; may be empty for a single series.
    pub name: String,
    /// One value per entry of [`ChartSpec::labels`].
    pub values: Vec<f64>,
}

/// Everything needed to draw one chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartSpec {
    /// Bar, line or pie.
    pub kind: ChartKind,
    /// Required, non-empty: the accessible name and the visible heading.
    pub title: String,
    /// Optional longer text alternative; a summary of all values is appended to it.
    pub description: String,
    /// Category labels (x axis for bar and line charts, slices for pie charts).
    pub labels: Vec<String>,
    /// At least one series, each with exactly `labels.len()` values.
    /// Pie charts use only the first series.
    pub series: Vec<Series>,
    /// Appended to every number, e.g. `"%"`; a unit starting with a letter or
    /// digit (`"kg"`) is separated by a space. May be empty.
    pub unit: String,
    /// Title of the category axis; also heads the first table column. May be empty.
    pub x_label: String,
    /// Title of the value axis. May be empty.
    pub y_label: String,
}

/// The output of [`render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedChart {
    /// The `<svg>` element, ready to be inlined in HTML (no blank lines inside).
    pub svg: String,
    /// `<table class="chart-data">` with the same numbers, as a fallback.
    pub table: String,
}

/// Values beyond this magnitude are rejected so that sums and axis arithmetic
/// can never overflow.
const MAX_ABS: f64 = 1e300;

impl ChartSpec {
    /// Checks that the spec can be drawn; the error explains what to fix.
    pub fn validate(&self) -> Result<(), String> {
        if self.title.trim().is_empty() {
            return Err("chart `title` is required and must not be empty".to_string());
        }
        check_shape(&self.labels, &self.series)?;
        for (i, series) in self.series.iter().enumerate() {
            for (value, label) in series.values.iter().zip(&self.labels) {
                if !value.is_finite() {
                    return Err(format!(
                        "{} has the value {} for `{label}`; chart values must be finite numbers",
                        series_ref(i, &series.name),
                        fmt_num(*value)
                    ));
                }
                if value.abs() > MAX_ABS {
                    return Err(format!(
                        "{} has the value {} for `{label}`, which is too large \
                         (chart values must lie between -1e300 and 1e300)",
                        series_ref(i, &series.name),
                        fmt_num(*value)
                    ));
                }
            }
        }
        if self.kind == ChartKind::Pie
            && let Some(first) = self.series.first()
        {
            for (value, label) in first.values.iter().zip(&self.labels) {
                if *value < 0.0 {
                    return Err(format!(
                        "pie chart values must not be negative, but {} has {} for `{label}`",
                        series_ref(0, &first.name),
                        fmt_num(*value)
                    ));
                }
            }
            if first.values.iter().all(|v| *v == 0.0) {
                return Err(format!(
                    "pie chart needs at least one value above 0, but {} is all zeros",
                    series_ref(0, &first.name)
                ));
            }
        }
        Ok(())
    }
}

/// Checks that there is data and that every series has one value per label.
fn check_shape(labels: &[String], series: &[Series]) -> Result<(), String> {
    if labels.is_empty() {
        return Err("chart has no data: `labels` is empty".to_string());
    }
    if series.is_empty() {
        return Err("chart has no data: at least one series is required".to_string());
    }
    for (i, s) in series.iter().enumerate() {
        if s.values.len() != labels.len() {
            return Err(format!(
                "chart `labels` has {} {} but {} has {} {}",
                labels.len(),
                plural(labels.len(), "entry", "entries"),
                series_ref(i, &s.name),
                s.values.len(),
                plural(s.values.len(), "value", "values"),
            ));
        }
    }
    Ok(())
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn series_ref(index: usize, name: &str) -> String {
    if name.trim().is_empty() {
        format!("series #{}", index + 1)
    } else {
        format!("series `{}`", name.trim())
    }
}

/// Renders the chart. `id` must be unique on the page; it prefixes the ids of the
/// `<title>` and `<desc>` elements (characters other than ASCII letters, digits,
/// `-` and `_` are replaced by `-`).
pub fn render(spec: &ChartSpec, id: &str) -> Result<RenderedChart, String> {
    spec.validate()?;
    let id = sanitize_id(id);
    let svg = match spec.kind {
        ChartKind::Bar | ChartKind::Line => render_cartesian(spec, &id),
        ChartKind::Pie => render_pie(spec, &id),
    };
    Ok(RenderedChart {
        svg,
        table: render_table(spec),
    })
}

// ---------------------------------------------------------------------------
// Layout constants (viewBox units). The viewBox is narrow so that text stays
// readable when the chart is shrunk to a 320 px wide phone screen.

const W: f64 = 400.0;
const PAD: f64 = 12.0;
const PLOT_H: f64 = 220.0;
const PIE_R: f64 = 110.0;
const F_TITLE: f64 = 15.0;
const F_TEXT: f64 = 12.0;
const F_SMALL: f64 = 11.0;
/// Line height as a multiple of the font size.
const LH: f64 = 1.25;
/// Part of the font size above the baseline (approximate cap height + a bit).
const ASCENT: f64 = 0.8;
/// Fallback series colours; all keep at least 4.5:1 contrast with white text.
const PALETTE: [&str; 6] = [
    "#2563eb", "#c2410c", "#047857", "#7c3aed", "#be123c", "#0e7490",
];
/// Category slots narrower than this get rotated labels instead of wrapped ones.
const MIN_WRAP_SLOT: f64 = 40.0;
/// Longest rotated category label.
const ROTATED_MAX: f64 = 90.0;

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

fn colour(i: usize) -> String {
    format!("var(--chart-{}, {})", i % 6 + 1, PALETTE[i % 6])
}

/// Extra attributes that tell apart series 7–12 from 1–6 (same colours).
fn fill_variant(i: usize) -> &'static str {
    if (i / 6) % 2 == 1 {
        " fill-opacity=\"0.55\""
    } else {
        ""
    }
}

fn render_cartesian(spec: &ChartSpec, id: &str) -> String {
    let is_line = spec.kind == ChartKind::Line;
    let n = spec.labels.len();
    let s = spec.series.len();
    let mut body = String::new();

    // Title and legend.
    let mut y = PAD;
    y = title_block(&mut body, &spec.title, y);
    if s > 1 {
        let names: Vec<String> = (0..s).map(|i| series_name(spec, i)).collect();
        y = flow_legend(&mut body, &names, y, is_line) + 4.0;
    }

    // Value axis.
    let (min, max) = spec
        .series
        .iter()
        .flat_map(|ser| ser.values.iter().copied())
        .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = nice_axis(min, max);
    let tick_texts: Vec<String> = axis
        .ticks
        .iter()
        .map(|(_, t)| with_unit(t, &spec.unit))
        .collect();
    let tick_w = tick_texts
        .iter()
        .map(|t| text_width(t, F_SMALL))
        .fold(0.0, f64::max);
    let y_title_w = if spec.y_label.trim().is_empty() {
        0.0
    } else {
        F_TEXT * LH + 2.0
    };
    let mut plot_left = PAD + y_title_w + tick_w + 6.0;
    let plot_right = W - PAD;
    let rotated_cats = (plot_right - plot_left) / (n as f64) < MIN_WRAP_SLOT;
    if rotated_cats {
        // The first label runs down-left from its slot centre: keep it in view.
        let font = rotated_font((plot_right - plot_left) / n as f64);
        let widest = rotated_labels(&spec.labels, font)
            .iter()
            .map(|l| text_width(l, font))
            .fold(0.0, f64::max);
        plot_left = plot_left.max(widest * 0.71 + 4.0);
    }
    let plot_w = plot_right - plot_left;
    let sw = plot_w / n as f64;
    let span = axis.hi - axis.lo;
    let rel = |v: f64| (axis.hi - v) / span * PLOT_H;
    let slot_x = |i: usize| plot_left + sw * i as f64;

    // Marks and value labels, positioned relative to the plot top.
    let values_text: Vec<Vec<String>> = spec
        .series
        .iter()
        .map(|ser| ser.values.iter().map(|v| fmt_val(*v, &spec.unit)).collect())
        .collect();
    let mut labels: Vec<ValueLabel> = Vec::new();
    let mut marks = String::new();
    let zero = rel(0.0);
    if is_line {
        line_marks(
            spec,
            &values_text,
            sw,
            &slot_x,
            &rel,
            &mut marks,
            &mut labels,
        );
    } else {
        bar_marks(
            spec,
            &values_text,
            sw,
            &slot_x,
            &rel,
            &mut marks,
            &mut labels,
        );
    }
    let top_ext = labels.iter().map(|l| l.top).fold(0.0, f64::min);
    let bottom_ext = labels.iter().map(|l| l.bottom).fold(PLOT_H, f64::max);
    let plot_top = y + (-top_ext).max(6.0) + 2.0;

    // Grid and ticks.
    put!(
        body,
        "<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.2\">"
    );
    for (v, _) in &axis.ticks {
        let ty = plot_top + rel(*v);
        put!(
            body,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            c(plot_left),
            c(plot_right),
            c(ty),
            c(ty)
        );
    }
    put!(body, "</g>\n");
    put!(
        body,
        "<g class=\"chart-ticks\" font-size=\"{}\" text-anchor=\"end\">",
        c(F_SMALL)
    );
    for ((v, _), text) in axis.ticks.iter().zip(&tick_texts) {
        put!(
            body,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            c(plot_left - 6.0),
            c(plot_top + rel(*v) + F_SMALL * 0.35),
            esc(text)
        );
    }
    put!(body, "</g>\n");

    // Data marks, then the zero line on top of bars.
    put!(
        body,
        "<g class=\"chart-marks\" transform=\"translate(0 {})\">{marks}</g>\n",
        c(plot_top)
    );
    put!(
        body,
        "<line class=\"chart-baseline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"currentColor\" stroke-opacity=\"0.7\"/>\n",
        c(plot_left),
        c(plot_right),
        c(plot_top + zero),
        c(plot_top + zero)
    );

    // Value labels, with a halo in the background colour so lines do not cross them.
    put!(
        body,
        "<g class=\"chart-values\" text-anchor=\"middle\" stroke=\"var(--chart-bg, Canvas)\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">"
    );
    for l in &labels {
        let ly = plot_top + l.y;
        if l.rotated {
            put!(
                body,
                "<text x=\"{x}\" y=\"{y}\" font-size=\"{f}\" text-anchor=\"{a}\" transform=\"rotate(-90 {x} {y})\">{t}</text>",
                x = c(l.x),
                y = c(ly),
                f = c(l.font),
                a = l.anchor,
                t = esc(&l.text)
            );
        } else {
            put!(
                body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                c(l.x),
                c(ly),
                c(l.font),
                esc(&l.text)
            );
        }
    }
    put!(body, "</g>\n");

    // Category labels below the plot (below any labels of negative values).
    let cat_top = plot_top + bottom_ext + 6.0;
    let mut bottom = cat_top;
    put!(
        body,
        "<g class=\"chart-categories\" font-size=\"{}\" text-anchor=\"{}\">",
        c(F_TEXT),
        if rotated_cats { "end" } else { "middle" }
    );
    if rotated_cats {
        let font = rotated_font(sw);
        let lines = rotated_labels(&spec.labels, font);
        let mut widest: f64 = 0.0;
        for (i, line) in lines.iter().enumerate() {
            widest = widest.max(text_width(line, font));
            let x = slot_x(i) + sw / 2.0 + font * 0.3;
            let ly = cat_top + font * ASCENT * 0.7;
            put!(
                body,
                "<text x=\"{x}\" y=\"{y}\" font-size=\"{f}\" transform=\"rotate(-45 {x} {y})\">{t}</text>",
                x = c(x),
                y = c(ly),
                f = c(font),
                t = esc(line)
            );
        }
        bottom += widest * 0.71 + font * 1.2;
    } else {
        let mut max_lines = 1;
        for (i, label) in spec.labels.iter().enumerate() {
            let lines = wrap(label, sw - 4.0, F_TEXT, 3);
            max_lines = max_lines.max(lines.len());
            text_lines(
                &mut body,
                slot_x(i) + sw / 2.0,
                cat_top + F_TEXT * ASCENT,
                F_TEXT,
                &lines,
            );
        }
        bottom += max_lines as f64 * F_TEXT * LH;
    }
    put!(body, "</g>\n");

    // Axis titles.
    if !spec.x_label.trim().is_empty() {
        let lines = wrap(&spec.x_label, plot_w, F_TEXT, 2);
        put!(
            body,
            "<g class=\"chart-axis-title\" font-size=\"{}\" font-weight=\"600\" text-anchor=\"middle\">",
            c(F_TEXT)
        );
        text_lines(
            &mut body,
            plot_left + plot_w / 2.0,
            bottom + 4.0 + F_TEXT * ASCENT,
            F_TEXT,
            &lines,
        );
        put!(body, "</g>\n");
        bottom += 4.0 + lines.len() as f64 * F_TEXT * LH;
    }
    if !spec.y_label.trim().is_empty() {
        let line = truncate(&spec.y_label, PLOT_H, F_TEXT);
        let x = PAD + F_TEXT * ASCENT;
        let ym = plot_top + PLOT_H / 2.0;
        put!(
            body,
            "<text class=\"chart-axis-title\" x=\"{x}\" y=\"{y}\" font-size=\"{f}\" font-weight=\"600\" text-anchor=\"middle\" transform=\"rotate(-90 {x} {y})\">{t}</text>\n",
            x = c(x),
            y = c(ym),
            f = c(F_TEXT),
            t = esc(&line)
        );
    }
    let height = (bottom + PAD).ceil();
    wrap_svg(spec, id, height, &body)
}

/// Font size of 45° category labels: adjacent labels are `slot × sin 45°` apart.
fn rotated_font(slot: f64) -> f64 {
    (slot * 0.71 * 0.9).clamp(5.0, F_TEXT)
}

fn rotated_labels(labels: &[String], font: f64) -> Vec<String> {
    labels
        .iter()
        .map(|l| truncate(l, ROTATED_MAX, font))
        .collect()
}

/// A value label, positioned relative to the top of the plot area.
struct ValueLabel {
    x: f64,
    y: f64,
    font: f64,
    text: String,
    rotated: bool,
    anchor: &'static str,
    /// Vertical extent, relative to the plot top.
    top: f64,
    bottom: f64,
}

fn bar_marks(
    spec: &ChartSpec,
    texts: &[Vec<String>],
    sw: f64,
    slot_x: &dyn Fn(usize) -> f64,
    rel: &dyn Fn(f64) -> f64,
    marks: &mut String,
    labels: &mut Vec<ValueLabel>,
) {
    let s = spec.series.len();
    let group_w = sw * if s == 1 { 0.7 } else { 0.8 };
    let bw = group_w / s as f64;
    let gap = if s > 1 && bw >= 8.0 { 2.0 } else { 0.0 };
    let zero = rel(0.0);

    // Horizontal labels if they fit (possibly a little smaller), else rotated.
    let room = if s == 1 { sw - 4.0 } else { bw - 1.0 };
    let widest = texts
        .iter()
        .flatten()
        .map(|t| text_width(t, F_SMALL))
        .fold(0.0, f64::max);
    let h_font = if widest > room {
        F_SMALL * room / widest
    } else {
        F_SMALL
    };
    let rotated = h_font < 9.0;
    let font = if rotated {
        F_SMALL.min(bw - 1.0).max(5.0)
    } else {
        h_font
    };

    for (j, ser) in spec.series.iter().enumerate() {
        put!(
            marks,
            "<g class=\"chart-series\" fill=\"{}\"{}>",
            colour(j),
            fill_variant(j)
        );
        for (i, v) in ser.values.iter().enumerate() {
            let x = slot_x(i) + (sw - group_w) / 2.0 + bw * j as f64 + gap / 2.0;
            let vy = rel(*v);
            let (top, h) = if vy < zero {
                (vy, zero - vy)
            } else {
                (zero, vy - zero)
            };
            put!(
                marks,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                c(x),
                c(top),
                c(bw - gap),
                c(h)
            );
            let cx = x + (bw - gap) / 2.0;
            let text = text_at(texts, j, i);
            let tw = text_width(&text, font);
            let positive = *v >= 0.0;
            let label = match (rotated, positive) {
                (false, true) => ValueLabel {
                    x: cx,
                    y: vy - 4.0,
                    top: vy - 4.0 - font * ASCENT,
                    bottom: vy,
                    font,
                    text,
                    rotated,
                    anchor: "middle",
                },
                (false, false) => ValueLabel {
                    x: cx,
                    y: vy + 4.0 + font * ASCENT,
                    top: vy,
                    bottom: vy + 4.0 + font * (ASCENT + 0.25),
                    font,
                    text,
                    rotated,
                    anchor: "middle",
                },
                (true, true) => ValueLabel {
                    x: cx + font * 0.35,
                    y: vy - 4.0,
                    top: vy - 4.0 - tw,
                    bottom: vy,
                    font,
                    text,
                    rotated,
                    anchor: "start",
                },
                (true, false) => ValueLabel {
                    x: cx + font * 0.35,
                    y: vy + 4.0,
                    top: vy,
                    bottom: vy + 4.0 + tw,
                    font,
                    text,
                    rotated,
                    anchor: "end",
                },
            };
            labels.push(label);
        }
        put!(marks, "</g>");
    }
}

fn line_marks(
    spec: &ChartSpec,
    texts: &[Vec<String>],
    sw: f64,
    slot_x: &dyn Fn(usize) -> f64,
    rel: &dyn Fn(f64) -> f64,
    marks: &mut String,
    labels: &mut Vec<ValueLabel>,
) {
    let widest = texts
        .iter()
        .flatten()
        .map(|t| text_width(t, 1.0))
        .fold(0.0, f64::max);
    let font = if widest > 0.0 {
        ((sw - 4.0) / widest).clamp(6.0, F_SMALL)
    } else {
        F_SMALL
    };
    let cx = |i: usize| slot_x(i) + sw / 2.0;

    for (j, ser) in spec.series.iter().enumerate() {
        let points: Vec<String> = ser
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{},{}", c(cx(i)), c(rel(*v))))
            .collect();
        let dash = if (j / 6) % 2 == 1 {
            " stroke-dasharray=\"6 3\""
        } else {
            ""
        };
        put!(
            marks,
            "<g class=\"chart-series\" fill=\"{col}\" stroke=\"{col}\">\
             <polyline fill=\"none\" stroke-width=\"2.5\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash} points=\"{pts}\"/>",
            col = colour(j),
            pts = points.join(" ")
        );
        for (i, v) in ser.values.iter().enumerate() {
            marker(marks, j, cx(i), rel(*v));
        }
        put!(marks, "</g>");
    }

    // Labels above their points; within one category they are stacked so that
    // close values do not print on top of each other.
    let lh = font * 1.1;
    for (i, _) in spec.labels.iter().enumerate() {
        let mut pts: Vec<(f64, usize)> = spec
            .series
            .iter()
            .enumerate()
            .map(|(j, ser)| (rel(ser.values.get(i).copied().unwrap_or(0.0)), j))
            .collect();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut prev: Option<f64> = None;
        for (py, j) in pts {
            let mut base = py - 8.0;
            if let Some(p) = prev
                && base < p + lh
            {
                base = p + lh;
                // Pushed onto its own marker: move below the marker instead.
                if base - font * ASCENT < py + 6.0 && base > py - 6.0 {
                    base = base.max(py + 6.0 + font * ASCENT);
                }
            }
            prev = Some(base);
            labels.push(ValueLabel {
                x: cx(i),
                y: base,
                top: base - font * ASCENT,
                bottom: base + font * 0.25,
                font,
                text: text_at(texts, j, i),
                rotated: false,
                anchor: "middle",
            });
        }
    }
}

fn text_at(texts: &[Vec<String>], series: usize, index: usize) -> String {
    texts
        .get(series)
        .and_then(|t| t.get(index))
        .cloned()
        .unwrap_or_default()
}

/// Point marker: circle, square, diamond or triangle, so series differ by shape
/// as well as by colour.
fn marker(out: &mut String, series: usize, x: f64, y: f64) {
    let stroke = "stroke=\"var(--chart-bg, Canvas)\" stroke-width=\"1\"";
    match series % 4 {
        0 => put!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" {stroke}/>",
            c(x),
            c(y)
        ),
        1 => put!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" {stroke}/>",
            c(x - 4.0),
            c(y - 4.0)
        ),
        2 => put!(
            out,
            "<path d=\"M{} {}l5 5l-5 5l-5 -5z\" {stroke}/>",
            c(x),
            c(y - 5.0)
        ),
        _ => put!(
            out,
            "<path d=\"M{} {}l5 9h-10z\" {stroke}/>",
            c(x),
            c(y - 5.0)
        ),
    }
}

fn render_pie(spec: &ChartSpec, id: &str) -> String {
    let mut body = String::new();
    let mut y = PAD;
    y = title_block(&mut body, &spec.title, y);
    let values: &[f64] = spec.series.first().map_or(&[], |s| &s.values[..]);

    // Fractions computed on scaled values so the sum cannot overflow.
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let scaled: Vec<f64> = values
        .iter()
        .map(|v| if max > 0.0 { v / max } else { 0.0 })
        .collect();
    let total: f64 = scaled.iter().sum();
    let fracs: Vec<f64> = scaled
        .iter()
        .map(|v| if total > 0.0 { v / total } else { 0.0 })
        .collect();

    let cx = W / 2.0;
    let cy = y + 4.0 + PIE_R;
    let nonzero = fracs.iter().filter(|f| **f > 0.0).count();
    let full = fracs.iter().position(|f| *f >= 1.0 - 1e-9);
    put!(
        body,
        "<g class=\"chart-slices\" stroke=\"var(--chart-bg, Canvas)\" stroke-width=\"1.5\" stroke-linejoin=\"round\">"
    );
    let mut slice_labels = String::new();
    let mut a0 = -std::f64::consts::FRAC_PI_2;
    let tau = std::f64::consts::TAU;
    for (i, frac) in fracs.iter().enumerate() {
        if *frac <= 0.0 {
            continue;
        }
        let sweep = frac * tau;
        let a1 = a0 + sweep;
        let fill = format!("fill=\"{}\"{}", colour(i), fill_variant(i));
        let (lx, ly) = if nonzero == 1 || full == Some(i) {
            put!(
                body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {fill}/>",
                c(cx),
                c(cy),
                c(PIE_R)
            );
            (cx, cy)
        } else if full.is_none() {
            let large = if *frac > 0.5 { 1 } else { 0 };
            put!(
                body,
                "<path d=\"M{} {}L{} {}A{r} {r} 0 {large} 1 {} {}Z\" {fill}/>",
                c(cx),
                c(cy),
                c(cx + PIE_R * a0.cos()),
                c(cy + PIE_R * a0.sin()),
                c(cx + PIE_R * a1.cos()),
                c(cy + PIE_R * a1.sin()),
                r = c(PIE_R)
            );
            let mid = a0 + sweep / 2.0;
            (cx + PIE_R * 0.62 * mid.cos(), cy + PIE_R * 0.62 * mid.sin())
        } else {
            // Another slice is (numerically) the whole pie; this one is invisible.
            a0 = a1;
            continue;
        };
        let text = fmt_pct(*frac, values.get(i).copied().unwrap_or(0.0));
        let fits = nonzero == 1 || sweep * PIE_R * 0.62 >= text_width(&text, F_TEXT) + 6.0;
        if fits && *frac >= 0.04 {
            put!(
                slice_labels,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                c(lx),
                c(ly + F_TEXT * 0.35),
                esc(&text)
            );
        }
        a0 = a1;
    }
    put!(body, "</g>\n");
    put!(
        body,
        "<g class=\"chart-values\" font-size=\"{}\" font-weight=\"600\" text-anchor=\"middle\" fill=\"var(--chart-on-fill, #fff)\">{slice_labels}</g>\n",
        c(F_TEXT)
    );

    // Legend: one entry per slice with label, value and share.
    let mut ly = cy + PIE_R + 14.0;
    put!(
        body,
        "<g class=\"chart-legend\" font-size=\"{}\">",
        c(F_TEXT)
    );
    for (i, label) in spec.labels.iter().enumerate() {
        let v = values.get(i).copied().unwrap_or(0.0);
        let entry = format!(
            "{}: {} ({})",
            label.trim(),
            fmt_val(v, &spec.unit),
            fmt_pct(fracs.get(i).copied().unwrap_or(0.0), v)
        );
        let lines = wrap(&entry, W - 2.0 * PAD - 20.0, F_TEXT, 3);
        put!(
            body,
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"{}/>",
            c(PAD),
            c(ly),
            colour(i),
            fill_variant(i)
        );
        text_lines(
            &mut body,
            PAD + 20.0,
            ly + 6.0 + F_TEXT * 0.35,
            F_TEXT,
            &lines,
        );
        ly += lines.len().max(1) as f64 * F_TEXT * LH + 6.0;
    }
    put!(body, "</g>\n");
    let height = (ly + PAD).ceil();
    wrap_svg(spec, id, height, &body)
}

/// Wraps the drawing in the `<svg>` root with `<title>` and `<desc>`.
fn wrap_svg(spec: &ChartSpec, id: &str, height: f64, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    put!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-{kind}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         font-family=\"inherit\" font-size=\"{f}\" fill=\"currentColor\">\n",
        kind = spec.kind.as_str(),
        w = c(W),
        h = c(height),
        f = c(F_TEXT)
    );
    put!(
        out,
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        esc(spec.title.trim()),
        esc(&description(spec))
    );
    out.push_str(body);
    out.push_str("</svg>");
    out
}

/// Visible title at the top; returns the y below it.
fn title_block(out: &mut String, title: &str, y: f64) -> f64 {
    let lines = wrap(title, W - 2.0 * PAD, F_TITLE, 3);
    put!(
        out,
        "<g class=\"chart-title\" font-size=\"{}\" font-weight=\"700\">",
        c(F_TITLE)
    );
    text_lines(out, PAD, y + F_TITLE * ASCENT, F_TITLE, &lines);
    put!(out, "</g>\n");
    y + lines.len() as f64 * F_TITLE * LH + 6.0
}

/// Legend laid out in rows; returns the y below it.
fn flow_legend(out: &mut String, names: &[String], y: f64, is_line: bool) -> f64 {
    let row_h = F_TEXT * LH + 4.0;
    let max_text = W - 2.0 * PAD - 20.0;
    let mut x = PAD;
    let mut row_y = y;
    put!(
        out,
        "<g class=\"chart-legend\" font-size=\"{}\">",
        c(F_TEXT)
    );
    for (i, name) in names.iter().enumerate() {
        let text = truncate(name, max_text, F_TEXT);
        let item_w = 18.0 + text_width(&text, F_TEXT);
        if x > PAD && x + item_w > W - PAD {
            x = PAD;
            row_y += row_h;
        }
        let mid = row_y + row_h / 2.0 - 2.0;
        if is_line {
            put!(
                out,
                "<g fill=\"{col}\" stroke=\"{col}\"><line x1=\"{}\" x2=\"{}\" y1=\"{m}\" y2=\"{m}\" stroke-width=\"2.5\"/>",
                c(x),
                c(x + 14.0),
                col = colour(i),
                m = c(mid)
            );
            marker(out, i, x + 7.0, mid);
            put!(out, "</g>");
        } else {
            put!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"{}/>",
                c(x),
                c(mid - 6.0),
                colour(i),
                fill_variant(i)
            );
        }
        put!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            c(x + 18.0),
            c(mid + F_TEXT * 0.35),
            esc(&text)
        );
        x += item_w + 14.0;
    }
    put!(out, "</g>\n");
    row_y + row_h
}

/// Writes one `<text>` with a `<tspan>` per line (the caller's group sets
/// `text-anchor`).
fn text_lines(out: &mut String, x: f64, baseline: f64, font: f64, lines: &[String]) {
    match lines {
        [] => {}
        [one] => put!(
            out,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            c(x),
            c(baseline),
            esc(one)
        ),
        many => {
            put!(out, "<text x=\"{}\" y=\"{}\">", c(x), c(baseline));
            for (k, line) in many.iter().enumerate() {
                let dy = if k == 0 { 0.0 } else { font * LH };
                put!(
                    out,
                    "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                    c(x),
                    c(dy),
                    esc(line)
                );
            }
            put!(out, "</text>");
        }
    }
}

// ---------------------------------------------------------------------------
// Text alternatives.

fn series_name(spec: &ChartSpec, i: usize) -> String {
    let name = spec.series.get(i).map_or("", |s| s.name.trim());
    if !name.is_empty() {
        name.to_string()
    } else if spec.series.len() == 1 || spec.kind == ChartKind::Pie {
        let y = spec.y_label.trim();
        if y.is_empty() {
            "Value".to_string()
        } else {
            y.to_string()
        }
    } else {
        format!("Series {}", i + 1)
    }
}

/// The `<desc>` text: the author's description plus a summary of every value.
fn description(spec: &ChartSpec) -> String {
    let mut out = String::new();
    let own = spec.description.trim();
    if !own.is_empty() {
        out.push_str(own);
        if !own.ends_with(['.', '!', '?', ':', '…']) {
            out.push('.');
        }
        out.push(' ');
    }
    out.push_str(spec.kind.noun());
    if spec.kind != ChartKind::Pie {
        let axes: Vec<String> = [("x axis", &spec.x_label), ("y axis", &spec.y_label)]
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(k, l)| format!("{k}: {}", l.trim()))
            .collect();
        if !axes.is_empty() {
            put!(out, " ({})", axes.join("; "));
        }
    }
    out.push('.');
    match spec.kind {
        ChartKind::Pie => {
            if let Some(first) = spec.series.first() {
                let max = first.values.iter().copied().fold(0.0_f64, f64::max);
                let total: f64 = first
                    .values
                    .iter()
                    .map(|v| if max > 0.0 { v / max } else { 0.0 })
                    .sum();
                let parts: Vec<String> = spec
                    .labels
                    .iter()
                    .zip(&first.values)
                    .map(|(l, v)| {
                        let frac = if max > 0.0 && total > 0.0 {
                            v / max / total
                        } else {
                            0.0
                        };
                        format!(
                            "{}: {} ({} of total)",
                            l.trim(),
                            fmt_val(*v, &spec.unit),
                            fmt_pct(frac, *v)
                        )
                    })
                    .collect();
                put!(out, " {}.", parts.join("; "));
            }
        }
        ChartKind::Bar | ChartKind::Line => {
            for (i, ser) in spec.series.iter().enumerate() {
                let parts: Vec<String> = spec
                    .labels
                    .iter()
                    .zip(&ser.values)
                    .map(|(l, v)| format!("{}: {}", l.trim(), fmt_val(*v, &spec.unit)))
                    .collect();
                if spec.series.len() == 1 && ser.name.trim().is_empty() {
                    put!(out, " {}.", parts.join("; "));
                } else {
                    put!(out, " {} — {}.", series_name(spec, i), parts.join("; "));
                }
            }
        }
    }
    out
}

fn render_table(spec: &ChartSpec) -> String {
    let mut out = String::new();
    let first_col = if spec.x_label.trim().is_empty() {
        "Category"
    } else {
        spec.x_label.trim()
    };
    put!(
        out,
        "<table class=\"chart-data\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
        esc(spec.title.trim()),
        esc(first_col)
    );
    let shown = if spec.kind == ChartKind::Pie {
        1
    } else {
        spec.series.len()
    };
    for i in 0..shown {
        put!(out, "<th scope=\"col\">{}</th>", esc(&series_name(spec, i)));
    }
    if spec.kind == ChartKind::Pie {
        put!(out, "<th scope=\"col\">Share</th>");
    }
    put!(out, "</tr></thead>\n<tbody>\n");
    let (pie_max, pie_total) = match (spec.kind, spec.series.first()) {
        (ChartKind::Pie, Some(first)) => {
            let max = first.values.iter().copied().fold(0.0_f64, f64::max);
            let total: f64 = first
                .values
                .iter()
                .map(|v| if max > 0.0 { v / max } else { 0.0 })
                .sum();
            (max, total)
        }
        _ => (0.0, 0.0),
    };
    for (i, label) in spec.labels.iter().enumerate() {
        put!(out, "<tr><th scope=\"row\">{}</th>", esc(label.trim()));
        for ser in spec.series.iter().take(shown) {
            let v = ser.values.get(i).copied().unwrap_or(0.0);
            put!(out, "<td>{}</td>", esc(&fmt_val(v, &spec.unit)));
        }
        if spec.kind == ChartKind::Pie {
            let v = spec
                .series
                .first()
                .and_then(|s| s.values.get(i))
                .copied()
                .unwrap_or(0.0);
            let frac = if pie_max > 0.0 && pie_total > 0.0 {
                v / pie_max / pie_total
            } else {
                0.0
            };
            put!(out, "<td>{}</td>", esc(&fmt_pct(frac, v)));
        }
        put!(out, "</tr>\n");
    }
    put!(out, "</tbody>\n</table>");
    out
}

// ---------------------------------------------------------------------------
// Numbers.

/// Compact, exact form of a data value: `7.5`, `85`, `1e300`.
fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // Round to 12 significant digits to hide float noise (0.1 + 0.2 → 0.3);
    // numbers typed by people keep their exact form.
    let v = format!("{v:.11e}").parse::<f64>().unwrap_or(v);
    if (1e-6..1e15).contains(&v.abs()) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        number.to_string()
    } else if unit.starts_with(char::is_alphanumeric) {
        format!("{number} {unit}")
    } else {
        format!("{number}{unit}")
    }
}

fn fmt_val(v: f64, unit: &str) -> String {
    with_unit(&fmt_num(v), unit)
}

/// Share of a pie, rounded to one decimal: `91.9%`, `50%`, `<0.1%`.
fn fmt_pct(frac: f64, value: f64) -> String {
    let pct = frac * 100.0;
    if value > 0.0 && pct < 0.05 {
        return "<0.1%".to_string();
    }
    let s = format!("{pct:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    format!("{s}%")
}

/// SVG coordinate with at most two decimals; never `NaN`.
fn c(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}

/// A value axis from `lo` to `hi` (always including 0) with rounded ticks.
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<(f64, String)>,
}

fn nice_axis(min: f64, max: f64) -> Axis {
    let lo0 = min.min(0.0);
    let mut hi0 = max.max(0.0);
    if hi0 <= lo0 {
        hi0 = lo0 + 1.0;
    }
    let raw = (hi0 - lo0) / 5.0;
    if raw.is_normal() {
        let e = raw.log10().floor();
        if e.abs() < 300.0 {
            let mut e = e as i32;
            let norm = raw / 10f64.powi(e);
            let m: i64 = if norm <= 1.0 {
                1
            } else if norm <= 2.0 {
                2
            } else if norm <= 5.0 {
                5
            } else {
                e += 1;
                1
            };
            let step = m as f64 * 10f64.powi(e);
            let kmin = (lo0 / step + 1e-9).floor();
            let kmax = (hi0 / step - 1e-9).ceil();
            if step.is_normal() && kmax - kmin >= 1.0 && kmax - kmin <= 50.0 {
                let (kmin, kmax) = (kmin as i64, kmax as i64);
                let ticks = (kmin..=kmax)
                    .map(|k| (k as f64 * step, fmt_decimal(k * m, e)))
                    .collect();
                return Axis {
                    lo: kmin as f64 * step,
                    hi: kmax as f64 * step,
                    ticks,
                };
            }
        }
    }
    // Degenerate ranges (subnormal numbers): just the two ends.
    Axis {
        lo: lo0,
        hi: hi0,
        ticks: vec![(lo0, fmt_num(lo0)), (hi0, fmt_num(hi0))],
    }
}

/// Exact decimal text of `int × 10^exp`, without float noise.
fn fmt_decimal(int: i64, exp: i32) -> String {
    if int == 0 {
        return "0".to_string();
    }
    let digits = int.unsigned_abs().to_string();
    let exp = i64::from(exp);
    let len = digits.len() as i64;
    let order = exp + len - 1;
    let body = if !(-6..15).contains(&order) {
        let (first, rest) = digits.split_at(1);
        let rest = rest.trim_end_matches('0');
        if rest.is_empty() {
            format!("{first}e{order}")
        } else {
            format!("{first}.{rest}e{order}")
        }
    } else if exp >= 0 {
        format!("{digits}{}", "0".repeat(exp as usize))
    } else {
        let dec = (-exp) as usize;
        let padded = if digits.len() <= dec {
            format!("{}{digits}", "0".repeat(dec + 1 - digits.len()))
        } else {
            digits
        };
        let (ip, fp) = padded.split_at(padded.len() - dec);
        let fp = fp.trim_end_matches('0');
        if fp.is_empty() {
            ip.to_string()
        } else {
            format!("{ip}.{fp}")
        }
    };
    if int < 0 { format!("-{body}") } else { body }
}

// ---------------------------------------------------------------------------
// Text measuring, wrapping and escaping.

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Estimated advance of a character in em (deliberately on the generous side).
fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | 'I' | 'f' | 't' | 'r' | '.' | ',' | ':' | ';' | '\'' | '!'
        | '|' | '(' | ')' | '[' | ']' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' | '—' => 0.92,
        'A'..='Z' | '&' => 0.72,
        c if is_wide(c) => 1.0,
        _ => 0.6,
    }
}

fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font
}

/// Greedy word wrap to `max_w`; words longer than a line are hyphenated; past
/// `max_lines` the last line ends in an ellipsis.
fn wrap(text: &str, max_w: f64, font: f64, max_lines: usize) -> Vec<String> {
    let max_em = (max_w / font).max(1.0);
    let space = char_em(' ');
    let hyphen = char_em('-');
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_em = 0.0;
    for word in text.split_whitespace() {
        let word_em: f64 = word.chars().map(char_em).sum();
        if !cur.is_empty() {
            if cur_em + space + word_em <= max_em {
                cur.push(' ');
                cur.push_str(word);
                cur_em += space + word_em;
                continue;
            }
            lines.push(std::mem::take(&mut cur));
            if lines.len() > max_lines {
                break;
            }
        }
        if word_em <= max_em {
            cur.push_str(word);
            cur_em = word_em;
        } else {
            let mut piece = String::new();
            let mut piece_em = 0.0;
            for ch in word.chars() {
                let ch_em = char_em(ch);
                if !piece.is_empty() && piece_em + ch_em + hyphen > max_em {
                    piece.push('-');
                    lines.push(std::mem::take(&mut piece));
                    piece_em = 0.0;
                    if lines.len() > max_lines {
                        break;
                    }
                }
                piece.push(ch);
                piece_em += ch_em;
            }
            cur = piece;
            cur_em = piece_em;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(last, max_em);
        }
    }
    lines
}

fn ellipsize(line: &str, max_em: f64) -> String {
    let ell = char_em('…');
    let mut out: String = line.trim_end_matches('-').to_string();
    while !out.is_empty() && out.chars().map(char_em).sum::<f64>() + ell > max_em {
        out.pop();
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// One line, shortened with an ellipsis if needed.
fn truncate(text: &str, max_w: f64, font: f64) -> String {
    wrap(text, max_w, font, 1)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Escapes text for XML content and attribute values, dropping characters that
/// XML 1.0 does not allow. Also used for feeds and sitemaps.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            ch if (ch as u32) < 0x20 || ch == '\u{FFFE}' || ch == '\u{FFFF}' => {}
            ch => out.push(ch),
        }
    }
    out
}

fn sanitize_id(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                ch
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "chart".to_string()
    } else {
        cleaned
    }
}

// ---------------------------------------------------------------------------
// Data files.

/// Parse data from a file's text: `format` is "csv" | "toml" | "json". Returns (labels, series).
///
/// - CSV: a header row; the first column holds the labels, every other column is
///   one series named by its header.
/// - JSON: `{"labels": [...], "series": [{"name": "...", "values": [...]}]}` or an
///   array of objects `[{"label": "a", "<series>": 1.0}, ...]` (series in the order
///   their keys first appear).
/// - TOML: `labels = [...]` and `[[series]]` tables with `name` and `values`.
///
/// Labels may be strings or numbers (`2024`). Values must be finite numbers and
/// every series must have one value per label.
pub fn parse_data(text: &str, format: &str) -> Result<(Vec<String>, Vec<Series>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (labels, series) = match format.trim().to_ascii_lowercase().as_str() {
        "csv" => parse_csv(text)?,
        "json" => {
            let node: Node =
                serde_json::from_str(text).map_err(|e| format!("invalid JSON chart data: {e}"))?;
            match node {
                Node::Arr(rows) => parse_rows(&rows)?,
                Node::Obj(entries) => parse_object(&entries, "JSON")?,
                other => {
                    return Err(format!(
                        "JSON chart data must be an object with `labels` and `series` or an \
                         array of objects, not {}",
                        other.kind()
                    ));
                }
            }
        }
        "toml" => {
            let node: Node =
                toml::from_str(text).map_err(|e| format!("invalid TOML chart data: {e}"))?;
            match node {
                Node::Obj(entries) => parse_object(&entries, "TOML")?,
                other => {
                    return Err(format!(
                        "TOML chart data must be a table, not {}",
                        other.kind()
                    ));
                }
            }
        }
        other => {
            return Err(format!(
                "unknown chart data format `{other}` (expected csv, json or toml)"
            ));
        }
    };
    check_shape(&labels, &series)?;
    Ok((labels, series))
}

fn parse_csv(text: &str) -> Result<(Vec<String>, Vec<Series>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("invalid CSV chart data: {e}"))?
        .clone();
    if headers.len() < 2 {
        return Err(
            "CSV chart data needs a header row with at least two columns: the labels, \
             then one column per series"
                .to_string(),
        );
    }
    let mut series: Vec<Series> = Vec::new();
    for (col, name) in headers.iter().enumerate().skip(1) {
        if name.is_empty() {
            return Err(format!(
                "CSV column {} has an empty header; the header names the series",
                col + 1
            ));
        }
        series.push(Series {
            name: name.to_string(),
            values: Vec::new(),
        });
    }
    let mut labels = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("invalid CSV chart data: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        labels.push(record.get(0).unwrap_or_default().to_string());
        for (k, ser) in series.iter_mut().enumerate() {
            let cell = record.get(k + 1).unwrap_or_default();
            let value = parse_number(cell)
                .map_err(|why| format!("CSV line {line}, column `{}`: {why}", ser.name))?;
            ser.values.push(value);
        }
    }
    if labels.is_empty() {
        return Err("CSV chart data has a header row but no data rows".to_string());
    }
    Ok((labels, series))
}

fn parse_number(cell: &str) -> Result<f64, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Err("the value is empty".to_string());
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("`{cell}` is not a finite number")),
        Err(_) => Err(format!("`{cell}` is not a number")),
    }
}

/// `{"labels": [...], "series": [{"name": ..., "values": [...]}]}` (JSON or TOML).
fn parse_object(
    entries: &[(String, Node)],
    fmt_name: &str,
) -> Result<(Vec<String>, Vec<Series>), String> {
    let mut labels = None;
    let mut series = None;
    for (key, value) in entries {
        match key.as_str() {
            "labels" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: `labels` must be an array, not {}",
                        value.kind()
                    ));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(item.as_label().ok_or_else(|| {
                        format!(
                            "{fmt_name} chart data: `labels` entry {} must be a string or a number, not {}",
                            i + 1,
                            item.kind()
                        )
                    })?);
                }
                labels = Some(out);
            }
            "series" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: `series` must be an array of tables with `name` \
                         and `values`, not {}",
                        value.kind()
                    ));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(parse_series(item, i, fmt_name)?);
                }
                series = Some(out);
            }
            other => {
                return Err(format!(
                    "{fmt_name} chart data: unknown key `{other}` (expected `labels` and `series`)"
                ));
            }
        }
    }
    let labels = labels.ok_or_else(|| format!("{fmt_name} chart data has no `labels` array"))?;
    let series = series.ok_or_else(|| format!("{fmt_name} chart data has no `series`"))?;
    Ok((labels, series))
}

fn parse_series(item: &Node, index: usize, fmt_name: &str) -> Result<Series, String> {
    let Node::Obj(fields) = item else {
        return Err(format!(
            "{fmt_name} chart data: series #{} must be a table with `name` and `values`, not {}",
            index + 1,
            item.kind()
        ));
    };
    let mut name = None;
    let mut values = None;
    for (key, value) in fields {
        match key.as_str() {
            "name" => {
                name = Some(value.as_label().ok_or_else(|| {
                    format!(
                        "{fmt_name} chart data: series #{} `name` must be a string",
                        index + 1
                    )
                })?);
            }
            "values" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: series #{} `values` must be an array of numbers",
                        index + 1
                    ));
                };
                let mut out = Vec::new();
                for (k, v) in items.iter().enumerate() {
                    let Node::Num(n) = v else {
                        return Err(format!(
                            "{fmt_name} chart data: series #{} value {} must be a number, not {}",
                            index + 1,
                            k + 1,
                            v.kind()
                        ));
                    };
                    if !n.is_finite() {
                        return Err(format!(
                            "{fmt_name} chart data: series #{} value {} is not a finite number",
                            index + 1,
                            k + 1
                        ));
                    }
                    out.push(*n);
                }
                values = Some(out);
            }
            other => {
                return Err(format!(
                    "{fmt_name} chart data: series #{} has unknown key `{other}` (expected `name` and `values`)",
                    index + 1
                ));
            }
        }
    }
    let values = values.ok_or_else(|| {
        format!(
            "{fmt_name} chart data: series #{} has no `values`",
            index + 1
        )
    })?;
    Ok(Series {
        name: name.unwrap_or_default(),
        values,
    })
}

/// `[{"label": "a", "sales": 1}, ...]`: one object per category.
fn parse_rows(rows: &[Node]) -> Result<(Vec<String>, Vec<Series>), String> {
    if rows.is_empty() {
        return Err("JSON chart data is an empty array".to_string());
    }
    let mut labels = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let Node::Obj(fields) = row else {
            return Err(format!(
                "JSON chart data: row {} must be an object like {{\"label\": \"a\", \"series name\": 1}}, not {}",
                r + 1,
                row.kind()
            ));
        };
        let mut label = None;
        for (key, value) in fields {
            if key == "label" {
                label = Some(value.as_label().ok_or_else(|| {
                    format!(
                        "JSON chart data: row {} `label` must be a string or a number",
                        r + 1
                    )
                })?);
                continue;
            }
            let Node::Num(n) = value else {
                return Err(format!(
                    "JSON chart data: row {}, `{key}` must be a number, not {}",
                    r + 1,
                    value.kind()
                ));
            };
            match series.iter_mut().find(|s| s.name == *key) {
                Some(s) if s.values.len() > r => {
                    return Err(format!("JSON chart data: row {} has `{key}` twice", r + 1));
                }
                Some(s) => s.values.push(*n),
                None if r == 0 => series.push(Series {
                    name: key.clone(),
                    values: vec![*n],
                }),
                None => {
                    return Err(format!(
                        "JSON chart data: row {} has `{key}`, which the first row does not have",
                        r + 1
                    ));
                }
            }
        }
        let label =
            label.ok_or_else(|| format!("JSON chart data: row {} has no `label`", r + 1))?;
        if let Some(missing) = series.iter().find(|s| s.values.len() <= r) {
            return Err(format!(
                "JSON chart data: row {} (`{label}`) has no value for series `{}`",
                r + 1,
                missing.name
            ));
        }
        labels.push(label);
    }
    if series.is_empty() {
        return Err("JSON chart data: the rows have a `label` but no series values".to_string());
    }
    Ok((labels, series))
}

/// A JSON/TOML value that keeps object keys in document order.
enum Node {
    Null,
    Bool,
    Num(f64),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool => "a boolean",
            Node::Num(_) => "a number",
            Node::Str(_) => "a string",
            Node::Arr(_) => "an array",
            Node::Obj(_) => "an object",
        }
    }

    fn as_label(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Num(n) => Some(fmt_num(*n)),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("chart data")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Bool)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Arr(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            entries.push((key, value));
        }
        Ok(Node::Obj(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: ChartKind, labels: &[&str], series: &[(&str, &[f64])]) -> ChartSpec {
        ChartSpec {
            kind,
            title: "EV output".to_string(),
            description: String::new(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            series: series
                .iter()
                .map(|(name, values)| Series {
                    name: name.to_string(),
                    values: values.to_vec(),
                })
                .collect(),
            unit: String::new(),
            x_label: String::new(),
            y_label: String::new(),
        }
    }

    fn ev(kind: ChartKind) -> ChartSpec {
        let mut s = spec(
            kind,
            &[
                "China's national EV output",
                "Anhui province's EV production",
            ],
            &[("Share", &[7.5, 85.0])],
        );
        s.unit = "%".to_string();
        s.description = "Anhui makes far more EVs relative to its size".to_string();
        s
    }

    /// Minimal XML well-formedness check: balanced tags, escaped text, no NaN.
    fn assert_well_formed(xml: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert_text_escaped(text);
            let Some(end) = rest[start..].find('>') else {
                panic!("unterminated tag in {xml}");
            };
            let tag = &rest[start + 1..start + end];
            rest = &rest[start + end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or_default();
                stack.push(name.to_string());
            }
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{tag}>"
            );
            assert!(!tag.contains('<'), "raw < inside <{tag}>");
        }
        assert_text_escaped(rest);
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
        for bad in ["NaN", "inf\"", "\"inf", "=\"-\""] {
            assert!(!xml.contains(bad), "found {bad} in output");
        }
    }

    fn assert_text_escaped(text: &str) {
        for (i, _) in text.match_indices('&') {
            let tail = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| tail.starts_with(e)),
                "unescaped & in {text:?}"
            );
        }
    }

    fn render_ok(s: &ChartSpec) -> RenderedChart {
        match render(s, "c1") {
            Ok(r) => {
                assert_well_formed(&r.svg);
                assert_well_formed(&r.table);
                r
            }
            Err(e) => panic!("render failed: {e}"),
        }
    }

    #[test]
    fn kind_parses_and_rejects_unknown() {
        for (text, kind) in [
            ("bar", ChartKind::Bar),
            ("Line", ChartKind::Line),
            (" pie ", ChartKind::Pie),
        ] {
            assert_eq!(text.parse::<ChartKind>(), Ok(kind));
            assert_eq!(kind.to_string(), text.trim().to_ascii_lowercase());
        }
        let err = "donut".parse::<ChartKind>().unwrap_err();
        assert!(err.contains("`donut`"), "{err}");
        for kind in ["bar", "line", "pie"] {
            assert!(err.contains(kind), "{err}");
        }
        let from_json: ChartKind = serde_json::from_str("\"pie\"").unwrap();
        assert_eq!(from_json, ChartKind::Pie);
        assert!(serde_json::from_str::<ChartKind>("\"area\"").is_err());
    }

    #[test]
    fn every_kind_renders_accessibly() {
        for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
            let r = render_ok(&ev(kind));
            let svg = &r.svg;
            let class = format!("class=\"chart chart-{kind}\"");
            for needle in [
                "role=\"img\"",
                "aria-labelledby=\"c1-title c1-desc\"",
                "<title id=\"c1-title\">EV output</title>",
                "<desc id=\"c1-desc\">Anhui makes far more EVs relative to its size. ",
                "China&#39;s national EV output: 7.5%",
                "Anhui province&#39;s EV production: 85%",
                "viewBox=\"0 0 400 ",
                "width=\"100%\"",
                "font-family=\"inherit\"",
                "fill=\"currentColor\"",
                "var(--chart-1, #2563eb)",
                class.as_str(),
            ] {
                assert!(svg.contains(needle), "{kind}: missing {needle} in\n{svg}");
            }
            assert!(!svg.contains("height=\"100%\""));
            assert!(!svg.contains("#fff\"") || kind == ChartKind::Pie);
            assert!(!svg.contains("style="), "no inline styles (CSP)");
            assert!(!svg.contains("\n\n"), "no blank lines (Markdown)");
        }
    }

    #[test]
    fn values_are_visible_text() {
        let bar = render_ok(&ev(ChartKind::Bar)).svg;
        assert!(bar.contains(">7.5%</text>") && bar.contains(">85%</text>"));
        assert_eq!(bar.matches("<rect").count(), 2, "{bar}");
        // Ticks are rounded, start at 0 and carry the unit.
        for tick in [">0%<", ">20%<", ">40%<", ">60%<", ">80%<", ">100%<"] {
            assert!(bar.contains(tick), "missing tick {tick}");
        }
        let line = render_ok(&ev(ChartKind::Line)).svg;
        assert!(line.contains(">7.5%</text>") && line.contains(">85%</text>"));
        assert_eq!(line.matches("<polyline").count(), 1);
        let pie = render_ok(&ev(ChartKind::Pie)).svg;
        assert!(pie.contains(": 7.5% (8.1%)"), "{pie}");
        assert!(pie.contains(": 85% (91.9%)"), "{pie}");
        assert!(pie.contains(">91.9%</text>"), "{pie}");
        assert_eq!(pie.matches("<path").count(), 2);
    }

    #[test]
    fn multi_series_bar_and_line_have_legend_and_axis_titles() {
        let mut s = spec(
            ChartKind::Bar,
            &["2022", "2023", "2024"],
            &[("Cars", &[1.0, 2.5, 4.0]), ("Vans", &[0.5, 0.75, 1.25])],
        );
        s.unit = "M".to_string();
        s.x_label = "Year".to_string();
        s.y_label = "Units sold".to_string();
        for kind in [ChartKind::Bar, ChartKind::Line] {
            s.kind = kind;
            let r = render_ok(&s);
            assert!(r.svg.contains("class=\"chart-legend\""));
            assert!(r.svg.contains(">Cars</text>") && r.svg.contains(">Vans</text>"));
            assert!(r.svg.contains(">Year</text>") && r.svg.contains(">Units sold</text>"));
            assert!(r.svg.contains(">0.75 M</text>"), "{}", r.svg);
            assert!(r.svg.contains("var(--chart-2, #c2410c)"));
            assert!(r.svg.contains("(x axis: Year; y axis: Units sold)"));
            assert!(r.svg.contains("Cars — 2022: 1 M; 2023: 2.5 M; 2024: 4 M."));
            assert!(r.table.contains("<th scope=\"col\">Year</th>"));
        }
        s.kind = ChartKind::Bar;
        assert_eq!(render_ok(&s).svg.matches("<rect").count(), 6 + 2);
        s.kind = ChartKind::Line;
        assert_eq!(render_ok(&s).svg.matches("<polyline").count(), 2);
        let single = render_ok(&ev(ChartKind::Bar)).svg;
        assert!(!single.contains("chart-legend"));
    }

    #[test]
    fn pie_edge_cases() {
        // A single 100 % slice is a circle, not a degenerate arc.
        let one = render_ok(&spec(ChartKind::Pie, &["all"], &[("", &[3.0])])).svg;
        assert!(one.contains("<circle") && !one.contains("<path"));
        assert!(one.contains(">100%</text>"));
        // Zero slices are listed but not drawn; extra series are ignored.
        let s = spec(
            ChartKind::Pie,
            &["a", "b", "c"],
            &[("x", &[1.0, 0.0, 1.0]), ("ignored", &[-5.0, 9.0, 9.0])],
        );
        let r = render_ok(&s);
        assert_eq!(r.svg.matches("<path").count(), 2);
        assert!(r.svg.contains("b: 0 (0%)"));
        assert!(!r.svg.contains("ignored") && !r.table.contains("ignored"));
        assert!(r.table.contains("<th scope=\"col\">Share</th>"));
        assert!(r.table.contains("<td>50%</td>"));
        // Tiny next to huge: no NaN, the small share is shown as <0.1%.
        let r = render_ok(&spec(
            ChartKind::Pie,
            &["big", "small"],
            &[("", &[1e300, 1.0])],
        ));
        assert!(r.svg.contains("&lt;0.1%"), "{}", r.svg);
    }

    #[test]
    fn table_fallback() {
        let mut s = ev(ChartKind::Bar);
        s.series[0].name = String::new();
        let table = render_ok(&s).table;
        let expected = "<table class=\"chart-data\">\n<caption>EV output</caption>\n\
            <thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Value</th></tr></thead>\n\
            <tbody>\n<tr><th scope=\"row\">China&#39;s national EV output</th><td>7.5%</td></tr>\n\
            <tr><th scope=\"row\">Anhui province&#39;s EV production</th><td>85%</td></tr>\n\
            </tbody>\n</table>";
        assert_eq!(table, expected);
    }

    fn check_invalid(s: &ChartSpec, expected: &str) {
        match s.validate() {
            Ok(()) => panic!("expected error containing {expected:?}"),
            Err(e) => assert!(e.contains(expected), "{e:?} should contain {expected:?}"),
        }
        assert!(render(s, "x").is_err());
    }

    #[test]
    fn validation_errors() {
        let base = spec(ChartKind::Bar, &["a", "b"], &[("x", &[1.0, 2.0])]);
        assert_eq!(base.validate(), Ok(()));

        let mut s = base.clone();
        s.title = "  ".to_string();
        check_invalid(&s, "`title` is required");

        let mut s = base.clone();
        s.series[0].values.push(3.0);
        check_invalid(
            &s,
            "chart `labels` has 2 entries but series `x` has 3 values",
        );

        let mut s = base.clone();
        s.series.push(Series {
            name: String::new(),
            values: vec![1.0],
        });
        check_invalid(&s, "chart `labels` has 2 entries but series #2 has 1 value");

        let mut s = base.clone();
        s.labels.clear();
        s.series[0].values.clear();
        check_invalid(&s, "no data: `labels` is empty");

        let mut s = base.clone();
        s.series.clear();
        check_invalid(&s, "no data: at least one series");

        for (bad, shown) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "∞"),
            (-f64::INFINITY, "-∞"),
        ] {
            let mut s = base.clone();
            s.series[0].values[1] = bad;
            check_invalid(&s, &format!("series `x` has the value {shown} for `b`"));
        }

        let mut s = base.clone();
        s.series[0].values[0] = -1e301;
        check_invalid(&s, "too large");

        let mut s = base.clone();
        s.kind = ChartKind::Pie;
        s.series[0].values[1] = -2.0;
        check_invalid(
            &s,
            "pie chart values must not be negative, but series `x` has -2 for `b`",
        );

        let mut s = base.clone();
        s.kind = ChartKind::Pie;
        s.series[0].values = vec![0.0, 0.0];
        check_invalid(&s, "at least one value above 0");

        // Negative values are fine for bar and line charts.
        let mut s = base.clone();
        s.series[0].values[0] = -4.0;
        for kind in [ChartKind::Bar, ChartKind::Line] {
            s.kind = kind;
            let svg = render_ok(&s).svg;
            assert_eq!(
                svg.matches(">-4</text>").count(),
                2,
                "value and tick: {svg}"
            );
        }
    }

    fn check_parse(text: &str, format: &str, labels: &[&str], series: &[(&str, &[f64])]) {
        let (l, s) = match parse_data(text, format) {
            Ok(parsed) => parsed,
            Err(e) => panic!("{format}: {e}\n{text}"),
        };
        assert_eq!(l, labels, "{format} labels");
        let got: Vec<(&str, &[f64])> = s.iter().map(|s| (s.name.as_str(), &s.values[..])).collect();
        assert_eq!(got, series, "{format} series");
    }

    fn check_parse_err(text: &str, format: &str, expected: &str) {
        match parse_data(text, format) {
            Ok(parsed) => panic!("{format}: expected error {expected:?}, got {parsed:?}"),
            Err(e) => assert!(
                e.contains(expected),
                "{format}: {e:?} should contain {expected:?}"
            ),
        }
    }

    #[test]
    fn parse_csv_data() {
        let expect: &[(&str, &[f64])] = &[("Cars", &[1.0, 2.5]), ("Vans", &[-3.0, 4e3])];
        check_parse(
            "Year,Cars,Vans\n2023,1,-3\n2024,2.5,4e3\n",
            "csv",
            &["2023", "2024"],
            expect,
        );
        // BOM, spaces, quoted label with a comma, CRLF, blank line, upper-case format.
        check_parse(
            "\u{feff}Region , Cars , Vans\r\n\"Anhui, China\" , 1 , -3\r\n\r\nX,2.5,4000\r\n",
            "CSV",
            &["Anhui, China", "X"],
            expect,
        );
        check_parse_err("only\na\n", "csv", "at least two columns");
        check_parse_err(
            "l,a\nx,abc\n",
            "csv",
            "CSV line 2, column `a`: `abc` is not a number",
        );
        check_parse_err("l,a\nx,\n", "csv", "the value is empty");
        check_parse_err("l,a\nx,NaN\n", "csv", "not a finite number");
        check_parse_err("l,a\nx,inf\n", "csv", "not a finite number");
        check_parse_err("l,a,b\nx,1,2\ny,1\n", "csv", "invalid CSV chart data");
        check_parse_err("l,a\n", "csv", "no data rows");
        check_parse_err("", "csv", "at least two columns");
        check_parse_err("l,,b\nx,1,2\n", "csv", "column 2 has an empty header");
    }

    #[test]
    fn parse_json_data() {
        check_parse(
            r#"{"labels": ["a", 2024], "series": [{"name": "s", "values": [1, 2.5]}]}"#,
            "json",
            &["a", "2024"],
            &[("s", &[1.0, 2.5])],
        );
        // Array of objects keeps the series in document order.
        check_parse(
            r#"[{"label": "a", "zeta": 1, "alpha": 2}, {"alpha": 4, "label": "b", "zeta": 3}]"#,
            "json",
            &["a", "b"],
            &[("zeta", &[1.0, 3.0]), ("alpha", &[2.0, 4.0])],
        );
        check_parse_err("{", "json", "invalid JSON chart data");
        check_parse_err("42", "json", "not a number");
        check_parse_err("[]", "json", "empty array");
        check_parse_err(r#"{"series": []}"#, "json", "no `labels`");
        check_parse_err(r#"{"labels": ["a"]}"#, "json", "no `series`");
        check_parse_err(
            r#"{"labels": ["a"], "series": []}"#,
            "json",
            "at least one series",
        );
        check_parse_err(
            r#"{"labels": ["a"], "series": [], "colour": "red"}"#,
            "json",
            "unknown key `colour`",
        );
        check_parse_err(
            r#"{"labels": ["a"], "series": [{"name": "s", "values": ["1"]}]}"#,
            "json",
            "series #1 value 1 must be a number, not a string",
        );
        check_parse_err(
            r#"{"labels": ["a", "b"], "series": [{"name": "s", "values": [1]}]}"#,
            "json",
            "chart `labels` has 2 entries but series `s` has 1 value",
        );
        check_parse_err(
            r#"{"labels": [null], "series": [{"name": "s", "values": [1]}]}"#,
            "json",
            "`labels` entry 1 must be a string or a number, not null",
        );
        check_parse_err(
            r#"[{"label": "a", "s": 1}, {"label": "b"}]"#,
            "json",
            "row 2 (`b`) has no value for series `s`",
        );
        check_parse_err(
            r#"[{"label": "a", "s": 1}, {"label": "b", "s": 1, "t": 2}]"#,
            "json",
            "which the first row does not have",
        );
        check_parse_err(r#"[{"s": 1}]"#, "json", "row 1 has no `label`");
        check_parse_err(
            r#"[{"label": "a", "s": true}]"#,
            "json",
            "`s` must be a number, not a boolean",
        );
        check_parse_err(r#"[{"label": "a"}]"#, "json", "no series values");
        check_parse_err(r#"[{"label": "a", "s": 1e999}]"#, "json", "invalid JSON");
    }

    #[test]
    fn parse_toml_data() {
        let text = "labels = [\"a\", \"b\"]\n\n[[series]]\nname = \"Cars\"\nvalues = [1, 2.5]\n\n\
                    [[series]]\nname = \"Vans\"\nvalues = [3.0, -4]\n";
        check_parse(
            text,
            "toml",
            &["a", "b"],
            &[("Cars", &[1.0, 2.5]), ("Vans", &[3.0, -4.0])],
        );
        check_parse_err("labels = [", "toml", "invalid TOML chart data");
        check_parse_err(
            "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [nan]\n",
            "toml",
            "not a finite number",
        );
        check_parse_err(
            "labels = [\"a\"]\n[[series]]\nname = \"s\"\n",
            "toml",
            "has no `values`",
        );
        check_parse_err(
            "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [1]\ncolor = \"red\"\n",
            "toml",
            "unknown key `color`",
        );
        check_parse_err(
            "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [1979-05-27]\n",
            "toml",
            "must be a number",
        );
        check_parse_err("a = 1", "xml", "unknown chart data format `xml`");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = spec(
            ChartKind::Bar,
            &["<b>&\"'"],
            &[("x</text>", &[1.0]), ("y", &[2.0])],
        );
        s.title = "<script>alert('x')</script> & co".to_string();
        s.description = "a \"quoted\" <desc>\u{0}\u{8}".to_string();
        s.unit = "<u>".to_string();
        s.x_label = "</g>".to_string();
        for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
            s.kind = kind;
            let r = render_ok(&s);
            for out in [&r.svg, &r.table] {
                assert!(!out.contains("<script") && !out.contains("<b>") && !out.contains("<u>"));
                assert!(!out.contains('\u{0}') && !out.contains('\u{8}'));
            }
            assert!(
                r.svg
                    .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co")
            );
            assert!(r.table.contains("&lt;b&gt;&amp;&quot;&#39;"));
        }
        assert_eq!(esc("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        let r = render(&s, "my chart\"><x").unwrap();
        assert!(
            r.svg
                .contains("aria-labelledby=\"my-chart---x-title my-chart---x-desc\"")
        );
        assert!(render(&s, "").unwrap().svg.contains("id=\"chart-title\""));
    }

    #[test]
    fn output_is_deterministic() {
        let mut s = spec(
            ChartKind::Bar,
            &["a", "b", "c"],
            &[("x", &[1.0 / 3.0, 2.0, 0.1 + 0.2]), ("y", &[4.0, 5.0, 6.0])],
        );
        for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
            s.kind = kind;
            let first = render_ok(&s);
            for _ in 0..3 {
                assert_eq!(render_ok(&s), first);
            }
            assert!(!first.svg.contains("00000"), "{}", first.svg);
            if kind != ChartKind::Pie {
                assert!(
                    first.svg.contains(">0.3</text>") && first.svg.contains(">0.333333333333<")
                );
            }
        }
    }

    #[test]
    fn numbers_are_compact() {
        for (v, text) in [
            (7.5, "7.5"),
            (85.0, "85"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (1234567.0, "1234567"),
            (1e300, "1e300"),
            (1.5e-7, "1.5e-7"),
            (-2.25, "-2.25"),
            (0.1 + 0.2, "0.3"),
            (123456789.123, "123456789.123"),
        ] {
            assert_eq!(fmt_num(v), text);
        }
        for (int, exp, text) in [
            (0, 3, "0"),
            (25, -1, "2.5"),
            (5, -3, "0.005"),
            (20, 0, "20"),
            (-15, -1, "-1.5"),
            (2, 3, "2000"),
            (1, 20, "1e20"),
            (25, -300, "2.5e-299"),
        ] {
            assert_eq!(fmt_decimal(int, exp), text, "{int}e{exp}");
        }
        assert_eq!(with_unit("5", "kg"), "5 kg");
        assert_eq!(with_unit("5", "%"), "5%");
        assert_eq!(with_unit("5", ""), "5");
        assert_eq!(fmt_pct(1.0 / 3.0, 1.0), "33.3%");
        assert_eq!(fmt_pct(0.5, 1.0), "50%");
        assert_eq!(c(f64::NAN), "0");
        assert_eq!(c(-0.001), "0");
        assert_eq!(c(12.3456), "12.35");
    }

    #[test]
    fn axis_ticks_are_round() {
        let ticks = |min: f64, max: f64| -> Vec<String> {
            nice_axis(min, max)
                .ticks
                .into_iter()
                .map(|(_, t)| t)
                .collect()
        };
        assert_eq!(ticks(0.0, 85.0), ["0", "20", "40", "60", "80", "100"]);
        assert_eq!(ticks(0.0, 0.0), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
        assert_eq!(ticks(-3.0, 7.0), ["-4", "-2", "0", "2", "4", "6", "8"]);
        assert_eq!(ticks(-10.0, -2.0), ["-10", "-8", "-6", "-4", "-2", "0"]);
        assert_eq!(ticks(0.0, 0.3), ["0", "0.1", "0.2", "0.3"]);
        assert_eq!(
            ticks(0.0, 1e300),
            ["0", "2e299", "4e299", "6e299", "8e299", "1e300"]
        );
        let axis = nice_axis(0.0, 5e-324);
        assert!(axis.hi > axis.lo);
    }

    #[test]
    fn long_labels_wrap_without_overlap() {
        let lines = wrap("China's national electric vehicle output", 60.0, 12.0, 3);
        assert!(lines.len() > 1 && lines.len() <= 3, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, 12.0) <= 60.0, "{line:?} too wide");
        }
        let lines = wrap("Supercalifragilisticexpialidocious", 50.0, 12.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].ends_with('-') && lines[1].ends_with('…'),
            "{lines:?}"
        );
        assert!(wrap("", 50.0, 12.0, 3).is_empty());
        assert_eq!(truncate("short", 100.0, 12.0), "short");

        // Six long categories: every label is wrapped into tspans.
        let labels = [
            "China's national EV output",
            "Anhui province's EV production",
            "Guangdong province",
            "Shanghai municipality",
            "Jiangsu province",
            "Zhejiang province",
        ];
        let svg = render_ok(&spec(
            ChartKind::Bar,
            &labels,
            &[("", &[7.5, 85.0, 20.0, 15.0, 10.0, 5.0])],
        ))
        .svg;
        assert!(svg.contains("<tspan"), "{svg}");
        assert!(!svg.contains("rotate(-45"));
        // Many categories switch to rotated labels.
        let many: Vec<String> = (0..30).map(|i| format!("Category {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let values: Vec<f64> = (0..30).map(f64::from).collect();
        let svg = render_ok(&spec(ChartKind::Bar, &many, &[("", &values)])).svg;
        assert!(svg.contains("rotate(-45"));
        assert!(
            svg.contains("rotate(-90"),
            "crowded value labels turn vertical"
        );
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let cases: Vec<(Vec<&str>, Vec<f64>)> = vec![
            (vec!["a"], vec![0.0]),
            (vec!["a", "b"], vec![0.0, 0.0]),
            (vec!["a", "b"], vec![1e300, -1e300]),
            (vec!["a", "b"], vec![1e300, 1e300]),
            (vec!["a", "b"], vec![5e-324, 0.0]),
            (vec!["", " "], vec![-1.0, -2.0]),
            (vec!["日本語のラベル", "😀😀😀😀😀😀😀😀"], vec![1.0, 2.0]),
            (vec!["x"; 200], vec![1.0; 200]),
        ];
        for (labels, values) in &cases {
            for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
                let mut s = spec(kind, labels, &[("s", values), ("t", values)]);
                s.title = "t".repeat(500);
                s.x_label = "x ".repeat(100);
                s.y_label = "y".repeat(100);
                s.unit = "units per something".to_string();
                if s.validate().is_ok() {
                    render_ok(&s);
                }
            }
        }
        let s = spec(ChartKind::Bar, &["a"], &[("s", &[f64::NAN])]);
        assert!(render(&s, "x").is_err());
        for format in ["csv", "json", "toml"] {
            for text in ["", " ", "\u{feff}", "[[[", "\"", "label\n", "{}", "[1]"] {
                let _ = parse_data(text, format);
            }
        }
    }
}
