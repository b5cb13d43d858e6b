// A first visit, counted at the server: each file is sent once (the service worker adopts the
// code sets the page's Workers downloaded instead of downloading them again), the claim-edits
// file is not fetched until the claim view is opened, and then once (and works offline after).
// A rebuilt site with a changed code set: the new file (a new versioned name) is fetched once,
// served after "Reload to update", and the old one is gone from the cache. No file name is
// written here: they come from the site's codesets/index.json. Runs on a temp copy of the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { ROOT, openBrowser, endSession, serveCountedCopy } from './helpers.mjs';

let dir, srv, browser;
const sent = [];  // { url, path, status, bytes }: every response of the server

before(async () => {
  srv = await serveCountedCopy(sent, {
    prefix: 'medcode-visit-',
    // The code sets with "no-store": the browser's HTTP cache keeps no copy, so the service
    // worker has only the copy the page's Workers kept (file-cache.mjs) to avoid a second download.
    cacheControl: (rel) => (rel.endsWith('.mcs.gz') ? 'no-store' : null),
  });
  dir = srv.dir;
  // No route: it would turn the HTTP cache off (other hosts do not resolve in this browser).
  browser = await openBrowser(srv.origin, { serviceWorkers: 'allow', guard: false });
});

after(() => endSession({ srv, browser }, dir));

const index = () => JSON.parse(fs.readFileSync(path.join(dir, 'codesets/index.json'), 'utf8'));
const swVersion = () => /const VERSION = '([^']+)'/.exec(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'))[1];
const count = (log, p) => log.filter((r) => r.path === p).length;

/** Until the server has had nothing to do for `ms`. */
async function quiet(ms = 1500) {
  let n = -1;
  for (;;) {
    n = sent.length;
    await new Promise((r) => setTimeout(r, ms));
    if (sent.length === n) return;
  }
}

const dataKeys = (page) => page.evaluate(async () => {
  const c = await caches.open('medcode-data');
  return (await c.keys()).map((r) => new URL(r.url).pathname.slice(1) + new URL(r.url).search);
});

test('a first visit sends each file once; the claim edits only when the claim view opens', async () => {
  const { page } = browser;
  const sets = index().filter((e) => e.kind === 'codeset');
  const data = index().filter((e) => e.kind === 'data');
  assert.ok(sets.length >= 1 && data.length >= 1, 'the site has code sets and a claim-edits file');
  for (const e of index()) assert.match(e.href, /^codesets\/[^?]+\.mcs\.gz\?v=[0-9a-f]{16}$/, `${e.id} has a versioned name`);

  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.locator('#q').fill('diabetes');
  await page.waitForSelector('#results [role="option"]');
  for (const e of data) assert.equal(count(sent, `/${e.file}`), 0, `${e.file} not fetched before the claim view opens`);
  // The search Workers early.js started are the code sets' Workers: one per code set, none left over.
  assert.equal(page.workers().filter((w) => /\/lib\/worker\.mjs$/.test(w.url())).length, sets.length, 'one search Worker per code set');
  assert.equal(await page.evaluate(() => (window.medcodeSpareWorkers || []).length), 0, 'every spare Worker taken or ended');
  // The page asked for each code set by its versioned name.
  for (const e of sets) assert.ok(sent.some((r) => r.url === `/${e.href}`), `${e.href} requested`);

  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  await quiet();
  // Every file the server sent in full, it sent once; the code sets were requested once at all
  // (the service worker took them from the page's copy, not even a revalidation).
  const full = new Map();
  for (const r of sent.filter((x) => x.status === 200)) full.set(r.path, (full.get(r.path) || 0) + 1);
  assert.deepEqual([...full].filter(([, n]) => n > 1), [], 'no file sent twice');
  for (const e of sets) assert.equal(count(sent, `/${e.file}`), 1, `${e.file}: one request`);
  for (const e of data) assert.equal(count(sent, `/${e.file}`), 0, `${e.file} not fetched on a visit of the search page`);
  // The engine is compiled once by the page (start.js) and posted to the search Workers: one
  // request for the wasm, not one per Worker (not even a revalidation).
  assert.equal(count(sent, '/lib/medcode-wasm.wasm'), 1, 'the wasm: one request');
  // Nor the Index files and the import state (for a new ICD-10-CM year): when first needed only.
  for (const e of index().filter((x) => x.kind === 'index' || x.kind === 'import-state')) {
    assert.equal(count(sent, `/${e.file}`), 0, `${e.file} not fetched on a visit of the search page`);
  }
  const cached = await dataKeys(page);
  assert.deepEqual(cached.sort(), sets.map((e) => e.href).sort(), 'the code sets are kept under their versioned names');
  assert.match(await page.locator('#offline-status').innerText(), /Works offline .*once first used/);

  // The claim view: the edits file now, once; the code set comes from the cache.
  const atClaims = sent.length;
  await page.locator('#nav-claims').click();
  await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 });
  await quiet();
  const later = sent.slice(atClaims);
  for (const e of data) assert.equal(count(later, `/${e.file}`), 1, `${e.file} fetched once when the claim view opened`);
  for (const e of sets) assert.equal(count(later, `/${e.file}`), 0, `${e.file} not fetched again`);
  for (const e of index().filter((x) => x.kind === 'import-state')) assert.equal(count(later, `/${e.file}`), 0, `${e.file} not fetched by the claim view`);
  assert.deepEqual((await dataKeys(page)).sort(), [...sets, ...data].map((e) => e.href).sort(), 'the edits file is kept too');

  // Offline, the claim view loads from the cache.
  await browser.context.setOffline(true);
  const atOffline = sent.length;
  try {
    await page.reload();
    await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 });
  } finally {
    await browser.context.setOffline(false);
  }
  assert.deepEqual(sent.slice(atOffline).map((r) => r.path).filter((p) => p !== '/sw.js'), [], 'nothing reached the server offline');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});

test('a changed code set gets a new name: fetched once, served after the update, the old one dropped', async () => {
  const { page } = browser;
  const old = index();
  // The smallest code set, re-compressed: other bytes (as a new build would give), same content.
  const target = old.filter((e) => e.kind === 'codeset').sort((a, b) => a.gzipBytes - b.gzipBytes)[0];
  const file = path.join(dir, target.file);
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  fs.writeFileSync(file, zlib.gzipSync(raw, { level: 6 }));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/site-manifest.mjs'), dir], { stdio: 'pipe' });
  const now = index();
  const changed = now.find((e) => e.id === target.id);
  assert.notEqual(changed.href, target.href, 'a new versioned name');
  const same = now.filter((e) => e.id !== target.id);

  const at = sent.length;
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.locator('#update').waitFor({ state: 'visible', timeout: 60000 });
  await quiet();
  const during = sent.slice(at);
  assert.equal(during.filter((r) => r.url === `/${changed.href}`).length, 1, 'the changed file was fetched once');
  for (const e of same) assert.equal(count(during, `/${e.file}`), 0, `${e.file} (unchanged) not fetched again`);

  await Promise.all([page.waitForEvent('load'), page.locator('#update-reload').click()]);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  const names = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('medcode-')).sort());
  assert.deepEqual(names, ['medcode-data', `medcode-${swVersion()}`].sort(), 'the old version cache is gone');
  const keys = await dataKeys(page);
  assert.ok(keys.includes(changed.href), 'the new file is cached');
  assert.ok(!keys.includes(target.href), 'the old file is gone from the cache');
  // The page's Worker got the new bytes (from the cache: the page is controlled now).
  const digest = await page.evaluate(async (href) => {
    const buf = await (await fetch(href)).arrayBuffer();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', buf))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, changed.href);
  assert.equal(digest, crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'), 'the new file is served');
  const label = await page.locator('#codeset-label').innerText();
  assert.ok(label.includes(changed.label), 'the changed code set is loaded');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});
