// Browser benchmark (make bench): the page in headless Chromium on localhost, served by
// scripts/serve.mjs (gzip, as a clinic's server would). Prints figures; never fails on timing.
//   node bench/browser_bench.mjs SITE_DIR [RUNS]
//
//  1. cold load to first search result: a fresh profile (empty HTTP cache, no compiled wasm
//     cached), navigation start -> the first result row for "diabetes" painted (typed in the
//     moment the search box is enabled); median of RUNS. Also a warm reload (HTTP cache) and a
//     reload served by the offline service worker.
//  2. typing never blocks the main thread: a query typed one key at a time (80 ms apart);
//     long tasks (> 50 ms) on the main thread, the worst event-loop delay (a 5 ms timer
//     probe), the worst keystroke event duration (Event Timing) and the time from a keystroke
//     to its results on screen. For contrast, the same engine on the main thread.
//  3. bytes transferred on a cold load, per file and per kind (as served: gzip where the
//     server compresses; the code set is a .gz file inflated by the page).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FIRST_RESULT } from './first_result.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createServer } = await import(path.join(ROOT, 'scripts/serve.mjs'));
const site = path.resolve(process.argv[2] || path.join(ROOT, 'build/site'));
const RUNS = Number(process.argv[3] || 5);
const TARGET_MS = 1500;
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

const server = createServer(site);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const tmpDirs = [];

async function launch({ serviceWorkers = 'block' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-bench-'));
  tmpDirs.push(dir);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 860 }, serviceWorkers,
  });
  return { context, page: context.pages()[0] || await context.newPage() };
}

async function loadToFirstResult(page, { reload = false } = {}) {
  if (reload) await page.reload();
  else await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__bench && window.__bench.painted, null, { timeout: 30000 });
  return page.evaluate(() => ({ ...window.__bench, nav: performance.getEntriesByType('navigation')[0].responseEnd }));
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function kindOf(url) {
  const p = new URL(url).pathname;
  if (p.endsWith('.wasm')) return 'wasm';
  if (/\.mcs(\.gz)?$/.test(p)) return 'code sets';
  if (/\.(m?js)$/.test(p)) return 'JS';
  if (/\.(html|css|svg)$/.test(p) || p.endsWith('/')) return 'HTML/CSS/icons';
  return 'other (JSON)';
}

console.log(`== browser (headless Chromium ${chromium.name ? '' : ''}on ${origin}, ${os.cpus().length} cores) ==`);

// 1 + 3: cold loads (fresh profile each), bytes on the first one.
const cold = [];
let bytes = null;
let loadInfo = null;
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await launch();
  await context.addInitScript(FIRST_RESULT);
  const sizes = [];
  if (i === 0) {
    page.on('requestfinished', async (req) => {
      const s = await req.sizes().catch(() => null);
      const res = await req.response().catch(() => null);
      if (s && res) sizes.push({ url: req.url(), body: s.responseBodySize, headers: s.responseHeadersSize, encoding: (await res.allHeaders())['content-encoding'] || '' });
    });
  }
  const r = await loadToFirstResult(page);
  cold.push(r);
  if (i === 0) {
    await page.waitForTimeout(300);
    bytes = sizes;
    loadInfo = await page.locator('#codeset-label').innerText();
  }
  if (i === RUNS - 1) {
    const warm = await (async () => {
      await page.evaluate(() => { window.__bench = null; });
      return loadToFirstResult(page, { reload: true });
    })();
    cold.warm = warm;
  }
  await context.close();
}
const coldFirst = cold.map((r) => r.painted);
console.log(`cold load -> first search result painted ("diabetes"): median ${ms(median(coldFirst))} ` +
  `(min ${ms(Math.min(...coldFirst))}, max ${ms(Math.max(...coldFirst))}, ${RUNS} fresh profiles; target <= ${TARGET_MS} ms: ` +
  `${median(coldFirst) <= TARGET_MS ? 'met' : 'NOT met'})`);
console.log(`  of which: search box enabled (engine + code set loaded in the Worker) median ${ms(median(cold.map((r) => r.ready)))}, ` +
  `then first results ${ms(median(cold.map((r) => r.painted - r.ready)))} (incl. 40 ms typing debounce)`);
console.log(`  page footer: ${loadInfo.replace(/\s+/g, ' ')}`);
console.log(`warm reload (HTTP cache, revalidated) -> first result: ${ms(cold.warm.painted)}`);

// Offline service worker: first visit installs it; the reload is served from its cache.
{
  const { context, page } = await launch({ serviceWorkers: 'allow' });
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  await context.addInitScript(FIRST_RESULT);
  const r = await loadToFirstResult(page, { reload: true });
  await context.setOffline(true);
  const off = await loadToFirstResult(page, { reload: true });
  console.log(`reload served by the service worker -> first result: ${ms(r.painted)}; with the network off: ${ms(off.painted)}`);
  await context.close();
}

// 3: bytes
{
  const byKind = new Map();
  for (const s of bytes) {
    const k = kindOf(s.url);
    const v = byKind.get(k) || { body: 0, n: 0 };
    v.body += s.body;
    v.n += 1;
    byKind.set(k, v);
  }
  const total = bytes.reduce((n, s) => n + s.body + s.headers, 0);
  console.log(`bytes transferred on a cold load (response bodies as sent; ${bytes.length} requests, ${kb(total)} with headers):`);
  for (const [k, v] of [...byKind].sort((a, b) => b[1].body - a[1].body)) {
    console.log(`  ${k.padEnd(16)} ${kb(v.body).padStart(10)}  (${v.n} file${v.n > 1 ? 's' : ''})`);
  }
  const seen = new Set();
  for (const s of bytes.sort((a, b) => b.body - a.body)) {
    const p = new URL(s.url).pathname;
    if (seen.has(p)) continue;  // the Worker imports medcode.mjs again (from the cache)
    seen.add(p);
    const raw = (() => {
      try {
        return fs.statSync(path.join(site, p.endsWith('/') ? `${p}index.html` : p)).size;
      } catch {
        return 0;
      }
    })();
    if (s.body >= 4096) console.log(`    ${p.padEnd(36)} ${kb(s.body).padStart(10)} sent${s.encoding ? ` (${s.encoding})` : ''}, ${kb(raw)} on disk`);
  }
}

// 2: typing
{
  const { context, page } = await launch();
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.evaluate(() => {
    const b = { longTasks: [], events: [], lagMax: 0, keyToResult: [] };
    window.__typing = b;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.events.push({ name: e.name, d: e.duration }); })
      .observe({ type: 'event', durationThreshold: 16 });
    let expected = performance.now() + 5;
    const tick = () => {
      const now = performance.now();
      b.lagMax = Math.max(b.lagMax, now - expected);
      expected = now + 5;
      b.timer = setTimeout(tick, 5);
    };
    b.timer = setTimeout(tick, 5);
    const q = document.getElementById('q');
    let lastKey = 0;
    q.addEventListener('input', () => { lastKey = performance.now(); });
    new MutationObserver(() => { if (lastKey) b.keyToResult.push(performance.now() - lastKey); })
      .observe(document.getElementById('results-summary'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('#q').focus();
  const query = 'fracture of shaft of left ulna initial encounter';
  await page.keyboard.type(query, { delay: 80 });
  await page.waitForTimeout(400);
  const t = await page.evaluate(() => {
    clearTimeout(window.__typing.timer);
    return window.__typing;
  });
  const worstEvent = t.events.reduce((m, e) => Math.max(m, e.d), 0);
  console.log(`typing "${query}" (${query.length} keys, 80 ms apart), engine in a Worker:`);
  console.log(`  main-thread long tasks (> 50 ms): ${t.longTasks.length}${t.longTasks.length ? ` (longest ${ms(Math.max(...t.longTasks))})` : ''}; ` +
    `worst event-loop delay ${t.lagMax.toFixed(1)} ms; worst keystroke event ${worstEvent ? ms(worstEvent) : '< 16 ms'} (Event Timing)`);
  const k = t.keyToResult.filter((x) => x < 5000);
  if (k.length) console.log(`  keystroke -> results on screen: median ${ms(median(k))}, worst ${ms(Math.max(...k))} (${k.length} updates)`);

  // Contrast: the same engine on the main thread (what the Worker avoids).
  const main = await page.evaluate(async () => {
    const tasks = [];
    const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
    po.observe({ type: 'longtask' });
    const api = await import('./lib/medcode.mjs');
    const engine = await api.createEngine();
    // The site's first code set (codesets/index.json: ICD-10-CM first), by its versioned name.
    const first = (await (await fetch('codesets/index.json')).json()).find((e) => e.kind === 'codeset');
    const bytes = await api.fetchCodeSetBytes(first.href || first.file);
    let t0 = performance.now();
    const cs = engine.loadCodeSet(bytes);
    const open = performance.now() - t0;
    const lat = [];
    const q = 'fracture of shaft of left ulna initial encounter';
    for (let i = 1; i <= q.length; i++) {
      t0 = performance.now();
      cs.search(q.slice(0, i), { limit: 50 });
      lat.push(performance.now() - t0);
    }
    cs.close();
    await new Promise((r) => setTimeout(r, 100));
    po.disconnect();
    return { open, worstSearch: Math.max(...lat), tasks };
  });
  console.log(`  for contrast, on the main thread: opening the code set blocks ${ms(main.open)}, the slowest prefix search ` +
    `${main.worstSearch.toFixed(1)} ms; ${main.tasks.length} long task(s), longest ${main.tasks.length ? ms(Math.max(...main.tasks)) : '-'}`);
  await context.close();
}

server.close();
server.closeAllConnections();
for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
