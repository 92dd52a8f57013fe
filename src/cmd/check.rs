//! `folio check` (being written).

use anyhow::Result;

use crate::cli::CheckArgs;

pub fn run(_args: &CheckArgs) -> Result<()> {
    anyhow::bail!("`folio check` is being written")
}
