// Offline use: the service worker (web/sw.js) caches the app, the engine and the code sets
// on the first visit; with the network off the page reloads, searches, opens codes and
// builds a 7th character. A changed site is offered as an update ("Reload to update"),
// unchanged files (the code sets, kept in medcode-data) are not downloaded again, and the old
// cache is dropped (visit.test.mjs: a changed code set, and what a first visit sends). Runs on a temp copy of the site (the update test edits it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, SITE, startSession, endSession } from './helpers.mjs';

let dir, srv, browser;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-offline-'));
  fs.cpSync(SITE, dir, { recursive: true });
  ({ srv, browser } = await startSession(dir, { serviceWorkers: 'allow' }));
});

after(() => endSession({ srv, browser }, dir));

const cacheNames = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('medcode-')));
const swVersion = () => /const VERSION = '([^']+)'/.exec(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'))[1];

test('after one visit the page works with the network off', async () => {
  const { page, context } = browser;
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 30000 });
  assert.match(await page.locator('#offline-status').innerText(), /Works offline/);
  assert.deepEqual((await cacheNames(page)).sort(), ['medcode-data', `medcode-${swVersion()}`].sort());
  // Every file of precache.json is in the cache: the app in this version's cache, the code sets
  // in medcode-data under their versioned names; lazy files (the claim edits, the importer) not yet.
  const pre = JSON.parse(fs.readFileSync(path.join(dir, 'precache.json'), 'utf8'));
  const keys = (name) => page.evaluate(async (n) => {
    const c = await caches.open(n);
    return (await c.keys()).map((r) => new URL(r.url).pathname.slice(1) + new URL(r.url).search);
  }, name);
  const app = await keys(`medcode-${swVersion()}`);
  const data = await keys('medcode-data');
  for (const f of pre.files) {
    // App files only one view uses (the Updates view's importer) are lazy too: cached when first used.
    if (!f.href) assert.equal(app.includes(f.url), !f.lazy, `${f.url} ${f.lazy ? '(lazy) not cached before it is used' : 'cached'}`);
    else if (!f.lazy) assert.ok(data.includes(f.href), `${f.href} cached`);
    else assert.ok(!data.includes(f.href), `${f.href} (lazy) not cached before it is used`);
  }
  assert.ok(pre.files.some((f) => f.href && !f.lazy && f.url.endsWith('.mcs.gz')), 'a code set is precached');
  assert.ok(pre.files.some((f) => !f.href && f.lazy && f.url === 'lib/medcode-import-wasm.wasm'), 'the importer is not part of a first visit');
  assert.ok(pre.files.some((f) => !f.href && f.lazy && f.url === 'lib/medcode-import-icd-wasm.wasm'), 'nor the ICD-10-CM importer');

  await context.setOffline(true);
  const before = srv.log.length;
  try {
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
    await page.locator('#q').fill('diabetes');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    await page.locator('#q').press('ArrowDown');
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#detail .detail-head h2');
    // A deep link, the 7th-character builder and a note link, all offline.
    await page.goto(`${srv.origin}/#/code/S52.001`);
    await page.waitForSelector('#seventh-select');
    await page.selectOption('#seventh-select', 'A');
    assert.equal(await page.locator('#builder-output .built-code').innerText(), 'S52.001A');
    assert.match(await page.locator('footer').innerText(), /Network off/);
    // The component example page too.
    if (fs.existsSync(path.join(dir, 'embed-example.html'))) {
      await page.goto(`${srv.origin}/embed-example.html`);
      await page.locator('code-search').first().locator('input').fill('E11.9');
      await page.locator('code-search').first().locator('[role="option"]').first().waitFor();
    }
  } finally {
    await context.setOffline(false);
  }
  // Chromium's own update check of the service worker script (browser process) is not covered by
  // the offline emulation; with a real network cut it fails harmlessly. Nothing else may get through.
  const during = srv.log.slice(before).map((r) => r.url).filter((u) => new URL(u, srv.origin).pathname !== '/sw.js');
  assert.deepEqual(during, [], 'no request of the page reached the server while offline');
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});

test('a changed site is offered as an update; unchanged files are not downloaded again', async () => {
  const { page } = browser;
  const oldVersion = swVersion();
  // Change one file of the app and restamp the site, as a rebuild would.
  fs.appendFileSync(path.join(dir, 'style.css'), '\n/* site updated */\n');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/site-manifest.mjs'), dir], { stdio: 'pipe' });
  const newVersion = swVersion();
  assert.notEqual(newVersion, oldVersion);

  const before = srv.log.length;
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  await page.locator('#update').waitFor({ state: 'visible', timeout: 30000 });
  assert.match(await page.locator('#update').innerText(), /newer version/);
  const fetched = srv.log.slice(before).map((r) => new URL(r.url, srv.origin).pathname);
  assert.ok(fetched.includes('/style.css'), 'the changed file was fetched');
  // The code sets stay in medcode-data (the old page itself is still served from it).
  const sets = JSON.parse(fs.readFileSync(path.join(dir, 'codesets/index.json'), 'utf8')).filter((e) => e.kind === 'codeset');
  for (const e of sets) assert.ok(!fetched.includes(`/${e.file}`), `the unchanged code set ${e.file} was not downloaded again: ${fetched}`);

  await Promise.all([
    page.waitForEvent('load'),
    page.locator('#update-reload').click(),
  ]);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 30000 });
  assert.deepEqual((await cacheNames(page)).sort(), ['medcode-data', `medcode-${newVersion}`].sort(), 'only the new cache is left');
  assert.ok(await page.evaluate(async () => {
    const r = await fetch('style.css');
    return (await r.text()).includes('site updated');
  }), 'the new style.css is served');
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
});
