// Claim pre-check benchmark in WebAssembly under Node: the batch the native bench wrote
// (6 lines, 4 diagnoses per claim), checked through the JS API (claims.mjs).
//   node bench/claims_wasm_bench.mjs SITE_DIR CLAIMS.ndjson
import fs from 'node:fs';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';

const [site, file] = process.argv.slice(2);
const { createEngine } = await import(`${site}/lib/medcode.mjs`);
const { createClaimChecker } = await import(`${site}/lib/claims.mjs`);
const read = (name) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(`${site}/codesets/${name}`)));

const engine = await createEngine();
const icd = engine.loadCodeSet(read('icd10cm-2027.mcs.gz'));
const editsBytes = read('edits-2026.mcs.gz');
let t0 = performance.now();
const checker = createClaimChecker(engine, icd, editsBytes);
const tLoad = performance.now() - t0;
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n').filter(Boolean);
const today = '2026-10-01';

// Warm up (the first call also builds the checker's per-diagnosis index).
t0 = performance.now();
checker.checkText(lines.slice(0, 2000).join('\n'), { format: 'ndjson', today, chunkSize: 2000 });
const tFirst = performance.now() - t0;

// NDJSON text in -> result objects out (what the page's file drop does).
let best = Infinity, results;
for (let pass = 0; pass < 3; pass++) {
  t0 = performance.now();
  results = checker.checkText(text, { format: 'ndjson', today, chunkSize: 5000 });
  best = Math.min(best, performance.now() - t0);
}
const findings = results.reduce((n, r) => n + r.findings.length, 0);

// Claim objects in -> result objects out (checkBatch: JSON.stringify + check + decode).
const objects = lines.slice(0, 20000).map((l) => JSON.parse(l));
let bestBatch = Infinity;
for (let pass = 0; pass < 3; pass++) {
  t0 = performance.now();
  checker.checkBatch(objects, { today, chunkSize: 5000 });
  bestBatch = Math.min(bestBatch, performance.now() - t0);
}

// One claim at a time (the form).
const singles = objects.slice(0, 2000);
t0 = performance.now();
for (const c of singles) checker.check(c, { today });
const tSingle = (performance.now() - t0) / singles.length;

const heap = engine._m.HEAP8 ? engine._m.HEAP8.buffer.byteLength : 0;
const mb = (n) => (n / 1048576).toFixed(1);
console.log(`wasm    claim checker: edit tables ${mb(checker.info.tableBytes)} MB (read in place in wasm memory), load ${tLoad.toFixed(0)} ms; first 2,000 claims ${tFirst.toFixed(0)} ms (builds the diagnosis index)`);
console.log(`wasm    NDJSON text -> results: ${Math.round(results.length / (best / 1000))} claims/s (${results.length} claims, best of 3, ${(findings / results.length).toFixed(2)} findings per claim)`);
console.log(`wasm    claim objects -> results (checkBatch): ${Math.round(objects.length / (bestBatch / 1000))} claims/s (${objects.length} claims, best of 3)`);
console.log(`wasm    one claim at a time (check): ${(tSingle * 1000).toFixed(0)} us per claim`);
console.log(`wasm    memory: wasm heap ${mb(heap)} MB (code set + edit tables + work), process RSS ${mb(process.memoryUsage().rss)} MB`);
checker.close();
icd.close();
