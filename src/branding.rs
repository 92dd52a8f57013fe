//! A site's branding, the `[branding]` table of `config.toml`: logo, favicon, accent
//! colour, font stacks, extra stylesheets and scripts, header links, footer text and an
//! announcement banner.
//!
//! This file holds the table, its checks and the colours. `Branding::check` runs when
//! the config is parsed and refuses what can be judged from the text alone, at its
//! line: a colour that is not one, an accent whose links would fail WCAG AA contrast
//! (4.5:1) on the theme's light or dark background, a font stack that could break out
//! of its CSS declaration. `Branding::css` turns the colours and fonts into one small
//! stylesheet of custom properties, with the shades the theme needs derived and kept
//! at AA. What templates see (`config.branding`) is made by `render::branding`.

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic;

/// The `[branding]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Branding {
    /// An image under `static/` shown before the site title.
    pub logo: Option<String>,
    /// The logo in dark mode; the light one is used when it is missing.
    pub logo_dark: Option<String>,
    /// Show the site title beside the logo (default true). A logo that already spells
    /// the name (a wordmark) sets it to false, and the logo then carries the title as
    /// its text alternative.
    pub show_title: Option<bool>,
    /// The site icon, under `static/` (`.svg`, `.png` or `.ico`).
    pub favicon: Option<String>,
    /// The colour of links, focus rings and the current page, in light mode.
    pub accent: Option<Spanned<String>>,
    /// The accent in dark mode; made from `accent` when missing.
    pub accent_dark: Option<Spanned<String>>,
    /// CSS font stacks for text and for code.
    pub font_sans: Option<Spanned<String>>,
    pub font_mono: Option<Spanned<String>>,
    /// Stylesheets and scripts added after the theme's: paths under `static/` or
    /// `https://` URLs.
    pub stylesheets: Vec<String>,
    pub scripts: Vec<String>,
    /// Links in the header, such as the project's repository.
    pub links: Vec<HeaderLink>,
    /// Markdown shown in the footer.
    pub footer: Option<String>,
    /// Markdown shown in a banner above the header, which readers can dismiss.
    pub announcement: Option<String>,
}

/// One header link (`[[branding.links]]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HeaderLink {
    pub name: String,
    pub url: String,
    /// One of `ICONS`, or an SVG under `static/` drawn in the text colour.
    #[serde(default)]
    pub icon: Option<String>,
}

/// The theme's backgrounds that links are drawn on: page and raised panels, light
/// and dark (`--bg` and `--bg-soft` of the theme's stylesheet).
const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xff, 0xff, 0xff), Rgb(0xf6, 0xf8, 0xfa)];
const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x0d, 0x11, 0x17), Rgb(0x15, 0x1b, 0x23)];
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);
/// WCAG 2 AA for normal text.
const AA: f64 = 4.5;
/// The height the theme draws the logo at, in CSS pixels.
pub const LOGO_HEIGHT: u32 = 28;

/// The icons a header link may name, drawn for folio (24×24, stroked in the text colour).
pub const ICONS: [(&str, &str); 6] = [
    (
        "code",
        r#"<path d="M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16"/>"#,
    ),
    ("chat", r#"<path d="M4 5h16v11H9l-5 4z"/>"#),
    ("mail", r#"<path d="M3 6h18v12H3zM3 7l9 6 9-6"/>"#),
    (
        "rss",
        r#"<path d="M5 4a15 15 0 0 1 15 15M5 10a9 9 0 0 1 9 9"/><circle cx="6" cy="18" r="1.5"/>"#,
    ),
    (
        "book",
        r#"<path d="M4 5a2 2 0 0 1 2-2h14v16H6a2 2 0 0 0-2 2zM4 21V5M8 7h8"/>"#,
    ),
    ("link", r#"<path d="M14 4h6v6M20 4l-9 9M18 14v6H4V6h6"/>"#),
];

impl Branding {
    /// Refuses colours and font stacks that are not usable, each at its line of `text`
    /// (the config file's text).
    pub fn check(&self, text: &str) -> Result<()> {
        let at = |s: &Spanned<String>| diagnostic::line_col(text, s.span().start).0;
        if let Some(accent) = &self.accent {
            let c = parse_colour(accent.get_ref())
                .map_err(|m| anyhow::anyhow!("line {}: `[branding] accent`: {m}", at(accent)))?;
            if let Err(m) = readable(c, &LIGHT_BACKGROUNDS, BLACK, "light") {
                bail!("line {}: `[branding] accent`: {m}", at(accent));
            }
        }
        if let Some(dark) = &self.accent_dark {
            let c = parse_colour(dark.get_ref())
                .map_err(|m| anyhow::anyhow!("line {}: `[branding] accent_dark`: {m}", at(dark)))?;
            if let Err(m) = readable(c, &DARK_BACKGROUNDS, WHITE, "dark") {
                bail!("line {}: `[branding] accent_dark`: {m}", at(dark));
            }
        }
        for (key, font) in [
            ("font_sans", &self.font_sans),
            ("font_mono", &self.font_mono),
        ] {
            if let Some(f) = font
                && let Some(bad) = f.get_ref().chars().find(|c| !font_char(*c))
            {
                bail!(
                    "line {}: `[branding] {key}`: `{bad}` cannot appear in a font stack; write font names separated by commas, such as `\"Inter\", system-ui, sans-serif`",
                    at(f)
                );
            }
        }
        for link in &self.links {
            if link.name.trim().is_empty() {
                bail!(
                    "`[[branding.links]]`: a link to `{}` has an empty `name`",
                    link.url
                );
            }
        }
        Ok(())
    }

    /// The custom properties that carry the accent and the fonts, for light and dark
    /// mode, or `None` when the site keeps the theme's.
    pub fn css(&self) -> Option<String> {
        let mut light = String::new();
        let mut dark = String::new();
        let light_accent = self
            .accent
            .as_ref()
            .and_then(|a| parse_colour(a.get_ref()).ok());
        let dark_accent = self
            .accent_dark
            .as_ref()
            .and_then(|a| parse_colour(a.get_ref()).ok())
            .or_else(|| light_accent.map(dark_from_light));
        if let Some(a) = light_accent {
            let soft = softest_readable(a, WHITE);
            light.push_str(&format!(
                "--accent:{a};--focus:{a};--accent-hover:{};--accent-soft:{soft};--on-accent:#fff;--chart-1:{a};",
                a.mix(BLACK, 0.2)
            ));
        }
        if let Some(d) = dark_accent {
            let soft = softest_readable(d, DARK_BACKGROUNDS[0]);
            dark.push_str(&format!(
                "--accent:{d};--focus:{d};--accent-hover:{};--accent-soft:{soft};--on-accent:#0d1117;--chart-1:{d};",
                d.mix(WHITE, 0.35)
            ));
        }
        for (var, font) in [
            ("--font-sans", &self.font_sans),
            ("--font-mono", &self.font_mono),
        ] {
            if let Some(f) = font {
                light.push_str(&format!("{var}:{};", f.get_ref().trim()));
            }
        }
        if light.is_empty() && dark.is_empty() {
            return None;
        }
        let mut css = format!(":root{{{light}}}");
        if !dark.is_empty() {
            css.push_str(&format!(
                "[data-theme=\"dark\"]{{{dark}}}@media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{{dark}}}}}"
            ));
        }
        Some(css)
    }
}

fn font_char(c: char) -> bool {
    c.is_alphanumeric() || " ,-_.'\"".contains(c)
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// WCAG 2's relative luminance.
    fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// `self` moved a fraction `t` of the way to `other`.
    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG 2's contrast ratio, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (a.luminance(), b.luminance());
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `#rgb` or `#rrggbb`.
pub fn parse_colour(s: &str) -> Result<Rgb, String> {
    let hex = s.trim().strip_prefix('#').unwrap_or("");
    let digits: Option<Vec<u8>> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect();
    match digits.as_deref() {
        Some([r, g, b]) => Ok(Rgb(r * 17, g * 17, b * 17)),
        Some([r1, r2, g1, g2, b1, b2]) => Ok(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => Err(format!(
            "`{s}` is not a colour; write it as `#rrggbb` or `#rgb`"
        )),
    }
}

/// Fails, saying by how much and with a shade that passes, when text in `c` falls
/// below AA on any of `backgrounds`; `towards` is the direction that fixes it.
fn readable(c: Rgb, backgrounds: &[Rgb], towards: Rgb, mode: &str) -> Result<(), String> {
    let worst = |c: Rgb| {
        backgrounds
            .iter()
            .map(|b| contrast(c, *b))
            .fold(f64::MAX, f64::min)
    };
    let ratio = worst(c);
    if ratio >= AA {
        return Ok(());
    }
    let fixed = (1..=20)
        .map(|i| c.mix(towards, f64::from(i) * 0.05))
        .find(|x| worst(*x) >= AA)
        .unwrap_or(towards);
    Err(format!(
        "links in {c} on the theme's {mode} background have a contrast of {ratio:.2}:1, and WCAG AA needs {AA}:1; a {} shade such as {fixed} passes",
        if towards == BLACK {
            "darker"
        } else {
            "lighter"
        }
    ))
}

/// The dark-mode accent made from a light one: lightened until links read well on the
/// dark background.
fn dark_from_light(c: Rgb) -> Rgb {
    (0..=20)
        .map(|i| c.mix(WHITE, f64::from(i) * 0.05))
        .find(|x| DARK_BACKGROUNDS.iter().all(|b| contrast(*x, *b) >= 6.0))
        .unwrap_or(WHITE)
}

/// A tint of `accent` towards `bg` for the current page's background, as strong as
/// keeps `accent` text on it at AA.
fn softest_readable(accent: Rgb, bg: Rgb) -> Rgb {
    [0.82, 0.86, 0.9, 0.93, 0.96, 1.0]
        .iter()
        .map(|t| accent.mix(bg, *t))
        .find(|s| contrast(accent, *s) >= AA)
        .unwrap_or(bg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes AA on white (4.54:1).
        assert!(contrast(Rgb(0x76, 0x76, 0x76), WHITE) >= AA);
        assert!(contrast(Rgb(0x77, 0x77, 0x77), WHITE) < AA);
    }

    #[test]
    fn colours_parse_in_both_hex_forms() {
        assert_eq!(parse_colour("#0a5bc4"), Ok(Rgb(0x0a, 0x5b, 0xc4)));
        assert_eq!(parse_colour("#fff"), Ok(WHITE));
        assert!(parse_colour("teal").is_err());
        assert!(parse_colour("#12345").is_err());
    }

    #[test]
    fn a_pale_accent_is_refused_with_a_shade_that_passes() {
        let err = readable(Rgb(0x77, 0xaa, 0xff), &LIGHT_BACKGROUNDS, BLACK, "light").unwrap_err();
        assert!(err.contains("WCAG AA needs 4.5:1"), "{err}");
        let shade = err
            .rsplit("such as ")
            .next()
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        let shade = parse_colour(shade).unwrap();
        assert!(
            LIGHT_BACKGROUNDS.iter().all(|b| contrast(shade, *b) >= AA),
            "{err}"
        );
    }

    #[test]
    fn derived_colours_keep_aa() {
        for hex in ["#0a5bc4", "#1a7f37", "#8250df", "#b35900", "#333333"] {
            let a = parse_colour(hex).unwrap();
            let d = dark_from_light(a);
            assert!(
                DARK_BACKGROUNDS.iter().all(|b| contrast(d, *b) >= AA),
                "{hex} → {d}"
            );
            assert!(contrast(a, softest_readable(a, WHITE)) >= AA, "{hex}");
            assert!(
                contrast(d, softest_readable(d, DARK_BACKGROUNDS[0])) >= AA,
                "{hex}"
            );
            assert!(contrast(WHITE, a) >= AA, "{hex}: white on the accent");
        }
    }
}
