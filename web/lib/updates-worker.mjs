// The importer of updates a clinic loads itself (updates.mjs) in a module Web Worker of its
// own, started only when the Updates view is opened: the importer's wasm module is never
// part of a first visit. The page talks to it through updates-client.mjs.
//
// Requests: load (starts the importer; nothing else) | compile (the user's files, added to
// the site's claim-edits file fetched from this origin; an ICD-10-CM order file compiled
// onto the ICD-10-CM code set) | recognise.
//
// An ICD-10-CM order file is compiled by the importer built with the ICD-10-CM year loader
// (medcode-import-icd-wasm, larger: started only then), onto the site's ICD-10-CM code set
// and its import state (NAME.import.mcs.gz, served under a versioned name, fetched only
// then), or onto a year loaded before (its bytes and import state, from the page).
//
// The only network requests are the importer's own files, the site's claim-edits file and,
// for an ICD-10-CM year, the site's ICD-10-CM code set and its import state. The user's
// files come by postMessage and are never sent anywhere.
import { MedcodeError } from './errors.mjs';
import { createImporter } from './updates.mjs';
import { serve, sameOrigin } from './rpc-worker.mjs';
import { fetchSiteBytes } from './file-cache.mjs';

let importer = null;
let base = null;  // { url, bytes } of the site's claim-edits file

async function load(_ctx, { wasmUrl } = {}) {
  if (!importer) importer = await createImporter(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  return { ready: true };
}

// A site file, kept for the service worker too (file-cache.mjs: each file downloaded once).
const siteFile = (url, what) => fetchSiteBytes(sameOrigin(url), `site's ${what}`);

async function baseBytes(url) {
  if (base && base.url === url) return base.bytes;
  const bytes = await siteFile(url, 'claim-edits file');
  base = { url, bytes };
  return bytes;
}

const fileName = (url) => decodeURIComponent(new URL(url).pathname.split('/').pop());

/**
 * An ICD-10-CM order file: onto `icd.base` (the bytes of a year loaded before, with
 * icd.baseState and icd.baseName) or the site's code set at icd.url with its import state at
 * icd.stateUrl (fetched now, not before).
 */
async function compileYear(ctx, file, icd, loadedOn) {
  if (!icd || (!icd.base && !(icd.url && icd.stateUrl))) {
    throw new MedcodeError('NOT_FOUND', `${file.name}: an ICD-10-CM order file is loaded onto the site's ICD-10-CM code set and its ` +
      'import state, and this site lists no import state for its ICD-10-CM file (codesets/index.json: importStateHref)');
  }
  ctx.progress({ phase: 'icd-importer' });
  // A module instance per load: its wasm memory (the load's peak, hundreds of MB on the real
  // files) never shrinks, so it is let go once the load is done.
  const icdImporter = await createImporter({ icd: true });
  try {
    return await compileYearWith(ctx, icdImporter, file, icd, loadedOn);
  } finally {
    icdImporter.close();
  }
}

async function compileYearWith(ctx, icdImporter, file, icd, loadedOn) {
  ctx.progress({ phase: 'icd-base' });
  let b, state, baseName, stateName;
  if (icd.base) {
    ({ base: b, baseState: state } = icd);
    baseName = icd.baseName || 'the ICD-10-CM year loaded before';
    stateName = `the import state of ${baseName}`;
  } else {
    [b, state] = await Promise.all([siteFile(icd.url, 'ICD-10-CM code set'), siteFile(icd.stateUrl, 'ICD-10-CM import state')]);
    // (the names of the files as written, without the site's .gz)
    baseName = fileName(icd.url).replace(/\.gz$/, '');
    stateName = fileName(icd.stateUrl).replace(/\.gz$/, '');
  }
  ctx.progress({ phase: 'compile' });
  const t = performance.now();
  const out = icdImporter.load([file], { base: b, baseName, baseState: state, baseStateName: stateName, outName: 'the ICD-10-CM year loaded in this browser', loadedOn });
  out.report.compileMs = Math.round(performance.now() - t);
  out.report.wasmMemoryBytes = icdImporter.memoryBytes;
  return out;
}

/**
 * files: [{ name, bytes }]; baseUrl: the site's claim-edits file (versioned name), or base:
 * the bytes of a claim-edits file the page holds (the updates loaded before, which already
 * hold the site's), so that a new load adds to the earlier ones.
 */
async function compile(ctx, files, { baseUrl, base, baseName, loadedOn, icd } = {}) {
  if (!importer) throw new MedcodeError('INVALID_ARGUMENT', 'the importer is not loaded');
  // One ICD-10-CM order file goes to the ICD-10-CM importer (several files with one among
  // them are refused by the importer, with the reason).
  if (Array.isArray(files) && files.length === 1 && files[0] && typeof files[0].name === 'string') {
    let kind = null;
    try {
      ({ kind } = importer.recognise(files[0]));
    } catch { /* not recognised: the load below says why */ }
    if (kind === 'icd10cm-order') return compileYear(ctx, files[0], icd, loadedOn);
  }
  ctx.progress({ phase: 'base' });
  const b = base || (baseUrl ? await baseBytes(baseUrl) : null);
  ctx.progress({ phase: 'compile' });
  const name = base ? baseName : baseUrl ? fileName(baseUrl) : undefined;
  return importer.load(files, { base: b, baseName: name, loadedOn });
}

function recognise(_ctx, file) {
  if (!importer) throw new MedcodeError('INVALID_ARGUMENT', 'the importer is not loaded');
  return importer.recognise(file);
}

serve({ load, compile, recognise });
