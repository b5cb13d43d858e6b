// The claim cases on the main thread and in a module Worker, then the Worker client
// (claims-client.mjs); publishes window.__medcodeResults for the e2e test.
import { runClaimCases } from './claims-host.mjs';
import { inWorker, publish, rejects, runNamed } from './host.mjs';
import { createWorkerClaimChecker } from '/site/lib/claims-client.mjs';
import { MedcodeError } from '/site/lib/medcode.mjs';
import { assert } from '../api-cases.mjs';

const URLS = { icdUrl: '/site/codesets/icd10cm-2027.mcs.gz', editsUrl: '/site/codesets/edits-2026.mcs.gz' };
const claim = (id, lines) => ({ claim_id: id, date_of_service: '2026-07-15', place_of_service: '11', billing_npi: '1234567893',
  diagnoses: ['E11.9'], lines });
let checker;
const clientCases = [
  ['loads both files in its own Worker, with progress', async () => {
    const phases = [];
    checker = await createWorkerClaimChecker({ ...URLS, onProgress: (p) => phases.push(p.phase) });
    assert.ok(phases.includes('download') && phases.includes('open'), `phases ${phases}`);
    assert.equal(checker.loadInfo.info.system, 'CLAIM-EDITS');
    assert.equal(checker.loadInfo.codeSet.system, 'ICD-10-CM');
  }],
  ['check and checkText resolve like the sync API', async () => {
    const r = await checker.check(claim('W1', [{ code: '99214', units: 1, dx_pointers: ['A'] }, { code: '20610', units: 1, dx_pointers: ['A'] }]),
      { today: '2026-09-15' });
    assert.ok(r.findings.some((f) => f.kind === 'ncci-ptp'), JSON.stringify(r.findings.map((f) => f.kind)));
    const text = Array.from({ length: 3000 }, (_, i) => JSON.stringify(claim(`T${i}`, [{ code: '99213', units: 1, dx_pointers: ['A'] }]))).join('\n');
    const progress = [];
    const rs = await checker.checkText(text, { format: 'ndjson', today: '2026-09-15', chunkSize: 500, onProgress: (p) => progress.push(p) });
    assert.equal(rs.length, 3000);
    assert.equal(rs[2999].claim_id, 'T2999');
    assert.ok(progress.length >= 6, `${progress.length} progress messages`);
    assert.equal(progress[progress.length - 1].bytes, progress[progress.length - 1].totalBytes);
  }],
  ['checkTextPacked (the page\'s file check) gives checkText\'s results from the Worker\'s packed buffers', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify(claim(i % 7 ? `P${i}` : undefined,
      [{ code: i % 3 ? '99213' : '20610', units: 1 + (i % 4), dx_pointers: ['A'] }, { code: i % 5 ? '99214' : 'X', units: 1, dx_pointers: ['B'] }])));
    lines.splice(17, 0, '{"claim_id": "bad", ');
    const text = lines.join('\n');
    const want = await checker.checkText(text, { format: 'ndjson', today: '2026-09-15', chunkSize: 250 });
    const progress = [];
    const set = await checker.checkTextPacked(text, { format: 'ndjson', today: '2026-09-15', chunkSize: 250, onProgress: (p) => progress.push(p) });
    assert.equal(set.length, 1201);
    assert.deepEqual(set.toArray(), want);
    assert.match(set.get(17).findings[0].message, /^input line 18 is not valid JSON/);
    const t = set.totals();
    assert.equal(t.errors, want.reduce((a, r) => a + r.summary.errors, 0));
    assert.equal(progress[progress.length - 1].errors, t.errors);
    assert.equal(progress[progress.length - 1].claims, 1201);
    const ac = new AbortController();
    await rejects(checker.checkTextPacked(text, { chunkSize: 100, signal: ac.signal, onProgress: () => ac.abort() }),
      (e) => assert.equal(e.name, 'AbortError'), 'aborted packed batch');
  }],
  ['an aborted batch rejects with an AbortError and the worker goes on', async () => {
    const text = Array.from({ length: 20000 }, (_, i) => JSON.stringify(claim(`A${i}`, [{ code: '99213', units: 1, dx_pointers: ['A'] }]))).join('\n');
    const ac = new AbortController();
    const p = checker.checkText(text, { format: 'ndjson', chunkSize: 200, signal: ac.signal, onProgress: () => ac.abort() });
    await rejects(p, (e) => assert.equal(e.name, 'AbortError'), 'aborted batch');
    const r = await checker.check(claim('after', [{ code: '99213', units: 1, dx_pointers: ['A'] }]));
    assert.equal(r.claim_id, 'after');
  }],
  ['errors come back as MedcodeError; close() ends it', async () => {
    await rejects(checker.check(claim('x', []), { today: 'soon' }), (e) => {
      assert.ok(e instanceof MedcodeError);
      assert.equal(e.code, 'INVALID_ARGUMENT');
    }, 'bad today');
    await checker.close();
    await rejects(checker.check(claim('y', [])), (e) => assert.equal(e.code, 'INVALID_ARGUMENT'), 'after close');
  }],
  ['a damaged claim-edits file rejects with its error code', async () => {
    await rejects(createWorkerClaimChecker({ ...URLS, editsUrl: '/bad/junk.mcs' }), (e) => assert.equal(e.code, 'BAD_MAGIC'), 'junk');
    await rejects(createWorkerClaimChecker({ ...URLS, editsUrl: 'http://example.invalid/e.mcs' }), (e) => assert.equal(e.code, 'INVALID_ARGUMENT'),
      'cross-origin');
  }],
];

const results = [...await runClaimCases('main'), ...await inWorker('claims')];
results.push(...await runNamed('claims-client: ', clientCases));
publish(results);
