//! Watching a site for changes, and rebuilding it in memory on each batch.
//!
//! `classify` turns changed paths into kinds of change (pure, unit-tested). `Watcher`
//! wraps notify's debouncer over the site's folders (never the output folder, never
//! single files). `Rebuilder` keeps the built `Site` between changes and redoes only
//! what a batch needs: one page's Markdown and its dependants for a body edit, a full
//! re-render that reuses Markdown and highlighted code for structural changes, and a
//! fresh config for a config change. `serve` and `watch` drive it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

use crate::config::Config;
use crate::content::is_ignored;
use crate::markdown::Highlighter;
use crate::render::theme::StaticSource;
use crate::site::{BuildOptions, Site};

/// What a changed path means for the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Config,
    /// A Markdown file under `content/`, by path relative to `content/`.
    Content(String),
    /// Any other file under `content/` (page bundle assets and the like).
    Asset(String),
    Template,
    /// A site folder (`content/`, `templates/`, …) that appeared or went away.
    Folder,
    /// A file under `static/` or the theme's `static/`, by output path.
    Static(String),
    /// A file under `sass/` or the theme's `sass/`, by path in the site folder.
    Sass(String),
    /// A file under `data/`, or any other file of the site folder, by path in the
    /// site folder: `load_data` and charts may read it.
    Data(String),
}

/// Editor leftovers: vim's `4913`, `*~`, `.swp`, emacs `#…#` and `.#…`, JetBrains
/// `___jb_…`, `*.tmp`, `.bck`, and hidden files.
pub fn is_editor_temp(name: &str) -> bool {
    is_ignored(name)
        || name.contains("___jb_")
        || name.ends_with(".bck")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('#')
}

/// Classifies one changed path of the site at `root` using theme `theme`.
pub fn classify(
    root: &Path,
    theme: Option<&str>,
    config_file: &Path,
    path: &Path,
) -> Option<Change> {
    if path == config_file {
        return Some(Change::Config);
    }
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.iter().any(|p| is_editor_temp(p)) {
        return None;
    }
    let join = |from: usize| parts[from..].join("/");
    match parts.first().map(String::as_str) {
        Some("config.toml") if parts.len() == 1 => Some(Change::Config),
        // A site folder that appears (or goes) while watching changes what is built.
        Some("content" | "templates" | "static" | "themes" | "data" | "sass")
            if parts.len() == 1 =>
        {
            Some(Change::Folder)
        }
        Some("content") if parts.len() > 1 => {
            let r = join(1);
            if r.ends_with(".md") {
                Some(Change::Content(r))
            } else {
                Some(Change::Asset(r))
            }
        }
        Some("templates") if parts.len() > 1 => Some(Change::Template),
        Some("static") if parts.len() > 1 => Some(Change::Static(join(1))),
        Some("data") if parts.len() > 1 => Some(Change::Data(join(0))),
        Some("sass") if parts.len() > 1 => Some(Change::Sass(join(0))),
        Some("themes") if parts.len() > 3 && Some(parts[1].as_str()) == theme => {
            match parts[2].as_str() {
                "templates" => Some(Change::Template),
                "static" => Some(Change::Static(join(3))),
                "sass" => Some(Change::Sass(join(0))),
                _ => None,
            }
        }
        // Anything else matters only if a build read it (`Site::reads_data`).
        Some(_) => Some(Change::Data(join(0))),
        None => None,
    }
}

/// Folders to watch: those that exist among content/, templates/, static/, data/,
/// sass/ and the theme.
pub fn watched_dirs(root: &Path, config: &Config) -> Vec<PathBuf> {
    let mut dirs = vec![
        root.join("content"),
        root.join("templates"),
        root.join("static"),
        root.join("data"),
        root.join("sass"),
    ];
    if let Some(theme) = &config.theme {
        dirs.push(root.join("themes").join(theme));
    }
    dirs.into_iter().filter(|d| d.is_dir()).collect()
}

/// Adds a folder to a running watcher.
type AddWatch = dyn FnMut(&Path) -> notify::Result<()> + Send;

/// A running file watcher; dropping it stops watching.
pub struct Watcher {
    inner: Box<AddWatch>,
    watching: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching site folders that appeared since the watcher started
    /// (`templates/` created while serving, for example), and the folders of files
    /// that `load_data` or a chart read (`extra`).
    pub fn refresh(&mut self, root: &Path, config: &Config, extra: &[PathBuf]) {
        let dirs = watched_dirs(root, config)
            .into_iter()
            .chain(extra.iter().filter(|d| d.is_dir()).cloned());
        for dir in dirs {
            if self.watching.iter().any(|w| dir.starts_with(w)) {
                continue;
            }
            if !self.watching.contains(&dir) && (self.inner)(&dir).is_ok() {
                self.watching.push(dir);
            }
        }
    }
}

/// Watches the site's folders (and the folder holding config.toml, non-recursively,
/// filtered to config.toml by `classify`) and sends each debounced batch of paths.
pub fn start(
    root: &Path,
    config: &Config,
    config_file: &Path,
    poll: bool,
    tx: mpsc::Sender<Vec<PathBuf>>,
) -> Result<Watcher> {
    // A config file given with `--config` outside the site folder is watched where it is.
    let config_dir = config_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !root.starts_with(d) && *d != root)
        .map(Path::to_path_buf);
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reads show up as access events; only writes, creations, renames and
            // removals are changes (a build reads every file, so reacting to reads
            // would rebuild forever).
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| {
                    use notify::EventKind::{Create, Modify, Remove};
                    use notify::event::ModifyKind;
                    matches!(
                        e.event.kind,
                        Create(_)
                            | Remove(_)
                            | Modify(
                                ModifyKind::Data(_)
                                    | ModifyKind::Name(_)
                                    | ModifyKind::Any
                                    | ModifyKind::Other
                            )
                    )
                })
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                tx.send(paths).ok();
            }
        }
    };
    let timeout = Duration::from_millis(20);
    let tick = Some(Duration::from_millis(5));
    let dirs = watched_dirs(root, config);
    macro_rules! watch_all {
        ($debouncer:expr) => {{
            let mut d = $debouncer;
            for dir in &dirs {
                d.watch(dir, RecursiveMode::Recursive)
                    .with_context(|| format!("failed to watch `{}`", dir.display()))?;
            }
            d.watch(root, RecursiveMode::NonRecursive)
                .with_context(|| format!("failed to watch `{}`", root.display()))?;
            if let Some(dir) = &config_dir {
                d.watch(dir, RecursiveMode::NonRecursive)
                    .with_context(|| format!("failed to watch `{}`", dir.display()))?;
            }
            Watcher {
                inner: Box::new(move |p: &Path| d.watch(p, RecursiveMode::Recursive)),
                watching: dirs.clone(),
            }
        }};
    }
    Ok(if poll {
        let cfg = notify::Config::default().with_poll_interval(Duration::from_millis(200));
        watch_all!(
            new_debouncer_opt::<_, notify::PollWatcher, _>(
                timeout,
                tick,
                handler,
                notify_debouncer_full::NoCache,
                cfg
            )
            .context("failed to start the polling watcher")?
        )
    } else {
        watch_all!(
            new_debouncer(timeout, tick, handler).context("failed to start the file watcher")?
        )
    })
}

/// Waits for the next batch of changed paths, merged with any that queued up while
/// the last rebuild ran: a burst causes one rebuild, and two never run at once.
/// `None` once the watcher is gone.
pub fn next_batch(rx: &mpsc::Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    Some(with_queued(rx.recv().ok()?, rx))
}

/// `paths` and every batch already queued behind them.
fn with_queued(mut paths: Vec<PathBuf>, rx: &mpsc::Receiver<Vec<PathBuf>>) -> Vec<PathBuf> {
    while let Ok(more) = rx.try_recv() {
        paths.extend(more);
    }
    paths
}

/// What one rebuild did, for the log line and the browser.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Short description of the changes (`content/a.md`, `3 files`).
    pub what: String,
    /// Output paths whose bytes changed; `None` means everything may have changed.
    pub changed: Option<Vec<String>>,
    /// Only stylesheets changed: the browser can swap them without a reload.
    pub css_only: bool,
    /// Static files changed (output paths), for `watch` to copy.
    pub statics: Vec<String>,
    /// Output files were added or removed (the output folder must be swapped whole).
    pub structural: bool,
    pub elapsed: Duration,
    pub error: Option<String>,
}

impl Outcome {
    /// The one line printed per rebuild.
    pub fn line(&self) -> String {
        let ms = self.elapsed.as_millis();
        match (&self.error, &self.changed) {
            (Some(_), _) => format!(
                "{} changed: build failed after {ms} ms (serving the last good site)",
                self.what
            ),
            (None, Some(c)) if c.is_empty() && !self.statics.is_empty() => {
                format!(
                    "{} changed: copied {} static file(s) in {ms} ms",
                    self.what,
                    self.statics.len()
                )
            }
            (None, Some(c)) => format!(
                "{} changed: re-rendered {} file(s) in {ms} ms",
                self.what,
                c.len()
            ),
            (None, None) => format!("{} changed: rebuilt the site in {ms} ms", self.what),
        }
    }
}

/// Keeps the site in memory and applies batches of changes to it.
pub struct Rebuilder {
    pub root: PathBuf,
    pub config_file: PathBuf,
    pub config: Config,
    /// Applied to every config read (serve replaces `base_url`).
    pub base_url: Option<String>,
    pub options: BuildOptions,
    pub highlighter: std::sync::Arc<Highlighter>,
    /// The last good build.
    pub site: Site,
    /// When the highlight cache was last handed to its file.
    pub cache_saved: Instant,
    /// What failed batches leave to the next one.
    carried: Carried,
}

/// What failed batches leave to the next one: their changes, applied again with it
/// (a change that came with a broken file is not lost when the file is fixed), and
/// the outputs they had already changed in memory, which no one wrote or reloaded
/// since the batch failed.
#[derive(Debug, Default)]
struct Carried {
    changes: BTreeSet<Change>,
    outputs: Vec<String>,
    statics: Vec<String>,
    structural: bool,
}

/// How long a failed rebuild waits for more changes before it is reported: an editor
/// that empties a file and then writes it can be caught in between, and the write
/// that completes the save comes within this.
const ERROR_GRACE: Duration = Duration::from_millis(150);

/// How many times in a row a failed rebuild is retried with changes that followed it
/// within `ERROR_GRACE`, before the failure is reported anyway (files that keep
/// changing must not hide an error for ever).
const ERROR_RETRIES: usize = 5;

/// `serve` and `watch` save the highlight cache as they go, at most this often, in the
/// background, so that a rebuild never waits for it.
const CACHE_SAVE_EVERY: Duration = Duration::from_secs(10);

impl Rebuilder {
    /// Loads and builds the site for the first time.
    pub fn new(
        root: &Path,
        config_file: &Path,
        base_url: Option<String>,
        options: BuildOptions,
        disk_cache: bool,
    ) -> Result<Rebuilder> {
        let config = read_config(config_file, base_url.as_deref())?;
        // Updates re-render what recorded reads say an edit affects.
        let options = BuildOptions {
            record: true,
            image_cache: disk_cache,
            ..options
        };
        let (light, dark) = (
            &config.markdown.highlight_theme_light,
            &config.markdown.highlight_theme_dark,
        );
        let highlighter = std::sync::Arc::new(if disk_cache {
            crate::output::highlight_cache::open(light, dark, root)
        } else {
            Highlighter::new(light, dark)
        });
        let site = Site::build(root, &config, &options, &highlighter, None)?;
        highlighter.save();
        Ok(Rebuilder {
            root: root.to_path_buf(),
            config_file: config_file.to_path_buf(),
            config,
            base_url,
            options,
            highlighter,
            site,
            cache_saved: Instant::now(),
            carried: Carried::default(),
        })
    }

    /// Applies `paths` as `apply` does; when the rebuild fails and more changes come
    /// within `ERROR_GRACE` (a file caught half saved), applies them too before the
    /// failure is given, up to `ERROR_RETRIES` times. `None` when nothing relevant
    /// changed.
    pub fn apply_settled(
        &mut self,
        paths: &[PathBuf],
        rx: &mpsc::Receiver<Vec<PathBuf>>,
    ) -> Option<Outcome> {
        let mut outcome = self.apply(paths)?;
        for _ in 0..ERROR_RETRIES {
            if outcome.error.is_none() {
                break;
            }
            let Ok(more) = rx.recv_timeout(ERROR_GRACE) else {
                break;
            };
            // Nothing relevant changed: the failure stands.
            let Some(next) = self.apply(&with_queued(more, rx)) else {
                break;
            };
            outcome = next;
        }
        Some(outcome)
    }

    /// Applies one batch of changed paths. On error the last good site is kept.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Option<Outcome> {
        let start = Instant::now();
        let changes: BTreeSet<Change> = paths
            .iter()
            .filter_map(|p| {
                classify(
                    &self.root,
                    self.config.theme.as_deref(),
                    &self.config_file,
                    p,
                )
            })
            .collect();
        // A file outside the site's folders matters only when a build read it.
        let mut changes: BTreeSet<Change> = changes
            .into_iter()
            .filter(|c| match c {
                Change::Data(rel) => {
                    rel.starts_with("data/") || self.site.reads_data(Path::new(rel))
                }
                _ => true,
            })
            .collect();
        if changes.is_empty() {
            return None;
        }
        changes.extend(std::mem::take(&mut self.carried.changes));
        let what = describe(&changes);
        let mut outcome = Outcome {
            what,
            changed: Some(Vec::new()),
            css_only: false,
            statics: Vec::new(),
            structural: false,
            elapsed: Duration::ZERO,
            error: None,
        };
        self.site.last_rendered = 0;
        let mut done = Vec::new();
        match self.rebuild(&changes, &mut outcome, &mut done) {
            Err(e) => {
                outcome.error = Some(format!("{e:#}"));
                let carried = &mut self.carried;
                carried.changes = changes;
                carried.outputs.append(&mut done);
                carried
                    .outputs
                    .extend(outcome.changed.take().unwrap_or_default());
                carried.statics.append(&mut outcome.statics);
                carried.structural |= outcome.structural;
            }
            Ok(()) => {
                let carried = std::mem::take(&mut self.carried);
                outcome.css_only &= carried
                    .outputs
                    .iter()
                    .chain(&carried.statics)
                    .all(|p| p.ends_with(".css"));
                if let Some(changed) = &mut outcome.changed {
                    changed.extend(carried.outputs);
                    changed.sort();
                    changed.dedup();
                }
                outcome.statics.extend(carried.statics);
                outcome.statics.sort();
                outcome.statics.dedup();
                outcome.structural |= carried.structural;
            }
        }
        outcome.elapsed = start.elapsed();
        if self.cache_saved.elapsed() >= CACHE_SAVE_EVERY {
            self.cache_saved = Instant::now();
            let h = self.highlighter.clone();
            std::thread::spawn(move || h.save());
        }
        Some(outcome)
    }

    /// Applies `changes`; `changed` collects the outputs that updates changed in
    /// memory, and keeps them when a later step of the batch fails.
    fn rebuild(
        &mut self,
        changes: &BTreeSet<Change>,
        outcome: &mut Outcome,
        changed: &mut Vec<String>,
    ) -> Result<()> {
        let config_changed = changes.contains(&Change::Config);
        if config_changed {
            let config = read_config(&self.config_file, self.base_url.as_deref())?;
            if config.markdown.highlight_theme_light != self.config.markdown.highlight_theme_light
                || config.markdown.highlight_theme_dark != self.config.markdown.highlight_theme_dark
            {
                self.highlighter = std::sync::Arc::new(Highlighter::new(
                    &config.markdown.highlight_theme_light,
                    &config.markdown.highlight_theme_dark,
                ));
            }
            // Turning compression on or off changes which files the output holds.
            outcome.structural |= config.compress != self.config.compress;
            self.config = config;
        }
        let statics: Vec<String> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Static(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        outcome.statics = statics.clone();
        // A static file that appeared, went away or now comes from elsewhere (a site
        // file overriding the theme's) changes the set of files: rebuild.
        let static_set_changed = statics.iter().any(|p| {
            let site_file = self.root.join("static").join(p);
            let theme_file = self
                .config
                .theme
                .as_ref()
                .map(|t| self.root.join("themes").join(t).join("static").join(p));
            let expected = if site_file.exists() {
                Some(site_file)
            } else {
                theme_file.filter(|f| f.exists())
            };
            // A file turned into a link out of the site: the rebuild refuses it.
            let leaves_site = expected.as_ref().is_some_and(|e| {
                self.root
                    .canonicalize()
                    .is_ok_and(|real| crate::content::link_outside(e, &real).is_some())
            });
            if leaves_site {
                return true;
            }
            match (self.site.statics.get(p), expected) {
                (None, None) | (Some(StaticSource::Embedded(_)), None) => false,
                (Some(StaticSource::Disk(d)), Some(e)) => *d != e,
                _ => true,
            }
        });
        let needs_full = config_changed
            || static_set_changed
            || changes.iter().any(|c| match c {
                Change::Folder => true,
                // A bundle asset that appeared or went away.
                Change::Asset(rel) => {
                    let source = Path::new("content").join(rel);
                    let exists = self.root.join(&source).is_file();
                    let known = self.site.assets.iter().any(|a| a.source.ends_with(&source));
                    // A folder that appeared, or went away with what it held.
                    let folder = format!("{rel}/");
                    let held = self
                        .site
                        .content
                        .by_relative
                        .keys()
                        .any(|k| k.starts_with(&folder))
                        || self
                            .site
                            .assets
                            .iter()
                            .any(|a| a.source.starts_with(self.root.join(&source)));
                    exists != known || self.root.join(&source).is_dir() || (!exists && held)
                }
                Change::Content(rel) => {
                    let exists = self.root.join("content").join(rel).is_file();
                    let known = self.site.content.by_relative.contains_key(rel);
                    // New, deleted, section or draft-hidden files change the structure.
                    !(exists && known) || rel.ends_with("_index.md")
                }
                _ => false,
            });
        // Page-bundle assets are copied like static files.
        outcome
            .statics
            .extend(changes.iter().filter_map(|c| match c {
                Change::Asset(rel) => {
                    let source = Path::new("content").join(rel);
                    self.site
                        .assets
                        .iter()
                        .find(|a| a.source.ends_with(&source))
                        .map(|a| a.output.clone())
                }
                _ => None,
            }));
        if needs_full {
            let copied = std::mem::take(&mut outcome.statics);
            self.full(outcome)?;
            outcome.statics = copied;
            return Ok(());
        }
        // Files that `load_data` and charts read, by path in the site folder.
        let data: Vec<PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Data(rel) => Some(PathBuf::from(rel)),
                Change::Asset(rel) => Some(Path::new("content").join(rel)),
                Change::Static(p) => Some(Path::new("static").join(p)),
                _ => None,
            })
            .collect();
        // Each update says which outputs changed, or that a rebuild is needed.
        let mut took = |r: Result<Option<Vec<String>>>| -> Result<bool> {
            Ok(r?.map(|mut paths| changed.append(&mut paths)).is_some())
        };
        let sass = changes.iter().any(|c| matches!(c, Change::Sass(_)));
        let incremental = (!changes.contains(&Change::Template)
            || took(self.site.update_templates())?)
            && (statics.is_empty() || took(self.site.update_statics(&statics))?)
            && (!sass || took(self.site.update_sass())?)
            && (data.is_empty() || took(self.site.update_data(&data))?);
        if !incremental {
            outcome.changed = Some(std::mem::take(changed));
            return self.full(outcome);
        }
        for c in changes {
            if let Change::Content(rel) = c
                && !took(self.site.update_page(rel, &self.highlighter))?
            {
                outcome.changed = Some(std::mem::take(changed));
                return self.full(outcome);
            }
        }
        // Stylesheets alone changed (static or compiled): the browser swaps them.
        outcome.css_only = (!changed.is_empty() || !statics.is_empty())
            && changed.iter().chain(&statics).all(|p| p.ends_with(".css"));
        let mut changed = std::mem::take(changed);
        changed.sort();
        changed.dedup();
        outcome.changed = Some(changed);
        Ok(())
    }

    /// Rebuilds the search index if page edits left it behind; returns the output
    /// paths that changed. `serve` calls it after the browser has the edited page.
    pub fn finish_search(&mut self) -> Vec<String> {
        self.site.finish_search()
    }

    fn full(&mut self, outcome: &mut Outcome) -> Result<()> {
        self.rebuild_from(outcome)
    }

    /// Rebuilds the site in memory, reusing the Markdown bodies whose reads are
    /// unchanged.
    fn rebuild_from(&mut self, outcome: &mut Outcome) -> Result<()> {
        let site = Site::build(
            &self.root,
            &self.config,
            &self.options,
            &self.highlighter,
            Some(&self.site),
        )?;
        let mut changed: Vec<String> = site
            .files
            .iter()
            .filter(|(k, v)| self.site.files.get(*k).is_none_or(|old| old != *v))
            .map(|(k, _)| k.clone())
            .collect();
        let removed: Vec<String> = self
            .site
            .files
            .keys()
            .filter(|k| !site.files.contains_key(*k))
            .cloned()
            .collect();
        outcome.structural |= !removed.is_empty()
            || site.files.keys().any(|k| !self.site.files.contains_key(k))
            || site.statics.keys().ne(self.site.statics.keys());
        changed.extend(removed);
        // Files that updates earlier in the batch already changed.
        changed.extend(outcome.changed.take().unwrap_or_default());
        changed.sort();
        changed.dedup();
        self.site = site;
        outcome.changed = Some(changed);
        outcome.css_only = false;
        Ok(())
    }
}

fn read_config(file: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load_file(file)?;
    if let Some(url) = base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

fn describe(changes: &BTreeSet<Change>) -> String {
    if changes.len() == 1 {
        return match changes.iter().next() {
            Some(Change::Config) => "config.toml".into(),
            Some(Change::Content(r) | Change::Asset(r)) => format!("content/{r}"),
            Some(Change::Template) => "a template".into(),
            Some(Change::Folder) => "a site folder".into(),
            Some(Change::Static(p)) => format!("static/{p}"),
            Some(Change::Sass(p)) => p.clone(),
            Some(Change::Data(p)) => p.clone(),
            None => String::new(),
        };
    }
    format!("{} files", changes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_paths() {
        let root = Path::new("/site");
        let cfg = root.join("config.toml");
        let check = |p: &str, want: Option<Change>| {
            assert_eq!(
                classify(root, Some("folio"), &cfg, &root.join(p)),
                want,
                "{p}"
            );
        };
        check("config.toml", Some(Change::Config));
        check("content/a/b.md", Some(Change::Content("a/b.md".into())));
        check("content/a/img.png", Some(Change::Asset("a/img.png".into())));
        check("templates/page.html", Some(Change::Template));
        check("themes/folio/templates/base.html", Some(Change::Template));
        // Files outside the site's folders are data that a build may have read.
        check(
            "themes/other/templates/base.html",
            Some(Change::Data("themes/other/templates/base.html".into())),
        );
        check("data/x.csv", Some(Change::Data("data/x.csv".into())));
        check(
            "themes/folio/static/css/folio.css",
            Some(Change::Static("css/folio.css".into())),
        );
        check("static/logo.png", Some(Change::Static("logo.png".into())));
        check(
            "sass/_vars.scss",
            Some(Change::Sass("sass/_vars.scss".into())),
        );
        check(
            "themes/folio/sass/a/main.scss",
            Some(Change::Sass("themes/folio/sass/a/main.scss".into())),
        );
        check("sass", Some(Change::Folder));
        check("README.md", Some(Change::Data("README.md".into())));
        assert_eq!(
            classify(root, None, &cfg, Path::new("/elsewhere/x.md")),
            None
        );
    }

    #[test]
    fn ignores_editor_temp_files() {
        let root = Path::new("/site");
        let cfg = root.join("config.toml");
        for p in [
            "content/4913",
            "content/a.md~",
            "content/.a.md.swp",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md___jb_tmp___",
            "content/a.md___jb_old___",
            "content/a.tmp",
            "content/a.md.bck",
            "templates/.page.html.swx",
        ] {
            assert_eq!(classify(root, None, &cfg, &root.join(p)), None, "{p}");
        }
    }
}
