# pricemath: PGXS build plus the project's test, demo and bench entry points.
#
#   make            build the extension        make test   every test, on a throwaway cluster
#   make install    install it                 make demo   the demo job on a throwaway cluster
#   make unit       core unit tests only       make bench  benchmarks against the peers

EXTENSION = pricemath
MODULE_big = pricemath
CORE_SRCS = $(wildcard src/core/*.c)
GLUE_SRCS = $(wildcard src/*.c)
OBJS = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)
DATA = $(wildcard sql/pricemath--*.sql)

REGRESS = version arithmetic rounding reductions errors pricing pricing_properties allocation tiers contracts migration aggregates
REGRESS_OPTS = --load-extension=pricemath

PG_CONFIG ?= pg_config

# Our code compiles warning-free, portably (no -march=native) and without
# fast-math: results must not depend on the CPU or the compiler.
PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS = -std=gnu99 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-missing-field-initializers -Wno-sign-compare -fno-fast-math

# Debian's PGXS is configured with_llvm=yes, which would also build and
# install LLVM bitcode for JIT inlining.  pricemath's functions are called
# through fmgr and gain nothing from inlining, so we build without it and
# need no clang/llvm toolchain.
override with_llvm = no

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else
all install installcheck:
	@echo "pg_config not found: run test/pg/bootstrap first (make test and make demo run it)" >&2; exit 1
endif

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

all: core-purity

UNIT_SRCS = $(wildcard test/unit/*.c)

test/unit/unit_tests: $(UNIT_SRCS) test/unit/pm_test.h $(CORE_SRCS) $(wildcard src/core/*.h)
	$(UNIT_CC) -std=gnu99 -O1 -g -Wall -Wextra -Werror $(SANITIZE) -I src/core -I test/unit \
		-o $@ $(UNIT_SRCS) $(CORE_SRCS) -lm

.PHONY: unit test test-all demo demo-stop bench
unit: core-purity test/unit/unit_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 test/unit/unit_tests

test:
	test/pg/bootstrap
	$(MAKE) test-all

# Installing and testing hold one lock, so that two checkouts (git worktrees)
# on one machine never test each other's installed build.
INSTALL_LOCK ?= /tmp/pricemath-install.lock
LOCKED = flock $(INSTALL_LOCK)

test-all: unit
	$(MAKE) all
	$(LOCKED) $(MAKE) test-server

.PHONY: test-server
test-server:
	$(SUDO) $(MAKE) install
	test/pg/cluster run -- sh -c 'test/pg/regress && test/oracle/run'
	test/pg/tap

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
	$(LOCKED) sh -c '$(SUDO) $(MAKE) install && test/pg/cluster run -- bench/run'

EXTRA_CLEAN = test/unit/unit_tests results regression.diffs regression.out tmp_check log
