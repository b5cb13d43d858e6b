// The import state coder-import writes beside an ICD-10-CM code set (NAME.import.mcs,
// codesets/importer/icd10cm_state.h) is what a new ICD-10-CM year is compiled onto, with the
// code set: the assembled site (scripts/assemble-site.sh) serves it gzipped under a versioned
// name, the code set's `importStateHref` in codesets/index.json, and precache.json lists it
// "lazy", so the service worker never fetches it on install and a first visit never downloads
// it (the Updates view's Worker does, for an ICD-10-CM order file only).
// Against the assembled site and the build/codesets it came from:
//   MEDCODE_SITE=build/site node --test tests/js/site_import_state.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(ROOT, 'build/site'));
const BUILT = path.join(ROOT, 'build/codesets');

test('the site serves every file built; an import state as a lazy file its code set names', (t) => {
  if (!fs.existsSync(path.join(SITE, 'codesets/index.json')) || !fs.existsSync(BUILT)) {
    t.skip('no assembled site or build/codesets (make site)');
    return;
  }
  const built = fs.readdirSync(BUILT).filter((f) => f.endsWith('.mcs'));
  const states = built.filter((f) => f.endsWith('.import.mcs'));
  assert.ok(states.length >= 1, 'coder-import wrote an import state beside the ICD-10-CM file');
  const served = fs.readdirSync(path.join(SITE, 'codesets'));
  for (const f of built) assert.ok(served.includes(`${f}.gz`), `${f} is served`);
  const index = JSON.parse(fs.readFileSync(path.join(SITE, 'codesets/index.json'), 'utf8'));
  const precache = JSON.parse(fs.readFileSync(path.join(SITE, 'precache.json'), 'utf8'));
  for (const f of states) {
    const e = index.find((x) => x.file === `codesets/${f}.gz`);
    assert.equal(e.kind, 'import-state', `${f} is listed as an import state`);
    assert.equal(e.of, f.replace(/\.import\.mcs$/, ''));
    assert.match(e.href, /^codesets\/[^?]+\.import\.mcs\.gz\?v=[0-9a-f]{16}$/);
    const of = index.find((x) => x.id === e.of);
    assert.equal(of.kind, 'codeset');
    assert.equal(of.importStateHref, e.href, 'its code set names it by its versioned name');
    assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(SITE, e.file))).equals(fs.readFileSync(path.join(BUILT, f))), `${f}: the bytes built`);
    const p = precache.files.find((x) => x.url === e.file);
    assert.ok(p && p.lazy === true && p.href === e.href, `${f} is lazy in precache.json (never fetched on install)`);
  }
  for (const e of index.filter((x) => x.kind === 'codeset' && x.system !== 'ICD-10-CM')) {
    assert.equal(e.importStateHref, undefined, `${e.id} has no import state`);
  }
  for (const f of ['lib/medcode-import-icd-wasm.wasm', 'lib/medcode-import-icd-wasm.mjs']) {
    const p = precache.files.find((x) => x.url === f);
    assert.ok(p && p.lazy === true, `${f} (the ICD-10-CM importer) is lazy`);
  }
});
