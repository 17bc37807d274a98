#!/usr/bin/python3
"""Generates the pg_regress test `readme` from README.md, so that the README's
examples and the test cannot drift apart.

Writes sql/readme.sql and expected/readme.out (both generated, not committed:
`make installcheck` runs this first, through REGRESS_PREP).  The convention
it reads, applied to the whole README:

* A ```sql block is run, as written, on the fixture test/readme/fixture.sql,
  inside a transaction that is rolled back: every block starts from the same
  fixture, whatever the blocks before it did.  Every statement must end with
  a semicolon.  A block that cannot run there (pg_cron, a top-level CALL) is
  skipped only with the marker
      <!-- readme-test: skip: the reason -->
  on the last non-blank line before its fence.
* A ```text block right after a ```sql block (blank lines between are fine)
  is the output psql prints for that block's last statement, asserted
  exactly; the other statements' results are not shown and not asserted, but
  any error, warning or notice they raise fails the test.  Without a
  "(N rows)" line the result is printed without that footer.
* A statement ending in a comment "-- returns x" (or "-- gives x", "-> x",
  "=> x", "→ x") must return one row whose first column's text is x, as the
  prose examples below; it runs through the checker, not echoed as written.
* A complete query in a prose code span, "`SELECT ...;`", runs like a block
  (on the fixture, rolled back); nothing is asserted but that it runs.
* In the prose, "`call(...)` is `result`" and "`call(...)` gives `result`"
  (one code span each side, the phrase may wrap a line) is an assertion: the
  call is evaluated as written and its text must equal the result exactly
  (scale included; `NULL` means SQL NULL).  So is one code span
  "`pricemath.f(...) = x`" (a qualified call, then "="): it must be true.  To mention a call without
  asserting a result, do not use that phrase.  An example that fails today
  for a known reason carries
      <!-- readme-test: known-failure: the reason -->
  on its line; the test then checks that it still fails, and fails once it
  passes, so the marker is removed with the fix.

A failure names the README line: each statement's last line carries
`-- README.md:N`, and the prose checks raise an error naming the line, the
call, what it gave and what the README says.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / 'README.md'
FIXTURE = ROOT / 'test' / 'readme' / 'fixture.sql'
OUT_SQL = ROOT / 'sql' / 'readme.sql'
OUT_EXPECTED = ROOT / 'expected' / 'readme.out'

FENCE = re.compile(r'^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$')
MARKER = re.compile(r'<!--\s*readme-test:\s*(?P<kind>[a-z-]+)\s*:\s*(?P<reason>.*?)\s*-->')
ANY_MARKER = re.compile(r'<!--[^>]*readme-test')
# "`pricemath.f(...)` is `result`" or "... gives `result`"; the call is one
# code span that starts with a (qualified) function name and ends with ")".
INLINE = re.compile(
    r'`(?P<call>(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*\((?:[^`]|\\`)*\))`'
    r'\s+(?:is|gives)\s+`(?P<result>[^`]*)`')
# "`pricemath.f(...) = x`": one code span, a qualified call compared with "="
# (not "=>"); asserted true
EQ_INLINE = re.compile(r'`(?P<expr>pricemath\.[A-Za-z_][A-Za-z0-9_]*\([^`]*\)\s*=(?!>)[^`]+)`')
# "`call(...)`, gives `x`" and the like: almost the pattern, so probably meant
NEAR_INLINE = re.compile(
    r'`(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*\([^`]*\)`\s*[,;:]\s*(?:is|gives)\s+`')
DOUBLE_SPAN = re.compile(r'(`{2,})(?!`).+?(?<!`)\1(?!`)', re.S)
SINGLE_SPAN = re.compile(r'`[^`]*`')
# "SELECT ...;  -- returns x" (or gives, ->, =>, →): the statement's one value
RETURNS = re.compile(r'^\s*--\s*(?:returns|gives|->|=>|→)\s+(?P<result>.*?)\s*$')
# "SELECT ...;  -- {0.30,0.60}": a bare value in a comment looks asserted but
# would not be; refused
BARE_VALUE = re.compile(r"^\s*--\s*(\{[^}]*\}|-?\d+(\.\d+)?|NULL|true|false|t|f|'[^']*')\s*$")
# "`SELECT ...;`" in prose: a complete query, run like a block without result
PROSE_QUERY = re.compile(r'`(?P<query>(?:SELECT|WITH)\s[^`]*;)`')
FOOTER = re.compile(r'^\(\d+ rows?\)$')


class ReadmeError(Exception):
    pass


def fail(line, message):
    raise ReadmeError(f'README.md:{line}: {message}')


class Block:
    """A ```sql block: its fence line, its lines (number, text) and what the
    README shows for it."""

    def __init__(self, line, body):
        self.line = line
        self.body = body
        self.result = None        # lines of the ```text block after it
        self.result_line = None
        self.skip = None          # the reason, if skipped


def parse(text):
    """The sql blocks, the prose (fenced lines blanked, so that line numbers
    stay) and the markers of README.md."""
    lines = text.split('\n')
    blocks, prose, markers = [], [], []
    i = 0
    last_block_end = None     # index of the closing fence of the last sql block
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            if lines[i].strip():
                last_block_end = None
            i += 1
            continue
        indent, fence, info = len(m.group('indent')), m.group('fence'), m.group('info').lower()
        start = i
        body = []
        i += 1
        while i < len(lines):
            close = lines[i].strip()
            if close.startswith(fence[0] * len(fence)) and set(close) == {fence[0]}:
                break
            text_line = lines[i]
            if text_line[:indent].strip() == '':
                text_line = text_line[indent:]
            body.append((i + 1, text_line))
            i += 1
        else:
            fail(start + 1, 'unclosed code fence')
        prose.extend([''] * (i - start + 1))
        if info == 'sql':
            blocks.append(Block(start + 1, body))
            last_block_end = len(blocks) - 1
        elif info == 'text' and last_block_end is not None:
            owner = blocks[last_block_end]
            if owner.result is not None:
                fail(start + 1, 'a second ```text block for one ```sql block')
            owner.result = [t for _, t in body]
            owner.result_line = start + 1
            last_block_end = None
        else:
            last_block_end = None
        i += 1
    # code spans written with two or more backticks show the convention
    # itself (`` `f(x)` is `y` ``): they are neither examples nor markers
    prose = blank_spans('\n'.join(prose), DOUBLE_SPAN)
    for n, line in enumerate(blank_spans(prose, SINGLE_SPAN).split('\n'), 1):
        for mm in MARKER.finditer(line):
            markers.append((n, mm.group('kind'), mm.group('reason')))
        if ANY_MARKER.search(line) and not MARKER.search(line):
            fail(n, 'malformed marker: write <!-- readme-test: skip: reason --> '
                 'or <!-- readme-test: known-failure: reason -->')
    return lines, blocks, prose, markers


def blank_spans(text, pattern):
    """text with every match of pattern replaced by spaces (newlines kept, so
    positions and line numbers stay)."""
    return pattern.sub(lambda m: re.sub(r'[^\n]', ' ', m.group(0)), text)


def attach_block_markers(lines, blocks, markers):
    """Gives each skip marker to the sql block whose fence follows it; returns
    the markers left for the prose."""
    by_line = {}
    for line, kind, reason in markers:
        by_line.setdefault(line, []).append((kind, reason))
    used = set()
    for b in blocks:
        j = b.line - 2                  # the line before the fence, 0-based
        while j >= 0 and not lines[j].strip():
            j -= 1
        for kind, reason in by_line.get(j + 1, []):
            if kind not in ('skip', 'known-failure'):
                fail(j + 1, f'unknown marker "{kind}"')
            if kind != 'skip':
                fail(j + 1, f'marker "{kind}" before a ```sql block: blocks can only be skipped')
            if not reason:
                fail(j + 1, 'a skipped block needs a reason')
            b.skip = reason
            used.add(j + 1)
    rest = []
    for line, kind, reason in markers:
        if line in used:
            continue
        if kind == 'skip':
            fail(line, 'a skip marker must be on the last non-blank line before a ```sql fence')
        if kind != 'known-failure':
            fail(line, f'unknown marker "{kind}"')
        if not reason:
            fail(line, 'a known failure needs a reason')
        rest.append((line, reason))
    return rest


def split_statements(body):
    """Splits a block's lines into statements as psql does (quotes, dollar
    quotes, comments, backslash commands).  Returns (first index, last index,
    annotatable, column of the semicolon) per statement, where annotatable says the last line ends
    outside any statement and quote, so a trailing comment can be added; and
    per line whether it starts inside a quote or comment (psql echoes an empty
    line only there)."""
    stmts = []
    in_quote = []
    state = None            # None, "'", '"', '$tag$', '/*'
    depth = 0               # nesting of /* */
    start = None
    for idx, (lineno, line) in enumerate(body):
        k = 0
        in_quote.append(state is not None)
        if state is None and start is None and line.lstrip().startswith('\\'):
            stmts.append([idx, idx, True, len(line)])
            continue
        while k < len(line):
            c = line[k]
            if state is None:
                if line.startswith('--', k):
                    break
                if line.startswith('/*', k):
                    state, depth = '/*', 1
                    k += 2
                    continue
                if c.isspace():
                    k += 1
                    continue
                if start is None:
                    start = idx
                if c == ';':
                    stmts.append([start, idx, False, k])
                    start = None
                elif c == "'":
                    state = "'"
                elif c == '"':
                    state = '"'
                elif c == '$':
                    m = re.match(r'\$([A-Za-z_][A-Za-z0-9_]*)?\$', line[k:])
                    if m and not (k > 0 and (line[k - 1].isalnum() or line[k - 1] == '_')):
                        state = m.group(0)
                        k += len(state)
                        continue
                k += 1
            elif state == '/*':
                if line.startswith('*/', k):
                    depth -= 1
                    k += 2
                    if depth == 0:
                        state = None
                    continue
                if line.startswith('/*', k):
                    depth += 1
                    k += 2
                    continue
                k += 1
            elif state in ("'", '"'):
                if c == state:
                    if line.startswith(state * 2, k):
                        k += 2
                        continue
                    state = None
                k += 1
            else:
                if line.startswith(state, k):
                    k += len(state)
                    state = None
                    continue
                k += 1
        if stmts and stmts[-1][1] == idx and start is None and state in (None, '/*'):
            stmts[-1][2] = True
    if start is not None or state not in (None,):
        fail(body[start if start is not None else -1][0],
             'statement without a terminating semicolon (or an unclosed quote)')
    return stmts, in_quote


def dollar_quote(text, base='readme'):
    """A dollar-quoted literal of text with a tag that text does not contain."""
    tag = base
    n = 0
    while f'${tag}$' in text:
        n += 1
        tag = f'{base}{n}'
    return f'${tag}${text}${tag}$'


class Output:
    """sql/readme.sql and the expected/readme.out that psql -a -q prints for
    it: every input line echoed, then what the statement outputs."""

    def __init__(self):
        self.sql = []
        self.expected = []

    def line(self, text, output=()):
        self.sql.append(text)
        self.expected.append(text)
        self.expected.extend(output)


def expected_result(block):
    """What psql prints for the block's ```text result, and whether the
    footer must be switched off to print it."""
    res = list(block.result)
    while res and not res[-1].strip():
        res.pop()
    if not res:
        fail(block.result_line, 'empty ```text block')
    is_table = len(res) >= 2 and re.match(r'^-+(\+-+)*$', res[1]) is not None
    if not is_table:
        return res, False
    # psql pads the header line to the separator's width and prints a space
    # after the "|" of an empty last column; editors strip both, so restore them
    res = [t.rstrip() for t in res]
    res[0] = res[0].ljust(len(res[1]))
    res = [t + ' ' if t.endswith('|') else t for t in res]
    has_footer = FOOTER.match(res[-1]) is not None
    return res + [''], not has_footer


def generate(readme_text, fixture_text):
    lines, blocks, prose, markers = parse(readme_text)
    known = attach_block_markers(lines, blocks, markers)
    out = Output()
    out.line('-- Generated from README.md by test/readme/extract.py: do not edit; edit the README.')
    out.line('-- The README\'s ```sql examples, each on the fixture test/readme/fixture.sql in a')
    out.line('-- transaction rolled back after it, then its prose examples ("`call` is `result`").')
    out.line('\\set ON_ERROR_STOP 0')
    fixture = '\n' + fixture_text.strip('\n') + '\n'
    create = ('CREATE PROCEDURE pg_temp.readme_fixture() LANGUAGE plpgsql AS '
              + dollar_quote('BEGIN EXECUTE ' + dollar_quote(fixture, 'fixture_sql') + '; END', 'fixture') + ';')
    for part in create.split('\n'):
        out.line(part)

    out.line('CREATE PROCEDURE pg_temp.readme_check(loc text, expr text, want text, '
             'known_failure text DEFAULT NULL, query boolean DEFAULT false)')
    for part in CHECK_BODY.strip('\n').split('\n'):
        out.line(part)

    ran = skipped = 0
    for b in blocks:
        where = f'README.md:{b.line}'
        if b.skip is not None:
            out.line(f'-- {where}: not run: {b.skip}')
            skipped += 1
            continue
        if not any(t.strip() for _, t in b.body):
            fail(b.line, 'empty ```sql block')
        stmts, in_quote = split_statements(b.body)
        result, footer_off = (expected_result(b) if b.result is not None else (None, False))
        out.line(f'-- {where}' + (f', its result at README.md:{b.result_line}' if result else ''))
        out.line('BEGIN;')
        out.line('\\o /dev/null')
        out.line('CALL pg_temp.readme_fixture();')
        shown_from = stmts[-1][0] if result is not None and stmts else None
        ends = {s[1]: s[2] for s in stmts}
        # statements whose result is a trailing "-- returns x" comment: run
        # through readme_check instead of as written
        checked = {}
        for first, last_idx, annotatable, col in stmts:
            after = b.body[last_idx][1][col + 1:] if annotatable else ''
            if BARE_VALUE.match(after):
                fail(b.body[last_idx][0], f'a result in a comment is asserted only as "-- returns x": {after.strip()}')
            m = RETURNS.search(after)
            if m is None:
                continue
            if first == shown_from:
                fail(b.body[last_idx][0], 'a statement with a "-- returns" comment cannot also have a ```text result')
            parts = [t for _, t in b.body[first:last_idx + 1]]
            parts[-1] = parts[-1][:col]
            call = 'CALL pg_temp.readme_check(' + ', '.join([
                f"'README.md:{b.body[last_idx][0]}'", dollar_quote('\n'.join(parts)),
                'NULL' if m.group('result') == 'NULL' else dollar_quote(m.group('result')),
                'query => true']) + ');'
            checked[first] = (last_idx, call.split('\n'))
        skip_to = -1
        for idx, (lineno, text) in enumerate(b.body):
            if idx <= skip_to:
                continue
            if idx in checked:
                skip_to, call_lines = checked[idx]
                for part in call_lines:
                    out.line(part)
                continue
            if idx == shown_from:
                out.line('\\o')
                if footer_off:
                    out.line('\\pset footer off')
            if ends.get(idx):
                text = f'{text}  -- README.md:{lineno}'
            output = result if idx == len(b.body) - 1 and result is not None else ()
            if text == '' and not in_quote[idx]:
                out.sql.append(text)        # psql does not echo it
                out.expected.extend(output)
            else:
                out.line(text, output)
        if result is None:
            out.line('\\o')
        elif footer_off:
            out.line('\\pset footer on')
        out.line('ROLLBACK;')
        ran += 1

    # the prose queries, run on the fixture like a block (nothing asserted
    # but that they run)
    for m in PROSE_QUERY.finditer(prose):
        first = prose.count('\n', 0, m.start()) + 1
        query = re.sub(r'\s*\n\s*', ' ', m.group('query'))
        out.line(f'-- README.md:{first}: a query in the prose')
        for part in ('BEGIN;', '\\o /dev/null', 'CALL pg_temp.readme_fixture();',
                     f'{query}  -- README.md:{first}', '\\o', 'ROLLBACK;'):
            out.line(part)
        ran += 1

    # the prose examples
    out.line('-- The prose examples: "`call` is `result`" and "`call` gives `result`".')
    known_lines = {line: reason for line, reason in known}
    used_known = set()
    count = 0
    for m in NEAR_INLINE.finditer(prose):
        fail(prose.count('\n', 0, m.start()) + 1,
             'write "`call` is `result`" with nothing between the call and "is"/"gives"')
    for m in INLINE.finditer(prose):
        first = prose.count('\n', 0, m.start()) + 1
        last = prose.count('\n', 0, m.end()) + 1
        call = m.group('call').replace('\\|', '|').replace('\n', ' ')
        want = m.group('result').replace('\\|', '|')
        reason = None
        for ln in (first, last):
            if ln in known_lines:
                reason = known_lines[ln]
                used_known.add(ln)
        args = [f"'README.md:{first}'", dollar_quote(call), 'NULL' if want == 'NULL' else dollar_quote(want)]
        if reason is not None:
            args.append(dollar_quote(reason))
            notice = [f'NOTICE:  README.md:{first}: a known failure, as marked: {reason}']
        else:
            notice = []
        out.line(f'CALL pg_temp.readme_check({", ".join(args)});', notice)
        count += 1
    for m in EQ_INLINE.finditer(prose):
        first = prose.count('\n', 0, m.start()) + 1
        expr = m.group('expr').replace('\\|', '|').replace('\n', ' ')
        reason = known_lines.get(first)
        if reason is not None:
            used_known.add(first)
        args = [f"'README.md:{first}'", dollar_quote(expr), dollar_quote('true')]
        notice = []
        if reason is not None:
            args.append(dollar_quote(reason))
            notice = [f'NOTICE:  README.md:{first}: a known failure, as marked: {reason}']
        out.line(f'CALL pg_temp.readme_check({", ".join(args)});', notice)
        count += 1
    for line in known_lines:
        if line not in used_known:
            fail(line, 'a known-failure marker on a line with no "`call` is `result`" example')
    out.line(f'-- {ran} sql blocks and prose queries run, {skipped} blocks skipped, {count} prose examples checked.')
    if ran == 0 or count == 0:
        raise ReadmeError('README.md: no examples found: is the convention still followed?')
    return '\n'.join(out.sql) + '\n', '\n'.join(out.expected) + '\n'


CHECK_BODY = r'''
LANGUAGE plpgsql AS $check$
DECLARE
    got text;
    state text;
    msg text;
BEGIN
    BEGIN
        IF query THEN
            -- a statement: its one row's one column
            EXECUTE expr INTO STRICT got;
        ELSE
            -- a newline before ")" ends any "--" comment in the call
            EXECUTE 'SELECT (' || expr || E'\n)::text' INTO STRICT got;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    END;
    IF known_failure IS NOT NULL THEN
        IF state IS NULL AND got IS NOT DISTINCT FROM want THEN
            RAISE EXCEPTION '%: `%` is `%`, as the README says, but it is marked as a known failure (%): remove the marker',
                loc, expr, got, known_failure;
        END IF;
        RAISE NOTICE '%: a known failure, as marked: %', loc, known_failure;
    ELSIF state IS NOT NULL THEN
        RAISE EXCEPTION '%: `%` raised % (%), the README says it is `%`',
            loc, expr, state, msg, coalesce(want, 'NULL');
    ELSIF got IS DISTINCT FROM want THEN
        RAISE EXCEPTION '%: `%` is `%`, the README says `%`',
            loc, expr, coalesce(got, 'NULL'), coalesce(want, 'NULL');
    END IF;
END
$check$;
'''


def write_if_changed(path, text):
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def main():
    try:
        sql, expected = generate(README.read_text(), FIXTURE.read_text())
    except ReadmeError as e:
        print(f'extract.py: {e}', file=sys.stderr)
        return 1
    write_if_changed(OUT_SQL, sql)
    write_if_changed(OUT_EXPECTED, expected)
    return 0


if __name__ == '__main__':
    sys.exit(main())
