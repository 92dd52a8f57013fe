//! Making a site its own: `[branding]` (logo, favicon, accent colour checked for
//! contrast, fonts, extra CSS and JS, header links, footer text, announcement), site
//! templates that extend the theme's of the same name (`folio/base.html`), and the
//! build's check that local images exist.

use crate::util::*;

const LOGO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 32"><rect width="96" height="32"/></svg>"#;

/// The basic fixture with a `[branding]` table and the files it names.
fn branded(branding: &str) -> Site {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}\n[branding]\n{branding}"))
        .file("static/img/logo.svg", LOGO)
        .file("static/img/logo-dark.svg", LOGO)
        .file("static/img/icon.svg", LOGO)
        .file("static/img/chat.svg", LOGO)
        .file("static/css/brand.css", "body { letter-spacing: 0; }")
        .file("static/js/brand.js", "// brand");
    site
}

#[test]
fn every_branding_setting_reaches_the_page() {
    let site = branded(
        r##"logo = "img/logo.svg"
logo_dark = "img/logo-dark.svg"
favicon = "img/icon.svg"
accent = "#1a7f37"
font_sans = "\"Atkinson Hyperlegible\", system-ui, sans-serif"
stylesheets = ["css/brand.css"]
scripts = ["js/brand.js", "https://cdn.example.org/x.js"]
footer = "© 2026 The *Basic* authors"
announcement = "Version 2 is out: see [the guide](/guide/)."
links = [
  { name = "Source", url = "https://git.example.org/basic", icon = "code" },
  { name = "Forum", url = "https://forum.example.org", icon = "img/chat.svg" },
  { name = "Blog", url = "/guide/" },
]
"##,
    );
    site.build(&[]).success();
    let html = site.read("public/index.html");
    // The logo, sized from its viewBox at the theme's 28 px height, light and dark.
    assert_contains(
        &html,
        r#"<img class="site-logo-img logo-light" src="/img/logo.svg" alt="" width="84" height="28">"#,
    );
    assert_contains(&html, r#"src="/img/logo-dark.svg""#);
    assert_contains(&html, "<span>Basic Site</span>");
    // One favicon, the site's.
    assert_contains(
        &html,
        r#"<link rel="icon" href="/img/icon.svg" type="image/svg+xml">"#,
    );
    assert_not_contains(&html, "favicon.ico");
    // The accent, with its derived shades, and the font stack.
    let style = html
        .split("<style>")
        .nth(1)
        .expect("a branding style")
        .split("</style>")
        .next()
        .unwrap();
    assert_contains(style, "--accent:#1a7f37;");
    assert_contains(
        style,
        "--font-sans:\"Atkinson Hyperlegible\", system-ui, sans-serif;",
    );
    assert_contains(style, "[data-theme=\"dark\"]{--accent:#");
    assert_contains(style, "prefers-color-scheme: dark");
    // Extra files after the theme's.
    let css = html.find("css/folio.css").unwrap();
    let brand_css = html
        .find(r#"<link rel="stylesheet" href="/css/brand.css">"#)
        .unwrap();
    assert!(
        brand_css > css,
        "the site's stylesheet comes after the theme's"
    );
    assert_contains(&html, r#"<script src="/js/brand.js" defer></script>"#);
    assert_contains(
        &html,
        r#"<script src="https://cdn.example.org/x.js" defer></script>"#,
    );
    // Header links: a built-in icon, a file drawn as a mask, a local link under base.
    assert_contains(
        &html,
        r#"<a class="header-link has-icon" href="https://git.example.org/basic"><svg class="link-icon""#,
    );
    assert_contains(&html, r#"style="--icon: url('/img/chat.svg')""#);
    assert_contains(
        &html,
        r#"<a class="header-link" href="/guide/"><span class="header-link-name">Blog</span></a>"#,
    );
    // Footer and announcement are Markdown, with smart punctuation.
    assert_contains(
        &html,
        r#"<p class="footer-text">© 2026 The <em>Basic</em> authors</p>"#,
    );
    assert_contains(
        &html,
        r#"Version 2 is out: see <a href="/guide/">the guide</a>."#,
    );
    assert_contains(&html, "Dismiss the announcement");
    // The dismissal is remembered per text: the id in the head script and the button agree.
    let id = html
        .split(r#"data-id=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_contains(
        &html,
        &format!(r#"localStorage.getItem("folio-announcement")==="{id}""#),
    );
}

#[test]
fn a_site_without_branding_keeps_the_theme_look() {
    let site = Site::basic();
    site.build(&[]).success();
    let html = site.read("public/index.html");
    assert_not_contains(&html, "<style>");
    assert_not_contains(&html, "announcement");
    assert_not_contains(&html, "header-links");
    assert_contains(&html, "favicon.ico");
    assert_contains(&html, r#"<svg class="site-logo""#);
}

#[test]
fn a_wordmark_logo_carries_the_title() {
    let site = branded("logo = \"img/logo.svg\"\nshow_title = false\n");
    site.build(&[]).success();
    let html = site.read("public/index.html");
    assert_contains(&html, r#"alt="Basic Site""#);
    assert_not_contains(&html, "<span>Basic Site</span>");
}

#[test]
fn an_accent_that_fails_contrast_is_refused_at_its_line() {
    let site = branded("accent = \"#77aaff\"\n");
    let run = site.build(&[]).failure().stderr_has(&[
        "config.toml",
        "line 8",
        "`[branding] accent`",
        "WCAG AA needs 4.5:1",
        "a darker shade such as #",
    ]);
    assert!(!site.exists("public"), "{}", run.stderr);
    let site = branded("accent_dark = \"#0a3069\"\n");
    site.build(&[])
        .failure()
        .stderr_has(&["`[branding] accent_dark`", "a lighter shade such as #"]);
    let site = branded("accent = \"teal\"\n");
    site.build(&[])
        .failure()
        .stderr_has(&["`teal` is not a colour"]);
    let site = branded("font_sans = \"x; } body { display: none\"\n");
    site.build(&[])
        .failure()
        .stderr_has(&["`[branding] font_sans`", "cannot appear in a font stack"]);
}

#[test]
fn branding_names_missing_files_and_unknown_keys() {
    let site = branded("logo = \"img/nope.svg\"\n");
    site.build(&[]).failure().stderr_has(&[
        "`[branding] logo`",
        "`img/nope.svg` is not a file of `static/`",
    ]);
    let site =
        branded("links = [{ name = \"X\", url = \"https://x.example\", icon = \"octocat\" }]\n");
    site.build(&[])
        .failure()
        .stderr_has(&["unknown icon `octocat`", "`code`"]);
    let site = branded("acent = \"#1a7f37\"\n");
    site.build(&[]).failure().stderr_has(&[
        "config.toml:8:1",
        "unknown field `acent` in `[branding]`",
        "did you mean `accent`?",
    ]);
}

#[test]
fn a_site_template_extends_the_theme_template_of_the_same_name() {
    let site = Site::basic();
    site.file(
        "templates/base.html",
        "{% extends \"folio/base.html\" %}\n{% block footer %}<p class=\"mine\">Site footer</p>{{ super() }}{% endblock footer %}\n",
    );
    site.build(&[]).success();
    // Every page gets the override, through the theme's own page templates.
    for page in ["public/index.html", "public/guide/index.html"] {
        let html = site.read(page);
        assert_contains(&html, "<p class=\"mine\">Site footer</p>");
        assert_contains(&html, "Built with folio");
        assert_contains(&html, "class=\"sidebar\"");
    }
}

#[test]
fn a_site_template_that_extends_itself_says_how_to_extend_the_theme() {
    let site = Site::basic();
    site.file(
        "templates/base.html",
        "{% extends \"base.html\" %}\n{% block footer %}x{% endblock footer %}\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "templates/base.html",
        "Circular extend",
        "help: a template cannot extend itself",
        "{% extends \"folio/base.html\" %}",
    ]);
}

#[test]
fn a_missing_image_fails_the_build_at_its_line() {
    let site = Site::basic();
    let page = site.read("content/guide/_index.md");
    site.file(
        "content/guide/_index.md",
        &format!("{page}\n\n![A chart](chart.png)\n\n{{{{ figure(src=\"/img/photo.jpg\", alt=\"A photo\") }}}}\n\n![Remote](https://example.org/x.png)\n"),
    );
    let lines = site.read("content/guide/_index.md").lines().count();
    let run = site.build(&[]).failure();
    let run = run.stderr_has(&[
        &format!(
            "content/guide/_index.md:{}: image `chart.png` is missing",
            lines - 4
        ),
        &format!(
            "content/guide/_index.md:{}: image `/img/photo.jpg` is missing",
            lines - 2
        ),
    ]);
    assert_not_contains(&run.stderr, "example.org");
    assert!(!site.exists("public"));
    // `folio check` reports them with its other findings, the figure's at its call.
    site.run(&["check"]).failure().stderr_has(&[&format!(
        "content/guide/_index.md:{}: broken link `/img/photo.jpg`",
        lines - 2
    )]);
    // Once the files exist, the same page builds.
    site.file("content/guide/chart.png", "png")
        .file("static/img/photo.jpg", "jpg");
    site.build(&[]).success();
}

#[test]
fn zolas_warn_level_makes_a_missing_image_a_warning() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"),
    );
    let page = site.read("content/guide/_index.md");
    site.file(
        "content/guide/_index.md",
        &format!("{page}\n\n![A chart](chart.png)\n"),
    );
    site.build(&[]).success().stderr_has(&[
        "warning: content/guide/_index.md:",
        "image `chart.png` is missing",
    ]);
}

#[test]
fn a_site_base_without_the_themes_blocks_is_reported_once_with_the_way_out() {
    let site = Site::basic();
    site.file(
        "templates/base.html",
        "<!doctype html><html lang=\"en\"><head><title>{{ config.title }}</title></head><body>{% block content %}{% endblock content %}</body></html>\n",
    );
    let run = site.build(&[]).failure().stderr_has(&[
        "Block `main` is not defined in any parent template",
        "help: the site's `templates/base.html` replaces the theme's and has no block `main`",
        "{% extends \"folio/base.html\" %}",
    ]);
    // Each output names only the template it needs, with that template's errors: the
    // theme's `404.html`, which no output of this site needs, is not mentioned.
    assert_not_contains(&run.stderr, "404.html");
    let single = run
        .stderr
        .split("template `taxonomy_single.html` does not compile")
        .nth(1)
        .unwrap();
    let single = single.split("does not compile").next().unwrap();
    assert_not_contains(single, "--> taxonomy_list.html");
    assert_contains(single, "has no block `title`, `meta`, `main`");
}
