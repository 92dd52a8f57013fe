//! The theme's own stylesheets, minified as `build` and `watch` publish them (with
//! `minifier`, which rustdoc uses for its own files). `serve` sends the sources, which
//! are easier to read in the browser's tools.
//!
//! Scripts are published as written: `minifier`'s JavaScript pass turned
//! `prefix + ++uid` into `prefix+++uid` (`prefix++ + uid`), which hung the theme's
//! `widgets.js`, and a wrong script is worse than a larger one.

use std::path::Path;

use crate::render::theme::StaticSource;

/// The static files as they are published: the theme's own stylesheets and
/// scripts minified (with `minifier`, which rustdoc uses for its own), everything else
/// as it is. The site's `static/` files are never changed, and a file the minifier
/// cannot read is published as written.
pub fn theme_assets(
    statics: Vec<(String, StaticSource)>,
    theme_dir: Option<&Path>,
) -> Vec<(String, StaticSource)> {
    use rayon::prelude::*;
    statics
        .into_par_iter()
        .map(|(path, src)| {
            let from_theme = match &src {
                StaticSource::Embedded(_) => true,
                StaticSource::Disk(p) => theme_dir.is_some_and(|t| p.starts_with(t)),
                StaticSource::Bytes(_) => false,
            };
            let kind = path.rsplit('.').next().unwrap_or("");
            if !from_theme || kind != "css" {
                return (path, src);
            }
            let Ok(bytes) = crate::render::theme::read_static(&src) else {
                return (path, src);
            };
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return (path, src);
            };
            let small = minifier::css::minify(text).ok().map(|m| m.to_string());
            match small {
                Some(s) if s.len() < text.len() => {
                    (path, StaticSource::Bytes(s.into_bytes().into()))
                }
                _ => (path, src),
            }
        })
        .collect()
}
