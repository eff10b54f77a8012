"""The mutation benchmark's machinery (scripts/mutation.py), and a sampled site-wide number mutation test."""
from __future__ import annotations

import random
import shutil

import pytest

import check_examples
import mutation
from conftest import ROOT

# ---------------------------------------------------------------------------
# Code mutations

TINY = '''"""A tiny snippet: one clipped gradient step on x**2 / 2."""


def clip_step(x, lr=0.5, limit=10.0):
    """Step from x against the gradient x, clipped at limit (θ stays below it).

    >>> clip_step(2.0)
    1.0
    """
    if x > limit:  # the boundary x == limit is never tested
        return limit
    return x - lr * x


def worked_example():
    """The numbers of the page's worked example."""
    return [("x", 2.0), ("step", clip_step(2.0))]
'''
TINY_TEST = '''from tiny import clip_step


def test_a_step_halves_x():
    assert clip_step(4.0) == 4.0 / 2
'''
TINY_PAGE = '''# Tiny

!!! example "Worked example: one step"

    <!-- check: snippets/tiny.py:worked_example -->

    From $x = 2$ one step with half the gradient gives $1$.
'''
CONFTEST = '''import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "snippets"))
'''


@pytest.fixture
def tiny(tmp_path):
    """A scratch project: one snippet, its test, a page checked against it, the real checker."""
    for sub in ("snippets", "tests/snippets", "scripts", "docs"):
        (tmp_path / sub).mkdir(parents=True)
    (tmp_path / "snippets" / "tiny.py").write_text(TINY, encoding="utf-8")
    (tmp_path / "tests" / "snippets" / "test_tiny.py").write_text(TINY_TEST)
    (tmp_path / "tests" / "conftest.py").write_text(CONFTEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "docs" / "tiny.md").write_text(TINY_PAGE)
    for script in ("check_examples.py", "make_figures.py", "build_cache.py"):  # the checker and what it imports
        shutil.copy(ROOT / "scripts" / script, tmp_path / "scripts" / script)
    return tmp_path


def site(sites, kind, desc_start, count=1):
    """The first of ``count`` sites of this kind whose description starts so (in source order)."""
    found = sorted((s for s in sites if s.kind == kind and s.desc.startswith(desc_start)),
                   key=lambda s: (s.line, s.col))
    assert len(found) == count, (desc_start, [s.desc for s in sites])
    return found[0]


def test_code_mutants_are_judged_by_the_tests_then_the_checker(tiny):
    sites = mutation.find_sites(tiny / "snippets" / "tiny.py", tiny)
    minus = site(sites, "operator", "`-` → `+` in `x - lr * x`")
    boundary = site(sites, "compare", "`>` → `>=` in `x > limit`")
    example = site(sites, "constant", "`2.0` → `3.0`", count=2)  # x = 2.0, then clip_step(2.0)
    assert (minus.line, minus.function) == (12, "clip_step") and example.function == "worked_example"
    assert (example.line, example.col) == (17, 18) and example.transcript and not minus.transcript

    scratch = mutation.scratch_copy(tiny, tiny / "scratch")
    caught = mutation.judge(minus, scratch, root=tiny)
    assert caught.caught_by == "tests", caught  # 4 + 2 = 6, not 2
    missed = mutation.judge(boundary, scratch, root=tiny)
    assert missed.caught_by == "survived", missed  # no test steps from x = limit
    page = mutation.judge(example, scratch, root=tiny)
    assert page.caught_by == "checker", page  # the page says x = 2
    assert "docs/tiny.md" in page.detail
    # The snippet itself was never touched, and the scratch copy is restored after each mutant.
    assert (tiny / "snippets" / "tiny.py").read_text(encoding="utf-8") == TINY
    assert (scratch / "snippets" / "tiny.py").read_text(encoding="utf-8") == TINY

    summary = mutation.code_summary([caught, missed, page], len(sites), 1, 0.0)
    assert (summary["caught_by_tests"], summary["caught_only_by_checker"], summary["survived"]) == (1, 1, 1)
    assert summary["survivors"] == ["snippets/tiny.py:10 (clip_step): `>` → `>=` in `x > limit`"]
    assert "| tiny.py | 3 | 1 | 1 | 1 |" in mutation.code_table(summary)


def test_every_kind_of_code_mutation_keeps_the_rest_of_the_file(tmp_path):
    source = '''def f(x, y, zs):
    """Docstring 0.5 stays."""
    # θ: a comment with an operator a * b, kept
    z = -x ** 2 + y  # trailing * comment
    if z >= 0 and not y:
        z -= 1.5
    w = max(z, 0.25) @ zs[1:] + zs[:-1].sum(axis=0) / 2
    return w if w is not None else f"{x + 1}"
'''
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text(source, encoding="utf-8")
    sites = mutation.find_sites(tmp_path / "snippets" / "s.py", tmp_path)
    texts = {s.desc: mutation.mutant_source(s, tmp_path) for s in sites}  # each parses to its mutated tree
    for desc, text in texts.items():
        assert "# θ: a comment with an operator a * b, kept" in text and '"""Docstring 0.5 stays."""' in text
        if "return None" not in desc:
            assert "# trailing * comment" in text and 'f"{x + 1}"' in text  # f-strings are left alone
    assert "    z = -(x * 2) + y  # trailing * comment\n" in texts["`**` → `*` in `x ** 2`"]
    assert "    z = x ** 2 + y" in texts["drop `-` in `-x ** 2`"]
    assert "    if z >= 0 or not y:" in texts["`and` → `or` in `z >= 0 and not y`"]
    assert "    if z >= 0 and y:" in texts["drop `not` in `not y`"]
    assert "    if z < 0 and not y:" in texts["`>=` → `<` in `z >= 0`"]
    assert "        z += 1.5\n" in texts["`-=` → `+=` in `z -= 1.5`"]
    assert "        z -= 2.5\n" in texts["`1.5` → `2.5`"]
    assert "min(z, 0.25)" in texts["`max` → `min` in `max(z, 0.25)`"]
    assert "max(0.25, z)" in texts["swap `z` and `0.25` in `max(z, 0.25)`"]
    assert "zs[:-1].sum() / 2" in texts["drop `axis=0` in `zs[:-1].sum(axis=0)`"]
    assert "zs[:-1].mean(axis=0)" in texts["`sum` → `mean` in `zs[:-1].sum(axis=0)`"]
    assert "@ zs[:]" in texts["drop the start of `[1:]`"]
    assert "zs[1:-1]" in texts["start `[:-1]` at 1"]
    assert "zs[:(-1) + 1]" in texts["stop + 1 in `[:-1]`"]
    assert "    return None\n" in texts['`return w if w is not None else f"{x + 1}"` → `return None`']
    assert "is not" in source and "    return w if w is None else" in texts["`is not` → `is` in `w is not None`"]
    assert not any("Docstring" in d or "0.5 stays" in d for d in texts)


def test_code_mutants_are_sampled_with_a_seed():
    sites = mutation.all_sites()
    assert len(sites) > 1000 and {s.snippet for s in sites} == {
        p.relative_to(ROOT).as_posix() for p in mutation.snippet_files()}
    first = mutation.sample_sites(sites, 30, seed=3)
    assert [s.desc for s in first] == [s.desc for s in mutation.sample_sites(sites, 30, seed=3)]
    assert [s.desc for s in first] != [s.desc for s in mutation.sample_sites(sites, 30, seed=4)]
    assert not any(s.function == "main" for s in sites)  # it only prints
    for s in first:
        text = mutation.mutant_source(s)  # raises unless the mutant parses to exactly the mutated tree
        assert text != (ROOT / s.snippet).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Number mutations


def test_a_digit_or_a_sign_is_changed_where_the_number_stands():
    rng = random.Random(0)
    for text in ("0.5866", "−0.25", "1.2 \\times 10^{-3}", "10^{-7}", "42\\%", "799{,}900", "12"):
        for _ in range(30):
            after = mutation.change_digit(text, rng)
            assert after != text and len(after) == len(text)
            if "10^" in text:
                assert "10^" in after  # the base of a power of ten is not a digit of the value
            if text == "12":
                assert not after.startswith("0")
    assert mutation.change_digit("π", rng) is None
    assert mutation.is_zero("−0.00") and mutation.is_zero("-0") and not mutation.is_zero("−0.01")
    m = mutation.NumberMutant("docs/x.md", 2, 5, "sign", "−0.25", "0.25", "checked")
    assert mutation.apply_number(m, "a\nsays −0.25 here\n") == "a\nsays 0.25 here\n"
    with pytest.raises(mutation.MutationError):
        mutation.apply_number(m, "a\nsays 0.125 here\n")


SAMPLE_DIGITS, SAMPLE_SIGNS, SEED = 50, 10, 16
KNOWN_REASONS = (mutation.NOW_A_GIVEN, mutation.NO_LONGER_READ)

REGION_PAGE = """---
givens: [2]
---

# Tiny

<!-- check: snippets/tiny.py:claims_tiny -->

One step gives $4$,
then $\\theta^{7}$,
then $9$ and $-6$.
"""
REGION_SNIPPET = """def claims_tiny():
    return [("step", 4), ("exponent", 7), ("last", 9), ("sign", -6)]
"""


def test_a_changed_number_is_reported_on_its_line_or_the_reason_is_named(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "tiny.md").write_text(REGION_PAGE, encoding="utf-8")
    (tmp_path / "snippets" / "tiny.py").write_text(REGION_SNIPPET)
    page = tmp_path / "docs" / "tiny.md"
    assert check_examples.check(tmp_path / "docs", tmp_path, pages=[page],
                                cache=mutation.checker_cache(tmp_path)).problems == []
    numbers = {n.before: n for n in mutation.number_mutants(page, tmp_path, random.Random(0))[0]
               if n.kind == "digit"}
    assert set(numbers) == {"4", "7", "9", "-6"}

    def judged(text, after):
        m = numbers[text]
        return mutation.judge_number(mutation.NumberMutant(m.page, m.line, m.col, "digit", text, after,
                                                           m.number_kind), tmp_path)

    assert judged("4", "5")[0] == "exact" and judged("4", "5")[1].startswith("docs/tiny.md:9:")
    assert judged("-6", "-5")[1].startswith("docs/tiny.md:11:")
    verdict, why = judged("4", "2")  # 2 is a given, yet the checker finds the result that took its value
    assert verdict == "exact" and why.startswith("docs/tiny.md:9: ") and "also listed under givens" in why
    verdict, why = judged("7", "2")  # θ^{2} is a square, not data
    assert verdict == "elsewhere" and why.startswith(mutation.NO_LONGER_READ + "; docs/tiny.md:11:")
    assert page.read_text(encoding="utf-8") == REGION_PAGE  # restored after each change


@pytest.mark.build
def test_changing_a_digit_or_sign_anywhere_on_the_site_fails_on_that_page_and_line(built_site, project_builds):
    """Seeded sample across all pages: each change is reported at exactly its page and line.

    Changing a page's text changes none of its numbers' transcripts (what the snippets compute),
    so the copy starts with the ones the run's build computed (the checker's cache, keyed by the
    snippets' content): only the pages are checked again, not the snippets run again."""
    scratch = mutation.scratch_copy()
    try:
        with project_builds.lock():
            shutil.copytree(ROOT / ".cache" / "build", mutation.checker_cache(scratch))
        rng = random.Random(SEED)
        mutants = []
        for page in sorted((scratch / "docs").rglob("*.md")):
            mutants += mutation.number_mutants(page, scratch, rng)[0]
        digits = [m for m in mutants if m.kind == "digit"]
        signs = [m for m in mutants if m.kind == "sign"]
        assert len(digits) >= 1000 and len(signs) >= 20
        chosen = rng.sample(digits, SAMPLE_DIGITS) + rng.sample(signs, SAMPLE_SIGNS)
        assert len({m.page for m in chosen}) >= 5
        for m in chosen:
            verdict, problem = mutation.judge_number(m, scratch)
            if verdict == "elsewhere" and problem.startswith(KNOWN_REASONS):
                # The changed number became a given or stopped being read: the page still fails
                # (one number fewer in its block or region), at the next number or the end.
                assert problem.split("; ", 1)[1].startswith(f"{m.page}:")
                continue
            assert verdict == "exact", f"{m.where}: {m.before} → {m.after} ({m.kind}): {verdict} {problem}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_the_readme_section_shows_the_last_catch_rates(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Site\n\n<!-- mutation:start -->\nold\n<!-- mutation:end -->\n\n## Layout\n")
    code = {"date": "D1", "seconds": 600.0, "seed": 16, "sites": 4000, "mutants": 4, "caught_by_tests": 2,
            "caught_only_by_checker": 1, "survived": 1, "catch_rate": 75.0, "in_transcripts": 1,
            "in_transcripts_caught": 1, "elsewhere_caught_by_tests": 2,
            "per_snippet": {"a.py": {"mutants": 4, "tests": 2, "checker": 1, "survived": 1, "error": 0}},
            "survivors": ["snippets/a.py:3 (f): `<` → `<=` in `x < 1`"], "errors": []}
    numbers = {"date": "D2", "seconds": 60.0, "seed": 16, "sample": None, "mutations_available": 3,
               "givens_not_mutated": 7, "signed_zeros_not_mutated": 1,
               "digit": {"mutants": 2, "exact": 2, "elsewhere": 0, "missed": 0, "crashed": 0, "catch_rate": 100.0},
               "sign": {"mutants": 1, "exact": 0, "elsewhere": 0, "missed": 1, "crashed": 0, "catch_rate": 0.0},
               "survivors": ["docs/a.md:9: sign −0.5 → 0.5 (checked): missed"]}
    mutation.update_readme({"cores": 2, "code": code, "numbers": numbers}, readme)
    text = readme.read_text()
    assert text.startswith("# Site\n\n<!-- mutation:start -->\n_Measured by `make mutation` on 2 cores")
    assert text.endswith("<!-- mutation:end -->\n\n## Layout\n") and "old" not in text
    assert "**75 % caught**, 50.0 % by the snippets' own tests" in text
    assert "| a.py | 4 | 2 | 1 | 1 |" in text and "| **all** | 4 | 2 | 1 | 1 |" in text
    assert "digits **100 %** and signs **0 %**" in text and "7 givens" in text
    assert "| sign removed | 1 | 0 | 0 | 1 | 0 |" in text
    assert "- snippets/a.py:3 (f): `<` → `<=` in `x < 1`" in text and "- docs/a.md:9: sign −0.5" in text
    readme.write_text("# no section\n")
    with pytest.raises(SystemExit, match="mutation:start"):
        mutation.update_readme({"cores": 2, "code": code}, readme)
