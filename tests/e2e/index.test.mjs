// The Index view (web/index-view.js) in Chromium: the Alphabetic Index A-Z, subterms that
// expand in place (an ARIA tree, used with the keyboard), see / see also followed with one
// click, codes that open their detail (and back to the index as it was), the Neoplasm Table
// and the Table of Drugs as tables with their column heads, deep links to terms, the code
// detail's "In the Alphabetic Index". axe: no serious or critical violation; no CSP
// violation, no request off the origin, no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSession, endSession, axe, openReady } from './helpers.mjs';

let srv, browser;

before(async () => ({ srv, browser } = await startSession()));
after(() => endSession({ srv, browser }));


const open = (page, hash) => openReady(page, srv.origin, hash);

const status = (page) => page.locator('#index-status').textContent();
const focusedItem = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const item = el && el.closest('[role="treeitem"], tr');
  return item ? { id: item.id, tag: el.tagName.toLowerCase(), title: item.querySelector('.term-title').textContent,
    expanded: item.getAttribute('aria-expanded'), level: item.getAttribute('aria-level') } : null;
});

test('the Index: letters, main terms in order, subterms expanding in place, the keyboard', async () => {
  const { page } = browser;
  await open(page, '#/index');
  await page.waitForSelector('#index-view [role="tree"] [role="treeitem"]');
  assert.equal(await page.locator('#index-view').isVisible(), true);
  assert.equal(await page.locator('.layout').isVisible(), false, 'the search panes give way to the index');
  assert.equal(await page.locator('.view-link[href="#/index"]').getAttribute('aria-current'), 'page');
  assert.equal(await page.locator('#index-heading').textContent(), 'Index to Diseases and Injuries');
  assert.equal(await page.locator('.index-letters a').count(), 26);
  assert.equal(await page.locator('.index-letters a[aria-current="true"]').textContent(), 'A');
  assert.match(await status(page), /^709 main terms under A/);
  const first = page.locator('[role="tree"] > [role="treeitem"]').first();
  assert.equal(await first.locator('.term-title').textContent(), "Aarskog's syndrome");
  assert.equal(await first.getAttribute('aria-level'), '1');
  await axe(page, 'index, letter A');

  // A letter: its main terms; the URL names it.
  await page.locator('.index-letters a', { hasText: /^D$/ }).click();
  await page.waitForFunction(() => location.hash === '#/index/index/D');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('under D'));
  const dm = page.locator('[role="tree"] > [role="treeitem"]', { has: page.locator('.term-title', { hasText: /^Diabetes, diabetic/ }) });
  assert.equal(await dm.count(), 1);
  assert.equal(await dm.locator('.nemod').first().textContent(), '(mellitus) (sugar)');

  // The keyboard: the filter, Down into the tree, Right opens, Down/Left/Up move, Left closes.
  await page.locator('#index-filter').fill('diabetes');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('starting “diabetes”'));
  await page.locator('#index-filter').press('ArrowDown');
  let f = await focusedItem(page);
  assert.match(f.title, /^Diabetes, diabetic/);
  assert.equal(f.expanded, 'false');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[role="treeitem"][aria-expanded="true"] > [role="group"] > [role="treeitem"]');
  assert.equal((await focusedItem(page)).expanded, 'true');
  await page.keyboard.press('ArrowRight');
  f = await focusedItem(page);
  assert.equal(f.level, '2', 'Right on an open term moves to its first subterm');
  const firstSub = f.title;
  await page.keyboard.press('ArrowDown');
  assert.notEqual((await focusedItem(page)).title, firstSub);
  await page.keyboard.press('ArrowLeft');
  f = await focusedItem(page);
  assert.equal(f.level, '1', 'Left on a closed subterm moves to its parent');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await focusedItem(page)).expanded, 'false', 'Left closes');
  assert.equal(await page.locator('[role="treeitem"][aria-level="2"]:visible').count(), 0);
  // Tab reaches the focused term's own links (its code), not every link of the tree.
  await page.keyboard.press('Tab');
  const onLink = await page.evaluate(() => ({ tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href') }));
  assert.deepEqual(onLink, { tag: 'A', href: '#/code/E11.9' });
  // Opening again, to see the tree with subterms through axe.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[role="treeitem"][aria-expanded="true"]');
  await axe(page, 'index tree, open');

  // A code opens its detail; back returns to the index as it was (open, filtered).
  await page.locator('[role="tree"] a[href="#/code/E11.9"]').first().click();
  await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
  assert.equal(await page.locator('#index-view').isVisible(), false);
  // The code detail says where the code is in the index, with links to the terms.
  await page.waitForSelector('.index-where .where-link');
  assert.ok(await page.locator('.index-where .where-link', { hasText: 'Diabetes, diabetic, type 2' }).count() >= 1);
  await page.goBack();
  await page.waitForSelector('#index-view [role="treeitem"][aria-expanded="true"]');
  assert.equal(await page.locator('#index-filter').inputValue(), 'diabetes');
});

test('see and see also are followed with one click; deep links open the path to a term', async () => {
  const { page } = browser;
  await open(page, '#/index/index/A');
  await page.waitForSelector('#index-view [role="treeitem"]');
  // "Abandonment — see Maltreatment"
  const see = page.locator('[role="treeitem"]', { has: page.locator('.term-title', { hasText: /^Abandonment$/ }) }).locator('.see-link');
  assert.equal(await see.textContent(), 'Maltreatment');
  await see.click();
  await page.waitForFunction(() => /^#\/index\/node\/\d+$/.test(location.hash));
  await page.waitForSelector('.index-target');
  assert.equal(await page.locator('.index-target > .term-line .term-title').first().textContent(), 'Maltreatment');
  assert.equal(await page.locator('.index-letters a[aria-current="true"]').textContent(), 'M');
  assert.match((await focusedItem(page)).title, /^Maltreatment/);

  // A deep link to a subterm: its ancestors are opened, the subterm focused and marked.
  await page.locator('#index-filter').fill('diabetes');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('starting “diabetes”'));
  await page.locator('[role="treeitem"] > .term-line', { hasText: /^Diabetes, diabetic/ }).first().click();
  const sub = page.locator('[role="treeitem"][aria-level="2"]', { has: page.locator('.term-title', { hasText: /^brittle$/ }) });
  await sub.waitFor();
  const subId = (await sub.getAttribute('id')).slice(5);
  const brittleSee = sub.locator('.see-link');
  assert.equal(await brittleSee.textContent(), 'Diabetes, type 1');
  await page.goto(`${srv.origin}/#/index/node/${subId}`);
  await page.waitForSelector(`#term-${subId}.index-target`);
  assert.equal(await page.locator(`#term-${subId}`).isVisible(), true);
  await brittleSee.click();
  await page.waitForSelector('.index-target');
  await page.waitForFunction(() => document.querySelector('.index-target .term-title')?.textContent === 'type 1');
  assert.match(await status(page), /Diabetes, diabetic.*› type 1/);

  // "Carcinoma — see also Neoplasm, by site, malignant": into the Neoplasm Table.
  await page.goto(`${srv.origin}/#/index/index/C`);
  await page.locator('#index-filter').fill('carcinoma');
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('starting “carcinoma”'));
  const also = page.locator('[role="tree"] > [role="treeitem"]').first().locator('.see-also .see-link');
  assert.match(await also.textContent(), /Neoplasm, by site, malignant \(Malignant Primary column\)/);
  await also.click();
  await page.waitForSelector('.index-table tr.index-target');
  assert.equal(await page.locator('#index-heading').textContent(), 'Neoplasm Table');
  assert.equal(await page.locator('tr.index-target .term-title').textContent(), 'Neoplasm, neoplastic');
});

test('the Neoplasm Table and the Table of Drugs are tables with their column heads', async () => {
  const { page } = browser;
  await open(page, '#/index/neoplasm');
  await page.waitForSelector('.index-table tbody tr');
  const heads = await page.locator('.index-table thead th').allTextContents();
  assert.deepEqual(heads, ['Neoplasm', 'Malignant Primary', 'Malignant Secondary', 'Ca in situ', 'Benign', 'Uncertain Behavior', 'Unspecified Behavior']);
  assert.equal(await page.locator('.index-table tbody tr').first().locator('.term-title').textContent(), 'Neoplasm, neoplastic');
  const abdomen = page.locator('.index-table tbody tr', { has: page.locator('.term-title', { hasText: /^abdomen, abdominal$/ }) });
  const cells = await abdomen.locator('td').allTextContents();
  assert.equal(cells[0], 'C76.2');
  assert.match(cells[1], /^C79\.8-/);
  assert.equal(await abdomen.locator('td a[href="#/code/C76.2"]').count(), 1);
  // Subterm rows below it, indented.
  assert.ok(await page.locator('.index-table tbody tr.lvl-2').count() > 0);
  await axe(page, 'neoplasm table');

  // A letter of the table: rows of that letter.
  await page.locator('.index-letters a', { hasText: /^S$/ }).click();
  await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('under S'));
  const titles = await page.locator('.index-table tbody tr.lvl-1 .term-title').allTextContents();
  assert.ok(titles.length > 10 && titles.every((t) => /^s/i.test(t)), titles.slice(0, 5).join(', '));

  await page.goto(`${srv.origin}/#/index/drug/A`);
  await page.waitForFunction(() => document.querySelector('#index-heading').textContent === 'Table of Drugs and Chemicals' &&
    document.querySelector('#index-status').textContent.includes('under A'));
  const drugHeads = await page.locator('.index-table thead th').allTextContents();
  assert.equal(drugHeads[0], 'Substance');
  assert.equal(drugHeads[5], 'Adverse effect');
  const acet = page.locator('.index-table tbody tr', { has: page.locator('.term-title', { hasText: /^Acetaminophen$/ }) });
  const link = acet.locator('td').nth(4).locator('a');
  assert.equal(await link.getAttribute('href'), '#/code/T39.1X5');
  assert.match(await link.getAttribute('class'), /is-header/);
  assert.equal(await acet.locator('td').nth(4).locator('.more').count(), 1, 'a header is marked');
  await axe(page, 'drug table');
  await link.click();
  await page.waitForSelector('#detail[data-code="T39.1X5"] .detail-head');
  await page.goBack();
  await page.waitForSelector('.index-table');
  assert.equal(await page.locator('#index-heading').textContent(), 'Table of Drugs and Chemicals');
});

test('a 360px side panel: the index fits, the tables scroll inside their region', async () => {
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize({ width: 360, height: 720 });
    await open(page, '#/index/eindex');
    await page.waitForSelector('#index-view [role="treeitem"]');
    assert.equal(await page.locator('#index-heading').textContent(), 'External Cause Index');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page does not scroll sideways (${overflow}px)`);
    await axe(page, 'narrow index');
    await page.goto(`${srv.origin}/#/index/drug/B`);
    await page.waitForFunction(() => document.querySelector('#index-status').textContent.includes('under B'));
    await axe(page, 'narrow drug table');
    // Typing in the search box leaves the index for the results.
    await page.locator('#q').fill('asthma');
    await page.waitForSelector('#results [role="option"]');
    assert.equal(await page.locator('#index-view').isVisible(), false);
  } finally {
    await page.close();
  }
});

test('nothing left the origin, no CSP violation, no console error', async () => {
  assert.deepEqual(browser.foreign, []);
  assert.deepEqual(browser.consoleErrors, []);
  assert.deepEqual(await browser.cspViolations(), []);
});
