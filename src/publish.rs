//! Files that static hosts and search engines expect beside the pages: `sitemap.xml`
//! (split above 30,000 URLs) and `robots.txt`.

use crate::content::ItemId;
use crate::render::{OutputFile, RenderInput};

const SITEMAP_LIMIT: usize = 30_000;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `sitemap.xml` (or an index plus `sitemap-N.xml` files) and `robots.txt`.
pub fn sitemap(input: &RenderInput) -> Vec<OutputFile> {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for &id in &input.content.reading_order {
        let (path, lastmod) = match id {
            ItemId::Page(p) => {
                let page = &input.content.pages[p];
                let date = page.updated.as_ref().or(page.date.as_ref());
                (&page.meta.path, date.map(|d| d.ymd.clone()))
            }
            ItemId::Section(s) => (&input.content.sections[s].meta.path, None),
        };
        entries.push((input.urls.permalink(path), lastmod));
    }
    for tax in input.taxonomies {
        entries.push((input.urls.permalink(&tax.path), None));
        for t in &tax.terms {
            entries.push((input.urls.permalink(&t.path), None));
        }
    }
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
    let mut files = Vec::new();
    if entries.len() <= SITEMAP_LIMIT {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(&entries).into_bytes(),
        });
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str(&format!(
                "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
                xml_escape(&input.urls.permalink(&name))
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
