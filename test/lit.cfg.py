# lit configuration of the ofex tests: IR tests through ofex-opt and tool
# tests through ofexc / ofex-env, checked with FileCheck.
import os

import lit.formats

config.name = "ofex"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "unit", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ofex_obj_root, "test")

# Our tools first, then FileCheck, not and count from llvm-16-tools.
path = os.pathsep.join([config.ofex_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", "")])
config.environment["PATH"] = path
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
# Helper scripts of tool tests run with the interpreter lit runs on.
import sys
config.substitutions.append(("%python", sys.executable))
# The task models, for tests that run a modified copy of one.
config.substitutions.append(("%ofex_models", os.path.join(
    config.test_source_root, "..", "runtime", "envs", "models")))
# A tool's path, for helper scripts that start it themselves.
config.substitutions.append(("%ofex_train", os.path.join(config.ofex_tools_dir, "ofex-train")))

# onnxruntime (from PyPI, in the venv `make check` creates in the build
# directory; ofex never needs it): tests that run the exported deploy.onnx.
onnx_python = os.path.join(config.ofex_obj_root, "venv-onnx", "bin", "python")
if os.path.exists(onnx_python) and os.system(
        onnx_python + " -c 'import onnx, onnxruntime, numpy' > /dev/null 2>&1") == 0:
    config.available_features.add("onnxruntime")
    config.substitutions.append(("%onnx_python", onnx_python))
config.substitutions.append(("%bench", os.path.join(
    config.test_source_root, "..", "bench")))
