//! Text alternatives: series names, the description read out by screen readers,
//! and the data table shown under a chart.

use super::*;

pub(super) fn series_name(spec: &ChartSpec, i: usize) -> String {
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
pub(super) fn description(spec: &ChartSpec) -> String {
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
                let fracs = pie_fractions(&first.values);
                let parts: Vec<String> = spec
                    .labels
                    .iter()
                    .zip(first.values.iter().zip(&fracs))
                    .map(|(l, (v, &frac))| {
                        format!(
                            "{}: {}",
                            l.trim(),
                            value_and_share(*v, &spec.unit, frac, " of total")
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

pub(super) fn render_table(spec: &ChartSpec) -> String {
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
    let pie_fracs = match (spec.kind, spec.series.first()) {
        (ChartKind::Pie, Some(first)) => pie_fractions(&first.values),
        _ => Vec::new(),
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
            let frac = pie_fracs.get(i).copied().unwrap_or(0.0);
            put!(out, "<td>{}</td>", esc(&fmt_pct(frac, v)));
        }
        put!(out, "</tr>\n");
    }
    put!(out, "</tbody>\n</table>");
    out
}

// ---------------------------------------------------------------------------
// Numbers.
