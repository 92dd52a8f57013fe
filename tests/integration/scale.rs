//! Large sites: a section of 1,200 pages, 700 top-level sections, a chain 50 sections
//! deep, and the bounded navigation folio gives them. Each level of the sidebar shows a
//! window around the reader's path with "N more" rows; on sites of over 500 pages the
//! sections off the path are collapsed to links whose children the theme's script loads
//! from `_nav/<key>.js`; large sections are listed over numbered pages; every page but
//! the home page has breadcrumbs.
//!
//! Each site is generated from a `Model` (sections and pages with explicit weights), so
//! a test knows every URL and each section's child order without asking folio. The
//! larger builds are shared between tests: built once, kept as a snapshot of `public/`.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::util::*;

/// The root section's index in a `Model`.
const ROOT: usize = 0;
/// Children per navigation file (chunks are chained by their `next` argument).
const NAV_CHUNK: usize = 250;
/// Children a windowed sidebar level shows around the reader's path.
const WINDOW: usize = 15;

// ---------------------------------------------------------------------------------
// Generated sites
// ---------------------------------------------------------------------------------

/// A generated site: sections (the root first) holding pages and subsections, each
/// child with an explicit weight, unique within its section.
struct Model {
    /// The base path of every URL: `/`, or `/docs/` for a site under a sub-path.
    base: String,
    /// Extra lines for `config.toml`.
    config: String,
    sections: Vec<Sec>,
    pages: Vec<Pg>,
}

struct Sec {
    /// The folder under `content/` (empty for the root).
    dir: String,
    title: String,
    parent: Option<usize>,
    weight: i64,
    /// Extra front matter lines for `_index.md`.
    front: String,
    /// (weight, child) in the order they were added.
    children: Vec<(i64, Child)>,
}

struct Pg {
    section: usize,
    slug: String,
    title: String,
    weight: i64,
    /// Extra front matter lines.
    front: String,
}

/// A page or section of a `Model`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Child {
    Page(usize),
    Section(usize),
}

impl Model {
    /// A site whose URLs start with `base`, with only a root section.
    fn new(base: &str) -> Model {
        Model {
            base: base.to_string(),
            config: String::new(),
            sections: vec![Sec {
                dir: String::new(),
                title: "Scale".into(),
                parent: None,
                weight: 0,
                front: String::new(),
                children: Vec::new(),
            }],
            pages: Vec::new(),
        }
    }

    /// Adds subsection `name` of `parent`.
    fn section(&mut self, parent: usize, name: &str, weight: i64) -> usize {
        let dir = match self.sections[parent].dir.as_str() {
            "" => name.to_string(),
            up => format!("{up}/{name}"),
        };
        let s = self.sections.len();
        self.sections.push(Sec {
            dir,
            title: format!("Section {name}"),
            parent: Some(parent),
            weight,
            front: String::new(),
            children: Vec::new(),
        });
        self.sections[parent]
            .children
            .push((weight, Child::Section(s)));
        s
    }

    /// Adds page `slug` to `section`.
    fn page(&mut self, section: usize, slug: &str, weight: i64) -> usize {
        let p = self.pages.len();
        self.pages.push(Pg {
            section,
            slug: slug.to_string(),
            title: format!("Page {slug}"),
            weight,
            front: String::new(),
        });
        self.sections[section]
            .children
            .push((weight, Child::Page(p)));
        p
    }

    fn url(&self, c: Child) -> String {
        match c {
            Child::Section(s) => match self.sections[s].dir.as_str() {
                "" => self.base.clone(),
                dir => format!("{}{dir}/", self.base),
            },
            Child::Page(p) => format!(
                "{}{}/",
                self.url(Child::Section(self.pages[p].section)),
                self.pages[p].slug
            ),
        }
    }

    fn title(&self, c: Child) -> &str {
        match c {
            Child::Section(s) => &self.sections[s].title,
            Child::Page(p) => &self.pages[p].title,
        }
    }

    /// The children of section `s` in the order folio should list them: by weight.
    fn children(&self, s: usize) -> Vec<Child> {
        let mut kids = self.sections[s].children.clone();
        kids.sort_by_key(|&(w, _)| w);
        kids.into_iter().map(|(_, c)| c).collect()
    }

    /// The URLs of section `s`'s children, in order.
    fn child_urls(&self, s: usize) -> Vec<String> {
        self.children(s).into_iter().map(|c| self.url(c)).collect()
    }

    /// The sections above `c`, the root first.
    fn ancestors(&self, c: Child) -> Vec<usize> {
        let mut up = match c {
            Child::Page(p) => Some(self.pages[p].section),
            Child::Section(s) => self.sections[s].parent,
        };
        let mut out = Vec::new();
        while let Some(s) = up {
            out.push(s);
            up = self.sections[s].parent;
        }
        out.reverse();
        out
    }

    /// Every page and section, the root included.
    fn items(&self) -> Vec<Child> {
        (0..self.sections.len())
            .map(Child::Section)
            .chain((0..self.pages.len()).map(Child::Page))
            .collect()
    }

    /// Writes `config.toml` and the content files into `site`.
    fn write(&self, site: &Site) {
        site.file(
            "config.toml",
            &format!(
                "title = \"Scale\"\nbase_url = \"https://example.com{}\"\n{}",
                self.base, self.config
            ),
        );
        for s in &self.sections {
            let rel = match s.dir.as_str() {
                "" => "content/_index.md".to_string(),
                dir => format!("content/{dir}/_index.md"),
            };
            let text = format!(
                "+++\ntitle = \"{}\"\nweight = {}\n{}+++\n",
                s.title, s.weight, s.front
            );
            site.file(&rel, &text);
        }
        for p in &self.pages {
            let rel = match self.sections[p.section].dir.as_str() {
                "" => format!("content/{}.md", p.slug),
                dir => format!("content/{dir}/{}.md", p.slug),
            };
            let text = format!(
                "+++\ntitle = \"{}\"\nweight = {}\n{}+++\nThe body of {}.\n",
                p.title, p.weight, p.front, p.slug
            );
            site.file(&rel, &text);
        }
    }
}

/// One section, `wide/`, of `n` pages weighted 1..=n (so `p10` comes after `p9`, not
/// after `p1`).
fn wide(n: usize) -> Model {
    let mut m = Model::new("/");
    let s = m.section(ROOT, "wide", 1);
    for i in 1..=n {
        m.page(s, &format!("p{i}"), i as i64);
    }
    m
}

/// `n` top-level sections with one page each.
fn top_level(n: usize) -> Model {
    let mut m = Model::new("/");
    for i in 1..=n {
        let s = m.section(ROOT, &format!("t{i}"), i as i64);
        m.page(s, "page-one", 1);
    }
    m
}

/// A chain of `depth` sections, `d1/d2/…`, each with one page.
fn deep(depth: usize) -> Model {
    let mut m = Model::new("/");
    let mut at = ROOT;
    for k in 1..=depth {
        at = m.section(at, &format!("d{k}"), 1);
        m.page(at, "leaf", 2);
    }
    m
}

/// 572 pages under the sub-path `/docs/`: pages between the top-level sections, a
/// section of 300 pages with a subsection among them (two navigation chunks), a nested
/// tree with a chain 8 deep and an empty section, and a section of 220 pages.
fn mixed() -> Model {
    let mut m = Model::new("/docs/");
    m.page(ROOT, "intro", 5);
    let alpha = m.section(ROOT, "alpha", 10);
    for i in 1..=300 {
        m.page(alpha, &format!("a{i}"), 10 * i);
    }
    // Between a150 and a151.
    let inner = m.section(alpha, "inner", 1505);
    for i in 1..=5 {
        m.page(inner, &format!("i{i}"), i);
    }
    m.page(ROOT, "faq", 15);
    let tree = m.section(ROOT, "tree", 20);
    let mut chain_top = ROOT;
    for (k, name) in (0..).zip(["a", "b", "c"]) {
        m.page(tree, &format!("{name}-notes"), 10 * k + 1);
        let x = m.section(tree, name, 10 * k + 2);
        m.page(x, "first", 1);
        for j in 1..=3 {
            let y = m.section(x, &format!("{name}{j}"), 2 * j);
            for q in 1..=3 {
                m.page(y, &format!("q{q}"), q);
            }
            if chain_top == ROOT {
                chain_top = y;
            }
        }
        m.page(x, "last", 100);
    }
    let mut at = chain_top;
    for k in 1..=8 {
        at = m.section(at, &format!("c{k}"), 10 + k);
        m.page(at, "leaf", 1);
    }
    m.section(tree, "empty", 99);
    let beta = m.section(ROOT, "beta", 30);
    for i in 1..=220 {
        m.page(beta, &format!("b{i}"), i);
    }
    m.page(ROOT, "changelog", 40);
    m
}

// ---------------------------------------------------------------------------------
// Builds
// ---------------------------------------------------------------------------------

/// A model built by `folio build`, its `public/` folder kept in memory.
struct Built {
    name: &'static str,
    model: Model,
    files: BTreeMap<String, Vec<u8>>,
    took: Duration,
}

impl Built {
    /// Writes `model` into a fresh site and builds it.
    fn of(name: &'static str, model: Model) -> Built {
        let site = Site::empty();
        model.write(&site);
        Built::from_site(name, model, &site)
    }

    /// Builds `site`, which holds `model`, asserting success.
    fn from_site(name: &'static str, model: Model, site: &Site) -> Built {
        let start = Instant::now();
        site.build(&[]).success();
        let took = start.elapsed();
        eprintln!(
            "scale: built {name} ({} pages, {} sections) in {took:.2?}",
            model.pages.len(),
            model.sections.len()
        );
        Built {
            name,
            model,
            files: snapshot(&site.path("public")),
            took,
        }
    }

    /// The output file of a URL of the site: `/docs/a/` → `a/index.html`.
    #[track_caller]
    fn file_of(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(self.model.base.as_str())
            .unwrap_or_else(|| {
                panic!(
                    "{}: {url:?} is not under the base path {:?}",
                    self.name, self.model.base
                )
            });
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    }

    fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// The text of `public/<rel>`.
    #[track_caller]
    fn text(&self, rel: &str) -> &str {
        match self.files.get(rel) {
            Some(b) => std::str::from_utf8(b).expect("UTF-8 output"),
            None => panic!(
                "{}: `public/{rel}` was not written ({} files in the output)",
                self.name,
                self.files.len()
            ),
        }
    }

    /// The HTML file of a URL of the site.
    #[track_caller]
    fn html(&self, url: &str) -> &str {
        self.text(&self.file_of(url))
    }

    /// Every HTML file: (path under `public/`, text).
    fn html_files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.as_str(), std::str::from_utf8(b).expect("UTF-8 output")))
    }
}

fn wide_150() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| Built::of("wide-150", wide(150)))
}

fn wide_1200() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| Built::of("wide-1200", wide(1200)))
}

fn top_700() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| Built::of("top-700", top_level(700)))
}

fn mixed_572() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| Built::of("mixed-572", mixed()))
}

// ---------------------------------------------------------------------------------
// Reading the HTML
// ---------------------------------------------------------------------------------

/// The first element that starts with `open` (e.g. `<nav class="site-nav"`), up to and
/// including the first `close` after it (for elements that do not nest).
fn element<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let len = html[start..].find(close)? + close.len();
    Some(&html[start..start + len])
}

/// The sidebar of a page.
#[track_caller]
fn sidebar<'a>(html: &'a str, file: &str) -> &'a str {
    element(html, "<nav class=\"site-nav\"", "</nav>")
        .unwrap_or_else(|| panic!("{file} has no <nav class=\"site-nav\">"))
}

/// The `href` of every `<a>` in `html`, in document order.
fn link_hrefs(html: &str) -> Vec<&str> {
    html.match_indices("<a ")
        .filter_map(|(at, _)| {
            let end = at + html[at..].find('>')?;
            attr(&html[at..=end], "href")
        })
        .collect()
}

/// The `href`s of the cards (`<a class="card-link">`) of a listing page, in order.
fn card_hrefs(html: &str) -> Vec<&str> {
    html.match_indices("class=\"card-link\"")
        .filter_map(|(at, _)| {
            let start = html[..at].rfind('<')?;
            let end = at + html[at..].find('>')?;
            attr(&html[start..=end], "href")
        })
        .collect()
}

/// The "N more" rows of a sidebar: (N, href).
fn more_rows(sidebar: &str) -> Vec<(usize, &str)> {
    sidebar
        .match_indices("class=\"nav-item nav-more\"")
        .filter_map(|(at, _)| {
            let rest = &sidebar[at..];
            let a = rest.find("<a ")?;
            let end = a + rest[a..].find('>')?;
            let href = attr(&rest[a..=end], "href")?;
            let count = rest[end + 1..].split(" more").next()?.trim().parse().ok()?;
            Some((count, href))
        })
        .collect()
}

/// The collapsed section rows of a sidebar: (`data-nav`, the section's URL).
fn collapsed_rows(sidebar: &str) -> Vec<(&str, &str)> {
    sidebar
        .match_indices(" data-nav=\"")
        .filter_map(|(at, _)| {
            let start = sidebar[..at].rfind('<')?;
            let end = at + sidebar[at..].find('>')?;
            let nav = attr(&sidebar[start..=end], "data-nav")?;
            let rest = &sidebar[end..];
            let a = rest.find("<a ")?;
            let a_end = a + rest[a..].find('>')?;
            Some((nav, attr(&rest[a..=a_end], "href")?))
        })
        .collect()
}

/// A page's size beyond its body: its bytes less its `<div class="content">` element
/// (the rendered Markdown). Pages without one count whole.
fn beyond_body(html: &str) -> usize {
    let Some(start) = html.find("<div class=\"content\">") else {
        return html.len();
    };
    let (mut depth, mut at) = (0usize, start);
    loop {
        let open = html[at..].find("<div").map(|i| at + i);
        let close = html[at..].find("</div").map(|i| at + i);
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                at = o + 4;
            }
            (_, Some(c)) => {
                depth -= 1;
                at = c + 5;
                if depth == 0 {
                    let end = c + html[c..].find('>').expect("a closed </div>") + 1;
                    return html.len() - (end - start);
                }
            }
            _ => panic!("an unclosed <div class=\"content\">"),
        }
    }
}

/// The largest beyond-body sizes of a build: of the model's pages, and of the other
/// HTML files (section and listing pages, home, 404), each with its file.
struct Largest {
    page: (usize, String),
    other: (usize, String),
}

impl Largest {
    fn of(b: &Built) -> Largest {
        let pages: BTreeSet<String> = (0..b.model.pages.len())
            .map(|p| b.file_of(&b.model.url(Child::Page(p))))
            .collect();
        let mut out = Largest {
            page: (0, String::new()),
            other: (0, String::new()),
        };
        for (file, html) in b.html_files() {
            let size = beyond_body(html);
            let slot = if pages.contains(file) {
                &mut out.page
            } else {
                &mut out.other
            };
            if size > slot.0 {
                *slot = (size, file.to_string());
            }
        }
        out
    }

    fn max(&self) -> usize {
        self.page.0.max(self.other.0)
    }

    fn describe(&self, b: &Built) -> String {
        format!(
            "{}: largest page {} B ({}), largest other {} B ({}), built in {:.1?}",
            b.name, self.page.0, self.page.1, self.other.0, self.other.1, b.took
        )
    }
}

/// Asserts that `problems` is empty, printing the first few of them.
#[track_caller]
fn assert_none(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problems, the first:\n  {}",
        problems.len(),
        problems
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

// ---------------------------------------------------------------------------------
// 1. Width
// ---------------------------------------------------------------------------------

#[test]
fn wide_section_pages_stay_small() {
    const BOUND: usize = 25_000;
    const GROWTH: usize = 2_000;
    let (narrow, wide) = (wide_150(), wide_1200());
    let (small, large) = (Largest::of(narrow), Largest::of(wide));
    let report = format!("{}\n{}", small.describe(narrow), large.describe(wide));
    eprintln!("{report}");
    for l in [&small, &large] {
        assert!(
            l.max() < BOUND,
            "a page is over {BOUND} B beyond its body:\n{report}"
        );
    }
    assert!(
        large.page.0.abs_diff(small.page.0) < GROWTH,
        "pages grow with the width of their section (150 → 1,200 siblings):\n{report}"
    );
    assert!(
        large.max().abs_diff(small.max()) < GROWTH,
        "the largest page grows with the width of the section (150 → 1,200):\n{report}"
    );

    // The sidebar of pages at both ends, in the middle, and where the window ends or
    // starts at a listing-page boundary (children 100 and 101 are on different pages):
    // a window of 15 siblings around the page, and "N more" rows that account for the
    // rest and link to the listing page holding the nearest hidden sibling.
    for b in [narrow, wide] {
        let kids = b.model.child_urls(1);
        let n = kids.len();
        for i in [0, 1, 92, 107, n / 2, n - 2, n - 1] {
            let html = b.html(&kids[i]);
            let nav = sidebar(html, &kids[i]);
            let shown: Vec<usize> = (0..n)
                .filter(|&j| nav.contains(&format!("href=\"{}\"", kids[j])))
                .collect();
            let first = shown.first().copied().unwrap_or(0);
            let last = shown.last().copied().unwrap_or(0);
            assert!(
                shown.len() == WINDOW && last - first + 1 == WINDOW && shown.contains(&i),
                "{}: the sidebar of {} shows siblings {shown:?}, not a window of {WINDOW} around {i}",
                b.name,
                kids[i]
            );
            let more = more_rows(nav);
            let mut want = Vec::new();
            if first > 0 {
                want.push((first, first - 1));
            }
            if last + 1 < n {
                want.push((n - 1 - last, last + 1));
            }
            assert_eq!(
                more.iter().map(|m| m.0).collect::<Vec<_>>(),
                want.iter().map(|w| w.0).collect::<Vec<_>>(),
                "{}: the \"more\" rows of {} (showing {first}..={last} of {n}): {more:?}",
                b.name,
                kids[i]
            );
            for (&(_, href), &(_, nearest)) in more.iter().zip(&want) {
                let listing = b.html(href);
                assert!(
                    card_hrefs(listing).contains(&kids[nearest].as_str()),
                    "{}: on {}, the \"more\" row links to {href}, which does not list the nearest hidden sibling {}",
                    b.name,
                    kids[i],
                    kids[nearest]
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// 2. Many top-level sections
// ---------------------------------------------------------------------------------

#[test]
fn many_top_level_sections() {
    const BOUND: usize = 40_000;
    let b = top_700();
    let largest = Largest::of(b);
    eprintln!("{}", largest.describe(b));
    assert!(
        largest.max() < BOUND,
        "a page is over {BOUND} B beyond its body:\n{}",
        largest.describe(b)
    );

    // 700 children at 100 a listing page: the home page and /page/2/ … /page/7/.
    for n in 2..=7 {
        assert!(
            b.has(&format!("page/{n}/index.html")),
            "no home listing page {n}"
        );
    }
    assert!(!b.has("page/8/index.html"), "an eighth home listing page");
    let first = b.text("page/1/index.html");
    assert_contains(first, "http-equiv=\"refresh\" content=\"0; url=/\"");
    let overview = element(
        b.text("page/2/index.html"),
        "<ol class=\"overview-list\"",
        "</ol>",
    )
    .expect("an overview on the second home listing page");
    let sections: Vec<&str> = link_hrefs(overview)
        .into_iter()
        .filter(|h| !h.contains("/page-one/"))
        .collect();
    assert_eq!(
        (sections.len(), sections.first(), sections.last()),
        (100, Some(&"/t101/"), Some(&"/t200/")),
        "the sections on the second home listing page"
    );

    // A page in the middle: the root level is a window of 15 sections, its own open,
    // the 14 others collapsed to links to their navigation files.
    let url = b.model.url(Child::Page(349));
    let nav = sidebar(b.html(&url), &url);
    let collapsed = collapsed_rows(nav);
    let more: usize = more_rows(nav).iter().map(|m| m.0).sum();
    assert_eq!(
        (collapsed.len(), more),
        (WINDOW - 1, 700 - WINDOW),
        "{url}: collapsed sections and hidden ones in the sidebar: {collapsed:?}"
    );
    assert_contains(nav, &format!("href=\"{url}\" aria-current=\"page\""));
}

// ---------------------------------------------------------------------------------
// 3. Depth
// ---------------------------------------------------------------------------------

/// Breadcrumb and sidebar problems of every page and section of `b`: breadcrumbs list
/// the ancestors (home first) and the item, and the sidebar shows the path down to it.
fn trail_problems(b: &Built) -> Vec<String> {
    let m = &b.model;
    let mut problems = Vec::new();
    if b.text("index.html").contains("class=\"breadcrumbs\"") {
        problems.push("the home page has breadcrumbs".to_string());
    }
    for item in m.items() {
        if item == Child::Section(ROOT) {
            continue;
        }
        let url = m.url(item);
        let html = b.html(&url);
        let ancestors = m.ancestors(item);
        let mut want: Vec<String> = ancestors
            .iter()
            .map(|&s| m.url(Child::Section(s)))
            .collect();
        want.push(url.clone());
        match element(html, "<nav class=\"breadcrumbs\"", "</nav>") {
            None => problems.push(format!("{url}: no breadcrumbs")),
            Some(crumbs) => {
                let items = crumbs.matches("<li").count();
                let got = link_hrefs(crumbs);
                if items != want.len() || got != want {
                    problems.push(format!(
                        "{url}: {items} breadcrumbs {got:?}, want {} {want:?}",
                        want.len()
                    ));
                }
            }
        }
        let nav = sidebar(html, &url);
        let hrefs: BTreeSet<&str> = link_hrefs(nav).into_iter().collect();
        let missing: Vec<&String> = want
            .iter()
            .filter(|u| !hrefs.contains(u.as_str()))
            .collect();
        if !missing.is_empty() {
            problems.push(format!("{url}: the sidebar lacks the path {missing:?}"));
        }
        if !nav.contains(&format!("href=\"{url}\" aria-current=\"page\"")) {
            problems.push(format!("{url}: the sidebar does not mark it current"));
        }
    }
    problems
}

#[test]
fn deep_tree() {
    let b = Built::of("deep-50", deep(50));
    let leaf = b.model.url(Child::Page(49));
    assert_eq!(leaf.matches('/').count(), 52, "{leaf}");
    assert_none(
        &format!("{} built in {:.1?}", b.name, b.took),
        &trail_problems(&b),
    );
    // The deepest page: home, 50 sections, itself.
    let crumbs = element(b.html(&leaf), "<nav class=\"breadcrumbs\"", "</nav>").unwrap();
    assert_eq!(crumbs.matches("<li").count(), 52, "{crumbs}");
}

#[test]
fn mixed_site_pages_have_their_trail() {
    let b = mixed_572();
    assert_none(b.name, &trail_problems(b));
}

// ---------------------------------------------------------------------------------
// 4. Reachability
// ---------------------------------------------------------------------------------

/// Where `href` on output file `from` leads: `None` for links out of the site and for
/// fragments of the same page, else `Ok(output file)` (which may not exist) or
/// `Err(path)` for a root-relative path outside the site's base path.
fn target(b: &Built, from: &str, href: &str) -> Option<Result<String, String>> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    let path = if let Some(rest) = href.strip_prefix("https://example.com/") {
        format!("/{rest}")
    } else if href.starts_with("//") || href.split('/').next().is_some_and(|s| s.contains(':')) {
        return None;
    } else if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{dir}{href}", b.model.base)
    };
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let dir_like = matches!(segments.last(), Some(&"" | &"." | &".."));
    for seg in segments {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut full = format!("/{}", parts.join("/"));
    if dir_like && !full.ends_with('/') {
        full.push('/');
    }
    let Some(rel) = full.strip_prefix(b.model.base.as_str()) else {
        return Some(Err(full));
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if !b.has(rel) && b.has(&format!("{rel}/index.html")) {
        format!("{rel}/index.html")
    } else {
        rel.to_string()
    };
    Some(Ok(file))
}

/// Crawls from `index.html` along every `<a href>` inside the site. Returns the HTML
/// files reached and the broken links (`file: href`).
fn crawl(b: &Built) -> (BTreeSet<String>, Vec<String>) {
    let mut seen = BTreeSet::from(["index.html".to_string()]);
    let mut queue = VecDeque::from(["index.html".to_string()]);
    let mut broken = Vec::new();
    while let Some(file) = queue.pop_front() {
        for href in link_hrefs(b.text(&file)) {
            match target(b, &file, href) {
                None => {}
                Some(Err(path)) => broken.push(format!("{file}: {href} (outside {path})")),
                Some(Ok(to)) if !b.has(&to) => broken.push(format!("{file}: {href}")),
                Some(Ok(to)) if to.ends_with(".html") && seen.insert(to.clone()) => {
                    queue.push_back(to);
                }
                Some(Ok(_)) => {}
            }
        }
    }
    (seen, broken)
}

#[test]
fn every_page_is_reachable_without_javascript() {
    for b in [wide_150(), wide_1200(), top_700(), mixed_572()] {
        let (reached, broken) = crawl(b);
        let missing: Vec<String> = b
            .model
            .items()
            .into_iter()
            .map(|c| b.model.url(c))
            .filter(|u| !reached.contains(&b.file_of(u)))
            .collect();
        assert_none(
            &format!(
                "{}: unreached from index.html ({} files reached, {} pages and sections)",
                b.name,
                reached.len(),
                b.model.pages.len() + b.model.sections.len()
            ),
            &missing,
        );
        assert_none(&format!("{}: broken links", b.name), &broken);
    }
}

// ---------------------------------------------------------------------------------
// 5. Navigation files
// ---------------------------------------------------------------------------------

/// One `_nav/*.js` file: `__folioNav(own URL, [[title, url, nav], …], next)`.
struct NavFile {
    own: String,
    items: Vec<(String, String, String)>,
    next: String,
}

/// The navigation files of a build, by URL.
fn nav_files(b: &Built) -> BTreeMap<String, NavFile> {
    let mut out = BTreeMap::new();
    for (rel, bytes) in b.files.range("_nav/".to_string()..) {
        if !rel.starts_with("_nav/") {
            break;
        }
        if !rel.ends_with(".js") {
            continue;
        }
        let text = std::str::from_utf8(bytes).expect("UTF-8 navigation file");
        let args = text
            .trim_end()
            .strip_prefix("__folioNav(")
            .and_then(|t| t.strip_suffix(");"))
            .unwrap_or_else(|| {
                panic!("{}: {rel} is not a __folioNav(…) call: {text:.200}", b.name)
            });
        let (own, items, next) = serde_json::from_str(&format!("[{args}]"))
            .unwrap_or_else(|e| panic!("{}: {rel}: {e}: {text:.200}", b.name));
        out.insert(
            format!("{}{rel}", b.model.base),
            NavFile { own, items, next },
        );
    }
    out
}

/// Checks the navigation files of a site of over 500 pages against its model. Returns
/// the problems and (sections checked, the longest chain of chunks).
fn nav_problems(b: &Built) -> (Vec<String>, usize, usize) {
    let m = &b.model;
    let files = nav_files(b);
    let mut problems = Vec::new();
    if files.is_empty() {
        problems.push("no navigation files under _nav/".to_string());
        return (problems, 0, 0);
    }
    // Each file on its own.
    for (url, f) in &files {
        if &f.own != url {
            problems.push(format!("{url} calls itself {:?}", f.own));
        }
        if f.items.is_empty() || f.items.len() > NAV_CHUNK {
            problems.push(format!("{url} lists {} children", f.items.len()));
        }
        if !f.next.is_empty() && !files.contains_key(&f.next) {
            problems.push(format!("{url}: its next chunk {} does not exist", f.next));
        }
        for (_, item, _) in &f.items {
            let exists = item.starts_with(m.base.as_str()) && b.has(&b.file_of(item));
            if !exists {
                problems.push(format!("{url} lists {item}, which was not written"));
            }
        }
    }
    // Section URL → its first navigation file, from the sidebars and the files.
    let mut first: HashMap<String, String> = HashMap::new();
    let mut note = |section: &str, nav: &str, seen_in: &str, problems: &mut Vec<String>| {
        if !files.contains_key(nav) {
            problems.push(format!(
                "{seen_in}: {section} names nav file {nav}, which does not exist"
            ));
        }
        if let Some(was) = first.insert(section.to_string(), nav.to_string())
            && was != nav
        {
            problems.push(format!(
                "{seen_in}: {section} has nav file {nav}, elsewhere {was}"
            ));
        }
    };
    for (file, html) in b.html_files() {
        if let Some(nav) = element(html, "<nav class=\"site-nav\"", "</nav>") {
            for (key, section) in collapsed_rows(nav) {
                note(section, key, file, &mut problems);
            }
        }
    }
    for (url, f) in &files {
        for (_, item, key) in f.items.iter().filter(|i| !i.2.is_empty()) {
            note(item, key, url, &mut problems);
        }
    }
    // Each section's chain against its children. The root is always open in the
    // sidebar, so nothing links to its file: it is the one head nobody names.
    let nexts: BTreeSet<&str> = files.values().map(|f| f.next.as_str()).collect();
    let named: BTreeSet<&str> = first.values().map(String::as_str).collect();
    let unnamed: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|u| !nexts.contains(u) && !named.contains(u))
        .collect();
    if unnamed.len() > 1 {
        problems.push(format!(
            "navigation files that no section names: {unnamed:?}"
        ));
    }
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let (mut checked, mut longest) = (0, 0);
    for s in 0..m.sections.len() {
        let url = m.url(Child::Section(s));
        let kids = m.children(s);
        let head = if s == ROOT {
            unnamed.first().map(|u| u.to_string())
        } else {
            first.get(&url).cloned()
        };
        if kids.is_empty() {
            if let Some(h) = head {
                problems.push(format!("the empty section {url} has navigation file {h}"));
            }
            continue;
        }
        let Some(head) = head else {
            if s != ROOT {
                problems.push(format!("section {url} has no navigation file"));
            }
            continue;
        };
        let (mut got, mut chunks, mut at) = (Vec::new(), 0, head.clone());
        while let Some(f) = files.get(&at) {
            if !visited.insert(at.clone()) {
                problems.push(format!("{url}: the chain from {head} reaches {at} twice"));
                break;
            }
            chunks += 1;
            got.extend(f.items.iter());
            if f.next.is_empty() {
                break;
            }
            at = f.next.clone();
        }
        checked += 1;
        longest = longest.max(chunks);
        let want: Vec<(String, String, bool)> = kids
            .iter()
            .map(|&c| {
                let nested = matches!(c, Child::Section(cs) if !m.sections[cs].children.is_empty());
                (m.title(c).to_string(), m.url(c), nested)
            })
            .collect();
        let got_urls: Vec<&str> = got.iter().map(|i| i.1.as_str()).collect();
        let want_urls: Vec<&str> = want.iter().map(|w| w.1.as_str()).collect();
        if got_urls != want_urls {
            let at = got_urls.iter().zip(&want_urls).position(|(g, w)| g != w);
            problems.push(format!(
                "{url}: its {chunks} navigation chunks list {} children, want {}; first difference at {at:?}: {:?} vs {:?}",
                got_urls.len(),
                want_urls.len(),
                at.map(|i| got_urls[i]),
                at.map(|i| want_urls[i])
            ));
            continue;
        }
        for ((title, u, key), (want_title, _, nested)) in got.iter().zip(&want) {
            if title != want_title {
                problems.push(format!(
                    "{url}: child {u} is titled {title:?}, want {want_title:?}"
                ));
            }
            if *nested == key.is_empty() || (*nested && first.get(u) != Some(key)) {
                problems.push(format!("{url}: child {u} has nav file {key:?}"));
            }
        }
    }
    let orphans: Vec<&String> = files.keys().filter(|u| !visited.contains(*u)).collect();
    if !orphans.is_empty() {
        problems.push(format!(
            "navigation files in no section's chain: {orphans:?}"
        ));
    }
    (problems, checked, longest)
}

#[test]
fn navigation_files_list_each_section() {
    let mut report = Vec::new();
    let mut longest = Vec::new();
    for b in [wide_1200(), top_700(), mixed_572()] {
        let (problems, checked, chain) = nav_problems(b);
        assert_none(&format!("{}: navigation files", b.name), &problems);
        let want = b
            .model
            .sections
            .iter()
            .filter(|s| !s.children.is_empty())
            .count();
        assert!(
            checked + 1 >= want,
            "{}: checked {checked} of {want} sections with children",
            b.name
        );
        report.push(format!(
            "{}: {checked} sections, longest chain {chain}",
            b.name
        ));
        longest.push(chain);
    }
    // 1,200 children make five chunks, 700 three, alpha's 301 two.
    eprintln!("{}", report.join("\n"));
    assert_eq!(longest, [5, 3, 2], "{report:?}");
    // Collapsed sections carry the base path: the mixed site lives under /docs/.
    let b = mixed_572();
    let url = b.model.url(Child::Page(b.model.pages.len() - 2));
    let rows = collapsed_rows(sidebar(b.html(&url), &url));
    assert!(
        !rows.is_empty() && rows.iter().all(|(nav, _)| nav.starts_with("/docs/_nav/")),
        "{url}: collapsed rows {rows:?}"
    );
}

// ---------------------------------------------------------------------------------
// 6. Listing pages
// ---------------------------------------------------------------------------------

/// The pagination of a listing page: (previous, next, the numbered links), each link
/// as `"<n> <url>"`, `"<n>* <url>"` for the current one, `"…"` for a gap.
type Pagination = (Option<String>, Option<String>, Vec<String>);

fn pagination(html: &str) -> Option<Pagination> {
    let nav = element(html, "<nav class=\"pagination\"", "</nav>")?;
    let rel = |r: &str| {
        tag_with(nav, &format!("rel=\"{r}\""))
            .and_then(|t| attr(t, "href"))
            .map(str::to_string)
    };
    let mut links = Vec::new();
    for li in nav.split("<li").skip(1) {
        if li.contains(" rel=\"") {
            continue;
        }
        if li.contains('…') {
            links.push("…".to_string());
            continue;
        }
        let href = attr(li, "href").unwrap_or("?");
        let n = li
            .rsplit("</span>")
            .next()
            .and_then(|t| t.split("</a>").next())
            .unwrap_or("?");
        let current = if li.contains("aria-current=\"page\"") {
            "*"
        } else {
            ""
        };
        links.push(format!("{n}{current} {href}"));
    }
    Some((rel("prev"), rel("next"), links))
}

/// A site of 480 pages: `s/` (250 pages, `paginate_by = 100` in its front matter, and
/// `paginate_path` if given), `t/` (10, the config's `paginate_by = 7`), `u/` (120,
/// `paginate_by = 0`) and `w/` (100, `paginate_by = 10`, each page tagged `all`, with
/// 40 pages a term listing page).
fn listings(paginate_path: Option<&str>) -> Model {
    let mut m = Model::new("/");
    m.config = "paginate_by = 7\ntaxonomies = [{ name = \"tags\", paginate_by = 40 }]\n".into();
    let s = m.section(ROOT, "s", 1);
    m.sections[s].front = "paginate_by = 100\n".into();
    if let Some(p) = paginate_path {
        m.sections[s].front += &format!("paginate_path = \"{p}\"\n");
    }
    for (name, weight, front, count) in [
        ("s", 1, "", 250),
        ("t", 2, "", 10),
        ("u", 3, "paginate_by = 0\n", 120),
        ("w", 4, "paginate_by = 10\n", 100),
    ] {
        let sec = if name == "s" {
            s
        } else {
            let sec = m.section(ROOT, name, weight);
            m.sections[sec].front = front.into();
            sec
        };
        for i in 1..=count {
            let p = m.page(sec, &format!("{name}{i}"), i);
            if name == "w" {
                m.pages[p].front = "[taxonomies]\ntags = [\"all\"]\n".into();
            }
        }
    }
    m
}

/// Asserts that listing file `rel` of `b` shows the cards `want` and the pagination
/// `(previous, next, links)`.
#[track_caller]
fn assert_listing(
    b: &Built,
    rel: &str,
    want: &[String],
    nav: Option<(Option<&str>, Option<&str>, &[&str])>,
) {
    let html = b.text(rel);
    let cards = card_hrefs(html);
    assert!(
        cards == want,
        "{}: {rel} shows {} cards, want {} (first {:?} / {:?}, last {:?} / {:?})",
        b.name,
        cards.len(),
        want.len(),
        cards.first(),
        want.first(),
        cards.last(),
        want.last()
    );
    let got = pagination(html);
    let want_nav = nav.map(|(prev, next, links)| {
        (
            prev.map(str::to_string),
            next.map(str::to_string),
            links.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
        )
    });
    assert_eq!(got, want_nav, "{}: the pagination of {rel}", b.name);
}

#[test]
fn pagination_links_are_complete() {
    let site = Site::empty();
    let m = listings(None);
    m.write(&site);
    let b = Built::from_site("listings", m, &site);
    let s = b.model.child_urls(1);
    let page = |range: std::ops::Range<usize>| s[range].to_vec();

    // s/: 250 children at 100 a page.
    assert_listing(
        &b,
        "s/index.html",
        &page(0..100),
        Some((
            None,
            Some("/s/page/2/"),
            &["1* /s/", "2 /s/page/2/", "3 /s/page/3/"],
        )),
    );
    assert_listing(
        &b,
        "s/page/2/index.html",
        &page(100..200),
        Some((
            Some("/s/"),
            Some("/s/page/3/"),
            &["1 /s/", "2* /s/page/2/", "3 /s/page/3/"],
        )),
    );
    assert_listing(
        &b,
        "s/page/3/index.html",
        &page(200..250),
        Some((
            Some("/s/page/2/"),
            None,
            &["1 /s/", "2 /s/page/2/", "3* /s/page/3/"],
        )),
    );
    assert!(!b.has("s/page/4/index.html"), "a fourth listing page of s/");
    // Listing pages are in the sitemap (as in Zola); the redirect is not.
    let sitemap = b.text("sitemap.xml");
    for url in ["/s/page/2/", "/s/page/3/", "/t/page/2/"] {
        assert_contains(sitemap, &format!("<loc>https://example.com{url}</loc>"));
    }
    assert!(
        !sitemap.contains("/s/page/1/"),
        "the redirect is in the sitemap"
    );
    assert_contains(
        b.text("s/page/1/index.html"),
        "http-equiv=\"refresh\" content=\"0; url=/s/\"",
    );

    // t/: the config's paginate_by = 7.
    let t = b.model.child_urls(2);
    assert_listing(
        &b,
        "t/index.html",
        &t[..7],
        Some((None, Some("/t/page/2/"), &["1* /t/", "2 /t/page/2/"])),
    );
    assert!(b.has("t/page/2/index.html") && !b.has("t/page/3/index.html"));

    // u/: paginate_by = 0 lists all 120 on one page.
    assert_listing(&b, "u/index.html", &b.model.child_urls(3), None);
    assert!(!b.has("u/page/2/index.html") && !b.has("u/page/1/index.html"));

    // w/: ten listing pages, a window of numbers with the first and the last.
    let w = b.model.child_urls(4);
    assert_listing(
        &b,
        "w/index.html",
        &w[..10],
        Some((
            None,
            Some("/w/page/2/"),
            &[
                "1* /w/",
                "2 /w/page/2/",
                "3 /w/page/3/",
                "…",
                "10 /w/page/10/",
            ],
        )),
    );
    assert_listing(
        &b,
        "w/page/5/index.html",
        &w[40..50],
        Some((
            Some("/w/page/4/"),
            Some("/w/page/6/"),
            &[
                "1 /w/",
                "…",
                "3 /w/page/3/",
                "4 /w/page/4/",
                "5* /w/page/5/",
                "6 /w/page/6/",
                "7 /w/page/7/",
                "…",
                "10 /w/page/10/",
            ],
        )),
    );
    assert_listing(
        &b,
        "w/page/10/index.html",
        &w[90..],
        Some((
            Some("/w/page/9/"),
            None,
            &[
                "1 /w/",
                "…",
                "8 /w/page/8/",
                "9 /w/page/9/",
                "10* /w/page/10/",
            ],
        )),
    );
    assert!(!b.has("w/page/11/index.html"));

    // The home page has 4 children: one listing page.
    assert!(!b.has("page/2/index.html") && pagination(b.text("index.html")).is_none());

    // The term `all` (100 pages, 40 a page): three listing pages showing each page once.
    let mut tagged = Vec::new();
    for rel in [
        "tags/all/index.html",
        "tags/all/page/2/index.html",
        "tags/all/page/3/index.html",
    ] {
        let cards = card_hrefs(b.text(rel));
        tagged.push(cards.len());
    }
    assert_eq!(
        tagged,
        [40, 40, 20],
        "cards on the listing pages of tags/all/"
    );
    let all: BTreeSet<&str> = [
        "tags/all/index.html",
        "tags/all/page/2/index.html",
        "tags/all/page/3/index.html",
    ]
    .into_iter()
    .flat_map(|rel| card_hrefs(b.text(rel)))
    .collect();
    assert_eq!(
        all,
        w.iter().map(String::as_str).collect(),
        "the pages of tags/all/"
    );
    assert!(!b.has("tags/all/page/4/index.html"));
    assert_contains(
        b.text("tags/all/page/1/index.html"),
        "http-equiv=\"refresh\" content=\"0; url=/tags/all/\"",
    );
    assert_contains(
        b.text("sitemap.xml"),
        "<loc>https://example.com/tags/all/page/3/</loc>",
    );

    // paginate_path = "p" moves s/'s listing pages to /s/p/<n>/.
    let m = listings(Some("p"));
    m.write(&site);
    let b = Built::from_site("listings, paginate_path = \"p\"", m, &site);
    assert_listing(
        &b,
        "s/p/2/index.html",
        &page(100..200),
        Some((
            Some("/s/"),
            Some("/s/p/3/"),
            &["1 /s/", "2* /s/p/2/", "3 /s/p/3/"],
        )),
    );
    assert!(b.has("s/p/3/index.html") && !b.has("s/p/4/index.html"));
    assert!(!b.has("s/page/2/index.html"), "s/page/2/ is still written");
    assert_contains(
        b.text("s/p/1/index.html"),
        "http-equiv=\"refresh\" content=\"0; url=/s/\"",
    );
    assert!(b.has("w/page/2/index.html"), "other sections keep `page`");

    // A paginate_path that is not one URL segment is an error naming the file.
    site.file(
        "content/s/_index.md",
        "+++\ntitle = \"Section s\"\npaginate_path = \"../x\"\n+++\n",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["content/s/_index.md", "paginate_path"]);
}

// ---------------------------------------------------------------------------------
// 7. Small sites
// ---------------------------------------------------------------------------------

#[test]
fn small_sites_show_the_full_tree() {
    let mut m = Model::new("/");
    m.page(ROOT, "welcome", 1);
    let a = m.section(ROOT, "a", 2);
    let b = m.section(ROOT, "b", 3);
    for i in 1..=4 {
        m.page(a, &format!("a{i}"), i);
        m.page(b, &format!("b{i}"), i);
    }
    m.page(ROOT, "about", 4);
    let b = Built::of("small", m);
    let all: Vec<String> = b
        .model
        .items()
        .into_iter()
        .map(|c| b.model.url(c))
        .collect();
    assert_eq!(b.model.pages.len(), 10);
    assert!(
        !b.files.keys().any(|f| f.starts_with("_nav")),
        "a small site has navigation files"
    );
    let mut checked = 0;
    for (file, html) in b.html_files() {
        let Some(nav) = element(html, "<nav class=\"site-nav\"", "</nav>") else {
            continue;
        };
        checked += 1;
        let hrefs: BTreeSet<&str> = link_hrefs(nav).into_iter().collect();
        let missing: Vec<&String> = all.iter().filter(|u| !hrefs.contains(u.as_str())).collect();
        assert!(missing.is_empty(), "{file}: the sidebar lacks {missing:?}");
        assert_not_contains(nav, "data-nav");
        assert_not_contains(nav, "nav-more");
    }
    assert!(checked >= 13, "only {checked} files have a sidebar");
}

// ---------------------------------------------------------------------------------
// 8. The theme's sidebar list against the template loop it replaced
// ---------------------------------------------------------------------------------

/// A small site under a sub-path (every section expanded) with titles a sidebar row
/// must escape, and sections without a page of their own (`render = false`), with and
/// without children. `quirks_extra` adds French pages and tags.
fn quirks() -> Model {
    let mut m = Model::new("/sub/");
    m.config = "taxonomies = [{ name = \"tags\" }]\n\n[languages.fr]\ntitle = \"Échelle\"\ntaxonomies = [{ name = \"tags\" }]\n".to_string();
    let p = m.page(ROOT, "welcome", 1);
    m.pages[p].title = r#"Fish & \"chips\" <b>'n'</b>"#.to_string();
    m.pages[p].front = "taxonomies = { tags = [\"a & b\", \"c\"] }\n".to_string();
    let a = m.section(ROOT, "amp", 2);
    m.sections[a].title = r#"A & B <i>\"c\"</i> 'd'"#.to_string();
    for i in 1..=3 {
        m.page(a, &format!("a{i}"), i);
    }
    let hidden = m.section(ROOT, "hidden", 3);
    m.sections[hidden].front = "render = false\n".to_string();
    m.page(hidden, "inside", 1);
    let inner = m.section(hidden, "inner", 2);
    m.page(inner, "deeper", 1);
    let bare = m.section(ROOT, "bare", 4);
    m.sections[bare].front = "render = false\n".to_string();
    m.section(ROOT, "empty", 5);
    m.page(ROOT, "last", 6);
    m
}

/// The French side of `quirks`: a home, a section and pages, one of them tagged.
fn quirks_extra(site: &Site) {
    site.file("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n");
    site.file(
        "content/welcome.fr.md",
        "+++\ntitle = \"Bienvenue & <b>\"\nweight = 1\ntaxonomies = { tags = [\"d\"] }\n+++\nCorps.\n",
    );
    site.file(
        "content/amp/_index.fr.md",
        "+++\ntitle = \"Section A\"\nweight = 2\n+++\n",
    );
    site.file(
        "content/amp/a1.fr.md",
        "+++\ntitle = \"Page a1\"\nweight = 1\n+++\nCorps.\n",
    );
}

/// The first place where `a` and `b` differ, with some text around it.
fn first_difference(a: &[u8], b: &[u8]) -> Option<String> {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))?;
    let around = |s: &[u8]| {
        String::from_utf8_lossy(&s[at.saturating_sub(80)..(at + 80).min(s.len())]).into_owned()
    };
    Some(format!(
        "byte {at}:\n    theme: …{}…\n    loop:  …{}…",
        around(a),
        around(b)
    ))
}

/// The default theme shows its sidebar as `nav_html` (drawn in Rust); a site that draws it
/// with the Tera loop over `nav` that the theme used before gets the same bytes in every
/// file, across windowed levels and "more" rows, collapsed sections, deep chains,
/// sub-paths, sections without a page and titles that need escaping.
#[test]
fn the_sidebar_list_matches_the_template_loop() {
    let quirks = {
        let site = Site::empty();
        let model = quirks();
        model.write(&site);
        quirks_extra(&site);
        Built::from_site("quirks", model, &site)
    };
    let deep = Built::of("deep-12", deep(12));
    let looped_template = std::fs::read_to_string(fixture_dir("nav-loop").join("base.html"))
        .expect("tests/fixtures/nav-loop/base.html");
    const MARK: &str = "<!-- the loop -->";
    for b in [wide_150(), top_700(), mixed_572(), &quirks, &deep] {
        let site = Site::empty();
        b.model.write(&site);
        if b.name == "quirks" {
            quirks_extra(&site);
            // The French pages, the tag pages and 404 are among those compared.
            for file in [
                "fr/index.html",
                "fr/welcome/index.html",
                "fr/tags/d/index.html",
                "tags/a-b/index.html",
                "tags/index.html",
                "404.html",
            ] {
                assert!(b.has(file), "quirks: no {file} among {:?}", b.files.keys());
            }
        }
        site.file("templates/base.html", &looped_template);
        site.build(&[]).success();
        let looped = snapshot(&site.path("public"));
        let mut problems = Vec::new();
        let mut sidebars = 0;
        for (rel, theirs) in &b.files {
            let Some(mine) = looped.get(rel) else {
                problems.push(format!("{rel}: only in the theme's build"));
                continue;
            };
            let mine = match std::str::from_utf8(mine) {
                Ok(text) if text.contains(MARK) => {
                    sidebars += 1;
                    text.replacen(MARK, "", 1).into_bytes()
                }
                _ => mine.clone(),
            };
            if let Some(d) = first_difference(theirs, &mine) {
                problems.push(format!("{rel}: {d}"));
            }
        }
        problems.extend(
            looped
                .keys()
                .filter(|k| !b.files.contains_key(*k))
                .map(|k| format!("{k}: only in the loop's build")),
        );
        assert_none(
            &format!("{}: the theme against the loop", b.name),
            &problems,
        );
        // The loop drew the sidebar of every page and the home page, at least.
        assert!(
            sidebars > b.model.pages.len(),
            "{}: only {sidebars} files drawn by the loop",
            b.name
        );
    }
}
