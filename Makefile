# Thin wrapper over CMake. `make run` and `make test` work on a fresh Debian 12 machine:
# they install any missing Debian package first (as root, or through sudo).
BUILD_DIR  ?= build
BUILD_TYPE ?= Release
JOBS       ?= $(shell nproc)
CMAKE_ARGS ?=
SCENARIO   ?= scenarios/examples/growing_shop.json
OUT_DIR    ?= out/plan
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 60

DEBIAN_PACKAGES := cmake make g++ libeigen3-dev libboost-dev nlohmann-json3-dev libcli11-dev doctest-dev
FUZZ_PACKAGES   := clang libclang-rt-14-dev
# The browser check of report.html (fonts are only a "recommends" of chromium).
BROWSER_PACKAGES  := chromium fonts-dejavu-core
NOTEBOOK_PACKAGES := python3-matplotlib python3-pandas jupyter-nbconvert python3-nbformat python3-ipykernel
# The benchmark's comparison model (tests/bench/mm1_simpy.py).
BENCH_PACKAGES    := python3-simpy
# Options of the benchmark driver, e.g. BENCH_ARGS="--repeats 9 --only mm1".
BENCH_ARGS ?=

.PHONY: all deps browser-deps configure configure-sanitize build run test test-sanitize fuzz notebooks bench format clean
all: build

# $(call ensure_packages,PACKAGES): installs whichever of the Debian PACKAGES is missing
# (as root, or through sudo).
define ensure_packages
@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "Installing missing Debian packages:$$missing"; \
  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
  $$sudo apt-get update -qq && \
  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
fi
endef

# $(call run_fuzzer,FUZZER,CORPUS,OPTIONS): runs FUZZER for FUZZ_SECONDS on a scratch copy of
# tests/fuzz/corpus/CORPUS (the checked-in seeds are never modified; what the fuzzer finds
# stays in $(SANITIZE_DIR)/corpus/CORPUS for the next run). A crash, a sanitizer report or an
# input taking over 10 s fails, leaving the input in $(SANITIZE_DIR)/artifacts/.
define run_fuzzer
mkdir -p $(SANITIZE_DIR)/corpus/$(2) $(SANITIZE_DIR)/artifacts
cp tests/fuzz/corpus/$(2)/* $(SANITIZE_DIR)/corpus/$(2)/
./$(SANITIZE_DIR)/tests/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
  -artifact_prefix=$(SANITIZE_DIR)/artifacts/$(1)- $(3) $(SANITIZE_DIR)/corpus/$(2)
endef

deps:
	$(call ensure_packages,$(DEBIAN_PACKAGES))

# Optional: without chromium the browser test of report.html reports SKIPPED.
browser-deps:
	$(call ensure_packages,$(BROWSER_PACKAGES))

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The main job: the month-by-month capacity plan of the default scenario.
run: build
	./$(BUILD_DIR)/app/capsim plan $(SCENARIO) --out $(OUT_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# One sanitizer build serves the sanitizer pass and the fuzzers: clang at -O1 (no debug
# information: reports name functions, not lines; it compiles 15% faster) with
# assertions on, AddressSanitizer and UBSan (any report is fatal), and libFuzzer's coverage
# hooks. -O1 compiles several times faster than -O2 -g under the sanitizers and still inlines.
# It leaves out the benchmarks, and the validation tests unless SANITIZE_VALIDATION=ON.
SANITIZE_VALIDATION ?= OFF
SANITIZE_CMAKE_ARGS := -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1" -DCAPSIM_SANITIZE=ON -DCAPSIM_FUZZ=ON \
  -DCAPSIM_VALIDATION_TESTS=$(SANITIZE_VALIDATION) -DCAPSIM_BENCHMARKS=OFF

configure-sanitize: deps
	$(call ensure_packages,$(FUZZ_PACKAGES))
	@cmake -S . -B $(SANITIZE_DIR) $(SANITIZE_CMAKE_ARGS) $(CMAKE_ARGS) >/dev/null

# The sanitizer pass: every unit, CLI and browser test under ASan and UBSan; with
# SANITIZE_VALIDATION=ON the validation tests too. Those are statistical simulations through
# the engine code the unit tests already drive: sanitized they take about 4 minutes to run
# and 3 to compile on 2 cores, more than CI's 30 minutes leave, so CI runs them unsanitized.
test-sanitize: configure-sanitize
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

# libFuzzer (in the sanitizer build): the scenario loader and the unit parsers, FUZZ_SECONDS
# each.
fuzz: configure-sanitize
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target fuzz_scenario_loader fuzz_units
	$(call run_fuzzer,fuzz_scenario_loader,scenario,-dict=tests/fuzz/scenario.dict)
	$(call run_fuzzer,fuzz_units,units,)

# Executes every notebook in notebooks/ against this build (the committed files stay unchanged).
notebooks: build
	$(call ensure_packages,$(NOTEBOOK_PACKAGES))
	CAPSIM=$(BUILD_DIR)/app/capsim notebooks/run_all.sh

# The benchmark suite (tests/bench): prints its table and writes $(BUILD_DIR)/bench.json.
bench: build
	$(call ensure_packages,$(BENCH_PACKAGES))
	./$(BUILD_DIR)/tests/bench/capsim_bench $(BENCH_ARGS)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD_DIR)
