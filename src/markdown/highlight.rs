//! Build-time syntax highlighting with giallo (VS Code grammars; EUPL-1.2), into CSS
//! classes with a generated light and dark stylesheet.
//!
//! Highlighting is the most expensive step of a build, so results are cached by a hash
//! of language and code: an unchanged block is never highlighted twice, within a build
//! or across the rebuilds of `serve`. An unknown language falls back to escaped plain
//! code and is never an error.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, ThemeVariant};

const PREFIX: &str = "hl-";

/// The highlighter and its cache. Cheap to create; the grammar registry loads on first use.
pub struct Highlighter {
    light: String,
    dark: String,
    /// One registry per worker thread: giallo guards each grammar's compiled pattern
    /// set with a mutex, so threads sharing a registry take turns; with their own they
    /// highlight in parallel.
    registries: Vec<OnceLock<Option<Registry>>>,
    cache: Mutex<HashMap<u64, String>>,
}

impl Highlighter {
    pub fn new(light: &str, dark: &str) -> Self {
        Highlighter {
            light: light.to_string(),
            dark: dark.to_string(),
            // Rayon's workers, plus one for threads outside the pool.
            registries: (0..=rayon::current_num_threads())
                .map(|_| OnceLock::new())
                .collect(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn registry(&self) -> Option<&Registry> {
        let last = self.registries.len() - 1;
        let slot = rayon::current_thread_index().map_or(last, |i| i.min(last));
        self.registries[slot]
            .get_or_init(|| {
                let mut r = Registry::builtin().ok()?;
                r.link_grammars();
                Some(r)
            })
            .as_ref()
    }

    /// The HTML of one code block. `lang` may be empty or unknown.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let key = xxhash_rust::xxh3::xxh3_64(format!("{lang}\u{0}{code}").as_bytes());
        if let Some(hit) = self.lock().get(&key) {
            return hit.clone();
        }
        let html = self.render(lang, code).unwrap_or_else(|| plain(lang, code));
        self.lock().insert(key, html.clone());
        html
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, String>> {
        // A poisoned cache only means another thread panicked mid-insert; the map is
        // still a valid cache.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn render(&self, lang: &str, code: &str) -> Option<String> {
        if lang.is_empty() {
            return None;
        }
        let registry = self.registry()?;
        if !registry.contains_grammar(lang) {
            return None;
        }
        let options = HighlightOptions::new(
            lang,
            ThemeVariant::Dual {
                light: self.light.as_str(),
                dark: self.dark.as_str(),
            },
        )
        .fallback_to_plain(true);
        let highlighted = registry.highlight(code, &options).ok()?;
        let renderer = HtmlRenderer {
            css_class_prefix: Some(PREFIX.to_string()),
            add_color_scheme: false,
            ..Default::default()
        };
        Some(renderer.render(&highlighted, &RenderOptions::default()))
    }

    /// The stylesheet for highlighted code: light colours by default, dark colours when
    /// the reader's system or the theme's toggle asks for dark.
    pub fn stylesheet(&self) -> String {
        let Some(registry) = self.registry() else {
            return String::new();
        };
        let Ok((light, dark)) = registry.generate_dual_css(&self.light, &self.dark, PREFIX) else {
            return String::new();
        };
        let scoped = |prefix: &str| {
            dark.lines()
                .map(|l| {
                    if l.starts_with('.') {
                        format!("{prefix} {l}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        format!(
            "{light}\n[data-theme=\"dark\"] .giallo {{ color-scheme: dark; }}\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
            scoped("[data-theme=\"dark\"]"),
            scoped(":root:not([data-theme=\"light\"])")
        )
    }

    /// Whether a theme name exists, for a clear config error.
    pub fn has_theme(&self, name: &str) -> bool {
        self.registry().is_some_and(|r| r.contains_theme(name))
    }
}

/// Escaped plain code, for unknown languages and when highlighting is off.
pub fn plain(lang: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 64);
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        pulldown_cmark_escape::escape_html(&mut out, lang).ok();
        out.push('"');
    }
    out.push_str("><code>");
    pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
    out.push_str("</code></pre>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_language_is_escaped_plain() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let html = h.highlight("no-such-lang", "<b>&</b>");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"no-such-lang\">"));
    }

    #[test]
    fn known_language_gets_classes_and_is_cached() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let a = h.highlight("rust", "fn main() { let x = 1; }");
        assert!(a.contains("hl-l-"), "{a}");
        assert_eq!(h.lock().len(), 1);
        let b = h.highlight("rust", "fn main() { let x = 1; }");
        assert_eq!(a, b);
        assert_eq!(h.lock().len(), 1);
        let css = h.stylesheet();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains("[data-theme=\"dark\"] .hl-d-"));
    }
}
