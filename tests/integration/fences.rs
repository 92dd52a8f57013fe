//! Code-fence options, as Zola 0.22 documents them (`linenos`, `linenostart`,
//! `hl_lines`, `hide_lines`, `name`), plus MkDocs Material's `title`: a small site is
//! built and its HTML read. Each test names the Zola behaviour it copies.

use crate::util::{Site, assert_contains, assert_not_contains};

/// A site whose page `content/code.md` has `body` after its front matter (3 lines).
fn site(body: &str) -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"F\"\nbase_url = \"https://example.com/\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.file(
        "content/code.md",
        &format!("+++\ntitle = \"Code\"\n+++\n{body}"),
    );
    site
}

/// The page's HTML from the first `<pre` (or its `<figure`) to the last `</pre>`.
fn blocks(site: &Site) -> String {
    let html = site.read("public/code/index.html");
    let start = ["<figure class=\"code-block\">", "<pre"]
        .iter()
        .filter_map(|m| html.find(m))
        .min()
        .expect("a code block");
    let end = html.rfind("</pre>").expect("a code block") + "</pre>".len();
    html[start..end].to_string()
}

const FIVE: &str = "one();\ntwo();\nthree();\nfour();\nfive();\n";

#[test]
fn linenos_numbers_every_line_from_linenostart() {
    // Zola: `linenos` numbers the lines; `linenostart=20` makes the first line 20.
    let site = site(&format!(
        "```rust,linenos\n{FIVE}```\n\n```rust,linenos,linenostart=20\n{FIVE}```\n"
    ));
    site.build(&[]).success();
    let html = blocks(&site);
    assert_contains(&html, "<pre class=\"code-lines linenos giallo");
    for n in 1..=5 {
        assert_contains(&html, &format!("data-ln=\"{n}\""));
    }
    for n in 20..=24 {
        assert_contains(&html, &format!("data-ln=\"{n}\""));
    }
    assert_not_contains(&html, "data-ln=\"25\"");
    // The numbers are attributes that the theme draws, never text of the code.
    assert_not_contains(&html, ">1<");
    // (Published minified: compared without spaces.)
    assert_contains(
        &squash(&site.read("public/css/folio.css")),
        &squash("content: attr(data-ln) / \"\";"),
    );
}

#[test]
fn hl_lines_counts_from_the_block_not_from_linenostart() {
    // Zola: `hl_lines=1 3-4` is inclusive and 1-indexed, and `linenostart` does not
    // move it.
    let site = site(&format!(
        "```rust,linenos,linenostart=10,hl_lines=1 3-4\n{FIVE}```\n"
    ));
    site.build(&[]).success();
    let html = blocks(&site);
    let marked: Vec<&str> = html
        .split("<mark class=\"giallo-l\" data-ln=\"")
        .skip(1)
        .map(|s| &s[..2])
        .collect();
    assert_eq!(marked, ["10", "12", "13"], "{html}");
    assert_contains(&html, "<span class=\"giallo-l\" data-ln=\"11\">");
    // The theme shows the band in both colour schemes.
    let css = squash(&site.read("public/css/folio.css"));
    assert_contains(
        &css,
        &squash(".code-lines mark.giallo-l { background: var(--code-hl-bg);"),
    );
    assert_contains(
        &css,
        &squash("[data-theme=\"dark\"] { --code-ln: #9ba5b0; --code-hl-bg: #2a2b3d;"),
    );
}

#[test]
fn hide_lines_are_absent_and_still_count_for_numbers() {
    // Zola: `hide_lines=2 4-5` leaves those lines out; the others keep their numbers.
    let site = site(&format!("```rust,linenos,hide_lines=2 4-5\n{FIVE}```\n"));
    site.build(&[]).success();
    let html = blocks(&site);
    for gone in ["two", "four", "five"] {
        assert_not_contains(&html, gone);
    }
    assert_contains(&html, "data-ln=\"1\"");
    assert_contains(&html, "data-ln=\"3\"");
    assert_not_contains(&html, "data-ln=\"2\"");
}

#[test]
fn options_apply_to_code_without_a_language() {
    // Zola: the options do not need a language (```` ```,linenos ```` or `linenos`
    // first); the block is plain text.
    let site = site(
        "```,linenos,hl_lines=2\nplain <one>\nplain two\n```\n\n```linenos,hide_lines=1\nsecret\nshown\n```\n",
    );
    site.build(&[]).success();
    let html = blocks(&site);
    assert_contains(
        &html,
        "<pre class=\"code-lines linenos code\" style=\"--ln-digits:1\"><code>\
         <span class=\"giallo-l\" data-ln=\"1\">plain &lt;one&gt;</span>\n\
         <mark class=\"giallo-l\" data-ln=\"2\">plain two</mark></code></pre>",
    );
    assert_not_contains(&html, "secret");
    assert_contains(&html, "<span class=\"giallo-l\" data-ln=\"2\">shown</span>");
}

#[test]
fn name_is_a_data_attribute_and_title_a_caption() {
    // Zola (giallo) writes `name=mod.rs` as `data-name` on `<code>`, and so does
    // folio; MkDocs Material's `title="…"` is a caption above the block, comma- or
    // space-separated.
    let site = site(
        "```rust,name=mod.rs\nmod a;\n```\n\n```rust,title=\"src/main.rs\"\nfn main() {}\n```\n\n```toml title=\"a <b>.toml\"\nx = 1\n```\n",
    );
    site.build(&[]).success();
    let html = blocks(&site);
    assert_contains(&html, "<code data-lang=\"rust\" data-name=\"mod.rs\">");
    assert_contains(
        &html,
        "<figure class=\"code-block\">\n<figcaption class=\"code-title\">src/main.rs</figcaption>\n<pre class=\"code-lines giallo",
    );
    assert_contains(
        &html,
        "<figcaption class=\"code-title\">a &lt;b&gt;.toml</figcaption>",
    );
}

#[test]
fn bad_values_fail_naming_the_file_and_line_of_the_fence() {
    // Zola ignores a bad value and shows the block without it; folio stops with the
    // file and the line of the fence, and never panics.
    let site = site(&format!(
        "Text.\n\n```rust,hl_lines=abc\n{FIVE}```\n\n```rust,hl_lines=4-9\n{FIVE}```\n\n```rust,linenostart=-1,linenos\n{FIVE}```\n\n```rust,hl_line=2\n{FIVE}```\n"
    ));
    site.build(&[]).failure().stderr_has(&[
        "content/code.md:6: code block options: `hl_lines=abc`: `abc` is not a line number or range",
        "content/code.md:14: code block options: `hl_lines` names line 9 but this code block has 5 lines",
        "content/code.md:22: code block options: `linenostart=-1`",
        "content/code.md:30: code block options: unknown code block option `hl_line`, did you mean `hl_lines`?",
    ]);
}

#[test]
fn the_same_code_with_other_options_is_not_served_from_the_cache() {
    // Zola highlights each block with its own options; folio caches highlighted code,
    // so the options must not be lost to a block with the same code, in one build or
    // across builds with the disk cache.
    let site = site(&format!(
        "```rust\n{FIVE}```\n\n```rust,hl_lines=2\n{FIVE}```\n"
    ));
    site.build(&[]).success();
    let html = blocks(&site);
    assert_eq!(html.matches("<mark").count(), 1, "{html}");
    site.file(
        "content/code.md",
        &format!("+++\ntitle = \"Code\"\n+++\n```rust,linenos,hide_lines=1\n{FIVE}```\n"),
    );
    site.build(&[]).success();
    let html = blocks(&site);
    assert_not_contains(&html, "one");
    assert_contains(&html, "data-ln=\"2\"");
}

#[test]
fn summaries_and_feeds_carry_no_line_numbers() {
    // Zola's summary is the HTML before `<!-- more -->`; a numbered block in it keeps
    // its numbers out of the text, so a feed reader shows the code alone.
    let site = site("");
    site.file(
        "content/code.md",
        &format!(
            "+++\ntitle = \"Code\"\ndate = 2024-01-01\n+++\n```rust,linenos,linenostart=4242\n{FIVE}```\n\n<!-- more -->\n\nRest.\n"
        ),
    );
    site.build(&[]).success();
    let feed = site.read("public/atom.xml");
    let summary = &feed[feed.find("<summary").expect("a summary in the feed")..];
    let summary = &summary[..summary.find("</summary>").expect("its end")];
    let text = strip_tags(
        &summary
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    );
    assert_contains(&text, "three();");
    assert_not_contains(&text, "4242");
    assert_not_contains(&text, "4243");
}

/// The text of `html` without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// CSS without whitespace, to compare rules with the minified stylesheet.
fn squash(css: &str) -> String {
    css.chars().filter(|c| !c.is_whitespace()).collect()
}
