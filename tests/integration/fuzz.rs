//! A randomized differential test: every incremental rebuild equals a clean build.
//!
//! **The site.** A `Model` describes a generated site that uses every feature: sections
//! with each `sort_by` (and their own `paginate_by`), nested and index-less sections,
//! pages and page bundles with assets, drafts, dates, `updated`, slugs, aliases,
//! taxonomy terms (with and without feeds), pages left out of search, bodies with every
//! shipped component (notes, details, figures, inline and file-backed charts), a site
//! shortcode, code to highlight, alerts, tables, footnotes and `@/` links with anchors.
//! The site's templates override `page.html` (a cache-busted `static/css/site.css`, a
//! component of the site's own, and a partial that reads a page with `get_page`, a
//! section with `get_section` and `data/info.toml` with `load_data`), add
//! `special.html` (a page's `template`) and sometimes `section.html`. Static files
//! override the theme's and a generated `robots.txt`. The config toggles `[markdown]`
//! options, taxonomies, `base_url`, `compress`, `relative_urls`, pagination and the
//! search index. `Model::files` renders the model into every file of the site, always
//! a valid site: what must stay (the `get_page` target, its anchor, `css/site.css`) is
//! protected in `Model::apply`.
//!
//! **The edits.** `Generator::edit` draws an `Edit` of a random kind (`KINDS`: every
//! kind of the issue, body, title, description, weight, date, draft, terms, slug, new,
//! deleted, renamed and moved pages, new and deleted sections, template, component and
//! shortcode edits, static, data and bundle-asset edits, config edits, and a few more)
//! against the current model. An edit names its targets by id and carries its new
//! values, so any subset of a sequence still applies (an edit whose target is gone
//! does nothing): that is what shrinking needs. A batch of 1 to 6 edits is applied to
//! the model, the model is rendered, only the files whose bytes changed are written or
//! deleted, and those paths (with folders that appeared or went away, as notify
//! reports them) are the batch.
//!
//! **serve's and watch's model, in process.** Two `Rebuilder`s run on the same site
//! folder, one made as `folio serve` makes it (its `base_url`, no cache busting,
//! `--drafts` in odd seeds) and one as `folio watch` does. After each batch each one
//! applies it (and `finish_search`, as both commands do), and its `site.files` and
//! `site.statics` (output paths and source bytes) are compared byte for byte with a
//! fresh `Site::build` of the same files. So is the output folder that cmd/watch.rs
//! would keep from the outcomes (`Tracked`: only the files an outcome names are
//! rewritten, unless it is structural), which for `serve` is what live reload
//! announces.
//!
//! **watch's output folder, real binary.** `folio watch` runs on a generated site
//! (with `compress = true` in odd seeds) for fewer batches; after each batch's rebuild
//! line its output folder is compared, byte for byte, with `folio build -o other`.
//!
//! **Shrinking.** On an in-process mismatch the edit sequence is delta-debugged
//! (`shrink`). First the edits before the failing batch are made to the files before
//! a `Rebuilder` starts, and it applies the failing batch alone: if that still
//! differs in the same way (`signature`), both the earlier edits and the batch are
//! delta-debugged, one cheap replay each. Otherwise whole replays from the initial
//! site are: the shortest failing suffix, then chunks of batches, then single edits.
//! The report names the seed, the shortest edit list found, the first differing output
//! path with an excerpt of both versions, and the command that reruns it. The run then
//! starts that `Rebuilder` afresh and goes on, so one run reports every distinct
//! mismatch; a later one that looks like a shrunk one is only counted (`Known`). The
//! test fails at the end. The binary part reports the whole sequence (replays through
//! notify are slow).
//!
//! CI runs 4 seeds of 80 edits in process and 2 seeds of 30 edits with the binary.
//! By hand: `FOLIO_FUZZ_EDITS=N` runs N edits in process (over `max(4, N / 250)`
//! seeds) and N / 5 with the binary (over `max(2, N / 300)` seeds),
//! `FOLIO_FUZZ_SEED=S` runs only seed S, `FOLIO_FUZZ_FIRST_SEED=F` starts the seeds
//! at F (default 1), `FOLIO_FUZZ_SHRINK_SECS` bounds the time spent shrinking in a
//! run (45 s) and `FOLIO_FUZZ_VERBOSE=1` prints every batch and rebuild.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use folio::config::Config;
use folio::markdown::Highlighter;
use folio::render::theme::StaticSource;
use folio::site::{BuildOptions, Site};
use folio::watch::Rebuilder;

use crate::serve::Running;
use crate::util;
use crate::util::Rng;

// ---------------------------------------------------------------------------------
// The model of a generated site.

/// The root section, and `guide/`, which holds the page that templates read: neither
/// is ever deleted.
const ROOT: u32 = 0;
const GUIDE: u32 = 1;
/// `guide/pinned.md`: read by `get_page`, linked to with `#anchor`; never deleted,
/// renamed, moved or made a draft.
const PINNED: u32 = 0;

const WORDS: &[&str] = &[
    "Alpha",
    "Beta",
    "Gamma",
    "Delta \"quoted\"",
    "Epsilon -- dashed",
    "Zeta",
    "Émile",
    "Ørsted",
    "中文标题",
    "Omega",
];
const TAGS: &[&str] = &["rust", "web", "Setup Guide", "perf", "Ünïcode"];
const AUTHORS: &[&str] = &["Ada", "Grace", "Linus"];
const SORTS: &[&str] = &["weight", "date", "title", "none"];
const LIGHT_THEMES: &[&str] = &["github-light", "catppuccin-latte"];

#[derive(Clone, Debug)]
struct Cfg {
    version: u32,
    sub_path: bool,
    compress: bool,
    smart: bool,
    highlight: bool,
    light_theme: &'static str,
    authors: bool,
    tags_feed: bool,
    paginate_by: usize,
    search: bool,
    relative_urls: bool,
}

#[derive(Clone, Debug)]
struct Section {
    parent: u32,
    /// Whether `_index.md` exists; without it the folder's pages join the parent.
    has_index: bool,
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    sort_by: &'static str,
    paginate_by: Option<usize>,
    body: u64,
}

#[derive(Clone, Debug)]
struct Page {
    section: u32,
    stem: String,
    /// A folder `<stem>/index.md` with assets beside it.
    bundle: bool,
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    /// The TOML value as written: `2024-03-05` or `"2024-03-05T10:00:00Z"`.
    date: Option<String>,
    updated: Option<String>,
    draft: bool,
    tags: Vec<String>,
    authors: Vec<String>,
    slug: Option<String>,
    aliases: Vec<String>,
    /// `template = "special.html"`.
    special: bool,
    /// `in_search_index = false`.
    hidden: bool,
    body: u64,
    /// Bundle assets (always `diagram.png`, which the body shows).
    assets: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
struct Templates {
    page: u32,
    /// `page.html` includes the partial that calls `get_page` and `get_section`.
    page_reads: bool,
    reader: u32,
    reader_section: bool,
    component: u32,
    shortcode: u32,
    special: u32,
    section: Option<u32>,
}

#[derive(Clone, Debug)]
struct Model {
    cfg: Cfg,
    sections: BTreeMap<u32, Section>,
    pages: BTreeMap<u32, Page>,
    tpl: Templates,
    /// Files under `static/` (`css/site.css` always exists: `page.html` cache-busts it).
    statics: BTreeMap<String, String>,
    csv: u32,
    info: u32,
}

/// One edit, with its target by id and its new values.
#[derive(Clone, Debug)]
enum Edit {
    Body {
        page: u32,
        body: u64,
    },
    Title {
        page: u32,
        title: String,
    },
    Description {
        page: u32,
        description: Option<String>,
    },
    Weight {
        page: u32,
        weight: Option<i64>,
    },
    Date {
        page: u32,
        date: Option<String>,
    },
    Updated {
        page: u32,
        updated: Option<String>,
    },
    Draft {
        page: u32,
        draft: bool,
    },
    Terms {
        page: u32,
        tags: Vec<String>,
        authors: Vec<String>,
    },
    Slug {
        page: u32,
        slug: Option<String>,
    },
    Aliases {
        page: u32,
        aliases: Vec<String>,
    },
    UseTemplate {
        page: u32,
        special: bool,
    },
    NewPage {
        id: u32,
        page: Box<Page>,
    },
    DeletePage {
        page: u32,
    },
    RenamePage {
        page: u32,
        stem: String,
        bundle: bool,
    },
    MovePage {
        page: u32,
        section: u32,
    },
    NewSection {
        id: u32,
        section: Box<Section>,
    },
    DeleteSection {
        section: u32,
    },
    SectionIndex {
        section: u32,
        present: bool,
    },
    SectionTitle {
        section: u32,
        title: String,
    },
    SectionWeight {
        section: u32,
        weight: Option<i64>,
    },
    SortBy {
        section: u32,
        sort_by: &'static str,
    },
    SectionPaginate {
        section: u32,
        paginate_by: Option<usize>,
    },
    SectionBody {
        section: u32,
        body: u64,
    },
    PageTemplate {
        version: u32,
        reads: bool,
    },
    Reader {
        version: u32,
        reads_section: bool,
    },
    Component {
        version: u32,
    },
    Shortcode {
        version: u32,
    },
    SpecialTemplate {
        version: u32,
    },
    SectionTemplate {
        version: Option<u32>,
    },
    Static {
        path: String,
        text: Option<String>,
    },
    DataCsv {
        version: u32,
    },
    DataToml {
        version: u32,
    },
    Asset {
        page: u32,
        name: String,
        text: Option<String>,
    },
    Markdown {
        smart: bool,
        highlight: bool,
        light_theme: &'static str,
    },
    Taxonomies {
        authors: bool,
        tags_feed: bool,
    },
    BaseUrl {
        sub_path: bool,
    },
    Compress {
        on: bool,
    },
    ConfigTitle {
        version: u32,
    },
    Paginate {
        by: usize,
    },
    SearchIndex {
        on: bool,
    },
    RelativeUrls {
        on: bool,
    },
    Hidden {
        page: u32,
        hidden: bool,
    },
}

fn random_title(r: &mut Rng) -> String {
    format!("{} {}", r.pick(WORDS), r.below(50))
}

fn random_date(r: &mut Rng) -> String {
    let (m, d) = (1 + r.below(12), 1 + r.below(28));
    if r.chance(50) {
        format!("2024-{m:02}-{d:02}")
    } else {
        format!("\"2023-{m:02}-{d:02}T{:02}:30:00Z\"", r.below(24))
    }
}

fn random_terms(r: &mut Rng, pool: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for _ in 0..r.below(3) {
        let t = r.pick(pool).to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn random_section(r: &mut Rng, parent: u32) -> Section {
    Section {
        parent,
        has_index: true,
        title: random_title(r),
        description: r.maybe(50, random_title),
        weight: r.maybe(70, |r| r.below(10) as i64),
        sort_by: r.pick(SORTS),
        paginate_by: r.maybe(30, |r| 2 + r.below(3)),
        body: r.next(),
    }
}

fn random_page(r: &mut Rng, id: u32, section: u32) -> Page {
    let bundle = r.chance(25);
    let mut assets = BTreeMap::new();
    if bundle {
        assets.insert("diagram.png".to_string(), format!("PNG {}", r.below(100)));
        if r.chance(50) {
            assets.insert("notes.txt".to_string(), format!("notes {}", r.below(100)));
        }
    }
    Page {
        section,
        stem: format!("p{id}"),
        bundle,
        title: random_title(r),
        description: r.maybe(50, random_title),
        weight: r.maybe(70, |r| r.below(10) as i64),
        date: r.maybe(60, random_date),
        updated: r.maybe(20, random_date),
        draft: r.chance(10),
        tags: random_terms(r, TAGS),
        authors: random_terms(r, AUTHORS),
        slug: r.maybe(15, |r| format!("slug-{id}-{}", r.below(100))),
        aliases: if r.chance(20) {
            vec![format!("/old/{id}-{}/", r.below(100))]
        } else {
            Vec::new()
        },
        special: r.chance(10),
        hidden: r.chance(10),
        body: r.next(),
        assets,
    }
}

impl Model {
    /// The site a seed starts from; also the start of every replay while shrinking.
    fn initial(seed: u64) -> (Model, u32) {
        let mut r = Rng::new(seed);
        let cfg = Cfg {
            version: 0,
            sub_path: r.chance(30),
            compress: seed % 2 == 1,
            smart: r.chance(70),
            highlight: r.chance(80),
            light_theme: r.pick(LIGHT_THEMES),
            authors: r.chance(60),
            tags_feed: r.chance(50),
            paginate_by: if r.chance(30) { 3 } else { 100 },
            search: r.chance(85),
            relative_urls: r.chance(20),
        };
        let mut sections = BTreeMap::new();
        let mut root = random_section(&mut r, ROOT);
        root.paginate_by = None;
        sections.insert(ROOT, root);
        let mut guide = random_section(&mut r, ROOT);
        guide.title = "Guide".into();
        sections.insert(GUIDE, guide);
        let mut next = 2;
        for _ in 0..2 + r.below(3) {
            let parent = r.pick(&sections.keys().copied().collect::<Vec<_>>());
            sections.insert(next, random_section(&mut r, parent));
            next += 1;
        }
        let mut pages = BTreeMap::new();
        let mut pinned = random_page(&mut r, PINNED, GUIDE);
        pinned.stem = "pinned".into();
        (pinned.draft, pinned.bundle) = (false, false);
        pinned.assets.clear();
        pages.insert(PINNED, pinned);
        let ids: Vec<u32> = sections.keys().copied().collect();
        for _ in 0..8 + r.below(8) {
            let section = r.pick(&ids);
            pages.insert(next, random_page(&mut r, next, section));
            next += 1;
        }
        let mut statics = BTreeMap::new();
        statics.insert("css/site.css".into(), "body { --fuzz: 0; }\n".into());
        statics.insert("robots-extra.txt".into(), "extra 0\n".into());
        let model = Model {
            cfg,
            sections,
            pages,
            tpl: Templates {
                page: 0,
                page_reads: true,
                reader: 0,
                reader_section: r.chance(50),
                component: 0,
                shortcode: 0,
                special: 0,
                section: r.maybe(30, |_| 0),
            },
            statics,
            csv: 0,
            info: 0,
        };
        (model, next)
    }

    /// The folder of a section under `content/` (`""` for the root).
    fn section_dir(&self, id: u32) -> String {
        match id {
            ROOT => String::new(),
            GUIDE => "guide".into(),
            _ => {
                let parent = self.sections.get(&id).map_or(ROOT, |s| s.parent);
                let up = self.section_dir(parent);
                if up.is_empty() {
                    format!("sec{id}")
                } else {
                    format!("{up}/sec{id}")
                }
            }
        }
    }

    /// The section and its subsections, recursively.
    fn subtree(&self, id: u32) -> BTreeSet<u32> {
        let mut out = BTreeSet::from([id]);
        loop {
            let more: Vec<u32> = self
                .sections
                .iter()
                .filter(|(k, s)| **k != ROOT && out.contains(&s.parent) && !out.contains(*k))
                .map(|(k, _)| *k)
                .collect();
            if more.is_empty() {
                return out;
            }
            out.extend(more);
        }
    }

    /// Applies one edit; an edit whose target is gone (or protected) does nothing.
    fn apply(&mut self, edit: &Edit) {
        let free = |page: u32| page != PINNED;
        match edit.clone() {
            Edit::Body { page, body } => self.page(page, |p| p.body = body),
            Edit::Title { page, title } => self.page(page, |p| p.title = title),
            Edit::Description { page, description } => {
                self.page(page, |p| p.description = description)
            }
            Edit::Weight { page, weight } => self.page(page, |p| p.weight = weight),
            Edit::Date { page, date } => self.page(page, |p| p.date = date),
            Edit::Updated { page, updated } => self.page(page, |p| p.updated = updated),
            Edit::Draft { page, draft } if free(page) => self.page(page, |p| p.draft = draft),
            Edit::Terms {
                page,
                tags,
                authors,
            } => self.page(page, |p| (p.tags, p.authors) = (tags, authors)),
            Edit::Slug { page, slug } => self.page(page, |p| p.slug = slug),
            Edit::Aliases { page, aliases } => self.page(page, |p| p.aliases = aliases),
            Edit::UseTemplate { page, special } => self.page(page, |p| p.special = special),
            Edit::NewPage { id, page } => {
                if self.sections.contains_key(&page.section) && !self.pages.contains_key(&id) {
                    self.pages.insert(id, *page);
                }
            }
            Edit::DeletePage { page } if free(page) => {
                self.pages.remove(&page);
            }
            Edit::RenamePage { page, stem, bundle } if free(page) => self.page(page, |p| {
                p.stem = stem;
                p.bundle = bundle;
                if bundle && p.assets.is_empty() {
                    p.assets.insert("diagram.png".into(), "PNG new".into());
                }
            }),
            Edit::MovePage { page, section } if free(page) => {
                if self.sections.contains_key(&section) {
                    self.page(page, |p| p.section = section);
                }
            }
            Edit::NewSection { id, section } => {
                if self.sections.contains_key(&section.parent) && !self.sections.contains_key(&id) {
                    self.sections.insert(id, *section);
                }
            }
            Edit::DeleteSection { section } if section != ROOT && section != GUIDE => {
                let gone = self.subtree(section);
                self.sections.retain(|k, _| !gone.contains(k));
                self.pages.retain(|_, p| !gone.contains(&p.section));
            }
            Edit::SectionIndex { section, present } if section != ROOT && section != GUIDE => {
                self.section(section, |s| s.has_index = present)
            }
            Edit::SectionTitle { section, title } => self.section(section, |s| s.title = title),
            Edit::SectionWeight { section, weight } => self.section(section, |s| s.weight = weight),
            Edit::SortBy { section, sort_by } => self.section(section, |s| s.sort_by = sort_by),
            Edit::SectionPaginate {
                section,
                paginate_by,
            } => self.section(section, |s| s.paginate_by = paginate_by),
            Edit::SectionBody { section, body } => self.section(section, |s| s.body = body),
            Edit::PageTemplate { version, reads } => {
                (self.tpl.page, self.tpl.page_reads) = (version, reads)
            }
            Edit::Reader {
                version,
                reads_section,
            } => (self.tpl.reader, self.tpl.reader_section) = (version, reads_section),
            Edit::Component { version } => self.tpl.component = version,
            Edit::Shortcode { version } => self.tpl.shortcode = version,
            Edit::SpecialTemplate { version } => self.tpl.special = version,
            Edit::SectionTemplate { version } => self.tpl.section = version,
            Edit::Static { path, text } => match text {
                Some(text) => {
                    self.statics.insert(path, text);
                }
                None if path != "css/site.css" => {
                    self.statics.remove(&path);
                }
                None => {}
            },
            Edit::DataCsv { version } => self.csv = version,
            Edit::DataToml { version } => self.info = version,
            Edit::Asset { page, name, text } => self.page(page, |p| {
                if !p.bundle {
                    return;
                }
                match text {
                    Some(text) => {
                        p.assets.insert(name, text);
                    }
                    None if name != "diagram.png" => {
                        p.assets.remove(&name);
                    }
                    None => {}
                }
            }),
            Edit::Markdown {
                smart,
                highlight,
                light_theme,
            } => {
                (self.cfg.smart, self.cfg.highlight, self.cfg.light_theme) =
                    (smart, highlight, light_theme)
            }
            Edit::Taxonomies { authors, tags_feed } => {
                (self.cfg.authors, self.cfg.tags_feed) = (authors, tags_feed)
            }
            Edit::BaseUrl { sub_path } => self.cfg.sub_path = sub_path,
            Edit::Compress { on } => self.cfg.compress = on,
            Edit::ConfigTitle { version } => self.cfg.version = version,
            Edit::Paginate { by } => self.cfg.paginate_by = by,
            Edit::SearchIndex { on } => self.cfg.search = on,
            Edit::RelativeUrls { on } => self.cfg.relative_urls = on,
            Edit::Hidden { page, hidden } => self.page(page, |p| p.hidden = hidden),
            // Edits to protected targets.
            Edit::Draft { .. }
            | Edit::DeletePage { .. }
            | Edit::RenamePage { .. }
            | Edit::MovePage { .. }
            | Edit::DeleteSection { .. }
            | Edit::SectionIndex { .. } => {}
        }
    }

    fn page(&mut self, id: u32, f: impl FnOnce(&mut Page)) {
        if let Some(p) = self.pages.get_mut(&id) {
            f(p);
        }
    }

    fn section(&mut self, id: u32, f: impl FnOnce(&mut Section)) {
        if let Some(s) = self.sections.get_mut(&id) {
            f(s);
        }
    }

    /// Every file of the site, by path relative to the site folder.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        out.insert("config.toml".into(), self.config_toml());
        for (&id, s) in &self.sections {
            if s.has_index || id == ROOT || id == GUIDE {
                let dir = self.section_dir(id);
                let file = if dir.is_empty() {
                    "content/_index.md".to_string()
                } else {
                    format!("content/{dir}/_index.md")
                };
                out.insert(file, section_md(s));
            }
        }
        for (&id, p) in &self.pages {
            let dir = self.section_dir(p.section);
            let base = if dir.is_empty() {
                format!("content/{}", p.stem)
            } else {
                format!("content/{dir}/{}", p.stem)
            };
            if p.bundle {
                out.insert(format!("{base}/index.md"), self.page_md(id, p));
                for (name, text) in &p.assets {
                    out.insert(format!("{base}/{name}"), text.clone());
                }
            } else {
                out.insert(format!("{base}.md"), self.page_md(id, p));
            }
        }
        let t = &self.tpl;
        out.insert("templates/page.html".into(), page_template(t));
        out.insert(
            "templates/partials/reader.html".into(),
            reader_template(t.reader, t.reader_section),
        );
        out.insert(
            "templates/partials/fuzz.html".into(),
            format!(
                "{{% component fuzz_box(text) -%}}\n<div class=\"fuzz-box\">{{{{ text }}}} (component v{})</div>\n{{%- endcomponent fuzz_box %}}\n",
                t.component
            ),
        );
        out.insert(
            "templates/shortcodes/badge.html".into(),
            format!(
                "<span class=\"badge\">{{{{ text }}}} (shortcode v{})</span>",
                t.shortcode
            ),
        );
        out.insert(
            "templates/special.html".into(),
            format!(
                "{{% extends \"base.html\" %}}\n{{% block main %}}<article class=\"doc\"><h1>Special {{{{ page.title }}}}</h1><p>special v{}</p>{{{{ page.content | safe }}}}</article>{{% endblock main %}}\n",
                t.special
            ),
        );
        if let Some(v) = t.section {
            out.insert("templates/section.html".into(), section_template(v));
        }
        for (path, text) in &self.statics {
            out.insert(format!("static/{path}"), text.clone());
        }
        let (a, b) = (5 + self.csv % 40, 60 + self.csv % 7);
        let mut csv = format!("source,share\nHefei,{a}.5\nElsewhere,{b}\n");
        if self.csv % 2 == 1 {
            csv.push_str("Other,3\n");
        }
        out.insert("data/shares.csv".into(), csv);
        out.insert(
            "data/info.toml".into(),
            format!("motto = \"Motto {}\"\n", self.info),
        );
        out.into_iter().map(|(k, v)| (k, v.into_bytes())).collect()
    }

    fn config_toml(&self) -> String {
        let c = &self.cfg;
        let mut s = String::new();
        writeln!(s, "title = \"Fuzz site {}\"", c.version).unwrap();
        s.push_str("description = \"A generated site\"\n");
        let base = if c.sub_path {
            "https://example.com/docs/"
        } else {
            "https://example.com/"
        };
        writeln!(s, "base_url = \"{base}\"").unwrap();
        writeln!(s, "compress = {}", c.compress).unwrap();
        writeln!(s, "paginate_by = {}", c.paginate_by).unwrap();
        writeln!(s, "build_search_index = {}", c.search).unwrap();
        writeln!(s, "relative_urls = {}", c.relative_urls).unwrap();
        write!(
            s,
            "taxonomies = [{{ name = \"tags\", feed = {} }}",
            c.tags_feed
        )
        .unwrap();
        if c.authors {
            s.push_str(", { name = \"authors\" }");
        }
        s.push_str("]\n\n[markdown]\n");
        writeln!(s, "smart_punctuation = {}", c.smart).unwrap();
        writeln!(s, "highlight_code = {}", c.highlight).unwrap();
        writeln!(s, "highlight_theme_light = \"{}\"", c.light_theme).unwrap();
        s.push_str("\n[extra]\nedit_url = \"https://example.com/edit/\"\n");
        s
    }

    fn page_md(&self, id: u32, p: &Page) -> String {
        let mut s = String::from("+++\n");
        writeln!(s, "title = {}", toml_str(&p.title)).unwrap();
        if let Some(d) = &p.description {
            writeln!(s, "description = {}", toml_str(d)).unwrap();
        }
        if let Some(d) = &p.date {
            writeln!(s, "date = {d}").unwrap();
        }
        if let Some(d) = &p.updated {
            writeln!(s, "updated = {d}").unwrap();
        }
        if let Some(w) = p.weight {
            writeln!(s, "weight = {w}").unwrap();
        }
        if p.draft && id != PINNED {
            s.push_str("draft = true\n");
        }
        if let Some(slug) = &p.slug {
            writeln!(s, "slug = \"{slug}\"").unwrap();
        }
        if p.special {
            s.push_str("template = \"special.html\"\n");
        }
        if p.hidden {
            s.push_str("in_search_index = false\n");
        }
        if !p.aliases.is_empty() {
            writeln!(s, "aliases = [{}]", list(&p.aliases)).unwrap();
        }
        let authors = self.cfg.authors && !p.authors.is_empty();
        if !p.tags.is_empty() || authors {
            s.push_str("[taxonomies]\n");
            if !p.tags.is_empty() {
                writeln!(s, "tags = [{}]", list(&p.tags)).unwrap();
            }
            if authors {
                writeln!(s, "authors = [{}]", list(&p.authors)).unwrap();
            }
        }
        s.push_str("+++\n");
        s.push_str(&body(p.body, id == PINNED, p.bundle));
        s
    }
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| toml_str(i))
        .collect::<Vec<_>>()
        .join(", ")
}

fn section_md(s: &Section) -> String {
    let mut out = String::from("+++\n");
    writeln!(out, "title = {}", toml_str(&s.title)).unwrap();
    if let Some(d) = &s.description {
        writeln!(out, "description = {}", toml_str(d)).unwrap();
    }
    if let Some(w) = s.weight {
        writeln!(out, "weight = {w}").unwrap();
    }
    writeln!(out, "sort_by = \"{}\"", s.sort_by).unwrap();
    if let Some(n) = s.paginate_by {
        writeln!(out, "paginate_by = {n}").unwrap();
    }
    out.push_str("+++\n");
    let mut r = Rng::new(s.body);
    writeln!(
        out,
        "Section text {} about \"{}\" -- more.",
        r.below(1000),
        r.pick(WORDS)
    )
    .unwrap();
    if r.chance(40) {
        out.push_str("\n## Overview\n\nSee [the anchor](@/guide/pinned.md#anchor).\n");
    }
    out
}

/// A page body from its seed: a summary, then a few random blocks using every
/// Markdown feature and component.
fn body(seed: u64, pinned: bool, bundle: bool) -> String {
    let mut r = Rng::new(seed);
    let mut s = String::new();
    writeln!(
        s,
        "Summary {} of a page: \"{}\" -- it's {}.\n",
        r.below(1000),
        r.pick(WORDS),
        r.pick(WORDS)
    )
    .unwrap();
    if r.chance(50) {
        s.push_str("<!-- more -->\n\nAfter the summary.\n\n");
    }
    if pinned {
        s.push_str("## Anchor heading {#anchor}\n\nThe heading other pages link to.\n\n");
    }
    if bundle {
        if r.chance(50) {
            s.push_str("{{ figure(src=\"diagram.png\", alt=\"A diagram\", caption=\"Beside the page\") }}\n\n");
        } else {
            s.push_str("![A diagram](diagram.png)\n\n");
        }
    }
    for _ in 0..r.below(5) {
        let n = r.below(100);
        match r.below(13) {
            0 => writeln!(s, "## {}\n\nText under it.\n", r.pick(WORDS)).unwrap(),
            1 => writeln!(s, "```rust\nfn main() {{\n    let x = {n};\n}}\n```\n").unwrap(),
            2 => writeln!(
                s,
                "{{% note(kind=\"tip\", title=\"Note {n}\") %}}\nA note's **Markdown** body.\n{{% end %}}\n"
            )
            .unwrap(),
            3 => writeln!(
                s,
                "{{% details(summary=\"Details {n}\") %}}\nHidden text {n}.\n{{% end %}}\n"
            )
            .unwrap(),
            4 => writeln!(
                s,
                "{{{{ chart(kind=\"bar\", title=\"Bars {n}\", labels=[\"A\", \"B\"], values=[{n}, 7.5], unit=\"%\") }}}}\n"
            )
            .unwrap(),
            5 => writeln!(
                s,
                "{{{{ chart(kind=\"pie\", title=\"Shares\", data=\"data/shares.csv\") }}}}\n"
            )
            .unwrap(),
            6 => writeln!(s, "A badge: {{{{ badge(text=\"b{n}\") }}}}\n").unwrap(),
            7 => writeln!(
                s,
                "See [the anchor](@/guide/pinned.md#anchor) and [the guide](@/guide/_index.md).\n"
            )
            .unwrap(),
            8 => writeln!(s, "> [!WARNING]\n> Careful with {n}.\n").unwrap(),
            9 => writeln!(s, "| Key | Value |\n|-----|-------|\n| k{n} | v |\n").unwrap(),
            10 => writeln!(s, "中文的段落，关于电动汽车 {n}。\n").unwrap(),
            11 => writeln!(s, "A claim.[^n{n}]\n\n[^n{n}]: The footnote.\n").unwrap(),
            _ => writeln!(
                s,
                "{{{{ chart(kind=\"line\", title=\"Lines\", labels=[\"Q1\", \"Q2\", \"Q3\"], series=[\"N\", \"S\"], values=[[1, 2, {n}], [2, 3, 5]]) }}}}\n"
            )
            .unwrap(),
        }
    }
    s
}

fn page_template(t: &Templates) -> String {
    let reader = if t.page_reads {
        "{% include \"partials/reader.html\" %}\n"
    } else {
        ""
    };
    format!(
        r#"{{% extends "base.html" %}}
{{% block main %}}
<article class="doc">
<h1>{{{{ page.title }}}}</h1>
{{%- if page.description %}}<p class="lead">{{{{ page.description }}}}</p>{{% endif %}}
<p class="fuzz-meta">{{% if page.date %}}{{{{ page.date }}}}{{% endif %}} {{% if page.updated %}}{{{{ page.updated }}}}{{% endif %}} {{{{ page.word_count }}}} words, page template v{version}</p>
<link rel="stylesheet" href="{{{{ get_url(path='css/site.css', cachebust=true) }}}}">
{{{{ <fuzz_box text={{page.title}} /> }}}}
{reader}<div class="content">{{{{ page.content | safe }}}}</div>
{{%- if page.summary %}}<div class="fuzz-summary">{{{{ page.summary | safe }}}}</div>{{% endif %}}
<p class="fuzz-neighbours">{{% if page.lower %}}<a href="{{{{ page.lower.url }}}}">{{{{ page.lower.title }}}}</a>{{% endif %}} {{% if page.higher %}}<a href="{{{{ page.higher.url }}}}">{{{{ page.higher.title }}}}</a>{{% endif %}}</p>
{{{{ <folio_terms terms={{page.terms or none}} /> }}}}
{{{{ <folio_pager prev={{previous}} next={{next}} /> }}}}
</article>
{{%- endblock main %}}
"#,
        version = t.page
    )
}

fn reader_template(version: u32, reads_section: bool) -> String {
    let section = if reads_section {
        "{%- set guide = get_section(path=\"guide/_index.md\") %} {{ guide.title }}:{% for p in guide.pages %} {{ p.title }}{% endfor %}"
    } else {
        ""
    };
    format!(
        r#"{{%- set pinned = get_page(path="guide/pinned.md") %}}
<aside class="fuzz-reader">Pinned: <a href="{{{{ pinned.url }}}}">{{{{ pinned.title }}}}</a>, {{{{ pinned.word_count }}}} words, reader v{version}.
{section}
{{%- set info = load_data(path="data/info.toml") %}} {{{{ info.motto }}}}</aside>
"#
    )
}

fn section_template(version: u32) -> String {
    format!(
        r#"{{% extends "base.html" %}}
{{% block main %}}
<article class="doc"><h1>{{{{ section.title }}}}</h1><p>section template v{version}</p>
{{{{ section.content | safe }}}}
<ul>{{% for p in section.pages %}}<li><a href="{{{{ p.url }}}}">{{{{ p.title }}}}</a>{{% if p.date %}} {{{{ p.date }}}}{{% endif %}}</li>{{% endfor %}}</ul>
<ul>{{% for s in section.subsections %}}<li><a href="{{{{ s.url }}}}">{{{{ s.title }}}}</a></li>{{% endfor %}}</ul>
</article>
{{%- endblock main %}}
"#
    )
}

// ---------------------------------------------------------------------------------
// Random edits.

struct Generator {
    rng: Rng,
    next_id: u32,
    version: u32,
}

/// Every kind of edit, drawn uniformly (content edits a little more often).
const KINDS: &[&str] = &[
    "body",
    "body",
    "title",
    "title",
    "description",
    "weight",
    "date",
    "updated",
    "draft",
    "terms",
    "slug",
    "aliases",
    "use-template",
    "new-page",
    "delete-page",
    "rename-page",
    "move-page",
    "new-section",
    "delete-section",
    "section-index",
    "section-title",
    "section-weight",
    "sort-by",
    "section-paginate",
    "section-body",
    "page-template",
    "reader",
    "component",
    "shortcode",
    "special-template",
    "section-template",
    "static",
    "data-csv",
    "data-toml",
    "asset",
    "markdown",
    "taxonomies",
    "base-url",
    "compress",
    "config-title",
    "paginate",
    "search-index",
    "relative-urls",
    "hidden",
];

impl Generator {
    fn new(seed: u64, next_id: u32) -> Generator {
        Generator {
            rng: Rng::new(seed ^ 0xF0F0_1234_5678_9ABC),
            next_id,
            version: 0,
        }
    }

    fn version(&mut self) -> u32 {
        self.version += 1;
        self.version
    }

    /// A random edit of a random kind against `m`.
    fn edit(&mut self, m: &Model) -> Edit {
        let r = &mut self.rng;
        let pages: Vec<u32> = m.pages.keys().copied().collect();
        let free_pages: Vec<u32> = pages.iter().copied().filter(|&p| p != PINNED).collect();
        let bundles: Vec<u32> = m
            .pages
            .iter()
            .filter(|(_, p)| p.bundle)
            .map(|(k, _)| *k)
            .collect();
        let sections: Vec<u32> = m.sections.keys().copied().collect();
        let free_sections: Vec<u32> = sections
            .iter()
            .copied()
            .filter(|&s| s != ROOT && s != GUIDE)
            .collect();
        let page = r.pick(&pages);
        let section = r.pick(&sections);
        let kind = r.pick(KINDS);
        match kind {
            "title" => Edit::Title {
                page,
                title: random_title(r),
            },
            "description" => Edit::Description {
                page,
                description: r.maybe(70, random_title),
            },
            "weight" => Edit::Weight {
                page,
                weight: r.maybe(80, |r| r.below(10) as i64),
            },
            "date" => Edit::Date {
                page,
                date: r.maybe(80, random_date),
            },
            "updated" => Edit::Updated {
                page,
                updated: r.maybe(70, random_date),
            },
            "draft" if !free_pages.is_empty() => {
                let page = r.pick(&free_pages);
                Edit::Draft {
                    page,
                    draft: !m.pages[&page].draft,
                }
            }
            "terms" => Edit::Terms {
                page,
                tags: random_terms(r, TAGS),
                authors: random_terms(r, AUTHORS),
            },
            "slug" => Edit::Slug {
                page,
                slug: r.maybe(70, |r| format!("slug-{page}-{}", r.below(1000))),
            },
            "aliases" => Edit::Aliases {
                page,
                aliases: (0..r.below(3))
                    .map(|i| format!("/old/{page}-{}-{i}/", r.below(1000)))
                    .collect(),
            },
            "use-template" => Edit::UseTemplate {
                page,
                special: !m.pages[&page].special,
            },
            "new-page" => {
                let id = self.next_id;
                self.next_id += 1;
                Edit::NewPage {
                    id,
                    page: Box::new(random_page(r, id, section)),
                }
            }
            "delete-page" if !free_pages.is_empty() => Edit::DeletePage {
                page: r.pick(&free_pages),
            },
            "rename-page" if !free_pages.is_empty() => {
                let page = r.pick(&free_pages);
                Edit::RenamePage {
                    page,
                    stem: format!("p{page}-r{}", r.below(1000)),
                    bundle: r.chance(40),
                }
            }
            "move-page" if !free_pages.is_empty() => Edit::MovePage {
                page: r.pick(&free_pages),
                section,
            },
            "new-section" => {
                let id = self.next_id;
                self.next_id += 1;
                Edit::NewSection {
                    id,
                    section: Box::new(random_section(r, section)),
                }
            }
            "delete-section" if !free_sections.is_empty() => Edit::DeleteSection {
                section: r.pick(&free_sections),
            },
            "section-index" if !free_sections.is_empty() => {
                let section = r.pick(&free_sections);
                Edit::SectionIndex {
                    section,
                    present: !m.sections[&section].has_index,
                }
            }
            "section-title" => Edit::SectionTitle {
                section,
                title: random_title(r),
            },
            "section-weight" => Edit::SectionWeight {
                section,
                weight: r.maybe(80, |r| r.below(10) as i64),
            },
            "sort-by" => Edit::SortBy {
                section,
                sort_by: r.pick(SORTS),
            },
            "section-paginate" => Edit::SectionPaginate {
                section,
                paginate_by: r.maybe(60, |r| 1 + r.below(4)),
            },
            "section-body" => Edit::SectionBody {
                section,
                body: r.next(),
            },
            "page-template" => {
                let reads = r.chance(75);
                Edit::PageTemplate {
                    version: self.version(),
                    reads,
                }
            }
            "reader" => {
                let reads_section = r.chance(50);
                Edit::Reader {
                    version: self.version(),
                    reads_section,
                }
            }
            "component" => Edit::Component {
                version: self.version(),
            },
            "shortcode" => Edit::Shortcode {
                version: self.version(),
            },
            "special-template" => Edit::SpecialTemplate {
                version: self.version(),
            },
            "section-template" => {
                let keep = r.chance(70);
                let v = self.version();
                Edit::SectionTemplate {
                    version: keep.then_some(v),
                }
            }
            "static" => {
                let v = r.below(1000);
                let (path, text) = match r.below(5) {
                    0 => (
                        "css/site.css".to_string(),
                        format!("body {{ --fuzz: {v}; }}\n"),
                    ),
                    1 => ("robots-extra.txt".to_string(), format!("extra {v}\n")),
                    2 => (
                        format!("img/logo-{}.svg", v % 3),
                        format!("<svg>{v}</svg>\n"),
                    ),
                    // Overrides a theme file that every page cache-busts.
                    3 => (
                        "css/folio.css".to_string(),
                        format!("body {{ color: #{v:03}; }}\n"),
                    ),
                    // Overrides the generated robots.txt.
                    _ => ("robots.txt".to_string(), format!("User-agent: *\n# {v}\n")),
                };
                let delete =
                    path != "css/site.css" && m.statics.contains_key(&path) && r.chance(50);
                Edit::Static {
                    path,
                    text: (!delete).then_some(text),
                }
            }
            "data-csv" => Edit::DataCsv {
                version: self.version(),
            },
            "data-toml" => Edit::DataToml {
                version: self.version(),
            },
            "asset" if !bundles.is_empty() => {
                let page = r.pick(&bundles);
                let name = r
                    .pick(&["diagram.png", "notes.txt", "extra.txt"])
                    .to_string();
                let delete = name != "diagram.png" && r.chance(40);
                Edit::Asset {
                    page,
                    name,
                    text: (!delete).then(|| format!("asset {}", r.below(1000))),
                }
            }
            "markdown" => Edit::Markdown {
                smart: r.chance(50),
                highlight: r.chance(70),
                light_theme: r.pick(LIGHT_THEMES),
            },
            "taxonomies" => Edit::Taxonomies {
                authors: r.chance(50),
                tags_feed: r.chance(50),
            },
            "base-url" => Edit::BaseUrl {
                sub_path: !m.cfg.sub_path,
            },
            "compress" => Edit::Compress {
                on: !m.cfg.compress,
            },
            "config-title" => Edit::ConfigTitle {
                version: self.version(),
            },
            "paginate" => Edit::Paginate {
                by: r.pick(&[2, 3, 100]),
            },
            "search-index" => Edit::SearchIndex { on: !m.cfg.search },
            "relative-urls" => Edit::RelativeUrls {
                on: !m.cfg.relative_urls,
            },
            "hidden" => Edit::Hidden {
                page,
                hidden: !m.pages[&page].hidden,
            },
            // "body", and kinds with no target in this site.
            _ => Edit::Body {
                page,
                body: r.next(),
            },
        }
    }

    /// The next batch: 1 to 3 edits (sometimes up to 6), applied to `m` as drawn.
    fn batch(&mut self, m: &mut Model, max: usize) -> Vec<Edit> {
        let n = if self.rng.chance(15) {
            4 + self.rng.below(3)
        } else {
            1 + self.rng.below(3)
        };
        (0..n.min(max))
            .map(|_| {
                let e = self.edit(m);
                m.apply(&e);
                e
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------
// The site folder on disk.

struct Folder {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
}

impl Folder {
    fn new(model: &Model) -> Folder {
        let tmp = tempfile::Builder::new()
            .prefix("folio-fuzz-")
            .tempdir()
            .expect("a temporary folder");
        let root = tmp.path().canonicalize().expect("canonical").join("site");
        std::fs::create_dir_all(&root).expect("create the site folder");
        let mut folder = Folder {
            _tmp: tmp,
            root,
            files: BTreeMap::new(),
        };
        folder.sync(model.files());
        folder
    }

    /// Writes the files whose bytes changed and deletes those that went away (and
    /// folders left empty); returns every path that changed, folders that appeared
    /// or went away included, as notify would report them.
    fn sync(&mut self, want: BTreeMap<String, Vec<u8>>) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        let gone: Vec<String> = self
            .files
            .keys()
            .filter(|k| !want.contains_key(*k))
            .cloned()
            .collect();
        for rel in &gone {
            let path = self.root.join(rel);
            std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
            changed.insert(path.clone());
            // Remove folders left empty, but never a site folder (`content/`, …).
            let mut dir = path.parent().map(Path::to_path_buf);
            while let Some(d) = dir {
                let depth = d
                    .strip_prefix(&self.root)
                    .map_or(0, |r| r.components().count());
                let empty = std::fs::read_dir(&d).is_ok_and(|mut it| it.next().is_none());
                if depth < 2 || !empty {
                    break;
                }
                std::fs::remove_dir(&d).expect("remove an empty folder");
                changed.insert(d.clone());
                dir = d.parent().map(Path::to_path_buf);
            }
        }
        for (rel, bytes) in &want {
            if self.files.get(rel) == Some(bytes) {
                continue;
            }
            let path = self.root.join(rel);
            let mut missing = Vec::new();
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| !d.exists()) {
                missing.push(d.to_path_buf());
                dir = d.parent();
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create folders");
            }
            changed.extend(missing);
            std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
            changed.insert(path);
        }
        self.files = want;
        changed.into_iter().collect()
    }
}

// ---------------------------------------------------------------------------------
// In process: a `Rebuilder` against a clean `Site::build`.

/// How a command makes its `Rebuilder`.
#[derive(Clone)]
struct Mode {
    name: &'static str,
    base_url: Option<&'static str>,
    options: BuildOptions,
}

/// As `folio serve` (cmd/serve.rs) and `folio watch` (cmd/watch.rs) make them.
fn modes(seed: u64) -> Vec<Mode> {
    vec![
        Mode {
            name: "serve",
            base_url: Some("http://127.0.0.1:1111/"),
            options: BuildOptions {
                drafts: seed % 2 == 1,
                no_cachebust: true,
                ..Default::default()
            },
        },
        Mode {
            name: "watch",
            base_url: None,
            options: BuildOptions::default(),
        },
    ]
}

fn rebuilder(root: &Path, mode: &Mode) -> Rebuilder {
    Rebuilder::new(
        root,
        &root.join("config.toml"),
        mode.base_url.map(str::to_string),
        mode.options.clone(),
        false,
    )
    .unwrap_or_else(|e| panic!("the generated site does not build: {e:#}"))
}

/// A clean build of the site as it is on disk, without any previous `Site`. Clean
/// builds share one highlighter per pair of themes (creating one costs more than the
/// build); only its cache of highlighted blocks carries over, which the rebuilders
/// have too.
fn clean_build(root: &Path, mode: &Mode) -> anyhow::Result<Site> {
    /// Highlighters by (light, dark) theme.
    type Highlighters = Mutex<HashMap<(String, String), Arc<Highlighter>>>;
    static HIGHLIGHTERS: OnceLock<Highlighters> = OnceLock::new();
    let mut config = Config::load_file(&root.join("config.toml"))?;
    if let Some(url) = mode.base_url {
        config.set_base_url(url)?;
    }
    let (light, dark) = (
        config.markdown.highlight_theme_light.clone(),
        config.markdown.highlight_theme_dark.clone(),
    );
    let highlighter = HIGHLIGHTERS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry((light.clone(), dark.clone()))
        .or_insert_with(|| Arc::new(Highlighter::new(&light, &dark)))
        .clone();
    Site::build(root, &config, &mode.options, &highlighter, None)
}

/// Where an incremental build and a clean one differ.
#[derive(Clone, Debug)]
struct Mismatch {
    /// Index of the batch after which it showed.
    batch: usize,
    /// The first differing output path (or `(build error)`).
    path: String,
    detail: String,
    /// Every differing path (at most 12).
    others: Vec<String>,
}

/// A `Rebuilder`, and the output folder that `folio watch` (cmd/watch.rs) keeps from
/// its outcomes: after a structural change or a removed path the whole site, else only
/// the files the outcome names. For `serve` the same folder is what a browser that
/// follows the announced changes sees.
struct Tracked {
    rb: Rebuilder,
    files: BTreeMap<String, Arc<Vec<u8>>>,
    statics: BTreeMap<String, Vec<u8>>,
}

impl Tracked {
    fn new(root: &Path, mode: &Mode) -> Tracked {
        let rb = rebuilder(root, mode);
        let files = rb.site.files.clone();
        let statics = all_statics(&rb.site);
        Tracked { rb, files, statics }
    }

    /// Applies one batch as the commands do, and compares the site and the output
    /// folder with a clean build.
    fn step(
        &mut self,
        root: &Path,
        mode: &Mode,
        paths: &[PathBuf],
        batch: usize,
    ) -> Option<Mismatch> {
        let at = Instant::now();
        let outcome = self.rb.apply(paths);
        let search = self.rb.finish_search();
        let applied = at.elapsed();
        let clean = clean_build(root, mode);
        if std::env::var_os("FOLIO_FUZZ_VERBOSE").is_some() {
            eprintln!(
                "  {}: {} | clean build {} ms",
                mode.name,
                outcome.as_ref().map_or("(no change)".into(), |o| o.line()),
                (at.elapsed() - applied).as_millis()
            );
        }
        let mismatch = |path: &str, detail: String| Mismatch {
            batch,
            path: path.into(),
            detail,
            others: Vec::new(),
        };
        let clean = match (outcome.as_ref().and_then(|o| o.error.clone()), clean) {
            (Some(e), Ok(_)) => {
                return Some(mismatch(
                    "(build error)",
                    format!("the incremental build failed, a clean build succeeds: {e}"),
                ));
            }
            (None, Err(e)) => {
                return Some(mismatch(
                    "(build error)",
                    format!("a clean build fails, the incremental build succeeded: {e:#}"),
                ));
            }
            (Some(a), Err(b)) => panic!(
                "the generator made a site that does not build (a bug in this test):\nincremental: {a}\nclean: {b:#}"
            ),
            (None, Ok(clean)) => clean,
        };
        let site = &self.rb.site;
        if let Some(o) = &outcome {
            // As cmd/watch.rs writes the outcome into its folder.
            let changed = o.changed.clone().map(|mut c| {
                c.extend(search);
                c
            });
            let removed = changed
                .as_ref()
                .is_some_and(|c| c.iter().any(|p| !site.files.contains_key(p)));
            match &changed {
                Some(changed) if !o.structural && !removed => {
                    for p in changed {
                        if let Some(b) = site.files.get(p) {
                            self.files.insert(p.clone(), b.clone());
                        }
                    }
                    for p in &o.statics {
                        if let Some(s) = site.statics.get(p) {
                            self.statics.insert(p.clone(), static_bytes(s));
                        }
                    }
                }
                _ => {
                    self.files = site.files.clone();
                    self.statics = all_statics(site);
                }
            }
        }
        let what = if mode.name == "watch" {
            "in the output folder as cmd/watch.rs writes it"
        } else {
            "in what the outcomes announced (live reload)"
        };
        let want_statics = all_statics(&clean);
        compare(
            &site.files,
            &all_statics(site),
            &clean.files,
            &want_statics,
            "",
        )
        .or_else(|| {
            compare(
                &self.files,
                &self.statics,
                &clean.files,
                &want_statics,
                what,
            )
        })
        .map(|(path, detail, others)| Mismatch {
            batch,
            path,
            detail,
            others,
        })
    }
}

fn all_statics(site: &Site) -> BTreeMap<String, Vec<u8>> {
    site.statics
        .iter()
        .map(|(k, v)| (k.clone(), static_bytes(v)))
        .collect()
}

fn static_bytes(s: &StaticSource) -> Vec<u8> {
    match s {
        StaticSource::Embedded(b) => b.to_vec(),
        StaticSource::Bytes(b) => b.to_vec(),
        StaticSource::Disk(p) => {
            std::fs::read(p).unwrap_or_else(|e| format!("(unreadable: {e})").into_bytes())
        }
    }
}

/// The first differing output path, a description, and every differing path; `what`
/// names the copy compared (empty for the `Site` itself).
fn compare(
    files: &BTreeMap<String, Arc<Vec<u8>>>,
    statics: &BTreeMap<String, Vec<u8>>,
    want_files: &BTreeMap<String, Arc<Vec<u8>>>,
    want_statics: &BTreeMap<String, Vec<u8>>,
    what: &str,
) -> Option<(String, String, Vec<String>)> {
    let mut diffs: Vec<(String, String)> = Vec::new();
    let mut diff = |label: String, got: Option<&[u8]>, want: Option<&[u8]>, kind: &str| {
        let detail = match (got, want) {
            (Some(a), Some(b)) if a != b => excerpt(&label, a, b),
            (Some(_), None) => format!("{kind} only in the incremental build"),
            (None, Some(_)) => format!("{kind} missing from the incremental build"),
            _ => return,
        };
        diffs.push((label, detail));
    };
    let suffix = |k: &str, kind: &str| {
        let mut label = k.to_string();
        if !kind.is_empty() {
            write!(label, " ({kind})").unwrap();
        }
        if !what.is_empty() {
            write!(label, " {what}").unwrap();
        }
        label
    };
    let keys: BTreeSet<&String> = files.keys().chain(want_files.keys()).collect();
    for k in keys {
        diff(
            suffix(k, ""),
            files.get(k).map(|b| b.as_slice()),
            want_files.get(k).map(|b| b.as_slice()),
            "a generated file",
        );
    }
    let keys: BTreeSet<&String> = statics.keys().chain(want_statics.keys()).collect();
    for k in keys {
        diff(
            suffix(k, "static"),
            statics.get(k).map(Vec::as_slice),
            want_statics.get(k).map(Vec::as_slice),
            "a static file",
        );
    }
    let (path, detail) = diffs.first().cloned()?;
    let others = diffs
        .iter()
        .skip(1)
        .take(12)
        .map(|(p, _)| p.clone())
        .collect();
    Some((path, detail, others))
}

/// Both versions around their first differing byte.
fn excerpt(path: &str, got: &[u8], want: &[u8]) -> String {
    if path.contains(".gz") {
        return format!(
            "the gzip bytes differ ({} bytes incremental, {} clean)",
            got.len(),
            want.len()
        );
    }
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let cut = |b: &[u8]| {
        let from = at.saturating_sub(150);
        let to = (at + 150).min(b.len());
        String::from_utf8_lossy(&b[from.min(to)..to]).replace('\n', "⏎")
    };
    format!(
        "differs at byte {at} ({} bytes incremental, {} clean)\n    incremental: …{}…\n    clean:       …{}…",
        got.len(),
        want.len(),
        cut(got),
        cut(want)
    )
}

/// A reproduction: edits made to the seed's initial site before the `Rebuilder`
/// starts (`setup`), then batches it applies.
#[derive(Clone, Default)]
struct Repro {
    setup: Vec<Edit>,
    batches: Vec<Vec<Edit>>,
}

/// Replays `repro` on the seed's site with one `Rebuilder`; returns the first mismatch.
fn replay(seed: u64, repro: &Repro, mode: &Mode) -> Option<Mismatch> {
    let (mut model, _) = Model::initial(seed);
    for e in &repro.setup {
        model.apply(e);
    }
    let mut folder = Folder::new(&model);
    let mut tracked = Tracked::new(&folder.root, mode);
    for (i, batch) in repro.batches.iter().enumerate() {
        for e in batch {
            model.apply(e);
        }
        let paths = folder.sync(model.files());
        if paths.is_empty() {
            continue;
        }
        if let Some(m) = tracked.step(&folder.root, mode, &paths, i) {
            return Some(m);
        }
    }
    None
}

/// Delta debugging: drops chunks of `items` (halving their size) while `fails` holds.
fn ddmin<T: Clone>(mut items: Vec<T>, mut fails: impl FnMut(&[T]) -> bool) -> Vec<T> {
    if items.is_empty() || fails(&[]) {
        return Vec::new();
    }
    let mut chunk = items.len().div_ceil(2);
    loop {
        let mut i = 0;
        let mut progress = false;
        while i < items.len() {
            let mut candidate = items.clone();
            candidate.drain(i..(i + chunk).min(items.len()));
            if fails(&candidate) {
                items = candidate;
                progress = true;
            } else {
                i += chunk;
            }
        }
        if !progress {
            if chunk == 1 {
                return items;
            }
            chunk = (chunk / 2).max(1);
        }
    }
}

/// Finds a short reproduction of `target` (a mismatch with the same `signature`).
///
/// Most mismatches depend only on the site before the failing batch, not on how the
/// `Rebuilder` got there: then the edits before it are made to the files before the
/// `Rebuilder` starts, and both they and the failing batch are delta-debugged, each
/// replay costing one start and one batch. Otherwise whole replays from the initial
/// site are delta-debugged, batches first, then single edits.
fn shrink(
    seed: u64,
    batches: &[Vec<Edit>],
    mode: &Mode,
    target: &Mismatch,
    deadline: Instant,
) -> (Repro, Mismatch, usize) {
    let mut replays = 0;
    let mut found = target.clone();
    let mut fails = |r: &Repro| -> Option<Mismatch> {
        if Instant::now() > deadline || r.batches.iter().all(Vec::is_empty) {
            return None;
        }
        replays += 1;
        replay(seed, r, mode).filter(|m| signature(m) == signature(target))
    };
    let failing = batches[target.batch].clone();
    let setup: Vec<Edit> = batches[..target.batch].iter().flatten().cloned().collect();
    let mut best = Repro {
        setup: setup.clone(),
        batches: vec![failing.clone()],
    };
    if let Some(m) = fails(&best) {
        found = m;
        best.setup = ddmin(setup, |s| {
            let r = Repro {
                setup: s.to_vec(),
                batches: vec![failing.clone()],
            };
            fails(&r).map(|m| found = m).is_some()
        });
        let setup = best.setup.clone();
        best.batches = vec![ddmin(failing, |b| {
            let r = Repro {
                setup: setup.clone(),
                batches: vec![b.to_vec()],
            };
            fails(&r).map(|m| found = m).is_some()
        })];
        // The same edits as two batches from the initial site, when that fails too.
        let plain = Repro {
            setup: Vec::new(),
            batches: vec![best.setup.clone(), best.batches[0].clone()],
        };
        if !best.setup.is_empty()
            && let Some(m) = fails(&plain)
            && m.batch == 1
        {
            found = m;
            best = plain;
        }
        return (best, found, replays);
    }
    // History matters: replay whole sequences from the initial site.
    let mut best = Repro {
        setup: Vec::new(),
        batches: batches[..=target.batch].to_vec(),
    };
    let mut keep = 1;
    while keep < best.batches.len() {
        let suffix = Repro {
            setup: Vec::new(),
            batches: best.batches[best.batches.len() - keep..].to_vec(),
        };
        if let Some(m) = fails(&suffix) {
            best.batches = suffix.batches[..=m.batch].to_vec();
            found = m;
            break;
        }
        keep *= 2;
    }
    let kept = ddmin(best.batches.clone(), |bs| {
        fails(&Repro {
            setup: Vec::new(),
            batches: bs.to_vec(),
        })
        .map(|m| found = m)
        .is_some()
    });
    best.batches = kept;
    // Single edits inside the remaining batches.
    let mut b = 0;
    while b < best.batches.len() {
        let mut j = 0;
        while j < best.batches[b].len() && best.batches[b].len() > 1 {
            let mut candidate = best.clone();
            candidate.batches[b].remove(j);
            match fails(&candidate) {
                Some(m) => {
                    candidate.batches.truncate(m.batch + 1);
                    best = candidate;
                    found = m;
                }
                None => j += 1,
            }
        }
        b += 1;
    }
    (best, found, replays)
}

fn env_num(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// The seeds to run and the edits of each: `total` edits (or `FOLIO_FUZZ_EDITS /
/// divide`) over `max(min_seeds, total / per_seed)` seeds from `FOLIO_FUZZ_FIRST_SEED`
/// (1), or all on `FOLIO_FUZZ_SEED`.
fn plan(total: u64, divide: u64, per_seed: u64, min_seeds: u64) -> Vec<(u64, usize)> {
    let total = env_num("FOLIO_FUZZ_EDITS").map_or(total, |n| (n / divide).max(1));
    if let Some(seed) = env_num("FOLIO_FUZZ_SEED") {
        return vec![(seed, total as usize)];
    }
    let first = env_num("FOLIO_FUZZ_FIRST_SEED").unwrap_or(1);
    let seeds = (total / per_seed).max(min_seeds);
    (first..first + seeds)
        .map(|s| (s, (total / seeds).max(1) as usize))
        .collect()
}

fn describe(
    seed: u64,
    mode: &Mode,
    total: usize,
    repro: &Repro,
    m: &Mismatch,
    replays: usize,
) -> String {
    let edits: usize = repro.setup.len() + repro.batches.iter().map(Vec::len).sum::<usize>();
    let mut s = String::new();
    writeln!(
        s,
        "MISMATCH seed {seed}, the `{}` Rebuilder ({}), after {total} edits; shortest reproduction found ({replays} replays): {edits} edit(s):",
        mode.name,
        if mode.name == "serve" { "base_url override, no cache busting" } else { "default options" },
    )
    .unwrap();
    // A sequence left long (the shrinking time ran out) shows only its last batch.
    let long = edits > 40;
    if long {
        writeln!(
            s,
            "  (the shrinking time ran out; the last of {} batches follows)",
            repro.batches.len()
        )
        .unwrap();
    }
    if !repro.setup.is_empty() && !long {
        writeln!(
            s,
            "  made to seed {seed}'s site before the Rebuilder starts:"
        )
        .unwrap();
        for e in &repro.setup {
            writeln!(s, "    {e:?}").unwrap();
        }
    }
    for (i, b) in repro.batches.iter().enumerate() {
        if long && i + 1 < repro.batches.len() {
            continue;
        }
        writeln!(s, "  batch {} applied by the Rebuilder:", i + 1).unwrap();
        for e in b {
            writeln!(s, "    {e:?}").unwrap();
        }
    }
    writeln!(s, "  first difference: `{}`: {}", m.path, m.detail).unwrap();
    if !m.others.is_empty() {
        writeln!(s, "  also differ: {}", m.others.join(", ")).unwrap();
    }
    writeln!(
        s,
        "  rerun: FOLIO_FUZZ_SEED={seed} FOLIO_FUZZ_EDITS={total} cargo test --test integration fuzz::incremental"
    )
    .unwrap();
    s
}

/// The kind of an edit, as in `KINDS`' spelling of its variant (`Title`, `NewPage`).
fn kind(e: &Edit) -> String {
    let debug = format!("{e:?}");
    debug
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Where a mismatch shows: the `Site`, the tracked output folder, or an error.
fn category(m: &Mismatch) -> &'static str {
    if m.path == "(build error)" {
        "error"
    } else if m.path.contains(" in ") {
        "folder"
    } else {
        "site"
    }
}

/// What a shrunk reproduction must keep of a mismatch: where it shows, and whether in
/// a static file. (The very path would keep edits that only make it the first.)
fn signature(m: &Mismatch) -> (&'static str, bool) {
    (category(m), m.path.contains("(static)"))
}

/// Mismatches already shrunk: (signature, the kinds of edit in the last batch of the
/// shortest reproduction, times seen again). A later mismatch (of either mode) with
/// the same signature whose failing batch holds all those kinds, or any once three of
/// its signature were shrunk, is counted, not shrunk again.
#[derive(Default)]
struct Known {
    shrunk: Vec<((&'static str, bool), BTreeSet<String>, usize)>,
    reports: Vec<String>,
    /// How many edits of each kind were drawn.
    kinds: BTreeMap<String, usize>,
    /// Time left for shrinking, over the whole run (`FOLIO_FUZZ_SHRINK_SECS`, 45 s).
    shrink_budget: Option<Duration>,
}

impl Known {
    fn record(&mut self, seed: u64, mode: &Mode, history: &[Vec<Edit>], done: usize, m: &Mismatch) {
        let failing: BTreeSet<String> = history[m.batch].iter().map(kind).collect();
        let sig = signature(m);
        let shrunk_alike = self.shrunk.iter().filter(|k| k.0 == sig).count();
        if let Some(k) = self
            .shrunk
            .iter_mut()
            .find(|k| k.0 == sig && (k.1.is_subset(&failing) || shrunk_alike >= 3))
        {
            k.2 += 1;
            eprintln!(
                "fuzz: seed {seed}, `{}` after {done} edits: again a mismatch like {:?} at `{}`",
                mode.name, k.1, m.path
            );
            return;
        }
        let budget = *self.shrink_budget.get_or_insert_with(|| {
            Duration::from_secs(env_num("FOLIO_FUZZ_SHRINK_SECS").unwrap_or(45))
        });
        let start = Instant::now();
        let (best, found, replays) = shrink(seed, history, mode, m, start + budget);
        self.shrink_budget = Some(budget.saturating_sub(start.elapsed()));
        let report = describe(seed, mode, done, &best, &found, replays);
        eprintln!("{report}");
        self.reports.push(report);
        let kinds = best
            .batches
            .last()
            .into_iter()
            .flatten()
            .map(kind)
            .collect();
        self.shrunk.push((signature(&found), kinds, 0));
    }
}

/// Runs one seed, recording its mismatches in `known`; returns the edits made.
fn run_seed(seed: u64, edits: usize, known: &mut Known) -> usize {
    let modes = modes(seed);
    let (mut model, next_id) = Model::initial(seed);
    let mut generator = Generator::new(seed, next_id);
    let mut folder = Folder::new(&model);
    let mut rebuilders: Vec<Tracked> = modes
        .iter()
        .map(|m| Tracked::new(&folder.root, m))
        .collect();
    let mut history: Vec<Vec<Edit>> = Vec::new();
    let mut done = 0;
    while done < edits {
        let batch = generator.batch(&mut model, edits - done);
        done += batch.len();
        for e in &batch {
            *known.kinds.entry(kind(e)).or_default() += 1;
        }
        history.push(batch);
        let paths = folder.sync(model.files());
        if std::env::var_os("FOLIO_FUZZ_VERBOSE").is_some() {
            eprintln!("seed {seed} batch {}: {:?}", history.len(), history.last());
        }
        if paths.is_empty() {
            continue;
        }
        for (tracked, mode) in rebuilders.iter_mut().zip(&modes) {
            let Some(m) = tracked.step(&folder.root, mode, &paths, history.len() - 1) else {
                continue;
            };
            known.record(seed, mode, &history, done, &m);
            // Go on from a fresh start, so later batches test something.
            *tracked = Tracked::new(&folder.root, mode);
        }
    }
    done
}

/// The in-process differential test: `serve`'s and `watch`'s `Rebuilder`s after each
/// batch of random edits equal a clean build.
#[test]
fn incremental_rebuilds_equal_clean_builds() {
    let start = Instant::now();
    let mut known = Known::default();
    let mut total = 0;
    for (seed, edits) in plan(320, 1, 250, 4) {
        total += run_seed(seed, edits, &mut known);
        eprintln!("fuzz: seed {seed} done, {total} edits so far");
    }
    eprintln!(
        "fuzz: {total} edits in process in {:.1} s, {} distinct mismatch(es)",
        start.elapsed().as_secs_f64(),
        known.reports.len()
    );
    eprintln!("fuzz: edits drawn by kind: {:?}", known.kinds);
    let all: BTreeSet<&str> = KINDS.iter().copied().collect();
    if total >= 300 {
        assert_eq!(
            known.kinds.len(),
            all.len(),
            "every kind of edit is drawn: {:?}",
            known.kinds
        );
    }
    let again: usize = known.shrunk.iter().map(|k| k.2).sum();
    assert!(
        known.reports.is_empty(),
        "{} distinct incremental rebuild(s) differ from a clean build ({again} more like them):\n\n{}",
        known.reports.len(),
        known.reports.join("\n")
    );
}

// ---------------------------------------------------------------------------------
// The real binary: `folio watch`'s output folder against `folio build -o other`.

/// Waits until `folio` prints nothing for `quiet`, returning what it printed.
fn settle(watch: &Running, quiet: Duration) -> Vec<String> {
    let mut lines = Vec::new();
    while let Ok(line) = watch.lines.recv_timeout(quiet) {
        lines.push(line);
    }
    lines
}

fn watch_seed(seed: u64, edits: usize) -> (Vec<String>, usize) {
    let (mut model, next_id) = Model::initial(seed);
    let mut generator = Generator::new(seed, next_id);
    let site = util::Site::empty();
    for (rel, bytes) in model.files() {
        site.bytes(&rel, &bytes);
    }
    let mut disk = model.files();
    let clean = |n: usize| {
        let dir = site.tmp().join(format!("clean-{n}"));
        site.build(&["--output-dir", dir.to_str().expect("utf-8 path")])
            .success();
        let tree = util::snapshot(&dir);
        std::fs::remove_dir_all(&dir).ok();
        tree
    };
    // Starts `folio watch` into a fresh folder and checks its first build.
    let start = |k: usize| {
        let out = site.tmp().join(format!("watched-{k}"));
        let out_arg = out.to_str().expect("utf-8 path").to_string();
        let watch = Running::start(&site, &["watch", "--output-dir", &out_arg]);
        util::assert_same_tree(
            "the first build of `folio watch`",
            &clean(0),
            &util::snapshot(&out),
        );
        // `folio watch` prints its line before its watcher starts: a change saved at
        // once would be lost (see the report), so let the watcher start.
        std::thread::sleep(Duration::from_millis(300));
        (watch, out)
    };
    let (mut watch, mut out) = start(0);
    let mut reports = Vec::new();
    let mut history: Vec<Vec<Edit>> = Vec::new();
    let mut done = 0;
    let mut n = 0;
    while done < edits {
        let batch = generator.batch(&mut model, edits - done);
        done += batch.len();
        history.push(batch);
        let want_files = model.files();
        // Write only what changed, and delete what went away, as an editor would.
        let mut changed = false;
        for (rel, bytes) in &want_files {
            if disk.get(rel) != Some(bytes) {
                site.bytes(rel, bytes);
                changed = true;
            }
        }
        for rel in disk.keys().filter(|k| !want_files.contains_key(*k)) {
            site.remove(rel);
            changed = true;
            let mut dir = site.path(rel).parent().map(Path::to_path_buf);
            while let Some(d) = dir {
                let depth = d
                    .strip_prefix(site.root())
                    .map_or(0, |r| r.components().count());
                if depth < 2 || !std::fs::read_dir(&d).is_ok_and(|mut it| it.next().is_none()) {
                    break;
                }
                std::fs::remove_dir(&d).expect("remove an empty folder");
                dir = d.parent().map(Path::to_path_buf);
            }
        }
        disk = want_files;
        if !changed {
            continue;
        }
        n += 1;
        let line = watch.wait_line(|l| l.contains("changed"));
        let mut printed = vec![line];
        printed.extend(settle(&watch, Duration::from_millis(150)));
        let mut want = clean(n);
        let mut got = util::snapshot(&out);
        if want != got {
            // A batch can reach watch as two; give a second rebuild time to land.
            printed.extend(settle(&watch, Duration::from_millis(1500)));
            want = clean(n);
            got = util::snapshot(&out);
        }
        let failed = printed
            .iter()
            .any(|l| l.contains("build failed") || l.starts_with("stderr:"));
        if want != got || failed {
            let mut s = String::new();
            writeln!(s, "MISMATCH seed {seed}, `folio watch`'s output folder after {done} edits in {} batches (compress = {}):", history.len(), model.cfg.compress).unwrap();
            for (i, b) in history.iter().enumerate() {
                for e in b {
                    writeln!(s, "  batch {}: {e:?}", i + 1).unwrap();
                }
            }
            writeln!(s, "  watch printed: {}", printed.join(" | ")).unwrap();
            let keys: BTreeSet<&String> = want.keys().chain(got.keys()).collect();
            for k in keys
                .into_iter()
                .filter(|k| want.get(*k) != got.get(*k))
                .take(12)
            {
                let detail = match (got.get(k), want.get(k)) {
                    (Some(a), Some(b)) => excerpt(k, a, b),
                    (Some(_), None) => "only in the watched folder".into(),
                    _ => "missing from the watched folder".into(),
                };
                writeln!(s, "  `{k}`: {detail}").unwrap();
            }
            writeln!(s, "  rerun: FOLIO_FUZZ_SEED={seed} FOLIO_FUZZ_EDITS={} cargo test --test integration fuzz::watch", done * 5).unwrap();
            eprintln!("{s}");
            reports.push(s);
            // Go on with a fresh `folio watch`, so later batches test something.
            drop(watch);
            (watch, out) = start(reports.len());
        }
    }
    (reports, done)
}

/// `folio watch`'s output folder after each batch equals `folio build -o other`.
#[test]
fn watch_output_equals_clean_builds() {
    let start = Instant::now();
    let mut reports = Vec::new();
    let mut total = 0;
    for (seed, edits) in plan(60, 5, 60, 2) {
        let (r, n) = watch_seed(seed, edits);
        eprintln!(
            "fuzz: `folio watch` seed {seed}: {n} edits, {} mismatch(es)",
            r.len()
        );
        reports.extend(r);
        total += n;
    }
    eprintln!(
        "fuzz: {total} edits through `folio watch` in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(
        reports.is_empty(),
        "`folio watch`'s output differs from a clean build:\n\n{}",
        reports.join("\n")
    );
}
