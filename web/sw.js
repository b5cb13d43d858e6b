// medcode service worker: after one visit the page, the engine (wasm) and the code sets
// work with the network off. It only ever talks to this site: it caches the files that
// precache.json lists (written with their SHA-256 by scripts/site-manifest.mjs) and
// answers this site's GET requests from that cache. Nothing is sent anywhere.
//
// Two caches:
//   medcode-VERSION  the app (HTML, JS, CSS, wasm, index.json): one cache per site version.
//   medcode-data     the data files under their versioned names ("codesets/NAME.mcs.gz?v=HASH",
//                    precache.json's href): one name is always the same bytes, so the store is
//                    shared by versions (web/lib/file-cache.mjs writes to it too).
// Each file is downloaded once: on the first visit the page's Workers download the code sets
// before this worker is installed, and keep a copy in medcode-data; the install adopts that copy
// (checked against precache.json's SHA-256) instead of downloading the file again, and takes the
// app's files from the browser's HTTP cache (checked the same way) when they are there. Data
// files marked "lazy" (the claim edits) are not fetched on install: they are cached when the
// claim view first asks for them; so are the app files marked lazy (the in-page importer of
// the Updates view, lib/medcode-import-wasm.*), in the app cache.
//
// Updates: VERSION is stamped from precache.json. When the site changes, the browser
// installs the new worker beside the old one; unchanged files are copied from the old
// cache or kept in medcode-data (a code set is not downloaded twice), changed ones fetched
// and checked against their hash. The page offers "Reload to update"; until then the old
// version keeps serving, so a page never mixes two versions. On activation the old app cache
// is deleted and medcode-data keeps only the files the new version lists.

'use strict';

const VERSION = 'dev';
const PREFIX = 'medcode-';
const CACHE = PREFIX + VERSION;
const DATA_CACHE = 'medcode-data';  // the same name as DATA_CACHE in lib/file-cache.mjs
const MANIFEST_KEY = '__medcode-precache.json';
const PARALLEL = 4;

const scope = new URL(self.registration.scope);
const abs = (rel) => new URL(rel, scope).href;
const isVersionCache = (name) => name.startsWith(PREFIX) && name !== CACHE && name !== DATA_CACHE;

async function previousManifests() {
  const out = [];
  for (const name of await caches.keys()) {
    if (!isVersionCache(name)) continue;
    const cache = await caches.open(name);
    const res = await cache.match(abs(MANIFEST_KEY));
    if (res) out.push({ cache, files: new Map((await res.json()).files.map((f) => [f.url, f.integrity])) });
  }
  return out;
}

async function integrityOf(buf) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  let s = '';
  for (const b of d) s += String.fromCharCode(b);
  return `sha256-${btoa(s)}`;
}

// Entries of medcode-data checked against their listed SHA-256 since this worker started.
const verified = new Set();

/** The data file from medcode-data if it is there with the listed bytes; a wrong copy is dropped. */
async function storedData(file) {
  const data = await caches.open(DATA_CACHE);
  const key = abs(file.href);
  const hit = await data.match(key);
  if (!hit) return null;
  if (verified.has(key)) return hit;
  if (await integrityOf(await hit.clone().arrayBuffer()) === file.integrity) {
    verified.add(key);
    return hit;
  }
  await data.delete(key);
  return null;
}

/**
 * A listed file with the listed bytes: from the browser's HTTP cache when it has them (the
 * page loaded the file already; checked here, so an older copy there is not an error), else
 * from the server (integrity: the browser refuses any other bytes).
 */
async function fetchListed(url, integrity) {
  try {
    const r = await fetch(url, { cache: 'force-cache', credentials: 'same-origin' });
    if (r.ok && await integrityOf(await r.clone().arrayBuffer()) === integrity) return r;
  } catch { /* not cached, or the network failed: asked again below */ }
  const r = await fetch(url, { cache: 'reload', credentials: 'same-origin', integrity });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

async function precache(event) {
  const res = await fetch(abs(`precache.json?v=${encodeURIComponent(VERSION)}`), { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`precache.json: HTTP ${res.status}`);
  const manifest = await res.json();
  const routed = addRoutes(event, manifest);
  const cache = await caches.open(CACHE);
  const data = await caches.open(DATA_CACHE);
  const old = await previousManifests();
  const queue = manifest.files.slice();
  async function fromOld(file) {
    for (const o of old) {
      if (o.files.get(file.url) === file.integrity) {
        const hit = await o.cache.match(abs(file.url));
        if (hit) return hit;
      }
    }
    return null;
  }
  async function one(file) {
    if (file.href) {
      // A data file: kept in medcode-data under its versioned name.
      if (await storedData(file)) return;
      const copy = await fromOld(file);
      if (copy) {
        await data.put(abs(file.href), copy);
        return;
      }
      if (file.lazy) return;  // cached when first used
      await data.put(abs(file.href), await fetchListed(abs(file.href), file.integrity));
      verified.add(abs(file.href));
      return;
    }
    const url = abs(file.url);
    if (await cache.match(url)) return;
    const copy = await fromOld(file);
    if (!copy && file.lazy) return;  // an app file only one view uses (the in-page importer): cached when first used
    await cache.put(url, copy || await fetchListed(url, file.integrity));
  }
  async function lane() {
    while (queue.length) await one(queue.shift());
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  await routed;
  // Written last: a cache with its manifest is complete.
  await cache.put(abs(MANIFEST_KEY), new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } }));
}

// This version's files by path (precache.json), once installed.
let listed = null;
function listedFiles() {
  if (!listed) {
    listed = (async () => {
      const res = await (await caches.open(CACHE)).match(abs(MANIFEST_KEY));
      if (!res) throw new Error('not installed');
      return new Map((await res.json()).files.map((f) => [f.url, f]));
    })();
    listed.catch(() => { listed = null; });
  }
  return listed;
}

// The app's scripts, modules, style sheets and engine are answered by the browser from this
// version's cache without running this worker (the static routing API, where the browser has
// it): on a visit from the cache, the page's and its Workers' ~40 module requests no longer
// queue, one after another, on this worker's thread. Only the files this version has cached at
// install are routed, each by its exact path (no query); a file not in the cache goes to the
// network. The page itself, the code sets, the lazy files (cached when first used) and every
// other request keep the fetch handler below.
const ROUTED = /\.(?:m?js|css|wasm)$/;

async function addRoutes(event, manifest) {
  if (typeof event.addRoutes !== 'function' || typeof URLPattern !== 'function') return false;
  const paths = manifest.files.filter((f) => !f.href && !f.lazy && ROUTED.test(f.url)).map((f) => new URL(abs(f.url)).pathname);
  if (!paths.length) return false;
  try {
    await event.addRoutes(paths.map((pathname) => ({
      condition: { urlPattern: new URLPattern({ pathname, search: '' }), requestMethod: 'GET' },
      source: { cacheName: CACHE },
    })));
    return true;
  } catch {
    return false;  // routes are an optimization: without them the fetch handler answers
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache(event));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (isVersionCache(name)) await caches.delete(name);
    }
    // medcode-data keeps the files this version lists, nothing else (a replaced code set goes).
    const files = await listedFiles();
    const keep = new Set([...files.values()].filter((f) => f.href).map((f) => abs(f.href)));
    const data = await caches.open(DATA_CACHE);
    for (const req of await data.keys()) {
      if (!keep.has(req.url)) await data.delete(req);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.type === 'skip-waiting') {
    self.skipWaiting();
  } else if (msg.type === 'status' && event.ports && event.ports[0]) {
    const port = event.ports[0];
    (async () => {
      const cache = await caches.open(CACHE);
      const res = await cache.match(abs(MANIFEST_KEY));
      const manifest = res ? await res.json() : null;
      const data = await caches.open(DATA_CACHE);
      // What is on this device: every file but the lazy ones not used yet.
      const here = [];
      for (const f of manifest ? manifest.files : []) {
        if (!f.lazy || await (f.href ? data.match(abs(f.href)) : cache.match(abs(f.url)))) here.push(f);
      }
      port.postMessage({
        version: VERSION,
        complete: !!manifest,
        files: here.length,
        bytes: here.reduce((n, f) => n + f.bytes, 0),
        later: manifest ? manifest.files.length - here.length : 0,
      });
    })().catch((e) => port.postMessage({ version: VERSION, complete: false, error: String(e && e.message || e) }));
  }
});

/** A data file (its listed version, or its bare name): from medcode-data, else fetched and kept. */
async function dataResponse(event, file) {
  const hit = await storedData(file);
  if (hit) return hit;
  const url = abs(file.href);
  const r = await fetchListed(url, file.integrity);
  const copy = r.clone();
  event.waitUntil((async () => {
    await (await caches.open(DATA_CACHE)).put(url, copy);
    verified.add(url);
  })().catch(() => {}));
  return r;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  if (url.pathname.endsWith('/sw.js') || url.pathname.endsWith('/precache.json')) return;
  event.respondWith((async () => {
    let key = url.origin + url.pathname;
    if (key.endsWith('/')) key += 'index.html';
    const file = await listedFiles().then((m) => m.get(key.slice(scope.href.length)), () => null);
    if (file && file.href) {
      // Another version of the file than this site's (an old page's request): the network.
      if (url.search && url.search !== new URL(abs(file.href)).search) return fetch(req);
      try {
        return await dataResponse(event, file);
      } catch {
        return fetch(req);
      }
    }
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
    if (file && file.lazy) {
      // A lazy app file (the in-page importer), first used now: fetched, checked and kept.
      try {
        const r = await fetchListed(key, file.integrity);
        await cache.put(key, r.clone());
        return r;
      } catch {
        return fetch(req);
      }
    }
    return fetch(req);
  })());
});
