#!/usr/bin/python3
# Randomised oracle for pricemath: numeric[] results are compared, value and scale, as text
# against Python's decimal and fractions modules (or PostgreSQL's own avg()); float8[] results
# are compared bit for bit (sign of zero included) against Python floats and the decimal text
# repr() gives, or, for the compensated reductions, against the exact sum within its bound.
#
#   test/oracle/run [--seed N] [--cases N] [--skip-missing] [--verbose]
#
# Connects with the libpq environment (PGHOST, PGPORT, ...). Prints the first mismatches and
# ends with "N passed, M failed"; exits 1 when M > 0. A function that is not installed counts
# as one failure unless --skip-missing is given (for use while functions are still landing).
#
# This file is the command line: harness.py holds the runner and the case generator, and each
# test group lives in the module of its family, listed below in the order the groups run.

import argparse
import sys
import time
from decimal import localcontext

import psycopg

import aggregates
import allocation
import arithmetic
import billing
import errors
import float8
import ladders
import pricing
import reductions
import rounding
import rules2
import tiers
from harness import DEFAULT_CASES, DEFAULT_SEED, Gen, Oracle

# Every group draws its cases from one random generator in turn, so this order is part of what
# a seed means: a group added at the end leaves the cases of the others as they were.
GROUPS = [grp for module in (arithmetic, rounding, reductions, float8, allocation, pricing,
                             ladders, aggregates, tiers, billing, rules2)
          for grp in module.GROUPS]
# After the groups: the error checks, each told which groups are installed.
CHECKS = [('errors', errors.test_errors), ('float8 errors', float8.test_float_errors)]


def self_test(seed):
    """Both rounding references must agree; a broken oracle must not pass anything."""
    g = Gen(seed ^ 0x5EED)
    for module in (rounding, float8, allocation, billing, tiers):
        module.self_test(g)


def main():
    ap = argparse.ArgumentParser(
        description='Compare pricemath numeric results with decimal/fractions references.')
    ap.add_argument('--seed', type=int, default=DEFAULT_SEED)
    ap.add_argument('--cases', type=int, default=DEFAULT_CASES,
                    help='element-wise cases to generate (reducers and errors come on top)')
    ap.add_argument('--skip-missing', action='store_true',
                    help='skip functions that are not installed instead of failing')
    ap.add_argument('--verbose', '-v', action='store_true')
    args = ap.parse_args()

    start = time.monotonic()
    with localcontext() as ctx:
        ctx.prec = 1000
        ctx.Emax = 10 ** 6
        ctx.Emin = -10 ** 6
        self_test(args.seed)
        with psycopg.connect(autocommit=True) as conn:
            conn.execute('CREATE EXTENSION IF NOT EXISTS pricemath')
            # float8 results travel as text: the shortest round-trip text (PostgreSQL's
            # default), whatever PGOPTIONS says, so float() recovers the exact double
            conn.execute('SET extra_float_digits = 1')
            oracle = Oracle(conn, args, GROUPS)
            oracle.run(CHECKS)

    print(f'seed {args.seed}, {time.monotonic() - start:.1f}s')
    if oracle.reports:
        print(f'first {len(oracle.reports)} mismatches:')
        for what, inputs, got, want in oracle.reports:
            print(f'  {what}: inputs {inputs}')
            print(f'    got  {got!r}')
            print(f'    want {want!r}')
    print(f'{oracle.passed} passed, {oracle.failed} failed')
    return 1 if oracle.failed else 0


if __name__ == '__main__':
    sys.exit(main())
