import { runClaimCases } from './claims-host.mjs';

runClaimCases('worker').then((results) => self.postMessage({ results }),
  (e) => self.postMessage({ results: [{ name: 'worker: run', ok: false, error: String(e) }] }));
