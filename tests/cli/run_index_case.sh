#!/usr/bin/env bash
# CLI golden test of `coder index` (the Alphabetic Index and Tables) against the code set
# built from tests/fixtures (ctest's cli.import_fixture step). Records stdout, stderr and
# the exit status (the code-set path replaced by <CODESET>) and compares them with
# tests/cli/golden/CASE.txt.
#
#   run_index_case.sh CASE CODER CODESET GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate after an intended change (then review the diff):
#   UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli
set -u
if [ $# -ne 5 ]; then
  echo "usage: $0 CASE CODER CODESET GOLDEN_DIR WORK_DIR" >&2
  exit 2
fi
name=$1 coder=$2 codeset=$3 golden_dir=$4 work=$5
mkdir -p "$work"
out=$work/$name.stdout err=$work/$name.stderr actual=$work/$name.txt
golden=$golden_dir/$name.txt
export LC_ALL=C.UTF-8
unset MEDCODE_CODESET

shown=""
status=0
run() {
  shown="coder${*:+ $*}"
  "$coder" "$@" </dev/null >"$out" 2>"$err"
  status=$?
}

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
  *) echo "run_index_case.sh: unknown case '$name'" >&2; exit 2 ;;
esac

normalize() {
  local s
  s=$(cat)
  s=${s//"$codeset"/<CODESET>}
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
