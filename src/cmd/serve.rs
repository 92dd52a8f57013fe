//! `folio serve`: build in memory, serve on 127.0.0.1, rebuild on every save and
//! live-reload the browser. Never writes to the output folder.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::serve::{Notice, Server, Snapshot};
use crate::site::BuildOptions;
use crate::watch::{self, Rebuilder};

pub fn run(args: &ServeArgs) -> Result<()> {
    let root = std::fs::canonicalize(&args.site.root)
        .with_context(|| format!("no site folder at `{}`", args.site.root.display()))?;
    let config_file = match &args.site.config {
        Some(f) => std::fs::canonicalize(f)
            .with_context(|| format!("no config file at `{}`", f.display()))?,
        None => root.join("config.toml"),
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(args.interface, args.port))
        .with_context(|| format!("failed to listen on {}:{}", args.interface, args.port))?;
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let base_url = format!("http://{host}:{}/", addr.port());
    let options = BuildOptions {
        drafts: args.site.drafts,
        no_cachebust: true,
    };
    let rebuilder = Rebuilder::new(
        &root,
        &config_file,
        Some(base_url.clone()),
        options,
        !args.site.no_cache,
    )?;
    let (pages, sections) = rebuilder.site.counts();
    let server = Server::new(snapshot(&rebuilder));

    let (tx, rx) = mpsc::channel();
    let watcher = watch::start(&root, &rebuilder.config, args.poll, tx)?;
    let srv = server.clone();
    thread::spawn(move || rebuild_loop(rebuilder, watcher, rx, srv));

    println!("Serving {pages} pages and {sections} sections at {base_url} (Ctrl+C to stop)");
    if args.open {
        open_browser(&base_url);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .context("failed to configure the listener")?;
        let listener =
            tokio::net::TcpListener::from_std(listener).context("failed to use the listener")?;
        axum::serve(listener, server.router())
            .with_graceful_shutdown(async {
                tokio::signal::ctrl_c().await.ok();
            })
            .await
            .context("the server stopped with an error")
    })?;
    println!("Stopped.");
    Ok(())
}

fn snapshot(r: &Rebuilder) -> Snapshot {
    Snapshot {
        files: r.site.files.clone(),
        statics: r.site.statics.clone(),
        error: None,
    }
}

/// Applies batches one at a time; batches that arrive during a rebuild are merged
/// into the next one, so two builds never run at once and a burst causes one rebuild.
fn rebuild_loop(
    mut rebuilder: Rebuilder,
    mut watcher: watch::Watcher,
    rx: mpsc::Receiver<Vec<std::path::PathBuf>>,
    server: Server,
) {
    while let Some(paths) = watch::next_batch(&rx) {
        watcher.refresh(&rebuilder.root, &rebuilder.config);
        let Some(outcome) = rebuilder.apply(&paths) else {
            continue;
        };
        println!("{}", outcome.line());
        match &outcome.error {
            Some(e) => {
                eprintln!("error: {e}");
                server.set_error(Some(e.clone()));
                server.notify(Notice::Error(e.clone()));
            }
            None => {
                let had_error = server.current().error.is_some();
                server.publish(snapshot(&rebuilder));
                if had_error {
                    server.notify(Notice::Ok);
                }
                if outcome.css_only {
                    server.notify(Notice::Css);
                } else if !outcome.statics.is_empty()
                    && outcome.changed.as_ref().is_some_and(|c| c.is_empty())
                {
                    server.notify(Notice::Reload(None));
                } else {
                    server.notify(Notice::Reload(outcome.changed.clone()));
                }
                // The edited page is up; now the search index, which no page shows.
                if !rebuilder.finish_search().is_empty() {
                    server.publish(snapshot(&rebuilder));
                }
            }
        }
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
