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
  /** A case file's problems (practice.mjs): every one, with its case id and field. */
  readonly issues?: { caseId: string; field: string; message: string }[];
}

/** Practice for students (practice.mjs). */
export { loadPracticeCases, Practice, scoreWithHints, parseAnswer, HINT_COST, HINT_STEPS } from './practice.mjs';

/** One official (or clearly marked derived) input file of a code set. */
export interface CodeSetInput {
  role: string;
  name: string;
  path: string;
  year: number;
  sha256: string;
  kind: 'official' | 'derived' | string;
}

/** One year of a code set that holds several (ICD-10-CM FY2026 and FY2027). */
export interface CodeYear {
  year: number;
  /** "FY2027" */
  label: string;
  /** YYYY-MM-DD: the year's first and last date of service */
  effectiveFrom: string;
  effectiveTo: string;
}

export interface YearInForce extends CodeYear {
  /** The date is in none of the code set's years: the nearest year is given */
  outside: boolean;
}

export type ChangeKind = 'added' | 'deleted' | 'retitled' | 'became-header' | 'became-billable';
export interface CodeChange {
  kind: ChangeKind;
  code: string;
  billable: boolean;
  title: string;
  previousTitle?: string;
  /** deleted, became-header: the codes in its place in the new year */
  replacedBy?: string[];
}
export interface ChangesResponse {
  system: string;
  /** "FY2026" */
  from: string;
  /** "FY2027" */
  to: string;
  /** the new year's first date of service */
  effective: string;
  counts: Record<ChangeKind, number>;
  changes: CodeChange[];
}

export interface CodeSetInfo {
  /** e.g. "ICD-10-CM" */
  system: string;
  /** A code set holding several years, oldest first (chosen by the date of service) */
  years?: CodeYear[];
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
  /** A code set built from a user's file: "user-supplied file NAME, sha256 X, loaded DATE" */
  provenance?: string;
  /** HCPCS: how many modifiers it has (see CodeSet.modifiers) */
  modifiers?: number;
  /** Dated code sets (HCPCS): codes terminated before the code set takes effect */
  terminated?: number;
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
  /** A dated code set's code past its last date of service (HCPCS): never billable */
  terminated: boolean;
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
  /** The code set's label (for a code set of several years: its system and the year searched) */
  codeSet: string;
  /** The year searched ("FY2027"), for a code set of several years */
  codeYear?: string;
  /** Word queries: the codes that match as many words as the best match; code queries: the codes with that prefix */
  total: number;
  /** Word queries: the `total` codes match every word the code set knows */
  everyWord: boolean;
  /** Word queries: the codes that match fewer words than the `total` ones */
  partial: number;
  /**
   * A query naming several conditions that no code has whole ("chf w/ afib"): the first
   * `leads` results are each the best code of one condition (its `matchedWords`); 0 otherwise
   */
  leads: number;
  /** A code-shaped query that is no code ("T36.01A"): the valid codes it most likely means */
  didYouMean?: string[];
  /** Why ("T36.01A lacks the placeholder X: ...") */
  didYouMeanReason?: string;
  /** Query words that no code uses */
  unknownWords: string[];
  /** Every query word and how it was used (exact, prefix, corrected, expanded, unknown, code-filter) */
  words: QueryWord[];
  results: SearchResult[];
}

export interface SearchOptions {
  /** 1 to 1000; default 20 */
  limit?: number;
  /** YYYY-MM-DD: a code set of several years searches the year in force (default: the newest) */
  dateOfService?: string;
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
  /** Dated code sets (HCPCS): terminated on the date of service, or before the code set takes effect */
  terminated: boolean;
  /** YYYY-MM-DD or null */
  addedDate: string | null;
  /** Effective date of the latest action on the code (YYYY-MM-DD) or null */
  actionDate: string | null;
  /** Last date of service on which the code may be reported (YYYY-MM-DD) or null */
  terminationDate: string | null;
  /** The date of service `billable` was decided for, when one was given */
  dateOfService?: string;
  /** e.g. "terminated: its last date of service was 2016-12-31; ..." */
  statusNote?: string;
  /** HCPCS fields with no place of their own: coverage, action, BETOS, type of service, pricing, ... */
  attributes: CodeAttribute[];
  /** A code set built from a user's file (CPT) */
  provenance?: string;
  /** A code set of several years: the year answered for ("FY2027"), the code's first and last
   * dates of service (validTo null: still valid), the codes in its place when deleted or made a
   * header, the codes to report before it existed. */
  codeYear?: string;
  validFrom?: string;
  validTo?: string | null;
  replacedBy?: string[];
  useInstead?: string[];
}

export interface CodeAttribute {
  /** "coverage", "action", "betos", "tos", "pricing", "multiple_pricing", "xref", ... */
  key: string;
  label: string;
  /** As in the source file, e.g. "D" */
  value: string;
  /** What the value means, e.g. "Special coverage instructions apply" ("" if not defined) */
  meaning: string;
  /** The input file it comes from */
  source: string;
  /** Where the meaning comes from, if not from the inputs */
  meaningSource?: string;
}

/** A modifier (HCPCS Level II: two characters). */
export interface Modifier {
  code: string;
  title: string;
  shortTitle: string;
  addedDate: string | null;
  actionDate: string | null;
  terminationDate: string | null;
  terminated: boolean;
  action: string | null;
  actionMeaning: string | null;
  coverage: string | null;
  coverageMeaning: string | null;
  source: string;
}

export interface DateOptions {
  /** YYYY-MM-DD: dated code sets (HCPCS) check the code's added and termination dates */
  dateOfService?: string;
}

/** What loadCptDescriptors read from the user's file. */
export interface CptLoadReport {
  lines: number;
  codes: number;
  /** Lines not loaded (see issues) */
  skipped: number;
  header: boolean;
  separators: string;
  extraColumns: number;
  /** The first 100 lines not loaded, with why (never their text) */
  issues: { line: number; reason: string }[];
  year: number;
  yearFrom: 'option' | 'file name' | 'load date';
  sha256: string;
  loaded: string;
  provenance: string;
}

export interface CptOptions {
  /** The file's name (shown as the code set's source) */
  name?: string;
  /** CPT year; default: a year in the file name, else the current year */
  year?: number;
}

export type CodeStatus =
  | 'valid' | 'header' | 'needs-seventh' | 'missing-placeholder' | 'invalid-seventh' | 'deleted' | 'unknown'
  | 'malformed' | 'terminated' | 'not-yet-effective' | (string & {});

export interface Validation {
  status: CodeStatus;
  input: string;
  code: string;
  message: string;
  suggestions: string[];
  label: string;
}

/** One loaded code-set file. Methods throw MedcodeError. */
// ---- The Alphabetic Index and Tables (CodeSet.index) -----------------------------------

export interface IndexLetter {
  /** "A", "#" */
  letter: string;
  /** Id of its first main term */
  first: number;
  /** Its main terms */
  count: number;
}

export interface IndexBook {
  id: number;
  key: 'index' | 'eindex' | 'neoplasm' | 'drug' | (string & {});
  /** "Index to Diseases and Injuries", "Neoplasm Table", ... */
  name: string;
  kind: 'index' | 'table';
  /** A table's column heads, the row heading first ("Neoplasm", "Malignant Primary", ...) */
  columns: string[];
  letters: IndexLetter[];
  mainTerms: number;
  terms: number;
  /** The input file and year it comes from */
  source: string;
  sourceYear: number;
}

/** A code an index entry leads to. `billable: false`: a header now, more characters are needed. */
export interface IndexCode {
  code: string;
  /** Omitted for table cells (the code detail has it) */
  title?: string;
  billable: boolean;
}

/** A code, cross-reference or table cell of a term. */
export interface IndexRef {
  /** As written: "S52.5-", "Neoplasm, malignant, by site" */
  text: string;
  /** The code it leads to (codes, cells, "see category") */
  code?: IndexCode;
  /** see / see also: the term it leads to ... */
  node?: number;
  /** ... and that term's book, or the book itself ("see Table of Drugs and Chemicals") */
  book?: string;
  /** A see target's column ("see Neoplasm, benign, by site": "Benign") */
  column?: string;
  columnIndex?: number;
  /** The text goes further than the tree: the reader chooses ("by site", "by drug") */
  partial?: boolean;
}

export interface IndexTerm {
  id: number;
  book: string;
  /** 0 = main term */
  level: number;
  /** As printed, nonessential modifiers in place */
  title: string;
  /** [before, modifiers, after] when the title has nonessential modifiers */
  nemod?: [string, string, string];
  /** Number of direct subterms */
  children: number;
  code?: IndexRef;
  subcategory?: IndexRef;
  /** Manifestation code, printed in brackets */
  manif?: IndexRef;
  seeCategory?: IndexRef;
  see?: IndexRef;
  seeAlso?: IndexRef;
  /** Table rows: one entry per column (null where empty); [0], the row heading, is always null */
  cells?: (IndexRef | null)[];
  /** With `deep`: every subterm, nested */
  subterms?: IndexTerm[];
}

export interface IndexPage {
  total: number;
  offset: number;
  items: IndexTerm[];
  /** mainTerms: the book's key */
  book?: string;
  /** children: the parent term's id */
  parent?: number;
}

export interface IndexNode extends IndexTerm {
  /** Main term first, the term itself last */
  path: { id: number; title: string }[];
  subterms: IndexTerm[];
  /** find(): what the tree did not have ("" when the whole path matched) */
  rest?: string;
}

/** The reference followed (its fields) and where it leads; `node` is the target term itself. */
export interface IndexFollow extends Omit<IndexRef, 'node'> {
  via: 'see' | 'seeAlso';
  target: 'node' | 'book' | 'code';
  node?: IndexNode;
  bookInfo?: IndexBook;
}

export interface IndexUses {
  code: string;
  total: number;
  items: {
    id: number;
    book: string;
    /** Titles from the main term down, without modifiers */
    path: string[];
    via: 'code' | 'cell' | 'manif' | 'subcategory' | 'seeCategory' | (string & {});
    text: string;
    column?: string;
    /** false: the entry names a header above the code ("S52.00-") */
    exact: boolean;
  }[];
}

export interface IndexListOptions {
  /** Folded (case- and accent-insensitive) start of the title */
  prefix?: string;
  /** 1 to 5000; default 100 */
  limit?: number;
  offset?: number;
  /** Each term with all its subterms, nested (a table's rows) */
  deep?: boolean;
}

/** The Alphabetic Index and Tables. Errors: NOT_FOUND, INVALID_ARGUMENT, INPUT_TOO_LONG, INVALID_UTF8. */
export declare class IndexBrowser {
  private constructor();
  /** [] for a code set without an index */
  books(): IndexBook[];
  /** Main terms in order; book: a key ("index", "eindex", "neoplasm", "drug") or an id. */
  mainTerms(book: string | number, options?: IndexListOptions & { letter?: string }): IndexPage;
  node(id: number): IndexNode;
  children(id: number, options?: IndexListOptions): IndexPage;
  /** Follows the term's see (or see also); NOT_FOUND when there is nothing to follow ("see condition"). */
  follow(id: number, options?: { seeAlso?: boolean }): IndexFollow;
  /** A term by its path: "Diabetes, type 2, with" */
  find(path: string, options?: { book?: string | number }): IndexNode;
  /** The terms and cells that lead to a code (or to a header above it) */
  where(code: string, options?: { limit?: number }): IndexUses;
}

/** Coding from documentation (CodeSet.suggest). Spans are [start, end) indexes into the text. */
export type CareSetting = 'outpatient' | 'inpatient';
export interface SuggestOptions {
  /** 'outpatient' (default): uncertain diagnoses give their signs or symptoms (IV.H); 'inpatient': coded as established (II.H). */
  setting?: CareSetting;
  /** YYYY-MM-DD: the year in force on it codes the note (default: the newest year) */
  dateOfService?: string;
}
export interface RuleApplied {
  /** Stable id: 'combination-with', 'hypertension-combination', 'use-additional', 'code-first', 'header-default', ... */
  id: string;
  /** Official Guidelines section, e.g. 'I.A.15', 'I.C.9.a.2' */
  section: string;
  text: string;
}
export interface CodeSuggestion {
  code: string;
  title: string;
  billable: boolean;
  year: number;
  evidence: Array<[number, number]>;
  /** The note section it came from: 'assessment', 'family-history', 'medications', ... or '' */
  section: string;
  why: string[];
  rules: RuleApplied[];
  alternatives: Array<{ code: string; title: string; decides: string }>;
}
export interface NotCoded {
  span: [number, number];
  /** 'negated' | 'ruled-out' | 'uncertain' | 'history' | 'family-history' | 'symptom-explained' | 'excludes1' | 'combined' | 'less-specific' */
  reason: string;
  /** The trigger words the rule recognised ('denies', 'r/o'), or '' */
  trigger: string;
  /** The code it would have been, or '' */
  code: string;
  explanation: string;
}
export interface SuggestResponse {
  setting: CareSetting;
  codeSet: string;
  /** Reporting order: first-listed first */
  codes: CodeSuggestion[];
  notCoded: NotCoded[];
  /** Why codes is empty ('' otherwise) */
  emptyReason: string;
}
/** The longest note suggest() reads, in UTF-8 bytes. */
export declare const MAX_NOTE_BYTES: number;

export declare class CodeSet {
  private constructor();
  readonly info: Readonly<CodeSetInfo>;
  /** The Alphabetic Index and Tables */
  readonly index: IndexBrowser;
  /** Codes ("E11", "e11.6") or words (any order; the last word may be partial). */
  search(query: string, options?: SearchOptions): SearchResponse;
  /** Codes a note: the ICD-10-CM codes to report in reporting order, with evidence, why and rules. */
  suggest(text: string, options?: SuggestOptions): SuggestResponse;
  /** Title, hierarchy, notes (with where each comes from), 7th characters, children; dates and attributes. */
  lookup(code: string, options?: DateOptions): CodeDetail;
  /** Why a code is (not) valid (on the date of service: the year in force, or a dated code set's dates). */
  validate(code: string, options?: DateOptions): Validation;
  /** The year in force on a date of service (default today); null for a code set of one year. */
  yearFor(dateOfService?: string): YearInForce | null;
  /** What changed in a year of a code set holding several (default: the newest). */
  changes(options?: { year?: number }): ChangesResponse;
  /** Modifiers (HCPCS Level II): all, or those whose code is the query or whose description has its words. */
  modifiers(query?: string, options?: DateOptions): Modifier[];
  /** Set by Engine.loadCptDescriptors */
  readonly report?: Readonly<CptLoadReport>;
  /** The full code from a base and a 7th character, with placeholder X: ("T36.0X1", "A") -> "T36.0X1A". */
  buildSeventh(base: string, seventh: string): string;
  /** True once the code set has its Alphabetic Index and Tables. */
  readonly hasIndex: boolean;
  /** Adds the Alphabetic Index and Tables from their own file (NAME-index.mcs, imported with this code set); returns the number of books. */
  attachIndex(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): number;
  close(): void;
}

export declare class Engine {
  private constructor();
  /**
   * Validates (magic, version, checksums, bounds) and loads a .mcs file's bytes. search: false
   * leaves out the search index and the Index (less memory; search and suggest then throw).
   */
  loadCodeSet(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options?: { search?: boolean; gzipChecked?: boolean }): CodeSet;
  /**
   * Runs a search and a lookup once on a one-code set built in memory, then closes it, so that
   * the search's wasm code is compiled before the first real search (shared by every engine of
   * the same compiled module). Returns the milliseconds it took; never throws.
   */
  warmUp(): number;
  /**
   * Readies up to `bytes` of this engine's fresh memory for an open to come (one write per page,
   * a slice at a time between tasks) until `until` settles, then gives it back to the allocator:
   * the open then writes into pages already mapped. Resolves to the bytes readied; never rejects.
   */
  prepareMemory(bytes: number, until?: Promise<unknown>): Promise<number>;
  /**
   * A CPT code set from the user's descriptor file (text or UTF-8 bytes: "99213<TAB>descriptor"
   * or CSV, one code per line), built in memory; nothing is stored or sent. Its `report` says
   * what was read and which lines were skipped.
   */
  loadCptDescriptors(file: string | Uint8Array | ArrayBuffer | ArrayBufferView, options?: CptOptions): CodeSet;
}

/** The largest CPT descriptor file accepted (bytes). */
export declare const MAX_CPT_FILE_BYTES: number;

export interface EngineOptions {
  /** The .wasm bytes (else Node reads medcode-wasm.wasm beside the module; browsers fetch it) */
  wasmBinary?: Uint8Array | ArrayBuffer | ArrayBufferView;
  /** Browser: where medcode-wasm.wasm is (default: beside medcode.mjs) */
  wasmUrl?: string;
  /** medcode-wasm.wasm compiled already (WebAssembly.compileStreaming), e.g. while this module loaded */
  wasmModule?: WebAssembly.Module;
}

/** Instantiates the WebAssembly engine. */
export declare function createEngine(options?: EngineOptions): Promise<Engine>;

/** Fetches a code-set file (same origin); a .gz file the server did not decode is inflated locally. */
export declare function fetchCodeSetBytes(
  url: string | URL,
  options?: { fetchImpl?: (input: string | URL, init?: RequestInit) => Promise<Response> },
): Promise<Uint8Array>;
