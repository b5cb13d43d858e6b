// Files a user asked to keep on this device (the CPT descriptors, loaded updates): one
// value per IndexedDB database of this browser, written only when the user turns "keep" on,
// and removed with the whole database. Nothing here talks to the network.
//
//   const kept = keptFile('medcode-cpt', 'descriptors');
//   await kept.put(value);  await kept.get();  await kept.clear();

function open(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('files');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** True unless the browser says the database does not exist (get() then never creates it). */
async function exists(name) {
  if (typeof indexedDB.databases !== 'function') return true;
  return (await indexedDB.databases()).some((d) => d.name === name);
}

export function keptFile(dbName, key) {
  async function run(op, value) {
    const db = await open(dbName);
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction('files', op === 'get' ? 'readonly' : 'readwrite');
        const req = op === 'get' ? tx.objectStore('files').get(key) : tx.objectStore('files').put(value, key);
        // A write is kept once its transaction completes, not when the request succeeds: a
        // page reloaded in between (right after "kept on this device") would lose it.
        if (op === 'get') req.onsuccess = () => resolve(req.result);
        else tx.oncomplete = () => resolve(undefined);
        req.onerror = () => reject(req.error);
        tx.onabort = () => reject(tx.error || new Error('the browser storage write was aborted'));
      });
    } finally {
      db.close();
    }
  }
  return {
    get: async () => ((await exists(dbName)) ? run('get') : undefined),
    put: (value) => run('put', value),
    clear: () => new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase(dbName);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => resolve();  // deleted once the other tab closes it
    }),
  };
}
