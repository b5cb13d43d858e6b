// medcode page: ICD-10-CM search and code detail. The engine runs in a Web Worker
// (lib/worker.mjs) over a code-set file fetched from this site; nothing typed here
// leaves the browser. No inline scripts or styles (the CSP forbids them).
import { fetchCatalog, chooseCodeSets, openCodeSets } from './lib/catalog.mjs';
import { createWorkerCptCodeSet } from './lib/worker-client.mjs';
import { IndexView, isIndexRoute } from './index-view.js';

const CODESET_URL = 'codesets/icd10cm-2026.mcs.gz';   // used when codesets/index.json is missing
const STORE_KEY = 'medcode.mine.v1';                     // only written once the user turns "keep" on
const MAX_RECENT = 20;
const RESULT_LIMIT = 50;
const DEBOUNCE_MS = 40;

const NOTE_KINDS = [
  ['includes', 'Includes', 'Conditions this code (and those below it) covers'],
  ['inclusionTerm', 'Inclusion terms', 'Other conditions classified to this code'],
  ['excludes1', 'Excludes1', 'NOT CODED HERE: never report together with this code'],
  ['excludes2', 'Excludes2', 'Not included here: both codes may be reported when both apply'],
  ['codeFirst', 'Code first', 'Sequence the underlying condition first'],
  ['useAdditionalCode', 'Use additional code', 'Add a code for the associated condition'],
  ['codeAlso', 'Code also', 'A second code may be needed; sequence by circumstances'],
  ['notes', 'Notes', ''],
  ['sevenChrNote', '7th-character note', ''],
];
const LEVEL_NAMES = { chapter: 'Chapter', section: 'Section', category: 'Category', subcategory: 'Subcategory', code: 'Code' };

const $ = (id) => document.getElementById(id);
const els = {
  body: document.body,
  q: $('q'),
  qLabel: document.querySelector('label[for="q"]'),
  results: $('results'),
  summary: $('results-summary'),
  filteredOut: $('filtered-out'),
  help: $('search-help'),
  detail: $('detail'),
  detailPane: $('detail-pane'),
  load: $('load'),
  loadText: $('load-text'),
  loadProgress: $('load-progress'),
  error: $('error'),
  codesetLabel: $('codeset-label'),
  brandSystem: $('brand-system'),
  sources: $('sources'),
  sourcesList: $('sources-list'),
  systems: $('systems'),
  mine: $('mine'),
  remember: $('remember'),
  mineLists: $('mine-lists'),
  favList: $('fav-list'),
  recentList: $('recent-list'),
  forget: $('forget'),
  offline: $('offline-status'),
  update: $('update'),
  updateReload: $('update-reload'),
  fullscreen: $('fullscreen'),
  cpt: $('cpt'),
  cptFile: $('cpt-file'),
  cptKeep: $('cpt-keep'),
  cptStatus: $('cpt-status'),
  cptRemove: $('cpt-remove'),
};
document.body.dataset.app = 'started';  // boot.js reports load failures only before this
const narrow = window.matchMedia('(max-width: 799px)');

const state = {
  icd: null,
  info: null,
  results: [],
  active: -1,
  searchSeq: 0,        // the newest search issued; older replies are ignored
  searchAbort: null,
  debounce: 0,
  detailSeq: 0,
  shownCode: null,     // the code in the detail panel
  shownDetail: null,   // its lookup() result
  lastQuery: '',
  systems: null,       // Set of the code systems searched (null until loaded: all)
  filteredOut: [],     // exact codes of the query in code systems filtered out (see runSearch)
};

// ---------------------------------------------------------------------------
// DOM helpers (text only through textContent: nothing is parsed as HTML)

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces el's children, skipping null/false/'' (replaceChildren would print "null"). */
function setKids(el, ...kids) {
  el.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false && k !== ''));
}

const codeHref = (code) => `#/code/${encodeURIComponent(code)}`;
const codeLink = (code, text = code) => h('a', { href: codeHref(code), class: 'code-link' }, text);
const fmtInt = (n) => Number(n).toLocaleString('en-US');
const fmtMB = (n) => `${(n / 1048576).toFixed(1)} MB`;

function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

function billableBadge(billable) {
  return billable ? badge('billable', 'Billable') : badge('header', 'Header');
}

/** A result's badge: billable, terminated (a dated code past its last date of service), or a header. */
function statusBadge(x) {
  if (x.terminated) return badge('terminated', 'Terminated');
  return billableBadge(x.billable);
}

// Routes name the code system of codes outside ICD-10-CM ("#/code/HCPCS:J1100"), because a
// HCPCS or CPT code can read like an ICD-10-CM code without its dot (J1100 and J11.00).
const routeOf = (code, system) => (system && system !== 'ICD-10-CM' ? `${system}:${code}` : code);
function parseRoute(text) {
  const m = /^([A-Za-z][A-Za-z0-9-]*):(.+)$/.exec(text);
  return m ? { system: m[1].toUpperCase(), code: m[2] } : { system: null, code: text };
}

function errorText(e) {
  if (e && e.code) return `${e.message} (${e.code})`;
  return e && e.message ? e.message : String(e);
}

// ---------------------------------------------------------------------------
// Loading, status and errors

function setState(s) {
  els.body.dataset.state = s;
}

function showError(title, err, hint) {
  delete els.error.dataset.kind;
  setKids(els.error,
    h('strong', { class: 'error-title' }, title),
    h('span', { class: 'error-message' }, err ? (err.message || String(err)) : ''),
    err && err.code ? h('span', { class: 'error-code' }, `Error code: ${err.code}`) : null,
    hint ? h('span', { class: 'error-hint' }, hint) : null,
  );
  els.error.hidden = false;
}

function onProgress(p) {
  const what = p.entry && p.entry.label ? p.entry.label : 'the code set';
  if (p.phase === 'engine') {
    els.loadText.textContent = 'Starting the local search engine…';
    els.loadProgress.removeAttribute('value');
  } else if (p.phase === 'download') {
    if (p.total) {
      els.loadText.textContent = `Loading ${what}: ${fmtMB(p.loaded)} of ${fmtMB(p.total)}`;
      els.loadProgress.max = p.total;
      els.loadProgress.value = p.loaded;
    } else {
      els.loadText.textContent = `Loading ${what}…`;
    }
  } else if (p.phase === 'open') {
    els.loadText.textContent = `Checking and opening ${what}…`;
    els.loadProgress.removeAttribute('value');
  }
}

function renderInfo(group) {
  const infos = group.members.map((m) => m.info);
  const labels = infos.map((i) => i.label || `${i.system} ${i.year}`);
  els.brandSystem.textContent = labels.join(' + ');
  const ms = Math.max(...group.members.map((m) => (!m.timing ? 0 : m.timing.totalMs ||
    m.timing.engineMs + m.timing.fetchMs + m.timing.openMs)));
  setKids(els.codesetLabel, infos.map((info, i) => h('span', { class: 'codeset-one' },
    h('strong', null, labels[i]),
    h('span', { class: 'codeset-extra' },
      ` · effective ${info.effectiveFrom} to ${info.effectiveTo} · ${fmtInt(info.codes)} codes`))),
  (group.failed || []).map((f) => h('span', { class: 'codeset-one codeset-failed' }, `${failedName(f)}: not loaded`)),
  ms ? h('span', { class: 'codeset-extra' }, ` · loaded in ${(ms / 1000).toFixed(1)} s`) : null);
  const inputs = infos.flatMap((info) => (info.inputs || []).map((inp) => ({ ...inp, set: info.label, system: info.system })));
  setKids(els.sourcesList, ...inputs.map((inp) => h('li', null,
    h('span', { class: 'src-name' }, inp.name),
    // ICD-10-CM years are fiscal years; HCPCS and CPT years are calendar years.
    ` ${inp.role}, ${inp.system === 'ICD-10-CM' ? 'FY' : ''}${inp.year}, ${inp.kind}`,
    infos.length > 1 ? ` (${inp.set})` : '',
    h('span', { class: 'src-sha', title: `sha256 ${inp.sha256}` }, ` sha256 ${String(inp.sha256).slice(0, 12)}…`),
  )));
  els.sources.hidden = !inputs.length;
  const systems = group.systems;
  els.qLabel.textContent = `Search ${systems.length ? systems.join(', ') : 'ICD-10-CM'} codes or words`;
  renderSystems(group);
}

const failedName = (f) => f.entry.label || f.entry.system || f.entry.file;

/**
 * Code sets of the site that could not be loaded while others did (a missing or damaged
 * HCPCS file): the page keeps working with the others and says so in the banner, naming the
 * code set, the error and its code, and what is searched meanwhile.
 */
function showPartialLoad(group) {
  const failed = group.failed || [];
  if (!failed.length) return;
  const names = failed.map(failedName);
  const working = group.members.map((m) => m.info.label || m.info.system);
  const lost = [...new Set(failed.map((f) => f.entry.system).filter(Boolean))];
  setKids(els.error,
    h('strong', { class: 'error-title' }, `${names.join(' and ')} could not be loaded.`),
    failed.map((f) => h('span', { class: 'error-message' },
      `${failedName(f)}: ${f.error && f.error.message ? f.error.message : String(f.error)}`,
      f.error && f.error.code ? h('span', { class: 'error-code' }, ` (error code: ${f.error.code})`) : null)),
    h('span', { class: 'error-hint' },
      `${working.join(' and ')} ${working.length === 1 ? 'works' : 'work'}: searching ${working.length === 1 ? 'it' : 'them'} only` +
      `${lost.length ? `; ${lost.join(' and ')} codes cannot be found until ${failed.length === 1 ? 'it loads' : 'they load'}` : ''}. ` +
      'Reload the page to try again. ' +
      'If this keeps happening, the site files may be incomplete or damaged: ask whoever installed it to rebuild the site.'),
  );
  els.error.dataset.kind = 'partial';
  els.error.hidden = false;
}

/** The code sets to open: from codesets/index.json (one per system, the newest), else the default file. */
async function chooseEntries() {
  let entries = [];
  try {
    entries = (await fetchCatalog('codesets/index.json')).entries.filter((e) => e.system);
  } catch { /* an older site without index.json: the default file below */ }
  if (!entries.length) return [{ url: new URL(CODESET_URL, document.baseURI).href, file: CODESET_URL, system: null }];
  return chooseCodeSets(entries).chosen;
}

async function start() {
  setState('loading');
  route();  // show the right pane while loading (a deep link waits for the code set)
  let group;
  try {
    // A code set that fails (e.g. HCPCS) does not stop the others: the page works with what
    // loaded and says what did not (showPartialLoad). Only when none loads is it an error.
    group = await openCodeSets(await chooseEntries(), { onProgress, partial: true });
  } catch (e) {
    els.load.hidden = true;
    setState('error');
    els.codesetLabel.textContent = 'No code set loaded';
    showError('The code set could not be loaded.', e,
      'Reload the page to try again. If this keeps happening, the site files may be incomplete or damaged: ask whoever installed it to rebuild the site.');
    return;
  }
  state.icd = group;
  indexView.setCodeSet(group);
  state.info = group.members[0].info;
  state.systems = new Set(group.systems);
  renderInfo(group);
  showPartialLoad(group);
  els.load.hidden = true;
  els.q.disabled = false;
  els.cptFile.disabled = false;
  setState('ready');
  restoreCpt();
  if (!location.hash.startsWith('#/code/')) els.q.focus();
  if (els.q.value.trim()) runSearch();
  route();
  registerServiceWorker();
}

window.addEventListener('error', (e) => {
  showError('Something went wrong on this page.', e.error || { message: e.message });
});
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason && e.reason.name === 'AbortError') {
    e.preventDefault();
    return;
  }
  showError('Something went wrong on this page.', e.reason);
});

// ---------------------------------------------------------------------------
// Search (combobox + listbox)

function queryWords(q) {
  return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
}

/** The title with the query's words marked where a word of the title starts with them. */
function highlighted(title, words) {
  if (!words.length) return [title];
  const lower = title.toLowerCase();
  const marks = new Array(title.length).fill(false);
  for (const w of words) {
    let i = lower.indexOf(w);
    while (i !== -1) {
      if (i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1])) for (let k = i; k < i + w.length; k++) marks[k] = true;
      i = lower.indexOf(w, i + 1);
    }
  }
  const out = [];
  let i = 0;
  while (i < title.length) {
    let j = i;
    while (j < title.length && marks[j] === marks[i]) j++;
    out.push(marks[i] ? h('mark', null, title.slice(i, j)) : title.slice(i, j));
    i = j;
  }
  return out;
}

function setActive(i, { scroll = true } = {}) {
  const items = els.results.children;
  if (state.active >= 0 && items[state.active]) items[state.active].setAttribute('aria-selected', 'false');
  state.active = i;
  if (i >= 0 && items[i]) {
    items[i].setAttribute('aria-selected', 'true');
    els.q.setAttribute('aria-activedescendant', items[i].id);
    if (scroll) items[i].scrollIntoView({ block: 'nearest' });
  } else {
    els.q.removeAttribute('aria-activedescendant');
  }
}

const WHY_LABELS = {
  title: 'title', 'inclusion-term': 'inclusion term', index: 'Index', 'index-see': 'Index (see)',
  table: 'Table', category: 'category of the code above',
};

/** Why a result matched: the code itself, or the document (title, index path, table row) it matched. */
function matchReason(x) {
  if (x.match === 'exact-code') return 'the code';
  if (x.match === 'code-prefix') return 'the start of the code';
  const why = x.why || {};
  const label = WHY_LABELS[why.kind] || why.kind;
  if (!label) return null;
  // The title is what the list shows already: name the other documents with their text.
  return why.kind === 'title' || !why.text ? label : `${label}: ${why.text}`;
}

function renderResults(r) {
  state.results = r ? r.results : [];
  state.filteredOut = (r && r.filteredOut) || [];
  state.active = -1;
  els.q.removeAttribute('aria-activedescendant');
  renderFilteredOut(state.filteredOut);
  // Whose results these are, and a count of renders (tests wait on them).
  els.results.dataset.query = r ? r.query : '';
  els.results.dataset.rendered = String(Number(els.results.dataset.rendered || 0) + 1);
  if (!r) {
    setKids(els.results);
    els.summary.textContent = '';
    els.help.hidden = false;
    els.mine.hidden = false;
    els.cpt.hidden = false;
    els.q.setAttribute('aria-expanded', 'false');
    return;
  }
  els.help.hidden = true;
  els.mine.hidden = true;
  els.cpt.hidden = true;
  const words = queryWords(r.query);
  setKids(els.results, ...r.results.map((x, i) => h('li', {
    id: `opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'result', 'data-code': routeOf(x.code, x.system),
    'data-system': x.system || null,
  },
  h('span', { class: 'result-code' }, x.code),
  h('span', { class: 'result-title' }, highlighted(x.title, words)),
  h('span', { class: 'result-meta' },
    statusBadge(x),
    h('span', { class: 'result-set' }, x.label || `${x.system} FY${x.year}`),
    matchReason(x) ? h('span', { class: 'result-why' }, `matched in ${matchReason(x)}`) : null),
  )));
  els.q.setAttribute('aria-expanded', r.results.length ? 'true' : 'false');
  const parts = [];
  // With the filter on, the summary names what was searched ("12 matches in HCPCS").
  const scope = r.scope ? ` in ${r.scope.join(' and ')}` : '';
  if (!r.total) parts.push(`No ${r.scope ? `${r.scope.join(' or ')} ` : ''}codes match “${r.query}”.`);
  else if (r.total > r.results.length) parts.push(`${fmtInt(r.total)} matches${scope}, showing the first ${r.results.length}.`);
  else parts.push(`${fmtInt(r.total)} ${r.total === 1 ? 'match' : 'matches'}${scope}.`);
  for (const [system, codes] of groupBySystem(state.filteredOut)) {
    parts.push(`${codes.join(', ')} ${codes.length === 1 ? 'is' : 'are'} in ${system}, which is filtered out.`);
  }
  if (r.unknownWords && r.unknownWords.length) {
    parts.push(`No code uses the word${r.unknownWords.length > 1 ? 's' : ''} ${r.unknownWords.map((w) => `“${w}”`).join(', ')}.`);
  }
  els.summary.textContent = parts.join(' ');
  els.summary.classList.toggle('summary-empty', !r.total);
}

async function runSearch() {
  const q = els.q.value;
  state.lastQuery = q;
  const seq = ++state.searchSeq;
  if (state.searchAbort) state.searchAbort.abort();
  state.searchAbort = null;
  if (!q.trim() || !state.icd) {
    renderResults(null);
    return;
  }
  const ac = new AbortController();
  state.searchAbort = ac;
  els.body.classList.add('searching');
  const loaded = state.icd.systems;
  const on = state.systems ? loaded.filter((s) => state.systems.has(s)) : loaded;
  const off = loaded.filter((s) => !on.includes(s));
  // A code typed while its code system is filtered out is not lost: the systems filtered out
  // are asked for that exact code too, and the page says where it is (renderFilteredOut).
  const probe = off.length && looksLikeCode(q)
    ? state.icd.search(q.trim(), { limit: 5, signal: ac.signal, stream: 'filtered-out', systems: off }).catch(() => null)
    : null;
  try {
    const r = await state.icd.search(q, {
      limit: RESULT_LIMIT, signal: ac.signal, stream: 'typeahead', systems: off.length ? on : null,
    });
    const hidden = probe ? await probe : null;
    if (seq !== state.searchSeq) return;  // a newer search was issued: ignore this stale reply
    r.scope = off.length ? on : null;
    r.filteredOut = hidden ? hidden.results.filter((x) => x.match === 'exact-code') : [];
    renderResults(r);
  } catch (e) {
    if (e.name === 'AbortError' || seq !== state.searchSeq) return;
    renderResults({ query: q, total: 0, results: [], unknownWords: [] });
    els.summary.textContent = `Cannot search: ${errorText(e)}`;
    els.summary.classList.add('summary-empty');
  } finally {
    if (seq === state.searchSeq) els.body.classList.remove('searching');
  }
}

/** One code, as typed: "E11.9", "e119", "J1100", "99213" (letters, digits and dots, with a digit). */
function looksLikeCode(q) {
  const t = q.trim();
  return /^[A-Za-z0-9][A-Za-z0-9.]{1,7}$/.test(t) && /\d/.test(t);
}

/** [[system, [code, ...]], ...] in the order given. */
function groupBySystem(list) {
  const m = new Map();
  for (const x of list) {
    if (!m.has(x.system)) m.set(x.system, []);
    m.get(x.system).push(x.code);
  }
  return [...m];
}

/**
 * The exact codes of the query in the code systems filtered out: each with its title and a
 * link to its detail, and a button that searches its system again.
 */
function renderFilteredOut(list) {
  if (!list.length) {
    setKids(els.filteredOut);
    els.filteredOut.hidden = true;
    return;
  }
  const systems = [...new Set(list.map((x) => x.system))];
  setKids(els.filteredOut,
    h('p', { class: 'filtered-out-head' }, `Exact ${list.length === 1 ? 'match' : 'matches'} in ${systems.join(' and ')}, which ${systems.length === 1 ? 'is' : 'are'} filtered out:`),
    h('ul', { class: 'filtered-out-list' }, list.map((x) => h('li', { 'data-code': routeOf(x.code, x.system), 'data-system': x.system },
      codeLink(routeOf(x.code, x.system), x.code), ' ',
      h('span', { class: 'filtered-out-title' }, x.title), ' ',
      h('span', { class: 'result-set' }, x.label || x.system)))),
    h('p', { class: 'filtered-out-actions' }, !state.results.length && list.length === 1
      ? h('span', { class: 'muted' }, 'Enter opens it. ') : null, systems.map((system) => {
      const b = h('button', { type: 'button', class: 'tool-button', 'data-system': system }, `Search ${system} too`);
      b.addEventListener('click', () => {
        setSystem(system, true);
        els.q.focus();
      });
      return b;
    })));
  els.filteredOut.hidden = false;
}

function scheduleSearch() {
  clearTimeout(state.debounce);
  state.debounce = setTimeout(runSearch, DEBOUNCE_MS);
}

function openActive() {
  const i = state.active >= 0 ? state.active : 0;
  const r = state.results[i];
  if (!r) {
    // Nothing matches in the systems searched, but the code typed is one of a system
    // filtered out: Enter opens it (its detail names its system).
    const [x] = state.filteredOut;
    if (!x || state.filteredOut.length !== 1) return false;
    navigate(routeOf(x.code, x.system), { focus: true });
    return true;
  }
  if (state.active < 0) setActive(0);
  navigate(routeOf(r.code, r.system), { focus: true });
  return true;
}

els.q.addEventListener('input', () => {
  if ((narrow.matches && currentRoute()) || indexView.active) navigateHome();
  scheduleSearch();
});

els.q.addEventListener('keydown', (e) => {
  if (e.isComposing) return;
  const n = state.results.length;
  switch (e.key) {
    case 'ArrowDown':
      e.preventDefault();
      if (n) setActive(Math.min(state.active + 1, n - 1));
      if (narrow.matches && currentRoute()) navigateHome();
      break;
    case 'ArrowUp':
      e.preventDefault();
      if (n) setActive(Math.max(state.active - 1, 0));
      break;
    case 'PageDown':
      if (n) {
        e.preventDefault();
        setActive(Math.min(state.active + 10, n - 1));
      }
      break;
    case 'PageUp':
      if (n) {
        e.preventDefault();
        setActive(Math.max(state.active - 10, 0));
      }
      break;
    case 'Enter':
      e.preventDefault();
      // A search still pending (debounce): run it now, then open its first result.
      if (state.lastQuery !== els.q.value) {
        clearTimeout(state.debounce);
        runSearch().then(() => openActive());
      } else {
        openActive();
      }
      break;
    case 'Escape':
      e.preventDefault();
      if (els.q.value) {
        els.q.value = '';
        clearTimeout(state.debounce);
        runSearch();
      } else if (currentRoute()) {
        goBack();
      }
      break;
    default:
  }
});

els.results.addEventListener('click', (e) => {
  const li = e.target.closest('li[role="option"]');
  if (!li) return;
  setActive(Number(li.id.slice(4)), { scroll: false });
  navigate(li.dataset.code, { focus: true });
});
// Keep the focus in the search box when the list is clicked.
els.results.addEventListener('mousedown', (e) => e.preventDefault());

// ---------------------------------------------------------------------------
// Routing: #/code/E11.9 opens a code; back and forward work.

function currentRoute() {
  const m = /^#\/code\/(.+)$/.exec(location.hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function navigate(code, { focus = false } = {}) {
  state.focusDetail = focus;
  if (currentRoute() === code) {
    route();
    return;
  }
  const depth = (history.state && history.state.depth) || 0;
  history.pushState({ depth: depth + 1 }, '', codeHref(code));
  route();
}

function navigateHome() {
  const depth = (history.state && history.state.depth) || 0;
  history.pushState({ depth: depth + 1 }, '', '#/');
  route();
}

function goBack() {
  if (history.state && history.state.depth > 0) history.back();
  else {
    history.replaceState({ depth: 0 }, '', '#/');
    route();
  }
  els.q.focus();
}

// The Index view (index-view.js): #/index, #/index/BOOK/LETTER, #/index/node/ID.
const indexView = new IndexView($('index-view'));

function navigateIndex(href) {
  if (location.hash === href) {
    route();
    return;
  }
  const depth = (history.state && history.state.depth) || 0;
  history.pushState({ depth: depth + 1 }, '', href);
  route();
}

function route() {
  const inIndex = indexView.route(location.hash);
  els.body.classList.toggle('view-index', inIndex);
  for (const a of document.querySelectorAll('.view-link')) {
    const on = isIndexRoute(a.getAttribute('href')) === inIndex;
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (inIndex) {
    els.body.classList.remove('view-detail', 'view-search');
    return;
  }
  const code = currentRoute();
  els.body.classList.toggle('view-detail', !!code);
  els.body.classList.toggle('view-search', !code);
  if (!code) {
    state.shownCode = null;
    state.detailSeq++;
    renderPlaceholder();
    document.title = 'ICD-10-CM code lookup · medcode';
    return;
  }
  if (!state.icd) return;  // shown once the code set is loaded
  if (code === state.shownCode) {
    if (state.focusDetail) focusDetail();
    return;
  }
  showDetail(code);
}

window.addEventListener('popstate', route);
window.addEventListener('hashchange', route);

// The skip link focuses the search box without changing the route (#q is not a view).
document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  els.q.focus();
});

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href^="#/"]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const m = /^#\/code\/(.+)$/.exec(a.getAttribute('href'));
  if (m) navigate(decodeURIComponent(m[1]), { focus: true });
  else if (isIndexRoute(a.getAttribute('href'))) navigateIndex(a.getAttribute('href'));
  else if (indexView.active) navigateHome();
  else goBack();
});

document.addEventListener('keydown', (e) => {
  const t = e.target;
  // Typing "/" into a text field types it; on a checkbox, button or link it focuses the search.
  const editing = (t instanceof HTMLInputElement && !/^(checkbox|radio|button|submit|reset|range|color)$/.test(t.type)) ||
    t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t && t.isContentEditable);
  if (e.key === '/' && !editing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    if (narrow.matches && currentRoute()) navigateHome();
    els.q.focus();
    els.q.select();
  } else if (e.key === 'Escape' && t !== els.q && !(t instanceof HTMLSelectElement)) {
    if (currentRoute()) {
      e.preventDefault();
      goBack();
    } else {
      els.q.focus();
    }
  }
});

// ---------------------------------------------------------------------------
// Code detail

function renderPlaceholder() {
  delete els.detail.dataset.code;
  setKids(els.detail, h('p', { class: 'placeholder' },
    'Select a code to see its hierarchy, instructional notes and 7th characters.'));
}

function focusDetail() {
  state.focusDetail = false;
  const heading = els.detail.querySelector('h2');
  if (heading) heading.focus({ preventScroll: true });
  els.detailPane.scrollTop = 0;
}

async function showDetail(route) {
  const seq = ++state.detailSeq;
  els.detail.setAttribute('aria-busy', 'true');
  const { system, code } = parseRoute(route);
  const opts = system ? { system } : {};
  let d;
  let v = null;
  try {
    d = await state.icd.lookup(code, opts);
  } catch (e) {
    if (seq !== state.detailSeq) return;
    v = await state.icd.validate(code, opts).catch(() => null);
    if (seq !== state.detailSeq) return;
    renderNotFound(route, e, v);
    return;
  }
  if (!d.billable) v = await state.icd.validate(d.code, { system: d.system }).catch(() => null);
  if (seq !== state.detailSeq) return;
  state.shownCode = route;
  state.shownDetail = d;
  renderDetail(d, v);
  rememberRecent(d);
  document.title = `${d.code} ${d.title} · medcode`;
  if (state.focusDetail) focusDetail();
}

function renderNotFound(code, err, v) {
  state.shownCode = code;
  els.detail.removeAttribute('aria-busy');
  els.detail.dataset.code = code;
  const suggestions = v && v.suggestions && v.suggestions.length ? v.suggestions : [];
  setKids(els.detail,
    backButton(),
    h('div', { class: 'notfound', role: 'alert' },
      h('h2', { tabindex: '-1' }, h('span', { class: 'detail-code' }, code), ' is not a code in this code set'),
      h('p', null, v && v.message ? v.message : err.message),
      h('p', { class: 'muted' }, `Error code: ${err.code || 'INTERNAL'}`),
      suggestions.length ? h('p', null, 'Did you mean ', ...suggestions.flatMap((s, i) => [i ? ', ' : '', codeLink(s)]), '?') : null),
  );
  document.title = `${code} not found · medcode`;
  if (state.focusDetail) focusDetail();
}

function backButton() {
  return h('a', { class: 'back-link', href: '#/' }, '← Results');
}

function breadcrumbs(d) {
  const n = d.hierarchy.length;
  const items = d.hierarchy.map((x, i) => {
    const last = i === n - 1;
    const label = x.level === 'chapter' ? `Chapter ${x.code}` : x.code;
    const isCode = x.level !== 'chapter' && x.level !== 'section';
    const head = !last && isCode ? codeLink(x.code, label) : h('span', { class: 'crumb-code' }, label);
    return h('li', {
      class: `crumb crumb-${x.level} depth-${Math.min(i, 7)}`,
      'aria-current': last ? 'page' : null,
    },
    h('span', { class: 'crumb-level' }, LEVEL_NAMES[x.level] || x.level),
    head,
    last ? null : h('span', { class: 'crumb-title', title: x.title }, x.title));
  });
  return h('nav', { class: 'crumbs', 'aria-label': 'Hierarchy' }, h('ol', null, items));
}

/** Note text with the codes it names (note.refs) made into links. */
function noteText(n) {
  const text = n.text;
  const out = [];
  let pos = 0;
  const isAlnum = (c) => c !== undefined && /[A-Za-z0-9]/.test(c);
  const findToken = (code, from) => {
    let i = text.indexOf(code, from);
    while (i !== -1) {
      const before = text[i - 1];
      const after = text[i + code.length];
      const continues = isAlnum(after) || (after === '.' && isAlnum(text[i + code.length + 1]));
      if (!isAlnum(before) && !continues) return i;
      i = text.indexOf(code, i + 1);
    }
    return -1;
  };
  const firsts = (n.refs || []).map((r) => r.first);
  const targets = [];
  for (const r of n.refs || []) {
    targets.push(r.first);
    if (r.last && r.last !== r.first) targets.push(r.last);
  }
  const placed = new Set();
  for (const code of targets) {
    const i = findToken(code, pos);
    if (i === -1) continue;
    if (i > pos) out.push(text.slice(pos, i));
    out.push(codeLink(code));
    placed.add(code);
    pos = i + code.length;
  }
  if (pos < text.length) out.push(text.slice(pos));
  // Codes the text names in a form not found verbatim: link them after the text.
  const extra = [...new Set(firsts.filter((c) => !placed.has(c)))];
  if (extra.length) out.push(' ', h('span', { class: 'note-refs' }, '→ ', ...extra.flatMap((c, i) => [i ? ', ' : '', codeLink(c)])));
  return out;
}

function origin(n, d) {
  if (!n.inherited && n.from === d.code) return ['This code'];
  const what = n.fromLevel === 'code' && /^[A-Z]/.test(n.from) ? codeLink(n.from) : n.from;
  return [n.inherited ? 'Inherited from ' : 'From ', what];
}

function sourceText(file, year) {
  if (!file) return year ? `FY${year}` : '';
  return year && !file.includes(`FY${year}`) ? `${file}, FY${year}` : file;
}

function notesSection(d) {
  const byKind = new Map();
  for (const n of d.notes) {
    if (!byKind.has(n.kind)) byKind.set(n.kind, []);
    byKind.get(n.kind).push(n);
  }
  const known = new Set(NOTE_KINDS.map(([k]) => k));
  const kinds = [...NOTE_KINDS, ...[...byKind.keys()].filter((k) => !known.has(k)).map((k) => [k, k, ''])];
  const groups = [];
  for (const [kind, label, hint] of kinds) {
    const notes = byKind.get(kind);
    if (!notes) continue;
    // Consecutive notes written at the same place (and from the same file) share one origin line.
    const blocks = [];
    for (const n of notes) {
      const last = blocks[blocks.length - 1];
      if (last && last.from === n.from && last.source === n.source && last.sourceYear === n.sourceYear) last.notes.push(n);
      else blocks.push({ from: n.from, source: n.source, sourceYear: n.sourceYear, first: n, notes: [n] });
    }
    groups.push(h('section', { class: `note-group note-${kind}`, 'data-kind': kind, 'aria-label': label },
      h('h3', null, label, hint ? h('span', { class: 'note-hint' }, hint) : null),
      blocks.map((b) => h('div', { class: `note-block${b.first.inherited ? ' inherited' : ''}` },
        h('ul', { class: 'note-list' }, b.notes.map((n) => h('li', null, noteText(n)))),
        h('p', { class: 'note-origin' }, ...origin(b.first, d),
          h('span', { class: 'note-source' }, ` · ${sourceText(b.source, b.sourceYear)}`)),
      )),
    ));
  }
  if (!groups.length) {
    return h('section', { class: 'detail-section' }, h('h3', { class: 'section-title' }, 'Instructional notes'),
      h('p', { class: 'muted' }, 'No instructional notes apply to this code.'));
  }
  return h('section', { class: 'detail-section notes', 'aria-label': 'Instructional notes' },
    h('h3', { class: 'section-title' }, 'Instructional notes'), groups);
}

function needsSeventh(d) {
  return !!(d.seventh && d.code.replace('.', '').length < 7);
}

function seventhTable(d) {
  const s = d.seventh;
  const own = d.code.replace('.', '');
  const current = own.length === 7 ? own[6] : null;
  return h('section', { class: 'detail-section seventh', 'aria-label': '7th characters' },
    h('h3', { class: 'section-title' }, '7th characters'),
    h('table', { class: 'seventh-table' },
      h('caption', null, 'Defined at ', codeLink(s.declaredAt), h('span', { class: 'note-source' }, ` · ${sourceText(s.source, s.sourceYear)}`)),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Character'), h('th', { scope: 'col' }, 'Meaning'))),
      h('tbody', null, s.chars.map((c) => h('tr', { class: c.char === current ? 'current' : null },
        h('td', { class: 'seventh-char' }, c.char), h('td', null, c.meaning))))));
}

function builder(d) {
  const out = h('output', { class: 'builder-output', id: 'builder-output', 'aria-live': 'polite', for: 'seventh-select' });
  const select = h('select', { id: 'seventh-select', class: 'builder-select' },
    h('option', { value: '' }, 'Choose a 7th character…'),
    d.seventh.chars.map((c) => h('option', { value: c.char }, `${c.char}: ${c.meaning}`)));
  let seq = 0;
  select.addEventListener('change', async () => {
    const ch = select.value;
    const my = ++seq;
    if (!ch) {
      setKids(out);
      return;
    }
    try {
      const full = await state.icd.buildSeventh(d.code, ch);
      const info = await state.icd.lookup(full).catch(() => null);
      if (my !== seq) return;
      out.className = 'builder-output ok';
      setKids(out,
        h('span', { class: 'built-code', 'data-code': full }, full),
        info ? h('span', { class: 'built-title' }, info.title) : null,
        h('span', { class: 'built-actions' }, codeLink(full, `Open ${full}`), copyButton(full, { label: 'Copy', what: full })),
      );
    } catch (e) {
      if (my !== seq) return;
      out.className = 'builder-output refused';
      setKids(out, h('strong', null, 'Not a valid code: '), h('span', { class: 'refusal' }, e.message),
        h('span', { class: 'error-code' }, ` (${e.code || 'INTERNAL'})`));
    }
  });
  return h('section', { class: 'detail-section builder', 'aria-labelledby': 'builder-heading' },
    h('h3', { class: 'section-title', id: 'builder-heading' }, 'Build the full code'),
    h('p', { class: 'muted' }, 'Pick the 7th character; the placeholder X is added where the code is shorter than six characters.'),
    h('div', { class: 'builder-row' }, h('label', { for: 'seventh-select' }, '7th character'), select),
    out);
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing (plain http). */
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const ta = h('textarea', { class: 'copy-buffer', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  ta.value = text;
  document.body.append(ta);
  ta.select();
  const ok = document.execCommand('copy');
  ta.remove();
  if (!ok) throw new Error('copy refused');
}

function copyButton(text, { label = 'Copy', what = text } = {}) {
  const b = h('button', { type: 'button', class: 'copy', 'aria-label': `${label} ${what}`, 'data-copy': text }, label);
  b.addEventListener('click', async () => {
    const before = b.textContent;
    try {
      await copyText(text);
      b.textContent = 'Copied';
    } catch {
      b.textContent = 'Copy failed';
    }
    setTimeout(() => { b.textContent = before; }, 1500);
  });
  return b;
}

function deepLink(code) {
  return new URL(codeHref(code), location.href).href;
}

function detailActions(d) {
  const fav = isFavourite(d.code);
  const star = state.mine.remember ? h('button', {
    type: 'button', class: 'tool-button fav-toggle', 'aria-pressed': fav ? 'true' : 'false', 'data-code': d.code,
  }, fav ? '★ Favourite' : '☆ Add to favourites') : null;
  if (star) {
    star.addEventListener('click', () => {
      toggleFavourite(d);
      const on = isFavourite(d.code);
      star.setAttribute('aria-pressed', on ? 'true' : 'false');
      star.textContent = on ? '★ Favourite' : '☆ Add to favourites';
    });
  }
  const print = h('button', { type: 'button', class: 'tool-button print-button' }, 'Print');
  print.addEventListener('click', () => window.print());
  return h('div', { class: 'detail-actions', role: 'group', 'aria-label': `Actions for ${d.code}` },
    copyButton(d.code, { label: 'Copy code', what: d.code }),
    copyButton(deepLink(routeOf(d.code, d.system)), { label: 'Copy link', what: `to ${d.code}` }),
    print,
    star);
}

function childrenSection(d) {
  if (!d.children.length) return null;
  return h('section', { class: 'detail-section children', 'aria-label': 'Codes below this one' },
    h('h3', { class: 'section-title' }, `Codes below ${d.code}`, h('span', { class: 'count' }, ` (${d.children.length})`)),
    h('ul', { class: 'child-list' }, d.children.map((c) => h('li', null,
      codeLink(c.code), h('span', { class: 'child-title' }, c.title), billableBadge(c.billable)))));
}

function renderDetail(d, v) {
  els.detail.removeAttribute('aria-busy');
  els.detail.dataset.code = d.code;
  const status = [];
  const flat = d.hierarchy.length <= 1;  // HCPCS, CPT: no chapters or categories
  status.push(d.billable ? badge('billable', 'Billable') : d.terminated ? badge('terminated', 'Terminated: not billable')
    : badge('header', flat ? 'Not billable' : 'Header: not billable'));
  if (d.newThisYear) status.push(badge('new', `New in FY${d.year}`));
  if (d.revisedThisYear) status.push(badge('revised', `Revised in FY${d.year}`));
  status.push(h('span', { class: 'detail-set' }, d.label || `${d.system} FY${d.year}`));
  const explain = !d.billable && v && v.message ? h('p', { class: 'validation' }, v.message) : null;
  setKids(els.detail,
    backButton(),
    h('p', { class: 'print-meta', 'aria-hidden': 'true' }),
    flat ? null : breadcrumbs(d),
    h('header', { class: 'detail-head' },
      h('h2', { tabindex: '-1' }, h('span', { class: 'detail-code' }, d.code), h('span', { class: 'detail-title' }, d.title)),
      d.shortTitle && d.shortTitle !== d.title ? h('p', { class: 'short-title' }, `Short title: ${d.shortTitle}`) : null,
      h('div', { class: 'status' }, status),
      detailActions(d),
      explain,
      d.deletedNote ? h('p', { class: 'deleted-note' }, d.deletedNote) : null,
      d.statusNote ? h('p', { class: `status-note${d.terminated ? ' is-terminated' : ''}` }, d.statusNote) : null,
      d.provenance ? h('p', { class: 'provenance muted' }, `From ${d.provenance}; kept in this browser's memory only.`) : null),
    datesSection(d),
    attributesSection(d),
    needsSeventh(d) ? builder(d) : null,
    flat && !d.notes.length ? null : notesSection(d),  // HCPCS and CPT have no instructional notes
    d.seventh ? seventhTable(d) : null,
    childrenSection(d),
    !d.system || d.system === 'ICD-10-CM' ? indexView.whereSection(d.code) : null,
  );
}

/** Added, latest action and termination dates of a dated code (HCPCS). */
function datesSection(d) {
  if (!d.addedDate && !d.terminationDate) return null;
  const row = (label, value) => h('div', null, h('dt', null, label), h('dd', null, value));
  return h('section', { class: 'detail-section code-dates', 'aria-label': 'Dates' },
    h('h3', { class: 'section-title' }, 'Dates'),
    h('dl', { class: 'attr-list' },
      row('Added', d.addedDate || '—'),
      row('Latest action effective', d.actionDate || '—'),
      row('Terminated after', d.terminationDate || 'not terminated')));
}

/** The fields a coder needs that have no place of their own (HCPCS coverage, action, BETOS, ...). */
function attributesSection(d) {
  if (!d.attributes || !d.attributes.length) return null;
  const notes = [...new Set(d.attributes.map((a) => a.meaningSource).filter(Boolean))];
  const value = (a) => {
    // Cross-references name other codes of the same code set.
    const v = a.key === 'xref' ? codeLink(routeOf(a.value, d.system), a.value) : h('span', { class: 'attr-value' }, a.value);
    return a.meaning ? [v, h('span', { class: 'attr-meaning' }, ` ${a.meaning}`)] : [v];
  };
  return h('section', { class: 'detail-section attributes', 'aria-label': 'Attributes' },
    h('h3', { class: 'section-title' }, 'Attributes'),
    h('dl', { class: 'attr-list' }, d.attributes.map((a) => h('div', { 'data-key': a.key },
      h('dt', null, a.label), h('dd', null, value(a))))),
    h('p', { class: 'muted attr-source' }, `From ${d.attributes[0].source}${notes.length ? `; ${notes.join('; ')}` : ''}.`));
}

// ---------------------------------------------------------------------------
// Code systems filter (shown when more than one code system is loaded)

function renderSystems(group) {
  const systems = group.systems;
  // Systems no longer loaded (a CPT file removed) leave the filter; if none is left on, all are.
  for (const s of [...state.systems]) if (!systems.includes(s)) state.systems.delete(s);
  if (!state.systems.size) for (const s of systems) state.systems.add(s);
  if (systems.length < 2) {
    setKids(els.systems);
    els.systems.hidden = true;
    return;
  }
  const infoOf = (system) => (group.members.find((m) => m.info.system === system) || group.members[0]).info;
  setKids(els.systems, h('span', { class: 'systems-label', 'aria-hidden': 'true' }, 'Search in'),
    systems.map((system) => {
      const info = infoOf(system);
      const b = h('button', {
        type: 'button', class: 'system-toggle', 'aria-pressed': state.systems.has(system) ? 'true' : 'false', 'data-system': system,
        title: `${info.label}: effective ${info.effectiveFrom} to ${info.effectiveTo}`,
      }, system);
      b.addEventListener('click', () => setSystem(system, !state.systems.has(system)));
      return b;
    }),
    h('span', { id: 'systems-note', class: 'systems-note', 'aria-live': 'polite' }));
  els.systems.hidden = false;
  updateSystems();
}

/** aria-pressed of each toggle; the last system searched is aria-disabled, and the note says why. */
function updateSystems() {
  const only = state.systems.size === 1 ? [...state.systems][0] : null;
  for (const b of els.systems.querySelectorAll('.system-toggle')) {
    const on = state.systems.has(b.dataset.system);
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    if (on && only) {
      b.setAttribute('aria-disabled', 'true');
      b.setAttribute('aria-describedby', 'systems-note');
    } else {
      b.removeAttribute('aria-disabled');
      b.removeAttribute('aria-describedby');
    }
  }
  const note = $('systems-note');
  if (note) note.textContent = only ? `Only ${only} is searched. At least one code system stays on.` : '';
}

/** Turns a code system of the filter on or off (the last one searched stays on) and searches again. */
function setSystem(system, on) {
  if (!state.icd || !state.icd.systems.includes(system) || on === state.systems.has(system)) return;
  if (!on && state.systems.size === 1) {
    // Said again, so that a screen reader announces it on this click too.
    const note = $('systems-note');
    if (note) {
      note.textContent = '';
      setTimeout(() => { note.textContent = `${system} stays on: at least one code system is searched. Turn another one on first.`; }, 50);
    }
    return;
  }
  if (on) state.systems.add(system);
  else state.systems.delete(system);
  updateSystems();
  runSearch();
}

// ---------------------------------------------------------------------------
// Recent and favourite codes: kept in localStorage only after the user turns it on;
// turning it off (or "Clear") removes the stored item. Never stores what was typed.

function loadMine() {
  try {
    const raw = localStorage.getItem(STORE_KEY);
    const v = raw ? JSON.parse(raw) : null;
    if (v && v.remember === true) {
      return { remember: true, recent: Array.isArray(v.recent) ? v.recent : [], favourites: Array.isArray(v.favourites) ? v.favourites : [] };
    }
  } catch { /* storage blocked or damaged: nothing is kept */ }
  return { remember: false, recent: [], favourites: [] };
}

function saveMine() {
  try {
    if (state.mine.remember) localStorage.setItem(STORE_KEY, JSON.stringify(state.mine));
    else localStorage.removeItem(STORE_KEY);
  } catch { /* storage blocked: keep working without it */ }
}

const mineItem = (d) => ({ code: d.code, title: d.title, system: d.system || null });
const mineRoute = (x) => routeOf(x.code, x.system);

function rememberRecent(d) {
  if (!state.mine.remember) return;
  state.mine.recent = [mineItem(d), ...state.mine.recent.filter((x) => x.code !== d.code)].slice(0, MAX_RECENT);
  saveMine();
  renderMine();
}

function isFavourite(code) {
  return state.mine.favourites.some((x) => x.code === code);
}

function toggleFavourite(d) {
  if (!state.mine.remember) return;
  if (isFavourite(d.code)) state.mine.favourites = state.mine.favourites.filter((x) => x.code !== d.code);
  else state.mine.favourites = [...state.mine.favourites, mineItem(d)];
  saveMine();
  renderMine();
}

function mineList(list, empty) {
  if (!list.length) return [h('li', { class: 'mine-empty muted' }, empty)];
  return list.map((x) => h('li', null, codeLink(mineRoute(x), x.code), h('span', { class: 'mine-code-title' }, x.title)));
}

function renderMine() {
  els.remember.checked = state.mine.remember;
  els.mineLists.hidden = !state.mine.remember;
  setKids(els.favList, mineList(state.mine.favourites, 'None yet: open a code and choose “Add to favourites”.'));
  setKids(els.recentList, mineList(state.mine.recent, 'Codes you open will be listed here.'));
}

function refreshDetailActions() {
  const old = els.detail.querySelector('.detail-actions');
  if (old && state.shownDetail) old.replaceWith(detailActions(state.shownDetail));
}

els.remember.addEventListener('change', () => {
  state.mine = els.remember.checked ? { remember: true, recent: [], favourites: [] } : { remember: false, recent: [], favourites: [] };
  if (state.mine.remember && state.shownDetail) state.mine.recent = [mineItem(state.shownDetail)];
  saveMine();
  renderMine();
  refreshDetailActions();
});

els.forget.addEventListener('click', () => {
  state.mine.recent = [];
  state.mine.favourites = [];
  saveMine();
  renderMine();
  refreshDetailActions();
  els.remember.focus();
});

// Another tab changed (or cleared) the list.
window.addEventListener('storage', (e) => {
  if (e.key !== STORE_KEY && e.key !== null) return;
  state.mine = loadMine();
  renderMine();
  refreshDetailActions();
});

state.mine = loadMine();
renderMine();

// ---------------------------------------------------------------------------
// CPT descriptors from the user's own (AMA-licensed) file. The file is read here and
// handed to a Worker by postMessage: it is never uploaded. It lives in memory only,
// unless the user turns on "keep", which stores it in this browser's IndexedDB (and
// turning that off deletes it).

const CPT_DB = 'medcode-cpt';
const CPT_KEY = 'descriptors';

function cptDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(CPT_DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('files');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function cptStore(op, value) {
  const db = await cptDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction('files', op === 'get' ? 'readonly' : 'readwrite');
      const store = tx.objectStore('files');
      const req = op === 'get' ? store.get(CPT_KEY) : op === 'put' ? store.put(value, CPT_KEY) : store.delete(CPT_KEY);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

function cptStatus(text, kind = '') {
  els.cptStatus.textContent = text;
  els.cptStatus.dataset.kind = kind;
}

function cptReportText(cs) {
  const { info, report } = cs.loadInfo;
  const parts = [`${info.label}: ${fmtInt(report.codes)} codes loaded, searchable now.`];
  if (report.skipped) {
    const first = report.issues.slice(0, 3).map((i) => `line ${i.line}: ${i.reason}`).join('; ');
    parts.push(`${fmtInt(report.skipped)} line${report.skipped === 1 ? '' : 's'} skipped (${first}${report.skipped > 3 ? '; …' : ''}).`);
  }
  return parts.join(' ');
}

async function loadCpt(bytes, name, { fromStorage = false } = {}) {
  if (!state.icd) return;
  els.cptFile.disabled = true;
  cptStatus(`Reading ${name} in this browser…`, 'busy');
  let cs;
  try {
    cs = await createWorkerCptCodeSet(bytes, { name });
  } catch (e) {
    cptStatus(`${name} could not be loaded: ${errorText(e)}`, 'error');
    els.cptFile.disabled = false;
    return;
  }
  if (state.cpt) await state.icd.removeCodeSet(state.cpt);  // one CPT file at a time
  state.cpt = cs;
  state.cptFile = { name, bytes };
  state.icd.addCodeSet(cs);
  state.systems.add(cs.loadInfo.info.system);
  renderInfo(state.icd);
  cptStatus(`${cptReportText(cs)}${fromStorage ? ' (kept on this device)' : ''}`, 'ready');
  els.cptRemove.hidden = false;
  els.cptFile.disabled = false;
  if (els.cptKeep.checked && !fromStorage) {
    try {
      await cptStore('put', { name, bytes });
    } catch { cptStatus(`${els.cptStatus.textContent} It could not be kept on this device.`, 'ready'); }
  }
  if (els.q.value.trim()) runSearch();
}

async function removeCpt() {
  if (state.cpt) {
    await state.icd.removeCodeSet(state.cpt);
    state.systems.delete(state.cpt.loadInfo.info.system);
    state.cpt = null;
    state.cptFile = null;
    renderInfo(state.icd);
  }
  if (els.cptKeep.checked) {
    els.cptKeep.checked = false;
    await cptStore('delete').catch(() => {});
    indexedDB.deleteDatabase(CPT_DB);
  }
  els.cptRemove.hidden = true;
  els.cptFile.value = '';
  cptStatus('The CPT descriptors were removed from this page.');
  if (els.q.value.trim()) runSearch();
}

/** A file kept on this device (the user turned "keep" on before) is loaded again. */
async function restoreCpt() {
  if (typeof indexedDB === 'undefined') return;
  let kept = null;
  try {
    // Only look if the database exists: opening it would create it.
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    if (!dbs.some((d) => d.name === CPT_DB)) return;
    kept = await cptStore('get');
  } catch { return; }
  if (!kept || !kept.bytes) return;
  els.cptKeep.checked = true;
  await loadCpt(new Uint8Array(kept.bytes), kept.name || 'CPT descriptors', { fromStorage: true });
}

els.cptFile.disabled = true;  // until the code sets are loaded
els.cptFile.addEventListener('change', async () => {
  const f = els.cptFile.files && els.cptFile.files[0];
  if (!f) return;
  if (f.size > 16 * 1024 * 1024) {
    cptStatus(`${f.name} is ${fmtMB(f.size)}; a CPT descriptor file may be at most 16 MB.`, 'error');
    return;
  }
  await loadCpt(new Uint8Array(await f.arrayBuffer()), f.name);
});

els.cptKeep.addEventListener('change', async () => {
  try {
    if (els.cptKeep.checked) {
      if (state.cptFile) {
        await cptStore('put', { name: state.cptFile.name, bytes: state.cptFile.bytes });
        cptStatus(`${state.cptFile.name} is kept on this device.`, 'ready');
      }
    } else {
      await cptStore('delete');
      // Drop the database itself: nothing of the file stays on this device.
      indexedDB.deleteDatabase(CPT_DB);
      if (state.cptFile) cptStatus(`${state.cptFile.name} is no longer kept on this device (it stays loaded until you close the page).`, 'ready');
    }
  } catch (e) {
    cptStatus(`This browser's storage is not available: ${errorText(e)}`, 'error');
  }
});

els.cptRemove.addEventListener('click', () => {
  removeCpt().then(() => els.cptFile.focus());
});

// ---------------------------------------------------------------------------
// Offline: the service worker (sw.js) caches the app, the engine and the code sets.

function setOfflineStatus(text, kind) {
  els.offline.textContent = text;
  els.offline.dataset.kind = kind;
}

async function askWorkerStatus(worker) {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 3000);
    ch.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    worker.postMessage({ type: 'status' }, [ch.port2]);
  });
}

async function showOfflineReady(reg) {
  const w = reg.active;
  if (!w) return;
  const st = await askWorkerStatus(w);
  if (st && st.complete) {
    setOfflineStatus(`Works offline (${fmtMB(st.bytes)} saved on this device)`, 'ready');
    els.body.dataset.offline = 'ready';
  }
}

function offerUpdate(reg) {
  if (!reg.waiting || !navigator.serviceWorker.controller) return;
  els.update.hidden = false;
  els.updateReload.onclick = () => {
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (reloading) return;
      reloading = true;
      location.reload();
    });
    if (reg.waiting) reg.waiting.postMessage({ type: 'skip-waiting' });
  };
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    setOfflineStatus('Offline use needs HTTPS', 'unavailable');
    return;
  }
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then((reg) => {
    if (!reg) {  // a browser (or test harness) that blocks service workers
      setOfflineStatus('Offline use unavailable', 'unavailable');
      return;
    }
    if (!reg.active) setOfflineStatus('Saving for offline use…', 'installing');
    offerUpdate(reg);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener('statechange', () => {
        if (w.state === 'installed') offerUpdate(reg);
        if (w.state === 'activated') showOfflineReady(reg);
        if (w.state === 'redundant' && !reg.active) setOfflineStatus('Offline use unavailable', 'unavailable');
      });
    });
    if (reg.active) showOfflineReady(reg);
  }, () => setOfflineStatus('Offline use unavailable', 'unavailable'));
}

function onNetworkChange() {
  els.body.classList.toggle('is-offline', !navigator.onLine);
  $('network-status').textContent = navigator.onLine ? '' : 'Network off: working from this device';
}
window.addEventListener('online', onNetworkChange);
window.addEventListener('offline', onNetworkChange);
onNetworkChange();

// ---------------------------------------------------------------------------
// Full screen (where the embedding page allows it) and print

if (document.fullscreenEnabled) {
  els.fullscreen.hidden = false;
  els.fullscreen.addEventListener('click', () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener('fullscreenchange', () => {
    const on = !!document.fullscreenElement;
    els.fullscreen.setAttribute('aria-pressed', on ? 'true' : 'false');
    els.fullscreen.textContent = on ? 'Exit full screen' : 'Full screen';
  });
}

window.addEventListener('beforeprint', () => {
  const meta = els.detail.querySelector('.print-meta');
  if (meta && state.shownDetail) {
    meta.textContent = `${state.shownDetail.label || state.info.label} · ${deepLink(routeOf(state.shownDetail.code, state.shownDetail.system))} · printed ${new Date().toLocaleDateString()}`;
  }
});

start();
