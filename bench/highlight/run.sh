#!/usr/bin/env bash
# Reproduces every figure of README.md. Run from this folder; about 10 minutes on
# 2 cores. Writes results/.
set -euo pipefail
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/hl-target}
IN=${IN:-/tmp/hl-inputs}
mkdir -p results
python3 gather.py "$IN" 2> results/inputs.txt

# Release builds: giallo alone, then with arborium's 17 grammars on top (the delta is
# what tree-sitter adds). `cargo clean` first for a from-scratch figure.
if [ "${CLEAN:-0}" = 1 ]; then cargo clean; fi
/usr/bin/time -f "%e wall %U user %S sys" -o results/build-giallo.time cargo build --release 2> results/build-giallo.log
cp "$CARGO_TARGET_DIR/release/hl-bench" /tmp/hl-bench-giallo
/usr/bin/time -f "%e wall %U user %S sys" -o results/build-ts.time cargo build --release --features ts 2> results/build-ts.log
cp "$CARGO_TARGET_DIR/release/hl-bench" /tmp/hl-bench-ts
stat -c "%s %n" /tmp/hl-bench-giallo /tmp/hl-bench-ts > results/sizes.txt
# Each grammar's compiled parser (the bulk of the size).
for a in "$CARGO_TARGET_DIR"/release/build/arborium-*/out; do
  f=$(ls "$a"/*.a 2>/dev/null | head -1) || true
  [ -n "$f" ] && stat -c "%s %n" "$f"
done | sort -rn > results/grammar-sizes.txt || true

# Lines per second per core: every engine on each set, then per language.
: > results/speed.tsv
for set in corpus real; do
  for e in giallo giallo-single giallo-nomerge giallo-tokens ts arborium-html; do
    printf "%s\t%s\tall\t" "$set" "$e" >> results/speed.tsv
    /tmp/hl-bench-ts "$e" "$IN/$set.tsv" >> results/speed.tsv
  done
done
for lang in $(cut -f1 "$IN/real.tsv" | sort -u); do
  awk -F'\t' -v l="$lang" '$1==l' "$IN/real.tsv" > "$IN/real-$lang.tsv"
  for e in giallo ts; do
    printf "real\t%s\t%s\t" "$e" "$lang" >> results/speed.tsv
    /tmp/hl-bench-ts "$e" "$IN/real-$lang.tsv" >> results/speed.tsv
  done
done
# Output samples to read: the first block of each language, both engines.
rm -rf results/sample /tmp/hl-sample-g /tmp/hl-sample-t && mkdir -p results/sample
for lang in $(cut -f1 "$IN/real.tsv" | sort -u); do
  head -1 "$IN/real-$lang.tsv" > /tmp/hl-one.tsv
  /tmp/hl-bench-ts giallo /tmp/hl-one.tsv /tmp/hl-sample-g > /dev/null
  /tmp/hl-bench-ts ts /tmp/hl-one.tsv /tmp/hl-sample-t > /dev/null
done
cp -r /tmp/hl-sample-g results/sample/giallo; cp -r /tmp/hl-sample-t results/sample/ts
python3 table.py results/speed.tsv > results/table.md
cat results/table.md
