// The code sets' inflated copies (web/sw.js): the service worker makes one beside each code
// set's .gz at install; a visit from its cache reads it instead of the .gz (nothing to inflate),
// online and offline, and the server is never asked for it. A copy the storage dropped is made
// again from the .gz; a wrong copy (checked on the worker's first answer after a restart, the
// answer not waiting for the check) is never read whole: the page falls back to the .gz and the
// copy is dropped. A code set with new content gets a new copy on update and the old one goes.
// No file name is written here: they come from the site's codesets/index.json. Runs on a temp
// copy of the site (the last test changes it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, openBrowser, endSession, serveCountedCopy } from './helpers.mjs';

let dir, srv, browser;
const sent = [];  // every response of the server

before(async () => {
  srv = await serveCountedCopy(sent, { prefix: 'medcode-inflated-' });
  dir = srv.dir;
  browser = await openBrowser(srv.origin, { serviceWorkers: 'allow' });
});

after(() => endSession({ srv, browser }, dir));

const sets = () => JSON.parse(fs.readFileSync(path.join(dir, 'codesets/index.json'), 'utf8')).filter((e) => e.kind === 'codeset');
const icd = () => sets().find((e) => e.system === 'ICD-10-CM');
// Nothing named .mcs without .gz exists on the server: only the service worker answers it.
const askedForCopy = (from) => sent.slice(from).filter((r) => /\.mcs$/.test(r.path)).map((r) => r.url);

/** The SHA-256 (hex) of medcode-data's entry for `href`, or null when there is none. */
const storedHash = (href) => browser.page.evaluate(async (h) => {
  const hit = await (await caches.open('medcode-data')).match(h);
  if (!hit) return null;
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}, href);

/** The site files this page's window fetched (its downloads for the Workers among them). */
const pageFetched = () => browser.page.evaluate(() => performance.getEntriesByType('resource').map((e) => {
  const u = new URL(e.name);
  return u.pathname.slice(1) + u.search;
}));

async function visit(url = '/') {
  await browser.page.goto(`${srv.origin}${url}`);
  await browser.page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
}

async function searchShows(code, query = code) {
  await browser.page.locator('#q').fill(query);
  await browser.page.waitForSelector(`#results [role="option"][data-code="${code}"]`, { timeout: 30000 });
}

test('a visit from the cache reads each code set\'s inflated copy, made at install; the server is never asked for it', async () => {
  const { page } = browser;
  await visit();
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  for (const e of sets()) {
    assert.match(e.inflatedHref, /^codesets\/[^?]+\.mcs\?v=[0-9a-f]{16}$/, `${e.id}: a versioned name for its inflated copy`);
    assert.equal(await storedHash(e.inflatedHref), e.sha256, `${e.id}: its inflated copy is kept, with the listed bytes`);
  }
  // The first visit (not controlled yet) downloaded the .gz files.
  for (const e of sets()) assert.ok((await pageFetched()).includes(e.href), `first visit: ${e.href} downloaded`);

  const at = sent.length;
  await visit('/?again');
  await searchShows('E11.9', 'diabetes');
  const fetched = await pageFetched();
  for (const e of sets()) {
    assert.ok(fetched.includes(e.inflatedHref), `${e.inflatedHref} read on a visit from the cache: ${fetched}`);
    assert.ok(!fetched.includes(e.href), `${e.href} not read (nothing to inflate)`);
  }
  assert.ok((await page.locator('#codeset-label').innerText()).includes(icd().label), 'ICD-10-CM opened');
  // Works offline counts what is on the device: the inflated copies too.
  const total = JSON.parse(fs.readFileSync(path.join(dir, 'precache.json'), 'utf8')).files
    .filter((f) => !f.lazy).reduce((n, f) => n + f.bytes + (f.inflated ? f.inflated.bytes : 0), 0);
  assert.match(await page.locator('#offline-status').innerText(), new RegExp(`\\(${(total / 1048576).toFixed(1)} MB saved`));
  assert.deepEqual(askedForCopy(0), [], 'no inflated copy asked of the server');
  assert.deepEqual(sent.slice(at).filter((r) => /\.mcs\.gz$/.test(r.path)), [], 'no code set sent on the visit from the cache');
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});

test('offline, the visit reads the inflated copies', async () => {
  const { page, context } = browser;
  await context.setOffline(true);
  const at = sent.length;
  try {
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
    await searchShows('E11.9', 'diabetes');
  } finally {
    await context.setOffline(false);
  }
  const fetched = await pageFetched();
  for (const e of sets()) assert.ok(fetched.includes(e.inflatedHref), `${e.inflatedHref} read offline`);
  assert.deepEqual(sent.slice(at).map((r) => r.path).filter((p) => p !== '/sw.js'), [], 'nothing reached the server offline');
});

test('an inflated copy the storage dropped is made again from the .gz, without the server', async () => {
  const e = icd();
  await browser.page.evaluate(async (h) => (await caches.open('medcode-data')).delete(h), e.inflatedHref);
  assert.equal(await storedHash(e.inflatedHref), null);
  const at = sent.length;
  await visit('/?dropped');
  await searchShows('E11.9', 'diabetes');
  assert.ok((await pageFetched()).includes(e.inflatedHref), 'the page still asked for the inflated copy (the service worker inflated the .gz)');
  await browser.page.waitForFunction(async (h) => !!(await (await caches.open('medcode-data')).match(h)), e.inflatedHref, { timeout: 30000, polling: 200 });
  assert.equal(await storedHash(e.inflatedHref), e.sha256, 'made again, with the listed bytes');
  assert.deepEqual(sent.slice(at).filter((r) => /\.mcs(\.gz)?$/.test(r.path)), [], 'from the stored .gz, not the server');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});

test('a wrong inflated copy is never read whole: the page falls back to the .gz, the copy is dropped, then made again', async () => {
  const { page, context } = browser;
  const e = icd();
  const other = sets().find((x) => x.id !== e.id);
  assert.ok(other, 'the site has a second code set');
  // Another code set's bytes (a valid file: only the check can tell) under ICD-10-CM's copy.
  await page.evaluate(async ([h, o]) => {
    const c = await caches.open('medcode-data');
    await c.put(h, await c.match(o));
  }, [e.inflatedHref, other.inflatedHref]);
  assert.equal(await storedHash(e.inflatedHref), other.sha256);
  // A new start of the service worker: it has checked nothing yet (as on the next day).
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await visit('/?wrong');
  await searchShows('E11.9', 'diabetes');
  assert.ok((await page.locator('#codeset-label').innerText()).includes(e.label), 'ICD-10-CM opened, not the wrong copy');
  const fetched = await pageFetched();
  assert.ok(fetched.includes(e.inflatedHref) && fetched.includes(e.href), `asked for the copy, then the .gz: ${fetched}`);
  assert.notEqual(await storedHash(e.inflatedHref), other.sha256, 'the wrong copy is dropped');
  await visit('/?remade');
  await page.waitForFunction(async (h) => !!(await (await caches.open('medcode-data')).match(h)), e.inflatedHref, { timeout: 30000, polling: 200 });
  assert.equal(await storedHash(e.inflatedHref), e.sha256, 'made again on the next visit, with the listed bytes');
});

test('a code set with new content: its inflated copy is replaced on update and the old one dropped', async () => {
  const { page } = browser;
  const old = sets().find((x) => x.system === 'HCPCS');
  assert.ok(old, 'the site has an HCPCS code set');
  // Another HCPCS quarter, compiled from the test fixture by the site's own importer.
  const updates = await import(pathToFileURL(path.join(dir, 'lib/updates.mjs')).href);
  const importer = await updates.createImporter();
  let bytes;
  try {
    const txt = new Uint8Array(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.txt')));
    ({ bytes } = importer.load([{ name: 'HCPC2026_JAN_ANWEB_v2.txt', bytes: txt }], { loadedOn: '2026-12-05' }));
  } finally {
    importer.close();
  }
  fs.writeFileSync(path.join(dir, old.file), zlib.gzipSync(bytes, { level: 9 }));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/site-manifest.mjs'), dir], { stdio: 'pipe' });
  const now = sets().find((x) => x.id === old.id);
  assert.notEqual(now.inflatedHref, old.inflatedHref, 'new content, a new name for its inflated copy');
  assert.equal(now.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));

  await visit('/');
  await page.locator('#update').waitFor({ state: 'visible', timeout: 60000 });
  await Promise.all([page.waitForEvent('load'), page.locator('#update-reload').click()]);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  assert.equal(await storedHash(now.inflatedHref), now.sha256, 'the new inflated copy is kept');
  assert.equal(await storedHash(old.inflatedHref), null, 'the old inflated copy is dropped');
  assert.equal(await storedHash(old.href), null, 'the old .gz too');
  await visit('/?updated');
  await page.waitForFunction((label) => document.getElementById('codeset-label').textContent.includes(label), now.label, { timeout: 30000 });
  assert.ok((await pageFetched()).includes(now.inflatedHref), 'the visit read the new inflated copy');
  assert.deepEqual(askedForCopy(0), [], 'no inflated copy asked of the server');
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});
