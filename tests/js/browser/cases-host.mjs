// Loads the site's JS API and the code set, then runs tests/js/api-cases.mjs.
// Used by runner.mjs on the main thread and by worker.mjs in a module Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { makeApi, runAll } from '../api-cases.mjs';
import { runSuite } from './host.mjs';

export function runCases(where) {
  return runSuite(where, async () => {
    const bytes = await medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2027.mcs.gz');
    return makeApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ERROR_CODES: medcode.ERROR_CODES }, bytes);
  }, runAll, (api) => api.icd.close());
}
