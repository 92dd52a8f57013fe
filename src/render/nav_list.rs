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

use tera::value::Key;
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

/// The list's HTML (see `register`).
fn list(rows: &[Value], current: &str, home: &str) -> String {
    let mut out = Vec::with_capacity(256 + rows.len() * 160);
    out.extend_from_slice(b"<ul class=\"nav-list\">");
    let has_home = rows
        .iter()
        .filter_map(Value::as_map)
        .any(|r| number(r, "depth") == 0 && text(r, "url") == home);
    if !has_home {
        out.extend_from_slice(b"\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
        escape(&mut out, home);
        out.push(b'"');
        if current == home {
            out.extend_from_slice(b" aria-current=\"page\"");
        }
        out.extend_from_slice(b">Home</a></li>");
    }
    for row in rows.iter().filter_map(Value::as_map) {
        let url = text(row, "url");
        let here = url == current;
        if text(row, "kind") == "more" {
            out.extend_from_slice(
                b"\n<li class=\"nav-item nav-more\"><a class=\"nav-link\" href=\"",
            );
            escape(&mut out, url);
            out.extend_from_slice(b"\">");
            if let Some(count) = row.get(&Key::Str("count")) {
                let _ = write!(out, "{count}");
            }
            out.extend_from_slice(b" more<span class=\"visually-hidden\"> in ");
            escape(&mut out, text(row, "title"));
            out.extend_from_slice(b"</span></a></li>");
        } else if flag(row, "has_children") {
            out.extend_from_slice(b"\n<li class=\"nav-item nav-group\">\n<details");
            if flag(row, "open") || here {
                out.extend_from_slice(b" open");
            }
            out.extend_from_slice(b">\n<summary>");
            escape(&mut out, text(row, "title"));
            out.extend_from_slice(b"</summary>\n<ul class=\"nav-list\">");
            if flag(row, "has_page") {
                out.extend_from_slice(b"\n<li class=\"nav-item\"><a class=\"nav-link\" href=\"");
                escape(&mut out, url);
                out.push(b'"');
                if here {
                    out.extend_from_slice(b" aria-current=\"page\"");
                }
                out.extend_from_slice(b">Overview</a></li>");
            }
        } else if !flag(row, "has_page") {
            out.extend_from_slice(b"\n<li class=\"nav-item\"><span class=\"nav-link\">");
            escape(&mut out, text(row, "title"));
            out.extend_from_slice(b"</span></li>");
        } else {
            out.extend_from_slice(b"\n<li class=\"nav-item\"");
            let file = text(row, "nav");
            if !file.is_empty() {
                out.extend_from_slice(b" data-nav=\"");
                escape(&mut out, file);
                out.push(b'"');
            }
            out.extend_from_slice(b"><a class=\"nav-link");
            if flag(row, "is_section") {
                out.extend_from_slice(b" nav-link-section");
            }
            out.extend_from_slice(b"\" href=\"");
            escape(&mut out, url);
            out.push(b'"');
            if here {
                out.extend_from_slice(b" aria-current=\"page\"");
            }
            out.push(b'>');
            escape(&mut out, text(row, "title"));
            out.extend_from_slice(b"</a></li>");
        }
        for _ in 0..number(row, "close") {
            out.extend_from_slice(b"\n</ul>\n</details>\n</li>");
        }
    }
    out.extend_from_slice(b"\n</ul>");
    // Only UTF-8 text and ASCII markup went in.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn field<'a>(row: &'a Map, name: &'static str) -> Option<&'a Value> {
    row.get(&Key::Str(name))
}

/// A string field, or "" when absent or none.
fn text<'a>(row: &'a Map, name: &'static str) -> &'a str {
    field(row, name).and_then(Value::as_str).unwrap_or("")
}

/// A field as Tera's `if` reads it.
fn flag(row: &Map, name: &'static str) -> bool {
    field(row, name).is_some_and(Value::is_truthy)
}

fn number(row: &Map, name: &'static str) -> u64 {
    field(row, name).and_then(Value::as_u64).unwrap_or(0)
}

/// `text` escaped as Tera escapes `{{ }}` output.
fn escape(out: &mut Vec<u8>, text: &str) {
    let _ = tera::escape_html(text, out);
}
