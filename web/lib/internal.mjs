// Module-private links between the API's classes (medcode.mjs registers, claims.mjs reads),
// so that no class reads another's private fields and neither module imports the other's
// internals. Not part of the public API.
import { parseReply } from './errors.mjs';

const engines = new WeakMap();   // Engine -> the wasm module
const codeSets = new WeakMap();  // CodeSet -> () => its live wasm handle (or null once closed)

export function registerEngine(engine, module) {
  engines.set(engine, module);
}

export function registerCodeSet(codeSet, handle) {
  codeSets.set(codeSet, handle);
}

/** The wasm module of an Engine from createEngine(), or null. */
export const moduleOf = (engine) => (engine && engines.get(engine)) || null;

/** The live wasm handle of a CodeSet (null once closed or if it is not one). */
export const handleOf = (codeSet) => {
  const get = codeSet && codeSets.get(codeSet);
  return get ? get() : null;
};

/**
 * A new wasm handle (`new Ctor()`) opened with open(handle), which returns a JSON reply:
 * { handle, info }. The handle is freed again if opening fails.
 */
export function openHandle(Ctor, open) {
  const handle = new Ctor();
  try {
    return { handle, info: parseReply(open(handle)) };
  } catch (e) {
    handle.delete();
    throw e;
  }
}

/** Closes and frees a wasm handle (if any); returns null, for `this._h = release(this._h)`. */
export function release(handle) {
  if (handle) {
    handle.close();
    handle.delete();
  }
  return null;
}
