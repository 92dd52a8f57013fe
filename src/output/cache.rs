//! Processed images kept between builds in the user's cache folder
//! (`$XDG_CACHE_HOME/folio` or `~/.cache/folio`), one folder per site, so that a
//! second build of a site does not resize its images again.
//!
//! An entry is named by a hash of the source's bytes and of what was done to them
//! (see `site::images`); its content is the processed file. Errors are ignored: the
//! cache only saves time. `--no-cache` builds without it.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The processed-image cache of one site.
#[derive(Debug, Default)]
pub struct ImageCache {
    /// `None`: no cache (`--no-cache`, or no cache folder).
    dir: Option<PathBuf>,
    /// The entries this run read or wrote, which `prune` keeps.
    used: Mutex<HashSet<String>>,
}

impl ImageCache {
    /// The cache of the site at `root`.
    pub fn for_site(root: &Path) -> ImageCache {
        let Some(base) = crate::dirs::cache_dir() else {
            return ImageCache::default();
        };
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let id = xxhash_rust::xxh3::xxh3_64(root.as_os_str().as_encoded_bytes());
        ImageCache::in_dir(base.join(format!("images-{id:016x}")))
    }

    /// A cache in the folder `dir`.
    pub fn in_dir(dir: PathBuf) -> ImageCache {
        ImageCache {
            dir: Some(dir),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// No cache: every image is made again.
    pub fn none() -> ImageCache {
        ImageCache::default()
    }

    fn note(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
    }

    /// The entry `key`, if the cache has it.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let dir = self.dir.as_ref()?;
        let bytes = std::fs::read(dir.join(key)).ok()?;
        self.note(key);
        Some(bytes)
    }

    /// Stores `bytes` as the entry `key` (written whole, then renamed into place, so a
    /// killed build leaves no half entry).
    pub fn put(&self, key: &str, bytes: &[u8]) {
        let Some(dir) = &self.dir else { return };
        self.note(key);
        if std::fs::create_dir_all(dir).is_ok()
            && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
            && tmp.write_all(bytes).is_ok()
        {
            tmp.persist(dir.join(key)).ok();
        }
    }

    /// Removes the entries this run did not use: after a whole build, those are images
    /// the site no longer makes. Only files named like entries are removed.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_entry_name(&name) && !used.contains(&name) {
                std::fs::remove_file(entry.path()).ok();
            }
        }
    }
}

/// Whether `name` looks like a cache entry: 32 hex digits and an extension.
pub fn is_entry_name(name: &str) -> bool {
    name.split_once('.').is_some_and(|(hash, ext)| {
        hash.len() == 32
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
            && matches!(ext, "jpg" | "png" | "webp")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_prunes_only_unused_entries() {
        let dir = tempfile::tempdir().unwrap();
        let key = |c: char| format!("{}.png", c.to_string().repeat(32));
        let cache = ImageCache::in_dir(dir.path().join("c"));
        assert_eq!(cache.get(&key('a')), None);
        cache.put(&key('a'), b"one");
        cache.put(&key('b'), b"two");
        std::fs::write(dir.path().join("c/notes.txt"), "mine").unwrap();
        let again = ImageCache::in_dir(dir.path().join("c"));
        assert_eq!(again.get(&key('a')).as_deref(), Some(&b"one"[..]));
        again.prune();
        assert!(dir.path().join("c").join(key('a')).exists());
        assert!(!dir.path().join("c").join(key('b')).exists());
        assert!(dir.path().join("c/notes.txt").exists());
        assert_eq!(ImageCache::none().get(&key('a')), None);
    }
}
