//! Build-time syntax highlighting into CSS classes, with a generated light and dark
//! stylesheet. Two engines:
//! - tree-sitter (through arborium's grammars) for the languages docs show most (Rust,
//!   TOML, Python, JavaScript, TypeScript, Go, C, Java, shell, YAML, JSON, HTML, CSS,
//!   Dockerfile): four to ten times faster (bench/highlight). Each token gets a class
//!   per kind (`hl-t-k` for a keyword, `hl-t-s` a string…);
//! - giallo (VS Code grammars; EUPL-1.2) for every other language, with classes per
//!   theme colour (`hl-l-…` light, `hl-d-…` dark).
//!
//! Both write the same block shape (a `giallo-l` span per line, so `fence.rs` treats
//! them alike) and share one stylesheet, coloured from the configured giallo themes:
//! each tree-sitter kind takes the colour the theme gives an example of it in giallo's
//! grammars (`KINDS`: `if` in Rust for a keyword…).
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
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use std::fmt::Write as _;
use std::sync::Arc;

use anyhow::Context as _;
use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, Style, ThemeVariant};
use rayon::prelude::*;

const PREFIX: &str = "hl-";
/// The class prefix of tree-sitter tokens: `hl-t-` and the kind's short tag.
const TS_PREFIX: &str = "hl-t-";

/// The themes folio highlights with unless `[markdown]` names others (light, dark).
pub const DEFAULT_THEMES: (&str, &str) = ("github-light", "catppuccin-mocha");

/// The stylesheet of `DEFAULT_THEMES`, made ahead of time: making it loads giallo's
/// grammars and themes and highlights the kinds' examples, a tenth of a second of CPU
/// on every build without a cache (most of the build of a small site). A test checks
/// it against what giallo makes now; `FOLIO_BLESS=1 cargo test default_stylesheet`
/// rewrites it after an upgrade.
const DEFAULT_STYLESHEET: &str = include_str!("default-highlight.css");

/// An example token in giallo's grammars: (language, code, the token's text).
type Example = (&'static str, &'static str, &'static str);

/// Each tree-sitter kind (arborium's short tag) and an example of it that giallo
/// knows: (language, code, token). A kind takes the colour the configured theme gives
/// its example's token, through giallo's own grammar and scope matching (the comment
/// names the scope family meant); a kind without an example takes the block's colour.
const KINDS: [(&str, Option<Example>); 27] = [
    ("k", Some(("rust", "if x {}", "if"))), // keyword.control
    ("f", Some(("rust", "fn name() {}", "name"))), // entity.name.function
    ("s", Some(("rust", "\"text\"", "text"))), // string.quoted.double
    ("c", Some(("rust", "// note", "note"))), // comment.line
    ("t", Some(("rust", "struct Name;", "Name"))), // entity.name.type
    ("v", Some(("rust", "let name = 1;", "name"))), // variable.other
    ("co", Some(("rust", "true", "true"))), // constant.language
    ("n", Some(("rust", "42", "42"))),      // constant.numeric
    ("o", Some(("rust", "a + b", "+"))),    // keyword.operator
    ("p", Some(("rust", "a;", ";"))),       // punctuation
    ("pr", Some(("json", "{\"key\": 1}", "key"))), // support.type.property-name
    ("at", Some(("html", "<a href=\"x\">", "href"))), // entity.other.attribute-name
    ("tg", Some(("html", "<a>", "a"))),     // entity.name.tag
    ("m", Some(("rust", "name!()", "name!"))), // entity.name.function.macro
    ("l", Some(("rust", "'outer: loop {}", "outer"))), // entity.name.label
    ("ns", Some(("rust", "use std::io;", "std"))), // entity.name.namespace
    ("cr", Some(("javascript", "new Name()", "Name"))), // entity.name.type
    ("tt", Some(("markdown", "# Title", "Title"))), // markup.heading
    ("st", Some(("markdown", "**bold**", "bold"))), // markup.bold
    ("em", Some(("markdown", "*it*", "it"))), // markup.italic
    ("tu", Some(("markdown", "<https://a.b>", "https://a.b"))), // markup.underline.link
    ("tl", Some(("markdown", "`code`", "code"))), // markup.inline.raw
    ("tx", Some(("markdown", "~~gone~~", "gone"))), // markup.strikethrough
    ("da", Some(("diff", "+added", "added"))), // markup.inserted
    ("dd", Some(("diff", "-removed", "removed"))), // markup.deleted
    ("eb", None),
    ("er", None),
];

/// The highlighter and its cache. Cheap to create; the grammar registry loads on first use.
pub struct Highlighter {
    light: String,
    dark: String,
    /// One registry per worker thread: giallo guards each grammar's compiled pattern
    /// set with a mutex, so threads sharing a registry take turns; with their own they
    /// highlight in parallel.
    registries: Vec<OnceLock<Option<Registry>>>,
    /// One tree-sitter highlighter per worker thread (each holds a parser), sharing
    /// the compiled grammars.
    trees: Vec<Mutex<Option<arborium::Highlighter>>>,
    grammars: Arc<arborium::GrammarStore>,
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
            trees: (0..=rayon::current_num_threads())
                .map(|_| Mutex::new(None))
                .collect(),
            grammars: Arc::new(arborium::GrammarStore::new()),
            cache: Mutex::new(HashMap::new()),
            used: Mutex::new(HashSet::new()),
            fresh: AtomicBool::new(false),
            stylesheet: OnceLock::new(),
            stamps: HashMap::new(),
            saver: None,
            // The default themes come with giallo.
            themes_known: (light, dark) == DEFAULT_THEMES,
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

    /// This thread's slot in `registries` and `trees`: its rayon index, or the last
    /// slot for threads outside the pool.
    fn slot(&self) -> usize {
        let last = self.registries.len() - 1;
        rayon::current_thread_index().map_or(last, |i| i.min(last))
    }

    fn registry(&self) -> Option<&Registry> {
        self.registries[self.slot()]
            .get_or_init(|| {
                let mut r = Registry::builtin().ok()?;
                r.link_grammars();
                Some(r)
            })
            .as_ref()
    }

    /// Starts compiling, on the thread pool and without waiting, the tree-sitter
    /// grammars of the fence languages in `bodies` (Markdown sources) that this
    /// highlighter has no block of yet: a cold build. Otherwise the first blocks of a
    /// language, one per core, each compile its queries at once (Rust's take about
    /// 50 ms), while the cores could be loading templates.
    /// Returns the languages it found.
    pub fn prepare<'a>(
        &self,
        bodies: impl rayon::iter::ParallelIterator<Item = &'a str>,
    ) -> BTreeSet<String> {
        if !self.lock().is_empty() {
            return BTreeSet::new();
        }
        let langs = bodies
            .fold(BTreeSet::new, |mut langs, body| {
                super::fence::languages(body, &mut langs);
                langs
            })
            .reduce(BTreeSet::new, |mut a, b| {
                a.extend(b);
                a
            });
        let store = self.grammars.clone();
        let compile = langs.clone();
        rayon::spawn(move || {
            compile.par_iter().for_each(|lang| {
                store.get(lang);
            });
        });
        langs
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
        if let Some(html) = self.render_tree(lang, code) {
            return Some(html);
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

    /// The block through tree-sitter, or `None` when it has no grammar for `lang`.
    fn render_tree(&self, lang: &str, code: &str) -> Option<String> {
        // The grammar store answers from its table; a missing language costs no parse.
        self.grammars.get(lang)?;
        let mut slot = self.trees[self.slot()]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let tree = slot.get_or_insert_with(|| {
            arborium::Highlighter::with_store_and_config(
                self.grammars.clone(),
                arborium::Config {
                    // Embedded languages (CSS and JavaScript in HTML) one level deep.
                    max_injection_depth: 1,
                    html_format: arborium::HtmlFormat::ClassNames,
                },
            )
        });
        // Line ends as giallo (and `fence::line_count`) read them.
        let code = if code.contains('\r') {
            Cow::Owned(code.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Cow::Borrowed(code)
        };
        let mut spans = tree.highlight_spans(lang, &code).ok()?;
        drop(slot);
        for span in &mut spans {
            // JSON's keys: a property, over the string capture of the same node (the
            // later pattern would win), so keys and values differ as in giallo.
            if span.capture == "string.special.key" {
                span.capture = "property".to_string();
                span.pattern_index = u32::MAX;
            }
        }
        let tokens = super::spans::flat_tokens(&code, &spans);
        Some(render_lines(
            lang,
            &code,
            tokens
                .iter()
                .map(|&(start, end, tag)| (start as usize, end as usize, tag)),
        ))
    }

    /// The stylesheet for highlighted code: light colours by default, dark colours when
    /// the reader's system or the theme's toggle asks for dark.
    pub fn stylesheet(&self) -> String {
        self.stylesheet
            .get_or_init(|| {
                if (self.light.as_str(), self.dark.as_str()) == DEFAULT_THEMES {
                    DEFAULT_STYLESHEET.to_string()
                } else {
                    self.build_stylesheet()
                }
            })
            .clone()
    }

    fn build_stylesheet(&self) -> String {
        let Some(registry) = self.registry() else {
            return String::new();
        };
        let Ok((mut light, mut dark)) = registry.generate_dual_css(&self.light, &self.dark, PREFIX)
        else {
            return String::new();
        };
        match kind_styles(registry, &self.light, &self.dark) {
            Ok(kinds) => {
                for (tag, l, d) in kinds {
                    light.push_str(&kind_rule(tag, &l));
                    dark.push_str(&kind_rule(tag, &d));
                }
            }
            // The tree-sitter kinds then take the block's colour; giallo's are intact.
            Err(e) => eprintln!("warning: no colours for tree-sitter highlighting: {e:#}"),
        }
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

/// A block's HTML in giallo's shape (a `giallo-l` span per line) from `tokens`:
/// (start, end, kind tag), in order and not overlapping. A token that crosses a line
/// end is closed and reopened on the next line, so each line stands alone.
fn render_lines<'a>(
    lang: &str,
    code: &str,
    tokens: impl Iterator<Item = (usize, usize, &'a str)>,
) -> String {
    let text = code.strip_suffix('\n').unwrap_or(code);
    let mut out = String::with_capacity(text.len() * 2 + 128);
    out.push_str("<pre class=\"giallo hl-l-code hl-d-code\"><code data-lang=\"");
    pulldown_cmark_escape::escape_html(&mut out, lang).ok();
    out.push_str("\"><span class=\"giallo-l\">");
    let mut pos = 0;
    for (start, end, tag) in tokens {
        let end = end.min(text.len());
        if start < pos
            || start >= end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        push_text(&mut out, &text[pos..start], None);
        push_text(&mut out, &text[start..end], Some(tag));
        pos = end;
    }
    push_text(&mut out, &text[pos..], None);
    out.push_str("</span></code></pre>");
    out
}

/// Escaped `text`, in a span of `tag`'s class when given, with a new `giallo-l` line
/// span at each line end.
fn push_text(out: &mut String, text: &str, tag: Option<&str>) {
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("</span>\n<span class=\"giallo-l\">");
        }
        if piece.is_empty() {
            continue;
        }
        if let Some(tag) = tag {
            let _ = write!(out, "<span class=\"{TS_PREFIX}{tag}\">");
        }
        pulldown_cmark_escape::escape_html_body_text(&mut *out, piece).ok();
        if tag.is_some() {
            out.push_str("</span>");
        }
    }
}

/// Each kind's (tag, light style, dark style) in the configured themes: the styles of
/// its example's token in `registry`.
fn kind_styles(
    registry: &Registry,
    light: &str,
    dark: &str,
) -> anyhow::Result<Vec<(&'static str, Style, Style)>> {
    let theme = ThemeVariant::Dual { light, dark };
    // The block's own style, for kinds without an example.
    let base = registry
        .highlight(
            "x",
            &HighlightOptions::new("plain", theme).fallback_to_plain(true),
        )
        .context("highlighting plain text")?;
    let ThemeVariant::Dual {
        light: base_light,
        dark: base_dark,
    } = base.theme
    else {
        anyhow::bail!("giallo answered a dual theme with a single one");
    };
    let mut out = Vec::with_capacity(KINDS.len());
    for (tag, example) in KINDS {
        let styles = example.and_then(|(lang, code, word)| {
            let options = HighlightOptions::new(lang, theme).merge_whitespace(false);
            let highlighted = registry.highlight(code, &options).ok()?;
            let token = highlighted
                .tokens
                .iter()
                .flatten()
                .find(|t| t.text.trim() == word)?;
            match token.style {
                ThemeVariant::Dual { light, dark } => Some((light, dark)),
                ThemeVariant::Single(_) => None,
            }
        });
        let (l, d) = styles.unwrap_or((base_light.default_style, base_dark.default_style));
        out.push((tag, l, d));
    }
    Ok(out)
}

/// One line of CSS for a kind's style. Every property is set, so that the dark rule
/// undoes the light one.
fn kind_rule(tag: &str, style: &Style) -> String {
    use giallo::FontStyle;
    let f = style.font_style;
    let mut deco = Vec::new();
    if f.contains(FontStyle::UNDERLINE) {
        deco.push("underline");
    }
    if f.contains(FontStyle::STRIKETHROUGH) {
        deco.push("line-through");
    }
    format!(
        ".{TS_PREFIX}{tag} {{ color: {}; font-weight: {}; font-style: {}; text-decoration: {}; }}\n",
        style.foreground.as_hex(),
        if f.contains(FontStyle::BOLD) {
            "bold"
        } else {
            "normal"
        },
        if f.contains(FontStyle::ITALIC) {
            "italic"
        } else {
            "normal"
        },
        if deco.is_empty() {
            "none".to_string()
        } else {
            deco.join(" ")
        },
    )
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
    fn the_default_stylesheet_is_what_giallo_makes() {
        let h = Highlighter::new(DEFAULT_THEMES.0, DEFAULT_THEMES.1);
        let made = h.build_stylesheet();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/markdown/default-highlight.css");
        if std::env::var_os("FOLIO_BLESS").is_some() {
            std::fs::write(&path, &made).expect("src/markdown/default-highlight.css");
            return;
        }
        assert!(
            made.contains(".hl-t-k {") && made.contains("prefers-color-scheme: dark"),
            "{made}"
        );
        assert!(
            made == DEFAULT_STYLESHEET,
            "the stylesheet of the default themes changed (giallo, its themes or KINDS): \
             `FOLIO_BLESS=1 cargo test default_stylesheet` rewrites {}",
            path.display()
        );
        assert_eq!(h.stylesheet(), made);
        // The configuration's defaults are these themes.
        let config = crate::config::Config::default();
        assert_eq!(
            (
                config.markdown.highlight_theme_light.as_str(),
                config.markdown.highlight_theme_dark.as_str()
            ),
            DEFAULT_THEMES
        );
    }

    #[test]
    fn a_cold_highlighter_prepares_the_fence_languages() {
        let bodies = [
            "```rust\nfn a() {}\n```\n",
            "~~~ toml\na = 1\n~~~\n```\nplain\n```\n",
        ];
        let h = Highlighter::new("github-light", "github-dark");
        let langs = h.prepare(bodies.par_iter().copied());
        assert_eq!(langs.into_iter().collect::<Vec<_>>(), ["rust", "toml"]);
        // With blocks in its cache (a warm build), it leaves grammars to first use.
        h.highlight("rust", "fn a() {}");
        assert!(h.prepare(bodies.par_iter().copied()).is_empty());
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

    #[test]
    fn tree_sitter_marks_keywords_strings_comments_and_numbers() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let html = h.highlight(
            "rust",
            "// note\nfn main() {\n    let s = \"a<b\";\n    let n = 42;\n}\n",
        );
        // arborium's Rust grammar calls a number a builtin constant.
        for class in ["hl-t-c", "hl-t-k", "hl-t-s", "hl-t-co", "hl-t-f"] {
            assert!(
                html.contains(&format!("class=\"{class}\"")),
                "{class}: {html}"
            );
        }
        assert!(
            html.contains("&quot;a&lt;b&quot;") || html.contains("\"a&lt;b\""),
            "{html}"
        );
        assert!(!html.contains("hl-l-1"), "not giallo's classes: {html}");
        // The same shape as giallo's: one `giallo-l` span per line.
        assert_eq!(
            html.matches("<span class=\"giallo-l\">").count(),
            5,
            "{html}"
        );
        let json = h.highlight("json", "{\"key\": \"value\"}");
        assert!(
            json.contains("<span class=\"hl-t-pr\">&quot;key&quot;</span>")
                || json.contains("<span class=\"hl-t-pr\">\"key\"</span>"),
            "{json}"
        );
        assert!(
            json.contains("<span class=\"hl-t-s\">\"value\"</span>"),
            "{json}"
        );
        let py = h.highlight("python", "def f():\n    return 'x'  # done\n");
        assert!(py.contains("<span class=\"hl-t-k\">def</span>"), "{py}");
        assert!(py.contains("hl-t-c"), "{py}");
    }

    #[test]
    fn a_token_across_lines_is_closed_and_reopened_on_each() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let html = h.highlight("rust", "/* one\ntwo */ let\r\nx = 1;");
        let lines: Vec<&str> = html.split('\n').collect();
        assert_eq!(lines.len(), 3, "{html}");
        assert!(
            lines[0].ends_with("<span class=\"hl-t-c\">/* one</span></span>"),
            "{html}"
        );
        assert!(
            lines[1].starts_with("<span class=\"giallo-l\"><span class=\"hl-t-c\">two */</span>"),
            "{html}"
        );
        // Each line balances its spans, so `fence.rs` can take lines apart.
        for line in &lines[1..] {
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
    }

    #[test]
    fn fence_options_take_tree_sitter_lines_apart() {
        use crate::markdown::fence;
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let html = h.highlight("rust", "/* a\nb */\nfn secret() {}\nlet x = 1;\n");
        let (f, problems) = fence::parse("rust,linenos,hl_lines=2,hide_lines=3");
        assert!(problems.is_empty());
        let out = fence::decorate(&html, &f);
        assert!(
            out.contains(
                "<mark class=\"giallo-l\" data-ln=\"2\"><span class=\"hl-t-c\">b */</span></mark>"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "<span class=\"giallo-l\" data-ln=\"4\"><span class=\"hl-t-k\">let</span>"
            ),
            "{out}"
        );
        assert!(!out.contains("secret"), "{out}");
    }

    #[test]
    fn a_language_only_giallo_knows_still_highlights() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let html = h.highlight("ruby", "def hi\n  puts 'hi' # greet\nend\n");
        assert!(html.contains("hl-l-") && html.contains("hl-d-"), "{html}");
        assert!(!html.contains("hl-t-"), "{html}");
        assert!(html.contains("<span class=\"giallo-l\">"), "{html}");
    }

    #[test]
    fn every_kind_s_example_is_a_token_of_its_own() {
        let mut registry = Registry::builtin().unwrap();
        registry.link_grammars();
        let theme = ThemeVariant::Dual {
            light: "github-light",
            dark: "catppuccin-mocha",
        };
        let mut missing = Vec::new();
        for (tag, example) in KINDS {
            let Some((lang, code, word)) = example else {
                continue;
            };
            let options = HighlightOptions::new(lang, theme).merge_whitespace(false);
            let h = registry.highlight(code, &options).unwrap();
            if !h.tokens.iter().flatten().any(|t| t.text.trim() == word) {
                let texts: Vec<&str> = h.tokens.iter().flatten().map(|t| t.text.as_str()).collect();
                missing.push(format!("{tag}: `{word}` not in {lang} {texts:?}"));
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    #[test]
    fn the_stylesheet_colours_tree_sitter_kinds_light_and_dark() {
        let h = Highlighter::new("github-light", "catppuccin-mocha");
        let css = h.stylesheet();
        let rule = |prefix: &str, tag: &str| {
            css.lines()
                .find(|l| l.starts_with(&format!("{prefix}.hl-t-{tag} ")))
                .unwrap_or_else(|| panic!("no `{prefix}.hl-t-{tag}` in {css}"))
                .to_string()
        };
        let light = rule("", "k").to_lowercase();
        let dark = rule("[data-theme=\"dark\"] ", "k");
        let system = rule(":root:not([data-theme=\"light\"]) ", "k");
        assert_ne!(light, dark.replace("[data-theme=\"dark\"] ", ""), "{css}");
        assert_eq!(
            dark.split_once(' ').unwrap().1,
            system.split_once(' ').unwrap().1
        );
        // The themes' own colours: github-light's keyword red, catppuccin-mocha's mauve.
        assert!(light.contains("#d73a49"), "{light}");
        assert!(dark.to_lowercase().contains("#cba6f7"), "{dark}");
        assert!(
            rule("", "c").to_lowercase().contains("color: #6a737d"),
            "{css}"
        );
        // Another configured theme means other colours.
        let other = Highlighter::new("solarized-light", "nord").stylesheet();
        assert!(!other.to_lowercase().contains(&light), "{other}");
    }
}
