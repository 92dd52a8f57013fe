//! Zola's image functions for templates and components: `resize_image`, which reads
//! only the source's header, answers with the output's URL and size, and leaves a job
//! that `site::images` runs after rendering; and `get_image_metadata`.
//!
//! Files are found and read through `render::data`; the geometry, names and formats
//! are `images`'.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::data::{self, FoundImage};
use super::functions::SharedLookup;
use super::values::obj;
use crate::deps::{self, Dep};
use crate::images::{self, Format, Job, Op, Plan};

/// The images asked for while rendering, by output path.
#[derive(Debug, Default)]
pub struct Jobs(Mutex<BTreeMap<String, Job>>);

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Job>> {
        // A poisoned lock only means a render thread panicked; the map is whole.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn add(&self, job: Job) {
        self.lock().insert(job.output.clone(), job);
    }

    /// The job that makes `output`, if one was asked for.
    pub fn get(&self, output: &str) -> Option<Job> {
        self.lock().get(output).cloned()
    }

    /// Every job asked for, in output order.
    pub fn all(&self) -> Vec<Job> {
        self.lock().values().cloned().collect()
    }

    /// Adds `other`'s jobs that this has not: those of the Markdown bodies a rebuild
    /// reuses without rendering them again.
    pub fn inherit(&self, other: &Jobs) {
        let theirs = other.all();
        let mut mine = self.lock();
        for job in theirs {
            mine.entry(job.output.clone()).or_insert(job);
        }
    }
}

fn error(function: &str, message: impl std::fmt::Display) -> tera::Error {
    tera::Error::message(format!("{function}: {message}"))
}

/// A whole number argument that fits `max`, or nothing when it is not given.
fn whole(kwargs: &Kwargs, function: &str, name: &str, max: u64) -> TeraResult<Option<u64>> {
    let Some(v) = kwargs.get::<Value>(name)? else {
        return Ok(None);
    };
    if v.is_none() || v.is_undefined() {
        return Ok(None);
    }
    let n = v
        .as_u64()
        .or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= max as f64)
                .map(|f| f as u64)
        })
        .filter(|n| *n <= max);
    n.map(Some).ok_or_else(|| {
        error(
            function,
            format!("`{name}` must be a whole number from 0 to {max}, not {v}"),
        )
    })
}

/// Records `found` as read by the output being made, so that changing the file renders
/// that output again.
pub(super) fn record_found(root: &Path, found: &FoundImage) {
    if deps::current().is_none() {
        return;
    }
    deps::record(Dep::Data(found.rel.clone()));
    if let Some(real) = data::real_in_site(root, &found.rel.to_string_lossy()) {
        deps::record(Dep::Data(real));
    }
    if let Some(p) = &found.static_path {
        deps::record(Dep::Static(p.clone()));
    }
}

fn where_looked(path: &str) -> String {
    format!(
        "cannot find `{path}` (looked in the site folder, then `static/`, `content/` and the theme's `static/`)"
    )
}

/// Registers `resize_image` and `get_image_metadata` on `tera`.
pub fn register(tera: &mut Tera, lookup: SharedLookup) {
    let l = lookup.clone();
    tera.register_function(
        "resize_image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            const F: &str = "resize_image";
            let path = kwargs.must_get::<&str>("path")?;
            let width = whole(&kwargs, F, "width", u32::MAX.into())?.map(|v| v as u32);
            let height = whole(&kwargs, F, "height", u32::MAX.into())?.map(|v| v as u32);
            let op = kwargs.get::<&str>("op")?.unwrap_or("fill");
            let format = kwargs.get::<&str>("format")?.unwrap_or("auto");
            let quality = whole(&kwargs, F, "quality", 255)?.map(|v| v as u8);
            // Zola's AVIF encoding speed: accepted, and unused without AVIF.
            whole(&kwargs, F, "speed", 255)?;
            let op = Op::parse(op, width, height).map_err(|e| error(F, e))?;
            let lookup = super::functions::read(&l);
            let unified = images::unified_path(path);
            let found = data::find_image(&lookup.root, lookup.theme.as_deref(), &unified)
                .map_err(|e| error(F, e))?
                .ok_or_else(|| error(F, where_looked(path)))?;
            record_found(&lookup.root, &found);
            let info = data::image_info(&found.file, &found.rel)
                .map_err(|e| error(F, format!("{e:#}")))?;
            let format =
                Format::parse(format, info.is_lossy(), quality).map_err(|e| error(F, e))?;
            let plan = Plan::new(op, info.size).map_err(|e| error(F, e))?;
            let stem = found
                .file
                .file_stem()
                .map_or_else(|| "unknown".into(), |s| s.to_string_lossy());
            let name = images::output_name(&stem, &unified, op, format);
            let output = format!("{}/{name}", images::DIR);
            let (width, height) = plan.size(info.size);
            lookup.images.add(Job {
                source: found.file.clone(),
                shown: found.rel.to_string_lossy().into_owned(),
                plan,
                format,
                output: output.clone(),
            });
            deps::record_with(|| Dep::Image(output.clone()));
            Ok(obj([
                ("url", Value::from(lookup.urls.permalink(&output))),
                ("static_path", Value::from(format!("static/{output}"))),
                ("width", Value::from(width)),
                ("height", Value::from(height)),
                ("orig_width", Value::from(info.size.0)),
                ("orig_height", Value::from(info.size.1)),
            ]))
        },
    );
    let l = lookup;
    tera.register_function(
        "get_image_metadata",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            const F: &str = "get_image_metadata";
            let path = kwargs.must_get::<&str>("path")?;
            let allow_missing = kwargs.get::<bool>("allow_missing")?.unwrap_or(false);
            let lookup = super::functions::read(&l);
            let unified = images::unified_path(path);
            let found = data::find_image(&lookup.root, lookup.theme.as_deref(), &unified)
                .map_err(|e| error(F, e))?;
            let Some(found) = found else {
                if allow_missing {
                    // As written, so that the file appearing later is noticed.
                    deps::record_with(|| Dep::Data(unified.clone().into()));
                    return Ok(Value::none());
                }
                return Err(error(F, where_looked(path)));
            };
            record_found(&lookup.root, &found);
            let is_svg = found
                .file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
            let ((width, height), format, mime) = if is_svg {
                let shown = found.rel.to_string_lossy();
                let bytes = data::read_image(&found.file, &shown)
                    .map_err(|e| error(F, format!("{e:#}")))?;
                let size = images::svg_size(&String::from_utf8_lossy(&bytes))
                    .map_err(|e| error(F, format!("cannot read the image `{shown}`: {e}")))?;
                // Zola's MIME type for SVG, as it gives it.
                (size, "svg", "text/svg+xml")
            } else {
                let info = data::image_info(&found.file, &found.rel)
                    .map_err(|e| error(F, format!("{e:#}")))?;
                let (format, mime) = info.names();
                (info.size, format, mime)
            };
            Ok(obj([
                ("width", Value::from(width)),
                ("height", Value::from(height)),
                ("format", Value::from(format)),
                ("mime", Value::from(mime)),
            ]))
        },
    );
}
