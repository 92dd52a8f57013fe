//! `folio serve` and `folio watch`: a real server on a free port, edits to the site's
//! files, and what the server answers and announces afterwards.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::{FOLIO, Site, assert_same_tree, leftovers, snapshot};

/// A running `folio serve` or `folio watch`, stopped on drop.
pub(crate) struct Running {
    child: Child,
    pub(crate) lines: Receiver<String>,
    port: u16,
}

impl Running {
    fn serve(site: &Site) -> Running {
        Running::start(site, &["serve", "--port", "0"])
    }

    pub(crate) fn start(site: &Site, args: &[&str]) -> Running {
        Running::start_env(site, args, &[])
    }

    fn start_env(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Running {
        let mut child = Command::new(FOLIO)
            .args(args)
            .envs(env.iter().copied())
            .current_dir(site.root())
            .env("XDG_CACHE_HOME", site.tmp().join("cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start folio");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        let tx2 = tx.clone();
        thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                tx.send(line).ok();
            }
        });
        thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                tx2.send(format!("stderr: {line}")).ok();
            }
        });
        let mut r = Running {
            child,
            lines,
            port: 0,
        };
        let first = r.wait_line(|l| l.contains("Serving") || l.contains("watching"));
        if let Some(i) = first.find("127.0.0.1:") {
            let rest = &first[i + 10..];
            r.port = rest[..rest.find('/').unwrap_or(rest.len())]
                .parse()
                .expect("port");
        }
        r
    }

    /// Waits for a printed line matching `pred` (up to 20 s), returning it.
    pub(crate) fn wait_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                if pred(&line) {
                    return line;
                }
                seen.push(line);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "folio exited with {status}; it printed:\n{}",
                    seen.join("\n")
                );
            }
        }
        panic!(
            "no matching line within 20 s; folio printed:\n{}",
            seen.join("\n")
        );
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        http(self.port, "GET", path)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// One HTTP/1.1 request; returns (status, headers, body).
fn http(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_lowercase(), body.to_string())
}

/// Server-Sent Events from the live-reload endpoint, as (event, data) pairs.
fn events(port: u16) -> Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    thread::spawn(move || {
        let (mut event, mut data) = (String::new(), Vec::new());
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push(d.to_string());
            } else if line.is_empty() && !data.is_empty() {
                if tx.send((event.clone(), data.join("\n"))).is_err() {
                    break;
                }
                data.clear();
            }
        }
    });
    // Let the subscription register before the test edits anything.
    thread::sleep(Duration::from_millis(300));
    rx
}

/// Forgets events already received.
fn drain(rx: &Receiver<(String, String)>) {
    thread::sleep(Duration::from_millis(100));
    while rx.try_recv().is_ok() {}
}

#[track_caller]
fn next_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((e, d)) if e == name => return d,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no `{name}` event within 20 s");
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    // Write beside and rename, as editors that save atomically do.
    let tmp = site.path(&format!("{rel}.tmp"));
    std::fs::write(&tmp, text.replacen(from, to, 1)).expect("write");
    std::fs::rename(&tmp, site.path(rel)).expect("rename");
}

#[test]
fn serves_with_types_head_404_and_refuses_traversal() {
    let site = Site::basic();
    let server = Running::serve(&site);
    let (code, head, body) = server.get("/");
    assert_eq!(code, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        body.contains("/__folio/livereload.js"),
        "live reload script injected"
    );
    let (code, head, body) = http(server.port, "HEAD", "/guide/page-a/");
    assert_eq!(code, 200);
    assert!(head.contains("text/html"));
    assert!(body.is_empty(), "HEAD has no body");
    let (code, head, _) = server.get("/highlight.css");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (code, _, body) = server.get("/no/such/page/");
    assert_eq!(code, 404);
    assert!(
        body.to_lowercase().contains("not found"),
        "the theme's 404 page is served"
    );
    for bad in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/guide/%2E%2E/%2e%2e/config.toml",
        "/..%2f..%2fconfig.toml",
    ] {
        let (code, _, body) = server.get(bad);
        assert!(code == 400 || code == 404, "{bad} gave {code}");
        assert!(!body.contains("base_url"), "{bad} leaked a file");
    }
    let (code, head, _) = server.get("/guide");
    assert_eq!(code, 301, "a folder without its slash redirects");
    assert!(head.contains("location: /guide/"));
}

#[test]
fn edits_are_served_and_announced_after_the_rebuild() {
    let site = Site::basic();
    let mut server = Running::serve(&site);
    let ev = events(server.port);

    // A body edit.
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "The edited rest of the page",
    );
    let data = next_event(&ev, "reload");
    assert!(data.contains("guide/page-a/index.html"), "{data}");
    assert!(
        server
            .get("/guide/page-a/")
            .2
            .contains("The edited rest of the page"),
        "served after the reload event"
    );
    server.wait_line(|l| l.contains("content/guide/page-a.md changed") && l.contains(" ms"));

    // A title edit shows in other pages' navigation.
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\"",
        "title = \"Configure it all\"",
    );
    next_event(&ev, "reload");
    assert!(server.get("/guide/page-b/").2.contains("Configure it all"));

    // A new page, then its removal.
    site.file(
        "content/guide/fresh.md",
        "+++\ntitle = \"Fresh page\"\nweight = 9\n+++\nBrand new words.\n",
    );
    next_event(&ev, "reload");
    assert!(server.get("/guide/fresh/").2.contains("Brand new words."));
    std::fs::remove_file(site.path("content/guide/fresh.md")).expect("remove");
    next_event(&ev, "reload");
    assert_eq!(
        server.get("/guide/fresh/").0,
        404,
        "a deleted page's output disappears"
    );
    assert!(
        !server.get("/guide/").2.contains("Fresh page"),
        "and leaves no stale listing"
    );

    // A template override, a static file and the config.
    site.file("templates/page.html", "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body><p>OVERRIDE {{ page.title }}</p>{{ page.content | safe }}</body></html>");
    next_event(&ev, "reload");
    assert!(server.get("/guide/page-b/").2.contains("OVERRIDE"));
    site.file("static/robots-extra.txt", "changed static\n");
    let (_, _, body) = {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let r = server.get("/robots-extra.txt");
            if r.2.contains("changed static") || Instant::now() > deadline {
                break r;
            }
            thread::sleep(Duration::from_millis(50));
        }
    };
    assert!(body.contains("changed static"));
    let config = site.read("config.toml");
    let title_line = config
        .lines()
        .find(|l| l.starts_with("title"))
        .expect("title in config")
        .to_string();
    drain(&ev);
    edit(
        &site,
        "config.toml",
        &title_line,
        "title = \"Renamed site\"",
    );
    next_event(&ev, "reload");
    assert!(
        server.get("/guide/page-b/").2.contains("OVERRIDE")
            && server.get("/").2.contains("Renamed site")
    );
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_shows_the_error() {
    let site = Site::basic();
    let server = Running::serve(&site);
    let ev = events(server.port);
    let good = server.get("/guide/page-a/").2;
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\"",
        "title = \"Configure",
    );
    let message = next_event(&ev, "error");
    assert!(
        message.contains("content/guide/page-a.md"),
        "names the file: {message}"
    );
    assert!(message.contains(":2"), "names the line: {message}");
    let (code, _, body) = server.get("/guide/page-a/");
    assert_eq!(code, 200, "the last good site is still served");
    assert!(body.contains("Configure summary paragraph"));
    assert!(
        body.contains("__FOLIO_ERROR__"),
        "pages carry the error for the overlay"
    );
    assert!(good.contains("Configure summary paragraph"));
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\n",
        "title = \"Configured\"\n",
    );
    next_event(&ev, "ok");
    let body = server.get("/guide/page-a/").2;
    assert!(body.contains("Configured") && !body.contains("__FOLIO_ERROR__"));
}

#[test]
fn a_burst_of_changes_causes_one_rebuild() {
    let site = Site::basic();
    for i in 0..200 {
        site.file(
            &format!("content/guide/gen-{i:03}.md"),
            &format!("+++\ntitle = \"Gen {i}\"\nweight = {}\n+++\nv1\n", 100 + i),
        );
    }
    let mut server = Running::serve(&site);
    // Saves closer together than the 20 ms debounce window make one rebuild; on a
    // loaded machine a stall between two saves may start another, so count stalls.
    let mut stalls = 0;
    let mut last = std::time::Instant::now();
    for i in 0..200 {
        site.file(
            &format!("content/guide/gen-{i:03}.md"),
            &format!("+++\ntitle = \"Gen {i}\"\nweight = {}\n+++\nv2\n", 100 + i),
        );
        if last.elapsed() >= Duration::from_millis(15) {
            stalls += 1;
        }
        last = std::time::Instant::now();
    }
    let line = server.wait_line(|l| l.contains("changed"));
    // A stall right after the first save lets a rebuild start with that file alone.
    assert!(
        line.contains("files changed") || stalls > 0,
        "one rebuild for the burst: {line}"
    );
    thread::sleep(Duration::from_millis(800));
    let mut extra = Vec::new();
    while let Ok(l) = server.lines.try_recv() {
        if l.contains("changed") {
            extra.push(l);
        }
    }
    assert!(
        extra.len() <= 1 + stalls,
        "the burst caused several rebuilds ({stalls} stalls between saves): {line} {extra:?}"
    );
    assert!(server.get("/guide/gen-199/").2.contains("v2"));
}

#[test]
fn sigint_leaves_a_built_public_folder_untouched() {
    let site = Site::basic();
    site.build(&[]).success();
    let before = snapshot(&site.path("public"));
    let mut server = Running::serve(&site);
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "Changed while serving",
    );
    server.wait_line(|l| l.contains("changed"));
    let pid = server.child.id().to_string();
    let status = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        thread::sleep(Duration::from_millis(50));
    }
    assert_same_tree(
        "public/ after serve",
        &before,
        &snapshot(&site.path("public")),
    );
}

/// Builds the site as it is now into a fresh folder and returns its tree.
fn clean_build(site: &Site, name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = site.tmp().join(name);
    site.build(&["--output-dir", out.to_str().expect("utf-8 path")])
        .success();
    snapshot(&out)
}

/// Starts `folio watch` into `watched/` and checks its first build against a clean one.
fn watch_checked(site: &Site) -> (Running, std::path::PathBuf) {
    let out = site.tmp().join("watched");
    let watch = Running::start(
        site,
        &["watch", "--output-dir", out.to_str().expect("utf-8 path")],
    );
    assert_same_tree(
        "first build",
        &clean_build(site, "clean-0"),
        &snapshot(&out),
    );
    (watch, out)
}

fn watch_step(watch: &mut Running, site: &Site, out: &Path, step: &str) {
    watch.wait_line(|l| l.contains("changed"));
    assert_watched_is_clean(site, out, step);
}

/// The watched folder `out` equals a clean build of the site as it is now.
fn assert_watched_is_clean(site: &Site, out: &Path, step: &str) {
    let want = clean_build(site, &format!("clean-{step}"));
    assert_same_tree(
        &format!("incremental output after {step}"),
        &want,
        &snapshot(out),
    );
}

#[test]
fn incremental_output_equals_a_clean_build() {
    let site = Site::basic();
    let (mut watch, out) = watch_checked(&site);
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "A body edit",
    );
    watch_step(&mut watch, &site, &out, "a body edit");
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\"",
        "title = \"Configure everything\"",
    );
    watch_step(&mut watch, &site, &out, "a title edit");
    edit(
        &site,
        "content/guide/page-a.md",
        "description = \"Configuring the tool\"",
        "description = \"Set it up\"",
    );
    watch_step(&mut watch, &site, &out, "a description edit");
    edit(&site, "content/guide/page-a.md", "weight = 2", "weight = 7");
    watch_step(&mut watch, &site, &out, "a weight edit");
    site.file(
        "content/guide/new.md",
        "+++\ntitle = \"New\"\nweight = 4\n+++\nNew page.\n",
    );
    watch_step(&mut watch, &site, &out, "a new page");
    std::fs::remove_file(site.path("content/guide/new.md")).expect("remove");
    watch_step(&mut watch, &site, &out, "a deleted page");
    site.file("static/robots-extra.txt", "edited\n");
    watch_step(&mut watch, &site, &out, "a static edit");
    let section = "<!doctype html><html lang=\"en\"><head><title>{{ section.title }}</title></head><body><h1>{{ section.title }}</h1>VERSION</body></html>";
    site.file("templates/section.html", &section.replace("VERSION", "one"));
    watch_step(&mut watch, &site, &out, "a new template folder");
    site.file("templates/section.html", &section.replace("VERSION", "two"));
    let line = watch.wait_line(|l| l.contains("changed"));
    let want = clean_build(&site, "clean-template");
    assert_same_tree(
        "incremental output after a template edit",
        &want,
        &snapshot(&out),
    );
    // Only the sections use section.html: the pages are not re-rendered.
    let n: usize = line
        .split("re-rendered ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"));
    assert!(
        (1..=3).contains(&n),
        "a section template edit re-rendered {n} files: {line}"
    );
}

/// A batch that fails on a broken file may hold good changes too; `watch` writes
/// nothing while the build fails, so those must be written once the file is fixed.
#[test]
fn a_change_saved_with_a_broken_file_is_written_once_the_file_is_fixed() {
    let site = Site::basic();
    let (mut watch, out) = watch_checked(&site);
    // Both saves land in one batch (or the second within the failed build's grace).
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "A body edit",
    );
    edit(
        &site,
        "content/guide/page-b.md",
        "title = \"Deploy\"",
        "title = \"Deploy",
    );
    let line = watch.wait_line(|l| l.contains("changed"));
    assert!(line.contains("build failed"), "{line}");
    edit(
        &site,
        "content/guide/page-b.md",
        "title = \"Deploy\n",
        "title = \"Deploy\"\n",
    );
    let line = watch.wait_line(|l| l.contains("changed"));
    assert!(!line.contains("failed"), "{line}");
    assert_watched_is_clean(&site, &out, "the fix");
}

/// An editor that empties a file and then writes it can be caught in between; the
/// write that completes the save decides, and no failure is shown for the moment the
/// file was empty.
#[test]
fn a_file_caught_half_saved_shows_no_error() {
    let site = Site::basic();
    let (mut watch, out) = watch_checked(&site);
    let rel = "content/guide/page-a.md";
    let text = site
        .read(rel)
        .replacen("The rest of the page", "A body edit", 1);
    std::fs::write(site.path(rel), "").expect("empty the file");
    // Longer than the watcher's 20 ms debounce: the empty file is built first.
    std::thread::sleep(Duration::from_millis(40));
    std::fs::write(site.path(rel), &text).expect("write the file");
    let line = watch.wait_line(|l| l.contains("changed"));
    let mut printed = vec![line];
    while let Ok(l) = watch.lines.recv_timeout(Duration::from_millis(500)) {
        printed.push(l);
    }
    assert!(
        printed
            .iter()
            .all(|l| !l.contains("failed") && !l.starts_with("stderr:")),
        "{printed:?}"
    );
    assert_watched_is_clean(&site, &out, "a save in two writes");
}

#[test]
fn serve_starts_on_a_broken_site_and_recovers_when_it_is_fixed() {
    let site = Site::basic();
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\"",
        "title = \"Configure",
    );
    let server = Running::serve(&site);
    let (code, _, body) = server.get("/");
    assert_eq!(code, 404, "no site yet");
    assert!(
        body.contains("__FOLIO_ERROR__") && body.contains("content/guide/page-a.md"),
        "the error shows: {body}"
    );
    let ev = events(server.port);
    edit(
        &site,
        "content/guide/page-a.md",
        "title = \"Configure\n",
        "title = \"Configure\"\n",
    );
    next_event(&ev, "ok");
    let (code, _, body) = server.get("/guide/page-a/");
    assert_eq!(code, 200);
    assert!(body.contains("Configure summary paragraph") && !body.contains("__FOLIO_ERROR__"));
}

/// A site past the sidebar's limits: more than 500 pages (sections off the path are
/// closed and listed in navigation files), a section wider than one window and one
/// listing page, and one nested section.
fn large_site() -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Large\"\nbase_url = \"https://example.org/docs/\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Large\"\n+++\nHome.\n");
    for (dir, title, count) in [("wide", "Wide", 320), ("other", "Other", 200)] {
        site.file(
            &format!("content/{dir}/_index.md"),
            &format!("+++\ntitle = \"{title}\"\nweight = 1\n+++\n{title} section.\n"),
        );
        for i in 1..=count {
            site.file(
                &format!("content/{dir}/p{i:03}.md"),
                &format!(
                    "+++\ntitle = \"{title} {i:03}\"\nweight = {i}\n+++\nBody of {title} {i}.\n\n## Part\n\nMore.\n"
                ),
            );
        }
    }
    site.file(
        "content/other/deep/_index.md",
        "+++\ntitle = \"Deep\"\nweight = 50\n+++\nDeep section.\n",
    );
    for i in 1..=40 {
        site.file(
            &format!("content/other/deep/d{i:02}.md"),
            &format!("+++\ntitle = \"Deep {i:02}\"\nweight = {i}\n+++\nDeep page {i}.\n"),
        );
    }
    site
}

#[test]
fn incremental_output_on_a_large_site_equals_a_clean_build() {
    let site = large_site();
    let (mut watch, out) = watch_checked(&site);
    assert!(
        out.join("wide/page/4/index.html").is_file() && out.join("_nav").is_dir(),
        "the large site has listing pages and navigation files"
    );
    edit(
        &site,
        "content/wide/p160.md",
        "Body of Wide 160.",
        "An edited body.",
    );
    watch_step(&mut watch, &site, &out, "a body edit in a wide section");
    // Pages within a window of p160 list it in their sidebars, and so does the
    // section's navigation file.
    edit(&site, "content/wide/p160.md", "Wide 160\"", "Renamed 160\"");
    watch_step(&mut watch, &site, &out, "a title edit in a wide section");
    edit(
        &site,
        "content/other/deep/d07.md",
        "Deep 07\"",
        "Deeper 07\"",
    );
    watch_step(&mut watch, &site, &out, "a title edit in a nested section");
    edit(
        &site,
        "content/other/_index.md",
        "title = \"Other\"",
        "title = \"Others\"",
    );
    watch_step(&mut watch, &site, &out, "a top-level section's title");
    site.file(
        "content/wide/p000.md",
        "+++\ntitle = \"Wide 000\"\nweight = 0\n+++\nFirst.\n",
    );
    watch_step(
        &mut watch,
        &site,
        &out,
        "a new first page shifting every listing page",
    );
    std::fs::remove_file(site.path("content/wide/p320.md")).expect("remove");
    watch_step(
        &mut watch,
        &site,
        &out,
        "a deleted page emptying a listing page",
    );
}

/// A raw request with its own `Host` header; returns the status and body.
fn http_host(port: u16, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn serve_refuses_other_hosts() {
    // A page on another site can reach a local server through DNS rebinding: its
    // requests then carry that site's name as `Host`.
    let site = Site::basic();
    let serve = Running::serve(&site);
    let port = serve.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
    ] {
        assert_eq!(http_host(port, &host).0, 200, "Host: {host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        String::new(),
    ] {
        let (status, body) = http_host(port, &host);
        assert_eq!(status, 403, "Host: {host:?} was answered: {body}");
        assert!(
            body.contains("answers requests for") && body.contains("--interface"),
            "the refusal says why: {body}"
        );
    }
}

/// Edits that used to leave `folio watch` stale (issue 10's table): each must give
/// exactly the output of a clean build.
#[test]
fn edits_that_used_to_go_stale_equal_a_clean_build() {
    let site = Site::basic();
    // A section sorted by title, and a page template that cache-busts a static file
    // (the home page does not).
    site.file(
        "content/abc/_index.md",
        "+++\ntitle = \"Alphabet\"\nsort_by = \"title\"\nweight = 9\n+++\nSorted by title.\n",
    );
    for (file, title) in [("a.md", "Apple"), ("b.md", "Banana"), ("c.md", "Cherry")] {
        site.file(
            &format!("content/abc/{file}"),
            &format!("+++\ntitle = \"{title}\"\n+++\nAbout {title}: \"quoted\" -- text.\n"),
        );
    }
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title><link rel=\"stylesheet\" href=\"{{ get_url(path='robots-extra.txt', cachebust=true) }}\"></head><body>{{ page.content | safe }}{% if page.lower %}<a href=\"{{ page.lower.url }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a href=\"{{ page.higher.url }}\">{{ page.higher.title }}</a>{% endif %}</body></html>",
    );
    let (mut watch, out) = watch_checked(&site);
    // A title that moves a page in a section sorted by title.
    edit(
        &site,
        "content/abc/a.md",
        "title = \"Apple\"",
        "title = \"Zucchini\"",
    );
    watch_step(
        &mut watch,
        &site,
        &out,
        "a title in a section sorted by title",
    );
    // A static file cache-busted by a page template, not by the home page.
    site.file("static/robots-extra.txt", "changed\n");
    watch_step(
        &mut watch,
        &site,
        &out,
        "a static file a page template cache-busts",
    );
    // A [markdown] option: every body changes.
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}\n[markdown]\nsmart_punctuation = false\n"),
    );
    watch_step(&mut watch, &site, &out, "a [markdown] option");
    assert!(
        std::fs::read_to_string(out.join("abc/b/index.html"))
            .expect("abc/b")
            .contains("\"quoted\" -- text"),
        "smart punctuation is off after the config edit"
    );
}

/// More edits of issue 10's table: a chart's data file, a page-bundle asset, and a
/// config file given with `--config` outside the site folder.
#[test]
fn data_files_bundle_assets_and_an_outside_config_are_watched() {
    let site = Site::basic();
    site.file(
        "data/shares.csv",
        "source,share\nHefei,7.5\nElsewhere,92.5\n",
    );
    site.file(
        "content/guide/chart.md",
        "+++\ntitle = \"Chart\"\nweight = 9\n+++\n{{ chart(kind=\"pie\", title=\"Shares\", data=\"data/shares.csv\") }}\n",
    );
    let outside = tempfile::tempdir().expect("a folder outside the site");
    let config = outside.path().join("site.toml");
    std::fs::write(&config, site.read("config.toml")).expect("write the config");
    let config_arg = config.to_str().expect("utf-8 path");
    let out = site.tmp().join("watched");
    let mut watch = Running::start(
        &site,
        &[
            "watch",
            "--config",
            config_arg,
            "--output-dir",
            out.to_str().expect("utf-8 path"),
        ],
    );
    let clean = |name: &str| {
        let dir = site.tmp().join(name);
        site.build(&[
            "--config",
            config_arg,
            "--output-dir",
            dir.to_str().expect("utf-8"),
        ])
        .success();
        snapshot(&dir)
    };
    let step = |watch: &mut Running, name: &str| {
        watch.wait_line(|l| l.contains("changed"));
        assert_same_tree(
            &format!("incremental output after {name}"),
            &clean(&format!("clean-{}", name.replace(' ', "-"))),
            &snapshot(&out),
        );
    };
    assert_same_tree("first build", &clean("clean-0"), &snapshot(&out));
    site.file(
        "data/shares.csv",
        "source,share\nHefei,12.5\nElsewhere,87.5\n",
    );
    step(&mut watch, "a data file edit");
    assert!(
        std::fs::read_to_string(out.join("guide/chart/index.html"))
            .expect("the chart page")
            .contains("12.5"),
        "the chart shows the new data"
    );
    site.bytes(
        "content/guide/bundle/diagram.png",
        b"\x89PNG\r\n\x1a\nnew bytes",
    );
    step(&mut watch, "a bundle asset edit");
    std::fs::write(
        &config,
        site.read("config.toml")
            .replace("title = \"Basic Site\"", "title = \"Renamed Site\""),
    )
    .expect("edit the config");
    step(&mut watch, "an outside config edit");
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .expect("the home page")
            .contains("Renamed Site")
    );
}

#[test]
fn a_page_read_by_get_page_elsewhere_is_fresh_after_an_edit() {
    // Every page shows another page's word count through `get_page`.
    let site = Site::basic();
    site.file(
        "templates/page.html",
        "<!doctype html><html lang=\"en\"><head><title>{{ page.title }}</title></head><body>{{ page.content | safe }}{% set other = get_page(path=\"guide/page-a.md\") %}<p id=\"other\">{{ other.title }}: {{ other.word_count }} words</p></body></html>",
    );
    let (mut watch, out) = watch_checked(&site);
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "Many more words now stand in the rest of the page",
    );
    watch_step(&mut watch, &site, &out, "a body edit read through get_page");
}

#[test]
fn watch_rewrites_gzip_siblings_with_their_files() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file("config.toml", &format!("{config}compress = true\n"));
    let (mut watch, out) = watch_checked(&site);
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "An edit",
    );
    // The clean build and the watched folder must agree on every .gz too.
    watch_step(&mut watch, &site, &out, "a body edit with compress = true");
}

#[test]
fn a_build_into_a_watched_folder_names_the_watch_and_waits_its_turn() {
    let site = Site::basic();
    let out = site.tmp().join("watched");
    let out_arg = out.to_str().expect("utf-8 path");
    let watch = Running::start(&site, &["watch", "--output-dir", out_arg]);
    let before = snapshot(&out);
    let pid = watch.child.id();
    site.build(&["--output-dir", out_arg])
        .failure()
        .stderr_has(&[
            "is being written by another folio process",
            &format!("folio watch, process {pid}"),
            "--output-dir",
        ]);
    assert_same_tree(
        "the watched folder after the refused build",
        &before,
        &snapshot(&out),
    );
    assert_eq!(leftovers(site.tmp().as_path()), Vec::<String>::new());
    drop(watch);
    site.build(&["--output-dir", out_arg]).success();
    // The lock is beside the output, never in it.
    assert!(!snapshot(&out).keys().any(|p| p.contains("folio-lock")));
}

/// A server whose request-header timeout is `ms` milliseconds.
fn serve_with_header_timeout(site: &Site, ms: u64) -> Running {
    Running::start_env(
        site,
        &["serve", "--port", "0"],
        &[("FOLIO_TEST_HEADER_TIMEOUT_MS", &ms.to_string())],
    )
}

/// Reads until the server closes the connection (or 10 s pass), returning what it sent
/// and how long it took.
fn read_until_closed(s: &mut TcpStream) -> (Vec<u8>, Duration, bool) {
    let start = Instant::now();
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return (got, start.elapsed(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            // A reset is a close too.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (got, start.elapsed(), true);
            }
            Err(_) => return (got, start.elapsed(), false),
        }
    }
}

#[test]
fn a_client_sending_half_a_header_is_disconnected() {
    let site = Site::basic();
    let server = serve_with_header_timeout(&site, 1000);
    // Half a header at once.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let (_, took, closed) = read_until_closed(&mut s);
    assert!(closed, "still open after {took:?}");
    assert!(took < Duration::from_secs(5), "closed only after {took:?}");

    // A header trickled a byte at a time: the timeout is for the whole header.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    let start = Instant::now();
    let mut closed = false;
    for b in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        .iter()
        .cycle()
    {
        if s.write_all(&[*b]).is_err() || start.elapsed() > Duration::from_secs(8) {
            closed = start.elapsed() < Duration::from_secs(8);
            break;
        }
        thread::sleep(Duration::from_millis(100));
    }
    assert!(closed, "a trickling client was never disconnected");
    // The server still answers others.
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn an_idle_keep_alive_connection_is_closed_but_live_reload_stays_open() {
    let site = Site::basic();
    let server = serve_with_header_timeout(&site, 1000);
    let ev = events(server.port);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    s.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let (got, took, closed) = read_until_closed(&mut s);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(
        closed,
        "an idle keep-alive connection stayed open for {took:?}"
    );
    assert!(took < Duration::from_secs(5), "closed only after {took:?}");

    // The event stream outlives several timeouts and still carries events.
    thread::sleep(Duration::from_millis(3000));
    drain(&ev);
    edit(
        &site,
        "content/guide/page-a.md",
        "The rest of the page",
        "Edited after a quiet while",
    );
    next_event(&ev, "reload");
}

#[test]
fn a_static_file_turned_into_a_link_out_of_the_site_is_not_served() {
    let site = Site::basic();
    site.file("static/notes.txt", "public notes");
    let secret = site.tmp().join("secret.txt");
    std::fs::write(&secret, "password").unwrap();
    let mut server = Running::serve(&site);
    assert_eq!(server.get("/notes.txt").2, "public notes");
    // Swapped for a link while serving: a static change reuses the snapshot, which
    // must not read through the link.
    let tmp = site.path("static/.notes.link");
    std::os::unix::fs::symlink(&secret, &tmp).unwrap();
    std::fs::rename(&tmp, site.path("static/notes.txt")).unwrap();
    server.wait_line(|l| l.contains("static/notes.txt") || l.contains("outside the site"));
    let (status, _, body) = server.get("/notes.txt");
    assert!(!body.contains("password"), "served the linked file");
    assert_eq!(status, 404);
}

#[test]
fn sass_edits_are_served_as_css_and_watched_output_equals_a_clean_build() {
    // Zola recompiles Sass on a change under `sass/`, a partial's included. `serve`
    // serves the new CSS and tells the browser to swap stylesheets; `watch` keeps an
    // output folder equal to a clean build through an edit, a new and a deleted file.
    let site = Site::fixture("sass");
    let server = Running::serve(&site);
    let ev = events(server.port);
    assert!(server.get("/main.css").2.contains("color:#123456"));
    edit(&site, "sass/_vars.scss", "#123456", "#abcdef");
    next_event(&ev, "css");
    assert!(server.get("/main.css").2.contains("color:#abcdef"));
    drop(server);

    let (mut watch, out) = watch_checked(&site);
    edit(
        &site,
        "sass/parts/_card.scss",
        "vars.$gap * 2",
        "vars.$gap * 3",
    );
    watch_step(&mut watch, &site, &out, "a partial's edit");
    site.file(
        "sass/added.scss",
        "@use \"parts/card\";\n.added { x: y; }\n",
    );
    watch_step(&mut watch, &site, &out, "a new stylesheet");
    std::fs::remove_file(site.path("sass/added.scss")).expect("remove");
    watch_step(&mut watch, &site, &out, "a deleted stylesheet");
    assert!(!out.join("added.css").exists());
}

#[test]
fn a_busy_port_says_how_to_pick_another() {
    // Issue 13: a port another server holds gave a bare "Address in use".
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let site = Site::basic();
    site.run(&["serve", "--port", &port])
        .failure()
        .stderr_has(&[
            &format!("port {port} on 127.0.0.1 is already in use"),
            "pass `--port <N>` for another port, or `--port 0` for any free one",
        ]);
}
