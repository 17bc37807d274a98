# pricemath: PGXS build plus the project's test, demo and bench entry points.
#
#   make            build the extension        make test   every test, on a throwaway cluster
#   make install    install it                 make demo   the demo job on a throwaway cluster
#   make unit       core unit tests only       make bench  benchmarks against the peers
#   make fuzz-check core fuzz targets, short   make fuzz   each fuzz target for FUZZ_SECONDS
#   make bench-citus  vec_sum on a Citus distributed table against a local one (needs ../shared/citus)

EXTENSION = pricemath
MODULE_big = pricemath

# The version is written in one place: default_version in pricemath.control.
# The library reports it (pricemath.version(), through PRICEMATH_VERSION below;
# src/pricemath.o is rebuilt when the control file changes), and META.json
# must carry the same: meta-check, part of every build, fails when it does not.
# (Not named VERSION: PGXS uses that for PostgreSQL's own version.)
EXTVERSION := $(shell sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" pricemath.control)
ifeq ($(EXTVERSION),)
$(error pricemath.control has no default_version line of the form default_version = 'X.Y.Z')
endif

CORE_SRCS = $(wildcard src/core/*.c)
GLUE_SRCS = $(wildcard src/*.c)
OBJS = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)
DATA = $(wildcard sql/pricemath--*.sql)

REGRESS = version arithmetic rounding reductions errors pricing pricing_properties allocation tiers contracts migration aggregates agg_states job_definitions job_api job_privileges job_plpgsql_check check_contracts billing_tiers tier_cache rules2 readme internal_schema resolution endings price_lanes nasty
REGRESS_OPTS = --load-extension=pricemath

# The test "readme" runs README.md's examples: test/readme/extract.py writes
# sql/readme.sql and expected/readme.out from it before every pg_regress run
# (PGXS runs REGRESS_PREP first), so the test always matches the README.
# test_extract.py checks the generator itself first (silent when it passes).
# The rule comes after the PGXS include, so that plain `make` still builds.
PYTHON3 ?= /usr/bin/python3
REGRESS_PREP = readme-test nasty-check

# The test "nasty" calls every pricemath function and aggregate in the catalog
# with every nasty value of each argument.  test/nasty/generate writes
# sql/nasty.sql (committed, with expected/nasty.out) from the catalog and
# test/nasty/manifest; nasty-check, run before every pg_regress run, fails
# when a function has no manifest entry or the committed file is not what the
# generator writes now.  The 10M-element cases of most functions are in
# nasty_big, part of make stress (nasty-stress).

PG_CONFIG ?= pg_config

# Our code compiles warning-free, portably (no -march=native), without
# fast-math and without contracting a * b + c into one fused multiply-add
# (GCC's default for GNU C where the CPU has one, as on arm64): each
# floating-point operation rounds once, so results must not depend on the
# CPU or the compiler.
PG_CPPFLAGS = -I$(srcdir)/src -DPRICEMATH_VERSION=\"$(EXTVERSION)\"
PG_CFLAGS = -std=gnu99 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-sign-compare -fno-fast-math -ffp-contract=off

# Debian's PGXS is configured with_llvm=yes, which would also build and
# install LLVM bitcode for JIT inlining.  pricemath's functions are called
# through fmgr and gain nothing from inlining, so we build without it and
# need no clang/llvm toolchain (only the fuzz targets below use clang).
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else
all install installcheck:
	@echo "pg_config not found: run test/pg/bootstrap first (make test and make demo run it)" >&2; exit 1
endif

.PHONY: readme-test
readme-test:
	$(PYTHON3) test/readme/test_extract.py
	$(PYTHON3) test/readme/extract.py

.PHONY: nasty-check nasty-stress
nasty-check:
	$(PYTHON3) test/nasty/generate --check

# The 10M-element case of every function (expected/nasty_big.out), plain and
# with force_parallel_mode.
NASTY_BIG_RUN = make -s installcheck REGRESS=nasty_big || { cat regression.diffs; exit 1; }
nasty-stress: all
	test/pg/bootstrap
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && test/pg/cluster run -- sh -c \
		"$(NASTY_BIG_RUN); PGOPTIONS=\"-c force_parallel_mode=regress\" $(NASTY_BIG_RUN)"'

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
UNIT_CC ?= gcc
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The core must build with no PostgreSQL headers in reach.
.PHONY: core-purity
core-purity:
	@for f in $(CORE_SRCS); do \
		$(UNIT_CC) -std=gnu99 -Wall -Wextra -Werror -fsyntax-only -I src/core $$f || exit 1; \
		if grep -nE '#include *[<"](postgres|fmgr|c|utils/|catalog/)' $$f src/core/*.h; then \
			echo "src/core must not include PostgreSQL headers" >&2; exit 1; fi; \
	done

all: core-purity meta-check

# The library's version comes from the control file, so its object does too.
src/pricemath.o: pricemath.control

# Debian's PGXS tracks no header dependencies (that needs --enable-depend), so
# a change to a header alone would leave objects built against the old one
# and a library that mixes both.  Every object depends on every header: the
# static inline hot paths live in headers, and a full rebuild takes seconds.
$(OBJS): $(wildcard src/*.h src/core/*.h)

# The check of that rule, part of make test: with a header taken as changed
# (make -W), every object must be out of date (make -q exits 1).
.PHONY: header-deps-check
header-deps-check: all
	@for h in src/pm_numeric.h src/core/pm_numfmt.h; do for o in $(OBJS); do \
		if $(MAKE) -s -q -W $$h $$o; then echo "$$o is not rebuilt when $$h changes" >&2; exit 1; fi; \
	done; done

# META.json's "version" and the version of each extension it provides must be
# the control file's default_version (PGXN reads META.json, PostgreSQL the
# control file).
.PHONY: meta-check
meta-check:
	@$(PYTHON3) -c 'import json, sys; want = sys.argv[1]; meta = json.load(open("META.json")); \
		got = [("version", meta.get("version"))] + \
			[("provides." + k + ".version", v.get("version")) for k, v in meta.get("provides", {}).items()]; \
		bad = ["META.json: %s is %s, but pricemath.control has default_version = %s" % (k, json.dumps(v), want) \
			for k, v in got if v != want]; \
		sys.exit("\n".join(bad) or None)' '$(EXTVERSION)'

UNIT_SRCS = $(wildcard test/unit/*.c)

test/unit/unit_tests: $(UNIT_SRCS) test/unit/pm_test.h $(CORE_SRCS) $(wildcard src/core/*.h)
	$(UNIT_CC) -std=gnu99 -O1 -g -Wall -Wextra -Werror -ffp-contract=off $(SANITIZE) -I src/core -I test/unit \
		-o $@ $(UNIT_SRCS) $(CORE_SRCS) -lm

.PHONY: unit test test-all demo demo-stop bench
unit: core-purity test/unit/unit_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 test/unit/unit_tests

# libFuzzer targets, one per test/fuzz/fuzz_*.c, built with clang, ASan and
# UBSan from the core sources alone (no PostgreSQL headers).  fuzz-check
# replays each target's seeds (test/fuzz/corpus/<target>/) and then runs
# FUZZ_RUNS inputs from a fixed seed, so it is quick and repeatable; fuzz runs
# each target for FUZZ_SECONDS.  New inputs go to a scratch corpus under
# test/fuzz/build/, never into the committed seeds.
FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 50000
FUZZ_BUILD = test/fuzz/build
FUZZ_TARGETS = $(patsubst test/fuzz/%.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_CFLAGS = -std=gnu99 -O1 -g -Wall -Wextra -Werror -ffp-contract=off -I src/core \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CORE_OBJS = $(CORE_SRCS:src/core/%.c=$(FUZZ_BUILD)/core/%.o)

$(FUZZ_BUILD)/core/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz.h $(FUZZ_CORE_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE_OBJS) -lm

# The aggregate states' targets share their reference reader.
$(FUZZ_BUILD)/fuzz_vec_state $(FUZZ_BUILD)/fuzz_index_state: test/fuzz/fuzz_state.h

# $(call fuzz_run,OPTIONS,SCRATCH): each target with OPTIONS over the scratch
# corpus SCRATCH/<target> and its seeds; on a failure, the log's end and the
# input that failed (saved as $(FUZZ_BUILD)/<target>-crash-*).
fuzz_run = for t in $(FUZZ_TARGETS); do \
		mkdir -p $(2)/$$t; \
		if UBSAN_OPTIONS=print_stacktrace=1 $(FUZZ_BUILD)/$$t $(1) -artifact_prefix=$(FUZZ_BUILD)/$$t- \
			$(2)/$$t test/fuzz/corpus/$$t >$(FUZZ_BUILD)/$$t.log 2>&1; then \
			echo "$$t: $$(ls test/fuzz/corpus/$$t | wc -l) seeds replayed;" \
				"$$(grep '^Done' $(FUZZ_BUILD)/$$t.log)"; \
		else \
			tail -n 40 $(FUZZ_BUILD)/$$t.log; echo "$$t: FAILED, see $(FUZZ_BUILD)/$$t.log" >&2; exit 1; \
		fi; \
	done

.PHONY: fuzz fuzz-build fuzz-check
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

fuzz-check: fuzz-build
	@rm -rf $(FUZZ_BUILD)/check
	@$(call fuzz_run,-runs=$(FUZZ_RUNS) -seed=1,$(FUZZ_BUILD)/check)

fuzz: fuzz-build
	@$(call fuzz_run,-max_total_time=$(FUZZ_SECONDS),$(FUZZ_BUILD)/corpus)

# Part of make stress: each fuzz target for 10 minutes, one after another.
.PHONY: fuzz-stress
fuzz-stress:
	$(MAKE) fuzz FUZZ_SECONDS=600

# Static analysis, part of make test; any finding fails it.  scan-build
# (clang's analyzer) wraps a full build of a scratch copy under
# $(ANALYZE_BUILD), so the tree keeps its objects and the flags are the real
# build's (ccc-analyzer compiles with gcc and analyzes with clang).  cppcheck
# reads src/ and src/core/ as gcc on x86-64 Linux would (the -D flags, else
# it stops at c.h's and pm_decimal.h's #error); findings inside PostgreSQL's
# headers are not ours to fix.  A false positive carries an inline
# "cppcheck-suppress <id> ; why" comment.  Style checks are left out: they
# ask for C99 block-scoped declarations and flag PostgreSQL's own idioms.
SCAN_BUILD ?= scan-build-14
CPPCHECK ?= cppcheck
ANALYZE_BUILD = tmp_analyze
CPPCHECK_FLAGS = -q --std=c99 --platform=unix64 --enable=warning,portability,performance \
	--error-exitcode=1 --inline-suppr --suppress=missingIncludeSystem --suppress='*:/usr/include/*' \
	-D__GNUC__=12 -D__x86_64__ -D__linux__ -D__SIZEOF_INT128__=16 -DPRICEMATH_VERSION='"analyze"' \
	-I src -I src/core -I $(includedir_server)

.PHONY: analyze
analyze:
	@rm -rf $(ANALYZE_BUILD) && mkdir -p $(ANALYZE_BUILD)
	@cp -R Makefile pricemath.control META.json src $(ANALYZE_BUILD)/
	@find $(ANALYZE_BUILD)/src \( -name '*.o' -o -name '*.bc' \) -delete
	cd $(ANALYZE_BUILD) && $(SCAN_BUILD) --status-bugs --use-cc=$(CC) -o report \
		sh -c '$(MAKE) -s CC="$$CC" all'
	$(CPPCHECK) $(CPPCHECK_FLAGS) src src/core
	@rm -rf $(ANALYZE_BUILD)

test:
	test/pg/bootstrap
	$(MAKE) test-all

# Installing and testing hold one lock, so that two checkouts (git worktrees)
# on one machine never test each other's installed build.
INSTALL_LOCK ?= /tmp/pricemath-install.lock
LOCKED = flock $(INSTALL_LOCK)

# A prebuilt Citus for test/t/007_citus.pl and make bench-citus sits in
# ../shared next to the checkout on the project's machines and in CI (users'
# machines have none, and the test skips).  The path is the checkout's
# sibling wherever the clone lives (make runs in the checkout).
CITUS_INSTALL = $(CURDIR)/../shared/citus/install
INSTALL_CITUS = if [ -e "$(CITUS_INSTALL)" ]; then $(SUDO) "$(CITUS_INSTALL)"; fi

test-all: unit fuzz-check header-deps-check analyze
	$(MAKE) all
	$(LOCKED) $(MAKE) test-server
	$(MAKE) sanitize-check

.PHONY: test-server
test-server:
	@$(INSTALL_CITUS)
	$(SUDO) $(MAKE) install
	test/pg/cluster run -- sh -c 'test/pg/regress && test/oracle/run'
	$(MAKE) sqlsmith-run
	test/pg/tap

# The glue under AddressSanitizer and UBSan inside a real server: pricemath.so
# built with $(SANITIZE) in a copy of the sources (build/sanitize, so the
# tree's objects stay as they are), installed only while the lock is held,
# with every server test run against it; test/pg/sanitize preloads the
# sanitizer runtimes into every server, fails on any report and always
# reinstalls the normal build.  SANITIZE_SUITES picks the suites.
SANITIZE_BUILD = build/sanitize
SANITIZE_SUITES ?= regress oracle tap

.PHONY: sanitize-build sanitize-check
sanitize-build:
	rm -rf $(SANITIZE_BUILD) && mkdir -p $(SANITIZE_BUILD)
	cp -a Makefile pricemath.control META.json src sql $(SANITIZE_BUILD)/
	find $(SANITIZE_BUILD) -name '*.o' -delete
	$(MAKE) -s -C $(SANITIZE_BUILD) all COPT='$(SANITIZE)'

sanitize-check: all sanitize-build
	@$(INSTALL_CITUS)
	$(LOCKED) test/pg/sanitize $(SANITIZE_BUILD)/pricemath.so $(SANITIZE_SUITES)

# The core's unit tests once more, built without sanitizers (which valgrind
# cannot run under), under valgrind's memcheck: 0 errors, no leaks.  Without
# the sanitizers, gcc -O1 warns "may be used uninitialized" where a test goes
# on after a failed CHECK; valgrind checks every real use at run time instead.
.PHONY: unit-valgrind
unit-valgrind: core-purity
	$(UNIT_CC) -std=gnu99 -O1 -g -Wall -Wextra -Werror -Wno-maybe-uninitialized -I src/core -I test/unit \
		-o test/unit/unit_tests_valgrind $(UNIT_SRCS) $(CORE_SRCS) -lm
	valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		test/unit/unit_tests_valgrind >test/unit/unit_tests_valgrind.log
	@tail -n 1 test/unit/unit_tests_valgrind.log

# The long checks, outside make test (test/RELIABILITY.md gives their
# figures), the quick ones first: about 2.5 hours on 2 cores, most of it the
# fuzz targets' 10 minutes each.
.PHONY: stress
stress: unit-valgrind crash-stress concurrency-stress cancel-stress nasty-stress sqlsmith-stress fuzz-stress

# sqlsmith's random SQL against pricemath on a throwaway cluster, as an
# unprivileged role (test/pg/sqlsmith): no backend may crash and pricemath may
# raise no internal error (XX000).  sqlsmith-run expects the build installed
# (test-server runs it under the lock); sqlsmith-check installs first;
# sqlsmith-stress, part of make stress, runs 100,000 queries over 10 seeds.
SQLSMITH_QUERIES ?= 1000
SQLSMITH_SEEDS ?= 1,2,3,4,5
.PHONY: sqlsmith-run sqlsmith-check sqlsmith-stress
sqlsmith-run:
	test/pg/cluster run -- test/pg/sqlsmith --queries $(SQLSMITH_QUERIES) --seeds $(SQLSMITH_SEEDS)

sqlsmith-check: all
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && $(MAKE) sqlsmith-run'

sqlsmith-stress: all
	test/pg/bootstrap
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && test/pg/cluster run -- \
		test/pg/sqlsmith --queries 10000 --seeds 101,102,103,104,105,106,107,108,109,110 --jobs 2'

# Crash safety (test/t/012_crash.pl, in make test with one round): the
# postmaster stopped with pg_ctl stop -m immediate half way through an apply
# stage over 100,000 rows and half way through a revert, CRASH_ROUNDS times.
CRASH_ROUNDS ?= 5
.PHONY: crash-stress
crash-stress: all
	test/pg/bootstrap
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && PM_CRASH_ROUNDS=$(CRASH_ROUNDS) test/pg/tap 012_crash.pl'

# test/t/011_concurrency.pl (pgbench: 8 clients of repricing UPDATEs, run_job
# calls and aggregate readers) runs 10 s in make test; concurrency-stress,
# part of make stress, runs it for CONCURRENCY_SECONDS.
CONCURRENCY_SECONDS ?= 60
.PHONY: concurrency-stress
concurrency-stress: all
	test/pg/bootstrap
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && PM_CONCURRENCY_SECONDS=$(CONCURRENCY_SECONDS) test/pg/tap 011_concurrency.pl'

# Cancellation and memory at issue 14's sizes (test/t/010_cancel.pl, whose
# short form runs in make test with the other TAP tests): 100M float8 and
# 10M numeric elements, 10M rows, then 1,000 cancelled calls in one session.
.PHONY: cancel-stress
cancel-stress: all
	test/pg/bootstrap
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && PM_CANCEL_STRESS=1 test/pg/tap 010_cancel.pl'

demo:
	test/pg/bootstrap
	$(MAKE) all
	$(LOCKED) $(SUDO) $(MAKE) install
	test/pg/demo start

demo-stop:
	test/pg/demo stop

bench:
	test/pg/bootstrap
	$(MAKE) all
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && test/pg/cluster run -- bench/run && test/pg/cluster run -- bench/job_runner.py && test/pg/cluster run -- bench/job_1m.py'

# Citus: a distributed table against a local one, on a coordinator and two
# workers of its own (bench/citus starts and always removes them).
.PHONY: bench-citus
bench-citus:
	@[ -e "$(CITUS_INSTALL)" ] || { echo "bench-citus needs Citus: $(CITUS_INSTALL) does not exist" >&2; exit 1; }
	test/pg/bootstrap
	$(MAKE) all
	$(LOCKED) sh -c '$(INSTALL_CITUS) && $(SUDO) $(MAKE) install && bench/citus'

EXTRA_CLEAN = tmp_analyze sql/readme.sql expected/readme.out test/unit/unit_tests test/unit/unit_tests_valgrind test/unit/unit_tests_valgrind.log build test/fuzz/build results regression.diffs regression.out tmp_check log
