//! Writes a built site to its output folder, atomically and safely.
//!
//! Files go to a staging folder beside the output; only when everything is written is
//! it swapped in (an atomic exchange on Linux), so a failed or killed build leaves the
//! previous output exactly as it was. folio keeps a marker in every output folder it
//! makes, listing the files it wrote: it refuses to replace a non-empty folder without
//! that marker, and files that someone else added to the output folder are carried
//! over to the new output instead of being deleted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::render::theme::StaticSource;
use crate::render::{OutputFile, Sink};

/// The marker file folio keeps in each output folder it makes.
pub const MARKER: &str = ".folio-output";
const STAGING: &str = ".folio-staging-";
const OLD: &str = ".folio-old-";

/// Refuses output folders that would destroy the user's files.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = absolute(root)?;
    let out = absolute(out)?;
    if out == root {
        bail!(
            "refusing to write the site into the site folder itself (`{}`); choose an `output_dir` such as `public`",
            out.display()
        );
    }
    if root.starts_with(&out) {
        bail!(
            "refusing to write the site into `{}`, which contains the site folder",
            out.display()
        );
    }
    for protected in ["content", "templates", "themes", "static"] {
        let dir = root.join(protected);
        if out.starts_with(&dir) {
            bail!(
                "refusing to write the site into `{}`, inside the site's `{protected}` folder",
                out.display()
            );
        }
    }
    if out.is_file() {
        bail!("the output path `{}` is a file", out.display());
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let non_empty = std::fs::read_dir(&out)
            .with_context(|| format!("failed to read `{}`", out.display()))?
            .next()
            .is_some();
        if non_empty {
            bail!(
                "refusing to replace `{}`: it is not empty and was not made by folio (no `{MARKER}` file). Move its files away or choose another `--output-dir`",
                out.display()
            );
        }
    }
    Ok(())
}

/// A path made absolute and normalized, with symlinks resolved in the longest part of
/// it that exists (so a link into `content/` is seen for what it is).
fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).with_context(|| format!("bad path `{}`", p.display()))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return Ok(out),
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    Ok(real)
}

/// Writes `files` and copies `statics` into a staging folder, then swaps it in for `out`.
/// Returns the number of files written.
pub fn write(
    out: &Path,
    files: &[(&str, &[u8])],
    statics: &[(String, StaticSource)],
    compress: bool,
) -> Result<usize> {
    write_with(
        out,
        |sink| {
            files.par_iter().for_each(|(path, bytes)| {
                sink.put(OutputFile {
                    path: path.to_string(),
                    bytes: bytes.to_vec(),
                })
            });
            Ok(())
        },
        statics,
        compress,
    )
}

/// Builds a new output folder: `render` puts generated files into a sink that writes
/// each one into the staging folder as it comes (from any thread, so nothing is held
/// in memory), then `statics` are copied beside them (a generated file wins a path),
/// and the staging folder is swapped in for `out`. When `render` or any write fails,
/// the staging folder is removed and `out` is left exactly as it was. Returns the
/// number of files written.
pub fn write_with(
    out: &Path,
    render: impl FnOnce(&dyn Sink) -> Result<()>,
    statics: &[(String, StaticSource)],
    compress: bool,
) -> Result<usize> {
    let out = absolute(out)?;
    let parent = out
        .parent()
        .context("the output folder has no parent")?
        .to_path_buf();
    let name = out
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy()
        .to_string();
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("failed to create `{}`", parent.display()))?;
    remove_leftovers(&parent, &name);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}{STAGING}"))
        .tempdir_in(&parent)
        .with_context(|| {
            format!(
                "failed to create a staging folder in `{}`",
                parent.display()
            )
        })?;
    let stage = staging.path();
    let sink = Staging {
        stage,
        compress,
        written: Mutex::new(Vec::new()),
        dirs: Mutex::new(HashSet::new()),
        error: Mutex::new(None),
    };
    render(&sink)?;
    if let Some(e) = sink.error.lock().ok().and_then(|mut e| e.take()) {
        return Err(e);
    }
    let mut manifest = sink.written.into_inner().unwrap_or_default();
    let generated: HashSet<&str> = manifest.iter().map(String::as_str).collect();
    let copies: Vec<&(String, StaticSource)> = statics
        .iter()
        .filter(|(p, _)| !generated.contains(p.as_str()))
        .collect();
    let mut dirs: Vec<PathBuf> = copies
        .iter()
        .filter_map(|(p, _)| Path::new(p).parent().map(|d| stage.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)
            .with_context(|| format!("failed to create `{}`", d.display()))?;
    }
    copies.par_iter().try_for_each(|(path, src)| {
        let dest = stage.join(path);
        match src {
            StaticSource::Embedded(bytes) => std::fs::write(&dest, bytes).map(|_| ()),
            StaticSource::Disk(from) => std::fs::copy(from, &dest).map(|_| ()),
        }
        .with_context(|| format!("failed to write `{}`", dest.display()))?;
        if compress && is_compressible(path) {
            gzip_sibling(&dest)?;
        }
        Ok::<(), anyhow::Error>(())
    })?;
    manifest.extend(copies.iter().map(|(p, _)| p.clone()));
    if compress {
        // A `.gz` sibling is folio's like the file it compresses: listed, so that it
        // goes when its file goes or compression is turned off.
        let gz: Vec<String> = manifest
            .iter()
            .filter(|p| is_compressible(p))
            .map(|p| format!("{p}.gz"))
            .collect();
        manifest.extend(gz);
    }
    manifest.sort_unstable();
    let count = manifest.len();
    if out.is_dir() {
        carry_over_foreign_files(&out, stage)?;
    }
    std::fs::write(stage.join(MARKER), manifest.join("\n") + "\n")
        .with_context(|| format!("failed to write `{}`", stage.join(MARKER).display()))?;

    let stage = staging.keep();
    swap(&stage, &out, &parent, &name)?;
    Ok(count)
}

/// The sink of `write_with`: writes each file into the staging folder (and its `.gz`
/// sibling when compressing), remembering what it wrote and the first failure.
struct Staging<'a> {
    stage: &'a Path,
    compress: bool,
    written: Mutex<Vec<String>>,
    dirs: Mutex<HashSet<PathBuf>>,
    error: Mutex<Option<anyhow::Error>>,
}

impl Sink for Staging<'_> {
    fn put(&self, file: OutputFile) {
        if self.error.lock().is_ok_and(|e| e.is_some()) {
            return;
        }
        if let Err(e) = self.write(&file) {
            if let Ok(mut slot) = self.error.lock() {
                slot.get_or_insert(e);
            }
            return;
        }
        if let Ok(mut w) = self.written.lock() {
            w.push(file.path);
        }
    }
}

impl Staging<'_> {
    fn write(&self, file: &OutputFile) -> Result<()> {
        let dest = self.stage.join(&file.path);
        if let Some(dir) = dest.parent() {
            let known = self.dirs.lock().is_ok_and(|d| d.contains(dir));
            if !known {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("failed to create `{}`", dir.display()))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        std::fs::write(&dest, &file.bytes)
            .with_context(|| format!("failed to write `{}`", dest.display()))?;
        if self.compress && is_compressible(&file.path) {
            write_gzip(&dest, &file.bytes)?;
        }
        Ok(())
    }
}

/// Text formats worth precompressing for hosts that serve `.gz` siblings.
fn is_compressible(path: &str) -> bool {
    const EXT: [&str; 9] = [
        ".html", ".css", ".js", ".xml", ".txt", ".json", ".svg", ".map", ".ico",
    ];
    EXT.iter().any(|e| path.ends_with(e))
}

/// Writes `file.gz` beside `file`.
fn gzip_sibling(file: &Path) -> Result<()> {
    let bytes =
        std::fs::read(file).with_context(|| format!("failed to read `{}`", file.display()))?;
    write_gzip(file, &bytes)
}

/// Writes `bytes`, compressed, to `file.gz`.
fn write_gzip(file: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    gz.write_all(bytes)
        .and_then(|_| gz.finish())
        .and_then(|z| {
            let mut name = file.as_os_str().to_owned();
            name.push(".gz");
            std::fs::write(PathBuf::from(name), z)
        })
        .with_context(|| format!("failed to compress `{}`", file.display()))
}

/// Rewrites a few files of an existing folio output in place, each one atomically
/// (written beside its destination, then renamed over it), with its `.gz` sibling
/// when compressing.
pub fn update(
    out: &Path,
    files: &[(&str, &[u8])],
    statics: &[(String, StaticSource)],
    compress: bool,
) -> Result<()> {
    let write_one = |rel: &str, bytes: &[u8]| -> Result<()> {
        let dest = out.join(rel);
        let dir = dest.parent().context("an output file has no folder")?;
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("failed to write in `{}`", dir.display()))?;
        std::io::Write::write_all(&mut tmp, bytes)
            .with_context(|| format!("failed to write `{}`", dest.display()))?;
        tmp.persist(&dest)
            .with_context(|| format!("failed to write `{}`", dest.display()))?;
        if compress && is_compressible(rel) {
            write_gzip(&dest, bytes)?;
        }
        Ok(())
    };
    for (rel, bytes) in files {
        write_one(rel, bytes)?;
    }
    for (rel, src) in statics {
        let bytes = match src {
            StaticSource::Embedded(b) => b.to_vec(),
            StaticSource::Disk(p) => {
                std::fs::read(p).with_context(|| format!("failed to read `{}`", p.display()))?
            }
        };
        write_one(rel, &bytes)?;
    }
    Ok(())
}

/// Files in the old output that folio did not write (not in its marker) are the
/// user's: copy them into the new output unless the new build writes the same path.
fn carry_over_foreign_files(out: &Path, stage: &Path) -> Result<()> {
    let listed: HashSet<String> = std::fs::read_to_string(out.join(MARKER))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.with_context(|| format!("failed to read `{}`", out.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel_s = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel_s == MARKER || listed.contains(&rel_s) {
            continue;
        }
        let dest = stage.join(rel);
        if dest.exists() {
            continue;
        }
        if let Some(d) = dest.parent() {
            std::fs::create_dir_all(d)
                .with_context(|| format!("failed to create `{}`", d.display()))?;
        }
        std::fs::copy(entry.path(), &dest)
            .with_context(|| format!("failed to keep your file `{}`", entry.path().display()))?;
    }
    Ok(())
}

fn swap(stage: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(stage, out)
            .with_context(|| format!("failed to move the new site to `{}`", out.display()));
    }
    // One atomic step on Linux: readers see the old folder or the new one, never neither.
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, stage, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            std::fs::remove_dir_all(stage).ok();
            return Ok(());
        }
    }
    let old = parent.join(format!(".{name}{OLD}{}", std::process::id()));
    std::fs::rename(out, &old)
        .with_context(|| format!("failed to move the old `{}` aside", out.display()))?;
    if let Err(e) = std::fs::rename(stage, out) {
        std::fs::rename(&old, out).ok();
        return Err(e)
            .with_context(|| format!("failed to move the new site to `{}`", out.display()));
    }
    std::fs::remove_dir_all(&old).ok();
    Ok(())
}

/// Removes staging folders left by builds that were killed, and restores an output
/// folder whose swap was interrupted on systems without an atomic exchange.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let out = parent.join(name);
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().to_string();
        if file_name.starts_with(&format!(".{name}{STAGING}")) {
            std::fs::remove_dir_all(e.path()).ok();
        } else if file_name.starts_with(&format!(".{name}{OLD}")) {
            if !out.exists() {
                std::fs::rename(e.path(), &out).ok();
            } else {
                std::fs::remove_dir_all(e.path()).ok();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(path: &'a str, text: &'a str) -> (&'a str, &'a [u8]) {
        (path, text.as_bytes())
    }

    #[test]
    fn refuses_dangerous_output_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(
            check_output_dir(&root, &root.join("mine"))
                .unwrap_err()
                .to_string()
                .contains("not made by folio")
        );
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn swaps_and_keeps_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            &[file("index.html", "one"), file("a/index.html", "a")],
            &[],
            false,
        )
        .unwrap();
        std::fs::write(out.join("CNAME"), "example.com").unwrap();
        write(&out, &[file("index.html", "two")], &[], true).unwrap();
        assert!(
            out.join("index.html.gz").is_file(),
            "compress writes .gz siblings"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(
            !out.join("a/index.html").exists(),
            "stale output is removed"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.com"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }
}
