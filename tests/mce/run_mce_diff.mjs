#!/usr/bin/env node
// The MCE differential test: the same generated claims through `coder check --batch` and
// through CMS's MCE 2.0 software (../shared/tools/mce, a test oracle: never shipped), compared
// edit by edit for the edits both implement (mce_compare.mjs). Every disagreement is printed
// with the claim and both answers; exit 1 if there is any, or if an edit compared never fired
// (the claims would not test it). Skips (exit 0, "MEDCODE_MCE_SKIPPED") without java/javac,
// the MCE tool, the real code-set files or the built code sets.
//
//   node tests/mce/run_mce_diff.mjs --coder build/native/bin/coder [--codeset F] [--edits F]
//     [--mce-dir ../shared/tools/mce] [--mce-classes build/mce] [--count 3000] [--seed 1]
//     [--manifest codesets/manifest.json] [--codesets-dir $CODESETS_DIR] [--show 40] [--keep DIR]
//     [--sex-fy2024 N]   also N claims with a sex-specific code: the project's sex advisory (on a
//                        FY2026 date: it has no FY2024 code set) against MCE's sex conflict edit on
//                        2024-09-15 (its last year); figures only, never a failure
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findInputs, loadCodePools } from './mce_codes.mjs';
import { generateClaims, generateSexClaims, toProjectJson, toMceTsv, isoDate, FY2026, FY2025 } from './mce_claims_gen.mjs';
import { kComparedEdits, mceEdits, projectEdits, compareEdits } from './mce_compare.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = { coder: path.join(ROOT, 'build/native/bin/coder'), codeset: path.join(ROOT, 'build/codesets/icd10cm-2027.mcs'),
  edits: path.join(ROOT, 'build/codesets/edits-2026.mcs'), 'mce-dir': path.join(ROOT, '../shared/tools/mce'),
  'mce-classes': path.join(ROOT, 'build/mce'), manifest: path.join(ROOT, 'codesets/manifest.json'),
  'codesets-dir': path.join(ROOT, '../shared/codesets'), count: '3000', outside: '300', 'sex-fy2024': '0', seed: '1', show: '40', keep: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (!(k in args) || i + 1 >= process.argv.length) {
    console.error(`usage: run_mce_diff.mjs [--${Object.keys(args).join(' V] [--')} V]`);
    process.exit(2);
  }
  args[k] = process.argv[i + 1];
}

function skip(why) {
  console.log(`MEDCODE_MCE_SKIPPED: ${why}`);
  process.exit(0);
}
const have = (cmd) => spawnSync(cmd, ['-version'], { stdio: 'ignore' }).status === 0;
if (!have('java') || !have('javac')) skip('java and javac are needed (Debian: default-jdk-headless; scripts/setup.sh installs it)');
const mceSh = path.join(args['mce-dir'], 'mce.sh');
if (!fs.existsSync(mceSh)) skip(`the MCE tool is absent (${mceSh})`);
const inputs = findInputs(args.manifest, process.env.CODESETS_DIR || args['codesets-dir']);  // CODESETS_DIR wins, as for the fulldata tests
for (const k of ['order2026', 'order2027', 'mce']) {
  if (!inputs[k] || !fs.existsSync(inputs[k])) skip(`the real code-set file for ${k} is absent (${inputs[k] || 'not in the manifest'}; set CODESETS_DIR)`);
}
for (const f of [args.coder, args.codeset, args.edits]) if (!fs.existsSync(f)) skip(`${f} is absent (build it: make native codesets)`);

// Runs cmd with stdin text; resolves { out, err, code, ms }.
function run(cmd, argv, input, env) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [], err = [];
    p.stdout.on('data', (b) => out.push(b));
    p.stderr.on('data', (b) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => resolve({ out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8'), code, ms: Date.now() - t0 }));
    p.stdin.end(input);
  });
}

const t0 = Date.now();
const pools = loadCodePools(inputs);
// Compared: claims dated in FY2026, which both sides cover. Outside: claims dated in FY2025
// (MCE has its tables; the project has no FY2025 code set): where they disagree, the project
// must say that the date is outside its ICD-10-CM data.
const claims = generateClaims(pools, { seed: Number(args.seed), count: Number(args.count), window: FY2026, prefix: 'M' });
const outside = generateClaims(pools, { seed: Number(args.seed) + 1, count: Number(args.outside), window: FY2025, prefix: 'P' });
const tGen = Date.now() - t0;
for (const c of claims) {
  if (c.date < FY2026.from || c.date > FY2026.to) throw new Error(`claim ${c.id}: ${c.date} outside FY2026`);
}
const sexClaims = generateSexClaims(pools, { count: Number(args['sex-fy2024']) });
const both = [...claims, ...outside, ...sexClaims];
const ndjson = both.map((c) => toProjectJson(c.kind === 'sex-fy2024' ? { ...c, date: 20260115 } : c)).join('\n') + '\n';
const tsv = both.map(toMceTsv).join('\n') + '\n';
if (args.keep) {
  fs.mkdirSync(args.keep, { recursive: true });
  fs.writeFileSync(path.join(args.keep, 'claims.ndjson'), ndjson);
  fs.writeFileSync(path.join(args.keep, 'claims.tsv'), tsv);
}
// mce.sh compiles the harness into MCE_CLASSES when its class is absent: one older than the
// harness source is removed first, so it is compiled again.
fs.mkdirSync(args['mce-classes'], { recursive: true });
const harnessClass = path.join(args['mce-classes'], 'MceHarness.class'), harnessSrc = path.join(args['mce-dir'], 'harness/MceHarness.java');
if (fs.existsSync(harnessClass) && fs.existsSync(harnessSrc) && fs.statSync(harnessClass).mtimeMs < fs.statSync(harnessSrc).mtimeMs) {
  fs.rmSync(harnessClass);
}
const [proj, mce] = await Promise.all([
  run(args.coder, ['--codeset', args.codeset, 'check', '--batch', '--edits', args.edits, '--today', '2026-10-15'], ndjson),
  run('sh', [mceSh, '--batch'], tsv, { MCE_CLASSES: path.resolve(args['mce-classes']) }),
]);
if (mce.code !== 0) {
  console.error(`mce.sh failed (exit ${mce.code}):\n${mce.err.slice(0, 2000)}`);
  process.exit(1);
}
if (proj.code !== 0 && proj.code !== 1) {  // 1: some claim has an error finding
  console.error(`coder check failed (exit ${proj.code}):\n${proj.err.slice(0, 2000)}`);
  process.exit(1);
}

const byId = (text, what) => {
  const m = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line);
    const id = o.claim_id ?? o.id;
    if (m.has(id)) throw new Error(`${what}: claim ${id} answered twice`);
    m.set(id, o);
  }
  return m;
};
const projById = byId(proj.out, 'coder check'), mceById = byId(mce.out, 'MCE');

const fired = Object.fromEntries(kComparedEdits.map((e) => [e, { project: 0, mce: 0, agree: 0 }]));
const kinds = {};
const bad = [];
let problems = 0, excused = 0;
for (const c of claims) {
  const p = projById.get(c.id), m = mceById.get(c.id);
  if (!p || !m) {
    console.log(`claim ${c.id}: no answer from ${!p ? 'coder check' : 'MCE'}`);
    ++problems;
    continue;
  }
  if (m.error || m.edit_type === 'INVALID_DISCHARGE_DATE' || m.edit_type === 'NULL') {
    console.log(`claim ${c.id}: MCE did not edit it (${m.error || m.edit_type})`);
    ++problems;
    continue;
  }
  const pe = projectEdits(p), me = mceEdits(m);
  // By design: an age the project refuses (below 0) is not used for the age lists; MCE
  // reports INVALID_AGE and still compares it with them.
  if (p.findings.some((f) => f.kind === 'syntax' && f.path === 'patient.age')) {
    for (const x of [...me]) if (x.startsWith('AGE_CONFLICT ') && !pe.has(x)) me.delete(x), ++excused;
  }
  for (const x of pe) ++fired[x.split(' ')[0]].project;
  for (const x of me) {
    ++fired[x.split(' ')[0]].mce;
    if (pe.has(x)) ++fired[x.split(' ')[0]].agree;
  }
  kinds[c.kind] = kinds[c.kind] || { claims: 0, disagree: 0 };
  ++kinds[c.kind].claims;
  const d = compareEdits(pe, me);
  if (d.onlyProject.length || d.onlyMce.length) {
    ++kinds[c.kind].disagree;
    bad.push({ c, p, m, d });
  }
}

const show = Number(args.show);
for (const { c, p, m, d } of bad.slice(0, show)) {
  const who = c.birth ? `born ${isoDate(c.birth)} (age ${c.age})` : `age ${c.age}`;
  console.log(`\nDISAGREE ${c.id} (${c.kind}): ${isoDate(c.date)} ${who} sex ${c.sex} status ${c.status} pdx ${c.pdx} sdx ${c.sdx.map((x) => (x.trim() ? x : JSON.stringify(x))).join(',') || '-'}`);
  if (d.onlyProject.length) console.log(`  project only: ${d.onlyProject.join('; ')}`);
  if (d.onlyMce.length) console.log(`  MCE only:     ${d.onlyMce.join('; ')}`);
  const rel = new Set([...d.onlyProject, ...d.onlyMce].map((x) => x.split(' ')[1]).filter(Boolean));
  for (const f of p.findings) {
    if (f.kind === 'data-coverage' || (f.codes || []).every((x) => !rel.has(x.replace(/\./g, '')))) continue;
    console.log(`  project: ${f.kind}/${f.severity} [${(f.codes || []).join(',')}] ${f.rule}: ${f.message}`);
  }
  console.log(`  MCE: ${JSON.stringify({ claim_edits: m.claim_edits, dx: m.dx.map((x) => `${x.code}:${x.edits.join('+') || '-'}:${x.attributes.join('+')}`) })}`);
}
if (bad.length > show) console.log(`\n... and ${bad.length - show} more disagreeing claims (--show N to see more)`);

// The FY2025 claims: a disagreement is allowed only with the project's notice that the date
// is outside its ICD-10-CM data (and, for a diagnosis on an MCE list, outside its MCE data).
let outsideAgree = 0, outsideNoticed = 0, outsideSilent = 0;
for (const c of outside) {
  const p = projById.get(c.id), m = mceById.get(c.id);
  if (!p || !m || m.error) {
    console.log(`claim ${c.id}: no answer from ${!p ? 'coder check' : 'MCE'} ${m && m.error ? m.error : ''}`);
    ++problems;
    continue;
  }
  const d = compareEdits(projectEdits(p), mceEdits(m));
  if (!d.onlyProject.length && !d.onlyMce.length) {
    ++outsideAgree;
    continue;
  }
  const noticed = p.findings.some((f) => f.kind === 'data-coverage' && f.rule === 'data-range' && /ICD-10-CM/.test(f.source));
  if (noticed) ++outsideNoticed;
  else {
    ++outsideSilent;
    console.log(`\nSILENT ${c.id} (${c.kind}, ${isoDate(c.date)}): project only ${d.onlyProject.join('; ') || '-'}; MCE only ${d.onlyMce.join('; ') || '-'}, and no ICD-10-CM data-range notice`);
  }
}

// The side measure: codes the project's sex advisory names, and those MCE's FY2024 sex edit does.
if (sexClaims.length) {
  let agree = 0;
  const only = { project: new Map(), mce: new Map() };
  for (const c of sexClaims) {
    const p = projById.get(c.id), m = mceById.get(c.id);
    if (!p || !m || !m.dx) continue;
    const ps = new Set(p.findings.filter((f) => f.kind === 'sex').flatMap((f) => f.codes.map((x) => x.replace(/\./g, ''))));
    const ms = new Set(m.dx.filter((d) => d.edits.includes('SEX_CONFLICT')).map((d) => d.code));
    for (const x of ps) if (ms.has(x)) ++agree; else only.project.set(x.slice(0, 3), (only.project.get(x.slice(0, 3)) || 0) + 1);
    for (const x of ms) if (!ps.has(x)) only.mce.set(x.slice(0, 3), (only.mce.get(x.slice(0, 3)) || 0) + 1);
  }
  const list = (mp) => [...mp].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || '-';
  const sum = (mp) => [...mp.values()].reduce((a, b) => a + b, 0);
  console.log(`\nsex advisory vs MCE's FY2024 sex conflict edit (${sexClaims.length} claims; not compared): both ${agree}, ` +
    `MCE only ${sum(only.mce)} (${list(only.mce)}), project only ${sum(only.project)} (${list(only.project)})`);
}

console.log(`\nMCE differential: ${claims.length} claims (seed ${args.seed}), dates ${isoDate(FY2026.from)} to ${isoDate(FY2026.to)}`);
console.log('edit                  fired: project   MCE  both');
for (const e of kComparedEdits) {
  const f = fired[e];
  console.log(`  ${e.padEnd(22)} ${String(f.project).padStart(12)} ${String(f.mce).padStart(5)} ${String(f.agree).padStart(5)}`);
}
console.log(`by design, not counted: ${excused} MCE age conflicts of an age the project refuses (below 0)`);
console.log(`FY2025 dates (${outside.length} claims, MCE's FY2025 tables; the project has no FY2025 code set): ${outsideAgree} agree, ` +
  `${outsideNoticed} disagree with the project's data-range notice, ${outsideSilent} disagree silently`);
console.log('claims by kind (disagreeing): ' + Object.entries(kinds).map(([k, v]) => `${k} ${v.claims} (${v.disagree})`).join(', '));
console.log(`times: generate ${tGen} ms, coder check ${proj.ms} ms, MCE ${mce.ms} ms, total ${Date.now() - t0} ms`);

// An edit that never fired on the MCE side is not tested by these claims.
const unexercised = kComparedEdits.filter((e) => e !== 'SEX_CONFLICT' && fired[e].mce < 5);
if (unexercised.length) console.log(`FAIL: edits fired fewer than 5 times by MCE (the claims do not exercise them): ${unexercised.join(', ')}`);
const failed = bad.length || problems || unexercised.length || outsideSilent;
console.log(failed ? `FAIL: ${bad.length} claims disagree, ${outsideSilent} FY2025 claims disagree silently, ${problems} not compared`
  : 'OK: every FY2026 claim agrees on every edit compared; every FY2025 disagreement comes with a data-range notice');
process.exit(failed ? 1 : 0);
