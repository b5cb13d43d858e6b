// TypeScript declarations for medcode.mjs: the JS API over the WebAssembly core.
// Runs in browsers (main thread or Worker) and in Node 20+. Nothing is sent anywhere.

/** Stable error codes of MedcodeError. */
export type ErrorCode =
  | 'IO' | 'TRUNCATED' | 'BAD_MAGIC' | 'UNSUPPORTED_VERSION' | 'BAD_CHECKSUM' | 'CORRUPT'
  | 'UNSUPPORTED_SECTION' | 'INVALID_UTF8' | 'INPUT_TOO_LONG' | 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INTERNAL';

export declare const ERROR_CODES: readonly ErrorCode[];

/** Every error of the API. `code` is stable; `message` is for people. */
export declare class MedcodeError extends Error {
  constructor(code: ErrorCode | string, message: string);
  readonly name: 'MedcodeError';
  readonly code: ErrorCode | string;
}

/** One official (or clearly marked derived) input file of a code set. */
export interface CodeSetInput {
  role: string;
  name: string;
  path: string;
  year: number;
  sha256: string;
  kind: 'official' | 'derived' | string;
}

export interface CodeSetInfo {
  /** e.g. "ICD-10-CM" */
  system: string;
  /** e.g. 2026 (fiscal year) */
  year: number;
  /** e.g. "ICD-10-CM FY2026" */
  label: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  /** YYYY-MM-DD */
  effectiveTo: string;
  codes: number;
  bytes: number;
  formatMinor?: number;
  inputs: CodeSetInput[];
}

/** What a word query matched: the document kind and its text (an index path, an inclusion term, ...). */
export interface MatchWhy {
  kind: 'title' | 'short-title' | 'inclusion-term' | 'index' | 'index-see' | 'table' | 'category'
    | 'exact-code' | 'code-prefix' | (string & {});
  text: string;
}

/** How the engine used one word of the query. */
export interface QueryWord {
  text: string;
  use: 'exact' | 'prefix' | 'corrected' | 'expanded' | 'unknown' | 'code-filter' | (string & {});
  /** The word actually searched (a corrected spelling, an expansion) */
  used: string;
}

export interface SearchResult {
  /** Dotted code, e.g. "E11.9" */
  code: string;
  title: string;
  billable: boolean;
  match: 'exact-code' | 'code-prefix' | 'words';
  /** Why it matched: the document (title, inclusion term, index path, table row) */
  why: MatchWhy;
  /** The query words this result matched */
  matchedWords: string[];
  score: number;
  system: string;
  year: number;
}

export interface SearchResponse {
  query: string;
  /** The code set's label */
  codeSet: string;
  /** Word queries: the codes that match as many words as the best match; code queries: the codes with that prefix */
  total: number;
  /** Query words that no code uses */
  unknownWords: string[];
  /** Every query word and how it was used (exact, prefix, corrected, expanded, unknown, code-filter) */
  words: QueryWord[];
  results: SearchResult[];
}

export interface SearchOptions {
  /** 1 to 1000; default 20 */
  limit?: number;
}

export type HierarchyLevel = 'chapter' | 'section' | 'category' | 'subcategory' | 'code' | (string & {});

export interface HierarchyItem {
  level: HierarchyLevel;
  code: string;
  title: string;
}

export type NoteKind =
  | 'includes' | 'inclusionTerm' | 'excludes1' | 'excludes2' | 'codeFirst' | 'useAdditionalCode'
  | 'codeAlso' | 'notes' | 'sevenChrNote' | (string & {});

export interface Note {
  kind: NoteKind;
  text: string;
  /** The code, section or chapter the note is written at */
  from: string;
  fromLevel: HierarchyLevel;
  /** true when written at a level above this code */
  inherited: boolean;
  /** The input file it came from */
  source: string;
  sourceYear: number;
  /** Codes (or ranges) the note names */
  refs: { first: string; last: string }[];
}

export interface SeventhCharacters {
  declaredAt: string;
  source: string;
  sourceYear: number;
  chars: { char: string; meaning: string }[];
}

export interface CodeDetail {
  code: string;
  title: string;
  shortTitle: string;
  billable: boolean;
  newThisYear: boolean;
  revisedThisYear: boolean;
  system: string;
  year: number;
  label: string;
  deletedNote?: string;
  hierarchy: HierarchyItem[];
  notes: Note[];
  seventh: SeventhCharacters | null;
  children: { code: string; title: string; billable: boolean }[];
}

export type CodeStatus =
  | 'valid' | 'header' | 'needs-seventh' | 'missing-placeholder' | 'invalid-seventh' | 'deleted' | 'unknown'
  | 'malformed' | (string & {});

export interface Validation {
  status: CodeStatus;
  input: string;
  code: string;
  message: string;
  suggestions: string[];
  label: string;
}

/** One loaded code-set file. Methods throw MedcodeError. */
export declare class CodeSet {
  private constructor();
  readonly info: Readonly<CodeSetInfo>;
  /** Codes ("E11", "e11.6") or words (any order; the last word may be partial). */
  search(query: string, options?: SearchOptions): SearchResponse;
  /** Title, hierarchy, notes (with where each comes from), 7th characters, children. */
  lookup(code: string): CodeDetail;
  /** Why a code is (not) valid. */
  validate(code: string): Validation;
  /** The full code from a base and a 7th character, with placeholder X: ("T36.0X1", "A") -> "T36.0X1A". */
  buildSeventh(base: string, seventh: string): string;
  close(): void;
}

export declare class Engine {
  private constructor();
  /** Validates (magic, version, checksums, bounds) and loads a .mcs file's bytes. */
  loadCodeSet(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): CodeSet;
}

export interface EngineOptions {
  /** The .wasm bytes (else Node reads medcode-wasm.wasm beside the module; browsers fetch it) */
  wasmBinary?: Uint8Array | ArrayBuffer | ArrayBufferView;
  /** Browser: where medcode-wasm.wasm is (default: beside medcode.mjs) */
  wasmUrl?: string;
}

/** Instantiates the WebAssembly engine. */
export declare function createEngine(options?: EngineOptions): Promise<Engine>;

/** Fetches a code-set file (same origin); a .gz file the server did not decode is inflated locally. */
export declare function fetchCodeSetBytes(
  url: string | URL,
  options?: { fetchImpl?: (input: string | URL, init?: RequestInit) => Promise<Response> },
): Promise<Uint8Array>;
