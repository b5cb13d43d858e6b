// Search-quality benchmark: our engine vs the JS search libraries a web developer would reach for,
// on the same data (every ICD-10-CM FY2026 code and its long title) and the same queries, in one run.
//
//   node bench/quality/run.mjs [--site DIR] [--coder FILE] [--codeset FILE] [--codesets-dir DIR] [--out DIR]
//                              [--lay-terms FILE] [--lay-terms-dev FILE] [--lay-terms-blind FILE] [--lay-terms-blind-d FILE] [--lay-terms-blind-f FILE] [--fuse-per-set N] [--minisearch-per-set N] [--minisearch-seconds S]
//                              [--flexsearch-seconds S] [--no-fuse] [--no-native] [--quick | --full]
//   --quick: smaller sets (smoke test, ~1 min). --full: MiniSearch on every query, Fuse.js on 40 per set (30+ min).
//
// Prints a table (hit@1, hit@10, MRR over the top 10; latency p50/p99 per query) and writes
// OUT/results.json, the generated query sets (OUT/*.tsv, never committed: they are extracts of
// official data) and our engine's misses (OUT/misses-ours.tsv).
// Exit 0 whatever the numbers; non-zero on a real error: 2 for a missing file, an engine that fails to
// load or a bad lay-term code; 1 when a search throws (after printing the table).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as Q from './querysets.mjs';
import * as E from './engines.mjs';

const fail = (e) => {
  console.error(`[quality] ERROR: ${(e && e.stack) || e}`);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const T0 = performance.now();
const LOAD0 = os.loadavg();

// ---- options ------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
};
const flag = (name) => argv.includes(`--${name}`);
if (flag('help')) {
  console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(0, 12).join('\n'));
  process.exit(0);
}
const QUICK = flag('quick');
const FULL = flag('full');
const SITE = path.resolve(opt('site', path.join(ROOT, 'build/site')));
const CODER = path.resolve(opt('coder', path.join(ROOT, 'build/native/bin/coder')));
const CODESET = path.resolve(opt('codeset', path.join(ROOT, 'build/codesets/icd10cm-2027.mcs')));
const CODESETS_DIR = path.resolve(opt('codesets-dir', process.env.CODESETS_DIR || path.join(ROOT, '../shared/codesets')));
const OUT = path.resolve(opt('out', path.join(ROOT, 'build/bench/quality')));
const INDEX_XML = path.join(CODESETS_DIR, 'icd10cm/fy2023/icd10cm_index_2023.xml.gz');
const LAY_FILE = path.resolve(opt('lay-terms', path.join(HERE, 'lay-terms.tsv')));
// Set B: held out for one measurement, then used in tuning. Set C: blind, never used in tuning: the honest figure.
const DEV_FILE = path.resolve(opt('lay-terms-dev', path.join(HERE, 'lay-terms-dev.tsv')));
const BLIND_FILE = path.resolve(opt('lay-terms-blind', path.join(HERE, 'lay-terms-blind.tsv')));
// Set D: a second blind set, written after C by a fourth author (same rules), larger and never tuned on.
const BLIND_D_FILE = path.resolve(opt('lay-terms-blind-d', path.join(HERE, 'lay-terms-blind-d.tsv')));
const BLIND_F_FILE = path.resolve(opt('lay-terms-blind-f', path.join(HERE, 'lay-terms-blind-f.tsv')));
const SIZES = QUICK ? { index: 200, title: 100 } : { index: 1000, title: 500 };
// Slow libraries run on a prefix of each set's fixed shuffled order, taken round-robin across the sets,
// until a per-engine cap or time budget is reached (so the run stays under ~3 minutes on 2 cores;
// on a loaded machine n gets smaller, never the queries' content). n is printed for every row.
// MiniSearch (fuzzy + prefix on every term: 10-1000 ms per long query): at most MINI_N per set, MINI_BUDGET s.
const MINI_N = Number(opt('minisearch-per-set', QUICK ? 10 : FULL ? 1e9 : 150));
const MINI_BUDGET = Number(opt('minisearch-seconds', FULL ? 1e9 : QUICK ? 15 : 60));
// FlexSearch (fast, but 10-50 ms per long query with suggest): every query, within FLEX_BUDGET s per mode.
const FLEX_BUDGET = Number(opt('flexsearch-seconds', FULL ? 1e9 : QUICK ? 10 : 25));
// Fuse.js scans all 98k titles with bitap for every query (1-30 s each): in a worker thread beside the
// other engines, at most FUSE_N per set, stopped when the other engines are done (after >= 1 per set).
const FUSE_N = Number(opt('fuse-per-set', QUICK ? 2 : FULL ? 40 : 20));
const WITH_FUSE = !flag('no-fuse') && FUSE_N > 0;
const WITH_NATIVE = !flag('no-native');
for (const [k, v] of [['fuse-per-set', FUSE_N], ['minisearch-per-set', MINI_N], ['minisearch-seconds', MINI_BUDGET], ['flexsearch-seconds', FLEX_BUDGET]]) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${k}: not a whole number: ${v}`);
}

const log = (...a) => console.error('[quality]', ...a);
const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

// ---- data ---------------------------------------------------------------------------------
for (const f of [CODER, CODESET, INDEX_XML, LAY_FILE]) if (!fs.existsSync(f)) throw new Error(`missing ${f}`);
fs.mkdirSync(OUT, { recursive: true });
const exportTsv = execFileSync(CODER, ['--codeset', CODESET, 'export'], { encoding: 'utf8', maxBuffer: 256 << 20 });
const cs = Q.parseExport(exportTsv);
if (cs.codes.length < 90000) throw new Error(`coder export gave only ${cs.codes.length} codes`);
const docs = cs.codes.map((c, id) => ({ id, code: c.code, title: c.title }));
const billable = cs.codes.filter((c) => c.billable).length;
log(`code set: ${cs.codes.length} codes (${billable} billable) from ${CODESET}`);

// ---- query sets ---------------------------------------------------------------------------
const SETS = [];
const addSet = (id, label, gen, seed) => {
  const t = performance.now();
  const { queries, stats } = gen();
  if (!queries.length) throw new Error(`query set ${id} is empty`);
  // a fixed shuffled order; capped engines take its first N queries
  const order = Q.rng(seed).shuffle(queries.map((_, i) => i));
  SETS.push({ id, label, queries, stats, order });
  fs.writeFileSync(path.join(OUT, `${id}.tsv`), queries.map((x) => `${x.q}\t${x.expect.join(',')}`).join('\n') + '\n');
  log(`query set ${id}: ${queries.length} queries (${(performance.now() - t).toFixed(0)} ms)`);
};
addSet('index-paths', 'Alphabetic Index paths', () => Q.indexPathSet(INDEX_XML, cs, { n: SIZES.index, seed: 101 }), 1101);
addSet('typos', 'titles with typos', () => Q.typoSet(cs, { n: SIZES.title, seed: 202 }), 1202);
addSet('abbreviations', 'titles with abbreviations', () => Q.abbreviationSet(cs, { n: SIZES.title, seed: 303 }), 1303);
addSet('truncated', 'titles with words cut short ("unspec.")', () => Q.truncationSet(cs, { n: SIZES.title, seed: 505 }), 1252);
addSet('vowels', 'titles with vowels dropped ("fngr")', () => Q.vowelSet(cs, { n: SIZES.title, seed: 606 }), 1262);
addSet('reordered', 'reordered clauses', () => Q.reorderSet(cs, { n: SIZES.title, seed: 404 }), 1404);
addSet('lay-terms', 'lay terms A (used in tuning)', () => Q.layTermSet(LAY_FILE, cs), 1505);
addSet('lay-dev', 'lay terms B (used in tuning)', () => Q.layTermSet(DEV_FILE, cs), 1606);
addSet('lay-blind', 'lay terms C (blind, never tuned on)', () => Q.layTermSet(BLIND_FILE, cs), 1707);
addSet('lay-blind-d', 'lay terms D (blind, never tuned on)', () => Q.layTermSet(BLIND_D_FILE, cs), 1808);
addSet('lay-blind-f', 'lay terms F (blind: patient, shorthand, student; never tuned on)', () => Q.layTermSet(BLIND_F_FILE, cs), 1909);

/** (set, query) pairs: the first `cap` of each set's fixed order, interleaved round-robin across sets. */
function roundRobin(cap) {
  const lists = SETS.map((s) => s.order.slice(0, Math.min(cap, s.order.length)));
  const out = [];
  for (let r = 0; r < Math.max(...lists.map((l) => l.length)); r++) {
    for (let k = 0; k < SETS.length; k++) if (r < lists[k].length) out.push({ k, i: lists[k][r] });
  }
  return out;
}
const warmQueries = SETS.flatMap((s) => s.order.slice(0, 8).map((i) => s.queries[i].q));
const runs = []; // { engine, perSet: [{ idx: [...], results: [{ codes, ms, error }] }], wallMs }
function collectRun(engine, plan, results, wallMs, extra = {}) {
  const perSet = SETS.map(() => ({ idx: [], results: [] }));
  results.forEach((r, n) => { const { k, i } = plan[n]; perSet[k].idx.push(i); perSet[k].results.push(r); });
  const run = { engine, perSet, wallMs, ...extra };
  runs.push(run);
  return run;
}

// ---- engines ------------------------------------------------------------------------------
const ours = await E.oursWasm(SITE); // throws (exit 2) if the wasm engine cannot load
// Fuse.js next, in a worker, so it overlaps with everything else.
let fuseRun = null;
const fuseStop = new Int32Array(new SharedArrayBuffer(4));
if (WITH_FUSE) {
  const plan = roundRobin(FUSE_N);
  const t = performance.now();
  fuseRun = new Promise((resolve, reject) => {
    const w = new Worker(new URL('./fuse-worker.mjs', import.meta.url), {
      workerData: { docs, queries: plan.map(({ k, i }) => SETS[k].queries[i].q), warm: [warmQueries[0]], minQueries: SETS.length, stop: fuseStop },
    });
    w.once('message', (m) => resolve({ ...m, plan, wallMs: performance.now() - t }));
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`Fuse.js worker exited with code ${code}`)); });
  });
  fuseRun.catch(() => {}); // awaited (and thrown) below
}

function runEngine(engine, cap, budgetS) {
  for (const q of warmQueries) engine.search(q);
  const plan = roundRobin(cap);
  const results = [];
  const t = performance.now();
  const deadline = t + budgetS * 1000;
  for (const { k, i } of plan) {
    if (results.length >= SETS.length && performance.now() > deadline) break;
    const t0 = performance.now();
    try {
      const codes = engine.search(SETS[k].queries[i].q);
      results.push({ codes, ms: performance.now() - t0 });
    } catch (e) {
      results.push({ codes: [], ms: performance.now() - t0, error: String((e && e.message) || e) });
    }
  }
  const wallMs = performance.now() - t;
  const cut = results.length < plan.length ? ` (time budget ${budgetS} s reached; ${plan.length - results.length} not run)` : '';
  log(`${engine.id}: index ${engine.buildMs.toFixed(0)} ms, ${results.length} queries ${(wallMs / 1000).toFixed(1)} s${cut}`);
  return collectRun(engine, plan, results, wallMs, { planned: plan.length });
}

runEngine(ours, Infinity, 1e9);
for (const eng of await E.flexSearch(docs)) runEngine(eng, Infinity, FLEX_BUDGET);
runEngine(await E.miniSearch(docs), MINI_N, MINI_BUDGET);
Atomics.store(fuseStop, 0, 1); // Fuse.js: finish the query in hand (and at least one per set), then report

// Native CLI: same engine, one batch process for every query; latency is the batch mean (incl. start + load).
let nativeRun = null;
if (WITH_NATIVE) {
  const all = SETS.flatMap((s) => s.order.map((i) => s.queries[i].q));
  const { results, totalMs } = E.oursNativeBatch(CODER, CODESET, all);
  let k = 0;
  const perSet = SETS.map((s) => {
    const idx = s.order.slice();
    return { idx, results: idx.map(() => ({ codes: results[k++], ms: NaN })) };
  });
  const engine = { id: 'ours-native', label: 'medcode (native CLI --batch)', indexes: 'same .mcs', config: { cmd: 'coder search --batch --limit 10' }, buildMs: 0 };
  nativeRun = { engine, perSet, wallMs: totalMs, batchMeanMs: totalMs / all.length };
  runs.push(nativeRun);
  log(`ours-native: ${all.length} queries in one batch, ${(totalMs / 1000).toFixed(1)} s`);
}

if (fuseRun) {
  const m = await fuseRun;
  const run = collectRun({ id: m.id, label: m.label, indexes: m.indexes, config: m.config, buildMs: m.buildMs },
    m.plan, m.results, m.wallMs, { inWorker: true, planned: m.plan.length });
  log(`fuse: index ${m.buildMs.toFixed(0)} ms, ${m.results.length} of ${m.plan.length} planned queries in ${(m.wallMs / 1000).toFixed(1)} s (worker)`);
  if (run.perSet.some((p) => !p.idx.length)) throw new Error('Fuse.js worker returned no result for some query set');
}

// ---- metrics ------------------------------------------------------------------------------
function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
function score(set, idxs, resultsByIdx) {
  let h1 = 0, h10 = 0, rr = 0, errors = 0, empty = 0, h1p = 0, h10p = 0;
  const lat = [];
  for (const i of idxs) {
    const r = resultsByIdx.get(i);
    if (r.error) errors++;
    if (!r.codes.length) empty++;
    if (!Number.isNaN(r.ms)) lat.push(r.ms);
    const top = r.codes.slice(0, E.LIMIT);
    const rank = top.findIndex((c) => Q.isHit(c, set.queries[i].expect)) + 1;
    if (rank === 1) h1++;
    if (rank >= 1) { h10++; rr += 1 / rank; }
    const rankP = top.findIndex((c) => Q.isHit(c, set.queries[i].expect) || Q.isParentHit(c, set.queries[i].expect, cs)) + 1;
    if (rankP === 1) h1p++;
    if (rankP >= 1) h10p++;
  }
  lat.sort((a, b) => a - b);
  const n = idxs.length;
  return {
    n, hit1: h1 / n, hit10: h10 / n, mrr: rr / n, hit1ParentOk: h1p / n, hit10ParentOk: h10p / n, empty, errors,
    p50: pct(lat, 0.5), p99: pct(lat, 0.99), mean: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : NaN,
  };
}
const byIdx = (ps) => new Map(ps.idx.map((i, k) => [i, ps.results[k]]));
const rows = [];
for (const [k, s] of SETS.entries()) {
  for (const run of runs) {
    const ps = run.perSet[k];
    const m = score(s, ps.idx, byIdx(ps));
    if (run === nativeRun) { m.p50 = NaN; m.p99 = NaN; m.mean = run.batchMeanMs; }
    rows.push({ set: s.id, engine: run.engine.id, ...m });
  }
}
// Head to head: every engine but Fuse.js (too few queries) on exactly the same queries: per set, the
// longest prefix of the fixed order that all of them ran.
const h2h = [];
const h2hRuns = runs.filter((r) => !r.inWorker);
const h2hN = SETS.map((_, k) => Math.min(...h2hRuns.map((r) => r.perSet[k].idx.length)));
if (h2hRuns.some((r) => r.perSet.some((p, k) => p.idx.length !== SETS[k].queries.length))) {
  for (const [k, s] of SETS.entries()) {
    const idx = s.order.slice(0, h2hN[k]);
    for (const run of h2hRuns) {
      const m = score(s, idx, byIdx(run.perSet[k]));
      if (run === nativeRun) { m.p50 = NaN; m.p99 = NaN; m.mean = run.batchMeanMs; }
      h2h.push({ set: s.id, engine: run.engine.id, ...m });
    }
  }
}

// Cross-check: wasm and native are the same engine on the same file; their top 10 should agree.
let crossCheck = null;
if (nativeRun) {
  const oursRun = runs.find((r) => r.engine.id === 'ours-wasm');
  let same = 0, total = 0;
  const diffs = [];
  for (const [k, s] of SETS.entries()) {
    const w = byIdx(oursRun.perSet[k]);
    const n = byIdx(nativeRun.perSet[k]);
    for (const i of s.order) {
      total++;
      const a = w.get(i).codes.join(' '), b = n.get(i).codes.join(' ');
      if (a === b) same++;
      else if (diffs.length < 5) diffs.push({ set: s.id, q: s.queries[i].q, wasm: a, native: b });
    }
  }
  const mcsSame = Buffer.compare(fs.readFileSync(CODESET), ours.mcsBytes) === 0;
  crossCheck = { queries: total, identicalTop10: same, sameCodeSetFile: mcsSame, examples: diffs };
}

// ---- output -------------------------------------------------------------------------------
const engineLabel = Object.fromEntries(runs.map((r) => [r.engine.id, r.engine.label]));
const pctS = (x) => (x * 100).toFixed(1);
function table(rowsIn, title) {
  const lines = [title, '',
    '| query set | engine | n | hit@1 % | hit@10 % | MRR | hit@1 parent ok % | p50 ms | p99 ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|'];
  let prev = null;
  for (const r of rowsIn) {
    const set = r.set === prev ? '' : SETS.find((s) => s.id === r.set).label;
    prev = r.set;
    const lat = Number.isNaN(r.p50) ? `(batch mean ${fmtMs(r.mean)})` : fmtMs(r.p50);
    const p99 = Number.isNaN(r.p99) ? '' : fmtMs(r.p99);
    const errs = r.errors ? ` **${r.errors} errors**` : '';
    lines.push(`| ${set} | ${engineLabel[r.engine]}${errs} | ${r.n} | ${pctS(r.hit1)} | ${pctS(r.hit10)} | ${r.mrr.toFixed(3)} | ${pctS(r.hit1ParentOk)} | ${lat} | ${p99} |`);
  }
  return lines.join('\n');
}
const totalS = (performance.now() - T0) / 1000;
const out = [];
out.push(`== search quality: ICD-10-CM FY2026, ${cs.codes.length} codes (${billable} billable); ${os.cpus().length} cores, Node ${process.version} ==`);
out.push(`(load average at start ${LOAD0.map((x) => x.toFixed(1)).join(' ')}, at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}: latencies are only comparable within one run)`);
out.push('');
out.push('Documents: every code with its long title, from `coder export`. MiniSearch, FlexSearch and Fuse.js index the TITLES ONLY');
out.push('(what a web developer has without our pipeline: no Alphabetic Index, no inclusion terms, no synonyms or abbreviations).');
out.push('medcode searches its own code set (titles + index terms + whatever the importer adds).');
out.push(`Top ${E.LIMIT} results per query. hit@k: an expected code (or, for "X-" prefixes, any code under X) is in the top k;`);
out.push('MRR: mean of 1/rank of the first hit within the top 10 (0 if none). "hit@1 parent ok" also accepts, at rank 1, the header that is');
out.push('the direct parent of an expected code (F43.1 for F43.10). Latency: per query, after a warm-up, in this process.');
out.push('');
out.push('Query sets (deterministic, generated from the data at run time):');
for (const s of SETS) out.push(`  - ${s.label} [${s.id}]: ${s.queries.length} queries; ${JSON.stringify(s.stats)}`);
out.push('');
const miniRun = runs.find((r) => r.engine.id === 'minisearch');
const fuseR = runs.find((r) => r.inWorker);
const meanOf = (run) => { const l = run.perSet.flatMap((p) => p.results.map((x) => x.ms)); return l.reduce((a, b) => a + b, 0) / l.length; };
const ranDesc = (r) => (r ? `${r.perSet.reduce((a, p) => a + p.idx.length, 0)} of ${r.planned} planned, mean ${fmtMs(meanOf(r))} ms/query` : 'not run');
out.push('Subsampling: slow libraries run a prefix of each set\'s fixed shuffled order, round-robin across sets, within a time budget');
out.push(`(so n depends on machine speed, the queries do not). MiniSearch: ${ranDesc(miniRun)} (cap ${MINI_N >= 1e9 ? 'none' : MINI_N} per set, ${MINI_BUDGET >= 1e9 ? 'no budget' : `${MINI_BUDGET} s`});`);
out.push(`FlexSearch: ${runs.filter((r) => r.engine.id.startsWith('flexsearch')).map((r) => `${r.engine.id} ${ranDesc(r)}`).join('; ')} (${FLEX_BUDGET >= 1e9 ? 'no budget' : `${FLEX_BUDGET} s each`});`);
out.push(`Fuse.js: ${ranDesc(fuseR)}${fuseR ? ` (cap ${FUSE_N} per set; in a worker thread concurrently with the other engines; it bitap-scans all 98k titles per query)` : ''}.`);
if (h2h.length) out.push(`The "head to head" table scores every engine except Fuse.js on the same queries: per set the first ${h2hN.join(' / ')} of the fixed order.`);
out.push('');
out.push(table(rows, '### All queries each engine ran'));
if (h2h.length) { out.push(''); out.push(table(h2h, '### Head to head: the same queries for every engine except Fuse.js')); }
out.push('');
out.push('Index build (ms): ' + runs.filter((r) => r.engine.buildMs).map((r) => `${r.engine.id} ${r.engine.buildMs.toFixed(0)}`).join(', ') +
  '  (ours: engine start + code-set load)');
if (crossCheck) {
  out.push(`Cross-check wasm vs native CLI: identical top 10 for ${crossCheck.identicalTop10}/${crossCheck.queries} queries` +
    (crossCheck.sameCodeSetFile ? (crossCheck.identicalTop10 === crossCheck.queries ? '' : ' — WARNING: same .mcs file, so the wasm and native engines disagree')
      : ' — NOTE: build/site and build/codesets hold different .mcs files (run make site)'));
  for (const d of crossCheck.examples) out.push(`    differs [${d.set}] ${JSON.stringify(d.q)}: wasm ${d.wasm || '-'} | native ${d.native || '-'}`);
}
const errorsTotal = rows.reduce((a, r) => a + r.errors, 0);
out.push(`Total run time: ${totalS.toFixed(1)} s. Results: ${path.relative(process.cwd(), path.join(OUT, 'results.json')) || OUT}`);
console.log(out.join('\n'));

// our misses, for whoever tunes the engine
const oursRun = runs.find((r) => r.engine.id === 'ours-wasm');
const missLines = ['set\tquery\texpected\tfirst hit rank (0 = none in top 10)\ttop 3'];
for (const [k, s] of SETS.entries()) {
  const m = byIdx(oursRun.perSet[k]);
  for (const i of s.order) {
    const r = m.get(i);
    const rank = r.codes.findIndex((c) => Q.isHit(c, s.queries[i].expect)) + 1;
    if (rank !== 1) missLines.push(`${s.id}\t${s.queries[i].q}\t${s.queries[i].expect.join(',')}\t${rank}\t${r.codes.slice(0, 3).join(' ')}`);
  }
}
fs.writeFileSync(path.join(OUT, 'misses-ours.tsv'), missLines.join('\n') + '\n');

const json = {
  generatedAt: new Date().toISOString(),
  runSeconds: +totalS.toFixed(1),
  machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadavgStart: LOAD0, loadavgEnd: os.loadavg() },
  data: { codes: cs.codes.length, billable, codeSet: CODESET, site: SITE, indexXml: INDEX_XML, layTerms: LAY_FILE, layTermsDev: DEV_FILE, layTermsBlind: BLIND_FILE, layTermsBlindD: BLIND_D_FILE },
  competitorsIndex: 'long titles only (from coder export); no Alphabetic Index, inclusion terms or synonyms',
  limit: E.LIMIT,
  subsampling: { minisearchCapPerSet: MINI_N >= 1e9 ? null : MINI_N, minisearchBudgetS: MINI_BUDGET >= 1e9 ? null : MINI_BUDGET,
    flexsearchBudgetS: FLEX_BUDGET >= 1e9 ? null : FLEX_BUDGET, fuseCapPerSet: WITH_FUSE ? FUSE_N : 0, fuseInWorker: !!fuseRun, headToHeadPerSet: h2h.length ? h2hN : null },
  sets: SETS.map((s) => ({ id: s.id, label: s.label, n: s.queries.length, stats: s.stats, file: path.join(OUT, `${s.id}.tsv`) })),
  engines: runs.map((r) => ({ id: r.engine.id, label: r.engine.label, indexes: r.engine.indexes, config: r.engine.config,
    buildMs: +r.engine.buildMs.toFixed(1), queriesRun: r.perSet.reduce((a, p) => a + p.idx.length, 0), queriesPlanned: r.planned ?? null, queriesWallMs: +r.wallMs.toFixed(1) })),
  results: rows,
  headToHead: h2h,
  crossCheck,
};
fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(json, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');

if (errorsTotal) {
  console.error(`[quality] ERROR: ${errorsTotal} searches threw (see the table)`);
  process.exit(1);
}
