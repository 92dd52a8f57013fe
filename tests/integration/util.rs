//! The test harness: a site in a temporary folder, built by the real `folio` binary.
//!
//! In the style of mdBook's `BookTest` and ripgrep's `tests/util.rs`: `Site::fixture`
//! copies `tests/fixtures/<name>/` into a fresh `TempDir` (as `<tmp>/site/`, so tests
//! can also write beside the site), `file` adds or overwrites files, and `build` runs
//! `folio build` with the site as the current folder and returns what it printed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use tempfile::TempDir;

/// The `folio` binary cargo built for these tests.
pub const FOLIO: &str = env!("CARGO_BIN_EXE_folio");

/// A fixture folder under `tests/fixtures/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A site in its own temporary folder, removed when the `Site` is dropped.
pub struct Site {
    /// Held so the folder lives as long as the `Site`.
    _tmp: TempDir,
    root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>/` at `<tmp>/site/`.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixture_dir(name), &site.root);
        site
    }

    /// The `basic` fixture: a small complete site on the embedded default theme.
    pub fn basic() -> Site {
        Site::fixture("basic")
    }

    /// An empty site folder at `<tmp>/site/`.
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("folio-test-")
            .tempdir()
            .expect("create a temporary folder");
        // Canonical, so that paths printed by folio compare equal to ours.
        let base = tmp.path().canonicalize().expect("canonical temp path");
        let root = base.join("site");
        std::fs::create_dir_all(&root).expect("create the site folder");
        Site { _tmp: tmp, root }
    }

    /// Writes `text` to `rel` (relative to the site root), creating folders.
    pub fn file(&self, rel: &str, text: &str) -> &Site {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes to `rel`, creating folders.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.path(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create parent folders");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Removes a file or folder under the site root.
    pub fn remove(&self, rel: &str) -> &Site {
        let path = self.path(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        }
        .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site folder (a place for outputs beside it).
    pub fn tmp(&self) -> PathBuf {
        self.root.parent().expect("site has a parent").to_path_buf()
    }

    /// `rel` under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A `folio` command with the site root as its current folder.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(FOLIO);
        cmd.args(args).current_dir(&self.root);
        // Timing output is opt-in; keep it off whatever the developer's shell has.
        cmd.env_remove("FOLIO_TIMINGS");
        // Each test gets its own highlighting cache, beside its site.
        cmd.env("XDG_CACHE_HOME", self.tmp().join("cache"));
        cmd
    }

    /// Runs `folio <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(self.command(args), args)
    }

    /// Runs `folio build <args>` in the site folder.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// The text of `rel` under the site root.
    pub fn read(&self, rel: &str) -> String {
        read(&self.path(rel))
    }

    /// Whether `rel` exists under the site root.
    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }
}

/// What one run of the binary did.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    args: String,
}

impl Run {
    /// Runs `cmd` (made by `Site::command`); `args` name it in failure messages.
    pub fn of(mut cmd: Command, args: &[&str]) -> Run {
        let out = cmd.output().expect("run the folio binary");
        Run {
            status: out.status,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            args: args.join(" "),
        }
    }

    fn describe(&self) -> String {
        format!(
            "`folio {}` exited with {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args, self.status, self.stdout, self.stderr
        )
    }

    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(self) -> Run {
        assert!(
            self.status.success(),
            "expected success: {}",
            self.describe()
        );
        self
    }

    /// Asserts an ordinary failure: a non-zero exit code, and no panic or signal.
    #[track_caller]
    pub fn failure(self) -> Run {
        assert!(
            !self.status.success(),
            "expected failure: {}",
            self.describe()
        );
        assert!(
            self.status.code().is_some(),
            "killed by a signal: {}",
            self.describe()
        );
        assert_ne!(
            self.status.code(),
            Some(101),
            "a panic: {}",
            self.describe()
        );
        assert_not_contains(&self.stderr, "panicked");
        assert_not_contains(&self.stderr, "RUST_BACKTRACE");
        self
    }

    /// Asserts that stderr contains every needle.
    #[track_caller]
    pub fn stderr_has(self, needles: &[&str]) -> Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}: {}",
                self.describe()
            );
        }
        self
    }
}

/// Reads a text file, naming it in the panic message.
#[track_caller]
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Asserts that `haystack` contains `needle`, printing both when it does not.
#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find {needle:?} in:\n{haystack}"
    );
}

/// Asserts that `haystack` does not contain `needle`.
#[track_caller]
pub fn assert_not_contains(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "did not expect {needle:?} in:\n{haystack}"
    );
}

/// Every file under `dir` (recursively, hidden files included), path → bytes. Symlinks
/// are recorded by their target so that a tree comparison notices them too.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("read a folder entry");
        let path = entry.path();
        let rel = rel_string(&path, base);
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let target = std::fs::read_link(&path).expect("read link");
            out.insert(
                format!("{rel} -> (symlink)"),
                target.to_string_lossy().into_owned().into_bytes(),
            );
        } else if kind.is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
            walk(base, &path, out);
        } else {
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            out.insert(rel, bytes);
        }
    }
}

fn rel_string(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Asserts two snapshots are equal, naming the files that differ.
#[track_caller]
pub fn assert_same_tree(
    what: &str,
    want: &BTreeMap<String, Vec<u8>>,
    got: &BTreeMap<String, Vec<u8>>,
) {
    if want == got {
        return;
    }
    let mut report = String::new();
    for (path, bytes) in want {
        match got.get(path) {
            None => writeln!(report, "  missing: {path}").unwrap(),
            Some(b) if b != bytes => writeln!(report, "  changed: {path}").unwrap(),
            Some(_) => {}
        }
    }
    for path in got.keys().filter(|p| !want.contains_key(*p)) {
        writeln!(report, "  added:   {path}").unwrap();
    }
    panic!("{what}: the trees differ\n{report}");
}

/// Names in `dir` that look like folio's staging or swap leftovers.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".folio-staging-") || n.contains(".folio-old-"))
        .collect()
}

/// Copies a folder recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("read a folder entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// The opening tag (`<a … >`) that contains `marker`, e.g. `rel="next"`.
pub fn tag_with<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let at = html.find(marker)?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    Some(&html[start..=end])
}

/// The value of attribute `name` in one tag.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every value of attribute `name` (e.g. `href`) in `html`, in document order.
pub fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&key) {
        rest = &rest[i + key.len()..];
        let Some(len) = rest.find('"') else { break };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// A tiny seeded generator (splitmix64) for the randomized tests.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose state is `seed` scrambled, so that near seeds differ early.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A generator whose state is `seed` as it is.
    pub fn raw(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    pub fn maybe<T>(&mut self, percent: u64, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
        self.chance(percent).then(|| f(self))
    }
}
