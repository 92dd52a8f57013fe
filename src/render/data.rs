//! Files that templates and charts read from inside the site: CSV, TOML and JSON data,
//! and the images of `resize_image` and `get_image_metadata` (found as Zola finds them).
//!
//! Paths are relative to the site root and may not leave it, so a template cannot read
//! arbitrary files from the machine that builds the site; and only regular files are
//! read, so a FIFO or a device file is an error instead of a build that never ends.

use std::path::{Path, PathBuf};

use tera::Value;

/// Resolves `path` inside `root`, refusing anything that leaves it (after symlinks) and
/// anything but a regular file.
pub fn confine(root: &Path, path: &str) -> Result<PathBuf, String> {
    let rel = Path::new(path.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
        || Path::new(path).is_absolute() && !path.starts_with('/')
    {
        return Err(format!("`{path}` is outside the site folder"));
    }
    let root_real = root
        .canonicalize()
        .map_err(|e| format!("cannot resolve the site folder: {e}"))?;
    let full = root_real.join(rel);
    let real = full.canonicalize().map_err(|_| {
        format!("data file `{path}` not found (paths are relative to the site folder)")
    })?;
    if !real.starts_with(&root_real) {
        return Err(format!("`{path}` is outside the site folder"));
    }
    // Checked before opening: opening a FIFO waits for a writer, and reading a device
    // such as `/dev/zero` never ends.
    let meta = std::fs::metadata(&real).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "`{path}` is not a regular file (a folder, FIFO or device); data files must be files"
        ));
    }
    Ok(real)
}

/// Reads a CSV, TOML or JSON file into a template value. CSV gives
/// `{headers: [...], records: [[...], ...]}`, as in Zola.
pub fn load(root: &Path, path: &str) -> Result<Value, String> {
    let file = confine(root, path)?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "json" => serde_json::from_str::<serde_json::Value>(&text)
            .map(|v| Value::from_serializable(&v))
            .map_err(|e| format!("`{path}`: invalid JSON: {e}")),
        "toml" => toml::from_str::<toml::Table>(&text)
            .map(|t| super::values::table_value(&t))
            .map_err(|e| format!("`{path}`: invalid TOML: {e}")),
        "csv" => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers: Vec<Value> = reader
                .headers()
                .map_err(|e| format!("`{path}`: invalid CSV: {e}"))?
                .iter()
                .map(Value::from)
                .collect();
            let mut records = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| format!("`{path}`: invalid CSV: {e}"))?;
                records.push(Value::from(
                    record.iter().map(Value::from).collect::<Vec<_>>(),
                ));
            }
            Ok(super::values::obj([
                ("headers", Value::from(headers)),
                ("records", Value::from(records)),
            ]))
        }
        other => Err(format!(
            "`{path}`: unsupported data format `{other}`; use .csv, .toml or .json"
        )),
    }
}

/// Whether nothing is at `path` in the site folder (for `load_data(required=false)`,
/// which gives nothing then instead of an error).
pub fn is_missing(root: &Path, path: &str) -> bool {
    !root.join(path.trim_start_matches('/')).exists()
}

/// Where `path` really is in the site folder, after symlinks, when it is there.
pub fn real_in_site(root: &Path, path: &str) -> Option<PathBuf> {
    let file = confine(root, path).ok()?;
    let real_root = root.canonicalize().ok()?;
    file.strip_prefix(&real_root).ok().map(Path::to_path_buf)
}

/// A hash of a file's bytes, `None` when it cannot be read: what a data file held
/// when a build read it.
pub fn hash_file(path: &Path) -> Option<u64> {
    std::fs::read(path)
        .ok()
        .map(|b| xxhash_rust::xxh3::xxh3_64(&b))
}

/// The text of a chart's data file and its format (the file's extension).
pub fn read_chart_data(root: &Path, path: &str) -> Result<(String, String), String> {
    let file = confine(root, path)?;
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read chart data `{path}`: {e}"))?;
    let format = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    Ok((text, format))
}

/// An image found for `resize_image` or `get_image_metadata`.
#[derive(Debug, Clone)]
pub struct FoundImage {
    /// Where the file really is.
    pub file: PathBuf,
    /// Where it is in the site folder, as found (`static/a.jpg`), for messages and the
    /// dependency graph.
    pub rel: PathBuf,
    /// Its output path when it is a static file of the site or the theme, whose
    /// changes the watcher reports by output path.
    pub static_path: Option<String>,
}

/// Finds the image (or, for `get_hash`, any file) `unified` (a path as
/// `images::unified_path` gives it) as Zola does:
/// in the site folder, then in `static/`, `content/` and the theme's `static/`. Only
/// regular files inside the site folder count; `None` when there is none.
pub fn find_image(
    root: &Path,
    theme: Option<&str>,
    unified: &str,
) -> Result<Option<FoundImage>, String> {
    let mut places: Vec<(PathBuf, bool)> = vec![
        (PathBuf::new(), false),
        (PathBuf::from("static"), true),
        (PathBuf::from("content"), false),
    ];
    if let Some(t) = theme {
        places.push((Path::new("themes").join(t).join("static"), true));
    }
    for (dir, is_static) in places {
        let rel = dir.join(unified);
        let shown = rel.to_string_lossy().into_owned();
        if !root.join(&rel).exists() {
            continue;
        }
        let file = confine(root, &shown)?;
        return Ok(Some(FoundImage {
            file,
            static_path: is_static.then(|| unified.to_string()),
            rel,
        }));
    }
    Ok(None)
}

/// Reads the header of the image at `file` (size, orientation, format).
pub fn image_info(file: &Path, shown: &Path) -> anyhow::Result<crate::images::Info> {
    use anyhow::Context;
    let reader =
        std::fs::File::open(file).with_context(|| format!("cannot open `{}`", shown.display()))?;
    crate::images::read_info(std::io::BufReader::new(reader))
        .with_context(|| format!("cannot read the image `{}`", shown.display()))
}

/// Reads a whole file found by `find_image` (for `get_hash`); `shown` names it.
pub fn read_bytes(file: &Path, shown: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("cannot read `{}`: {e}", shown.display()))
}

/// Reads a whole image file (to resize it, or to read an SVG's size).
pub fn read_image(file: &Path, shown: &str) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    std::fs::read(file).with_context(|| format!("cannot read the image `{shown}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("data")).unwrap();
        std::fs::write(dir.path().join("secret.json"), "{}").unwrap();
        std::fs::write(site.join("data/x.json"), "{\"a\": 1}").unwrap();
        assert!(
            load(&site, "../secret.json")
                .unwrap_err()
                .contains("outside")
        );
        assert!(
            load(&site, "data/../../secret.json")
                .unwrap_err()
                .contains("outside")
        );
        assert!(load(&site, "data/x.json").is_ok());
        assert!(load(&site, "/data/x.json").is_ok());
        assert!(
            load(&site, "data/none.json")
                .unwrap_err()
                .contains("not found")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.json"), site.join("data/link.json"))
                .unwrap();
            assert!(
                load(&site, "data/link.json")
                    .unwrap_err()
                    .contains("outside")
            );
        }
    }

    #[test]
    fn a_fifo_or_folder_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().to_path_buf();
        std::fs::create_dir_all(site.join("data/dir.json")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            site.join("data/pipe.csv"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        // On a thread, so that a regression fails the test instead of hanging it.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            tx.send((load(&site, "data/pipe.csv"), load(&site, "data/dir.json")))
                .ok();
        });
        let (pipe, dir) = rx
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("load_data returns at once on a FIFO");
        assert!(pipe.unwrap_err().contains("not a regular file"));
        assert!(dir.unwrap_err().contains("not a regular file"));
    }

    #[test]
    fn parses_formats() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), "name,share\nChina,7.5\n").unwrap();
        std::fs::write(dir.path().join("a.toml"), "x = 1\n").unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let csv = load(dir.path(), "a.csv").unwrap();
        assert_eq!(
            csv.get_from_path("headers.1").and_then(|v| v.as_str()),
            Some("share")
        );
        assert!(load(dir.path(), "a.toml").is_ok());
        assert!(
            load(dir.path(), "a.txt")
                .unwrap_err()
                .contains("unsupported")
        );
    }
}
