// Screenshots of the main views for the README (docs/screenshots/), taken in headless
// Chromium from the assembled site:   node scripts/screenshots.mjs [SITE_DIR] [OUT_DIR]
// (make screenshots). The views: search, code detail, 7th-character builder, kept codes,
// a 360 px EHR side panel (search and detail), dark scheme, print preview, the embedding example,
// the Alphabetic Index (a main term opened two levels), the Neoplasm Table, what changed in
// FY2027 and the Load updates view.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const site = path.resolve(process.argv[2] || path.join(ROOT, 'build/site'));
const out = path.resolve(process.argv[3] || path.join(ROOT, 'docs/screenshots'));
fs.mkdirSync(out, { recursive: true });

const server = createServer(site);
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-shots-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium', headless: true, serviceWorkers: 'allow', viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', '--hide-scrollbars'],
});
const page = context.pages()[0];
const shot = async (name, opts = {}) => {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(out, `${name}.png`), ...opts });
  console.log(`  ${path.relative(ROOT, path.join(out, `${name}.png`))}`);
};
/** Makes the window tall enough (up to `max` px) that the scrolling `selector` shows all it holds. */
const fitHeight = async (selector, max = 1300) => {
  const extra = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? el.scrollHeight - el.clientHeight : 0;
  }, selector);
  const { width, height } = page.viewportSize();
  if (extra > 0) await page.setViewportSize({ width, height: Math.min(max, height + extra) });
};
const ready = async (hash = '') => {
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
};

try {
  await ready();
  // The footer then says "Works offline" (the service worker has cached the site).
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 }).catch(() => {});
  await page.locator('#q').pressSequentially('fracture ulna left', { delay: 20 });
  await page.waitForSelector('#results [role="option"]');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await shot('search');

  await ready('#/code/E11.9');
  await page.locator('#q').fill('diabetes');
  await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
  await page.locator('#results [role="option"][data-code="E11.9"]').click();
  await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
  await shot('detail');

  await ready('#/code/S52.521');
  await page.waitForSelector('#seventh-select');
  await page.selectOption('#seventh-select', 'A');
  await page.locator('#builder-output .built-code').waitFor();
  await shot('builder');

  await page.locator('#q').fill('');
  await page.locator('#remember').check();
  for (const c of ['E11.9', 'I10', 'J45.909', 'S52.521A']) {
    await page.goto(`${origin}/#/code/${c}`);
    await page.waitForSelector(`#detail[data-code="${c}"] .detail-head`);
    if (c !== 'S52.521A') await page.locator('.fav-toggle').click();
  }
  await page.locator('#q').press('Escape');
  await ready();
  await shot('kept-codes');

  await page.emulateMedia({ media: 'print' });
  await ready('#/code/E11.9');
  await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await shot('print', { fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => localStorage.clear());

  await page.emulateMedia({ colorScheme: 'dark' });
  await ready('#/code/J45.909');
  await page.locator('#q').fill('asthma');
  await page.waitForSelector('#results [role="option"]');
  await page.waitForSelector('#detail[data-code="J45.909"] .detail-head');
  await shot('dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Code a note: an invented assessment and plan coded, the first code accepted, the second
  // focused (its evidence lit in the note).
  await page.locator('#q').fill('');
  await ready('#/note');
  await page.locator('#note-text').fill(['Assessment/Plan:', '1. Type 2 diabetes with diabetic CKD stage 3b - continue metformin',
    '2. CHF w/ afib', '3. Probable pneumonia - CXR ordered', '4. Denies chest pain.', 'PMH: history of breast cancer'].join('\n'));
  await page.locator('#note-code').click();
  await page.waitForSelector('#note-codes > li');
  await page.locator('#note-codes > li').nth(0).locator('.sug-accept').click();
  await page.locator('#note-codes > li').nth(1).locator('.sug-accept').focus();
  await fitHeight('#note-view', 1500);
  await page.evaluate(() => { document.getElementById('note-view').scrollTop = 0; });
  await shot('note');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The Alphabetic Index: "Otitis" found with the main-term filter, opened, and its subterm
  // "media" opened (two levels of subterms, expanded in place).
  const term = (level, re) => page.locator(`[role="treeitem"][aria-level="${level}"]`, {
    has: page.locator(':scope > .term-line .term-title', { hasText: re }),
  }).first();
  await page.locator('#q').fill('');
  await ready('#/index/index/O');
  await page.waitForSelector('#index-view [role="treeitem"]');
  await page.locator('#index-filter').fill('otitis');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('starting “otitis”'));
  await term(1, /^Otitis/).locator(':scope > .term-line').click();
  await term(2, /^media/).locator(':scope > .term-line').click();
  await term(3, /^acute, subacute/).waitFor();
  await page.waitForFunction(() => !document.querySelector('#index-view [aria-busy="true"]'));
  await fitHeight('#index-view');
  await shot('index');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The Neoplasm Table: the rows for "breast" with their six columns.
  await ready('#/index/neoplasm/B');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('under B'));
  await page.locator('#index-filter').fill('breast');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('starting “breast”'));
  await page.waitForFunction(() => !document.querySelector('#index-view [aria-busy="true"]'));
  await page.locator('#index-filter').blur();
  await fitHeight('.table-wrap');  // the table scrolls in its own region (as tall as the window allows)
  await fitHeight('#index-view');
  await shot('neoplasm-table');

  await page.setViewportSize({ width: 360, height: 720 });
  await ready();
  await page.locator('#q').fill('asthma');
  await page.waitForSelector('#results [role="option"]');
  await shot('narrow-search');
  await page.locator('#q').press('ArrowDown');
  await page.locator('#q').press('Enter');
  await page.waitForSelector('#detail .detail-head');
  await shot('narrow-detail');

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${origin}/embed-example.html`);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('code-search')].map((e) => e.ready)));
  await page.locator('#dx2 input').fill('E11.65');
  await page.locator('#dx2 [role="option"][data-code="E11.65"]').click();
  await page.locator('#themed input').fill('asthma');
  await page.locator('#themed [role="option"]').first().waitFor();
  await page.locator('#dx input').pressSequentially('type 2 diabetes', { delay: 20 });
  await page.locator('#dx [role="option"]').first().waitFor();
  await page.locator('#dx input').press('ArrowDown');
  await shot('embed-example');

  // What changed in FY2027 (#/changes), with the date-of-service control and the banner of an
  // out-of-date code set in the header.
  await ready('#/changes');
  await page.waitForFunction(() => /What changed in ICD-10-CM/.test(document.querySelector('#changes-view').textContent), null, { timeout: 30000 });
  await shot('changes');

  // Load updates from CMS (#/updates): the file picker, the drop zone and "keep on this device".
  await ready('#/updates');
  await page.waitForSelector('#updates-view:not([hidden])');
  await shot('updates');
} finally {
  await context.close();
  server.close();
  server.closeAllConnections();
  fs.rmSync(dir, { recursive: true, force: true });
}
