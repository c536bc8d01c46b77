# lit configuration of the ofex tests: IR tests through ofex-opt and tool
# tests through ofexc / ofex-env, checked with FileCheck.
import os

import lit.formats

config.name = "ofex"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "unit", "Inputs", "golden", "CMakeLists.txt"]
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

# Python packages from PyPI (in the venv `make check` creates in the build
# directory, scripts/test-venv.sh; ofex never needs them): onnxruntime for
# the exported deploy.onnx, numpy and gymnasium for the Python bindings.
venv_python = os.path.join(config.ofex_obj_root, "venv-test", "bin", "python")
def venv_has(modules):
    return os.path.exists(venv_python) and os.system(
        venv_python + " -c 'import " + ", ".join(modules) + "' > /dev/null 2>&1") == 0
if venv_has(["onnx", "onnxruntime", "numpy"]):
    config.available_features.add("onnxruntime")
# The bindings: the extension module is built for the python3 CMake found,
# the venv's interpreter is the same one.
if venv_has(["numpy", "gymnasium"]) and os.path.isdir(
        os.path.join(config.ofex_obj_root, "python", "ofex")):
    config.available_features.add("pyvenv")
config.substitutions.append(("%venv_python", venv_python))
config.substitutions.append(("%onnx_python", venv_python))
config.substitutions.append(("%ofex_python", os.path.join(config.ofex_obj_root, "python")))
config.substitutions.append(("%bench", os.path.join(
    config.test_source_root, "..", "bench")))

# bf16 matmuls (--precision bf16) run only on CPUs with AVX-512 BF16.
try:
    with open("/proc/cpuinfo") as f:
        if " avx512_bf16" in f.read():
            config.available_features.add("avx512-bf16")
except OSError:
    pass

# The byte-identity check of ofex-train's results (test/golden/golden.py)
# keeps its hashes per CPU: it runs where this CPU's were recorded.
golden = os.path.join(config.test_source_root, "golden", "golden.py")
if os.system(sys.executable + " " + golden + " --has-golden") == 0:
    config.available_features.add("golden-cpu")
config.substitutions.append(("%golden", golden))
config.substitutions.append(("%ofex_bin", config.ofex_tools_dir))
