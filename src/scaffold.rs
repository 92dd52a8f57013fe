//! Shared helpers of the authoring commands (`init`, `new`, `eject-theme`): finding the
//! site root, turning a user's path into one under `content/`, writing TOML front
//! matter, writing files without ever overwriting one, and copying the embedded theme.
//!
//! Reading content for weights and URLs is left to `content`; the commands in `cmd/`
//! decide what to write and what to print.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::theme;

/// Where `folio serve` listens by default, for the URLs printed after `new` and `init`.
pub const SERVE_ORIGIN: &str = "http://127.0.0.1:1111";

/// The nearest folder at or above `start` that holds a `config.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = absolute(start)?;
    for dir in start.ancestors() {
        if dir.join("config.toml").is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no `config.toml` in `{}` or any folder above it: run this inside a site, pass `--root DIR`, or make a site with `folio init`",
        start.display()
    )
}

/// `path` made absolute against the current folder, without resolving links.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path)
        .with_context(|| format!("failed to resolve `{}` to an absolute path", path.display()))
}

/// Turns a user's PATH into a path relative to `content/` with `/` separators.
/// `content/a/b.md`, `./a/b.md` and `a/b.md` all give `a/b.md`. Absolute paths and `..`
/// are refused, because the file must land inside `content/`.
pub fn content_relative(input: &Path) -> Result<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in input.components() {
        match component {
            Component::Normal(s) => {
                let Some(s) = s.to_str() else {
                    bail!("`{}` is not valid UTF-8", input.display());
                };
                parts.push(s.to_string());
            }
            Component::CurDir => {}
            Component::ParentDir => bail!(
                "`{}` leaves `content/`: `..` is not allowed; give a path inside `content/`, such as `guide/intro.md`",
                input.display()
            ),
            Component::RootDir | Component::Prefix(_) => bail!(
                "`{}` is an absolute path; give a path relative to `content/`, such as `guide/intro.md`",
                input.display()
            ),
        }
    }
    if parts.first().map(String::as_str) == Some("content") {
        parts.remove(0);
    }
    Ok(parts.join("/"))
}

/// A TOML basic string, quoted and escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A readable title from a file or folder name, as the loader derives one:
/// `key-factors` → `Key factors`.
pub fn title_from_name(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last
        .strip_suffix(".md")
        .unwrap_or(last)
        .replace(['-', '_'], " ");
    let mut chars = last.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Today's date in the local time zone, as `YYYY-MM-DD` (a TOML date when unquoted).
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// A content file being put together: `+++` TOML lines, then a Markdown body.
#[derive(Debug, Default)]
pub struct FrontMatter {
    lines: Vec<String>,
}

impl FrontMatter {
    /// `key = "value"`, escaped.
    pub fn string(mut self, key: &str, value: &str) -> Self {
        self.lines.push(format!("{key} = {}", toml_string(value)));
        self
    }

    /// `key = value` with `value` written as is (numbers, dates, booleans).
    pub fn raw(mut self, key: &str, value: impl std::fmt::Display) -> Self {
        self.lines.push(format!("{key} = {value}"));
        self
    }

    /// A `# comment` line, to explain the next key.
    pub fn comment(mut self, text: &str) -> Self {
        self.lines.push(format!("# {text}"));
        self
    }

    /// Any TOML line, such as a table header.
    pub fn line(mut self, text: &str) -> Self {
        self.lines.push(text.to_string());
        self
    }

    /// The whole file: front matter, a blank line, then `body`.
    pub fn render(&self, body: &str) -> String {
        let mut out = String::from("+++\n");
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("+++\n\n");
        out.push_str(body.trim_start_matches('\n'));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// Writes `bytes` to a new file at `path`, creating its folders. An existing file is
/// never touched: the create fails atomically instead.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create folder `{}`", parent.display()))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "`{}` already exists; folio never overwrites a file, so pick another name or delete it first",
            path.display()
        ),
        Err(e) => {
            return Err(e).with_context(|| format!("failed to create `{}`", path.display()));
        }
    };
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// What `eject_theme` did.
#[derive(Debug, Default)]
pub struct Ejected {
    /// The theme folder, `<root>/themes/folio`.
    pub dir: PathBuf,
    pub written: usize,
    /// Files already there with the same bytes.
    pub unchanged: usize,
    /// Files that differed and were replaced (only with `force`).
    pub overwritten: usize,
}

/// Copies the embedded default theme into `<root>/themes/folio/`. Without `force`, any
/// file there whose bytes differ stops the copy before anything is written, and the
/// error lists them. Files of the user's own in that folder are left alone.
pub fn eject_theme(root: &Path, force: bool) -> Result<Ejected> {
    let dir = root.join("themes").join(theme::DEFAULT_THEME);
    let mut plan = Vec::new();
    let mut conflicts = Vec::new();
    let mut ejected = Ejected {
        dir: dir.clone(),
        ..Ejected::default()
    };
    for (rel, bytes) in theme::embedded_files() {
        let dest = dir.join(rel);
        match std::fs::read(&dest) {
            Ok(existing) if existing == *bytes => ejected.unchanged += 1,
            Ok(_) => {
                conflicts.push(format!("themes/{}/{rel}", theme::DEFAULT_THEME));
                plan.push((dest, *bytes, true));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => plan.push((dest, *bytes, false)),
            Err(e) => {
                return Err(e).with_context(|| format!("failed to read `{}`", dest.display()));
            }
        }
    }
    if !conflicts.is_empty() && !force {
        let shown: Vec<&str> = conflicts.iter().take(8).map(String::as_str).collect();
        let more = match conflicts.len().saturating_sub(shown.len()) {
            0 => String::new(),
            n => format!("\n  … and {n} more"),
        };
        bail!(
            "{} file(s) of the theme already exist with other contents, so nothing was copied:\n  {}{more}\nRun `folio eject-theme --force` to replace them with the default theme's versions (your edits to them are lost).",
            conflicts.len(),
            shown.join("\n  ")
        );
    }
    for (dest, bytes, exists) in plan {
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("failed to create folder `{}`", parent.display()))?;
        }
        if exists {
            std::fs::write(&dest, bytes)
                .with_context(|| format!("failed to write `{}`", dest.display()))?;
            ejected.overwritten += 1;
        } else {
            write_new(&dest, bytes)?;
            ejected.written += 1;
        }
    }
    Ok(ejected)
}

/// Sets `theme = "<name>"` in config text that has no top-level `theme` key: a
/// commented-out `# theme = ...` line is replaced, otherwise the key goes before the
/// first table. `None` when the text already has a top-level `theme` key.
pub fn with_theme_key(text: &str, name: &str) -> Option<String> {
    let line = format!("theme = {}", toml_string(name));
    let mut lines: Vec<&str> = text.lines().collect();
    let first_table = lines
        .iter()
        .position(|l| l.starts_with('['))
        .unwrap_or(lines.len());
    let is_key = |l: &str, key: &str| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    if lines[..first_table]
        .iter()
        .any(|l| is_key(l.trim_start(), "theme"))
    {
        return None;
    }
    let commented = lines[..first_table].iter().position(|l| {
        l.trim_start()
            .strip_prefix('#')
            .is_some_and(|rest| is_key(rest.trim_start(), "theme"))
    });
    match commented {
        Some(i) => lines[i] = &line,
        None => {
            // Keep a blank line between the new key and a following table header.
            if first_table < lines.len() {
                lines.insert(first_table, "");
            }
            lines.insert(first_table, &line);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out)
}

/// `path` for messages: relative to the current folder when inside it, else as is.
pub fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok());
    match rel {
        Some(r) if !r.as_os_str().is_empty() => r.display().to_string(),
        Some(_) => ".".to_string(),
        None => path.display().to_string(),
    }
}

/// Quotes `s` for a POSIX shell when it needs it, for the commands printed as hints.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+:@%,".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_relative_paths() {
        let ok = |input: &str, want: &str| {
            assert_eq!(content_relative(Path::new(input)).unwrap(), want, "{input}");
        };
        ok("guide/intro.md", "guide/intro.md");
        ok("content/guide/intro.md", "guide/intro.md");
        ok("./guide/./intro", "guide/intro");
        ok(".", "");
        let bad = |input: &str, needle: &str| {
            let e = content_relative(Path::new(input)).unwrap_err().to_string();
            assert!(e.contains(needle), "{input}: {e}");
        };
        bad("../x.md", "..");
        bad("guide/../../x.md", "..");
        bad("/etc/x.md", "absolute");
    }

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "plain",
            "with \"quotes\"",
            "back\\slash",
            "tab\tnew\nline",
            "合肥",
            "\u{7}",
        ] {
            let text = format!("v = {}", toml_string(s));
            let table: toml::Table = toml::from_str(&text).unwrap();
            assert_eq!(table["v"].as_str(), Some(s), "{text}");
        }
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_from_name("guide/getting-started.md"),
            "Getting started"
        );
        assert_eq!(title_from_name("my_docs"), "My docs");
        assert_eq!(title_from_name(""), "");
    }

    #[test]
    fn today_is_a_toml_date() {
        let table: toml::Table = toml::from_str(&format!("d = {}", today())).unwrap();
        assert!(matches!(table["d"], toml::Value::Datetime(_)));
    }

    #[test]
    fn front_matter_renders() {
        let text = FrontMatter::default()
            .string("title", "A \"b\"")
            .comment("why")
            .raw("weight", 3)
            .render("\nBody\n");
        assert_eq!(
            text,
            "+++\ntitle = \"A \\\"b\\\"\"\n# why\nweight = 3\n+++\n\nBody\n"
        );
    }

    #[test]
    fn theme_key_is_set_once() {
        let check = |input: &str, want: Option<&str>| {
            assert_eq!(with_theme_key(input, "folio").as_deref(), want, "{input:?}");
        };
        check(
            "title = \"x\"\n# theme = \"folio\"\n[markdown]\n",
            Some("title = \"x\"\ntheme = \"folio\"\n[markdown]\n"),
        );
        check(
            "title = \"x\"\n\n[markdown]\nx = 1\n",
            Some("title = \"x\"\n\ntheme = \"folio\"\n\n[markdown]\nx = 1\n"),
        );
        check(
            "title = \"x\"\n",
            Some("title = \"x\"\ntheme = \"folio\"\n"),
        );
        check("theme = \"other\"\n", None);
        check(
            "title = \"x\"\n[extra]\ntheme = \"y\"\n",
            Some("title = \"x\"\ntheme = \"folio\"\n\n[extra]\ntheme = \"y\"\n"),
        );
    }

    #[test]
    fn write_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.md");
        write_new(&path, b"one").unwrap();
        let e = write_new(&path, b"two").unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("my-docs"), "my-docs");
        assert_eq!(shell_quote("my docs"), "'my docs'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
