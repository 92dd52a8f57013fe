//! `nav_list`: the default theme's sidebar list, drawn in Rust from the `nav` rows.
//!
//! The theme could draw the rows with a loop (README, "The sidebar on large sites"),
//! and a site that wants other markup still does. But the list is on every page: on a
//! 10,000-page site the loop was a large share of the build, about 40 rows a page, each
//! a dozen attribute lookups and branches in Tera's interpreter; here it is string
//! pushes (before and after: bench/README.md). The markup is exactly the loop's:
//! `tests/integration/scale.rs` builds generated sites both ways and compares every
//! file.

use std::io::Write;

use tera::{Kwargs, Map, State, TeraResult, Value};

/// Registers `nav_list(nav=, current=, home=)`: the `<ul class="nav-list">` of the
/// sidebar for the rows `nav`, the reader at URL `current`, and the home page at URL
/// `home` (given its own "Home" row when no top-level row links to it).
pub fn register(tera: &mut tera::Tera) {
    tera.register_function(
        "nav_list",
        |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let nav = kwargs.must_get::<Value>("nav")?;
            let current = kwargs.get::<&str>("current")?.unwrap_or("");
            let home = kwargs.get::<&str>("home")?.unwrap_or("/");
            let rows = nav
                .as_array()
                .ok_or_else(|| tera::Error::message("nav_list: `nav` must be the `nav` rows"))?;
            Ok(Value::safe_string(&list(rows, current, home)))
        },
    );
}

/// The fields of a row that the list reads, found in one pass over the row's map.
#[derive(Default)]
struct Row<'a> {
    kind: &'a str,
    title: &'a str,
    url: &'a str,
    nav: &'a str,
    count: Option<&'a Value>,
    depth: u64,
    close: u64,
    open: bool,
    has_children: bool,
    has_page: bool,
    is_section: bool,
}

impl<'a> Row<'a> {
    fn of(map: &'a Map) -> Row<'a> {
        let mut row = Row::default();
        for (key, value) in map {
            let text = || value.as_str().unwrap_or("");
            match key.as_str().unwrap_or("") {
                "kind" => row.kind = text(),
                "title" => row.title = text(),
                "url" => row.url = text(),
                "nav" => row.nav = text(),
                "count" => row.count = Some(value),
                "depth" => row.depth = value.as_u64().unwrap_or(0),
                "close" => row.close = value.as_u64().unwrap_or(0),
                // As Tera's `if` reads them.
                "open" => row.open = value.is_truthy(),
                "has_children" => row.has_children = value.is_truthy(),
                "has_page" => row.has_page = value.is_truthy(),
                "is_section" => row.is_section = value.is_truthy(),
                _ => {}
            }
        }
        row
    }
}

/// The list's HTML (see `register`).
fn list(rows: &[Value], current: &str, home: &str) -> String {
    let rows: Vec<Row> = rows.iter().filter_map(Value::as_map).map(Row::of).collect();
    let mut out = Vec::with_capacity(256 + rows.len() * 160);
    out.extend_from_slice(b"<ul class=\"nav-list\">");
    if !rows.iter().any(|r| r.depth == 0 && r.url == home) {
        out.extend_from_slice(b"\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
        escape(&mut out, home);
        out.push(b'"');
        if current == home {
            out.extend_from_slice(b" aria-current=\"page\"");
        }
        out.extend_from_slice(b">Home</a></li>");
    }
    for row in &rows {
        let here = row.url == current;
        if row.kind == "more" {
            out.extend_from_slice(
                b"\n<li class=\"nav-item nav-more\"><a class=\"nav-link\" href=\"",
            );
            escape(&mut out, row.url);
            out.extend_from_slice(b"\">");
            if let Some(count) = row.count {
                let _ = write!(out, "{count}");
            }
            out.extend_from_slice(b" more<span class=\"visually-hidden\"> in ");
            escape(&mut out, row.title);
            out.extend_from_slice(b"</span></a></li>");
        } else if row.has_children {
            out.extend_from_slice(b"\n<li class=\"nav-item nav-group\">\n<details");
            if row.open || here {
                out.extend_from_slice(b" open");
            }
            out.extend_from_slice(b">\n<summary>");
            escape(&mut out, row.title);
            out.extend_from_slice(b"</summary>\n<ul class=\"nav-list\">");
            if row.has_page {
                out.extend_from_slice(b"\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
                escape(&mut out, row.url);
                out.push(b'"');
                if here {
                    out.extend_from_slice(b" aria-current=\"page\"");
                }
                out.extend_from_slice(b">Overview</a></li>");
            }
        } else if !row.has_page {
            out.extend_from_slice(b"\n<li class=\"nav-item\"><span class=\"nav-link\">");
            escape(&mut out, row.title);
            out.extend_from_slice(b"</span></li>");
        } else {
            out.extend_from_slice(b"\n<li class=\"nav-item\"");
            if !row.nav.is_empty() {
                out.extend_from_slice(b" data-nav=\"");
                escape(&mut out, row.nav);
                out.push(b'"');
            }
            out.extend_from_slice(b"><a class=\"nav-link");
            if row.is_section {
                out.extend_from_slice(b" nav-link-section");
            }
            out.extend_from_slice(b"\" href=\"");
            escape(&mut out, row.url);
            out.push(b'"');
            if here {
                out.extend_from_slice(b" aria-current=\"page\"");
            }
            out.push(b'>');
            escape(&mut out, row.title);
            out.extend_from_slice(b"</a></li>");
        }
        for _ in 0..row.close {
            out.extend_from_slice(b"\n</ul>\n</details>\n</li>");
        }
    }
    out.extend_from_slice(b"\n</ul>");
    // Only UTF-8 text and ASCII markup went in.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `text` escaped as Tera escapes `{{ }}` output.
fn escape(out: &mut Vec<u8>, text: &str) {
    let _ = tera::escape_html(text, out);
}
