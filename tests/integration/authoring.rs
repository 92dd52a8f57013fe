//! The authoring commands: `folio init`, `folio new` and `folio eject-theme`, and
//! overriding one theme template from the site's `templates/` without ejecting.
//!
//! Every site here starts from `folio init`, so these tests also check that a new site
//! builds as it is.

use std::path::Path;
use std::process::Command;

use folio::config::Config;
use folio::content::{Page, Section, parse_page, parse_section};

use crate::util::*;

/// A site made by `folio init` in the (empty) site folder.
fn init_site() -> Site {
    let site = Site::empty();
    site.run(&["init", ".", "--title", "Test Docs"]).success();
    site
}

/// Today's date as `new` writes it.
fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// Runs a prepared command and returns (succeeded, stdout, stderr).
fn output(mut cmd: Command) -> (bool, String, String) {
    let out = cmd.output().expect("run the folio binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `folio <args>` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(FOLIO);
    cmd.args(args).current_dir(dir);
    output(cmd)
}

#[track_caller]
fn page(site: &Site, rel: &str) -> Page {
    let text = site.read(&format!("content/{rel}"));
    parse_page(Path::new(rel), rel, &text, Default::default())
        .unwrap_or_else(|e| panic!("content/{rel} does not parse: {e:?}\n{text}"))
}

#[track_caller]
fn section(site: &Site, rel: &str) -> Section {
    let text = site.read(&format!("content/{rel}"));
    parse_section(Path::new(rel), rel, &text)
        .unwrap_or_else(|e| panic!("content/{rel} does not parse: {e:?}\n{text}"))
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let site = Site::empty();
    let run = site.run(&["init", "."]).success();
    assert_contains(&run.stdout, "content/guide/getting-started.md");
    assert_contains(&run.stdout, "folio serve");
    assert_not_contains(&run.stdout, "cd ");

    let config = Config::parse(&site.read("config.toml")).expect("config.toml parses");
    // No --title: the title comes from the folder name.
    assert_eq!(config.title, "Site");
    assert_eq!(config.theme, None, "the embedded theme is used");
    for key in [
        "description",
        "base_url",
        "theme",
        "output_dir",
        "default_language",
        "taxonomies",
        "relative_urls",
        "build_search_index",
        "generate_sitemap",
        "generate_feeds",
        "compress",
        "smart_punctuation",
        "highlight_code",
        "highlight_theme_light",
        "highlight_theme_dark",
        "edit_url",
    ] {
        assert_contains(&site.read("config.toml"), &format!("{key} = "));
    }
    assert!(site.path("static").is_dir());
    assert!(site.path("templates").is_dir());

    site.build(&[]).success();
    let home = site.read("public/index.html");
    assert_contains(&home, "Site");
    let page = site.read("public/guide/getting-started/index.html");
    assert_contains(&page, "<h2 id=\"link-to-other-pages\"");
    assert_contains(&page, "callout-tip");
    // The `@/` link became the guide's URL.
    assert_contains(&page, "href=\"/guide/\"");
    assert!(
        site.exists("public/tags/basics/index.html"),
        "the sample tag has its page"
    );
}

#[test]
fn init_creates_a_named_folder_and_takes_a_title() {
    let site = Site::empty();
    let (ok, stdout, stderr) = run_in(
        &site.tmp(),
        &["init", "my-docs", "--title", "Quoted \"Docs\""],
    );
    assert!(ok, "{stdout}\n{stderr}");
    assert_contains(&stdout, "cd my-docs && folio serve");
    let root = site.tmp().join("my-docs");
    let config = Config::parse(&read(&root.join("config.toml"))).expect("config.toml parses");
    assert_eq!(config.title, "Quoted \"Docs\"");
    let (ok, stdout, stderr) = run_in(&root, &["build"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert_contains(
        &read(&root.join("public/index.html")),
        "Quoted &quot;Docs&quot;",
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_writes_nothing() {
    let site = Site::empty();
    site.file("notes.txt", "my notes");
    let before = snapshot(site.root());
    site.run(&["init", "."])
        .failure()
        .stderr_has(&["not empty", "notes.txt"]);
    assert_same_tree("after a refused init", &before, &snapshot(site.root()));
}

#[test]
fn init_accepts_a_folder_with_only_hidden_files() {
    let site = Site::empty();
    site.file(".git/HEAD", "ref: refs/heads/main\n");
    site.run(&["init", "."]).success();
    assert!(site.exists("config.toml"));
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
}

#[test]
fn init_with_eject_theme_builds_from_themes_folio() {
    let site = Site::empty();
    site.run(&["init", ".", "--eject-theme"]).success();
    let config = Config::parse(&site.read("config.toml")).expect("config.toml parses");
    assert_eq!(config.theme.as_deref(), Some("folio"));
    for (rel, bytes) in folio::render::theme::embedded_files() {
        let copied = std::fs::read(site.path(&format!("themes/folio/{rel}")))
            .unwrap_or_else(|e| panic!("themes/folio/{rel}: {e}"));
        assert_eq!(&copied, bytes, "themes/folio/{rel}");
    }
    // An edit to the copy shows up in the output, so the build reads themes/folio.
    let page_html = site.read("themes/folio/templates/page.html");
    site.file(
        "themes/folio/templates/page.html",
        &page_html.replace(
            "<h1>{{ page.title }}</h1>",
            "<h1>EJECTED {{ page.title }}</h1>",
        ),
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/guide/getting-started/index.html"),
        "EJECTED Getting started",
    );
}

#[test]
fn new_page_gets_title_date_and_the_next_weight() {
    let site = init_site();
    site.file(
        "content/guide/b.md",
        "+++\ntitle = \"B\"\nweight = 7\n+++\n",
    )
    .file(
        "content/guide/sub/_index.md",
        "+++\ntitle = \"Sub\"\nweight = 9\n+++\n",
    )
    // A page of the subsection: its weight is not a sibling's.
    .file(
        "content/guide/sub/x.md",
        "+++\ntitle = \"X\"\nweight = 50\n+++\n",
    );
    let run = site.run(&["new", "guide/key-factors.md"]).success();
    assert_contains(&run.stdout, "content/guide/key-factors.md");
    assert_contains(&run.stdout, "http://127.0.0.1:1111/guide/key-factors/");

    let p = page(&site, "guide/key-factors.md");
    assert_eq!(p.meta.title, "Key factors");
    assert_eq!(p.meta.weight, Some(10));
    assert_eq!(p.date.expect("a date").ymd, today());
    assert!(!p.draft);
    assert_contains(&site.read("content/guide/key-factors.md"), "<!-- more -->");
    assert_contains(
        &site.read("content/guide/key-factors.md"),
        &format!("date = {}\n", today()),
    );

    // `content/` prefix and no `.md` are accepted; the title comes from --title.
    site.run(&["new", "content/guide/later", "--title", "Later: \"quoted\""])
        .success();
    let later = page(&site, "guide/later.md");
    assert_eq!(later.meta.title, "Later: \"quoted\"");
    assert_eq!(later.meta.weight, Some(11));

    site.build(&[]).success();
    assert_contains(
        &site.read("public/guide/key-factors/index.html"),
        "Key factors",
    );
    assert_contains(
        &site.read("public/guide/later/index.html"),
        // Titles get the same smart punctuation as body text.
        "Later: “quoted”",
    );
}

#[test]
fn new_page_in_an_empty_section_has_weight_one() {
    let site = init_site();
    site.run(&["new", "--section", "empty"]).success();
    site.run(&["new", "empty/first.md"]).success();
    assert_eq!(page(&site, "empty/first.md").meta.weight, Some(1));
}

#[test]
fn new_section_gets_an_index_with_weight_and_sort_by() {
    let site = init_site();
    let run = site
        .run(&["new", "--section", "reference", "--title", "Reference"])
        .success();
    assert_contains(&run.stdout, "http://127.0.0.1:1111/reference/");
    let s = section(&site, "reference/_index.md");
    assert_eq!(s.meta.title, "Reference");
    // The sample guide section has weight 1.
    assert_eq!(s.meta.weight, Some(2));
    assert_eq!(s.sort_by, folio::content::SortBy::Weight);
    assert_contains(
        &site.read("content/reference/_index.md"),
        "sort_by = \"weight\"",
    );
    site.build(&[]).success();
    assert_contains(&site.read("public/reference/index.html"), "Reference");
}

#[test]
fn new_draft_is_left_out_of_builds_without_drafts() {
    let site = init_site();
    let run = site.run(&["new", "guide/wip.md", "--draft"]).success();
    assert_contains(&run.stdout, "--drafts");
    assert!(page(&site, "guide/wip.md").draft);
    assert_contains(&site.read("content/guide/wip.md"), "draft = true");
    site.build(&[]).success();
    assert!(
        !site.exists("public/guide/wip/index.html"),
        "a draft is not built"
    );
    site.build(&["--drafts"]).success();
    assert!(
        site.exists("public/guide/wip/index.html"),
        "--drafts builds it"
    );
    // A section cannot be a draft.
    site.run(&["new", "--section", "other", "--draft"])
        .failure()
        .stderr_has(&["--draft"]);
    assert!(!site.exists("content/other"));
}

#[test]
fn new_works_from_inside_the_site_and_with_root() {
    let site = init_site();
    let (ok, stdout, stderr) = run_in(
        &site.path("content/guide"),
        &["new", "guide/from-inside.md"],
    );
    assert!(ok, "{stdout}\n{stderr}");
    // PATH is relative to content/, not to the current folder.
    assert!(site.exists("content/guide/from-inside.md"));
    assert!(!site.exists("content/guide/guide"));

    let (ok, stdout, stderr) = run_in(&site.tmp(), &["new", "--root", "site", "notes/loose.md"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(site.exists("content/notes/loose.md"));
    // `notes/` is no section: the note says where the page is listed instead.
    assert_contains(&stdout, "not a section");
    site.build(&[]).success();
    assert!(site.exists("public/notes/loose/index.html"));

    // Outside any site, and without --root, there is nothing to find.
    let outside = tempfile::tempdir().expect("temp folder");
    let (ok, _, stderr) = run_in(outside.path(), &["new", "x.md"]);
    assert!(!ok);
    assert_contains(&stderr, "config.toml");
}

#[test]
fn new_refuses_to_overwrite() {
    let site = init_site();
    let before = site.read("content/guide/getting-started.md");
    site.run(&["new", "guide/getting-started.md", "--title", "Other"])
        .failure()
        .stderr_has(&["already exists"]);
    assert_eq!(site.read("content/guide/getting-started.md"), before);
    // A page may not take a section's URL either.
    site.run(&["new", "guide.md"])
        .failure()
        .stderr_has(&["/guide/"]);
    assert!(!site.exists("content/guide.md"));
}

#[test]
fn new_refuses_paths_outside_content() {
    let site = init_site();
    let before = snapshot(site.root());
    site.run(&["new", "../x.md"]).failure().stderr_has(&[".."]);
    site.run(&["new", "guide/../../x.md"]).failure();
    let absolute = site.tmp().join("abs.md");
    site.run(&["new", absolute.to_str().expect("UTF-8 path")])
        .failure()
        .stderr_has(&["absolute"]);
    assert!(!absolute.exists());
    assert!(!site.exists("x.md"));
    assert!(!site.tmp().join("x.md").exists());
    assert_same_tree("after refused paths", &before, &snapshot(site.root()));
}

#[test]
fn eject_theme_copies_the_theme_and_refuses_to_overwrite() {
    let site = init_site();
    let run = site.run(&["eject-theme"]).success();
    assert_contains(&run.stdout, "themes/folio");
    for (rel, bytes) in folio::render::theme::embedded_files() {
        let copied = std::fs::read(site.path(&format!("themes/folio/{rel}")))
            .unwrap_or_else(|e| panic!("themes/folio/{rel}: {e}"));
        assert_eq!(&copied, bytes, "themes/folio/{rel}");
    }
    // The key was absent, so eject set it, and the rest of config.toml is kept.
    let text = site.read("config.toml");
    let config = Config::parse(&text).expect("config.toml still parses");
    assert_eq!(config.theme.as_deref(), Some("folio"));
    assert_eq!(config.title, "Test Docs");
    assert_contains(&text, "# Where `folio build` writes the site.");

    // An edited theme file is not overwritten without --force.
    site.file("themes/folio/templates/page.html", "my edit");
    site.run(&["eject-theme"])
        .failure()
        .stderr_has(&["templates/page.html", "--force"]);
    assert_eq!(site.read("themes/folio/templates/page.html"), "my edit");
    // A file of the user's own in the theme folder survives --force.
    site.file("themes/folio/templates/mine.html", "mine");
    site.run(&["eject-theme", "--force"]).success();
    assert_ne!(site.read("themes/folio/templates/page.html"), "my edit");
    assert_eq!(site.read("themes/folio/templates/mine.html"), "mine");
    site.build(&[]).success();
}

#[test]
fn eject_theme_runs_from_a_subfolder() {
    let site = init_site();
    let (ok, stdout, stderr) = run_in(&site.path("content/guide"), &["eject-theme"]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(site.exists("themes/folio/templates/base.html"));
    assert!(!site.exists("content/guide/themes"));
}

#[test]
fn a_site_template_overrides_the_theme_without_ejecting() {
    let site = init_site();
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>SITE-OVERRIDE {{ page.title }}</p>{% endblock main %}",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/guide/getting-started/index.html"),
        "SITE-OVERRIDE Getting started",
    );
    // Other templates still come from the embedded theme.
    assert_not_contains(&site.read("public/guide/index.html"), "SITE-OVERRIDE");
    assert_contains(&site.read("public/guide/index.html"), "Guide");
    assert!(!site.exists("themes"), "nothing was ejected");
}

#[test]
fn eject_theme_keeps_a_symlinked_config_a_symlink() {
    // Issue 13: `eject-theme` replaced a symlinked `config.toml` with a regular file,
    // so the shared file it pointed to never got the theme and the link was lost.
    let site = init_site();
    let shared = site.path("shared-config.toml");
    std::fs::rename(site.path("config.toml"), &shared).unwrap();
    std::os::unix::fs::symlink("shared-config.toml", site.path("config.toml")).unwrap();
    site.run(&["eject-theme"]).success();
    let link = std::fs::symlink_metadata(site.path("config.toml")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "config.toml is no longer a link"
    );
    let config = Config::parse(&std::fs::read_to_string(&shared).unwrap()).unwrap();
    assert_eq!(config.theme.as_deref(), Some("folio"));
}
