//! The progress bar of long builds and checks: shown on a terminal (run here under a
//! pseudo-terminal through util-linux's `script`), with stage names and counts, and
//! cleared before the summary; never in a pipe, in CI or with `--quiet`.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{FOLIO, Site};

/// Pages of the generated section: enough for the bar to count each stage (with no
/// delay, `FOLIO_PROGRESS_DELAY_MS=0`: a debug build of them now takes about a second).
const PAGES: usize = 2000;

/// The `basic` fixture with `PAGES` more pages in one section.
fn big_site() -> Site {
    let site = Site::basic();
    site.file(
        "content/many/_index.md",
        "+++\ntitle = \"Many\"\nsort_by = \"weight\"\n+++\nMany pages.\n",
    );
    for i in 0..PAGES {
        site.file(
            &format!("content/many/p{i}.md"),
            &format!(
                "+++\ntitle = \"Page {i}\"\nweight = {i}\n+++\n# Page {i}\n\nText with a [link](@/many/_index.md) and `code`.\n\n## Part\n\nMore text.\n"
            ),
        );
    }
    site
}

/// The number of pages and sections folio renders for `site`, from its summary line
/// ("Built 2005 pages and 4 sections …"), as the bar prints it: "2,009".
fn total_shown(site: &Site) -> String {
    let out = site.build(&[]).success();
    let words: Vec<&str> = out.stdout.split_whitespace().collect();
    let (pages, sections): (usize, usize) = (words[1].parse().unwrap(), words[4].parse().unwrap());
    with_commas(pages + sections)
}

/// `n` with thousands separated by commas, as indicatif's `human_pos` prints it.
fn with_commas(n: usize) -> String {
    let n = n.to_string();
    let mut shown = String::new();
    for (i, c) in n.chars().enumerate() {
        if i > 0 && (n.len() - i).is_multiple_of(3) {
            shown.push(',');
        }
        shown.push(c);
    }
    shown
}

/// Runs `folio <args>` in `site` under a pseudo-terminal, returning everything the
/// terminal received (standard output and error together).
fn on_terminal(site: &Site, args: &str, ci: bool) -> String {
    on_terminal_timed(site, args, ci).0
}

/// `on_terminal`, and how long after the start the terminal received its first byte.
fn on_terminal_timed(site: &Site, args: &str, ci: bool) -> (String, Duration) {
    on_terminal_with(site, args, ci, &[])
}

/// `on_terminal_timed` with more environment variables.
fn on_terminal_with(site: &Site, args: &str, ci: bool, env: &[(&str, &str)]) -> (String, Duration) {
    let quoted = format!("'{FOLIO}' {args}");
    let mut cmd = Command::new("script");
    cmd.envs(env.iter().copied());
    cmd.args(["-q", "-e", "-c", &quoted, "/dev/null"])
        .current_dir(site.root())
        .env("TERM", "xterm")
        .env("XDG_CACHE_HOME", site.tmp().join("cache"))
        .env_remove("FOLIO_TIMINGS")
        .env_remove("TF_BUILD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if ci {
        cmd.env("CI", "true");
    } else {
        cmd.env_remove("CI");
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("run `script` (util-linux)");
    let mut stdout = child.stdout.take().expect("piped");
    let mut bytes = Vec::new();
    let mut first = None;
    let mut buf = [0u8; 8192];
    loop {
        let n = stdout.read(&mut buf).expect("read the terminal");
        if n == 0 {
            break;
        }
        first.get_or_insert_with(|| start.elapsed());
        bytes.extend_from_slice(&buf[..n]);
    }
    let status = child.wait().expect("wait for `script`");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(
        status.success(),
        "folio {args} failed on a terminal:\n{text}"
    );
    (text, first.unwrap_or_default())
}

/// Whether `screen` shows "`verb` N/`total` pages" for some count N above 0.
fn shows_count(screen: &str, verb: &str, total: &str) -> bool {
    let tail = format!("/{total} pages");
    screen.match_indices(&format!("{verb} ")).any(|(i, m)| {
        let rest = &screen[i + m.len()..];
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != ',')
            .unwrap_or(0);
        let done: usize = rest[..digits].replace(',', "").parse().unwrap_or(0);
        done > 0 && rest[digits..].starts_with(&tail)
    })
}

#[test]
fn a_build_in_a_pipe_prints_only_its_summary() {
    let site = big_site();
    let out = site.build(&[]).success();
    assert_eq!(out.stderr, "", "nothing but the summary in a pipe");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one summary line: {:?}", out.stdout);
    assert!(lines[0].starts_with(&format!("Built {} pages", PAGES + 5)));
    assert!(!out.stdout.contains('\x1b') && !out.stdout.contains('\r'));
}

#[test]
fn a_long_build_on_a_terminal_shows_its_stages_and_clears_the_bar() {
    let site = big_site();
    let total = total_shown(&site);
    let (screen, first) = on_terminal_timed(&site, "build", false);
    // Nothing reaches the terminal in the bar's first second: a build done sooner
    // prints its summary alone.
    assert!(
        first >= Duration::from_millis(950)
            || (screen.starts_with("Built ") && !screen.contains('\x1b')),
        "output after {first:?}: {:?}",
        &screen[..screen.len().min(300)]
    );
    // The bar at once, for its stages: a build may now take less than its second.
    let screen = on_terminal_with(&site, "build", false, &[("FOLIO_PROGRESS_DELAY_MS", "0")]).0;
    assert!(
        shows_count(&screen, "rendering", &total),
        "no `rendering N/{total} pages` on the terminal:\n{screen}"
    );
    // The bar's line is erased (`\r`, then CSI 2K) before the summary is printed.
    let summary = screen.find("Built ").expect("the summary line");
    assert!(
        screen[..summary].ends_with("\r\x1b[2K"),
        "the bar was not cleared before the summary:\n{:?}",
        &screen[summary.saturating_sub(200)..]
    );
    assert!(
        !screen[summary..].contains('\x1b'),
        "the bar came back after the summary: {:?}",
        &screen[summary..]
    );
}

#[test]
fn a_long_check_on_a_terminal_shows_progress_but_not_in_ci() {
    let site = big_site();
    let total = total_shown(&site);
    // The bar at once: the build before the check may take less than its second.
    let screen = on_terminal_with(&site, "check", false, &[("FOLIO_PROGRESS_DELAY_MS", "0")]).0;
    // The check counts the HTML files it reads, as its summary does.
    let summary = screen.find("Checked ").expect("the summary line");
    let checked = with_commas(
        screen[summary..]
            .split_whitespace()
            .nth(1)
            .expect("a count of pages")
            .parse()
            .expect("a number"),
    );
    assert!(
        shows_count(&screen, "rendering", &total)
            && shows_count(&screen, "checking links in", &checked),
        "no progress on the terminal:\n{screen}"
    );
    assert!(
        screen[..summary].ends_with("\r\x1b[2K"),
        "the bar was not cleared before the summary"
    );
    // In CI, or with --quiet, the terminal gets the summary alone.
    let ci = on_terminal(&site, "check", true);
    assert!(ci.starts_with("Checked ") && !ci.contains('\x1b'), "{ci:?}");
    let quiet = on_terminal(&site, "check --quiet", false);
    assert_eq!(quiet, "", "--quiet prints nothing on success");
}

#[test]
fn quiet_builds_and_checks_print_nothing_on_success() {
    let site = Site::basic();
    let build = site.build(&["--quiet"]).success();
    assert_eq!((build.stdout.as_str(), build.stderr.as_str()), ("", ""));
    assert!(site.exists("public/index.html"));
    let check = site.run(&["check", "-q"]).success();
    assert_eq!((check.stdout.as_str(), check.stderr.as_str()), ("", ""));
}
