#!/usr/bin/env bash
# CLI golden test: runs one case of bin/coder against the code set built from
# tests/fixtures (ctest's cli.import_fixture step) and compares what it printed
# (stdout, stderr and exit status, with build paths replaced by <CODESET>/<WORK>)
# with tests/cli/golden/CASE.txt.
#
#   run_case.sh CASE CODER CODESET GOLDEN_DIR WORK_DIR      (ctest passes these)
#
# To regenerate the goldens after an intended change of output (then review the diff):
#   UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli
#   git diff tests/cli/golden
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

shown=""   # the command line as recorded in the golden file
status=0
# run [--stdin FILE] ARGS...: runs coder with ARGS, recording its output.
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
  *) echo "run_case.sh: unknown case '$name'" >&2; exit 2 ;;
esac

normalize() {  # literal replacement of the build paths; invalid UTF-8 (0xFF) made visible
  local s
  s=$(LC_ALL=C sed $'s/\xff/<0xFF>/g')
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
