// scripts/bundle-worker.mjs: the search Worker in one file. Fixture modules in a temporary
// folder (every import and export form it takes; the bundle run in Node gives what the modules
// give), the forms it refuses (with file and line), and the site's own lib/worker.mjs.
//   MEDCODE_SITE=build/site node --test tests/js/bundle-worker.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../../scripts/bundle-worker.mjs';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');

function folder(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-bundle-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('the bundle of fixture modules gives what the modules give (named, aliased, default, re-exported, dynamic imports)', async () => {
  const dir = folder({
    'base.mjs': 'export const ANSWER = 42;\nexport function twice(x) {\n  return 2 * x;\n}\nexport class Box { constructor(v) { this.v = v; } }\n',
    'glue.mjs': 'var make = (() => {\n  return () => "made:" + typeof import.meta.url;\n})();\nexport default make;\n',
    'mid.mjs': "import { twice as double, ANSWER } from './base.mjs';\nimport make from './glue.mjs';\nexport { Box } from './base.mjs';\nconst local = double(ANSWER);\nexport async function run() {\n  return [local, make()];\n}\nexport { local as value };\n",
    'entry.mjs': "const mid = import('./mid.mjs');\nmid.then(async ({ run, value, Box }) => {\n  globalThis.__bundleResult = { ran: await run(), value, box: new Box(7).v };\n});\n",
  });
  try {
    const { text, modules } = bundle(dir, 'entry.mjs');
    assert.deepEqual(modules, ['base.mjs', 'glue.mjs', 'mid.mjs', 'entry.mjs']);
    assert.doesNotMatch(text, /^\s*(import|export)\b/m, 'no import or export statement is left');
    const out = path.join(dir, 'bundled.mjs');
    fs.writeFileSync(out, text);
    await import(pathToFileURL(out).href);
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(globalThis.__bundleResult, { ran: [84, 'made:string'], value: 84, box: 7 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('forms it does not take stop the build with the file and line: export let, a cycle, an import from outside the folder', () => {
  const cases = [
    [{ 'entry.mjs': "import { x } from './a.mjs';\nconsole.log(x);\n", 'a.mjs': '// a\nexport let x = 1;\nx = 2;\n' }, /a\.mjs:2: an import or export form/],
    [{ 'entry.mjs': "import { a } from './a.mjs';\n", 'a.mjs': "import { b } from './b.mjs';\nexport const a = 1;\n", 'b.mjs': "import { a } from './a.mjs';\nexport const b = 2;\n" }, /cycle/],
    [{ 'entry.mjs': "import { a } from '../a.mjs';\n" }, /entry\.mjs:1: an import or export form/],
    [{ 'entry.mjs': 'export const x = 1;\n' }, /entry exports nothing/],
  ];
  for (const [files, message] of cases) {
    const dir = folder(files);
    try {
      assert.throws(() => bundle(dir, 'entry.mjs'), message);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("the site's lib/worker.mjs is the Worker with its modules in one file: no import left, its request table and the engine inside", { skip: !fs.existsSync(path.join(SITE, 'lib/worker.mjs')) }, () => {
  const text = fs.readFileSync(path.join(SITE, 'lib/worker.mjs'), 'utf8');
  assert.match(text, /^\/\/ worker\.mjs with the modules it imports/);
  assert.doesNotMatch(text, /^\s*(import|export)\b/m);
  assert.doesNotMatch(text, /\bimport\(\s*['"]\.\//, 'no module is imported at run time');
  for (const m of ['errors.mjs', 'rpc-worker.mjs', 'fetch-bytes.mjs', 'file-cache.mjs', 'medcode.mjs', 'medcode-wasm.mjs', 'practice-requests.mjs']) {
    assert.match(text, new RegExp(`^// ---- ${m.replace('.', '\\.')}$`, 'm'), m);
  }
  assert.match(text, /^\/\/ ---- worker\.mjs$/m);
});
