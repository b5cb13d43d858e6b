// The claim pre-check JS API cases (claims-cases.mjs) under Node's test runner, against the
// assembled site: MEDCODE_SITE=build/site node --test tests/js/
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { cases, makeClaimsApi } from './claims-cases.mjs';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const read = (name) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets', name))));
let api;

before(async () => {
  const medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  const claims = await import(pathToFileURL(path.join(SITE, 'lib/claims.mjs')).href);
  api = await makeClaimsApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ...claims },
    read('icd10cm-2027.mcs.gz'), read('edits-2026.mcs.gz'));
});

after(() => {
  if (api) {
    api.checker.close();
    api.icd.close();
  }
});

for (const c of cases) {
  test(`claims: ${c.name}`, () => c.fn(api));
}
