"""Tests of scripts/notation.py: one symbol, one meaning, defined before use."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import notation
from conftest import ROOT

FIRST = """
---
title: First
symbols:
  'x': an input
  '\\mathbf{W}': a weight matrix
  '\\sigma': the sigmoid
---

# First

Words before any symbol.

<!-- symbols: x | \\mathbf{W} | \\sigma -->

Then $\\sigma(\\mathbf{W} x_{12}^{2})$ and $\\text{all words } \\log x$.
"""

SECOND = """
---
title: Second
symbols:
  '\\hat{y}': a prediction
---

# Second

<!-- symbols: \\hat{y} | x -->

We use $\\hat y = \\sigma(x)$ and $\\mathbf W$.
"""


def project(tmp_path: Path, first: str = FIRST, second: str = SECOND, extra: str = "") -> notation.Report:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "first.md").write_text(textwrap.dedent(first).lstrip())
    (docs / "second.md").write_text(textwrap.dedent(second).lstrip())
    if extra:
        (docs / "about.md").write_text(extra)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: !ENV [SITE_URL, null]\nnav:\n  - first.md\n  - Part:\n      - second.md\n"
        "  - about.md\n")
    report, site = notation.check(docs, tmp_path)
    project.site = site
    return report


def test_symbols_defined_before_use_pass(tmp_path):
    report = project(tmp_path)
    assert report.problems == []
    assert (report.symbols, report.pages) == (4, 2)
    # first: σ, W, x, x (\log x) ; second: ŷ, σ, x, W
    assert report.uses == 8
    assert project.site["\\hat{y}"] == ("a prediction", "docs/second.md")
    assert "4 symbols, each with one meaning; 8 uses on 2 pages" in report.summary()


def test_a_symbol_used_above_its_directive_fails(tmp_path):
    first = FIRST.replace("Words before any symbol.", "Words before $x$.")
    assert project(tmp_path, first=first).problems == [
        "docs/first.md:11: $x$ is used before it is defined: list it in a <!-- symbols: … --> directive at "
        "or above this line"]


def test_a_symbol_defined_nowhere_fails_once_per_page(tmp_path):
    second = SECOND.replace("and $\\mathbf W$.", "and $\\rho + \\rho$.")
    assert project(tmp_path, second=second).problems == [
        "docs/second.md:11: $\\rho$ is not defined on any page: add it to this page's symbols: with its "
        "meaning, and list it in a directive before this line"]


def test_a_symbol_introduced_on_a_later_page_fails(tmp_path):
    first = FIRST.replace("and $\\text{all words } \\log x$", "and $\\hat{y}$")
    problems = project(tmp_path, first=first).problems
    assert problems == ["docs/first.md:15: $\\hat{y}$ is introduced only later, on docs/second.md: introduce it "
                        "here (move it to this page's symbols:) or rewrite without it"]


def test_one_symbol_one_meaning(tmp_path):
    second = SECOND.replace("'\\hat{y}': a prediction", "'\\hat{y}': a prediction\n  'x': a batch")
    problems = project(tmp_path, second=second).problems
    assert problems == ["docs/second.md:1: $x$ already means 'an input' (introduced on docs/first.md): one "
                        "symbol has one meaning site-wide, so drop it from symbols: here and use that meaning, "
                        "or choose another symbol"]


def test_a_directive_lists_only_known_symbols(tmp_path):
    second = SECOND.replace("<!-- symbols: \\hat{y} | x -->", "<!-- symbols: \\hat{y} | x | \\beta -->")
    assert project(tmp_path, second=second).problems == [
        "docs/second.md:9: the directive lists $\\beta$, which neither this page nor an earlier one "
        "introduces: add it to this page's symbols: with its meaning"]


def test_a_meaning_states_no_number(tmp_path):
    first = FIRST.replace("'x': an input", "'x': an input of 3 features")
    problems = project(tmp_path, first=first).problems
    assert len(problems) == 1 and "the meaning of $x$ states a number" in problems[0]
    assert problems[0].startswith("docs/first.md:3: ")


def test_pages_outside_the_reading_order_and_exempt_pages_are_not_checked(tmp_path):
    extra = "---\ncontract: exempt\n---\n# About\n\n$\\rho$ and $q$ are fine here.\n"
    assert project(tmp_path, extra=extra).problems == []


@pytest.mark.parametrize("tex, symbols", [
    ("\\hat{\\mathbf{y}} = \\sigma(W_1 x^2 + b)", ["\\hat{\\mathbf{y}}", "\\sigma", "W", "x", "b"]),
    ("\\text{for all } \\operatorname{softmax}(z)_i", ["z"]),
    ("\\hat y + \\hat\\theta + \\mathbf W", ["\\hat{y}", "\\hat{\\theta}", "\\mathbf{W}"]),
    ("\\log p_{ij} - \\mathcal N(\\mu, \\sigma^2)", ["p", "\\mathcal{N}", "\\mu", "\\sigma"]),
    ("\\frac{\\partial L}{\\partial w} \\cdot \\nabla", ["L", "w"]),
    ("\\begin{bmatrix} a & b \\end{bmatrix}", ["a", "b"]),
    ("3 + 4 = 7", []),
])
def test_what_counts_as_a_symbol(tex, symbols):
    assert [s for s, _ in notation.symbols_in_tex(tex)] == symbols


def test_the_real_site_follows_the_notation_rules():
    report, _ = notation.check(ROOT / "docs", ROOT)
    assert report.problems == []


def test_the_build_renders_directives_the_notation_page_and_question_tags(tmp_path):
    import mkdocs_hooks

    project(tmp_path)
    mkdocs_hooks._state["symbols"] = project.site
    mkdocs_hooks._state["topics"] = [(None, "first.md", {"title": "First"}),
                                     ("Part", "second.md", {"title": "Second"})]
    out = mkdocs_hooks.symbol_tables("Text.\n<!-- symbols: \\hat y | x -->\nMore.\n", "second.md")
    assert out == ("Text.\n| symbol | meaning |\n|---|---|\n| $\\hat{y}$ | a prediction |\n"
                   "| $x$ | an input (from [First](first.md)) |\n\nEvery symbol of the site, with its one "
                   "meaning: [Notation](notation.md).\n\nMore.\n")
    boxed = mkdocs_hooks.symbol_tables('??? info "Deep dive"\n\n    <!-- symbols: x -->\n', "second.md")
    assert boxed.splitlines()[2:5] == ["    | symbol | meaning |", "    |---|---|",
                                       "    | $x$ | an input (from [First](first.md)) |"]
    page = mkdocs_hooks.symbol_tables("# Notation\n\n<!-- notation -->\n", "notation.md")
    assert "| $x$ | an input | [First](first.md) |" in page
    assert "| $\\hat{y}$ | a prediction | [Second](second.md) |" in page
    html = '<details class="question coding hard">\n<summary>Write it.</summary>\n<p>Answer</p></details>'
    assert mkdocs_hooks.question_tags(html) == (
        '<details class="question coding hard">\n<summary>Write it. <span class="question-tags">coding · '
        'hard</span></summary>\n<p>Answer</p></details>')
