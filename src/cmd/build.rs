//! `folio build`: build the site and swap it into the output folder.

use std::time::Instant;

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::output;

pub fn run(args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let (root, config) = super::load_config(&args.site, args.base_url.as_deref())?;
    let out = match &args.output_dir {
        Some(dir) => dir.clone(),
        None => config.output_path(&root),
    };
    output::check_output_dir(&root, &out)?;
    let site = super::build_in_memory(&args.site, &root, &config)?;
    let written = output::write(
        &out,
        &site.file_list(),
        &site.static_list(),
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
