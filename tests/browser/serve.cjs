// Real-browser checks of `folio serve`: a saved Markdown edit shows up without a manual
// reload and keeps the scroll position, a CSS edit is swapped in without a reload, a
// broken front matter shows the error overlay (also on a fresh load), and the fix clears it.
//
// Usage: node tests/browser/serve.cjs <base-url> <site-root>
//   <base-url>   what `folio serve` printed, e.g. http://127.0.0.1:40123/
//   <site-root>  the folder it serves: a scratch copy, since this script edits its files
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { die, run, newPage, assertNoErrors, until, readingOrder, plain } = require('./lib.cjs');

const [base, siteRoot] = process.argv.slice(2);
if (!base || !siteRoot || !/^https?:\/\/.+\/$/.test(base)) {
  die('usage: node tests/browser/serve.cjs <base-url ending in /> <site-root (a scratch copy)>');
}

const order = readingOrder(siteRoot);
const factor = order.find((p) => p.split('/').filter(Boolean).length >= 2);
if (!factor) die(`no page inside a section in ${siteRoot}/content`);
const mdRel = `content/${factor.slice(0, -1)}.md`;
const mdFile = path.join(siteRoot, mdRel);
const original = fs.readFileSync(mdFile, 'utf8');
const cssFile = path.join(siteRoot, 'themes/folio/static/css/folio.css');
const nonce = Date.now().toString(36);

/** `original` with its first body paragraph replaced by `sentence` (and `title` line by `title`). */
function edited(sentence, title) {
  const m = /^(\+\+\+\r?\n[\s\S]*?\r?\n\+\+\+\r?\n\s*)([^\n]+)/.exec(original);
  if (!m) die(`${mdFile}: cannot find the first paragraph after the front matter`);
  let text = m[1] + sentence + original.slice(m[0].length);
  if (title !== undefined) {
    assert.match(text, /^title = .*$/m, `${mdFile}: no title line`);
    text = text.replace(/^title = .*$/m, title);
  }
  return text;
}

/** Writes a file the way an editor's plain save does. */
function save(file, text) {
  fs.writeFileSync(file, text);
}

const mainText = (page) => page.evaluate(() => document.querySelector('main').innerText);

run('serve', 120000, async (t) => {
  const { browser } = t;
  // A short window, so that the page scrolls and the edited paragraph is off screen.
  const { context, page } = await newPage(browser, { viewport: { width: 1000, height: 450 } });
  let streams = 0;
  page.on('response', (r) => {
    if (r.url().includes('/__folio/events')) streams += 1;
  });
  // Resolves once the page (re)opened its event stream, so that no notice is missed.
  const connected = (after) => until('the live-reload event stream', () => streams > after);

  await t.check(`${factor} is served with the live-reload script and connects`, async () => {
    await page.goto(base + factor);
    assert.equal(await page.locator('script[src*="__folio"]').count() >= 1, true, 'no live-reload script');
    await connected(0);
  });

  let scrolled = 0;
  await t.check(`editing ${mdRel} updates the open page without a manual reload and keeps its scroll`, async () => {
    const max = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    assert.ok(max > 100, `the page does not scroll (${max} px) in this window`);
    scrolled = await page.evaluate((y) => {
      window.scrollTo({ top: y, behavior: 'instant' });
      window.folioMarker = 'before';
      return window.scrollY;
    }, Math.min(300, Math.round(max / 2)));
    assert.ok(scrolled > 50, `could not scroll down (scrollY ${scrolled})`);
    const sentence = `Live reload check ${nonce} changed this sentence while the page was open.`;
    const seen = streams;
    save(mdFile, edited(sentence));
    await until(`"${sentence}" on the page`, async () => (await mainText(page)).includes(sentence), 8000);
    // A body edit is patched into the open page: no reload, so the page keeps its state
    // (the marker) and its scroll position.
    assert.equal(await page.evaluate(() => window.folioMarker), 'before', 'the page reloaded for a body edit');
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(y - scrolled) <= 40, `scrollY moved from ${scrolled} to ${y}`);
    console.log(`  scrollY ${scrolled} before, ${y} after the update`);
    assert.equal(streams, seen, 'the event stream reconnected, so the page reloaded');
  });

  await t.check('editing the theme CSS restyles the page without reloading it', async () => {
    await page.evaluate(() => { window.folioMarker = 'css'; });
    const css = fs.readFileSync(cssFile, 'utf8');
    save(cssFile, `${css}\n.doc-header h1 { outline: 3px solid rgb(1, 2, 3); }\n`);
    await until(
      'the new outline colour on the h1',
      async () => (await page.evaluate(() => getComputedStyle(document.querySelector('main h1')).outlineColor)) === 'rgb(1, 2, 3)',
      8000,
    );
    assert.equal(await page.evaluate(() => window.folioMarker), 'css', 'the page reloaded for a CSS change');
    save(cssFile, css);
    await until(
      'the outline to go again',
      async () => (await page.evaluate(() => getComputedStyle(document.querySelector('main h1')).outlineColor)) !== 'rgb(1, 2, 3)',
      8000,
    );
  });

  const fileName = path.basename(mdFile);
  await t.check(`breaking the front matter of ${mdRel} shows the error overlay naming the file`, async () => {
    const good = await mainText(page);
    save(mdFile, edited(`Broken ${nonce}.`, 'title = '));
    const overlay = page.locator('#folio-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 8000 });
    const message = await overlay.innerText();
    assert.ok(message.includes(fileName), `the overlay does not name ${fileName}:\n${message}`);
    assert.equal(await mainText(page), good, 'the page under the overlay changed');
  });

  await t.check('a page opened while the build is broken shows the overlay at once', async () => {
    const other = await context.newPage();
    await other.goto(base + order[0]);
    const overlay = other.locator('#folio-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 5000 });
    assert.ok((await overlay.innerText()).includes(fileName), 'the overlay does not name the file');
    await other.close();
  });

  await t.check('fixing the front matter removes the overlay and shows the fixed content', async () => {
    const sentence = `Fixed front matter ${nonce}: the page shows this sentence.`;
    save(mdFile, edited(sentence));
    await until(`"${sentence}" on the page`, async () => (await mainText(page)).includes(sentence), 8000);
    await until('the overlay to go', async () => (await page.locator('#folio-error-overlay').count()) === 0, 5000);
    const title = JSON.parse(/^title = (.*)$/m.exec(original)[1]);
    assert.equal(plain(await page.locator('main h1').innerText()), plain(title), 'the heading after the fix');
    assertNoErrors(page);
  });

  save(mdFile, original);
  await context.close();
});
