// Claim pre-check benchmark in WebAssembly under Node: the batch the native bench wrote
// (6 lines, 4 diagnoses per claim), checked through the JS API (claims.mjs): NDJSON text to
// result objects (checkText), to packed results as the claim view's file check reads them
// (checkTextPacked), claim objects to result objects (checkBatch), one claim (check). Each figure is
// given by wall time and by the process's CPU time (user + system, all of Node's threads:
// garbage collection included), which stays meaningful on a machine other work shares.
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
const today = '2026-10-01';

// Runs f: { wall, cpu } in ms.
const timed = (f) => {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  f();
  const wall = performance.now() - w0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
};
const best = (runs) => ({ wall: Math.min(...runs.map((r) => r.wall)), cpu: Math.min(...runs.map((r) => r.cpu)) });
const rate = (n, ms) => Math.round(n / (ms / 1000));

// Warm up (the first call also builds the checker's per-diagnosis index).
t0 = performance.now();
let cut = 0;
for (let k = 0; k < 2000 && cut >= 0; k++) cut = text.indexOf('\n', cut + 1);
checker.checkText(cut > 0 ? text.slice(0, cut) : text, { format: 'ndjson', today, chunkSize: 2000 });
const tFirst = performance.now() - t0;
// ... and once through the whole batch, untimed: the engine's optimizing compile of the wasm
// runs in background threads, whose CPU time would otherwise count in the first runs below.
for (const step of checker.iterateText(text, { format: 'ndjson', today, chunkSize: 5000 })) if (step.done) break;

// NDJSON text in -> packed results (checkTextPacked), and what the claim view reads of them
// up front (web/claims.js checkFile: the totals, the table of finding kinds, the first 100
// claims with errors or warnings as objects): the page's file check. Run first, while the
// heap holds what the claim Worker holds (the text), not thousands of result objects.
let set;
const packedRuns = [];
for (let pass = 0; pass < 3 && checker.checkTextPacked; pass++) {  // (a site from before checkTextPacked: skipped)
  packedRuns.push(timed(() => {
    set = checker.checkTextPacked(text, { format: 'ndjson', today, chunkSize: 5000 });
    set.totals();
    set.tally({ exceptRule: 'data-range' });
    for (const i of set.flagged(100).indexes) set.get(i);
  }));
}
const packedBest = best(packedRuns);
// The same set, every result object built (e.g. the CSV download).
const allRuns = [];
for (let pass = 0; pass < 3 && set; pass++) allRuns.push(timed(() => set.toArray()));
const allBest = set ? best(allRuns) : null;

// NDJSON text in -> result objects out (checkText; the page's file drop until issue 14).
let results;
const textRuns = [];
for (let pass = 0; pass < 3; pass++) {
  textRuns.push(timed(() => { results = checker.checkText(text, { format: 'ndjson', today, chunkSize: 5000 }); }));
}
const textBest = best(textRuns);
const findings = results.reduce((n, r) => n + r.findings.length, 0);
const nResults = results.length;
results = null;  // not kept alive through the runs below (a large live heap slows every collection)

// Claim objects in -> result objects out (checkBatch: JSON.stringify + check + decode).
const objects = text.split('\n').filter(Boolean).slice(0, 20000).map((l) => JSON.parse(l));
const batchRuns = [];
for (let pass = 0; pass < 3; pass++) batchRuns.push(timed(() => checker.checkBatch(objects, { today, chunkSize: 5000 })));
const batchBest = best(batchRuns);

// One claim at a time (the form).
const singles = objects.slice(0, 2000);
t0 = performance.now();
for (const c of singles) checker.check(c, { today });
const tSingle = (performance.now() - t0) / singles.length;

const heap = engine._m.HEAP8 ? engine._m.HEAP8.buffer.byteLength : 0;
const mb = (n) => (n / 1048576).toFixed(1);
console.log(`wasm    claim checker: edit tables ${mb(checker.info.tableBytes)} MB (read in place in wasm memory), load ${tLoad.toFixed(0)} ms; first 2,000 claims ${tFirst.toFixed(0)} ms (builds the diagnosis index)`);
console.log(`wasm    NDJSON text -> results: ${rate(nResults, textBest.wall)} claims/s wall, ${rate(nResults, textBest.cpu)} by CPU time (${nResults} claims, best of 3, ${(findings / nResults).toFixed(2)} findings per claim)`);
if (set) console.log(`wasm    NDJSON text -> packed results, as the claim view reads them (checkTextPacked + totals, kind table, first 100 flagged claims): ${rate(set.length, packedBest.wall)} claims/s wall, ${rate(set.length, packedBest.cpu)} by CPU time (best of 3; ${(set.buffers().reduce((n, b) => n + b.byteLength, 0) / set.length).toFixed(0)} bytes per claim packed)`);
if (set) console.log(`wasm    ... then every result object of the set (toArray, e.g. the CSV download): ${(allBest.cpu * 1000 / set.length).toFixed(2)} us per claim by CPU time`);
console.log(`wasm    claim objects -> results (checkBatch): ${rate(objects.length, batchBest.wall)} claims/s wall, ${rate(objects.length, batchBest.cpu)} by CPU time (${objects.length} claims, best of 3)`);
console.log(`wasm    one claim at a time (check): ${(tSingle * 1000).toFixed(0)} us per claim`);
console.log(`wasm    memory: wasm heap ${mb(heap)} MB (code set + edit tables + work), process RSS ${mb(process.memoryUsage().rss)} MB`);
checker.close();
icd.close();
