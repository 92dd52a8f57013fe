#!/usr/bin/env bash
# Runs every test of folio on a fresh Debian machine of this kind: installs what the
# browser tests need (Debian's chromium, playwright-core; never a downloaded browser),
# then the unit, integration and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
cargo test --locked --all-targets
