//! Where folio keeps files of its own for the user who runs it: the cache folder
//! that the highlight and image caches share. Reads the environment only.

use std::path::PathBuf;

/// `$XDG_CACHE_HOME/folio` or `~/.cache/folio`; `None` without either variable.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("folio"))
}
