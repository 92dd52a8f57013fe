//! `folio new`: starts a page or section from anywhere inside a site, with its front
//! matter filled in (title, date, the next `weight` among its siblings) and a short body
//! to write over.
//!
//! Sibling weights are read with the content loader's own parsers, so `new` agrees with
//! `build` about what a file says. It never overwrites a file and never writes outside
//! `content/`.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cli::NewArgs;
use crate::config::Config;
use crate::content::{self, url};
use crate::scaffold::{self, FrontMatter};

/// What kind of file `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Section,
}

/// The file to write, worked out from the command line alone.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    kind: Kind,
    /// Path relative to `content/`: `guide/intro.md`, `guide/_index.md`, `_index.md`.
    rel: String,
    /// The folder whose section the new item joins (`guide` for `guide/intro.md` and for
    /// `guide/sub/_index.md`); `None` for the home section, which has no siblings.
    joins: Option<String>,
    /// The name its default title comes from.
    name: String,
}

pub fn run(args: &NewArgs) -> Result<()> {
    let root = match &args.root {
        Some(dir) => {
            let dir = scaffold::absolute(dir)?;
            if !dir.join("config.toml").is_file() {
                bail!(
                    "`{}` has no `config.toml`, so it is not a site folder; make one with `folio init`",
                    dir.display()
                );
            }
            dir
        }
        None => scaffold::find_root(Path::new("."))?,
    };
    let content_dir = root.join("content");
    // A config that does not load yet still lets an author add content.
    let config = Config::load(&root).ok();
    let slugify = config.as_ref().map(|c| c.slugify).unwrap_or_default();
    let target = target(&scaffold::content_relative(&args.path)?, args.section)?;
    if args.draft && target.kind == Kind::Section {
        bail!("`--draft` is for pages: a section cannot be a draft, but each of its pages can");
    }
    let file = content_dir.join(&target.rel);
    if file.exists() {
        bail!(
            "`{}` already exists; folio never overwrites a file, so pick another name or delete it first",
            scaffold::shown(&file)
        );
    }
    if let Some(other) = same_url(&content_dir, &target) {
        bail!(
            "`content/{other}` already has the URL `{}` that `content/{}` would get; pick another name",
            url::path_for(&target.rel, slugify.paths),
            target.rel
        );
    }

    let title = match &args.title {
        Some(t) => t.clone(),
        None if target.joins.is_none() => config
            .as_ref()
            .map(|c| c.title.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Home".into()),
        None => Some(scaffold::title_from_name(&target.name))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Untitled".into()),
    };
    let weight = target
        .joins
        .as_deref()
        .map(|dir| next_weight(&content_dir, dir));
    let text = render(&target, &title, weight, args.draft);
    // Check the file with the loader's own parser before writing it, so that `new` can
    // never leave a file that breaks the next build.
    let check = match target.kind {
        Kind::Page => content::parse_page(&file, &target.rel, &text, slugify).map(drop),
        Kind::Section => content::parse_section(&file, &target.rel, &text).map(drop),
    };
    if let Err(e) = check {
        bail!(
            "internal error: the new file would not parse: {}",
            e.message
        );
    }
    scaffold::write_new(&file, text.as_bytes())?;

    let what = match target.kind {
        Kind::Page => "page",
        Kind::Section => "section",
    };
    let mut facts = vec![what.to_string()];
    if let Some(w) = weight {
        facts.push(format!("weight {w}"));
    }
    if args.draft {
        facts.push("draft".into());
    }
    crate::say!("Created {} ({})", scaffold::shown(&file), facts.join(", "));
    crate::say!(
        "  URL under `folio serve`: {}{}",
        scaffold::SERVE_ORIGIN,
        url::href(&url::path_for(&target.rel, slugify.paths))
    );
    crate::say!(
        "  Link to it from other pages with `[{title}](@/{})`",
        target.rel
    );
    if let Some(dir) = &target.joins {
        print_section_note(&content_dir, dir, target.kind);
    }
    if args.draft {
        crate::say!(
            "  It is a draft: `folio serve --drafts` shows it, and builds leave it out until you delete `draft = true`."
        );
    }
    Ok(())
}

/// Works out the file to write from PATH (already relative to `content/`).
fn target(rel: &str, section: bool) -> Result<Target> {
    let rel = rel.trim_end_matches('/');
    // `guide/_index.md` means the section `guide`, whatever the flag says.
    let section_dir = if rel == "_index.md" || rel == "_index" {
        Some("")
    } else {
        rel.strip_suffix("/_index.md")
            .or_else(|| rel.strip_suffix("/_index"))
            .or_else(|| section.then(|| rel.strip_suffix(".md").unwrap_or(rel)))
    };
    let target = match section_dir {
        Some(dir) => Target {
            kind: Kind::Section,
            rel: if dir.is_empty() {
                "_index.md".into()
            } else {
                format!("{dir}/_index.md")
            },
            joins: (!dir.is_empty()).then(|| parent(dir).to_string()),
            name: dir.to_string(),
        },
        None => {
            if rel.is_empty() {
                bail!(
                    "give the new page's path inside `content/`, such as `folio new guide/intro.md`"
                );
            }
            let rel = if rel.ends_with(".md") {
                rel.to_string()
            } else {
                format!("{rel}.md")
            };
            // A page bundle (`a/b/index.md`) sits in `a`'s section and is named `b`.
            let (joins, name) = match rel.strip_suffix("/index.md") {
                Some(dir) => (parent(dir), dir),
                None if rel == "index.md" => bail!(
                    "`content/index.md` would take the home page's URL; the home page is the section `content/_index.md`"
                ),
                None => (parent(&rel), rel.as_str()),
            };
            Target {
                kind: Kind::Page,
                joins: Some(joins.to_string()),
                name: name.to_string(),
                rel,
            }
        }
    };
    if let Some(hidden) = target.rel.split('/').find(|seg| content::is_ignored(seg)) {
        bail!(
            "folio ignores files and folders named like `{hidden}` (hidden, backup or temporary names), so `content/{}` would never be built; pick another name",
            target.rel
        );
    }
    Ok(target)
}

/// The text of the new file.
fn render(target: &Target, title: &str, weight: Option<i64>, draft: bool) -> String {
    match target.kind {
        Kind::Page => {
            let mut front = FrontMatter::default()
                .string("title", title)
                .comment("One sentence for search engines, link previews and section listings.")
                .string("description", "")
                .raw("date", scaffold::today());
            if let Some(w) = weight {
                front = front
                    .comment("Pages and subsections are listed by weight, lightest first.")
                    .raw("weight", w);
            }
            if draft {
                front = front.raw("draft", true);
            }
            front.render(PAGE_BODY)
        }
        Kind::Section => {
            let mut front = FrontMatter::default()
                .string("title", title)
                .comment("One sentence for search engines, link previews and the parent's listing.")
                .string("description", "");
            if let Some(w) = weight {
                front = front.raw("weight", w);
            }
            let dir = target.rel.strip_suffix("_index.md").unwrap_or_default();
            front
                .comment("List this section's pages by their `weight` (or \"date\", \"title\").")
                .string("sort_by", "weight")
                .render(&SECTION_BODY.replace("DIR/", dir))
        }
    }
}

const PAGE_BODY: &str = "\
Start with a sentence or two that sum up this page: the text above the `more`
marker below becomes its summary in listings and feeds.

<!-- more -->

## A first heading

Write the rest of the page here. Link to other pages by their file, as in
`[Getting started](@/guide/getting-started.md)`, and every build checks the link.
";

const SECTION_BODY: &str = "\
Introduce this section here; its pages are listed after this text.
Add one with `folio new DIR/my-page.md`.
";

/// `a/b/c` → `a/b`; `c` → ``.
fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Another file that already claims the URL the target would get.
fn same_url(content_dir: &Path, target: &Target) -> Option<String> {
    let base = target
        .rel
        .strip_suffix("_index.md")
        .or_else(|| target.rel.strip_suffix("index.md"))
        .map(|d| d.trim_end_matches('/').to_string())
        .unwrap_or_else(|| target.rel.trim_end_matches(".md").to_string());
    let candidates = if base.is_empty() {
        vec!["_index.md".to_string(), "index.md".to_string()]
    } else {
        vec![
            format!("{base}.md"),
            format!("{base}/_index.md"),
            format!("{base}/index.md"),
        ]
    };
    candidates
        .into_iter()
        .filter(|c| *c != target.rel)
        .find(|c| content_dir.join(c).is_file())
}

/// The folder of the section that an item placed in `dir` belongs to: the nearest one
/// at or above it with an `_index.md`, as the loader decides.
fn section_of(content_dir: &Path, dir: &str) -> String {
    let mut d = dir;
    while !d.is_empty() && !content_dir.join(d).join("_index.md").is_file() {
        d = parent(d);
    }
    d.to_string()
}

/// One past the largest `weight` among the pages and subsections of the section that an
/// item placed in `dir` joins; 1 when none has a weight.
fn next_weight(content_dir: &Path, dir: &str) -> i64 {
    let section = section_of(content_dir, dir);
    let mut weights = Vec::new();
    collect_weights(content_dir, &section, &mut weights);
    weights
        .into_iter()
        .max()
        .map_or(1, |w| w.saturating_add(1).max(1))
}

/// Weights of the items in folder `rel` (relative to `content/`) that belong to its
/// section: pages, page bundles and subsections, looking through plain folders.
fn collect_weights(content_dir: &Path, rel: &str, out: &mut Vec<i64>) {
    let dir = content_dir.join(rel);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if content::is_ignored(name) {
            continue;
        }
        let child = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            if path.join("_index.md").is_file() {
                out.extend(weight_of(content_dir, &format!("{child}/_index.md")));
            } else if path.join("index.md").is_file() {
                out.extend(weight_of(content_dir, &format!("{child}/index.md")));
            } else {
                collect_weights(content_dir, &child, out);
            }
        } else if name.ends_with(".md") && name != "_index.md" {
            out.extend(weight_of(content_dir, &child));
        }
    }
}

/// The `weight` of one content file; a file that does not parse is skipped with a
/// warning, since `new` should still work on a site with a broken page.
fn weight_of(content_dir: &Path, rel: &str) -> Option<i64> {
    let path = content_dir.join(rel);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("warning: could not read `content/{rel}` to choose the weight: {e}");
            return None;
        }
    };
    let parsed = if rel == "_index.md" || rel.ends_with("/_index.md") {
        content::parse_section(&path, rel, &text).map(|s| s.meta.weight)
    } else {
        content::parse_page(&path, rel, &text, Default::default()).map(|p| p.meta.weight)
    };
    match parsed {
        Ok(w) => w,
        Err(e) => {
            let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!(
                "warning: `content/{rel}{line}` was left out when choosing the weight: {}",
                e.message
            );
            None
        }
    }
}

/// Tells the user which section the new item landed in when its folder is not one yet.
fn print_section_note(content_dir: &Path, dir: &str, kind: Kind) {
    if dir.is_empty() || content_dir.join(dir).join("_index.md").is_file() {
        return;
    }
    let section = section_of(content_dir, dir);
    let listed_in = if section.is_empty() {
        "the home page (`content/_index.md`)".to_string()
    } else {
        format!("the section `content/{section}/_index.md`")
    };
    let item = match kind {
        Kind::Page => "page",
        Kind::Section => "section",
    };
    crate::say!(
        "  Note: `content/{dir}/` is not a section (it has no `_index.md`), so this {item} is listed under {listed_in}.\n  To make `{dir}` a section: folio new --section {}",
        scaffold::shell_quote(dir)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, joins: &str, name: &str) -> Target {
        Target {
            kind: Kind::Page,
            rel: rel.into(),
            joins: Some(joins.into()),
            name: name.into(),
        }
    }

    fn section(rel: &str, joins: Option<&str>, name: &str) -> Target {
        Target {
            kind: Kind::Section,
            rel: rel.into(),
            joins: joins.map(Into::into),
            name: name.into(),
        }
    }

    #[test]
    fn targets() {
        let check = |input: &str, flag: bool, want: Target| {
            assert_eq!(
                target(input, flag).unwrap(),
                want,
                "{input} --section={flag}"
            );
        };
        check(
            "guide/intro.md",
            false,
            page("guide/intro.md", "guide", "guide/intro.md"),
        );
        check(
            "guide/intro",
            false,
            page("guide/intro.md", "guide", "guide/intro.md"),
        );
        check("intro", false, page("intro.md", "", "intro.md"));
        check("a/b/index.md", false, page("a/b/index.md", "a", "a/b"));
        check("a/b", true, section("a/b/_index.md", Some("a"), "a/b"));
        check("a/b/", true, section("a/b/_index.md", Some("a"), "a/b"));
        check(
            "a/b/_index.md",
            false,
            section("a/b/_index.md", Some("a"), "a/b"),
        );
        check("guide", true, section("guide/_index.md", Some(""), "guide"));
        check("", true, section("_index.md", None, ""));
        check("_index.md", false, section("_index.md", None, ""));
    }

    #[test]
    fn bad_targets() {
        for (input, flag, needle) in [
            ("", false, "give the new page's path"),
            ("index.md", false, "home page"),
            ("guide/.secret.md", false, "ignores"),
            ("#scratch/x.md", false, "ignores"),
        ] {
            let e = target(input, flag).unwrap_err().to_string();
            assert!(e.contains(needle), "{input}: {e}");
        }
    }

    #[test]
    fn rendered_files_parse() {
        for (t, draft) in [
            (page("a/b.md", "a", "a/b.md"), true),
            (section("a/_index.md", Some(""), "a"), false),
            (section("_index.md", None, ""), false),
        ] {
            let text = render(&t, "A \"quoted\" title", Some(3), draft);
            let path = Path::new(&t.rel);
            match t.kind {
                Kind::Page => {
                    let p = content::parse_page(path, &t.rel, &text, Default::default()).unwrap();
                    assert_eq!(p.meta.title, "A \"quoted\" title");
                    assert_eq!(p.meta.weight, Some(3));
                    assert_eq!(p.draft, draft);
                    assert!(p.date.is_some());
                }
                Kind::Section => {
                    let s = content::parse_section(path, &t.rel, &text).unwrap();
                    assert_eq!(s.meta.weight, Some(3));
                    assert!(!text.contains("DIR/"), "{text}");
                }
            }
        }
    }

    #[test]
    fn weights_follow_the_section() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        let write = |rel: &str, text: &str| {
            let p = c.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("guide/_index.md", "+++\nweight = 50\n+++\n");
        write("guide/a.md", "+++\nweight = 2\n+++\n");
        write("guide/sub/_index.md", "+++\nweight = 7\n+++\n");
        write("guide/sub/deep.md", "+++\nweight = 99\n+++\n");
        write("guide/plain/c.md", "+++\nweight = 5\n+++\n");
        write("guide/bundle/index.md", "+++\nweight = 4\n+++\n");
        write("guide/broken.md", "no front matter\n");
        write("guide/.hidden.md", "+++\nweight = 1000\n+++\n");
        // The guide's own weight and the subsection's pages do not count.
        assert_eq!(next_weight(c, "guide"), 8);
        // A plain folder joins the guide's section.
        assert_eq!(next_weight(c, "guide/plain"), 8);
        assert_eq!(next_weight(c, "guide/sub"), 100);
        assert_eq!(next_weight(c, "empty"), 51);
        assert_eq!(next_weight(&c.join("nothing"), ""), 1);
    }

    #[test]
    fn url_clashes() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path();
        std::fs::create_dir_all(c.join("guide")).unwrap();
        std::fs::write(c.join("guide/_index.md"), "").unwrap();
        std::fs::write(c.join("about.md"), "").unwrap();
        let clash = |t: Target| same_url(c, &t);
        assert_eq!(
            clash(page("guide.md", "", "guide")).as_deref(),
            Some("guide/_index.md")
        );
        assert_eq!(
            clash(section("about/_index.md", Some(""), "about")).as_deref(),
            Some("about.md")
        );
        assert_eq!(clash(page("guide/x.md", "guide", "x")), None);
    }
}
