// medcode page, Recent and favourite codes (kept on this device only once the user turns that on).
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { h, setKids } from '../lib/dom.mjs';
import { MAX_RECENT, STORE_KEY, app, codeLink, els, routeOf, state } from './common.js';

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

export function rememberRecent(d) {
  if (!state.mine.remember) return;
  state.mine.recent = [mineItem(d), ...state.mine.recent.filter((x) => x.code !== d.code)].slice(0, MAX_RECENT);
  saveMine();
  renderMine();
}

export function isFavourite(code) {
  return state.mine.favourites.some((x) => x.code === code);
}

export function toggleFavourite(d) {
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
  if (old && state.shownDetail) old.replaceWith(app.detailActions(state.shownDetail));
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
