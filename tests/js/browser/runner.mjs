// Runs the API cases on the main thread, then in a module Worker, and publishes
// the results as window.__medcodeResults for the e2e test (and as text for a human).
import { runCases } from './cases-host.mjs';

function inWorker() {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
    w.addEventListener('message', (e) => {
      w.terminate();
      resolve(e.data.results);
    });
    w.addEventListener('error', (e) => {
      e.preventDefault();
      w.terminate();
      resolve([{ name: 'worker: start', ok: false, error: e.message || 'the worker failed to start' }]);
    });
  });
}

const results = [...await runCases('main'), ...await inWorker()];
document.getElementById('out').textContent =
  results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `\n     ${r.error}`}`).join('\n');
window.__medcodeResults = results;
