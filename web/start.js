// medcode page: starts the code-set Workers the moment the page begins, before the rest of the
// page's modules (views, claims, note coding) have been fetched. index.html loads this module
// first, `async`, so its small graph (catalog.mjs, worker-client.mjs, rpc.mjs, errors.mjs,
// engine-module.mjs) runs as soon as it arrives; app.js imports the same module (one
// instance) and takes the group it started with openStarted(onProgress).
//
// No DOM here: the document may not be parsed yet when this runs.
import { fetchCatalog, chooseCodeSets, openCodeSets } from './lib/catalog.mjs';
import { compileEngineModule } from './lib/engine-module.mjs';

const FALLBACK_URL = 'codesets/icd10cm-2027.mcs.gz';   // used when codesets/index.json is missing

/** The code sets to open: from codesets/index.json (one per system, the newest), else the default file. */
async function chooseEntries() {
  let entries = [];
  try {
    entries = (await fetchCatalog('codesets/index.json')).entries.filter((e) => e.system);
  } catch { /* an older site without index.json: the default file below */ }
  if (!entries.length) return [{ url: new URL(FALLBACK_URL, document.baseURI).href, file: FALLBACK_URL, system: null }];
  return chooseCodeSets(entries).chosen;
}

// Progress arrives before app.js listens: the latest report per code set is kept and replayed.
let listener = null;
const latest = new Map();  // entry url -> progress
function onProgress(p) {
  latest.set(p.entry && p.entry.url, p);
  if (listener) listener(p);
}

// The page's timeline: when this module ran, and when it started the Workers (medcode:workers);
// the load's steps follow as medcode:SYSTEM:* marks.
if (typeof performance !== 'undefined' && performance.mark) performance.mark('medcode:start');

// The engine's wasm is compiled once, by the page, and posted to each Worker (worker-client.mjs):
// the Workers neither download nor compile it. If it fails, each Worker compiles it itself (and
// reports the error). It is asked for just after the Workers have been started, so that their
// scripts are not queued behind it (a browser opens 6 connections to a host).
// early.js has usually started it already (window.medcodeEngine); if that failed, it is
// compiled here (engine-module.mjs also takes a server that does not say application/wasm).
const compileHere = () => compileEngineModule(new URL('lib/medcode-wasm.wasm', document.baseURI).href);
const early = typeof window !== 'undefined' && window.medcodeEngine && typeof window.medcodeEngine.then === 'function' ? window.medcodeEngine : null;
if (typeof window !== 'undefined') window.medcodeEarlyTooLate = true;  // early.js (async) has run, or will do nothing
let compileNow;
const wasmModule = new Promise((resolve) => {
  let asked = false;
  compileNow = () => {
    if (!asked) resolve(early ? early.catch(compileHere) : compileHere());
    asked = true;
  };
  if (early) compileNow();
});
wasmModule.catch(() => {});

// The search Workers early.js started when the page began (their modules are loading):
// one per code set opened below; one whose script failed is replaced, the rest are ended.
const spare = (typeof window !== 'undefined' && Array.isArray(window.medcodeSpareWorkers) ? window.medcodeSpareWorkers.splice(0) : []);
function takeSpare(n) {
  const all = spare.splice(0);
  const ok = all.filter((w) => !w.medcodeFailed);
  for (const w of all) if (w.medcodeFailed || ok.indexOf(w) >= n) w.terminate();
  return ok.slice(0, n);
}

// A failure is app.js's to show: it is not an unhandled rejection while nobody awaits it.
const started = chooseEntries().then((entries) => {
  if (typeof performance !== 'undefined' && performance.mark) performance.mark('medcode:workers');
  // The Workers start here (or were started by early.js); their files are asked for
  // first, by the page (a Worker's script and modules would arrive first), then moved to them.
  // The first search need not wait for HCPCS: the group opens with ICD-10-CM (ready: 'first').
  const group = openCodeSets(entries, { onProgress, partial: true, ready: 'first', wasmModule, download: 'page', workers: takeSpare(entries.length) });
  compileNow();
  return group;
}).finally(() => {
  compileNow();  // (when the list failed: settles the promise; it compiles once)
  takeSpare(0);  // (when the list failed: none is needed)
});
started.catch(() => {});

/**
 * The group of the site's code sets (openCodeSets, partial: true, ready: 'first'), started when
 * the page began: it resolves once the first code set (ICD-10-CM) is open, the others join it
 * as they open (group.pending, group.complete); `progress` gets the load progress from now on
 * (the latest report of each code set first).
 */
export function openStarted(progress) {
  listener = progress;
  for (const p of latest.values()) progress(p);
  return started;
}
