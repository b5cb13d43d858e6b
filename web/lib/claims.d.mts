// TypeScript declarations for claims.mjs: claim pre-checks over the WebAssembly core.
import type { CodeSet, Engine, ErrorCode, MedcodeError } from './medcode.mjs';
import type { ClaimResultSet } from './claim-results.mjs';
export { ClaimResultSet } from './claim-results.mjs';
export type { ClaimTotals } from './claim-results.mjs';

export type FindingKind =
  | 'syntax' | 'invalid-code' | 'header-code' | 'seventh-character' | 'code-year' | 'age' | 'sex'
  | 'manifestation-first' | 'external-cause-first' | 'unacceptable-principal' | 'excludes1' | 'ncci-ptp' | 'mue'
  | 'add-on-without-primary' | 'dx-pointer' | 'npi' | 'modifier' | 'place-of-service' | 'duplicate-line'
  | 'claim-limits' | 'date' | 'data-coverage';
export type Severity = 'error' | 'warning' | 'info';
export type Setting = 'practitioner' | 'outpatient-hospital' | 'dme-supplier';

export declare const FINDING_KINDS: readonly FindingKind[];
export declare const SEVERITIES: readonly Severity[];
export declare const SETTINGS: readonly Setting[];

/** The claim input of README "Claim pre-checks". Line fields override claim fields. */
export interface ClaimLine {
  code: string;
  modifiers?: string[];
  units?: number;
  /** "A".."L" (or 837P "1".."12") */
  dx_pointers?: string[];
  date_of_service?: string;
  place_of_service?: string;
  charge?: number;
}
export interface Claim {
  claim_id?: string;
  patient?: { birth_date?: string; age?: number; sex?: 'F' | 'M' | 'U' };
  date_of_service?: string;
  place_of_service?: string;
  setting?: Setting;
  billing_npi?: string;
  rendering_npi?: string;
  /** A to L in order; the first is first-listed. */
  diagnoses?: string[];
  lines?: ClaimLine[];
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** 1-based service lines; empty = the claim */
  lines: number[];
  codes: string[];
  message: string;
  /** what a coder can do */
  action: string;
  /** data set and version, e.g. "NCCI PTP practitioner 2026Q3" */
  source: string;
  /** e.g. "PTP 20610/99214, modifier indicator 1", or "data-range" */
  rule: string;
  /** syntax findings: the field, e.g. "lines[2].units" */
  path?: string;
  /** the date of service it applies to, YYYY-MM-DD */
  date_of_service?: string;
}

export interface ClaimResult {
  claim_id: string | null;
  findings: Finding[];
  summary: { errors: number; warnings: number; info: number };
  /** position in the input (0-based) */
  index: number;
  /** NDJSON/CSV: the input line where the claim starts */
  input_line?: number;
}

export interface EditDataset {
  kind: 'mue' | 'ptp' | 'aoc' | 'mce' | 'place-of-service' | 'modifiers';
  setting: Setting | 'any';
  label: string;
  version: string;
  effectiveFrom: string;
  effectiveTo: string;
  source: string;
  note: string;
}

export interface ClaimEditsInfo {
  system: 'CLAIM-EDITS' | string;
  year: number;
  label: string;
  effectiveFrom: string;
  effectiveTo: string;
  bytes: number;
  tableBytes: number;
  checkerBytes: number;
  datasets: EditDataset[];
  inputs: { role: string; name: string; path: string; year: number; sha256: string; kind: string }[];
}

export type TextFormat = 'json' | 'ndjson' | 'csv';

export declare class ClaimChecker {
  readonly info: Readonly<ClaimEditsInfo>;
  check(claim: Claim, options?: { today?: string }): ClaimResult;
  check(claims: Claim[], options?: { today?: string }): ClaimResult[];
  checkBatch(claims: unknown[], options?: { today?: string; chunkSize?: number; onProgress?: (p: { done: number; total: number }) => void }): ClaimResult[];
  checkText(text: string | Uint8Array, options?: { format?: TextFormat; today?: string; chunkSize?: number;
    onProgress?: (p: { bytes: number; totalBytes: number; claims: number }) => void }): ClaimResult[];
  iterateText(text: string | Uint8Array, options?: { format?: TextFormat; today?: string; chunkSize?: number }):
    Generator<{ results: ClaimResult[]; consumed: number; total: number; done: boolean }>;
  /**
   * The results of checkText kept packed (the page's file check): counts from the packed
   * bytes, result objects built when asked for. text: a string or its UTF-8 bytes.
   */
  checkTextPacked(text: string | Uint8Array, options?: { format?: TextFormat; today?: string; chunkSize?: number;
    onProgress?: (p: { bytes: number; totalBytes: number; claims: number }) => void }): ClaimResultSet;
  /** checkTextPacked one chunk at a time: buf is the chunk's packed results (ClaimResultSet.add). */
  iteratePacked(text: string | Uint8Array, options?: { format?: TextFormat; today?: string; chunkSize?: number }):
    Generator<{ buf: Uint8Array; claims: number; consumed: number; total: number; done: boolean }>;
  close(): void;
}

/** The ICD-10-CM code set as the claim checker reads it: without its search index and Index (less memory; search and suggest throw INVALID_ARGUMENT). */
export declare function openClaimCodeSet(engine: Engine, icdBytes: Uint8Array | ArrayBuffer): CodeSet;
/** Loads a claim-edits file (edits-2026.mcs bytes) for an ICD-10-CM code set of the same engine. */
export declare function createClaimChecker(engine: Engine, icd: CodeSet, editsBytes: Uint8Array | ArrayBuffer): ClaimChecker;
/** One CSV row per finding, with a header (as `coder check` writes it). */
export declare function findingsToCsv(results: Iterable<ClaimResult>): string;
/** One CSV cell: quoted when needed, never a formula in a spreadsheet. */
export declare function csvCell(value: unknown): string;
export declare function decodeResults(buf: Uint8Array): { results: ClaimResult[]; done: boolean; consumed: number };
export type { ErrorCode, MedcodeError };
