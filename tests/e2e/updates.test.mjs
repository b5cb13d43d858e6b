// Updates a clinic loads itself, in Chromium (#/updates): NCCI fixture files in the CMS
// layouts (tests/fixtures/user-load) compiled in the page's importer Worker and added to the
// site's claim edits; counts and provenance shown; a second load adds to the first; a claim
// dated in the loaded quarter is checked with it; the HCPCS workbook (tests/fixtures/hcpcs)
// compiled in the page becomes a code set used for the dates of service it covers, and so
// does its fixed-width text (HCPC_fixture.txt, the same records); a damaged file gives its
// specific error (a truncated text: its line); storage off by default, then on (every load used again
// after a reload), then cleared in one click; the importer is not fetched before the view
// needs it; nothing is sent anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startSession, endSession, openReady, assertClean, axe, checkClaimForm } from './helpers.mjs';

const FIX = path.join(ROOT, 'tests/fixtures/user-load');
const XLSX = { name: 'HCPC2026_JAN_ANWEB_v2.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  buffer: fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.xlsx')) };
const NEXT_PTP = path.join(FIX, 'ccipra-v330r0-f1.txt');
const FILES = ['MCR_MUE_PractitionerServices_Eff_10-01-2026.csv', 'ccipra-v323r0-f1.txt', 'ccipra-v323r0-f2.txt', 'AOC_V2026Q4-F-MCR.txt']
  .map((f) => path.join(FIX, f));

let srv, browser;

before(async () => {
  ({ srv, browser } = await startSession());
});

after(() => endSession({ srv, browser }));

const kept = (page) => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'medcode-updates'));

async function setDate(page, iso) {
  await page.goto(`${srv.origin}/#/`);
  await page.fill('#dos', iso);
  await page.dispatchEvent('#dos', 'change');
}

// The detail of HCPCS E0100 on a date of service, once it says "Test cane" (the fixture's
// title) or, with `fixture` false, once it does not (else a timeout).
async function e0100(page, dos, fixture) {
  await setDate(page, dos);
  await page.goto(`${srv.origin}/#/code/${encodeURIComponent('HCPCS:E0100')}`);
  await page.waitForFunction((want) => {
    const d = document.getElementById('detail');
    return d && /E0100/.test(d.textContent) && d.querySelector('.detail-head') && /Test cane/.test(d.textContent) === want;
  }, fixture, { timeout: 60000 });
  return page.locator('#detail').innerText();
}

// The browser's date today (the header's default date of service).
const browserToday = (page) => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
});

// "Remove all the loaded updates" in the Updates view, until it says they were removed.
async function removeAll(page) {
  await page.goto(`${srv.origin}/#/updates`);
  await page.waitForSelector('#updates-remove:not([hidden])');
  await page.click('#updates-remove');
  await page.waitForFunction(() => /removed/.test(document.getElementById('updates-status').textContent), null, { timeout: 60000 });
}

const checkClaim = (page, dos) => checkClaimForm(page, srv.origin, { id: `U-${dos}`, dos, dx: 'M17.11', code: '20610', units: 2 });

test('NCCI files load in the page, take part in the claim check by date of service, and are kept only when asked', async () => {
  const { page } = browser;
  await openReady(page, srv.origin, '#/updates', 90000);
  await page.waitForSelector('#updates-view:not([hidden])');
  assert.equal(await page.locator('#nav-updates').getAttribute('aria-current'), 'page');
  assert.ok(await page.locator('.layout').isHidden(), 'the search layout is hidden in the Updates view');
  assert.equal(await page.locator('#updates-keep').isChecked(), false, 'keeping is off by default');
  assert.ok(!srv.log.some((r) => /medcode-import-wasm|medcode-import-icd-wasm|updates-worker|\.import\.mcs/.test(r.url)), 'the importer is not fetched before it is needed');
  await axe(page, 'Updates view, empty');

  // Load the four files at once (keyboard-reachable file input).
  await page.setInputFiles('#updates-file', FILES);
  await page.waitForSelector('#updates-result h3', { timeout: 60000 });
  const result = await page.locator('#updates-result').innerText();
  for (const f of FILES) assert.ok(result.includes(path.basename(f)), `${path.basename(f)} is listed`);
  const sha = crypto.createHash('sha256').update(fs.readFileSync(FILES[1])).digest('hex');
  assert.ok(result.includes(sha), 'the SHA-256 of a file is shown');
  assert.match(result, /NCCI MUE practitioner 2026Q4 \(2026-10-01 to 2026-12-31\): codes: 11/);
  assert.match(result, /NCCI PTP practitioner 2026Q4 \(v32\.3\).*part files: 2.*rows: 6/);
  assert.match(result, /NCCI add-on code edits 2026Q4/);
  const today = await browserToday(page);
  assert.ok(result.includes(`loaded ${today}`), 'the load date is shown');
  assert.match(result, /Provenance: .*user-loaded: .*MCR_MUE_PractitionerServices_Eff_10-01-2026\.csv \(sha256 /);
  assert.equal(await kept(page), false, 'nothing stored while keeping is off');
  await axe(page, 'Updates view with a result');

  // A damaged file: its own error, the loaded updates stay.
  await page.setInputFiles('#updates-file', { name: 'ccipra-v323r0-f3.txt', mimeType: 'text/plain', buffer: Buffer.from('PK\u0003\u0004 not really a zip') });
  await page.waitForSelector('#updates-error:not([hidden])', { timeout: 60000 });
  assert.match(await page.locator('#updates-error').innerText(), /ccipra-v323r0-f3\.txt: a zip archive that is not a readable workbook/);
  await page.setInputFiles('#updates-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\nworld\n') });
  await page.waitForFunction(() => /notes\.txt: not a file this loader knows/.test(document.getElementById('updates-error').textContent), null, { timeout: 60000 });
  assert.ok((await page.locator('#updates-result').innerText()).includes('ccipra-v323r0-f2.txt'), 'the earlier load stays');

  // A second load (the next PTP release) adds to the first: both editions listed.
  await page.setInputFiles('#updates-file', NEXT_PTP);
  await page.waitForFunction(() => /ccipra-v330r0-f1\.txt/.test(document.getElementById('updates-result').textContent), null, { timeout: 60000 });
  const both = await page.locator('#updates-result').innerText();
  assert.ok(both.includes('MCR_MUE_PractitionerServices_Eff_10-01-2026.csv'), 'the first load\'s files stay listed');
  assert.match(both, /NCCI MUE practitioner 2026Q4 \(2026-10-01 to 2026-12-31\)/);
  assert.match(both, /NCCI PTP practitioner 2026Q4 \(v32\.3\)/);
  assert.match(both, /NCCI PTP practitioner 2027Q1 \(v33\.0\) \(2027-01-01 to 2027-03-31\)/);

  // The claim check uses the loaded MUE quarter for a November date (the fixture's 20610 = 1),
  // and says nothing about MUE data coverage there; a May date uses the shipped edition.
  const nov = await checkClaim(page, '2026-11-02');
  assert.match(nov, /exceed the MUE of 1 per date of service/);
  assert.match(nov, /NCCI MUE practitioner 2026Q4/);
  assert.doesNotMatch(nov, /outside the NCCI MUE practitioner/);
  assert.doesNotMatch(nov, /outside the NCCI PTP practitioner/);
  const may = await checkClaim(page, '2026-05-15');
  assert.doesNotMatch(may, /NCCI MUE practitioner 2026Q4/);

  // The HCPCS workbook, compiled in the page: a code set beside the site's, used for the
  // dates of service it covers (the fixture's E0100 is "Test cane ...").
  await page.goto(`${srv.origin}/#/updates`);
  await page.setInputFiles('#updates-file', XLSX);
  await page.waitForFunction(() => /HCPCS Level II 2026Q1 \(user-loaded\) \(2026-01-01 to 2026-03-31\): 10 codes, 4 modifiers/
    .test(document.getElementById('updates-result').textContent), null, { timeout: 90000 });
  assert.ok((await page.locator('#updates-result').innerText()).includes('ccipra-v330r0-f1.txt'), 'the NCCI loads stay');
  await axe(page, 'Updates view with claim edits and an HCPCS code set');
  const feb = await e0100(page, '2026-02-01', true);
  assert.match(feb, /HCPCS Level II 2026Q1 \(user-loaded\)/);
  const shipped = await e0100(page, '2025-11-01', false);
  assert.doesNotMatch(shipped, /2026Q1 \(user-loaded\)/);
  await setDate(page, today);

  // Keep: on, then a reload uses the kept file without loading anything again; then remove.
  await page.goto(`${srv.origin}/#/updates`);
  await page.reload();
  await page.waitForSelector('#updates-view:not([hidden])');
  assert.equal(await page.locator('#updates-result h3').count(), 0, 'not kept: gone after a reload');
  await page.setInputFiles('#updates-file', FILES.slice(0, 1));
  await page.waitForSelector('#updates-result h3', { timeout: 60000 });
  await page.check('#updates-keep');
  // (25 MB into IndexedDB: slow on a loaded machine)
  await page.waitForFunction(() => /kept on this device/.test(document.getElementById('updates-status').textContent), null, { timeout: 60000 });
  assert.equal(await kept(page), true, 'stored once keeping is on');
  // Loads while keeping is on are kept too, beside the first.
  await page.setInputFiles('#updates-file', NEXT_PTP);
  await page.waitForFunction(() => /Loaded 1 file/.test(document.getElementById('updates-status').textContent) &&
    /ccipra-v330r0-f1\.txt/.test(document.getElementById('updates-result').textContent), null, { timeout: 60000 });
  await page.setInputFiles('#updates-file', XLSX);
  await page.waitForFunction(() => /HCPCS Level II 2026Q1/.test(document.getElementById('updates-result').textContent) &&
    /Loaded 1 file/.test(document.getElementById('updates-status').textContent), null, { timeout: 90000 });
  await page.reload();
  await page.waitForFunction(() => /kept on this device: MCR/.test(document.getElementById('updates-status').textContent), null, { timeout: 90000 });
  assert.equal(await page.locator('#updates-keep').isChecked(), true);
  const status = await page.locator('#updates-status').innerText();
  assert.match(status, /kept on this device: MCR_MUE_PractitionerServices_Eff_10-01-2026\.csv, ccipra-v330r0-f1\.txt; HCPCS Level II 2026Q1 \(user-loaded\)/);
  const again = await e0100(page, '2026-02-01', true);
  assert.match(again, /HCPCS Level II 2026Q1 \(user-loaded\)/);
  await setDate(page, today);
  await removeAll(page);
  assert.equal(await page.locator('#updates-result h3').count(), 0);
  assert.equal(await kept(page), false, 'removed from the device in one click');

  // The NCCI and HCPCS loads never needed the ICD-10-CM importer nor the import state.
  assert.ok(!srv.log.some((r) => /medcode-import-icd-wasm|\.import\.mcs/.test(r.url)), 'no ICD-10-CM importer for NCCI and HCPCS files');
  // Nothing was sent: only GETs of the site's own files reached the server.
  assert.deepEqual(srv.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), []);
  assert.ok(!srv.log.some((r) => /\.csv|\.txt|\.xlsx|HCPC2026/.test(r.url)), 'the loaded files never reached the server');
  await assertClean(browser, page);
});

// The fixed-width text of an HCPCS release, under the CMS name of another quarter (2026 Q2):
// cut short first (refused, naming the line), then whole: a code set like the workbook's.
test('the HCPCS fixed-width text loads like the workbook; a truncated one is refused with its line', async () => {
  const { page } = browser;
  const bytes = fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.txt'));
  const txt = (buffer) => ({ name: 'HCPC2026_APR_ANWEB_v3.txt', mimeType: 'text/plain', buffer });
  await page.goto(`${srv.origin}/#/updates`);
  await page.waitForSelector('#updates-view:not([hidden])');
  await page.setInputFiles('#updates-file', txt(bytes.subarray(0, 5000)));
  await page.waitForFunction(() => /HCPC2026_APR_ANWEB_v3\.txt: line 17: the last record is cut short \(77 characters of 320\): the file is truncated/
    .test(document.getElementById('updates-error').textContent), null, { timeout: 90000 });
  await page.setInputFiles('#updates-file', txt(bytes));
  await page.waitForFunction(() => /HCPCS Level II 2026Q2 \(user-loaded\) \(2026-04-01 to 2026-06-30\): 10 codes, 4 modifiers/
    .test(document.getElementById('updates-result').textContent), null, { timeout: 90000 });
  assert.match(await page.locator('#updates-result').innerText(),
    /From HCPC2026_APR_ANWEB_v3\.txt \(HCPCS Level II alpha-numeric file \(fixed-width text\)\)/);
  await axe(page, 'Updates view with an HCPCS code set from the fixed-width text');
  const today = await browserToday(page);
  const may = await e0100(page, '2026-05-01', true);
  assert.match(may, /HCPCS Level II 2026Q2 \(user-loaded\)/);
  await setDate(page, today);
  await removeAll(page);
  assert.ok(!srv.log.some((r) => /HCPC2026_APR/.test(r.url)), 'the loaded file never reached the server');
  await assertClean(browser, page);
});

test('at 400 px the Updates view fits and stays usable', async () => {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`${srv.origin}/#/updates`);
    await page.waitForSelector('#updates-view:not([hidden])');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    await page.focus('#updates-file');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'updates-file');
  } finally {
    await page.close();
  }
});
