//! Markdown to HTML, with everything a documentation page needs from its body: heading
//! ids and a table of contents, `@/` links resolved to URLs, GFM alerts as callouts,
//! highlighted code, component calls, the `<!-- more -->` summary, a word count and
//! the plain text of each heading's section for the search index.
//!
//! This module knows nothing of Tera or of the site's files: the caller supplies a
//! `Host` that resolves `@/` links and renders component calls.

mod headings;
pub mod highlight;
pub mod shortcodes;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser,
    Tag, TagEnd,
};
use serde::Serialize;

pub use headings::TocEntry;
use headings::{IdAllocator, build_toc};
pub use highlight::Highlighter;
pub use shortcodes::Call;

use crate::diagnostic::line_col;

/// Rendering switches, from `[markdown]` in the config.
#[derive(Debug, Clone)]
pub struct Options {
    pub smart_punctuation: bool,
    pub highlight: bool,
}

/// What rendering needs from the site.
pub trait Host: Sync {
    /// URL (root-relative, with the deploy sub-path) of a content file given relative
    /// to `content/`, or `None` when there is no such page or section.
    fn resolve(&self, target: &str) -> Option<String>;
    /// HTML for a component call. `body` is the rendered HTML of a `{% %}` call's body.
    fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String>;
}

/// A link to other content written as `@/path.md#anchor`, for anchor checks after all
/// pages are rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    pub target: String,
    pub anchor: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// The text under one heading, for the search index.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TextSection {
    /// The heading's id; `None` for text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every id the body defines (headings), for anchor checks.
    pub anchors: Vec<String>,
    pub internal_links: Vec<InternalLink>,
    /// Every other link or image target with its line, for `folio check`.
    pub other_links: Vec<(String, usize)>,
    pub word_count: usize,
    pub sections: Vec<TextSection>,
    /// Problems with their 1-based file line.
    pub problems: Vec<(usize, String)>,
}

const MORE_SENTINEL: &str = "<!--folio:more-->";

/// Renders `body`, whose first line is line `first_line + 1` of its file.
pub fn render(
    body: &str,
    first_line: usize,
    options: &Options,
    highlighter: &Highlighter,
    host: &dyn Host,
) -> Rendered {
    let mut out = Rendered::default();
    let line_of = |offset: usize| first_line + line_col(body, offset).0;

    // Component calls first: they become placeholders that Markdown leaves alone.
    let (text, calls) = match shortcodes::extract(body) {
        Ok(x) => x,
        Err(e) => {
            out.problems.push((line_of(e.offset), e.message));
            (body.to_string(), Vec::new())
        }
    };
    let mut call_html = Vec::with_capacity(calls.len());
    for call in &calls {
        let line = line_of(call.offset);
        let body_html = call.body.as_ref().map(|b| {
            let inner = render(b, line, options, highlighter, host);
            out.internal_links.extend(inner.internal_links);
            out.other_links.extend(inner.other_links);
            out.problems.extend(inner.problems);
            out.anchors.extend(inner.anchors);
            out.word_count += inner.word_count;
            inner.html
        });
        match host.shortcode(call, body_html.as_deref()) {
            Ok(html) => call_html.push(html),
            Err(message) => {
                out.problems.push((line, message));
                call_html.push(String::new());
            }
        }
    }

    let mut cmark = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_GFM;
    if options.smart_punctuation {
        cmark |= CmarkOptions::ENABLE_SMART_PUNCTUATION;
    }
    // Offsets from here on are in `text`, whose lines match `body`'s line for line.
    let line_of = |offset: usize| first_line + line_col(&text, offset).0;
    let parsed: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(&text, cmark).into_offset_iter().collect();
    // Explicit `{#id}`s win over generated ones wherever they appear on the page.
    let mut ids = IdAllocator::default();
    let mut explicit_seen = std::collections::HashSet::new();
    for (event, range) in &parsed {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            if !explicit_seen.insert(id.to_string()) {
                out.problems.push((
                    line_of(range.start),
                    format!("the heading id `{id}` is used twice on this page"),
                ));
            }
            ids.reserve(id);
        }
    }
    let mut footnotes = Footnotes::default();
    let mut flat_toc = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut section = TextSection::default();
    let mut iter = parsed.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                let mut inner = Vec::new();
                let mut plain = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(ref t) | Event::Code(ref t) => plain.push_str(t),
                        _ => {}
                    }
                    inner.push(e);
                }
                let plain = plain.trim().to_string();
                let id = match id {
                    Some(explicit) => explicit.to_string(),
                    None => ids.id_for(&plain),
                };
                out.word_count += count_words(&plain);
                events.push(Event::Html(CowStr::from(heading_html(
                    level,
                    &id,
                    &classes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                    &plain,
                    inner,
                ))));
                if !section.text.is_empty() || section.id.is_some() {
                    out.sections.push(std::mem::take(&mut section));
                }
                section.id = Some(id.clone());
                section.heading = plain.clone();
                flat_toc.push((level as u8, id.clone(), plain));
                out.anchors.push(id);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = link_target(&dest_url, range.start, &line_of, host, &mut out);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = link_target(&dest_url, range.start, &line_of, host, &mut out);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([',', ' ', '{'])
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                let html = if options.highlight {
                    highlighter.highlight(&lang, &code)
                } else {
                    highlight::plain(&lang, &code)
                };
                events.push(Event::Html(CowStr::from(html)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert(kind);
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::FootnoteReference(label) => {
                let (n, id) = footnotes.number(&label, &mut ids);
                events.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"{id}-ref\"><a href=\"#{id}\">{n}</a></sup>"
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (n, id) = footnotes.number(&label, &mut ids);
                out.anchors.push(id.clone());
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\"><a href=\"#{id}-ref\" aria-label=\"Back to reference {n}\">{n}</a></sup>\n"
                ))));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Html(ref h) | Event::InlineHtml(ref h) if h.trim() == "<!-- more -->" => {
                events.push(Event::Html(CowStr::from(MORE_SENTINEL)));
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.word_count += count_words(t);
                push_text(&mut section.text, t);
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut section.text, " ");
                events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                push_text(&mut section.text, " ");
                events.push(event);
            }
            other => events.push(other),
        }
    }
    if !section.text.trim().is_empty() || section.id.is_some() {
        out.sections.push(section);
    }
    for s in &mut out.sections {
        s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }

    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !calls.is_empty() {
        html = substitute(&html, &call_html);
    }
    if let Some(pos) = html.find(MORE_SENTINEL) {
        out.summary = Some(html[..pos].trim_end().to_string());
        html.replace_range(pos..pos + MORE_SENTINEL.len(), "");
    }
    out.html = html;
    out.toc = build_toc(&flat_toc);
    out
}

/// Resolves `@/` targets and records every link for later checks.
fn link_target<'a>(
    dest: &CowStr<'a>,
    offset: usize,
    line_of: &dyn Fn(usize) -> usize,
    host: &dyn Host,
    out: &mut Rendered,
) -> CowStr<'a> {
    let line = line_of(offset);
    let Some(target) = dest.strip_prefix("@/") else {
        out.other_links.push((dest.to_string(), line));
        return dest.clone();
    };
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a.to_string())),
        None => (target, None),
    };
    match host.resolve(file) {
        Some(url) => {
            out.internal_links.push(InternalLink {
                target: file.to_string(),
                anchor: anchor.clone(),
                line,
            });
            match anchor {
                Some(a) => CowStr::from(format!("{url}#{a}")),
                None => CowStr::from(url),
            }
        }
        None => {
            out.problems.push((
                line,
                format!("broken link `{dest}`: there is no `content/{file}`"),
            ));
            dest.clone()
        }
    }
}

fn heading_html(
    level: HeadingLevel,
    id: &str,
    classes: &[String],
    plain: &str,
    inner: Vec<Event>,
) -> String {
    let mut s = String::with_capacity(64 + plain.len() * 2);
    let n = level as u8;
    s.push_str(&format!("<h{n} id=\""));
    escape_attr(&mut s, id);
    s.push('"');
    if !classes.is_empty() {
        s.push_str(" class=\"");
        escape_attr(&mut s, &classes.join(" "));
        s.push('"');
    }
    s.push('>');
    pulldown_cmark::html::push_html(&mut s, inner.into_iter());
    s.push_str(" <a class=\"anchor\" href=\"#");
    escape_attr(&mut s, id);
    s.push_str("\" aria-label=\"Link to “");
    escape_attr(&mut s, plain);
    s.push_str("”\">#</a>");
    s.push_str(&format!("</h{n}>\n"));
    s
}

fn escape_attr(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(out, s).ok();
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Plain text (a title) with the typographic quotes and dashes that smart punctuation
/// gives Markdown bodies: `Hefei's` → `Hefei’s`. Markdown syntax in the text is kept
/// as written.
pub fn smart_text(text: &str) -> String {
    if !text.contains(['\'', '"', '-', '.']) {
        return text.to_string();
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-' | '.') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(&escaped, CmarkOptions::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    if out.trim().is_empty() {
        text.to_string()
    } else {
        out
    }
}

/// Footnote numbers in order of first use, with ids that cannot clash with headings.
#[derive(Default)]
struct Footnotes {
    numbers: std::collections::HashMap<String, (usize, String)>,
}

impl Footnotes {
    fn number(&mut self, label: &str, ids: &mut IdAllocator) -> (usize, String) {
        let next = self.numbers.len() + 1;
        self.numbers
            .entry(label.to_string())
            .or_insert_with(|| (next, ids.id_for(&format!("fn-{label}"))))
            .clone()
    }
}

fn push_text(buf: &mut String, t: &str) {
    buf.push_str(t);
}

/// Words for the word count: whitespace-separated runs, and each CJK character on its
/// own, since Chinese and Japanese are written without spaces.
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    for word in text.split_whitespace() {
        let cjk = word.chars().filter(|&c| is_cjk(c)).count();
        let rest = word.chars().any(|c| !is_cjk(c) && c.is_alphanumeric());
        n += cjk + usize::from(rest);
    }
    n
}

/// Whether a character belongs to a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// Minutes to read `words` at 200 words a minute, at least one.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// Renders a short Markdown string from a template (the `markdown` filter): links with
/// `@/` resolve through `urls`, components are not available, code is not highlighted.
pub fn render_simple(text: &str, urls: &std::collections::HashMap<String, String>) -> String {
    struct Simple<'a>(&'a std::collections::HashMap<String, String>);
    impl Host for Simple<'_> {
        fn resolve(&self, target: &str) -> Option<String> {
            self.0.get(target).cloned()
        }
        fn shortcode(&self, call: &Call, _: Option<&str>) -> Result<String, String> {
            Err(format!(
                "component `{}` cannot be used in the `markdown` filter",
                call.name
            ))
        }
    }
    let options = Options {
        smart_punctuation: true,
        highlight: false,
    };
    render(text, 0, &options, &Highlighter::new("", ""), &Simple(urls)).html
}

fn substitute(html: &str, calls: &[String]) -> String {
    let mut out = html.to_string();
    for (i, rendered) in calls.iter().enumerate() {
        let ph = shortcodes::placeholder(i);
        let wrapped = format!("<p>{ph}</p>");
        if out.contains(&wrapped) {
            out = out.replacen(&wrapped, rendered, 1);
        } else {
            out = out.replacen(&ph, rendered, 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestHost;
    impl Host for TestHost {
        fn resolve(&self, target: &str) -> Option<String> {
            (target == "a/b.md").then(|| "/base/a/b/".to_string())
        }
        fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
            match call.name.as_str() {
                "box" => Ok(format!("<div class=\"box\">{}</div>", body.unwrap_or(""))),
                "x" => Ok("<b>X</b>".into()),
                other => Err(format!("unknown component `{other}`")),
            }
        }
    }

    fn check(md: &str) -> Rendered {
        let opts = Options {
            smart_punctuation: true,
            highlight: true,
        };
        render(
            md,
            3,
            &opts,
            &Highlighter::new("github-light", "catppuccin-mocha"),
            &TestHost,
        )
    }

    #[test]
    fn titles_get_smart_punctuation_and_keep_their_syntax() {
        assert_eq!(
            smart_text("Hefei's \"rise\" -- fast..."),
            "Hefei’s “rise” – fast…"
        );
        assert_eq!(
            smart_text("*not* _emphasis_ <b> & [x](y)"),
            "*not* _emphasis_ <b> & [x](y)"
        );
        assert_eq!(smart_text("# 1. Heading"), "# 1. Heading");
        assert_eq!(smart_text("plain"), "plain");
    }

    #[test]
    fn headings_get_ids_anchors_and_toc() {
        let r = check("# Title\n\n## Part one\n\n### Sub\n\n## Part one\n\n## Custom {#mine}\n");
        assert!(
            r.html
                .contains("<h2 id=\"part-one\">Part one <a class=\"anchor\" href=\"#part-one\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("id=\"part-one-1\""));
        assert!(r.html.contains("id=\"mine\""));
        assert_eq!(
            r.anchors,
            ["title", "part-one", "sub", "part-one-1", "mine"]
        );
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 3);
    }

    #[test]
    fn internal_links_resolve_with_lines() {
        let r = check("intro\n\n[ok](@/a/b.md#frag) and [bad](@/missing.md)\n");
        assert!(r.html.contains("href=\"/base/a/b/#frag\""), "{}", r.html);
        assert_eq!(
            r.internal_links,
            [InternalLink {
                target: "a/b.md".into(),
                anchor: Some("frag".into()),
                line: 6
            }]
        );
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].0, 6);
        assert!(r.problems[0].1.contains("missing.md"));
    }

    #[test]
    fn alerts_become_callouts() {
        let r = check("> [!WARNING]\n> Careful.\n");
        assert!(
            r.html.contains(
                "<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p class=\"callout-title\">Warning</p>"));
        assert!(r.html.contains("Careful."));
    }

    #[test]
    fn summary_and_words() {
        let r = check("First para here.\n\n<!-- more -->\n\nSecond 合肥.\n");
        assert_eq!(r.summary.as_deref(), Some("<p>First para here.</p>"));
        assert!(!r.html.contains("more"));
        assert_eq!(r.word_count, 6);
        assert_eq!(reading_time(r.word_count), 1);
        assert_eq!(reading_time(401), 3);
    }

    #[test]
    fn code_blocks_and_unknown_languages() {
        let r = check("```rust\nfn a() {}\n```\n\n```nope\n<x>\n```\n");
        assert!(r.html.contains("hl-l-"), "{}", r.html);
        assert!(r.html.contains("&lt;x&gt;"));
    }

    #[test]
    fn components_render_in_place() {
        let r = check("Before\n\n{{ x() }}\n\n{% box() %}\n**bold**\n{% end %}\n\n{{ nope() }}\n");
        assert!(r.html.contains("<b>X</b>"), "{}", r.html);
        assert!(!r.html.contains("<p><b>X</b></p>"));
        assert!(
            r.html
                .contains("<div class=\"box\"><p><strong>bold</strong></p>\n</div>"),
            "{}",
            r.html
        );
        assert_eq!(r.problems, [(12, "unknown component `nope`".to_string())]);
    }

    #[test]
    fn search_sections_split_by_heading() {
        let r = check("Intro text.\n\n## One\n\nAlpha beta.\n\n## Two\n\n- x\n- y\n");
        assert_eq!(r.sections.len(), 3);
        assert_eq!(r.sections[0].id, None);
        assert_eq!(r.sections[1].heading, "One");
        assert_eq!(r.sections[1].text, "Alpha beta.");
        assert_eq!(r.sections[2].text, "x y");
    }
}
