// Practice JS API cases (web/lib/practice.mjs), run unchanged in Node (practice.test.mjs) and
// in Chromium (tests/e2e/practice.test.mjs via tests/js/browser/practice.html). No Node-only
// imports here.
//
// makePracticeApi(modules, { icdBytes, icdIndexBytes, hcpcsBytes, casesText }) -> the api every case gets
// (icdIndexBytes: the ICD-10-CM code set's Index file when the site has one; verify reads it):
//   { ...modules, engine, icd, hcpcs, casesText, practice }
// modules: { createEngine, MedcodeError, loadPracticeCases, scoreWithHints, parseAnswer, HINT_COST, HINT_STEPS }
import { assert } from './api-cases.mjs';

export async function makePracticeApi(modules, { icdBytes, icdIndexBytes = null, hcpcsBytes, casesText }) {
  const engine = await modules.createEngine();
  const icd = engine.loadCodeSet(icdBytes);
  if (icdIndexBytes) icd.attachIndex(icdIndexBytes);
  const hcpcs = engine.loadCodeSet(hcpcsBytes);
  const practice = modules.loadPracticeCases(engine, casesText, { icd, hcpcs });
  return { ...modules, engine, icd, hcpcs, hcpcsBytes, casesText, practice };
}

export function closePracticeApi(api) {
  api.practice.close();
  api.hcpcs.close();
  api.icd.close();
}

// A small instructor's file: one case, in the fixture-free shape of the shipped bank.
export const INSTRUCTOR_FILE = JSON.stringify({
  format: 'medcode-practice-cases',
  version: 1,
  cases: [{
    id: 'my-001', title: 'Shingles, no complication', setting: 'outpatient', level: 1, dateOfService: '2025-11-03',
    scenario: 'Painful vesicular rash in one dermatome on the left chest; no eye, ear or nerve involvement. Herpes zoster.',
    key: [{ code: 'B02.9', accept: [], indexPath: 'Herpes, zoster', why: 'Zoster without complication.' }],
    rationale: 'Zoster without a documented complication (I.A.12).', guidelines: ['I.A.12'], topics: ['infection'], distractors: [],
  }],
}, null, 2);

const keyAnswer = (g) => g.key.map((k) => k.code);

export const cases = [
  {
    name: 'the shipped bank: 200 cases, each summary as `coder practice list --json`',
    fn({ practice }) {
      assert.equal(practice.info.cases, 200);
      const list = practice.list();
      assert.equal(list.length, 200);
      const inj = list.find((c) => c.id === 'inj-001');
      assert.deepEqual(Object.keys(inj), ['chapter', 'id', 'level', 'setting', 'title', 'topics']);
      assert.equal(inj.chapter, '19');
      assert.equal(list.find((c) => c.id === 'hcpcs-019').chapter, 'HCPCS');
      // Every chapter number is a chapter the ICD-10-CM code set knows (never "?").
      assert.ok(list.every((c) => c.chapter === 'HCPCS' || /^\d+$/.test(c.chapter)), 'chapters');
    },
  },
  {
    name: 'show gives the scenario and never the key',
    fn({ practice }) {
      const ex = practice.show('inj-001');
      assert.match(ex.scenario, /Colles/);
      assert.equal(ex.dateOfService, '2025-10-06');
      assert.equal(ex.hcpcsLines, 0);
      const text = JSON.stringify(ex);
      assert.ok(!text.includes('S52.531A') && !text.includes('rationale') && !text.includes('"key"'), 'no key in the exercise');
      assert.equal(practice.show('hcpcs-019').hcpcsLines, 1);
    },
  },
  {
    name: 'every case of the bank: its key grades 1.0',
    fn({ practice }) {
      for (const c of practice.list()) {
        const first = practice.grade(c.id, []);
        assert.equal(first.score, 0, `${c.id}: an empty answer`);
        const g = practice.grade(c.id, keyAnswer(first).map((code) => code.replace(' x', 'x')));
        assert.equal(g.score, 1, `${c.id}: ${JSON.stringify(g.items.map((i) => [i.code, i.verdict, i.reason]))}`);
      }
    },
  },
  {
    name: 'a sibling of a key code scores between 0 and 1 and is named in the reason',
    fn({ practice }) {
      const g = practice.grade('inj-001', ['S52.532A', 'W00.0XXA']);
      assert.ok(g.score > 0 && g.score < 1, `score ${g.score}`);
      const it = g.items[0];
      assert.equal(it.verdict, 'partial');
      assert.match(it.reason, /S52\.532A/);
      assert.equal(it.expected.code, 'S52.531A');
      assert.match(it.reason, /S52\.531A/);
    },
  },
  {
    name: 'over-coding scores below 1; a header is named; the string answer form',
    fn({ practice }) {
      const over = practice.grade('inf-001', 'B02.9, Z04.3');
      assert.ok(over.score < 1 && over.score > 0, `score ${over.score}`);
      assert.equal(over.items[1].verdict, 'extra');
      assert.equal(over.overcodingFactor, 0.5);
      const header = practice.grade('inj-001', ['S52', 'W00.0XXA']);
      assert.equal(header.items[0].verdict, 'header');
      assert.match(header.items[0].reason, /S52/);
    },
  },
  {
    name: 'HCPCS lines: a wrong modifier is wrong and says what differs',
    fn({ practice }) {
      assert.equal(practice.grade('hcpcs-019', ['M10.071', 'E0114-NU']).score, 1);
      const g = practice.grade('hcpcs-019', ['M10.071', 'E0114-RR']);
      const line = g.items.find((i) => i.system === 'HCPCS');
      assert.equal(line.verdict, 'wrong');
      assert.match(line.reason, /NU|RR/);
      assert.ok(g.score < 1);
    },
  },
  {
    name: 'hints come in three steps (main term, index path, tabular entry) without the key code',
    fn({ practice, HINT_STEPS }) {
      const h = practice.hints('inj-001');
      assert.equal(h.caseId, 'inj-001');
      assert.equal(h.steps.length, HINT_STEPS);
      assert.deepEqual(h.steps.map((s) => s.name), ['main term', 'index path', 'tabular entry']);
      assert.match(h.steps[0].lines[0], /Colles/);
      assert.match(h.steps[0].lines[1], /Fall.*External Cause Index/);
      assert.match(h.steps[1].lines[1], /ice or snow/);
      assert.match(h.steps[2].lines[0], /S52/);
      assert.ok(!JSON.stringify(h).includes('S52.531A'), 'the key code is not given away');
      const hc = practice.hints('hcpcs-019');
      assert.equal(hc.steps[0].lines.length, 2);
      assert.match(hc.steps[1].lines[1], /1 unit, 1 modifier/);
    },
  },
  {
    name: 'hints cost points: scoreWithHints',
    fn({ scoreWithHints, HINT_COST, MedcodeError }) {
      assert.equal(HINT_COST, 0.1);
      assert.equal(scoreWithHints(1, 0), 1);
      assert.equal(scoreWithHints(1, 2), 0.8);
      assert.equal(scoreWithHints(0.5, 3), 0.35);
      assert.throwsCode(() => scoreWithHints(1, 4), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => scoreWithHints(2, 0), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'coverage stats: every case counted by chapter, level and setting',
    fn({ practice }) {
      const s = practice.stats();
      assert.equal(s.cases, 200);
      const sum = (rows) => rows.reduce((a, r) => a + r.cases, 0);
      assert.equal(sum(s.byLevel), 200);
      assert.equal(sum(s.bySetting), 200);
      assert.equal(sum(s.byChapter), 200);
      // Chapters in numeric order, HCPCS last.
      assert.deepEqual(s.byChapter.slice(0, 3).map((r) => r.chapter), ['1', '2', '3']);
      assert.equal(s.byChapter[s.byChapter.length - 1].chapter, 'HCPCS');
      assert.ok(s.byChapter[s.byChapter.length - 1].cases >= 20, 'HCPCS cases');
      assert.ok(s.byGuideline.length > 50, `${s.byGuideline.length} guideline sections`);
    },
  },
  {
    name: 'an instructor\'s file (text or bytes) loads, lists, grades and verifies',
    fn({ engine, icd, hcpcs, loadPracticeCases }) {
      for (const file of [INSTRUCTOR_FILE, new TextEncoder().encode(INSTRUCTOR_FILE)]) {
        const p = loadPracticeCases(engine, file, { icd, hcpcs });
        try {
          assert.deepEqual(p.list().map((c) => c.id), ['my-001']);
          assert.equal(p.grade('my-001', ['B02.9']).score, 1);
          const v = p.verify();
          assert.equal(v.verified, 1, JSON.stringify(v.issues));
        } finally {
          p.close();
        }
      }
    },
  },
  {
    name: 'a bad case file gives the core\'s specific error: JSON syntax with line and column; a field with the case id',
    fn({ engine, icd, hcpcs, loadPracticeCases, MedcodeError }) {
      const broken = INSTRUCTOR_FILE.replace('"level": 1,', '"level": 1');
      const e = assert.throwsCode(() => loadPracticeCases(engine, broken, { icd, hcpcs }), MedcodeError, 'CORRUPT');
      assert.match(e.message, /line 10, column \d+/);
      const badDate = INSTRUCTOR_FILE.replace('2025-11-03', '2025-02-30');
      const e2 = assert.throwsCode(() => loadPracticeCases(engine, badDate, { icd, hcpcs }), MedcodeError, 'CORRUPT');
      assert.match(e2.message, /my-001/);
      assert.match(e2.message, /dateOfService/);
      assert.ok(Array.isArray(e2.issues) && e2.issues.length === 1, 'issues');
      assert.equal(e2.issues[0].caseId, 'my-001');
      assert.equal(e2.issues[0].field, 'dateOfService');
      assert.throwsCode(() => loadPracticeCases(engine, '{"format":"other","version":1,"cases":[]}', { icd, hcpcs }), MedcodeError, 'BAD_MAGIC');
      assert.throwsCode(() => loadPracticeCases(engine, 'x'.repeat(4 * 1024 * 1024 + 1), { icd, hcpcs }), MedcodeError, 'INPUT_TOO_LONG');
    },
  },
  {
    name: 'bad calls are typed errors: unknown case, a non-string answer, too many codes, a closed code set',
    fn({ practice, engine, icd, hcpcsBytes, casesText, loadPracticeCases, MedcodeError }) {
      assert.throwsCode(() => practice.show('nope-999'), MedcodeError, 'NOT_FOUND');
      assert.throwsCode(() => practice.grade('inf-001', [42]), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => practice.grade('inf-001', Array(65).fill('B02.9')), MedcodeError, 'INPUT_TOO_LONG');
      assert.throwsCode(() => loadPracticeCases({}, casesText), MedcodeError, 'INVALID_ARGUMENT');
      // A code set closed under a practice is noticed, never read.
      const hcpcs2 = engine.loadCodeSet(hcpcsBytes);
      const p = loadPracticeCases(engine, casesText, { icd, hcpcs: hcpcs2 });
      hcpcs2.close();
      assert.throwsCode(() => p.list(), MedcodeError, 'INVALID_ARGUMENT');
      p.close();
      assert.throwsCode(() => p.list(), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
];
