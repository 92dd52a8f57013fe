//! `folio check --external`: with the `external-links` feature (the default) it fetches
//! links to other sites and reports the unreachable ones without failing; a build
//! without it refuses `--external` with a message saying how to get it. Both cases use
//! only the loopback interface: one link to a tiny local HTTP server, one to a closed port.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::util::*;

/// A site whose home page links to `reachable` and `unreachable`, on a minimal theme
/// (so that nothing else on the page is a link to another site).
fn site_linking_to(reachable: &str, unreachable: &str) -> Site {
    let site = Site::empty();
    site.file("config.toml", "title = \"T\"\ntheme = \"t\"\n");
    site.file("themes/t/theme.toml", "name = \"t\"\n");
    site.file(
        "themes/t/templates/index.html",
        "{{ section.content | safe }}",
    );
    site.file(
        "themes/t/templates/section.html",
        "{{ section.content | safe }}",
    );
    site.file(
        "content/_index.md",
        &format!("+++\ntitle = \"Home\"\n+++\n[up]({reachable}) and [down]({unreachable})\n"),
    );
    site
}

/// `folio check --external`, with no proxy from the environment in the way.
fn check_external(site: &Site) -> Run {
    let mut cmd = site.command(&["check", "--external"]);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    Run::of(cmd, &["check", "--external"])
}

/// A port on the loopback interface that nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().unwrap().port()
}

/// Answers every connection on a free loopback port with an empty `200 OK`, on a
/// thread that lives as long as the test process. Returns the port.
fn ok_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    port
}

#[cfg(feature = "external-links")]
#[test]
fn check_external_reports_an_unreachable_link_without_failing() {
    let up = format!("http://127.0.0.1:{}/ok", ok_server());
    let down = format!("http://127.0.0.1:{}/gone", closed_port());
    let site = site_linking_to(&up, &down);
    let run = check_external(&site).success();
    assert_contains(
        &run.stdout,
        "Checked 2 external links: 1 could not be reached",
    );
    assert_contains(&run.stderr, &format!("cannot reach `{down}`"));
    assert_not_contains(&run.stderr, &up);
}

#[cfg(not(feature = "external-links"))]
#[test]
fn check_external_without_the_feature_says_how_to_get_it() {
    let up = format!("http://127.0.0.1:{}/ok", ok_server());
    let down = format!("http://127.0.0.1:{}/gone", closed_port());
    let site = site_linking_to(&up, &down);
    let run = check_external(&site).failure().stderr_has(&[
        "without the `external-links` feature",
        "cargo install --locked --path .",
    ]);
    assert_not_contains(&run.stdout, "Checked");
    // Plain `check` still works in such a build.
    site.run(&["check"]).success();
}
