//! Markdown to HTML, with everything a documentation page needs from its body: heading
//! ids and a table of contents, `@/` links resolved to URLs, GFM alerts as callouts,
//! highlighted code, component calls, TeX math as MathML, the `<!-- more -->` summary,
//! a word count and the plain text of each heading's section for the search index.
//!
//! This module knows nothing of Tera or of the site's files: the caller supplies a
//! `Host` that resolves `@/` links and renders component calls.

mod fence;
mod headings;
pub mod highlight;
mod math;
pub mod shortcodes;
mod spans;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser,
    Tag, TagEnd,
};
use serde::Serialize;

pub use headings::TocEntry;
use headings::{IdAllocator, build_toc};
pub use highlight::{CacheData, Highlighter, Saver};
pub use shortcodes::Call;

/// Rendering switches, from `[markdown]` in the config and the section's front matter.
#[derive(Debug, Clone)]
pub struct Options {
    pub smart_punctuation: bool,
    pub highlight: bool,
    /// Where each heading's self-link goes (Zola's `insert_anchor_links`).
    pub anchor_links: AnchorLinks,
    /// How heading text becomes an id (Zola's `slugify.anchors`).
    pub anchors: crate::url::Strategy,
    /// `$…$` and `$$…$$` are TeX math, rendered as MathML (`[markdown] math`).
    pub math: bool,
    /// Keep the text under each heading (`Rendered::sections`), for a search index.
    pub search_text: bool,
}

/// Where a heading's self-link goes, by Zola's names: after its text (folio's
/// default), before it, around it, or nowhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    #[default]
    Right,
    Left,
    Heading,
    None,
}

/// What rendering needs from the site.
pub trait Host: Sync {
    /// URL (root-relative, with the deploy sub-path) of a content file given relative
    /// to `content/`, or `None` when there is no such page or section.
    fn resolve(&self, target: &str) -> Option<String>;
    /// HTML for a component call. `body` is the rendered HTML of a `{% %}` call's body.
    fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String>;
    /// The site's own self-link for a heading (Zola's `anchor-link.html` template), or
    /// `None` for folio's.
    fn anchor_link(&self, _id: &str, _level: u8) -> Option<Result<String, String>> {
        None
    }
    /// Called before the body of `call` is rendered, and `leave` after it (before
    /// `shortcode` for the call itself), so a host knows which bodies enclose a call.
    fn enter(&self, _call: &Call) {}
    /// See `enter`.
    fn leave(&self, _call: &Call) {}
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
    /// Every image source with its line: Markdown images and the `<img>` of component
    /// output, for the build's check that local images exist.
    pub images: Vec<(String, usize)>,
    pub word_count: usize,
    pub sections: Vec<TextSection>,
    /// Problems with their 1-based file line.
    pub problems: Vec<(usize, String)>,
    /// The heading self-links it was rendered with.
    pub anchor_links: AnchorLinks,
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
    let mut ids = IdAllocator::new(options.anchors);
    render_nested(body, first_line, options, highlighter, host, &mut ids, 0)
}

/// What the calls of one body rendered to.
struct CallOutput {
    html: String,
    /// The text of `html`, for heading ids, the search index and word counts.
    text: String,
    /// Headings of a call's body, for the table of contents where the call is.
    toc: Vec<(u8, String, String)>,
}

/// Renders `body` with heading ids drawn from `ids`, which the page and the bodies of
/// its components share; `depth` counts the component bodies around it.
fn render_nested(
    body: &str,
    first_line: usize,
    options: &Options,
    highlighter: &Highlighter,
    host: &dyn Host,
    ids: &mut IdAllocator,
    depth: usize,
) -> Rendered {
    let mut out = Rendered {
        anchor_links: options.anchor_links,
        ..Rendered::default()
    };
    let mut cmark = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_GFM;
    if options.smart_punctuation {
        cmark |= CmarkOptions::ENABLE_SMART_PUNCTUATION;
    }
    if options.math {
        cmark |= CmarkOptions::ENABLE_MATH;
    }
    // Where each line of the body starts, for the line of a byte offset.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_in_body =
        |offset: usize| first_line + line_starts.partition_point(|&start| start <= offset);

    // Component calls first, where Markdown has text: they become placeholders that
    // Markdown leaves alone.
    let extracted = match shortcodes::extract(body, cmark) {
        Ok(x) => x,
        Err(e) => {
            out.problems.push((line_in_body(e.offset), e.message));
            shortcodes::Extracted::unchanged(body)
        }
    };
    let text = extracted.text.as_str();
    // Offsets from here on are in `text`; `original` maps them back to the file.
    let line_of = |offset: usize| line_in_body(extracted.original(offset));
    // Room for the events up front (Markdown averages over 20 bytes an event): growing
    // the vector by doubling cost more than the parse's own allocations.
    let room = text.len() / 16 + 16;
    let mut parsed: Vec<(Event, std::ops::Range<usize>)> = Vec::with_capacity(room);
    parsed.extend(Parser::new_ext(text, cmark).into_offset_iter());
    // Explicit `{#id}`s win over generated ones wherever they appear on the page.
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
    // Then the calls, bodies first, with the page's heading ids.
    let mut calls: Vec<CallOutput> = Vec::with_capacity(extracted.calls.len());
    for call in &extracted.calls {
        calls.push(render_call(
            call,
            &line_in_body,
            options,
            highlighter,
            host,
            ids,
            depth,
            &mut out,
        ));
    }
    let mut footnotes = Footnotes::new(parsed.iter().map(|(e, _)| e));
    let mut open_notes: Vec<String> = Vec::new();
    let mut flat_toc = Vec::new();
    let mut more_seen = false;
    let mut in_image = 0usize;
    let mut events: Vec<Event> = Vec::with_capacity(room);
    // Where display math landed in `events`, to lift it out of a paragraph of its own.
    let mut display_math: Vec<usize> = Vec::new();
    let mut section = TextSection::default();
    let mut iter = parsed.into_iter();
    let mut nesting = 0usize;
    while let Some((event, range)) = iter.next() {
        // Lists and quotes nest as deep as components may, no deeper.
        match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                nesting += 1;
                if nesting == shortcodes::MAX_DEPTH + 1 {
                    out.problems.push((
                        line_of(range.start),
                        format!(
                            "lists and quotes nest more than {} deep here",
                            shortcodes::MAX_DEPTH
                        ),
                    ));
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => {
                nesting = nesting.saturating_sub(1);
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                let mut plain = String::new();
                for (e, r) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(ref t) | Event::Code(ref t) => {
                            plain.push_str(&expand(t, &calls, |c| &c.text));
                            inner.push(e);
                        }
                        // A heading written over two lines reads as one.
                        Event::SoftBreak | Event::HardBreak => {
                            plain.push(' ');
                            inner.push(e);
                        }
                        Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                            let tag = link_tag(tag, r.start, &line_of, host, &mut out);
                            inner.push(Event::Start(tag));
                        }
                        Event::FootnoteReference(label) => {
                            let html = footnotes.reference(&label, ids);
                            inner.push(Event::InlineHtml(CowStr::from(html)));
                        }
                        // The TeX stands for the formula in the id and the contents.
                        Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                            let display = matches!(e, Event::DisplayMath(_));
                            plain.push_str(tex);
                            let html = math_html(tex, display, r, text, &line_of, &mut out);
                            inner.push(Event::InlineHtml(CowStr::from(html)));
                        }
                        e => inner.push(e),
                    }
                }
                let plain = plain.trim().to_string();
                let id = match id {
                    Some(explicit) => explicit.to_string(),
                    None => ids.id_for(&plain),
                };
                out.word_count += count_words(&plain);
                let attrs: Vec<(String, Option<String>)> = attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                    .collect();
                let custom = match options.anchor_links {
                    AnchorLinks::None => None,
                    _ => match host.anchor_link(&id, level as u8) {
                        Some(Ok(html)) => Some(html),
                        Some(Err(message)) => {
                            out.problems.push((line_of(range.start), message));
                            None
                        }
                        None => None,
                    },
                };
                events.push(Event::Html(CowStr::from(heading_html(
                    level,
                    &id,
                    &classes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                    &attrs,
                    &plain,
                    inner,
                    (options.anchor_links, custom.as_deref()),
                ))));
                if !section.text.is_empty() || section.id.is_some() {
                    out.sections.push(std::mem::take(&mut section));
                }
                section.id = Some(id.clone());
                section.heading = plain.clone();
                flat_toc.push((level as u8, id.clone(), plain));
                out.anchors.push(id);
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                in_image += usize::from(matches!(tag, Tag::Image { .. }));
                let tag = link_tag(tag, range.start, &line_of, host, &mut out);
                events.push(Event::Start(tag));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (fence, mut problems) = match &kind {
                    CodeBlockKind::Fenced(info) => fence::parse(info),
                    CodeBlockKind::Indented => (fence::Fence::default(), Vec::new()),
                };
                let mut code = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&shortcodes::unescape_in_code(&t)),
                        _ => {}
                    }
                }
                problems.extend(fence.check_lines(fence::line_count(&code)));
                let fence_line = line_of(range.start);
                out.problems.extend(
                    problems
                        .into_iter()
                        .map(|p| (fence_line, format!("code block options: {p}"))),
                );
                let html = if options.highlight {
                    highlighter.highlight(&fence.lang, &code)
                } else {
                    highlight::plain(&fence.lang, &code)
                };
                events.push(Event::Html(CowStr::from(fence::decorate(&html, &fence))));
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
                let html = footnotes.reference(&label, ids);
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let (id, html) = footnotes.open(&label, ids);
                out.anchors.push(id);
                events.push(Event::Html(CowStr::from(html)));
                open_notes.push(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let label = open_notes.pop().unwrap_or_default();
                events.push(Event::Html(CowStr::from(footnotes.close(&label, ids))));
            }
            // The first `<!-- more -->` ends the summary; later ones stay comments.
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if !more_seen && h.trim() == "<!-- more -->" =>
            {
                more_seen = true;
                events.push(Event::Html(CowStr::from(MORE_SENTINEL)));
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                events.push(event);
            }
            // Inline math joins the text as its TeX, short as it usually is (`$n$`);
            // display math stays out of the search index and the word count.
            Event::InlineMath(tex) => {
                out.word_count += count_words(&tex);
                push_text(&mut section.text, &tex);
                let html = math_html(&tex, false, range, text, &line_of, &mut out);
                events.push(Event::InlineHtml(CowStr::from(html)));
            }
            Event::DisplayMath(tex) => {
                let html = math_html(&tex, true, range, text, &line_of, &mut out);
                events.push(Event::InlineHtml(CowStr::from(html)));
                display_math.push(events.len() - 1);
            }
            Event::Code(t) => {
                let t = shortcodes::unescape_in_code(&t).into_owned();
                out.word_count += count_words(&t);
                push_text(&mut section.text, &t);
                events.push(Event::Code(CowStr::from(t)));
            }
            Event::Text(t) if t.contains(PLACEHOLDER_PREFIX) => {
                let plain = expand(&t, &calls, |c| &c.text).into_owned();
                out.word_count += count_words(&plain);
                push_text(&mut section.text, &plain);
                // Headings in a call's body join the table of contents where it is.
                for k in placeholders_in(&t) {
                    if let Some(c) = calls.get(k) {
                        flat_toc.extend(c.toc.iter().cloned());
                    }
                }
                if in_image > 0 {
                    // Alt text is an attribute: only plain text may go there.
                    for k in placeholders_in(&t) {
                        if calls.get(k).is_some_and(|c| !is_plain(&c.html)) {
                            out.problems.push((
                                line_of(range.start),
                                "a component in an image's alt text must return plain text".into(),
                            ));
                        }
                    }
                    events.push(Event::Text(CowStr::from(plain)));
                } else {
                    events.push(Event::Text(t));
                }
            }
            Event::Text(ref t) => {
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
    if options.search_text {
        for s in &mut out.sections {
            s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    } else {
        out.sections = Vec::new();
    }

    unwrap_display_math(&mut events, &display_math);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !calls.is_empty() {
        html = substitute(&html, &calls);
    }
    if let Some(pos) = html.find(MORE_SENTINEL) {
        out.summary = Some(html[..pos].trim_end().to_string());
        html.replace_range(pos..pos + MORE_SENTINEL.len(), "");
    }
    out.html = html;
    out.toc = build_toc(&flat_toc);
    out
}

/// The MathML of one formula whose Markdown is `text[range]`; invalid TeX is a problem
/// at the line of the error (the TeX is then shown as code).
fn math_html(
    tex: &str,
    display: bool,
    range: std::ops::Range<usize>,
    text: &str,
    line_of: &dyn Fn(usize) -> usize,
    out: &mut Rendered,
) -> String {
    match math::to_mathml(tex, display) {
        Ok(mathml) => mathml,
        Err(e) => {
            let source = text.get(range.clone()).unwrap_or_default();
            let at = math::offset_in_source(source, range.start, tex, e.offset);
            out.problems
                .push((line_of(at), math::problem(tex, display, &e)));
            let mut html = String::from("<code>");
            escape_attr(&mut html, tex);
            html.push_str("</code>");
            html
        }
    }
}

/// Display math alone in its paragraph stands for the paragraph: `<math
/// display="block">` needs no `<p>` around it, and gets none of a paragraph's margins.
fn unwrap_display_math(events: &mut [Event], display_math: &[usize]) {
    for &k in display_math {
        if k == 0 || k + 1 >= events.len() {
            continue;
        }
        if matches!(events[k - 1], Event::Start(Tag::Paragraph))
            && matches!(events[k + 1], Event::End(TagEnd::Paragraph))
        {
            events[k - 1] = Event::Html(CowStr::Borrowed(""));
            events[k + 1] = Event::Html(CowStr::Borrowed("\n"));
        }
    }
}

/// A link or image with its `@/` target resolved and the calls in its URL and title
/// run.
fn link_tag<'a>(
    tag: Tag<'a>,
    offset: usize,
    line_of: &dyn Fn(usize) -> usize,
    host: &dyn Host,
    out: &mut Rendered,
) -> Tag<'a> {
    let mut fix = |dest_url: CowStr<'a>, title: CowStr<'a>| {
        let dest_url = attribute_calls(dest_url, offset, line_of, host, out);
        let title = attribute_calls(title, offset, line_of, host, out);
        (link_target(&dest_url, offset, line_of, host, out), title)
    };
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => {
            let (dest_url, title) = fix(dest_url, title);
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }
        }
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => {
            let (dest_url, title) = fix(dest_url, title);
            out.images.push((dest_url.to_string(), line_of(offset)));
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }
        }
        other => other,
    }
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
    attrs: &[(String, Option<String>)],
    plain: &str,
    inner: Vec<Event>,
    (anchor_links, custom): (AnchorLinks, Option<&str>),
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
    for (k, v) in attrs {
        s.push(' ');
        escape_attr(&mut s, k);
        if let Some(v) = v {
            s.push_str("=\"");
            escape_attr(&mut s, v);
            s.push('"');
        }
    }
    s.push('>');
    // A site's `anchor-link.html` goes in as it rendered, as in Zola.
    let self_link = |s: &mut String| match custom {
        Some(html) => s.push_str(html),
        None => {
            s.push_str("<a class=\"anchor\" href=\"#");
            escape_attr(s, id);
            s.push_str("\" aria-label=\"Link to “");
            escape_attr(s, plain);
            s.push_str("”\">#</a>");
        }
    };
    match anchor_links {
        AnchorLinks::Right => {
            pulldown_cmark::html::push_html(&mut s, inner.into_iter());
            if custom.is_none() {
                s.push(' ');
            }
            self_link(&mut s);
        }
        AnchorLinks::Left => {
            self_link(&mut s);
            if custom.is_none() {
                s.push(' ');
            }
            pulldown_cmark::html::push_html(&mut s, inner.into_iter());
        }
        AnchorLinks::Heading => {
            // Zola takes the template's opening `<a …>` tag and wraps the heading in it.
            match custom.and_then(opening_a_tag) {
                Some(tag) => s.push_str(tag),
                None => {
                    s.push_str("<a class=\"anchor-heading\" href=\"#");
                    escape_attr(&mut s, id);
                    s.push_str("\">");
                }
            }
            pulldown_cmark::html::push_html(&mut s, inner.into_iter());
            s.push_str("</a>");
        }
        AnchorLinks::None => pulldown_cmark::html::push_html(&mut s, inner.into_iter()),
    }
    s.push_str(&format!("</h{n}>\n"));
    s
}

/// The first `<a …>` opening tag in `html`.
fn opening_a_tag(html: &str) -> Option<&str> {
    let start = html.find("<a")?;
    let after = html[start + 2..].chars().next()?;
    if !(after.is_ascii_whitespace() || after == '>') {
        return None;
    }
    let end = html[start..].find('>')? + start + 1;
    Some(&html[start..end])
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

/// Footnote numbers in order of first use, with ids (the note's and one per
/// reference) drawn from the page's, so they clash with no heading.
#[derive(Default)]
struct Footnotes {
    /// How often each label is referenced on the page.
    counts: std::collections::HashMap<String, usize>,
    notes: std::collections::HashMap<String, Note>,
}

struct Note {
    number: usize,
    id: String,
    /// One id per reference, in order.
    refs: Vec<String>,
    /// How many references have been written.
    used: usize,
}

impl Footnotes {
    fn new<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> Footnotes {
        let mut counts = std::collections::HashMap::new();
        for e in events {
            if let Event::FootnoteReference(label) = e {
                *counts.entry(label.to_string()).or_insert(0) += 1;
            }
        }
        Footnotes {
            counts,
            notes: std::collections::HashMap::new(),
        }
    }

    fn note(&mut self, label: &str, ids: &mut IdAllocator) -> &mut Note {
        let number = self.notes.len() + 1;
        let count = self.counts.get(label).copied().unwrap_or(0);
        self.notes.entry(label.to_string()).or_insert_with(|| {
            let id = ids.id_for(&format!("fn-{label}"));
            let refs = (0..count)
                .map(|k| match k {
                    0 => ids.id_for(&format!("{id}-ref")),
                    k => ids.id_for(&format!("{id}-ref-{}", k + 1)),
                })
                .collect();
            Note {
                number,
                id,
                refs,
                used: 0,
            }
        })
    }

    /// The HTML of the next reference to `label`.
    fn reference(&mut self, label: &str, ids: &mut IdAllocator) -> String {
        let note = self.note(label, ids);
        let ref_id = note.refs.get(note.used).cloned().unwrap_or_default();
        note.used += 1;
        format!(
            "<sup class=\"footnote-reference\" id=\"{ref_id}\"><a href=\"#{}\">{}</a></sup>",
            note.id, note.number
        )
    }

    /// The HTML that opens the note `label`, with its number linking back to its first
    /// reference (plain when nothing refers to it).
    fn open(&mut self, label: &str, ids: &mut IdAllocator) -> (String, String) {
        let note = self.note(label, ids);
        let n = note.number;
        let label_html = match note.refs.first() {
            Some(first) => {
                format!("<a href=\"#{first}\" aria-label=\"Back to reference {n}\">{n}</a>")
            }
            None => n.to_string(),
        };
        (
            note.id.clone(),
            format!(
                "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{label_html}</sup>\n",
                note.id
            ),
        )
    }

    /// The HTML that closes the note `label`: back-links to its second and later
    /// references.
    fn close(&mut self, label: &str, ids: &mut IdAllocator) -> String {
        let note = self.note(label, ids);
        let n = note.number;
        let mut html = String::new();
        for (k, r) in note.refs.iter().enumerate().skip(1) {
            html.push_str(&format!(
                "<a class=\"footnote-backref\" href=\"#{r}\" aria-label=\"Back to reference {n} ({})\">↩{}</a>\n",
                k + 1,
                k + 1
            ));
        }
        html.push_str("</div>\n");
        html
    }
}

fn push_text(buf: &mut String, t: &str) {
    buf.push_str(t);
}

/// Words for the word count: whitespace-separated runs, and each CJK character on its
/// own, since Chinese and Japanese are written without spaces.
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    count_any_words(text)
}

fn count_any_words(text: &str) -> usize {
    let mut n = 0;
    for word in text.split_whitespace() {
        let cjk = word.chars().filter(|&c| is_cjk(c)).count();
        let rest = word.chars().any(|c| !is_cjk(c) && c.is_alphanumeric());
        n += cjk + usize::from(rest);
    }
    n
}

/// Each ASCII byte's class for `count_ascii_words`: `SPACE` for the bytes
/// `char::is_whitespace` takes for white space, `WORD` for letters and digits.
const BYTE_CLASS: [u8; 128] = {
    let mut class = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => SPACE,
            c if c.is_ascii_alphanumeric() => WORD,
            _ => 0,
        };
        b += 1;
    }
    class
};
const SPACE: u8 = 1;
const WORD: u8 = 2;

/// `count_words` of ASCII text: runs between white space that hold a letter or digit,
/// each counted at its first letter or digit, without a branch per byte.
fn count_ascii_words(text: &[u8]) -> usize {
    let (mut n, mut seen) = (0usize, 0u8);
    for &b in text {
        let class = BYTE_CLASS[usize::from(b & 0x7F)];
        let word = class >> 1;
        n += usize::from(word & !seen & 1);
        seen = (seen | word) & !(class & SPACE) & 1;
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

/// `render_simple` for one line of text (`markdown(inline=true)`, the branding's footer
/// and announcement): the HTML without the paragraph around it.
pub fn render_inline(text: &str, urls: &std::collections::HashMap<String, String>) -> String {
    let html = render_simple(text, urls);
    html.trim()
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .map_or(html.clone(), str::to_string)
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
        anchor_links: AnchorLinks::Right,
        anchors: Default::default(),
        math: false,
        search_text: true,
    };
    render(text, 0, &options, &Highlighter::new("", ""), &Simple(urls)).html
}

/// Puts each call's HTML where its placeholder is. A call whose HTML is a block (a
/// `div`, `figure`, `table`, …) that landed inside a paragraph splits the paragraph
/// around it, as a browser would, so the HTML stays valid.
fn substitute(html: &str, calls: &[CallOutput]) -> String {
    let mut out =
        String::with_capacity(html.len() + calls.iter().map(|c| c.html.len()).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find(PLACEHOLDER_PREFIX) {
        let after = &rest[at + PLACEHOLDER_PREFIX.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let (Ok(k), true) = (
            after[..digits].parse::<usize>(),
            after[digits..].starts_with("END"),
        ) else {
            out.push_str(&rest[..at + PLACEHOLDER_PREFIX.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        rest = &after[digits + 3..];
        let Some(call) = calls.get(k) else { continue };
        // A call alone in its paragraph stands for the paragraph.
        if out.ends_with("<p>") && rest.starts_with("</p>") {
            out.truncate(out.len() - 3);
            out.push_str(&call.html);
            rest = &rest[4..];
            continue;
        }
        let in_paragraph = out
            .rfind("<p>")
            .is_some_and(|p| out.rfind("</p>").is_none_or(|q| q < p));
        if in_paragraph && is_block(&call.html) {
            out.push_str("</p>\n");
            out.push_str(call.html.trim_end());
            out.push_str("\n<p>");
        } else {
            out.push_str(&call.html);
        }
    }
    out.push_str(rest);
    // Paragraphs left empty by a split.
    out.replace("<p></p>\n", "")
        .replace("<p>\n</p>\n", "")
        .replace("<p></p>", "")
}

const PLACEHOLDER_PREFIX: &str = "FOLIOSHORTCODE";

/// The indexes of the placeholders in `text`.
fn placeholders_in(text: &str) -> Vec<usize> {
    text.match_indices(PLACEHOLDER_PREFIX)
        .filter_map(|(at, p)| {
            let after = &text[at + p.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            after[digits..]
                .starts_with("END")
                .then(|| after[..digits].parse().ok())
                .flatten()
        })
        .collect()
}

/// `text` with each placeholder replaced by `part` of its call.
fn expand<'a>(
    text: &'a str,
    calls: &[CallOutput],
    part: impl Fn(&CallOutput) -> &str,
) -> std::borrow::Cow<'a, str> {
    if !text.contains(PLACEHOLDER_PREFIX) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for k in placeholders_in(text).into_iter().rev() {
        let ph = shortcodes::placeholder(k);
        if let (Some(at), Some(c)) = (out.rfind(&ph), calls.get(k)) {
            out.replace_range(at..at + ph.len(), part(c));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether HTML starts with a block-level element.
fn is_block(html: &str) -> bool {
    const BLOCKS: [&str; 22] = [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "nav",
        "ol",
        "section",
        "table",
    ];
    let Some(tag) = html.trim_start().strip_prefix('<') else {
        return false;
    };
    let (closing, name) = shortcodes::tag_name(tag);
    !closing
        && (BLOCKS.contains(&name.as_str())
            || matches!(
                name.as_str(),
                "p" | "pre" | "ul" | "header" | "main" | "svg"
            ))
}

/// Whether HTML is plain text (no tags; entities are fine).
fn is_plain(html: &str) -> bool {
    !html.contains('<')
}

/// The text of HTML as a reader meets it: tags dropped, the common entities decoded,
/// and nothing of what is drawn or run (`<svg>`, `<script>`, `<style>`), whose text is
/// not prose (a chart's axis ticks).
fn html_text(html: &str) -> String {
    const HIDDEN: [&str; 3] = ["svg", "script", "style"];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut hidden: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if hidden.is_none() {
            out.push_str(&rest[..lt]);
        }
        out.push(' ');
        let tag = &rest[lt + 1..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let (closing, name) = shortcodes::tag_name(tag);
        match (hidden, HIDDEN.iter().find(|h| **h == name)) {
            (None, Some(h)) if !closing => hidden = Some(h),
            (Some(h), _) if closing && h == name => hidden = None,
            _ => {}
        }
        rest = &tag[end..];
    }
    if hidden.is_none() {
        out.push_str(rest);
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A URL or title with the component calls in it run: a component that returns plain
/// text is written into the attribute; one that returns markup is an error, since an
/// attribute cannot hold it.
fn attribute_calls<'a>(
    value: CowStr<'a>,
    offset: usize,
    line_of: &dyn Fn(usize) -> usize,
    host: &dyn Host,
    out: &mut Rendered,
) -> CowStr<'a> {
    if !shortcodes::contains_call(&value) {
        return value;
    }
    let line = line_of(offset);
    let extracted = match shortcodes::extract_all(&value) {
        Ok(x) => x,
        Err(e) => {
            out.problems.push((line, e.message));
            return value;
        }
    };
    let mut text = extracted.text.clone();
    for (k, call) in extracted.calls.iter().enumerate().rev() {
        let plain = match &call.literal {
            Some(literal) => literal.clone(),
            None => match host.shortcode(call, None) {
                Ok(html) if is_plain(&html) => html_text(&html),
                Ok(_) => {
                    out.problems.push((
                        line,
                        format!(
                            "the component `{}` in a link's or image's URL or title must return plain text",
                            call.name
                        ),
                    ));
                    String::new()
                }
                Err(message) => {
                    out.problems.push((line, message));
                    String::new()
                }
            },
        };
        let ph = shortcodes::placeholder(k);
        if let Some(at) = text.find(&ph) {
            text.replace_range(at..at + ph.len(), &plain);
        }
    }
    CowStr::from(text)
}

/// Renders one call: an escaped call prints as written; a component renders through
/// the host, after its body (Markdown of the page, with the page's heading ids).
#[allow(clippy::too_many_arguments)]
fn render_call(
    call: &Call,
    line_in_body: &dyn Fn(usize) -> usize,
    options: &Options,
    highlighter: &Highlighter,
    host: &dyn Host,
    ids: &mut IdAllocator,
    depth: usize,
    out: &mut Rendered,
) -> CallOutput {
    let line = line_in_body(call.offset);
    if let Some(literal) = &call.literal {
        let mut html = String::new();
        escape_attr(&mut html, literal);
        return CallOutput {
            html,
            text: literal.clone(),
            toc: Vec::new(),
        };
    }
    if depth >= shortcodes::MAX_DEPTH {
        out.problems.push((
            line,
            format!(
                "components nest more than {} deep here",
                shortcodes::MAX_DEPTH
            ),
        ));
        return CallOutput {
            html: String::new(),
            text: String::new(),
            toc: Vec::new(),
        };
    }
    let mut toc = Vec::new();
    let body_html = call.body.as_ref().map(|b| {
        let first = line_in_body(call.body_offset).saturating_sub(1);
        host.enter(call);
        let inner = render_nested(b, first, options, highlighter, host, ids, depth + 1);
        host.leave(call);
        out.internal_links.extend(inner.internal_links);
        out.other_links.extend(inner.other_links);
        out.images.extend(inner.images);
        out.problems.extend(inner.problems);
        out.anchors.extend(inner.anchors);
        toc = flatten_toc(&inner.toc);
        inner.html
    });
    let html = match host.shortcode(call, body_html.as_deref()) {
        Ok(html) => html,
        Err(message) => {
            out.problems.push((line, message));
            String::new()
        }
    };
    // The images the component draws itself (a `figure`'s), at the call's line; those
    // of its body were recorded at their own lines.
    let from_body = body_html.as_deref().map(crate::html::scan);
    for link in crate::html::scan(&html).links {
        let in_body = from_body.as_ref().is_some_and(|b| {
            b.links
                .iter()
                .any(|l| l.tag == link.tag && l.value == link.value)
        });
        if !in_body && link.tag == "img" && link.attr == "src" {
            out.other_links.push((link.value.clone(), line));
            out.images.push((link.value, line));
        }
    }
    CallOutput {
        text: html_text(&html),
        html,
        toc,
    }
}

/// A nested table of contents as the flat list it was built from.
fn flatten_toc(toc: &[TocEntry]) -> Vec<(u8, String, String)> {
    let mut out = Vec::new();
    for e in toc {
        out.push((e.level, e.id.clone(), e.title.clone()));
        out.extend(flatten_toc(&e.children));
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

    /// The options of `check`, with or without search text.
    fn test_options(search_text: bool) -> Options {
        Options {
            smart_punctuation: true,
            highlight: true,
            anchor_links: Default::default(),
            anchors: Default::default(),
            math: true,
            search_text,
        }
    }

    fn check(md: &str) -> Rendered {
        render(
            md,
            3,
            &test_options(true),
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
    fn ascii_word_counts_match_the_general_count() {
        // Seeded random ASCII with every kind of white space and punctuation.
        let alphabet = b" \t\n\x0B\x0C\r\x00\x1Faz09.,-*`#|_()";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in 0..400 {
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize] as char
                })
                .collect();
            assert_eq!(count_words(&text), count_any_words(&text), "{text:?}");
        }
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
    fn fence_options_apply_to_highlighted_and_plain_code() {
        // Zola's `linenos`, `linenostart`, `hl_lines` and `hide_lines`, on a known
        // language and on code without one.
        for info in ["rust", ""] {
            let md = format!(
                "```{info},linenos,linenostart=7,hl_lines=3,hide_lines=2\nlet a = 1;\nsecret();\nlet b = 2;\n```\n"
            );
            let r = check(&md);
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert!(!r.html.contains("secret"), "{}", r.html);
            assert!(
                r.html.contains("<pre class=\"code-lines linenos "),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<span class=\"giallo-l\" data-ln=\"7\">"),
                "{}",
                r.html
            );
            assert!(
                r.html.contains("<mark class=\"giallo-l\" data-ln=\"9\">"),
                "{}",
                r.html
            );
            // Numbers are attributes, never text: not in the search text or word count.
            assert_eq!(r.word_count, 0);
            assert!(r.sections.iter().all(|s| !s.text.contains('7')));
        }
    }

    #[test]
    fn bad_fence_options_are_problems_at_the_fence_line() {
        // Zola ignores these quietly; folio names the file line of the fence.
        let r = check("Text.\n\n```rust,hl_lines=abc 9,linenostart=-1\nfn a() {}\n```\n");
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert!(
            r.problems.iter().all(|(line, _)| *line == 6),
            "{:?}",
            r.problems
        );
        assert!(r.problems[0].1.contains("`abc` is not a line number"));
        assert!(r.problems[1].1.contains("`linenostart=-1`"));
        assert!(
            r.problems[2]
                .1
                .contains("names line 9 but this code block has 1 line")
        );
        assert!(r.html.contains("fn"), "the block is still rendered");
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
    fn math_renders_as_mathml() {
        let r = check("Energy $E=mc^2$ here.\n\n$$\n\\frac{a}{b}\n$$\n\nInline $$x$$ display.\n");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(r.html.contains("<p>Energy <math><mi>E</mi>"), "{}", r.html);
        // Display math alone in its paragraph has no `<p>` around it.
        assert!(
            r.html.contains("\n<math display=\"block\"><mfrac>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("<p><math display"), "{}", r.html);
        assert!(
            r.html.contains("<p>Inline <math display=\"block\">"),
            "{}",
            r.html
        );
        // Inline math joins the search text as TeX; display math does not.
        assert_eq!(r.sections[0].text, "Energy E=mc^2 here. Inline display.");
    }

    #[test]
    fn math_in_headings_and_errors_at_their_line() {
        let r = check("## The $x^2$ rule\n\nText.\n\n$$\na +\n\\nosuch{b}\n$$\n");
        assert!(
            r.html.contains("<h2 id=\"the-x-2-rule\">The <math>"),
            "{}",
            r.html
        );
        assert_eq!(r.toc[0].title, "The x^2 rule");
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        // The body starts at line 4; `\nosuch` is on its seventh line.
        assert_eq!(r.problems[0].0, 10, "{:?}", r.problems);
        assert!(r.problems[0].1.contains("nosuch"), "{:?}", r.problems);
    }

    #[test]
    fn dollars_stay_text_without_math() {
        let opts = Options {
            smart_punctuation: true,
            highlight: false,
            anchor_links: Default::default(),
            anchors: Default::default(),
            math: false,
            search_text: true,
        };
        let md = "It costs $5 and $10, or $x$.\n";
        let r = render(md, 0, &opts, &Highlighter::new("", ""), &TestHost);
        assert_eq!(r.html, "<p>It costs $5 and $10, or $x$.</p>\n");
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

    #[test]
    fn no_search_text_without_a_search_index_and_the_same_html() {
        let md = "Intro [a](https://example.com) text.\n\n## One\n\nAlpha `beta`.\n";
        let with = check(md);
        let highlighter = Highlighter::new("github-light", "catppuccin-mocha");
        let without = render(md, 3, &test_options(false), &highlighter, &TestHost);
        assert!(!with.sections.is_empty());
        assert!(without.sections.is_empty());
        assert_eq!(
            (with.html, with.word_count),
            (without.html, without.word_count)
        );
    }

    #[test]
    fn problems_name_the_line_of_the_file() {
        // The body starts on line 4 of its file (`check` passes 3 lines before it).
        let r =
            check("Para.\n\nMore text\nand [x](@/a/b.md#c) here.\n\nThen\n\n[y](@/missing.md)\n");
        let lines: Vec<usize> = r.internal_links.iter().map(|l| l.line).collect();
        assert_eq!(lines, vec![7]);
        let lines: Vec<usize> = r.problems.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![11]);
    }
}
