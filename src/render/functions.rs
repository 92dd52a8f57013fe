//! Template functions and filters that folio adds to Tera: `get_url`, `get_page`,
//! `get_section`, `get_hash`, `get_env`, `load_data`, `resize_image` and
//! `get_image_metadata` (in `images`), `get_taxonomy` and `get_taxonomy_term` (in
//! `taxonomy`), and the `markdown`, `num_format` and `date` filters.
//!
//! Tera wants functions registered before templates are added, but their data (URLs,
//! pages) exists only after content is loaded; so they read a `Lookup` that the build
//! fills in before rendering.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::data;
use super::values::Urls;
use crate::content::Date;
use crate::deps::{self, Dep};

/// What the template functions look things up in.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub urls: Urls,
    pub root: PathBuf,
    /// Content path relative to `content/` → root-relative URL.
    pub content_urls: HashMap<String, String>,
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<String, Value>,
    /// Output path of each static or generated file → short content hash.
    pub file_hashes: HashMap<String, String>,
    /// (taxonomy, term slug) → URL of the term's page.
    pub term_urls: HashMap<(String, String), String>,
    /// What components see through `get_page` and `get_section` while Markdown
    /// renders: front matter values, since no Markdown is rendered yet (as in Zola).
    pub front_pages: HashMap<String, Value>,
    pub front_sections: HashMap<String, Value>,
    /// Whether `cachebust=true` adds `?h=<hash>` (off under `serve`).
    pub cachebust: bool,
    /// How a term name becomes the slug `term_urls` is keyed by (`slugify.taxonomies`).
    pub term_slugs: crate::url::Strategy,
    /// Theme templates left out because they do not compile, with their error.
    pub broken_templates: HashMap<String, String>,
    /// Zola's `[translations]` by language code, for `trans()`.
    pub strings: HashMap<String, std::collections::BTreeMap<String, String>>,
    /// The theme (`themes/<name>/`), whose `static/` `resize_image` searches.
    pub theme: Option<String>,
    /// The images `resize_image` asked for, made after rendering.
    pub images: Arc<super::images::Jobs>,
    /// The taxonomies with their terms, for `get_taxonomy` and `get_taxonomy_term`.
    pub taxonomies: Vec<super::taxonomy::Taxonomy>,
    /// Each page's path relative to `content/`, by index (terms list pages by index).
    pub page_paths: Vec<String>,
    /// `default_language`: the `lang` taxonomies have, and `num_format`'s locale.
    pub default_language: String,
}

/// The lookup shared between the registered functions and the build.
pub type SharedLookup = Arc<RwLock<Lookup>>;

impl Lookup {
    pub fn new(urls: Urls, root: &Path) -> Self {
        Lookup {
            urls,
            root: root.to_path_buf(),
            content_urls: HashMap::new(),
            pages: HashMap::new(),
            sections: HashMap::new(),
            file_hashes: HashMap::new(),
            front_pages: HashMap::new(),
            front_sections: HashMap::new(),
            cachebust: true,
            term_urls: HashMap::new(),
            term_slugs: Default::default(),
            strings: HashMap::new(),
            broken_templates: HashMap::new(),
            theme: None,
            images: Arc::default(),
            taxonomies: Vec::new(),
            page_paths: Vec::new(),
            default_language: "en".to_string(),
        }
    }
}

pub(super) fn read(lookup: &SharedLookup) -> std::sync::RwLockReadGuard<'_, Lookup> {
    // A poisoned lock only means a render thread panicked; the data is still whole.
    lookup.read().unwrap_or_else(|e| e.into_inner())
}

/// Records a data file read by `load_data` or a chart, by its path in the site folder
/// (a path that leaves it is refused by the read itself).
pub fn record_data(root: &Path, path: &str) {
    if deps::current().is_none() {
        return;
    }
    // As written (so a file created later is noticed), and where a symlink leads.
    deps::record(Dep::Data(PathBuf::from(path.trim_start_matches('/'))));
    if let Some(rel) = data::real_in_site(root, path) {
        deps::record(Dep::Data(rel));
    }
}

/// The bytes of the file `get_hash` hashes, found as Zola finds it (the site folder,
/// then `static/`, `content/` and the theme's `static/`) and recorded as read, so that
/// an edit to it renders its readers again.
fn read_for_hash(lookup: &Lookup, path: &str) -> TeraResult<Vec<u8>> {
    let unified = crate::images::unified_path(path);
    let found = data::find_image(&lookup.root, lookup.theme.as_deref(), &unified)
        .map_err(|e| tera::Error::message(format!("get_hash: {e}")))?
        .ok_or_else(|| {
            tera::Error::message(format!(
                "get_hash: cannot find `{path}` (looked in the site folder, then `static/`, `content/` and the theme's `static/`)"
            ))
        })?;
    super::images::record_found(&lookup.root, &found);
    data::read_bytes(&found.file, &found.rel)
        .map_err(|e| tera::Error::message(format!("get_hash: {e}")))
}

/// `bytes`' SHA-2 digest of `sha_type` bits (256, 384 or 512), in standard base64 or in
/// lower-case hex, as Zola's `get_hash` gives it.
pub fn hash(bytes: &[u8], sha_type: i64, base64: bool) -> Result<String, String> {
    use base64::Engine;
    use ring::digest;
    let algorithm = match sha_type {
        256 => &digest::SHA256,
        384 => &digest::SHA384,
        512 => &digest::SHA512,
        other => {
            return Err(format!(
                "get_hash: `sha_type` must be 256, 384 or 512, not {other}"
            ));
        }
    };
    let digest = digest::digest(algorithm, bytes);
    Ok(if base64 {
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    } else {
        digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// `n` with the digit grouping of `locale` (`1,000,000`; `10,00,000` in `en-IN`),
/// from the same data as Zola's `num_format`.
pub fn num_format(n: i64, locale: &str) -> Result<String, String> {
    use num_format::{Locale, ToFormattedString};
    let locale = Locale::from_name(locale).map_err(|_| {
        format!("num_format: unknown locale `{locale}` (try `en`, `fr`, `de`, `en-IN`)")
    })?;
    Ok(n.to_formatted_string(&locale))
}

/// Short content hash used for cache busting.
pub fn short_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))[..12].to_string()
}

/// Registers folio's functions and filters on `tera`.
pub fn register(tera: &mut Tera, lookup: SharedLookup) {
    super::images::register(tera, lookup.clone());
    super::taxonomy::register(tera, lookup.clone());
    let l = lookup.clone();
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get::<&str>("path")?.to_string();
            let cachebust = kwargs.get::<bool>("cachebust")?.unwrap_or(false);
            let trailing_slash = kwargs.get::<bool>("trailing_slash")?.unwrap_or(false);
            // As in Zola, the URL is absolute (with `base_url`'s host); folio's own
            // `absolute=false` gives it from the site root, for themes that must work
            // wherever the output is previewed.
            let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(true);
            let lookup = read(&l);
            let origin = if absolute {
                lookup.urls.origin.as_str()
            } else {
                ""
            };
            if let Some(target) = path.strip_prefix("@/") {
                let (file, anchor) = target
                    .split_once('#')
                    .map_or((target, None), |(f, a)| (f, Some(a)));
                deps::record(Dep::Url(file.to_string()));
                let url = lookup.content_urls.get(file).ok_or_else(|| {
                    tera::Error::message(format!("get_url: there is no `content/{file}`"))
                })?;
                return Ok(match anchor {
                    Some(a) => format!("{origin}{url}#{a}"),
                    None => format!("{origin}{url}"),
                });
            }
            let trimmed = path.trim_start_matches('/');
            let mut url = format!("{origin}{}", lookup.urls.url(trimmed));
            if trailing_slash && !url.ends_with('/') {
                url.push('/');
            }
            if cachebust && lookup.cachebust {
                let hash = lookup.file_hashes.get(trimmed).ok_or_else(|| {
                tera::Error::message(format!(
                    "get_url: cannot cache-bust `{path}`: no such file in `static/`, the theme or the compiled Sass"
                ))
            })?;
                url.push_str("?h=");
                url.push_str(hash);
                deps::record(Dep::Static(trimmed.to_string()));
            }
            Ok(url)
        },
    );
    // `get_page` and `get_section` take a path under content/ or, as a convenience
    // for Zola templates that pass `section.subsections` items, the item itself.
    // Zola's `metadata_only` argument is accepted and has no effect.
    for (name, kind) in [("get_page", "page"), ("get_section", "section")] {
        let l = lookup.clone();
        tera.register_function(
            name,
            move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
                let path = kwargs.must_get::<Value>("path")?;
                if path.is_map() {
                    return Ok(path);
                }
                let path = path
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("@/")
                    .to_string();
                let lookup = read(&l);
                let front = deps::in_markdown();
                deps::record(if front {
                    Dep::Front(path.clone())
                } else {
                    Dep::Ref(path.clone())
                });
                let items = match (kind == "page", front) {
                    (true, false) => &lookup.pages,
                    (false, false) => &lookup.sections,
                    (true, true) => &lookup.front_pages,
                    (false, true) => &lookup.front_sections,
                };
                items.get(&path).cloned().ok_or_else(|| {
                    tera::Error::message(format!("{name}: there is no {kind} `content/{path}`"))
                })
            },
        );
    }
    let l = lookup.clone();
    // Zola's `trans(key, lang)`: the string `key` of `[translations]` (the default
    // language's) or `[languages.<lang>.translations]`.
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let key = kwargs.must_get::<&str>("key")?;
            let lookup = read(&l);
            let lang = kwargs
                .get::<&str>("lang")?
                .unwrap_or(lookup.default_language.as_str())
                .to_string();
            lookup
                .strings
                .get(&lang)
                .and_then(|t| t.get(key))
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "trans: no string `{key}` for language `{lang}`: add it to {}",
                        if lang == lookup.default_language {
                            "`[translations]` in config.toml".to_string()
                        } else {
                            format!("`[languages.{lang}.translations]` in config.toml")
                        }
                    ))
                })
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_taxonomy_url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let kind = kwargs.must_get::<&str>("kind")?;
            let name = kwargs.must_get::<&str>("name")?;
            let l = read(&l);
            // Zola's `lang`: another language's taxonomies are its own.
            let key = super::taxonomy::key(&l, kind, kwargs.get::<&str>("lang")?);
            deps::record(Dep::Terms(key.clone()));
            l.term_urls
                .get(&(key, crate::url::slugify_with(name, l.term_slugs)))
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "get_taxonomy_url: no term `{name}` in taxonomy `{kind}`"
                    ))
                })
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "get_hash",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            const F: &str = "get_hash";
            let path = kwargs.get::<&str>("path")?;
            let literal = kwargs.get::<&str>("literal")?;
            let sha_type = kwargs.get::<i64>("sha_type")?.unwrap_or(384);
            let base64 = kwargs.get::<bool>("base64")?.unwrap_or(true);
            let bytes = match (path, literal) {
                (Some(_), Some(_)) => {
                    return Err(tera::Error::message(format!(
                        "{F}: give either `path` or `literal`, not both"
                    )));
                }
                (None, None) => {
                    return Err(tera::Error::message(format!(
                        "{F}: give a `path` (a file) or a `literal` (a string) to hash"
                    )));
                }
                (Some(path), None) => read_for_hash(&read(&l), path)?,
                (None, Some(literal)) => literal.as_bytes().to_vec(),
            };
            hash(&bytes, sha_type, base64).map_err(tera::Error::message)
        },
    );
    tera.register_function(
        "get_env",
        |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let name = kwargs.must_get::<&str>("name")?;
            let default = kwargs.get::<Value>("default")?;
            match (std::env::var(name), default) {
                (Ok(value), _) => Ok(Value::from(value)),
                (Err(_), Some(default)) => Ok(default),
                (Err(std::env::VarError::NotUnicode(_)), None) => Err(tera::Error::message(
                    format!("get_env: the environment variable `{name}` is not valid UTF-8"),
                )),
                (Err(std::env::VarError::NotPresent), None) => {
                    Err(tera::Error::message(format!(
                        "get_env: the environment variable `{name}` is not set, and no `default` was given"
                    )))
                }
            }
        },
    );
    let l = lookup.clone();
    tera.register_function(
        "load_data",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            // Zola's `required = false`: a missing file gives nothing, not an error.
            let required = kwargs.get::<bool>("required")?.unwrap_or(true);
            let root = read(&l).root.clone();
            record_data(&root, path);
            match data::load(&root, path) {
                Err(_) if !required && data::is_missing(&root, path) => Ok(Value::none()),
                result => result.map_err(tera::Error::message),
            }
        },
    );
    let l = lookup.clone();
    tera.register_filter(
        "markdown",
        move |text: &str, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let inline = kwargs.get::<bool>("inline")?.unwrap_or(false);
            let lookup = read(&l);
            let html = if inline {
                crate::markdown::render_inline(text, &lookup.content_urls)
            } else {
                crate::markdown::render_simple(text, &lookup.content_urls)
            };
            Ok(Value::safe_string(&html))
        },
    );
    let l = lookup;
    tera.register_filter(
        "num_format",
        move |n: i64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            // Zola's: the locale defaults to the site's `default_language`.
            let locale = match kwargs.get::<&str>("locale")? {
                Some(locale) => locale.to_string(),
                None => read(&l).default_language.clone(),
            };
            num_format(n, &locale).map_err(tera::Error::message)
        },
    );
    tera.register_filter(
        "date",
        |value: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
            let date = Date::parse(value).map_err(tera::Error::message)?;
            // Zola's `timezone` argument (an IANA name); UTC without it.
            let zone = match kwargs.get::<&str>("timezone")? {
                Some(name) => jiff::tz::TimeZone::get(name).map_err(|_| {
                    tera::Error::message(format!("date: unknown time zone `{name}`"))
                })?,
                None => jiff::tz::TimeZone::UTC,
            };
            let zoned = date.timestamp.to_zoned_datetime(zone);
            // Zola's `locale` (`fr_FR`): names and the locale's formats, written into
            // the format before jiff formats the rest.
            let format = match kwargs.get::<&str>("locale")? {
                Some(locale) => {
                    super::locale::localize(format, locale, &zoned).map_err(tera::Error::message)?
                }
                None => format.to_string(),
            };
            let format = format.as_str();
            let mut out = String::new();
            use std::fmt::Write;
            write!(out, "{}", zoned.strftime(format))
                .map_err(|_| tera::Error::message(format!("date: invalid format `{format}`")))?;
            Ok(out)
        },
    );
}
