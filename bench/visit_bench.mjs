// First-visit benchmark (make bench): what a visit of the search page costs, counted at the
// server, side by side for several builds of the site. Prints figures; never fails on timing.
//   node bench/visit_bench.mjs LABEL=SITE_DIR [LABEL=SITE_DIR ...] [--runs N] [--throttled-runs N] [--path-only] [--gzip-in-visit]
// (--path-only: the first result's path only, step by step; no bytes, no-store visit or heap)
// The server's gzip of each file (scripts/serve.mjs, level 9) is made before the visits, as a
// static host keeps its files precompressed; --gzip-in-visit: made by the server during each
// cold visit, as this bench did until 2026-12-05 session 13 (the 1.8 MB wasm: about 160 ms of
// CPU in this process, the server answering nothing else meanwhile).
//
// Several sites take turns visit by visit (the load of a shared machine drifts). For each
// site, served by scripts/serve.mjs (gzip for text and wasm; code sets are .gz files
// served as bytes) with a counter of every response it sends (the page, its Workers and the
// service worker's own fetches alike):
//  1. bytes per file as served (gzip), and the brotli size of the same content
//     (node:zlib brotliCompressSync, quality 11) for information: a server could send that;
//  2. a cold visit (fresh profile, service workers on, "diabetes" typed the moment the search
//     box is enabled), until the service worker has cached the site for offline use and the
//     network is quiet: total bytes and requests at the server, files sent more than once,
//     and whether the claim-edits file was sent; once more with the code sets served
//     "Cache-Control: no-store" (a server or an HTTP cache that keeps no copy of them);
//  3. first result painted (navigation start -> the first result row for "diabetes" in the DOM,
//     next frame) on localhost (median of --runs fresh profiles) and under Chromium's network
//     emulation (CDP Network.emulateNetworkConditions: 20 Mbit/s down, 40 ms RTT; Chromium
//     applies the page's conditions to its dedicated Workers);
//  4. a warm visit (a second visit in the same profile, served from the service worker's cache),
//     the same once the service worker was stopped (as a browser does after 30 s idle: it
//     starts again and checks the code sets), and two next-day visits (the same profile in a
//     new browser process, twice: the service worker starts again, V8's in-process caches are
//     gone, only what the disk kept remains; the first makes the code caches of the page's
//     scripts, the second reads them);
//     for 3 and 4, the path step by step: the page's Performance marks (start.js; each Worker's
//     load: response, wasm compiled, engine, bytes inflated, opened) and the CPU time each kind
//     of the browser's threads spent until the first result (proc_cpu.mjs: load-independent
//     where wall times on a shared machine are not);
//  5. the wasm heap with the page's code sets loaded, one engine per code set as in the page's
//     Workers, and the claim view's Worker (ICD-10-CM and the claim edits in one engine), measured
//     in Node with the site's own lib/medcode.mjs and wasm.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { FIRST_RESULT } from './first_result.mjs';
import { cpuSnapshot, cpuDelta } from './proc_cpu.mjs';
import { THROTTLE, launchProfile } from './visit_setup.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createServer, precompress, forgetCompressed } = await import(path.join(ROOT, 'scripts/serve.mjs'));

function parseArgs(argv) {
  const out = { sites: [], runs: 3, throttledRuns: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--throttled-runs') out.throttledRuns = Number(argv[++i]);
    else if (a === '--path-only') out.pathOnly = true;
    else if (a === '--gzip-in-visit') out.gzipInVisit = true;
    else {
      const m = /^([^=]+)=(.+)$/.exec(a);
      out.sites.push(m ? { label: m[1], dir: path.resolve(m[2]) } : { label: path.basename(a), dir: path.resolve(a) });
    }
  }
  if (!out.sites.length) out.sites.push({ label: 'site', dir: path.join(ROOT, 'build/site') });
  return out;
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (x) => (x === null || x === undefined ? '-' : `${Math.round(x)} ms`);
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const GZIPPED_BY_SERVER = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.mcs', '.txt']);

/** The site's files that matter, each with its size as served (gzip) and as brotli could send it. */
function fileSizes(site) {
  const index = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  const rows = [];
  for (const e of index) {
    const p = path.join(site, e.file.split('?')[0]);
    const gz = fs.readFileSync(p);
    const raw = zlib.gunzipSync(gz);
    const what = e.kind === 'codeset' ? e.label : e.kind === 'index' ? `${e.of} (Alphabetic Index and Tables)` : `${e.id} (claim edits)`;
    rows.push({ name: e.file.split('?')[0], what, raw: raw.length, gzip: gz.length,
      brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } }).length });
  }
  const groups = [['lib/medcode-wasm.wasm', 'wasm', (f) => f === 'lib/medcode-wasm.wasm'],
    ['app (HTML, JS, CSS, icons)', 'app', (f) => /\.(html|m?js|css|svg)$/.test(f) && !f.startsWith('tests/')]];
  const all = walk(site);
  for (const [name, what, pick] of groups) {
    let raw = 0;
    let gzip = 0;
    let brotli = 0;
    for (const f of all.filter(pick)) {
      const buf = fs.readFileSync(path.join(site, f));
      raw += buf.length;
      gzip += GZIPPED_BY_SERVER.has(path.extname(f)) ? zlib.gzipSync(buf, { level: 9 }).length : buf.length;
      brotli += zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    rows.push({ name, what, raw, gzip, brotli });
  }
  return { rows, index };
}

function walk(dir, rel = '') {
  const out = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

/** The site on a free port, every response counted. */
async function countingServer(site, { noStore = false } = {}) {
  const log = [];
  const server = createServer(site, {
    onResponse: (r) => log.push({ ...r, t: performance.now() }),
    // A server that forbids the browser's HTTP cache for the code sets (or a cache too small for them).
    cacheControl: noStore ? (rel) => (rel.endsWith('.mcs.gz') ? 'no-store' : null) : undefined,
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`, log,
    close: () => new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    }),
  };
}

/**
 * Network emulation for the page. Chromium applies it to the page's dedicated Workers too
 * (checked: a Worker's 5 MB fetch took 3.6 s emulated, 0.75 s without); the service worker's
 * own fetches are not slowed (they come after the first result).
 */
async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  return cdp;
}

async function quiet(log, ms = 1500, limit = 180000) {
  const t0 = performance.now();
  let n = -1;
  let since = performance.now();
  while (performance.now() - t0 < limit) {
    await new Promise((r) => setTimeout(r, 250));
    if (log.length !== n) {
      n = log.length;
      since = performance.now();
    } else if (performance.now() - since >= ms) return;
  }
}

/**
 * Navigates and waits for the first result painted. Returns the probe's { ready, result,
 * painted }, the page's Performance marks (medcode:start, medcode:SYSTEM:STEP from the Workers'
 * load: start.js, worker.mjs) and the CPU the browser's threads spent from navigation to the
 * first result (proc_cpu.mjs).
 */
async function firstResult(page, goto) {
  const cpu0 = cpuSnapshot();
  await goto();
  await page.waitForFunction(() => window.__bench && window.__bench.painted, null, { timeout: 120000, polling: 20 });
  const cpu = cpuDelta(cpu0, cpuSnapshot());
  const r = await page.evaluate(() => ({
    ...window.__bench,
    marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('medcode:')).map((m) => [m.name.slice(8), m.startTime])),
  }));
  return { ...r, cpu };
}

/** One cold visit: first result, then until the site is saved for offline use and the network is quiet. */
async function coldVisit(site, { throttled = false, warm = false, noStore = false } = {}) {
  if (opts.gzipInVisit) forgetCompressed();
  else precompress(site);  // (once: kept for the process)
  const srv = await countingServer(site, { noStore });
  let b = await launchProfile(chromium, FIRST_RESULT);
  try {
    if (throttled) await throttle(b.context, b.page);
    const r = await firstResult(b.page, () => b.page.goto(`${srv.origin}/`, { waitUntil: 'commit', timeout: 120000 }));
    const atResult = srv.log.length;
    await b.page.waitForSelector('body[data-offline="ready"]', { timeout: 180000 }).catch(() => {});
    await quiet(srv.log);
    const out = { painted: r.painted, ready: r.ready, result: r.result, marks: r.marks, cpu: r.cpu, log: srv.log.slice(), beforeResult: srv.log.slice(0, atResult) };
    if (warm) {
      await b.page.evaluate(() => { window.__bench = {}; });
      const n = srv.log.length;
      const w = await firstResult(b.page, () => b.page.goto(`${srv.origin}/?warm`, { waitUntil: 'commit', timeout: 120000 }));
      out.warm = w.painted;
      out.warmSteps = w;
      out.warmLog = srv.log.slice(n);
      // Later the same day: the same browser process, the service worker stopped (a browser stops
      // it after 30 s idle): it starts again and checks the code sets on its first answers.
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const later = await firstResult(b.page, () => b.page.goto(`${srv.origin}/?later`, { waitUntil: 'commit', timeout: 120000 }));
      out.later = later.painted;
      out.laterSteps = later;
      // The next days: the same profile in a new browser process, twice (the service worker
      // starts again, V8's in-process caches are gone; what the disk kept is all there is). The
      // first of them makes the code caches of the page's scripts, the second reads them: a
      // user's visits from then on.
      for (const day of ['nextDay', 'dayAfter']) {
        await b.close({ remove: false });
        b = await launchProfile(chromium, FIRST_RESULT, b.dir);
        const m = srv.log.length;
        const d = await firstResult(b.page, () => b.page.goto(`${srv.origin}/`, { waitUntil: 'commit', timeout: 120000 }));
        out[day] = d.painted;
        out[`${day}Steps`] = d;
        out[`${day}Log`] = srv.log.slice(m);
      }
    }
    return out;
  } finally {
    await b.close();
    await srv.close();
  }
}

async function heap(site) {
  const api = await import(pathToFileURL(path.join(site, 'lib/medcode.mjs')).href);
  const index = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  const out = [];
  const read = (e) => zlib.gunzipSync(fs.readFileSync(path.join(site, e.file.split('?')[0])));
  for (const e of index.filter((x) => x.kind === 'codeset')) {
    const engine = await api.createEngine();
    const cs = engine.loadCodeSet(read(e));
    out.push({ label: e.label, bytes: engine._m.HEAP8.buffer.byteLength });
    // Its Index in a file of its own: the same Worker once the Index view has opened.
    const ix = index.find((x) => x.kind === 'index' && x.of === e.id);
    if (ix) {
      cs.attachIndex(read(ix));
      out.withIndex = { label: e.label, bytes: engine._m.HEAP8.buffer.byteLength };
    }
    cs.close();
  }
  // The claim view's Worker (claims-worker.mjs): ICD-10-CM and the claim edits in one engine,
  // the code set opened as that Worker opens it (openClaimCodeSet; a site built before it:
  // without its search index where its claims-worker.mjs says { search: false }).
  const icdEntry = index.find((x) => x.kind === 'codeset' && x.system === 'ICD-10-CM');
  const edits = index.find((x) => x.kind === 'data');
  if (icdEntry && edits && api.createClaimChecker) {
    const engine = await api.createEngine();
    const lean = /loadCodeSet\(\w+, \{ search: false \}\)/.test(fs.readFileSync(path.join(site, 'lib/claims-worker.mjs'), 'utf8'));
    const icd = api.openClaimCodeSet ? api.openClaimCodeSet(engine, read(icdEntry))
      : engine.loadCodeSet(read(icdEntry), lean ? { search: false } : undefined);
    const checker = api.createClaimChecker(engine, icd, read(edits));
    out.claims = engine._m.HEAP8.buffer.byteLength;
    checker.close();
    icd.close();
  }
  return out;
}

const pathOf = (u) => new URL(u, 'http://x').pathname;

function summarize(log) {
  const sent = log.filter((r) => r.method === 'GET');
  const byPath = new Map();
  for (const r of sent) {
    const p = pathOf(r.url);
    const v = byPath.get(p) || { n: 0, full: 0, bytes: 0 };
    v.n++;
    if (r.status === 200) v.full++;
    v.bytes += r.bytes;
    byPath.set(p, v);
  }
  return {
    bytes: sent.reduce((n, r) => n + r.bytes, 0), requests: sent.length,
    notModified: sent.filter((r) => r.status === 304).length,
    twice: [...byPath].filter(([, v]) => v.full > 1).map(([p, v]) => `${p} x${v.full} (${mb(v.bytes)})`),
    repeated: [...byPath].filter(([, v]) => v.n > 1).length,
    byPath,
  };
}

const opts = parseArgs(process.argv.slice(2));
const sites = [];
for (const s of opts.sites) {
  if (!fs.existsSync(path.join(s.dir, 'index.html'))) {
    console.log(`visit bench: ${s.label}: no site at ${s.dir}, skipped`);
    continue;
  }
  sites.push({ ...s, local: [], slow: [] });
}
const note = (s, what, v) => process.stderr.write(`  visit bench: ${s.label}, ${what}: first result ${ms(v.painted)}\n`);
// The sites take turns, run by run: the machine's load drifts (2 shared cores), and a site
// measured entirely after another would carry the drift as a difference.
for (let i = 0; i < opts.runs; i++) {
  for (const s of sites) {
    s.local.push(await coldVisit(s.dir, { warm: true }));
    note(s, `localhost ${i + 1}/${opts.runs}`, s.local[i]);
  }
}
for (let i = 0; i < opts.throttledRuns; i++) {
  for (const s of sites) {
    s.slow.push(await coldVisit(s.dir, { throttled: true }));
    note(s, `throttled ${i + 1}/${opts.throttledRuns}`, s.slow[i]);
  }
}
/**
 * The first result's path, step by step: the median moment of each Performance mark (from
 * navigation start) over the visits, and the median CPU each kind of the browser's threads
 * spent until the first result was painted.
 */
function printPath(title, bySite) {
  console.log(`== ${title} ==`);
  const col = (x) => String(x).padStart(16);
  console.log(`  ${''.padEnd(48)}${bySite.map(([label]) => col(label)).join('')}`);
  const med = (visits, f) => {
    const v = visits.map(f).filter((x) => typeof x === 'number');
    return v.length ? median(v) : null;
  };
  const marks = [...new Set(bySite.flatMap(([, v]) => v.flatMap((x) => Object.keys(x.marks || {}))))];
  const at = (name) => Math.min(...bySite.map(([, v]) => med(v, (x) => (x.marks || {})[name]) ?? Infinity));
  const rows = [...marks.map((m) => [`mark ${m}`, (x) => (x.marks || {})[m]]),
    ['search box enabled (probe)', (x) => x.ready], ['first result in the DOM', (x) => x.result], ['first result painted', (x) => x.painted]];
  rows.sort((a, b) => (a[0].startsWith('mark') ? at(a[0].slice(5)) : 1e12) - (b[0].startsWith('mark') ? at(b[0].slice(5)) : 1e12));
  for (const [name, f] of rows) console.log(`  ${name.padEnd(48)}${bySite.map(([, v]) => col(ms(med(v, f)))).join('')}`);
  console.log('  CPU until the first result painted (median per thread kind):');
  const keys = new Map();
  for (const [, v] of bySite) for (const x of v) for (const [k, c] of x.cpu || []) keys.set(k, Math.max(keys.get(k) || 0, c));
  const total = (x) => [...(x.cpu || new Map()).values()].reduce((a, b) => a + b, 0);
  for (const [k] of [...keys].sort((a, b) => b[1] - a[1]).filter(([, c]) => c >= 30)) {
    console.log(`    ${k.slice(0, 46).padEnd(46)}${bySite.map(([, v]) => col(ms(med(v, (x) => (x.cpu && x.cpu.get(k)) || 0)))).join('')}`);
  }
  console.log(`    ${'all threads'.padEnd(46)}${bySite.map(([, v]) => col(ms(med(v, total)))).join('')}`);
}

printPath(`the first result's path, cold visit, localhost (${opts.runs} visits, load average ${os.loadavg()[0].toFixed(1)})`, sites.map((s) => [s.label, s.local]));
printPath('the same, warm visit (service worker cache)', sites.map((s) => [s.label, s.local.map((x) => x.warmSteps).filter(Boolean)]));
printPath('the same, warm visit, the service worker stopped first (later the same day)', sites.map((s) => [s.label, s.local.map((x) => x.laterSteps).filter(Boolean)]));
printPath('the same, warm visit in a new browser process (same profile: the next day)', sites.map((s) => [s.label, s.local.map((x) => x.nextDaySteps).filter(Boolean)]));
printPath('the same, the day after (a new browser process again: the scripts\' code caches made)', sites.map((s) => [s.label, s.local.map((x) => x.dayAfterSteps).filter(Boolean)]));
if (opts.throttledRuns) printPath('the same, cold visit at 20 Mbit/s and 40 ms RTT', sites.map((s) => [s.label, s.slow]));
if (opts.pathOnly) process.exit(0);

const results = [];
for (const s of sites) {
  const r = { label: s.label, dir: s.dir, sizes: fileSizes(s.dir) };
  const editsPaths = r.sizes.index.filter((e) => e.kind === 'data').map((e) => `/${e.file.split('?')[0]}`);
  const indexPaths = r.sizes.index.filter((e) => e.kind === 'index').map((e) => `/${e.file.split('?')[0]}`);
  const noStore = await coldVisit(s.dir, { noStore: true });
  note(s, 'localhost, code sets served no-store', noStore);
  r.noStore = summarize(noStore.log);
  r.local = s.local;
  r.slow = s.slow;
  r.visit = summarize(s.local[0].log);
  r.editsSent = editsPaths.filter((p) => r.visit.byPath.has(p));
  r.indexSent = indexPaths.filter((p) => r.visit.byPath.has(p));
  r.hasIndexFile = indexPaths.length > 0;
  r.editsBeforeResult = editsPaths.filter((p) => s.local[0].beforeResult.some((x) => pathOf(x.url) === p));
  r.warmVisit = summarize(s.local[0].warmLog || []);
  r.nextDayVisit = summarize(s.local[0].nextDayLog || []);
  r.heap = await heap(s.dir);
  results.push(r);
}

console.log(`== first visit of the search page (counted at the server; ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores) ==`);
const col = (x) => String(x).padStart(22);
const line = (name, f) => console.log(`  ${name.padEnd(44)}${results.map((r) => col(f(r))).join('')}`);
line('', (r) => r.label);
console.log('  bytes per file as served (gzip; brotli for information):');
const names = [...new Set(results.flatMap((r) => r.sizes.rows.map((x) => x.name)))];
for (const n of names) {
  line(`    ${n}`, (r) => {
    const x = r.sizes.rows.find((y) => y.name === n);
    return x ? `${mb(x.gzip)} (br ${mb(x.brotli)})` : '-';
  });
}
line('cold visit: bytes sent by the server', (r) => mb(r.visit.bytes));
line('cold visit: requests (of them 304)', (r) => `${r.visit.requests} (${r.visit.notModified})`);
line('cold visit: files sent more than once', (r) => r.visit.twice.length);
line('claim-edits file sent (view never opened)', (r) => (r.editsSent.length ? 'yes' : 'no'));
line('Index/Tables file sent (view never opened)', (r) => (!r.hasIndexFile ? '- (in the code set)' : r.indexSent.length ? 'yes' : 'no'));
line('cold visit, code sets served no-store: bytes', (r) => mb(r.noStore.bytes));
line('  requests; files sent more than once', (r) => `${r.noStore.requests}; ${r.noStore.twice.length}`);
line(`first result painted, localhost (median/${opts.runs})`, (r) => ms(median(r.local.map((x) => x.painted))));
line('  search box enabled', (r) => ms(median(r.local.map((x) => x.ready))));
if (opts.throttledRuns) {
  line(`first result, 20 Mbit/s 40 ms RTT (median/${opts.throttledRuns})`, (r) => ms(median(r.slow.map((x) => x.painted))));
  line('  bytes sent by the server (throttled visit)', (r) => mb(summarize(r.slow[0].log).bytes));
}
line(`warm visit (service worker cache) -> result (median/${opts.runs})`, (r) => ms(median(r.local.map((x) => x.warm))));
line('warm visit: bytes / requests at the server', (r) => `${kb(r.warmVisit.bytes)} / ${r.warmVisit.requests}`);
line(`warm, service worker stopped (median/${opts.runs})`, (r) => ms(median(r.local.map((x) => x.later))));
line(`next day, new browser process (median/${opts.runs})`, (r) => ms(median(r.local.map((x) => x.nextDay))));
line('next day: bytes / requests at the server', (r) => `${kb(r.nextDayVisit.bytes)} / ${r.nextDayVisit.requests}`);
line(`the day after, new process (median/${opts.runs})`, (r) => ms(median(r.local.map((x) => x.dayAfter))));
line('wasm heap, all code sets (one per Worker)', (r) => mb(r.heap.reduce((n, h) => n + h.bytes, 0)));
line('wasm heap, claim view\'s Worker (ICD-10-CM + edits)', (r) => (r.heap.claims ? mb(r.heap.claims) : '-'));
line('wasm heap, search and claim Workers together', (r) => mb(r.heap.reduce((n, h) => n + h.bytes, 0) + (r.heap.claims || 0)));
line('  ICD-10-CM Worker once the Index view opened', (r) => (r.heap.withIndex ? mb(r.heap.withIndex.bytes) : '- (Index in the code set)'));
line('  all Workers, the Index view opened too', (r) => mb(r.heap.reduce((n, h) => n + h.bytes, 0) + (r.heap.claims || 0) +
  (r.heap.withIndex ? r.heap.withIndex.bytes - r.heap.find((h) => h.label === r.heap.withIndex.label).bytes : 0)));
for (const r of results) {
  if (process.env.VISIT_BENCH_VERBOSE) {
    for (const [p, v] of [...r.visit.byPath].sort()) console.log(`  ${r.label}: ${p} ${v.n} request(s), ${v.full} sent, ${kb(v.bytes)}`);
  }
  if (r.visit.twice.length) console.log(`  ${r.label}: sent more than once: ${r.visit.twice.join(', ')}`);
  console.log(`  ${r.label}: wasm heap per code set: ${r.heap.map((h) => `${h.label} ${mb(h.bytes)}`).join(', ')}`);
}
