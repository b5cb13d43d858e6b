// TypeScript declarations for updates-client.mjs: the importer of updates.mjs in a Worker.
import type { LoadReport, UserFile } from './updates.mjs';

export declare class WorkerImporter {
  /** The files are copied to the worker; baseUrl: the site's claim-edits file to add them to. */
  compile(files: UserFile[], options?: { baseUrl?: string; loadedOn?: string; onProgress?: (p: { phase: 'base' | 'compile' }) => void }):
    Promise<{ system: 'CLAIM-EDITS'; report: LoadReport; bytes: Uint8Array }>;
  recognise(file: UserFile): Promise<{ kind: string; setting: string; what: string }>;
  close(): Promise<void>;
}

export declare function createWorkerImporter(options?: { workerUrl?: string; wasmUrl?: string }): Promise<WorkerImporter>;
