//! CommonMark fidelity: every example of the CommonMark 0.31.2 spec, rendered by folio's
//! Markdown path (`folio::markdown::render`) and by bare pulldown-cmark with the parser
//! options folio uses, must give the same HTML once folio's intended additions are
//! normalized away.
//!
//! The spec comes from the npm package `commonmark-spec` 0.31.2, a dev dependency in
//! `tests/browser/package.json` that `scripts/install-test-deps.sh` installs with `npm ci`
//! (the package ships `spec.txt`; the examples are read from it the way its `index.js`
//! does). A missing package fails the test with a pointer to the install script.
//!
//! Both outputs are tokenized with html5gum and normalized by `normalize` below, which
//! knows exactly what folio adds on purpose:
//! - heading `id`s, and the `<a class="anchor">#</a>` link folio ends each heading with
//!   (with the space before it);
//! - code blocks: `class="code"` and `data-lang` on `<pre>`, the `language-…` class on
//!   its `<code>`;
//! - GFM alerts: folio's `<div class="callout …">` with its `<p class="callout-title">`
//!   stands for pulldown-cmark's `<blockquote class="markdown-alert-…">`;
//! - whitespace-only text between block-level tags (newlines between blocks);
//! - entities are decoded and adjacent text runs merged (the tokenizer's view).
//!
//! Examples that differ for another reason are folio bugs: they are listed in
//! `KNOWN_DIFFERENCES`, and the test fails on any difference not in the list and on any
//! listed example that now matches.

use std::collections::BTreeSet;
use std::path::PathBuf;

use folio::markdown::{self, Call, Highlighter, Host, Options};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{Options as CmarkOptions, Parser};

/// Examples whose folio output differs from pulldown-cmark's for a reason that is not one
/// of folio's intended additions: (example number, why).
const KNOWN_DIFFERENCES: &[(usize, &str)] = &[];

const SPEC_VERSION: &str = "0.31.2";
const INSTALL_HINT: &str = "run `scripts/install-test-deps.sh` (npm ci in tests/browser)";

struct Example {
    number: usize,
    section: String,
    markdown: String,
}

/// A host that resolves nothing and renders no component.
struct NoHost;

impl Host for NoHost {
    fn resolve(&self, _target: &str) -> Option<String> {
        None
    }
    fn shortcode(&self, call: &Call, _body: Option<&str>) -> Result<String, String> {
        Err(format!(
            "no components in the CommonMark test (`{}`)",
            call.name
        ))
    }
}

#[test]
fn commonmark_spec_examples_render_as_pulldown_cmark_does() {
    let examples = spec_examples();
    assert_eq!(
        examples.len(),
        652,
        "CommonMark {SPEC_VERSION} has 652 examples"
    );
    let defaults = folio::config::MarkdownConfig::default();
    let highlighter = Highlighter::new(
        &defaults.highlight_theme_light,
        &defaults.highlight_theme_dark,
    );
    let options = Options {
        smart_punctuation: false,
        highlight: false,
        anchor_links: Default::default(),
        anchors: Default::default(),
        math: false,
        search_text: true,
    };
    let known: BTreeSet<usize> = KNOWN_DIFFERENCES.iter().map(|&(n, _)| n).collect();
    assert_eq!(
        known.len(),
        KNOWN_DIFFERENCES.len(),
        "KNOWN_DIFFERENCES lists an example twice"
    );

    let mut matched = 0;
    let mut identical = 0;
    let mut differing = BTreeSet::new();
    let mut report = String::new();
    for ex in &examples {
        let folio_html = markdown::render(&ex.markdown, 0, &options, &highlighter, &NoHost).html;
        let bare_html = bare(&ex.markdown);
        identical += usize::from(folio_html == bare_html);
        let (a, b) = (normalize(&folio_html), normalize(&bare_html));
        if a == b {
            matched += 1;
            continue;
        }
        differing.insert(ex.number);
        if known.contains(&ex.number) {
            continue;
        }
        let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        report.push_str(&format!(
            "\n=== example {} ({}) differs\n--- markdown:\n{}\n--- folio:\n{}\n--- pulldown-cmark:\n{}\n--- first normalized difference (token {at}): folio {:?} / pulldown-cmark {:?}\n",
            ex.number,
            ex.section,
            visible(&ex.markdown),
            folio_html,
            bare_html,
            a.get(at),
            b.get(at),
        ));
    }
    let stale: Vec<_> = KNOWN_DIFFERENCES
        .iter()
        .filter(|(n, _)| !differing.contains(n))
        .collect();
    for (n, why) in &stale {
        report.push_str(&format!(
            "\n=== example {n} is in KNOWN_DIFFERENCES ({why}) but now matches: remove it\n"
        ));
    }
    println!(
        "CommonMark {SPEC_VERSION}: {} examples checked, {matched} matched ({identical} byte for byte), {} known differences",
        examples.len(),
        differing.intersection(&known).count()
    );
    assert!(
        report.is_empty(),
        "{report}\nCommonMark {SPEC_VERSION}: {} examples checked, {matched} matched, {} new differences, {} stale entries in KNOWN_DIFFERENCES",
        examples.len(),
        differing.difference(&known).count(),
        stale.len()
    );
}

/// Bare pulldown-cmark with the parser options `folio::markdown::render` uses.
fn bare(md: &str) -> String {
    let options = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_GFM;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, options));
    html
}

/// The spec's examples, read from `spec.txt` as the package's `index.js` reads them, with
/// the spec's `→` turned back into tabs (as the spec's own test runner does).
fn spec_examples() -> Vec<Example> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/commonmark-spec");
    let version = std::fs::read_to_string(dir.join("package.json"))
        .unwrap_or_else(|e| panic!("{}: {e}: {INSTALL_HINT}", dir.display()));
    assert!(
        version.contains(&format!("\"version\": \"{SPEC_VERSION}\"")),
        "{} is not commonmark-spec {SPEC_VERSION}: {INSTALL_HINT}",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join("spec.txt"))
        .unwrap_or_else(|e| panic!("{}/spec.txt: {e}: {INSTALL_HINT}", dir.display()));
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = match text.find("\n<!-- END TESTS -->") {
        Some(end) => &text[..end + 1],
        None => &text[..],
    };
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == open {
            let mut markdown = String::new();
            for l in lines.by_ref() {
                if l == "." {
                    break;
                }
                markdown.push_str(l);
                markdown.push('\n');
            }
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
            }
            examples.push(Example {
                number: examples.len() + 1,
                section: section.clone(),
                markdown: markdown.replace('→', "\t"),
            });
        } else if let Some(rest) = heading(line) {
            section = rest.to_string();
        }
    }
    examples
}

/// `^#{1,6} *(.*)$`, as in the package's `index.js`.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6)
        .contains(&hashes)
        .then(|| line[hashes..].trim_start_matches(' '))
}

fn visible(md: &str) -> String {
    md.replace('\t', "→")
}

/// One normalized token.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
    Text(String),
    Comment(String),
    Doctype(String),
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

fn is_block(t: &Tok) -> bool {
    match t {
        Tok::Start { name, .. } | Tok::End(name) => BLOCKS.contains(&name.as_str()),
        _ => false,
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Tokenizes `html` and removes folio's intended additions (see the module comment).
fn normalize(html: &str) -> Vec<Tok> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut raw = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        match token {
            Token::StartTag(tag) => raw.push(Tok::Start {
                name: s(&tag.name),
                attrs: tag
                    .attributes
                    .iter()
                    .map(|(k, v)| (s(k), s(&v.value)))
                    .collect(),
                self_closing: tag.self_closing,
            }),
            Token::EndTag(tag) => raw.push(Tok::End(s(&tag.name))),
            Token::String(text) => match raw.last_mut() {
                Some(Tok::Text(prev)) => prev.push_str(&s(&text)),
                _ => raw.push(Tok::Text(s(&text))),
            },
            Token::Comment(text) => raw.push(Tok::Comment(s(&text))),
            Token::Doctype(d) => raw.push(Tok::Doctype(s(&d.name))),
            Token::Error(_) => {}
        }
    }

    let mut out: Vec<Tok> = Vec::with_capacity(raw.len());
    // For each open `<div>`: whether it is a callout (closed as `</blockquote>`).
    let mut divs: Vec<bool> = Vec::new();
    let mut heading_depth = 0usize;
    let mut i = 0;
    while i < raw.len() {
        let tok = raw[i].clone();
        i += 1;
        match tok {
            Tok::Start {
                name,
                mut attrs,
                self_closing,
            } => {
                if is_heading(&name) {
                    heading_depth += 1;
                    attrs.retain(|(k, _)| k != "id");
                }
                if heading_depth > 0 && name == "a" && attr(&attrs, "class") == Some("anchor") {
                    // folio's heading anchor: drop it, its text, and the space before it.
                    while i < raw.len() && raw[i] != Tok::End("a".into()) {
                        i += 1;
                    }
                    i += 1;
                    if let Some(Tok::Text(prev)) = out.last_mut() {
                        if let Some(stripped) = prev.strip_suffix(' ') {
                            *prev = stripped.to_string();
                        }
                        if prev.is_empty() {
                            out.pop();
                        }
                    }
                    continue;
                }
                if name == "pre" {
                    attrs.retain(|(k, v)| !(k == "class" && v == "code") && k != "data-lang");
                }
                if name == "code"
                    && matches!(out.last(), Some(Tok::Start { name, .. }) if name == "pre")
                {
                    attrs.retain(|(k, v)| !(k == "class" && v.starts_with("language-")));
                }
                if name == "div" {
                    let callout = attr(&attrs, "class")
                        .and_then(|c| c.strip_prefix("callout callout-"))
                        .map(str::to_string);
                    divs.push(callout.is_some());
                    if let Some(kind) = callout {
                        // Skip `<p class="callout-title">Title</p>` after it.
                        let title_at = raw[i..]
                            .iter()
                            .position(|t| !matches!(t, Tok::Text(x) if x.trim().is_empty()));
                        if let Some(k) = title_at
                            && let Tok::Start { name, attrs, .. } = &raw[i + k]
                            && name == "p"
                            && attr(attrs, "class") == Some("callout-title")
                        {
                            i += k;
                            while i < raw.len() && raw[i] != Tok::End("p".into()) {
                                i += 1;
                            }
                            i += 1;
                        }
                        out.push(Tok::Start {
                            name: "blockquote".into(),
                            attrs: vec![("class".into(), format!("markdown-alert-{kind}"))],
                            self_closing: false,
                        });
                        continue;
                    }
                }
                out.push(Tok::Start {
                    name,
                    attrs,
                    self_closing,
                });
            }
            Tok::End(name) => {
                if is_heading(&name) {
                    heading_depth = heading_depth.saturating_sub(1);
                }
                if name == "div" && divs.pop() == Some(true) {
                    out.push(Tok::End("blockquote".into()));
                } else {
                    out.push(Tok::End(name));
                }
            }
            Tok::Text(t) => match out.last_mut() {
                Some(Tok::Text(prev)) => prev.push_str(&t),
                _ => out.push(Tok::Text(t)),
            },
            other => out.push(other),
        }
    }

    // Whitespace between blocks (or at either end) is not content.
    let mut kept = Vec::with_capacity(out.len());
    for (k, tok) in out.iter().enumerate() {
        if let Tok::Text(t) = tok {
            let before = k == 0 || is_block(&out[k - 1]);
            let after = k + 1 == out.len() || is_block(&out[k + 1]);
            let in_pre = out[..k]
                .iter()
                .rev()
                .find_map(|t| match t {
                    Tok::Start { name, .. } if name == "pre" => Some(true),
                    Tok::End(name) if name == "pre" => Some(false),
                    _ => None,
                })
                .unwrap_or(false);
            if t.trim().is_empty() && before && after && !in_pre {
                continue;
            }
        }
        kept.push(tok.clone());
    }
    kept
}

#[test]
fn the_normalizer_removes_only_folios_additions() {
    let same = |a: &str, b: &str| assert_eq!(normalize(a), normalize(b), "{a}\n{b}");
    let differ = |a: &str, b: &str| assert_ne!(normalize(a), normalize(b), "{a}\n{b}");
    same(
        "<h2 id=\"x\">A <em>b</em> <a class=\"anchor\" href=\"#x\" aria-label=\"Link\">#</a></h2>\n",
        "<h2>A <em>b</em></h2>\n",
    );
    same(
        "<h1 id=\"s\"> <a class=\"anchor\" href=\"#s\">#</a></h1>\n",
        "<h1></h1>\n",
    );
    same(
        "<pre class=\"code\" data-lang=\"rust\"><code>a &lt; b\n</code></pre><p>x</p>",
        "<pre><code class=\"language-rust\">a &lt; b\n</code></pre>\n<p>x</p>\n",
    );
    same(
        "<div class=\"callout callout-note\" role=\"note\" aria-label=\"Note\">\n<p class=\"callout-title\">Note</p>\n<p>Hi</p>\n</div>\n",
        "<blockquote class=\"markdown-alert-note\">\n<p>Hi</p>\n</blockquote>\n",
    );
    same("<p>a &amp; b</p>", "<p>a &amp; b</p>\n");
    differ("<p>a  b</p>", "<p>a b</p>");
    differ("<pre><code>a\n</code></pre>", "<pre><code>a</code></pre>");
    differ("<p><a class=\"anchor\">#</a></p>", "<p></p>");
    differ("<h2 class=\"x\">A</h2>", "<h2>A</h2>");
    differ("<div><p>a</p></div>", "<blockquote><p>a</p></blockquote>");
}
