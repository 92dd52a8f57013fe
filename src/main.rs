//! The `folio` binary: parse the command line, run, and turn an error into a message
//! and a non-zero exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a build allocates many small strings and maps on every core, where
/// glibc's arenas cost it about 6% of its instructions (`bench/instructions.sh`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // mimalloc asks Linux for transparent huge pages, which would raise a build's
    // peak memory by a fifth for no measurable gain in time (bench/README.md). The
    // setting is inherited by child processes; folio starts one only to open a browser
    // (`serve --open`), where it makes no difference that matters.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = folio::cli::Cli::parse();
    match folio::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
