// Runs Fuse.js in a worker thread so its slow linear scans overlap with the other engines.
// workerData: { docs, queries: [q, ...], warm: [q, ...], minQueries, stop: Int32Array(SharedArrayBuffer) }
// Runs the queries in order; once stop[0] is set (the other engines are done) it stops after the
// query in hand, but never before minQueries. Posts { id, label, indexes, config, buildMs, results: [{ codes, ms, error }] }.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { fuse } from './engines.mjs';

const { docs, queries, warm, minQueries, stop } = workerData;
const engine = await fuse(docs);
for (const q of warm) engine.search(q);
const results = [];
for (const q of queries) {
  if (results.length >= minQueries && Atomics.load(stop, 0) === 1) break;
  const t0 = performance.now();
  try {
    const codes = engine.search(q);
    results.push({ codes, ms: performance.now() - t0 });
  } catch (e) {
    results.push({ codes: [], ms: performance.now() - t0, error: String((e && e.message) || e) });
  }
}
parentPort.postMessage({ id: engine.id, label: engine.label, indexes: engine.indexes, config: engine.config, buildMs: engine.buildMs, results });
