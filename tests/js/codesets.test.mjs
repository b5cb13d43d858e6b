// HCPCS and CPT JS API cases (codesets-cases.mjs) under Node's test runner, against the
// assembled site:   MEDCODE_SITE=build/site node --test tests/js/
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { cases } from './codesets-cases.mjs';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
let api;

before(async () => {
  const m = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  const engine = await m.createEngine();
  const read = (f) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets', f))));
  const hcpcsFile = fs.readdirSync(path.join(SITE, 'codesets')).find((f) => /^hcpcs-.*\.mcs\.gz$/.test(f));
  api = {
    createEngine: m.createEngine, MedcodeError: m.MedcodeError, engine,
    icd: engine.loadCodeSet(read('icd10cm-2027.mcs.gz')),
    hcpcs: hcpcsFile ? engine.loadCodeSet(read(hcpcsFile)) : null,
  };
});

after(() => {
  if (!api) return;
  api.icd.close();
  if (api.hcpcs) api.hcpcs.close();
});

for (const c of cases) {
  test(c.name, (t) => {
    if (c.needs && !api[c.needs]) return t.skip(`the site has no ${c.needs} code set`);
    return c.fn(api);
  });
}
