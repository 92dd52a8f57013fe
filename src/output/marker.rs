//! folio's record of the files it wrote into an output folder.
//!
//! The record sits beside the output folder (`.public.folio-output` for `public`), like
//! the lock file, so that it is never published with the site. It names the folder it
//! describes by its device and inode: a rename keeps them, so the record follows a
//! folder the user renamed within its parent, and a different folder put at the
//! output path is not mistaken for folio's. While a build swaps folders the record
//! holds both the old folder and the new one, so that whichever one a crash leaves at
//! the output path is described. Versions before this one kept the list inside the
//! folder, as `.folio-output`; such a folder is still recognised, once, and the old
//! marker goes with the old folder at the next swap.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The marker that folio versions before 0.2 kept inside the output folder.
pub const LEGACY: &str = ".folio-output";
const SUFFIX: &str = ".folio-output";

/// The files folio wrote into one folder, identified by device and inode.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    pub dev: u64,
    pub ino: u64,
    pub files: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct MarkerFile {
    /// Says what the file is to someone who finds it.
    about: String,
    folders: Vec<Record>,
}

/// What an existing output folder is known to hold.
#[derive(Debug)]
pub struct Previous {
    /// The files folio wrote there (not the user's).
    pub files: HashSet<String>,
    /// The marker file the record was found in, when it is not the one for the
    /// folder's current name (the folder was renamed); it is removed after the swap.
    pub stray: Option<PathBuf>,
}

/// The marker path for the output folder `out`: `.<name>.folio-output` beside it.
pub fn path(out: &Path) -> Result<PathBuf> {
    let parent = out.parent().context("the output folder has no parent")?;
    let name = out.file_name().context("the output folder has no name")?;
    let mut file = std::ffi::OsString::from(".");
    file.push(name);
    file.push(SUFFIX);
    Ok(parent.join(file))
}

/// The device and inode of `dir` (not following a final symlink).
#[cfg(unix)]
pub fn identity(dir: &Path) -> std::io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(dir)?;
    Ok((m.dev(), m.ino()))
}

/// Without inodes every folder looks the same; the marker then goes by name only.
#[cfg(not(unix))]
pub fn identity(dir: &Path) -> std::io::Result<(u64, u64)> {
    std::fs::symlink_metadata(dir).map(|_| (0, 0))
}

/// What folio wrote into the existing folder `out`, or `None` when `out` is missing or
/// was not made by folio: the record beside it, else a record beside it under another
/// name (the folder was renamed), else the marker of an older folio inside it.
pub fn read(out: &Path) -> Result<Option<Previous>> {
    if !out.is_dir() {
        return Ok(None);
    }
    let id = identity(out).with_context(|| format!("failed to read `{}`", out.display()))?;
    let own = path(out)?;
    if let Some(r) = find(&own, id) {
        return Ok(Some(previous(r.files, None)));
    }
    if let Some(parent) = out.parent()
        && let Ok(entries) = std::fs::read_dir(parent)
    {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.')
                && name.ends_with(SUFFIX)
                && e.path() != own
                && let Some(r) = find(&e.path(), id)
            {
                return Ok(Some(previous(r.files, Some(e.path()))));
            }
        }
    }
    let legacy = out.join(LEGACY);
    if legacy.is_file() {
        let text = std::fs::read_to_string(&legacy)
            .with_context(|| format!("failed to read `{}`", legacy.display()))?;
        return Ok(Some(previous(
            text.lines().map(str::to_string).collect(),
            None,
        )));
    }
    Ok(None)
}

fn previous(files: Vec<String>, stray: Option<PathBuf>) -> Previous {
    Previous {
        files: files.into_iter().collect(),
        stray,
    }
}

/// The record for the folder `id` in the marker file `file`, if it holds one. A file
/// that cannot be read or parsed describes nothing.
fn find(file: &Path, id: (u64, u64)) -> Option<Record> {
    let text = std::fs::read_to_string(file).ok()?;
    let marker: MarkerFile = serde_json::from_str(&text).ok()?;
    marker.folders.into_iter().find(|r| (r.dev, r.ino) == id)
}

/// Replaces the marker of `out` with `records`, atomically (written beside it, then
/// renamed over it), so that a crash leaves the old marker or the new one.
pub fn write(out: &Path, records: &[Record]) -> Result<()> {
    let file = path(out)?;
    let dir = file.parent().context("the marker has no folder")?;
    let marker = MarkerFile {
        about: format!(
            "The files folio wrote into `{}`; folio replaces only these. Delete this file and the folder to start afresh.",
            out.file_name().unwrap_or_default().to_string_lossy()
        ),
        folders: records.to_vec(),
    };
    let json = serde_json::to_string_pretty(&marker).context("failed to encode the marker")?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to write `{}`", file.display()))?;
    std::io::Write::write_all(&mut tmp, json.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("failed to write `{}`", file.display()))?;
    tmp.persist(&file)
        .with_context(|| format!("failed to write `{}`", file.display()))?;
    Ok(())
}

/// Adds `paths` to the record of `out` (for files written in place by `watch`), so
/// that a later build knows them for folio's.
pub fn add(out: &Path, paths: &[String]) -> Result<()> {
    let id = identity(out).with_context(|| format!("failed to read `{}`", out.display()))?;
    let Some(mut record) = find(&path(out)?, id) else {
        return Ok(());
    };
    let known: HashSet<&String> = record.files.iter().collect();
    let mut new: Vec<String> = paths
        .iter()
        .filter(|p| !known.contains(p))
        .cloned()
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    record.files.append(&mut new);
    record.files.sort_unstable();
    record.files.dedup();
    write(out, &[record])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_a_renamed_folder_and_not_a_replaced_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let (dev, ino) = identity(&out).unwrap();
        let files = vec!["index.html".to_string()];
        write(&out, &[Record { dev, ino, files }]).unwrap();
        assert!(dir.path().join(".public.folio-output").is_file());
        assert!(read(&out).unwrap().is_some());

        // Renamed: found through the old name's marker, which is then stray.
        let moved = dir.path().join("site");
        std::fs::rename(&out, &moved).unwrap();
        let prev = read(&moved).unwrap().expect("found after a rename");
        assert!(prev.files.contains("index.html"));
        assert_eq!(prev.stray, Some(dir.path().join(".public.folio-output")));

        // Another folder at the old path is not folio's.
        std::fs::create_dir(&out).unwrap();
        assert!(read(&out).unwrap().is_none());
    }

    #[test]
    fn reads_the_marker_of_older_versions() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(LEGACY), "index.html\na/index.html\n").unwrap();
        let prev = read(&out).unwrap().expect("legacy marker");
        assert!(prev.files.contains("a/index.html"));
    }
}
