// The page's side of web/lib/worker.mjs: a code set that lives in a module Web Worker.
//
//   import { createWorkerCodeSet } from './lib/worker-client.mjs';
//   const icd = await createWorkerCodeSet('codesets/icd10cm-2027.mcs.gz', { onProgress });
//   const r = await icd.search('diabetes', { limit: 20 });
//   const d = await icd.lookup('E11.9');
//
// Same methods as CodeSet in medcode.mjs (search, lookup, validate, buildSeventh, info,
// close, and index.books / mainTerms / node / children / follow / find / where; and for an
// ICD-10-CM code set practice.open / list / show / hints / grade / stats / verify), but each
// returns a Promise. Errors are MedcodeError with the same `code`.
// Extra search options, handled here and never sent to the engine:
//   signal: AbortSignal  -> the promise rejects with an AbortError; a queued request is dropped
//   stream: 'name'       -> a newer search in the same stream supersedes an older one that is
//                           still queued (the older rejects with an AbortError)
// Every returned promise has an `id`; `cancel(id)` drops that request if it has not run yet.
import { RpcClient, startWorker, absolute, pageBase } from './rpc.mjs';
import { MedcodeError } from './errors.mjs';
import { downloadSiteFile } from './file-cache.mjs';
import { gzipChecked } from './fetch-bytes.mjs';

export class WorkerCodeSet extends RpcClient {
  /** @internal use createWorkerCodeSet */
  constructor(worker, onProgress) {
    super(worker, { name: 'search worker', what: 'code set', onProgress });
    /** The Alphabetic Index and Tables: the methods of IndexBrowser (medcode.mjs), returning Promises. */
    this.index = Object.freeze({
      books: () => this._call('indexBooks', []),
      mainTerms: (book, options) => this._call('indexMainTerms', options ? [book, options] : [book]),
      node: (id) => this._call('indexNode', [id]),
      children: (id, options) => this._call('indexChildren', options ? [id, options] : [id]),
      follow: (id, options) => this._call('indexFollow', options ? [id, options] : [id]),
      find: (path, options) => this._call('indexFind', options ? [path, options] : [path]),
      where: (code, options) => this._call('indexWhere', options ? [code, options] : [code]),
    });
    /**
     * Practice for students, graded in this (ICD-10-CM) Worker: the methods of Practice
     * (practice.mjs), returning Promises, after open({ hcpcsUrl, casesUrl }) or, for an
     * instructor's file, open({ hcpcsUrl, cases: textOrBytes }) (sent by postMessage only).
     */
    this.practice = Object.freeze({
      open: ({ hcpcsUrl, casesUrl, cases } = {}) => this._call('practiceOpen', [{
        hcpcsUrl: absolute(hcpcsUrl) || null, casesUrl: absolute(casesUrl) || null, cases: cases === undefined ? null : cases,
      }]),
      list: () => this._call('practiceList', []),
      show: (id) => this._call('practiceShow', [id]),
      hints: (id) => this._call('practiceHints', [id]),
      grade: (id, answer) => this._call('practiceGrade', [id, answer]),
      stats: () => this._call('practiceStats', []),
      verify: () => this._call('practiceVerify', []),
    });
  }

  search(query, options = {}) {
    const { signal, stream, ...engineOptions } = options || {};
    return this._call('search', [query, engineOptions], { signal, stream });
  }

  /** Codes a note in the Worker (see CodeSet.suggest): the text never leaves the device. */
  suggest(text, options) {
    return this._call('suggest', options ? [text, options] : [text]);
  }

  /** Options: dateOfService (YYYY-MM-DD) for dated code sets (HCPCS). */
  lookup(code, options) {
    return this._call('lookup', options ? [code, options] : [code]);
  }

  validate(code, options) {
    return this._call('validate', options ? [code, options] : [code]);
  }

  /** What changed in a year (see CodeSet.changes). */
  changes(options) {
    return this._call('changes', options ? [options] : []);
  }

  /** HCPCS Level II modifiers: all, or those matching the query (see CodeSet.modifiers). */
  modifiers(query = '', options) {
    return this._call('modifiers', options ? [query, options] : [query]);
  }

  buildSeventh(base, seventh) {
    return this._call('buildSeventh', [base, seventh]);
  }

  /** { system, year, label, effectiveFrom, effectiveTo, codes, bytes, inputs: [...] } */
  info() {
    return this._call('info', []);
  }

  /**
   * Settles once the Worker's copy of the file it downloaded is in the offline store
   * (file-cache.mjs), so that the service worker installed after it adopts the copy instead
   * of downloading the file again. The load does not wait for it.
   */
  stored() {
    const worker = this._call('stored', []);
    return this._kept ? Promise.all([worker, this._kept]).then(() => true) : worker;
  }

}

/**
 * Starts a module Worker, which fetches the code set from this site and loads it.
 * Resolves to a WorkerCodeSet once it is ready; rejects with a MedcodeError (e.g. IO,
 * BAD_CHECKSUM) if it cannot be loaded. Options:
 *   workerUrl   the worker module (default: worker.mjs beside this file)
 *   wasmUrl     the .wasm file (default: medcode-wasm.wasm beside medcode.mjs)
 *   indexUrl    the code set's Alphabetic Index and Tables in a file of their own (index.json's
 *               indexHref): the Worker downloads it when an index request first needs it
 *   wasmModule  the engine compiled already (a WebAssembly.Module, or a Promise of one: see
 *               compileEngineModule in engine-module.mjs): posted to the Worker, which then
 *               neither downloads nor compiles the wasm; several Workers share one compile
 *   download    'page': the page downloads the file (and inflates it) while the Worker starts,
 *               and moves the bytes to it (the codeSetBytes request); the Worker downloads it
 *               itself if the page could not. Default: the Worker downloads it
 *   openAfter   with download 'page': a promise; the bytes are moved to the Worker (which then
 *               opens them) only once it has settled, e.g. another code set's load, so that the
 *               two opens do not share the CPU (the page's HCPCS waits for its ICD-10-CM)
 *   downloadAfter  with download 'page': a promise; the file is asked for once it has settled
 *               (e.g. another file's bytes: the two downloads do not share the line, nor their
 *               inflating the page's thread)
 *   onBytes     with download 'page': called once the page's download has settled (the bytes
 *               inflated, or failed)
 *   worker      a Worker started already from worker.mjs (the page starts its search Workers
 *               first thing: early.js), that has had no message yet
 *   warmUp      false: no Engine.warmUp while the bytes are on their way (other Workers
 *               sharing the compiled module do it). Default true
 *   size        the file's size inflated (codesets/index.json's `bytes`): the Worker readies the
 *               memory its open will write while the bytes are on their way (Engine.prepareMemory)
 *   onProgress  called with { phase: engine | download | open | ready, loaded, total, ms }
 */
const searchWorker = (workerUrl, name) => ({
  workerUrl, name, label: 'search worker', fallback: new URL('./worker.mjs', import.meta.url),
});

export async function createWorkerCodeSet(url = 'codesets/icd10cm-2027.mcs.gz', { workerUrl, wasmUrl, indexUrl, wasmModule, download, openAfter, downloadAfter, onBytes, worker, size, warmUp, onProgress } = {}) {
  if (worker !== undefined && !(typeof Worker === 'function' && worker instanceof Worker)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'worker takes a Worker started from worker.mjs');
  }
  if (download !== undefined && download !== 'page' && download !== 'worker') {
    throw new MedcodeError('INVALID_ARGUMENT', `download is 'page' or 'worker', not ${String(download)}`);
  }
  if (size !== undefined && !(Number.isSafeInteger(size) && size > 0)) {
    throw new MedcodeError('INVALID_ARGUMENT', `size is the file's size in bytes (a positive integer), not ${String(size)}`);
  }
  const href = absolute(url);
  // Asked for before the Worker exists: its script and modules need not arrive first.
  const fromPage = download === 'page' && sameOriginHref(href) ? downloadSiteFile(href, { onProgress, after: downloadAfter }) : null;
  if (onBytes) (fromPage ? fromPage.bytes : Promise.resolve()).then(() => onBytes(), () => onBytes());
  const make = (w) => {
    const client = new WorkerCodeSet(w, onProgress);
    if (wasmModule) postEngine(client, wasmModule);
    if (fromPage) {
      client._kept = fromPage.kept;
      postBytes(client, openAfter ? Promise.resolve(openAfter).then(() => fromPage.bytes, () => fromPage.bytes) : fromPage.bytes);
    }
    return client;
  };
  const cs = await startWorker({ ...searchWorker(workerUrl, 'medcode'), worker }, make, {
    op: 'load',
    args: [{ url: href, wasmUrl: absolute(wasmUrl), indexUrl: absolute(indexUrl), ...(wasmModule ? { engine: 'posted' } : {}),
      ...(fromPage ? { bytes: 'posted' } : {}), ...(size ? { size } : {}), ...(warmUp === false ? { warmUp: false } : {}) }],
  });
  // The page's steps (request, response, bytes) on the load's timeline; the Worker's own when it downloaded the file after all.
  if (fromPage && cs.loadInfo && cs.loadInfo.timing && cs.loadInfo.timing.at) {
    cs.loadInfo.timing.at = { ...fromPage.at, ...cs.loadInfo.timing.at };
  }
  markSteps(cs.loadInfo);
  return cs;
}

/** The URL if it is of this page's origin (the only files the page downloads for a Worker), else null. */
function sameOriginHref(href) {
  try {
    return new URL(href).origin === new URL(pageBase()).origin ? href : null;
  } catch {
    return null;
  }
}

/**
 * Moves the code set's bytes the page downloaded to the Worker once they are here (worker.mjs:
 * codeSetBytes), not copied, saying whether the page's DecompressionStream checked their gzip
 * CRC-32 (fetch-bytes.mjs gzipChecked: the Worker's open then skips the file's payload CRC).
 * When the page's download failed, the Worker is told so (null) and downloads the file
 * itself, which reports the error if there is one.
 */
function postBytes(client, bytes) {
  bytes.then((b) => b, () => null)
    .then((b) => client._call('codeSetBytes', [b, gzipChecked(b)], b ? { transfer: [b.buffer] } : {}))
    .catch(() => {});  // the Worker failed or closed meanwhile: its load reports that
}

/**
 * Sends the engine's compiled Module (or the promise of it) to the Worker once it is there,
 * beside its load (worker.mjs: engineModule). When the page's compile failed, the Worker is
 * told so (null) and compiles the engine itself, which reports the error if there is one.
 */
function postEngine(client, wasmModule) {
  Promise.resolve(wasmModule).then((m) => (m instanceof WebAssembly.Module ? m : null), () => null)
    .then((m) => client._call('engineModule', [m]))
    .catch(() => {});  // the Worker failed or closed meanwhile: its load reports that
}

/**
 * The load's steps (timing.at, epoch ms, from worker.mjs) as Performance marks on this page's
 * timeline, "medcode:SYSTEM:STEP" (a browser's performance tools and bench/visit_bench.mjs read
 * them). Never an error: marks are information only.
 */
function markSteps({ info, timing } = {}) {
  if (!timing || !timing.at || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const who = (info && info.system) || 'codeset';
  for (const [step, t] of Object.entries(timing.at)) {
    try {
      performance.mark(`medcode:${who}:${step}`, { startTime: Math.max(0, t - performance.timeOrigin) });
    } catch { /* a browser without mark options: no marks */ }
  }
}

/**
 * Builds a CPT code set from the user's descriptor file in a new module Worker (see
 * Engine.loadCptDescriptors in medcode.mjs). `file` is the file's text or bytes (a string,
 * Uint8Array or ArrayBuffer, e.g. from File.arrayBuffer()): it goes to the Worker by
 * postMessage only and is never sent over the network or stored. Options: name, year,
 * workerUrl, wasmUrl, onProgress. Resolves to a WorkerCodeSet whose `loadInfo` is
 * { info, report, timing } (report: lines, codes, skipped, issues [{ line, reason }], ...).
 */
export function createWorkerCptCodeSet(file, { name = '', year = 0, workerUrl, wasmUrl, onProgress } = {}) {
  return startWorker(searchWorker(workerUrl, 'medcode-cpt'), (w) => new WorkerCodeSet(w, onProgress), {
    op: 'loadCpt',
    args: [{ file, name, year, loaded: new Date().toISOString().slice(0, 10), wasmUrl: absolute(wasmUrl) }],
  });
}

/**
 * Opens a code-set file the page holds as bytes (e.g. an HCPCS quarter compiled in the
 * Updates view) in a new module Worker; the bytes go by postMessage only. Options:
 * workerUrl, wasmUrl, onProgress. Resolves to a WorkerCodeSet (loadInfo: { info, timing }).
 */
export function createWorkerCodeSetFromBytes(bytes, { workerUrl, wasmUrl, onProgress } = {}) {
  return startWorker(searchWorker(workerUrl, 'medcode-loaded'), (w) => new WorkerCodeSet(w, onProgress), {
    op: 'loadBytes', args: [{ bytes, wasmUrl: absolute(wasmUrl) }],
  });
}
