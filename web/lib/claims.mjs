// Claim pre-checks: the JS API over the wasm core (wasm/claims_bindings.cpp). Runs in
// Chromium (main thread or Worker) and Node 20; nothing is sent anywhere.
//
//   import { createEngine } from './medcode.mjs';
//   import { createClaimChecker, openClaimCodeSet } from './claims.mjs';
//   const engine = await createEngine();
//   const icd = openClaimCodeSet(engine, icdBytes);             // without the search index (less memory)
//   const checker = createClaimChecker(engine, icd, editsBytes);   // the claim-edits file (edits-2026.mcs)
//   checker.check({ claim_id: 'C1', diagnoses: ['E11.9'], lines: [...] });
//     // -> { claim_id, findings: [{ kind, severity, lines, codes, message, action, source, rule }], summary }
//   checker.checkBatch([claim, claim, ...], { onProgress });        // one result per claim, in order
//   checker.checkText(ndjsonOrCsvText, { format: 'ndjson' | 'csv' | 'json', onProgress });
//   checker.checkTextPacked(text)   // the same results kept packed: a ClaimResultSet (claim-results.mjs)
//
// Claims cross into wasm as JSON text; results come back as one packed byte array per chunk
// (decoded by claim-results.mjs).
// Errors are MedcodeError (errors.mjs) with a stable code. This module does not import
// medcode.mjs (which re-exports it): the engine and the code set are reached through
// internal.mjs, never through their private fields.
import { MedcodeError, parseReply as parseJson, toBytes } from './errors.mjs';
import { moduleOf, handleOf, openHandle, release } from './internal.mjs';
import { ClaimResultSet, decodeResults, packedHeader } from './claim-results.mjs';

export { FINDING_KINDS, SEVERITIES, decodeResults, ClaimResultSet } from './claim-results.mjs';
export const SETTINGS = Object.freeze(['practitioner', 'outpatient-hospital', 'dme-supplier']);
const FORMATS = { json: 0, ndjson: 1, csv: 2 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const encoder = new TextEncoder();

function checkToday(today) {
  if (today === undefined || today === null || today === '') return '';
  if (typeof today !== 'string' || !DATE.test(today)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'today must be a date string YYYY-MM-DD');
  }
  return today;
}

function stringify(claim, where) {
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) {
    // Still checked: the engine reports "a claim must be a JSON object" for it.
    try {
      return JSON.stringify(claim === undefined ? null : claim);
    } catch {
      return 'null';
    }
  }
  try {
    return JSON.stringify(claim);
  } catch (e) {
    throw new MedcodeError('INVALID_ARGUMENT', `${where} cannot be written as JSON: ${e && e.message ? e.message : e}`);
  }
}

export class ClaimChecker {
  /** @internal use createClaimChecker */
  constructor(handle, icd, info) {
    this._h = handle;
    this._icd = icd;
    this._icdHandle = handleOf(icd);
    this.info = Object.freeze(info);
  }

  _live() {
    if (!this._h) throw new MedcodeError('INVALID_ARGUMENT', 'this claim checker was closed');
    if (handleOf(this._icd) !== this._icdHandle) {
      throw new MedcodeError('INVALID_ARGUMENT', 'the ICD-10-CM code set of this claim checker was closed');
    }
    return this._icdHandle.codeSetAddress();
  }

  /**
   * Checks one claim (an object: returns its result) or an array of claims (returns an
   * array of results, in order). Options: today ('YYYY-MM-DD', default: the clock).
   */
  check(claim, { today } = {}) {
    const t = checkToday(today);
    const addr = this._live();
    if (Array.isArray(claim)) return this.checkBatch(claim, { today: t });
    const { results } = decodeResults(this._h.check(addr, encoder.encode(stringify(claim, 'the claim')), FORMATS.json, t));
    return results[0];
  }

  /**
   * Many claims (an array of objects), checked in chunks: onProgress({ done, total }) after
   * each chunk. Returns one result per claim, in input order.
   */
  checkBatch(claims, { today, chunkSize = 2000, onProgress } = {}) {
    if (!Array.isArray(claims)) throw new MedcodeError('INVALID_ARGUMENT', 'checkBatch takes an array of claims');
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new MedcodeError('INVALID_ARGUMENT', 'chunkSize must be a positive integer');
    const t = checkToday(today);
    const out = [];
    for (let i = 0; i < claims.length; i += chunkSize) {
      const addr = this._live();
      const part = claims.slice(i, i + chunkSize);
      // One claim per line: a claim that is not an object still takes its line (and gets its finding).
      const text = part.map((c, k) => stringify(c, `claim ${i + k}`)).join('\n');
      const { results } = decodeResults(this._h.check(addr, encoder.encode(text), FORMATS.ndjson, t));
      for (const r of results) {
        r.index += i;
        delete r.input_line;
        out.push(r);
      }
      if (onProgress) onProgress({ done: Math.min(claims.length, i + chunkSize), total: claims.length });
    }
    return out;
  }

  /**
   * Claims as text: 'json' (one claim or an array), 'ndjson' (one per line) or 'csv' (one row
   * per service line, see README). onProgress({ bytes, totalBytes, claims }) after each chunk.
   */
  checkText(text, { format = 'ndjson', today, chunkSize = 2000, onProgress } = {}) {
    const out = [];
    for (const step of this.iterateText(text, { format, today, chunkSize })) {
      for (const r of step.results) out.push(r);
      if (onProgress) onProgress({ bytes: step.consumed, totalBytes: step.total, claims: out.length });
    }
    return out;
  }

  /** The same as checkText, one chunk at a time: yields { results, consumed, total, done }. */
  *iterateText(text, { format = 'ndjson', today, chunkSize = 2000 } = {}) {
    for (const step of this.iteratePacked(text, { format, today, chunkSize })) {
      yield { results: decodeResults(step.buf).results, consumed: step.consumed, total: step.total, done: step.done };
    }
  }

  /**
   * The same results as checkText, kept packed (the page's file check): a ClaimResultSet
   * (claim-results.mjs) whose counts are read from the packed bytes and whose result objects
   * are built when asked for. text: a string, or its UTF-8 bytes (a Uint8Array). onProgress
   * ({ bytes, totalBytes, claims }) after each chunk.
   */
  checkTextPacked(text, { format = 'ndjson', today, chunkSize = 2000, onProgress } = {}) {
    const set = new ClaimResultSet();
    for (const step of this.iteratePacked(text, { format, today, chunkSize })) {
      set.add(step.buf);
      if (onProgress) onProgress({ bytes: step.consumed, totalBytes: step.total, claims: set.length });
    }
    return set;
  }

  /**
   * checkTextPacked one chunk at a time: yields { buf, claims, consumed, total, done }, buf
   * holding the chunk's packed results (ClaimResultSet.add takes it; a Worker can transfer it).
   */
  *iteratePacked(text, { format = 'ndjson', today, chunkSize = 2000 } = {}) {
    if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
      throw new MedcodeError('INVALID_ARGUMENT', 'the claims text must be a string (or its UTF-8 bytes, a Uint8Array)');
    }
    if (!(format in FORMATS)) throw new MedcodeError('INVALID_ARGUMENT', `format must be json, ndjson or csv, not ${format}`);
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new MedcodeError('INVALID_ARGUMENT', 'chunkSize must be a positive integer');
    const t = checkToday(today);
    this._live();
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    const total = bytes.length;
    parseJson(this._h.begin(bytes, FORMATS[format]));
    let done = false;
    while (!done) {
      const buf = this._h.next(this._live(), chunkSize, t);
      const { claims, consumed, done: exhausted } = packedHeader(buf);  // throws the chunk's error
      done = exhausted || claims === 0;
      yield { buf, claims, consumed, total, done };
    }
  }

  close() {
    this._h = release(this._h);
  }
}

/**
 * Loads a claim-edits file (e.g. codesets/edits-2026.mcs, inflated) for an ICD-10-CM code set
 * from the same engine. Validates the file (magic, version, checksums, bounds).
 */
/**
 * The ICD-10-CM code set as the claim checker reads it (codes, notes, years, 7th characters):
 * opened without its search index and Index, a third less memory than a full open (search
 * and suggest then throw INVALID_ARGUMENT). The claim view's Worker opens it so; its heap
 * counts towards the page's (issue 14: <= 128 MB with the search Workers).
 */
export function openClaimCodeSet(engine, icdBytes) {
  if (!moduleOf(engine) || typeof engine.loadCodeSet !== 'function') {
    throw new MedcodeError('INVALID_ARGUMENT', 'openClaimCodeSet needs an engine from createEngine()');
  }
  return engine.loadCodeSet(icdBytes, { search: false });
}

export function createClaimChecker(engine, icd, editsBytes) {
  const module = moduleOf(engine);
  if (!module || !module.WasmClaims) {
    throw new MedcodeError('INVALID_ARGUMENT', 'createClaimChecker needs an engine from createEngine()');
  }
  if (!handleOf(icd)) throw new MedcodeError('INVALID_ARGUMENT', 'createClaimChecker needs a loaded ICD-10-CM code set');
  const u8 = toBytes(editsBytes, 'claim-edits bytes');
  const { handle, info } = openHandle(module.WasmClaims, (h) => h.open(u8));
  return new ClaimChecker(handle, icd, info);
}

const CSV_COLUMNS = ['claim_id', 'severity', 'kind', 'lines', 'codes', 'message', 'action', 'source', 'rule', 'path', 'date_of_service'];

/** One CSV cell: quoted when needed, and never a formula in a spreadsheet (shared with the Practice view's export). */
export function csvCell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The findings of results (an array, a ClaimResultSet or any iterable of them) as CSV (one row per finding), as `coder check` writes them. */
export function findingsToCsv(results) {
  const rows = [CSV_COLUMNS.join(',')];
  let i = 0;
  for (const r of results) {
    const id = r.claim_id === null || r.claim_id === undefined ? `#${(r.index ?? i) + 1}` : r.claim_id;
    for (const f of r.findings) {
      rows.push([id, f.severity, f.kind, f.lines.join(' '), f.codes.join(' '), f.message, f.action, f.source, f.rule, f.path || '',
        f.date_of_service || ''].map(csvCell).join(','));
    }
    i++;
  }
  return `${rows.join('\n')}\n`;
}
