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
