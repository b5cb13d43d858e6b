// medcode page: ICD-10-CM search and code detail. The engine runs in a Web Worker
// (lib/worker.mjs) over a code-set file fetched from this site; nothing typed here
// leaves the browser. No inline scripts or styles (the CSP forbids them).
import { createWorkerCodeSet } from './lib/worker-client.mjs';

const CODESET_URL = 'codesets/icd10cm-2026.mcs.gz';
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
  results: $('results'),
  summary: $('results-summary'),
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
  lastQuery: '',
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
  setKids(els.error,
    h('strong', { class: 'error-title' }, title),
    h('span', { class: 'error-message' }, err ? (err.message || String(err)) : ''),
    err && err.code ? h('span', { class: 'error-code' }, `Error code: ${err.code}`) : null,
    hint ? h('span', { class: 'error-hint' }, hint) : null,
  );
  els.error.hidden = false;
}

function onProgress(p) {
  if (p.phase === 'engine') {
    els.loadText.textContent = 'Starting the local search engine…';
    els.loadProgress.removeAttribute('value');
  } else if (p.phase === 'download') {
    if (p.total) {
      els.loadText.textContent = `Loading the code set: ${fmtMB(p.loaded)} of ${fmtMB(p.total)}`;
      els.loadProgress.max = p.total;
      els.loadProgress.value = p.loaded;
    } else {
      els.loadText.textContent = 'Loading the code set…';
    }
  } else if (p.phase === 'open') {
    els.loadText.textContent = 'Checking and opening the code set…';
    els.loadProgress.removeAttribute('value');
  }
}

function renderInfo(info, timing) {
  const label = info.label || `${info.system} ${info.year}`;
  els.brandSystem.textContent = label;
  const seconds = timing ? ((timing.engineMs + timing.fetchMs + timing.openMs) / 1000).toFixed(1) : null;
  setKids(els.codesetLabel,
    h('strong', null, label),
    h('span', { class: 'codeset-extra' },
      ` · effective ${info.effectiveFrom} to ${info.effectiveTo} · ${fmtInt(info.codes)} codes`,
      seconds ? ` · loaded in ${seconds} s` : ''),
  );
  setKids(els.sourcesList, ...(info.inputs || []).map((inp) => h('li', null,
    h('span', { class: 'src-name' }, inp.name),
    ` ${inp.role}, FY${inp.year}, ${inp.kind}`,
    h('span', { class: 'src-sha', title: `sha256 ${inp.sha256}` }, ` sha256 ${String(inp.sha256).slice(0, 12)}…`),
  )));
  els.sources.hidden = !(info.inputs && info.inputs.length);
}

async function start() {
  setState('loading');
  route();  // show the right pane while loading (a deep link waits for the code set)
  let icd;
  try {
    icd = await createWorkerCodeSet(CODESET_URL, { onProgress });
  } catch (e) {
    els.load.hidden = true;
    setState('error');
    els.codesetLabel.textContent = 'No code set loaded';
    showError('The code set could not be loaded.', e,
      'Reload the page to try again. If this keeps happening, the site files may be incomplete or damaged: ask whoever installed it to rebuild the site.');
    return;
  }
  state.icd = icd;
  state.info = icd.loadInfo.info;
  renderInfo(state.info, icd.loadInfo.timing);
  els.load.hidden = true;
  els.q.disabled = false;
  setState('ready');
  if (!location.hash.startsWith('#/code/')) els.q.focus();
  if (els.q.value.trim()) runSearch();
  route();
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

function renderResults(r) {
  state.results = r ? r.results : [];
  state.active = -1;
  els.q.removeAttribute('aria-activedescendant');
  if (!r) {
    setKids(els.results);
    els.summary.textContent = '';
    els.help.hidden = false;
    els.q.setAttribute('aria-expanded', 'false');
    return;
  }
  els.help.hidden = true;
  const words = queryWords(r.query);
  setKids(els.results, ...r.results.map((x, i) => h('li', {
    id: `opt-${i}`, role: 'option', 'aria-selected': 'false', class: 'result', 'data-code': x.code,
  },
  h('span', { class: 'result-code' }, x.code),
  h('span', { class: 'result-title' }, highlighted(x.title, words)),
  h('span', { class: 'result-meta' },
    billableBadge(x.billable),
    h('span', { class: 'result-set' }, `${x.system} FY${x.year}`)),
  )));
  els.q.setAttribute('aria-expanded', r.results.length ? 'true' : 'false');
  const parts = [];
  if (!r.total) parts.push(`No codes match “${r.query}”.`);
  else if (r.total > r.results.length) parts.push(`${fmtInt(r.total)} matches, showing the first ${r.results.length}.`);
  else parts.push(`${fmtInt(r.total)} ${r.total === 1 ? 'match' : 'matches'}.`);
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
  try {
    const r = await state.icd.search(q, { limit: RESULT_LIMIT, signal: ac.signal, stream: 'typeahead' });
    if (seq !== state.searchSeq) return;  // a newer search was issued: ignore this stale reply
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

function scheduleSearch() {
  clearTimeout(state.debounce);
  state.debounce = setTimeout(runSearch, DEBOUNCE_MS);
}

function openActive() {
  const i = state.active >= 0 ? state.active : 0;
  const r = state.results[i];
  if (!r) return false;
  if (state.active < 0) setActive(0);
  navigate(r.code, { focus: true });
  return true;
}

els.q.addEventListener('input', () => {
  if (narrow.matches && currentRoute()) navigateHome();
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

function route() {
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

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href^="#/"]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const m = /^#\/code\/(.+)$/.exec(a.getAttribute('href'));
  if (m) navigate(decodeURIComponent(m[1]), { focus: true });
  else goBack();
});

document.addEventListener('keydown', (e) => {
  const t = e.target;
  const editing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement ||
    t instanceof HTMLSelectElement || (t && t.isContentEditable);
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

async function showDetail(code) {
  const seq = ++state.detailSeq;
  els.detail.setAttribute('aria-busy', 'true');
  let d;
  let v = null;
  try {
    d = await state.icd.lookup(code);
  } catch (e) {
    if (seq !== state.detailSeq) return;
    v = await state.icd.validate(code).catch(() => null);
    if (seq !== state.detailSeq) return;
    renderNotFound(code, e, v);
    return;
  }
  if (!d.billable) v = await state.icd.validate(d.code).catch(() => null);
  if (seq !== state.detailSeq) return;
  state.shownCode = code;
  renderDetail(d, v);
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
        h('span', { class: 'built-actions' }, codeLink(full, `Open ${full}`), copyButton(full)),
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

function copyButton(code) {
  if (!navigator.clipboard) return null;
  const b = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${code}` }, 'Copy');
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      b.textContent = 'Copied';
    } catch {
      b.textContent = 'Copy failed';
    }
    setTimeout(() => { b.textContent = 'Copy'; }, 1500);
  });
  return b;
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
  status.push(d.billable ? badge('billable', 'Billable') : badge('header', 'Header: not billable'));
  if (d.newThisYear) status.push(badge('new', `New in FY${d.year}`));
  if (d.revisedThisYear) status.push(badge('revised', `Revised in FY${d.year}`));
  status.push(h('span', { class: 'detail-set' }, d.label || `${d.system} FY${d.year}`));
  const explain = !d.billable && v && v.message ? h('p', { class: 'validation' }, v.message) : null;
  setKids(els.detail,
    backButton(),
    breadcrumbs(d),
    h('header', { class: 'detail-head' },
      h('h2', { tabindex: '-1' }, h('span', { class: 'detail-code' }, d.code), h('span', { class: 'detail-title' }, d.title)),
      d.shortTitle && d.shortTitle !== d.title ? h('p', { class: 'short-title' }, `Short title: ${d.shortTitle}`) : null,
      h('div', { class: 'status' }, status, d.billable ? copyButton(d.code) : null),
      explain,
      d.deletedNote ? h('p', { class: 'deleted-note' }, d.deletedNote) : null),
    needsSeventh(d) ? builder(d) : null,
    notesSection(d),
    d.seventh ? seventhTable(d) : null,
    childrenSection(d),
  );
}

start();
