//! The bare Markdown floor for `bench/build_bench.py`: every `.md` file under a folder
//! read and turned into HTML by pulldown-cmark alone, on all cores (rayon), with no
//! front matter handling, templates, highlighting or output. A full build of the same
//! files cannot be faster than this; the benchmark reports folio's time as a multiple
//! of it.
//!
//!     cargo run --release --example markdown_floor -- CONTENT_DIR

use rayon::prelude::*;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: markdown_floor CONTENT_DIR");
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    let bytes: usize = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let mut html = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&text, options),
            );
            html.len()
        })
        .sum();
    println!("{} files, {bytes} bytes of HTML", files.len());
}
