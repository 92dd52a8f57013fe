//! Drawing: bar and line charts on axes, pie charts, legends and wrapped text,
//! as SVG markup.

use super::*;

pub(super) fn render_cartesian(spec: &ChartSpec, id: &str, lay: &Layout) -> String {
    let is_line = spec.kind == ChartKind::Line;
    let n = spec.labels.len();
    let s = spec.series.len();
    let mut body = String::new();

    // Title and legend.
    let mut y = PAD;
    y = title_block(&mut body, &spec.title, y, lay);
    if s > 1 {
        let names: Vec<String> = (0..s).map(|i| series_name(spec, i)).collect();
        y = flow_legend(&mut body, &names, y, is_line, lay) + 4.0;
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
        .map(|t| text_width(t, lay.f_small))
        .fold(0.0, f64::max);
    let y_title_w = if spec.y_label.trim().is_empty() {
        0.0
    } else {
        lay.f_text * LH + 2.0
    };
    let mut plot_left = PAD + y_title_w + tick_w + 6.0;
    let plot_right = lay.w - PAD;
    let rotated_cats = (plot_right - plot_left) / (n as f64) < MIN_WRAP_SLOT;
    if rotated_cats {
        // The first label runs down-left from its slot centre: keep it in view.
        let font = rotated_font((plot_right - plot_left) / n as f64, lay);
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
            lay,
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
            lay,
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
        c(lay.f_small)
    );
    for ((v, _), text) in axis.ticks.iter().zip(&tick_texts) {
        put!(
            body,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            c(plot_left - 6.0),
            c(plot_top + rel(*v) + lay.f_small * 0.35),
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
        c(lay.f_text),
        if rotated_cats { "end" } else { "middle" }
    );
    if rotated_cats {
        let font = rotated_font(sw, lay);
        let step = rotated_step(sw, lay);
        let lines = rotated_labels(&spec.labels, font);
        let mut widest: f64 = 0.0;
        for (i, line) in lines.iter().enumerate() {
            if i % step != 0 {
                continue;
            }
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
            let lines = wrap(label, sw - 4.0, lay.f_text, 3);
            max_lines = max_lines.max(lines.len());
            text_lines(
                &mut body,
                slot_x(i) + sw / 2.0,
                cat_top + lay.f_text * ASCENT,
                lay.f_text,
                &lines,
            );
        }
        bottom += max_lines as f64 * lay.f_text * LH;
    }
    put!(body, "</g>\n");

    // Axis titles.
    if !spec.x_label.trim().is_empty() {
        let lines = wrap(&spec.x_label, plot_w / BOLD, lay.f_text, 2);
        put!(
            body,
            "<g class=\"chart-axis-title\" font-size=\"{}\" font-weight=\"600\" text-anchor=\"middle\">",
            c(lay.f_text)
        );
        text_lines(
            &mut body,
            plot_left + plot_w / 2.0,
            bottom + 4.0 + lay.f_text * ASCENT,
            lay.f_text,
            &lines,
        );
        put!(body, "</g>\n");
        bottom += 4.0 + lines.len() as f64 * lay.f_text * LH;
    }
    if !spec.y_label.trim().is_empty() {
        let line = truncate(&spec.y_label, PLOT_H / BOLD, lay.f_text);
        let x = PAD + lay.f_text * ASCENT;
        let ym = plot_top + PLOT_H / 2.0;
        put!(
            body,
            "<text class=\"chart-axis-title\" x=\"{x}\" y=\"{y}\" font-size=\"{f}\" font-weight=\"600\" text-anchor=\"middle\" transform=\"rotate(-90 {x} {y})\">{t}</text>\n",
            x = c(x),
            y = c(ym),
            f = c(lay.f_text),
            t = esc(&line)
        );
    }
    let height = (bottom + PAD).ceil();
    wrap_svg(spec, id, height, &body, lay)
}

/// Font size of 45° category labels: adjacent labels are `slot × sin 45°` apart.
/// It never goes below the layout's floor: [`rotated_step`] thins the labels instead.
pub(super) fn rotated_font(slot: f64, lay: &Layout) -> f64 {
    (slot * 0.71 * 0.9).min(lay.f_text).max(lay.floor)
}

/// Every how many categories a 45° label is drawn, so that labels at the floor size
/// do not touch: 1 when every label fits.
pub(super) fn rotated_step(slot: f64, lay: &Layout) -> usize {
    let room = slot * 0.71 * 0.9;
    if room >= lay.floor {
        1
    } else {
        (lay.floor / room.max(0.01)).ceil() as usize
    }
}

pub(super) fn rotated_labels(labels: &[String], font: f64) -> Vec<String> {
    labels
        .iter()
        .map(|l| truncate(l, ROTATED_MAX, font))
        .collect()
}

/// A value label, positioned relative to the top of the plot area.
pub(super) struct ValueLabel {
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

#[allow(clippy::too_many_arguments)]
pub(super) fn bar_marks(
    lay: &Layout,
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
        .map(|t| text_width(t, lay.f_small))
        .fold(0.0, f64::max);
    let h_font = if widest > room {
        lay.f_small * room / widest
    } else {
        lay.f_small
    };
    // Labels smaller than the layout's floor turn vertical; where even vertical ones
    // would touch (bars closer than the floor size), there are none: the data table
    // and the text alternative still give every value.
    let rotated = h_font < lay.floor;
    let font = if rotated {
        lay.f_small.min(bw - 1.0).max(lay.floor)
    } else {
        h_font
    };
    let pitch = if s == 1 { sw } else { bw };
    let shown = !rotated || pitch >= lay.floor * 0.9;

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
            if !shown {
                continue;
            }
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

#[allow(clippy::too_many_arguments)]
pub(super) fn line_marks(
    lay: &Layout,
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
        ((sw - 4.0) / widest).min(lay.f_small).max(lay.floor)
    } else {
        lay.f_small
    };
    // Labels at the floor size that are wider than a slot go on every `step`-th point.
    let step = ((widest * font + 4.0) / sw).ceil().max(1.0) as usize;
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

    // Thinned labels of several lines land on each other's lines: leave them to the
    // data table.
    if step > 1 && spec.series.len() > 1 {
        return;
    }
    // Labels above their points; within one category they are stacked so that
    // close values do not print on top of each other.
    let lh = font * 1.1;
    for (i, _) in spec.labels.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
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

pub(super) fn text_at(texts: &[Vec<String>], series: usize, index: usize) -> String {
    texts
        .get(series)
        .and_then(|t| t.get(index))
        .cloned()
        .unwrap_or_default()
}

/// Point marker: circle, square, diamond or triangle, so series differ by shape
/// as well as by colour.
pub(super) fn marker(out: &mut String, series: usize, x: f64, y: f64) {
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

pub(super) fn render_pie(spec: &ChartSpec, id: &str, lay: &Layout) -> String {
    let mut body = String::new();
    let mut y = PAD;
    y = title_block(&mut body, &spec.title, y, lay);
    let values: &[f64] = spec.series.first().map_or(&[], |s| &s.values[..]);

    let fracs = pie_fractions(values);

    let cx = lay.w / 2.0;
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
        let fits = nonzero == 1 || sweep * PIE_R * 0.62 >= text_width(&text, lay.f_text) + 6.0;
        if fits && *frac >= 0.04 {
            put!(
                slice_labels,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                c(lx),
                c(ly + lay.f_text * 0.35),
                esc(&text)
            );
        }
        a0 = a1;
    }
    put!(body, "</g>\n");
    put!(
        body,
        "<g class=\"chart-values\" font-size=\"{}\" font-weight=\"600\" text-anchor=\"middle\" fill=\"var(--chart-on-fill, #fff)\">{slice_labels}</g>\n",
        c(lay.f_text)
    );

    // Legend: one entry per slice with label, value and share.
    let mut ly = cy + PIE_R + 14.0;
    put!(
        body,
        "<g class=\"chart-legend\" font-size=\"{}\">",
        c(lay.f_text)
    );
    for (i, label) in spec.labels.iter().enumerate() {
        let v = values.get(i).copied().unwrap_or(0.0);
        let share = fracs.get(i).copied().unwrap_or(0.0);
        let entry = format!(
            "{}: {}",
            label.trim(),
            value_and_share(v, &spec.unit, share, "")
        );
        let lines = wrap(&entry, lay.w - 2.0 * PAD - 20.0, lay.f_text, 3);
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
            ly + 6.0 + lay.f_text * 0.35,
            lay.f_text,
            &lines,
        );
        ly += lines.len().max(1) as f64 * lay.f_text * LH + 6.0;
    }
    put!(body, "</g>\n");
    let height = (ly + PAD).ceil();
    wrap_svg(spec, id, height, &body, lay)
}

/// Wraps the drawing in the `<svg>` root with `<title>` and `<desc>`.
pub(super) fn wrap_svg(
    spec: &ChartSpec,
    id: &str,
    height: f64,
    body: &str,
    lay: &Layout,
) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    put!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-{kind} {class}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         font-family=\"inherit\" font-size=\"{f}\" fill=\"currentColor\">\n",
        kind = spec.kind.as_str(),
        class = lay.class,
        w = c(lay.w),
        h = c(height),
        f = c(lay.f_text)
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
pub(super) fn title_block(out: &mut String, title: &str, y: f64, lay: &Layout) -> f64 {
    let lines = wrap(title, (lay.w - 2.0 * PAD) / BOLD, lay.f_title, 3);
    put!(
        out,
        "<g class=\"chart-title\" font-size=\"{}\" font-weight=\"700\">",
        c(lay.f_title)
    );
    text_lines(out, PAD, y + lay.f_title * ASCENT, lay.f_title, &lines);
    put!(out, "</g>\n");
    y + lines.len() as f64 * lay.f_title * LH + 6.0
}

/// Legend laid out in rows; returns the y below it.
pub(super) fn flow_legend(
    out: &mut String,
    names: &[String],
    y: f64,
    is_line: bool,
    lay: &Layout,
) -> f64 {
    let row_h = lay.f_text * LH + 4.0;
    let max_text = lay.w - 2.0 * PAD - 20.0;
    let mut x = PAD;
    let mut row_y = y;
    put!(
        out,
        "<g class=\"chart-legend\" font-size=\"{}\">",
        c(lay.f_text)
    );
    for (i, name) in names.iter().enumerate() {
        let text = truncate(name, max_text, lay.f_text);
        let item_w = 18.0 + text_width(&text, lay.f_text);
        if x > PAD && x + item_w > lay.w - PAD {
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
            c(mid + lay.f_text * 0.35),
            esc(&text)
        );
        x += item_w + 14.0;
    }
    put!(out, "</g>\n");
    row_y + row_h
}

/// Writes one `<text>` with a `<tspan>` per line (the caller's group sets
/// `text-anchor`).
pub(super) fn text_lines(out: &mut String, x: f64, baseline: f64, font: f64, lines: &[String]) {
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
