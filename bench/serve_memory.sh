#!/usr/bin/env bash
# The memory a long `folio serve` holds: for each binary, serve a copy of SITE_DIR (on
# 127.0.0.1, a free port), save one of its pages SAVES times (default 40), 0.4 s apart,
# then print the resident memory (VmRSS) and its peak (VmHWM) from /proc, and stop it.
# Comparing allocators or commits on the same site shows memory that grows with edits.
#
# Usage: bench/serve_memory.sh SITE_DIR BINARY...
# SITE_DIR: a folio site, say build_bench.py's /dev/shm/bbw/corpus-10000-folio-dt.
# Work files go to ${BENCH_TMP:-/dev/shm}.
set -euo pipefail
site="$1"
shift
saves="${SAVES:-40}"
work="$(mktemp -d "${BENCH_TMP:-/dev/shm}/folio-serve-memory.XXXXXX")"
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
printf '%-50s %12s %12s\n' binary rss_kib peak_kib
for bin in "$@"; do
  bin="$(realpath "$bin")"
  rm -rf "$work/site"
  cp -r "$site" "$work/site"
  page="$(find "$work/site/content" -name '*.md' ! -name '_index.md' | sort | sed -n 500p)"
  (cd "$work/site" && exec "$bin" serve --port 0 >"$work/log" 2>&1) &
  pid=$!
  # Wait for the first build to be served.
  for _ in $(seq 600); do
    grep -q "Serving" "$work/log" && break
    sleep 0.1
  done
  grep -q "Serving" "$work/log" || { cat "$work/log" >&2; exit 1; }
  for i in $(seq "$saves"); do
    printf '\nSaved %s.\n' "$i" >>"$page"
    sleep 0.4
  done
  sleep 2
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")"
  peak="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")"
  printf '%-50s %12s %12s\n' "$bin" "$rss" "$peak"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
done
