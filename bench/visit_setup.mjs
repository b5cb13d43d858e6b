// What the visit benches share (visit_bench.mjs, visit_trace.mjs): Chromium's flags for a
// visit of the local site (no network beyond 127.0.0.1) and the throttled network of a busy
// clinic or a phone (Chromium's emulation: 20 Mbit/s down, 40 ms round trips), and the browser
// with a profile that a later launch can take up again (a next-day visit).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
export const THROTTLE = { offline: false, latency: 40, downloadThroughput: (20e6 / 8), uploadThroughput: (10e6 / 8), connectionType: 'wifi' };

/**
 * Chromium with the profile in DIR (a new temporary one when DIR is omitted), service workers
 * on, the first-result probe (first_result.mjs) in every page. Closing it keeps DIR unless
 * `remove` is set: a later launch with the same DIR is a visit by the same user in a new
 * browser process (the next day: HTTP cache, Cache Storage, service worker and V8's code cache
 * as the last process left them on disk).
 */
export async function launchProfile(chromium, probe, dir = null) {
  const profile = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-visit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 860 }, serviceWorkers: 'allow',
  });
  await context.addInitScript(probe);
  return {
    context, dir: profile, page: context.pages()[0] || await context.newPage(),
    close: async ({ remove = true } = {}) => {
      await context.close();
      if (remove) fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
