"""Tests of scripts/page_contract.py."""
from __future__ import annotations

import re

import pytest

import page_contract as pc
from conftest import ROOT

GOOD_PAGE = (ROOT / "docs" / "forward-pass.md").read_text(encoding="utf-8")


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
    assert result.problems == [] and result.topic_pages == 1 and result.questions >= 8


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
    blocks = tail.split("??? question")
    text = head + "## Interview questions" + "??? question".join(blocks[:6])  # five questions
    problems = run(tmp_path, text).problems
    assert any("5 interview question(s)" in p for p in problems), problems


def test_question_without_answer_fails(tmp_path):
    text = GOOD_PAGE + '\n??? question "Empty?"\n\n'
    assert any("'Empty?' has no model answer" in p for p in run(tmp_path, text).problems)


def test_figure_needs_alt_text_and_dark_twin(tmp_path):
    text = re.sub(r"!\[[^\]]+\]\(figures/forward-pass-universal.svg", "![](figures/forward-pass-universal.svg",
                  GOOD_PAGE, count=1)
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


def test_broken_front_matter_is_reported_not_raised(tmp_path):
    problems = run(tmp_path, "---\ntitle: [unclosed\n---\n# x\n").problems
    assert problems and problems[0].startswith("docs/p.md:1: front matter is not valid YAML")
