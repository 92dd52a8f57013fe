//! Making the images that `resize_image` asked for, after rendering: in parallel, each
//! from the processed-image cache when it holds the same source bytes and operation,
//! else resized and stored there. The files go to the sink like any output file.
//!
//! Reading the sources is `render::data`'s job and the cache folder `output::cache`'s.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::deps::Dep;
use crate::diagnostic::Diagnostic;
use crate::images::{self, Job};
use crate::output::cache::ImageCache;
use crate::render::theme::StaticSource;
use crate::render::{OutputFile, Sink, data};

/// Makes `jobs` into `sink`, except those whose output path a static file of the site
/// takes (a `static/processed_images/` left by Zola wins, as a static file does).
/// Returns a problem for each image that could not be made.
pub(super) fn make(
    jobs: &[Job],
    cache: &ImageCache,
    statics: &BTreeMap<String, StaticSource>,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    jobs.par_iter()
        .filter(|job| !statics.contains_key(&job.output))
        .filter_map(|job| match make_one(job, cache) {
            Ok(bytes) => {
                sink.put(OutputFile {
                    path: job.output.clone(),
                    bytes,
                });
                None
            }
            Err(e) => Some(Diagnostic::new(
                &job.shown,
                format!("cannot make `{}` from this image: {e:#}", job.output),
            )),
        })
        .collect()
}

fn make_one(job: &Job, cache: &ImageCache) -> anyhow::Result<Vec<u8>> {
    let source = data::read_image(&job.source, &job.shown)?;
    let key = cache_key(&source, job);
    if let Some(bytes) = cache.get(&key) {
        return Ok(bytes);
    }
    let bytes = images::process(&source, &job.plan, job.format)?;
    cache.put(&key, &bytes);
    Ok(bytes)
}

/// The cache entry of `job` made from `source`: a hash of the source's bytes, the
/// operation, the format and folio's version (a new version may resize differently).
fn cache_key(source: &[u8], job: &Job) -> String {
    let content = xxhash_rust::xxh3::xxh3_128(source);
    let what = format!(
        "{content:032x}\0{:?}\0{:?}\0{}",
        job.plan,
        job.format,
        env!("CARGO_PKG_VERSION")
    );
    format!(
        "{:032x}.{}",
        xxhash_rust::xxh3::xxh3_128(what.as_bytes()),
        job.format.extension()
    )
}

/// The processed images among `deps`, by output path.
pub(super) fn asked<'a>(deps: impl IntoIterator<Item = &'a Dep>) -> BTreeSet<String> {
    deps.into_iter()
        .filter_map(|d| match d {
            Dep::Image(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::{Format, Op, Plan};

    #[test]
    fn cache_keys_follow_the_bytes_and_the_operation() {
        let job = |op: Op| Job {
            source: "a.png".into(),
            shown: "static/a.png".into(),
            plan: Plan::new(op, (100, 100)).unwrap(),
            format: Format::Png,
            output: "processed_images/a.png".into(),
        };
        let a = cache_key(b"one", &job(Op::Scale(10, 10)));
        assert_eq!(a, cache_key(b"one", &job(Op::Scale(10, 10))));
        assert_ne!(a, cache_key(b"two", &job(Op::Scale(10, 10))));
        assert_ne!(a, cache_key(b"one", &job(Op::Scale(10, 11))));
        assert!(crate::output::cache::is_entry_name(&a));
    }
}
