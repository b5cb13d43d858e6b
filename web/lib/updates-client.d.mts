// TypeScript declarations for updates-client.mjs: the importer of updates.mjs in a Worker.
import type { LoadReport, UserFile } from './updates.mjs';

export declare class WorkerImporter {
  /**
   * The files are copied to the worker; baseUrl: the site's claim-edits file to add NCCI files
   * to, or base (with baseName): a claim-edits file the page holds (the updates loaded before).
   * An HCPCS workbook (on its own, without a base) gives an HCPCS code set. An ICD-10-CM order
   * file (on its own) is compiled onto `icd`: the site's code set and its import state (url,
   * stateUrl: fetched only then) or a year loaded before (base, baseState, baseName).
   */
  compile(files: UserFile[], options?: {
    baseUrl?: string; base?: Uint8Array | ArrayBuffer; baseName?: string; loadedOn?: string;
    icd?: { url: string; stateUrl: string } | { base: Uint8Array; baseState: Uint8Array; baseName?: string };
    onProgress?: (p: { phase: 'base' | 'compile' | 'icd-importer' | 'icd-base' }) => void;
  }): Promise<{ system: 'CLAIM-EDITS' | 'HCPCS' | 'ICD-10-CM'; report: LoadReport; bytes: Uint8Array; importState?: Uint8Array }>;
  recognise(file: UserFile): Promise<{ kind: string; setting: string; what: string }>;
  close(): Promise<void>;
}

export declare function createWorkerImporter(options?: { workerUrl?: string; wasmUrl?: string }): Promise<WorkerImporter>;
