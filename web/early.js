// What the page starts the moment it begins, before its modules arrive (start.js waits for its
// module graph and the code-set list): the code-set search Workers, whose scripts and modules
// then load while the page's do, and the engine's compile. No data is sent or read here.
//  - window.medcodeSpareWorkers: the Workers (how many: this script's data-search-workers, one
//    per system the site has); start.js takes them (emptying the list) and hands one to each
//    code set it opens (lib/worker-client.mjs: the `worker` option), and ends the others.
//  - window.medcodeEngine: the engine's wasm compiled while it downloads (a promise of its
//    WebAssembly.Module, or null); start.js posts it to the Workers, and compiles it itself
//    (lib/engine-module.mjs) if this failed (a server that does not say application/wasm).
// The Workers are asked for first: a browser opens 6 connections to a host. This script is async
// (the parser does not wait for it); when start.js runs before it, start.js does both itself
// and this script nothing (window.medcodeEarlyTooLate).
(function () {
  'use strict';
  if (window.medcodeEarlyTooLate) return;  // start.js ran first (this script is async): it starts them itself
  var spare = [];
  window.medcodeSpareWorkers = spare;
  window.medcodeEngine = null;
  if (typeof Worker !== 'function' || typeof WebAssembly !== 'object') return;
  var me = document.currentScript;
  var n = Math.min(4, Math.max(0, parseInt((me && me.getAttribute('data-search-workers')) || '0', 10) || 0));
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
  if (typeof WebAssembly.compileStreaming === 'function' && typeof fetch === 'function') {
    try {
      var engine = WebAssembly.compileStreaming(fetch(new URL('lib/medcode-wasm.wasm', document.baseURI).href, { credentials: 'same-origin' }));
      engine['catch'](function () {});  // start.js compiles it itself then
      window.medcodeEngine = engine;
    } catch (e) { /* start.js compiles it */ }
  }
}());
