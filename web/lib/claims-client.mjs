// The page's side of claims-worker.mjs: claim pre-checks in a module Web Worker.
//
//   import { createWorkerClaimChecker } from './lib/claims-client.mjs';
//   const checker = await createWorkerClaimChecker({
//     icdUrl: 'codesets/icd10cm-2026.mcs.gz', editsUrl: 'codesets/edits-2026.mcs.gz' });
//   const r = await checker.check(claim);                                   // one result
//   const all = await checker.checkText(fileText, { format: 'csv', onProgress, signal });
//
// Same results as ClaimChecker in claims.mjs, as Promises. Errors are MedcodeError with
// the same code; an aborted signal (or cancel(promise.id)) rejects with an AbortError and
// stops a running batch between chunks.
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

export class WorkerClaimChecker {
  /** @internal use createWorkerClaimChecker */
  constructor(worker) {
    this._worker = worker;
    this._nextId = 1;
    this._pending = new Map();  // id -> { resolve, reject, onProgress, cleanup }
    this._closed = false;
    this._failure = null;
    this.loadInfo = null;
    worker.addEventListener('message', (e) => this._onMessage(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this._fail(new MedcodeError('INTERNAL', `the claim-check worker failed: ${e.message || 'it could not be started'}`));
    });
    worker.addEventListener('messageerror', () => this._fail(new MedcodeError('INTERNAL', 'the claim-check worker sent an unreadable message')));
  }

  _onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    const p = this._pending.get(msg.id);
    if (!p) return;
    if (msg.progress) {
      if (p.onProgress) {
        try {
          p.onProgress(msg.progress);
        } catch { /* a UI callback must not break the RPC */ }
      }
      return;
    }
    this._pending.delete(msg.id);
    p.cleanup();
    if (msg.cancelled) p.reject(abortError(`request ${msg.id} was cancelled`));
    else if (msg.ok) p.resolve(msg.result);
    else p.reject(new MedcodeError((msg.error && msg.error.code) || 'INTERNAL', (msg.error && msg.error.message) || 'unknown error'));
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

  _call(op, args, { signal, onProgress } = {}) {
    const id = this._nextId++;
    let promise;
    if (this._closed) promise = Promise.reject(new MedcodeError('INVALID_ARGUMENT', 'this claim checker was closed'));
    else if (this._failure) promise = Promise.reject(this._failure);
    else if (signal && signal.aborted) promise = Promise.reject(abortError('aborted'));
    else {
      promise = new Promise((resolve, reject) => {
        const onAbort = () => this.cancel(id);
        const cleanup = () => signal && signal.removeEventListener('abort', onAbort);
        if (signal) signal.addEventListener('abort', onAbort);
        this._pending.set(id, { resolve, reject, onProgress, cleanup });
        this._worker.postMessage({ id, op, args });
      });
    }
    promise.id = id;
    return promise;
  }

  /** Stops request `id` (a batch stops between chunks): its promise rejects with an AbortError. */
  cancel(id) {
    const p = this._pending.get(id);
    if (!p) return false;
    this._pending.delete(id);
    p.cleanup();
    p.reject(abortError(`request ${id} was cancelled`));
    this._worker.postMessage({ cancel: id });
    return true;
  }

  check(claim, { today } = {}) {
    return this._call('check', [claim, { today }]);
  }

  checkBatch(claims, { today, chunkSize, onProgress, signal } = {}) {
    return this._call('checkBatch', [claims, { today, chunkSize }], { onProgress, signal });
  }

  /** format: 'ndjson' | 'csv' | 'json'; onProgress({ claims, bytes, totalBytes, errors, warnings, info }). */
  checkText(text, { format, today, chunkSize, onProgress, signal } = {}) {
    return this._call('checkText', [text, { format, today, chunkSize }], { onProgress, signal });
  }

  info() {
    return this._call('info', []);
  }

  async close() {
    if (this._closed) return;
    const done = this._failure ? Promise.resolve() : this._call('close', []).catch(() => {});
    this._closed = true;
    await done;
    for (const [, p] of this._pending) {
      p.cleanup();
      p.reject(new MedcodeError('INVALID_ARGUMENT', 'this claim checker was closed'));
    }
    this._pending.clear();
    this._worker.terminate();
  }
}

/**
 * Starts the worker and loads the ICD-10-CM code set and the claim-edits file (same origin).
 * Options: icdUrl, editsUrl, wasmUrl, workerUrl, onProgress({ phase: engine | download | open }).
 */
export async function createWorkerClaimChecker({
  icdUrl = 'codesets/icd10cm-2026.mcs.gz', editsUrl = 'codesets/edits-2026.mcs.gz', wasmUrl, workerUrl, onProgress,
} = {}) {
  const base = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  const wurl = workerUrl ? new URL(workerUrl, base) : new URL('./claims-worker.mjs', import.meta.url);
  let worker;
  try {
    worker = new Worker(wurl, { type: 'module', name: 'medcode-claims' });
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the claim-check worker: ${e && e.message ? e.message : e}`);
  }
  const checker = new WorkerClaimChecker(worker);
  const abs = (u) => (u ? new URL(u, base).href : undefined);
  try {
    checker.loadInfo = await checker._call('load', [{ icdUrl: abs(icdUrl), editsUrl: abs(editsUrl), wasmUrl: abs(wasmUrl) }], { onProgress });
  } catch (e) {
    checker._closed = true;
    worker.terminate();
    throw e;
  }
  return checker;
}
