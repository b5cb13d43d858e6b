// Loads the site's JS API, the code set and the claim-edits file, then runs
// tests/js/claims-cases.mjs. Used by claims-runner.mjs (main thread) and worker.mjs?suite=claims.
import * as medcode from '/site/lib/medcode.mjs';
import * as claims from '/site/lib/claims.mjs';
import { makeClaimsApi, runAll } from '../claims-cases.mjs';
import { runSuite } from './host.mjs';

export function runClaimCases(where) {
  return runSuite(where, async () => {
    const [icdBytes, editsBytes] = await Promise.all([
      medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2027.mcs.gz'),
      medcode.fetchCodeSetBytes('/site/codesets/edits-2026.mcs.gz'),
    ]);
    return makeClaimsApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ...claims }, icdBytes, editsBytes);
  }, runAll, (api) => {
    api.checker.close();
    api.icd.close();
  });
}
