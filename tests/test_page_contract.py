"""Tests of scripts/page_contract.py."""
from __future__ import annotations

import re
import textwrap

import pytest

import check_examples
import page_contract as pc
from conftest import ROOT

GOOD_PAGE = """---
title: A page
description: One sentence.
core_formula: 'a = \\sigma(z)'
key_idea: One idea.
---

# A page

!!! abstract "What you will be able to do"

    After this page you can compute one neuron by hand. Know it already? Skip to the exercises.

## Think of it like…

A dimmer switch.

**Where the analogy breaks.** A switch has no slope.

## In plain English

Words.

## The math

Formulas.

![A curve that rises from zero to one](figures/x.svg#only-light)
![A curve that rises from zero to one](figures/x-dark.svg#only-dark)

## Worked example

!!! example "Worked example: one unit"

    <!-- check: snippets/x.py:worked_example -->

    Numbers.

## Code

--8<-- "snippets/x.py:unit"

## Check yourself

""" + "".join(f"""!!! exercise "Exercise {k}: a step"

    <!-- check: snippets/x.py:exercise_{k} -->

    Compute it.

    ??? success "Answer"

        It is done.

""" for k in (1, 2, 3)) + """## Interview questions

""" + "".join(f"""??? question conceptual easy "Question number {k}?"

    An answer.

""" for k in "abcdef") + """## Key takeaways

- One.
- Two.
- Three.
"""


def run(tmp_path, text):
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "p.md").write_text(text)
    return pc.check(docs, tmp_path)


def test_the_real_site_follows_the_contract():
    result = pc.check(ROOT / "docs")
    assert result.problems == []
    assert result.topic_pages >= 1 and result.exempt_pages >= 1


def test_a_complete_page_passes(tmp_path):
    result = run(tmp_path, GOOD_PAGE)
    assert result.problems == [] and result.topic_pages == 1 and result.questions == 6


@pytest.mark.parametrize("section", pc.SECTIONS)
def test_each_missing_section_is_named(tmp_path, section):
    text = GOOD_PAGE.replace(f"\n## {section}\n", "\n### renamed\n")
    problems = run(tmp_path, text).problems
    assert any("the ## sections must be, in order" in p and f"missing '{section}'" in p
               for p in problems), problems


def test_sections_out_of_order_fail(tmp_path):
    text = (GOOD_PAGE.replace("## The math", "## TMP").replace("## In plain English", "## The math")
            .replace("## TMP", "## In plain English"))
    assert any("out of order" in p for p in run(tmp_path, text).problems)


def test_too_few_questions_fail(tmp_path):
    head, tail = GOOD_PAGE.split("## Interview questions")
    questions, takeaways = tail.split("## Key takeaways")
    blocks = questions.split("??? question")
    text = head + "## Interview questions" + "??? question".join(blocks[:6]) + "## Key takeaways" + takeaways
    problems = run(tmp_path, text).problems
    assert any("5 interview question(s)" in p for p in problems), problems


def test_question_without_answer_fails(tmp_path):
    text = GOOD_PAGE.replace("## Key takeaways", '??? question coding hard "Empty?"\n\n## Key takeaways')
    assert any("'Empty?' has no model answer" in p for p in run(tmp_path, text).problems)


def test_figure_needs_alt_text_and_dark_twin(tmp_path):
    text = re.sub(r"!\[[^\]]+\]\(figures/x.svg", "![](figures/x.svg", GOOD_PAGE, count=1)
    assert any("has no alt text" in p for p in run(tmp_path, text).problems)
    no_dark = "\n".join(line for line in GOOD_PAGE.splitlines() if "#only-dark" not in line)
    assert any("has no dark twin" in p for p in run(tmp_path, no_dark).problems)


def test_missing_worked_example_and_code_include_fail(tmp_path):
    text = GOOD_PAGE.replace('!!! example "', '!!! note "').replace("--8<--", "")
    problems = run(tmp_path, text).problems
    assert any("'Worked example' has no !!! example" in p for p in problems)
    assert any("'Code' includes no snippet" in p for p in problems)


def test_front_matter_keys_and_exemption(tmp_path):
    text = GOOD_PAGE.replace("core_formula:", "formula:")
    assert any("front matter lacks 'core_formula'" in p for p in run(tmp_path, text).problems)
    result = run(tmp_path, "---\ncontract: exempt\n---\n# Cheat sheet\n")
    assert result.problems == [] and result.exempt_pages == 1


def test_the_contract_reads_front_matter_as_the_checker_does(tmp_path):
    # One reader for the build: a closing line with trailing spaces ends the front matter for
    # both, and an unclosed one is the same problem in both.
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: T\n---  \n# Body\n")
    read = pc.read_page(page)
    assert read.meta == {"title": "T"} and read.body == "# Body\n" and read.body_start == 4
    lines = page.read_text().splitlines()
    assert check_examples.front_matter(lines, "p.md")[:2] == ({"title": "T"}, 3)
    problems = run(tmp_path, "---\ntitle: T\n# never closed\n").problems
    assert problems and problems[0] == ("docs/p.md:1: the front matter starts with --- but never "
                                        "ends with ---")


def test_broken_front_matter_is_reported_not_raised(tmp_path):
    problems = run(tmp_path, "---\ntitle: [unclosed\n---\n# x\n").problems
    assert problems and problems[0].startswith("docs/p.md:1: the front matter is not valid YAML")


# ---------------------------------------------------------------------------
# Issue 8: goal, analogy limit, exercises, tags, takeaways, length, duplicates


def problems_of(tmp_path, text):
    return run(tmp_path, text).problems


def test_the_goal_box_opens_the_page(tmp_path):
    text = GOOD_PAGE.replace('!!! abstract "What you will be able to do"', '!!! note "Goal"')
    assert problems_of(tmp_path, text) == [
        'docs/p.md:10: the page must open with its goal: !!! abstract "What you will be able to do" with '
        "one short paragraph right under the # title"]


def test_the_goal_is_one_short_paragraph(tmp_path):
    long = GOOD_PAGE.replace("compute one neuron by hand.", "compute " + "one neuron " * 40 + "by hand.")
    # 17 words, with "one neuron" (2 words) now written 40 times: 17 - 2 + 80 = 95
    assert "has 1 paragraph(s) and 95 words" in problems_of(tmp_path, long)[0]
    two = GOOD_PAGE.replace(" Know it already?", "\n\n    Know it already?")
    assert "has 2 paragraph(s)" in problems_of(tmp_path, two)[0]


def test_the_analogy_says_where_it_breaks(tmp_path):
    text = GOOD_PAGE.replace("**Where the analogy breaks.** A switch", "A switch")
    assert problems_of(tmp_path, text) == [
        "docs/p.md:14: the analogy must say where it stops working: add a paragraph that starts "
        "**Where the analogy breaks.**"]


def test_check_yourself_needs_three_to_five_checked_exercises_with_answers(tmp_path):
    head, rest = GOOD_PAGE.split("## Check yourself")
    exercises, tail = rest.split("## Interview questions")
    blocks = exercises.split("!!! exercise")
    two = head + "## Check yourself" + "!!! exercise".join(blocks[:3]) + "## Interview questions" + tail
    assert any("'Check yourself' has 2 exercise(s): write 3 to 5" in p for p in problems_of(tmp_path, two))
    unchecked = GOOD_PAGE.replace("    <!-- check: snippets/x.py:exercise_2 -->\n", "")
    assert any("the exercise 'Exercise 2: a step' is not checked" in p
               for p in problems_of(tmp_path, unchecked))
    no_answer = GOOD_PAGE.replace('??? success "Answer"\n\n        It is done.\n\n!!! exercise "Exercise 3',
                                  'Nothing.\n\n!!! exercise "Exercise 3')
    assert any("the exercise 'Exercise 2: a step' has no worked answer" in p
               for p in problems_of(tmp_path, no_answer))


@pytest.mark.parametrize("tags", ["", "conceptual", "easy", "conceptual easy extra", "chat easy",
                                  "conceptual coding"])
def test_every_question_has_one_type_and_one_difficulty(tmp_path, tags):
    text = GOOD_PAGE.replace('??? question conceptual easy "Question number a?"',
                             f'??? question {tags} "Question number a?"'.replace("  ", " "))
    assert any("tag the question 'Question number a?' with one type and one difficulty" in p
               for p in problems_of(tmp_path, text))


@pytest.mark.parametrize("bullets, ok", [(2, False), (3, True), (6, True), (7, False)])
def test_key_takeaways_have_three_to_six_bullets(tmp_path, bullets, ok):
    head = GOOD_PAGE.split("## Key takeaways")[0]
    text = head + "## Key takeaways\n\n" + "".join(f"- Point {k}.\n" for k in range(bullets))
    problems = problems_of(tmp_path, text)
    assert (problems == []) == ok, problems
    if not ok:
        assert f"'Key takeaways' has {bullets} bullet(s): write 3 to 6" in problems[0]


def test_the_core_path_counts_prose_outside_collapsible_blocks_code_and_math(tmp_path):
    page = pc.Page(tmp_path / "p.md", {}, textwrap.dedent("""
        # Title

        Five words of plain prose. $x + y = z$ and $$\\frac{a}{b}$$ add nothing.

        ??? info "Deep dive: hidden"

            Many hidden words here do not count at all.

        ```python
        def f(x): return x
        ```

        | word | other |
        |---|---|
        | one | two |
        """), 1)
    # "Title" 1 + "Five words of plain prose" 5 + "and add nothing" 3 + table 4
    assert pc.core_words(page) == 13


def test_a_core_path_over_three_thousand_words_fails(tmp_path):
    text = GOOD_PAGE.replace("Words.", "word " * 3000)
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1 and problems[0].startswith("docs/p.md:7: the core path has ")
    count = int(problems[0].split("has ")[1].split(" words")[0].replace(",", ""))
    assert count >= 3000 and "(at most 3,000)" in problems[0]
    assert problems_of(tmp_path, GOOD_PAGE.replace("Words.", "word " * 2000)) == []


def test_a_question_is_asked_once_on_the_site(tmp_path):
    run(tmp_path, GOOD_PAGE)
    (tmp_path / "docs" / "q.md").write_text(GOOD_PAGE.replace("Question number", "Another question").replace(
        '"Another question b?"', '"Question  number A ?"'))
    problems = pc.check(tmp_path / "docs", tmp_path).problems
    assert len(problems) == 1 and "the question 'Question  number A ?' is already asked on docs/p.md" in \
        problems[0] and problems[0].startswith("docs/q.md:")


def test_two_questions_that_start_alike_fail_their_shared_id(tmp_path):
    """A question's id is q- and its first six words: two different questions may not share it."""
    first = 'Why does the loss go up when the rate is large?'
    second = 'Why does the loss go up with dropout on?'
    text = GOOD_PAGE.replace('"Question number a?"', f'"{first}"').replace('"Question number b?"', f'"{second}"')
    problems = run(tmp_path, text).problems
    line = text.splitlines().index(f'??? question conceptual easy "{second}"') + 1
    assert problems == [f"docs/p.md:{line}: the question {second!r} starts with the same 6 words as {first!r} "
                        f"(docs/p.md:{line - 4}), so both would get the id q-why-does-the-loss-go-up: "
                        f"reword the start of one"]


def test_interview_questions_are_parsed_once_with_their_page_line_tags_and_answer(tmp_path):
    text = GOOD_PAGE.replace('"Question number c?"\n\n    An answer.',
                             '"Question number c?"\n\n    First line.\n\n    !!! note "Inside"\n\n        Nested.')
    result = run(tmp_path, text)
    assert result.problems == [] and len(result.bank) == 6
    lines = text.splitlines()
    q = result.bank[2]
    assert (q.rel, q.line, q.kind, q.level, q.title) == (
        "docs/p.md", lines.index('??? question conceptual easy "Question number c?"') + 1, "conceptual", "easy",
        "Question number c?")
    assert q.answer == ["First line.", "", '!!! note "Inside"', "", "    Nested."]
    assert q.anchor == "q-question-number-c"
