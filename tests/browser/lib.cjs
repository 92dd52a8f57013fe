// Shared helpers for folio's real-browser tests: launch Debian's chromium through
// playwright-core, run named checks one after another (one line each), stop at the first
// failure with a clear message, and read the site's content/ for expectations.
//
// Nothing here downloads a browser: a missing chromium or playwright-core is a failure
// that names scripts/install-test-deps.sh.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.FOLIO_CHROMIUM || '/usr/bin/chromium';
const INSTALL_HINT = 'run `scripts/install-test-deps.sh` as root from the repository root';
const CHROME_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Prints the reason and exits 1 (used before any browser is running). */
function die(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    return die(`playwright-core is not installed in tests/browser/node_modules (${e.code || e.message}); ${INSTALL_HINT}`);
  }
}

/** Launches chromium; fails with the install hint when it is missing. */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) die(`no chromium at ${CHROMIUM}; ${INSTALL_HINT}`);
  const { chromium } = loadPlaywright();
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS, timeout: 60000 });
  } catch (e) {
    return die(`chromium at ${CHROMIUM} did not start: ${e.message}\n(${INSTALL_HINT})`);
  }
}

/**
 * Runs `body(t)` with a browser, where `t.check(name, fn)` runs one check and prints
 * `ok - name (N ms)`. The first failing check prints `FAIL - name` with the error and
 * exits 1; `limitMs` bounds the whole script so that a hang is a failure too.
 */
function run(title, limitMs, body) {
  const started = Date.now();
  const timer = setTimeout(() => die(`${title}: did not finish within ${limitMs / 1000} s`), limitMs);
  timer.unref();
  (async () => {
    const browser = await launch();
    let current = '(setup)';
    const t = {
      browser,
      async check(name, fn) {
        current = name;
        const t0 = Date.now();
        await fn();
        console.log(`ok - ${name} (${Date.now() - t0} ms)`);
        current = `(after "${name}")`;
      },
    };
    try {
      console.log(`# ${title}: chromium ${browser.version()}`);
      await body(t);
    } catch (e) {
      console.log(`FAIL - ${current}`);
      console.error(`FAIL: ${current}\n${e && e.stack ? e.stack : e}`);
      await browser.close().catch(() => {});
      process.exit(1);
    }
    await browser.close();
    console.log(`# ${title}: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(0);
  })().catch((e) => die(`${title}: ${e && e.stack ? e.stack : e}`));
}

/**
 * A new context and page. Uncaught script errors on the page are collected in
 * `page.folioErrors`; `assertNoErrors(page)` fails on any.
 */
async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.folioErrors = [];
  page.on('pageerror', (e) => page.folioErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

function assertNoErrors(page) {
  if (page.folioErrors.length) {
    throw new Error(`uncaught script errors:\n  ${page.folioErrors.join('\n  ')}`);
  }
}

/** Polls `fn` (which may throw while a page reloads) until it returns truthy. */
async function until(what, fn, timeoutMs = 10000, stepMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The path of a URL relative to `base` (e.g. `factors/value-chain/`), `` for the home page. */
function relPath(base, url) {
  const b = new URL(base);
  const u = new URL(url);
  if (u.origin !== b.origin || !u.pathname.startsWith(b.pathname)) {
    throw new Error(`${url} is outside the site at ${base}`);
  }
  return decodeURIComponent(u.pathname.slice(b.pathname.length));
}

/** Splits a Markdown file into its TOML front matter and body. */
function frontMatter(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^\+\+\+\r?\n([\s\S]*?)\r?\n\+\+\+\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: no +++ front matter`);
  const get = (key) => {
    // Top-level keys only: stop at the first [table] header.
    const top = m[1].split(/^\[/m)[0];
    const k = new RegExp(`^${key}\\s*=\\s*(.+?)\\s*$`, 'm').exec(top);
    return k ? k[1] : undefined;
  };
  return { text, front: m[1], body: m[2], get };
}

/**
 * The whole-site reading order derived from content/: depth first, each section before
 * its children, a section's pages and subsections together by weight (a page before a
 * section of equal weight, then by file name). Returns paths like `factors/value-chain/`.
 */
function readingOrder(siteRoot) {
  const content = path.join(siteRoot, 'content');
  const weight = (fm) => {
    const w = fm.get('weight');
    return w === undefined ? Infinity : Number(w);
  };
  const walk = (dir, rel) => {
    const items = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && fs.existsSync(path.join(p, '_index.md'))) {
        const fm = frontMatter(path.join(p, '_index.md'));
        if (fm.get('draft') === 'true') continue;
        items.push({ kind: 1, name: e.name, weight: weight(fm), paths: walk(p, `${rel}${e.name}/`) });
      } else if (e.isFile() && e.name.endsWith('.md') && e.name !== '_index.md') {
        const fm = frontMatter(p);
        if (fm.get('draft') === 'true') continue;
        const stem = e.name.slice(0, -3);
        items.push({ kind: 0, name: stem, weight: weight(fm), paths: [`${rel}${stem}/`] });
      }
    }
    items.sort((a, b) => (a.weight - b.weight) || (a.kind - b.kind) || a.name.localeCompare(b.name));
    return [rel, ...items.flatMap((i) => i.paths)];
  };
  return walk(content, '');
}

/** Text with typographic quotes and dashes made plain, and white space collapsed. */
function plain(text) {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The relative luminance (0 = black, 1 = white) of a CSS `rgb(…)` colour. */
function luminance(rgb) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) throw new Error(`not an rgb() colour: ${rgb}`);
  const lin = (c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
}

module.exports = {
  CHROMIUM, DESKTOP, PHONE, die, run, newPage, assertNoErrors, until, relPath, frontMatter,
  readingOrder, plain, luminance,
};
