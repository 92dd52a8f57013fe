#!/bin/sh
# Installs what folio's real-browser tests (tests/integration/browser.rs) need, on Debian:
#   - Debian's chromium and a font (apt), when /usr/bin/chromium is missing;
#   - playwright-core, axe-core and commonmark-spec, pinned by
#     tests/browser/package-lock.json (npm ci), never a browser.
# Idempotent: a second run changes nothing. Run as root from anywhere; needs node 20 and npm.
set -eu

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
browser_dir="$repo/tests/browser"

say() { printf 'install-test-deps: %s\n' "$*"; }
fail() { printf 'install-test-deps: error: %s\n' "$*" >&2; exit 1; }

# 1. chromium and fonts, from Debian.
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'install ok installed' \
  || missing="$missing fonts-dejavu-core"
if [ -n "$missing" ]; then
  [ "$(id -u)" -eq 0 ] || fail "installing$missing needs root: run this script with sudo"
  command -v apt-get >/dev/null 2>&1 || fail "no apt-get: install$missing by hand"
  say "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get update
  say "apt-get install -y --no-install-recommends chromium fonts-dejavu-core"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core
else
  say "chromium and fonts-dejavu-core are installed"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is still missing"
say "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium (version unknown)')"

# 2. The Node packages pinned by package-lock.json, without playwright's browser download:
#    playwright-core for the browser scripts, axe-core for their accessibility checks
#    (tests/browser/widgets.cjs), commonmark-spec (dev) for
#    tests/integration/commonmark.rs.
command -v node >/dev/null 2>&1 || fail "node is missing: install Node.js 20"
command -v npm >/dev/null 2>&1 || fail "npm is missing: install npm"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "node $(node --version) is too old: playwright-core needs Node.js 20 or newer"
cd "$browser_dir"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Prints each package of package.json (dependencies and devDependencies) that is missing
# from node_modules or installed at another version than the pinned one.
wrong() {
  node -e '
    const p = require("./package.json");
    const all = Object.assign({}, p.dependencies, p.devDependencies);
    for (const [name, want] of Object.entries(all)) {
      let have = "";
      try { have = require("./node_modules/" + name + "/package.json").version; } catch (e) {}
      if (have !== want) console.log(name + "@" + want + (have ? " (have " + have + ")" : " (missing)"));
    }'
}
todo=$(wrong)
if [ -z "$todo" ]; then
  say "the pinned packages are installed in tests/browser/node_modules"
elif [ -f package-lock.json ]; then
  say "npm ci in tests/browser for: $(echo $todo)"
  npm ci --no-audit --no-fund
else
  say "npm install in tests/browser (no package-lock.json)"
  npm install --no-audit --no-fund
fi
todo=$(wrong)
[ -z "$todo" ] || fail "not installed as pinned: $(echo $todo)"
say "done: run \`cargo test --test integration browser\` and \`... commonmark\`"
