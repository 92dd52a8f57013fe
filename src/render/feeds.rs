//! Files that feed readers, static hosts and search engines expect beside the pages:
//! Atom feeds, `sitemap.xml` (split above 30,000 URLs) and `robots.txt`. Each records
//! the pages it shows (`deps`).

use tera::{Context, Value};

use super::paginate::{Listing, term_items};
use super::values::obj;
use super::{OutputFile, RenderInput};
use crate::chart::esc as xml_escape;
use crate::content::ItemId;
use crate::deps::{self, Dep, Feed};

const SITEMAP_LIMIT: usize = 30_000;

/// `sitemap.xml` (or an index plus `sitemap-N.xml` files) and `robots.txt`. A site's
/// own `sitemap.xml` template renders the sitemap, as in Zola, from `entries`
/// (`permalink`, `updated`) when the site fits in one file.
pub fn sitemap(
    input: &RenderInput,
    problems: &mut Vec<crate::diagnostic::Diagnostic>,
) -> Vec<OutputFile> {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for &id in &input.content.reading_order {
        let (path, lastmod) = match id {
            ItemId::Page(p) => {
                let page = &input.content.pages[p];
                deps::record_with(|| Dep::Dates(page.meta.relative.clone()));
                let date = page.updated.as_ref().or(page.date.as_ref());
                (&page.meta.path, date.map(|d| d.ymd.clone()))
            }
            // A section without a page of its own (Zola's `render = false`, or a
            // `redirect_to`) is not a page of the site.
            ItemId::Section(s)
                if !input.content.sections[s].render
                    || input.content.sections[s].redirect_to.is_some() =>
            {
                continue;
            }
            ItemId::Section(s) => (&input.content.sections[s].meta.path, None),
        };
        entries.push((input.urls.permalink(path), lastmod));
        // A large section's numbered listing pages are pages of the site too (as in Zola).
        if let ItemId::Section(s) = id {
            let listing = Listing::of_section(input.config, input.content, s);
            for n in 2..=listing.count() {
                entries.push((input.urls.permalink(&listing.path(n)), None));
            }
        }
    }
    for tax in input.taxonomies {
        entries.push((input.urls.permalink(&tax.path), None));
        for t in &tax.terms {
            entries.push((input.urls.permalink(&t.path), None));
            let items = term_items(&t.pages);
            let listing = Listing::of_term(input.config, &tax.name, &t.path, &items);
            for n in 2..=listing.count() {
                entries.push((input.urls.permalink(&listing.path(n)), None));
            }
        }
    }
    deps::record(Dep::Template("sitemap.xml".into()));
    let own = input.tera.contains_template("sitemap.xml") && entries.len() <= SITEMAP_LIMIT;
    let mut files = if own {
        let list: Vec<Value> = entries
            .iter()
            .map(|(loc, lastmod)| {
                obj([
                    ("permalink", Value::from(loc.as_str())),
                    ("updated", super::values::opt(lastmod.as_deref())),
                ])
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert_value("entries", Value::from(list));
        let config = input.root.join("config.toml");
        match super::render_with(input, "sitemap.xml", &ctx, &config) {
            Ok(text) => vec![OutputFile {
                path: "sitemap.xml".into(),
                bytes: text.into_bytes(),
            }],
            Err(d) => {
                problems.push(d);
                Vec::new()
            }
        }
    } else {
        sitemap_files(&entries, SITEMAP_LIMIT, &|name| input.urls.permalink(name))
    };
    // A site's own `templates/robots.txt` replaces this one (`render_extras`).
    deps::record(Dep::Template("robots.txt".into()));
    if input.tera.contains_template("robots.txt") {
        return files;
    }
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            input.urls.permalink("sitemap.xml")
        )
        .into_bytes(),
    });
    files
}

/// `sitemap.xml` for `entries` (URL, lastmod); above `limit` URLs, `sitemap-N.xml`
/// files of at most `limit` URLs each and a `sitemap.xml` index of them. `permalink`
/// turns a file name into its absolute URL.
fn sitemap_files(
    entries: &[(String, Option<String>)],
    limit: usize,
    permalink: &dyn Fn(&str) -> String,
) -> Vec<OutputFile> {
    let urlset = |chunk: &[(String, Option<String>)]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (loc, lastmod) in chunk {
            xml.push_str("  <url>\n    <loc>");
            xml.push_str(&xml_escape(loc));
            xml.push_str("</loc>\n");
            if let Some(d) = lastmod {
                xml.push_str("    <lastmod>");
                xml.push_str(d);
                xml.push_str("</lastmod>\n");
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    };
    if entries.len() <= limit {
        return vec![OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(entries).into_bytes(),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, chunk) in entries.chunks(limit.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            xml_escape(&permalink(&name))
        ));
        files.push(OutputFile {
            path: name,
            bytes: urlset(chunk).into_bytes(),
        });
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    files
}

/// Atom feeds: one for the site and one for each section with dated pages, plus one per
/// term of taxonomies declared with `feed = true`. Returns the files and the site
/// feed's URL (for the `<head>` link), if the site has dated pages.
/// `wanted` picks the feeds to write from the pages each would list.
/// The Atom feeds that `wanted` asks for, each made as its own unit: the site's, each
/// section's and each term's (of taxonomies with `feed = true`), with the URL of the
/// site's feed when it has one.
pub fn feeds(
    input: &RenderInput,
    wanted: &dyn Fn(Feed) -> bool,
    unit: &dyn Fn(Feed, &mut dyn FnMut()),
    problems: &mut Vec<crate::diagnostic::Diagnostic>,
) -> (Vec<OutputFile>, Option<String>) {
    let content = input.content;
    let dated = |pages: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        let mut v: Vec<usize> = pages.filter(|&p| content.pages[p].date.is_some()).collect();
        v.sort_by(|&a, &b| {
            content.pages[b]
                .date
                .cmp(&content.pages[a].date)
                .then(a.cmp(&b))
        });
        v.truncate(FEED_LIMIT);
        v
    };
    let mut files = Vec::new();
    // Only the feeds asked for are sorted and written: an update asks for one or two.
    let mut make =
        |key: Feed, path: &str, title: &str, html_path: &str, pages: &dyn Fn() -> Vec<usize>| {
            if wanted(key) {
                let pages = pages();
                if !pages.is_empty() {
                    unit(
                        key,
                        &mut || match feed(input, key, path, title, html_path, &pages) {
                            Ok(f) => files.push(f),
                            Err(d) => problems.push(d),
                        },
                    );
                }
            }
        };
    let site_feed = content
        .pages
        .iter()
        .any(|p| p.date.is_some())
        .then(|| input.urls.url("/atom.xml"));
    make(Feed::Site, "/atom.xml", &input.config.title, "/", &|| {
        dated(&mut (0..content.pages.len()).filter(|&p| {
            content.pages[p].render && content.pages[p].meta.lang == input.config.default_language
        }))
    });
    for (s, section) in content.sections.iter().enumerate() {
        if s == crate::content::Content::ROOT || !section.feed || !wanted(Feed::Section(s)) {
            continue;
        }
        let path = format!("{}atom.xml", section.meta.path);
        // Another language's home has that language's site feed, when its
        // `[languages.xx]` asks for one (as in Zola).
        if section.parent.is_none() {
            let lang = &section.meta.lang;
            if !language_has_feed(input.config, lang) {
                continue;
            }
            let title = input.config.title_in(lang);
            make(Feed::Section(s), &path, &title, &section.meta.path, &|| {
                dated(
                    &mut (0..content.pages.len()).filter(|&p| {
                        content.pages[p].render && content.pages[p].meta.lang == *lang
                    }),
                )
            });
            continue;
        }
        let title = format!("{} · {}", section.meta.title, input.config.title);
        make(Feed::Section(s), &path, &title, &section.meta.path, &|| {
            dated(&mut section.pages.iter().copied())
        });
    }
    for (i, tax) in input.taxonomies.iter().enumerate().filter(|(_, t)| t.feed) {
        for (k, term) in tax.terms.iter().enumerate() {
            if !wanted(Feed::Term(i, k)) {
                continue;
            }
            let path = format!("{}atom.xml", term.path);
            let title = format!("{} · {}", term.name, input.config.title);
            make(Feed::Term(i, k), &path, &title, &term.path, &|| {
                dated(&mut term.pages.iter().copied())
            });
        }
    }
    (files, site_feed)
}

const FEED_LIMIT: usize = 50;

/// Whether language `lang` (not the default) has a site feed: Zola's
/// `[languages.xx] generate_feeds`, off unless set.
fn language_has_feed(config: &crate::config::Config, lang: &str) -> bool {
    config.generate_feeds
        && config
            .languages
            .get(lang)
            .and_then(|l| l.generate_feeds)
            .unwrap_or(false)
}

/// The URL of each other language's site feed that has pages to list, by code.
pub fn language_feeds(
    config: &crate::config::Config,
    content: &crate::content::Content,
    urls: &super::values::Urls,
) -> std::collections::HashMap<String, String> {
    content
        .sections
        .iter()
        .enumerate()
        .filter(|&(s, section)| {
            s != crate::content::Content::ROOT
                && section.parent.is_none()
                && language_has_feed(config, &section.meta.lang)
        })
        .filter(|(_, section)| {
            content
                .pages
                .iter()
                .any(|p| p.render && p.date.is_some() && p.meta.lang == section.meta.lang)
        })
        .map(|(_, section)| {
            (
                section.meta.lang.clone(),
                urls.url(&format!("{}atom.xml", section.meta.path)),
            )
        })
        .collect()
}

fn feed(
    input: &RenderInput,
    key: Feed,
    path: &str,
    title: &str,
    html_path: &str,
    pages: &[usize],
) -> Result<OutputFile, crate::diagnostic::Diagnostic> {
    deps::record(Dep::Template("atom.xml".into()));
    if input.tera.contains_template("atom.xml") {
        return own_feed(input, key, path, pages);
    }
    let content = input.content;
    let updated = pages
        .iter()
        .filter_map(|&p| {
            let page = &content.pages[p];
            page.updated.as_ref().or(page.date.as_ref())
        })
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let author = input
        .config
        .extra
        .get("author")
        .and_then(|a| a.as_str())
        .unwrap_or(&input.config.title)
        .to_string();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    x.push_str(&format!(
        " xml:lang=\"{}\">\n",
        xml_escape(&input.config.default_language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&input.urls.permalink(path))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&input.urls.permalink(html_path))
    ));
    x.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&input.urls.permalink(path))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&author)
    ));
    x.push_str("  <generator>folio</generator>\n");
    for &p in pages {
        let page = &content.pages[p];
        deps::record_with(|| Dep::Ref(page.meta.relative.clone()));
        let link = input.urls.permalink(&page.meta.path);
        let published = page.date.as_ref().map(|d| d.rfc3339()).unwrap_or_default();
        let updated = page
            .updated
            .as_ref()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| published.clone());
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            xml_escape(&page.meta.title)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link)
        ));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
        x.push_str(&format!(
            "    <published>{published}</published>\n    <updated>{updated}</updated>\n"
        ));
        let summary = input.pages[p]
            .summary
            .clone()
            .or_else(|| page.meta.description.clone());
        if let Some(s) = summary {
            x.push_str(&format!(
                "    <summary type=\"html\">{}</summary>\n",
                xml_escape(&s)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Ok(OutputFile {
        path: path.trim_start_matches('/').to_string(),
        bytes: x.into_bytes(),
    })
}

/// A feed from the site's own `atom.xml` template, with Zola's context: `feed_url`,
/// `last_updated`, `lang`, `pages` (each with its `content`), and the `section` or
/// `term` the feed is for.
fn own_feed(
    input: &RenderInput,
    key: Feed,
    path: &str,
    pages: &[usize],
) -> Result<OutputFile, crate::diagnostic::Diagnostic> {
    let content = input.content;
    let last_updated = pages
        .iter()
        .filter_map(|&p| {
            let page = &content.pages[p];
            page.updated.as_ref().or(page.date.as_ref())
        })
        .max()
        .map(|d| d.ymd.clone());
    let list: Vec<Value> = pages
        .iter()
        .map(|&p| {
            deps::record_with(|| Dep::Ref(content.pages[p].meta.relative.clone()));
            let mut map = input.shared.page_refs[p]
                .as_map()
                .cloned()
                .unwrap_or_default();
            let html = match input.page_html {
                Some(html) => html(p),
                None => input.pages[p].html.clone(),
            };
            map.insert("content".into(), Value::safe_string(&html));
            map.insert(
                "lang".into(),
                Value::from(input.config.default_language.as_str()),
            );
            Value::from(map)
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("feed_url", &input.urls.permalink(path));
    if let Some(d) = last_updated {
        ctx.insert("last_updated", &d);
    }
    ctx.insert("lang", &input.config.default_language);
    ctx.insert_value("pages", Value::from(list));
    match key {
        Feed::Section(s) => {
            deps::record_with(|| Dep::Ref(content.sections[s].meta.relative.clone()));
            ctx.insert_value("section", input.shared.section_refs[s].clone());
        }
        Feed::Term(i, k) => {
            let term = &input.taxonomies[i].terms[k];
            ctx.insert_value(
                "term",
                obj([
                    ("name", Value::from(term.name.as_str())),
                    ("slug", Value::from(term.slug.as_str())),
                    ("permalink", Value::from(input.urls.permalink(&term.path))),
                ]),
            );
        }
        Feed::Site => {}
    }
    let config = input.root.join("config.toml");
    let text = super::render_with(input, "atom.xml", &ctx, &config)?;
    Ok(OutputFile {
        path: path.trim_start_matches('/').to_string(),
        bytes: text.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_above_the_limit() {
        let entries: Vec<(String, Option<String>)> = (0..5)
            .map(|i| (format!("https://e.org/{i}/"), None))
            .collect();
        let link = |n: &str| format!("https://e.org/{n}");
        let one = sitemap_files(&entries, 5, &link);
        assert_eq!(one.len(), 1);
        assert_eq!(
            String::from_utf8_lossy(&one[0].bytes)
                .matches("<url>")
                .count(),
            5
        );
        let split = sitemap_files(&entries, 2, &link);
        let names: Vec<&str> = split.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8_lossy(&split[3].bytes);
        assert!(
            index.contains("<sitemapindex")
                && index.contains("<loc>https://e.org/sitemap-3.xml</loc>")
        );
        assert_eq!(
            String::from_utf8_lossy(&split[2].bytes)
                .matches("<url>")
                .count(),
            1
        );
    }
}
