// Shared pieces of the Chromium tests: the site server, a sandboxed Chromium, and the
// checks that nothing leaves the origin, nothing is logged as an error and the CSP holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.resolve(process.env.MEDCODE_SITE || path.join(ROOT, 'build/site'));

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/**
 * Serves `root` with scripts/serve.mjs on 127.0.0.1 and a free port. `log` records what
 * the server itself received: { method, url, body } (body as a latin1 string).
 */
export async function startServer(root = SITE) {
  const log = [];
  const server = createServer(root, {
    onRequest: ({ method, url, body }) => log.push({ method, url, body: body.toString('latin1') }),
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    server, origin, log,
    close: () => new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    }),
  };
}

/**
 * Serves a temp copy of the site (the test may change it: `dir`) and records every response
 * the server sends in `sent` ({ url, path, status, bytes, ... }): what a visit costs, counted
 * at the server. `cacheControl(relPath)` as scripts/serve.mjs takes it.
 */
export async function serveCountedCopy(sent, { prefix = 'medcode-counted-', cacheControl } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(SITE, dir, { recursive: true });
  const server = createServer(dir, { onResponse: (r) => sent.push({ ...r, path: new URL(r.url, 'http://x').pathname }), cacheControl });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    dir,
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    }),
  };
}

/**
 * A fresh Chromium profile (temp --user-data-dir), never a downloaded browser.
 * Every request (page and workers) goes through a route: anything not from `origin`
 * is aborted and recorded in `foreign`. Console errors, page errors and CSP
 * violations (from the securitypolicyviolation event) are recorded too.
 * `guard: false` leaves requests alone (a route turns Chromium's HTTP cache off, and a test
 * that counts what the server sends needs it on); other hosts still do not resolve.
 */
export async function openBrowser(origin, { viewport = { width: 1280, height: 860 }, serviceWorkers = 'block', colorScheme, guard = true } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcode-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    serviceWorkers,
    colorScheme,
    acceptDownloads: false,
  });
  context.setDefaultTimeout(15000);
  const foreign = [];
  const requests = [];
  const requestLog = [];  // { url, method, headers, body, from: page | worker | service-worker, foreign }
  if (guard) await context.route('**/*', (route) => {
    const req = route.request();
    const url = req.url();
    let from = 'page';
    if (req.serviceWorker()) from = 'service-worker';
    else {
      try {
        req.frame();
      } catch {
        from = 'worker';  // a dedicated worker's request has no frame
      }
    }
    const buf = req.postDataBuffer();
    requestLog.push({ url, method: req.method(), headers: req.headers(), body: buf ? buf.toString('latin1') : '', from });
    let o = null;
    try {
      o = new URL(url).origin;
    } catch { /* not a URL */ }
    requestLog[requestLog.length - 1].foreign = !(o === origin || url.startsWith('data:') || url.startsWith('blob:'));
    if (o === origin || url.startsWith('data:') || url.startsWith('blob:')) {
      requests.push(url);
      return route.continue();
    }
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const consoleErrors = [];
  const page = context.pages()[0] || await context.newPage();
  const watch = (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    p.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    p.on('worker', (w) => w.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`worker: ${m.text()}`);
    }));
  };
  watch(page);
  context.on('page', watch);
  return {
    context,
    page,
    foreign,
    requests,
    requestLog,
    consoleErrors,
    async cspViolations(p = page) {
      return p.evaluate(() => window.__cspViolations || []);
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function screenshotDir() {
  const dir = path.join(ROOT, 'build/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A server for `root` and a browser on it: { srv, browser } (see endSession). */
export async function startSession(root = SITE, browserOptions) {
  const srv = await startServer(root);
  const browser = await openBrowser(srv.origin, browserOptions);
  return { srv, browser };
}

/** Closes what startSession opened (either may be missing) and removes the temp folders given. */
export async function endSession({ srv, browser } = {}, ...dirs) {
  if (browser) await browser.close();
  if (srv) await srv.close();
  for (const d of dirs) if (d) fs.rmSync(d, { recursive: true, force: true });
}

/**
 * A temp server root for the browser test pages: the site as /site and tests/js as /tests/js
 * (tests/js/browser/*.html). Remove it with endSession(..., root).
 */
export function testPagesRoot(prefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `medcode-${prefix}-`));
  fs.symlinkSync(SITE, path.join(root, 'site'));
  fs.mkdirSync(path.join(root, 'tests'));
  fs.symlinkSync(path.join(ROOT, 'tests/js'), path.join(root, 'tests/js'));
  return root;
}

/** Opens a test page (tests/js/browser/host.mjs publishes its results) and fails on any failed case. */
export async function pageResults(page, url, timeout = 30000) {
  await page.goto(url);
  await page.waitForFunction(() => Array.isArray(window.__medcodeResults), null, { timeout });
  const results = await page.evaluate(() => window.__medcodeResults);
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, [], failed.map((r) => `${r.name}: ${r.error}`).join('\n'));
  return results;
}

/** Every case of `cases` ran on the main thread and in the Worker, in order. */
export function assertRanEverywhere(results, cases) {
  for (const where of ['main', 'worker']) {
    const ran = results.filter((r) => r.name.startsWith(`${where}: `)).map((r) => r.name.slice(where.length + 2));
    assert.deepEqual(ran, cases.map((c) => c.name), `all cases ran (${where})`);
  }
}

/** Nothing left the origin, no console error (but those matching `ignore`), no CSP violation. */
export async function assertClean(browser, page = browser.page, { ignore } = {}) {
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
  assert.deepEqual(browser.consoleErrors.filter((e) => !(ignore && ignore.test(e))), [], 'no console errors');
  assert.deepEqual(await browser.cspViolations(page), [], 'no CSP violations');
}

/** Loads the page at origin + '/' + hash and waits until the code sets are loaded. */
/**
 * The claim view's form filled with one claim (a patient born 1960-03-15, F; place of service
 * 11; one diagnosis `dx`; one line `code` x `units`) and checked: the result's text.
 */
export async function checkClaimForm(page, origin, { id, dos, dx, code, units }) {
  await page.goto(`${origin}/#/claims`);
  await page.waitForSelector('#claims-view[data-ready="true"]', { timeout: 90000 });
  await page.click('#cf-clear');
  await page.fill('#cf-id', id);
  await page.fill('#cf-birth', '1960-03-15');
  await page.selectOption('#cf-sex', 'F');
  await page.fill('#cf-dos', dos);
  await page.fill('#cf-pos', '11');
  await page.fill('#cf-npi', '1234567893');
  await page.fill('#cf-dx-A', dx);
  const row = page.locator('#cf-lines tr').nth(0);
  await row.locator('[name=code]').fill(code);
  await row.locator('[name=units]').fill(String(units));
  await page.click('#cf-check');
  await page.locator('.claim-result summary').waitFor({ timeout: 60000 });
  return page.locator('.claim-result').innerText();
}

export async function openReady(page, origin, hash = '', timeout = 30000) {
  await page.goto(`${origin}/${hash}`);
  await page.waitForSelector('body[data-state="ready"]', { timeout });
}

let axeSource = null;

/**
 * axe-core (from node_modules) on the page and its open shadow roots: fails on serious or
 * critical violations; the others are added to `minor` when given.
 */
export async function axe(page, label, minor) {
  if (!axeSource) axeSource = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (minor) for (const v of r.violations) if (!bad.includes(v)) minor.push(`${label}: ${v.id} (${v.impact}) ${v.nodes.length} node(s)`);
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), [],
    `${label}: serious/critical axe violations`);
  return r;
}

/** The focused element (inside shadow roots too), and whether its focus can be seen. */
export const focused = (page) => page.evaluate(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
  return {
    id: el.id, tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim().slice(0, 60),
    href: el.getAttribute('href'), visible, cls: typeof el.className === 'string' ? el.className : '',
  };
});

/** Presses Tab until the focused element matches `match`; every stop must show its focus. */
export async function tabTo(page, match, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f, 'the focus stays in the page');
    assert.ok(f.visible, `focus is visible on ${f.tag}#${f.id} “${f.text}”`);
    if (match(f)) return f;
  }
  throw new Error('not reached with Tab');
}
