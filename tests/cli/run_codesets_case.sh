#!/usr/bin/env bash
# CLI golden test of several code sets: the ICD-10-CM and HCPCS fixtures (imported by
# ctest's cli.import_fixture and cli.import_hcpcs_fixture steps) and the invented CPT
# descriptor files in tests/cli/cpt. Records stdout, stderr and the exit status (build
# paths replaced by <ICD>/<HCPCS>/<WORK>/<CPT>, the load date by <TODAY>) and compares
# them with tests/cli/golden/CASE.txt.
#
#   run_codesets_case.sh CASE CODER ICD HCPCS GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 6 ] || golden_usage "CASE CODER ICD HCPCS GOLDEN_DIR WORK_DIR"
name=$1 coder=$2 icd=$3 hcpcs=$4 golden_dir=$5 work=$6
cpt=$(cd "$(dirname "$0")/cpt" && pwd)
golden_begin "$golden_dir" "$work"
both="--codeset $icd --codeset $hcpcs"
case $name in
  codesets_hcpcs_lookup)            run --codeset "$hcpcs" lookup e0100 ;;
  codesets_hcpcs_lookup_terminated) run --codeset "$hcpcs" lookup A4466 ;;
  codesets_hcpcs_lookup_date)       run --codeset "$hcpcs" lookup --date 2025-11-16 K0009 ;;
  codesets_hcpcs_lookup_json)       run --codeset "$hcpcs" lookup --json A4466 ;;
  codesets_hcpcs_validate)
    run --codeset "$hcpcs" validate E0100 A4466 K0009 A2036 E01 E01.00 E0199 --date 2025-09-30 ;;
  codesets_hcpcs_info)              run --codeset "$hcpcs" info ;;
  codesets_modifiers)               run --codeset "$hcpcs" modifiers ;;
  codesets_modifiers_json)          run modifiers --codeset "$hcpcs" --json wheelchair ;;
  codesets_lookup_modifier)         run $both lookup kx ;;
  codesets_search_two)              run $both search --why wheelchair ;;
  codesets_search_two_json)         run search $both --json --limit 4 glucose test strips ;;
  codesets_search_code_query)       run $both search --limit 6 e11 ;;
  codesets_search_batch)
    printf '%s\n' 'wheelchair' 'E11.9' 'E01' 'xyzzy' >"$work/codesets-batch.in"
    run --stdin "$work/codesets-batch.in" $both search --batch --limit 3 ;;
  codesets_cpt_search)              run search --cpt "$cpt/cpt-test-2026.tsv" 992 ;;
  codesets_cpt_lookup)              run lookup --cpt "$cpt/cpt-test-2026.tsv" 0001u ;;
  codesets_cpt_info)                run --cpt "$cpt/cpt-test-2026.tsv" --cpt-year 2025 info ;;
  codesets_cpt_with_others)         run $both --cpt "$cpt/cpt-test-2026.tsv" search --limit 6 diabetes ;;
  codesets_error_cpt_no_codes)      run --cpt "$cpt/no-codes.csv" search diabetes ;;
  codesets_error_cpt_missing)       run --cpt "$work/no-such-file.tsv" search diabetes ;;
  codesets_error_bad_date)          run --codeset "$hcpcs" lookup --date 2025-02-30 E0100 ;;
  codesets_error_modifiers_none)    run --codeset "$icd" modifiers ;;
  *) golden_unknown_case ;;
esac

golden_filter() { sed -E 's/loaded [0-9]{4}-[0-9]{2}-[0-9]{2}/loaded <TODAY>/g'; }  # the date a CPT file was loaded
golden_compare "$icd" "<ICD>" "$hcpcs" "<HCPCS>" "$cpt" "<CPT>" "$work" "<WORK>"
