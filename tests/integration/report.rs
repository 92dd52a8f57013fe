//! The shipped site: the Hefei EV report at the repository root builds, every fact of
//! the source report is on the page where a reader looks for it, and no figure the
//! report does not give has crept in.

use std::path::Path;

use crate::util::{FOLIO, read};

/// The report's facts, by the page that must carry them (output path → phrases).
const FACTS: &[(&str, &[&str])] = &[
    (
        "index.html",
        &[
            "7.5%",
            "85%",
            "a city in China",
            "major global automakers",
            "thriving EV ecosystem",
        ],
    ),
    (
        "factors/government-support/index.html",
        &[
            "subsidies for EV manufacturers",
            "streamlined approval processes",
            "infrastructure development",
            "clean transportation",
        ],
    ),
    (
        "factors/strategic-partnerships/index.html",
        &[
            "Volkswagen",
            "BYD",
            "technology transfer",
            "research and development",
            "access to international markets",
        ],
    ),
    (
        "factors/value-chain/index.html",
        &[
            "EV manufacturing plants",
            "research centres",
            "core component suppliers",
            "ancillary industries",
        ],
    ),
    (
        "factors/technological-infrastructure/index.html",
        &[
            "Volkswagen Anhui",
            "highly automated modular electric drive platform factory",
            "production efficiency",
            "product quality",
        ],
    ),
    (
        "current-position/index.html",
        &[
            "7.5%",
            "85%",
            "Anhui province",
            "Porsche",
            "potential vehicle production plant",
            "100%TechCo",
        ],
    ),
    (
        "implications/global-leadership/index.html",
        &["compete for global leadership", "established EV hubs"],
    ),
    (
        "implications/technological-advancements/index.html",
        &[
            "top-tier automakers",
            "intense competition",
            "continuous innovation",
        ],
    ),
    (
        "implications/market-dynamics/index.html",
        &[
            "supply chain reconfigurations",
            "regional demand patterns",
            "similar strategies",
        ],
    ),
    (
        "conclusion/index.html",
        &[
            "green transportation",
            "global investments",
            "electric mobility",
        ],
    ),
];

/// The visible text of an HTML page, with tags dropped and typographic quotes plain.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace(['\u{2019}', '\u{2018}'], "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn build_report() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let status = std::process::Command::new(FOLIO)
        .args([
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--output-dir",
        ])
        .arg(&out)
        .status()
        .expect("run folio");
    assert!(status.success(), "the Hefei report must build");
    (tmp, out)
}

#[test]
fn every_fact_of_the_report_is_on_its_page() {
    let (_tmp, out) = build_report();
    for (page, phrases) in FACTS {
        let t = text(&read(&out.join(page)));
        for phrase in *phrases {
            assert!(t.contains(phrase), "`{page}` lacks the fact {phrase:?}");
        }
    }
    // The chart carries the key figures with its text alternative and data table.
    let home = read(&out.join("index.html"));
    assert!(home.contains("role=\"img\""), "the key figures chart");
    let desc = home
        .split("<desc")
        .nth(1)
        .expect("the chart has a description");
    assert!(
        desc.contains("7.5%") && desc.contains("85%"),
        "the description reads out the figures"
    );
    assert!(
        home.contains("class=\"chart-data\""),
        "the data table fallback"
    );
}

#[test]
fn the_report_adds_no_figures() {
    // Numbers in the prose (front matter holds only weights) must come from the report.
    let allowed = ["7.5", "85", "100"];
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("content")) {
        let entry = entry.expect("walk content");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = read(entry.path());
        let body = text.splitn(3, "+++").nth(2).expect("front matter");
        // Ordered-list markers (`1. `) are not figures.
        let body: String = body
            .lines()
            .map(|l| {
                let t = l.trim_start();
                let digits = t.chars().take_while(char::is_ascii_digit).count();
                if digits > 0 && t[digits..].starts_with(". ") {
                    &t[digits + 2..]
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let mut number = String::new();
        for c in body.chars().chain([' ']) {
            if c.is_ascii_digit() || (c == '.' && !number.is_empty()) {
                number.push(c);
            } else if !number.is_empty() {
                let n = number.trim_end_matches('.');
                assert!(
                    allowed.contains(&n),
                    "{}: the figure {n} is not in the report",
                    entry.path().display()
                );
                number.clear();
            }
        }
    }
}

#[test]
fn every_page_has_a_description_and_cross_links() {
    let (_tmp, out) = build_report();
    let partnerships = read(&out.join("factors/strategic-partnerships/index.html"));
    assert!(
        partnerships
            .contains("href=\"/factors/technological-infrastructure/#volkswagen-anhui-factory\""),
        "the partnerships page links to the factory on the infrastructure page"
    );
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk output");
        let p = entry.path();
        if p.file_name().is_some_and(|n| n == "index.html")
            && !p.to_string_lossy().contains("/tags/")
            && !p.to_string_lossy().contains("/organisations/")
        {
            let html = read(p);
            let desc = html
                .split("<meta name=\"description\" content=\"")
                .nth(1)
                .expect("meta description");
            assert!(desc.len() > 20, "{} has a real description", p.display());
        }
    }
}
