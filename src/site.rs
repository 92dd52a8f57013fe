//! The build pipeline: load content, render Markdown, render templates, and return the
//! files of the site. Only loading touches the disk; writing is left to `output`.
//!
//! Each stage collects every problem it finds, so one run reports all of them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Asset, Content, ItemId, LoadOptions};
use crate::diagnostic::{self, Diagnostic, relative_to};
use crate::markdown::{self, Highlighter, Rendered};
use crate::render::functions::{Lookup, short_hash};
use crate::render::theme::{self, StaticSource, ThemeFiles};
use crate::render::values::Urls;
use crate::render::{self, OutputFile, RenderInput};

/// Options for one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub drafts: bool,
}

/// A built site: generated files plus static files to copy, and counts for the summary.
pub struct Built {
    pub files: Vec<OutputFile>,
    /// Output path → source, for files copied as they are.
    pub statics: Vec<(String, StaticSource)>,
    pub pages: usize,
    pub sections: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// The loaded content and its rendered Markdown, for `check` and search.
    pub content: Content,
    pub rendered_pages: Vec<Rendered>,
}

/// Builds the site at `root` in memory.
pub fn build(root: &Path, config: &Config, options: &BuildOptions, highlighter: &Highlighter) -> Result<Built> {
    let mut timings = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, t.elapsed()));
        t = Instant::now();
    };

    let (content, assets) = match content::load(root, config, LoadOptions { drafts: options.drafts }) {
        Ok(x) => x,
        Err(d) => return Err(diagnostic::into_result(d, "in content").unwrap_err()),
    };
    let theme = theme::load(root, config)?;
    lap("load", &mut timings);

    let urls = Urls {
        base_path: config.base_path(),
        origin: config.origin().to_string(),
    };
    let highlight_css = highlighter.stylesheet();
    let mut lookup = Lookup::new(urls.clone(), root);
    lookup.content_urls = content
        .by_relative
        .iter()
        .map(|(rel, &id)| (rel.clone(), urls.url(&content.meta(id).path)))
        .collect();
    lookup.file_hashes = hash_statics(&theme);
    lookup
        .file_hashes
        .insert("highlight.css".into(), short_hash(highlight_css.as_bytes()));
    let lookup = Arc::new(RwLock::new(lookup));
    let mut tera = render::make_tera(&theme, lookup.clone())
        .map_err(|d| diagnostic::into_result(d, "in templates").unwrap_err())?;
    let globals = tera.global_context();
    globals.insert_value("config", render::config_value(config));
    globals.insert_value("lang", tera::Value::from(config.default_language.as_str()));
    lap("templates", &mut timings);

    let content_urls = lookup.read().map(|l| l.content_urls.clone()).unwrap_or_default();
    let overridden: HashSet<String> = theme
        .templates
        .iter()
        .filter(|(name, t)| name.starts_with("shortcodes/") && t.origin.starts_with("templates/"))
        .map(|(name, _)| name.trim_start_matches("shortcodes/").trim_end_matches(".html").to_string())
        .collect();
    let host = render::components::Components {
        tera: &tera,
        content_urls: &content_urls,
        root,
        overridden: &overridden,
    };
    let md_options = markdown::Options {
        smart_punctuation: config.markdown.smart_punctuation,
        highlight: config.markdown.highlight_code,
    };
    let render_md = |meta: &content::Meta| markdown::render(&meta.body, meta.body_line, &md_options, highlighter, &host);
    let rendered_pages: Vec<Rendered> = content.pages.par_iter().map(|p| render_md(&p.meta)).collect();
    let rendered_sections: Vec<Rendered> = content.sections.par_iter().map(|s| render_md(&s.meta)).collect();
    let problems = markdown_problems(root, &content, &rendered_pages, &rendered_sections);
    diagnostic::into_result(problems, "in content")?;
    lap("markdown", &mut timings);

    let (taxonomies, terms) = render::taxonomy::build(&content, config, &urls);
    let shared = render::values::build_shared(&content, &rendered_pages, &rendered_sections, &urls, &terms);
    if let Ok(mut l) = lookup.write() {
        for (i, p) in content.pages.iter().enumerate() {
            l.pages.insert(p.meta.relative.clone(), shared.page_refs[i].clone());
        }
        for (i, s) in content.sections.iter().enumerate() {
            l.sections.insert(s.meta.relative.clone(), shared.section_refs[i].clone());
        }
    }
    let input = RenderInput {
        root,
        config,
        content: &content,
        pages: &rendered_pages,
        sections: &rendered_sections,
        tera: &tera,
        theme: &theme,
        urls: &urls,
        shared: &shared,
        taxonomies: &taxonomies,
    };
    let (mut files, problems) = render::render_all(&input);
    let mut problems = problems;
    check_generated_conflicts(&files, &assets, &mut problems);
    diagnostic::into_result(problems, "while rendering")?;
    files.push(OutputFile {
        path: "highlight.css".into(),
        bytes: highlight_css.into_bytes(),
    });
    lap("render", &mut timings);

    let mut statics: Vec<(String, StaticSource)> = theme
        .statics
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    statics.extend(assets.into_iter().map(|a| (a.output, StaticSource::Disk(a.source))));
    Ok(Built {
        files,
        statics,
        pages: content.pages.len(),
        sections: content.sections.len(),
        timings,
        content,
        rendered_pages,
    })
}

fn hash_statics(theme: &ThemeFiles) -> HashMap<String, String> {
    theme
        .statics
        .par_iter()
        .filter_map(|(out, src)| {
            let bytes = match src {
                StaticSource::Embedded(b) => b.to_vec(),
                StaticSource::Disk(p) => {
                    let meta = std::fs::metadata(p).ok()?;
                    // Large media files are rarely cache-busted; skip hashing them.
                    if meta.len() > 2 * 1024 * 1024 {
                        return None;
                    }
                    std::fs::read(p).ok()?
                }
            };
            Some((out.clone(), short_hash(&bytes)))
        })
        .collect()
}

/// Markdown problems and `@/` links whose `#anchor` does not exist on the target.
fn markdown_problems(root: &Path, content: &Content, pages: &[Rendered], sections: &[Rendered]) -> Vec<Diagnostic> {
    let anchors_of = |id: ItemId| -> &[String] {
        match id {
            ItemId::Page(i) => &pages[i].anchors,
            ItemId::Section(i) => &sections[i].anchors,
        }
    };
    let items = content
        .pages
        .iter()
        .map(|p| &p.meta)
        .zip(pages)
        .chain(content.sections.iter().map(|s| &s.meta).zip(sections));
    let mut out = Vec::new();
    for (meta, r) in items {
        let file: PathBuf = relative_to(&meta.file, root);
        for (line, message) in &r.problems {
            out.push(Diagnostic::new(&file, message.clone()).at_line(Some(*line)));
        }
        for link in &r.internal_links {
            let (Some(anchor), Some(&target)) = (&link.anchor, content.by_relative.get(&link.target)) else {
                continue;
            };
            if !anchors_of(target).iter().any(|a| a == anchor) {
                out.push(
                    Diagnostic::new(
                        &file,
                        format!(
                            "broken link `@/{}#{anchor}`: `content/{}` has no heading with the id `{anchor}`",
                            link.target, link.target
                        ),
                    )
                    .at_line(Some(link.line)),
                );
            }
        }
    }
    out
}

/// Two generated or copied files for one output path would silently overwrite each other.
fn check_generated_conflicts(files: &[OutputFile], assets: &[Asset], problems: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for f in files {
        if !seen.insert(f.path.as_str()) {
            problems.push(Diagnostic::new(
                "content",
                format!("two generated files claim `{}` (a taxonomy, alias or page URL clashes)", f.path),
            ));
        }
    }
    for a in assets {
        if seen.contains(a.output.as_str()) {
            problems.push(Diagnostic::new(
                a.source.display().to_string(),
                format!("this file would overwrite the generated `{}`", a.output),
            ));
        }
    }
}
