// medcode page: "Code a note" (#/note). A note pasted or typed here is coded by the engine in
// the page's ICD-10-CM Worker (CodeSet.suggest through lib/worker-client.mjs): the codes to
// report in reporting order, each tied to its evidence in the text, with why, the guideline
// rules applied and the alternatives; and what was not coded and why. The coder accepts,
// rejects or swaps each suggestion; the accepted codes go to the claim form (claims.js,
// through app.fillClaimDiagnoses) in one click, or to the clipboard.
//
// Privacy: the note is protected health information. Its text lives only in the text box and
// in this module's memory, and goes only to the Worker (postMessage). It is never put in the
// URL, the history, any storage, a log or an error message: the text box has no name and
// autocomplete="off" (the browser does not restore it), the form never submits, and what
// goes to the clipboard or the claim form is codes and titles only.
import { h, setKids } from '../lib/dom.mjs';
import { NOTE_ROUTE, app, badge, billableBadge, codeLink, errorText, fmtInt, routedView, state as page } from './common.js';

const SETTINGS = [
  ['outpatient', 'Outpatient', 'uncertain diagnoses ("probable", "r/o") are not coded; their signs or symptoms are (guideline IV.H)'],
  ['inpatient', 'Inpatient', 'uncertain diagnoses at discharge are coded as if established (guidelines II.H, III.C)'],
];
const NOT_CODED = {
  negated: 'Negated', 'ruled-out': 'Ruled out', uncertain: 'Uncertain', history: 'History of',
  'family-history': 'Family history', 'symptom-explained': 'Symptom of a coded condition',
  excludes1: 'Excludes1 conflict', combined: 'In a combination code', 'less-specific': 'Less specific',
};
const STATUS_TEXT = { pending: 'Suggested', accepted: 'Accepted', rejected: 'Rejected' };
const LETTERS = 'ABCDEFGHIJKL';
const encoder = new TextEncoder();

const st = {
  maxBytes: 0,      // MAX_NOTE_BYTES of lib/medcode.mjs (imported when the view first opens)
  result: null,     // the last suggest() answer
  text: '',         // the text it was coded from (memory only)
  items: [],        // per suggestion: { status, alt (index into alternatives, -1: the suggested code), billable }
  seq: 0,
  countFrame: 0,
};
const els = {};

// ---------------------------------------------------------------------------
// Helpers

const plural = (n, one, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;
const byteLength = (text) => encoder.encode(text).length;
const quote = (text) => `\u201c${text}\u201d`;
const sectionName = (s) => (s ? s.replace(/-/g, ' ') : '');

function icdCodeSet() {
  const group = page.icd;
  if (!group) return null;
  const m = group.members.find((x) => x.info.system === 'ICD-10-CM');
  return m ? m.cs : null;
}

/** Resolves once the page's code sets are loaded (body[data-state=ready]); rejects if they cannot be. */
function whenReady() {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = document.body.dataset.state;
      if (s === 'ready' && icdCodeSet()) {
        mo.disconnect();
        resolve(icdCodeSet());
      } else if (s === 'error') {
        mo.disconnect();
        reject(new Error('the ICD-10-CM code set could not be loaded (see the message at the top of the page)'));
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
    check();
  });
}

function limit() {
  if (!st.limitPromise) {
    st.limitPromise = import('../lib/medcode.mjs').then((m) => {
      st.maxBytes = m.MAX_NOTE_BYTES;
      showCount();
      return st.maxBytes;
    });
  }
  return st.limitPromise;
}

/**
 * The text cut at every span's ends: [{ start, end, sugs: [suggestion indexes], ncs: [not-coded
 * indexes] }] covering 0..length in order. Spans may overlap (E11.22 and N18.32 share "CKD").
 */
function segments(length, spans) {
  const cuts = new Set([0, length]);
  const ok = spans.filter((s) => s.end > s.start && s.start >= 0 && s.end <= length);
  for (const s of ok) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const pts = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < pts.length; k++) {
    const [a, b] = [pts[k], pts[k + 1]];
    const on = ok.filter((s) => s.start <= a && s.end >= b);
    out.push({
      start: a, end: b,
      sugs: [...new Set(on.filter((s) => s.kind === 's').map((s) => s.i))],
      ncs: [...new Set(on.filter((s) => s.kind === 'n').map((s) => s.i))],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// The view

function build() {
  els.text = h('textarea', {
    id: 'note-text', class: 'note-input', rows: '10', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
    'aria-describedby': 'note-count note-help',
    placeholder: 'e.g. Assessment/Plan: 1. Type 2 diabetes with CKD stage 3b. 2. CHF w/ afib. Denies chest pain.',
  });
  els.text.addEventListener('input', onInput);
  els.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      els.form.requestSubmit();
    }
  });
  els.count = h('span', { id: 'note-count', class: 'note-count' });
  els.settings = SETTINGS.map(([value, label, hint], i) => h('label', { class: 'note-setting' },
    h('input', { type: 'radio', name: 'note-setting', value, id: `note-setting-${value}`, checked: i === 0 }),
    h('span', null, h('strong', null, label), `: ${hint}`)));
  els.message = h('p', { id: 'note-message', class: 'note-message', role: 'status', 'aria-live': 'polite' });
  els.form = h('form', { id: 'note-form', class: 'note-form', novalidate: true, onsubmit: onSubmit },
    h('label', { for: 'note-text', class: 'note-label' }, 'Note text'),
    els.text,
    h('p', { class: 'note-help', id: 'note-help' },
      els.count, ' · One line or a whole note (an assessment and plan, a problem list, a discharge summary). ',
      h('kbd', null, 'Ctrl'), '+', h('kbd', null, 'Enter'), ' codes it.'),
    h('fieldset', { class: 'note-settings' }, h('legend', null, 'Setting'), els.settings),
    h('div', { class: 'note-actions' },
      h('button', { type: 'submit', id: 'note-code', class: 'cf-primary' }, 'Code the note'),
      h('button', { type: 'button', id: 'note-clear', onclick: clearAll }, 'Clear')),
    els.message);

  els.doc = h('div', { id: 'note-doc', class: 'note-doc', tabindex: '-1', 'aria-label': 'The note, with the evidence of each code marked' });
  els.doc.addEventListener('keydown', onDocKey);
  els.doc.addEventListener('click', (e) => {
    const m = e.target.closest('mark[data-s]');
    if (m) goToCode(m);
  });
  els.stale = h('p', { id: 'note-stale', class: 'note-stale', hidden: true },
    'The text has changed since it was coded: code it again to update the codes and their evidence.');
  els.codes = h('ol', { id: 'note-codes', class: 'note-codes', 'aria-label': 'Codes to report, in reporting order' });
  els.summary = h('p', { id: 'note-summary', class: 'note-summary' });
  els.notCoded = h('ul', { id: 'note-notcoded', class: 'note-notcoded' });
  els.notCodedBox = h('section', { class: 'note-box', 'aria-labelledby': 'note-nc-title' },
    h('h3', { id: 'note-nc-title' }, 'Not coded, and why'), els.notCoded);
  els.accepted = h('ol', { id: 'note-accepted', class: 'note-accepted', 'aria-label': 'Accepted codes, in reporting order' });
  els.acceptedHelp = h('p', { id: 'note-accepted-help', class: 'note-help' });
  els.outStatus = h('p', { id: 'note-out-status', class: 'note-help', role: 'status', 'aria-live': 'polite' });
  els.results = h('div', { id: 'note-results', class: 'note-results', hidden: true },
    h('section', { class: 'note-box note-doc-box', 'aria-labelledby': 'note-doc-title' },
      h('h3', { id: 'note-doc-title' }, 'The note'),
      h('p', { class: 'note-help' }, 'Marked: the evidence of each code. Focus or point at a code to see its evidence, or at marked text to see its codes; Enter on marked text goes to its code.'),
      els.stale, els.doc),
    h('div', { class: 'note-side' },
      h('section', { class: 'note-box', 'aria-labelledby': 'note-codes-title' },
        h('h3', { id: 'note-codes-title' }, 'Codes to report'),
        els.summary, els.codes,
        h('div', { class: 'note-actions' }, h('button', { type: 'button', id: 'note-accept-all', onclick: acceptAll }, 'Accept all suggested'))),
      h('section', { class: 'note-box', 'aria-labelledby': 'note-accepted-title' },
        h('h3', { id: 'note-accepted-title' }, 'Accepted'),
        els.acceptedHelp, els.accepted,
        h('div', { class: 'note-actions' },
          h('button', { type: 'button', id: 'note-to-claim', class: 'cf-primary', onclick: toClaim }, 'Send to claim form'),
          h('button', { type: 'button', id: 'note-copy', onclick: copyCodes }, 'Copy codes')),
        els.outStatus),
      els.notCodedBox));
  els.results.addEventListener('focusin', (e) => lightFrom(e.target, true));
  els.results.addEventListener('focusout', () => setTimeout(() => lightFrom(document.activeElement, false), 0));
  els.results.addEventListener('mouseover', (e) => lightFrom(e.target, false) || lightFrom(document.activeElement, false));
  els.results.addEventListener('mouseleave', () => lightFrom(document.activeElement, false));

  // The page's main landmark while it is shown (the search's <main> is hidden then). Laid out
  // like the claim view (claims.css: .claims-view, .claims-head, .claims-lede, .claims-back).
  els.view = h('section', { id: 'note-view', class: 'claims-view note-view', role: 'main', 'aria-labelledby': 'note-title', hidden: true },
    h('div', { class: 'claims-head' },
      h('a', { class: 'claims-back', href: '#/', id: 'note-back' }, '\u2190 Code search'),
      h('h2', { id: 'note-title', tabindex: '-1' }, 'Code a note'),
      h('p', { class: 'claims-lede' },
        'Paste documentation and get the ICD-10-CM codes a coder would report, in reporting order, each with the text that supports it ',
        'and the guideline rules applied. The note is read in this browser only: it is not sent anywhere, not saved and not kept after ',
        'you close the page.')),
    els.form, els.results);
  for (const s of els.settings) s.querySelector('input').addEventListener('change', onSetting);
  document.querySelector('main').after(els.view);
  els.view.querySelector('#note-back').addEventListener('click', (e) => {
    e.preventDefault();
    route.go('#/');
  });
}

function setting() {
  const on = els.settings.map((s) => s.querySelector('input')).find((r) => r.checked);
  return on ? on.value : 'outpatient';
}

function showCount() {
  st.countFrame = 0;
  const n = byteLength(els.text.value);
  const over = st.maxBytes && n > st.maxBytes;
  els.count.textContent = st.maxBytes ? `${fmtInt(n)} of ${fmtInt(st.maxBytes)} bytes` : `${fmtInt(n)} bytes`;
  els.count.classList.toggle('is-over', !!over);
}

function onInput() {
  if (!st.countFrame) st.countFrame = requestAnimationFrame(showCount);
  const stale = !!st.result && els.text.value !== st.text;
  els.stale.hidden = !stale;
  els.results.classList.toggle('is-stale', stale);
}

function say(text, kind = 'info') {
  els.message.textContent = text;
  els.message.dataset.kind = kind;
}

async function onSubmit(e) {
  e.preventDefault();
  await code();
}

function onSetting() {
  if (st.result && els.text.value === st.text) code();
}

/** Codes the text box's text in the Worker and shows the answer. */
async function code() {
  const text = els.text.value;
  const my = ++st.seq;
  if (!text.trim()) {
    say('There is no text to code: paste or type a note first.', 'error');
    els.text.focus();
    return;
  }
  const max = await limit();
  const bytes = byteLength(text);
  if (bytes > max) {
    say(`The note is too long to code: ${fmtInt(bytes)} bytes of text (UTF-8), and the limit is ${fmtInt(max)}. ` +
      `Remove ${fmtInt(bytes - max)} bytes, or code it in parts.`, 'error');
    els.text.focus();
    return;
  }
  say(page.icd ? 'Coding\u2026' : 'Coding (waiting for the code set to load)\u2026');
  let r;
  const t0 = performance.now();
  try {
    const cs = await whenReady();
    r = await cs.suggest(text, { setting: setting(), dateOfService: page.dateOfService });
  } catch (err) {
    if (my !== st.seq) return;
    // The engine's errors never carry the text (lib/medcode.mjs); nor does this message.
    say(`The note could not be coded: ${errorText(err)}`, 'error');
    return;
  }
  if (my !== st.seq) return;
  const ms = performance.now() - t0;
  show(r, text);
  const n = r.codes.length;
  say((n ? `${plural(n, 'code')} to report and ${plural(r.notCoded.length, 'item')} not coded (${r.setting}, ` +
    `${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}, in this browser).`
    : `No codes to report: ${r.emptyReason || 'nothing in the text could be coded'}.`) +
    (r.indexMissing ? ` Coded without the Index: ${r.indexMissing}.` : ''), n ? 'info' : 'empty');
}

function show(r, text) {
  st.result = r;
  st.text = text;
  st.items = r.codes.map((c) => ({ status: 'pending', alt: -1, billable: c.billable }));
  els.stale.hidden = true;
  els.results.classList.remove('is-stale');
  els.results.hidden = false;
  renderDoc();
  setKids(els.codes, r.codes.map((c, i) => renderItem(i)));
  els.summary.textContent = r.codes.length
    ? `${plural(r.codes.length, 'code')} in reporting order (the first is first-listed), from ${r.codeSet}. Accept, reject or swap each one.`
    : `No codes: ${r.emptyReason || 'nothing in the text could be coded'}.`;
  els.view.querySelector('#note-accept-all').hidden = !r.codes.length;
  renderNotCoded();
  renderAccepted();
  els.outStatus.textContent = '';
}

function clearAll() {
  ++st.seq;
  els.text.value = '';
  st.result = null;
  st.text = '';
  st.items = [];
  for (const el of [els.doc, els.codes, els.notCoded, els.accepted]) el.replaceChildren();
  els.results.hidden = true;
  say('');
  showCount();
  els.text.focus();
}

// ---------------------------------------------------------------------------
// The text with its evidence

function renderDoc() {
  const { codes, notCoded } = st.result;
  const spans = [
    ...codes.flatMap((c, i) => c.evidence.map(([start, end]) => ({ start, end, kind: 's', i }))),
    ...notCoded.map((n, i) => ({ start: n.span[0], end: n.span[1], kind: 'n', i })),
  ];
  const text = st.text;
  setKids(els.doc, segments(text.length, spans).map((seg) => {
    const t = text.slice(seg.start, seg.end);
    if (!seg.sugs.length && !seg.ncs.length) return t;
    const ncTitle = seg.ncs.map((n) => `not coded: ${notCoded[n].reason}`).join('; ');
    if (!seg.sugs.length) {
      return h('span', { class: 'nc', 'data-n': seg.ncs.join(' '), title: ncTitle }, t);
    }
    const list = seg.sugs.map((i) => shownCode(i)).join(', ');
    return h('mark', { class: `ev${seg.ncs.length ? ' nc' : ''}`, tabindex: '0', 'data-s': seg.sugs.join(' '),
      'data-n': seg.ncs.length ? seg.ncs.join(' ') : null, title: `Evidence for ${list}${ncTitle ? `; ${ncTitle}` : ''}` },
    t, h('span', { class: 'visually-hidden ev-for' }, ` (evidence for ${list})`));
  }));
}

/** Updates the marks' "evidence for" after a swap. */
function relabelDoc() {
  for (const m of els.doc.querySelectorAll('mark[data-s]')) {
    const list = m.dataset.s.split(' ').map((i) => shownCode(Number(i))).join(', ');
    m.title = `Evidence for ${list}`;
    m.querySelector('.ev-for').textContent = ` (evidence for ${list})`;
  }
}

function onDocKey(e) {
  const m = e.target.closest && e.target.closest('mark[data-s]');
  if (!m) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    goToCode(m);
  }
}

function goToCode(mark) {
  const i = Number(mark.dataset.s.split(' ')[0]);
  const li = els.codes.children[i];
  if (li) {
    li.focus();
    li.scrollIntoView({ block: 'nearest' });
  }
}

function scrollWithin(box, el) {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < b.top) box.scrollTop -= b.top - r.top + 8;
  else if (r.bottom > b.bottom) box.scrollTop += r.bottom - b.bottom + 8;
}

const numsOf = (el, key) => (el && el.dataset && el.dataset[key] ? el.dataset[key].split(' ').map(Number) : []);

/**
 * Lights what `el` is tied to: a code (its item, or anything inside it) lights its evidence;
 * marked text lights its codes; a not-coded item lights its text. Returns whether anything was lit.
 */
function lightFrom(el, scroll) {
  const target = el && el.closest ? el.closest('#note-doc [data-s], #note-doc [data-n], li.note-sug, li.note-nc') : null;
  const sugs = [];
  const ncs = [];
  if (target && els.results.contains(target)) {
    if (target.matches('li.note-sug')) sugs.push(Number(target.dataset.i));
    else if (target.matches('li.note-nc')) ncs.push(Number(target.dataset.i));
    else {
      sugs.push(...numsOf(target, 's'));
      ncs.push(...numsOf(target, 'n'));
    }
  }
  for (const x of els.results.querySelectorAll('.is-lit')) x.classList.remove('is-lit');
  for (const i of sugs) {
    const li = els.codes.children[i];
    if (li) li.classList.add('is-lit');
  }
  for (const i of ncs) {
    const li = els.notCoded.querySelector(`li[data-i="${i}"]`);
    if (li) li.classList.add('is-lit');
  }
  let first = null;
  for (const m of els.doc.querySelectorAll('[data-s], [data-n]')) {
    if (numsOf(m, 's').some((i) => sugs.includes(i)) || numsOf(m, 'n').some((i) => ncs.includes(i))) {
      m.classList.add('is-lit');
      first = first || m;
    }
  }
  // Focus on a code or a not-coded item brings its text into view inside the note's own box
  // (never the page: the focused control stays where it is; not on hover: that would jump).
  if (scroll && first && target && target.matches('li')) scrollWithin(els.doc, first);
  return sugs.length + ncs.length > 0;
}

// ---------------------------------------------------------------------------
// Suggestions: accept, reject, swap

function chosen(i) {
  const c = st.result.codes[i];
  const alt = st.items[i].alt;
  return alt < 0 ? c : { ...c, code: c.alternatives[alt].code, title: c.alternatives[alt].title };
}
const shownCode = (i) => chosen(i).code;

function renderItem(i) {
  const c = st.result.codes[i];
  const item = st.items[i];
  const now = chosen(i);
  const evidence = c.evidence.map(([a, b]) => quote(st.text.slice(a, b)));
  const act = (key, label, pressed, aria, onclick) => h('button', { type: 'button', class: `sug-${key}`, 'data-key': key,
    'aria-pressed': pressed === null ? null : String(pressed), 'aria-label': aria, onclick }, label);
  const why = [
    ...c.why.map((w) => h('li', null, w)),
    ...c.rules.map((r) => h('li', { class: 'sug-rule' }, h('span', { class: 'sug-section' }, `Guideline ${r.section}`), ` ${r.text}`)),
  ];
  return h('li', { class: 'note-sug', id: `note-sug-${i}`, 'data-i': String(i), 'data-status': item.status, 'data-code': now.code, tabindex: '-1',
    'aria-labelledby': `note-sug-${i}-head` },
  h('div', { class: 'sug-head', id: `note-sug-${i}-head` },
    h('span', { class: 'sug-n' }, `${i + 1}.`), ' ',
    codeLink(now.code), ' ',
    h('span', { class: 'sug-title' }, now.title), ' ',
    item.billable === null ? null : billableBadge(item.billable), ' ',
    h('span', { class: 'sug-year' }, `FY${c.year}`), ' ',
    badge(item.status === 'accepted' ? 'billable' : item.status === 'rejected' ? 'header' : 'new', STATUS_TEXT[item.status]),
    item.alt >= 0 ? h('span', { class: 'sug-swapped' }, ` (in place of the suggested ${c.code})`) : null),
  h('p', { class: 'sug-evidence' }, h('span', { class: 'sug-label' }, 'Evidence: '), evidence.join(', ') || '(none)',
    c.section ? ` \u00b7 in ${sectionName(c.section)}` : ''),
  h('div', { class: 'sug-actions' },
    act('accept', 'Accept', item.status === 'accepted', `Accept ${now.code}`, () => setStatus(i, item.status === 'accepted' ? 'pending' : 'accepted')),
    act('reject', 'Reject', item.status === 'rejected', `Reject ${now.code}`, () => setStatus(i, item.status === 'rejected' ? 'pending' : 'rejected'))),
  why.length ? h('details', { class: 'sug-why' }, h('summary', null, 'Why'), h('ul', null, why)) : null,
  c.alternatives.length ? h('div', { class: 'sug-alts' },
    h('p', { class: 'sug-label' }, 'Other choices (the documentation decides between them):'),
    h('ul', null, c.alternatives.map((a, k) => h('li', null,
      h('span', { class: 'sug-alt-code' }, a.code), ' ', a.title,
      a.decides ? h('span', { class: 'sug-decides' }, ` \u2014 decided by: ${a.decides}`) : null, ' ',
      act(`alt-${k}`, item.alt === k ? `Using ${a.code}` : `Use ${a.code} instead`, item.alt === k,
        item.alt === k ? `Using ${a.code} in place of ${c.code}; press to go back to ${c.code}` : `Use ${a.code} instead of ${c.code}`,
        () => swap(i, item.alt === k ? -1 : k)))))) : null);
}

/** Re-renders suggestion i in place, keeping the focus on the same control. */
function updateItem(i) {
  const old = els.codes.children[i];
  const key = old.contains(document.activeElement) && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  const open = old.querySelector('details.sug-why') && old.querySelector('details.sug-why').open;
  const li = renderItem(i);
  if (open) li.querySelector('details.sug-why').open = true;
  old.replaceWith(li);
  if (key) {
    const again = li.querySelector(`[data-key="${key}"]`);
    if (again) again.focus();
  }
  renderAccepted();
}

function setStatus(i, status) {
  st.items[i].status = status;
  updateItem(i);
}

function acceptAll() {
  st.items.forEach((item, i) => {
    if (item.status === 'pending') {
      item.status = 'accepted';
      updateItem(i);
    }
  });
  els.outStatus.textContent = `${plural(accepted().length, 'code')} accepted.`;
}

/** Swaps suggestion i for its alternative k (-1: back to the suggested code); a swap accepts it. */
async function swap(i, k) {
  const item = st.items[i];
  const c = st.result.codes[i];
  item.alt = k;
  if (k >= 0) item.status = 'accepted';
  item.billable = k < 0 ? c.billable : null;
  updateItem(i);
  relabelDoc();
  if (k >= 0) {
    const cs = icdCodeSet();
    try {
      const d = cs ? await cs.lookup(c.alternatives[k].code) : null;
      if (d && item.alt === k) {
        item.billable = !!d.billable;
        updateItem(i);
      }
    } catch { /* the flag stays unknown */ }
  }
}

const accepted = () => st.items.map((item, i) => (item.status === 'accepted' ? chosen(i) : null)).filter(Boolean);

function renderAccepted() {
  const list = accepted();
  setKids(els.accepted, list.map((c, k) => h('li', { 'data-code': c.code },
    h('span', { class: 'acc-letter' }, k < LETTERS.length ? `${LETTERS[k]} ` : ''), h('span', { class: 'acc-code' }, c.code), ` ${c.title}`)));
  els.acceptedHelp.textContent = list.length
    ? `In reporting order: A is first-listed on the claim.${list.length > LETTERS.length ? ` A claim holds ${LETTERS.length} diagnoses: the others are copied but not sent to the form.` : ''}`
    : 'None yet: accept the codes to report (or swap one for a more specific choice).';
}

function toClaim() {
  const codes = accepted().map((c) => c.code);
  if (!codes.length) {
    els.outStatus.textContent = 'Accept at least one code first.';
    return;
  }
  if (!app.fillClaimDiagnoses) {
    els.outStatus.textContent = 'The claim form is not available on this page.';
    return;
  }
  app.fillClaimDiagnoses(codes);
}

async function copyCodes() {
  const list = accepted();
  if (!list.length) {
    els.outStatus.textContent = 'Accept at least one code first.';
    return;
  }
  // Codes and titles only, one per line (tab-separated): never any of the note's text.
  const text = `${list.map((c) => `${c.code}\t${c.title}`).join('\n')}\n`;
  try {
    await navigator.clipboard.writeText(text);
    els.outStatus.textContent = `Copied ${plural(list.length, 'code')} to the clipboard.`;
  } catch {
    els.outStatus.textContent = `The browser did not allow copying. The codes: ${list.map((c) => c.code).join(', ')}`;
  }
}

// ---------------------------------------------------------------------------
// Not coded

function renderNotCoded() {
  const { notCoded } = st.result;
  els.notCodedBox.hidden = !notCoded.length;
  setKids(els.notCoded, notCoded.map((n, i) => h('li', { class: 'note-nc', 'data-i': String(i), 'data-reason': n.reason, tabindex: '0' },
    h('span', { class: 'nc-reason' }, NOT_CODED[n.reason] || n.reason), ' ',
    h('span', { class: 'nc-text' }, quote(st.text.slice(n.span[0], n.span[1]))),
    n.code ? h('span', { class: 'nc-code' }, ` (would be ${n.code})`) : null,
    n.trigger ? h('span', { class: 'nc-trigger' }, ` \u00b7 trigger ${quote(n.trigger)}`) : null,
    h('span', { class: 'nc-why' }, `: ${n.explanation}`))));
}

// ---------------------------------------------------------------------------
// Route: #/note shows this view (views/common.js routedView).

build();
showCount();
const route = routedView({
  pattern: NOTE_ROUTE, view: els.view, bodyClass: 'view-note', navId: 'nav-note', title: 'Code a note \u00b7 medcode',
  onShow: limit, onNav: () => els.text.focus(),
});
