//! `folio check`: build in memory (writing nothing) and check every link and anchor in
//! the final HTML; with `--external`, also links to other sites.

#[cfg(feature = "external-links")]
use std::time::Duration;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::check;
use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs) -> Result<()> {
    let start = Instant::now();
    // Before the build, so a build of folio without the feature fails at once.
    if args.external {
        crate::external::ensure_available()?;
    }
    let (root, config) = super::load_config(&args.site, args.base_url.as_deref())?;
    let (bar, progress) = super::progress_bar(args.quiet);
    let site = super::build_in_memory(&args.site, &root, &config, progress)?;
    let report = check::check(&site);
    // The bar leaves the screen before any message or the summary.
    if let Some(bar) = &bar {
        bar.clear();
    }
    if args.external {
        check_external(&report, args.quiet);
    }
    let ms = start.elapsed().as_millis();
    if report.problems.is_empty() {
        if args.quiet {
            return Ok(());
        }
        crate::say!(
            "Checked {} pages and {} links in {ms} ms: no problems",
            report.pages,
            report.links
        );
        return Ok(());
    }
    for p in &report.problems {
        eprintln!("{p}");
    }
    bail!(
        "{} problem(s) in {} pages ({} links checked)",
        report.problems.len(),
        report.pages,
        report.links
    )
}

/// Fetches every external link once and warns about those that cannot be reached.
#[cfg(feature = "external-links")]
fn check_external(report: &check::Report, quiet: bool) {
    let mut urls: Vec<_> = report
        .external
        .iter()
        .map(|(u, f)| (u.clone(), f.clone()))
        .collect();
    urls.sort();
    urls.dedup_by(|a, b| a.0 == b.0);
    let failures = crate::external::check(&urls, Duration::from_secs(10), 8);
    for f in &failures {
        eprintln!("warning: {f}");
    }
    if !quiet {
        crate::say!(
            "Checked {} external links: {} could not be reached (not fatal)",
            urls.len(),
            failures.len()
        );
    }
}

/// Unreachable: `run` refused `--external` before building.
#[cfg(not(feature = "external-links"))]
fn check_external(_: &check::Report, _: bool) {}
