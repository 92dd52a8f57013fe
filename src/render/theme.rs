//! Where templates and theme static files come from: the theme named in the config
//! (`themes/<name>/`) or the default theme embedded in the binary, overridden file by
//! file by the site's own `templates/` and `static/`.
//!
//! This reads template sources and Sass sources (`read_sass`), and lists static files;
//! it copies nothing. A symlink
//! that leads out of the site folder (or out of the theme's own folder) is not followed,
//! and a static entry that cannot be read is reported as that file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use rayon::prelude::*;

use super::functions::short_hash;
use crate::config::Config;
use crate::sass::{SassDir, SassSources};

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
    /// Bytes made from a theme file as it is published (its CSS and JS, minified).
    Bytes(std::sync::Arc<[u8]>),
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
    /// The theme's name, under which a site template extends the theme's template of
    /// the same name (`folio/base.html`).
    pub name: String,
}

/// Collects templates and static files for the site at `root`.
pub fn load(root: &Path, config: &Config) -> Result<ThemeFiles> {
    let mut files = ThemeFiles {
        name: config
            .theme
            .clone()
            .unwrap_or_else(|| DEFAULT_THEME.to_string()),
        ..ThemeFiles::default()
    };
    match &config.theme {
        Some(name) => {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                bail!(
                    "config.toml: theme `{name}` not found: there is no folder `{}`",
                    dir.display()
                );
            }
            let bases = bases(root, Some(&dir));
            let mut problems = Vec::new();
            read_dir_templates(
                &dir.join("templates"),
                root,
                &bases,
                &mut files,
                &mut problems,
            )?;
            read_dir_statics(&dir.join("static"), root, &bases, &mut files, &mut problems);
            fail_on(problems)?;
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
    let theme_templates = files.templates.clone();
    let bases = bases(root, None);
    let mut problems = Vec::new();
    read_dir_templates(
        &root.join("templates"),
        root,
        &bases,
        &mut files,
        &mut problems,
    )?;
    alias_extended(&mut files, theme_templates);
    read_dir_statics(
        &root.join("static"),
        root,
        &bases,
        &mut files,
        &mut problems,
    );
    fail_on(problems)?;
    Ok(files)
}

/// Makes each theme template that a site template names as `<theme>/<name>` (in
/// `extends`, `include` or `import`) a template of that name too, so that a site
/// template can extend the theme's template of the same name and override only some
/// of its blocks. Only those named: a copy of a template that defines components would
/// define them twice.
fn alias_extended(files: &mut ThemeFiles, theme: BTreeMap<String, TemplateSource>) {
    let prefix = format!("{}/", files.name);
    let named: Vec<(String, TemplateSource)> = theme
        .into_iter()
        .map(|(name, t)| (format!("{prefix}{name}"), t))
        .filter(|(alias, _)| {
            !files.templates.contains_key(alias)
                && files.templates.values().any(|t| {
                    t.origin.starts_with("templates/")
                        && (t.source.contains(&format!("\"{alias}\""))
                            || t.source.contains(&format!("'{alias}'")))
                })
        })
        .collect();
    files.templates.extend(named);
}

/// The folders that links may lead into: the site and the theme (which may itself be
/// a link to a theme kept elsewhere).
fn bases(root: &Path, theme: Option<&Path>) -> Vec<PathBuf> {
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut v = vec![real(root)];
    v.extend(theme.map(real));
    v
}

/// Every problem at once, one per line, each naming its file.
fn fail_on(problems: Vec<String>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    bail!("{}", problems.join("\n"))
}

/// The entries of `dir`, each as a readable file, or a problem naming it (relative to
/// `root`): a link out of `bases`, an entry that cannot be read, or anything but a
/// regular file or folder.
fn entries(
    dir: &Path,
    root: &Path,
    bases: &[PathBuf],
    problems: &mut Vec<String>,
    dotfiles: bool,
) -> Vec<walkdir::DirEntry> {
    let shown = |p: &Path| {
        crate::diagnostic::relative_to(p, root)
            .display()
            .to_string()
    };
    let mut found = Vec::new();
    let mut walker = walk(dir, dotfiles);
    while let Some(entry) = walker.next() {
        match entry {
            Err(e) => {
                let at = e.path().map(shown).unwrap_or_else(|| shown(dir));
                problems.push(format!("{at}: cannot read: {e}"));
            }
            Ok(e) => {
                if e.path_is_symlink()
                    && let Some(target) = crate::content::link_outside(e.path(), &bases[0])
                    && !bases[1..].iter().any(|b| target.starts_with(b))
                {
                    problems.push(format!(
                        "{}: {}",
                        shown(e.path()),
                        crate::content::outside_message(&target)
                    ));
                    if e.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                if e.file_type().is_file() {
                    found.push(e);
                } else if !e.file_type().is_dir() {
                    problems.push(format!(
                        "{}: cannot read: not a regular file (a FIFO, socket or device)",
                        shown(e.path())
                    ));
                }
            }
        }
    }
    found
}

fn read_dir_templates(
    dir: &Path,
    root: &Path,
    bases: &[PathBuf],
    files: &mut ThemeFiles,
    problems: &mut Vec<String>,
) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in entries(dir, root, bases, problems, false) {
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

fn read_dir_statics(
    dir: &Path,
    root: &Path,
    bases: &[PathBuf],
    files: &mut ThemeFiles,
    problems: &mut Vec<String>,
) {
    if !dir.is_dir() && !dir.is_symlink() {
        return;
    }
    for entry in entries(dir, root, bases, problems, true) {
        files.statics.insert(
            rel(entry.path(), dir),
            StaticSource::Disk(entry.path().to_path_buf()),
        );
    }
}

/// The bytes of a static file, from the binary or from disk.
pub fn read_static(source: &StaticSource) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
    match source {
        StaticSource::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
        StaticSource::Disk(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        StaticSource::Bytes(b) => Ok(std::borrow::Cow::Owned(b.to_vec())),
    }
}

/// Reads the Sass folders into memory: the theme's `sass/` whenever the theme has one
/// (Zola compiles it always), and the site's `sass/` with `compile_sass = true`. Only
/// `.scss`, `.sass` and `.css` files are read; a file that is not UTF-8, cannot be read
/// or is a link out of the site is reported as that file.
pub fn read_sass(root: &Path, config: &Config) -> Result<SassSources> {
    let mut sources = SassSources::default();
    let mut problems = Vec::new();
    if let Some(name) = &config.theme {
        let theme = root.join("themes").join(name);
        let dir = theme.join("sass");
        if dir.is_dir() {
            let bases = bases(root, Some(&theme));
            let prefix = format!("themes/{name}/sass");
            sources.theme = Some(read_sass_dir(&dir, prefix, root, &bases, &mut problems));
        }
    }
    let dir = root.join("sass");
    if config.compile_sass && dir.is_dir() {
        let bases = bases(root, None);
        sources.site = Some(read_sass_dir(
            &dir,
            "sass".into(),
            root,
            &bases,
            &mut problems,
        ));
    }
    fail_on(problems)?;
    Ok(sources)
}

fn read_sass_dir(
    dir: &Path,
    prefix: String,
    root: &Path,
    bases: &[PathBuf],
    problems: &mut Vec<String>,
) -> SassDir {
    let wanted = |p: &Path| {
        p.extension()
            .is_some_and(|x| x == "scss" || x == "sass" || x == "css")
    };
    let read: Vec<std::result::Result<(String, String), String>> =
        entries(dir, root, bases, problems, false)
            .par_iter()
            .filter(|e| wanted(e.path()))
            .map(|e| {
                let rel = rel(e.path(), dir);
                let shown = format!("{prefix}/{rel}");
                let bytes = std::fs::read(e.path())
                    .map_err(|err| format!("{shown}: cannot read: {err}"))?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("{shown}: the stylesheet is not valid UTF-8"))?;
                Ok((rel, text))
            })
            .collect();
    let mut files = BTreeMap::new();
    for r in read {
        match r {
            Ok((rel, text)) => {
                files.insert(rel, text);
            }
            Err(p) => problems.push(p),
        }
    }
    SassDir { prefix, files }
}

type Walk = walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>;

/// The files below `dir`, without editor leftovers, and without hidden files unless
/// `dotfiles` (static files: `.well-known/`, `.nojekyll` are copied, as in Zola).
fn walk(dir: &Path, dotfiles: bool) -> Walk {
    fn visible(e: &walkdir::DirEntry) -> bool {
        e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy())
    }
    fn with_dotfiles(e: &walkdir::DirEntry) -> bool {
        let name = e.file_name().to_string_lossy();
        let hidden = name.starts_with('.');
        let editor = name.ends_with(".swp") || name.ends_with(".swo") || name == ".DS_Store";
        e.depth() == 0 || (hidden && !editor) || !crate::content::is_ignored(&name)
    }
    let keep: fn(&walkdir::DirEntry) -> bool = if dotfiles { with_dotfiles } else { visible };
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(keep)
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The short content hash of each static file, for cache busting (large media files,
/// rarely cache-busted, are skipped).
pub fn hash_statics(theme: &ThemeFiles) -> HashMap<String, String> {
    theme
        .statics
        .par_iter()
        .filter_map(|(out, src)| {
            if let StaticSource::Disk(p) = src
                && std::fs::metadata(p).ok()?.len() > 2 * 1024 * 1024
            {
                return None;
            }
            Some((out.clone(), static_hash(src)?))
        })
        .collect()
}

/// The short content hash of one static file, `None` when it cannot be read.
pub fn static_hash(src: &StaticSource) -> Option<String> {
    let bytes = match src {
        StaticSource::Embedded(b) => b.to_vec(),
        StaticSource::Bytes(b) => b.to_vec(),
        StaticSource::Disk(p) => std::fs::read(p).ok()?,
    };
    Some(short_hash(&bytes))
}
