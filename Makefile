# Thin wrapper over CMake/Ninja: every target installs missing Debian
# packages, configures and builds first, so a fresh machine needs nothing else.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build check check-sanitize demo clean format

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	ninja -C $(BUILD)

check: build
	cd $(BUILD) && ctest --output-on-failure

# Every test again on a build with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails its test (UBSan halts). alloc_dealloc_mismatch=0: GCC 12's
# std::stable_sort returns its temporary buffer in a way ASan misreads as a
# new/free mismatch. LeakSanitizer is on: what libgomp and oneDNN cache until
# exit stays reachable, so it reports only memory nothing points to any more.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer

check-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS="$(SANITIZE_FLAGS)" \
	  -DCMAKE_EXE_LINKER_FLAGS="$(SANITIZE_FLAGS)" \
	  -DCMAKE_SHARED_LINKER_FLAGS="$(SANITIZE_FLAGS)"
	ninja -C $(SANITIZE_BUILD)
	cd $(SANITIZE_BUILD) && \
	  ASAN_OPTIONS=detect_leaks=1:alloc_dealloc_mismatch=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure

demo: build
	@bash scripts/demo.sh $(BUILD)

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD)
