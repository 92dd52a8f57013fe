//! Keeping a site in memory up to date after an edit, from the reads each output and
//! each Markdown body recorded while it was made (`deps::Graph`).
//!
//! An edit is turned into the dependencies it changed: a page's link, its whole value,
//! the values of the sections above it, a template, a static file's hash, a data file.
//! The outputs that read one of them are rendered again, and record their reads anew.
//! What no recorded read can describe (a new or deleted file, a changed URL or order)
//! rebuilds the site in memory; that rebuild reuses each Markdown body whose own reads
//! are unchanged (`Reuse`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use tera::Value;

use super::Site;
use super::checks::{links_into, markdown_problems_for};
use crate::config::Config;
use crate::content::{self, ItemId};
use crate::deps::{self, Dep, Extra, Unit};
use crate::diagnostic::{self, relative_to};
use crate::markdown::{self, Highlighter, Rendered};
use crate::render::functions::Lookup;
use crate::render::theme::{self, ThemeFiles};
use crate::render::{self, Collect, Extras};
use crate::sass;

use super::BuildOptions;

/// The Markdown bodies of a previous build that a new build may reuse: those whose
/// text is unchanged and whose every recorded read gives what it gave before.
#[derive(Default)]
pub(super) struct Reuse<'a> {
    by_relative: HashMap<&'a str, (&'a str, &'a Rendered, &'a HashSet<Dep>)>,
    same: HashMap<&'a Dep, bool>,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(
        prev: &'a Site,
        root: &Path,
        config: &Config,
        options: &BuildOptions,
        theme: &ThemeFiles,
        now: &Lookup,
    ) -> Reuse<'a> {
        // Every body reads these settings.
        if prev.config.base_url != config.base_url
            || prev.config.markdown != config.markdown
            || prev.config.search_languages() != config.search_languages()
            || prev.options.no_cachebust != options.no_cachebust
            || prev.graph.is_empty()
            || prev.root != root
        {
            return Reuse::default();
        }
        let Ok(before) = prev.lookup.read() else {
            return Reuse::default();
        };
        let mut by_relative = HashMap::new();
        let mut same: HashMap<&Dep, bool> = HashMap::new();
        let items = prev
            .content
            .pages
            .iter()
            .map(|p| &p.meta)
            .zip(&prev.rendered_pages)
            .enumerate()
            .map(|(i, (m, r))| (ItemId::Page(i), m, r))
            .chain(
                prev.content
                    .sections
                    .iter()
                    .map(|s| &s.meta)
                    .zip(&prev.rendered_sections)
                    .enumerate()
                    .map(|(i, (m, r))| (ItemId::Section(i), m, r)),
            );
        for (id, meta, rendered) in items {
            let Some(read) = prev.graph.reads(Unit::Markdown(id)) else {
                continue;
            };
            for d in read {
                same.entry(d)
                    .or_insert_with(|| reads_the_same(d, prev, &before, root, theme, now));
            }
            by_relative.insert(meta.relative.as_str(), (meta.body.as_str(), rendered, read));
        }
        Reuse { by_relative, same }
    }

    /// The earlier rendering of `meta`'s body, with what it read, when it still holds
    /// (the same text, reads and heading self-links).
    pub(super) fn get(
        &self,
        meta: &content::Meta,
        anchor_links: markdown::AnchorLinks,
    ) -> Option<(Rendered, HashSet<Dep>)> {
        let (body, rendered, read) = self.by_relative.get(meta.relative.as_str())?;
        (*body == meta.body
            && rendered.anchor_links == anchor_links
            && read.iter().all(|d| self.same.get(d) == Some(&true)))
        .then(|| ((*rendered).clone(), (*read).clone()))
    }
}

/// Whether `dep` reads the same now as when `prev` was built.
fn reads_the_same(
    dep: &Dep,
    prev: &Site,
    before: &Lookup,
    root: &Path,
    theme: &ThemeFiles,
    now: &Lookup,
) -> bool {
    match dep {
        Dep::Template(n) => {
            prev.theme.templates.get(n).map(|t| (&t.source, &t.origin))
                == theme.templates.get(n).map(|t| (&t.source, &t.origin))
        }
        Dep::Url(rel) => before.content_urls.get(rel) == now.content_urls.get(rel),
        Dep::Front(rel) => {
            before.front_pages.get(rel) == now.front_pages.get(rel)
                && before.front_sections.get(rel) == now.front_sections.get(rel)
        }
        Dep::Static(p) => before.file_hashes.get(p) == now.file_hashes.get(p),
        Dep::Data(p) => prev
            .data_hashes
            .get(p)
            .is_some_and(|h| *h == render::data::hash_file(&root.join(p))),
        Dep::Terms(kind) => {
            let of = |l: &Lookup| -> Vec<(String, String)> {
                let mut v: Vec<(String, String)> = l
                    .term_urls
                    .iter()
                    .filter(|((k, _), _)| k == kind)
                    .map(|((_, n), u)| (n.clone(), u.clone()))
                    .collect();
                v.sort();
                v
            };
            of(before) == of(now)
                && render::taxonomy::term_pages(before, kind)
                    == render::taxonomy::term_pages(now, kind)
        }
        // The image a body asked for is made from what its other reads give.
        Dep::Image(_) => true,
        // Bodies never read what only rendering makes.
        Dep::Link(_) | Dep::Ref(_) | Dep::Dates(_) => false,
    }
}

impl Site {
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
        if self.graph.is_empty() {
            return Ok(None);
        }
        // A page in another language is rebuilt whole (its URL and translations
        // depend on the language).
        if self.content.pages[p].meta.lang != self.config.default_language {
            return Ok(None);
        }
        let file = self.content.pages[p].meta.file.clone();
        let shown = relative_to(&file, &self.root);
        let text = content::read_text(&file, &shown)?;
        let mut new = content::parse_page(&file, rel, &text, self.config.slugify).map_err(|e| {
            diagnostic::into_result(e.into_diagnostics(&shown), "in content").unwrap_err()
        })?;
        if self.config.markdown.smart_punctuation {
            new.meta.title = markdown::smart_text(&new.meta.title);
            new.meta.description = new.meta.description.as_deref().map(markdown::smart_text);
        }
        let old = &self.content.pages[p];
        new.meta.lang = old.meta.lang.clone();
        new.meta.canonical = old.meta.canonical.clone();
        // What decides URLs, order and which files exist: anything else rebuilds.
        // Every section that lists the page: its own, and on up through transparent ones.
        let mut sorts_by_title = false;
        let mut s = Some(old.section);
        while let Some(id) = s {
            let section = &self.content.sections[id];
            sorts_by_title |= section.sort_by == content::SortBy::Title;
            s = section.parent.filter(|_| section.transparent);
        }
        // Its translations show its title.
        let translated = self.content.translations.contains_key(&old.meta.canonical);
        let shape_changed = ((sorts_by_title || translated) && new.meta.title != old.meta.title)
            || new.meta.path != old.meta.path
            || new.draft != old.draft
            || new.render != old.render
            || new.meta.weight != old.meta.weight
            || new.date != old.date
            || new.aliases != old.aliases
            || new.taxonomies != old.taxonomies
            || new.meta.template != old.meta.template
            || new.meta.in_search_index != old.meta.in_search_index;
        if shape_changed {
            return Ok(None);
        }
        // Components see front matter values while Markdown renders: when those
        // change, a rebuild renders the bodies that read them again.
        let front_changed = new.meta.title != old.meta.title
            || new.meta.description != old.meta.description
            || new.meta.extra != old.meta.extra
            || new.authors != old.authors
            || new.updated != old.updated;
        let updated_changed = new.updated != old.updated;
        // What a link to the page shows: the sidebar shows the description too.
        let link_shown_changed =
            new.meta.title != old.meta.title || new.meta.description != old.meta.description;
        if front_changed {
            let fronts: Vec<Dep> = std::iter::once(rel.to_string())
                .chain(
                    self.content
                        .ancestors(ItemId::Page(p))
                        .into_iter()
                        .map(|s| self.content.sections[s].meta.relative.clone()),
                )
                .map(Dep::Front)
                .collect();
            if !self.graph.readers(&fronts).is_empty() {
                return Ok(None);
            }
        }
        let render_body = |site: &Site| -> Result<(Rendered, HashSet<Dep>)> {
            let lookup = site
                .lookup
                .read()
                .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
            Ok(deps::recording(
                true,
                Unit::Markdown(ItemId::Page(p)),
                || site.markdown(&lookup, highlighter, ItemId::Page(p), &new.meta),
            ))
        };
        let (mut rendered, mut md_read) = render_body(self)?;
        // Front matter values that components read are refreshed when one is needed.
        if self.front_stale && md_read.iter().any(|d| matches!(d, Dep::Front(_))) {
            self.refresh_front();
            (rendered, md_read) = render_body(self)?;
        }
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
        let images = if problems.is_empty() && !self.options.images_checked_later {
            self.check_images(Some(&[ItemId::Page(p)]))
        } else {
            Ok(())
        };
        if !problems.is_empty() || images.is_err() {
            self.rendered_pages[p] = old_rendered;
            diagnostic::into_result(problems, "in content")?;
            images?;
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
        self.hash_data_read(&md_read);
        self.graph.set(Unit::Markdown(ItemId::Page(p)), md_read);

        // What the edit changed, as dependencies.
        let ancestors = self.content.ancestors(ItemId::Page(p));
        let before: (Value, Value) = (
            self.shared.page_refs[p].clone(),
            self.shared.link_refs[&ItemId::Page(p)].clone(),
        );
        render::values::refresh_page(
            &mut self.shared,
            &self.content,
            &self.rendered_pages,
            &self.rendered_sections,
            &self.urls,
            &self.terms,
            p,
        );
        let mut changed: Vec<Dep> = Vec::new();
        let page_ref_changed = before.0 != self.shared.page_refs[p];
        if page_ref_changed {
            changed.push(Dep::Ref(rel.to_string()));
        }
        if link_shown_changed || before.1 != self.shared.link_refs[&ItemId::Page(p)] {
            changed.push(Dep::Link(rel.to_string()));
        }
        if updated_changed {
            changed.push(Dep::Dates(rel.to_string()));
        }
        // A section's value holds those of its pages, so it changed exactly when the
        // page's did (comparing them would walk the whole site at the root).
        if page_ref_changed {
            for &s in &ancestors {
                changed.push(Dep::Ref(self.content.sections[s].meta.relative.clone()));
            }
        }
        // No body read this page's front matter values (else it rebuilt above): they
        // are refreshed when a body next reads some.
        self.front_stale |= front_changed;
        self.refresh_lookup(p);
        let mut units = self.graph.readers(&changed);
        units.insert(Unit::Item(ItemId::Page(p)));
        let paths = self.rerender(units)?;
        // The search index is brought up to date by `finish_search`, so that `serve`
        // can show the edited page before it.
        self.search_stale = true;
        Ok(Some(paths))
    }

    /// Re-renders after edits to templates: exactly the outputs whose render reached a
    /// changed template. Returns the output paths that changed, or `None` when a
    /// rebuild is needed (a template appeared, or a Markdown body used a changed
    /// component).
    pub fn update_templates(&mut self) -> Result<Option<Vec<String>>> {
        if self.graph.is_empty() {
            return Ok(None);
        }
        let theme = theme::load(&self.root, &self.config)?;
        let appeared = theme
            .templates
            .keys()
            .any(|n| !self.theme.templates.contains_key(n));
        if appeared {
            return Ok(None);
        }
        let changed: Vec<Dep> = self
            .theme
            .templates
            .iter()
            .filter(|(n, t)| {
                theme
                    .templates
                    .get(*n)
                    .is_none_or(|new| new.source != t.source || new.origin != t.origin)
            })
            .map(|(n, _)| Dep::Template(n.clone()))
            .collect();
        let Some(units) = self.output_readers(&changed) else {
            return Ok(None);
        };
        let mut tera = render::make_tera(&theme, self.lookup.clone())
            .map_err(|d| diagnostic::into_result(d, "in templates").unwrap_err())?;
        {
            let lookup = self
                .lookup
                .read()
                .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
            render::set_globals(
                &mut tera,
                &self.config,
                &theme,
                &self.content,
                &self.urls,
                &lookup.content_urls,
            )?;
        }
        let old = (
            std::mem::replace(&mut self.tera, tera),
            std::mem::replace(&mut self.theme, theme),
            std::mem::take(&mut self.extends),
        );
        self.extends = render::template_parents(&self.theme);
        match self.rerender(units) {
            Ok(paths) => Ok(Some(paths)),
            Err(e) => {
                (self.tera, self.theme, self.extends) = old;
                Err(e)
            }
        }
    }

    /// Re-renders after edits to static files (by output path) that kept the set of
    /// static files: the outputs that put one's hash in a URL. `None` when a Markdown
    /// body did (a rebuild then renders it again).
    pub fn update_statics(&mut self, changed: &[String]) -> Result<Option<Vec<String>>> {
        let deps: Vec<Dep> = changed.iter().map(|p| Dep::Static(p.clone())).collect();
        let Some(units) = self.output_readers(&deps) else {
            return Ok(None);
        };
        if units.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let hashes: Vec<(String, Option<String>)> = changed
            .iter()
            .map(|p| (p.clone(), self.statics.get(p).and_then(theme::static_hash)))
            .collect();
        if let Ok(mut l) = self.lookup.write() {
            for (p, h) in hashes {
                match h {
                    Some(h) => l.file_hashes.insert(p, h),
                    None => l.file_hashes.remove(&p),
                };
            }
        }
        self.rerender(units).map(Some)
    }

    /// Compiles the Sass again after an edit under a `sass/` folder, a partial's
    /// included, and re-renders the outputs that put a changed stylesheet's hash in a
    /// URL. Returns the output paths that changed, or `None` when the set of
    /// stylesheets changed or a Markdown body read a hash (a rebuild is needed).
    /// Nothing changes when the Sass fails to compile.
    pub fn update_sass(&mut self) -> Result<Option<Vec<String>>> {
        let sources = theme::read_sass(&self.root, &self.config)?;
        if sources == self.sass {
            return Ok(Some(Vec::new()));
        }
        let css = sass::compile(&sources)?;
        if css
            .iter()
            .map(|c| (&c.path, &c.source))
            .ne(self.css.iter().map(|c| (&c.path, &c.source)))
        {
            return Ok(None);
        }
        // A static file of the same path is what the site serves and hashes.
        let changed: Vec<String> = css
            .iter()
            .zip(&self.css)
            .filter(|(new, old)| new.css != old.css && !self.statics.contains_key(&new.path))
            .map(|(new, _)| new.path.clone())
            .collect();
        let deps: Vec<Dep> = changed.iter().map(|p| Dep::Static(p.clone())).collect();
        let units = if deps.is_empty() {
            HashSet::new()
        } else {
            match self.output_readers(&deps) {
                Some(units) => units,
                None => return Ok(None),
            }
        };
        if let Ok(mut l) = self.lookup.write() {
            for c in css.iter().filter(|c| changed.contains(&c.path)) {
                l.file_hashes
                    .insert(c.path.clone(), crate::render::functions::short_hash(&c.css));
            }
        }
        for c in css.iter().filter(|c| changed.contains(&c.path)) {
            self.files.insert(c.path.clone(), Arc::new(c.css.clone()));
        }
        self.sass = sources;
        self.css = css;
        let mut paths = changed;
        if !units.is_empty() {
            paths.extend(self.rerender(units)?);
        }
        paths.sort();
        paths.dedup();
        Ok(Some(paths))
    }

    /// Re-renders after edits to files that `load_data` or a chart read (by path in
    /// the site folder). `None` when a Markdown body read one.
    pub fn update_data(&mut self, changed: &[PathBuf]) -> Result<Option<Vec<String>>> {
        let deps: Vec<Dep> = changed.iter().map(|p| Dep::Data(p.clone())).collect();
        match self.output_readers(&deps) {
            None => Ok(None),
            Some(units) if units.is_empty() => Ok(Some(Vec::new())),
            Some(units) => self.rerender(units).map(Some),
        }
    }

    /// The outputs that read any of `deps`, or `None` when an update cannot say: no
    /// reads were recorded, or a Markdown body read one (a rebuild renders it again).
    fn output_readers(&self, deps: &[Dep]) -> Option<HashSet<Unit>> {
        if self.graph.is_empty() {
            return None;
        }
        let units = self.graph.readers(deps);
        (!units.iter().any(|u| matches!(u, Unit::Markdown(_)))).then_some(units)
    }

    /// Whether some output or body read the file at `path` (in the site folder) with
    /// `load_data` or a chart.
    pub fn reads_data(&self, path: &Path) -> bool {
        !self
            .graph
            .readers(&[Dep::Data(path.to_path_buf())])
            .is_empty()
    }

    /// The folders holding files that `load_data` or a chart read, for the watcher.
    pub fn data_dirs_list(&self) -> Vec<PathBuf> {
        self.data_hashes
            .keys()
            .filter_map(|p| self.root.join(p).parent().map(Path::to_path_buf))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Renders `units` again, recording their reads, and returns the output paths
    /// whose bytes changed. Nothing changes when rendering fails.
    fn rerender(&mut self, units: HashSet<Unit>) -> Result<Vec<String>> {
        let mut ids: Vec<ItemId> = units
            .iter()
            .filter_map(|u| match u {
                Unit::Item(id) => Some(*id),
                _ => None,
            })
            .collect();
        ids.sort();
        let extras: HashSet<Extra> = units
            .iter()
            .filter_map(|u| match u {
                Unit::Extra(e) => Some(*e),
                _ => None,
            })
            .collect();
        let recorded = render::Recorded::default();
        let collect = Collect::default();
        let problems = {
            let mut input = self.input();
            input.recorded = Some(&recorded);
            let mut problems = render::render_items(&input, &ids, &collect);
            if !extras.is_empty() {
                problems.extend(render::render_extras(
                    &input,
                    Extras::Only(&extras),
                    &collect,
                ));
            }
            problems
        };
        diagnostic::into_result(problems, "while rendering")?;
        let recorded = recorded.into_inner().unwrap_or_default();
        self.make_images(&recorded, &collect)?;
        for (unit, read) in recorded {
            self.hash_data_read(&read);
            self.graph.set(unit, read);
        }
        let mut changed = self.drop_unused_images();
        let files = collect.into_files();
        self.last_rendered += files.len();
        for mut f in files {
            if self.statics.contains_key(&f.path) {
                continue;
            }
            f.bytes = self.finalize(&f.path, f.bytes);
            if self.files.get(&f.path).is_none_or(|old| **old != f.bytes) {
                changed.push(f.path.clone());
                self.files.insert(f.path, Arc::new(f.bytes));
            }
        }
        changed.sort();
        Ok(changed)
    }

    /// Makes the images that the outputs in `recorded` asked for, and those some
    /// Markdown body asks for that are not made yet (a body just rendered again), into
    /// `sink`. A replaced source is made again, since its outputs were re-rendered.
    fn make_images(&self, recorded: &[(Unit, HashSet<Dep>)], sink: &Collect) -> Result<()> {
        let lookup = self
            .lookup
            .read()
            .map_err(|_| anyhow::anyhow!("the site lookup is poisoned"))?;
        let mut wanted = super::images::asked(recorded.iter().flat_map(|(_, r)| r));
        wanted.extend(
            super::images::asked(self.graph.deps())
                .into_iter()
                .filter(|p| !self.files.contains_key(p)),
        );
        let jobs: Vec<crate::images::Job> =
            wanted.iter().filter_map(|p| lookup.images.get(p)).collect();
        let problems = super::images::make(&jobs, &self.image_cache, &self.statics, sink);
        diagnostic::into_result(problems, "while making images")
    }

    /// Forgets the processed images no output asks for any more, as a clean build
    /// would not make them; returns their paths.
    fn drop_unused_images(&mut self) -> Vec<String> {
        let wanted = super::images::asked(self.graph.deps());
        let prefix = format!("{}/", crate::images::DIR);
        let unused: Vec<String> = self
            .files
            .keys()
            .filter(|p| p.starts_with(&prefix) && !wanted.contains(*p))
            .cloned()
            .collect();
        for p in &unused {
            self.files.remove(p);
        }
        unused
    }

    /// Rebuilds the front matter values that components see (see `front_stale`).
    fn refresh_front(&mut self) {
        let (front_pages, front_sections) =
            render::values::front_refs(&self.content, &self.urls, &self.terms);
        if let Ok(mut l) = self.lookup.write() {
            l.front_pages = front_pages;
            l.front_sections = front_sections;
        }
        self.front_stale = false;
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
        if self.config.search_languages().is_empty() {
            return Vec::new();
        }
        let fresh = self.search_index();
        let prefix = format!("{}/", crate::search::DIR);
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
}
