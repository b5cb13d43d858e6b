// Claim-check results as the wasm layer packs them (wasm/claims_bindings.cpp, "Packed
// results"), read in JS: one packed buffer per chunk of claims. No DOM, no wasm: it runs in
// the claim Worker, on the page and in Node.
//
//   decodeResults(buf)          -> { results, done, consumed }: every result object at once
//   new ClaimResultSet()        -> set.add(buf) per chunk; set.length, set.summary(i),
//                                  set.totals(), set.tally(), set.get(i) (built on demand)
//
// A ClaimResultSet keeps the packed bytes (about 1.2 KB per claim) and builds a result object
// only when it is asked for: a page showing 100 of 100,000 results builds 100. Its objects are
// the same as decodeResults' (ClaimResult in claims.d.mts), field for field.
import { MedcodeError, errorCodeOf } from './errors.mjs';

export const FINDING_KINDS = Object.freeze([
  'syntax', 'invalid-code', 'header-code', 'seventh-character', 'code-year', 'age', 'sex', 'manifestation-first',
  'external-cause-first', 'unacceptable-principal', 'excludes1', 'ncci-ptp', 'mue', 'add-on-without-primary',
  'dx-pointer', 'npi', 'modifier', 'place-of-service', 'duplicate-line', 'claim-limits', 'date', 'data-coverage',
]);
export const SEVERITIES = Object.freeze(['error', 'warning', 'info']);

const decoder = new TextDecoder('utf-8');
const CLAIM_BYTES = 28;
const FINDING_BYTES = 60;
const NO_ID = 0xFFFFFFFF;

const ymd = (v) => `${String(Math.floor(v / 10000)).padStart(4, '0')}-${String(Math.floor(v / 100) % 100).padStart(2, '0')}-${String(v % 100).padStart(2, '0')}`;
const dates = new Map();  // YYYYMMDD -> 'YYYY-MM-DD' (a batch has few dates)
const dateText = (v) => {
  let d = dates.get(v);
  if (d === undefined) {
    d = ymd(v);
    if (dates.size < 4096) dates.set(v, d);
  }
  return d;
};

/** One packed buffer: its header read, its text decoded on first use. */
class Chunk {
  constructor(buf) {
    if (!(buf instanceof Uint8Array) || buf.byteLength < 32) throw new MedcodeError('INTERNAL', 'claim results: not a packed result buffer');
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const status = dv.getUint32(0, true);
    if (status !== 0) throw new MedcodeError(errorCodeOf(status), decoder.decode(buf.subarray(32)));
    this.buf = buf;
    this.dv = dv;
    this.claims = dv.getUint32(4, true);
    this.findings = dv.getUint32(8, true);
    const nLines = dv.getUint32(12, true);
    const nCodes = dv.getUint32(16, true);
    this.textBytes = dv.getUint32(20, true);
    const flags = dv.getUint32(24, true);
    this.done = (flags & 1) !== 0;
    this.ascii = (flags & 2) !== 0;  // the text is ASCII: its offsets are byte offsets too
    this.consumed = dv.getUint32(28, true);
    this.claimsAt = 32;
    this.findingsAt = this.claimsAt + this.claims * CLAIM_BYTES;
    this.linesAt = this.findingsAt + this.findings * FINDING_BYTES;
    this.codesAt = this.linesAt + Math.ceil((nLines * 2) / 4) * 4;
    this.textAt = this.codesAt + nCodes * 8;
    if (this.textAt + this.textBytes !== buf.byteLength) throw new MedcodeError('INTERNAL', 'claim results: a packed result buffer of the wrong size');
    this._text = null;
  }

  // One decode for the whole text; every offset counts UTF-16 code units of it.
  text() {
    if (this._text === null) this._text = decoder.decode(this.buf.subarray(this.textAt, this.textAt + this.textBytes));
    return this._text;
  }

  str(p) {
    const len = this.dv.getUint32(p + 4, true);
    if (!len) return '';
    const off = this.dv.getUint32(p, true);
    return this.text().slice(off, off + len);
  }

  // A test "the string at p is s" for the strings of this chunk. Repeated strings are written
  // once, so the answer is kept per offset; an ASCII text is compared byte by byte, without
  // decoding it.
  matcher(s) {
    const seen = new Map();
    const bytes = Array.from(s, (ch) => ch.charCodeAt(0));
    const asciiWanted = bytes.every((b) => b < 0x80);
    return (p) => {
      const len = this.dv.getUint32(p + 4, true);
      if (len !== s.length) return false;
      const off = this.dv.getUint32(p, true);
      let same = seen.get(off);
      if (same === undefined) {
        if (this.ascii) {
          same = asciiWanted;
          for (let j = 0, at = this.textAt + off; same && j < len; j++, at++) same = this.buf[at] === bytes[j];
        } else {
          same = this.text().slice(off, off + len) === s;
        }
        seen.set(off, same);
      }
      return same;
    };
  }

  errors(i) { return this.dv.getUint16(this.claimsAt + i * CLAIM_BYTES + 20, true); }
  warnings(i) { return this.dv.getUint16(this.claimsAt + i * CLAIM_BYTES + 22, true); }
  infos(i) { return this.dv.getUint16(this.claimsAt + i * CLAIM_BYTES + 24, true); }

  finding(k) {
    const dv = this.dv;
    const p = this.findingsAt + k * FINDING_BYTES;
    // lines: u16 count at +2, u32 first at +4; codes: u32 first at +8, u32 count at +12
    const nl = dv.getUint16(p + 2, true);
    const lines = new Array(nl);
    for (let j = 0, at = this.linesAt + dv.getUint32(p + 4, true) * 2; j < nl; j++, at += 2) lines[j] = dv.getUint16(at, true);
    const nc = dv.getUint32(p + 12, true);
    const codes = new Array(nc);
    for (let j = 0, at = this.codesAt + dv.getUint32(p + 8, true) * 8; j < nc; j++, at += 8) codes[j] = this.str(at);
    const f = {
      kind: FINDING_KINDS[dv.getUint8(p)] || 'syntax',
      severity: SEVERITIES[dv.getUint8(p + 1)] || 'error',
      lines,
      codes,
      message: this.str(p + 20),
      action: this.str(p + 28),
      source: this.str(p + 36),
      rule: this.str(p + 44),
    };
    const path = this.str(p + 52);
    if (path) f.path = path;
    const date = dv.getUint32(p + 16, true);
    if (date) f.date_of_service = dateText(date);
    return f;
  }

  result(i) {
    const dv = this.dv;
    const p = this.claimsAt + i * CLAIM_BYTES;
    const idLen = dv.getUint32(p + 8, true);
    const first = dv.getUint32(p + 12, true);
    const count = dv.getUint32(p + 16, true);
    let id = null;
    if (idLen !== NO_ID) {
      const idOff = dv.getUint32(p + 4, true);
      id = this.text().slice(idOff, idOff + idLen);
    }
    const findings = new Array(count);
    for (let k = 0; k < count; k++) findings[k] = this.finding(first + k);
    const r = {
      claim_id: id,
      findings,
      summary: { errors: dv.getUint16(p + 20, true), warnings: dv.getUint16(p + 22, true), info: dv.getUint16(p + 24, true) },
      index: dv.getUint32(p, true),
    };
    const line = dv.getUint16(p + 26, true);
    if (line) r.input_line = line;
    return r;
  }
}

/** The header of one packed buffer: { claims, done, consumed }; throws the error it holds. */
export function packedHeader(buf) {
  const c = new Chunk(buf);
  return { claims: c.claims, done: c.done, consumed: c.consumed };
}

/** Decodes one packed buffer of WasmClaims.check / next into result objects. */
export function decodeResults(buf) {
  const c = new Chunk(buf);
  const results = new Array(c.claims);
  for (let i = 0; i < c.claims; i++) results[i] = c.result(i);
  return { results, done: c.done, consumed: c.consumed };
}

/**
 * The results of a batch, kept packed: counts are read from the packed bytes, a result
 * object is built when get(i) first asks for it (and kept, so changes to it stay).
 */
export class ClaimResultSet {
  constructor() {
    this._chunks = [];
    this._starts = [];  // index of each chunk's first claim in the set
    this._length = 0;
    this._built = new Map();
  }

  /**
   * Adds one packed buffer (the next chunk of the batch); throws the error it holds. Returns
   * the chunk's { claims, done, consumed, errors, warnings, info }.
   */
  add(buf) {
    const c = new Chunk(buf);
    const out = { claims: c.claims, done: c.done, consumed: c.consumed, errors: 0, warnings: 0, info: 0 };
    for (let k = 0; k < c.claims; k++) {
      out.errors += c.errors(k);
      out.warnings += c.warnings(k);
      out.info += c.infos(k);
    }
    if (c.claims) {
      this._chunks.push(c);
      this._starts.push(this._length);
      this._length += c.claims;
    }
    return out;
  }

  /** The packed buffers, one per chunk (to send to another thread: new set, add each). */
  buffers() {
    return this._chunks.map((c) => c.buf);
  }

  get length() {
    return this._length;
  }

  // [chunk, position in it] of result i.
  _at(i) {
    if (!Number.isInteger(i) || i < 0 || i >= this._length) throw new MedcodeError('INVALID_ARGUMENT', `no result ${i} (the set holds ${this._length})`);
    let lo = 0, hi = this._starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this._starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return [this._chunks[lo], i - this._starts[lo]];
  }

  /** Result i (0-based, in input order), as checkText gives it. */
  get(i) {
    let r = this._built.get(i);
    if (r === undefined) {
      const [c, k] = this._at(i);
      r = c.result(k);
      this._built.set(i, r);
    }
    return r;
  }

  /** Result i's summary, read from the packed bytes: { errors, warnings, info }. */
  summary(i) {
    const [c, k] = this._at(i);
    return { errors: c.errors(k), warnings: c.warnings(k), info: c.infos(k) };
  }

  /** Over every claim: { claims, errors, warnings, info, claimsWithErrors, claimsWithWarnings, findings }. */
  totals() {
    const t = { claims: this._length, errors: 0, warnings: 0, info: 0, claimsWithErrors: 0, claimsWithWarnings: 0, findings: 0 };
    for (const c of this._chunks) {
      t.findings += c.findings;
      for (let k = 0; k < c.claims; k++) {
        const e = c.errors(k), w = c.warnings(k);
        t.errors += e;
        t.warnings += w;
        t.info += c.infos(k);
        if (e) t.claimsWithErrors++;
        if (w) t.claimsWithWarnings++;
      }
    }
    return t;
  }

  /**
   * The positions of the claims with at least one error or warning (info alone does not
   * count), in input order, at most `max` of them; `count` is how many there are in all.
   */
  flagged(max = Infinity) {
    const indexes = [];
    let count = 0;
    this._chunks.forEach((c, n) => {
      for (let k = 0; k < c.claims; k++) {
        if (!c.errors(k) && !c.warnings(k)) continue;
        if (count++ < max) indexes.push(this._starts[n] + k);
      }
    });
    return { indexes, count };
  }

  /**
   * Findings counted by "severity kind" ("error ncci-ptp"), largest first: [[key, count]].
   * exceptRule: findings with that rule are not counted (the page leaves out 'data-range').
   */
  tally({ exceptRule } = {}) {
    const nKinds = FINDING_KINDS.length;
    const counts = new Map();  // kind + nKinds * severity -> count, in order of first occurrence
    for (const c of this._chunks) {
      const dv = c.dv;
      const skip = exceptRule ? c.matcher(exceptRule) : null;
      for (let k = 0, p = c.findingsAt; k < c.findings; k++, p += FINDING_BYTES) {
        if (skip && skip(p + 44)) continue;
        const key = dv.getUint8(p) + nKinds * dv.getUint8(p + 1);
        counts.set(key, (counts.get(key) || 0) + 1);
      }
    }
    return [...counts.entries()]
      .map(([key, n]) => [`${SEVERITIES[Math.floor(key / nKinds)] || 'error'} ${FINDING_KINDS[key % nKinds] || 'syntax'}`, n])
      .sort((a, b) => b[1] - a[1]);
  }

  /** Every result in order (built on demand; those not yet built are not kept). */
  *[Symbol.iterator]() {
    for (let n = 0; n < this._chunks.length; n++) {
      const c = this._chunks[n];
      for (let k = 0; k < c.claims; k++) yield this._built.get(this._starts[n] + k) ?? c.result(k);
    }
  }

  /** Every result object, in order. */
  toArray() {
    return [...this];
  }
}
