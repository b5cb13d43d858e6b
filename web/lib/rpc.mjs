// The page's side of every medcode Worker (worker.mjs, claims-worker.mjs): one request /
// reply protocol, used by WorkerCodeSet (worker-client.mjs) and WorkerClaimChecker
// (claims-client.mjs). The Worker side is rpc-worker.mjs.
//
// Protocol (structured-clone messages):
//   page -> worker  { id, op, args, stream? }     op: a name in the worker's table
//                   { cancel: id }                drop a queued request, or stop a running one
//                                                 at its next check (a batch: between chunks)
//   worker -> page  { id, ok: true, result } | { id, ok: false, error: { name, code, message } }
//                   { id, cancelled: true }
//                   { id, progress: { ... } }     while request id runs (load phases, batch progress)
//
// Adding a request type: one entry in the worker's table, one method calling _call here.
import { MedcodeError, abortError } from './errors.mjs';

export class RpcClient {
  /**
   * @internal `name` says which worker in messages ("search worker"); `what` names what
   * closes ("code set"); onProgress gets the progress of requests that have none of their own.
   */
  constructor(worker, { name, what, onProgress } = {}) {
    this._worker = worker;
    this._name = name;
    this._what = what;
    this._nextId = 1;
    this._pending = new Map();  // id -> { resolve, reject, cleanup, stream, onProgress }
    this._onProgress = onProgress;
    this._closed = false;
    this._failure = null;
    this.loadInfo = null;
    worker.addEventListener('message', (e) => this._onMessage(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      const where = e.filename ? ` (${e.filename}:${e.lineno})` : '';
      this._fail(new MedcodeError('INTERNAL', `the ${name} failed: ${e.message || 'it could not be started'}${where}`));
    });
    worker.addEventListener('messageerror', () => {
      this._fail(new MedcodeError('INTERNAL', `the ${name} sent a message that could not be read`));
    });
  }

  _onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    const p = this._pending.get(msg.id);
    if (msg.progress) {
      const cb = (p && p.onProgress) || this._onProgress;
      if (cb) {
        try {
          cb(msg.progress);
        } catch { /* a UI callback must not break the RPC */ }
      }
      return;
    }
    if (!p) return;  // cancelled or aborted earlier: ignore the late reply
    this._pending.delete(msg.id);
    p.cleanup();
    if (msg.cancelled) p.reject(abortError(`request ${msg.id} was cancelled`));
    else if (msg.ok) p.resolve(msg.result);
    else {
      const e = new MedcodeError((msg.error && msg.error.code) || 'INTERNAL', (msg.error && msg.error.message) || 'unknown error');
      if (msg.error && Array.isArray(msg.error.issues)) e.issues = msg.error.issues;
      p.reject(e);
    }
  }

  _fail(err) {
    this._failure = err;
    this._rejectAll(err);
    this._worker.terminate();
  }

  _rejectAll(err) {
    for (const [, p] of this._pending) {
      p.cleanup();
      p.reject(err);
    }
    this._pending.clear();
  }

  _closedError() {
    return new MedcodeError('INVALID_ARGUMENT', `this ${this._what} was closed`);
  }

  /** Sends request `op` (`transfer`: buffers moved to the Worker, not copied); the promise has an `id` for cancel(). */
  _call(op, args, { signal, stream, onProgress, transfer } = {}) {
    const id = this._nextId++;
    let promise;
    if (this._closed) promise = Promise.reject(this._closedError());
    else if (this._failure) promise = Promise.reject(this._failure);
    else if (signal && signal.aborted) promise = Promise.reject(abortError('aborted'));
    else {
      promise = new Promise((resolve, reject) => {
        const onAbort = () => this.cancel(id);
        const cleanup = () => signal && signal.removeEventListener('abort', onAbort);
        if (signal) signal.addEventListener('abort', onAbort);
        if (stream) {
          // Supersede older requests of this stream right away (the worker skips them too).
          for (const [oid, p] of this._pending) if (p.stream === stream) this.cancel(oid);
        }
        this._pending.set(id, { resolve, reject, cleanup, stream, onProgress });
        this._worker.postMessage(stream ? { id, op, args, stream } : { id, op, args }, transfer || []);
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

  /** Frees what the worker holds and stops it. Later calls reject with INVALID_ARGUMENT. */
  async close() {
    if (this._closed) return;
    const done = this._failure ? Promise.resolve() : this._call('close', []).catch(() => {});
    this._closed = true;
    await done;
    this._rejectAll(this._closedError());
    this._worker.terminate();
  }
}

/**
 * Starts the module Worker at `url` (relative to the page; default `fallback`, a URL beside
 * this module), or takes `worker`, one started already from the same script that has had no
 * message yet; makes its client with `make(worker)` and runs its `load` request; resolves to
 * the client with `loadInfo` set, or stops the worker and rethrows.
 */
export async function startWorker({ workerUrl, fallback, name, label, worker: started }, make, loadArgs, loadOptions) {
  const wurl = workerUrl ? new URL(workerUrl, pageBase()) : fallback;
  let worker;
  try {
    worker = started || new Worker(wurl, { type: 'module', name });
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the ${label}: ${e && e.message ? e.message : e}`);
  }
  const client = make(worker);
  try {
    client.loadInfo = await client._call(loadArgs.op, loadArgs.args, loadOptions);
  } catch (e) {
    client._closed = true;
    worker.terminate();
    throw e;
  }
  return client;
}

/** The base for relative URLs: the page (or the worker that runs this). */
export function pageBase() {
  return typeof document !== 'undefined' ? document.baseURI : self.location.href;
}

/** A URL made absolute against the page, or undefined. */
export const absolute = (u) => (u ? new URL(u, pageBase()).href : undefined);
