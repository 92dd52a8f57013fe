#!/usr/bin/env bash
# folio's own build cost: a clean `cargo build --locked` of this checkout into an empty
# temporary target folder (removed afterwards), timed by /usr/bin/time. Prints wall
# seconds, CPU seconds (user + sys), the number of crates cargo compiled, the number of
# crates in folio's normal dependency tree, and the binary's size.
#
# Usage: bench/own_build.sh [CARGO BUILD ARGS...]
#   bench/own_build.sh                         # the release build, default features
#   bench/own_build.sh --no-default-features   # without `check --external` (ureq, rustls)
#   bench/own_build.sh --profile dist          # the profile of the published binaries
# KEEP=DIR keeps the target folder at DIR (to run or compare the binary afterwards).
# Wall time depends on what else the machine runs; CPU time much less so.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
feature_args=()
prev=
for arg in "$@"; do
  case "$prev" in --profile) profile="$arg" ;; --features | -F) feature_args+=(--features "$arg") ;; esac
  case "$arg" in
    --profile=*) profile="${arg#--profile=}" ;;
    --no-default-features | --all-features) feature_args+=("$arg") ;;
    --features=*) feature_args+=("$arg") ;;
  esac
  prev="$arg"
done
build_args=(--locked "$@")
[[ " $* " == *" --profile"* ]] || build_args=(--release "${build_args[@]}")

if [[ -n "${KEEP:-}" ]]; then
  target="$KEEP"
  rm -rf "$target"
else
  target="$(mktemp -d /tmp/folio-own-build.XXXXXX)"
fi
log="$(mktemp /tmp/folio-own-build-log.XXXXXX)"
trap 'rm -f "$log"; [[ -n "${KEEP:-}" ]] || rm -rf "$target"' EXIT

# Sources downloaded beforehand, so only compiling is timed.
cargo fetch --locked -q
if ! /usr/bin/time -f '%e %U %S' -o "$log.time" \
  env CARGO_TARGET_DIR="$target" CARGO_TERM_COLOR=never cargo build "${build_args[@]}" 2>"$log"; then
  tail -20 "$log" >&2
  exit 1
fi
read -r wall user sys <"$log.time"
rm -f "$log.time"
compiled=$(grep -c '^ *Compiling ' "$log" || true)
# Distinct packages, folio included; `(*)` marks a repeat of a package already listed.
tree=$(cargo tree --locked -e normal --prefix none "${feature_args[@]}" | sed 's/ (\*)$//' | sort -u | wc -l)
bin="$target/$profile/folio"
[[ -f "$bin" ]] || bin="$bin.exe"
bytes=$(wc -c <"$bin")

echo "cargo build ${build_args[*]} ($(rustc --version | cut -d' ' -f2), $(nproc) cores)"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "wall: %.0f s   CPU: %.0f s (user %.0f + sys %.0f)\n", w, u + s, u, s }'
echo "crates compiled: $compiled   in folio's dependency tree (cargo tree -e normal): $tree"
awk -v b="$bytes" 'BEGIN { printf "binary: %d bytes (%.1f MB)\n", b, b / 1e6 }'
