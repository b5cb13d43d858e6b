// The code year in force, end to end in Chromium: the header's date of service shows the
// year and changes what search and the detail answer (FY2026 before 2026-10-01, FY2027
// after), it is kept for the session only, a code set past its last edition gets a banner,
// and #/changes lists what changed in FY2027 with links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSession, endSession, openReady, axe } from './helpers.mjs';

let srv, browser;
before(async () => ({ srv, browser } = await startSession()));
after(() => endSession({ srv, browser }));

async function withPage(fn) {
  const page = await browser.context.newPage();
  try {
    await fn(page);
  } finally {
    await page.close();
  }
}

async function setDate(page, iso) {
  await page.fill('#dos', iso);
  await page.dispatchEvent('#dos', 'change');
}

test('the date of service picks the ICD-10-CM year for search and the detail, for this session only', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin);
    // Today (2026-12 or later) is FY2027 or past it: the header says which year is used.
    assert.match(await page.locator('#dos-year').innerText(), /ICD-10-CM FY2027/);
    await setDate(page, '2026-05-01');
    assert.match(await page.locator('#dos-year').innerText(), /ICD-10-CM FY2026/);
    await page.fill('#q', 'dilated cardiomyopathy');
    await page.locator('#results [role="option"][data-code="I42.0"]').waitFor({ timeout: 20000 });
    assert.equal(await page.locator('#results [role="option"][data-code="I42.00"]').count(), 0, 'FY2027 codes are not offered for a FY2026 date');
    assert.match(await page.locator('#results [role="option"][data-code="I42.0"]').innerText(), /Billable/);
    await setDate(page, '2026-12-01');
    await page.locator('#results [role="option"][data-code="I42.00"]').waitFor({ timeout: 20000 });
    // The detail of a code deleted in FY2027 says so and names what replaced it.
    await page.goto(`${srv.origin}/#/code/T52.8X1A`);
    await page.waitForFunction(() => /deleted in FY2027/.test(document.querySelector('#detail').textContent), null, { timeout: 20000 });
    const text = await page.locator('#detail').innerText();
    assert.match(text, /T52\.811A/);
    // Kept for the session (a reload), not in localStorage.
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    assert.equal(await page.inputValue('#dos'), '2026-12-01');
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => /date/i.test(k)).length), 0);
    await axe(page, 'header with the date of service');
  });
});

test('a code set past its last edition gets a banner; #/changes lists FY2027 with links', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin, '#/changes');
    // HCPCS 2025 Q4 ended on 2025-12-31, before today (said once HCPCS has joined: the page is
    // ready with ICD-10-CM).
    const banner = page.locator('#stale-banner');
    await banner.waitFor({ state: 'visible', timeout: 20000 });
    assert.match(await banner.innerText(), /HCPCS.*ended on 2025-12-31/);
    await page.waitForFunction(() => /What changed in ICD-10-CM FY2027/.test(document.querySelector('#changes-view').textContent), null, { timeout: 20000 });
    const text = await page.locator('#changes-view').innerText();
    assert.match(text, /238 codes added, 21 deleted, 4 retitled, 15 made headers/);
    assert.match(text, /Added \(238\)/);
    assert.match(text, /Deleted \(21\)/);
    assert.equal(await page.locator('#changes-view a[href="#/code/I42.00"]').count() > 0, true, 'codes link to their detail');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'changes-heading');
    await axe(page, 'what changed');
    await page.click('#changes-view a[href="#/code/I42.00"] >> nth=0');
    await page.waitForFunction(() => /Dilated cardiomyopathy, unspecified/.test(document.querySelector('#detail').textContent), null, { timeout: 20000 });
    assert.equal(await page.locator('#changes-view').isVisible(), false);
  });
});
