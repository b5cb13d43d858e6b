// Query sets for the search-quality benchmark. Everything here is deterministic (fixed seeds):
// the same code set and index file always give the same queries.
//
// A query is { q, expect: [...], note? } where each expect entry is a dotted code ("E11.9") or a
// prefix ending in "-" ("S52.50-", "I21.-"): a result hits if it equals a code or starts with a prefix.
import fs from 'node:fs';
import zlib from 'node:zlib';

// ---- deterministic randomness -------------------------------------------------------------
export function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    shuffle(arr) {
      const a2 = arr.slice();
      for (let i = a2.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a2[i], a2[j]] = [a2[j], a2[i]];
      }
      return a2;
    },
  };
}

// ---- the code set as exported by `coder export` --------------------------------------------
export function parseExport(tsv) {
  const lines = tsv.split('\n');
  if (!/^code\tbillable\ttitle/.test(lines[0])) throw new Error(`coder export: unexpected header line: ${JSON.stringify(lines[0])}`);
  const codes = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    const [code, billable, title] = l.split('\t');
    if (!code || title === undefined) throw new Error(`coder export: bad line ${i + 1}: ${JSON.stringify(l)}`);
    codes.push({ code, billable: billable === '1', title });
  }
  const byCode = new Map(codes.map((c) => [c.code, c]));
  const sorted = codes.map((c) => c.code).sort();
  const hasPrefix = (p) => {
    // binary search for the first code >= p
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (sorted[m] < p) lo = m + 1; else hi = m; }
    return lo < sorted.length && sorted[lo].startsWith(p);
  };
  return { codes, byCode, hasPrefix };
}

/** "S52.50-" -> "S52.50", "I21.-" -> "I21"; null if not a prefix. */
export function prefixOf(e) {
  if (!e.endsWith('-')) return null;
  return e.slice(0, -1).replace(/\.$/, '');
}

/** Lenient: also a header that is the direct parent of an expected code ("F43.1" for F43.10, "S52.5" for "S52.50-"). */
export function isParentHit(code, expect, cs) {
  const c = cs.byCode.get(code);
  if (!c || c.billable) return false;
  const bare = code.replace('.', '');
  for (const e of expect) {
    const x = (prefixOf(e) ?? e).replace('.', '');
    if (x.length === bare.length + 1 && x.startsWith(bare)) return true;
  }
  return false;
}

export function isHit(code, expect) {
  for (const e of expect) {
    const p = prefixOf(e);
    if (p !== null ? code.startsWith(p) : code === e) return true;
  }
  return false;
}

// ---- 1. Alphabetic Index paths --------------------------------------------------------------
const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function cleanTitle(raw) {
  return raw
    .replace(/<nemod>[\s\S]*?<\/nemod>/g, ' ')   // non-essential modifiers are not part of the term
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => ENT[e])
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every coded node of the Index to Diseases as { path: [main term, subterm, ...], code }. */
export function parseIndexXml(xml) {
  const out = [];
  const stack = []; // { title }
  const re = /<mainTerm>|<\/mainTerm>|<term\b[^>]*>|<\/term>|<title>([\s\S]*?)<\/title>|<code>([\s\S]*?)<\/code>/g;
  let m;
  let nodes = 0;
  while ((m = re.exec(xml))) {
    const tag = m[0];
    if (tag === '<mainTerm>' || tag.startsWith('<term')) { stack.push({ title: null }); nodes++; }
    else if (tag === '</mainTerm>' || tag === '</term>') {
      if (!stack.length) throw new Error(`index XML: unbalanced ${tag} at offset ${m.index}`);
      stack.pop();
    } else if (m[1] !== undefined) {
      if (stack.length && stack[stack.length - 1].title === null) stack[stack.length - 1].title = cleanTitle(m[1]);
    } else if (m[2] !== undefined) {
      if (!stack.length) continue;
      out.push({ path: stack.map((s) => s.title || ''), code: m[2].trim() });
    }
  }
  if (stack.length) throw new Error('index XML: unterminated term at end of file');
  return { entries: out, nodes };
}

export function indexPathSet(indexGzFile, cs, { n = 1000, seed = 1 } = {}) {
  if (!fs.existsSync(indexGzFile)) throw new Error(`missing Alphabetic Index file: ${indexGzFile}`);
  const xml = zlib.gunzipSync(fs.readFileSync(indexGzFile)).toString('utf8');
  const { entries, nodes } = parseIndexXml(xml);
  if (entries.length < 1000) throw new Error(`index XML: only ${entries.length} coded terms found in ${indexGzFile}`);
  const stats = { indexTerms: nodes, codedTerms: entries.length, skippedNotInFY2026: 0, skippedDuplicateText: 0,
    expectedPartial: 0, expectedNowHeader: 0 };
  const byQuery = new Map();
  for (const e of entries) {
    let code = e.code;
    let expect;
    if (code.endsWith('-')) {
      const p = code.slice(0, -1).replace(/\.$/, '');
      if (!cs.hasPrefix(p)) { stats.skippedNotInFY2026++; continue; }
      expect = `${p}-`;
    } else {
      const c = cs.byCode.get(code);
      if (!c) { stats.skippedNotInFY2026++; continue; }
      // A code that was billable in FY2023 may be a header in FY2026 (e.g. G35): any code under it counts.
      expect = c.billable ? code : `${code}-`;
    }
    const q = e.path.filter(Boolean).join(', ');
    if (!q) continue;
    const key = q.toLowerCase();
    const prev = byQuery.get(key);
    if (prev) { stats.skippedDuplicateText++; if (!prev.expect.includes(expect)) prev.expect.push(expect); continue; }
    byQuery.set(key, { q, expect: [expect], depth: e.path.length, raw: code });
  }
  const pool = [...byQuery.values()];
  stats.distinctPaths = pool.length;
  const picked = rng(seed).shuffle(pool).slice(0, n);
  for (const p of picked) {
    if (p.raw.endsWith('-')) stats.expectedPartial++;
    else if (p.expect[0].endsWith('-')) stats.expectedNowHeader++;
  }
  const depths = {};
  for (const p of picked) depths[p.depth] = (depths[p.depth] || 0) + 1;
  stats.depthHistogram = depths;
  return { queries: picked.map(({ q, expect }) => ({ q, expect })), stats };
}

// ---- helpers for the title-derived sets -----------------------------------------------------
function titleIndex(cs) {
  const m = new Map();
  for (const c of cs.codes) {
    if (!c.billable) continue;
    const k = c.title.toLowerCase();
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(c.code);
  }
  return m;
}
function billableShuffled(cs, seed) {
  return rng(seed).shuffle(cs.codes.filter((c) => c.billable));
}
function collect(cs, seed, n, make) {
  const sameTitle = titleIndex(cs);
  const r = rng(seed * 7919 + 17);
  const seen = new Set();
  const out = [];
  let tried = 0;
  for (const c of billableShuffled(cs, seed)) {
    if (out.length >= n) break;
    tried++;
    const made = make(c.title, r);
    if (!made) continue;
    const q = made.q.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!q || seen.has(q)) continue;
    seen.add(q);
    out.push({ q, expect: sameTitle.get(c.title.toLowerCase()), source: c.title, ...(made.meta || {}) });
  }
  return { queries: out, tried };
}

// ---- 2. titles with typos ------------------------------------------------------------------
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
function typoWord(w, r) {
  const i = r.int(w.length);
  const kind = r.pick(['deletion', 'transposition', 'substitution']);
  if (kind === 'deletion') return { w: w.slice(0, i) + w.slice(i + 1), kind };
  if (kind === 'transposition') {
    // swap two adjacent different letters
    for (let k = 0; k < w.length - 1; k++) {
      const j = (i + k) % (w.length - 1);
      if (w[j].toLowerCase() !== w[j + 1].toLowerCase()) return { w: w.slice(0, j) + w[j + 1] + w[j] + w.slice(j + 2), kind };
    }
  }
  let ch;
  do { ch = LETTERS[r.int(26)]; } while (ch === w[i].toLowerCase());
  return { w: w.slice(0, i) + ch + w.slice(i + 1), kind: 'substitution' };
}
export function typoSet(cs, { n = 500, seed = 2 } = {}) {
  const kinds = {};
  let twoTypos = 0;
  const { queries, tried } = collect(cs, seed, n, (title, r) => {
    const spans = [];
    for (const m of title.matchAll(/[A-Za-z]{5,}/g)) spans.push([m.index, m[0].length]);
    if (!spans.length) return null;
    const count = r.next() < 0.5 ? 1 : 2;
    const chosen = r.shuffle(spans).slice(0, count).sort((a, b) => b[0] - a[0]); // right to left keeps offsets valid
    if (count === 2 && chosen.length === 1) chosen.push(chosen[0]); // one eligible word: two typos in it
    let q = title;
    const used = [];
    for (const [at, len] of chosen) {
      const word = q.slice(at, at + len);
      const t = typoWord(word, r);
      used.push(t.kind);
      q = q.slice(0, at) + t.w + q.slice(at + len);
      // a second typo in the same word works on the changed word
      if (chosen.length === 2 && chosen[0] === chosen[1]) { chosen[1] = [at, t.w.length]; }
    }
    if (q.toLowerCase() === title.toLowerCase()) return null;
    return { q, meta: { typos: used } };
  });
  for (const x of queries) { for (const k of x.typos) kinds[k] = (kinds[k] || 0) + 1; if (x.typos.length === 2) twoTypos++; delete x.typos; }
  return { queries, stats: { titlesTried: tried, typoKinds: kinds, queriesWithTwoTypos: twoTypos } };
}

// ---- 2b. titles with words cut short, and with vowels dropped ------------------------------
// Pick-lists and chart shorthand cut words with a period ("unspec.", "undet.", "ant.",
// "halluc.") and drop vowels ("fngr", "othr", "thrd"). One to three words of 6+ letters
// (cut) or 4+ letters (vowels) per title; the rest as written.
const STOP = new Set(['with', 'without', 'other', 'than', 'from', 'into', 'during', 'following']);
function pickWords(title, r, minLen, max) {
  const spans = [];
  for (const m of title.matchAll(/[A-Za-z]+/g)) {
    if (m[0].length >= minLen && !STOP.has(m[0].toLowerCase())) spans.push([m.index, m[0].length]);
  }
  if (!spans.length) return null;
  const count = 1 + r.int(Math.min(max, spans.length));
  return r.shuffle(spans).slice(0, count).sort((a, b) => b[0] - a[0]); // right to left keeps offsets valid
}
export function truncationSet(cs, { n = 500, seed = 5 } = {}) {
  let words = 0;
  const { queries, tried } = collect(cs, seed, n, (title, r) => {
    const chosen = pickWords(title, r, 6, 3);
    if (!chosen) return null;
    let q = title;
    for (const [at, len] of chosen) {
      const keep = 3 + r.int(Math.min(4, len - 4)); // 3..6 letters, at least two cut
      q = q.slice(0, at) + q.slice(at, at + keep) + '.' + q.slice(at + len);
    }
    words += chosen.length;
    return { q };
  });
  return { queries, stats: { titlesTried: tried, meanWordsCut: +(words / Math.max(1, queries.length)).toFixed(2) } };
}
export function vowelSet(cs, { n = 500, seed = 6 } = {}) {
  let words = 0;
  const { queries, tried } = collect(cs, seed, n, (title, r) => {
    const chosen = pickWords(title, r, 4, 2);
    if (!chosen) return null;
    let q = title;
    for (const [at, len] of chosen) {
      const w = q.slice(at, at + len);
      const dropped = w[0] + w.slice(1).replace(/[aeiou]/gi, '');
      if (dropped.length < 3 || dropped === w) continue;
      q = q.slice(0, at) + dropped + q.slice(at + len);
      words++;
    }
    if (q === title) return null;
    return { q };
  });
  return { queries, stats: { titlesTried: tried, meanWordsWithoutVowels: +(words / Math.max(1, queries.length)).toFixed(2) } };
}

// ---- 3. titles with clinical abbreviations -------------------------------------------------
// Abbreviations a coder types. Applied in this order, whole words, case-insensitive.
export const ABBREVIATIONS = [
  ['initial encounter', 'init'],
  ['subsequent encounter', 'subs'],
  ['diabetes mellitus', 'dm'],
  ['chronic obstructive pulmonary disease', 'copd'],
  ['gastro-esophageal reflux disease', 'gerd'],
  ['myocardial infarction', 'mi'],
  ['atrial fibrillation', 'afib'],
  ['urinary tract infection', 'uti'],
  ['malignant neoplasm', 'ca'],
  ['personal history', 'hx'],
  ['lower extremity', 'le'],
  ['upper extremity', 'ue'],
  ['foreign body', 'fb'],
  ['hypertension', 'htn'],
  ['without', 'w/o'],
  ['with', 'w/'],
  ['fractures', 'fx'],
  ['fracture', 'fx'],
  ['nondisplaced', 'nondispl'],
  ['displaced', 'displ'],
  ['right', 'rt'],
  ['left', 'lt'],
  ['unspecified', 'unsp'],
  ['bilateral', 'bilat'],
  ['chronic', 'chr'],
  ['acute', 'ac'],
  ['disorders', 'd/o'],
  ['disorder', 'd/o'],
  ['disease', 'dz'],
  ['history', 'hx'],
  ['injury', 'inj'],
  ['laceration', 'lac'],
  ['abdominal', 'abd'],
  ['pregnancy', 'preg'],
  ['multiple', 'mult'],
  ['postprocedural', 'postproc'],
  ['first', '1st'],
  ['second', '2nd'],
  ['third', '3rd'],
  ['encounter', 'enc'],
];
const ABBR_RE = ABBREVIATIONS.map(([from, to]) => [new RegExp(`(?<![A-Za-z])${from.replace(/[-]/g, '\\-')}(?![A-Za-z])`, 'gi'), to, from]);
export function abbreviationSet(cs, { n = 500, seed = 3 } = {}) {
  const used = {};
  let total = 0;
  const { queries, tried } = collect(cs, seed, n, (title) => {
    let q = title;
    const applied = [];
    for (const [re, to, from] of ABBR_RE) {
      const before = q;
      q = q.replace(re, to);
      if (q !== before) applied.push(from);
    }
    if (!applied.length) return null;
    return { q, meta: { abbr: applied } };
  });
  for (const x of queries) { for (const a of x.abbr) used[a] = (used[a] || 0) + 1; total += x.abbr.length; delete x.abbr; }
  return { queries, stats: { titlesTried: tried, meanAbbreviationsPerQuery: +(total / Math.max(1, queries.length)).toFixed(2), used } };
}

// ---- 4. reordered clauses ------------------------------------------------------------------
// Comma-separated clauses in a different order (never the original), and within a clause "X of Y of Z"
// often turned into "Z Y X" the way coders type it ("left femur shaft fracture"); joined with spaces.
function splitTop(s, sep) {
  // split on sep outside () and []
  const out = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && s.startsWith(sep, i)) { out.push(s.slice(start, i)); start = i + sep.length; i += sep.length - 1; }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}
export function reorderSet(cs, { n = 500, seed = 4 } = {}) {
  let ofInversions = 0;
  const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  const { queries, tried } = collect(cs, seed, n, (title, r) => {
    const clauses = splitTop(title, ', ');
    if (clauses.length < 2) return null;
    let order;
    do { order = r.shuffle(clauses.map((_, i) => i)); } while (order.every((v, i) => v === i));
    let inv = 0;
    const parts = order.map((i) => {
      const c = clauses[i];
      if (r.next() < 0.7) {
        const ofParts = splitTop(c, ' of ');
        if (ofParts.length >= 2) { inv++; return ofParts.reverse().join(' '); } // "fracture of shaft of femur" -> "femur shaft fracture"
      }
      return c;
    });
    const q = parts.join(' ');
    if (norm(q) === norm(title)) return null;
    return { q, meta: { inv } };
  });
  for (const x of queries) { ofInversions += x.inv; delete x.inv; }
  return { queries, stats: { titlesTried: tried, ofInversions } };
}

// ---- 5. lay terms (hand-written, committed) -------------------------------------------------
export function layTermSet(file, cs) {
  if (!fs.existsSync(file)) throw new Error(`missing lay-term file: ${file}`);
  const queries = [];
  const errors = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const f = line.split('\t');
    if (f.length < 2) { errors.push(`line ${i + 1}: expected query<TAB>codes<TAB>note`); return; }
    const expect = f[1].split(',').map((s) => s.trim()).filter(Boolean);
    if (!f[0].trim() || !expect.length) { errors.push(`line ${i + 1}: empty query or codes`); return; }
    for (const e of expect) {
      const p = prefixOf(e);
      if (p !== null) { if (!cs.byCode.has(p)) errors.push(`line ${i + 1}: prefix ${e}: ${p} is not an FY2026 code or header`); }
      else if (!cs.byCode.has(e)) errors.push(`line ${i + 1}: ${e} is not an FY2026 code`);
    }
    queries.push({ q: f[0].trim(), expect, note: (f[2] || '').trim() });
  });
  if (errors.length) throw new Error(`lay-term file ${file}:\n  ${errors.join('\n  ')}`);
  return { queries, stats: { lines: queries.length } };
}
