//! Reading the HTML folio produced: ids, link targets with their byte spans, and
//! images without alt text. Used by `check` and by the relative-URL rewrite.
//!
//! html5gum (a WHATWG tokenizer) does the parsing, so attributes written in any
//! style are found, and text that only looks like markup is not. The tokenizer
//! switches states after `<script>`, `<style>`, `<textarea>`, `<title>` and the other
//! raw-text elements (html5gum's `naive_next_state`), so markup written inside them,
//! such as a string in a script, is read as the text it is.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// One URL-valued attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub tag: String,
    pub attr: &'static str,
    pub value: String,
    /// Byte range of the value in the HTML (without quotes), as written: character
    /// references are not decoded here, unlike in `value`.
    pub start: usize,
    pub end: usize,
    /// The quote around the value (`"` or `'`), `None` for an unquoted value.
    pub quote: Option<u8>,
    /// The tag's `rel` attribute (`canonical`, `alternate stylesheet`, …), if any.
    pub rel: Option<String>,
}

/// What `scan` finds in one page.
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    pub ids: Vec<String>,
    /// In the order they appear in the document.
    pub links: Vec<Link>,
    /// Number of `<img>` elements without an `alt` attribute.
    pub images_without_alt: usize,
}

const URL_ATTRS: [&str; 5] = ["href", "src", "action", "poster", "data-root"];

/// Scans one HTML document.
pub fn scan(html: &str) -> Scanned {
    let mut out = Scanned::default();
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let tokenizer = Tokenizer::new_with_emitter(html, emitter);
    for token in tokenizer.flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        let rel = tag
            .attributes
            .get(b"rel".as_slice())
            .map(|v| String::from_utf8_lossy(&v.value).into_owned());
        if name == "img" && !tag.attributes.contains_key(b"alt".as_slice()) {
            out.images_without_alt += 1;
        }
        for (key, value) in &tag.attributes {
            let key = key.as_slice();
            if key == b"id" {
                out.ids
                    .push(String::from_utf8_lossy(&value.value).into_owned());
                continue;
            }
            if let Some(attr) = URL_ATTRS.iter().find(|a| a.as_bytes() == key) {
                let (start, end, quote) = value_range(html, value.span.start, value.span.end);
                out.links.push(Link {
                    tag: name.clone(),
                    attr,
                    value: String::from_utf8_lossy(&value.value).into_owned(),
                    start,
                    end,
                    quote,
                    rel: rel.clone(),
                });
            }
        }
    }
    // html5gum keeps a tag's attributes sorted by name; callers splice by byte range.
    out.links.sort_by_key(|l| l.start);
    out
}

/// The value's bytes inside an attribute's span (`key="value"`, `key='value'`, `key=value`),
/// and its quote.
fn value_range(html: &str, start: usize, end: usize) -> (usize, usize, Option<u8>) {
    let text = html.get(start..end).unwrap_or("");
    let Some(eq) = text.find('=') else {
        return (end, end, None);
    };
    let after = &text[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    let vstart = start + eq + 1 + lead;
    match html.as_bytes().get(vstart) {
        Some(&q @ (b'"' | b'\'')) => (vstart + 1, end.saturating_sub(1).max(vstart + 1), Some(q)),
        // An unquoted value ends at whitespace or `>`; html5gum's span runs one byte on.
        _ => {
            let len = html[vstart..end.max(vstart)]
                .find(['\t', '\n', '\x0c', '\r', ' ', '>'])
                .unwrap_or(end.saturating_sub(vstart));
            (vstart, vstart + len, None)
        }
    }
}

/// Whether a URL points to another site or is not a link at all (mailto:, data:, …).
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_links_and_missing_alt() {
        let html = r#"<h2 id="a">x</h2><a href="/b/#c">l</a><img src='i.png'><img src="j.png" alt=""><p>href="/not"</p>"#;
        let s = scan(html);
        assert_eq!(s.ids, ["a"]);
        let values: Vec<_> = s.links.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(values, ["/b/#c", "i.png", "j.png"]);
        assert_eq!(&html[s.links[0].start..s.links[0].end], "/b/#c");
        assert_eq!(&html[s.links[1].start..s.links[1].end], "i.png");
        assert_eq!(s.images_without_alt, 1);
    }

    #[test]
    fn spans_cover_the_value_as_written_in_document_order() {
        let html = "<form data-root='/r/' action=\"/a?x=1&amp;y=&quot;2&quot;\"></form><a href=/b/&#35;c>b</a><a href=/d/ class=x>d</a>";
        let s = scan(html);
        let seen: Vec<_> = s
            .links
            .iter()
            .map(|l| (l.attr, l.value.as_str(), &html[l.start..l.end], l.quote))
            .collect();
        assert_eq!(
            seen,
            [
                ("data-root", "/r/", "/r/", Some(b'\'')),
                (
                    "action",
                    "/a?x=1&y=\"2\"",
                    "/a?x=1&amp;y=&quot;2&quot;",
                    Some(b'"')
                ),
                ("href", "/b/#c", "/b/&#35;c", None),
                ("href", "/d/", "/d/", None),
            ]
        );
    }

    #[test]
    fn markup_inside_script_style_and_textarea_is_text() {
        let html = r#"<script>let a = '<a href="/s/">';</script><style>/* <img src="/t.png"> */</style><textarea><a href="/u/"></textarea><a href="/v/">v</a>"#;
        let values: Vec<_> = scan(html).links.into_iter().map(|l| l.value).collect();
        assert_eq!(values, ["/v/"]);
    }

    #[test]
    fn external_urls() {
        for u in [
            "https://x.org",
            "mailto:a@b",
            "//cdn.x/y",
            "data:image/png;base64,x",
            "tel:+1",
        ] {
            assert!(is_external(u), "{u}");
        }
        for u in ["/a/", "a/b.html", "#x", "../x:y"] {
            assert!(!is_external(u), "{u}");
        }
    }
}
