#!/usr/bin/env bash
# Builds ICU 72.1 for wasm32 (emscripten) as static libraries with a tiny data subset.
#
# Usage: scripts/build-icu-wasm.sh BUILD_DIR        (the Makefile uses build/icu-wasm)
#
# Output:
#   BUILD_DIR/install/include/unicode/*.h
#   BUILD_DIR/install/lib/libicuuc.a libicui18n.a libicudata.a
#   BUILD_DIR/install/share/icudt72l.dat   (the data subset that libicudata.a embeds)
#
# Steps (all under BUILD_DIR): unpack the Debian ICU source; native host build of
# common/i18n + the icupkg/genccode tools (needed for --with-cross-build and the data);
# emconfigure cross build of common + i18n at -O2; data: extract only $ICU_DATA_ITEMS
# from the prebuilt icudt72l.dat (Debian's source has no data sources) with icupkg,
# turn it into C with genccode and compile that into libicudata.a.
# ICU's own data/ Makefile is not used (it needs icupkg --ignore-deps and pkgdata
# emits gcc assembly that wasm clang rejects).
#
# Caching: BUILD_DIR/install/.stamp holds sha256(tarball sha + this script + data list
# + emcc version); when it matches and the libs exist the script exits at once.
# Verbose logs go to BUILD_DIR/logs/.
set -euo pipefail
export NODE_PATH=/usr/share/nodejs

if [ $# -ne 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCRIPT="$ROOT/scripts/$(basename "$0")"
TARBALL="$ROOT/third_party/icu-src/icu_72.1.orig.tar.gz"
ICU_DATA_ITEMS="${ICU_DATA_ITEMS:-nfkc.nrm nfkc_cf.nrm}"
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

# Source tarball (fetch script is idempotent and verifies the sha256).
if [ ! -f "$TARBALL" ]; then
  "$ROOT/scripts/fetch-icu-source.sh"
fi
TARBALL_SHA="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
SCRIPT_SHA="$(sha256sum "$SCRIPT" | cut -d' ' -f1)"
EMCC_VERSION="$(emcc -dumpversion)"
KEY="$(printf 'tarball=%s\nscript=%s\ndata=%s\nemcc=%s\n' \
        "$TARBALL_SHA" "$SCRIPT_SHA" "$ICU_DATA_ITEMS" "$EMCC_VERSION" | sha256sum | cut -d' ' -f1)"

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

# ---- native host build (tools for --with-cross-build and for the data subset) ----
step "host build: configure"
COMMON_OPTS=(--disable-shared --enable-static --disable-extras --disable-samples
             --disable-tests --disable-layoutex --disable-icuio)
(cd "$HOST" && run host-configure env CC=gcc CXX=g++ CFLAGS=-O1 CXXFLAGS=-O1 \
   "$SRC/configure" "${COMMON_OPTS[@]}" --enable-tools)
step "host build: common, i18n, icupkg, genccode (make -j$JOBS)"
(cd "$HOST" && run host-make make -j"$JOBS" lib bin config/icucross.mk config/icucross.inc)
for d in stubdata common i18n tools/toolutil tools/icupkg tools/genccode; do
  (cd "$HOST" && run host-make make -j"$JOBS" -C "$d")
done
ICUPKG="$HOST/bin/icupkg"
GENCCODE="$HOST/bin/genccode"
[ -x "$ICUPKG" ] && [ -x "$GENCCODE" ] || { echo "icu-wasm: host tools missing in $HOST/bin" >&2; exit 1; }

# ---- wasm cross build ----
step "wasm build: emconfigure"
(cd "$WASM" && run wasm-configure env CFLAGS=-O2 CXXFLAGS=-O2 emconfigure "$SRC/configure" \
   --host=wasm32-unknown-linux --with-cross-build="$HOST" --prefix="$INSTALL" \
   "${COMMON_OPTS[@]}" --disable-tools --with-data-packaging=static)
step "wasm build: common, i18n (make -j$JOBS)"
(cd "$WASM" && run wasm-make make lib bin)
for d in common i18n; do
  (cd "$WASM" && run wasm-make emmake make -j"$JOBS" -C "$d")
done
step "wasm build: install headers and libs"
for d in common i18n; do
  (cd "$WASM" && run wasm-install make -C "$d" install)
done

# ---- data subset -> libicudata.a ----
step "data: subset icudt72l.dat -> libicudata.a"
mkdir -p "$DATA/items" "$DATA/pkg" "$DATA/c"
tr ' ' '\n' <<<"$ICU_DATA_ITEMS" | sed '/^$/d' >"$DATA/items.lst"
# ICU tools need their own (stub) data library at run time, found via LD_LIBRARY_PATH only for
# shared builds; the host build is static, so nothing to set.
run data "$ICUPKG" -d "$DATA/items" -x "$DATA/items.lst" "$SRC/data/in/icudt72l.dat"
run data "$ICUPKG" -tl --ignore-deps -s "$DATA/items" -a "$DATA/items.lst" new "$DATA/pkg/icudt72l.dat"
run data "$ICUPKG" --list "$DATA/pkg/icudt72l.dat"
run data "$GENCCODE" -e icudt72 -d "$DATA/c" "$DATA/pkg/icudt72l.dat"
run data emcc -O2 -c "$DATA/c/icudt72l_dat.c" -o "$DATA/c/icudt72l_dat.o"
mkdir -p "$INSTALL/lib" "$INSTALL/share"
rm -f "$INSTALL/lib/libicudata.a"
run data emar rcs "$INSTALL/lib/libicudata.a" "$DATA/c/icudt72l_dat.o"
cp "$DATA/pkg/icudt72l.dat" "$INSTALL/share/icudt72l.dat"

for f in "$INSTALL/lib/libicuuc.a" "$INSTALL/lib/libicui18n.a" "$INSTALL/lib/libicudata.a" \
         "$INSTALL/include/unicode/normalizer2.h"; do
  [ -f "$f" ] || { echo "icu-wasm: expected output missing: $f" >&2; exit 1; }
done
echo "$KEY" >"$STAMP"
step "done: $INSTALL/lib ($(cd "$INSTALL/lib" && ls | tr '\n' ' ')), data $(stat -c %s "$INSTALL/share/icudt72l.dat") bytes"
