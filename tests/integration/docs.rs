//! The README's "Writing content" examples, extracted and built: every fenced block
//! whose info string has `example=PATH` is written to PATH in a site, which must then
//! build and pass `folio check`, with each example's features present in the output.

use crate::util::{Site, assert_contains};

/// (path, text) of every example block in the README.
fn examples() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let Some(path) = info
            .split_whitespace()
            .find_map(|w| w.strip_prefix("example="))
        else {
            if !info.is_empty() {
                // Skip the body of a non-example block.
                for l in lines.by_ref() {
                    if l.starts_with("```") {
                        break;
                    }
                }
            }
            continue;
        };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push((path.to_string(), body));
    }
    out
}

#[test]
fn readme_examples_build_and_pass_check() {
    let examples = examples();
    assert!(
        examples.len() >= 5,
        "the README lost its examples: {examples:?}"
    );
    let site = Site::basic();
    // The math example needs `[markdown] math = true`.
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}\n[markdown]\nmath = true\n"),
    );
    for (path, text) in &examples {
        site.file(path, text);
    }
    // The figure example shows an image beside its page.
    site.bytes(
        "content/guide/components/diagram.png",
        include_bytes!("../fixtures/basic/content/guide/bundle/diagram.png"),
    );
    site.build(&[]).success();
    site.run(&["check"]).success();

    let writing = site.read("public/guide/writing/index.html");
    assert_contains(&writing, "id=\"custom-id\"");
    assert_contains(&writing, "href=\"/guide/writing/#custom-id\"");
    assert_contains(&writing, "callout callout-tip");
    let components = site.read("public/guide/components/index.html");
    assert_contains(
        &components,
        "<figcaption>From Markdown to HTML</figcaption>",
    );
    assert_contains(&components, "loading=\"lazy\"");
    assert_contains(&components, "<strong>Markdown</strong>");
    assert_contains(&components, "<details");
    let math = site.read("public/guide/math/index.html");
    assert_contains(&math, "<math display=\"block\"><mi>x</mi><mo>=</mo><mfrac>");
    assert_contains(&math, "<p>The roots of <math>");
    let charts = site.read("public/guide/charts/index.html");
    // Each chart is drawn twice: for wide screens and for phones.
    assert_eq!(charts.matches("role=\"img\"").count(), 6, "three charts");
    assert_eq!(charts.matches(" chart-narrow\"").count(), 3, "three charts");
    assert_contains(&charts, "7.5%");
    assert_contains(&charts, "92.5");
    let install = site.read("public/guide/install/index.html");
    assert_contains(&install, "<p class=\"tab-label\">From source</p>");
    assert_eq!(install.matches("<pre").count(), 2, "a code block per tab");
    assert!(
        site.exists("public/tags/authoring/index.html"),
        "taxonomy term page"
    );
}
