// The practice JS API cases (practice-cases.mjs) under Node's test runner, against the
// assembled site: MEDCODE_SITE=build/site node --test tests/js/
// The code-set files are found through the site's codesets/index.json (never by name).
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { cases, makePracticeApi, closePracticeApi } from './practice-cases.mjs';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');

/** The newest file of a code system in the site's catalog, inflated. */
function siteCodeSet(site, system) {
  const list = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  const e = list.filter((x) => x.system === system).sort((a, b) => (b.year || 0) - (a.year || 0))[0];
  if (!e) throw new Error(`the site ${site} has no ${system} code set`);
  const buf = fs.readFileSync(path.join(site, e.file));
  return new Uint8Array(e.file.endsWith('.gz') ? zlib.gunzipSync(buf) : buf);
}

/** The Index file of that code set (codesets/index.json: indexHref), inflated; null without. */
function siteIndex(site, system) {
  const list = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  const e = list.filter((x) => x.system === system).sort((a, b) => (b.year || 0) - (a.year || 0))[0];
  const ix = e && list.find((x) => x.kind === 'index' && x.of === e.id);
  return ix ? new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(site, ix.file)))) : null;
}

let api;

before(async () => {
  const medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  api = await makePracticeApi(medcode, {
    icdBytes: siteCodeSet(SITE, 'ICD-10-CM'),
    icdIndexBytes: siteIndex(SITE, 'ICD-10-CM'),
    hcpcsBytes: siteCodeSet(SITE, 'HCPCS'),
    casesText: fs.readFileSync(path.join(SITE, 'practice/cases.json'), 'utf8'),
  });
});

after(() => api && closePracticeApi(api));

for (const c of cases) {
  test(`practice: ${c.name}`, () => c.fn(api));
}
