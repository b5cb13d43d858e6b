// Loads the site's JS API, the code set and the claim-edits file, then runs
// tests/js/claims-cases.mjs. Used by claims-runner.mjs (main thread) and claims-worker.mjs.
import * as medcode from '/site/lib/medcode.mjs';
import * as claims from '/site/lib/claims.mjs';
import { makeClaimsApi, runAll } from '../claims-cases.mjs';

export async function runClaimCases(where) {
  let api;
  try {
    const [icdBytes, editsBytes] = await Promise.all([
      medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2026.mcs.gz'),
      medcode.fetchCodeSetBytes('/site/codesets/edits-2026.mcs.gz'),
    ]);
    api = await makeClaimsApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ...claims }, icdBytes, editsBytes);
  } catch (e) {
    return [{ name: `${where}: setup`, ok: false, error: `${e && e.name}: ${e && e.message}` }];
  }
  try {
    return (await runAll(api)).map((r) => ({ ...r, name: `${where}: ${r.name}` }));
  } finally {
    api.checker.close();
    api.icd.close();
  }
}
