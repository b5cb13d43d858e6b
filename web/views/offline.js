// medcode page, Offline: the service worker (sw.js), its status and the update offer.
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { $, els, fmtMB, state } from './common.js';

// ---------------------------------------------------------------------------
// Offline: the service worker (sw.js) caches the app, the engine and the code sets.

function setOfflineStatus(text, kind) {
  els.offline.textContent = text;
  els.offline.dataset.kind = kind;
}

async function askWorkerStatus(worker) {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 3000);
    ch.port1.onmessage = (e) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    worker.postMessage({ type: 'status' }, [ch.port2]);
  });
}

async function showOfflineReady(reg) {
  const w = reg.active;
  if (!w) return;
  const st = await askWorkerStatus(w);
  if (st && st.complete) {
    // Lazy files (the claim edits) are saved when their view is first opened.
    setOfflineStatus(`Works offline (${fmtMB(st.bytes)} saved on this device` +
      `${st.later ? `; ${st.later === 1 ? 'one more file' : `${st.later} more files`} once first used` : ''})`, 'ready');
    els.body.dataset.offline = 'ready';
  }
}

function offerUpdate(reg) {
  if (!reg.waiting || !navigator.serviceWorker.controller) return;
  els.update.hidden = false;
  els.updateReload.onclick = () => {
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (reloading) return;
      reloading = true;
      location.reload();
    });
    if (reg.waiting) reg.waiting.postMessage({ type: 'skip-waiting' });
  };
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    setOfflineStatus('Offline use needs HTTPS', 'unavailable');
    return;
  }
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then((reg) => {
    if (!reg) {  // a browser (or test harness) that blocks service workers
      setOfflineStatus('Offline use unavailable', 'unavailable');
      return;
    }
    if (!reg.active) setOfflineStatus('Saving for offline use…', 'installing');
    offerUpdate(reg);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener('statechange', () => {
        if (w.state === 'installed') offerUpdate(reg);
        if (w.state === 'activated') showOfflineReady(reg);
        if (w.state === 'redundant' && !reg.active) setOfflineStatus('Offline use unavailable', 'unavailable');
      });
    });
    if (reg.active) showOfflineReady(reg);
  }, () => setOfflineStatus('Offline use unavailable', 'unavailable'));
}

function onNetworkChange() {
  els.body.classList.toggle('is-offline', !navigator.onLine);
  $('network-status').textContent = navigator.onLine ? '' : 'Network off: working from this device';
}
window.addEventListener('online', onNetworkChange);
window.addEventListener('offline', onNetworkChange);
onNetworkChange();
