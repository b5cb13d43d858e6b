// A Chromium trace of one visit of the search page (cold, then warm from the service worker's
// cache in the same profile), printed as a timeline: where the first result's time goes.
//   node bench/visit_trace.mjs SITE_DIR [--throttled] [--next-day [N]] [--save DIR] [--gzip-in-visit]
// (the server's gzips are made before the visit unless --gzip-in-visit: see visit_bench.mjs)
// (--next-day N: then N more visits, each the same profile in a new browser process.)
// Prints, for the warm visit (and the cold one before it): the page's Performance marks, the
// main events of the trace per thread (script evaluations and compiles, wasm streaming
// compiles and code-cache hits/misses, Worker starts, resource loads), each from navigation
// start, and the CPU per thread kind until the first result painted. --save DIR writes the
// raw traces (cold.json, warm.json, nextday.json, nextday2.json, ...) for chrome://tracing or Perfetto. Never fails on timing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FIRST_RESULT } from './first_result.mjs';
import { cpuSnapshot, cpuDelta } from './proc_cpu.mjs';
import { THROTTLE, launchProfile } from './visit_setup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createServer, precompress } = await import(path.join(ROOT, 'scripts/serve.mjs'));
const CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed',
  'blink.user_timing', 'v8.execute', 'v8', 'ServiceWorker', 'loading', 'navigation', 'toplevel', 'blink', 'CacheStorage',
].join(',');

const argv = process.argv.slice(2);
const site = path.resolve(argv.find((a, i) => !a.startsWith('--') && !/^--(save|next-day)$/.test(argv[i - 1] || '')) || path.join(ROOT, 'build/site'));
const throttled = argv.includes('--throttled');
const saveAt = argv.indexOf('--save');
const saveDir = saveAt >= 0 ? path.resolve(argv[saveAt + 1]) : null;
// --next-day [N]: N more visits (1 unless given), each in a new browser process with the same profile.
const nextAt = argv.indexOf('--next-day');
const nextDays = nextAt < 0 ? 0 : /^\d+$/.test(argv[nextAt + 1] || '') ? Number(argv[nextAt + 1]) : 1;

async function traced(context, page, go) {
  const cdp = await context.newCDPSession(page);
  if (throttled) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  }
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  const cpu0 = cpuSnapshot();
  await go();
  await page.waitForFunction(() => window.__bench && window.__bench.painted, null, { timeout: 120000, polling: 20 });
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  const probe = await page.evaluate(() => ({
    ...window.__bench, timeOrigin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('medcode:')).map((m) => [m.name.slice(8), m.startTime]),
  }));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach().catch(() => {});
  return { events, probe, cpu };
}

const INTERESTING = [
  /^v8\.wasm\./, /wasm/i, /^EvaluateScript$/, /^v8\.compileModule$/, /^v8\.evaluateModule$/, /^ResourceSendRequest$/,
  /^ResourceFinish$/, /^ServiceWorker/, /^navigationStart$/, /^firstContentfulPaint$/, /^CacheStorage/,
  /^FunctionCall$/, /^v8\.compile$/, /^ParseHTML$/, /^WorkerStart$/, /^Worker/, /^StartWorker/,
];

function report(title, { events, probe, cpu }) {
  const threads = new Map();  // pid:tid -> name
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const nav = events.find((e) => e.name === 'navigationStart' && e.args && e.args.data && e.args.data.isLoadingMainFrame);
  const t0 = nav ? nav.ts : Math.min(...events.filter((e) => e.ts).map((e) => e.ts));
  const rel = (ts) => ((ts - t0) / 1000).toFixed(1).padStart(8);
  console.log(`== ${title}: first result painted ${Math.round(probe.painted)} ms (search box ${Math.round(probe.ready)} ms) ==`);
  console.log('  marks: ' + probe.marks.map(([n, t]) => `${n} ${Math.round(t)}`).join(', '));
  const rows = [];
  for (const e of events) {
    if (!e.ts || e.ph === 'M') continue;
    if (!INTERESTING.some((r) => r.test(e.name))) continue;
    if ((e.ts - t0) / 1000 > probe.painted + 50) continue;
    const th = threads.get(`${e.pid}:${e.tid}`) || `${e.pid}:${e.tid}`;
    let what = e.name;
    const d = e.args && (e.args.data || e.args);
    if (d && d.url) what += ` ${String(d.url).replace(/^https?:\/\/[^/]+\//, '').slice(0, 60)}`;
    if (d && d.fromServiceWorker !== undefined) what += d.fromServiceWorker ? ' (sw)' : '';
    if (d && d.fromCache) what += ' (cache)';
    if (e.name.startsWith('v8.wasm') && e.args) what += ' ' + JSON.stringify(e.args).slice(0, 120);
    const dur = e.dur ? ` ${(e.dur / 1000).toFixed(1)} ms` : '';
    if (e.name === 'FunctionCall' && (!e.dur || e.dur < 5000)) continue;
    rows.push([e.ts, `${rel(e.ts)}  ${th.slice(0, 22).padEnd(22)} ${what}${dur}`]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  for (const [, line] of rows) console.log('  ' + line);
  console.log('  CPU until the first result painted:');
  for (const [k, c] of [...cpu].sort((a, b) => b[1] - a[1]).filter(([, c]) => c >= 20)) console.log(`    ${k.padEnd(46)} ${c} ms`);
}

if (!argv.includes('--gzip-in-visit')) precompress(site);
const served = [];
const srv = createServer(site, { onResponse: (r) => served.push(r) });
await new Promise((r) => srv.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${srv.address().port}`;
let b = await launchProfile(chromium, FIRST_RESULT);
try {
  const cold = await traced(b.context, b.page, () => b.page.goto(`${origin}/`, { waitUntil: 'commit' }));
  report('cold visit', cold);
  await b.page.waitForSelector('body[data-offline="ready"]', { timeout: 180000 }).catch(() => {});
  await new Promise((r) => setTimeout(r, Number(process.env.TRACE_SETTLE_MS || 3000)));
  const before = served.length;
  const warm = await traced(b.context, b.page, () => b.page.goto(`${origin}/?warm`, { waitUntil: 'commit' }));
  report('warm visit', warm);
  const sent = served.slice(before);
  console.log(`  warm visit: ${sent.length} request(s) at the server until the first result: ${sent.map((r) => `${r.url} ${r.status}`).join(', ')}`);
  const traces = { cold, warm };
  for (let day = 1; day <= nextDays; day++) {
    // The same profile in a new browser process: the service worker starts again and V8 has
    // only what Chromium's disk caches kept (a compiled wasm module's code, scripts' code cache).
    await new Promise((r) => setTimeout(r, Number(process.env.TRACE_SETTLE_MS || 3000)));
    await b.close({ remove: false });
    b = await launchProfile(chromium, FIRST_RESULT, b.dir);
    const n = served.length;
    const name = day === 1 ? 'nextday' : `nextday${day}`;
    traces[name] = await traced(b.context, b.page, () => b.page.goto(`${origin}/`, { waitUntil: 'commit' }));
    report(`visit ${day + 2}, in a new browser process (same profile)`, traces[name]);
    const again = served.slice(n);
    console.log(`  ${name}: ${again.length} request(s) at the server until the first result: ${again.map((r) => `${r.url} ${r.status}`).join(', ')}`);
  }
  if (saveDir) {
    fs.mkdirSync(saveDir, { recursive: true });
    for (const [name, t] of Object.entries(traces)) fs.writeFileSync(path.join(saveDir, `${name}.json`), JSON.stringify({ traceEvents: t.events }));
  }
} finally {
  await b.close();
  srv.close();
  srv.closeAllConnections();
}
