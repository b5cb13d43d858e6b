#!/usr/bin/env bash
# CLI golden test of `coder practice` on the fixture code sets (ICD-10-CM and HCPCS,
# imported by ctest's cli.import_fixture and cli.import_hcpcs_fixture steps) and the
# fixture case files in tests/cli/practice. Records stdout, stderr and the exit status
# (build paths replaced by <ICD>/<HCPCS>/<WORK>/<CASES>, timings by <MS>) and compares
# them with tests/cli/golden/CASE.txt.
#
#   run_practice_case.sh CASE CODER ICD HCPCS GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 6 ] || golden_usage "CASE CODER ICD HCPCS GOLDEN_DIR WORK_DIR"
name=$1 coder=$2 icd=$3 hcpcs=$4 golden_dir=$5 work=$6
cases=$(cd "$(dirname "$0")/practice" && pwd)
golden_begin "$golden_dir" "$work"
unset MEDCODE_PRACTICE_CASES
both="--codeset $icd --codeset $hcpcs"
bank="--cases $cases/cases.json"
case $name in
  practice_list)             run $both practice list $bank ;;
  practice_list_json)        run $both practice list --json $bank ;;
  practice_show)             run $both practice show inj-901 $bank ;;
  practice_show_json)        run $both practice show --json hcpcs-901 $bank ;;
  practice_grade_key)        run $both practice grade inj-901 S52.001A W21.89XA $bank ;;
  practice_grade_partial)    run $both practice grade inj-901 s52002a W22.8XXA E78.00 S52 $bank ;;
  practice_grade_json)       run $both practice grade --json inj-901 S52.001D,W21.89XA $bank ;;
  practice_grade_empty)      run $both practice grade ear-901 $bank ;;
  practice_grade_hcpcs)      run $both practice grade hcpcs-901 E11.65 J1100 E0100-KX-GA $bank ;;
  practice_grade_hcpcs_json) run $both practice grade hcpcs-901 --json E11.65 J1100x2 e0100-kx $bank ;;
  practice_stats)            run $both practice stats $bank ;;
  practice_stats_json)       run $both practice stats --json $bank ;;
  practice_verify)           run $both practice verify $bank ;;
  practice_verify_bad_keys)  run $both practice verify --cases "$cases/bad-keys.json" ;;
  practice_system_option)
    # --system picks the newest file of each system beside $MEDCODE_CODESET; practice loads
    # ICD-10-CM and HCPCS by default.
    mkdir -p "$work/practice-sets"
    cp "$icd" "$hcpcs" "$work/practice-sets/"
    export MEDCODE_CODESET=$work/practice-sets/$(basename "$icd")
    run --system ICD-10-CM,HCPCS practice grade hcpcs-901 E11.65 J1100x2 E0100-KX $bank
    cp "$out" "$work/$name.with-system"
    first_status=$status
    run practice grade hcpcs-901 E11.65 J1100x2 E0100-KX $bank
    if cmp -s "$out" "$work/$name.with-system" && [ $status -eq $first_status ]; then
      shown="$shown (and with --system ICD-10-CM,HCPCS: the same output)"
    else
      shown="$shown (with --system ICD-10-CM,HCPCS the output DIFFERS, exit $first_status)"
    fi
    unset MEDCODE_CODESET ;;
  practice_error_bad_file)   run $both practice list --cases "$cases/bad-cases.json" ;;
  practice_error_no_file)    run $both practice list --cases "$cases/absent.json" ;;
  practice_error_not_json)   run $both practice list --cases "$cases/../run_case.sh" ;;
  practice_error_unknown_case) run $both practice show nope-001 $bank ;;
  practice_error_usage)      run $both practice grade ;;
  *) golden_unknown_case ;;
esac

golden_filter() {  # timings
  sed -e 's#[0-9][0-9.]* ms for \([0-9]*\) cases ([0-9.]* ms per case)#<MS> ms for \1 cases (<MS> ms per case)#' \
      -e 's#"milliseconds": [0-9.e+-]*#"milliseconds": <MS>#'
}
golden_compare "$icd" "<ICD>" "$hcpcs" "<HCPCS>" "$cases" "<CASES>" "$work" "<WORK>"
