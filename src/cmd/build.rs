//! `folio build`: build the site, streaming its files into a staging folder that is
//! then swapped in for the output folder.

use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::output;
use crate::site::Site;

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let (root, config) = super::load_config(&args.site, args.base_url.as_deref())?;
    let out = match &args.output_dir {
        Some(dir) => dir.clone(),
        None => config.output_path(&root),
    };
    output::check_output_dir(&root, &out)?;
    // The site's Markdown and shared values stay in memory; its output files are
    // written to the staging folder as they are rendered.
    let highlighter = super::highlighter(&args.site, &root, &config);
    let options = crate::site::BuildOptions {
        drafts: args.site.drafts,
        ..Default::default()
    };
    let mut site = Site::load(&root, &config, &options, &highlighter, None)?;
    highlighter.save();
    let statics = site.static_list();
    let written = output::write_with(
        &out,
        |sink| site.render_all(sink),
        &statics,
        config.compress,
    )?;
    let ms = start.elapsed().as_millis();
    if std::env::var_os("FOLIO_TIMINGS").is_some() {
        for (stage, d) in &site.timings {
            eprintln!("  {stage:<10} {:>6} ms", d.as_millis());
        }
    }
    println!(
        "Built {} pages and {} sections into {} ({written} files) in {ms} ms",
        site.content.pages.len(),
        site.content.sections.len(),
        out.display()
    );
    Ok(())
}
