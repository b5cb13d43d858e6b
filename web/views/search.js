// medcode page, The search view: the combobox, the results listbox, the filtered-out notice.
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { h, setActiveOption, setKids } from '../lib/dom.mjs';
import { DEBOUNCE_MS, RESULT_LIMIT, app, codeLink, els, errorText, fmtInt, narrow, routeOf, state, statusBadge } from './common.js';
import { setSystem } from './systems.js';

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
  state.active = setActiveOption(els.results, els.q, state.active, i, { scroll });
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
    renderDidYouMean(null);
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
    i < (r.leads || 0) ? h('span', { class: 'result-lead' }, `best for “${x.matchedWords.join(' ')}”`) : null,
    statusBadge(x),
    h('span', { class: 'result-set' }, x.label || `${x.system} FY${x.year}`),
    matchReason(x) ? h('span', { class: 'result-why' }, `matched in ${matchReason(x)}`) : null),
  )));
  els.q.setAttribute('aria-expanded', r.results.length ? 'true' : 'false');
  const parts = [];
  // With the filter on, the summary names what was searched ("12 matches in HCPCS").
  const scope = r.scope ? ` in ${r.scope.join(' and ')}` : '';
  const codes = (n) => `${fmtInt(n)} ${n === 1 ? 'code' : 'codes'}`;
  const isWords = r.results.length && r.results[0].match === 'words';
  if (!r.total) parts.push(`No ${r.scope ? `${r.scope.join(' or ')} ` : ''}codes match “${r.query}”.`);
  else if (!isWords && r.total > r.results.length) parts.push(`${fmtInt(r.total)} matches${scope}, showing the first ${r.results.length}.`);
  else if (!isWords) parts.push(`${fmtInt(r.total)} ${r.total === 1 ? 'match' : 'matches'}${scope}.`);
  else {
    // How many match every word, and how many only some (a query of several conditions: none has every word).
    parts.push(r.everyWord
      ? `${codes(r.total)}${scope} match every word, ${fmtInt(r.partial || 0)} only some${r.total + (r.partial || 0) > r.results.length ? `; showing the first ${r.results.length}` : ''}.`
      : `No code${scope} matches every word: ${codes(r.total)} match the most, ${fmtInt(r.partial || 0)} fewer.`);
  }
  if (r.leads > 1) {
    const led = r.results.slice(0, r.leads).map((x) => `${x.code} for “${x.matchedWords.join(' ')}”`);
    parts.push(`The query names ${r.leads} conditions; each leads with its best code: ${led.join('; ')}.`);
  }
  for (const [system, codes] of groupBySystem(state.filteredOut)) {
    parts.push(`${codes.join(', ')} ${codes.length === 1 ? 'is' : 'are'} in ${system}, which is filtered out.`);
  }
  if (r.unknownWords && r.unknownWords.length) {
    parts.push(`No code uses the word${r.unknownWords.length > 1 ? 's' : ''} ${r.unknownWords.map((w) => `“${w}”`).join(', ')}.`);
  }
  // Code sets still loading (HCPCS on a first visit): not searched yet; the list is searched
  // again when they open (app.js joined), and this line says so meanwhile.
  const loading = r.pending || [];
  if (loading.length) {
    parts.push(`${loading.join(' and ')} ${loading.length === 1 ? 'is' : 'are'} still loading: ${loading.length === 1 ? 'its' : 'their'} codes join these results when ${loading.length === 1 ? 'it opens' : 'they open'}.`);
  }
  els.summary.textContent = parts.join(' ');
  els.summary.classList.toggle('summary-empty', !r.total);
  renderDidYouMean(r);
}

/** A code-shaped query that is no code ("T36.01A"): the codes it most likely means, as links, and why. */
function renderDidYouMean(r) {
  const list = (r && r.didYouMean) || [];
  els.didYouMean.hidden = !list.length;
  if (!list.length) {
    setKids(els.didYouMean);
    return;
  }
  const links = [];
  list.slice(0, 5).forEach((c, i) => links.push(i ? ', ' : '', codeLink(routeOf(c, r.results[0] ? r.results[0].system : 'ICD-10-CM'), c)));
  setKids(els.didYouMean, 'Did you mean ', ...links, '? ', h('span', { class: 'muted' }, r.didYouMeanReason || ''));
}

export async function runSearch() {
  const q = els.q.value;
  state.lastQuery = q;
  const seq = ++state.searchSeq;
  if (state.searchAbort) state.searchAbort.abort();
  state.searchAbort = null;
  if (!q.trim() || !state.icd) {
    renderResults(null);
    // Typed while the code sets load: app.js searches it once they are open.
    if (q.trim()) els.summary.textContent = 'The code sets are still loading: this search runs as soon as they are open.';
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
      dateOfService: state.dateOfService,
    });
    const hidden = probe ? await probe : null;
    if (seq !== state.searchSeq) return;  // a newer search was issued: ignore this stale reply
    r.scope = off.length ? on : null;
    r.pending = state.pending.filter((s) => !loaded.includes(s));
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
    app.navigate(routeOf(x.code, x.system), { focus: true });
    return true;
  }
  if (state.active < 0) setActive(0);
  app.navigate(routeOf(r.code, r.system), { focus: true });
  return true;
}

// A paste longer than the box takes (maxlength) is cut by the browser without a word: say
// that it was cut, how much, and where.
const cutNote = h('p', { id: 'search-cut', class: 'search-cut', role: 'status', hidden: true });
els.summary.before(cutNote);
let pasteCut = null;

els.q.addEventListener('paste', (e) => {
  const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
  const max = els.q.maxLength > 0 ? els.q.maxLength : Infinity;
  const room = max - (els.q.value.length - (els.q.selectionEnd - els.q.selectionStart));
  const kept = text.replace(/[\r\n]+/g, ' ');  // a text input keeps one line
  pasteCut = kept.length > room ? { room: Math.max(0, room), total: kept.length, from: kept.slice(Math.max(0, room), Math.max(0, room) + 24) } : null;
});

function showCut() {
  if (!pasteCut) {
    cutNote.hidden = true;
    cutNote.textContent = '';
    return;
  }
  const { room, total, from } = pasteCut;
  cutNote.textContent = `The pasted text was cut: the search box takes ${fmtInt(els.q.maxLength)} characters, so ${fmtInt(room)} of the `
    + `${fmtInt(total)} pasted characters were kept. It was cut before “${from.trim()}…” (character ${fmtInt(room + 1)}).`;
  cutNote.hidden = false;
}

els.q.addEventListener('input', (e) => {
  if (e.inputType !== 'insertFromPaste') pasteCut = null;
  showCut();
  if ((narrow.matches && app.currentRoute()) || app.indexView.active) app.navigateHome();
  scheduleSearch();
});

els.q.addEventListener('keydown', (e) => {
  if (e.isComposing) return;
  const n = state.results.length;
  switch (e.key) {
    case 'ArrowDown':
      e.preventDefault();
      if (n) setActive(Math.min(state.active + 1, n - 1));
      if (narrow.matches && app.currentRoute()) app.navigateHome();
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
      } else if (app.currentRoute()) {
        app.goBack();
      }
      break;
    default:
  }
});

els.results.addEventListener('click', (e) => {
  const li = e.target.closest('li[role="option"]');
  if (!li) return;
  setActive(Number(li.id.slice(4)), { scroll: false });
  app.navigate(li.dataset.code, { focus: true });
});
// Keep the focus in the search box when the list is clicked.
els.results.addEventListener('mousedown', (e) => e.preventDefault());
