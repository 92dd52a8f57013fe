//! Build-time syntax highlighting with giallo (VS Code grammars; EUPL-1.2), into CSS
//! classes with a generated light and dark stylesheet.
//!
//! Highlighting is the most expensive step of a build, so results are cached by a hash
//! of language and code: an unchanged block is never highlighted twice, within a build
//! or across the rebuilds of `serve`. An unknown language falls back to escaped plain
//! code and is never an error. Fence options (`fence.rs`: line numbers, highlighted and
//! hidden lines) are applied to a block's HTML after the cache, so the key is the
//! language and code alone and one block serves every set of options.
//!
//! The commands also keep the cache on disk between runs (`output::highlight_cache`,
//! which hands the loaded blocks in and saves what `save` gives back), so a rebuild
//! only highlights blocks that changed. `--no-cache` turns that off. This file never
//! touches the disk.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Keys looked up in this process, so the saved file holds only live blocks.
    used: Mutex<HashSet<u64>>,
    /// A block was highlighted that the loaded file did not have.
    fresh: AtomicBool,
    /// The stylesheet, when the cache file had it.
    stylesheet: OnceLock<String>,
    /// When each loaded block was last used (seconds since 1970), kept for the blocks
    /// this run does not use, so the cache drops the least recently used first.
    stamps: HashMap<u64, u64>,
    /// Where `save` sends the cache, when it has a home.
    saver: Option<Saver>,
    /// The loaded cache's themes were valid when it was written.
    themes_known: bool,
    /// Keep highlighted blocks in memory for later calls (all but one-shot builds).
    remember: bool,
}

/// What a cache holds: the stylesheet and each block as (key, last used, HTML). A
/// loaded cache owns its text; the one handed to a saver borrows the highlighter's, so
/// saving never copies the cache.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CacheData<'a> {
    pub css: Cow<'a, str>,
    pub entries: Vec<(u64, u64, Cow<'a, str>)>,
}

impl CacheData<'_> {
    pub fn into_owned(self) -> CacheData<'static> {
        CacheData {
            css: Cow::Owned(self.css.into_owned()),
            entries: self
                .entries
                .into_iter()
                .map(|(k, s, h)| (k, s, Cow::Owned(h.into_owned())))
                .collect(),
        }
    }
}

/// Where `save` sends the cache (see `output::highlight_cache`): `encode` runs under
/// the cache's lock, on the blocks as they are; `write` after the lock is released, so
/// highlighting never waits for the disk.
pub struct Saver {
    pub encode: fn(&CacheData<'_>) -> Vec<u8>,
    pub write: Box<dyn Fn(Vec<u8>) + Send + Sync>,
}

/// A block used again is re-stamped in the saved cache once this much time has
/// passed, so that a build that highlights nothing new rewrites the file at most
/// once a day.
const RESTAMP_SECS: u64 = 24 * 60 * 60;

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
            used: Mutex::new(HashSet::new()),
            fresh: AtomicBool::new(false),
            stylesheet: OnceLock::new(),
            stamps: HashMap::new(),
            saver: None,
            themes_known: false,
            remember: true,
        }
    }

    /// A highlighter that keeps nothing between calls, for a build that highlights each
    /// block once and saves no cache: its memory does not grow with the site.
    pub fn one_shot(light: &str, dark: &str) -> Self {
        Highlighter {
            remember: false,
            ..Highlighter::new(light, dark)
        }
    }

    /// A highlighter that starts from a loaded cache (`None`: an empty one) and hands
    /// its blocks to `saver` on `save`.
    pub fn with_cache(
        light: &str,
        dark: &str,
        loaded: Option<CacheData<'static>>,
        saver: Saver,
    ) -> Self {
        let mut h = Highlighter::new(light, dark);
        if let Some(data) = loaded {
            h.stylesheet.set(data.css.into_owned()).ok();
            h.themes_known = true;
            let mut cache = HashMap::with_capacity(data.entries.len());
            for (key, stamp, html) in data.entries {
                h.stamps.insert(key, stamp);
                cache.insert(key, html.into_owned());
            }
            *h.lock() = cache;
        }
        h.saver = Some(saver);
        h
    }

    /// Hands the cache to its saver when this run highlighted anything new, or used a
    /// block whose stamp is a day old. Each block is stamped with `now` if this run used
    /// it, else keeps its stamp.
    pub fn save(&self) {
        let Some(saver) = &self.saver else { return };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if let Some(bytes) = self.saving(now, saver.encode) {
            (saver.write)(bytes);
        }
    }

    /// Runs `f` on the cache as `save` would store it at time `now` (borrowed, under
    /// the cache's lock), or returns `None` when the stored one is still good.
    pub fn saving<R>(&self, now: u64, f: impl FnOnce(&CacheData<'_>) -> R) -> Option<R> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let cache = self.lock();
        let stale = used.iter().any(|k| {
            self.stamps
                .get(k)
                .is_some_and(|s| now.saturating_sub(*s) >= RESTAMP_SECS)
        });
        if !self.fresh.load(Ordering::Relaxed) && !stale {
            return None;
        }
        let entries = cache
            .iter()
            .map(|(k, html)| {
                let stamp = if used.contains(k) {
                    now
                } else {
                    self.stamps.get(k).copied().unwrap_or(now)
                };
                (*k, stamp, Cow::Borrowed(html.as_str()))
            })
            .collect();
        Some(f(&CacheData {
            css: Cow::Owned(self.stylesheet()),
            entries,
        }))
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
        if self.saver.is_some() {
            self.used
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key);
        }
        if !self.remember {
            return self.render(lang, code).unwrap_or_else(|| plain(lang, code));
        }
        if let Some(hit) = self.lock().get(&key) {
            return hit.clone();
        }
        let html = self.render(lang, code).unwrap_or_else(|| plain(lang, code));
        self.fresh.store(true, Ordering::Relaxed);
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
        self.stylesheet
            .get_or_init(|| self.build_stylesheet())
            .clone()
    }

    fn build_stylesheet(&self) -> String {
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
        // A cache file is written only after its themes were checked.
        (self.themes_known && (name == self.light || name == self.dark))
            || self.registry().is_some_and(|r| r.contains_theme(name))
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

    /// The cache `save` would store at `now`, as owned data.
    fn to_save(h: &Highlighter, now: u64) -> Option<CacheData<'static>> {
        h.saving(now, |d| d.clone().into_owned())
    }

    #[test]
    fn a_cache_round_trips_and_restamps_only_what_was_used() {
        let saved = std::sync::Arc::new(Mutex::new(None));
        let sink = |saved: &std::sync::Arc<Mutex<Option<Vec<u8>>>>| -> Saver {
            let saved = saved.clone();
            Saver {
                encode: |d| d.entries.len().to_le_bytes().to_vec(),
                write: Box::new(move |bytes| *saved.lock().unwrap() = Some(bytes)),
            }
        };
        let h = Highlighter::with_cache("github-light", "catppuccin-mocha", None, sink(&saved));
        let a = h.highlight("rust", "fn a() {}");
        h.highlight("rust", "fn b() {}");
        let first = to_save(&h, 1000).expect("new blocks are saved");
        assert_eq!(first.entries.len(), 2);
        assert!(first.entries.iter().all(|e| e.1 == 1000));
        // Loaded again: served from the cache, nothing to save the same day.
        let again = Highlighter::with_cache(
            "github-light",
            "catppuccin-mocha",
            Some(first),
            sink(&saved),
        );
        assert!(again.themes_known);
        assert_eq!(again.highlight("rust", "fn a() {}"), a);
        assert!(
            !again.fresh.load(Ordering::Relaxed),
            "served from the cache"
        );
        assert_eq!(
            to_save(&again, 2000),
            None,
            "a same-day rebuild rewrites nothing"
        );
        // A day later the used block is re-stamped; the unused one keeps its stamp.
        let later = to_save(&again, 1000 + RESTAMP_SECS).expect("a day-old stamp is refreshed");
        let stamp = |code: &str| {
            let key = xxhash_rust::xxh3::xxh3_64(format!("rust\u{0}{code}").as_bytes());
            later.entries.iter().find(|e| e.0 == key).unwrap().1
        };
        assert_eq!(stamp("fn a() {}"), 1000 + RESTAMP_SECS);
        assert_eq!(stamp("fn b() {}"), 1000);
        again.save();
        assert!(
            saved.lock().unwrap().is_some(),
            "save hands the cache to its saver"
        );
    }

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
