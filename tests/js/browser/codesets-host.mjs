// Loads the site's JS API, ICD-10-CM and HCPCS, then runs tests/js/codesets-cases.mjs.
// Used by codesets-runner.mjs on the main thread and by worker.mjs?suite=codesets in a Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { runAll } from '../codesets-cases.mjs';
import { runSuite } from './host.mjs';

export function runCases(where) {
  return runSuite(where, async () => {
    const index = await (await fetch('/site/codesets/index.json')).json();
    const hcpcs = index.find((e) => e.system === 'HCPCS');
    const engine = await medcode.createEngine();
    return {
      createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, engine,
      icd: engine.loadCodeSet(await medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2027.mcs.gz')),
      hcpcs: hcpcs ? engine.loadCodeSet(await medcode.fetchCodeSetBytes(`/site/${hcpcs.file}`)) : null,
    };
  }, runAll, (api) => {
    api.icd.close();
    if (api.hcpcs) api.hcpcs.close();
  });
}
