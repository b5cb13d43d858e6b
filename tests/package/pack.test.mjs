// The npm package: `scripts/pack.sh` (npm pack) makes a tarball that installs into an empty
// project without the network, whose JS API works under Node, whose types compile with
// tsc, and whose `medcode-site` tool turns the package plus a code-set file into a static
// site that works in Chromium behind scripts/serve.mjs (as it would behind nginx).
//   MEDCODE_SITE=build/site node --test tests/package/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(ROOT, 'build/site'));
// The site's own code set (the same build as its wasm), gzipped as served.
const CODESET = path.join(SITE, 'codesets/icd10cm-2027.mcs.gz');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });

let tmp, tarball, project;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-pack-'));
  const out = run('bash', [path.join(ROOT, 'scripts/pack.sh'), SITE, path.join(tmp, 'out')]).trim().split('\n');
  tarball = out[out.length - 1];
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'clinic-tools', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tarball holds the JS, the wasm, the types, the docs and the tools, and no code sets', () => {
  const files = run('tar', ['-tzf', tarball]).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  for (const f of ['package.json', 'README.md', 'lib/medcode.mjs', 'lib/medcode-wasm.mjs', 'lib/medcode-wasm.wasm',
    'lib/worker.mjs', 'lib/worker-client.mjs', 'lib/catalog.mjs', 'lib/code-search.mjs', 'lib/medcode.d.mts',
    'lib/worker-client.d.mts', 'lib/catalog.d.mts', 'lib/code-search.d.mts', 'bin/medcode-site.mjs',
    'lib/practice.mjs', 'lib/practice.d.mts', 'lib/practice-requests.mjs', 'practice/cases.json',
    'hosting/nginx.conf', 'hosting/apache.conf', 'index.html', 'sw.js', 'embed-example.html']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  assert.ok(!files.some((f) => /\.mcs(\.gz)?$/.test(f)), 'no code-set file is packed');
  const readme = fs.readFileSync(path.join(project, 'node_modules/medcode-web/README.md'), 'utf8');
  for (const s of ['application/wasm', 'medcode-site', 'Content-Security-Policy', 'make codesets', 'code-selected']) {
    assert.ok(readme.includes(s), `README mentions ${s}`);
  }
});

test('installed, the JS API works under Node', () => {
  const script = `
    import fs from 'node:fs';
    import zlib from 'node:zlib';
    import { createEngine, MedcodeError, ERROR_CODES } from 'medcode-web';
    const engine = await createEngine();
    const icd = engine.loadCodeSet(zlib.gunzipSync(fs.readFileSync(process.argv[2])));
    const r = icd.search('diabetes', { limit: 50 });
    const d = icd.lookup('e119');
    let bad;
    try { engine.loadCodeSet(new Uint8Array(100)); } catch (e) { bad = e instanceof MedcodeError ? e.code : String(e); }
    console.log(JSON.stringify({
      label: icd.info.label, found: r.results.some((x) => x.code === 'E11.9'), total: r.total,
      title: d.title, crumbs: d.hierarchy.length, validate: icd.validate('T36.01A').suggestions,
      seventh: icd.buildSeventh('S52.001', 'A'), bad, codes: ERROR_CODES.length,
    }));
    icd.close();
  `;
  fs.writeFileSync(path.join(project, 'check.mjs'), script);
  const out = JSON.parse(run(process.execPath, ['check.mjs', CODESET], { cwd: project }));
  assert.equal(out.label, 'ICD-10-CM FY2027 and FY2026');
  assert.equal(out.found, true);
  assert.ok(out.total > 100);
  assert.equal(out.title, 'Type 2 diabetes mellitus without complications');
  assert.equal(out.crumbs, 4);
  assert.deepEqual(out.validate, ['T36.0X1A']);
  assert.equal(out.seventh, 'S52.001A');
  assert.ok(['TRUNCATED', 'BAD_MAGIC'].includes(out.bad), out.bad);
  assert.equal(out.codes, 12);
});

test('the TypeScript declarations type-check a consumer (and catch a misuse)', () => {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const tsconfig = {
    compilerOptions: {
      target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
      lib: ['es2022', 'dom', 'dom.iterable'], types: [], skipLibCheck: false,
    },
    files: ['consumer.mts'],
  };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  fs.writeFileSync(path.join(project, 'consumer.mts'), `
    import { createEngine, MedcodeError, type SearchResult, type CodeDetail } from 'medcode-web';
    import { createWorkerCodeSet } from 'medcode-web/worker-client';
    import { fetchCatalog, chooseCodeSets, openCodeSets } from 'medcode-web/catalog';
    import type { CodeSelectedDetail, CodeSearchElement } from 'medcode-web/code-search';
    import 'medcode-web/code-search';
    import { loadPracticeCases, scoreWithHints, type GradeResult, type CaseSummary } from 'medcode-web/practice';

    export function practice(engine: Awaited<ReturnType<typeof createEngine>>, text: string, bytes: Uint8Array): number {
      const icd = engine.loadCodeSet(bytes);
      const p = loadPracticeCases(engine, text, { icd, hcpcs: null });
      const list: CaseSummary[] = p.list();
      const g: GradeResult = p.grade(list[0].id, 'B02.9 Z04.3');
      const chapters: string[] = p.stats().byChapter.map((r) => r.chapter);
      try { p.show('x'); } catch (e) { if (e instanceof MedcodeError && e.issues) console.log(e.issues[0].field); }
      console.log(g.items[0].verdict, g.key[0].indexPath, p.hints(list[0].id).steps[2].lines, chapters);
      return scoreWithHints(g.score, 1);
    }

    export async function node(bytes: Uint8Array): Promise<string[]> {
      const engine = await createEngine();
      const icd = engine.loadCodeSet(bytes);
      const r = icd.search('diabetes', { limit: 5 });
      const first: SearchResult | undefined = r.results[0];
      const d: CodeDetail = icd.lookup('E11.9');
      const s: string = icd.buildSeventh('S52.001', 'A');
      try { icd.validate('x'); } catch (e) { if (e instanceof MedcodeError) console.log(e.code); }
      return [first ? first.code : '', d.hierarchy[0].title, s, icd.info.effectiveFrom];
    }

    export async function browser(): Promise<void> {
      const icd = await createWorkerCodeSet('codesets/icd10cm-2027.mcs.gz', { onProgress: (p) => console.log(p.phase) });
      const opened = await icd.practice.open({ hcpcsUrl: null, casesUrl: 'practice/cases.json' });
      const graded = await icd.practice.grade('inf-001', ['B02.9']);
      console.log(opened.cases, opened.hcpcs?.label, graded.score, (await icd.practice.list()).length);
      const req = icd.search('ulna', { limit: 3, stream: 'typeahead' });
      icd.cancel(req.id);
      const catalog = await fetchCatalog('codesets/index.json');
      const { chosen } = chooseCodeSets(catalog.entries, { systems: 'ICD-10-CM', dateOfService: '2026-03-02' });
      const group = await openCodeSets(chosen);
      const g = await group.search('fracture', { systems: ['ICD-10-CM'] });
      console.log(g.bySystem, g.results.map((x) => x.label));
      const el: CodeSearchElement = document.createElement('code-search');
      el.addEventListener('code-selected', (e) => {
        const d: CodeSelectedDetail = e.detail;
        console.log(d.code, d.billable, d.inForce);
      });
      const ready = await el.ready;
      console.log(ready.codeSets[0].label, el.value, el.selected?.title);
    }
  `);
  run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });

  // A wrong use is a compile error.
  fs.writeFileSync(path.join(project, 'consumer.mts'), `
    import { createEngine } from 'medcode-web';
    const engine = await createEngine();
    const icd = engine.loadCodeSet(new Uint8Array(0));
    const n: number = icd.lookup('E11.9').title;
    icd.search(42);
    export {};
  `);
  let failed = null;
  try {
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });
  } catch (e) {
    failed = String(e.stdout);
  }
  assert.ok(failed, 'tsc rejects the misuse');
  assert.match(failed, /TS2322/);
  assert.match(failed, /TS2345/);
});

test('medcode-site makes a static site from the package and a code-set file; it works in Chromium', async () => {
  const site = path.join(tmp, 'www/medcode');
  const bin = path.join(project, 'node_modules/.bin/medcode-site');
  const out = run(bin, [site, '--app', '--codeset', CODESET], { cwd: project });
  assert.match(out, /1 code set\(s\) \[ICD-10-CM FY2027 and FY2026\]/);
  const index = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  assert.equal(index.length, 1);
  assert.deepEqual([index[0].file, index[0].system, index[0].year, index[0].effectiveFrom, index[0].effectiveTo],
    ['codesets/icd10cm-2027.mcs.gz', 'ICD-10-CM', 2027, '2025-10-01', '2027-09-30']);
  const pre = JSON.parse(fs.readFileSync(path.join(site, 'precache.json'), 'utf8'));
  assert.ok(pre.files.some((f) => f.url === 'codesets/icd10cm-2027.mcs.gz'));
  assert.ok(fs.readFileSync(path.join(site, 'sw.js'), 'utf8').includes(`const VERSION = '${pre.version}';`));
  // A damaged code-set file is reported (and listed without a system), not silently served.
  const bad = path.join(tmp, 'broken.mcs');
  fs.writeFileSync(bad, Buffer.from('not a code set'));
  const res = (() => {
    try {
      return { out: run(bin, [site, '--codeset', bad], { cwd: project }), err: '' };
    } catch (e) {
      return { out: e.stdout, err: e.stderr };
    }
  })();
  const index2 = JSON.parse(fs.readFileSync(path.join(site, 'codesets/index.json'), 'utf8'));
  assert.equal(index2.find((e) => e.id === 'broken').system, undefined);
  fs.rmSync(path.join(site, 'codesets/broken.mcs.gz'));
  run(bin, [site], { cwd: project });
  assert.ok(res.err.includes('broken.mcs.gz') || res.out.includes('broken'), 'the damaged file is reported');

  // Served as static files, the app searches and the component works.
  const { startServer, openBrowser } = await import('../e2e/helpers.mjs');
  const srv = await startServer(site);
  const browser = await openBrowser(srv.origin);
  try {
    const { page } = browser;
    await page.goto(`${srv.origin}/`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20000 });
    await page.locator('#q').fill('diabetes');
    await page.waitForSelector('#results [role="option"][data-code="E11.9"]');
    await page.goto(`${srv.origin}/embed-example.html`);
    await page.locator('#dx input').fill('E11.9');
    await page.locator('#dx [role="option"][data-code="E11.9"]').waitFor();
    assert.deepEqual(browser.foreign, []);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
    await srv.close();
  }
});
