// Loads the site's JS API, ICD-10-CM and HCPCS, then runs tests/js/codesets-cases.mjs.
// Used by codesets-runner.mjs on the main thread and by codesets-worker.mjs in a Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { runAll } from '../codesets-cases.mjs';

export async function runCases(where) {
  let api;
  try {
    const index = await (await fetch('/site/codesets/index.json')).json();
    const hcpcs = index.find((e) => e.system === 'HCPCS');
    const engine = await medcode.createEngine();
    api = {
      createEngine: medcode.createEngine, MedcodeError: medcode.MedcodeError, engine,
      icd: engine.loadCodeSet(await medcode.fetchCodeSetBytes('/site/codesets/icd10cm-2026.mcs.gz')),
      hcpcs: hcpcs ? engine.loadCodeSet(await medcode.fetchCodeSetBytes(`/site/${hcpcs.file}`)) : null,
    };
  } catch (e) {
    return [{ name: `${where}: setup`, ok: false, error: `${e && e.name}: ${e && e.message}` }];
  }
  try {
    return (await runAll(api)).map((r) => ({ ...r, name: `${where}: ${r.name}` }));
  } finally {
    api.icd.close();
    if (api.hcpcs) api.hcpcs.close();
  }
}
