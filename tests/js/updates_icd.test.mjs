// A new ICD-10-CM year a clinic loads itself, compiled in wasm (lib/updates.mjs with
// { icd: true }: medcode-import-icd-wasm) in Node, against the assembled site:
//   MEDCODE_SITE=build/site node --test tests/js/updates_icd.test.mjs
// The base is the fixture code set (tests/fixtures: FY2026) and its import state, built here
// by coder-import --manifest; the year is tests/fixtures/icd-year/fx_order_next.txt, copied
// under the name CMS gives the FY2027 file (the year is read from the name). What the wasm
// importer writes (the code set and its import state) is what `coder-import --load` writes from
// the same files, byte for byte; the engine reads it with the new year chosen by date of service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = path.join(ROOT, 'tests/fixtures');
const IMPORTER = path.join(ROOT, 'build/native/bin/coder-import');
const ORDER = 'icd10cm_order_2027.txt';  // CMS's name of the FY2027 file (a copy of the fixture)

let updates, medcode, icdImporter, work, base, baseState;
const read = (p) => new Uint8Array(fs.readFileSync(p));
const order = (name = ORDER, file = 'fx_order_next.txt') => ({ name, bytes: read(path.join(FIX, 'icd-year', file)) });

before(async () => {
  updates = await import(pathToFileURL(path.join(SITE, 'lib/updates.mjs')).href);
  medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-icdyear-'));
  if (fs.existsSync(IMPORTER)) {
    const env = { ...process.env };
    delete env.CODESETS_DIR;
    execFileSync(IMPORTER, ['--manifest', path.join(FIX, 'manifest.json'), '--codesets-dir', FIX, '--out', work], { env, stdio: 'pipe' });
    base = read(path.join(work, 'icd10cm-fixture.mcs'));
    baseState = read(path.join(work, 'icd10cm-fixture.import.mcs'));
    fs.copyFileSync(path.join(FIX, 'icd-year/fx_order_next.txt'), path.join(work, ORDER));
  }
  icdImporter = await updates.createImporter({ icd: true });
});

after(() => {
  if (icdImporter) icdImporter.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const needsCli = (t) => {
  if (base) return false;
  t.skip('build/native/bin/coder-import is not built (it builds the fixture base)');
  return true;
};

const load = (file, opts = {}) => icdImporter.load([file], {
  base, baseName: 'icd10cm-fixture.mcs', baseState, baseStateName: 'icd10cm-fixture.import.mcs', outName: 'out.mcs', loadedOn: '2026-12-05', ...opts,
});

test('compiles the next year onto the fixture code set: the bytes coder-import --load writes, and its import state', (t) => {
  if (needsCli(t)) return;
  assert.equal(icdImporter.recognise(order()).kind, 'icd10cm-order');
  const out = load(order());
  assert.equal(out.system, 'ICD-10-CM');
  assert.equal(out.report.label, 'ICD-10-CM FY2027 and FY2026');
  assert.equal(out.report.effective_to, '2027-09-30');
  assert.deepEqual(out.report.year, {
    year: 2027, base_year: 2026, codes: 59, added: 6, deleted: 1, retitled: 1, became_headers: 1, became_billable: 0, new_without_own_notes: 4,
  });
  assert.match(out.report.provenance, /user-loaded: icd10cm_order_2027\.txt \(sha256 [0-9a-f]{64}\), loaded 2026-12-05/);
  assert.equal(out.report.files[0].sha256, execFileSync('sha256sum', [path.join(work, ORDER)]).toString().slice(0, 64));
  assert.ok(out.importState && out.importState.length > 0, 'the new code set comes with its import state');
  execFileSync(IMPORTER, ['--load', path.join(work, ORDER), '--base', path.join(work, 'icd10cm-fixture.mcs'), '--loaded-on', '2026-12-05',
    '--out', path.join(work, 'out.mcs')], { stdio: 'pipe' });
  assert.ok(Buffer.from(out.bytes).equals(fs.readFileSync(path.join(work, 'out.mcs'))), 'the code set: byte for byte');
  assert.ok(Buffer.from(out.importState).equals(fs.readFileSync(path.join(work, 'out.import.mcs'))), 'its import state: byte for byte');
  assert.ok(icdImporter.memoryBytes > 0);
});

test('the engine reads the loaded year: a new code is valid from the new year on, not before', async (t) => {
  if (needsCli(t)) return;
  const out = load(order());
  const engine = await medcode.createEngine();
  const cs = engine.loadCodeSet(out.bytes);
  try {
    assert.deepEqual(cs.info.years.map((y) => y.year), [2026, 2027]);
    const nov = cs.validate('E11.692', { dateOfService: '2026-11-05' });
    assert.equal(nov.status, 'valid');
    const may = cs.validate('E11.692', { dateOfService: '2026-05-15' });
    assert.notEqual(may.status, 'valid', 'not valid before FY2027');
    assert.match(JSON.stringify(may), /not yet valid|FY2027/);
  } finally {
    cs.close();
  }
});

test('a year onto a year loaded before: its import state carries the next load', (t) => {
  if (needsCli(t)) return;
  const first = load(order());
  const second = load(order('icd10cm_order_2028.txt'), { base: first.bytes, baseState: first.importState, baseName: 'the FY2027 load' });
  assert.equal(second.report.label, 'ICD-10-CM FY2028, FY2027 and FY2026');
  assert.equal(second.report.year.base_year, 2027);
  // The import state of one file does not go with another.
  assert.throws(() => load(order('icd10cm_order_2028.txt'), { base: first.bytes }), (e) => e.name === 'MedcodeError' && /import state/.test(e.message));
});

test('refused with the file and the problem: not the next year, no import state, a damaged file, a base of another system', (t) => {
  if (needsCli(t)) return;
  assert.throws(() => load(order('icd10cm_order_2028.txt')),
    (e) => e.code === 'CORRUPT' && /^icd10cm_order_2028\.txt: an order file of FY2028, but the newest year of icd10cm-fixture\.mcs is FY2026: load FY2027 first/.test(e.message));
  assert.throws(() => load(order('icd10cm_order_2026.txt')), /icd10cm_order_2026\.txt: an order file of FY2026, but icd10cm-fixture\.mcs already holds FY2026/);
  assert.throws(() => load(order(), { baseState: undefined }), (e) => e.code === 'NOT_FOUND' && /import state \(icd10cm-fixture\.import\.mcs/.test(e.message));
  const named = (re) => (e) => e.name === 'MedcodeError' && e.code === 'CORRUPT' && re.test(e.message);
  assert.throws(() => load(order(ORDER, 'truncated_fx_order_next.txt')), named(/^icd10cm_order_2027\.txt: line 11: order number 15 where 11 belongs/));
  assert.throws(() => load(order(ORDER, 'damaged_fx_order_next.txt')), named(/^icd10cm_order_2027\.txt line 6: not in the order-file layout/));
  assert.throws(() => load(order(), { base: undefined }), /give that file .* as the base/);
  assert.throws(() => load(order(), { base: baseState }), /icd10cm-fixture\.mcs: /);
});

test('the NCCI/HCPCS importer (the small module) says which importer loads a year', async () => {
  const small = await updates.createImporter();
  try {
    assert.throws(() => small.load([order()]), /icd10cm_order_2027\.txt: an ICD-10-CM order file: this build of the importer .*\(medcode-import-icd-wasm\)/);
  } finally {
    small.close();
  }
});
