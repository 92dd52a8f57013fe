//! `folio watch`: rebuild the output folder on every change, without a server.
//!
//! The first build and every full rebuild swap the whole folder in atomically; an
//! incremental rebuild rewrites only the files whose bytes changed, each one
//! atomically, and copies changed static files.

use std::sync::mpsc;

use anyhow::{Context, Result};

use crate::cli::WatchArgs;
use crate::output;
use crate::site::BuildOptions;
use crate::watch::{self, Rebuilder};

pub fn run(args: &WatchArgs) -> Result<()> {
    let (root, config) = super::load_config(&args.site, None)?;
    let root = std::fs::canonicalize(&root)
        .with_context(|| format!("no site folder at `{}`", root.display()))?;
    let config_file = match &args.site.config {
        Some(f) => std::fs::canonicalize(f)
            .with_context(|| format!("no config file at `{}`", f.display()))?,
        None => root.join("config.toml"),
    };
    let out = args
        .output_dir
        .clone()
        .unwrap_or_else(|| config.output_path(&root));
    output::check_output_dir(&root, &out)?;
    // Held while watching: a `build` into the same folder says who holds it.
    let _lock = crate::lock::lock_output(&out, "watch")?;
    let options = BuildOptions {
        drafts: args.site.drafts,
        ..Default::default()
    };
    // Watch before the first build, so that a save made while it runs (or right after
    // the line below) is not lost.
    let (tx, rx) = mpsc::channel();
    let mut watcher = watch::start(&root, &config, &config_file, args.poll, tx)?;
    let mut rebuilder = Rebuilder::new(&root, &config_file, None, options, !args.site.no_cache)?;
    let n = output::write(
        &out,
        &rebuilder.site.file_list(),
        &published(&rebuilder.site),
        rebuilder.config.compress,
    )?;
    crate::say!(
        "Built {n} files into {}; watching for changes (Ctrl+C to stop)",
        out.display()
    );
    while let Some(paths) = watch::next_batch(&rx) {
        watcher.refresh(
            &rebuilder.root,
            &rebuilder.config,
            &rebuilder.site.data_dirs_list(),
        );
        let Some(outcome) = rebuilder.apply_settled(&paths, &rx) else {
            continue;
        };
        if let Some(e) = &outcome.error {
            crate::say!("{}", outcome.line());
            eprintln!("error: {e}");
            continue;
        }
        let search = rebuilder.finish_search();
        let site = &rebuilder.site;
        let changed = outcome.changed.clone().map(|mut c| {
            c.extend(search);
            c
        });
        // A path that is no longer built must disappear: swap the whole folder then.
        let removed = changed
            .as_ref()
            .is_some_and(|c| c.iter().any(|p| !site.files.contains_key(p)));
        let result = match &changed {
            Some(changed) if !outcome.structural && !removed => {
                let files: Vec<(&str, &[u8])> = changed
                    .iter()
                    .filter_map(|p| site.files.get(p).map(|b| (p.as_str(), b.as_slice())))
                    .collect();
                let statics: Vec<_> = outcome
                    .statics
                    .iter()
                    .filter_map(|p| site.statics.get(p).map(|s| (p.clone(), s.clone())))
                    .collect();
                let statics =
                    output::minify::theme_assets(statics, site.theme.theme_dir.as_deref());
                output::update(&out, &files, &statics, site.config.compress)
            }
            // Removed outputs: swap the whole folder so nothing stale stays.
            _ => output::write(
                &out,
                &site.file_list(),
                &published(site),
                site.config.compress,
            )
            .map(|_| ()),
        };
        result.with_context(|| format!("failed to update `{}`", out.display()))?;
        crate::say!("{}", outcome.line());
    }
    Ok(())
}

/// The site's static files as `folio build` publishes them (the theme's CSS and JS
/// minified), so that the watched folder equals a clean build.
fn published(site: &crate::site::Site) -> Vec<(String, crate::render::theme::StaticSource)> {
    output::minify::theme_assets(site.static_list(), site.theme.theme_dir.as_deref())
}
