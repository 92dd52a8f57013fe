//! Real-browser tests: the shipped site (the Hefei EV report) and the showcase fixture
//! built by the real binary, served on 127.0.0.1 and driven in Debian's chromium by the Node scripts in
//! `tests/browser/` (through playwright-core).
//!
//! This module only builds, serves and runs: every check lives in the scripts, which print
//! one line per check and exit non-zero at the first failure. Nothing is skipped: a missing
//! `node`, chromium or playwright-core fails with a pointer to `scripts/install-test-deps.sh`.
//! Built sites are served by `StaticServer`, a small file server below, so the tests need
//! nothing beyond node; the live-reload test runs `folio serve --port 0` itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::util::{FOLIO, Site, copy_dir};

/// A word that only the body of one page contains (`factors/government-support.md`).
const SEARCH_QUERY: &str = "subsidies";
/// Longer than any script's own limit, so that a script reports its own timeout.
const NODE_LIMIT: Duration = Duration::from_secs(240);
const INSTALL_HINT: &str = "run `scripts/install-test-deps.sh` as root from the repository root";

#[test]
fn site_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("public");
    build(repo(), &out);
    let server = StaticServer::start(&out);
    node("site.cjs", &[&server.url(), &path_str(repo())]).passed("");
}

/// Issue 13: chart labels on phones. Every page with a chart of the shipped site, plus
/// a page of crowded charts, 360 and 1280 px wide: no label under 12 px, none outside
/// its chart (`tests/browser/charts.cjs`).
#[test]
fn charts_on_phones_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = shipped_site();
    site.file("content/chart-gallery.md", CHART_GALLERY);
    let out = site.tmp().join("public");
    build(site.root(), &out);
    let server = StaticServer::start(&out);
    node("charts.cjs", &[&server.url(), &path_str(site.root())]).passed("");
}

/// Charts that crowd a phone: many categories, long labels, several series, a dozen
/// months on a line, negative values and a pie of eight slices.
const CHART_GALLERY: &str = r#"+++
title = "Chart gallery"
weight = 1000
+++
{{ chart(kind="bar", title="Thirty categories", labels=["Category 1", "Category 2", "Category 3", "Category 4", "Category 5", "Category 6", "Category 7", "Category 8", "Category 9", "Category 10", "Category 11", "Category 12", "Category 13", "Category 14", "Category 15", "Category 16", "Category 17", "Category 18", "Category 19", "Category 20", "Category 21", "Category 22", "Category 23", "Category 24", "Category 25", "Category 26", "Category 27", "Category 28", "Category 29", "Category 30"], values=[12, 15, 18, 22, 25, 31, 35, 38, 41, 45, 48, 52, 55, 59, 62, 66, 69, 73, 76, 80, 83, 87, 90, 94, 97, 101, 104, 108, 111, 115], unit="GWh", y_label="Battery output (GWh)") }}

{{ chart(kind="bar", title="Output of the largest EV makers in Hefei, by plant and by year", labels=["NIO Advanced Manufacturing Base", "Volkswagen Anhui MEB plant", "BYD Hefei", "JAC Group"], values=[[120000, 95000, 310000, 80000], [150000, 140000, 420000, 90000], [180000, 200000, 510000, 110000]], series=["2022 production", "2023 production", "2024 production"], unit="vehicles", x_label="Plant", y_label="Vehicles per year") }}

{{ chart(kind="line", title="Monthly EV registrations", labels=["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], values=[[10.25, 12.5, 18.75, 21, 25.5, 30.25, 28, 33.75, 36.5, 40.25, 44, 51.75], [8.5, 9.25, 11, 15.75, 17.5, 19, 23.25, 24, 27.5, 31, 35.25, 38]], series=["Hefei", "Anhui without Hefei"], unit="%", y_label="Share of new cars") }}

{{ chart(kind="bar", title="Change on the year before", labels=["2019", "2020", "2021", "2022", "2023"], values=[-12.5, -3.25, 8.75, 21.5, 14], unit="%") }}

{{ chart(kind="pie", title="Where Hefei's batteries go", labels=["Passenger cars made in Hefei", "Passenger cars elsewhere in China", "Buses and trucks", "Energy storage", "Export", "Two-wheelers", "Research", "Other"], values=[41, 23, 11, 9, 7, 5, 2, 2], unit="%") }}
"#;

#[test]
fn serve_live_reloads_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = shipped_site();
    let mut cmd = Command::new(FOLIO);
    cmd.args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env_remove("FOLIO_TIMINGS")
        .env("XDG_CACHE_HOME", site.tmp().join("cache"));
    let serve = Proc::spawn(cmd, "folio serve", "");
    let url = serve.url_line("Serving ", Duration::from_secs(60));
    let run = node("serve.cjs", &[&url, &path_str(site.root())]);
    run.passed(&serve.output());
}

#[test]
fn search_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("public");
    build(repo(), &out);
    let server = StaticServer::start(&out);
    node("search.cjs", &[&server.url(), SEARCH_QUERY]).passed("");
}

#[test]
fn search_from_file_urls_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = shipped_site();
    let config = site.read("config.toml");
    site.file("config.toml", &with_relative_urls(&config));
    let out = site.tmp().join("public");
    build(site.root(), &out);
    let start = format!("file://{}/index.html", path_str(&out));
    node("search.cjs", &[&start, SEARCH_QUERY]).passed("");
}

/// What search forgives (stems, typos, unfinished words) and the contents' highlight
/// after a jump to a result: the shipped site, plus one Chinese page (it has none).
#[test]
fn search_queries_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = shipped_site();
    site.file(
        "content/zh.md",
        "+++\ntitle = \"合肥新能源汽车概况\"\n+++\n合肥是中国新能源汽车产业的重要基地，地方政府也提供补贴。\n\n\
         ## 购车补贴 {#butie}\n\n购买电动汽车的市民可以获得补贴。\n",
    );
    let out = site.tmp().join("public");
    build(site.root(), &out);
    let server = StaticServer::start(&out);
    node("search_queries.cjs", &[&server.url()]).passed("");
}

/// Copy buttons and content tabs on the showcase fixture (`tests/fixtures/showcase`),
/// with and without JavaScript, light and dark.
#[test]
fn widgets_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = Site::fixture("showcase");
    let out = site.tmp().join("public");
    build(site.root(), &out);
    let server = StaticServer::start(&out);
    node(
        "widgets.cjs",
        &["site", &server.url(), &path_str(site.root())],
    )
    .passed("");
}

/// The widgets of the showcase built with relative URLs and opened from file://, where
/// folio.js loads widgets.js beside itself and copying may need the fallback.
#[test]
fn widgets_from_file_urls_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = Site::fixture("showcase");
    let config = site.read("config.toml");
    site.file("config.toml", &with_relative_urls(&config));
    let out = site.tmp().join("public");
    build(site.root(), &out);
    let start = format!("file://{}/", path_str(&out));
    node("widgets.cjs", &["file", &start, &path_str(site.root())]).passed("");
}

/// The contrast of `folio serve`'s error overlay (axe), light and dark, by the system
/// setting and by the theme's toggle, on a scratch copy of the showcase fixture.
#[test]
fn error_overlay_contrast_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = Site::fixture("showcase");
    let mut cmd = Command::new(FOLIO);
    cmd.args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env_remove("FOLIO_TIMINGS")
        .env("XDG_CACHE_HOME", site.tmp().join("cache"));
    let serve = Proc::spawn(cmd, "folio serve", "");
    let url = serve.url_line("Serving ", Duration::from_secs(60));
    let run = node("widgets.cjs", &["overlay", &url, &path_str(site.root())]);
    run.passed(&serve.output());
}

/// The sidebar of a site of 750 pages (so sections off the reader's path are closed and
/// load their children from `_nav/` files), over http and from file://.
#[test]
fn large_site_sidebar_in_a_real_browser() {
    let _one = one_browser_at_a_time();
    let site = large_nav_site();
    let out = site.tmp().join("public");
    build(site.root(), &out);
    {
        let server = StaticServer::start(&out);
        node("nav.cjs", &[&format!("{}a/a-200/", server.url())]).passed("");
    }
    let config = site.read("config.toml");
    site.file("config.toml", &with_relative_urls(&config));
    let out = site.tmp().join("relative");
    build(site.root(), &out);
    let start = format!("file://{}/a/a-200/index.html", path_str(&out));
    node("nav.cjs", &[&start]).passed("");
}

/// The site `tests/browser/nav.cjs` expects: `a/` with 400 pages ("A 001" at
/// `a/a-001/` …), `b/` with 30 pages and then `b/sub/` with 300 (two navigation file
/// chunks), and `c/` with 20, each child weighted in that order.
fn large_nav_site() -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Nav\"\nbase_url = \"https://example.com/\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Nav\"\n+++\n");
    // (folder, title, weight, page slug and title prefix, pages, digits)
    let sections = [
        ("a", "A", 1, "a", 400, 3),
        ("b", "B", 2, "b", 30, 2),
        ("b/sub", "Sub", 31, "s", 300, 3),
        ("c", "C", 3, "c", 20, 2),
    ];
    for (dir, title, weight, prefix, pages, digits) in sections {
        site.file(
            &format!("content/{dir}/_index.md"),
            &format!("+++\ntitle = \"{title}\"\nweight = {weight}\n+++\n"),
        );
        let name = prefix.to_uppercase();
        for i in 1..=pages {
            let page = format!("{name} {i:0digits$}");
            site.file(
                &format!("content/{dir}/{prefix}-{i:0digits$}.md"),
                &format!("+++\ntitle = \"{page}\"\nweight = {i}\n+++\nThe body of {page}.\n"),
            );
        }
    }
    site
}

/// The repository root, which holds the shipped site.
fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn path_str(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_string()
}

/// Each test starts a chromium; one at a time keeps a two-core machine responsive.
fn one_browser_at_a_time() -> MutexGuard<'static, ()> {
    static BROWSER: Mutex<()> = Mutex::new(());
    // A failed test poisons the lock; the next one may still run.
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

/// A scratch copy of the shipped site: config.toml and its folders.
fn shipped_site() -> Site {
    let site = Site::empty();
    std::fs::copy(repo().join("config.toml"), site.path("config.toml")).expect("copy config.toml");
    for dir in ["content", "themes", "static", "templates", "data"] {
        let from = repo().join(dir);
        if from.is_dir() {
            copy_dir(&from, &site.path(dir));
        }
    }
    site
}

/// `config` with `relative_urls = true` among its top-level keys.
fn with_relative_urls(config: &str) -> String {
    let kept: Vec<&str> = config
        .lines()
        .filter(|l| !l.trim_start().starts_with("relative_urls"))
        .collect();
    format!("relative_urls = true\n{}\n", kept.join("\n"))
}

/// `folio build --root <root> --output-dir <out>`, which must succeed. Its highlighting
/// cache goes beside `out`, not into the user's cache folder.
fn build(root: &Path, out: &Path) {
    let output = Command::new(FOLIO)
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output-dir")
        .arg(out)
        .env_remove("FOLIO_TIMINGS")
        .env("XDG_CACHE_HOME", out.with_file_name("cache"))
        .output()
        .expect("run folio build");
    assert!(
        output.status.success(),
        "folio build failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// What one browser script did.
struct NodeRun {
    script: String,
    status: Option<ExitStatus>,
    output: String,
}

impl NodeRun {
    /// Asserts the script passed; on failure prints its output and then `context`.
    #[track_caller]
    fn passed(self, context: &str) {
        // Shown by `cargo test -- --nocapture`, and always with a failure.
        println!("{}", self.output);
        let status = match self.status {
            Some(s) => s.to_string(),
            None => format!("still running after {} s; stopped", NODE_LIMIT.as_secs()),
        };
        assert!(
            self.status.is_some_and(|s| s.success()),
            "`node tests/browser/{}` failed ({status}):\n{}{}",
            self.script,
            self.output,
            if context.is_empty() {
                String::new()
            } else {
                format!("\n--- server output ---\n{context}")
            }
        );
    }
}

/// Runs `node tests/browser/<script> <args>` from the repository root.
fn node(script: &str, args: &[&str]) -> NodeRun {
    let dir = repo().join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed in tests/browser/node_modules: {INSTALL_HINT}"
    );
    let mut cmd = Command::new("node");
    cmd.arg(dir.join(script)).args(args).current_dir(repo());
    let mut proc = Proc::spawn(cmd, "node", "install Node.js 20, then ");
    let status = proc.wait(NODE_LIMIT);
    NodeRun {
        script: script.to_string(),
        status,
        output: proc.output(),
    }
}

/// A child process with its output collected line by line; stopped when dropped.
struct Proc {
    child: Child,
    name: &'static str,
    /// stdout and stderr, interleaved as the lines arrive.
    output: Arc<Mutex<String>>,
    /// stdout lines, for waiting on a particular one.
    lines: Receiver<String>,
    readers: Vec<JoinHandle<()>>,
}

impl Proc {
    /// Starts `cmd`; `hint` prefixes the install hint when it cannot start.
    fn spawn(mut cmd: Command, name: &'static str, hint: &str) -> Proc {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({e}); {hint}{INSTALL_HINT}"));
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("piped stdout");
        let err = child.stderr.take().expect("piped stderr");
        let readers = vec![
            collect(out, Arc::clone(&output), Some(tx)),
            collect(err, Arc::clone(&output), None),
        ];
        Proc {
            child,
            name,
            output,
            lines,
            readers,
        }
    }

    /// Waits for the first stdout line starting with `prefix` and returns the
    /// `http://…/` URL in it.
    fn url_line(&self, prefix: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => {
                    let url = line
                        .split_whitespace()
                        .find(|w| w.starts_with("http://"))
                        .unwrap_or_else(|| panic!("no URL in {line:?}"));
                    return url.to_string();
                }
                Ok(_) => {}
                Err(_) => panic!(
                    "{} printed no {prefix:?} line within {} s:\n{}",
                    self.name,
                    limit.as_secs(),
                    self.output()
                ),
            }
        }
    }

    /// Waits up to `limit` for the process to exit, then for its output to be read.
    fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        let status = loop {
            match self.child.try_wait().expect("poll the child process") {
                Some(status) => break Some(status),
                None if Instant::now() >= deadline => break None,
                None => thread::sleep(Duration::from_millis(50)),
            }
        };
        // A grandchild could hold the pipes open; do not wait on it for long.
        let drained = Instant::now() + Duration::from_secs(5);
        while self.readers.iter().any(|r| !r.is_finished()) && Instant::now() < drained {
            thread::sleep(Duration::from_millis(20));
        }
        status
    }

    fn output(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if !matches!(self.child.try_wait(), Ok(None)) {
            return;
        }
        // SIGTERM first: node then closes the chromium it started (playwright handles it).
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A thread appending each line of `pipe` to `output` (and sending it to `tx`).
fn collect(
    pipe: impl Read + Send + 'static,
    output: Arc<Mutex<String>>,
    tx: Option<mpsc::Sender<String>>,
) -> JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            {
                let mut all = output.lock().unwrap_or_else(|e| e.into_inner());
                all.push_str(&line);
                all.push('\n');
            }
            if let Some(tx) = &tx {
                tx.send(line).ok();
            }
        }
    })
}

/// A small static file server for a built site on 127.0.0.1 (a free port), stopped
/// when dropped. `dir/` serves `dir/index.html`, `dir` redirects to `dir/`, and a
/// missing file gets the site's 404 page.
struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("listen on 127.0.0.1");
        let addr = listener.local_addr().expect("the bound address");
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                thread::spawn(move || {
                    // A browser may drop a connection halfway; that is not a test failure.
                    let _ = respond(stream, &root);
                });
            }
        });
        StaticServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one request (GET or HEAD) from the files under `root`, then closes.
fn respond(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    let mut words = request.split_whitespace();
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("/");
    let raw = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned();
    let rel = path.trim_start_matches('/');
    let mut file: PathBuf = root.join(rel);
    let (status, location) = if rel.split('/').any(|part| part == "..") {
        ("403 Forbidden", None)
    } else if file.is_dir() && !path.ends_with('/') {
        ("301 Moved Permanently", Some(format!("{raw}/")))
    } else {
        if file.is_dir() {
            file = file.join("index.html");
        }
        if file.is_file() {
            ("200 OK", None)
        } else {
            file = root.join("404.html");
            ("404 Not Found", None)
        }
    };
    let body = if status.starts_with("200") || status.starts_with("404") {
        std::fs::read(&file).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        content_type(&file),
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}
