import { runCases } from './codesets-host.mjs';

runCases('worker').then((results) => self.postMessage({ results }),
  (e) => self.postMessage({ results: [{ name: 'worker: run', ok: false, error: String(e) }] }));
