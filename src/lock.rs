//! An exclusive lock on an output folder, so that two folio processes (a `watch` and a
//! `build`, say) never write one folder at once, nor remove each other's staging
//! folder. The lock is a file beside the output folder, not in it, so it is never
//! deployed; it holds the process id and command of its holder for the error message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

/// Held while a command writes an output folder; dropping it releases the lock.
pub struct OutputLock {
    _file: File,
}

/// Locks the output folder `out` for `command` (`build`, `watch`), or fails naming the
/// process that holds it.
pub fn lock_output(out: &Path, command: &str) -> Result<OutputLock> {
    // Beside the folder that `build` writes: a symlinked output is locked where it points.
    let abs = crate::output::resolve(out)?;
    let parent = abs.parent().context("the output folder has no parent")?;
    let name = abs
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy();
    std::fs::create_dir_all(parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    let path = parent.join(format!(".{name}.folio-lock"));
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("failed to open the lock file `{}`", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            file.read_to_string(&mut holder).ok();
            let holder = holder.trim();
            bail!(
                "`{}` is being written by another folio process ({}); stop it, or choose another --output-dir",
                out.display(),
                if holder.is_empty() { "unknown" } else { holder }
            );
        }
        Err(TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("failed to lock `{}`", path.display()));
        }
    }
    file.set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| writeln!(file, "folio {command}, process {}", std::process::id()))
        .with_context(|| format!("failed to write the lock file `{}`", path.display()))?;
    Ok(OutputLock { _file: file })
}
