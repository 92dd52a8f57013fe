// Real-browser checks of the bounded sidebar of a large site (over 500 pages), where
// sections off the reader's path are closed links that the theme's script
// (static/js/folio.js) turns into disclosures loading their children from `_nav/<key>.js`
// on first open: a wide level shows a window of 15 around the current page and "N more"
// rows; nothing is loaded until a section opens, each navigation file once; a section of
// more than 250 children loads them in chunks behind "Show more"; loaded links navigate;
// without JavaScript a closed section is a plain link to its listing page. Works over
// http and from file:// (a site built with `relative_urls = true`).
//
// The site is the one `large_site_sidebar_in_a_real_browser` (tests/integration/browser.rs)
// generates, each section's children weighted in this order:
//   a/       "A": 400 pages a/a-001/ … a/a-400/, titled "A 001" … "A 400"
//   b/       "B": 30 pages b/b-01/ … b/b-30/ ("B 01" …), then
//   b/sub/   "Sub": 300 pages b/sub/s-001/ … b/sub/s-300/ ("S 001" …)
//   c/       "C": 20 pages c/c-01/ … c/c-20/ ("C 01" …)
//
// Usage: node tests/browser/nav.cjs <start-url>
//   <start-url>  the page a/a-200/ of the built site, e.g. http://127.0.0.1:8000/a/a-200/
//                or file:///tmp/x/public/a/a-200/index.html
'use strict';

const assert = require('node:assert/strict');
const { die, run, newPage, assertNoErrors, until } = require('./lib.cjs');

const [start] = process.argv.slice(2);
const fileMode = /^file:\/\//.test(start || '');
const START = 'a/a-200/';
const startTail = fileMode ? `${START}index.html` : START;
if (!start || !/^(https?|file):\/\//.test(start) || !start.endsWith(startTail)) {
  die(`usage: node tests/browser/nav.cjs <start-url (http:// or file://) ending in ${startTail}>`);
}
const where = fileMode ? 'file://' : 'http';
/** The site's root URL, and the URL of the page at `p` (e.g. `b/b-01/`) below it. */
const root = start.slice(0, -startTail.length);
const url = (p) => root + p + (fileMode && (p === '' || p.endsWith('/')) ? 'index.html' : '');

/** `prefix 001` … for `from..=to`, numbers padded to `width`. */
function titles(prefix, from, to, width) {
  const out = [];
  for (let i = from; i <= to; i++) out.push(`${prefix} ${String(i).padStart(width, '0')}`);
  return out;
}

/** Records the navigation files the page requests (over http or from file://). */
function watchNav(page) {
  const requests = [];
  page.on('request', (r) => {
    if (/\/_nav\/[^/]+\.js$/.test(new URL(r.url()).pathname)) requests.push(r.url());
  });
  return requests;
}

/**
 * In the page: the sidebar group whose summary is `title` (exactly one), with the rows
 * of its list. A row is a link (`text`, `href` resolved, `raw` as written, `current`), a
 * group (`group`: its summary text), a "N more" row (`more`: N) or a button (`button`).
 */
function groupInPage(title) {
  const summaries = [...document.querySelectorAll('.site-nav li.nav-group > details > summary')]
    .filter((s) => s.textContent.trim() === title);
  if (summaries.length !== 1) return { error: `${summaries.length} sidebar groups titled "${title}"` };
  const details = summaries[0].parentElement;
  const list = details.querySelector(':scope > ul.nav-list');
  if (!list) return { error: `the "${title}" group has no list` };
  const rows = [...list.children].map((li) => {
    const a = li.querySelector(':scope > a');
    const sum = li.querySelector(':scope > details > summary');
    const button = li.querySelector(':scope > button');
    const more = li.classList.contains('nav-more') && a ? /^(\d+) more\b/.exec(a.textContent.trim()) : null;
    return {
      text: (a || sum || button || li).textContent.trim(),
      href: a ? a.href : null,
      raw: a ? a.getAttribute('href') : null,
      current: a ? a.getAttribute('aria-current') : null,
      group: sum ? sum.textContent.trim() : null,
      more: more ? Number(more[1]) : null,
      button: button ? button.className : null,
      nav: li.getAttribute('data-nav'),
    };
  });
  const links = [...list.querySelectorAll('a')].map((a) => a.getAttribute('href'));
  const outer = details.parentElement.parentElement.closest('li.nav-group');
  return {
    open: details.open,
    nav: details.parentElement.getAttribute('data-nav'),
    parent: outer ? outer.querySelector(':scope > details > summary').textContent.trim() : null,
    rows,
    links,
  };
}

async function group(page, title) {
  const g = await page.evaluate(groupInPage, title);
  if (g.error) throw new Error(`${page.url()}: ${g.error}`);
  return g;
}

/** The paths of pages `prefix-01/` … in `dir` (e.g. `b/b-01/`), numbered like `titles`. */
function slugs(dir, prefix, from, to, width) {
  return titles(prefix, from, to, width).map((t) => `${dir}${t.replace(' ', '-')}/`);
}

/** The sidebar summary titled exactly `title`. */
function summary(page, title) {
  return page.locator('.site-nav summary').filter({ hasText: new RegExp(`^\\s*${title}\\s*$`) });
}

/** Waits until the group `title` holds `n` rows (its loaded children have arrived). */
async function rowsReach(page, title, n) {
  await until(`${n} rows in the "${title}" group`, async () => (await group(page, title)).rows.length >= n);
  const g = await group(page, title);
  assert.equal(g.rows.length, n, `rows in the "${title}" group: ${g.rows.map((r) => r.text).join(', ')}`);
  return g;
}

/** The page links of a group's rows (not Overview, "N more", subgroups or buttons). */
function pageLinks(g) {
  return g.rows.filter((r) => r.href && r.more === null && r.text !== 'Overview');
}

/** In file:// mode, every link in a group must name its index.html. */
function assertFileLinks(g, title) {
  if (!fileMode) return;
  const bad = g.links.filter((h) => !h.endsWith('index.html'));
  assert.deepEqual(bad.slice(0, 5), [], `links in "${title}" that do not end with index.html (${bad.length})`);
}

/** Lets a late request start before the recorded requests are compared. */
const settle = (page) => page.waitForTimeout(400);

/** The `_nav/` file named by `navAttr` (`/_nav/<key>.js`), as requested from the site root. */
const navUrl = (navAttr) => root + navAttr.replace(/^\/+/, '');

async function assertCurrent(page, path, title) {
  const current = page.locator('.site-nav a[aria-current="page"]');
  assert.equal(await current.count(), 1, 'links with aria-current="page" in the sidebar');
  assert.equal(await current.evaluate((a) => a.href), url(path), 'the marked link points elsewhere');
  assert.equal((await current.innerText()).trim(), title, 'the marked link\'s text');
  assert.ok(await current.isVisible(), 'the marked link is not visible on a wide screen');
}

/** The breadcrumb trail: Home, the ancestors, then the page itself, marked current. */
async function assertCrumbs(page, path, names) {
  const items = page.locator('main nav.breadcrumbs ol li');
  const depth = path.split('/').filter(Boolean).length;
  assert.equal(await items.count(), depth + 1, `breadcrumb items on ${path}`);
  assert.deepEqual((await items.allInnerTexts()).map((s) => s.trim()), names, 'breadcrumb texts');
  const last = items.last().locator('a');
  assert.equal(await last.getAttribute('aria-current'), 'page', 'the last breadcrumb is not marked current');
  assert.equal(await last.evaluate((a) => a.href), url(path), 'the last breadcrumb\'s link');
}

run(`nav (${where})`, 150000, async (t) => {
  const { browser } = t;
  const { context, page } = await newPage(browser);
  const requests = watchNav(page);
  let bNav;
  let subNav;

  await t.check(`${where}: ${START} marks itself, shows 15 of A's 400 pages and "more" rows, loads no _nav/ file`, async () => {
    await page.goto(url(START), { waitUntil: 'load' });
    await settle(page);
    assert.deepEqual(requests, [], '_nav/ files requested while loading the page');
    await assertCurrent(page, START, 'A 200');
    const a = await group(page, 'A');
    assert.equal(a.open, true, 'the "A" group is closed');
    assert.equal(a.rows[0].text, 'Overview', 'the first row of "A"');
    assert.equal(a.rows[0].href, url('a/'), 'the "A" Overview link');
    const links = pageLinks(a);
    assert.deepEqual(links.map((r) => r.text), titles('A', 193, 207, 3), 'the page links shown in "A"');
    assert.deepEqual(links.map((r) => r.href), slugs('a/', 'a', 193, 207, 3).map(url), 'their targets');
    assert.deepEqual(links.filter((r) => r.current).map((r) => r.text), ['A 200'], 'the marked page link in "A"');
    const more = a.rows.filter((r) => r.more !== null);
    assert.equal(more.length, 2, `"more" rows in "A": ${a.rows.map((r) => r.text).join(', ')}`);
    assert.deepEqual(more.map((r) => r.more), [192, 193], 'the "more" counts before and after the window');
    assert.equal(more[0].more + more[1].more, 385, 'the "more" rows count the other 385 pages');
    assert.equal(a.rows.indexOf(more[0]), 1, 'the first "more" row is not right after Overview');
    assert.equal(a.rows.indexOf(more[1]), a.rows.length - 1, 'the second "more" row is not last');
    for (const m of more) assert.ok(m.href.startsWith(`${root}a/`), `"${m.text}" links outside a/: ${m.href}`);
    assertFileLinks(a, 'A');
    for (const title of ['B', 'C']) {
      const g = await group(page, title);
      assert.equal(g.open, false, `the "${title}" group starts open`);
      assert.equal(g.parent, null, `the "${title}" group is not at the top level`);
      assert.deepEqual(g.rows.map((r) => [r.text, r.href]), [['Overview', url(`${title.toLowerCase()}/`)]], `the rows of "${title}" before it opens`);
      assert.match(g.nav || '', /^\/_nav\/[^/]+\.js$/, `the "${title}" group's data-nav`);
    }
    bNav = (await group(page, 'B')).nav;
    await assertCrumbs(page, START, ['Home', 'A', 'A 200']);
    assertNoErrors(page);
  });

  await t.check(`${where}: opening B loads its one _nav/ file: 30 pages and Sub`, async () => {
    await summary(page, 'B').click();
    const b = await rowsReach(page, 'B', 32);
    assert.equal(b.open, true, 'the "B" group did not open');
    assert.deepEqual(b.rows.map((r) => r.text), ['Overview', ...titles('B', 1, 30, 2), 'Sub'], 'the rows of "B"');
    assert.deepEqual(pageLinks(b).map((r) => r.href), slugs('b/', 'b', 1, 30, 2).map(url), 'the page links of "B"');
    const sub = b.rows[31];
    assert.equal(sub.group, 'Sub', 'the Sub row is not an expandable group');
    assert.match(sub.nav || '', /^\/_nav\/[^/]+\.js$/, 'the Sub row\'s data-nav');
    subNav = sub.nav;
    assert.notEqual(subNav, bNav, 'Sub and B share a navigation file');
    const inner = await group(page, 'Sub');
    assert.equal(inner.parent, 'B', 'the "Sub" group is not inside "B"');
    assert.equal(inner.open, false, 'the "Sub" group starts open');
    assert.deepEqual(inner.rows.map((r) => [r.text, r.href]), [['Overview', url('b/sub/')]], 'the rows of "Sub" before it opens');
    assertFileLinks(b, 'B');
    await settle(page);
    assert.deepEqual(requests, [navUrl(bNav)], '_nav/ requests after opening B (B\'s file only; nothing for C or Sub)');
    assert.equal((await group(page, 'C')).rows.length, 1, '"C" has loaded children');
    assertNoErrors(page);
  });

  await t.check(`${where}: opening Sub shows 250 entries and "Show more", which loads the other 50`, async () => {
    await summary(page, 'Sub').click();
    let sub = await rowsReach(page, 'Sub', 252);
    assert.deepEqual(sub.rows.slice(0, 251).map((r) => r.text), ['Overview', ...titles('S', 1, 250, 3)], 'the first chunk of "Sub"');
    const last = sub.rows[251];
    assert.ok(last.button && last.button.includes('nav-more-button'), `the last row of "Sub" is no "Show more" button: ${JSON.stringify(last)}`);
    assert.equal(last.text, 'Show more', 'the button\'s text');
    await settle(page);
    assert.deepEqual(requests, [navUrl(bNav), navUrl(subNav)], '_nav/ requests after opening Sub');
    await page.locator('.site-nav button.nav-more-button').click();
    sub = await rowsReach(page, 'Sub', 301);
    assert.deepEqual(sub.rows.map((r) => r.text), ['Overview', ...titles('S', 1, 300, 3)], 'all of "Sub" after "Show more"');
    assert.deepEqual(pageLinks(sub).map((r) => r.href), slugs('b/sub/', 's', 1, 300, 3).map(url), 'the page links of "Sub"');
    assert.equal(await page.locator('.site-nav button.nav-more-button').count(), 0, 'a "Show more" button is left');
    assertFileLinks(sub, 'Sub');
    await settle(page);
    assert.deepEqual(
      requests,
      [navUrl(bNav), navUrl(subNav), navUrl(subNav).replace(/\.js$/, '-2.js')],
      '_nav/ requests after "Show more" (B, then Sub\'s two chunks)',
    );
    assertNoErrors(page);
  });

  await t.check(`${where}: closing and reopening B and Sub requests nothing again`, async () => {
    for (const [title, rows] of [['B', 32], ['Sub', 301]]) {
      await summary(page, title).click();
      await until(`"${title}" to close`, async () => !(await group(page, title)).open);
      await summary(page, title).click();
      await until(`"${title}" to reopen`, async () => (await group(page, title)).open);
      await settle(page);
      assert.equal(requests.length, 3, `_nav/ requests after closing and reopening "${title}": ${requests.join(', ')}`);
      assert.equal((await group(page, title)).rows.length, rows, `rows in "${title}" after reopening`);
    }
    assertNoErrors(page);
  });

  const target = 'b/sub/s-275/';
  await t.check(`${where}: a loaded link opens ${target}`, async () => {
    const link = page.locator('.site-nav a').filter({ hasText: /^S 275$/ });
    assert.equal(await link.count(), 1, 'sidebar links titled "S 275"');
    await link.click();
    await page.waitForURL(url(target));
    await page.waitForLoadState('load');
    assert.equal((await page.locator('main h1').innerText()).trim(), 'S 275', 'the heading of the opened page');
  });

  await t.check(`${where}: on ${target} the sidebar and breadcrumbs mark it, and load nothing`, async () => {
    const before = requests.length;
    await settle(page);
    assert.deepEqual(requests.slice(before), [], '_nav/ files requested while loading the page');
    await assertCurrent(page, target, 'S 275');
    const b = await group(page, 'B');
    assert.equal(b.open, true, 'the "B" group is closed');
    const sub = await group(page, 'Sub');
    assert.equal(sub.open, true, 'the "Sub" group is closed');
    assert.equal(sub.parent, 'B', 'the "Sub" group is not inside "B"');
    assert.deepEqual(pageLinks(sub).map((r) => r.text), titles('S', 268, 282, 3), 'the page links shown in "Sub"');
    assert.deepEqual(sub.rows.filter((r) => r.more !== null).map((r) => r.more), [267, 18], 'the "more" rows of "Sub"');
    assert.deepEqual(pageLinks(sub).filter((r) => r.current).map((r) => r.text), ['S 275'], 'the marked link in "Sub"');
    for (const title of ['A', 'C']) {
      const g = await group(page, title);
      assert.equal(g.open, false, `the "${title}" group is open`);
      assert.equal(g.rows.length, 1, `"${title}" shows children before it opens`);
    }
    assertFileLinks(sub, 'Sub');
    await assertCrumbs(page, target, ['Home', 'B', 'Sub', 'S 275']);
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`${where}, JavaScript off: B is a plain link to its listing, which lists its pages`, async () => {
    const { context: ctx, page: p } = await newPage(browser, { javaScriptEnabled: false });
    const off = watchNav(p);
    await p.goto(url(START), { waitUntil: 'load' });
    await assertCurrent(p, START, 'A 200');
    const items = await p.locator('.site-nav li[data-nav]').evaluateAll((lis) => lis.map((li) => ({
      text: li.textContent.trim(),
      href: li.querySelector('a') && li.querySelector('a').href,
      details: li.querySelectorAll('details').length,
      section: !!li.querySelector(':scope > a.nav-link-section'),
    })));
    assert.deepEqual(
      items,
      [['B', 'b/'], ['C', 'c/']].map(([text, path]) => ({ text, href: url(path), details: 0, section: true })),
      'the closed sections of the sidebar without JavaScript',
    );
    const link = p.locator('.site-nav li[data-nav] > a').filter({ hasText: /^B$/ });
    await link.click();
    await p.waitForURL(url('b/'));
    assert.equal((await p.locator('main h1').innerText()).trim(), 'B', 'the heading of B\'s listing');
    const hrefs = new Set(await p.locator('main a').evaluateAll((as) => as.map((a) => a.href)));
    const want = [...slugs('b/', 'b', 1, 30, 2), 'b/sub/'].map(url);
    const missing = want.filter((h) => !hrefs.has(h));
    assert.deepEqual(missing, [], 'links missing from B\'s listing page');
    assert.deepEqual(off, [], '_nav/ files requested without JavaScript');
    await ctx.close();
  });
});
