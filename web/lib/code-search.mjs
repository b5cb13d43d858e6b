// <code-search>: a code search field for any intranet page, added with one module script tag:
//
//   <script type="module" src="/medcode/lib/code-search.mjs"></script>
//   <code-search code-systems="ICD-10-CM" date-of-service="2026-03-02" result-count="8" name="dx"></code-search>
//
// Attributes
//   code-systems      code systems to search, e.g. "ICD-10-CM" or "ICD-10-CM HCPCS" (default: all on the site)
//   date-of-service   YYYY-MM-DD: use the code set in force on that date (a note says when none is)
//   result-count      results shown, 1-100 (default 8)
//   codesets          URL of codesets/index.json, or of its folder (default: ../codesets/ beside lib/)
//   label             the field's visible label (default "Diagnosis or procedure code")
//   placeholder       the input's placeholder
//   billable-only     headers (non-billable codes) are listed but cannot be chosen
//   name              form field name: the chosen code is submitted with the form
//   value             a code to show as chosen
//   disabled          disables the field
// Events (bubble out of the shadow root)
//   code-selected        detail: { code, title, billable, system, year, label, dateOfService, inForce }
//   code-search-ready    detail: { codeSets: [{ system, year, label, effectiveFrom, effectiveTo }], notes }
//                        (notes: what could not be matched or loaded, e.g. a code system the
//                        site does not have, or one whose file failed; shown under the field too)
//   code-search-error    detail: { code, message } (no code set could be used: e.g. code-systems
//                        names only systems the site does not have; the field says so)
// Theming: CSS custom properties on the element (--code-search-accent, --code-search-bg, ...,
// listed in the package README), ::part(label | input | listbox | option | status | badge), and
// [theme="dark"] for a dark default palette.
//
// The engine runs in a Web Worker (worker-client.mjs); code sets are fetched from the
// same site only; nothing typed here is sent anywhere or stored.
import { fetchCatalog, chooseCodeSets, openCodeSets, parseSystems } from './catalog.mjs';
import { h as el, setActiveOption } from './dom.mjs';
import { yearInForce } from './years.mjs';

const CSS = `
:host {
  --_font: var(--code-search-font, inherit);
  --_text: var(--code-search-text, #1c2530);
  --_muted: var(--code-search-muted, #5b6776);
  --_bg: var(--code-search-bg, #ffffff);
  --_border: var(--code-search-border, #8a96a3);
  --_radius: var(--code-search-radius, 6px);
  --_accent: var(--code-search-accent, #1f5f8b);
  --_active: var(--code-search-active-bg, #dcebf6);
  --_mark: var(--code-search-highlight, #fff0b3);
  --_ok: var(--code-search-billable, #1d6b3a);
  --_warn: var(--code-search-header, #7a4b00);
  --_bad: var(--code-search-error-text, #a12a2a);
  display: block;
  position: relative;
  font: var(--_font);
  font-size: var(--code-search-font-size, inherit);
  color: var(--_text);
  max-width: var(--code-search-width, 40em);
}
:host([theme="dark"]) {
  --_text: var(--code-search-text, #e3e8ee);
  --_muted: var(--code-search-muted, #a7b2bf);
  --_bg: var(--code-search-bg, #1b2027);
  --_border: var(--code-search-border, #5d6976);
  --_accent: var(--code-search-accent, #8cc2ea);
  --_active: var(--code-search-active-bg, #23394d);
  --_mark: var(--code-search-highlight, #5a4a12);
  --_ok: var(--code-search-billable, #8fd6a6);
  --_warn: var(--code-search-header, #f0c27a);
  --_bad: var(--code-search-error-text, #ff9e9e);
  /* Its own dark ground, so that the label and the status are readable over a light page too. */
  background: var(--_bg);
  padding: 0.5em 0.6em;
  border-radius: var(--_radius);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.label { display: block; margin: 0 0 4px; font-weight: 600; }
.field { position: relative; }
input {
  width: 100%;
  font: inherit;
  color: var(--_text);
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  padding: 0.45em 0.7em;
}
input:focus { outline: 2px solid var(--_accent); outline-offset: 1px; }
input:disabled { opacity: 0.6; }
.status { margin: 4px 0 0; min-height: 1.3em; font-size: 0.86em; color: var(--_muted); }
.status:empty { display: none; }
.status .chosen-code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-weight: 700; color: var(--_text); }
.status .note { color: var(--_warn); }
.status .error { color: var(--_bad); }
ul {
  position: absolute;
  z-index: var(--code-search-z-index, 10);
  left: 0; right: 0;
  margin: 2px 0 0;
  padding: 0;
  list-style: none;
  max-height: var(--code-search-max-height, 22em);
  overflow: auto;
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  box-shadow: 0 6px 18px rgba(0, 0, 0, 0.16);
}
ul[hidden] { display: none; }
li {
  display: grid;
  grid-template-columns: 5.6em 1fr auto;
  gap: 2px 10px;
  align-items: baseline;
  padding: 6px 10px;
  cursor: pointer;
  border-left: 3px solid transparent;
}
li[aria-selected="true"] { background: var(--_active); border-left-color: var(--_accent); }
li[aria-disabled="true"] { cursor: default; }
li[aria-disabled="true"] .code, li[aria-disabled="true"] .title { opacity: 0.75; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-weight: 700; white-space: nowrap; }
.title { overflow-wrap: anywhere; }
mark { background: var(--_mark); color: inherit; border-radius: 2px; }
.badge {
  font-size: 0.78em;
  font-weight: 600;
  padding: 0 6px;
  border-radius: 999px;
  border: 1px solid currentColor;
  white-space: nowrap;
}
.badge.billable { color: var(--_ok); }
.badge.header { color: var(--_warn); }
.set { grid-column: 2 / 4; font-size: 0.8em; color: var(--_muted); }
.empty { display: block; color: var(--_muted); cursor: default; }
@media (max-width: 420px) {
  li { grid-template-columns: 4.8em 1fr; }
  .badge { grid-column: 2; justify-self: start; }
}
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

const DEFAULT_INDEX = new URL('../codesets/index.json', import.meta.url).href;
const DEBOUNCE_MS = 40;
let nextId = 1;

function highlight(title, query) {
  const words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
  if (!words.length) return [title];
  const lower = title.toLowerCase();
  const marks = new Array(title.length).fill(false);
  for (const w of words) {
    for (let i = lower.indexOf(w); i !== -1; i = lower.indexOf(w, i + 1)) {
      if (i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1])) marks.fill(true, i, i + w.length);
    }
  }
  const out = [];
  for (let i = 0; i < title.length;) {
    let j = i;
    while (j < title.length && marks[j] === marks[i]) j++;
    out.push(marks[i] ? el('mark', {}, title.slice(i, j)) : title.slice(i, j));
    i = j;
  }
  return out;
}

// A code set as seen on a date of service: a code set holding several years by the year in
// force on it (years.mjs).
function yearView(info, dos) {
  const y = yearInForce(info, dos);
  if (!y) return { system: info.system, year: info.year, label: info.label, effectiveFrom: info.effectiveFrom, effectiveTo: info.effectiveTo };
  return { system: info.system, year: y.year, label: `${info.system} ${y.label}`, effectiveFrom: y.effectiveFrom, effectiveTo: y.effectiveTo };
}

export class CodeSearchElement extends HTMLElement {
  static get observedAttributes() {
    return ['code-systems', 'date-of-service', 'result-count', 'codesets', 'label', 'placeholder', 'disabled', 'value'];
  }

  static formAssociated = true;

  constructor() {
    super();
    this._id = nextId++;
    this._internals = typeof this.attachInternals === 'function' ? this.attachInternals() : null;
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [styleSheet()];
    this._label = el('label', { class: 'label', part: 'label', for: 'input' });
    this._input = el('input', {
      id: 'input', part: 'input', type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': 'listbox', 'aria-describedby': 'status', autocomplete: 'off', autocapitalize: 'off',
      spellcheck: 'false', enterkeyhint: 'search', maxlength: '200',
    });
    this._list = el('ul', { id: 'listbox', part: 'listbox', role: 'listbox', hidden: true });
    this._status = el('p', { id: 'status', class: 'status', part: 'status', 'aria-live': 'polite' });
    root.append(this._label, el('div', { class: 'field' }, this._input, this._list), this._status);

    this._group = null;
    this._loadSeq = 0;
    this._searchSeq = 0;
    this._results = [];
    this._active = -1;
    this._selected = null;
    this._notes = [];
    this._debounce = 0;
    this._abort = null;
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {});

    this._input.addEventListener('input', () => {
      this._selected = null;
      this._setFormValue('');
      this._setValidity('');
      clearTimeout(this._debounce);
      this._debounce = setTimeout(() => this._search(), DEBOUNCE_MS);
    });
    this._input.addEventListener('keydown', (e) => this._onKey(e));
    // Clicks in the list keep the focus in the input (mousedown below), so a blur means leaving.
    this._input.addEventListener('blur', () => this._close());
    this._list.addEventListener('mousedown', (e) => e.preventDefault());
    this._list.addEventListener('click', (e) => {
      const li = e.target.closest('li[role="option"]');
      if (li) this._choose(Number(li.dataset.index));
    });
  }

  connectedCallback() {
    this._render();
    if (!this._group && !this._loading) this._load();
  }

  disconnectedCallback() {
    this._loadSeq++;
    this._loading = false;
    if (this._group) this._group.close();
    this._group = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'code-systems' || name === 'date-of-service' || name === 'codesets') {
      if (this.isConnected) this._load();
    } else if (name === 'value') {
      if (this._group) this._showValue(newValue);
    } else {
      this._render();
    }
  }

  /** The chosen code ('' when none). Setting it looks the code up and shows it. */
  get value() {
    return this._selected ? this._selected.code : '';
  }

  set value(code) {
    this.setAttribute('value', code || '');
  }

  /** The chosen result: { code, title, billable, system, year, label } or null. */
  get selected() {
    return this._selected ? { ...this._selected } : null;
  }

  /**
   * The code sets in use: [{ system, year, label, effectiveFrom, effectiveTo }]. A code set
   * holding several years (ICD-10-CM FY2026 and FY2027) is described by the year in force on
   * the date of service (the newest without one).
   */
  get codeSets() {
    return this._group ? this._group.members.map((m) => yearView(m.info, this.getAttribute('date-of-service'))) : [];
  }

  get resultCount() {
    const n = Number.parseInt(this.getAttribute('result-count'), 10);
    return Number.isFinite(n) ? Math.min(100, Math.max(1, n)) : 8;
  }

  clear() {
    this._input.value = '';
    this._selected = null;
    this._setFormValue('');
    this._setValidity('');
    this._close();
    this._renderStatus();
  }

  // -- internals ------------------------------------------------------------

  _setFormValue(v) {
    if (this._internals && this._internals.setFormValue) this._internals.setFormValue(v || null);
  }

  _render() {
    const label = this.getAttribute('label') || 'Diagnosis or procedure code';
    this._label.textContent = label;
    this._list.setAttribute('aria-label', `${label}: matching codes`);
    this._input.placeholder = this.getAttribute('placeholder') || 'Code or words, e.g. E11.9 or diabetes';
    this._input.disabled = this.hasAttribute('disabled');
  }

  _indexUrl() {
    const a = this.getAttribute('codesets');
    if (!a) return DEFAULT_INDEX;
    const u = new URL(a, document.baseURI);
    if (u.pathname.endsWith('/')) u.pathname += 'index.json';
    return u.href;
  }

  async _load() {
    const seq = ++this._loadSeq;
    this._loading = true;
    if (this._group) {
      this._group.close();
      this._group = null;
    }
    this._status.textContent = 'Loading the code sets…';
    this.setAttribute('aria-busy', 'true');
    try {
      const catalog = await fetchCatalog(this._indexUrl());
      const dos = this.getAttribute('date-of-service') || null;
      const { chosen, notes } = chooseCodeSets(catalog.entries, { systems: parseSystems(this.getAttribute('code-systems')), dateOfService: dos });
      if (!chosen.length) {
        const err = new Error(notes.length ? notes.map((n) => n.message).join(' ') : 'No code set is installed on this site.');
        err.code = 'NOT_FOUND';
        throw err;
      }
      // A code set that fails to load (say HCPCS) leaves the others working, with a note.
      const group = await openCodeSets(chosen, { partial: true });
      if (seq !== this._loadSeq) {
        group.close();
        return;
      }
      for (const f of group.failed) {
        const e = f.error || {};
        notes.push({
          kind: 'load-failed', system: f.entry.system,
          message: `${f.entry.label || f.entry.system} could not be loaded: ${e.message || String(e)}${e.code ? ` (${e.code})` : ''}. ` +
            `Searching ${group.members.map((m) => yearView(m.info, dos).label || m.info.system).join(' and ')} only.`,
        });
      }
      this._group = group;
      this._notes = notes;
      this._loading = false;
      this.removeAttribute('aria-busy');
      const value = this.getAttribute('value');
      if (value) await this._showValue(value);
      else this._renderStatus();
      // Text typed while the code sets were loading is searched now.
      if (this._input.value.trim() && !this._selected) this._search();
      const detail = { codeSets: this.codeSets, notes: notes.map((n) => n.message) };
      this._resolveReady(detail);
      this.dispatchEvent(new CustomEvent('code-search-ready', { bubbles: true, composed: true, detail }));
    } catch (e) {
      if (seq !== this._loadSeq) return;
      this._loading = false;
      this.removeAttribute('aria-busy');
      setKids(this._status, el('span', { class: 'error', role: 'alert' }, `Code search is unavailable: ${e.message}${e.code ? ` (${e.code})` : ''}`));
      this._rejectReady(e);
      this.dispatchEvent(new CustomEvent('code-search-error', {
        bubbles: true, composed: true, detail: { code: e.code || 'INTERNAL', message: e.message },
      }));
    }
  }

  async _showValue(code) {
    if (!code) {
      this.clear();
      return;
    }
    try {
      const dos = this.getAttribute('date-of-service') || '';
      const d = await this._group.lookup(code, dos ? { dateOfService: dos } : {});
      const y = d.codeYear ? { year: Number(d.codeYear.replace(/\D/g, '')), label: `${d.system} ${d.codeYear}` } : { year: d.year, label: d.label };
      this._selected = { code: d.code, title: d.title, billable: d.billable, system: d.system, ...y };
      this._input.value = d.code;
      this._setFormValue(d.code);
    } catch {
      this._selected = null;
      this._setFormValue('');
    }
    this._renderStatus();
  }

  _renderStatus(extra) {
    const kids = [];
    if (this._selected) {
      const s = this._selected;
      kids.push(el('span', { class: 'chosen-code' }, s.code), ` ${s.title}`, ` · ${s.label || s.system}`,
        s.billable ? '' : s.terminated ? ' · terminated, not billable' : ' · header, not billable');
    }
    for (const n of this._notes) kids.push(kids.length ? ' ' : '', el('span', { class: 'note' }, n.message));
    if (extra) kids.push(kids.length ? ' ' : '', extra);
    setKids(this._status, kids);
  }

  async _search() {
    const q = this._input.value;
    const seq = ++this._searchSeq;
    if (this._abort) this._abort.abort();
    this._abort = null;
    if (!q.trim()) {
      this._close();
      this._renderStatus();
      return;
    }
    if (!this._group) {
      this._renderStatus(this._loading ? 'Loading the code sets…' : '');
      return;
    }
    const ac = new AbortController();
    this._abort = ac;
    let r;
    try {
      const dos = this.getAttribute('date-of-service');
      r = await this._group.search(q, {
        limit: this.resultCount, signal: ac.signal, stream: `code-search-${this._id}`, ...(dos ? { dateOfService: dos } : {}),
      });
    } catch (e) {
      if (e.name === 'AbortError' || seq !== this._searchSeq) return;
      this._results = [];
      this._close();
      this._renderStatus(el('span', { class: 'error' }, `Cannot search: ${e.message}`));
      return;
    }
    if (seq !== this._searchSeq) return;
    this._showResults(r);
  }

  _showResults(r) {
    const billableOnly = this.hasAttribute('billable-only');
    this._results = r.results;
    this._active = -1;
    this._input.removeAttribute('aria-activedescendant');
    if (!r.results.length) {
      setKids(this._list, el('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', id: 'none' }, `No codes match “${r.query}”.`));
    } else {
      setKids(this._list, r.results.map((x, i) => {
        const disabled = billableOnly && !x.billable;
        return el('li', {
          id: `opt-${i}`, role: 'option', part: 'option', 'aria-selected': 'false', 'data-index': i, 'data-code': x.code,
          'aria-disabled': disabled ? 'true' : null,
        },
        el('span', { class: 'code' }, x.code),
        el('span', { class: 'title' }, highlight(x.title, r.query)),
        el('span', { class: `badge ${x.billable ? 'billable' : 'header'}`, part: 'badge' }, x.billable ? 'Billable' : 'Header'),
        r.results.some((y) => y.system !== x.system) || disabled
          ? el('span', { class: 'set' }, x.label || x.system, disabled ? ' · not billable: choose a more specific code' : '') : null);
      }));
    }
    this._list.hidden = false;
    this._input.setAttribute('aria-expanded', 'true');
    const more = r.total > r.results.length ? `${r.total.toLocaleString('en-US')} matches, showing ${r.results.length}.` :
      `${r.total.toLocaleString('en-US')} ${r.total === 1 ? 'match' : 'matches'}.`;
    this._renderStatus(r.total ? more : '');
  }

  _close() {
    this._list.hidden = true;
    this._input.setAttribute('aria-expanded', 'false');
    this._input.removeAttribute('aria-activedescendant');
    this._active = -1;
  }

  _selectable(i) {
    const li = this._list.children[i];
    return li && li.getAttribute('role') === 'option' && li.getAttribute('aria-disabled') !== 'true';
  }

  _setActive(i) {
    this._active = setActiveOption(this._list, this._input, this._active, i);
  }

  _move(step) {
    const n = this._results.length;
    if (!n) return;
    if (this._list.hidden) {
      this._list.hidden = false;
      this._input.setAttribute('aria-expanded', 'true');
    }
    // The next choosable option in that direction (headers are skipped with billable-only).
    for (let j = this._active < 0 ? (step > 0 ? 0 : n - 1) : this._active + step; j >= 0 && j < n; j += step) {
      if (this._selectable(j)) {
        this._setActive(j);
        return;
      }
    }
  }

  async _onKey(e) {
    if (e.isComposing) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        this._move(1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        this._move(-1);
        break;
      case 'Enter': {
        if (this._list.hidden && this._selected) return;  // let a form submit
        e.preventDefault();
        clearTimeout(this._debounce);
        if (this._active < 0) {
          await this._search();
          // A code typed exactly that cannot be chosen (a header with billable-only) is never
          // replaced by a code below it: its codes stay listed to choose from, and the field
          // stays invalid until one is chosen.
          const exact = this._results[0];
          if (exact && exact.match === 'exact-code' && !this._selectable(0)) {
            this._refuseHeader(exact);
            break;
          }
          const first = this._results.findIndex((_, i) => this._selectable(i));
          if (first >= 0) this._choose(first);
        } else {
          this._choose(this._active);
        }
        break;
      }
      case 'Escape':
        if (!this._list.hidden) {
          e.preventDefault();
          this._close();
        } else if (this._input.value) {
          e.preventDefault();
          this.clear();
        }
        break;
      default:
    }
  }

  _refuseHeader(x) {
    const msg = `${x.code} is a header, not billable: choose one of the codes below it.`;
    this._list.hidden = false;
    this._input.setAttribute('aria-expanded', 'true');
    this._input.setAttribute('aria-invalid', 'true');
    this._setValidity(msg);
    this._renderStatus(el('span', { class: 'error', part: 'error' }, msg));
  }

  /** The field's validity in its form: '' is valid. */
  _setValidity(message) {
    if (!message) this._input.removeAttribute('aria-invalid');
    if (!this._internals || !this._internals.setValidity) return;
    if (message) this._internals.setValidity({ customError: true }, message, this._input);
    else this._internals.setValidity({});
  }

  _choose(i) {
    if (!this._selectable(i)) return;
    this._setValidity('');
    const x = this._results[i];
    const dos = this.getAttribute('date-of-service') || null;
    const member = this._group.members.find((m) => m.info.system === x.system);
    const info = member ? yearView(member.info, dos) : {};
    const inForce = dos && info.effectiveFrom ? info.effectiveFrom <= dos && dos <= info.effectiveTo : null;
    this._selected = {
      code: x.code, title: x.title, billable: x.billable, system: x.system, year: x.year, label: x.label || info.label,
      ...(x.terminated ? { terminated: true } : {}),
    };
    this._input.value = x.code;
    this._setFormValue(x.code);
    this._close();
    this._renderStatus();
    this.dispatchEvent(new CustomEvent('code-selected', {
      bubbles: true, composed: true, detail: { ...this._selected, dateOfService: dos, inForce },
    }));
  }

  // Form-associated custom element callbacks.
  formResetCallback() {
    this.clear();
  }

  formDisabledCallback(disabled) {
    this._input.disabled = disabled || this.hasAttribute('disabled');
  }
}

function setKids(node, kids) {
  node.replaceChildren(...[kids].flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false && k !== ''));
}

if (!customElements.get('code-search')) customElements.define('code-search', CodeSearchElement);
