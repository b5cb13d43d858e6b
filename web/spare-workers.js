// The page's code-set search Workers, started the moment the page begins: their scripts and
// modules load while the page's own do, instead of after start.js has run (which waits for its
// module graph and the code-set list). start.js takes them (window.medcodeSpareWorkers, emptied
// as taken) and hands one to each code set it opens (lib/worker-client.mjs: the `worker`
// option); it ends the ones it does not need. How many: this script's data-search-workers (the
// site's systems, one Worker each). No data is sent or read here: a Worker waits for its load.
(function () {
  'use strict';
  var spare = [];
  window.medcodeSpareWorkers = spare;
  var me = document.currentScript;
  var n = Math.min(4, Math.max(0, parseInt((me && me.getAttribute('data-search-workers')) || '0', 10) || 0));
  if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') return;
  try {
    for (var i = 0; i < n; i++) {
      var w = new Worker(new URL('lib/worker.mjs', document.baseURI), { type: 'module', name: 'medcode' });
      // A Worker whose script failed before anyone listened: start.js starts another (which reports it).
      w.addEventListener('error', function () { this.medcodeFailed = true; });
      spare.push(w);
    }
  } catch (e) {
    // No module Workers in this browser: start.js starts them (and reports what fails).
    for (var k = 0; k < spare.length; k++) spare[k].terminate();
    spare.length = 0;
  }
}());
