// TypeScript declarations for updates-client.mjs: the importer of updates.mjs in a Worker.
import type { LoadReport, UserFile } from './updates.mjs';

export declare class WorkerImporter {
  /**
   * The files are copied to the worker; baseUrl: the site's claim-edits file to add NCCI files
   * to, or base (with baseName): a claim-edits file the page holds (the updates loaded before).
   * An HCPCS workbook (on its own, without a base) gives an HCPCS code set.
   */
  compile(files: UserFile[], options?: {
    baseUrl?: string; base?: Uint8Array | ArrayBuffer; baseName?: string; loadedOn?: string;
    onProgress?: (p: { phase: 'base' | 'compile' }) => void;
  }): Promise<{ system: 'CLAIM-EDITS' | 'HCPCS'; report: LoadReport; bytes: Uint8Array }>;
  recognise(file: UserFile): Promise<{ kind: string; setting: string; what: string }>;
  close(): Promise<void>;
}

export declare function createWorkerImporter(options?: { workerUrl?: string; wasmUrl?: string }): Promise<WorkerImporter>;
