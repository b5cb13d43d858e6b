// Runs the API cases on the main thread, then in a module Worker, and publishes
// the results as window.__medcodeResults for the e2e test (and as text for a human).
import { runCases } from './cases-host.mjs';
import { inWorker, publish } from './host.mjs';

const results = [...await runCases('main'), ...await inWorker('api')];
publish(results);
