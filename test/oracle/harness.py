"""The oracle's shared harness: the exact text helpers every reference uses, the random case
generator, the group registry and the runner that connects, compares, counts and reports.

The test groups live in one module each (arithmetic.py, rounding.py, ...); each module lists
its groups in GROUPS, and oracle.py runs them in its order."""

import math
import random
import re
import time
import typing
from decimal import (Decimal, ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR,
                     ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP)
from fractions import Fraction

import psycopg

DEFAULT_SEED = 20240615
DEFAULT_CASES = 100000
MAX_REPORTED = 20

MODES = ['half_even', 'half_up', 'half_down', 'up', 'down', 'ceiling', 'floor', 'unnecessary']
DECIMAL_MODES = {
    'half_even': ROUND_HALF_EVEN, 'half_up': ROUND_HALF_UP, 'half_down': ROUND_HALF_DOWN,
    'up': ROUND_UP, 'down': ROUND_DOWN, 'ceiling': ROUND_CEILING, 'floor': ROUND_FLOOR,
}
INCREMENTS = ['0.05', '0.25', '5', '100', '0.01', '1', '0.001', '0.10', '0.5', '0.125',
              '2.5', '0.0001', '1000', '0.000000000000000000000000000001']
PLACES = list(range(-3, 15))
# the rates float8 prices are multiplied by, and doubles whose shortest text is a tie at 2 places
RATES = [1.0725, 1.19, 0.85, 1.2, 0.9, 1.055, 0.07, 1.0825, 0.3333, 1.08875, 1.1, 0.15]
FLOAT_TIES = [2.675, 1.005, 0.125, 1.015, 0.285, 1.045, 8.345, 0.015, 10.005, 1.115, 0.345]


# ---- exact reference arithmetic ------------------------------------------------------------

class Inexact(Exception):
    """The value cannot be rounded with mode unnecessary."""


class SqlState(str):
    """An SQLSTATE a reference returns instead of a result (so 22023 the error is never
    mistaken for 22023 the number)."""


def fixed(m, s):
    """Text of the integer m scaled by 10^-s (s >= 0), as PostgreSQL prints it."""
    digits = str(abs(m)).rjust(s + 1, '0')
    text = digits[:-s] + '.' + digits[-s:] if s else digits
    return '-' + text if m < 0 else text


def dec_text(d):
    """Text of a Decimal, with its exponent as the scale; no negative zero."""
    text = format(d, 'f')
    if text.startswith('-') and d == 0:
        text = text[1:]
    return text


def canon(text):
    """How PostgreSQL prints the numeric input text (only -0 changes)."""
    return None if text is None else dec_text(Decimal(text))


def scale_of(text):
    return len(text) - text.index('.') - 1 if '.' in text else 0


def round_fraction(q, mode):
    """Round the rational q to an integer with a pricemath rounding mode."""
    n, d = q.numerator, q.denominator
    lo = n // d
    rem2 = 2 * (n - lo * d)      # twice the remainder, compared with d
    if rem2 == 0:
        return lo
    hi = lo + 1
    positive = n > 0
    if mode == 'unnecessary':
        raise Inexact()
    if mode == 'floor':
        return lo
    if mode == 'ceiling':
        return hi
    if mode == 'down':
        return lo if positive else hi
    if mode == 'up':
        return hi if positive else lo
    if rem2 < d:
        return lo
    if rem2 > d:
        return hi
    if mode == 'half_even':
        return lo if lo % 2 == 0 else hi
    if mode == 'half_up':
        return hi if positive else lo
    if mode == 'half_down':
        return lo if positive else hi
    raise ValueError(mode)


def quantize(d, places, mode):
    """The Decimal d rounded to places with a pricemath rounding mode, by decimal's quantize;
    Inexact when mode unnecessary would change it."""
    quantum = Decimal(1).scaleb(-places)
    if mode == 'unnecessary':
        r = d.quantize(quantum, rounding=ROUND_DOWN)
        if r != d:
            raise Inexact()
        return r
    return d.quantize(quantum, rounding=DECIMAL_MODES[mode])


def places_text(n, places):
    """Text of n * 10^-places with scale max(places, 0)."""
    if places >= 0:
        return fixed(n, places)
    return str(n * 10 ** -places)


def exact_text_fits(got, exact):
    """True when the printed value got is the exact rational rounded to got's own scale."""
    s = scale_of(got)
    return abs(Fraction(Decimal(got)) - exact) * 2 * 10 ** s <= 1


# float8 results are compared through repr(), which is one-to-one on non-NaN doubles (-0.0
# included).

def fkey(x):
    return None if x is None else repr(float(x))


# ---- case generation -----------------------------------------------------------------------

class Gen:
    """The oracle's one random source: every group draws its cases from it in turn, so the
    groups run in a fixed order (oracle.py's GROUPS) and a seed gives the same cases."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def int_digits(self, n):
        if n <= 1:
            return self.rng.randrange(10)
        return self.rng.randrange(10 ** (n - 1), 10 ** n)

    def sign(self, m, p=0.3):
        return -m if self.rng.random() < p else m

    def value(self, null_p=0.0):
        """A random numeric text: mostly prices, some wide, beyond-int128 and tiny values."""
        r = self.rng
        if null_p and r.random() < null_p:
            return None
        k = r.random()
        if k < 0.55:                                      # prices
            s = r.choice([0, 1, 2, 2, 2, 3, 4, 6])
            m = self.int_digits(r.randint(1, 9))
        elif k < 0.80:                                    # up to 30 digits, scale 0..12
            s = r.randint(0, 12)
            m = self.int_digits(r.randint(1, 30))
        elif k < 0.90:                                    # beyond int128: 39..45 digits
            s = r.randint(0, 12)
            m = self.int_digits(r.randint(39, 45))
        elif k < 0.95:                                    # large scales, around 1e-30
            s = r.randint(20, 35)
            m = self.int_digits(r.randint(1, 8))
        elif k < 0.98:                                    # zeros, some written as -0
            s = r.randint(0, 6)
            return r.choice(['', '-']) + fixed(0, s)
        else:                                             # int128 edges and trailing zeros
            s = r.randint(0, 12)
            m = r.choice([2 ** 127 - 1, 2 ** 127, 2 ** 126, 10 ** 38 - 1, 10 ** 38,
                          10 ** 18, 2 ** 63, 2 ** 64 - 1]) + r.randint(-2, 2)
            m = m * 10 ** r.randint(0, 3)
        return fixed(self.sign(m), s)

    def negative(self):
        """A negative numeric text with 0..4 decimals (a quantity no table accepts)."""
        r = self.rng
        return fixed(-r.randint(1, 10 ** r.randint(1, 6)), r.randint(0, 4))

    def non_finite(self):
        return self.rng.choice(['NaN', 'Infinity', '-Infinity'])

    def rewritten(self, x):
        """The value of x with 0 to 2 more decimals: equal, perhaps written differently."""
        s = scale_of(x) + self.rng.randint(0, 2)
        return dec_text(Decimal(x).quantize(Decimal(1).scaleb(-s)))

    def nonzero(self):
        while True:
            v = self.value()
            if Decimal(v) != 0:
                return v

    def divisor(self):
        """Divisors: some with quotients that terminate, some that do not."""
        r = self.rng
        k = r.random()
        if k < 0.5:
            return self.nonzero()
        if k < 0.8:
            m = r.choice([1, 2, 3, 4, 5, 7, 8, 10, 12, 16, 20, 25, 40, 100, 125, 3, 6, 9, 11])
            return fixed(self.sign(m * 10 ** r.randint(0, 2)), r.randint(0, 4))
        return fixed(self.sign(self.int_digits(r.randint(1, 18)) or 1), r.randint(0, 12))

    def tie(self, places):
        """A value exactly halfway between two multiples of 10^-places, or just off it."""
        r = self.rng
        if r.random() < 0.1:      # the tie's digits sit next to a 64- or 128-bit limit
            lim = r.choice([2 ** 63, 2 ** 64, 2 ** 127])
            num = self.sign((lim // 10 + r.randint(-3, 3)) | 1)
        else:
            num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        s = max(places + 1, 0) + r.choice([0, 0, 0, 1, 2])
        m = num * 5 * 10 ** (s - places - 1)
        k = r.random()
        if k < 0.7:
            return fixed(m, s)
        e = r.randint(1, 6)
        return fixed(m * 10 ** e + r.choice([-1, 1]), s + e)

    def exact_for_places(self, places):
        """A value that rounds to places without change."""
        r = self.rng
        m = self.sign(self.int_digits(r.randint(1, 15)))
        if places >= 0:
            return fixed(m, r.randint(0, places))
        return fixed(m * 10 ** -places * 10 ** r.randint(0, 2), 0) if r.random() < 0.5 \
            else fixed(m * 10 ** (-places + 2), 2)

    def tie_for_increment(self, inc):
        r = self.rng
        d = Decimal(inc)
        si = scale_of(inc)
        i_int = int(d.scaleb(si))
        num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        m, s = (num * i_int // 2, si) if i_int % 2 == 0 else (num * i_int * 5, si + 1)
        if r.random() < 0.7:
            return fixed(m, s)
        e = r.randint(1, 6)
        return fixed(m * 10 ** e + r.choice([-1, 1]), s + e)

    def multiple_of(self, inc):
        n = self.sign(self.int_digits(self.rng.randint(1, 15)))
        return dec_text(Decimal(n) * Decimal(inc))

    def boundary_pair(self, op):
        """Operands whose result (or rescaled operand) lands next to a 64- or 128-bit limit."""
        r = self.rng
        lim = r.choice([2 ** 127, 2 ** 127, 2 ** 63, 2 ** 64, 10 ** 38])
        s = r.randint(0, 12)
        flip = -1 if r.random() < 0.5 else 1
        if op == 'mul':
            x = r.randint(2, 2 ** r.randint(2, 100))
            y = lim // x + r.randint(-1, 1)
            sx = r.randint(0, 6)
            return fixed(flip * x, sx), fixed(self.sign(y), s)
        k = r.choice([0, 0, 1, 3, 6])                 # b's extra scale rescales a by 10^k
        d = r.randint(0, 10 ** 6)
        a = (lim - 1 - d) // 10 ** k + r.randint(-1, 1)
        b = d + r.randint(-2, 2)
        if op == 'sub':
            b = -b
        return fixed(flip * a, s), fixed(flip * b, s + k)

    def batch_len(self):
        """How many elements one array of an element-wise case has."""
        return self.rng.choice([1, 2, 3, 17, 500, 1000, 1000, 1500, 2000, 2000])

    def empty_or_nulls(self, k):
        """For a uniform draw k below 0.06: an empty array (k < 0.03) or one of only NULLs."""
        return [] if k < 0.03 else [None] * self.rng.randint(1, 5)

    def array_len(self, long_p, longest):
        """The length of an array the reductions get: 1, 2, 3 or 4..40 elements, and with
        probability long_p 100..longest."""
        r = self.rng
        if r.random() < long_p:
            return r.randint(100, longest)
        return r.choice([1, 2, 3, r.randint(4, 40)])

    def batch_count(self):
        """How many arrays (or cases) one query checks."""
        return self.rng.choice([50, 200, 300])

    def with_nulls(self, values, p=0.03):
        return [None if self.rng.random() < p else v for v in values]

    # -- float8 values --

    def fsign(self, x, p=0.3):
        return -x if self.rng.random() < p else x

    def fdec(self, m, e):
        """The double nearest m * 10^e."""
        return float(Decimal(m).scaleb(e))

    def fvalue(self, wide=True):
        """A random finite double: prices as the float8 flavours see them, large and tiny ones."""
        r = self.rng
        k = r.random()
        if k < 0.22:                                      # cents and half cents, k/200
            return self.fsign(r.randint(0, 10 ** r.randint(1, 9)) / 200)
        if k < 0.40:                                      # price times a rate
            return self.fsign(r.randint(1, 10 ** r.randint(2, 8)) / 100 * r.choice(RATES))
        if k < 0.55:                                      # 3 to 6 decimals
            return self.fsign(r.randint(0, 10 ** r.randint(1, 10)) / 10 ** r.randint(3, 6))
        if k < 0.62:                                      # sums of a few prices (0.1 + 0.2)
            t = 0.0
            for _ in range(r.randint(2, 6)):
                t += r.randint(1, 10 ** r.randint(1, 6)) / 100
            return self.fsign(t)
        if k < 0.72:                                      # up to 17 significant digits
            m = self.int_digits(r.randint(1, 17))
            return self.fsign(self.fdec(m, r.randint(-17, 2)))
        if k < 0.82:                                      # large: 1e15 .. 1e22
            if r.random() < 0.3:                          # halves just below 2^53
                return self.fsign(r.randint(2 ** 50, 2 ** 52) + 0.5)
            d = r.randint(1, 17)
            return self.fsign(self.fdec(self.int_digits(d), r.randint(15, 22) - d + 1))
        if k < 0.88:                                      # tiny: around 1e-300, subnormals
            if r.random() < 0.3:
                return self.fsign(r.choice([1e-300, 5e-324, 2.2250738585072014e-308,
                                            2.225073858507201e-308, 1e-310]))
            return self.fsign(self.fdec(self.int_digits(r.randint(1, 17)), -r.randint(290, 330)))
        if k < 0.92 and wide:                             # beyond the fast core: 1e23 .. 1e300
            return self.fsign(self.fdec(self.int_digits(r.randint(1, 17)), r.randint(23, 284)))
        if k < 0.95:                                      # zeros
            return r.choice([0.0, -0.0])
        return self.fsign(r.choice([0.1 + 0.2, 0.3, 1.1 * 1.1, 100.0, 1.0, 0.5, 2.5, 1e15,
                                    1e22, 9007199254740991.0, 4503599627370495.5, 0.1]))

    def nudge(self, x):
        """x, or a double a few ulps away from it."""
        r = self.rng
        k = r.random()
        if k < 0.5:
            return x
        toward = math.inf if r.random() < 0.5 else -math.inf
        for _ in range(1 if k < 0.85 else r.randint(2, 4)):
            x = math.nextafter(x, toward)
        return x

    def ftie(self, places):
        """A double whose shortest text is halfway between two multiples of 10^-places."""
        r = self.rng
        if places == 2 and r.random() < 0.3:
            return self.fsign(r.choice(FLOAT_TIES), 0.5)
        num = self.sign(2 * self.int_digits(r.randint(1, 12)) + 1)
        return self.fdec(num * 5, -(places + 1))

    def fmultiple(self, places):
        """A double whose shortest text is a multiple of 10^-places (12.34 at 2 places)."""
        r = self.rng
        return self.fdec(self.sign(self.int_digits(r.randint(1, 15))), -places)

    def ftie_for_increment(self, inc):
        num = self.sign(2 * self.int_digits(self.rng.randint(1, 12)) + 1)
        return float(Decimal(num) * Decimal(inc) / 2)

    def fmultiple_of(self, inc):
        return float(Decimal(self.sign(self.int_digits(self.rng.randint(1, 15)))) * Decimal(inc))


def literal(values):
    """A numeric[] (or int[]) literal; values are plain numbers or None."""
    return '{' + ','.join('NULL' if v is None else str(v) for v in values) + '}'


# Lower bounds for the arrays of error cases: an error names its element by SQL subscript,
# which must be right whatever the lower bound (the last one leaves room for 50 elements
# below INT_MAX).
LOWER_BOUNDS = (1, 0, -7, 2, 1000, 2147483647 - 60)


def with_lbound(lit, n, lb):
    """The array literal lit of n elements ('{...}') starting at subscript lb."""
    return lit if lb == 1 else f'[{lb}:{lb + n - 1}]={lit}'


def short(x, limit=160):
    text = repr(x)
    return text if len(text) <= limit else text[:limit] + '...'


# ---- the runner ----------------------------------------------------------------------------

class Group(typing.NamedTuple):
    """A test group: the functions it tests, and how many cases it gets."""
    name: str            # as --verbose prints it
    share: int           # percent of --cases
    signatures: list     # the pricemath functions it calls (a missing one fails the group)
    run: typing.Callable  # run(oracle) checks the group's cases


class Oracle:
    """Runs the groups against the server and counts what passed and failed."""

    def __init__(self, conn, args, groups):
        self.conn = conn
        self.args = args
        self.gen = Gen(args.seed)
        self.groups = {grp.name: grp for grp in groups}
        self.order = groups
        self.passed = 0
        self.failed = 0
        self.reports = []       # the first MAX_REPORTED mismatches: (what, inputs, got, want)

    def sql(self, query, params=()):
        with self.conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    def fail(self, what, inputs, got, want):
        self.failed += 1
        if len(self.reports) < MAX_REPORTED:
            self.reports.append((what, inputs, got, want))

    def check(self, what, inputs, got, want):
        if got == want:
            self.passed += 1
        else:
            self.fail(what, inputs, got, want)

    def check_list(self, what, inputs_of, got, want):
        """Compare element by element; inputs_of(i) describes element i for the report."""
        if got is None or len(got) != len(want):
            self.fail(what, inputs_of(None), short(got), f'{len(want)} elements')
            self.failed += len(want) - 1
            return
        for i, (g, w) in enumerate(zip(got, want)):
            self.check(what, inputs_of(i), g, w)

    def fcheck_list(self, what, inputs_of, got, want):
        """Element-wise, bit for bit: compare repr() of the doubles (None for NULL)."""
        self.check_list(what, inputs_of, None if got is None else [fkey(v) for v in got],
                        [fkey(v) for v in want])

    def check_rows(self, names, query, cases):
        """One query for cases of (texts, wants, inputs): a case's texts are the columns of its
        row, whose values must be its wants, one for each of names."""
        rows = self.sql(query, [[c[0][j] for c in cases] for j in range(len(cases[0][0]))])
        for (_, wants, inputs), got in zip(cases, rows):
            for what, gv, w in zip(names, got, wants):
                self.check(what, inputs, gv, w)

    def each_call(self, names, calls, wants, inputs):
        """Each (query, params) of calls on its own, for a case where some call must fail: a
        want that is an SqlState is the error expected, the others the call's one value."""
        for what, (query, params), want in zip(names, calls, wants):
            if isinstance(want, SqlState):
                self.expect_error(what + ' contract', query, params, want, inputs)
            else:
                self.check(what, inputs, self.sql(query, params)[0][0], want)

    def expect_error(self, what, query, params, sqlstate, inputs, element=None):
        """The call fails with sqlstate; with element (an SQL subscript), its message and
        detail name that element, and no other ("element 6", "Element 6 of argument", "at index 6")."""
        try:
            rows = self.sql(query, params)
        except psycopg.Error as e:
            self.check(what, inputs, f'SQLSTATE {e.sqlstate}', f'SQLSTATE {sqlstate}')
            if element is not None and e.sqlstate == sqlstate:
                text = f'{e.diag.message_primary or ""} {e.diag.message_detail or ""}'
                named = sorted({int(m) for m in re.findall(r'\b(?:element|index) (-?\d+)', text, re.IGNORECASE)})
                self.check(what + ' names the element', dict(inputs, message=short(text)),
                           named, [element])
            return
        self.fail(what, inputs, short(rows), f'SQLSTATE {sqlstate}')

    def missing(self, group):
        """Signatures of the group that are not installed."""
        absent = []
        for sig in self.groups[group].signatures:
            (ok,) = self.sql('SELECT to_regprocedure(%s) IS NOT NULL', ('pricemath.' + sig,))[0]
            if not ok:
                absent.append('pricemath.' + sig)
        return absent

    def budget(self, group):
        return max(1, self.args.cases * self.groups[group].share // 100)

    def per_row(self, group, make, literals, select, columns):
        """A group's cases in rounds of batch_count(), one query a round: make(g) draws a case,
        literals(case) gives its texts, and select reads them as the columns named in columns,
        one row a case: SELECT ... FROM unnest(...) WITH ORDINALITY AS u(columns, i).  Yields
        (case, its texts, its row)."""
        for count in self.rounds(group, self.gen.batch_count):
            cases = [make(self.gen) for _ in range(count)]
            texts = [literals(c) for c in cases]
            ncol = len(texts[0])
            rows = self.sql(f'{select} FROM unnest({", ".join(["%s::text[]"] * ncol)}) '
                            f'WITH ORDINALITY AS u({columns}, i) ORDER BY i',
                            [[t[j] for t in texts] for j in range(ncol)])
            yield from zip(cases, texts, rows)

    def rounds(self, group, size):
        """The sizes of a group's rounds of cases, until they add up to its budget: size() (or
        size, a number) for each round, drawn when the round starts."""
        done = 0
        while done < self.budget(group):
            n = size() if callable(size) else size
            yield n
            done += n

    def run(self, checks):
        """Every group in order, then the error checks: checks is a list of (name,
        fn(oracle, have)), where have(group) tells whether a group's functions are installed."""
        for grp in self.order:
            absent = self.missing(grp.name)
            if absent:
                if self.args.skip_missing:
                    print(f'skipped {grp.name}: not installed: {", ".join(absent)}')
                else:
                    self.fail(grp.name, {}, 'not installed: ' + ', '.join(absent), 'installed')
                continue
            before = (self.passed, self.failed, time.monotonic())
            try:
                grp.run(self)
            except psycopg.Error as e:
                self.fail(grp.name, {}, f'SQL error {e.sqlstate}: {str(e).strip()}', 'no error')
            if self.args.verbose:
                print(f'{grp.name}: {self.passed - before[0]} passed, {self.failed - before[1]} '
                      f'failed, {time.monotonic() - before[2]:.1f}s')
        installed = {name: not self.missing(name) for name in self.groups}
        for name, fn in checks:
            before = (self.passed, self.failed)
            try:
                fn(self, installed.get)
            except psycopg.Error as e:
                self.fail(name, {}, f'SQL error {e.sqlstate}: {str(e).strip()}', 'no error')
            if self.args.verbose:
                print(f'{name}: {self.passed - before[0]} passed, {self.failed - before[1]} failed')
