// The offline store of the site's versioned data files (code sets, claim edits), shared by the
// Workers that download them and the service worker (sw.js) that serves them offline, so that
// a first visit downloads each file once.
//
// A versioned name is "codesets/NAME.mcs.gz?v=HASH" (codesets/index.json's href: HASH is
// the start of the SHA-256 of the bytes as served), so one name is always the same bytes and
// the store needs no version of its own. A Worker that had to download such a file (the page
// is not yet controlled by the service worker: the first visit) keeps a copy here; the
// service worker adopts it, after checking it against precache.json's SHA-256, instead of
// downloading it a second time, and drops every entry the current site no longer lists.
// Only the service worker reads from the store (a page without it always asks the network).
//
// sw.js is a classic script and cannot import this module: it names the same cache
// (DATA_CACHE there); keep the two in step.
import { fetchCodeSetBytes, countDownload } from './fetch-bytes.mjs';
import { MedcodeError } from './errors.mjs';

export const DATA_CACHE = 'medcode-data';

/** True for a same-site URL with a version (?v=...): only those are kept. */
export function isVersioned(url) {
  try {
    return new URL(url, self.location.href).searchParams.has('v');
  } catch {
    return false;
  }
}

/**
 * fetchImpl(url), and for a versioned URL answered 200 a copy of the response put in the
 * store (unless it is there already). Returns { response, kept }: `kept` settles once the
 * copy is stored (or was not needed, or failed: keeping it is never an error of the caller).
 */
export async function fetchAndKeep(url, fetchImpl = fetch) {
  const response = await fetchImpl(url);
  if (!response.ok || !isVersioned(url) || typeof caches === 'undefined' || response.status !== 200) {
    return { response, kept: Promise.resolve(false) };
  }
  const copy = response.clone();
  const kept = (async () => {
    try {
      const cache = await caches.open(DATA_CACHE);
      if (await cache.match(url)) {
        if (copy.body) await copy.body.cancel();
        return false;
      }
      await cache.put(url, copy);
      return true;
    } catch {
      return false;  // storage full or unavailable: the page works, the service worker downloads it
    }
  })();
  return { response, kept };
}

/**
 * The bytes of a site data file a Worker needs when a view first asks (the claim edits, the
 * ICD-10-CM code set and its import state for a new year), inflated, with a copy kept for the
 * service worker (fetchAndKeep). `what` names the file in the error (a MedcodeError).
 */
export async function fetchSiteBytes(url, what) {
  try {
    return await fetchCodeSetBytes(url, { fetchImpl: async (u) => (await fetchAndKeep(u)).response });
  } catch (e) {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch the ${what} ${url}: ${e && e.message ? e.message : e}`);
  }
}

/**
 * A versioned site file the page downloads for one of its Workers (createWorkerCodeSet's
 * `download: 'page'`): asked for at once (or once `after`, a promise, has settled), inflated here
 * while it downloads, a copy kept for the service worker (fetchAndKeep). Returns { bytes, kept, at }: `bytes` the inflated file (rejects
 * as fetchCodeSetBytes does), `kept` settles once the copy is stored (or not needed, or failed),
 * `at` the moments (epoch ms) it was asked for (request), answered (response) and inflated (bytes).
 * onProgress gets { phase: 'download', loaded, total, ms }.
 */
export function downloadSiteFile(url, { onProgress, after } = {}) {
  const epoch = () => performance.timeOrigin + performance.now();
  const at = {};
  let kept = Promise.resolve(false);
  const bytes = Promise.resolve(after).then(() => {}, () => {}).then(() => {
    at.request = epoch();
    return fetchCodeSetBytes(url, {
      fetchImpl: async (u) => {
        const r = await fetchAndKeep(u, (v) => fetch(v, { credentials: 'same-origin', cache: 'no-cache' }));
        kept = r.kept;
        at.response = epoch();
        return onProgress ? countDownload(r.response, onProgress) : r.response;
      },
    });
  }).then((b) => {
    at.bytes = epoch();
    return b;
  });
  return { bytes, kept: bytes.then(() => kept, () => false), at };
}
