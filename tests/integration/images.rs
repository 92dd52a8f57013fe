//! Zola's image processing: `resize_image` and `get_image_metadata` in templates and in
//! components called from Markdown, the processed files under `processed_images/`, the
//! cache between builds, errors, and incremental rebuilds. Each test names the Zola
//! behaviour it copies. Images are made by the tests themselves.

use std::io::Cursor;
use std::path::Path;

use folio::config::Config;
use folio::markdown::Highlighter;
use folio::site::{BuildOptions, Site as Built};
use folio::watch::Rebuilder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::util::{Site, assert_contains, snapshot};

/// An image of `w`×`h` pixels, encoded as `format`.
fn image_bytes(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .expect("encode a test image");
    out.into_inner()
}

/// The pixel size of an image file.
fn pixels(path: &Path) -> (u32, u32) {
    let img = image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (img.width(), img.height())
}

/// A site whose home page renders `template`, with Zola's 300×380 example image as
/// `static/zola.png` and a JPEG in a page bundle.
fn site(template: &str) -> Site {
    let site = Site::empty();
    site.file(
        "config.toml",
        "title = \"Z\"\nbase_url = \"https://example.com/\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.bytes("static/zola.png", &image_bytes(300, 380, ImageFormat::Png));
    site.bytes(
        "content/blog/post/photo.jpg",
        &image_bytes(400, 200, ImageFormat::Jpeg),
    );
    site.file(
        "content/blog/post/index.md",
        "+++\ntitle = \"Post\"\n+++\nText.\n",
    );
    site.file("templates/index.html", template);
    site
}

/// The `(url, width, height)` lines the home page printed, one per call.
fn calls(site: &Site) -> Vec<(String, u32, u32)> {
    site.read("public/index.html")
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let url = parts
                .next()?
                .strip_prefix("https://example.com/")?
                .to_string();
            let w = parts.next()?.parse().ok()?;
            let h = parts.next()?.parse().ok()?;
            Some((url, w, h))
        })
        .collect()
}

const LINE: &str = "{{ im.url }} {{ im.width }} {{ im.height }}\n";

fn call(args: &str) -> String {
    format!("{{% set im = resize_image({args}) %}}{LINE}")
}

#[test]
fn each_op_makes_a_file_of_the_size_zolas_docs_give() {
    // Zola's docs, "Resize operations", on its 300×380 image: scale 150×150, fit_width
    // 100, fit_height 150, fit 5000×5000 (unchanged) and 150×150, fill 150×150.
    let ops = [
        ("width=150, height=150, op=\"scale\"", (150, 150)),
        ("width=100, op=\"fit_width\"", (100, 126)),
        ("height=150, op=\"fit_height\"", (118, 150)),
        ("width=5000, height=5000, op=\"fit\"", (300, 380)),
        ("width=150, height=150, op=\"fit\"", (118, 150)),
        ("width=150, height=150, op=\"fill\"", (150, 150)),
        // `fill` is the default op.
        ("width=150, height=150", (150, 150)),
    ];
    let template: String = ops
        .iter()
        .map(|(args, _)| call(&format!("path=\"static/zola.png\", {args}")))
        .collect();
    let site = site(&template);
    site.build(&[]).success();
    let made = calls(&site);
    assert_eq!(made.len(), ops.len());
    for ((url, w, h), (args, want)) in made.iter().zip(ops) {
        assert_eq!((*w, *h), want, "{args}: the size returned");
        assert_eq!(pixels(&site.path(&format!("public/{url}"))), want, "{args}");
        // Zola's name: processed_images/<stem>.<16 hex digits>.<ext>; a PNG stays PNG.
        let name = url.strip_prefix("processed_images/zola.").expect(url);
        assert!(name.len() == 16 + 4 && name.ends_with(".png"), "{url}");
    }
    // The default op is `fill`: the same file as asking for it.
    assert_eq!(made[5].0, made[6].0);
}

#[test]
fn formats_and_paths_resolve_as_in_zola() {
    // Zola's `format`: auto keeps JPEG for JPEG, and jpg/png/webp convert; paths are
    // searched in the site folder, static/ and content/, `@/` is content/, and a
    // leading `/` is dropped. Zola's returned object holds static_path and orig sizes.
    let template = [
        call("path=\"blog/post/photo.jpg\", width=40, height=20, op=\"scale\""),
        call("path=\"@/blog/post/photo.jpg\", width=40, height=20, op=\"scale\""),
        call("path=\"/content/blog/post/photo.jpg\", width=40, height=20, op=\"scale\""),
        call("path=\"zola.png\", width=30, op=\"fit_width\", format=\"jpg\", quality=90"),
        call("path=\"zola.png\", width=30, op=\"fit_width\", format=\"webp\""),
        "{% set im = resize_image(path=\"zola.png\", width=10, height=10) %}[{{ im.static_path }} {{ im.orig_width }}x{{ im.orig_height }}]".into(),
    ]
    .concat();
    let site = site(&template);
    site.build(&[]).success();
    let made = calls(&site);
    assert!(made[0].0.ends_with(".jpg"), "{made:?}");
    assert_eq!(made[1], made[2], "@/ and /content/ name the same file");
    assert_ne!(
        made[0], made[1],
        "as in Zola, the path as written names the file"
    );
    for (i, format) in [
        (0, ImageFormat::Jpeg),
        (3, ImageFormat::Jpeg),
        (4, ImageFormat::WebP),
    ] {
        let file = site.path(&format!("public/{}", made[i].0));
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            format,
            "{}",
            made[i].0
        );
        assert_eq!(pixels(&file), (made[i].1, made[i].2));
    }
    assert_eq!((made[3].1, made[3].2), (30, 38));
    assert_contains(
        &site.read("public/index.html"),
        "[static/processed_images/zola.",
    );
    assert_contains(&site.read("public/index.html"), " 300x380]");
}

#[test]
fn a_component_in_markdown_resizes_an_image_of_its_page_bundle() {
    // Zola's "Using resize_image in markdown via shortcodes", with the docs' shortcode.
    let site = site("home");
    site.file(
        "templates/shortcodes/resize_image.html",
        "{% set image = resize_image(path=path, width=width, height=height, op=op) %}<img src=\"{{ image.url }}\" />",
    );
    site.file(
        "content/blog/post/index.md",
        "+++\ntitle = \"Post\"\n+++\nText.\n\n{{ resize_image(path=\"@/blog/post/photo.jpg\", width=100, height=100, op=\"fill\") }}\n",
    );
    site.build(&[]).success();
    let html = site.read("public/blog/post/index.html");
    let src = html
        .split("<img src=\"https://example.com/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the component's image");
    assert!(src.starts_with("processed_images/photo."), "{src}");
    assert_eq!(pixels(&site.path(&format!("public/{src}"))), (100, 100));
}

#[test]
fn get_image_metadata_gives_size_format_and_mime() {
    // Zola's get_image_metadata: width, height, format and mime, SVG sizes from its
    // attributes, and nothing for a missing file with allow_missing=true.
    let template = "{% set m = get_image_metadata(path=\"zola.png\") %}{{ m.width }}x{{ m.height }} {{ m.format }} {{ m.mime }}\n\
        {% set j = get_image_metadata(path=\"@/blog/post/photo.jpg\") %}{{ j.width }}x{{ j.height }} {{ j.format }} {{ j.mime }}\n\
        {% set s = get_image_metadata(path=\"static/logo.svg\") %}{{ s.width }}x{{ s.height }} {{ s.format }}\n\
        {% set gone = get_image_metadata(path=\"nope.png\", allow_missing=true) %}[{{ gone }}]";
    let site = site(template);
    site.file(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 32\"></svg>",
    );
    site.build(&[]).success();
    let html = site.read("public/index.html");
    assert_contains(&html, "300x380 png image/png");
    assert_contains(&html, "400x200 jpg image/jpeg");
    assert_contains(&html, "64x32 svg");
    assert_contains(&html, "[]");
    site.file(
        "templates/index.html",
        "{% set gone = get_image_metadata(path=\"nope.png\") %}",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["get_image_metadata: cannot find `nope.png`", "index.html:1"]);
}

#[test]
fn problems_name_the_template_or_markdown_line_and_leave_the_output_alone() {
    // Zola fails the build on a missing image or bad arguments; folio names the line.
    let site = site(&call("path=\"zola.png\", width=10, height=10"));
    site.build(&[]).success();
    let before = snapshot(&site.path("public"));
    site.bytes("static/text.jpg", b"just some text, not an image");
    site.bytes("static/empty.png", b"");
    let jpeg = image_bytes(64, 48, ImageFormat::Jpeg);
    site.bytes("static/short.jpg", &jpeg[..jpeg.len() / 2]);
    let bad = [
        (
            "path=\"missing.png\", width=10, height=10",
            "cannot find `missing.png`",
        ),
        (
            "path=\"zola.png\", width=0, height=10",
            "`width` must be at least 1",
        ),
        (
            "path=\"zola.png\", width=-3, height=10",
            "`width` must be a whole number",
        ),
        (
            "path=\"zola.png\", width=99999999, op=\"fit_width\"",
            "at most 16384",
        ),
        (
            "path=\"zola.png\", width=16000, height=16000, op=\"scale\"",
            "megapixels",
        ),
        (
            "path=\"zola.png\", height=10, op=\"fit_width\"",
            "needs a `width`",
        ),
        (
            "path=\"zola.png\", width=10, height=10, op=\"zoom\"",
            "unknown op `zoom`",
        ),
        (
            "path=\"zola.png\", width=10, height=10, format=\"gif\"",
            "unknown format",
        ),
        (
            "path=\"zola.png\", width=10, height=10, format=\"jpg\", quality=0",
            "quality",
        ),
        (
            "path=\"text.jpg\", width=10, height=10",
            "cannot read the image `static/text.jpg`",
        ),
        (
            "path=\"empty.png\", width=10, height=10",
            "cannot read the image `static/empty.png`",
        ),
        (
            "path=\"short.jpg\", width=10, height=10",
            "cannot read the image `static/short.jpg`",
        ),
        (
            "path=\"../outside.png\", width=10, height=10",
            "outside the site folder",
        ),
    ];
    std::fs::write(
        site.path("../outside.png"),
        image_bytes(5, 5, ImageFormat::Png),
    )
    .unwrap();
    for (args, message) in bad {
        site.file("templates/index.html", &format!("\n{}", call(args)));
        site.build(&[])
            .failure()
            .stderr_has(&[message, "index.html:2"]);
        assert!(
            snapshot(&site.path("public")) == before,
            "{args}: output changed"
        );
    }
    // In Markdown: the error names the page's file and line.
    site.file("templates/index.html", "home");
    site.file(
        "templates/shortcodes/thumb.html",
        "{% set im = resize_image(path=path, width=10, height=10) %}{{ im.url }}",
    );
    site.file(
        "content/blog/post/index.md",
        "+++\ntitle = \"Post\"\n+++\nText.\n\n{{ thumb(path=\"blog/post/none.jpg\") }}\n",
    );
    site.build(&[]).failure().stderr_has(&[
        "content/blog/post/index.md:6",
        "cannot find `blog/post/none.jpg`",
    ]);
}

#[test]
fn odd_but_valid_files_resize_without_panics() {
    // Zola reads an image's format from its bytes: a PNG named .jpg is a PNG, and
    // format="auto" keeps it lossless. A truncated JPEG still decodes what it has.
    let jpeg = image_bytes(300, 380, ImageFormat::Jpeg);
    let site = site(
        &[
            call("path=\"renamed.jpg\", width=10, height=10"),
            call("path=\"cut.jpg\", width=16, op=\"fit_width\""),
        ]
        .concat(),
    );
    site.bytes("static/renamed.jpg", &image_bytes(20, 20, ImageFormat::Png));
    site.bytes("static/cut.jpg", &jpeg[..jpeg.len() * 2 / 3]);
    site.build(&[]).success();
    let made = calls(&site);
    assert!(made[0].0.ends_with(".png"), "{made:?}");
    assert_eq!(
        pixels(&site.path(&format!("public/{}", made[0].0))),
        (10, 10)
    );
    assert_eq!(
        pixels(&site.path(&format!("public/{}", made[1].0))),
        (16, 20)
    );
}

#[test]
fn a_second_build_takes_resized_images_from_the_cache() {
    // Zola keeps processed images between builds; folio keeps them in the user's
    // cache folder, by the source's bytes and the operation.
    let site = site(&call("path=\"zola.png\", width=30, height=30"));
    site.build(&[]).success();
    let url = calls(&site)[0].0.clone();
    let cache = site.tmp().join("cache/folio");
    let entries: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "png"))
        .map(|e| e.into_path())
        .collect();
    assert_eq!(entries.len(), 1, "one cached image: {entries:?}");
    // A cache entry is used as it is: a stand-in of another size shows it.
    std::fs::write(&entries[0], image_bytes(7, 7, ImageFormat::Png)).unwrap();
    site.build(&[]).success();
    assert_eq!(pixels(&site.path(&format!("public/{url}"))), (7, 7));
    // Without the cache, it is resized again.
    site.build(&["--no-cache"]).success();
    assert_eq!(pixels(&site.path(&format!("public/{url}"))), (30, 30));
    // A new source image is a new cache entry, under the same name (as in Zola).
    site.bytes("static/zola.png", &image_bytes(60, 90, ImageFormat::Png));
    site.build(&[]).success();
    assert_eq!(calls(&site)[0].0, url);
    assert_eq!(pixels(&site.path(&format!("public/{url}"))), (30, 30));
    let img = image::open(site.path(&format!("public/{url}")))
        .unwrap()
        .to_rgb8();
    assert!(img.get_pixel(0, 0)[1] < 200, "made from the new image");
}

fn clean_build(root: &Path, options: &BuildOptions) -> Built {
    let config = Config::load_file(&root.join("config.toml")).unwrap();
    let highlighter = Highlighter::new(
        &config.markdown.highlight_theme_light,
        &config.markdown.highlight_theme_dark,
    );
    Built::build(root, &config, options, &highlighter, None).unwrap()
}

#[test]
fn replacing_an_image_under_serve_makes_it_again_as_a_clean_build_would() {
    // Zola's serve re-processes a changed image; folio re-renders exactly the outputs
    // that read it (template or Markdown component) and ends equal to a clean build.
    let site = site(&call("path=\"zola.png\", width=30, op=\"fit_width\""));
    site.file(
        "templates/shortcodes/thumb.html",
        "{% set im = resize_image(path=path, width=20, height=10, op=\"scale\") %}<img src=\"{{ im.url }}\">",
    );
    site.file(
        "content/blog/post/index.md",
        "+++\ntitle = \"Post\"\n+++\nText.\n\n{{ thumb(path=\"@/blog/post/photo.jpg\") }}\n",
    );
    let root = site.root().to_path_buf();
    let mut r = Rebuilder::new(
        &root,
        &root.join("config.toml"),
        None,
        BuildOptions::default(),
        false,
    )
    .unwrap();
    let processed = |r: &Rebuilder| -> Vec<String> {
        r.site
            .files
            .keys()
            .filter(|k| k.starts_with("processed_images/"))
            .cloned()
            .collect()
    };
    assert_eq!(processed(&r).len(), 2);
    let size_of = |r: &Rebuilder, stem: &str| {
        let key = processed(r).into_iter().find(|k| k.contains(stem)).unwrap();
        let img = image::load_from_memory(&r.site.files[&key]).unwrap();
        (img.width(), img.height())
    };
    assert_eq!(size_of(&r, "zola."), (30, 38));
    let check_clean = |r: &Rebuilder| {
        let clean = clean_build(&root, &r.options);
        assert_eq!(
            r.site.files.keys().collect::<Vec<_>>(),
            clean.files.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &clean.files {
            assert!(
                r.site.files[path] == *bytes,
                "`{path}` differs from a clean build"
            );
        }
    };
    // A static image read by a template: only the home page renders again.
    std::fs::write(
        root.join("static/zola.png"),
        image_bytes(60, 30, ImageFormat::Png),
    )
    .unwrap();
    let outcome = r.apply(&[root.join("static/zola.png")]).unwrap();
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(size_of(&r, "zola."), (30, 15));
    let changed = outcome.changed.unwrap();
    assert!(changed.iter().any(|p| p == "index.html"), "{changed:?}");
    assert!(
        changed
            .iter()
            .any(|p| p.starts_with("processed_images/zola.")),
        "{changed:?}"
    );
    check_clean(&r);
    // A page-bundle image read by a component in Markdown.
    let photo = root.join("content/blog/post/photo.jpg");
    let before = r
        .site
        .files
        .iter()
        .find(|(k, _)| k.contains("photo."))
        .map(|(_, v)| v.clone());
    std::fs::write(&photo, image_bytes(40, 40, ImageFormat::Jpeg)).unwrap();
    let outcome = r.apply(std::slice::from_ref(&photo)).unwrap();
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    let after = r
        .site
        .files
        .iter()
        .find(|(k, _)| k.contains("photo."))
        .map(|(_, v)| v.clone());
    assert_ne!(before, after, "the component's image is made again");
    check_clean(&r);
    // A template that stops asking for an image: the file goes, as in a clean build.
    std::fs::write(root.join("templates/index.html"), "home").unwrap();
    let outcome = r.apply(&[root.join("templates/index.html")]).unwrap();
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(processed(&r).len(), 1, "{:?}", processed(&r));
    check_clean(&r);
    // A new page rebuilds the site, reusing the post's Markdown: its image stays.
    let new = root.join("content/new.md");
    std::fs::write(&new, "+++\ntitle = \"New\"\n+++\nNew.\n").unwrap();
    let outcome = r.apply(&[new]).unwrap();
    assert!(outcome.error.is_none(), "{:?}", outcome.error);
    assert_eq!(processed(&r).len(), 1, "{:?}", processed(&r));
    check_clean(&r);
}
