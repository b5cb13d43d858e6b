// web/lib/catalog.mjs under Node (no browser): reading codesets/index.json, choosing one
// code set per system by date of service, and a group of code sets searched as one
// (with stand-in code sets), including files that hold several code systems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SITE } from './helpers.mjs';

const { fetchCatalog, chooseCodeSets, parseSystems, CodeSetGroup } = await import(path.join(SITE, 'lib/catalog.mjs'));

const entries = [
  { id: 'icd10cm-2025', file: 'codesets/icd10cm-2025.mcs.gz', system: 'ICD-10-CM', year: 2025, label: 'ICD-10-CM FY2025', effectiveFrom: '2024-10-01', effectiveTo: '2025-09-30' },
  { id: 'icd10cm-2027', file: 'codesets/icd10cm-2027.mcs.gz', system: 'ICD-10-CM', year: 2026, label: 'ICD-10-CM FY2026', effectiveFrom: '2025-10-01', effectiveTo: '2026-09-30' },
  { id: 'hcpcs-2026', file: 'codesets/hcpcs-2026.mcs.gz', system: 'HCPCS', year: 2026, label: 'HCPCS 2026', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
  { id: 'edits', file: 'codesets/edits.mcs.gz' },  // not a code set the catalog offers
];

test('fetchCatalog reads the site\'s index.json and resolves file URLs against the site root', async () => {
  const text = fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8');
  const fetchImpl = async (url) => {
    assert.equal(url, 'https://clinic.example/medcode/codesets/index.json');
    return new Response(text, { status: 200 });
  };
  globalThis.document = { baseURI: 'https://clinic.example/medcode/' };
  try {
    const c = await fetchCatalog('codesets/index.json', { fetchImpl });
    const icd = c.entries.find((e) => e.system === 'ICD-10-CM');
    // The versioned name (file?v=HASH) is what the page requests.
    assert.match(icd.href, /^codesets\/[^?]+\.mcs\.gz\?v=[0-9a-f]{16}$/);
    assert.equal(icd.href.split('?')[0], icd.file);
    assert.equal(icd.url, `https://clinic.example/medcode/${icd.href}`);
    assert.equal(icd.effectiveFrom, '2025-10-01');
    // A list without versioned names (an older site): the plain file.
    const plain = JSON.stringify(JSON.parse(text).map(({ href, ...e }) => e));
    const old = await fetchCatalog('codesets/index.json', { fetchImpl: async () => new Response(plain, { status: 200 }) });
    assert.equal(old.entries.find((e) => e.system === 'ICD-10-CM').url, `https://clinic.example/medcode/${icd.file}`);
    await assert.rejects(fetchCatalog('x.json', { fetchImpl: async () => new Response('nope', { status: 404 }) }), { code: 'IO' });
    await assert.rejects(fetchCatalog('x.json', { fetchImpl: async () => new Response('{oops', { status: 200 }) }), { code: 'CORRUPT' });
  } finally {
    delete globalThis.document;
  }
});

test('chooseCodeSets: one file per system, in force on the date of service, else the newest with a note', () => {
  assert.deepEqual(parseSystems('icd-10-cm, HCPCS'), ['ICD-10-CM', 'HCPCS']);
  assert.equal(parseSystems(''), null);
  let r = chooseCodeSets(entries);
  assert.deepEqual(r.chosen.map((e) => e.id), ['icd10cm-2027', 'hcpcs-2026']);
  assert.deepEqual(r.notes, []);
  r = chooseCodeSets(entries, { dateOfService: '2025-03-15' });
  assert.deepEqual(r.chosen.map((e) => e.id), ['icd10cm-2025', 'hcpcs-2026']);
  assert.equal(r.notes.length, 1);
  assert.match(r.notes[0].message, /No HCPCS code set here is in force on 2025-03-15; showing HCPCS 2026/);
  r = chooseCodeSets(entries, { systems: 'icd-10-cm', dateOfService: '2026-09-30' });
  assert.deepEqual(r.chosen.map((e) => e.id), ['icd10cm-2027']);
  r = chooseCodeSets(entries, { systems: ['CPT'] });
  assert.deepEqual(r.chosen, []);
  assert.equal(r.notes[0].kind, 'missing-system');
  r = chooseCodeSets(entries, { dateOfService: '03/15/2025' });
  assert.equal(r.notes[0].kind, 'bad-date');
  assert.deepEqual(r.chosen.map((e) => e.id), ['icd10cm-2027', 'hcpcs-2026']);
});

function fakeMember(info, results, { unknown = [] } = {}) {
  const calls = [];
  return {
    calls,
    entry: { url: `https://x/${info.label}` },
    info,
    cs: {
      search: async (q, o) => {
        calls.push(o);
        const list = results.filter((x) => !o.systems || o.systems.includes(x.system));
        return { query: q, total: list.length * 10, results: list.slice(0, o.limit), unknownWords: unknown };
      },
      lookup: async (code) => {
        const x = results.find((y) => y.code === code);
        if (!x) throw Object.assign(new Error(`${code} not found`), { code: 'NOT_FOUND', name: 'MedcodeError' });
        return { ...x };
      },
      validate: async (code) => ({ status: results.some((y) => y.code === code) ? 'valid' : 'unknown', code }),
    },
  };
}

test('a group merges results by score, filters by system and finds a code in the right code set', async () => {
  const icd = fakeMember({ system: 'ICD-10-CM', label: 'ICD-10-CM FY2026' }, [
    { code: 'E11.9', score: 90, system: 'ICD-10-CM' }, { code: 'E11.8', score: 40, system: 'ICD-10-CM' },
  ], { unknown: ['zz', 'insulin'] });
  const multi = fakeMember({ system: 'HCPCS', systems: ['HCPCS', 'CPT'], label: 'HCPCS + CPT 2026' }, [
    // a code set's results come best first (its own order is kept in the merge)
    { code: '99213', score: 95, system: 'CPT' }, { code: 'A4253', score: 70, system: 'HCPCS' },
  ], { unknown: ['zz'] });
  const g = new CodeSetGroup([icd, multi]);
  assert.deepEqual(g.systems, ['ICD-10-CM', 'HCPCS', 'CPT']);
  let r = await g.search('diabetes', { limit: 3 });
  assert.deepEqual(r.results.map((x) => x.code), ['99213', 'E11.9', 'A4253']);
  assert.deepEqual(r.results.map((x) => x.label), ['HCPCS + CPT 2026', 'ICD-10-CM FY2026', 'HCPCS + CPT 2026']);
  assert.deepEqual(r.unknownWords, ['zz'], 'a word is unknown only when no code set knows it');
  assert.equal(r.total, 40);
  r = await g.search('diabetes', { systems: ['hcpcs'] });
  assert.deepEqual(r.results.map((x) => x.code), ['A4253']);
  assert.deepEqual(multi.calls.at(-1).systems, ['HCPCS'], 'a file with several systems is asked to filter');
  assert.equal(icd.calls.length, 1, 'the ICD-10-CM file is not searched for HCPCS');
  assert.equal((await g.lookup('A4253')).label, 'HCPCS + CPT 2026');
  await assert.rejects(g.lookup('Q9999'), { code: 'NOT_FOUND' });
  assert.equal((await g.validate('A4253')).status, 'valid');
  assert.equal((await g.validate('Q9999')).status, 'unknown');
});
