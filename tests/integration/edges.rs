//! Edges of publishing and of error reports: `relative_urls` rewrites that keep the
//! HTML as written, and "did you mean" suggestions for unknown names and keys.

use crate::util::{Site, assert_contains};

#[test]
fn relative_urls_rewrite_only_the_path_and_keep_references() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}\nrelative_urls = true\n"));
    site.file(
        "content/guide/raw.md",
        "+++\ntitle = \"Raw\"\n+++\n\
         <a class=\"q\" href=\"/guide/page-b/?a=1&amp;copy;=2&amp;q=&quot;x&quot;#targets\">b</a>\n\n\
         <script>let s = '<a href=\"/guide/\">';</script>\n",
    );
    site.build(&[]).success();
    let html = site.read("public/guide/raw/index.html");
    assert_contains(
        &html,
        "<a class=\"q\" href=\"../../guide/page-b/index.html?a=1&amp;copy;=2&amp;q=&quot;x&quot;#targets\">b</a>",
    );
    assert_contains(&html, "<script>let s = '<a href=\"/guide/\">';</script>");
}
