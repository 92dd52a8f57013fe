//! `folio build`: build the site, streaming its files into a staging folder that is
//! then swapped in for the output folder.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::output;
use crate::render::theme::StaticSource;
use crate::site::Site;

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let (root, config) = super::load_config(&args.site, args.base_url.as_deref())?;
    let out = match &args.output_dir {
        Some(dir) => dir.clone(),
        None => config.output_path(&root),
    };
    output::check_output_dir(&root, &out)?;
    let _lock = crate::lock::lock_output(&out, "build")?;
    // The site's Markdown and shared values stay in memory; its output files are
    // written to the staging folder as they are rendered.
    let highlighter = if args.site.no_cache {
        crate::markdown::Highlighter::one_shot(
            &config.markdown.highlight_theme_light,
            &config.markdown.highlight_theme_dark,
        )
    } else {
        super::highlighter(&args.site, &root, &config)
    };
    let (bar, progress) = super::progress_bar(args.quiet);
    let options = crate::site::BuildOptions {
        drafts: args.site.drafts,
        progress: progress.clone(),
        lean_above: Some(crate::site::LEAN_ABOVE_BYTES),
        image_cache: !args.site.no_cache,
        ..Default::default()
    };
    let mut site = Site::load(&root, &config, &options, &highlighter, None)?;
    let statics = output::minify::theme_assets(site.static_list(), site.theme.theme_dir.as_deref());
    let origins = origins(&site, &root);
    let written = output::write_with(
        &out,
        |sink| {
            site.render_all(sink, &highlighter)?;
            progress.stage("copying static files and finishing", 0, "");
            Ok(())
        },
        &statics,
        config.compress,
        &|path| origins.get(path.trim_end_matches(".gz")).cloned(),
    )?;
    highlighter.save();
    // The bar leaves the screen before the summary.
    if let Some(bar) = &bar {
        bar.clear();
    }
    if !args.quiet {
        let ms = start.elapsed().as_millis();
        crate::say!(
            "Built {} pages and {} sections into {} ({written} files) in {ms} ms",
            site.content.pages.len(),
            site.content.sections.len(),
            out.display()
        );
    }
    // The process ends here: freeing the site's values one by one would take a tenth
    // of a second on a 10,000-page site, on one core, for nothing; the highlighter's
    // grammars and cached blocks likewise.
    std::mem::forget(site);
    std::mem::forget(highlighter);
    Ok(())
}

/// The source file behind each output path that has one (pages, sections, compiled
/// Sass, static files and assets), relative to the site, for messages about the output.
fn origins(site: &Site, root: &Path) -> HashMap<String, String> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut map = HashMap::new();
    let metas = site
        .content
        .pages
        .iter()
        .map(|p| &p.meta)
        .chain(site.content.sections.iter().map(|s| &s.meta));
    for meta in metas {
        let path = meta.path.trim_start_matches('/');
        let output = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        map.insert(output, format!("content/{}", meta.relative));
    }
    for c in &site.css {
        map.insert(c.path.clone(), c.source.clone());
    }
    for (path, src) in &site.statics {
        if let StaticSource::Disk(file) = src {
            let shown = file
                .strip_prefix(root)
                .or_else(|_| file.strip_prefix(&real_root))
                .unwrap_or(file);
            map.insert(path.clone(), shown.display().to_string());
        }
    }
    map
}
