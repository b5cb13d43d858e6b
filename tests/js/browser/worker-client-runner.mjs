// Cases for web/lib/worker-client.mjs (the engine in a module Worker): results, errors
// rehydrated as MedcodeError with the same code, superseded/cancelled searches, close,
// and load failures. Publishes window.__medcodeResults like runner.mjs.
import { createWorkerCodeSet } from '/site/lib/worker-client.mjs';
import { compileEngineModule } from '/site/lib/engine-module.mjs';
import { MedcodeError } from '/site/lib/medcode.mjs';
import { assert } from '../api-cases.mjs';
import { publish, rejects, runNamed } from './host.mjs';

const URL_OK = '/site/codesets/icd10cm-2027.mcs.gz';
const NOT_WASM = '/bad/junk.mcs';  // served (api.browser.test.mjs), but no engine

const isCode = (code) => (e) => {
  assert.ok(e instanceof MedcodeError, `a MedcodeError, got ${e && e.name}: ${e && e.message}`);
  assert.equal(e.code, code);
};
const isAbort = (e) => assert.equal(e && e.name, 'AbortError');

let icd;
const progress = [];

const cases = [
  ['loads in a Worker, reporting progress and timing', async () => {
    // Its Index file (when the site has one): the Worker fetches it when an index request first needs it.
    const ix = (await (await fetch('/site/codesets/index.json')).json()).find((e) => e.kind === 'index' && e.of === 'icd10cm-2027');
    icd = await createWorkerCodeSet(URL_OK, { indexUrl: ix ? `/site/${ix.file}` : undefined, onProgress: (p) => progress.push(p.phase) });
    assert.ok(progress.includes('download') && progress.includes('open') && progress.includes('ready'), `phases ${progress}`);
    const { timing, info } = icd.loadInfo;
    for (const k of ['engineMs', 'fetchMs', 'openMs', 'bytes']) assert.ok(Number.isFinite(timing[k]), `timing.${k}`);
    assert.equal(info.system, 'ICD-10-CM');
    const again = await icd.info();
    assert.equal(again.year, 2027);
    assert.ok(again.inputs.every((i) => /^[0-9a-f]{64}$/.test(i.sha256)));
  }],
  ['search, lookup, validate and buildSeventh resolve like the sync API', async () => {
    const r = await icd.search('diabetes', { limit: 10 });
    assert.ok(r.results.some((x) => x.code === 'E11.9' && x.billable && x.year === 2027), 'E11.9 in the top 10');
    const d = await icd.lookup('E11.9');
    assert.ok(d.notes.some((n) => n.kind === 'excludes1' && n.from === 'E11' && n.inherited));
    assert.equal((await icd.validate('T36.01A')).suggestions[0], 'T36.0X1A');
    assert.equal(await icd.buildSeventh('S52.001', 'A'), 'S52.001A');
  }],
  ['errors come back as MedcodeError with the same code', async () => {
    const e = await rejects(icd.lookup('E11.99'), isCode('NOT_FOUND'), 'unknown code');
    assert.match(e.message, /E11\.99/);
    await rejects(icd.search('diabetes', { limit: 0 }), isCode('INVALID_ARGUMENT'), 'limit 0');
    await rejects(icd.search('x'.repeat(5000)), isCode('INPUT_TOO_LONG'), 'long query');
    await rejects(icd.search('abc \uD800'), isCode('INVALID_UTF8'), 'lone surrogate');
    await rejects(icd.buildSeventh('S52.001', 'Z'), isCode('INVALID_ARGUMENT'), 'bad 7th character');
  }],
  ['a newer search in the same stream supersedes queued older ones', async () => {
    const qs = ['d', 'di', 'dia', 'diab', 'diabetes'];
    const ps = qs.map((q) => icd.search(q, { limit: 5, stream: 'typeahead' }));
    const ids = ps.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'every request has its own id');
    const settled = await Promise.allSettled(ps);
    const last = settled.pop();
    assert.equal(last.status, 'fulfilled');
    assert.equal(last.value.query, 'diabetes');
    for (const s of settled) {
      assert.equal(s.status, 'rejected');
      isAbort(s.reason);
    }
    // Other streams (and plain searches) are independent.
    const [a, b] = await Promise.all([icd.search('e11', { stream: 'a' }), icd.search('e10', { stream: 'b' })]);
    assert.equal(a.results[0].code, 'E11');
    assert.equal(b.results[0].code, 'E10');
  }],
  ['cancel(id) and an AbortSignal drop a request', async () => {
    const p = icd.search('fracture');
    assert.equal(icd.cancel(p.id), true);
    await rejects(p, isAbort, 'cancelled');
    assert.equal(icd.cancel(p.id), false, 'already gone');
    const ac = new AbortController();
    const q = icd.search('fracture', { signal: ac.signal });
    ac.abort();
    await rejects(q, isAbort, 'aborted');
    await rejects(icd.search('x', { signal: ac.signal }), isAbort, 'already aborted signal');
    assert.ok((await icd.search('fracture', { limit: 1 })).results.length === 1, 'still works afterwards');
  }],
  ['index methods resolve like the sync API (books, mainTerms, node, children, follow, find, where)', async () => {
    const books = await icd.index.books();
    assert.deepEqual(books.map((b) => b.key), ['index', 'eindex', 'neoplasm', 'drug']);
    const a = await icd.index.mainTerms('index', { letter: 'A', limit: 2 });
    assert.equal(a.items[1].title, 'Abandonment');
    const f = await icd.index.follow(a.items[1].id);
    assert.equal(f.node.title, 'Maltreatment');
    const n = await icd.index.node(f.node.id);
    assert.equal(n.id, f.node.id);
    const kids = await icd.index.children(n.id, { limit: 1 });
    assert.equal(kids.items.length, 1);
    const found = await icd.index.find('Diabetes, type 2');
    assert.equal(found.title, 'type 2');
    const w = await icd.index.where('E11.65');
    assert.ok(w.total >= 2);
    await rejects(icd.index.node(-1), isCode('INVALID_ARGUMENT'), 'bad id');
    await rejects(icd.index.follow(a.items[0].id), isCode('NOT_FOUND'), 'nothing to follow');
  }],
  ['close() frees the worker; later calls reject with INVALID_ARGUMENT', async () => {
    await icd.close();
    await icd.close();
    await rejects(icd.search('diabetes'), isCode('INVALID_ARGUMENT'), 'search after close');
    await rejects(icd.info(), isCode('INVALID_ARGUMENT'), 'info after close');
  }],
  ['a Worker given the engine compiled by the page (wasmModule) neither downloads nor compiles it', async () => {
    const wasmUrl = '/site/lib/medcode-wasm.wasm';
    const module = compileEngineModule(wasmUrl);  // a promise: posted when it settles
    assert.ok((await module) instanceof WebAssembly.Module);
    const a = await createWorkerCodeSet(URL_OK, { wasmModule: module, wasmUrl: NOT_WASM });
    const b = await createWorkerCodeSet('/site/codesets/hcpcs-2025q4.mcs.gz', { wasmModule: await module, wasmUrl: NOT_WASM });
    try {
      // wasmUrl is not an engine: the Workers could only have used the posted Module.
      assert.equal(a.loadInfo.timing.wasmFrom, 'page');
      assert.equal(b.loadInfo.timing.wasmFrom, 'page');
      for (const k of ['start', 'response', 'compiled', 'engine', 'bytes', 'opened']) {
        assert.ok(Number.isFinite(a.loadInfo.timing.at[k]), `timing.at.${k}`);
      }
      assert.ok(performance.getEntriesByName('medcode:ICD-10-CM:opened', 'mark').length >= 1, 'the load steps are marks on the page');
      assert.ok((await a.search('diabetes', { limit: 5 })).results.some((x) => x.code.startsWith('E1')));
      assert.ok((await b.search('wheelchair', { limit: 5 })).results.length > 0);
      // Only a compiled Module (or null) is taken.
      await rejects(a._call('engineModule', [{ not: 'a module' }]), isCode('INVALID_ARGUMENT'), 'not a Module');
    } finally {
      await a.close();
      await b.close();
    }
  }],
  ['when the page could not compile the engine, the Worker compiles it itself', async () => {
    const failed = compileEngineModule(NOT_WASM);
    await rejects(failed, (e) => assert.ok(e instanceof WebAssembly.CompileError, `a CompileError, got ${e}`), 'the page\'s compile fails');
    const cs = await createWorkerCodeSet(URL_OK, { wasmModule: failed });
    try {
      assert.equal(cs.loadInfo.timing.wasmFrom, 'worker');
      assert.ok((await cs.search('diabetes', { limit: 5 })).results.length > 0);
    } finally {
      await cs.close();
    }
    // ... and reports the error when it cannot either.
    await rejects(createWorkerCodeSet(URL_OK, { wasmModule: failed, wasmUrl: NOT_WASM }), isCode('INTERNAL'), 'no engine at all');
  }],
  ['a code set the page downloads (download: page) is moved to the Worker, which does not fetch it', async () => {
    const phases = [];
    const cs = await createWorkerCodeSet('/site/codesets/hcpcs-2025q4.mcs.gz', { download: 'page', onProgress: (p) => phases.push(p.phase) });
    try {
      const { timing } = cs.loadInfo;
      assert.equal(timing.bytesFrom, 'page', 'the Worker used the bytes the page posted');
      assert.equal(timing.fetchMs, undefined, 'the Worker downloaded nothing');
      for (const k of ['request', 'response', 'bytes', 'received', 'opened']) assert.ok(Number.isFinite(timing.at[k]), `timing.at.${k}`);
      assert.ok(timing.at.request <= timing.at.response && timing.at.bytes <= timing.at.received, 'the page\'s steps come first');
      assert.ok(phases.includes('download') && phases.includes('ready'), `phases ${phases}`);
      assert.ok((await cs.search('wheelchair', { limit: 5 })).results.length > 0);
      assert.equal(await cs.stored(), true, 'stored() settles with the page\'s copy');
      // Only bytes (or null) are taken, and only the first time.
      await rejects(cs._call('codeSetBytes', [{ not: 'bytes' }]), isCode('INVALID_ARGUMENT'), 'not a Uint8Array');
    } finally {
      await cs.close();
    }
    await rejects(createWorkerCodeSet(URL_OK, { download: 'pages' }), isCode('INVALID_ARGUMENT'), 'download: page or worker');
  }],
  ['a Worker started before the load (the page\'s early.js) is taken as it is', async () => {
    const w = new Worker('/site/lib/worker.mjs', { type: 'module', name: 'medcode' });
    const cs = await createWorkerCodeSet('/site/codesets/hcpcs-2025q4.mcs.gz', { worker: w, download: 'page' });
    try {
      assert.equal(cs._worker, w, 'the Worker given');
      assert.ok((await cs.search('wheelchair', { limit: 5 })).results.length > 0);
    } finally {
      await cs.close();
    }
    await rejects(createWorkerCodeSet(URL_OK, { worker: { postMessage() {} } }), isCode('INVALID_ARGUMENT'), 'not a Worker');
  }],
  ['when the page cannot download the file, the Worker tries itself and reports the error', async () => {
    await rejects(createWorkerCodeSet('/bad/missing.mcs.gz', { download: 'page' }), isCode('IO'), 'missing file');
    // Damaged bytes the page downloaded are refused in the Worker as ever.
    await rejects(createWorkerCodeSet('/bad/truncated.mcs', { download: 'page' }), isCode('TRUNCATED'), 'truncated file');
    await rejects(createWorkerCodeSet('/bad/junk.mcs', { download: 'page' }), isCode('BAD_MAGIC'), 'junk file');
    // Another origin: refused before any request, the page's included.
    await rejects(createWorkerCodeSet('http://example.invalid/icd.mcs.gz', { download: 'page' }), isCode('INVALID_ARGUMENT'), 'cross-origin');
  }],
  ['a damaged code-set file rejects with its error code', async () => {
    await rejects(createWorkerCodeSet('/bad/truncated.mcs'), isCode('TRUNCATED'), 'truncated file');
    await rejects(createWorkerCodeSet('/bad/junk.mcs'), isCode('BAD_MAGIC'), 'junk file');
  }],
  ['a code set from another origin is refused before any request', async () => {
    await rejects(createWorkerCodeSet('http://example.invalid/icd.mcs.gz'), isCode('INVALID_ARGUMENT'), 'cross-origin');
  }],
];

const results = await runNamed('worker-client: ', cases);
publish(results);
