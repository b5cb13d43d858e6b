// medcode page: updates a clinic loads itself (#/updates). The files the clinic downloaded
// from CMS are read here and compiled in a Worker of their own by the project's importer
// (lib/updates-client.mjs: its wasm module is fetched only when this view is first used):
// - the NCCI files (MUE CSVs, PTP text part files, the add-on code text file) are added to
//   the claim edits, the site's and those loaded before, so that the claim check chooses the
//   edition in force on each date of service;
// - the HCPCS alpha-numeric file (the .xlsx, or the fixed-width .txt of the same release)
//   becomes a code set of its own, opened in a search Worker beside the site's HCPCS file
//   and earlier loaded quarters (the search and the code pages use the one in force on the
//   date of service: CodeSetGroup in catalog.mjs).
// - the ICD-10-CM order file of the year after the newest one is compiled onto the site's
//   ICD-10-CM code set (its import state is fetched only then) or onto a year loaded before,
//   by the importer built with the ICD-10-CM year loader (fetched only then): the result
//   holds every year, opens in a search Worker of its own beside the site's (the group picks
//   it for the dates of service it covers) and replaces the site's file in the claim check.
// Each load adds to the earlier ones. The files are never uploaded. They are kept on this
// device only if the user turns that on (IndexedDB, the compiled files only), and one button
// removes them all.
// Text goes into the page only through dom.mjs (textContent), never as HTML.
import { createWorkerImporter } from '../lib/updates-client.mjs';
import { createWorkerCodeSetFromBytes } from '../lib/worker-client.mjs';
import { h, setKids } from '../lib/dom.mjs';
import { keptFile } from './kept.js';
import { UPDATES_ROUTE, app, claimFiles, errorText, fmtInt, localToday, routedView, state as page } from './common.js';

const MAX_FILE_BYTES = 256 << 20;

const els = {};
let importer = null;  // the Worker, started on the first load
let busy = false;

// ---------------------------------------------------------------------------
// Kept on this device (only when the user turns it on): the compiled claim-edits file, its
// report and the site's claim-edits file it was built on (a newer site drops it).

const kept = keptFile('medcode-updates', 'claim-edits');
// The HCPCS quarters loaded: [{ bytes, report }] (the same database: cleared with it).
const keptHcpcs = keptFile('medcode-updates', 'hcpcs');
// The ICD-10-CM years loaded: { bytes, importState, report, baseUrl } (the newest load holds
// every year; baseUrl: the site's ICD-10-CM file it was built on, a newer site drops it).
const keptIcd = keptFile('medcode-updates', 'icd10cm');
// Open in this page: [{ bytes, report, cs }] (cs: the Worker code set in the search group).
const hcpcs = [];

// page.userIcd: the ICD-10-CM year loaded in this page { bytes, importState, report, baseUrl, cs }.
const icdKept = () => page.userIcd && (({ bytes, importState, report, baseUrl }) => ({ bytes, importState, report, baseUrl }))(page.userIcd);

const isWorkbook = (bytes) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

// The HCPCS file: a workbook, or the fixed-width text of the release (the importer knows it
// by its first line: a copy of the file's head is enough; an unknown file is for compile to
// refuse).
async function isHcpcsFile(f) {
  if (isWorkbook(f.bytes)) return true;
  try {
    return (await importer.recognise({ name: f.name, bytes: f.bytes.slice(0, 4096) })).kind === 'hcpcs-txt';
  } catch {
    return false;
  }
}

// The page's code sets (app.js sets page.icd once they are open); rejects if they cannot load.
function codeSetsReady() {
  const check = (resolve, reject) => {
    if (page.icd && document.body.dataset.state === 'ready') {
      resolve(page.icd);
      return true;
    }
    if (document.body.dataset.state !== 'error') return false;
    reject(new Error('the page\'s code sets did not load, so an HCPCS code set cannot join them'));
    return true;
  };
  return new Promise((resolve, reject) => {
    if (check(resolve, reject)) return;
    const obs = new MutationObserver(() => {
      if (check(resolve, reject)) obs.disconnect();
    });
    obs.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  });
}

// ---------------------------------------------------------------------------
// Rendering (text only)

function status(text, kind = '') {
  els.status.textContent = text;
  els.status.dataset.kind = kind;
}

function showError(text) {
  els.error.hidden = !text;
  els.error.textContent = text || '';
}

const range = (from, to) => `${from || '…'} to ${to || '…'}`;
const countText = (counts) => Object.entries(counts || {})
  .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'number' ? fmtInt(v) : v}`).join(', ');

const fileItem = (f) => h('li', { class: 'updates-file' },
  h('strong', null, f.name), `: ${f.what}. Edition ${f.edition}, dates of service ${range(f.effective_from, f.effective_to)} `,
  `(from the ${f.dates_from}). ${fmtInt(f.bytes)} bytes, loaded ${f.loaded}. `,
  h('span', { class: 'updates-sha' }, 'SHA-256 ', h('code', null, f.sha256)));

// Everything loaded so far: the claim edits (page.userEdits) and the HCPCS quarters.
function renderResult({ kept = false } = {}) {
  const report = page.userEdits ? page.userEdits.report : null;
  if (!report && !hcpcs.length && !page.userIcd) {
    setKids(els.result);
    els.remove.hidden = true;
    return;
  }
  const where = kept ? ' (kept on this device).' : ' (in this tab only).';
  const parts = [h('h3', { id: 'updates-result-title' }, 'Loaded updates')];
  if (report) {
    const mine = (report.datasets || []).filter((d) => d.source_kind === 'user-loaded');
    const skipped = Object.entries(report.skipped_by_reason || {});
    parts.push(
      h('p', null, `The claim check now uses these editions beside the site's, each for the dates of service it covers`, where),
      h('h4', null, 'Files'),
      h('ul', { class: 'updates-files' }, ...(report.files || []).map(fileItem)),
      h('h4', null, 'Edit tables'),
      h('ul', { class: 'updates-datasets' }, ...mine.map((d) => h('li', null,
        h('strong', null, d.label), ` (${range(d.effective_from, d.effective_to)}): ${countText(d.counts)}`,
        d.note ? h('span', { class: 'claims-note' }, ` — ${d.note}`) : null))),
      skipped.length ? h('p', { class: 'updates-skipped' }, 'Lines that are not edits, skipped: ',
        skipped.map(([why, n]) => `${why} (${fmtInt(n)})`).join('; '), '.') : null,
      h('p', { class: 'claims-help' }, `Provenance: ${report.provenance}`));
  }
  if (page.userIcd) parts.push(...icdReport(page.userIcd.report, where));
  if (hcpcs.length) {
    parts.push(
      h('h4', null, 'HCPCS Level II code sets'),
      h('p', null, 'The search and the code pages use the HCPCS edition in force on the date of service, these beside the site\'s', where),
      h('ul', { class: 'updates-hcpcs' }, ...hcpcs.map(({ report: r }) => h('li', { class: 'updates-file' },
        h('strong', null, r.label), ` (${range(r.effective_from, r.effective_to)}): ${fmtInt((r.counts || {}).codes || 0)} codes, `,
        `${fmtInt((r.counts || {}).modifiers || 0)} modifiers. `, ...(r.files || []).map((f) => h('span', null, `From ${f.name}${f.what ? ` (${f.what})` : ''}, `,
          `${fmtInt(f.bytes)} bytes, loaded ${f.loaded}. `, h('span', { class: 'updates-sha' }, 'SHA-256 ', h('code', null, f.sha256))))))));
  }
  setKids(els.result, ...parts);
  els.remove.hidden = false;
}

// A new ICD-10-CM year: its changes against the year before, its file and its provenance.
function icdReport(r, where) {
  const y = r.year || {};
  const changes = [['added', 'codes added'], ['deleted', 'deleted (valid through the year before)'], ['retitled', 'retitled'],
    ['became_headers', 'became headers'], ['became_billable', 'became billable'],
    ['new_without_own_notes', 'new codes with no notes of their own (they inherit their category\'s)']];
  return [
    h('h4', null, 'ICD-10-CM years'),
    h('p', null, `${r.label}: the search, the code pages and the claim check use FY${y.year} for dates of service `,
      `${range(r.files[0].effective_from, r.files[0].effective_to)}, the site's years before`, where),
    h('ul', { class: 'updates-icd' },
      h('li', null, h('strong', null, `FY${y.year}`), `: ${fmtInt(y.codes || 0)} codes. Against FY${y.base_year}: `,
        changes.map(([k, text]) => `${fmtInt(y[k] || 0)} ${text}`).join(', '), '.'),
      ...(r.files || []).map(fileItem)),
    h('p', { class: 'claims-help' }, `Provenance: ${r.provenance}`),
    r.compileMs ? h('p', { class: 'claims-help', id: 'updates-icd-cost' }, `Compiled in this browser in ${(r.compileMs / 1000).toFixed(1)} s; `,
      `the importer used ${fmtInt(Math.round((r.wasmMemoryBytes || 0) / 1e6))} MB of memory, released since.`) : null];
}

// An ICD-10-CM code set compiled here (every year): opened in a search Worker and added to
// the page's code sets (the group uses it for the dates it covers), and given to the claim
// check; it replaces a year loaded before.
async function openIcd(loaded) {
  const group = await codeSetsReady();
  const cs = await createWorkerCodeSetFromBytes(loaded.bytes);
  const before = page.userIcd;
  group.addCodeSet(cs, { label: loaded.report.label });
  page.userIcd = { ...loaded, cs };
  if (before) await group.removeCodeSet(before.cs).catch(() => {});
  if (app.indexView) app.indexView.setCodeSet(group);
  if (app.claimEditsChanged) app.claimEditsChanged();
  if (app.codeSetsChanged) app.codeSetsChanged();
  if (app.renderInfo) app.renderInfo(group);
}

// An HCPCS code set compiled here: opened in a search Worker and added to the page's code sets.
async function openHcpcs(bytes, report) {
  const group = await codeSetsReady();
  const cs = await createWorkerCodeSetFromBytes(bytes);
  group.addCodeSet(cs, { label: report.label });
  hcpcs.push({ bytes, report, cs });
  if (app.renderInfo) app.renderInfo(group);
}

// ---------------------------------------------------------------------------
// Loading

async function readFiles(list) {
  const files = [];
  for (const f of list) {
    if (f.size > MAX_FILE_BYTES) throw new Error(`${f.name}: the file is ${fmtInt(f.size)} bytes; at most ${MAX_FILE_BYTES >> 20} MB are read`);
    files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return files;
}

async function load(list) {
  if (busy || !list || list.length === 0) return;
  busy = true;
  els.file.disabled = true;
  showError('');
  try {
    status(`Reading ${list.length === 1 ? list[0].name : `${list.length} files`} in this browser…`, 'busy');
    const files = await readFiles(list);
    if (!importer) {
      status('Starting the importer…', 'busy');
      importer = await createWorkerImporter();
    }
    // The HCPCS file (workbook or text) makes a code set of its own; NCCI files are added to
    // the claim edits loaded before (which hold the site's), or to the site's; an ICD-10-CM
    // order file goes onto the year loaded before, or the site's ICD-10-CM file and its import state.
    const hcpcsLoad = (await Promise.all(files.map(isHcpcsFile))).some(Boolean);
    const { editsUrl, icdUrl, icdStateUrl } = await claimFiles();
    const before = !hcpcsLoad && page.userEdits ? page.userEdits : null;
    // (an order file comes on its own: the year loaded before is copied to the Worker only then)
    const single = files.length === 1 && !hcpcsLoad;
    const icd = page.userIcd ? (single ? { base: page.userIcd.bytes, baseState: page.userIcd.importState,
      baseName: `the ICD-10-CM file loaded before (${page.userIcd.report.label})` } : null)
      : icdStateUrl ? { url: icdUrl, stateUrl: icdStateUrl } : null;
    const phases = {
      base: before || hcpcsLoad ? 'Compiling the files…' : "Reading the site's claim edits…",
      compile: 'Compiling the files…',
      'icd-importer': 'Starting the ICD-10-CM importer…',
      'icd-base': page.userIcd ? 'Compiling the new year…' : "Reading the site's ICD-10-CM code set and its import state…",
    };
    const out = await importer.compile(files, {
      ...(hcpcsLoad ? {} : before ? { base: before.bytes, baseName: 'the updates loaded before' } : { baseUrl: editsUrl }),
      icd,
      loadedOn: localToday(),
      onProgress: (p) => status(phases[p.phase] || 'Compiling the files…', 'busy'),
    });
    let stored = false;
    if (out.system === 'ICD-10-CM') {
      status(`Opening ${out.report.label}…`, 'busy');
      await openIcd({ bytes: out.bytes, importState: out.importState, report: out.report, baseUrl: page.userIcd ? page.userIcd.baseUrl : icdUrl });
      if (els.keep.checked) {
        try {
          await keptIcd.put(icdKept());
          stored = true;
        } catch { /* reported below */ }
      }
    } else if (out.system === 'HCPCS') {
      status('Opening the HCPCS code set…', 'busy');
      await openHcpcs(out.bytes, out.report);
      if (els.keep.checked) {
        try {
          await keptHcpcs.put(hcpcs.map(({ bytes, report }) => ({ bytes, report })));
          stored = true;
        } catch { /* reported below */ }
      }
    } else {
      // The report lists this load's files: the earlier loads' files stay listed.
      const report = { ...out.report, files: [...(before ? before.report.files : []), ...out.report.files] };
      page.userEdits = { bytes: out.bytes, report, baseUrl: editsUrl };
      if (app.claimEditsChanged) app.claimEditsChanged();
      if (els.keep.checked) {
        try {
          await kept.put(page.userEdits);
          stored = true;
        } catch { /* reported below */ }
      }
    }
    renderResult({ kept: stored });
    const n = out.report.files.length;
    const uses = out.system === 'HCPCS' ? 'the search uses it now for the dates of service it covers'
      : out.system === 'ICD-10-CM' ? `${out.report.label}: the search, the code pages and the claim check use FY${out.report.year.year} now ` +
        'for the dates of service it covers'
        : 'the claim check uses them now';
    status(`Loaded ${fmtInt(n)} file${n === 1 ? '' : 's'}: ${uses}.` +
      (els.keep.checked && !stored ? ' They could not be kept on this device.' : ''), 'ready');
  } catch (e) {
    status('Nothing was loaded.', 'error');
    showError(errorText(e));
  } finally {
    busy = false;
    els.file.disabled = false;
    els.file.value = '';
  }
}

async function removeAll() {
  page.userEdits = null;
  if (app.claimEditsChanged) app.claimEditsChanged();
  for (const { cs } of hcpcs.splice(0)) await page.icd.removeCodeSet(cs).catch(() => {});
  if (page.userIcd) {
    const { cs } = page.userIcd;
    page.userIcd = null;
    if (page.icd) await page.icd.removeCodeSet(cs).catch(() => {});
    if (page.icd && app.indexView) app.indexView.setCodeSet(page.icd);
    if (app.codeSetsChanged) app.codeSetsChanged();
  }
  if (page.icd && app.renderInfo) app.renderInfo(page.icd);
  renderResult();
  try {
    await kept.clear();
  } catch { /* nothing kept */ }
  status('The loaded updates were removed: the claim check and the search use the site\'s files only.', 'ready');
  els.file.focus();
}

async function setKeep() {
  try {
    if (els.keep.checked && page.userEdits) await kept.put(page.userEdits);
    if (els.keep.checked && hcpcs.length) await keptHcpcs.put(hcpcs.map(({ bytes, report }) => ({ bytes, report })));
    if (els.keep.checked && page.userIcd) await keptIcd.put(icdKept());
    if (!els.keep.checked) await kept.clear();
    const any = page.userEdits || hcpcs.length || page.userIcd;
    status(els.keep.checked ? (any ? 'The loaded updates are kept on this device.' : 'Updates you load will be kept on this device.')
      : 'Nothing is kept on this device.', 'ready');
  } catch (e) {
    status(`This browser's storage is not available: ${errorText(e)}`, 'error');
  }
}

// Updates kept from an earlier visit: used again if they were built on the claim edits the
// site serves now (a newer site edition needs them loaded again).
// A kept file opened again: says so, or why it could not be.
async function reopen(what, open, label) {
  try {
    await open();
    renderResult({ kept: true });
    status(`${what} kept on this device: ${label()}.`, 'ready');
  } catch (e) {
    status(`The ${what} kept on this device could not be opened: ${errorText(e)}`, 'error');
  }
}

async function restore() {
  let saved, savedHcpcs, savedIcd;
  try {
    saved = await kept.get();
    savedHcpcs = await keptHcpcs.get();
    savedIcd = await keptIcd.get();
  } catch {
    return;
  }
  const anyHcpcs = Array.isArray(savedHcpcs) && savedHcpcs.length;
  if (!(saved && saved.bytes) && !anyHcpcs && !(savedIcd && savedIcd.bytes)) return;
  els.keep.checked = true;
  // The site's files the kept ones were built on ({}: the site's list is not readable, so
  // nothing built on it is restored).
  const site = await claimFiles().catch(() => ({}));
  if (savedIcd && savedIcd.bytes) {
    if (!site.icdUrl || savedIcd.baseUrl !== site.icdUrl) {
      await keptIcd.put(null).catch(() => {});
      status('The site\'s ICD-10-CM code set was updated since your year was loaded: load its order file again.', 'error');
    } else {
      await reopen('ICD-10-CM year', () => openIcd(savedIcd), () => savedIcd.report.label);
    }
  }
  if (anyHcpcs) {
    await reopen('HCPCS code sets', async () => {
      for (const x of savedHcpcs) await openHcpcs(x.bytes, x.report);
    }, () => hcpcs.map((x) => x.report.label).join(', '));
  }
  if (!saved || !saved.bytes) return;
  const { editsUrl } = site;
  if (!editsUrl || saved.baseUrl !== editsUrl) {
    // (the whole database: HCPCS quarters kept beside are put back below)
    await kept.clear().catch(() => {});
    if (hcpcs.length) await keptHcpcs.put(hcpcs.map(({ bytes, report }) => ({ bytes, report }))).catch(() => {});
    if (page.userIcd) await keptIcd.put(icdKept()).catch(() => {});
    status('The site\'s claim edits were updated since your files were loaded: load them again.', 'error');
    return;
  }
  page.userEdits = saved;
  if (app.claimEditsChanged) app.claimEditsChanged();
  renderResult({ kept: true });
  status(`Loaded updates kept on this device: ${saved.report.files.map((f) => f.name).join(', ')}` +
    `${hcpcs.length ? `; ${hcpcs.map((x) => x.report.label).join(', ')}` : ''}` +
    `${page.userIcd ? `; ${page.userIcd.report.label}` : ''}.`, 'ready');
}

// ---------------------------------------------------------------------------
// The view

function build() {
  els.file = h('input', { type: 'file', id: 'updates-file', multiple: true, accept: '.csv,.txt,.xlsx,text/csv,text/plain' });
  els.file.addEventListener('change', () => load([...els.file.files]));
  els.drop = h('div', { class: 'updates-drop', id: 'updates-drop' },
    h('label', { for: 'updates-file' }, 'Choose the files you downloaded from CMS'),
    els.file,
    h('p', { class: 'claims-help', id: 'updates-drop-hint' }, 'or drop them here. Load the files of one update together (the PTP part files of a release, the MUE table of each setting, the add-on code file; the HCPCS file, .xlsx or .txt, on its own; the ICD-10-CM order file of the next year on its own, named as CMS names it, e.g. icd10cm_order_2028.txt): a new load adds to the earlier ones.'));
  els.drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    els.drop.dataset.over = 'true';
  });
  els.drop.addEventListener('dragleave', () => delete els.drop.dataset.over);
  els.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    delete els.drop.dataset.over;
    load([...e.dataTransfer.files]);
  });
  els.keep = h('input', { type: 'checkbox', id: 'updates-keep', 'aria-describedby': 'updates-keep-help' });
  els.keep.addEventListener('change', setKeep);
  els.remove = h('button', { type: 'button', id: 'updates-remove', hidden: true, onclick: removeAll }, 'Remove all the loaded updates');
  els.status = h('p', { id: 'updates-status', class: 'claims-status', role: 'status', 'aria-live': 'polite' });
  els.error = h('p', { id: 'updates-error', class: 'updates-error', role: 'alert', hidden: true });
  els.result = h('div', { id: 'updates-result', class: 'updates-result' });
  els.view = h('section', { class: 'claims-view updates-view', id: 'updates-view', role: 'main', 'aria-labelledby': 'updates-title', hidden: true },
    h('div', { class: 'claims-head' },
      h('a', { class: 'claims-back', href: '#/', id: 'updates-back' }, '← Code search'),
      h('h2', { id: 'updates-title', tabindex: '-1' }, 'Load updates from CMS'),
      h('p', { class: 'claims-lede' }, 'CMS publishes the NCCI edits and the HCPCS codes every quarter, and ICD-10-CM every fiscal year. Load the files you downloaded from cms.gov ',
        '(the MUE tables as CSV, the PTP edits as the text part files, the add-on code edits as text, the HCPCS alpha-numeric file as .xlsx or its fixed-width .txt, ',
        'the ICD-10-CM order file of the year after the newest one here as text) ',
        'and they are compiled in this browser and used beside the site\'s: a claim is checked, and a code looked up, with the edition ',
        'in force on its date of service. Nothing is sent anywhere.')),
    els.drop,
    h('div', { class: 'updates-options' },
      h('span', { class: 'mine-switch' }, els.keep, h('label', { for: 'updates-keep' }, 'Keep the loaded updates on this device')),
      els.remove),
    h('p', { id: 'updates-keep-help', class: 'claims-help' }, 'Off unless you turn it on: then the compiled file is kept in this ',
      'browser\'s own storage and used on your next visit. Turning it off, or removing the updates, erases it.'),
    els.status, els.error, els.result);
  document.querySelector('main').after(els.view);
  els.view.querySelector('#updates-back').addEventListener('click', (e) => {
    e.preventDefault();
    route.go('#/');
  });
}

build();
const route = routedView({
  pattern: UPDATES_ROUTE, view: els.view, bodyClass: 'view-updates', navId: 'nav-updates', title: 'Load updates · medcode',
  onNav: () => document.getElementById('updates-title').focus({ preventScroll: true }),
});
restore();
