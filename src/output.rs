//! Writes a built site to its output folder, atomically and safely.
//!
//! Files go to a staging folder beside the output; only when everything is written is
//! it swapped in (an atomic exchange on Linux), so a failed or killed build leaves the
//! previous output exactly as it was. Beside every output folder it makes, folio keeps
//! a marker listing the files it wrote (`marker.rs`), outside the folder so that it is
//! never published: folio refuses to replace a non-empty folder that no marker
//! describes, and what someone else added to the output folder is kept (`keep.rs`).

pub mod cache;
pub mod highlight_cache;
mod keep;
pub mod marker;
pub mod minify;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, anyhow, bail};
use rayon::prelude::*;

use crate::render::theme::StaticSource;
use crate::render::{OutputFile, Sink};

const STAGING: &str = ".folio-staging-";
const OLD: &str = ".folio-old-";

/// Where an output path comes from, for messages: a source file relative to the site
/// (`content/guide/_index.md`, `static/x.css`), or `None` for what folio generates.
pub type Origins<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// Refuses output folders that would destroy the user's files.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = resolve(root)?;
    let out = resolve(out)?;
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
    if out.exists() && !out.is_dir() {
        bail!("the output path `{}` is a file", out.display());
    }
    if out.is_dir() && marker::read(&out)?.is_none() {
        let non_empty = std::fs::read_dir(&out)
            .with_context(|| format!("failed to read `{}`", out.display()))?
            .next()
            .is_some();
        if non_empty {
            bail!(
                "refusing to replace `{}`: it is not empty and was not made by folio (no `{}` beside it). Move its files away or choose another `--output-dir`",
                out.display(),
                marker::path(&out)?
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
            );
        }
    }
    mount_point_check(&out)
}

/// The output folder as folio will write it: absolute and normalized, with symlinks
/// resolved in the longest part of it that exists (so a link into `content/` is seen
/// for what it is). A dangling symlink is followed to where it points, which is then
/// created: `public -> ../deploy/site` builds into `../deploy/site`.
pub fn resolve(p: &Path) -> Result<PathBuf> {
    let mut path =
        normalize(&std::path::absolute(p).with_context(|| format!("bad path `{}`", p.display()))?);
    for _ in 0..40 {
        // The longest part that exists, a dangling link included.
        let mut existing = path.clone();
        let mut rest = Vec::new();
        while std::fs::symlink_metadata(&existing).is_err() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => return Ok(path),
            }
        }
        let with_rest = |mut base: PathBuf| {
            for name in rest.iter().rev() {
                base.push(name);
            }
            base
        };
        match existing.canonicalize() {
            Ok(real) => return Ok(with_rest(real)),
            Err(_) if existing.is_symlink() => {
                let target = std::fs::read_link(&existing)
                    .with_context(|| format!("failed to read the link `{}`", existing.display()))?;
                let dir = existing
                    .parent()
                    .and_then(|d| d.canonicalize().ok())
                    .unwrap_or_default();
                path = with_rest(normalize(&dir.join(target)));
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("failed to resolve `{}`", existing.display()));
            }
        }
    }
    bail!("`{}`: too many levels of symbolic links", p.display())
}

/// `..` and `.` removed without touching the disk.
fn normalize(abs: &Path) -> PathBuf {
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
    out
}

/// A mount point cannot be renamed, so it cannot be swapped for a staging folder.
fn mount_point_check(out: &Path) -> Result<()> {
    let (Some(parent), true) = (out.parent(), out.is_dir()) else {
        return Ok(());
    };
    match (marker::identity(out), marker::identity(parent)) {
        (Ok((dev, _)), Ok((parent_dev, _))) if dev != parent_dev => Err(mount_point(out)),
        _ => Ok(()),
    }
}

fn mount_point(out: &Path) -> anyhow::Error {
    anyhow!(
        "cannot write the site to `{0}`: it is a mount point (or on another file system than its parent folder), and folio builds beside the output folder and swaps it in, which a mount point does not allow; write into a folder inside it, such as `{0}/site`",
        out.display()
    )
}

/// The error for a failed write into the staging folder, naming the output file.
fn write_failed(out: &Path, rel: &str, e: std::io::Error) -> anyhow::Error {
    anyhow::Error::new(e).context(format!(
        "failed to write `{}`; `{}` is left as it was",
        out.join(rel).display(),
        out.display()
    ))
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
        &|_| None,
    )
}

/// Builds a new output folder: `render` puts generated files into a sink that writes
/// each one into the staging folder as it comes (from any thread, so nothing is held
/// in memory), then `statics` are copied beside them (a generated file wins a path),
/// the user's files are carried over from the old output, and the staging folder is
/// swapped in for `out`. When `render`, a read or a write fails, the staging folder is
/// removed and `out` is left exactly as it was; `origins` names the sources in
/// messages. Returns the number of files written.
pub fn write_with(
    out: &Path,
    render: impl FnOnce(&dyn Sink) -> Result<()>,
    statics: &[(String, StaticSource)],
    compress: bool,
    origins: Origins,
) -> Result<usize> {
    let out = resolve(out)?;
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
    mount_point_check(&out)?;
    let previous = marker::read(&out)?;
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
        out: &out,
        compress,
        written: Mutex::new(Vec::new()),
        dirs: Mutex::new(HashSet::new()),
        error: Mutex::new(None),
    };
    // The user's files in the old output are found while the new one is made.
    let listed = previous.as_ref().map(|p| &p.files);
    let empty = HashSet::new();
    let (rendered, found) = std::thread::scope(|scope| {
        let found = scope.spawn(|| keep::yours(&out, listed.unwrap_or(&empty)));
        let rendered = render(&sink);
        let found = found
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("failed to read `{}`", out.display())));
        (rendered, found)
    });
    rendered?;
    let found = found?;
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
        std::fs::create_dir_all(d).map_err(|e| {
            write_failed(
                &out,
                &d.strip_prefix(stage).unwrap_or(d).to_string_lossy(),
                e,
            )
        })?;
    }
    let copied: Vec<Result<(), Copy>> = copies
        .par_iter()
        .map(|(path, src)| {
            let dest = stage.join(path);
            match src {
                StaticSource::Embedded(bytes) => std::fs::write(&dest, bytes).map_err(Copy::Write),
                StaticSource::Bytes(bytes) => std::fs::write(&dest, bytes).map_err(Copy::Write),
                StaticSource::Disk(from) => copy_file(from, &dest),
            }?;
            if compress && is_compressible(path) {
                gzip_sibling(&dest).map_err(Copy::Write)?;
            }
            Ok(())
        })
        .collect();
    // Every unreadable source is reported; a write failure stops the build as it is.
    let mut unreadable = Vec::new();
    for ((path, src), result) in copies.iter().zip(copied) {
        match result {
            Ok(()) => {}
            Err(Copy::Read(e)) => {
                let shown = match (origins(path), src) {
                    (Some(o), _) => o,
                    (None, StaticSource::Disk(from)) => from.display().to_string(),
                    (None, StaticSource::Embedded(_) | StaticSource::Bytes(_)) => path.clone(),
                };
                unreadable.push(format!("{shown}: cannot read: {e}"));
            }
            Err(Copy::Write(e)) => return Err(write_failed(&out, path, e)),
        }
    }
    if !unreadable.is_empty() {
        bail!(
            "{} file(s) could not be copied:\n{}",
            unreadable.len(),
            unreadable.join("\n")
        );
    }
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
        keep::carry_over(&out, stage, &found, &|p| match origins(p) {
            Some(o) => format!("`{o}`"),
            None => "folio".to_string(),
        })?;
    }

    // The marker describes the old folder and the new one while they swap, so that
    // whichever a crash leaves at `out` is known.
    let new = {
        let (dev, ino) = marker::identity(stage)
            .with_context(|| format!("failed to read `{}`", stage.display()))?;
        marker::Record {
            dev,
            ino,
            files: manifest,
        }
    };
    let mut records = Vec::new();
    if let (Some(prev), Ok((dev, ino))) = (&previous, marker::identity(&out)) {
        let mut files: Vec<String> = prev.files.iter().cloned().collect();
        files.sort_unstable();
        records.push(marker::Record { dev, ino, files });
    }
    records.push(new.clone());
    marker::write(&out, &records)?;

    let stage = staging.keep();
    if let Err(e) = swap(&stage, &out, &parent, &name) {
        std::fs::remove_dir_all(&stage).ok();
        return Err(e);
    }
    marker::write(&out, &[new])?;
    if let Some(stray) = previous.and_then(|p| p.stray) {
        std::fs::remove_file(stray).ok();
    }
    Ok(count)
}

/// Why a file could not be copied into the staging folder.
enum Copy {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Copies a regular file with its permissions, telling a failure to read `from` from a
/// failure to write `to`. Anything but a regular file is refused before it is opened
/// (opening a FIFO would wait for a writer).
fn copy_file(from: &Path, to: &Path) -> Result<(), Copy> {
    use std::io::{Read, Write};
    let meta = std::fs::metadata(from).map_err(Copy::Read)?;
    if !meta.is_file() {
        return Err(Copy::Read(std::io::Error::other("not a regular file")));
    }
    let mut src = std::fs::File::open(from).map_err(Copy::Read)?;
    let mut dst = std::fs::File::create(to).map_err(Copy::Write)?;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e)),
        };
        dst.write_all(&buf[..n]).map_err(Copy::Write)?;
    }
    dst.set_permissions(meta.permissions())
        .map_err(Copy::Write)?;
    Ok(())
}

/// The sink of `write_with`: writes each file into the staging folder (and its `.gz`
/// sibling when compressing), remembering what it wrote and the first failure.
struct Staging<'a> {
    stage: &'a Path,
    out: &'a Path,
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
                slot.get_or_insert(write_failed(self.out, &file.path, e));
            }
            return;
        }
        if let Ok(mut w) = self.written.lock() {
            w.push(file.path);
        }
    }
}

impl Staging<'_> {
    fn write(&self, file: &OutputFile) -> std::io::Result<()> {
        let dest = self.stage.join(&file.path);
        if let Some(dir) = dest.parent() {
            let known = self.dirs.lock().is_ok_and(|d| d.contains(dir));
            if !known {
                std::fs::create_dir_all(dir)?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        std::fs::write(&dest, &file.bytes)?;
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
fn gzip_sibling(file: &Path) -> std::io::Result<()> {
    let bytes = std::fs::read(file)?;
    write_gzip(file, &bytes)
}

/// Writes `bytes`, compressed, to `file.gz`.
fn write_gzip(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::best(),
    );
    gz.write_all(bytes).and_then(|_| gz.finish()).and_then(|z| {
        let mut name = file.as_os_str().to_owned();
        name.push(".gz");
        std::fs::write(PathBuf::from(name), z)
    })
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
            write_gzip(&dest, bytes)
                .with_context(|| format!("failed to compress `{}`", dest.display()))?;
        }
        Ok(())
    };
    for (rel, bytes) in files {
        write_one(rel, bytes)?;
    }
    for (rel, src) in statics {
        let bytes = match src {
            StaticSource::Embedded(b) => b.to_vec(),
            StaticSource::Bytes(b) => b.to_vec(),
            StaticSource::Disk(p) => {
                std::fs::read(p).with_context(|| format!("failed to read `{}`", p.display()))?
            }
        };
        write_one(rel, &bytes)?;
    }
    // Files new to the folder (search index pieces, say) are folio's from now on.
    let mut paths: Vec<String> = files
        .iter()
        .map(|(p, _)| p.to_string())
        .chain(statics.iter().map(|(p, _)| p.clone()))
        .collect();
    if compress {
        let gz: Vec<String> = paths
            .iter()
            .filter(|p| is_compressible(p))
            .map(|p| format!("{p}.gz"))
            .collect();
        paths.extend(gz);
    }
    marker::add(out, &paths)
}

/// Puts the staging folder `stage` in place of `out`; the caller removes `stage` when
/// this fails.
fn swap(stage: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(stage, out)
            .map_err(|e| swap_error(out, e, "failed to move the new site to"));
    }
    // One atomic step on Linux: readers see the old folder or the new one, never neither.
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, stage, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => {
                remove_tree(stage);
                return Ok(());
            }
            // A mount point: renaming it aside would fail the same way.
            Err(e) if is_mount_error(&e.into()) => return Err(mount_point(out)),
            // Other errors (a file system without the exchange): two renames.
            Err(_) => {}
        }
    }
    let old = parent.join(format!(".{name}{OLD}{}", std::process::id()));
    std::fs::rename(out, &old).map_err(|e| swap_error(out, e, "failed to move aside the old"))?;
    if let Err(e) = std::fs::rename(stage, out) {
        std::fs::rename(&old, out).ok();
        return Err(swap_error(out, e, "failed to move the new site to"));
    }
    remove_tree(&old);
    Ok(())
}

/// Removes the folder `dir` and everything in it, ignoring failures, its entries on
/// all cores: the old site goes after the new one is in place, so its removal is the
/// last thing a build waits for.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.par_iter().for_each(|e| {
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            // Below the top, the standard library's removal, which works relative to
            // each open folder rather than walking every file's full path again.
            std::fs::remove_dir_all(e.path()).ok();
        } else {
            std::fs::remove_file(e.path()).ok();
        }
    });
    std::fs::remove_dir(dir).ok();
}

/// Renaming fails this way when `out` is a mount point or on another file system than
/// the staging folder beside it.
fn is_mount_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
    )
}

/// The error for a failed rename of `out`: a mount point is named as such.
fn swap_error(out: &Path, e: std::io::Error, what: &str) -> anyhow::Error {
    if is_mount_error(&e) {
        return mount_point(out);
    }
    anyhow::Error::new(e).context(format!("{what} `{}`", out.display()))
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
    fn remove_tree_removes_nested_folders_but_not_what_links_lead_to() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        for d in ["a/b/c", "d", "e/f"] {
            std::fs::create_dir_all(old.join(d)).unwrap();
            std::fs::write(old.join(d).join("index.html"), "x").unwrap();
        }
        let kept = dir.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("mine.txt"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&kept, old.join("d/link")).unwrap();
        remove_tree(&old);
        assert!(!old.exists());
        assert!(kept.join("mine.txt").exists());
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
    fn a_busy_or_cross_device_rename_names_the_mount_point() {
        let out = Path::new("/srv/www");
        for kind in [
            std::io::ErrorKind::ResourceBusy,
            std::io::ErrorKind::CrossesDevices,
        ] {
            let e = swap_error(out, kind.into(), "failed to move aside the old");
            assert!(e.to_string().contains("mount point"), "{e}");
            assert!(e.to_string().contains("/srv/www/site"), "{e}");
        }
        let e = swap_error(out, std::io::ErrorKind::PermissionDenied.into(), "failed");
        assert_eq!(e.to_string(), "failed `/srv/www`");
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
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".public.folio-output", "public"],
            "no staging folders are left behind"
        );
        assert!(
            !out.join(".folio-output").exists(),
            "the marker is not published"
        );
    }
}
