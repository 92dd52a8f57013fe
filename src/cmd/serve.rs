//! `folio serve` (being written).

use anyhow::Result;

use crate::cli::ServeArgs;

pub fn run(_args: &ServeArgs) -> Result<()> {
    anyhow::bail!("`folio serve` is being written")
}
