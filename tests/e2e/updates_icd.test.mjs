// A new ICD-10-CM year a clinic loads itself, in Chromium (#/updates), on a site of fixtures
// (a temp copy of the site whose code sets are the ICD-10-CM fixture, FY2026, with its Index
// file and import state, and the claim-edits fixture, all built here by coder-import): the
// fixture's next-year order file (tests/fixtures/icd-year/fx_order_next.txt under CMS's FY2027
// name) is compiled in the page's importer Worker onto the site's code set; the import state
// and the ICD-10-CM importer are fetched only then, once; the year's counts and provenance are
// shown; a code new in FY2027 is valid for a date in FY2027 and not before (detail, search,
// claim check); the Index view reads the loaded file's Index; a second year loads onto the
// first; the years are kept across a reload only when asked, and removed in one click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SITE, startSession, endSession, openReady, assertClean, axe, checkClaimForm } from './helpers.mjs';

const IMPORTER = path.join(ROOT, 'build/native/bin/coder-import');
const FIX = path.join(ROOT, 'tests/fixtures');
const ORDER = { name: 'icd10cm_order_2027.txt', mimeType: 'text/plain', buffer: fs.readFileSync(path.join(FIX, 'icd-year/fx_order_next.txt')) };

let site, work, srv, browser;

// The site with the fixtures as its code sets.
function fixtureSite() {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-icdyear-build-'));
  const env = { ...process.env };
  delete env.CODESETS_DIR;
  for (const dir of [FIX, path.join(FIX, 'claims')]) {
    execFileSync(IMPORTER, ['--manifest', path.join(dir, 'manifest.json'), '--codesets-dir', dir, '--out', work], { env, stdio: 'pipe' });
  }
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-icdyear-site-'));
  fs.cpSync(SITE, site, { recursive: true, filter: (src) => !src.startsWith(path.join(SITE, 'codesets')) });
  fs.mkdirSync(path.join(site, 'codesets'));
  for (const f of ['icd10cm-fixture.mcs', 'icd10cm-fixture-index.mcs', 'icd10cm-fixture.import.mcs', 'edits-fixture.mcs']) {
    fs.writeFileSync(path.join(site, 'codesets', `${f}.gz`), zlib.gzipSync(fs.readFileSync(path.join(work, f)), { level: 9 }));
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/site-manifest.mjs'), site], { stdio: 'pipe' });
}

before(async () => {
  if (!fs.existsSync(IMPORTER)) return;
  fixtureSite();
  ({ srv, browser } = await startSession(site));
});

after(() => endSession({ srv, browser }, site, work));

const kept = (page) => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'medcode-updates'));
const fetched = (re) => srv.log.filter((r) => re.test(r.url)).length;

async function setDate(page, iso) {
  await page.goto(`${srv.origin}/#/`);
  await page.fill('#dos', iso);
  await page.dispatchEvent('#dos', 'change');
}

// The detail of a code on a date of service, once it matches `want`.
async function detail(page, code, dos, want) {
  await setDate(page, dos);
  await page.goto(`${srv.origin}/#/code/${encodeURIComponent(code)}`);
  await page.waitForFunction(([c, src]) => {
    const d = document.getElementById('detail');
    return d && d.dataset.code === c && !d.hasAttribute('aria-busy') && new RegExp(src).test(d.textContent);
  }, [code, want.source], { timeout: 60000 });
  return page.locator('#detail').innerText();
}

const checkClaim = (page, dos, dx) => checkClaimForm(page, srv.origin, { id: `Y-${dos}`, dos, dx, code: '99213', units: 1 });

test('an ICD-10-CM order file of the next year loads in the page and takes part in date-of-service selection', async (t) => {
  if (!srv) return t.skip('build/native/bin/coder-import is not built (it builds the fixture site)');
  const { page } = browser;
  const index = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  const icd = index.find((e) => e.id === 'icd10cm-fixture');
  const state = index.find((e) => e.kind === 'import-state');
  assert.equal(state.of, 'icd10cm-fixture');
  assert.equal(icd.importStateHref, state.href, 'the code set names its import state by its versioned name');
  const stateFile = new RegExp(`/${state.file.replace(/\./g, '\\.')}`);

  await openReady(page, srv.origin, '#/', 90000);
  await page.locator('#q').fill('diabetes');
  await page.waitForSelector('#results [role="option"]');
  assert.equal(fetched(stateFile), 0, 'the import state is not fetched on a visit');
  assert.equal(fetched(/medcode-import-icd-wasm/), 0, 'nor the ICD-10-CM importer');
  const before = await detail(page, 'E11.692', '2026-11-05', /is not a code in this code set/);
  assert.doesNotMatch(before, /New in FY2027/);

  // The order file: compiled in the page onto the site's FY2026 file.
  await page.goto(`${srv.origin}/#/updates`);
  await page.waitForSelector('#updates-view:not([hidden])');
  assert.equal(fetched(/medcode-import-icd-wasm/), 0, 'the ICD-10-CM importer is not fetched before an order file is loaded');
  await page.setInputFiles('#updates-file', ORDER);
  await page.waitForFunction(() => /Loaded 1 file/.test(document.getElementById('updates-status').textContent), null, { timeout: 120000 });
  const result = await page.locator('#updates-result').innerText();
  assert.match(result, /ICD-10-CM FY2027 and FY2026/);
  assert.match(result, /FY2027: 59 codes\. Against FY2026: 6 codes added, 1 deleted \(valid through the year before\), 1 retitled, 1 became headers, 0 became billable, 4 new codes with no notes of their own/);
  assert.match(result, /icd10cm_order_2027\.txt: ICD-10-CM order file \(fixed width\)\. Edition FY2027, dates of service 2026-10-01 to 2027-09-30/);
  assert.match(result, /Provenance: .*user-loaded: icd10cm_order_2027\.txt \(sha256 [0-9a-f]{64}\), loaded /);
  assert.equal(fetched(stateFile), 1, 'the import state fetched once, for the load');
  assert.equal(fetched(/medcode-import-icd-wasm\.wasm/), 1, 'the ICD-10-CM importer fetched once');
  await axe(page, 'Updates view with an ICD-10-CM year');

  // A code new in FY2027: valid for a November 2026 date, not yet in May 2026.
  const nov = await detail(page, 'E11.692', '2026-11-05', /New in FY2027/);
  assert.match(nov, /Billable/);
  assert.doesNotMatch(nov, /not on 2026-11-05/);
  assert.match(await page.locator('#dos-year').innerText(), /FY2027/);
  const may = await detail(page, 'E11.692', '2026-05-15', /valid from 2026-10-01, not on 2026-05-15/);
  assert.match(may, /new in FY2027/i);
  // "What changed" lists the loaded year's changes.
  await page.goto(`${srv.origin}/#/changes`);
  await page.waitForFunction(() => /What changed in ICD-10-CM FY2027/.test(document.getElementById('changes-view').textContent), null, { timeout: 30000 });
  assert.match(await page.locator('#changes-view').innerText(), /6 codes added, 1 deleted, 1 retitled, 1 made headers/);
  // The Index view reads the loaded file's Alphabetic Index (in the file: no Index file fetched).
  const indexFetches = fetched(/-index\.mcs\.gz/);
  await page.goto(`${srv.origin}/#/index`);
  await page.waitForSelector('#index-view [role="tree"] [role="treeitem"]', { timeout: 60000 });
  assert.equal(fetched(/-index\.mcs\.gz/), indexFetches, 'the loaded year brings its own Index');
  // The search of a November date finds it.
  await setDate(page, '2026-11-05');
  await page.locator('#q').fill('E11.692');
  await page.waitForFunction(() => /E11\.692/.test(document.getElementById('results').textContent), null, { timeout: 30000 });
  // The claim check uses the loaded year: no code-year finding in November, one in May.
  const cnov = await checkClaim(page, '2026-11-05', 'E11.692');
  assert.match(cnov, /^Claim Y-2026-11-05 0 errors/);
  assert.doesNotMatch(cnov, /code-year/);
  const cmay = await checkClaim(page, '2026-05-15', 'E11.692');
  assert.match(cmay, /code-year\nline 1 · E11\.692\n\ndiagnosis A: E11\.692 is new in ICD-10-CM FY2027: it is valid from 2026-10-01, not on 2026-05-15/);

  // A second year onto the first (the fixture again, as FY2028): compiled onto the loaded
  // file with the import state that load wrote, nothing fetched again.
  await page.goto(`${srv.origin}/#/updates`);
  await page.setInputFiles('#updates-file', { ...ORDER, name: 'icd10cm_order_2028.txt' });
  await page.waitForFunction(() => /Loaded 1 file: ICD-10-CM FY2028, FY2027 and FY2026/.test(document.getElementById('updates-status').textContent),
    null, { timeout: 120000 });
  assert.match(await page.locator('#updates-result').innerText(), /FY2028: 59 codes\. Against FY2027: /);
  assert.equal(fetched(stateFile), 1, 'the second year uses the import state the first load wrote');
  assert.match(await page.locator('#dos-year').innerText(), /FY2027/, 'a November 2026 date stays in FY2027');

  // Kept across a reload when asked; removed in one click.
  await page.goto(`${srv.origin}/#/updates`);
  await page.check('#updates-keep');
  await page.waitForFunction(() => /kept on this device/.test(document.getElementById('updates-status').textContent), null, { timeout: 60000 });
  assert.equal(await kept(page), true);
  await page.reload();
  await page.waitForFunction(() => /ICD-10-CM year kept on this device: ICD-10-CM FY2028, FY2027 and FY2026/.test(document.getElementById('updates-status').textContent),
    null, { timeout: 90000 });
  const again = await detail(page, 'E11.692', '2026-11-05', /New in FY2027/);
  assert.match(again, /Billable/);
  assert.equal(fetched(stateFile), 1, 'a kept year is not compiled again');
  await page.goto(`${srv.origin}/#/updates`);
  await page.waitForSelector('#updates-remove:not([hidden])');
  await page.click('#updates-remove');
  await page.waitForFunction(() => /removed/.test(document.getElementById('updates-status').textContent), null, { timeout: 60000 });
  assert.equal(await kept(page), false, 'removed from the device in one click');
  const gone = await detail(page, 'E11.692', '2026-11-05', /is not a code in this code set/);
  assert.doesNotMatch(gone, /New in FY2027/);

  // A year that does not follow the newest: its own error.
  await page.goto(`${srv.origin}/#/updates`);
  await page.setInputFiles('#updates-file', { ...ORDER, name: 'icd10cm_order_2028.txt' });
  await page.waitForSelector('#updates-error:not([hidden])', { timeout: 60000 });
  assert.match(await page.locator('#updates-error').innerText(), /icd10cm_order_2028\.txt: an order file of FY2028, but the newest year of icd10cm-fixture\.mcs is FY2026: load FY2027 first/);

  assert.deepEqual(srv.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`), []);
  assert.ok(!srv.log.some((r) => /icd10cm_order/.test(r.url)), 'the order file never reached the server');
  await assertClean(browser, page);
});
