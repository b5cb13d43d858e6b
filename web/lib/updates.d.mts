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
  /**
   * CLAIM-EDITS: NCCI files (datasets listed); HCPCS: the alpha-numeric file, .xlsx or fixed-width .txt (a code set;
   * counts: codes, modifiers, ...); ICD-10-CM: an order file of a new year (year: its changes).
   */
  system: 'CLAIM-EDITS' | 'HCPCS' | 'ICD-10-CM';
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
  /** ICD-10-CM: what the new year changed against the base's newest year. */
  year?: { year: number; base_year: number; codes: number; added: number; deleted: number; retitled: number;
    became_headers: number; became_billable: number; new_without_own_notes: number };
}

export interface LoadOptions {
  /**
   * NCCI files only: a claim-edits file (the site's, or one a user loaded before) the loaded
   * quarters are added to (the date of service picks the edition). Not with an HCPCS workbook.
   */
  base?: Uint8Array | ArrayBuffer;
  baseName?: string;
  /**
   * An ICD-10-CM order file (createImporter({ icd: true })): `base` is the ICD-10-CM code set
   * whose newest year it follows and baseState its import state (NAME.import.mcs, or
   * `importState` of an earlier load); outName names the result in its own import state.
   */
  baseState?: Uint8Array | ArrayBuffer;
  baseStateName?: string;
  outName?: string;
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
  load(files: UserFile[], options?: LoadOptions): {
    system: 'CLAIM-EDITS' | 'HCPCS' | 'ICD-10-CM'; report: LoadReport; bytes: Uint8Array;
    /** ICD-10-CM: the new code set's import state (a later year is loaded onto the pair). */
    importState?: Uint8Array;
  };
  /** The size of the importer's wasm memory (it only grows: after a load, that load's peak). */
  readonly memoryBytes: number;
  close(): void;
}

/** icd: the module that also loads a new ICD-10-CM year (medcode-import-icd-wasm, fetched only then). */
export declare function createImporter(options?: { icd?: boolean; wasmBinary?: Uint8Array | ArrayBuffer; wasmUrl?: string }): Promise<Importer>;
