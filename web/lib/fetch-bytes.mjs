// A site file's bytes (a code set, the claim edits), inflated while it downloads. No wasm glue
// here: worker.mjs starts the download with this module before the engine's modules arrive.
// medcode.mjs exports fetchCodeSetBytes as part of the API.
import { MedcodeError } from './errors.mjs';

// The arrays fetchCodeSetBytes inflated itself: DecompressionStream checks the gzip member's
// CRC-32 and length of exactly these bytes (RFC 1952) and errors the stream when they differ,
// so Engine.loadCodeSet need not compute the file's own payload CRC over them again.
const gzipCheckedArrays = new WeakSet();

/**
 * True when `bytes` is an array fetchCodeSetBytes returned after inflating a .gz file itself
 * (its gzip CRC-32 checked); false for anything else, e.g. a body the HTTP layer decoded,
 * which is checked by nobody. The mark does not travel with the bytes to another thread.
 */
export function gzipChecked(bytes) {
  return typeof bytes === 'object' && bytes !== null && gzipCheckedArrays.has(bytes);
}

/**
 * Fetches a code-set file from the page's own origin. A ".gz" file that the server
 * did not decode is inflated here with DecompressionStream, while it downloads.
 */
export async function fetchCodeSetBytes(url, { fetchImpl = fetch } = {}) {
  const res = await fetchImpl(url);
  if (!res.ok) throw new MedcodeError('IO', `cannot fetch code set ${url}: HTTP ${res.status}`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  // The first bytes say whether it is gzip; they go back in front of the rest of the body.
  const reader = res.body.getReader();
  const head = [];
  let got = 0;
  while (got < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    got += value.byteLength;
  }
  const body = new ReadableStream({
    async pull(controller) {
      if (head.length) {
        controller.enqueue(head.shift());
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const first = head.length ? head[0] : new Uint8Array(0);
  const second = first.byteLength >= 2 ? first[1] : head.length > 1 ? head[1][0] : -1;
  const gzip = got >= 2 && first[0] === 0x1f && second === 0x8b;
  const stream = gzip ? body.pipeThrough(new DecompressionStream('gzip')) : body;
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  if (gzip) gzipCheckedArrays.add(bytes);
  return bytes;
}

/**
 * `res` with its body counted as it downloads: progress({ phase: 'download', loaded, total, ms })
 * at most every 50 ms (total: Content-Length, 0 if unknown). A response without a body, or not
 * ok, is returned as it is.
 */
export function countDownload(res, progress) {
  if (!res.ok || !res.body) return res;
  const total = Number(res.headers.get('Content-Length')) || 0;
  let loaded = 0;
  let last = 0;
  const t0 = performance.now();
  const counted = res.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      const t = performance.now();
      if (t - last > 50) {
        last = t;
        progress({ phase: 'download', loaded, total, ms: Math.round(t - t0) });
      }
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}
