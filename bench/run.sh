#!/usr/bin/env bash
# make bench: prints figures (search latency, load time, sizes). Never fails on timing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT=build/bench
mkdir -p "$OUT"
CS=build/codesets/icd10cm-2027.mcs
SITE=build/site
echo "== medcode benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores) =="
build/native/bin/medcode-bench "$CS" "$OUT/queries.txt" 2000
node bench/wasm_bench.mjs "$ROOT/$SITE" "$ROOT/$OUT/queries.txt"
echo "== sizes (raw / gzip -9) =="
size_line() { printf "  %-34s %10s bytes  %10s gzipped\n" "$1" "$(stat -c %s "$2")" "$(gzip -9 -c "$2" | wc -c)"; }
size_line "wasm (lib/medcode-wasm.wasm)" "$SITE/lib/medcode-wasm.wasm"
size_line "wasm glue (lib/medcode-wasm.mjs)" "$SITE/lib/medcode-wasm.mjs"
size_line "JS API (lib/medcode.mjs)" "$SITE/lib/medcode.mjs"
for f in "$SITE"/lib/worker*.mjs "$SITE"/*.js; do [ -f "$f" ] && size_line "${f#$SITE/}" "$f"; done
size_line "code set (icd10cm-2027.mcs)" "$CS"
[ -f build/codesets/hcpcs-2025q4.mcs ] && size_line "code set (hcpcs-2025q4.mcs)" build/codesets/hcpcs-2025q4.mcs
python3 bench/mcs_sizes.py "$CS"  # per section
echo "== claim pre-checks (generated batch: 6 lines, 4 diagnoses per claim) =="
build/native/bin/medcode-claims-bench "$CS" build/codesets/edits-2026.mcs 100000 "$OUT/claims.ndjson"
node bench/claims_wasm_bench.mjs "$ROOT/$SITE" "$ROOT/$OUT/claims.ndjson"
size_line "claim edits (edits-2026.mcs)" build/codesets/edits-2026.mcs
cat "$SITE"/lib/claims*.mjs "$SITE"/claims.js > "$OUT/claims-js.txt"
size_line "claim JS (lib/claims*.mjs, claims.js)" "$OUT/claims-js.txt"
# A new ICD-10-CM year compiled in wasm (the page's importer) on the real files: time, memory, sizes.
node bench/icd_year_wasm_bench.mjs "$ROOT/$SITE" || echo "  (ICD-10-CM year bench failed; see above)"
echo "== practice for students (grading in wasm; the bank's coverage) =="
node bench/practice_wasm_bench.mjs "$ROOT/$SITE"
if [ -f bench/browser_bench.mjs ]; then node bench/browser_bench.mjs "$ROOT/$SITE" || echo "  (browser bench failed; see above)"; fi
# First visit, counted at the server (bench/visit_bench.mjs). With BENCH_BEFORE=COMMIT, side by
# side with the site as it was then (its web/ and scripts/) assembled from the same wasm and code
# sets: only for a commit whose JS calls the current wasm the same way (75d3b23, before issue
# 14's web half, did until the date of service joined search). VISIT_RUNS /
# VISIT_THROTTLED_RUNS: cold visits each.
BEFORE_REF="${BENCH_BEFORE:-}"
VISIT_ARGS=(--runs "${VISIT_RUNS:-3}" --throttled-runs "${VISIT_THROTTLED_RUNS:-2}")
if [ -n "$BEFORE_REF" ] && git cat-file -e "$BEFORE_REF^{commit}" 2>/dev/null; then
  rm -rf "$OUT/before-src" "$OUT/site-before"
  mkdir -p "$OUT/before-src"
  git archive "$BEFORE_REF" web scripts | tar -x -C "$OUT/before-src"
  "$OUT/before-src/scripts/assemble-site.sh" "$OUT/site-before" "$ROOT/build/wasm/bin" "$ROOT/build/codesets" > /dev/null 2>&1
  node bench/visit_bench.mjs "before=$OUT/site-before" "after=$SITE" "${VISIT_ARGS[@]}" || echo "  (visit bench failed; see above)"
else
  node bench/visit_bench.mjs "now=$SITE" "${VISIT_ARGS[@]}" || echo "  (visit bench failed; see above)"
fi
echo "== coding from documentation (coder suggest; baseline: search top 10) =="
node bench/notes/run.mjs
node bench/note_speed.mjs "$ROOT/$SITE" || echo "  (note speed bench failed; see above)"
node bench/quality/run.mjs   # search quality vs MiniSearch / FlexSearch / Fuse.js (exit 0 on any numbers; non-zero on a real error)
