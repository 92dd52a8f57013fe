//! Numbered listing pages for large sections (Zola's pagination): which children each
//! listing page shows, where it is published, and the `paginator` value templates read.
//!
//! A section with more children (pages and subsections, in the sidebar's order) than
//! its `paginate_by` is listed over several pages: the section's own URL, then
//! `/section/page/2/`, `/section/page/3/`, … (`paginate_path` renames `page`).

use tera::Value;

use super::values::{Shared, Urls, obj};
use crate::config::Config;
use crate::content::{Content, ItemId};

/// How many numbered pager links a listing shows on each side of the current one.
const PAGER_LINKS_RADIUS: usize = 2;

/// Children per listing page of section `s`; `0` means a single listing page.
pub fn per_page(config: &Config, content: &Content, s: usize) -> usize {
    content.sections[s]
        .paginate_by
        .unwrap_or(config.paginate_by)
}

/// Pages per listing page of each term of taxonomy `name`, and the folder of its
/// numbered listing pages.
fn per_term<'a>(config: &'a Config, name: &str) -> (usize, &'a str) {
    let declared = config.taxonomies.iter().find(|c| c.name == name);
    (
        declared
            .and_then(|c| c.paginate_by)
            .unwrap_or(config.paginate_by),
        declared
            .and_then(|c| c.paginate_path.as_deref())
            .unwrap_or("page"),
    )
}

/// A term's pages as listing items.
pub fn term_items(pages: &[usize]) -> Vec<ItemId> {
    pages.iter().map(|&p| ItemId::Page(p)).collect()
}

/// Number of listing pages for `len` children at `per` a page (at least one).
pub fn pager_count(len: usize, per: usize) -> usize {
    if per == 0 || len <= per {
        1
    } else {
        len.div_ceil(per)
    }
}

/// The listing page (1-based) that shows child `i`.
pub fn pager_of(i: usize, per: usize) -> usize {
    i.checked_div(per).map_or(1, |q| q + 1)
}

/// A list of items shown over numbered listing pages: a section's children, or a
/// taxonomy term's pages.
pub struct Listing<'a> {
    pub items: std::borrow::Cow<'a, [ItemId]>,
    /// Items per listing page; `0` shows them all on one.
    pub per: usize,
    /// Site path of the first listing page (`/guide/`).
    pub path: &'a str,
    /// The folder of the others (`page`, for `/guide/page/2/`).
    pub paginate_path: &'a str,
}

impl<'a> Listing<'a> {
    /// The children of section `s`.
    pub fn of_section(config: &Config, content: &'a Content, s: usize) -> Listing<'a> {
        let sec = &content.sections[s];
        // Zola's `paginate_reversed` lists the last child first.
        let items = if sec.paginate_reversed {
            std::borrow::Cow::Owned(sec.children.iter().rev().copied().collect())
        } else {
            std::borrow::Cow::Borrowed(sec.children.as_slice())
        };
        Listing {
            items,
            per: per_page(config, content, s),
            path: &sec.meta.path,
            paginate_path: &sec.paginate_path,
        }
    }

    /// The pages of a term of taxonomy `taxonomy` at site path `path`: `items` comes
    /// from `term_items`.
    pub fn of_term(
        config: &'a Config,
        taxonomy: &str,
        path: &'a str,
        items: &'a [ItemId],
    ) -> Listing<'a> {
        let (per, paginate_path) = per_term(config, taxonomy);
        Listing {
            items: std::borrow::Cow::Borrowed(items),
            per,
            path,
            paginate_path,
        }
    }

    /// Number of listing pages (at least one).
    pub fn count(&self) -> usize {
        pager_count(self.items.len(), self.per)
    }

    /// Site path of listing page `n` (1-based).
    pub fn path(&self, n: usize) -> String {
        if n <= 1 {
            self.path.to_string()
        } else {
            format!("{}{}/{n}/", self.path, self.paginate_path)
        }
    }

    /// The `paginator` of listing page `n` (1-based), with Zola's fields
    /// (`paginate_by`, `base_url`, `number_pagers`, `first`, `last`, `previous`,
    /// `next`, `pages`, `current_index`, `total_pages`) and folio's: `subsections` and
    /// `children` (this listing page's share of each), and `links`, a window of
    /// numbered links (`{index, url, current}`, with `none` for a gap).
    pub fn paginator(&self, n: usize, urls: &Urls, shared: &Shared) -> Value {
        let count = self.count();
        let len = self.items.len();
        let range = if self.per == 0 {
            0..len
        } else {
            ((n - 1) * self.per).min(len)..(n * self.per).min(len)
        };
        let slice = &self.items[range];
        let value_of = |id: &ItemId| match *id {
            ItemId::Page(p) => shared.page_refs[p].clone(),
            ItemId::Section(c) => shared.section_refs[c].clone(),
        };
        let of_kind = |sections: bool| -> Vec<Value> {
            slice
                .iter()
                .filter(|id| matches!(id, ItemId::Section(_)) == sections)
                .map(value_of)
                .collect()
        };
        let url_of = |k: usize| Value::from(urls.url(&self.path(k)));
        let link = |k: usize| {
            obj([
                ("index", Value::from(k)),
                ("url", url_of(k)),
                ("current", Value::from(k == n)),
            ])
        };
        let lo = n.saturating_sub(PAGER_LINKS_RADIUS).max(1);
        let hi = (n + PAGER_LINKS_RADIUS).min(count);
        let mut links = Vec::new();
        if count > 1 {
            if lo > 1 {
                links.push(link(1));
            }
            if lo > 2 {
                links.push(Value::none());
            }
            links.extend((lo..=hi).map(link));
            if hi + 1 < count {
                links.push(Value::none());
            }
            if hi < count {
                links.push(link(count));
            }
        }
        let neighbour = |k: Option<usize>| k.map_or_else(Value::none, url_of);
        obj([
            ("paginate_by", Value::from(self.per)),
            (
                "base_url",
                Value::from(urls.permalink(&format!("{}{}/", self.path, self.paginate_path))),
            ),
            ("number_pagers", Value::from(count)),
            ("first", url_of(1)),
            ("last", url_of(count)),
            ("previous", neighbour((n > 1).then(|| n - 1))),
            ("next", neighbour((n < count).then_some(n + 1))),
            ("pages", Value::from(of_kind(false))),
            ("subsections", Value::from(of_kind(true))),
            (
                "children",
                Value::from(slice.iter().map(value_of).collect::<Vec<_>>()),
            ),
            ("current_index", Value::from(n)),
            ("total_pages", Value::from(len)),
            ("links", Value::from(links)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_positions() {
        assert_eq!(pager_count(0, 100), 1);
        assert_eq!(pager_count(100, 100), 1);
        assert_eq!(pager_count(101, 100), 2);
        assert_eq!(pager_count(10_000, 100), 100);
        assert_eq!(pager_count(10_000, 0), 1);
        assert_eq!(pager_of(0, 100), 1);
        assert_eq!(pager_of(99, 100), 1);
        assert_eq!(pager_of(100, 100), 2);
        assert_eq!(pager_of(5_000, 0), 1);
    }
}
