// Accessibility: axe-core (from node_modules, evaluated into the page: no CDN, and the page's
// CSP stays on) on every main view (search, results, code detail, 7th-character builder,
// not found, kept codes, narrow panel, dark scheme, the embedding example with its list
// open, the load error, the Practice view) with zero serious or critical violations; and the whole workspace
// used with the keyboard alone, with a visible focus at every stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SITE, startSession, endSession, axe as axeCheck, focused, openReady, tabTo } from './helpers.mjs';

let srv, browser;
const minor = [];

before(async () => ({ srv, browser } = await startSession()));

after(async () => {
  if (minor.length) console.log(`# axe: moderate/minor findings (not failing):\n# ${[...new Set(minor)].join('\n# ')}`);
  await endSession({ srv, browser });
});

/** Runs axe on the page (and open shadow roots); fails on serious or critical violations. */
const axe = (page, label) => axeCheck(page, label, minor);

const ready = (page, hash = '') => openReady(page, srv.origin, hash, 20000);

test('axe: every main view has no serious or critical violations', async () => {
  const { page } = browser;
  await ready(page);
  await axe(page, 'search (empty)');

  await page.locator('#q').fill('fracture ulna');
  await page.waitForSelector('#results [role="option"]');
  await page.locator('#q').press('ArrowDown');
  await axe(page, 'results');

  await page.locator('#q').press('Enter');
  await page.waitForSelector('#detail .detail-head');
  await ready(page, '#/code/E11.9');
  await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
  await axe(page, 'code detail E11.9');

  await ready(page, '#/code/S52.001');
  await page.waitForSelector('#seventh-select');
  await page.selectOption('#seventh-select', 'B');
  await page.locator('#builder-output .built-code').waitFor();
  await axe(page, 'builder');

  await ready(page, '#/code/T36.01A');
  await page.locator('.notfound').waitFor();
  await axe(page, 'not found');

  await ready(page);
  await page.locator('#remember').check();
  await ready(page, '#/code/E10.9');
  await page.waitForSelector('.fav-toggle');
  await page.locator('.fav-toggle').click();
  await ready(page);
  await axe(page, 'kept codes');
  await page.locator('#remember').uncheck();

  await page.emulateMedia({ colorScheme: 'dark' });
  await ready(page, '#/code/S52.001');
  await page.waitForSelector('#seventh-select');
  await page.locator('#q').fill('diabetes');
  await page.waitForSelector('#results [role="option"]');
  await axe(page, 'dark scheme');

  // Load updates (#/updates), dark then light, with a file-specific error shown.
  await ready(page, '#/updates');
  await page.waitForSelector('#updates-view:not([hidden])');
  await axe(page, 'updates view (dark)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setInputFiles('#updates-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a CMS file\n') });
  await page.waitForSelector('#updates-error:not([hidden])', { timeout: 30000 });
  await axe(page, 'updates view with an error');
});

test('axe: the Practice view (list, a graded case with hints and every verdict, the tools), light and dark', async () => {
  const page = await browser.context.newPage();
  try {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${srv.origin}/#/practice/inj-001`);
      await page.waitForSelector('#practice-view[data-ready="true"]', { timeout: 60000 });
      await page.waitForSelector('#practice-case-title');
      await page.click('#practice-tools summary');
      await page.click('#practice-hint');
      await page.waitForSelector('#practice-hints li');
      // correct, partial, header, extra, invalid and wrong codes in one answer.
      await page.fill('#practice-answer', 'S52.532A W00.0XXA S52 Z04.3 Q99.99 W18.30XA');
      await page.click('#practice-grade');
      await page.waitForSelector('#practice-items');
      await axe(page, `practice graded (${colorScheme})`);
    }
  } finally {
    await page.close();
  }
});

test('axe: narrow panel, the embedding example and the load error', async () => {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 360, height: 720 });
    await ready(page);
    await page.locator('#q').fill('asthma');
    await page.waitForSelector('#results [role="option"]');
    await axe(page, 'narrow search');
    await page.locator('#q').press('ArrowDown');
    await page.locator('#q').press('Enter');
    await page.waitForSelector('#detail .detail-head');
    await axe(page, 'narrow detail');

    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${srv.origin}/embed-example.html`);
    await page.evaluate(() => Promise.all([...document.querySelectorAll('code-search')].map((e) => e.ready)));
    await page.locator('#dx input').fill('diabetes');
    await page.locator('#dx [role="option"]').first().waitFor();
    await page.locator('#dx input').press('ArrowDown');
    await axe(page, 'embed example (list open)');
    await page.locator('#themed input').fill('asthma');
    await page.locator('#themed [role="option"]').first().waitFor();
    await axe(page, 'embed example (dark themed list open)');

    const bytes = zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz')));
    bytes[bytes.length >> 1] ^= 0xff;
    await page.route('**/codesets/icd10cm-2027.mcs.gz*', (route) => route.fulfill({ status: 200, body: bytes }));
    // ICD-10-CM as the site's only code set: the whole page cannot load.
    const onlyIcd = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8'))
      .filter((e) => !e.system || e.system === 'ICD-10-CM');
    await page.route('**/codesets/index.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(onlyIcd) }));
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="error"]', { timeout: 20000 });
    await axe(page, 'load error');
  } finally {
    await page.close();
  }
});

test('keyboard only: search, open, read notes, follow a note link, build a code, keep favourites, go back', async () => {
  const page = await browser.context.newPage();
  try {
    // Opened from a deep link (so the search box does not take the focus on load).
    await page.goto(`${srv.origin}/#/code/E11`);
    await page.waitForSelector('#detail[data-code="E11"] .detail-head', { timeout: 20000 });
    // The first Tab reaches the skip link; it leads to the search box.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Skip to search');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'q');

    await page.keyboard.type('type 2 diabetes');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('ArrowDown');
      const code = await page.evaluate(() => document.getElementById(document.getElementById('q').getAttribute('aria-activedescendant')).dataset.code);
      if (code === 'E11.9') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
    assert.equal((await focused(page)).tag, 'h2', 'the focus moves to the code heading');

    // Tab reaches the actions and the code links of the notes; Enter follows one.
    await tabTo(page, (f) => f.text === 'Copy code');
    const link = await tabTo(page, (f) => f.tag === 'a' && /^#\/code\/E08/.test(f.href || ''));
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[data-code="E08"] .detail-head');
    assert.equal((await focused(page)).tag, 'h2');
    assert.ok(link);

    // Escape goes back to E11.9 with the focus in the search box; there Escape first clears
    // the search, then goes back to E11 (where we came in), then to the search alone.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
    assert.equal((await focused(page)).id, 'q');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#q').inputValue(), '');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[data-code="E11"] .detail-head');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));
    assert.equal((await focused(page)).id, 'q');

    // A code that needs a 7th character: build it with the keyboard.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('S52.001');
    await page.waitForSelector('#results [role="option"][data-code="S52.001"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[data-code="S52.001"] #seventh-select');
    await tabTo(page, (f) => f.id === 'seventh-select');
    await page.keyboard.press('ArrowDown');  // the first 7th character
    await page.locator('#builder-output .built-code').waitFor();
    assert.equal(await page.locator('#builder-output .built-code').innerText(), 'S52.001A');
    await tabTo(page, (f) => f.href === '#/code/S52.001A');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[data-code="S52.001A"] .detail-head');

    // Keep favourites: "/" to the search, Escape clears it, more Escapes go back step by step
    // to the search; Tab to the switch, Space turns it on.
    await page.keyboard.press('/');
    assert.equal((await focused(page)).id, 'q');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 6 && await page.evaluate(() => location.hash.startsWith('#/code/')); i++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(100);
    }
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));
    await tabTo(page, (f) => f.id === 'remember');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#remember').isChecked(), true);
    await page.keyboard.press('/');
    await page.keyboard.type('E10.9');
    await page.waitForSelector('#results [role="option"][data-code="E10.9"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail[data-code="E10.9"] .detail-head');
    await tabTo(page, (f) => /Add to favourites/.test(f.text));
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.fav-toggle').getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !location.hash.startsWith('#/code/'));
    await page.keyboard.press('Escape');  // clears the search: the kept codes show
    await tabTo(page, (f) => f.href === '#/code/E10.9');
    await tabTo(page, (f) => f.id === 'forget');
    await page.keyboard.press('Enter');
    assert.doesNotMatch(await page.locator('#fav-list').innerText(), /E10\.9/);
    await page.locator('#remember').uncheck();
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
});
