//! Heading ids and the nested table of contents.
//!
//! An explicit `{#id}` wins; otherwise the id is a slug of the heading text, made
//! unique within the page with `-1`, `-2`, … suffixes.

use std::collections::HashSet;

use serde::Serialize;

/// One table-of-contents entry, with its subheadings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// Hands out unique heading ids within one page.
#[derive(Debug, Default)]
pub struct IdAllocator {
    used: HashSet<String>,
}

impl IdAllocator {
    /// Reserves an explicit id as written. Returns false when it was already used.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id derived from heading text.
    pub fn id_for(&mut self, text: &str) -> String {
        let mut base = slug::slugify(text);
        if base.is_empty() {
            base = "section".into();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unused suffix always exists")
    }
}

/// Nests a flat list of `(level, id, title)` headings into a tree.
pub fn build_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_slugs() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.id_for("Key Figures"), "key-figures");
        assert_eq!(ids.id_for("Key figures!"), "key-figures-1");
        assert!(ids.reserve("custom"));
        assert_eq!(ids.id_for("Custom"), "custom-1");
        assert_eq!(ids.id_for("合肥"), "he-fei");
        assert_eq!(ids.id_for("!!!"), "section");
        assert!(!ids.reserve("key-figures"));
    }

    #[test]
    fn toc_nests_by_level() {
        let flat = vec![
            (2, "a".to_string(), "A".to_string()),
            (3, "b".to_string(), "B".to_string()),
            (3, "c".to_string(), "C".to_string()),
            (2, "d".to_string(), "D".to_string()),
            (4, "e".to_string(), "E".to_string()),
        ];
        let toc = build_toc(&flat);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert_eq!(toc[1].children[0].id, "e");
    }
}
