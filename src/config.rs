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
}

/// The `[markdown]` table.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Turn straight quotes and `--` into typographic ones.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks at build time.
    pub highlight_code: bool,
    /// The light and dark highlighting themes (giallo theme names).
    pub highlight_theme_light: String,
    pub highlight_theme_dark: String,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            highlight_theme_light: "github-light".into(),
            highlight_theme_dark: "catppuccin-mocha".into(),
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
    /// Children per listing page of a section (sections may set their own
    /// `paginate_by`); `0` lists every child on one page.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Free-form values that themes read as `config.extra`.
    #[serde(default)]
    pub extra: toml::Table,
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
        check_keys(&text, Path::new("config.toml"))?;
        Config::parse_known(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Reads and validates a config file at any path.
    pub fn load_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        check_keys(&text, path)?;
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

    pub fn has_taxonomy(&self, name: &str) -> bool {
        self.taxonomies.iter().any(|t| t.name == name)
    }
}

/// Fails with every key of the config text no field takes, each at its line and
/// column in `shown` (the file as the message names it) with the key it probably
/// meant: the top-level keys, those of `[markdown]` and those of each taxonomy.
/// Text that is not TOML passes, for the parser to report.
fn check_keys(text: &str, shown: &Path) -> Result<()> {
    let Ok(table) = DeTable::parse(text) else {
        return Ok(());
    };
    let mut diagnostics = Vec::new();
    let mut check = |table: &DeTable, place: &str, known: &[&str]| {
        for key in table.keys() {
            if !known.contains(&key.get_ref().as_ref()) {
                let (line, column) = diagnostic::line_col(text, key.span().start);
                diagnostics.push(
                    Diagnostic::new(shown, suggest::unknown_field(key.get_ref(), place, known))
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
    diagnostic::into_result(diagnostics, &format!("in `{}`", shown.display()))
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
             config.toml:2:1: unknown field `colour`, expected one of `title`, `description`, `base_url`, `theme`, `output_dir`, `default_language`, `taxonomies`, `relative_urls`, `build_search_index`, `generate_sitemap`, `generate_feeds`, `compress`, `paginate_by`, `markdown`, `extra`\n  \
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
