//! Embeds the default theme (`themes/folio/`) in the binary, so that `folio build` works
//! on any site folder. Each file goes in with `include_bytes!`, which makes cargo rebuild
//! when a theme file changes; the folder itself is watched for added or removed files.
//! Also passes the versions of giallo and arborium from `Cargo.lock` as
//! `FOLIO_GIALLO_VERSION` and `FOLIO_ARBORIUM_VERSION`, which the highlight cache records
//! so that another highlighter's cache is never read.

use std::fmt::Write;
use std::path::Path;

fn main() {
    lock_version("giallo", "FOLIO_GIALLO_VERSION");
    lock_version("arborium", "FOLIO_ARBORIUM_VERSION");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/folio");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The default theme's files: (path inside the theme, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").expect("writing to a String");
        println!("cargo:rerun-if-changed={abs}");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("theme.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path.display().to_string()));
        }
    }
}

/// Sets the environment variable `var` to the version of `krate` that `Cargo.lock` pins.
fn lock_version(krate: &str, var: &str) {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = std::fs::read_to_string(&lock).unwrap_or_default();
    let version = text
        .split("[[package]]")
        .find(|p| p.contains(&format!("name = \"{krate}\"\n")))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env={var}={version}");
}
