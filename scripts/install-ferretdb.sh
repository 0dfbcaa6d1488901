#!/usr/bin/env bash
# Builds FerretDB (the MongoDB-compatible server used for development and tests) with Go.
# `go install ...@v1.24.2` is not enough: the module does not ship build/version/version.txt,
# so that binary panics at start, and some proxies refuse the version list go install reads.
# We download the exact module version, apply our patches (ferretdb/patches: filter pushdown in the
# SQLite backend, see ferretdb/README.md), add the version file and build it.
#
# The binary reports `v1.24.2-helpdesk.<hash of the patches>`: an unpatched or outdated build is
# rebuilt. FERRETDB_STOCK=1 builds stock FerretDB instead (for comparisons: bench/ferretdb.ts).
# Usage: scripts/install-ferretdb.sh [target path]   (default: $(go env GOBIN or GOPATH)/bin/ferretdb)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_VERSION="${FERRETDB_VERSION:-v1.24.2}"
MODULE=github.com/FerretDB/FerretDB
GO="${GO:-$(command -v go || echo "${GOROOT:-/usr/local/go}/bin/go")}"
[ -x "$GO" ] || { echo "install-ferretdb: Go is not installed" >&2; exit 1; }
BIN_DIR="$("$GO" env GOBIN)"
[ -n "$BIN_DIR" ] || BIN_DIR="$("$GO" env GOPATH | cut -d: -f1)/bin"
TARGET="${1:-$BIN_DIR/ferretdb}"

shopt -s nullglob
PATCHES=()
if [ "${FERRETDB_STOCK:-}" != "1" ]; then
  # Sorted by name in the C locale; src/db/embedded.ts computes the same hash.
  while IFS= read -r p; do PATCHES+=("$p"); done < <(LC_ALL=C ls -1 "$ROOT"/ferretdb/patches/*.patch 2>/dev/null)
fi
if [ ${#PATCHES[@]} -gt 0 ]; then
  VERSION="$BASE_VERSION-helpdesk.$(cat "${PATCHES[@]}" | sha256sum | cut -c1-8)"
else
  VERSION="$BASE_VERSION"
fi

# The version is read into a variable before it is compared: piping it into `grep -q` or `head`
# can end the binary with SIGPIPE, which `pipefail` turns into a failure.
installed_version() { "$TARGET" --version 2>/dev/null || true; }
is_current() { [ -x "$TARGET" ] && [[ "$(installed_version)" == *"version: $VERSION"$'\n'* ]]; }

if is_current; then
  echo "FerretDB $VERSION already at $TARGET"; exit 0
fi

# One build at a time per target (test runs in several worktrees may start together).
mkdir -p "$(dirname "$TARGET")"
exec 9>"$TARGET.lock"
flock 9
if is_current; then
  echo "FerretDB $VERSION already at $TARGET"; exit 0
fi

echo "Building FerretDB $VERSION (first time only; about 2 minutes)..."
SRC_DIR="$(cd /tmp && "$GO" mod download -json "$MODULE@$BASE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -d "$SRC_DIR" ] || { echo "install-ferretdb: could not download $MODULE@$BASE_VERSION" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK" "$TARGET.tmp.$$"' EXIT
cp -r "$SRC_DIR/." "$WORK/"
chmod -R u+w "$WORK"
for p in "${PATCHES[@]}"; do
  echo "Applying $(basename "$p")"
  patch -s -p1 -d "$WORK" --no-backup-if-mismatch < "$p" \
    || { echo "install-ferretdb: $(basename "$p") does not apply to $BASE_VERSION" >&2; exit 1; }
done
echo "$VERSION" > "$WORK/build/version/version.txt"
# Built beside the target and moved over it, so a running server or a parallel reader never sees half a file.
(cd "$WORK" && "$GO" build -buildvcs=false -o "$TARGET.tmp.$$" ./cmd/ferretdb)
mv -f "$TARGET.tmp.$$" "$TARGET"
is_current || { echo "install-ferretdb: the built binary does not report $VERSION" >&2; exit 1; }
echo "FerretDB $VERSION installed at $TARGET"
