// What the visit benches share (visit_bench.mjs, visit_trace.mjs): Chromium's flags for a
// visit of the local site (no network beyond 127.0.0.1) and the throttled network of a busy
// clinic or a phone (Chromium's emulation: 20 Mbit/s down, 40 ms round trips).
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
export const THROTTLE = { offline: false, latency: 40, downloadThroughput: (20e6 / 8), uploadThroughput: (10e6 / 8), connectionType: 'wifi' };
