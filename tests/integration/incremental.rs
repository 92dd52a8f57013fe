//! What an edit re-renders in `serve` and `watch`, in process: each update renders
//! exactly the outputs whose recorded reads changed, and ends equal to a clean build.

use std::path::{Path, PathBuf};

use folio::config::Config;
use folio::markdown::Highlighter;
use folio::site::{BuildOptions, Site};
use folio::watch::Rebuilder;

/// A copy of the `basic` fixture with a template of its own and a reader of pages.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    copy(&from, dir.path());
    let t = dir.path().join("templates");
    std::fs::create_dir_all(t.join("shortcodes")).unwrap();
    std::fs::create_dir_all(t.join("partials")).unwrap();
    std::fs::write(
        t.join("special.html"),
        "{% extends \"page.html\" %}{% block main %}{% include \"partials/aside.html\" %}<link href=\"{{ get_url(path='special.css', cachebust=true) }}\">{% set d = load_data(path='extra/numbers.json') %}{{ d.n }}{{ page.content | safe }}{% endblock main %}",
    )
    .unwrap();
    std::fs::write(t.join("partials/aside.html"), "<aside>Aside</aside>").unwrap();
    std::fs::write(
        t.join("shortcodes/see.html"),
        "{% set p = get_page(path=path) %}<a href=\"{{ p.url }}\">{{ p.title }}</a>",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/special.css"), "a{}").unwrap();
    std::fs::create_dir_all(dir.path().join("extra")).unwrap();
    std::fs::write(dir.path().join("extra/numbers.json"), "{\"n\": 1}").unwrap();
    let page_c = dir.path().join("content/guide/page-c.md");
    let text = std::fs::read_to_string(&page_c).unwrap();
    let text = text.replacen("+++\n", "+++\ntemplate = \"special.html\"\n", 1);
    std::fs::write(&page_c, text).unwrap();
    let page_a = dir.path().join("content/guide/page-a.md");
    let text = std::fs::read_to_string(&page_a).unwrap();
    std::fs::write(
        &page_a,
        format!("{text}\nRead {{{{ see(path=\"reference/api.md\") }}}} too.\n"),
    )
    .unwrap();
    dir
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
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

/// Applies an edit to `rel` and returns the number of files rendered, after checking
/// that the site in memory equals a clean build.
fn edit(r: &mut Rebuilder, rel: &str, change: impl FnOnce(String) -> String) -> usize {
    let path: PathBuf = r.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
    let outcome = settle(r, &[path], rel);
    match outcome.changed {
        Some(_) => r.site.last_rendered,
        None => usize::MAX,
    }
}

/// Applies the changes to `paths` and checks that the site in memory equals a clean
/// build (`what` names the edit in messages).
fn settle(r: &mut Rebuilder, paths: &[PathBuf], what: &str) -> folio::watch::Outcome {
    let outcome = r.apply(paths).expect("the edit is seen");
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    r.finish_search();
    let config = Config::load_file(&r.root.join("config.toml")).unwrap();
    let highlighter = Highlighter::new(
        &config.markdown.highlight_theme_light,
        &config.markdown.highlight_theme_dark,
    );
    let clean = Site::build(&r.root, &config, &r.options, &highlighter, None).unwrap();
    assert_eq!(
        r.site.files.keys().collect::<Vec<_>>(),
        clean.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &clean.files {
        assert!(
            r.site.files[path] == *bytes,
            "`{path}` differs from a clean build after {what}"
        );
    }
    outcome
}

#[test]
fn a_component_reads_pages_with_get_page_and_follows_their_edits() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let html = String::from_utf8_lossy(&r.site.files["guide/page-a/index.html"]).into_owned();
    assert!(
        html.contains("<a href=\"/reference/api/\">API</a>"),
        "{html}"
    );
    edit(&mut r, "content/reference/api.md", |t| {
        t.replacen("title = \"API\"", "title = \"The API\"", 1)
    });
    let html = String::from_utf8_lossy(&r.site.files["guide/page-a/index.html"]).into_owned();
    assert!(html.contains(">The API</a>"), "{html}");
}

#[test]
fn a_template_edit_renders_only_the_outputs_that_reached_it() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let rendered = edit(&mut r, "templates/partials/aside.html", |_| {
        "<aside>Changed</aside>".into()
    });
    assert_eq!(
        rendered, 1,
        "only the page whose template includes the partial"
    );
    assert!(String::from_utf8_lossy(&r.site.files["guide/page-c/index.html"]).contains("Changed"));
}

#[test]
fn a_cache_busted_static_file_renders_only_the_outputs_that_hash_it() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let rendered = edit(&mut r, "static/special.css", |_| "b{}".into());
    assert_eq!(
        rendered, 1,
        "only the page whose template cache-busts the file"
    );
}

#[test]
fn a_file_read_by_load_data_anywhere_in_the_site_is_followed() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let rendered = edit(&mut r, "extra/numbers.json", |_| "{\"n\": 42}".into());
    assert_eq!(rendered, 1, "only the page whose template loads the file");
    assert!(String::from_utf8_lossy(&r.site.files["guide/page-c/index.html"]).contains("42"));
}

#[test]
fn a_body_edit_that_keeps_what_listings_show_renders_one_page() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let rendered = edit(&mut r, "content/guide/page-b.md", |t| {
        let last = t.trim_end().rsplit(' ').next().unwrap().to_string();
        let at = t.trim_end().len() - last.len();
        format!("{}{}\n", &t[..at], "replaced")
    });
    assert_eq!(rendered, 1);
}

#[test]
fn a_title_that_moves_a_page_in_a_section_sorted_by_title() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    edit(&mut r, "content/guide/_index.md", |t| {
        t.replace("sort_by = \"weight\"", "sort_by = \"title\"")
    });
    // "Configure" sorts before the other pages' titles; "Zzz" after them.
    edit(&mut r, "content/guide/page-a.md", |t| {
        t.replacen("title = \"Configure\"", "title = \"Zzz\"", 1)
    });
    let html = String::from_utf8_lossy(&r.site.files["guide/page-a/index.html"]).into_owned();
    assert!(html.contains("Zzz"), "{html}");
}

#[test]
fn a_markdown_option_in_the_config_renders_every_body_again() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let page = dir.path().join("content/guide/page-b.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nIt's \"quoted\" -- really.\n")).unwrap();
    r.apply(&[page]).expect("the edit is seen");
    edit(&mut r, "config.toml", |t| {
        format!("{t}\n[markdown]\nsmart_punctuation = true\n")
    });
    let html = String::from_utf8_lossy(&r.site.files["guide/page-b/index.html"]).into_owned();
    assert!(html.contains("It’s “quoted” – really."), "{html}");
}

#[test]
fn a_chart_data_file_renders_the_chart_again() {
    let dir = site();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/share.csv"), "name,share\nA,1\nB,2\n").unwrap();
    let page = dir.path().join("content/guide/page-b.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        format!("{text}\n{{{{ chart(title=\"Share\", data=\"data/share.csv\") }}}}\n"),
    )
    .unwrap();
    let mut r = rebuilder(dir.path());
    edit(&mut r, "data/share.csv", |_| {
        "name,share\nA,1\nB,2\nCee,3\n".into()
    });
    let html = String::from_utf8_lossy(&r.site.files["guide/page-b/index.html"]).into_owned();
    assert!(html.contains("Cee"), "the chart shows the new row");
}

#[test]
fn a_page_bundle_asset_is_copied_again() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let asset = dir.path().join("content/guide/bundle/diagram.png");
    std::fs::write(&asset, b"new bytes").unwrap();
    let outcome = r.apply(&[asset]).expect("the edit is seen");
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert!(
        outcome.statics.iter().any(|p| p.ends_with("diagram.png")),
        "watch is told to copy the asset: {:?}",
        outcome.statics
    );
}

#[test]
fn a_static_file_turned_into_a_link_out_of_the_site_is_refused() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.css"), "secret{}").unwrap();
    let file = dir.path().join("static/special.css");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.css"), &file).unwrap();
    let outcome = r.apply(&[file]).expect("the edit is seen");
    let error = outcome.error.expect("a link out of the site is an error");
    assert!(error.contains("special.css"), "{error}");
    // The last good site stays: the static file is still the site's own.
    assert!(matches!(
        &r.site.statics["special.css"],
        folio::render::theme::StaticSource::Disk(p) if p.starts_with(dir.path())
    ));
}

#[test]
fn a_section_s_anchor_links_setting_renders_its_pages_again() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    edit(&mut r, "content/guide/_index.md", |t| {
        t.replacen("+++\n", "+++\ninsert_anchor_links = \"none\"\n", 1)
    });
    let html = String::from_utf8_lossy(&r.site.files["guide/page-b/index.html"]).into_owned();
    assert!(!html.contains("class=\"anchor\""), "{html}");
}

#[test]
fn sass_edits_added_and_deleted_stylesheets_equal_a_clean_build() {
    // Zola recompiles the Sass on any change under `sass/`: here a partial's edit
    // reaches the stylesheets that use it, re-renders only the page that cache-busts
    // one, and tells the browser that only stylesheets changed.
    let dir = tempfile::tempdir().expect("temp dir");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sass"),
        dir.path(),
    );
    let mut r = rebuilder(dir.path());
    let before = r.site.files["main.css"].clone();
    let rendered = edit(&mut r, "sass/_vars.scss", |t| {
        t.replace("#123456", "#654321")
    });
    assert_eq!(rendered, 1, "only the page that cache-busts `main.css`");
    assert!(String::from_utf8_lossy(&r.site.files["main.css"]).contains("#654321"));
    assert_ne!(r.site.files["main.css"], before);

    // Without cache busting (as in `serve`), the edit changes stylesheets alone.
    let mut r = Rebuilder::new(
        dir.path(),
        &dir.path().join("config.toml"),
        None,
        BuildOptions {
            no_cachebust: true,
            ..Default::default()
        },
        false,
    )
    .expect("the site builds");
    let path = dir.path().join("sass/parts/_card.scss");
    std::fs::write(&path, "@use \"vars\";\n.card { margin: vars.$gap; }\n").unwrap();
    let outcome = settle(&mut r, &[path], "a partial's edit");
    assert_eq!(
        outcome.changed.as_deref(),
        Some(&["main.css".to_string()][..])
    );
    assert!(outcome.css_only, "only stylesheets changed");

    // A new stylesheet, then its deletion.
    let new = dir.path().join("sass/extra/new.scss");
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(&new, "@use \"vars\";\n.new { color: vars.$text; }\n").unwrap();
    settle(&mut r, std::slice::from_ref(&new), "a new stylesheet");
    assert!(r.site.files.contains_key("extra/new.css"));
    std::fs::remove_file(&new).unwrap();
    let outcome = settle(&mut r, &[new], "a deleted stylesheet");
    assert!(!r.site.files.contains_key("extra/new.css"));
    assert!(
        outcome
            .changed
            .unwrap_or_default()
            .contains(&"extra/new.css".to_string()),
        "the deleted stylesheet is reported, so `watch` swaps the folder"
    );

    // A broken partial keeps the last good site; fixing it catches up.
    let vars = dir.path().join("sass/_vars.scss");
    let good = std::fs::read_to_string(&vars).unwrap();
    std::fs::write(&vars, "$text: ;\n").unwrap();
    let outcome = r
        .apply(std::slice::from_ref(&vars))
        .expect("the edit is seen");
    let error = outcome.error.expect("a Sass error");
    assert!(error.contains("sass/_vars.scss:1:"), "{error}");
    std::fs::write(&vars, good.replace("4px", "6px")).unwrap();
    settle(&mut r, &[vars], "a fixed partial");
    assert!(String::from_utf8_lossy(&r.site.files["main.css"]).contains("margin:6px"));
}

/// Saves `good` (a file and a title to replace in it) and breaks the title of
/// `broken` in one batch, checks that the batch fails on `broken`, fixes it, and
/// returns the outputs the fix reports (after `settle` compared the whole site with
/// a clean build).
fn fail_then_fix(
    r: &mut Rebuilder,
    (good, from, to): (&str, &str, &str),
    (broken, title): (&str, &str),
) -> Vec<String> {
    let (good, broken) = (r.root.join(good), r.root.join(broken));
    let (text_good, text_broken) = (
        std::fs::read_to_string(&good).unwrap(),
        std::fs::read_to_string(&broken).unwrap(),
    );
    std::fs::write(&good, text_good.replacen(from, to, 1)).unwrap();
    let unclosed = title.trim_end_matches('"');
    std::fs::write(&broken, text_broken.replacen(title, unclosed, 1)).unwrap();
    let failed = r
        .apply(&[good, broken.clone()])
        .expect("the edits are seen");
    let error = failed.error.expect("the broken file fails the batch");
    let name = broken.file_name().unwrap().to_string_lossy().into_owned();
    assert!(error.contains(&name), "{error}");
    std::fs::write(&broken, &text_broken).unwrap();
    let outcome = settle(r, &[broken], &format!("fixing {name}"));
    outcome.changed.expect("a list of changed outputs")
}

/// A good edit that came in one batch with a broken file is kept when the batch
/// fails: once the file is fixed, the outputs the good edit changed are reported
/// with the fix (for `serve` to reload them, for `watch` to write them).
#[test]
fn a_failed_batch_s_good_changes_are_reported_with_the_fix() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let changed = fail_then_fix(
        &mut r,
        (
            "content/guide/page-a.md",
            "title = \"Configure\"",
            "title = \"Zzz\"",
        ),
        ("content/guide/page-b.md", "title = \"Deploy\""),
    );
    assert!(
        changed.iter().any(|p| p == "guide/page-a/index.html"),
        "the good edit's page is reported with the fix: {changed:?}"
    );
    let html = String::from_utf8_lossy(&r.site.files["guide/page-a/index.html"]).into_owned();
    assert!(html.contains("Zzz"), "{html}");
}

/// When the broken file comes first, the batch stops before the good edit is
/// applied: the edit is applied with the fix.
#[test]
fn a_failed_batch_s_unapplied_changes_are_applied_with_the_fix() {
    let dir = site();
    let mut r = rebuilder(dir.path());
    let changed = fail_then_fix(
        &mut r,
        (
            "content/guide/page-b.md",
            "title = \"Deploy\"",
            "title = \"Yyy\"",
        ),
        ("content/guide/page-a.md", "title = \"Configure\""),
    );
    assert!(
        changed.iter().any(|p| p == "guide/page-b/index.html"),
        "{changed:?}"
    );
}
