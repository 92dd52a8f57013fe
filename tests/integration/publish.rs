//! Publishing: `folio check` and its planted defects, the sitemap and feeds as real
//! XML, aliases, 404, sub-path and relative-link builds, and precompressed output.

use crate::util::{Site, assert_contains, read};

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("invalid XML: {e}\n{text}"))
}

fn locs(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

#[test]
fn sitemap_and_robots_list_every_page_and_section() {
    let site = Site::basic();
    site.build(&[]).success();
    let xml = site.read("public/sitemap.xml");
    let doc = parse_xml(&xml);
    let urls = locs(&doc);
    for want in [
        "https://example.com/",
        "https://example.com/guide/",
        "https://example.com/guide/page-a/",
        "https://example.com/reference/api/",
        "https://example.com/tags/",
    ] {
        assert!(
            urls.iter().any(|u| u == want),
            "sitemap lacks {want}: {urls:?}"
        );
    }
    assert!(
        !urls.iter().any(|u| u.contains("secret")),
        "drafts stay out of the sitemap"
    );
    let lastmod: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("lastmod"))
        .collect();
    assert!(
        lastmod.iter().any(|n| n.text() == Some("2024-03-05")),
        "lastmod from the page date"
    );
    assert_contains(
        &site.read("public/robots.txt"),
        "Sitemap: https://example.com/sitemap.xml",
    );
}

#[test]
fn atom_feeds_parse_and_are_linked_from_the_head() {
    let site = Site::basic();
    site.build(&[]).success();
    let feed = site.read("public/atom.xml");
    let doc = parse_xml(&feed);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert!(entries.len() >= 2, "dated pages are entries");
    let first_link = entries[0]
        .children()
        .find(|n| n.has_tag_name("link"))
        .and_then(|l| l.attribute("href"));
    assert_eq!(
        first_link,
        Some("https://example.com/guide/page-b/"),
        "newest first"
    );
    let section_feed = site.read("public/guide/atom.xml");
    parse_xml(&section_feed);
    assert_contains(
        &site.read("public/guide/page-a/index.html"),
        "<link rel=\"alternate\" type=\"application/atom+xml\"",
    );
}

#[test]
fn aliases_404_canonical_and_description() {
    let site = Site::basic();
    site.file(
        "content/guide/moved.md",
        "+++\ntitle = \"Moved\"\ndescription = \"A page that moved\"\naliases = [\"/old/place/\"]\n+++\nHere now.\n",
    );
    site.build(&[]).success();
    let redirect = site.read("public/old/place/index.html");
    assert_contains(
        &redirect,
        "<meta http-equiv=\"refresh\" content=\"0; url=/guide/moved/\">",
    );
    assert_contains(
        &redirect,
        "<link rel=\"canonical\" href=\"https://example.com/guide/moved/\">",
    );
    assert!(site.exists("public/404.html"));
    let page = site.read("public/guide/moved/index.html");
    assert_contains(
        &page,
        "<link rel=\"canonical\" href=\"https://example.com/guide/moved/\">",
    );
    assert_contains(
        &page,
        "<meta name=\"description\" content=\"A page that moved\">",
    );
}

#[test]
fn check_passes_a_good_site_and_the_shipped_report() {
    let site = Site::basic();
    site.run(&["check"]).success();
    let report = std::process::Command::new(crate::util::FOLIO)
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("run folio check");
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert_contains(&String::from_utf8_lossy(&report.stdout), "no problems");
    // The sub-path deploy of the report has no broken link either.
    let sub = std::process::Command::new(crate::util::FOLIO)
        .args([
            "check",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--base-url",
            "https://user.github.io/repo/",
        ])
        .output()
        .expect("run folio check");
    assert!(
        sub.status.success(),
        "{}",
        String::from_utf8_lossy(&sub.stderr)
    );
}

#[test]
fn check_catches_planted_defects() {
    let site = Site::basic();
    site.file(
        "content/guide/defects.md",
        "+++\ntitle = \"Defects\"\n+++\nIntro.\n\n[plain broken](/no/such/page/)\n\n[bad anchor](/guide/page-a/#nowhere)\n\n![](/missing.png)\n\n<img src=\"/robots-extra.txt\">\n\n<p id=\"twice\">a</p>\n<p id=\"twice\">b</p>\n\n[static ok](/robots-extra.txt)\n",
    );
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body><a href=\"{{ get_url(path='nothing-here.css') }}\">t</a>{{ page.content | safe }}</body></html>",
    );
    let run = site.run(&["check"]).failure();
    let err = run.stderr.clone();
    for want in [
        "content/guide/defects.md:6: broken link `/no/such/page/`",
        "content/guide/defects.md:8: broken anchor `/guide/page-a/#nowhere`",
        "broken link `/missing.png`",
        "the id `twice` is used more than once",
        "have no alt text",
        // `get_url` gives the absolute URL, as in Zola; check follows it all the same.
        "broken link `https://example.com/nothing-here.css`",
    ] {
        assert_contains(&err, want);
    }
    assert!(
        !err.contains("robots-extra.txt`"),
        "a link to a static file is fine: {err}"
    );
}

#[test]
fn sub_path_builds_prefix_every_root_relative_link() {
    let site = Site::basic();
    site.build(&["--base-url", "https://user.github.io/repo/"])
        .success();
    site.run(&["check", "--base-url", "https://user.github.io/repo/"])
        .success();
    let html = read(&site.path("public/guide/page-a/index.html"));
    for value in crate::util::attr_values(&html, "href")
        .into_iter()
        .chain(crate::util::attr_values(&html, "src"))
    {
        if value.starts_with('/') {
            assert!(value.starts_with("/repo/"), "`{value}` misses the sub-path");
        }
    }
}

#[test]
fn relative_urls_work_from_any_folder() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}relative_urls = true\n"));
    site.build(&[]).success();
    site.run(&["check"]).success();
    let html = read(&site.path("public/guide/page-a/index.html"));
    for value in crate::util::attr_values(&html, "href")
        .into_iter()
        .chain(crate::util::attr_values(&html, "src"))
    {
        assert!(
            !value.starts_with('/'),
            "`{value}` is root-relative in a relative build"
        );
    }
    assert_contains(&html, "href=\"../../guide/page-b/index.html");
}

#[test]
fn compress_writes_gzip_siblings() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}compress = true\n"));
    site.build(&[]).success();
    let gz = std::fs::read(site.path("public/index.html.gz")).expect("index.html.gz");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text)
        .expect("gunzip");
    assert_eq!(text, site.read("public/index.html"));
    assert!(site.exists("public/sitemap.xml.gz"));
}

#[test]
fn gzip_siblings_go_with_their_files_and_with_compression() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}compress = true\n"));
    site.file(
        "content/guide/extra.md",
        "+++\ntitle = \"Extra\"\n+++\nExtra.\n",
    );
    site.build(&[]).success();
    assert!(site.exists("public/guide/extra/index.html.gz"));
    // The page goes: so does its sibling.
    site.remove("content/guide/extra.md");
    site.build(&[]).success();
    assert!(!site.exists("public/guide/extra/index.html"));
    assert!(
        !site.exists("public/guide/extra/index.html.gz"),
        "a deleted page's .gz sibling stayed"
    );
    // Compression turned off: no sibling stays.
    site.file("config.toml", &config);
    site.build(&[]).success();
    let left: Vec<String> = crate::util::snapshot(&site.path("public"))
        .into_keys()
        .filter(|p| p.ends_with(".gz"))
        .collect();
    assert_eq!(
        left,
        Vec::<String>::new(),
        ".gz files left after compress = false"
    );
}
