// The Worker side of rpc.mjs: serve(table) answers requests { id, op, args } with
// table[op](ctx, ...args), one at a time, in the order they came.
//
//   ctx.id             the request id
//   ctx.progress(p)    posts { id, progress: p } (the client calls the request's onProgress)
//   ctx.cancelled      true once the page cancelled this request
//   ctx.stopIfCancelled()  throws, so that the reply is { id, cancelled: true }
//   ctx.pause()        a task boundary, so that a cancel message can arrive (long batches)
//
// Requests are queued and run in a later task, so that a cancel (or a newer request of the
// same `stream`) that arrives while an older one is still waiting drops it before it runs.
import { MedcodeError } from './errors.mjs';

const CANCELLED = Symbol('cancelled');

function errorOf(e) {
  if (e instanceof MedcodeError) {
    // A case file's problems (practice.mjs) travel with the error.
    return Array.isArray(e.issues) ? { name: e.name, code: e.code, message: e.message, issues: e.issues } : { name: e.name, code: e.code, message: e.message };
  }
  return { name: 'MedcodeError', code: 'INTERNAL', message: e && e.message ? e.message : String(e) };
}

/** Refuses a URL from another origin than the worker's (files come from this site only). */
export function sameOrigin(url, what = 'files') {
  const u = new URL(url, self.location.href);
  if (u.origin !== self.location.origin) {
    throw new MedcodeError('INVALID_ARGUMENT', `${what} must come from this site (${self.location.origin}), not ${u.origin}`);
  }
  return u.href;
}

/**
 * Answers the requests of `table` one at a time, in order. `concurrent` names requests that
 * only wait for something (no engine work): they run at once, beside the queue, so that a
 * search never waits behind them.
 */
export function serve(table, { concurrent = [] } = {}) {
  const beside = new Set(concurrent);
  const queue = [];
  const cancelled = new Set();
  let running = null;
  let scheduled = false;
  const post = (msg) => self.postMessage(msg);

  async function run({ id, op, args = [] }) {
    const fn = Object.prototype.hasOwnProperty.call(table, op) ? table[op] : null;
    const ctx = {
      id,
      progress: (p) => post({ id, progress: p }),
      get cancelled() {
        return cancelled.has(id);
      },
      stopIfCancelled() {
        if (cancelled.has(id)) throw CANCELLED;
      },
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    };
    try {
      if (!fn) throw new MedcodeError('INVALID_ARGUMENT', `unknown operation ${op}`);
      const result = await fn(ctx, ...args);
      post({ id, ok: true, result });
    } catch (e) {
      if (e === CANCELLED) post({ id, cancelled: true });
      else post({ id, ok: false, error: errorOf(e) });
    }
  }

  async function drain() {
    try {
      while (queue.length) {
        const req = queue.shift();
        // Cancelled while queued, or superseded by a newer request of its stream: not run at all.
        if (cancelled.delete(req.id) || (req.stream && queue.some((q) => q.stream === req.stream))) {
          post({ id: req.id, cancelled: true });
          continue;
        }
        running = req.id;
        try {
          await run(req);
        } finally {
          cancelled.delete(req.id);
          running = null;
        }
      }
    } finally {
      scheduled = false;
    }
  }

  self.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.cancel !== undefined) {
      if (msg.cancel === running || queue.some((q) => q.id === msg.cancel)) cancelled.add(msg.cancel);
      return;
    }
    if (beside.has(msg.op)) {
      run(msg);
      return;
    }
    queue.push(msg);
    if (!scheduled) {
      scheduled = true;
      setTimeout(drain, 0);
    }
  });
}
