// Loads the site's JS API, the ICD-10-CM and HCPCS code sets (found through codesets/index.json)
// and the shipped case bank, then runs tests/js/practice-cases.mjs. Used by practice-runner.mjs
// on the main thread and by worker.mjs?suite=practice in a Worker.
import * as medcode from '/site/lib/medcode.mjs';
import { cases, makePracticeApi, closePracticeApi } from '../practice-cases.mjs';
import { runSuite, runNamed } from './host.mjs';

/** The newest entry of a code system in the site's catalog. */
export async function catalogEntry(system) {
  const index = await (await fetch('/site/codesets/index.json')).json();
  const e = index.filter((x) => x.system === system).sort((a, b) => (b.year || 0) - (a.year || 0))[0];
  if (!e) throw new Error(`the site has no ${system} code set`);
  return e;
}

export function runPracticeCases(where) {
  return runSuite(where, async () => {
    const [icd, hcpcs] = await Promise.all([catalogEntry('ICD-10-CM'), catalogEntry('HCPCS')]);
    const ix = (await (await fetch('/site/codesets/index.json')).json()).find((x) => x.kind === 'index' && x.of === icd.id);
    return makePracticeApi(medcode, {
      icdBytes: await medcode.fetchCodeSetBytes(`/site/${icd.file}`),
      icdIndexBytes: ix ? await medcode.fetchCodeSetBytes(`/site/${ix.file}`) : null,
      hcpcsBytes: await medcode.fetchCodeSetBytes(`/site/${hcpcs.file}`),
      casesText: await (await fetch('/site/practice/cases.json')).text(),
    });
  }, (api) => runNamed('', cases.map((c) => [c.name, () => c.fn(api)])), closePracticeApi);
}
