//! Taxonomies (tags, organisations, …): which pages carry which term, and the URLs of
//! the list and term pages; and Zola's `get_taxonomy` and `get_taxonomy_term`.

use std::collections::BTreeMap;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::functions::{self, Lookup, SharedLookup};
use super::values::{Terms, Urls, obj, opt};
use crate::config::Config;
use crate::content::{Content, url};
use crate::deps::{self, Dep};

/// One term and the pages that carry it, in reading order.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub pages: Vec<usize>,
}

/// One declared taxonomy with its terms, sorted by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    /// The language of its pages (each language has its own taxonomies, as in Zola).
    pub lang: String,
    /// `name` for the default language, `fr/name` for another: how lookups name it.
    pub key: String,
    pub path: String,
    pub feed: bool,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    pub terms: Vec<Term>,
}

/// Builds every declared taxonomy, and each page's `terms` for templates. Two names
/// that differ beyond letter case but share a URL (`C++` and `C`) are a problem: they
/// would silently become one term.
pub fn build(
    content: &Content,
    config: &Config,
    urls: &Urls,
    problems: &mut Vec<crate::diagnostic::Diagnostic>,
) -> (Vec<Taxonomy>, Vec<Terms>) {
    let mut page_terms: Vec<Terms> = vec![Terms::new(); content.pages.len()];
    let mut taxonomies = Vec::new();
    let declared = config.taxonomies.iter().map(|t| (None, t)).chain(
        config
            .languages
            .iter()
            .flat_map(|(code, l)| l.taxonomies.iter().map(move |t| (Some(code.as_str()), t))),
    );
    for (code, tax) in declared {
        let strategy = config.slugify.taxonomies;
        let tax_slug = url::slugify_with(&tax.name, strategy);
        if let Err(m) = url::check_segment(&tax_slug, "taxonomies.name") {
            problems.push(crate::diagnostic::Diagnostic::new("config.toml", m));
            continue;
        }
        let lang = code.unwrap_or(&config.default_language);
        let key = key_in(&tax.name, code);
        let tax_path = match code {
            Some(code) => format!("/{code}/{tax_slug}/"),
            None => format!("/{tax_slug}/"),
        };
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for &id in &content.reading_order {
            let crate::content::ItemId::Page(p) = id else {
                continue;
            };
            if content.pages[p].meta.lang != lang {
                continue;
            }
            let Some(names) = content.pages[p].taxonomies.get(&tax.name) else {
                continue;
            };
            for name in names {
                let slug = url::slugify_with(name, strategy);
                // `slugify.taxonomies = "off"` keeps names as written: `..` or `a/b`
                // would leave the taxonomy's folder.
                if let Err(m) = url::check_segment(&slug, &tax.name) {
                    problems.push(
                        crate::diagnostic::Diagnostic::new(content.pages[p].meta.file.clone(), m)
                            .at_line(content.pages[p].taxonomies_line),
                    );
                    continue;
                }
                if let Some(existing) = terms.get(&slug)
                    && existing.name.to_lowercase() != name.to_lowercase()
                {
                    problems.push(
                        crate::diagnostic::Diagnostic::new(
                            content.pages[p].meta.file.clone(),
                            format!(
                                "the {} `{name}` and `{}` would share the URL `{}{slug}/`; spell them alike or rename one",
                                tax.name, existing.name, tax_path
                            ),
                        )
                        .at_line(content.pages[p].taxonomies_line),
                    );
                }
                let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    slug: slug.clone(),
                    path: format!("{tax_path}{slug}/"),
                    pages: Vec::new(),
                });
                if !term.pages.contains(&p) {
                    term.pages.push(p);
                }
                page_terms[p]
                    .entry(tax.name.clone())
                    .or_default()
                    .push((name.clone(), urls.url(&term.path)));
            }
        }
        taxonomies.push(Taxonomy {
            name: tax.name.clone(),
            lang: lang.to_string(),
            key,
            path: tax_path,
            feed: tax.feed,
            paginate_by: tax.paginate_by,
            paginate_path: tax.paginate_path.clone(),
            terms: terms.into_values().collect(),
        });
    }
    (taxonomies, page_terms)
}

/// Registers Zola's `get_taxonomy(kind, required, lang)` and
/// `get_taxonomy_term(kind, term, include_pages, required, lang)` on `tera`.
///
/// Terms are found by slug, as `get_taxonomy_url` finds them, so `Rust` finds the term
/// `rust`. Each language has its own taxonomies; `lang` picks one (the default
/// language when absent).
pub fn register(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            const F: &str = "get_taxonomy";
            let kind = kwargs.must_get::<&str>("kind")?;
            let required = kwargs.get::<bool>("required")?.unwrap_or(true);
            let lang = kwargs.get::<&str>("lang")?;
            let l = functions::read(&l);
            deps::record(Dep::Terms(key(&l, kind, lang)));
            let Some(tax) = find(&l, kind, lang) else {
                return missing(F, required, unknown(&l, kind, lang));
            };
            Ok(obj([
                ("kind", kind_value(tax)),
                ("lang", Value::from(tax.lang.as_str())),
                ("permalink", Value::from(l.urls.permalink(&tax.path))),
                ("url", Value::from(l.urls.url(&tax.path))),
                (
                    "items",
                    Value::from(
                        tax.terms
                            .iter()
                            .map(|t| term_value(&l, t, true))
                            .collect::<Vec<_>>(),
                    ),
                ),
            ]))
        },
    );
    let l = lookup;
    tera.register_function(
        "get_taxonomy_term",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            const F: &str = "get_taxonomy_term";
            let kind = kwargs.must_get::<&str>("kind")?;
            let name = kwargs.must_get::<&str>("term")?;
            let include_pages = kwargs.get::<bool>("include_pages")?.unwrap_or(true);
            let required = kwargs.get::<bool>("required")?.unwrap_or(true);
            let lang = kwargs.get::<&str>("lang")?;
            let l = functions::read(&l);
            deps::record(Dep::Terms(key(&l, kind, lang)));
            let Some(tax) = find(&l, kind, lang) else {
                return missing(F, required, unknown(&l, kind, lang));
            };
            let slug = url::slugify_with(name, l.term_slugs);
            match tax.terms.iter().find(|t| t.slug == slug) {
                Some(t) => Ok(term_value(&l, t, include_pages)),
                None => missing(
                    F,
                    required,
                    format!("no term `{name}` in taxonomy `{kind}`"),
                ),
            }
        },
    );
}

/// The taxonomy `kind` in language `lang` (the default language when not given).
fn find<'a>(l: &'a Lookup, kind: &str, lang: Option<&str>) -> Option<&'a Taxonomy> {
    let key = key(l, kind, lang);
    l.taxonomies.iter().find(|t| t.key == key)
}

/// How `Taxonomy::key` names `kind` in `lang`: `tags`, or `fr/tags`.
pub fn key(l: &Lookup, kind: &str, lang: Option<&str>) -> String {
    key_in(kind, lang.filter(|lang| *lang != l.default_language))
}

/// `kind` in another language `lang` is `lang/kind`; in the default one, `kind`.
fn key_in(kind: &str, other_lang: Option<&str>) -> String {
    match other_lang {
        Some(lang) => format!("{lang}/{kind}"),
        None => kind.to_string(),
    }
}

fn unknown(l: &Lookup, kind: &str, lang: Option<&str>) -> String {
    match lang {
        Some(lang) if lang != l.default_language => format!(
            "no taxonomy `{kind}` in language `{lang}`: declare it in `[languages.{lang}] taxonomies`"
        ),
        _ => {
            let names: Vec<&str> = l.taxonomies.iter().map(|t| t.name.as_str()).collect();
            match crate::suggest::closest(kind, names.iter().copied()) {
                Some(close) => format!("unknown taxonomy `{kind}`; did you mean `{close}`?"),
                None => format!("unknown taxonomy `{kind}` (see `taxonomies` in `config.toml`)"),
            }
        }
    }
}

/// Nothing when `required = false`, as in Zola; else an error naming what is missing.
fn missing(function: &str, required: bool, message: String) -> TeraResult<Value> {
    if required {
        Err(tera::Error::message(format!("{function}: {message}")))
    } else {
        Ok(Value::none())
    }
}

/// The taxonomy's settings as Zola shows them in `kind`.
fn kind_value(tax: &Taxonomy) -> Value {
    obj([
        ("name", Value::from(tax.name.as_str())),
        ("slug", Value::from(tax.path.trim_matches('/'))),
        (
            "paginate_by",
            tax.paginate_by.map_or_else(Value::none, Value::from),
        ),
        ("paginate_path", opt(tax.paginate_path.as_deref())),
        ("render", Value::from(true)),
        ("feed", Value::from(tax.feed)),
    ])
}

/// A term as Zola serializes it: `pages` is empty without `include_pages`, and
/// `page_count` is always set. Each page shown is recorded: while Markdown renders,
/// its front matter values (as `get_page` gives them then), else its whole value.
fn term_value(l: &Lookup, t: &Term, include_pages: bool) -> Value {
    let pages: Vec<Value> = if include_pages {
        let front = deps::in_markdown();
        t.pages
            .iter()
            .filter_map(|&p| {
                let rel = l.page_paths.get(p)?;
                deps::record_with(|| {
                    if front {
                        Dep::Front(rel.clone())
                    } else {
                        Dep::Ref(rel.clone())
                    }
                });
                let pages = if front { &l.front_pages } else { &l.pages };
                pages.get(rel).cloned()
            })
            .collect()
    } else {
        Vec::new()
    };
    obj([
        ("name", Value::from(t.name.as_str())),
        ("slug", Value::from(t.slug.as_str())),
        ("path", Value::from(t.path.as_str())),
        ("url", Value::from(l.urls.url(&t.path))),
        ("permalink", Value::from(l.urls.permalink(&t.path))),
        ("pages", Value::from(pages)),
        ("page_count", Value::from(t.pages.len())),
    ])
}

/// Each term of taxonomy `kind` with the paths of its pages: what `get_taxonomy` and
/// `get_taxonomy_term` show besides the pages' own values, for telling whether a
/// Markdown body that read them can be reused.
pub fn term_pages<'a>(l: &'a Lookup, kind: &str) -> Vec<(&'a str, Vec<&'a str>)> {
    l.taxonomies
        .iter()
        .filter(|t| t.key == kind)
        .flat_map(|t| &t.terms)
        .map(|t| {
            let pages = t
                .pages
                .iter()
                .filter_map(|&p| l.page_paths.get(p).map(String::as_str))
                .collect();
            (t.name.as_str(), pages)
        })
        .collect()
}
