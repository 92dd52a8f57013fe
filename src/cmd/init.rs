//! `folio init` (being written).

use anyhow::Result;

use crate::cli::InitArgs;

pub fn run(_args: &InitArgs) -> Result<()> {
    anyhow::bail!("`folio init` is being written")
}
