//! The architecture invariants of ARCHITECTURE.md that the source itself can show:
//! top-level modules depend on each other without cycles, and only the edges of the
//! pipeline touch the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each source file's text without its unit tests, by path relative to `src/`.
fn sources() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
            (rel, code)
        })
        .collect()
}

fn top(rel: &str) -> String {
    rel.split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

#[test]
fn top_level_modules_have_no_cycles() {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in sources() {
        let from = top(&rel);
        if from == "main" || from == "lib" {
            continue;
        }
        let entry = uses.entry(from.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != from {
                entry.insert(name);
            }
        }
    }
    // A module on a cycle reaches itself.
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = uses[start].iter().collect();
        while let Some(m) = stack.pop() {
            assert!(
                m != start,
                "`{start}` depends on itself through other modules: {uses:#?}"
            );
            if seen.insert(m.clone())
                && let Some(next) = uses.get(m)
            {
                stack.extend(next);
            }
        }
    }
    assert!(uses.contains_key("render") && uses.contains_key("site"));
}

#[test]
fn only_the_edges_touch_the_disk() {
    // The commands, loading, templates and static files, data files, the output
    // folder (and the caches kept in the user's cache folder), the server and watcher.
    let edges = [
        "check.rs",
        "cmd/",
        "config.rs",
        "content/load.rs",
        "lock.rs",
        "output.rs",
        "output/",
        "render/data.rs",
        "render/theme.rs",
        "scaffold.rs",
        "serve/",
        "timings.rs",
        "watch.rs",
    ];
    let disk = [
        "std::fs",
        "fs::",
        "File::open",
        "read_dir",
        "WalkDir",
        ".exists()",
        ".is_file()",
        ".is_dir()",
        ".canonicalize(",
    ];
    let mut inside = Vec::new();
    for (rel, code) in sources() {
        if edges
            .iter()
            .any(|e| rel == *e || (e.ends_with('/') && rel.starts_with(e)))
        {
            continue;
        }
        if let Some(hit) = disk.iter().find(|d| code.contains(*d)) {
            inside.push(format!("{rel} ({hit})"));
        }
    }
    assert!(
        inside.is_empty(),
        "these files between the edges touch the disk: {inside:?}"
    );
}
