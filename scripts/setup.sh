#!/usr/bin/env bash
# Installs everything the build needs on a fresh Debian bookworm machine.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

PKGS=(build-essential cmake ninja-build pkg-config xz-utils gzip
      libicu-dev icu-devtools nlohmann-json3-dev googletest libgtest-dev
      liblzma-dev zlib1g-dev libexpat1-dev
      emscripten binaryen nodejs npm chromium dpkg-dev python3
      default-jdk-headless)  # java + javac: CMS's MCE software, the oracle of tests/mce (never shipped)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs from another repository may provide npm itself
if [[ " ${missing[*]} " == *" npm "* ]] && command -v npm >/dev/null; then
  missing=("${missing[@]/npm}")
fi
if [[ " ${missing[*]} " == *" nodejs "* ]] && command -v node >/dev/null; then
  missing=("${missing[@]/nodejs}")
fi
if [[ " ${missing[*]} " == *" python3 "* ]] && command -v python3 >/dev/null; then
  missing=("${missing[@]/python3}")
fi
if [[ " ${missing[*]} " == *" default-jdk-headless "* ]] && command -v javac >/dev/null && command -v java >/dev/null; then
  missing=("${missing[@]/default-jdk-headless}")
fi
read -r -a missing <<<"${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

# npm dev packages (playwright-core drives /usr/bin/chromium; it never downloads a browser),
# installed when any devDependency of package.json is missing from node_modules.
if ! (cd "$ROOT" && node -e 'const d=require("./package.json").devDependencies||{};const fs=require("fs");
  process.exit(Object.keys(d).every((n)=>fs.existsSync("node_modules/"+n+"/package.json"))?0:1)'); then
  echo "setup: npm install"
  (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
fi

# ICU source from Debian's source packages, for the wasm cross build
"$ROOT/scripts/fetch-icu-source.sh"
