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
//! `folio build` and `folio check` also keep the cache on disk between runs (in the
//! user's cache folder, one file per site), so a rebuild only highlights blocks that
//! changed. `--no-cache` turns that off.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
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
    /// The cache file, and whether its themes were found valid when it was written.
    file: Option<PathBuf>,
    themes_known: bool,
    /// Keep highlighted blocks in memory for later calls (all but one-shot builds).
    remember: bool,
}

const CACHE_MAGIC: &[u8; 8] = b"FOLIOHL1";

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
            file: None,
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

    /// A highlighter that loads and later saves its cache in the user's cache folder,
    /// in a file for this site and these themes. A missing or unreadable file is an
    /// empty cache.
    pub fn with_disk_cache(light: &str, dark: &str, site_root: &Path) -> Self {
        let Some(dir) = crate::dirs::cache_dir() else {
            return Highlighter::new(light, dark);
        };
        let root = site_root
            .canonicalize()
            .unwrap_or_else(|_| site_root.to_path_buf());
        let id = xxhash_rust::xxh3::xxh3_64(
            format!(
                "{}\0{light}\0{dark}\0{}\0giallo-0.5",
                root.display(),
                env!("CARGO_PKG_VERSION")
            )
            .as_bytes(),
        );
        Highlighter::with_cache_file(light, dark, dir.join(format!("highlight-{id:016x}.bin")))
    }

    /// A highlighter whose cache is loaded from, and saved to, `file`.
    pub fn with_cache_file(light: &str, dark: &str, file: PathBuf) -> Self {
        let mut h = Highlighter::new(light, dark);
        if let Some((css, entries)) = read_cache_file(&file) {
            h.stylesheet.set(css).ok();
            h.themes_known = true;
            *h.lock() = entries;
        }
        h.file = Some(file);
        h
    }

    /// Writes the cache file if this run highlighted anything new or left blocks unused.
    /// Errors are ignored: the cache only saves time.
    pub fn save(&self) {
        let Some(file) = &self.file else { return };
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let cache = self.lock();
        if !self.fresh.load(Ordering::Relaxed) && used.len() == cache.len() {
            return;
        }
        let css = self.stylesheet();
        let mut buf = Vec::with_capacity(
            cache.values().map(|v| v.len() + 12).sum::<usize>() + css.len() + 16,
        );
        buf.extend_from_slice(CACHE_MAGIC);
        buf.extend_from_slice(&(css.len() as u64).to_le_bytes());
        buf.extend_from_slice(css.as_bytes());
        let mut keys: Vec<&u64> = used.iter().filter(|k| cache.contains_key(k)).collect();
        keys.sort();
        for k in keys {
            let v = &cache[k];
            buf.extend_from_slice(&k.to_le_bytes());
            buf.extend_from_slice(&(v.len() as u64).to_le_bytes());
            buf.extend_from_slice(v.as_bytes());
        }
        if let Some(dir) = file.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
            && tmp.write_all(&buf).is_ok()
        {
            tmp.persist(file).ok();
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
        if self.file.is_some() {
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

/// Reads a cache file: the stylesheet and the highlighted blocks. `None` if it is
/// missing, from another version, or damaged.
fn read_cache_file(path: &Path) -> Option<(String, HashMap<u64, String>)> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let mut cur = Cursor {
        bytes: bytes.strip_prefix(CACHE_MAGIC.as_slice())?,
        pos: 0,
    };
    let css_len = cur.len()?;
    let css = String::from_utf8(cur.take(css_len)?.to_vec()).ok()?;
    let mut entries = HashMap::new();
    while cur.pos < cur.bytes.len() {
        let key = cur.u64()?;
        let len = cur.len()?;
        let html = String::from_utf8(cur.take(len)?.to_vec()).ok()?;
        entries.insert(key, html);
    }
    Some((css, entries))
}

/// Reads a cache file's fields, failing on truncation.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
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
    fn disk_cache_round_trips_and_keeps_only_live_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache.bin");
        let h = Highlighter::with_cache_file("github-light", "catppuccin-mocha", file.clone());
        let a = h.highlight("rust", "fn a() {}");
        h.highlight("rust", "fn b() {}");
        h.save();
        let again = Highlighter::with_cache_file("github-light", "catppuccin-mocha", file.clone());
        assert!(again.themes_known);
        assert_eq!(again.lock().len(), 2, "both blocks were saved");
        assert_eq!(again.highlight("rust", "fn a() {}"), a);
        assert!(!again.fresh.load(Ordering::Relaxed), "served from the file");
        again.save();
        let third = Highlighter::with_cache_file("github-light", "catppuccin-mocha", file);
        assert_eq!(third.lock().len(), 1, "blocks no longer used are dropped");
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
