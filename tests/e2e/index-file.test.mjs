// The Alphabetic Index and Tables in a file of their own (codesets/NAME-index.mcs.gz, the
// code set's indexHref in codesets/index.json), counted at the server: not fetched on a visit
// of the search page, fetched once when the Index view first opens (by its versioned name,
// kept for offline use), then served from the offline cache, offline too; after a rebuilt
// site with another Index file, the new one is fetched once and the old one dropped. No file
// name is written here: they come from the site's codesets/index.json. Runs on a temp copy
// of the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { ROOT, openBrowser, endSession, serveCountedCopy } from './helpers.mjs';

let dir, srv, browser;
const sent = [];  // { url, path, status, bytes }: every response of the server

before(async () => {
  srv = await serveCountedCopy(sent, { prefix: 'medcode-index-file-' });
  dir = srv.dir;
  browser = await openBrowser(srv.origin, { serviceWorkers: 'allow', guard: false });
});

after(() => endSession({ srv, browser }, dir));

const index = () => JSON.parse(fs.readFileSync(path.join(dir, 'codesets/index.json'), 'utf8'));
const count = (log, p) => log.filter((r) => r.path === p).length;

async function quiet(ms = 1500) {
  for (;;) {
    const n = sent.length;
    await new Promise((r) => setTimeout(r, ms));
    if (sent.length === n) return;
  }
}

const dataKeys = (page) => page.evaluate(async () => {
  const c = await caches.open('medcode-data');
  return (await c.keys()).map((r) => new URL(r.url).pathname.slice(1) + new URL(r.url).search);
});

/** The Index view with its first main terms (the tree) shown. */
async function openIndex(page) {
  await page.locator('.view-link[href="#/index"]').click();
  await page.waitForSelector('#index-view [role="tree"] [role="treeitem"]', { timeout: 60000 });
  return page.locator('#index-view [role="tree"] > [role="treeitem"]').count();
}

test('the Index file: not on a visit of the search page; once when the Index opens; offline; after an update', async () => {
  const { page } = browser;
  const ix = index().filter((e) => e.kind === 'index');
  assert.equal(ix.length, 1, 'the site lists one Index file');
  const icd = index().find((e) => e.id === ix[0].of);
  assert.ok(icd && icd.kind === 'codeset', 'the Index file belongs to a code set of the site');
  assert.equal(icd.indexHref, ix[0].href, 'the code set names its Index file by its versioned name');
  assert.match(ix[0].href, /^codesets\/[^?]+-index\.mcs\.gz\?v=[0-9a-f]{16}$/);
  const pre = JSON.parse(fs.readFileSync(path.join(dir, 'precache.json'), 'utf8'));
  assert.equal(pre.files.find((f) => f.url === ix[0].file).lazy, true, 'not precached on the first visit');

  // A visit of the search page, until it is saved for offline use: the Index file is not sent.
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.locator('#q').fill('diabetes');
  await page.waitForSelector('#results [role="option"]');
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  await quiet();
  assert.equal(count(sent, `/${ix[0].file}`), 0, 'the Index file is not fetched before the Index view opens');
  assert.ok(!(await dataKeys(page)).includes(ix[0].href));

  // The Index view: the file once, by its versioned name; the view works; it is kept.
  const at = sent.length;
  const terms = await openIndex(page);
  assert.ok(terms > 0, 'main terms are listed');
  await quiet();
  const later = sent.slice(at);
  assert.equal(count(later, `/${ix[0].file}`), 1, 'the Index file fetched once when the view opened');
  assert.ok(later.some((r) => r.url === `/${ix[0].href}`), 'by its versioned name');
  assert.equal(count(later, `/${icd.file}`), 0, 'the code set is not fetched again');
  assert.ok((await dataKeys(page)).includes(ix[0].href), 'the Index file is kept for offline use');
  // A table of the same file: the Neoplasm Table's rows with their cells.
  await page.goto(`${srv.origin}/#/index/neoplasm`);
  await page.waitForSelector('#index-view table tbody tr', { timeout: 60000 });

  // Offline: the page, the code set and the Index from the cache.
  await browser.context.setOffline(true);
  const atOffline = sent.length;
  try {
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
    assert.ok(await openIndex(page) > 0, 'the Index works offline');
  } finally {
    await browser.context.setOffline(false);
  }
  assert.deepEqual(sent.slice(atOffline).map((r) => r.path).filter((p) => p !== '/sw.js'), [], 'nothing reached the server offline');

  // A rebuilt site with other bytes for the Index file (a new versioned name).
  const file = path.join(dir, ix[0].file);
  fs.writeFileSync(file, zlib.gzipSync(zlib.gunzipSync(fs.readFileSync(file)), { level: 6 }));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/site-manifest.mjs'), dir], { stdio: 'pipe' });
  const changed = index().find((e) => e.kind === 'index');
  assert.notEqual(changed.href, ix[0].href, 'a new versioned name');
  const atUpdate = sent.length;
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.locator('#update').waitFor({ state: 'visible', timeout: 60000 });
  await quiet();
  assert.equal(count(sent.slice(atUpdate), `/${ix[0].file}`), 0, 'the update does not download the Index file (lazy)');
  await Promise.all([page.waitForEvent('load'), page.locator('#update-reload').click()]);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  const atNew = sent.length;
  assert.ok(await openIndex(page) > 0, 'the Index works after the update');
  await quiet();
  assert.equal(sent.slice(atNew).filter((r) => r.url === `/${changed.href}`).length, 1, 'the new Index file fetched once');
  const keys = await dataKeys(page);
  assert.ok(keys.includes(changed.href), 'the new Index file is kept');
  assert.ok(!keys.includes(ix[0].href), 'the old Index file is gone from the cache');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});
