// TypeScript declarations for updates.mjs: the importer of the CMS files a clinic loads itself.
import type { MedcodeError } from './errors.mjs';

export type { MedcodeError };

export interface UserFile {
  /** The file's own name (as picked): CMS names state the quarter (…_Eff_10-01-2026.csv, ccipra-v323r0-f1.txt, AOC_V2026Q4…). */
  name: string;
  bytes: Uint8Array | ArrayBuffer;
}

export interface Recognised {
  kind: 'hcpcs' | 'hcpcs-txt' | 'mue' | 'ptp' | 'aoc' | 'icd10cm-order';
  /** mue, ptp: practitioner | outpatient-hospital | dme-supplier ('' when the name does not say). */
  setting: string;
  what: string;
}

export interface LoadReport {
  /** CLAIM-EDITS: NCCI files (datasets listed); HCPCS: the alpha-numeric file, .xlsx or fixed-width .txt (a code set; counts: codes, modifiers, ...). */
  system: 'CLAIM-EDITS' | 'HCPCS';
  label: string;
  effective_from: string;
  effective_to: string;
  provenance: string;
  files: Array<{ name: string; bytes: number; sha256: string; kind: string; what: string; setting: string; edition: string;
    effective_from: string; effective_to: string; dates_from: 'file name' | 'options'; loaded: string }>;
  datasets?: Array<{ kind: string; setting: string; label: string; version: string; effective_from: string; effective_to: string;
    source: string; source_kind: string; note: string; counts: Record<string, number | string> }>;
  counts: Record<string, number>;
  skipped_by_reason: Record<string, number>;
  skipped_examples: string[];
  bytes: number;
  sha256: string;
}

export interface LoadOptions {
  /**
   * NCCI files only: a claim-edits file (the site's, or one a user loaded before) the loaded
   * quarters are added to (the date of service picks the edition). Not with an HCPCS workbook.
   */
  base?: Uint8Array | ArrayBuffer;
  baseName?: string;
  /** YYYY-MM-DD recorded in the provenance (default: today, UTC). */
  loadedOn?: string;
  /** Dates of a file whose name is not the CMS name. */
  effectiveFrom?: string;
  effectiveTo?: string;
  /** A PTP file's setting when its name does not say. */
  setting?: 'practitioner' | 'outpatient-hospital';
}

export declare class Importer {
  /** Throws a MedcodeError naming the file when it is none of the files the importer reads. */
  recognise(file: UserFile): Recognised;
  /** Throws a MedcodeError naming the file and the problem. */
  load(files: UserFile[], options?: LoadOptions): { system: 'CLAIM-EDITS' | 'HCPCS'; report: LoadReport; bytes: Uint8Array };
  close(): void;
}

export declare function createImporter(options?: { wasmBinary?: Uint8Array | ArrayBuffer; wasmUrl?: string }): Promise<Importer>;
