#!/usr/bin/env bash
# Offline-safe install of code-server 4.100.3 (= VS Code 1.100.3, the last release whose
# engines accept Node 20) into $E2E_ROOT/cs, a folder with its own package.json so it never
# becomes a dependency of the extension. Cached: does nothing when already installed.
# Needs the Debian packages ripgrep and libkrb5-dev (plus python3/make/g++ for node-pty).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${E2E_ROOT:=$(cd "$HERE/../.." && pwd)/.e2e}"
DEST=${1:-$E2E_ROOT/cs}
VERSION=4.100.3
if [ -x "$DEST/node_modules/.bin/code-server" ] && grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/code-server/package.json" 2>/dev/null; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi
mkdir -p "$DEST" "$E2E_ROOT/tmp"
# 1) @vscode/ripgrep's postinstall downloads rg from api.github.com: pre-seed its download cache
#    ($TMPDIR/vscode-ripgrep-cache-<pkgver>/ripgrep-<rgver>-<target>.tar.gz) with Debian's rg.
RGCACHE=$E2E_ROOT/tmp/vscode-ripgrep-cache-1.15.11
mkdir -p "$RGCACHE" "$E2E_ROOT/tmp/rgstage"
cp /usr/bin/rg "$E2E_ROOT/tmp/rgstage/rg"
tar czf "$RGCACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$E2E_ROOT/tmp/rgstage" rg
cd "$DEST"
[ -f package.json ] || echo '{"name":"code-server-host","version":"1.0.0","private":true}' > package.json
# 2) --unsafe-perm: code-server's postinstall refuses to run as root without it.
# 3) npm_config_yes=true: node-pty's postinstall runs `npx node-gyp`, which npx refuses otherwise.
# 4) kerberos builds against libkrb5-dev.
TMPDIR=$E2E_ROOT/tmp npm_config_yes=true npm install "code-server@$VERSION" --unsafe-perm --foreground-scripts --no-audit --no-fund
echo "code-server $VERSION installed in $DEST"
