// medcode page: ICD-10-CM search and code detail. The engine runs in a Web Worker
// (lib/worker.mjs) over a code-set file fetched from this site; nothing typed here
// leaves the browser. No inline scripts or styles (the CSP forbids them).
import { openStarted } from './start.js';
import { IndexView, isIndexRoute } from './index-view.js';
import { h, setKids } from './lib/dom.mjs';
import { $, CLAIMS_ROUTE, NOTE_ROUTE, UPDATES_ROUTE, app, codeHref, els, fmtInt, fmtMB, isPracticeRoute, narrow, parseRoute, routeOf, state } from './views/common.js';
import { renderSystems } from './views/systems.js';
import { deepLink, detailActions, focusDetail, renderPlaceholder, showDetail } from './views/detail.js';
import { runSearch } from './views/search.js';
import { restoreCpt } from './views/cpt.js';
import { registerServiceWorker } from './views/offline.js';
import { startChangesView, startDateOfService } from './views/years.js';

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

async function start() {
  setState('loading');
  route();  // show the right pane while loading (a deep link waits for the code set)
  // The search box takes a query while the code sets load: it is searched once they are open.
  els.q.disabled = false;
  let group;
  try {
    // A code set that fails (e.g. HCPCS) does not stop the others: the page works with what
    // loaded and says what did not (showPartialLoad). Only when none loads is it an error.
    group = await openStarted(onProgress);  // started by start.js when the page began
  } catch (e) {
    els.load.hidden = true;
    els.q.disabled = true;
    setState('error');
    els.codesetLabel.textContent = 'No code set loaded';
    practiceView.setCodeSet(null);  // says that practice needs the ICD-10-CM code set
    showError('The code set could not be loaded.', e,
      'Reload the page to try again. If this keeps happening, the site files may be incomplete or damaged: ask whoever installed it to rebuild the site.');
    loadLaterViews();
    return;
  }
  state.icd = group;
  indexView.setCodeSet(group);
  practiceView.setCodeSet(group);
  state.info = group.members[0].info;
  state.systems = new Set(group.systems);
  state.known = new Set(group.systems);  // the systems the group had when last rendered (joined)
  // A query typed while the code sets loaded goes to the Worker first: it searches while this
  // thread renders the rest (the header, the views' code sets: 20-45 ms of a cold visit), and
  // its results are shown when they come (after this function has run to its end).
  const first = els.q.value.trim() ? runSearch() : null;
  renderInfo(group);
  showPartialLoad(group);
  els.load.hidden = true;
  els.cptFile.disabled = false;
  showPending(group);
  setState('ready');
  // A new date of service may be in another code year: search and the shown code again.
  startDateOfService(group, () => {
    if (els.q.value.trim()) runSearch();
    if (state.shownCode && location.hash.startsWith('#/code/')) showDetail(state.shownCode);
  });
  startChangesView(group);
  restoreCpt();
  // (not when the user is already in another field, e.g. typing a note while the code set loads)
  const busy = document.activeElement && document.activeElement !== document.body && document.activeElement !== els.q;
  if (!location.hash.startsWith('#/code/') && !busy) els.q.focus();
  route();
  // The code sets still loading (HCPCS) join the search when they open: after the next frame,
  // so that the first results (ICD-10-CM's, just rendered) are painted before the search runs
  // again and the list is laid out anew (HCPCS often opens a few ms after ICD-10-CM: its
  // join held that frame back by 40-70 ms in a traced cold visit).
  group.complete.then(afterNextPaint).then(() => joined(group));
  Promise.resolve(first).catch(() => {}).then(afterNextPaint).then(loadLaterViews);
  // After the Workers' copies of the code sets are stored: the service worker adopts them.
  group.stored().then(registerServiceWorker);
}

/** Resolves once the browser has had a frame to paint what is rendered (at most 100 ms: a hidden tab has no frames). */
function afterNextPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

/**
 * The code sets still loading when the page became ready (group.pending): the search says so
 * (views/search.js) and body[data-pending] names them (tests wait on it).
 */
function showPending(group) {
  const pending = [...new Set(group.pending.map((e) => e.system || e.label || e.file))];
  state.pending = pending;
  if (pending.length) els.body.dataset.pending = pending.join(' ');
  else delete els.body.dataset.pending;
}

/**
 * The code sets that were still loading are in (or failed): they are searched from now on
 * (their systems join the filter, on), the header and footer name them, and a search shown
 * is run again, so the list becomes the one with every code set open (announced politely by
 * the results summary).
 */
function joined(group) {
  for (const s of group.systems) if (!state.known.has(s)) state.systems.add(s);
  state.known = new Set(group.systems);
  renderInfo(group);
  showPartialLoad(group);
  showPending(group);
  if (app.codeSetsChanged) app.codeSetsChanged({ rerun: false });  // the header's year in force
  if (els.q.value.trim()) runSearch();
  // A link to a code of a set that was still loading is shown now (route() waited for it).
  const code = currentRoute();
  if (code && code !== state.shownCode) route();
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
// The Practice view (views/practice.js): #/practice, #/practice/ID, #/practice/exam. Its modules
// load when a practice route first opens (not before the first search); this stands in till then.
const practiceView = {
  view: null,
  group: undefined,  // (not given yet)
  loading: null,
  get active() { return this.view ? this.view.active : isPracticeRoute(location.hash); },
  setCodeSet(group) {
    this.group = group;
    if (this.view) this.view.setCodeSet(group);
  },
  route(hash) {
    if (this.view) return this.view.route(hash);
    const on = isPracticeRoute(hash);
    $('practice-view').hidden = !on;
    if (on && !this.loading) {
      this.loading = import('./views/practice.js').then(({ PracticeView }) => {
        this.view = new PracticeView($('practice-view'));
        if (this.group !== undefined) this.view.setCodeSet(this.group);
        route();
      }, (e) => showError('The Practice view could not be loaded.', e, 'Reload the page to try again.'));
    }
    return on;
  },
};

// The claim check, note coding and Updates views load once the first result is painted (or the
// code sets failed), not beside what the first search waits for; at once on one of their routes,
// or when a link to one is followed (then clicked again). Module scripts, run in this order.
const LATER_VIEWS = [[CLAIMS_ROUTE, 'claims.js'], [NOTE_ROUTE, 'views/note.js'], [UPDATES_ROUTE, 'views/updates.js']];
const laterRoute = (hash) => LATER_VIEWS.some(([re]) => re.test(hash || ''));
let laterViews = null;
let laterViewsSettled = false;
function loadLaterViews() {
  if (!laterViews) {
    laterViews = Promise.all(LATER_VIEWS.map(([, src]) => new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.type = 'module';
      s.async = false;
      s.src = src;
      s.addEventListener('load', resolve);
      s.addEventListener('error', () => reject(new Error(`${src} did not load`)));
      document.head.append(s);
    }))).catch((e) => {
      showError('A view of this page could not be loaded.', e, 'Reload the page to try again.');
    }).then(() => { laterViewsSettled = true; });
  }
  return laterViews;
}
if (laterRoute(location.hash)) loadLaterViews();

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
  const inPractice = practiceView.route(location.hash);
  const inIndex = indexView.route(location.hash);
  els.body.classList.toggle('view-index', inIndex);
  els.body.classList.toggle('view-practice', inPractice);
  for (const a of document.querySelectorAll('.view-link')) {
    const href = a.getAttribute('href');
    if (!isPracticeRoute(href) && !isIndexRoute(href)) continue;  // their own views mark them (views/years.js)
    const on = isPracticeRoute(href) ? inPractice : isIndexRoute(href) === inIndex && !inPractice;
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (inPractice) {
    els.body.classList.remove('view-detail', 'view-search');
    return;
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
  if (state.pending.includes(parseRoute(code).system)) return;  // shown once its code set joins (joined)
  if (code === state.shownCode) {
    if (state.focusDetail) focusDetail();
    return;
  }
  showDetail(code);
}

window.addEventListener('popstate', route);
// Typing a search leaves the Practice view for the results.
els.q.addEventListener('input', () => { if (practiceView.active) navigateHome(); });
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
  if (!laterViewsSettled && laterRoute(a.getAttribute('href'))) {
    loadLaterViews().then(() => a.click());
    return;
  }
  const m = /^#\/code\/(.+)$/.exec(a.getAttribute('href'));
  if (m) navigate(decodeURIComponent(m[1]), { focus: true });
  else if (isIndexRoute(a.getAttribute('href')) || isPracticeRoute(a.getAttribute('href'))) navigateIndex(a.getAttribute('href'));
  else if (indexView.active || practiceView.active) navigateHome();
  else goBack();
});

document.addEventListener('keydown', (e) => {
  const t = e.target;
  // Typing "/" into another text field types it; anywhere else it focuses and selects the search.
  const editing = (t instanceof HTMLInputElement && !/^(checkbox|radio|button|submit|reset|range|color)$/.test(t.type)) ||
    t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t && t.isContentEditable) ||
    (t && t.localName === 'code-search');  // its input is in its shadow root
  // In the search box itself, "/" is typed inside a query ("s/p"); when the box is empty or
  // wholly selected (as on load) it selects the box instead of typing a slash.
  const boxIdle = t === els.q && (els.q.value === '' || (els.q.selectionStart === 0 && els.q.selectionEnd === els.q.value.length));
  if (e.key === '/' && (!editing || boxIdle) && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    if (narrow.matches && currentRoute()) navigateHome();
    els.q.focus();
    els.q.select();
  } else if (e.key === 'Escape' && t !== els.q && !(t instanceof HTMLSelectElement) && !practiceView.active) {
    if (currentRoute()) {
      e.preventDefault();
      goBack();
    } else {
      els.q.focus();
    }
  }
});

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

// The status bar in a side panel (narrow): one line (the code sets) and a disclosure for the rest.
const statusbar = document.querySelector('.statusbar');
if (statusbar) {
  statusbar.id = statusbar.id || 'statusbar';
  const toggle = h('button', { type: 'button', class: 'statusbar-toggle', id: 'statusbar-toggle', 'aria-expanded': 'false',
    'aria-controls': statusbar.id, 'aria-label': 'More about this site' }, 'More');
  toggle.addEventListener('click', () => {
    const open = !statusbar.classList.contains('is-open');
    statusbar.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    toggle.textContent = open ? 'Less' : 'More';
  });
  statusbar.append(toggle);
}

// Calls from the views into this module and into views that load later.
Object.assign(app, { currentRoute, detailActions, goBack, indexView, navigate, navigateHome, renderInfo, route, runSearch, start });

start();
