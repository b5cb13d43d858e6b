// medcode page: what the views share (elements, state, constants, small helpers, the hooks).
// A view calls a view that loads after it through `app` (filled in by app.js), never by
// importing it, so that the modules form no cycle.
import { h } from '../lib/dom.mjs';

/** Functions of app.js and later views, for the views that load before them. */
export const app = {};

export const STORE_KEY = 'medcode.mine.v1';                     // only written once the user turns "keep" on
export const MAX_RECENT = 20;
export const RESULT_LIMIT = 50;
export const DEBOUNCE_MS = 40;

export const NOTE_KINDS = [
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
export const LEVEL_NAMES = { chapter: 'Chapter', section: 'Section', category: 'Category', subcategory: 'Subcategory', code: 'Code' };

export const $ = (id) => document.getElementById(id);
export const els = {
  body: document.body,
  q: $('q'),
  qLabel: document.querySelector('label[for="q"]'),
  results: $('results'),
  summary: $('results-summary'),
  didYouMean: $('did-you-mean'),
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
export const narrow = window.matchMedia('(max-width: 799px)');

export const state = {
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
  pending: [],         // code systems of the site still loading (searched once they open: app.js joined)
  known: new Set(),    // the code systems loaded when the page last rendered them (app.js joined)
  // The date of service every search, lookup and note uses (views/years.js): today unless the
  // user picks another, remembered for this browser session only.
  dateOfService: sessionStorage.getItem('medcode.dateOfService') || localToday(),
};

/** Today's date where the user is, YYYY-MM-DD. */
export function localToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------
// DOM helpers (text only through textContent: nothing is parsed as HTML)

export const codeHref = (code) => `#/code/${encodeURIComponent(code)}`;
export const codeLink = (code, text = code) => h('a', { href: codeHref(code), class: 'code-link' }, text);
export const fmtInt = (n) => Number(n).toLocaleString('en-US');
export const fmtMB = (n) => `${(n / 1048576).toFixed(1)} MB`;

export function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function billableBadge(billable) {
  return billable ? badge('billable', 'Billable') : badge('header', 'Header');
}

/** A result's badge: billable, terminated (a dated code past its last date of service), or a header. */
export function statusBadge(x) {
  if (x.terminated) return badge('terminated', 'Terminated');
  return billableBadge(x.billable);
}

// Routes name the code system of codes outside ICD-10-CM ("#/code/HCPCS:J1100"), because a
// HCPCS or CPT code can read like an ICD-10-CM code without its dot (J1100 and J11.00).
// Routes of views whose modules app.js loads later (views/practice.js, claims.js, ...).
export const isPracticeRoute = (hash) => /^#\/practice(\/|$)/.test(hash || '');
export const CLAIMS_ROUTE = /^#\/claims(\/|$)/;
export const NOTE_ROUTE = /^#\/note(\/|$)/;
export const UPDATES_ROUTE = /^#\/updates\/?$/;
export const routeOf = (code, system) => (system && system !== 'ICD-10-CM' ? `${system}:${code}` : code);
export function parseRoute(text) {
  const m = /^([A-Za-z][A-Za-z0-9-]*):(.+)$/.exec(text);
  return m ? { system: m[1].toUpperCase(), code: m[2] } : { system: null, code: text };
}

export function errorText(e) {
  if (e && e.code) return `${e.message} (${e.code})`;
  return e && e.message ? e.message : String(e);
}

// ---------------------------------------------------------------------------
// Views with a route of their own (#/claims in claims.js, #/note in note.js), shown in place
// of the search panes.

/**
 * Shows `view` while location.hash matches `pattern` (with body class `bodyClass`, the nav link
 * `navId` marked current, the page named `title`, then `onShow()`), and hides it otherwise.
 * The nav link opens it (then `onNav()`, e.g. to move the focus); typing in the search box
 * leaves it. It follows hashchange and popstate, looks again after clicks on in-page links
 * (app.js changes the URL with pushState, which fires no event), and names the page again
 * once the code sets are loaded (app.js names it then). go(hash) pushes a route and tells
 * app.js and the other views (a hashchange event). Returns { go, isOn, apply }.
 */
export function routedView({ pattern, view, bodyClass, navId, title, onShow, onNav }) {
  const isOn = () => pattern.test(location.hash);
  const nav = document.getElementById(navId);
  function apply() {
    const on = isOn();
    document.body.classList.toggle(bodyClass, on);
    view.hidden = !on;
    if (nav) {
      if (on) nav.setAttribute('aria-current', 'page');
      else nav.removeAttribute('aria-current');
    }
    if (on) {
      document.title = title;
      if (onShow) onShow();
    }
  }
  function go(hash) {
    const depth = (history.state && history.state.depth) || 0;
    history.pushState({ depth: depth + 1 }, '', hash);
    apply();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
  if (nav) {
    nav.addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();  // (app.js leaves prevented clicks alone)
      if (!isOn()) go(nav.getAttribute('href'));
      if (onNav) onNav();
    });
  }
  if (els.q) els.q.addEventListener('input', () => { if (isOn()) go('#/'); });
  window.addEventListener('hashchange', apply);
  window.addEventListener('popstate', apply);
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('a[href^="#/"]')) setTimeout(apply, 0);
  });
  new MutationObserver(() => { if (document.body.dataset.state === 'ready') apply(); })
    .observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  apply();
  return { go, isOn, apply };
}

/**
 * The files of the claim checker, from the site's code-set list (codesets/index.json): the
 * newest ICD-10-CM code set and the claim-edits file, each by its versioned name (href); and
 * the import state of that ICD-10-CM file (icdStateUrl, null if the site has none: a new year
 * is compiled onto the pair in the Updates view).
 */
export async function claimFiles() {
  let list;
  try {
    const res = await fetch('codesets/index.json', { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    list = await res.json();
  } catch (e) {
    throw new Error(`the site's code-set list (codesets/index.json) could not be read: ${e && e.message ? e.message : e}`);
  }
  if (!Array.isArray(list)) throw new Error("the site's code-set list (codesets/index.json) is not a list");
  const icd = list.filter((e) => e && e.system === 'ICD-10-CM').sort((a, b) => (b.year || 0) - (a.year || 0))[0];
  const edits = list.filter((e) => e && typeof e.id === 'string' && e.id.startsWith('edits-')).sort((a, b) => b.id.localeCompare(a.id))[0];
  if (!icd) throw new Error('this site has no ICD-10-CM code set (codesets/index.json lists none)');
  if (!edits) throw new Error('this site has no claim-edits file (codesets/index.json lists no edits-* file)');
  const name = (e) => e.href || e.file;  // the versioned name (file?v=HASH) when the list has it
  return { icdUrl: name(icd), editsUrl: name(edits), icdStateUrl: icd.importStateHref || null };
}
