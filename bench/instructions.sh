#!/usr/bin/env bash
# Instructions that folio binaries execute for one cold build (`build --no-cache`, on
# one thread) of a generated corpus, counted by valgrind's callgrind: the same count
# for the same binary and input whatever else the machine does, so a change of a
# percent or two shows, where wall-clock runs on this kind of machine vary by ten.
# Prints each binary and its instruction count, and the change from the first.
#
# Usage: bench/instructions.sh BINARY...   (PAGES=1000 by default; a run takes about
# 30 s per binary at 1,000 pages)
# The corpus: ../shared/bench/gen_corpus.py, with the default theme (as build_bench.py's
# "default theme" site). Work files go to ${BENCH_TMP:-/dev/shm}.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${PAGES:-1000}"
command -v valgrind >/dev/null || { echo "valgrind is needed (Debian: apt-get install valgrind)" >&2; exit 1; }
work="$(mktemp -d "${BENCH_TMP:-/dev/shm}/folio-instructions.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 ../shared/bench/gen_corpus.py --pages "$pages" --out "$work/corpus" >/dev/null 2>&1
mkdir -p "$work/site"
cp -r "$work/corpus/zola/content" "$work/corpus/zola/static" "$work/site/"
printf '%s\n' 'title = "Bench Docs"' 'base_url = "https://example.com"' \
  'taxonomies = [{ name = "tags" }]' 'generate_feeds = false' 'build_search_index = false' \
  >"$work/site/config.toml"
first=
printf '%-50s %16s %9s\n' binary instructions change
for bin in "$@"; do
  rm -rf "$work/out"
  (cd "$work/site" && RAYON_NUM_THREADS=1 valgrind --tool=callgrind \
    --callgrind-out-file="$work/callgrind.out" "$bin" build --no-cache -o "$work/out" \
    >/dev/null 2>"$work/err") || { cat "$work/err" >&2; exit 1; }
  n="$(sed -n 's/^==[0-9]*== Collected : //p' "$work/err")"
  first="${first:-$n}"
  python3 -c "import sys; b,n,f=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]); print(f'{b:<50} {n:>16,} {100*(n-f)/f:+8.1f}%')" "$bin" "$n" "$first"
done
