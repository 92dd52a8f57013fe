//! Heading ids and the nested table of contents.
//!
//! An explicit `{#id}` wins; otherwise the id is a slug of the heading text, made
//! unique within the page with `-1`, `-2`, … suffixes.

use std::collections::{HashMap, HashSet};

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
    /// For each slug that has been taken, the lowest suffix `n` for which `{slug}-n`
    /// may still be free. Ids are never released, so the lowest free suffix of a
    /// slug only ever grows: resuming the search here finds the same id as counting
    /// from 1, without walking past every earlier duplicate again.
    next_suffix: HashMap<String, usize>,
    /// How heading text becomes an id (Zola's `slugify.anchors`).
    strategy: crate::url::Strategy,
}

impl IdAllocator {
    pub fn new(strategy: crate::url::Strategy) -> Self {
        IdAllocator {
            strategy,
            ..Default::default()
        }
    }

    /// Reserves an explicit id as written. Returns false when it was already used.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// A unique id derived from heading text.
    pub fn id_for(&mut self, text: &str) -> String {
        let mut base = crate::url::anchor_with(text, self.strategy);
        if base.is_empty() {
            base = "section".into();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        // The lowest unused `{base}-n` with n ≥ 1. Every candidate skipped here is an
        // id already taken, and each id reads as `{base}-n` for one base only, so the
        // skipping adds up to at most the number of ids: amortized O(1) per call.
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let id = loop {
            let candidate = format!("{base}-{n}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_suffix.insert(base, n);
        id
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
        // Zola's `slugify.anchors = "safe"` keeps the text, with `_` for spaces.
        let mut safe = IdAllocator::new(crate::url::Strategy::Safe);
        assert_eq!(safe.id_for("Key Figures (2023)"), "Key_Figures_(2023)");
        assert_eq!(safe.id_for("Key Figures (2023)"), "Key_Figures_(2023)-1");
        assert!(!ids.reserve("key-figures"));
    }

    /// The ids `id_for` hands out for each text in turn.
    fn ids_for(ids: &mut IdAllocator, texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| ids.id_for(t)).collect()
    }

    #[test]
    fn suffixes_skip_ids_already_taken() {
        // A generated `same-1` makes a later "Same 1" heading a duplicate.
        let mut ids = IdAllocator::default();
        assert_eq!(
            ids_for(&mut ids, &["Same", "Same", "Same 1", "Same 1", "Same 1 1"]),
            ["same", "same-1", "same-1-1", "same-1-2", "same-1-1-1"]
        );

        // A real "Same 1" heading first makes the duplicates of "Same" skip `-1`.
        let mut ids = IdAllocator::default();
        assert_eq!(
            ids_for(&mut ids, &["Same 1", "Same", "Same", "Same"]),
            ["same-1", "same", "same-2", "same-3"]
        );

        // A suffix passed over stays taken; a heading named like it gets its own suffix.
        let mut ids = IdAllocator::default();
        assert_eq!(
            ids_for(&mut ids, &["Same", "Same", "Same", "Same 2", "Same"]),
            ["same", "same-1", "same-2", "same-2-1", "same-3"]
        );

        // Headings with no slug share the `section` base.
        let mut ids = IdAllocator::default();
        assert_eq!(
            ids_for(&mut ids, &["!!!", "", "Section", "Section 1"]),
            ["section", "section-1", "section-2", "section-1-1"]
        );
    }

    #[test]
    fn explicit_ids_win_over_generated_ones() {
        let mut ids = IdAllocator::default();
        assert!(ids.reserve("same"));
        assert!(ids.reserve("same-2"));
        // Explicit ids are kept as written, so `Same-1` does not block `same-1`.
        assert!(ids.reserve("Same-1"));
        assert_eq!(
            ids_for(&mut ids, &["Same", "Same", "Same"]),
            ["same-1", "same-3", "same-4"]
        );
        // Reserving after ids were handed out is honoured too.
        assert!(ids.reserve("same-5"));
        assert!(!ids.reserve("same-3"));
        assert_eq!(ids.id_for("Same"), "same-6");
        assert_eq!(ids.id_for("same 5"), "same-5-1");
    }

    #[test]
    fn many_identical_headings_get_every_suffix_once() {
        const N: usize = 20_000;
        let mut ids = IdAllocator::default();
        let got: Vec<String> = (0..N).map(|_| ids.id_for("Same")).collect();
        let want: Vec<String> = std::iter::once("same".to_string())
            .chain((1..N).map(|n| format!("same-{n}")))
            .collect();
        assert_eq!(got, want);
        assert_eq!(got.iter().collect::<HashSet<_>>().len(), N);
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
