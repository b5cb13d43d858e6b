// mergeResults (web/lib/catalog.mjs) against the core's SearchCodeSets (the CLI with two code
// sets): the page and the CLI must list the same codes in the same order.
//   MEDCODE_SITE=build/site node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const SITE = path.resolve(process.env.MEDCODE_SITE || 'build/site');
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CODER = path.join(ROOT, 'build/native/bin/coder');
const { mergeResults } = await import(pathToFileURL(path.join(SITE, 'lib/catalog.mjs')).href);

const r = (code, score, match = 'words') => ({ code, score, match });

test('a set\'s own order is kept: a lower-scored lead stays where its set put it', () => {
  const icd = { unknownWords: [], results: [r('S83.51', 65036), r('G96.11', 49364), r('S83.511', 63936)] };
  const hc = { unknownWords: ['acl'], results: [r('L1800', 50000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['S83.51', 'G96.11', 'S83.511', 'L1800']);
});

test('results matching every word alternate between the sets, best set first', () => {
  const icd = { unknownWords: [], results: [r('Z79.4', 110500), r('E11.9', 110400), r('E10.9', 110300)] };
  const hc = { unknownWords: [], results: [r('J1815', 112000), r('E0784', 105000), r('A4253', 60000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['J1815', 'Z79.4', 'E0784', 'E11.9', 'E10.9', 'A4253']);
});

test('a set that misses a word another set knows does not take turns', () => {
  const icd = { unknownWords: [], results: [r('E11.9', 110000), r('E11.8', 90000)] };
  const hc = { unknownWords: ['diabetes'], results: [r('K0001', 111000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['E11.9', 'K0001', 'E11.8']);
});

test('an exact code first, its own set\'s prefixes next, other sets\' prefixes after', () => {
  const icd = { unknownWords: [], results: [r('E11', 0xffffffff, 'exact-code'), r('E11.9', 0xfffffffe, 'code-prefix')] };
  const hc = { unknownWords: [], results: [r('E1100', 0xfffffffe, 'code-prefix')] };
  assert.deepEqual(mergeResults([hc, icd]).map((x) => x.code), ['E11', 'E11.9', 'E1100']);
});

test('the leads of a query naming several conditions stay first, in their set\'s order', () => {
  const icd = { unknownWords: [], leads: 2, everyWord: false, results: [r('I48.91', 60000), r('I50.9', 55000), r('I48.20', 59000)] };
  const hc = { unknownWords: [], leads: 0, everyWord: false, results: [r('G0557', 58000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['I48.91', 'I50.9', 'I48.20', 'G0557']);
  // A set having every word it knows, but not a word another set knows: the leads still go first.
  const partialSet = { unknownWords: ['afib'], leads: 0, everyWord: true, results: [r('G9680', 70000)] };
  assert.deepEqual(mergeResults([icd, partialSet]).map((x) => x.code).slice(0, 2), ['I48.91', 'I50.9']);
  // A set with a code having every word: no leads go first.
  const full = { unknownWords: [], leads: 0, everyWord: true, results: [r('K0001', 110000)] };
  assert.deepEqual(mergeResults([icd, full]).map((x) => x.code)[0], 'K0001');
});

test('of two sets with leads, the one whose best lead has most of the query\'s words leads', () => {
  const w = (text, use = 'exact') => ({ text, use });
  const icd = { unknownWords: [], leads: 2, everyWord: false, words: [w('home'), w('blood pressure', 'expanded'), w('automatic')],
    results: [{ ...r('Z74.2', 40000), matchedWords: ['home'] }, { ...r('I99.8', 39000), matchedWords: ['blood pressure'] }] };
  const hc = { unknownWords: [], leads: 2, everyWord: false, words: [w('home'), w('blood pressure', 'expanded'), w('automatic')],
    results: [{ ...r('A4670', 60000), matchedWords: ['blood pressure', 'automatic'] }, { ...r('E0607', 30000), matchedWords: ['home'] }] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code).slice(0, 2), ['A4670', 'E0607']);
  // A tie keeps the first set's leads; a corrected word does not count.
  const hcTie = { ...hc, results: [{ ...r('A4670', 60000), matchedWords: ['blood pressure'] }, hc.results[1]] };
  assert.deepEqual(mergeResults([icd, hcTie]).map((x) => x.code).slice(0, 2), ['Z74.2', 'I99.8']);
  const corrected = { ...hc, words: [w('home'), w('blood pressure', 'corrected'), w('automatic')] };
  assert.deepEqual(mergeResults([icd, corrected]).map((x) => x.code).slice(0, 2), ['Z74.2', 'I99.8']);
});

test('a set that found only the query\'s numbers comes after a set that found its words', () => {
  const icd = { unknownWords: ['solu', 'medrol'], leads: 0, words: [{ text: 'solu', use: 'unknown' }, { text: 'medrol', use: 'unknown' }, { text: '125', use: 'exact' }],
    results: [r('T36.0X1A', 40000)] };
  const hc = { unknownWords: [], leads: 0, words: [{ text: 'solu medrol', use: 'expanded' }, { text: '125', use: 'exact' }],
    results: [r('J2930', 30000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['J2930', 'T36.0X1A']);
});

test('a set that lacks a word another knows counts its scores as the share of the words it knows', () => {
  // "slipped on ice": HCPCS knows "ice" only (a cold pack matches all it knows); ICD-10-CM's
  // W00.0XXA has both words but pays the external cause's penalty.
  const icd = { unknownWords: [], leads: 0, words: [{ text: 'slipped ice', use: 'expanded' }], results: [r('W00.0XXA', 99000)] };
  const hc = { unknownWords: ['slipped'], leads: 0, words: [{ text: 'slipped', use: 'unknown' }, { text: 'ice', use: 'exact' }],
    results: [r('A9273', 101000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['W00.0XXA', 'A9273']);
});

test('a word a set only read as another word, while another set has it as typed, is a word it lacks', () => {
  // "concussion pass": HCPCS reads "concussion" as "conclusion"; ICD-10-CM has it. HCPCS's
  // scores count at half (it knows "pass" only); a split ("preeclampsia" as "pre eclampsia")
  // is the same word and counts as known.
  const icd = { unknownWords: [], leads: 0, words: [{ text: 'concussion', use: 'exact' }, { text: 'pass', use: 'exact' }],
    results: [r('S06.0X9A', 60000)] };
  const hc = { unknownWords: [], leads: 0,
    words: [{ text: 'concussion', use: 'corrected', used: 'conclusion' }, { text: 'pass', use: 'exact' }],
    results: [r('G0498', 110000)] };
  assert.deepEqual(mergeResults([icd, hc]).map((x) => x.code), ['S06.0X9A', 'G0498']);
  const split = { ...hc, words: [{ text: 'concussion', use: 'corrected', used: 'con cussion' }, { text: 'pass', use: 'exact' }] };
  assert.deepEqual(mergeResults([icd, split]).map((x) => x.code), ['G0498', 'S06.0X9A']);
});

test('the same order as the core (coder --system ICD-10-CM,HCPCS search) on the real code sets', (t) => {
  const hcpcsFile = fs.existsSync(path.join(SITE, 'codesets')) &&
    fs.readdirSync(path.join(SITE, 'codesets')).find((f) => /^hcpcs-.*\.mcs\.gz$/.test(f));
  if (!fs.existsSync(CODER) || !hcpcsFile) return t.skip('needs build/native/bin/coder and a HCPCS code set');
  return (async () => {
    const m = await import(pathToFileURL(path.join(SITE, 'lib/medcode.mjs')).href);
    const engine = await m.createEngine();
    const read = (f) => new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(SITE, 'codesets', f))));
    const sets = [engine.loadCodeSet(read('icd10cm-2027.mcs.gz')), engine.loadCodeSet(read(hcpcsFile))];
    try {
      for (const q of ['insulin', 'wheelchair', 'torn acl', 'diabetes', 'E11', 'chf w/ afib', 'glucose test strips', 'oxygen',
        'type 2 dm with ckd stage 3', 'copd exacerbation', 'broken left wrist', 'htn & hld',
        // leads giving way to a code with every part, a set that found only numbers, the set
        // whose lead has most words, a spelling correction not compared
        'pregnant with twins', 'solu medrol 125', 'depo medrol 40 mg', 'home blood pressure cuff automatic',
        'lasix iv push', 'hearing aid behind the ear one ear', 'tingling in my hands', 'cad s/p stent',
        // a set that lacks a word the other knows: its scores as the share of the words it knows
        'slipped on ice', 'bitten by dog initial', 'mvc driver',
        // a word one set only corrected to another word while the other set has it
        "concussion, didn't pass out", 'headache every day', 'preeclampsia']) {
        const replies = sets.map((cs) => cs.search(q, { limit: 10 }));
        const ours = mergeResults(replies).slice(0, 10).map((x) => x.code);
        const cli = JSON.parse(execFileSync(CODER, ['--codeset', path.join(ROOT, 'build/codesets/icd10cm-2027.mcs'),
          '--codeset', path.join(ROOT, 'build/codesets', hcpcsFile.replace(/\.gz$/, '')), 'search', '--json', '--limit', '10', q],
        { encoding: 'utf8' }));
        assert.deepEqual(ours, cli.results.map((x) => x.code), q);
      }
    } finally {
      for (const cs of sets) cs.close();
    }
  })();
});
