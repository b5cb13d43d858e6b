// The page's Index view: the ICD-10-CM Alphabetic Index (main terms A-Z, subterms that
// expand in place in an ARIA tree, see / see also followed with one click) and the Tables
// (the Neoplasm Table, the Table of Drugs and Chemicals) as tables with their columns.
//
//   #/index                    the Index to Diseases and Injuries, letter A
//   #/index/BOOK[/LETTER]      a book (index, eindex, neoplasm, drug) at a letter ("%23" = "#")
//   #/index/node/ID            a term: its book and letter shown, its path opened, the term focused
//
// The data comes from the code set's `index` API (web/lib/medcode.mjs IndexBrowser) in the
// Worker. Text is set through textContent only; no inline styles (the CSP forbids them).
import { h } from './lib/dom.mjs';

const ROUTE = /^#\/index(?:\/([^/]*))?(?:\/([^/]*))?\/?$/;
const SHORT = { index: 'Diseases and Injuries', eindex: 'External Causes', neoplasm: 'Neoplasm Table', drug: 'Table of Drugs' };
const HELP = 'Arrow keys move through the terms; Right opens a term\'s subterms, Left closes them; Tab reaches the '
  + 'codes and cross-references of the focused term.';
const FILTER_MS = 120;
const SUBTERM_FILTER_MIN = 30;  // a term with this many subterms gets a type-ahead filter of them
const PAGE = 5000;

export function isIndexRoute(hash) {
  return /^#\/index(\/|$)/.test(hash || '');
}

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** { node } | { book, letter } | null */
export function parseIndexRoute(hash) {
  const m = ROUTE.exec(hash || '');
  if (!m) return null;
  const a = m[1] ? decode(m[1]) : '';
  const b = m[2] ? decode(m[2]) : '';
  if (a === 'node' && /^\d+$/.test(b)) return { node: Number(b) };
  return { book: a || null, letter: b || null };
}

export const indexHref = (book, letter) => `#/index/${encodeURIComponent(book)}${letter ? `/${encodeURIComponent(letter)}` : ''}`;
export const termHref = (id) => `#/index/node/${id}`;
const codeHref = (code) => `#/code/${encodeURIComponent(code)}`;

/** A title with its nonessential modifiers set apart ("Abasia (-astasia) (hysterical)"). */
function titleEl(t) {
  if (!t.nemod) return h('span', { class: 'term-title' }, t.title);
  const [before, mod, after] = t.nemod;
  return h('span', { class: 'term-title' }, before, h('span', { class: 'nemod' }, mod), after);
}

/** A code as the index writes it, linked to its detail; a header says so (tooltip and for screen readers). */
function codeRef(r, { suffix = '' } = {}) {
  if (!r.code) {
    return h('span', { class: 'code-missing', title: 'Not a code of this code set (the index is older than it)' }, r.text + suffix);
  }
  const header = !r.code.billable;
  return h('a', {
    href: codeHref(r.code.code),
    class: `code-link index-code${header ? ' is-header' : ''}`,
    title: `${r.code.code}${r.code.title ? ` ${r.code.title}` : ''}${header ? ' (a header: more characters are needed)' : ''}`,
  }, r.text + suffix, header ? h('span', { class: 'visually-hidden' }, ' (header)') : null);
}

/** Where a see / see also leads: a term, a table (and its column), a code, or nothing to follow. */
function seeRef(r, books) {
  const col = r.column ? ` (${r.column} column)` : '';
  let href = null;
  if (r.node !== undefined) href = termHref(r.node);
  else if (r.book) href = indexHref(r.book);
  else if (r.code) href = codeHref(r.code.code);
  const bookName = r.book && r.node === undefined ? (books.find((b) => b.key === r.book) || {}).name : null;
  // A code written after the term ("Fracture, traumatic M84.40") is a code link of its own.
  const m = /^(.*\S)\s+([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)(-?)$/.exec(r.text);
  if (m && r.node !== undefined) {
    const code = m[2];
    return h('span', { class: 'see-ref' },
      h('a', { href, class: 'see-link' }, m[1] + col), ' ',
      h('a', { href: codeHref(code), class: 'code-link index-code see-code', title: `Open ${code}` }, code + m[3]));
  }
  const label = r.text + col;
  return href
    ? h('a', { href, class: 'see-link', title: bookName ? `Open the ${bookName}` : null }, label)
    : h('span', { class: 'see-text', title: 'Look up the condition itself' }, label);
}

function refsEl(t, books) {
  const out = [];
  if (t.code) out.push(codeRef(t.code));
  if (t.subcategory) out.push(codeRef(t.subcategory, { suffix: t.subcategory.text.endsWith('-') ? '' : '-' }));
  if (t.manif) out.push(h('span', { class: 'manif' }, '[', codeRef(t.manif), ']'));
  if (t.seeCategory) out.push(h('span', { class: 'see' }, h('em', null, 'see category '), codeRef(t.seeCategory)));
  if (t.see) out.push(h('span', { class: 'see' }, h('em', null, 'see '), seeRef(t.see, books)));
  if (t.seeAlso) out.push(h('span', { class: 'see see-also' }, h('em', null, 'see also '), seeRef(t.seeAlso, books)));
  return out.length ? h('span', { class: 'term-refs' }, out) : null;
}

export class IndexView {
  /**
   * root: the (empty, hidden) section of the page to fill. Its links are plain #/index/...
   * hrefs: the page's router pushes the history entry and calls route().
   */
  constructor(root) {
    this.root = root;
    this.api = null;            // the ICD-10-CM code set's `index` (Worker client)
    this.books = null;
    this.active = false;
    this.rendered = '';         // "book|letter|filter" now shown
    this.seq = 0;               // the newest render; older replies are dropped
    this.nav = 0;               // the newest route; an older deep link stops where it is
    this.pending = null;        // a route waiting for the code set
    this.tableTops = new Map(); // table book -> its main term (neoplasm: "Neoplasm, neoplastic")
    this.letterCache = new Map();
    this.build();
  }

  build() {
    this.heading = h('h2', { id: 'index-heading', class: 'index-heading', tabindex: '-1' }, 'Alphabetic Index');
    this.bookNav = h('ul', { class: 'index-books' });
    this.letterNav = h('ul', { class: 'index-letters' });
    this.filter = h('input', {
      id: 'index-filter', type: 'search', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
      maxlength: '100', 'aria-describedby': 'index-status',
    });
    this.filterLabel = h('label', { for: 'index-filter', class: 'index-filter-label' }, 'Find a main term');
    this.status = h('p', { id: 'index-status', class: 'index-status', role: 'status', 'aria-live': 'polite' });
    this.body = h('div', { class: 'index-body' });
    this.root.append(
      h('div', { class: 'index-top' },
        h('div', { class: 'index-title-row' }, this.heading, h('nav', { 'aria-label': 'Index books' }, this.bookNav)),
        h('div', { class: 'index-tools' },
          h('nav', { class: 'index-letters-nav', 'aria-label': 'Letters' }, this.letterNav),
          h('div', { class: 'index-filter' }, this.filterLabel, this.filter)),
        this.status),
      this.body);
    let timer = 0;
    this.filter.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.show(this.current.book, this.current.letter), FILTER_MS);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        const first = this.body.querySelector('[role="treeitem"], tbody tr');
        if (first) {
          e.preventDefault();
          this.focusItem(first);
        }
      } else if (e.key === 'Escape' && this.filter.value) {
        e.preventDefault();
        e.stopPropagation();
        this.filter.value = '';
        this.show(this.current.book, this.current.letter);
      }
    });
    this.current = { book: null, letter: null };
    // Choosing a letter or a book (even the one shown) ends a filter.
    for (const nav of [this.letterNav, this.bookNav]) {
      nav.addEventListener('click', (e) => {
        if (e.target.closest('a')) this.filter.value = '';
      });
    }
  }

  /**
   * The page's code-set group is loaded, or its ICD-10-CM files changed: use the index of its
   * ICD-10-CM member opened last (a year a clinic loaded holds the site's years and the new
   * one, its Index checked against the new year).
   */
  // The books are asked for when the Index (or a code's "In the Alphabetic Index") is first
  // shown, not when the code set opens: the first search does not wait behind them.
  setCodeSet(group) {
    const icd = group && group.members ? group.members.filter((x) => x.info.system === 'ICD-10-CM' && x.cs.index) : [];
    const m = icd[icd.length - 1];
    if (this.api && m && this.api === m.cs.index) return;
    this.api = m ? m.cs.index : null;
    this.books = this.api ? null : [];  // no ICD-10-CM code set (it failed to load): said in route()
    this.booksLoad = null;
    this.letterCache.clear();
    this.tableTops.clear();
    this.rendered = '';
    if (this.pending !== null) {
      const hash = this.pending;
      this.pending = null;
      this.route(hash);
    }
  }

  /** The books (once; [] when they cannot be read). */
  loadBooks() {
    if (!this.api) return Promise.resolve([]);
    if (!this.booksLoad) {
      const api = this.api;
      this.booksLoad = api.books().catch(() => []).then((b) => {
        if (this.api === api) this.books = b;
        return b;
      });
    }
    return this.booksLoad;
  }

  /** Shows the view for an index route (true), or hides it (false). */
  route(hash) {
    const r = parseIndexRoute(hash);
    this.active = !!r;
    this.root.hidden = !r;
    if (!r) return false;
    if (!this.books) {
      this.pending = hash;
      this.status.textContent = this.api ? 'Loading the Alphabetic Index…' : 'Loading the code set…';
      if (this.api) {
        this.loadBooks().then(() => {
          if (this.pending === null) return;
          const again = this.pending;
          this.pending = null;
          this.route(again);
        });
      }
      return true;
    }
    if (!this.books.length) {
      this.heading.textContent = 'Alphabetic Index';
      this.status.textContent = this.api ? 'This code set has no Alphabetic Index.'
        : 'The Alphabetic Index comes with the ICD-10-CM code set, which is not loaded.';
      this.body.replaceChildren();
      return true;
    }
    const nav = ++this.nav;
    if (r.node !== undefined) {
      this.reveal(r.node, nav);
    } else {
      // Another letter or book: the filter's matches give way to it (back to the same one keeps it).
      const same = (a, b) => String(a || '').toUpperCase() === String(b || '').toUpperCase();
      if ((r.letter && !same(r.letter, this.current.letter)) || (r.book && r.book !== this.current.book)) this.filter.value = '';
      this.show(r.book, r.letter);
    }
    return true;
  }

  bookOf(key) {
    return this.books.find((b) => b.key === key) || this.books[0];
  }

  async lettersOf(book) {
    if (book.kind !== 'table' || book.mainTerms !== 1) return book.letters.map((l) => l.letter);
    // A table with one main term (the Neoplasm Table): its rows' first letters.
    if (!this.letterCache.has(book.key)) {
      const top = await this.tableTop(book);
      const rows = await this.api.children(top.id, { limit: PAGE });
      const set = new Set(rows.items.map((t) => t.title.charAt(0).toUpperCase()));
      this.letterCache.set(book.key, [...set].sort());
    }
    return this.letterCache.get(book.key);
  }

  async tableTop(book) {
    if (!this.tableTops.has(book.key)) this.tableTops.set(book.key, (await this.api.mainTerms(book.key, { limit: 1 })).items[0]);
    return this.tableTops.get(book.key);
  }

  /** Renders a book at a letter (or the filter's matches); resolves when shown. */
  async show(bookKey, letterArg) {
    const book = this.bookOf(bookKey);
    const letters = await this.lettersOf(book);
    if (!this.active) return;  // the page moved on meanwhile
    const letter = letters.find((l) => l.toUpperCase() === String(letterArg || '').toUpperCase()) || letters[0] || '';
    const filter = this.filter.value.trim();
    const key = `${book.key}|${letter}|${filter}`;
    this.current = { book: book.key, letter };
    document.title = `${book.name}${filter ? '' : ` · ${letter}`} · medcode`;
    if (key === this.rendered) return;
    const seq = ++this.seq;
    this.renderNav(book, letters, filter ? null : letter);
    this.body.setAttribute('aria-busy', 'true');
    try {
      if (book.kind === 'table') await this.renderTable(book, letter, filter, seq);
      else await this.renderTree(book, letter, filter, seq);
      if (seq === this.seq) this.rendered = key;
    } catch (e) {
      if (seq !== this.seq) return;
      this.body.replaceChildren(h('p', { class: 'index-error', role: 'alert' }, `Cannot show the index: ${e.message} (${e.code || 'INTERNAL'})`));
      this.rendered = '';
    } finally {
      if (seq === this.seq) this.body.removeAttribute('aria-busy');
    }
  }

  renderNav(book, letters, letter) {
    this.heading.textContent = book.name;
    this.bookNav.replaceChildren(...this.books.map((b) => h('li', null, h('a', {
      href: indexHref(b.key), 'aria-current': b.key === book.key ? 'page' : null, title: b.name,
    }, SHORT[b.key] || b.name))));
    this.letterNav.replaceChildren(...letters.map((l) => h('li', null, h('a', {
      href: indexHref(book.key, l), 'aria-current': l === letter ? 'true' : null,
      'aria-label': l === '#' ? 'Numbers and symbols' : `Letter ${l}`,
    }, l))));
    this.filterLabel.textContent = book.kind === 'table' ? `Find a row of the ${SHORT[book.key] || book.name}` : 'Find a main term';
  }

  // ---- the Index (a tree) ------------------------------------------------------------

  async renderTree(book, letter, filter, seq) {
    const page = await this.api.mainTerms(book.key, filter ? { prefix: filter, limit: PAGE } : { letter, limit: PAGE });
    if (seq !== this.seq) return;
    const what = filter ? `starting “${filter}”` : `under ${letter}`;
    this.status.textContent = `${page.total.toLocaleString('en-US')} main ${page.total === 1 ? 'term' : 'terms'} ${what}.`;
    if (!page.items.length) {
      this.body.replaceChildren(h('p', { class: 'muted index-empty' }, `No main term of the ${book.name} starts “${filter}”.`));
      return;
    }
    const tree = h('ul', { class: 'index-tree', role: 'tree', 'aria-label': `${book.name}: main terms ${what}` });
    page.items.forEach((t, i) => tree.append(this.treeItem(t, 1, page.items.length, i + 1)));
    tree.addEventListener('keydown', (e) => this.onTreeKey(e, tree));
    tree.addEventListener('click', (e) => this.onTreeClick(e));
    tree.addEventListener('focusin', (e) => {
      const item = e.target.closest('[role="treeitem"]');
      if (item) this.setActive(item, tree);
    });
    this.body.replaceChildren(h('p', { class: 'index-help muted' }, HELP), tree);
    this.setActive(tree.querySelector('[role="treeitem"]'), tree);
  }

  treeItem(t, level, size, pos) {
    const li = h('li', {
      role: 'treeitem', id: `term-${t.id}`, class: 'term', 'data-id': t.id, tabindex: '-1',
      'aria-level': level, 'aria-setsize': size, 'aria-posinset': pos,
      'aria-expanded': t.children ? 'false' : null,
    });
    li.append(h('div', { class: 'term-line' },
      h('span', { class: t.children ? 'twisty' : 'twisty leaf', 'aria-hidden': 'true' }),
      titleEl(t),
      refsEl(t, this.books),
      t.children ? h('span', { class: 'term-count muted', 'aria-hidden': 'true', title: `${t.children} ${t.children === 1 ? 'subterm' : 'subterms'}` },
        String(t.children)) : null));
    for (const a of li.querySelectorAll('a')) a.tabIndex = -1;
    return li;
  }

  /** Opens (loading its subterms once) or closes a tree item. */
  async toggle(li, open = li.getAttribute('aria-expanded') !== 'true') {
    if (!li.hasAttribute('aria-expanded')) return;
    let group = li.querySelector(':scope > [role="group"]');
    if (open && !group) {
      li.setAttribute('aria-busy', 'true');
      try {
        const d = await this.api.node(Number(li.dataset.id));
        group = h('ul', { role: 'group' });
        const level = Number(li.getAttribute('aria-level')) + 1;
        d.subterms.forEach((t, i) => group.append(this.treeItem(t, level, d.subterms.length, i + 1)));
        if (li.querySelector(':scope > [role="group"]')) return;  // opened twice at once
        if (d.subterms.length >= SUBTERM_FILTER_MIN) li.append(this.subtermFilter(li, group, d.subterms.length));
        li.append(group);
      } finally {
        li.removeAttribute('aria-busy');
      }
    }
    if (group) group.hidden = !open;
    const filter = li.querySelector(':scope > .subterm-filter');
    if (filter) filter.hidden = !open;
    li.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  /** A type-ahead filter of a term's many subterms (words anywhere in their titles). */
  subtermFilter(li, group, n) {
    const norm = (x) => x.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const title = li.querySelector('.term-title').textContent.trim();
    const count = h('span', { class: 'subterm-count muted', role: 'status' });
    const input = h('input', {
      type: 'search', class: 'subterm-filter-input', autocomplete: 'off', spellcheck: 'false',
      placeholder: `Filter its ${n} subterms`, 'aria-label': `Filter the ${n} subterms of ${title}`,
    });
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();  // typing here is not tree navigation
      if (e.key === 'ArrowDown') {
        const first = [...group.children].find((x) => !x.hidden);
        if (first) {
          e.preventDefault();
          this.focusItem(first);
        }
      } else if (e.key === 'Escape' && input.value) {
        e.preventDefault();
        input.value = '';
        input.dispatchEvent(new Event('input'));
      }
    });
    input.addEventListener('input', () => {
      const words = norm(input.value).split(/[\s,]+/).filter(Boolean);
      let shown = 0;
      for (const item of group.children) {
        const text = norm(item.querySelector(':scope > .term-line .term-title').textContent);
        const ok = words.every((w) => text.includes(w));
        item.hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = words.length ? `${shown} of ${n} subterms` : '';
    });
    return h('div', { class: 'subterm-filter' }, input, count);
  }

  visibleItems(tree) {
    return [...tree.querySelectorAll('[role="treeitem"]')].filter((el) => !el.closest('[role="treeitem"][hidden], [role="group"][hidden]'));
  }

  /** Roving tabindex: the active item (and its own links) can be reached with Tab. */
  setActive(item, tree) {
    if (!item) return;
    for (const el of tree.querySelectorAll('[role="treeitem"][tabindex="0"]')) {
      if (el === item) continue;
      el.tabIndex = -1;
      for (const a of el.querySelectorAll(':scope > .term-line a')) a.tabIndex = -1;
    }
    item.tabIndex = 0;
    for (const a of item.querySelectorAll(':scope > .term-line a')) a.tabIndex = 0;
  }

  focusItem(item) {
    const tree = item.closest('[role="tree"]');
    if (tree) this.setActive(item, tree);
    item.focus();
    item.scrollIntoView({ block: 'nearest' });
  }

  onTreeClick(e) {
    if (e.target.closest('a, .subterm-filter')) return;  // links and the subterm filter do their own thing
    const li = e.target.closest('[role="treeitem"]');
    if (!li) return;
    this.focusItem(li);
    this.toggle(li);
  }

  onTreeKey(e, tree) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const li = e.target.closest('[role="treeitem"]');
    if (!li) return;
    const onLink = e.target.tagName === 'A';
    const items = () => this.visibleItems(tree);
    const move = (to) => {
      if (to) {
        e.preventDefault();
        this.focusItem(to);
      }
    };
    switch (e.key) {
      case 'ArrowDown': {
        const v = items();
        move(v[v.indexOf(li) + 1]);
        break;
      }
      case 'ArrowUp': {
        const v = items();
        move(v[v.indexOf(li) - 1]);
        break;
      }
      case 'Home':
        move(items()[0]);
        break;
      case 'End': {
        const v = items();
        move(v[v.length - 1]);
        break;
      }
      case 'ArrowRight':
        if (onLink) return;
        e.preventDefault();
        if (li.getAttribute('aria-expanded') === 'false') this.toggle(li, true);
        else if (li.getAttribute('aria-expanded') === 'true') {
          const first = li.querySelector(':scope > [role="group"] > [role="treeitem"]');
          if (first) this.focusItem(first);
        }
        break;
      case 'ArrowLeft':
        if (onLink) return;
        e.preventDefault();
        if (li.getAttribute('aria-expanded') === 'true') this.toggle(li, false);
        else {
          const parent = li.parentElement.closest('[role="treeitem"]');
          if (parent) this.focusItem(parent);
        }
        break;
      case 'Enter':
      case ' ':
        if (onLink) return;
        e.preventDefault();
        if (li.hasAttribute('aria-expanded')) this.toggle(li);
        else {
          const a = li.querySelector(':scope > .term-line a');
          if (a && e.key === 'Enter') a.click();
        }
        break;
      default:
    }
  }

  // ---- the Tables --------------------------------------------------------------------

  async renderTable(book, letter, filter, seq) {
    let rows;
    let top = null;
    if (book.mainTerms === 1) {
      // The Neoplasm Table: "Neoplasm, neoplastic" (site unspecified) first, then its rows by letter.
      top = await this.tableTop(book);
      rows = await this.api.children(top.id, { prefix: filter || letter, limit: PAGE, deep: true });
    } else {
      rows = await this.api.mainTerms(book.key, filter ? { prefix: filter, limit: PAGE, deep: true } : { letter, limit: PAGE, deep: true });
    }
    if (seq !== this.seq) return;
    const what = filter ? `starting “${filter}”` : `under ${letter}`;
    this.status.textContent = `${rows.total.toLocaleString('en-US')} ${rows.total === 1 ? 'row' : 'rows'} ${what}.`;
    const cols = book.columns;
    const tbody = h('tbody');
    const add = (t, level) => {
      tbody.append(this.tableRow(t, level, cols));
      for (const s of t.subterms || []) add(s, level + 1);
    };
    if (top && !filter) add({ ...top, subterms: [] }, 0);
    for (const t of rows.items) add(t, top ? 1 : 0);
    const table = h('table', { class: 'index-table' },
      h('caption', { class: 'visually-hidden' }, `${book.name}, ${what}`),
      h('thead', null, h('tr', null, cols.map((c, i) => h('th', { scope: 'col', class: i ? 'col-code' : 'col-term' }, c)))),
      tbody);
    const wrap = h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${book.name} ${what}` }, table);
    this.body.replaceChildren(
      h('p', { class: 'index-help muted' }, 'Codes link to their detail; a code marked “+” is a header now: more characters are needed.'),
      rows.items.length || (top && !filter) ? wrap : h('p', { class: 'muted index-empty' }, `No row of the ${book.name} starts “${filter}”.`));
  }

  tableRow(t, level, cols) {
    const cells = t.cells || [];
    return h('tr', { id: `term-${t.id}`, 'data-id': t.id, tabindex: '-1', class: `lvl-${Math.min(level, 6)}` },
      h('th', { scope: 'row', class: 'row-head' },
        h('span', { class: `row-title lvl-${Math.min(level, 6)}` }, level ? h('span', { class: 'visually-hidden' }, `level ${level}: `) : null,
          titleEl(t)),
        refsEl({ ...t, code: null }, this.books),
        t.code ? h('span', { class: 'row-code' }, codeRef(t.code)) : null),
      cols.slice(1).map((_, i) => {
        const c = cells[i + 1];
        if (!c) return h('td', { class: 'cell-empty' }, h('span', { 'aria-hidden': 'true' }, '—'), h('span', { class: 'visually-hidden' }, 'none'));
        return h('td', null, codeRef(c), c.code && !c.code.billable ? h('span', { class: 'more', 'aria-hidden': 'true' }, '+') : null);
      }));
  }

  // ---- deep links ----------------------------------------------------------------------

  /** Shows a term: its book and letter, its ancestors opened; focuses and marks it. */
  async reveal(id, nav) {
    let d;
    try {
      d = await this.api.node(id);
    } catch (e) {
      if (nav !== this.nav) return;
      this.status.textContent = `${e.message} (${e.code || 'INTERNAL'})`;
      return;
    }
    const book = this.bookOf(d.book);
    let letter;
    if (book.kind === 'table' && book.mainTerms === 1) {
      letter = d.path.length > 1 ? d.path[1].title.charAt(0).toUpperCase() : null;
    } else {
      const main = d.path[0].id;
      for (const l of book.letters) if (l.first <= main) letter = l.letter;
    }
    if (nav !== this.nav) return;
    if (this.filter.value) this.filter.value = '';
    await this.show(book.key, letter);
    if (nav !== this.nav) return;
    if (book.kind !== 'table') {
      for (const p of d.path.slice(0, -1)) {
        const li = this.body.querySelector(`#term-${p.id}`);
        if (li) await this.toggle(li, true);
        if (nav !== this.nav) return;
      }
    }
    const el = this.body.querySelector(`#term-${id}`);
    if (!el) return;
    for (const old of this.body.querySelectorAll('.index-target')) old.classList.remove('index-target');
    el.classList.add('index-target');
    this.focusItem(el);
    el.scrollIntoView({ block: 'center' });
    this.status.textContent = `${d.path.map((p) => p.title).join(' › ')}`;
  }

  // ---- the code detail's "In the Alphabetic Index" -------------------------------------

  /** A section listing the index entries that lead to a code (filled when the reply comes). */
  whereSection(code) {
    if (!this.api || (this.books && !this.books.length)) return null;
    const list = h('ul', { class: 'where-list' });
    const note = h('p', { class: 'muted' }, 'Looking up the index…');
    const sec = h('section', { class: 'detail-section index-where', 'aria-labelledby': 'where-heading' },
      h('h3', { class: 'section-title', id: 'where-heading' }, 'In the Alphabetic Index'), note, list);
    const api = this.api;
    const fill = (w) => {
      if (!w.total) {
        note.textContent = 'No entry of the Index or the Tables names this code (or a header above it written with “-”).';
        return;
      }
      note.textContent = w.total > w.items.length ? `${w.total} entries; the first ${w.items.length}:` : '';
      note.hidden = !note.textContent;
      list.replaceChildren(...w.items.map((x) => h('li', null,
        h('a', { href: termHref(x.id), class: 'where-link' }, x.path.join(', ')),
        x.column ? h('span', { class: 'muted' }, ` · ${x.column}`) : null,
        h('span', { class: 'muted' }, ` · ${x.text}${x.exact ? '' : ' (a code above it)'}`),
        h('span', { class: 'muted where-book' }, ` · ${SHORT[x.book] || x.book}`))));
    };
    this.loadBooks().then((books) => {
      if (!books.length) {
        sec.remove();  // this code set has no index
        return;
      }
      api.where(code, { limit: 12 }).then(fill, (e) => {
        note.textContent = e && e.code === 'NOT_FOUND' ? 'This code is not in the index.' : `Cannot look up the index: ${e && e.message}`;
      });
    });
    return sec;
  }
}
