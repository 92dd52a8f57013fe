#!/usr/bin/env bash
# Clean release build cost of each TeX-to-MathML crate alone: a throwaway project per
# crate in a temporary folder, built with an empty target folder. Prints wall seconds,
# CPU seconds and the number of crates built. Usage: bash build_cost.sh
set -euo pipefail
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for dep in 'pulldown-latex = "0.8"' 'math-core = "0.7"' 'latex2mathml = "0.2.3"'; do
  name="${dep%% *}"
  mkdir -p "$tmp/$name/src"
  printf '[package]\nname = "cost"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n[dependencies]\n%s\n' "$dep" >"$tmp/$name/Cargo.toml"
  echo 'fn main() {}' >"$tmp/$name/src/main.rs"
  (cd "$tmp/$name" && cargo fetch -q)
  /usr/bin/time -f "$name: %e s wall, %U+%S s CPU" -o "$tmp/$name.time" \
    cargo build --release -q --manifest-path "$tmp/$name/Cargo.toml" --target-dir "$tmp/$name/target"
  crates=$(cd "$tmp/$name" && cargo tree -e normal,build --prefix none | sort -u | wc -l)
  echo "$(cat "$tmp/$name.time"), $((crates - 1)) crates"
done
