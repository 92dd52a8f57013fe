//! Keeps the user's own files when a new output folder replaces an old one.
//!
//! Anything in the old output that folio's marker does not list is the user's: a
//! `CNAME`, a `.well-known/` folder, a symlink, an empty folder, a FIFO. Each is
//! hard-linked into the staging folder, so it keeps its inode, modification time and
//! permissions, and the old folder keeps it too until the swap (a killed build loses
//! nothing). Where a hard link is impossible (another file system) it is copied with
//! its modification time. A user's file at a path the new build writes is an error
//! naming both, raised before anything changes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::marker::LEGACY;

/// An entry of the old output folder that folio's marker does not list: a file,
/// link or other entry, or an empty folder.
pub struct Yours {
    path: PathBuf,
    /// Its path in the output folder, and the same with `/` between components.
    rel: PathBuf,
    rel_s: String,
    /// An empty folder.
    dir: bool,
}

/// The user's entries of `out`: those not in `listed`. It reads only the old output,
/// so it can run while the new one is made.
pub fn yours(out: &Path, listed: &HashSet<String>) -> Result<Vec<Yours>> {
    let mut found = Vec::new();
    if !out.is_dir() {
        return Ok(found);
    }
    let mut walker = walkdir::WalkDir::new(out)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .peekable();
    while let Some(entry) = walker.next() {
        let entry = entry.with_context(|| format!("failed to read `{}`", out.display()))?;
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel_s = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel_s == LEGACY || listed.contains(&rel_s) {
            continue;
        }
        let dir = entry.file_type().is_dir();
        // A folder's entries come right after it: it is empty when the next entry is
        // not deeper. Only an empty folder needs carrying over (or is a clash); what a
        // fuller one holds is checked entry by entry.
        if dir {
            let empty = match walker.peek() {
                Some(Ok(next)) => next.depth() <= entry.depth(),
                Some(Err(_)) => is_empty_dir(entry.path()),
                None => true,
            };
            if !empty {
                continue;
            }
        }
        found.push(Yours {
            path: entry.path().to_path_buf(),
            rel: rel.to_path_buf(),
            rel_s,
            dir,
        });
    }
    Ok(found)
}

/// Carries the user's entries of `out` (from `yours`) into `stage`. Fails, naming each
/// clash, when the new build writes a path that holds a user's entry; `claims` says
/// which source writes an output path.
pub fn carry_over(
    out: &Path,
    stage: &Path,
    yours: &[Yours],
    claims: &dyn Fn(&str) -> String,
) -> Result<()> {
    let mut clashes = Vec::new();
    for entry in yours {
        let (rel, rel_s) = (&entry.rel, &entry.rel_s);
        let dest = stage.join(rel);
        // The nearest path at or above this one that the new build writes as a file.
        let taken = rel
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .find(|a| std::fs::symlink_metadata(stage.join(a)).is_ok_and(|m| !m.is_dir()));
        if entry.dir {
            // An empty folder of the user's where the new build writes a file.
            match taken {
                Some(t) => clashes.push(clash(out, rel_s, &t.to_string_lossy(), claims)),
                None => std::fs::create_dir_all(&dest)
                    .with_context(|| format!("failed to create `{}`", dest.display()))?,
            }
            continue;
        }
        if let Some(t) = taken {
            clashes.push(clash(out, rel_s, &t.to_string_lossy(), claims));
            continue;
        }
        if dest.is_dir() {
            let name = out.file_name().unwrap_or_default().to_string_lossy();
            clashes.push(format!(
                "  `{name}/{rel_s}` is yours, and the new build makes a folder there"
            ));
            continue;
        }
        if let Some(d) = dest.parent() {
            std::fs::create_dir_all(d)
                .with_context(|| format!("failed to create `{}`", d.display()))?;
        }
        if std::fs::hard_link(&entry.path, &dest).is_err() {
            copy_entry(&entry.path, &dest)
                .with_context(|| format!("failed to keep your file `{}`", entry.path.display()))?;
        }
    }
    if !clashes.is_empty() {
        bail!(
            "the new build would replace files of yours in `{}`, which folio did not write; move them away or change the content that claims their paths:\n{}",
            out.display(),
            clashes.join("\n")
        );
    }
    Ok(())
}

fn clash(out: &Path, rel: &str, taken: &str, claims: &dyn Fn(&str) -> String) -> String {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let taken = taken.replace('\\', "/");
    if taken == rel {
        format!(
            "  `{name}/{rel}` is yours, and {} now writes it",
            claims(&taken)
        )
    } else {
        format!(
            "  `{name}/{rel}` is yours, and {} now writes the file `{name}/{taken}` in its place",
            claims(&taken)
        )
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Copies one entry that cannot be hard-linked: a regular file with its permissions
/// and modification time, a symlink as a symlink, a FIFO as a new FIFO.
pub fn copy_entry(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        let target = std::fs::read_link(from)?;
        #[cfg(unix)]
        return std::os::unix::fs::symlink(target, to);
        #[cfg(not(unix))]
        return std::fs::copy(from, to).map(|_| drop(target));
    }
    if kind.is_file() {
        std::fs::copy(from, to)?;
        let file = std::fs::OpenOptions::new().write(true).open(to)?;
        return file.set_modified(meta.modified()?);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{FileTypeExt, PermissionsExt};
        if kind.is_fifo() {
            use rustix::fs::{CWD, FileType, Mode, mknodat};
            let mode = Mode::from_raw_mode(meta.permissions().mode() & 0o7777);
            return mknodat(CWD, to, FileType::Fifo, mode, 0).map_err(std::io::Error::from);
        }
    }
    Err(std::io::Error::other(
        "it is a special file (a socket or device) on another file system than the output",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_keep_modification_times_links_and_fifos() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("f.txt"), "x").unwrap();
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        std::fs::File::options()
            .write(true)
            .open(a.join("f.txt"))
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::os::unix::fs::symlink("f.txt", a.join("l")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            a.join("p"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        for name in ["f.txt", "l", "p"] {
            copy_entry(&a.join(name), &b.join(name)).unwrap();
        }
        let m = std::fs::metadata(b.join("f.txt")).unwrap();
        assert_eq!(m.modified().unwrap(), old);
        assert_eq!(std::fs::read_link(b.join("l")).unwrap(), Path::new("f.txt"));
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(b.join("p"))
                .unwrap()
                .file_type()
                .is_fifo()
        );
    }
}
