// fetchCodeSetBytes (web/lib/fetch-bytes.mjs, exported by medcode.mjs): a file inflates while it
// downloads, whatever the chunks it arrives in (the gzip magic split over two chunks, one byte
// at a time, an empty body); a file that is not gzip comes back as sent; damaged gzip is an error.
//   MEDCODE_SITE=build/site node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const { fetchCodeSetBytes } = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);

const raw = Buffer.from(Array.from({ length: 50000 }, (_, i) => `MCS ${i} `).join(''));
const gz = zlib.gzipSync(raw);

/** A Response whose body arrives in chunks of the given sizes (then the rest in one). */
function chunked(buf, sizes) {
  return new Response(new ReadableStream({
    start(c) {
      let o = 0;
      for (const s of sizes) {
        c.enqueue(new Uint8Array(buf.subarray(o, o + s)));
        o += s;
      }
      if (o < buf.length) c.enqueue(new Uint8Array(buf.subarray(o)));
      c.close();
    },
  }));
}

const fetchAs = (res) => ({ fetchImpl: async () => res });

test('a gzip file inflates whatever chunks it arrives in', async () => {
  for (const sizes of [[], [1], [1, 1], [2], [3, 5, 7], Array(40).fill(1)]) {
    const got = await fetchCodeSetBytes('x', fetchAs(chunked(gz, sizes)));
    assert.ok(got instanceof Uint8Array);
    assert.equal(Buffer.compare(Buffer.from(got), raw), 0, `chunks ${JSON.stringify(sizes)}`);
  }
});

test('a file that is not gzip comes back as sent (also one byte, or none)', async () => {
  for (const sizes of [[], [1], [1, 1]]) {
    const got = await fetchCodeSetBytes('x', fetchAs(chunked(raw, sizes)));
    assert.equal(Buffer.compare(Buffer.from(got), raw), 0);
  }
  assert.deepEqual([...await fetchCodeSetBytes('x', fetchAs(new Response(new Uint8Array([0x1f]))))], [0x1f]);
  assert.equal((await fetchCodeSetBytes('x', fetchAs(new Response(new Uint8Array(0))))).length, 0);
});

test('damaged gzip and an HTTP error are errors', async () => {
  const bad = Buffer.from(gz);
  bad[3] = 0xff;  // reserved flag bits
  await assert.rejects(fetchCodeSetBytes('x', fetchAs(chunked(bad, [1]))));
  await assert.rejects(fetchCodeSetBytes('x', fetchAs(chunked(gz.subarray(0, gz.length - 20), [])))); // truncated
  await assert.rejects(fetchCodeSetBytes('x', fetchAs(new Response('no', { status: 404 }))), { code: 'IO' });
});

test('countDownload: the same bytes, with the download counted (the page and the Worker share it)', async () => {
  const { countDownload } = await import(pathToFileURL(path.join(SITE, 'lib/fetch-bytes.mjs')).href);
  const seen = [];
  const res = chunked(gz, Array(30).fill(1000));
  const slow = new Response(res.body.pipeThrough(new TransformStream({
    async transform(chunk, c) {
      await new Promise((r) => setTimeout(r, 3));  // chunks spread in time: the counter reports at most every 50 ms
      c.enqueue(chunk);
    },
  })), { headers: { 'Content-Length': String(gz.length) } });
  const got = await fetchCodeSetBytes('x', fetchAs(countDownload(slow, (p) => seen.push(p))));
  assert.equal(Buffer.compare(Buffer.from(got), raw), 0);
  assert.ok(seen.length >= 1, 'progress reported');
  for (const p of seen) {
    assert.equal(p.phase, 'download');
    assert.equal(p.total, gz.length);
    assert.ok(p.loaded > 0 && p.loaded <= gz.length);
  }
  assert.ok(seen.every((p, i) => i === 0 || p.loaded > seen[i - 1].loaded), 'loaded grows');
  // A failed response is returned as it is (its error is the caller's to report).
  const notFound = new Response('missing', { status: 404 });
  assert.equal(countDownload(notFound, () => assert.fail('no progress for a 404')), notFound);
});
