// The engines compared by the search-quality benchmark. Each adapter has
//   { id, label, indexes, config, buildMs, search(q) -> dotted codes, best first (at most LIMIT) }
// The competitor libraries index the same documents: every FY2026 code with its long title
// (from `coder export`), title only, configured the way a web developer would.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export const LIMIT = 10;

export async function oursWasm(siteDir) {
  const api = `${siteDir}/lib/medcode.mjs`;
  const gzFile = `${siteDir}/codesets/icd10cm-2027.mcs.gz`;
  for (const f of [api, `${siteDir}/lib/medcode-wasm.wasm`, gzFile]) {
    if (!fs.existsSync(f)) throw new Error(`missing ${f} (run make site)`);
  }
  const t0 = performance.now();
  const { createEngine } = await import(api);
  const engine = await createEngine();
  const bytes = zlib.gunzipSync(fs.readFileSync(gzFile));
  const cs = engine.loadCodeSet(bytes);
  if (!cs.info || cs.info.system !== 'ICD-10-CM') throw new Error(`wasm engine loaded an unexpected code set: ${JSON.stringify(cs.info)}`);
  return {
    id: 'ours-wasm',
    label: 'medcode (wasm, Node)',
    indexes: 'our .mcs code set: titles + Alphabetic Index terms + notes lexicon (whatever the importer builds)',
    config: { api: 'createEngine().loadCodeSet(bytes).search(q, { limit: 10 })', codeSet: gzFile },
    buildMs: performance.now() - t0,
    mcsBytes: bytes,
    search: (q) => cs.search(q, { limit: LIMIT }).results.map((r) => r.code),
  };
}

/** Runs every query through `coder search --batch` once; returns per-query codes and the total time. */
export function oursNativeBatch(coder, codesetFile, queries) {
  if (!fs.existsSync(coder)) throw new Error(`missing ${coder} (run make)`);
  for (const q of queries) if (/[\n\r]/.test(q)) throw new Error(`query contains a line break: ${JSON.stringify(q)}`);
  const t0 = performance.now();
  const out = execFileSync(coder, ['search', '--codeset', codesetFile, '--batch', '--limit', String(LIMIT)], {
    input: queries.join('\n') + '\n', maxBuffer: 256 << 20, encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  const lines = out.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== queries.length) {
    throw new Error(`coder search --batch printed ${lines.length} lines for ${queries.length} queries`);
  }
  return { results: lines.map((l) => (l ? l.split('\t') : [])), totalMs: ms };
}

export async function miniSearch(docs) {
  const { default: MiniSearch } = await import('minisearch');
  const config = { fields: ['title'], searchOptions: { fuzzy: 0.2, prefix: true, boost: { title: 2 } } };
  const t0 = performance.now();
  const ms = new MiniSearch({ ...config, idField: 'id', storeFields: [] });
  ms.addAll(docs);
  return {
    id: 'minisearch',
    label: 'MiniSearch 7 (fuzzy 0.2, prefix)',
    indexes: 'long titles only',
    config,
    buildMs: performance.now() - t0,
    search: (q) => ms.search(q).slice(0, LIMIT).map((r) => docs[r.id].code),
  };
}

/** One FlexSearch index, two ways to query it: plain (every word must match) and with `suggest`
 *  (partial matches allowed; a search-time option in FlexSearch 0.8). */
export async function flexSearch(docs) {
  const { Index } = await import('flexsearch');
  const config = { tokenize: 'forward' };
  const t0 = performance.now();
  const index = new Index(config);
  for (const d of docs) index.add(d.id, d.title);
  const buildMs = performance.now() - t0;
  const make = (suggest) => {
    const opts = suggest ? { limit: LIMIT, suggest: true } : { limit: LIMIT };
    return {
      id: suggest ? 'flexsearch-suggest' : 'flexsearch',
      label: suggest ? 'FlexSearch 0.8 (forward, suggest)' : 'FlexSearch 0.8 (forward)',
      indexes: 'long titles only',
      config: { index: config, search: opts },
      buildMs: suggest ? 0 : buildMs,
      search: (q) => index.search(q, opts).slice(0, LIMIT).map((id) => docs[id].code),
    };
  };
  return [make(false), make(true)];
}

export const FUSE_CONFIG = { keys: ['title'], threshold: 0.3, ignoreLocation: true };
export async function fuse(docs) {
  const { default: Fuse } = await import('fuse.js');
  const t0 = performance.now();
  const f = new Fuse(docs, FUSE_CONFIG);
  return {
    id: 'fuse',
    label: 'Fuse.js 7 (threshold 0.3, ignoreLocation)',
    indexes: 'long titles only',
    config: FUSE_CONFIG,
    buildMs: performance.now() - t0,
    search: (q) => f.search(q, { limit: LIMIT }).map((r) => r.item.code),
  };
}
