#!/usr/bin/env bash
# CLI golden test of `coder index` (the Alphabetic Index and Tables) against the code set
# built from tests/fixtures (ctest's cli.import_fixture step). Records stdout, stderr and
# the exit status (the code-set path replaced by <CODESET>) and compares them with
# tests/cli/golden/CASE.txt.
#
#   run_index_case.sh CASE CODER CODESET GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change: see tests/cli/lib.sh.
set -u
source "$(dirname "$0")/lib.sh"
[ $# -eq 5 ] || golden_usage "CASE CODER CODESET GOLDEN_DIR WORK_DIR"
name=$1 coder=$2 codeset=$3 golden_dir=$4 work=$5
golden_begin "$golden_dir" "$work"
cs=$codeset
case $name in
  index_books)         run --codeset "$cs" index ;;
  index_letter)        run --codeset "$cs" index --letter h ;;
  index_prefix)        run --codeset "$cs" index --book drug a ;;
  index_paging)        run --codeset "$cs" index --limit 3 --offset 2 ;;
  index_one_match)     run --codeset "$cs" index quint ;;
  index_path)          run --codeset "$cs" index "Diabetes, type 2" ;;
  index_path_prefix)   run --codeset "$cs" index "diabetes, type 2, with, hyp" ;;
  index_table)         run --codeset "$cs" index --book neoplasm ;;
  index_table_row)     run --codeset "$cs" index "Neoplasm, neoplastic, abdomen" ;;
  index_node_json)     run --codeset "$cs" index --json --node 3 ;;
  index_follow)        run --codeset "$cs" index --follow 2 ;;
  index_follow_table)  run --codeset "$cs" index --follow 0 ;;
  index_follow_book)   run --codeset "$cs" index --json --follow 17 ;;
  index_code)          run --codeset "$cs" index --code S52.001A ;;
  index_code_json)     run --codeset "$cs" index --json --code T36.0X5A ;;
  index_error_node)    run --codeset "$cs" index --node 999 ;;
  index_error_book)    run --codeset "$cs" index --book eindex ;;
  index_error_follow)  run --codeset "$cs" index --follow 13 ;;
  index_error_path)    run --codeset "$cs" index "Diabetes, type 2, with, nothing" ;;
  index_error_usage)   run --codeset "$cs" index --limit ;;
  *) golden_unknown_case ;;
esac
golden_compare "$codeset" "<CODESET>" "$work" "<WORK>"
