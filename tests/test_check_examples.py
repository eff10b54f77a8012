"""Tests of scripts/check_examples.py: the worked-example checker."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import check_examples as ce
from conftest import ROOT, copy_project, mkdocs

SNIPPET = '''
import numpy as np

def example():
    return [("a", 0.58661), ("n", 3), ("big", 799900.0), ("neg", -0.25), ("p", 0.4213),
            ("small", 0.0012)]

def arr():
    return {"W": np.array([[0.5, -0.2], [0.3, 0.4]])}

def boom():
    raise ValueError("no such thing")

def text():
    return [("s", "hello")]
'''


def make(tmp_path: Path, body: str, snippet: str = SNIPPET, func: str = "example") -> ce.Report:
    """Write a one-example page and its snippet under tmp_path and check them."""
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "demo.py").write_text(snippet)
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    body = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    (docs / "page.md").write_text(
        "# Page\n\nIntro with 42 and 7 outside the example.\n\n"
        '!!! example "Worked example: demo"\n\n'
        f"    <!-- check: snippets/demo.py:{func} -->\n\n{body}\n\nAfter the example: 99.\n"
    )
    return ce.check(docs, tmp_path)


GOOD = """
The value is 0.5866, the count is 3, the big one is 799,900, then $-0.25$ and 42.13%,
and $1.2 \\times 10^{-3}$.
"""


def test_matching_example_passes_and_counts(tmp_path):
    report = make(tmp_path, GOOD)
    assert report.problems == []
    assert (report.pages, report.examples, report.numbers) == (1, 1, 6)
    assert "6 numbers in 1 worked examples on 1 pages" in report.summary()


@pytest.mark.parametrize("shown", ["0.5866", "0.587", "0.59", "0.6", "0.58661"])
def test_precision_is_read_from_the_text(tmp_path, shown):
    assert make(tmp_path, GOOD.replace("0.5866", shown)).problems == []


def test_mismatch_message_names_page_line_snippet_and_rounding(tmp_path):
    report = make(tmp_path, GOOD.replace("0.5866", "0.5876"))
    assert len(report.problems) == 1
    assert report.problems[0].startswith(
        "docs/page.md:9: the example says 0.5876, snippets/demo.py:a computes 0.58661 "
        "(0.5866 at 4 decimals)")


@pytest.mark.parametrize("wrong, right", [
    ("count is 4", "count is 3"),        # integers must match exactly
    ("799,000", "799,900"),               # the seeds' 1000 × 799.9 error
    ("$-0.26$", "$-0.25$"),
    ("$0.25$", "$-0.25$"),                # sign matters
    ("42.14%", "42.13%"),
    ("$1.3 \\times", "$1.2 \\times"),
])
def test_any_changed_value_fails(tmp_path, wrong, right):
    report = make(tmp_path, GOOD.replace(right, wrong))
    assert len(report.problems) == 1, report.problems
    assert "the example says" in report.problems[0]


def test_integer_text_rejects_a_non_integer_value(tmp_path):
    snippet = "def example():\n    return [('x', 2.96)]\n"
    report = make(tmp_path, "It is 3.", snippet=snippet)
    assert "(an integer must match exactly)" in report.problems[0]


def test_unaccounted_number_in_text_fails(tmp_path):
    report = make(tmp_path, GOOD + "\nAnd an extra 5 at the end.")
    assert len(report.problems) == 1
    assert "docs/page.md:12: the example says 5, but snippets/demo.py:example() has no value left" in \
        report.problems[0]


def test_value_missing_from_text_fails(tmp_path):
    report = make(tmp_path, GOOD.replace("and $1.2 \\times 10^{-3}$", "and that is all"))
    assert len(report.problems) == 1
    assert "snippets/demo.py:small = 0.0012 is not stated" in report.problems[0]


def test_structural_numbers_are_skipped_only_where_the_rules_say(tmp_path):
    body = """
    1. First step: $w_1 x^2 + a^{(2)} + \mathbf{a}^{(l-1)} + W^{(l+1)}$ on layer $W^T$, the 2nd try, with W1 and L2,
       $\\sqrt[3]{x}$ and <span class="nocheck">17</span> units and $\\nocheck{4}$ heads,
       a [link](page-2.md) and <!-- a comment with 12 -->.
    2. Then: the value is 0.5866, the count is 3, the big one is 799{,}900, then $-0.25$,
       $42.13\\%$ and $1.2e-3$.
    """
    assert make(tmp_path, body).problems == []


def test_subtraction_and_ranges_are_not_negative_numbers(tmp_path):
    snippet = "def example():\n    return [('a', 1), ('b', 0.5), ('c', 2), ('d', 3), ('e', -0.4)]\n"
    body = "We take $1 - 0.5$, pages 2-3, and $e^{-0.4}$."
    assert make(tmp_path, body, snippet=snippet).problems == []


@pytest.mark.parametrize("tex, value, ok", [
    ("10^{-7}", 1e-7, True), ("10^2", 100, True), ("10^{3}", 1000, True), ("-10^{2}", -100, True),
    ("10^{-7}", 2e-7, False), ("10^{-6}", 1e-7, False), ("10^2", 10, False),
])
def test_a_bare_power_of_ten_is_one_exact_number(tmp_path, tex, value, ok):
    snippet = f"def example():\n    return [('eps', {value!r})]\n"
    report = make(tmp_path, f"The threshold is ${tex}$.", snippet=snippet)
    assert (report.problems == []) == ok, report.problems


def test_arrays_flatten_row_major_with_element_names(tmp_path):
    body = "$$W = \\begin{bmatrix} 0.5 & -0.2 \\\\ 0.3 & 0.5 \\end{bmatrix}$$"
    report = make(tmp_path, body, func="arr")
    assert "snippets/demo.py:W[1,1] computes 0.40" in report.problems[0]


def test_numbers_in_title_and_tables_are_read(tmp_path):
    snippet = "def example():\n    return [('t', 2), ('x', 0.1), ('y', 0.25)]\n"
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "demo.py").write_text(snippet)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(
        '!!! example "Worked example: 2 layers"\n\n    <!-- check: snippets/demo.py:example -->\n\n'
        "    | x | y |\n    |---|---|\n    | 0.1 | 0.26 |\n")
    report = ce.check(docs, tmp_path)
    assert report.problems == ["docs/p.md:7: the example says 0.26, snippets/demo.py:y computes 0.250 "
                               "(0.25 at 2 decimals) [number 3 of the example 'Worked example: 2 layers']"]


@pytest.mark.parametrize("marker, expected", [
    ("<!-- check: snippets/missing.py:example -->", "snippets/missing.py does not exist"),
    ("<!-- check: snippets/demo.py:nothing -->", "snippets/demo.py has no function nothing()"),
    ("<!-- check: snippets/demo.py:boom -->",
     "snippets/demo.py:boom() raised ValueError: no such thing"),
    ("<!-- check: snippets/demo.py:text -->", "must return (name, number) pairs"),
    ("<!-- check snippets/demo.py example -->", "malformed check marker"),
])
def test_marker_errors_are_one_clear_line(tmp_path, marker, expected):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "demo.py").write_text(SNIPPET)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text(f'!!! example "Worked example"\n\n    {marker}\n\n    It is 3.\n')
    report = ce.check(docs, tmp_path)
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith("docs/p.md:3: ") and expected in report.problems[0]
    assert "\n" not in report.problems[0]


def test_snippet_that_fails_to_import_is_reported(tmp_path):
    report = make(tmp_path, GOOD, snippet="import nonexistent_module_xyz\n")
    assert "snippets/demo.py fails to import: ModuleNotFoundError" in report.problems[0]


def test_example_without_marker_fails(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text('Text.\n\n!!! example "Worked example"\n\n    It is 3.\n')
    report = ce.check(docs, tmp_path)
    assert report.problems == ["docs/p.md:3: the worked example 'Worked example' names no snippet: add "
                               "<!-- check: snippets/<file>.py:<function> --> as its first line"]


@pytest.mark.parametrize("command", ["frac", "tfrac", "dfrac", "cfrac", "binom"])
def test_two_digit_shorthand_arguments_are_refused(tmp_path, command):
    report = make(tmp_path, GOOD + f"\nHalf: $\\{command}12 x$.")
    assert any(f"write \\{command}{{1}}{{2}}, not \\{command}12" in p for p in report.problems), \
        report.problems


def test_number_glued_to_a_word_is_refused(tmp_path):
    report = make(tmp_path, GOOD + "\nThat is 3x faster.")
    assert any("the number in '3x' is glued to a word" in p for p in report.problems)


def test_fenced_code_inside_an_example_is_refused(tmp_path):
    report = make(tmp_path, GOOD + "\n```python\nx = 5\n```")
    assert any("a fenced code block inside the worked example" in p for p in report.problems)


def test_cli_exit_codes(tmp_path, capsys):
    make(tmp_path, GOOD)
    assert ce.main(["--docs", str(tmp_path / "docs")]) in (0, 1)  # tmp project: paths resolve from ROOT
    assert ce.main(["--docs", str(tmp_path / "nowhere")]) == 2
    assert ce.main([]) == 0  # the real site
    assert "agree with their snippets" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# The exemplar: every digit of every checked number matters.

EXEMPLAR = ROOT / "docs" / "forward-pass.md"


def exemplar_numbers():
    text = EXEMPLAR.read_text(encoding="utf-8")
    examples, problems = ce.find_examples(EXEMPLAR, text, "docs/forward-pass.md")
    assert not problems and examples
    out = []
    for ex in examples:
        numbers, probs = ce.numbers_in(ex, "docs/forward-pass.md")
        assert not probs
        out += [(ex, n) for n in numbers]
    return text, out


def test_every_number_of_the_exemplar_is_checked():
    text, numbers = exemplar_numbers()
    report = ce.check(ROOT / "docs", ROOT, pages=[EXEMPLAR])
    assert report.problems == []
    assert report.numbers == len(numbers) >= 60


def test_changing_any_digit_of_the_exemplar_fails_with_page_and_line():
    text, numbers = exemplar_numbers()
    lines = text.splitlines(keepends=True)
    mutations = 0
    for ex, number in numbers:
        line = lines[number.line - 1]
        assert line[number.col:number.col + len(number.text)] == number.text, (number, line)
        for k, ch in enumerate(number.text):
            if not ch.isdigit():
                continue
            mutated_line = (line[:number.col + k] + str((int(ch) + 1) % 10)
                            + line[number.col + k + 1:])
            mutated = "".join(lines[:number.line - 1] + [mutated_line] + lines[number.line:])
            examples, _ = ce.find_examples(EXEMPLAR, mutated, "docs/forward-pass.md")
            target = next(e for e in examples if e.line == ex.line)
            _, problems = ce.check_example(target, "docs/forward-pass.md", ROOT)
            assert problems, f"changing {number.text!r} on line {number.line} went unnoticed"
            assert problems[0].startswith(f"docs/forward-pass.md:{number.line}: the example says")
            mutations += 1
    assert mutations >= 150


@pytest.mark.build
def test_a_wrong_digit_fails_the_mkdocs_build(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "forward-pass.md"
    text = page.read_text()
    where = text.index("= 0.4354$")
    page.write_text(text[:where] + "= 0.4364$" + text[where + len("= 0.4354$"):])
    line = text.count("\n", 0, where) + 1
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode != 0
    assert (f"docs/forward-pass.md:{line}: the example says 0.4364, snippets/forward_pass.py:Y_hat[0] "
            f"computes 0.43536 (0.4354 at 4 decimals)") in result.stderr
