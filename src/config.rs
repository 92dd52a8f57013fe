//! The site configuration, read from `config.toml`.
//!
//! Unknown keys are errors that name the key, its line and the key it probably meant,
//! because a typo in a config key silently changes a site; every unknown key is
//! reported in one run. Command-line overrides (`--base-url`, `--output-dir`) are
//! applied by the caller after loading.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{self, Diagnostic};
use crate::suggest;

/// One declared taxonomy, in Zola's form: `taxonomies = [{ name = "tags", feed = true }]`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub feed: bool,
    /// Pages per listing page of each term (Zola's name); the config's `paginate_by`
    /// when absent.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// The folder of a term's numbered listing pages (`page` when absent).
    #[serde(default)]
    pub paginate_path: Option<String>,
    // Zola's settings that folio accepts and does not use (see `ZOLA_ONLY_TAXONOMY`).
    #[serde(default, skip_serializing)]
    pub render: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub lang: Option<toml::Value>,
}

/// Zola 0.22 settings that folio accepts with a warning saying what it does instead.
pub const ZOLA_ONLY: &[(&str, &str)] = &[
    ("feed_limit", "folio's feeds hold the 50 newest dated pages"),
    ("feed_filenames", "folio writes each feed as `atom.xml`"),
    ("hard_link_static", "folio copies static files"),
    (
        "author",
        "folio's feeds name `[extra] author`, else the site's title",
    ),
    (
        "minify_html",
        "folio does not minify HTML; `compress = true` writes `.gz` files",
    ),
    (
        "ignored_content",
        "folio skips hidden and editor files in `content/` only",
    ),
    ("ignored_static", "folio copies every file of `static/`"),
    (
        "preserve_dotfiles_in_output",
        "folio keeps every file of yours in the output folder",
    ),
    (
        "link_checker",
        "folio reads only its `internal_level = \"warn\"`, which makes a missing image a warning rather than an error; `folio check --external` checks links to other sites",
    ),
    ("search", "folio builds its own search index"),
    (
        "generate_robots_txt",
        "`generate_sitemap` decides `robots.txt` too",
    ),
    (
        "exclude_paginated_pages_in_sitemap",
        "folio lists every listing page in the sitemap",
    ),
];

/// The same for `[markdown]`.
pub const ZOLA_ONLY_MARKDOWN: &[(&str, &str)] = &[
    (
        "error_on_missing_highlight",
        "an unknown language is never an error in folio",
    ),
    (
        "highlight_theme",
        "folio uses `highlight_theme_light` and `highlight_theme_dark`",
    ),
    (
        "highlight_themes_css",
        "folio writes `highlight.css` with both themes",
    ),
    (
        "highlighting",
        "folio uses `highlight_theme_light` and `highlight_theme_dark`",
    ),
    (
        "render_emoji",
        "folio does not turn `:emoji:` names into emoji",
    ),
    (
        "external_links_target_blank",
        "folio opens links in the same tab",
    ),
    (
        "external_links_no_follow",
        "folio does not add `rel` to links",
    ),
    (
        "external_links_no_referrer",
        "folio does not add `rel` to links",
    ),
    (
        "external_links_class",
        "folio does not add classes to links",
    ),
    (
        "bottom_footnotes",
        "folio renders footnotes where they are defined",
    ),
    ("definition_list", "folio does not render definition lists"),
    (
        "extra_syntaxes_and_themes",
        "folio highlights with giallo's bundled grammars",
    ),
    (
        "lazy_async_image",
        "folio's `figure` component loads images lazily",
    ),
    (
        "github_alerts",
        "folio always renders GitHub alerts as callouts",
    ),
    (
        "insert_anchor_links",
        "folio's theme puts an anchor link after each heading",
    ),
];

/// The same for each taxonomy.
pub const ZOLA_ONLY_TAXONOMY: &[(&str, &str)] = &[
    ("render", "folio always renders taxonomy pages"),
    ("lang", "folio builds one language"),
];

/// The `[markdown]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Turn straight quotes and `--` into typographic ones.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks at build time.
    pub highlight_code: bool,
    /// Render `$…$` and `$$…$$` as TeX math (MathML, at build time). Off by default, so
    /// that dollars in prose (`$5 and $10`) stay text on existing sites.
    pub math: bool,
    /// The light and dark highlighting themes (giallo theme names).
    pub highlight_theme_light: String,
    pub highlight_theme_dark: String,
    // Zola's settings that folio accepts and does not use (see `ZOLA_ONLY_MARKDOWN`).
    #[serde(default, skip_serializing)]
    pub error_on_missing_highlight: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub highlight_theme: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub highlight_themes_css: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub highlighting: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub render_emoji: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub external_links_target_blank: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub external_links_no_follow: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub external_links_no_referrer: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub external_links_class: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub bottom_footnotes: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub definition_list: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub extra_syntaxes_and_themes: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub lazy_async_image: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub github_alerts: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub insert_anchor_links: Option<toml::Value>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            math: false,
            highlight_theme_light: "github-light".into(),
            highlight_theme_dark: "catppuccin-mocha".into(),
            error_on_missing_highlight: None,
            highlight_theme: None,
            highlight_themes_css: None,
            highlighting: None,
            render_emoji: None,
            external_links_target_blank: None,
            external_links_no_follow: None,
            external_links_no_referrer: None,
            external_links_class: None,
            bottom_footnotes: None,
            definition_list: None,
            extra_syntaxes_and_themes: None,
            lazy_async_image: None,
            github_alerts: None,
            insert_anchor_links: None,
        }
    }
}

/// The whole `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// A theme in `themes/<name>/`; `None` uses the embedded default theme.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    #[serde(default = "default_language")]
    pub default_language: String,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Rewrite root-relative links into relative ones, so the output works from
    /// `file://` and under any path.
    #[serde(default)]
    pub relative_urls: bool,
    /// Build the search index for the theme's search box.
    #[serde(default = "yes")]
    pub build_search_index: bool,
    /// Write `sitemap.xml` and `robots.txt`.
    #[serde(default = "yes")]
    pub generate_sitemap: bool,
    /// Write Atom feeds for the site and for sections with dated pages.
    #[serde(default = "yes")]
    pub generate_feeds: bool,
    /// Write `.gz` siblings of text files.
    #[serde(default)]
    pub compress: bool,
    /// Compile the `.scss` and `.sass` files of `sass/` to CSS (a theme's `sass/`
    /// compiles always, as in Zola).
    #[serde(default)]
    pub compile_sass: bool,
    /// Children per listing page of a section (sections may set their own
    /// `paginate_by`); `0` lists every child on one page.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// How file names, taxonomy terms and headings become URLs and ids (Zola's
    /// `[slugify]`).
    #[serde(default)]
    pub slugify: Slugify,
    /// The logo, colours, fonts, links, footer and announcement (`[branding]`).
    #[serde(default)]
    pub branding: crate::branding::Branding,
    /// Free-form values that themes read as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
    // Zola's settings that folio accepts and does not use (see `ZOLA_ONLY`).
    /// Zola's `[languages.xx]`: the site's other languages, by code.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, Language>,
    /// Zola's `[translations]`: the default language's strings for `trans()`.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, String>,
    #[serde(default, skip_serializing)]
    pub feed_limit: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub feed_filenames: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub hard_link_static: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub author: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub minify_html: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub ignored_content: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub ignored_static: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub preserve_dotfiles_in_output: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub link_checker: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub search: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub generate_robots_txt: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub exclude_paginated_pages_in_sitemap: Option<toml::Value>,
}

/// One of the site's other languages (Zola's `[languages.xx]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The site's title in this language (the site's `title` when absent).
    pub title: Option<String>,
    pub description: Option<String>,
    /// Whether this language's pages get a feed at `/xx/atom.xml`.
    pub generate_feeds: Option<bool>,
    /// Whether this language has a search index (on unless set false).
    pub build_search_index: Option<bool>,
    /// The taxonomies of this language's pages, at `/xx/<name>/`.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// The strings `trans()` gives in this language.
    #[serde(default)]
    pub translations: std::collections::BTreeMap<String, String>,
    // Zola's settings that folio accepts and does not use.
    #[serde(default, skip_serializing)]
    pub feed_filenames: Option<toml::Value>,
    #[serde(default, skip_serializing)]
    pub search: Option<toml::Value>,
}

/// Whether text in language `code` reads right to left.
pub fn is_rtl(code: &str) -> bool {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    matches!(
        base,
        "ar" | "arc"
            | "ckb"
            | "dv"
            | "fa"
            | "he"
            | "ks"
            | "ku"
            | "ps"
            | "sd"
            | "syr"
            | "ug"
            | "ur"
            | "yi"
    )
}

/// Zola's `[slugify]` table: one strategy for page file names and `slug` values, one
/// for taxonomy names and terms, one for heading ids.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Slugify {
    #[serde(default)]
    pub paths: crate::url::Strategy,
    /// Keep the date of a date-prefixed file name in its URL.
    #[serde(default)]
    pub paths_keep_dates: bool,
    #[serde(default)]
    pub taxonomies: crate::url::Strategy,
    #[serde(default)]
    pub anchors: crate::url::Strategy,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_language() -> String {
    "en".into()
}
fn yes() -> bool {
    true
}
fn default_paginate_by() -> usize {
    100
}

impl Default for Config {
    fn default() -> Self {
        toml::from_str("").expect("an empty config is valid")
    }
}

impl Config {
    /// Reads and validates `root/config.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        warn(check_keys(&text, Path::new("config.toml"))?);
        Config::parse_known(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Reads and validates a config file at any path.
    pub fn load_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        warn(check_keys(&text, path)?);
        Config::parse_known(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Parses config text; errors carry the line of the offending key.
    pub fn parse(text: &str) -> Result<Config> {
        check_keys(text, Path::new("config.toml"))?;
        Config::parse_known(text)
    }

    /// Parses config text whose keys `check_keys` accepted.
    fn parse_known(text: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| anyhow::anyhow!("{e}"))?;
        config.normalize()?;
        config.branding.check(text)?;
        Ok(config)
    }

    /// Applies a `--base-url` override and re-normalizes.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = url.to_string();
        self.normalize()
    }

    fn normalize(&mut self) -> Result<()> {
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        let path = self.base_path();
        if !path.starts_with('/') {
            bail!(
                "`base_url` must be an absolute URL (`https://example.com/docs/`) or a path starting with `/`, got `{}`",
                self.base_url
            );
        }
        let mut seen = std::collections::HashSet::new();
        for t in &self.taxonomies {
            if t.name.trim().is_empty() {
                bail!("a taxonomy in `taxonomies` has an empty `name`");
            }
            if !seen.insert(t.name.as_str()) {
                bail!("taxonomy `{}` is declared twice", t.name);
            }
            if let Some(p) = &t.paginate_path {
                crate::url::check_segment(p, "paginate_path")
                    .map_err(|m| anyhow::anyhow!("taxonomy `{}`: {m}", t.name))?;
            }
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// `/` for `https://example.com`, `/repo/` for `https://user.github.io/repo/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.as_str();
        let rest = match url.find("://") {
            Some(i) => {
                let after = &url[i + 3..];
                match after.find('/') {
                    Some(j) => &after[j..],
                    None => "/",
                }
            }
            None => url,
        };
        let mut p = rest.to_string();
        if !p.ends_with('/') {
            p.push('/');
        }
        p
    }

    /// The scheme and host part of `base_url` (`https://example.com`), empty for a bare path.
    pub fn origin(&self) -> &str {
        let url = self.base_url.as_str();
        match url.find("://") {
            Some(i) => match url[i + 3..].find('/') {
                Some(j) => &url[..i + 3 + j],
                None => url.trim_end_matches('/'),
            },
            None => "",
        }
    }

    /// The output folder for a site at `root`.
    pub fn output_path(&self, root: &Path) -> PathBuf {
        root.join(&self.output_dir)
    }

    /// The site's title in language `lang`: its `[languages.xx] title`, else `title`.
    pub fn title_in(&self, lang: &str) -> String {
        self.languages
            .get(lang)
            .and_then(|l| l.title.clone())
            .unwrap_or_else(|| self.title.clone())
    }

    /// The languages with a search index: the default one when `build_search_index`
    /// is on, and each other one whose `[languages.xx]` turns it on (as in Zola).
    pub fn search_languages(&self) -> Vec<String> {
        let default = self
            .build_search_index
            .then(|| self.default_language.clone());
        default
            .into_iter()
            .chain(
                self.languages
                    .iter()
                    .filter(|(_, l)| l.build_search_index == Some(true))
                    .map(|(code, _)| code.clone()),
            )
            .collect()
    }

    /// Whether `lang` is one of `search_languages`, without making the list (it is
    /// asked for every page).
    pub fn has_search_index(&self, lang: &str) -> bool {
        (self.build_search_index && lang == self.default_language)
            || self
                .languages
                .get(lang)
                .is_some_and(|l| l.build_search_index == Some(true))
    }

    pub fn has_taxonomy(&self, name: &str) -> bool {
        self.taxonomies.iter().any(|t| t.name == name)
    }
}

/// Prints the warnings about Zola settings, once each per run.
fn warn(warnings: Vec<String>) {
    static SHOWN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut shown) = SHOWN.lock() else { return };
    for w in warnings {
        if !shown.contains(&w) {
            eprintln!("warning: {w}");
            shown.push(w);
        }
    }
}

/// Fails with every key of the config text no field takes, each at its line and
/// column in `shown` (the file as the message names it) with the key it probably
/// meant: the top-level keys, those of `[markdown]` and those of each taxonomy.
/// Text that is not TOML passes, for the parser to report.
fn check_keys(text: &str, shown: &Path) -> Result<Vec<String>> {
    let Ok(table) = DeTable::parse(text) else {
        return Ok(Vec::new());
    };
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    let mut check = |table: &DeTable, place: &str, known: &[&str]| {
        let zola = match place {
            "" => ZOLA_ONLY,
            " in `[markdown]`" => ZOLA_ONLY_MARKDOWN,
            " in `taxonomies`" => ZOLA_ONLY_TAXONOMY,
            _ => &[],
        };
        // folio's own keys, for suggestions and the list of what is expected.
        let known: Vec<&str> = known
            .iter()
            .filter(|k| !zola.iter().any(|(z, _)| z == *k))
            .copied()
            .collect();
        for key in table.keys() {
            let name: &str = key.get_ref().as_ref();
            if let Some((_, instead)) = zola.iter().find(|(k, _)| *k == name) {
                let (line, _) = diagnostic::line_col(text, key.span().start);
                let warning = format!(
                    "{}:{line}: `{name}`{place} is a Zola setting that folio does not use: {instead}",
                    shown.display()
                );
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
                continue;
            }
            if !known.contains(&name) {
                let (line, column) = diagnostic::line_col(text, key.span().start);
                diagnostics.push(
                    Diagnostic::new(shown, suggest::unknown_field(key.get_ref(), place, &known))
                        .at_line(Some(line))
                        .at_column(Some(column)),
                );
            }
        }
    };
    let table = table.get_ref();
    check(table, "", suggest::field_names::<Config>());
    if let Some(DeValue::Table(markdown)) = table.get("markdown").map(|v| v.get_ref()) {
        check(
            markdown,
            " in `[markdown]`",
            suggest::field_names::<MarkdownConfig>(),
        );
    }
    if let Some(DeValue::Table(branding)) = table.get("branding").map(|v| v.get_ref()) {
        check(
            branding,
            " in `[branding]`",
            suggest::field_names::<crate::branding::Branding>(),
        );
        if let Some(DeValue::Array(links)) = branding.get("links").map(|v| v.get_ref()) {
            for link in links {
                if let DeValue::Table(link) = link.get_ref() {
                    check(
                        link,
                        " in `[[branding.links]]`",
                        suggest::field_names::<crate::branding::HeaderLink>(),
                    );
                }
            }
        }
    }
    if let Some(DeValue::Array(taxonomies)) = table.get("taxonomies").map(|v| v.get_ref()) {
        for taxonomy in taxonomies {
            if let DeValue::Table(taxonomy) = taxonomy.get_ref() {
                check(
                    taxonomy,
                    " in `taxonomies`",
                    suggest::field_names::<TaxonomyConfig>(),
                );
            }
        }
    }
    diagnostic::into_result(diagnostics, &format!("in `{}`", shown.display()))?;
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "1 problem in `config.toml`:\n  config.toml:2:1: unknown field `titel`, did you mean `title`?"
        );
    }

    #[test]
    fn every_unknown_key_is_reported_at_once() {
        let text = "basee_url = \"/\"\ncolour = 1\ntaxonomies = [{ name = \"tags\", feeds = true }]\n\n[markdown]\nsmart_punctuaton = true\n\n[extra]\nanything = 1\n";
        let err = Config::parse(text).unwrap_err().to_string();
        assert_eq!(
            err,
            "4 problems in `config.toml`:\n  \
             config.toml:1:1: unknown field `basee_url`, did you mean `base_url`?\n  \
             config.toml:2:1: unknown field `colour`, expected one of `title`, `description`, `base_url`, `theme`, `output_dir`, `default_language`, `taxonomies`, `relative_urls`, `build_search_index`, `generate_sitemap`, `generate_feeds`, `compress`, `compile_sass`, `paginate_by`, `markdown`, `slugify`, `branding`, `extra`, `languages`, `translations`\n  \
             config.toml:3:32: unknown field `feeds` in `taxonomies`, did you mean `feed`?\n  \
             config.toml:6:1: unknown field `smart_punctuaton` in `[markdown]`, did you mean `smart_punctuation`?"
        );
        let dotted = Config::parse("markdown.highlight_cod = false\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            dotted,
            "1 problem in `config.toml`:\n  config.toml:1:10: unknown field `highlight_cod` in `[markdown]`, did you mean `highlight_code`?"
        );
    }

    #[test]
    fn zola_settings_are_accepted_with_a_warning_each() {
        // Zola 0.22's config keys folio does not use: each is named with what folio
        // does instead, and the site builds.
        let text = "title = \"T\"\nminify_html = true\n[search]\nindex_format = \"elasticlunr_json\"\n[markdown]\nexternal_links_class = \"ext\"\n[markdown.highlighting]\ntheme = \"x\"\n";
        let warnings = check_keys(text, Path::new("config.toml")).unwrap();
        assert_eq!(
            warnings,
            [
                "config.toml:2: `minify_html` is a Zola setting that folio does not use: folio does not minify HTML; `compress = true` writes `.gz` files",
                "config.toml:3: `search` is a Zola setting that folio does not use: folio builds its own search index",
                "config.toml:6: `external_links_class` in `[markdown]` is a Zola setting that folio does not use: folio does not add classes to links",
                "config.toml:7: `highlighting` in `[markdown]` is a Zola setting that folio does not use: folio uses `highlight_theme_light` and `highlight_theme_dark`",
            ]
        );
        let config = Config::parse(text).unwrap();
        assert_eq!(config.title, "T");
    }

    #[test]
    fn other_errors_are_left_to_the_parser() {
        let err = Config::parse("title = \n").unwrap_err().to_string();
        assert!(err.starts_with("TOML parse error at line 1"), "{err}");
        let err = Config::parse("paginate_by = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: string \"x\""), "{err}");
    }

    #[test]
    fn base_path_and_origin() {
        let check = |url: &str, path: &str, origin: &str| {
            let mut c = Config::default();
            c.set_base_url(url).unwrap();
            assert_eq!(c.base_path(), path, "{url}");
            assert_eq!(c.origin(), origin, "{url}");
        };
        check("https://example.com", "/", "https://example.com");
        check("https://example.com/", "/", "https://example.com");
        check(
            "https://user.github.io/repo/",
            "/repo/",
            "https://user.github.io",
        );
        check(
            "https://user.github.io/repo",
            "/repo/",
            "https://user.github.io",
        );
        check("/", "/", "");
        check("/docs", "/docs/", "");
    }

    #[test]
    fn defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.output_dir, "public");
        assert!(c.markdown.smart_punctuation);
        assert!(c.theme.is_none());
    }
}
