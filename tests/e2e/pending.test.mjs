// The first search does not wait for HCPCS (Chromium, the site's strict CSP): the page opens as
// soon as ICD-10-CM is open (start.js: openCodeSets ready: 'first'). The HCPCS file is held back
// with a Playwright route on the page (the page downloads the code sets for its Workers):
//   - the search box works with ICD-10-CM alone; a search typed then shows ICD-10-CM codes only,
//     and the results summary (aria-live) says that HCPCS is still loading;
//   - when HCPCS opens, the same list is searched again and becomes, row for row, the list of a
//     page that opened with both code sets (the multi-system ranking is the same), the summary
//     too, and the filter and the footer name HCPCS;
//   - the search box takes a query while ICD-10-CM itself still loads (its file held back
//     too): the summary says the search runs once the code sets are open, and it does;
//   - a link to an HCPCS code opened while HCPCS loads shows the code once it is in (not
//     "not found");
//   - axe: no serious or critical violation while HCPCS loads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, startSession, endSession, axe, assertClean, openReady } from './helpers.mjs';

const INDEX = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8'));
const NO_HCPCS = !INDEX.some((e) => e.system === 'HCPCS') && 'no HCPCS code set in the site';
// A query with codes in both systems (ICD-10-CM Z79.4 long term use of insulin; HCPCS J1815).
const QUERY = 'insulin';

let session;
before(async () => { session = await startSession(); });
after(() => endSession(session));

/** A new page whose code-set file (HCPCS, or the one `file` matches) is held until release() is called. */
async function pageHolding(file = /\/codesets\/hcpcs[^/]*\.mcs\.gz/) {
  const page = await session.browser.context.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  let asked = 0;
  await page.route(file, async (route) => {
    asked++;
    await held;
    await route.continue();
  });
  return { page, release, asked: () => asked };
}

const rendered = (page) => page.evaluate(() => Number(document.getElementById('results').dataset.rendered || 0));
const rows = (page) => page.locator('#results [role="option"]').evaluateAll((els) => els.map((e) => `${e.dataset.system} ${e.dataset.code}`));
const summary = (page) => page.locator('#results-summary').innerText();

/** Types `q` and waits for a render of its results newer than the one before. */
async function searchFor(page, q) {
  const before = await rendered(page);
  await page.locator('#q').fill(q);
  await page.waitForFunction(([text, n]) => {
    const list = document.getElementById('results');
    return list.dataset.query === text && Number(list.dataset.rendered) > n;
  }, [q, before]);
}

test('a search typed before HCPCS opens shows ICD-10-CM, then the list of both', { skip: NO_HCPCS, timeout: 120000 }, async () => {
  // The list with both code sets open from the start: what the held page must end with.
  const full = await session.browser.context.newPage();
  let both;
  let bothSummary;
  try {
    await openReady(full, session.srv.origin);
    await full.waitForFunction(() => !document.body.dataset.pending, null, { timeout: 60000 });
    await searchFor(full, QUERY);
    both = await rows(full);
    bothSummary = await summary(full);
  } finally {
    await full.close();
  }
  assert.ok(both.some((r) => r.startsWith('HCPCS ')), `HCPCS codes in the merged list: ${both.slice(0, 10)}`);
  assert.ok(both.some((r) => r.startsWith('ICD-10-CM ')), `ICD-10-CM codes in the merged list: ${both.slice(0, 10)}`);
  assert.doesNotMatch(bothSummary, /still loading/);

  const { page, release, asked } = await pageHolding();
  try {
    await openReady(page, session.srv.origin);
    assert.equal(await page.evaluate(() => document.body.dataset.pending), 'HCPCS', 'the page is ready while HCPCS loads');
    assert.equal(asked(), 1, 'the HCPCS file was asked for (and is held)');
    assert.equal(await page.locator('#q').isDisabled(), false, 'the search box is enabled');
    await searchFor(page, QUERY);
    const early = await rows(page);
    assert.ok(early.length > 0, 'ICD-10-CM results before HCPCS opens');
    assert.ok(early.every((r) => r.startsWith('ICD-10-CM ')), `ICD-10-CM only: ${early.slice(0, 10)}`);
    // The merged list keeps each set's own order: its ICD-10-CM rows begin this list.
    const icdOfBoth = both.filter((r) => r.startsWith('ICD-10-CM '));
    assert.deepEqual(early.slice(0, icdOfBoth.length), icdOfBoth);
    assert.match(await summary(page), /HCPCS is still loading: its codes join these results when it opens\./);
    assert.equal(await page.locator('#results-summary').getAttribute('aria-live'), 'polite');
    await axe(page, 'search while HCPCS loads');

    const n = await rendered(page);
    release();
    await page.waitForFunction(() => !document.body.dataset.pending, null, { timeout: 60000 });
    await page.waitForFunction((m) => Number(document.getElementById('results').dataset.rendered) > m, n);
    assert.deepEqual(await rows(page), both, 'the merged list, row for row');
    assert.equal(await summary(page), bothSummary);
    assert.equal(await page.locator('#systems .system-toggle[data-system="HCPCS"]').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('#codeset-label').innerText(), /HCPCS/);
    await assertClean(session.browser, page);
  } finally {
    release();
    await page.close();
  }
});

test('a link to an HCPCS code opened while HCPCS loads shows it once HCPCS is in', { skip: NO_HCPCS, timeout: 120000 }, async () => {
  const { page, release } = await pageHolding();
  try {
    await openReady(page, session.srv.origin, '#/code/HCPCS%3AJ1815');
    assert.equal(await page.evaluate(() => document.body.dataset.pending), 'HCPCS');
    assert.equal(await page.locator('#detail .notfound').count(), 0, 'not said to be "not found" while HCPCS loads');
    release();
    await page.locator('#detail .detail-code', { hasText: 'J1815' }).first().waitFor({ timeout: 60000 });
    assert.equal(await page.locator('#detail .notfound').count(), 0);
  } finally {
    release();
    await page.close();
  }
});

test('a query typed while ICD-10-CM loads is searched once it opens', { timeout: 120000 }, async () => {
  const icd = INDEX.find((e) => e.system === 'ICD-10-CM');
  const name = icd.file.split('/').pop().replace(/[.]/g, '\\.');
  const { page, release, asked } = await pageHolding(new RegExp(`/codesets/${name}`));
  try {
    await page.goto(`${session.srv.origin}/`);
    await page.waitForSelector('#q:not([disabled])');
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'loading');
    assert.equal(asked(), 1, 'the ICD-10-CM file was asked for (and is held)');
    await page.locator('#q').fill('diabetes');
    await page.waitForFunction(() => /still loading: this search runs as soon as they are open/.test(document.getElementById('results-summary').textContent));
    assert.equal(await page.locator('#results [role="option"]').count(), 0);
    release();
    await page.waitForFunction(() => document.getElementById('results').dataset.query === 'diabetes' &&
      document.querySelectorAll('#results [role="option"]').length > 0, null, { timeout: 60000 });
    assert.ok((await rows(page)).some((r) => r.startsWith('ICD-10-CM E1')), 'diabetes codes');
    await assertClean(session.browser, page);
  } finally {
    release();
    await page.close();
  }
});
