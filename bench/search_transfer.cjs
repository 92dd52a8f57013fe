#!/usr/bin/env node
// What the search box downloads for a first query on a large site: builds the generated
// corpus (../shared/bench/gen_corpus.py, 10,000 pages by default) as a folio site with
// the default theme and its search index, serves it on 127.0.0.1, and runs each query
// below in a fresh browser (empty cache) through Debian's chromium and playwright-core
// (from tests/browser/node_modules). For each it prints the bytes of every file loaded
// from the moment the search box is focused until the results stop changing (the page
// itself is not counted), raw and gzip-compressed, and the first result: once with the
// query pasted (one search), once typed a key at a time (a search per key, as a person
// types; each loads what its results need).
//
//   node bench/search_transfer.cjs [--pages 10000] [--work /tmp/folio-search-bench]
//                                  [--folio target/release/folio] [--search-js FILE]
//
// Also prints the build time (of a second, warm build) and the size of public/search.
// Build folio first (`cargo build --release`). `--search-js` serves FILE as the theme's
// js/search.js, to measure an older folio with the search box it shipped with.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync, spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const GEN = path.resolve(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
const { chromium } = require(path.join(ROOT, 'tests/browser/node_modules/playwright-core'));

// [label, typed]: a trailing space finishes the last word; without it, it is a prefix.
const QUERIES = [
  ['exact word', 'incremental '],
  ['two words', 'shortcode renderer '],
  ['stem (plural of a word)', 'serializers '],
  ['prefix (unfinished)', 'increm'],
  ['typo: deletion', 'permalnk '],
  ['typo: first letter', 'bermalink '],
  ['typo: transposition', 'compilre '],
];

function args() {
  const a = { pages: 10000, work: '/tmp/folio-search-bench', folio: path.join(ROOT, 'target/release/folio'), 'search-js': '' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in a) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    a[k] = k === 'pages' ? Number(argv[i + 1]) : path.resolve(argv[i + 1]);
  }
  return a;
}

/** `dst` as a tree of hard links to `src` (folio refuses symlinks out of the site). */
function linkTree(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, e.name), to = path.join(dst, e.name);
    if (e.isDirectory()) linkTree(from, to);
    else fs.linkSync(from, to);
  }
}

function site(opts) {
  const corpus = path.join(opts.work, `corpus-${opts.pages}`);
  if (!fs.existsSync(path.join(corpus, 'zola', 'content'))) {
    execFileSync('python3', [GEN, '--pages', String(opts.pages), '--out', corpus], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dir = path.join(opts.work, `site-${opts.pages}`);
  fs.rmSync(dir, { recursive: true, force: true });
  linkTree(path.join(corpus, 'zola', 'content'), path.join(dir, 'content'));
  linkTree(path.join(corpus, 'zola', 'static'), path.join(dir, 'static'));
  fs.writeFileSync(path.join(dir, 'config.toml'),
    'title = "Bench Docs"\nbase_url = "https://example.com"\ntaxonomies = [{ name = "tags" }]\n' +
    'generate_feeds = false\nbuild_search_index = true\n');
  return dir;
}

function build(opts, dir) {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(opts.folio, ['build', '--root', dir], {
    env: { ...process.env, FOLIO_TIMINGS: '1', XDG_CACHE_HOME: path.join(opts.work, 'cache') },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`folio build failed:\n${run.stdout}${run.stderr}`);
  const searchLine = (run.stdout + run.stderr).split('\n').find((l) => /^\s*search\s/.test(l)) || '';
  return { seconds, searchLine: searchLine.trim() };
}

function du(dir) {
  let bytes = 0, files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { const r = du(p); bytes += r.bytes; files += r.files; } else { bytes += fs.statSync(p).size; files++; }
  }
  return { bytes, files };
}

/** A static file server for `root` on 127.0.0.1, port chosen by the system. */
function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function measure(browser, url, typed, paste) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const loaded = [];
  page.on('response', async (r) => {
    try { loaded.push({ url: r.url(), body: await r.body() }); } catch (e) { /* a redirect */ }
  });
  const input = page.locator('form[role="search"] input.search-input');
  await input.click();
  if (paste) await input.fill(typed);
  else await input.pressSequentially(typed, { delay: 25 });
  const links = page.locator('#folio-search-list a[href]:visible');
  let last = null, same = 0, first = '';
  for (let i = 0; i < 100 && same < 5; i++) {
    await page.waitForTimeout(150);
    const now = `${loaded.length} ${(await links.count()) ? await links.first().getAttribute('href') : ''}`;
    same = now === last ? same + 1 : 0;
    last = now;
    first = now.split(' ')[1];
  }
  const status = await page.locator('form[role="search"] [role="status"]').textContent();
  await context.close();
  const raw = loaded.reduce((n, f) => n + f.body.length, 0);
  const gz = loaded.reduce((n, f) => n + zlib.gzipSync(f.body).length, 0);
  const files = loaded.map((f) => new URL(f.url).pathname.replace(/^\/search\//, '')).sort();
  return { raw, gz, files, status, first };
}

(async () => {
  const opts = args();
  if (!fs.existsSync(opts.folio)) throw new Error(`no folio binary at ${opts.folio}: run cargo build --release`);
  const dir = site(opts);
  build(opts, dir);
  const built = build(opts, dir);
  if (opts['search-js']) fs.copyFileSync(opts['search-js'], path.join(dir, 'public', 'js', 'search.js'));
  const index = du(path.join(dir, 'public', 'search'));
  console.log(`${opts.pages} pages built in ${built.seconds.toFixed(2)} s (${built.searchLine})`);
  console.log(`public/search: ${(index.bytes / 1048576).toFixed(1)} MiB in ${index.files} files`);
  const server = await serve(path.join(dir, 'public'));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: process.env.FOLIO_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const worst = { pasted: 0, typed: 0 };
  try {
    for (const [label, typed] of QUERIES) {
      for (const how of ['pasted', 'typed']) {
        const m = await measure(browser, url, typed, how === 'pasted');
        worst[how] = Math.max(worst[how], m.raw);
        console.log(`${label.padEnd(24)} ${JSON.stringify(typed).padEnd(22)} ${how.padEnd(6)} ${(m.raw / 1024).toFixed(1).padStart(6)} KiB raw, ` +
          `${(m.gz / 1024).toFixed(1).padStart(5)} KiB gzip, ${String(m.files.length).padStart(2)} files; ${m.status}; first: ${m.first.replace(url, '/')}`);
        if (how === 'pasted') console.log(`    ${m.files.join(' ')}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`largest first query: ${kib(worst.pasted)} pasted, ${kib(worst.typed)} typed (limit 300 KB)`);
  process.exit(Math.max(worst.pasted, worst.typed) <= 300 * 1000 ? 0 : 1);
})().catch((e) => { console.error(e.stack || e); process.exit(2); });
