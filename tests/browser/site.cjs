// Real-browser checks of a built folio site on the default theme: the sidebar marks the
// current page, the phone menu opens with and without JavaScript, the dark-mode choice
// persists across pages, previous/next follow the reading order, the home page chart
// renders with its data table, and pages read and navigate with JavaScript off.
//
// Usage: node tests/browser/site.cjs <base-url> <site-root>
//   <base-url>   where the built site is served over HTTP, e.g. http://127.0.0.1:8000/
//   <site-root>  the site's source folder (its content/ gives the expected reading order)
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const {
  DESKTOP, PHONE, die, run, newPage, assertNoErrors, relPath, frontMatter, readingOrder, plain,
  luminance,
} = require('./lib.cjs');

const [base, siteRoot] = process.argv.slice(2);
if (!base || !siteRoot || !/^https?:\/\/.+\/$/.test(base)) {
  die('usage: node tests/browser/site.cjs <base-url ending in /> <site-root>');
}

const order = readingOrder(siteRoot);
// A page inside a section (e.g. factors/government-support/): its sidebar group must open.
const factor = order.find((p) => p.split('/').filter(Boolean).length >= 2);
if (!factor) die(`no page inside a section in ${siteRoot}/content`);
const factorSection = `${factor.split('/')[0]}/`;
const factorFile = path.join(siteRoot, 'content', `${factor.slice(0, -1)}.md`);
const sectionTitle = JSON.parse(frontMatter(path.join(siteRoot, 'content', factorSection, '_index.md')).get('title'));
const factorMd = frontMatter(factorFile);
const factorTitle = JSON.parse(factorMd.get('title'));
// The first plain paragraph of the factor page, as the reader should see it.
const firstParagraph = plain(
  factorMd.body.split(/\r?\n\s*\r?\n/).map((b) => b.trim()).find((b) => /^[A-Za-z]/.test(b)) || '',
).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').slice(0, 60);
if (firstParagraph.length < 20) die(`${factorFile}: no plain first paragraph to look for`);

const url = (p) => base + p;

/** The one `a[rel=…]` pager link in main, or null. */
async function pagerLink(page, rel) {
  const links = page.locator(`main a[rel~="${rel}"]`);
  const n = await links.count();
  assert.ok(n <= 1, `${page.url()}: ${n} links with rel="${rel}"`);
  return n ? links.first() : null;
}

/** Clicks `link` and waits until the page has left `from` and parsed the new document. */
async function follow(page, link) {
  const from = page.url();
  assert.ok(link, `${from}: no such pager link`);
  await link.click();
  await page.waitForURL((u) => u.href !== from);
  await page.waitForLoadState('domcontentloaded');
}

/** The sidebar link whose resolved href is `target` (a full URL). */
async function navLinkTo(page, target) {
  const hrefs = await page.locator('.site-nav a').evaluateAll((as) => as.map((a) => a.href));
  const i = hrefs.indexOf(target);
  assert.ok(i >= 0, `no sidebar link to ${target}; links: ${hrefs.join(', ')}`);
  return page.locator('.site-nav a').nth(i);
}

async function bodyBackground(page) {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

run('site', 150000, async (t) => {
  const { browser } = t;

  await t.check(`reading order from content/ is in the sitemap (${order.length} pages)`, async () => {
    const { context, page } = await newPage(browser);
    const res = await page.request.get(url('sitemap.xml'));
    assert.equal(res.status(), 200, 'sitemap.xml status');
    const locs = [...(await res.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.ok(locs.length, 'sitemap.xml lists no <loc>');
    const root = locs.reduce((a, b) => (a.length <= b.length ? a : b));
    const inSitemap = new Set(locs.map((l) => relPath(root, l)));
    for (const p of order) assert.ok(inSitemap.has(p), `"${p}" (from content/) is not in sitemap.xml`);
    await context.close();
  });

  await t.check(`sidebar marks the current page on ${factor} and opens its section`, async () => {
    const { context, page } = await newPage(browser);
    await page.goto(url(factor));
    const current = page.locator('.sidebar nav a[aria-current="page"]');
    assert.equal(await current.count(), 1, 'links with aria-current="page" in the sidebar nav');
    assert.equal(await current.evaluate((a) => a.href), url(factor), 'the marked link points elsewhere');
    assert.ok(await current.isVisible(), 'the marked link is not visible on a wide screen');
    const group = await current.evaluate((a) => {
      const d = a.closest('details');
      return d && !d.classList.contains('nav-toggle')
        ? { open: d.open, summary: d.querySelector('summary').textContent.trim() }
        : null;
    });
    assert.ok(group, 'the current link is not inside a section <details> of the sidebar');
    assert.equal(group.summary, sectionTitle, 'the enclosing <details> is not the page\'s section');
    assert.equal(group.open, true, `the "${sectionTitle}" <details> is closed`);
    assert.equal(await page.locator('script[src*="__folio"]').count(), 0, 'a built page loads the dev-server script');
    assertNoErrors(page);
    await context.close();
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';
    await t.check(`phone (390x844, ${mode}): the menu starts collapsed, "Menu" opens it`, async () => {
      const { context, page } = await newPage(browser, { viewport: PHONE, isMobile: true, javaScriptEnabled });
      await page.goto(url(factor));
      const toggle = page.locator('.sidebar summary', { hasText: 'Menu' });
      assert.ok(await toggle.isVisible(), 'no visible "Menu" control');
      const details = page.locator('.sidebar details.nav-toggle');
      assert.equal(await details.evaluate((d) => d.open), false, 'the menu starts open');
      const links = page.locator('.site-nav a');
      assert.ok((await links.count()) > 3, 'the sidebar has almost no links');
      const current = page.locator('.site-nav a[aria-current="page"]');
      assert.equal(await current.isVisible(), false, 'the nav links show before the menu opens');
      await toggle.click();
      await page.waitForFunction(() => document.querySelector('.nav-toggle').open);
      assert.ok(await current.isVisible(), 'the current page link is hidden after opening the menu');
      const last = await navLinkTo(page, url(order[order.length - 1]));
      assert.ok(await last.isVisible(), 'the last top-level link is hidden after opening the menu');
      await follow(page, last);
      assert.equal(page.url(), url(order[order.length - 1]), 'following a menu link');
      assertNoErrors(page);
      await context.close();
    });
  }

  await t.check('phone (360x740): after scrolling, the Menu button and the search stay in one bar at the top', async () => {
    const { context, page } = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true });
    await page.goto(url(factor));
    // The site title wraps at spaces: every word shows whole, nothing is clipped.
    const title = await page.locator('.site-title span').evaluate((el) => ({
      clipped: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
      text: el.textContent,
      ellipsis: getComputedStyle(el).textOverflow,
    }));
    assert.equal(title.clipped, false, `the site title "${title.text}" is cut at 360 px`);
    assert.notEqual(title.ellipsis, 'ellipsis', 'the site title is shortened with an ellipsis');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(200);
    assert.ok(await page.evaluate(() => window.scrollY) > 400, 'the page did not scroll');
    const box = async (sel) => page.locator(sel).first().boundingBox();
    const menu = await box('.nav-toggle > summary');
    const search = await box('#folio-search-q');
    assert.ok(menu && search, 'the Menu button or the search box is not rendered');
    for (const [name, b] of [['Menu', menu], ['search', search]]) {
      assert.ok(b.y >= 0 && b.y + b.height <= 64, `${name} is not at the top after scrolling: ${JSON.stringify(b)}`);
    }
    assert.ok(Math.abs((menu.y + menu.height / 2) - (search.y + search.height / 2)) < 4, 'Menu and search are not in one row');
    assert.ok(search.x >= menu.x + menu.width, 'the search box overlaps the Menu button');
    // What the bar holds works from there: the menu opens in view, the search takes focus.
    await page.locator('.nav-toggle > summary').click();
    const current = page.locator('.site-nav a[aria-current="page"]');
    await current.waitFor({ state: 'visible' });
    const cur = await current.boundingBox();
    assert.ok(cur.y >= 0 && cur.y < 740, `the opened menu is out of view: ${JSON.stringify(cur)}`);
    await page.locator('.nav-toggle > summary').click();
    await page.locator('#folio-search-q').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'folio-search-q', 'the search box does not take focus');
    assertNoErrors(page);
    await context.close();
  });

  await t.check('dark-mode toggle: the choice applies, persists to the next page, and toggles back', async () => {
    const { context, page } = await newPage(browser, { colorScheme: 'light' });
    await page.goto(url(''));
    const toggle = page.locator('.theme-toggle');
    await toggle.waitFor({ state: 'visible' });
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(await theme(), undefined, 'a theme is set before any choice');
    assert.ok(luminance(await bodyBackground(page)) > 0.5, `light system, light page: ${await bodyBackground(page)}`);
    await toggle.click();
    assert.equal(await theme(), 'dark', 'data-theme after one click');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'aria-pressed after one click');
    assert.ok(luminance(await bodyBackground(page)) < 0.1, `dark background after one click: ${await bodyBackground(page)}`);
    await page.goto(url(order[1]));
    assert.equal(await theme(), 'dark', `data-theme on ${order[1]}`);
    assert.ok(luminance(await bodyBackground(page)) < 0.1, `dark background on ${order[1]}: ${await bodyBackground(page)}`);
    await toggle.waitFor({ state: 'visible' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', `aria-pressed on ${order[1]}`);
    await toggle.click();
    assert.equal(await theme(), 'light', 'data-theme after toggling back');
    assert.ok(luminance(await bodyBackground(page)) > 0.5, `light background after toggling back: ${await bodyBackground(page)}`);
    await page.goto(url(factor));
    assert.equal(await theme(), 'light', `data-theme on ${factor} after toggling back`);
    assert.ok(luminance(await bodyBackground(page)) > 0.5, `light background on ${factor}`);
    assertNoErrors(page);
    await context.close();
  });

  await t.check('dark system setting: dark without a choice, and the toggle overrides it', async () => {
    const { context, page } = await newPage(browser, { colorScheme: 'dark' });
    await page.goto(url(''));
    const toggle = page.locator('.theme-toggle');
    await toggle.waitFor({ state: 'visible' });
    assert.ok(luminance(await bodyBackground(page)) < 0.1, `dark system, background ${await bodyBackground(page)}`);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'aria-pressed under a dark system setting');
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.ok(luminance(await bodyBackground(page)) > 0.5, `light choice, background ${await bodyBackground(page)}`);
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`rel="next" from the home page follows the reading order (${order.map((p) => `/${p}`).join(' → ')})`, async () => {
    const { context, page } = await newPage(browser);
    await page.goto(url(''));
    const seen = [relPath(base, page.url())];
    for (let link = await pagerLink(page, 'next'); link; link = await pagerLink(page, 'next')) {
      assert.ok(seen.length <= order.length, `rel="next" goes on past the end: ${seen.join(' → ')}`);
      await follow(page, link);
      seen.push(relPath(base, page.url()));
    }
    assert.deepEqual(seen, order, 'pages visited by following rel="next"');
    const back = [relPath(base, page.url())];
    for (let link = await pagerLink(page, 'prev'); link; link = await pagerLink(page, 'prev')) {
      assert.ok(back.length <= order.length, `rel="prev" goes on past the start: ${back.join(' → ')}`);
      await follow(page, link);
      back.push(relPath(base, page.url()));
    }
    assert.deepEqual(back, [...order].reverse(), 'pages visited by following rel="prev" back');
    assertNoErrors(page);
    await context.close();
  });

  await t.check('home page chart: an accessible SVG with a size, and a data table fallback', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(url(''));
    const svg = page.locator('main svg[role="img"]');
    assert.ok((await svg.count()) >= 1, 'no svg[role="img"] in main');
    const info = await svg.first().evaluate((s) => {
      const title = s.querySelector(':scope > title');
      const desc = s.querySelector(':scope > desc');
      const r = s.getBoundingClientRect();
      const bars = [...s.querySelectorAll('rect')].filter((b) => b.getBoundingClientRect().height > 1).length;
      return {
        title: title && title.textContent,
        desc: desc && desc.textContent,
        labelledby: (s.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean),
        ids: [title && title.id, desc && desc.id],
        width: r.width,
        height: r.height,
        bars,
      };
    });
    assert.ok(info.title && info.title.trim(), 'the chart has no <title>');
    assert.ok(info.desc, 'the chart has no <desc>');
    for (const v of ['7.5%', '85%']) assert.ok(info.desc.includes(v), `<desc> lacks ${v}: ${info.desc}`);
    for (const id of info.ids) assert.ok(info.labelledby.includes(id), `aria-labelledby ${info.labelledby} lacks ${id}`);
    assert.ok(info.width > 100 && info.height > 50, `rendered size ${info.width}x${info.height}`);
    assert.ok(info.bars >= 2, `only ${info.bars} visible bars`);
    const details = page.locator('main details', { has: page.locator('table') });
    assert.ok((await details.count()) >= 1, 'no <details> holding a <table> in main');
    const table = details.first().locator('table');
    await details.first().locator('summary').click();
    await table.waitFor({ state: 'visible' });
    const text = await table.innerText();
    for (const v of ['7.5', '85']) assert.ok(text.includes(v), `the data table lacks ${v}: ${text}`);
    assertNoErrors(page);
    await context.close();
  });

  await t.check(`JavaScript off: ${factor} reads, and previous/next work`, async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(url(factor));
    assert.equal(plain(await page.locator('main h1').innerText()), plain(factorTitle), 'the page heading');
    const content = page.locator('main .content');
    assert.ok(await content.first().isVisible(), 'the main text is not visible');
    const text = plain(await content.first().innerText());
    assert.ok(text.includes(firstParagraph), `the main text lacks "${firstParagraph}": ${text.slice(0, 300)}`);
    assert.ok(await page.locator('.site-nav a[aria-current="page"]').isVisible(), 'the sidebar is hidden on a wide screen');
    assert.equal(await page.locator('.theme-toggle').isVisible(), false, 'the theme toggle shows without JavaScript');
    const i = order.indexOf(factor);
    await follow(page, await pagerLink(page, 'next'));
    assert.equal(relPath(base, page.url()), order[i + 1], 'rel="next" without JavaScript');
    await follow(page, await pagerLink(page, 'prev'));
    assert.equal(relPath(base, page.url()), factor, 'rel="prev" back without JavaScript');
    await follow(page, await pagerLink(page, 'prev'));
    assert.equal(relPath(base, page.url()), order[i - 1], 'rel="prev" again without JavaScript');
    await context.close();
  });
});
