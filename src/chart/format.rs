//! Numbers and text metrics: value formatting, nice axes, text widths,
//! wrapping and truncating labels, and safe element ids.

/// Compact, exact form of a data value: `7.5`, `85`, `1e300`.
pub(super) fn fmt_num(v: f64) -> String {
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

pub(super) fn with_unit(number: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        number.to_string()
    } else if unit.starts_with(char::is_alphanumeric) {
        format!("{number} {unit}")
    } else {
        format!("{number}{unit}")
    }
}

pub(super) fn fmt_val(v: f64, unit: &str) -> String {
    with_unit(&fmt_num(v), unit)
}

/// Share of a pie, rounded to one decimal: `91.9%`, `50%`, `<0.1%`.
/// Each value's share of the total, for pie charts. Computed on values scaled by
/// the largest one, so that the sum cannot overflow.
pub(super) fn pie_fractions(values: &[f64]) -> Vec<f64> {
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    let scaled: Vec<f64> = values
        .iter()
        .map(|v| if max > 0.0 { v / max } else { 0.0 })
        .collect();
    let total: f64 = scaled.iter().sum();
    scaled
        .iter()
        .map(|v| if total > 0.0 { v / total } else { 0.0 })
        .collect()
}

pub(super) fn fmt_pct(frac: f64, value: f64) -> String {
    let pct = frac * 100.0;
    if value > 0.0 && pct < 0.05 {
        return "<0.1%".to_string();
    }
    let s = format!("{pct:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    format!("{s}%")
}

/// A pie slice's value with its share of the whole: `12 GWh (25%)`, or just `7.5%`
/// when the value already reads as that share (values in `%` that add up to 100).
/// `of_total` is what follows the share inside the brackets (` of total` or nothing).
pub(super) fn value_and_share(value: f64, unit: &str, frac: f64, of_total: &str) -> String {
    let shown = fmt_val(value, unit);
    let share = fmt_pct(frac, value);
    if shown == share {
        shown
    } else {
        format!("{shown} ({share}{of_total})")
    }
}

/// SVG coordinate with at most two decimals; never `NaN`.
pub(super) fn c(x: f64) -> String {
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
pub(super) struct Axis {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) ticks: Vec<(f64, String)>,
}

pub(super) fn nice_axis(min: f64, max: f64) -> Axis {
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
pub(super) fn fmt_decimal(int: i64, exp: i32) -> String {
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

pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
}

/// Estimated advance of a character in em (deliberately on the generous side).
pub(super) fn char_em(c: char) -> f64 {
    match c {
        ' ' | 'i' | 'l' | 'j' | 'I' | 'f' | 't' | 'r' | '.' | ',' | ':' | ';' | '\'' | '!'
        | '|' | '(' | ')' | '[' | ']' => 0.36,
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' | '—' => 0.92,
        'A'..='Z' | '&' => 0.72,
        c if is_wide(c) => 1.0,
        _ => 0.6,
    }
}

pub(super) fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font
}

/// Greedy word wrap to `max_w`; words longer than a line are hyphenated; past
/// `max_lines` the last line ends in an ellipsis.
pub(super) fn wrap(text: &str, max_w: f64, font: f64, max_lines: usize) -> Vec<String> {
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

pub(super) fn ellipsize(line: &str, max_em: f64) -> String {
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
pub(super) fn truncate(text: &str, max_w: f64, font: f64) -> String {
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

pub(super) fn sanitize_id(id: &str) -> String {
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
