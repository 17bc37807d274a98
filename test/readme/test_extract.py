#!/usr/bin/python3
"""Self-test of test/readme/extract.py on small READMEs: the statement
splitter, the convention's patterns and markers, and the errors for README
text the generator must refuse.  Runs before every generation (make
readme-test); prints nothing unless a case fails."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extract  # noqa: E402

FIXTURE = 'CREATE TABLE public.catalog (sku text);\n'


def gen(readme):
    return extract.generate(readme, FIXTURE)


def body(text):
    return [(n, t) for n, t in enumerate(text.split('\n'), 1)]


class Splitter(unittest.TestCase):
    def test_quotes_comments_dollar_quotes(self):
        stmts, in_quote = extract.split_statements(body(
            "SELECT ';' AS a, 'it''s; fine', \"x;y\" -- ; not here\n"
            "FROM t; /* ; /* nested ; */ still ; */ SELECT $$;$$, $f$ $$ ; $f$;\n"
            "INSERT INTO t VALUES ($$\n"
            "\n"
            "$$);\n"
            "\\o /dev/null\n"
            "SELECT 1;"))
        self.assertEqual([s[:2] for s in stmts], [[0, 1], [1, 1], [2, 4], [5, 5], [6, 6]])
        self.assertEqual(in_quote, [False, False, False, True, True, False, False])
        # a trailing comment may be added after the second line's last statement
        self.assertTrue(stmts[1][2])

    def test_no_semicolon(self):
        with self.assertRaisesRegex(extract.ReadmeError, 'README.md:1: statement without'):
            extract.split_statements(body('SELECT 1'))

    def test_unclosed_quote(self):
        with self.assertRaises(extract.ReadmeError):
            extract.split_statements(body("SELECT 'x;"))


class Convention(unittest.TestCase):
    def test_blocks_results_and_prose(self):
        sql, expected = gen(
            "Intro `pricemath.f(1)` is `2`,\n"
            "and `pricemath.g('a\\|b')`\n"
            "gives `NULL`; `pricemath.h(1) = 1` holds.\n"
            "\n"
            "```sql\n"
            "SELECT 1;  -- returns 1\n"
            "SELECT 2 AS n;\n"
            "```\n"
            "\n"
            "```text\n"
            " n\n"
            "---\n"
            " 2\n"
            "```\n"
            "`` `pricemath.not_an_example(1)` is `0` ``\n")
        self.assertIn("readme_check('README.md:1', $readme$pricemath.f(1)$readme$, $readme$2$readme$)", sql)
        self.assertIn("readme_check('README.md:2', $readme$pricemath.g('a|b')$readme$, NULL)", sql)
        self.assertIn("$readme$pricemath.h(1) = 1$readme$, $readme$true$readme$", sql)
        self.assertIn("$readme$SELECT 1$readme$, $readme$1$readme$, query => true", sql)
        self.assertNotIn('not_an_example', sql)
        sql, _ = gen("```sql\nSELECT 1;\n```\nRun `SELECT *\n   FROM t;` first; `pricemath.f()` is `1`\n")
        self.assertIn('SELECT * FROM t;  -- README.md:4', sql)
        # no "(1 row)": the footer is switched off; the header gets psql's padding
        self.assertIn('\\pset footer off\nSELECT 2 AS n;  -- README.md:7\n n \n---\n 2\n\n\\pset footer on', expected)

    def test_text_block_only_right_after_sql(self):
        sql, expected = gen("```sql\nSELECT 1;\n```\nprose\n```text\n x\n```\n`pricemath.f()` is `1`\n")
        self.assertNotIn(' x\n', expected)

    def test_empty_last_column(self):
        res, footer_off = extract.expected_result(
            type('B', (), {'result': [' a | b', '---+---', ' 1 |', '(1 row)'], 'result_line': 1})())
        self.assertEqual(res, [' a | b ', '---+---', ' 1 | ', '(1 row)', ''])
        self.assertFalse(footer_off)

    def test_skip_and_known_failure(self):
        sql, expected = gen("<!-- readme-test: skip: needs pg_cron -->\n```sql\nSELECT cron.x();\n```\n```sql\nSELECT 1;\n```\n"
                            "`pricemath.f(1)` is `2` <!-- readme-test: known-failure: not yet -->\n")
        self.assertIn('-- README.md:2: not run: needs pg_cron', sql)
        self.assertNotIn('cron.x', sql)
        self.assertIn("$readme$not yet$readme$);\nNOTICE:  README.md:8: a known failure, as marked: not yet", expected)

    def test_refused(self):
        for readme, message in [
                ("<!-- readme-test skip: x -->\n```sql\nSELECT 1;\n```\n`pricemath.f()` is `1`\n", 'malformed marker'),
                ("<!-- readme-test: skipp: x -->\n```sql\nSELECT 1;\n```\n`pricemath.f()` is `1`\n", 'unknown marker'),
                ("<!-- readme-test: skip: -->\n```sql\nSELECT 1;\n```\n`pricemath.f()` is `1`\n", 'needs a reason'),
                ("```sql\nSELECT 1;\n```\n<!-- readme-test: skip: x -->\n`pricemath.f()` is `1`\n", 'must be on'),
                ("```sql\nSELECT 1;\n```\n`pricemath.f()` is `1`\nx <!-- readme-test: known-failure: y -->\n",
                 'no "`call` is `result`" example'),
                ("```sql\nSELECT 1;\n```\n`pricemath.f()`, is `1`\n", 'nothing between'),
                ("```sql\nSELECT 1;\n```\n", 'no examples found'),
                ("```sql\nSELECT 1;  -- {1}\n```\n`pricemath.f()` is `1`\n", 'only as "-- returns x"'),
                ("```sql\nSELECT 1;\n", 'unclosed code fence')]:
            with self.subTest(readme=readme):
                with self.assertRaisesRegex(extract.ReadmeError, message):
                    gen(readme)

    def test_dollar_quote_tag(self):
        self.assertEqual(extract.dollar_quote('a $readme$ b'), '$readme1$a $readme$ b$readme1$')


if __name__ == '__main__':
    result = unittest.main(argv=sys.argv[:1], exit=False, verbosity=0,
                           testRunner=unittest.TextTestRunner(stream=open('/dev/null', 'w'))).result
    if not result.wasSuccessful():
        for case, trace in result.failures + result.errors:
            print(f'test_extract.py: {case.id()} failed\n{trace}', file=sys.stderr)
        sys.exit(1)
