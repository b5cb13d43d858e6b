// The service worker's check of a stored code set (web/sw.js): its first answer with the file
// after a restart checks the stored copy against precache.json's SHA-256, and a wrong copy is
// never served: it is dropped, the listed file comes from the server (then kept), the page
// opens the right code set. The wrong copy here is another code set of the site (a valid
// file: only the SHA-256 can tell). No file name is written here: they come from the site's
// codesets/index.json. Runs on a temp copy of the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser, endSession, serveCountedCopy } from './helpers.mjs';

let dir, srv, browser;
const sent = [];  // every response of the server

before(async () => {
  srv = await serveCountedCopy(sent, { prefix: 'medcode-sw-check-' });
  dir = srv.dir;
  browser = await openBrowser(srv.origin, { serviceWorkers: 'allow' });
});

after(() => endSession({ srv, browser }, dir));

const sets = () => JSON.parse(fs.readFileSync(path.join(dir, 'codesets/index.json'), 'utf8')).filter((e) => e.kind === 'codeset');
const fileHash = (e) => crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, e.file))).digest('hex');

/** The SHA-256 (hex) of medcode-data's entry for `href`, or null when there is none. */
const storedHash = (href) => browser.page.evaluate(async (h) => {
  const hit = await (await caches.open('medcode-data')).match(h);
  if (!hit) return null;
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}, href);

async function visit(url) {
  await browser.page.goto(`${srv.origin}${url}`);
  await browser.page.waitForSelector('body[data-state="ready"]', { timeout: 30000 });
  await browser.page.locator('#q').fill('diabetes');
  await browser.page.waitForSelector('#results [role="option"][data-code="E11.9"]', { timeout: 30000 });
}

test('after a restart of the service worker a wrong stored code set is never served: dropped, fetched again, kept', async () => {
  const { page, context } = browser;
  await visit('/');
  await page.waitForSelector('body[data-offline="ready"]', { timeout: 60000 });
  const icd = sets().find((e) => e.system === 'ICD-10-CM');
  const other = sets().find((e) => e.id !== icd.id);
  assert.ok(icd && other, 'the site has ICD-10-CM and another code set');
  assert.equal(await storedHash(icd.href), fileHash(icd), 'ICD-10-CM is stored');
  // Another code set's bytes under ICD-10-CM's name.
  await page.evaluate(async ([h, o]) => {
    const c = await caches.open('medcode-data');
    await c.put(h, await c.match(o));
  }, [icd.href, other.href]);
  assert.equal(await storedHash(icd.href), fileHash(other));
  // A new start of the service worker: it has checked nothing yet (as on the next day).
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();

  const at = sent.length;
  await visit('/?restarted');
  assert.ok((await page.locator('#codeset-label').innerText()).includes(icd.label), 'ICD-10-CM opened, not the wrong copy');
  const again = sent.slice(at).filter((r) => r.path === `/${icd.file}`);
  assert.deepEqual(again.map((r) => r.status), [200], 'the listed file fetched from the server once');
  await page.waitForFunction(async ([h, want]) => {
    const hit = await (await caches.open('medcode-data')).match(h);
    if (!hit) return false;
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
    return [...d].map((b) => b.toString(16).padStart(2, '0')).join('') === want;
  }, [icd.href, fileHash(icd)], { timeout: 30000, polling: 200 });

  // The other code set, checked on the same restart, was right: served from the cache.
  assert.equal(sent.slice(at).filter((r) => r.path === `/${other.file}`).length, 0, `${other.file} not fetched`);
  const later = sent.length;
  await visit('/?after');
  assert.deepEqual(sent.slice(later).filter((r) => /\.mcs\.gz$/.test(r.path)), [], 'then no code set from the server');
  assert.deepEqual(browser.foreign, [], 'no request left the origin');
});
