// The one DOM helper of the page, its views and the <code-search> component. Text goes into
// the page only through text nodes and textContent: nothing is ever parsed as HTML.

/**
 * h('a', { href, class, text, onclick, ...attributes }, ...children): an element. Attributes
 * that are undefined, null or false are left out (true gives an empty attribute); `on...`
 * adds a listener. Children that are null, undefined, false or '' are skipped; strings and
 * numbers become text nodes; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
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
    if (c === null || c === undefined || c === false || c === '') continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces el's children, skipping null/false/'' (replaceChildren would print "null"). */
export function setKids(el, ...kids) {
  el.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined && k !== false && k !== ''));
}

/**
 * Makes option i of a combobox's listbox the active one (aria-selected, and the input's
 * aria-activedescendant; scrolled into view unless scroll is false) in place of option
 * `prev`; i < 0: none. Returns i, the new active index.
 */
export function setActiveOption(listbox, input, prev, i, { scroll = true } = {}) {
  const items = listbox.children;
  if (prev >= 0 && items[prev]) items[prev].setAttribute('aria-selected', 'false');
  if (i >= 0 && items[i]) {
    items[i].setAttribute('aria-selected', 'true');
    input.setAttribute('aria-activedescendant', items[i].id);
    if (scroll) items[i].scrollIntoView({ block: 'nearest' });
  } else {
    input.removeAttribute('aria-activedescendant');
  }
  return i;
}

/** Saves text as a file (a download built in the page: nothing is sent anywhere). */
export function downloadText(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
