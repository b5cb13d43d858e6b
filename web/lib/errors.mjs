// The errors of the medcode JS API, and the small helpers every module of web/lib shares.
// No import of the wasm glue: the page, the Worker clients and the component import this
// to know MedcodeError without loading the engine.

/** Stable error codes, in the order of the core's ErrorCode (wasm `errorCodeNames()`). */
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

/** The error code of a packed result's status word (1-based; 0 is success). */
export const errorCodeOf = (status) => ERROR_CODES[status - 1] || 'INTERNAL';

/** A JSON reply of the wasm layer: `{ ok: false, code, message }` becomes a MedcodeError. */
export function parseReply(text) {
  const j = JSON.parse(text);
  if (j.ok === false) throw new MedcodeError(j.code, j.message);
  delete j.ok;
  return j;
}

/** Bytes as a Uint8Array (from a Uint8Array, an ArrayBuffer or another view). */
export function toBytes(bytes, what = 'code-set bytes') {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new MedcodeError('INVALID_ARGUMENT', `${what} must be a Uint8Array or ArrayBuffer`);
}

/** An AbortError (a DOMException where there is one). */
export function abortError(message) {
  try {
    return new DOMException(message, 'AbortError');
  } catch {
    const e = new Error(message);
    e.name = 'AbortError';
    return e;
  }
}

/** True in Node (not in a page or a Worker): the wasm modules then read their .wasm from disk. */
function isNode() {
  return typeof process !== 'undefined' && !!(process.versions && process.versions.node) &&
    typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';
}

/**
 * The Emscripten module argument for a .wasm file: its bytes when given (options.wasmBinary)
 * or, in Node, read from disk beside the module; in a browser its URL (options.wasmUrl or
 * `url`). `url` is a URL object (new URL('./x.wasm', import.meta.url)).
 */
export async function wasmModuleArg(options, url) {
  if (options.wasmBinary) return { wasmBinary: toBytes(options.wasmBinary) };
  if (isNode()) {
    const fs = await import('node:fs');
    return { wasmBinary: fs.readFileSync(url) };
  }
  const href = options.wasmUrl || url.href;
  return { locateFile: () => href };
}
