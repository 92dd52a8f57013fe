//! `config.branding` for templates, from the `[branding]` table (`crate::branding`):
//! every file it names checked against the static files of the theme and the site and
//! made a URL under the base path, the logo's size read from the file (so the header
//! never shifts as it loads), header-link icons, Markdown made HTML (as the `markdown` filter makes it, `@/` links
//! included), and the colours
//! as one small stylesheet.

use std::collections::HashMap;

use anyhow::{Result, bail};
use tera::Value;

use super::theme::{self, StaticSource, ThemeFiles};
use super::values::obj;
use crate::branding::{Branding, ICONS, LOGO_HEIGHT};

/// `config.branding` for templates, with every file checked against the static
/// files of the theme and the site, and every path made a URL under `base_path`.
pub fn value(
    b: &Branding,
    title: &str,
    base_path: &str,
    theme: &ThemeFiles,
    content_urls: &HashMap<String, String>,
) -> Result<Value> {
    let file = |key: &str, path: &str| -> Result<(String, &StaticSource)> {
        let rel = path.trim_start_matches('/');
        match theme.statics.get(rel) {
            Some(src) => Ok((format!("{base_path}{rel}"), src)),
            None => bail!(
                "config.toml: `[branding] {key}`: `{path}` is not a file of `static/` (nor of the theme's `static/`)"
            ),
        }
    };
    let url_or_file = |key: &str, path: &str| -> Result<String> {
        if path.starts_with("https://") || path.starts_with("http://") {
            Ok(path.to_string())
        } else {
            Ok(file(key, path)?.0)
        }
    };
    let show_title = b.show_title.unwrap_or(true);
    let logo = match &b.logo {
        None => Value::none(),
        Some(path) => {
            let (src, source) = file("logo", path)?;
            let (w, h) = image_size(source)
                .map_err(|m| anyhow::anyhow!("config.toml: `[branding] logo`: `{path}`: {m}"))?;
            let width = (f64::from(LOGO_HEIGHT) * f64::from(w) / f64::from(h.max(1))).round();
            let dark = match &b.logo_dark {
                Some(p) => Value::from(file("logo_dark", p)?.0),
                None => Value::none(),
            };
            obj([
                ("src", Value::from(src)),
                ("src_dark", dark),
                ("width", Value::from(width as u64)),
                ("height", Value::from(LOGO_HEIGHT)),
                ("alt", Value::from(if show_title { "" } else { title })),
            ])
        }
    };
    let favicon = match &b.favicon {
        None => Value::none(),
        Some(path) => {
            let (href, _) = file("favicon", path)?;
            let kind = match path
                .rsplit('.')
                .next()
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                Some("ico") => "image/x-icon",
                _ => bail!(
                    "config.toml: `[branding] favicon`: `{path}` must be an `.svg`, `.png` or `.ico` file"
                ),
            };
            obj([("href", Value::from(href)), ("type", Value::from(kind))])
        }
    };
    let mut links = Vec::new();
    for link in &b.links {
        let icon = match link.icon.as_deref() {
            None => Value::none(),
            Some(name) => match ICONS.iter().find(|(n, _)| *n == name) {
                Some((_, svg)) => obj([("svg", Value::safe_string(svg))]),
                None if name.ends_with(".svg") => {
                    obj([("mask", Value::from(file("links.icon", name)?.0))])
                }
                None => bail!(
                    "config.toml: `[[branding.links]]` `{}`: unknown icon `{name}`; use one of {} or an `.svg` file of `static/`",
                    link.name,
                    ICONS
                        .iter()
                        .map(|(n, _)| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        let url = if link.url.starts_with('/') && !link.url.starts_with("//") {
            format!("{base_path}{}", link.url.trim_start_matches('/'))
        } else {
            link.url.clone()
        };
        links.push(obj([
            ("name", Value::from(link.name.as_str())),
            ("url", Value::from(url)),
            ("external", Value::from(link.url.contains("://"))),
            ("icon", icon),
        ]));
    }
    let stylesheets = b
        .stylesheets
        .iter()
        .map(|p| url_or_file("stylesheets", p).map(Value::from))
        .collect::<Result<Vec<_>>>()?;
    let scripts = b
        .scripts
        .iter()
        .map(|p| url_or_file("scripts", p).map(Value::from))
        .collect::<Result<Vec<_>>>()?;
    let markdown = |s: &Option<String>| {
        s.as_deref().map_or_else(Value::none, |m| {
            Value::safe_string(&crate::markdown::render_inline(m, content_urls))
        })
    };
    let announcement_id = b.announcement.as_deref().map_or_else(Value::none, |a| {
        Value::from(super::functions::short_hash(a.as_bytes()))
    });
    Ok(obj([
        ("logo", logo),
        ("show_title", Value::from(show_title)),
        ("favicon", favicon),
        (
            "css",
            b.css().map_or_else(Value::none, |c| Value::safe_string(&c)),
        ),
        ("stylesheets", Value::from(stylesheets)),
        ("scripts", Value::from(scripts)),
        ("links", Value::from(links)),
        ("footer", markdown(&b.footer)),
        ("announcement", markdown(&b.announcement)),
        ("announcement_id", announcement_id),
    ]))
}

/// The width and height of an image, read as `get_image_metadata` reads them: an
/// SVG's `width`/`height` or `viewBox` (`images::svg_size`), or a raster image's header
/// with its EXIF orientation (`images::read_info`).
fn image_size(source: &StaticSource) -> Result<(u32, u32), String> {
    let bytes = theme::read_static(source).map_err(|e| format!("cannot read it: {e}"))?;
    match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("<svg") => crate::images::svg_size(text),
        _ => crate::images::read_info(std::io::Cursor::new(&bytes[..]))
            .map(|info| info.size)
            .map_err(|e| format!("{e:#}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_attributes_or_the_view_box() {
        let svg =
            |s: &str| StaticSource::Embedded(Box::leak(s.as_bytes().to_vec().into_boxed_slice()));
        assert_eq!(
            image_size(&svg(r#"<svg xmlns="x" width="120" height="40">"#)),
            Ok((120, 40))
        );
        assert_eq!(
            image_size(&svg(r#"<?xml?><svg viewBox="0 0 96 32">"#)),
            Ok((96, 32))
        );
        assert!(image_size(&svg("<svg>")).is_err());
    }
}
