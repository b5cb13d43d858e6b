// Note-coding quality: `coder suggest` against evaluation sets of note lines and short notes
// (bench/notes/*.json, format "medcode-note-eval"), with today's search top 10 as the baseline.
//
//   node bench/notes/run.mjs [--coder build/native/bin/coder] [--codeset FILE] [SET.json ...]
//
// Figures per set (micro-averaged over required codes and suggested codes):
//   recall     required codes filled (a required code is an inner list of acceptable codes;
//              one suggested code fills at most one)
//   precision  suggested codes that fill a required code / suggested codes
//   F1, forbidden (share of items with a forbidden code suggested; "X-" = any code under X),
//   exact (every required code filled, nothing else suggested), first (the first suggested
//   code fills the first required code), and ms per item (one CLI process per set: load + all items, divided).
// The search baseline suggests the top 10 codes of `coder search` for the whole text.
// A set marked "blind": true prints figures only; a dev set also writes its misses to
// build/bench/notes/misses-SET.tsv.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  if (i < 0) return def;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const root = resolve(new URL('../..', import.meta.url).pathname);
const coder = opt('--coder', join(root, 'build/native/bin/coder'));
const codeset = opt('--codeset', join(root, 'build/codesets/icd10cm-2027.mcs'));
const noBaseline = args.includes('--no-baseline') ? (args.splice(args.indexOf('--no-baseline'), 1), true) : false;
const sets = args.length ? args : ['notes-dev.json', 'notes-dev-2.json', 'notes-dev-3.json', 'notes-dev-4.json', 'notes-dev-5.json', 'notes-dev-6.json', 'notes-dev-7.json', 'notes-dev-8.json', 'notes-dev-9.json', 'notes-dev-10.json', 'notes-dev-11.json', 'notes-dev-12.json', 'notes-dev-13.json', 'notes-dev-14.json', 'notes-dev-15.json', 'notes-dev-16.json', 'notes-blind.json'].map((f) => join(root, 'bench/notes', f));

const run = (cmdArgs, input) =>
  execFileSync(coder, ['--codeset', codeset, ...cmdArgs], { input, maxBuffer: 64 << 20, encoding: 'utf8' });

// One process per set and engine: --batch --ndjson for the notes, --batch for search.
function suggestAll(items) {
  const input = items.map((i) => JSON.stringify({ text: i.text, setting: i.setting || 'outpatient' })).join('\n') + '\n';
  const t0 = performance.now();
  const lines = run(['suggest', '--batch', '--ndjson'], input).split('\n');
  const ms = (performance.now() - t0) / Math.max(1, items.length);
  return { codes: items.map((_, k) => (lines[k] ? lines[k].split('\t').filter(Boolean) : [])), ms };
}

// The search box takes at most 24 words: the baseline searches the first 16 space-separated words.
function searchAll(items) {
  const input = items.map((i) => i.text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 16).join(' ').slice(0, 1000)).join('\n') + '\n';
  const t0 = performance.now();
  const lines = run(['search', '--batch', '--limit', '10'], input).split('\n');
  const ms = (performance.now() - t0) / Math.max(1, items.length);
  return { codes: items.map((_, k) => (lines[k] ? lines[k].split('\t').filter(Boolean) : [])), ms };
}

const matches = (code, pattern) => (pattern.endsWith('-') ? code.startsWith(pattern.slice(0, -1)) : code === pattern);

function score(items, predictAll) {
  const s = { items: 0, req: 0, filled: 0, suggested: 0, useful: 0, forbidden: 0, exact: 0, first: 0, misses: [] };
  const { codes, ms } = predictAll(items);
  items.forEach((item, k) => {
    const got = codes[k];
    s.items++;
    const slots = item.required.map((alts) => ({ alts, filled: false }));
    let useful = 0;
    for (const code of got) {
      const slot = slots.find((sl) => !sl.filled && sl.alts.includes(code));
      if (slot) {
        slot.filled = true;
        useful++;
      }
    }
    const filled = slots.filter((sl) => sl.filled).length;
    s.req += slots.length;
    s.filled += filled;
    s.suggested += got.length;
    s.useful += useful;
    const bad = got.filter((c) => (item.forbidden || []).some((f) => matches(c, f)));
    if (bad.length) s.forbidden++;
    if (filled === slots.length && useful === got.length) s.exact++;
    if (slots.length && got.length && slots[0].alts.includes(got[0])) s.first++;
    if (filled < slots.length || useful < got.length || bad.length)
      s.misses.push([item.id, item.required.map((a) => a.join('|')).join(' '), got.join(' '), bad.join(' ')]);
  });
  const recall = s.filled / Math.max(1, s.req);
  const precision = s.useful / Math.max(1, s.suggested);
  return {
    n: s.items,
    recall,
    precision,
    f1: (2 * recall * precision) / Math.max(1e-9, recall + precision),
    forbidden: s.forbidden / Math.max(1, s.items),
    exact: s.exact / Math.max(1, s.items),
    first: s.first / Math.max(1, s.items),
    ms,
    misses: s.misses,
  };
}

const pct = (x) => (100 * x).toFixed(1).padStart(5);
const row = (name, r) =>
  `${name.padEnd(28)} ${String(r.n).padStart(4)}  ${pct(r.recall)}  ${pct(r.precision)}  ${pct(r.f1)}  ${pct(r.forbidden)}  ${pct(r.exact)}  ${pct(r.first)}  ${r.ms.toFixed(1).padStart(6)}`;
console.log('set / engine                   n  recall  prec     F1  forbid  exact  first  ms/item');
const outDir = join(root, 'build/bench/notes');
mkdirSync(outDir, { recursive: true });
for (const file of sets) {
  let set;
  try {
    set = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${basename(file)}: not read (${e.code || e.message})`);
    continue;
  }
  const name = basename(file, '.json');
  for (const [label, filter] of [['lines', (i) => i.kind === 'line'], ['notes', (i) => i.kind === 'note'], ['all', () => true]]) {
    const items = set.items.filter(filter);
    if (!items.length) continue;
    const ours = score(items, suggestAll);
    console.log(row(`${name} ${label} suggest`, ours));
    if (!noBaseline) console.log(row(`${name} ${label} search top 10`, score(items, searchAll)));
    if (label === 'all' && !set.blind) {
      writeFileSync(join(outDir, `misses-${name}.tsv`), ours.misses.map((m) => m.join('\t')).join('\n') + '\n');
    }
  }
}
