#!/usr/bin/env bash
# Assembles the static site: web/ + the wasm module + gzipped code-set files.
#   scripts/assemble-site.sh SITE_DIR WASM_BIN_DIR CODESETS_BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SITE="$1"; WASMBIN="$2"; CS="$3"
mkdir -p "$SITE/lib" "$SITE/codesets"
# web/ sources (the page, the worker, the JS API)
cp -r "$ROOT"/web/. "$SITE"/
cp "$WASMBIN/medcode-wasm.mjs" "$WASMBIN/medcode-wasm.wasm" "$SITE/lib/"
# The search Worker in one file (lib/worker.mjs with the modules it imports): a Worker starting
# asks for one file, not a graph of modules four imports deep (scripts/bundle-worker.mjs).
node "$ROOT/scripts/bundle-worker.mjs" "$SITE/lib" worker.mjs
# The importer of the Updates view (a module of its own, loaded only by its Worker), and the
# same importer with the ICD-10-CM year loader (loaded only for an ICD-10-CM order file).
cp "$WASMBIN/medcode-import-wasm.mjs" "$WASMBIN/medcode-import-wasm.wasm" "$SITE/lib/"
cp "$WASMBIN/medcode-import-icd-wasm.mjs" "$WASMBIN/medcode-import-icd-wasm.wasm" "$SITE/lib/"
# The practice case bank and its schema (the Practice view, #/practice; precached for offline use).
mkdir -p "$SITE/practice"
cp "$ROOT/codesets/practice/cases.json" "$ROOT/codesets/practice/cases.schema.json" "$SITE/practice/"
# Code sets, gzipped once (only when the .mcs changed); the page inflates them locally.
# With them the import state written beside an ICD-10-CM file (NAME.import.mcs): the Updates
# view's Worker fetches it only to compile a new ICD-10-CM year onto that file
# (site-manifest.mjs lists it "lazy": never part of a first visit).
list="["
sep=""
for f in "$CS"/*.mcs; do
  [ -e "$f" ] || { echo "assemble-site: no code-set files in $CS (run make codesets)" >&2; exit 1; }
  base="$(basename "$f")"
  gz="$SITE/codesets/$base.gz"
  if [ ! -f "$gz" ] || [ "$f" -nt "$gz" ]; then gzip -9 -n -c "$f" > "$gz.tmp" && mv "$gz.tmp" "$gz"; fi
  id="${base%.mcs}"
  list+="$sep{\"id\":\"$id\",\"file\":\"codesets/$base.gz\",\"bytes\":$(stat -c %s "$f"),\"gzipBytes\":$(stat -c %s "$gz"),\"sha256\":\"$(sha256sum "$f" | cut -d' ' -f1)\"}"
  sep=","
done
echo "$list]" > "$SITE/codesets/index.json"
# The code-set list with each file's system, year and effective dates (read with the JS API),
# precache.json for the service worker (sw.js), and sw.js stamped with the site's version.
node "$ROOT/scripts/site-manifest.mjs" "$SITE"
echo "site assembled in $SITE"
