"""Every snippet: runnable, doctested, NumPy + standard library only, and tested by a mirror file."""
from __future__ import annotations

import ast
import doctest
import importlib
import subprocess
import sys

import pytest

from conftest import ROOT

SNIPPETS = sorted(p for p in (ROOT / "snippets").glob("*.py") if not p.name.startswith("_"))
NAMES = [p.stem for p in SNIPPETS]
ALLOWED = {"numpy", "__future__"} | set(sys.stdlib_module_names) | set(NAMES)


def test_there_are_snippets():
    assert SNIPPETS


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_doctests_pass_as_a_reader_runs_them(path):
    result = subprocess.run([sys.executable, "-m", "doctest", str(path)], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    module = importlib.import_module(path.stem)
    tests = doctest.DocTestFinder().find(module)
    assert sum(len(t.examples) for t in tests) >= 3, f"{path.name} needs doctests"


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_running_a_snippet_prints_its_worked_example(path):
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") >= 5 and result.stderr == ""


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_imports_only_numpy_stdlib_and_sibling_snippets(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] in ALLOWED, f"{path.name} imports {name}"
    assert "matplotlib" not in path.read_text(), "no plotting in snippets: figures live in scripts/"


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_snippet_names_do_not_shadow_the_standard_library(path):
    assert path.stem not in sys.stdlib_module_names, f"rename {path.name}: it hides a stdlib module"


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_each_snippet_has_a_mirrored_test_file(path):
    assert (ROOT / "tests" / "snippets" / f"test_{path.stem}.py").is_file()


@pytest.mark.parametrize("path", SNIPPETS, ids=NAMES)
def test_section_markers_are_balanced(path):
    text = path.read_text(encoding="utf-8")
    starts = [m for m in text.splitlines() if "--8<-- [start:" in m]
    ends = [m for m in text.splitlines() if "--8<-- [end:" in m]
    assert [s.split("start:")[1] for s in starts] == [e.split("end:")[1] for e in ends]


def included_sections():
    """(page, snippet file, section) for every --8<-- include in the pages."""
    import re

    out = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for ref in re.findall(r"(snippets/[\w/]+\.py):(\w+)", page.read_text(encoding="utf-8")):
            out.append((page.name, *ref))
    return out


@pytest.mark.parametrize("page, snippet, section", included_sections())
def test_included_sections_exist_and_fit_the_code_block(page, snippet, section):
    """A section the page shows exists, and no line is wider than a code block (80 columns)."""
    text = (ROOT / snippet).read_text(encoding="utf-8")
    start, end = f"# --8<-- [start:{section}]", f"# --8<-- [end:{section}]"
    if start not in text:  # a check marker names a function, not a section
        assert f"def {section}(" in text, f"{page}: {snippet} has no section or function {section!r}"
        return
    body = text.split(start, 1)[1].split(end, 1)[0]
    long = [line for line in body.splitlines() if len(line) > 80]
    assert not long, f"{page} shows {snippet}:{section} with lines over 80 columns: {long}"


def test_the_transcript_checker_of_the_snippet_tests_fails_when_it_should():
    """tests/snippets/transcript_check.py compares transcripts with independent values: it must
    reject a wrong value, a missing name, an unchecked entry and a wrong number of occurrences."""
    sys.path.insert(0, str(ROOT / "tests" / "snippets"))
    try:
        from transcript_check import check, each, near
    finally:
        sys.path.remove(str(ROOT / "tests" / "snippets"))
    t = [("a", 1.0), ("b", [1.0, 2.0]), ("a", 1.0), ("c", 3.0), ("c", 4.0)]
    check(t, {"a": 1.0, "b": [1.0, 2.0], "c": each(3.0, 4.0)}, complete=True)
    check(t, {"a": near(1.05, rtol=0.1), "c": each(near(3.3, rtol=0.2), 4.0)})
    with pytest.raises(AssertionError):
        check(t, {"a": near(1.05, rtol=0.01)})
    for expected, complete in [({"a": 1.1}, False), ({"b": [1.0, 2.5]}, False), ({"b": [1.0]}, False),
                               ({"d": 0.0}, False), ({"a": 1.0, "b": [1.0, 2.0]}, True),
                               ({"c": each(3.0)}, False), ({"c": each(4.0, 3.0)}, False)]:
        with pytest.raises(AssertionError):
            check(t, expected, complete=complete)
