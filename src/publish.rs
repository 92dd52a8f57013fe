//! The last touch before a page is published: with `relative_urls = true`, links are
//! rewritten relative to the page, so the site works from `file://` and any path.

/// Rewrites root-relative links (`/repo/a/b/`) in one HTML file into relative ones
/// (`../a/b/index.html`), so the site works from `file://` and under any path.
pub fn relativize(output_path: &str, html: &str, base_path: &str) -> String {
    let depth = output_path.matches('/').count();
    let up = "../".repeat(depth);
    let scanned = crate::html::scan(html);
    let mut out = String::with_capacity(html.len() + 256);
    let mut last = 0;
    for link in &scanned.links {
        if link.tag == "link" && link.attr == "href" && link.value.contains("://") {
            continue;
        }
        let Some(rest) = link.value.strip_prefix(base_path) else {
            continue;
        };
        if link.value.starts_with("//") {
            continue;
        }
        let (path, suffix) = match rest.find(['?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let mut rel = format!("{up}{path}");
        if link.attr != "data-root" && (path.is_empty() || path.ends_with('/')) {
            rel.push_str("index.html");
        }
        if rel.is_empty() {
            rel.push_str("./");
        }
        out.push_str(&html[last..link.start]);
        out.push_str(&rel);
        out.push_str(suffix);
        last = link.end;
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        let html = r#"<a href="/repo/a/b/#x">x</a><link rel="stylesheet" href="/repo/css/s.css?h=1"><a href="https://e.org/">e</a><a href="/repo/">home</a><img src="/other/x.png" alt=""><form data-root="/repo/"></form>"#;
        let out = relativize("a/c/index.html", html, "/repo/");
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
        );
        assert!(
            top.contains(r#"href="index.html""#) && top.contains(r#"data-root="./""#),
            "{top}"
        );
    }
}
