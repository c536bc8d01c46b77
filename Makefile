# Thin wrapper over CMake/Ninja: every target installs missing Debian
# packages, configures and builds first, so a fresh machine needs nothing else.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build check check-sanitize fuzz fuzz-build demo clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	ninja -C $(BUILD)

check: build
	@bash scripts/test-venv.sh $(BUILD)
	cd $(BUILD) && ctest --output-on-failure --timeout 1800
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# Every test again on a build with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails its test (UBSan halts). alloc_dealloc_mismatch=0: GCC 12's
# std::stable_sort returns its temporary buffer in a way ASan misreads as a
# new/free mismatch. LeakSanitizer is on: what libgomp and oneDNN cache until
# exit stays reachable, so it reports only memory nothing points to any more.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer

check-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOFEX_WITH_PYTHON=OFF \
	  -DCMAKE_CXX_FLAGS="$(SANITIZE_FLAGS)" \
	  -DCMAKE_EXE_LINKER_FLAGS="$(SANITIZE_FLAGS)" \
	  -DCMAKE_SHARED_LINKER_FLAGS="$(SANITIZE_FLAGS)"
	ninja -C $(SANITIZE_BUILD)
	cd $(SANITIZE_BUILD) && \
	  ASAN_OPTIONS=detect_leaks=1:alloc_dealloc_mismatch=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure --timeout 1800

# Coverage-guided fuzzing with libFuzzer: a clang-16 build of the fuzz
# targets (fuzz/) with AddressSanitizer and UBSan, each target run for
# FUZZ_SECONDS, FUZZ_JOBS at a time (scripts/fuzz.sh). `make check` runs
# every target for CHECK_FUZZ_SECONDS; the README reports longer runs.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
CHECK_FUZZ_SECONDS ?= 15
FUZZ_TARGETS ?= fuzz-ir fuzz-theta-json fuzz-train-ini fuzz-checkpoint fuzz-replay
# -fno-sanitize-recover: undefined behaviour stops the fuzzer whatever
# UBSAN_OPTIONS say. (NDEBUG stays: Debian's libLLVM/libMLIR are release
# builds, and their headers' debug-only members must match them.)
FUZZ_FLAGS = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
	  -DOFEX_FUZZ_ENGINE=libfuzzer -DOFEX_WITH_EXECUTOR=OFF \
	  -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
	ninja -C $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz: fuzz-build
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ASAN_OPTIONS=alloc_dealloc_mismatch=0 \
	  bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)

demo: build
	@bash scripts/demo.sh $(BUILD)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
