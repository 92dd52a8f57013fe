//! Taxonomies (tags, organisations, …): which pages carry which term, and the URLs of
//! the list and term pages.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::{Content, url};

use super::values::{Terms, Urls};

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
        let (tax_path, key) = match code {
            Some(code) => (
                format!("/{code}/{tax_slug}/"),
                format!("{code}/{}", tax.name),
            ),
            None => (format!("/{tax_slug}/"), tax.name.clone()),
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
            terms: terms.into_values().collect(),
        });
    }
    (taxonomies, page_terms)
}
