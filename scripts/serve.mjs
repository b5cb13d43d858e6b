// A small static server for the site (the demo, the e2e tests and the browser bench).
//   node scripts/serve.mjs SITE_DIR [PORT] [HOST]
// Serves only files below SITE_DIR, on 127.0.0.1 by default, with the strict
// Content-Security-Policy the page is written for, and gzip when the browser accepts it.
// Code-set files are pre-gzipped (*.mcs.gz) and served as bytes: the page inflates them.
// Every file has an ETag, so revalidation (Cache-Control: no-cache) costs a 304, not a download.
// createServer(root, { onRequest, onResponse }) calls onRequest({ method, url, headers, body }) for
// every request, with its full body (the privacy tests check that nothing typed is ever sent), and
// onResponse({ method, url, status, bytes }) when its response is sent (bytes: the body as sent,
// gzip included; the tests and the visit bench count what a visit costs at the server).
// cacheControl(relPath) may name another Cache-Control than "no-cache" for a file (a test of
// a server that forbids the browser's HTTP cache: "no-store").
// A file is gzipped (level 9, synchronously) the first time it is asked for, and the result kept
// for the process (every server it starts), as a static host keeps precompressed files;
// precompress(root) does them all beforehand: a bench's cold visit then does not wait for the
// server compressing the 1.8 MB wasm (160 ms, during which it answers nothing else).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; " +
  "style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.gz': 'application/octet-stream', '.mcs': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.mcs', '.txt']);

const gzipped = new Map();  // file path -> { mtime, size, gz }: for the process, all servers

/** The file's gzip (level 9), made once per version of the file. */
function gzipOf(file, st) {
  const c = gzipped.get(file);
  if (c && c.mtime === st.mtimeMs && c.size === st.size) return c.gz;
  const gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
  gzipped.set(file, { mtime: st.mtimeMs, size: st.size, gz });
  return gz;
}

/** Drops the kept gzips: the next request of each file compresses it again (a server just started). */
export function forgetCompressed() {
  gzipped.clear();
}

/** Gzips every file below root that a server would send gzipped (what a static host keeps precompressed). */
export function precompress(root) {
  const walk = (dir) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile() && COMPRESSIBLE.has(path.extname(p))) gzipOf(p, fs.statSync(p));
    }
  };
  walk(path.resolve(root));
}

export function createServer(root, { onRequest, onResponse, cacheControl } = {}) {
  root = path.resolve(root);
  const handle = (req, res) => {
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      const ext = path.extname(file);
      const gzipIt = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      // One ETag per representation: the gzipped body is not the same bytes as the file.
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}${gzipIt ? '-gz' : ''}"`;
      const headers = {
        'Content-Type': TYPES[ext] || 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': (cacheControl && cacheControl(rel)) || 'no-cache',
        Vary: 'Accept-Encoding',
        ETag: etag,
        'Last-Modified': st.mtime.toUTCString(),
      };
      const inm = req.headers['if-none-match'];
      if (inm && inm.split(/\s*,\s*/).some((t) => t.replace(/^W\//, '') === etag || t === '*')) {
        delete headers['Content-Type'];
        res.writeHead(304, headers).end();
        return;
      }
      let body;
      if (gzipIt) {
        body = gzipOf(file, st);
        headers['Content-Encoding'] = 'gzip';
      } else {
        body = fs.readFileSync(file);
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  };
  return http.createServer((req, res) => {
    if (onResponse) {
      let bytes = 0;
      const end = res.end;
      res.end = function countedEnd(chunk, ...rest) {
        if (chunk && typeof chunk !== 'function') bytes += Buffer.byteLength(chunk);
        return end.call(this, chunk, ...rest);
      };
      res.on('finish', () => {
        try {
          onResponse({ method: req.method, url: req.url, status: res.statusCode, bytes });
        } catch { /* a logger must not break the server */ }
      });
    }
    if (!onRequest) {
      handle(req, res);
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        onRequest({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      } catch { /* a logger must not break the server */ }
      handle(req, res);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root = 'build/site', port = '8080', host = '127.0.0.1'] = process.argv.slice(2);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}/index.html not found (run make site)`);
    process.exit(1);
  }
  createServer(root).listen(Number(port), host, () => console.log(`serving ${root} on http://localhost:${port}/`));
}
