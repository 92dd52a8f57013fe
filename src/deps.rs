//! The dependency graph of a site kept in memory: what each output read while it was
//! made, so that an edit re-renders exactly the outputs that read what changed.
//!
//! Reads are recorded where they happen, not predicted: the template functions
//! (`get_page`, `get_section`, `get_taxonomy_url`, `get_taxonomy`, `get_taxonomy_term`,
//! `load_data`, `get_hash`, `get_url` with
//! cache busting), the markers that `render::trace` puts into every template (so
//! `extends`, `include`, components and shortcodes record themselves when they run),
//! the context builders (neighbours, sidebar rows, listings, ancestors) and the
//! Markdown host (`@/` links, chart data, components). `resize_image` records the
//! image it asks for as well as the file it read.
//!
//! A thread-local stack holds the unit being recorded: each unit is made on one
//! thread, and a rayon task stolen while another waits runs to its end on top of it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::content::ItemId;

/// Something an output can read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// A template, by name (`page.html`, `shortcodes/note.html`).
    Template(String),
    /// What a link to a page or section shows: its title, description and URL (the
    /// sidebar, previous/next, breadcrumbs), by path relative to `content/`.
    Link(String),
    /// A page's or section's whole value as listings and `get_page`/`get_section` show
    /// it (summary, dates, word count, terms, and a section's pages).
    Ref(String),
    /// The front matter values that components see through `get_page`/`get_section`
    /// while Markdown renders (no summary, no word count).
    Front(String),
    /// The URL an `@/` link resolves to.
    Url(String),
    /// A static file whose content hash `get_url` put into a URL, by output path.
    Static(String),
    /// A file read by `load_data` or a chart, relative to the site folder.
    Data(PathBuf),
    /// A taxonomy's terms: their URLs, as `get_taxonomy_url` gives them, and which
    /// pages each holds, as `get_taxonomy` and `get_taxonomy_term` list them.
    Terms(String),
    /// A page's dates as the sitemap shows them.
    Dates(String),
    /// A processed image that `resize_image` asked for, by output path: what the site
    /// makes after rendering (the source file is a `Data` read).
    Image(String),
}

/// Something made from recorded reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// The Markdown of a page or section, rendered to HTML.
    Markdown(ItemId),
    /// The output files of a page, or of a section with its listing pages.
    Item(ItemId),
    /// A generated file besides pages and sections.
    Extra(Extra),
}

/// The generated files besides pages and sections, in the units they are made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Extra {
    /// A taxonomy's list page.
    TaxonomyList(usize),
    /// One term's pages (with its listing pages).
    Term(usize, usize),
    NotFound,
    /// The site's feed (`None`), or that of one section (`Section`) or one term.
    Feed(Feed),
    Sitemap,
    /// The navigation file(s) of one section.
    NavFile(usize),
    /// Alias and first-listing-page redirects.
    Redirects,
}

/// Which feed a `Extra::Feed` unit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feed {
    Site,
    Section(usize),
    /// Taxonomy and term, by index.
    Term(usize, usize),
}

thread_local! {
    static STACK: RefCell<Vec<(Unit, HashSet<Dep>)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` while recording what it reads as `unit`'s reads. With `on` false it only
/// runs `f` (a `folio build` records nothing).
pub fn recording<R>(on: bool, unit: Unit, f: impl FnOnce() -> R) -> (R, HashSet<Dep>) {
    if !on {
        return (f(), HashSet::new());
    }
    STACK.with(|s| s.borrow_mut().push((unit, HashSet::new())));
    GENERATION.with(|g| g.set(g.get() + 1));
    let r = f();
    GENERATION.with(|g| g.set(g.get() + 1));
    let deps = STACK.with(|s| s.borrow_mut().pop().map(|(_, d)| d).unwrap_or_default());
    (r, deps)
}

thread_local! {
    /// Changes whenever the unit being recorded on this thread may have changed.
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The last template recorded, with the generation it was recorded in.
    static LAST_TEMPLATE: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

/// Whether `name` is the template this unit recorded last: a component called once
/// per row of a listing records itself once, not once per row.
pub fn just_recorded_template(name: &str) -> bool {
    let generation = GENERATION.with(std::cell::Cell::get);
    LAST_TEMPLATE.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 == generation && last.1 == name {
            return true;
        }
        last.0 = generation;
        last.1.clear();
        last.1.push_str(name);
        false
    })
}

/// Notes that the unit being recorded on this thread read `dep`.
pub fn record(dep: Dep) {
    STACK.with(|s| {
        if let Some((_, deps)) = s.borrow_mut().last_mut() {
            deps.insert(dep);
        }
    });
}

/// Like `record`, making the dependency only when a unit is being recorded.
pub fn record_with(dep: impl FnOnce() -> Dep) {
    STACK.with(|s| {
        if let Some((_, deps)) = s.borrow_mut().last_mut() {
            deps.insert(dep());
        }
    });
}

/// The unit being recorded on this thread, if any.
pub fn current() -> Option<Unit> {
    STACK.with(|s| s.borrow().last().map(|(u, _)| *u))
}

/// Whether Markdown is being rendered on this thread (components then see front
/// matter values, since no page's Markdown is rendered yet in a clean build).
pub fn in_markdown() -> bool {
    MARKDOWN.with(|m| *m.borrow() > 0)
}

thread_local! {
    static MARKDOWN: RefCell<usize> = const { RefCell::new(0) };
}

/// Runs `f` as Markdown rendering (see `in_markdown`), whether or not it records.
pub fn as_markdown<R>(f: impl FnOnce() -> R) -> R {
    MARKDOWN.with(|m| *m.borrow_mut() += 1);
    let r = f();
    MARKDOWN.with(|m| *m.borrow_mut() -= 1);
    r
}

/// Every unit's recorded reads, and who read each dependency.
#[derive(Debug, Default, Clone)]
pub struct Graph {
    reads: HashMap<Unit, HashSet<Dep>>,
    readers: HashMap<Dep, HashSet<Unit>>,
}

impl Graph {
    /// Replaces what `unit` read.
    pub fn set(&mut self, unit: Unit, deps: HashSet<Dep>) {
        if let Some(old) = self.reads.remove(&unit) {
            for d in old {
                if let Some(r) = self.readers.get_mut(&d) {
                    r.remove(&unit);
                    if r.is_empty() {
                        self.readers.remove(&d);
                    }
                }
            }
        }
        for d in &deps {
            self.readers.entry(d.clone()).or_default().insert(unit);
        }
        self.reads.insert(unit, deps);
    }

    /// What `unit` read, if it was recorded.
    pub fn reads(&self, unit: Unit) -> Option<&HashSet<Dep>> {
        self.reads.get(&unit)
    }

    /// The units that read any of `changed`.
    pub fn readers<'a>(&self, changed: impl IntoIterator<Item = &'a Dep>) -> HashSet<Unit> {
        changed
            .into_iter()
            .filter_map(|d| self.readers.get(d))
            .flatten()
            .copied()
            .collect()
    }

    /// Every dependency some unit read, for those of a kind: the static files whose
    /// hash is in some URL, the data files read, and so on.
    pub fn deps(&self) -> impl Iterator<Item = &Dep> {
        self.readers.keys()
    }

    pub fn is_empty(&self) -> bool {
        self.reads.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_nested_units_separately() {
        let page = Unit::Item(ItemId::Page(0));
        let md = Unit::Markdown(ItemId::Page(1));
        let ((_, inner), outer) = recording(true, page, || {
            record(Dep::Template("page.html".into()));
            let r = recording(true, md, || record(Dep::Url("a.md".into())));
            record(Dep::Link("b.md".into()));
            r
        });
        assert_eq!(inner, HashSet::from([Dep::Url("a.md".into())]));
        assert_eq!(
            outer,
            HashSet::from([Dep::Template("page.html".into()), Dep::Link("b.md".into())])
        );
        let (_, none) = recording(false, page, || record(Dep::Link("c.md".into())));
        assert!(none.is_empty());
        // Outside any unit, reads go nowhere.
        record(Dep::Link("d.md".into()));
        assert_eq!(current(), None);
    }

    #[test]
    fn graph_finds_readers_and_forgets_old_reads() {
        let mut g = Graph::default();
        let a = Unit::Item(ItemId::Page(0));
        let b = Unit::Item(ItemId::Page(1));
        g.set(a, HashSet::from([Dep::Link("x.md".into())]));
        g.set(
            b,
            HashSet::from([Dep::Link("x.md".into()), Dep::Ref("y.md".into())]),
        );
        assert_eq!(
            g.readers(&[Dep::Link("x.md".into())]),
            HashSet::from([a, b])
        );
        g.set(b, HashSet::from([Dep::Ref("y.md".into())]));
        assert_eq!(g.readers(&[Dep::Link("x.md".into())]), HashSet::from([a]));
        assert_eq!(g.readers(&[Dep::Ref("y.md".into())]), HashSet::from([b]));
    }
}
