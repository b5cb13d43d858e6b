// medcode: the JS API over the WebAssembly core. One ES module for Chromium (main
// thread or Worker) and Node 20. Everything runs locally: nothing is sent anywhere.
//
//   import { createEngine } from './medcode.mjs';
//   const engine = await createEngine();                 // loads medcode-wasm.wasm beside this file
//   const icd = engine.loadCodeSet(bytes);               // Uint8Array | ArrayBuffer of a .mcs file
//   icd.search('diabetes', { limit: 20 });               // { total, results: [{ code, title, billable, ... }] }
//   icd.lookup('E11.9');                                  // hierarchy, notes, 7th characters
//
// Errors are thrown as MedcodeError with a stable `code` ("BAD_CHECKSUM", "NOT_FOUND", ...).
import createModule from './medcode-wasm.mjs';
import { MedcodeError, ERROR_CODES, errorCodeOf, parseReply as parseJson, toBytes, wasmModuleArg } from './errors.mjs';
import { registerEngine, registerCodeSet, openHandle, release } from './internal.mjs';
import { yearInForce } from './years.mjs';

// fetchCodeSetBytes lives in fetch-bytes.mjs (no wasm glue there: a Worker starts the download
// before the engine's modules have loaded).
export { fetchCodeSetBytes } from './fetch-bytes.mjs';
import { gzipChecked } from './fetch-bytes.mjs';

// Claim pre-checks (web/lib/claims.mjs): createClaimChecker(engine, icd, editsBytes).
export { createClaimChecker, openClaimCodeSet, ClaimChecker, findingsToCsv, FINDING_KINDS } from './claims.mjs';

// Practice for students (web/lib/practice.mjs): loadPracticeCases(engine, caseFile, { icd, hcpcs }).
export { loadPracticeCases, Practice, scoreWithHints, parseAnswer, HINT_COST, HINT_STEPS } from './practice.mjs';

// MedcodeError and the error codes live in errors.mjs (no wasm glue there).
export { MedcodeError, ERROR_CODES };

const MATCH_KINDS = ['', 'exact-code', 'code-prefix', 'words'];
const DOC_KINDS = ['', 'title', 'short-title', 'inclusion-term', 'index', 'index-see', 'table'];
const WORD_USES = ['', 'exact', 'prefix', 'corrected', 'expanded', 'unknown', 'code-filter'];
const MAX_QUERY_CHARS = 1024;
/** The longest note suggest() reads (UTF-8 bytes; the core's kMaxNoteBytes). */
export const MAX_NOTE_BYTES = 100000;
const encoder = new TextEncoder();

// The core reports spans in UTF-8 bytes; JS strings count UTF-16 code units. One pass over
// the text gives each byte offset its string index.
function byteToIndex(text) {
  const map = new Uint32Array(encoder.encode(text).length + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (c >= 0x10000) i++;
  }
  map[b] = text.length;
  return (off) => map[Math.min(off, b)];
}
/** The largest CPT descriptor file loadCptDescriptors accepts (bytes of UTF-8 text). */
export const MAX_CPT_FILE_BYTES = 16 * 1024 * 1024;
// Engine.warmUp's code set: one code, written here (no descriptor of AMA's).
const WARM_UP_DESCRIPTORS = '99213\tOffice or other outpatient visit\n';
// The most prepareMemory takes at once (a code set's open needs ~5 times its file's size).
const MAX_PREPARED_BYTES = 512 * 1024 * 1024;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const decoder = new TextDecoder('utf-8');

function checkDate(value) {
  if (value === '' || value === undefined || value === null) return;
  if (typeof value !== 'string' || !DATE.test(value)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'dateOfService must be a date, YYYY-MM-DD');
  }
}

function checkText(name, value, max) {
  if (typeof value !== 'string') throw new MedcodeError('INVALID_ARGUMENT', `${name} must be a string`);
  if (value.length > max) {
    throw new MedcodeError('INPUT_TOO_LONG', `${name} is ${value.length} characters; the limit is ${max}`);
  }
  // A lone surrogate cannot be encoded as UTF-8: refuse it instead of guessing.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
    throw new MedcodeError('INVALID_UTF8', `${name} contains an unpaired surrogate (not valid Unicode text)`);
  }
}

/** Decodes the packed search result of wasm/bindings.cpp. */
function decodeSearch(buf, info) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const status = dv.getUint32(0, true);
  if (status !== 0) {
    throw new MedcodeError(errorCodeOf(status), decoder.decode(buf.subarray(16)));
  }
  const total = dv.getUint32(4, true);
  const count = dv.getUint32(8, true);
  const wordCount = dv.getUint32(12, true);
  const partial = dv.getUint32(16, true);
  const leads = dv.getUint32(20, true);
  const everyWord = (dv.getUint32(24, true) & 1) === 1;
  const dymCount = dv.getUint32(28, true);
  const HEAD = 32 + dymCount * 8 + 8;
  const HIT = 40;
  const WORD = 20;
  const blob = HEAD + count * HIT + wordCount * WORD;
  const str = (p) => decoder.decode(buf.subarray(blob + dv.getUint32(p, true), blob + dv.getUint32(p, true) + dv.getUint32(p + 4, true)));
  const didYouMean = [];
  for (let i = 0; i < dymCount; i++) didYouMean.push(str(32 + i * 8));
  const didYouMeanReason = str(32 + dymCount * 8);
  const words = [];
  for (let i = 0; i < wordCount; i++) {
    const p = HEAD + count * HIT + i * WORD;
    words.push({ text: str(p + 4), use: WORD_USES[dv.getUint8(p)] || 'exact', used: str(p + 12) });
  }
  const results = [];
  for (let i = 0; i < count; i++) {
    const p = HEAD + i * HIT;
    const matched = dv.getUint32(p + 36, true);
    const kind = MATCH_KINDS[dv.getUint8(p + 8)] || 'words';
    const docKind = DOC_KINDS[dv.getUint8(p + 9)] || '';
    const whyText = str(p + 28);
    const flags = dv.getUint8(p + 10);
    results.push({
      code: decoder.decode(buf.subarray(p + 12, p + 12 + dv.getUint8(p + 11))),
      title: str(p + 20),
      billable: (flags & 1) === 1,
      // A dated code set's code past its last date of service (HCPCS): never billable.
      terminated: (flags & 2) === 2,
      match: kind,
      // Why it matched: the document (title, inclusion term, index path, table row) and the query words.
      why: kind === 'words' ? (docKind ? { kind: docKind, text: whyText } : { kind: 'category', text: '' }) : { kind, text: '' },
      matchedWords: words.filter((_, w) => w < 32 && (matched >>> w) & 1).map((w) => w.text),
      score: dv.getUint32(p + 4, true),
      system: info.system,
      year: info.year,
    });
  }
  const unknownWords = words.filter((w) => w.use === 'unknown').map((w) => w.text);
  return {
    total, partial, everyWord, leads, results, words, unknownWords,
    ...(dymCount ? { didYouMean, didYouMeanReason } : {}),
  };
}

const MAX_INDEX_PAGE = 5000;

function checkId(name, id) {
  if (!Number.isInteger(id) || id < 0 || id > 0x7FFFFFFF) {
    throw new MedcodeError('INVALID_ARGUMENT', `${name} must be a term id (an integer from 0)`);
  }
}

function checkPage(limit, offset) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INDEX_PAGE) {
    throw new MedcodeError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_INDEX_PAGE}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7FFFFFFF) {
    throw new MedcodeError('INVALID_ARGUMENT', 'offset must be an integer from 0');
  }
}

function bookArg(book) {
  if (Number.isInteger(book) && book >= 0 && book < 1000) return String(book);
  checkText('book', book, 64);
  return book;
}

/**
 * The Alphabetic Index and the Tables (Neoplasm Table, Table of Drugs and Chemicals) of a
 * code set: `icd.index`. Terms are identified by a number (`id`), stable for one code-set file.
 * Every method throws MedcodeError: NOT_FOUND (no such book, letter, term; a code set without
 * an index), INVALID_ARGUMENT, INPUT_TOO_LONG, INVALID_UTF8.
 */
export class IndexBrowser {
  /** @internal use CodeSet.index */
  constructor(cs) {
    this._cs = cs;
  }

  /** The books: [{ id, key, name, kind: 'index'|'table', columns, letters: [{ letter, first, count }], mainTerms, terms, source, sourceYear }] ([] without an index). */
  books() {
    return parseJson(this._cs._live().indexBooks()).books;
  }

  /**
   * Main terms of a book ('index', 'eindex', 'neoplasm', 'drug' or its id) in order: { book, total, offset, items: [term] }.
   * deep: each with all its subterms, nested (`subterms`), e.g. the rows of a table.
   */
  mainTerms(book, { prefix = '', letter = '', limit = 100, offset = 0, deep = false } = {}) {
    const b = bookArg(book);
    checkText('prefix', prefix, MAX_QUERY_CHARS);
    checkText('letter', letter, 16);
    checkPage(limit, offset);
    return parseJson(this._cs._live().indexMainTerms(b, prefix, letter, offset, limit, !!deep));
  }

  /** A term with its path (main term first) and its subterms: { ...term, path: [{ id, title }], subterms: [term] }. */
  node(id) {
    checkId('id', id);
    return parseJson(this._cs._live().indexNode(id));
  }

  /** Subterms of a term, optionally those starting with a prefix: { parent, total, offset, items: [term] }. */
  children(id, { prefix = '', limit = 100, offset = 0, deep = false } = {}) {
    checkId('id', id);
    checkText('prefix', prefix, MAX_QUERY_CHARS);
    checkPage(limit, offset);
    return parseJson(this._cs._live().indexChildren(id, prefix, offset, limit, !!deep));
  }

  /**
   * Follows a term's "see" (or, without one or with { seeAlso: true }, its "see also"):
   * { via: 'see'|'seeAlso', text, partial?, column?, target: 'node'|'book'|'code', node?, bookInfo?, code? }.
   * NOT_FOUND when there is nothing to follow ("see condition").
   */
  follow(id, { seeAlso = false } = {}) {
    checkId('id', id);
    return parseJson(this._cs._live().indexFollow(id, !!seeAlso));
  }

  /** A term by its path ("Diabetes, type 2, with"): the deepest term it leads to, and `rest` (what the tree lacks). */
  find(path, { book = '' } = {}) {
    checkText('path', path, MAX_QUERY_CHARS);
    return parseJson(this._cs._live().indexFind(path, book === '' ? '' : bookArg(book)));
  }

  /** The terms (and table cells) that lead to a code, or to a header above it: { code, total, items }. */
  where(code, { limit = 100 } = {}) {
    checkText('code', code, 64);
    checkPage(limit, 0);
    return parseJson(this._cs._live().indexWhere(code, limit));
  }
}

export class CodeSet {
  /** @internal use Engine.loadCodeSet */
  constructor(handle, info) {
    this._h = handle;
    registerCodeSet(this, () => this._h);
    this.info = Object.freeze(info);
    /** The Alphabetic Index and Tables (see IndexBrowser). */
    this.index = new IndexBrowser(this);
  }

  _live() {
    if (!this._h) throw new MedcodeError('INVALID_ARGUMENT', 'this code set was closed');
    return this._h;
  }

  /**
   * Codes ("E11", "e11.6") or words (any order; the last word may be partial). Option
   * dateOfService (YYYY-MM-DD): a code set holding several years (ICD-10-CM FY2026 and
   * FY2027) searches the year in force on it (default: the newest year); `codeSet` then
   * names that year.
   */
  search(query, { limit = 20, dateOfService = '' } = {}) {
    checkText('query', query, MAX_QUERY_CHARS);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new MedcodeError('INVALID_ARGUMENT', 'limit must be an integer from 1 to 1000');
    }
    checkDate(dateOfService);
    const r = decodeSearch(this._live().search(query, limit, dateOfService), this.info);
    const y = yearInForce(this.info, dateOfService);
    if (y) for (const x of r.results) x.year = y.year;
    return { query, codeSet: y ? `${this.info.system} ${y.label}` : this.info.label, ...(y ? { codeYear: y.label } : {}), ...r };
  }

  /**
   * The year of this code set in force on a date of service (YYYY-MM-DD; default today):
   * { year, label, effectiveFrom, effectiveTo, outside } — outside: the date is in none of the
   * code set's years, and the nearest is given. null for a code set of one year.
   */
  yearFor(dateOfService = '') {
    checkDate(dateOfService);
    return yearInForce(this.info, dateOfService || new Date().toISOString().slice(0, 10));
  }

  /**
   * What changed in a year of a code set holding several (default: the newest):
   * { system, from, to, effective, counts, changes: [{ kind: 'added' | 'deleted' | 'retitled' |
   * 'became-header' | 'became-billable', code, billable, title, previousTitle?, replacedBy? }] }.
   */
  changes({ year = 0 } = {}) {
    if (!Number.isInteger(year) || year < 0) throw new MedcodeError('INVALID_ARGUMENT', 'year must be a year such as 2027');
    const r = parseJson(this._live().changes(year));
    delete r.ok;
    return r;
  }

  /**
   * Codes a note (one line or a whole note, up to MAX_NOTE_BYTES of UTF-8): the ICD-10-CM
   * codes to report in reporting order, each with evidence spans ([start, end) indexes into
   * `text`), why, the guideline rules applied and alternatives; what was not coded and why.
   * Option setting: 'outpatient' (default; uncertain diagnoses give their symptoms, IV.H) or
   * 'inpatient' (coded as if established, II.H). Nothing leaves the device; the text is never
   * put in an error.
   */
  suggest(text, { setting = 'outpatient', dateOfService = '' } = {}) {
    if (typeof text !== 'string') throw new MedcodeError('INVALID_ARGUMENT', 'text must be a string');
    if (setting !== 'outpatient' && setting !== 'inpatient') {
      throw new MedcodeError('INVALID_ARGUMENT', "setting must be 'outpatient' or 'inpatient'");
    }
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
      throw new MedcodeError('INVALID_UTF8', 'text contains an unpaired surrogate (not valid Unicode text)');
    }
    const bytes = encoder.encode(text).length;
    if (bytes > MAX_NOTE_BYTES) {
      throw new MedcodeError('INPUT_TOO_LONG', `the text is ${bytes} bytes; the limit is ${MAX_NOTE_BYTES}`);
    }
    checkDate(dateOfService);
    const r = parseJson(this._live().suggest(text, setting, dateOfService));
    const at = byteToIndex(text);
    const span = ([b, e]) => [at(b), at(e)];
    for (const c of r.codes) c.evidence = c.evidence.map(span);
    for (const n of r.notCoded) n.span = span(n.span);
    return r;
  }

  /**
   * Title, hierarchy, notes (with where each comes from), 7th characters, children; for
   * dated code sets (HCPCS) also addedDate, actionDate, terminationDate, terminated,
   * statusNote and attributes ({ key, label, value, meaning, source }). Option
   * dateOfService (YYYY-MM-DD): `billable` then says whether the code may be reported on that date.
   */
  lookup(code, { dateOfService = '' } = {}) {
    checkText('code', code, 64);
    checkDate(dateOfService);
    return parseJson(dateOfService ? this._live().lookupOn(code, dateOfService) : this._live().lookup(code));
  }

  /**
   * Why a code is (not) valid: status valid | header | needs-seventh | missing-placeholder |
   * invalid-seventh | deleted | unknown | malformed | terminated | not-yet-effective.
   * Option dateOfService (YYYY-MM-DD) for dated code sets (HCPCS add and termination dates).
   */
  validate(code, { dateOfService = '' } = {}) {
    checkText('code', code, 64);
    checkDate(dateOfService);
    return parseJson(dateOfService ? this._live().validateOn(code, dateOfService) : this._live().validate(code));
  }

  /**
   * Modifiers of the code set (HCPCS Level II: two characters): all of them, or those whose
   * code is `query` or whose description has every word of it (the last may be partial).
   * [{ code, title, shortTitle, addedDate, actionDate, terminationDate, terminated, action,
   *    actionMeaning, coverage, coverageMeaning, source }]; [] for a code set without modifiers.
   */
  modifiers(query = '', { dateOfService = '' } = {}) {
    checkText('query', query, 256);
    checkDate(dateOfService);
    return parseJson(this._live().modifiers(query, dateOfService)).modifiers;
  }

  /** Full code from a base and a 7th character, with placeholder X ("T36.0X1", "A" -> "T36.0X1A"). */
  buildSeventh(base, seventh) {
    checkText('base', base, 64);
    checkText('seventh', seventh, 4);
    return parseJson(this._live().buildSeventh(base, seventh)).code;
  }

  /** True once the code set has its Alphabetic Index and Tables (in its own file, or added by attachIndex). */
  get hasIndex() {
    return !!this._h && this._live().hasIndex();
  }

  /**
   * Adds the Alphabetic Index and Tables from their own file (codesets/NAME-index.mcs, imported
   * with this code set): its bytes are copied into wasm memory, checked and read. Throws
   * MedcodeError (INVALID_ARGUMENT: the file belongs to another code set, or the code set has
   * an Index already; BAD_CHECKSUM, CORRUPT, ...); the code set is then unchanged.
   */
  attachIndex(bytes) {
    const u8 = toBytes(bytes);
    return parseJson(this._live().attachIndex(u8)).books;
  }

  close() {
    this._h = release(this._h);
  }
}

export class Engine {
  /** @internal use createEngine */
  constructor(module) {
    this._m = module;
    registerEngine(this, module);
  }

  /**
   * Validates and loads a code-set file's bytes (copied into wasm memory). Option search:
   * false leaves out the search index and the Index (the claim checker reads neither): far
   * less memory; search and suggest then throw INVALID_ARGUMENT. Option gzipChecked: true when
   * the bytes were inflated by a gzip reader that checked the gzip CRC-32 of these same bytes
   * (DecompressionStream does): the file's own payload CRC is then not computed again (the
   * header CRC, sizes and every record are still checked). Default: true for an array exactly
   * as fetchCodeSetBytes returned it after inflating a .gz file, else false.
   */
  loadCodeSet(bytes, { search = true, gzipChecked: checked = gzipChecked(bytes) } = {}) {
    const u8 = toBytes(bytes);
    const { handle, info } = openHandle(this._m.WasmCodeSet, (h) => h.openParts(u8, !!search, !checked));
    return new CodeSet(handle, info);
  }

  /**
   * Runs a search and a lookup once on a code set of one code built in memory (a CPT set from a
   * one-line descriptor text of its own, nothing read or sent), then closes it: the engine's
   * code for them is compiled then (a browser compiles wasm functions on their first call, the
   * search's largest in ~0.1 s), not on the first real search. The compiled code is the
   * module's: another engine of the same compiled module (a Worker given the same
   * WebAssembly.Module) finds it compiled too. Returns the milliseconds it took; never throws.
   */
  warmUp() {
    const t0 = performance.now();
    try {
      const cs = this.loadCptDescriptors(WARM_UP_DESCRIPTORS, { name: 'warm-up', year: 2026, loaded: '2026-01-01' });
      try {
        cs.search('office visit', { limit: 10 });
        cs.lookup('99213');
      } finally {
        cs.close();
      }
    } catch { /* information only: the first real search compiles it then */ }
    return performance.now() - t0;
  }

  /**
   * Readies this engine's memory for a code set about to be opened, while its bytes are still
   * on their way: takes up to `bytes` of wasm memory and writes one byte in each page, a slice
   * at a time with a task between slices, until `until` (a promise: the file's bytes have
   * arrived) settles or it is all done; then gives the memory back to the allocator, where the
   * open's own allocations find it. The first write to a fresh page of wasm memory is a page
   * fault (~3 ms per MB on a loaded machine, a third of ICD-10-CM's open in a fresh Worker);
   * done here, it is paid while the Worker would otherwise wait. Nothing is read or kept, and
   * the heap does not grow beyond `bytes`; a caller sizes it below what the open needs.
   * Resolves to the bytes readied (0 when `until` had settled already); never rejects.
   */
  async prepareMemory(bytes, until) {
    const PAGE = 4096;
    const SLICE = 1 << 20;
    const want = Math.floor(Number(bytes) / PAGE) * PAGE;
    if (!(want > 0) || want > MAX_PREPARED_BYTES) return 0;
    let done = false;
    Promise.resolve(until).then(() => { done = true; }, () => { done = true; });
    await null;  // an `until` that has settled already ends it here
    if (done) return 0;
    const m = this._m;
    let at = 0;
    let p = 0;
    // A task between slices (not a timer: those are clamped), so that the message bringing the
    // bytes is handled as soon as it arrives.
    const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
    const nextTask = () => new Promise((resolve) => {
      if (!channel) {
        setTimeout(resolve, 0);
        return;
      }
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
    try {
      p = m._malloc(want);
      if (!p) return 0;
      while (at < want && !done) {
        const heap = m.HEAPU8;  // read again each slice: the memory may have grown meanwhile
        const end = Math.min(want, at + SLICE);
        for (let i = p + at; i < p + end; i += PAGE) heap[i] = 0;
        at = end;
        if (at < want) await nextTask();
      }
      return at;
    } catch {
      return at;  // information only: the open works without it
    } finally {
      if (p) m._free(p);
      if (channel) {
        channel.port1.close();
        channel.port2.close();
      }
    }
  }

  /**
   * Builds a CPT code set from a descriptor file the user has (CPT is © AMA; none ships
   * here): `file` is its text (a string) or its bytes (Uint8Array | ArrayBuffer, UTF-8),
   * one code per line, "99213<TAB>descriptor" or CSV, an optional header. Everything
   * happens in this engine's memory: nothing is stored or sent. Options: name (the file
   * name, shown as the source), year (else a year in the name, else this year's).
   * Returns a CodeSet (system "CPT") whose `report` says { lines, codes, skipped, header,
   * issues: [{ line, reason }], year, yearFrom, sha256, loaded, provenance }.
   */
  loadCptDescriptors(file, { name = '', year = 0, loaded = '' } = {}) {
    let u8;
    if (typeof file === 'string') {
      if (file.length > MAX_CPT_FILE_BYTES) {
        throw new MedcodeError('INPUT_TOO_LONG', `the file is larger than ${MAX_CPT_FILE_BYTES / 1048576} MB, the limit for a CPT descriptor file`);
      }
      checkText('file', file, MAX_CPT_FILE_BYTES);
      u8 = new TextEncoder().encode(file);
    } else {
      u8 = toBytes(file);
    }
    if (u8.byteLength > MAX_CPT_FILE_BYTES) {
      throw new MedcodeError('INPUT_TOO_LONG', `the file is ${u8.byteLength} bytes; a CPT descriptor file may be at most ${MAX_CPT_FILE_BYTES / 1048576} MB`);
    }
    checkText('name', String(name), 255);
    if (!Number.isInteger(year) || (year !== 0 && (year < 1990 || year > 2100))) {
      throw new MedcodeError('INVALID_ARGUMENT', 'year must be an integer from 1990 to 2100 (or 0: from the file name)');
    }
    const day = loaded || new Date().toISOString().slice(0, 10);
    checkDate(day);
    const { handle, info } = openHandle(this._m.WasmCodeSet, (h) => h.openCpt(u8, String(name), year, day));
    const { report, ...rest } = info;
    const cs = new CodeSet(handle, rest);
    cs.report = Object.freeze(report);
    return cs;
  }
}

/**
 * Instantiates the wasm module. Options: wasmBinary (bytes), wasmUrl (browser).
 * In Node the .wasm beside this module is read from disk.
 */
export async function createEngine(options = {}) {
  // An instantiation that fails through the hook below rejects here (the glue would wait forever).
  let failed;
  const failure = new Promise((resolve, reject) => { failed = reject; });
  let arg;
  if (options.wasmModule) {
    // Compiled already (worker.mjs compiles it while this module is still being fetched).
    const module = options.wasmModule;
    arg = {
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), failed);
        return {};
      },
    };
  } else {
    arg = await wasmModuleArg(options, new URL('./medcode-wasm.wasm', import.meta.url));
  }
  // The module is built for web and worker only (-sENVIRONMENT=web,worker): under Node
  // it gets its bytes through wasmBinary above and needs nothing else from the host.
  try {
    return new Engine(await Promise.race([createModule(arg), failure]));
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the WebAssembly engine: ${e && e.message ? e.message : e}`);
  }
}
