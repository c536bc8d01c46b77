#!/usr/bin/env bash
# ofex-report --aggregate against scipy and rliable (bench/check_aggregate.py).
# Makes a venv with numpy, scipy and rliable from PyPI on first use (the
# product never needs them); arguments go to the script, e.g. --sweep DIR or
# --write-expected test/tools/Inputs/aggregate/expected.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
VENV="${OFEX_STATS_VENV:-$ROOT/build/venv-stats}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  # rliable 1.2 reaches arch, whose releases need a pandas older than 2.2.
  "$VENV/bin/pip" install -q numpy scipy rliable==1.2.0 "pandas<2.2"
fi
exec "$VENV/bin/python" "$ROOT/bench/check_aggregate.py" --ofex-report "$BUILD/bin/ofex-report" "$@"
