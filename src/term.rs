//! Printing to standard output as a command-line tool should: a reader that went away
//! (`folio build | head -1`) ends the program quietly and successfully, as in ripgrep,
//! instead of the panic that `println!` gives on a broken pipe. `bar` draws progress.

pub mod bar;

use std::io::Write;

/// Prints `args` and a newline to standard output (see the module comment).
pub fn say(args: std::fmt::Arguments) {
    bar::suspend(|| say_now(args));
}

fn say_now(args: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let result = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = result
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `println!` that ends the program quietly when standard output is closed.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::term::say(format_args!($($arg)*))
    };
}
