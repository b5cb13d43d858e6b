// medcode page, The code detail view: hierarchy, notes, 7th characters, codes below, actions.
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { h, setKids } from '../lib/dom.mjs';
import { LEVEL_NAMES, NOTE_KINDS, app, badge, billableBadge, codeHref, codeLink, els, parseRoute, routeOf, state } from './common.js';
import { isFavourite, rememberRecent, toggleFavourite } from './mine.js';

// ---------------------------------------------------------------------------
// Code detail

export function renderPlaceholder() {
  delete els.detail.dataset.code;
  setKids(els.detail, h('p', { class: 'placeholder' },
    'Select a code to see its hierarchy, instructional notes and 7th characters.'));
}

export function focusDetail() {
  state.focusDetail = false;
  const heading = els.detail.querySelector('h2');
  if (heading) heading.focus({ preventScroll: true });
  els.detailPane.scrollTop = 0;
}

export async function showDetail(route) {
  const seq = ++state.detailSeq;
  els.detail.setAttribute('aria-busy', 'true');
  const { system, code } = parseRoute(route);
  const opts = { ...(system ? { system } : {}), dateOfService: state.dateOfService };
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
  if (!d.billable) v = await state.icd.validate(d.code, { system: d.system, dateOfService: state.dateOfService }).catch(() => null);
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

/** Codes below d that are not its 7th-character codes (S52.5 has S52.50, ...): choose one of those first. */
const subcodes = (d) => d.children.filter((c) => c.code.replace('.', '').length < 7);

/** In place of the builder on a code that still has codes below it (S52.5): those codes. */
function chooseBelowFirst(d, below) {
  return h('section', { class: 'detail-section builder', 'aria-labelledby': 'builder-heading', id: 'builder-not-yet' },
    h('h3', { class: 'section-title', id: 'builder-heading' }, 'Build the full code'),
    h('p', { class: 'muted' }, `${d.code} has codes below it: choose one of them first; its 7th character goes on that code.`),
    h('ul', { class: 'child-list' }, below.map((c) => h('li', null,
      codeLink(c.code), h('span', { class: 'child-title' }, c.title), billableBadge(c.billable)))));
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

export function deepLink(code) {
  return new URL(codeHref(code), location.href).href;
}

export function detailActions(d) {
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
  // "This year": the year in force on the date of service (codeYear, in a file of several
  // years: a loaded year makes FY2027 an older one), else the file's year.
  const thisYear = d.codeYear || `FY${d.year}`;
  if (d.newThisYear) status.push(badge('new', `New in ${thisYear}`));
  if (d.revisedThisYear) status.push(badge('revised', `Revised in ${thisYear}`));
  // A code set of several years: the year the detail answers for (the date of service's).
  status.push(h('span', { class: 'detail-set' }, d.codeYear ? `${d.system} ${d.codeYear}` : d.label || `${d.system} FY${d.year}`));
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
    needsSeventh(d) ? (subcodes(d).length ? chooseBelowFirst(d, subcodes(d)) : builder(d)) : null,
    flat && !d.notes.length ? null : notesSection(d),  // HCPCS and CPT have no instructional notes
    d.seventh ? seventhTable(d) : null,
    childrenSection(d),
    !d.system || d.system === 'ICD-10-CM' ? app.indexView.whereSection(d.code) : null,
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
