// medcode page, The code-systems filter (shown when more than one code system is loaded).
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { h, setKids } from '../lib/dom.mjs';
import { $, app, els, state } from './common.js';

// ---------------------------------------------------------------------------
// Code systems filter (shown when more than one code system is loaded)

export function renderSystems(group) {
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
export function setSystem(system, on) {
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
  app.runSearch();
}
