#!/usr/bin/env bash
# CLI golden test of `coder check` on the claim fixtures (tests/fixtures/claims, imported by
# ctest's cli.import_claims_fixture step) and the inputs in tests/cli/claims. Records
# stdout, stderr and the exit status (build paths replaced by <ICD>/<EDITS>/<WORK>) and
# compares them with tests/cli/golden/CASE.txt. "Today" is fixed with --today.
#
#   run_check_case.sh CASE CODER ICD EDITS GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 6 ] || golden_usage "CASE CODER ICD EDITS GOLDEN_DIR WORK_DIR"
name=$1 coder=$2 icd=$3 edits=$4 golden_dir=$5 work=$6
inputs=$(cd "$(dirname "$0")/claims" && pwd)
golden_begin "$golden_dir" "$work"
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
  *) golden_unknown_case ;;
esac
golden_compare "$icd" "<ICD>" "$edits" "<EDITS>" "$inputs" "<INPUTS>" "$work" "<WORK>"
