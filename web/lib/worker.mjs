// The medcode engine in a module Web Worker, so that loading the code set and
// searching never block the page. The page talks to it through worker-client.mjs.
//
// The protocol and the request loop are rpc.mjs / rpc-worker.mjs; this file is the table of
// requests: load | engineModule | codeSetBytes | loadCpt | loadBytes | search | suggest | lookup | validate | changes | buildSeventh | modifiers |
// indexBooks | indexMainTerms | indexNode | indexChildren | indexFollow | indexFind |
// indexWhere | info | stored | close, and the practice requests of practice-requests.mjs (practiceOpen,
// practiceList, practiceShow, practiceHints, practiceGrade, practiceStats, practiceVerify).
//
// Everything stays on this machine: the only network request is the code-set file,
// fetched from this page's own origin (anything else is refused).
//
// The code set's download starts before any other module has arrived: this file imports none
// statically. The messages that come while its modules load are kept; the load request's file
// is fetched at once (same origin only: anything else is refused by load, before any request)
// and handed to load; then the request loop (rpc-worker.mjs) starts and gets the kept messages
// in order. The engine's modules (medcode.mjs, its wasm glue, practice) arrive meanwhile.
const early = [];  // MessageEvents received before serve() listens
const prefetched = new Map();  // url -> { response: Promise<Response>, at: epoch ms }
function keepEarly(event) {
  early.push(event);
  const m = event.data;
  const arg = m && m.op === 'load' && Array.isArray(m.args) ? m.args[0] : null;
  if (!arg || typeof arg.url !== 'string' || arg.bytes === 'posted') return;  // posted: the page downloads it
  try {
    const u = new URL(arg.url, self.location.href);
    if (u.origin !== self.location.origin || prefetched.has(u.href)) return;
    const response = fetch(u.href, { credentials: 'same-origin', cache: 'no-cache' });
    response.catch(() => {});  // the load reports it
    prefetched.set(u.href, { response, at: performance.timeOrigin + performance.now() });
  } catch { /* not a URL: load refuses it */ }
}
self.addEventListener('message', keepEarly);

/** The response of a fetch started early for `url`, once (else null). */
function takePrefetched(url) {
  const p = prefetched.get(url);
  if (!p) return null;
  prefetched.delete(url);
  return p;
}

let fetchCodeSetBytes, countDownload, MedcodeError, serve, sameOriginOf, fetchAndKeep, compileEngineModule;
const helpers = Promise.all([
  import('./fetch-bytes.mjs'), import('./errors.mjs'), import('./rpc-worker.mjs'), import('./file-cache.mjs'), import('./engine-module.mjs'),
]).then(([a, b, c, d, e]) => {
  ({ fetchCodeSetBytes, countDownload } = a);
  ({ MedcodeError } = b);
  ({ serve, sameOrigin: sameOriginOf } = c);
  ({ fetchAndKeep } = d);
  ({ compileEngineModule } = e);
});

const engineModule = import('./medcode.mjs');
engineModule.catch(() => {});  // reported by the load that needs it

let codeSet = null;
let engine = null;  // the engine of codeSet (practice opens the HCPCS file in it)
let stored = Promise.resolve(true);  // the downloaded file's copy in the offline store (file-cache.mjs)
let indexUrl = null;  // the code set's Alphabetic Index and Tables in a file of their own (fetched when first asked for)

const now = () => performance.now();
// A moment as milliseconds since the epoch (fractional): the page turns the load's steps into
// Performance marks on its own timeline (worker-client.mjs), its timeOrigin is not this one's.
const epoch = () => performance.timeOrigin + performance.now();
const sameOrigin = (url) => sameOriginOf(url, 'the code set');

/**
 * A fetch that reports download progress and still returns a normal Response; a versioned
 * file is also kept for the service worker (file-cache.mjs), `kept` gets that promise.
 */
async function progressFetch(url, progress, kept, at) {
  const early = takePrefetched(url);
  if (early) at.request = early.at;
  const { response: res, kept: k } = await fetchAndKeep(url, (u) => (early ? early.response : fetch(u, { credentials: 'same-origin', cache: 'no-cache' })));
  kept.push(k);
  at.response = epoch();
  return countDownload(res, progress);
}

// The engine's compiled WebAssembly.Module when the page compiles it once for all its Workers
// (load's `engine: 'posted'`): it comes with the engineModule request, beside the load, or
// null when the page could not compile it (then this Worker compiles it itself).
let resolvePosted = null;
const postedModule = new Promise((resolve) => { resolvePosted = resolve; });

// The code set's bytes when the page downloads them for this Worker (load's `bytes: 'posted'`):
// they come with the codeSetBytes request, moved (not copied), inflated; or null when the
// page's download failed (then this Worker downloads the file itself, and reports the error).
// `gzipChecked`: the page's DecompressionStream checked their gzip CRC-32 (the open skips the
// file's payload CRC: Engine.loadCodeSet's gzipChecked).
let resolveBytes = null;
const postedBytes = new Promise((resolve) => { resolveBytes = resolve; });
let postedChecked = false;

function codeSetBytesRequest(ctx, bytes, gzipChecked = false) {
  if (bytes !== null && !(bytes instanceof Uint8Array)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'codeSetBytes takes the code set\'s bytes (a Uint8Array) or null');
  }
  postedChecked = bytes !== null && gzipChecked === true;
  resolveBytes(bytes);
  return true;
}

function engineModuleRequest(ctx, module) {
  if (module !== null && !(module instanceof WebAssembly.Module)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'engineModule takes a compiled WebAssembly.Module (or null)');
  }
  resolvePosted(module);
  return true;
}

// The share of a code set's file size (inflated) whose memory the Worker readies while the bytes
// are on their way (Engine.prepareMemory): its open takes ~4.6 times the file's size for
// ICD-10-CM (less for HCPCS: within the initial 16 MB), so 3.5 times never grows the heap beyond it.
const PREPARE_PER_BYTE = 3.5;

async function load({ progress }, { url, wasmUrl, indexUrl: index, engine: engineFrom, bytes: bytesFrom, size, warmUp = true } = {}) {
  if (codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'a code set is already loaded in this worker');
  // at: the load's steps (epoch ms): request (the fetch started early, when the load message
  // came), start, response (the code set's headers), bytes (all of it
  // downloaded and inflated), compiled (the wasm), engine (instantiated), warm (the search's
  // code compiled, when the bytes came after the engine), memory (the memory
  // the open writes readied, when the bytes came after the engine), opened (checked and
  // expanded in wasm memory).
  const timing = { at: { start: epoch() } };
  const t0 = now();
  const href = sameOrigin(url);
  const wasm = wasmUrl ? sameOrigin(wasmUrl) : null;
  indexUrl = index ? sameOrigin(index) : null;
  progress({ phase: 'engine', ms: 0 });
  if (bytesFrom !== 'posted') progress({ phase: 'download', loaded: 0, total: 0, ms: 0 });  // else the page reports it
  const kept = [];
  const download = () => fetchCodeSetBytes(href, { fetchImpl: (u) => progressFetch(u, progress, kept, timing.at) }).then((b) => {
    timing.fetchMs = Math.round(now() - t0);
    timing.at.bytes = epoch();
    return b;
  }, (e) => {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch code set ${url}: ${e && e.message ? e.message : e}`);
  });
  // Downloaded by the page (posted: `received` when they arrived here), or here.
  const bytesPromise = bytesFrom === 'posted'
    ? postedBytes.then((b) => {
      if (!b) return download();
      timing.bytesFrom = 'page';
      timing.at.received = epoch();
      return b;
    })
    : download();
  // The engine (wasm compile) and the code set (download + inflate) load at the same time;
  // the code set, the larger, is asked for first.
  // Compiled by the page (posted) or here, while the engine's modules arrive.
  const wasmHref = wasm || new URL('./medcode-wasm.wasm', import.meta.url).href;
  const compiled = (engineFrom === 'posted' ? postedModule : Promise.resolve(null)).then((m) => {
    timing.wasmFrom = m ? 'page' : 'worker';
    return m || compileEngineModule(wasmHref);
  }).then((m) => {
    timing.at.compiled = epoch();
    return m;
  });
  compiled.catch(() => {});
  const enginePromise = Promise.all([engineModule, compiled]).then(([{ createEngine }, wasmModule]) => createEngine({ wasmModule })).then((e) => {
    timing.engineMs = Math.round(now() - t0);
    timing.at.engine = epoch();
    return e;
  }, (e) => {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('INTERNAL', `cannot start the WebAssembly engine: ${e && e.message ? e.message : e}`);
  });
  // Neither failure may go unhandled while the other is awaited.
  bytesPromise.catch(() => {});
  let bytesHere = false;
  bytesPromise.then(() => { bytesHere = true; }, () => { bytesHere = true; });
  engine = await enginePromise;
  await practiceModule;  // its requests are in the table once a load succeeded
  // (bytes posted while the engine was instantiated are a message not yet dispatched)
  if (!bytesHere && bytesFrom === 'posted') await new Promise((resolve) => setTimeout(resolve, 0));
  // Idle until the bytes arrive: the search's code is compiled meanwhile (Engine.warmUp; the
  // other Workers share the compiled module, so HCPCS's Worker, whose bytes wait for
  // ICD-10-CM's open, compiles it for ICD-10-CM's first search too). Not with `warmUp: false`
  // (one wasm call: bytes arriving meanwhile would wait for it).
  if (!bytesHere && warmUp !== false) {
    timing.warmUpMs = Math.round(engine.warmUp());
    timing.at.warm = epoch();
  }
  // While the bytes are on their way (downloaded, inflated, or held back by the page until
  // another code set has opened), the memory the open will write is readied (prepareMemory);
  // it stops when they arrive. `size`: the file's inflated size (codesets/index.json).
  if (Number.isFinite(size) && size > 0) {
    const readied = await engine.prepareMemory(size * PREPARE_PER_BYTE, bytesPromise);
    if (readied) {
      timing.preparedBytes = readied;
      timing.at.memory = epoch();
    }
  }
  let bytes = await bytesPromise;
  timing.bytes = bytes.byteLength;

  const t = now();
  progress({ phase: 'open', ms: 0 });
  // Bytes this Worker inflated are marked by fetchCodeSetBytes itself (loadCodeSet's default);
  // the page's say so with their request.
  codeSet = engine.loadCodeSet(bytes, timing.bytesFrom === 'page' && postedChecked ? { gzipChecked: true } : {});
  timing.openMs = Math.round(now() - t);
  timing.at.opened = epoch();
  bytes = null;
  // The copy for the service worker may still be being written: the search need not wait for
  // it; the page registers the service worker once `stored` says it is there.
  stored = Promise.all(kept).then(() => true);
  // engineMs and fetchMs overlap (both from the start); totalMs is the wall time.
  timing.totalMs = Math.round(now() - t0);
  progress({ phase: 'ready', ms: timing.totalMs });
  return { info: codeSet.info, timing };
}

// A CPT code set from the user's descriptor file: its bytes came from the page by
// postMessage (never over the network) and stay in this worker's memory.
async function loadCpt({ progress }, { file, name = '', year = 0, loaded = '', wasmUrl } = {}) {
  if (codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'a code set is already loaded in this worker');
  const timing = {};
  const t0 = now();
  progress({ phase: 'engine', ms: 0 });
  const { createEngine } = await engineModule;
  engine = await createEngine(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  await practiceModule;
  timing.engineMs = Math.round(now() - t0);
  const t = now();
  progress({ phase: 'open', ms: 0 });
  codeSet = engine.loadCptDescriptors(file, { name, year, loaded });
  timing.openMs = Math.round(now() - t);
  timing.totalMs = Math.round(now() - t0);
  progress({ phase: 'ready', ms: timing.totalMs });
  return { info: codeSet.info, report: codeSet.report, timing };
}

// A code-set file compiled in this browser (an HCPCS quarter loaded in the Updates view):
// its bytes came from the page by postMessage (never over the network) and stay here.
async function loadBytes({ progress }, { bytes, wasmUrl } = {}) {
  if (codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'a code set is already loaded in this worker');
  const t0 = now();
  progress({ phase: 'engine', ms: 0 });
  const { createEngine } = await engineModule;
  engine = await createEngine(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  await practiceModule;
  progress({ phase: 'open', ms: 0 });
  codeSet = engine.loadCodeSet(bytes);
  const timing = { bytes: bytes.byteLength, totalMs: Math.round(now() - t0) };
  progress({ phase: 'ready', ms: timing.totalMs });
  return { info: codeSet.info, timing };
}

function live() {
  if (!codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'no code set is loaded (it failed to load or was closed)');
  return codeSet;
}

/**
 * The code set with its Alphabetic Index and Tables: their file (codesets/index.json's
 * indexHref, a versioned name) is downloaded when a request first needs it, never before (it
 * is not on the first result's path), kept for the service worker like the code set, and
 * attached. Requests run one at a time, so it is fetched once; a failed fetch is tried again
 * by the next request.
 */
async function withIndex() {
  const cs = live();
  if (cs.hasIndex || !indexUrl) return cs;
  let bytes;
  try {
    bytes = await fetchCodeSetBytes(indexUrl, { fetchImpl: async (u) => (await fetchAndKeep(u, (v) => fetch(v, { credentials: 'same-origin', cache: 'no-cache' }))).response });
  } catch (e) {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch the Alphabetic Index and Tables ${indexUrl}: ${e && e.message ? e.message : e}`);
  }
  if (codeSet !== cs) return live();  // closed meanwhile
  cs.attachIndex(bytes);
  return cs;
}

// The practice requests (practice-requests.mjs) join the table once their module is here;
// requests run one at a time, and practice needs a load first, which waits for the engine.
const table = {
  load,
  engineModule: engineModuleRequest,
  codeSetBytes: codeSetBytesRequest,
  loadCpt,
  loadBytes,
  search: (ctx, query, options) => live().search(query, options),
  lookup: (ctx, code, options) => live().lookup(code, options),
  // The note coder reads the Alphabetic Index too (a manifestation's bracket, "see condition").
  // When its file cannot be fetched (offline before the Index was ever opened), the note is
  // coded without it and the result says so (indexMissing), rather than not coded at all.
  suggest: async (ctx, text, options) => {
    let indexMissing = null;
    try {
      await withIndex();
    } catch (e) {
      if (!(e instanceof MedcodeError) || e.code !== 'IO') throw e;
      indexMissing = 'the Alphabetic Index is not on this device yet (open it once online): ' +
        'pairs it gives (a manifestation after its etiology) were not checked';
    }
    const r = live().suggest(text, options);
    if (indexMissing) r.indexMissing = indexMissing;
    return r;
  },
  validate: (ctx, code, options) => live().validate(code, options),
  changes: (ctx, options) => live().changes(options),
  modifiers: (ctx, query, options) => live().modifiers(query, options),
  buildSeventh: (ctx, base, seventh) => live().buildSeventh(base, seventh),
  // The Alphabetic Index and Tables (IndexBrowser in medcode.mjs).
  indexBooks: async () => (await withIndex()).index.books(),
  indexMainTerms: async (ctx, book, options) => (await withIndex()).index.mainTerms(book, options),
  indexNode: async (ctx, id) => (await withIndex()).index.node(id),
  indexChildren: async (ctx, id, options) => (await withIndex()).index.children(id, options),
  indexFollow: async (ctx, id, options) => (await withIndex()).index.follow(id, options),
  indexFind: async (ctx, path, options) => (await withIndex()).index.find(path, options),
  indexWhere: async (ctx, code, options) => (await withIndex()).index.where(code, options),
  info: () => live().info,
  stored: () => stored,
  close: () => {
    if (table.practiceClose) table.practiceClose();
    if (codeSet) codeSet.close();
    codeSet = null;
    return true;
  },
};
const practiceModule = import('./practice-requests.mjs').then(({ practiceRequests }) => {
  Object.assign(table, practiceRequests(() => ({ engine, codeSet }), withIndex));
});
practiceModule.catch(() => {});
// The request loop, once its modules are here; the messages kept meanwhile go to it in order.
helpers.then(() => {
  serve(table, { concurrent: ['stored', 'engineModule', 'codeSetBytes'] });
  self.removeEventListener('message', keepEarly);
  for (const e of early.splice(0)) self.dispatchEvent(new MessageEvent('message', { data: e.data }));
}, (e) => {
  // Without its modules this Worker cannot answer: an uncaught error reaches the page's client
  // (the Worker's error event), which fails its requests, as a failed static import did.
  setTimeout(() => {
    throw new Error(`the search worker's modules could not be loaded: ${e && e.message ? e.message : e}`);
  });
});
