//! The command line: one enum of subcommands, parsed by clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// folio: a fast static documentation-site generator.
///
/// Markdown with `+++` TOML front matter in `content/` goes through Tera templates
/// into a static site in `public/`. Content follows Zola's conventions.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing)
    Build(BuildArgs),
    /// Build in memory and check every internal link and anchor, without writing
    Check(CheckArgs),
}

/// Options shared by commands that load a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (with config.toml and content/); defaults to the current folder
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Use this config file instead of `<root>/config.toml`
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Include pages marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` from config.toml, usually `public`)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Override `base_url`, e.g. `https://user.github.io/repo/` for a sub-path deploy
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Override `base_url` (checks that a sub-path deploy has no broken link)
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
}
