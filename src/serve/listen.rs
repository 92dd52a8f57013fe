//! `folio serve`'s accept loop: each connection is served by hyper's HTTP/1.1 server
//! with a request-header timeout, which `axum::serve` does not offer.
//!
//! hyper starts the timer whenever it waits for a request head: when a connection
//! opens and again when it falls idle after a response. So one timeout closes a client
//! that sends half a header (or trickles it), one that connects and sends nothing, and
//! an idle keep-alive connection. A response in progress is never timed out: the
//! live-reload event stream is one long response, and stays open while it lasts.
//! On shutdown the loop stops accepting, asks every connection to close after its
//! current response, and waits briefly for them; what is still open then (an event
//! stream, which never ends by itself) is dropped.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How long a connection may take to send a request head, and stay idle between
/// requests, before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long shutdown waits for open connections to finish their responses.
const DRAIN: Duration = Duration::from_secs(2);

/// The header timeout: `HEADER_TIMEOUT`, or `FOLIO_TEST_HEADER_TIMEOUT_MS` (for tests,
/// which cannot wait ten seconds per case).
pub fn header_timeout() -> Duration {
    std::env::var("FOLIO_TEST_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(HEADER_TIMEOUT, Duration::from_millis)
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, router.clone(), header_timeout, closed.clone()));
                }
                // Out of file descriptors, say: wait for connections to close.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    closing.send(true).ok();
    let drained = async { while connections.join_next().await.is_some() {} };
    tokio::time::timeout(DRAIN, drained).await.ok();
    // Connections still open (a response that would not end) are dropped here.
}

/// Serves one connection until it closes, times out, or the server shuts down.
async fn connection(
    stream: tokio::net::TcpStream,
    router: Router,
    header_timeout: Duration,
    mut closed: watch::Receiver<bool>,
) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router));
    let mut conn = std::pin::pin!(conn);
    let mut closing = false;
    loop {
        tokio::select! {
            // Errors here are a client's (a timeout, a reset); nothing to report.
            _ = conn.as_mut() => return,
            changed = closed.changed(), if !closing => {
                closing = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
