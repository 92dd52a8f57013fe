//! Walks `content/`, reads every file and parses front matter into the content model.
//!
//! Reading and parsing run in parallel. Every problem found becomes a `Diagnostic`, so
//! one run reports all broken files. URLs are assigned here, and two items claiming one
//! URL are reported with both files named.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::frontmatter::{self, PageFront, SectionFront, Split};
use super::{Content, ItemId, Meta, Page, Section, SortBy, order, url};
use crate::config::{Config, Slugify};
use crate::diagnostic::{Diagnostic, relative_to};

/// What to include when loading.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// A non-Markdown file under `content/` and where it goes in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output folder, with `/` separators.
    pub output: String,
}

/// One Markdown file, parsed, or its problems.
type ParsedFile = Result<Parsed, Vec<Diagnostic>>;

/// Loads `root/content` into the content model, or every problem found.
pub fn load(
    root: &Path,
    config: &Config,
    options: LoadOptions,
) -> Result<(Content, Vec<Asset>), Vec<Diagnostic>> {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    let mut others = Vec::new();
    // Each Markdown file is read and parsed as soon as the walk finds it, on the other
    // cores, with its place in the walk's (sorted) order.
    let parsed: Mutex<Vec<(usize, ParsedFile)>> = Mutex::new(Vec::new());
    let mut found = 0;
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::new(
            relative_to(&content_dir, root),
            "the `content` folder is missing",
        )]);
    }
    // Links may point anywhere inside the site folder; one that leaves it is not
    // followed, so a site cannot publish the files of the machine that builds it.
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    rayon::scope(|scope| {
        let parsed = &parsed;
        let mut walker = walkdir::WalkDir::new(&content_dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref())
            });
        while let Some(entry) = walker.next() {
            match entry {
                Ok(e) => {
                    if e.path_is_symlink()
                        && let Some(target) = link_outside(e.path(), &real_root)
                    {
                        diagnostics.push(Diagnostic::new(
                            relative_to(e.path(), root),
                            outside_message(&target),
                        ));
                        if e.file_type().is_dir() {
                            walker.skip_current_dir();
                        }
                        continue;
                    }
                    if e.file_type().is_file() {
                        let rel = rel_string(e.path(), &content_dir);
                        if rel.ends_with(".md") {
                            let (index, path) = (found, e.path().to_path_buf());
                            found += 1;
                            scope.spawn(move |_| {
                                let result = parse_file(root, &path, &rel, config);
                                if let Ok(mut v) = parsed.lock() {
                                    v.push((index, result));
                                }
                            });
                        } else {
                            others.push((e.path().to_path_buf(), rel));
                        }
                    }
                }
                Err(err) => {
                    let path = err.path().map(|p| relative_to(p, root)).unwrap_or_default();
                    let message = match err.loop_ancestor() {
                        Some(anc) => format!(
                            "symbolic link loop: this folder links back to `{}`",
                            relative_to(anc, root).display()
                        ),
                        None => format!("cannot read: {err}"),
                    };
                    diagnostics.push(Diagnostic::new(path, message));
                }
            }
        }
    });
    let mut parsed = parsed.into_inner().unwrap_or_else(|e| e.into_inner());
    parsed.sort_unstable_by_key(|(index, _)| *index);
    let parsed: Vec<ParsedFile> = parsed.into_iter().map(|(_, r)| r).collect();

    let mut content = Content::default();
    // Sections by (language, folder): each language has its own tree, as in Zola.
    let mut section_by_dir: HashMap<(String, String), usize> = HashMap::new();
    let mut pending_pages = Vec::new();
    // The root section comes first, so that its index is `Content::ROOT`.
    let root_parsed = parsed
        .iter()
        .position(|p| matches!(p, Ok(Parsed::Section(s)) if s.meta.relative == "_index.md"));
    let mut ordered: Vec<Result<Parsed, Vec<Diagnostic>>> = Vec::with_capacity(parsed.len());
    let mut parsed = parsed;
    match root_parsed {
        Some(i) => ordered.push(parsed.remove(i)),
        None => ordered.push(Ok(Parsed::Section(implicit_root(root, config, None)))),
    }
    ordered.extend(parsed);
    // Zola's section `draft`: the folder of a draft section is left out whole.
    let draft_dirs: Vec<String> = ordered
        .iter()
        .filter_map(|p| match p {
            Ok(Parsed::Section(s)) if s.draft && !options.drafts => {
                Some(format!("{}/", parent_dir(&s.meta.relative)))
            }
            _ => None,
        })
        .collect();
    let in_draft = |rel: &str| draft_dirs.iter().any(|d| rel.starts_with(d.as_str()));
    for item in ordered {
        match item {
            Err(d) => diagnostics.extend(d),
            Ok(Parsed::Section(section)) if in_draft(&section.meta.relative) => {}
            Ok(Parsed::Page(page)) if in_draft(&page.meta.relative) => {}
            Ok(Parsed::Section(section)) => {
                let dir = parent_dir(&section.meta.canonical);
                section_by_dir.insert((section.meta.lang.clone(), dir), content.sections.len());
                content.sections.push(section);
            }
            Ok(Parsed::Page(page)) => {
                if page.draft && !options.drafts {
                    continue;
                }
                pending_pages.push(page);
            }
        }
    }

    // Each other language with content has a home section, as in Zola: its
    // `_index.fr.md`, or one made from the config.
    let mut used: Vec<String> = pending_pages
        .iter()
        .map(|p| p.meta.lang.clone())
        .chain(content.sections.iter().map(|s| s.meta.lang.clone()))
        .filter(|l| *l != config.default_language)
        .collect();
    used.sort();
    used.dedup();
    for code in used {
        if let std::collections::hash_map::Entry::Vacant(e) =
            section_by_dir.entry((code.clone(), String::new()))
        {
            e.insert(content.sections.len());
            content
                .sections
                .push(implicit_root(root, config, Some(&code)));
        }
    }
    // Parents: the nearest ancestor folder that is a section of the same language;
    // a language's home section has none.
    for i in 1..content.sections.len() {
        let dir = parent_dir(&content.sections[i].meta.canonical);
        let lang = content.sections[i].meta.lang.clone();
        content.sections[i].parent =
            (!dir.is_empty()).then(|| nearest_section(&section_by_dir, &lang, parent_dir(&dir)));
    }
    let mut page_dirs: HashMap<String, Vec<usize>> = HashMap::new();
    for mut page in pending_pages {
        let rel = page.meta.canonical.clone();
        let dir = parent_dir(&rel);
        let is_bundle = rel.ends_with("/index.md") || rel == "index.md";
        page.section = nearest_section(
            &section_by_dir,
            &page.meta.lang,
            if is_bundle {
                parent_dir(&dir)
            } else {
                dir.clone()
            },
        );
        if let Err(msg) = check_taxonomies(&page, root, config) {
            diagnostics.push(msg);
        }
        if is_bundle {
            page_dirs.entry(dir).or_default().push(content.pages.len());
        }
        content.pages.push(page);
    }

    // Assets: files beside `dir/index.md` follow the page; others keep their folder's URL.
    let mut assets = Vec::new();
    for (source, rel) in others {
        let dir = parent_dir(&rel);
        let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        // A bundle's files follow each of its translations, as in Zola.
        let bases: Vec<String> = match page_dirs.get(&dir) {
            Some(pages) => pages
                .iter()
                .map(|&p| content.pages[p].meta.path.clone())
                .collect(),
            None => vec![url::path_for(
                &format!("{dir}/_index.md"),
                config.slugify.paths,
            )],
        };
        // Zola's `page.assets` holds a bundle's files, those in its sub-folders too;
        // `section.assets` only the files beside `_index.md`.
        let mut up = dir.clone();
        let bundle = loop {
            if let Some(pages) = page_dirs.get(&up) {
                break Some(pages.clone());
            }
            if up.is_empty() {
                break None;
            }
            up = parent_dir(&up);
            // The root's `index.md` takes only the files beside it.
            if up.is_empty() {
                break None;
            }
        };
        match bundle {
            Some(pages) => {
                for p in pages {
                    content.pages[p].assets.push(source.clone());
                }
            }
            None => {
                let langs =
                    std::iter::once(&config.default_language).chain(config.languages.keys());
                for lang in langs {
                    if let Some(&s) = section_by_dir.get(&(lang.clone(), dir.clone())) {
                        content.sections[s].assets.push(source.clone());
                    }
                }
            }
        }
        for base in bases {
            assets.push(Asset {
                source: source.clone(),
                output: format!("{}{}", base.trim_start_matches('/'), name),
            });
        }
    }

    check_url_conflicts(&content, root, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    for (i, p) in content.pages.iter().enumerate() {
        content
            .by_relative
            .insert(p.meta.relative.clone(), ItemId::Page(i));
    }
    for (i, s) in content.sections.iter().enumerate() {
        content
            .by_relative
            .insert(s.meta.relative.clone(), ItemId::Section(i));
    }
    for (i, p) in content.pages.iter().enumerate() {
        content
            .translations
            .entry(p.meta.canonical.clone())
            .or_default()
            .push(ItemId::Page(i));
    }
    for (i, s) in content.sections.iter().enumerate() {
        content
            .translations
            .entry(s.meta.canonical.clone())
            .or_default()
            .push(ItemId::Section(i));
    }
    content.translations.retain(|_, items| items.len() > 1);
    let default = &config.default_language;
    for items in content.translations.values_mut() {
        // The default language first, then by language code.
        items.sort_by_key(|&id| {
            let m = match id {
                ItemId::Page(p) => &content.pages[p].meta,
                ItemId::Section(s) => &content.sections[s].meta,
            };
            (m.lang != *default, m.lang.clone())
        });
    }
    order::arrange(&mut content);
    Ok((content, assets))
}

/// The text of one content file, for an update of that file alone; `shown` is the
/// name errors give it.
pub fn read_text(file: &Path, shown: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", shown.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{}: the file is not valid UTF-8", shown.display()))
}

/// Where the symlink `link` leads when that is outside `real_base` (a canonical
/// folder); `None` for a link inside it, or one that leads nowhere (reported where it
/// is read).
pub fn link_outside(link: &Path, real_base: &Path) -> Option<PathBuf> {
    let real = link.canonicalize().ok()?;
    (!real.starts_with(real_base)).then_some(real)
}

/// The message for a symlink that leads out of the site folder.
pub fn outside_message(target: &Path) -> String {
    format!(
        "a symbolic link to `{}`, outside the site folder: folio does not follow it; copy the file into the site instead",
        target.display()
    )
}

enum Parsed {
    Page(Page),
    Section(Section),
}

/// Reads and parses one content file; every problem found is one `Diagnostic`.
fn parse_file(
    root: &Path,
    path: &Path,
    rel: &str,
    config: &Config,
) -> Result<Parsed, Vec<Diagnostic>> {
    let slugify = config.slugify;
    let shown = relative_to(path, root);
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::new(&shown, format!("cannot read: {e}"))])?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let (line, column) =
                crate::diagnostic::line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
            return Err(vec![
                Diagnostic::new(&shown, "the file is not valid UTF-8; save it as UTF-8")
                    .at_line(Some(line))
                    .at_column(Some(column)),
            ]);
        }
    };
    // Zola's `name.fr.md`, with `fr` one of `[languages]`: the text of `name.md` in
    // French, at `/fr/…` unless its front matter sets `path`.
    let (lang, clean) = split_language(rel, config);
    let result = if clean == "_index.md" || clean.ends_with("/_index.md") {
        parse_section(path, &clean, &text).map(|mut s| {
            s.meta.path = with_language(&s.meta.path, lang.as_deref());
            Parsed::Section(s)
        })
    } else {
        parse_page(path, &clean, &text, slugify).map(|mut p| {
            if !p.fixed_path {
                p.meta.path = with_language(&p.meta.path, lang.as_deref());
            }
            Parsed::Page(p)
        })
    };
    result
        .map(|mut parsed| {
            let meta = match &mut parsed {
                Parsed::Section(s) => &mut s.meta,
                Parsed::Page(p) => &mut p.meta,
            };
            meta.relative = rel.to_string();
            meta.canonical = clean;
            meta.lang = lang.unwrap_or_else(|| config.default_language.clone());
            parsed
        })
        .map_err(|e| e.into_diagnostics(&shown))
}

/// `/blog/` in language `fr` is `/fr/blog/`; the default language has no prefix.
fn with_language(path: &str, lang: Option<&str>) -> String {
    match lang {
        Some(code) => format!("/{code}{path}"),
        None => path.to_string(),
    }
}

/// The language of a content file named as Zola's translations are (`name.fr.md`,
/// `_index.fr.md`, `bundle/index.fr.md`, with `fr` one of the config's
/// `[languages]`), and its path without the code. `None` for the default language.
pub fn split_language(rel: &str, config: &Config) -> (Option<String>, String) {
    let Some(stem) = rel.strip_suffix(".md") else {
        return (None, rel.to_string());
    };
    match stem.rsplit_once('.') {
        Some((name, code))
            if !name.ends_with('/')
                && code != config.default_language
                && config.languages.contains_key(code) =>
        {
            (Some(code.to_string()), format!("{name}.md"))
        }
        _ => (None, rel.to_string()),
    }
}

/// Parses one section file (`_index.md`) whose path relative to `content/` is `rel`.
pub fn parse_section(
    path: &Path,
    rel: &str,
    text: &str,
) -> Result<Section, frontmatter::FrontMatterError> {
    let split = frontmatter::split(text)?;
    let front: SectionFront = frontmatter::parse(&split)?;
    if let Some(p) = &front.paginate_path {
        url::check_segment(p, "paginate_path")
            .map_err(|message| frontmatter::FrontMatterError::new(None, message))?;
    }
    let default_title = || title_from_name(&parent_dir(rel));
    Ok(Section {
        meta: meta(
            path,
            rel,
            &split,
            front.title.unwrap_or_else(default_title),
            front.description,
            front.weight,
            front.template,
            front.in_search_index,
            front.extra,
            url::path_for(rel, url::Strategy::On),
        ),
        sort_by: front.sort_by,
        page_template: front.page_template,
        assets: Vec::new(),
        paginate_by: front.paginate_by,
        paginate_path: front.paginate_path.unwrap_or_else(|| "page".into()),
        paginate_reversed: front.paginate_reversed,
        transparent: front.transparent,
        draft: front.draft,
        aliases: front.aliases,
        render: front.render,
        redirect_to: front.redirect_to,
        feed: front.generate_feeds.unwrap_or(true),
        anchor_links: front.insert_anchor_links.unwrap_or_default(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        children: Vec::new(),
    })
}

/// Parses one page file whose path relative to `content/` is `rel`.
pub fn parse_page(
    path: &Path,
    rel: &str,
    text: &str,
    slugify: Slugify,
) -> Result<Page, frontmatter::FrontMatterError> {
    let split = frontmatter::split(text)?;
    let front: PageFront = frontmatter::parse(&split)?;
    let mut date = frontmatter::date_field(&split, "date", front.date.as_ref())?;
    let updated = frontmatter::date_field(&split, "updated", front.updated.as_ref())?;
    let key_error = |key: &str, message: String| {
        let line = split
            .toml
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 1);
        frontmatter::FrontMatterError::new(line, message)
    };
    let mut path_str = url::path_for(rel, slugify.paths);
    // As in Zola, a file (or bundle folder) named `2024-03-05-name` gives the page its
    // date, when the front matter has none, and `name` as its slug unless
    // `slugify.paths_keep_dates` is set.
    if let Some((prefix_date, rest)) = date_prefixed(rel) {
        if date.is_none() {
            date = Some(prefix_date);
        }
        if front.slug.is_none() && front.path.is_none() && !slugify.paths_keep_dates {
            path_str =
                url::with_slug(&path_str, rest, slugify.paths).map_err(|m| key_error("slug", m))?;
        }
    }
    if let Some(slug) = &front.slug {
        path_str =
            url::with_slug(&path_str, slug, slugify.paths).map_err(|m| key_error("slug", m))?;
    }
    if let Some(p) = &front.path {
        path_str = url::from_front_matter_path(p).map_err(|m| key_error("path", m))?;
    } else if slugify.paths != url::Strategy::On {
        // A name kept as written may hold what no URL should (a tab, say).
        for seg in path_str.split('/').filter(|s| !s.is_empty()) {
            url::check_segment(seg, "slug").map_err(|m| key_error("slug", m))?;
        }
    }
    let title = front.title.unwrap_or_else(|| {
        let stem = rel.trim_end_matches(".md").trim_end_matches("/index");
        title_from_name(stem)
    });
    let fixed_path = front.path.is_some();
    Ok(Page {
        fixed_path,
        meta: meta(
            path,
            rel,
            &split,
            title,
            front.description,
            front.weight,
            front.template,
            front.in_search_index,
            front.extra,
            path_str,
        ),
        date,
        updated,
        draft: front.draft,
        aliases: front.aliases,
        render: front.render,
        authors: front.authors,
        taxonomies: front.taxonomies,
        taxonomies_line: split
            .toml
            .lines()
            .position(|l| l.trim() == "[taxonomies]")
            .map(|i| i + 1),
        section: 0,
        assets: Vec::new(),
        lower: None,
        higher: None,
    })
}

#[allow(clippy::too_many_arguments)]
fn meta(
    path: &Path,
    rel: &str,
    split: &Split,
    title: String,
    description: Option<String>,
    weight: Option<i64>,
    template: Option<String>,
    in_search_index: bool,
    extra: toml::Table,
    site_path: String,
) -> Meta {
    Meta {
        file: path.to_path_buf(),
        relative: rel.to_string(),
        title,
        description,
        weight,
        template,
        in_search_index,
        extra,
        path: site_path,
        body: split.body.to_string(),
        body_line: split.body_line,
        lang: String::new(),
        canonical: rel.to_string(),
    }
}

/// The home section of `lang` (the default language when `None`) for a site
/// without that `_index.md`, titled by the config, as Zola makes one.
fn implicit_root(root: &Path, config: &Config, lang: Option<&str>) -> Section {
    let relative = match lang {
        Some(code) => format!("_index.{code}.md"),
        None => "_index.md".into(),
    };
    let title = config.title_in(lang.unwrap_or(&config.default_language));
    let description = lang
        .and_then(|code| config.languages.get(code))
        .and_then(|l| l.description.clone())
        .or_else(|| Some(config.description.clone()))
        .filter(|d| !d.is_empty());
    Section {
        meta: Meta {
            file: root.join("content").join(&relative),
            relative,
            title,
            description,
            weight: None,
            template: None,
            in_search_index: true,
            extra: toml::Table::new(),
            path: with_language("/", lang),
            body: String::new(),
            body_line: 0,
            lang: lang.unwrap_or(&config.default_language).to_string(),
            canonical: "_index.md".into(),
        },
        sort_by: SortBy::Weight,
        page_template: None,
        assets: Vec::new(),
        paginate_by: None,
        paginate_path: "page".into(),
        paginate_reversed: false,
        transparent: false,
        draft: false,
        aliases: Vec::new(),
        render: true,
        redirect_to: None,
        feed: true,
        anchor_links: Default::default(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        children: Vec::new(),
    }
}

fn check_taxonomies(page: &Page, root: &Path, config: &Config) -> Result<(), Diagnostic> {
    // A page in another language takes that language's taxonomies, as in Zola.
    let declared = match config.languages.get(&page.meta.lang) {
        Some(language) => &language.taxonomies,
        None => &config.taxonomies,
    };
    for name in page.taxonomies.keys() {
        if !declared.iter().any(|t| t.name == *name) {
            return Err(Diagnostic::new(
                relative_to(&page.meta.file, root),
                format!(
                    "taxonomy `{name}` is not declared in config.toml; add `taxonomies = [{{ name = \"{name}\" }}]`"
                ),
            )
            .at_line(page.taxonomies_line));
        }
    }
    Ok(())
}

fn check_url_conflicts(content: &Content, root: &Path, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    let items = content
        .sections
        .iter()
        .map(|s| &s.meta)
        .chain(content.pages.iter().map(|p| &p.meta));
    for meta in items {
        if let Some(first) = seen.insert(&meta.path, &meta.file) {
            diagnostics.push(Diagnostic::new(
                relative_to(&meta.file, root),
                format!(
                    "the URL `{}` is claimed by both this file and `{}`; change a `slug` or `path`",
                    meta.path,
                    relative_to(first, root).display()
                ),
            ));
        }
    }
}

fn nearest_section(
    section_by_dir: &HashMap<(String, String), usize>,
    lang: &str,
    mut dir: String,
) -> usize {
    loop {
        if let Some(&s) = section_by_dir.get(&(lang.to_string(), dir.clone())) {
            return s;
        }
        if dir.is_empty() {
            return Content::ROOT;
        }
        dir = parent_dir(&dir);
    }
}

/// `a/b/c.md` → `a/b`; `c.md` → ``.
fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

fn rel_string(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A readable title from a file or folder name: `key-factors` → `Key factors`.
fn title_from_name(name: &str) -> String {
    let last = name
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .replace(['-', '_'], " ");
    let mut chars = last.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The date and the rest of a page whose file (or bundle folder) name starts with a
/// date and `-` or `_`: `blog/2024-03-05-hello.md` → (2024-03-05, `hello`).
fn date_prefixed(rel: &str) -> Option<(super::Date, &str)> {
    let without_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = without_ext
        .strip_suffix("/index")
        .unwrap_or(without_ext)
        .rsplit('/')
        .next()?;
    let (day, rest) = (stem.get(..10)?, stem.get(10..)?);
    let rest = rest.strip_prefix(['-', '_'])?;
    let shaped = day.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped || rest.is_empty() {
        return None;
    }
    Some((super::Date::parse(day).ok()?, rest))
}

/// Hidden files and editor leftovers never become content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_name("factors/key-factors"), "Key factors");
        assert_eq!(title_from_name(""), "");
    }

    #[test]
    fn parent_dirs() {
        assert_eq!(parent_dir("a/b/c.md"), "a/b");
        assert_eq!(parent_dir("c.md"), "");
    }

    #[test]
    fn page_slug_and_path_errors_have_lines() {
        let p = Path::new("x.md");
        let e = parse_page(
            p,
            "a/x.md",
            "+++\ntitle = \"x\"\nslug = \"..\"\n+++\n",
            Slugify::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = parse_page(
            p,
            "a/x.md",
            "+++\npath = \"../../etc\"\n+++\n",
            Slugify::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        let page = parse_page(
            p,
            "a/x.md",
            "+++\nslug = \"Hello There\"\n+++\n",
            Slugify::default(),
        )
        .unwrap();
        assert_eq!(page.meta.path, "/a/hello-there/");
    }
}
