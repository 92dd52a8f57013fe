//! `folio watch` (being written).

use anyhow::Result;

use crate::cli::WatchArgs;

pub fn run(_args: &WatchArgs) -> Result<()> {
    anyhow::bail!("`folio watch` is being written")
}
