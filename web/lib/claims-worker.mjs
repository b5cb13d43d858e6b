// Claim pre-checks in a module Web Worker of their own (a long batch never blocks the
// search worker or the page). The page talks to it through claims-client.mjs.
//
// Protocol (structured-clone messages):
//   page -> worker  { id, op, args }   op: load | check | checkBatch | checkText | info | close
//                   { cancel: id }     stops a running checkBatch / checkText between chunks
//   worker -> page  { id, ok: true, result } | { id, ok: false, error: { name, code, message } }
//                   { id, progress: { ... } }     load phases; batch progress
//
// The only network requests are the code-set and claim-edits files, from this page's origin.
import { createEngine, fetchCodeSetBytes, MedcodeError } from './medcode.mjs';
import { createClaimChecker } from './claims.mjs';

let icd = null;
let checker = null;
const cancelled = new Set();
let chain = Promise.resolve();  // requests run one after another

const now = () => performance.now();
const post = (msg) => self.postMessage(msg);
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));  // lets a cancel message in

function sameOrigin(url) {
  const u = new URL(url, self.location.href);
  if (u.origin !== self.location.origin) {
    throw new MedcodeError('INVALID_ARGUMENT', `files must come from this site (${self.location.origin}), not ${u.origin}`);
  }
  return u.href;
}

async function fetchBytes(url, what) {
  try {
    return await fetchCodeSetBytes(sameOrigin(url));
  } catch (e) {
    if (e instanceof MedcodeError) throw e;
    throw new MedcodeError('IO', `cannot fetch the ${what} ${url}: ${e && e.message ? e.message : e}`);
  }
}

async function load(id, { icdUrl, editsUrl, wasmUrl } = {}) {
  if (checker) throw new MedcodeError('INVALID_ARGUMENT', 'the claim checker is already loaded in this worker');
  if (!icdUrl || !editsUrl) throw new MedcodeError('INVALID_ARGUMENT', 'load needs icdUrl and editsUrl');
  const timing = {};
  let t = now();
  post({ id, progress: { phase: 'engine' } });
  const engine = await createEngine(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  timing.engineMs = Math.round(now() - t);
  t = now();
  post({ id, progress: { phase: 'download' } });
  const [icdBytes, editsBytes] = await Promise.all([fetchBytes(icdUrl, 'ICD-10-CM code set'), fetchBytes(editsUrl, 'claim-edits file')]);
  timing.fetchMs = Math.round(now() - t);
  timing.bytes = icdBytes.byteLength + editsBytes.byteLength;
  t = now();
  post({ id, progress: { phase: 'open' } });
  icd = engine.loadCodeSet(icdBytes);
  try {
    checker = createClaimChecker(engine, icd, editsBytes);
  } catch (e) {
    icd.close();
    icd = null;
    throw e;
  }
  timing.openMs = Math.round(now() - t);
  return { info: checker.info, codeSet: icd.info, timing };
}

function live() {
  if (!checker) throw new MedcodeError('INVALID_ARGUMENT', 'the claim checker is not loaded (it failed to load or was closed)');
  return checker;
}

async function checkBatch(id, claims, { today, chunkSize = 1000 } = {}) {
  const c = live();
  if (!Array.isArray(claims)) throw new MedcodeError('INVALID_ARGUMENT', 'checkBatch takes an array of claims');
  const out = [];
  for (let i = 0; i < claims.length; i += chunkSize) {
    if (cancelled.has(id)) throw Object.assign(new MedcodeError('INVALID_ARGUMENT', 'cancelled'), { cancelled: true });
    const part = c.checkBatch(claims.slice(i, i + chunkSize), { today, chunkSize });
    for (const r of part) {
      r.index += i;
      out.push(r);
    }
    post({ id, progress: { phase: 'check', claims: out.length, total: claims.length } });
    await pause();
  }
  return out;
}

async function checkText(id, text, { format = 'ndjson', today, chunkSize = 1000 } = {}) {
  const c = live();
  const out = [];
  let errors = 0, warnings = 0, infos = 0;
  for (const step of c.iterateText(text, { format, today, chunkSize })) {
    for (const r of step.results) {
      errors += r.summary.errors;
      warnings += r.summary.warnings;
      infos += r.summary.info;
      out.push(r);
    }
    post({ id, progress: { phase: 'check', claims: out.length, bytes: step.consumed, totalBytes: step.total, errors, warnings, info: infos } });
    if (cancelled.has(id)) throw Object.assign(new MedcodeError('INVALID_ARGUMENT', 'cancelled'), { cancelled: true });
    await pause();
  }
  return out;
}

const OPS = {
  load,
  check: (id, claim, options) => live().check(claim, options),
  checkBatch,
  checkText,
  info: () => ({ info: live().info, codeSet: icd.info }),
  close: () => {
    if (checker) checker.close();
    if (icd) icd.close();
    checker = null;
    icd = null;
    return true;
  },
};

function errorOf(e) {
  if (e instanceof MedcodeError) return { name: e.name, code: e.code, message: e.message };
  return { name: 'MedcodeError', code: 'INTERNAL', message: e && e.message ? e.message : String(e) };
}

async function run({ id, op, args = [] }) {
  const fn = Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op] : null;
  try {
    if (!fn) throw new MedcodeError('INVALID_ARGUMENT', `unknown operation ${op}`);
    if (cancelled.has(id)) throw Object.assign(new MedcodeError('INVALID_ARGUMENT', 'cancelled'), { cancelled: true });
    const result = await fn(id, ...args);
    post({ id, ok: true, result });
  } catch (e) {
    if (e && e.cancelled) post({ id, cancelled: true });
    else post({ id, ok: false, error: errorOf(e) });
  } finally {
    cancelled.delete(id);
  }
}

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.cancel !== undefined) {
    cancelled.add(msg.cancel);
    return;
  }
  chain = chain.then(() => run(msg));
});
