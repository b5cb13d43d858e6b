// WebAssembly search benchmark under Node: the same queries as the native bench.
//   node bench/wasm_bench.mjs SITE_DIR QUERIES_FILE
import fs from 'node:fs';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';

const [site, queriesFile] = process.argv.slice(2);
const { createEngine } = await import(`${site}/lib/medcode.mjs`);
const gz = fs.readFileSync(`${site}/codesets/icd10cm-2027.mcs.gz`);

let t0 = performance.now();
const engine = await createEngine();
const tEngine = performance.now() - t0;
t0 = performance.now();
const bytes = zlib.gunzipSync(gz);
const tGunzip = performance.now() - t0;
const loads = [];
let cs;
for (let i = 0; i < 5; i++) {
  if (cs) cs.close();
  t0 = performance.now();
  cs = engine.loadCodeSet(bytes);
  loads.push(performance.now() - t0);
}
loads.sort((a, b) => a - b);

const queries = fs.readFileSync(queriesFile, 'utf8').split('\n').filter(Boolean);
for (let i = 0; i < 200; i++) cs.search(queries[i % queries.length], { limit: 20 });
const lat = [];
let hits = 0;
for (const q of queries) {
  t0 = performance.now();
  const r = cs.search(q, { limit: 20 });
  lat.push(performance.now() - t0);
  if (r.results.length) hits++;
}
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
const mean = lat.reduce((a, b) => a + b, 0) / lat.length;
console.log(`wasm    engine start (compile + instantiate): ${tEngine.toFixed(1)} ms`);
console.log(`wasm    code-set load (copy in + validate + checksum): median ${loads[2].toFixed(1)} ms (5 runs); gunzip ${tGunzip.toFixed(1)} ms`);
console.log(`wasm    search over ${lat.length} queries (${hits} with results): p50 ${pct(0.5).toFixed(3)} ms  p99 ${pct(0.99).toFixed(3)} ms  mean ${mean.toFixed(3)} ms  max ${lat[lat.length - 1].toFixed(3)} ms`);
console.log(`wasm    memory after load: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB RSS`);

// ICD-10-CM plus HCPCS Level II, as the page searches them with both systems on: each code set
// is searched (here one after the other in one thread; the page runs them in parallel workers).
const hcpcsGz = `${site}/codesets/hcpcs-2025q4.mcs.gz`;
if (fs.existsSync(hcpcsGz)) {
  const hc = engine.loadCodeSet(zlib.gunzipSync(fs.readFileSync(hcpcsGz)));
  for (let i = 0; i < 200; i++) hc.search(queries[i % queries.length], { limit: 20 });
  const both = [];
  let hcHits = 0;
  for (const q of queries) {
    t0 = performance.now();
    cs.search(q, { limit: 20 });
    const r = hc.search(q, { limit: 20 });
    both.push(performance.now() - t0);
    if (r.results.length) hcHits++;
  }
  both.sort((a, b) => a - b);
  const p = (x) => both[Math.min(both.length - 1, Math.floor(x * both.length))];
  console.log(`wasm    ICD-10-CM + HCPCS (both searched, one thread) over ${both.length} queries (${hcHits} with HCPCS results): p50 ${p(0.5).toFixed(3)} ms  p99 ${p(0.99).toFixed(3)} ms  max ${both[both.length - 1].toFixed(3)} ms`);
  hc.close();
} else {
  console.log(`wasm    ICD-10-CM + HCPCS: skipped (${hcpcsGz} not found)`);
}
