// Practice for students: the JS API over the wasm core's practice engine
// (wasm/practice_bindings.cpp, medcode/practice.h). Runs in Chromium (main thread or Worker)
// and Node 20; a case file (the shipped bank or an instructor's) never leaves the device.
//
//   import { createEngine } from './medcode.mjs';
//   import { loadPracticeCases } from './practice.mjs';
//   const engine = await createEngine();
//   const icd = engine.loadCodeSet(icdBytes), hcpcs = engine.loadCodeSet(hcpcsBytes);
//   const practice = loadPracticeCases(engine, caseFileText, { icd, hcpcs });
//   practice.list();                          // [{ id, title, chapter, setting, level, topics }]
//   practice.show('inf-001');                 // the scenario, never the key
//   practice.grade('inf-001', ['B02.9']);     // { score, items: [{ verdict, reason, ... }], missing, key, rationale }
//   practice.hints('inf-001');                // { caseId, steps: [{ step, name, lines }] }
//   practice.stats();                         // cases per chapter, level, setting, guideline section
//
// Grading needs the ICD-10-CM and HCPCS code sets of the same engine (either may be left
// out: HCPCS lines are then compared as written). Errors are MedcodeError; a bad case file
// gives the core's specific error (JSON syntax with line and column, or the case id and
// field) and `error.issues` lists every problem: [{ caseId, field, message }].
import { MedcodeError, toBytes } from './errors.mjs';
import { moduleOf, handleOf, release } from './internal.mjs';

/** The largest case file the engine reads (the core's kMaxCaseFileBytes). */
export const MAX_CASE_FILE_BYTES = 4 * 1024 * 1024;
/** The most codes in one answer, and the longest code (the core's limits). */
export const MAX_ANSWER_CODES = 64;
/** Hints come in three steps: the main term, the index path, the tabular entry. */
export const HINT_STEPS = 3;
/** In practice mode each hint step used costs this fraction of the case's score. */
export const HINT_COST = 0.1;

const encoder = new TextEncoder();

/** A JSON reply of the practice layer; an error keeps the case file's issues. */
function reply(text) {
  const j = JSON.parse(text);
  if (j.ok === false) {
    const e = new MedcodeError(j.code, j.message);
    if (Array.isArray(j.issues)) e.issues = j.issues;
    throw e;
  }
  delete j.ok;
  return j;
}

/**
 * A score after `hintsUsed` hint steps (practice mode): score × (1 − HINT_COST × steps),
 * rounded to 4 decimals like the engine's score; never below 0.
 */
export function scoreWithHints(score, hintsUsed) {
  if (typeof score !== 'number' || !(score >= 0 && score <= 1)) throw new MedcodeError('INVALID_ARGUMENT', 'score must be a number from 0 to 1');
  if (!Number.isInteger(hintsUsed) || hintsUsed < 0 || hintsUsed > HINT_STEPS) {
    throw new MedcodeError('INVALID_ARGUMENT', `hintsUsed must be an integer from 0 to ${HINT_STEPS}`);
  }
  return Math.max(0, Math.round(score * (1 - HINT_COST * hintsUsed) * 10000) / 10000);
}

/** An answer as a list of codes: an array of strings, or one string of codes separated by spaces or commas. */
export function parseAnswer(answer) {
  if (typeof answer === 'string') return answer.split(/[\s,;]+/).filter(Boolean);
  if (Array.isArray(answer) && answer.every((c) => typeof c === 'string')) return answer.map((c) => c.trim()).filter(Boolean);
  throw new MedcodeError('INVALID_ARGUMENT', 'the answer must be a list of codes (an array of strings) or a string of codes');
}

function caseId(id) {
  if (typeof id !== 'string' || !id || id.length > 128) throw new MedcodeError('INVALID_ARGUMENT', 'a case id must be a non-empty string');
  return id;
}

function caseBytes(file) {
  let u8;
  if (typeof file === 'string') {
    if (file.length > MAX_CASE_FILE_BYTES) {
      throw new MedcodeError('INPUT_TOO_LONG', `the case file is larger than ${MAX_CASE_FILE_BYTES / 1048576} MB, the limit for a case file`);
    }
    u8 = encoder.encode(file);
  } else {
    u8 = toBytes(file, 'the case file');
  }
  if (u8.byteLength > MAX_CASE_FILE_BYTES) {
    throw new MedcodeError('INPUT_TOO_LONG', `the case file is ${u8.byteLength} bytes; a case file may be at most ${MAX_CASE_FILE_BYTES / 1048576} MB`);
  }
  return u8;
}

export class Practice {
  /** @internal use loadPracticeCases */
  constructor(handle, sets, info) {
    this._h = handle;
    this._sets = sets;  // [{ cs, handle }] as loaded, so that a closed code set is noticed
    this.info = Object.freeze(info);
  }

  // The code sets' addresses, after checking that each is still the one given at load.
  _args() {
    if (!this._h) throw new MedcodeError('INVALID_ARGUMENT', 'this case file was closed');
    return this._sets.map(({ cs, handle, what }) => {
      if (!cs) return 0;
      if (handleOf(cs) !== handle) throw new MedcodeError('INVALID_ARGUMENT', `the ${what} code set of this practice was closed`);
      return handle.codeSetAddress();
    });
  }

  /** The cases: [{ id, title, chapter, setting, level, topics }] (as `coder practice list --json`). */
  list() {
    const [icd, hcpcs] = this._args();
    return reply(this._h.list(icd, hcpcs)).cases;
  }

  /** A case to work on: id, title, chapter, setting, level, topics, dateOfService, scenario, guidelines, hcpcsLines; never the key. */
  show(id) {
    const [icd, hcpcs] = this._args();
    return reply(this._h.show(icd, hcpcs, caseId(id)));
  }

  /** Hints in three steps: { caseId, steps: [{ step: 1..3, name, lines }] } (main term, index path, tabular entry). */
  hints(id) {
    const [icd, hcpcs] = this._args();
    return reply(this._h.hints(icd, hcpcs, caseId(id)));
  }

  /**
   * Grades an answer (codes in reporting order: an array, or a string separated by spaces or
   * commas; empty scores 0): { caseId, score, earned, overcodingFactor, keyItems, entered,
   * items: [{ entered, code, system, verdict, credit, title, reason, expected?, note? }],
   * missing, key, rationale, guidelines } (as `coder practice grade --json`).
   */
  grade(id, answer) {
    const codes = parseAnswer(answer);
    const [icd, hcpcs] = this._args();
    return reply(this._h.grade(icd, hcpcs, caseId(id), JSON.stringify(codes)));
  }

  /** Coverage: { cases, byChapter: [{ chapter, cases }], byLevel, bySetting, byGuideline, byTopic } (as `coder practice stats --json`, without the timing). */
  stats() {
    const [icd, hcpcs] = this._args();
    return reply(this._h.stats(icd, hcpcs));
  }

  /** Every key checked against the code sets: { cases, verified, issues: [{ caseId, field, message }] }. */
  verify() {
    const [icd, hcpcs] = this._args();
    return reply(this._h.verify(icd, hcpcs));
  }

  close() {
    this._h = release(this._h);
  }
}

/**
 * Reads a case file (`medcode-practice-cases`, see codesets/practice/cases.schema.json): its
 * text (a string) or bytes (Uint8Array | ArrayBuffer, UTF-8), e.g. the shipped bank or an
 * instructor's file. `icd` and `hcpcs` are code sets of the same engine (either may be null).
 * Returns a Practice whose `info` is { cases }.
 */
export function loadPracticeCases(engine, file, { icd = null, hcpcs = null } = {}) {
  const module = moduleOf(engine);
  if (!module || !module.WasmPractice) throw new MedcodeError('INVALID_ARGUMENT', 'loadPracticeCases needs an engine from createEngine()');
  const sets = [[icd, 'ICD-10-CM'], [hcpcs, 'HCPCS']].map(([cs, what]) => {
    if (!cs) return { cs: null, handle: null, what };
    const handle = handleOf(cs);
    if (!handle || !(handle instanceof module.WasmCodeSet)) throw new MedcodeError('INVALID_ARGUMENT', `the ${what} code set must be a loaded code set of this engine`);
    return { cs, handle, what };
  });
  const u8 = caseBytes(file);
  const handle = new module.WasmPractice();
  try {
    return new Practice(handle, sets, reply(handle.open(u8)));
  } catch (e) {
    handle.delete();
    throw e;
  }
}
