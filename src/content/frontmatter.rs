//! Splits a content file into its `+++` TOML front matter and Markdown body, and
//! deserializes the front matter of pages and sections.
//!
//! Errors carry the file's own line numbers: the TOML text is padded with blank lines
//! so that the parser's line numbers match the file. Every unknown key of a file is
//! reported at once, each with its line and the known key it probably meant.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::date::Date;
use crate::diagnostic::Diagnostic;
use crate::suggest;

/// A front matter problem, with the 1-based line in the file where one is known.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatterError {
    pub line: Option<usize>,
    pub message: String,
    /// Further problems of the same file found in the same pass (more unknown keys).
    pub also: Vec<FrontMatterError>,
}

impl FrontMatterError {
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        FrontMatterError {
            line,
            message: message.into(),
            also: Vec::new(),
        }
    }

    fn at(line: usize, message: impl Into<String>) -> Self {
        FrontMatterError::new(Some(line), message)
    }

    /// One diagnostic per problem, in `file` (the path shown, relative to the site).
    pub fn into_diagnostics(self, file: &Path) -> Vec<Diagnostic> {
        let mut out = vec![Diagnostic::new(file, self.message).at_line(self.line)];
        for e in self.also {
            out.extend(e.into_diagnostics(file));
        }
        out
    }
}

/// The two halves of a content file.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The front matter text (TOML, or YAML when `yaml`), padded with leading
    /// newlines so line numbers match the file.
    pub toml: String,
    /// The front matter is YAML between `---` lines (which Zola also reads).
    pub yaml: bool,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// 0-based line in the file where `body` starts.
    pub body_line: usize,
    /// Byte offset in the file where `body` starts.
    pub body_offset: usize,
}

/// Splits `text` at its `+++` fences. A file without front matter is an error:
/// every page needs at least a title, and a missing fence is usually a typo.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Whitespace before the opening `+++` is allowed, as in Zola.
    let leading = text_no_bom.len() - text_no_bom.trim_start().len();
    let leading = text_no_bom[..leading].rfind('\n').map_or(0, |n| n + 1);
    let skipped_lines = text_no_bom[..leading].matches('\n').count();
    let bom = text.len() - text_no_bom.len() + leading;
    let first_line = text[bom..].lines().next().unwrap_or("").trim();
    let fence = if first_line == "---" { "---" } else { "+++" };
    if first_line != fence {
        return Err(FrontMatterError::at(
            skipped_lines + 1,
            "expected `+++` on the first line to open the TOML front matter",
        ));
    }
    // Walk lines keeping byte offsets, to find the closing fence.
    let mut offset = bom;
    let mut open_end = None;
    for (line_no, line) in text[bom..].split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if line_no == 0 {
            open_end = Some(offset + line.len());
        } else if trimmed == fence {
            let start = open_end.unwrap_or(bom);
            let toml_text = &text[start..offset];
            let body_offset = offset + line.len();
            return Ok(Split {
                toml: format!("{}\n{toml_text}", "\n".repeat(skipped_lines)),
                yaml: fence == "---",
                body: &text[body_offset..],
                body_line: skipped_lines + line_no + 1,
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::at(
        skipped_lines + 1,
        format!(
            "the front matter opened with `{fence}` on line {} is never closed by a `{fence}` line",
            skipped_lines + 1
        ),
    ))
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
    None,
}

fn yes() -> bool {
    true
}

/// Front matter of a page.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<toml::Value>,
    pub updated: Option<toml::Value>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    /// Zola's `authors`: shown to templates as `page.authors`.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Zola's `render = false`: the page is not written nor listed, and
    /// `get_page` still finds it.
    #[serde(default = "yes")]
    pub render: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub sort_by: SortBy,
    pub template: Option<String>,
    pub page_template: Option<String>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    /// Children per listing page (Zola's name); `0` turns pagination off. Without
    /// it, the config's `paginate_by` applies.
    pub paginate_by: Option<usize>,
    /// The folder of the numbered listing pages: `/section/page/2/` (Zola's name).
    pub paginate_path: Option<String>,
    /// List the children last first (Zola's `paginate_reversed`).
    #[serde(default)]
    pub paginate_reversed: bool,
    /// Zola's `transparent`: the section's pages are also the parent's pages.
    #[serde(default)]
    pub transparent: bool,
    /// Zola's section `draft`: the section and everything in its folder are left
    /// out unless drafts are built.
    #[serde(default)]
    pub draft: bool,
    /// Zola's section `aliases`: old URLs that redirect to the section.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Zola's `render = false`: the section has no page of its own; its pages do.
    #[serde(default = "yes")]
    pub render: bool,
    /// Zola's `redirect_to`: the section's page sends readers to this URL or path.
    pub redirect_to: Option<String>,
    /// Zola's `insert_anchor_links` for the section and its pages: `right` (folio's
    /// default), `left`, `heading` or `none`.
    pub insert_anchor_links: Option<crate::markdown::AnchorLinks>,
    /// Zola's `generate_feeds`: `false` writes no feed for this section (folio writes
    /// one for every section with dated pages otherwise).
    pub generate_feeds: Option<bool>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// Parses front matter TOML into `T`, turning toml's error into one with a line.
/// Keys `T` has no field for are all reported together, before any other check.
pub fn parse<T: for<'de> Deserialize<'de>>(split: &Split) -> Result<T, FrontMatterError> {
    if split.yaml {
        return parse_yaml(split);
    }
    let toml_error = |e: toml::de::Error| FrontMatterError {
        line: e.span().map(|s| line_of(&split.toml, s.start)),
        message: e.message().trim().to_string(),
        also: Vec::new(),
    };
    let table = toml::de::DeTable::parse(&split.toml).map_err(toml_error)?;
    let known = suggest::field_names::<T>();
    // toml's map is sorted by key; the report goes by line.
    let mut unknown: Vec<_> = table
        .get_ref()
        .keys()
        .filter(|key| !known.contains(&key.get_ref().as_ref()))
        .collect();
    unknown.sort_by_key(|key| key.span().start);
    let mut unknown = unknown.into_iter().map(|key| {
        FrontMatterError::new(
            Some(line_of(&split.toml, key.span().start)),
            suggest::unknown_field(key.get_ref(), "", known),
        )
    });
    if let Some(mut first) = unknown.next() {
        first.also = unknown.collect();
        return Err(first);
    }
    T::deserialize(toml::de::Deserializer::from(table)).map_err(toml_error)
}

/// Converts a `date` or `updated` value, naming the key's line on failure.
pub fn date_field(
    split: &Split,
    key: &str,
    value: Option<&toml::Value>,
) -> Result<Option<Date>, FrontMatterError> {
    let Some(value) = value else { return Ok(None) };
    Date::from_toml(value).map(Some).map_err(|message| {
        FrontMatterError::new(key_line(&split.toml, key), format!("`{key}`: {message}"))
    })
}

/// Parses YAML front matter (Zola's `---` form) into `T`: every unknown key first,
/// each at its line, then the first other problem at its line.
fn parse_yaml<T: for<'de> Deserialize<'de>>(split: &Split) -> Result<T, FrontMatterError> {
    let yaml_error = |e: serde_saphyr::Error| {
        let line = e.location().map(|l| l.line() as usize);
        let message = e.to_string();
        let mut message = message.lines().next().unwrap_or("").trim();
        message = message.strip_prefix("error: ").unwrap_or(message);
        // The line is given in the diagnostic; keep the message itself.
        if message.starts_with("line ")
            && let Some((_, rest)) = message.split_once(": ")
        {
            message = rest;
        }
        FrontMatterError::new(line, format!("in the YAML front matter: {message}"))
    };
    let keys: BTreeMap<String, serde::de::IgnoredAny> =
        serde_saphyr::from_str(&split.toml).map_err(yaml_error)?;
    let known = suggest::field_names::<T>();
    let line_of_key = |key: &str| {
        split
            .toml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map(|i| i + 1)
    };
    let mut unknown: Vec<FrontMatterError> = keys
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| FrontMatterError::new(line_of_key(k), suggest::unknown_field(k, "", known)))
        .collect();
    unknown.sort_by_key(|e| e.line);
    if !unknown.is_empty() {
        let mut first = unknown.remove(0);
        first.also = unknown;
        return Err(first);
    }
    serde_saphyr::from_str(&split.toml).map_err(yaml_error)
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based line where `key = ...` is written in the (padded) TOML text.
fn key_line(toml_text: &str, key: &str) -> Option<usize> {
    toml_text
        .lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_lines() {
        let text = "+++\ntitle = \"A\"\n+++\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(s.toml, "\ntitle = \"A\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 3);
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.body, "body");
        let front: PageFront = parse(&s).unwrap();
        assert_eq!(front.title.as_deref(), Some("A"));
    }

    #[test]
    fn split_errors() {
        let check = |text: &str, needle: &str| {
            let e = split(text).unwrap_err();
            assert!(e.message.contains(needle), "{text:?}: {}", e.message);
        };
        check("+++\ntitle = \"a\"\n", "never closed");
        check("# no front matter\n", "expected `+++`");
        check("", "expected `+++`");
    }

    #[test]
    fn unknown_key_has_line() {
        let s = split("+++\ntitle = \"a\"\ntitel = \"b\"\n+++\n").unwrap();
        let e = parse::<PageFront>(&s).unwrap_err();
        assert_eq!(
            e,
            FrontMatterError::new(Some(3), "unknown field `titel`, did you mean `title`?")
        );
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_line_and_suggestion() {
        let text = "+++\ntitel = \"a\"\ncolour = \"red\"\n\n[taxonomies]\ntags = []\n\n[extra]\nanything = 1\n+++\n";
        let s = split(text).unwrap();
        let diagnostics = parse::<PageFront>(&s)
            .unwrap_err()
            .into_diagnostics(Path::new("content/a.md"));
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "content/a.md:2: unknown field `titel`, did you mean `title`?",
                "content/a.md:3: unknown field `colour`, expected one of `title`, `description`, `date`, `updated`, `weight`, `draft`, `slug`, `path`, `template`, `aliases`, `taxonomies`, `in_search_index`, `authors`, `render`, `extra`",
            ]
        );
        let section =
            split("+++\nsort = \"date\"\npaginate_by = 5\npage_templat = \"p.html\"\n+++\n")
                .unwrap();
        let e = parse::<SectionFront>(&section).unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (Some(2), "unknown field `sort`, did you mean `sort_by`?")
        );
        assert_eq!(
            e.also,
            [FrontMatterError::new(
                Some(4),
                "unknown field `page_templat`, did you mean `page_template`?"
            )]
        );
    }

    #[test]
    fn other_errors_keep_their_line() {
        let s = split("+++\ntitle = \"a\"\n\nweight = \"heavy\"\n+++\n").unwrap();
        let e = parse::<PageFront>(&s).unwrap_err();
        assert_eq!(e.line, Some(4), "{e:?}");
        assert!(
            e.message.starts_with("invalid type: string \"heavy\""),
            "{e:?}"
        );
        let s = split("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n").unwrap();
        let e = parse::<PageFront>(&s).unwrap_err();
        assert_eq!(e.line, Some(3), "{e:?}");
    }

    #[test]
    fn bad_date_has_line() {
        let s = split("+++\ntitle = \"a\"\ndate = \"yesterday\"\n+++\n").unwrap();
        let f: PageFront = parse(&s).unwrap();
        let e = date_field(&s, "date", f.date.as_ref()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("yesterday"), "{}", e.message);
    }
}
