//! Slugs and site paths for content, and the checks that keep output inside the
//! output folder.
//!
//! A site path always starts and ends with `/` (`/factors/policy/`); the output file
//! is `<path>index.html`. Nothing here touches the disk.

/// ASCII slug of a file or folder name, or of a `slug` front matter value.
pub fn slugify(name: &str) -> String {
    let s = slug::slugify(name);
    if s.is_empty() { "-".to_string() } else { s }
}

/// Site path of a content file from its path relative to `content/` (with `/` separators).
/// `a/b.md` → `/a/b/`, `a/b/index.md` → `/a/b/`, `a/_index.md` → `/a/`, `_index.md` → `/`.
pub fn path_for(relative: &str) -> String {
    let without_ext = relative.strip_suffix(".md").unwrap_or(relative);
    let mut parts: Vec<&str> = without_ext.split('/').collect();
    if matches!(parts.last(), Some(&"_index") | Some(&"index")) {
        parts.pop();
    }
    join(parts.iter().map(|p| slugify(p)))
}

/// Replaces the last segment of `path` with `slug`.
pub fn with_slug(path: &str, slug: &str) -> Result<String, String> {
    check_segment(slug, "slug")?;
    let mut parts: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    parts.pop();
    let slug = slugify(slug);
    Ok(join(parts.iter().map(|s| s.to_string()).chain([slug])))
}

/// Validates a front matter `path` and turns it into a site path. A leading `/` is
/// allowed (it means the site root, as in Zola); `..`, `.`, backslashes, empty
/// segments in the middle and drive prefixes are refused because they could write
/// outside the output folder or clash with the file system.
pub fn from_front_matter_path(path: &str) -> Result<String, String> {
    let trimmed = path.trim();
    if trimmed.starts_with("//") || trimmed.contains('\\') || trimmed.contains(':') {
        return Err(format!(
            "`path = \"{path}\"` must be a site path such as \"guide/intro\", not an absolute file path or URL"
        ));
    }
    let inner = trimmed.trim_start_matches('/').trim_end_matches('/');
    if inner.is_empty() {
        return Ok("/".into());
    }
    let mut out = Vec::new();
    for seg in inner.split('/') {
        check_segment(seg, "path")?;
        out.push(seg.to_string());
    }
    Ok(join(out))
}

pub fn check_segment(seg: &str, key: &str) -> Result<(), String> {
    if seg.is_empty() {
        return Err(format!("`{key}` has an empty segment"));
    }
    if seg == ".." || seg == "." {
        return Err(format!(
            "`{key}` contains `{seg}`, which would leave its place in the output folder"
        ));
    }
    if seg.contains('/') || seg.contains('\\') {
        return Err(format!(
            "`{key} = \"{seg}\"` must be a single URL segment, without `/`"
        ));
    }
    if seg.chars().any(|c| c.is_control()) {
        return Err(format!("`{key}` contains a control character"));
    }
    Ok(())
}

fn join(parts: impl IntoIterator<Item = String>) -> String {
    let mut s = String::from("/");
    for p in parts {
        if p.is_empty() {
            continue;
        }
        s.push_str(&p);
        s.push('/');
    }
    s
}

/// The output file for a site path: `/a/b/` → `a/b/index.html`.
pub fn output_file(path: &str) -> String {
    format!("{}index.html", path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let check = |rel: &str, want: &str| assert_eq!(path_for(rel), want, "{rel}");
        check("_index.md", "/");
        check("a/_index.md", "/a/");
        check("a/b.md", "/a/b/");
        check("a/b/index.md", "/a/b/");
        check("Key Factors/Über Policy.md", "/key-factors/uber-policy/");
        check("合肥.md", "/he-fei/");
    }

    #[test]
    fn slugs() {
        assert_eq!(with_slug("/a/b/", "New Name").unwrap(), "/a/new-name/");
        assert_eq!(with_slug("/", "x").unwrap(), "/x/");
        assert!(with_slug("/a/b/", "..").is_err());
        assert!(with_slug("/a/b/", "x/y").is_err());
    }

    #[test]
    fn front_matter_paths() {
        assert_eq!(
            from_front_matter_path("guide/intro").unwrap(),
            "/guide/intro/"
        );
        assert_eq!(from_front_matter_path("/about/").unwrap(), "/about/");
        for bad in [
            "../x",
            "a/../../x",
            "//evil",
            "C:\\x",
            "a//b",
            "./a",
            "https://x",
        ] {
            assert!(from_front_matter_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
    }
}
