// Real-browser checks of the default theme's search box (partials/search.html and
// static/js/search.js): typing a query lists results, Enter opens the first one and a
// click opens one, each landing on a page (and heading) whose text contains the query;
// an unknown word finds nothing; without JavaScript the box stays hidden. Works over
// http and from file:// (a site built with `relative_urls = true`).
//
// Usage: node tests/browser/search.cjs <start-url> <query>
//   <start-url>  a page of the built site, e.g. http://127.0.0.1:8000/ or
//                file:///tmp/x/public/index.html
//   <query>      one word that some page's text contains
'use strict';

const assert = require('node:assert/strict');
const { die, run, newPage, assertNoErrors, until } = require('./lib.cjs');

const [start, query] = process.argv.slice(2);
if (!start || !query || !/^(https?|file):\/\//.test(start)) {
  die('usage: node tests/browser/search.cjs <start-url (http:// or file://)> <query>');
}
const where = start.startsWith('file:') ? 'file://' : 'http';
const INPUT = 'form[role="search"] input.search-input';

/** The visible result links for the box (in the list its `aria-controls` names). */
async function results(page) {
  const list = await page.locator(INPUT).getAttribute('aria-controls');
  const scope = list ? page.locator(`[id="${list}"]`) : page.locator('form[role="search"]');
  return scope.locator('a[href]:visible');
}

/** Types `q` into the search box like a person and waits for at least one result. */
async function search(page, q) {
  const input = page.locator(INPUT);
  await input.waitFor({ state: 'visible' });
  await input.click();
  await input.fill('');
  await input.pressSequentially(q, { delay: 30 });
  const links = await results(page);
  // The box searches again as each letter arrives: wait until the list has stopped
  // changing, so that it shows the whole word's results.
  let last = '', same = 0;
  try {
    await until(`settled results for "${q}"`, async () => {
      const now = (await links.count()) ? await links.evaluateAll((as) => as.map((a) => a.href).join(' ')) : '';
      same = now && now === last ? same + 1 : 0;
      last = now;
      return same >= 4;
    }, 10000, 150);
  } catch (e) {
    const status = await page.locator('form[role="search"] [role="status"]').textContent().catch(() => null);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter((s) => s.includes('search')));
    throw new Error(`${e.message}\n  search status: ${JSON.stringify(status)}\n  search scripts: ${scripts.join(', ')}`);
  }
  return links;
}

/** Asserts the page is `href` (a search result) and its text contains the query. */
async function landedOn(page, href) {
  await page.waitForLoadState('domcontentloaded');
  const want = new URL(href);
  const got = new URL(page.url());
  assert.equal(got.href.replace(/#.*$/, ''), want.href.replace(/#.*$/, ''), 'the page the result opened');
  const text = await page.locator('main').innerText();
  assert.ok(text.toLowerCase().includes(query.toLowerCase()), `${page.url()} does not contain "${query}"`);
  if (want.hash) {
    const id = decodeURIComponent(want.hash.slice(1));
    assert.equal(got.hash, want.hash, 'the heading the result points to');
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `no element with id "${id}" on ${page.url()}`);
  }
}

run(`search (${where})`, 90000, async (t) => {
  const { browser } = t;

  await t.check(`${where}: typing "${query}" lists results and Enter opens the first`, async () => {
    const { context, page } = await newPage(browser);
    await page.goto(start);
    const links = await search(page, query);
    const n = await links.count();
    const first = await links.first().evaluate((a) => a.href);
    const text = (await links.first().innerText()).replace(/\s+/g, ' ');
    console.log(`  ${n} result(s); first: ${text.slice(0, 100)} -> ${first}`);
    const from = page.url();
    await page.locator(INPUT).press('Enter');
    await page.waitForURL((u) => u.href !== from, { timeout: 8000 });
    await landedOn(page, first);
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`${where}: clicking a result opens it, from another page`, async () => {
    const { context, page } = await newPage(browser);
    await page.goto(start);
    // Search again from the page the home page links to first (relative URLs differ there).
    const other = await page.locator('main a[rel~="next"]').evaluate((a) => a.href);
    await page.goto(other);
    const links = await search(page, query);
    const last = links.nth((await links.count()) - 1);
    const href = await last.evaluate((a) => a.href);
    const from = page.url();
    await last.click();
    await page.waitForURL((u) => u.href !== from, { timeout: 8000 });
    await landedOn(page, href);
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`${where}: a word no page contains finds nothing`, async () => {
    const { context, page } = await newPage(browser);
    await page.goto(start);
    const input = page.locator(INPUT);
    await input.click();
    await input.pressSequentially('qqzxjv', { delay: 30 });
    const status = page.locator('form[role="search"] [role="status"]');
    await until('the "No results" status', async () => /no results/i.test(await status.textContent()), 8000);
    assert.equal(await (await results(page)).count(), 0, 'result links for a word no page contains');
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`${where}: without JavaScript the search box stays hidden`, async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(start);
    assert.equal(await page.locator('form[role="search"]').count(), 1, 'no search form in the page');
    assert.equal(await page.locator(INPUT).isVisible(), false, 'a search box that cannot work is shown');
    await context.close();
  });
});
