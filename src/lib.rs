//! folio: a static documentation-site generator.
//!
//! The pipeline is load → render Markdown → render templates → write, over a plain
//! content model (`content`). Only `content::load`, `render::theme` and `output` touch
//! the disk. See ARCHITECTURE.md for the map.

pub mod branding;
pub mod chart;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod deps;
pub mod diagnostic;
pub mod dirs;
pub mod external;
pub mod html;
pub mod images;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod publish;
pub mod render;
pub mod sass;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod term;
pub mod timings;
pub mod url;
pub mod watch;

use anyhow::Result;

use cli::{Cli, Command};

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::EjectTheme(args) => cmd::eject::run(args),
    }
}
