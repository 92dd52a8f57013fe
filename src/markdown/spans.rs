//! Tree-sitter's captures flattened into the tokens of a highlighted block.
//!
//! A highlights query answers with spans that nest and overlap (a string inside a
//! macro call inside a function), several of them often over the same bytes. arborium
//! turns them into one kind per byte (`spans_to_flat_tokens`); this does the same with
//! the same rules, in fewer steps: a block's spans are sorted once instead of hashed
//! into a map (with the standard library's SipHash) and sorted three times, and each
//! capture name is looked up once instead of three times (the saving is in
//! bench/README.md). The tests compare it with arborium's on the code in this
//! repository and on seeded random spans.
//!
//! The rules, as arborium's:
//! 1. Spans over the same bytes: one with a kind beats one without, then the later
//!    pattern of the query wins (the later span on a tie).
//! 2. Spans of one kind that touch or overlap merge.
//! 3. Where spans nest, the innermost kind wins; bytes no span covers get no token.

use arborium_highlight::Span;

/// A token: (start, end, kind tag). In order, not overlapping.
pub type Token = (u32, u32, &'static str);

/// A span with its kind looked up.
#[derive(Clone, Copy)]
struct Kinded {
    start: u32,
    end: u32,
    tag: Option<&'static str>,
    pattern: u32,
    /// Its place in the query's answer, to break ties as a stable sort would.
    order: u32,
}

/// The tokens of `source` from the query's `spans` (see the module's rules).
pub fn flat_tokens(source: &str, spans: &[Span]) -> Vec<Token> {
    let len = source.trim_end_matches('\n').len();
    let mut all: Vec<Kinded> = spans
        .iter()
        .zip(0u32..)
        .map(|(s, order)| Kinded {
            start: s.start,
            end: s.end,
            tag: arborium_theme::tag_for_capture(&s.capture),
            pattern: s.pattern_index,
            order,
        })
        .collect();
    all.sort_unstable_by_key(|s| (s.start, s.end, s.order));

    // Rules 1 and 2: one winner per byte range, those with a kind merged by kind.
    let mut merged: Vec<(u32, u32, &'static str)> = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let mut best = all[i];
        let mut j = i + 1;
        while j < all.len() && (all[j].start, all[j].end) == (best.start, best.end) {
            let next = all[j];
            let replace = match (next.tag.is_some(), best.tag.is_some()) {
                (true, false) => true,
                (false, true) => false,
                _ => next.pattern >= best.pattern,
            };
            if replace {
                best = next;
            }
            j += 1;
        }
        i = j;
        let Some(tag) = best.tag else { continue };
        match merged.last_mut() {
            Some(last) if last.2 == tag && best.start <= last.1 => last.1 = last.1.max(best.end),
            _ => merged.push((best.start, best.end, tag)),
        }
    }
    // Longer spans first where several start together: the outer one opens first.
    merged.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));

    // Rule 3: walk the starts and ends in order with a stack of open spans; ends
    // come before starts at the same byte.
    let mut events: Vec<(u32, bool, usize)> = Vec::with_capacity(merged.len() * 2);
    for (k, span) in merged.iter().enumerate() {
        events.push((span.0, true, k));
        events.push((span.1, false, k));
    }
    events.sort_by_key(|e| (e.0, e.1));
    let mut tokens: Vec<Token> = Vec::with_capacity(merged.len());
    let mut last = 0usize;
    let mut open: Vec<usize> = Vec::new();
    for (pos, is_start, k) in events {
        let at = pos as usize;
        if at > last && at <= len {
            if let Some(&top) = open.last() {
                let tag = merged[top].2;
                match tokens.last_mut() {
                    Some(prev) if prev.2 == tag && prev.1 as usize == last => prev.1 = pos,
                    _ => tokens.push((last as u32, pos, tag)),
                }
            }
            last = at;
        }
        if is_start {
            open.push(k);
        } else if let Some(p) = open.iter().rposition(|&x| x == k) {
            open.remove(p);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn arborium(source: &str, spans: &[Span]) -> Vec<Token> {
        arborium_highlight::spans_to_flat_tokens(source, spans.to_vec())
            .into_iter()
            .map(|t| (t.start, t.end, t.tag))
            .collect()
    }

    /// The repository's own files of each language tree-sitter highlights here.
    fn samples() -> Vec<(&'static str, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let by_ext = [
            ("rs", "rust"),
            ("toml", "toml"),
            ("py", "python"),
            ("js", "javascript"),
            ("sh", "bash"),
            ("html", "html"),
            ("scss", "css"),
            ("css", "css"),
            ("json", "json"),
            ("yml", "yaml"),
            ("yaml", "yaml"),
        ];
        let mut out = Vec::new();
        let mut per_lang = std::collections::HashMap::<&str, usize>::new();
        for dir in [
            "src",
            "bench",
            "scripts",
            "themes",
            "tests/fixtures",
            ".github",
            ".ci",
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                let Some(&(_, lang)) = by_ext
                    .iter()
                    .find(|(ext, _)| path.extension().is_some_and(|e| e == *ext))
                else {
                    continue;
                };
                let n = per_lang.entry(lang).or_default();
                if *n >= 12 {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                // A long file is cut at a line end, as a code block would be.
                let cut = text.len().min(12_000);
                let cut = text[..text.floor_char_boundary(cut)]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                *n += 1;
                out.push((lang, text[..cut].to_string()));
            }
        }
        out
    }

    #[test]
    fn tokens_match_arborium_on_real_code() {
        let store = std::sync::Arc::new(arborium::GrammarStore::new());
        let mut h = arborium::Highlighter::with_store(store);
        let samples = samples();
        let mut langs = std::collections::BTreeSet::new();
        let mut spans_seen = 0;
        for (lang, code) in &samples {
            let spans = h.highlight_spans(lang, code).expect("a grammar");
            spans_seen += spans.len();
            langs.insert(*lang);
            assert_eq!(
                flat_tokens(code, &spans),
                arborium(code, &spans),
                "{lang}: {}",
                &code[..code.len().min(200)]
            );
        }
        // The comparison saw real code in most of the languages.
        assert!(langs.len() >= 6, "only {langs:?}");
        assert!(spans_seen > 10_000, "only {spans_seen} spans");
    }

    #[test]
    fn tokens_match_arborium_on_random_spans() {
        // Captures with and without a kind, several mapping to one kind.
        let captures = [
            "keyword",
            "keyword.control",
            "string",
            "string.special",
            "comment",
            "function",
            "function.call",
            "variable",
            "punctuation.bracket",
            "property",
            "spell",
            "_internal",
            "none",
            "local.scope",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for round in 0..3_000 {
            let len = 1 + next(60) as u32;
            let source: String = (0..len)
                .map(|_| if next(7) == 0 { '\n' } else { 'x' })
                .collect();
            let spans: Vec<Span> = (0..next(25))
                .map(|_| {
                    let start = next(u64::from(len) + 1) as u32;
                    let end = (start + next(12) as u32).min(len + 2);
                    Span {
                        start,
                        end,
                        capture: captures[next(captures.len() as u64) as usize].to_string(),
                        pattern_index: next(5) as u32,
                    }
                })
                .collect();
            assert_eq!(
                flat_tokens(&source, &spans),
                arborium(&source, &spans),
                "round {round}: {source:?} {spans:?}"
            );
        }
    }
}
