//! Reading image headers and making processed images, on bytes and readers handed in
//! (the callers open the files): the size and format from the header, EXIF orientation,
//! crop and Lanczos resize, then JPEG, PNG or (lossless) WebP encoding.
//!
//! Bad input is an error, never a panic: the decoders' default memory limits apply, and
//! `Plan` has already bounded the output's size.

use std::io::{BufRead, Cursor, Seek};

use anyhow::{Context, Result};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use super::{Format, Plan};

/// What a source's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// Width and height as shown, after the EXIF orientation (a portrait photo stored
    /// sideways is taller than wide), as in Zola.
    pub size: (u32, u32),
    pub format: ImageFormat,
}

impl Info {
    /// Whether the source's format is lossy, which makes `format="auto"` JPEG (Zola
    /// counts every format it does not know as lossless as lossy, WebP included).
    pub fn is_lossy(&self) -> bool {
        use ImageFormat::*;
        !matches!(
            self.format,
            Png | Pnm | Tiff | Tga | Bmp | Ico | Hdr | Farbfeld
        )
    }

    /// The format's name and MIME type, as `get_image_metadata` gives them.
    pub fn names(&self) -> (&'static str, &'static str) {
        let ext = self.format.extensions_str().first().copied().unwrap_or("");
        (ext, self.format.to_mime_type())
    }
}

/// Reads the size, orientation and format of the image `reader` holds (the format is
/// guessed from its bytes, so a PNG named `.jpg` is read as a PNG). Only the header is
/// decoded.
pub fn read_info<R: BufRead + Seek>(reader: R) -> Result<Info> {
    let reader = ImageReader::new(reader)
        .with_guessed_format()
        .context("cannot read the file")?;
    let format = reader
        .format()
        .context("not an image folio can read (JPEG, PNG or WebP)")?;
    let mut decoder = reader.into_decoder()?;
    let (w, h) = decoder.dimensions();
    let size = if turns(decoder.orientation().unwrap_or(Orientation::NoTransforms)) {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Info { size, format })
}

/// Whether `o` swaps width and height.
fn turns(o: Orientation) -> bool {
    use Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// Makes the processed image: decodes `bytes`, applies the EXIF orientation and `plan`,
/// and encodes as `format`, keeping the source's ICC colour profile where the encoder
/// takes one. EXIF and other metadata are dropped, as in Zola.
pub fn process(bytes: &[u8], plan: &Plan, format: Format) -> Result<Vec<u8>> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    if let Some((x, y, w, h)) = plan.crop {
        img = img.crop_imm(x, y, w, h);
    }
    if let Some((w, h)) = plan.resize {
        img = img.resize_exact(w, h, FilterType::Lanczos3);
    }
    let mut out = Vec::new();
    let with_icc = |encoder: &mut dyn ImageEncoder| {
        if let Some(icc) = &icc {
            // An encoder without colour profiles writes the pixels as they are.
            encoder.set_icc_profile(icc.clone()).ok();
        }
    };
    match format {
        Format::Jpeg { quality } => {
            // JPEG has no alpha and 8 bits a channel.
            let img = if img.color().has_color() {
                DynamicImage::ImageRgb8(img.to_rgb8())
            } else {
                DynamicImage::ImageLuma8(img.to_luma8())
            };
            let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
            with_icc(&mut encoder);
            img.write_with_encoder(encoder)?;
        }
        Format::Png => {
            let mut encoder = PngEncoder::new(&mut out);
            with_icc(&mut encoder);
            img.write_with_encoder(encoder)?;
        }
        Format::WebP { .. } => {
            // WebP takes 8 bits a channel.
            let img = match (img.color().has_alpha(), img.color().has_color()) {
                (true, _) => DynamicImage::ImageRgba8(img.to_rgba8()),
                (false, true) => DynamicImage::ImageRgb8(img.to_rgb8()),
                (false, false) => DynamicImage::ImageLuma8(img.to_luma8()),
            };
            let mut encoder = WebPEncoder::new_lossless(&mut out);
            with_icc(&mut encoder);
            img.write_with_encoder(encoder)?;
        }
    }
    Ok(out)
}

/// The size of an SVG image, from the `width` and `height` of its `<svg>` element, else
/// from its `viewBox` (Zola's rule), rounded down to whole pixels.
pub fn svg_size(text: &str) -> Result<(u32, u32), String> {
    let start = text.find("<svg").ok_or("no <svg> element")?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').ok_or("the <svg> element is not closed")?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        while let Some(i) = rest.find(name) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + name.len()..].trim_start();
            rest = &rest[i + name.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote != '"' && quote != '\'' {
                return None;
            }
            return value[1..].split(quote).next();
        }
        None
    };
    // A length in pixels (`120`, `120px`, `120.5`); percentages and other units do not
    // give a size.
    let px = |v: &str| -> Option<u32> {
        let v = v.trim();
        let v = v.strip_suffix("px").unwrap_or(v);
        let n: f64 = v.parse().ok()?;
        (n.is_finite() && n >= 0.0).then(|| n.min(f64::from(u32::MAX)) as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Ok((w, h));
    }
    let view_box: Vec<f64> = attr("viewBox")
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0 => Ok((
            w.min(f64::from(u32::MAX)) as u32,
            h.min(f64::from(u32::MAX)) as u32,
        )),
        _ => Err("the SVG has neither a width and height nor a viewBox".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn decoded(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).unwrap()
    }

    /// A 300×380 image (the size of Zola's example) with 20 red rows at the top.
    fn sample() -> DynamicImage {
        let mut img = RgbImage::from_pixel(300, 380, Rgb([0, 0, 255]));
        for x in 0..300 {
            for y in 0..20 {
                img.put_pixel(x, y, Rgb([255, 0, 0]));
            }
        }
        DynamicImage::ImageRgb8(img)
    }

    // Zola's resize ops produce files of the sizes its docs give for its 300×380 image.
    #[test]
    fn each_op_makes_an_image_of_its_size() {
        let png = encode(&sample(), ImageFormat::Png);
        let info = read_info(Cursor::new(&png)).unwrap();
        assert_eq!(info.size, (300, 380));
        assert!(!info.is_lossy());
        for (op, want) in [
            (super::super::Op::Scale(150, 150), (150, 150)),
            (super::super::Op::FitWidth(100), (100, 126)),
            (super::super::Op::FitHeight(150), (118, 150)),
            (super::super::Op::Fit(150, 150), (118, 150)),
            (super::super::Op::Fit(5000, 5000), (300, 380)),
            (super::super::Op::Fill(150, 150), (150, 150)),
        ] {
            let plan = Plan::new(op, info.size).unwrap();
            for format in [
                Format::Png,
                Format::Jpeg { quality: 75 },
                Format::WebP { quality: None },
            ] {
                let out = process(&png, &plan, format).unwrap();
                let img = decoded(&out);
                assert_eq!((img.width(), img.height()), want, "{op:?} {format:?}");
                let guessed = image::guess_format(&out).unwrap();
                assert_eq!(guessed.extensions_str()[0], format.extension());
            }
        }
    }

    // Zola's fill takes the centre: the red top row is cropped away.
    #[test]
    fn fill_crops_the_centre() {
        let png = encode(&sample(), ImageFormat::Png);
        let plan = Plan::new(super::super::Op::Fill(150, 150), (300, 380)).unwrap();
        let img = decoded(&process(&png, &plan, Format::Png).unwrap()).to_rgb8();
        assert_eq!(img.get_pixel(75, 0), &Rgb([0, 0, 255]));
        let scale = Plan::new(super::super::Op::Scale(150, 150), (300, 380)).unwrap();
        let img = decoded(&process(&png, &scale, Format::Png).unwrap()).to_rgb8();
        assert!(img.get_pixel(75, 0)[0] > 100, "scale keeps the top rows");
    }

    /// A JPEG of `w`×`h` pixels with an EXIF orientation tag of `orientation`.
    fn jpeg_with_orientation(w: u32, h: u32, orientation: u8) -> Vec<u8> {
        let jpeg = encode(
            &DynamicImage::ImageRgb8(RgbImage::new(w, h)),
            ImageFormat::Jpeg,
        );
        // An APP1 Exif segment with one IFD entry: Orientation (0x0112), SHORT, 1.
        let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
        tiff.extend_from_slice(&[orientation, 0, 0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let len = (app1.len() + 2) as u16;
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    // Zola turns images by their EXIF orientation: sizes are the turned ones.
    #[test]
    fn exif_orientation_turns_the_image() {
        let jpeg = jpeg_with_orientation(40, 20, 6);
        let info = read_info(Cursor::new(&jpeg)).unwrap();
        assert_eq!(info.size, (20, 40));
        assert_eq!(info.names(), ("jpg", "image/jpeg"));
        let plan = Plan::new(super::super::Op::FitWidth(10), info.size).unwrap();
        let img = decoded(&process(&jpeg, &plan, Format::Png).unwrap());
        assert_eq!((img.width(), img.height()), (10, 20));
        let plain = jpeg_with_orientation(40, 20, 1);
        assert_eq!(read_info(Cursor::new(&plain)).unwrap().size, (40, 20));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let jpeg = encode(&sample(), ImageFormat::Jpeg);
        let plan = Plan::new(super::super::Op::Fill(10, 10), (300, 380)).unwrap();
        // A truncated JPEG: the header reads, and the decoder fills in what is missing.
        let cut = &jpeg[..jpeg.len() / 3];
        assert!(read_info(Cursor::new(cut)).is_ok());
        let _ = process(cut, &plan, Format::Png);
        // A truncated PNG: the header reads, the pixels do not.
        let png = encode(&sample(), ImageFormat::Png);
        let cut = &png[..png.len() / 2];
        assert!(read_info(Cursor::new(cut)).is_ok());
        assert!(process(cut, &plan, Format::Png).is_err());
        assert!(read_info(Cursor::new(&jpeg[..10])).is_err());
        assert!(read_info(Cursor::new(b"not an image at all")).is_err());
        assert!(read_info(Cursor::new(b"")).is_err());
        assert!(process(b"GIF89a", &plan, Format::Png).is_err());
        // A PNG named .jpg is read by its bytes.
        assert_eq!(
            read_info(Cursor::new(&png)).unwrap().format,
            ImageFormat::Png
        );
    }

    // Zola's get_image_metadata reads SVG sizes from width/height, else the viewBox.
    #[test]
    fn svg_sizes() {
        assert_eq!(
            svg_size(r#"<svg width="120" height="80px">"#),
            Ok((120, 80))
        );
        assert_eq!(
            svg_size(r#"<?xml?><svg xmlns="x" viewBox="0 0 300.5 200">"#),
            Ok((300, 200))
        );
        assert_eq!(
            svg_size(r#"<svg stroke-width="3" width="10" height='20'>"#),
            Ok((10, 20))
        );
        assert!(svg_size("<svg>").is_err());
        assert!(svg_size("<html>").is_err());
        assert!(svg_size(r#"<svg width="-1" height="nan">"#).is_err());
    }
}
