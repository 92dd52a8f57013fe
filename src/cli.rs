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
    /// Build, serve on 127.0.0.1, rebuild on every save and live-reload the browser
    Serve(ServeArgs),
    /// Rebuild the output folder on every change, without a server
    Watch(WatchArgs),
    /// Build in memory and check every internal link and anchor, without writing
    Check(CheckArgs),
    /// Start a new page or section from anywhere inside a site
    New(NewArgs),
    /// Make a new site that builds and serves at once
    Init(InitArgs),
    /// Copy the embedded default theme into `themes/` to customise it
    EjectTheme(EjectArgs),
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
    /// Neither read nor write the highlighted-code and processed-image caches in the
    /// user's cache folder
    #[arg(long)]
    pub no_cache: bool,
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
    /// Print only warnings and errors: no progress bar, no summary line
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one)
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// Address to bind; keep the default unless you know you need another
    #[arg(long, short = 'i', default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// Open the site in the default browser
    #[arg(long, short = 'O')]
    pub open: bool,
    /// Use the polling watcher (for network, VM and container file systems)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: `output_dir` from config.toml)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Use the polling watcher (for network, VM and container file systems)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Path under content/, e.g. `implications/talent.md` (or a folder with --section)
    pub path: PathBuf,
    /// Title of the new page or section
    #[arg(long, short = 't')]
    pub title: Option<String>,
    /// Create a section (`PATH/_index.md`) instead of a page
    #[arg(long)]
    pub section: bool,
    /// Mark the new page as a draft
    #[arg(long)]
    pub draft: bool,
    /// The site folder; by default the nearest folder upwards with a config.toml
    #[arg(long, short = 'r', value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; must be empty)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also copy the default theme into `themes/` for customising
    #[arg(long)]
    pub eject_theme: bool,
    /// Site title
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The site folder
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Overwrite files already in `themes/folio/`
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Override `base_url` (checks that a sub-path deploy has no broken link)
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Also check links to other sites (with a timeout; failures are reported, not
    /// fatal). Needs the `external-links` cargo feature, on by default
    #[arg(long)]
    pub external: bool,
    /// Print only problems, warnings and errors: no progress bar, no summary line
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
