# Granary — the two commands a newcomer needs:
#   make run    install what is missing, build, initialise ./data if absent, start the server
#   make test   the same set-up, then the whole test suite through ctest
# and for the longer runs:
#   make crash-test   kill-and-recover loop of $(KILLS) crashes (tests/crash/), not in CI
#   make test-1gib    store and read back a 1 GiB value (about 10 GB of memory), not in CI
#   make bench        commit latency/throughput against PostgreSQL 15 (bench/commit_bench.sh)
#   make bench-portal / make bench-tpch  a portal read mix / TPC-H Q1, Q3, Q6 against PostgreSQL 15
#   make vacuum-long  a 100-row table updated 1,000,000 times stays small (VACUUM, autovacuum)
#   make test-tsan    the concurrency unit tests under ThreadSanitizer (build/tsan/)
#   make concurrency-long  64 threads x 10,000 bank transfers keep their total, not in CI
#   make differential-long  $(DIFF_QUERIES) random queries on Granary and PostgreSQL 15, compared
#
# Builds use CMake presets with Ninja and ccache (build/<preset>/). `make test` runs the
# release (RelWithDebInfo, -O2 with assertions kept) build: the storage tests load a million
# rows through a tiny buffer pool, which takes minutes at -O0 under sanitizers; the
# sanitizer build has its own target, `make test-asan`.
PRESET ?= release
# Clones at different paths share one ccache (paths under the clone are hashed relative).
export CCACHE_BASEDIR := $(CURDIR)
BUILD_DIR := build/$(PRESET)
DATA ?= data
JOBS ?= $(shell nproc)
KILLS ?= 60
CRASH_SEED ?= $(shell date +%s)
DIFF_QUERIES ?= 20000

.PHONY: pg-regress all setup configure build run test test-asan test-tsan test-1gib conformance crash-test vacuum-long concurrency-long differential-long bench bench-portal bench-tpch format clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@[ -d $(DATA) ] || $(BUILD_DIR)/tools/granary init -D $(DATA)
	@exec $(BUILD_DIR)/tools/granary serve -D $(DATA)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

# The multi-threaded unit tests (lock manager, row locks, sessions on several threads) built
# with ThreadSanitizer. tests/tsan.supp lists the reports proven false, each with its reason.
TSAN_TESTS := "[concurrency],[rowlocks],[lock],[foreign_keys]"
test-tsan:
	@$(MAKE) --no-print-directory configure PRESET=tsan
	@cmake --build build/tsan -j $(JOBS) --target unit_engine unit_storage
	@export TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1"; \
		build/tsan/tests/unit_storage $(TSAN_TESTS) && build/tsan/tests/unit_engine $(TSAN_TESTS)

# The bank-transfer invariant at full size: 64 threads x 10,000 transactions, plain and with
# SELECT ... FOR UPDATE (tests/unit/engine/concurrency_test.cpp; ctest runs a short version).
concurrency-long: build
	@GRANARY_CONCURRENCY_THREADS=64 GRANARY_CONCURRENCY_TRANSACTIONS=10000 \
		$(BUILD_DIR)/tests/unit_engine "[bank]"

# The largest value there can be (1 GiB - 5 bytes), through the embedded API and a reopen;
# a hidden Catch test, so `make test` skips it. Prints timings and the peak memory.
test-1gib: build
	@/usr/bin/time -f "peak memory %M KiB, wall %e s" $(BUILD_DIR)/tests/unit_engine "[.1gib]"

# The shared sqllogictest corpus (120k records; a few minutes): prints a table per file.
conformance: build
	@tests/conformance/run_slt.sh $(BUILD_DIR) ../shared/conformance/slt

# The PostgreSQL regression files (a few minutes): one line per test, diffs in
# /tmp/granary_pg_regress. Not part of `make test`: most files do not pass yet.
pg-regress: build
	@tests/conformance/run_pg_regress.sh $(BUILD_DIR) ../shared/conformance/pg_regress

crash-test: build
	@python3 tests/crash/crash_driver.py --workload $(BUILD_DIR)/tests/crash/crash_workload \
		--granary $(BUILD_DIR)/tools/granary --kills $(KILLS) --seed $(CRASH_SEED)

vacuum-long: build
	@$(BUILD_DIR)/tests/unit_engine "[.vacuum-long]"

# Random schemas, data and queries on Granary and a PostgreSQL 15 it starts itself; prints the
# random seeds, and every difference shrunk and as a sqllogictest record (tests/differential/).
# Seeds of a previous run: make differential-long DIFF_ARGS="--seeds 123-789".
differential-long: build
	@/usr/bin/python3 tests/differential/difftest.py $(BUILD_DIR)/tools/granary \
		--queries $(DIFF_QUERIES) --max-differences 50 $(DIFF_ARGS)

bench: build
	@bench/commit_bench.sh --build $(BUILD_DIR)

# The portal read mix and TPC-H Q1/Q3/Q6 against PostgreSQL 15 (bench/README.md); not in CI.
bench-portal: build
	@bench/portal/portal_bench.sh --build $(BUILD_DIR) $(PORTAL_ARGS)

bench-tpch: build
	@bench/tpch/tpch_bench.sh --build $(BUILD_DIR) $(TPCH_ARGS)

format:
	@git ls-files '*.cpp' '*.hpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf build
