// The page's side of updates-worker.mjs: the importer of a clinic's own CMS files in a
// module Web Worker, started on demand (the Updates view).
//
//   import { createWorkerImporter } from './lib/updates-client.mjs';
//   const importer = await createWorkerImporter();
//   const { system, report, bytes } = await importer.compile(files, { baseUrl, loadedOn });
//
// Errors are MedcodeError (the message names the file and the problem).
import { RpcClient, startWorker, absolute } from './rpc.mjs';

export class WorkerImporter extends RpcClient {
  /** @internal use createWorkerImporter */
  constructor(worker) {
    super(worker, { name: 'updates worker', what: 'importer' });
  }

  /**
   * files: [{ name, bytes }] (copied to the worker); baseUrl: the claim-edits file to add them
   * to, or base (bytes, with baseName): a claim-edits file the page holds (earlier loads).
   * icd: where an ICD-10-CM order file goes: { url, stateUrl } (the site's ICD-10-CM code set
   * and its import state, fetched only for such a file) or { base, baseState, baseName } (a
   * year loaded before); the reply then has importState too.
   */
  compile(files, { baseUrl, base, baseName, loadedOn, icd, onProgress } = {}) {
    const where = icd && !icd.base ? { url: absolute(icd.url), stateUrl: absolute(icd.stateUrl) } : icd;
    return this._call('compile', [files, { baseUrl: absolute(baseUrl), base, baseName, loadedOn, icd: where }], { onProgress });
  }

  recognise(file) {
    return this._call('recognise', [file]);
  }
}

/** Starts the worker and its importer. Options: workerUrl, wasmUrl. */
export function createWorkerImporter({ workerUrl, wasmUrl } = {}) {
  return startWorker({
    workerUrl, name: 'medcode-updates', label: 'updates worker', fallback: new URL('./updates-worker.mjs', import.meta.url),
  }, (w) => new WorkerImporter(w), { op: 'load', args: [{ wasmUrl: absolute(wasmUrl) }] });
}
