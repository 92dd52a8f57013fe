//! Orders pages within sections, links neighbours, and builds the whole-site reading
//! order that previous/next links follow across section boundaries.
//!
//! Everything here is a pure function of the loaded content, so the order is the same
//! for every build of the same files.

use std::cmp::Ordering;

use super::{Content, ItemId, SortBy};

/// Fills `pages`, `subsections`, `children`, neighbours and the reading order.
pub fn arrange(content: &mut Content) {
    for s in &mut content.sections {
        s.pages.clear();
        s.subsections.clear();
        s.children.clear();
    }
    for (i, p) in content.pages.iter().enumerate() {
        // Zola's `render = false`: in no listing, so never written either.
        if !p.render {
            continue;
        }
        // As in Zola, a `transparent` section's pages are also its parent's pages,
        // and on up while the parent is transparent too.
        let mut s = p.section;
        content.sections[s].pages.push(i);
        while content.sections[s].transparent
            && let Some(parent) = content.sections[s].parent
        {
            content.sections[parent].pages.push(i);
            s = parent;
        }
    }
    for i in 1..content.sections.len() {
        if let Some(parent) = content.sections[i].parent {
            content.sections[parent].subsections.push(i);
        }
    }
    for s in 0..content.sections.len() {
        let sort_by = content.sections[s].sort_by;
        let transparent = content.sections[s].transparent;
        let mut pages = std::mem::take(&mut content.sections[s].pages);
        pages.sort_by(|&a, &b| compare_pages(content, sort_by, a, b));
        // Listing and reading order stay a tree: a section's children are the pages
        // it holds itself, while `pages` also has those its transparent subsections
        // pass on.
        let own: Vec<usize> = pages
            .iter()
            .copied()
            .filter(|&p| content.pages[p].section == s)
            .collect();
        let mut subs = std::mem::take(&mut content.sections[s].subsections);
        subs.sort_by(|&a, &b| {
            let (ma, mb) = (&content.sections[a].meta, &content.sections[b].meta);
            by_weight(ma.weight, mb.weight).then_with(|| ma.relative.cmp(&mb.relative))
        });
        // Neighbours: in Zola, `lower` is the lighter (or older) page. A transparent
        // section leaves them to the section its pages join.
        let neighbours: &[usize] = if transparent { &[] } else { &pages };
        for (k, &p) in neighbours.iter().enumerate() {
            let prev = k.checked_sub(1).map(|j| pages[j]);
            let next = pages.get(k + 1).copied();
            let page = &mut content.pages[p];
            if sort_by == SortBy::Date {
                (page.lower, page.higher) = (next, prev);
            } else {
                (page.lower, page.higher) = (prev, next);
            }
        }
        let children = merge_children(content, sort_by, &own, &subs);
        let section = &mut content.sections[s];
        section.pages = pages;
        section.subsections = subs;
        section.children = children;
    }
    let mut order = Vec::with_capacity(content.pages.len() + content.sections.len());
    // An explicit stack keeps deep trees from overflowing the call stack.
    // The default language's tree, then each other language's, from its home section.
    let mut stack: Vec<ItemId> = (1..content.sections.len())
        .rev()
        .filter(|&s| content.sections[s].parent.is_none())
        .map(ItemId::Section)
        .collect();
    stack.push(ItemId::Section(Content::ROOT));
    while let Some(item) = stack.pop() {
        order.push(item);
        if let ItemId::Section(s) = item {
            stack.extend(content.sections[s].children.iter().rev().copied());
        }
    }
    content.reading_index = order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    content.child_index = content
        .sections
        .iter()
        .flat_map(|s| s.children.iter().enumerate().map(|(i, &id)| (id, i)))
        .collect();
    content.reading_order = order;
}

/// Pages and subsections interleaved: by weight when the section sorts by weight
/// (so a report can place a section between two pages), otherwise pages first.
fn merge_children(
    content: &Content,
    sort_by: SortBy,
    pages: &[usize],
    subs: &[usize],
) -> Vec<ItemId> {
    let mut out: Vec<ItemId> = Vec::with_capacity(pages.len() + subs.len());
    if sort_by != SortBy::Weight {
        out.extend(pages.iter().map(|&p| ItemId::Page(p)));
        out.extend(subs.iter().map(|&s| ItemId::Section(s)));
        return out;
    }
    let (mut i, mut j) = (0, 0);
    while i < pages.len() || j < subs.len() {
        let take_page = match (pages.get(i), subs.get(j)) {
            (Some(&p), Some(&s)) => {
                by_weight(
                    content.pages[p].meta.weight,
                    content.sections[s].meta.weight,
                ) != Ordering::Greater
            }
            (Some(_), None) => true,
            _ => false,
        };
        if take_page {
            out.push(ItemId::Page(pages[i]));
            i += 1;
        } else {
            out.push(ItemId::Section(subs[j]));
            j += 1;
        }
    }
    out
}

fn compare_pages(content: &Content, sort_by: SortBy, a: usize, b: usize) -> Ordering {
    let (pa, pb) = (&content.pages[a], &content.pages[b]);
    let primary = match sort_by {
        SortBy::Weight => by_weight(pa.meta.weight, pb.meta.weight),
        // Newest first, undated pages last.
        SortBy::Date => match (&pa.date, &pb.date) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Title => pa
            .meta
            .title
            .to_lowercase()
            .cmp(&pb.meta.title.to_lowercase()),
        SortBy::None => Ordering::Equal,
    };
    primary.then_with(|| pa.meta.relative.cmp(&pb.meta.relative))
}

/// Weighted items first, in ascending weight; unweighted ones after them.
fn by_weight(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{parse_page, parse_section};
    use std::path::Path;

    fn site(files: &[(&str, &str)]) -> Content {
        let mut c = Content::default();
        let mut dirs = std::collections::HashMap::new();
        for (rel, fm) in files.iter().filter(|(r, _)| r.ends_with("_index.md")) {
            let mut s = parse_section(Path::new(rel), rel, &format!("+++\n{fm}\n+++\n")).unwrap();
            let dir = rel
                .trim_end_matches("_index.md")
                .trim_end_matches('/')
                .to_string();
            if !dir.is_empty() {
                s.parent = Some(0);
            }
            dirs.insert(dir, c.sections.len());
            c.sections.push(s);
        }
        for (rel, fm) in files.iter().filter(|(r, _)| !r.ends_with("_index.md")) {
            let mut p = parse_page(
                Path::new(rel),
                rel,
                &format!("+++\n{fm}\n+++\n"),
                Default::default(),
            )
            .unwrap();
            let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            p.section = dirs[dir];
            c.pages.push(p);
        }
        arrange(&mut c);
        c
    }

    fn titles(c: &Content) -> Vec<String> {
        c.reading_order
            .iter()
            .map(|&id| c.meta(id).title.clone())
            .collect()
    }

    #[test]
    fn reading_order_interleaves_sections_by_weight() {
        let c = site(&[
            ("_index.md", "title = \"Home\""),
            ("factors/_index.md", "title = \"Factors\"\nweight = 1"),
            ("factors/b.md", "title = \"F2\"\nweight = 2"),
            ("factors/a.md", "title = \"F1\"\nweight = 1"),
            ("position.md", "title = \"Position\"\nweight = 2"),
            (
                "implications/_index.md",
                "title = \"Implications\"\nweight = 3",
            ),
            ("implications/x.md", "title = \"I1\"\nweight = 1"),
            ("conclusion.md", "title = \"Conclusion\"\nweight = 4"),
        ]);
        assert_eq!(
            titles(&c),
            [
                "Home",
                "Factors",
                "F1",
                "F2",
                "Position",
                "Implications",
                "I1",
                "Conclusion"
            ]
        );
        let f1 = c.by_relative.get("factors/a.md").copied();
        assert!(f1.is_none(), "by_relative is filled by load, not arrange");
    }

    #[test]
    fn date_sort_is_newest_first_with_zola_neighbours() {
        let c = site(&[
            ("_index.md", "sort_by = \"date\""),
            ("old.md", "title = \"Old\"\ndate = 2020-01-01"),
            ("new.md", "title = \"New\"\ndate = 2024-01-01"),
            ("none.md", "title = \"Undated\""),
        ]);
        let order: Vec<_> = c.sections[0]
            .pages
            .iter()
            .map(|&p| c.pages[p].meta.title.as_str())
            .collect();
        assert_eq!(order, ["New", "Old", "Undated"]);
        let new = c.pages.iter().position(|p| p.meta.title == "New").unwrap();
        let old = c.pages.iter().position(|p| p.meta.title == "Old").unwrap();
        assert_eq!(c.pages[new].lower, Some(old));
        assert_eq!(c.pages[old].higher, Some(new));
    }

    #[test]
    fn title_sort_ignores_case() {
        let c = site(&[
            ("_index.md", "sort_by = \"title\""),
            ("b.md", "title = \"beta\""),
            ("a.md", "title = \"Alpha\""),
        ]);
        assert_eq!(titles(&c)[1..], ["Alpha", "beta"]);
    }
}
