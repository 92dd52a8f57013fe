//! The build pipeline over a `Site` kept in memory: load content, render Markdown,
//! render templates. `Site::build` runs it whole; `Site::update` re-runs only what a
//! change affects, for `serve` and `watch`. Only loading touches the disk; writing is
//! left to `output`, serving to `serve`.
//!
//! Each stage collects every problem it finds, so one run reports all of them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;
use tera::Tera;

use crate::config::Config;
use crate::content::{self, Asset, Content, ItemId, LoadOptions};
use crate::diagnostic::{self, Diagnostic, relative_to};
use crate::markdown::{self, Highlighter, Rendered};
use crate::render::functions::{Lookup, SharedLookup, short_hash};
use crate::render::taxonomy::Taxonomy;
use crate::render::theme::{self, StaticSource, ThemeFiles};
use crate::render::values::{Shared, Terms, Urls};
use crate::render::{self, Collect, OutputFile, RenderInput, Sink};
use crate::search;

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
    pub timings: Vec<(&'static str, Duration)>,
    /// Pages changed since the search index was last rebuilt (see `finish_search`).
    search_stale: bool,
}

struct Laps {
    at: Instant,
    list: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn lap(&mut self, name: &'static str) {
        if std::env::var_os("FOLIO_TIMINGS").is_some() {
            eprintln!(
                "  {name:<10} {:>6} ms  {:>6} MB resident, {:>6} MB peak",
                self.at.elapsed().as_millis(),
                resident_mb("VmRSS:"),
                resident_mb("VmHWM:")
            );
        }
        self.list.push((name, self.at.elapsed()));
        self.at = Instant::now();
    }
}

/// A memory figure of this process from `/proc/self/status`, in MB (0 elsewhere).
fn resident_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
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
        let mut laps = Laps {
            at: Instant::now(),
            list: Vec::new(),
        };
        let (mut content, assets) = match content::load(
            root,
            config,
            LoadOptions {
                drafts: options.drafts,
            },
        ) {
            Ok(x) => x,
            Err(d) => return Err(diagnostic::into_result(d, "in content").unwrap_err()),
        };
        if config.markdown.smart_punctuation {
            for meta in content
                .pages
                .iter_mut()
                .map(|p| &mut p.meta)
                .chain(content.sections.iter_mut().map(|s| &mut s.meta))
            {
                meta.title = markdown::smart_text(&meta.title);
            }
        }
        let theme = theme::load(root, config)?;
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
        laps.lap("load");

        let urls = Urls {
            base_path: config.base_path(),
            origin: config.origin().to_string(),
        };
        let highlight_css = highlighter.stylesheet();
        let mut lookup = Lookup::new(urls.clone(), root);
        lookup.content_urls = content
            .by_relative
            .iter()
            .map(|(rel, &id)| (rel.clone(), urls.url(&content.meta(id).path)))
            .collect();
        lookup.cachebust = !options.no_cachebust;
        lookup.file_hashes = hash_statics(&theme);
        lookup
            .file_hashes
            .insert("highlight.css".into(), short_hash(highlight_css.as_bytes()));
        let content_urls = lookup.content_urls.clone();
        let lookup = Arc::new(RwLock::new(lookup));
        let mut tera = render::make_tera(&theme, lookup.clone())
            .map_err(|d| diagnostic::into_result(d, "in templates").unwrap_err())?;
        render::set_globals(&mut tera, config, &content, &urls);
        laps.lap("templates");

        // Markdown of an unchanged body can be reused when every URL and every
        // component template is as before.
        let reuse: HashMap<&str, (&str, &Rendered)> = match previous {
            Some(prev)
                if prev.config.base_url == config.base_url
                    && prev.config.markdown == config.markdown
                    && same_urls(prev, &content_urls)
                    && same_components(&prev.theme, &theme) =>
            {
                prev.content
                    .pages
                    .iter()
                    .map(|p| &p.meta)
                    .zip(&prev.rendered_pages)
                    .chain(
                        prev.content
                            .sections
                            .iter()
                            .map(|s| &s.meta)
                            .zip(&prev.rendered_sections),
                    )
                    .map(|(m, r)| (m.relative.as_str(), (m.body.as_str(), r)))
                    .collect()
            }
            _ => HashMap::new(),
        };
        let render_md =
            |meta: &content::Meta, highlight: bool| match reuse.get(meta.relative.as_str()) {
                Some((body, r)) if *body == meta.body => (*r).clone(),
                _ => render_markdown(
                    root,
                    config,
                    &tera,
                    &content_urls,
                    &theme,
                    highlighter,
                    meta,
                    highlight,
                ),
            };
        let lean = options.lean_above.is_some_and(|limit| {
            content
                .pages
                .iter()
                .map(|p| p.meta.body.len())
                .sum::<usize>()
                > limit
        });
        let rendered_pages: Vec<Rendered> = content
            .pages
            .par_iter()
            .map(|p| {
                if !lean {
                    return render_md(&p.meta, true);
                }
                // The summary is HTML that listings show: highlight it as they will.
                let mut r = render_md(&p.meta, p.meta.body.contains("<!-- more -->"));
                r.html = String::new();
                r
            })
            .collect();
        let rendered_sections: Vec<Rendered> = content
            .sections
            .par_iter()
            .map(|s| render_md(&s.meta, true))
            .collect();
        let problems = markdown_problems(root, &content, &rendered_pages, &rendered_sections);
        diagnostic::into_result(problems, "in content")?;
        laps.lap("markdown");

        let mut problems = Vec::new();
        let (taxonomies, terms) = render::taxonomy::build(&content, config, &urls, &mut problems);
        for d in &mut problems {
            d.file = relative_to(&d.file, root);
        }
        diagnostic::into_result(problems, "in content")?;
        let shared = render::values::build_shared(
            &content,
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
        let site = Site {
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
            timings: laps.list,
            search_stale: false,
        };
        site.fill_lookup();
        Ok(site)
    }

    /// Renders every output file into `sink` as it is made: pages, sections, extras,
    /// the highlighting stylesheet and the search index. Nothing reaches the sink for
    /// a path that a static file takes, and every file is finished (`finalize`).
    /// Fails, naming every problem, when a template fails or two files claim one path.
    pub fn render_all(&mut self, sink: &dyn Sink, highlighter: &Highlighter) -> Result<()> {
        let mut laps = Laps {
            at: Instant::now(),
            list: Vec::new(),
        };
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
        let lookup = self
            .lookup
            .read()
            .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
        let page_html = |p: usize| {
            if let Some(body) = bodies.get(p) {
                return body
                    .lock()
                    .map(|mut b| std::mem::take(&mut *b))
                    .unwrap_or_default();
            }
            self.markdown(
                &lookup.content_urls,
                highlighter,
                &self.content.pages[p].meta,
            )
            .html
        };
        let mut input = self.input();
        if self.lean || !bodies.is_empty() {
            input.page_html = Some(&page_html);
        }
        let mut problems = render::render_items(&input, &ids, &out);
        problems.extend(render::render_extras(&input, render::Extras::All, &out));
        out.put(OutputFile {
            path: "highlight.css".into(),
            bytes: self.highlight_css.clone().into_bytes(),
        });
        problems.extend(out.problems(&self.root, &self.assets));
        drop(lookup);
        diagnostic::into_result(problems, "while rendering")?;
        laps.lap("render");
        if self.config.build_search_index {
            for f in self.search_index() {
                out.put(f);
            }
        }
        laps.lap("search");
        self.timings.extend(laps.list);
        Ok(())
    }

    fn fill_lookup(&self) {
        if let Ok(mut l) = self.lookup.write() {
            l.term_urls = self
                .taxonomies
                .iter()
                .flat_map(|t| {
                    t.terms.iter().map(move |term| {
                        (
                            (t.name.clone(), term.name.clone()),
                            self.urls.url(&term.path),
                        )
                    })
                })
                .collect();
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

    /// The Markdown of `meta`, rendered whole against this site.
    fn markdown(
        &self,
        content_urls: &HashMap<String, String>,
        highlighter: &Highlighter,
        meta: &content::Meta,
    ) -> Rendered {
        render_markdown(
            &self.root,
            &self.config,
            &self.tera,
            content_urls,
            &self.theme,
            highlighter,
            meta,
            true,
        )
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
        }
    }

    fn render(
        &self,
        ids: &[ItemId],
        extras: Option<render::Extras>,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let input = self.input();
        let collect = Collect::default();
        let mut problems = render::render_items(&input, ids, &collect);
        if let Some(which) = extras {
            problems.extend(render::render_extras(&input, which, &collect));
        }
        (collect.into_files(), problems)
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

    /// Re-renders after an edit to one page file, when the edit leaves every URL and
    /// the site's order as they were. Returns the output paths that changed, or `None`
    /// when the edit needs a full rebuild (the caller then calls `build`).
    pub fn update_page(
        &mut self,
        rel: &str,
        highlighter: &Highlighter,
    ) -> Result<Option<Vec<String>>> {
        let Some(&ItemId::Page(p)) = self.content.by_relative.get(rel) else {
            return Ok(None);
        };
        let file = self.content.pages[p].meta.file.clone();
        let shown = relative_to(&file, &self.root);
        let bytes = std::fs::read(&file)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", shown.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{}: the file is not valid UTF-8", shown.display()))?;
        let mut new = content::parse_page(&file, rel, &text).map_err(|e| {
            diagnostic::into_result(
                vec![Diagnostic::new(&shown, e.message).at_line(e.line)],
                "in content",
            )
            .unwrap_err()
        })?;
        if self.config.markdown.smart_punctuation {
            new.meta.title = markdown::smart_text(&new.meta.title);
        }
        let old = &self.content.pages[p];
        // In a section sorted by title, a title decides the order and the neighbours.
        let sorts_by_title = self.content.sections[old.section].sort_by == content::SortBy::Title;
        let structural = (sorts_by_title && new.meta.title != old.meta.title)
            || new.meta.path != old.meta.path
            || new.draft != old.draft
            || new.meta.weight != old.meta.weight
            || new.date != old.date
            || new.aliases != old.aliases
            || new.taxonomies != old.taxonomies
            || new.meta.template != old.meta.template
            || new.meta.in_search_index != old.meta.in_search_index;
        if structural {
            return Ok(None);
        }
        let dates_changed = new.updated != old.updated;
        let meta_changed = new.meta.title != old.meta.title
            || new.meta.description != old.meta.description
            || new.updated != old.updated
            || new.meta.extra != old.meta.extra;
        let rendered = {
            let lookup = self
                .lookup
                .read()
                .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
            self.markdown(&lookup.content_urls, highlighter, &new.meta)
        };
        // Check the new body, and links from other pages to anchors of this one.
        let old_rendered = std::mem::replace(&mut self.rendered_pages[p], rendered);
        let mut problems = markdown_problems_for(
            &self.root,
            &self.content,
            &self.rendered_pages,
            &self.rendered_sections,
            &[ItemId::Page(p)],
        );
        if old_rendered.anchors != self.rendered_pages[p].anchors {
            problems.extend(links_into(
                &self.root,
                &self.content,
                &self.rendered_pages,
                &self.rendered_sections,
                rel,
            ));
        }
        if !problems.is_empty() {
            self.rendered_pages[p] = old_rendered;
            diagnostic::into_result(problems, "in content")?;
        }
        {
            let page = &mut self.content.pages[p];
            let keep = (
                page.section,
                page.lower,
                page.higher,
                page.assets.clone(),
                page.taxonomies_line,
            );
            *page = new;
            (
                page.section,
                page.lower,
                page.higher,
                page.assets,
                page.taxonomies_line,
            ) = keep;
        }

        // Refresh the shared values that show this page, then re-render their users.
        let old_ref = self.shared.page_refs[p].clone();
        render::values::refresh_page(
            &mut self.shared,
            &self.content,
            &self.rendered_pages,
            &self.rendered_sections,
            &self.urls,
            &self.terms,
            p,
        );
        self.refresh_lookup(p);
        // Listings, term pages and feeds show a page only through its `PageRef`; when
        // that is unchanged (most body edits), only the page itself changes.
        let listed_as_before = old_ref == self.shared.page_refs[p];
        let mut affected: BTreeSet<ItemId> = BTreeSet::new();
        affected.insert(ItemId::Page(p));
        if !listed_as_before {
            for s in self.content.ancestors(ItemId::Page(p)) {
                affected.insert(ItemId::Section(s));
            }
        }
        // A template that read this page or a section above it with `get_page` or
        // `get_section` shows its value: re-render everything, since any page may.
        let read_by_templates = !listed_as_before && {
            let mut shown = vec![rel.to_string()];
            shown.extend(
                self.content
                    .ancestors(ItemId::Page(p))
                    .into_iter()
                    .map(|s| self.content.sections[s].meta.relative.clone()),
            );
            self.lookup.read().is_ok_and(|l| {
                l.read
                    .lock()
                    .is_ok_and(|read| shown.iter().any(|r| read.contains(r)))
            })
        };
        if read_by_templates {
            affected.extend(self.content.reading_order.iter().copied());
        }
        let mut extras = None;
        if read_by_templates {
            extras = Some(render::Extras::All);
        } else if listed_as_before && !meta_changed {
            // Nothing else shows this page's body.
        } else if meta_changed {
            let (prev, next) = self.content.reading_neighbours(ItemId::Page(p));
            affected.extend(prev);
            affected.extend(next);
            let page = &self.content.pages[p];
            affected.extend(page.lower.map(ItemId::Page));
            affected.extend(page.higher.map(ItemId::Page));
            // Every page whose sidebar lists this page.
            affected.extend(render::nav::viewers(&self.content, ItemId::Page(p)));
            extras = Some(render::Extras::ShowingPage {
                page: p,
                nav: render::nav::root_shows(&self.content, ItemId::Page(p)),
                listing: true,
                sitemap: dates_changed,
            });
        } else if !self.content.pages[p].taxonomies.is_empty()
            || self.content.pages[p].date.is_some()
        {
            // Term pages and feeds show summaries.
            extras = Some(render::Extras::ShowingPage {
                page: p,
                nav: false,
                listing: false,
                sitemap: false,
            });
        }
        let ids: Vec<ItemId> = affected.into_iter().collect();
        let (files, problems) = self.render(&ids, extras);
        diagnostic::into_result(problems, "while rendering")?;
        let mut changed = Vec::new();
        for mut f in files {
            if self.statics.contains_key(&f.path) {
                continue;
            }
            f.bytes = self.finalize(&f.path, f.bytes);
            let same = self.files.get(&f.path).is_some_and(|old| **old == f.bytes);
            if !same {
                changed.push(f.path.clone());
                self.files.insert(f.path, Arc::new(f.bytes));
            }
        }
        // The search index is brought up to date by `finish_search`, so that `serve`
        // can show the edited page before it.
        self.search_stale = true;
        Ok(Some(changed))
    }

    /// Brings the search index up to date after `update_page`s; returns the paths that
    /// changed. A site never left stale is untouched.
    pub fn finish_search(&mut self) -> Vec<String> {
        if !std::mem::take(&mut self.search_stale) {
            return Vec::new();
        }
        self.refresh_search()
    }

    /// Rebuilds the search index in `files`, when the config asks for one, and returns
    /// the paths that changed or went away.
    fn refresh_search(&mut self) -> Vec<String> {
        if !self.config.build_search_index {
            return Vec::new();
        }
        let fresh = self.search_index();
        let prefix = format!("{}/", search::DIR);
        let mut changed: Vec<String> = {
            let keep: HashSet<&str> = fresh.iter().map(|f| f.path.as_str()).collect();
            self.files
                .keys()
                .filter(|p| p.starts_with(&prefix) && !keep.contains(p.as_str()))
                .cloned()
                .collect()
        };
        for gone in &changed {
            self.files.remove(gone);
        }
        for f in fresh {
            if self.files.get(&f.path).is_none_or(|old| **old != f.bytes) {
                changed.push(f.path.clone());
                self.files.insert(f.path, Arc::new(f.bytes));
            }
        }
        changed
    }

    /// The search index of every page and section, in reading order, without drafts
    /// and items marked `in_search_index = false`.
    fn search_index(&self) -> Vec<OutputFile> {
        let content = &self.content;
        let items: Vec<(ItemId, &content::Meta, &Rendered)> = content
            .reading_order
            .iter()
            .filter_map(|&id| {
                let (meta, rendered) = match id {
                    ItemId::Page(i) if content.pages[i].draft => return None,
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
                    .filter(|&s| s != Content::ROOT)
                    .map(|s| content.sections[s].meta.title.as_str())
                    .collect(),
                sections: &rendered.sections,
            })
            .collect();
        search::build(&docs)
    }

    /// Last touches to a generated file: relative links when the config asks for them.
    fn finalize(&self, path: &str, bytes: Vec<u8>) -> Vec<u8> {
        if !self.config.relative_urls || !path.ends_with(".html") {
            return bytes;
        }
        match String::from_utf8(bytes) {
            Ok(html) => crate::publish::relativize(path, &html, &self.urls.base_path).into_bytes(),
            Err(e) => e.into_bytes(),
        }
    }

    /// Whether templates cache-bust this static file: its hash is in the HTML, so a
    /// change to it needs a re-render.
    pub fn tera_uses_hash(&self, path: &str) -> bool {
        !self.options.no_cachebust
            && self.lookup.read().is_ok_and(|l| {
                l.hashed
                    .lock()
                    .is_ok_and(|hashed| hashed.contains(path.trim_start_matches('/')))
            })
    }

    /// Re-renders after edits to templates: only the pages and sections whose template
    /// uses a changed one through `extends` or `include`, and the taxonomy and 404 pages
    /// likewise. Returns the output paths that changed, or `None` when a full rebuild is
    /// needed (a component or shortcode changed, which any page may use).
    pub fn update_templates(&mut self) -> Result<Option<Vec<String>>> {
        let theme = theme::load(&self.root, &self.config)?;
        let names: HashSet<&String> = theme
            .templates
            .keys()
            .chain(self.theme.templates.keys())
            .collect();
        let changed: HashSet<String> = names
            .into_iter()
            .filter(|n| {
                theme.templates.get(*n).map(|t| &t.source)
                    != self.theme.templates.get(*n).map(|t| &t.source)
            })
            .cloned()
            .collect();
        let defines_components = |n: &String| {
            [&theme, &self.theme].iter().any(|t| {
                t.templates
                    .get(n)
                    .is_some_and(|t| t.source.contains("{% component"))
            })
        };
        if changed
            .iter()
            .any(|n| n.starts_with("shortcodes/") || defines_components(n))
        {
            return Ok(None);
        }
        let mut tera = render::make_tera(&theme, self.lookup.clone())
            .map_err(|d| diagnostic::into_result(d, "in templates").unwrap_err())?;
        render::set_globals(&mut tera, &self.config, &self.content, &self.urls);
        let uses_changed =
            |name: &str| !render::template_closure(&theme, name).is_disjoint(&changed);
        let mut ids: Vec<ItemId> = Vec::new();
        let mut by_template: HashMap<String, bool> = HashMap::new();
        for &id in &self.content.reading_order {
            let t = render::template_of(&self.content, id);
            if *by_template
                .entry(t.clone())
                .or_insert_with(|| uses_changed(&t))
            {
                ids.push(id);
            }
        }
        ids.sort();
        let extras = ["404.html", "taxonomy_list.html", "taxonomy_single.html"]
            .iter()
            .any(|t| uses_changed(t))
            .then_some(render::Extras::All);
        let old = (
            std::mem::replace(&mut self.tera, tera),
            std::mem::replace(&mut self.theme, theme),
        );
        let (files, problems) = self.render(&ids, extras);
        if let Err(e) = diagnostic::into_result(problems, "while rendering") {
            (self.tera, self.theme) = old;
            return Err(e);
        }
        let mut out = Vec::new();
        for mut f in files {
            if self.statics.contains_key(&f.path) {
                continue;
            }
            f.bytes = self.finalize(&f.path, f.bytes);
            if self.files.get(&f.path).is_none_or(|b| **b != f.bytes) {
                out.push(f.path.clone());
                self.files.insert(f.path, Arc::new(f.bytes));
            }
        }
        Ok(Some(out))
    }
}

fn same_urls(prev: &Site, urls: &HashMap<String, String>) -> bool {
    prev.lookup.read().is_ok_and(|l| &l.content_urls == urls)
}

fn same_components(a: &ThemeFiles, b: &ThemeFiles) -> bool {
    let comps = |t: &ThemeFiles| -> Vec<(String, String)> {
        t.templates
            .iter()
            .filter(|(n, _)| n.starts_with("shortcodes/"))
            .map(|(n, t)| (n.clone(), t.source.clone()))
            .collect()
    };
    comps(a) == comps(b)
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
    };
    let options = markdown::Options {
        smart_punctuation: config.markdown.smart_punctuation,
        highlight: config.markdown.highlight_code && highlight,
    };
    markdown::render(&meta.body, meta.body_line, &options, highlighter, &host)
}

fn hash_statics(theme: &ThemeFiles) -> HashMap<String, String> {
    theme
        .statics
        .par_iter()
        .filter_map(|(out, src)| {
            let bytes = match src {
                StaticSource::Embedded(b) => b.to_vec(),
                StaticSource::Disk(p) => {
                    let meta = std::fs::metadata(p).ok()?;
                    // Large media files are rarely cache-busted; skip hashing them.
                    if meta.len() > 2 * 1024 * 1024 {
                        return None;
                    }
                    std::fs::read(p).ok()?
                }
            };
            Some((out.clone(), short_hash(&bytes)))
        })
        .collect()
}

fn markdown_problems(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
) -> Vec<Diagnostic> {
    let all: Vec<ItemId> = content.reading_order.clone();
    markdown_problems_for(root, content, pages, sections, &all)
}

/// Markdown problems of `items`, and their `@/` links whose `#anchor` does not exist.
fn markdown_problems_for(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    items: &[ItemId],
) -> Vec<Diagnostic> {
    let rendered = |id: ItemId| -> &Rendered {
        match id {
            ItemId::Page(i) => &pages[i],
            ItemId::Section(i) => &sections[i],
        }
    };
    let mut out = Vec::new();
    for &id in items {
        let meta = content.meta(id);
        let r = rendered(id);
        let file: PathBuf = relative_to(&meta.file, root);
        for (line, message) in &r.problems {
            out.push(Diagnostic::new(&file, message.clone()).at_line(Some(*line)));
        }
        for link in &r.internal_links {
            let (Some(anchor), Some(&target)) =
                (&link.anchor, content.by_relative.get(&link.target))
            else {
                continue;
            };
            if !rendered(target).anchors.iter().any(|a| a == anchor) {
                out.push(
                    Diagnostic::new(
                        &file,
                        format!(
                            "broken link `@/{}#{anchor}`: `content/{}` has no heading with the id `{anchor}`",
                            link.target, link.target
                        ),
                    )
                    .at_line(Some(link.line)),
                );
            }
        }
    }
    out
}

/// Broken anchors in links from anywhere to `target`.
fn links_into(
    root: &Path,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    target: &str,
) -> Vec<Diagnostic> {
    let sources: Vec<ItemId> = content
        .reading_order
        .iter()
        .copied()
        .filter(|&id| {
            let r = match id {
                ItemId::Page(i) => &pages[i],
                ItemId::Section(i) => &sections[i],
            };
            r.internal_links.iter().any(|l| l.target == target)
        })
        .collect();
    markdown_problems_for(root, content, pages, sections, &sources)
        .into_iter()
        .filter(|d| d.message.contains(&format!("`@/{target}#")))
        .collect()
}

/// The sink `render_all` renders into: finishes each file, leaves out paths that a
/// static file takes, and notes two files claiming one path.
struct Finishing<'a> {
    site: &'a Site,
    inner: &'a dyn Sink,
    seen: Mutex<HashSet<String>>,
    clashes: Mutex<Vec<String>>,
}

impl Sink for Finishing<'_> {
    fn put(&self, file: OutputFile) {
        let fresh = self
            .seen
            .lock()
            .is_ok_and(|mut seen| seen.insert(file.path.clone()));
        if !fresh {
            if let Ok(mut c) = self.clashes.lock() {
                c.push(file.path);
            }
            return;
        }
        // A file in the site's or theme's `static/` replaces a generated one of the
        // same path (a hand-written robots.txt, say), in the output and in `serve` alike.
        if self.site.statics.contains_key(&file.path) {
            return;
        }
        let bytes = self.site.finalize(&file.path, file.bytes);
        self.inner.put(OutputFile {
            path: file.path,
            bytes,
        });
    }
}

impl Finishing<'_> {
    /// Two generated or copied files for one output path would silently overwrite
    /// each other.
    fn problems(&self, root: &Path, assets: &[Asset]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut clashes = self.clashes.lock().map(|c| c.clone()).unwrap_or_default();
        clashes.sort();
        clashes.dedup();
        for path in clashes {
            problems.push(Diagnostic::new(
                "content",
                format!(
                    "two generated files claim `{path}` (a taxonomy, alias or page URL clashes)"
                ),
            ));
        }
        let seen = self.seen.lock();
        for a in assets {
            if seen.as_ref().is_ok_and(|s| s.contains(&a.output)) {
                problems.push(Diagnostic::new(
                    relative_to(&a.source, root),
                    format!("this file would overwrite the generated `{}`", a.output),
                ));
            }
        }
        problems
    }
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
