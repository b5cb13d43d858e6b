// The engine's WebAssembly (medcode-wasm.wasm) fetched from this site and compiled, streaming
// while it downloads when the server says application/wasm. The page compiles it once
// (start.js) and posts the compiled WebAssembly.Module to each code-set Worker (a Module is
// cloned between same-origin agents, its compiled code shared); a Worker given none compiles
// it itself (worker.mjs). No wasm glue here: it is imported before the engine's modules arrive.
import { MedcodeError } from './errors.mjs';

/** Resolves to the compiled WebAssembly.Module of the engine at `url` (same origin). */
export async function compileEngineModule(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new MedcodeError('IO', `cannot fetch the engine ${url}: HTTP ${res.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(res.headers.get('Content-Type') || '')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}
