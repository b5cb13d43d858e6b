// The browser benches' probe (browser_bench.mjs, visit_bench.mjs), added to the page with
// context.addInitScript(FIRST_RESULT). Sets window.__bench = { ready, result, painted }
// (performance.now(), from navigation start).
// In the page, from the first script on: when the search box is enabled, type "diabetes"
// (one input event) and note when the first result row is in the DOM (and painted: next frame).
export const FIRST_RESULT = () => {
  window.__bench = {};
  const mo = new MutationObserver(() => {
    const q = document.getElementById('q');
    if (q && !q.disabled && !window.__bench.ready) {
      window.__bench.ready = performance.now();
      q.value = 'diabetes';
      q.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (!window.__bench.result && document.querySelector('#results [role="option"]')) {
      window.__bench.result = performance.now();
      requestAnimationFrame(() => setTimeout(() => { window.__bench.painted = performance.now(); }, 0));
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
};
