//! `folio check`'s deeper pass over the built site: every internal link, image and
//! `#anchor` in the final HTML (from Markdown and from templates), duplicate ids, and
//! images without alt text, and static files that cannot be read (a build would fail
//! copying them). Each problem names the source file, and the line where the link was
//! written when it came from Markdown.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::{ItemId, url};
use crate::diagnostic::{Diagnostic, relative_to};
use crate::html::{self, Scanned};
use crate::site::Site;

/// What the check found, and how much it looked at.
pub struct Report {
    pub pages: usize,
    pub links: usize,
    pub problems: Vec<Diagnostic>,
    /// External URLs found (for `--external`), with the files that use them.
    pub external: Vec<(String, PathBuf)>,
}

/// Checks every HTML file of a built site.
pub fn check(site: &Site) -> Report {
    let base = site.urls.base_path.clone();
    let html_files: Vec<(&String, &[u8])> = site
        .files
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, v.as_slice()))
        .collect();
    let progress = &site.options.progress;
    progress.stage("checking links in", html_files.len(), "pages");
    let scanned: HashMap<&str, Scanned> = html_files
        .par_iter()
        .map(|(k, v)| {
            let s = html::scan(&String::from_utf8_lossy(v));
            progress.advance(1);
            (k.as_str(), s)
        })
        .collect();
    let ids: HashMap<&str, HashSet<&str>> = scanned
        .iter()
        .map(|(k, s)| (*k, s.ids.iter().map(String::as_str).collect()))
        .collect();
    let sources = source_map(site);
    let mut problems = Vec::new();
    let mut external = Vec::new();
    let mut links = 0;
    let mut keys: Vec<&&str> = scanned.keys().collect();
    keys.sort();
    for key in keys {
        let s = &scanned[*key];
        let (file, item) = sources
            .get(*key)
            .cloned()
            .unwrap_or_else(|| (PathBuf::from(format!("(generated) {key}")), None));
        let line_of = |value: &str| item.and_then(|id| source_line(site, id, value));
        let mut seen = HashSet::new();
        for id in &s.ids {
            if !seen.insert(id.as_str()) {
                problems.push(Diagnostic::new(
                    &file,
                    format!("the id `{id}` is used more than once in `{key}`"),
                ));
            }
        }
        if s.images_without_alt > 0 {
            problems.push(Diagnostic::new(
                &file,
                format!("{} image(s) in `{key}` have no alt text; add `alt` (empty for decorative images)", s.images_without_alt),
            ));
        }
        for link in &s.links {
            links += 1;
            let v = link.value.trim();
            if v.is_empty() {
                continue;
            }
            // Zola's `get_url` and permalinks name the site with its host: check them
            // as the root-relative links they are.
            let inside = match v.strip_prefix(site.urls.origin.as_str()) {
                Some(rest) if !site.urls.origin.is_empty() && rest.starts_with('/') => rest,
                _ => v,
            };
            if html::is_external(inside) {
                if v.starts_with("http://") || v.starts_with("https://") {
                    external.push((v.to_string(), file.clone()));
                }
                continue;
            }
            // Canonical and alternate links are absolute permalinks, checked as paths.
            let target = match url::resolve_link(key, inside, &base) {
                Ok(t) => t,
                Err(why) => {
                    problems.push(
                        Diagnostic::new(&file, format!("broken link `{v}` in `{key}`: {why}"))
                            .at_line(line_of(v)),
                    );
                    continue;
                }
            };
            let (path, fragment) = target;
            let exists_as = if site.files.contains_key(&path) || site.statics.contains_key(&path) {
                Some(path.clone())
            } else {
                let dir_index = format!("{}/index.html", path.trim_end_matches('/'));
                site.files.contains_key(&dir_index).then_some(dir_index)
            };
            let Some(found) = exists_as else {
                problems.push(
                    Diagnostic::new(
                        &file,
                        format!("broken link `{v}` in `{key}`: nothing is built at `{path}`"),
                    )
                    .at_line(line_of(v)),
                );
                continue;
            };
            if let Some(frag) = fragment {
                let frag = percent_encoding::percent_decode_str(&frag)
                    .decode_utf8_lossy()
                    .into_owned();
                if frag.is_empty() || frag == "top" {
                    continue;
                }
                if let Some(target_ids) = ids.get(found.as_str())
                    && !target_ids.contains(frag.as_str())
                {
                    problems.push(
                        Diagnostic::new(&file, format!("broken anchor `{v}` in `{key}`: `{found}` has no element with id `{frag}`"))
                            .at_line(line_of(v)),
                    );
                }
            }
        }
    }
    problems.extend(unreadable_statics(site));
    problems.sort();
    problems.dedup();
    Report {
        pages: scanned.len(),
        links,
        problems,
        external,
    }
}

/// Static files and page assets that `folio build` could not copy: each is opened and
/// its first byte read, as the copy would. Anything but a regular file is refused
/// before opening (opening a FIFO waits for a writer).
fn unreadable_statics(site: &Site) -> Vec<Diagnostic> {
    use std::io::Read;
    let disk: Vec<&PathBuf> = site
        .statics
        .values()
        .filter_map(|s| match s {
            crate::render::theme::StaticSource::Disk(p) => Some(p),
            crate::render::theme::StaticSource::Embedded(_)
            | crate::render::theme::StaticSource::Bytes(_) => None,
        })
        .collect();
    disk.par_iter()
        .filter_map(|path| {
            let read = std::fs::metadata(path).and_then(|m| {
                if !m.is_file() {
                    return Err(std::io::Error::other("not a regular file"));
                }
                std::fs::File::open(path).and_then(|mut f| f.read(&mut [0u8; 1]))
            });
            read.err().map(|e| {
                Diagnostic::new(relative_to(path, &site.root), format!("cannot read: {e}"))
            })
        })
        .collect()
}

/// Output path → (source file, content item) for messages.
fn source_map(site: &Site) -> HashMap<String, (PathBuf, Option<ItemId>)> {
    let mut map = HashMap::new();
    for &id in &site.content.reading_order {
        let meta = site.content.meta(id);
        map.insert(
            url::output_file(&meta.path),
            (relative_to(&meta.file, &site.root), Some(id)),
        );
    }
    map
}

/// The line where a link with this (rendered) target was written in Markdown.
fn source_line(site: &Site, id: ItemId, value: &str) -> Option<usize> {
    let r = match id {
        ItemId::Page(i) => &site.rendered_pages[i],
        ItemId::Section(i) => &site.rendered_sections[i],
    };
    if let Some((_, line)) = r.other_links.iter().find(|(d, _)| d == value) {
        return Some(*line);
    }
    r.internal_links.iter().find_map(|l| {
        let url = site
            .content
            .by_relative
            .get(&l.target)
            .map(|&t| site.urls.url(&site.content.meta(t).path))?;
        let full = match &l.anchor {
            Some(a) => format!("{url}#{a}"),
            None => url,
        };
        (full == value).then_some(l.line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links() {
        let check = |from: &str, link: &str, base: &str, want: Result<(&str, Option<&str>), ()>| {
            let got = url::resolve_link(from, link, base);
            match want {
                Ok((p, f)) => assert_eq!(
                    got,
                    Ok((p.to_string(), f.map(str::to_string))),
                    "{from} {link}"
                ),
                Err(()) => assert!(got.is_err(), "{from} {link}: {got:?}"),
            }
        };
        check("a/b/index.html", "/c/", "/", Ok(("c/index.html", None)));
        check(
            "a/b/index.html",
            "../c/#x",
            "/",
            Ok(("a/c/index.html", Some("x"))),
        );
        check(
            "a/b/index.html",
            "#x",
            "/",
            Ok(("a/b/index.html", Some("x"))),
        );
        check(
            "index.html",
            "/repo/css/a.css?h=1",
            "/repo/",
            Ok(("css/a.css", None)),
        );
        check("index.html", "/css/a.css", "/repo/", Err(()));
        check("index.html", "../../x", "/", Err(()));
        check(
            "a/index.html",
            "caf%C3%A9.png",
            "/",
            Ok(("a/café.png", None)),
        );
    }
}
