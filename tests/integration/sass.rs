//! Zola's `compile_sass`, through the real binary on `tests/fixtures/sass`: which files
//! compile and where to, partials, the indented syntax, the theme's `sass/`, clashes,
//! cache busting, and errors that keep the last good output. Edits under `sass/` in
//! `serve` and `watch` are tested in `incremental.rs` and `serve.rs`.

use std::path::Path;

use folio::render::functions::short_hash;

use crate::util::{Site, assert_contains, assert_not_contains, assert_same_tree, snapshot};

fn site() -> Site {
    Site::fixture("sass")
}

/// A copy of the embedded default theme as `themes/folio/`, for a theme's `sass/`.
fn with_theme(site: &Site) {
    crate::util::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/folio"),
        &site.path("themes/folio"),
    );
    let config = site.read("config.toml");
    site.file("config.toml", &format!("theme = \"folio\"\n{config}"));
}

#[test]
fn each_stylesheet_compiles_to_css_at_its_path() {
    // Zola: `sass/a/b.scss` → `/a/b.css`, `.sass` files use the indented syntax, files
    // and folders starting with `_` are partials, imported relative to the importing
    // file or to `sass/`, and the CSS is compressed.
    let site = site();
    site.build(&[]).success();
    assert_eq!(
        site.read("public/main.css"),
        ".card{padding:8px;color:#123456}body{color:#123456}body nav{margin:4px}"
    );
    assert_eq!(
        site.read("public/docs/print.css"),
        ".local{display:none}.print{width:100%}"
    );
    for partial in [
        "public/_vars.css",
        "public/vars.css",
        "public/parts/_card.css",
        "public/parts/card.css",
        "public/docs/_local.css",
        "public/_drafts",
        "public/drafts",
    ] {
        assert!(!site.exists(partial), "{partial} was written");
    }
}

#[test]
fn a_static_file_wins_over_a_compiled_stylesheet() {
    // Zola copies `static/` after compiling Sass, so `static/clash.css` is what the
    // site serves for `sass/clash.scss`.
    let site = site();
    site.build(&[]).success();
    assert_eq!(
        site.read("public/clash.css"),
        "/* the static file wins, as in Zola */\n"
    );
}

#[test]
fn get_url_cache_busts_a_compiled_stylesheet() {
    // Zola: `get_url(path="main.css", cachebust=true)` hashes the compiled CSS.
    let site = site();
    site.build(&[]).success();
    let hash = short_hash(site.read("public/main.css").as_bytes());
    assert_contains(
        &site.read("public/styled/index.html"),
        &format!("href=\"https://example.com/main.css?h={hash}\""),
    );
}

#[test]
fn without_compile_sass_the_sass_folder_is_left_alone() {
    // Zola compiles the site's `sass/` only with `compile_sass = true`.
    let site = site();
    site.file(
        "config.toml",
        &site
            .read("config.toml")
            .replace("compile_sass = true", "compile_sass = false"),
    );
    site.file(
        "templates/styled.html",
        "{% extends \"page.html\" %}{% block main %}{% endblock main %}",
    );
    let run = site.build(&[]).success();
    assert!(!site.exists("public/main.css"));
    assert_not_contains(&run.stderr, "compile_sass");
}

#[test]
fn a_sass_error_names_the_file_and_keeps_the_last_output() {
    // An error in a partial names the partial, its line and column, and the stylesheet
    // being compiled; the build fails and the previous output stays as it was.
    let site = site();
    site.build(&[]).success();
    let before = snapshot(&site.path("public"));
    site.file(
        "sass/parts/_card.scss",
        "@use \"vars\";\n\n.card {\n  padding: vars.$gap + 1em;\n}\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "1 problem in Sass:",
        "sass/parts/_card.scss:4:22: 4px and 1em have incompatible units (compiling `sass/main.scss`)",
        "4 │   padding: vars.$gap + 1em;",
    ]);
    assert_same_tree(
        "public/ after a Sass error",
        &before,
        &snapshot(&site.path("public")),
    );
    site.file("sass/docs/print.sass", ".print\n  width: $missing\n");
    site.build(&[]).failure().stderr_has(&[
        "2 problems in Sass:",
        "sass/docs/print.sass:2:10: Undefined variable",
    ]);
}

#[test]
fn a_scss_and_a_sass_file_of_one_name_are_an_error() {
    // Zola: `same_name.scss` and `same_name.sass` in one folder are an error.
    let site = site();
    site.file("sass/docs/print.scss", ".print { width: 50%; }\n");
    site.build(&[]).failure().stderr_has(&[
        "sass/docs/print.scss: `sass/docs/print.sass` and this file both compile to `docs/print.css`",
    ]);
}

#[test]
fn a_stylesheet_that_takes_a_generated_file_s_path_is_an_error() {
    // folio writes `highlight.css` itself; a stylesheet compiling to it is named.
    let site = site();
    site.file("sass/highlight.scss", "a { b: c; }\n");
    site.build(&[]).failure().stderr_has(&[
        "sass/highlight.scss: this stylesheet compiles to `highlight.css`, which folio also generates",
    ]);
}

#[test]
fn the_theme_s_sass_compiles_and_the_site_s_wins() {
    // Zola compiles a theme's `sass/` always, then the site's, whose files replace the
    // theme's of the same path. The site's stylesheets may use the theme's partials.
    let site = site();
    with_theme(&site);
    site.file("themes/folio/sass/_theme-vars.scss", "$accent: #abcdef;\n");
    site.file(
        "themes/folio/sass/theme.scss",
        "@use \"theme-vars\";\n.theme { color: theme-vars.$accent; }\n",
    );
    site.file("themes/folio/sass/main.scss", ".from-theme { a: b; }\n");
    site.file(
        "sass/uses-theme.scss",
        "@use \"theme-vars\";\n.site { color: theme-vars.$accent; }\n",
    );
    site.build(&[]).success();
    assert_eq!(site.read("public/theme.css"), ".theme{color:#abcdef}");
    assert_eq!(site.read("public/uses-theme.css"), ".site{color:#abcdef}");
    assert_contains(&site.read("public/main.css"), ".card{");
    // Without `compile_sass`, only the theme's compile.
    site.file(
        "config.toml",
        &site
            .read("config.toml")
            .replace("compile_sass = true", "compile_sass = false"),
    );
    site.remove("templates/styled.html");
    site.remove("content/styled.md");
    site.build(&[]).success();
    assert_eq!(site.read("public/main.css"), ".from-theme{a:b}");
    assert!(!site.exists("public/uses-theme.css"));
}
