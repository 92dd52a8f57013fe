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
fn other_languages_build_at_their_own_urls_with_translations() {
    // Zola's multilingual sites: `page.fr.md` is the French `page.md`, at `/fr/page/`;
    // each language has its own home, sections and taxonomies; `page.translations`
    // lists every language's version (itself included); `lang` and `trans()` follow
    // the page; a page whose front matter sets `path` keeps it.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ntaxonomies = [{ name = \"tags\" }]\n\n[translations]\nhello = \"Hello\"\n\n[languages.fr]\ntitle = \"Zf\"\ngenerate_feeds = true\nbuild_search_index = true\ntaxonomies = [{ name = \"etiquettes\" }]\n[languages.fr.translations]\nhello = \"Bonjour\"\n\n[languages.ar]\ntitle = \"عربي\"\n[languages.ar.translations]\nhello = \"مرحبا\"\n",
    );
    site.file("content/docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n");
    site.file(
        "content/docs/_index.fr.md",
        "+++\ntitle = \"Documents\"\n+++\n",
    );
    site.file(
        "content/docs/a.md",
        "+++\ntitle = \"English\"\n[taxonomies]\ntags = [\"x\"]\n+++\n",
    );
    site.file(
        "content/docs/a.fr.md",
        "+++\ntitle = \"Français\"\ndate = 2024-01-02\n[taxonomies]\netiquettes = [\"y\"]\n+++\nUn mot rare: zéphyrin.\n",
    );
    site.file(
        "content/docs/only.fr.md",
        "+++\ntitle = \"Seul\"\npath = \"seul\"\n+++\n",
    );
    site.file("content/b.ar.md", "+++\ntitle = \"ب\"\n+++\n");
    site.file("content/v1.2.md", "+++\ntitle = \"A dotted name\"\n+++\n");
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"{{ lang }}\"><head><title>{{ page.title }}</title></head><body><p id=\"t\">{{ trans(key='hello', lang=lang) }} {{ page.lang }}</p>{% set tx = get_taxonomy(kind='etiquettes', lang='fr') %}<p id=\"x\">{{ tx.items[0].permalink }}</p><ul>{% for t in page.translations %}<li>{{ t.lang }} {{ t.title }} {{ t.permalink }} {{ t.path }}</li>{% endfor %}</ul></body></html>",
    );
    site.build(&[]).success();
    let en = site.read("public/docs/a/index.html");
    let fr = site.read("public/fr/docs/a/index.html");
    assert_contains(&en, "<html lang=\"en\">");
    assert_contains(&en, "<p id=\"t\">Hello en</p>");
    assert_contains(&fr, "<html lang=\"fr\">");
    assert_contains(&fr, "<p id=\"t\">Bonjour fr</p>");
    // Zola's `get_taxonomy(kind, lang)` finds that language's taxonomy.
    assert_contains(&en, "<p id=\"x\">https://example.com/fr/etiquettes/y/</p>");
    for page in [&en, &fr] {
        assert_contains(
            page,
            "<li>en English https://example.com/docs/a/ docs/a.md</li><li>fr Français https://example.com/fr/docs/a/ docs/a.fr.md</li>",
        );
    }
    // Homes, sections and taxonomies per language.
    assert!(site.exists("public/fr/index.html"));
    assert!(site.exists("public/fr/docs/index.html"));
    assert!(site.exists("public/ar/index.html"));
    assert!(site.exists("public/tags/x/index.html"));
    assert!(site.exists("public/fr/etiquettes/y/index.html"));
    assert!(!site.exists("public/tags/y/index.html"));
    assert!(site.exists("public/seul/index.html"));
    // A dot that names no language is part of the name.
    assert_contains(&site.read("public/v1-2/index.html"), "A dotted name");
    // The default theme: `hreflang` links, a switcher, the language's home and title,
    // and `dir="rtl"` for a right-to-left language.
    site.remove("templates/page.html");
    site.build(&[]).success();
    let fr = site.read("public/fr/docs/a/index.html");
    assert_contains(
        &fr,
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/docs/a/\">",
    );
    assert_contains(
        &fr,
        "<a href=\"/docs/a/\" hreflang=\"en\" lang=\"en\">EN</a>",
    );
    assert_contains(&fr, "<title>Français · Zf</title>");
    assert_contains(&fr, "href=\"/fr/\"");
    assert_contains(
        &site.read("public/ar/b/index.html"),
        "<html lang=\"ar\" dir=\"rtl\">",
    );
    // A feed and a search index per language that asks for them (Zola's
    // `generate_feeds` and `build_search_index` in `[languages.fr]`), linked from its
    // pages; the default language's feed and index hold only its own pages.
    let feed = site.read("public/fr/atom.xml");
    assert_contains(&feed, "<title>Français</title>");
    assert_contains(&fr, "href=\"/fr/atom.xml\"");
    assert_contains(&fr, "data-index=\"fr/search/\"");
    let index = |dir: &str| -> String {
        std::fs::read_dir(site.path(dir))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect()
    };
    assert_contains(&index("public/fr/search/t"), "zéphyrin");
    assert_not_contains(&index("public/search/t"), "zéphyrin");
    assert!(!site.exists("public/ar/search"));
    site.run(&["check"]).success();
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

#[test]
fn folder_names_are_kept_and_file_names_slugified_as_in_zola() {
    // Zola keeps each folder of a page's path as written (its test site has
    // `applying_page_template/`) and slugifies the file name, or a bundle's folder name.
    let site = site();
    site.file("content/applying_page_template/_index.md", "+++\n+++\n");
    site.file(
        "content/applying_page_template/Another Page.md",
        "+++\ntitle = \"A\"\n+++\n[home](@/_index.md)\n",
    );
    site.file("content/My Notes/_index.md", "+++\n+++\n");
    site.file(
        "content/My Notes/Über Bundle/index.md",
        "+++\ntitle = \"B\"\n+++\n[a](@/applying_page_template/Another Page.md)\n",
    );
    site.build(&[]).success();
    assert!(site.exists("public/applying_page_template/another-page/index.html"));
    assert!(site.exists("public/My Notes/index.html"));
    let bundle = site.read("public/My Notes/uber-bundle/index.html");
    assert_contains(&bundle, "href=\"/applying_page_template/another-page/\"");
    // A folder name a URL cannot hold as written is percent-encoded in links.
    let notes = site.read("public/My Notes/index.html");
    assert_contains(&notes, "href=\"/My%20Notes/uber-bundle/\"");
    site.run(&["check"]).success();
}

#[test]
fn slugify_strategies_follow_zolas_on_safe_and_off() {
    // Zola's `[slugify]`: `paths` for file names and `slug`, `taxonomies` for terms,
    // `anchors` for heading ids; `safe` keeps the text less `<>:"/\|?*`, `off` keeps it.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\ntaxonomies = [{ name = \"tags\" }]\n[slugify]\npaths = \"safe\"\ntaxonomies = \"off\"\nanchors = \"safe\"\n",
    );
    site.file(
        "content/Über Page?.md",
        "+++\ntitle = \"U\"\n[taxonomies]\ntags = [\"Rust Lang\"]\n+++\n## Key Figures (2023)\n",
    );
    site.build(&[]).success();
    let page = site.read("public/Über Page/index.html");
    assert_contains(&page, "id=\"Key_Figures_(2023)\"");
    assert!(site.exists("public/tags/Rust Lang/index.html"));
    assert_contains(&page, "href=\"/tags/Rust%20Lang/\"");
    // On (the default) slugifies all three.
    site.file(
        "config.toml",
        "title = \"Z\"\ntaxonomies = [{ name = \"tags\" }]\n",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/uber-page/index.html"),
        "id=\"key-figures-2023\"",
    );
    assert!(site.exists("public/tags/rust-lang/index.html"));
}

#[test]
fn paths_keep_dates_keeps_the_date_in_the_url() {
    // Zola's `slugify.paths_keep_dates`.
    let site = site();
    site.file("content/2024-03-05-launch.md", "+++\ntitle = \"L\"\n+++\n");
    site.build(&[]).success();
    assert!(site.exists("public/launch/index.html"));
    site.file(
        "config.toml",
        "title = \"Z\"\n[slugify]\npaths_keep_dates = true\n",
    );
    site.build(&[]).success();
    assert!(site.exists("public/2024-03-05-launch/index.html"));
}

#[test]
fn an_unslugified_name_that_would_leave_the_output_is_an_error() {
    // With `off`, a term or file name is used as written, so `..` is refused with its file.
    let site = site();
    site.file(
        "config.toml",
        "title = \"Z\"\ntaxonomies = [{ name = \"tags\" }]\n[slugify]\npaths = \"off\"\ntaxonomies = \"off\"\n",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"..\"]\n+++\n",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["content/a.md", "`..`", "would leave"]);
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file("content/tab\there.md", "+++\ntitle = \"B\"\n+++\n");
    site.build(&[])
        .failure()
        .stderr_has(&["content/tab\there.md", "control character"]);
    assert!(!site.exists("public"));
}

#[test]
fn a_transparent_section_passes_its_pages_to_its_parent() {
    // Zola's `transparent = true`: the parent's `section.pages` holds the pages of its
    // transparent subsections (on up while those are transparent), and the parent's
    // order decides `lower`/`higher`; the transparent section keeps its own list.
    let site = site();
    site.file(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\nsort_by = \"date\"\n+++\n",
    );
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n",
    );
    site.file(
        "content/posts/2023/_index.md",
        "+++\ntitle = \"2023\"\ntransparent = true\nsort_by = \"date\"\n+++\n",
    );
    site.file(
        "content/posts/2023/b.md",
        "+++\ntitle = \"B\"\ndate = 2023-06-01\n+++\n",
    );
    site.file(
        "content/posts/2023/q4/_index.md",
        "+++\ntitle = \"Q4\"\ntransparent = true\n+++\n",
    );
    site.file(
        "content/posts/2023/q4/c.md",
        "+++\ntitle = \"C\"\ndate = 2023-11-01\n+++\n",
    );
    site.file(
        "templates/section.html",
        "<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>",
    );
    site.file(
        "templates/page.html",
        "<p>{% if page.lower %}lower={{ page.lower.title }}{% endif %} {% if page.higher %}higher={{ page.higher.title }}{% endif %}</p>",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/posts/index.html"),
        "<ul><li>A</li><li>C</li><li>B</li></ul>",
    );
    assert_contains(
        &site.read("public/posts/2023/index.html"),
        "<ul><li>C</li><li>B</li></ul>",
    );
    // Neighbours come from `posts`, sorted by date: A (2024), C, B (2023).
    assert_contains(
        &site.read("public/posts/2023/q4/c/index.html"),
        "<p>lower=B higher=A</p>",
    );
    // Without `transparent`, `posts` lists only its own page.
    site.file(
        "content/posts/2023/_index.md",
        "+++\ntitle = \"2023\"\n+++\n",
    );
    site.build(&[]).success();
    assert_contains(&site.read("public/posts/index.html"), "<ul><li>A</li></ul>");
}

#[test]
fn get_url_gives_absolute_urls_like_zola() {
    // Zola's `get_url` returns the permalink: `base_url` with its host. With
    // `relative_urls = true` folio still makes it relative, and `folio check`
    // follows it as a link inside the site.
    let site = site();
    site.file("static/css/a.css", "a{}");
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>t</title><link rel=\"stylesheet\" href=\"{{ get_url(path='css/a.css') }}\"><link rel=\"canonical\" href=\"{{ page.permalink }}\"></head><body><a href=\"{{ get_url(path='@/a.md') }}\">self</a> <a href=\"{{ get_url(path='tags', trailing_slash=true) }}\">t</a> <a href=\"{{ get_url(path='css/a.css', absolute=false) }}\">r</a></body></html>",
    );
    site.build(&[]).success();
    let page = site.read("public/a/index.html");
    assert_contains(&page, "href=\"https://example.com/css/a.css\"");
    assert_contains(&page, "href=\"https://example.com/a/\">self");
    assert_contains(&page, "href=\"https://example.com/tags/\">t");
    assert_contains(&page, "href=\"/css/a.css\">r");
    // `folio check` reads absolute links to the site as internal ones.
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><a href=\"{{ get_url(path='css/missing.css') }}\">m</a></body></html>",
    );
    site.run(&["check"])
        .failure()
        .stderr_has(&["broken link `https://example.com/css/missing.css`"]);
    // `relative_urls` rewrites them, but the canonical link keeps the host.
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\nrelative_urls = true\n",
    );
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>t</title><link rel=\"stylesheet\" href=\"{{ get_url(path='css/a.css') }}\"><link rel=\"canonical\" href=\"{{ page.permalink }}\"></head><body></body></html>",
    );
    site.build(&[]).success();
    let page = site.read("public/a/index.html");
    assert_contains(&page, "href=\"../css/a.css\"");
    assert_contains(
        &page,
        "<link rel=\"canonical\" href=\"https://example.com/a/\">",
    );
}

#[test]
fn a_site_sitemap_and_atom_template_are_used() {
    // Zola renders `sitemap.xml` from `entries` (`permalink`, `updated`) and each feed
    // from `atom.xml` with `feed_url`, `last_updated`, `lang`, `pages` and the
    // `section` or `term`, when the site has those templates.
    let site = site();
    site.file("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n");
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"A & B\"\ndate = 2024-05-06\n+++\nBody *text*.\n",
    );
    site.file(
        "templates/sitemap.xml",
        "<urls>{% for e in entries %}<u{% if e.updated %} at=\"{{ e.updated }}\"{% endif %}>{{ e.permalink }}</u>{% endfor %}</urls>",
    );
    site.file(
        "templates/atom.xml",
        "<feed lang=\"{{ lang }}\" self=\"{{ feed_url }}\" updated=\"{{ last_updated }}\" for=\"{% if section %}{{ section.title }}{% else %}site{% endif %}\">{% for page in pages %}<e>{{ page.title }}|{{ page.permalink }}|{{ page.content }}</e>{% endfor %}</feed>",
    );
    site.build(&[]).success();
    let sitemap = site.read("public/sitemap.xml");
    assert_contains(
        &sitemap,
        "<u at=\"2024-05-06\">https://example.com/posts/a/</u>",
    );
    assert_contains(&sitemap, "<u>https://example.com/posts/</u>");
    let feed = site.read("public/posts/atom.xml");
    assert_contains(
        &feed,
        "<feed lang=\"en\" self=\"https://example.com/posts/atom.xml\" updated=\"2024-05-06\" for=\"Posts\">",
    );
    assert_contains(
        &feed,
        "<e>A &amp; B|https://example.com/posts/a/|<p>Body <em>text</em>.</p>",
    );
    assert_contains(&site.read("public/atom.xml"), "for=\"site\"");
    // An error in the template names it, and the last good output stays.
    site.file("templates/atom.xml", "{{ nope( }}");
    site.build(&[]).failure().stderr_has(&["atom.xml"]);
    assert_contains(&site.read("public/sitemap.xml"), "<urls>");
}

#[test]
fn a_site_anchor_link_template_makes_the_heading_self_links() {
    // Zola's `anchor-link.html` gets `id`, `level` and `lang`; with
    // `insert_anchor_links = "heading"` its opening `<a>` wraps the heading.
    let site = site();
    site.file(
        "templates/anchor-link.html",
        "<a class=\"zl\" href=\"#{{ id }}\" data-level=\"{{ level }}\" lang=\"{{ lang }}\">§</a>",
    );
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n## First part\n");
    site.file(
        "content/b/_index.md",
        "+++\ntitle = \"B\"\ninsert_anchor_links = \"heading\"\n+++\n",
    );
    site.file("content/b/c.md", "+++\ntitle = \"C\"\n+++\n### Deep\n");
    site.build(&[]).success();
    assert_contains(
        &site.read("public/a/index.html"),
        "<h2 id=\"first-part\">First part<a class=\"zl\" href=\"#first-part\" data-level=\"2\" lang=\"en\">§</a></h2>",
    );
    assert_contains(
        &site.read("public/b/c/index.html"),
        "<h3 id=\"deep\"><a class=\"zl\" href=\"#deep\" data-level=\"3\" lang=\"en\">Deep</a></h3>",
    );
}

#[test]
fn tera_1_constructs_say_what_to_write_in_tera_2() {
    // Zola's themes use Tera 1: macros, and tests with positional arguments. folio
    // does not emulate them; each error names the file and line and the Tera 2 way.
    let site = site();
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file(
        "templates/page.html",
        "<p>\n{% import \"macros.html\" as m %}\n</p>",
    );
    site.build(&[]).failure().stderr_has(&[
        "templates/page.html",
        "page.html:2:",
        "help: Tera 2 has no macros",
        "{% component name(arg) %}",
    ]);
    site.file(
        "templates/page.html",
        "{% if page.title is starting_with(\"A\") %}x{% endif %}",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["help: Tera 2's tests take named arguments"]);
    site.file("templates/page.html", "{{ page.title | as_str }}");
    site.build(&[])
        .failure()
        .stderr_has(&["`as_str` is a Tera 1 filter; in Tera 2 write `str`"]);
}

#[test]
fn page_render_false_section_draft_and_section_aliases() {
    // Zola's page `render = false` (not written, in no listing, still found by
    // `get_page`), section `draft = true` (the folder is left out unless drafts are
    // built) and section `aliases` (old URLs redirect to the section).
    let site = site();
    site.file(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\naliases = [\"/old-posts/\"]\n+++\n",
    );
    site.file(
        "content/posts/hidden.md",
        "+++\ntitle = \"Hidden\"\nrender = false\n+++\n",
    );
    site.file("content/posts/shown.md", "+++\ntitle = \"Shown\"\n+++\n");
    site.file(
        "content/secret/_index.md",
        "+++\ntitle = \"Secret\"\ndraft = true\n+++\n",
    );
    site.file("content/secret/page.md", "+++\ntitle = \"S\"\n+++\n");
    site.file(
        "templates/section.html",
        "<ul>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>{% set h = get_page(path='posts/hidden.md') %}<p>{{ h.title }}</p>",
    );
    site.build(&[]).success();
    assert!(!site.exists("public/posts/hidden/index.html"));
    assert_contains(
        &site.read("public/posts/index.html"),
        "<ul><li>Shown</li></ul><p>Hidden</p>",
    );
    assert_not_contains(&site.read("public/sitemap.xml"), "hidden");
    assert!(!site.exists("public/secret/index.html"));
    assert!(!site.exists("public/secret/page/index.html"));
    assert_contains(&site.read("public/old-posts/index.html"), "url=/posts/");
    site.build(&["--drafts"]).success();
    assert!(site.exists("public/secret/page/index.html"));
}

#[test]
fn a_section_without_a_page_is_never_linked_to() {
    // Zola's `render = false` section has no page: the sidebar, breadcrumbs, section
    // cards and previous/next links show it without linking to it (found by building
    // Zola's own test site, whose `posts/2018/` is such a section).
    let site = site();
    site.file("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n");
    site.file(
        "content/posts/2018/_index.md",
        "+++\ntitle = \"Year 2018\"\ntransparent = true\nrender = false\n+++\n",
    );
    site.file("content/posts/2018/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file("content/posts/b.md", "+++\ntitle = \"B\"\n+++\n");
    site.build(&[]).success();
    for file in [
        "public/posts/index.html",
        "public/posts/2018/a/index.html",
        "public/posts/b/index.html",
    ] {
        assert_not_contains(&site.read(file), "href=\"/posts/2018/\"");
    }
    assert_contains(&site.read("public/posts/2018/a/index.html"), "Year 2018");
    site.run(&["check"]).success();
}

#[test]
fn a_section_that_asks_for_pagination_redirects_its_first_pager() {
    // Zola writes `<section>/page/1/` (a redirect to the section) for every section
    // whose front matter sets `paginate_by`, even one with a single listing page;
    // found by comparing folio's build of Zola's test site with Zola's.
    let site = site();
    site.file(
        "content/few/_index.md",
        "+++\ntitle = \"Few\"\npaginate_by = 10\n+++\n",
    );
    site.file("content/few/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.file("content/plain/_index.md", "+++\ntitle = \"Plain\"\n+++\n");
    site.build(&[]).success();
    assert_contains(&site.read("public/few/page/1/index.html"), "url=/few/");
    assert!(!site.exists("public/plain/page/1/index.html"));
}
