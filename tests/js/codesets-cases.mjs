// JS API cases for HCPCS Level II and a user's CPT descriptor file, run unchanged in Node
// (codesets.test.mjs) and in Chromium on the main thread and in a module Worker
// (tests/e2e/codesets-api.browser.test.mjs via tests/js/browser/codesets.html).
// No Node-only imports here.
//
// Each case is { name, needs?, fn(api) } where api is
//   { createEngine, MedcodeError, engine, icd, hcpcs }
// icd: the ICD-10-CM FY2026 code set; hcpcs: the HCPCS code set or null when the site has
// none (cases that need it are then skipped). The CPT text is invented: real-looking code
// numbers with test descriptors (this project ships no CPT descriptors).
import { assert } from './api-cases.mjs';

export const CPT_TSV = [
  'CPT Code\tDescriptor',
  '99213\tTest descriptor one for an established office visit',
  '99214\tTest descriptor two',
  '0001U\tTest laboratory descriptor, glucose panel',
  '1234F\tTest quality descriptor',
  '0500T\tTest tracking descriptor',
  '9921\tfour digits only',
  '99213\tthe same code again',
  'E0100\ta HCPCS code',
  '99215',
  '',
].join('\r\n');

export const cases = [
  {
    name: 'HCPCS: info, flat codes, 383 modifiers, terminated codes counted',
    needs: 'hcpcs',
    fn({ hcpcs }) {
      const i = hcpcs.info;
      assert.equal(i.system, 'HCPCS');
      assert.equal(i.year, 2025);
      assert.equal(i.effectiveFrom, '2025-10-01');
      assert.equal(i.effectiveTo, '2025-12-31');
      assert.equal(i.modifiers, 383);
      assert.ok(i.terminated > 1000, `terminated ${i.terminated}`);
      assert.equal(i.inputs[0].name, 'HCPC2025_OCT_ANWEB_v4.xlsx');
      assert.equal(i.inputs[0].sha256, 'd9d8c801fd7d4f65ee312ccb80e29bfc60a06e05f0835f8f73716a339ddc451e');
    },
  },
  {
    name: 'HCPCS: search "wheelchair" finds K0001 with system and year; codes are undotted',
    needs: 'hcpcs',
    fn({ hcpcs }) {
      const r = hcpcs.search('wheelchair', { limit: 20 });
      const k = r.results.find((x) => x.code === 'K0001');
      assert.ok(k, 'K0001 standard wheelchair');
      assert.equal(k.system, 'HCPCS');
      assert.equal(k.year, 2025);
      assert.equal(k.billable, true);
      assert.equal(k.terminated, false);
      const c = hcpcs.search('e0100');
      assert.equal(c.results[0].code, 'E0100');
      assert.equal(c.results[0].match, 'exact-code');
      // A dotted ICD-10-CM code is no HCPCS code (E11.9 is not E1190).
      assert.equal(hcpcs.search('E11.9').results.length, 0);
    },
  },
  {
    name: 'HCPCS: lookup shows dates and attributes (coverage, action, BETOS) with meanings and source',
    needs: 'hcpcs',
    fn({ hcpcs }) {
      const d = hcpcs.lookup('E0100');
      assert.equal(d.code, 'E0100');
      assert.equal(d.system, 'HCPCS');
      assert.equal(d.billable, true);
      assert.equal(d.terminated, false);
      assert.equal(d.addedDate, '1986-01-01');
      assert.equal(d.terminationDate, null);
      assert.deepEqual(d.hierarchy.map((h) => h.level), ['code'], 'flat: no chapters or categories');
      const by = (k) => d.attributes.filter((a) => a.key === k);
      assert.equal(by('coverage')[0].value, 'D');
      assert.equal(by('coverage')[0].meaning, 'Special coverage instructions apply');
      assert.equal(by('action')[0].value, 'N');
      assert.equal(by('betos')[0].value, 'D1E');
      assert.match(by('betos')[0].source, /HCPC2025_OCT_ANWEB_v4\.xlsx/);
      assert.match(by('betos')[0].meaningSource, /record layout/);
    },
  },
  {
    name: 'HCPCS: a terminated code is not billable, says so, and is billable on a date before its termination',
    needs: 'hcpcs',
    fn({ hcpcs }) {
      const d = hcpcs.lookup('A4466');
      assert.equal(d.terminated, true);
      assert.equal(d.billable, false);
      assert.equal(d.terminationDate, '2016-12-31');
      assert.match(d.statusNote, /terminated: its last date of service was 2016-12-31/);
      assert.ok(d.attributes.some((a) => a.key === 'xref' && a.value === 'A4467'), 'cross-reference');
      const then = hcpcs.lookup('A4466', { dateOfService: '2016-06-30' });
      assert.equal(then.billable, true);
      assert.equal(then.terminated, false);
      const after = hcpcs.lookup('A4466', { dateOfService: '2017-01-01' });
      assert.equal(after.billable, false);
      const v = hcpcs.validate('A4466');
      assert.equal(v.status, 'terminated');
      assert.deepEqual(v.suggestions, ['A4467']);
      assert.equal(hcpcs.validate('E0100').status, 'valid');
      assert.equal(hcpcs.validate('E01').status, 'malformed');
    },
  },
  {
    name: 'HCPCS: a code added in the quarter is not yet effective before it',
    needs: 'hcpcs',
    fn({ hcpcs, MedcodeError }) {
      const added = hcpcs.search('A2036').results[0];
      assert.equal(added.code, 'A2036');
      assert.equal(hcpcs.validate('A2036', { dateOfService: '2025-09-30' }).status, 'not-yet-effective');
      assert.equal(hcpcs.validate('A2036', { dateOfService: '2025-10-01' }).status, 'valid');
      assert.throwsCode(() => hcpcs.lookup('A2036', { dateOfService: '2025-13-01' }), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => hcpcs.validate('A2036', { dateOfService: 'yesterday' }), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'HCPCS: modifiers() lists all 383, finds one by code and by words, with dates and meanings',
    needs: 'hcpcs',
    fn({ hcpcs, icd }) {
      const all = hcpcs.modifiers();
      assert.equal(all.length, 383);
      assert.ok(all.every((m) => m.code.length === 2), 'two characters');
      const kx = hcpcs.modifiers('kx');
      assert.equal(kx[0].code, 'KX');
      assert.match(kx[0].title, /medical policy/);
      assert.equal(kx[0].coverage, 'C');
      assert.equal(kx[0].coverageMeaning, 'Carrier judgment');
      const wheel = hcpcs.modifiers('wheelchair').map((m) => m.code);
      assert.ok(wheel.includes('KA') && wheel.includes('KC'), wheel.join(','));
      assert.ok(all.some((m) => m.terminated), 'some modifiers are terminated');
      assert.deepEqual(icd.modifiers(), [], 'ICD-10-CM has no modifiers');
    },
  },
  {
    name: 'CPT: loadCptDescriptors builds a searchable code set and reports the lines it skipped',
    fn({ engine }) {
      const cpt = engine.loadCptDescriptors(CPT_TSV, { name: 'my-cpt-2026.tsv' });
      try {
        assert.equal(cpt.info.system, 'CPT');
        assert.equal(cpt.info.year, 2026);
        assert.equal(cpt.info.codes, 5);
        assert.match(cpt.info.provenance, /^user-supplied file my-cpt-2026\.tsv, sha256 [0-9a-f]{64}, loaded \d{4}-\d{2}-\d{2}$/);
        assert.equal(cpt.info.inputs[0].kind, 'user-supplied');
        const rep = cpt.report;
        assert.equal(rep.header, true);
        assert.equal(rep.codes, 5);
        assert.equal(rep.skipped, 4);
        assert.equal(rep.yearFrom, 'file name');
        assert.deepEqual(rep.issues.map((i) => i.line), [7, 8, 9, 10]);
        assert.match(rep.issues[0].reason, /not a CPT code number \('9921'/);
        assert.match(rep.issues[1].reason, /appears again/);
        assert.match(rep.issues[3].reason, /no descriptor/);
        // Code numbers (digit first) and words; the exact code first.
        assert.deepEqual(cpt.search('99213').results.map((x) => x.code), ['99213']);
        assert.deepEqual(cpt.search('992').results.map((x) => x.code), ['99213', '99214']);
        assert.equal(cpt.search('0001u').results[0].code, '0001U');
        const g = cpt.search('glucose').results;
        assert.equal(g[0].code, '0001U');
        assert.equal(g[0].system, 'CPT');
        const d = cpt.lookup('99213');
        assert.equal(d.title, 'Test descriptor one for an established office visit');
        assert.equal(d.billable, true);
        assert.match(d.provenance, /my-cpt-2026\.tsv/);
        assert.equal(cpt.validate('99213').status, 'valid');
        assert.equal(cpt.validate('99299').status, 'unknown');
      } finally {
        cpt.close();
      }
    },
  },
  {
    name: 'CPT: CSV with quotes and bytes input; year from the option; the same file gives the same sha256',
    fn({ engine }) {
      const csv = 'code,descriptor\n99213,"Test descriptor, with a comma"\n"0500T","Test ""quoted"" descriptor"\n';
      const bytes = new TextEncoder().encode(csv);
      const a = engine.loadCptDescriptors(bytes, { name: 'cpt.csv', year: 2025 });
      const b = engine.loadCptDescriptors(csv, { name: 'cpt.csv', year: 2025 });
      try {
        assert.equal(a.info.year, 2025);
        assert.equal(a.report.yearFrom, 'option');
        assert.equal(a.report.separators, 'comma');
        assert.equal(a.lookup('99213').title, 'Test descriptor, with a comma');
        assert.equal(a.lookup('0500T').title, 'Test "quoted" descriptor');
        assert.equal(a.report.sha256, b.report.sha256);
      } finally {
        a.close();
        b.close();
      }
    },
  },
  {
    name: 'CPT: refused files: empty, no codes, binary, too large, a bad year; bad UTF-8 costs its line',
    fn({ engine, MedcodeError }) {
      assert.throwsCode(() => engine.loadCptDescriptors('', { name: 'x.tsv' }), MedcodeError, 'INVALID_ARGUMENT');
      const e = assert.throwsCode(() => engine.loadCptDescriptors('hello\nworld\n', { name: 'x.tsv' }), MedcodeError, 'INVALID_ARGUMENT');
      assert.match(e.message, /no line of the file holds a CPT code/);
      assert.throwsCode(() => engine.loadCptDescriptors(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0x39]), { name: 'x.xlsx' }), MedcodeError, 'INVALID_UTF8');
      const big = new Uint8Array(16 * 1024 * 1024 + 1).fill(0x41);
      assert.throwsCode(() => engine.loadCptDescriptors(big, { name: 'big.tsv' }), MedcodeError, 'INPUT_TOO_LONG');
      assert.throwsCode(() => engine.loadCptDescriptors('99213\tx\n', { year: 1200 }), MedcodeError, 'INVALID_ARGUMENT');
      const mixed = new Uint8Array([...new TextEncoder().encode('99213\tTest one\n99214\tTest '), 0xff, 0x0a,
        ...new TextEncoder().encode('99215\tTest three\n')]);
      const cs = engine.loadCptDescriptors(mixed, { name: 'mixed-2026.txt' });
      try {
        assert.equal(cs.info.codes, 2);
        assert.deepEqual(cs.report.issues.map((i) => i.line), [2]);
        assert.match(cs.report.issues[0].reason, /not valid UTF-8/);
      } finally {
        cs.close();
      }
    },
  },
];

/** Runs every case; returns [{ name, ok, skipped, error, ms }]. */
export async function runAll(api) {
  const out = [];
  for (const c of cases) {
    const t0 = performance.now();
    if (c.needs && !api[c.needs]) {
      out.push({ name: c.name, ok: true, skipped: true, ms: 0 });
      continue;
    }
    try {
      await c.fn(api);
      out.push({ name: c.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: `${e && e.name}: ${e && e.message}`, ms: Math.round(performance.now() - t0) });
    }
  }
  return out;
}
