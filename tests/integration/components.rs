//! Components called from Markdown (figure, note, details, chart), site components,
//! data files and taxonomy pages, with good arguments and with bad ones.

use crate::util::{Site, assert_contains};

fn page(site: &Site, body: &str) -> &'static str {
    site.file(
        "content/guide/comp.md",
        &format!("+++\ntitle = \"Comp\"\n+++\n{body}\n"),
    );
    "public/guide/comp/index.html"
}

#[test]
fn shipped_components_render() {
    let site = Site::basic();
    let out = page(
        &site,
        "{{ figure(src=\"/robots-extra.txt\", alt=\"An image\", caption=\"The caption\", width=320, height=200) }}\n\n{% note(kind=\"tip\", title=\"Hint\") %}\nBody with *emphasis*.\n{% end %}\n\n{% details(summary=\"More\", open=true) %}\nHidden **text**.\n{% end %}\n\n```md\n{{ figure(src=\"x\") }}\n```\n",
    );
    site.build(&[]).success();
    let html = site.read(out);
    assert_contains(&html, "alt=\"An image\"");
    assert_contains(&html, "width=\"320\"");
    assert_contains(&html, "loading=\"lazy\"");
    assert_contains(&html, "<figcaption>The caption</figcaption>");
    assert_contains(&html, "callout-tip");
    assert_contains(&html, "<em>emphasis</em>");
    assert_contains(&html, "<details");
    assert_contains(&html, "<strong>text</strong>");
    assert_contains(&html, "{{ figure(src=&quot;x&quot;) }}");
}

#[test]
fn bad_component_calls_name_the_file_and_line() {
    let check = |body: &str, needle: &str| {
        let site = Site::basic();
        page(&site, body);
        // The body starts on line 4 of the file.
        site.build(&[])
            .failure()
            .stderr_has(&["content/guide/comp.md:", needle]);
    };
    check("\n{{ nope(a=1) }}", "unknown component `nope`");
    check("{{ figure(src=\"a.png\") }}", "needs the argument `alt`");
    check(
        "{{ figure(src=\"a.png\", alt=\"x\", width=\"wide\") }}",
        "must be a number",
    );
    check(
        "{% note(kind=\"danger\") %}\nx\n{% end %}",
        "kind `danger` is unknown",
    );
    check(
        "{% details() %}\nx\n{% end %}",
        "needs the argument `summary`",
    );
    check(
        "{{ chart(title=\"T\", labels=[\"a\"], values=[1, 2]) }}",
        "labels",
    );
    check(
        "{{ chart(title=\"T\", kind=\"donut\", labels=[\"a\"], values=[1]) }}",
        "unknown chart kind",
    );
    check("{{ figure(src=\"a.png\", alt=\"x\" }}", "expected");
    let site = Site::basic();
    page(&site, "one\n\ntwo\n\n{{ nope() }}");
    site.build(&[])
        .failure()
        .stderr_has(&["content/guide/comp.md:8"]);
}

#[test]
fn charts_from_inline_data_and_from_files() {
    let site = Site::basic();
    site.file("data/sales.csv", "quarter,north,south\nQ1,1,2\nQ2,3,4\n");
    site.file(
        "data/share.json",
        "{\"labels\": [\"a\", \"b\"], \"series\": [{\"name\": \"s\", \"values\": [30, 70]}]}",
    );
    site.file(
        "data/t.toml",
        "labels = [\"x\", \"y\"]\n[[series]]\nname = \"v\"\nvalues = [5, 6]\n",
    );
    let out = page(
        &site,
        "{{ chart(kind=\"bar\", title=\"Inline\", labels=[\"A\", \"B\"], values=[7.5, 85], unit=\"%\") }}\n\n{{ chart(kind=\"line\", title=\"From CSV\", data=\"data/sales.csv\") }}\n\n{{ chart(kind=\"pie\", title=\"From JSON\", data=\"data/share.json\") }}\n\n{{ chart(title=\"From TOML\", data=\"data/t.toml\") }}",
    );
    site.build(&[]).success();
    let html = site.read(out);
    // Four charts, each drawn for wide screens and for phones.
    assert_eq!(html.matches("role=\"img\"").count(), 8);
    assert_eq!(html.matches(" chart-narrow\"").count(), 4);
    assert_contains(&html, "7.5%");
    assert_contains(&html, "85%");
    assert_contains(&html, "north");
    assert_contains(&html, "<caption>From CSV</caption>");
    assert_contains(&html, "chart-pie");
    let site = Site::basic();
    std::fs::write(site.tmp().join("secret.csv"), "a,b\n1,2\n").unwrap();
    page(
        &site,
        "{{ chart(title=\"Escape\", data=\"../secret.csv\") }}",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["outside the site folder"]);
}

#[test]
fn site_components_override_and_extend_the_theme() {
    let site = Site::basic();
    site.file(
        "templates/shortcodes/note.html",
        "<div class=\"my-note\">{{ body | safe }}</div>",
    );
    site.file(
        "templates/shortcodes/badge.html",
        "<span class=\"badge\">{{ label }} {{ n }} {{ on }} {{ items | length }}</span>",
    );
    let out = page(
        &site,
        "{% note(whatever=\"x\") %}\nMine\n{% end %}\n\n{{ badge(label=\"new\", n=3, on=true, items=[1, 2]) }}",
    );
    site.build(&[]).success();
    let html = site.read(out);
    assert_contains(&html, "<div class=\"my-note\"><p>Mine</p>");
    assert_contains(&html, "<span class=\"badge\">new 3 true 2</span>");
}

#[test]
fn load_data_reads_inside_the_site_only() {
    let site = Site::basic();
    site.file("data/table.csv", "name,value\nalpha,1\n");
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>x</title></head><body>{% set d = load_data(path=\"data/table.csv\") %}{{ d.headers | join(sep=\",\") }}:{{ d.records[0][0] }}</body></html>",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/guide/page-a/index.html"),
        "name,value:alpha",
    );
    std::fs::write(site.tmp().join("secret.json"), "{}").unwrap();
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>x</title></head><body>{% set d = load_data(path=\"../secret.json\") %}{{ d }}</body></html>",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["outside the site folder"]);
}

#[test]
fn taxonomy_pages_list_terms_with_counts_and_handle_non_ascii_names() {
    let site = Site::basic();
    site.file(
        "content/guide/intl.md",
        "+++\ntitle = \"International\"\n[taxonomies]\ntags = [\"合肥\", \"Électrique\", \"setup\"]\n+++\nText.\n",
    );
    site.build(&[]).success();
    let list = site.read("public/tags/index.html");
    assert_contains(&list, "合肥");
    assert!(
        site.exists("public/tags/he-fei/index.html"),
        "non-ASCII term slugs are ASCII"
    );
    assert!(site.exists("public/tags/electrique/index.html"));
    let setup = site.read("public/tags/setup/index.html");
    assert_contains(&setup, "International");
    assert_contains(&setup, "Configure");
}

#[test]
fn terms_that_would_share_a_url_are_an_error_unless_only_case_differs() {
    let site = Site::basic();
    site.file(
        "content/guide/x.md",
        "+++\ntitle = \"X\"\n[taxonomies]\ntags = [\"Setup\"]\n+++\nx\n",
    );
    site.build(&[]).success();
    assert!(
        site.exists("public/tags/setup/index.html"),
        "`Setup` and `setup` are one term"
    );
    site.file(
        "content/guide/y.md",
        "+++\ntitle = \"Y\"\n[taxonomies]\ntags = [\"C++\", \"C\"]\n+++\ny\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "content/guide/y.md:3",
        "`C` and `C++` would share the URL `/tags/c/`",
    ]);
}

#[test]
fn tabs_render_each_panel_under_its_label() {
    let site = Site::basic();
    let out = page(
        &site,
        "{% tabs() %}\n{% tab(label=\"Rust\") %}\n```rust\nfn main() {}\n```\n{% end %}\n{% tab(label=\"Python & more\") %}\nSome *Markdown*.\n{% end %}\n{% end %}\n\n{% tabs() %}\n{% tab(label=\"Rust\") %}\nAgain.\n{% end %}\n{% end %}",
    );
    site.build(&[]).success();
    let html = site.read(out);
    assert_eq!(html.matches("<div class=\"tabs\">").count(), 2, "{html}");
    assert_contains(
        &html,
        "<div class=\"tab-panel\" data-tab=\"Rust\">\n<p class=\"tab-label\">Rust</p>\n<pre",
    );
    assert_contains(
        &html,
        "<div class=\"tab-panel\" data-tab=\"Python &amp; more\">\n<p class=\"tab-label\">Python &amp; more</p>\n<p>Some <em>Markdown</em>.</p>",
    );
    assert_contains(&html, "<p class=\"tab-label\">Rust</p>\n<p>Again.</p>");
    assert!(
        !html.contains("<p></p>"),
        "empty paragraphs around the panels:\n{html}"
    );
}

#[test]
fn bad_tabs_name_the_file_and_line() {
    let check = |body: &str, line: usize, needle: &str| {
        let site = Site::basic();
        page(&site, body);
        // The body starts on line 4 of the file.
        site.build(&[])
            .failure()
            .stderr_has(&[&format!("content/guide/comp.md:{line}"), needle]);
    };
    check(
        "Text.\n\n{% tab(label=\"Rust\") %}\nx\n{% end %}",
        6,
        "is outside `tabs`",
    );
    check(
        "{% tabs() %}\n{% tab(label=\" \") %}\nx\n{% end %}\n{% end %}",
        5,
        "non-empty `label`",
    );
    check(
        "{% tabs() %}\n{% tab() %}\nx\n{% end %}\n{% end %}",
        5,
        "needs the argument `label`",
    );
    check(
        "{% tabs() %}\n{% tab(label=\"Rust\") %}\na\n{% end %}\n{% tab(label=\"Rust\") %}\nb\n{% end %}\n{% end %}",
        8,
        "two tabs of one `tabs` group are labelled `Rust`",
    );
    check(
        "{% tabs() %}\n{% tab(label=\"A\") %}\n{% note() %}\n{% tab(label=\"B\") %}\nb\n{% end %}\n{% end %}\n{% end %}\n{% end %}",
        7,
        "is inside `note`",
    );
    check("{% tabs() %}\nJust text.\n{% end %}", 4, "holds no `tab`");
    check(
        "{% tabs(sync=true) %}\n{% tab(label=\"A\") %}\na\n{% end %}\n{% end %}",
        4,
        "`tabs` has no argument `sync`",
    );
    // Labels may repeat in different groups.
    let site = Site::basic();
    page(
        &site,
        "{% tabs() %}\n{% tab(label=\"A\") %}\na\n{% end %}\n{% end %}\n\n{% tabs() %}\n{% tab(label=\"A\") %}\nb\n{% end %}\n{% end %}",
    );
    site.build(&[]).success();
}

#[test]
fn a_site_tab_component_is_not_held_to_the_shipped_rules() {
    let site = Site::basic();
    site.file("templates/shortcodes/tab.html", "<kbd>{{ label }}</kbd>");
    let out = page(&site, "Press {{ tab(label=\"\") }} twice.");
    site.build(&[]).success();
    assert_contains(&site.read(out), "Press <kbd></kbd> twice.");
}
