//! `folio serve`: build in memory, serve on 127.0.0.1, rebuild on every save and
//! live-reload the browser. Never writes to the output folder.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::config::Config;
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
    let listener = match std::net::TcpListener::bind(SocketAddr::new(args.interface, args.port)) {
        Ok(l) => l,
        // A port another server holds: say how to pick another.
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => anyhow::bail!(
            "port {} on {} is already in use (another `folio serve`?); pass `--port <N>` for another port, or `--port 0` for any free one",
            args.port,
            args.interface
        ),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("failed to listen on {}:{}", args.interface, args.port));
        }
    };
    let addr = listener
        .local_addr()
        .context("failed to read the bound address")?;
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let base_url = format!("http://{host}:{}/", addr.port());
    let start = Start {
        root: root.clone(),
        config_file: config_file.clone(),
        base_url: base_url.clone(),
        options: BuildOptions {
            drafts: args.site.drafts,
            no_cachebust: true,
            ..Default::default()
        },
        disk_cache: !args.site.no_cache,
    };
    let (tx, rx) = mpsc::channel();
    // A site that does not build yet is served as its error, and built again on the
    // next save, so an author never has to restart the server.
    let (server, rebuilder, watcher) = match start.build() {
        Ok(r) => {
            let (pages, sections) = r.site.counts();
            let watcher = watch::start(&root, &r.config, &config_file, args.poll, tx)?;
            crate::say!(
                "Serving {pages} pages and {sections} sections at {base_url} (Ctrl+C to stop)"
            );
            (
                Server::new(snapshot(&r), crate::serve::allowed_hosts(addr)),
                Some(r),
                watcher,
            )
        }
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!("error: {message}");
            let config = Config::load_file(&config_file).unwrap_or_default();
            let watcher = watch::start(&root, &config, &config_file, args.poll, tx)?;
            crate::say!(
                "Serving at {base_url} as soon as the site builds: fix the error above (Ctrl+C to stop)"
            );
            let snapshot = Snapshot {
                error: Some(message),
                ..Snapshot::default()
            };
            (
                Server::new(snapshot, crate::serve::allowed_hosts(addr)),
                None,
                watcher,
            )
        }
    };
    let srv = server.clone();
    thread::spawn(move || rebuild_loop(start, rebuilder, watcher, rx, srv));

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
        crate::serve::listen::serve(
            listener,
            server.router(),
            crate::serve::listen::header_timeout(),
            async {
                tokio::signal::ctrl_c().await.ok();
            },
        )
        .await;
        anyhow::Ok(())
    })?;
    crate::say!("Stopped.");
    Ok(())
}

/// What the first build needs, kept to try again after a failed start.
struct Start {
    root: std::path::PathBuf,
    config_file: std::path::PathBuf,
    base_url: String,
    options: BuildOptions,
    disk_cache: bool,
}

impl Start {
    fn build(&self) -> anyhow::Result<Rebuilder> {
        Rebuilder::new(
            &self.root,
            &self.config_file,
            Some(self.base_url.clone()),
            self.options.clone(),
            self.disk_cache,
        )
    }
}

fn snapshot(r: &Rebuilder) -> Snapshot {
    let real = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut roots = vec![real(&r.root)];
    roots.extend(r.site.theme.theme_dir.as_deref().map(real));
    Snapshot {
        files: r.site.files.clone(),
        statics: r.site.statics.clone(),
        roots,
        error: None,
    }
}

/// Applies batches one at a time; batches that arrive during a rebuild are merged
/// into the next one, so two builds never run at once and a burst causes one rebuild.
fn rebuild_loop(
    start: Start,
    mut rebuilder: Option<Rebuilder>,
    mut watcher: watch::Watcher,
    rx: mpsc::Receiver<Vec<std::path::PathBuf>>,
    server: Server,
) {
    while let Some(paths) = watch::next_batch(&rx) {
        let Some(rebuilder) = rebuilder.as_mut() else {
            match start.build() {
                Ok(r) => {
                    watcher.refresh(&r.root, &r.config, &r.site.data_dirs_list());
                    crate::say!("The site builds again: {} pages", r.site.counts().0);
                    server.publish(snapshot(&r));
                    server.notify(Notice::Ok);
                    server.notify(Notice::Reload(None));
                    rebuilder = Some(r);
                }
                Err(e) => {
                    let message = format!("{e:#}");
                    eprintln!("error: {message}");
                    server.set_error(Some(message.clone()));
                    server.notify(Notice::Error(message));
                }
            }
            continue;
        };
        watcher.refresh(
            &rebuilder.root,
            &rebuilder.config,
            &rebuilder.site.data_dirs_list(),
        );
        let Some(outcome) = rebuilder.apply_settled(&paths, &rx) else {
            continue;
        };
        crate::say!("{}", outcome.line());
        match &outcome.error {
            Some(e) => {
                eprintln!("error: {e}");
                server.set_error(Some(e.clone()));
                server.notify(Notice::Error(e.clone()));
            }
            None => {
                let had_error = server.current().error.is_some();
                server.publish(snapshot(rebuilder));
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
                    server.publish(snapshot(rebuilder));
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
