"""Figures: drawn from the snippets, light and dark, byte-identical from run to run."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import make_figures
from conftest import ROOT


def test_figures_are_deterministic_and_come_in_pairs(tmp_path, project_builds):
    second = project_builds.figures()  # drawn by an earlier build (or now, if the cache was stale)
    messages = []
    first = make_figures.build(tmp_path, log=messages.append)  # an empty cache: all are stale
    assert messages and "drew" in messages[0]
    assert first and sorted(first) == sorted(second)
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), f"{name} differs between runs"
        twin = name.replace("-dark.svg", ".svg") if name.endswith("-dark.svg") else \
            name.replace(".svg", "-dark.svg")
        assert twin in first, f"{name} has no light/dark twin"
    light, dark = first["forward-pass-network.svg"], first["forward-pass-network-dark.svg"]
    assert light.read_bytes() != dark.read_bytes()
    assert "#e6edf3" in dark.read_text() and "#1f2328" in light.read_text()


def test_stale_figures_are_redrawn_and_fresh_ones_are_not(tmp_path, project_builds):
    project_builds.copy_caches(tmp_path)  # the project's figure cache, up to date
    out = tmp_path / "figures"
    messages = []
    make_figures.build(out, log=messages.append)
    assert messages == []  # nothing changed, nothing drawn
    (out / "forward-pass-network.svg").unlink()
    make_figures.build(out, log=messages.append)
    assert len(messages) == 1 and "drew" in messages[0] and "(forward_pass)" in messages[0]
    messages.clear()
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["backprop"]["hash"] = "drawn from older sources"
    (out / "manifest.json").write_text(json.dumps(manifest))
    make_figures.build(out, log=messages.append)
    assert len(messages) == 1 and "drew" in messages[0] and "(backprop)" in messages[0]


def test_figure_sources_include_the_snippets_they_import():
    module = ROOT / "scripts" / "figure_defs" / "forward_pass.py"
    assert ROOT / "snippets" / "forward_pass.py" in make_figures.snippet_imports(module)


def test_every_figure_is_used_on_a_page_with_alt_text(project_builds):
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    used = dict(re.findall(r"!\[([^\]]*)\]\(figures/([\w-]+\.svg)#only-(?:light|dark)\)", pages)[::-1])
    used = {src: alt for alt, src in re.findall(r"!\[([^\]]*)\]\(figures/([\w-]+\.svg)#", pages)}
    for name in project_builds.figures():
        assert name in used, f"figure {name} is drawn but no page shows it"
        assert len(used[name]) > 40, f"figure {name} needs alt text that says what it shows"


# ---------------------------------------------------------------------------
# Staleness follows imports through other snippets (a scratch project).

CHAIN_FIGURE = '''from top import VALUE


def draw(fig, palette):
    fig.add_subplot().plot([0, 1], [0, VALUE], color=palette.series[0])


FIGURES = {"chain": draw}
'''
PLAIN_FIGURE = CHAIN_FIGURE.replace("from top import", "from unrelated import").replace('"chain"', '"plain"')


def scratch_figures(tmp_path):
    """scripts/make_figures.py with two figure modules and five snippets:
    figure chain -> top.py -> mid.py -> base.py -> top.py (a cycle); figure plain -> unrelated.py;
    lonely.py is imported by nobody."""
    (tmp_path / "scripts" / "figure_defs").mkdir(parents=True)
    (tmp_path / "snippets").mkdir()
    (tmp_path / "scripts" / "make_figures.py").write_bytes((ROOT / "scripts" / "make_figures.py").read_bytes())
    (tmp_path / "scripts" / "figure_defs" / "chain.py").write_text(CHAIN_FIGURE)
    (tmp_path / "scripts" / "figure_defs" / "plain.py").write_text(PLAIN_FIGURE)
    snippets = {
        "top.py": "import numpy as np\n\nfrom mid import VALUE  # noqa: F401\n",
        "mid.py": "import math\n\nfrom base import VALUE  # noqa: F401\n",
        "base.py": "VALUE = 1.0\n\n\ndef back_to_the_top():\n    import top  # a cycle\n    return top\n",
        "unrelated.py": "VALUE = 2.0\n",
        "lonely.py": "VALUE = 3.0\n",
    }
    for name, text in snippets.items():
        (tmp_path / "snippets" / name).write_text(text)
    return tmp_path


def run_make_figures(project):
    result = subprocess.run([sys.executable, str(project / "scripts" / "make_figures.py"),
                             "--out", str(project / "out")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    drawn = re.search(r"drew \d+ SVG files \(([\w, ]+)\)", result.stdout)
    return sorted(drawn.group(1).split(", ")) if drawn else []


def test_figure_sources_follow_imports_through_snippets_and_cycles(tmp_path):
    project = scratch_figures(tmp_path)
    snippets = project / "snippets"
    deps = make_figures.snippet_imports(project / "scripts" / "figure_defs" / "chain.py", snippets)
    assert deps == [snippets / "base.py", snippets / "mid.py", snippets / "top.py"]
    deps = make_figures.snippet_imports(project / "scripts" / "figure_defs" / "plain.py", snippets)
    assert deps == [snippets / "unrelated.py"]


def test_a_change_deep_in_the_import_chain_redraws_and_an_unrelated_one_does_not(tmp_path):
    project = scratch_figures(tmp_path)
    assert run_make_figures(project) == ["chain", "plain"]
    assert run_make_figures(project) == []
    base = project / "snippets" / "base.py"
    base.write_text(base.read_text().replace("VALUE = 1.0", "VALUE = 1.5"))  # two imports away
    assert run_make_figures(project) == ["chain"]
    (project / "snippets" / "lonely.py").write_text("VALUE = 4.0\n")  # imported by no figure
    assert run_make_figures(project) == []
    (project / "snippets" / "unrelated.py").write_text("VALUE = 2.5\n")
    assert run_make_figures(project) == ["plain"]
    assert run_make_figures(project) == []


def test_the_site_figures_depend_on_what_their_snippets_import():
    backprop = make_figures.snippet_imports(ROOT / "scripts" / "figure_defs" / "backprop.py")
    # backprop.py imports derivatives.py, which imports forward_pass.py
    assert {ROOT / "snippets" / n for n in ("backprop.py", "derivatives.py", "forward_pass.py")} <= set(backprop)
    assert ROOT / "snippets" / "optimizers.py" not in backprop
