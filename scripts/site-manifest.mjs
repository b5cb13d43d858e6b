#!/usr/bin/env node
// Finishes a static medcode site folder: code-set list, offline (service worker) manifest.
//
//   node scripts/site-manifest.mjs SITE_DIR [--codeset FILE.mcs]... [--app]
//   (in the npm package: npx medcode-site SITE_DIR [--codeset FILE.mcs]... [--app])
//
//   --app             copy the app (index.html, lib/, sw.js, ...) from this package into SITE_DIR first
//   --codeset FILE    add a code-set file (.mcs or .mcs.gz) as SITE_DIR/codesets/NAME.mcs.gz
//
// Then, always:
//   codesets/index.json  one entry per codesets/*.mcs.gz: id, file, href, system, year, label,
//                        effective dates, codes, bytes, gzipBytes, sha256 (read with the JS
//                        API itself, so a file the engine refuses is reported, not listed).
//                        NAME-index.mcs.gz, a code set's Alphabetic Index and Tables in a file
//                        of their own, is an entry of kind "index" (`of`: the code set's id) and
//                        the code set's `indexHref`: fetched when the Index is first opened.
//                        NAME.import.mcs.gz, the import state coder-import writes beside an
//                        ICD-10-CM code set, is an entry of kind "import-state" (`of`) and the
//                        code set's `importStateHref`: fetched only to load a new ICD-10-CM year
//                        onto it (the Updates view).
//                        href is the file's versioned name, "codesets/NAME.mcs.gz?v=HASH"
//                        (HASH: the first 16 hex digits of the SHA-256 of the .gz as served):
//                        what the page requests and what the offline cache keys it by, so a
//                        changed file is a new name and never mixed up with the old one
//   precache.json        every file of the site with its size and SHA-256 (Subresource
//                        Integrity form), which sw.js caches for offline use; code sets and
//                        data files carry their href, and data files (the claim edits, the
//                        Index files, the import state) and the in-page importers
//                        (lib/medcode-import-wasm.*, lib/medcode-import-icd-wasm.*) are
//                        "lazy": cached when first used, not on the first visit
//   sw.js                its VERSION stamped with a hash of precache.json, so that browsers
//                        install the new files (and drop the old ones) when anything changed
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// App files only one view uses, not part of a first visit (precache "lazy").
const LAZY_APP = [/^lib\/medcode-import(-icd)?-wasm\.(mjs|wasm)$/, /^lib\/updates(-worker)?\.mjs$/];
const SYSTEM_ORDER = ['ICD-10-CM', 'ICD-10-PCS', 'HCPCS', 'CPT'];
// Files the service worker never caches: itself, its manifest, and anything private.
const NOT_CACHED = [/^sw\.js$/, /^precache\.json$/, /(^|\/)\./, /\.map$/, /^tests\//, /\.d\.mts$/];

function usage(msg) {
  if (msg) console.error(`site-manifest: ${msg}`);
  console.error('usage: site-manifest SITE_DIR [--codeset FILE.mcs]... [--app]');
  process.exit(2);
}

function parseArgs(argv) {
  const out = { site: null, codesets: [], app: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--app') out.app = true;
    else if (a === '--codeset') {
      if (!argv[i + 1]) usage('--codeset needs a file');
      out.codesets.push(argv[++i]);
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!out.site) out.site = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!out.site) usage('SITE_DIR is missing');
  return out;
}

const sha256 = (buf, enc = 'hex') => crypto.createHash('sha256').update(buf).digest(enc);

/** A file's versioned name: its path and the first 16 hex digits of the SHA-256 of its bytes as served. */
const versionedName = (file, served) => `${file}?v=${sha256(served).slice(0, 16)}`;

function walk(dir, rel = '') {
  const out = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...walk(dir, r));
    else if (d.isFile()) out.push(r);
  }
  return out.sort();
}

/** --app: the package's own site files (the folder above bin/) into SITE_DIR. */
function copyApp(site) {
  const src = path.resolve(HERE, '..');
  if (!fs.existsSync(path.join(src, 'lib/medcode-wasm.wasm')) || !fs.existsSync(path.join(src, 'index.html'))) {
    console.error(`site-manifest: --app needs the packaged app beside ${HERE} (run it from the installed npm package)`);
    process.exit(1);
  }
  const skip = new Set(['package.json', 'README.md', 'LICENSE', 'bin', 'hosting', 'node_modules', 'codesets', 'docs']);
  fs.mkdirSync(site, { recursive: true });
  for (const d of fs.readdirSync(src, { withFileTypes: true })) {
    if (skip.has(d.name)) continue;
    fs.cpSync(path.join(src, d.name), path.join(site, d.name), { recursive: true });
  }
}

function addCodeSet(site, file) {
  const buf = fs.readFileSync(file);
  const gz = buf[0] === 0x1f && buf[1] === 0x8b ? buf : zlib.gzipSync(buf, { level: 9 });
  const name = path.basename(file).replace(/\.gz$/, '').replace(/(\.mcs)?$/, '.mcs.gz');
  fs.mkdirSync(path.join(site, 'codesets'), { recursive: true });
  fs.writeFileSync(path.join(site, 'codesets', name), gz);
}

async function engineFor(site) {
  for (const p of [path.join(site, 'lib/medcode.mjs'), path.resolve(HERE, '../lib/medcode.mjs')]) {
    if (fs.existsSync(p) && fs.existsSync(path.join(path.dirname(p), 'medcode-wasm.wasm'))) {
      const api = await import(pathToFileURL(p).href);
      return api.createEngine();
    }
  }
  return null;
}

async function writeIndex(site) {
  const dir = path.join(site, 'codesets');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.mcs.gz')).sort() : [];
  const engine = files.length ? await engineFor(site) : null;
  const list = [];
  for (const f of files) {
    const gz = fs.readFileSync(path.join(dir, f));
    const raw = zlib.gunzipSync(gz);
    const entry = {
      id: f.replace(/\.mcs\.gz$/, ''), file: `codesets/${f}`, href: versionedName(`codesets/${f}`, gz),
      bytes: raw.length, gzipBytes: gz.length, sha256: sha256(raw),
    };
    if (f.endsWith('.import.mcs.gz')) {
      // The import state of a code set (read by the importer only, which checks it belongs to
      // that code set: its META names the code set's sha256).
      const of = f.replace(/\.import\.mcs\.gz$/, '.mcs.gz');
      if (files.includes(of)) {
        list.push(Object.assign(entry, { kind: 'import-state', of: of.replace(/\.mcs\.gz$/, '') }));
        continue;
      }
      console.error(`site-manifest: ${f} is the import state of ${of}, which this site does not have: listed as a data file`);
      list.push(Object.assign(entry, { kind: 'data' }));
      continue;
    }
    const base = f.endsWith('-index.mcs.gz') ? f.replace(/-index\.mcs\.gz$/, '.mcs.gz') : null;
    if (engine && base && files.includes(base)) {
      // A code set's Alphabetic Index and Tables in a file of their own: listed once it reads
      // attached to that code set (downloaded when the Index is first opened, never on the
      // first visit: precache "lazy").
      let cs = null;
      try {
        cs = engine.loadCodeSet(zlib.gunzipSync(fs.readFileSync(path.join(dir, base))), { search: false });
        cs.attachIndex(raw);
        Object.assign(entry, { kind: 'index', of: base.replace(/\.mcs\.gz$/, '') });
        list.push(entry);
        continue;
      } catch (e) {
        console.error(`site-manifest: ${f} is not the Index of ${base}: ${e.code || 'ERROR'}: ${e.message}`);
      } finally {
        if (cs) cs.close();
      }
    }
    if (engine) {
      try {
        const cs = engine.loadCodeSet(raw);
        const i = cs.info;
        Object.assign(entry, {
          system: i.system, year: i.year, label: i.label || `${i.system} ${i.year}`,
          effectiveFrom: i.effectiveFrom, effectiveTo: i.effectiveTo, codes: i.codes,
        });
        cs.close();
        entry.kind = 'codeset';
      } catch (e) {
        // Another kind of data file (e.g. claim edit tables) or a damaged one: listed, never offered as a code set.
        entry.kind = 'data';
        console.error(`site-manifest: ${f} is listed as a data file, not a code set: ${e.code || 'ERROR'}: ${e.message}`);
      }
    }
    list.push(entry);
  }
  for (const e of list.filter((x) => x.kind === 'index' || x.kind === 'import-state')) {
    const of = list.find((x) => x.id === e.of && x.kind === 'codeset');
    if (of) of[e.kind === 'index' ? 'indexHref' : 'importStateHref'] = e.href;
  }
  const rank = (e) => {
    const i = SYSTEM_ORDER.indexOf(e.system);
    return i === -1 ? SYSTEM_ORDER.length : i;
  };
  list.sort((a, b) => rank(a) - rank(b) || (b.year || 0) - (a.year || 0) || a.id.localeCompare(b.id));
  fs.writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(list, null, 1)}\n`);
  return list;
}

function writePrecache(site, list) {
  const files = walk(site).filter((f) => !NOT_CACHED.some((re) => re.test(f)));
  const listed = new Map(list.map((e) => [e.file, e]));
  const entries = files.map((f) => {
    const buf = fs.readFileSync(path.join(site, f));
    const entry = { url: f, bytes: buf.length, integrity: `sha256-${sha256(buf, 'base64')}` };
    // The importer of the Updates view (lib/medcode-import-wasm.*): cached when that view first loads it.
    if (LAZY_APP.some((re) => re.test(f))) entry.lazy = true;
    const e = listed.get(f);
    if (e) {
      entry.href = e.href;
      // Not a code set the page opens (the claim edits, an Index file, an import state): fetched when its view first needs it.
      if (e.kind !== 'codeset') entry.lazy = true;
    }
    return entry;
  });
  const version = sha256(JSON.stringify(entries)).slice(0, 16);
  const manifest = { version, files: entries };
  fs.writeFileSync(path.join(site, 'precache.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  const sw = path.join(site, 'sw.js');
  if (fs.existsSync(sw)) {
    const text = fs.readFileSync(sw, 'utf8');
    const stamped = text.replace(/const VERSION = '[^']*';/, `const VERSION = '${version}';`);
    if (stamped === text && !text.includes(`'${version}'`)) {
      console.error('site-manifest: sw.js has no "const VERSION = \'...\';" line to stamp');
      process.exit(1);
    }
    fs.writeFileSync(sw, stamped);
  }
  return manifest;
}

const args = parseArgs(process.argv.slice(2));
const site = path.resolve(args.site);
if (args.app) copyApp(site);
if (!fs.existsSync(site)) usage(`${site} does not exist`);
for (const f of args.codesets) addCodeSet(site, f);
const list = await writeIndex(site);
const pre = writePrecache(site, list);
const total = pre.files.filter((f) => !f.lazy).reduce((n, f) => n + f.bytes, 0);
const sets = list.filter((e) => e.kind === 'codeset');
const data = list.filter((e) => e.kind !== 'codeset' && e.kind !== 'index' && e.kind !== 'import-state');
const indexes = list.filter((e) => e.kind === 'index');
const states = list.filter((e) => e.kind === 'import-state');
console.log(`site-manifest: ${sets.length} code set(s) [${sets.map((e) => e.label).join(', ')}]` +
  `${indexes.length ? `, ${indexes.length} Index file(s) [${indexes.map((e) => e.id).join(', ')}]` : ''}` +
  `${states.length ? `, ${states.length} import state(s) [${states.map((e) => e.id).join(', ')}]` : ''}` +
  `${data.length ? `, ${data.length} data file(s) [${data.map((e) => e.id).join(', ')}]` : ''}, ` +
  `${pre.files.length} files (${(total / 1048576).toFixed(1)} MB cached on a first visit` +
  `${pre.files.some((f) => f.lazy) ? `, ${pre.files.filter((f) => f.lazy).length} more when first used` : ''}) for offline use, version ${pre.version}`);
