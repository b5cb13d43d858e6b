// The code-system filter in the page (Chromium, the site's strict CSP) in the situations a
// clinic meets besides "every system loaded":
//   - a site with ICD-10-CM only (codesets/index.json lists one system): no filter, search works;
//   - the HCPCS file missing (404): ICD-10-CM works, the failure is said in the banner and the
//     footer (not dropped silently), the Index still opens; the ICD-10-CM file damaged: HCPCS
//     works, the banner gives the error code, the Index says why it is empty;
//   - ICD-10-CM + HCPCS: each system alone (aria-pressed), the last one cannot be turned off
//     (aria-disabled, and a note says why), the filter survives new searches and a code's detail;
//   - a code typed while its system is filtered out: named in the summary (aria-live) and in a
//     hint with a link, Enter opens it, "Search ICD-10-CM too" turns the system back on;
//   - a CPT file loaded or removed while a system is off keeps the filter as the user set it.
// The catalog is changed with Playwright routes on the page (build/site is never modified).
// axe: no serious or critical violation in these states.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { SITE, startSession, endSession, axe, openReady as ready } from './helpers.mjs';

const INDEX = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8'));
const HAS_HCPCS = INDEX.some((e) => e.system === 'HCPCS');
const NO_HCPCS = !HAS_HCPCS && 'no HCPCS code set in the site';

let srv, browser, tmp, cptPath;

before(async () => {
  ({ srv, browser } = await startSession());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-systems-'));
  cptPath = path.join(tmp, 'cpt-test.tsv');
  // Invented descriptors for real-looking code numbers: no CPT text ships.
  fs.writeFileSync(cptPath, 'Code\tDescriptor\n99213\tTest descriptor office visit established\n0001U\tTest quokka panel\n');
});

after(() => endSession({ srv, browser }, tmp));


const openReady = (page, hash = '') => ready(page, srv.origin, hash);

/** A new page (its own routes); closed, with its console errors checked, by the caller's finally. */
async function newPage() {
  return browser.context.newPage();
}

// Each action that searches notes the results' render count first; waitRows waits for a newer one.
let mark = 0;
const stamp = async (page) => {
  mark = await page.evaluate(() => Number(document.getElementById('results').dataset.rendered || 0));
};

async function search(page, text) {
  await stamp(page);
  await page.locator('#q').fill(text);
}

const rows = (page) => page.locator('#results [role="option"]').evaluateAll((els) => els.map((e) => ({ code: e.dataset.code, system: e.dataset.system })));
const toggle = (page, system) => page.locator(`#systems .system-toggle[data-system="${system}"]`);
const summary = (page) => page.locator('#results-summary').innerText();

/** Turns a system of the filter on or off with a click, or with a key on the focused toggle. */
async function flip(page, system, key) {
  await stamp(page);
  if (key) {
    await toggle(page, system).focus();
    await page.keyboard.press(key);
  } else {
    await toggle(page, system).click();
  }
}

/** Waits for the next results (of `query`); checks every row is of `systems`, and `check`. */
async function waitRows(page, query, systems, check = () => true) {
  await page.waitForFunction(([q, m]) => {
    const list = document.getElementById('results');
    return list.dataset.query === q && Number(list.dataset.rendered) > m;
  }, [query, mark]);
  const r = await rows(page);
  assert.ok(r.length > 0, `results for ${query}`);
  assert.ok(r.every((x) => systems.includes(x.system)), `${query}: only ${systems}: ${JSON.stringify(r.slice(0, 10))}`);
  assert.ok(check(r), JSON.stringify(r.slice(0, 10)));
  return r;
}

test('a site with ICD-10-CM only: no filter, search works, no error', async () => {
  const page = await newPage();
  try {
    const only = INDEX.filter((e) => e.system === 'ICD-10-CM' || !e.system);
    await page.route('**/codesets/index.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(only) }));
    const seen = [];
    page.on('request', (r) => seen.push(r.url()));
    await openReady(page);
    assert.equal(await page.locator('#systems').isHidden(), true, 'no filter with one system');
    assert.equal(await page.locator('#systems .system-toggle').count(), 0);
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.equal(await page.locator('label[for="q"]').textContent(), 'Search ICD-10-CM codes or words');
    await search(page, 'diabetes');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    assert.ok((await rows(page)).every((r) => r.system === 'ICD-10-CM'));
    // No filter, so the summary does not name a system.
    assert.match(await summary(page), /^[\d,]+ codes match every word, [\d,]+ only some; showing the first \d+\.$/);
    await search(page, 'E11.9');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    assert.equal(await page.locator('#filtered-out').isHidden(), true);
    assert.ok(!seen.some((u) => /hcpcs/.test(u)), 'the HCPCS file is not fetched');
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
});

test('the HCPCS file fails to load: ICD-10-CM works and the failure is said plainly', { skip: NO_HCPCS }, async () => {
  const page = await newPage();
  const errorsBefore = browser.consoleErrors.length;
  try {
    await page.route('**/codesets/hcpcs-*.mcs.gz*', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await openReady(page);
    const banner = page.locator('#error');
    await banner.waitFor();
    assert.equal(await banner.getAttribute('data-kind'), 'partial');
    assert.equal(await banner.getAttribute('role'), 'alert');
    const text = await banner.innerText();
    assert.match(text, /HCPCS Level II .* could not be loaded\./);
    assert.match(text, /404/);
    assert.match(text, /error code: IO/);
    assert.match(text, /ICD-10-CM FY2027 and FY2026 works: searching it only; HCPCS codes cannot be found until it loads/);
    assert.match(text, /Reload the page to try again/);
    assert.match(await page.locator('#codeset-label').innerText(), /HCPCS Level II .*: not loaded/);
    // One system left: no filter. ICD-10-CM searches and opens codes as usual.
    assert.equal(await page.locator('#systems').isHidden(), true);
    assert.equal(await page.locator('#q').isDisabled(), false);
    await search(page, 'wheelchair');
    await page.waitForSelector('#results [role="option"][data-code="Z99.3"]');
    assert.ok((await rows(page)).every((r) => r.system === 'ICD-10-CM'));
    await page.locator('#q').fill('E11.9');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
    await axe(page, 'HCPCS failed to load');
    // The Index (ICD-10-CM) still opens.
    await page.locator('.view-link[href="#/index"]').click();
    await page.waitForSelector('#index-view [role="tree"] [role="treeitem"]');
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
  // The only console errors are the browser's own lines about the 404.
  const errs = browser.consoleErrors.splice(errorsBefore);
  assert.ok(errs.every((e) => /404|Failed to load resource/.test(e)), JSON.stringify(errs));
});

test('the ICD-10-CM file damaged, HCPCS fine: HCPCS works, the damage is said with its error code', { skip: NO_HCPCS }, async () => {
  const page = await newPage();
  const errorsBefore = browser.consoleErrors.length;
  try {
    const bytes = zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz')));
    bytes[bytes.length >> 1] ^= 0xff;
    await page.route('**/codesets/icd10cm-2027.mcs.gz*', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: bytes }));
    await openReady(page);
    const text = await page.locator('#error').innerText();
    assert.match(text, /ICD-10-CM FY2027 and FY2026 could not be loaded\./);
    assert.match(text, /error code: BAD_CHECKSUM/);
    assert.match(text, /HCPCS Level II .* works: searching it only; ICD-10-CM codes cannot be found until it loads/);
    assert.equal(await page.locator('label[for="q"]').textContent(), 'Search HCPCS codes or words');
    await search(page, 'wheelchair');
    await waitRows(page, 'wheelchair', ['HCPCS'], (r) => r.some((x) => x.code === 'HCPCS:K0001'));
    // The Index belongs to ICD-10-CM: it says so instead of waiting for ever.
    await page.locator('.view-link[href="#/index"]').click();
    await page.waitForFunction(() => /comes with the ICD-10-CM code set, which is not loaded/.test(document.getElementById('index-status').textContent));
    await axe(page, 'ICD-10-CM failed to load');
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
  assert.deepEqual(browser.consoleErrors.splice(errorsBefore), []);
});

test('ICD-10-CM + HCPCS: each alone, the last one stays on, the state survives new searches', { skip: NO_HCPCS }, async () => {
  const page = await newPage();
  try {
    await openReady(page);
    await page.waitForSelector('#systems:not([hidden])');
    assert.equal(await page.locator('#systems').getAttribute('role'), 'group');
    assert.equal(await page.locator('label[for="q"]').textContent(), 'Search ICD-10-CM, HCPCS codes or words');
    for (const s of ['ICD-10-CM', 'HCPCS']) {
      assert.equal(await toggle(page, s).getAttribute('aria-pressed'), 'true');
      assert.equal(await toggle(page, s).getAttribute('aria-disabled'), null);
    }
    await search(page, 'wheelchair');
    await waitRows(page, 'wheelchair', ['ICD-10-CM', 'HCPCS'], (r) => r.some((x) => x.system === 'HCPCS') && r.some((x) => x.system === 'ICD-10-CM'));
    assert.doesNotMatch(await summary(page), / in /);

    // ICD-10-CM off: HCPCS results only, the summary says so; HCPCS is now the last one.
    await flip(page, 'ICD-10-CM');
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'false');
    await waitRows(page, 'wheelchair', ['HCPCS'], (r) => r.some((x) => x.code === 'HCPCS:K0001'));
    assert.match(await summary(page), /codes in HCPCS match every word/);
    const last = toggle(page, 'HCPCS');
    assert.equal(await last.getAttribute('aria-pressed'), 'true');
    assert.equal(await last.getAttribute('aria-disabled'), 'true');
    assert.equal(await last.getAttribute('aria-describedby'), 'systems-note');
    assert.match(await page.locator('#systems-note').innerText(), /Only HCPCS is searched\. At least one code system stays on\./);
    assert.equal(await page.locator('#systems-note').getAttribute('aria-live'), 'polite');
    await axe(page, 'filter: HCPCS only');
    // Trying to turn it off (keyboard) leaves it on and says why.
    await last.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /HCPCS stays on/.test(document.getElementById('systems-note').textContent));
    assert.equal(await last.getAttribute('aria-pressed'), 'true');
    assert.ok((await rows(page)).every((x) => x.system === 'HCPCS'));

    // A new search keeps the filter; so does opening a code and coming back.
    await search(page, 'insulin');
    await waitRows(page, 'insulin', ['HCPCS'], (r) => r.some((x) => /^HCPCS:J18/.test(x.code)));
    assert.match(await summary(page), /in HCPCS/);
    await page.locator('#results [role="option"]').first().click();
    await page.waitForSelector('#detail .detail-head');
    await page.goBack();
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'false');
    await search(page, 'insulin pump');
    await waitRows(page, 'insulin pump', ['HCPCS']);

    // And the other way round, with the keyboard: Space on the toggles.
    await flip(page, 'ICD-10-CM', 'Space');
    await waitRows(page, 'insulin pump', ['ICD-10-CM', 'HCPCS'], (r) => r.some((x) => x.system === 'ICD-10-CM'));
    assert.equal(await page.locator('#systems-note').innerText(), '');
    assert.equal(await toggle(page, 'HCPCS').getAttribute('aria-disabled'), null);
    await flip(page, 'HCPCS', 'Space');
    assert.equal(await toggle(page, 'HCPCS').getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-disabled'), 'true');
    await waitRows(page, 'insulin pump', ['ICD-10-CM']);
    await search(page, 'wheelchair');
    await waitRows(page, 'wheelchair', ['ICD-10-CM'], (r) => r.some((x) => x.code === 'Z99.3'));
    assert.match(await summary(page), /in ICD-10-CM/);
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
});

test('a code whose system is filtered out: named, linked, opened with Enter, or searched again', { skip: NO_HCPCS }, async () => {
  const page = await newPage();
  try {
    await openReady(page);
    await page.waitForSelector('#systems:not([hidden])');

    // ICD-10-CM off, "E11.9": no HCPCS code matches, and the page says where E11.9 is.
    await toggle(page, 'ICD-10-CM').click();
    await search(page, 'E11.9');
    const hint = page.locator('#filtered-out');
    await page.waitForSelector('#filtered-out:not([hidden]) li[data-code="E11.9"]');
    assert.equal(await page.locator('#results [role="option"]').count(), 0);
    assert.equal(await summary(page), 'No HCPCS codes match “E11.9”. E11.9 is in ICD-10-CM, which is filtered out.');
    assert.equal(await page.locator('#results-summary').getAttribute('aria-live'), 'polite');
    const h = await hint.innerText();
    assert.match(h, /Exact match in ICD-10-CM, which is filtered out/);
    assert.match(h, /E11\.9\s+Type 2 diabetes mellitus without complications\s+ICD-10-CM FY2027/);
    assert.match(h, /Enter opens it/);
    await axe(page, 'code filtered out');
    // Enter opens it (the detail names its code set); the filter is unchanged.
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
    assert.match(await page.locator('.detail-head').innerText(), /ICD-10-CM FY2027/);
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'false');
    await page.goBack();
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));
    await page.waitForSelector('#filtered-out:not([hidden])');
    // "Search ICD-10-CM too" turns it back on: E11.9 is a result again.
    await hint.locator('button', { hasText: 'Search ICD-10-CM too' }).click();
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'true');
    assert.equal(await hint.isHidden(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');

    // Words never trigger the hint.
    await flip(page, 'ICD-10-CM');
    await search(page, 'diabetes');
    await waitRows(page, 'diabetes', ['HCPCS']);
    assert.equal(await hint.isHidden(), true);

    // HCPCS off, "J1100": ICD-10-CM reads it as J11.00; HCPCS J1100 is named and linked.
    await toggle(page, 'ICD-10-CM').click();
    await toggle(page, 'HCPCS').click();
    await search(page, 'J1100');
    await page.waitForSelector('#filtered-out:not([hidden]) li[data-code="HCPCS:J1100"]');
    assert.deepEqual(await rows(page), [{ code: 'J11.00', system: 'ICD-10-CM' }]);
    assert.match(await summary(page), /^1 match in ICD-10-CM\. J1100 is in HCPCS, which is filtered out\.$/);
    assert.doesNotMatch(await hint.innerText(), /Enter opens it/, 'Enter opens the result shown, not the hint');
    await hint.locator('a.code-link', { hasText: 'J1100' }).click();
    await page.waitForSelector('#detail[data-code="J1100"] .detail-head');
    assert.match(await page.locator('.detail-head').innerText(), /dexamethasone/i);
    assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), '#/code/HCPCS:J1100');
    await page.goBack();
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));

    // Both on: Enter on the HCPCS row opens HCPCS J1100, not ICD-10-CM J11.00.
    await flip(page, 'HCPCS');
    await waitRows(page, 'J1100', ['ICD-10-CM', 'HCPCS'], (r) => r.some((x) => x.code === 'HCPCS:J1100'));
    assert.equal(await hint.isHidden(), true);
    for (let i = 0; i < 5; i++) {
      await page.locator('#q').press('ArrowDown');
      const active = await page.evaluate(() => document.getElementById(document.getElementById('q').getAttribute('aria-activedescendant')).dataset.code);
      if (active === 'HCPCS:J1100') break;
    }
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#detail[data-code="J1100"] .detail-head');
    assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), '#/code/HCPCS:J1100');
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
});

test('a CPT file loaded or removed keeps the filter as the user set it', { skip: NO_HCPCS }, async () => {
  const page = await newPage();
  try {
    await openReady(page);
    await page.waitForSelector('#systems:not([hidden])');
    await toggle(page, 'ICD-10-CM').click();
    await page.locator('#cpt-file').setInputFiles(cptPath);
    await page.waitForSelector('#cpt-status[data-kind="ready"]', { timeout: 20000 });
    await page.waitForSelector('#systems .system-toggle[data-system="CPT"]');
    // The new system is on; ICD-10-CM stays off (the buttons show what is searched).
    assert.equal(await toggle(page, 'CPT').getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'false');
    assert.equal(await toggle(page, 'HCPCS').getAttribute('aria-pressed'), 'true');
    await search(page, 'office visit');
    await waitRows(page, 'office visit', ['HCPCS', 'CPT'], (r) => r.some((x) => x.code === 'CPT:99213'));
    // CPT alone, then the file removed: the filter falls back to every system left.
    await toggle(page, 'HCPCS').click();
    assert.equal(await toggle(page, 'CPT').getAttribute('aria-disabled'), 'true');
    await page.locator('#q').fill('');
    await page.locator('#cpt-remove').click();
    await page.waitForFunction(() => !document.querySelector('#systems .system-toggle[data-system="CPT"]'));
    assert.equal(await toggle(page, 'ICD-10-CM').getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle(page, 'HCPCS').getAttribute('aria-pressed'), 'true');
    await search(page, 'wheelchair');
    await waitRows(page, 'wheelchair', ['ICD-10-CM', 'HCPCS'], (r) => r.some((x) => x.system === 'ICD-10-CM') && r.some((x) => x.system === 'HCPCS'));
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
});

test('nothing left the origin and nothing unexpected was logged as an error', () => {
  assert.deepEqual(browser.foreign, [], 'requests to other origins');
  assert.deepEqual(browser.consoleErrors, [], 'console errors');
});
