//! Integration tests for `folio build`, run against the real binary.
//!
//! One test binary (`cargo test --test integration`) with one module per area; the
//! harness is in `util`, fixture sites in `tests/fixtures/<feature>/`.

mod architecture;
mod authoring;
mod branding;
mod browser;
mod build;
mod cli;
mod commonmark;
mod components;
mod docs;
mod edges;
mod errors;
mod external;
mod fences;
mod fuzz;
mod images;
mod incremental;
mod markdown_cases;
mod markdown_fuzz;
mod math;
mod output_folder;
mod progress;
mod publish;
mod report;
mod safety;
mod sass;
mod scale;
mod search;
mod search_stem;
mod serve;
mod subpath;
mod util;
mod zola;
mod zola_functions;
