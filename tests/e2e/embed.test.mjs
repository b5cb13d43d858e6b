// The <code-search> web component (web/lib/code-search.mjs) on web/embed-example.html and on
// a bare page with only its one module script tag, under the site's strict CSP: shadow DOM,
// ARIA combobox, keyboard, the code-selected event, form value, billable-only, date of
// service, result count, theming through CSS custom properties, one shared Worker; the
// code-systems attribute with one system (HCPCS), with a name the site does not have (alone:
// an error; beside a known one: a visible note), and with a code set that fails to load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SITE, startSession, endSession, screenshotDir } from './helpers.mjs';

let root, srv, browser, shots;

before(async () => {
  // The site as /medcode/ under a clinic's own pages, as an intranet would host it.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-embed-'));
  fs.symlinkSync(SITE, path.join(root, 'medcode'));
  fs.mkdirSync(path.join(root, 'clinic'));
  fs.writeFileSync(path.join(root, 'clinic/bare.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare page</title>
<script type="module" src="/medcode/lib/code-search.mjs"></script>
<script type="module" src="bare.js"></script></head>
<body><main><h1>Referral</h1>
<code-search id="a" label="Diagnosis" result-count="3" value="E11.9"></code-search>
<code-search id="b" label="Old visit" date-of-service="2019-05-01" code-systems="icd-10-cm"></code-search>
<code-search id="c" label="Procedures" code-systems="NO-SUCH-SYSTEM"></code-search>
<code-search id="d" label="Supplies" code-systems="HCPCS"></code-search>
<code-search id="e" label="Mistyped" code-systems="ICD-10-CM, HCPSC"></code-search>
</main></body></html>`);
  // Both systems asked for; the test makes the HCPCS file fail.
  fs.writeFileSync(path.join(root, 'clinic/both.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Both systems</title>
<script type="module" src="/medcode/lib/code-search.mjs"></script>
<script type="module" src="bare.js"></script></head>
<body><main><h1>Claim</h1>
<code-search id="f" label="Diagnosis or supply" code-systems="ICD-10-CM HCPCS"></code-search>
</main></body></html>`);
  fs.writeFileSync(path.join(root, 'clinic/bare.js'), `
window.__events = [];
for (const t of ['code-selected', 'code-search-ready', 'code-search-error']) {
  document.addEventListener(t, (e) => window.__events.push({ type: t, id: e.target.id, detail: e.detail }));
}`);
  ({ srv, browser } = await startSession(root));
  shots = screenshotDir();
});

after(() => endSession({ srv, browser }, root));

test('the example page: type, arrows, Enter, code-selected, form value, billable-only, theming', async () => {
  const { page } = browser;
  await page.goto(`${srv.origin}/medcode/embed-example.html`);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('code-search')].map((e) => e.ready)));
  const dx = page.locator('#dx');
  const input = dx.locator('input');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.match(await dx.locator('label').innerText(), /Primary diagnosis/);
  assert.equal(await page.evaluate(() => !!document.getElementById('dx').shadowRoot), true, 'shadow DOM');

  // Keyboard only: Tab into the field, type, arrows, Enter.
  await page.locator('#dx2 input').focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'dx');
  await page.keyboard.type('type 2 diabetes', { delay: 10 });
  await dx.locator('[role="option"][data-code="E11.9"]').waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  const options = await dx.locator('[role="option"]').count();
  assert.ok(options <= 8 && options > 1, `result-count=8 respected (${options})`);
  // billable-only: the header E11 is listed as not choosable and skipped by the arrows.
  const e11 = dx.locator('[role="option"][data-code="E11"]');
  if (await e11.count()) assert.equal(await e11.getAttribute('aria-disabled'), 'true');
  await page.keyboard.press('ArrowDown');
  const active = await page.evaluate(() => {
    const root = document.getElementById('dx').shadowRoot;
    const id = root.querySelector('input').getAttribute('aria-activedescendant');
    return root.getElementById(id).dataset.code;
  });
  assert.notEqual(active, 'E11');
  await page.screenshot({ path: path.join(shots, 'embed-example.png') });
  await page.keyboard.press('Enter');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await input.inputValue(), active);
  assert.match(await page.locator('#log').innerText(), new RegExp(`${active.replace('.', '\\.')} .*ICD-10-CM FY2026 · billable · in force on 2026-03-02: yes`));
  assert.equal(await page.evaluate(() => document.getElementById('dx').value), active);

  // The chosen code is the form field's value.
  await page.locator('#visit button[type="submit"]').click();
  assert.match(await page.locator('#form-values').innerText(), new RegExp(`diagnosis = ${active.replace('.', '\\.')}`));

  // Escape closes the list, a second Escape clears.
  await input.fill('fracture');
  await dx.locator('[role="option"]').first().waitFor();
  await input.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  await input.press('Escape');
  assert.equal(await input.inputValue(), '');

  // Clicking an option chooses it (the second field, not billable-only).
  const dx2 = page.locator('#dx2');
  await dx2.locator('input').fill('S52.001');
  await dx2.locator('[role="option"][data-code="S52.001A"]').click();
  assert.equal(await dx2.locator('input').inputValue(), 'S52.001A');
  assert.match(await dx2.locator('.status').innerText(), /initial encounter for closed fracture/);

  // Theming: custom properties reach into the shadow root.
  const themed = await page.evaluate(() => {
    const cs = (id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('input'));
    return { dx: cs('dx').borderTopLeftRadius, themed: cs('themed').borderTopLeftRadius, bg: cs('themed').backgroundColor };
  });
  assert.equal(themed.dx, '6px');
  assert.equal(themed.themed, '2px');
  assert.equal(themed.bg, 'rgb(27, 32, 39)', 'theme="dark" background');

  // Changing the date of service reloads the choice of code set (note when none is in force).
  await page.locator('#dos').fill('2019-05-01');
  await page.locator('#dos').dispatchEvent('change');
  await page.waitForFunction(() => /in force on 2019-05-01/.test(document.getElementById('dx').shadowRoot.querySelector('.status').textContent));

  // Three components, one Worker per code-set file: the two ICD-10-CM components share it;
  // the third (every code system on the site) adds one for each other system (e.g. HCPCS).
  const index = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8'));
  const systems = new Set(index.filter((e) => e.kind === 'codeset').map((e) => e.system));
  const workers = page.workers().filter((w) => w.url().endsWith('/lib/worker.mjs'));
  assert.equal(workers.length, systems.size, `one shared worker per code-set file (${workers.length})`);
  assert.deepEqual(await browser.cspViolations(page), [], 'no CSP violations');
});

test('a bare page with one script tag: value, date of service, one system, unknown systems, events', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${srv.origin}/clinic/bare.html`);
    await page.waitForFunction(() => window.__events && window.__events.filter((e) => e.type !== 'code-selected').length === 5);
    const events = await page.evaluate(() => window.__events);
    const byId = Object.fromEntries(events.map((e) => [e.id, e]));
    assert.equal(byId.a.type, 'code-search-ready');
    assert.equal(byId.a.detail.codeSets[0].label, 'ICD-10-CM FY2027');  // no date of service: the newest year
    assert.equal(byId.b.type, 'code-search-ready');
    assert.match(byId.b.detail.notes[0], /No ICD-10-CM code set here is in force on 2019-05-01/);
    assert.equal(byId.c.type, 'code-search-error');
    assert.equal(byId.c.detail.code, 'NOT_FOUND');
    assert.match(await page.locator('#c .status').innerText(), /Code search is unavailable: No NO-SUCH-SYSTEM code set is installed on this site \(it has ICD-10-CM/);
    assert.equal(await page.locator('#c .status [role="alert"]').count(), 1, 'said as an alert');
    assert.match(byId.c.detail.message, /No NO-SUCH-SYSTEM code set is installed/);
    // value="E11.9" is shown as chosen.
    assert.equal(await page.locator('#a input').inputValue(), 'E11.9');
    assert.match(await page.locator('#a .status').innerText(), /Type 2 diabetes mellitus without complications/);
    // result-count=3
    await page.locator('#a input').fill('fracture');
    await page.locator('#a [role="option"]').nth(2).waitFor();
    assert.equal(await page.locator('#a [role="option"]').count(), 3, await page.evaluate(() => document.getElementById('a').shadowRoot.innerHTML));
    await page.locator('#a input').press('ArrowDown');
    await page.locator('#a input').press('Enter');
    const sel = await page.evaluate(() => window.__events.find((e) => e.type === 'code-selected'));
    assert.equal(sel.id, 'a');
    assert.equal(sel.detail.system, 'ICD-10-CM');
    assert.equal(sel.detail.dateOfService, null);
    assert.equal(sel.detail.inForce, null);
    // Picked up by the date-of-service component: inForce false.
    await page.locator('#b input').fill('E11.9');
    await page.locator('#b [role="option"][data-code="E11.9"]').click();
    const selB = await page.evaluate(() => window.__events.filter((e) => e.type === 'code-selected').pop());
    assert.equal(selB.detail.inForce, false);

    // code-systems="HCPCS": HCPCS codes only; an ICD-10-CM code is not found there.
    assert.equal(byId.d.type, 'code-search-ready');
    assert.deepEqual(byId.d.detail.codeSets.map((c) => c.system), ['HCPCS']);
    assert.deepEqual(byId.d.detail.notes, []);
    await page.locator('#d input').fill('wheelchair');
    await page.locator('#d [role="option"][data-code="K0001"]').waitFor();
    const dCodes = await page.locator('#d [role="option"]').evaluateAll((els) => els.map((e) => e.dataset.code));
    assert.ok(dCodes.length === 8 && dCodes.every((c) => /^[A-V]\d{4}$/.test(c)), `HCPCS codes only: ${dCodes}`);
    await page.locator('#d input').fill('E11.9');
    await page.waitForFunction(() => /No codes match “E11\.9”/.test(document.getElementById('d').shadowRoot.getElementById('listbox').textContent));

    // A system name the site does not have, beside one it has: the known one works, and the
    // unknown name is said under the field and in the ready event (never dropped silently).
    assert.equal(byId.e.type, 'code-search-ready');
    assert.deepEqual(byId.e.detail.codeSets.map((c) => c.system), ['ICD-10-CM']);
    assert.match(byId.e.detail.notes.join(' '), /No HCPSC code set is installed on this site \(it has ICD-10-CM, HCPCS\)\./);
    assert.match(await page.locator('#e .status .note').innerText(), /No HCPSC code set is installed/);
    await page.locator('#e input').fill('diabetes');
    await page.locator('#e [role="option"][data-code="E11.9"]').waitFor();
    assert.match(await page.locator('#e .status').innerText(), /No HCPSC code set is installed.*matches/s, 'the note stays beside the result count');

    assert.deepEqual(browser.foreign, [], 'no request left the origin');
    assert.deepEqual(browser.consoleErrors, [], 'no console errors');
  } finally {
    await page.close();
  }
});

test('code-systems="ICD-10-CM HCPCS" with the HCPCS file failing: ICD-10-CM works, the failure is noted', async () => {
  const page = await browser.context.newPage();
  const errorsBefore = browser.consoleErrors.length;
  try {
    await page.route('**/codesets/hcpcs-*.mcs.gz*', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await page.goto(`${srv.origin}/clinic/both.html`);
    await page.waitForFunction(() => window.__events && window.__events.length === 1);
    const [ev] = await page.evaluate(() => window.__events);
    assert.equal(ev.type, 'code-search-ready');
    assert.deepEqual(ev.detail.codeSets.map((c) => c.system), ['ICD-10-CM']);
    assert.match(ev.detail.notes.join(' '), /HCPCS Level II .* could not be loaded: .*404 \(IO\)\. Searching ICD-10-CM FY20\d\d only\./);
    assert.match(await page.locator('#f .status .note').innerText(), /could not be loaded/);
    await page.locator('#f input').fill('E11.9');
    await page.locator('#f [role="option"][data-code="E11.9"]').waitFor();
    assert.deepEqual(await browser.cspViolations(page), []);
  } finally {
    await page.close();
  }
  const errs = browser.consoleErrors.splice(errorsBefore);
  assert.ok(errs.every((e) => /404|Failed to load resource/.test(e)), JSON.stringify(errs));
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
});

test('billable-only: Enter on a header typed exactly picks no code below it; the field stays invalid until a code is chosen', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto(`${srv.origin}/medcode/embed-example.html`);
    await page.evaluate(() => Promise.all([...document.querySelectorAll('code-search')].map((e) => e.ready)));
    await page.evaluate(() => {
      window.__picked = [];
      document.addEventListener('code-selected', (e) => window.__picked.push(e.detail.code));
    });
    const dx = page.locator('#dx');
    const input = dx.locator('input');
    await input.fill('E11');
    await dx.locator('[role="option"][data-code="E11"]').waitFor();
    await input.press('Enter');
    // Enter searches again before it decides (async): wait for the decision, not a fixed time.
    await dx.locator('input[aria-invalid="true"]').waitFor({ timeout: 10000 });
    assert.equal(await input.inputValue(), 'E11', 'the typed header stays');
    assert.deepEqual(await page.evaluate(() => window.__picked), [], 'no code was chosen (E11.00 before the fix)');
    assert.equal(await page.evaluate(() => document.getElementById('dx').value), '');
    assert.equal(await input.getAttribute('aria-expanded'), 'true', 'the codes below E11 stay listed');
    assert.ok(await dx.locator('[role="option"][data-code^="E11."]:not([aria-disabled="true"])').count() > 0, 'billable codes to choose from');
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match(await dx.locator('.status').innerText(), /E11 is a header, not billable: choose one of the codes below it/);
    assert.equal(await page.evaluate(() => document.getElementById('visit').checkValidity()), false, 'the form is not valid');
    // Choosing a billable code below it makes the field valid.
    await input.press('ArrowDown');
    await input.press('Enter');
    assert.match(await page.evaluate(() => document.getElementById('dx').value), /^E11\.\d/);
    assert.equal(await input.getAttribute('aria-invalid'), null);
    assert.equal(await page.evaluate(() => document.getElementById('visit').checkValidity()), true);
    assert.deepEqual(browser.foreign, [], 'no request left the origin');
  } finally {
    await page.close();
  }
});
