// Runs before the page's module (app.js). If the module or one of its imports cannot be
// loaded or parsed (missing file, very old browser), say so instead of leaving a page
// that looks like it is still loading. No data leaves the browser here either.
(function () {
  'use strict';
  function fail(detail) {
    if (document.body && document.body.getAttribute('data-app') === 'started') return;
    var show = function () {
      var box = document.getElementById('error');
      var load = document.getElementById('load');
      if (!box) return;
      if (load) load.hidden = true;
      document.body.setAttribute('data-state', 'error');
      box.textContent = '';
      var title = document.createElement('strong');
      title.className = 'error-title';
      title.textContent = 'This page could not start.';
      var msg = document.createElement('span');
      msg.className = 'error-message';
      msg.textContent = detail + ' It needs a current browser with JavaScript modules and WebAssembly.';
      var code = document.createElement('span');
      code.className = 'error-code';
      code.textContent = 'Error code: INTERNAL';
      box.appendChild(title);
      box.appendChild(msg);
      box.appendChild(code);
      box.hidden = false;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
    else show();
  }
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t.tagName === 'SCRIPT') fail('A script of this page (' + (t.src || 'inline') + ') failed to load.');
    else if (e.message) fail('A script of this page failed: ' + e.message + '.');
  }, true);
  if (typeof WebAssembly !== 'object') fail('This browser has no WebAssembly.');
}());
