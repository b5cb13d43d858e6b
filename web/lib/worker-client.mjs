// The page's side of web/lib/worker.mjs: a code set that lives in a module Web Worker.
//
//   import { createWorkerCodeSet } from './lib/worker-client.mjs';
//   const icd = await createWorkerCodeSet('codesets/icd10cm-2026.mcs.gz', { onProgress });
//   const r = await icd.search('diabetes', { limit: 20 });
//   const d = await icd.lookup('E11.9');
//
// Same methods as CodeSet in medcode.mjs (search, lookup, validate, buildSeventh, info,
// close, and index.books / mainTerms / node / children / follow / find / where), but each
// returns a Promise. Errors are MedcodeError with the same `code`.
// Extra search options, handled here and never sent to the engine:
//   signal: AbortSignal  -> the promise rejects with an AbortError; a queued request is dropped
//   stream: 'name'       -> a newer search in the same stream supersedes an older one that is
//                           still queued (the older rejects with an AbortError)
// Every returned promise has an `id`; `cancel(id)` drops that request if it has not run yet.
import { MedcodeError } from './medcode.mjs';

function abortError(message) {
  try {
    return new DOMException(message, 'AbortError');
  } catch {
    const e = new Error(message);
    e.name = 'AbortError';
    return e;
  }
}

export class WorkerCodeSet {
  /** @internal use createWorkerCodeSet */
  constructor(worker, onProgress) {
    this._worker = worker;
    this._nextId = 1;
    this._pending = new Map();  // id -> { resolve, reject, cleanup }
    this._onProgress = onProgress;
    this._closed = false;
    this._failure = null;
    this.loadInfo = null;       // { info, timing } once loaded
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
    worker.addEventListener('message', (e) => this._onMessage(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      const where = e.filename ? ` (${e.filename}:${e.lineno})` : '';
      this._fail(new MedcodeError('INTERNAL', `the search worker failed: ${e.message || 'it could not be started'}${where}`));
    });
    worker.addEventListener('messageerror', () => {
      this._fail(new MedcodeError('INTERNAL', 'the search worker sent a message that could not be read'));
    });
  }

  _onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.progress) {
      if (this._onProgress) {
        try {
          this._onProgress(msg.progress);
        } catch { /* a UI callback must not break the RPC */ }
      }
      return;
    }
    const p = this._pending.get(msg.id);
    if (!p) return;  // cancelled or aborted earlier: ignore the late reply
    this._pending.delete(msg.id);
    p.cleanup();
    if (msg.cancelled) p.reject(abortError(`request ${msg.id} was cancelled`));
    else if (msg.ok) p.resolve(msg.result);
    else p.reject(new MedcodeError(msg.error && msg.error.code || 'INTERNAL', msg.error && msg.error.message || 'unknown error'));
  }

  _fail(err) {
    this._failure = err;
    for (const [, p] of this._pending) {
      p.cleanup();
      p.reject(err);
    }
    this._pending.clear();
    this._worker.terminate();
  }

  _call(op, args, { signal, stream } = {}) {
    const id = this._nextId++;
    let promise;
    if (this._closed) promise = Promise.reject(new MedcodeError('INVALID_ARGUMENT', 'this code set was closed'));
    else if (this._failure) promise = Promise.reject(this._failure);
    else if (signal && signal.aborted) promise = Promise.reject(abortError('search aborted'));
    else {
      promise = new Promise((resolve, reject) => {
        const onAbort = () => this.cancel(id);
        const cleanup = () => signal && signal.removeEventListener('abort', onAbort);
        if (signal) signal.addEventListener('abort', onAbort);
        if (stream) {
          // Supersede older requests of this stream right away (the worker skips them too).
          for (const [oid, p] of this._pending) if (p.stream === stream) this.cancel(oid);
        }
        this._pending.set(id, { resolve, reject, cleanup, stream });
        this._worker.postMessage({ id, op, args, stream });
      });
    }
    promise.id = id;
    return promise;
  }

  /** Drops request `id`: its promise rejects with an AbortError and its reply is ignored. */
  cancel(id) {
    const p = this._pending.get(id);
    if (!p) return false;
    this._pending.delete(id);
    p.cleanup();
    p.reject(abortError(`request ${id} was cancelled`));
    this._worker.postMessage({ cancel: id });
    return true;
  }

  search(query, options = {}) {
    const { signal, stream, ...engineOptions } = options || {};
    return this._call('search', [query, engineOptions], { signal, stream });
  }

  /** Options: dateOfService (YYYY-MM-DD) for dated code sets (HCPCS). */
  lookup(code, options) {
    return this._call('lookup', options ? [code, options] : [code]);
  }

  validate(code, options) {
    return this._call('validate', options ? [code, options] : [code]);
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

  /** Frees the code set and stops the worker. Later calls reject with INVALID_ARGUMENT. */
  async close() {
    if (this._closed) return;
    const done = this._failure ? Promise.resolve() : this._call('close', []).catch(() => {});
    this._closed = true;
    await done;
    for (const [, p] of this._pending) {
      p.cleanup();
      p.reject(new MedcodeError('INVALID_ARGUMENT', 'this code set was closed'));
    }
    this._pending.clear();
    this._worker.terminate();
  }
}

/**
 * Starts a module Worker, which fetches the code set from this site and loads it.
 * Resolves to a WorkerCodeSet once it is ready; rejects with a MedcodeError (e.g. IO,
 * BAD_CHECKSUM) if it cannot be loaded. Options:
 *   workerUrl   the worker module (default: worker.mjs beside this file)
 *   wasmUrl     the .wasm file (default: medcode-wasm.wasm beside medcode.mjs)
 *   onProgress  called with { phase: engine | download | open | ready, loaded, total, ms }
 */
export async function createWorkerCodeSet(url = 'codesets/icd10cm-2026.mcs.gz', { workerUrl, wasmUrl, onProgress } = {}) {
  const base = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  const wurl = workerUrl ? new URL(workerUrl, base) : new URL('./worker.mjs', import.meta.url);
  let worker;
  try {
    worker = new Worker(wurl, { type: 'module', name: 'medcode' });
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the search worker: ${e && e.message ? e.message : e}`);
  }
  const cs = new WorkerCodeSet(worker, onProgress);
  const abs = (u) => (u ? new URL(u, base).href : undefined);
  try {
    cs.loadInfo = await cs._call('load', [{ url: abs(url), wasmUrl: abs(wasmUrl) }]);
  } catch (e) {
    cs._closed = true;
    worker.terminate();
    throw e;
  }
  return cs;
}

/**
 * Builds a CPT code set from the user's descriptor file in a new module Worker (see
 * Engine.loadCptDescriptors in medcode.mjs). `file` is the file's text or bytes (a string,
 * Uint8Array or ArrayBuffer, e.g. from File.arrayBuffer()): it goes to the Worker by
 * postMessage only and is never sent over the network or stored. Options: name, year,
 * workerUrl, wasmUrl, onProgress. Resolves to a WorkerCodeSet whose `loadInfo` is
 * { info, report, timing } (report: lines, codes, skipped, issues [{ line, reason }], ...).
 */
export async function createWorkerCptCodeSet(file, { name = '', year = 0, workerUrl, wasmUrl, onProgress } = {}) {
  const base = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  const wurl = workerUrl ? new URL(workerUrl, base) : new URL('./worker.mjs', import.meta.url);
  let worker;
  try {
    worker = new Worker(wurl, { type: 'module', name: 'medcode-cpt' });
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the search worker: ${e && e.message ? e.message : e}`);
  }
  const cs = new WorkerCodeSet(worker, onProgress);
  try {
    cs.loadInfo = await cs._call('loadCpt', [{
      file, name, year, loaded: new Date().toISOString().slice(0, 10),
      wasmUrl: wasmUrl ? new URL(wasmUrl, base).href : undefined,
    }]);
  } catch (e) {
    cs._closed = true;
    worker.terminate();
    throw e;
  }
  return cs;
}
