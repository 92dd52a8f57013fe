//! Turns the loaded site into output files: Tera setup, template contexts, and every
//! generated file (pages, sections, taxonomy pages, 404, aliases, sitemap, robots.txt,
//! highlight stylesheet). Returns files; writes nothing.

pub mod branding;
pub mod components;
pub mod data;
pub mod feeds;
pub mod filters;
pub mod functions;
pub mod images;
pub mod locale;
pub mod nav;
pub mod nav_html;
pub mod paginate;
pub mod taxonomy;
pub mod tera1;
pub mod theme;
pub mod trace;
pub mod values;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::content::{Content, ItemId, url};
use crate::deps::{self, Dep, Extra, Unit};
use crate::diagnostic::{Diagnostic, relative_to};
use crate::markdown::Rendered;
use functions::SharedLookup;
use theme::ThemeFiles;
use values::{Shared, Urls, obj, toc_value};

/// One generated file, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go as they are made, from any worker thread: memory for
/// `serve`, `watch` and `check`, the staging folder for `build`.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile);
}

/// A sink that keeps the files, for callers that compare them with earlier output.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, file: OutputFile) {
        if let Ok(mut v) = self.0.lock() {
            v.push(file);
        }
    }
}

impl Collect {
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// The template each template of `theme` extends.
pub fn template_parents(theme: &ThemeFiles) -> HashMap<String, String> {
    theme
        .templates
        .iter()
        .filter_map(|(n, t)| Some((n.clone(), trace::instrument(n, &t.source).extends?)))
        .collect()
}

/// Builds Tera with folio's functions and every template of the theme and site.
///
/// A site that overrides `base.html` with blocks of its own (a Zola site's templates,
/// say) can leave theme templates it did not override unable to compile. Those theme
/// templates are dropped, and an error is reported only if one is later needed; errors
/// in the site's own templates are always reported.
pub fn make_tera(theme: &ThemeFiles, lookup: SharedLookup) -> Result<Tera, Vec<Diagnostic>> {
    let mut dropped: HashSet<&str> = HashSet::new();
    // Why each dropped theme template failed, for the page that needs it.
    let mut reports: HashMap<String, String> = HashMap::new();
    loop {
        let mut tera = Tera::new();
        functions::register(&mut tera, lookup.clone());
        filters::register(&mut tera);
        let traced: Vec<(&str, trace::Traced)> = theme
            .templates
            .iter()
            .filter(|(name, _)| !dropped.contains(name.as_str()))
            .map(|(name, t)| (name.as_str(), trace::instrument(name, &t.source)))
            .collect();
        let extends: HashMap<String, String> = traced
            .iter()
            .filter_map(|(n, t)| Some((n.to_string(), t.extends.clone()?)))
            .collect();
        register_reached(&mut tera, extends);
        let sources = traced.iter().map(|(n, t)| (*n, t.source.as_str()));
        match tera.add_raw_templates(sources) {
            Ok(()) => {
                if let Ok(mut l) = lookup.write() {
                    l.broken_templates = reports;
                }
                return Ok(tera);
            }
            Err(e) => {
                let names = failing_templates(&e);
                let site_failed = names.iter().any(|n| {
                    theme
                        .templates
                        .get(n.as_str())
                        .is_none_or(|t| t.origin.starts_with("templates/"))
                });
                let before = dropped.len();
                let origin = template_origin(theme, &e);
                let report = trace::clean_error(&e.to_string());
                let mut message = format!("template error:\n{report}");
                if let Some(hint) = extends_itself(theme, &e).or_else(|| tera1::hint(&report)) {
                    message.push_str("\nhelp: ");
                    message.push_str(&hint);
                }
                if !site_failed {
                    // A theme template the site's own templates broke (or that is
                    // broken) is left out, so that a site which never needs it builds.
                    // Each keeps the part of the report about itself.
                    for n in &names {
                        if let Some((key, t)) = theme.templates.get_key_value(n.as_str()) {
                            dropped.insert(key.as_str());
                            let own = errors_about(&report, n);
                            let mut own = format!("{}: template error:\n{own}", t.origin);
                            if let Some(hint) =
                                missing_block_hint(theme, &own).or_else(|| tera1::hint(&own))
                            {
                                own.push_str("\nhelp: ");
                                own.push_str(&hint);
                            }
                            reports.insert(key.clone(), own);
                        }
                    }
                }
                if site_failed || dropped.len() == before {
                    return Err(vec![Diagnostic::new(origin, message)]);
                }
            }
        }
    }
}

/// Registers the function that `trace`'s markers call: it records the template and
/// the templates it extends as read by the output being made.
fn register_reached(tera: &mut Tera, extends: HashMap<String, String>) {
    tera.register_function(
        trace::FUNCTION,
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            if crate::deps::current().is_some() {
                let name = kwargs.must_get::<&str>("t")?;
                if !crate::deps::just_recorded_template(name) {
                    record_template(&extends, name);
                }
            }
            Ok(String::new())
        },
    );
}

/// Records template `name`, and those it extends, as read.
pub fn record_template(extends: &HashMap<String, String>, name: &str) {
    use crate::deps::{Dep, record};
    record(Dep::Template(name.to_string()));
    for p in trace::parents(extends, name) {
        record(Dep::Template(p.to_string()));
    }
}

/// The errors of a report (Tera gives one for all templates) that point into
/// template `name`, or the whole report when none does.
fn errors_about(report: &str, name: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    for line in report.lines() {
        if line.starts_with("error:") || blocks.is_empty() {
            blocks.push(String::new());
        }
        if let Some(b) = blocks.last_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    let at = format!("--> {name}:");
    let own: Vec<&str> = blocks
        .iter()
        .filter(|b| b.contains(&at))
        .map(|b| b.trim_end())
        .collect();
    if own.is_empty() {
        report.to_string()
    } else {
        own.join("\n\n")
    }
}

/// The way out when a theme template fills a block that the site's own `base.html`,
/// which replaced the theme's, does not have.
fn missing_block_hint(theme: &ThemeFiles, report: &str) -> Option<String> {
    let base = theme.templates.get("base.html")?;
    if !base.origin.starts_with("templates/")
        || !report.contains("is not defined in any parent template")
    {
        return None;
    }
    let mut blocks: Vec<&str> = Vec::new();
    for b in report
        .split("Block `")
        .skip(1)
        .filter_map(|r| r.split('`').next())
    {
        if !blocks.contains(&b) {
            blocks.push(b);
        }
    }
    let first = blocks.first()?;
    let list = blocks
        .iter()
        .map(|b| format!("`{b}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!(
        "the site's `templates/base.html` replaces the theme's and has no block {list}; start it with `{{% extends \"{}/base.html\" %}}` to keep the theme's page and override only some blocks, or give it `{{% block {first} %}}{{% endblock {first} %}}` and the others",
        theme.name
    ))
}

/// The way out when a site template extends itself, as a site `base.html` that
/// extends `base.html` to build on the theme's does.
fn extends_itself(theme: &ThemeFiles, e: &tera::Error) -> Option<String> {
    let tera::ErrorKind::CircularExtend {
        tpl,
        inheritance_chain,
    } = e.kind()
    else {
        return None;
    };
    (inheritance_chain.len() == 1).then(|| {
        format!(
            "a template cannot extend itself; to build on the theme's `{tpl}`, write `{{% extends \"{}/{tpl}\" %}}` and override only the blocks you change",
            theme.name
        )
    })
}

/// The templates an error is about (Tera joins several reports into one message).
fn failing_templates(e: &tera::Error) -> Vec<String> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            vec![r.filename().to_string()]
        }
        tera::ErrorKind::MissingParent { current, .. } => vec![current.clone()],
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => vec![tpl.clone()],
        _ => e
            .to_string()
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .filter_map(|loc| loc.split(':').next())
            .map(str::to_string)
            .collect(),
    }
}

fn template_origin(theme: &ThemeFiles, e: &tera::Error) -> String {
    let name = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.filename().to_string()
        }
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        tera::ErrorKind::CircularExtend { tpl, .. } => tpl.clone(),
        _ => String::new(),
    };
    theme
        .templates
        .get(&name)
        .map_or_else(|| "templates".to_string(), |t| t.origin.clone())
}

/// The config as templates see it, with `branding` as `Branding::value` made it.
pub fn config_value(config: &Config, branding: Value) -> Value {
    obj([
        ("branding", branding),
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("base_url", Value::from(config.base_url.as_str())),
        ("base_path", Value::from(config.base_path())),
        (
            "default_language",
            Value::from(config.default_language.as_str()),
        ),
        ("build_search_index", Value::from(config.build_search_index)),
        ("generate_feeds", Value::from(config.generate_feeds)),
        (
            "taxonomies",
            Value::from(
                config
                    .taxonomies
                    .iter()
                    .map(|t| {
                        obj([
                            ("name", Value::from(t.name.as_str())),
                            ("feed", Value::from(t.feed)),
                        ])
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        // Zola's `config.languages`: each other language's title and description.
        (
            "languages",
            Value::from(
                config
                    .languages
                    .iter()
                    .map(|(code, l)| {
                        (
                            code.clone(),
                            obj([
                                ("title", values::opt(l.title.as_deref())),
                                ("description", values::opt(l.description.as_deref())),
                            ]),
                        )
                    })
                    .collect::<std::collections::BTreeMap<_, _>>(),
            ),
        ),
        ("extra", values::table_value(&config.extra)),
    ])
}

/// Everything the render stage reads.
pub struct RenderInput<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub content: &'a Content,
    pub pages: &'a [Rendered],
    pub sections: &'a [Rendered],
    pub tera: &'a Tera,
    pub theme: &'a ThemeFiles,
    pub urls: &'a Urls,
    pub shared: &'a Shared,
    pub taxonomies: &'a [taxonomy::Taxonomy],
    /// Renders a page's HTML body when `pages` does not keep it (lean builds).
    pub page_html: Option<&'a (dyn Fn(usize) -> String + Sync)>,
    /// Where each unit's recorded reads go, for `serve` and `watch`; `None` records
    /// nothing (`build`).
    pub recorded: Option<&'a Recorded>,
    /// The template each template extends, to record whole chains.
    pub extends: &'a HashMap<String, String>,
    /// The URL of each other language's feed (`/fr/atom.xml`), by code.
    pub language_feeds: HashMap<String, String>,
    /// Where each language's search index is, from the site root (`search/`,
    /// `fr/search/`), for the languages that have one.
    pub search_dirs: HashMap<String, String>,
    /// Theme templates left out because they do not compile, with their error.
    pub broken: HashMap<String, String>,
    /// Counts each page and section rendered (silent unless a command shows progress).
    pub progress: crate::progress::Reporter,
    /// The sidebar rows made so far in this pass.
    pub nav_rows: nav::RowCache,
    /// Which sidebar values each template reads (`sidebar_wants`).
    pub sidebar: SidebarWants,
}

/// Which of the sidebar's values a template names: the `nav` rows, the `nav_html`
/// list. Each costs something on every page of a big site, so one that the template
/// (with its parents and includes) does not name is not made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wants {
    pub rows: bool,
    pub html: bool,
}

impl Wants {
    const ALL: Wants = Wants {
        rows: true,
        html: true,
    };
}

/// `Wants` by template name.
#[derive(Debug, Default)]
pub struct SidebarWants {
    by_template: HashMap<String, Wants>,
}

impl SidebarWants {
    /// What `template` reads; everything for a template not known.
    pub fn of(&self, template: &str) -> Wants {
        self.by_template
            .get(template)
            .copied()
            .unwrap_or(Wants::ALL)
    }

    /// What any template reads, for contexts that several templates share.
    pub fn any(&self) -> Wants {
        self.by_template
            .values()
            .fold(Wants::default(), |a, w| Wants {
                rows: a.rows || w.rows,
                html: a.html || w.html,
            })
    }
}

/// What each template of `tera` reads of the sidebar (see `Wants`), from the
/// variables it names, its parents and includes counted. When a template dumps the
/// whole context (`__tera_context`, which Tera does not list among the variables:
/// found in the `sources`), every template gets everything.
pub fn sidebar_wants<'a>(tera: &Tera, mut sources: impl Iterator<Item = &'a str>) -> SidebarWants {
    let dumps = sources.any(|s| s.contains("__tera_context"));
    let by_template = tera
        .get_template_names()
        .map(|name| {
            let wants = match tera.get_template_variables(name) {
                Ok(vars) if !dumps => Wants {
                    rows: vars.contains("nav"),
                    html: vars.contains("nav_html"),
                },
                // A template whose variables cannot be listed might read anything.
                _ => Wants::ALL,
            };
            (name.to_string(), wants)
        })
        .collect();
    SidebarWants { by_template }
}

/// The reads recorded while rendering, unit by unit.
pub type Recorded = Mutex<Vec<(Unit, HashSet<Dep>)>>;

impl RenderInput<'_> {
    fn rel(&self, path: &Path) -> std::path::PathBuf {
        relative_to(path, self.root)
    }

    /// Runs `f` as `unit`, keeping what it reads when recording; `also` are reads made
    /// beforehand on its behalf (the root navigation that several units share).
    fn unit<R>(&self, unit: Unit, also: &HashSet<Dep>, f: impl FnOnce() -> R) -> R {
        let (r, mut read) = deps::recording(self.recorded.is_some(), unit, f);
        if let Some(out) = self.recorded {
            read.extend(also.iter().cloned());
            if let Ok(mut v) = out.lock() {
                v.push((unit, read));
            }
        }
        r
    }

    /// Where the search index of pages in `lang` is, or `""` when it has none.
    fn search_index_of(&self, lang: &str) -> Value {
        Value::from(self.search_dirs.get(lang).map_or("", String::as_str))
    }

    /// Records that the unit being made shows the link (title, description, URL) of `id`.
    fn shows_link(&self, id: ItemId) {
        if self.recorded.is_some() {
            deps::record(Dep::Link(self.content.meta(id).relative.clone()));
        }
    }

    /// Records that the unit being made shows the whole value of `id`.
    fn shows_ref(&self, id: ItemId) {
        if self.recorded.is_some() {
            deps::record(Dep::Ref(self.content.meta(id).relative.clone()));
        }
    }

    /// The sidebar of a reader at `current` (`None`: outside the tree), on `path` in
    /// `lang`: `nav` and `nav_html`, as far as `wants` (a context that already has its
    /// `nav` asks for `nav_html` alone).
    fn insert_sidebar(
        &self,
        ctx: &mut Context,
        wants: Wants,
        current: Option<ItemId>,
        lang: &str,
        path: &str,
    ) {
        if wants.rows {
            ctx.insert_value(
                "nav",
                nav::rows(
                    self.config,
                    self.content,
                    current,
                    self.urls,
                    &self.nav_rows,
                ),
            );
        }
        if wants.html {
            // As the theme's `home_url`: each language has its own home.
            let mut home = self.urls.base_path.clone();
            if lang != self.config.default_language {
                home.push_str(lang);
                home.push('/');
            }
            let html = nav::html(
                self.config,
                self.content,
                current,
                self.urls,
                &self.nav_rows,
                &self.urls.url(path),
                &home,
            );
            ctx.insert_value("nav_html", Value::safe_string(&html));
        }
    }

    /// `insert_sidebar` for a reader outside the tree (taxonomy pages, 404), whose
    /// `nav` is the root's, made once and shared.
    fn insert_root_sidebar(
        &self,
        ctx: &mut Context,
        wants: Wants,
        root_nav: &Value,
        lang: &str,
        path: &str,
    ) {
        if wants.rows {
            ctx.insert_value("nav", root_nav.clone());
        }
        let html_only = Wants {
            rows: false,
            ..wants
        };
        self.insert_sidebar(ctx, html_only, None, lang, path);
    }

    /// The context every page and section starts from, for rendering with `template`.
    fn base_context(&self, id: ItemId, path: &str, template: &str) -> Context {
        let mut ctx = Context::new();
        // The item's language (Zola's `lang`), and whether it reads right to left.
        let lang = &self.content.meta(id).lang;
        ctx.insert_value("lang", Value::from(lang.as_str()));
        ctx.insert_value("lang_rtl", Value::from(crate::config::is_rtl(lang)));
        ctx.insert_value("search_index", self.search_index_of(lang));
        if *lang != self.config.default_language {
            // Zola's `feed_url` is the feed of the page's language.
            let feed = self.language_feeds.get(lang.as_str());
            ctx.insert_value(
                "feed_url",
                feed.map_or_else(Value::none, |u| Value::from(u.as_str())),
            );
        }
        ctx.insert_value("current_path", Value::from(path));
        ctx.insert_value("current_url", Value::from(self.urls.url(path)));
        ctx.insert_value("current_permalink", Value::from(self.urls.permalink(path)));
        self.insert_sidebar(&mut ctx, self.sidebar.of(template), Some(id), lang, path);
        let ancestors: Vec<Value> = self
            .content
            .ancestors(id)
            .into_iter()
            .filter_map(|s| {
                self.shows_link(ItemId::Section(s));
                self.shared.link_refs.get(&ItemId::Section(s)).cloned()
            })
            .collect();
        ctx.insert_value("ancestors", Value::from(ancestors));
        let (prev, next) = self.content.reading_neighbours(id);
        let link = |i: Option<ItemId>| {
            i.and_then(|i| {
                self.shows_link(i);
                self.shared.link_refs.get(&i).cloned()
            })
            .unwrap_or_else(Value::none)
        };
        ctx.insert_value("previous", link(prev));
        ctx.insert_value("next", link(next));
        ctx
    }
}

/// Renders the given pages and sections in parallel, each file into `sink` as soon
/// as it is made. Returns the problems, in the order of `ids`.
pub fn render_items(input: &RenderInput, ids: &[ItemId], sink: &dyn Sink) -> Vec<Diagnostic> {
    let problems: Vec<Diagnostic> = ids
        .par_iter()
        .filter_map(|&id| {
            let r = input.unit(Unit::Item(id), &HashSet::new(), || match id {
                ItemId::Page(p) => render_page(input, p).map(|f| sink.put(f)),
                ItemId::Section(s) => render_section(input, s, sink),
            });
            input.progress.advance(1);
            r.err()
        })
        .collect();
    group_template_errors(problems)
}

/// Which generated files besides pages and sections to render.
#[derive(Debug, Clone, Copy)]
pub enum Extras<'a> {
    All,
    /// Only these units (those whose recorded reads changed).
    Only(&'a HashSet<Extra>),
}

impl Extras<'_> {
    fn wants(self, unit: Extra) -> bool {
        match self {
            Extras::All => true,
            Extras::Only(set) => set.contains(&unit),
        }
    }
}

/// Renders the generated files besides pages and sections that `which` asks for into
/// `sink`: taxonomy pages, 404, alias and first-listing-page redirects, feeds, the
/// sitemap and the navigation files, each as its own unit. Returns the problems.
pub fn render_extras(input: &RenderInput, which: Extras, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // The root navigation, shared by taxonomy pages and the 404 page: its reads count
    // as theirs.
    let (root_nav, nav_reads) = deps::recording(
        input.recorded.is_some(),
        Unit::Extra(Extra::NotFound),
        || {
            if !input.sidebar.any().rows {
                return Value::none();
            }
            nav::rows(
                input.config,
                input.content,
                None,
                input.urls,
                &input.nav_rows,
            )
        },
    );
    for i in 0..input.taxonomies.len() {
        problems.extend(render_taxonomy(
            input, i, &root_nav, &nav_reads, which, sink,
        ));
    }
    if which.wants(Extra::NotFound) {
        match input.unit(Unit::Extra(Extra::NotFound), &nav_reads, || {
            render_404(input, &root_nav)
        }) {
            Ok(Some(f)) => sink.put(f),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    if which.wants(Extra::Redirects) {
        input.unit(Unit::Extra(Extra::Redirects), &HashSet::new(), || {
            aliases(input, &mut problems)
                .into_iter()
                .for_each(|f| sink.put(f));
            first_pager_redirects(input, sink);
        });
    }
    (0..input.content.sections.len())
        .into_par_iter()
        .filter(|&s| which.wants(Extra::NavFile(s)))
        .for_each(|s| {
            input.unit(Unit::Extra(Extra::NavFile(s)), &HashSet::new(), || {
                nav::files(input.content, input.urls, Some(s))
                    .into_iter()
                    .for_each(|f| sink.put(f));
            });
        });
    if input.config.generate_feeds {
        let wanted = |f: deps::Feed| which.wants(Extra::Feed(f));
        let unit = |f: deps::Feed, make: &mut dyn FnMut()| {
            input.unit(Unit::Extra(Extra::Feed(f)), &HashSet::new(), make);
        };
        feeds::feeds(input, &wanted, &unit, &mut problems)
            .0
            .into_iter()
            .for_each(|f| sink.put(f));
    }
    if input.config.generate_sitemap && which.wants(Extra::Sitemap) {
        input.unit(Unit::Extra(Extra::Sitemap), &HashSet::new(), || {
            feeds::sitemap(input, &mut problems)
                .into_iter()
                .for_each(|f| sink.put(f));
            // A site's own `robots.txt` template, as in Zola.
            if input.tera.contains_template("robots.txt") {
                match render_with(
                    input,
                    "robots.txt",
                    &Context::new(),
                    &input.root.join("config.toml"),
                ) {
                    Ok(text) => sink.put(OutputFile {
                        path: "robots.txt".into(),
                        bytes: text.into_bytes(),
                    }),
                    Err(d) => problems.push(d),
                }
            }
        });
    }
    problems
}

/// `/section/page/1/` redirects to `/section/`, as in Zola, for every paginated section
/// and taxonomy term.
fn first_pager_redirects(input: &RenderInput, sink: &dyn Sink) {
    for s in 0..input.content.sections.len() {
        let listing = paginate::Listing::of_section(input.config, input.content, s);
        // Zola writes it for every section whose front matter sets `paginate_by`.
        let asked = input.content.sections[s].paginate_by.is_some_and(|n| n > 0);
        first_listing_redirect(input, &listing, asked, sink);
    }
    for tax in input.taxonomies {
        for t in &tax.terms {
            let items = paginate::term_items(&t.pages);
            let listing = paginate::Listing::of_term(input.config, &tax.name, &t.path, &items);
            first_listing_redirect(input, &listing, false, sink);
        }
    }
}

/// A page that sends readers (and search engines, through its canonical link) to the
/// site path `to`.
fn redirect_html(input: &RenderInput, to: &str) -> String {
    // A site path, or (Zola's `redirect_to`) a URL of another site as it is.
    let (target, canonical) = if to.contains("://") {
        (to.to_string(), to.to_string())
    } else {
        (input.urls.url(to), input.urls.permalink(to))
    };
    let mut esc = String::new();
    pulldown_cmark_escape::escape_html(&mut esc, &target).ok();
    let mut esc_canon = String::new();
    pulldown_cmark_escape::escape_html(&mut esc_canon, &canonical).ok();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{esc_canon}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={esc}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{esc}\">{esc}</a>.</p>\n</body>\n</html>\n",
        lang = input.config.default_language
    )
}

/// The same template error on many pages is reported once, with a count.
fn group_template_errors(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, (Diagnostic, usize)> = HashMap::new();
    let mut order = Vec::new();
    for d in problems {
        let key = d.message.clone();
        match seen.get_mut(&key) {
            Some((_, n)) => *n += 1,
            None => {
                order.push(key.clone());
                seen.insert(key, (d, 1));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|k| seen.remove(&k))
        .map(|(mut d, n)| {
            if n > 1 {
                d.message = format!(
                    "{} (and {} more pages with the same error)",
                    d.message,
                    n - 1
                );
            }
            d
        })
        .collect()
}

fn render_with(
    input: &RenderInput,
    template: &str,
    ctx: &Context,
    file: &Path,
) -> Result<String, Diagnostic> {
    if !input.tera.contains_template(template) {
        // A theme template that does not compile is named with its own error.
        if let Some(report) = input.broken.get(template) {
            return Err(Diagnostic::new(
                input.rel(file),
                format!("template `{template}` does not compile:\n{report}"),
            ));
        }
        return Err(Diagnostic::new(
            input.rel(file),
            format!(
                "template `{template}` not found: add `templates/{template}` to the site or the theme"
            ),
        ));
    }
    if input.recorded.is_some() {
        record_template(input.extends, template);
    }
    input.tera.render(template, ctx).map_err(|e| {
        let mut origin = template_origin(input.theme, &e);
        if origin == "templates"
            && let Some(t) = input.theme.templates.get(template)
        {
            // Tera did not say which template failed: name the one rendered.
            origin = t.origin.clone();
        }
        let mut message = format!(
            "rendering with `{template}` ({origin}) failed:\n{}",
            trace::clean_error(&e.to_string())
        );
        if message.contains("recursion depth for components") {
            message.push_str(RECURSION_HINT);
        } else if let Some(hint) = tera1::hint(&message) {
            message.push_str("\nhelp: ");
            message.push_str(&hint);
        }
        Diagnostic::new(input.rel(file), message)
    })
}

/// What to do when a template's components call themselves too deeply.
const RECURSION_HINT: &str = "\nhelp: Tera nests components at most 20 deep, so a component that calls itself once per level of the site (a sidebar or table-of-contents tree) fails on deep sites. Loop over a flat list instead: `nav` is one, with a `depth` and a `close` count per row (see \"The sidebar on large sites\" in folio's README).";

/// `/<term>/page/1/` (or a section's) redirects to the first listing page, as in Zola.
fn first_listing_redirect(
    input: &RenderInput,
    listing: &paginate::Listing,
    asked: bool,
    sink: &dyn Sink,
) {
    if listing.count() < 2 && !asked {
        return;
    }
    let path = format!("{}{}/1/", listing.path, listing.paginate_path);
    sink.put(OutputFile {
        path: url::output_file(&path),
        bytes: redirect_html(input, listing.path).into_bytes(),
    });
}

/// The template an item is rendered with: its own `template`, else (for pages) the
/// nearest section's `page_template`, else `page.html`, `section.html` or `index.html`.
pub fn template_of(content: &Content, id: ItemId) -> String {
    match id {
        ItemId::Page(p) => {
            let page = &content.pages[p];
            if let Some(t) = &page.meta.template {
                return t.clone();
            }
            let mut s = Some(page.section);
            while let Some(i) = s {
                if let Some(t) = &content.sections[i].page_template {
                    return t.clone();
                }
                s = content.sections[i].parent;
            }
            "page.html".into()
        }
        ItemId::Section(s) => content.sections[s]
            .meta
            .template
            .clone()
            .unwrap_or_else(|| {
                if s == Content::ROOT {
                    "index.html"
                } else {
                    "section.html"
                }
                .to_string()
            }),
    }
}

/// Sets the globals every template sees: `config`, `lang` and `feed_url`. Fails when
/// `[branding]` names a file that the static files do not have.
pub fn set_globals(
    tera: &mut Tera,
    config: &Config,
    theme: &ThemeFiles,
    content: &Content,
    urls: &Urls,
    content_urls: &HashMap<String, String>,
) -> anyhow::Result<()> {
    let branding = branding::value(
        &config.branding,
        &config.title,
        &config.base_path(),
        theme,
        content_urls,
    )?;
    let globals = tera.global_context();
    globals.insert_value("config", config_value(config, branding));
    globals.insert_value("lang", Value::from(config.default_language.as_str()));
    let has_dated = content
        .pages
        .iter()
        .any(|p| p.date.is_some() && p.render && p.meta.lang == config.default_language);
    let feed_url = (config.generate_feeds && has_dated).then(|| urls.url("/atom.xml"));
    globals.insert_value("feed_url", feed_url.map_or_else(Value::none, Value::from));
    Ok(())
}

fn render_page(input: &RenderInput, p: usize) -> Result<OutputFile, Diagnostic> {
    let page = &input.content.pages[p];
    let r = &input.pages[p];
    let mut map = input.shared.page_refs[p]
        .as_map()
        .cloned()
        .unwrap_or_default();
    let link = |i: Option<usize>| {
        i.and_then(|i| {
            input.shows_link(ItemId::Page(i));
            input.shared.link_refs.get(&ItemId::Page(i)).cloned()
        })
        .unwrap_or_else(Value::none)
    };
    let slug = page
        .meta
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    for (k, v) in [
        (
            "content",
            match input.page_html {
                Some(html) => Value::safe_string(&html(p)),
                None => Value::safe_string(&r.html),
            },
        ),
        ("toc", toc_value(&r.toc)),
        ("slug", Value::from(slug)),
        ("lower", link(page.lower)),
        ("higher", link(page.higher)),
        ("draft", Value::from(page.draft)),
        ("in_search_index", Value::from(page.meta.in_search_index)),
    ] {
        map.insert(k.into(), v);
    }
    let template = template_of(input.content, ItemId::Page(p));
    let mut ctx = input.base_context(ItemId::Page(p), &page.meta.path, &template);
    ctx.insert_value("page", Value::from(map));
    let html = render_with(input, &template, &ctx, &page.meta.file)?;
    Ok(OutputFile {
        path: url::output_file(&page.meta.path),
        bytes: html.into_bytes(),
    })
}

/// Renders section `s`: its page, and its numbered listing pages when it has more
/// children than fit on one.
fn render_section(input: &RenderInput, s: usize, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let section = &input.content.sections[s];
    let r = &input.sections[s];
    // Zola's `render = false`: no page of its own; and `redirect_to`: a redirect.
    if !section.render {
        return Ok(());
    }
    if let Some(to) = &section.redirect_to {
        sink.put(OutputFile {
            path: url::output_file(&section.meta.path),
            bytes: redirect_html(input, to).into_bytes(),
        });
        return Ok(());
    }
    // The section's value holds those of its pages and subsections.
    for &p in &section.pages {
        input.shows_ref(ItemId::Page(p));
    }
    for &c in &section.subsections {
        input.shows_ref(ItemId::Section(c));
    }
    let mut map = input.shared.section_refs[s]
        .as_map()
        .cloned()
        .unwrap_or_default();
    for (k, v) in [
        ("content", Value::safe_string(&r.html)),
        ("toc", toc_value(&r.toc)),
        ("word_count", Value::from(r.word_count)),
        (
            "reading_time",
            Value::from(crate::markdown::reading_time(r.word_count)),
        ),
    ] {
        map.insert(k.into(), v);
    }
    let template = template_of(input.content, ItemId::Section(s));
    let mut ctx = input.base_context(ItemId::Section(s), &section.meta.path, &template);
    ctx.insert_value("section", Value::from(map));
    let listing = paginate::Listing::of_section(input.config, input.content, s);
    render_listing(
        input,
        (Some(ItemId::Section(s)), &section.meta.lang),
        &listing,
        &template,
        ctx,
        &section.meta.file,
        &mut |f| sink.put(f),
    )
}

/// Renders each numbered page of `listing` with `template`: the first at the
/// listing's own path, the others at theirs, each with its `paginator`. `reader` is
/// the item listed (`None` for a taxonomy term) and its language, for the sidebar.
fn render_listing(
    input: &RenderInput,
    reader: (Option<ItemId>, &str),
    listing: &paginate::Listing,
    template: &str,
    mut ctx: Context,
    file: &Path,
    put: &mut dyn FnMut(OutputFile),
) -> Result<(), Diagnostic> {
    for n in 1..=listing.count() {
        let path = listing.path(n);
        ctx.insert_value("paginator", listing.paginator(n, input.urls, input.shared));
        if n > 1 {
            ctx.insert_value("current_path", Value::from(path.as_str()));
            ctx.insert_value("current_url", Value::from(input.urls.url(&path)));
            ctx.insert_value(
                "current_permalink",
                Value::from(input.urls.permalink(&path)),
            );
            // Its own row is no longer the page the reader is on.
            let html_only = Wants {
                rows: false,
                ..input.sidebar.of(template)
            };
            input.insert_sidebar(&mut ctx, html_only, reader.0, reader.1, &path);
        }
        let html = render_with(input, template, &ctx, file)?;
        put(OutputFile {
            path: url::output_file(&path),
            bytes: html.into_bytes(),
        });
    }
    Ok(())
}

fn render_taxonomy(
    input: &RenderInput,
    i: usize,
    nav: &Value,
    nav_reads: &HashSet<Dep>,
    which: Extras,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    // Zola's per-taxonomy templates (`tags/list.html`) come before the shared ones.
    let template = |tax: &taxonomy::Taxonomy, which: &str| {
        let own = format!("{}/{which}.html", tax.name);
        deps::record_with(|| Dep::Template(own.clone()));
        if input.tera.contains_template(&own) {
            own
        } else {
            format!("taxonomy_{which}.html")
        }
    };
    let tax = &input.taxonomies[i];
    let config_file = input.root.join("config.toml");
    let term_value = |t: &taxonomy::Term, with_pages: bool| {
        let pages = if with_pages {
            Value::from(
                t.pages
                    .iter()
                    .map(|&p| {
                        input.shows_ref(ItemId::Page(p));
                        input.shared.page_refs[p].clone()
                    })
                    .collect::<Vec<_>>(),
            )
        } else {
            Value::none()
        };
        obj([
            ("name", Value::from(t.name.as_str())),
            ("slug", Value::from(t.slug.as_str())),
            ("url", Value::from(input.urls.url(&t.path))),
            ("permalink", Value::from(input.urls.permalink(&t.path))),
            ("count", Value::from(t.pages.len())),
            ("page_count", Value::from(t.pages.len())),
            ("pages", pages),
        ])
    };
    let tax_value = obj([
        ("name", Value::from(tax.name.as_str())),
        ("url", Value::from(input.urls.url(&tax.path))),
        ("permalink", Value::from(input.urls.permalink(&tax.path))),
        (
            "terms",
            Value::from(
                tax.terms
                    .iter()
                    .map(|t| term_value(t, false))
                    .collect::<Vec<_>>(),
            ),
        ),
    ]);
    // The context is shared by the taxonomy's templates.
    let shared_wants = input.sidebar.any();
    let context = |path: &str| {
        let mut ctx = Context::new();
        ctx.insert_value("lang", Value::from(tax.lang.as_str()));
        ctx.insert_value("lang_rtl", Value::from(crate::config::is_rtl(&tax.lang)));
        ctx.insert_value("search_index", input.search_index_of(&tax.lang));
        ctx.insert_value("current_path", Value::from(path));
        ctx.insert_value("current_url", Value::from(input.urls.url(path)));
        input.insert_root_sidebar(&mut ctx, shared_wants, nav, &tax.lang, path);
        input.shows_link(ItemId::Section(Content::ROOT));
        ctx.insert_value(
            "ancestors",
            Value::from(vec![
                input.shared.link_refs[&ItemId::Section(Content::ROOT)].clone(),
            ]),
        );
        ctx.insert_value("previous", Value::none());
        ctx.insert_value("next", Value::none());
        ctx.insert_value("taxonomy", tax_value.clone());
        // Zola's taxonomy templates read the terms at the top level.
        ctx.insert_value(
            "terms",
            tax_value
                .get_from_path("terms")
                .cloned()
                .unwrap_or_else(Value::none),
        );
        ctx
    };
    let mut problems = Vec::new();
    if which.wants(Extra::TaxonomyList(i)) {
        let list = input.unit(Unit::Extra(Extra::TaxonomyList(i)), nav_reads, || {
            render_with(
                input,
                &template(tax, "list"),
                &context(&tax.path),
                &config_file,
            )
        });
        match list {
            Ok(html) => sink.put(OutputFile {
                path: url::output_file(&tax.path),
                bytes: html.into_bytes(),
            }),
            Err(d) => problems.push(d),
        }
    }
    // Each term's pages on all cores.
    let term_problems: Vec<Diagnostic> = tax
        .terms
        .par_iter()
        .enumerate()
        .filter(|(k, _)| which.wants(Extra::Term(i, *k)))
        .filter_map(|(k, t)| {
            input
                .unit(Unit::Extra(Extra::Term(i, k)), nav_reads, || {
                    let mut ctx = context(&t.path);
                    ctx.insert_value("term", term_value(t, true));
                    let items = paginate::term_items(&t.pages);
                    let listing =
                        paginate::Listing::of_term(input.config, &tax.name, &t.path, &items);
                    render_listing(
                        input,
                        (None, &tax.lang),
                        &listing,
                        &template(tax, "single"),
                        ctx,
                        &config_file,
                        &mut |f| sink.put(f),
                    )
                })
                .err()
        })
        .collect();
    problems.extend(term_problems);
    problems
}

fn render_404(input: &RenderInput, nav: &Value) -> Result<Option<OutputFile>, Diagnostic> {
    // Whether the template exists decides whether there is a file.
    deps::record(Dep::Template("404.html".into()));
    if !input.tera.contains_template("404.html") {
        return Ok(None);
    }
    let mut ctx = Context::new();
    ctx.insert_value("current_path", Value::from("/404.html"));
    ctx.insert_value("current_url", Value::from(input.urls.url("/404.html")));
    let lang = input.config.default_language.as_str();
    input.insert_root_sidebar(
        &mut ctx,
        input.sidebar.of("404.html"),
        nav,
        lang,
        "/404.html",
    );
    ctx.insert_value("ancestors", Value::from(Vec::<Value>::new()));
    ctx.insert_value("previous", Value::none());
    ctx.insert_value("next", Value::none());
    let html = render_with(input, "404.html", &ctx, &input.root.join("config.toml"))?;
    Ok(Some(OutputFile {
        path: "404.html".into(),
        bytes: html.into_bytes(),
    }))
}

/// Redirect pages for front matter `aliases`, with a meta refresh and a canonical link.
fn aliases(input: &RenderInput, problems: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut taken: HashSet<String> = input
        .content
        .reading_order
        .iter()
        .map(|&id| input.content.meta(id).path.clone())
        .collect();
    let mut out = Vec::new();
    let pages = input.content.pages.iter().map(|p| (&p.meta, &p.aliases));
    let sections = input.content.sections.iter().map(|s| (&s.meta, &s.aliases));
    for (meta, aliases) in pages.chain(sections) {
        for alias in aliases {
            let path = match url::from_front_matter_path(alias) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(Diagnostic::new(
                        input.rel(&meta.file),
                        format!("alias: {e}"),
                    ));
                    continue;
                }
            };
            if !taken.insert(path.clone()) {
                problems.push(Diagnostic::new(
                    input.rel(&meta.file),
                    format!(
                        "alias `{alias}` points to a URL that another page or alias already has"
                    ),
                ));
                continue;
            }
            let html = redirect_html(input, &meta.path);
            out.push(OutputFile {
                // An alias naming a file (`old.html`) is that file, as in Zola.
                path: if alias.trim_end_matches('/').ends_with(".html") {
                    path.trim_matches('/').to_string()
                } else {
                    url::output_file(&path)
                },
                bytes: html.into_bytes(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(templates: &[(&str, &str)]) -> (bool, bool) {
        let mut tera = Tera::new();
        tera.add_raw_templates(templates.to_vec())
            .expect("templates");
        let w = sidebar_wants(&tera, templates.iter().map(|(_, source)| *source));
        let page = w.of(templates.last().expect("a template").0);
        (page.rows, page.html)
    }

    #[test]
    fn the_sidebar_values_are_made_for_the_templates_that_name_them() {
        assert_eq!(wants(&[("a.html", "{{ nav_html }}")]), (false, true));
        assert_eq!(
            wants(&[("a.html", "{% for n in nav %}{{ n.title }}{% endfor %}")]),
            (true, false)
        );
        // Through a parent and an include.
        assert_eq!(
            wants(&[
                (
                    "base.html",
                    "{% block b %}{% endblock b %}{% include \"side.html\" %}"
                ),
                ("side.html", "{{ nav | length }}"),
                (
                    "page.html",
                    "{% extends \"base.html\" %}{% block b %}{{ nav_html }}{% endblock b %}"
                ),
            ]),
            (true, true)
        );
        assert_eq!(wants(&[("a.html", "{{ page.title }}")]), (false, false));
        // Each template for itself: the 404 page's rows are not the page's.
        assert_eq!(
            wants(&[
                ("404.html", "{{ nav | length }}"),
                ("page.html", "{{ nav_html }}")
            ]),
            (false, true)
        );
        assert_eq!(
            wants(&[("a.html", "{{ __tera_context | safe }}")]),
            (true, true)
        );
    }
}
