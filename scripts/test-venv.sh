#!/usr/bin/env bash
# The venv of the tests that check ofex against Python packages from PyPI
# (ofex itself never needs them): onnx and onnxruntime for deploy.onnx
# (test/tools/ofex-train-onnx-runtime.test), numpy and gymnasium for the
# Python bindings (test/python/bindings.test). lit's features `onnxruntime`
# and `pyvenv` follow it. The venv's interpreter is the one the bindings were
# built for (PYTHON_EXECUTABLE in the build's CMake cache), so the extension
# module loads in it. Without network access the venv is not made and those
# tests report UNSUPPORTED; this script says so.
#   scripts/test-venv.sh BUILD_DIR
set -uo pipefail
build="${1:?usage: scripts/test-venv.sh BUILD_DIR}"
venv="$build/venv-test"
packages=(onnx onnxruntime numpy gymnasium==0.29.1)
python=$(sed -n 's/^PYTHON_EXECUTABLE:FILEPATH=//p' "$build/CMakeCache.txt" 2> /dev/null)
python="${python:-python3}"
if [ -x "$venv/bin/python" ] &&
  [ "$("$venv/bin/python" -c 'import sys; print(sys.version_info[:2])')" = \
    "$("$python" -c 'import sys; print(sys.version_info[:2])')" ] &&
  "$venv/bin/python" -c 'import onnx, onnxruntime, numpy, gymnasium' 2> /dev/null; then
  exit 0
fi
rm -rf "$venv"
if "$python" -m venv "$venv" &&
  "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"; then
  echo "test-venv: $venv ready ($python)"
else
  rm -rf "$venv"
  echo "test-venv: warning: no venv with ${packages[*]} (no network?); the tests that need them will be UNSUPPORTED" >&2
fi
