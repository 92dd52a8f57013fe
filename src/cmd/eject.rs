//! `folio eject` (being written).

use anyhow::Result;

use crate::cli::EjectArgs;

pub fn run(_args: &EjectArgs) -> Result<()> {
    anyhow::bail!("`folio eject` is being written")
}
