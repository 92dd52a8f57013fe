//! Coming from Zola: the template functions, filters and values of Zola 0.22 that a
//! Zola site's templates use (`get_taxonomy`, `get_taxonomy_term`, `get_hash`,
//! `get_env`, `base64_encode`, `num_format`, `date(locale)`, `page.assets`, …). Each
//! test names the Zola behaviour it copies.

use std::path::{Path, PathBuf};

use folio::config::Config;
use folio::markdown::Highlighter;
use folio::site::{BuildOptions, Site as Built};
use folio::watch::Rebuilder;

use crate::util::{Site, assert_contains, assert_not_contains};

/// A site with tags on three pages and `templates/page.html` set to `page`.
fn site(page: &str) -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\ntaxonomies = [{ name = \"tags\", feed = true }]\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\nweight = 1\n[taxonomies]\ntags = [\"Rust\", \"Web\"]\n+++\nA.\n",
    );
    site.file(
        "content/b.md",
        "+++\ntitle = \"B\"\nweight = 2\n[taxonomies]\ntags = [\"Rust\"]\n+++\nB.\n",
    );
    site.file("content/c.md", "+++\ntitle = \"C\"\nweight = 3\n+++\nC.\n");
    site.file("templates/page.html", page);
    site
}

#[test]
fn get_taxonomy_gives_zolas_fields() {
    // Zola's `get_taxonomy(kind)`: `{kind, lang, permalink, items}`, each term
    // `{name, slug, path, permalink, pages, page_count}`.
    let site = site(
        "{% set t = get_taxonomy(kind='tags') %}<p id=k>{{ t.kind.name }} {{ t.kind.feed }} {{ t.lang }} {{ t.permalink }}</p>\
         {% for term in t.items %}<p>{{ term.name }}|{{ term.slug }}|{{ term.path }}|{{ term.permalink }}|{{ term.page_count }}|{{ term.pages | map(attribute='title') | join(sep=',') }}</p>{% endfor %}\
         <p id=none>[{{ get_taxonomy(kind='nope', required=false) }}]</p>",
    );
    site.build(&[]).success();
    let html = site.read("public/c/index.html");
    assert_contains(&html, "<p id=k>tags true en https://example.com/tags/</p>");
    assert_contains(
        &html,
        "<p>Rust|rust|/tags/rust/|https://example.com/tags/rust/|2|A,B</p>",
    );
    assert_contains(
        &html,
        "<p>Web|web|/tags/web/|https://example.com/tags/web/|1|A</p>",
    );
    // Zola's `required = false`: nothing when the taxonomy is not there.
    assert_contains(&html, "<p id=none>[]</p>");
}

#[test]
fn get_taxonomy_term_finds_terms_by_slug() {
    // Zola's `get_taxonomy_term(kind, term, include_pages)`; found by slug like
    // `get_taxonomy_url`, so `rust` finds `Rust`.
    let site = site(
        "{% set t = get_taxonomy_term(kind='tags', term='rust') %}<p id=a>{{ t.name }} {{ t.page_count }} {{ t.pages | map(attribute='title') | join(sep=',') }}</p>\
         {% set t = get_taxonomy_term(kind='tags', term='Web', include_pages=false) %}<p id=b>{{ t.name }} {{ t.page_count }} [{{ t.pages | length }}]</p>\
         <p id=c>[{{ get_taxonomy_term(kind='tags', term='Go', required=false) }}]</p>",
    );
    site.build(&[]).success();
    let html = site.read("public/a/index.html");
    assert_contains(&html, "<p id=a>Rust 2 A,B</p>");
    assert_contains(&html, "<p id=b>Web 1 [0]</p>");
    assert_contains(&html, "<p id=c>[]</p>");
}

#[test]
fn a_missing_taxonomy_or_term_is_an_error_at_the_template_line() {
    // Zola: "`get_taxonomy` received an unknown taxonomy as kind", unless `required = false`.
    let site = site("<p>\n{{ get_taxonomy(kind='tag') }}</p>");
    site.build(&[]).failure().stderr_has(&[
        "page.html:2",
        "unknown taxonomy `tag`; did you mean `tags`?",
    ]);
    site.file(
        "templates/page.html",
        "<p>\n\n{{ get_taxonomy_term(kind='tags', term='Go') }}</p>",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["page.html:3", "no term `Go` in taxonomy `tags`"]);
    // A language without that taxonomy: each language declares its own.
    site.file(
        "templates/page.html",
        "{{ get_taxonomy(kind='tags', lang='fr') }}",
    );
    site.build(&[]).failure().stderr_has(&[
        "no taxonomy `tags` in language `fr`: declare it in `[languages.fr] taxonomies`",
    ]);
}

#[test]
fn get_hash_hashes_literals_and_files_as_zola() {
    // Zola's `get_hash(literal | path, sha_type = 384, base64 = true)`, with the
    // digests of Zola's own tests; files are searched in the site, `static/`, `content/`.
    let site = site(
        "<p id=a>{{ get_hash(literal='Hello World', sha_type=256) }}</p>\
         <p id=b>{{ get_hash(literal='Hello World', sha_type=256, base64=false) }}</p>\
         <p id=c>{{ get_hash(path='js/app.js') }}</p>\
         <p id=d>{{ get_hash(path='static/js/app.js') }}</p>\
         <p id=e>{{ get_hash(literal='x', sha_type=512, base64=false) | truncate(length=20, end='') }}</p>",
    );
    site.file("static/js/app.js", "console.log(1);\n");
    site.build(&[]).success();
    let html = site.read("public/a/index.html");
    assert_contains(
        &html,
        "<p id=a>pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4=</p>",
    );
    assert_contains(
        &html,
        "<p id=b>a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e</p>",
    );
    let sha384 = "05ppHfj5uUjTrkhigMzhTN1E3gbaEYzbkhXj9PeB826jenLRpBDHbtzVoINFRCvL";
    assert_contains(&html, &format!("<p id=c>{sha384}</p>"));
    assert_contains(&html, &format!("<p id=d>{sha384}</p>"));
    assert_contains(&html, "<p id=e>a4abd4448c49562d8281</p>");
}

#[test]
fn get_hash_errors_name_the_template_line() {
    // Zola: "`get_hash`: Invalid sha value", "Cannot find file", and one of `path` or
    // `literal`.
    let site = site("\n{{ get_hash(literal='a', sha_type=128) }}");
    site.build(&[])
        .failure()
        .stderr_has(&["page.html:2", "must be 256, 384 or 512, not 128"]);
    site.file(
        "templates/page.html",
        "\n\n{{ get_hash(path='nowhere.js') }}",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["page.html:3", "cannot find `nowhere.js`"]);
    site.file("templates/page.html", "{{ get_hash() }}");
    site.build(&[])
        .failure()
        .stderr_has(&["`path` (a file) or a `literal`"]);
    site.file("templates/page.html", "{{ get_hash(path='../x') }}");
    site.file("../x", "secret");
    site.build(&[])
        .failure()
        .stderr_has(&["outside the site folder"]);
}

#[test]
fn get_env_reads_the_environment_with_a_default() {
    // Tera 1's `get_env(name, default)`, which Zola templates use.
    let site = site(
        "<p id=a>{{ get_env(name='FOLIO_TEST_ENV') }}</p><p id=b>{{ get_env(name='FOLIO_TEST_UNSET', default='none') }}</p>",
    );
    let mut cmd = site.command(&["build"]);
    cmd.env("FOLIO_TEST_ENV", "from-env")
        .env_remove("FOLIO_TEST_UNSET");
    let out = cmd.output().expect("folio runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = site.read("public/a/index.html");
    assert_contains(&html, "<p id=a>from-env</p>");
    assert_contains(&html, "<p id=b>none</p>");
    site.file(
        "templates/page.html",
        "\n{{ get_env(name='FOLIO_TEST_UNSET') }}",
    );
    let mut cmd = site.command(&["build"]);
    cmd.env_remove("FOLIO_TEST_UNSET");
    let out = cmd.output().expect("folio runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_contains(&stderr, "page.html");
    assert_contains(&stderr, "`FOLIO_TEST_UNSET` is not set");
}

#[test]
fn base64_and_num_format_filters_work_as_in_zola() {
    // Zola's `base64_encode`/`base64_decode` and `num_format(locale)` (default: the
    // site's `default_language`), with the values of Zola's filter tests.
    let site = site(
        "<p id=a>{{ 'Hello World' | base64_encode }} {{ 'SGVsbG8gV29ybGQ=' | base64_decode }}</p>\
         <p id=b>{{ 1000000 | num_format }} {{ 1000000 | num_format(locale='en-IN') }} {{ 1000000 | num_format(locale='fr') }}</p>",
    );
    site.build(&[]).success();
    let html = site.read("public/a/index.html");
    assert_contains(&html, "<p id=a>SGVsbG8gV29ybGQ= Hello World</p>");
    assert_contains(
        &html,
        "<p id=b>1,000,000 10,00,000 1\u{202f}000\u{202f}000</p>",
    );
    site.file("templates/page.html", "\n{{ 'a!' | base64_decode }}");
    site.build(&[])
        .failure()
        .stderr_has(&["page.html:2", "base64_decode: not base64"]);
    site.file("templates/page.html", "{{ 1 | num_format(locale='xx') }}");
    site.build(&[])
        .failure()
        .stderr_has(&["num_format: unknown locale `xx`"]);
}

#[test]
fn date_with_a_locale_writes_its_names() {
    // Zola's `date(format, locale)` (chrono's localized formatting): month and day
    // names of the locale; an unknown locale is an error.
    let site = site("");
    site.file(
        "templates/dated.html",
        "<p id=a>{{ page.date | date(format='%A %d %B %Y', locale='fr_FR') }}</p>\
         <p id=b>{{ page.date | date(format='%d %b', locale='de_DE') }}</p>\
         <p id=c>{{ page.date | date(format='%B') }}</p>",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-03-05\ntemplate = \"dated.html\"\n+++\nA.\n",
    );
    site.build(&[]).success();
    let html = site.read("public/a/index.html");
    assert_contains(&html, "<p id=a>mardi 05 mars 2024</p>");
    assert_contains(&html, "<p id=b>05 Mär</p>");
    assert_contains(&html, "<p id=c>March</p>");
    site.file(
        "templates/dated.html",
        "\n{{ '2024-03-05' | date(format='%B', locale='fr') }}",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["dated.html:2", "unknown locale `fr`"]);
}

/// A site whose bundle `blog/with_assets/index.md` holds files, one in a sub-folder.
fn bundle_site() -> Site {
    let site = site("");
    site.file("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    site.file("content/blog/banner.png", "png");
    site.file(
        "content/blog/with_assets/index.md",
        "+++\ntitle = \"Gallery\"\n+++\n{{ gallery() }}\n",
    );
    site.file("content/blog/with_assets/b.jpg", "jpg");
    site.file("content/blog/with_assets/A.jpg", "jpg");
    site.file("content/blog/with_assets/more/c.txt", "txt");
    site
}

#[test]
fn page_and_section_assets_are_listed_as_in_zola() {
    // Zola's `serialize_assets`: a page's files (sub-folders too), each as `/` and its
    // path in `content/`, sorted regardless of case; `colocated_path` is the bundle's
    // folder; a section's files are its path and the file name.
    let site = bundle_site();
    site.file(
        "templates/page.html",
        "<p id=a>{{ page.assets | join(sep=',') }}</p><p id=c>[{{ page.colocated_path }}]</p>{{ page.content | safe }}",
    );
    site.file(
        "templates/section.html",
        "<p id=s>{{ section.assets | join(sep=',') }}</p>",
    );
    site.file(
        "templates/shortcodes/gallery.html",
        "<ul>{% for asset in page.assets %}<li>{{ asset }} {{ nth }} {{ lang }}</li>{% endfor %}</ul><p id=g>{{ page.colocated_path }}</p>",
    );
    site.build(&[]).success();
    let html = site.read("public/blog/with-assets/index.html");
    assert_contains(
        &html,
        "<p id=a>/blog/with_assets/A.jpg,/blog/with_assets/b.jpg,/blog/with_assets/more/c.txt</p>",
    );
    assert_contains(&html, "<p id=c>[blog/with_assets/]</p>");
    // Zola's docs gallery: a shortcode loops over `page.assets`.
    assert_contains(&html, "<li>/blog/with_assets/A.jpg 1 en</li>");
    assert_contains(&html, "<p id=g>blog/with_assets/</p>");
    assert_contains(
        &site.read("public/blog/index.html"),
        "<p id=s>/blog/banner.png</p>",
    );
    // A page that is not a bundle has neither.
    let plain = site.read("public/a/index.html");
    assert_contains(&plain, "<p id=a></p><p id=c>[]</p>");
    assert_not_contains(&plain, "banner");
}

fn rebuilder(root: &Path) -> Rebuilder {
    Rebuilder::new(
        root,
        &root.join("config.toml"),
        None,
        BuildOptions::default(),
        false,
    )
    .expect("the site builds")
}

/// Writes `text` to `rel`, applies the change as `serve` does, checks the site in
/// memory equals a clean build, and returns the output at `out`.
fn edit(r: &mut Rebuilder, rel: &str, text: &str, out: &str) -> String {
    let path: PathBuf = r.root.join(rel);
    std::fs::write(&path, text).unwrap();
    let outcome = r.apply(&[path]).expect("the edit is seen");
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    r.finish_search();
    let config = Config::load_file(&r.root.join("config.toml")).unwrap();
    let highlighter = Highlighter::new(
        &config.markdown.highlight_theme_light,
        &config.markdown.highlight_theme_dark,
    );
    let clean = Built::build(&r.root, &config, &r.options, &highlighter, None).unwrap();
    for (path, bytes) in &clean.files {
        assert!(
            r.site.files.get(path) == Some(bytes),
            "`{path}` differs from a clean build after editing `{rel}`"
        );
    }
    String::from_utf8_lossy(&r.site.files[out]).into_owned()
}

#[test]
fn serve_follows_what_the_new_functions_read() {
    // What `get_hash`, `get_taxonomy` and `get_taxonomy_term` read is recorded, so an
    // edit renders their readers again (Zola rebuilds the whole site instead).
    let site = site(
        "<p id=h>{{ get_hash(path='js/app.js', sha_type=256, base64=false) }}</p>\
         {% set t = get_taxonomy(kind='tags') %}<p id=t>{{ t.items[0].pages | map(attribute='title') | join(sep=',') }}</p>\
         {% set r = get_taxonomy_term(kind='tags', term='Rust') %}<p id=r>{{ r.pages | map(attribute='title') | join(sep=',') }}</p>{{ page.content | safe }}",
    );
    site.file("static/js/app.js", "1");
    site.file(
        "templates/shortcodes/tagged.html",
        "{% set r = get_taxonomy_term(kind='tags', term='Rust') %}<b>{{ r.pages | map(attribute='title') | join(sep=',') }}</b>",
    );
    site.file(
        "content/c.md",
        "+++\ntitle = \"C\"\nweight = 3\n+++\n{{ tagged() }}\n",
    );
    site.file(
        "content/d.md",
        "+++\ntitle = \"D\"\nweight = 4\n+++\n{{ tagged() }}\n",
    );
    let mut r = rebuilder(site.root());
    let html = edit(&mut r, "static/js/app.js", "2", "c/index.html");
    // SHA-256 of "2".
    assert_contains(
        &html,
        "<p id=h>d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35</p>",
    );
    let html = edit(
        &mut r,
        "content/b.md",
        "+++\ntitle = \"Bee\"\nweight = 2\n[taxonomies]\ntags = [\"Rust\"]\n+++\nB.\n",
        "c/index.html",
    );
    assert_contains(&html, "<p id=t>A,Bee</p>");
    assert_contains(&html, "<p id=r>A,Bee</p>");
    assert_contains(&html, "<b>A,Bee</b>");
    // A page that joins the term: the Markdown of another page that lists the term's
    // pages shows it too.
    let html = edit(
        &mut r,
        "content/c.md",
        "+++\ntitle = \"C\"\nweight = 3\n[taxonomies]\ntags = [\"Rust\"]\n+++\n{{ tagged() }}\n",
        "d/index.html",
    );
    assert_contains(&html, "<p id=r>A,Bee,C</p>");
    assert_contains(&html, "<b>A,Bee,C</b>");
}

#[test]
fn serve_renders_a_component_reading_page_again_when_its_front_matter_changes() {
    // Zola's shortcodes see their page's front matter as `page`; an edit to it shows.
    let site = site("{{ page.content | safe }}");
    site.file("templates/shortcodes/title.html", "<b>{{ page.title }}</b>");
    site.file(
        "content/c.md",
        "+++\ntitle = \"C\"\nweight = 3\n+++\n{{ title() }}\n",
    );
    let mut r = rebuilder(site.root());
    let html = edit(
        &mut r,
        "content/c.md",
        "+++\ntitle = \"See\"\nweight = 3\n+++\n{{ title() }}\n",
        "c/index.html",
    );
    assert_contains(&html, "<b>See</b>");
}

#[test]
fn serve_renders_a_template_listing_a_term_s_pages_again_when_one_changes() {
    // `get_taxonomy_term` shows the pages' whole values, as Zola's does: a page's edit
    // renders the outputs that listed it, even when no Markdown reads it.
    let site = site(
        "{% set r = get_taxonomy_term(kind='tags', term='Rust') %}<p id=r>{{ r.pages | map(attribute='extra.n') | join(sep=',') }}</p>",
    );
    // `extra`, which no link to the page shows (the sidebar shows titles).
    let html = edit(
        &mut rebuilder(site.root()),
        "content/b.md",
        "+++\ntitle = \"B\"\nweight = 2\n[taxonomies]\ntags = [\"Rust\"]\n[extra]\nn = 7\n+++\nB.\n",
        "c/index.html",
    );
    assert_contains(&html, "<p id=r>,7</p>");
}
