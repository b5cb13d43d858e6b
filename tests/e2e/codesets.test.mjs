// HCPCS and CPT in the page (Chromium, the site's strict CSP): the code-system filter with
// ICD-10-CM and HCPCS, HCPCS results and their detail (dates, attributes, terminated
// codes), and a CPT descriptor file loaded from the user's disk with the file input: read
// locally, searched and looked up, never sent anywhere (no request carries its content),
// not kept on the device unless asked, and kept (then erased) when asked.
// The CPT file is invented text for real-looking code numbers: no CPT descriptor ships.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SITE, startSession, endSession, screenshotDir, axe, openReady as ready } from './helpers.mjs';



const HAS_HCPCS = fs.existsSync(path.join(SITE, 'codesets')) &&
  fs.readdirSync(path.join(SITE, 'codesets')).some((f) => f.startsWith('hcpcs-'));
// Marker words that appear only in the test file: no request may carry them.
const MARK = 'Zyxwvut';
const CPT_TEXT = [
  'Code\tDescriptor',
  `99213\tTest descriptor one ${MARK} office visit established`,
  `99214\tTest descriptor two ${MARK} office visit moderate`,
  `0001U\tTest laboratory descriptor ${MARK} quokka panel`,
  `1234F\tTest quality descriptor ${MARK}`,
  '9921\tbroken line',
  '',
].join('\n');

let srv, browser, tmp, cptPath, shots;

before(async () => {
  ({ srv, browser } = await startSession());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-cpt-'));
  cptPath = path.join(tmp, 'cpt-descriptors-2026.tsv');
  fs.writeFileSync(cptPath, CPT_TEXT);
  shots = screenshotDir();
});

after(() => endSession({ srv, browser }, tmp));

const openReady = (page, hash = '') => ready(page, srv.origin, hash);

async function search(page, text) {
  const q = page.locator('#q');
  await q.fill('');
  await q.fill(text);
}

test('HCPCS beside ICD-10-CM: the filter, results with their system, a terminated code', { skip: !HAS_HCPCS && 'no HCPCS code set in the site' }, async () => {
  const { page } = browser;
  await openReady(page);
  // The filter shows both systems.
  await page.waitForSelector('#systems:not([hidden]) .system-toggle[data-system="HCPCS"]');
  const systems = await page.locator('#systems .system-toggle').evaluateAll((els) => els.map((e) => e.dataset.system));
  assert.deepEqual(systems, ['ICD-10-CM', 'HCPCS']);

  await search(page, 'wheelchair');
  await page.waitForSelector('#results [role="option"][data-system="HCPCS"]');
  const rows = await page.locator('#results [role="option"]').evaluateAll((els) => els.map((e) => ({
    code: e.dataset.code, system: e.dataset.system, set: e.querySelector('.result-set').textContent,
  })));
  assert.ok(rows.some((r) => r.system === 'ICD-10-CM' && r.code === 'Z99.3'), 'ICD-10-CM Z99.3 (dependence on wheelchair)');
  assert.ok(rows.some((r) => r.system === 'HCPCS' && r.code === 'HCPCS:K0001'), 'HCPCS K0001 (standard wheelchair)');
  assert.ok(rows.filter((r) => r.system === 'HCPCS').every((r) => /HCPCS/.test(r.set)), 'each row names its code set');

  // Only ICD-10-CM: no HCPCS row.
  await page.locator('#systems .system-toggle[data-system="HCPCS"]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('#results [role="option"]')].every((e) => e.dataset.system !== 'HCPCS'));
  await page.locator('#systems .system-toggle[data-system="HCPCS"]').click();

  // A HCPCS code opens with its dates and attributes; the route names the system.
  await openReady(page, '#/code/HCPCS:E0100');
  await page.waitForSelector('#detail[data-code="E0100"] .attributes');
  const detail = await page.locator('#detail').innerText();
  assert.match(detail, /Cane/);
  assert.match(detail, /Added\s+1986-01-01/);
  assert.match(detail, /Medicare coverage \(COV\)\s+D Special coverage instructions apply/);
  assert.match(detail, /BETOS/);
  assert.match(detail, /HCPC2025_OCT_ANWEB_v4\.xlsx/);
  await page.screenshot({ path: path.join(shots, 'hcpcs-detail.png') });
  await axe(page, 'HCPCS detail');

  // A terminated code says so and is not billable; its cross-reference is a link.
  await openReady(page, '#/code/HCPCS:A4466');
  await page.waitForSelector('#detail[data-code="A4466"] .badge-terminated');
  await axe(page, 'terminated HCPCS code');
  const t = await page.locator('#detail').innerText();
  assert.match(t, /Terminated: not billable/);
  assert.match(t, /last date of service was 2016-12-31/);
  assert.equal(await page.locator('#detail .attributes a.code-link', { hasText: 'A4467' }).count(), 1);
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  assert.deepEqual(await browser.cspViolations(), [], 'no CSP violations');
});

test('a CPT descriptor file is read locally, searched, looked up, never uploaded, kept only when asked', async () => {
  const page = await browser.context.newPage();
  try {
    const before = browser.requestLog.length;
    const serverBefore = srv.log.length;
    await openReady(page);
    // Not loaded yet: no CPT in the filter.
    assert.equal(await page.locator('#systems .system-toggle[data-system="CPT"]').count(), 0);
    assert.match(await page.locator('#cpt').innerText(), /nothing is uploaded/);

    await page.locator('#cpt-file').setInputFiles(cptPath);
    await page.waitForSelector('#cpt-status[data-kind="ready"]', { timeout: 20000 });
    const status = await page.locator('#cpt-status').innerText();
    assert.match(status, /CPT 2026 \(your file cpt-descriptors-2026\.tsv\): 4 codes loaded/);
    assert.match(status, /1 line skipped \(line 6: not a CPT code number/);
    await page.waitForSelector('#systems .system-toggle[data-system="CPT"]');
    await axe(page, 'CPT loaded');

    // Searchable by words and by code number, with the system on each row.
    await search(page, 'quokka');
    await page.waitForSelector('#results [role="option"][data-code="CPT:0001U"]');
    assert.match(await page.locator('#results [data-code="CPT:0001U"] .result-set').innerText(), /CPT 2026/);
    await search(page, '9921');
    await page.waitForSelector('#results [role="option"][data-code="CPT:99213"]');
    await page.locator('#results [data-code="CPT:99213"]').click();
    await page.waitForSelector('#detail[data-code="99213"]');
    const detail = await page.locator('#detail').innerText();
    assert.match(detail, /Test descriptor one/);
    assert.match(detail, /user-supplied file cpt-descriptors-2026\.tsv, sha256 [0-9a-f]{64}, loaded \d{4}-\d{2}-\d{2}/);
    await page.screenshot({ path: path.join(shots, 'cpt-detail.png') });

    // Nothing of the file left the page: no request body or URL carries it, the server saw
    // only GETs, and nothing is stored on the device (keep is off by default).
    const sent = browser.requestLog.slice(before);
    for (const r of sent) {
      assert.ok(!r.url.includes(MARK) && !r.body.includes(MARK), `request ${r.method} ${r.url} carries the file`);
      assert.ok(!r.url.includes('99213'), `request ${r.url} names a CPT code`);
    }
    for (const r of srv.log.slice(serverBefore)) {
      assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
      assert.ok(!r.body.includes(MARK) && !r.url.includes(MARK), `the server received the file in ${r.url}`);
    }
    assert.ok(!sent.some((r) => r.foreign), 'no request left the origin');
    const stored = await page.evaluate(async () => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      dbs: (await indexedDB.databases()).map((d) => d.name),
    }));
    assert.ok(!stored.local.includes(MARK) && !stored.session.includes(MARK));
    assert.ok(!stored.dbs.includes('medcode-cpt'), `IndexedDB: ${stored.dbs}`);

    // After a reload the file is gone (memory only).
    await openReady(page);
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#systems .system-toggle[data-system="CPT"]').count(), 0);

    // Keep on this device: loaded again on the next visit; turning it off erases it.
    await page.locator('#cpt-keep').check();
    await page.locator('#cpt-file').setInputFiles(cptPath);
    await page.waitForSelector('#cpt-status[data-kind="ready"]');
    await openReady(page);
    await page.waitForSelector('#cpt-status[data-kind="ready"]', { timeout: 20000 });
    assert.match(await page.locator('#cpt-status').innerText(), /kept on this device/);
    assert.equal(await page.locator('#cpt-keep').isChecked(), true);
    await page.locator('#cpt-keep').uncheck();
    await page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => d.name === 'medcode-cpt'));
    await page.locator('#cpt-remove').click();
    await page.waitForFunction(() => !document.querySelector('#systems .system-toggle[data-system="CPT"]'));

    for (const r of browser.requestLog.slice(before)) {
      assert.ok(!r.body.includes(MARK) && !r.url.includes(MARK), `request ${r.url} carries the file`);
    }
    assert.deepEqual(browser.consoleErrors, [], 'no console errors');
    assert.deepEqual(await browser.cspViolations(page), [], 'no CSP violations');
  } finally {
    await page.close();
  }
});
