//! Checks over a loaded site: Markdown problems with their lines, `@/` links to
//! anchors that do not exist, and the sink that finishes each rendered file and notes
//! two files claiming one output path.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Site;
use crate::content::{Asset, Content, ItemId};
use crate::diagnostic::{Diagnostic, relative_to};
use crate::markdown::Rendered;
use crate::render::{OutputFile, Sink};

pub(super) fn markdown_problems(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
) -> Vec<Diagnostic> {
    let all: Vec<ItemId> = content.reading_order.clone();
    markdown_problems_for(root, content, pages, sections, &all)
}

/// Markdown problems of `items`, and their `@/` links whose `#anchor` does not exist.
pub(super) fn markdown_problems_for(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    items: &[ItemId],
) -> Vec<Diagnostic> {
    let rendered = |id: ItemId| -> &Rendered {
        match id {
            ItemId::Page(i) => &pages[i],
            ItemId::Section(i) => &sections[i],
        }
    };
    let problems_of = |&id: &ItemId| {
        let mut out = Vec::new();
        let meta = content.meta(id);
        let r = rendered(id);
        let file: PathBuf = relative_to(&meta.file, root);
        for (line, message) in &r.problems {
            out.push(Diagnostic::new(&file, message.clone()).at_line(Some(*line)));
        }
        for link in &r.internal_links {
            let (Some(anchor), Some(&target)) =
                (&link.anchor, content.by_relative.get(&link.target))
            else {
                continue;
            };
            if !rendered(target).anchors.iter().any(|a| a == anchor) {
                out.push(
                    Diagnostic::new(
                        &file,
                        format!(
                            "broken link `@/{}#{anchor}`: `content/{}` has no heading with the id `{anchor}`",
                            link.target, link.target
                        ),
                    )
                    .at_line(Some(link.line)),
                );
            }
        }
        out
    };
    items.par_iter().flat_map_iter(problems_of).collect()
}

/// Broken anchors in links from anywhere to `target`.
pub(super) fn links_into(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    target: &str,
) -> Vec<Diagnostic> {
    let sources: Vec<ItemId> = content
        .reading_order
        .iter()
        .copied()
        .filter(|&id| {
            let r = match id {
                ItemId::Page(i) => &pages[i],
                ItemId::Section(i) => &sections[i],
            };
            r.internal_links.iter().any(|l| l.target == target)
        })
        .collect();
    markdown_problems_for(root, content, pages, sections, &sources)
        .into_iter()
        .filter(|d| d.message.contains(&format!("`@/{target}#")))
        .collect()
}

/// The sink `render_all` renders into: finishes each file, leaves out paths that a
/// static file takes, and notes two files claiming one path.
pub(super) struct Finishing<'a> {
    pub site: &'a Site,
    pub inner: &'a dyn Sink,
    pub seen: Mutex<HashSet<String>>,
    pub clashes: Mutex<Vec<String>>,
}

impl Sink for Finishing<'_> {
    fn put(&self, file: OutputFile) {
        let fresh = self
            .seen
            .lock()
            .is_ok_and(|mut seen| seen.insert(file.path.clone()));
        if !fresh {
            if let Ok(mut c) = self.clashes.lock() {
                c.push(file.path);
            }
            return;
        }
        // A file in the site's or theme's `static/` replaces a generated one of the
        // same path (a hand-written robots.txt, say), in the output and in `serve` alike.
        if self.site.statics.contains_key(&file.path) {
            return;
        }
        let bytes = self.site.finalize(&file.path, file.bytes);
        self.inner.put(OutputFile {
            path: file.path,
            bytes,
        });
    }
}

impl Finishing<'_> {
    /// Two generated or copied files for one output path would silently overwrite
    /// each other.
    pub fn problems(&self, root: &Path, assets: &[Asset]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut clashes = self.clashes.lock().map(|c| c.clone()).unwrap_or_default();
        clashes.sort();
        clashes.dedup();
        for path in clashes {
            let problem = match self.site.css.iter().find(|c| c.path == path) {
                Some(c) => Diagnostic::new(
                    &c.source,
                    format!("this stylesheet compiles to `{path}`, which folio also generates"),
                ),
                None => Diagnostic::new(
                    "content",
                    format!(
                        "two generated files claim `{path}` (a taxonomy, alias or page URL clashes)"
                    ),
                ),
            };
            problems.push(problem);
        }
        let seen = self.seen.lock();
        for a in assets {
            if seen.as_ref().is_ok_and(|s| s.contains(&a.output)) {
                problems.push(Diagnostic::new(
                    relative_to(&a.source, root),
                    format!("this file would overwrite the generated `{}`", a.output),
                ));
            }
        }
        problems
    }
}

/// Local images of `items` (Markdown images and the `<img>` of components) that no
/// static file, asset or page of the site provides, each at its line. Links to other
/// sites, `data:` URLs and processed images (made while rendering) are not looked at.
pub(super) fn missing_images(
    site: &Site,
    items: &[ItemId],
    known: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let base = site.config.base_path();
    let mut out = Vec::new();
    for &id in items {
        let meta = site.content.meta(id);
        let r = match id {
            ItemId::Page(i) => &site.rendered_pages[i],
            ItemId::Section(i) => &site.rendered_sections[i],
        };
        for (src, line) in &r.images {
            let Some(target) = local_target(src, &meta.path, &base) else {
                continue;
            };
            if target.starts_with("processed_images/") || known(&target) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    relative_to(&meta.file, &site.root),
                    format!(
                        "image `{src}` is missing: no file of `static/`, of the page's folder or of the output is at `{target}`"
                    ),
                )
                .at_line(Some(*line)),
            );
        }
    }
    out
}

/// The output path that an image source on the page at `page_path` leads to, as a
/// browser resolves it (`url::resolve_link`, which `folio check` uses too), or `None`
/// for another site, a `data:` URL or an empty source. A root-relative source without
/// the base path counts as the site's: a sub-path build puts the base path in front.
fn local_target(src: &str, page_path: &str, base: &str) -> Option<String> {
    if src.is_empty() || crate::html::is_external(src) {
        return None;
    }
    let from = crate::url::output_file(page_path);
    let (path, _) = crate::url::resolve_link(&from, src, base)
        .or_else(|_| crate::url::resolve_link(&from, src, "/"))
        // A source that climbs above the site root leads to nothing of the site.
        .unwrap_or_else(|_| (src.to_string(), None));
    Some(path)
}

#[cfg(test)]
mod image_tests {
    use super::local_target;

    #[test]
    fn image_sources_resolve_like_a_browser() {
        let t = |src, page| local_target(src, page, "/");
        assert_eq!(t("a.png", "/guide/x/").as_deref(), Some("guide/x/a.png"));
        assert_eq!(t("../b.svg", "/guide/x/").as_deref(), Some("guide/b.svg"));
        assert_eq!(
            t("/img/c%20d.png?v=1", "/guide/").as_deref(),
            Some("img/c d.png")
        );
        assert_eq!(
            local_target("/docs/img/e.png", "/", "/docs/").as_deref(),
            Some("img/e.png")
        );
        assert_eq!(t("https://example.org/x.png", "/"), None);
        assert_eq!(t("data:image/png;base64,xx", "/"), None);
        assert_eq!(t("//cdn.example/x.png", "/"), None);
    }
}
