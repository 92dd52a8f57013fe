//! Issue 11's cases, each with the whole HTML it must render to: component calls
//! where Markdown has text and nowhere else, escapes, bodies, headings and footnotes.

use folio::markdown::{self, Call, Highlighter, Host, Options, Rendered};

/// Resolves `@/a.md` and renders `x` as `<b>X</b>`, `t` as plain text and `box` as a
/// `<div>` around its body.
struct TestHost;

impl Host for TestHost {
    fn resolve(&self, target: &str) -> Option<String> {
        (target == "a.md").then(|| "/a/".to_string())
    }
    fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
        match call.name.as_str() {
            "x" => Ok("<b>X</b>".into()),
            "t" => Ok("plain".into()),
            "box" => Ok(format!("<div class=\"box\">{}</div>", body.unwrap_or(""))),
            other => Err(format!("unknown component `{other}`")),
        }
    }
}

fn render(md: &str) -> Rendered {
    let options = Options {
        smart_punctuation: false,
        highlight: false,
        anchor_links: Default::default(),
        anchors: Default::default(),
        math: false,
        search_text: true,
    };
    markdown::render(md, 0, &options, &Highlighter::new("", ""), &TestHost)
}

fn html(md: &str) -> String {
    let r = render(md);
    assert!(r.problems.is_empty(), "{md:?}: {:?}", r.problems);
    r.html
}

#[test]
fn calls_in_code_of_every_kind_stay_as_written() {
    assert_eq!(
        html("para\n\n    <p>{{ x() }}</p>\n"),
        "<p>para</p>\n<pre class=\"code\"><code>&lt;p&gt;{{ x() }}&lt;/p&gt;\n</code></pre>"
    );
    assert_eq!(
        html("> ~~~\n> {{ super() }}\n> ~~~\n"),
        "<blockquote>\n<pre class=\"code\"><code>{{ super() }}\n</code></pre></blockquote>\n"
    );
    assert_eq!(
        html("a <code>{{ x() }}</code> b <!-- {{ x() }} --> c"),
        "<p>a <code>{{ x() }}</code> b <!-- {{ x() }} --> c</p>\n"
    );
    assert_eq!(
        html("<pre>\n{{ x() }}\n</pre>\n"),
        "<pre>\n{{ x() }}\n</pre>\n"
    );
}

#[test]
fn calls_after_an_escaped_backtick_run() {
    assert_eq!(
        html("a \\` {{ x() }} `b`"),
        "<p>a ` <b>X</b> <code>b</code></p>\n"
    );
}

#[test]
fn escapes_print_the_call() {
    assert_eq!(html("\\{{ x() }} done"), "<p>{{ x() }} done</p>\n");
    assert_eq!(
        html("{{/* x(a=1) */}} and {%/* box() */%}"),
        "<p>{{ x(a=1) }} and {% box() %}</p>\n"
    );
    assert_eq!(
        html("```\n{{/* x() */}}\n```"),
        "<pre class=\"code\"><code>{{ x() }}\n</code></pre>"
    );
}

#[test]
fn a_call_keeps_a_list_tight() {
    assert_eq!(
        html("- a {{ x() }}\n- b"),
        "<ul>\n<li>a <b>X</b></li>\n<li>b</li>\n</ul>\n"
    );
    assert_eq!(
        html("- a\n  {% box() %}\n  in\n  {% end %}\n- b"),
        "<ul>\n<li>a\n<div class=\"box\"><p>in</p>\n</div></li>\n<li>b</li>\n</ul>\n"
    );
}

#[test]
fn headings_resolve_links_keep_attributes_and_read_two_lines_as_one() {
    assert_eq!(
        html("# Head {{ x() }} [l](@/a.md) {#h data-x=1}\n\nSetext\ntwo lines\n---------"),
        "<h1 id=\"h\" data-x=\"1\">Head <b>X</b> <a href=\"/a/\">l</a> <a class=\"anchor\" href=\"#h\" aria-label=\"Link to “Head X l”\">#</a></h1>\n<h2 id=\"setext-two-lines\">Setext\ntwo lines <a class=\"anchor\" href=\"#setext-two-lines\" aria-label=\"Link to “Setext two lines”\">#</a></h2>\n"
    );
}

#[test]
fn footnotes_have_an_id_and_a_back_link_per_reference() {
    assert_eq!(
        html("A[^1] and again[^1].\n\n[^1]: Note.\n\n[^2]: Unused."),
        "<p>A<sup class=\"footnote-reference\" id=\"fn-1-ref\"><a href=\"#fn-1\">1</a></sup> and again<sup class=\"footnote-reference\" id=\"fn-1-ref-2\"><a href=\"#fn-1\">1</a></sup>.</p>\n<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\"><a href=\"#fn-1-ref\" aria-label=\"Back to reference 1\">1</a></sup>\n<p>Note.</p>\n<a class=\"footnote-backref\" href=\"#fn-1-ref-2\" aria-label=\"Back to reference 1 (2)\">↩2</a>\n</div>\n<div class=\"footnote-definition\" id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>\n<p>Unused.</p>\n</div>\n"
    );
    // A heading and a footnote reference never share an id.
    let r = render("# fn 1 ref\n\nA[^1].\n\n[^1]: N.");
    let mut anchors = r.anchors.clone();
    anchors.sort();
    anchors.dedup();
    assert_eq!(anchors.len(), r.anchors.len(), "{:?}", r.anchors);
    assert!(r.html.contains("id=\"fn-1-ref-1\""), "{}", r.html);
}

#[test]
fn a_body_is_markdown_of_the_page() {
    let md = "{% box() %}\n## Inside\n```\n{% end %}\n```\nBody words.\n{% end %}\n\n## Inside";
    let r = render(md);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(
        r.html,
        "<div class=\"box\"><h2 id=\"inside\">Inside <a class=\"anchor\" href=\"#inside\" aria-label=\"Link to “Inside”\">#</a></h2>\n<pre class=\"code\"><code>{% end %}\n</code></pre>\n<p>Body words.</p>\n</div>\n<h2 id=\"inside-1\">Inside <a class=\"anchor\" href=\"#inside-1\" aria-label=\"Link to “Inside”\">#</a></h2>\n"
    );
    let toc: Vec<&str> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["inside", "inside-1"]);
    assert!(
        r.sections.iter().any(|s| s.text.contains("Body words.")),
        "{:?}",
        r.sections
    );
    assert!(!format!("{r:?}").contains("FOLIOSHORTCODE"));
}

#[test]
fn only_the_first_more_ends_the_summary() {
    let r = render("one\n\n<!-- more -->\n\ntwo\n\n<!-- more -->\n\nthree");
    assert_eq!(r.summary.as_deref(), Some("<p>one</p>"));
    assert_eq!(
        r.html,
        "<p>one</p>\n\n<p>two</p>\n<!-- more -->\n<p>three</p>\n"
    );
}

#[test]
fn calls_in_attributes_are_plain_text_or_an_error() {
    let r = render("![alt {{ t() }}](a.png) [l](u \"title {{ x() }}\")");
    assert_eq!(
        r.html,
        "<p><img src=\"a.png\" alt=\"alt plain\" /> <a href=\"u\" title=\"title \">l</a></p>\n"
    );
    assert_eq!(
        r.problems,
        [(
            1,
            "the component `x` in a link's or image's URL or title must return plain text"
                .to_string()
        )]
    );
    let r = render("![alt {{ x() }}](a.png)");
    assert_eq!(
        r.problems,
        [(
            1,
            "a component in an image's alt text must return plain text".to_string()
        )]
    );
}

#[test]
fn deep_nesting_is_an_error_with_its_line_not_a_crash() {
    let md = format!(
        "{}x\n{}",
        "{% box() %}\n".repeat(150),
        "{% end %}\n".repeat(150)
    );
    let r = render(&md);
    assert_eq!(
        r.problems,
        [(101, "components nest more than 100 deep here".to_string())]
    );
    let quotes = format!("{}deep\n", "> ".repeat(10_000));
    assert_eq!(
        render(&quotes).problems,
        [(
            1,
            "lists and quotes nest more than 100 deep here".to_string()
        )]
    );
    let lists: String = (0..3000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    assert_eq!(
        render(&lists).problems,
        [(
            101,
            "lists and quotes nest more than 100 deep here".to_string()
        )]
    );
}

#[test]
fn a_component_in_a_link_title_returns_plain_text() {
    let r = render("[l](u \"title {{ t() }}\")");
    assert_eq!(r.html, "<p><a href=\"u\" title=\"title plain\">l</a></p>\n");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}
