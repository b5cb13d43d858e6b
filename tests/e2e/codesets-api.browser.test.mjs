// The HCPCS and CPT JS API cases (tests/js/codesets-cases.mjs) in Chromium, on the main
// thread and in a module Worker, and the Worker client and catalog group with HCPCS and a
// CPT file added (tests/js/browser/codesets-runner.mjs), under the site's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SITE, startServer, openBrowser } from './helpers.mjs';
import { cases } from '../js/codesets-cases.mjs';

let root, srv, browser;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-codesets-'));
  fs.symlinkSync(SITE, path.join(root, 'site'));
  fs.mkdirSync(path.join(root, 'tests'));
  fs.symlinkSync(path.join(ROOT, 'tests/js'), path.join(root, 'tests/js'));
  srv = await startServer(root);
  browser = await openBrowser(srv.origin);
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('HCPCS and CPT API cases pass in Chromium (main thread, module Worker) and through the Worker client', async () => {
  const { page } = browser;
  await page.goto(`${srv.origin}/tests/js/browser/codesets.html`);
  await page.waitForFunction(() => Array.isArray(window.__medcodeResults), null, { timeout: 60000 });
  const results = await page.evaluate(() => window.__medcodeResults);
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
  for (const where of ['main', 'worker']) {
    const ran = results.filter((r) => r.name.startsWith(`${where}: `)).map((r) => r.name.slice(where.length + 2));
    assert.deepEqual(ran, cases.map((c) => c.name), `all cases ran (${where})`);
  }
  assert.ok(results.filter((r) => r.name.startsWith('client: ')).length >= 4, 'the client cases ran');
  // The CPT text went to the workers by postMessage only: no request carries it.
  for (const r of browser.requestLog) {
    assert.ok(!r.body.includes('Test descriptor') && !r.url.includes('Test%20descriptor'), `request ${r.url} carries CPT text`);
  }
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  assert.deepEqual(await browser.cspViolations(), [], 'no CSP violations');
});
