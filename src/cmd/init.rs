//! `folio init`: makes a new site that builds and serves at once, with a commented
//! `config.toml`, a home page, a sample section and page, and empty `static/` and
//! `templates/` folders (optionally with the default theme copied into `themes/`).
//!
//! It never asks questions (the title comes from `--title` or the folder name) and it
//! refuses a folder with visible files in it before writing anything.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::InitArgs;
use crate::config::Config;
use crate::render::theme::DEFAULT_THEME;
use crate::scaffold::{self, FrontMatter};

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = scaffold::absolute(&args.dir)?;
    check_empty(&dir)?;
    let title = match &args.title {
        Some(t) => t.clone(),
        None => dir
            .file_name()
            .and_then(|n| n.to_str())
            .map(scaffold::title_from_name)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "My site".into()),
    };
    let config = config_toml(&title, args.eject_theme);
    // The template must always give a config that folio reads; check before writing.
    Config::parse(&config).context("internal error: the new config.toml does not parse")?;

    let today = scaffold::today();
    let files: Vec<(&str, String)> = vec![
        ("config.toml", config),
        ("content/_index.md", home(&title)),
        ("content/guide/_index.md", GUIDE.to_string()),
        (
            "content/guide/getting-started.md",
            GETTING_STARTED.replace("TODAY", &today),
        ),
        ("static/.gitkeep", String::new()),
        ("templates/.gitkeep", String::new()),
        (
            ".gitignore",
            "# folio's output folder (`output_dir` in config.toml)\n/public/\n".into(),
        ),
    ];
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("failed to create folder `{}`", dir.display()))?;
    for (rel, text) in &files {
        scaffold::write_new(&dir.join(rel), text.as_bytes())?;
    }
    let ejected = if args.eject_theme {
        Some(scaffold::eject_theme(&dir, false)?)
    } else {
        None
    };

    let shown = scaffold::shown(&dir);
    crate::say!("Created a new folio site \"{title}\" in {shown}/");
    for (path, what) in [
        ("config.toml", "settings; every key is explained in it"),
        ("content/_index.md", "the home page"),
        (
            "content/guide/_index.md",
            "a section: a folder with an `_index.md`",
        ),
        ("content/guide/getting-started.md", "a page in it"),
        ("static/", "files copied as they are (images, downloads)"),
        (
            "templates/",
            "your own templates, overriding the theme's by name",
        ),
    ] {
        crate::say!("  {path:<34} {what}");
    }
    if let Some(e) = &ejected {
        crate::say!(
            "  {:<34} the default theme ({} files) to edit; config.toml uses it",
            format!("themes/{DEFAULT_THEME}/"),
            e.written
        );
    }
    let serve = if shown == "." {
        "folio serve".to_string()
    } else {
        format!("cd {} && folio serve", scaffold::shell_quote(&shown))
    };
    let preview = format!("preview at {}/", scaffold::SERVE_ORIGIN);
    let next = [
        (serve.as_str(), preview.as_str()),
        ("folio new guide/next-step.md", "add a page"),
        ("folio build", "write the site to public/"),
    ];
    let width = next.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    crate::say!("\nNext:");
    for (command, what) in next {
        crate::say!("  {command:<width$}   {what}");
    }
    Ok(())
}

/// Refuses a folder with visible entries, so that `init` never mixes a site into other
/// files. Hidden entries such as `.git` are fine, so `git init && folio init` works.
fn check_empty(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("`{}` exists and is not a folder", dir.display());
    }
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?;
    let mut visible: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("failed to read folder `{}`", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            visible.push(name);
        }
    }
    if !visible.is_empty() {
        visible.sort();
        let listed: Vec<String> = visible.iter().take(5).map(|n| format!("`{n}`")).collect();
        let more = if visible.len() > listed.len() {
            ", …"
        } else {
            ""
        };
        bail!(
            "`{}` is not empty (it has {}{more}), so nothing was written; give `folio init` a new or empty folder, such as `folio init my-site`",
            dir.display(),
            listed.join(", ")
        );
    }
    Ok(())
}

/// `config.toml` with every key set to its default and explained.
fn config_toml(title: &str, ejected: bool) -> String {
    let theme = if ejected {
        format!("theme = \"{DEFAULT_THEME}\"")
    } else {
        format!("# theme = \"{DEFAULT_THEME}\"")
    };
    CONFIG
        .replace("TITLE", &scaffold::toml_string(title))
        .replace("THEME", &theme)
}

const CONFIG: &str = r#"# folio site settings. Every key is optional; the values below are the defaults
# unless noted. An unknown key is an error, so a typo never goes unnoticed.

# The site's name, shown in the header, the browser tab and feeds.
title = TITLE
# One sentence about the site, for search engines, link previews and feeds.
description = ""
# Where the site will live. "/" works for previews; set the full URL before you
# deploy, e.g. "https://example.com/" or "https://user.github.io/repo/" for a
# sub-path (`folio build --base-url URL` overrides it for one build).
base_url = "/"

# Templates and styles come from the default theme built into folio. To change
# one template, put a file with the same name in templates/ (e.g.
# templates/page.html); it replaces the theme's. To change the whole theme, run
# `folio eject-theme`: it copies the theme into themes/folio/ and sets this key.
THEME

# Where `folio build` writes the site.
output_dir = "public"
# The language of the content (the `lang` attribute of every page).
default_language = "en"
# Taxonomies that pages may use in their `[taxonomies]` table; each gets list
# pages at /<name>/ and /<name>/<term>/. Add `feed = true` for a feed per term.
# (None by default; the sample page uses `tags`.)
taxonomies = [{ name = "tags" }]
# Make every link relative, so the output also works opened from disk or moved
# under any path.
relative_urls = false
# Build the index behind the theme's search box.
build_search_index = true
# Write sitemap.xml and robots.txt.
generate_sitemap = true
# Write Atom feeds for the site and for sections with dated pages.
generate_feeds = true
# Also write a .gz copy of each text file, for hosts that serve them.
compress = false

[markdown]
# Turn "quotes", -- and ... into typographic quotes, dashes and ellipses.
smart_punctuation = true
# Colour fenced code blocks at build time (no JavaScript needed).
highlight_code = true
# Render $…$ and $$…$$ as TeX math (MathML at build time, no JavaScript); write a
# dollar in prose as \$ when this is on.
math = false
# The colour schemes for light and dark mode.
highlight_theme_light = "github-light"
highlight_theme_dark = "catppuccin-mocha"

# Free-form values the theme reads as `config.extra`.
[extra]
# An "Edit this page" link: the page's path under content/ is appended.
# edit_url = "https://github.com/owner/repo/edit/main/content/"
"#;

fn home(title: &str) -> String {
    FrontMatter::default()
        .string("title", title)
        .string("description", "")
        .comment("The home page lists its sections and pages by weight.")
        .string("sort_by", "weight")
        .render(HOME_BODY)
}

const HOME_BODY: &str = "\
Welcome! This is the home page, written in `content/_index.md`.

Every folder in `content/` with an `_index.md` is a section, and every other
Markdown file is a page. Start with the [guide](@/guide/_index.md), or go
straight to [getting started](@/guide/getting-started.md).
";

const GUIDE: &str = r#"+++
title = "Guide"
description = "How to write and publish this site."
# Sections and pages are listed by weight, lightest first.
weight = 1
# List this section's pages by their `weight` (or "date", "title").
sort_by = "weight"
+++

This section is the folder `content/guide/`; this text is its `_index.md`.
Its pages are listed below, in the order of their `weight`.
"#;

const GETTING_STARTED: &str = r#"+++
title = "Getting started"
description = "Write a page, preview it, and publish the site."
date = TODAY
weight = 1

[taxonomies]
tags = ["basics"]
+++

The text before the `more` marker is this page's summary in listings and feeds.

<!-- more -->

## Preview while you write

Run `folio serve` in the site folder and open http://127.0.0.1:1111/.
Every save rebuilds the site and reloads the browser.

> [!TIP]
> `folio new guide/next-step.md` starts a new page in this section, with the
> title, today's date and the next weight filled in.

## Link to other pages

Link to a page by its file under `content/`, like this link
[back to the guide](@/guide/_index.md). folio turns it into the right URL and
every build checks that the file exists, so links never break silently.

## Publish

`folio build` writes the whole site to `public/`. Set `base_url` in
`config.toml` to the address where it will live, then upload `public/` to any
static host.
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_page, parse_section};

    #[test]
    fn config_parses_with_and_without_theme() {
        let c = Config::parse(&config_toml("My \"docs\"", false)).unwrap();
        assert_eq!(c.title, "My \"docs\"");
        assert_eq!(c.theme, None);
        let c = Config::parse(&config_toml("x", true)).unwrap();
        assert_eq!(c.theme.as_deref(), Some(DEFAULT_THEME));
    }

    #[test]
    fn sample_content_parses() {
        let p = Path::new("x");
        parse_section(p, "_index.md", &home("T")).unwrap();
        parse_section(p, "guide/_index.md", GUIDE).unwrap();
        let page = parse_page(
            p,
            "guide/getting-started.md",
            &GETTING_STARTED.replace("TODAY", "2024-01-02"),
            Default::default(),
        )
        .unwrap();
        assert_eq!(page.date.unwrap().ymd, "2024-01-02");
    }

    #[test]
    fn refuses_visible_files_only() {
        let dir = tempfile::tempdir().unwrap();
        check_empty(dir.path()).unwrap();
        check_empty(&dir.path().join("missing")).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        check_empty(dir.path()).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let e = check_empty(dir.path()).unwrap_err().to_string();
        assert!(e.contains("`notes.txt`"), "{e}");
    }
}
