//! Temporary runner (to be deleted).
#[path = "../integration/authoring.rs"]
mod authoring;
#[path = "../integration/util.rs"]
#[allow(dead_code)]
mod util;
