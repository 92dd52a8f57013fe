//! The sidebar: a bounded list of rows for each page, and the per-section navigation
//! files that the theme's script loads when a reader expands a section.
//!
//! Each level on the path from the root to the current item shows its children; a
//! level with more than `LEVEL_LIMIT` children shows a window of them around the path,
//! with "N more" rows linking to the section's listing pages for the rest. On sites
//! of up to `FULL_TREE_LIMIT` pages every section is expanded (within its window); on
//! larger ones the sections off the path are closed, and the theme's script can load
//! their children from `_nav/<key>.js`. So a page's sidebar holds at most a window per
//! level of its path, whatever the width, depth or size of the site.
//!
//! The rows are flat, each with its `depth` and the number of groups it `close`s, so
//! templates draw any depth with one loop (Tera limits component recursion).

use std::ops::Range;
use std::sync::OnceLock;

use tera::Value;

use super::OutputFile;
use super::nav_html;
use super::paginate;
use super::values::{Urls, obj, opt};
use crate::config::Config;
use crate::content::{Content, ItemId};
use crate::deps::{self, Dep};
use crate::render::functions::short_hash;

/// Sites up to this many pages have every section expanded in the sidebar.
pub const FULL_TREE_LIMIT: usize = 500;
/// A level with more children than this shows a window of them.
pub const LEVEL_LIMIT: usize = 30;
/// Children shown before and after the one on the path, in a windowed level.
pub const WINDOW_RADIUS: usize = 7;
/// Children per navigation file; a section with more has several, chained.
pub const NAV_FILE_CHUNK: usize = 250;
/// The folder of the navigation files in the output.
pub const NAV_DIR: &str = "_nav";

/// The children of a level of `len` that the sidebar shows around child `focus`.
pub fn window(len: usize, focus: Option<usize>) -> Range<usize> {
    if len <= LEVEL_LIMIT {
        return 0..len;
    }
    let size = 2 * WINDOW_RADIUS + 1;
    let start = focus
        .unwrap_or(0)
        .saturating_sub(WINDOW_RADIUS)
        .min(len - size);
    start..start + size
}

/// Whether the site is small enough for every section to be expanded.
pub fn is_full(content: &Content) -> bool {
    content.pages.len() <= FULL_TREE_LIMIT
}

/// The name of section `s`'s navigation file (chunk `n`, 1-based), under `NAV_DIR`.
pub fn file_name(content: &Content, s: usize, n: usize) -> String {
    let key = short_hash(content.sections[s].meta.path.as_bytes());
    if n <= 1 {
        format!("{NAV_DIR}/{key}.js")
    } else {
        format!("{NAV_DIR}/{key}-{n}.js")
    }
}

/// The URL of section `s`'s navigation file (chunk `n`), with the deploy sub-path.
fn file_url(content: &Content, urls: &Urls, s: usize, n: usize) -> String {
    urls.url(&format!("/{}", file_name(content, s, n)))
}

/// The sidebar rows for a reader at `current` (a page or section; `None` for pages
/// outside the tree, such as taxonomy pages and 404). Each row is
/// `{kind, title, description, url, depth, open, has_children, close, nav, count}`:
/// `kind` is `page`, `section` or `more`; a section row with `has_children` is
/// followed by its children; `close` counts the groups that end after the row; `nav`
/// is the navigation file of a closed section with children (or none).
pub fn rows(
    config: &Config,
    content: &Content,
    current: Option<ItemId>,
    urls: &Urls,
    cache: &RowCache,
) -> Value {
    Value::from(
        build(config, content, current, urls)
            .into_iter()
            .map(|(row, close)| match row {
                // Off the reader's path and closing no group, a row is the same on
                // every page that shows it: made once per build.
                Row::Item(item) if !item.open && close == 0 => cache.rows
                    [cache.index(content, item.id)]
                .get_or_init(|| item.value(content, urls, 0))
                .clone(),
                Row::Item(item) => item.value(content, urls, close),
                Row::More(more) => more.value(content, close),
            })
            .collect::<Vec<_>>(),
    )
}

/// The sidebar list of a reader at `current` (see `rows`) as the default theme draws
/// it, the `nav_html` of templates: the markup of a Tera loop over `nav`
/// (`tests/fixtures/nav-loop/`), written here because it is on every page.
/// `current_url` is the URL being rendered (a section's later listing pages are not
/// its own URL) and `home_url` its language's home page, which gets a row of its own
/// when no top-level row links to it.
pub fn html(
    config: &Config,
    content: &Content,
    current: Option<ItemId>,
    urls: &Urls,
    cache: &RowCache,
    current_url: &str,
    home_url: &str,
) -> String {
    let rows = build(config, content, current, urls);
    let mut out = String::with_capacity(256 + rows.len() * 160);
    // Any top-level row, an "N more" row among them, may link to the home page.
    let home_shown = rows.iter().any(|(row, _)| match row {
        Row::Item(item) => item.depth == 0 && urls.url(&content.meta(item.id).path) == home_url,
        Row::More(more) => more.depth == 0 && more.url == home_url,
    });
    nav_html::open(
        &mut out,
        (!home_shown).then_some(home_url),
        current_url == home_url,
    );
    for (row, close) in rows {
        match row {
            // The reader's own row says so (`aria-current`); the others off the path
            // are the same on every page: drawn once per build.
            Row::Item(item) if !item.open && Some(item.id) != current => {
                out.push_str(
                    cache.html[cache.index(content, item.id)]
                        .get_or_init(|| item.html(content, urls, None)),
                );
            }
            Row::Item(item) => out.push_str(&item.html(content, urls, Some(current_url))),
            Row::More(more) => nav_html::more(
                &mut out,
                &more.url,
                more.count,
                &content.sections[more.section].meta.title,
            ),
        }
        nav_html::close(&mut out, close);
    }
    nav_html::end(&mut out);
    out
}

/// The rows of the sidebar of a reader at `current`, each with its `close` count.
fn build(
    config: &Config,
    content: &Content,
    current: Option<ItemId>,
    urls: &Urls,
) -> Vec<(Row, usize)> {
    let mut path = current.map_or_else(Vec::new, |id| content.ancestors(id));
    if let Some(ItemId::Section(s)) = current {
        path.push(s);
    }
    // The tree of the reader's language: its home section has no parent.
    if path.is_empty() {
        path.push(Content::ROOT);
    }
    let root = path[0];
    let mut b = Builder {
        config,
        content,
        urls,
        path: &path,
        current,
        full: is_full(content),
        rows: Vec::new(),
        closes: Vec::new(),
    };
    let focus = path
        .get(1)
        .map(|&n| ItemId::Section(n))
        .or(current.filter(|c| *c != ItemId::Section(root)));
    b.level(root, 0, focus);
    let Builder { rows, closes, .. } = b;
    rows.into_iter().zip(closes).collect()
}

/// The rows that are the same wherever they show (see `rows`), one slot per page
/// and section, filled as pages render. Made afresh for each rendering pass.
pub struct RowCache {
    rows: Vec<OnceLock<Value>>,
    /// The same rows as `nav_html` draws them, for a reader elsewhere.
    html: Vec<OnceLock<String>>,
}

impl RowCache {
    pub fn new(content: &Content) -> RowCache {
        let n = content.pages.len() + content.sections.len();
        RowCache {
            rows: (0..n).map(|_| OnceLock::new()).collect(),
            html: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    fn index(&self, content: &Content, id: ItemId) -> usize {
        match id {
            ItemId::Page(p) => p,
            ItemId::Section(s) => content.pages.len() + s,
        }
    }
}

/// A row of the sidebar before its `close` count is known.
enum Row {
    Item(ItemRow),
    More(MoreRow),
}

/// A row standing for `count` children of `section` left out of the window, linking
/// to the listing page at `url`.
struct MoreRow {
    section: usize,
    depth: usize,
    count: usize,
    url: String,
}

impl MoreRow {
    fn value(&self, content: &Content, close: usize) -> Value {
        obj([
            ("kind", Value::from("more")),
            ("is_section", Value::from(false)),
            (
                "title",
                Value::from(content.sections[self.section].meta.title.as_str()),
            ),
            ("description", Value::none()),
            ("url", Value::from(self.url.as_str())),
            ("depth", Value::from(self.depth)),
            ("open", Value::from(false)),
            ("has_children", Value::from(false)),
            ("has_page", Value::from(true)),
            ("nav", Value::none()),
            ("count", Value::from(self.count)),
            ("close", Value::from(close)),
        ])
    }
}

/// The row of a page or section (`open`: on the reader's path; `has_children`: its
/// children follow; `nav`: it is a closed section with children, whose row names its
/// navigation file).
struct ItemRow {
    id: ItemId,
    depth: usize,
    open: bool,
    has_children: bool,
    nav: bool,
}

impl ItemRow {
    /// Zola's `render = false`: a section without a page to link to.
    fn has_page(&self, content: &Content) -> bool {
        match self.id {
            ItemId::Section(s) => content.sections[s].render,
            ItemId::Page(_) => true,
        }
    }

    /// The navigation file of a closed section with children.
    fn nav_file(&self, content: &Content, urls: &Urls) -> Option<String> {
        match self.id {
            ItemId::Section(s) if self.nav => Some(file_url(content, urls, s, 1)),
            _ => None,
        }
    }

    fn value(&self, content: &Content, urls: &Urls, close: usize) -> Value {
        let m = content.meta(self.id);
        let is_section = matches!(self.id, ItemId::Section(_));
        obj([
            (
                "kind",
                Value::from(if is_section { "section" } else { "page" }),
            ),
            ("is_section", Value::from(is_section)),
            ("title", Value::from(m.title.as_str())),
            ("description", opt(m.description.as_deref())),
            ("url", Value::from(urls.url(&m.path))),
            ("depth", Value::from(self.depth)),
            ("open", Value::from(self.open)),
            ("has_children", Value::from(self.has_children)),
            ("has_page", Value::from(self.has_page(content))),
            ("nav", opt(self.nav_file(content, urls).as_deref())),
            ("close", Value::from(close)),
        ])
    }

    /// The row's HTML for a reader at `current_url` (`None`: elsewhere).
    fn html(&self, content: &Content, urls: &Urls, current_url: Option<&str>) -> String {
        let m = content.meta(self.id);
        let url = urls.url(&m.path);
        let nav = self.nav_file(content, urls).unwrap_or_default();
        let mut out = String::with_capacity(96 + m.title.len() + url.len() + nav.len());
        nav_html::item(
            &mut out,
            &nav_html::Item {
                title: &m.title,
                url: &url,
                is_section: matches!(self.id, ItemId::Section(_)),
                has_page: self.has_page(content),
                has_children: self.has_children,
                open: self.open,
                nav: &nav,
                here: current_url == Some(url.as_str()),
            },
        );
        out
    }
}

struct Builder<'a> {
    config: &'a Config,
    content: &'a Content,
    urls: &'a Urls,
    /// Sections from the root down to the current item's section (or itself).
    path: &'a [usize],
    current: Option<ItemId>,
    full: bool,
    rows: Vec<Row>,
    closes: Vec<usize>,
}

impl Builder<'_> {
    fn push(&mut self, row: Row) {
        self.rows.push(row);
        self.closes.push(0);
    }

    /// The rows of section `s`'s children, at `depth`, with the window around `focus`
    /// (the child on the reader's path, if any).
    fn level(&mut self, s: usize, depth: usize, focus: Option<ItemId>) {
        let content = self.content;
        let children = &content.sections[s].children;
        let at = focus.and_then(|f| content.child_index.get(&f).copied());
        let shown = window(children.len(), at);
        let per = paginate::per_page(self.config, content, s);
        if shown.start > 0 {
            self.more(
                s,
                depth,
                shown.start,
                paginate::pager_of(shown.start - 1, per),
            );
        }
        for &child in &children[shown.clone()] {
            match child {
                ItemId::Page(_) => self.row(child, depth, false, false, false),
                ItemId::Section(c) => {
                    // The next section down the reader's path, and the child there.
                    let next = self.path.iter().position(|&x| x == c).map(|i| {
                        self.path
                            .get(i + 1)
                            .map(|&n| ItemId::Section(n))
                            .or(self.current.filter(|cur| *cur != ItemId::Section(c)))
                    });
                    let on_path = next.is_some();
                    let has = !content.sections[c].children.is_empty();
                    let expand = has && (on_path || self.full);
                    let nav = has && !expand;
                    self.row(child, depth, on_path, expand, nav);
                    if expand {
                        self.level(c, depth + 1, next.flatten());
                        if let Some(last) = self.closes.last_mut() {
                            *last += 1;
                        }
                    }
                }
            }
        }
        if shown.end < children.len() {
            self.more(
                s,
                depth,
                children.len() - shown.end,
                paginate::pager_of(shown.end, per),
            );
        }
    }

    /// Adds the row of a page or section (see `ItemRow`).
    fn row(&mut self, id: ItemId, depth: usize, open: bool, has_children: bool, nav: bool) {
        let m = self.content.meta(id);
        deps::record_with(|| Dep::Link(m.relative.clone()));
        self.push(Row::Item(ItemRow {
            id,
            depth,
            open,
            has_children,
            nav,
        }));
    }

    /// A row standing for `count` children of `s` left out of the window, linking to
    /// the listing page `pager` that shows the nearest of them.
    fn more(&mut self, s: usize, depth: usize, count: usize, pager: usize) {
        let content = self.content;
        let url = self
            .urls
            .url(&paginate::Listing::of_section(self.config, content, s).path(pager));
        self.push(Row::More(MoreRow {
            section: s,
            depth,
            count,
            url,
        }));
    }
}

/// The navigation files of sections `which` (every section when `None`), for sites
/// whose sidebar is not full. Each is a script calling
/// `__folioNav(key, [[title, url, nav file or ""], …], next chunk or "")`.
pub fn files(content: &Content, urls: &Urls, which: Option<usize>) -> Vec<OutputFile> {
    if is_full(content) {
        return Vec::new();
    }
    let sections: Vec<usize> = match which {
        Some(s) => vec![s],
        None => (0..content.sections.len()).collect(),
    };
    let mut out = Vec::new();
    for s in sections {
        let children = &content.sections[s].children;
        let chunks = children.len().div_ceil(NAV_FILE_CHUNK);
        for (k, chunk) in children.chunks(NAV_FILE_CHUNK).enumerate() {
            let name = file_name(content, s, k + 1);
            let mut js = String::with_capacity(chunk.len() * 80);
            js.push_str("__folioNav(");
            push_json(&mut js, &file_url(content, urls, s, k + 1));
            js.push_str(",[");
            for (i, &c) in chunk.iter().enumerate() {
                if i > 0 {
                    js.push(',');
                }
                let m = content.meta(c);
                deps::record_with(|| Dep::Link(m.relative.clone()));
                js.push('[');
                push_json(&mut js, &m.title);
                js.push(',');
                push_json(&mut js, &urls.url(&m.path));
                js.push(',');
                let nav = match c {
                    ItemId::Section(cs) if !content.sections[cs].children.is_empty() => {
                        file_url(content, urls, cs, 1)
                    }
                    _ => String::new(),
                };
                push_json(&mut js, &nav);
                js.push(']');
            }
            js.push_str("],");
            let next = if k + 2 <= chunks {
                file_url(content, urls, s, k + 2)
            } else {
                String::new()
            };
            push_json(&mut js, &next);
            js.push_str(");\n");
            out.push(OutputFile {
                path: name,
                bytes: js.into_bytes(),
            });
        }
    }
    out
}

/// Appends `s` as a JSON string that is also safe inside a script.
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_bounded_and_hold_the_focus() {
        assert_eq!(window(10, Some(3)), 0..10);
        assert_eq!(window(LEVEL_LIMIT, None), 0..LEVEL_LIMIT);
        let size = 2 * WINDOW_RADIUS + 1;
        for len in [LEVEL_LIMIT + 1, 100, 10_000] {
            for focus in [0, 1, len / 2, len - 2, len - 1] {
                let w = window(len, Some(focus));
                assert_eq!(w.len(), size, "len {len} focus {focus}");
                assert!(w.contains(&focus), "len {len} focus {focus}");
                assert!(w.end <= len);
            }
            assert_eq!(window(len, None), 0..size);
        }
    }

    #[test]
    fn json_strings_are_script_safe() {
        let mut s = String::new();
        push_json(&mut s, "a\"b\\c</script>\n\u{2028}");
        assert_eq!(s, r#""a\"b\\c\u003c/script>\u000a\u2028""#);
    }
}
