// Claim pre-checks: the JS API over the wasm core (wasm/claims_bindings.cpp). Runs in
// Chromium (main thread or Worker) and Node 20; nothing is sent anywhere.
//
//   import { createEngine } from './medcode.mjs';
//   import { createClaimChecker } from './claims.mjs';
//   const engine = await createEngine();
//   const icd = engine.loadCodeSet(icdBytes);
//   const checker = createClaimChecker(engine, icd, editsBytes);   // the claim-edits file (edits-2026.mcs)
//   checker.check({ claim_id: 'C1', diagnoses: ['E11.9'], lines: [...] });
//     // -> { claim_id, findings: [{ kind, severity, lines, codes, message, action, source, rule }], summary }
//   checker.checkBatch([claim, claim, ...], { onProgress });        // one result per claim, in order
//   checker.checkText(ndjsonOrCsvText, { format: 'ndjson' | 'csv' | 'json', onProgress });
//
// Claims cross into wasm as JSON text; results come back as one packed byte array.
// Errors are MedcodeError (errors.mjs) with a stable code. This module does not import
// medcode.mjs (which re-exports it): the engine and the code set are reached through
// internal.mjs, never through their private fields.
import { MedcodeError, errorCodeOf, parseReply as parseJson, toBytes } from './errors.mjs';
import { moduleOf, handleOf, openHandle, release } from './internal.mjs';

export const FINDING_KINDS = Object.freeze([
  'syntax', 'invalid-code', 'header-code', 'seventh-character', 'code-year', 'age', 'sex', 'manifestation-first',
  'external-cause-first', 'unacceptable-principal', 'excludes1', 'ncci-ptp', 'mue', 'add-on-without-primary',
  'dx-pointer', 'npi', 'modifier', 'place-of-service', 'duplicate-line', 'claim-limits', 'date', 'data-coverage',
]);
export const SEVERITIES = Object.freeze(['error', 'warning', 'info']);
export const SETTINGS = Object.freeze(['practitioner', 'outpatient-hospital', 'dme-supplier']);
const FORMATS = { json: 0, ndjson: 1, csv: 2 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

const ymd = (v) => (v ? `${String(Math.floor(v / 10000)).padStart(4, '0')}-${String(Math.floor(v / 100) % 100).padStart(2, '0')}-${String(v % 100).padStart(2, '0')}` : null);

/** Decodes the packed results of WasmClaims.check / next. */
export function decodeResults(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const status = dv.getUint32(0, true);
  if (status !== 0) throw new MedcodeError(errorCodeOf(status), decoder.decode(buf.subarray(32)));
  const nClaims = dv.getUint32(4, true);
  const nFindings = dv.getUint32(8, true);
  const nLines = dv.getUint32(12, true);
  const nCodes = dv.getUint32(16, true);
  const textBytes = dv.getUint32(20, true);
  const done = dv.getUint32(24, true) === 1;
  const consumed = dv.getUint32(28, true);
  const claimsAt = 32;
  const findingsAt = claimsAt + nClaims * 28;
  const linesAt = findingsAt + nFindings * 60;
  const codesAt = linesAt + Math.ceil((nLines * 2) / 4) * 4;
  const textAt = codesAt + nCodes * 8;
  // One decode for the whole text; every offset counts UTF-16 code units of it. Plain loops
  // (no callbacks): this runs for every finding of a batch.
  const text = decoder.decode(buf.subarray(textAt, textAt + textBytes));
  const str = (p) => {
    const len = dv.getUint32(p + 4, true);
    if (!len) return '';
    const off = dv.getUint32(p, true);
    return text.slice(off, off + len);
  };
  const findings = new Array(nFindings);
  const dates = new Map();
  for (let i = 0; i < nFindings; i++) {
    const p = findingsAt + i * 60;
    // lines: u16 count at +2, u32 first at +4; codes: u32 first at +8, u32 count at +12
    const nl = dv.getUint16(p + 2, true);
    const lines = new Array(nl);
    for (let k = 0, at = linesAt + dv.getUint32(p + 4, true) * 2; k < nl; k++, at += 2) lines[k] = dv.getUint16(at, true);
    const nc = dv.getUint32(p + 12, true);
    const codes = new Array(nc);
    for (let k = 0, at = codesAt + dv.getUint32(p + 8, true) * 8; k < nc; k++, at += 8) codes[k] = str(at);
    const f = {
      kind: FINDING_KINDS[dv.getUint8(p)] || 'syntax',
      severity: SEVERITIES[dv.getUint8(p + 1)] || 'error',
      lines,
      codes,
      message: str(p + 20),
      action: str(p + 28),
      source: str(p + 36),
      rule: str(p + 44),
    };
    const path = str(p + 52);
    if (path) f.path = path;
    const date = dv.getUint32(p + 16, true);
    if (date) {
      let d = dates.get(date);  // a batch has few dates: each written once
      if (d === undefined) dates.set(date, (d = ymd(date)));
      f.date_of_service = d;
    }
    findings[i] = f;
  }
  const results = new Array(nClaims);
  for (let i = 0; i < nClaims; i++) {
    const p = claimsAt + i * 28;
    const idLen = dv.getUint32(p + 8, true);
    const first = dv.getUint32(p + 12, true);
    const count = dv.getUint32(p + 16, true);
    const idOff = dv.getUint32(p + 4, true);
    results[i] = {
      claim_id: idLen === 0xFFFFFFFF ? null : text.slice(idOff, idOff + idLen),
      findings: findings.slice(first, first + count),
      summary: { errors: dv.getUint16(p + 20, true), warnings: dv.getUint16(p + 22, true), info: dv.getUint16(p + 24, true) },
      index: dv.getUint32(p, true),
    };
    const line = dv.getUint16(p + 26, true);
    if (line) results[i].input_line = line;
  }
  return { results, done, consumed };
}

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
    if (typeof text !== 'string') throw new MedcodeError('INVALID_ARGUMENT', 'the claims text must be a string');
    if (!(format in FORMATS)) throw new MedcodeError('INVALID_ARGUMENT', `format must be json, ndjson or csv, not ${format}`);
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new MedcodeError('INVALID_ARGUMENT', 'chunkSize must be a positive integer');
    const t = checkToday(today);
    this._live();
    const bytes = encoder.encode(text);
    const total = bytes.length;
    parseJson(this._h.begin(bytes, FORMATS[format]));
    let done = false;
    while (!done) {
      const step = decodeResults(this._h.next(this._live(), chunkSize, t));
      done = step.done || step.results.length === 0;
      yield { results: step.results, consumed: step.consumed, total, done };
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

/** The findings of results as CSV (one row per finding), as `coder check` writes them. */
export function findingsToCsv(results) {
  const rows = [CSV_COLUMNS.join(',')];
  results.forEach((r, i) => {
    const id = r.claim_id === null || r.claim_id === undefined ? `#${(r.index ?? i) + 1}` : r.claim_id;
    for (const f of r.findings) {
      rows.push([id, f.severity, f.kind, f.lines.join(' '), f.codes.join(' '), f.message, f.action, f.source, f.rule, f.path || '',
        f.date_of_service || ''].map(csvCell).join(','));
    }
  });
  return `${rows.join('\n')}\n`;
}
