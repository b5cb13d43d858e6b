// TypeScript declarations for claims-client.mjs: claim pre-checks in a module Web Worker.
import type { Claim, ClaimEditsInfo, ClaimResult, TextFormat } from './claims.mjs';
import type { ClaimResultSet } from './claim-results.mjs';
import type { CodeSetInfo } from './medcode.mjs';

export interface ClaimLoadInfo {
  info: ClaimEditsInfo;
  codeSet: CodeSetInfo;
  timing: { engineMs: number; fetchMs: number; openMs: number; bytes: number };
}

export interface ClaimProgress {
  phase: 'engine' | 'download' | 'open' | 'check';
  claims?: number;
  total?: number;
  bytes?: number;
  totalBytes?: number;
  errors?: number;
  warnings?: number;
  info?: number;
}

/** Every method returns a Promise carrying `id` (for cancel()). */
export type Pending<T> = Promise<T> & { id: number };

export declare class WorkerClaimChecker {
  loadInfo: ClaimLoadInfo | null;
  check(claim: Claim, options?: { today?: string }): Pending<ClaimResult>;
  checkBatch(claims: unknown[], options?: { today?: string; chunkSize?: number; onProgress?: (p: ClaimProgress) => void; signal?: AbortSignal }): Pending<ClaimResult[]>;
  checkText(text: string, options?: { format?: TextFormat; today?: string; chunkSize?: number; onProgress?: (p: ClaimProgress) => void; signal?: AbortSignal }): Pending<ClaimResult[]>;
  /** The same results kept packed (the page's file check): a ClaimResultSet built from the worker's packed buffers. */
  checkTextPacked(text: string, options?: { format?: TextFormat; today?: string; chunkSize?: number; onProgress?: (p: ClaimProgress) => void; signal?: AbortSignal }): Pending<ClaimResultSet>;
  info(): Pending<{ info: ClaimEditsInfo; codeSet: CodeSetInfo }>;
  cancel(id: number): boolean;
  close(): Promise<void>;
}

export declare function createWorkerClaimChecker(options?: {
  icdUrl?: string;
  /** An ICD-10-CM code set compiled in the page (the site's years and one a clinic loaded), used instead of icdUrl. */
  icdBytes?: Uint8Array;
  editsUrl?: string;
  /** A claim-edits file compiled in the page (the site's with loaded quarters), used instead of editsUrl. */
  editsBytes?: Uint8Array;
  wasmUrl?: string;
  workerUrl?: string;
  onProgress?: (p: ClaimProgress) => void;
}): Promise<WorkerClaimChecker>;
