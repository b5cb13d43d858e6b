// What every browser test page shares: running named cases, a suite in a module Worker
// (worker.mjs?suite=NAME), and publishing the results as window.__medcodeResults (read by
// the tests in tests/e2e) and as text for a human.

/** Runs [name, fn] pairs in order: [{ name: PREFIX + name, ok, ms?, error? }]. */
export async function runNamed(prefix, cases) {
  const out = [];
  for (const [name, fn] of cases) {
    const t0 = performance.now();
    try {
      await fn();
      out.push({ name: `${prefix}${name}`, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      out.push({ name: `${prefix}${name}`, ok: false, error: `${e && e.name}: ${e && e.message}` });
    }
  }
  return out;
}

/**
 * A suite's setup, cases and teardown where `where` names the thread ("main", "worker"):
 * setup() -> api, runAll(api) -> results, teardown(api). A failed setup is one failed result.
 */
export async function runSuite(where, setup, runAll, teardown) {
  let api;
  try {
    api = await setup();
  } catch (e) {
    return [{ name: `${where}: setup`, ok: false, error: `${e && e.name}: ${e && e.message}` }];
  }
  try {
    return (await runAll(api)).map((r) => ({ ...r, name: `${where}: ${r.name}` }));
  } finally {
    await teardown(api);
  }
}

/** The suite `name` (a host module's runSuite) in a module Worker: its results. */
export function inWorker(name) {
  return new Promise((resolve) => {
    const w = new Worker(new URL(`./worker.mjs?suite=${encodeURIComponent(name)}`, import.meta.url), { type: 'module' });
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

/** Awaits a promise that must reject; check(error) inspects the error, which is returned. */
export async function rejects(promise, check, msg) {
  try {
    await promise;
  } catch (e) {
    check(e);
    return e;
  }
  throw new Error(`${msg}: expected a rejection`);
}

export function publish(results) {
  document.getElementById('out').textContent =
    results.map((r) => `${r.ok ? (r.skipped ? 'skip' : 'ok  ') : 'FAIL'} ${r.name}${r.ok ? '' : `\n     ${r.error}`}`).join('\n');
  window.__medcodeResults = results;
}
