// The practice cases on the main thread and in a module Worker, then the Worker client
// (WorkerCodeSet.practice: grading in the ICD-10-CM Worker); publishes window.__medcodeResults.
import { runPracticeCases, catalogEntry } from './practice-host.mjs';
import { inWorker, publish, rejects, runNamed } from './host.mjs';
import { createWorkerCodeSet } from '/site/lib/worker-client.mjs';
import { MedcodeError } from '/site/lib/medcode.mjs';
import { assert } from '../api-cases.mjs';
import { INSTRUCTOR_FILE } from '../practice-cases.mjs';

let icd, hcpcsUrl;
const clientCases = [
  ['practice.open loads the bank beside the ICD-10-CM code set, with the catalog\'s HCPCS file', async () => {
    const [i, h] = await Promise.all([catalogEntry('ICD-10-CM'), catalogEntry('HCPCS')]);
    hcpcsUrl = `/site/${h.file}`;
    icd = await createWorkerCodeSet(`/site/${i.file}`);
    const r = await icd.practice.open({ hcpcsUrl, casesUrl: '/site/practice/cases.json' });
    assert.equal(r.cases, 200);
    assert.equal(r.hcpcs.system, 'HCPCS');
    assert.equal((await icd.practice.list()).length, 200);
  }],
  ['show, hints and grade resolve like the sync API', async () => {
    const ex = await icd.practice.show('hcpcs-019');
    assert.equal(ex.hcpcsLines, 1);
    const h = await icd.practice.hints('inj-001');
    assert.equal(h.steps.length, 3);
    assert.equal((await icd.practice.grade('hcpcs-019', 'M10.071 E0114-NU')).score, 1);
    const g = await icd.practice.grade('inj-001', ['S52.532A', 'W00.0XXA']);
    assert.equal(g.items[0].verdict, 'partial');
    assert.ok((await icd.practice.stats()).cases === 200);
    // Search still works in the same Worker.
    assert.ok((await icd.search('colles fracture')).results.length > 0);
  }],
  ['an instructor\'s bad file rejects with the core\'s error and its issues; the bank stays', async () => {
    const bad = INSTRUCTOR_FILE.replace('2025-11-03', '2025-02-30');
    await rejects(icd.practice.open({ hcpcsUrl, cases: bad }), (e) => {
      assert.ok(e instanceof MedcodeError);
      assert.equal(e.code, 'CORRUPT');
      assert.match(e.message, /my-001/);
      assert.equal(e.issues[0].field, 'dateOfService');
    }, 'bad date');
    assert.equal((await icd.practice.list()).length, 200);
    const r = await icd.practice.open({ hcpcsUrl, cases: new TextEncoder().encode(INSTRUCTOR_FILE) });
    assert.equal(r.cases, 1);
    assert.equal((await icd.practice.grade('my-001', ['B02.9'])).score, 1);
  }],
  ['practice refuses a non-ICD-10-CM Worker and a cross-origin file', async () => {
    const h = await createWorkerCodeSet(hcpcsUrl);
    try {
      await rejects(h.practice.open({ casesUrl: '/site/practice/cases.json' }), (e) => assert.equal(e.code, 'INVALID_ARGUMENT'), 'HCPCS worker');
    } finally {
      await h.close();
    }
    await rejects(icd.practice.open({ casesUrl: 'http://example.invalid/cases.json' }), (e) => assert.equal(e.code, 'INVALID_ARGUMENT'), 'cross-origin');
    await icd.close();
  }],
];

const results = [...await runPracticeCases('main'), ...await inWorker('practice')];
results.push(...await runNamed('practice-client: ', clientCases));
publish(results);
