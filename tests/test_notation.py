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
                        "or choose another symbol (a field whose own notation needs the letter may give it a "
                        "meaning within its part: part_symbols:)"]


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
                   "| $x$ | an input (from [First](first.md)) |\n\nEvery symbol of the site and what it "
                   "means: [Notation](notation.md).\n\nMore.\n")
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
    with_id = html.replace("<summary>", '<summary id="q-write-it">')  # the question's anchor (question_bank)
    assert mkdocs_hooks.question_tags(with_id) == mkdocs_hooks.question_tags(html).replace(
        "<summary>", '<summary id="q-write-it">')


# --------------------------------------------------------------------------
# Meanings within one part (part_symbols)

SCOPED = """
---
title: Second
symbols:
  '\\hat{y}': a prediction
part_symbols:
  'x': a state of the world
---

# Second

Before the change, words only.

<!-- symbols: \\hat{y} | x -->

Now $x$ is a state.
"""

THIRD = """
---
title: Third
---

# Third

<!-- symbols: x -->

A later page of the part reads $x$ as a state.
"""

FOURTH = """
---
title: Fourth
---

# Fourth

<!-- symbols: x -->

Another part reads $x$ as an input again.
"""


def parts_project(tmp_path: Path, second: str = SCOPED, third: str = THIRD, fourth: str = FOURTH,
                  nav: str = "  - first.md\n  - Part:\n      - second.md\n      - third.md\n"
                             "  - Other:\n      - fourth.md\n") -> notation.Report:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in (("first", FIRST), ("second", second), ("third", third), ("fourth", fourth)):
        (docs / f"{name}.md").write_text(textwrap.dedent(text).lstrip())
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nnav:\n{nav}")
    report, site = notation.check(docs, tmp_path)
    parts_project.site = site
    return report


def test_a_part_may_give_a_symbol_a_second_meaning_for_the_rest_of_the_part(tmp_path):
    report = parts_project(tmp_path)
    assert report.problems == []
    assert "(1 given a second meaning within one part, declared where it starts)" in report.summary()
    site = parts_project.site
    assert site["x"] == ("an input", "docs/first.md")  # the site-wide meaning stays
    assert site.in_force("x", "docs/second.md") == ("a state of the world", "docs/second.md", "Part")
    assert site.in_force("x", "docs/third.md") == ("a state of the world", "docs/second.md", "Part")
    assert site.in_force("x", "docs/fourth.md") == ("an input", "docs/first.md", None)
    assert site.in_force("x", "docs/first.md") == ("an input", "docs/first.md", None)


def test_a_part_meaning_starts_on_its_page_not_at_the_top_of_the_part(tmp_path):
    nav = "  - first.md\n  - Part:\n      - third.md\n      - second.md\n  - Other:\n      - fourth.md\n"
    parts_project(tmp_path, nav=nav)
    assert parts_project.site.in_force("x", "docs/third.md") == ("an input", "docs/first.md", None)


def test_tables_say_which_meaning_a_page_uses_and_what_it_is_elsewhere(tmp_path):
    parts_project(tmp_path)
    site, titles = parts_project.site, {"docs/first.md": "First", "docs/second.md": "Second"}
    own = notation.table(["x"], site, "docs/second.md", titles)
    assert own.splitlines()[2] == ("| $x$ | a state of the world. **In Part only**: elsewhere on the site, $x$ is "
                                   "an input (from [First](docs/first.md)) |")
    later = notation.table(["x"], site, "docs/third.md", titles)
    assert later.splitlines()[2].startswith("| $x$ | a state of the world (from [Second](docs/second.md)). "
                                            "**In Part only**")
    other = notation.table(["x"], site, "docs/fourth.md", titles)
    assert other.splitlines()[2] == "| $x$ | an input (from [First](docs/first.md)) |"
    assert notation.part_table(site, titles).splitlines()[2] == (
        "| $x$ | Part | a state of the world | [Second](docs/second.md) |")


def test_a_part_meaning_is_listed_before_its_first_use_on_its_page(tmp_path):
    second = SCOPED.replace("Before the change, words only.", "Before the change, $x$ is used.")
    assert parts_project(tmp_path, second=second).problems == [
        "docs/second.md:11: $x$ takes a new meaning in Part on this page: list it in a <!-- symbols: … --> "
        "directive at or above this line, so the reader sees the change before meeting it"]


def test_a_part_meaning_needs_a_site_wide_meaning_first(tmp_path):
    second = SCOPED.replace("'x': a state of the world", "'\\rho': a ratio").replace(
        "Now $x$ is a state.", "Now $\\rho$ is a ratio.").replace("| x -->", "| \\rho -->")
    third, fourth = THIRD.replace("$x$", "it"), FOURTH.replace("$x$", "it")
    problems = parts_project(tmp_path, second=second, third=third, fourth=fourth).problems
    assert problems[0] == ("docs/second.md:1: $\\rho$ is under part_symbols, but no earlier page gives it a "
                           "site-wide meaning: move it to symbols:")


def test_a_part_gives_a_symbol_one_meaning(tmp_path):
    third = THIRD.replace("title: Third\n", "title: Third\npart_symbols:\n  'x': an action\n")
    problems = parts_project(tmp_path, third=third).problems
    assert problems == ["docs/third.md:1: $x$ already means 'a state of the world' in Part (from docs/second.md): "
                        "a part gives a symbol one meaning; use that one, or choose another symbol"]


def test_another_part_may_give_the_same_symbol_its_own_meaning(tmp_path):
    fourth = FOURTH.replace("title: Fourth\n", "title: Fourth\npart_symbols:\n  'x': an action\n")
    assert parts_project(tmp_path, fourth=fourth).problems == []
    assert parts_project.site.in_force("x", "docs/fourth.md") == ("an action", "docs/fourth.md", "Other")
    assert parts_project.site.in_force("x", "docs/third.md")[0] == "a state of the world"


def test_a_part_meaning_needs_a_part(tmp_path):
    nav = "  - first.md\n  - second.md\n  - third.md\n  - fourth.md\n"
    problems = parts_project(tmp_path, nav=nav).problems
    assert problems == ["docs/second.md:1: part_symbols gives $x$ a meaning within a part, but this page sits in "
                        "no part of the nav: put it in a section of nav in mkdocs.yml, or choose another symbol"]


def test_a_symbol_is_not_both_new_and_re_meant(tmp_path):
    second = SCOPED.replace("'\\hat{y}': a prediction\n", "'\\hat{y}': a prediction\n  'x': a batch\n")
    problems = parts_project(tmp_path, second=second).problems
    assert any("$x$ is under both symbols and part_symbols" in p for p in problems), problems


def test_the_notation_page_lists_the_meanings_within_a_part(tmp_path):
    import mkdocs_hooks

    parts_project(tmp_path)
    mkdocs_hooks._state["symbols"] = parts_project.site
    mkdocs_hooks._state["topics"] = [(None, "first.md", {"title": "First"}),
                                     ("Part", "second.md", {"title": "Second"}),
                                     ("Part", "third.md", {"title": "Third"})]
    page = mkdocs_hooks.symbol_tables("# Notation\n\n<!-- notation -->\n", "notation.md")
    assert "| $x$ | an input | [First](first.md) |" in page
    assert "## Meanings within one part" in page
    assert "| $x$ | Part | a state of the world | [Second](second.md) |" in page
    (tmp_path / "plain").mkdir()
    without = project(tmp_path / "plain")  # no part meanings: no second table
    mkdocs_hooks._state["symbols"] = project.site
    assert "Meanings within one part" not in mkdocs_hooks.symbol_tables("<!-- notation -->\n", "notation.md")
    assert without.problems == []


def test_a_table_names_the_part_by_its_number(tmp_path):
    nav = ("  - first.md\n  - Part 9 — A long title:\n      - second.md\n      - third.md\n"
           "  - Other:\n      - fourth.md\n")
    parts_project(tmp_path, nav=nav)
    row = notation.table(["x"], parts_project.site, "docs/third.md", {}).splitlines()[2]
    assert "**In Part 9 only**: elsewhere on the site, $x$ is an input" in row
    assert "A long title" not in row
