// The import state coder-import writes beside an ICD-10-CM code set (NAME.import.mcs,
// codesets/importer/icd10cm_state.h) is for coder-import --load only: the assembled site
// (scripts/assemble-site.sh) neither serves nor lists nor precaches it, so a first visit
// never downloads it. Against the assembled site and the build/codesets it came from:
//   MEDCODE_SITE=build/site node --test tests/js/site_import_state.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(ROOT, 'build/site'));
const BUILT = path.join(ROOT, 'build/codesets');

test('the site has every code set built but no import state file', (t) => {
  if (!fs.existsSync(path.join(SITE, 'codesets/index.json')) || !fs.existsSync(BUILT)) {
    t.skip('no assembled site or build/codesets (make site)');
    return;
  }
  const built = fs.readdirSync(BUILT).filter((f) => f.endsWith('.mcs'));
  const states = built.filter((f) => f.endsWith('.import.mcs'));
  const served = fs.readdirSync(path.join(SITE, 'codesets'));
  for (const f of built.filter((x) => !states.includes(x))) assert.ok(served.includes(`${f}.gz`), `${f} is served`);
  for (const f of served) assert.ok(!f.includes('.import.'), `${f} is served`);
  const index = fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8');
  const precache = fs.readFileSync(path.join(SITE, 'precache.json'), 'utf8');
  for (const f of states) {
    assert.ok(!index.includes(f), `codesets/index.json lists ${f}`);
    assert.ok(!precache.includes(f), `precache.json lists ${f}`);
  }
});
