#!/usr/bin/env bash
# Runtime of different folio binaries (say, built with different profiles) on the same
# site: `folio build --no-cache` into a temporary folder, the binaries taking turns,
# RUNS rounds (default 3). Prints each binary's size and its median wall and CPU
# (user + sys) seconds. Usage: bench/compare_binaries.sh SITE_DIR BINARY...
# The 10,000-page corpus: python3 ../shared/bench/gen_corpus.py (see bench/build_bench.py).
set -euo pipefail
site="$1"
shift
runs="${RUNS:-3}"
# Output on tmpfs (as build_bench.py's --work /dev/shm): on this kind of machine a
# disk-backed /tmp makes creating 11,000 files cost seconds of system time, which
# would swamp what the binaries themselves do. BENCH_TMP picks another folder.
out="$(mktemp -d "${BENCH_TMP:-/dev/shm}/folio-compare.XXXXXX")"
trap 'rm -rf "$out"' EXIT
for ((r = 1; r <= runs; r++)); do
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    rm -rf "$out/public"
    (cd "$site" && /usr/bin/time -f '%e %U %S' -a -o "$out/times.$n" \
      "$bin" build --no-cache -o "$out/public" >/dev/null 2>"$out/err") ||
      { cat "$out/err" >&2; exit 1; }
  done
done
n=0
printf '%-50s %12s %9s %9s\n' binary bytes wall_s cpu_s
for bin in "$@"; do
  n=$((n + 1))
  python3 - "$bin" "$out/times.$n" <<'PY'
import os, statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
wall = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] + r[2] for r in rows)
print(f"{sys.argv[1]:<50} {os.path.getsize(sys.argv[1]):>12} {wall:>9.2f} {cpu:>9.2f}")
PY
done
