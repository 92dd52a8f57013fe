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
        "title = \"Z\"\nbase_url = \"https://example.com/\"\nhard_link_static = true\nminify_html = true\ntaxonomies = [{ name = \"tags\", render = true }]\n\n[link_checker]\nskip_prefixes = [\"http://\"]\n\n[markdown]\nrender_emoji = true\n",
    );
    let run = site.build(&[]).success();
    let stderr = run.stderr;
    for key in [
        "hard_link_static",
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
        "warning: config.toml:3: `hard_link_static` is a Zola setting that folio does not use: folio copies static files",
    );
}

#[test]
fn dotfiles_in_static_are_copied() {
    // Zola copies everything in `static/`, `.well-known/` and `.nojekyll` included.
    let site = site();
    site.file("static/.nojekyll", "");
    site.file(".gitignore", "public\n");
    site.file("static/.well-known/security.txt", "Contact: mailto:a@b.c\n");
    site.file("static/.page.css.swp", "editor leftover");
    site.build(&[]).success();
    assert!(site.exists("public/.nojekyll"));
    assert_eq!(
        site.read("public/.well-known/security.txt"),
        "Contact: mailto:a@b.c\n"
    );
    assert!(
        !site.exists("public/.page.css.swp"),
        "editor files stay out"
    );
}

#[test]
fn a_date_prefixed_file_name_gives_the_date_and_the_slug() {
    // Zola: `2018-10-10-hello.md` (or `_hello`) has the URL `hello/` and, without a
    // `date` in its front matter, the date 2018-10-10.
    let site = site();
    site.file(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
    );
    site.file(
        "content/blog/2018-10-10-hello.md",
        "+++\ntitle = \"Hello\"\n+++\nHi.\n",
    );
    site.file(
        "content/blog/2019-01-02_second/index.md",
        "+++\ntitle = \"Second\"\ndate = 2020-05-06\n+++\nTwo.\n",
    );
    site.file(
        "templates/page.html",
        "<p class=\"date\">{{ page.date }}</p>",
    );
    site.build(&[]).success();
    assert_eq!(
        site.read("public/blog/hello/index.html"),
        "<p class=\"date\">2018-10-10</p>"
    );
    // The front matter's date wins; the slug still drops the prefix.
    assert_eq!(
        site.read("public/blog/second/index.html"),
        "<p class=\"date\">2020-05-06</p>"
    );
}

#[test]
fn an_alias_ending_in_html_is_that_file() {
    // Zola writes an alias `old/page.html` as the file itself, not `old/page.html/index.html`.
    let site = site();
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\naliases = [\"old/page.html\", \"/older/\"]\n+++\n",
    );
    site.build(&[]).success();
    assert_contains(&site.read("public/old/page.html"), "url=/a/");
    assert_contains(&site.read("public/older/index.html"), "url=/a/");
    assert!(!site.exists("public/old/page.html/index.html"));
}

#[test]
fn get_taxonomy_url_finds_a_term_by_its_slug() {
    // Zola looks terms up by slug: `Blog` and `blog` are one term.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"Blog\"]\n+++\n",
    );
    site.file(
        "content/b.md",
        "+++\ntitle = \"B\"\n[taxonomies]\ntags = [\"blog\"]\n+++\n",
    );
    site.file(
        "templates/page.html",
        "{{ get_taxonomy_url(kind=\"tags\", name=\"Blog\") }} {{ get_taxonomy_url(kind=\"tags\", name=\"blog\") }}",
    );
    site.build(&[]).success();
    assert_eq!(site.read("public/a/index.html"), "/tags/blog/ /tags/blog/");
}

#[test]
fn a_section_with_generate_feeds_false_has_no_feed() {
    // Zola's section `generate_feeds`: folio writes a feed for each section with dated
    // pages unless the section says `generate_feeds = false`.
    let site = site();
    for (s, extra) in [("on", ""), ("off", "generate_feeds = false\n")] {
        site.file(
            &format!("content/{s}/_index.md"),
            &format!("+++\ntitle = \"{s}\"\n{extra}+++\n"),
        );
        site.file(
            &format!("content/{s}/p.md"),
            "+++\ntitle = \"P\"\ndate = 2024-01-02\n+++\n",
        );
    }
    site.build(&[]).success();
    assert!(site.exists("public/on/atom.xml"));
    assert!(!site.exists("public/off/atom.xml"));
}

#[test]
fn insert_anchor_links_places_the_heading_self_links() {
    // Zola's section `insert_anchor_links` (`left`, `right`, `heading`, `none`) for the
    // section's pages; folio's default is `right`.
    let site = site();
    for style in ["left", "heading", "none"] {
        site.file(
            &format!("content/{style}/_index.md"),
            &format!("+++\ntitle = \"{style}\"\ninsert_anchor_links = \"{style}\"\n+++\n"),
        );
        site.file(
            &format!("content/{style}/p.md"),
            "+++\ntitle = \"P\"\n+++\n## Part\n",
        );
    }
    site.file("content/plain.md", "+++\ntitle = \"Plain\"\n+++\n## Part\n");
    site.file("templates/page.html", "{{ page.content | safe }}");
    site.build(&[]).success();
    let anchor = "<a class=\"anchor\" href=\"#part\" aria-label=\"Link to “Part”\">#</a>";
    assert_eq!(
        site.read("public/plain/index.html"),
        format!("<h2 id=\"part\">Part {anchor}</h2>\n")
    );
    assert_eq!(
        site.read("public/left/p/index.html"),
        format!("<h2 id=\"part\">{anchor} Part</h2>\n")
    );
    assert_eq!(
        site.read("public/heading/p/index.html"),
        "<h2 id=\"part\"><a class=\"anchor-heading\" href=\"#part\">Part</a></h2>\n"
    );
    assert_eq!(
        site.read("public/none/p/index.html"),
        "<h2 id=\"part\">Part</h2>\n"
    );
}

#[test]
fn yaml_front_matter_between_dashes_builds() {
    // Zola reads YAML front matter between `---` lines.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.file(
        "content/a.md",
        "---\ntitle: From YAML\ndate: 2024-03-05\ntaxonomies:\n  tags: [a]\nextra:\n  colour: red\n---\nBody.\n",
    );
    site.file(
        "templates/page.html",
        "{{ page.title }} {{ page.date }} {{ page.extra.colour }}",
    );
    site.build(&[]).success();
    assert_eq!(site.read("public/a/index.html"), "From YAML 2024-03-05 red");
    // Problems name their lines, every unknown key at once.
    site.file(
        "content/a.md",
        "---\ntitle: T\ntitel: x\ncolour: red\n---\nBody.\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "content/a.md:3: unknown field `titel`, did you mean `title`?",
        "content/a.md:4: unknown field `colour`",
    ]);
    site.file(
        "content/a.md",
        "---\ntitle: T\ndate: not a date\n---\nBody.\n",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["content/a.md:3: `date`: `not a date` is not a date"]);
}

#[test]
fn translations_of_other_languages_do_not_clash() {
    // Zola reads `page.fr.md` as the French version of `page.md` when `fr` is one of
    // `[languages]`; folio builds the default language and says so once.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\n\n[languages.fr]\ntitle = \"Zf\"\n",
    );
    site.file("content/a.md", "+++\ntitle = \"English\"\n+++\n");
    site.file("content/a.fr.md", "+++\ntitle = \"Français\"\n+++\n");
    site.file("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n");
    site.file("content/v1.2.md", "+++\ntitle = \"A dotted name\"\n+++\n");
    let run = site.build(&[]).success();
    assert_contains(&run.stderr, "`languages` is a Zola setting");
    assert_contains(&site.read("public/a/index.html"), "English");
    assert!(!site.read("public/a/index.html").contains("Français"));
    // A dot that names no language is part of the name.
    assert_contains(&site.read("public/v1-2/index.html"), "A dotted name");
}

#[test]
fn per_taxonomy_templates_come_first() {
    // Zola renders `tags/list.html` and `tags/single.html` when the site has them,
    // else `taxonomy_list.html` and `taxonomy_single.html`.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ntaxonomies = [{ name = \"tags\" }, { name = \"authors\" }]\n",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\nauthors = [\"y\"]\n+++\n",
    );
    site.file(
        "templates/tags/list.html",
        "tags list: {{ terms | length }}",
    );
    site.file("templates/tags/single.html", "tag {{ term.name }}");
    site.build(&[]).success();
    assert_eq!(site.read("public/tags/index.html"), "tags list: 1");
    assert_eq!(site.read("public/tags/x/index.html"), "tag x");
    assert_contains(&site.read("public/authors/y/index.html"), "<html");
}

#[test]
fn load_data_with_required_false_gives_nothing_for_a_missing_file() {
    // Zola's `load_data(path, required=false)`.
    let site = site();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file(
        "templates/page.html",
        "{% set d = load_data(path=\"data/none.json\", required=false) %}[{% if d %}found{% else %}nothing{% endif %}]",
    );
    site.build(&[]).success();
    assert_eq!(site.read("public/a/index.html"), "[nothing]");
    site.file(
        "templates/page.html",
        "{% set d = load_data(path=\"data/none.json\") %}x",
    );
    site.build(&[]).failure().stderr_has(&["data/none.json"]);
}

#[test]
fn the_date_filter_takes_a_timezone() {
    // Zola's `date(format, timezone)`.
    let site = site();
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-03-05T23:30:00Z\n+++\n",
    );
    site.file(
        "templates/page.html",
        "{{ page.date | date(format=\"%Y-%m-%d %H:%M\") }} / {{ \"2024-03-05T23:30:00Z\" | date(format=\"%Y-%m-%d %H:%M\", timezone=\"Asia/Shanghai\") }}",
    );
    site.build(&[]).success();
    assert_eq!(
        site.read("public/a/index.html"),
        "2024-03-05 00:00 / 2024-03-06 07:30"
    );
}

#[test]
fn a_site_robots_txt_template_is_used() {
    // Zola renders the site's `templates/robots.txt` in place of its own.
    let site = site();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\nSitemap: {{ config.base_url }}sitemap.xml\n",
    );
    site.build(&[]).success();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://example.com/sitemap.xml\n"
    );
}
