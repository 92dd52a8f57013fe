//! The search index and the search box: what `folio build` writes under `search/`, and
//! how the theme's pages load it. The index format is described in `src/search/mod.rs`;
//! these tests read it back the way `search.js` does.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::*;

/// A small site under a sub-path, with CJK text, a draft and an excluded page.
fn site() -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Zyxwv Docs\"\nbase_url = \"https://example.com/docs/\"\n",
    )
    .file(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome to the handbook.\n",
    )
    .file(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nThe guide.\n",
    )
    .file(
        "content/guide/setup.md",
        "+++\ntitle = \"Setup\"\nweight = 1\n+++\nInstall the tool first.\n\n\
         ## Quasar settings {#quasar}\n\nThe quasar option tunes the electric motor.\n\n\
         ## Other\n\nNothing else here.\n",
    )
    .file(
        "content/guide/hefei.md",
        "+++\ntitle = \"合肥的电动汽车\"\nweight = 2\n+++\n合肥市在新能源汽车领域发展迅速。\n",
    )
    .file(
        "content/guide/hidden.md",
        "+++\ntitle = \"Hidden\"\nin_search_index = false\n+++\nThe word plughxyzzy is private.\n",
    )
    .file(
        "content/guide/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\nThe word frobnicatrix is unpublished.\n",
    );
    site
}

/// The files under `public/` of one build of `site()`.
fn built() -> &'static BTreeMap<String, Vec<u8>> {
    static BUILT: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let site = site();
        site.build(&[]).success();
        snapshot(&site.path("public"))
    })
}

#[track_caller]
fn text(path: &str) -> &'static str {
    let bytes = built()
        .get(path)
        .unwrap_or_else(|| panic!("`public/{path}` was not written"));
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

/// The data a shard registers: the JSON after `__folioSearch("kind",n,`.
fn data(script: &str) -> Value {
    assert!(script.starts_with("__folioSearch(\""), "{script}");
    let start = script.find('{').expect("an object");
    let end = script.rfind("});").expect("a closing `});`") + 1;
    serde_json::from_str(&script[start..end]).expect("valid JSON")
}

fn meta() -> Value {
    data(text("search/meta.js"))
}

/// The term shard that holds `term`: the last whose key sorts at or before it.
fn term_shard(term: &str) -> Value {
    let keys = meta()["t"].as_array().expect("keys").clone();
    let n = keys
        .iter()
        .rposition(|k| k.as_str().expect("a key") <= term)
        .expect("the first key is empty");
    data(text(&format!("search/t/{n}.js")))
}

/// The (section, score) postings of `term`, or none.
fn postings(term: &str) -> Vec<(u64, u64)> {
    let shard = term_shard(term);
    let Some(list) = shard[term].as_str() else {
        return Vec::new();
    };
    let bits = meta()["q"].as_u64().expect("score bits");
    let digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut out, mut section, mut v, mut shift) = (Vec::new(), 0, 0u64, 0);
    for c in list.chars() {
        let d = digits.find(c).expect("a base-64 digit") as u64;
        v |= (d & 31) << shift;
        shift += 5;
        if d < 32 {
            section += v >> bits;
            out.push((section, v & ((1 << bits) - 1)));
            (v, shift) = (0, 0);
        }
    }
    out
}

/// URL with `#id` of section `n`, as the store shards give it.
fn section_url(n: u64) -> String {
    let size = meta()["s"].as_u64().expect("store shard size");
    let store = data(text(&format!("search/d/{}.js", n / size)));
    let section = &store["s"][(n % size) as usize];
    let page = &store["p"][section[0].as_u64().expect("page") as usize];
    let url = page[0].as_str().expect("url");
    match section[1].as_str().expect("id") {
        "" => url.to_string(),
        id => format!("{url}#{id}"),
    }
}

#[test]
fn writes_meta_and_shards() {
    let meta = meta();
    let sections = meta["n"].as_u64().expect("section count");
    // Home, Guide, Setup (intro, Quasar settings, Other), 合肥.
    assert_eq!(sections, 6, "{meta}");
    let keys = meta["t"].as_array().expect("keys");
    assert_eq!(keys[0], "", "the first shard starts at the empty key");
    for n in 0..keys.len() {
        assert!(built().contains_key(&format!("search/t/{n}.js")));
    }
    assert!(built().contains_key("search/d/0.js"));
    assert!(meta["v"].as_str().is_some_and(|v| !v.is_empty()));
}

#[test]
fn a_word_leads_to_its_section_under_the_sub_path() {
    let quasar = postings("quasar");
    assert_eq!(quasar.len(), 1, "{quasar:?}");
    assert_eq!(section_url(quasar[0].0), "/docs/guide/setup/#quasar");
    // The text before the first heading links to the page itself.
    let install = postings("install");
    assert_eq!(section_url(install[0].0), "/docs/guide/setup/");
    // Titles are indexed with the page's first section, and outrank the body.
    let setup = postings("setup");
    assert_eq!(section_url(setup[0].0), "/docs/guide/setup/");
    let other = postings("nothing");
    assert!(setup[0].1 > other[0].1, "{setup:?} {other:?}");
}

#[test]
fn store_has_title_breadcrumb_heading_and_excerpt() {
    let n = postings("quasar")[0].0;
    let size = meta()["s"].as_u64().unwrap();
    let store = data(text(&format!("search/d/{}.js", n / size)));
    let section = &store["s"][(n % size) as usize];
    assert_eq!(section[2], "Quasar settings");
    assert_eq!(section[3], "The quasar option tunes the electric motor.");
    let page = &store["p"][section[0].as_u64().unwrap() as usize];
    assert_eq!(page[1], "Setup");
    let crumbs = &store["b"][page[2].as_u64().unwrap() as usize];
    assert_eq!(
        crumbs,
        &serde_json::json!(["Guide"]),
        "ancestors below the root"
    );
}

#[test]
fn cjk_text_is_indexed_as_bigrams_and_characters() {
    for term in ["合肥", "肥市", "电动", "合", "车"] {
        let found = postings(term);
        assert_eq!(found.len(), 1, "{term}: {found:?}");
        assert_eq!(section_url(found[0].0), "/docs/guide/hefei/");
    }
    assert!(postings("合肥市").is_empty(), "no trigrams");
}

#[test]
fn drafts_excluded_pages_and_chrome_are_not_indexed() {
    let all: String = built()
        .iter()
        .filter(|(path, _)| path.starts_with("search/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    // A draft, a page with `in_search_index = false`, and the site title, which only
    // the page chrome shows.
    for word in ["frobnicatrix", "plughxyzzy", "Hidden", "zyxwv", "Zyxwv"] {
        assert_not_contains(&all, word);
    }
    assert!(!all.contains("/docs/guide/draft/"));
}

#[test]
fn every_page_has_a_hidden_search_form_and_the_deferred_script() {
    for page in ["index.html", "guide/index.html", "guide/setup/index.html"] {
        let html = text(page);
        let form = tag_with(html, "role=\"search\"").expect("a search form");
        assert!(
            form.contains(" hidden"),
            "hidden until the script runs: {form}"
        );
        assert_eq!(attr(form, "data-base"), Some("/docs/"));
        let input = tag_with(html, "id=\"folio-search-q\"").expect("the search box");
        assert_eq!(attr(input, "role"), Some("combobox"));
        assert_contains(
            html,
            "<label class=\"visually-hidden\" for=\"folio-search-q\">",
        );
        assert_contains(html, "role=\"listbox\"");
        assert_contains(html, "aria-live=\"polite\"");
        let script = tag_with(html, "js/search.js").expect("the script tag");
        assert!(script.contains(" defer"), "{script}");
        assert!(attr(script, "src").is_some_and(|s| s.starts_with("/docs/js/search.js")));
    }
    // Every page loads only the small loader; the search box itself comes on first use.
    let js = text("js/search.js");
    assert!(js.len() < 1_500, "search.js is {} bytes", js.len());
    let js = text("js/search-box.js");
    assert!(js.len() < 11_000, "search-box.js is {} bytes", js.len());
    assert_contains(js, "__folioSearch");
    // The stemmer and typo check load when a search starts, not with every page.
    assert_contains(js, "words.js");
    assert_contains(text("js/words.js"), "__folioWords");
    assert_not_contains(html_of_pages(), "words.js");
}

#[test]
fn builds_are_byte_for_byte_the_same() {
    let site = site();
    site.build(&[]).success();
    let again = snapshot(&site.path("public"));
    for (path, bytes) in built().iter().filter(|(p, _)| p.starts_with("search/")) {
        assert!(
            again.get(path) == Some(bytes),
            "`{path}` differs between builds"
        );
    }
}

#[test]
fn no_index_and_no_box_when_switched_off() {
    let site = site();
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}build_search_index = false\n"),
    );
    site.build(&[]).success();
    assert!(!site.exists("public/search/meta.js"));
    assert_not_contains(&site.read("public/index.html"), "role=\"search\"");
    assert_not_contains(&site.read("public/index.html"), "search.js");
}

/// Every page's HTML, one after another.
fn html_of_pages() -> &'static str {
    static ALL: OnceLock<String> = OnceLock::new();
    ALL.get_or_init(|| {
        built()
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .collect()
    })
}
