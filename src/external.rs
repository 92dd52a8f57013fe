//! `folio check --external`: links to other sites, fetched with a timeout and a limit
//! on concurrent requests. A failure is reported, never fatal: other sites go down
//! and come back, and a build should not depend on them.
//!
//! The fetching (ureq with rustls) is the `external-links` cargo feature, on by
//! default. A build without it (`--no-default-features`) refuses `--external` with
//! `UNAVAILABLE` rather than skip the links silently.

#[cfg(feature = "external-links")]
use std::path::PathBuf;
#[cfg(feature = "external-links")]
use std::sync::Mutex;
#[cfg(feature = "external-links")]
use std::time::Duration;

/// What `check --external` says in a build without the `external-links` feature.
pub const UNAVAILABLE: &str = "this folio was built without the `external-links` feature, so `check --external` cannot fetch links to other sites; build folio with its default features (`cargo install --locked --path .`), or add `--features external-links` to a build with `--no-default-features`";

/// Whether this build can fetch links to other sites.
pub const AVAILABLE: bool = cfg!(feature = "external-links");

/// Fails with `UNAVAILABLE` in a build without the `external-links` feature.
pub fn ensure_available() -> anyhow::Result<()> {
    if AVAILABLE {
        Ok(())
    } else {
        anyhow::bail!(UNAVAILABLE)
    }
}

/// Checks each URL with a HEAD request (falling back to GET), `workers` at a time.
/// Returns one message per URL that could not be fetched.
#[cfg(feature = "external-links")]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_follows_the_feature() {
        assert_eq!(ensure_available().is_ok(), cfg!(feature = "external-links"));
        assert!(UNAVAILABLE.contains("`external-links` feature"));
        assert!(UNAVAILABLE.contains("cargo install --locked --path ."));
    }
}
