# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
BUILD ?= build
JOBS ?= 2

ASAN_BUILD ?= build-asan

.PHONY: deps build demo test unit unit-asan e2e clean

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD) -j$(JOBS) wharf wharf_unit_tests wharf_test_postgres wharf_scale_tests

demo: build
	@bash examples/demo.sh

unit: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# STYLE.md: the unit tests also run under AddressSanitizer and UndefinedBehaviorSanitizer.
# Built with clang: it compiles the sanitized, unoptimised code in half the time g++ takes
# (3 against 6 minutes on two cores), and a second compiler's warnings are a second review.
# The release build stays on g++, the compiler the benchmarks measure.
ASAN_CXX ?= clang++-14
unit-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWHARF_SANITIZE=ON \
	  -DCMAKE_CXX_COMPILER=$(ASAN_CXX) >/dev/null
	@ninja -C $(ASAN_BUILD) -j$(JOBS) wharf_unit_tests wharf_test_postgres
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j$(JOBS) -LE scale

e2e: build
	@bash tests/e2e/run_all.sh

test: unit unit-asan e2e

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
