// Save-to-screen latency of `folio serve` in a real browser (Debian's chromium via
// playwright-core from tests/browser/node_modules):
//   node bench/browser_latency.cjs SITE_DIR [EDITS]
// Starts `target/release/folio serve --port 0` on SITE_DIR (a copy you can edit), opens
// one page, then repeatedly saves an edit to its Markdown (temp file + rename) and
// measures until the open page shows the new text, through live reload. Prints the
// median and 90th percentile.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require(path.join(__dirname, "../tests/browser/node_modules/playwright-core"));

(async () => {
  const site = process.argv[2];
  const edits = Number(process.argv[3] || 20);
  const folio = spawn(path.join(__dirname, "../target/release/folio"), ["serve", "--root", site, "--port", "0"]);
  const port = await new Promise((resolve, reject) => {
    folio.stdout.on("data", (d) => {
      const m = /127\.0\.0\.1:(\d+)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    folio.on("exit", () => reject(new Error("folio serve exited")));
  });
  const pages = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".md") && e.name !== "_index.md") pages.push(p);
    }
  })(path.join(site, "content"));
  pages.sort();
  const file = pages[Math.floor(pages.length / 2)];
  const rel = path.relative(path.join(site, "content"), file).replace(/\.md$/, "");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/${rel}/`);
  await page.waitForTimeout(500);
  const times = [];
  for (let i = 0; i < edits; i++) {
    const marker = `zqxbrowser${i}edit`;
    const text = fs.readFileSync(file, "utf8");
    const next = text.replace(/(\+\+\+\n[\s\S]*?\+\+\+\n)/, `$1${marker} `);
    const tmp = file + ".tmp";
    fs.writeFileSync(tmp, next);
    const t0 = performance.now();
    fs.renameSync(tmp, file);
    for (;;) {
      try {
        if (await page.evaluate((m) => document.body && document.body.innerText.includes(m), marker)) break;
      } catch (e) {
        // The page is navigating (the reload); try again.
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    times.push(performance.now() - t0);
    fs.writeFileSync(file, text);
    await page.waitForTimeout(400);
    await page.waitForLoadState("load");
  }
  times.sort((a, b) => a - b);
  // Percentiles by nearest rank, as bench/serve_latency.py computes them; the median
  // is the middle value (the mean of the two middle ones for an even count).
  const rank = (p) => times[Math.max(0, Math.ceil(p * times.length) - 1)];
  const mid = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  console.log(`browser shows a body edit on ${pages.length} pages: median ${mid.toFixed(1)} ms, p90 ${rank(0.9).toFixed(1)} ms over ${times.length} edits`);
  await browser.close();
  folio.kill();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
