#!/usr/bin/env bash
# Downloads the ICU 72.1 source tarball from Debian's source packages into third_party/icu-src/.
# Idempotent: does nothing (except re-checking the sha256) when the tarball is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/third_party/icu-src"
TARBALL="$DEST/icu_72.1.orig.tar.gz"
# sha256 of icu_72.1.orig.tar.gz (matches Checksums-Sha256 in Debian's icu_72.1-3+deb12u1.dsc)
SHA256="a2d2d38217092a7ed56635e34467f92f976b370e20182ad325edea6681a71d68"

verify() {
  local got
  got="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
  if [ "$got" != "$SHA256" ]; then
    echo "fetch-icu-source: sha256 MISMATCH for $TARBALL" >&2
    echo "  expected $SHA256" >&2
    echo "  got      $got" >&2
    echo "  delete the file and re-run this script" >&2
    exit 1
  fi
}

if [ -f "$TARBALL" ]; then verify; exit 0; fi
mkdir -p "$DEST"
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
SRCLIST=/etc/apt/sources.list.d/project-deb-src.sources
if ! grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ ; then
  echo "setup: adding a deb-src entry ($SRCLIST)"
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$SRCLIST" >/dev/null
  $SUDO apt-get update -qq
fi
echo "setup: apt-get source --download-only icu"
(cd "$DEST" && { apt-get source --download-only icu=72.1-3+deb12u1 >/dev/null 2>&1 \
                 || apt-get source --download-only icu; })
if [ ! -f "$TARBALL" ]; then
  echo "fetch-icu-source: apt-get source did not produce $TARBALL" >&2
  exit 1
fi
verify
echo "setup: ICU source OK: $TARBALL"
