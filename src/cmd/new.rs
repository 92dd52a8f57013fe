//! `folio new` (being written).

use anyhow::Result;

use crate::cli::NewArgs;

pub fn run(_args: &NewArgs) -> Result<()> {
    anyhow::bail!("`folio new` is being written")
}
