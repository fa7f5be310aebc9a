#!/usr/bin/env bash
# Installs the Python package into a fresh venv the way a team would
# (`pip install ./packaging/python`: maturin builds the server from this
# repository) and runs its sample suite with the pytest plugin, once plainly
# and once under pytest-xdist, where two tests would collide without sessions.
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET_DIR=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
VENV=$TARGET_DIR/py-venv
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check pytest==8.3.4 pytest-xdist==3.6.1
"$VENV/bin/pip" install --quiet --disable-pip-version-check ./packaging/python
# The suite must run the installed binary, not a mocklink found elsewhere.
unset MOCKLINK_BIN MOCKLINK_URL MOCKLINK_SCENARIO
"$VENV/bin/mocklink" --version
cd packaging/python
"$VENV/bin/pytest" -q -p no:cacheprovider tests
"$VENV/bin/pytest" -q -p no:cacheprovider -n 2 tests
