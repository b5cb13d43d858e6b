// Practice for students in Chromium: the JS API cases (tests/js/practice-cases.mjs) on the
// main thread and in a module Worker, the Worker client (WorkerCodeSet.practice), and the
// Practice view (#/practice): list and filters, an answer found with the search, grading in
// place, hints that cost points, the exam mode's timer and final score, progress off by default
// then on and cleared, an instructor's file (a bad one gives a specific error; nothing is
// uploaded), a 400 px panel, offline use and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SITE, startSession, endSession, testPagesRoot, pageResults, assertRanEverywhere, assertClean, axe } from './helpers.mjs';
import { cases, INSTRUCTOR_FILE } from '../js/practice-cases.mjs';

const BANK = JSON.parse(fs.readFileSync(path.join(SITE, 'practice/cases.json'), 'utf8')).cases;
const STORE_KEY = 'medcode.practice.v1';
let root, srv, browser;

before(async () => {
  root = testPagesRoot('practice');
  ({ srv, browser } = await startSession(root));
});

after(() => endSession({ srv, browser }, root));

async function withPage(fn, { viewport } = {}) {
  const page = await browser.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  try {
    await fn(page);
  } finally {
    await page.close();
  }
}

async function practice(page, hash = '#/practice') {
  await page.goto(`${srv.origin}/site/index.html${hash}`);
  await page.waitForSelector('#practice-view[data-ready="true"]', { timeout: 60000 });
  await page.waitForFunction(() => /of \d+ cases/.test(document.querySelector('#practice-count').textContent));
}

const count = async (page) => /^(\d+) of (\d+) cases$/.exec(await page.locator('#practice-count').innerText()).slice(1).map(Number);

async function openCase(page, id) {
  await page.evaluate((h) => { location.hash = h; }, `#/practice/${id}`);
  await page.waitForFunction((i) => document.querySelector('#practice-case-title') &&
    document.querySelector('.practice-case-meta').textContent.startsWith(i), id);
}

async function grade(page, codes) {
  await page.fill('#practice-answer', codes);
  await page.click('#practice-grade');
  await page.waitForSelector('#practice-score');
}

test('every practice JS API case passes in Chromium (main thread and module Worker), and the Worker client', async () => {
  const page = await browser.context.newPage();
  try {
    const results = await pageResults(page, `${srv.origin}/tests/js/browser/practice.html`, 180000);
    assertRanEverywhere(results, cases);
    assert.ok(results.filter((r) => r.name.startsWith('practice-client: ')).length >= 4, 'client cases ran');
    await assertClean(browser, page);
  } finally {
    await page.close();
  }
});

test('the case list: 200 cases, filters by chapter, level and topic, and "not yet done"', async () => {
  await withPage(async (page) => {
    await practice(page);
    assert.deepEqual(await count(page), [200, 200]);
    await page.selectOption('#practice-f-chapter', '19');
    const [n19] = await count(page);
    assert.equal(n19, BANK.filter((c) => /^[ST]/.test(c.key[0].code) && !(c.hcpcs || []).length).length);
    const metas = await page.locator('#practice-list .practice-item-meta').allInnerTexts();
    assert.ok(metas.length === n19 && metas.every((m) => m.includes('Chapter 19')), metas.slice(0, 3).join());
    await page.selectOption('#practice-f-level', '3');
    const [n19l3] = await count(page);
    assert.ok(n19l3 > 0 && n19l3 < n19, `${n19l3} of ${n19}`);
    assert.ok((await page.locator('#practice-list .practice-item-meta').allInnerTexts()).every((m) => m.endsWith('level 3')));
    await page.selectOption('#practice-f-chapter', '');
    await page.selectOption('#practice-f-level', '');
    await page.selectOption('#practice-f-topic', 'laterality');
    const [nLat] = await count(page);
    assert.equal(nLat, BANK.filter((c) => c.topics.includes('laterality')).length);
    await page.selectOption('#practice-f-topic', '');
    // Grade one case, then "not yet done" leaves it out.
    await openCase(page, 'inf-001');
    await grade(page, 'B02.9');
    await page.check('#practice-f-todo');
    assert.deepEqual(await count(page), [199, 200]);
    assert.equal(await page.locator('#practice-list a[href="#/practice/inf-001"]').count(), 0);
    await axe(page, 'practice list');
  });
});

test('an answer found with the search, graded in place: verdicts, reasons, the key and the rationale', async () => {
  await withPage(async (page) => {
    await practice(page);
    await openCase(page, 'inj-001');
    assert.doesNotMatch(await page.locator('#practice-case').innerText(), /S52\.531A/, 'the key is not shown before grading');
    // Words find codes, as with the code books.
    const input = page.locator('#practice-search input');
    await input.fill('colles fracture right');
    const option = page.locator('#practice-search [role="option"]', { hasText: 'S52.531A' }).first();
    await option.waitFor({ timeout: 20000 });
    await option.click();
    await page.waitForFunction(() => document.querySelector('#practice-answer').value.includes('S52.531A'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'practice-answer');
    await page.locator('#practice-answer').press('End');
    await page.locator('#practice-answer').type(' W18.30XA');
    await page.locator('#practice-answer').press('Enter');  // the form submits
    await page.waitForSelector('#practice-score');
    const items = page.locator('#practice-items > li');
    assert.equal(await items.count(), 2);
    assert.match(await items.nth(0).innerText(), /S52\.531A[\s\S]*Correct/);
    assert.match(await items.nth(1).innerText(), /W18\.30XA[\s\S]*Wrong[\s\S]*W00\.0XXA/);
    assert.match(await page.locator('#practice-score').innerText(), /^Score 50%/);
    assert.match(await page.locator('#practice-key').innerText(), /S52\.531A[\s\S]*W00\.0XXA/);
    assert.ok((await page.locator('#practice-rationale').innerText()).length > 40, 'a rationale');
    await axe(page, 'practice graded');
    await assertClean(browser, page);
  });
});

test('hints come in three steps and cost points in practice mode', async () => {
  await withPage(async (page) => {
    await practice(page);
    await openCase(page, 'inf-001');
    await page.click('#practice-hint');
    await page.waitForSelector('#practice-hints li');
    assert.match(await page.locator('#practice-hints').innerText(), /Main term: look up the main term “Herpes”/);
    await page.click('#practice-hint');
    await page.waitForFunction(() => document.querySelectorAll('#practice-hints .practice-hint-list > li').length === 2);
    assert.match(await page.locator('#practice-hints').innerText(), /Index path: Alphabetic Index: Herpes, zoster/);
    assert.doesNotMatch(await page.locator('#practice-hints').innerText(), /B02\.9/);
    await grade(page, 'B02.9');
    assert.equal(await page.locator('#practice-score').innerText(), 'Score 80% (100% less 20% for 2 hints)');
    await page.click('#practice-hint');
    await page.waitForFunction(() => document.querySelectorAll('#practice-hints .practice-hint-list > li').length === 3);
    assert.match(await page.locator('#practice-hints').innerText(), /Tabular entry: verify in the Tabular List at category B02/);
    assert.equal(await page.locator('#practice-hint').isDisabled(), true);
    await axe(page, 'practice hints');
  });
});

test('exam mode: a timer, no hints, and a score at the end', async () => {
  await withPage(async (page) => {
    await practice(page);
    await page.click('#practice-tools summary');
    await page.check('#practice-mode-exam');
    await page.selectOption('#practice-exam-size', '5');
    await page.click('#practice-exam-start');
    await page.waitForSelector('#practice-exam-bar');
    assert.match(await page.locator('.practice-exam-pos').innerText(), /case 1 of 5/);
    const t0 = await page.locator('#practice-timer').innerText();
    assert.match(t0, /^Time left 10:00|^Time left 9:5\d/);
    await page.waitForFunction((t) => document.querySelector('#practice-timer').textContent !== t, t0, { timeout: 5000 });
    assert.equal(await page.locator('#practice-hint').count(), 0, 'no hints in an exam');
    assert.equal(await page.locator('#practice-grade').count(), 0, 'no grading before the end');
    // The first case's key, the others left empty: 1 of 5.
    const first = BANK[0];
    await page.fill('#practice-answer', [...first.key.map((k) => k.code), ...(first.hcpcs || []).map((l) =>
      `${l.code}${l.modifiers.map((m) => `-${m}`).join('')}x${l.units}`)].join(' '));
    await axe(page, 'practice exam');
    await page.click('#practice-exam-next');
    await page.waitForFunction(() => /case 2 of 5/.test(document.querySelector('.practice-exam-pos').textContent));
    await page.click('#practice-exam-finish');
    await page.waitForSelector('#practice-exam-score');
    assert.equal(await page.locator('#practice-exam-score').innerText(), 'Exam score: 20%');
    assert.equal(await page.locator('#practice-exam-table tbody tr').count(), 5);
    assert.match(await page.locator('#practice-exam-table tbody tr').first().innerText(), /100%/);
    await axe(page, 'practice exam score');
  });
});

test('exam mode: when the time is up, the answers entered are graded', async () => {
  await withPage(async (page) => {
    await page.clock.install();
    await practice(page);
    await page.click('#practice-tools summary');
    await page.check('#practice-mode-exam');
    await page.selectOption('#practice-exam-size', '5');
    await page.selectOption('#practice-exam-minutes', '1');
    await page.click('#practice-exam-start');
    await page.waitForSelector('#practice-exam-bar');
    assert.match(await page.locator('#practice-timer').innerText(), /^Time left (5:00|4:59)$/);
    await page.fill('#practice-answer', BANK[0].key.map((k) => k.code).join(' '));  // no HCPCS lines in the first case
    await page.clock.fastForward('04:00');
    await page.waitForFunction(() => /^Time left 0:\d\d$/.test(document.querySelector('#practice-timer').textContent));
    await page.clock.fastForward('01:05');
    await page.waitForSelector('#practice-exam-score');
    assert.match(await page.locator('#practice-case').innerText(), /Time is up: the answers entered were graded/);
    assert.equal(await page.locator('#practice-exam-score').innerText(), 'Exam score: 20%');  // 1 of 5 cases
  });
});

test('progress: nothing stored by default; kept once turned on; cleared in one click', async () => {
  await withPage(async (page) => {
    await practice(page);
    await openCase(page, 'inf-001');
    await grade(page, 'B02.9');
    const keys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('medcode.practice')));
    assert.deepEqual(await keys(), [], 'nothing stored while the toggle is off');
    assert.equal(await page.isChecked('#practice-keep'), false);
    await page.click('#practice-tools summary');
    await page.check('#practice-keep');
    const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORE_KEY));
    assert.deepEqual(stored.results.map((r) => [r.caseId, r.score]), [['inf-001', 1]]);
    // A mistake shows in the review by topic, and is kept.
    await openCase(page, 'inj-001');
    await grade(page, 'S52.532A W00.0XXA');
    assert.match(await page.locator('#practice-review').innerText(), /inj-001/);
    await page.reload();
    await page.waitForSelector('#practice-view[data-ready="true"]', { timeout: 60000 });
    assert.equal(await page.isChecked('#practice-keep'), true);
    assert.match(await page.locator('#practice-list a[href="#/practice/inf-001"]').innerText(), /Done: 100%/);
    assert.match(await page.locator('#practice-review').innerText(), /inj-001/);
    await page.click('#practice-tools summary');
    await page.click('#practice-clear');
    const after = JSON.parse(await page.evaluate((k) => localStorage.getItem(k) || '{"results":[]}', STORE_KEY));
    assert.deepEqual(after.results, []);
    assert.equal(await page.locator('#practice-list .practice-done').count(), 0);
    await page.uncheck('#practice-keep');
    assert.deepEqual(await keys(), []);
  });
});

test('an instructor\'s file: a bad one gives a specific error; a good one is used; nothing is uploaded; results export', async () => {
  await withPage(async (page) => {
    await practice(page);
    const before = browser.requestLog.length;
    await page.click('#practice-tools summary');
    const file = (name, text) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.setInputFiles('#practice-file', file('broken.json', INSTRUCTOR_FILE.replace('"level": 1,', '"level": 1')));
    await page.waitForSelector('#practice-error:not([hidden])');
    assert.match(await page.locator('#practice-error').innerText(), /broken\.json[\s\S]*line 10, column \d+[\s\S]*CORRUPT/);
    assert.deepEqual(await count(page), [200, 200], 'the built-in cases stay');
    await page.setInputFiles('#practice-file', file('dates.json', INSTRUCTOR_FILE.replace('2025-11-03', '2025-02-30')));
    await page.waitForFunction(() => /my-001, dateOfService/.test(document.querySelector('#practice-error').textContent));
    await page.setInputFiles('#practice-file', file('huge.json', ' '.repeat(4 * 1024 * 1024 + 1)));
    await page.waitForFunction(() => /huge\.json[\s\S]*at most 4 MB[\s\S]*INPUT_TOO_LONG/.test(document.querySelector('#practice-error').textContent));
    await page.setInputFiles('#practice-file', file('mine.json', INSTRUCTOR_FILE));
    await page.waitForFunction(() => document.querySelector('#practice-count').textContent === '1 of 1 cases');
    assert.equal(await page.locator('#practice-error').isHidden(), true);
    assert.match(await page.locator('#practice-status').innerText(), /1 case from mine\.json/);
    await openCase(page, 'my-001');
    await grade(page, 'B02.9');
    // Nothing of the files went over the network.
    const sent = browser.requestLog.slice(before).filter((r) => /medcode-practice-cases|my-001|Shingles/.test(r.body) || r.method !== 'GET');
    assert.deepEqual(sent, []);
    // Export (JSON and CSV) as downloads built in the page.
    const exported = await page.evaluate(async () => {
      const out = [];
      const orig = URL.createObjectURL;
      URL.createObjectURL = (blob) => {
        out.push(blob);
        return orig(blob);
      };
      document.querySelector('#practice-export-json').click();
      document.querySelector('#practice-export-csv').click();
      URL.createObjectURL = orig;
      return Promise.all(out.map((b) => b.text()));
    });
    const json = JSON.parse(exported[0]);
    assert.equal(json.format, 'medcode-practice-results');
    assert.deepEqual(json.results.map((r) => [r.caseId, r.score, r.source]), [['my-001', 1, 'mine.json']]);
    assert.match(exported[1], /^caseId,title,mode,score,engineScore,hintsUsed,answer,at,source\nmy-001,/);
    await page.click('#practice-builtin');  // the tools are still open
    await page.waitForFunction(() => document.querySelector('#practice-count').textContent === '200 of 200 cases');
  });
});

test('a 400 px panel: no horizontal scroll; a case replaces the list; keyboard only', async () => {
  await withPage(async (page) => {
    await practice(page);
    const noScroll = async (what) => {
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      assert.ok(scroll <= width, `${what}: ${scroll} px wide in ${width}`);
    };
    await noScroll('list');
    assert.equal(await page.locator('#practice-case').isVisible(), false);
    // Keyboard: Tab to the first case and open it with Enter.
    await page.locator('#practice-list a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#practice-case-title');
    assert.equal(await page.locator('#practice-list').isVisible(), false);
    await noScroll('case');
    const id = BANK[0].id;
    await page.waitForFunction((i) => location.hash === `#/practice/${i}`, id);
    await grade(page, BANK[0].key.map((k) => k.code).join(' '));
    await noScroll('graded');
    await axe(page, 'practice 400 px');
  }, { viewport: { width: 400, height: 760 } });
});

test('offline: after one visit the Practice view loads and grades with the network off', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-practice-offline-'));
  fs.cpSync(SITE, dir, { recursive: true });
  const s = await startSession(dir, { serviceWorkers: 'allow' });
  try {
    const { page, context } = s.browser;
    await page.goto(`${s.srv.origin}/#/practice`);
    await page.waitForSelector('#practice-view[data-ready="true"]', { timeout: 60000 });
    await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
    const pre = JSON.parse(fs.readFileSync(path.join(dir, 'precache.json'), 'utf8'));
    assert.ok(pre.files.some((f) => f.url === 'practice/cases.json'), 'the case bank is precached');
    assert.ok(await page.evaluate(async () => {
      for (const k of await caches.keys()) if (await (await caches.open(k)).match('practice/cases.json')) return true;
      return false;
    }), 'the case bank is in the offline cache');
    await context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('#practice-view[data-ready="true"]', { timeout: 60000 });
      await page.evaluate(() => { location.hash = '#/practice/inf-001'; });
      await page.waitForSelector('#practice-case-title');
      await grade(page, 'B02.9');
      assert.match(await page.locator('#practice-score').innerText(), /^Score 100%/);
    } finally {
      await context.setOffline(false);
    }
  } finally {
    await endSession(s, dir);
  }
});
