// TypeScript declarations for catalog.mjs: the code sets a site offers, searched as one group.
import type { CodeDetail, CodeSetInfo, Modifier, SearchResult, Validation } from './medcode.mjs';
import type { LoadProgress, LoadTiming, WorkerCodeSet } from './worker-client.mjs';

/** One entry of codesets/index.json (written by medcode-site / scripts/site-manifest.mjs). */
export interface CatalogEntry {
  id: string;
  /** Relative to the site root, e.g. "codesets/icd10cm-2027.mcs.gz" */
  file: string;
  /** The versioned name, "codesets/icd10cm-2027.mcs.gz?v=HASH" (HASH: start of the SHA-256 of the file as served) */
  href?: string;
  /** Absolute URL of href (else of file), added by fetchCatalog */
  url: string;
  system: string | null;
  year?: number;
  label?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  codes?: number;
  bytes?: number;
  gzipBytes?: number;
  sha256?: string;
  /**
   * "codeset", "data" (claim edits), "index" (a code set's Alphabetic Index and Tables, `of`
   * its id) or "import-state" (the importer's state of an ICD-10-CM code set, `of` its id)
   */
  kind?: string;
  of?: string;
  /** The versioned name of this code set's Alphabetic Index and Tables file, if it has one */
  indexHref?: string;
  /** The versioned name of this code set's import state (a new ICD-10-CM year is compiled onto both), if it has one */
  importStateHref?: string;
  /** Absolute URL of indexHref (null without), added by fetchCatalog */
  indexUrl?: string | null;
}

export interface Catalog {
  url: string;
  entries: CatalogEntry[];
}

export interface ChoiceNote {
  kind: 'bad-date' | 'missing-system' | 'date-outside';
  system?: string;
  message: string;
}

export declare function fetchCatalog(indexUrl?: string | URL, options?: { fetchImpl?: typeof fetch }): Promise<Catalog>;
export declare function parseSystems(value: string | string[] | null | undefined): string[] | null;
/** One entry per code system: the one in force on dateOfService (YYYY-MM-DD), else the newest. */
export declare function chooseCodeSets(
  entries: CatalogEntry[],
  options?: { systems?: string | string[] | null; dateOfService?: string | null },
): { chosen: CatalogEntry[]; notes: ChoiceNote[] };

export interface GroupSearchResult extends SearchResult {
  /** The code set's label, e.g. "ICD-10-CM FY2026" */
  label: string;
}

export interface GroupSearchResponse {
  query: string;
  total: number;
  /** Some code set's `total` codes match every word it knows */
  everyWord: boolean;
  /** Codes matching fewer words than the `total` ones, over the code sets */
  partial: number;
  /** The first `leads` results each lead one condition of the query ("chf w/ afib"); 0 otherwise */
  leads: number;
  /** A code-shaped query that is no code: the codes it most likely means, and why */
  didYouMean?: string[];
  didYouMeanReason?: string;
  results: GroupSearchResult[];
  /** Words no code set uses */
  unknownWords: string[];
  /** Total matches per code system */
  bySystem: Record<string, number>;
}

export declare class CodeSetGroup {
  private constructor();
  readonly members: { entry: CatalogEntry; cs: WorkerCodeSet; info: CodeSetInfo; timing: LoadTiming }[];
  /** The members that answer for a date of service (of several code sets of one system, the one in force on it). */
  membersOn(dateOfService?: string | null): { entry: CatalogEntry; cs: WorkerCodeSet; info: CodeSetInfo; timing: LoadTiming }[];
  readonly systems: string[];
  /** Catalog entries that could not be opened (openCodeSets with partial: true); [] otherwise. */
  readonly failed: { entry: CatalogEntry; error: Error & { code?: string } }[];
  /**
   * Catalog entries still loading (openCodeSets with ready: 'first'), in catalog order: each
   * joins `members` at its catalog place when it opens (or `failed`); [] otherwise.
   */
  readonly pending: CatalogEntry[];
  /** Settles (to this group) once no entry is pending. */
  readonly complete: Promise<CodeSetGroup>;
  search(query: string, options?: {
    limit?: number; systems?: string | string[] | null; signal?: AbortSignal; stream?: string;
  }): Promise<GroupSearchResponse>;
  lookup(code: string, options?: { system?: string; dateOfService?: string }): Promise<CodeDetail>;
  validate(code: string, options?: { system?: string; dateOfService?: string }): Promise<Validation>;
  buildSeventh(base: string, seventh: string, options?: { system?: string }): Promise<string>;
  /** HCPCS Level II modifiers (from the first code set that has them); [] if none. */
  modifiers(query?: string, options?: { dateOfService?: string }): Promise<Modifier[]>;
  /** Adds a code set opened elsewhere (e.g. createWorkerCptCodeSet); closed with the group. */
  addCodeSet(cs: WorkerCodeSet, options?: { label?: string }): CodeSetInfo;
  /** Removes and closes a code set added with addCodeSet. */
  removeCodeSet(cs: WorkerCodeSet): Promise<boolean>;
  /** Settles once every code set's downloaded copy is in the offline store (register the service worker after it). */
  stored(): Promise<void>;
  close(): void;
}

export declare function openCodeSets(entries: CatalogEntry[], options?: {
  onProgress?: (progress: LoadProgress & { entry: CatalogEntry }) => void;
  workerUrl?: string | URL;
  wasmUrl?: string | URL;
  /** The engine compiled once for every Worker (see createWorkerCodeSet) */
  wasmModule?: WebAssembly.Module | Promise<WebAssembly.Module>;
  /** 'page': the page downloads each file while its Worker starts (see createWorkerCodeSet) */
  download?: 'page' | 'worker';
  /** Workers started already from worker.mjs, one per entry in order (see createWorkerCodeSet's worker) */
  workers?: Worker[];
  /**
   * Open the code sets that load even if others fail (listed in group.failed); reject only
   * when none loaded. Default false: any failure rejects.
   */
  partial?: boolean;
  /**
   * With partial: 'first' opens the group as soon as the first entry has (the others join it as
   * they open: group.pending, group.complete; searched in catalog order, as if all had opened
   * together; with download 'page' they open after the first: createWorkerCodeSet's
   * openAfter); 'all' (default) once every entry has settled. When the first fails, 'first'
   * waits for all.
   */
  ready?: 'first' | 'all';
}): Promise<CodeSetGroup>;
