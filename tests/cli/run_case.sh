#!/usr/bin/env bash
# CLI golden test: runs one case of bin/coder against the code set built from
# tests/fixtures (ctest's cli.import_fixture step) and compares what it printed
# (stdout, stderr and exit status, with build paths replaced by <CODESET>/<WORK>)
# with tests/cli/golden/CASE.txt.
#
#   run_case.sh CASE CODER CODESET GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 5 ] || golden_usage "CASE CODER CODESET GOLDEN_DIR WORK_DIR"
name=$1 coder=$2 codeset=$3 golden_dir=$4 work=$5
golden_begin "$golden_dir" "$work"
# Copy of the code set with one payload byte inverted (checksum no longer matches).
damaged_copy() {
  local dst=$work/damaged.mcs off=200 v
  cp "$codeset" "$dst"
  v=$(od -An -tu1 -j$off -N1 "$dst" | tr -d ' ')
  printf "\\$(printf '%03o' $((v ^ 255)))" | dd of="$dst" bs=1 seek=$off conv=notrunc status=none
  echo "$dst"
}

cs=$codeset
case $name in
  lookup_text)            run --codeset "$cs" lookup e11.65 ;;
  lookup_text_seventh)    run --codeset "$cs" lookup S52.001A ;;
  lookup_json)            run --codeset "$cs" lookup --json H81.01 ;;
  lookup_deleted_header)  run --codeset "$cs" lookup E78.01 ;;
  lookup_not_found)       run --codeset "$cs" lookup E11.69 ;;
  search_table)           run --codeset "$cs" search fracture of ulna ;;
  search_code)            run --codeset "$cs" search --limit 5 e11 ;;
  search_unknown_word)    run --codeset "$cs" search diabetes xyzzy ;;
  search_unknown_option)  run --codeset "$cs" search --limti 5 diabetes ;;
  search_help)            run --codeset "$cs" search --help ;;
  search_json)            run --codeset "$cs" search --json --limit 3 type 2 diabetes without ;;
  search_batch)
    # One output line per input line: codes, an empty-result query, an empty line,
    # a CRLF line, and invalid UTF-8 (an error on stderr, an empty line on stdout).
    printf '%s\n' 'E11.9' 'xyzzy' '' 'diabetes hyperglycemia' 'w21.89' 'fracture of ulna' \
      $'meniere\r' $'diab\xff' 'Ménière' 'T36.0X1A' >"$work/batch.in"
    run --stdin "$work/batch.in" --codeset "$cs" search --batch --limit 4 ;;
  validate)
    run --codeset "$cs" validate E11.9 e119 E11 T36.0X1 T36.01A W21.89A W22.8A T36.0X1Z W21.89XB E11.69 E11.99 A00 xyz ;;
  info)                   run --codeset "$cs" info ;;
  error_unknown_command)  run --codeset "$cs" frobnicate E11.9 ;;
  error_no_command)       run ;;
  error_missing_codeset)  run --codeset "$work/no-such-file.mcs" lookup E11.9 ;;
  error_corrupted_codeset) run --codeset "$(damaged_copy)" lookup E11.9 ;;
  error_truncated_codeset)
    head -c 1000 "$cs" >"$work/truncated.mcs"
    run --codeset "$work/truncated.mcs" info ;;
  error_bad_limit)        run --codeset "$cs" search --limit 0 diabetes ;;
  suggest_without_index)
    # A code set copied without its -index.mcs: suggest still answers, and says on stderr that
    # it codes without the Alphabetic Index (its answers differ from the full set's).
    cp "$cs" "$work/alone.mcs" && rm -f "$work/alone-index.mcs"
    printf '%s\n' 'type 2 diabetes mellitus with hyperglycemia' >"$work/suggest.in"
    run --stdin "$work/suggest.in" --codeset "$work/alone.mcs" suggest --batch ;;
  *) golden_unknown_case ;;
esac

golden_filter() { LC_ALL=C sed $'s/\xff/<0xFF>/g'; }  # invalid UTF-8 (0xFF) made visible
golden_compare "$codeset" "<CODESET>" "$work" "<WORK>"
