// Claim pre-check JS API cases, run unchanged in Node (claims.test.mjs) and in Chromium on
// the main thread and in a module Worker (tests/e2e/claims.browser.test.mjs through
// tests/js/browser/claims.html). No Node-only imports here. Real data: the site's
// icd10cm-2027.mcs and edits-2026.mcs; "today" is fixed at 2026-09-15.
//
// Each case is { name, fn(api) } where api is
//   { createEngine, createClaimChecker, openClaimCodeSet, findingsToCsv, MedcodeError, icdBytes, editsBytes, engine, icd, checker }
// (icd opened by openClaimCodeSet, as the claim view's Worker opens it)
import { assert } from './api-cases.mjs';

const TODAY = '2026-09-15';
const line = (code, units = 1, modifiers = [], dx_pointers = ['A']) => ({ code, units, modifiers, dx_pointers });
const base = (over = {}) => ({
  claim_id: 'J1',
  patient: { birth_date: '1960-03-15', sex: 'F' },
  date_of_service: '2026-07-15',
  place_of_service: '11',
  billing_npi: '1234567893',
  diagnoses: ['E11.9', 'I10'],
  lines: [line('99214', 1, [], ['A', 'B'])],
  ...over,
});
const real = (r) => r.findings.filter((f) => f.rule !== 'data-range');
const kinds = (r) => real(r).map((f) => f.kind);
const show = (r) => JSON.stringify(r.findings.map((f) => `${f.severity} ${f.kind}: ${f.message}`));

export const cases = [
  {
    name: 'info names the claim-edits data sets with versions, sources and dates',
    fn({ checker }) {
      const i = checker.info;
      assert.equal(i.system, 'CLAIM-EDITS');
      assert.ok(i.datasets.length >= 9, `${i.datasets.length} data sets`);
      const labels = i.datasets.map((d) => d.label);
      for (const want of ['NCCI PTP practitioner 2026Q3', 'NCCI MUE practitioner 2026Q2', 'MCE v43.1']) {
        assert.ok(labels.includes(want), `${want} in ${labels}`);
      }
      for (const d of i.datasets) assert.ok(d.source && d.kind && typeof d.note === 'string', JSON.stringify(d));
      assert.ok(i.tableBytes > 1e6 && i.tableBytes <= 40 * 1048576, `tables ${i.tableBytes} bytes (<= 40 MB)`);
      for (const inp of i.inputs) assert.match(inp.sha256, /^[0-9a-f]{64}$/);
    },
  },
  {
    name: 'a clean claim has no findings but the date-range notices',
    fn({ checker }) {
      const r = checker.check(base(), { today: TODAY });
      assert.equal(r.claim_id, 'J1');
      assert.deepEqual(real(r), [], show(r));
      // Under its own kind: a program filtering by 'mue' sees only MUE edits that fired.
      assert.ok(!r.findings.some((f) => f.kind === 'mue'), show(r));
      const mue = r.findings.find((f) => f.kind === 'data-coverage' && /MUE/.test(f.source));
      assert.ok(mue, 'MUE 2026Q2 does not cover 2026-07-15: said');
      assert.equal(mue.severity, 'warning');
      assert.equal(mue.source, 'NCCI MUE practitioner 2026Q2');
      assert.equal(r.summary.errors, 0);
    },
  },
  {
    name: 'NCCI PTP: 20610 with 99214 fires; modifier 25 on the E/M bypasses it',
    fn({ checker }) {
      const r = checker.check(base({ lines: [line('99214'), line('20610')] }), { today: TODAY });
      const p = r.findings.find((f) => f.kind === 'ncci-ptp');
      assert.ok(p, show(r));
      assert.equal(p.severity, 'error');
      assert.equal(p.source, 'NCCI PTP practitioner 2026Q3');
      assert.deepEqual(p.lines, [1, 2]);
      assert.deepEqual(p.codes, ['20610', '99214']);
      assert.match(p.action, /modifier 25/);
      assert.equal(p.date_of_service, '2026-07-15');
      const ok = checker.check(base({ lines: [line('99214', 1, ['25']), line('20610')] }), { today: TODAY });
      assert.ok(!kinds(ok).includes('ncci-ptp'), show(ok));
    },
  },
  {
    name: 'MUE: units over the limit fire, units within do not',
    fn({ checker }) {
      const over = checker.check(base({ date_of_service: '2026-05-04', lines: [line('20610', 3)] }), { today: TODAY });
      const m = over.findings.find((f) => f.kind === 'mue');
      assert.ok(m, show(over));
      assert.match(m.rule, /MUE 20610 = \d+, MAI/);
      const within = checker.check(base({ date_of_service: '2026-05-04', lines: [line('20610', 1)] }), { today: TODAY });
      assert.ok(!within.findings.some((f) => f.kind === 'mue'), show(within));
    },
  },
  {
    name: 'add-on code without its primary fires; with it, nothing',
    fn({ checker }) {
      const a = checker.check(base({ lines: [line('64484')] }), { today: TODAY });
      assert.ok(kinds(a).includes('add-on-without-primary'), show(a));
      const b = checker.check(base({ lines: [line('64483'), line('64484')] }), { today: TODAY });
      assert.ok(!kinds(b).includes('add-on-without-primary'), show(b));
    },
  },
  {
    name: 'diagnosis checks: header, 7th character, Excludes1, first-listed rules',
    fn({ checker }) {
      const r = checker.check(base({ diagnoses: ['V00.01XA', 'E11', 'T36.01A', 'E11.9', 'E10.9'],
        lines: [line('99214', 1, [], ['A', 'B', 'C', 'D'])] }), { today: TODAY });
      const k = kinds(r);
      for (const want of ['external-cause-first', 'header-code', 'seventh-character', 'excludes1']) {
        assert.ok(k.includes(want), `${want} in ${k}`);
      }
      const e = r.findings.find((f) => f.kind === 'excludes1');
      assert.deepEqual(e.codes, ['E11.9', 'E10.9']);
      assert.match(e.message, /Excludes1/);
    },
  },
  {
    name: 'syntax problems name the field; the rest of the claim is still checked',
    fn({ checker }) {
      const r = checker.check({ claim_id: 7, diagnoses: ['E11', 3], lines: [{ code: '99214', units: 'x', dx_pointers: 'A' }], extra: true },
        { today: TODAY });
      const paths = r.findings.filter((f) => f.kind === 'syntax').map((f) => f.path);
      for (const p of ['diagnoses[1]', 'lines[0].units', 'extra']) assert.ok(paths.includes(p), `${p} in ${paths}`);
      assert.equal(r.claim_id, '7');
      assert.ok(kinds(r).includes('header-code'), 'E11 still checked');
      assert.ok(kinds(r).includes('npi'), 'the missing billing NPI is said');
    },
  },
  {
    name: 'anything that is not a claim object becomes a finding, never an exception',
    fn({ checker }) {
      for (const bad of [null, 42, 'text', [], { lines: 'x', diagnoses: 5, patient: [] }, { claim_id: 'Ménière \uD83D\uDE00' }, { claim_id: '\uD800' }]) {
        const r = checker.check(bad, { today: TODAY });
        assert.ok(Array.isArray(r) || (r && Array.isArray(r.findings)), `a result for ${JSON.stringify(bad)}`);
      }
      const u = checker.check({ claim_id: 'Ménière \uD83D\uDE00 "q"' }, { today: TODAY });
      assert.equal(u.claim_id, 'Ménière \uD83D\uDE00 "q"', 'non-ASCII claim ids survive the packed result');
    },
  },
  {
    name: 'checkBatch keeps input order and reports progress',
    fn({ checker }) {
      const claims = [];
      for (let i = 0; i < 250; i++) claims.push(base({ claim_id: `B${i}`, lines: [line(i % 2 ? '20610' : '99214')] }));
      claims[7] = 'not a claim';
      const progress = [];
      const rs = checker.checkBatch(claims, { today: TODAY, chunkSize: 100, onProgress: (p) => progress.push(p.done) });
      assert.equal(rs.length, 250);
      assert.equal(rs[0].claim_id, 'B0');
      assert.equal(rs[249].claim_id, 'B249');
      assert.equal(rs[7].claim_id, null);
      assert.equal(rs[7].findings[0].kind, 'syntax');
      assert.deepEqual(rs.map((r) => r.index), rs.map((_, i) => i));
      assert.deepEqual(progress, [100, 200, 250]);
    },
  },
  {
    name: 'checkText reads NDJSON (a bad line is one finding) and CSV',
    fn({ checker, MedcodeError }) {
      const nd = `${JSON.stringify(base({ claim_id: 'N1' }))}\n{broken\n\n${JSON.stringify(base({ claim_id: 'N3' }))}\n`;
      const steps = [];
      const rs = checker.checkText(nd, { format: 'ndjson', today: TODAY, chunkSize: 1, onProgress: (p) => steps.push(p) });
      assert.deepEqual(rs.map((r) => r.claim_id), ['N1', null, 'N3']);
      assert.match(rs[1].findings[0].message, /input line 2/);
      assert.ok(steps.length >= 3 && steps[steps.length - 1].bytes === steps[steps.length - 1].totalBytes, JSON.stringify(steps));
      const csv = 'claim_id,patient_birth_date,date_of_service,place_of_service,billing_npi,dx1,dx2,line_code,modifiers,units,dx_pointers\n' +
        'C1,1960-03-15,2026-07-15,11,1234567893,E11.9,I10,99214,,1,AB\n' +
        'C1,,,,,,,20610,,1,A\n' +
        'C2,1960-03-15,2026-07-15,11,1234567893,M17.11,,20610,RT,1,A\n';
      const cr = checker.checkText(csv, { format: 'csv', today: TODAY });
      assert.deepEqual(cr.map((r) => r.claim_id), ['C1', 'C2']);
      assert.ok(cr[0].findings.some((f) => f.kind === 'ncci-ptp'), show(cr[0]));
      assert.throwsCode(() => checker.checkText(csv, { format: 'xml' }), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'checkTextPacked (the page\'s file check) gives the results of checkText and checkBatch, result for result',
    fn({ checker, MedcodeError, findingsToCsv }) {
      // A varied batch: clean claims, claims with errors of every sort, claims without an id,
      // non-ASCII ids, malformed lines (each must keep its own error), blank lines, a line
      // holding an array (two claims), chunks of 7 claims so results cross chunk boundaries.
      const codes = ['99214', '20610', '64484', 'J9000', '99204', 'A4422', '9921', '21016'];
      const dx = ['E11.9', 'I10', 'E11', 'T36.01A', 'V00.01XA', 'O80', 'Z51.89', 'M17.11', 'E10.9', 'XX9.9'];
      const objects = [];
      for (let i = 0; i < 120; i++) {
        const c = base({
          claim_id: i % 11 === 3 ? undefined : i % 13 === 5 ? `Ménière \uD83D\uDE00 ${i}` : `V${i}`,
          date_of_service: ['2026-07-15', '2026-05-04', '2025-12-01', '2026-10-02', '13/45/2026'][i % 5],
          billing_npi: i % 9 === 4 ? '1234567890' : '1234567893',
          diagnoses: [dx[i % dx.length], dx[(i * 3 + 1) % dx.length], dx[(i * 7 + 2) % dx.length]],
          lines: Array.from({ length: 1 + (i % 6) }, (_, k) => line(codes[(i + k * 3) % codes.length], 1 + ((i + k) % 4),
            (i + k) % 5 === 0 ? ['25'] : (i + k) % 7 === 0 ? ['XX'] : [], (i + k) % 8 === 0 ? ['A', 'Q'] : ['A', 'B'])),
        });
        if (i % 17 === 6) c.lines[0].units = 'x';
        if (i % 19 === 2) c.extra = true;
        objects.push(c);
      }
      const lines = objects.map((c) => JSON.stringify(c));
      lines.splice(10, 0, '{broken');
      lines.splice(20, 0, '');
      lines.splice(30, 0, '[1, 2');
      lines.splice(40, 0, `[${JSON.stringify(base({ claim_id: 'A1' }))}, ${JSON.stringify(base({ claim_id: 'A2', diagnoses: ['E11'] }))}]`);
      lines.splice(50, 0, '"just text"');
      lines.splice(60, 0, `${JSON.stringify(base({ claim_id: 'T1' }))} trailing`);
      const text = `${lines.join('\n')}\n`;
      const want = checker.checkText(text, { format: 'ndjson', today: TODAY, chunkSize: 7 });
      const steps = [];
      const set = checker.checkTextPacked(text, { format: 'ndjson', today: TODAY, chunkSize: 7, onProgress: (p) => steps.push(p) });
      assert.equal(set.length, want.length);
      assert.equal(set.length, 120 + 6);
      for (let i = 0; i < want.length; i++) assert.deepEqual(set.get(i), want[i], `result ${i}`);
      assert.deepEqual([...set], want);
      assert.deepEqual(set.toArray(), want);
      assert.equal(set.get(3), set.get(3), 'a result is built once');
      assert.deepEqual(set.summary(12), want[12].summary);
      assert.equal(steps[steps.length - 1].claims, want.length);
      assert.equal(steps[steps.length - 1].bytes, steps[steps.length - 1].totalBytes);
      // The same from the UTF-8 bytes, and in one chunk.
      assert.deepEqual(checker.checkTextPacked(new TextEncoder().encode(text), { today: TODAY, chunkSize: 1000 }).toArray(), want);
      // The malformed lines keep their specific errors.
      const msg = (i) => set.get(i).findings[0].message;
      assert.match(msg(10), /^input line 11 is not valid JSON \(column 2\)/);
      assert.equal(set.get(10).claim_id, null);
      assert.match(msg(29), /^input line 31 is not valid JSON/);
      assert.deepEqual([set.get(39).claim_id, set.get(40).claim_id], ['A1', 'A2']);
      assert.match(msg(50), /a claim must be a JSON object, not a string/);
      assert.ok(set.get(60).findings.some((f) => /the line goes on after the claim/.test(f.message)), show(set.get(60)));
      // Counts read from the packed bytes equal those of the objects.
      const t = set.totals();
      const sum = (k) => want.reduce((a, r) => a + r.summary[k], 0);
      assert.deepEqual(t, {
        claims: want.length, errors: sum('errors'), warnings: sum('warnings'), info: sum('info'),
        claimsWithErrors: want.filter((r) => r.summary.errors).length, claimsWithWarnings: want.filter((r) => r.summary.warnings).length,
        findings: want.reduce((a, r) => a + r.findings.length, 0),
      });
      assert.ok(t.errors > 50 && t.claimsWithErrors < want.length, JSON.stringify(t));
      const flaggedWant = want.map((r, i) => (r.summary.errors || r.summary.warnings ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(set.flagged(10), { indexes: flaggedWant.slice(0, 10), count: flaggedWant.length });
      const byKind = new Map();
      for (const r of want) for (const f of r.findings) {
        if (f.rule === 'data-range') continue;
        byKind.set(`${f.severity} ${f.kind}`, (byKind.get(`${f.severity} ${f.kind}`) || 0) + 1);
      }
      assert.deepEqual(set.tally({ exceptRule: 'data-range' }), [...byKind.entries()].sort((a, b) => b[1] - a[1]));
      assert.ok(set.tally().length > byKind.size, 'without exceptRule the data-range notices count');
      assert.equal(findingsToCsv(set), findingsToCsv(want));
      // The claim objects through checkBatch: the same findings, ids and summaries.
      const batch = checker.checkBatch(objects, { today: TODAY, chunkSize: 50 });
      const same = (r) => JSON.stringify([r.claim_id, r.findings, r.summary]);
      const objectsInText = [...want.slice(0, 10), ...want.slice(11, 29), ...want.slice(30, 39), ...want.slice(41, 50), ...want.slice(51, 60), ...want.slice(61)];
      assert.equal(objectsInText.length, batch.length);
      for (let i = 0; i < batch.length; i++) assert.equal(same(batch[i]), same(objectsInText[i]), `claim object ${i}`);
      assert.throwsCode(() => checker.checkTextPacked(text, { format: 'xml' }), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => checker.checkTextPacked(42), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => set.get(set.length), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'findingsToCsv writes one row per finding with a header',
    fn({ checker, findingsToCsv }) {
      const r = checker.check(base({ lines: [line('99214'), line('20610')], claim_id: '=HYPERLINK("x")' }), { today: TODAY });
      const csv = findingsToCsv([r]);
      const rows = csv.trim().split('\n');
      assert.equal(rows[0], 'claim_id,severity,kind,lines,codes,message,action,source,rule,path,date_of_service');
      assert.equal(rows.length, 1 + r.findings.length);
      assert.ok(rows[1].startsWith('"\'=HYPERLINK'), 'a formula-like cell is defused');
    },
  },
  {
    name: 'bad arguments and files are MedcodeErrors with stable codes',
    fn({ checker, createClaimChecker, engine, icd, icdBytes, MedcodeError }) {
      assert.throwsCode(() => checker.check(base(), { today: '15/09/2026' }), MedcodeError, 'INVALID_ARGUMENT', 'today');
      assert.throwsCode(() => checker.checkBatch('x'), MedcodeError, 'INVALID_ARGUMENT', 'batch of a string');
      assert.throwsCode(() => createClaimChecker(engine, icd, new Uint8Array(100)), MedcodeError, 'BAD_MAGIC');
      const e = assert.throwsCode(() => createClaimChecker(engine, icd, icdBytes), MedcodeError, 'INVALID_ARGUMENT', 'an ICD file as edits');
      assert.match(e.message, /not a claim-edits file/);
      assert.throwsCode(() => createClaimChecker(engine, null, icdBytes), MedcodeError, 'INVALID_ARGUMENT');
    },
  },
  {
    name: 'openClaimCodeSet (the claim view\'s Worker\'s open) leaves out the search index and the Index; a full open checks the same',
    fn({ checker, createClaimChecker, openClaimCodeSet, engine, icd, icdBytes, editsBytes, MedcodeError }) {
      assert.throwsCode(() => icd.search('diabetes'), MedcodeError, 'INVALID_ARGUMENT', 'search in the checker\'s code set');
      assert.throwsCode(() => icd.suggest('Type 2 diabetes.'), MedcodeError, 'INVALID_ARGUMENT', 'suggest in the checker\'s code set');
      assert.equal(icd.hasIndex, false);
      assert.throwsCode(() => openClaimCodeSet({}, icdBytes), MedcodeError, 'INVALID_ARGUMENT', 'not an engine');
      const full = engine.loadCodeSet(icdBytes);
      const c2 = createClaimChecker(engine, full, editsBytes);
      try {
        const claim = base({ diagnoses: ['E11.9', 'S52.001', 'Z00.00'], lines: [line('99214', 1, [], ['A', 'B']), line('20610', 3, [], ['C'])] });
        assert.deepEqual(c2.check(claim, { today: TODAY }), checker.check(claim, { today: TODAY }));
      } finally {
        c2.close();
        full.close();
      }
    },
  },
  {
    name: 'a closed checker or a closed code set is refused (INVALID_ARGUMENT)',
    fn({ createClaimChecker, engine, icdBytes, editsBytes, MedcodeError }) {
      const icd2 = engine.loadCodeSet(icdBytes);
      const c2 = createClaimChecker(engine, icd2, editsBytes);
      assert.equal(c2.check(base(), { today: TODAY }).claim_id, 'J1');
      icd2.close();
      assert.throwsCode(() => c2.check(base()), MedcodeError, 'INVALID_ARGUMENT', 'code set closed');
      c2.close();
      c2.close();
      assert.throwsCode(() => c2.check(base()), MedcodeError, 'INVALID_ARGUMENT', 'checker closed');
    },
  },
];

export async function makeClaimsApi(modules, icdBytes, editsBytes) {
  const engine = await modules.createEngine();
  // The code set as the claim view's Worker opens it (claims-worker.mjs): without its search index.
  const icd = modules.openClaimCodeSet(engine, icdBytes);
  const checker = modules.createClaimChecker(engine, icd, editsBytes);
  return { ...modules, icdBytes, editsBytes, engine, icd, checker };
}

export async function runAll(api) {
  const out = [];
  for (const c of cases) {
    const t0 = performance.now();
    try {
      await c.fn(api);
      out.push({ name: c.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: `${e && e.name}: ${e && e.message}`, ms: Math.round(performance.now() - t0) });
    }
  }
  return out;
}
