#!/usr/bin/env bash
# CLI golden test of `coder check` on the claim fixtures (tests/fixtures/claims, imported by
# ctest's cli.import_claims_fixture step) and the inputs in tests/cli/claims. Records
# stdout, stderr and the exit status (build paths replaced by <ICD>/<EDITS>/<WORK>) and
# compares them with tests/cli/golden/CASE.txt. "Today" is fixed with --today.
#
#   run_check_case.sh CASE CODER ICD EDITS GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change (then review the diff):
#   UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli
set -u
if [ $# -ne 6 ]; then
  echo "usage: $0 CASE CODER ICD EDITS GOLDEN_DIR WORK_DIR" >&2
  exit 2
fi
name=$1 coder=$2 icd=$3 edits=$4 golden_dir=$5 work=$6
inputs=$(cd "$(dirname "$0")/claims" && pwd)
mkdir -p "$work"
out=$work/$name.stdout err=$work/$name.stderr actual=$work/$name.txt
golden=$golden_dir/$name.txt
export LC_ALL=C.UTF-8
unset MEDCODE_CODESET MEDCODE_EDITS

shown=""
status=0
run() {
  local input=/dev/null
  if [ "${1:-}" = "--stdin" ]; then
    input=$2
    shift 2
  fi
  shown="coder${*:+ $*}"
  "$coder" "$@" <"$input" >"$out" 2>"$err"
  status=$?
}

T="--today 2026-09-15"
case $name in
  check_text)       run --codeset "$icd" check --edits "$edits" $T "$inputs/office.json" ;;
  check_json)       run --codeset "$icd" check --edits "$edits" $T --json "$inputs/office.json" ;;
  check_ndjson_file) run --codeset "$icd" check --edits "$edits" $T "$inputs/batch.ndjson" ;;
  check_csv_file)   run --codeset "$icd" check --edits "$edits" $T "$inputs/claims.csv" ;;
  check_batch)      run --stdin "$inputs/batch.ndjson" --codeset "$icd" check --batch --edits "$edits" $T ;;
  check_batch_csv)  run --stdin "$inputs/claims.csv" --codeset "$icd" check --batch --csv --edits "$edits" $T ;;
  check_error_missing_edits) run --codeset "$icd" check --edits "$work/no-such-edits.mcs" $T "$inputs/office.json" ;;
  check_error_wrong_file)    run --codeset "$icd" check --edits "$icd" $T "$inputs/office.json" ;;
  check_error_bad_today)     run --codeset "$icd" check --edits "$edits" --today 2026-02-30 "$inputs/office.json" ;;
  check_error_usage)         run --codeset "$icd" check --edits "$edits" ;;
  *) echo "run_check_case.sh: unknown case '$name'" >&2; exit 2 ;;
esac

normalize() {
  local s
  s=$(cat)
  s=${s//"$icd"/<ICD>}
  s=${s//"$edits"/<EDITS>}
  s=${s//"$inputs"/<INPUTS>}
  s=${s//"$work"/<WORK>}
  printf '%s\n' "$s"
}
{
  echo "\$ $shown" | normalize
  echo "--- stdout ---"
  normalize <"$out"
  echo "--- stderr ---"
  normalize <"$err"
  echo "--- exit $status ---"
} >"$actual"

if [ "${UPDATE_GOLDEN:-}" = "1" ]; then
  cp "$actual" "$golden"
  echo "updated $golden"
  exit 0
fi
if [ ! -f "$golden" ]; then
  echo "missing golden file $golden; create it with UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli" >&2
  cat "$actual"
  exit 1
fi
if ! diff -u "$golden" "$actual"; then
  echo "CLI output of case '$name' differs from $golden (expected: -, actual: +)." >&2
  echo "If the change is intended: UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli" >&2
  exit 1
fi
