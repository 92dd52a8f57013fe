//! Where templates and theme static files come from: the theme named in the config
//! (`themes/<name>/`) or the default theme embedded in the binary, overridden file by
//! file by the site's own `templates/` and `static/`.
//!
//! This reads template sources and lists static files; it copies nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// The name of the theme folder that is also embedded in the binary.
pub const DEFAULT_THEME: &str = "folio";

/// The embedded default theme's files, for `folio eject-theme` and `folio init`.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

/// A template's source and the file it came from (for messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub source: String,
    /// `themes/folio/templates/page.html`, `templates/page.html` or `(embedded) page.html`.
    pub origin: String,
}

/// Where a static file's bytes are.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// Everything the theme and site provide besides content.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// Template name (`page.html`, `shortcodes/note.html`) → source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path → source. Site `static/` wins over the theme's.
    pub statics: BTreeMap<String, StaticSource>,
    /// The theme folder on disk, when not embedded.
    pub theme_dir: Option<PathBuf>,
}

/// Collects templates and static files for the site at `root`.
pub fn load(root: &Path, config: &Config) -> Result<ThemeFiles> {
    let mut files = ThemeFiles::default();
    match &config.theme {
        Some(name) => {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                bail!(
                    "config.toml: theme `{name}` not found: there is no folder `{}`",
                    dir.display()
                );
            }
            read_dir_templates(&dir.join("templates"), root, &mut files)?;
            read_dir_statics(&dir.join("static"), &mut files)?;
            files.theme_dir = Some(dir);
        }
        None => {
            for (path, bytes) in embedded::FILES {
                if let Some(name) = path.strip_prefix("templates/") {
                    let source = String::from_utf8_lossy(bytes).into_owned();
                    files.templates.insert(
                        name.to_string(),
                        TemplateSource {
                            source,
                            origin: format!("(default theme) templates/{name}"),
                        },
                    );
                } else if let Some(out) = path.strip_prefix("static/") {
                    files
                        .statics
                        .insert(out.to_string(), StaticSource::Embedded(bytes));
                }
            }
        }
    }
    read_dir_templates(&root.join("templates"), root, &mut files)?;
    read_dir_statics(&root.join("static"), &mut files)?;
    Ok(files)
}

fn read_dir_templates(dir: &Path, root: &Path, files: &mut ThemeFiles) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walk(dir) {
        let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = rel(entry.path(), dir);
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("failed to read `{}`", entry.path().display()))?;
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .display()
            .to_string();
        let source = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{origin}: the template is not valid UTF-8"))?;
        files
            .templates
            .insert(name, TemplateSource { source, origin });
    }
    Ok(())
}

fn read_dir_statics(dir: &Path, files: &mut ThemeFiles) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walk(dir) {
        let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            files.statics.insert(
                rel(entry.path(), dir),
                StaticSource::Disk(entry.path().to_path_buf()),
            );
        }
    }
    Ok(())
}

fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
        })
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
