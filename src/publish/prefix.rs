//! Sub-path deploys forgive root-relative links, as Docusaurus does: when `base_url`
//! has a path (`https://example.org/docs/`), a link written as `/guide/` or
//! `/img/x.svg` that leads to a page or file of the site gets the path in front
//! (`/docs/guide/`). A link that leads to nothing in the site stays as written, so
//! `folio check` reports it where the author wrote it; so does one that already
//! starts with the path. Which paths exist is the caller's answer (`exists`).

/// The attributes whose root-relative values are prefixed (not `data-root`, which
/// folio writes with the path already).
const ATTRS: [&str; 4] = ["href", "src", "action", "poster"];

/// `html` with `base_path` (`/docs/`) put in front of every root-relative link whose
/// path `exists` (a site path such as `/guide/` or `/img/x.svg`, percent-decoded,
/// without query or fragment), or `None` when no link needs it. Only the bytes before
/// each value change: its quotes, query, fragment and character references stay as
/// written.
pub fn prefix_root_links(
    html: &str,
    base_path: &str,
    exists: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let prefix = base_path.trim_end_matches('/');
    if prefix.is_empty() || !may_need_prefix(html, base_path) {
        return None;
    }
    let scanned = crate::html::scan(html);
    let mut out = String::new();
    let mut last = 0;
    for link in &scanned.links {
        if !ATTRS.contains(&link.attr) || !wants_prefix(&link.value, base_path, exists) {
            continue;
        }
        // The value as written must start with the `/` itself (not `&#47;`), so the
        // prefix goes right before it.
        if !html[link.start..link.end].starts_with('/') {
            continue;
        }
        if out.is_empty() {
            out.reserve(html.len() + 64);
        }
        out.push_str(&html[last..link.start]);
        super::escape_value(prefix, link, &mut out);
        last = link.start;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// A quick, conservative look before tokenizing: whether any attribute value in
/// `html` starts with a `/` that is not the start of `base_path` or of `//`. Most
/// pages of a sub-path deploy have none (every link folio and the theme make carries
/// the path), and skip the scan.
fn may_need_prefix(html: &str, base_path: &str) -> bool {
    let bytes = html.as_bytes();
    html.match_indices('/').any(|(i, _)| {
        let rest = &html[i..];
        if rest.starts_with(base_path) || rest.starts_with("//") {
            return false;
        }
        // Back over an opening quote and whitespace to the `=` of an attribute.
        let mut j = i;
        if j > 0 && matches!(bytes[j - 1], b'"' | b'\'') {
            j -= 1;
        }
        while j > 0 && bytes[j - 1].is_ascii_whitespace() {
            j -= 1;
        }
        j > 0 && bytes[j - 1] == b'='
    })
}

/// Whether the link `value` is root-relative, lacks the deploy path, and leads to
/// something that `exists`.
fn wants_prefix(value: &str, base_path: &str, exists: &dyn Fn(&str) -> bool) -> bool {
    let value = value.trim();
    if !value.starts_with('/') || value.starts_with("//") || value.starts_with("/\\") {
        return false;
    }
    let bare = base_path.trim_end_matches('/');
    if value.starts_with(base_path) || value == bare {
        return false;
    }
    let path = match value.find(['?', '#']) {
        Some(i) => &value[..i],
        None => value,
    };
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    exists(&decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &str) {
        let exists = |p: &str| ["/guide/", "/img/x.svg", "/café/"].contains(&p);
        let got = prefix_root_links(html, "/docs/", &exists);
        assert_eq!(got.as_deref().unwrap_or(html), expected, "{html}");
        // At the root, nothing changes.
        assert_eq!(prefix_root_links(html, "/", &exists), None);
    }

    #[test]
    fn prefixes_links_that_lead_into_the_site() {
        check(
            r#"<a href="/guide/">g</a><img src="/img/x.svg" alt="">"#,
            r#"<a href="/docs/guide/">g</a><img src="/docs/img/x.svg" alt="">"#,
        );
        check(
            "<a href='/guide/?q=1#part'>g</a> <a href=/guide/>h</a>",
            "<a href='/docs/guide/?q=1#part'>g</a> <a href=/docs/guide/>h</a>",
        );
        check(
            r#"<a href="/caf%C3%A9/">c</a>"#,
            r#"<a href="/docs/caf%C3%A9/">c</a>"#,
        );
    }

    #[test]
    fn the_quick_look_finds_every_value_the_scan_would_prefix() {
        for (html, needs) in [
            (r#"<a href="/guide/">"#, true),
            ("<a href = '/guide/'>", true),
            ("<a href=\n/guide/>", true),
            (r#"<a href="/docs/guide/"></a><p>a/b</p>"#, false),
            (r#"<a href="//cdn.example/"></a>"#, false),
            (r#"<a href="guide/"></a>"#, false),
        ] {
            assert_eq!(may_need_prefix(html, "/docs/"), needs, "{html}");
        }
    }

    #[test]
    fn leaves_other_links_as_written() {
        for html in [
            r#"<a href="/docs/guide/">already</a>"#,
            r#"<a href="/docs">the root</a>"#,
            r#"<a href="/nothing/">missing</a>"#,
            r#"<a href="//cdn.example/guide/">protocol-relative</a>"#,
            r#"<a href="guide/">relative</a>"#,
            r#"<a href="https://example.org/guide/">absolute</a>"#,
            r#"<nav data-root="/guide/"></nav>"#,
            r#"<script>let a = '<a href="/guide/">';</script>"#,
        ] {
            check(html, html);
        }
    }
}
