// medcode page: claim pre-checks (#/claims). A claim form (patient, date of service,
// diagnoses A-L, service lines), paste-JSON, and a local file drop (NDJSON or CSV) checked
// in a Web Worker of its own (lib/claims-worker.mjs) with a progress bar and a CSV download
// of the findings. Nothing typed or dropped here leaves the browser. No inline scripts or
// styles (the CSP forbids them); text goes into the page only through textContent.
import { createWorkerClaimChecker } from './lib/claims-client.mjs';
import { findingsToCsv } from './lib/claims.mjs';
import { h, setKids, downloadText } from './lib/dom.mjs';
import { CLAIMS_ROUTE, app, claimFiles, routedView, state as page } from './views/common.js';

const LETTERS = 'ABCDEFGHIJKL'.split('');
const MAX_LINES = 50;
const SHOW_CLAIMS = 100;  // claims with findings listed after a file check (all are in the CSV)
const SEV_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

// ---------------------------------------------------------------------------
// Helpers (text only through textContent: h() is lib/dom.mjs)

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const errText = (e) => (e && e.code ? `${e.message} (${e.code})` : e && e.message ? e.message : String(e));

function field(label, input, hint) {
  const id = input.id;
  return h('div', { class: 'cf-field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'cf-hint' }, hint) : null);
}

// ---------------------------------------------------------------------------
// Diagnosis fields: a code or words, searched like the main search box (the page's code
// sets, views/common.js), the matching ICD-10-CM codes listed below the fields.

const DX_SEARCH_MS = 80;
let dxSeq = 0;

function attachDxSearch(input) {
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'cf-dx-list');
  input.setAttribute('aria-describedby', 'cf-dx-hint');
  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => dxSearch(input), DX_SEARCH_MS);
  });
  input.addEventListener('keydown', (e) => {
    const open = !els.dxList.hidden && els.dxList.dataset.for === input.id;
    if (!open) return;
    const items = [...els.dxList.children];
    const cur = items.findIndex((li) => li.getAttribute('aria-selected') === 'true');
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? Math.min(items.length - 1, cur + 1) : Math.max(0, cur - 1);
      items.forEach((li, i) => li.setAttribute('aria-selected', i === next ? 'true' : 'false'));
      if (items[next]) {
        input.setAttribute('aria-activedescendant', items[next].id);
        items[next].scrollIntoView({ block: 'nearest' });
      }
    } else if (e.key === 'Enter' && cur >= 0) {
      e.preventDefault();  // chooses the code; does not submit the claim
      pickDx(input, items[cur].dataset.code);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeDx();
    }
  });
  input.addEventListener('blur', () => setTimeout(() => {
    if (els.dxList.dataset.for === input.id && !els.dxList.contains(document.activeElement)) closeDx();
  }, 150));
}

function closeDx() {
  const input = els.dxList.dataset.for && document.getElementById(els.dxList.dataset.for);
  if (input) {
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  els.dxList.hidden = true;
  els.dxList.replaceChildren();
  delete els.dxList.dataset.for;
}

function pickDx(input, code) {
  input.value = code;
  closeDx();
  input.focus();
}

async function dxSearch(input) {
  const q = input.value.trim();
  const my = ++dxSeq;
  if (q.length < 2 || !page.icd) {
    closeDx();
    return;
  }
  let r;
  try {
    r = await page.icd.search(q, { limit: 8, stream: 'claims-dx' });
  } catch {
    return;  // superseded or aborted
  }
  if (my !== dxSeq || document.activeElement !== input) return;
  const rows = r.results.filter((x) => !x.system || x.system === 'ICD-10-CM');
  if (!rows.length || (rows.length === 1 && rows[0].code.toUpperCase() === q.toUpperCase())) {
    closeDx();
    return;
  }
  const letter = input.id.slice(-1);
  els.dxList.setAttribute('aria-label', `ICD-10-CM codes matching diagnosis ${letter}`);
  setKids(els.dxList, rows.map((x, i) => {
    const li = h('li', { role: 'option', id: `cf-dx-opt-${i}`, class: 'cf-dx-option', 'aria-selected': 'false', 'data-code': x.code },
      h('span', { class: 'cf-dx-code' }, x.code), ' ', h('span', { class: 'cf-dx-title' }, x.title),
      x.billable ? null : h('span', { class: 'cf-dx-header' }, ' (header)'));
    li.addEventListener('mousedown', (e) => e.preventDefault());
    li.addEventListener('click', () => pickDx(input, x.code));
    return li;
  }));
  els.dxList.dataset.for = input.id;
  els.dxList.hidden = false;
  input.setAttribute('aria-expanded', 'true');
}

// ---------------------------------------------------------------------------
// The view

const state = {
  checker: null,
  loading: null,
  running: null,    // AbortController of a file check
  lastResults: [],  // of the last file check (for the CSV download)
  lastName: 'claims',
};

const els = {};

function build() {
  const v = (id, type = 'text', attrs = {}) => h('input', { id, name: id, type, autocomplete: 'off', spellcheck: 'false', ...attrs });
  els.status = h('div', { class: 'claims-status', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'claims-status-text', text: 'The claim checker loads when this view opens.' }),
    h('progress', { class: 'claims-progress', max: '1', hidden: true }));

  // Claim form.
  els.dx = LETTERS.map((l) => v(`cf-dx-${l}`, 'text', { class: 'cf-dx', maxlength: '120', 'aria-label': `Diagnosis ${l}`, placeholder: l }));
  els.dxList = h('ul', { id: 'cf-dx-list', class: 'cf-dx-list', role: 'listbox', 'aria-label': 'Matching ICD-10-CM codes', hidden: true });
  els.dx.forEach(attachDxSearch);
  els.lines = h('tbody', { id: 'cf-lines' });
  els.form = h('form', { class: 'claims-form', id: 'claims-form', novalidate: true, onsubmit: onCheckForm },
    h('fieldset', { class: 'cf-group' }, h('legend', null, 'Patient'),
      field('Birth date', v('cf-birth', 'date')),
      field('or age', v('cf-age', 'number', { min: '0', max: '150', inputmode: 'numeric', class: 'cf-short' })),
      field('Sex', h('select', { id: 'cf-sex', name: 'cf-sex' }, h('option', { value: '' }, '—'), h('option', { value: 'F' }, 'F'),
        h('option', { value: 'M' }, 'M'), h('option', { value: 'U' }, 'U')))),
    h('fieldset', { class: 'cf-group' }, h('legend', null, 'Claim'),
      field('Claim ID', v('cf-id', 'text', { maxlength: '40' })),
      field('Date of service', v('cf-dos', 'date')),
      field('Place of service', v('cf-pos', 'text', { maxlength: '2', inputmode: 'numeric', class: 'cf-short', placeholder: '11' })),
      field('Setting', h('select', { id: 'cf-setting', name: 'cf-setting' },
        h('option', { value: 'practitioner' }, 'Practitioner'), h('option', { value: 'outpatient-hospital' }, 'Outpatient hospital'),
        h('option', { value: 'dme-supplier' }, 'DME supplier'))),
      field('Billing NPI', v('cf-npi', 'text', { maxlength: '10', inputmode: 'numeric' })),
      field('Rendering NPI', v('cf-rnpi', 'text', { maxlength: '10', inputmode: 'numeric' }))),
    h('fieldset', { class: 'cf-group cf-dx-group' }, h('legend', null, 'Diagnoses (ICD-10-CM, A is first-listed)'),
      h('div', { class: 'cf-dx-grid' }, els.dx.map((input, i) => h('label', { class: 'cf-dx-cell' }, h('span', null, LETTERS[i]), input))),
      h('p', { class: 'cf-hint', id: 'cf-dx-hint' }, 'A code, or words: the matching codes are listed to choose from (↑ ↓, Enter).'),
      els.dxList),
    h('fieldset', { class: 'cf-group cf-lines-group' }, h('legend', null, 'Service lines'),
      h('div', { class: 'cf-table-wrap' },
        h('table', { class: 'cf-table' },
          h('thead', null, h('tr', null, ['#', 'Code', 'Modifiers', 'Units', 'Pointers', 'Date (if not the claim\'s)', 'POS', 'Charge', '']
            .map((t) => h('th', { scope: 'col' }, t)))),
          els.lines)),
      h('button', { type: 'button', class: 'cf-add', id: 'cf-add', onclick: () => addLine() }, 'Add line')),
    h('div', { class: 'cf-actions' },
      h('button', { type: 'submit', class: 'cf-primary', id: 'cf-check' }, 'Check claim'),
      h('button', { type: 'button', id: 'cf-example', onclick: fillExample }, 'Example'),
      h('button', { type: 'button', id: 'cf-clear', onclick: clearForm }, 'Clear')),
    els.exampleNote = h('p', { class: 'claims-help', id: 'cf-example-note', hidden: true },
      'About the example\u2019s date of service: it is in July 2026, which the NCCI PTP and add-on tables shipped here cover ',
      '(2026 Q3), but the MUE tables shipped cover April to June 2026 (2026 Q2). No single date is covered by every data set shipped, ',
      'so the example shows one data-range finding for the MUE check, on purpose: a date outside a data set is never a silent pass.'));

  // Paste JSON.
  els.paste = h('textarea', { id: 'claims-paste', rows: '12', spellcheck: 'false', 'aria-label': 'Claims as JSON or NDJSON',
    placeholder: '{ "claim_id": "C1", "date_of_service": "2026-07-15", "diagnoses": ["E11.9"], "lines": [{ "code": "99214", "units": 1, "dx_pointers": ["A"] }] }' });
  const pastePanel = h('div', { class: 'claims-panel', id: 'claims-panel-paste', role: 'tabpanel', 'aria-labelledby': 'claims-tab-paste', hidden: true },
    h('p', { class: 'claims-help' }, 'One claim, an array of claims, or NDJSON (one claim per line), in the format of the README.'),
    els.paste,
    h('div', { class: 'cf-actions' }, h('button', { type: 'button', class: 'cf-primary', id: 'claims-paste-check', onclick: onCheckPaste }, 'Check')));

  // File drop.
  els.file = h('input', { type: 'file', id: 'claims-file', accept: '.ndjson,.jsonl,.json,.csv,text/csv,application/json',
    class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' });
  els.file.addEventListener('change', () => {
    if (els.file.files && els.file.files[0]) checkFile(els.file.files[0]);
    els.file.value = '';
  });
  els.pick = h('button', { type: 'button', id: 'claims-pick', class: 'claims-pick', 'aria-describedby': 'claims-drop-help',
    onclick: () => els.file.click() }, 'Choose a file…');
  els.drop = h('div', { class: 'claims-drop', id: 'claims-drop' },
    h('strong', null, 'Drop an NDJSON or CSV file here'), h('span', null, ' or '), els.pick, els.file,
    h('span', { id: 'claims-drop-help', class: 'claims-help' },
      'Checked in this browser: the file is not uploaded. CSV: one row per service line with claim_id and line_code columns (see README). ',
      'Synthetic samples to try: ', h('a', { href: 'samples/claims-sample.csv', download: 'claims-sample.csv', id: 'claims-sample-csv' }, 'claims-sample.csv'),
      ', ', h('a', { href: 'samples/claims-sample.ndjson', download: 'claims-sample.ndjson', id: 'claims-sample-ndjson' }, 'claims-sample.ndjson'), '.'));
  for (const ev of ['dragenter', 'dragover']) {
    els.drop.addEventListener(ev, (e) => {
      e.preventDefault();
      els.drop.classList.add('is-over');
    });
  }
  els.drop.addEventListener('dragleave', () => els.drop.classList.remove('is-over'));
  els.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    els.drop.classList.remove('is-over');
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) checkFile(f);
  });
  els.fileProgress = h('progress', { id: 'claims-file-progress', max: '1', value: '0', hidden: true });
  els.fileStatus = h('p', { class: 'claims-file-status', id: 'claims-file-status', 'aria-live': 'polite' });
  els.cancel = h('button', { type: 'button', id: 'claims-cancel', hidden: true, onclick: () => state.running && state.running.abort() }, 'Cancel');
  els.download = h('button', { type: 'button', id: 'claims-download', hidden: true, onclick: downloadCsv }, 'Download findings (CSV)');
  const filePanel = h('div', { class: 'claims-panel', id: 'claims-panel-file', role: 'tabpanel', 'aria-labelledby': 'claims-tab-file', hidden: true },
    els.drop, h('div', { class: 'claims-file-row' }, els.fileProgress, els.cancel, els.download), els.fileStatus);

  const formPanel = h('div', { class: 'claims-panel', id: 'claims-panel-form', role: 'tabpanel', 'aria-labelledby': 'claims-tab-form' }, els.form);
  const tab = (id, label, selected) => h('button', { type: 'button', role: 'tab', id: `claims-tab-${id}`, 'aria-controls': `claims-panel-${id}`,
    'aria-selected': selected ? 'true' : 'false', tabindex: selected ? '0' : '-1', onclick: () => selectTab(id) }, label);
  els.tabs = h('div', { class: 'claims-tabs', role: 'tablist', 'aria-label': 'How to enter claims' },
    tab('form', 'Claim form', true), tab('paste', 'Paste JSON', false), tab('file', 'Check a file', false));
  els.tabs.addEventListener('keydown', (e) => {
    const ids = ['form', 'paste', 'file'];
    const cur = ids.findIndex((id) => document.getElementById(`claims-tab-${id}`).getAttribute('aria-selected') === 'true');
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = ids[(cur + (e.key === 'ArrowRight' ? 1 : ids.length - 1)) % ids.length];
      selectTab(next);
      document.getElementById(`claims-tab-${next}`).focus();
    }
  });
  els.panels = { form: formPanel, paste: pastePanel, file: filePanel };
  els.results = h('div', { class: 'claims-results', id: 'claims-results', 'aria-live': 'polite' });
  els.data = h('details', { class: 'claims-data', id: 'claims-data' }, h('summary', null, 'Data used for the checks'),
    h('ul', { id: 'claims-data-list' }));

  els.view = h('section', { class: 'claims-view', id: 'claims-view', 'aria-labelledby': 'claims-title', hidden: true },
    h('div', { class: 'claims-head' },
      h('a', { class: 'claims-back', href: '#/', id: 'claims-back' }, '← Code search'),
      h('h2', { id: 'claims-title' }, 'Claim check'),
      h('p', { class: 'claims-lede' }, 'Check a professional claim (CMS-1500 / 837P) before you submit it: ICD-10-CM validity, MCE diagnosis edits, ',
        'NCCI PTP, MUE and add-on code edits, modifiers, NPI, place of service and pointers. Every finding says why, what to do, and the data ',
        'set it comes from. It runs in this browser: nothing is sent anywhere.'),
      els.status),
    els.tabs, formPanel, pastePanel, filePanel, els.results, els.data);
  const main = document.querySelector('main');
  main.after(els.view);
  for (let i = 0; i < 2; i++) addLine();
  els.back = els.view.querySelector('#claims-back');
  els.back.addEventListener('click', (e) => {
    e.preventDefault();
    route.go('#/');
  });
}

function selectTab(id) {
  for (const [k, panel] of Object.entries(els.panels)) {
    const on = k === id;
    panel.hidden = !on;
    const t = document.getElementById(`claims-tab-${k}`);
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
  }
}

function addLine(values = {}) {
  if (els.lines.children.length >= MAX_LINES) return null;
  const n = els.lines.children.length + 1;
  const cell = (name, attrs) => h('td', null, h('input', { name, autocomplete: 'off', spellcheck: 'false', 'aria-label': `Line ${n} ${name}`, ...attrs }));
  const row = h('tr', { class: 'cf-line' },
    h('th', { scope: 'row', class: 'cf-line-no' }, String(n)),
    cell('code', { class: 'cf-code', maxlength: '5', value: values.code || '' }),
    cell('modifiers', { class: 'cf-mods', maxlength: '15', placeholder: '25 59', value: values.modifiers || '' }),
    cell('units', { class: 'cf-units', type: 'number', min: '0', step: 'any', value: values.units ?? '1' }),
    cell('pointers', { class: 'cf-ptr', maxlength: '8', placeholder: 'AB', value: values.pointers || 'A' }),
    cell('date', { class: 'cf-ldos', type: 'date', value: values.date || '' }),
    cell('pos', { class: 'cf-lpos', maxlength: '2', value: values.pos || '' }),
    cell('charge', { class: 'cf-charge', type: 'number', min: '0', step: '0.01', value: values.charge || '' }),
    h('td', null, h('button', { type: 'button', class: 'cf-remove', 'aria-label': `Remove line ${n}`, onclick: () => removeLine(row) }, '×')));
  els.lines.append(row);
  return row;
}

function removeLine(row) {
  row.remove();
  [...els.lines.children].forEach((r, i) => {
    r.querySelector('.cf-line-no').textContent = String(i + 1);
  });
}

function clearForm() {
  els.form.reset();
  els.lines.replaceChildren();
  for (let i = 0; i < 2; i++) addLine();
  els.results.replaceChildren();
  els.exampleNote.hidden = true;
}

function fillExample() {
  clearForm();
  const set = (id, val) => {
    document.getElementById(id).value = val;
  };
  set('cf-birth', '1950-04-02');
  set('cf-sex', 'F');
  set('cf-id', 'EXAMPLE-1');
  // A date the loaded edit tables cover (2026Q3), unless that is still in the future.
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - 1);
  const yesterday = d.toISOString().slice(0, 10);
  set('cf-dos', yesterday < '2026-07-15' ? yesterday : '2026-07-15');
  set('cf-pos', '11');
  set('cf-npi', '1234567893');
  ['E11.9', 'I10', 'M17.11'].forEach((c, i) => { els.dx[i].value = c; });
  els.lines.replaceChildren();
  addLine({ code: '99214', pointers: 'AB', charge: '150' });
  addLine({ code: '20610', modifiers: 'RT', pointers: 'C', charge: '120' });
  addLine({ code: '20610', modifiers: 'RT', units: '2', pointers: 'C', charge: '120' });
  els.exampleNote.hidden = false;
}

/**
 * Fills the form's diagnoses from a list of ICD-10-CM codes in reporting order (A is the
 * first-listed; at most 12, the form's A-L), clears the boxes after them, and points the first
 * service line at the first four (the claim's pointer limit per line); a line pointing past
 * the diagnoses filled is pointed at A. Other fields are kept. Opens this view with a status
 * line saying what was filled. Reached from the "Code a note" view through app.fillClaimDiagnoses.
 */
function fillDiagnoses(codes) {
  const dx = codes.slice(0, LETTERS.length);
  els.dx.forEach((input, i) => { input.value = dx[i] || ''; });
  if (!els.lines.children.length) addLine();
  const rows = [...els.lines.children];
  const ptr = (row) => row.querySelector('[name="pointers"]');
  if (dx.length) ptr(rows[0]).value = LETTERS.slice(0, Math.min(4, dx.length)).join('');
  for (const row of rows.slice(1)) {
    const p = ptr(row);
    const letters = p.value.toUpperCase().replace(/[^A-L]/g, '').split('');
    if (letters.some((l) => LETTERS.indexOf(l) >= dx.length)) p.value = dx.length ? 'A' : '';
  }
  selectTab('form');
  els.results.replaceChildren(h('p', { class: 'claims-help', id: 'claims-filled' },
    dx.length ? `Diagnoses ${dx.length === 1 ? 'A' : `A\u2013${LETTERS[dx.length - 1]}`} filled from the note (${dx.join(', ')}); ` +
      `line 1 points to ${LETTERS.slice(0, Math.min(4, dx.length)).join('')}.` +
      (codes.length > dx.length ? ` ${codes.length - dx.length} more could not be added: a claim has at most 12 diagnoses.` : '')
      : 'No diagnoses to fill.'));
  if (!route.isOn()) route.go('#/claims');
  document.getElementById('claims-title').focus({ preventScroll: true });
}
app.fillClaimDiagnoses = fillDiagnoses;

/** The claim the form describes (empty fields are left out). */
function formClaim() {
  const val = (id) => document.getElementById(id).value.trim();
  const claim = {};
  if (val('cf-id')) claim.claim_id = val('cf-id');
  const patient = {};
  if (val('cf-birth')) patient.birth_date = val('cf-birth');
  if (val('cf-age') !== '') patient.age = Number(val('cf-age'));
  if (val('cf-sex')) patient.sex = val('cf-sex');
  if (Object.keys(patient).length) claim.patient = patient;
  if (val('cf-dos')) claim.date_of_service = val('cf-dos');
  if (val('cf-pos')) claim.place_of_service = val('cf-pos');
  claim.setting = val('cf-setting') || 'practitioner';
  if (val('cf-npi')) claim.billing_npi = val('cf-npi');
  if (val('cf-rnpi')) claim.rendering_npi = val('cf-rnpi');
  const dx = els.dx.map((i) => i.value.trim());
  while (dx.length && !dx[dx.length - 1]) dx.pop();
  claim.diagnoses = dx;  // an empty box before a filled one stays: the engine says which
  claim.lines = [];
  for (const row of els.lines.children) {
    const get = (name) => row.querySelector(`[name="${name}"]`).value.trim();
    if (!get('code') && !get('modifiers') && !get('date') && !get('charge')) continue;
    const line = { code: get('code') };
    const mods = get('modifiers').split(/[\s,;]+/).filter(Boolean);
    if (mods.length) line.modifiers = mods;
    if (get('units') !== '') line.units = Number(get('units'));
    const ptr = get('pointers').toUpperCase().replace(/[^A-L0-9]/g, '');
    line.dx_pointers = /^\d+$/.test(ptr) ? [ptr] : ptr.split('');
    if (get('date')) line.date_of_service = get('date');
    if (get('pos')) line.place_of_service = get('pos');
    if (get('charge') !== '') line.charge = Number(get('charge'));
    claim.lines.push(line);
  }
  return claim;
}

// ---------------------------------------------------------------------------
// Loading the checker (once, when the view first opens)

function setStatus(text, progress) {
  els.status.querySelector('.claims-status-text').textContent = text;
  const bar = els.status.querySelector('progress');
  if (progress === undefined) bar.hidden = true;
  else {
    bar.hidden = false;
    if (progress === null) bar.removeAttribute('value');
    else bar.value = progress;
  }
}

function ensureLoaded() {
  if (state.loading) return state.loading;
  const phases = { engine: 'Starting the claim checker…', download: 'Loading the code set and the edit tables…', open: 'Opening the edit tables…' };
  setStatus(phases.engine, null);
  state.loading = (async () => {
    const { icdUrl, editsUrl } = await claimFiles();
    // A clinic's loaded quarters (views/updates.js): the site's claim edits with them added;
    // a new ICD-10-CM year it loaded: the site's years with it.
    const editsBytes = page.userEdits ? page.userEdits.bytes : undefined;
    const icdBytes = page.userIcd ? page.userIcd.bytes : undefined;
    const checker = await createWorkerClaimChecker({
      icdUrl, icdBytes, editsUrl, editsBytes, onProgress: (p) => setStatus(phases[p.phase] || 'Loading…', null),
    });
    state.checker = checker;
    const { info, codeSet, timing } = checker.loadInfo;
    setStatus(`Ready: ${codeSet.label} and ${info.datasets.length} edit tables, loaded in ${((timing.engineMs + timing.fetchMs + timing.openMs) / 1000).toFixed(1)} s.`);
    els.view.dataset.ready = 'true';
    renderData(info, codeSet);
    return checker;
  })();
  state.loading.catch((e) => {
    setStatus(`The claim checker could not be loaded: ${errText(e)}`);
    els.view.dataset.ready = 'error';
    state.loading = null;
  });
  return state.loading;
}

function renderData(info, codeSet) {
  const list = els.data.querySelector('ul');
  const span = (d) => (d.effectiveFrom || d.effectiveTo ? ` (dates of service ${d.effectiveFrom || '…'} to ${d.effectiveTo || '…'})` : '');
  list.replaceChildren(
    h('li', null, h('strong', null, codeSet.label), ` (dates of service ${codeSet.effectiveFrom} to ${codeSet.effectiveTo})`),
    ...info.datasets.map((d) => h('li', null, h('strong', null, d.label), span(d), ` from ${d.source}`, d.note ? h('span', { class: 'claims-note' }, ` — ${d.note}`) : null)));
}

// ---------------------------------------------------------------------------
// Checking and showing results

/**
 * A finding's code as a link to its detail: ICD-10-CM codes (letter, digit, digit or letter,
 * then up to four more) and HCPCS Level II codes (letter + four digits) the site has; CPT
 * numbers stay text (no CPT descriptors ship with the site).
 */
function codeRef(code) {
  const c = String(code).toUpperCase();
  if (/^[A-V]\d{4}$/.test(c) && !c.includes('.')) return h('a', { href: `#/code/HCPCS:${encodeURIComponent(c)}`, class: 'code-link' }, code);
  if (/^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(c)) return h('a', { href: `#/code/${encodeURIComponent(c)}`, class: 'code-link' }, code);
  return code;
}

const joinWith = (items, sep) => items.flatMap((x, i) => (i ? [sep, x] : [x]));

function findingItem(f) {
  const where = [];
  if (f.lines.length) where.push(`${f.lines.length === 1 ? 'line' : 'lines'} ${f.lines.join(', ')}`);
  if (f.codes.length) where.push(h('span', { class: 'finding-codes' }, joinWith(f.codes.map(codeRef), ', ')));
  if (f.path) where.push(f.path);
  return h('li', { class: `finding sev-${f.severity}`, 'data-kind': f.kind },
    h('div', { class: 'finding-head' },
      h('span', { class: `sev sev-${f.severity}` }, SEV_LABEL[f.severity] || f.severity),
      h('span', { class: 'finding-kind' }, f.kind),
      where.length ? h('span', { class: 'finding-where' }, joinWith(where, ' · ')) : null),
    h('p', { class: 'finding-msg' }, f.message),
    f.action ? h('p', { class: 'finding-action' }, h('span', { class: 'finding-label' }, 'What to do: '), f.action) : null,
    h('p', { class: 'finding-source' }, h('span', { class: 'finding-label' }, 'Source: '), f.source, f.rule ? ` · ${f.rule}` : ''));
}

function summaryText(s) {
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), plural(s.info, 'note')];
  return parts.join(', ');
}

function claimBlock(r, open = true) {
  const title = r.claim_id === null ? `Claim #${r.index + 1}` : `Claim ${r.claim_id}`;
  const verdict = r.summary.errors ? 'would likely be rejected' : r.summary.warnings ? 'needs a look' : 'no problems found';
  return h('details', { class: `claim-result ${r.summary.errors ? 'has-errors' : r.summary.warnings ? 'has-warnings' : 'is-clean'}`, open: open || null },
    h('summary', null, h('span', { class: 'claim-title' }, title), h('span', { class: 'claim-summary' }, ` ${summaryText(r.summary)} — ${verdict}`)),
    r.findings.length ? h('ul', { class: 'findings' }, r.findings.map(findingItem)) : h('p', { class: 'claims-help' }, 'No findings.'));
}

/**
 * Shows results: a summary line first (focused and scrolled to, so the results below the
 * form are not missed; the live region announces it), then the blocks.
 */
function showResults(summary, ...blocks) {
  const head = summary ? h('p', { class: 'claims-results-summary', id: 'claims-results-summary', tabindex: '-1' }, summary) : null;
  setKids(els.results, head, blocks);
  if (head) {
    head.focus({ preventScroll: true });
    head.scrollIntoView({ block: 'start', behavior: 'instant' });
  }
}

function overall(results) {
  const total = results.reduce((a, r) => ({ errors: a.errors + r.summary.errors, warnings: a.warnings + r.summary.warnings, info: a.info + r.summary.info }),
    { errors: 0, warnings: 0, info: 0 });
  return `${plural(results.length, 'claim')} checked: ${summaryText(total)}.`;
}

function markLines(r) {
  const rows = [...els.lines.children];
  rows.forEach((row) => row.classList.remove('has-error', 'has-warning'));
  for (const f of r.findings) {
    if (f.severity === 'info') continue;
    for (const l of f.lines) {
      const row = rows[l - 1];
      if (row && !row.classList.contains('has-error')) row.classList.add(f.severity === 'error' ? 'has-error' : 'has-warning');
    }
  }
}

async function onCheckForm(e) {
  e.preventDefault();
  els.results.replaceChildren(h('p', { class: 'claims-help' }, 'Checking…'));
  try {
    const checker = await ensureLoaded();
    const r = await checker.check(formClaim());
    markLines(r);
    showResults(overall([r]), claimBlock(r, true));
  } catch (err) {
    els.results.replaceChildren(h('p', { class: 'claims-error', role: 'alert' }, `Could not check the claim: ${errText(err)}`));
  }
}

async function onCheckPaste() {
  const text = els.paste.value;
  if (!text.trim()) {
    els.results.replaceChildren(h('p', { class: 'claims-help' }, 'Paste a claim first.'));
    return;
  }
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const ndjson = lines.length > 1 && lines.every((l) => l.startsWith('{') && l.endsWith('}'));
  els.results.replaceChildren(h('p', { class: 'claims-help' }, 'Checking…'));
  try {
    const checker = await ensureLoaded();
    const results = await checker.checkText(text, { format: ndjson ? 'ndjson' : 'json' });
    showResults(overall(results), results.slice(0, SHOW_CLAIMS).map((r) => claimBlock(r, results.length === 1)),
      results.length > SHOW_CLAIMS ? h('p', { class: 'claims-help' }, `${plural(results.length - SHOW_CLAIMS, 'more claim')} not shown.`) : null);
  } catch (err) {
    els.results.replaceChildren(h('p', { class: 'claims-error', role: 'alert' }, `Could not check the claims: ${errText(err)}`));
  }
}

async function checkFile(file) {
  if (state.running) state.running.abort();
  const format = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : /\.json$/i.test(file.name) ? 'json' : 'ndjson';
  const ac = new AbortController();
  state.running = ac;
  state.lastResults = [];
  state.lastName = file.name.replace(/\.[^.]+$/, '') || 'claims';
  els.download.hidden = true;
  els.cancel.hidden = false;
  els.fileProgress.hidden = false;
  els.fileProgress.value = 0;
  els.fileStatus.textContent = `Reading ${file.name}…`;
  els.results.replaceChildren();
  const t0 = performance.now();
  try {
    const checker = await ensureLoaded();
    const text = await file.text();
    els.fileStatus.textContent = `Checking ${file.name} (${format.toUpperCase()})…`;
    // The results stay packed (lib/claim-results.mjs): the counts are read from the packed
    // bytes and only the claims shown here become objects (the CSV download builds the rest).
    const results = await checker.checkTextPacked(text, {
      format,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.totalBytes) els.fileProgress.value = p.bytes / p.totalBytes;
        els.fileStatus.textContent = `Checked ${plural(p.claims, 'claim')}: ${summaryText({ errors: p.errors, warnings: p.warnings, info: p.info })}…`;
      },
    });
    els.fileProgress.value = 1;
    if (format === 'csv') explainCsvHeader(results, text);
    state.lastResults = results;
    const total = results.totals();
    const secs = (performance.now() - t0) / 1000;
    els.fileStatus.textContent = `${file.name}: ${plural(results.length, 'claim')} checked in ${secs.toFixed(1)} s; ` +
      `${plural(total.claimsWithErrors, 'claim')} with errors; ${summaryText(total)}.`;
    els.download.hidden = total.findings === 0;
    const byKind = results.tally({ exceptRule: 'data-range' });
    const table = byKind.length ? h('table', { class: 'claims-kinds' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Finding'), h('th', { scope: 'col' }, 'Count'))),
      h('tbody', null, byKind.map(([k, n]) => h('tr', null, h('td', null, k), h('td', null, n.toLocaleString('en-US'))))))
      : null;
    const flagged = results.flagged(SHOW_CLAIMS);
    showResults(`${plural(results.length, 'claim')} checked: ${summaryText(total)}.`, table, flagged.indexes.map((i) => claimBlock(results.get(i), false)),
      flagged.indexes.length < flagged.count
        ? h('p', { class: 'claims-help' }, `The first ${SHOW_CLAIMS} claims with errors or warnings are shown; the CSV download has every finding.`) : null);
  } catch (err) {
    els.fileStatus.textContent = err && err.name === 'AbortError' ? `Stopped checking ${file.name}.` : `Could not check ${file.name}: ${errText(err)}`;
  } finally {
    els.cancel.hidden = true;
    if (state.running === ac) state.running = null;
  }
}

// The CSV columns the checker reads (README, "Claim pre-checks"), for a header it refuses.
const CSV_REQUIRED = 'claim_id and line_code (or code)';
const CSV_OPTIONAL = ['patient_birth_date (or birth_date)', 'patient_age (or age)', 'patient_sex (or sex)', 'date_of_service',
  'place_of_service', 'billing_npi', 'rendering_npi', 'setting', 'dx1 … dx12 (or diagnoses)', 'modifiers', 'units', 'dx_pointers',
  'line_date_of_service', 'line_place_of_service', 'charge'];

/** The cells of a CSV line (quotes and doubled quotes read; enough for a header row). */
function csvCells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/**
 * A CSV whose header lacks the required columns: the finding names every column expected and
 * every column found (the engine's message shortens the list and asks to fix "the JSON").
 */
function explainCsvHeader(results, text) {
  // A refused header is the batch's only claim: only a small batch is looked at.
  for (let i = 0; i < Math.min(results.length, 3); i++) {
    for (const f of results.get(i).findings) {
      if (f.kind !== 'syntax' || !/CSV header/.test(f.message)) continue;
      const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] || '';
      const found = csvCells(first).filter(Boolean);
      f.message = `The CSV header does not have the columns the checker needs. Expected: ${CSV_REQUIRED} (required), and any of `
        + `${CSV_OPTIONAL.join(', ')}. Found ${found.length === 1 ? '1 column' : `${found.length} columns`}: ${found.length ? found.join(', ') : '(none)'}.`;
      f.action = 'Fix the CSV header row: one column name per cell, in any order, case-insensitive (see the sample CSV). No claim was checked.';
    }
  }
  return results;
}

function downloadCsv() {
  downloadText(`${state.lastName}-findings.csv`, 'text/csv;charset=utf-8', findingsToCsv(state.lastResults));
}

// ---------------------------------------------------------------------------
// Route: #/claims shows this view (views/common.js routedView); the rest of the page is the code search (app.js).

build();
document.getElementById('claims-title').tabIndex = -1;
// The claim edits or the ICD-10-CM years changed (a clinic loaded or removed a quarter or a
// year, views/updates.js): the next check loads the checker again with them.
app.claimEditsChanged = () => {
  const old = state.checker;
  state.checker = null;
  state.loading = null;
  delete els.view.dataset.ready;
  if (old) old.close().catch(() => {});
  if (route.isOn()) ensureLoaded();
};

const route = routedView({
  pattern: CLAIMS_ROUTE, view: els.view, bodyClass: 'view-claims', navId: 'nav-claims', title: 'Claim check · medcode',
  onShow: ensureLoaded, onNav: () => document.getElementById('claims-title').focus({ preventScroll: true }),
});
