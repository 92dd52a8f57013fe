//! One small file per subcommand: options → pipeline → summary line.

pub mod build;
pub mod check;
pub mod eject;
pub mod init;
pub mod new;
pub mod serve;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;

use crate::progress::Reporter;
use crate::term::bar::{self, Bar};

use crate::cli::SiteArgs;
use crate::config::Config;

/// Loads the config of the site named by `args`, applying a `--base-url` override.
pub fn load_config(args: &SiteArgs, base_url: Option<&str>) -> Result<(PathBuf, Config)> {
    let root = args.root.clone();
    let mut config = match &args.config {
        Some(file) => Config::load_file(file)?,
        None => Config::load(&root)?,
    };
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    Ok((root, config))
}

/// Builds the site in memory for `check`, keeping the highlighting cache up to date
/// and reporting the stages to `progress`.
pub fn build_in_memory(
    args: &SiteArgs,
    root: &Path,
    config: &Config,
    progress: crate::progress::Reporter,
) -> Result<crate::site::Site> {
    let highlighter = highlighter(args, root, config);
    let options = crate::site::BuildOptions {
        drafts: args.drafts,
        image_cache: !args.no_cache,
        images_checked_later: true,
        progress,
        ..Default::default()
    };
    let site = crate::site::Site::build(root, config, &options, &highlighter, None)?;
    highlighter.save();
    Ok(site)
}

/// The highlighter for a site: with its disk cache unless `--no-cache`.
pub fn highlighter(args: &SiteArgs, root: &Path, config: &Config) -> crate::markdown::Highlighter {
    let (light, dark) = (
        &config.markdown.highlight_theme_light,
        &config.markdown.highlight_theme_dark,
    );
    if args.no_cache {
        crate::markdown::Highlighter::new(light, dark)
    } else {
        crate::output::highlight_cache::open(light, dark, root)
    }
}

/// The progress bar of a long `build` or `check`, when standard error is a terminal
/// (`term::bar::wanted`), and the reporter the pipeline reports to (silent without one).
pub fn progress_bar(quiet: bool) -> (Option<Arc<Bar>>, Reporter) {
    if !bar::wanted(quiet) {
        return (None, Reporter::default());
    }
    // `FOLIO_PROGRESS_DELAY_MS` shows the bar sooner (0: at once) or later.
    let delay = std::env::var("FOLIO_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(bar::DELAY, std::time::Duration::from_millis);
    let bar = Bar::start(delay);
    (Some(bar.clone()), Reporter::new(bar))
}

/// The site root as given, for messages.
pub fn shown(root: &Path) -> String {
    root.display().to_string()
}
