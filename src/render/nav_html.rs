//! The markup of the default theme's sidebar list, `nav_html` in templates: the rows
//! of `nav` as the Tera loop in `tests/fixtures/nav-loop/` draws them.
//!
//! The list is on every page. Drawn by that loop, it was a large share of a big
//! site's build (about 40 rows a page, each a dozen attribute lookups and branches in
//! Tera's interpreter), and so was making the `nav` values it reads; here a row is
//! string pushes, and a row off the reader's path is drawn once per build
//! (`nav::html`). A site that wants other markup draws `nav` with a loop of its own.
//! `tests/integration/scale.rs` builds generated sites with the theme and with the
//! loop and compares every file.

use pulldown_cmark_escape::escape_html;

/// Opens the list, with a "Home" row for `home` when given (`current`: the reader is
/// on the home page).
pub fn open(out: &mut String, home: Option<&str>, current: bool) {
    out.push_str("<ul class=\"nav-list\">");
    if let Some(home) = home {
        out.push_str("\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
        escape(out, home);
        out.push('"');
        if current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push_str(">Home</a></li>");
    }
}

/// A page's or section's row.
pub struct Item<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub is_section: bool,
    /// False for a section without a page of its own (`render = false`).
    pub has_page: bool,
    /// Its children follow, in a group that `close` ends.
    pub has_children: bool,
    /// On the reader's path: its group is open.
    pub open: bool,
    /// The navigation file of a closed section with children, or "".
    pub nav: &'a str,
    /// The reader is on it.
    pub here: bool,
}

/// Draws `item`'s row.
pub fn item(out: &mut String, item: &Item) {
    let here = |out: &mut String| {
        if item.here {
            out.push_str(" aria-current=\"page\"");
        }
    };
    if item.has_children {
        out.push_str("\n<li class=\"nav-item nav-group\">\n<details");
        if item.open || item.here {
            out.push_str(" open");
        }
        out.push_str(">\n<summary>");
        escape(out, item.title);
        out.push_str("</summary>\n<ul class=\"nav-list\">");
        if item.has_page {
            out.push_str("\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
            escape(out, item.url);
            out.push('"');
            here(out);
            out.push_str(">Overview</a></li>");
        }
    } else if !item.has_page {
        out.push_str("\n<li class=\"nav-item\"><span class=\"nav-link\">");
        escape(out, item.title);
        out.push_str("</span></li>");
    } else {
        out.push_str("\n<li class=\"nav-item\"");
        if !item.nav.is_empty() {
            out.push_str(" data-nav=\"");
            escape(out, item.nav);
            out.push('"');
        }
        out.push_str("><a class=\"nav-link");
        if item.is_section {
            out.push_str(" nav-link-section");
        }
        out.push_str("\" href=\"");
        escape(out, item.url);
        out.push('"');
        here(out);
        out.push('>');
        escape(out, item.title);
        out.push_str("</a></li>");
    }
}

/// An "N more" row: `count` children of the section titled `title`, listed at `url`.
pub fn more(out: &mut String, url: &str, count: usize, title: &str) {
    out.push_str("\n<li class=\"nav-item nav-more\"><a class=\"nav-link\" href=\"");
    escape(out, url);
    out.push_str("\">");
    out.push_str(&count.to_string());
    out.push_str(" more<span class=\"visually-hidden\"> in ");
    escape(out, title);
    out.push_str("</span></a></li>");
}

/// Ends `n` groups.
pub fn close(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push_str("\n</ul>\n</details>\n</li>");
    }
}

/// Ends the list.
pub fn end(out: &mut String) {
    out.push_str("\n</ul>");
}

/// `text` escaped as Tera escapes `{{ }}` output (with its `fast_escape`, the same
/// function).
fn escape(out: &mut String, text: &str) {
    let _ = escape_html(out, text);
}
