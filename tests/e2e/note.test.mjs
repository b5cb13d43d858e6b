// The "Code a note" view (#/note, web/views/note.js) in headless Chromium: a note is coded in
// the page's Worker and its codes are listed in the order the JS API gives (checked against
// CodeSet.suggest run in Node on the same site); evidence and codes light each other by
// pointer and keyboard; accept, reject and swap; the accepted codes fill the claim form
// (diagnoses in order, line 1's pointers) and the clipboard (codes and titles only); empty,
// punctuation-only and over-limit input get specific messages; the setting changes the
// answer; a 400 px side panel; offline; axe. Privacy is in privacy.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SITE, startSession, endSession, openBrowser, axe, focused, openReady, screenshotDir, tabTo, assertClean } from './helpers.mjs';

const NOTE = [
  'Assessment/Plan:',
  '1. Type 2 diabetes with diabetic CKD stage 3b - continue metformin',
  '2. CHF w/ afib',
  '3. Denies chest pain.',
  'PMH: history of breast cancer',
].join('\n');

let srv, browser, api;

before(async () => {
  ({ srv, browser } = await startSession());
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
  // The expected answers: the JS API over the same site, in Node.
  const { createEngine } = await import(path.join(SITE, 'lib/medcode.mjs'));
  const engine = await createEngine();
  api = engine.loadCodeSet(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz'))));
});

after(async () => {
  if (api) api.close();
  await endSession({ srv, browser });
});

const sugs = (page) => page.locator('#note-codes > li');
const shownCodes = (page) => page.evaluate(() => [...document.querySelectorAll('#note-codes > li')].map((li) => li.dataset.code));
const acceptedCodes = (page) => page.evaluate(() => [...document.querySelectorAll('#note-accepted > li')].map((li) => li.dataset.code));

async function codeNote(page, text, { setting } = {}) {
  await page.locator('#note-text').fill(text);
  if (setting) await page.locator(`#note-setting-${setting}`).check();
  const before = await page.locator('#note-message').textContent();
  await page.locator('#note-code').click();
  await page.waitForFunction((b) => {
    const m = document.getElementById('note-message').textContent;
    return m && m !== b && !/^Coding/.test(m);
  }, before);
}

async function openNote(page) {
  await openReady(page, srv.origin, '#/note', 20000);
  await page.locator('#note-view').waitFor();
}

/** A test on a fresh tab of the view, NOTE coded first (unless `coded` is false); the tab is closed after. */
function noteTest(name, body, { coded = true } = {}) {
  test(name, async () => {
    const page = await browser.context.newPage();
    try {
      await openNote(page);
      if (coded) await codeNote(page, NOTE);
      await body(page);
    } finally {
      await page.close();
    }
  });
}

noteTest('a note is coded in the Worker: the codes in reporting order, each with title, flag, year, evidence, why; what was not coded', async (page) => {
  assert.equal(await page.title(), 'Code a note · medcode');
  assert.equal(await page.locator('#nav-note').getAttribute('aria-current'), 'page');
  assert.ok(!(await page.locator('.layout').isVisible()), 'the search panes are hidden');
  await codeNote(page, NOTE);
  const want = api.suggest(NOTE);
  assert.ok(want.codes.length >= 3, 'the note has codes to report');
  assert.deepEqual(await shownCodes(page), want.codes.map((c) => c.code), 'the API\'s reporting order');
  const codes = want.codes.map((c) => c.code);
  assert.ok(codes.includes('E11.22') && codes.includes('N18.32'), codes.join(' '));
  assert.ok(codes.indexOf('E11.22') < codes.indexOf('N18.32'), 'the code that asks for the stage comes first');
  assert.match(await page.locator('#note-message').innerText(), new RegExp(`^${want.codes.length} codes to report`));
  for (const [i, c] of want.codes.entries()) {
    const li = sugs(page).nth(i);
    const head = await li.locator('.sug-head').innerText();
    assert.ok(head.includes(c.code) && head.includes(c.title), head);
    assert.match(head, c.billable ? /Billable/ : /Header/);
    assert.match(head, new RegExp(`FY${c.year}`));
    assert.match(head, /Suggested/);
    const ev = await li.locator('.sug-evidence').innerText();
    for (const [a, b] of c.evidence) assert.ok(ev.includes(NOTE.slice(a, b)), `${c.code} evidence ${NOTE.slice(a, b)} in ${ev}`);
    if (c.why.length || c.rules.length) {
      await li.locator('.sug-why summary').click();
      const why = await li.locator('.sug-why').innerText();
      for (const w of c.why) assert.ok(why.includes(w), `${c.code}: ${w}`);
      for (const r of c.rules) assert.ok(why.includes(`Guideline ${r.section}`) && why.includes(r.text), `${c.code}: rule ${r.id}`);
    }
    for (const a of c.alternatives) assert.match(await li.locator('.sug-alts').innerText(), new RegExp(`${a.code.replace('.', '\\.')} `));
  }
  assert.ok(want.codes.some((c) => c.rules.length), 'some code shows a guideline rule');
  // Not coded: one item per API item, with its reason and the words it is about.
  assert.ok(want.notCoded.some((n) => n.reason === 'negated'), '"denies chest pain" is negated');
  const items = await page.locator('#note-notcoded > li').allInnerTexts();
  assert.equal(items.length, want.notCoded.length);
  want.notCoded.forEach((n, i) => {
    assert.ok(items[i].includes(NOTE.slice(n.span[0], n.span[1])) && items[i].includes(n.explanation), items[i]);
  });
  assert.match(items[want.notCoded.findIndex((n) => n.reason === 'negated')], /^Negated/);
  // The text shown is the note, character for character (the visually hidden labels aside).
  const shown = await page.evaluate(() => {
    const doc = document.getElementById('note-doc').cloneNode(true);
    doc.querySelectorAll('.ev-for').forEach((x) => x.remove());
    return doc.textContent;
  });
  assert.equal(shown, NOTE);
  await assertClean(browser, page);
}, { coded: false });

noteTest('evidence and codes light each other: pointer, focus, and Enter on marked text', async (page) => {
  const want = api.suggest(NOTE);
  const litText = () => page.evaluate(() => [...document.querySelectorAll('#note-doc .is-lit')]
    .map((m) => [...m.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')).join('|'));
  const litCodes = () => page.evaluate(() => [...document.querySelectorAll('#note-codes > li.is-lit')].map((li) => li.dataset.code));
  // Focus inside a code: its evidence (and only its) is lit.
  for (const [i, c] of want.codes.entries()) {
    await sugs(page).nth(i).locator('.sug-accept').focus();
    const lit = await litText();
    const joined = lit.replace(/\|/g, '');
    for (const [a, b] of c.evidence) assert.ok(joined.includes(NOTE.slice(a, b).replace(/\s+/g, ' ').trim().split(' ')[0]), `${c.code}: ${lit}`);
    const marks = await page.evaluate(() => [...document.querySelectorAll('#note-doc .is-lit')].map((m) => m.dataset.s || ''));
    assert.ok(marks.length >= c.evidence.length, `${c.code}: ${marks.length} marks lit`);
    assert.ok(marks.every((s) => s.split(' ').includes(String(i))), `${c.code}: only its marks (${marks})`);
    assert.deepEqual(await litCodes(), [c.code]);
  }
  // Pointer over marked text: its codes are lit.
  const shared = page.locator('#note-doc mark[data-s*=" "]').first();
  const mark = (await shared.count()) ? shared : page.locator('#note-doc mark[data-s]').first();
  const idx = (await mark.getAttribute('data-s')).split(' ').map(Number);
  await page.locator('#note-title').focus();
  await mark.hover();
  assert.deepEqual(await litCodes(), idx.map((i) => want.codes[i].code));
  // Pointer over a code lights its evidence.
  await sugs(page).nth(2).hover();
  assert.ok((await litText()).length > 0);
  assert.deepEqual(await litCodes(), [want.codes[2].code]);
  // Keyboard: from the text box, Tab reaches marked text (visible focus), which lights its
  // codes; Enter goes to the first of them.
  await page.mouse.move(0, 0);
  await page.locator('#note-text').focus();
  const f = await tabTo(page, (x) => /\bev\b/.test(x.cls));
  assert.ok(f.visible);
  const first = await page.evaluate(() => document.activeElement.dataset.s.split(' ').map(Number));
  assert.deepEqual(await litCodes(), first.map((i) => want.codes[i].code));
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.code), want.codes[first[0]].code);
  // A not-coded item lights its words in the text.
  const nc = want.notCoded.findIndex((n) => n.reason === 'negated');
  await page.locator(`#note-notcoded > li[data-i="${nc}"]`).focus();
  assert.equal((await litText()).trim(), NOTE.slice(...want.notCoded[nc].span));
});

noteTest('accept, reject and swap, by pointer and keyboard; the accepted list follows the reporting order', async (page) => {
  const want = api.suggest(NOTE).codes;
  const s = sugs(page);
  assert.deepEqual(await acceptedCodes(page), []);
  assert.match(await page.locator('#note-accepted-help').innerText(), /None yet/);
  // Accept the second, then the first: the list is in reporting order, not click order.
  await s.nth(1).locator('.sug-accept').click();
  await s.nth(0).locator('.sug-accept').focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await acceptedCodes(page), [want[0].code, want[1].code]);
  assert.equal(await s.nth(0).getAttribute('data-status'), 'accepted');
  assert.equal(await s.nth(0).locator('.sug-accept').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), 'accept', 'the focus stays on the button');
  // Reject the first: it leaves the list; Reject again undoes it.
  await s.nth(0).locator('.sug-reject').click();
  assert.equal(await s.nth(0).getAttribute('data-status'), 'rejected');
  assert.match(await s.nth(0).locator('.sug-head').innerText(), /Rejected/);
  assert.deepEqual(await acceptedCodes(page), [want[1].code]);
  await s.nth(0).locator('.sug-reject').click();
  assert.equal(await s.nth(0).getAttribute('data-status'), 'pending');
  // Swap a code that has alternatives for the first of them: shown in its place, accepted.
  const i = want.findIndex((c) => c.alternatives.length);
  assert.ok(i >= 0, 'a code with alternatives');
  const alt = want[i].alternatives[0];
  await s.nth(i).locator('.sug-alts button').first().click();
  assert.equal(await s.nth(i).getAttribute('data-code'), alt.code);
  const head = await s.nth(i).locator('.sug-head').innerText();
  assert.ok(head.includes(alt.title) && head.includes(`in place of the suggested ${want[i].code}`), head);
  await page.waitForFunction((k) => /Billable|Header/.test(document.querySelectorAll('#note-codes > li')[k].querySelector('.sug-head').textContent), i);
  assert.ok((await acceptedCodes(page)).includes(alt.code));
  assert.ok(!(await acceptedCodes(page)).includes(want[i].code));
  // The marked text now says it is evidence for the alternative.
  assert.match(await page.locator(`#note-doc mark[data-s~="${i}"]`).first().getAttribute('title'), new RegExp(alt.code.replace('.', '\\.')));
  // Pressing it again goes back to the suggested code.
  await s.nth(i).locator('.sug-alts button').first().click();
  assert.equal(await s.nth(i).getAttribute('data-code'), want[i].code);
  assert.ok((await acceptedCodes(page)).includes(want[i].code));
  // Accept all suggested: every code, in reporting order.
  await page.locator('#note-accept-all').click();
  assert.deepEqual(await acceptedCodes(page), want.map((c) => c.code));
});

noteTest('the accepted codes fill the claim form in order with pointers, and go to the clipboard as codes and titles', async (page) => {
  const want = api.suggest(NOTE).codes;
  await page.locator('#note-accept-all').click();
  await sugs(page).nth(1).locator('.sug-reject').click();
  const expected = want.filter((_, i) => i !== 1).map((c) => c.code);
  assert.deepEqual(await acceptedCodes(page), expected);
  // Copy: codes and titles, one per line.
  await page.locator('#note-copy').click();
  await page.waitForFunction(() => /Copied/.test(document.getElementById('note-out-status').textContent));
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, `${want.filter((_, i) => i !== 1).map((c) => `${c.code}\t${c.title}`).join('\n')}\n`);
  // To the claim form: diagnoses A.. in order; line 1 points at the first four.
  await page.locator('#note-to-claim').click();
  await page.waitForFunction(() => location.hash === '#/claims');
  assert.ok(await page.locator('#claims-view').isVisible());
  assert.ok(!(await page.locator('#note-view').isVisible()));
  const dx = await page.evaluate(() => [...document.querySelectorAll('.cf-dx')].map((i) => i.value));
  assert.deepEqual(dx.slice(0, expected.length), expected);
  assert.ok(dx.slice(expected.length).every((v) => v === ''));
  assert.equal(await page.locator('#cf-lines [name="pointers"]').first().inputValue(), 'ABCD'.slice(0, Math.min(4, expected.length)));
  assert.match(await page.locator('#claims-filled').innerText(), /filled from the note/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'claims-title');
  // Back to the note: the codes are still there.
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/note');
  assert.ok(await page.locator('#note-view').isVisible());
  assert.deepEqual(await acceptedCodes(page), expected);
  // Nothing accepted: a clear message, nothing filled.
  for (const [k] of want.entries()) {
    if (await sugs(page).nth(k).getAttribute('data-status') === 'accepted') await sugs(page).nth(k).locator('.sug-accept').click();
  }
  await page.locator('#note-to-claim').click();
  assert.match(await page.locator('#note-out-status').innerText(), /Accept at least one code first/);
  assert.equal(await page.evaluate(() => location.hash), '#/note');
});

noteTest('empty, punctuation-only, invalid and over-limit input get specific messages; the setting changes the answer', async (page) => {
  const msg = () => page.locator('#note-message').innerText();
  await page.locator('#note-code').click();
  assert.match(await msg(), /There is no text to code: paste or type a note first/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'note-text');
  await page.locator('#note-text').fill('  \n\t ');
  await page.locator('#note-code').click();
  assert.match(await msg(), /There is no text to code/);
  const punct = '... ;;; !!! ---';
  await codeNote(page, punct);
  const none = api.suggest(punct);
  assert.equal(none.codes.length, 0);
  assert.ok(none.emptyReason, 'the API says why');
  assert.equal(await msg(), `No codes to report: ${none.emptyReason}.`);
  assert.ok(!(await sugs(page).count()));
  // Over the limit (bytes of UTF-8, not characters): said, with the figures, and not coded.
  await page.locator('#note-text').fill('a'.repeat(100001));
  await page.waitForFunction(() => document.getElementById('note-count').classList.contains('is-over'));
  assert.match(await page.locator('#note-count').innerText(), /^100,001 of 100,000 bytes$/);
  await page.locator('#note-code').click();
  await page.waitForFunction(() => /too long/.test(document.getElementById('note-message').textContent));
  assert.match(await msg(), /too long to code: 100,001 bytes of text \(UTF-8\), and the limit is 100,000\. Remove 1 byte/);
  await page.locator('#note-text').fill('\u00e9'.repeat(50001));
  await page.locator('#note-code').click();
  await page.waitForFunction(() => /100,002 bytes/.test(document.getElementById('note-message').textContent));
  // Text that is not valid Unicode (an unpaired surrogate, as a broken paste can give): the
  // engine's error, named, without the text.
  await page.evaluate(() => { document.getElementById('note-text').value = 'Cellulitis of Zyxwvut leg \uD800 r/o DVT'; });
  await page.locator('#note-code').click();
  await page.waitForFunction(() => /could not be coded/.test(document.getElementById('note-message').textContent));
  assert.match(await msg(), /unpaired surrogate.*\(INVALID_UTF8\)/);
  assert.doesNotMatch(await msg(), /Zyxwvut|Cellulitis/);
  await page.locator('#note-text').fill('hypertension');
  await page.waitForFunction(() => !document.getElementById('note-count').classList.contains('is-over'));
  // The setting: outpatient and inpatient give the API's answers; changing it codes again.
  const uncertain = 'Probable pneumonia. Cough and fever.';
  const out = api.suggest(uncertain, { setting: 'outpatient' });
  const inp = api.suggest(uncertain, { setting: 'inpatient' });
  assert.notDeepEqual(out.codes.map((c) => c.code), inp.codes.map((c) => c.code), 'the setting matters for this line');
  await codeNote(page, uncertain);
  assert.deepEqual(await shownCodes(page), out.codes.map((c) => c.code));
  assert.ok(out.notCoded.some((n) => n.reason === 'uncertain'));
  assert.match(await page.locator('#note-notcoded').innerText(), /Uncertain/);
  const before = await msg();
  await page.locator('#note-setting-inpatient').check();
  await page.waitForFunction((b) => /inpatient/.test(document.getElementById('note-message').textContent) && document.getElementById('note-message').textContent !== b, before);
  assert.deepEqual(await shownCodes(page), inp.codes.map((c) => c.code));
  // Editing the text after coding says the codes are out of date.
  assert.ok(await page.locator('#note-stale').isHidden());
  await page.locator('#note-text').press('End');
  await page.locator('#note-text').type(' x');
  assert.ok(await page.locator('#note-stale').isVisible());
  // Clear empties everything.
  await page.locator('#note-clear').click();
  assert.equal(await page.locator('#note-text').inputValue(), '');
  assert.ok(await page.locator('#note-results').isHidden());
}, { coded: false });

test('keyboard only: open the view, type, code, accept, send to the claim form', async () => {
  const page = await browser.context.newPage();
  try {
    await openReady(page, srv.origin, '', 20000);
    await page.locator('#q').focus();
    await tabTo(page, (f) => f.id === 'nav-note');
    await page.keyboard.press('Enter');
    // Before the first result the view's modules may still be loading: the link is followed
    // once they are in (web/app.js), so wait for the route rather than expect it at once.
    await page.waitForFunction(() => location.hash === '#/note', null, { timeout: 10000 });
    await page.waitForFunction(() => document.activeElement?.id === 'note-text', null, { timeout: 10000 });
    assert.equal((await focused(page)).id, 'note-text', 'the text box has the focus');
    await page.keyboard.type('CHF w/ afib');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#note-codes > li');
    const want = api.suggest('CHF w/ afib').codes;
    assert.deepEqual(await shownCodes(page), want.map((c) => c.code));
    await tabTo(page, (f) => f.id === 'note-accept-all');
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.id === 'note-to-claim');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/claims');
    assert.deepEqual((await page.evaluate(() => [...document.querySelectorAll('.cf-dx')].map((i) => i.value))).slice(0, want.length),
      want.map((c) => c.code));
  } finally {
    await page.close();
  }
});

noteTest('a 400 px side panel: one column, no sideways scrolling, all actions usable; axe there and on the wide view', async (page) => {
  const minor = [];
  await axe(page, 'note view (empty)', minor);
  await codeNote(page, NOTE);
  await sugs(page).nth(0).locator('.sug-why summary').click();
  await sugs(page).nth(0).locator('.sug-accept').focus();
  await axe(page, 'note view (coded, a code lit)', minor);
  await page.setViewportSize({ width: 400, height: 800 });
  await page.waitForTimeout(100);
  const noHScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(await noHScroll(), 'no horizontal scrolling (400 px)');
  const box = await page.locator('#note-doc').boundingBox();
  const first = await sugs(page).first().boundingBox();
  assert.ok(box.width <= 400 && first.width <= 400);
  assert.ok(first.y > box.y, 'one column: the note above the codes');
  await sugs(page).nth(1).locator('.sug-accept').click();
  assert.equal(await sugs(page).nth(1).getAttribute('data-status'), 'accepted');
  assert.ok(await noHScroll(), 'no horizontal scrolling after acting');
  await page.screenshot({ path: path.join(screenshotDir(), 'note-400.png'), fullPage: true });
  await axe(page, 'note view (400 px)', minor);
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, 'note view (dark)', minor);
  if (minor.length) console.log(`# axe (not failing): ${minor.join('; ')}`);
}, { coded: false });

test('offline: after one visit the view codes a note with the network off', async () => {
  const off = await openBrowser(srv.origin, { serviceWorkers: 'allow' });
  try {
    const { page, context } = off;
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
    await page.waitForSelector('body[data-offline="ready"]', { timeout: 30000 });
    await context.setOffline(true);
    const before = srv.log.length;
    await page.goto(`${srv.origin}/#/note`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
    await codeNote(page, NOTE);
    assert.deepEqual(await shownCodes(page), api.suggest(NOTE).codes.map((c) => c.code));
    // The Index file was never opened online: the note is coded without it, and says so.
    assert.match(await page.locator('#note-message').innerText(), /Coded without the Index: the Alphabetic Index is not on this device yet/);
    assert.equal(srv.log.length, before, 'nothing reached the server');
  } finally {
    await off.close();
  }
});
