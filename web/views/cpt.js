// medcode page, CPT descriptors from the user's own (AMA-licensed) file: read here, kept only if asked.
// A view of app.js: shared state and helpers in common.js; calls into views that come
// later in the page's module order go through the `app` hooks (no import cycle).
import { createWorkerCptCodeSet } from '../lib/worker-client.mjs';
import { app, els, errorText, fmtInt, fmtMB, state } from './common.js';
import { keptFile } from './kept.js';
import { runSearch } from './search.js';

// ---------------------------------------------------------------------------
// CPT descriptors from the user's own (AMA-licensed) file. The file is read here and
// handed to a Worker by postMessage: it is never uploaded. It lives in memory only,
// unless the user turns on "keep", which stores it in this browser's IndexedDB (and
// turning that off deletes it).

const cptKept = keptFile('medcode-cpt', 'descriptors');

function cptStatus(text, kind = '') {
  els.cptStatus.textContent = text;
  els.cptStatus.dataset.kind = kind;
}

function cptReportText(cs) {
  const { info, report } = cs.loadInfo;
  const parts = [`${info.label}: ${fmtInt(report.codes)} codes loaded, searchable now.`];
  if (report.skipped) {
    const first = report.issues.slice(0, 3).map((i) => `line ${i.line}: ${i.reason}`).join('; ');
    parts.push(`${fmtInt(report.skipped)} line${report.skipped === 1 ? '' : 's'} skipped (${first}${report.skipped > 3 ? '; …' : ''}).`);
  }
  return parts.join(' ');
}

async function loadCpt(bytes, name, { fromStorage = false } = {}) {
  if (!state.icd) return;
  els.cptFile.disabled = true;
  cptStatus(`Reading ${name} in this browser…`, 'busy');
  let cs;
  try {
    cs = await createWorkerCptCodeSet(bytes, { name });
  } catch (e) {
    cptStatus(`${name} could not be loaded: ${errorText(e)}`, 'error');
    els.cptFile.disabled = false;
    return;
  }
  if (state.cpt) await state.icd.removeCodeSet(state.cpt);  // one CPT file at a time
  state.cpt = cs;
  state.cptFile = { name, bytes };
  state.icd.addCodeSet(cs);
  state.systems.add(cs.loadInfo.info.system);
  app.renderInfo(state.icd);
  // "Ready" only once a copy the user asked to keep is written: a page closed right after
  // it would otherwise lose the copy.
  let notKept = '';
  if (els.cptKeep.checked && !fromStorage) {
    try {
      await cptKept.put({ name, bytes });
    } catch { notKept = ' It could not be kept on this device.'; }
  }
  cptStatus(`${cptReportText(cs)}${fromStorage ? ' (kept on this device)' : ''}${notKept}`, 'ready');
  els.cptRemove.hidden = false;
  els.cptFile.disabled = false;
  if (els.q.value.trim()) runSearch();
}

async function removeCpt() {
  if (state.cpt) {
    await state.icd.removeCodeSet(state.cpt);
    state.systems.delete(state.cpt.loadInfo.info.system);
    state.cpt = null;
    state.cptFile = null;
    app.renderInfo(state.icd);
  }
  if (els.cptKeep.checked) {
    els.cptKeep.checked = false;
    await cptKept.clear().catch(() => {});
  }
  els.cptRemove.hidden = true;
  els.cptFile.value = '';
  cptStatus('The CPT descriptors were removed from this page.');
  if (els.q.value.trim()) runSearch();
}

/** A file kept on this device (the user turned "keep" on before) is loaded again. */
export async function restoreCpt() {
  if (typeof indexedDB === 'undefined') return;
  let kept = null;
  try {
    kept = await cptKept.get();  // never creates the database (kept.js)
  } catch { return; }
  if (!kept || !kept.bytes) return;
  els.cptKeep.checked = true;
  await loadCpt(new Uint8Array(kept.bytes), kept.name || 'CPT descriptors', { fromStorage: true });
}

els.cptFile.disabled = true;  // until the code sets are loaded
els.cptFile.addEventListener('change', async () => {
  const f = els.cptFile.files && els.cptFile.files[0];
  if (!f) return;
  if (f.size > 16 * 1024 * 1024) {
    cptStatus(`${f.name} is ${fmtMB(f.size)}; a CPT descriptor file may be at most 16 MB.`, 'error');
    return;
  }
  await loadCpt(new Uint8Array(await f.arrayBuffer()), f.name);
});

els.cptKeep.addEventListener('change', async () => {
  try {
    if (els.cptKeep.checked) {
      if (state.cptFile) {
        await cptKept.put({ name: state.cptFile.name, bytes: state.cptFile.bytes });
        cptStatus(`${state.cptFile.name} is kept on this device.`, 'ready');
      }
    } else {
      await cptKept.clear();  // the database itself: nothing of the file stays on this device
      if (state.cptFile) cptStatus(`${state.cptFile.name} is no longer kept on this device (it stays loaded until you close the page).`, 'ready');
    }
  } catch (e) {
    cptStatus(`This browser's storage is not available: ${errorText(e)}`, 'error');
  }
});

els.cptRemove.addEventListener('click', () => {
  removeCpt().then(() => els.cptFile.focus());
});
