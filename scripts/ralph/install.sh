#!/bin/sh
# Create Ralph's own venv (default .ralph/venv) and install the pinned Ralph.
# Used by `make ralph` and by the xAPI test fixtures on a fresh machine.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${RALPH_VENV:-$HERE/../../.ralph/venv}
PYTHON=${PYTHON:-python3.11}
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$HERE/requirements.txt"
touch "$VENV/.installed"
