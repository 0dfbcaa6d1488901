#!/usr/bin/env bash
# Builds FerretDB (the MongoDB-compatible server used for development and tests) with Go.
# `go install ...@v1.24.2` is not enough: the module does not ship build/version/version.txt,
# so that binary panics at start, and some proxies refuse the version list go install reads.
# We download the exact module version, add the version file and build it.
set -euo pipefail
VERSION="${FERRETDB_VERSION:-v1.24.2}"
MODULE=github.com/FerretDB/FerretDB
GO="${GO:-$(command -v go || echo "${GOROOT:-/usr/local/go}/bin/go")}"
[ -x "$GO" ] || { echo "install-ferretdb: Go is not installed" >&2; exit 1; }
BIN_DIR="$("$GO" env GOBIN)"
[ -n "$BIN_DIR" ] || BIN_DIR="$("$GO" env GOPATH | cut -d: -f1)/bin"
TARGET="${1:-$BIN_DIR/ferretdb}"
# The version is read into a variable before it is searched: piping it into `grep -q` or `head`
# can end the binary with SIGPIPE, which `pipefail` turns into a failure.
installed_version() { "$TARGET" --version 2>/dev/null || true; }
if [ -x "$TARGET" ] && [[ "$(installed_version)" == *"version: $VERSION"* ]]; then
  echo "FerretDB $VERSION already at $TARGET"; exit 0
fi
echo "Building FerretDB $VERSION (first time only; about 2 minutes)..."
SRC_DIR="$(cd /tmp && "$GO" mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$SRC_DIR" ] || { echo "install-ferretdb: could not download $MODULE@$VERSION" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$SRC_DIR/." "$WORK/"
chmod -R u+w "$WORK"
echo "$VERSION" > "$WORK/build/version/version.txt"
mkdir -p "$(dirname "$TARGET")"
(cd "$WORK" && "$GO" build -buildvcs=false -o "$TARGET" ./cmd/ferretdb)
[[ "$(installed_version)" == *"version: $VERSION"* ]] || { echo "install-ferretdb: the built binary does not report $VERSION" >&2; exit 1; }
echo "FerretDB $VERSION installed at $TARGET"
