// The page's side of claims-worker.mjs: claim pre-checks in a module Web Worker.
//
//   import { createWorkerClaimChecker } from './lib/claims-client.mjs';
//   const checker = await createWorkerClaimChecker({
//     icdUrl: 'codesets/icd10cm-2027.mcs.gz', editsUrl: 'codesets/edits-2026.mcs.gz' });
//   const r = await checker.check(claim);                                   // one result
//   const all = await checker.checkText(fileText, { format: 'csv', onProgress, signal });
//   const set = await checker.checkTextPacked(fileText, { format: 'ndjson' });   // ClaimResultSet
//
// Same results as ClaimChecker in claims.mjs, as Promises. Errors are MedcodeError with
// the same code; an aborted signal (or cancel(promise.id)) rejects with an AbortError and
// stops a running batch between chunks.
import { RpcClient, startWorker, absolute } from './rpc.mjs';
import { ClaimResultSet } from './claim-results.mjs';

export class WorkerClaimChecker extends RpcClient {
  /** @internal use createWorkerClaimChecker */
  constructor(worker) {
    super(worker, { name: 'claim-check worker', what: 'claim checker' });
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

  /**
   * The same results as checkText, kept packed: a ClaimResultSet (claim-results.mjs) whose
   * result objects are built when asked for (the page's file check). The same options.
   */
  checkTextPacked(text, { format, today, chunkSize, onProgress, signal } = {}) {
    const call = this._call('checkTextPacked', [text, { format, today, chunkSize }], { onProgress, signal });
    const promise = call.then((buffers) => {
      const set = new ClaimResultSet();
      for (const b of buffers) set.add(b);
      return set;
    });
    promise.id = call.id;
    return promise;
  }

  info() {
    return this._call('info', []);
  }

}

/**
 * Starts the worker and loads the ICD-10-CM code set and the claim-edits file (same origin).
 * Options: icdUrl, icdBytes (an ICD-10-CM code set compiled in the page: the site's years and
 * a year a clinic loaded, used instead of icdUrl), editsUrl, editsBytes (a claim-edits file
 * compiled in the page, used instead of editsUrl), wasmUrl, workerUrl, onProgress({ phase:
 * engine | download | open }).
 */
export function createWorkerClaimChecker({
  icdUrl = 'codesets/icd10cm-2027.mcs.gz', icdBytes, editsUrl = 'codesets/edits-2026.mcs.gz', editsBytes, wasmUrl, workerUrl, onProgress,
} = {}) {
  return startWorker({
    workerUrl, name: 'medcode-claims', label: 'claim-check worker', fallback: new URL('./claims-worker.mjs', import.meta.url),
  }, (w) => new WorkerClaimChecker(w), {
    op: 'load', args: [{ icdUrl: absolute(icdUrl), icdBytes, editsUrl: absolute(editsUrl), editsBytes, wasmUrl: absolute(wasmUrl) }],
  }, { onProgress });
}
