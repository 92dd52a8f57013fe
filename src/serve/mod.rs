//! `folio serve`'s HTTP side: the site from memory on 127.0.0.1, live reload as
//! Server-Sent Events, and an error overlay.
//!
//! Requests are answered from an immutable `Snapshot` that is swapped whole after each
//! successful rebuild, so a reader never sees a half-built site, and the output folder
//! of `folio build` is never touched. Static files are read from their source folders.
//! axum (on hyper and tokio) is the HTTP stack: it is maintained, small with only the
//! `http1` and `tokio` features, and what Zola and mdBook moved to. `listen.rs` accepts
//! connections itself, to time out slow and idle clients.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::Stream;
use tokio::sync::broadcast;

use crate::render::theme::StaticSource;

pub mod listen;

const SCRIPT: &str = include_str!("livereload.js");
const EVENTS: &str = "/__folio/events";
const SCRIPT_PATH: &str = "/__folio/livereload.js";

/// What the server answers from, swapped whole after each good build.
#[derive(Default)]
pub struct Snapshot {
    pub files: BTreeMap<String, Arc<Vec<u8>>>,
    pub statics: BTreeMap<String, StaticSource>,
    /// The canonical folders static files may be read from (the site and its theme):
    /// a file that has become a link out of them since the build is not served.
    pub roots: Vec<std::path::PathBuf>,
    /// The current build error, shown as an overlay on every page until fixed.
    pub error: Option<String>,
}

/// A message to the browsers.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Pages changed; `None` means reload every page.
    Reload(Option<Vec<String>>),
    Css,
    Error(String),
    Ok,
}

/// Shared server state.
#[derive(Clone)]
pub struct Server {
    pub snapshot: Arc<RwLock<Arc<Snapshot>>>,
    pub notices: broadcast::Sender<Notice>,
    /// The `Host` values requests may carry (see `allowed_hosts`).
    hosts: Arc<Vec<String>>,
}

/// The `Host` header values the server at `addr` answers: the address it listens on
/// and, on a loopback or unspecified address, the loopback names, each with the port
/// or without one. Any other host is a page elsewhere reaching the server through DNS
/// rebinding, and gets a 403.
pub fn allowed_hosts(addr: std::net::SocketAddr) -> Vec<String> {
    let mut names = vec![match addr.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    }];
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        names.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
    }
    let port = addr.port();
    names
        .iter()
        .flat_map(|n| [n.clone(), format!("{n}:{port}")])
        .collect()
}

impl Server {
    /// A server for `snapshot` that answers requests for `hosts` only.
    pub fn new(snapshot: Snapshot, hosts: Vec<String>) -> Server {
        let (notices, _) = broadcast::channel(64);
        Server {
            snapshot: Arc::new(RwLock::new(Arc::new(snapshot))),
            notices,
            hosts: Arc::new(hosts),
        }
    }

    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Replaces the snapshot; readers holding the old one finish with it.
    pub fn publish(&self, snapshot: Snapshot) {
        if let Ok(mut s) = self.snapshot.write() {
            *s = Arc::new(snapshot);
        }
    }

    /// Keeps the files but records (or clears) the build error.
    pub fn set_error(&self, error: Option<String>) {
        let cur = self.current();
        self.publish(Snapshot {
            files: cur.files.clone(),
            statics: cur.statics.clone(),
            roots: cur.roots.clone(),
            error,
        });
    }

    pub fn notify(&self, notice: Notice) {
        // No browser listening is fine.
        self.notices.send(notice).ok();
    }

    pub fn router(self) -> Router {
        let hosts = self.hosts.clone();
        Router::new()
            .route(EVENTS, axum::routing::get(events))
            .route(SCRIPT_PATH, axum::routing::get(script))
            .fallback(file)
            .layer(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| {
                    let hosts = hosts.clone();
                    async move {
                        match refusal(&hosts, req.headers()) {
                            None => next.run(req).await,
                            Some(refused) => refused,
                        }
                    }
                },
            ))
            .with_state(self)
    }
}

/// The answer to a request whose `Host` is not one the server listens as.
fn refusal(hosts: &[String], headers: &axum::http::HeaderMap) -> Option<Response> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return None;
    }
    Some((
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "folio serve answers requests for {} only, not for host `{host}` (start it with --interface to listen elsewhere)\n",
            hosts.join(", ")
        ),
    )
        .into_response())
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn events(
    State(server): State<Server>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = server.notices.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(notice) => Some((Ok(to_event(&notice)), rx)),
            // Missed notices: reloading every page is always safe.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                Some((Ok(to_event(&Notice::Reload(None))), rx))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(n: &Notice) -> Event {
    match n {
        Notice::Reload(paths) => {
            let data = match paths {
                Some(p) => serde_json::json!({ "all": false, "paths": p }),
                None => serde_json::json!({ "all": true, "paths": [] }),
            };
            Event::default().event("reload").data(data.to_string())
        }
        Notice::Css => Event::default().event("css").data("{}"),
        Notice::Error(msg) => Event::default().event("error").data(msg.clone()),
        Notice::Ok => Event::default().event("ok").data("{}"),
    }
}

/// Decodes and checks a request path. `None` for anything that tries to leave the
/// site (`..`, encoded or not), or holds backslashes or NUL bytes.
pub fn clean_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

async fn file(State(server): State<Server>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(path) = clean_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let snap = server.current();
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = snap.files.get(&key) {
        return respond(&snap, &key, bytes.as_ref().clone(), StatusCode::OK);
    }
    if let Some(src) = snap.statics.get(&key) {
        let bytes = match src {
            StaticSource::Embedded(b) => Ok(b.to_vec()),
            StaticSource::Bytes(b) => Ok(b.to_vec()),
            StaticSource::Disk(p) => {
                let (p, roots) = (p.clone(), snap.roots.clone());
                tokio::task::spawn_blocking(move || read_confined(&p, &roots))
                    .await
                    .unwrap_or_else(|e| Err(std::io::Error::other(e)))
            }
        };
        if let Ok(bytes) = bytes {
            return respond(&snap, &key, bytes, StatusCode::OK);
        }
    }
    if !path.ends_with('/') && snap.files.contains_key(&format!("{path}/index.html")) {
        let location = format!("/{path}/");
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    // Without a 404 page (or without a site yet, when the first build failed) a small
    // one carries the error overlay and live reload.
    let page = match snap.files.get("404.html") {
        Some(b) => b.as_ref().clone(),
        None => b"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><p>Not found.</p></body></html>\n".to_vec(),
    };
    respond(&snap, "404.html", page, StatusCode::NOT_FOUND)
}

/// Reads a static file if it is a regular file inside `roots` once opened: the path
/// of the open file is checked, not the name, so a link swapped in after the check
/// cannot lead elsewhere. Opened without waiting, so a FIFO cannot hold a thread.
fn read_confined(path: &std::path::Path, roots: &[std::path::PathBuf]) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
            .open(path)?
    };
    #[cfg(not(unix))]
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    #[cfg(target_os = "linux")]
    let real = {
        use std::os::fd::AsRawFd;
        std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
            .or_else(|_| path.canonicalize())?
    };
    #[cfg(not(target_os = "linux"))]
    let real = path.canonicalize()?;
    if !roots.iter().any(|r| real.starts_with(r)) {
        return Err(std::io::Error::other("outside the site folder"));
    }
    let mut bytes = Vec::new();
    (&file).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn respond(snap: &Snapshot, key: &str, mut bytes: Vec<u8>, status: StatusCode) -> Response {
    let mime = if key.ends_with(".html") {
        "text/html; charset=utf-8".to_string()
    } else {
        let m = mime_guess::from_path(key).first_or_octet_stream();
        match m.type_() {
            mime_guess::mime::TEXT => format!("{m}; charset=utf-8"),
            _ if m.subtype() == "javascript" || m.subtype() == "json" || m.subtype() == "xml" => {
                format!("{m}; charset=utf-8")
            }
            _ => m.to_string(),
        }
    };
    if key.ends_with(".html") {
        bytes = inject(bytes, snap.error.as_deref());
    }
    let mut res = Response::new(Body::from(bytes));
    *res.status_mut() = status;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Adds the live-reload script (and the current error, if any) before `</body>`.
fn inject(html: Vec<u8>, error: Option<&str>) -> Vec<u8> {
    let mut tag = String::new();
    if let Some(e) = error {
        let json = serde_json::to_string(e)
            .unwrap_or_default()
            .replace("</", "<\\/");
        tag.push_str(&format!("<script>window.__FOLIO_ERROR__={json};</script>"));
    }
    tag.push_str(&format!("<script src=\"{SCRIPT_PATH}\" defer></script>"));
    let needle = b"</body>";
    match html.windows(needle.len()).rposition(|w| w == needle) {
        Some(i) => {
            let mut out = Vec::with_capacity(html.len() + tag.len());
            out.extend_from_slice(&html[..i]);
            out.extend_from_slice(tag.as_bytes());
            out.extend_from_slice(&html[i..]);
            out
        }
        None => {
            let mut out = html;
            out.extend_from_slice(tag.as_bytes());
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_paths() {
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(clean_path("/a/b/").as_deref(), Some("a/b/"));
        assert_eq!(clean_path("/a/%C3%A9.css").as_deref(), Some("a/é.css"));
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/x",
            "/a/%2E%2E/x",
            "/a%5c..%5cx",
            "/a%00",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(
            b"<html><body>x</body></html>".to_vec(),
            Some("e </script>"),
        ))
        .unwrap();
        assert!(out.contains("x<script>window.__FOLIO_ERROR__=\"e <\\/script>\";</script><script src=\"/__folio/livereload.js\" defer></script></body>"), "{out}");
    }
}
