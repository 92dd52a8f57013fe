//! Slugs and site paths for content, and the checks that keep output inside the
//! output folder.
//!
//! A site path always starts and ends with `/` (`/factors/policy/`); the output file
//! is `<path>index.html`. Nothing here touches the disk.

/// How names become URL segments and heading ids: Zola's `[slugify]` strategies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// ASCII slug: `Über Policy` → `uber-policy` (the default).
    #[default]
    On,
    /// The name as written, less what file systems and URLs cannot hold
    /// (`<>:"/\|?*` and trailing spaces and dots).
    Safe,
    /// The name as written.
    Off,
}

/// ASCII slug of a name, as Zola's `slugify = "on"` makes it; never empty.
pub fn slugify(name: &str) -> String {
    slugify_with(name, Strategy::On)
}

/// A file name, `slug` value or taxonomy term as a URL segment, by `strategy`
/// (Zola's `slugify.paths` and `slugify.taxonomies`). Never empty.
pub fn slugify_with(name: &str, strategy: Strategy) -> String {
    let s = match strategy {
        Strategy::On => slug::slugify(name),
        Strategy::Safe => name
            .trim_end_matches([' ', '.'])
            .chars()
            .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
            .collect(),
        Strategy::Off => name.to_string(),
    };
    if s.is_empty() { "-".to_string() } else { s }
}

/// A heading's text as an id, by `strategy` (Zola's `slugify.anchors`): `safe` and
/// `off` keep the text and turn ASCII whitespace into `_`.
pub fn anchor_with(text: &str, strategy: Strategy) -> String {
    match strategy {
        Strategy::On => slug::slugify(text),
        Strategy::Safe | Strategy::Off => text.replace(|c: char| c.is_ascii_whitespace(), "_"),
    }
}

/// Site path of a content file from its path relative to `content/` (with `/` separators).
/// As in Zola, folder names are kept as written and the file's own name (or a
/// bundle's folder name) becomes a slug by `strategy`:
/// `a_b/C d.md` → `/a_b/c-d/`, `a/B c/index.md` → `/a/b-c/`, `a/_index.md` → `/a/`,
/// `_index.md` → `/`.
pub fn path_for(relative: &str, strategy: Strategy) -> String {
    let without_ext = relative.strip_suffix(".md").unwrap_or(relative);
    let mut parts: Vec<&str> = without_ext.split('/').collect();
    match parts.last() {
        Some(&"_index") => {
            parts.pop();
            return join(parts.iter().map(|p| p.to_string()));
        }
        Some(&"index") => {
            parts.pop();
        }
        _ => {}
    }
    let last = parts.pop().map(|p| slugify_with(p, strategy));
    join(parts.iter().map(|p| p.to_string()).chain(last))
}

/// Replaces the last segment of `path` with `slug`, made a slug by `strategy`.
pub fn with_slug(path: &str, slug: &str, strategy: Strategy) -> Result<String, String> {
    check_segment(slug, "slug")?;
    let mut parts: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    parts.pop();
    let slug = slugify_with(slug, strategy);
    check_segment(&slug, "slug")?;
    Ok(join(parts.iter().map(|s| s.to_string()).chain([slug])))
}

/// Characters a site path may hold that an `href` must escape: what URLs cannot
/// hold as written, and `%`, so that a folder named `100%` stays itself.
const HREF_ESCAPE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A site path as it goes into an `href`: folder names kept as written (Zola's rule)
/// may hold spaces or non-ASCII letters, which are percent-encoded here.
pub fn href(path: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::utf8_percent_encode(path, HREF_ESCAPE).into()
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

/// Resolves a link found in output file `from` to (output path, fragment).
pub fn resolve_link(
    from: &str,
    link: &str,
    base: &str,
) -> Result<(String, Option<String>), String> {
    let (no_frag, fragment) = match link.split_once('#') {
        Some((a, b)) => (a, Some(b.to_string())),
        None => (link, None),
    };
    let no_query = no_frag.split('?').next().unwrap_or("");
    if no_query.is_empty() {
        return Ok((from.to_string(), fragment));
    }
    let decoded = percent_encoding::percent_decode_str(no_query)
        .decode_utf8_lossy()
        .into_owned();
    let absolute = if let Some(rest) = decoded.strip_prefix('/') {
        // Root-relative links must live under the deploy path.
        let base_rel = base.trim_start_matches('/');
        let Some(inside) = rest.strip_prefix(base_rel) else {
            return Err(format!(
                "it is outside the site's base path `{base}` and leads to no page or file of the site (one that did would get the path in front); use `get_url` or an `@/` link"
            ));
        };
        inside.to_string()
    } else {
        let dir = from
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        format!("{dir}{decoded}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in absolute.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it climbs above the site root".into());
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if absolute.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok((path, fragment))
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
        let check = |rel: &str, want: &str| assert_eq!(path_for(rel, Strategy::On), want, "{rel}");
        check("_index.md", "/");
        check("a/_index.md", "/a/");
        check("a/b.md", "/a/b/");
        check("a/b/index.md", "/a/b/");
        // Zola keeps folder names (`applying_page_template/` in its test site) and
        // slugifies the file name, or a bundle's folder name.
        check("Key Factors/Über Policy.md", "/Key Factors/uber-policy/");
        check(
            "applying_page_template/_index.md",
            "/applying_page_template/",
        );
        check("themes/Ergo/index.md", "/themes/ergo/");
        check("合肥.md", "/he-fei/");
        assert_eq!(path_for("a/合肥.md", Strategy::Safe), "/a/合肥/");
        assert_eq!(path_for("a/b c.md", Strategy::Off), "/a/b c/");
    }

    /// Zola's `slugify_paths` table for `on`, `safe` and `off`.
    #[test]
    fn strategies_follow_zolas_table() {
        for (input, on, safe, off) in [
            ("input", "input", "input", "input"),
            ("test ", "test", "test", "test "),
            ("tes t", "tes-t", "tes t", "tes t"),
            ("dot. ", "dot", "dot", "dot. "),
            ("日本", "ri-ben", "日本", "日本"),
            ("héhé", "hehe", "héhé", "héhé"),
            ("test (hey)", "test-hey", "test (hey)", "test (hey)"),
            ("a<b>:c?", "a-b-c", "abc", "a<b>:c?"),
        ] {
            assert_eq!(slugify_with(input, Strategy::On), on, "{input}");
            assert_eq!(slugify_with(input, Strategy::Safe), safe, "{input}");
            assert_eq!(slugify_with(input, Strategy::Off), off, "{input}");
        }
        assert_eq!(anchor_with("tes t", Strategy::On), "tes-t");
        assert_eq!(anchor_with("test (hey)", Strategy::Safe), "test_(hey)");
        assert_eq!(anchor_with("dot. ", Strategy::Off), "dot._");
    }

    #[test]
    fn slugs() {
        let with = |p, s| with_slug(p, s, Strategy::On);
        assert_eq!(with("/a/b/", "New Name").unwrap(), "/a/new-name/");
        assert_eq!(with("/", "x").unwrap(), "/x/");
        assert!(with("/a/b/", "..").is_err());
        assert!(with("/a/b/", "x/y").is_err());
        assert!(with_slug("/a/b/", "..", Strategy::Off).is_err());
    }

    #[test]
    fn hrefs_escape_what_urls_cannot_hold() {
        assert_eq!(href("/a/b-c/"), "/a/b-c/");
        assert_eq!(href("/Key Factors/x/"), "/Key%20Factors/x/");
        assert_eq!(href("/100%/日/"), "/100%25/%E6%97%A5/");
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
