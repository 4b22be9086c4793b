# The README's two commands: `make demo` and `make test`.
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
MAKEFLAGS += --no-print-directory

.PHONY: deps configure build demo test unit asan tsan build-types fuzz conformance bench bench-compare clean

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The demo needs only the binary, not the tests and benchmarks. The quick start's data is
# loaded once: the local broker keeps it, so a later `make demo` opens the same catalog.
DEMO_CATALOG = $(BUILD)/demo-catalog.db
demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target riffle
	@if [ -e $(DEMO_CATALOG) ]; then $(BUILD)/riffle --catalog $(DEMO_CATALOG); \
	else $(BUILD)/riffle --catalog $(DEMO_CATALOG) -f examples/quickstart.sql --interactive; fi

test: build asan
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Unit tests and SQL scripts again under AddressSanitizer and UndefinedBehaviorSanitizer (each
# script once: sql.restart_jobs, every script again with restarts, runs in the plain build only).
asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRIFFLE_SANITIZE=ON -DRIFFLE_UNIT_ONLY=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|sql' -E sql.restart_jobs

# The same tests under ThreadSanitizer (README, Tests: what it covers and why it is not part of
# make test). halt_on_error: a report fails the test that raised it.
TSAN_ENV = TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan/suppressions.txt" \
  RIFFLE_SQLTEST_TIMEOUT_SCALE=4
# Not under TSan: the restart pass (make test runs it), and two single-threaded tests of deep
# AVRO schemas through avro-c that take more than 20 GB under TSan.
TSAN_SKIP = sql.restart_jobs|AvroSchemaTest.DeepColumnsMapBackToTheirTypes|AvroSchemaTest.SchemasAvroCCannotParseAreRefusedWhenDerived
tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIFFLE_SANITIZE=thread -DRIFFLE_UNIT_ONLY=ON >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	@cd $(TSAN_BUILD) && $(TSAN_ENV) ctest --output-on-failure -j $(JOBS) -L 'unit|sql' -E '$(TSAN_SKIP)'

# Every build type compiles with warnings as errors (GCC 12's -O3 has false positives that
# RelWithDebInfo's -O2 does not). Three full builds: not part of make test.
BUILD_TYPES ?= Debug Release MinSizeRel
build-types: deps
	@for t in $(BUILD_TYPES); do \
	  dir=build-$$(echo $$t | tr A-Z a-z); echo "== $$t in $$dir"; \
	  cmake -S . -B $$dir -DCMAKE_BUILD_TYPE=$$t >/dev/null && \
	  cmake --build $$dir -j $(JOBS) || exit 1; \
	done

# The fuzz tests under ASan/UBSan for longer than make test runs them, FUZZ_SECONDS per level:
# the broker's frames (in-process handlers, then TCP) and SQL statements (the front end, then
# the engine). FUZZ_SEED replays a failure; FUZZ=broker or FUZZ=statements runs one of them.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= $(shell date +%s)
FUZZ ?= broker statements
fuzz: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DRIFFLE_SANITIZE=ON -DRIFFLE_UNIT_ONLY=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target $(if $(filter broker,$(FUZZ)),unit_broker) \
	  $(if $(filter statements,$(FUZZ)),unit_engine)
	@$(if $(filter broker,$(FUZZ)),RIFFLE_FUZZ_SECONDS=$(FUZZ_SECONDS) RIFFLE_FUZZ_SEED=$(FUZZ_SEED) \
	  $(ASAN_BUILD)/tests/unit_broker --gtest_filter='BrokerFuzz.*',true)
	@$(if $(filter statements,$(FUZZ)),RIFFLE_FUZZ_SECONDS=$(FUZZ_SECONDS) RIFFLE_FUZZ_SEED=$(FUZZ_SEED) \
	  $(ASAN_BUILD)/tests/unit_engine --gtest_filter='StatementFuzz.*',true)

conformance: build
	@$(BUILD)/riffle-conformance

bench: build
	@$(BUILD)/bench/riffle-bench-kernels

# riffle beside DuckDB, chDB (npm, one thread), jq and a hand-written simdjson loop on 1M and
# 10M Nexmark bids (bench/compare/compare.py; files kept in $(BUILD)/bench-data). Options go in
# COMPARE, e.g. COMPARE=--quick (1M lines, 1 round) or COMPARE='--lines 10000000 --rounds 5'.
COMPARE ?=
bench-compare: build
	@python3 bench/compare/compare.py --riffle $(BUILD)/riffle \
	  --loop $(BUILD)/bench/riffle-bench-json-loop --data $(BUILD)/bench-data $(COMPARE)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) build-debug build-release build-minsizerel
