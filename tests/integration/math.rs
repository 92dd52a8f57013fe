//! TeX math (`[markdown] math = true`): `$…$` and `$$…$$` become MathML when the site
//! is built, dollars elsewhere stay as written, and invalid TeX fails the build naming
//! the file and line, leaving the previous output as it was.

use crate::util::{Site, assert_contains, assert_not_contains, snapshot};

/// A site with math on (or off) whose page `content/m.md` has `body` after its front
/// matter (3 lines).
fn site(math: bool, body: &str) -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        &format!("title = \"M\"\nbase_url = \"https://example.com/\"\n[markdown]\nmath = {math}\n"),
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.file("content/m.md", &format!("+++\ntitle = \"M\"\n+++\n{body}"));
    site
}

/// The page's `<main>`.
fn main_of(site: &Site) -> String {
    let html = site.read("public/m/index.html");
    let start = html.find("<main").expect("a <main>");
    let end = html.rfind("</main>").expect("a </main>");
    html[start..end].to_string()
}

#[test]
fn inline_math_stays_in_its_paragraph_and_display_math_is_a_block() {
    let site = site(
        true,
        "The area is $\\pi r^2$ here.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n",
    );
    site.build(&[]).success();
    let html = main_of(&site);
    assert_contains(
        &html,
        "<p>The area is <math><mi>π</mi><msup><mi>r</mi><mn>2</mn></msup></math> here.</p>",
    );
    // Display math alone in its paragraph is the block itself, with no `<p>`.
    assert_contains(
        &html,
        "\n<math display=\"block\"><munderover><mo lspace=\"0\">∑</mo>",
    );
    assert_contains(&html, "<mfrac>");
    assert_not_contains(&html, "<p><math display");
    assert_not_contains(&html, "$");
    // The theme styles it: wide display math scrolls on its own.
    let css = site.read("public/css/folio.css");
    assert_contains(&css, "math[display=\"block\"]");
}

#[test]
fn dollars_in_prose_and_code_stay_as_written() {
    let body = "Tickets cost $5 and $10 at the door.\n\nIn code: `echo $HOME $PATH` stays.\n\n```\nprice=\"$5\" total=\"$10\"\n```\n";
    // Math on: pulldown-cmark reads `$5 and $10` as text (a closing `$` may not come
    // before a digit), an escaped dollar is a dollar, and code is never touched.
    let on = site(true, &format!("{body}\nEscaped: US\\$5 and US\\$10.\n"));
    on.build(&[]).success();
    let html = main_of(&on);
    assert_contains(&html, "Tickets cost $5 and $10 at the door.");
    assert_contains(&html, "Escaped: US$5 and US$10.");
    assert_contains(&html, "<code>echo $HOME $PATH</code>");
    assert_contains(&html, "<code>price=\"$5\" total=\"$10\"");
    assert_not_contains(&html, "<math");
    // Math off (the default): every dollar is text.
    let off = site(false, body);
    off.build(&[]).success();
    let html = main_of(&off);
    assert_contains(&html, "Tickets cost $5 and $10 at the door.");
    assert_contains(&html, "<code>echo $HOME $PATH</code>");
    assert_not_contains(&html, "<math");
    // And off is the default: a site without the key renders `$x$` as text.
    let default = Site::empty();
    default.file("config.toml", "title = \"M\"\nbase_url = \"/\"\n");
    default.file(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee $x$ and $$y$$.\n",
    );
    default.build(&[]).success();
    assert_contains(&default.read("public/index.html"), "See $x$ and $$y$$.");
}

#[test]
fn invalid_tex_fails_naming_the_file_and_line_and_keeps_the_output() {
    let good = "Fine: $x$.\n";
    let site = site(true, good);
    site.build(&[]).success();
    let before = snapshot(&site.path("public"));
    // Line 4 is the first line of the body; the bad command is on line 9.
    site.file(
        "content/m.md",
        "+++\ntitle = \"M\"\n+++\nFine: $x$.\n\nAnd $\\frac{a}$ inline.\n\n$$\na + b\n\\nosuch{c}\n$$\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "content/m.md:6: invalid TeX in $\\frac{a}$: Expected argument but reached end of input.",
        "content/m.md:10: invalid TeX in $$a + b \\nosuch{c}$$: Unknown command \"\\nosuch\". (at `\\nosuch{c}`)",
    ]);
    assert_eq!(
        snapshot(&site.path("public")),
        before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn math_in_a_component_body_and_in_a_summary() {
    let site = site(
        true,
        "Before $a^2$ the break.\n\n<!-- more -->\n\n{% note(kind=\"tip\") %}\nInside: $\\sqrt{2}$.\n\n$$\n\\alpha\n$$\n{% end %}\n",
    );
    site.file(
        "templates/index.html",
        "{% for p in section.pages %}<div class=\"summary\">{{ p.summary | safe }}</div>{% endfor %}",
    );
    site.build(&[]).success();
    let html = main_of(&site);
    assert_contains(
        &html,
        "<div class=\"callout callout-tip\" role=\"note\" aria-label=\"Tip\"><p class=\"callout-title\">Tip</p>\n<p>Inside: <math><msqrt><mn>2</mn></msqrt></math>.</p>",
    );
    assert_contains(&html, "<math display=\"block\"><mi>α</mi></math>");
    let listing = site.read("public/index.html");
    assert_contains(
        &listing,
        "<div class=\"summary\"><p>Before <math><msup><mi>a</mi><mn>2</mn></msup></math> the break.</p></div>",
    );
}
