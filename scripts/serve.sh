#!/usr/bin/env bash
# Builds folio and serves the Hefei EV report at http://127.0.0.1:1111/ with live
# reload. Extra arguments go to `folio serve` (for example `--port 8080 --open`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
exec target/release/folio serve --root . "$@"
