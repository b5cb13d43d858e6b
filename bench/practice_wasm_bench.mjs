// Practice benchmark in WebAssembly under Node: the time to grade a case through the JS API
// (practice.mjs), the way the page's Worker grades; the bank's coverage. Figures only.
//   node bench/practice_wasm_bench.mjs SITE_DIR
// The code sets are the site's newest ICD-10-CM and HCPCS files in codesets/index.json.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const site = path.resolve(process.argv[2] || 'build/site');
const { createEngine, loadPracticeCases } = await import(pathToFileURL(path.join(site, 'lib/medcode.mjs')).href);
const catalog = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
function codeSet(engine, system) {
  const e = catalog.filter((x) => x.system === system).sort((a, b) => (b.year || 0) - (a.year || 0))[0];
  if (!e) return null;
  const buf = fs.readFileSync(path.join(site, e.file));
  return engine.loadCodeSet(new Uint8Array(e.file.endsWith('.gz') ? zlib.gunzipSync(buf) : buf));
}

const engine = await createEngine();
const icd = codeSet(engine, 'ICD-10-CM');
const hcpcs = codeSet(engine, 'HCPCS');
const text = fs.readFileSync(path.join(site, 'practice/cases.json'), 'utf8');
let t0 = performance.now();
const practice = loadPracticeCases(engine, text, { icd, hcpcs });
const tLoad = performance.now() - t0;
const list = practice.list();

// Each case's key (from the grade of an empty answer), and a wrong answer: a sibling of the
// first key code (its last character changed) plus an extra code, for the partial-credit path.
const keys = new Map(list.map((c) => [c.id, practice.grade(c.id, []).key.map((k) => k.code.replace(' x', 'x'))]));
const wrong = (key) => [key[0].slice(0, -1) + (key[0].endsWith('1') ? '2' : '1'), ...key.slice(1), 'Z04.3'];

function timeAll(answerOf, passes = 5) {
  let best = Infinity;
  let full = 0;
  for (let p = 0; p < passes; p++) {
    full = 0;
    t0 = performance.now();
    for (const c of list) if (practice.grade(c.id, answerOf(keys.get(c.id))).score === 1) full++;
    best = Math.min(best, performance.now() - t0);
  }
  return { perCase: best / list.length, full };
}

const key = timeAll((k) => k);
const bad = timeAll(wrong);
// Each case on its own (its key), best of 5: the median and the slowest case.
const each = list.map((c) => {
  let best = Infinity;
  for (let p = 0; p < 5; p++) {
    t0 = performance.now();
    practice.grade(c.id, keys.get(c.id));
    best = Math.min(best, performance.now() - t0);
  }
  return { id: c.id, ms: best };
}).sort((a, b) => a.ms - b.ms);
const median = each[Math.floor(each.length / 2)].ms;
const slowest = each[each.length - 1];
t0 = performance.now();
const stats = practice.stats();
const tStats = performance.now() - t0;

const ms = (x) => x.toFixed(3);
console.log(`wasm    practice: ${list.length} cases read in ${tLoad.toFixed(1)} ms; coverage counted in ${tStats.toFixed(1)} ms`);
console.log(`wasm    grade a case (its key, through the JS API): ${ms(key.perCase)} ms per case (best of 5 over the bank; ${key.full} keys score 1; target <= 5 ms)`);
console.log(`wasm    grade a case (a sibling + an extra code): ${ms(bad.perCase)} ms per case (${bad.full} score 1)`);
console.log(`wasm    grade one case at a time (best of 5 each): median ${ms(median)} ms, slowest ${slowest.id} ${ms(slowest.ms)} ms`);
console.log(`wasm    coverage: ${stats.byChapter.filter((r) => r.chapter !== 'HCPCS').length} ICD-10-CM chapters + ${(stats.byChapter.find((r) => r.chapter === 'HCPCS') || { cases: 0 }).cases} HCPCS cases; ` +
  `levels ${stats.byLevel.map((r) => `${r.level}:${r.cases}`).join(' ')}; ${stats.bySetting.map((r) => `${r.setting} ${r.cases}`).join(', ')}; ` +
  `${stats.byGuideline.length} guideline sections cited`);
practice.close();
if (hcpcs) hcpcs.close();
icd.close();
