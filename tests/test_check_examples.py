"""Tests of scripts/check_examples.py: the worked-example checker."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import check_examples as ce
from conftest import ROOT, break_a_number, copy_project, mkdocs

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
        '# Page\n\nIntro with <span class="nocheck">42</span> and <span class="nocheck">7</span> outside.\n\n'
        '!!! example "Worked example: demo"\n\n'
        f"    <!-- check: snippets/demo.py:{func} -->\n\n{body}\n\nAfter the example: \\(\\nocheck{{99}}\\).\n"
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
    assert report.givens == 3  # the page's three nocheck numbers outside the example
    assert "6 numbers on 1 pages agree with their snippets: 6 in 1 worked examples" in report.summary()


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
    1. First step: $w_1 x^2 + a^{(2)} + \\mathbf{a}^{(l-1)} + W^{(l+1)}$ on layer $W^T$, the 2nd try, with W1 and L2,
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


def test_cli_exit_codes(tmp_path, capsys, project_builds):
    make(tmp_path, GOOD)
    assert ce.main(["--docs", str(tmp_path / "docs")]) == 0
    assert "6 numbers on 1 pages agree with their snippets" in capsys.readouterr().out
    make(tmp_path, GOOD.replace("0.5866", "0.5876"))
    assert ce.main(["--docs", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err
    assert "docs/page.md:9: the example says 0.5876" in err and "1 problem(s)" in err
    assert ce.main(["--docs", str(tmp_path / "nowhere")]) == 2
    assert ce.main(["--show", str(tmp_path / "nowhere.md")]) == 2
    with project_builds.lock():  # the real site, its pages that passed the build's check taken from its cache
        assert ce.main(["--cache"]) == 0
    assert "agree with their snippets" in capsys.readouterr().out


# ---------------------------------------------------------------------------
# The exemplar: every digit of every checked number matters.

EXEMPLAR = ROOT / "docs" / "forward-pass.md"


def exemplar_numbers():
    text = EXEMPLAR.read_text(encoding="utf-8")
    examples, problems = ce.find_examples(EXEMPLAR, text, "docs/forward-pass.md")
    assert not problems and examples
    out = []
    for ex in (b for b in examples if b.kind == "example"):
        numbers, probs, _ = ce.numbers_in(ex, "docs/forward-pass.md")
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
def test_a_wrong_digit_fails_the_mkdocs_build(tmp_path, project_builds):
    project = copy_project(tmp_path, project_builds)  # the edited page alone is checked again
    expected = break_a_number(project)
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode != 0
    assert expected in result.stderr


# ---------------------------------------------------------------------------
# Whole pages: regions, Common mistakes, checked answers, givens.

PAGE_SNIPPET = '''
import math

def claims_intro():
    return [("nats", 0.22708), ("alpha ratio", (1 - 0.9) / math.sqrt(1 - 0.999)), ("minimum", -0.17))]

def claims_later():
    return [("ln 2", math.log(2))]

def mistake_sign():
    return [("loss after", 2.2022)]

def answer():
    return [("threshold", 709.7827)]
'''.replace("-0.17))]", "-0.16997)]")


def page(tmp_path: Path, text: str, snippet: str = PAGE_SNIPPET) -> ce.Report:
    """Write docs/p.md (text dedented) and snippets/demo.py, and check them."""
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "demo.py").write_text(snippet)
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "p.md").write_text(textwrap.dedent(text).lstrip("\n"))
    return ce.check(docs, tmp_path)


WHOLE = """
---
title: Demo
givens: [0.9, 0.999, 2, "1e-8", 1943]
---

# Demo

<!-- check: snippets/demo.py:claims_intro -->

The gap is 0.2271 nats. With $\\beta_1 = 0.9$ and $\\beta_2 = 0.999$ Adam's first step can be
$3.16\\alpha$, and $\\varepsilon = 10^{-8}$ is too small to matter (1e-8 in code; since 1943).

![GELU dips to −0.1700 at its minimum](figures/gelu.svg)

!!! failure "Common mistake: adding the gradient"

    <!-- check: snippets/demo.py:mistake_sign -->

    Adding the gradient pushes the loss up to $2.2022$.

    ```python
    w = w + 0.5 * grad   # fenced code is not read
    ```

??? question "Where does float64's exponential overflow?"

    <!-- check: snippets/demo.py:answer -->

    Above $e^{709.7827}$.

<!-- check: snippets/demo.py:claims_later -->

## Later

One bit is $0.6931$ nats, and 2 is a given.
"""


def test_a_whole_page_is_checked_and_counted(tmp_path):
    report = page(tmp_path, WHOLE)
    assert report.problems == []
    # regions: 0.2271, 3.16, −0.1700 (alt text), 0.6931; blocks: 2.2022, 709.7827
    assert (report.examples, report.blocks, report.numbers, report.outside) == (0, 2, 0, 6)
    assert report.givens == 6  # 0.9, 0.999, 10^{-8}, 1e-8, 1943 and the 2 in the last line
    assert "6 numbers on 1 pages agree with their snippets: 0 in 0 worked examples, 6 outside them" \
        in report.summary()


@pytest.mark.parametrize("old, new, line, message", [
    ("0.2271 nats", "0.2272 nats", 10, "the page says 0.2272, snippets/demo.py:nats computes 0.22708 "
     "(0.2271 at 4 decimals) [number 1 of the region that starts at line 8]"),
    ("$3.16\\alpha$", "$3.17\\alpha$", 11, "the page says 3.17, snippets/demo.py:alpha ratio computes"),
    ("−0.1700", "−0.1710", 13, "the page says −0.1710, snippets/demo.py:minimum computes -0.16997"),
    ("−0.1700", "0.1700", 13, "the page says 0.1700"),
    ("up to $2.2022$", "up to $2.2023$", 19, "the page says 2.2023, snippets/demo.py:loss after"),
    ("$e^{709.7827}$", "$e^{709.7837}$", 29, "[number 1 of the block 'Where does float64"),
    ("$0.6931$", "$0.6921$", 35, "[number 1 of the region that starts at line 31]"),
    ("2 is a given", "3 is a given", 35, "the page says 3, but snippets/demo.py:claims_later() has no "
     "value left for it"),
    ("since 1943", "since 1953", 11, "the page says 1953, snippets/demo.py:minimum computes"),
])
def test_any_changed_number_on_the_page_fails_with_page_and_line(tmp_path, old, new, line, message):
    assert old in WHOLE
    report = page(tmp_path, WHOLE.replace(old, new))
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith(f"docs/p.md:{line}: "), report.problems
    assert message in report.problems[0]


def test_a_number_outside_every_region_is_neither_checked_nor_given(tmp_path):
    report = page(tmp_path, "# Demo\n\nThe gap is 0.2271 nats.\n")
    assert report.problems == [
        "docs/p.md:3: 0.2271 is neither checked nor a given: compute it in a transcript: put "
        "<!-- check: snippets/<file>.py:<function> --> at the left margin above it (it checks every "
        "number up to the next marker), or, if it is an input the text chooses (a hyper-parameter, a "
        "count, a year), list it under givens: in the front matter"]


def test_a_region_that_states_less_than_its_transcript_fails(tmp_path):
    report = page(tmp_path, WHOLE.replace("One bit is $0.6931$ nats, and 2", "And 2"))
    assert report.problems[0] == (
        "docs/p.md:35: the region that starts at line 31 ends, but snippets/demo.py:ln 2 = 0.693147 is "
        "not stated (1 values, 0 numbers in the text)")


def test_fenced_code_front_matter_and_link_targets_are_not_read(tmp_path):
    text = ("---\ntitle: 'Page 7'\n---\n\nSee [the figure](figures/f-3.svg) and"
            " <img src=\"x5.png\">.\n\n```python\nx = 12.5\n```\n")
    assert page(tmp_path, text).problems == []


def test_a_common_mistake_needs_a_marker(tmp_path):
    report = page(tmp_path, '!!! failure "Common mistake: a sign"\n\n    It is wrong.\n')
    assert report.problems == [
        "docs/p.md:1: the Common mistake 'Common mistake: a sign' names no snippet: add "
        "<!-- check: snippets/<file>.py:<function> --> as its first line"]


def test_a_marker_inside_an_admonition_must_be_its_first_line(tmp_path):
    text = '??? question "Q"\n\n    Some words.\n\n    <!-- check: snippets/demo.py:answer -->\n'
    report = page(tmp_path, text)
    assert len(report.problems) == 1
    assert report.problems[0].startswith("docs/p.md:5: a check marker belongs on a line of its own, "
                                         "either at the left margin")


def test_a_marker_region_with_a_missing_function_is_one_line(tmp_path):
    report = page(tmp_path, "<!-- check: snippets/demo.py:nothing -->\n\nIt is 3.\n")
    assert report.problems == ["docs/p.md:1: snippets/demo.py has no function nothing(): define it or "
                               "fix the marker"]


@pytest.mark.parametrize("givens, message", [
    ("0.9", "givens must be a list of numbers"),
    ("[true]", "givens: True is not a number"),
    ("[abc]", "givens: 'abc' is not one number as a page writes it"),
    ("[1 2]", "givens: '1 2' is not one number as a page writes it"),
    ("[{a: 1}]", "givens: {'a': 1} is not a number"),
])
def test_malformed_givens_are_refused(tmp_path, givens, message):
    report = page(tmp_path, f"---\ngivens: {givens}\n---\n\nText.\n")
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith("docs/p.md:2: ") and message in report.problems[0]


def test_front_matter_that_is_not_yaml_is_one_line(tmp_path):
    report = page(tmp_path, "---\ngivens: [0.9\n---\n\nText.\n")
    assert len(report.problems) == 1
    assert report.problems[0].startswith("docs/p.md:1: the front matter is not valid YAML: ")
    assert "\n" not in report.problems[0]


@pytest.mark.parametrize("written, given", [("42\\%", "0.42"), ("$10^{-3}$", "0.001"),
                                            ("$1.5 \\times 10^{3}$", "1500"), ("−2", "-2")])
def test_givens_compare_values_not_spelling(tmp_path, written, given):
    assert page(tmp_path, f"---\ngivens: ['{given}']\n---\n\nIt is {written}.\n").problems == []


def test_a_given_does_not_cover_its_negative(tmp_path):
    report = page(tmp_path, "---\ngivens: [2]\n---\n\nIt is $-2$.\n")
    assert "-2 is neither checked nor a given" in report.problems[0]


def test_page_numbers_gives_every_number_with_its_kind(tmp_path):
    page(tmp_path, WHOLE)
    numbers = ce.page_numbers(tmp_path / "docs" / "p.md", tmp_path)
    kinds = [(n.text, n.kind) for n in numbers]
    assert kinds == [
        ("0.2271", "checked"), ("0.9", "given"), ("0.999", "given"), ("3.16", "checked"),
        ("10^{-8}", "given"), ("1e-8", "given"), ("1943", "given"), ("−0.1700", "checked"),
        ("2.2022", "checked"), ("709.7827", "checked"), ("0.6931", "checked"), ("2", "given")]
    text = (tmp_path / "docs" / "p.md").read_text().splitlines()
    for n in numbers:
        assert text[n.line - 1][n.col:n.col + len(n.text)] == n.text


def test_show_lists_regions_blocks_givens_and_unchecked_numbers(tmp_path, capsys):
    page(tmp_path, WHOLE.replace("2 is a given", "2 is a given; 5 is not"))
    assert ce.main(["--show", str(tmp_path / "docs" / "p.md")]) == 0
    out = capsys.readouterr().out
    assert "== docs/p.md:8 the region that starts at line 8 -> ('snippets/demo.py', 'claims_intro')" in out
    assert "     1  line   10  0.2271         nats = 0.22708" in out
    assert "== docs/p.md:15 the Common mistake 'Common mistake: adding the gradient'" in out
    assert "!!   2  line   35  5              (nothing)" in out
    assert "== givens (6): 0.9 (line 10)" in out


# ---------------------------------------------------------------------------
# Hardening: every input gives a page:line message, never a traceback.

@pytest.mark.parametrize("text", [
    "$1.7977 \\times 10^{30800}$", "$10^{99999}$", "1e99999", "$1.7977 \\times 10^{-30800}$",
    "$e^{1e999}$", "9" * 400, "$\\frac{}{}$ {{{ $$", "$x^{$", "<span class=\"nocheck\">3",
])
def test_extreme_input_never_raises(tmp_path, text):
    report = page(tmp_path, f"<!-- check: snippets/demo.py:claims_later -->\n\nIt is {text}.\n")
    assert report.problems, text
    assert all(p.startswith("docs/p.md:") and "checker failed" not in p for p in report.problems), \
        report.problems


def test_an_overflowing_exponent_is_reported_not_raised(tmp_path):
    snippet = "def example():\n    return [('big', 1.7976931348623157e308)]\n"
    report = make(tmp_path, "It is $1.7977 \\times 10^{408}$.", snippet=snippet)
    assert len(report.problems) == 1
    assert report.problems[0].startswith("docs/page.md:9: the example says 1.7977 \\times 10^{408}, "
                                         "snippets/demo.py:big computes 0.00000 × 10^408")


def test_a_scaled_mismatch_is_shown_on_the_texts_scale(tmp_path):
    report = make(tmp_path, GOOD.replace("$1.2 \\times 10^{-3}$", "$1.3 \\times 10^{-3}$"))
    assert "snippets/demo.py:small computes 1.20 × 10^-3 (1.2 × 10^-3 at 1 decimal)" in report.problems[0]
    report = make(tmp_path, GOOD.replace("42.13%", "42.23%"))
    assert "snippets/demo.py:p computes 42.130% (42.13% at 2 decimals)" in report.problems[0]


@pytest.mark.parametrize("text", ["It is .5 here.", "It is $.5$ here."])
def test_a_fraction_without_its_leading_zero_is_refused(tmp_path, text):
    report = page(tmp_path, f"---\ngivens: [5, 0.5]\n---\n\n{text}\n")
    assert report.problems == ["docs/p.md:5: write 0.5, not .5: a number starts with a digit"]


def test_scientific_notation_ends_a_sentence(tmp_path):
    snippet = "def example():\n    return [('eps', 0.0012), ('tiny', 1e-8)]\n"
    assert make(tmp_path, "It is 1.2e-3. Then 1e-8.", snippet=snippet).problems == []


def test_one_number_per_token(tmp_path):
    report = page(tmp_path, "---\ngivens: [1]\n---\n\nVersion 1.2.3 is out.\n")
    assert report.problems[0].startswith("docs/p.md:5: cannot read 1.2.3…: write one number per token")


@pytest.mark.parametrize("tex, read", [
    ("\\theta^{7}", ["7"]), ("e^{1002}", ["1002"]), ("0.9^{10}", ["0.9", "10"]), ("x^2", []),
    ("x^{3}", []), ("W^T", []), ("W^{\\top}", []), ("a^{(1)\\top}", []), ("a^{(l-1)}", []),
    ("\\beta^{t+1}", []), ("\\beta_1^{\\,t}", []), ("e^{-0.35}", ["-0.35"]), ("e^{-1}", ["-1"]),
    ("x^{1/2}", ["1", "2"]), ("x_{12}", []), ("a_{i,j}^{(2)}", []),
])
def test_superscripts_are_read_unless_they_are_powers_or_indices(tmp_path, tex, read):
    page(tmp_path, f"${tex}$\n")
    numbers = ce.page_numbers(tmp_path / "docs" / "p.md", tmp_path)
    assert [n.text for n in numbers] == read


@pytest.mark.parametrize("written, value, ok", [
    ("$−0.25$", -0.25, True), ("−0.25", -0.25, True), ("$-0.25$", 0.25, False),
    ("$-0.0$", 0.0, True), ("$0.0$", -0.0, True), ("$-0.00$", 0.004, True),  # sign of zero not compared
    ("$w_{12} = 3$", 3, True), ("<b>3</b>", 3, True), ("<abbr title=\"7 items\">3</abbr>", 3, True),
    ("3e-2", 0.03, True), ("3E-2", 0.03, True), ("3e-2", 0.04, False),
])
def test_reading_rules_from_the_docstring(tmp_path, written, value, ok):
    snippet = f"def example():\n    return [('v', {value!r})]\n"
    report = make(tmp_path, f"It is {written}.", snippet=snippet)
    assert (report.problems == []) == ok, report.problems


def test_a_second_marker_in_a_block_is_refused(tmp_path):
    report = make(tmp_path, GOOD + "\n<!-- check: snippets/demo.py:arr -->")
    assert any("docs/page.md:12: a second check marker in the example 'Worked example: demo'" in p
               for p in report.problems), report.problems


def test_an_unreadable_page_is_one_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_bytes(b"caf\xe9 \xff\n")
    report = ce.check(docs, tmp_path)
    assert len(report.problems) == 1 and report.problems[0].startswith("docs/p.md:1: cannot read the page: ")


@pytest.mark.parametrize("value, message", [
    ("float('nan')", "x is nan"), ("float('inf')", "x is inf"), ("True", "x is True, not a number"),
    ("'3'", "x is '3', not a number"), ("None", "x is None, not a number"),
    ("np.array([1.0, np.nan])", "x[1] is nan"), ("np.array([True])", "x has dtype bool"),
    ("np.bool_(True)", "not a number"), ("10 ** 400", "x is too large for a float"),
    ("object()", "x"),
])
def test_a_transcript_value_that_is_not_a_finite_number_is_refused(tmp_path, value, message):
    snippet = f"import numpy as np\n\ndef example():\n    return [('x', {value})]\n"
    report = make(tmp_path, "It is 3.", snippet=snippet)
    assert len(report.problems) == 1, report.problems
    assert report.problems[0].startswith("docs/page.md:7: snippets/demo.py:example() must return (name, "
                                         "number) pairs or a dict of numbers")
    assert message in report.problems[0]


def test_show_prints_each_number_beside_its_transcript_value(tmp_path):
    make(tmp_path, GOOD.replace("0.5866", "0.5876"))
    out = ce.show(tmp_path / "docs" / "page.md", tmp_path)
    assert "== docs/page.md:5 the example 'Worked example: demo' -> ('snippets/demo.py', 'example')" in out
    assert "!!   1  line    9  0.5876         a = 0.58661" in out
    assert "     2  line    9  3              n = 3" in out


def test_a_tiny_number_is_not_the_given_zero(tmp_path):
    report = page(tmp_path, "---\ngivens: [0]\n---\n\nIt is 0, and $4.9 \\times 10^{-324}$.\n")
    assert len(report.problems) == 1 and "4.9 \\times 10^{-324} is neither checked nor a given" in \
        report.problems[0]


def test_the_smallest_subnormal_compares_at_the_digits_shown(tmp_path):
    snippet = "def example():\n    return [('tiny', 5e-324)]\n"
    assert make(tmp_path, "It is $4.9 \\times 10^{-324}$.", snippet=snippet).problems == []
    assert make(tmp_path, "It is $5.0 \\times 10^{-324}$.", snippet=snippet).problems


def test_a_result_changed_into_a_given_is_reported_on_its_own_line(tmp_path):
    snippet = "def claims():\n    return [('four', 4), ('half', 0.5), ('third', 0.3333)]\n"
    text = ("---\ngivens: [2]\n---\n\n<!-- check: snippets/demo.py:claims -->\n\nIt is 4, with 2 inputs.\n"
            "Then 0.5.\n\nAnd 0.3333.\n")
    assert page(tmp_path, text, snippet=snippet).problems == []
    report = page(tmp_path, text.replace("It is 4,", "It is 2,"), snippet=snippet)
    assert report.problems == [
        "docs/p.md:8: the page says 0.5, snippets/demo.py:four computes 4.00 (4.0 at 1 decimal) "
        "[number 1 of the region that starts at line 5]",
        "docs/p.md:7: the page says 2, snippets/demo.py:four computes 4 (an integer must match exactly) "
        "[number 1 of the region that starts at line 5] (2 is also listed under givens:, so it was read "
        "as an input)"]


def test_unicode_squares_are_powers_and_other_superscripts_are_refused(tmp_path):
    assert page(tmp_path, "Minimise ‖Xw − y‖² and x³ here.\n").problems == []
    report = page(tmp_path, "---\ngivens: [10]\n---\n\nA step of 10⁻⁷.\n")
    assert report.problems == ["docs/p.md:5: write the exponent in TeX ($x^{-7}$), not with the Unicode "
                               "superscript '⁻⁷': the checker must read it"]
