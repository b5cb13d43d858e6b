// Workspace defects of issue 15, each checked end to end in Chromium: the claim view's
// results (no stray "null", codes as links, focus on the summary), the sample files, a CSV
// with wrong columns, the example claim's date, the "/" shortcut, long pastes, the
// 7th-character builder on codes with children, the index's cross-references and subterm
// filter, the narrow side panel (400 px) and the dark scheme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, startSession, endSession, openReady, axe } from './helpers.mjs';

let srv, browser;
before(async () => ({ srv, browser } = await startSession()));
after(() => endSession({ srv, browser }));

async function withPage(fn, options) {
  const page = await browser.context.newPage();
  if (options && options.viewport) await page.setViewportSize(options.viewport);
  try {
    await fn(page);
  } finally {
    await page.close();
  }
}

async function claimsView(page) {
  await page.goto(`${srv.origin}/#/claims`);
  await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 });
}

const SAMPLES = path.join(ROOT, 'web/samples');

test('claims: the sample CSV and NDJSON are linked, check cleanly, and show no literal "null"', async () => {
  await withPage(async (page) => {
    await claimsView(page);
    await page.click('#claims-tab-file');
    for (const [file, prefix] of [['claims-sample.csv', 'SAMPLE-CSV-'], ['claims-sample.ndjson', 'SAMPLE-NDJSON-']]) {
      // The link serves the file the site ships.
      const href = await page.locator(`#claims-panel-file a[href="samples/${file}"]`).getAttribute('href');
      const res = await page.request.get(`${srv.origin}/${href}`);
      assert.equal(res.status(), 200, `${file} is served`);
      await page.setInputFiles('#claims-file', path.join(SAMPLES, file));
      await page.waitForFunction(() => /4 claims checked/.test(document.querySelector('#claims-file-status').textContent), null, { timeout: 60000 });
      const text = await page.locator('#claims-results').textContent();  // closed claims too
      assert.doesNotMatch(text, /\bnull\b/, `${file}: no literal null`);
      const titles = await page.locator('#claims-results .claim-title').allInnerTexts();
      assert.ok(titles.length >= 2 && titles.every((t) => t.startsWith(`Claim ${prefix}`)), titles.join());
      const kinds = await page.locator('#claims-results .finding').evaluateAll((els) => els.map((e) => e.dataset.kind));
      for (const k of ['ncci-ptp', 'header-code', 'npi']) assert.ok(kinds.includes(k), `${file}: ${k} among ${kinds}`);
      // The summary has the focus (results are below the fold otherwise).
      assert.equal(await page.evaluate(() => document.activeElement.id), 'claims-results-summary');
      assert.match(await page.locator('#claims-results-summary').innerText(), /^4 claims checked: /);
    }
  });
});

test('claims: pasted claims show no "null"; finding codes link to their detail; the summary gets the focus', async () => {
  await withPage(async (page) => {
    await claimsView(page);
    await page.click('#claims-tab-paste');
    const claim = { claim_id: 'P1', date_of_service: '2026-07-15', place_of_service: '11', billing_npi: '1234567893', diagnoses: ['E11'],
      lines: [{ code: '99213', units: 1, dx_pointers: ['A'] }] };
    await page.fill('#claims-paste', `${JSON.stringify(claim)}\n${JSON.stringify({ ...claim, claim_id: 'P2' })}`);
    await page.click('#claims-paste-check');
    await page.waitForSelector('.claim-result >> nth=1', { timeout: 20000 });
    assert.doesNotMatch(await page.locator('#claims-results').textContent(), /\bnull\b/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'claims-results-summary');
    await page.locator('.claim-result', { hasText: 'Claim P1' }).locator('summary').click();  // two claims: shown closed
    const link = page.locator('.finding[data-kind="header-code"] .finding-codes a').first();
    assert.equal(await link.getAttribute('href'), '#/code/E11');
    const inView = await page.locator('#claims-results-summary').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.ok(inView, 'the summary is scrolled into view');
    await link.click();
    await page.waitForFunction(() => location.hash === '#/code/E11');
  });
});

test('claims: a CSV with wrong columns names every column expected and every column found', async () => {
  await withPage(async (page) => {
    await claimsView(page);
    await page.click('#claims-tab-file');
    const cols = ['patient', 'visit_date', 'procedure', 'diagnosis_primary', 'diagnosis_secondary', 'rendering_provider_identifier', 'charge_amount'];
    const csv = `${cols.join(',')}\nX,2026-07-15,99213,E11.9,I10,1234567893,100\n`;
    await page.setInputFiles('#claims-file', { name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /claim.* checked/.test(document.querySelector('#claims-file-status').textContent), null, { timeout: 60000 });
    const text = await page.locator('#claims-results').textContent();  // the claim is shown closed
    assert.doesNotMatch(text, /fix the JSON/i);
    assert.match(text, /Expected: claim_id and line_code/);
    for (const c of cols) assert.ok(text.includes(c), `found column ${c} is named`);
    assert.match(text, /Found 7 columns/);
  });
});

test('claims: the example says why its date of service gets a data-range finding', async () => {
  await withPage(async (page) => {
    await claimsView(page);
    await page.click('#cf-example');
    assert.ok(await page.locator('#cf-example-note').isVisible());
    await page.click('#cf-check');
    await page.waitForSelector('.claim-result', { timeout: 20000 });
    const ranges = await page.locator('.finding').evaluateAll((els) => els.filter((e) => /data-range/.test(e.textContent)).length);
    const note = await page.locator('#cf-example-note').innerText();
    if (ranges) assert.match(note, /MUE/, 'the note explains the data-range finding');
    await page.click('#cf-clear');
    assert.ok(await page.locator('#cf-example-note').isHidden());
  });
});

test('claims: a diagnosis field finds codes by words, like the main search box', async () => {
  await withPage(async (page) => {
    await page.goto(`${srv.origin}/#/claims`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
    await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 });
    await page.locator('#cf-dx-B').pressSequentially('type 2 diabetes', { delay: 20 });
    await page.waitForSelector('#cf-dx-list:not([hidden]) [data-code="E11.9"]', { timeout: 20000 });
    assert.equal(await page.locator('#cf-dx-B').getAttribute('aria-expanded'), 'true');
    const codes = await page.locator('#cf-dx-list [role="option"]').evaluateAll((els) => els.map((e) => e.dataset.code));
    let steps = codes.indexOf('E11.9') + 1;
    while (steps-- > 0) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('#cf-dx-B'), 'E11.9');
    assert.ok(await page.locator('#cf-dx-list').isHidden());
    assert.equal(await page.locator('.claim-result').count(), 0, 'Enter chose the code and did not submit the claim');
  });
});

test('"/" focuses and selects the search box from anywhere, and is never typed into it by the shortcut', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin);
    // On load the box has the focus: "/" does not type a slash.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.press('/');
    assert.equal(await page.inputValue('#q'), '', 'no slash typed into the empty box');
    // Inside a query a slash is typed ("s/p").
    await page.keyboard.type('s/p');
    assert.equal(await page.inputValue('#q'), 's/p');
    // With all of it selected, "/" keeps it and selects it.
    await page.locator('#q').selectText();
    await page.keyboard.press('/');
    assert.equal(await page.inputValue('#q'), 's/p');
    // From elsewhere (a link, the body): focus and select, nothing typed.
    await page.goto(`${srv.origin}/#/code/E11.9`);
    await page.waitForSelector('#detail .detail-code');
    await page.locator('#q').fill('diabetes');
    await page.locator('.brand').focus();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    assert.equal(await page.inputValue('#q'), 'diabetes');
    assert.deepEqual(await page.evaluate(() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]), [0, 8]);
    // In another text field "/" is that field's character.
    await page.goto(`${srv.origin}/#/claims`);
    await page.waitForSelector('#claims-view:not([hidden])');
    await page.locator('#cf-id').focus();
    await page.keyboard.type('A/1');
    assert.equal(await page.inputValue('#cf-id'), 'A/1');
  });
});

test('a paste longer than the search box takes says it was cut, and where', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin);
    const words = 'diabetes with foot ulcer and neuropathy ';
    const text = words.repeat(Math.ceil(50000 / words.length)).slice(0, 50000);
    await page.locator('#q').focus();
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      document.getElementById('q').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
    // Chromium does not insert a synthetic paste: insert what the browser would, as a paste.
    await page.evaluate((t) => {
      const q = document.getElementById('q');
      q.value = t.slice(0, q.maxLength);
      q.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
    }, text);
    const note = page.locator('#search-cut');
    await note.waitFor();
    const said = await note.innerText();
    assert.match(said, /cut/);
    assert.match(said, /200 of the 50,000 pasted characters/);
    assert.match(said, /character 201/);
    // Typing again clears the note.
    await page.locator('#q').fill('diabetes');
    assert.ok(await note.isHidden());
  });
});

test('the 7th-character builder is not offered on a code with codes below it (S52.5): those codes are', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin, '#/code/S52.5');
    await page.waitForSelector('#detail .detail-code');
    assert.equal(await page.locator('#seventh-select').count(), 0, 'no builder');
    const below = page.locator('#builder-not-yet');
    assert.match(await below.innerText(), /S52\.5 has codes below it/);
    assert.ok(await below.locator('a[href="#/code/S52.50"]').count() === 1, 'its codes are listed');
    // A code whose codes below are its 7th-character codes keeps the builder.
    await page.goto(`${srv.origin}/#/code/S52.501`);
    await page.waitForSelector('#seventh-select');
  });
});

const VIEWS = [
  ['search', '#/', async (page) => {
    await page.locator('#q').fill('fracture of left wrist');
    await page.waitForSelector('#results [role="option"]');
  }],
  ['detail', '#/code/S52.521A', (page) => page.waitForSelector('#detail .detail-code')],
  ['index', '#/index', (page) => page.waitForSelector('#index-view [role="treeitem"]')],
  ['neoplasm table', '#/index/neoplasm', (page) => page.waitForSelector('#index-view table tbody tr')],
  ['drug table', '#/index/drug', (page) => page.waitForSelector('#index-view table tbody tr')],
  ['claims', '#/claims', (page) => page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 60000 })],
  ['code a note', '#/note', async (page) => {
    await page.locator('#note-text').fill('1. Type 2 diabetes with diabetic CKD stage 3b\n2. CHF w/ afib\n3. Denies chest pain');
    await page.locator('#note-code').click();
    await page.waitForSelector('#note-codes > li');
  }],
];

test('side panel, 400 px: no horizontal scroll on any view; the search box takes the width; a one-line status bar', async () => {
  await withPage(async (page) => {
    await openReady(page, srv.origin);
    const box = await page.locator('#q').boundingBox();
    assert.ok(box.width >= 400 - 2 * 24, `the search box is ${Math.round(box.width)} px wide`);
    const bar = page.locator('.statusbar');
    const barBox = await bar.boundingBox();
    assert.ok(barBox.height <= 36, `the status bar is ${Math.round(barBox.height)} px high`);
    const toggle = page.locator('#statusbar-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.locator('.local-note').isHidden(), 'the rest is behind the disclosure');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('.local-note').isVisible());
    for (const [name, hash, ready] of VIEWS) {
      await page.goto(`${srv.origin}/${hash}`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
      await ready(page);
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      assert.ok(scroll <= width, `${name}: the page is ${scroll} px wide in a ${width} px window`);
    }
    // The Neoplasm Table scrolls inside its own box.
    await page.goto(`${srv.origin}/#/index/neoplasm`);
    await page.waitForSelector('#index-view table tbody tr');
    const wrap = await page.locator('#index-view .table-wrap').evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
    assert.ok(wrap.client <= 400, `its box is ${wrap.client} px wide`);
  }, { viewport: { width: 400, height: 760 } });
});

test('dark scheme: axe finds no serious contrast (or other) problem on any view, nor in the dark component over a light page', async () => {
  await withPage(async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openReady(page, srv.origin);
    for (const [name, hash, ready] of VIEWS) {
      await page.goto(`${srv.origin}/${hash}`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
      await ready(page);
      await axe(page, `dark: ${name}`);
    }
    await page.goto(`${srv.origin}/embed-example.html`);
    await page.evaluate(() => Promise.all([...document.querySelectorAll('code-search')].map((e) => e.ready)));
    await axe(page, 'dark: embed example');
  });
  await withPage(async (page) => {
    // theme="dark" on a plain light page: its label and status must stay readable.
    await page.route(`${srv.origin}/light-page.html`, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A light page</title>'
        + '<script type="module" src="lib/code-search.mjs"></script></head><body style="background:#fff;color:#111">'
        + '<main><h1>Intake</h1><code-search id="d" theme="dark" label="Diagnosis"></code-search></main></body></html>',
    }));
    await page.goto(`${srv.origin}/light-page.html`);
    await page.evaluate(() => document.getElementById('d').ready);
    await page.locator('#d input').fill('E11');
    await page.locator('#d [role="option"]').first().waitFor();
    await axe(page, 'dark component on a light page');
    const contrast = await page.evaluate(() => {
      const root = document.getElementById('d').shadowRoot;
      const lum = (c) => {
        const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ground = (el) => {
        for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
          const bg = getComputedStyle(e).backgroundColor;
          if (bg && !/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      const label = root.querySelector('.label');
      const [a, b] = [lum(getComputedStyle(label).color), lum(ground(label))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    assert.ok(contrast >= 4.5, `the label's contrast is ${contrast.toFixed(2)}:1`);
  });
});

/** Term ids of this code-set file, read with the JS API under Node. */
async function termIds() {
  const { SITE } = await import('./helpers.mjs');
  const fs = await import('node:fs');
  const zlib = await import('node:zlib');
  const { pathToFileURL } = await import('node:url');
  const medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  const engine = await medcode.createEngine();
  const icd = engine.loadCodeSet(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz'))));
  const ix = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8')).find((e) => e.kind === 'index' && e.of === 'icd10cm-2027');
  if (ix) icd.attachIndex(zlib.gunzipSync(fs.readFileSync(path.join(SITE, ix.file))));
  try {
    return { pathological: icd.index.find('Fracture, pathological').id, traumatic: icd.index.find('Fracture, traumatic').id };
  } finally {
    icd.close();
  }
}

test('index: a code inside a cross-reference is a code link of its own; a term with many subterms filters them as you type', async () => {
  const ids = await termIds();
  await withPage(async (page) => {
    await openReady(page, srv.origin, `#/index/node/${ids.pathological}`);
    const item = page.locator(`#term-${ids.pathological}`);
    await item.waitFor();
    const see = item.locator(':scope > .term-line .see-also');
    assert.equal((await see.locator('.see-link').innerText()).trim(), 'Fracture, traumatic', 'the term alone is the see-also link');
    const code = see.locator('a.see-code');
    assert.equal(await code.getAttribute('href'), '#/code/M84.40');
    assert.equal(await code.innerText(), 'M84.40');

    await page.goto(`${srv.origin}/#/index/node/${ids.traumatic}`);
    const t = page.locator(`#term-${ids.traumatic}`);
    await t.waitFor();
    if (await t.getAttribute('aria-expanded') !== 'true') await t.locator(':scope > .term-line').click();
    const filter = t.locator(':scope > .subterm-filter input');
    await filter.waitFor();
    assert.match(await filter.getAttribute('aria-label'), /Filter the 165 subterms/);
    const visible = () => t.locator(':scope > [role="group"] > [role="treeitem"]:visible');
    assert.equal(await visible().count(), 165);
    await filter.pressSequentially('ankle', { delay: 20 });
    const titles = await visible().locator(':scope > .term-line .term-title').allInnerTexts();
    assert.ok(titles.length >= 1 && titles.length < 165, `${titles.length} subterms shown`);
    assert.ok(titles.every((x) => /ankle/i.test(x)), titles.join(' | '));
    assert.match(await t.locator('.subterm-count').innerText(), new RegExp(`^${titles.length} of 165 subterms`));
    // Down from the filter goes to the first subterm shown.
    await filter.press('ArrowDown');
    assert.match(await page.evaluate(() => document.activeElement.textContent), /ankle/i);
  });
});
