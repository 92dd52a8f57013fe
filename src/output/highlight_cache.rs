//! The highlighted-code cache on disk: one file per site and pair of themes in the
//! user's cache folder (`$XDG_CACHE_HOME/folio/highlight-<id>.bin`, or
//! `~/.cache/folio/…`), so that a rebuild highlights only the code blocks that changed.
//!
//! The file is trusted only when it proves itself whole:
//! - it starts with a magic number and the versions that made it (folio's, giallo's
//!   and arborium's, taken from `Cargo.lock` by `build.rs`), and a file of other
//!   versions is left unread;
//! - it ends with a checksum (xxh3) of everything before it; a damaged or truncated
//!   file is ignored with a one-line warning and rewritten;
//! - it is written to a temporary file in the same folder and renamed over the old
//!   one, so two processes saving at once leave one whole file or the other;
//! - its size is bounded (`MAX_BYTES`): the least recently used blocks go first, each
//!   block stamped with the time it was last used.
//!
//! The highlighter itself (`markdown::highlight`) never touches the disk: `open` hands
//! it the loaded blocks and a `Saver`, whose `encode` runs under the highlighter's lock
//! and whose `write` runs after it is released.

use std::path::{Path, PathBuf};

use crate::markdown::{CacheData, Highlighter, Saver};

const MAGIC: &[u8; 8] = b"FOLIOHL2";
/// What made a cache file; a file made by other versions is not read.
pub const VERSION: &str = concat!(
    "folio ",
    env!("CARGO_PKG_VERSION"),
    "; giallo ",
    env!("FOLIO_GIALLO_VERSION"),
    "; arborium ",
    env!("FOLIO_ARBORIUM_VERSION")
);
/// The most highlighted HTML one site's cache keeps.
pub const MAX_BYTES: usize = 256 << 20;

/// A highlighter with the site's cache loaded, which `save()` writes back. Without a
/// cache folder it is a plain highlighter.
pub fn open(light: &str, dark: &str, site_root: &Path) -> Highlighter {
    match cache_file(light, dark, site_root) {
        Some(file) => open_file(light, dark, file),
        None => Highlighter::new(light, dark),
    }
}

/// A highlighter whose cache lives in `file`.
pub fn open_file(light: &str, dark: &str, file: PathBuf) -> Highlighter {
    let loaded = match load(&file) {
        Ok(data) => data,
        Err(why) => {
            eprintln!(
                "warning: the highlight cache `{}` is damaged ({why}); highlighting every code block again",
                file.display()
            );
            None
        }
    };
    let saver = Saver {
        encode,
        write: Box::new(move |buf: Vec<u8>| write(&file, &buf)),
    };
    Highlighter::with_cache(light, dark, loaded, saver)
}

/// Where the cache of the site at `root` with these themes lives.
pub fn cache_file(light: &str, dark: &str, root: &Path) -> Option<PathBuf> {
    let dir = crate::dirs::cache_dir()?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let id = xxhash_rust::xxh3::xxh3_64(
        format!("{}\0{light}\0{dark}\0{VERSION}", root.display()).as_bytes(),
    );
    Some(dir.join(format!("highlight-{id:016x}.bin")))
}

/// Reads a cache file. `Ok(None)` when there is none or it was made by other versions;
/// `Err` (with why) when it is damaged.
pub fn load(path: &Path) -> Result<Option<CacheData<'static>>, String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(None);
    };
    let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        // Another format (an older folio's): not ours to judge.
        return Ok(None);
    };
    if rest.len() < 8 {
        return Err("truncated".into());
    }
    let (body, sum) = rest.split_at(rest.len() - 8);
    let mut cur = Cursor {
        bytes: body,
        pos: 0,
    };
    let version_len = cur.len().ok_or("truncated")?;
    let version = cur.take(version_len).ok_or("truncated")?;
    if version != VERSION.as_bytes() {
        return Ok(None);
    }
    let expected = u64::from_le_bytes(sum.try_into().map_err(|_| "truncated")?);
    if xxhash_rust::xxh3::xxh3_64(&bytes[..bytes.len() - 8]) != expected {
        return Err("checksum mismatch".into());
    }
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| "not UTF-8".to_string());
    let css_len = cur.len().ok_or("truncated")?;
    let css = text(cur.take(css_len).ok_or("truncated")?)?;
    let count = cur.len().ok_or("truncated")?;
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let key = cur.u64().ok_or("truncated")?;
        let stamp = cur.u64().ok_or("truncated")?;
        let len = cur.len().ok_or("truncated")?;
        entries.push((key, stamp, text(cur.take(len).ok_or("truncated")?)?.into()));
    }
    if cur.pos != body.len() {
        return Err("trailing bytes".into());
    }
    Ok(Some(CacheData {
        css: css.into(),
        entries,
    }))
}

/// Writes `data` to `path` whole (a temporary file renamed into place), keeping the
/// most recently used blocks up to `MAX_BYTES`. Errors are ignored: the cache only
/// saves time.
pub fn save(path: &Path, data: &CacheData<'_>) {
    write(path, &encode(data));
}

/// The bytes of a cache file holding `data`, the most recently used blocks first up to
/// `MAX_BYTES`.
pub fn encode(data: &CacheData<'_>) -> Vec<u8> {
    let mut order: Vec<_> = data.entries.iter().collect();
    // Newest first, then by key, so that equal input gives an equal file.
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut total = 0;
    let kept: Vec<_> = order
        .into_iter()
        .take_while(|e| {
            total += e.2.len();
            total <= MAX_BYTES
        })
        .collect();
    let mut buf = Vec::with_capacity(total + data.css.len() + 64);
    buf.extend_from_slice(MAGIC);
    let put = |buf: &mut Vec<u8>, bytes: &[u8]| {
        buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        buf.extend_from_slice(bytes);
    };
    put(&mut buf, VERSION.as_bytes());
    put(&mut buf, data.css.as_bytes());
    buf.extend_from_slice(&(kept.len() as u64).to_le_bytes());
    for (key, stamp, html) in kept {
        buf.extend_from_slice(&key.to_le_bytes());
        buf.extend_from_slice(&stamp.to_le_bytes());
        put(&mut buf, html.as_bytes());
    }
    let sum = xxhash_rust::xxh3::xxh3_64(&buf);
    buf.extend_from_slice(&sum.to_le_bytes());
    buf
}

/// Writes a cache file whole: a temporary file renamed into place.
fn write(path: &Path, buf: &[u8]) {
    if let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
        && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
        && std::io::Write::write_all(&mut tmp, buf).is_ok()
    {
        tmp.persist(path).ok();
    }
}

/// Reads a cache file's fields, failing on truncation.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(entries: &[(u64, u64, &str)]) -> CacheData<'static> {
        CacheData {
            css: ".hl{}".into(),
            entries: entries
                .iter()
                .map(|(k, s, h)| (*k, *s, h.to_string().into()))
                .collect(),
        }
    }

    #[test]
    fn a_saved_cache_loads_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.bin");
        save(&file, &data(&[(1, 10, "<a>"), (2, 20, "<b>")]));
        let back = load(&file).unwrap().unwrap();
        assert_eq!(back.css, ".hl{}");
        let mut e = back.entries;
        e.sort();
        assert_eq!(e, vec![(1, 10, "<a>".into()), (2, 20, "<b>".into())]);
    }

    #[test]
    fn every_truncation_and_any_flipped_byte_is_damage_never_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.bin");
        save(&file, &data(&[(1, 10, "<a>x</a>"), (2, 20, "<b>y</b>")]));
        let whole = std::fs::read(&file).unwrap();
        for cut in MAGIC.len()..whole.len() {
            std::fs::write(&file, &whole[..cut]).unwrap();
            assert!(
                load(&file).is_err() || load(&file).unwrap().is_none(),
                "cut at {cut}"
            );
        }
        for i in MAGIC.len() + 8 + VERSION.len()..whole.len() {
            let mut bad = whole.clone();
            bad[i] ^= 0x40;
            std::fs::write(&file, &bad).unwrap();
            assert!(load(&file).is_err(), "flipped byte {i} was not noticed");
        }
    }

    #[test]
    fn another_version_s_file_is_left_unread() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.bin");
        save(&file, &data(&[(1, 10, "<a>")]));
        let mut bytes = std::fs::read(&file).unwrap();
        let at = MAGIC.len() + 8;
        bytes[at] = b'F'; // "folio" → "Folio": another version string
        std::fs::write(&file, &bytes).unwrap();
        assert!(load(&file).unwrap().is_none());
        std::fs::write(&file, b"FOLIOHL1 an older format").unwrap();
        assert!(load(&file).unwrap().is_none());
    }

    #[test]
    fn the_version_names_both_highlighters() {
        // A cache made by giallo alone (before tree-sitter) or by another arborium is
        // never read: their HTML differs.
        assert!(VERSION.contains("; giallo 0."), "{VERSION}");
        assert!(VERSION.contains("; arborium 2."), "{VERSION}");
        assert!(!VERSION.contains("unknown"), "{VERSION}");
    }

    #[test]
    fn the_least_recently_used_blocks_go_first() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.bin");
        let big = "x".repeat(MAX_BYTES / 2);
        let d = CacheData {
            css: "".into(),
            entries: vec![
                (1, 1, big.clone().into()),
                (2, 3, big.clone().into()),
                (3, 2, big.into()),
            ],
        };
        save(&file, &d);
        let mut keys: Vec<u64> = load(&file)
            .unwrap()
            .unwrap()
            .entries
            .iter()
            .map(|e| e.0)
            .collect();
        keys.sort();
        assert_eq!(keys, vec![2, 3], "the oldest block is evicted");
    }

    #[test]
    fn two_writers_at_once_leave_a_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.bin");
        let a = data(&[(1, 1, &"a".repeat(1 << 20))]);
        let b = data(&[(2, 2, &"b".repeat(1 << 20))]);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| save(&file, &a));
                s.spawn(|| save(&file, &b));
            }
        });
        let back = load(&file).unwrap().expect("a whole file");
        assert_eq!(back.entries.len(), 1);
    }
}
