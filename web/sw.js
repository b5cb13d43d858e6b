// medcode service worker: after one visit the page, the engine (wasm) and the code sets
// work with the network off. It only ever talks to this site: it caches the files that
// precache.json lists (written with their SHA-256 by scripts/site-manifest.mjs) and
// answers this site's GET requests from that cache. Nothing is sent anywhere.
//
// Updates: VERSION is stamped from precache.json. When the site changes, the browser
// installs the new worker beside the old one; unchanged files are copied from the old
// cache (a code set is not downloaded twice), changed ones fetched and checked against
// their hash. The page offers "Reload to update"; until then the old version keeps
// serving, so a page never mixes two versions.
'use strict';

const VERSION = 'dev';
const PREFIX = 'medcode-';
const CACHE = PREFIX + VERSION;
const MANIFEST_KEY = '__medcode-precache.json';
const PARALLEL = 4;

const scope = new URL(self.registration.scope);
const abs = (rel) => new URL(rel, scope).href;

async function previousManifests() {
  const out = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const res = await cache.match(abs(MANIFEST_KEY));
    if (res) out.push({ cache, files: new Map((await res.json()).files.map((f) => [f.url, f.integrity])) });
  }
  return out;
}

async function precache() {
  const res = await fetch(abs(`precache.json?v=${encodeURIComponent(VERSION)}`), { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new Error(`precache.json: HTTP ${res.status}`);
  const manifest = await res.json();
  const cache = await caches.open(CACHE);
  const old = await previousManifests();
  const queue = manifest.files.slice();
  async function one(file) {
    const url = abs(file.url);
    if (await cache.match(url)) return;
    for (const o of old) {
      if (o.files.get(file.url) === file.integrity) {
        const hit = await o.cache.match(url);
        if (hit) {
          await cache.put(url, hit);
          return;
        }
      }
    }
    // integrity: the browser refuses a response whose bytes are not the listed ones.
    const r = await fetch(url, { cache: 'no-cache', credentials: 'same-origin', integrity: file.integrity });
    if (!r.ok) throw new Error(`${file.url}: HTTP ${r.status}`);
    await cache.put(url, r);
  }
  async function lane() {
    while (queue.length) await one(queue.shift());
  }
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  // Written last: a cache with its manifest is complete.
  await cache.put(abs(MANIFEST_KEY), new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/json' } }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
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
      port.postMessage({
        version: VERSION,
        complete: !!manifest,
        files: manifest ? manifest.files.length : 0,
        bytes: manifest ? manifest.files.reduce((n, f) => n + f.bytes, 0) : 0,
      });
    })().catch((e) => port.postMessage({ version: VERSION, complete: false, error: String(e && e.message || e) }));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  if (url.pathname.endsWith('/sw.js') || url.pathname.endsWith('/precache.json')) return;
  event.respondWith((async () => {
    let key = url.origin + url.pathname;
    if (key.endsWith('/')) key += 'index.html';
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
    return fetch(req);
  })());
});
