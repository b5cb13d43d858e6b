import { runCases } from './cases-host.mjs';

runCases('worker').then((results) => self.postMessage({ results }),
  (e) => self.postMessage({ results: [{ name: 'worker: run', ok: false, error: String(e) }] }));
