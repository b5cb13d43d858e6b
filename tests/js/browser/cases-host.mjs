// Loads the site's JS API and the code set, then runs tests/js/api-cases.mjs.
// Used by runner.mjs on the main thread and by worker.mjs in a module Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { makeApi, runAll } from '../api-cases.mjs';
import { runSuite } from './host.mjs';

export function runCases(where) {
  return runSuite(where, async () => {
    const bytes = await medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2027.mcs.gz');
    const ix = (await (await fetch('/site/codesets/index.json')).json()).find((e) => e.kind === 'index' && e.of === 'icd10cm-2027');
    const indexBytes = ix ? await medcode.fetchCodeSetBytes(`/site/${ix.file}`) : null;
    return makeApi({ createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, ERROR_CODES: medcode.ERROR_CODES, fetchCodeSetBytes: medcode.fetchCodeSetBytes }, bytes, indexBytes);
  }, runAll, (api) => api.icd.close());
}
