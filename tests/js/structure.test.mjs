// The JS API's structure: the error-code and finding-kind lists of the JS modules are the
// names the wasm module exports (errorCodeNames, claimKindNames), no import cycle among the
// page's modules, and no wasm glue in the page's module graph outside the Workers.
//   MEDCODE_SITE=build/site node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

test('ERROR_CODES and FINDING_KINDS are the names the wasm module exports', async () => {
  const { default: createModule } = await import(pathToFileURL(path.join(SITE, 'lib/medcode-wasm.mjs')).href);
  const m = await createModule({ wasmBinary: fs.readFileSync(path.join(SITE, 'lib/medcode-wasm.wasm')) });
  const { ERROR_CODES } = await import(pathToFileURL(path.join(SITE, 'lib/errors.mjs')).href);
  const { FINDING_KINDS } = await import(pathToFileURL(path.join(SITE, 'lib/claims.mjs')).href);
  const medcode = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
  assert.deepEqual([...ERROR_CODES], JSON.parse(m.errorCodeNames()));
  assert.deepEqual([...FINDING_KINDS], JSON.parse(m.claimKindNames()));
  // One list, re-exported: medcode.mjs gives the same objects.
  assert.equal(medcode.ERROR_CODES, ERROR_CODES);
  assert.equal(medcode.FINDING_KINDS, FINDING_KINDS);
});

/** Static imports (import ... from / export ... from / import 'x') of a module, resolved. */
function importsOf(file) {
  const src = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const out = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g)) {
    if (m[1].startsWith('.')) out.push(path.resolve(path.dirname(file), m[1]));
  }
  return out;
}

function graph(entry) {
  const seen = new Set();
  const walk = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (fs.existsSync(f)) for (const d of importsOf(f)) walk(d);
  };
  walk(entry);
  return seen;
}

const modules = fs.readdirSync(WEB, { recursive: true }).filter((f) => /\.(mjs|js)$/.test(f) && !f.startsWith('samples'))
  .map((f) => path.join(WEB, f));

test('the import reader sees imports (a check that can fail)', () => {
  assert.ok(importsOf(path.join(WEB, 'lib/claims.mjs')).some((f) => f.endsWith('errors.mjs')));
  assert.ok(graph(path.join(WEB, 'lib/claims-worker.mjs')).has(path.join(WEB, 'lib/medcode-wasm.mjs')));
});

test('the search Worker starts its download before any other module arrives: worker.mjs has no static import', () => {
  const worker = path.join(WEB, 'lib/worker.mjs');
  assert.deepEqual(importsOf(worker).map((f) => path.relative(WEB, f)), [], 'worker.mjs imports nothing statically');
  // Its helpers and the engine come by import() (the check above would see a static one).
  const src = fs.readFileSync(worker, 'utf8');
  for (const f of ['fetch-bytes.mjs', 'rpc-worker.mjs', 'medcode.mjs']) assert.match(src, new RegExp(`import\\('\\./${f.replace('.', '\\.')}'\\)`), `worker.mjs loads ${f} with import()`);
  // ... and the page's first module (start.js) starts the Workers without the views.
  const s = graph(path.join(WEB, 'start.js'));
  assert.ok(s.has(path.join(WEB, 'lib/catalog.mjs')));
  for (const f of [...s]) assert.ok(!f.includes(`${path.sep}views${path.sep}`), `start.js imports ${path.relative(WEB, f)}`);
});

test('no import cycle among web/ modules', () => {
  const state = new Map();  // file -> 1 visiting, 2 done
  const stack = [];
  const visit = (f) => {
    if (state.get(f) === 2) return;
    if (state.get(f) === 1) assert.fail(`import cycle: ${[...stack.slice(stack.indexOf(f)), f].map((p) => path.relative(WEB, p)).join(' -> ')}`);
    state.set(f, 1);
    stack.push(f);
    if (fs.existsSync(f)) for (const d of importsOf(f)) visit(d);
    stack.pop();
    state.set(f, 2);
  };
  for (const f of modules) visit(f);
});

test('the page and the component load no wasm glue outside the Workers', () => {
  const glue = [path.join(WEB, 'lib/medcode-wasm.mjs'), path.join(WEB, 'lib/medcode.mjs')];
  for (const entry of ['start.js', 'app.js', 'claims.js', 'index-view.js', 'views/practice.js', 'lib/code-search.mjs', 'lib/catalog.mjs', 'lib/worker-client.mjs', 'lib/claims-client.mjs']) {
    const g = graph(path.join(WEB, entry));
    for (const f of glue) assert.ok(!g.has(f), `${entry} imports ${path.relative(WEB, f)}`);
  }
});

test('claims.mjs reads no private field of another class', () => {
  const src = fs.readFileSync(path.join(WEB, 'lib/claims.mjs'), 'utf8');
  assert.doesNotMatch(src, /\b(?:icd|engine|codeSet)\._[a-zA-Z]/);
});

test('the claim view\'s Worker opens ICD-10-CM as the claim checker reads it (openClaimCodeSet: no search index, no Index)', () => {
  // Its heap counts towards the page's (issue 14: a full open costs 18 MB more), and
  // bench/visit_bench.mjs measures it through the same function.
  const src = fs.readFileSync(path.join(WEB, 'lib/claims-worker.mjs'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  assert.match(src, /\bopenClaimCodeSet\(engine, /, 'claims-worker.mjs opens its code set with openClaimCodeSet');
  assert.doesNotMatch(src, /\.loadCodeSet\(/, 'claims-worker.mjs opens no code set of its own');
});
