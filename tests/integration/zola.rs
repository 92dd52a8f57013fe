//! Coming from Zola: front matter that Zola accepts builds unchanged, with Zola's
//! meaning. Each test names the Zola behaviour it copies.

use crate::util::{Site, assert_contains, assert_not_contains};

/// A site with one section holding three dated pages.
fn site() -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site
}

#[test]
fn whitespace_before_the_front_matter_is_allowed_as_in_zola() {
    // Zola's front matter pattern starts with `[[:space:]]*`.
    let site = site();
    site.file(
        "content/a.md",
        "\n  \n+++\ntitle = \"Spaced\"\n+++\nBody on line six.\n\n[broken](@/nowhere.md)\n",
    );
    let run = site.build(&[]).failure();
    // Lines still count from the top of the file.
    run.stderr_has(&["content/a.md:8: broken link `@/nowhere.md`"]);
    site.file(
        "content/a.md",
        "\n  \n+++\ntitle = \"Spaced\"\n+++\nBody on line six.\n",
    );
    site.build(&[]).success();
    assert_contains(&site.read("public/a/index.html"), "<h1>Spaced</h1>");
}

#[test]
fn authors_reach_templates_as_page_authors() {
    // Zola's page front matter has `authors = []`, read by templates as `page.authors`.
    let site = site();
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\nauthors = [\"Ada\", \"Grace\"]\n+++\nText.\n",
    );
    site.file(
        "templates/page.html",
        "<p class=\"by\">{{ page.authors | join(sep=\" and \") }}</p>",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/a/index.html"),
        "<p class=\"by\">Ada and Grace</p>",
    );
}

#[test]
fn redirect_to_makes_the_section_page_a_redirect() {
    // Zola's section `redirect_to`: the section's URL sends readers elsewhere.
    let site = site();
    site.file(
        "content/old/_index.md",
        "+++\ntitle = \"Old\"\nredirect_to = \"/new/\"\n+++\n",
    );
    site.file("content/new/_index.md", "+++\ntitle = \"New\"\n+++\n");
    site.file(
        "content/away/_index.md",
        "+++\ntitle = \"Away\"\nredirect_to = \"https://zola.example/docs/\"\n+++\n",
    );
    site.build(&[]).success();
    let old = site.read("public/old/index.html");
    assert_contains(
        &old,
        "<meta http-equiv=\"refresh\" content=\"0; url=/new/\">",
    );
    assert_contains(
        &old,
        "<link rel=\"canonical\" href=\"https://example.com/new/\">",
    );
    let away = site.read("public/away/index.html");
    assert_contains(
        &away,
        "<meta http-equiv=\"refresh\" content=\"0; url=https://zola.example/docs/\">",
    );
    assert_not_contains(&site.read("public/sitemap.xml"), "/old/");
}

#[test]
fn render_false_leaves_the_section_without_a_page_but_renders_its_pages() {
    // Zola's section `render = false`.
    let site = site();
    site.file(
        "content/hidden/_index.md",
        "+++\ntitle = \"Hidden\"\nrender = false\n+++\n",
    );
    site.file("content/hidden/p.md", "+++\ntitle = \"P\"\n+++\nShown.\n");
    site.build(&[]).success();
    assert!(!site.exists("public/hidden/index.html"));
    assert_contains(&site.read("public/hidden/p/index.html"), "Shown.");
    assert_not_contains(&site.read("public/sitemap.xml"), "/hidden/</loc>");
}

#[test]
fn paginate_reversed_lists_the_last_child_first() {
    // Zola's section `paginate_reversed`.
    let site = site();
    site.file(
        "content/s/_index.md",
        "+++\ntitle = \"S\"\nsort_by = \"weight\"\npaginate_by = 2\npaginate_reversed = true\n+++\n",
    );
    for (n, w) in [("one", 1), ("two", 2), ("three", 3)] {
        site.file(
            &format!("content/s/{n}.md"),
            &format!("+++\ntitle = \"{n}\"\nweight = {w}\n+++\n"),
        );
    }
    site.build(&[]).success();
    let html = site.read("public/s/index.html");
    // The listing, after the sidebar (which keeps the section's order).
    let first = &html[html.find("<main").expect("a main element")..];
    let three = first.find(">three<").expect("three on the first page");
    let two = first.find(">two<").expect("two on the first page");
    assert!(three < two, "the last child comes first");
    let second = site.read("public/s/page/2/index.html");
    let listing = &second[second.find("<main").expect("a main element")..];
    assert_contains(listing, ">one<");
    assert_not_contains(listing, ">three<");
}

#[test]
fn zola_config_keys_build_with_one_warning_each() {
    // Zola 0.22's config keys are known: the site builds, and each key folio does not
    // use is named once, with what folio does instead.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ncompile_sass = true\nminify_html = true\ntaxonomies = [{ name = \"tags\", render = true }]\n\n[link_checker]\nskip_prefixes = [\"http://\"]\n\n[markdown]\nrender_emoji = true\n",
    );
    let run = site.build(&[]).success();
    let stderr = run.stderr;
    for key in [
        "compile_sass",
        "minify_html",
        "render",
        "link_checker",
        "render_emoji",
    ] {
        assert_eq!(
            stderr.matches(&format!("`{key}`")).count(),
            1,
            "{key} once: {stderr}"
        );
    }
    assert_contains(
        &stderr,
        "warning: config.toml:3: `compile_sass` is a Zola setting that folio does not use: folio does not compile Sass: put the compiled CSS in `static/`",
    );
}
