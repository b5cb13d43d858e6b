// The ```js examples of README.md and package/README.md, run under Node against the
// assembled site (MEDCODE_SITE=build/site node --test tests/js/), so the documentation
// cannot drift from the API.
//
// - Each block runs in a child process whose working folder is the site (the page's
//   origin): './lib/X.mjs' and 'medcode-web' resolve to the site's modules, and
//   fetch() of a relative URL reads the site's file (as the page fetches it).
// - A line `EXPR;  // LITERAL` (a string, number or boolean) is checked: EXPR must equal it.
// - The placeholders the examples name (claim, claims, text, fileText, id, onProgress,
//   results) are given real values first (GIVENS below); any other unknown name fails.
// - A block marked `<!-- example: continues -->` runs after the one before it (same scope).
// - A block that is not meant to run is marked `<!-- example: not run: WHY -->` on the
//   line before its fence; there is no other way to skip one, and the count is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(ROOT, 'build/site'));
const DOCS = ['README.md', 'package/README.md'];

/** The ```js blocks of a Markdown file: { line, code, skip (reason or null), continues }. */
export function extractBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```js\s*$/.test(lines[i])) continue;
    const marker = (i > 0 && lines[i - 1].match(/^<!-- example: (not run: .+|continues) -->$/)) || null;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({
      line: i + 1,
      code: lines.slice(start, end).join('\n'),
      skip: marker && marker[1].startsWith('not run: ') ? marker[1].slice('not run: '.length) : null,
      continues: !!marker && marker[1] === 'continues',
    });
    i = end;
  }
  return blocks;
}

// import { a, b as c } from 'spec'; / import x from 'spec'; -> a dynamic import of the site's module.
function resolveSpec(spec) {
  if (spec.startsWith('node:')) return spec;
  if (spec === 'medcode-web') return pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href;
  if (spec.startsWith('medcode-web/')) return pathToFileURL(path.join(SITE, 'lib', `${spec.slice('medcode-web/'.length)}.mjs`)).href;
  if (spec.startsWith('./') || spec.startsWith('/')) return pathToFileURL(path.join(SITE, spec.replace(/^\/?(medcode\/)?/, ''))).href;
  throw new Error(`an example imports '${spec}', which this test cannot resolve`);
}

function rewrite(code) {
  return code.split('\n').map((line) => {
    let m = line.match(/^import \{([^}]*)\} from '([^']+)';(.*)$/);
    if (m) return `const {${m[1].replace(/ as /g, ': ')}} = await import(${JSON.stringify(resolveSpec(m[2]))});${m[3]}`;
    m = line.match(/^import (\w+) from '([^']+)';(.*)$/);
    if (m) return `const ${m[1]} = (await import(${JSON.stringify(resolveSpec(m[2]))})).default;${m[3]}`;
    m = line.match(/^(\s*)(.+?);(\s*)\/\/\s*('(?:[^'\\]|\\.)*'|true|false|-?\d+(?:\.\d+)?)\s*$/);
    if (m && !/^(const|let|var) /.test(m[2])) return `${m[1]}__expect(${m[2]}, ${m[4]}, ${JSON.stringify(m[2])});`;
    return line;
  }).join('\n');
}

// Real values for the placeholders the examples name.
const GIVENS = `
const __fs = (await import('node:fs')).default;
const __path = (await import('node:path')).default;
const __site = ${JSON.stringify(SITE)};
globalThis.fetch = async (url) => {
  const file = __path.join(__site, String(url).replace(/^\\/?(medcode\\/)?/, ''));
  const ok = __fs.existsSync(file);
  return new Response(ok ? __fs.readFileSync(file) : null, { status: ok ? 200 : 404 });
};
const __claims = JSON.parse(__fs.readFileSync(${JSON.stringify(path.join(ROOT, 'tests/cli/claims/office.json'))}, 'utf8'));
const claim = __claims[0];
const claims = __claims;
const text = __fs.readFileSync(${JSON.stringify(path.join(ROOT, 'tests/cli/claims/claims.csv'))}, 'utf8');
const fileText = __fs.readFileSync(${JSON.stringify(path.join(ROOT, 'tests/cli/cpt/cpt-test-2026.tsv'))}, 'utf8');
const onProgress = () => {};
let __results = [];
const __expect = (actual, expected, what) => {
  if (actual !== expected) throw new Error(\`\${what}: got \${JSON.stringify(actual)}, the documentation says \${JSON.stringify(expected)}\`);
};
`;

// Names an example uses for a value it got earlier on the page (declared before the block).
const LATE_GIVENS = {
  id: "const id = icd.index.find('Attack, heart').id;",   // a term with a see-reference
  results: 'const results = [checker.check(claim, { today: "2026-09-15" })];',
};

function runBlock(code, name) {
  const codeOf = (l) => l.replace(/\/\/.*$/, '');  // what a line does, not what its comment says
  const uses = (n, l) => new RegExp(`(?<![.\\w])${n}\\b`).test(codeOf(l));  // a name, not a property
  const body = rewrite(code).split('\n');
  const needed = Object.keys(LATE_GIVENS).filter((n) => body.some((l) => uses(n, l)) && !new RegExp(`(const|let) ${n}\\b`).test(code));
  // The late givens go just before their first use (after the block's own set-up: they use its engine).
  for (const n of needed) body.splice(body.findIndex((l) => uses(n, l)), 0, LATE_GIVENS[n]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-doc-'));
  const file = path.join(dir, 'example.mjs');
  fs.writeFileSync(file, `${GIVENS}\n${body.join('\n')}\n`);
  const r = spawnSync(process.execPath, [file], { cwd: SITE, encoding: 'utf8', timeout: 120000 });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, `${name} failed:\n${r.stderr}\n--- as run ---\n${body.join('\n')}`);
}

test('the example extractor sees every ```js block and its marker', () => {
  const md = 'a\n```js\nx;\n```\n<!-- example: not run: needs a page -->\n```js\ny;\n```\n<!-- example: continues -->\n```js\nz;\n```\n```json\n{}\n```\n';
  const b = extractBlocks(md);
  assert.deepEqual(b.map((x) => [x.code, x.skip, x.continues]), [['x;', null, false], ['y;', 'needs a page', false], ['z;', null, true]]);
  assert.match(rewrite("f(1);   // 'A'"), /__expect\(f\(1\), 'A'/);
  assert.match(rewrite("import { a, b as c } from './lib/medcode.mjs';"), /^const \{ a, b: c \} = await import\("file:/);
});

for (const doc of DOCS) {
  const blocks = extractBlocks(fs.readFileSync(path.join(ROOT, doc), 'utf8'));
  test(`${doc} has JS examples, and says why of each one that is not run`, () => {
    assert.ok(blocks.length >= 2, `${doc}: expected its JS examples`);
    assert.ok(blocks.some((b) => !b.skip), `${doc}: no example runs`);
    for (const b of blocks) if (b.skip) assert.ok(b.skip.trim().length >= 8, `${doc}:${b.line}: say why it is not run`);
  });
  blocks.forEach((b, k) => {
    if (b.skip) return;  // marked in the document, with the reason (checked above)
    test(`${doc}:${b.line} runs`, () => {
      assert.ok(!b.continues || k > 0, 'continues nothing');
      const code = b.continues ? `${blocks[k - 1].code}\n${b.code}` : b.code;
      runBlock(code, `${doc}:${b.line}`);
    });
  });
}
