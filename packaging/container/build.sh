#!/usr/bin/env bash
# Builds the image mocklink:<version> (and mocklink:latest) FROM scratch,
# offline: a static release binary (crt-static, symbols stripped) copied into
# an empty image. Needs cargo and a running Docker engine.
#
# Usage: packaging/container/build.sh        prints the image name last
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=$(cargo pkgid | sed 's/.*[#@]//')
HOST=$(rustc -vV | sed -n 's/^host: //p')
TARGET_DIR=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

# --target keeps RUSTFLAGS off build scripts and proc macros, which cannot be
# linked statically; the binary for the host triple can.
echo "==> static release build for $HOST" >&2
RUSTFLAGS="-C target-feature=+crt-static -C strip=symbols" \
  cargo build --release --locked --target "$HOST" --bin mocklink >&2
BIN=$TARGET_DIR/$HOST/release/mocklink
# A dynamically linked binary names its program interpreter (ld-linux).
if readelf -l "$BIN" | grep -q 'program interpreter'; then
  echo "build.sh: $BIN is dynamically linked; the scratch image could not run it" >&2
  exit 1
fi

CONTEXT=$(mktemp -d)
trap 'rm -rf "$CONTEXT"' EXIT
cp "$BIN" "$CONTEXT/mocklink"
cp packaging/container/Dockerfile "$CONTEXT/"
echo "==> docker build mocklink:$VERSION" >&2
# The classic builder: BuildKit would look for a frontend image or the buildx
# plugin, neither of which an offline machine has.
DOCKER_BUILDKIT=0 docker build --quiet --build-arg "VERSION=$VERSION" \
  -t "mocklink:$VERSION" -t mocklink:latest "$CONTEXT" >&2
echo "mocklink:$VERSION"
