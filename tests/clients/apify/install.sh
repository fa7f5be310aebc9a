#!/usr/bin/env bash
# Installs the official Apify clients the client tests run, pinned, into
# git-ignored folders under target/clients/apify/: one node_modules per npm
# version (aliased installs would share transitive versions) and one venv per
# PyPI version. Re-running is cheap: an installed version is skipped.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=target/clients/apify
mkdir -p "$ROOT"

for v in 2.25.0 2.23.3; do
  dir=$ROOT/js-$v
  if [[ ! -f $dir/node_modules/apify-client/package.json ]]; then
    mkdir -p "$dir"
    (cd "$dir" && echo '{"private":true}' >package.json &&
      npm install --silent --no-audit --no-fund --save-exact "apify-client@$v" >/dev/null)
  fi
done

for v in 3.4.0 2.5.1; do
  dir=$ROOT/py-$v
  if [[ ! -x $dir/bin/python ]] || ! "$dir/bin/python" -c "import apify_client" 2>/dev/null; then
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check "apify-client==$v"
  fi
done
echo "apify clients installed in $ROOT"
