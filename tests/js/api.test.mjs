// The JS API cases (api-cases.mjs) under Node's test runner, against the assembled site:
//   MEDCODE_SITE=build/site node --test tests/js/
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { cases, makeApi } from './api-cases.mjs';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
let api;

before(async () => {
  const modules = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  const read = (f) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, f))));
  const ix = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8')).find((e) => e.kind === 'index' && e.of === 'icd10cm-2027');
  api = await makeApi(modules, read('codesets/icd10cm-2027.mcs.gz'), ix ? read(ix.file) : null);
});

after(() => api && api.icd.close());

for (const c of cases) {
  test(c.name, () => c.fn(api));
}
