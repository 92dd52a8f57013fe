//! The command line itself: help and version output, and clap's handling of mistakes.

use crate::util::*;

#[test]
fn top_level_help_lists_the_build_command() {
    let run = Site::empty().run(&["--help"]).success();
    assert_contains(&run.stdout, "Usage: folio");
    assert_contains(&run.stdout, "build");
}

#[test]
fn build_help_lists_its_options() {
    let run = Site::empty().run(&["build", "--help"]).success();
    for option in [
        "--root",
        "--output-dir",
        "--base-url",
        "--drafts",
        "--config",
    ] {
        assert_contains(&run.stdout, option);
    }
}

#[test]
fn version_is_the_crate_version() {
    let run = Site::empty().run(&["--version"]).success();
    assert_contains(&run.stdout, &format!("folio {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn unknown_option_is_a_usage_error() {
    let run = Site::empty().run(&["build", "--no-such-option"]).failure();
    assert_eq!(run.status.code(), Some(2), "clap's usage-error code");
    assert_contains(&run.stderr, "--no-such-option");
}

#[test]
fn a_command_is_required() {
    let run = Site::empty().run(&[]).failure();
    assert_contains(&run.stderr, "Usage: folio");
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    // `folio build | head -0`: the reader is gone before folio prints its summary.
    let site = Site::basic();
    let mut child = site
        .command(&["build"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start folio");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("folio ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.exists("public/index.html"), "the site was still built");
}
