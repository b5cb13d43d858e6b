// The MCE differential test's own parts (tests/mce), without the real files or Java: the
// generator is deterministic and writes what both sides read, ages are completed years, and
// the comparison reads each side's edits as README's table says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateClaims, toProjectJson, toMceTsv, ageOn, FY2026, FY2025 } from '../mce/mce_claims_gen.mjs';
import { mceEdits, projectEdits, compareEdits } from '../mce/mce_compare.mjs';

// A tiny pool of every kind the generator draws from (invented selection of real-looking codes).
const pools = {
  billable26: ['A000', 'E119', 'I10', 'J189', 'M1711', 'V0001XA', 'Z5189', 'O80', 'N400'],
  headers26: ['E11', 'V00', 'S72'], newIn27: ['C7831'], deletedIn27: ['D691'], noPlaceholder: ['T3601A'],
  external: ['V0001XA', 'W010XXA'], externalHeaders: ['V00', 'W01'], female: ['O80', 'N7001'], male: ['N400'],
  newborn: ['A33'], pediatric: ['B0820'], maternity: ['O80', 'Z3800'], adult: ['I83204'], manifestation: ['F0280', 'D630'],
  questionable: ['I10'], unacceptable: ['B950', 'Z5189'], requiresSecondary: ['Z5189'], removedUnacceptable: ['F0781'],
  wrongProcedure: ['Y6551'], unspecified: ['G8100'],
};

test('mce: the same seed gives the same claims, another seed others', () => {
  const a = generateClaims(pools, { seed: 5, count: 200 }), b = generateClaims(pools, { seed: 5, count: 200 });
  const c = generateClaims(pools, { seed: 6, count: 200 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const x of a) {
    assert.ok(x.date >= FY2026.from && x.date <= FY2026.to, `${x.id} ${x.date}`);
    assert.ok(1 + x.sdx.length <= 12, x.id);
    if (x.birth) assert.ok(x.birth <= x.date && x.age === ageOn(x.birth, x.date), x.id);
  }
  for (const x of generateClaims(pools, { seed: 5, count: 100, window: FY2025, prefix: 'P' })) {
    assert.ok(x.date >= FY2025.from && x.date <= FY2025.to && x.id.startsWith('P'), `${x.id} ${x.date}`);
  }
  assert.ok(new Set(a.map((x) => x.kind)).size >= 8, 'the claims are of many kinds');
});

test('mce: ages are completed years on the date', () => {
  assert.equal(ageOn(20000615, 20260614), 25);
  assert.equal(ageOn(20000615, 20260615), 26);
  assert.equal(ageOn(20251231, 20260101), 0);
  assert.equal(ageOn(19020101, 20260101), 124);
});

test('mce: both sides read the same claim; a blank entry reaches the project only', () => {
  const c = { id: 'M00007', kind: 't', date: 20260401, age: 70, sex: 'F', status: 20, pdx: 'Z5189', sdx: ['I10', ' '] };
  const j = JSON.parse(toProjectJson(c));
  assert.equal(j.date_of_service, '2026-04-01');
  assert.deepEqual(j.patient, { age: 70, sex: 'F' });
  assert.deepEqual(j.diagnoses.map((d) => d.replace('.', '').toUpperCase().trim()), ['Z5189', 'I10', '']);
  assert.deepEqual(j.lines[0].dx_pointers, ['A', 'B', 'C']);
  assert.equal(toMceTsv(c), 'M00007\t20260401\t70\tF\t20\tZ5189\tI10, \t');
  const born = JSON.parse(toProjectJson({ ...c, birth: 19560402 }));
  assert.deepEqual(born.patient, { birth_date: '1956-04-02', sex: 'F' });
});

test('mce: the comparison maps each side as documented', () => {
  const mce = { claim_edits: { INVALID_AGE: 1, REQUIRES_SDX: 1, QUESTIONABLE_ADMISSION: 1 }, dx: [
    { code: 'Z5189', edits: ['REQUIRES_SDX'] }, { code: 'E11', edits: ['INVALID_CODE'] }, { code: 'O80', edits: ['AGE_CONFLICT'] },
    { code: 'I10', edits: ['QUESTIONABLE_ADMISSION', 'UNSPECIFIED'] }] };
  assert.deepEqual([...mceEdits(mce)].sort(), ['AGE_CONFLICT O80', 'INVALID_AGE', 'INVALID_CODE E11', 'UNACCEPTABLE_PDX Z5189']);
  const project = { findings: [
    { kind: 'unacceptable-principal', severity: 'warning', codes: ['Z51.89'] },
    { kind: 'header-code', severity: 'error', codes: ['E11'] },
    { kind: 'age', severity: 'error', codes: ['O80'], rule: 'age conflict: maternity (age 9 through 64)' },
    { kind: 'age', severity: 'info', codes: ['A33'], rule: 'age unknown' },
    { kind: 'sex', severity: 'info', codes: ['O80'], rule: 'sex advisory' },
    { kind: 'code-year', severity: 'warning', codes: ['D69.1'] },
    { kind: 'syntax', severity: 'error', codes: [], path: 'patient.age' }] };
  const p = projectEdits(project);
  assert.deepEqual([...p].sort(), ['AGE_CONFLICT O80', 'INVALID_AGE', 'INVALID_CODE E11', 'UNACCEPTABLE_PDX Z5189']);
  assert.deepEqual(compareEdits(p, mceEdits(mce)), { onlyProject: [], onlyMce: [] });
  project.findings.shift();
  assert.deepEqual(compareEdits(projectEdits(project), mceEdits(mce)), { onlyProject: [], onlyMce: ['UNACCEPTABLE_PDX Z5189'] });
});
