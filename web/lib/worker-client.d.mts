// TypeScript declarations for worker-client.mjs: a code set living in a module Web Worker.
import type {
  ChangesResponse, CodeDetail, CodeSetInfo, CptLoadReport, CptOptions, DateOptions, IndexBook, IndexFollow, IndexListOptions, IndexNode,
  IndexPage, IndexUses, Modifier, SearchResponse, SuggestOptions, SuggestResponse, Validation,
} from './medcode.mjs';
import type { Answer, CaseSummary, CoverageStats, Exercise, GradeResult, Hints, VerifyReport } from './practice.mjs';

export interface LoadProgress {
  phase: 'engine' | 'download' | 'open' | 'ready';
  loaded?: number;
  total?: number;
  ms: number;
}

/** Milliseconds from the start of the load; the engine and the download run at the same time. */
export interface LoadTiming {
  engineMs: number;
  fetchMs: number;
  openMs: number;
  /** Wall time of the whole load */
  totalMs: number;
  /** The code set's size, inflated */
  bytes: number;
  /** Where the engine's wasm was compiled: by the page (posted to the Worker) or in the Worker */
  wasmFrom?: 'page' | 'worker';
  /** 'page' when the page downloaded the file and moved its bytes to the Worker (download: 'page') */
  bytesFrom?: 'page';
  /**
   * The load's steps, milliseconds since the epoch (the page also gets them as Performance
   * marks "medcode:SYSTEM:STEP"): request (the file asked for, as soon as the Worker had the
   * load, before its modules arrived), start (the load began), response (the file's headers),
   * compiled (the wasm), engine (instantiated), bytes (downloaded and inflated), opened
   * (checked and expanded); with download: 'page', request, response and bytes are the page's
   * and received is when the bytes reached the Worker.
   */
  at?: { start: number; request?: number; response?: number; compiled?: number; engine?: number; bytes?: number; received?: number; opened?: number };
}

export interface WorkerSearchOptions {
  limit?: number;
  /** Rejects with an AbortError; a queued request is dropped */
  signal?: AbortSignal;
  /** A newer search in the same stream supersedes an older one still queued */
  stream?: string;
}

/** A promise with the id that cancel() takes. */
export type RequestPromise<T> = Promise<T> & { id: number };

/** Same methods as CodeSet (medcode.mjs), each returning a Promise. Errors are MedcodeError. */
export declare class WorkerCodeSet {
  private constructor();
  /** Set once loaded. */
  loadInfo: { info: CodeSetInfo; timing: LoadTiming; report?: CptLoadReport } | null;
  search(query: string, options?: WorkerSearchOptions): RequestPromise<SearchResponse>;
  /** Codes a note in the Worker (see CodeSet.suggest). */
  suggest(text: string, options?: SuggestOptions): RequestPromise<SuggestResponse>;
  lookup(code: string, options?: DateOptions): RequestPromise<CodeDetail>;
  validate(code: string, options?: DateOptions): RequestPromise<Validation>;
  changes(options?: { year?: number }): RequestPromise<ChangesResponse>;
  /** HCPCS Level II modifiers: all, or those matching the query. */
  modifiers(query?: string, options?: DateOptions): RequestPromise<Modifier[]>;
  buildSeventh(base: string, seventh: string): RequestPromise<string>;
  info(): RequestPromise<CodeSetInfo>;
  /** Settles once the Worker's copy of the file it downloaded is in the offline store (for the service worker). */
  stored(): RequestPromise<boolean>;
  /** The Alphabetic Index and Tables: IndexBrowser's methods, each returning a Promise. */
  readonly index: {
    books(): RequestPromise<IndexBook[]>;
    mainTerms(book: string | number, options?: IndexListOptions & { letter?: string }): RequestPromise<IndexPage>;
    node(id: number): RequestPromise<IndexNode>;
    children(id: number, options?: IndexListOptions): RequestPromise<IndexPage>;
    follow(id: number, options?: { seeAlso?: boolean }): RequestPromise<IndexFollow>;
    find(path: string, options?: { book?: string | number }): RequestPromise<IndexNode>;
    where(code: string, options?: { limit?: number }): RequestPromise<IndexUses>;
  };
  /**
   * Practice for students, graded in this ICD-10-CM Worker (the HCPCS file is opened beside
   * it): Practice's methods (practice.mjs), each returning a Promise, after open(). `cases`
   * is an instructor's file (text or bytes; sent by postMessage only), else casesUrl is fetched
   * from this site. A file that does not read rejects with the core's error and leaves the
   * bank opened before in place.
   */
  readonly practice: {
    open(options: { hcpcsUrl?: string | URL | null; casesUrl?: string | URL | null; cases?: string | Uint8Array | ArrayBuffer | null }):
      RequestPromise<{ cases: number; codeSet: CodeSetInfo; hcpcs: CodeSetInfo | null }>;
    list(): RequestPromise<CaseSummary[]>;
    show(id: string): RequestPromise<Exercise>;
    hints(id: string): RequestPromise<Hints>;
    grade(id: string, answer: Answer): RequestPromise<GradeResult>;
    stats(): RequestPromise<CoverageStats>;
    verify(): RequestPromise<VerifyReport>;
  };
  /** Drops request `id` if it has not run yet: its promise rejects with an AbortError. */
  cancel(id: number): boolean;
  /** Frees the code set and stops the worker. */
  close(): Promise<void>;
}

export interface WorkerCodeSetOptions {
  /** The worker module (default: worker.mjs beside worker-client.mjs) */
  workerUrl?: string | URL;
  /** The .wasm file (default: medcode-wasm.wasm beside medcode.mjs) */
  wasmUrl?: string | URL;
  /** The code set's Alphabetic Index and Tables in a file of their own (index.json's indexHref), fetched when first needed */
  indexUrl?: string | URL;
  onProgress?: (progress: LoadProgress) => void;
}

/**
 * Starts a module Worker that fetches (same origin only) and loads a code-set file. Option
 * wasmModule: the engine compiled already (compileEngineModule in engine-module.mjs), posted
 * to the Worker, which then neither downloads nor compiles the wasm.
 */
export declare function createWorkerCodeSet(
  url?: string | URL,
  options?: WorkerCodeSetOptions & {
    wasmModule?: WebAssembly.Module | Promise<WebAssembly.Module>;
    /**
     * 'page': the page downloads the file (same origin) and inflates it while the Worker
     * starts, then moves the bytes to it; the Worker downloads it itself if the page could not.
     * Default 'worker'.
     */
    download?: 'page' | 'worker';
    /**
     * With download 'page': the bytes are moved to the Worker (which then opens them) only once
     * this has settled (e.g. another code set's load: the two opens do not share the CPU).
     */
    openAfter?: Promise<unknown>;
    /**
     * With download 'page': the file is asked for once this has settled (e.g. another file's
     * bytes: the two downloads do not share the line, nor their inflating the page's thread).
     */
    downloadAfter?: Promise<unknown>;
    /** With download 'page': called once the page's download has settled (bytes inflated, or failed). */
    onBytes?: () => void;
    /** A Worker started already from worker.mjs that has had no message yet (the page's spare-workers.js) */
    worker?: Worker;
    /**
     * The file's size inflated (codesets/index.json's `bytes`): the Worker readies the memory its
     * open will write while the bytes are on their way (Engine.prepareMemory).
     */
    size?: number;
    /**
     * false: the Worker does not compile the search's code while it waits for its bytes
     * (Engine.warmUp, one call the bytes would wait for): for a code set whose bytes come first
     * while other Workers sharing the compiled module warm it up. Default true.
     */
    warmUp?: boolean;
  },
): Promise<WorkerCodeSet>;

/**
 * A CPT code set built from the user's descriptor file in a new module Worker. The file goes
 * to the Worker by postMessage only (never over the network); loadInfo.report says what was read.
 */
export declare function createWorkerCptCodeSet(
  file: string | Uint8Array | ArrayBuffer,
  options?: CptOptions & WorkerCodeSetOptions,
): Promise<WorkerCodeSet>;

/**
 * Opens a code-set file the page holds as bytes (e.g. an HCPCS quarter compiled in the Updates
 * view) in a new module Worker; the bytes go by postMessage only.
 */
export declare function createWorkerCodeSetFromBytes(
  bytes: Uint8Array | ArrayBuffer,
  options?: WorkerCodeSetOptions,
): Promise<WorkerCodeSet>;
