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
    /// The `<svg>` element, ready to be inlined in HTML (no blank lines inside): the
    /// wide drawing, for a chart at least [`NARROW_BELOW_PX`] CSS pixels wide.
    pub svg: String,
    /// The same chart drawn for a phone (class `chart-narrow`): a narrower viewBox,
    /// so that at its smallest (300 CSS px) no text is under 12 px. The theme shows
    /// it instead of `svg` when the chart is narrower than [`NARROW_BELOW_PX`].
    pub narrow: String,
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
    let draw = |layout: &Layout, id: &str| match spec.kind {
        ChartKind::Bar | ChartKind::Line => render_cartesian(spec, id, layout),
        ChartKind::Pie => render_pie(spec, id, layout),
    };
    Ok(RenderedChart {
        svg: draw(&WIDE, &id),
        narrow: draw(&NARROW, &format!("{id}-narrow")),
        table: render_table(spec),
    })
}

// ---------------------------------------------------------------------------
// Layout constants (viewBox units).

/// Below this width in CSS pixels the theme shows the narrow drawing. The wide one
/// is 400 units wide, so from here up one unit is at least 1.1 px and its smallest
/// text (11 units) at least 12.1 px.
pub const NARROW_BELOW_PX: f64 = 440.0;

/// The measures of one drawing: its width and font sizes in viewBox units, and the
/// smallest font it may shrink crowded labels to (labels that would need less are
/// thinned out instead; the data table and the text alternative keep every value).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    w: f64,
    f_title: f64,
    f_text: f64,
    f_small: f64,
    floor: f64,
    /// `chart-wide` or `chart-narrow`, for the theme's CSS.
    class: &'static str,
}

/// The drawing for a chart at least [`NARROW_BELOW_PX`] wide (desktop, tablet).
const WIDE: Layout = Layout {
    w: 400.0,
    f_title: 15.0,
    f_text: 12.0,
    f_small: 11.0,
    floor: 11.0,
    class: "chart-wide",
};

/// The drawing for a phone: 300 units, shown at 300 CSS px or more (a 360 px
/// screen leaves the chart about 302 px), so no text is under 12 px.
const NARROW: Layout = Layout {
    w: 300.0,
    f_title: 15.0,
    f_text: 12.0,
    f_small: 12.0,
    floor: 12.0,
    class: "chart-narrow",
};

const PAD: f64 = 12.0;
const PLOT_H: f64 = 220.0;
const PIE_R: f64 = 110.0;
/// How much wider bold text (titles, axis titles) runs than the width estimates,
/// which are for regular text: measured in Chromium with DejaVu Sans, about 10%.
const BOLD: f64 = 1.12;
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

// The parts below use the `put!` macro, so they are declared after it.
mod data;
mod draw;
mod format;
#[cfg(test)]
mod tests;
mod text;

pub use data::parse_data;
use draw::*;
pub(crate) use format::esc;
use format::*;
use text::*;
