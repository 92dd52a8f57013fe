//! The build pipeline over a `Site` kept in memory: load content, render Markdown,
//! render templates. `Site::build` runs it whole; `update` re-runs only what an edit
//! affects, for `serve` and `watch`, from the reads each output recorded (`deps`).
//! Only loading touches the disk; writing is left to `output`, serving to `serve`.
//!
//! Each stage collects every problem it finds, so one run reports all of them.

mod checks;
mod images;
mod update;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;
use tera::Tera;

use crate::config::Config;
use crate::content::{self, Asset, Content, ItemId, LoadOptions};
use crate::deps::{self, Dep, Graph, Unit};
use crate::diagnostic::{self, relative_to};
use crate::markdown::{self, Highlighter, Rendered};
use crate::output::cache::ImageCache;
use crate::progress::Reporter;
use crate::render::functions::{Lookup, SharedLookup, short_hash};
use crate::render::taxonomy::Taxonomy;
use crate::render::theme::{self, StaticSource, ThemeFiles};
use crate::render::values::{Shared, Terms, Urls};
use crate::render::{self, Collect, OutputFile, RenderInput, Sink};
use crate::sass::{self, Compiled, SassSources};
use crate::search;
use crate::timings::Laps;
use checks::{Finishing, markdown_problems};
use update::Reuse;

/// Options for one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    /// Leave `?h=` hashes out of `get_url(…, cachebust=true)` (for `serve`, which sends
    /// no-store headers and swaps stylesheets in place).
    pub no_cachebust: bool,
    /// For `build`, which streams its output: when the site's Markdown is larger than
    /// this many bytes, keep no page's HTML body in memory. Loading then renders each
    /// page's Markdown without highlighting, for everything but its HTML, and
    /// `render_all` renders it again, whole, as it writes the page: memory stays
    /// bounded for a huge site, at the price of parsing each page twice.
    pub lean_above: Option<usize>,
    /// Record what each output reads (`deps`), so that `update` re-renders exactly
    /// what an edit affects: on for `serve` and `watch`, off for `build`.
    pub record: bool,
    /// Keep processed images in the user's cache folder between runs (off with
    /// `--no-cache`).
    pub image_cache: bool,
    /// Leave missing images to `folio check`, which reports them with every other
    /// broken link, rather than failing the load on them.
    pub images_checked_later: bool,
    /// Where the stages report how far they got (silent unless a command shows a bar).
    pub progress: Reporter,
}

/// `folio build` keeps page bodies in memory up to this much Markdown (about 110,000
/// pages of the benchmark corpus, whose HTML then takes about 1 GB), and renders them
/// twice above it: speed first while memory is plentiful, bounded memory beyond.
pub const LEAN_ABOVE_BYTES: usize = 512 << 20;

/// A built site, in memory.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub options: BuildOptions,
    pub content: Content,
    pub assets: Vec<Asset>,
    pub theme: ThemeFiles,
    pub tera: Tera,
    lookup: SharedLookup,
    pub urls: Urls,
    pub rendered_pages: Vec<Rendered>,
    pub rendered_sections: Vec<Rendered>,
    taxonomies: Vec<Taxonomy>,
    terms: Vec<Terms>,
    shared: Shared,
    highlight_css: String,
    /// Page bodies' HTML is not kept (see `BuildOptions::lean_above`).
    lean: bool,
    /// Generated files by output path (empty after `load`, filled by `build`).
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    /// Files copied as they are, by output path (site `static/` wins over the theme's).
    pub statics: BTreeMap<String, StaticSource>,
    /// The Sass sources read at load, and the stylesheets compiled from them (sorted
    /// by output path); `render_all` puts these among the generated files.
    pub sass: SassSources,
    pub css: Vec<Compiled>,
    pub timings: Vec<(&'static str, Duration)>,
    /// Pages changed since the search index was last rebuilt (see `finish_search`).
    search_stale: bool,
    /// What each output and each Markdown body read (empty unless `options.record`).
    graph: Graph,
    /// The template each template extends.
    extends: HashMap<String, String>,
    /// The front matter values components see (`Lookup::front_pages`) are out of date
    /// since a title, description or `[extra]` edit that no body read; refreshed
    /// before a body that reads them renders.
    front_stale: bool,
    /// How many output files the last update rendered (whether or not they changed).
    pub last_rendered: usize,
    /// The content hash of each data file a Markdown body read, when it was read.
    data_hashes: HashMap<PathBuf, Option<u64>>,
    /// Where processed images are kept between runs.
    image_cache: ImageCache,
    /// The output paths a root-relative link may lead to (`guide/index.html`,
    /// `img/x.svg`), known before rendering: see `finalize`.
    link_targets: HashSet<String>,
}

impl Site {
    /// Builds the site at `root` in memory, output files included. `previous` lends
    /// its rendered Markdown for unchanged bodies when links and components cannot
    /// have changed.
    pub fn build(
        root: &Path,
        config: &Config,
        options: &BuildOptions,
        highlighter: &Highlighter,
        previous: Option<&Site>,
    ) -> Result<Site> {
        let mut site = Site::load(root, config, options, highlighter, previous)?;
        let collect = Collect::default();
        site.render_all(&collect, highlighter)?;
        site.files = collect
            .into_files()
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        Ok(site)
    }

    /// Loads the site at `root` and renders its Markdown and shared values: everything
    /// but the output files, which `render_all` makes.
    pub fn load(
        root: &Path,
        config: &Config,
        options: &BuildOptions,
        highlighter: &Highlighter,
        previous: Option<&Site>,
    ) -> Result<Site> {
        let mut laps = Laps::start();
        let progress = &options.progress;
        progress.stage("loading content", 0, "");
        // The Sass compiles while the content loads; the stylesheets of the previous
        // build are kept when no Sass source changed.
        let (loaded, compiled) = rayon::join(
            || {
                content::load(
                    root,
                    config,
                    LoadOptions {
                        drafts: options.drafts,
                    },
                )
            },
            || -> Result<(SassSources, Vec<Compiled>, String)> {
                let sources = theme::read_sass(root, config)?;
                let css = match previous {
                    Some(prev) if prev.sass == sources => prev.css.clone(),
                    _ => sass::compile(&sources)?,
                };
                // Loading the highlighting themes takes a while: beside the content.
                if config.markdown.highlight_code {
                    for name in [
                        &config.markdown.highlight_theme_light,
                        &config.markdown.highlight_theme_dark,
                    ] {
                        if !highlighter.has_theme(name) {
                            anyhow::bail!(
                                "config.toml: unknown highlighting theme `{name}` in `[markdown]` (examples: github-light, catppuccin-mocha, one-dark-pro)"
                            );
                        }
                    }
                }
                Ok((sources, css, highlighter.stylesheet()))
            },
        );
        let (mut content, assets) = match loaded {
            Ok(x) => x,
            Err(d) => return Err(diagnostic::into_result(d, "in content").unwrap_err()),
        };
        let (sass_sources, css, highlight_css) = compiled?;
        if config.markdown.smart_punctuation {
            for meta in content
                .pages
                .iter_mut()
                .map(|p| &mut p.meta)
                .chain(content.sections.iter_mut().map(|s| &mut s.meta))
            {
                meta.title = markdown::smart_text(&meta.title);
                meta.description = meta.description.as_deref().map(markdown::smart_text);
            }
        }
        let theme = theme::load(root, config)?;
        laps.lap("load");
        if config.markdown.highlight_code {
            // The grammars compile while the templates load.
            highlighter.prepare(
                content
                    .pages
                    .par_iter()
                    .map(|p| p.meta.body.as_str())
                    .chain(content.sections.par_iter().map(|s| s.meta.body.as_str())),
            );
        }

        let urls = Urls {
            base_path: config.base_path(),
            origin: config.origin().to_string(),
        };
        let mut lookup = Lookup::new(urls.clone(), root);
        lookup.content_urls = content
            .by_relative
            .iter()
            .map(|(rel, &id)| (rel.clone(), urls.url(&content.meta(id).path)))
            .collect();
        lookup.cachebust = !options.no_cachebust;
        lookup.theme = config.theme.clone();
        // The images that reused Markdown bodies asked for (see `update::Reuse`).
        if let Some(prev) = previous.filter(|_| options.record)
            && let Ok(before) = prev.lookup.read()
        {
            lookup.images.inherit(&before.images);
        }
        // A static file of the same path wins over a compiled stylesheet, as in Zola.
        lookup.file_hashes = css
            .iter()
            .map(|c| (c.path.clone(), short_hash(&c.css)))
            .collect();
        lookup.file_hashes.extend(theme::hash_statics(&theme));
        lookup
            .file_hashes
            .insert("highlight.css".into(), short_hash(highlight_css.as_bytes()));
        let mut problems = Vec::new();
        let (taxonomies, terms) = render::taxonomy::build(&content, config, &urls, &mut problems);
        for d in &mut problems {
            d.file = relative_to(&d.file, root);
        }
        diagnostic::into_result(problems, "in content")?;
        lookup.term_urls = term_urls(&taxonomies, &urls);
        lookup.term_slugs = config.slugify.taxonomies;
        lookup.taxonomies = taxonomies.clone();
        lookup.page_paths = content
            .pages
            .iter()
            .map(|p| p.meta.relative.clone())
            .collect();
        lookup.default_language = config.default_language.clone();
        lookup.strings = config
            .languages
            .iter()
            .map(|(code, l)| (code.clone(), l.translations.clone()))
            .chain([(config.default_language.clone(), config.translations.clone())])
            .collect();
        (lookup.front_pages, lookup.front_sections) =
            render::values::front_refs(&content, &urls, &terms);
        let content_urls = lookup.content_urls.clone();
        let lookup = Arc::new(RwLock::new(lookup));
        let mut tera = render::make_tera(&theme, lookup.clone())
            .map_err(|d| diagnostic::into_result(d, "in templates").unwrap_err())?;
        render::set_globals(&mut tera, config, &theme, &content, &urls, &content_urls)?;
        laps.lap("templates");

        // The Markdown of an unchanged body is reused when nothing it read changed.
        let reuse = {
            let l = lookup
                .read()
                .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
            match previous {
                Some(prev) if options.record => Reuse::new(prev, root, config, options, &theme, &l),
                _ => Reuse::default(),
            }
        };
        let extends = render::template_parents(&theme);
        let render_md = |id: ItemId, highlight: bool| -> (Rendered, HashSet<Dep>) {
            let meta = content.meta(id);
            let anchor_links = content.anchor_links(id);
            if let Some((r, read)) = reuse.get(meta, anchor_links) {
                return (r, read);
            }
            let item = lookup.read().ok().and_then(|l| own_value(&l, id, meta));
            deps::recording(options.record, Unit::Markdown(id), || {
                render_markdown(
                    root,
                    config,
                    &tera,
                    &content_urls,
                    &theme,
                    highlighter,
                    meta,
                    highlight,
                    anchor_links,
                    item,
                )
            })
        };
        let lean = options.lean_above.is_some_and(|limit| {
            content
                .pages
                .iter()
                .map(|p| p.meta.body.len())
                .sum::<usize>()
                > limit
        });
        progress.stage(
            "rendering Markdown",
            content.pages.len() + content.sections.len(),
            "pages",
        );
        let (rendered_pages, page_reads): (Vec<Rendered>, Vec<HashSet<Dep>>) = content
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                let done = || progress.advance(1);
                if !lean {
                    let r = render_md(ItemId::Page(i), true);
                    done();
                    return r;
                }
                // The summary is HTML that listings show: highlight it as they will.
                let (mut r, read) =
                    render_md(ItemId::Page(i), p.meta.body.contains("<!-- more -->"));
                r.html = String::new();
                done();
                (r, read)
            })
            .unzip();
        let (rendered_sections, section_reads): (Vec<Rendered>, Vec<HashSet<Dep>>) =
            (0..content.sections.len())
                .into_par_iter()
                .map(|s| {
                    let r = render_md(ItemId::Section(s), true);
                    progress.advance(1);
                    r
                })
                .unzip();
        let mut graph = Graph::default();
        if options.record {
            for (i, read) in page_reads.into_iter().enumerate() {
                graph.set(Unit::Markdown(ItemId::Page(i)), read);
            }
            for (s, read) in section_reads.into_iter().enumerate() {
                graph.set(Unit::Markdown(ItemId::Section(s)), read);
            }
        }
        drop(reuse);
        let problems = markdown_problems(root, &content, &rendered_pages, &rendered_sections);
        diagnostic::into_result(problems, "in content")?;
        laps.lap("markdown");

        let shared = render::values::build_shared(
            &content,
            &lookup
                .read()
                .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?
                .front_pages,
            &rendered_pages,
            &rendered_sections,
            &urls,
            &terms,
        );
        let mut statics: BTreeMap<String, StaticSource> = theme
            .statics
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        statics.extend(
            assets
                .iter()
                .map(|a| (a.output.clone(), StaticSource::Disk(a.source.clone()))),
        );
        let mut site = Site {
            root: root.to_path_buf(),
            config: config.clone(),
            options: options.clone(),
            content,
            assets,
            theme,
            tera,
            lookup,
            urls,
            rendered_pages,
            rendered_sections,
            taxonomies,
            terms,
            shared,
            highlight_css,
            lean,
            files: BTreeMap::new(),
            statics,
            sass: sass_sources,
            css,
            timings: laps.list,
            search_stale: false,
            graph,
            extends,
            last_rendered: 0,
            front_stale: false,
            data_hashes: HashMap::new(),
            image_cache: if options.image_cache {
                ImageCache::for_site(root)
            } else {
                ImageCache::none()
            },
            link_targets: HashSet::new(),
        };
        if !options.images_checked_later {
            site.check_images(None)?;
        }
        site.link_targets = site.link_targets();
        site.fill_lookup();
        // Only bodies have recorded reads so far.
        let data = data_paths(site.graph.deps());
        site.hash_data(data);
        Ok(site)
    }

    /// Fails when a local image of `items` (all of them for `None`) is missing, naming
    /// each at its line, or only warns when the site asks for that with Zola's
    /// `[link_checker] internal_level = "warn"`.
    pub(crate) fn check_images(&self, items: Option<&[ItemId]>) -> Result<()> {
        let all: Vec<ItemId>;
        let items = match items {
            Some(i) => i,
            None => {
                all = (0..self.content.pages.len())
                    .map(ItemId::Page)
                    .chain((0..self.content.sections.len()).map(ItemId::Section))
                    .collect();
                &all
            }
        };
        let problems = checks::missing_images(self, items, &|p| self.statics.contains_key(p));
        let warn_only = self
            .config
            .link_checker
            .as_ref()
            .and_then(|l| l.get("internal_level"))
            .and_then(toml::Value::as_str)
            == Some("warn");
        if warn_only {
            for p in &problems {
                eprintln!("warning: {p}");
            }
            return Ok(());
        }
        diagnostic::into_result(problems, "in content")
    }

    /// Renders every output file into `sink` as it is made: pages, sections, extras,
    /// the highlighting stylesheet, the compiled Sass and the search index. Nothing reaches the sink for
    /// a path that a static file takes, and every file is finished (`finalize`).
    /// Fails, naming every problem, when a template fails or two files claim one path.
    pub fn render_all(&mut self, sink: &dyn Sink, highlighter: &Highlighter) -> Result<()> {
        let mut laps = Laps::start();
        // A streaming build hands each page's HTML body over as it writes the page, so
        // the bodies are freed as the build goes.
        let bodies: Vec<Mutex<String>> = if self.options.lean_above.is_some() && !self.lean {
            self.rendered_pages
                .iter_mut()
                .map(|r| Mutex::new(std::mem::take(&mut r.html)))
                .collect()
        } else {
            Vec::new()
        };
        let out = Finishing {
            site: self,
            inner: sink,
            seen: Mutex::new(HashSet::new()),
            clashes: Mutex::new(Vec::new()),
        };
        let mut ids = self.content.reading_order.clone();
        ids.sort();
        let progress = &self.options.progress;
        progress.stage("rendering", ids.len(), "pages");
        let lookup = self
            .lookup
            .read()
            .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
        let page_html = |p: usize| {
            // Taken once, by the page itself; a feed template that shows the body
            // after that renders it again.
            if let Some(body) = bodies.get(p) {
                let taken = body
                    .lock()
                    .map(|mut b| std::mem::take(&mut *b))
                    .unwrap_or_default();
                if !taken.is_empty() {
                    return taken;
                }
            }
            self.markdown(
                &lookup,
                highlighter,
                ItemId::Page(p),
                &self.content.pages[p].meta,
            )
            .html
        };
        let recorded = render::Recorded::default();
        let mut input = self.input();
        if self.lean || !bodies.is_empty() {
            input.page_html = Some(&page_html);
        }
        if self.options.record {
            input.recorded = Some(&recorded);
        }
        // Pages and sections, and the generated files beside them, at once.
        let (mut problems, extras) = rayon::join(
            || render::render_items(&input, &ids, &out),
            || render::render_extras(&input, render::Extras::All, &out),
        );
        problems.extend(extras);
        out.put(OutputFile {
            path: "highlight.css".into(),
            bytes: self.highlight_css.clone().into_bytes(),
        });
        for c in &self.css {
            out.put(OutputFile {
                path: c.path.clone(),
                bytes: c.css.clone(),
            });
        }
        // Images are made once every template rendered.
        if problems.is_empty() {
            let jobs: Vec<crate::images::Job> = if self.options.record {
                let recorded = recorded.lock().unwrap_or_else(|e| e.into_inner());
                let reads = recorded.iter().flat_map(|(_, r)| r);
                images::asked(self.graph.deps().chain(reads))
                    .iter()
                    .filter_map(|p| lookup.images.get(p))
                    .collect()
            } else {
                lookup.images.all()
            };
            if !jobs.is_empty() {
                progress.stage("processing images", 0, "");
            }
            problems.extend(images::make(&jobs, &self.image_cache, &self.statics, &out));
            if problems.is_empty() {
                self.image_cache.prune();
            }
        }
        problems.extend(out.problems(&self.root, &self.assets));
        drop(lookup);
        diagnostic::into_result(problems, "while rendering")?;
        laps.lap("render");
        progress.stage("building the search index", 0, "");
        for f in self.search_index() {
            out.put(f);
        }
        laps.lap("search");
        for (unit, read) in recorded.into_inner().unwrap_or_default() {
            self.hash_data_read(&read);
            self.graph.set(unit, read);
        }
        self.timings.extend(laps.list);
        Ok(())
    }

    fn fill_lookup(&self) {
        if let Ok(mut l) = self.lookup.write() {
            l.pages = self
                .content
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.meta.relative.clone(), self.shared.page_refs[i].clone()))
                .collect();
            l.sections = self
                .content
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.meta.relative.clone(), self.shared.section_refs[i].clone()))
                .collect();
        }
    }

    /// Updates the lookup entries that show page `p`: the page and its ancestors.
    fn refresh_lookup(&self, p: usize) {
        if let Ok(mut l) = self.lookup.write() {
            l.pages.insert(
                self.content.pages[p].meta.relative.clone(),
                self.shared.page_refs[p].clone(),
            );
            for s in self.content.ancestors(ItemId::Page(p)) {
                l.sections.insert(
                    self.content.sections[s].meta.relative.clone(),
                    self.shared.section_refs[s].clone(),
                );
            }
        }
    }

    /// The Markdown of `meta` (item `id`'s), rendered whole against this site.
    fn markdown(
        &self,
        lookup: &Lookup,
        highlighter: &Highlighter,
        id: ItemId,
        meta: &content::Meta,
    ) -> Rendered {
        render_markdown(
            &self.root,
            &self.config,
            &self.tera,
            &lookup.content_urls,
            &self.theme,
            highlighter,
            meta,
            true,
            self.content.anchor_links(id),
            own_value(lookup, id, meta),
        )
    }

    /// Hashes the data files among `read` that are not hashed yet, so that a later
    /// rebuild can tell whether reusing the bodies that read them is safe.
    fn hash_data_read(&mut self, read: &HashSet<Dep>) {
        self.hash_data(data_paths(read));
    }

    fn hash_data(&mut self, paths: Vec<PathBuf>) {
        for p in paths {
            if !self.data_hashes.contains_key(&p) {
                let h = render::data::hash_file(&self.root.join(&p));
                self.data_hashes.insert(p, h);
            }
        }
    }

    fn input(&self) -> RenderInput<'_> {
        RenderInput {
            root: &self.root,
            config: &self.config,
            content: &self.content,
            pages: &self.rendered_pages,
            sections: &self.rendered_sections,
            tera: &self.tera,
            theme: &self.theme,
            urls: &self.urls,
            shared: &self.shared,
            taxonomies: &self.taxonomies,
            page_html: None,
            recorded: None,
            extends: &self.extends,
            language_feeds: render::feeds::language_feeds(&self.config, &self.content, &self.urls),
            broken: self
                .lookup
                .read()
                .map(|l| l.broken_templates.clone())
                .unwrap_or_default(),
            search_dirs: self
                .config
                .search_languages()
                .into_iter()
                .map(|lang| {
                    let dir = if lang == self.config.default_language {
                        format!("{}/", search::DIR)
                    } else {
                        format!("{lang}/{}/", search::DIR)
                    };
                    (lang, dir)
                })
                .collect(),
            progress: self.options.progress.clone(),
            nav_rows: render::nav::RowCache::new(&self.content),
            sidebar: render::sidebar_wants(
                &self.tera,
                self.theme.templates.values().map(|t| t.source.as_str()),
            ),
        }
    }

    /// Number of pages and sections.
    pub fn counts(&self) -> (usize, usize) {
        (self.content.pages.len(), self.content.sections.len())
    }

    /// Statics as a list, for `output::write`.
    pub fn static_list(&self) -> Vec<(String, StaticSource)> {
        self.statics
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Generated files as a list, for `output::write`.
    pub fn file_list(&self) -> Vec<(&str, &[u8])> {
        self.files
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect()
    }

    /// The search index of every page and section, in reading order, without drafts
    /// and items marked `in_search_index = false`.
    fn search_index(&self) -> Vec<OutputFile> {
        self.config
            .search_languages()
            .into_iter()
            .flat_map(|lang| {
                let files = self.search_index_of(&lang);
                // Another language's index sits under its folder: `fr/search/`.
                let prefix = if lang == self.config.default_language {
                    String::new()
                } else {
                    format!("{lang}/")
                };
                files.into_iter().map(move |f| OutputFile {
                    path: format!("{prefix}{}", f.path),
                    bytes: f.bytes,
                })
            })
            .collect()
    }

    /// The search index of one language's pages and sections.
    fn search_index_of(&self, lang: &str) -> Vec<OutputFile> {
        let content = &self.content;
        let items: Vec<(ItemId, &content::Meta, &Rendered)> = content
            .reading_order
            .iter()
            .filter_map(|&id| {
                if content.meta(id).lang != lang {
                    return None;
                }
                let (meta, rendered) = match id {
                    ItemId::Page(i) if content.pages[i].draft => return None,
                    ItemId::Section(s)
                        if !content.sections[s].render
                            || content.sections[s].redirect_to.is_some() =>
                    {
                        return None;
                    }
                    ItemId::Page(i) => (&content.pages[i].meta, &self.rendered_pages[i]),
                    ItemId::Section(i) => (&content.sections[i].meta, &self.rendered_sections[i]),
                };
                meta.in_search_index.then_some((id, meta, rendered))
            })
            .collect();
        let urls: Vec<String> = items
            .iter()
            .map(|(_, meta, _)| self.urls.url(&meta.path))
            .collect();
        let docs: Vec<search::Doc> = items
            .iter()
            .zip(&urls)
            .map(|((id, meta, rendered), url)| search::Doc {
                url,
                title: &meta.title,
                // Ancestor sections below the root, whose title every page shares.
                breadcrumb: content
                    .ancestors(*id)
                    .into_iter()
                    .filter(|&s| content.sections[s].parent.is_some())
                    .map(|s| content.sections[s].meta.title.as_str())
                    .collect(),
                sections: &rendered.sections,
            })
            .collect();
        search::build(&docs)
    }

    /// Last touches to a generated HTML file: on a sub-path deploy, the deploy path in
    /// front of root-relative links to the site's pages and files (written in Markdown
    /// as `/guide/`); then relative links when the config asks for them.
    fn finalize(&self, path: &str, bytes: Vec<u8>) -> Vec<u8> {
        let base = &self.urls.base_path;
        let prefix = base != "/";
        if !path.ends_with(".html") || !(prefix || self.config.relative_urls) {
            return bytes;
        }
        let mut html = match String::from_utf8(bytes) {
            Ok(html) => html,
            Err(e) => return e.into_bytes(),
        };
        if prefix
            && let Some(done) =
                crate::publish::prefix_root_links(&html, base, &|p| self.is_link_target(p))
        {
            html = done;
        }
        if self.config.relative_urls {
            html = crate::publish::relativize(path, &html, base, &self.urls.origin);
        }
        html.into_bytes()
    }

    /// Whether the site path `path` (`/guide/`, `/guide`, `/img/x.svg`) leads to one of
    /// the site's pages, sections, taxonomy pages or files.
    fn is_link_target(&self, path: &str) -> bool {
        let p = path.trim_start_matches('/');
        let t = &self.link_targets;
        if p.is_empty() || p.ends_with('/') {
            t.contains(&format!("{p}index.html"))
        } else {
            t.contains(p) || t.contains(&format!("{p}/index.html"))
        }
    }

    /// The output paths of everything a link may lead to, as known before rendering.
    fn link_targets(&self) -> HashSet<String> {
        let page = |path: &str| {
            let p = path.trim_start_matches('/');
            if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p.to_string()
            }
        };
        let items = self.content.pages.iter().map(|p| page(&p.meta.path)).chain(
            self.content
                .sections
                .iter()
                .filter(|s| s.render)
                .map(|s| page(&s.meta.path)),
        );
        let taxonomies = self
            .taxonomies
            .iter()
            .flat_map(|t| std::iter::once(&t.path).chain(t.terms.iter().map(|term| &term.path)))
            .map(|p| page(p));
        let files = self
            .statics
            .keys()
            .cloned()
            .chain(self.css.iter().map(|c| c.path.clone()))
            .chain(
                [
                    "highlight.css",
                    "404.html",
                    "sitemap.xml",
                    "robots.txt",
                    "atom.xml",
                ]
                .map(String::from),
            );
        items.chain(taxonomies).chain(files).collect()
    }
}

#[allow(clippy::too_many_arguments)]
fn render_markdown(
    root: &Path,
    config: &Config,
    tera: &Tera,
    content_urls: &HashMap<String, String>,
    theme: &ThemeFiles,
    highlighter: &Highlighter,
    meta: &content::Meta,
    highlight: bool,
    anchor_links: markdown::AnchorLinks,
    item: Option<render::components::Own>,
) -> Rendered {
    let overridden: HashSet<String> = theme
        .templates
        .iter()
        .filter(|(name, t)| name.starts_with("shortcodes/") && t.origin.starts_with("templates/"))
        .map(|(name, _)| {
            name.trim_start_matches("shortcodes/")
                .trim_end_matches(".html")
                .to_string()
        })
        .collect();
    let host = render::components::Components {
        tera,
        content_urls,
        root,
        overridden: &overridden,
        lang: &config.default_language,
        item,
        calls: Default::default(),
        smart_punctuation: config.markdown.smart_punctuation,
        nesting: Default::default(),
    };
    let options = markdown::Options {
        smart_punctuation: config.markdown.smart_punctuation,
        highlight: config.markdown.highlight_code && highlight,
        anchor_links,
        anchors: config.slugify.anchors,
        math: config.markdown.math,
        // The text by heading is for the search index alone: a language without one
        // does not keep it (on the 10,000-page corpus, about as much as the Markdown).
        search_text: config.has_search_index(&meta.lang),
    };
    deps::as_markdown(|| markdown::render(&meta.body, meta.body_line, &options, highlighter, &host))
}

/// What components of item `id` see as `page` or `section`: its front matter values.
fn own_value(lookup: &Lookup, id: ItemId, meta: &content::Meta) -> Option<render::components::Own> {
    let (kind, values) = match id {
        ItemId::Page(_) => ("page", &lookup.front_pages),
        ItemId::Section(_) => ("section", &lookup.front_sections),
    };
    Some(render::components::Own {
        kind,
        relative: meta.relative.clone(),
        value: values.get(&meta.relative)?.clone(),
    })
}

/// The data files among `deps`.
fn data_paths<'a>(deps: impl IntoIterator<Item = &'a Dep>) -> Vec<PathBuf> {
    deps.into_iter()
        .filter_map(|d| match d {
            Dep::Data(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

/// The URL of each taxonomy term, by (taxonomy, term slug), for `get_taxonomy_url`:
/// terms are looked up by slug, as in Zola, so `Blog` and `blog` are one term.
fn term_urls(taxonomies: &[Taxonomy], urls: &Urls) -> HashMap<(String, String), String> {
    taxonomies
        .iter()
        .flat_map(|t| {
            t.terms
                .iter()
                .map(move |term| ((t.key.clone(), term.slug.clone()), urls.url(&term.path)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds `tests/fixtures/basic` as `folio build` does, with page bodies kept until
    /// written (`Some(usize::MAX)`) or rendered twice (`Some(0)`), or as `serve` does.
    fn files(lean_above: Option<usize>) -> Vec<OutputFile> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let config = Config::load(&root).expect("the fixture's config");
        let options = BuildOptions {
            lean_above,
            ..Default::default()
        };
        let highlighter = Highlighter::new(
            &config.markdown.highlight_theme_light,
            &config.markdown.highlight_theme_dark,
        );
        let mut site =
            Site::load(&root, &config, &options, &highlighter, None).expect("the fixture loads");
        assert_eq!(site.lean, lean_above == Some(0));
        let collect = Collect::default();
        site.render_all(&collect, &highlighter)
            .expect("the fixture renders");
        let mut files = collect.into_files();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    #[test]
    fn lean_builds_write_the_same_files() {
        let kept = files(None);
        let lean = files(Some(0));
        assert_same_files(&kept, &files(Some(usize::MAX)));
        assert_same_files(&kept, &lean);
        // The fixture's pages have highlighted code, so bodies were rendered whole.
        assert!(
            kept.iter()
                .any(|f| String::from_utf8_lossy(&f.bytes).contains("<pre class=\"giallo"))
        );
    }

    fn assert_same_files(kept: &[OutputFile], lean: &[OutputFile]) {
        assert_eq!(
            kept.iter().map(|f| &f.path).collect::<Vec<_>>(),
            lean.iter().map(|f| &f.path).collect::<Vec<_>>()
        );
        for (a, b) in kept.iter().zip(lean) {
            assert!(
                a.bytes == b.bytes,
                "`{}` differs when page bodies are rendered while writing",
                a.path
            );
        }
    }
}
