//! The content model: pages and sections loaded from `content/`, with their URLs,
//! order and neighbours. This is the only module that reads `content/`.
//!
//! `load` walks the folder and parses front matter; `order` sorts sections and builds
//! the whole-site reading order. Markdown rendering and templates are left to
//! `markdown` and `render`.

pub mod date;
pub mod frontmatter;
mod load;
pub mod order;
pub use crate::url;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub use date::Date;
pub use frontmatter::SortBy;
pub use load::{
    Asset, LoadOptions, is_ignored, link_outside, load, outside_message, parse_page, parse_section,
    read_text,
};

/// Either kind of content item, by index into `Site::pages` or `Site::sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemId {
    Page(usize),
    Section(usize),
}

/// Fields shared by pages and sections.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Absolute path of the Markdown file.
    pub file: PathBuf,
    /// Path relative to `content/`, with `/` separators (`factors/policy.md`).
    pub relative: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub in_search_index: bool,
    pub extra: toml::Table,
    /// Site path (`/factors/policy/`), without the deploy sub-path.
    pub path: String,
    /// The Markdown body (after the front matter).
    pub body: String,
    /// 0-based line of the file where the body starts, so body lines map to file lines.
    pub body_line: usize,
    /// The language code (`fr` for Zola's `page.fr.md`; the site's default otherwise).
    pub lang: String,
    /// `relative` without the language code: what translations of one text share.
    pub canonical: String,
}

/// A page: any `.md` file other than `_index.md`.
#[derive(Debug, Clone)]
pub struct Page {
    pub meta: Meta,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub aliases: Vec<String>,
    /// Zola's `authors`.
    pub authors: Vec<String>,
    /// Zola's `render`: `false` keeps the page out of the output and every listing.
    pub render: bool,
    /// The front matter sets `path`, which no language prefix changes (as in Zola).
    pub fixed_path: bool,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Line of the `[taxonomies]` table in the file, for messages.
    pub taxonomies_line: Option<usize>,
    /// Index of the section the page belongs to.
    pub section: usize,
    /// Files of a `dir/index.md` bundle, those in its sub-folders too (Zola's
    /// `page.assets`).
    pub assets: Vec<PathBuf>,
    /// Neighbours in the section's order (Zola's `lower` and `higher`).
    pub lower: Option<usize>,
    pub higher: Option<usize>,
}

/// A section: a folder with an `_index.md` (the root section may be implicit).
#[derive(Debug, Clone)]
pub struct Section {
    pub meta: Meta,
    pub sort_by: SortBy,
    pub page_template: Option<String>,
    /// Files beside `_index.md` (Zola's `section.assets`).
    pub assets: Vec<PathBuf>,
    /// Children per listing page, from front matter (`None`: the config's default).
    pub paginate_by: Option<usize>,
    /// The folder of numbered listing pages (`page` unless front matter says).
    pub paginate_path: String,
    /// Listing pages show the children last first (Zola's `paginate_reversed`).
    pub paginate_reversed: bool,
    /// The section passes its pages on to its parent (Zola's `transparent`).
    pub transparent: bool,
    /// Zola's section `draft` (loading drops drafts unless asked for them).
    pub draft: bool,
    /// Old URLs that redirect to the section (Zola's section `aliases`).
    pub aliases: Vec<String>,
    /// Whether the section has a page of its own (Zola's `render`).
    pub render: bool,
    /// The section's page redirects here (Zola's `redirect_to`).
    pub redirect_to: Option<String>,
    /// Whether the section has a feed (Zola's `generate_feeds`; on unless set false).
    pub feed: bool,
    /// Where headings' self-links go in the section and its pages.
    pub anchor_links: crate::markdown::AnchorLinks,
    pub parent: Option<usize>,
    /// Pages in the section's order.
    pub pages: Vec<usize>,
    /// Subsections, by weight then path.
    pub subsections: Vec<usize>,
    /// Pages and subsections interleaved in reading order.
    pub children: Vec<ItemId>,
}

/// All content of a site, with lookups. Built by `load`, read by everything after it.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Whole-site reading order: depth first, each section before its children.
    pub reading_order: Vec<ItemId>,
    /// Position of each item in `reading_order`.
    pub reading_index: HashMap<ItemId, usize>,
    /// Position of each item among its section's `children`.
    pub child_index: HashMap<ItemId, usize>,
    /// `relative` path → item, for `@/` links and `get_page`.
    pub by_relative: HashMap<String, ItemId>,
    /// The items that translate each text, by `canonical` path, default language
    /// first; only texts with more than one language are here.
    pub translations: HashMap<String, Vec<ItemId>>,
}

impl Content {
    /// Where headings' self-links go in item `id`: its section's setting (a page's
    /// section, or the section itself), as Zola's `insert_anchor_links`.
    pub fn anchor_links(&self, id: ItemId) -> crate::markdown::AnchorLinks {
        match id {
            ItemId::Page(p) => self.sections[self.pages[p].section].anchor_links,
            ItemId::Section(s) => self.sections[s].anchor_links,
        }
    }

    pub fn meta(&self, id: ItemId) -> &Meta {
        match id {
            ItemId::Page(i) => &self.pages[i].meta,
            ItemId::Section(i) => &self.sections[i].meta,
        }
    }

    /// The root section (always index 0).
    pub const ROOT: usize = 0;

    /// Ancestors of an item, from the root down to its parent section.
    pub fn ancestors(&self, id: ItemId) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = match id {
            ItemId::Page(i) => Some(self.pages[i].section),
            ItemId::Section(i) => self.sections[i].parent,
        };
        while let Some(s) = cur {
            out.push(s);
            cur = self.sections[s].parent;
        }
        out.reverse();
        out
    }

    /// The section that lists `id` among its children (none for the root).
    pub fn parent_of(&self, id: ItemId) -> Option<usize> {
        match id {
            ItemId::Page(i) => Some(self.pages[i].section),
            ItemId::Section(i) => self.sections[i].parent,
        }
    }

    /// The items before and after `id` in the reading order.
    pub fn reading_neighbours(&self, id: ItemId) -> (Option<ItemId>, Option<ItemId>) {
        let Some(&i) = self.reading_index.get(&id) else {
            return (None, None);
        };
        // A section without a page of its own (Zola's `render = false`) is skipped,
        // and reading stays in the item's language.
        let lang = &self.meta(id).lang;
        let prev = self.reading_order[..i]
            .iter()
            .rev()
            .find(|&&x| self.has_page(x))
            .copied()
            .filter(|&x| self.meta(x).lang == *lang);
        let next = self.reading_order[i + 1..]
            .iter()
            .find(|&&x| self.has_page(x))
            .copied()
            .filter(|&x| self.meta(x).lang == *lang);
        (prev, next)
    }

    /// Whether `id` has a page of its own: every page does, and every section but
    /// those with Zola's `render = false`.
    pub fn has_page(&self, id: ItemId) -> bool {
        match id {
            ItemId::Section(s) => self.sections[s].render,
            ItemId::Page(_) => true,
        }
    }
}
