#!/usr/bin/env bash
# CLI golden test of `coder-import --load` with an ICD-10-CM order file (a new fiscal year
# compiled onto the ICD-10-CM fixture code set, codesets/importer/icd10cm_onto.h) on the
# fixtures in tests/fixtures/icd-year, and of `coder` reading what it wrote. Records stdout,
# stderr and the exit status (paths replaced by <FIX>/<ICD>/<WORK>) and compares them with
# tests/cli/golden/CASE.txt.
#
#   run_icdyear_case.sh CASE CODER_IMPORT CODER FIXTURES_DIR ICD GOLDEN_DIR WORK_DIR   (ctest passes these)
# ICD: the ICD-10-CM fixture code set (FY2026), the "shipped" file the year is loaded onto,
# with its import state beside it (ICD without .mcs, + .import.mcs).
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 7 ] || golden_usage "CASE CODER_IMPORT CODER FIXTURES_DIR ICD GOLDEN_DIR WORK_DIR"
name=$1 importer=$2 coder_bin=$3 fix=$4 icd=$5 golden_dir=$6 work=$7
golden_begin "$golden_dir" "$work"
y=$fix/icd-year
on="--loaded-on 2026-12-05"
# The fixture order file under the name CMS gives the FY2027 file (the year is read from the
# name); the copy lives in the work folder, the fixture has a name of its own.
mkdir -p "$work/$name"
order27=$work/$name/icd10cm_order_2027.txt
cp "$y/fx_order_next.txt" "$order27"
case $name in
  load_icd10cm_year)
    load --load "$order27" --base "$icd" $on --out "$work/$name.mcs" ;;
  load_icd10cm_year_lookup)
    "$importer" --load "$order27" --base "$icd" $on --out "$work/$name.mcs" >/dev/null
    coder=$coder_bin; run --codeset "$work/$name.mcs" lookup --date 2026-11-05 E11.692 ;;
  load_icd10cm_year_validate_deleted)
    "$importer" --load "$order27" --base "$icd" $on --out "$work/$name.mcs" >/dev/null
    coder=$coder_bin; run --codeset "$work/$name.mcs" validate --date 2026-12-01 E11.691 ;;
  load_icd10cm_error_not_next)
    mkdir -p "$work/$name"
    cp "$order27" "$work/$name/icd10cm_order_2028.txt"
    load --load "$work/$name/icd10cm_order_2028.txt" --base "$icd" $on --out "$work/$name.mcs" ;;
  load_icd10cm_error_damaged)
    mkdir -p "$work/$name"
    cp "$y/truncated_fx_order_next.txt" "$order27"
    load --load "$order27" --base "$icd" $on --out "$work/$name.mcs" ;;
  load_icd10cm_error_no_base)
    load --load "$order27" $on --out "$work/$name.mcs" ;;
  load_icd10cm_year_base_state)   # the base alone in a folder, its import state given
    mkdir -p "$work/$name"
    cp "$icd" "$work/$name/base.mcs"
    load --load "$order27" --base "$work/$name/base.mcs" --base-state "${icd%.mcs}.import.mcs" $on \
         --out "$work/$name.mcs" ;;
  load_icd10cm_error_no_state)    # the base alone in a folder
    mkdir -p "$work/$name"
    cp "$icd" "$work/$name/base.mcs"
    load --load "$order27" --base "$work/$name/base.mcs" $on --out "$work/$name.mcs" ;;
  load_icd10cm_error_state_of_another)  # beside the base, the import state of the file loaded onto it
    mkdir -p "$work/$name"
    "$importer" --load "$order27" --base "$icd" $on --out "$work/$name/fy2027.mcs" >/dev/null
    cp "$icd" "$work/$name/base.mcs"
    cp "$work/$name/fy2027.import.mcs" "$work/$name/base.import.mcs"
    load --load "$order27" --base "$work/$name/base.mcs" $on --out "$work/$name.mcs" ;;
  *) golden_unknown_case ;;
esac

golden_compare "$icd" "<ICD>" "$(dirname "$icd")" "<CODESETS>" "$fix" "<FIX>" "$work" "<WORK>"
