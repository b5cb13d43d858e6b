// The medcode engine in a module Web Worker, so that loading the code set and
// searching never block the page. The page talks to it through worker-client.mjs.
//
// Protocol (structured-clone messages):
//   page -> worker  { id, op, args }          op: load | loadCpt | search | lookup | validate | buildSeventh |
//                                             modifiers | indexBooks | indexMainTerms | indexNode |
//                                             indexChildren | indexFollow | indexFind | indexWhere | info | close
//                   { cancel: id }            drop a queued request (its reply is { id, cancelled: true })
//   worker -> page  { id, ok: true, result }
//                   { id, ok: false, error: { name, code, message } }
//                   { id, cancelled: true }
//                   { progress: { phase, loaded?, total?, ms } }   during load
//
// Everything stays on this machine: the only network request is the code-set file,
// fetched from this page's own origin (anything else is refused).
import { createEngine, fetchCodeSetBytes, MedcodeError } from './medcode.mjs';

let codeSet = null;
const queue = [];
const cancelled = new Set();
let scheduled = false;  // a drain is pending or running

const now = () => performance.now();

function post(msg) {
  self.postMessage(msg);
}

function progress(p) {
  post({ progress: p });
}

function sameOrigin(url) {
  const u = new URL(url, self.location.href);
  if (u.origin !== self.location.origin) {
    throw new MedcodeError('INVALID_ARGUMENT', `the code set must come from this site (${self.location.origin}), not ${u.origin}`);
  }
  return u.href;
}

/** A fetch that reports download progress and still returns a normal Response. */
async function progressFetch(url) {
  const res = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
  if (!res.ok || !res.body) return res;
  const total = Number(res.headers.get('Content-Length')) || 0;
  let loaded = 0;
  let last = 0;
  const t0 = now();
  const counted = res.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      const t = now();
      if (t - last > 50) {
        last = t;
        progress({ phase: 'download', loaded, total, ms: Math.round(t - t0) });
      }
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}

async function load({ url, wasmUrl } = {}) {
  if (codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'a code set is already loaded in this worker');
  const timing = {};
  const t0 = now();
  const href = sameOrigin(url);
  const wasm = wasmUrl ? sameOrigin(wasmUrl) : null;
  // The engine (wasm compile) and the code set (download + inflate) load at the same time.
  progress({ phase: 'engine', ms: 0 });
  const enginePromise = createEngine(wasm ? { wasmUrl: wasm } : {}).then((e) => {
    timing.engineMs = Math.round(now() - t0);
    return e;
  });
  progress({ phase: 'download', loaded: 0, total: 0, ms: 0 });
  const bytesPromise = fetchCodeSetBytes(href, { fetchImpl: progressFetch }).then((b) => {
    timing.fetchMs = Math.round(now() - t0);
    return b;
  }, (e) => {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch code set ${url}: ${e && e.message ? e.message : e}`);
  });
  // Neither failure may go unhandled while the other is awaited.
  bytesPromise.catch(() => {});
  const engine = await enginePromise;
  let bytes = await bytesPromise;
  timing.bytes = bytes.byteLength;

  const t = now();
  progress({ phase: 'open', ms: 0 });
  codeSet = engine.loadCodeSet(bytes);
  timing.openMs = Math.round(now() - t);
  bytes = null;
  // engineMs and fetchMs overlap (both from the start); totalMs is the wall time.
  timing.totalMs = Math.round(now() - t0);
  progress({ phase: 'ready', ms: timing.totalMs });
  return { info: codeSet.info, timing };
}

// A CPT code set from the user's descriptor file: its bytes came from the page by
// postMessage (never over the network) and stay in this worker's memory.
async function loadCpt({ file, name = '', year = 0, loaded = '', wasmUrl } = {}) {
  if (codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'a code set is already loaded in this worker');
  const timing = {};
  const t0 = now();
  progress({ phase: 'engine', ms: 0 });
  const engine = await createEngine(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  timing.engineMs = Math.round(now() - t0);
  const t = now();
  progress({ phase: 'open', ms: 0 });
  codeSet = engine.loadCptDescriptors(file, { name, year, loaded });
  timing.openMs = Math.round(now() - t);
  timing.totalMs = Math.round(now() - t0);
  progress({ phase: 'ready', ms: timing.totalMs });
  return { info: codeSet.info, report: codeSet.report, timing };
}

function live() {
  if (!codeSet) throw new MedcodeError('INVALID_ARGUMENT', 'no code set is loaded (it failed to load or was closed)');
  return codeSet;
}

const OPS = {
  load,
  loadCpt,
  search: (query, options) => live().search(query, options),
  lookup: (code, options) => live().lookup(code, options),
  validate: (code, options) => live().validate(code, options),
  modifiers: (query, options) => live().modifiers(query, options),
  buildSeventh: (base, seventh) => live().buildSeventh(base, seventh),
  // The Alphabetic Index and Tables (IndexBrowser in medcode.mjs).
  indexBooks: () => live().index.books(),
  indexMainTerms: (book, options) => live().index.mainTerms(book, options),
  indexNode: (id) => live().index.node(id),
  indexChildren: (id, options) => live().index.children(id, options),
  indexFollow: (id, options) => live().index.follow(id, options),
  indexFind: (path, options) => live().index.find(path, options),
  indexWhere: (code, options) => live().index.where(code, options),
  info: () => live().info,
  close: () => {
    if (codeSet) codeSet.close();
    codeSet = null;
    return true;
  },
};

function errorOf(e) {
  if (e instanceof MedcodeError) return { name: e.name, code: e.code, message: e.message };
  return { name: 'MedcodeError', code: 'INTERNAL', message: e && e.message ? e.message : String(e) };
}

async function run({ id, op, args = [] }) {
  if (cancelled.delete(id)) {
    post({ id, cancelled: true });
    return;
  }
  const fn = Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op] : null;
  try {
    if (!fn) throw new MedcodeError('INVALID_ARGUMENT', `unknown operation ${op}`);
    const result = await fn(...args);
    post({ id, ok: true, result });
  } catch (e) {
    post({ id, ok: false, error: errorOf(e) });
  }
}

// Requests are queued and run one by one in a later task, so that a cancel (or a newer
// search) that arrives while an older search is still waiting can drop it.
async function drain() {
  try {
    while (queue.length) {
      const req = queue.shift();
      // A search superseded by a newer one in the same stream is not run at all.
      if (req.op === 'search' && req.stream &&
          queue.some((q) => q.op === 'search' && q.stream === req.stream)) {
        post({ id: req.id, cancelled: true });
        continue;
      }
      await run(req);
    }
  } finally {
    scheduled = false;
    cancelled.clear();
  }
}

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.cancel !== undefined) {
    if (queue.some((q) => q.id === msg.cancel)) cancelled.add(msg.cancel);
    return;
  }
  queue.push(msg);
  if (!scheduled) {
    scheduled = true;
    setTimeout(drain, 0);
  }
});
