//! `folio build` on the `basic` fixture: the files it writes and what is in them.
//!
//! Most tests read one shared build of the fixture (built once, kept in memory);
//! tests that need other options build their own copy.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::util::*;

/// The `basic` fixture built once with default options.
struct Built {
    files: BTreeMap<String, Vec<u8>>,
    stdout: String,
}

impl Built {
    fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    #[track_caller]
    fn bytes(&self, path: &str) -> &[u8] {
        match self.files.get(path) {
            Some(b) => b,
            None => panic!(
                "`public/{path}` was not written; the output has:\n{}",
                self.files.keys().cloned().collect::<Vec<_>>().join("\n")
            ),
        }
    }

    #[track_caller]
    fn text(&self, path: &str) -> &str {
        std::str::from_utf8(self.bytes(path)).expect("UTF-8 output")
    }
}

fn basic() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = Site::basic();
        let run = site.build(&[]).success();
        Built {
            files: snapshot(&site.path("public")),
            stdout: run.stdout,
        }
    })
}

/// The text of `public/<path>` in the shared build.
#[track_caller]
fn output(path: &str) -> &'static str {
    basic().text(path)
}

/// The output file of a root-relative URL: `/guide/` → `guide/index.html`.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// The `href` of the link marked `rel="prev"` or `rel="next"`.
fn pager(html: &str, rel: &str) -> Option<String> {
    let tag = tag_with(html, &format!("rel=\"{rel}\""))?;
    attr(tag, "href").map(str::to_string)
}

/// The `href`s of links with class `class`, in document order.
fn hrefs_of_class<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let marker = format!("class=\"{class}\"");
    let mut out = Vec::new();
    for (at, _) in html.match_indices(&marker) {
        let (Some(start), Some(len)) = (html[..at].rfind('<'), html[at..].find('>')) else {
            continue;
        };
        if let Some(href) = attr(&html[start..=at + len], "href") {
            out.push(href);
        }
    }
    out
}

/// The first `<pre …>…</pre>` after `marker`.
fn code_block_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker:?} in:\n{html}"));
    let start = html[..at].rfind("<pre").expect("a <pre> before the marker");
    let end = at
        + html[at..]
            .find("</pre>")
            .expect("a </pre> after the marker");
    &html[start..end]
}

#[test]
fn exits_zero_and_prints_a_summary_line() {
    let line = basic()
        .stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| {
            panic!("no summary line in {:?}", basic().stdout);
        });
    let words: Vec<&str> = line.split_whitespace().collect();
    // Built 5 pages and 3 sections into ./public (21 files) in 12 ms
    assert_eq!(words[1], "5", "pages (the draft is left out): {line}");
    assert_eq!(words[2], "pages");
    assert_eq!(words[4], "3", "sections (root, guide, reference): {line}");
    assert_eq!(words[5], "sections");
    assert!(line.ends_with(" ms"), "{line}");
    let ms = words[words.len() - 2];
    assert!(ms.parse::<u64>().is_ok(), "{line}");
}

#[test]
fn pages_get_pretty_urls_and_sections_an_index() {
    for file in [
        "index.html",
        "guide/index.html",
        "guide/page-a/index.html",
        "guide/page-b/index.html",
        "guide/page-c/index.html",
        "guide/bundle/index.html",
        "reference/index.html",
        "reference/api/index.html",
    ] {
        let html = output(file);
        assert!(
            html.starts_with("<!doctype html>"),
            "{file} is not a full HTML page"
        );
        assert_contains(html, "</html>");
    }
    assert!(!basic().has("guide/page-a.html"));
    assert!(!basic().has("guide/page-a/index.md"));
    assert_contains(
        output("guide/page-a/index.html"),
        "<title>Configure · Basic Site</title>",
    );
    assert_contains(output("guide/index.html"), "<h1>Guide</h1>");
    assert_contains(
        output("guide/index.html"),
        "The guide, in the order you need it.",
    );
}

#[test]
fn bundle_assets_are_copied_beside_their_page() {
    let want =
        std::fs::read(fixture_dir("basic").join("content/guide/bundle/diagram.png")).unwrap();
    assert_eq!(basic().bytes("guide/bundle/diagram.png"), want.as_slice());
    assert_contains(output("guide/bundle/index.html"), "src=\"diagram.png\"");
}

#[test]
fn static_files_are_copied() {
    let want = std::fs::read(fixture_dir("basic").join("static/robots-extra.txt")).unwrap();
    assert_eq!(basic().bytes("robots-extra.txt"), want.as_slice());
    // The default theme's own static files come along too.
    assert!(basic().has("css/folio.css"));
}

#[test]
fn writes_highlight_css_sitemap_and_robots() {
    let css = output("highlight.css");
    assert_contains(css, ".hl-");
    assert_contains(output("guide/page-a/index.html"), "/highlight.css?h=");

    let sitemap = output("sitemap.xml");
    for url in [
        "/",
        "/guide/",
        "/guide/page-a/",
        "/guide/bundle/",
        "/reference/api/",
    ] {
        assert_contains(sitemap, &format!("<loc>https://example.com{url}</loc>"));
    }
    assert_contains(sitemap, "<lastmod>2024-03-05</lastmod>");
    assert_contains(
        output("robots.txt"),
        "Sitemap: https://example.com/sitemap.xml",
    );
}

#[test]
fn drafts_are_left_out_by_default() {
    assert!(!basic().has("guide/secret/index.html"));
    assert_not_contains(output("sitemap.xml"), "secret");
    assert_not_contains(output("guide/index.html"), "Secret draft");
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = Site::basic();
    let run = site.build(&["--drafts"]).success();
    assert_contains(&run.stdout, "Built 6 pages");
    assert_contains(
        &site.read("public/guide/secret/index.html"),
        "Not published yet.",
    );
    assert_contains(&site.read("public/guide/index.html"), "Secret draft");
}

#[test]
fn section_lists_its_pages_by_weight() {
    // File names sort a, b, c; weights put c first.
    assert_eq!(
        hrefs_of_class(output("guide/index.html"), "card-link"),
        [
            "/guide/page-c/",
            "/guide/page-a/",
            "/guide/page-b/",
            "/guide/bundle/"
        ]
    );
}

#[test]
fn previous_and_next_follow_the_reading_order_across_sections() {
    let want = [
        "/",
        "/guide/",
        "/guide/page-c/",
        "/guide/page-a/",
        "/guide/page-b/",
        "/guide/bundle/",
        "/reference/",
        "/reference/api/",
    ];
    let mut forward = vec!["/".to_string()];
    while let Some(next) = pager(output(&file_of(forward.last().unwrap())), "next") {
        assert!(forward.len() <= want.len(), "next links loop: {forward:?}");
        forward.push(next);
    }
    assert_eq!(forward, want);

    let mut backward = vec![want[want.len() - 1].to_string()];
    while let Some(prev) = pager(output(&file_of(backward.last().unwrap())), "prev") {
        assert!(
            backward.len() <= want.len(),
            "prev links loop: {backward:?}"
        );
        backward.push(prev);
    }
    backward.reverse();
    assert_eq!(backward, want);
}

#[test]
fn at_links_resolve_to_urls_with_their_anchor() {
    assert_contains(
        output("guide/page-a/index.html"),
        "<a href=\"/guide/page-b/#targets\">the deploy targets</a>",
    );
    assert_contains(output("guide/page-b/index.html"), "id=\"targets\"");
    for (path, bytes) in &basic().files {
        if path.ends_with(".html") {
            assert_not_contains(std::str::from_utf8(bytes).unwrap(), "\"@/");
        }
    }
}

#[test]
fn headings_get_slug_ids_unique_suffixes_and_explicit_ids() {
    let html = output("guide/page-a/index.html");
    assert_contains(html, "<h2 id=\"options\">Options ");
    assert_contains(html, "<h2 id=\"options-1\">Options ");
    assert_contains(html, "<h2 id=\"custom-id\">Custom heading ");
    assert_not_contains(html, "id=\"custom-heading\"");
    assert_not_contains(html, "{#custom-id}");
}

#[test]
fn headings_have_self_link_anchors() {
    let html = output("guide/page-a/index.html");
    for id in ["options", "options-1", "custom-id"] {
        assert_contains(html, &format!("<a class=\"anchor\" href=\"#{id}\""));
    }
}

#[test]
fn gfm_alerts_become_callouts() {
    let html = output("guide/page-a/index.html");
    let start = html
        .find("class=\"callout callout-tip\"")
        .expect("a tip callout");
    let callout = &html[start..start + html[start..].find("</div>").unwrap()];
    assert_contains(callout, "Keep the defaults.");
    assert_not_contains(html, "[!TIP]");
}

#[test]
fn code_is_highlighted_and_unknown_languages_are_escaped() {
    let html = output("guide/page-a/index.html");
    let rust = code_block_after(html, "data-lang=\"rust\"");
    assert_contains(rust, "class=\"hl-");
    assert_contains(rust, "answer");

    let plain = code_block_after(html, "data-lang=\"nosuchlang\"");
    assert_contains(plain, "&lt;b&gt;not bold&lt;/b&gt; &amp; more");
    assert_not_contains(plain, "hl-");
    assert_not_contains(html, "<b>not bold</b>");
}

#[test]
fn tables_and_footnotes_render() {
    let html = output("guide/page-a/index.html");
    assert_contains(html, "<th>Key</th>");
    assert_contains(html, "<td>the page title</td>");
    assert_contains(html, "class=\"footnote-reference\"");
    assert_contains(html, "The footnote text.");
}

#[test]
fn more_marker_splits_the_summary_from_the_page() {
    // The page keeps its whole text, without the marker.
    let page = output("guide/page-a/index.html");
    assert_contains(page, "Configure summary paragraph.");
    assert_contains(page, "The rest of the page, after the summary.");
    assert_not_contains(page, "<!-- more -->");
    // The default theme's listing shows descriptions, not summaries.
    assert_contains(
        output("guide/index.html"),
        "<p class=\"card-desc\">Configuring the tool</p>",
    );

    // The feed's entry for the page carries the summary only.
    let feed = output("atom.xml");
    let entry = &feed[feed.find("/guide/page-a/").expect("page-a in atom.xml")..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert_contains(entry, "Configure summary paragraph.");
    assert_not_contains(entry, "The rest of the page");

    // A theme that shows summaries gets only the text before the marker.
    let site = Site::basic();
    site.file(
        "templates/section.html",
        "{% for p in section.pages %}<div class=\"summary\" data-url=\"{{ p.url }}\">\
         {% if p.summary %}{{ p.summary | safe }}{% endif %}</div>\n{% endfor %}",
    );
    site.build(&[]).success();
    let listing = site.read("public/guide/index.html");
    let line = listing
        .lines()
        .find(|l| l.contains("data-url=\"/guide/page-a/\""))
        .unwrap_or_else(|| panic!("no summary for page-a in:\n{listing}"));
    assert_contains(line, "<p>Configure summary paragraph.</p>");
    assert_not_contains(line, "The rest of the page");
    let no_marker = listing
        .lines()
        .find(|l| l.contains("data-url=\"/guide/page-b/\""))
        .unwrap();
    assert_not_contains(no_marker, "Deploy it.");
}

#[test]
fn ids_are_unique_on_a_page_headings_and_footnotes_included() {
    let site = Site::basic();
    site.file(
        "content/guide/why.md",
        "+++\ntitle = \"Why\"\n+++\n## Why\n\nA claim.[^why]\n\n[^why]: The reason.\n",
    );
    site.build(&[]).success();
    let html = site.read("public/guide/why/index.html");
    let ids = attr_values(&html, "id");
    let mut seen = std::collections::HashSet::new();
    let dupes: Vec<&str> = ids.into_iter().filter(|id| !seen.insert(*id)).collect();
    let lines: Vec<&str> = html
        .lines()
        .filter(|l| dupes.iter().any(|d| l.contains(&format!("id=\"{d}\""))))
        .collect();
    assert!(
        dupes.is_empty(),
        "duplicate ids {dupes:?}:\n{}",
        lines.join("\n")
    );
}

#[test]
fn base_url_override_prefixes_every_root_relative_link() {
    let site = Site::basic();
    site.build(&["--base-url", "https://user.github.io/repo/"])
        .success();
    let out = snapshot(&site.path("public"));
    let mut checked = 0;
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        for value in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
        {
            if value.starts_with('/') {
                assert!(
                    value.starts_with("/repo/"),
                    "{path}: `{value}` lacks the /repo/ prefix"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} root-relative links were found"
    );
    let page = site.read("public/guide/page-a/index.html");
    assert_contains(
        &page,
        "<link rel=\"canonical\" href=\"https://user.github.io/repo/guide/page-a/\">",
    );
    assert_contains(&page, "href=\"/repo/guide/page-b/#targets\"");
    let sitemap = site.read("public/sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1) {
        assert!(
            loc.starts_with("https://user.github.io/repo/"),
            "sitemap entry {loc}"
        );
    }
    assert_contains(
        &site.read("public/robots.txt"),
        "https://user.github.io/repo/sitemap.xml",
    );
    let feed = site.read("public/atom.xml");
    for value in attr_values(&feed, "href") {
        assert!(
            value.starts_with("https://user.github.io/repo/"),
            "atom.xml link {value}"
        );
    }
}

#[test]
fn output_dir_can_be_outside_the_site() {
    let site = Site::basic();
    let out = site.tmp().join("elsewhere/deeper/out");
    let run = site
        .build(&["--output-dir", out.to_str().unwrap()])
        .success();
    assert_contains(&run.stdout, &out.display().to_string());
    assert_contains(
        &read(&out.join("guide/page-a/index.html")),
        "Configure summary paragraph.",
    );
    assert!(
        !site.exists("public"),
        "nothing is written to the default output folder"
    );
}

#[test]
fn root_option_builds_a_site_from_another_folder() {
    let site = Site::basic();
    let mut cmd = site.command(&["build", "--root", "site"]);
    cmd.current_dir(site.tmp());
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The config's `output_dir` is relative to the site, not to the current folder.
    assert!(site.exists("public/guide/page-a/index.html"));
    assert!(!site.tmp().join("public").exists());
}

#[test]
fn builds_are_deterministic() {
    let site = Site::basic();
    let one = site.tmp().join("one");
    let two = site.tmp().join("two");
    site.build(&["-o", one.to_str().unwrap()]).success();
    site.build(&["-o", two.to_str().unwrap()]).success();
    let first = snapshot(&one);
    assert!(first.len() > 15, "{first:?}");
    assert_same_tree("two builds of one site", &first, &snapshot(&two));
    // Rebuilding over an existing output gives the same tree again.
    site.build(&["-o", one.to_str().unwrap()]).success();
    assert_same_tree("a rebuild", &first, &snapshot(&one));
}

#[test]
fn taxonomy_terms_list_their_pages() {
    let mut setup = hrefs_of_class(output("tags/setup/index.html"), "card-link");
    setup.sort_unstable();
    assert_eq!(setup, ["/guide/page-a/", "/guide/page-c/"]);
    assert_eq!(
        hrefs_of_class(output("tags/config/index.html"), "card-link"),
        ["/guide/page-a/"]
    );
    assert_contains(output("tags/index.html"), "href=\"/tags/config/\"");
}

#[test]
fn the_highlighting_cache_changes_nothing_but_time() {
    let site = Site::basic();
    let first = site.tmp().join("first");
    let second = site.tmp().join("second");
    let uncached = site.tmp().join("uncached");
    site.build(&["--output-dir", first.to_str().unwrap()])
        .success();
    let cache_files: Vec<_> = std::fs::read_dir(site.tmp().join("cache/folio"))
        .expect("the cache folder was written")
        .collect();
    assert_eq!(cache_files.len(), 1, "one cache file per site");
    site.build(&["--output-dir", second.to_str().unwrap()])
        .success();
    site.build(&["--no-cache", "--output-dir", uncached.to_str().unwrap()])
        .success();
    let want = crate::util::snapshot(&first);
    crate::util::assert_same_tree(
        "build with a warm cache",
        &want,
        &crate::util::snapshot(&second),
    );
    crate::util::assert_same_tree(
        "build without the cache",
        &want,
        &crate::util::snapshot(&uncached),
    );
    assert!(
        crate::util::read(&second.join("guide/page-a/index.html")).contains("hl-"),
        "highlighted from the cache"
    );
}

#[test]
fn the_theme_css_is_published_minified_and_scripts_and_the_sites_own_files_as_written() {
    let site = Site::basic();
    let own = "/* the site's own comment */\nbody  {  color: red;  }\n";
    site.file("static/css/own.css", own)
        .file("static/js/own.js", "// mine\nlet  x = 1;\n");
    site.build(&[]).success();
    let theme = |rel: &str| {
        std::fs::read_to_string(format!(
            "{}/themes/folio/static/{rel}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    {
        let rel = "css/folio.css";
        let published = site.read(&format!("public/{rel}"));
        let source = theme(rel);
        assert!(
            published.len() * 10 < source.len() * 9,
            "{rel}: {} bytes published from {} of source",
            published.len(),
            source.len()
        );
        assert_not_contains(&published, "\n  ");
    }
    assert_not_contains(&site.read("public/css/folio.css"), "/*");
    // Scripts are published as written (a minifier's mistake would break the page).
    for rel in [
        "js/folio.js",
        "js/search.js",
        "js/search-box.js",
        "js/widgets.js",
    ] {
        assert_eq!(site.read(&format!("public/{rel}")), theme(rel), "{rel}");
    }
    assert_eq!(site.read("public/css/own.css"), own);
    assert_eq!(site.read("public/js/own.js"), "// mine\nlet  x = 1;\n");
}

#[test]
fn a_damaged_highlight_cache_is_ignored_with_one_warning_and_rewritten() {
    let site = Site::basic();
    site.file(
        "content/guide/code.md",
        "+++\ntitle = \"Code\"\n+++\n```rust\nfn main() { println!(\"hi\"); }\n```\n",
    );
    site.build(&[]).success();
    let cache = site.tmp().join("cache/folio");
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("highlight-")
        })
        .expect("a highlight cache file");
    let whole = std::fs::read(&file).unwrap();
    let first = site.read("public/guide/code/index.html");
    // Truncated, as a build killed mid-write by an older folio could leave it.
    std::fs::write(&file, &whole[..whole.len() - 20]).unwrap();
    let run = site.build(&[]).success();
    assert_eq!(
        run.stderr.matches("the highlight cache").count(),
        1,
        "{}",
        run.stderr
    );
    assert_contains(&run.stderr, "is damaged (");
    assert_eq!(
        site.read("public/guide/code/index.html"),
        first,
        "the same page from a fresh highlight"
    );
    // The next build finds a whole file again.
    let run = site.build(&[]).success();
    assert_not_contains(&run.stderr, "highlight cache");
    assert_eq!(std::fs::read(&file).unwrap().len(), whole.len());
}

#[test]
fn scripts_loaded_later_carry_their_own_cache_key() {
    // folio.js loads widgets.js, search.js loads search-box.js, and that loads words.js;
    // each must be fetched anew when it changes, even when the script loading it does not.
    let site = Site::basic();
    site.file(
        "content/guide/code.md",
        "+++\ntitle = \"Code\"\n+++\n```sh\nls\n```\n",
    );
    site.build(&[]).success();
    let keys = |site: &Site| {
        let html = site.read("public/guide/code/index.html");
        let get = |needle: &str| {
            let at = html
                .find(needle)
                .unwrap_or_else(|| panic!("no {needle} in the page"));
            html[at + needle.len()..]
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        (
            get("js/folio.js?"),
            get("data-widgets=\""),
            get("data-box=\""),
            get("data-words=\""),
        )
    };
    let before = keys(&site);
    assert!(before.1.starts_with("h="), "{before:?}");
    for rel in ["widgets.js", "search-box.js", "words.js"] {
        let theme = std::fs::read_to_string(format!(
            "{}/themes/folio/static/js/{rel}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        site.file(
            &format!("static/js/{rel}"),
            &format!("{theme}\n// changed\n"),
        );
    }
    site.build(&[]).success();
    let after = keys(&site);
    assert_eq!(before.0, after.0, "folio.js did not change");
    assert_ne!(before.1, after.1, "widgets.js changed: its key must change");
    assert_ne!(
        before.2, after.2,
        "search-box.js changed: its key must change"
    );
    assert_ne!(before.3, after.3, "words.js changed: its key must change");
}
