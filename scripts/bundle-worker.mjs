// The search Worker as one file: at `make site` time, the site's lib/worker.mjs is rewritten
// with the modules it imports (errors, rpc-worker, fetch-bytes, file-cache, engine-module,
// medcode and its wasm glue, claims, practice, ...) inside it, so that a Worker starting asks
// for one file instead of a graph of thirteen modules four imports deep: each level was a
// round of requests, on a first visit queued behind the page's on the browser's 6 connections
// to the site, on a visit from the offline cache a round through the service worker.
//   node scripts/bundle-worker.mjs SITE_LIB_DIR [ENTRY]   (ENTRY: worker.mjs)
//
// Each imported module becomes a function scope evaluated once, in dependency order, that
// returns its exports; its imports read the exports of the modules before it; `import('./x.mjs')`
// becomes a promise of x's exports. Only the forms these modules use are accepted:
//   import { a, b as c } from './x.mjs';   import d from './x.mjs';
//   export { a, b } from './x.mjs';        export { a, b };      export default name;
//   export function|async function|class|const NAME ...
// Anything else (another import or export form, a cycle, a module outside the folder, an
// export reassigned later: `export let`) stops the build with the file and line.
import fs from 'node:fs';
import path from 'node:path';

const SPEC = String.raw`\.\/[\w.-]+\.mjs`;
const RE = {
  importNamed: new RegExp(String.raw`^import \{([^}]*)\} from '(${SPEC})';[ \t]*$`, 'gm'),
  importDefault: new RegExp(String.raw`^import (\w+) from '(${SPEC})';[ \t]*$`, 'gm'),
  exportFrom: new RegExp(String.raw`^export \{([^}]*)\} from '(${SPEC})';[ \t]*$`, 'gm'),
  exportList: /^export \{([^}]*)\};[ \t]*$/gm,
  exportDefault: /^export default (\w+);[ \t]*$/gm,
  exportDecl: /^export (async function\*?|function\*?|class|const) +([\w$]+)/gm,
  dynamic: new RegExp(String.raw`\bimport\((['"])(${SPEC})\1\)`, 'g'),
  leftover: /^(?:import|export)\b.*$/m,
};

const names = (list) => list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  const m = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
  if (!m) throw new Error(`cannot read "${s}"`);
  return { from: m[1], as: m[2] || m[1] };
});

const scopeName = (spec) => `__medcode_module_${spec.replace(/^\.\//, '').replace(/\.mjs$/, '').replace(/[^\w]/g, '_')}`;

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

/** The module's text with its imports and exports rewritten, and what it exports. */
function transform(file, text, isEntry) {
  const deps = new Set();
  const exported = [];  // [name as exported, expression]
  let out = text;
  const fail = (what, index) => {
    throw new Error(`bundle-worker: ${file}:${lineOf(text, index)}: ${what}`);
  };
  out = out.replace(RE.importNamed, (_, list, spec) => {
    deps.add(spec);
    return `const { ${names(list).map((n) => (n.from === n.as ? n.from : `${n.from}: ${n.as}`)).join(', ')} } = ${scopeName(spec)};`;
  });
  out = out.replace(RE.importDefault, (_, name, spec) => {
    deps.add(spec);
    return `const ${name} = ${scopeName(spec)}.default;`;
  });
  out = out.replace(RE.exportFrom, (_, list, spec) => {
    deps.add(spec);
    for (const n of names(list)) exported.push([n.as, `${scopeName(spec)}.${n.from}`]);
    return '';
  });
  out = out.replace(RE.exportList, (_, list) => {
    for (const n of names(list)) exported.push([n.as, n.from]);
    return '';
  });
  out = out.replace(RE.exportDefault, (_, name) => {
    exported.push(['default', name]);
    return '';
  });
  out = out.replace(RE.exportDecl, (_, kind, name) => {
    exported.push([name, name]);
    return `${kind} ${name}`;
  });
  out = out.replace(RE.dynamic, (_, q, spec) => {
    deps.add(spec);
    return `Promise.resolve(${scopeName(spec)})`;
  });
  const left = RE.leftover.exec(out);
  if (left) fail(`an import or export form this bundler does not take: ${left[0].slice(0, 80)}`, text.indexOf(left[0].split(' ').slice(0, 3).join(' ')));
  if (isEntry && exported.length) fail('the Worker\'s entry exports nothing', 0);
  return { deps: [...deps], exported, body: out };
}

export function bundle(libDir, entry = 'worker.mjs') {
  const modules = new Map();  // spec -> transform result
  const order = [];
  const visiting = new Set();
  const visit = (spec, isEntry = false) => {
    if (modules.has(spec)) return;
    if (visiting.has(spec)) throw new Error(`bundle-worker: an import cycle through ${spec}`);
    visiting.add(spec);
    const file = path.join(libDir, spec);
    if (path.dirname(path.resolve(file)) !== path.resolve(libDir)) throw new Error(`bundle-worker: ${spec} is outside ${libDir}`);
    const m = transform(spec, fs.readFileSync(file, 'utf8'), isEntry);
    for (const d of m.deps) visit(d);
    visiting.delete(spec);
    modules.set(spec, m);
    order.push(spec);
  };
  visit(`./${entry}`, true);
  const parts = [`// ${entry} with the modules it imports, in one file (scripts/bundle-worker.mjs; the sources are\n// the site's other lib/ files). Generated at site assembly: do not edit.\n`];
  for (const spec of order.slice(0, -1)) {
    const m = modules.get(spec);
    parts.push(`// ---- ${spec.slice(2)}\nconst ${scopeName(spec)} = (() => {\n${m.body}\nreturn Object.freeze({ ${m.exported.map(([as, expr]) => (as === expr ? as : `${as}: ${expr}`)).join(', ')} });\n})();\n`);
  }
  parts.push(`// ---- ${entry}\n${modules.get(order[order.length - 1]).body}`);
  return { text: parts.join('\n'), modules: order.map((s) => s.slice(2)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [libDir, entry = 'worker.mjs'] = process.argv.slice(2);
  if (!libDir) {
    console.error('usage: node scripts/bundle-worker.mjs SITE_LIB_DIR [ENTRY]');
    process.exit(2);
  }
  const { text, modules } = bundle(libDir, entry);
  fs.writeFileSync(path.join(libDir, entry), text);
  console.log(`bundle-worker: ${entry} with ${modules.length - 1} module(s) in one file (${(text.length / 1024).toFixed(0)} KB)`);
}
