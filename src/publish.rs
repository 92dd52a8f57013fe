//! The last touch before a page is published: with `relative_urls = true`, links are
//! rewritten relative to the page, so the site works from `file://` and any path.
//!
//! Only the URL's path is rewritten, in place: the query and fragment after it, the
//! quotes and the rest of the page stay byte for byte as they were, character
//! references included. `html::scan` finds the links, so markup inside `<script>`,
//! `<style>` and `<textarea>` text is never touched. `prefix` gives root-relative
//! links the deploy sub-path first.

mod prefix;

pub use prefix::prefix_root_links;

use crate::html::Link;

/// Rewrites root-relative links (`/repo/a/b/`) in one HTML file into relative ones
/// (`../a/b/index.html`), so the site works from `file://` and under any path.
/// Absolute links to the site itself (`origin` + `base_path`, as Zola's `get_url`
/// gives them) are rewritten too, except `<link rel="canonical">` and
/// `rel="alternate"`, which name the published page.
pub fn relativize(output_path: &str, html: &str, base_path: &str, origin: &str) -> String {
    let depth = output_path.matches('/').count();
    let up = "../".repeat(depth);
    let scanned = crate::html::scan(html);
    let mut out = String::with_capacity(html.len() + 256);
    let mut last = 0;
    for link in &scanned.links {
        let names_the_page = link.rel.as_deref().is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|w| w.eq_ignore_ascii_case("canonical") || w.eq_ignore_ascii_case("alternate"))
        });
        // How many bytes of the value the origin takes (0 for a root-relative link).
        let skip = match link.value.strip_prefix(origin) {
            Some(after) if !origin.is_empty() && after.starts_with('/') && !names_the_page => {
                origin.len()
            }
            _ if link.value.contains("://") => continue,
            _ => 0,
        };
        let Some(rest) = link.value[skip..].strip_prefix(base_path) else {
            continue;
        };
        if link.value.starts_with("//") {
            continue;
        }
        let path = match rest.find(['?', '#']) {
            Some(i) => &rest[..i],
            None => rest,
        };
        // Where the path ends in the value as written (it may hold `&amp;`, `&#x2F;`).
        let Some(path_end) = raw_offset(
            &html[link.start..link.end],
            &link.value,
            skip + base_path.len() + path.len(),
        ) else {
            continue;
        };
        let mut rel = format!("{up}{path}");
        if link.attr != "data-root" && (path.is_empty() || path.ends_with('/')) {
            rel.push_str("index.html");
        }
        if rel.is_empty() {
            rel.push_str("./");
        }
        out.push_str(&html[last..link.start]);
        escape_value(&rel, link, &mut out);
        last = link.start + path_end;
    }
    out.push_str(&html[last..]);
    out
}

/// Writes `value` as an attribute value inside `link`'s quotes: `&` always becomes
/// `&amp;` (so nothing reads as a character reference), `<` and `>` are escaped, and
/// so is whatever would end the value (its quote, or whitespace, `=` and quotes when
/// unquoted).
fn escape_value(value: &str, link: &Link, out: &mut String) {
    for c in value.chars() {
        match (c, link.quote) {
            ('&', _) => out.push_str("&amp;"),
            ('<', _) => out.push_str("&lt;"),
            ('>', _) => out.push_str("&gt;"),
            ('"', Some(b'"') | None) => out.push_str("&quot;"),
            ('\'', Some(b'\'') | None) => out.push_str("&#39;"),
            ('\t' | '\n' | '\x0c' | '\r' | ' ' | '=' | '`', None) => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
}

/// The byte offset in `raw` (an attribute value as written) where the first `len`
/// bytes of `decoded` (the value html5gum decoded from it) end, or `None` when that
/// point falls inside a character reference or `raw` does not decode to `decoded`.
fn raw_offset(raw: &str, decoded: &str, len: usize) -> Option<usize> {
    if raw == decoded {
        return Some(len);
    }
    let mut read = 0;
    let mut written = String::with_capacity(decoded.len());
    let mut found = (len == 0).then_some(0);
    while read < raw.len() {
        let unit = unit_len(&raw[read..]);
        written.push_str(&decode_unit(
            &raw[read..read + unit],
            raw[read + unit..].starts_with('='),
        ));
        read += unit;
        if found.is_none() && written.len() >= len {
            if written.len() > len {
                return None;
            }
            found = Some(read);
        }
    }
    (written == decoded).then_some(found).flatten()
}

/// The length of the next unit of an attribute value as written: a character
/// reference (`&` followed by an optional `#`, letters and digits, and an optional
/// `;`), a `\r\n` pair, or one character. Each unit decodes on its own, since a
/// reference's meaning depends only on its own text and on whether `=` follows.
fn unit_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'&') => {
            let mut i = 1;
            if bytes.get(i) == Some(&b'#') {
                i += 1;
            }
            while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            if i > 1 && bytes.get(i) == Some(&b';') {
                i += 1;
            }
            i
        }
        Some(b'\r') if bytes.get(1) == Some(&b'\n') => 2,
        _ => text.chars().next().map_or(0, char::len_utf8),
    }
}

/// What one unit of an attribute value decodes to, as a browser reads it; html5gum
/// decodes references, so its table of names is the one used.
fn decode_unit(unit: &str, before_equals: bool) -> String {
    match unit {
        "\r\n" | "\r" => "\n".into(),
        "\0" => "\u{fffd}".into(),
        _ if !unit.starts_with('&') => unit.into(),
        _ => {
            let tail = if before_equals { "=" } else { "" };
            let html = format!("<a x=\"{unit}{tail}\">");
            let scanned = html5gum::Tokenizer::new(&html)
                .flatten()
                .find_map(|t| match t {
                    html5gum::Token::StartTag(tag) => tag
                        .attributes
                        .get(b"x".as_slice())
                        .map(|v| String::from_utf8_lossy(v).into_owned()),
                    _ => None,
                });
            let mut text = scanned.unwrap_or_else(|| unit.to_string());
            if before_equals {
                text.pop();
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zola's `get_url` gives absolute URLs; `relative_urls` still makes them relative,
    /// but a canonical or alternate `<link>` keeps naming the published page.
    #[test]
    fn absolute_links_to_the_site_become_relative() {
        let html = r#"<link rel="stylesheet" href="https://e.org/repo/css/s.css?h=1"><link rel="canonical" href="https://e.org/repo/a/"><link rel="alternate" type="application/atom+xml" href="https://e.org/repo/atom.xml"><a href="https://e.org/repo/b/#x">b</a><a href="https://e.org/other/">o</a><a href="https://e.org.evil/repo/">x</a>"#;
        let out = relativize("a/index.html", html, "/repo/", "https://e.org");
        assert!(out.contains(r#"href="../css/s.css?h=1""#), "{out}");
        assert!(out.contains(r#"href="https://e.org/repo/a/""#), "{out}");
        assert!(
            out.contains(r#"href="https://e.org/repo/atom.xml""#),
            "{out}"
        );
        assert!(out.contains(r#"href="../b/index.html#x""#), "{out}");
        assert!(out.contains(r#"href="https://e.org/other/""#), "{out}");
        assert!(out.contains(r#"href="https://e.org.evil/repo/""#), "{out}");
    }

    #[test]
    fn relative_links() {
        let html = r#"<a href="/repo/a/b/#x">x</a><link rel="stylesheet" href="/repo/css/s.css?h=1"><a href="https://e.org/">e</a><a href="/repo/">home</a><img src="/other/x.png" alt=""><form data-root="/repo/"></form>"#;
        let out = relativize("a/c/index.html", html, "/repo/", "");
        assert!(out.contains(r#"href="../../a/b/index.html#x""#), "{out}");
        assert!(out.contains(r#"href="../../css/s.css?h=1""#), "{out}");
        assert!(out.contains(r#"href="https://e.org/""#));
        assert!(out.contains(r#"href="../../index.html""#), "{out}");
        assert!(out.contains(r#"src="/other/x.png""#));
        assert!(out.contains(r#"data-root="../../""#), "{out}");
        let top = relativize(
            "index.html",
            r#"<a href="/repo/">h</a><form data-root="/repo/"></form>"#,
            "/repo/",
            "",
        );
        assert!(
            top.contains(r#"href="index.html""#) && top.contains(r#"data-root="./""#),
            "{top}"
        );
    }

    /// Relativizes `html` as the page `a/c/index.html` of a site under `/repo/`.
    fn check(html: &str, want: &str) {
        assert_eq!(relativize("a/c/index.html", html, "/repo/", ""), want);
    }

    #[test]
    fn query_and_fragment_keep_their_character_references() {
        check(
            r#"<a href="/repo/a/?x=1&amp;copy;=2&amp;q=&quot;y&quot;#top" class="k">t</a>"#,
            r#"<a href="../../a/index.html?x=1&amp;copy;=2&amp;q=&quot;y&quot;#top" class="k">t</a>"#,
        );
        check(
            "<a href='/repo/a/?q=&quot;&amp;lt;'>t</a>",
            "<a href='../../a/index.html?q=&quot;&amp;lt;'>t</a>",
        );
    }

    #[test]
    fn an_encoded_path_is_resolved_and_written_back_encoded() {
        check(
            "<a href='&#x2F;repo&#x2F;b&#x2F;&#35;x'>t</a>",
            "<a href='../../b/index.html&#35;x'>t</a>",
        );
        check(
            r#"<a href="/repo/a&amp;b/?c&amp;d">t</a><img src="/repo/q&quot;.png" alt="">"#,
            r#"<a href="../../a&amp;b/index.html?c&amp;d">t</a><img src="../../q&quot;.png" alt="">"#,
        );
        check(
            "<a href=/repo/x&#32;y/#z class=k>t</a>",
            "<a href=../../x&#32;y/index.html#z class=k>t</a>",
        );
    }

    #[test]
    fn script_style_and_textarea_text_is_left_alone() {
        let text = r#"<script>let a = '<a href="/repo/s/">';</script><style>/* <img src="/repo/t.png"> */</style><textarea><a href="/repo/u/"></textarea>"#;
        check(
            &format!(r#"{text}<a href="/repo/v/">v</a>"#),
            &format!(r#"{text}<a href="../../v/index.html">v</a>"#),
        );
    }

    #[test]
    fn attributes_are_rewritten_in_document_order() {
        check(
            r#"<form data-root="/repo/" action="/repo/search/"></form>"#,
            r#"<form data-root="../../" action="../../search/index.html"></form>"#,
        );
    }
}
