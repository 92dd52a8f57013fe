//! Template values built once per build and shared by every page that shows them.
//!
//! Each page's summary (`PageRef`) and each section's listing (`SectionRef`) is built
//! once; Tera values are reference-counted, so putting one in many contexts copies a
//! pointer, not the data.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use tera::Value;

use crate::content::{Content, ItemId, Meta, Page};
use crate::markdown::{Rendered, TocEntry, reading_time};

/// Builds a Tera map from `(key, value)` pairs.
pub fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let map: BTreeMap<&'static str, Value> = pairs.into_iter().collect();
    Value::from(map)
}

/// The fields every page and section value has, from its `Meta`, plus `more`.
fn meta_obj<const N: usize>(m: &Meta, urls: &Urls, more: [(&'static str, Value); N]) -> Value {
    let mut map: BTreeMap<&'static str, Value> = BTreeMap::from([
        ("title", Value::from(m.title.as_str())),
        ("description", opt(m.description.as_deref())),
        ("url", Value::from(urls.url(&m.path))),
        ("permalink", Value::from(urls.permalink(&m.path))),
        ("path", Value::from(m.path.as_str())),
        ("weight", m.weight.map_or_else(Value::none, Value::from)),
        ("extra", table_value(&m.extra)),
        ("relative_path", Value::from(m.relative.as_str())),
        ("lang", Value::from(m.lang.as_str())),
    ]);
    map.extend(more);
    Value::from(map)
}

/// Optional string as a value (`none` when absent).
pub fn opt(s: Option<&str>) -> Value {
    s.map_or_else(Value::none, Value::from)
}

/// A TOML table (front matter `[extra]`, config `[extra]`) as a Tera value.
pub fn toml_value(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(a) => Value::from(a.iter().map(toml_value).collect::<Vec<_>>()),
        toml::Value::Table(t) => table_value(t),
    }
}

pub fn table_value(t: &toml::Table) -> Value {
    let map: BTreeMap<String, Value> = t.iter().map(|(k, v)| (k.clone(), toml_value(v))).collect();
    Value::from(map)
}

pub fn toc_value(toc: &[TocEntry]) -> Value {
    Value::from(
        toc.iter()
            .map(|e| {
                obj([
                    ("level", Value::from(e.level)),
                    ("id", Value::from(e.id.as_str())),
                    ("title", Value::from(e.title.as_str())),
                    ("children", toc_value(&e.children)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// URL helpers for one build.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `/` or `/repo/`.
    pub base_path: String,
    /// `https://example.com` or empty.
    pub origin: String,
}

impl Urls {
    /// Root-relative URL with the deploy sub-path: `/factors/x/` → `/repo/factors/x/`.
    pub fn url(&self, path: &str) -> String {
        self.joined("", path)
    }

    /// Absolute URL: `https://host/repo/factors/x/`.
    pub fn permalink(&self, path: &str) -> String {
        self.joined(&self.origin, path)
    }

    /// `origin`, the sub-path and `path` in one string of the right size (pages ask
    /// for dozens of URLs each, where `format!` was a measurable share).
    fn joined(&self, origin: &str, path: &str) -> String {
        let path = crate::url::href(path.trim_start_matches('/'));
        let mut url = String::with_capacity(origin.len() + self.base_path.len() + path.len());
        url.push_str(origin);
        url.push_str(&self.base_path);
        url.push_str(&path);
        url
    }
}

/// Taxonomy terms of one page, as `{tags: [{name, url}]}`.
pub type Terms = BTreeMap<String, Vec<(String, String)>>;

/// The shared values of a build.
pub struct Shared {
    pub page_refs: Vec<Value>,
    pub section_refs: Vec<Value>,
    pub link_refs: HashMap<ItemId, Value>,
}

/// Builds `PageRef`s, `SectionRef`s and `{title, url}` links for every item. A page's
/// ref is its value in `fronts` (by path relative to `content/`, as `front_refs` made
/// them) with what rendering made added, so the two share every field's data.
pub fn build_shared(
    content: &Content,
    fronts: &HashMap<String, Value>,
    pages: &[Rendered],
    sections: &[Rendered],
    urls: &Urls,
    terms: &[Terms],
) -> Shared {
    let page_refs: Vec<Value> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match fronts.get(&p.meta.relative) {
            Some(front) => with_rendered(front, &pages[i]),
            None => page_ref(content, i, &pages[i], urls, &terms[i]),
        })
        .collect();
    let mut section_refs: Vec<Value> = vec![Value::none(); content.sections.len()];
    // Children before parents, so a parent can list its subsections' refs.
    for s in (0..content.sections.len()).rev() {
        section_refs[s] = section_ref(content, s, &sections[s], urls, &page_refs, &section_refs);
    }
    let link_refs = content
        .reading_order
        .par_iter()
        .map(|&id| (id, link_ref(content, id, urls)))
        .collect();
    Shared {
        page_refs,
        section_refs,
        link_refs,
    }
}

/// The values components see through `get_page` and `get_section` while Markdown
/// renders, by path relative to `content/` (pages, then sections): everything but what
/// rendering makes (summary, word count, reading time), as in Zola.
pub fn front_refs(
    content: &Content,
    urls: &Urls,
    terms: &[Terms],
) -> (HashMap<String, Value>, HashMap<String, Value>) {
    let page_fronts: Vec<Value> = (0..content.pages.len())
        .into_par_iter()
        .map(|i| page_front(content, i, urls, &terms[i]))
        .collect();
    let blank = Rendered::default();
    let mut section_fronts: Vec<Value> = vec![Value::none(); content.sections.len()];
    for s in (0..content.sections.len()).rev() {
        section_fronts[s] = section_ref(content, s, &blank, urls, &page_fronts, &section_fronts);
    }
    let pages = content
        .pages
        .par_iter()
        .zip(page_fronts)
        .map(|(p, v)| (p.meta.relative.clone(), v))
        .collect();
    let sections = content
        .sections
        .iter()
        .zip(section_fronts)
        .map(|(s, v)| {
            let mut map = v.as_map().cloned().unwrap_or_default();
            map.remove(&tera::value::Key::from("summary"));
            (s.meta.relative.clone(), Value::from(map))
        })
        .collect();
    (pages, sections)
}

fn link_ref(content: &Content, id: ItemId, urls: &Urls) -> Value {
    let m = content.meta(id);
    obj([
        ("title", Value::from(m.title.as_str())),
        ("url", Value::from(urls.url(&m.path))),
        ("permalink", Value::from(urls.permalink(&m.path))),
        ("has_page", Value::from(content.has_page(id))),
    ])
}

fn page_ancestors(content: &Content, p: usize) -> Vec<Value> {
    content
        .ancestors(ItemId::Page(p))
        .into_iter()
        .map(|s| Value::from(content.sections[s].meta.relative.as_str()))
        .collect()
}

fn section_ref(
    content: &Content,
    s: usize,
    r: &Rendered,
    urls: &Urls,
    page_refs: &[Value],
    section_refs: &[Value],
) -> Value {
    let sec = &content.sections[s];
    let m = &sec.meta;
    meta_obj(
        m,
        urls,
        [
            (
                "translations",
                translations_value(content, ItemId::Section(s), urls),
            ),
            ("summary", opt(r.summary.as_deref())),
            ("is_section", Value::from(true)),
            ("has_page", Value::from(sec.render)),
            // Zola's: the section's path and the file's name.
            (
                "assets",
                assets_value(sec.assets.iter().filter_map(|a| {
                    let name = a.file_name()?.to_str()?;
                    Some(format!("{}{name}", m.path))
                })),
            ),
            (
                "pages",
                Value::from(
                    sec.pages
                        .iter()
                        .map(|&p| page_refs[p].clone())
                        .collect::<Vec<_>>(),
                ),
            ),
            (
                "subsections",
                Value::from(
                    sec.subsections
                        .iter()
                        .map(|&c| section_refs[c].clone())
                        .collect::<Vec<_>>(),
                ),
            ),
        ],
    )
}

/// Rebuilds the values that show page `p` after an edit that kept the site's shape:
/// its own ref and link, and the refs of the sections above it.
pub fn refresh_page(
    shared: &mut Shared,
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    urls: &Urls,
    terms: &[Terms],
    p: usize,
) {
    shared.page_refs[p] = page_ref(content, p, &pages[p], urls, &terms[p]);
    shared
        .link_refs
        .insert(ItemId::Page(p), link_ref(content, ItemId::Page(p), urls));
    for s in content.ancestors(ItemId::Page(p)).into_iter().rev() {
        shared.section_refs[s] = section_ref(
            content,
            s,
            &sections[s],
            urls,
            &shared.page_refs,
            &shared.section_refs,
        );
    }
}

/// Asset paths as Zola lists them: sorted regardless of letter case.
fn assets_value(paths: impl Iterator<Item = String>) -> Value {
    let mut paths: Vec<String> = paths.collect();
    paths.sort_by_key(|p| p.to_ascii_lowercase());
    Value::from(paths.into_iter().map(Value::from).collect::<Vec<_>>())
}

/// Zola's `translations` of an item: every language's version of its text, itself
/// included, as `{lang, title, permalink, path}`; empty when it has no translation.
fn translations_value(content: &Content, id: ItemId, urls: &Urls) -> Value {
    // `translations` holds only texts in more than one language.
    let Some(items) = content.translations.get(&content.meta(id).canonical) else {
        return Value::from(Vec::<Value>::new());
    };
    Value::from(
        items
            .iter()
            .map(|&t| {
                let m = content.meta(t);
                obj([
                    ("lang", Value::from(m.lang.as_str())),
                    ("title", Value::from(m.title.as_str())),
                    ("permalink", Value::from(urls.permalink(&m.path))),
                    ("url", Value::from(urls.url(&m.path))),
                    ("path", Value::from(m.relative.as_str())),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// Page `i`'s `PageRef`.
fn page_ref(content: &Content, i: usize, r: &Rendered, urls: &Urls, terms: &Terms) -> Value {
    with_rendered(&page_front(content, i, urls, terms), r)
}

/// A page's front value with what rendering its Markdown made: its summary, word
/// count and reading time. The other fields are shared with `front`, not copied.
fn with_rendered(front: &Value, r: &Rendered) -> Value {
    let added = [
        ("summary", opt(r.summary.as_deref())),
        ("word_count", Value::from(r.word_count)),
        ("reading_time", Value::from(reading_time(r.word_count))),
    ];
    let fields = front.as_map().map_or(0, |m| m.len());
    let mut map = tera::value::Map::with_capacity(fields + added.len());
    if let Some(m) = front.as_map() {
        map.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    map.extend(added.map(|(k, v)| (tera::value::Key::from(k), v)));
    Value::from(map)
}

/// Page `i`'s value without what rendering its Markdown makes.
fn page_front(content: &Content, i: usize, urls: &Urls, terms: &Terms) -> Value {
    let p: &Page = &content.pages[i];
    let ancestors = page_ancestors(content, i);
    let translations = translations_value(content, ItemId::Page(i), urls);
    let m = &p.meta;
    let taxonomies: BTreeMap<String, Value> = p
        .taxonomies
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                Value::from(
                    v.iter()
                        .map(|s| Value::from(s.as_str()))
                        .collect::<Vec<_>>(),
                ),
            )
        })
        .collect();
    let terms: BTreeMap<String, Value> = terms
        .iter()
        .map(|(k, list)| {
            (
                k.clone(),
                Value::from(
                    list.iter()
                        .map(|(name, url)| {
                            obj([
                                ("name", Value::from(name.as_str())),
                                ("url", Value::from(url.as_str())),
                            ])
                        })
                        .collect::<Vec<_>>(),
                ),
            )
        })
        .collect();
    // Zola's `colocated_path`: the folder of a bundle's `index.md` in `content/`; and
    // its `assets`, each as that folder's path in `content/` and the file's path in it.
    let colocated = m
        .relative
        .strip_suffix("/index.md")
        .map(|dir| format!("{dir}/"));
    let folder = m.file.parent();
    let assets = p.assets.iter().filter_map(|a| {
        let rel = a.strip_prefix(folder?).ok()?;
        let rel: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
        Some(format!(
            "/{}{}",
            colocated.as_deref().unwrap_or(""),
            rel.join("/")
        ))
    });
    meta_obj(
        m,
        urls,
        [
            ("translations", translations),
            ("is_section", Value::from(false)),
            ("colocated_path", opt(colocated.as_deref())),
            ("assets", assets_value(assets)),
            ("date", opt(p.date.as_ref().map(|d| d.ymd.as_str()))),
            ("updated", opt(p.updated.as_ref().map(|d| d.ymd.as_str()))),
            (
                "authors",
                Value::from(
                    p.authors
                        .iter()
                        .map(|a| Value::from(a.as_str()))
                        .collect::<Vec<_>>(),
                ),
            ),
            ("taxonomies", Value::from(taxonomies)),
            ("terms", Value::from(terms)),
            // Zola-style: the `_index.md` paths of the ancestor sections, for `get_section`.
            ("ancestors", Value::from(ancestors)),
        ],
    )
}
