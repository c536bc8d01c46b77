#!/usr/bin/env bash
# The venv with onnx and onnxruntime (PyPI) that the deploy.onnx tests run
# under (test/tools/ofex-train-onnx-runtime.test; lit's `onnxruntime`
# feature). ofex itself never needs them. Without network access the venv is
# not made and those tests report UNSUPPORTED; this script says so.
#   scripts/onnx-venv.sh BUILD_DIR
set -uo pipefail
venv="${1:?usage: scripts/onnx-venv.sh BUILD_DIR}/venv-onnx"
if [ -x "$venv/bin/python" ] &&
  "$venv/bin/python" -c 'import onnx, onnxruntime, numpy' 2> /dev/null; then
  exit 0
fi
rm -rf "$venv"
if python3 -m venv "$venv" &&
  "$venv/bin/pip" install -q --disable-pip-version-check onnx onnxruntime numpy; then
  echo "onnx-venv: $venv ready"
else
  rm -rf "$venv"
  echo "onnx-venv: warning: no venv with onnxruntime (no network?); the deploy.onnx runtime tests will be UNSUPPORTED" >&2
fi
