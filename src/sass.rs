//! Sass: compiles the `.scss` and `.sass` files of the theme's and the site's `sass/`
//! folders to CSS, as Zola's `compile_sass` does.
//!
//! It works on sources already read into memory (`render::theme::read_sass` reads
//! them) and resolves `@use`, `@forward` and `@import` through an importer over that
//! memory, so it touches no disk. Each stylesheet whose name (and whose folders'
//! names) do not start with `_` becomes `<path>.css`; the others are partials.
//! Stylesheets compile in parallel, and every error is reported at once, each at the
//! file, line and column where it is.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Mutex;

use anyhow::Result;
use rayon::prelude::*;
use sasso::{CanonicalUrl, CanonicalizeContext, Importer, ImporterError, ImporterResult, Syntax};

use crate::diagnostic::{self, Diagnostic};

/// One `sass/` folder, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SassDir {
    /// The folder relative to the site, as messages name it: `sass` or
    /// `themes/<name>/sass`.
    pub prefix: String,
    /// Each `.scss`, `.sass` and `.css` file by path inside the folder (`a/_b.scss`).
    pub files: BTreeMap<String, String>,
}

/// The Sass folders of a site: the theme's, compiled always (as in Zola), and the
/// site's, compiled with `compile_sass = true`. The site's stylesheet wins when both
/// make the same CSS file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SassSources {
    pub theme: Option<SassDir>,
    pub site: Option<SassDir>,
}

/// One compiled stylesheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// The output path (`a/b.css`).
    pub path: String,
    /// The stylesheet it came from, relative to the site (`sass/a/b.scss`).
    pub source: String,
    pub css: Vec<u8>,
}

impl SassSources {
    pub fn is_empty(&self) -> bool {
        self.theme.is_none() && self.site.is_none()
    }
}

/// Whether `rel` (a path inside a `sass/` folder) is a stylesheet of its own: a
/// `.scss` or `.sass` file with no `_` at the start of its name or of a folder's
/// (Zola skips such folders whole).
fn is_entry(rel: &str) -> bool {
    (rel.ends_with(".scss") || rel.ends_with(".sass"))
        && !rel.split('/').any(|part| part.starts_with('_'))
}

/// The CSS file a stylesheet at `rel` becomes.
fn css_path(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    format!("{stem}.css")
}

/// Compiles every stylesheet of `sources`, sorted by output path. Fails with every
/// problem at once: Sass errors at their file, line and column, and two stylesheets
/// of one folder that make the same CSS file (`a.scss` and `a.sass`).
pub fn compile(sources: &SassSources) -> Result<Vec<Compiled>> {
    let mut problems = Vec::new();
    // Output path → (folder, path inside it); the site's folder comes second and wins.
    let mut entries: BTreeMap<String, (&SassDir, &str)> = BTreeMap::new();
    for dir in [&sources.theme, &sources.site].into_iter().flatten() {
        let mut own: BTreeMap<String, &str> = BTreeMap::new();
        for rel in dir.files.keys().filter(|r| is_entry(r)) {
            let out = css_path(rel);
            if let Some(other) = own.insert(out.clone(), rel) {
                problems.push(Diagnostic::new(
                    format!("{}/{rel}", dir.prefix),
                    format!(
                        "`{}/{other}` and this file both compile to `{out}`: rename one",
                        dir.prefix
                    ),
                ));
            }
            entries.insert(out, (dir, rel));
        }
    }
    diagnostic::into_result(problems, "in Sass")?;
    let memory = Memory::new(sources);
    let results: Vec<Result<Compiled, Diagnostic>> = entries
        .par_iter()
        .map(|(out, (dir, rel))| {
            let source = format!("{}/{rel}", dir.prefix);
            let text = &dir.files[*rel];
            compile_one(&memory, dir, &source, text).map(|css| Compiled {
                path: out.clone(),
                source,
                css,
            })
        })
        .collect();
    let mut compiled = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(c) => compiled.push(c),
            Err(d) => problems.push(d),
        }
    }
    diagnostic::into_result(problems, "in Sass")?;
    Ok(compiled)
}

/// Compiles the stylesheet `source` (its text `text`, in folder `dir`): compressed,
/// as Zola writes it, with warnings printed once each per run.
fn compile_one(
    memory: &Memory,
    dir: &SassDir,
    source: &str,
    text: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let importer = memory.importer(dir);
    let url = format!("/{source}");
    let syntax = if source.ends_with(".sass") {
        Syntax::Sass
    } else {
        Syntax::Scss
    };
    let warnings: Rc<std::cell::RefCell<Vec<(bool, String)>>> = Rc::default();
    let sink = warnings.clone();
    let options = sasso::Options::new()
        .with_style(sasso::OutputStyle::Compressed)
        .with_syntax(syntax)
        .with_importer(&importer)
        .with_url(&url)
        .with_cwd("/")
        .with_warn_handler(Rc::new(move |w: &sasso::WarnEvent<'_>| {
            let deprecation = w.deprecation || w.url.is_empty();
            sink.borrow_mut().push((deprecation, warning_line(w)));
        }));
    // A bug in the compiler must not take the whole build down with it.
    let result = catch_unwind(AssertUnwindSafe(|| sasso::compile(text, &options)));
    warn(summarize(warnings.take()));
    match result {
        Ok(Ok(css)) => Ok(css.into_bytes()),
        Ok(Err(e)) => Err(error_diagnostic(&e, source)),
        Err(_) => Err(Diagnostic::new(
            source,
            "the Sass compiler failed on this file (a bug in sasso); please report it",
        )),
    }
}

/// One line for a Sass warning: where it is, and the first line of its message.
fn warning_line(w: &sasso::WarnEvent<'_>) -> String {
    let first = w.message.lines().next().unwrap_or_default();
    let place = w.url.trim_start_matches('/');
    match (place.is_empty(), w.line) {
        (true, _) => format!("Sass: {first}"),
        (false, 0) => format!("{place}: {first}"),
        (false, line) => format!("{place}:{line}: {first}"),
    }
}

/// The warnings of one stylesheet as lines: each `@warn` and `@debug`, and only the
/// first deprecation (Sass repeats them for every old `@import` and `if()`, which
/// sites made for Zola use freely).
fn summarize(warnings: Vec<(bool, String)>) -> Vec<String> {
    let first = warnings.iter().find(|w| w.0).map(|w| w.1.clone());
    warnings
        .into_iter()
        .filter(|w| !w.0)
        .map(|w| w.1)
        .chain(first)
        .collect()
}

/// Prints Sass warnings, each once per run (a rebuild in `serve` repeats none).
fn warn(warnings: Vec<String>) {
    static SHOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let Ok(mut shown) = SHOWN.lock() else { return };
    for w in warnings {
        if !shown.contains(&w) {
            crate::term::bar::suspend(|| eprintln!("warning: {w}"));
            shown.push(w);
        }
    }
}

/// A Sass error as a diagnostic at the file, line and column where it is, which may
/// be a partial that `entry` loaded; the compiler's snippet and stack follow.
fn error_diagnostic(e: &sasso::Error, entry: &str) -> Diagnostic {
    let rendered = e.to_string();
    let mut lines = rendered.lines();
    // The first line repeats the message; the snippet and the stack of files follow.
    let header = lines.next().unwrap_or_default();
    let detail: Vec<&str> = if header.starts_with("Error:") {
        lines.collect()
    } else {
        Vec::new()
    };
    // The first frame of the stack (`sass/_a.scss 4:14  @use`) names the file.
    let at = format!(" {}:{}", e.line, e.col);
    let file = detail
        .iter()
        .map(|l| l.trim())
        .find_map(|l| {
            let i = l.find(&at)?;
            let rest = l[i + at.len()..].trim_start();
            (rest.is_empty() || rest.starts_with('@') || rest.starts_with("root"))
                .then(|| l[..i].to_string())
        })
        .unwrap_or_else(|| entry.to_string());
    let mut message = e
        .message
        .strip_suffix('.')
        .unwrap_or(&e.message)
        .to_string();
    if file != entry {
        message.push_str(&format!(" (compiling `{entry}`)"));
    }
    for l in detail {
        message.push('\n');
        message.push_str(l);
    }
    let (line, column) = if e.line > 0 {
        (Some(e.line), Some(e.col).filter(|&c| c > 0))
    } else {
        (None, None)
    };
    Diagnostic::new(file, message)
        .at_line(line)
        .at_column(column)
}

/// Every Sass file of the site, by canonical URL: `/` and its path in the site
/// (`/sass/_a.scss`), so that the compiler's messages name it as the site does.
struct Memory<'a> {
    files: HashMap<String, &'a str>,
    theme: Option<String>,
    site: Option<String>,
}

impl<'a> Memory<'a> {
    fn new(sources: &'a SassSources) -> Memory<'a> {
        let mut files = HashMap::new();
        for dir in [&sources.theme, &sources.site].into_iter().flatten() {
            for (rel, text) in &dir.files {
                files.insert(format!("/{}/{rel}", dir.prefix), text.as_str());
            }
        }
        let root = |d: &Option<SassDir>| d.as_ref().map(|d| format!("/{}", d.prefix));
        Memory {
            files,
            theme: root(&sources.theme),
            site: root(&sources.site),
        }
    }

    /// The importer for stylesheets of `dir`: URLs resolve against the importing file,
    /// then against `dir`, then (for the site's) against the theme's `sass/` folder.
    fn importer(&'a self, dir: &SassDir) -> FolderImporter<'a> {
        let own = format!("/{}", dir.prefix);
        let mut roots = vec![own.clone()];
        if self.site.as_deref() == Some(own.as_str()) {
            roots.extend(self.theme.clone());
        }
        FolderImporter {
            memory: self,
            roots,
        }
    }
}

struct FolderImporter<'a> {
    memory: &'a Memory<'a>,
    roots: Vec<String>,
}

impl Importer for FolderImporter<'_> {
    fn canonicalize(
        &self,
        url: &str,
        ctx: &CanonicalizeContext<'_>,
    ) -> Result<Option<CanonicalUrl>, ImporterError> {
        // Only plain relative paths name files here (no `http:`, `sass:`, `/abs`).
        if url.contains(':') || url.starts_with('/') {
            return Ok(None);
        }
        let containing = ctx
            .containing_url
            .map(|c| c.as_str().rsplit_once('/').map_or("", |(dir, _)| dir));
        let bases = containing
            .into_iter()
            .chain(self.roots.iter().map(String::as_str));
        for base in bases {
            let Some(path) = normalize(base, url) else {
                continue;
            };
            if let Some(found) = self.resolve(&path, ctx.from_import)? {
                return Ok(Some(CanonicalUrl::new(found)));
            }
        }
        Ok(None)
    }

    fn load(&self, canonical: &CanonicalUrl) -> Result<Option<ImporterResult>, ImporterError> {
        let key = canonical.as_str();
        Ok(self.memory.files.get(key).map(|text| ImporterResult {
            contents: text.to_string(),
            syntax: if key.ends_with(".sass") {
                Syntax::Sass
            } else if key.ends_with(".css") {
                Syntax::Css
            } else {
                Syntax::Scss
            },
            source_map_url: None,
        }))
    }
}

impl FolderImporter<'_> {
    /// The file `path` (without or with an extension) names, as Sass finds it: the
    /// file or its partial, `.sass` or `.scss` (else `.css`), else the folder's
    /// `index`; for `@import`, `.import` files first. Two candidates are an error.
    fn resolve(&self, path: &str, from_import: bool) -> Result<Option<String>, ImporterError> {
        if let Some(found) = self.with_extensions(path, from_import)? {
            return Ok(Some(found));
        }
        self.with_extensions(&format!("{path}/index"), from_import)
    }

    fn with_extensions(
        &self,
        path: &str,
        from_import: bool,
    ) -> Result<Option<String>, ImporterError> {
        let has = |ext: &str| path.ends_with(&format!(".{ext}"));
        if has("scss") || has("sass") || has("css") {
            let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
            if from_import
                && ext != "css"
                && let Some(f) = self.one(&[format!("{stem}.import.{ext}")])?
            {
                return Ok(Some(f));
            }
            return self.one(&[path.to_string()]);
        }
        if from_import {
            let sass = [format!("{path}.import.sass"), format!("{path}.import.scss")];
            if let Some(f) = self.one(&sass)? {
                return Ok(Some(f));
            }
        }
        if let Some(f) = self.one(&[format!("{path}.sass"), format!("{path}.scss")])? {
            return Ok(Some(f));
        }
        self.one(&[format!("{path}.css")])
    }

    /// The one existing file among `candidates` and their partials (`_name`).
    fn one(&self, candidates: &[String]) -> Result<Option<String>, ImporterError> {
        let found: Vec<String> = candidates
            .iter()
            .flat_map(|c| {
                let partial = match c.rsplit_once('/') {
                    Some((dir, name)) => format!("{dir}/_{name}"),
                    None => format!("_{c}"),
                };
                [partial, c.clone()]
            })
            .filter(|c| self.memory.files.contains_key(c))
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            many => Err(ImporterError {
                message: format!(
                    "it is not clear which file to load: {}",
                    many.iter()
                        .map(|m| format!("`{}`", m.trim_start_matches('/')))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
}

/// `url` (relative, `/`-separated) joined to the folder `base`, with `.` and `..`
/// worked out; `None` when it climbs above the root.
fn normalize(base: &str, url: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(prefix: &str, files: &[(&str, &str)]) -> SassDir {
        SassDir {
            prefix: prefix.into(),
            files: files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        }
    }

    fn site(files: &[(&str, &str)]) -> SassSources {
        SassSources {
            theme: None,
            site: Some(dir("sass", files)),
        }
    }

    /// Each output path with its CSS, or the error.
    fn check(sources: &SassSources) -> Result<Vec<(String, String)>, String> {
        compile(sources)
            .map(|v| {
                v.into_iter()
                    .map(|c| (c.path, String::from_utf8(c.css).unwrap()))
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn entries_and_partials() {
        assert!(is_entry("a.scss") && is_entry("a/b.sass"));
        assert!(!is_entry("_a.scss") && !is_entry("_x/b.scss") && !is_entry("a/_b.scss"));
        assert!(!is_entry("a.css") && !is_entry("a.txt"));
        assert_eq!(css_path("a/b.scss"), "a/b.css");
        assert_eq!(normalize("/sass/a", "../b"), Some("/sass/b".into()));
        assert_eq!(normalize("/sass", "../../x"), None);
    }

    #[test]
    fn partials_resolve_from_the_file_then_the_folder() {
        // Zola: `sass/a/b.scss` → `/a/b.css`, partials importable with `@use`/`@import`.
        let out = check(&site(&[
            ("_colours.scss", "$c: red;"),
            ("a/_near.scss", ".near { x: 1 }"),
            (
                "a/b.scss",
                "@use \"colours\";\n@use \"near\";\n.b { color: colours.$c; }",
            ),
            ("main.sass", "@import \"colours\"\n.m\n  color: $c\n"),
            ("lib/_index.scss", ".lib { y: 2 }"),
            ("uses-index.scss", "@use \"lib\";"),
        ]))
        .unwrap();
        assert_eq!(
            out,
            [
                ("a/b.css".into(), ".near{x:1}.b{color:red}".into()),
                ("main.css".into(), ".m{color:red}".into()),
                ("uses-index.css".into(), ".lib{y:2}".into()),
            ]
        );
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        let err = check(&site(&[
            ("_part.scss", "$c: red;\n\n.b {\n  width: 1px + 1em;\n}\n"),
            ("main.scss", "@use \"part\";\n"),
            ("other.scss", ".a {\n  color: red\n"),
        ]))
        .unwrap_err();
        assert!(err.starts_with("2 problems in Sass:\n"), "{err}");
        assert!(
            err.contains("  sass/_part.scss:4:14: 1px and 1em have incompatible units (compiling `sass/main.scss`)"),
            "{err}"
        );
        assert!(
            err.contains("  sass/other.scss:2:13: expected \"}\""),
            "{err}"
        );
        let missing = check(&site(&[("main.scss", "@use \"nope\";")])).unwrap_err();
        assert!(missing.contains("sass/main.scss:1:1: "), "{missing}");
    }

    #[test]
    fn one_output_per_folder_and_the_site_wins() {
        // Zola: `same_name.scss` and `same_name.sass` in one folder are an error.
        let err = check(&site(&[("a.scss", ""), ("a.sass", "")])).unwrap_err();
        assert!(
            err.contains("sass/a.scss: `sass/a.sass` and this file both compile to `a.css`"),
            "{err}"
        );
        // The theme's stylesheet compiles, and the site's wins on the same path; the
        // site's may use the theme's partials.
        let both = SassSources {
            theme: Some(dir(
                "themes/t/sass",
                &[
                    ("main.scss", ".theme { a: 1 }"),
                    ("t.scss", ".t { b: 2 }"),
                    ("_vars.scss", "$v: 3;"),
                ],
            )),
            site: Some(dir(
                "sass",
                &[("main.scss", "@use \"vars\";\n.site { a: vars.$v }")],
            )),
        };
        assert_eq!(
            check(&both).unwrap(),
            [
                ("main.css".into(), ".site{a:3}".into()),
                ("t.css".into(), ".t{b:2}".into()),
            ]
        );
    }

    #[test]
    fn ambiguous_and_escaping_imports_fail() {
        let err = check(&site(&[
            ("_a.scss", ""),
            ("a.sass", ""),
            ("main.scss", "@use \"a\";"),
        ]))
        .unwrap_err();
        assert!(err.contains("it is not clear which file to load"), "{err}");
        let err = check(&site(&[("main.scss", "@use \"../../etc/passwd\";")])).unwrap_err();
        assert!(err.contains("sass/main.scss:1:1"), "{err}");
    }
}
