//! Edges of publishing and of error reports: `relative_urls` rewrites that keep the
//! HTML as written, and "did you mean" suggestions for unknown names and keys.

use crate::util::{Site, assert_contains};

#[test]
fn relative_urls_rewrite_only_the_path_and_keep_references() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}\nrelative_urls = true\n"));
    site.file(
        "content/guide/raw.md",
        "+++\ntitle = \"Raw\"\n+++\n\
         <a class=\"q\" href=\"/guide/page-b/?a=1&amp;copy;=2&amp;q=&quot;x&quot;#targets\">b</a>\n\n\
         <script>let s = '<a href=\"/guide/\">';</script>\n",
    );
    site.build(&[]).success();
    let html = site.read("public/guide/raw/index.html");
    assert_contains(
        &html,
        "<a class=\"q\" href=\"../../guide/page-b/index.html?a=1&amp;copy;=2&amp;q=&quot;x&quot;#targets\">b</a>",
    );
    assert_contains(&html, "<script>let s = '<a href=\"/guide/\">';</script>");
}

#[test]
fn an_unknown_component_suggests_the_closest_one() {
    let site = Site::basic();
    site.file(
        "content/guide/comp.md",
        "+++\ntitle = \"Comp\"\n+++\nText.\n\n{{ figur(src=\"a.png\", alt=\"A\") }}\n",
    );
    let run = site.build(&[]).failure();
    assert_eq!(
        run.stderr,
        "error: 1 problem in content:\n  content/guide/comp.md:6: unknown component `figur`: \
         there is no `templates/shortcodes/figur.html` in the site or theme; did you mean `figure`?\n"
    );
}

#[test]
fn every_unknown_front_matter_key_is_reported_with_a_suggestion() {
    let site = Site::basic();
    site.file(
        "content/guide/bad.md",
        "+++\ntitle = \"Bad\"\ntitel = \"typo\"\ndraftt = true\n\n[extra]\nfree = 1\n+++\nBody.\n",
    );
    site.file(
        "content/reference/_index.md",
        "+++\ntitle = \"Reference\"\nsort = \"date\"\n+++\n",
    );
    let run = site.build(&[]).failure();
    assert_eq!(
        run.stderr,
        "error: 3 problems in content:\n  \
         content/guide/bad.md:3: unknown field `titel`, did you mean `title`?\n  \
         content/guide/bad.md:4: unknown field `draftt`, did you mean `draft`?\n  \
         content/reference/_index.md:3: unknown field `sort`, did you mean `sort_by`?\n"
    );
}

#[test]
fn every_unknown_config_key_is_reported_with_a_suggestion() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!(
            "{config}\nrelative_url = true\ncolour = \"red\"\n\n[markdown]\nsmart_punctuaton = false\n"
        ),
    );
    let line = config.lines().count() + 2;
    let run = site.build(&[]).failure();
    assert_eq!(
        run.stderr,
        format!(
            "error: 3 problems in `config.toml`:\n  \
             config.toml:{line}:1: unknown field `relative_url`, did you mean `relative_urls`?\n  \
             config.toml:{}:1: unknown field `colour`, expected one of `title`, `description`, \
             `base_url`, `theme`, `output_dir`, `default_language`, `taxonomies`, `relative_urls`, \
             `build_search_index`, `generate_sitemap`, `generate_feeds`, `compress`, `compile_sass`, `paginate_by`, \
             `markdown`, `slugify`, `branding`, `extra`, `languages`, `translations`\n  \
             config.toml:{}:1: unknown field `smart_punctuaton` in `[markdown]`, did you mean \
             `smart_punctuation`?\n",
            line + 1,
            line + 4
        )
    );
}
