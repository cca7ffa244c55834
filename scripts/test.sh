#!/usr/bin/env bash
# The whole test suite: lint, then pytest (unit, end-to-end, API and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
"$BIN/ruff" check src tests benchmarks training
"$BIN/python" -m pytest -q -p no:cacheprovider "$@"
