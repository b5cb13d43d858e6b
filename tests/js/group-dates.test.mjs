// CodeSetGroup (lib/catalog.mjs) with several code sets of one system (the site's HCPCS file
// and quarters a user loaded beside it): search, lookup and validate use the one in force on
// the date of service, else the newest; code sets alone in their system are untouched.
// Stub code sets (no wasm): each says which file answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const { CodeSetGroup } = await import(pathToFileURL(path.join(SITE, 'lib/catalog.mjs')).href);

function stub(system, label, effectiveFrom, effectiveTo) {
  const info = { system, label, year: Number(effectiveFrom.slice(0, 4)), effectiveFrom, effectiveTo };
  const hit = { code: 'E0100', title: label, score: 1 };
  return {
    info,
    search: async () => ({ total: 1, results: [hit], unknownWords: [], leads: 0, everyWord: true }),
    lookup: async () => ({ code: 'E0100', title: label }),
    validate: async () => ({ code: 'E0100', status: 'billable', label }),
  };
}

function group() {
  const icd = stub('ICD-10-CM', 'ICD-10-CM FY2027', '2026-10-01', '2027-09-30');
  const site = stub('HCPCS', 'HCPCS 2025Q4 (site)', '2025-10-01', '2025-12-31');
  const g = new CodeSetGroup([{ entry: { url: 'x' }, cs: icd, info: icd.info }, { entry: { url: 'y' }, cs: site, info: site.info }]);
  for (const q of [stub('HCPCS', 'HCPCS 2026Q2 (user-loaded)', '2026-04-01', '2026-06-30'),
    stub('HCPCS', 'HCPCS 2026Q1 (user-loaded)', '2026-01-01', '2026-03-31')]) g.addCodeSet(q);
  return g;
}

test('of several HCPCS files, the one in force on the date of service answers', async () => {
  const g = group();
  for (const [date, want] of [['2025-11-01', 'HCPCS 2025Q4 (site)'], ['2026-02-01', 'HCPCS 2026Q1 (user-loaded)'],
    ['2026-05-01', 'HCPCS 2026Q2 (user-loaded)']]) {
    assert.equal((await g.lookup('E0100', { system: 'HCPCS', dateOfService: date })).title, want, `lookup on ${date}`);
    assert.equal((await g.validate('E0100', { system: 'HCPCS', dateOfService: date })).label, want, `validate on ${date}`);
    const r = await g.search('cane', { dateOfService: date });
    assert.deepEqual(r.results.map((x) => x.title).sort(), ['ICD-10-CM FY2027', want].sort(), `search on ${date}: one HCPCS file`);
  }
});

test('a date no HCPCS file covers, or no date, uses the newest', async () => {
  const g = group();
  assert.equal((await g.lookup('E0100', { system: 'HCPCS', dateOfService: '2026-12-01' })).title, 'HCPCS 2026Q2 (user-loaded)');
  const r = await g.search('cane');
  assert.deepEqual(r.results.map((x) => x.title).sort(), ['HCPCS 2026Q2 (user-loaded)', 'ICD-10-CM FY2027']);
  assert.equal(g.systems.length, 2);
});
