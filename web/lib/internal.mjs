// Module-private links between the API's classes (medcode.mjs registers, claims.mjs reads),
// so that no class reads another's private fields and neither module imports the other's
// internals. Not part of the public API.

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
