//! Sub-path deploys forgive root-relative links: with `base_url` at
//! `https://user.github.io/repo/`, a link written `/guide/page-a/` or `/img/x.svg` that
//! leads to a page or file of the site gets `/repo` in front; one that leads nowhere,
//! or already has the path, stays as written, and `folio check` reports the first.

use crate::util::{Site, assert_contains, assert_not_contains};

const SUB: &str = "https://user.github.io/repo/";

/// The `basic` fixture with a page of root-relative links (line numbers matter) and a
/// static image.
fn site_with_links(extra: &str) -> Site {
    let site = Site::basic();
    site.file(
        "static/img/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.file(
        "content/guide/links.md",
        &format!(
            "+++\ntitle = \"Links\"\n+++\n\
             [page](/guide/page-a/)\n\n\
             [no slash](/guide/page-a)\n\n\
             [anchor](/guide/page-b/#targets)\n\n\
             ![logo](/img/x.svg)\n\n\
             [prefixed](/repo/reference/api/)\n\n\
             <a href=\"/reference/\">raw link</a> <img src=\"/img/x.svg\" alt=\"raw image\">\n\n\
             {extra}\n"
        ),
    );
    site
}

#[test]
fn root_relative_links_into_the_site_get_the_sub_path() {
    let site = site_with_links("");
    site.build(&["--base-url", SUB]).success();
    let html = site.read("public/guide/links/index.html");
    for want in [
        "href=\"/repo/guide/page-a/\"",
        "href=\"/repo/guide/page-a\"",
        "href=\"/repo/guide/page-b/#targets\"",
        "src=\"/repo/img/x.svg\" alt=\"logo\"",
        "href=\"/repo/reference/api/\"",
        "href=\"/repo/reference/\"",
        "src=\"/repo/img/x.svg\" alt=\"raw image\"",
    ] {
        assert_contains(&html, want);
    }
    assert_not_contains(&html, "/repo/repo/");
    site.run(&["check", "--base-url", SUB]).success();
    // Relative links start from the prefixed ones.
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}relative_urls = true\n"));
    site.build(&["--base-url", SUB]).success();
    let html = site.read("public/guide/links/index.html");
    assert_contains(&html, "href=\"../../guide/page-a/index.html\"");
    assert_contains(&html, "src=\"../../img/x.svg\" alt=\"logo\"");
}

#[test]
fn a_root_relative_link_to_nothing_stays_and_check_reports_it() {
    let site = site_with_links("[gone](/no/such/page/) ![gone](/img/none.svg)");
    // A missing image fails `build` (see `branding.rs`); Zola's warn level lets this
    // one through, to show it is left as written.
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"),
    );
    site.build(&["--base-url", SUB]).success();
    let html = site.read("public/guide/links/index.html");
    assert_contains(&html, "href=\"/no/such/page/\"");
    assert_contains(&html, "src=\"/img/none.svg\"");
    let run = site.run(&["check", "--base-url", SUB]).failure();
    assert_contains(
        &run.stderr,
        "content/guide/links.md:16: broken link `/no/such/page/`",
    );
    assert_contains(&run.stderr, "broken link `/img/none.svg`");
    assert_eq!(
        run.stderr.matches("broken link").count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn at_the_root_links_stay_as_written() {
    let site = site_with_links("");
    site.build(&[]).success();
    let html = site.read("public/guide/links/index.html");
    for want in [
        "href=\"/guide/page-a/\"",
        "href=\"/guide/page-b/#targets\"",
        "src=\"/img/x.svg\" alt=\"logo\"",
        "href=\"/repo/reference/api/\"",
        "href=\"/reference/\"",
    ] {
        assert_contains(&html, want);
    }
}
