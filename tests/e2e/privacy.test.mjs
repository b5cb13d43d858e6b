// Proof that nothing leaves the browser. PHI-like values (a name, birth dates, member and
// record numbers, a phone number, an SSN, an address) are typed into the search box, the
// <code-search> component and (when the page has them) the claim form and a whole note in
// "Code a note" (coded, accepted, sent to the claim form, copied), codes are opened,
// a 7th character is built and favourites are kept. Then:
//   - zero requests to any other origin, from the page and its workers (every request is
//     routed and counted; Chromium is also started with every host name unresolvable);
//   - none of the values, in any spelling (raw, URL-encoded, lower-case, digits only), in any
//     request URL, header or body, even to the page's own origin: checked in what the browser sent
//     (route) and in what the server received (its own log);
//   - only GET requests; no cookies; nothing of it in the page URL, local storage, session
//     storage, IndexedDB or the service worker's cache;
//   - the Content-Security-Policy is sent as a header and as a <meta>, and it holds (an inline
//     script and a request to another origin are refused).
// Once with service workers blocked (so the route sees every request of the page and its
// Worker) and once with the offline service worker on (the server log is the proof there).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE, startServer, openBrowser } from './helpers.mjs';

const PHI = {
  name: 'Johanna Quixote-Barrow',
  birth: '07/23/1958',
  birthIso: '1958-07-23',
  member: 'ZQX4417730921',
  mrn: 'MRN88231907',
  phone: '(555) 013-7788',
  ssn: '078-05-1120',
  address: '1209 Larkspur Lane',
};
// What would give a value away: each value, its parts and digit runs, in the forms a URL or body could carry.
function needles() {
  const out = new Set();
  for (const v of Object.values(PHI)) {
    const forms = [v, v.toLowerCase(), encodeURIComponent(v), encodeURIComponent(v).toLowerCase(), v.replace(/ /g, '+')];
    for (const part of v.split(/[\s/()-]+/)) if (part.length >= 4) forms.push(part, part.toLowerCase());
    const digits = v.replace(/\D/g, '');
    if (digits.length >= 6) forms.push(digits);
    for (const f of forms) out.add(f);
  }
  return [...out];
}
const NEEDLES = needles();
const leaks = (text) => NEEDLES.filter((n) => text.includes(n) || text.toLowerCase().includes(n.toLowerCase()));

let srv;

before(async () => {
  srv = await startServer(SITE);
});

after(async () => {
  if (srv) await srv.close();
});

/** Types PHI into every field there is and uses the page as a coder would. */
async function useEverything(browser) {
  const { page } = browser;
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  // Keep recent and favourite codes (so the storage is written, and checked).
  await page.locator('#remember').check();
  const q = page.locator('#q');
  for (const text of [
    `${PHI.name} ${PHI.birth} diabetes`,
    `patient ${PHI.member} dob ${PHI.birthIso} fracture ulna`,
    `${PHI.mrn} ${PHI.phone}`,
    `${PHI.ssn} ${PHI.address}`,
  ]) {
    await q.fill('');
    await q.pressSequentially(text, { delay: 2 });
    await page.waitForSelector('#results-summary:not(:empty)');
  }
  await q.fill('type 2 diabetes');
  await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
  await page.locator('#results [role="option"][data-code="E11.9"]').click();
  await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
  await page.locator('.fav-toggle').click();
  await page.locator('.note-group a.code-link').first().click();
  await page.waitForSelector('#detail .detail-head');
  await page.goto(`${srv.origin}/#/code/S52.001`);
  await page.waitForSelector('#seventh-select');
  await page.selectOption('#seventh-select', 'A');
  await page.locator('#builder-output .built-code').waitFor();
  // A code-looking PHI value in a deep link is answered locally, too.
  await page.goto(`${srv.origin}/#/code/${encodeURIComponent(PHI.member)}`);
  await page.locator('.notfound').waitFor();

  // The embeddable component.
  await page.goto(`${srv.origin}/embed-example.html`);
  await page.evaluate(() => document.getElementById('dx').ready);
  await page.locator('#dx input').pressSequentially(`${PHI.name} ${PHI.birth} asthma`, { delay: 2 });
  await page.locator('#dx li').first().waitFor();
  await page.locator('#dx2 input').fill(`${PHI.member} E11.9`);
  await page.locator('#dx2 input').fill('E11.9');
  await page.locator('#dx2 [role="option"][data-code="E11.9"]').click();
  await page.locator('#visit button[type="submit"]').click();

  // The claim form, where the page has one (web/claims.js).
  if (fs.existsSync(path.join(SITE, 'claims.js'))) await fillClaim(page);
  // A whole note in "Code a note" (web/views/note.js): coded, accepted, sent to the claim form, copied.
  if (fs.existsSync(path.join(SITE, 'views/note.js'))) await codeNote(browser);
}

/** A note full of PHI-like values, with codable conditions among them. */
const NOTE = [
  `Patient: ${PHI.name}   DOB: ${PHI.birth} (${PHI.birthIso})   MRN: ${PHI.mrn}   Member ID: ${PHI.member}`,
  `Phone: ${PHI.phone}   SSN: ${PHI.ssn}   Address: ${PHI.address}`,
  `HPI: ${PHI.name.split(' ')[0]} is a 67 y/o seen for follow-up.`,
  'Assessment/Plan:',
  '1. Type 2 diabetes with diabetic CKD stage 3b - continue metformin',
  '2. CHF w/ afib',
  '3. Denies chest pain.',
].join('\n');

/**
 * Pastes NOTE into the "Code a note" view, codes it (both settings), accepts every code, sends
 * them to the claim form and copies them. The page URL never holds any of it at any step; the
 * clipboard and the claim form get codes and titles only; the note is not restored on reload.
 */
async function codeNote(browser) {
  const { page, context } = browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
  const urls = [];
  await page.goto(`${srv.origin}/#/note`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  await page.locator('#note-text').fill(NOTE);
  urls.push(page.url());
  await page.locator('#note-code').click();
  await page.waitForSelector('#note-codes > li');
  urls.push(page.url());
  assert.ok(await page.locator('#note-codes > li[data-code="E11.22"]').count(), 'the note was coded');
  await page.locator('#note-setting-inpatient').check();
  await page.waitForFunction(() => /inpatient/.test(document.getElementById('note-message').textContent));
  await page.locator('#note-accept-all').click();
  await page.locator('#note-copy').click();
  await page.waitForFunction(() => /Copied/.test(document.getElementById('note-out-status').textContent));
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(clip, /^E11\.22\t/m);
  assert.deepEqual(leaks(clip), [], 'PHI in what was copied');
  urls.push(page.url());
  await page.locator('#note-to-claim').click();
  await page.waitForFunction(() => location.hash === '#/claims');
  const dx = await page.evaluate(() => [...document.querySelectorAll('.cf-dx')].map((i) => i.value).filter(Boolean));
  assert.ok(dx.length && dx.every((c) => /^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(c)), `codes only in the claim form: ${dx}`);
  await page.locator('#cf-check').click();
  await page.waitForSelector('#claims-results .claim-result, #claims-results .claims-error', { timeout: 20000 });
  urls.push(page.url());
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#/note');
  urls.push(page.url(), await page.title());
  assert.deepEqual(leaks(urls.join(' ')), [], `PHI in the page URL or title: ${urls}`);
  // Not restored by the browser: a reload and a new visit show an empty box.
  await page.reload();
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  assert.equal(await page.locator('#note-text').inputValue(), '', 'the note is not restored on reload');
}

/**
 * Fills every text field of the claim form (web/claims.js) with PHI-like values and runs the
 * check. The form is found by its route (#/claim, #/claims) or by a link or button named
 * "claim"; it is the form with the most fields. If claims.js exists but no claim form is
 * found, this fails: the claim values must be covered by this test.
 */
async function fillClaim(page) {
  await page.goto(`${srv.origin}/`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
  const biggestForm = () => page.evaluate(() => {
    let best = null;
    let n = 0;
    document.querySelectorAll('form').forEach((f, i) => {
      const k = f.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea').length;
      if (k > n && f.offsetParent !== null) {
        n = k;
        best = i;
      }
    });
    return n >= 2 ? best : null;
  });
  let idx = null;
  for (const hash of ['#/claim', '#/claims']) {
    await page.goto(`${srv.origin}/${hash}`);
    await page.waitForTimeout(300);
    idx = await biggestForm();
    if (idx !== null) break;
  }
  if (idx === null) {
    const opener = page.getByRole('link', { name: /claim/i }).or(page.getByRole('button', { name: /claim/i })).or(page.getByRole('tab', { name: /claim/i })).first();
    if (await opener.count()) {
      await opener.click();
      await page.waitForTimeout(300);
      idx = await biggestForm();
    }
  }
  assert.notEqual(idx, null, 'web/claims.js exists but the privacy test found no claim form: update fillClaim() in tests/e2e/privacy.test.mjs');
  const form = page.locator('form').nth(idx);
  const values = [PHI.name, PHI.birth, PHI.member, PHI.mrn, PHI.phone,
    `Patient ${PHI.name}, DOB ${PHI.birthIso}, member id ${PHI.member}, ${PHI.address}`];
  let i = 0;
  for (const input of await form.locator('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=date]):not([type=number]), textarea').all()) {
    if (await input.isEditable()) await input.fill(values[i++ % values.length]);
  }
  for (const input of await form.locator('input[type=date]').all()) {
    if (await input.isEditable()) await input.fill(PHI.birthIso);
  }
  const submit = form.locator('button[type="submit"], button:not([type])').first();
  if (await submit.count()) await submit.click();
  await page.waitForTimeout(500);
  return i;
}

async function storageLeaks(page) {
  const dump = await page.evaluate(async () => {
    const out = { url: location.href, cookie: document.cookie, local: {}, session: {}, idb: [], caches: [] };
    for (let i = 0; i < localStorage.length; i++) out.local[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
    for (let i = 0; i < sessionStorage.length; i++) out.session[sessionStorage.key(i)] = sessionStorage.getItem(sessionStorage.key(i));
    if (indexedDB.databases) out.idb = (await indexedDB.databases()).map((d) => d.name);
    for (const name of await caches.keys()) {
      const c = await caches.open(name);
      out.caches.push(name, ...(await c.keys()).map((r) => r.url));
    }
    return out;
  });
  return { dump, leaks: leaks(JSON.stringify(dump)) };
}

function checkRequests(browser, serverLog, label) {
  assert.deepEqual(browser.foreign, [], `${label}: requests to other origins`);
  assert.ok(browser.requestLog.length > 5, `${label}: the route saw the page's requests`);
  for (const r of browser.requestLog) {
    assert.equal(r.method, 'GET', `${label}: ${r.method} ${r.url}`);
    assert.deepEqual(leaks(decodeURIComponent(r.url) + r.url), [], `${label}: PHI in request URL ${r.url}`);
    assert.deepEqual(leaks(r.body), [], `${label}: PHI in request body to ${r.url}`);
    assert.deepEqual(leaks(JSON.stringify(r.headers || {})), [], `${label}: PHI in a request header to ${r.url}`);
  }
  for (const r of serverLog) {
    assert.ok(r.method === 'GET' || r.method === 'HEAD', `${label}: server got ${r.method} ${r.url}`);
    assert.deepEqual(leaks(decodeURIComponent(r.url) + r.url), [], `${label}: PHI in a URL the server received: ${r.url}`);
    assert.equal(r.body, '', `${label}: the server received a request body (${r.url})`);
  }
}

test('searching, opening codes and the component with PHI-like text: nothing leaves, nothing is kept', async () => {
  const browser = await openBrowser(srv.origin);
  const start = srv.log.length;
  try {
    await useEverything(browser);
    // The Worker's requests went through the route too.
    const urls = browser.requestLog.map((r) => new URL(r.url).pathname);
    for (const f of ['/lib/worker.mjs', '/lib/medcode-wasm.wasm', '/codesets/icd10cm-2027.mcs.gz']) {
      assert.ok(urls.includes(f), `routed: ${f}`);
    }
    checkRequests(browser, srv.log.slice(start), 'service workers blocked');
    // The browser and the server saw the same number of requests: none bypassed the route.
    assert.equal(srv.log.length - start, browser.requestLog.length, 'every request was routed');
    const { dump, leaks: stored } = await storageLeaks(browser.page);
    assert.deepEqual(stored, [], `PHI kept in the browser: ${JSON.stringify(dump)}`);
    assert.equal(dump.cookie, '');
    // What is kept (after the user turned it on): codes and their titles only.
    await browser.page.goto(`${srv.origin}/`);
    const kept = await browser.page.evaluate(() => JSON.parse(localStorage.getItem('medcode.mine.v1')));
    assert.equal(kept.remember, true);
    assert.ok(kept.recent.some((x) => x.code === 'E11.9'));
    assert.ok(kept.favourites.some((x) => x.code === 'E11.9'));
    assert.deepEqual(Object.keys(kept).sort(), ['favourites', 'recent', 'remember']);
    assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  } finally {
    await browser.close();
  }
});

test('the same with the offline service worker on: the server log shows nothing typed', async () => {
  const browser = await openBrowser(srv.origin, { serviceWorkers: 'allow' });
  const start = srv.log.length;
  try {
    await browser.page.goto(`${srv.origin}/`);
    await browser.page.waitForSelector('body[data-offline="ready"]', { timeout: 30000 });
    await useEverything(browser);
    checkRequests(browser, srv.log.slice(start), 'service worker on');
    const { dump, leaks: stored } = await storageLeaks(browser.page);
    assert.deepEqual(stored, [], `PHI kept in the browser: ${JSON.stringify(dump)}`);
    assert.ok(dump.caches.length > 5, 'the offline cache was checked');
    assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  } finally {
    await browser.close();
  }
});

test('nothing is kept on the device unless the user turns it on, and one click clears it', async () => {
  const browser = await openBrowser(srv.origin);
  try {
    const { page } = browser;
    await page.goto(`${srv.origin}/#/code/E11.9`);
    await page.waitForSelector('#detail[data-code="E11.9"] .detail-head');
    assert.equal(await page.locator('.fav-toggle').count(), 0, 'no favourite button while off');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored while off');
    await page.keyboard.press('Escape');
    await page.locator('#remember').check();
    await page.goto(`${srv.origin}/#/code/E10.9`);
    await page.waitForSelector('#detail[data-code="E10.9"] .detail-head');
    await page.locator('.fav-toggle').click();
    assert.equal(await page.locator('.fav-toggle').getAttribute('aria-pressed'), 'true');
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="ready"]');
    assert.match(await page.locator('#fav-list').innerText(), /E10\.9/);
    assert.match(await page.locator('#recent-list').innerText(), /E10\.9/);
    await page.locator('#forget').click();
    assert.doesNotMatch(await page.locator('#mine-lists').innerText(), /E10\.9/);
    assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('medcode.mine.v1'))),
      { remember: true, recent: [], favourites: [] });
    await page.locator('#remember').uncheck();
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'turning it off erases the storage');
  } finally {
    await browser.close();
  }
});

test('the Content-Security-Policy is a header and a <meta>, and it holds', async () => {
  const res = await fetch(`${srv.origin}/`);
  const header = res.headers.get('content-security-policy');
  assert.match(header, /default-src 'self'/);
  assert.match(header, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  for (const file of ['index.html', 'embed-example.html']) {
    const html = fs.readFileSync(path.join(SITE, file), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(meta, `${file} has a CSP <meta>`);
    assert.match(meta[1], /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: no inline script`);
    assert.doesNotMatch(html, /<style|\sstyle="/, `${file}: no inline style`);
    assert.doesNotMatch(html, /https?:\/\//, `${file}: no absolute URL (no third-party resource)`);
  }
  const browser = await openBrowser(srv.origin);
  try {
    const { page } = browser;
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
    const outcome = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.append(s);
      let fetched = 'allowed';
      try {
        await fetch('https://analytics.example.com/collect?q=x');
      } catch {
        fetched = 'refused';
      }
      await new Promise((r) => setTimeout(r, 50));
      return { inlineRan: !!window.__inlineRan, fetched };
    });
    assert.equal(outcome.inlineRan, false, 'an inline script does not run');
    assert.equal(outcome.fetched, 'refused', 'a request to another origin is refused');
    const violations = await browser.cspViolations(page);
    assert.ok(violations.some((v) => /script-src/.test(v)), violations.join('\n'));
    assert.ok(violations.some((v) => /connect-src/.test(v)), violations.join('\n'));
    assert.deepEqual(browser.foreign, [], 'the refused request never reached the network');
  } finally {
    await browser.close();
  }
});
