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
import { SITE, startSession, endSession, testPagesRoot, pageResults, assertRanEverywhere, assertClean } from './helpers.mjs';
import { cases } from '../js/api-cases.mjs';

let root, srv, browser;

before(async () => {
  root = testPagesRoot('api');
  // Damaged code-set files for the worker-client load errors.
  fs.mkdirSync(path.join(root, 'bad'));
  const head = zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz'))).subarray(0, 65536);
  fs.writeFileSync(path.join(root, 'bad/truncated.mcs'), head);
  fs.writeFileSync(path.join(root, 'bad/junk.mcs'), Buffer.from('this is not a code-set file\n'.repeat(100)));
  ({ srv, browser } = await startSession(root));
});

after(() => endSession({ srv, browser }, root));

test('every JS API case passes in Chromium (main thread and module Worker)', async () => {
  const { page } = browser;
  const results = await pageResults(page, `${srv.origin}/tests/js/browser/index.html`);
  assertRanEverywhere(results, cases);
  await assertClean(browser);
});

test('the Worker client (worker-client.mjs) behaves like the sync API, async', async () => {
  const page = await browser.context.newPage();
  try {
    const results = await pageResults(page, `${srv.origin}/tests/js/browser/worker-client.html`);
    assert.ok(results.length >= 8, `${results.length} cases ran`);
    // One 404 is asked for: a missing file the page downloads for its Worker (/bad/missing.mcs.gz).
    const missing = browser.consoleErrors.filter((e) => /status of 404/.test(e));
    assert.ok(missing.length <= 1, `one 404 at most: ${missing}`);
    await assertClean(browser, page, { ignore: /status of 404/ });
  } finally {
    await page.close();
  }
});
