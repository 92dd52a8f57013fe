//! `folio eject-theme`: copies the default theme embedded in the binary into
//! `themes/folio/`, so that all of it can be edited, and points `config.toml` at the copy.
//!
//! Existing theme files with other contents are only replaced with `--force`. Setting
//! `theme` is done only when the key is absent: without it, edits to the copy would
//! silently have no effect, which is the usual surprise after ejecting.

use anyhow::{Context, Result};

use crate::cli::EjectArgs;
use crate::config::Config;
use crate::render::theme::DEFAULT_THEME;
use crate::scaffold;

pub fn run(args: &EjectArgs) -> Result<()> {
    let root = scaffold::find_root(&args.root)?;
    let ejected = scaffold::eject_theme(&root, args.force)?;
    let dir = scaffold::shown(&ejected.dir);
    let changed = ejected.written + ejected.overwritten;
    if changed == 0 {
        crate::say!(
            "The default theme in {dir}/ is already up to date ({} files)",
            ejected.unchanged
        );
    } else {
        let mut counts = vec![format!("{} written", ejected.written)];
        if ejected.overwritten > 0 {
            counts.push(format!("{} replaced", ejected.overwritten));
        }
        if ejected.unchanged > 0 {
            counts.push(format!("{} already up to date", ejected.unchanged));
        }
        crate::say!(
            "Copied the default theme into {dir}/ ({})",
            counts.join(", ")
        );
    }
    crate::say!("{}", point_config_at_theme(&root)?);
    crate::say!(
        "Edit {dir}/templates/ and {dir}/static/ as you like; the copy no longer changes when folio is updated.\n\
         To change only a template or two, ejecting is not needed: a file in the site's templates/ replaces the theme's file of the same name."
    );
    Ok(())
}

/// Sets `theme = "folio"` in `config.toml` when no theme is set, and says what it did.
fn point_config_at_theme(root: &std::path::Path) -> Result<String> {
    let path = root.join("config.toml");
    let manual =
        format!("To use the copy, set `theme = \"{DEFAULT_THEME}\"` near the top of config.toml.");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    let config = match Config::parse(&text) {
        Ok(c) => c,
        Err(_) => {
            return Ok(format!(
                "config.toml has errors, so it was left as it is. {manual}"
            ));
        }
    };
    match config.theme.as_deref() {
        Some(DEFAULT_THEME) => {
            return Ok(format!(
                "config.toml already has `theme = \"{DEFAULT_THEME}\"`, so the copy is in use."
            ));
        }
        Some(other) => {
            return Ok(format!(
                "config.toml uses the theme `{other}`, so it was left as it is. {manual}"
            ));
        }
        None => {}
    }
    // Only write text that folio reads back with the theme set, so a config written in
    // an unusual layout is never damaged.
    let updated = scaffold::with_theme_key(&text, DEFAULT_THEME)
        .filter(|new| Config::parse(new).is_ok_and(|c| c.theme.as_deref() == Some(DEFAULT_THEME)));
    let Some(updated) = updated else {
        return Ok(manual);
    };
    // A `config.toml` that is a symbolic link stays one: the file it leads to is
    // replaced, beside itself.
    let target = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    let dir = target.parent().unwrap_or(root);
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    // Keep the config's permissions: a temporary file starts private to its owner.
    if let Ok(meta) = std::fs::metadata(&path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    std::io::Write::write_all(&mut tmp, updated.as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    tmp.persist(&target)
        .with_context(|| format!("failed to write `{}`", target.display()))?;
    Ok(format!(
        "Set `theme = \"{DEFAULT_THEME}\"` in config.toml, so the site now uses the copy; delete that line to go back to the built-in theme."
    ))
}
