// Real-browser checks of what the search box forgives (static/js/search.js): each query
// below is typed like a person would, and its first result must be the page (and
// heading) named beside it. The expected results were read off the shipped site's
// content (and the Chinese page that tests/integration/browser.rs adds to it), not
// recorded from the engine: the reason stands beside each. Then one check of the table
// of contents after jumping to a result on a short page.
//
// Usage: node tests/browser/search_queries.cjs <start-url>
//   <start-url>  the home page of the built site, e.g. http://127.0.0.1:8000/
'use strict';

const assert = require('node:assert/strict');
const { die, run, newPage, assertNoErrors, until, relPath } = require('./lib.cjs');

const [start] = process.argv.slice(2);
if (!start || !/^https?:\/\//.test(start)) die('usage: node tests/browser/search_queries.cjs <http start-url>');
const INPUT = 'form[role="search"] input.search-input';

// [typed, expected first result (path#heading), why]
const QUERIES = [
  ['subsidies ', 'factors/government-support/#measures', 'the one section whose text has the word'],
  ['subsidy ', 'factors/government-support/#measures', 'same stem as "subsidies", which only that section has'],
  ['partnership ', 'factors/strategic-partnerships/', 'stem of "partnerships", in that page\'s title'],
  ['invest ', 'implications/global-leadership/#established-hubs',
    'the one section with "invest" as typed, above the "Investment" heading, a stem match'],
  ['volkswagon ', 'factors/technological-infrastructure/#volkswagen-anhui-factory',
    'one letter from "Volkswagen", the only heading with the word'],
  ['bolkswagen ', 'factors/technological-infrastructure/#volkswagen-anhui-factory', 'a typo in the first letter'],
  ['volkswgaen ', 'factors/technological-infrastructure/#volkswagen-anhui-factory', 'two letters swapped'],
  ['partn', 'factors/strategic-partnerships/', 'unfinished "partnerships", in that page\'s title'],
  ['volkswagn', 'factors/technological-infrastructure/#volkswagen-anhui-factory', 'unfinished, with a letter missing'],
  ['subsid', 'factors/government-support/#measures', 'unfinished "subsidies"'],
  ['volk', 'factors/technological-infrastructure/#volkswagen-anhui-factory', 'the start of "Volkswagen", too short for typos'],
  ['补贴', 'zh/#butie', 'the Chinese page\'s heading "购车补贴"'],
  ['anhui factory ', 'factors/technological-infrastructure/#volkswagen-anhui-factory', 'both words in one heading'],
];

/** Types `q` into the box of a fresh page and returns the first result's href. */
async function firstResult(page, q) {
  const input = page.locator(INPUT);
  await input.waitFor({ state: 'visible' });
  await input.click();
  await input.fill('');
  await input.pressSequentially(q, { delay: 20 });
  const links = page.locator('#folio-search-list a[href]:visible');
  const status = page.locator('form[role="search"] [role="status"]');
  // The box searches again as each letter arrives: wait until the list has stopped
  // changing, so that it shows the whole query's results.
  let last = '', same = 0;
  try {
    await until(`settled results for "${q}"`, async () => {
      const now = (await links.count()) ? (await links.evaluateAll((as) => as.map((a) => a.href).join(' '))) : '';
      same = now && now === last ? same + 1 : 0;
      last = now;
      return same >= 4;
    }, 10000, 150);
  } catch (e) {
    throw new Error(`${e.message}\n  status: ${JSON.stringify(await status.textContent())}`);
  }
  return last.split(' ')[0];
}

run('search queries', 120000, async (t) => {
  const { browser } = t;
  const { context, page } = await newPage(browser);
  await page.goto(start);
  for (const [q, want, why] of QUERIES) {
    await t.check(`"${q.trim()}"${q.endsWith(' ') ? '' : ' (unfinished)'} finds ${want} first: ${why}`, async () => {
      const href = await firstResult(page, q);
      assert.equal(relPath(start, href) + new URL(href).hash, want, `first result for "${q}"`);
    });
  }
  await t.check('a word no page has, nor any word one edit from it, finds nothing', async () => {
    const input = page.locator(INPUT);
    await input.fill('');
    await input.pressSequentially('qqzxjvkw ', { delay: 20 });
    const status = page.locator('form[role="search"] [role="status"]');
    await until('the "No results" status', async () => /no results/i.test(await status.textContent()), 8000);
  });
  assertNoErrors(page);
  await context.close();

  await t.check('after jumping to a result on a short page, the contents highlight its heading', async () => {
    // A tall window, so that the page is short next to it.
    const { context, page } = await newPage(browser, { viewport: { width: 1280, height: 1600 } });
    await page.goto(start);
    const href = await firstResult(page, 'subsidies ');
    await page.locator(INPUT).press('Enter');
    await page.waitForURL((u) => u.hash === '#measures', { timeout: 8000 });
    // The page is short: the jump left it at its end, with the target below the top and
    // the last heading in view too.
    const last = page.locator('.toc a[href="#effect"]');
    assert.equal(await last.count(), 1, 'the contents list the last heading');
    await page.waitForLoadState('load');
    const atEnd = () => page.evaluate(() => document.documentElement.scrollHeight - innerHeight - scrollY < 5);
    await until(`${href} at its end after the jump (else this is no short page)`, atEnd, 5000);
    const active = page.locator('.toc a.is-active');
    await until('one highlighted entry', async () => (await active.count()) === 1, 5000);
    await page.waitForTimeout(300);
    assert.equal(await active.getAttribute('href'), '#measures', 'the highlighted entry');
    assert.equal(await active.getAttribute('aria-current'), 'true');
    assertNoErrors(page);
    await context.close();
  });
});
