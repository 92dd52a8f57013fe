//! `folio check --external`: links to other sites, fetched with a timeout and a limit
//! on concurrent requests. A failure is reported, never fatal: other sites go down
//! and come back, and a build should not depend on them.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Checks each URL with a HEAD request (falling back to GET), `workers` at a time.
/// Returns one message per URL that could not be fetched.
pub fn check(urls: &[(String, PathBuf)], timeout: Duration, workers: usize) -> Vec<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(true)
        .build()
        .into();
    let next = Mutex::new(0usize);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1).min(urls.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some((url, file)) = urls.get(i) else {
                        break;
                    };
                    let ok = agent.head(url).call().is_ok() || agent.get(url).call().is_ok();
                    if !ok {
                        let err = agent
                            .get(url)
                            .call()
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default();
                        failures
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(format!("{}: cannot reach `{url}`: {err}", file.display()));
                    }
                }
            });
        }
    });
    let mut out = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    out.sort();
    out
}
