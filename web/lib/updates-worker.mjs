// The importer of updates a clinic loads itself (updates.mjs) in a module Web Worker of its
// own, started only when the Updates view is opened: the importer's wasm module is never
// part of a first visit. The page talks to it through updates-client.mjs.
//
// Requests: load (starts the importer; nothing else) | compile (the user's files, added to
// the site's claim-edits file fetched from this origin) | recognise.
//
// The only network requests are the importer's own files and the site's claim-edits file.
// The user's files come by postMessage and are never sent anywhere.
import { fetchCodeSetBytes } from './medcode.mjs';
import { MedcodeError } from './errors.mjs';
import { createImporter } from './updates.mjs';
import { serve, sameOrigin } from './rpc-worker.mjs';

let importer = null;
let base = null;  // { url, bytes } of the site's claim-edits file

async function load(_ctx, { wasmUrl } = {}) {
  if (!importer) importer = await createImporter(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  return { ready: true };
}

async function baseBytes(url) {
  if (base && base.url === url) return base.bytes;
  let bytes;
  try {
    bytes = await fetchCodeSetBytes(sameOrigin(url));
  } catch (e) {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch the site's claim-edits file ${url}: ${e && e.message ? e.message : e}`);
  }
  base = { url, bytes };
  return bytes;
}

/**
 * files: [{ name, bytes }]; baseUrl: the site's claim-edits file (versioned name), or base:
 * the bytes of a claim-edits file the page holds (the updates loaded before, which already
 * hold the site's), so that a new load adds to the earlier ones.
 */
async function compile(ctx, files, { baseUrl, base, baseName, loadedOn } = {}) {
  if (!importer) throw new MedcodeError('INVALID_ARGUMENT', 'the importer is not loaded');
  ctx.progress({ phase: 'base' });
  const b = base || (baseUrl ? await baseBytes(baseUrl) : null);
  ctx.progress({ phase: 'compile' });
  const name = base ? baseName : baseUrl ? decodeURIComponent(new URL(baseUrl).pathname.split('/').pop()) : undefined;
  return importer.load(files, { base: b, baseName: name, loadedOn });
}

function recognise(_ctx, file) {
  if (!importer) throw new MedcodeError('INVALID_ARGUMENT', 'the importer is not loaded');
  return importer.recognise(file);
}

serve({ load, compile, recognise });
