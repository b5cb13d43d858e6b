// The HCPCS and CPT JS API cases (tests/js/codesets-cases.mjs) in Chromium, on the main
// thread and in a module Worker, and the Worker client and catalog group with HCPCS and a
// CPT file added (tests/js/browser/codesets-runner.mjs), under the site's strict CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSession, endSession, testPagesRoot, pageResults, assertRanEverywhere, assertClean } from './helpers.mjs';
import { cases } from '../js/codesets-cases.mjs';

let root, srv, browser;

before(async () => {
  root = testPagesRoot('codesets');
  ({ srv, browser } = await startSession(root));
});

after(() => endSession({ srv, browser }, root));

test('HCPCS and CPT API cases pass in Chromium (main thread, module Worker) and through the Worker client', async () => {
  const { page } = browser;
  const results = await pageResults(page, `${srv.origin}/tests/js/browser/codesets.html`, 60000);
  assertRanEverywhere(results, cases);
  assert.ok(results.filter((r) => r.name.startsWith('client: ')).length >= 4, 'the client cases ran');
  // The CPT text went to the workers by postMessage only: no request carries it.
  for (const r of browser.requestLog) {
    assert.ok(!r.body.includes('Test descriptor') && !r.url.includes('Test%20descriptor'), `request ${r.url} carries CPT text`);
  }
  await assertClean(browser);
});
