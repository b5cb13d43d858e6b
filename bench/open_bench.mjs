// The ICD-10-CM open in wasm, sites side by side: each run a fresh Node process (a fresh
// module: the first open runs before V8 has optimized the code, in memory never touched),
// the sites taking turns run by run (the machine's load drifts). Prints, per site, the
// median CPU time (user + system, all of the process's threads) and wall time of the first
// open from the inflated bytes to the opened code set (and its user and system CPU and minor
// page faults: memory touched for the first time), and of a warm open (the same module
// again: the median of 5). Figures only; never fails on timing.
//   node bench/open_bench.mjs [--runs 9] [--lean] [--gzip-checked] SITE_DIR [SITE_DIR ...]
//   (--lean: the claim Worker's open, without the search index; --gzip-checked: the bytes opened
//   as the page's are, inflated by a gzip reader that checked their CRC-32 (zlib here), so the
//   file's payload CRC is not computed again: loadCodeSet's gzipChecked, which a site before
//   2026-12-06 ignores)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, site, lean, checked] = args;
  const api = await import(pathToFileURL(path.join(site, 'lib/medcode.mjs')).href);
  const bytes = new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(site, 'codesets/icd10cm-2027.mcs.gz'))));
  const engine = await api.createEngine();
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const options = { search: lean !== 'lean', ...(checked === 'gzip-checked' ? { gzipChecked: true } : {}) };
  const r0 = process.resourceUsage();
  let c0 = cpu();
  let t0 = performance.now();
  engine.loadCodeSet(bytes, options).close();
  const first = { cpu: cpu() - c0, wall: performance.now() - t0 };
  const r1 = process.resourceUsage();
  first.user = (r1.userCPUTime - r0.userCPUTime) / 1000;
  first.sys = (r1.systemCPUTime - r0.systemCPUTime) / 1000;
  first.faults = r1.minorPageFault - r0.minorPageFault;
  const warm = [];
  for (let i = 0; i < 5; i++) {
    c0 = cpu();
    t0 = performance.now();
    engine.loadCodeSet(bytes, options).close();
    warm.push({ cpu: cpu() - c0, wall: performance.now() - t0 });
  }
  const mid = (k) => warm.map((w) => w[k]).sort((a, b) => a - b)[2];
  process.stdout.write(JSON.stringify({ first, warm: { cpu: mid('cpu'), wall: mid('wall') } }));
  process.exit(0);
}

let runs = 9;
let lean = false;
let gzipChecked = false;
const sites = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--lean') lean = true;
  else if (args[i] === '--gzip-checked') gzipChecked = true;
  else sites.push(path.resolve(args[i]));
}
if (!sites.length) {
  console.log('usage: node bench/open_bench.mjs [--runs 9] [--lean] [--gzip-checked] SITE_DIR [SITE_DIR ...]');
  process.exit(0);
}
const self = fileURLToPath(import.meta.url);
const got = sites.map(() => []);
for (let r = 0; r < runs; r++) {
  sites.forEach((site, i) => {
    const out = spawnSync(process.execPath, [self, '--child', site, lean ? 'lean' : 'full', gzipChecked ? 'gzip-checked' : 'crc'], { encoding: 'utf8' });
    if (out.status === 0) got[i].push(JSON.parse(out.stdout));
    else process.stderr.write(`open bench: ${site}: ${out.stderr.slice(0, 300)}\n`);
  });
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const f = (x) => `${x.toFixed(0).padStart(5)} ms`;
console.log(`ICD-10-CM open in wasm${lean ? ' (without the search index)' : ''}${gzipChecked ? ' (gzipChecked)' : ''}, median of ${runs} fresh processes, sites taking turns`);
console.log(`  ${'site'.padEnd(44)} first CPU  first wall   warm CPU  warm wall   first user / sys, page faults`);
sites.forEach((site, i) => {
  const v = got[i];
  console.log(`  ${path.relative(process.cwd(), site).padEnd(44)} ${f(median(v.map((x) => x.first.cpu)))} ${f(median(v.map((x) => x.first.wall)))}` +
    `   ${f(median(v.map((x) => x.warm.cpu)))}  ${f(median(v.map((x) => x.warm.wall)))}` +
    `   ${median(v.map((x) => x.first.user)).toFixed(0)} / ${median(v.map((x) => x.first.sys)).toFixed(0)} ms, ${median(v.map((x) => x.first.faults))}`);
});
