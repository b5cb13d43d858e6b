// The JS API cases (tests/js/api-cases.mjs) in Chromium: on the main thread and in a
// module Worker, served with the site's strict CSP by scripts/serve.mjs. The server's
// root is a temp folder that links the site as /site and tests/js as /tests/js.
// Also: the Worker client (web/lib/worker-client.mjs) through tests/js/browser/worker-client.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SITE, startServer, openBrowser } from './helpers.mjs';
import { cases } from '../js/api-cases.mjs';

let root, srv, browser;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-api-'));
  fs.symlinkSync(SITE, path.join(root, 'site'));
  fs.mkdirSync(path.join(root, 'tests'));
  fs.symlinkSync(path.join(ROOT, 'tests/js'), path.join(root, 'tests/js'));
  // Damaged code-set files for the worker-client load errors.
  fs.mkdirSync(path.join(root, 'bad'));
  const head = zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2026.mcs.gz'))).subarray(0, 65536);
  fs.writeFileSync(path.join(root, 'bad/truncated.mcs'), head);
  fs.writeFileSync(path.join(root, 'bad/junk.mcs'), Buffer.from('this is not a code-set file\n'.repeat(100)));
  srv = await startServer(root);
  browser = await openBrowser(srv.origin);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('every JS API case passes in Chromium (main thread and module Worker)', async () => {
  const { page } = browser;
  await page.goto(`${srv.origin}/tests/js/browser/index.html`);
  await page.waitForFunction(() => Array.isArray(window.__medcodeResults), null, { timeout: 30000 });
  const results = await page.evaluate(() => window.__medcodeResults);
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
  for (const where of ['main', 'worker']) {
    const ran = results.filter((r) => r.name.startsWith(`${where}: `)).map((r) => r.name.slice(where.length + 2));
    assert.deepEqual(ran, cases.map((c) => c.name), `all cases ran (${where})`);
  }
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  assert.deepEqual(await browser.cspViolations(), [], 'no CSP violations');
});

test('the Worker client (worker-client.mjs) behaves like the sync API, async', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${srv.origin}/tests/js/browser/worker-client.html`);
    await page.waitForFunction(() => Array.isArray(window.__medcodeResults), null, { timeout: 30000 });
    const results = await page.evaluate(() => window.__medcodeResults);
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
    assert.ok(results.length >= 8, `${results.length} cases ran`);
    assert.deepEqual(browser.foreign, [], 'no request left the origin');
    assert.deepEqual(browser.consoleErrors, [], 'no console errors');
    assert.deepEqual(await browser.cspViolations(page), [], 'no CSP violations');
  } finally {
    await page.close();
  }
});
