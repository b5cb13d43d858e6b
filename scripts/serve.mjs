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

export function createServer(root, { onRequest, onResponse, cacheControl } = {}) {
  root = path.resolve(root);
  const cache = new Map();  // path -> { mtime, gz }
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
      let body = fs.readFileSync(file);
      if (gzipIt) {
        const c = cache.get(file);
        if (c && c.mtime === st.mtimeMs) body = c.gz;
        else {
          const gz = zlib.gzipSync(body, { level: 9 });
          cache.set(file, { mtime: st.mtimeMs, gz });
          body = gz;
        }
        headers['Content-Encoding'] = 'gzip';
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
