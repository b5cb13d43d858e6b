// A new ICD-10-CM year loaded in wasm (the page's importer, lib/updates.mjs { icd: true }) on the
// real files: FY2026 built alone (the icd10cm-2027 entry of codesets/manifest.json without its
// FY2027 order file, as tests/core/test_icd10cm_year_fulldata.cpp builds it), then the shared
// FY2027 order file loaded onto it in wasm, as a clinic loads a new year in the page. Prints the
// importer modules' sizes (raw, gzip -9), the load time, the wasm memory after the load (it only
// grows: the load's peak), and the same load by `coder-import --load` (time, peak RSS) whose
// output it must equal byte for byte. Never fails on timing; exits non-zero only on an error or
// a byte difference.
//
//   node bench/icd_year_wasm_bench.mjs SITE_DIR [CODESETS_DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITE = path.resolve(process.argv[2] || path.join(ROOT, 'build/site'));
const DATA = path.resolve(process.argv[3] || process.env.CODESETS_DIR || path.join(ROOT, '../shared/codesets'));
const IMPORTER = path.join(ROOT, 'build/native/bin/coder-import');
const MB = (n) => `${(n / 1e6).toFixed(2)} MB`;

console.log('== a new ICD-10-CM year loaded in the page (wasm importer) ==');
for (const name of ['medcode-import-wasm', 'medcode-import-icd-wasm']) {
  const f = path.join(SITE, 'lib', `${name}.wasm`);
  if (!fs.existsSync(f)) continue;
  const raw = fs.readFileSync(f);
  const glue = fs.readFileSync(path.join(SITE, 'lib', `${name}.mjs`));
  console.log(`  ${`lib/${name}.wasm`.padEnd(32)} ${MB(raw.length)} (${MB(zlib.gzipSync(raw, { level: 9 }).length)} gzipped); ` +
    `glue .mjs ${(glue.length / 1e3).toFixed(0)} KB (${(zlib.gzipSync(glue, { level: 9 }).length / 1e3).toFixed(0)} KB gzipped)`);
}
const order27 = path.join(DATA, 'icd10cm/fy2027/icd10cm_order_2027.txt.xz');
if (!fs.existsSync(IMPORTER) || !fs.existsSync(order27)) {
  console.log(`  (skipped: needs ${path.relative(ROOT, IMPORTER)} and ${order27})`);
  process.exit(0);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-icdyear-bench-'));
try {
  // FY2026 alone: the manifest entry without the FY2027 order file; the project's inputs
  // ("project:" paths, below the manifest's folder) through links to codesets/.
  const proj = path.join(work, 'project');
  fs.mkdirSync(proj);
  for (const d of fs.readdirSync(path.join(ROOT, 'codesets'))) {
    if (d !== 'manifest.json') fs.symlinkSync(path.join(ROOT, 'codesets', d), path.join(proj, d));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'codesets/manifest.json'), 'utf8'));
  const entry = manifest.codesets.find((e) => e.id === 'icd10cm-2027');
  const older = { ...entry, id: 'icd10cm-2026-only', year: 2026, label: 'ICD-10-CM FY2026', effective_to: '2026-09-30',
    output: 'icd10cm-2026-only.mcs', index_output: 'icd10cm-2026-only-index.mcs', inputs: entry.inputs.slice(1) };
  delete older.years;
  fs.writeFileSync(path.join(proj, 'manifest.json'), JSON.stringify({ ...manifest, codesets: [older] }));
  execFileSync(IMPORTER, ['--manifest', path.join(proj, 'manifest.json'), '--codesets-dir', DATA, '--out', work], { stdio: 'pipe' });
  const order = path.join(work, 'icd10cm_order_2027.txt');
  fs.writeFileSync(order, execFileSync('xz', ['-dc', order27], { maxBuffer: 1 << 30 }));
  const base = fs.readFileSync(path.join(work, 'icd10cm-2026-only.mcs'));
  const state = fs.readFileSync(path.join(work, 'icd10cm-2026-only.import.mcs'));
  console.log(`  base: FY2026 alone ${MB(base.length)}, its import state ${MB(state.length)} (${MB(zlib.gzipSync(state, { level: 9 }).length)} gzipped); ` +
    `order file ${MB(fs.statSync(order).size)}`);

  const { createImporter } = await import(pathToFileURL(path.join(SITE, 'lib/updates.mjs')).href);
  let t = performance.now();
  const importer = await createImporter({ icd: true });
  const startMs = performance.now() - t;
  const startMem = importer.memoryBytes;
  const rss0 = process.memoryUsage().rss;
  t = performance.now();
  const out = importer.load([{ name: 'icd10cm_order_2027.txt', bytes: new Uint8Array(fs.readFileSync(order)) }], {
    base, baseName: 'icd10cm-2026-only.mcs', baseState: state, baseStateName: 'icd10cm-2026-only.import.mcs', outName: 'out.mcs', loadedOn: '2026-12-05',
  });
  const loadMs = performance.now() - t;
  const y = out.report.year;
  console.log(`  wasm: module started in ${startMs.toFixed(0)} ms (memory ${MB(startMem)}); FY2027 compiled onto FY2026 in ${(loadMs / 1000).toFixed(1)} s; ` +
    `wasm memory after the load (its peak) ${MB(importer.memoryBytes)}; Node RSS +${MB(process.memoryUsage().rss - rss0)}`);
  console.log(`  FY2027: ${y.codes} codes; ${y.added} added, ${y.deleted} deleted, ${y.retitled} retitled, ${y.became_headers} became headers, ` +
    `${y.new_without_own_notes} new without notes of their own; out ${MB(out.bytes.length)} (import state ${MB(out.importState.length)})`);
  importer.close();

  // The same load by the CLI: time and peak RSS (GNU time), and the bytes.
  const timeOut = path.join(work, 'time.txt');
  t = performance.now();
  execFileSync('/usr/bin/time', ['-v', '-o', timeOut, IMPORTER, '--load', order, '--base', path.join(work, 'icd10cm-2026-only.mcs'),
    '--loaded-on', '2026-12-05', '--out', path.join(work, 'out.mcs')], { stdio: 'pipe' });
  const cliMs = performance.now() - t;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeOut, 'utf8'));
  console.log(`  native coder-import --load: ${(cliMs / 1000).toFixed(1)} s, peak RSS ${rss ? MB(Number(rss[1]) * 1024) : '?'}`);
  const same = Buffer.from(out.bytes).equals(fs.readFileSync(path.join(work, 'out.mcs'))) &&
    Buffer.from(out.importState).equals(fs.readFileSync(path.join(work, 'out.import.mcs')));
  console.log(`  wasm output == coder-import --load output (code set and import state): ${same ? 'yes, byte for byte' : 'NO'}`);
  if (!same) process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
