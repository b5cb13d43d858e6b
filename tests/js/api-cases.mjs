// JS API test cases, run unchanged in Node (api.test.mjs) and in Chromium
// (tests/e2e/api.browser.test.mjs via tests/js/browser/). No Node-only imports here.
//
// Each case is { name, fn(api) } where api is
//   { createEngine, MedcodeError, ERROR_CODES, fetchCodeSetBytes, bytes, engine, icd }
// bytes: the decompressed icd10cm-2027.mcs; engine: createEngine(); icd: engine.loadCodeSet(bytes),
// with its Index file (indexBytes, when the site has one) attached.

class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

export const assert = {
  ok(v, msg) {
    if (!v) throw new AssertionError(msg || `expected a truthy value, got ${show(v)}`);
  },
  equal(a, b, msg) {
    if (a !== b) throw new AssertionError(`${msg ? msg + ': ' : ''}expected ${show(b)}, got ${show(a)}`);
  },
  match(s, re, msg) {
    if (typeof s !== 'string' || !re.test(s)) throw new AssertionError(`${msg ? msg + ': ' : ''}${show(s)} does not match ${re}`);
  },
  deepEqual(a, b, msg) {
    if (show(a) !== show(b)) throw new AssertionError(`${msg ? msg + ': ' : ''}expected ${show(b)}, got ${show(a)}`);
  },
  /** Runs fn, expects a MedcodeError with `code`; returns it. */
  throwsCode(fn, MedcodeError, code, msg) {
    let err = null;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    if (!err) throw new AssertionError(`${msg ? msg + ': ' : ''}expected a MedcodeError ${code}, nothing was thrown`);
    if (!(err instanceof MedcodeError)) {
      throw new AssertionError(`${msg ? msg + ': ' : ''}expected a MedcodeError ${code}, got ${err && err.name}: ${err && err.message}`);
    }
    if (err.code !== code) throw new AssertionError(`${msg ? msg + ': ' : ''}expected code ${code}, got ${err.code} (${err.message})`);
    if (typeof err.message !== 'string' || !err.message) throw new AssertionError('the error has no message');
    return err;
  },
};

const codes = (r) => r.results.map((x) => x.code);

export const cases = [
  {
    name: 'attachIndex: the code set from its file has no Index until its Index file is attached; a second or a wrong file is refused',
    fn({ engine, bytes, indexBytes, MedcodeError }) {
      assert.ok(indexBytes, 'the site has the Index file of icd10cm-2027');
      assert.throwsCode(() => engine.loadCodeSet(indexBytes), MedcodeError, 'INVALID_ARGUMENT', 'an Index file is not a code set');
      const cs = engine.loadCodeSet(bytes);
      try {
        assert.equal(cs.hasIndex, false);
        assert.deepEqual(cs.index.books(), []);
        assert.throwsCode(() => cs.index.find('Diabetes'), MedcodeError, 'NOT_FOUND');
        assert.throwsCode(() => cs.attachIndex(bytes), MedcodeError, 'INVALID_ARGUMENT', 'a code-set file is not an Index file');
        const damaged = new Uint8Array(indexBytes);
        damaged[damaged.length >> 1] ^= 0x5a;
        assert.throwsCode(() => cs.attachIndex(damaged), MedcodeError, 'BAD_CHECKSUM');
        assert.equal(cs.hasIndex, false, 'a refused file leaves the code set as it was');
        assert.equal(cs.attachIndex(indexBytes), 4);
        assert.equal(cs.hasIndex, true);
        assert.deepEqual(cs.index.books().map((b) => b.key), ['index', 'eindex', 'neoplasm', 'drug']);
        assert.equal(cs.index.find('Diabetes, type 2').title, 'type 2');
        assert.deepEqual(cs.lookup('E11.9').code, 'E11.9', 'the code set itself answers as before');
        assert.throwsCode(() => cs.attachIndex(indexBytes), MedcodeError, 'INVALID_ARGUMENT', 'a second Index');
      } finally {
        cs.close();
      }
    },
  },
  {
    name: 'warmUp and prepareMemory (a Worker waiting for its bytes): memory readied until `until` settles (0 when it has, all when it never does); the code set then opens and searches the same',
    async fn({ createEngine, bytes, icd }) {
      const engine = await createEngine();
      const ms = engine.warmUp();
      assert.ok(Number.isFinite(ms) && ms >= 0, `warmUp returns its milliseconds: ${ms}`);
      assert.equal(await engine.prepareMemory(8 << 20, Promise.resolve()), 0, 'until settled already');
      assert.equal(await engine.prepareMemory(-1, new Promise(() => {})), 0, 'a negative size');
      assert.equal(await engine.prepareMemory(Number.NaN, new Promise(() => {})), 0, 'not a number');
      assert.equal(await engine.prepareMemory(8 << 20, new Promise(() => {})), 8 << 20, 'until never settles: all of it');
      // Stopped after its first slice (the bytes arrive meanwhile): part of it.
      let stop;
      const until = new Promise((resolve) => { stop = resolve; });
      const part = engine.prepareMemory(64 << 20, until);
      queueMicrotask(stop);
      const n = await part;
      assert.ok(n > 0 && n < 64 << 20, `stopped part way: ${n} bytes`);
      const cs = engine.loadCodeSet(bytes);
      try {
        assert.deepEqual(cs.search('diabetes', { limit: 20 }), icd.search('diabetes', { limit: 20 }));
        for (const c of ['E11.9', 'S52.001A']) assert.deepEqual(cs.lookup(c), icd.lookup(c), c);
      } finally {
        cs.close();
      }
    },
  },
  {
    name: 'loadCodeSet(bytes, { search: false }) (the claim checker\'s): the same lookups and validation; search and suggest refused',
    fn({ engine, bytes, icd, MedcodeError }) {
      const cs = engine.loadCodeSet(bytes, { search: false });
      try {
        for (const c of ['E11.9', 'S52.001A', 'E11', 'Z00.00']) {
          assert.deepEqual(cs.lookup(c), icd.lookup(c), c);
          assert.deepEqual(cs.validate(c, { dateOfService: '2026-03-02' }), icd.validate(c, { dateOfService: '2026-03-02' }), c);
        }
        assert.deepEqual(cs.info.codes, icd.info.codes);
        assert.throwsCode(() => cs.search('diabetes'), MedcodeError, 'INVALID_ARGUMENT');
        assert.throwsCode(() => cs.suggest('Type 2 diabetes.'), MedcodeError, 'INVALID_ARGUMENT');
        assert.equal(cs.hasIndex, false);
      } finally {
        cs.close();
      }
    },
  },
  {
    name: 'info names ICD-10-CM FY2027 and FY2026, their dates and the inputs with sha256',
    fn({ icd }) {
      const info = icd.info;
      assert.equal(info.system, 'ICD-10-CM');
      assert.equal(info.year, 2027);
      assert.deepEqual(info.years.map((y) => [y.label, y.effectiveFrom, y.effectiveTo]),
        [['FY2026', '2025-10-01', '2026-09-30'], ['FY2027', '2026-10-01', '2027-09-30']]);
      assert.match(info.label, /ICD-10-CM/);
      assert.ok(info.codes > 70000, `codes: ${info.codes}`);
      assert.ok(Array.isArray(info.inputs) && info.inputs.length >= 3, 'inputs listed');
      for (const inp of info.inputs) {
        assert.match(inp.sha256, /^[0-9a-f]{64}$/, `sha256 of ${inp.name}`);
        assert.ok(inp.name && inp.role && Number.isInteger(inp.year), `input fields of ${show(inp)}`);
      }
      assert.ok(info.inputs.some((i) => i.role === 'order' && i.year === 2026), 'the FY2026 order file is an input');
      assert.ok(info.inputs.some((i) => i.role === 'order' && i.year === 2027), 'the FY2027 order file is an input');
    },
  },
  {
    name: 'search "diabetes" has E11.9 in the top 10, billable, FY2027 (the newest year without a date)',
    fn({ icd }) {
      const r = icd.search('diabetes', { limit: 10 });
      assert.ok(r.total >= 10, `total ${r.total}`);
      assert.ok(r.results.length <= 10, 'limit respected');
      const hit = r.results.find((x) => x.code === 'E11.9');
      assert.ok(hit, `E11.9 not in ${codes(r)}`);
      assert.equal(hit.billable, true);
      assert.equal(hit.year, 2027);
      assert.equal(hit.system, 'ICD-10-CM');
      assert.match(hit.title, /diabetes/i);
      assert.equal(r.codeSet, 'ICD-10-CM FY2027');
    },
  },
  {
    name: 'search says how many codes match every word and only some, which results lead a condition, and "did you mean"',
    fn({ icd }) {
      const one = icd.search('type 2 diabetes', { limit: 10 });
      assert.equal(one.everyWord, true);
      assert.ok(one.partial > 0, `partial ${one.partial}`);
      assert.equal(one.leads, 0);
      // Two conditions no code has whole: each leads with its best code.
      const two = icd.search('chf w/ afib', { limit: 10 });
      assert.equal(two.everyWord, false);
      assert.equal(two.leads, 2);
      assert.deepEqual(new Set(codes(two).slice(0, 2)), new Set(['I50.9', 'I48.91']), codes(two));
      assert.deepEqual(new Set(two.results.slice(0, 2).map((x) => x.matchedWords.join(' '))), new Set(['chf', 'afib']));
      const combo = icd.search('dm2 with ckd stage 3', { limit: 10 });
      assert.deepEqual(codes(combo).slice(0, 2), ['E11.22', 'N18.30'], 'the combination code, then the stage');
      // A code-shaped query that is no code.
      const dym = icd.search('T36.01A', { limit: 10 });
      assert.equal(dym.results.length, 0);
      assert.deepEqual(dym.didYouMean.slice(0, 1), ['T36.0X1A']);
      assert.match(dym.didYouMeanReason, /placeholder X/);
      assert.equal(icd.search('E11.9').didYouMean, undefined, 'a valid code has no "did you mean"');
    },
  },
  {
    name: 'the date of service chooses the code year: search, lookup, validate, suggest, changes',
    fn({ icd }) {
      const codesOf = (r) => r.results.map((x) => x.code);
      const before = icd.search('dilated cardiomyopathy', { limit: 10, dateOfService: '2026-05-01' });
      assert.equal(before.codeSet, 'ICD-10-CM FY2026');
      assert.ok(codesOf(before).includes('I42.0') && !codesOf(before).includes('I42.00'), codesOf(before).join(' '));
      assert.equal(before.results.find((x) => x.code === 'I42.0').billable, true);
      assert.equal(before.results[0].year, 2026);
      const after = icd.search('dilated cardiomyopathy', { limit: 10, dateOfService: '2026-12-01' });
      assert.ok(codesOf(after).includes('I42.00'), codesOf(after).join(' '));
      // (I42.0, a header in FY2027, follows the page's other concepts now that its own code
      // I42.00 is on it: SearchOptions::fold_forms.)
      assert.ok(!codesOf(after).slice(0, codesOf(after).indexOf('I42.00')).includes('I42.0'), codesOf(after).join(' '));
      assert.equal(icd.lookup('I42.0', { dateOfService: '2026-12-01' }).billable, false);
      const del = icd.lookup('T52.8X1A', { dateOfService: '2026-12-01' });
      assert.equal(del.billable, false);
      assert.equal(del.codeYear, 'FY2027');
      assert.equal(del.validTo, '2026-09-30');
      assert.ok(del.replacedBy.includes('T52.811A'), del.replacedBy.join(' '));
      assert.equal(icd.lookup('T52.8X1A', { dateOfService: '2026-06-01' }).billable, true);
      const early = icd.validate('I42.00', { dateOfService: '2026-05-01' });
      assert.equal(early.status, 'not-yet-effective');
      assert.deepEqual(early.suggestions, ['I42.0']);
      assert.equal(icd.validate('I42.00', { dateOfService: '2026-10-01' }).status, 'valid');
      assert.equal(icd.yearFor('2026-12-01').label, 'FY2027');
      assert.equal(icd.yearFor('2024-01-01').outside, true);
      const s = icd.suggest('dilated cardiomyopathy', { dateOfService: '2026-05-01' });
      assert.deepEqual(s.codes.map((c) => c.code), ['I42.0']);
      assert.equal(s.codes[0].year, 2026);
      const ch = icd.changes();
      assert.equal(ch.to, 'FY2027');
      assert.deepEqual([ch.counts.added, ch.counts.deleted, ch.counts.retitled, ch.counts['became-header']], [238, 21, 4, 15]);
      let bad = null;
      try { icd.search('x', { dateOfService: '2026-13-01' }); } catch (e) { bad = e; }
      assert.ok(bad && bad.code === 'INVALID_ARGUMENT' && /date/.test(bad.message), String(bad));
    },
  },
  {
    name: 'search "e11" lists codes starting with E11',
    fn({ icd }) {
      const r = icd.search('e11', { limit: 20 });
      assert.ok(r.results.length > 0, 'results');
      assert.equal(r.results[0].code, 'E11');
      for (const x of r.results) assert.ok(x.code.startsWith('E11'), `${x.code} starts with E11`);
    },
  },
  {
    name: 'search "E11.9" puts the exact code first',
    fn({ icd }) {
      const r = icd.search('E11.9');
      assert.equal(r.results[0].code, 'E11.9');
      assert.equal(r.results[0].match, 'exact-code');
      assert.equal(icd.search('e11.9').results[0].code, 'E11.9', 'case-insensitive');
    },
  },
  {
    name: 'search words match in any order',
    fn({ icd }) {
      const a = icd.search('type 2 diabetes mellitus without complications', { limit: 5 });
      // "without" governs the words after it: they move together.
      const b = icd.search('without complications mellitus diabetes type 2', { limit: 5 });
      assert.ok(codes(a).includes('E11.9'), `E11.9 in ${codes(a)}`);
      assert.ok(codes(b).includes('E11.9'), `E11.9 in ${codes(b)}`);
      assert.equal(a.total, b.total, 'same number of matches');
      const w = icd.search('type 2 diabetes mellitus complications', { limit: 5 });
      assert.ok(codes(w)[0] !== 'E11.9', 'complications is the opposite of E11.9 (without complications)');
      const c = icd.search('ulna fracture', { limit: 50 });
      assert.ok(c.results.length > 0 && c.results.every((x) => /ulna/i.test(x.title) || /ulna/i.test(x.why.text)),
        'every hit is about the ulna');
    },
  },
  {
    name: 'search limit must be an integer from 1 to 1000 (INVALID_ARGUMENT)',
    fn({ icd, MedcodeError }) {
      for (const limit of [0, -1, 1001, 2.5, '10', NaN]) {
        assert.throwsCode(() => icd.search('diabetes', { limit }), MedcodeError, 'INVALID_ARGUMENT', `limit ${show(limit)}`);
      }
      assert.equal(icd.search('diabetes', { limit: 1 }).results.length, 1);
      assert.ok(icd.search('a', { limit: 1000 }).results.length <= 1000);
    },
  },
  {
    name: 'a 5000-character query is refused (INPUT_TOO_LONG)',
    fn({ icd, MedcodeError }) {
      assert.throwsCode(() => icd.search('a'.repeat(5000)), MedcodeError, 'INPUT_TOO_LONG');
      assert.throwsCode(() => icd.lookup('E'.repeat(5000)), MedcodeError, 'INPUT_TOO_LONG');
    },
  },
  {
    name: 'a lone surrogate is refused (INVALID_UTF8)',
    fn({ icd, MedcodeError }) {
      assert.throwsCode(() => icd.search('diabetes \uD800'), MedcodeError, 'INVALID_UTF8', 'lone high surrogate');
      assert.throwsCode(() => icd.search('\uDC00 diabetes'), MedcodeError, 'INVALID_UTF8', 'lone low surrogate');
      assert.throwsCode(() => icd.lookup('E11\uD83D'), MedcodeError, 'INVALID_UTF8', 'in lookup');
      // A proper pair (an emoji) is valid text: no INVALID_UTF8.
      const r = icd.search('diabetes \uD83D\uDE00');
      assert.ok(r && Array.isArray(r.results));
    },
  },
  {
    name: 'suggest codes a note: two conditions, "with", evidence as string indexes, negation, setting',
    fn({ icd, MedcodeError }) {
      const text = 'A/P: 1. CHF w/ afib\n2. Type 2 DM with CKD stage 3\nDenies chest pain.';
      const r = icd.suggest(text);
      assert.deepEqual(r.codes.map((c) => c.code), ['I50.9', 'I48.91', 'E11.22', 'N18.30']);
      assert.equal(r.setting, 'outpatient');
      const chf = r.codes[0];
      assert.equal(text.slice(...chf.evidence[0]), 'CHF');
      assert.ok(r.codes[3].rules.some((x) => x.id === 'use-additional' && x.section === 'I.A.13'), 'N18.30 asked for by E11.22');
      assert.ok(r.notCoded.some((n) => n.reason === 'negated' && text.slice(...n.span).includes('chest pain')));
      // Outside the Basic Multilingual Plane before the evidence: indexes stay in UTF-16 units.
      const t2 = '\u{1F600} afib';
      const r2 = icd.suggest(t2);
      assert.equal(t2.slice(...r2.codes[0].evidence[0]), 'afib');
      assert.deepEqual(icd.suggest('cough, probable pneumonia', { setting: 'inpatient' }).codes.map((c) => c.code), ['J18.9']);
      assert.deepEqual(icd.suggest('cough, probable pneumonia').codes.map((c) => c.code), ['R05.9']);
      const empty = icd.suggest(' .. ');
      assert.equal(empty.codes.length, 0);
      assert.ok(empty.emptyReason.length > 0);
      const big = assert.throwsCode(() => icd.suggest('x'.repeat(100001)), MedcodeError, 'INPUT_TOO_LONG');
      assert.ok(!String(big.message).includes('xxxx'), 'the text is not in the error');
      assert.throwsCode(() => icd.suggest('afib', { setting: 'er' }), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => icd.suggest('afib \uD83D'), MedcodeError, 'INVALID_UTF8');
    },
  },
  {
    name: 'lookup E11.9: hierarchy, billable, own and inherited notes',
    fn({ icd }) {
      const d = icd.lookup('E11.9');
      assert.equal(d.code, 'E11.9');
      assert.equal(d.billable, true);
      assert.match(d.title, /Type 2 diabetes mellitus without complications/);
      assert.deepEqual(d.hierarchy.map((x) => x.level), ['chapter', 'section', 'category', 'code']);
      assert.deepEqual(d.hierarchy.map((x) => x.code), ['4', 'E08-E13', 'E11', 'E11.9']);
      const inherited = d.notes.filter((n) => n.kind === 'excludes1' && n.from === 'E11' && n.inherited);
      assert.ok(inherited.length > 0, 'an excludes1 inherited from E11');
      const e08 = inherited.find((n) => n.refs.some((r) => r.first === 'E08'));
      assert.ok(e08, 'the E11 excludes1 names E08');
      assert.equal(e08.sourceYear, 2026);
      assert.match(e08.source, /\S/, 'the note names its source file');
      assert.ok(d.notes.some((n) => !n.inherited && n.from === 'E11.9'), 'E11.9 has its own note');
      assert.equal(d.seventh, null);
      assert.deepEqual(d.children, []);
    },
  },
  {
    name: 'lookup of an unknown code throws NOT_FOUND with a helpful message',
    fn({ icd, MedcodeError }) {
      const e = assert.throwsCode(() => icd.lookup('E11.99'), MedcodeError, 'NOT_FOUND');
      assert.match(e.message, /E11\.99/, 'the message names the code');
      const m = assert.throwsCode(() => icd.lookup('hello'), MedcodeError, 'NOT_FOUND');
      assert.match(m.message, /ICD-10-CM/, 'malformed input is explained');
    },
  },
  {
    name: "validate('T36.01A') is missing-placeholder and suggests T36.0X1A",
    fn({ icd }) {
      const v = icd.validate('T36.01A');
      assert.equal(v.status, 'missing-placeholder');
      assert.equal(v.suggestions[0], 'T36.0X1A');
      assert.match(v.message, /T36\.0X1A/);
      assert.equal(icd.validate('E11.9').status, 'valid');
      assert.equal(icd.validate('E11').status, 'header');
    },
  },
  {
    name: "buildSeventh('S52.001', 'A') is 'S52.001A'; a bad character is refused",
    fn({ icd, MedcodeError }) {
      assert.equal(icd.buildSeventh('S52.001', 'A'), 'S52.001A');
      assert.equal(icd.validate('S52.001A').status, 'valid');
      const e = assert.throwsCode(() => icd.buildSeventh('S52.001', 'Z'), MedcodeError, 'INVALID_ARGUMENT');
      assert.match(e.message, /Z/);
      assert.throwsCode(() => icd.buildSeventh('S52.001', 'AB'), MedcodeError, 'INVALID_ARGUMENT', 'two characters');
    },
  },
  {
    name: 'corrupted bytes (one byte flipped in the middle) throw BAD_CHECKSUM',
    fn({ engine, bytes, MedcodeError }) {
      const bad = bytes.slice();
      bad[bad.length >> 1] ^= 0xff;
      assert.throwsCode(() => engine.loadCodeSet(bad), MedcodeError, 'BAD_CHECKSUM');
    },
  },
  {
    // The payload CRC is left to a gzip reader that checked the same bytes (CodeSet::OpenOptions
    // payload_crc): fetchCodeSetBytes inflating a .gz with DecompressionStream, which refuses a
    // wrong gzip CRC-32 or length, as the page's download does. A body that was not gzip
    // (decoded by the HTTP layer: checked by nobody) keeps the file's own CRC check.
    name: 'fetchCodeSetBytes: a gzip CRC or length that does not match is refused; the bytes it inflated skip the file\'s payload CRC, others do not',
    async fn({ engine, bytes, fetchCodeSetBytes, MedcodeError }) {
      const gz = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      const from = (b) => ({ fetchImpl: async () => new Response(b) });
      for (const [at, what] of [[gz.length - 8, 'CRC-32'], [gz.length - 1, 'length (ISIZE)'], [gz.length >> 1, 'deflate data']]) {
        const bad = gz.slice();
        bad[at] ^= 0x01;
        let refused = false;
        try {
          await fetchCodeSetBytes('x', from(bad));
        } catch {
          refused = true;
        }
        assert.ok(refused, `a damaged gzip ${what} was inflated without an error`);
      }
      const got = await fetchCodeSetBytes('x', from(gz));
      assert.equal(got.length, bytes.length);
      const cs = engine.loadCodeSet(got);
      try {
        assert.equal(cs.lookup('E11.9').code, 'E11.9');
      } finally {
        cs.close();
      }
      const damaged = bytes.slice();
      damaged[damaged.length >> 1] ^= 0xff;
      assert.throwsCode(() => engine.loadCodeSet(damaged, { gzipChecked: false }), MedcodeError, 'BAD_CHECKSUM');
      const plain = await fetchCodeSetBytes('x', from(damaged));  // not gzip: not marked
      assert.throwsCode(() => engine.loadCodeSet(plain), MedcodeError, 'BAD_CHECKSUM', 'bytes no gzip reader checked');
      let code = null;
      try {
        engine.loadCodeSet(damaged, { gzipChecked: true }).close();
      } catch (e) {
        code = e.code;
      }
      assert.ok(code !== 'BAD_CHECKSUM', 'gzipChecked: the payload CRC is not computed (the header and records still are)');
    },
  },
  {
    name: 'truncated bytes throw TRUNCATED',
    fn({ engine, bytes, MedcodeError }) {
      assert.throwsCode(() => engine.loadCodeSet(bytes.subarray(0, bytes.length - 1000)), MedcodeError, 'TRUNCATED');
      assert.throwsCode(() => engine.loadCodeSet(bytes.subarray(0, 16)), MedcodeError, 'TRUNCATED', 'header only');
    },
  },
  {
    name: 'random bytes throw BAD_MAGIC',
    fn({ engine, MedcodeError }) {
      const junk = new Uint8Array(4096);
      let x = 0x2545f491;
      for (let i = 0; i < junk.length; i++) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
        junk[i] = x & 0xff;
      }
      assert.throwsCode(() => engine.loadCodeSet(junk), MedcodeError, 'BAD_MAGIC');
      assert.throwsCode(() => engine.loadCodeSet('not bytes'), MedcodeError, 'INVALID_ARGUMENT', 'a string');
    },
  },
  {
    name: 'a closed code set throws on every call; ArrayBuffer input works',
    fn({ engine, bytes, MedcodeError }) {
      const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const cs = engine.loadCodeSet(ab);
      assert.equal(cs.lookup('E11.9').code, 'E11.9');
      cs.close();
      cs.close();  // closing twice is harmless
      for (const [name, call] of [['search', () => cs.search('diabetes')], ['lookup', () => cs.lookup('E11.9')],
        ['validate', () => cs.validate('E11.9')], ['buildSeventh', () => cs.buildSeventh('S52.001', 'A')]]) {
        const e = assert.throwsCode(call, MedcodeError, 'INVALID_ARGUMENT', name);
        assert.match(e.message, /closed/, name);
      }
    },
  },
  {
    name: 'index.books: the Index, the External Cause Index, the Neoplasm Table and the Table of Drugs',
    fn({ icd }) {
      const books = icd.index.books();
      assert.deepEqual(books.map((b) => b.key), ['index', 'eindex', 'neoplasm', 'drug']);
      const [index, , neo, drug] = books;
      assert.equal(index.kind, 'index');
      assert.equal(index.name, 'Index to Diseases and Injuries');
      assert.equal(index.mainTerms, 8060);
      assert.equal(index.letters.length, 26);
      assert.equal(index.sourceYear, 2023);
      assert.equal(neo.kind, 'table');
      assert.deepEqual(neo.columns, ['Neoplasm', 'Malignant Primary', 'Malignant Secondary', 'Ca in situ', 'Benign',
        'Uncertain Behavior', 'Unspecified Behavior']);
      assert.equal(drug.letters[0].letter, '#');
      assert.equal(drug.columns[5], 'Adverse effect');
    },
  },
  {
    name: 'index.mainTerms: in order, by letter, by a folded prefix, paged',
    fn({ icd }) {
      const a = icd.index.mainTerms('index', { letter: 'A', limit: 3 });
      assert.equal(a.book, 'index');
      assert.equal(a.total, 709);
      assert.deepEqual(a.items.map((t) => t.title), ['Aarskog\'s syndrome', 'Abandonment', 'Abasia (-astasia) (hysterical)']);
      assert.equal(a.items[0].code.text, 'Q87.19');
      assert.deepEqual(a.items[2].nemod, ['Abasia ', '(-astasia) (hysterical)', '']);
      assert.equal(a.items[1].see.text, 'Maltreatment');
      assert.ok(Number.isInteger(a.items[1].see.node), 'the see target is a term');
      const next = icd.index.mainTerms('index', { letter: 'a', limit: 3, offset: 3 });
      assert.equal(next.offset, 3);
      assert.ok(next.items[0].id > a.items[2].id, 'document order');
      const p = icd.index.mainTerms('index', { prefix: 'DIABÈTES' });
      assert.deepEqual(p.items.map((t) => t.title), ['Diabetes, diabetic (mellitus) (sugar)']);
      assert.equal(p.items[0].code.code.code, 'E11.9');
      assert.equal(p.items[0].code.code.billable, true);
      assert.ok(p.items[0].children > 20, 'subterms counted');
      const byId = icd.index.mainTerms(3, { prefix: 'acetaminophen' });
      assert.equal(byId.book, 'drug');
      assert.equal(byId.total, 1);
    },
  },
  {
    name: 'index.node: a term with its path, code and subterms in order',
    fn({ icd }) {
      const found = icd.index.find('Diabetes, type 2, with');
      assert.equal(found.rest, '');
      assert.equal(found.title, 'with');
      assert.deepEqual(found.path.map((x) => x.title), ['Diabetes, diabetic (mellitus) (sugar)', 'type 2', 'with']);
      const hyper = found.subterms.find((t) => t.title === 'hyperglycemia');
      assert.ok(hyper, 'hyperglycemia under Diabetes, type 2, with');
      assert.equal(hyper.code.code.code, 'E11.65');
      const n = icd.index.node(hyper.id);
      assert.equal(n.level, 3);
      assert.equal(n.path.length, 4);
      assert.deepEqual(n.subterms, []);
      const kids = icd.index.children(found.id, { prefix: 'hyperg' });
      assert.equal(kids.parent, found.id);
      assert.deepEqual(kids.items.map((t) => t.title), ['hyperglycemia']);
      const partial = icd.index.find('Diabetes, type 2, with, no such thing');
      assert.equal(partial.title, 'with');
      assert.equal(partial.rest, 'no such thing');
    },
  },
  {
    name: 'index.follow: see and see also lead to their terms, tables and columns',
    fn({ icd, MedcodeError }) {
      const aban = icd.index.mainTerms('index', { prefix: 'abandonment' }).items[0];
      const f = icd.index.follow(aban.id);
      assert.equal(f.via, 'see');
      assert.equal(f.text, 'Maltreatment');
      assert.equal(f.target, 'node');
      assert.equal(f.node.title, 'Maltreatment');
      assert.ok(f.node.subterms.length > 0, 'the target with its subterms');
      // "Carcinoma — see also Neoplasm, by site, malignant": the Neoplasm Table, primary malignant column.
      const carc = icd.index.mainTerms('index', { prefix: 'carcinoma', limit: 1 }).items[0];
      const c = icd.index.follow(carc.id);
      assert.equal(c.via, 'seeAlso');
      assert.equal(c.book, 'neoplasm');
      assert.equal(c.column, 'Malignant Primary');
      assert.equal(c.partial, true);
      assert.equal(c.node.title, 'Neoplasm, neoplastic');
      // A see also with nothing to follow ("see also condition") is NOT_FOUND.
      const abd = icd.index.mainTerms('index', { prefix: 'abdomen, abdominal' }).items[0];
      assert.equal(abd.seeAlso.text, 'condition');
      const e = assert.throwsCode(() => icd.index.follow(abd.id), MedcodeError, 'NOT_FOUND');
      assert.match(e.message, /condition/);
      assert.throwsCode(() => icd.index.follow(p0(icd)), MedcodeError, 'NOT_FOUND', 'a term without see');
    },
  },
  {
    name: 'index tables: Neoplasm Table rows and Table of Drugs cells with their columns',
    fn({ icd }) {
      const row = icd.index.find('Neoplasm, neoplastic, abdomen, abdominal', { book: 'neoplasm' });
      assert.equal(row.book, 'neoplasm');
      assert.equal(row.cells.length, 7);
      assert.equal(row.cells[0], null);
      assert.equal(row.cells[1].text, 'C76.2');
      assert.equal(row.cells[1].code.billable, true);
      assert.equal(row.cells[2].text, 'C79.8-');
      assert.equal(row.cells[2].code.billable, false);
      const drug = icd.index.mainTerms('drug', { prefix: 'acetaminophen' }).items[0];
      assert.equal(drug.cells[5].text, 'T39.1X5');
      assert.equal(drug.cells[5].code.code, 'T39.1X5');
      assert.equal(drug.cells[5].code.billable, false, 'a 7th character is still needed');
      const top = icd.index.mainTerms('neoplasm').items[0];
      assert.equal(top.title, 'Neoplasm, neoplastic');
      const a = icd.index.children(top.id, { prefix: 'a', limit: 5000 });
      assert.ok(a.total > 20 && a.items.every((t) => /^a/i.test(t.title)), `${a.total} rows under A`);
    },
  },
  {
    name: 'index.where: the terms and cells that lead to a code',
    fn({ icd }) {
      const w = icd.index.where('e11.65');
      assert.equal(w.code, 'E11.65');
      assert.ok(w.total >= 2);
      assert.ok(w.items.some((x) => x.exact && x.path.join(', ') === 'Diabetes, diabetic, type 2, with, hyperglycemia'));
      const t = icd.index.where('T39.1X5A', { limit: 500 });
      assert.ok(t.items.some((x) => x.via === 'cell' && x.column === 'Adverse effect' && x.book === 'drug' && !x.exact));
    },
  },
  {
    name: 'index errors are typed: INVALID_ARGUMENT, NOT_FOUND, INPUT_TOO_LONG, INVALID_UTF8',
    fn({ icd, MedcodeError }) {
      for (const bad of [-1, 1.5, '3', null, 2 ** 40]) {
        assert.throwsCode(() => icd.index.node(bad), MedcodeError, 'INVALID_ARGUMENT', `node(${bad})`);
      }
      assert.throwsCode(() => icd.index.node(10_000_000), MedcodeError, 'NOT_FOUND');
      assert.throwsCode(() => icd.index.mainTerms('nope'), MedcodeError, 'NOT_FOUND');
      assert.throwsCode(() => icd.index.mainTerms('index', { letter: '%' }), MedcodeError, 'NOT_FOUND');
      assert.throwsCode(() => icd.index.mainTerms('index', { limit: 0 }), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => icd.index.mainTerms('index', { offset: -1 }), MedcodeError, 'INVALID_ARGUMENT');
      assert.throwsCode(() => icd.index.mainTerms('index', { prefix: 'x'.repeat(2000) }), MedcodeError, 'INPUT_TOO_LONG');
      assert.throwsCode(() => icd.index.mainTerms('index', { prefix: 'a\uD800' }), MedcodeError, 'INVALID_UTF8');
      assert.throwsCode(() => icd.index.find('Zzzzqx, nothing'), MedcodeError, 'NOT_FOUND');
      assert.throwsCode(() => icd.index.where('E11.99'), MedcodeError, 'NOT_FOUND');
      assert.equal(icd.index.mainTerms('index', { prefix: 'zzzzqx' }).total, 0, 'no match is an empty page');
    },
  },
];

/** A main term with neither see nor see also (the first of the Index). */
function p0(icd) {
  return icd.index.mainTerms('index', { limit: 1 }).items[0].id;
}

/** Loads everything a case needs. `modules` = { createEngine, MedcodeError, ERROR_CODES }. */
// indexBytes: the code set's Alphabetic Index and Tables file when the site has one (attached).
export async function makeApi(modules, bytes, indexBytes = null) {
  const engine = await modules.createEngine();
  const icd = engine.loadCodeSet(bytes);
  if (indexBytes) icd.attachIndex(indexBytes);
  return { ...modules, bytes, indexBytes, engine, icd };
}

/** Runs every case; returns [{ name, ok, error, ms }]. Used by the browser runner. */
export async function runAll(api) {
  const out = [];
  for (const c of cases) {
    const t0 = performance.now();
    try {
      await c.fn(api);
      out.push({ name: c.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: `${e && e.name}: ${e && e.message}`, ms: Math.round(performance.now() - t0) });
    }
  }
  return out;
}
