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

export const ERROR_CODES = Object.freeze([
  'IO', 'TRUNCATED', 'BAD_MAGIC', 'UNSUPPORTED_VERSION', 'BAD_CHECKSUM', 'CORRUPT', 'UNSUPPORTED_SECTION',
  'INVALID_UTF8', 'INPUT_TOO_LONG', 'INVALID_ARGUMENT', 'NOT_FOUND', 'INTERNAL',
]);

export class MedcodeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'MedcodeError';
    this.code = code;
  }
}

const MATCH_KINDS = ['', 'exact-code', 'code-prefix', 'words'];
const DOC_KINDS = ['', 'title', 'short-title', 'inclusion-term', 'index', 'index-see', 'table'];
const WORD_USES = ['', 'exact', 'prefix', 'corrected', 'expanded', 'unknown', 'code-filter'];
const MAX_QUERY_CHARS = 1024;
const decoder = new TextDecoder('utf-8');

function isNode() {
  return typeof process !== 'undefined' && !!(process.versions && process.versions.node) &&
    typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';
}

function parseJson(text) {
  const j = JSON.parse(text);
  if (j.ok === false) throw new MedcodeError(j.code, j.message);
  delete j.ok;
  return j;
}

function toBytes(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new MedcodeError('INVALID_ARGUMENT', 'code-set bytes must be a Uint8Array or ArrayBuffer');
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
    throw new MedcodeError(ERROR_CODES[status - 1] || 'INTERNAL', decoder.decode(buf.subarray(16)));
  }
  const total = dv.getUint32(4, true);
  const count = dv.getUint32(8, true);
  const wordCount = dv.getUint32(12, true);
  const HIT = 40;
  const WORD = 20;
  const blob = 16 + count * HIT + wordCount * WORD;
  const str = (p) => decoder.decode(buf.subarray(blob + dv.getUint32(p, true), blob + dv.getUint32(p, true) + dv.getUint32(p + 4, true)));
  const words = [];
  for (let i = 0; i < wordCount; i++) {
    const p = 16 + count * HIT + i * WORD;
    words.push({ text: str(p + 4), use: WORD_USES[dv.getUint8(p)] || 'exact', used: str(p + 12) });
  }
  const results = [];
  for (let i = 0; i < count; i++) {
    const p = 16 + i * HIT;
    const matched = dv.getUint32(p + 36, true);
    const kind = MATCH_KINDS[dv.getUint8(p + 8)] || 'words';
    const docKind = DOC_KINDS[dv.getUint8(p + 9)] || '';
    const whyText = str(p + 28);
    results.push({
      code: decoder.decode(buf.subarray(p + 12, p + 12 + dv.getUint8(p + 11))),
      title: str(p + 20),
      billable: dv.getUint8(p + 10) === 1,
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
  return { total, results, words, unknownWords };
}

export class CodeSet {
  /** @internal use Engine.loadCodeSet */
  constructor(handle, info) {
    this._h = handle;
    this.info = Object.freeze(info);
  }

  _live() {
    if (!this._h) throw new MedcodeError('INVALID_ARGUMENT', 'this code set was closed');
    return this._h;
  }

  /** Codes ("E11", "e11.6") or words (any order; the last word may be partial). */
  search(query, { limit = 20 } = {}) {
    checkText('query', query, MAX_QUERY_CHARS);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new MedcodeError('INVALID_ARGUMENT', 'limit must be an integer from 1 to 1000');
    }
    const r = decodeSearch(this._live().search(query, limit), this.info);
    return { query, codeSet: this.info.label, ...r };
  }

  /** Title, hierarchy, notes (with where each comes from), 7th characters, children. */
  lookup(code) {
    checkText('code', code, 64);
    return parseJson(this._live().lookup(code));
  }

  /** Why a code is (not) valid: status valid | header | needs-seventh | missing-placeholder | ... */
  validate(code) {
    checkText('code', code, 64);
    return parseJson(this._live().validate(code));
  }

  /** Full code from a base and a 7th character, with placeholder X ("T36.0X1", "A" -> "T36.0X1A"). */
  buildSeventh(base, seventh) {
    checkText('base', base, 64);
    checkText('seventh', seventh, 4);
    return parseJson(this._live().buildSeventh(base, seventh)).code;
  }

  close() {
    if (this._h) {
      this._h.close();
      this._h.delete();
      this._h = null;
    }
  }
}

export class Engine {
  /** @internal use createEngine */
  constructor(module) {
    this._m = module;
  }

  /** Validates and loads a code-set file's bytes (copied into wasm memory). */
  loadCodeSet(bytes) {
    const u8 = toBytes(bytes);
    const h = new this._m.WasmCodeSet();
    let info;
    try {
      info = parseJson(h.open(u8));
    } catch (e) {
      h.delete();
      throw e;
    }
    return new CodeSet(h, info);
  }
}

/**
 * Instantiates the wasm module. Options: wasmBinary (bytes), wasmUrl (browser).
 * In Node the .wasm beside this module is read from disk.
 */
export async function createEngine(options = {}) {
  const arg = {};
  if (options.wasmBinary) {
    arg.wasmBinary = toBytes(options.wasmBinary);
  } else if (isNode()) {
    const fs = await import('node:fs');
    arg.wasmBinary = fs.readFileSync(new URL('./medcode-wasm.wasm', import.meta.url));
  } else {
    const url = options.wasmUrl || new URL('./medcode-wasm.wasm', import.meta.url).href;
    arg.locateFile = () => url;
  }
  // The module is built for web and worker only (-sENVIRONMENT=web,worker): under Node
  // it gets its bytes through wasmBinary above and needs nothing else from the host.
  try {
    return new Engine(await createModule(arg));
  } catch (e) {
    throw new MedcodeError('INTERNAL', `cannot start the WebAssembly engine: ${e && e.message ? e.message : e}`);
  }
}

/**
 * Fetches a code-set file from the page's own origin. A ".gz" file that the server
 * did not decode is inflated here with DecompressionStream.
 */
export async function fetchCodeSetBytes(url, { fetchImpl = fetch } = {}) {
  const res = await fetchImpl(url);
  if (!res.ok) throw new MedcodeError('IO', `cannot fetch code set ${url}: HTTP ${res.status}`);
  let bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return bytes;
}
