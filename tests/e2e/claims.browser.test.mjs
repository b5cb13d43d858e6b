// Claim pre-checks in Chromium: the JS API cases (tests/js/claims-cases.mjs) on the main
// thread and in a module Worker, the Worker client (claims-client.mjs), and the page's
// claim view (#/claims): the form, paste-JSON and a file drop with progress. Served with the
// site's strict CSP; nothing may leave the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startSession, endSession, testPagesRoot, pageResults, assertRanEverywhere, assertClean } from './helpers.mjs';
import { cases } from '../js/claims-cases.mjs';

let root, srv, browser;
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core on the claim view: no serious or critical violations. */
async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const r = await page.evaluate(() => window.axe.run(document.getElementById('claims-view'), {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), [],
    `${label}: serious/critical axe violations`);
}

before(async () => {
  root = testPagesRoot('claims');
  fs.mkdirSync(path.join(root, 'bad'));
  fs.writeFileSync(path.join(root, 'bad/junk.mcs'), Buffer.from('this is not a claim-edits file\n'.repeat(100)));
  ({ srv, browser } = await startSession(root));
});

after(() => endSession({ srv, browser }, root));

test('every claim JS API case passes in Chromium (main thread, module Worker) and the Worker client works', async () => {
  const { page } = browser;
  const results = await pageResults(page, `${srv.origin}/tests/js/browser/claims.html`, 120000);
  assertRanEverywhere(results, cases);
  assert.ok(results.filter((r) => r.name.startsWith('claims-client: ')).length >= 6, 'client cases ran');
  // The cross-origin case is refused before any request; the junk file is a deliberate 200.
  await assertClean(browser, browser.page, { ignore: /junk\.mcs/ });
});

test('the page checks a claim typed into the form, pasted JSON and a dropped CSV file, all locally', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${srv.origin}/site/index.html#/claims`);
    await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 });
    assert.equal(await page.locator('#nav-claims').getAttribute('aria-current'), 'page');
    assert.ok(await page.locator('.layout').isHidden(), 'the search layout is hidden in the claim view');
    // The form: an E/M visit and a joint injection the same day, no modifier.
    await page.fill('#cf-id', 'FORM-1');
    await page.fill('#cf-birth', '1960-03-15');
    await page.selectOption('#cf-sex', 'F');
    await page.fill('#cf-dos', '2026-07-15');
    await page.fill('#cf-pos', '11');
    await page.fill('#cf-npi', '1234567893');
    await page.fill('#cf-dx-A', 'E11.9');
    await page.fill('#cf-dx-B', 'M17.11');
    const rows = page.locator('#cf-lines tr');
    await rows.nth(0).locator('[name=code]').fill('99214');
    await rows.nth(1).locator('[name=code]').fill('20610');
    await rows.nth(1).locator('[name=pointers]').fill('B');
    await page.click('#cf-check');
    const finding = page.locator('.finding[data-kind="ncci-ptp"]');
    await finding.waitFor({ timeout: 20000 });
    const text = await finding.innerText();
    assert.match(text, /NCCI PTP practitioner 2026Q3/);
    assert.match(text, /What to do:/);
    assert.match(await page.locator('.claim-result summary').innerText(), /Claim FORM-1/);
    assert.ok(await rows.nth(0).evaluate((r) => r.classList.contains('has-error')), 'the line with the error is marked');
    // Modifier 25 on the visit clears it.
    await rows.nth(0).locator('[name=modifiers]').fill('25');
    await page.click('#cf-check');
    await page.waitForFunction(() => !document.querySelector('.finding[data-kind="ncci-ptp"]'), null, { timeout: 20000 });
    await axe(page, 'claim form with results');

    // Paste JSON (NDJSON of two claims).
    await page.click('#claims-tab-paste');
    const two = [
      { claim_id: 'P1', date_of_service: '2026-07-15', place_of_service: '11', billing_npi: '1234567893', diagnoses: ['E11'], lines: [{ code: '99213', units: 1, dx_pointers: ['A'] }] },
      { claim_id: 'P2', date_of_service: '2026-07-15', place_of_service: '11', billing_npi: '1234567890', diagnoses: ['I10'], lines: [{ code: '99213', units: 1, dx_pointers: ['A'] }] },
    ].map((c) => JSON.stringify(c)).join('\n');
    await page.fill('#claims-paste', two);
    await page.click('#claims-paste-check');
    await page.waitForSelector('.claim-result >> nth=1', { timeout: 20000 });
    const titles = await page.locator('.claim-result .claim-title').allInnerTexts();
    assert.deepEqual(titles, ['Claim P1', 'Claim P2']);

    // A CSV file, checked in the Worker with progress and a findings download.
    await page.click('#claims-tab-file');
    let csv = 'claim_id,date_of_service,place_of_service,billing_npi,dx1,line_code,units,dx_pointers\n';
    for (let i = 0; i < 400; i++) csv += `F${i},2026-07-15,11,1234567893,E11.9,${i % 2 ? '20610' : '99214'},1,A\nF${i},,,,,20610,1,A\n`;
    await page.setInputFiles('#claims-file', { name: 'claims.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /400 claims checked/.test(document.querySelector('#claims-file-status').textContent), null, { timeout: 60000 });
    assert.ok(await page.locator('#claims-download').isVisible(), 'the findings can be downloaded as CSV');
    assert.equal(await page.locator('#claims-file-progress').evaluate((p) => p.value), 1);
    assert.ok(await page.locator('.claims-kinds').isVisible(), 'the findings are counted by kind');
    await axe(page, 'file check with results');

    // Typing a search leaves the claim view; so does the brand link on a page opened at #/claims.
    await page.fill('#q', 'diabetes');
    await page.waitForFunction(() => !document.body.classList.contains('view-claims'));
    await page.goto(`${srv.origin}/site/index.html#/claims`);
    await page.waitForSelector('#claims-view:not([hidden])');
    await page.click('.brand');
    await page.waitForFunction(() => !document.body.classList.contains('view-claims') && document.getElementById('claims-view').hidden);

    assert.deepEqual(browser.foreign, [], 'no request left the origin');
    const sent = browser.requestLog.filter((r) => r.method !== 'GET' || /FORM-1|P1|F399/.test(r.url));
    assert.deepEqual(sent, [], 'nothing typed or dropped was sent to the server');
    assert.ok(!srv.log.some((r) => /FORM-1|E11\.9|F399/.test(r.url + r.body)), 'the server saw no claim data');
    assert.deepEqual(browser.consoleErrors.filter((e) => !/junk\.mcs/.test(e)), [], 'no console errors');
    assert.deepEqual(await browser.cspViolations(page), [], 'no CSP violations');
  } finally {
    await page.close();
  }
});
