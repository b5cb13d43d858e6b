#!/usr/bin/env bash
# Builds the npm package medcode-web from the assembled site and runs `npm pack`.
#   scripts/pack.sh SITE_DIR OUT_DIR      -> OUT_DIR/medcode-web-VERSION.tgz (its path is printed last)
# The package holds the app and lib/ (JS, wasm, .d.mts types), bin/medcode-site.mjs,
# package/README.md and package/hosting/; never the code-set files.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SITE="$(cd "$1" && pwd)"; OUT="$2"
[ -f "$SITE/lib/medcode-wasm.wasm" ] || { echo "pack: $SITE has no lib/medcode-wasm.wasm (run make site)" >&2; exit 1; }
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
PKG="$OUT/medcode-web"
rm -rf "$PKG"; mkdir -p "$PKG/bin"
# The site without its code sets and its offline manifest (medcode-site writes that per site).
( cd "$SITE" && find . -type f ! -path './codesets/*' ! -path './tests/*' ! -name precache.json -print0 ) |
  ( cd "$SITE" && xargs -0 cp --parents -t "$PKG" )
cp "$ROOT/package/README.md" "$PKG/"
cp -r "$ROOT/package/hosting" "$PKG/"
cp "$ROOT/scripts/site-manifest.mjs" "$PKG/bin/medcode-site.mjs"
chmod +x "$PKG/bin/medcode-site.mjs"
VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"
node -e '
  const fs = require("fs");
  const [tpl, out, version] = process.argv.slice(1);
  const p = JSON.parse(fs.readFileSync(tpl, "utf8"));
  p.version = version;
  fs.writeFileSync(out, JSON.stringify(p, null, 2) + "\n");
' "$ROOT/package/package.json" "$PKG/package.json" "$VERSION"
rm -f "$OUT"/medcode-web-*.tgz
( cd "$OUT" && npm pack --silent "$PKG" >/dev/null 2>&1 ) || ( cd "$OUT" && npm pack "$PKG" )
ls "$OUT"/medcode-web-"$VERSION".tgz
