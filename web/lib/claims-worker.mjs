// Claim pre-checks in a module Web Worker of their own (a long batch never blocks the
// search worker or the page). The page talks to it through claims-client.mjs.
//
// The protocol and the request loop are rpc.mjs / rpc-worker.mjs; this file is the table of
// requests: load | check | checkBatch | checkText | checkTextPacked | info | close (a cancel
// stops a running checkBatch / checkText / checkTextPacked between chunks).
//
// The only network requests are the code-set and claim-edits files, from this page's origin.
import { createEngine } from './medcode.mjs';
import { MedcodeError } from './errors.mjs';
import { createClaimChecker, openClaimCodeSet, ClaimResultSet } from './claims.mjs';
import { serve, sameOrigin } from './rpc-worker.mjs';
import { fetchSiteBytes } from './file-cache.mjs';

let icd = null;
let checker = null;

const now = () => performance.now();

// A versioned file is kept for the service worker as well (file-cache.mjs): the claim edits
// are fetched only once this view is opened, maybe before the service worker controls the page.
const fetchBytes = (url, what) => fetchSiteBytes(sameOrigin(url), what);

// editsBytes: a claim-edits file compiled in the page (the site's with a clinic's loaded
// quarters, updates.mjs) used instead of the one at editsUrl; icdBytes: an ICD-10-CM code set
// compiled in the page (the site's years and a new one a clinic loaded) instead of icdUrl's.
async function load({ progress }, { icdUrl, icdBytes, editsUrl, editsBytes, wasmUrl } = {}) {
  if (checker) throw new MedcodeError('INVALID_ARGUMENT', 'the claim checker is already loaded in this worker');
  if ((!icdUrl && !icdBytes) || (!editsUrl && !editsBytes)) {
    throw new MedcodeError('INVALID_ARGUMENT', 'load needs icdUrl (or icdBytes) and editsUrl (or editsBytes)');
  }
  const timing = {};
  let t = now();
  progress({ phase: 'engine' });
  const engine = await createEngine(wasmUrl ? { wasmUrl: sameOrigin(wasmUrl) } : {});
  timing.engineMs = Math.round(now() - t);
  t = now();
  progress({ phase: 'download' });
  const [icdFile, edits] = await Promise.all([icdBytes || fetchBytes(icdUrl, 'ICD-10-CM code set'), editsBytes || fetchBytes(editsUrl, 'claim-edits file')]);
  timing.fetchMs = Math.round(now() - t);
  timing.bytes = icdFile.byteLength + edits.byteLength;
  t = now();
  progress({ phase: 'open' });
  // Without its search index and Index (the search Worker has them): see openClaimCodeSet.
  icd = openClaimCodeSet(engine, icdFile);
  try {
    checker = createClaimChecker(engine, icd, edits);
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

async function checkBatch(ctx, claims, { today, chunkSize = 1000 } = {}) {
  const c = live();
  if (!Array.isArray(claims)) throw new MedcodeError('INVALID_ARGUMENT', 'checkBatch takes an array of claims');
  const out = [];
  for (let i = 0; i < claims.length; i += chunkSize) {
    ctx.stopIfCancelled();
    const part = c.checkBatch(claims.slice(i, i + chunkSize), { today, chunkSize });
    for (const r of part) {
      r.index += i;
      out.push(r);
    }
    ctx.progress({ phase: 'check', claims: out.length, total: claims.length });
    await ctx.pause();
  }
  return out;
}

async function checkText(ctx, text, { format = 'ndjson', today, chunkSize = 1000 } = {}) {
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
    ctx.progress({ phase: 'check', claims: out.length, bytes: step.consumed, totalBytes: step.total, errors, warnings, info: infos });
    ctx.stopIfCancelled();
    await ctx.pause();
  }
  return out;
}

// The page's file check: the results stay packed (claim-results.mjs), one buffer per chunk,
// sent as they are (about 1.2 KB per claim; no result object is built in this worker).
async function checkTextPacked(ctx, text, { format = 'ndjson', today, chunkSize = 1000 } = {}) {
  const c = live();
  const set = new ClaimResultSet();
  let errors = 0, warnings = 0, infos = 0;
  for (const step of c.iteratePacked(text, { format, today, chunkSize })) {
    const n = set.add(step.buf);
    errors += n.errors;
    warnings += n.warnings;
    infos += n.info;
    ctx.progress({ phase: 'check', claims: set.length, bytes: step.consumed, totalBytes: step.total, errors, warnings, info: infos });
    ctx.stopIfCancelled();
    await ctx.pause();
  }
  return set.buffers();
}

serve({
  load,
  check: (ctx, claim, options) => live().check(claim, options),
  checkBatch,
  checkText,
  checkTextPacked,
  info: () => ({ info: live().info, codeSet: icd.info }),
  close: () => {
    if (checker) checker.close();
    if (icd) icd.close();
    checker = null;
    icd = null;
    return true;
  },
});
