// Runs the HCPCS/CPT cases on the main thread and in a module Worker, then the Worker
// client (createWorkerCptCodeSet, modifiers, dated lookups through the catalog group),
// and publishes window.__medcodeResults for the e2e test.
import { runCases } from './codesets-host.mjs';
import { inWorker, publish } from './host.mjs';
import { CPT_TSV } from '../codesets-cases.mjs';
import { createWorkerCptCodeSet, createWorkerCodeSet } from '/site/lib/worker-client.mjs';
import { fetchCatalog, chooseCodeSets, openCodeSets } from '/site/lib/catalog.mjs';

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function clientCases() {
  const out = [];
  const run = async (name, fn) => {
    try {
      await fn();
      out.push({ name: `client: ${name}`, ok: true });
    } catch (e) {
      out.push({ name: `client: ${name}`, ok: false, error: `${e && e.name}: ${e && e.message}` });
    }
  };
  await run('createWorkerCptCodeSet builds CPT in a Worker from bytes sent by postMessage', async () => {
    const bytes = new TextEncoder().encode(CPT_TSV);
    const cpt = await createWorkerCptCodeSet(bytes.buffer, { name: 'cpt-2026.tsv' });
    try {
      check(cpt.loadInfo.info.system === 'CPT', 'system');
      check(cpt.loadInfo.report.codes === 5, `codes ${cpt.loadInfo.report.codes}`);
      check(cpt.loadInfo.report.issues.length === 4, 'issues');
      const r = await cpt.search('992');
      check(r.results.map((x) => x.code).join() === '99213,99214', `search ${r.results.map((x) => x.code)}`);
      check((await cpt.lookup('0001U')).title === 'Test laboratory descriptor, glucose panel', 'lookup');
    } finally {
      await cpt.close();
    }
  });
  await run('a refused CPT file rejects with its error code', async () => {
    let err = null;
    try {
      await createWorkerCptCodeSet('no codes here\n', { name: 'x.txt' });
    } catch (e) {
      err = e;
    }
    check(err && err.code === 'INVALID_ARGUMENT', `got ${err && err.code}`);
  });
  await run('a catalog group with ICD-10-CM, HCPCS and an added CPT set: merge, filter, dated lookup, modifiers', async () => {
    const catalog = await fetchCatalog('/site/codesets/index.json');
    const { chosen } = chooseCodeSets(catalog.entries);
    const group = await openCodeSets(chosen);
    try {
      const hasHcpcs = group.systems.includes('HCPCS');
      const cpt = await createWorkerCptCodeSet(CPT_TSV, { name: 'cpt-2026.tsv' });
      group.addCodeSet(cpt);
      check(group.systems.includes('CPT'), `systems ${group.systems}`);
      const r = await group.search('glucose', { limit: 50 });
      check(r.results.some((x) => x.system === 'CPT' && x.code === '0001U'), 'CPT result');
      check(r.results.some((x) => x.system === 'ICD-10-CM'), 'ICD-10-CM results');
      check(r.results.every((x) => x.system && x.year && x.label), 'system, year and label on each result');
      const only = await group.search('glucose', { limit: 50, systems: ['CPT'] });
      check(only.results.every((x) => x.system === 'CPT'), 'filter');
      if (hasHcpcs) {
        const w = await group.search('wheelchair', { limit: 50 });
        check(w.results.some((x) => x.system === 'HCPCS'), 'HCPCS results');
        // J1100 is a HCPCS code and, undotted, an ICD-10-CM code: the system decides.
        check((await group.lookup('J1100', { system: 'HCPCS' })).system === 'HCPCS', 'HCPCS J1100');
        const t = await group.lookup('A4466', { system: 'HCPCS', dateOfService: '2016-01-04' });
        check(t.billable === true && t.terminated === false, 'billable before its termination');
        check((await group.validate('A4466', { system: 'HCPCS' })).status === 'terminated', 'terminated');
        check((await group.modifiers('KX'))[0].code === 'KX', 'modifiers');
        const e11 = await group.search('E11', { limit: 30 });
        check(e11.results[0].system === 'ICD-10-CM' && e11.results.slice(0, 20).every((x) => x.system === 'ICD-10-CM'),
          'a code query keeps its own code set first');
      }
      await group.removeCodeSet(cpt);
      check(!group.systems.includes('CPT'), 'removed');
    } finally {
      group.close();
    }
  });
  await run('createWorkerCodeSet: lookup and validate take options through the Worker', async () => {
    const catalog = await fetchCatalog('/site/codesets/index.json');
    const hcpcs = catalog.entries.find((e) => e.system === 'HCPCS');
    if (!hcpcs) return;
    const cs = await createWorkerCodeSet(hcpcs.url);
    try {
      check((await cs.lookup('A4466', { dateOfService: '2017-01-01' })).billable === false, 'after termination');
      check((await cs.validate('A2036', { dateOfService: '2025-09-01' })).status === 'not-yet-effective', 'not yet');
      check((await cs.modifiers('')).length === 383, 'modifiers');
    } finally {
      await cs.close();
    }
  });
  return out;
}

const results = [...await runCases('main'), ...await inWorker('codesets'), ...await clientCases()];
publish(results);
