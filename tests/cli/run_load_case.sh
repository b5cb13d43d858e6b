#!/usr/bin/env bash
# CLI golden test of `coder-import --load` (updates a clinic loads itself) on the fixtures in
# tests/fixtures/user-load (NCCI layouts) and tests/fixtures/hcpcs (the HCPCS workbook and its
# fixed-width text), and
# of `coder` reading what it wrote. Records stdout, stderr and the exit status (paths
# replaced by <FIX>/<WORK>) and compares them with tests/cli/golden/CASE.txt.
#
#   run_load_case.sh CASE CODER_IMPORT CODER FIXTURES_DIR ICD EDITS HCPCS GOLDEN_DIR WORK_DIR   (ctest passes these)
# ICD and EDITS: the claim fixtures' code set and claim-edits file (cli.import_claims_fixture);
# HCPCS: the HCPCS fixture code set, "shipped" for 2025 Q4 (cli.import_hcpcs_fixture).
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 9 ] || golden_usage "CASE CODER_IMPORT CODER FIXTURES_DIR ICD EDITS HCPCS GOLDEN_DIR WORK_DIR"
name=$1 importer=$2 coder_bin=$3 fix=$4 icd=$5 edits=$6 hcpcs=$7 golden_dir=$8 work=$9
claims=$(cd "$(dirname "$0")/claims" && pwd)
golden_begin "$golden_dir" "$work"
# Each case its own copy of a workbook: the cases run in parallel (ctest -j).
mkdir -p "$work/$name"
u=$fix/user-load
on="--loaded-on 2026-12-05"
# `run` runs $coder: the importer (`load`, lib.sh), or the CLI reading the importer's output.
case $name in
  load_ncci)
    load --load "$u/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv" --load "$u/ccipra-v323r0-f2.txt" \
         --load "$u/ccipra-v323r0-f1.txt" --load "$u/AOC_V2026Q4-F-MCR.txt" $on --out "$work/$name.mcs" ;;
  load_ncci_json)
    load --load "$u/ccioph-v323r0-f1.txt" $on --json --out "$work/$name.mcs" ;;
  load_hcpcs)
    cp "$fix/hcpcs/HCPC_fixture.xlsx" "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx"
    load --load "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx" $on --out "$work/$name.mcs" ;;
  load_hcpcs_txt)
    cp "$fix/hcpcs/HCPC_fixture.txt" "$work/$name/HCPC2026_JAN_ANWEB_v2.txt"
    load --load "$work/$name/HCPC2026_JAN_ANWEB_v2.txt" $on --out "$work/$name.mcs" ;;
  load_hcpcs_txt_lookup)
    cp "$fix/hcpcs/HCPC_fixture.txt" "$work/$name/HCPC2026_JAN_ANWEB_v2.txt"
    "$importer" --load "$work/$name/HCPC2026_JAN_ANWEB_v2.txt" $on --out "$work/$name.mcs" >/dev/null
    coder=$coder_bin; run --codeset "$work/$name.mcs" lookup --date 2026-02-01 A4253 ;;
  load_hcpcs_info)
    cp "$fix/hcpcs/HCPC_fixture.xlsx" "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx"
    "$importer" --load "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx" $on --out "$work/$name.mcs" >/dev/null
    coder=$coder_bin; run --codeset "$work/$name.mcs" info ;;
  load_onto_shipped)
    load --load "$u/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv" --load "$u/ccipra-v323r0-f1.txt" \
         --load "$u/ccipra-v323r0-f2.txt" --base "$edits" $on --out "$work/$name.mcs" ;;
  load_check_loaded_quarter)
    "$importer" --load "$u/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv" --base "$edits" $on --out "$work/$name.mcs" >/dev/null
    coder=$coder_bin; run --codeset "$icd" check --edits "$work/$name.mcs" --today 2026-12-15 "$claims/loaded-quarter.json" ;;
  load_check_shipped_only)
    coder=$coder_bin; run --codeset "$icd" check --edits "$edits" --today 2026-12-15 "$claims/loaded-quarter.json" ;;
  load_hcpcs_beside_shipped_q1 | load_hcpcs_beside_shipped_q4)
    cp "$fix/hcpcs/HCPC_fixture.xlsx" "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx"
    "$importer" --load "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx" $on --out "$work/$name.mcs" >/dev/null
    d=2026-02-01; [ "$name" = load_hcpcs_beside_shipped_q4 ] && d=2025-11-01
    coder=$coder_bin; run --codeset "$hcpcs" --codeset "$work/$name.mcs" lookup --date $d E0100 ;;
  # Loads on top of loads: a file a user loaded earlier is the base of the next load; its
  # editions stay beside the shipped ones and the new ones, each for its own dates.
  load_onto_user_loaded | load_check_onto_user_loaded | load_error_same_quarter_again)
    "$importer" --load "$u/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv" --base "$edits" $on --out "$work/$name/first.mcs" >/dev/null
    case $name in
      load_onto_user_loaded)
        load --load "$u/ccipra-v330r0-f1.txt" --base "$work/$name/first.mcs" $on --out "$work/$name.mcs" ;;
      load_check_onto_user_loaded)
        "$importer" --load "$u/ccipra-v330r0-f1.txt" --base "$work/$name/first.mcs" $on --out "$work/$name.mcs" >/dev/null
        coder=$coder_bin; run --codeset "$icd" check --edits "$work/$name.mcs" --today 2026-12-15 "$claims/loaded-quarter.json" ;;
      load_error_same_quarter_again)
        load --load "$u/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv" --base "$work/$name/first.mcs" $on --out "$work/$name.mcs" ;;
    esac ;;
  load_hcpcs_two_loads_q1 | load_hcpcs_two_loads_q2)
    cp "$fix/hcpcs/HCPC_fixture.xlsx" "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx"
    cp "$fix/hcpcs/HCPC_fixture.xlsx" "$work/$name/HCPC2026_APR_ANWEB_v3.xlsx"
    "$importer" --load "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx" $on --out "$work/$name/jan.mcs" >/dev/null
    "$importer" --load "$work/$name/HCPC2026_APR_ANWEB_v3.xlsx" $on --out "$work/$name/apr.mcs" >/dev/null
    d=2026-02-01; [ "$name" = load_hcpcs_two_loads_q2 ] && d=2026-05-01
    coder=$coder_bin; run --codeset "$hcpcs" --codeset "$work/$name/jan.mcs" --codeset "$work/$name/apr.mcs" lookup --date $d E0100 ;;
  load_error_unknown)        load --load "$u/not-a-cms-file.txt" $on --out "$work/$name.mcs" ;;
  load_error_two_releases)   load --load "$u/ccipra-v323r0-f1.txt" --load "$u/ccipra-v330r0-f1.txt" $on --out "$work/$name.mcs" ;;
  load_error_dates_disagree) load --load "$u/ccipra-v322r0-f3.txt" $on --out "$work/$name.mcs" ;;
  load_error_damaged_xlsx)
    head -c 3000 "$fix/hcpcs/HCPC_fixture.xlsx" >"$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx"
    load --load "$work/$name/HCPC2026_JAN_ANWEB_v2.xlsx" $on --out "$work/$name.mcs" ;;
  load_error_truncated_txt)
    head -c 5000 "$fix/hcpcs/HCPC_fixture.txt" >"$work/$name/HCPC2026_JAN_ANWEB_v2.txt"
    load --load "$work/$name/HCPC2026_JAN_ANWEB_v2.txt" $on --out "$work/$name.mcs" ;;
  load_error_txt_continuation)
    sed '6d' "$fix/hcpcs/HCPC_fixture.txt" >"$work/$name/HCPC2026_JAN_ANWEB_v2.txt"
    load --load "$work/$name/HCPC2026_JAN_ANWEB_v2.txt" $on --out "$work/$name.mcs" ;;
  load_error_no_out)         load --load "$u/ccioph-v323r0-f1.txt" ;;
  *) golden_unknown_case ;;
esac

golden_compare "$icd" "<ICD>" "$edits" "<EDITS>" "$hcpcs" "<HCPCS>" "$claims" "<CLAIMS>" "$fix" "<FIX>" "$work" "<WORK>"
