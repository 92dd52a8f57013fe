#!/usr/bin/env bash
# Builds Zola's own sites with folio, with no edit to their `content/` or `config.toml`:
# `docs/`, `test_site/` and `test_site_i18n/` of a Zola checkout (tag v0.22.1).
#
#   bench/zola_compat.sh ZOLA_REPO [FOLIO_BIN] [ZOLA_BIN]
#
# Zola's templates are Tera 1. Templates that only lay out pages are replaced by
# folio's default theme; the shortcode templates that the content calls are ported
# to Tera 2 by the rewrites below, each printed as it is applied. Zola's files are
# copied to a scratch folder and never into this repository.
#
# It prints, per site: whether `folio build` succeeds, what `folio check` reports
# (broken `@/` links and anchors counted apart), and, when a Zola binary is given
# (or `zola` is on PATH, or /work/bin/zola exists), how many of the pages Zola builds
# exist at the same URL in folio's output, listing those that do not.
set -uo pipefail

ZOLA_REPO=${1:?usage: bench/zola_compat.sh ZOLA_REPO [FOLIO_BIN] [ZOLA_BIN]}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FOLIO=$(realpath "${2:-$HERE/target/release/folio}")
ZOLA=${3:-${ZOLA:-$(command -v zola || echo /work/bin/zola)}}
[ -x "$FOLIO" ] || { echo "no folio binary at $FOLIO (cargo build --release)"; exit 2; }
WORK=$(mktemp -d /tmp/zola-compat.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

rewrite() { # file sed-expression description
  local file=$1 expr=$2 what=$3
  if [ -f "$file" ] && grep -qE "$(printf '%s' "$4")" "$file" 2>/dev/null; then
    sed -i -E "$expr" "$file"
    echo "  rewrite ${file#"$WORK"/*/}: $what"
  fi
}

# Ports the Tera 1 constructs Zola's shortcodes use to Tera 2.
port_shortcodes() { # folder
  local dir=$1 f
  for f in "$dir"/*.html; do
    [ -f "$f" ] || continue
    # Tera 2 has no `matching` test; the shortcodes only test file extensions.
    rewrite "$f" 's/([a-z_.]+) is matching\("\[\.\]\(jpg\|png\)\$"\)/(\1 is ending_with(pat=".jpg") or \1 is ending_with(pat=".png"))/g' \
      '`x is matching("[.](jpg|png)$")` → `x is ending_with(pat=".jpg") or …(pat=".png")`' 'is matching\('
    # Tera 1's `int` dropped a fraction; Tera 2's refuses one.
    rewrite "$f" 's/\) *\| *int\b/) | round(method="floor") | int/g' \
      '`(x / 2) | int` → `(x / 2) | round(method="floor") | int`' '\) *\| *int'
    # Tera 1 reads an undefined variable in `if` as false; Tera 2 needs `is defined`.
    rewrite "$f" 's/\{% if ([a-z_]+) %\}/{% if \1 is defined and \1 %}/g' \
      '`{% if x %}` on an argument that may be absent → `{% if x is defined and x %}`' '\{% if [a-z_]+ %\}'
  done
}

# Replaces a site's (or theme's) layout templates with folio's default theme's,
# keeping its shortcodes, and gives each template that content names by
# `template`/`page_template` a one-line stand-in that extends folio's.
# The `template`/`page_template` lines of each file's TOML front matter, as
# `file<TAB>key<TAB>name`.
front_templates() { # content-folder
  find "$1" -name '*.md' -print0 | xargs -0 awk '
    FNR == 1 { fence = 0 }
    /^\+\+\+[ \t]*$/ { fence++; next }
    fence == 1 && /^(page_)?template *= *"/ {
      key = $0; sub(/ *=.*/, "", key)
      name = $0; sub(/^[^"]*"/, "", name); sub(/".*/, "", name)
      print FILENAME "\t" key "\t" name
    }'
}

use_folio_layouts() { # templates-folder content-folder [stand-ins?]
  local tpl=$1 content=$2 stand_ins=${3:-yes} name base
  mkdir -p "$WORK/keep"
  [ -d "$tpl/shortcodes" ] && mv "$tpl/shortcodes" "$WORK/keep/shortcodes"
  rm -rf "$tpl"
  mkdir -p "$tpl"
  [ -d "$WORK/keep/shortcodes" ] && mv "$WORK/keep/shortcodes" "$tpl/shortcodes"
  [ "$stand_ins" = yes ] || return 0
  front_templates "$content" >"$WORK/templates.tsv"
  cut -f3 "$WORK/templates.tsv" | sort -u |
    while read -r name; do
      case $name in page.html | section.html | index.html) continue ;; esac
      # A template named by `page_template`, or by a page, lays out a page.
      if awk -F'\t' -v n="$name" '$3 == n && ($2 == "page_template" || $1 !~ /_index[.a-z]*md$/) { found = 1 } END { exit !found }' "$WORK/templates.tsv"; then
        base=page.html
      else
        base=section.html
      fi
      mkdir -p "$(dirname "$tpl/$name")"
      echo "{% extends \"$base\" %}" >"$tpl/$name"
      echo "  stand-in templates/$name: extends folio's $base"
    done
}

zola_pages() { # output-folder → sorted URL paths of its HTML pages
  (cd "$1" && find . -name index.html | sed -E 's#^\./##; s#index\.html$##; s#^#/#' | sort)
}

for site in docs test_site test_site_i18n; do
  src=$ZOLA_REPO/$site
  [ -d "$src" ] || { echo "== $site: not in $ZOLA_REPO"; continue; }
  echo "== $site"
  dir=$WORK/$site
  cp -r "$src" "$dir"
  if [ -d "$dir/themes" ]; then
    for theme in "$dir"/themes/*/; do
      theme=${theme%/}
      use_folio_layouts "$theme/templates" "$dir/content" no
      cp -r "$HERE/themes/folio/templates/." "$theme/templates/"
      mkdir -p "$theme/static" && cp -r "$HERE/themes/folio/static/." "$theme/static/"
      [ -f "$theme/theme.toml" ] || cp "$HERE/themes/folio/theme.toml" "$theme/"
      echo "  theme ${theme##*/}: folio's default templates and static files"
      port_shortcodes "$theme/templates/shortcodes"
    done
  fi
  use_folio_layouts "$dir/templates" "$dir/content"
  port_shortcodes "$dir/templates/shortcodes"
  # The content and config must be Zola's, byte for byte.
  if diff -rq "$src/content" "$dir/content" >/dev/null && cmp -s "$src/config.toml" "$dir/config.toml"; then
    echo "  content/ and config.toml: unchanged"
  else
    echo "  content/ or config.toml CHANGED: the comparison is void"
  fi
  start=$(date +%s.%N)
  if (cd "$dir" && "$FOLIO" build -o "$WORK/$site-folio" >"$WORK/$site-build.log" 2>&1); then
    echo "  folio build: ok in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
  else
    echo "  folio build: FAILED"
    grep -v '^warning' "$WORK/$site-build.log" | head -20 | sed 's/^/    /'
  fi
  grep -c '^warning' "$WORK/$site-build.log" | sed 's/^/  config warnings: /'
  (cd "$dir" && "$FOLIO" check >"$WORK/$site-check.log" 2>&1)
  links=$(grep -cE "broken link" "$WORK/$site-check.log")
  anchors=$(grep -cE "broken anchor" "$WORK/$site-check.log")
  alt=$(grep -cE "have no alt text" "$WORK/$site-check.log")
  all=$(grep -cE "^[^ ].*: (broken|the id|[0-9]+ image)" "$WORK/$site-check.log")
  # `folio build` fails on an `@/` link or `@/…#anchor` that does not resolve.
  [ -d "$WORK/$site-folio" ] && echo "  every @/ link and @/…#anchor resolves (folio build checks them)"
  echo "  folio check: $all problems: $links broken links, $anchors broken anchors, $alt pages with images without alt text"
  grep -E "^[^ ].*: (broken|the id|[0-9]+ image)" "$WORK/$site-check.log" | head -15 | sed 's/^/    /'
  if [ -x "$ZOLA" ]; then
    cp -r "$src" "$WORK/$site-zola-src"
    if (cd "$WORK/$site-zola-src" && "$ZOLA" build -o "$WORK/$site-zola" >"$WORK/$site-zola.log" 2>&1); then
      zola_pages "$WORK/$site-zola" >"$WORK/$site-zola.urls"
      if [ -d "$WORK/$site-folio" ]; then
        zola_pages "$WORK/$site-folio" >"$WORK/$site-folio.urls"
      else
        : >"$WORK/$site-folio.urls"
      fi
      total=$(wc -l <"$WORK/$site-zola.urls")
      missing=$(comm -23 "$WORK/$site-zola.urls" "$WORK/$site-folio.urls")
      n=$(printf '%s' "$missing" | grep -c . || true)
      echo "  Zola's pages at the same URL in folio's output: $((total - n)) of $total"
      printf '%s\n' "$missing" | grep . | head -20 | sed 's/^/    missing: /'
      # Each broken link or anchor folio check reports: a defect of the source when
      # Zola's own build lacks the target too, else folio's.
      source=0 ours=0
      while IFS=$'\t' read -r target id; do
        if [ -z "$id" ]; then
          [ -e "$WORK/$site-zola/$target" ] && { ours=$((ours + 1)); echo "    folio lacks: $target"; } || source=$((source + 1))
        elif grep -q "id=\"$id\"\|id=$id[ >]" "$WORK/$site-zola/$target" 2>/dev/null; then
          ours=$((ours + 1)); echo "    folio lacks: $target#$id"
        else
          source=$((source + 1))
        fi
      done < <(sed -nE 's/.*nothing is built at `([^`]*)`.*/\1\t/p; s/.*: `([^`]*)` has no element with id `([^`]*)`.*/\1\t\2/p' "$WORK/$site-check.log")
      echo "  broken links and anchors also broken in Zola's build (defects of the source): $source; broken in folio's only: $ours"
    else
      echo "  zola build failed:"; tail -5 "$WORK/$site-zola.log" | sed 's/^/    /'
    fi
  else
    echo "  (no Zola binary: the URL comparison is skipped)"
  fi
done
