// Loads the site's JS API and the code set, then runs tests/js/api-cases.mjs.
// Used by runner.mjs on the main thread and by worker.mjs in a module Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { makeApi, runAll } from '../api-cases.mjs';

export async function runCases(where) {
  let api;
  try {
    const bytes = await medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2026.mcs.gz');
    api = await makeApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ERROR_CODES: medcode.ERROR_CODES }, bytes);
  } catch (e) {
    return [{ name: `${where}: setup`, ok: false, error: `${e && e.name}: ${e && e.message}` }];
  }
  try {
    return (await runAll(api)).map((r) => ({ ...r, name: `${where}: ${r.name}` }));
  } finally {
    api.icd.close();
  }
}
