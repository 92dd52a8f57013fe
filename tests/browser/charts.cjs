// Real-browser checks of the build-time charts on phones and desktops (issue 13): every
// page of the site that has a chart is loaded 360 px and 1280 px wide, and on each
// - each chart shows exactly one drawing: the narrow one (`chart-narrow`) at 360 px, the
//   wide one (`chart-wide`) at 1280 px;
// - every SVG `<text>` of it renders at 12 CSS px or more, measured as the computed font
//   size times the scale of the text's screen transform (getScreenCTM), so a viewBox
//   shrunk to the screen counts;
// - every label's box lies inside the drawing (nothing cut off or overflowing), and the
//   drawing inside its figure;
// - the chart's HTML text (data-table summary, caption if shown) is 12 px or more;
// - the page does not scroll sideways.
//
// Usage: node tests/browser/charts.cjs <base-url> <site-root>
//   <base-url>   where the built site is served over HTTP, e.g. http://127.0.0.1:8000/
//   <site-root>  the site's source folder (its content/ lists the pages to visit)
'use strict';

const assert = require('node:assert/strict');
const { die, run, newPage, assertNoErrors, readingOrder } = require('./lib.cjs');

const [base, siteRoot] = process.argv.slice(2);
if (!base || !siteRoot || !/^https?:\/\/.+\/$/.test(base)) {
  die('usage: node tests/browser/charts.cjs <base-url ending in /> <site-root>');
}

/** The smallest rendered size, in CSS px, that any chart text may have. */
const MIN_PX = 12;
/** Rounding in layout and font metrics, in CSS px. */
const SLACK = 0.5;
const WIDTHS = [
  { width: 360, height: 800, shown: 'chart-narrow' },
  { width: 1280, height: 800, shown: 'chart-wide' },
];

/** Measures every chart on the page (runs in the page). */
function measure() {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none';
  const charts = [];
  for (const [k, box] of [...document.querySelectorAll('.chart-svg')].entries()) {
    const figure = box.closest('figure');
    const fig = figure.getBoundingClientRect();
    const svgs = [...box.querySelectorAll('svg')].filter(visible);
    const chart = { index: k, shown: svgs.map((s) => s.getAttribute('class')), texts: [], html: [] };
    for (const svg of svgs) {
      const r = svg.getBoundingClientRect();
      chart.svg = { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
      chart.figure = { left: fig.left, right: fig.right };
      for (const t of svg.querySelectorAll('text')) {
        const m = t.getScreenCTM();
        const scale = Math.hypot(m.a, m.b);
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        const b = t.getBoundingClientRect();
        chart.texts.push({
          text: t.textContent,
          px,
          left: b.left, right: b.right, top: b.top, bottom: b.bottom,
        });
      }
    }
    // HTML text that belongs to the chart: the figure's caption when it shows, and the
    // data table's summary.
    for (const el of figure.querySelectorAll('figcaption, summary')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // the caption kept for screen readers only
      chart.html.push({ text: el.textContent.trim(), px: parseFloat(getComputedStyle(el).fontSize) });
    }
    charts.push(chart);
  }
  return {
    charts,
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
}

run('charts on phones and desktops', 200000, async (t) => {
  const pages = readingOrder(siteRoot);
  let chartPages = 0;
  let chartsSeen = 0;
  for (const viewport of WIDTHS) {
    const { width, height, shown } = viewport;
    const { context, page } = await newPage(t.browser, { viewport: { width, height } });
    for (const p of pages) {
      await page.goto(base + p);
      const found = await page.evaluate(() => document.querySelectorAll('.chart-svg').length);
      if (!found) continue;
      await t.check(`/${p} at ${width} px: ${found} chart(s), every label at least ${MIN_PX} px and inside its chart`, async () => {
        const m = await page.evaluate(measure);
        assert.ok(m.scrollWidth <= m.innerWidth, `the page scrolls sideways: ${m.scrollWidth} > ${m.innerWidth}`);
        for (const c of m.charts) {
          const where = `chart ${c.index + 1}`;
          assert.equal(c.shown.length, 1, `${where}: ${c.shown.length} drawings visible (${c.shown.join(' | ')})`);
          assert.ok(c.shown[0].split(' ').includes(shown), `${where}: shows "${c.shown[0]}", not ${shown}`);
          assert.ok(c.svg.left >= c.figure.left - SLACK && c.svg.right <= c.figure.right + SLACK,
            `${where}: the drawing (${c.svg.left}–${c.svg.right}) leaves its figure (${c.figure.left}–${c.figure.right})`);
          assert.ok(c.texts.length > 0, `${where}: no text drawn`);
          for (const x of c.texts) {
            assert.ok(x.px >= MIN_PX - 0.01, `${where}: "${x.text}" renders at ${x.px.toFixed(2)} px`);
            const inside = x.left >= c.svg.left - SLACK && x.right <= c.svg.right + SLACK
              && x.top >= c.svg.top - SLACK && x.bottom <= c.svg.bottom + SLACK;
            assert.ok(inside, `${where}: "${x.text}" (${x.left.toFixed(1)}–${x.right.toFixed(1)} × ${x.top.toFixed(1)}–${x.bottom.toFixed(1)}) overflows the drawing (${c.svg.left.toFixed(1)}–${c.svg.right.toFixed(1)} × ${c.svg.top.toFixed(1)}–${c.svg.bottom.toFixed(1)})`);
          }
          assert.ok(c.html.length > 0, `${where}: no data-table summary`);
          for (const h of c.html) {
            assert.ok(h.px >= MIN_PX, `${where}: HTML label "${h.text}" is ${h.px} px`);
          }
          const smallest = Math.min(...c.texts.map((x) => x.px));
          console.log(`  ${where}: ${c.shown[0]}, ${c.texts.length} labels, smallest ${smallest.toFixed(1)} px, ${c.svg.width.toFixed(0)} px wide`);
          chartsSeen += 1;
        }
        assertNoErrors(page);
      });
      chartPages += width === WIDTHS[0].width ? 1 : 0;
    }
    await context.close();
  }
  await t.check('the site has pages with charts', async () => {
    assert.ok(chartPages > 0, `no page of ${siteRoot}/content has a chart`);
    assert.ok(chartsSeen > 0);
  });
});
