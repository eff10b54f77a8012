"""Figures: drawn from the snippets, light and dark, byte-identical from run to run."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import make_figures
from conftest import ROOT


# matplotlib names a marker or clip path after a hash of what it draws, its colour included.
HASHED_ID = re.compile(r"\b([a-z]{1,2})[0-9a-f]{10}\b")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def uncoloured(svg: str) -> str:
    """An SVG file's text with every colour blanked and hashed ids numbered in order of use."""
    ids: dict[str, str] = {}
    return HASHED_ID.sub(lambda m: ids.setdefault(m.group(0), f"{m.group(1)}{len(ids)}"),
                         COLOUR.sub("#colour", svg))


def test_uncoloured_sees_past_colours_and_their_ids_only():
    a = '<path id="m7fa0859036" d="M 0 0"/><use xlink:href="#m7fa0859036" style="fill: #0969da"/>'
    b = '<path id="m851632d724" d="M 0 0"/><use xlink:href="#m851632d724" style="fill: #58a6ff"/>'
    assert uncoloured(a) == uncoloured(b)
    assert uncoloured(a) != uncoloured(b.replace("M 0 0", "M 0 1"))  # a shape moved
    assert uncoloured(a) != uncoloured(b.replace('href="#m851632d724"', 'href="#m0000000000"'))


def test_figures_are_deterministic_and_come_in_pairs(tmp_path, project_builds):
    """Each figure drawn afresh in this process gives the bytes an earlier build drew.

    Every light variant is drawn again. A dark variant runs the same drawing code with the dark
    palette (and matplotlib's dark_background style, colours only): where its file is the light one with other colours (every colour, and the ids
    matplotlib derives from them, aside: all but a few figures), its bytes are fixed once the
    light one's are, and only one of them is drawn again, to run the dark palette. A dark variant
    that differs in more than colour (a raster image in the palette's colours) is drawn again."""
    built = project_builds.figures()  # drawn by an earlier build (or now, if the cache was stale)
    assert built
    for name in built:
        twin = name.replace("-dark.svg", ".svg") if name.endswith("-dark.svg") else \
            name.replace(".svg", "-dark.svg")
        assert twin in built, f"{name} has no light/dark twin"
    light, dark = built["forward-pass-network.svg"], built["forward-pass-network-dark.svg"]
    assert light.read_bytes() != dark.read_bytes()
    assert "#e6edf3" in dark.read_text() and "#1f2328" in light.read_text()

    def recoloured(name):
        twin = built[name.removesuffix("-dark.svg") + ".svg"]
        return uncoloured(built[name].read_text()) == uncoloured(twin.read_text())
    drawn = []
    for module_path in make_figures.figure_modules():
        figures = make_figures.load_module(module_path)
        missing = [f"{name}.svg" for name in figures if f"{name}.svg" not in built]
        assert not missing, f"{module_path.name} draws {missing}, which the build did not draw"
        for name in sorted(figures):
            for palette, suffix in ((make_figures.LIGHT, ""), (make_figures.DARK, "-dark")):
                file = f"{name}{suffix}.svg"
                if palette is make_figures.LIGHT or file == dark.name or not recoloured(file):
                    make_figures.render(figures[name], palette, tmp_path / file)
                    drawn.append(file)
    assert sorted(name for name in drawn if not name.endswith("-dark.svg")) == \
        sorted(name for name in built if not name.endswith("-dark.svg"))
    for name in drawn:
        assert (tmp_path / name).read_bytes() == built[name].read_bytes(), f"{name} differs between runs"


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
