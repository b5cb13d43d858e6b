// The importer of updates a clinic loads itself (lib/updates.mjs over medcode-import-wasm) in
// Node, against the assembled site:   MEDCODE_SITE=build/site node --test tests/js/
// The fixtures are tests/fixtures/user-load (NCCI layouts, invented values). The file it
// compiles is the one `coder-import --load` writes from the same files (byte for byte), and
// the claim checker of the main engine reads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = path.join(ROOT, 'tests/fixtures/user-load');
const IMPORTER = path.join(ROOT, 'build/native/bin/coder-import');
const file = (name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(FIX, name))) });
const NCCI = ['MCR_MUE_PractitionerServices_Eff_10-01-2026.csv', 'ccipra-v323r0-f1.txt', 'ccipra-v323r0-f2.txt', 'AOC_V2026Q4-F-MCR.txt'];

let updates, medcode, importer;

// What `coder-import ARGS --loaded-on 2026-12-05 --out OUT` writes; args(dir) gives ARGS (a
// temporary folder to put files in).
function importedByCli(args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-updates-'));
  try {
    execFileSync(IMPORTER, [...args(dir), '--loaded-on', '2026-12-05', '--out', path.join(dir, 'out.mcs')]);
    return fs.readFileSync(path.join(dir, 'out.mcs'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

before(async () => {
  updates = await import(pathToFileURL(path.join(SITE, 'lib/updates.mjs')).href);
  medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  importer = await updates.createImporter();
});

after(() => importer && importer.close());

test('recognises each NCCI file by its content', () => {
  assert.deepEqual(importer.recognise(file('ccioph-v323r0-f1.txt')),
    { kind: 'ptp', setting: 'outpatient-hospital', what: 'NCCI PTP edits, text part file, outpatient-hospital' });
  const renamed = { ...file('MCR_MUE_PractitionerServices_Eff_10-01-2026.csv'), name: 'mue.bin' };
  assert.equal(importer.recognise(renamed).kind, 'mue');
  assert.equal(importer.recognise(file('AOC_V2026Q4-F-MCR.txt')).kind, 'aoc');
});

test('a file it does not know, or a damaged workbook, is refused with the file name and the problem', () => {
  assert.throws(() => importer.load([file('not-a-cms-file.txt')]),
    (e) => e.name === 'MedcodeError' && e.code === 'CORRUPT' && /^not-a-cms-file\.txt: not a file this loader knows/.test(e.message));
  const damaged = { name: 'HCPC2026_JAN_ANWEB.xlsx', bytes: new Uint8Array(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.xlsx'))).slice(0, 3000) };
  assert.throws(() => importer.load([damaged]), /HCPC2026_JAN_ANWEB\.xlsx: a zip archive that is not a readable workbook \(xlsx: not a zip archive/);
  assert.throws(() => importer.load([file('ccipra-v323r0-f1.txt'), file('ccipra-v330r0-f1.txt')]), /ccipra-v330r0-f1\.txt: a PTP part file of release 2027Q1/);
  assert.throws(() => importer.load([]), /at least one file/);
});

test('compiles the NCCI files into the file coder-import --load writes, byte for byte', (t) => {
  const out = importer.load(NCCI.map(file), { loadedOn: '2026-12-05' });
  assert.equal(out.system, 'CLAIM-EDITS');
  assert.equal(out.report.effective_from, '2026-10-01');
  assert.equal(out.report.files.length, 4);
  const ptp = out.report.datasets.find((d) => d.kind === 'ptp');
  assert.equal(ptp.counts.part_files, 2);
  assert.equal(ptp.counts.rows, 6);
  if (!fs.existsSync(IMPORTER)) return t.skip('build/native/bin/coder-import is not built');
  const args = NCCI.flatMap((n) => ['--load', path.join(FIX, n)]);
  assert.deepEqual(Buffer.from(out.bytes), importedByCli(() => args));
});

test("added to the site's claim edits: the checker picks the edition in force on each date", async () => {
  const edits = fs.readdirSync(path.join(SITE, 'codesets')).find((f) => /^edits-.*\.mcs\.gz$/.test(f));
  const base = new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets', edits))));
  const out = importer.load([file('MCR_MUE_PractitionerServices_Eff_10-01-2026.csv')], { base, loadedOn: '2026-12-05' });
  const claims = await import(pathToFileURL(path.join(SITE, 'lib/claims.mjs')).href);
  const engine = await medcode.createEngine();
  const icd = engine.loadCodeSet(new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets/icd10cm-2027.mcs.gz')))));
  const checker = claims.createClaimChecker(engine, icd, out.bytes);
  try {
    const mue = checker.info.datasets.filter((d) => d.kind === 'mue' && d.setting === 'practitioner').map((d) => d.version).sort();
    assert.deepEqual(mue, ['2026Q2', '2026Q4']);
    const claim = (dos) => ({
      claim_id: dos, patient: { birth_date: '1960-03-15', sex: 'F' }, date_of_service: dos, place_of_service: '11',
      billing_npi: '1234567893', diagnoses: ['M17.11'], lines: [{ code: '20610', units: 2, dx_pointers: ['A'] }],
    });
    const nov = checker.check(claim('2026-11-02'), { today: '2026-12-15' });
    assert.ok(nov.findings.some((f) => f.kind === 'mue' && /2026Q4/.test(f.source)), 'November: the loaded quarter');
    assert.ok(!nov.findings.some((f) => f.kind === 'data-coverage' && /MUE/.test(f.source)), 'no MUE coverage notice in November');
    const may = checker.check(claim('2026-05-15'), { today: '2026-12-15' });
    assert.ok(!may.findings.some((f) => f.kind === 'mue' && /2026Q4/.test(f.source)), 'May: the shipped edition');
  } finally {
    checker.close();
    icd.close();
  }
});

test('compiles the HCPCS workbook in wasm into the code set coder-import --load writes, byte for byte', async (t) => {
  const xlsx = { name: 'HCPC2026_JAN_ANWEB_v2.xlsx', bytes: new Uint8Array(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.xlsx'))) };
  assert.deepEqual(importer.recognise(xlsx), { kind: 'hcpcs', setting: '', what: 'HCPCS Level II alpha-numeric file (xlsx)' });
  const out = importer.load([xlsx], { loadedOn: '2026-12-05' });
  assert.equal(out.system, 'HCPCS');
  assert.equal(out.report.label, 'HCPCS Level II 2026Q1 (user-loaded)');
  assert.equal(out.report.effective_from, '2026-01-01');
  assert.equal(out.report.counts.codes, 10);
  assert.equal(out.report.counts.modifiers, 4);
  const engine = await medcode.createEngine();
  const cs = engine.loadCodeSet(out.bytes);
  try {
    assert.match(cs.lookup('E0100').title, /^Test cane/);
  } finally {
    cs.close();
  }
  // An HCPCS file is a code set of its own: it is not added to a claim-edits file.
  assert.throws(() => importer.load([xlsx], { base: out.bytes }), /an HCPCS file makes a code set of its own/);
  if (!fs.existsSync(IMPORTER)) return t.skip('build/native/bin/coder-import is not built');
  assert.deepEqual(Buffer.from(out.bytes), importedByCli((dir) => {
    fs.writeFileSync(path.join(dir, xlsx.name), xlsx.bytes);
    return ['--load', path.join(dir, xlsx.name)];
  }));
});

test('compiles the HCPCS fixed-width text in wasm into the code set coder-import --load writes; a damaged one is refused with its line', async (t) => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, 'tests/fixtures/hcpcs/HCPC_fixture.txt')));
  const txt = { name: 'HCPC2026_JAN_ANWEB_v2.txt', bytes };
  assert.deepEqual(importer.recognise({ ...txt, name: 'codes.dat' }),
    { kind: 'hcpcs-txt', setting: '', what: 'HCPCS Level II alpha-numeric file (fixed-width text)' });
  const out = importer.load([txt], { loadedOn: '2026-12-05' });
  assert.equal(out.system, 'HCPCS');
  assert.equal(out.report.label, 'HCPCS Level II 2026Q1 (user-loaded)');
  assert.equal(out.report.effective_from, '2026-01-01');
  assert.equal(out.report.files[0].kind, 'hcpcs-txt');
  assert.equal(out.report.counts.codes, 10);
  assert.equal(out.report.counts.modifiers, 4);
  assert.equal(out.report.counts['continuation lines joined'], 2);
  const engine = await medcode.createEngine();
  const cs = engine.loadCodeSet(out.bytes);
  try {
    assert.equal(cs.lookup('A4253').title, 'Test blood glucose test or reagent strips for home blood glucose monitor, per 50 strips');
  } finally {
    cs.close();
  }
  // Damaged: cut short in its last record; a continuation line without its first line.
  assert.throws(() => importer.load([{ ...txt, bytes: bytes.slice(0, 5000) }]),
    (e) => e.name === 'MedcodeError' && e.code === 'CORRUPT' &&
      e.message === 'HCPC2026_JAN_ANWEB_v2.txt: line 17: the last record is cut short (77 characters of 320): the file is truncated');
  const lines = Buffer.from(bytes).toString('latin1').split('\r\n');
  lines.splice(5, 1);
  assert.throws(() => importer.load([{ ...txt, bytes: new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1')) }]),
    /HCPC2026_JAN_ANWEB_v2\.txt: line 6: a continuation line \(RECID 4\) of 'A4253' without the first line of its procedure/);
  if (!fs.existsSync(IMPORTER)) return t.skip('build/native/bin/coder-import is not built');
  assert.deepEqual(Buffer.from(out.bytes), importedByCli((dir) => {
    fs.writeFileSync(path.join(dir, txt.name), txt.bytes);
    return ['--load', path.join(dir, txt.name)];
  }));
});

test('loads on top of loads: a second load keeps the first one and the site\'s editions', async () => {
  const edits = fs.readdirSync(path.join(SITE, 'codesets')).find((f) => /^edits-.*\.mcs\.gz$/.test(f));
  const site = new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets', edits))));
  const first = importer.load([file('MCR_MUE_PractitionerServices_Eff_10-01-2026.csv')], { base: site, loadedOn: '2026-12-05' });
  const second = importer.load([file('ccipra-v330r0-f1.txt')], { base: first.bytes, baseName: 'the updates loaded before', loadedOn: '2026-12-06' });
  const mine = second.report.datasets.filter((d) => d.source_kind === 'user-loaded').map((d) => `${d.kind} ${d.version}`);
  assert.deepEqual(mine, ['mue 2026Q4', 'ptp 2027Q1 (v33.0)']);
  assert.ok(second.report.datasets.some((d) => d.kind === 'mue' && d.version === '2026Q2' && d.source_kind !== 'user-loaded'), 'the site\'s MUE edition stays');
  assert.match(second.report.provenance, /MCR_MUE_PractitionerServices_Eff_10-01-2026\.csv .*loaded 2026-12-05.*ccipra-v330r0-f1\.txt .*loaded 2026-12-06/);
  // The same quarter again is refused (it would overlap the one loaded before).
  assert.throws(() => importer.load([file('MCR_MUE_PractitionerServices_Eff_10-01-2026.csv')], { base: second.bytes }),
    /two MUE inputs for the setting practitioner with overlapping dates/);
});
