// What the page starts before its modules arrive (web/early.js): the search Workers and the
// engine's compile. When either is missing or failed, or early.js (async) runs after start.js,
// start.js does it itself and the page works the same: first result, one search Worker per
// code set, none left over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, startSession, endSession, openReady } from './helpers.mjs';

let srv, browser;
const sets = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8')).filter((e) => e.kind === 'codeset');

before(async () => {
  ({ srv, browser } = await startSession());
});

after(() => endSession({ srv, browser }));

const wasmRequests = () => srv.log.filter((r) => new URL(r.url, 'http://x').pathname === '/lib/medcode-wasm.wasm').length;
const searchWorkers = (page) => page.workers().filter((w) => /\/lib\/worker\.mjs$/.test(w.url())).length;

/** The page opened in a new tab whose early.js sees `init` run first; the first result for "diabetes". */
async function firstResult(init) {
  const page = await browser.context.newPage();
  try {
    if (init) await page.addInitScript(init);
    const before = wasmRequests();
    await openReady(page, srv.origin, '', 60000);
    await page.locator('#q').fill('diabetes');
    await page.waitForSelector('#results [role="option"]', { timeout: 30000 });
    const codes = await page.locator('#results [role="option"]').evaluateAll((els) => els.slice(0, 3).map((e) => e.dataset.code));
    return {
      codes, wasm: wasmRequests() - before, workers: searchWorkers(page),
      spareLeft: await page.evaluate(() => (window.medcodeSpareWorkers || []).length),
      intercepted: await page.evaluate(() => window.__intercepted || 0),  // what `init` changed in early.js
      // early.js is async: when start.js ran first, it did nothing (start.js did it all itself).
      earlyRan: await page.evaluate(() => Array.isArray(window.medcodeSpareWorkers)),
    };
  } finally {
    await page.close();
  }
}

test('early.js starts the Workers and the compile; start.js takes them (the wasm asked for once)', async () => {
  const r = await firstResult();
  assert.ok(r.codes.length > 0 && r.codes.some((c) => /^E1[01]/.test(c)), `results ${r.codes}`);
  assert.equal(r.workers, sets.length, 'one search Worker per code set');
  assert.equal(r.spareLeft, 0);
  assert.ok(r.intercepted === 0);
  assert.ok(r.wasm <= 1, `the wasm asked for once (or served from the HTTP cache): ${r.wasm}`);
});

test('when the early compile fails, start.js compiles the engine itself', async () => {
  // early.js's promise replaced by a failed one, as a server that does not say application/wasm gives.
  const r = await firstResult(() => {
    let v = null;
    Object.defineProperty(window, 'medcodeEngine', {
      configurable: true,
      get: () => v,
      set: (x) => {
        v = x ? Promise.reject(new TypeError('Incorrect response MIME type (a test)')) : x;
        if (v) {
          v.catch(() => {});
          window.__intercepted = (window.__intercepted || 0) + 1;
        }
      },
    });
  });
  if (r.earlyRan) assert.equal(r.intercepted, 1, 'early.js\'s compile was the failed one');
  assert.ok(r.codes.some((c) => /^E1[01]/.test(c)), `results ${r.codes}`);
  assert.equal(r.workers, sets.length, 'one search Worker per code set');
});

test('without early Workers (none started, or one failed), start.js starts them', async () => {
  // The Workers early.js would start: none (new Worker throws there), or each one failed (its
  // script did not load, as the error listener marks it). start.js's own are left alone.
  const fromEarly = (mode) => `(() => {
    const W = window.Worker;
    window.Worker = new Proxy(W, { construct(target, args) {
      const s = document.currentScript;
      if (!(s && /early\\.js$/.test(s.src))) return new target(...args);
      window.__intercepted = (window.__intercepted || 0) + 1;
      if ('${mode}' === 'none') throw new Error('no module Workers (a test)');
      const w = new target(...args);
      w.medcodeFailed = true;
      return w;
    } });
  })()`;
  const none = await firstResult(fromEarly('none'));
  if (none.earlyRan) assert.equal(none.intercepted, 1, 'early.js\'s first Worker threw');
  assert.ok(none.codes.some((c) => /^E1[01]/.test(c)), `results ${none.codes}`);
  assert.equal(none.workers, sets.length, 'one search Worker per code set');
  const failed = await firstResult(fromEarly('failed'));
  if (failed.earlyRan) assert.equal(failed.intercepted, sets.length, 'each of early.js\'s Workers marked failed');
  // early.js after start.js (it is async): it starts nothing, start.js does it all.
  const late = await firstResult('window.medcodeEarlyTooLate = true;');
  assert.equal(late.earlyRan, false, 'early.js did nothing');
  assert.ok(late.codes.some((c) => /^E1[01]/.test(c)), `results ${late.codes}`);
  assert.equal(late.workers, sets.length, 'one search Worker per code set, no other');
  assert.ok(failed.codes.some((c) => /^E1[01]/.test(c)), `results ${failed.codes}`);
  assert.equal(failed.workers, sets.length, 'the failed ones ended, one search Worker per code set');
  assert.equal(failed.spareLeft, 0);
});
