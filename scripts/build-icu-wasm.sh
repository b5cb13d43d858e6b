#!/usr/bin/env bash
# Builds ICU 72.1 for wasm32 (emscripten) as static libraries with a tiny data subset.
#
# Usage: scripts/build-icu-wasm.sh BUILD_DIR        (the Makefile uses build/icu-wasm)
#
# Output:
#   BUILD_DIR/install/include/unicode/*.h
#   BUILD_DIR/install/lib/libicuuc.a libicudata.a   (+ libicui18n.a with ICU_WASM_I18N=1)
#   BUILD_DIR/install/share/icudt72l.dat   (the data subset that libicudata.a embeds)
#
# Steps (all under BUILD_DIR): unpack the Debian ICU source; configure a native ICU tree
# (what --with-cross-build needs); emconfigure + make the wasm32 static libs at -O2;
# data: extract only $ICU_DATA_ITEMS from the prebuilt icudt72l.dat (Debian's source has no
# data sources, so ICU's data filter is ignored) with icupkg, turn it into C with genccode
# (both from Debian's icu-devtools 72.1) and compile that into libicudata.a.
# ICU's own data/ Makefile is not used (a subset needs icupkg --ignore-deps, and pkgdata
# emits gcc assembly that wasm clang rejects).
#
# Caching: BUILD_DIR/install/.stamp holds sha256(tarball sha + this script + data list
# + emcc version + i18n switch); when it matches and the libs exist the script exits at once.
# Verbose logs go to BUILD_DIR/logs/.
set -euo pipefail
SELF="$0"

# Everything runs inside main() so bash has parsed the whole file before any step runs:
# editing this script while a build is in progress cannot break that build.
main() {
  export NODE_PATH=/usr/share/nodejs

  if [ $# -ne 1 ]; then
    echo "usage: $SELF BUILD_DIR" >&2
    exit 2
  fi

  ROOT="$(cd "$(dirname "$SELF")/.." && pwd)"
  SCRIPT="$ROOT/scripts/$(basename "$SELF")"
  TARBALL="$ROOT/third_party/icu-src/icu_72.1.orig.tar.gz"
  ICU_DATA_ITEMS="${ICU_DATA_ITEMS:-nfkc.nrm nfkc_cf.nrm}"
  # ICU_WASM_I18N=1 also builds libicui18n.a (adds a few minutes; we only need libicuuc).
  ICU_WASM_I18N="${ICU_WASM_I18N:-0}"
  LIBDIRS=(common); if [ "$ICU_WASM_I18N" = 1 ]; then LIBDIRS+=(i18n); fi
  JOBS="${JOBS:-2}"

  mkdir -p "$1"
  BUILD_DIR="$(cd "$1" && pwd)"
  SRC="$BUILD_DIR/src/icu/source"
  HOST="$BUILD_DIR/host"
  WASM="$BUILD_DIR/wasm"
  DATA="$BUILD_DIR/data"
  INSTALL="$BUILD_DIR/install"
  LOGS="$BUILD_DIR/logs"
  STAMP="$INSTALL/.stamp"

  # Source tarball (the fetch script is idempotent: it only verifies the sha256 when present).
  "$ROOT/scripts/fetch-icu-source.sh"
  TARBALL_SHA="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  SCRIPT_SHA="$(sha256sum "$SCRIPT" | cut -d' ' -f1)"
  EMCC_VERSION="$(emcc -dumpversion)"
  KEY="$(printf 'tarball=%s\nscript=%s\ndata=%s\nemcc=%s\ni18n=%s\n' \
          "$TARBALL_SHA" "$SCRIPT_SHA" "$ICU_DATA_ITEMS" "$EMCC_VERSION" "$ICU_WASM_I18N" \
        | sha256sum | cut -d' ' -f1)"

  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ] \
     && [ -f "$INSTALL/lib/libicuuc.a" ] && [ -f "$INSTALL/lib/libicudata.a" ] \
     && [ -f "$INSTALL/include/unicode/normalizer2.h" ]; then
    echo "icu-wasm: up to date ($INSTALL)"
    exit 0
  fi

  T0=$SECONDS
  # run LOGNAME CMD... : runs CMD with all output to logs/LOGNAME.log; on failure shows the tail.
  run() {
    local log="$LOGS/$1.log"; shift
    if ! "$@" >>"$log" 2>&1; then
      echo "icu-wasm: FAILED: $*" >&2
      echo "icu-wasm: log: $log" >&2
      tail -n 25 "$log" >&2 || true
      exit 1
    fi
  }
  step() { echo "icu-wasm: $* (elapsed $((SECONDS - T0))s)"; }

  echo "icu-wasm: building ICU 72.1 for wasm32 in $BUILD_DIR (data: $ICU_DATA_ITEMS); logs in $LOGS"
  rm -rf "$BUILD_DIR/src" "$HOST" "$WASM" "$DATA" "$INSTALL" "$LOGS"
  mkdir -p "$BUILD_DIR/src" "$HOST" "$WASM" "$DATA" "$INSTALL" "$LOGS"

  step "unpacking source"
  run unpack tar -xzf "$TARBALL" -C "$BUILD_DIR/src"
  chmod +x "$SRC/configure" "$SRC/install-sh" 2>/dev/null || true

  # ---- native host configuration (for --with-cross-build) ----
  # The cross build of common/i18n runs no ICU tools; configure only needs a configured native
  # tree with config/icucross.mk. The data tools (icupkg, genccode) come from Debian's
  # icu-devtools, which is the same ICU 72.1 release (checked below).
  ICUPKG=/usr/sbin/icupkg
  GENCCODE=/usr/sbin/genccode
  DEVTOOLS_VERSION="$(dpkg-query -W -f='${Version}' icu-devtools 2>/dev/null || true)"
  if [ ! -x "$ICUPKG" ] || [ ! -x "$GENCCODE" ] || [[ "$DEVTOOLS_VERSION" != 72.1* ]]; then
    echo "icu-wasm: needs Debian's icu-devtools 72.1 (icupkg, genccode); found '${DEVTOOLS_VERSION:-none}'." >&2
    echo "icu-wasm: run scripts/setup.sh (apt-get install icu-devtools)" >&2
    exit 1
  fi
  step "host: configure native tree for --with-cross-build"
  COMMON_OPTS=(--disable-shared --enable-static --disable-extras --disable-samples
               --disable-tests --disable-layoutex --disable-icuio --disable-tools)
  (cd "$HOST" && run host-configure env CC=gcc CXX=g++ "$SRC/configure" "${COMMON_OPTS[@]}")
  (cd "$HOST" && run host-configure make lib bin config/icucross.mk config/icucross.inc)

  # ---- wasm cross build ----
  step "wasm build: emconfigure"
  (cd "$WASM" && run wasm-configure env CFLAGS=-O2 CXXFLAGS=-O2 emconfigure "$SRC/configure" \
     --host=wasm32-unknown-linux --with-cross-build="$HOST" --prefix="$INSTALL" \
     "${COMMON_OPTS[@]}" --with-data-packaging=static)
  step "wasm build: ${LIBDIRS[*]} (make -j$JOBS)"
  (cd "$WASM" && run wasm-make make lib bin)
  for d in "${LIBDIRS[@]}"; do
    (cd "$WASM" && run wasm-make emmake make -j"$JOBS" -C "$d")
  done
  step "wasm build: install headers and libs"
  for d in "${LIBDIRS[@]}"; do
    (cd "$WASM" && run wasm-install make -C "$d" install)
  done

  # ---- data subset -> libicudata.a ----
  # The package must be named icudt72l (item names inside are "icudt72l/nfkc.nrm"), while the
  # symbol libicuuc links against is icudt72_dat: genccode derives the C symbol from the file
  # name, so the C file is generated from a copy named icudt72.dat.
  step "data: subset icudt72l.dat -> libicudata.a"
  mkdir -p "$DATA/items" "$DATA/pkg" "$DATA/c"
  tr ' ' '\n' <<<"$ICU_DATA_ITEMS" | sed '/^$/d' >"$DATA/items.lst"
  run data "$ICUPKG" -d "$DATA/items" -x "$DATA/items.lst" "$SRC/data/in/icudt72l.dat"
  run data "$ICUPKG" -tl --ignore-deps -s "$DATA/items" -a "$DATA/items.lst" new "$DATA/pkg/icudt72l.dat"
  run data "$ICUPKG" --list "$DATA/pkg/icudt72l.dat"
  cp "$DATA/pkg/icudt72l.dat" "$DATA/c/icudt72.dat"
  run data "$GENCCODE" -d "$DATA/c" "$DATA/c/icudt72.dat"
  grep -q 'icudt72_dat' "$DATA/c/icudt72_dat.c" \
    || { echo "icu-wasm: genccode output lacks symbol icudt72_dat" >&2; exit 1; }
  run data emcc -O2 -I"$INSTALL/include" -c "$DATA/c/icudt72_dat.c" -o "$DATA/c/icudt72_dat.o"
  mkdir -p "$INSTALL/lib" "$INSTALL/share"
  rm -f "$INSTALL/lib/libicudata.a"
  run data emar rcs "$INSTALL/lib/libicudata.a" "$DATA/c/icudt72_dat.o"
  cp "$DATA/pkg/icudt72l.dat" "$INSTALL/share/icudt72l.dat"

  for f in "$INSTALL/lib/libicuuc.a" "$INSTALL/lib/libicudata.a" \
           "$INSTALL/include/unicode/normalizer2.h"; do
    [ -f "$f" ] || { echo "icu-wasm: expected output missing: $f" >&2; exit 1; }
  done
  echo "$KEY" >"$STAMP"
  step "done: $INSTALL/lib ($(cd "$INSTALL/lib" && ls | tr '\n' ' ')), data $(stat -c %s "$INSTALL/share/icudt72l.dat") bytes"
}

main "$@"
