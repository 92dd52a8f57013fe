//! Image processing for Zola's `resize_image` and `get_image_metadata`: the
//! operations (`scale`, `fit_width`, `fit_height`, `fit`, `fill`), the output formats,
//! the geometry each operation gives, and the name of each processed file.
//!
//! It takes values and returns values: `process.rs` decodes, resizes and encodes bytes
//! it is handed. Finding and reading the source files is `render::data`'s job, the
//! template functions are in `render::images`, running the jobs after rendering is
//! `site::images`'s and the cache folder is `output::cache`'s.

pub mod process;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

pub use process::{Info, process, read_info, svg_size};

/// The output folder's subfolder of processed images, as in Zola.
pub const DIR: &str = "processed_images";

/// No side of a processed image may be longer than this many pixels: a typo such as
/// `width=100000` is an error rather than gigabytes of memory.
pub const MAX_SIDE: u32 = 16_384;

/// Nor may it have more pixels than this (256 MB as 8-bit RGBA).
pub const MAX_PIXELS: u64 = 64 << 20;

/// A resize operation with its dimensions, as `resize_image` takes it.
///
/// The variants are in Zola's order and hashed as Zola hashes them, so that output
/// names match Zola's (see `output_name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Exactly `width` × `height`, whatever the aspect ratio.
    Scale(u32, u32),
    /// `width` wide, as tall as the aspect ratio says.
    FitWidth(u32),
    /// `height` tall, as wide as the aspect ratio says.
    FitHeight(u32),
    /// Shrunk (never enlarged) to fit within `width` × `height`, keeping the ratio.
    Fit(u32, u32),
    /// Exactly `width` × `height`: the centre of the image with that aspect ratio.
    Fill(u32, u32),
}

impl Op {
    /// The operation named `op` with the dimensions it needs (Zola's names; `fill` is
    /// Zola's default). A dimension an operation uses must be at least 1.
    pub fn parse(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Op, String> {
        let need = |name: &str, v: Option<u32>| -> Result<u32, String> {
            match v {
                None => Err(format!("op=\"{op}\" needs a `{name}` argument")),
                Some(0) => Err(format!("`{name}` must be at least 1 for op=\"{op}\"")),
                Some(v) if v > MAX_SIDE => Err(format!(
                    "`{name}` is {v}: folio makes images of at most {MAX_SIDE} pixels a side"
                )),
                Some(v) => Ok(v),
            }
        };
        Ok(match op {
            "scale" => Op::Scale(need("width", width)?, need("height", height)?),
            "fit_width" => Op::FitWidth(need("width", width)?),
            "fit_height" => Op::FitHeight(need("height", height)?),
            "fit" => Op::Fit(need("width", width)?, need("height", height)?),
            "fill" => Op::Fill(need("width", width)?, need("height", height)?),
            other => {
                return Err(format!(
                    "unknown op `{other}`; use one of scale, fit_width, fit_height, fit, fill"
                ));
            }
        })
    }
}

/// Zola's default JPEG quality.
pub const DEFAULT_JPEG_QUALITY: u8 = 75;

/// The encoding of a processed image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg {
        quality: u8,
    },
    Png,
    /// Always written lossless (the `image` crate has no lossy WebP encoder); the
    /// quality asked for still names the file, as in Zola.
    WebP {
        quality: Option<u8>,
    },
}

impl Format {
    /// The format `name` asks for (`auto` picks JPEG for a lossy source and PNG for a
    /// lossless one, as in Zola), with its quality checked.
    pub fn parse(name: &str, source_lossy: bool, quality: Option<u8>) -> Result<Format, String> {
        let name = match (name, source_lossy) {
            ("auto", true) => "jpg",
            ("auto", false) => "png",
            (other, _) => other,
        };
        match name {
            "jpg" | "jpeg" => match quality.unwrap_or(DEFAULT_JPEG_QUALITY) {
                q @ 1..=100 => Ok(Format::Jpeg { quality: q }),
                q => Err(format!(
                    "JPEG quality must be between 1 and 100 (inclusive); {q} is not"
                )),
            },
            "png" => Ok(Format::Png),
            "webp" => match quality {
                Some(q) if q > 100 => Err(format!(
                    "WebP quality must be between 0 and 100 (inclusive); {q} is not"
                )),
                q => Ok(Format::WebP { quality: q }),
            },
            "avif" => Err(
                "format \"avif\" is not supported by folio; use \"webp\", \"jpg\" or \"png\""
                    .into(),
            ),
            other => Err(format!(
                "unknown format `{other}`; use one of auto, jpg, png, webp"
            )),
        }
    }

    /// The file extension of the output.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg { .. } => "jpg",
            Format::Png => "png",
            Format::WebP { .. } => "webp",
        }
    }

    /// Feeds the format to `hasher` as Zola does: extension, quality (-1 when none)
    /// and AVIF speed (-1 for every format folio writes).
    fn hash_as_zola(self, hasher: &mut impl Hasher) {
        let quality: i16 = match self {
            Format::Jpeg { quality } => quality.into(),
            Format::WebP { quality: Some(q) } => q.into(),
            Format::Png | Format::WebP { quality: None } => -1,
        };
        hasher.write(self.extension().as_bytes());
        hasher.write_i16(quality);
        hasher.write_i16(-1);
    }
}

/// What to do to a source's pixels (after EXIF orientation): crop, then resize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Plan {
    /// x, y, width, height.
    pub crop: Option<(u32, u32, u32, u32)>,
    /// width, height.
    pub resize: Option<(u32, u32)>,
}

impl Plan {
    /// The plan for `op` on an image of `size` (width, height, after orientation),
    /// with Zola's geometry. Computed sides are at least one pixel; an output larger
    /// than `MAX_SIDE` or `MAX_PIXELS` is an error.
    pub fn new(op: Op, size: (u32, u32)) -> Result<Plan, String> {
        let (w0, h0) = (u64::from(size.0.max(1)), u64::from(size.1.max(1)));
        let to32 = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        let side = |v: u64| to32(v.max(1));
        let fit_width = |w: u32| (w, side(h0 * u64::from(w) / w0));
        let fit_height = |h: u32| (side(w0 * u64::from(h) / h0), h);
        let plan = match op {
            Op::Scale(w, h) => Plan::resize((w, h)),
            Op::FitWidth(w) => Plan::resize(fit_width(w)),
            Op::FitHeight(h) => Plan::resize(fit_height(h)),
            Op::Fit(w, h) => {
                if w0 <= u64::from(w) && h0 <= u64::from(h) {
                    Plan::default()
                } else if w0 * u64::from(h) > h0 * u64::from(w) {
                    Plan::resize(fit_width(w))
                } else {
                    Plan::resize(fit_height(h))
                }
            }
            Op::Fill(w, h) => {
                // Zola's rule: when the two scale factors are within 0.1, the ratios
                // are close enough to scale without cropping.
                let factor_w = w0 as f32 / w as f32;
                let factor_h = h0 as f32 / h as f32;
                if (factor_w - factor_h).abs() <= 0.1 {
                    Plan::resize((w, h))
                } else {
                    // Crop the centre with the target's ratio, then resize it (fewer
                    // pixels to resample than resizing first).
                    let (cw, ch) = if factor_w < factor_h {
                        (w0, ((factor_w * h as f32).round() as u64).clamp(1, h0))
                    } else {
                        (((factor_h * w as f32).round() as u64).clamp(1, w0), h0)
                    };
                    Plan {
                        crop: Some((to32((w0 - cw) / 2), to32((h0 - ch) / 2), side(cw), side(ch))),
                        resize: Some((w, h)),
                    }
                }
            }
        };
        let (w, h) = plan.size(size);
        if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(format!(
                "the result would be {w}×{h} pixels: folio makes images of at most {MAX_SIDE} pixels a side and {} megapixels",
                MAX_PIXELS >> 20
            ));
        }
        Ok(plan)
    }

    fn resize(size: (u32, u32)) -> Plan {
        Plan {
            crop: None,
            resize: Some(size),
        }
    }

    /// The size of the result for a source of `size`.
    pub fn size(&self, size: (u32, u32)) -> (u32, u32) {
        self.resize
            .or(self.crop.map(|(_, _, w, h)| (w, h)))
            .unwrap_or(size)
    }
}

/// One image to make after rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The source file (where it really is).
    pub source: PathBuf,
    /// The source as the site names it (`static/a.jpg`), for messages.
    pub shown: String,
    pub plan: Plan,
    pub format: Format,
    /// The output path: `processed_images/<stem>.<hash>.<ext>`.
    pub output: String,
}

/// The file name Zola gives a processed image: the source's file stem, a hash of the
/// source path as the template named it (`unified`: `@/` made `content/`, a leading `/`
/// removed), the operation and the format, and the format's extension. Zola hashes
/// with the standard library's `DefaultHasher`; so does this, so that names match
/// Zola's (a test pins them to Zola's own expected names).
pub fn output_name(stem: &str, unified: &str, op: Op, format: Format) -> String {
    let mut hasher = DefaultHasher::new();
    hasher.write(unified.as_bytes());
    op.hash(&mut hasher);
    format.hash_as_zola(&mut hasher);
    format!("{stem}.{:016x}.{}", hasher.finish(), format.extension())
}

/// The path as Zola unifies it before searching and hashing: `@/x` is `content/x`,
/// and a leading `/` is dropped.
pub fn unified_path(path: &str) -> String {
    match path.strip_prefix("@/") {
        Some(rest) => format!("content/{rest}"),
        None => path.trim_start_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Zola's `can_resize_image` test (components/templates/src/global_fns/images.rs)
    // expects these names for a 40×40 fill of a JPEG: same hash, same URL.
    #[test]
    fn names_match_zolas() {
        let jpg = Format::parse("auto", true, None).unwrap();
        let fill = Op::parse("fill", Some(40), Some(40)).unwrap();
        let name = |path: &str, stem: &str| output_name(stem, &unified_path(path), fill, jpg);
        assert_eq!(
            name("static/gutenberg.jpg", "gutenberg"),
            "gutenberg.e99218b5a3185c99.jpg"
        );
        assert_eq!(
            name("content/gutenberg.jpg", "gutenberg"),
            "gutenberg.155d032b1aae0133.jpg"
        );
        assert_eq!(
            name("/content/gutenberg.jpg", "gutenberg"),
            "gutenberg.155d032b1aae0133.jpg"
        );
        assert_eq!(
            name("@/gutenberg.jpg", "gutenberg"),
            "gutenberg.155d032b1aae0133.jpg"
        );
        assert_eq!(
            name("gallery/asset.jpg", "asset"),
            "asset.160461e0d0be19e6.jpg"
        );
        assert_eq!(
            name("in-theme.jpg", "in-theme"),
            "in-theme.d8f4f6eef30de1b2.jpg"
        );
    }

    fn size(op: &str, w: Option<u32>, h: Option<u32>, src: (u32, u32)) -> (u32, u32) {
        Plan::new(Op::parse(op, w, h).unwrap(), src)
            .unwrap()
            .size(src)
    }

    // Zola's "Resize operations" examples on its 300×380 image, and its fill crop.
    #[test]
    fn geometry_follows_zola() {
        let src = (300, 380);
        assert_eq!(size("scale", Some(150), Some(150), src), (150, 150));
        assert_eq!(size("fit_width", Some(100), None, src), (100, 126));
        assert_eq!(size("fit_height", None, Some(150), src), (118, 150));
        assert_eq!(size("fit", Some(5000), Some(5000), src), (300, 380));
        assert_eq!(size("fit", Some(150), Some(150), src), (118, 150));
        assert_eq!(size("fill", Some(150), Some(150), src), (150, 150));
        let fill = Plan::new(Op::Fill(150, 150), src).unwrap();
        assert_eq!(fill.crop, Some((0, 40, 300, 300)));
        // Ratios within 0.1 of each other scale without a crop.
        assert_eq!(Plan::new(Op::Fill(100, 126), src).unwrap().crop, None);
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        assert!(
            Op::parse("fill", Some(0), Some(10))
                .unwrap_err()
                .contains("at least 1")
        );
        assert!(
            Op::parse("fill", Some(10), None)
                .unwrap_err()
                .contains("`height`")
        );
        assert!(
            Op::parse("fit_width", None, None)
                .unwrap_err()
                .contains("`width`")
        );
        assert!(
            Op::parse("stretch", Some(1), Some(1))
                .unwrap_err()
                .contains("unknown op")
        );
        assert!(Op::parse("scale", Some(u32::MAX), Some(1)).is_err());
        // Within each side's limit, but too many pixels.
        let e = Plan::new(Op::Scale(16_000, 16_000), (10, 10)).unwrap_err();
        assert!(e.contains("megapixels"), "{e}");
        // A fit_width of a very wide image gives a height of at least 1.
        assert_eq!(size("fit_width", Some(10), None, (10_000, 1)), (10, 1));
        assert_eq!(size("fill", Some(16_384), Some(1), (1, 1)), (16_384, 1));
        // A huge fit_height of a thin image is refused rather than allocated.
        assert!(Plan::new(Op::FitHeight(16_000), (16_000, 1)).is_err());
        assert!(Format::parse("jpg", true, Some(0)).is_err());
        assert!(Format::parse("webp", true, Some(101)).is_err());
        assert!(
            Format::parse("avif", true, None)
                .unwrap_err()
                .contains("avif")
        );
        assert_eq!(Format::parse("auto", false, None), Ok(Format::Png));
        assert_eq!(
            Format::parse("jpeg", false, Some(90)),
            Ok(Format::Jpeg { quality: 90 })
        );
    }
}
