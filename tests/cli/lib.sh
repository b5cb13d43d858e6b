# Shared by the CLI golden runners (run_case.sh, run_index_case.sh, run_check_case.sh,
# run_codesets_case.sh); sourced by them, never run. A runner sets `name` (the case) and
# `coder` (bin/coder), then:
#
#   golden_usage "ARGS..."                  the usage message (exit 2), when ctest's arguments are off
#   golden_begin GOLDEN_DIR WORK_DIR        output files, a fixed locale, no MEDCODE_* defaults
#   run [--stdin FILE] ARGS...              runs coder with ARGS (stdin /dev/null or FILE), recording
#                                           the command line, stdout, stderr and the exit status
#   golden_unknown_case                     the message for a case the runner does not know (exit 2)
#   golden_compare [PATH TAG]...            writes the record, each PATH replaced by TAG (in order,
#                                           after golden_filter if the runner defines one), and
#                                           compares it with GOLDEN_DIR/CASE.txt
#
# To regenerate the goldens after an intended change of output (then review the diff):
#   UPDATE_GOLDEN=1 ctest --test-dir build/native -L cli
#   git diff tests/cli/golden

golden_usage() {
  echo "usage: $0 $1" >&2
  exit 2
}

golden_begin() {
  golden=$1/$name.txt
  work=$2
  mkdir -p "$work"
  out=$work/$name.stdout err=$work/$name.stderr actual=$work/$name.txt
  export LC_ALL=C.UTF-8
  unset MEDCODE_CODESET MEDCODE_EDITS
  shown=""  # the command line as recorded in the golden file
  status=0
}

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

# load ARGS...: runs the importer ($importer, coder-import) as `run` runs coder, recorded as
# "coder-import ARGS" (run_load_case.sh, run_icdyear_case.sh).
load() {
  coder=$importer
  run "$@"
  shown="coder-import $*"
}

golden_unknown_case() {
  echo "$(basename "$0"): unknown case '$name'" >&2
  exit 2
}

# Literal replacement of the paths in _golden_paths (PATH TAG PATH TAG ...).
_golden_normalize() {
  local s i
  if declare -F golden_filter >/dev/null; then s=$(golden_filter); else s=$(cat); fi
  for ((i = 0; i + 1 < ${#_golden_paths[@]}; i += 2)); do
    s=${s//"${_golden_paths[i]}"/"${_golden_paths[i + 1]}"}
  done
  printf '%s\n' "$s"
}

golden_compare() {
  _golden_paths=("$@")
  {
    echo "\$ $shown" | _golden_normalize
    echo "--- stdout ---"
    _golden_normalize <"$out"
    echo "--- stderr ---"
    _golden_normalize <"$err"
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
  exit 0
}
