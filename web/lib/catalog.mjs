// The code sets a site offers (codesets/index.json) and a group of them searched as one.
// Used by the page (app.js) and the <code-search> component; runs in the page, while
// every code set lives in its own module Worker (worker-client.mjs).
//
//   import { fetchCatalog, chooseCodeSets, openCodeSets } from './lib/catalog.mjs';
//   const catalog = await fetchCatalog('codesets/index.json');
//   const { chosen, notes } = chooseCodeSets(catalog.entries, { systems: ['ICD-10-CM'], dateOfService: '2026-03-02' });
//   const group = await openCodeSets(chosen);
//   const r = await group.search('diabetes', { limit: 20, systems: ['ICD-10-CM'] });
//
// index.json lists one entry per code-set file: { id, file, href, system, year, label,
// effectiveFrom, effectiveTo, bytes, gzipBytes, sha256, indexHref (its Alphabetic Index and
// Tables in a file of their own, if any) } (scripts/site-manifest.mjs); other files (claim
// edits, the Index files) have no system.
import { createWorkerCodeSet } from './worker-client.mjs';
import { MedcodeError } from './errors.mjs';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Fetches index.json (same origin) and resolves each entry's `url`. */
export async function fetchCatalog(indexUrl = new URL('../codesets/index.json', import.meta.url), { fetchImpl = fetch } = {}) {
  const base = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  const href = new URL(indexUrl, base).href;
  let res;
  try {
    res = await fetchImpl(href, { credentials: 'same-origin' });
  } catch (e) {
    throw new MedcodeError('IO', `cannot fetch the code-set list ${href}: ${e && e.message ? e.message : e}`);
  }
  if (!res.ok) throw new MedcodeError('IO', `cannot fetch the code-set list ${href}: HTTP ${res.status}`);
  let list;
  try {
    list = await res.json();
  } catch {
    throw new MedcodeError('CORRUPT', `the code-set list ${href} is not valid JSON`);
  }
  if (!Array.isArray(list)) throw new MedcodeError('CORRUPT', `the code-set list ${href} is not a list`);
  // "file" and "href" (the versioned name: file?v=HASH, see file-cache.mjs) are relative to
  // the site root, which is the folder above codesets/. The page requests the versioned name.
  const root = new URL('../', href);
  const entries = list.filter((e) => e && typeof e.file === 'string').map((e) => ({
    ...e,
    system: e.system || null,
    url: new URL(typeof e.href === 'string' ? e.href : e.file, root).href,
    // The code set's Alphabetic Index and Tables in a file of their own (downloaded when first opened).
    indexUrl: typeof e.indexHref === 'string' ? new URL(e.indexHref, root).href : null,
  }));
  return { url: href, entries };
}

/** Normalizes "ICD-10-CM, hcpcs" or ['ICD-10-CM'] to upper-case names; null = all. */
export function parseSystems(value) {
  if (value === null || value === undefined || value === '') return null;
  const list = Array.isArray(value) ? value : String(value).split(/[\s,]+/);
  const out = list.map((s) => String(s).trim().toUpperCase()).filter(Boolean);
  return out.length ? [...new Set(out)] : null;
}

/**
 * Picks one code-set file per code system: the one in force on `dateOfService`
 * (YYYY-MM-DD), else the newest. `notes` explains what could not be matched.
 */
export function chooseCodeSets(entries, { systems = null, dateOfService = null } = {}) {
  const want = parseSystems(systems);
  const notes = [];
  if (dateOfService && !DATE.test(dateOfService)) {
    notes.push({ kind: 'bad-date', message: `The date of service “${dateOfService}” is not a date (YYYY-MM-DD); the newest code sets are used.` });
    dateOfService = null;
  }
  const bySystem = new Map();
  for (const e of entries) {
    if (!e.system) continue;
    if (want && !want.includes(e.system.toUpperCase())) continue;
    if (!bySystem.has(e.system)) bySystem.set(e.system, []);
    bySystem.get(e.system).push(e);
  }
  if (want) {
    const installed = [...new Set(entries.filter((e) => e.system).map((e) => e.system))];
    for (const s of want) {
      if (![...bySystem.keys()].some((k) => k.toUpperCase() === s)) {
        notes.push({
          kind: 'missing-system', system: s,
          message: `No ${s} code set is installed on this site` +
            (installed.length ? ` (it has ${installed.join(', ')}).` : '.'),
        });
      }
    }
  }
  const chosen = [];
  for (const [system, list] of bySystem) {
    list.sort((a, b) => (b.year || 0) - (a.year || 0));
    let pick = list[0];
    if (dateOfService) {
      const inForce = list.find((e) => e.effectiveFrom && e.effectiveTo &&
        e.effectiveFrom <= dateOfService && dateOfService <= e.effectiveTo);
      if (inForce) pick = inForce;
      else {
        notes.push({
          kind: 'date-outside', system,
          message: `No ${system} code set here is in force on ${dateOfService}; showing ${pick.label || `${system} ${pick.year}`}` +
            (pick.effectiveFrom ? ` (effective ${pick.effectiveFrom} to ${pick.effectiveTo}).` : '.'),
        });
      }
    }
    chosen.push(pick);
  }
  return { chosen, notes };
}

// One Worker per code-set file, shared by every user on the page (several components).
const shared = new Map();  // url -> { promise, users }

function acquire(url, options) {
  let s = shared.get(url);
  if (!s) {
    s = { promise: createWorkerCodeSet(url, options), users: 0 };
    shared.set(url, s);
    s.promise.catch(() => shared.delete(url));
  } else if (options.worker) {
    options.worker.terminate();  // started for this code set, which has a Worker already
  }
  s.users++;
  return s.promise;
}

function release(url) {
  const s = shared.get(url);
  if (!s) return;
  if (--s.users <= 0) {
    shared.delete(url);
    s.promise.then((cs) => cs.close(), () => {});
  }
}

// The score of a result that matches every word of the query (core search.h: 1000 * 100).
const FULL_COVERAGE = 100000;

/** Words no code set knows: unknown in every reply. */
const commonUnknown = (replies) =>
  replies.reduce((u, r) => (u === null ? r.unknownWords : u.filter((w) => r.unknownWords.includes(w))), null) || [];

/**
 * Each reply's words it does not know, as sets compare them (multisearch.cpp UnknownTo): its
 * unknown words, and the words of five letters or more it only read as another word (not
 * split) that another set has as typed, begun or read by its lexicon ("concussion": HCPCS
 * reads "conclusion"; "malig": HCPCS reads "maly", ICD-10-CM begins malignant).
 */
function unknownTo(replies) {
  const typed = (r, text) => (r.words || []).some((w) => w.text === text && (w.use === 'exact' || w.use === 'prefix' || w.use === 'expanded'));
  return replies.map((r, s) => [
    ...r.unknownWords,
    ...(r.words || [])
      .filter((w) => w.use === 'corrected' && w.text.length >= 5 && (w.used || '').replace(/[ -]/g, '') !== w.text &&
        replies.some((o, t) => t !== s && typed(o, w.text)))
      .map((w) => w.text),
  ]);
}

/**
 * How many of the query's words a result has, as sets compare them (multisearch.cpp
 * WordsMatched): words found as typed or read by the lexicon (a phrase counts its words), of
 * three letters or more (two for a lexicon reading); not a spelling correction.
 */
function wordsMatched(reply, x) {
  const uses = new Map((reply.words || []).map((w) => [w.text, w.use]));
  let n = 0;
  for (const text of x.matchedWords || []) {
    const use = uses.get(text);
    if (use === 'corrected') continue;
    const least = use === 'expanded' ? 2 : 3;
    for (const part of text.split(' ')) n += part.length >= least ? 1 : 0;
  }
  return n;
}

/**
 * The set whose leads (one code per condition of the query) go first, or -1 (multisearch.cpp):
 * none when a set that knows every word some set knows has a code with every word; else, of the
 * sets with leads, the one whose best lead has most of the query's words (the first on a tie),
 * unless another set has a code with every part of the query (no leads, full coverage) or a
 * best code with more of the words than every lead has.
 */
function leadSetOf(replies, unknown = commonUnknown(replies), unknownOf = unknownTo(replies)) {
  const knowsAll = (r, s) => unknownOf[s].length === unknown.length;
  if (replies.some((r, s) => r.everyWord && knowsAll(r, s))) return -1;
  const cover = replies.map((r, s) => {
    if (!knowsAll(r, s)) return 0;
    return r.results.slice(0, Math.max(r.leads || 0, 1))
      .reduce((m, x) => (x.match === 'words' ? Math.max(m, wordsMatched(r, x)) : m), 0);
  });
  let lead = -1;
  replies.forEach((r, s) => {
    if (r.leads > 0 && knowsAll(r, s) && (lead < 0 || cover[s] > cover[lead])) lead = s;
  });
  if (lead < 0) return -1;
  const whole = (r, s) => knowsAll(r, s) && !r.leads && r.results.length > 0 && r.results[0].match === 'words' &&
    r.results[0].score >= FULL_COVERAGE;
  return replies.some((r, s) => s !== lead && (whole(r, s) || cover[s] > cover[lead])) ? -1 : lead;
}

/**
 * Merges the results of several code sets the way the core's SearchCodeSets does (multisearch.cpp):
 * an exact code first, then the codes below it in its own code set, then other code sets' codes that
 * only start with the same characters ("E11": ICD-10-CM E11.x before HCPCS E1100), then words.
 * Each set's own order is kept (a search may put a lower-scored code early on purpose: a lead for
 * another concept of the query). Word results matching every word (in a set that knows every word
 * some set knows) alternate between the sets, best of each first; the rest merge by the best score
 * still to come in each set. A set that found only the query's numbers while another found its
 * words comes after the others.
 * @param {Array<{ results: object[], unknownWords: string[], words?: object[], leads?: number, everyWord?: boolean }>} replies
 *   one per code set, in catalog order
 * @returns {object[]} the results, each as given, merged
 */
export function mergeResults(replies) {
  const unknown = commonUnknown(replies);
  const unknownOf = unknownTo(replies);
  const leadSet = leadSetOf(replies, unknown, unknownOf);
  const exactSets = new Set();
  replies.forEach((r, s) => { if (r.results.some((x) => x.match === 'exact-code')) exactSets.add(s); });
  // Words with a letter that a set used ("125" of "solu medrol 125" is no such word).
  const letters = replies.map((r) => (r.words || []).some((w) => w.use !== 'unknown' && w.use !== 'code-filter' && /[A-Za-z]/.test(w.text)));
  const anyLetters = letters.some(Boolean);
  const rank = (x, s) => {
    if (x.match === 'exact-code') return 3;
    if (x.match === 'code-prefix') return exactSets.has(s) ? 2 : 1;
    return anyLetters && !letters[s] ? -1 : 0;
  };
  const keyed = [];
  replies.forEach((r, s) => {
    const knowsAll = unknownOf[s].length === unknown.length;
    // A set that lacks words another knows scored its results over the words it knows: its
    // scores count as the share of the query's words it knows (multisearch.cpp known_share).
    let share = 1;
    if (!knowsAll) {
      const words = (r.words || []).filter((w) => w.use !== 'code-filter').length;
      const missing = unknownOf[s].length - unknown.length;
      if (words) share = words > missing ? (words - missing) / words : 0;
    }
    const own = r.results.map((x) => ({ x, s, rank: rank(x, s), complete: false, turn: 0, key: 0 }));
    let turn = 0;
    let first = 0;
    // Only the set's leading run of complete hits (a lead placed among them ends it).
    let runOver = false;
    let led = 0;
    for (const k of own) {
      if (s === leadSet && led < r.leads) {
        k.rank = 4;  // above every other word result; the set's order is kept (stable sort)
        led++;
        continue;
      }
      k.complete = k.rank === 0 && knowsAll && k.x.score >= FULL_COVERAGE && !runOver;
      if (k.rank === 0 && !k.complete) runOver = true;
      if (k.complete) {
        if (turn === 0) first = k.x.score;
        k.turn = turn++;
      }
    }
    for (let i = own.length - 1; i >= 0; i--) {
      const k = own[i];
      const next = own[i + 1];
      k.key = k.complete ? first : Math.max(Math.trunc(k.x.score * share), next && next.rank === k.rank && !next.complete ? next.key : 0);
    }
    keyed.push(...own);
  });
  keyed.sort((a, b) => b.rank - a.rank || (a.complete !== b.complete ? (a.complete ? -1 : 1) : 0) ||
    (a.complete && a.turn !== b.turn ? a.turn - b.turn : 0) || b.key - a.key || a.s - b.s);
  return keyed.map((k) => k.x);
}
// A code-set file holds one code system (info.system), or several (info.systems, when the API gives it).
const systemsOf = (info) => (Array.isArray(info.systems) && info.systems.length ? info.systems : [info.system]);

/**
 * Of several code sets of one system (the site's HCPCS file and the quarters a user loaded
 * beside it, addCodeSet), the one in force on the date of service (the one added last if
 * several are); without a date, or when none covers it, the newest (latest effectiveFrom).
 * Code sets alone in their system, and files of several systems, are kept as they are.
 */
function inForce(members, dateOfService) {
  const bySystem = new Map();
  for (const m of members) {
    const s = systemsOf(m.info);
    if (s.length !== 1) continue;
    if (!bySystem.has(s[0])) bySystem.set(s[0], []);
    bySystem.get(s[0]).push(m);
  }
  const dropped = new Set();
  for (const list of bySystem.values()) {
    if (list.length < 2) continue;
    const covers = (m) => dateOfService && m.info.effectiveFrom && m.info.effectiveTo &&
      m.info.effectiveFrom <= dateOfService && dateOfService <= m.info.effectiveTo;
    const on = list.filter(covers);
    const keep = on.length ? on[on.length - 1]
      : list.reduce((a, b) => ((b.info.effectiveFrom || '') >= (a.info.effectiveFrom || '') ? b : a));
    for (const m of list) if (m !== keep) dropped.add(m);
  }
  return dropped.size ? members.filter((m) => !dropped.has(m)) : members;
}

export class CodeSetGroup {
  /** @internal use openCodeSets */
  constructor(members) {
    this.members = members;  // [{ entry, cs, info, order }]
    this.failed = [];        // [{ entry, error }]: catalog entries that could not be opened (openCodeSets partial)
    this.pending = [];       // catalog entries still loading (openCodeSets ready: 'first'), in catalog order
    this.complete = Promise.resolve(this);  // settles (to this group) once no entry is pending
    this._closed = false;
  }

  /**
   * A catalog entry that opened after the group did (openCodeSets' ready: 'first'): it joins the
   * members at its catalog place (before the code sets added with addCodeSet), so that a search
   * merges the sets in the same order as a group opened with every set at once.
   */
  _join(entry, order, cs) {
    this.pending = this.pending.filter((e) => e !== entry);
    if (this._closed) {
      release(entry.url);
      return;
    }
    const at = this.members.findIndex((m) => !(m.order <= order));
    const member = { entry, cs, info: cs.loadInfo.info, timing: cs.loadInfo.timing, order };
    this.members.splice(at < 0 ? this.members.length : at, 0, member);
  }

  /** A catalog entry that failed after the group opened (listed in `failed`, as with partial). */
  _fail(entry, error) {
    this.pending = this.pending.filter((e) => e !== entry);
    this.failed.push({ entry, error });
  }

  /** The code systems in this group, in catalog order. */
  get systems() {
    return [...new Set(this.members.flatMap((m) => systemsOf(m.info)))];
  }

  /**
   * The members that answer for a date of service: of several code sets of one system (the
   * site's and those a user loaded beside it), the one in force on it (see inForce).
   */
  membersOn(dateOfService = null) {
    return inForce(this.members, dateOfService);
  }

  _pick(systems, dateOfService = null) {
    const want = parseSystems(systems);
    const members = want ? this.members.filter((m) => systemsOf(m.info).some((s) => want.includes(s.toUpperCase()))) : this.members;
    return inForce(members, dateOfService);
  }

  /**
   * Searches every code set (or those of `systems`) and merges the results by score.
   * Options: limit, systems, signal, stream (see worker-client.mjs), dateOfService (a code
   * set of several years searches the year in force on it).
   */
  async search(query, { limit = 20, systems = null, signal, stream, dateOfService } = {}) {
    const members = this._pick(systems, dateOfService);
    if (!members.length) return { query, total: 0, partial: 0, everyWord: false, leads: 0, results: [], unknownWords: [], bySystem: {} };
    const want = parseSystems(systems);
    const replies = await Promise.all(members.map((m) => m.cs.search(query, {
      limit, signal, stream: stream ? `${stream}:${m.entry.url}` : undefined,
      ...(dateOfService ? { dateOfService } : {}),
      // A file with several systems filters them itself.
      ...(want && systemsOf(m.info).length > 1 ? { systems: systemsOf(m.info).filter((s) => want.includes(s.toUpperCase())) } : {}),
    })));
    const bySystem = {};
    let total = 0;
    const decorated = replies.map((r, i) => {
      const label = r.codeYear ? r.codeSet : members[i].info.label;
      if (systemsOf(members[i].info).length === 1) bySystem[members[i].info.system] = r.total;
      else for (const x of r.results) bySystem[x.system] = (bySystem[x.system] || 0) + 1;
      total += r.total;
      return {
        unknownWords: r.unknownWords, words: r.words || [], leads: r.leads || 0, everyWord: !!r.everyWord,
        results: r.results.map((x) => ({ ...x, label, system: x.system || members[i].info.system, year: x.year || members[i].info.year })),
      };
    });
    const results = decorated.length > 1 ? mergeResults(decorated) : decorated[0].results;
    const unknown = commonUnknown(decorated);
    // How many of the merged results lead one condition each: those of the set whose leads went first.
    // Every word: of a set that knows every word some set knows (as multisearch.cpp).
    const unknownOf = unknownTo(decorated);
    const everyWord = decorated.some((r, s) => r.everyWord && unknownOf[s].length === unknown.length);
    const leadSet = leadSetOf(decorated, unknown, unknownOf);
    const dym = replies.find((r) => r.didYouMean && r.didYouMean.length);
    return {
      query, total, partial: replies.reduce((a, r) => a + (r.partial || 0), 0), everyWord,
      leads: leadSet >= 0 ? Math.min(decorated[leadSet].leads, limit) : 0,
      results: results.slice(0, limit), unknownWords: unknown, bySystem,
      ...(dym ? { didYouMean: dym.didYouMean, didYouMeanReason: dym.didYouMeanReason } : {}),
    };
  }

  /**
   * Adds a code set opened elsewhere (e.g. createWorkerCptCodeSet: the user's CPT file) to
   * this group; it is searched with the others and closed with the group (or removeCodeSet).
   */
  addCodeSet(cs, { label } = {}) {
    const info = (cs.loadInfo && cs.loadInfo.info) || cs.info;
    if (!info || !info.system) throw new MedcodeError('INVALID_ARGUMENT', 'addCodeSet needs a loaded code set');
    const entry = { url: null, system: info.system, year: info.year, label: label || info.label, local: true };
    this.members.push({ entry, cs, info, timing: cs.loadInfo && cs.loadInfo.timing, own: true });
    return info;
  }

  /** Removes (and closes) a code set added with addCodeSet. */
  async removeCodeSet(cs) {
    const i = this.members.findIndex((m) => m.cs === cs && m.own);
    if (i < 0) return false;
    this.members.splice(i, 1);
    await cs.close();
    return true;
  }

  /** HCPCS Level II modifiers (from the first code set that has them). */
  async modifiers(query = '', options) {
    const m = this.members.find((x) => x.info.modifiers > 0);
    if (!m) return [];
    return m.cs.modifiers(query, options);
  }

  async _first(op, args, system, dateOfService = null) {
    const members = this._pick(system ? [system] : null, dateOfService);
    let firstErr = null;
    for (const m of members) {
      try {
        const r = await m.cs[op](...args);
        return op === 'buildSeventh' ? r : { ...r, label: r.label || m.info.label, system: r.system || m.info.system };
      } catch (e) {
        if (!firstErr) firstErr = e;
        // Not in this code set: try the next one. Anything else (a failed worker) is an error.
        if (!e || (e.code !== 'NOT_FOUND' && e.code !== 'INVALID_ARGUMENT')) throw e;
      }
    }
    throw firstErr || new MedcodeError('NOT_FOUND', `no code set is loaded for ${system}`);
  }

  /** Looks the code up in each code set in turn (or only in `system`). Option dateOfService. */
  lookup(code, { system, dateOfService } = {}) {
    return this._first('lookup', dateOfService ? [code, { dateOfService }] : [code], system, dateOfService);
  }

  /** validate() of the first code set that knows the code; else of the first code set. */
  async validate(code, { system, dateOfService } = {}) {
    const members = this._pick(system ? [system] : null, dateOfService);
    let first = null;
    for (const m of members) {
      const v = await (dateOfService ? m.cs.validate(code, { dateOfService }) : m.cs.validate(code));
      if (!first) first = v;
      if (v.status !== 'unknown' && v.status !== 'malformed') return v;
    }
    if (!first) throw new MedcodeError('NOT_FOUND', `no code set is loaded for ${system}`);
    return first;
  }

  buildSeventh(base, seventh, { system } = {}) {
    return this._first('buildSeventh', [base, seventh], system);
  }

  /**
   * Settles once every code set's downloaded copy is in the offline store (WorkerCodeSet.stored),
   * those still loading included (it waits for `complete`).
   */
  async stored() {
    await this.complete;
    await Promise.all(this.members.map((m) => (typeof m.cs.stored === 'function' ? m.cs.stored().catch(() => false) : false)));
  }

  /** Releases the Workers (shared ones stop when their last user closes). */
  close() {
    if (this._closed) return;
    this._closed = true;
    for (const m of this.members) {
      if (m.own) m.cs.close();
      else release(m.entry.url);
    }
  }
}

/**
 * Opens the given catalog entries, each in its (shared) Worker. Options: onProgress
 * ({ phase, loaded, total, ms, entry }), workerUrl, wasmUrl, wasmModule (the engine compiled
 * once for all the Workers: createWorkerCodeSet), download ('page': the page downloads each
 * file while its Worker starts: createWorkerCodeSet), workers (Workers started already from
 * worker.mjs, one per entry, in order: createWorkerCodeSet's `worker`), partial.
 * Without `partial`, rejects with the first load error (a MedcodeError) after releasing
 * what did load. With `partial: true`, a code set that fails does not stop the others: the
 * group opens with those that loaded and lists the others in `group.failed`
 * ([{ entry, error }]); it rejects (with the first error) only when none loaded.
 * With `ready: 'first'` (and `partial`), the group opens as soon as the first entry has: the
 * others are listed in `group.pending` and join its members at their catalog place as each
 * opens (or `group.failed` if it fails); `group.complete` settles once none is pending. A
 * search meanwhile searches the sets open (the page says which are still loading); once all
 * are in, the same search gives what a group opened with all of them at once gives. With
 * download 'page' the others open after the first has (createWorkerCodeSet's openAfter: two
 * opens at once share the CPU). When the first entry fails, the group opens once all have
 * settled, as without this option.
 */
export async function openCodeSets(entries, { onProgress, workerUrl, wasmUrl, wasmModule, download, workers = [], partial = false, ready } = {}) {
  if (ready !== undefined && ready !== 'first' && ready !== 'all') {
    throw new MedcodeError('INVALID_ARGUMENT', `ready is 'first' or 'all', not ${String(ready)}`);
  }
  // With ready 'first', the others open after the first (their bytes wait for it: the first
  // result needs only the first, and two opens at once share the CPU).
  // With download 'page', their files are also asked for once the first's bytes are in: they
  // would share the line with it (0.43 MB of HCPCS beside 2.4 MB at 20 Mbit/s), and the page's
  // thread inflates both.
  const opening = [];
  let firstIn;
  const firstBytes = new Promise((resolve) => { firstIn = resolve; });
  entries.forEach((entry, i) => opening.push(acquire(entry.url, {
    workerUrl, wasmUrl, wasmModule, download, worker: workers[i], indexUrl: entry.indexUrl || undefined,
    size: Number.isSafeInteger(entry.bytes) && entry.bytes > 0 ? entry.bytes : undefined, onProgress: onProgress ? (p) => onProgress({ ...p, entry }) : undefined,
    // (the first does not warm up: the others, waiting for it, do)
    ...(ready === 'first' && i === 0 ? { onBytes: firstIn, ...(entries.length > 1 ? { warmUp: false } : {}) } : {}),
    ...(ready === 'first' && i > 0 ? { openAfter: opening[0], downloadAfter: firstBytes } : {}),
  })));
  opening[0]?.then(firstIn, firstIn);  // (a first code set shared with another group: acquire made it earlier)
  if (ready === 'first' && partial && entries.length > 1) {
    const cs = await opening[0].catch(() => null);
    if (cs) {
      const group = new CodeSetGroup([{ entry: entries[0], cs, info: cs.loadInfo.info, timing: cs.loadInfo.timing, order: 0 }]);
      group.pending = entries.slice(1);
      group.complete = Promise.all(opening.slice(1).map((p, k) => p.then(
        (c) => group._join(entries[k + 1], k + 1, c),
        (e) => group._fail(entries[k + 1], e),
      ))).then(() => group);
      return group;
    }
  }
  const settled = await Promise.allSettled(opening);
  const failed = settled.map((s, i) => (s.status === 'rejected' ? { entry: entries[i], error: s.reason } : null)).filter(Boolean);
  if (failed.length && (!partial || failed.length === settled.length)) {
    entries.forEach((e, i) => settled[i].status === 'fulfilled' && release(e.url));
    throw failed[0].error;
  }
  const members = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') {
      members.push({ entry: entries[i], cs: s.value, info: s.value.loadInfo.info, timing: s.value.loadInfo.timing, order: i });
    }
  });
  const group = new CodeSetGroup(members);
  group.failed = failed;
  return group;
}
