// Real-browser checks of the default theme's widgets on the showcase fixture
// (tests/fixtures/showcase), and of the contrast of `folio serve`'s error overlay.
//
// Usage:
//   node tests/browser/widgets.cjs site <base-url> <site-root>
//     the built showcase site served at <base-url>: copy buttons on code blocks (the exact
//     text copied, with the Clipboard API and with its fallback, the live region, the
//     keyboard, no overlap on phones) and content tabs (without JavaScript every panel under
//     its label; with it the WAI-ARIA tabs pattern, keys, sync and memory), and no axe
//     violation on the page, light and dark.
//   node tests/browser/widgets.cjs file <file-url> <site-root>
//     the showcase built with relative URLs and opened from file://: widgets.js loads, a
//     copy works (through whichever way the browser allows there) and tabs are tabs.
//   node tests/browser/widgets.cjs overlay <base-url> <site-root>
//     `folio serve` of a scratch copy of the showcase at <base-url>: breaks a page's front
//     matter and runs axe's colour-contrast rule on the error overlay, light and dark, by
//     the system setting and by the theme's own choice (data-theme).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { die, run, newPage, assertNoErrors, until, DESKTOP, PHONE, luminance } = require('./lib.cjs');

const [mode, base, siteRoot] = process.argv.slice(2);
if (!['site', 'overlay', 'file'].includes(mode) || !base || !siteRoot || !/^(https?|file):\/\/.+\/$/.test(base)) {
  die('usage: node tests/browser/widgets.cjs site|overlay|file <base-url ending in /> <site-root>');
}

let AXE;
try {
  AXE = require.resolve('axe-core/axe.min.js');
} catch (e) {
  die(`axe-core is not installed in tests/browser/node_modules (${e.code}); run \`scripts/install-test-deps.sh\``);
}

/** Runs axe on `page` (only `rules`, if given; within `selector`, if given). */
async function axe(page, rules, selector) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  return page.evaluate(
    ([only, within]) => window.axe.run(within ? document.querySelector(within) : document, only ? { runOnly: { type: 'rule', values: only } } : {}),
    [rules, selector],
  );
}

function describe(violations) {
  return violations
    .map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`)
    .join('\n  ');
}

/**
 * The code of the first fenced block in `md` whose info string passes `wanted`, as a
 * reader should get it: the lines that `hide_lines` leaves out are dropped.
 */
function fenceText(md, wanted) {
  const re = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(md));) {
    if (!wanted(m[1])) continue;
    const lines = m[2].replace(/\n$/, '').split('\n');
    const hide = new Set();
    const h = /hide_lines=([\d -]+?)(,|$)/.exec(m[1]);
    for (const part of h ? h[1].trim().split(/\s+/) : []) {
      const [a, b = a] = part.split('-').map(Number);
      for (let i = a; i <= b; i++) hide.add(i);
    }
    return lines.filter((_, i) => !hide.has(i + 1)).join('\n');
  }
  throw new Error(`no such fence in the page's Markdown (${wanted})`);
}

/** Waits until widgets.js has given every code block its button and every group its tabs. */
const ready = (page) => page.waitForFunction(
  () => document.querySelectorAll('.content pre:not([data-copy]), .tabs:not([data-tabs-ready])').length === 0,
  null,
  { timeout: 5000 },
);

/** The state of every tab group on the page, read from the DOM. */
const groupsOf = (page) => page.evaluate(() => Array.from(document.querySelectorAll('.content .tabs'), (box) => {
  const lists = box.querySelectorAll(':scope > [role="tablist"]');
  const tabs = Array.from(box.querySelectorAll('[role="tab"]'), (t) => {
    const panel = document.getElementById(t.getAttribute('aria-controls'));
    return {
      label: t.textContent,
      id: t.id,
      selected: t.getAttribute('aria-selected'),
      tabindex: t.getAttribute('tabindex'),
      panelRole: panel && panel.getAttribute('role'),
      panelLabelledBy: panel && panel.getAttribute('aria-labelledby'),
      panelVisible: !!panel && panel.checkVisibility(),
      panelInBox: !!panel && panel.parentElement === box,
      labelLineVisible: !!panel && Array.from(panel.querySelectorAll('.tab-label')).some((l) => l.checkVisibility()),
    };
  });
  return { lists: lists.length, panels: box.querySelectorAll(':scope > .tab-panel').length, tabs };
}));

const selectedLabels = async (page) => (await groupsOf(page)).map((g) => (g.tabs.find((t) => t.selected === 'true') || {}).label);

async function copyChecks(t, browser) {
  const md = fs.readFileSync(path.join(siteRoot, 'content/code.md'), 'utf8');
  const titled = fenceText(md, (info) => info.includes('title="src/main.rs"'));
  const plainCmd = fenceText(md, (info) => info === 'sh');
  const permissions = ['clipboard-read', 'clipboard-write'];
  const { context, page } = await newPage(browser, { permissions });
  await page.goto(`${base}code/`);
  await ready(page);
  const readClipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const status = page.locator('main [role="status"]');

  await t.check('widgets.js loads only on pages with code blocks or tabs, and leaves no script element', async () => {
    const { context: c0, page: p0 } = await newPage(browser);
    const loads = [];
    p0.on('request', (r) => { if (r.url().includes('/js/widgets.js')) loads.push(r.url()); });
    await p0.goto(base);
    await p0.waitForLoadState('networkidle');
    assert.equal(await p0.locator('.content pre, .tabs').count(), 0, 'the home page has code or tabs');
    assert.deepEqual(loads, [], 'the home page loaded widgets.js');
    await p0.goto(`${base}code/`);
    await ready(p0);
    await until('the copy buttons', async () => (await p0.locator('.code-copy').count()) > 0, 5000);
    assert.equal(loads.length, 1, 'widgets.js loads once on the code page');
    assert.equal(await p0.locator('script[src*="widgets.js"]').count(), 0, 'its script element stayed in the page');
    assertNoErrors(p0);
    await c0.close();
  });

  await t.check('every code block has a copy button named "Copy code"', async () => {
    await until('the copy buttons', async () => (await page.locator('.content .code-copy').count()) > 0, 5000);
    const blocks = await page.locator('.content pre').count();
    assert.ok(blocks >= 7, `only ${blocks} code blocks on the showcase page`);
    const buttons = page.getByRole('button', { name: 'Copy code' });
    // Buttons in tab panels that are not chosen are hidden with their panel.
    assert.equal(await page.locator('.content .code-copy').count(), blocks, 'code blocks and copy buttons');
    assert.ok((await buttons.count()) >= 4, 'copy buttons the accessibility tree names "Copy code"');
    assert.equal(await page.locator('.content .code-copy').first().innerText(), 'Copy', 'the visible label');
  });

  await t.check('clicking copies the code exactly, without line numbers or hidden lines, and says "Copied"', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    const button = page.locator('figure.code-block:has(.linenos) .code-copy');
    await button.click();
    await until('the clipboard to change', async () => (await readClipboard()) !== 'nothing yet', 3000);
    assert.equal(await readClipboard(), titled);
    assert.ok(!/^\s*1\d/m.test(await readClipboard()), 'line numbers were copied');
    await until('"Copied" in the live region', async () => (await status.textContent()) === 'Copied', 3000);
    assert.equal(await status.getAttribute('role'), 'status', 'the live region is polite (role=status)');
    assert.equal(await button.innerText(), 'Copied', 'the button shows "Copied"');
    const violations = (await axe(page, ['color-contrast'], 'figure.code-block:has(.linenos)')).violations;
    assert.deepEqual(violations, [], `the "Copied" state:\n  ${describe(violations)}`);
    await until('the button to say "Copy" again', async () => (await button.innerText()) === 'Copy', 4000);
  });

  await t.check('the copy button is reached with Tab and works with Enter and with Space', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await page.locator('h2#plain a.anchor').focus();
    let name = '';
    for (let i = 0; i < 5 && name !== 'code-copy'; i++) {
      await page.keyboard.press('Tab');
      name = await page.evaluate(() => document.activeElement.className.trim());
    }
    assert.equal(name, 'code-copy', 'Tab after the "Plain" heading did not reach its copy button');
    await page.keyboard.press('Enter');
    await until('the clipboard to hold the command', async () => (await readClipboard()) === plainCmd, 3000);
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await page.keyboard.press('Space');
    await until('the clipboard to hold it again', async () => (await readClipboard()) === plainCmd, 3000);
  });
  assertNoErrors(page);
  await context.close();

  await t.check('where the Clipboard API refuses, the fallback copies the same text', async () => {
    const { context: c2, page: p2 } = await newPage(browser, { permissions });
    await p2.addInitScript(() => {
      window.folioApiCalls = 0;
      Clipboard.prototype.writeText = function refuse() {
        window.folioApiCalls += 1;
        return Promise.reject(new DOMException('refused', 'NotAllowedError'));
      };
    });
    await p2.goto(`${base}code/`);
    await ready(p2);
    await p2.evaluate(() => navigator.clipboard.readText()); // the page may read
    await p2.locator('figure.code-block:has(.linenos) .code-copy').click();
    await until('"Copied" in the live region', async () => (await p2.locator('main [role="status"]').textContent()) === 'Copied', 3000);
    assert.equal(await p2.evaluate(() => window.folioApiCalls), 1, 'the Clipboard API was not tried first');
    assert.equal(await p2.evaluate(() => navigator.clipboard.readText()), titled);
    assertNoErrors(p2);
    await c2.close();
  });

  for (const [name, viewport] of [['a phone', PHONE], ['a laptop', DESKTOP]]) await t.check(`on ${name} no copy button covers code text or a title`, async () => {
    const { context: c3, page: p3 } = await newPage(browser, { viewport });
    await p3.goto(`${base}code/`);
    await ready(p3);
    const overlaps = await p3.evaluate(() => {
      const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom && a.width > 0 && b.width > 0;
      const rects = (node) => { const r = document.createRange(); r.selectNodeContents(node); return Array.from(r.getClientRects()); };
      const out = [];
      for (const button of document.querySelectorAll('.content .code-copy')) {
        const b = button.getBoundingClientRect();
        if (!b.width) continue; // in a tab panel that is not chosen
        const box = button.parentElement;
        const pre = box.querySelector('pre');
        const title = box.querySelector('.code-title');
        if (rects(pre.querySelector('code')).some((r) => hit(r, b))) out.push(`code of ${pre.textContent.slice(0, 30)}`);
        if (title && rects(title).some((r) => hit(r, b))) out.push(`title ${title.textContent}`);
      }
      return out;
    });
    assert.deepEqual(overlaps, [], `copy buttons over text at ${viewport.width} px`);
    await c3.close();
  });
}

async function tabChecks(t, browser) {
  await t.check('without JavaScript every panel shows under its visible label, and no copy button', async () => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${base}code/`);
    const panels = await page.evaluate(() => Array.from(document.querySelectorAll('.content .tab-panel'), (p) => {
      const label = p.querySelector('.tab-label');
      return {
        want: p.getAttribute('data-tab'),
        label: label && label.checkVisibility() ? label.textContent : null,
        first: p.firstElementChild === label,
        visible: p.checkVisibility() && p.getBoundingClientRect().height > label.getBoundingClientRect().height,
      };
    }));
    assert.equal(panels.length, 9, 'tab panels on the page');
    for (const p of panels) {
      assert.equal(p.label, p.want, 'a panel without its visible label');
      assert.ok(p.first && p.visible, `panel ${p.want} is not shown under its label`);
    }
    assert.equal(await page.locator('[role="tablist"], .code-copy').count(), 0, 'tabs or copy buttons without JavaScript');
    await context.close();
  });

  const { context, page } = await newPage(browser);
  await page.goto(`${base}code/`);
  await ready(page);
  await t.check('with JavaScript each group follows the WAI-ARIA tabs pattern, with ids unique on the page', async () => {
    const groups = await groupsOf(page);
    assert.equal(groups.length, 3, 'tab groups');
    for (const g of groups) {
      assert.equal(g.lists, 1, 'one tablist per group');
      assert.equal(g.tabs.length, g.panels, 'a tab per panel');
      assert.equal(g.tabs.filter((x) => x.selected === 'true').length, 1, 'one selected tab');
      for (const x of g.tabs) {
        const on = x.selected === 'true';
        assert.equal(x.selected, on ? 'true' : 'false');
        assert.equal(x.tabindex, on ? '0' : '-1', `roving tabindex on ${x.label}`);
        assert.equal(x.panelRole, 'tabpanel', `the panel of ${x.label}`);
        assert.equal(x.panelLabelledBy, x.id, `aria-labelledby of ${x.label}'s panel`);
        assert.ok(x.panelInBox, `${x.label}'s panel is in another group`);
        assert.equal(x.panelVisible, on, `${x.label}'s panel visibility`);
        assert.equal(x.labelLineVisible, false, `${x.label}'s label line still shows`);
      }
    }
    const dupes = await page.evaluate(() => {
      const seen = new Map();
      for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    });
    assert.deepEqual(dupes, [], 'duplicate ids');
    assert.deepEqual(await selectedLabels(page), ['Rust', 'Rust', 'Linux'], 'the first tab of each group, before any choice');
  });

  await t.check('arrow keys, Home and End move focus and select (automatic activation), wrapping', async () => {
    const tabs = page.locator('.tabs').nth(2).getByRole('tab');
    const focused = () => page.evaluate(() => document.activeElement.textContent);
    await tabs.first().focus();
    const steps = [['ArrowRight', 'macOS'], ['ArrowRight', 'Windows'], ['ArrowRight', 'Linux'], ['ArrowLeft', 'Windows'], ['Home', 'Linux'], ['End', 'Windows']];
    for (const [key, want] of steps) {
      await page.keyboard.press(key);
      assert.equal(await focused(), want, `focus after ${key}`);
      assert.equal((await selectedLabels(page))[2], want, `selected after ${key}`);
    }
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tabpanel', 'Tab from the tab list goes to the panel');
  });

  await t.check('choosing a label selects it in every group with that label, and only there', async () => {
    await page.locator('.tabs').nth(0).getByRole('tab', { name: 'Python' }).click();
    assert.deepEqual(await selectedLabels(page), ['Python', 'Python', 'Windows']);
    await page.locator('.tabs').nth(1).getByRole('tab', { name: 'Shell' }).click();
    assert.deepEqual(await selectedLabels(page), ['Shell', 'Shell', 'Windows']);
    await page.locator('.tabs').nth(1).getByRole('tab', { name: 'Python' }).click();
    assert.deepEqual(await selectedLabels(page), ['Python', 'Python', 'Windows']);
  });

  await t.check('a wide code block in a panel shown later is reachable by keyboard', async () => {
    // A resize re-checks which blocks scroll; the hidden Shell block then does not.
    await page.setViewportSize({ width: 1200, height: 800 });
    const shellPre = page.locator('.tabs').nth(0).locator('[data-tab="Shell"] pre');
    await until('the hidden block to lose its tabindex', async () => (await shellPre.getAttribute('tabindex')) === null, 3000);
    await page.locator('.tabs').nth(0).getByRole('tab', { name: 'Shell' }).click();
    await until('the shown block to get tabindex=0', async () => (await shellPre.getAttribute('tabindex')) === '0', 3000);
    await page.locator('.tabs').nth(0).getByRole('tab', { name: 'Python' }).click();
    await page.setViewportSize(DESKTOP);
  });

  await t.check('the choice is remembered after a reload and on another page', async () => {
    await page.reload();
    await ready(page);
    assert.deepEqual(await selectedLabels(page), ['Python', 'Python', 'Windows'], 'after a reload');
    await page.getByRole('link', { name: 'Tabs', exact: true }).first().click();
    await page.waitForURL(/\/tabs\/$/);
    await ready(page);
    assert.deepEqual(await selectedLabels(page), ['Python'], 'on the tabs page (whose first tab is Rust)');
    await page.getByRole('tab', { name: 'Rust' }).click();
    await page.goBack();
    await ready(page);
    assert.deepEqual(await selectedLabels(page), ['Rust', 'Rust', 'Windows'], 'back on the first page: the latest choice');
    assertNoErrors(page);
  });
  await context.close();

  await t.check('a link to a heading in a hidden panel chooses its tab', async () => {
    const { context: c2, page: p2 } = await newPage(browser);
    await p2.goto(`${base}code/`);
    await ready(p2);
    assert.deepEqual(await selectedLabels(p2), ['Rust', 'Rust', 'Linux']);
    await p2.locator('.toc a[href="#terminal-on-a-mac"]').click();
    await until('macOS to be chosen', async () => (await selectedLabels(p2))[2] === 'macOS', 3000);
    assert.ok(await p2.locator('#terminal-on-a-mac').isVisible(), 'the heading is not shown');
    // Choose Linux again, so that only the link can choose macOS.
    await p2.locator('.tabs').nth(2).getByRole('tab', { name: 'Linux' }).click();
    await p2.goto(`${base}tabs/`);
    await ready(p2);
    await p2.goto(`${base}code/#terminal-on-a-mac`);
    await ready(p2);
    assert.equal((await selectedLabels(p2))[2], 'macOS', 'opening the page at the heading');
    await c2.close();
  });

  await t.check('tabs work, without errors, where storage throws', async () => {
    const { context: c2, page: p2 } = await newPage(browser);
    await p2.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    await p2.goto(`${base}code/`);
    await ready(p2);
    await p2.locator('.tabs').nth(0).getByRole('tab', { name: 'Shell' }).click();
    assert.deepEqual(await selectedLabels(p2), ['Shell', 'Shell', 'Linux']);
    assertNoErrors(p2);
    await c2.close();
  });

  for (const scheme of ['light', 'dark']) {
    await t.check(`no axe violations on the code page in ${scheme} mode (copy buttons and tabs shown)`, async () => {
      const { context: c3, page: p3 } = await newPage(browser, { colorScheme: scheme });
      await p3.goto(`${base}code/`);
      await ready(p3);
      const { violations } = await axe(p3);
      assert.deepEqual(violations, [], describe(violations));
      await c3.close();
    });
  }
}

/** Checks the overlay's text contrast with axe, and that its background is `want`. */
async function overlayContrast(page, want) {
  const { violations, passes, incomplete } = await axe(page, ['color-contrast'], '#folio-error-overlay');
  assert.deepEqual(violations, [], describe(violations));
  const unsure = incomplete.flatMap((r) => r.nodes.map((n) => n.target.join(' ')));
  assert.deepEqual(unsure, [], 'axe could not decide the contrast of these');
  const checked = passes.flatMap((r) => r.nodes).length;
  assert.ok(checked >= 3, `axe checked only ${checked} text elements of the overlay`);
  const bg = await page.evaluate(() => getComputedStyle(document.getElementById('folio-error-overlay')).backgroundColor);
  assert.equal(luminance(bg) > 0.5 ? 'light' : 'dark', want, `overlay background ${bg}`);
}

async function overlayChecks(t, browser) {
  const mdFile = path.join(siteRoot, 'content/code.md');
  const original = fs.readFileSync(mdFile, 'utf8');
  const { context, page } = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  let streams = 0;
  page.on('response', (r) => { if (r.url().includes('/__folio/events')) streams += 1; });
  await page.goto(`${base}code/`);
  await ready(page);
  await until('the live-reload event stream', () => streams > 0);

  await t.check('after an edit is patched into the open page, its copy buttons and tabs work again', async () => {
    // A copy before the edit makes the live region, which the patch replaces with main.
    await page.locator('.content .code-copy').first().click();
    await until('"Copied" before the edit', async () => (await page.locator('main [role="status"]').textContent()) === 'Copied', 3000);
    await page.evaluate(() => { window.folioMarker = 'kept'; });
    const sentence = 'Patched in place by the live reload.';
    fs.writeFileSync(mdFile, original.replace(/^(\+\+\+\n[\s\S]*?\n\+\+\+\n)/, `$1${sentence}\n\n`));
    await until('the new sentence', async () => (await page.locator('main').innerText()).includes(sentence), 8000);
    assert.equal(await page.evaluate(() => window.folioMarker), 'kept', 'the page reloaded instead of being patched');
    assert.equal(await page.locator('.content .code-copy').count(), await page.locator('.content pre').count(), 'copy buttons');
    assert.equal(await page.locator('.content [role="tablist"]').count(), 3, 'tab lists');
    await page.locator('.tabs').nth(0).getByRole('tab', { name: 'Shell' }).click();
    assert.deepEqual(await selectedLabels(page), ['Shell', 'Shell', 'Linux']);
    await page.locator('.content .code-copy').nth(1).click();
    await until('"Copied" in the live region', async () => (await page.locator('main [role="status"]').textContent()) === 'Copied', 3000);
    assertNoErrors(page);
  });
  await t.check('a broken front matter shows the overlay', async () => {
    fs.writeFileSync(mdFile, original.replace(/^title = .*$/m, 'title = '));
    await page.locator('#folio-error-overlay').waitFor({ state: 'visible', timeout: 8000 });
    assert.ok((await page.locator('#folio-error-overlay').innerText()).includes('code.md'), 'the overlay names the file');
  });
  const cases = [
    ['light', null, 'light'],
    ['dark', null, 'dark'],
    ['dark', 'light', 'light'],
    ['light', 'dark', 'dark'],
  ];
  for (const [system, chosen, want] of cases) {
    const how = chosen ? `the theme toggle chose ${chosen} (system ${system})` : `system ${system}`;
    await t.check(`the overlay passes axe's colour-contrast rule: ${how}`, async () => {
      await page.emulateMedia({ colorScheme: system });
      await page.evaluate((c) => {
        if (c) document.documentElement.setAttribute('data-theme', c);
        else document.documentElement.removeAttribute('data-theme');
      }, chosen);
      await overlayContrast(page, want);
    });
  }
  await t.check('"Hide" removes the overlay', async () => {
    await page.getByRole('button', { name: 'Hide until the next error' }).click();
    assert.equal(await page.locator('#folio-error-overlay').count(), 0);
    fs.writeFileSync(mdFile, original);
  });
  await context.close();
}

async function fileChecks(t, browser) {
  await t.check('from file://, widgets.js loads, a copy button copies and tabs are tabs', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${base}code/index.html`);
    await ready(page);
    assert.equal(await page.locator('.content [role="tablist"]').count(), 3, 'tab lists');
    await page.locator('figure.code-block:has(.linenos) .code-copy').click();
    await until('"Copied" in the live region', async () => (await page.locator('main [role="status"]').textContent()) === 'Copied', 3000);
    await page.locator('.tabs').nth(0).getByRole('tab', { name: 'Python' }).click();
    assert.deepEqual(await selectedLabels(page), ['Python', 'Python', 'Linux']);
    assertNoErrors(page);
    await context.close();
  });
}

run(`widgets (${mode})`, 200000, async (t) => {
  if (mode === 'file') {
    await fileChecks(t, t.browser);
  } else if (mode === 'site') {
    await copyChecks(t, t.browser);
    await tabChecks(t, t.browser);
  } else {
    await overlayChecks(t, t.browser);
  }
});
