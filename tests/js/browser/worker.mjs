// A module Worker that runs one suite (?suite=api | claims | codesets | practice) and posts its results.
const HOSTS = {
  api: () => import('./cases-host.mjs').then((m) => m.runCases),
  claims: () => import('./claims-host.mjs').then((m) => m.runClaimCases),
  codesets: () => import('./codesets-host.mjs').then((m) => m.runCases),
  practice: () => import('./practice-host.mjs').then((m) => m.runPracticeCases),
};

const name = new URL(self.location.href).searchParams.get('suite');
Promise.resolve(HOSTS[name] ? HOSTS[name]() : Promise.reject(new Error(`no suite ${name}`)))
  .then((run) => run('worker'))
  .then((results) => self.postMessage({ results }),
    (e) => self.postMessage({ results: [{ name: 'worker: run', ok: false, error: String(e) }] }));
